/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sb-run.h"
#include "sb-model-private.h"

struct _SbRun
{
  GObject parent_instance;

  gint64 id;
  gint64 integration_id;
  SbRunStatus status;
  GDateTime *started_at;
  GDateTime *finished_at;
  guint items_read;
  guint items_created;
  guint items_updated;
  guint items_failed;
  char *error;

  /* Plain fields: nothing binds to these. */
  char *trigger_kind;
  JsonNode *trigger_input;
  gboolean catch_up;
  gint64 replay_of;
  GDateTime *queued_at;
  guint attempt;
  guint start_step;
  gboolean cancel_requested;
};

G_DEFINE_FINAL_TYPE (SbRun, sb_run, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_INTEGRATION_ID,
  PROP_STATUS,
  PROP_STARTED_AT,
  PROP_FINISHED_AT,
  PROP_ITEMS_READ,
  PROP_ITEMS_CREATED,
  PROP_ITEMS_UPDATED,
  PROP_ITEMS_FAILED,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sb_run_finalize (GObject *object)
{
  SbRun *self = (SbRun *)object;

  g_clear_pointer (&self->started_at, g_date_time_unref);
  g_clear_pointer (&self->finished_at, g_date_time_unref);
  g_free (self->error);
  g_free (self->trigger_kind);
  g_clear_pointer (&self->trigger_input, json_node_unref);
  g_clear_pointer (&self->queued_at, g_date_time_unref);

  G_OBJECT_CLASS (sb_run_parent_class)->finalize (object);
}

static void
sb_run_get_property (GObject    *object,
                    guint       prop_id,
                    GValue     *value,
                    GParamSpec *pspec)
{
  SbRun *self = SB_RUN (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_INTEGRATION_ID:
      g_value_set_int64 (value, self->integration_id);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_STARTED_AT:
      g_value_set_boxed (value, self->started_at);
      break;
    case PROP_FINISHED_AT:
      g_value_set_boxed (value, self->finished_at);
      break;
    case PROP_ITEMS_READ:
      g_value_set_uint (value, self->items_read);
      break;
    case PROP_ITEMS_CREATED:
      g_value_set_uint (value, self->items_created);
      break;
    case PROP_ITEMS_UPDATED:
      g_value_set_uint (value, self->items_updated);
      break;
    case PROP_ITEMS_FAILED:
      g_value_set_uint (value, self->items_failed);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_run_set_property (GObject      *object,
                    guint         prop_id,
                    const GValue *value,
                    GParamSpec   *pspec)
{
  SbRun *self = SB_RUN (object);

  switch (prop_id)
    {
    case PROP_ID:
      sb_run_set_id (self, g_value_get_int64 (value));
      break;
    case PROP_INTEGRATION_ID:
      sb_run_set_integration_id (self, g_value_get_int64 (value));
      break;
    case PROP_STATUS:
      sb_run_set_status (self, g_value_get_enum (value));
      break;
    case PROP_STARTED_AT:
      sb_run_set_started_at (self, g_value_get_boxed (value));
      break;
    case PROP_FINISHED_AT:
      sb_run_set_finished_at (self, g_value_get_boxed (value));
      break;
    case PROP_ITEMS_READ:
      sb_run_set_items_read (self, g_value_get_uint (value));
      break;
    case PROP_ITEMS_CREATED:
      sb_run_set_items_created (self, g_value_get_uint (value));
      break;
    case PROP_ITEMS_UPDATED:
      sb_run_set_items_updated (self, g_value_get_uint (value));
      break;
    case PROP_ITEMS_FAILED:
      sb_run_set_items_failed (self, g_value_get_uint (value));
      break;
    case PROP_ERROR:
      sb_run_set_error (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_run_class_init (SbRunClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sb_run_finalize;
  object_class->get_property = sb_run_get_property;
  object_class->set_property = sb_run_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INTEGRATION_ID] =
    g_param_spec_int64 ("integration-id", NULL, NULL, 0, G_MAXINT64, 0,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, SB_TYPE_RUN_STATUS, SB_RUN_STATUS_QUEUED,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STARTED_AT] =
    g_param_spec_boxed ("started-at", NULL, NULL, G_TYPE_DATE_TIME,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FINISHED_AT] =
    g_param_spec_boxed ("finished-at", NULL, NULL, G_TYPE_DATE_TIME,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ITEMS_READ] =
    g_param_spec_uint ("items-read", NULL, NULL, 0, G_MAXUINT, 0,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ITEMS_CREATED] =
    g_param_spec_uint ("items-created", NULL, NULL, 0, G_MAXUINT, 0,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ITEMS_UPDATED] =
    g_param_spec_uint ("items-updated", NULL, NULL, 0, G_MAXUINT, 0,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ITEMS_FAILED] =
    g_param_spec_uint ("items-failed", NULL, NULL, 0, G_MAXUINT, 0,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sb_run_init (SbRun *self)
{
  self->status = SB_RUN_STATUS_QUEUED;
}

SbRun *
sb_run_new (void)
{
  return g_object_new (SB_TYPE_RUN, NULL);
}

gint64
sb_run_get_id (SbRun *self)
{
  g_return_val_if_fail (SB_IS_RUN (self), 0);
  return self->id;
}

void
sb_run_set_id (SbRun *self,
               gint64 id)
{
  g_return_if_fail (SB_IS_RUN (self));

  if (self->id == id)
    return;
  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

gint64
sb_run_get_integration_id (SbRun *self)
{
  g_return_val_if_fail (SB_IS_RUN (self), 0);
  return self->integration_id;
}

void
sb_run_set_integration_id (SbRun *self,
                           gint64 integration_id)
{
  g_return_if_fail (SB_IS_RUN (self));

  if (self->integration_id == integration_id)
    return;
  self->integration_id = integration_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTEGRATION_ID]);
}

SbRunStatus
sb_run_get_status (SbRun *self)
{
  g_return_val_if_fail (SB_IS_RUN (self), 0);
  return self->status;
}

void
sb_run_set_status (SbRun *self,
                   SbRunStatus status)
{
  g_return_if_fail (SB_IS_RUN (self));

  if (self->status == status)
    return;
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

GDateTime *
sb_run_get_started_at (SbRun *self)
{
  g_return_val_if_fail (SB_IS_RUN (self), NULL);
  return self->started_at;
}

void
sb_run_set_started_at (SbRun *self,
                       GDateTime *started_at)
{
  g_return_if_fail (SB_IS_RUN (self));

  if (sb_set_datetime (&self->started_at, started_at))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STARTED_AT]);
}

GDateTime *
sb_run_get_finished_at (SbRun *self)
{
  g_return_val_if_fail (SB_IS_RUN (self), NULL);
  return self->finished_at;
}

void
sb_run_set_finished_at (SbRun *self,
                        GDateTime *finished_at)
{
  g_return_if_fail (SB_IS_RUN (self));

  if (sb_set_datetime (&self->finished_at, finished_at))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINISHED_AT]);
}

guint
sb_run_get_items_read (SbRun *self)
{
  g_return_val_if_fail (SB_IS_RUN (self), 0);
  return self->items_read;
}

void
sb_run_set_items_read (SbRun *self,
                       guint items_read)
{
  g_return_if_fail (SB_IS_RUN (self));

  if (self->items_read == items_read)
    return;
  self->items_read = items_read;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEMS_READ]);
}

guint
sb_run_get_items_created (SbRun *self)
{
  g_return_val_if_fail (SB_IS_RUN (self), 0);
  return self->items_created;
}

void
sb_run_set_items_created (SbRun *self,
                          guint items_created)
{
  g_return_if_fail (SB_IS_RUN (self));

  if (self->items_created == items_created)
    return;
  self->items_created = items_created;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEMS_CREATED]);
}

