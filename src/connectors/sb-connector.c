/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sb-connector.h"

#include "sb-connector-catalog.h"
#include "sb-connector-private.h"

#include <glib/gi18n.h>

/* Loading and checking resources/connectors/<id>.json. Every object read from the file is
 * immutable; strings are copied (translated where users see them) so that a field or an
 * action may outlive its connector.
 *
 * Labels, names, descriptions and purposes are written in English in the JSON and
 * translated here with g_dgettext(). xgettext cannot read them from JSON without an ITS
 * rule, so sb-connector-strings.c lists them with N_(); tests/connectors/test-catalog.c
 * fails when a string of a catalog file is missing there. */

G_DEFINE_QUARK (sb-connector-error-quark, sb_connector_error)

G_DEFINE_ENUM_TYPE (SbAuthKind, sb_auth_kind,
  G_DEFINE_ENUM_VALUE (SB_AUTH_KIND_NONE, "none"),
  G_DEFINE_ENUM_VALUE (SB_AUTH_KIND_API_KEY_HEADER, "api-key-header"),
  G_DEFINE_ENUM_VALUE (SB_AUTH_KIND_BEARER, "bearer"),
  G_DEFINE_ENUM_VALUE (SB_AUTH_KIND_BASIC, "basic"),
  G_DEFINE_ENUM_VALUE (SB_AUTH_KIND_SHOPIFY_TOKEN, "shopify-token"),
  G_DEFINE_ENUM_VALUE (SB_AUTH_KIND_OAUTH2, "oauth2"),
  G_DEFINE_ENUM_VALUE (SB_AUTH_KIND_SOAP_SESSION, "soap-session"))

static const char * const auth_kind_names[] = {
  "none", "api_key_header", "bearer", "basic", "shopify_token", "oauth2", "soap_session",
};

const char *
sb_auth_kind_to_string (SbAuthKind kind)
{
  g_return_val_if_fail (kind <= SB_AUTH_KIND_SOAP_SESSION, NULL);
  return auth_kind_names[kind];
}

gboolean
sb_auth_kind_from_string (const char *string,
                          SbAuthKind *kind)
{
  for (guint i = 0; string != NULL && i < G_N_ELEMENTS (auth_kind_names); i++)
    {
      if (g_str_equal (string, auth_kind_names[i]))
        {
          if (kind != NULL)
            *kind = (SbAuthKind)i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
sb_auth_kind_get_label (SbAuthKind kind)
{
  switch (kind)
    {
    case SB_AUTH_KIND_NONE:
      return _("No authentication");
    case SB_AUTH_KIND_API_KEY_HEADER:
      return _("API key in a header");
    case SB_AUTH_KIND_BEARER:
      return _("Bearer token");
    case SB_AUTH_KIND_BASIC:
      return _("User name and password");
    case SB_AUTH_KIND_SHOPIFY_TOKEN:
      return _("Admin API access token");
    case SB_AUTH_KIND_OAUTH2:
      return _("Sign in with the browser");
    case SB_AUTH_KIND_SOAP_SESSION:
      return _("Application ID, user name and password");
    default:
      g_return_val_if_reached (NULL);
    }
}

static const struct {
  const char *id;
  const char *label;
} categories[] = {
  { "accounting", N_("Accounting") },
  { "payments", N_("Payments") },
  { "commerce", N_("E-commerce") },
  { "sports", N_("Sports administration") },
  /* Translators: the category of the connector for any HTTP API */
  { "generic", N_("Other services") },
};

const char *
sb_connector_category_get_label (const char *category)
{
  for (guint i = 0; category != NULL && i < G_N_ELEMENTS (categories); i++)
    {
      if (g_str_equal (category, categories[i].id))
        return _(categories[i].label);
    }

  return category;
}

static const char *
translate (const char *text)
{
  if (text == NULL || text[0] == '\0')
    return text;
  return g_dgettext (GETTEXT_PACKAGE, text);
}

static char *
dup_translated (const char *text)
{
  return g_strdup (translate (text));
}

/* ------------------------------------------------------------------------------------ */
/* Reading with the path of the field at fault */

typedef struct
{
  const char *file;
  GString    *path;
  GError     *error;
} Reader;

static gsize
reader_push (Reader     *r,
             const char *member)
{
  gsize len = r->path->len;

  if (len > 0)
    g_string_append_c (r->path, '.');
  g_string_append (r->path, member);
  return len;
}

static gsize
reader_push_index (Reader *r,
                   guint   index)
{
  gsize len = r->path->len;

  g_string_append_printf (r->path, "[%u]", index);
  return len;
}

static void
reader_pop (Reader *r,
            gsize   len)
{
  g_string_truncate (r->path, len);
}

static void reader_fail (Reader     *r,
                         const char *member,
                         const char *format,
                         ...) G_GNUC_PRINTF (3, 4);

/* Records the first problem only: once a file is broken the rest of it is not trusted, and
 * one precise message is more use than a cascade. */
static void
reader_fail (Reader     *r,
             const char *member,
             const char *format,
             ...)
{
  g_autofree char *reason = NULL;
  va_list args;
  gsize len;

  if (r->error != NULL)
    return;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  len = member != NULL ? reader_push (r, member) : r->path->len;
  if (r->path->len > 0)
    r->error = g_error_new (SB_CONNECTOR_CATALOG_ERROR, SB_CONNECTOR_CATALOG_ERROR_INVALID,
                            "%s: %s: %s", r->file, r->path->str, reason);
  else
    r->error = g_error_new (SB_CONNECTOR_CATALOG_ERROR, SB_CONNECTOR_CATALOG_ERROR_INVALID,
                            "%s: %s", r->file, reason);
  reader_pop (r, len);
}

static void
check_members (Reader             *r,
               JsonObject         *object,
               const char * const *allowed)
{
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &member, &value))
    {
      if (!g_strv_contains (allowed, member))
        {
          reader_fail (r, member, "%s", _("unknown member"));
          return;
        }
    }
}

static gboolean
is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static const char *
read_string (Reader     *r,
             JsonObject *object,
             const char *member,
             gboolean    required)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || (JSON_NODE_HOLDS_NULL (node) && !required))
    {
      if (required)
        reader_fail (r, member, "%s", _("missing"));
      return NULL;
    }

  if (!is_string (node))
    {
      reader_fail (r, member, "%s", _("expected a string"));
      return NULL;
    }

  if (required && json_node_get_string (node)[0] == '\0')
    {
      reader_fail (r, member, "%s", _("must not be empty"));
      return NULL;
    }

  return json_node_get_string (node);
}

static gboolean
read_boolean (Reader     *r,
              JsonObject *object,
              const char *member,
              gboolean    default_value)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    return default_value;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      reader_fail (r, member, "%s", _("expected true or false"));
      return default_value;
    }

  return json_node_get_boolean (node);
}

static gint64
read_integer (Reader     *r,
              JsonObject *object,
              const char *member,
              gboolean    required,
              gint64      min)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    {
      if (required)
        reader_fail (r, member, "%s", _("missing"));
      return min;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      reader_fail (r, member, "%s", _("expected a whole number"));
      return min;
    }

  if (json_node_get_int (node) < min)
    {
      reader_fail (r, member, _("expected a number of at least %d"), (int)min);
      return min;
    }

  return json_node_get_int (node);
}

static JsonObject *
read_object (Reader     *r,
             JsonObject *object,
             const char *member,
             gboolean    required)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    {
      if (required)
        reader_fail (r, member, "%s", _("missing"));
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      reader_fail (r, member, "%s", _("expected an object"));
      return NULL;
    }

  return json_node_get_object (node);
}

static JsonArray *
read_array (Reader     *r,
            JsonObject *object,
            const char *member,
            gboolean    required)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    {
      if (required)
        reader_fail (r, member, "%s", _("missing"));
      return NULL;
    }

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      reader_fail (r, member, "%s", _("expected an array"));
      return NULL;
    }

  return json_node_get_array (node);
}

/* An array of strings; @translated says whether users see them. */
static GStrv
read_strv (Reader     *r,
           JsonObject *object,
           const char *member,
           gboolean    translated)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array = read_array (r, object, member, FALSE);
  gsize len;

  if (array == NULL)
    return r->error != NULL ? NULL : g_strv_builder_end (builder);

  len = reader_push (r, member);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!is_string (element))
        {
          gsize ilen = reader_push_index (r, i);

          reader_fail (r, NULL, "%s", _("expected a string"));
          reader_pop (r, ilen);
          break;
        }
      g_strv_builder_add (builder, translated ? translate (json_node_get_string (element))
                                              : json_node_get_string (element));
    }
  reader_pop (r, len);

  return g_strv_builder_end (builder);
}

/* An object whose members are all strings (headers, query, info); a new reference. */
static JsonObject *
read_string_map (Reader     *r,
                 JsonObject *object,
                 const char *member)
{
  JsonObject *map = read_object (r, object, member, FALSE);
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  if (map == NULL)
    return NULL;

  json_object_iter_init_ordered (&iter, map);
  while (json_object_iter_next_ordered (&iter, &key, &value))
    {
      if (!is_string (value))
        {
          gsize len = reader_push (r, member);

          reader_fail (r, key, "%s", _("expected a string"));
          reader_pop (r, len);
          return NULL;
        }
    }

  return json_object_ref (map);
}

static gboolean
is_http_url (const char *url)
{
  return url != NULL && (g_str_has_prefix (url, "https://") || g_str_has_prefix (url, "http://"));
}

static const char *
read_url (Reader     *r,
          JsonObject *object,
          const char *member,
          gboolean    required)
{
  const char *url = read_string (r, object, member, required);

  if (url != NULL && url[0] != '\0' && !is_http_url (url))
    {
      reader_fail (r, member, "%s", _("expected an http or https address"));
      return NULL;
    }

  return url;
}

/* "{name}" → "name"; anything else → NULL. */
static char *
dup_whole_placeholder (const char *text)
{
  gsize len = text != NULL ? strlen (text) : 0;

  if (len < 3 || text[0] != '{' || text[len - 1] != '}')
    return NULL;

  return g_strndup (text + 1, len - 2);
}

/* ------------------------------------------------------------------------------------ */
/* SbConnectorField */

struct _SbConnectorField
{
  GObject          parent_instance;

  char            *id;
  char            *label;
  char            *description;
  char            *placeholder;
  char            *default_value;
  GStrv            choices;
  GStrv            choice_labels;
  SbFieldType      type;
  SbFieldLocation  location;
  guint            secret : 1;
  guint            optional : 1;
  guint            raw : 1;
};

G_DEFINE_FINAL_TYPE (SbConnectorField, sb_connector_field, G_TYPE_OBJECT)

enum {
  FIELD_PROP_0,
  FIELD_PROP_ID,
  FIELD_PROP_LABEL,
  FIELD_PROP_DESCRIPTION,
  FIELD_PROP_PLACEHOLDER,
  FIELD_PROP_SECRET,
  FIELD_PROP_OPTIONAL,
  FIELD_N_PROPS
};

static GParamSpec *field_properties[FIELD_N_PROPS];

static void
sb_connector_field_finalize (GObject *object)
{
  SbConnectorField *self = (SbConnectorField *)object;

  g_free (self->id);
  g_free (self->label);
  g_free (self->description);
  g_free (self->placeholder);
  g_free (self->default_value);
  g_strfreev (self->choices);
  g_strfreev (self->choice_labels);

  G_OBJECT_CLASS (sb_connector_field_parent_class)->finalize (object);
}

