/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-connector.h"
#include "sb-connector-catalog.h"

struct _SbConnector
{
  GObject   parent_instance;

  char     *id;
  JsonNode *definition;
  /* borrowed from definition */
  const char *name;
  const char *category;
  const char *icon_name;
  const char *base_url;
  const char *provider_name;
};

G_DEFINE_FINAL_TYPE (SbConnector, sb_connector, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_CATEGORY,
  PROP_ICON_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sb_connector_finalize (GObject *object)
{
  SbConnector *self = (SbConnector *)object;

  g_free (self->id);
  g_clear_pointer (&self->definition, json_node_unref);

  G_OBJECT_CLASS (sb_connector_parent_class)->finalize (object);
}

static void
sb_connector_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SbConnector *self = SB_CONNECTOR (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_CATEGORY:
      g_value_set_string (value, self->category);
      break;
    case PROP_ICON_NAME:
      g_value_set_string (value, self->icon_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_connector_class_init (SbConnectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sb_connector_finalize;
  object_class->get_property = sb_connector_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CATEGORY] =
    g_param_spec_string ("category", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ICON_NAME] =
    g_param_spec_string ("icon-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sb_connector_init (SbConnector *self)
{
}

static const char *
get_string (JsonObject  *object,
            const char  *member,
            const char  *id,
            gboolean     required,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL && !required)
    return NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, SB_CONNECTOR_CATALOG_ERROR, SB_CONNECTOR_CATALOG_ERROR_INVALID,
                   /* Translators: the first %s is a file name, the second a field in it */
                   _("Connector “%s.json”: the field “%s” must be a text"), id, member);
      return NULL;
    }

  return json_node_get_string (node);
}

/**
 * sb_connector_new_from_json:
 *
 * Returns: (transfer full): the connector, or %NULL with @error naming the file and the
 * field at fault.
 */
SbConnector *
sb_connector_new_from_json (const char  *id,
                            JsonNode    *node,
                            GError     **error)
{
  g_autoptr(SbConnector) self = NULL;
  JsonObject *object;
  JsonNode *provider;
  GError *local_error = NULL;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, SB_CONNECTOR_CATALOG_ERROR, SB_CONNECTOR_CATALOG_ERROR_INVALID,
                   _("Connector “%s.json” is not a JSON object"), id);
      return NULL;
    }

  self = g_object_new (SB_TYPE_CONNECTOR, NULL);
  self->id = g_strdup (id);
  self->definition = json_node_ref (node);
  object = json_node_get_object (node);

  if ((self->name = get_string (object, "name", id, TRUE, &local_error)) == NULL ||
      (self->category = get_string (object, "category", id, TRUE, &local_error)) == NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  self->icon_name = get_string (object, "icon", id, FALSE, &local_error);
  if (local_error == NULL)
    self->base_url = get_string (object, "base_url", id, FALSE, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (self->icon_name == NULL)
    self->icon_name = "network-server-symbolic";

  provider = json_object_get_member (object, "provider");
  if (provider != NULL)
    {
      if (!JSON_NODE_HOLDS_OBJECT (provider))
        {
          g_set_error (error, SB_CONNECTOR_CATALOG_ERROR, SB_CONNECTOR_CATALOG_ERROR_INVALID,
                       _("Connector “%s.json”: the field “%s” must be an object"),
                       id, "provider");
          return NULL;
        }
      self->provider_name = get_string (json_node_get_object (provider), "name", id, FALSE,
                                        &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
    }

  return g_steal_pointer (&self);
}

const char *
sb_connector_get_id (SbConnector *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR (self), NULL);
  return self->id;
}

const char *
sb_connector_get_name (SbConnector *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR (self), NULL);
  return self->name;
}

const char *
sb_connector_get_category (SbConnector *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR (self), NULL);
  return self->category;
}

const char *
sb_connector_get_icon_name (SbConnector *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR (self), NULL);
  return self->icon_name;
}

const char *
sb_connector_get_default_base_url (SbConnector *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR (self), NULL);
  return self->base_url;
}

const char *
sb_connector_get_provider_name (SbConnector *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR (self), NULL);
  return self->provider_name;
}

JsonNode *
sb_connector_get_definition (SbConnector *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR (self), NULL);
  return self->definition;
}
