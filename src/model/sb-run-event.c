/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sb-run-event.h"
#include "sb-model-private.h"

struct _SbRunEvent
{
  GObject parent_instance;

  gint64 id;
  gint64 run_id;
  GDateTime *at;
  SbRunEventLevel level;
  char *step_id;
  char *message;
  JsonNode *data;
  /* The data as the store holds it, not parsed yet (see sb_run_event_load_data_text ()). */
  char *unparsed_data;
};

G_DEFINE_FINAL_TYPE (SbRunEvent, sb_run_event, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_RUN_ID,
  PROP_AT,
  PROP_LEVEL,
  PROP_STEP_ID,
  PROP_MESSAGE,
  PROP_DATA,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sb_run_event_finalize (GObject *object)
{
  SbRunEvent *self = (SbRunEvent *)object;

  g_clear_pointer (&self->at, g_date_time_unref);
  g_free (self->step_id);
  g_free (self->message);
  g_clear_pointer (&self->data, json_node_unref);
  g_free (self->unparsed_data);

  G_OBJECT_CLASS (sb_run_event_parent_class)->finalize (object);
}

static void
sb_run_event_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SbRunEvent *self = SB_RUN_EVENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_RUN_ID:
      g_value_set_int64 (value, self->run_id);
      break;
    case PROP_AT:
      g_value_set_boxed (value, self->at);
      break;
    case PROP_LEVEL:
      g_value_set_enum (value, self->level);
      break;
    case PROP_STEP_ID:
      g_value_set_string (value, self->step_id);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_DATA:
      g_value_set_boxed (value, sb_run_event_get_data (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_run_event_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  SbRunEvent *self = SB_RUN_EVENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      sb_run_event_set_id (self, g_value_get_int64 (value));
      break;
    case PROP_RUN_ID:
      sb_run_event_set_run_id (self, g_value_get_int64 (value));
      break;
    case PROP_AT:
      sb_run_event_set_at (self, g_value_get_boxed (value));
      break;
    case PROP_LEVEL:
      sb_run_event_set_level (self, g_value_get_enum (value));
      break;
    case PROP_STEP_ID:
      sb_run_event_set_step_id (self, g_value_get_string (value));
      break;
    case PROP_MESSAGE:
      sb_run_event_set_message (self, g_value_get_string (value));
      break;
    case PROP_DATA:
      sb_run_event_set_data (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_run_event_class_init (SbRunEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sb_run_event_finalize;
  object_class->get_property = sb_run_event_get_property;
  object_class->set_property = sb_run_event_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUN_ID] =
    g_param_spec_int64 ("run-id", NULL, NULL, 0, G_MAXINT64, 0,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AT] =
    g_param_spec_boxed ("at", NULL, NULL, G_TYPE_DATE_TIME,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LEVEL] =
    g_param_spec_enum ("level", NULL, NULL, SB_TYPE_RUN_EVENT_LEVEL, SB_RUN_EVENT_LEVEL_INFO,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STEP_ID] =
    g_param_spec_string ("step-id", NULL, NULL, NULL,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATA] =
    g_param_spec_boxed ("data", NULL, NULL, JSON_TYPE_NODE,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sb_run_event_init (SbRunEvent *self)
{
  self->level = SB_RUN_EVENT_LEVEL_INFO;
}

SbRunEvent *
sb_run_event_new (void)
{
  return g_object_new (SB_TYPE_RUN_EVENT, NULL);
}

gint64
sb_run_event_get_id (SbRunEvent *self)
{
  g_return_val_if_fail (SB_IS_RUN_EVENT (self), 0);
  return self->id;
}

void
sb_run_event_set_id (SbRunEvent *self,
                     gint64      id)
{
  g_return_if_fail (SB_IS_RUN_EVENT (self));

  if (self->id == id)
    return;
  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

gint64
sb_run_event_get_run_id (SbRunEvent *self)
{
  g_return_val_if_fail (SB_IS_RUN_EVENT (self), 0);
  return self->run_id;
}

void
sb_run_event_set_run_id (SbRunEvent *self,
                         gint64      run_id)
{
  g_return_if_fail (SB_IS_RUN_EVENT (self));

  if (self->run_id == run_id)
    return;
  self->run_id = run_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUN_ID]);
}

GDateTime *
sb_run_event_get_at (SbRunEvent *self)
{
  g_return_val_if_fail (SB_IS_RUN_EVENT (self), NULL);
  return self->at;
}

void
sb_run_event_set_at (SbRunEvent *self,
                     GDateTime  *at)
{
  g_return_if_fail (SB_IS_RUN_EVENT (self));

  if (sb_set_datetime (&self->at, at))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AT]);
}

SbRunEventLevel
sb_run_event_get_level (SbRunEvent *self)
{
  g_return_val_if_fail (SB_IS_RUN_EVENT (self), SB_RUN_EVENT_LEVEL_INFO);
  return self->level;
}

void
sb_run_event_set_level (SbRunEvent      *self,
                        SbRunEventLevel  level)
{
  g_return_if_fail (SB_IS_RUN_EVENT (self));

  if (self->level == level)
    return;
  self->level = level;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEVEL]);
}

const char *
sb_run_event_get_step_id (SbRunEvent *self)
{
  g_return_val_if_fail (SB_IS_RUN_EVENT (self), NULL);
  return self->step_id;
}

void
sb_run_event_set_step_id (SbRunEvent *self,
                          const char *step_id)
{
  g_return_if_fail (SB_IS_RUN_EVENT (self));

  if (sb_set_string (&self->step_id, step_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP_ID]);
}

const char *
sb_run_event_get_message (SbRunEvent *self)
{
  g_return_val_if_fail (SB_IS_RUN_EVENT (self), NULL);
  return self->message;
}

void
sb_run_event_set_message (SbRunEvent *self,
                          const char *message)
{
  g_return_if_fail (SB_IS_RUN_EVENT (self));

  if (sb_set_string (&self->message, message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

JsonNode *
sb_run_event_get_data (SbRunEvent *self)
{
  g_return_val_if_fail (SB_IS_RUN_EVENT (self), NULL);

  if (self->unparsed_data != NULL)
    {
      g_autofree char *text = g_steal_pointer (&self->unparsed_data);
      g_autoptr(GError) error = NULL;

      self->data = json_from_string (text, &error);
      if (self->data != NULL)
        json_node_seal (self->data);
      else if (error != NULL)
        g_warning ("Ignoring data of run event %" G_GINT64_FORMAT " that does not parse: %s",
                   self->id, error->message);
    }

  return self->data;
}

void
sb_run_event_set_data (SbRunEvent *self,
                       JsonNode   *data)
{
  g_return_if_fail (SB_IS_RUN_EVENT (self));

  /* Parsed first, so that setting what it holds already changes nothing. */
  sb_run_event_get_data (self);
  if (sb_set_json (&self->data, data))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATA]);
}

/* Parsing the data waits until something asks for it: a log shows the messages of many
 * events, and parsing the data of each took most of the time of reading them. */
void
sb_run_event_load_data_text (SbRunEvent *self,
                             const char *text)
{
  g_return_if_fail (SB_IS_RUN_EVENT (self));

  g_clear_pointer (&self->data, json_node_unref);
  g_free (self->unparsed_data);
  self->unparsed_data = g_strdup (text);
}