static void
sb_connector_field_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SbConnectorField *self = SB_CONNECTOR_FIELD (object);

  switch (prop_id)
    {
    case FIELD_PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case FIELD_PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case FIELD_PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case FIELD_PROP_PLACEHOLDER:
      g_value_set_string (value, self->placeholder);
      break;
    case FIELD_PROP_SECRET:
      g_value_set_boolean (value, self->secret);
      break;
    case FIELD_PROP_OPTIONAL:
      g_value_set_boolean (value, self->optional);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_connector_field_class_init (SbConnectorFieldClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sb_connector_field_finalize;
  object_class->get_property = sb_connector_field_get_property;

  field_properties[FIELD_PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  field_properties[FIELD_PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, flags);
  field_properties[FIELD_PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL, flags);
  field_properties[FIELD_PROP_PLACEHOLDER] =
    g_param_spec_string ("placeholder", NULL, NULL, NULL, flags);
  field_properties[FIELD_PROP_SECRET] =
    g_param_spec_boolean ("secret", NULL, NULL, FALSE, flags);
  field_properties[FIELD_PROP_OPTIONAL] =
    g_param_spec_boolean ("optional", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, FIELD_N_PROPS, field_properties);
}

static void
sb_connector_field_init (SbConnectorField *self)
{
}

static const char * const field_types[] = {
  "string", "integer", "number", "boolean", "choice", "json",
};

static const char * const field_locations[] = { "auto", "path", "query", "body" };

static gboolean
lookup_name (const char * const *names,
             guint               n_names,
             const char         *name,
             guint              *index)
{
  for (guint i = 0; name != NULL && i < n_names; i++)
    {
      if (g_str_equal (names[i], name))
        {
          *index = i;
          return TRUE;
        }
    }

  return FALSE;
}

/* A field of an authentication scheme (@credential) or a parameter of an action. */
static SbConnectorField *
read_field (Reader   *r,
            JsonNode *node,
            gboolean  credential)
{
  static const char * const allowed[] = {
    "id", "label", "description", "placeholder", "secret", "optional", "type", "in",
    "default", "choices", "raw", NULL
  };
  g_autoptr(SbConnectorField) self = g_object_new (SB_TYPE_CONNECTOR_FIELD, NULL);
  JsonObject *object;
  JsonArray *choices;
  JsonNode *default_node;
  const char *string;
  guint index;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      reader_fail (r, NULL, "%s", _("expected an object"));
      return NULL;
    }

  object = json_node_get_object (node);
  check_members (r, object, allowed);

  self->id = g_strdup (read_string (r, object, "id", TRUE));
  self->label = dup_translated (read_string (r, object, "label", TRUE));
  self->description = dup_translated (read_string (r, object, "description", FALSE));
  self->placeholder = g_strdup (read_string (r, object, "placeholder", FALSE));
  self->secret = read_boolean (r, object, "secret", FALSE);
  self->optional = read_boolean (r, object, "optional", FALSE);
  self->raw = read_boolean (r, object, "raw", FALSE);

  string = read_string (r, object, "type", FALSE);
  if (string == NULL)
    self->type = SB_FIELD_TYPE_STRING;
  else if (lookup_name (field_types, G_N_ELEMENTS (field_types), string, &index))
    self->type = (SbFieldType)index;
  else
    reader_fail (r, "type", _("unknown type “%s”"), string);

  string = read_string (r, object, "in", FALSE);
  if (string == NULL)
    self->location = SB_FIELD_LOCATION_AUTO;
  else if (!credential &&
           lookup_name (field_locations, G_N_ELEMENTS (field_locations), string, &index))
    self->location = (SbFieldLocation)index;
  else
    reader_fail (r, "in", _("unknown place “%s”"), string);

  default_node = json_object_get_member (object, "default");
  if (default_node != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (default_node))
        reader_fail (r, "default", "%s", _("expected a string, a number or true or false"));
      else if (json_node_get_value_type (default_node) == G_TYPE_STRING)
        self->default_value = g_strdup (json_node_get_string (default_node));
      else if (json_node_get_value_type (default_node) == G_TYPE_BOOLEAN)
        self->default_value = g_strdup (json_node_get_boolean (default_node) ? "true" : "false");
      else if (json_node_get_value_type (default_node) == G_TYPE_INT64)
        self->default_value = g_strdup_printf ("%" G_GINT64_FORMAT,
                                               json_node_get_int (default_node));
      else
        {
          char buffer[G_ASCII_DTOSTR_BUF_SIZE];

          self->default_value = g_strdup (g_ascii_dtostr (buffer, sizeof buffer,
                                                          json_node_get_double (default_node)));
        }
    }

  choices = read_array (r, object, "choices", self->type == SB_FIELD_TYPE_CHOICE);
  if (choices != NULL && self->type != SB_FIELD_TYPE_CHOICE)
    reader_fail (r, "choices", "%s", _("only a field of the type “choice” has choices"));
  else if (choices != NULL)
    {
      static const char * const choice_allowed[] = { "value", "label", NULL };
      g_autoptr(GStrvBuilder) values = g_strv_builder_new ();
      g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
      gsize len = reader_push (r, "choices");

      if (json_array_get_length (choices) == 0)
        reader_fail (r, NULL, "%s", _("must not be empty"));

      for (guint i = 0; i < json_array_get_length (choices) && r->error == NULL; i++)
        {
          JsonNode *element = json_array_get_element (choices, i);
          gsize ilen = reader_push_index (r, i);

          if (!JSON_NODE_HOLDS_OBJECT (element))
            reader_fail (r, NULL, "%s", _("expected an object"));
          else
            {
              JsonObject *choice = json_node_get_object (element);
              const char *value;
              const char *label;

              check_members (r, choice, choice_allowed);
              value = read_string (r, choice, "value", TRUE);
              label = read_string (r, choice, "label", TRUE);
              if (value != NULL && label != NULL)
                {
                  g_strv_builder_add (values, value);
                  g_strv_builder_add (labels, translate (label));
                }
            }
          reader_pop (r, ilen);
        }
      reader_pop (r, len);

      self->choices = g_strv_builder_end (values);
      self->choice_labels = g_strv_builder_end (labels);
      if (r->error == NULL && self->default_value != NULL &&
          !g_strv_contains ((const char * const *)self->choices, self->default_value))
        reader_fail (r, "default", "%s", _("not one of the choices"));
    }

  if (credential && self->type != SB_FIELD_TYPE_STRING && self->type != SB_FIELD_TYPE_CHOICE &&
      self->type != SB_FIELD_TYPE_INTEGER)
    reader_fail (r, "type", "%s", _("a credential is a string, a choice or a whole number"));

  if (r->error != NULL)
    return NULL;

  return g_steal_pointer (&self);
}

/* Reads an array of fields into @store, refusing a duplicate id. */
static void
read_fields (Reader     *r,
             JsonObject *object,
             const char *member,
             gboolean    credential,
             GListStore *store)
{
  JsonArray *array = read_array (r, object, member, FALSE);
  gsize len;

  if (array == NULL)
    return;

  len = reader_push (r, member);
  for (guint i = 0; i < json_array_get_length (array) && r->error == NULL; i++)
    {
      gsize ilen = reader_push_index (r, i);
      g_autoptr(SbConnectorField) field = read_field (r, json_array_get_element (array, i),
                                                      credential);

      if (field != NULL)
        {
          for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (store)); j++)
            {
              g_autoptr(SbConnectorField) other = g_list_model_get_item (G_LIST_MODEL (store), j);

              if (g_str_equal (other->id, field->id))
                {
                  reader_fail (r, "id", _("“%s” is used twice"), field->id);
                  break;
                }
            }
          g_list_store_append (store, field);
        }
      reader_pop (r, ilen);
    }
  reader_pop (r, len);
}

static SbConnectorField *
lookup_field_in (GListModel *model,
                 const char *id)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; id != NULL && i < n; i++)
    {
      g_autoptr(SbConnectorField) field = g_list_model_get_item (model, i);

      if (g_str_equal (field->id, id))
        return field;
    }

  return NULL;
}

const char *
sb_connector_field_get_id (SbConnectorField *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_FIELD (self), NULL);
  return self->id;
}

const char *
sb_connector_field_get_label (SbConnectorField *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_FIELD (self), NULL);
  return self->label;
}

const char *
sb_connector_field_get_description (SbConnectorField *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_FIELD (self), NULL);
  return self->description;
}

const char *
sb_connector_field_get_placeholder (SbConnectorField *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_FIELD (self), NULL);
  return self->placeholder;
}

gboolean
sb_connector_field_get_secret (SbConnectorField *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_FIELD (self), FALSE);
  return self->secret;
}

gboolean
sb_connector_field_get_optional (SbConnectorField *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_FIELD (self), FALSE);
  return self->optional;
}

SbFieldType
sb_connector_field_get_field_type (SbConnectorField *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_FIELD (self), SB_FIELD_TYPE_STRING);
  return self->type;
}

SbFieldLocation
sb_connector_field_get_location (SbConnectorField *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_FIELD (self), SB_FIELD_LOCATION_AUTO);
  return self->location;
}

const char *
sb_connector_field_get_default (SbConnectorField *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_FIELD (self), NULL);
  return self->default_value;
}

const char * const *
sb_connector_field_get_choices (SbConnectorField *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_FIELD (self), NULL);
  return (const char * const *)self->choices;
}

const char * const *
sb_connector_field_get_choice_labels (SbConnectorField *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_FIELD (self), NULL);
  return (const char * const *)self->choice_labels;
}

gboolean
sb_connector_field_get_raw (SbConnectorField *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_FIELD (self), FALSE);
  return self->raw;
}

/**
 * sb_connector_field_convert:
 *
 * Returns: (transfer full): @value as the field's type. Strings are accepted for every
 * type, since values often come from templates.
 */
JsonNode *
sb_connector_field_convert (SbConnectorField  *self,
                            JsonNode          *value,
                            GError           **error)
{
  const char *text = NULL;

  g_return_val_if_fail (SB_IS_CONNECTOR_FIELD (self), NULL);
  g_return_val_if_fail (value != NULL, NULL);

  if (is_string (value))
    text = json_node_get_string (value);

  switch (self->type)
    {
    case SB_FIELD_TYPE_STRING:
      if (text != NULL || !JSON_NODE_HOLDS_VALUE (value))
        return json_node_copy (value);
      else
        {
          g_autoptr(JsonGenerator) generator = json_generator_new ();
          g_autofree char *string = NULL;

          json_generator_set_root (generator, value);
          string = json_generator_to_data (generator, NULL);
          return json_node_init_string (json_node_alloc (), string);
        }

    case SB_FIELD_TYPE_CHOICE:
      if (text != NULL && g_strv_contains ((const char * const *)self->choices, text))
        return json_node_copy (value);
      g_set_error (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_MISSING_PARAMETER,
                   /* Translators: %s is the label of a field */
                   _("“%s” must be one of its choices"), self->label);
      return NULL;

    case SB_FIELD_TYPE_INTEGER:
      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_INT64)
        return json_node_copy (value);
      if (text != NULL)
        {
          g_autofree char *copy = g_strstrip (g_strdup (text));
          gint64 number;

          if (g_ascii_string_to_signed (copy, 10, G_MININT64, G_MAXINT64, &number, NULL))
            return json_node_init_int (json_node_alloc (), number);
        }
      g_set_error (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_MISSING_PARAMETER,
                   /* Translators: %s is the label of a field */
                   _("“%s” must be a whole number"), self->label);
      return NULL;

    case SB_FIELD_TYPE_NUMBER:
      if (JSON_NODE_HOLDS_VALUE (value) && (json_node_get_value_type (value) == G_TYPE_INT64 ||
                                            json_node_get_value_type (value) == G_TYPE_DOUBLE))
        return json_node_copy (value);
      if (text != NULL)
        {
          char *end = NULL;
          double number = g_ascii_strtod (text, &end);

          if (end != text && end != NULL && *end == '\0')
            return json_node_init_double (json_node_alloc (), number);
        }
      g_set_error (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_MISSING_PARAMETER,
                   /* Translators: %s is the label of a field */
                   _("“%s” must be a number"), self->label);
      return NULL;

    case SB_FIELD_TYPE_BOOLEAN:
      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_BOOLEAN)
        return json_node_copy (value);
      if (g_strcmp0 (text, "true") == 0 || g_strcmp0 (text, "false") == 0)
        return json_node_init_boolean (json_node_alloc (), g_str_equal (text, "true"));
      g_set_error (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_MISSING_PARAMETER,
                   /* Translators: %s is the label of a field */
                   _("“%s” must be true or false"), self->label);
      return NULL;

    case SB_FIELD_TYPE_JSON:
      /* A template renders to text: read it back as JSON when it is an object or array. */
      if (text != NULL && (text[0] == '[' || text[0] == '{'))
        {
          g_autoptr(JsonParser) parser = json_parser_new ();

          if (json_parser_load_from_data (parser, text, -1, NULL))
            return json_node_copy (json_parser_get_root (parser));
          g_set_error (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_MISSING_PARAMETER,
                       /* Translators: %s is the label of a field */
                       _("“%s” is not valid JSON"), self->label);
          return NULL;
        }
      return json_node_copy (value);

    default:
      g_return_val_if_reached (NULL);
    }
}

