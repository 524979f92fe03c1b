/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sb-imitation-private.h"

#include <string.h>

/* A small JSON REST API for the generic HTTP connector, in the shape many in-house APIs
 * have: collections at /<name> (GET lists with page / per_page and a Link header, POST
 * creates: 201 with Location), items at /<name>/<id> (GET, PUT, PATCH, DELETE), errors as
 * {"error": {"code", "message"}}. Seeded with /items and /customers; a POST to any other
 * name makes that collection. GET / describes the API (the connector's connection test).
 *
 * Authentication is optional, as the HTTP connector's is: a request without any is served;
 * one that brings a key must bring the right one, in X-API-Key (any header whose name ends
 * in "api-key"), as a Bearer token, or as Basic with the user name "demo". The RATE_LIMIT
 * fault answers with the IETF draft's RateLimit-* headers. Webhooks are signed with a hex
 * HMAC-SHA256 of the body in X-Signature. */

#define API_KEY "sbk_demo_7Hq2Lm9Xv4Rt8Kp1Wz6Nc3"
#define API_KEY_HEADER "X-API-Key"
#define BASIC_USER "demo"
#define WEBHOOK_SECRET "whs_demo_http_5Fy8Jq2Nw7Ld"
#define SIGNATURE_HEADER "X-Signature"
#define MAX_PER_PAGE 100

typedef struct
{
  GHashTable *collections;   /* name → GPtrArray of JsonObject, by id */
  guint       next_id;
} Http;

static GPtrArray *
collection_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
}

static JsonObject *
item_new (Http       *http,
          JsonObject *fields)
{
  JsonObject *item = json_object_new ();
  g_autofree char *now = sb_imitation_now_iso8601 ();
  g_autoptr(GList) members = fields != NULL ? json_object_get_members (fields) : NULL;

  json_object_set_int_member (item, "id", http->next_id++);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_str_equal (l->data, "id") && !g_str_equal (l->data, "created_at") &&
        !g_str_equal (l->data, "updated_at"))
      json_object_set_member (item, l->data,
                              json_node_copy (json_object_get_member (fields, l->data)));
  json_object_set_string_member (item, "created_at", now);
  json_object_set_string_member (item, "updated_at", now);
  return item;
}

static void
seed (Http       *http,
      const char *collection,
      const char *json)
{
  GPtrArray *items = g_hash_table_lookup (http->collections, collection);
  g_autoptr(JsonObject) fields = sb_imitation_parse_object (json);
  JsonObject *item;

  if (items == NULL)
    {
      items = collection_new ();
      g_hash_table_insert (http->collections, g_strdup (collection), items);
    }

  item = item_new (http, fields);
  json_object_set_string_member (item, "created_at", "2024-05-01T08:00:00Z");
  json_object_set_string_member (item, "updated_at", "2024-05-01T08:00:00Z");
  g_ptr_array_add (items, item);
}

static gpointer
http_init (SbImitationService *svc)
{
  Http *http = g_new0 (Http, 1);

  http->collections = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_ptr_array_unref);
  http->next_id = 1;

  seed (http, "items", "{\"name\": \"Supporterhalsduk\", \"sku\": \"DIF-SCARF\", \"price\": 199"
                       ", \"in_stock\": 42}");
  seed (http, "items", "{\"name\": \"Matchtröja 2024\", \"sku\": \"DIF-SHIRT-24\", \"price\": "
                       "599, \"in_stock\": 17}");
  seed (http, "items", "{\"name\": \"Klubbmössa\", \"sku\": \"DIF-BEANIE\", \"price\": 149, \"i"
                       "n_stock\": 0}");
  seed (http, "customers", "{\"name\": \"Nordlys Bygg AB\", \"organisation_number\": \"556677-"
                           "8899\", \"email\": \"faktura@nordlysbygg.example\"}");
  seed (http, "customers", "{\"name\": \"Fjällkök Östersund AB\", \"organisation_number\": \"5"
                           "59012-3456\", \"email\": \"ekonomi@fjallkok.example\"}");

  (void) svc;
  return http;
}

static void
http_free (gpointer data)
{
  Http *http = data;

  g_hash_table_unref (http->collections);
  g_free (http);
}

/* ------------------------------------------------------------------------------------ */

