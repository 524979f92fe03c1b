/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-integration.h"
#include "sb-run.h"
#include "sb-search.h"
#include "sb-model-private.h"

struct _SbIntegration
{
  GObject parent_instance;

  gint64 id;
  gint64 organization_id;
  char *name;
  char *description;
  SbIntegrationStatus status;
  JsonNode *trigger;
  JsonNode *steps;
  JsonNode *settings;
  char *purpose;
  gint64 created_by;
  GDateTime *created_at;
  gint64 activated_by;
  GDateTime *activated_at;
  char **services;
  SbRun *last_run;
  JsonNode *draft;
  guint version;
  /* JSON as the store holds it, not parsed yet (see sb_integration_load_json_texts ()). */
  char *unparsed[4];
  /* sb_search_fold () of the name, description and services; NULL until asked for, and
   * again whenever one of them changes. */
  char *search_key;
};

G_DEFINE_FINAL_TYPE (SbIntegration, sb_integration, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_ORGANIZATION_ID,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_STATUS,
  PROP_TRIGGER,
  PROP_STEPS,
  PROP_SETTINGS,
  PROP_PURPOSE,
  PROP_CREATED_BY,
  PROP_CREATED_AT,
  PROP_ACTIVATED_BY,
  PROP_ACTIVATED_AT,
  PROP_SERVICES,
  PROP_LAST_RUN,
  PROP_DRAFT,
  PROP_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The four JSON members a store may hand over as text. Parsing them waits until something
 * asks: a list of 100,000 integrations shows a screenful of them, and a parsed tree weighs
 * about ten times its text. */
typedef enum
{
  LAZY_TRIGGER,
  LAZY_STEPS,
  LAZY_SETTINGS,
  LAZY_DRAFT,
} LazyJson;

static JsonNode **
lazy_field (SbIntegration *self,
            LazyJson       which)
{
  switch (which)
    {
    case LAZY_TRIGGER:
      return &self->trigger;
    case LAZY_STEPS:
      return &self->steps;
    case LAZY_SETTINGS:
      return &self->settings;
    case LAZY_DRAFT:
    default:
      return &self->draft;
    }
}

static JsonNode *
ensure_json (SbIntegration *self,
             LazyJson       which)
{
  JsonNode **field = lazy_field (self, which);

  if (self->unparsed[which] != NULL)
    {
      g_autofree char *text = g_steal_pointer (&self->unparsed[which]);
      g_autoptr(GError) error = NULL;
      JsonNode *node = json_from_string (text, &error);

      g_clear_pointer (field, json_node_unref);
      if (node != NULL)
        {
          json_node_seal (node);
          *field = node;
        }
      else if (error != NULL)
        {
          g_warning ("Ignoring JSON of integration %" G_GINT64_FORMAT " that does not parse: %s",
                     self->id, error->message);
        }
    }

  return *field;
}

static void
sb_integration_dispose (GObject *object)
{
  SbIntegration *self = (SbIntegration *)object;

  g_clear_object (&self->last_run);

  G_OBJECT_CLASS (sb_integration_parent_class)->dispose (object);
}

static void
sb_integration_finalize (GObject *object)
{
  SbIntegration *self = (SbIntegration *)object;

  g_free (self->name);
  g_free (self->description);
  g_clear_pointer (&self->trigger, json_node_unref);
  g_clear_pointer (&self->steps, json_node_unref);
  g_clear_pointer (&self->settings, json_node_unref);
  g_free (self->purpose);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->activated_at, g_date_time_unref);
  g_strfreev (self->services);
  g_clear_pointer (&self->draft, json_node_unref);
  for (guint i = 0; i < G_N_ELEMENTS (self->unparsed); i++)
    g_free (self->unparsed[i]);

  G_OBJECT_CLASS (sb_integration_parent_class)->finalize (object);
}