/* ------------------------------------------------------------------------------------ */
/* SbConnectorAuth */

struct _SbConnectorAuth
{
  GObject     parent_instance;

  SbAuthKind  kind;
  char       *label;
  GListStore *fields;
  char       *header_name;
  char       *token_field;
  char       *username_field;
  char       *password_field;
  char       *authorize_url;
  char       *token_url;
  GStrv       scopes;
  JsonObject *authorize_params;
  char       *login_path;
  char       *application_field;
  char       *identity_field;
  char       *session_cookie;
  gboolean    client_basic;
};

G_DEFINE_FINAL_TYPE (SbConnectorAuth, sb_connector_auth, G_TYPE_OBJECT)

static void
sb_connector_auth_finalize (GObject *object)
{
  SbConnectorAuth *self = (SbConnectorAuth *)object;

  g_free (self->label);
  g_clear_object (&self->fields);
  g_free (self->header_name);
  g_free (self->token_field);
  g_free (self->username_field);
  g_free (self->password_field);
  g_free (self->authorize_url);
  g_free (self->token_url);
  g_strfreev (self->scopes);
  g_clear_pointer (&self->authorize_params, json_object_unref);
  g_free (self->login_path);
  g_free (self->application_field);
  g_free (self->identity_field);
  g_free (self->session_cookie);

  G_OBJECT_CLASS (sb_connector_auth_parent_class)->finalize (object);
}

static void
sb_connector_auth_class_init (SbConnectorAuthClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sb_connector_auth_finalize;
}

static void
sb_connector_auth_init (SbConnectorAuth *self)
{
  self->fields = g_list_store_new (SB_TYPE_CONNECTOR_FIELD);
}

/* Reads the member naming one of the scheme's fields, with a default. */
static char *
read_field_ref (Reader          *r,
                JsonObject      *object,
                const char      *member,
                const char      *default_id,
                SbConnectorAuth *auth)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *id;

  if (node != NULL && JSON_NODE_HOLDS_NULL (node))
    return NULL;

  id = read_string (r, object, member, FALSE);
  if (id == NULL)
    id = default_id;
  if (id == NULL || r->error != NULL)
    return NULL;

  if (lookup_field_in (G_LIST_MODEL (auth->fields), id) == NULL)
    {
      reader_fail (r, member, _("no field “%s”"), id);
      return NULL;
    }

  return g_strdup (id);
}

static SbConnectorAuth *
read_auth (Reader     *r,
           JsonNode   *node,
           GListModel *common_fields)
{
  static const char * const allowed[] = {
    "kind", "label", "fields", "header", "token_field", "username_field", "password_field",
    "authorize_url", "token_url", "scopes", "authorize_params", "client_authentication",
    "login_path", "application_field", "identity_field", "session_cookie", NULL
  };
  g_autoptr(SbConnectorAuth) self = g_object_new (SB_TYPE_CONNECTOR_AUTH, NULL);
  JsonObject *object;
  const char *kind;
  const char *string;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      reader_fail (r, NULL, "%s", _("expected an object"));
      return NULL;
    }

  object = json_node_get_object (node);
  check_members (r, object, allowed);

  kind = read_string (r, object, "kind", TRUE);
  if (kind != NULL && !sb_auth_kind_from_string (kind, &self->kind))
    {
      reader_fail (r, "kind", _("unknown authentication kind “%s”"), kind);
      return NULL;
    }

  string = read_string (r, object, "label", FALSE);
  self->label = g_strdup (string != NULL ? translate (string)
                                         : sb_auth_kind_get_label (self->kind));

  read_fields (r, object, "fields", TRUE, self->fields);
  for (guint i = 0; i < g_list_model_get_n_items (common_fields); i++)
    {
      g_autoptr(SbConnectorField) field = g_list_model_get_item (common_fields, i);

      if (lookup_field_in (G_LIST_MODEL (self->fields), field->id) != NULL)
        reader_fail (r, "fields", _("“%s” is already a field of the connector"), field->id);
      g_list_store_append (self->fields, field);
    }
  if (r->error != NULL)
    return NULL;

  switch (self->kind)
    {
    case SB_AUTH_KIND_NONE:
      break;

    case SB_AUTH_KIND_API_KEY_HEADER:
      string = read_string (r, object, "header", TRUE);
      if (string != NULL && string[0] == '{')
        {
          g_autofree char *id = dup_whole_placeholder (string);

          if (id == NULL || lookup_field_in (G_LIST_MODEL (self->fields), id) == NULL)
            reader_fail (r, "header", _("no field “%s”"), string);
        }
      self->header_name = g_strdup (string);
      self->token_field = read_field_ref (r, object, "token_field", "api_key", self);
      break;

    case SB_AUTH_KIND_BEARER:
      self->token_field = read_field_ref (r, object, "token_field", "token", self);
      break;

    case SB_AUTH_KIND_SHOPIFY_TOKEN:
      self->token_field = read_field_ref (r, object, "token_field", "access_token", self);
      break;

    case SB_AUTH_KIND_BASIC:
      self->username_field = read_field_ref (r, object, "username_field", "username", self);
      self->password_field = read_field_ref (r, object, "password_field", "password", self);
      if (self->username_field == NULL && r->error == NULL)
        reader_fail (r, "username_field", "%s", _("missing"));
      break;

    case SB_AUTH_KIND_OAUTH2:
      self->authorize_url = g_strdup (read_url (r, object, "authorize_url", TRUE));
      self->token_url = g_strdup (read_url (r, object, "token_url", TRUE));
      self->scopes = read_strv (r, object, "scopes", FALSE);
      self->authorize_params = read_string_map (r, object, "authorize_params");
      string = read_string (r, object, "client_authentication", FALSE);
      if (string != NULL && !g_str_equal (string, "basic") && !g_str_equal (string, "body"))
        reader_fail (r, "client_authentication", "%s", _("expected “basic” or “body”"));
      self->client_basic = g_strcmp0 (string, "basic") == 0;
      if (lookup_field_in (G_LIST_MODEL (self->fields), "client_id") == NULL)
        reader_fail (r, "fields", _("no field “%s”"), "client_id");
      break;

    case SB_AUTH_KIND_SOAP_SESSION:
      string = read_string (r, object, "login_path", TRUE);
      if (string != NULL && string[0] != '/')
        reader_fail (r, "login_path", "%s", _("must start with “/”"));
      self->login_path = g_strdup (string);
      self->application_field = read_field_ref (r, object, "application_field",
                                                "application_id", self);
      self->username_field = read_field_ref (r, object, "username_field", "username", self);
      self->password_field = read_field_ref (r, object, "password_field", "password", self);
      self->identity_field = read_field_ref (r, object, "identity_field", NULL, self);
      string = read_string (r, object, "session_cookie", FALSE);
      self->session_cookie = g_strdup (string != NULL ? string : "ASP.NET_SessionId");
      break;

    default:
      g_assert_not_reached ();
    }

  if (r->error != NULL)
    return NULL;

  return g_steal_pointer (&self);
}

SbAuthKind
sb_connector_auth_get_kind (SbConnectorAuth *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_AUTH (self), SB_AUTH_KIND_NONE);
  return self->kind;
}

const char *
sb_connector_auth_get_label (SbConnectorAuth *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_AUTH (self), NULL);
  return self->label;
}

GListModel *
sb_connector_auth_get_fields (SbConnectorAuth *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_AUTH (self), NULL);
  return G_LIST_MODEL (self->fields);
}

/**
 * sb_connector_auth_lookup_field:
 *
 * Returns: (transfer none) (nullable): the field called @id.
 */
SbConnectorField *
sb_connector_auth_lookup_field (SbConnectorAuth *self,
                                const char      *id)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_AUTH (self), NULL);
  return lookup_field_in (G_LIST_MODEL (self->fields), id);
}

const char *
sb_connector_auth_get_header_name (SbConnectorAuth *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_AUTH (self), NULL);
  return self->header_name;
}

const char *
sb_connector_auth_get_token_field (SbConnectorAuth *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_AUTH (self), NULL);
  return self->token_field;
}

const char *
sb_connector_auth_get_username_field (SbConnectorAuth *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_AUTH (self), NULL);
  return self->username_field;
}

const char *
sb_connector_auth_get_password_field (SbConnectorAuth *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_AUTH (self), NULL);
  return self->password_field;
}

const char *
sb_connector_auth_get_authorize_url (SbConnectorAuth *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_AUTH (self), NULL);
  return self->authorize_url;
}

const char *
sb_connector_auth_get_token_url (SbConnectorAuth *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_AUTH (self), NULL);
  return self->token_url;
}

const char * const *
sb_connector_auth_get_scopes (SbConnectorAuth *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_AUTH (self), NULL);
  return (const char * const *)self->scopes;
}

JsonObject *
sb_connector_auth_get_authorize_params (SbConnectorAuth *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_AUTH (self), NULL);
  return self->authorize_params;
}

gboolean
sb_connector_auth_get_client_basic (SbConnectorAuth *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_AUTH (self), FALSE);
  return self->client_basic;
}

const char *
sb_connector_auth_get_login_path (SbConnectorAuth *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_AUTH (self), NULL);
  return self->login_path;
}

const char *
sb_connector_auth_get_application_field (SbConnectorAuth *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_AUTH (self), NULL);
  return self->application_field;
}

const char *
sb_connector_auth_get_identity_field (SbConnectorAuth *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_AUTH (self), NULL);
  return self->identity_field;
}

const char *
sb_connector_auth_get_session_cookie (SbConnectorAuth *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_AUTH (self), NULL);
  return self->session_cookie;
}

/* ------------------------------------------------------------------------------------ */
/* SbConnectorAction */

typedef struct
{
  guint low;
  guint high;
} StatusRange;

struct _SbConnectorAction
{
  GObject            parent_instance;

  SbConnector       *connector; /* weak: the connector owns its actions */
  char              *id;
  char              *name;
  char              *description;
  char              *method;
  char              *path;
  SbBodyKind         body_kind;
  JsonNode          *body;
  char              *soap_action;
  char              *soap_body;
  JsonObject        *query;
  JsonObject        *headers;
  GListStore        *parameters;
  GListStore        *credential_parameters;
  SbConnectorAction *follow_up;
  JsonObject        *bind;
  GArray            *accept;
  char              *require;
  JsonObject        *info;
};

G_DEFINE_FINAL_TYPE (SbConnectorAction, sb_connector_action, G_TYPE_OBJECT)

enum {
  ACTION_PROP_0,
  ACTION_PROP_ID,
  ACTION_PROP_NAME,
  ACTION_PROP_DESCRIPTION,
  ACTION_N_PROPS
};

static GParamSpec *action_properties[ACTION_N_PROPS];

