/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sb-connector.h"

#include "sb-connector-private.h"

#include <glib/gi18n.h>

/* Turning a catalog request into a SoupMessage, and a service's answer into JSON or an
 * error that says what the service answered. */

/* ------------------------------------------------------------------------------------ */
/* Paths into answers */

static JsonNode *
lookup_index (JsonNode *node,
              guint     index)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      return index < json_array_get_length (array) ? json_array_get_element (array, index)
                                                   : NULL;
    }

  /* A single SOAP element reads like an array of one. */
  return index == 0 ? node : NULL;
}

static JsonNode *
lookup_member (JsonNode   *node,
               const char *name)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      return json_array_get_length (array) > 0
               ? lookup_member (json_array_get_element (array, 0), name) : NULL;
    }

  if (JSON_NODE_HOLDS_OBJECT (node))
    return json_object_get_member (json_node_get_object (node), name);

  return NULL;
}

/**
 * sb_json_path_lookup:
 *
 * Returns: (transfer none) (nullable): the node at @path.
 */
JsonNode *
sb_json_path_lookup (JsonNode   *root,
                     const char *path)
{
  JsonNode *node = root;
  const char *p = path;

  if (path == NULL || path[0] == '\0')
    return root;

  while (node != NULL && *p != '\0')
    {
      if (*p == '.')
        p++;

      if (*p == '[')
        {
          char *end = NULL;
          guint64 index = g_ascii_strtoull (p + 1, &end, 10);

          if (end == p + 1 || end == NULL || *end != ']')
            return NULL;
          node = lookup_index (node, (guint)index);
          p = end + 1;
        }
      else
        {
          gsize len = strcspn (p, ".[");
          g_autofree char *name = g_strndup (p, len);

          if (len == 0)
            return NULL;
          node = lookup_member (node, name);
          p += len;
        }
    }

  return node;
}

/* ------------------------------------------------------------------------------------ */
/* Values */

static char *
node_to_text (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("");

  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];

      if (type == G_TYPE_STRING)
        return g_strdup (json_node_get_string (node));
      if (type == G_TYPE_INT64)
        return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      if (type == G_TYPE_BOOLEAN)
        return g_strdup (json_node_get_boolean (node) ? "true" : "false");
      return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node)));
    }

  {
    g_autoptr(JsonGenerator) generator = json_generator_new ();

    json_generator_set_root (generator, node);
    return json_generator_to_data (generator, NULL);
  }
}

char *
sb_xml_escape (const char *text)
{
  return g_markup_escape_text (text != NULL ? text : "", -1);
}

/* ASMX conventions: an object becomes child elements, an array of scalars <string>s. */
static void
append_xml (GString  *out,
            JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *member;
      JsonNode *value;

      json_object_iter_init_ordered (&iter, json_node_get_object (node));
      while (json_object_iter_next_ordered (&iter, &member, &value))
        {
          g_autofree char *name = sb_xml_escape (member);

          g_string_append_printf (out, "<%s>", name);
          append_xml (out, value);
          g_string_append_printf (out, "</%s>", name);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_OBJECT (element) || JSON_NODE_HOLDS_ARRAY (element))
            append_xml (out, element);
          else
            {
              g_autofree char *text = node_to_text (element);
              g_autofree char *escaped = sb_xml_escape (text);

              g_string_append_printf (out, "<string>%s</string>", escaped);
            }
        }
    }
  else
    {
      g_autofree char *text = node_to_text (node);
      g_autofree char *escaped = sb_xml_escape (text);

      g_string_append (out, escaped);
    }
}

/* ------------------------------------------------------------------------------------ */
/* Building requests */

typedef struct
{
  JsonObject *values; /* parameter → converted value */
  GHashTable *used;   /* parameters placed by a placeholder */
} Expansion;

typedef enum
{
  ESCAPE_NONE,
  ESCAPE_PATH,
  ESCAPE_RAW_PATH,
  ESCAPE_XML,
} Escape;