static void
reply_error (SoupServerMessage *msg,
             guint              status,
             const char        *code,
             const char        *message)
{
  g_autoptr(JsonObject) root = json_object_new ();
  JsonObject *error = json_object_new ();

  json_object_set_string_member (error, "code", code);
  json_object_set_string_member (error, "message", message);
  json_object_set_object_member (root, "error", error);
  sb_imitation_reply_object (msg, status, root);
}

static void
http_fault (SbImitationService *svc,
            SoupServerMessage  *msg,
            SbImitationFault    fault)
{
  switch (fault)
    {
    case SB_IMITATION_FAULT_RATE_LIMIT:
      sb_imitation_set_header (msg, "Retry-After", "1");
      sb_imitation_set_header (msg, "RateLimit-Limit", "100");
      sb_imitation_set_header (msg, "RateLimit-Remaining", "0");
      sb_imitation_set_header (msg, "RateLimit-Reset", "1");
      reply_error (msg, 429, "rate_limited", "Too many requests; try again in a second.");
      break;

    case SB_IMITATION_FAULT_SERVER_ERROR:
      reply_error (msg, 500, "internal_error", "Something went wrong on our side.");
      break;

    case SB_IMITATION_FAULT_EXPIRED_TOKEN:
      sb_imitation_set_header (msg, "WWW-Authenticate",
                               "Bearer realm=\"demo\", error=\"invalid_token\", "
                               "error_description=\"The token has expired\"");
      reply_error (msg, 401, "token_expired", "The API key or token has expired.");
      break;

    default:
      g_assert_not_reached ();
    }

  (void) svc;
}

/* TRUE when the request brings no credential or the right one. */
static gboolean
check_auth (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autofree char *user = NULL, *password = NULL, *bearer = NULL;
  SoupMessageHeadersIter iter;
  const char *name, *value;
  gboolean brought = FALSE, good = FALSE;

  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    if (strlen (name) >= 7 && g_ascii_strcasecmp (name + strlen (name) - 7, "api-key") == 0)
      {
        brought = TRUE;
        good = good || sb_imitation_secret_equal (value, API_KEY);
      }

  if ((bearer = sb_imitation_dup_bearer (msg)) != NULL)
    {
      brought = TRUE;
      good = good || sb_imitation_secret_equal (bearer, API_KEY);
    }
  else if (sb_imitation_get_basic_auth (msg, &user, &password))
    {
      brought = TRUE;
      good = good || (g_str_equal (user, BASIC_USER) &&
                      sb_imitation_secret_equal (password, API_KEY));
    }

  if (!brought || good)
    return TRUE;

  sb_imitation_set_header (msg, "WWW-Authenticate", "Bearer realm=\"demo\"");
  reply_error (msg, 401, "unauthorized", "The API key or token is not valid.");
  return FALSE;
}