static void
sb_connector_action_finalize (GObject *object)
{
  SbConnectorAction *self = (SbConnectorAction *)object;

  g_free (self->id);
  g_free (self->name);
  g_free (self->description);
  g_free (self->method);
  g_free (self->path);
  g_clear_pointer (&self->body, json_node_unref);
  g_free (self->soap_action);
  g_free (self->soap_body);
  g_clear_pointer (&self->query, json_object_unref);
  g_clear_pointer (&self->headers, json_object_unref);
  g_clear_object (&self->parameters);
  g_clear_object (&self->credential_parameters);
  g_clear_object (&self->follow_up);
  g_clear_pointer (&self->bind, json_object_unref);
  g_clear_pointer (&self->accept, g_array_unref);
  g_free (self->require);
  g_clear_pointer (&self->info, json_object_unref);

  G_OBJECT_CLASS (sb_connector_action_parent_class)->finalize (object);
}

static void
sb_connector_action_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SbConnectorAction *self = SB_CONNECTOR_ACTION (object);

  switch (prop_id)
    {
    case ACTION_PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case ACTION_PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case ACTION_PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_connector_action_class_init (SbConnectorActionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sb_connector_action_finalize;
  object_class->get_property = sb_connector_action_get_property;

  action_properties[ACTION_PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  action_properties[ACTION_PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  action_properties[ACTION_PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, ACTION_N_PROPS, action_properties);
}

static void
sb_connector_action_init (SbConnectorAction *self)
{
  self->parameters = g_list_store_new (SB_TYPE_CONNECTOR_FIELD);
  self->credential_parameters = g_list_store_new (SB_TYPE_CONNECTOR_FIELD);
}

/* Calls @func for every {name} in @text. Names are letters, digits and '_'. */
static void
foreach_placeholder (const char *text,
                     void      (*func) (const char *name, gpointer data),
                     gpointer    data)
{
  for (const char *p = text; p != NULL && (p = strchr (p, '{')) != NULL; p++)
    {
      const char *end = p + 1;

      while (g_ascii_isalnum (*end) || *end == '_')
        end++;
      if (*end == '}' && end > p + 1)
        {
          g_autofree char *name = g_strndup (p + 1, end - p - 1);

          func (name, data);
        }
    }
}

static void
foreach_placeholder_in_node (JsonNode  *node,
                             void     (*func) (const char *name, gpointer data),
                             gpointer   data)
{
  if (node == NULL)
    return;

  if (is_string (node))
    foreach_placeholder (json_node_get_string (node), func, data);
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *member;
      JsonNode *value;

      json_object_iter_init_ordered (&iter, json_node_get_object (node));
      while (json_object_iter_next_ordered (&iter, &member, &value))
        foreach_placeholder_in_node (value, func, data);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        foreach_placeholder_in_node (json_array_get_element (array, i), func, data);
    }
}

typedef struct
{
  Reader            *reader;
  const char        *member;
  SbConnectorAction *action;
  GListModel        *credential_fields; /* every scheme's fields, for placeholders */
  JsonObject        *bind;              /* a follow-up's placeholders */
} PlaceholderCheck;

static void
check_placeholder (const char *name,
                   gpointer    data)
{
  PlaceholderCheck *check = data;
  SbConnectorField *field;

  if (lookup_field_in (G_LIST_MODEL (check->action->parameters), name) != NULL ||
      lookup_field_in (G_LIST_MODEL (check->action->credential_parameters), name) != NULL ||
      (check->bind != NULL && json_object_has_member (check->bind, name)))
    return;

  field = check->credential_fields != NULL ? lookup_field_in (check->credential_fields, name)
                                           : NULL;
  if (field != NULL && !field->secret)
    {
      g_list_store_append (check->action->credential_parameters, field);
      return;
    }

  /* Translators: %s is a placeholder such as {customer_number} */
  reader_fail (check->reader, check->member, _("unknown placeholder “{%s}”"), name);
}

static const char * const action_members[] = {
  "method", "path", "body", "template", "soap_action", "soap_body", "query", "headers",
  "parameters", "follow_up", NULL
};

static const char * const methods[] = { "GET", "POST", "PUT", "PATCH", "DELETE", NULL };

static void read_request (Reader            *r,
                          JsonObject        *object,
                          SbConnectorAction *self,
                          JsonObject        *connector_headers,
                          GListModel        *credential_fields,
                          JsonObject        *bind);

static JsonObject *
merge_headers (JsonObject *connector_headers,
               JsonObject *own)
{
  JsonObject *merged;
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  if (connector_headers == NULL && own == NULL)
    return NULL;

  merged = json_object_new ();
  for (guint pass = 0; pass < 2; pass++)
    {
      JsonObject *source = pass == 0 ? connector_headers : own;

      if (source == NULL)
        continue;
      json_object_iter_init_ordered (&iter, source);
      while (json_object_iter_next_ordered (&iter, &member, &value))
        json_object_set_member (merged, member, json_node_copy (value));
    }

  json_object_seal (merged);
  return merged;
}

static void
read_follow_up (Reader            *r,
                JsonObject        *object,
                SbConnectorAction *self,
                JsonObject        *connector_headers,
                GListModel        *credential_fields)
{
  static const char * const follow_allowed[] = {
    "method", "path", "query", "headers", "bind", NULL
  };
  JsonObject *follow = read_object (r, object, "follow_up", FALSE);
  JsonObject *bind;
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;
  gsize len;

  if (follow == NULL)
    return;

  len = reader_push (r, "follow_up");
  check_members (r, follow, follow_allowed);

  bind = read_object (r, follow, "bind", TRUE);
  if (bind != NULL)
    {
      gsize blen = reader_push (r, "bind");

      json_object_iter_init_ordered (&iter, bind);
      while (json_object_iter_next_ordered (&iter, &member, &value))
        {
          gboolean ok = is_string (value);

          if (JSON_NODE_HOLDS_ARRAY (value))
            {
              JsonArray *paths = json_node_get_array (value);

              ok = json_array_get_length (paths) > 0;
              for (guint i = 0; ok && i < json_array_get_length (paths); i++)
                ok = is_string (json_array_get_element (paths, i));
            }
          if (!ok)
            reader_fail (r, member, "%s", _("expected a path or an array of paths"));
        }
      reader_pop (r, blen);

      self->follow_up = g_object_new (SB_TYPE_CONNECTOR_ACTION, NULL);
      self->follow_up->id = g_strdup (self->id);
      self->follow_up->name = g_strdup (self->name);
      self->follow_up->bind = json_object_ref (bind);

      /* What the first answer gives becomes the follow-up's parameters. */
      json_object_iter_init_ordered (&iter, bind);
      while (json_object_iter_next_ordered (&iter, &member, &value))
        {
          g_autoptr(SbConnectorField) field = g_object_new (SB_TYPE_CONNECTOR_FIELD, NULL);

          field->id = g_strdup (member);
          field->label = g_strdup (member);
          g_list_store_append (self->follow_up->parameters, field);
        }
      read_request (r, follow, self->follow_up, connector_headers, credential_fields, bind);
    }

  reader_pop (r, len);
}

static void
read_request (Reader            *r,
              JsonObject        *object,
              SbConnectorAction *self,
              JsonObject        *connector_headers,
              GListModel        *credential_fields,
              JsonObject        *bind)
{
  g_autoptr(JsonObject) headers = NULL;
  PlaceholderCheck check = { r, NULL, self, credential_fields, bind };
  const char *method;
  const char *path;
  const char *body;
  guint index;

  method = read_string (r, object, "method", FALSE);
  if (method == NULL)
    method = "GET";
  else if (!g_strv_contains (methods, method))
    reader_fail (r, "method", _("unknown method “%s”"), method);
  self->method = g_strdup (method);

  path = read_string (r, object, "path", TRUE);
  if (path != NULL && path[0] != '/')
    reader_fail (r, "path", "%s", _("must start with “/”"));
  self->path = g_strdup (path);

  self->query = read_string_map (r, object, "query");
  headers = read_string_map (r, object, "headers");
  self->headers = merge_headers (connector_headers, headers);
  read_fields (r, object, "parameters", FALSE, self->parameters);

  if (json_object_has_member (object, "template"))
    {
      JsonNode *template = json_object_get_member (object, "template");

      g_autofree char *whole = is_string (template)
                                 ? dup_whole_placeholder (json_node_get_string (template)) : NULL;

      /* "{body}": the whole body is one parameter. */
      if (!JSON_NODE_HOLDS_OBJECT (template) && !JSON_NODE_HOLDS_ARRAY (template) &&
          whole == NULL)
        reader_fail (r, "template", "%s",
                     _("expected an object, an array or a “{placeholder}”"));
      else
        {
          self->body = json_node_copy (template);
          json_node_seal (self->body);
        }
    }
  self->soap_action = g_strdup (read_string (r, object, "soap_action", FALSE));
  self->soap_body = g_strdup (read_string (r, object, "soap_body", FALSE));

  body = read_string (r, object, "body", FALSE);
  if (body == NULL)
    self->body_kind = self->soap_body != NULL ? SB_BODY_KIND_SOAP
                    : self->body != NULL ? SB_BODY_KIND_JSON
                    : g_str_equal (self->method, "GET") || g_str_equal (self->method, "DELETE")
                      ? SB_BODY_KIND_NONE : SB_BODY_KIND_JSON;
  else if (lookup_name ((const char * const[]) { "none", "json", "form", "soap" }, 4, body,
                        &index))
    self->body_kind = (SbBodyKind)index;
  else
    reader_fail (r, "body", _("unknown body kind “%s”"), body);

  if (r->error != NULL)
    return;

  if (self->body_kind == SB_BODY_KIND_SOAP)
    {
      if (self->soap_body == NULL)
        reader_fail (r, "soap_body", "%s", _("missing"));
      else if (self->soap_action == NULL)
        reader_fail (r, "soap_action", "%s", _("missing"));
      else if (self->body != NULL)
        reader_fail (r, "template", "%s", _("a SOAP request has a soap_body instead"));
      else if (!g_str_equal (self->method, "POST"))
        reader_fail (r, "method", "%s", _("a SOAP request is a POST"));
    }
  else if (self->soap_body != NULL || self->soap_action != NULL)
    reader_fail (r, self->soap_body != NULL ? "soap_body" : "soap_action", "%s",
                 _("only a SOAP request has one"));
  else if (self->body_kind == SB_BODY_KIND_NONE && self->body != NULL)
    reader_fail (r, "template", "%s", _("a request without a body has no template"));
  else if (self->body_kind == SB_BODY_KIND_FORM && self->body != NULL &&
           !JSON_NODE_HOLDS_OBJECT (self->body))
    reader_fail (r, "template", "%s", _("expected an object"));

  check.member = "path";
  foreach_placeholder (self->path, check_placeholder, &check);
  check.member = "template";
  foreach_placeholder_in_node (self->body, check_placeholder, &check);
  check.member = "soap_body";
  foreach_placeholder (self->soap_body, check_placeholder, &check);
  if (self->query != NULL)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), self->query);

      check.member = "query";
      foreach_placeholder_in_node (node, check_placeholder, &check);
    }

  read_follow_up (r, object, self, connector_headers, credential_fields);
}

/* @object: (nullable): an action's statuses are always 2xx; a test may accept others. */
static void
read_accept (Reader            *r,
             JsonObject        *object,
             SbConnectorAction *self)
{
  JsonArray *array = object != NULL ? read_array (r, object, "accept", FALSE) : NULL;
  gsize len;

  self->accept = g_array_new (FALSE, FALSE, sizeof (StatusRange));
  if (array == NULL)
    {
      StatusRange ok = { 200, 299 };

      g_array_append_val (self->accept, ok);
      return;
    }

  len = reader_push (r, "accept");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      StatusRange range = { 0, 0 };

      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_INT64)
        range.low = range.high = CLAMP (json_node_get_int (element), 0, 999);
      else if (is_string (element) && strlen (json_node_get_string (element)) == 3 &&
               g_ascii_isdigit (json_node_get_string (element)[0]) &&
               g_str_has_suffix (json_node_get_string (element), "xx"))
        {
          range.low = (json_node_get_string (element)[0] - '0') * 100;
          range.high = range.low + 99;
        }

      if (range.low < 100 || range.high > 599)
        {
          gsize ilen = reader_push_index (r, i);

          reader_fail (r, NULL, "%s", _("expected a status such as 404 or “2xx”"));
          reader_pop (r, ilen);
          break;
        }
      g_array_append_val (self->accept, range);
    }
  reader_pop (r, len);
}