static SbConnectorField *
find_parameter (SbConnectorAction *action,
                const char        *name)
{
  SbConnectorField *field = sb_connector_action_lookup_parameter (action, name);
  GListModel *credentials = sb_connector_action_get_credential_parameters (action);

  for (guint i = 0; field == NULL && i < g_list_model_get_n_items (credentials); i++)
    {
      g_autoptr(SbConnectorField) candidate = g_list_model_get_item (credentials, i);

      if (g_str_equal (sb_connector_field_get_id (candidate), name))
        field = candidate;
    }

  return field;
}

static gboolean
is_whole_placeholder (const char  *text,
                      char       **name)
{
  gsize len = strlen (text);

  if (len < 3 || text[0] != '{' || text[len - 1] != '}')
    return FALSE;
  for (gsize i = 1; i < len - 1; i++)
    {
      if (!g_ascii_isalnum (text[i]) && text[i] != '_')
        return FALSE;
    }

  *name = g_strndup (text + 1, len - 2);
  return TRUE;
}

/* Replaces {name}s in @text; an absent optional value becomes empty, and in XML the element
 * that held only it is left out. */
static char *
expand_text (Expansion  *expansion,
             const char *text,
             Escape      escape)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      const char *open = strchr (p, '{');
      const char *end;
      g_autofree char *name = NULL;
      JsonNode *value;

      if (open == NULL)
        {
          g_string_append (out, p);
          break;
        }

      g_string_append_len (out, p, open - p);
      for (end = open + 1; g_ascii_isalnum (*end) || *end == '_'; end++)
        ;
      if (*end != '}' || end == open + 1)
        {
          g_string_append_c (out, '{');
          p = open + 1;
          continue;
        }

      name = g_strndup (open + 1, end - open - 1);
      p = end + 1;
      value = json_object_get_member (expansion->values, name);
      g_hash_table_add (expansion->used, g_strdup (name));

      if (value == NULL)
        {
          if (escape == ESCAPE_XML)
            {
              /* <Tag>{absent}</Tag> → nothing */
              const char *lt = strrchr (out->str, '<');

              if (lt != NULL && out->str[out->len - 1] == '>' && lt[1] != '/' &&
                  strchr (lt, '/') == NULL)
                {
                  gsize name_len = strcspn (lt + 1, " >");
                  g_autofree char *closing = g_strdup_printf ("</%.*s>", (int)name_len, lt + 1);

                  if (g_str_has_prefix (p, closing))
                    {
                      g_string_truncate (out, lt - out->str);
                      p += strlen (closing);
                    }
                }
            }
          continue;
        }

      if (escape == ESCAPE_XML)
        append_xml (out, value);
      else
        {
          g_autofree char *string = node_to_text (value);

          if (escape == ESCAPE_PATH)
            g_string_append_uri_escaped (out, string, NULL, TRUE);
          else if (escape == ESCAPE_RAW_PATH)
            g_string_append_uri_escaped (out, string, "/?&=:@!$'()*+,;", TRUE);
          else
            g_string_append (out, string);
        }
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Expands a body template. Returns %NULL for "leave this out": a whole-string placeholder
 * without a value, or an array emptied by such removals. */
static JsonNode *
expand_node (Expansion *expansion,
             JsonNode  *node)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);
      g_autofree char *name = NULL;

      if (is_whole_placeholder (text, &name))
        {
          JsonNode *value = json_object_get_member (expansion->values, name);

          g_hash_table_add (expansion->used, g_strdup (name));
          return value != NULL ? json_node_copy (value) : NULL;
        }

      if (strchr (text, '{') != NULL)
        {
          g_autofree char *expanded = expand_text (expansion, text, ESCAPE_NONE);

          return json_node_init_string (json_node_alloc (), expanded);
        }

      return json_node_copy (node);
    }

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(JsonObject) object = json_object_new ();
      JsonObjectIter iter;
      const char *member;
      JsonNode *value;

      json_object_iter_init_ordered (&iter, json_node_get_object (node));
      while (json_object_iter_next_ordered (&iter, &member, &value))
        {
          JsonNode *expanded = expand_node (expansion, value);

          if (expanded != NULL)
            json_object_set_member (object, member, expanded);
        }

      return json_node_init_object (json_node_alloc (), object);
    }

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *source = json_node_get_array (node);
      g_autoptr(JsonArray) array = json_array_new ();

      for (guint i = 0; i < json_array_get_length (source); i++)
        {
          JsonNode *expanded = expand_node (expansion, json_array_get_element (source, i));

          if (expanded != NULL)
            json_array_add_element (array, expanded);
        }

      if (json_array_get_length (array) == 0 && json_array_get_length (source) > 0)
        return NULL;

      return json_node_init_array (json_node_alloc (), array);
    }

  return json_node_copy (node);
}