static void
sb_integration_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SbIntegration *self = SB_INTEGRATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_ORGANIZATION_ID:
      g_value_set_int64 (value, self->organization_id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_TRIGGER:
      g_value_set_boxed (value, ensure_json (self, LAZY_TRIGGER));
      break;
    case PROP_STEPS:
      g_value_set_boxed (value, ensure_json (self, LAZY_STEPS));
      break;
    case PROP_SETTINGS:
      g_value_set_boxed (value, ensure_json (self, LAZY_SETTINGS));
      break;
    case PROP_PURPOSE:
      g_value_set_string (value, self->purpose);
      break;
    case PROP_CREATED_BY:
      g_value_set_int64 (value, self->created_by);
      break;
    case PROP_CREATED_AT:
      g_value_set_boxed (value, self->created_at);
      break;
    case PROP_ACTIVATED_BY:
      g_value_set_int64 (value, self->activated_by);
      break;
    case PROP_ACTIVATED_AT:
      g_value_set_boxed (value, self->activated_at);
      break;
    case PROP_SERVICES:
      g_value_set_boxed (value, self->services);
      break;
    case PROP_LAST_RUN:
      g_value_set_object (value, self->last_run);
      break;
    case PROP_DRAFT:
      g_value_set_boxed (value, ensure_json (self, LAZY_DRAFT));
      break;
    case PROP_VERSION:
      g_value_set_uint (value, self->version);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_integration_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SbIntegration *self = SB_INTEGRATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      sb_integration_set_id (self, g_value_get_int64 (value));
      break;
    case PROP_ORGANIZATION_ID:
      sb_integration_set_organization_id (self, g_value_get_int64 (value));
      break;
    case PROP_NAME:
      sb_integration_set_name (self, g_value_get_string (value));
      break;
    case PROP_DESCRIPTION:
      sb_integration_set_description (self, g_value_get_string (value));
      break;
    case PROP_STATUS:
      sb_integration_set_status (self, g_value_get_enum (value));
      break;
    case PROP_TRIGGER:
      sb_integration_set_trigger (self, g_value_get_boxed (value));
      break;
    case PROP_STEPS:
      sb_integration_set_steps (self, g_value_get_boxed (value));
      break;
    case PROP_SETTINGS:
      sb_integration_set_settings (self, g_value_get_boxed (value));
      break;
    case PROP_PURPOSE:
      sb_integration_set_purpose (self, g_value_get_string (value));
      break;
    case PROP_CREATED_BY:
      sb_integration_set_created_by (self, g_value_get_int64 (value));
      break;
    case PROP_CREATED_AT:
      sb_integration_set_created_at (self, g_value_get_boxed (value));
      break;
    case PROP_ACTIVATED_BY:
      sb_integration_set_activated_by (self, g_value_get_int64 (value));
      break;
    case PROP_ACTIVATED_AT:
      sb_integration_set_activated_at (self, g_value_get_boxed (value));
      break;
    case PROP_SERVICES:
      sb_integration_set_services (self, g_value_get_boxed (value));
      break;
    case PROP_LAST_RUN:
      sb_integration_set_last_run (self, g_value_get_object (value));
      break;
    case PROP_DRAFT:
      sb_integration_set_draft (self, g_value_get_boxed (value));
      break;
    case PROP_VERSION:
      sb_integration_set_version (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_integration_class_init (SbIntegrationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sb_integration_dispose;
  object_class->finalize = sb_integration_finalize;
  object_class->get_property = sb_integration_get_property;
  object_class->set_property = sb_integration_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORGANIZATION_ID] =
    g_param_spec_int64 ("organization-id", NULL, NULL, 0, G_MAXINT64, 0,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, SB_TYPE_INTEGRATION_STATUS, SB_INTEGRATION_STATUS_DRAFT,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRIGGER] =
    g_param_spec_boxed ("trigger", NULL, NULL, JSON_TYPE_NODE,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STEPS] =
    g_param_spec_boxed ("steps", NULL, NULL, JSON_TYPE_NODE,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_boxed ("settings", NULL, NULL, JSON_TYPE_NODE,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PURPOSE] =
    g_param_spec_string ("purpose", NULL, NULL, NULL,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CREATED_BY] =
    g_param_spec_int64 ("created-by", NULL, NULL, 0, G_MAXINT64, 0,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CREATED_AT] =
    g_param_spec_boxed ("created-at", NULL, NULL, G_TYPE_DATE_TIME,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIVATED_BY] =
    g_param_spec_int64 ("activated-by", NULL, NULL, 0, G_MAXINT64, 0,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIVATED_AT] =
    g_param_spec_boxed ("activated-at", NULL, NULL, G_TYPE_DATE_TIME,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The names of the services it uses (the connectors of its accounts), sorted; filled in by
   * the workspace. NULL or empty when it uses none. */
  properties[PROP_SERVICES] =
    g_param_spec_boxed ("services", NULL, NULL, G_TYPE_STRV,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Its newest run, or NULL when it never ran; filled in by the workspace. */
  properties[PROP_LAST_RUN] =
    g_param_spec_object ("last-run", NULL, NULL, SB_TYPE_RUN,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Pending edits of a Live or Paused integration: {"trigger", "steps", "settings"}, or NULL. */
  properties[PROP_DRAFT] =
    g_param_spec_boxed ("draft", NULL, NULL, JSON_TYPE_NODE,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The published version that is live; 0 when never published. */
  properties[PROP_VERSION] =
    g_param_spec_uint ("version", NULL, NULL, 0, G_MAXUINT, 0,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sb_integration_init (SbIntegration *self)
{
  self->status = SB_INTEGRATION_STATUS_DRAFT;
}

SbIntegration *
sb_integration_new (void)
{
  return g_object_new (SB_TYPE_INTEGRATION, NULL);
}

gint64
sb_integration_get_id (SbIntegration *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATION (self), 0);
  return self->id;
}

void
sb_integration_set_id (SbIntegration *self,
                       gint64 id)
{
  g_return_if_fail (SB_IS_INTEGRATION (self));

  if (self->id == id)
    return;
  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

gint64
sb_integration_get_organization_id (SbIntegration *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATION (self), 0);
  return self->organization_id;
}

void
sb_integration_set_organization_id (SbIntegration *self,
                                    gint64 organization_id)
{
  g_return_if_fail (SB_IS_INTEGRATION (self));

  if (self->organization_id == organization_id)
    return;
  self->organization_id = organization_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORGANIZATION_ID]);
}

const char *
sb_integration_get_name (SbIntegration *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATION (self), NULL);
  return self->name;
}

void
sb_integration_set_name (SbIntegration *self,
                         const char *name)
{
  g_return_if_fail (SB_IS_INTEGRATION (self));

  if (sb_set_string (&self->name, name))
    {
      g_clear_pointer (&self->search_key, g_free);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
    }
}

const char *
sb_integration_get_description (SbIntegration *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATION (self), NULL);
  return self->description;
}

void
sb_integration_set_description (SbIntegration *self,
                                const char *description)
{
  g_return_if_fail (SB_IS_INTEGRATION (self));

  if (sb_set_string (&self->description, description))
    {
      g_clear_pointer (&self->search_key, g_free);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
    }
}

SbIntegrationStatus
sb_integration_get_status (SbIntegration *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATION (self), 0);
  return self->status;
}

void
sb_integration_set_status (SbIntegration *self,
                           SbIntegrationStatus status)
{
  g_return_if_fail (SB_IS_INTEGRATION (self));

  if (self->status == status)
    return;
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

JsonNode *
sb_integration_get_trigger (SbIntegration *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATION (self), NULL);
  return ensure_json (self, LAZY_TRIGGER);
}

void
sb_integration_set_trigger (SbIntegration *self,
                            JsonNode *trigger)
{
  g_return_if_fail (SB_IS_INTEGRATION (self));

  ensure_json (self, LAZY_TRIGGER);
  if (sb_set_json (&self->trigger, trigger))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRIGGER]);
}