guint
sb_run_get_items_updated (SbRun *self)
{
  g_return_val_if_fail (SB_IS_RUN (self), 0);
  return self->items_updated;
}

void
sb_run_set_items_updated (SbRun *self,
                          guint items_updated)
{
  g_return_if_fail (SB_IS_RUN (self));

  if (self->items_updated == items_updated)
    return;
  self->items_updated = items_updated;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEMS_UPDATED]);
}

guint
sb_run_get_items_failed (SbRun *self)
{
  g_return_val_if_fail (SB_IS_RUN (self), 0);
  return self->items_failed;
}

void
sb_run_set_items_failed (SbRun *self,
                         guint items_failed)
{
  g_return_if_fail (SB_IS_RUN (self));

  if (self->items_failed == items_failed)
    return;
  self->items_failed = items_failed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEMS_FAILED]);
}

const char *
sb_run_get_error (SbRun *self)
{
  g_return_val_if_fail (SB_IS_RUN (self), NULL);
  return self->error;
}

void
sb_run_set_error (SbRun *self,
                  const char *error)
{
  g_return_if_fail (SB_IS_RUN (self));

  if (sb_set_string (&self->error, error))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}


const char *
sb_run_get_trigger_kind (SbRun *self)
{
  g_return_val_if_fail (SB_IS_RUN (self), NULL);
  return self->trigger_kind != NULL ? self->trigger_kind : "manual";
}