static void
append_form (GString    *out,
             const char *key,
             JsonNode   *node)
{
  if (JSON_NODE_HOLDS_NULL (node))
    return;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *member;
      JsonNode *value;

      json_object_iter_init_ordered (&iter, json_node_get_object (node));
      while (json_object_iter_next_ordered (&iter, &member, &value))
        {
          g_autofree char *inner = key != NULL ? g_strdup_printf ("%s[%s]", key, member)
                                               : g_strdup (member);

          append_form (out, inner, value);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *inner = g_strdup_printf ("%s[%u]", key, i);

          append_form (out, inner, json_array_get_element (array, i));
        }
    }
  else
    {
      g_autofree char *text = node_to_text (node);

      if (out->len > 0)
        g_string_append_c (out, '&');
      g_string_append_uri_escaped (out, key, NULL, TRUE);
      g_string_append_c (out, '=');
      g_string_append_uri_escaped (out, text, NULL, TRUE);
    }
}

static void
append_query (GString    *query,
              const char *key,
              const char *value)
{
  if (query->len > 0)
    g_string_append_c (query, '&');
  g_string_append_uri_escaped (query, key, NULL, TRUE);
  g_string_append_c (query, '=');
  g_string_append_uri_escaped (query, value, NULL, TRUE);
}

static gboolean
collect_values (SbConnectorAction  *self,
                JsonObject         *params,
                JsonObject         *values,
                GError            **error)
{
  for (guint pass = 0; pass < 2; pass++)
    {
      GListModel *model = pass == 0 ? sb_connector_action_get_parameters (self)
                                    : sb_connector_action_get_credential_parameters (self);

      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr(SbConnectorField) field = g_list_model_get_item (model, i);
          const char *id = sb_connector_field_get_id (field);
          JsonNode *value = params != NULL ? json_object_get_member (params, id) : NULL;
          g_autoptr(JsonNode) fallback = NULL;
          JsonNode *converted;

          if (value != NULL && JSON_NODE_HOLDS_NULL (value))
            value = NULL;
          if (value != NULL && JSON_NODE_HOLDS_VALUE (value) &&
              json_node_get_value_type (value) == G_TYPE_STRING &&
              json_node_get_string (value)[0] == '\0' &&
              sb_connector_field_get_field_type (field) != SB_FIELD_TYPE_STRING)
            value = NULL;
          if (value == NULL && sb_connector_field_get_default (field) != NULL)
            value = fallback = json_node_init_string (json_node_alloc (),
                                                      sb_connector_field_get_default (field));

          if (value == NULL)
            {
              if (sb_connector_field_get_optional (field))
                continue;
              if (pass == 0)
                g_set_error (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_MISSING_PARAMETER,
                             /* Translators: an action's name, then the label of a value */
                             _("“%s” needs a value for “%s”"),
                             sb_connector_action_get_name (self),
                             sb_connector_field_get_label (field));
              else
                g_set_error (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_MISSING_CREDENTIAL,
                             /* Translators: %s is the label of a credential field */
                             _("The account has no “%s”"),
                             sb_connector_field_get_label (field));
              return FALSE;
            }

          converted = sb_connector_field_convert (field, value, error);
          if (converted == NULL)
            return FALSE;
          json_object_set_member (values, id, converted);
        }
    }

  return TRUE;
}