static SbConnectorAction *
read_action (Reader      *r,
             JsonNode    *node,
             JsonObject  *connector_headers,
             GListModel  *credential_fields)
{
  static const char * const own[] = { "id", "name", "description", NULL };
  g_autoptr(SbConnectorAction) self = g_object_new (SB_TYPE_CONNECTOR_ACTION, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) allowed = NULL;
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      reader_fail (r, NULL, "%s", _("expected an object"));
      return NULL;
    }
  object = json_node_get_object (node);

  g_strv_builder_addv (builder, (const char **)own);
  g_strv_builder_addv (builder, (const char **)action_members);
  allowed = g_strv_builder_end (builder);
  check_members (r, object, (const char * const *)allowed);

  self->id = g_strdup (read_string (r, object, "id", TRUE));
  self->name = dup_translated (read_string (r, object, "name", TRUE));
  self->description = dup_translated (read_string (r, object, "description", FALSE));
  read_request (r, object, self, connector_headers, credential_fields, NULL);
  read_accept (r, NULL, self);

  if (r->error != NULL)
    return NULL;

  return g_steal_pointer (&self);
}

static SbConnectorAction *
read_test (Reader      *r,
           JsonObject  *object,
           JsonObject  *connector_headers,
           GListModel  *credential_fields)
{
  static const char * const own[] = { "accept", "require", "info", NULL };
  g_autoptr(SbConnectorAction) self = g_object_new (SB_TYPE_CONNECTOR_ACTION, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) allowed = NULL;

  g_strv_builder_addv (builder, (const char **)own);
  g_strv_builder_addv (builder, (const char **)action_members);
  allowed = g_strv_builder_end (builder);
  check_members (r, object, (const char * const *)allowed);

  self->id = g_strdup ("test");
  self->name = g_strdup (_("Connection test"));
  read_request (r, object, self, connector_headers, credential_fields, NULL);
  read_accept (r, object, self);
  self->require = g_strdup (read_string (r, object, "require", FALSE));
  self->info = read_string_map (r, object, "info");

  if (r->error != NULL)
    return NULL;

  return g_steal_pointer (&self);
}

const char *
sb_connector_action_get_id (SbConnectorAction *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_ACTION (self), NULL);
  return self->id;
}

const char *
sb_connector_action_get_name (SbConnectorAction *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_ACTION (self), NULL);
  return self->name;
}

const char *
sb_connector_action_get_description (SbConnectorAction *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_ACTION (self), NULL);
  return self->description;
}

const char *
sb_connector_action_get_method (SbConnectorAction *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_ACTION (self), NULL);
  return self->method;
}

const char *
sb_connector_action_get_path (SbConnectorAction *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_ACTION (self), NULL);
  return self->path;
}

SbBodyKind
sb_connector_action_get_body_kind (SbConnectorAction *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_ACTION (self), SB_BODY_KIND_NONE);
  return self->body_kind;
}

JsonNode *
sb_connector_action_get_body (SbConnectorAction *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_ACTION (self), NULL);
  return self->body;
}

const char *
sb_connector_action_get_soap_action (SbConnectorAction *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_ACTION (self), NULL);
  return self->soap_action;
}

const char *
sb_connector_action_get_soap_body (SbConnectorAction *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_ACTION (self), NULL);
  return self->soap_body;
}

JsonObject *
sb_connector_action_get_query (SbConnectorAction *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_ACTION (self), NULL);
  return self->query;
}

JsonObject *
sb_connector_action_get_headers (SbConnectorAction *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_ACTION (self), NULL);
  return self->headers;
}

GListModel *
sb_connector_action_get_parameters (SbConnectorAction *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_ACTION (self), NULL);
  return G_LIST_MODEL (self->parameters);
}

/**
 * sb_connector_action_lookup_parameter:
 *
 * Returns: (transfer none) (nullable): the parameter called @id.
 */
SbConnectorField *
sb_connector_action_lookup_parameter (SbConnectorAction *self,
                                      const char        *id)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_ACTION (self), NULL);
  return lookup_field_in (G_LIST_MODEL (self->parameters), id);
}

GListModel *
sb_connector_action_get_credential_parameters (SbConnectorAction *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_ACTION (self), NULL);
  return G_LIST_MODEL (self->credential_parameters);
}

/**
 * sb_connector_action_get_follow_up:
 *
 * Returns: (transfer none) (nullable): the second request.
 */
SbConnectorAction *
sb_connector_action_get_follow_up (SbConnectorAction *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_ACTION (self), NULL);
  return self->follow_up;
}

JsonObject *
sb_connector_action_get_bind (SbConnectorAction *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_ACTION (self), NULL);
  return self->bind;
}

SbConnector *
sb_connector_action_get_connector (SbConnectorAction *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_ACTION (self), NULL);
  return self->connector;
}

gboolean
sb_connector_action_accepts_status (SbConnectorAction *self,
                                    guint              status)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_ACTION (self), FALSE);

  if (self->accept == NULL)
    return status >= 200 && status < 300;

  for (guint i = 0; i < self->accept->len; i++)
    {
      StatusRange *range = &g_array_index (self->accept, StatusRange, i);

      if (status >= range->low && status <= range->high)
        return TRUE;
    }

  return FALSE;
}

const char *
sb_connector_action_get_require (SbConnectorAction *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_ACTION (self), NULL);
  return self->require;
}

JsonObject *
sb_connector_action_get_info (SbConnectorAction *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_ACTION (self), NULL);
  return self->info;
}

/* ------------------------------------------------------------------------------------ */
/* SbConnectorPollTrigger */

struct _SbConnectorPollTrigger
{
  GObject            parent_instance;

  char              *id;
  char              *name;
  char              *description;
  SbConnectorAction *request;
  char              *items_path;
  char              *cursor_param;
  char              *cursor_field;
  SbFieldLocation    cursor_location;
  gboolean           newest_first;
};

G_DEFINE_FINAL_TYPE (SbConnectorPollTrigger, sb_connector_poll_trigger, G_TYPE_OBJECT)

enum {
  TRIGGER_PROP_0,
  TRIGGER_PROP_ID,
  TRIGGER_PROP_NAME,
  TRIGGER_PROP_DESCRIPTION,
  TRIGGER_N_PROPS
};

static GParamSpec *trigger_properties[TRIGGER_N_PROPS];

static void
sb_connector_poll_trigger_finalize (GObject *object)
{
  SbConnectorPollTrigger *self = (SbConnectorPollTrigger *)object;

  g_free (self->id);
  g_free (self->name);
  g_free (self->description);
  g_clear_object (&self->request);
  g_free (self->items_path);
  g_free (self->cursor_param);
  g_free (self->cursor_field);

  G_OBJECT_CLASS (sb_connector_poll_trigger_parent_class)->finalize (object);
}

static void
sb_connector_poll_trigger_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  SbConnectorPollTrigger *self = SB_CONNECTOR_POLL_TRIGGER (object);

  switch (prop_id)
    {
    case TRIGGER_PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case TRIGGER_PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case TRIGGER_PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_connector_poll_trigger_class_init (SbConnectorPollTriggerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sb_connector_poll_trigger_finalize;
  object_class->get_property = sb_connector_poll_trigger_get_property;

  trigger_properties[TRIGGER_PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  trigger_properties[TRIGGER_PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  trigger_properties[TRIGGER_PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, TRIGGER_N_PROPS, trigger_properties);
}

static void
sb_connector_poll_trigger_init (SbConnectorPollTrigger *self)
{
}

static SbConnectorPollTrigger *
read_poll_trigger (Reader      *r,
                   JsonNode    *node,
                   JsonObject  *connector_headers,
                   GListModel  *credential_fields)
{
  static const char * const own[] = { "id", "name", "description", "items", "cursor", NULL };
  static const char * const cursor_allowed[] = {
    "param", "in", "field", "newest_first", NULL
  };
  g_autoptr(SbConnectorPollTrigger) self = g_object_new (SB_TYPE_CONNECTOR_POLL_TRIGGER, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) allowed = NULL;
  JsonObject *object;
  JsonObject *cursor;
  const char *string;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      reader_fail (r, NULL, "%s", _("expected an object"));
      return NULL;
    }
  object = json_node_get_object (node);

  g_strv_builder_addv (builder, (const char **)own);
  g_strv_builder_addv (builder, (const char **)action_members);
  allowed = g_strv_builder_end (builder);
  check_members (r, object, (const char * const *)allowed);

  self->id = g_strdup (read_string (r, object, "id", TRUE));
  self->name = dup_translated (read_string (r, object, "name", TRUE));
  self->description = dup_translated (read_string (r, object, "description", FALSE));

  /* "" is the answer itself (a bare array). */
  if (json_object_has_member (object, "items"))
    self->items_path = g_strdup (read_string (r, object, "items", FALSE));
  else
    reader_fail (r, "items", "%s", _("missing"));

  cursor = read_object (r, object, "cursor", TRUE);
  if (cursor != NULL)
    {
      gsize len = reader_push (r, "cursor");

      check_members (r, cursor, cursor_allowed);
      self->cursor_param = g_strdup (read_string (r, cursor, "param", TRUE));
      string = read_string (r, cursor, "in", FALSE);
      if (string == NULL || g_str_equal (string, "query"))
        self->cursor_location = SB_FIELD_LOCATION_QUERY;
      else if (g_str_equal (string, "body"))
        self->cursor_location = SB_FIELD_LOCATION_BODY;
      else
        reader_fail (r, "in", "%s", _("expected “query” or “body”"));
      self->cursor_field = g_strdup (read_string (r, cursor, "field", FALSE));
      self->newest_first = read_boolean (r, cursor, "newest_first", FALSE);
      reader_pop (r, len);
    }

  if (r->error != NULL)
    return NULL;

  self->request = g_object_new (SB_TYPE_CONNECTOR_ACTION, NULL);
  self->request->id = g_strdup (self->id);
  self->request->name = g_strdup (self->name);

  /* The cursor is a parameter of the request, so that it may fill a placeholder. */
  {
    g_autoptr(SbConnectorField) field = g_object_new (SB_TYPE_CONNECTOR_FIELD, NULL);

    field->id = g_strdup (self->cursor_param);
    field->label = g_strdup (_("Cursor"));
    field->optional = TRUE;
    field->location = self->cursor_location;
    g_list_store_append (self->request->parameters, field);
  }
  read_request (r, object, self->request, connector_headers, credential_fields, NULL);
  read_accept (r, NULL, self->request);

  if (r->error != NULL)
    return NULL;

  return g_steal_pointer (&self);
}

const char *
sb_connector_poll_trigger_get_id (SbConnectorPollTrigger *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_POLL_TRIGGER (self), NULL);
  return self->id;
}

const char *
sb_connector_poll_trigger_get_name (SbConnectorPollTrigger *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_POLL_TRIGGER (self), NULL);
  return self->name;
}

const char *
sb_connector_poll_trigger_get_description (SbConnectorPollTrigger *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_POLL_TRIGGER (self), NULL);
  return self->description;
}

/**
 * sb_connector_poll_trigger_get_request:
 *
 * Returns: (transfer none): the request, whose parameters include the cursor.
 */
SbConnectorAction *
sb_connector_poll_trigger_get_request (SbConnectorPollTrigger *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_POLL_TRIGGER (self), NULL);
  return self->request;
}

const char *
sb_connector_poll_trigger_get_path (SbConnectorPollTrigger *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_POLL_TRIGGER (self), NULL);
  return self->request->path;
}