JsonNode *
sb_integration_get_steps (SbIntegration *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATION (self), NULL);
  return ensure_json (self, LAZY_STEPS);
}

void
sb_integration_set_steps (SbIntegration *self,
                          JsonNode *steps)
{
  g_return_if_fail (SB_IS_INTEGRATION (self));

  ensure_json (self, LAZY_STEPS);
  if (sb_set_json (&self->steps, steps))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEPS]);
}

JsonNode *
sb_integration_get_settings (SbIntegration *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATION (self), NULL);
  return ensure_json (self, LAZY_SETTINGS);
}

void
sb_integration_set_settings (SbIntegration *self,
                             JsonNode *settings)
{
  g_return_if_fail (SB_IS_INTEGRATION (self));

  ensure_json (self, LAZY_SETTINGS);
  if (sb_set_json (&self->settings, settings))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SETTINGS]);
}

const char *
sb_integration_get_purpose (SbIntegration *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATION (self), NULL);
  return self->purpose;
}

void
sb_integration_set_purpose (SbIntegration *self,
                            const char *purpose)
{
  g_return_if_fail (SB_IS_INTEGRATION (self));

  if (sb_set_string (&self->purpose, purpose))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PURPOSE]);
}

gint64
sb_integration_get_created_by (SbIntegration *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATION (self), 0);
  return self->created_by;
}

void
sb_integration_set_created_by (SbIntegration *self,
                               gint64 created_by)
{
  g_return_if_fail (SB_IS_INTEGRATION (self));

  if (self->created_by == created_by)
    return;
  self->created_by = created_by;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED_BY]);
}