/* Parameters not placed by a placeholder, for the query or the top of the body. */
static gboolean
is_unplaced (SbConnectorField *field,
             Expansion        *expansion,
             JsonObject       *values,
             SbFieldLocation   where,
             gboolean          auto_here)
{
  const char *id = sb_connector_field_get_id (field);
  SbFieldLocation location = sb_connector_field_get_location (field);

  if (!json_object_has_member (values, id) || g_hash_table_contains (expansion->used, id))
    return FALSE;

  return location == where || (location == SB_FIELD_LOCATION_AUTO && auto_here);
}

/**
 * sb_connector_action_build_message:
 *
 * Returns: (transfer full): the message, or %NULL with @error set.
 */
SoupMessage *
sb_connector_action_build_message (SbConnectorAction  *self,
                                   const char         *base_url,
                                   JsonObject         *params,
                                   GError            **error)
{
  g_autoptr(JsonObject) values = json_object_new ();
  g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Expansion expansion = { values, used };
  g_autoptr(GString) url = NULL;
  g_autoptr(GString) query = g_string_new (NULL);
  g_autoptr(GUri) uri = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *content_type = NULL;
  const char *method;
  gboolean has_body;
  GListModel *parameters;
  JsonObject *headers;

  g_return_val_if_fail (SB_IS_CONNECTOR_ACTION (self), NULL);
  g_return_val_if_fail (base_url != NULL, NULL);

  if (!collect_values (self, params, values, error))
    return NULL;

  method = sb_connector_action_get_method (self);
  has_body = sb_connector_action_get_body_kind (self) != SB_BODY_KIND_NONE;
  parameters = sb_connector_action_get_parameters (self);

  /* The path, with raw fields keeping their slashes. */
  {
    g_autoptr(GString) expanded = g_string_new (NULL);
    const char *p = sb_connector_action_get_path (self);

    while (*p != '\0')
      {
        const char *open = strchr (p, '{');
        const char *close = open != NULL ? strchr (open, '}') : NULL;
        g_autofree char *name = NULL;
        g_autofree char *piece = NULL;
        SbConnectorField *field;

        if (open == NULL || close == NULL)
          {
            g_string_append (expanded, p);
            break;
          }
        g_string_append_len (expanded, p, open - p);
        name = g_strndup (open + 1, close - open - 1);
        field = find_parameter (self, name);
        piece = g_strndup (open, close - open + 1);
        {
          g_autofree char *text = expand_text (&expansion, piece,
                                               field != NULL && sb_connector_field_get_raw (field)
                                                 ? ESCAPE_RAW_PATH : ESCAPE_PATH);

          g_string_append (expanded, text);
        }
        p = close + 1;
      }
    path = g_string_free (g_steal_pointer (&expanded), FALSE);
  }

  url = g_string_new (base_url);
  while (url->len > 0 && url->str[url->len - 1] == '/')
    g_string_truncate (url, url->len - 1);
  g_string_append (url, path);

  /* The query: fixed parameters, then the step's. */
  if (sb_connector_action_get_query (self) != NULL)
    {
      JsonObjectIter iter;
      const char *key;
      JsonNode *value;

      json_object_iter_init_ordered (&iter, sb_connector_action_get_query (self));
      while (json_object_iter_next_ordered (&iter, &key, &value))
        {
          const char *text = json_node_get_string (value);
          g_autofree char *name = NULL;
          g_autofree char *expanded = NULL;

          if (is_whole_placeholder (text, &name) && !json_object_has_member (values, name))
            {
              g_hash_table_add (used, g_steal_pointer (&name));
              continue;
            }
          expanded = expand_text (&expansion, text, ESCAPE_NONE);
          append_query (query, key, expanded);
        }
    }

  /* Body first, so that what it places does not land in the query too. */
  switch (sb_connector_action_get_body_kind (self))
    {
    case SB_BODY_KIND_NONE:
      break;

    case SB_BODY_KIND_JSON:
    case SB_BODY_KIND_FORM:
      {
        JsonNode *template = sb_connector_action_get_body (self);
        g_autoptr(JsonNode) root = template != NULL ? expand_node (&expansion, template) : NULL;

        for (guint i = 0; i < g_list_model_get_n_items (parameters); i++)
          {
            g_autoptr(SbConnectorField) field = g_list_model_get_item (parameters, i);
            const char *id = sb_connector_field_get_id (field);

            if (!is_unplaced (field, &expansion, values, SB_FIELD_LOCATION_BODY, TRUE))
              continue;
            if (root == NULL)
              {
                g_autoptr(JsonObject) object = json_object_new ();

                root = json_node_init_object (json_node_alloc (), object);
              }
            if (!JSON_NODE_HOLDS_OBJECT (root))
              continue;
            json_object_set_member (json_node_get_object (root), id,
                                    json_node_copy (json_object_get_member (values, id)));
            g_hash_table_add (used, g_strdup (id));
          }

        if (root == NULL)
          break;

        if (sb_connector_action_get_body_kind (self) == SB_BODY_KIND_JSON)
          {
            g_autoptr(JsonGenerator) generator = json_generator_new ();
            gsize length;
            char *data;

            json_generator_set_root (generator, root);
            data = json_generator_to_data (generator, &length);
            body = g_bytes_new_take (data, length);
            content_type = "application/json";
          }
        else
          {
            g_autoptr(GString) form = g_string_new (NULL);

            append_form (form, NULL, root);
            body = g_string_free_to_bytes (g_steal_pointer (&form));
            content_type = "application/x-www-form-urlencoded";
          }
      }
      break;

    case SB_BODY_KIND_SOAP:
      {
        g_autofree char *inner = expand_text (&expansion, sb_connector_action_get_soap_body (self),
                                              ESCAPE_XML);
        char *envelope = sb_soap_wrap_envelope (inner);

        body = g_bytes_new_take (envelope, strlen (envelope));
        content_type = "text/xml; charset=utf-8";
      }
      break;

    default:
      g_assert_not_reached ();
    }

  for (guint i = 0; i < g_list_model_get_n_items (parameters); i++)
    {
      g_autoptr(SbConnectorField) field = g_list_model_get_item (parameters, i);
      const char *id = sb_connector_field_get_id (field);
      g_autofree char *text = NULL;

      if (!is_unplaced (field, &expansion, values, SB_FIELD_LOCATION_QUERY, !has_body))
        continue;
      text = node_to_text (json_object_get_member (values, id));
      append_query (query, id, text);
    }

  if (query->len > 0)
    {
      g_string_append_c (url, strchr (path, '?') != NULL ? '&' : '?');
      g_string_append (url, query->str);
    }

  uri = g_uri_parse (url->str, SOUP_HTTP_URI_FLAGS, &local_error);
  if (uri == NULL || g_uri_get_host (uri) == NULL ||
      (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
       g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
    {
      g_set_error (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_MISSING_PARAMETER,
                   /* Translators: %s is a web address */
                   _("“%s” is not a web address"), base_url);
      return NULL;
    }

  message = soup_message_new_from_uri (method, uri);

  headers = sb_connector_action_get_headers (self);
  if (headers != NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      json_object_iter_init_ordered (&iter, headers);
      while (json_object_iter_next_ordered (&iter, &name, &value))
        {
          g_autofree char *expanded = expand_text (&expansion, json_node_get_string (value),
                                                   ESCAPE_NONE);

          soup_message_headers_replace (soup_message_get_request_headers (message), name,
                                        expanded);
        }
    }

  if (sb_connector_action_get_body_kind (self) == SB_BODY_KIND_SOAP)
    {
      g_autofree char *soap_action = g_strdup_printf ("\"%s\"",
                                                      sb_connector_action_get_soap_action (self));

      soup_message_headers_replace (soup_message_get_request_headers (message), "SOAPAction",
                                    soap_action);
    }
  else if (soup_message_headers_get_one (soup_message_get_request_headers (message),
                                         "Accept") == NULL)
    soup_message_headers_replace (soup_message_get_request_headers (message), "Accept",
                                  "application/json");

  if (body != NULL)
    {
      soup_message_set_request_body_from_bytes (message, content_type, body);
      /* libsoup 3.2 cannot hand the body back; the tests and logs want it. */
      g_object_set_data_full (G_OBJECT (message), "sb-request-body", g_bytes_ref (body),
                              (GDestroyNotify)g_bytes_unref);
    }

  return g_steal_pointer (&message);
}

/**
 * sb_connector_message_get_body:
 *
 * Returns: (transfer none) (nullable): the body sb_connector_action_build_message() set.
 */
GBytes *
sb_connector_message_get_body (SoupMessage *message)
{
  g_return_val_if_fail (SOUP_IS_MESSAGE (message), NULL);
  return g_object_get_data (G_OBJECT (message), "sb-request-body");
}

/* ------------------------------------------------------------------------------------ */
/* SOAP */

char *
sb_soap_wrap_envelope (const char *body_xml)
{
  return g_strconcat ("<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                      "<soap:Envelope"
                      " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                      " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\""
                      " xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                      "<soap:Body>", body_xml, "</soap:Body></soap:Envelope>", NULL);
}

typedef struct _Element Element;
struct _Element
{
  char      *name;
  GPtrArray *children;
  GString   *text;
  gboolean   nil;
};

static void
element_free (gpointer data)
{
  Element *element = data;

  g_free (element->name);
  g_ptr_array_unref (element->children);
  g_string_free (element->text, TRUE);
  g_free (element);
}

typedef struct
{
  GPtrArray *stack; /* of Element, borrowed from their parents */
  Element   *root;
} XmlParse;

static const char *
local_name (const char *name)
{
  const char *colon = strrchr (name, ':');

  return colon != NULL ? colon + 1 : name;
}

static void
on_start_element (GMarkupParseContext  *context,
                  const char           *name,
                  const char          **attribute_names,
                  const char          **attribute_values,
                  gpointer              user_data,
                  GError              **error)
{
  XmlParse *parse = user_data;
  Element *element = g_new0 (Element, 1);

  element->name = g_strdup (local_name (name));
  element->children = g_ptr_array_new_with_free_func (element_free);
  element->text = g_string_new (NULL);
  for (guint i = 0; attribute_names[i] != NULL; i++)
    {
      if (g_str_equal (local_name (attribute_names[i]), "nil") &&
          g_str_equal (attribute_values[i], "true"))
        element->nil = TRUE;
    }

  if (parse->stack->len == 0)
    {
      if (parse->root != NULL)
        element_free (parse->root);
      parse->root = element;
    }
  else
    g_ptr_array_add (((Element *)g_ptr_array_index (parse->stack, parse->stack->len - 1))->children,
                     element);
  g_ptr_array_add (parse->stack, element);
}

static void
on_end_element (GMarkupParseContext  *context,
                const char           *name,
                gpointer              user_data,
                GError              **error)
{
  XmlParse *parse = user_data;

  g_ptr_array_set_size (parse->stack, parse->stack->len - 1);
}

static void
on_text (GMarkupParseContext  *context,
         const char           *text,
         gsize                 length,
         gpointer              user_data,
         GError              **error)
{
  XmlParse *parse = user_data;

  if (parse->stack->len > 0)
    g_string_append_len (((Element *)g_ptr_array_index (parse->stack, parse->stack->len - 1))->text,
                         text, length);
}

static JsonNode *
element_to_json (Element *element)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GHashTable) repeated = NULL;

  if (element->nil)
    return json_node_init_null (json_node_alloc ());

  if (element->children->len == 0)
    return json_node_init_string (json_node_alloc (), element->text->str);

  object = json_object_new ();
  repeated = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < element->children->len; i++)
    {
      Element *child = g_ptr_array_index (element->children, i);
      JsonNode *value = element_to_json (child);
      JsonNode *existing = json_object_get_member (object, child->name);

      if (existing == NULL)
        json_object_set_member (object, child->name, value);
      else if (g_hash_table_contains (repeated, child->name))
        json_array_add_element (json_node_get_array (existing), value);
      else
        {
          JsonArray *array = json_array_new ();

          json_array_add_element (array, json_node_copy (existing));
          json_array_add_element (array, value);
          json_object_set_array_member (object, child->name, array);
          g_hash_table_add (repeated, child->name);
        }
    }

  return json_node_init_object (json_node_alloc (), object);
}

