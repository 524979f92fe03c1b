/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sb-integration-version.h"
#include "sb-model-private.h"

struct _SbIntegrationVersion
{
  GObject parent_instance;

  gint64 integration_id;
  guint version;
  JsonNode *trigger;
  JsonNode *steps;
  JsonNode *settings;
  gint64 published_by;
  GDateTime *published_at;
};

G_DEFINE_FINAL_TYPE (SbIntegrationVersion, sb_integration_version, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_INTEGRATION_ID,
  PROP_VERSION,
  PROP_TRIGGER,
  PROP_STEPS,
  PROP_SETTINGS,
  PROP_PUBLISHED_BY,
  PROP_PUBLISHED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sb_integration_version_finalize (GObject *object)
{
  SbIntegrationVersion *self = (SbIntegrationVersion *)object;

  g_clear_pointer (&self->trigger, json_node_unref);
  g_clear_pointer (&self->steps, json_node_unref);
  g_clear_pointer (&self->settings, json_node_unref);
  g_clear_pointer (&self->published_at, g_date_time_unref);

  G_OBJECT_CLASS (sb_integration_version_parent_class)->finalize (object);
}

static void
sb_integration_version_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  SbIntegrationVersion *self = SB_INTEGRATION_VERSION (object);

  switch (prop_id)
    {
    case PROP_INTEGRATION_ID:
      g_value_set_int64 (value, self->integration_id);
      break;
    case PROP_VERSION:
      g_value_set_uint (value, self->version);
      break;
    case PROP_TRIGGER:
      g_value_set_boxed (value, self->trigger);
      break;
    case PROP_STEPS:
      g_value_set_boxed (value, self->steps);
      break;
    case PROP_SETTINGS:
      g_value_set_boxed (value, self->settings);
      break;
    case PROP_PUBLISHED_BY:
      g_value_set_int64 (value, self->published_by);
      break;
    case PROP_PUBLISHED_AT:
      g_value_set_boxed (value, self->published_at);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_integration_version_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  SbIntegrationVersion *self = SB_INTEGRATION_VERSION (object);

  switch (prop_id)
    {
    case PROP_INTEGRATION_ID:
      sb_integration_version_set_integration_id (self, g_value_get_int64 (value));
      break;
    case PROP_VERSION:
      sb_integration_version_set_version (self, g_value_get_uint (value));
      break;
    case PROP_TRIGGER:
      sb_integration_version_set_trigger (self, g_value_get_boxed (value));
      break;
    case PROP_STEPS:
      sb_integration_version_set_steps (self, g_value_get_boxed (value));
      break;
    case PROP_SETTINGS:
      sb_integration_version_set_settings (self, g_value_get_boxed (value));
      break;
    case PROP_PUBLISHED_BY:
      sb_integration_version_set_published_by (self, g_value_get_int64 (value));
      break;
    case PROP_PUBLISHED_AT:
      sb_integration_version_set_published_at (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_integration_version_class_init (SbIntegrationVersionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sb_integration_version_finalize;
  object_class->get_property = sb_integration_version_get_property;
  object_class->set_property = sb_integration_version_set_property;

  properties[PROP_INTEGRATION_ID] =
    g_param_spec_int64 ("integration-id", NULL, NULL, 0, G_MAXINT64, 0,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VERSION] =
    g_param_spec_uint ("version", NULL, NULL, 0, G_MAXUINT, 0,
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
  properties[PROP_PUBLISHED_BY] =
    g_param_spec_int64 ("published-by", NULL, NULL, 0, G_MAXINT64, 0,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PUBLISHED_AT] =
    g_param_spec_boxed ("published-at", NULL, NULL, G_TYPE_DATE_TIME,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sb_integration_version_init (SbIntegrationVersion *self)
{
}

SbIntegrationVersion *
sb_integration_version_new (void)
{
  return g_object_new (SB_TYPE_INTEGRATION_VERSION, NULL);
}

gint64
sb_integration_version_get_integration_id (SbIntegrationVersion *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATION_VERSION (self), 0);
  return self->integration_id;
}

void
sb_integration_version_set_integration_id (SbIntegrationVersion *self,
                                           gint64                id)
{
  g_return_if_fail (SB_IS_INTEGRATION_VERSION (self));

  if (self->integration_id == id)
    return;
  self->integration_id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTEGRATION_ID]);
}

guint
sb_integration_version_get_version (SbIntegrationVersion *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATION_VERSION (self), 0);
  return self->version;
}

void
sb_integration_version_set_version (SbIntegrationVersion *self,
                                    guint                 version)
{
  g_return_if_fail (SB_IS_INTEGRATION_VERSION (self));

  if (self->version == version)
    return;
  self->version = version;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERSION]);
}

JsonNode *
sb_integration_version_get_trigger (SbIntegrationVersion *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATION_VERSION (self), NULL);
  return self->trigger;
}

void
sb_integration_version_set_trigger (SbIntegrationVersion *self,
                                    JsonNode             *trigger)
{
  g_return_if_fail (SB_IS_INTEGRATION_VERSION (self));

  if (sb_set_json (&self->trigger, trigger))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRIGGER]);
}

JsonNode *
sb_integration_version_get_steps (SbIntegrationVersion *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATION_VERSION (self), NULL);
  return self->steps;
}

void
sb_integration_version_set_steps (SbIntegrationVersion *self,
                                  JsonNode             *steps)
{
  g_return_if_fail (SB_IS_INTEGRATION_VERSION (self));

  if (sb_set_json (&self->steps, steps))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEPS]);
}

JsonNode *
sb_integration_version_get_settings (SbIntegrationVersion *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATION_VERSION (self), NULL);
  return self->settings;
}

void
sb_integration_version_set_settings (SbIntegrationVersion *self,
                                     JsonNode             *settings)
{
  g_return_if_fail (SB_IS_INTEGRATION_VERSION (self));

  if (sb_set_json (&self->settings, settings))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SETTINGS]);
}

gint64
sb_integration_version_get_published_by (SbIntegrationVersion *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATION_VERSION (self), 0);
  return self->published_by;
}

void
sb_integration_version_set_published_by (SbIntegrationVersion *self,
                                         gint64                member_id)
{
  g_return_if_fail (SB_IS_INTEGRATION_VERSION (self));

  if (self->published_by == member_id)
    return;
  self->published_by = member_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PUBLISHED_BY]);
}

GDateTime *
sb_integration_version_get_published_at (SbIntegrationVersion *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATION_VERSION (self), NULL);
  return self->published_at;
}

void
sb_integration_version_set_published_at (SbIntegrationVersion *self,
                                         GDateTime            *published_at)
{
  g_return_if_fail (SB_IS_INTEGRATION_VERSION (self));

  if (sb_set_datetime (&self->published_at, published_at))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PUBLISHED_AT]);
}