GDateTime *
sb_integration_get_created_at (SbIntegration *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATION (self), NULL);
  return self->created_at;
}

void
sb_integration_set_created_at (SbIntegration *self,
                               GDateTime *created_at)
{
  g_return_if_fail (SB_IS_INTEGRATION (self));

  if (sb_set_datetime (&self->created_at, created_at))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED_AT]);
}

gint64
sb_integration_get_activated_by (SbIntegration *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATION (self), 0);
  return self->activated_by;
}

void
sb_integration_set_activated_by (SbIntegration *self,
                                 gint64 activated_by)
{
  g_return_if_fail (SB_IS_INTEGRATION (self));

  if (self->activated_by == activated_by)
    return;
  self->activated_by = activated_by;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVATED_BY]);
}

GDateTime *
sb_integration_get_activated_at (SbIntegration *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATION (self), NULL);
  return self->activated_at;
}

void
sb_integration_set_activated_at (SbIntegration *self,
                                 GDateTime *activated_at)
{
  g_return_if_fail (SB_IS_INTEGRATION (self));

  if (sb_set_datetime (&self->activated_at, activated_at))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVATED_AT]);
}


static const struct
{
  const char *nick;
  const char *label;
} weekdays[] = {
  /* Translators: a short weekday in a list such as “Mon, Thu” */
  { "mon", N_("Mon") },
  { "tue", N_("Tue") },
  { "wed", N_("Wed") },
  { "thu", N_("Thu") },
  { "fri", N_("Fri") },
  { "sat", N_("Sat") },
  { "sun", N_("Sun") },
};

static char *
dup_weekdays (JsonArray *days)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = json_array_get_length (days);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (days, i);
      const char *nick = NULL;

      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
        nick = json_node_get_string (element);

      for (guint j = 0; nick != NULL && j < G_N_ELEMENTS (weekdays); j++)
        {
          if (g_str_equal (nick, weekdays[j].nick))
            {
              if (text->len > 0)
                g_string_append (text, ", ");
              g_string_append (text, _(weekdays[j].label));
            }
        }
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * sb_integration_dup_trigger_summary:
 *
 * The trigger in words, for a list row or a details header. An incomplete trigger is said
 * to be one rather than guessed at.
 */
char *
sb_integration_dup_trigger_summary (SbIntegration *self)
{
  JsonObject *trigger;
  const char *kind;

  g_return_val_if_fail (SB_IS_INTEGRATION (self), NULL);

  if (ensure_json (self, LAZY_TRIGGER) == NULL || !JSON_NODE_HOLDS_OBJECT (self->trigger))
    return g_strdup (_("No trigger yet"));

  trigger = json_node_get_object (self->trigger);
  kind = sb_json_get_string (trigger, "kind");
  if (kind == NULL)
    return g_strdup (_("Unknown trigger"));

  if (g_str_equal (kind, "manual"))
    return g_strdup (_("When started by hand"));

  if (g_str_equal (kind, "schedule"))
    {
      gint64 every = sb_json_get_int (trigger, "every_minutes", 0);
      const char *at = sb_json_get_string (trigger, "daily_at");
      JsonArray *days = sb_json_get_array (trigger, "weekdays");

      if (every > 0)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Every minute", "Every %d minutes",
                                             (gulong) every),
                                (int) every);

      if (at != NULL && days != NULL && json_array_get_length (days) > 0)
        {
          g_autofree char *list = dup_weekdays (days);

          /* Translators: the first %s is a list of weekdays (“Mon, Thu”), the second a time */
          return g_strdup_printf (_("Every %s at %s"), list, at);
        }

      if (at != NULL)
        /* Translators: %s is a time of day such as 02:00 */
        return g_strdup_printf (_("Every day at %s"), at);

      return g_strdup (_("Schedule not set"));
    }

  if (g_str_equal (kind, "poll"))
    {
      const char *service = sb_json_get_string (trigger, "service");

      if (service != NULL)
        /* Translators: %s is a service, such as IdrottOnline */
        return g_strdup_printf (_("When %s has new items"), service);
      return g_strdup (_("When there are new items"));
    }

  if (g_str_equal (kind, "webhook"))
    {
      const char *event = sb_json_get_string (trigger, "event");
      const char *service = sb_json_get_string (trigger, "service");

      if (event != NULL && service != NULL)
        /* Translators: “When Stripe sends payment_intent.succeeded” */
        return g_strdup_printf (_("When %s sends %s"), service, event);
      if (event != NULL)
        return g_strdup_printf (_("When %s arrives"), event);
      return g_strdup (_("When a webhook arrives"));
    }

  return g_strdup (_("Unknown trigger"));
}