const char *
sb_connector_poll_trigger_get_items_path (SbConnectorPollTrigger *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_POLL_TRIGGER (self), NULL);
  return self->items_path;
}

const char *
sb_connector_poll_trigger_get_cursor_param (SbConnectorPollTrigger *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_POLL_TRIGGER (self), NULL);
  return self->cursor_param;
}

SbFieldLocation
sb_connector_poll_trigger_get_cursor_location (SbConnectorPollTrigger *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_POLL_TRIGGER (self), SB_FIELD_LOCATION_QUERY);
  return self->cursor_location;
}

const char *
sb_connector_poll_trigger_get_cursor_field (SbConnectorPollTrigger *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_POLL_TRIGGER (self), NULL);
  return self->cursor_field;
}

gboolean
sb_connector_poll_trigger_get_newest_first (SbConnectorPollTrigger *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_POLL_TRIGGER (self), FALSE);
  return self->newest_first;
}

/* ------------------------------------------------------------------------------------ */
/* SbConnector */

struct _SbConnector
{
  GObject            parent_instance;

  char              *id;
  JsonNode          *definition;
  char              *name;
  char              *description;
  char              *category;
  char              *icon_name;
  char              *documentation_url;
  char              *base_url;
  GStrv              base_urls;
  GStrv              base_url_labels;

  char              *provider_name;
  char              *support_email;
  char              *support_url;
  char              *privacy_policy_url;
  char              *purpose;
  GStrv              personal_data;
  char              *direction;

  GPtrArray         *auths;
  SbConnectorAction *test;
  GListStore        *actions;
  GListStore        *poll_triggers;

  SbSignatureScheme  webhook_scheme;
  char              *webhook_header;
  char              *webhook_secret_field;

  guint              rate_requests;
  guint              rate_seconds;

  GStrv              error_message_paths;
  GStrv              error_code_paths;

  GPtrArray         *templates;      /* SbConnectorTemplate */
  char              *two_sided_instructions;
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
  g_free (self->name);
  g_free (self->description);
  g_free (self->category);
  g_free (self->icon_name);
  g_free (self->documentation_url);
  g_free (self->base_url);
  g_strfreev (self->base_urls);
  g_strfreev (self->base_url_labels);
  g_free (self->provider_name);
  g_free (self->support_email);
  g_free (self->support_url);
  g_free (self->privacy_policy_url);
  g_free (self->purpose);
  g_strfreev (self->personal_data);
  g_free (self->direction);
  g_clear_pointer (&self->auths, g_ptr_array_unref);
  g_clear_object (&self->test);
  g_clear_object (&self->actions);
  g_clear_object (&self->poll_triggers);
  g_free (self->webhook_header);
  g_free (self->webhook_secret_field);
  g_strfreev (self->error_message_paths);
  g_strfreev (self->error_code_paths);
  g_clear_pointer (&self->templates, g_ptr_array_unref);
  g_free (self->two_sided_instructions);

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
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sb_connector_finalize;
  object_class->get_property = sb_connector_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_CATEGORY] = g_param_spec_string ("category", NULL, NULL, NULL, flags);
  properties[PROP_ICON_NAME] = g_param_spec_string ("icon-name", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sb_connector_init (SbConnector *self)
{
  self->auths = g_ptr_array_new_with_free_func (g_object_unref);
  self->actions = g_list_store_new (SB_TYPE_CONNECTOR_ACTION);
  self->poll_triggers = g_list_store_new (SB_TYPE_CONNECTOR_POLL_TRIGGER);
  self->templates = g_ptr_array_new_with_free_func ((GDestroyNotify) sb_connector_template_free);
}

static void
read_provider (Reader      *r,
               JsonObject  *object,
               SbConnector *self)
{
  static const char * const allowed[] = {
    "name", "support_email", "support_url", "privacy_policy_url", "purpose",
    "personal_data", NULL
  };
  JsonObject *provider = read_object (r, object, "provider", TRUE);
  const char *email;
  gsize len;

  if (provider == NULL)
    return;

  len = reader_push (r, "provider");
  check_members (r, provider, allowed);
  self->provider_name = g_strdup (read_string (r, provider, "name", FALSE));
  email = read_string (r, provider, "support_email", FALSE);
  if (email != NULL && strchr (email, '@') == NULL)
    reader_fail (r, "support_email", "%s", _("expected an e-mail address"));
  self->support_email = g_strdup (email);
  self->support_url = g_strdup (read_url (r, provider, "support_url", FALSE));
  self->privacy_policy_url = g_strdup (read_url (r, provider, "privacy_policy_url", FALSE));
  self->purpose = dup_translated (read_string (r, provider, "purpose", FALSE));
  self->personal_data = read_strv (r, provider, "personal_data", TRUE);
  reader_pop (r, len);
}

/* Templates {{{ */

void
sb_connector_template_free (SbConnectorTemplate *template)
{
  g_free (template->id);
  g_free (template->name);
  g_free (template->description);
  g_free (template->type);
  g_free (template->purpose);
  g_strfreev (template->services);
  g_clear_pointer (&template->trigger, json_node_unref);
  g_clear_pointer (&template->steps, json_node_unref);
  g_clear_pointer (&template->settings, json_node_unref);
  g_free (template);
}

/* The "account" members of a trigger or of steps (nested steps included): the connector ids
 * of the services whose accounts the template needs. */
static void
collect_template_services (Reader       *r,
                           JsonNode     *node,
                           GStrvBuilder *services,
                           GHashTable   *seen)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        collect_template_services (r, json_array_get_element (array, i), services, seen);
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      JsonNode *account = json_object_get_member (object, "account");
      JsonNode *steps = json_object_get_member (object, "steps");

      if (account != NULL)
        {
          const char *service = is_string (account) ? json_node_get_string (account) : NULL;

          if (service == NULL || service[0] == '\0')
            reader_fail (r, "account", "%s", _("expected the id of a service"));
          else if (g_hash_table_add (seen, g_strdup (service)))
            g_strv_builder_add (services, service);
        }
      if (steps != NULL)
        collect_template_services (r, steps, services, seen);
    }
}

static SbConnectorTemplate *
read_template (Reader     *r,
               JsonNode   *node)
{
  static const char * const allowed[] = {
    "id", "name", "description", "type", "purpose", "trigger", "steps", "settings", NULL
  };
  SbConnectorTemplate *template;
  g_autoptr(GStrvBuilder) services = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonObject *object;
  JsonObject *trigger;
  JsonArray *steps;
  JsonObject *settings;
  const char *type;
  gsize len;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      reader_fail (r, NULL, "%s", _("expected an object"));
      return NULL;
    }

  object = json_node_get_object (node);
  check_members (r, object, allowed);
  template = g_new0 (SbConnectorTemplate, 1);
  template->id = g_strdup (read_string (r, object, "id", TRUE));
  template->name = dup_translated (read_string (r, object, "name", TRUE));
  template->description = dup_translated (read_string (r, object, "description", FALSE));
  type = read_string (r, object, "type", TRUE);
  if (type != NULL &&
      !g_str_equal (type, "import") && !g_str_equal (type, "export") &&
      !g_str_equal (type, "two-way"))
    reader_fail (r, "type", "%s", _("expected “import”, “export” or “two-way”"));
  template->type = g_strdup (type);
  template->purpose = dup_translated (read_string (r, object, "purpose", TRUE));

  trigger = read_object (r, object, "trigger", TRUE);
  if (trigger != NULL)
    {
      len = reader_push (r, "trigger");
      if (read_string (r, trigger, "kind", TRUE) != NULL)
        collect_template_services (r, json_object_get_member (object, "trigger"),
                                   services, seen);
      reader_pop (r, len);
      template->trigger = json_node_copy (json_object_get_member (object, "trigger"));
    }

  steps = read_array (r, object, "steps", TRUE);
  if (steps != NULL)
    {
      len = reader_push (r, "steps");
      if (json_array_get_length (steps) == 0)
        reader_fail (r, NULL, "%s", _("must not be empty"));
      for (guint i = 0; i < json_array_get_length (steps) && r->error == NULL; i++)
        {
          gsize ilen = reader_push_index (r, i);

          collect_template_services (r, json_array_get_element (steps, i), services, seen);
          reader_pop (r, ilen);
        }
      reader_pop (r, len);
      template->steps = json_node_copy (json_object_get_member (object, "steps"));
    }

  settings = read_object (r, object, "settings", FALSE);
  if (settings != NULL)
    template->settings = json_node_copy (json_object_get_member (object, "settings"));

  template->services = g_strv_builder_end (services);
  return template;
}

static void
read_templates (Reader      *r,
                JsonObject  *object,
                SbConnector *self)
{
  JsonArray *array = read_array (r, object, "templates", FALSE);
  gsize len;

  if (array == NULL)
    return;

  len = reader_push (r, "templates");
  for (guint i = 0; i < json_array_get_length (array) && r->error == NULL; i++)
    {
      gsize ilen = reader_push_index (r, i);
      SbConnectorTemplate *template = read_template (r, json_array_get_element (array, i));

      if (template != NULL && template->id != NULL &&
          sb_connector_lookup_template (self, template->id) != NULL)
        reader_fail (r, "id", _("“%s” is used twice"), template->id);
      if (template != NULL)
        g_ptr_array_add (self->templates, template);
      reader_pop (r, ilen);
    }
  reader_pop (r, len);
}

static void
read_two_sided (Reader      *r,
                JsonObject  *object,
                SbConnector *self)
{
  static const char * const allowed[] = { "instructions", NULL };
  JsonObject *two_sided = read_object (r, object, "two_sided", FALSE);
  gsize len;

  if (two_sided == NULL)
    return;

  len = reader_push (r, "two_sided");
  check_members (r, two_sided, allowed);
  self->two_sided_instructions =
    dup_translated (read_string (r, two_sided, "instructions", TRUE));
  reader_pop (r, len);
}

guint
sb_connector_get_n_templates (SbConnector *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR (self), 0);
  return self->templates->len;
}

const SbConnectorTemplate *
sb_connector_get_template (SbConnector *self,
                           guint        index)
{
  g_return_val_if_fail (SB_IS_CONNECTOR (self), NULL);
  g_return_val_if_fail (index < self->templates->len, NULL);
  return g_ptr_array_index (self->templates, index);
}

const SbConnectorTemplate *
sb_connector_lookup_template (SbConnector *self,
                              const char  *id)
{
  g_return_val_if_fail (SB_IS_CONNECTOR (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < self->templates->len; i++)
    {
      SbConnectorTemplate *template = g_ptr_array_index (self->templates, i);

      if (g_strcmp0 (template->id, id) == 0)
        return template;
    }
  return NULL;
}

const char *
sb_connector_get_two_sided_instructions (SbConnector *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR (self), NULL);
  return self->two_sided_instructions;
}

/* }}} */

static void
read_base_urls (Reader      *r,
                JsonObject  *object,
                SbConnector *self)
{
  static const char * const allowed[] = { "url", "label", NULL };
  g_autoptr(GStrvBuilder) urls = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
  JsonArray *array = read_array (r, object, "base_urls", FALSE);

  if (array != NULL)
    {
      gsize len = reader_push (r, "base_urls");

      for (guint i = 0; i < json_array_get_length (array) && r->error == NULL; i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          gsize ilen = reader_push_index (r, i);

          if (!JSON_NODE_HOLDS_OBJECT (element))
            reader_fail (r, NULL, "%s", _("expected an object"));
          else
            {
              JsonObject *choice = json_node_get_object (element);
              const char *url;
              const char *label;

              check_members (r, choice, allowed);
              url = read_url (r, choice, "url", TRUE);
              label = read_string (r, choice, "label", TRUE);
              if (url != NULL && label != NULL)
                {
                  g_strv_builder_add (urls, url);
                  g_strv_builder_add (labels, translate (label));
                }
            }
          reader_pop (r, ilen);
        }
      reader_pop (r, len);
    }

  self->base_urls = g_strv_builder_end (urls);
  self->base_url_labels = g_strv_builder_end (labels);
}