/**
 * sb_soap_parse:
 *
 * Returns: (transfer full): the content of the SOAP Body as JSON (or {root: …} for XML
 * that is not SOAP).
 */
JsonNode *
sb_soap_parse (const char  *data,
               gsize        length,
               GError     **error)
{
  static const GMarkupParser parser = { on_start_element, on_end_element, on_text, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  XmlParse parse = { g_ptr_array_new (), NULL };
  JsonNode *result = NULL;
  Element *body = NULL;

  context = g_markup_parse_context_new (&parser, G_MARKUP_PREFIX_ERROR_POSITION, &parse, NULL);
  if (!g_markup_parse_context_parse (context, data, length, error) ||
      !g_markup_parse_context_end_parse (context, error) || parse.root == NULL)
    {
      if (parse.root == NULL && error != NULL && *error == NULL)
        g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_EMPTY, _("The answer is empty"));
      g_ptr_array_unref (parse.stack);
      g_clear_pointer (&parse.root, element_free);
      return NULL;
    }

  if (g_str_equal (parse.root->name, "Envelope"))
    {
      for (guint i = 0; i < parse.root->children->len; i++)
        {
          Element *child = g_ptr_array_index (parse.root->children, i);

          if (g_str_equal (child->name, "Body"))
            body = child;
        }
    }

  if (body != NULL)
    {
      result = element_to_json (body);
      if (!JSON_NODE_HOLDS_OBJECT (result))
        {
          g_autoptr(JsonObject) empty = json_object_new ();

          json_node_unref (result);
          result = json_node_init_object (json_node_alloc (), empty);
        }
    }
  else
    {
      g_autoptr(JsonObject) object = json_object_new ();

      json_object_set_member (object, parse.root->name, element_to_json (parse.root));
      result = json_node_init_object (json_node_alloc (), object);
    }

  g_ptr_array_unref (parse.stack);
  element_free (parse.root);
  return result;
}