const char * const *
sb_integration_get_services (SbIntegration *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATION (self), NULL);

  return (const char * const *)self->services;
}

void
sb_integration_set_services (SbIntegration      *self,
                             const char * const *services)
{
  g_return_if_fail (SB_IS_INTEGRATION (self));

  if (services != NULL && services[0] == NULL)
    services = NULL;

  if (self->services == NULL && services == NULL)
    return;
  if (self->services != NULL && services != NULL &&
      g_strv_equal ((const char * const *)self->services, services))
    return;

  g_strfreev (self->services);
  self->services = g_strdupv ((char **)services);
  g_clear_pointer (&self->search_key, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVICES]);
}

SbRun *
sb_integration_get_last_run (SbIntegration *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATION (self), NULL);

  return self->last_run;
}

void
sb_integration_set_last_run (SbIntegration *self,
                             SbRun         *run)
{
  g_return_if_fail (SB_IS_INTEGRATION (self));
  g_return_if_fail (run == NULL || SB_IS_RUN (run));

  if (g_set_object (&self->last_run, run))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_RUN]);
}

JsonNode *
sb_integration_get_draft (SbIntegration *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATION (self), NULL);

  return ensure_json (self, LAZY_DRAFT);
}

void
sb_integration_set_draft (SbIntegration *self,
                          JsonNode      *draft)
{
  g_return_if_fail (SB_IS_INTEGRATION (self));

  ensure_json (self, LAZY_DRAFT);
  if (sb_set_json (&self->draft, draft))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRAFT]);
}

gboolean
sb_integration_has_draft (SbIntegration *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATION (self), FALSE);

  return ensure_json (self, LAZY_DRAFT) != NULL && !JSON_NODE_HOLDS_NULL (self->draft);
}

guint
sb_integration_get_version (SbIntegration *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATION (self), 0);

  return self->version;
}

void
sb_integration_set_version (SbIntegration *self,
                            guint          version)
{
  g_return_if_fail (SB_IS_INTEGRATION (self));

  if (self->version == version)
    return;
  self->version = version;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERSION]);
}

static JsonNode *
get_edited (SbIntegration *self,
            const char    *member,
            JsonNode      *live)
{
  if (ensure_json (self, LAZY_DRAFT) != NULL && JSON_NODE_HOLDS_OBJECT (self->draft))
    return json_object_get_member (json_node_get_object (self->draft), member);

  return live;
}

JsonNode *
sb_integration_get_edited_trigger (SbIntegration *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATION (self), NULL);

  return get_edited (self, "trigger", ensure_json (self, LAZY_TRIGGER));
}

JsonNode *
sb_integration_get_edited_steps (SbIntegration *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATION (self), NULL);

  return get_edited (self, "steps", ensure_json (self, LAZY_STEPS));
}

JsonNode *
sb_integration_get_edited_settings (SbIntegration *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATION (self), NULL);

  return get_edited (self, "settings", ensure_json (self, LAZY_SETTINGS));
}

void
sb_integration_load_json_texts (SbIntegration *self,
                                const char    *trigger,
                                const char    *steps,
                                const char    *settings,
                                const char    *draft)
{
  const char *texts[] = { trigger, steps, settings, draft };

  g_return_if_fail (SB_IS_INTEGRATION (self));

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_clear_pointer (lazy_field (self, i), json_node_unref);
      g_free (self->unparsed[i]);
      self->unparsed[i] = g_strdup (texts[i]);
    }
}

const char *
sb_integration_get_search_key (SbIntegration *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATION (self), NULL);

  if (self->search_key == NULL)
    {
      /* A newline between the texts folds to a space, and the words of a folded query hold
       * none, so no word of a query matches across two of them. */
      g_autoptr(GString) text = g_string_new (self->name);

      if (self->description != NULL)
        {
          g_string_append_c (text, '\n');
          g_string_append (text, self->description);
        }
      for (guint i = 0; self->services != NULL && self->services[i] != NULL; i++)
        {
          g_string_append_c (text, '\n');
          g_string_append (text, self->services[i]);
        }

      self->search_key = sb_search_fold (text->str);
    }

  return self->search_key;
}