static void
read_auths (Reader      *r,
            JsonObject  *object,
            SbConnector *self,
            GListStore  *common_fields)
{
  JsonNode *node = json_object_get_member (object, "auth");
  gsize len;

  if (node == NULL)
    {
      reader_fail (r, "auth", "%s", _("missing"));
      return;
    }

  len = reader_push (r, "auth");
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      if (json_array_get_length (array) == 0)
        reader_fail (r, NULL, "%s", _("must not be empty"));

      for (guint i = 0; i < json_array_get_length (array) && r->error == NULL; i++)
        {
          gsize ilen = reader_push_index (r, i);
          SbConnectorAuth *auth = read_auth (r, json_array_get_element (array, i),
                                             G_LIST_MODEL (common_fields));

          if (auth != NULL)
            {
              for (guint j = 0; j < self->auths->len; j++)
                {
                  if (((SbConnectorAuth *)g_ptr_array_index (self->auths, j))->kind == auth->kind)
                    reader_fail (r, "kind", _("“%s” is used twice"),
                                 sb_auth_kind_to_string (auth->kind));
                }
              g_ptr_array_add (self->auths, auth);
            }
          reader_pop (r, ilen);
        }
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      SbConnectorAuth *auth = read_auth (r, node, G_LIST_MODEL (common_fields));

      if (auth != NULL)
        g_ptr_array_add (self->auths, auth);
    }
  else
    reader_fail (r, NULL, "%s", _("expected an object or an array"));
  reader_pop (r, len);
}

/* Every credential field of every scheme, for placeholders in requests. */
static GListStore *
collect_credential_fields (SbConnector *self)
{
  GListStore *store = g_list_store_new (SB_TYPE_CONNECTOR_FIELD);

  for (guint i = 0; i < self->auths->len; i++)
    {
      SbConnectorAuth *auth = g_ptr_array_index (self->auths, i);

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (auth->fields)); j++)
        {
          g_autoptr(SbConnectorField) field = g_list_model_get_item (G_LIST_MODEL (auth->fields),
                                                                     j);

          if (lookup_field_in (G_LIST_MODEL (store), field->id) == NULL)
            g_list_store_append (store, field);
        }
    }

  return store;
}

static void
read_webhook (Reader      *r,
              JsonObject  *object,
              SbConnector *self,
              GListModel  *credential_fields)
{
  static const char * const allowed[] = { "scheme", "header", "secret_field", NULL };
  JsonObject *webhook = read_object (r, object, "webhook", FALSE);
  const char *scheme;
  gsize len;

  if (webhook == NULL)
    return;

  len = reader_push (r, "webhook");
  check_members (r, webhook, allowed);
  scheme = read_string (r, webhook, "scheme", TRUE);
  if (scheme != NULL && !sb_signature_scheme_from_string (scheme, &self->webhook_scheme))
    reader_fail (r, "scheme", _("unknown signature scheme “%s”"), scheme);

  if (self->webhook_scheme != SB_SIGNATURE_SCHEME_NONE && r->error == NULL)
    {
      const char *header = read_string (r, webhook, "header", TRUE);
      const char *secret = read_string (r, webhook, "secret_field", TRUE);

      self->webhook_header = g_strdup (header);
      self->webhook_secret_field = g_strdup (secret);
      if (secret != NULL && lookup_field_in (credential_fields, secret) == NULL)
        reader_fail (r, "secret_field", _("no field “%s”"), secret);
      if (header != NULL && header[0] == '{')
        {
          g_autofree char *id = dup_whole_placeholder (header);

          if (id == NULL || lookup_field_in (credential_fields, id) == NULL)
            reader_fail (r, "header", _("no field “%s”"), header);
        }
    }
  reader_pop (r, len);
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
  static const char * const allowed[] = {
    "name", "description", "category", "icon", "documentation_url", "base_url", "base_urls",
    "rate_limit", "provider", "headers", "errors", "auth", "fields", "test", "actions",
    "poll_triggers", "webhook", "notes", "direction", "templates", "two_sided", NULL
  };
  g_autoptr(SbConnector) self = NULL;
  g_autoptr(GString) path = g_string_new (NULL);
  g_autofree char *file = NULL;
  g_autoptr(JsonObject) headers = NULL;
  g_autoptr(GListStore) common_fields = g_list_store_new (SB_TYPE_CONNECTOR_FIELD);
  g_autoptr(GListStore) credential_fields = NULL;
  JsonObject *object;
  JsonObject *rate_limit;
  JsonObject *errors;
  JsonObject *test;
  JsonArray *array;
  const char *category;
  Reader reader = { NULL, NULL, NULL };
  Reader *r = &reader;
  g_auto(GStrv) notes = NULL;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (node != NULL, NULL);

  file = g_strconcat (id, ".json", NULL);
  reader.file = file;
  reader.path = path;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      reader_fail (r, NULL, "%s", _("expected an object"));
      g_propagate_error (error, reader.error);
      return NULL;
    }

  self = g_object_new (SB_TYPE_CONNECTOR, NULL);
  self->id = g_strdup (id);
  self->definition = json_node_ref (node);
  object = json_node_get_object (node);

  check_members (r, object, allowed);

  /* Service names are names: not translated. */
  self->name = g_strdup (read_string (r, object, "name", TRUE));
  self->description = dup_translated (read_string (r, object, "description", FALSE));
  category = read_string (r, object, "category", TRUE);
  if (category != NULL &&
      sb_connector_category_get_label (category) == category)
    reader_fail (r, "category", _("unknown category “%s”"), category);
  self->category = g_strdup (category);
  self->direction = g_strdup (read_string (r, object, "direction", FALSE));
  if (self->direction == NULL)
    self->direction = g_strdup ("two-way");
  else if (!g_str_equal (self->direction, "import") &&
           !g_str_equal (self->direction, "export") &&
           !g_str_equal (self->direction, "two-way"))
    reader_fail (r, "direction", "%s", _("expected “import”, “export” or “two-way”"));
  self->icon_name = g_strdup (read_string (r, object, "icon", FALSE));
  if (self->icon_name == NULL)
    self->icon_name = g_strdup ("network-server-symbolic");
  self->documentation_url = g_strdup (read_url (r, object, "documentation_url", FALSE));
  self->base_url = g_strdup (read_string (r, object, "base_url", FALSE));
  if (self->base_url != NULL && self->base_url[0] != '\0' && !is_http_url (self->base_url))
    reader_fail (r, "base_url", "%s", _("expected an http or https address"));
  read_base_urls (r, object, self);
  notes = read_strv (r, object, "notes", FALSE);

  rate_limit = read_object (r, object, "rate_limit", FALSE);
  if (rate_limit != NULL)
    {
      static const char * const rate_allowed[] = { "requests", "seconds", NULL };
      gsize len = reader_push (r, "rate_limit");

      check_members (r, rate_limit, rate_allowed);
      self->rate_requests = read_integer (r, rate_limit, "requests", TRUE, 1);
      self->rate_seconds = read_integer (r, rate_limit, "seconds", TRUE, 1);
      reader_pop (r, len);
    }

  read_provider (r, object, self);
  headers = read_string_map (r, object, "headers");

  errors = read_object (r, object, "errors", FALSE);
  if (errors != NULL)
    {
      static const char * const errors_allowed[] = { "message", "code", NULL };
      gsize len = reader_push (r, "errors");

      check_members (r, errors, errors_allowed);
      self->error_message_paths = read_strv (r, errors, "message", FALSE);
      self->error_code_paths = read_strv (r, errors, "code", FALSE);
      reader_pop (r, len);
    }

  read_fields (r, object, "fields", TRUE, common_fields);
  read_auths (r, object, self, common_fields);
  if (r->error != NULL)
    {
      g_propagate_error (error, reader.error);
      return NULL;
    }
  credential_fields = collect_credential_fields (self);

  test = read_object (r, object, "test", FALSE);
  if (test != NULL)
    {
      gsize len = reader_push (r, "test");

      self->test = read_test (r, test, headers, G_LIST_MODEL (credential_fields));
      if (self->test != NULL)
        self->test->connector = self;
      reader_pop (r, len);
    }

  array = read_array (r, object, "actions", FALSE);
  if (array != NULL)
    {
      gsize len = reader_push (r, "actions");

      for (guint i = 0; i < json_array_get_length (array) && r->error == NULL; i++)
        {
          gsize ilen = reader_push_index (r, i);
          g_autoptr(SbConnectorAction) action = read_action (r, json_array_get_element (array, i),
                                                             headers,
                                                             G_LIST_MODEL (credential_fields));

          if (action != NULL)
            {
              if (sb_connector_lookup_action (self, action->id) != NULL)
                reader_fail (r, "id", _("“%s” is used twice"), action->id);
              action->connector = self;
              if (action->follow_up != NULL)
                action->follow_up->connector = self;
              g_list_store_append (self->actions, action);
            }
          reader_pop (r, ilen);
        }
      reader_pop (r, len);
    }

  array = read_array (r, object, "poll_triggers", FALSE);
  if (array != NULL)
    {
      gsize len = reader_push (r, "poll_triggers");

      for (guint i = 0; i < json_array_get_length (array) && r->error == NULL; i++)
        {
          gsize ilen = reader_push_index (r, i);
          g_autoptr(SbConnectorPollTrigger) trigger =
            read_poll_trigger (r, json_array_get_element (array, i), headers,
                               G_LIST_MODEL (credential_fields));

          if (trigger != NULL)
            {
              if (sb_connector_lookup_poll_trigger (self, trigger->id) != NULL)
                reader_fail (r, "id", _("“%s” is used twice"), trigger->id);
              trigger->request->connector = self;
              if (trigger->request->follow_up != NULL)
                trigger->request->follow_up->connector = self;
              g_list_store_append (self->poll_triggers, trigger);
            }
          reader_pop (r, ilen);
        }
      reader_pop (r, len);
    }

  read_webhook (r, object, self, G_LIST_MODEL (credential_fields));
  read_two_sided (r, object, self);
  read_templates (r, object, self);

  if (r->error != NULL)
    {
      g_propagate_error (error, reader.error);
      return NULL;
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
sb_connector_get_description (SbConnector *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR (self), NULL);
  return self->description;
}

const char *
sb_connector_get_category (SbConnector *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR (self), NULL);
  return self->category;
}

const char *
sb_connector_get_category_label (SbConnector *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR (self), NULL);
  return sb_connector_category_get_label (self->category);
}

const char *
sb_connector_get_direction (SbConnector *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR (self), NULL);
  return self->direction;
}

const char *
sb_connector_get_icon_name (SbConnector *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR (self), NULL);
  return self->icon_name;
}

const char *
sb_connector_get_documentation_url (SbConnector *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR (self), NULL);
  return self->documentation_url;
}

const char *
sb_connector_get_default_base_url (SbConnector *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR (self), NULL);
  return self->base_url;
}

const char * const *
sb_connector_get_base_urls (SbConnector *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR (self), NULL);
  return (const char * const *)self->base_urls;
}

const char * const *
sb_connector_get_base_url_labels (SbConnector *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR (self), NULL);
  return (const char * const *)self->base_url_labels;
}

const char *
sb_connector_get_provider_name (SbConnector *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR (self), NULL);
  return self->provider_name;
}

const char *
sb_connector_get_support_email (SbConnector *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR (self), NULL);
  return self->support_email;
}

const char *
sb_connector_get_support_url (SbConnector *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR (self), NULL);
  return self->support_url;
}

const char *
sb_connector_get_privacy_policy_url (SbConnector *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR (self), NULL);
  return self->privacy_policy_url;
}

const char *
sb_connector_get_default_purpose (SbConnector *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR (self), NULL);
  return self->purpose;
}