/* 24SevenOffice reports per-item errors inside a successful answer. */
static JsonNode *
find_api_exception (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *member;
      JsonNode *value;

      json_object_iter_init_ordered (&iter, json_node_get_object (node));
      while (json_object_iter_next_ordered (&iter, &member, &value))
        {
          JsonNode *found;

          if (g_str_equal (member, "APIException") && JSON_NODE_HOLDS_OBJECT (value))
            {
              JsonNode *text = sb_json_path_lookup (value, "Message");

              if (text != NULL && JSON_NODE_HOLDS_VALUE (text) &&
                  json_node_get_value_type (text) == G_TYPE_STRING &&
                  json_node_get_string (text)[0] != '\0')
                return value;
            }
          if ((found = find_api_exception (value)) != NULL)
            return found;
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *found = find_api_exception (json_array_get_element (array, i));

          if (found != NULL)
            return found;
        }
    }

  return NULL;
}

/* ------------------------------------------------------------------------------------ */
/* Answers */

static SbConnectorError
error_for_status (guint status)
{
  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    return SB_CONNECTOR_ERROR_UNAUTHORIZED;
  if (status == SOUP_STATUS_NOT_FOUND)
    return SB_CONNECTOR_ERROR_NOT_FOUND;
  if (status == 429) /* Too Many Requests: libsoup 3.2 has no name for it */
    return SB_CONNECTOR_ERROR_RATE_LIMITED;
  if (status >= 500)
    return SB_CONNECTOR_ERROR_UNAVAILABLE;
  return SB_CONNECTOR_ERROR_FAILED;
}