static JsonObject *
read_object (SoupServerMessage *msg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (!sb_imitation_has_content_type (msg, "application/json"))
    {
      reply_error (msg, 415, "unsupported_media_type", "Send JSON, as application/json.");
      return NULL;
    }

  root = sb_imitation_read_json (msg, &error);
  if (root == NULL)
    {
      g_autofree char *message = g_strdup_printf ("The body is not valid JSON: %s",
                                                  error->message);

      reply_error (msg, 400, "invalid_json", message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      reply_error (msg, 422, "invalid_body", "The body must be a JSON object.");
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

static gboolean
valid_name (const char *name)
{
  if (*name == '\0')
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static void
list (SbImitationService *svc,
      SoupServerMessage  *msg,
      const char         *name,
      GPtrArray          *items,
      GHashTable         *query)
{
  const char *since = g_hash_table_lookup (query, "since");
  g_autoptr(GPtrArray) matching = g_ptr_array_new ();
  g_autoptr(JsonObject) root = json_object_new ();
  JsonArray *data = json_array_new ();
  guint page, per_page, pages;

  if (!sb_imitation_query_uint (query, "page", 1, &page) || page < 1 ||
      !sb_imitation_query_uint (query, "per_page", 20, &per_page) || per_page < 1 ||
      per_page > MAX_PER_PAGE)
    {
      json_array_unref (data);
      reply_error (msg, 400, "invalid_parameter",
                   "page must be a positive number, per_page one from 1 to 100.");
      return;
    }

  for (guint i = 0; i < items->len; i++)
    {
      JsonObject *item = g_ptr_array_index (items, i);

      if (since == NULL || g_strcmp0 (json_object_get_string_member (item, "updated_at"),
                                      since) >= 0)
        g_ptr_array_add (matching, item);
    }

  for (guint i = (page - 1) * per_page; i < matching->len && i < page * per_page; i++)
    json_array_add_object_element (data, json_object_ref (g_ptr_array_index (matching, i)));

  pages = MAX (1, (matching->len + per_page - 1) / per_page);
  if (page < pages)
    {
      g_autofree char *link = g_strdup_printf ("<%s/%s?page=%u&per_page=%u>; rel=\"next\"",
                                               svc->base_url, name, page + 1, per_page);

      sb_imitation_set_header (msg, "Link", link);
    }

  json_object_set_array_member (root, "data", data);
  json_object_set_int_member (root, "page", page);
  json_object_set_int_member (root, "per_page", per_page);
  json_object_set_int_member (root, "total", matching->len);
  sb_imitation_reply_object (msg, SOUP_STATUS_OK, root);
}

static void
http_handle (SbImitationService *svc,
             SoupServerMessage  *msg,
             const char         *path,
             GHashTable         *query)
{
  Http *http = svc->data;
  const char *method = soup_server_message_get_method (msg);
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  guint n = g_strv_length (parts);
  GPtrArray *items;
  JsonObject *item = NULL;
  guint index = 0;

  if (!check_auth (msg))
    return;

  /* Trailing slashes are the same place. */
  while (n > 1 && *parts[n - 1] == '\0')
    {
      g_free (parts[n - 1]);
      parts[--n] = NULL;
    }

  if (n <= 1)
    {
      g_autoptr(JsonObject) root = json_object_new ();
      JsonArray *names = json_array_new ();
      g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (http->collections),
                                           (GCompareFunc) strcmp);

      for (GList *l = keys; l != NULL; l = l->next)
        json_array_add_string_element (names, l->data);
      json_object_set_string_member (root, "name", "Samband demo API");
      json_object_set_string_member (root, "version", "1.0");
      json_object_set_array_member (root, "collections", names);
      sb_imitation_reply_object (msg, SOUP_STATUS_OK, root);
      return;
    }

  if (n > 3 || !valid_name (parts[1]) || (n == 3 && !valid_name (parts[2])))
    {
      reply_error (msg, 404, "not_found", "There is nothing at this address.");
      return;
    }

  items = g_hash_table_lookup (http->collections, parts[1]);
  if (items == NULL && n == 2 && g_str_equal (method, "POST"))
    {
      items = collection_new ();
      g_hash_table_insert (http->collections, g_strdup (parts[1]), items);
    }
  if (items == NULL)
    {
      reply_error (msg, 404, "not_found", "There is no such collection.");
      return;
    }

  if (n == 2)
    {
      if (g_str_equal (method, "GET") || g_str_equal (method, "HEAD"))
        list (svc, msg, parts[1], items, query);
      else if (g_str_equal (method, "POST"))
        {
          g_autoptr(JsonObject) fields = read_object (msg);
          g_autofree char *location = NULL;

          if (fields == NULL)
            return;
          item = item_new (http, fields);
          g_ptr_array_add (items, item);
          location = g_strdup_printf ("%s/%s/%" G_GINT64_FORMAT, svc->base_url, parts[1],
                                      json_object_get_int_member (item, "id"));
          sb_imitation_set_header (msg, "Location", location);
          sb_imitation_reply_object (msg, SOUP_STATUS_CREATED, item);
        }
      else
        {
          sb_imitation_set_header (msg, "Allow", "GET, HEAD, POST");
          reply_error (msg, 405, "method_not_allowed", "Use GET or POST here.");
        }
      return;
    }

  for (guint i = 0; i < items->len && item == NULL; i++)
    {
      JsonObject *candidate = g_ptr_array_index (items, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT,
                                             json_object_get_int_member (candidate, "id"));

      if (g_str_equal (id, parts[2]))
        {
          item = candidate;
          index = i;
        }
    }
  if (item == NULL)
    {
      reply_error (msg, 404, "not_found", "There is no item with this id.");
      return;
    }

  if (g_str_equal (method, "GET") || g_str_equal (method, "HEAD"))
    sb_imitation_reply_object (msg, SOUP_STATUS_OK, item);
  else if (g_str_equal (method, "PUT") || g_str_equal (method, "PATCH"))
    {
      g_autoptr(JsonObject) fields = read_object (msg);
      g_autoptr(GList) members = NULL;
      g_autofree char *now = sb_imitation_now_iso8601 ();
      JsonObject *updated;

      if (fields == NULL)
        return;

      /* PUT replaces the fields, PATCH merges them. */
      if (g_str_equal (method, "PUT"))
        {
          updated = item_new (http, fields);
          http->next_id--;
          json_object_set_int_member (updated, "id", json_object_get_int_member (item, "id"));
          json_object_set_string_member (updated, "created_at",
                                         json_object_get_string_member (item, "created_at"));
          g_ptr_array_index (items, index) = updated;
          json_object_unref (item);
          item = updated;
        }
      else
        {
          members = json_object_get_members (fields);
          for (GList *l = members; l != NULL; l = l->next)
            if (!g_str_equal (l->data, "id") && !g_str_equal (l->data, "created_at"))
              json_object_set_member (item, l->data,
                                      json_node_copy (json_object_get_member (fields, l->data)));
        }
      json_object_set_string_member (item, "updated_at", now);
      sb_imitation_reply_object (msg, SOUP_STATUS_OK, item);
    }
  else if (g_str_equal (method, "DELETE"))
    {
      g_ptr_array_remove_index (items, index);
      sb_imitation_reply_empty (msg, SOUP_STATUS_NO_CONTENT);
    }
  else
    {
      sb_imitation_set_header (msg, "Allow", "GET, HEAD, PUT, PATCH, DELETE");
      reply_error (msg, 405, "method_not_allowed", "Use GET, PUT, PATCH or DELETE here.");
    }
}

static const char *
http_credential (const char *field)
{
  if (g_str_equal (field, "api_key") || g_str_equal (field, "token") ||
      g_str_equal (field, "password"))
    return API_KEY;
  if (g_str_equal (field, "api_key_header") || g_str_equal (field, "header_name"))
    return API_KEY_HEADER;
  if (g_str_equal (field, "username"))
    return BASIC_USER;
  if (g_str_equal (field, "webhook_secret"))
    return WEBHOOK_SECRET;
  if (g_str_equal (field, "signature_header"))
    return SIGNATURE_HEADER;
  return NULL;
}

static SoupMessage *
http_webhook (SbImitationService *svc,
              const char         *url,
              const char         *secret,
              const char         *event_type)
{
  Http *http = svc->data;
  g_autoptr(JsonObject) fields = sb_imitation_parse_object ("{\"name\": \"Ny vara\", \"price"
                                                            "\": 100}");
  g_autoptr(JsonObject) event = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *now = sb_imitation_now_iso8601 ();
  g_autofree char *body = NULL, *signature = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GPtrArray *items = g_hash_table_lookup (http->collections, "items");
  JsonObject *item;
  SoupMessage *message;
  gsize length;

  item = item_new (http, fields);
  g_ptr_array_add (items, item);

  json_object_set_string_member (event, "id", id);
  json_object_set_string_member (event, "type", event_type);
  json_object_set_string_member (event, "created_at", now);
  json_object_set_object_member (event, "data", json_object_ref (item));
  json_node_set_object (node, event);
  body = json_to_string (node, FALSE);
  signature = g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) secret,
                                         strlen (secret), body, -1);

  message = soup_message_new ("POST", url);
  g_return_val_if_fail (message != NULL, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (message), SIGNATURE_HEADER,
                                signature);
  length = strlen (body);
  bytes = g_bytes_new_take (g_steal_pointer (&body), length);
  soup_message_set_request_body_from_bytes (message, "application/json", bytes);
  return message;
}

const SbImitationServiceClass sb_imitation_http_class = {
  .name = "http",
  .content_type = "application/json; charset=utf-8",
  .init = http_init,
  .free_data = http_free,
  .handle = http_handle,
  .fault = http_fault,
  .credential = http_credential,
  .webhook = http_webhook,
  .webhook_secret_field = "webhook_secret",
};