const char * const *
sb_connector_get_personal_data (SbConnector *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR (self), NULL);
  return (const char * const *)self->personal_data;
}

guint
sb_connector_get_n_auths (SbConnector *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR (self), 0);
  return self->auths->len;
}

/**
 * sb_connector_get_auth:
 *
 * Returns: (transfer none): the scheme at @index.
 */
SbConnectorAuth *
sb_connector_get_auth (SbConnector *self,
                       guint        index)
{
  g_return_val_if_fail (SB_IS_CONNECTOR (self), NULL);
  g_return_val_if_fail (index < self->auths->len, NULL);
  return g_ptr_array_index (self->auths, index);
}

/**
 * sb_connector_lookup_auth:
 *
 * Returns: (transfer none) (nullable): the scheme of @kind.
 */
SbConnectorAuth *
sb_connector_lookup_auth (SbConnector *self,
                          SbAuthKind   kind)
{
  g_return_val_if_fail (SB_IS_CONNECTOR (self), NULL);

  for (guint i = 0; i < self->auths->len; i++)
    {
      SbConnectorAuth *auth = g_ptr_array_index (self->auths, i);

      if (auth->kind == kind)
        return auth;
    }

  return NULL;
}

SbAuthKind
sb_connector_get_auth_kind (SbConnector *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR (self), SB_AUTH_KIND_NONE);
  return sb_connector_get_auth (self, 0)->kind;
}

GListModel *
sb_connector_get_auth_fields (SbConnector *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR (self), NULL);
  return G_LIST_MODEL (sb_connector_get_auth (self, 0)->fields);
}

/**
 * sb_connector_get_test:
 *
 * Returns: (transfer none) (nullable): the connection test.
 */
SbConnectorAction *
sb_connector_get_test (SbConnector *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR (self), NULL);
  return self->test;
}

GListModel *
sb_connector_get_actions (SbConnector *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR (self), NULL);
  return G_LIST_MODEL (self->actions);
}

/**
 * sb_connector_lookup_action:
 *
 * Returns: (transfer none) (nullable): the action called @id.
 */
SbConnectorAction *
sb_connector_lookup_action (SbConnector *self,
                            const char  *id)
{
  guint n;

  g_return_val_if_fail (SB_IS_CONNECTOR (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->actions));
  for (guint i = 0; id != NULL && i < n; i++)
    {
      g_autoptr(SbConnectorAction) action = g_list_model_get_item (G_LIST_MODEL (self->actions), i);

      if (g_str_equal (action->id, id))
        return action;
    }

  return NULL;
}

GListModel *
sb_connector_get_poll_triggers (SbConnector *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR (self), NULL);
  return G_LIST_MODEL (self->poll_triggers);
}

/**
 * sb_connector_lookup_poll_trigger:
 *
 * Returns: (transfer none) (nullable): the poll trigger called @id.
 */
SbConnectorPollTrigger *
sb_connector_lookup_poll_trigger (SbConnector *self,
                                  const char  *id)
{
  GListModel *model;

  g_return_val_if_fail (SB_IS_CONNECTOR (self), NULL);

  model = G_LIST_MODEL (self->poll_triggers);
  for (guint i = 0; id != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SbConnectorPollTrigger) trigger = g_list_model_get_item (model, i);

      if (g_str_equal (trigger->id, id))
        return trigger;
    }

  return NULL;
}

SbSignatureScheme
sb_connector_get_webhook_scheme (SbConnector *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR (self), SB_SIGNATURE_SCHEME_NONE);
  return self->webhook_scheme;
}

const char *
sb_connector_get_webhook_header (SbConnector *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR (self), NULL);
  return self->webhook_header;
}

const char *
sb_connector_get_webhook_secret_field (SbConnector *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR (self), NULL);
  return self->webhook_secret_field;
}

gboolean
sb_connector_get_rate_limit (SbConnector *self,
                             guint       *requests,
                             guint       *seconds)
{
  g_return_val_if_fail (SB_IS_CONNECTOR (self), FALSE);

  if (requests != NULL)
    *requests = self->rate_requests;
  if (seconds != NULL)
    *seconds = self->rate_seconds;

  return self->rate_requests > 0;
}

JsonNode *
sb_connector_get_definition (SbConnector *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR (self), NULL);
  return self->definition;
}

/* ------------------------------------------------------------------------------------ */
/* Service messages */

static void
append_text (GString  *out,
             JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return;

  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (out->len > 0)
        g_string_append (out, "; ");
      if (type == G_TYPE_STRING)
        g_string_append (out, json_node_get_string (node));
      else if (type == G_TYPE_INT64)
        g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
      else if (type == G_TYPE_BOOLEAN)
        g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
      else
        {
          char buffer[G_ASCII_DTOSTR_BUF_SIZE];

          g_string_append (out, g_ascii_dtostr (buffer, sizeof buffer,
                                                json_node_get_double (node)));
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        append_text (out, json_array_get_element (array, i));
    }
  else
    {
      /* Shopify's 422: {"errors": {"title": ["can't be blank"]}} */
      JsonObjectIter iter;
      const char *member;
      JsonNode *value;

      json_object_iter_init_ordered (&iter, json_node_get_object (node));
      while (json_object_iter_next_ordered (&iter, &member, &value))
        {
          g_autoptr(GString) inner = g_string_new (NULL);

          append_text (inner, value);
          if (inner->len == 0)
            continue;
          if (out->len > 0)
            g_string_append (out, "; ");
          g_string_append_printf (out, "%s: %s", member, inner->str);
        }
    }
}

static char *
dup_text_at (JsonNode           *answer,
             const char * const *paths)
{
  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      JsonNode *node = sb_json_path_lookup (answer, paths[i]);
      g_autoptr(GString) text = g_string_new (NULL);

      append_text (text, node);
      g_strstrip (text->str);
      if (text->str[0] != '\0')
        return g_string_free (g_steal_pointer (&text), FALSE);
    }

  return NULL;
}

/**
 * sb_connector_dup_service_message:
 *
 * Returns: (transfer full) (nullable): "message (code)" as the service wrote them.
 */
char *
sb_connector_dup_service_message (SbConnector        *self,
                                  JsonNode           *answer,
                                  const char * const *scrub)
{
  /* The shapes seen across services, after the connector's own: OAuth2's, 24SevenOffice's
   * REST and SOAP faults, RFC 7807 problems, plain {"message"} and {"error"}. */
  static const char * const common_messages[] = {
    "error.message", "error_description", "error_message", "error_messages", "message",
    "Message", "Fault.faultstring", "Fault.Reason.Text", "detail", "title", "errors", "error",
    NULL
  };
  static const char * const common_codes[] = { "error_code", "error.code", "code", NULL };
  g_autofree char *message = NULL;
  g_autofree char *code = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (SB_IS_CONNECTOR (self), NULL);

  if (answer == NULL)
    return NULL;

  if (is_string (answer))
    message = g_strdup (json_node_get_string (answer));
  if (message == NULL)
    message = dup_text_at (answer, (const char * const *)self->error_message_paths);
  if (message == NULL)
    message = dup_text_at (answer, common_messages);
  code = dup_text_at (answer, self->error_code_paths != NULL
                                ? (const char * const *)self->error_code_paths
                                : common_codes);
  if (message == NULL)
    return NULL;

  /* A code that merely repeats the message adds nothing. */
  if (code != NULL && strstr (message, code) == NULL)
    /* Translators: a service's error message, then its error code */
    text = g_strdup_printf (_("%s (code %s)"), message, code);
  else
    text = g_steal_pointer (&message);

  /* Keep a message readable in a dialog. */
  if (g_utf8_strlen (text, -1) > 300)
    {
      char *end = g_utf8_offset_to_pointer (text, 300);

      *end = '\0';
      {
        char *shortened = g_strconcat (text, "…", NULL);

        g_free (text);
        text = shortened;
      }
    }

  return sb_scrub_secrets (text, scrub);
}

char *
sb_scrub_secrets (const char         *text,
                  const char * const *scrub)
{
  g_autoptr(GString) out = g_string_new (text);

  for (guint i = 0; scrub != NULL && scrub[i] != NULL; i++)
    {
      /* Very short values would blank out ordinary words. */
      if (strlen (scrub[i]) >= 4)
        g_string_replace (out, scrub[i], SB_HIDDEN_VALUE, 0);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ------------------------------------------------------------------------------------ */
/* Translatable strings, by the same rules as the loader */

static void
collect_member (JsonObject *object,
                const char *member,
                GPtrArray  *strings)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node != NULL && is_string (node) && json_node_get_string (node)[0] != '\0')
    g_ptr_array_add (strings, (gpointer)json_node_get_string (node));
  else if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (is_string (element))
            g_ptr_array_add (strings, (gpointer)json_node_get_string (element));
        }
    }
}

static void
collect_objects (JsonObject         *object,
                 const char         *member,
                 const char * const *keys,
                 GPtrArray          *strings);

static void
collect_fields (JsonObject *object,
                const char *member,
                GPtrArray  *strings)
{
  static const char * const keys[] = { "label", "description", NULL };
  static const char * const choice_keys[] = { "label", NULL };
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;

  collect_objects (object, member, keys, strings);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (node), i);

      if (JSON_NODE_HOLDS_OBJECT (element))
        collect_objects (json_node_get_object (element), "choices", choice_keys, strings);
    }
}

static void
collect_objects (JsonObject         *object,
                 const char         *member,
                 const char * const *keys,
                 GPtrArray          *strings)
{
  JsonNode *node = json_object_get_member (object, member);
  guint n;

  if (node == NULL)
    return;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      for (guint k = 0; keys[k] != NULL; k++)
        collect_member (json_node_get_object (node), keys[k], strings);
      return;
    }

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return;

  n = json_array_get_length (json_node_get_array (node));
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (node), i);

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      for (guint k = 0; keys[k] != NULL; k++)
        collect_member (json_node_get_object (element), keys[k], strings);
    }
}

void
sb_connector_collect_translatable (JsonNode  *definition,
                                   GPtrArray *strings)
{
  static const char * const named[] = { "name", "description", NULL };
  static const char * const provider[] = { "purpose", "personal_data", NULL };
  static const char * const labelled[] = { "label", NULL };
  static const char * const templates[] = { "name", "description", "purpose", NULL };
  static const char * const two_sided[] = { "instructions", NULL };
  JsonObject *object;
  JsonNode *auth;

  if (definition == NULL || !JSON_NODE_HOLDS_OBJECT (definition))
    return;

  object = json_node_get_object (definition);
  collect_member (object, "description", strings);
  collect_objects (object, "provider", provider, strings);
  collect_objects (object, "base_urls", labelled, strings);
  collect_fields (object, "fields", strings);

  auth = json_object_get_member (object, "auth");
  if (auth != NULL)
    {
      guint n = JSON_NODE_HOLDS_ARRAY (auth) ? json_array_get_length (json_node_get_array (auth))
                                             : 1;

      for (guint i = 0; i < n; i++)
        {
          JsonNode *scheme = JSON_NODE_HOLDS_ARRAY (auth)
                               ? json_array_get_element (json_node_get_array (auth), i)
                               : auth;

          if (!JSON_NODE_HOLDS_OBJECT (scheme))
            continue;
          collect_member (json_node_get_object (scheme), "label", strings);
          collect_fields (json_node_get_object (scheme), "fields", strings);
        }
    }

  for (guint pass = 0; pass < 2; pass++)
    {
      const char *member = pass == 0 ? "actions" : "poll_triggers";
      JsonNode *node = json_object_get_member (object, member);

      if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
        continue;
      collect_objects (object, member, named, strings);
      for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
        {
          JsonNode *element = json_array_get_element (json_node_get_array (node), i);

          if (JSON_NODE_HOLDS_OBJECT (element))
            collect_fields (json_node_get_object (element), "parameters", strings);
        }
    }

  collect_objects (object, "two_sided", two_sided, strings);
  collect_objects (object, "templates", templates, strings);
}