static gboolean
looks_like_xml (const char *content_type,
                const char *data)
{
  return (content_type != NULL && strstr (content_type, "xml") != NULL) || data[0] == '<';
}

/**
 * sb_connector_read_answer:
 *
 * Returns: (transfer full): the answer as JSON, or %NULL with @error set.
 */
JsonNode *
sb_connector_read_answer (SbConnector        *self,
                          SbConnectorAction  *action,
                          SoupMessage        *message,
                          GBytes             *body,
                          const char * const *scrub,
                          GError            **error)
{
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) parse_error = NULL;
  const char *content_type;
  const char *data = "";
  gsize length = 0;
  guint status;
  gboolean accepted;
  gboolean xml = FALSE;

  g_return_val_if_fail (SB_IS_CONNECTOR (self), NULL);
  g_return_val_if_fail (SOUP_IS_MESSAGE (message), NULL);

  status = soup_message_get_status (message);
  content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (message),
                                                        NULL);
  if (body != NULL)
    data = g_bytes_get_data (body, &length);
  while (length > 0 && g_ascii_isspace (*data))
    data++, length--;

  if (length == 0)
    answer = json_node_init_null (json_node_alloc ());
  else if ((xml = looks_like_xml (content_type, data)))
    answer = sb_soap_parse (data, length, &parse_error);
  else
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_data (parser, data, length, &parse_error))
        answer = json_node_copy (json_parser_get_root (parser));
      else if (g_strcmp0 (content_type, "text/plain") == 0 && length < 500 &&
               g_utf8_validate (data, length, NULL))
        {
          g_autofree char *text = g_strndup (data, length);

          answer = json_node_init_string (json_node_alloc (), text);
        }
    }

  accepted = action != NULL ? sb_connector_action_accepts_status (action, status)
                            : SOUP_STATUS_IS_SUCCESSFUL (status);
  if (!accepted)
    {
      g_autofree char *service = sb_connector_dup_service_message (self, answer, scrub);

      if (service != NULL)
        g_set_error (error, SB_CONNECTOR_ERROR, error_for_status (status),
                     /* Translators: a service's name, an HTTP status (number and phrase),
                      * then the service's own error message */
                     _("%s answered %u %s: %s"), sb_connector_get_name (self), status,
                     soup_status_get_phrase (status), service);
      else
        g_set_error (error, SB_CONNECTOR_ERROR, error_for_status (status),
                     /* Translators: a service's name, then an HTTP status (number and
                      * phrase) */
                     _("%s answered %u %s"), sb_connector_get_name (self), status,
                     soup_status_get_phrase (status));
      return NULL;
    }

  if (answer == NULL)
    {
      g_set_error (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_BAD_ANSWER,
                   /* Translators: a service's name, then why its answer is unreadable */
                   _("%s sent an answer that cannot be read: %s"), sb_connector_get_name (self),
                   parse_error != NULL ? parse_error->message : _("unknown format"));
      return NULL;
    }

  if (xml)
    {
      JsonNode *fault = sb_json_path_lookup (answer, "Fault");
      JsonNode *exception = fault == NULL ? find_api_exception (answer) : NULL;

      if (fault != NULL || exception != NULL)
        {
          g_autofree char *service = sb_connector_dup_service_message (self,
                                                                       fault != NULL ? answer
                                                                                     : exception,
                                                                       scrub);

          g_set_error (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_FAILED,
                       /* Translators: a service's name, then its error message */
                       _("%s refused the request: %s"), sb_connector_get_name (self),
                       service != NULL ? service : _("no reason given"));
          return NULL;
        }
    }

  if (action != NULL && sb_connector_action_get_require (action) != NULL &&
      sb_json_path_lookup (answer, sb_connector_action_get_require (action)) == NULL)
    {
      g_set_error (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_BAD_ANSWER,
                   /* Translators: a service's name, then a field its answer lacks */
                   _("%s answered, but without “%s”: is the address right?"),
                   sb_connector_get_name (self), sb_connector_action_get_require (action));
      return NULL;
    }

  return g_steal_pointer (&answer);
}