void
sb_run_set_trigger_kind (SbRun      *self,
                         const char *kind)
{
  g_return_if_fail (SB_IS_RUN (self));
  sb_set_string (&self->trigger_kind, kind);
}

JsonNode *
sb_run_get_trigger_input (SbRun *self)
{
  g_return_val_if_fail (SB_IS_RUN (self), NULL);
  return self->trigger_input;
}

void
sb_run_set_trigger_input (SbRun    *self,
                          JsonNode *input)
{
  g_return_if_fail (SB_IS_RUN (self));

  if (input == self->trigger_input)
    return;
  g_clear_pointer (&self->trigger_input, json_node_unref);
  if (input != NULL)
    self->trigger_input = json_node_ref (input);
}

gboolean
sb_run_get_catch_up (SbRun *self)
{
  g_return_val_if_fail (SB_IS_RUN (self), FALSE);
  return self->catch_up;
}

void
sb_run_set_catch_up (SbRun    *self,
                     gboolean  catch_up)
{
  g_return_if_fail (SB_IS_RUN (self));
  self->catch_up = !!catch_up;
}

gint64
sb_run_get_replay_of (SbRun *self)
{
  g_return_val_if_fail (SB_IS_RUN (self), 0);
  return self->replay_of;
}

void
sb_run_set_replay_of (SbRun  *self,
                      gint64  run_id)
{
  g_return_if_fail (SB_IS_RUN (self));
  self->replay_of = run_id;
}

GDateTime *
sb_run_get_queued_at (SbRun *self)
{
  g_return_val_if_fail (SB_IS_RUN (self), NULL);
  return self->queued_at;
}

void
sb_run_set_queued_at (SbRun     *self,
                      GDateTime *queued_at)
{
  g_return_if_fail (SB_IS_RUN (self));

  if (queued_at != NULL)
    g_date_time_ref (queued_at);
  g_clear_pointer (&self->queued_at, g_date_time_unref);
  self->queued_at = queued_at;
}

guint
sb_run_get_attempt (SbRun *self)
{
  g_return_val_if_fail (SB_IS_RUN (self), 1);
  return MAX (self->attempt, 1);
}

void
sb_run_set_attempt (SbRun *self,
                    guint  attempt)
{
  g_return_if_fail (SB_IS_RUN (self));
  self->attempt = attempt;
}

guint
sb_run_get_start_step (SbRun *self)
{
  g_return_val_if_fail (SB_IS_RUN (self), 0);
  return self->start_step;
}

void
sb_run_set_start_step (SbRun *self,
                       guint  index)
{
  g_return_if_fail (SB_IS_RUN (self));
  self->start_step = index;
}

gboolean
sb_run_get_cancel_requested (SbRun *self)
{
  g_return_val_if_fail (SB_IS_RUN (self), FALSE);
  return self->cancel_requested;
}

void
sb_run_set_cancel_requested (SbRun    *self,
                             gboolean  requested)
{
  g_return_if_fail (SB_IS_RUN (self));
  self->cancel_requested = !!requested;
}

gboolean
sb_run_is_finished (SbRun *self)
{
  g_return_val_if_fail (SB_IS_RUN (self), FALSE);
  return self->status != SB_RUN_STATUS_QUEUED && self->status != SB_RUN_STATUS_RUNNING;
}
