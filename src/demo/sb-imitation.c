/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sb-imitation.h"
#include "sb-imitation-private.h"

#include <string.h>

#define SLOW_SECONDS 3
#define HUGE_BODY_SIZE (12 * 1024 * 1024)

struct _SbImitations
{
  GObject    parent_instance;

  GPtrArray *services;      /* SbImitationService, in the order of service_classes */
  GPtrArray *delayed;       /* Delayed: answers a SLOW fault holds back */
  gboolean   running;
  gboolean   auto_approve;
};

G_DEFINE_FINAL_TYPE (SbImitations, sb_imitations, G_TYPE_OBJECT)

static const SbImitationServiceClass * const service_classes[] = {
  &sb_imitation_stripe_class,
  &sb_imitation_shopify_class,
  &sb_imitation_fortnox_class,
  &sb_imitation_klarna_class,
  &sb_imitation_24so_class,
  &sb_imitation_idrottonline_class,
  &sb_imitation_http_class,
};

static const char * const service_names[] = {
  "stripe",
  "shopify",
  "fortnox",
  "klarna",
  "24sevenoffice",
  "idrottonline",
  "http",
  NULL
};

G_STATIC_ASSERT (G_N_ELEMENTS (service_classes) + 1 == G_N_ELEMENTS (service_names));

typedef struct
{
  SbImitations       *self;
  SbImitationService *svc;
  SoupServerMessage  *msg;
  guint               source_id;
  gulong              finished_id;
} Delayed;

static void
delayed_free (gpointer data)
{
  Delayed *delayed = data;

  g_clear_handle_id (&delayed->source_id, g_source_remove);
  g_clear_signal_handler (&delayed->finished_id, delayed->msg);
  g_clear_object (&delayed->msg);
  g_free (delayed);
}

static void
service_free (gpointer data)
{
  SbImitationService *svc = data;

  if (svc->server != NULL)
    soup_server_disconnect (svc->server);
  g_clear_object (&svc->server);
  g_clear_pointer (&svc->base_url, g_free);
  g_clear_pointer (&svc->authorize_url, g_free);
  g_clear_pointer (&svc->token_url, g_free);
  g_clear_pointer (&svc->counts, g_hash_table_unref);
  if (svc->data != NULL && svc->klass->free_data != NULL)
    svc->klass->free_data (svc->data);
  g_free (svc);
}

static void
sb_imitations_dispose (GObject *object)
{
  SbImitations *self = SB_IMITATIONS (object);

  sb_imitations_stop (self);

  G_OBJECT_CLASS (sb_imitations_parent_class)->dispose (object);
}

static void
sb_imitations_finalize (GObject *object)
{
  SbImitations *self = SB_IMITATIONS (object);

  g_clear_pointer (&self->delayed, g_ptr_array_unref);
  g_clear_pointer (&self->services, g_ptr_array_unref);

  G_OBJECT_CLASS (sb_imitations_parent_class)->finalize (object);
}

static void
sb_imitations_class_init (SbImitationsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sb_imitations_dispose;
  object_class->finalize = sb_imitations_finalize;
}

static void
sb_imitations_init (SbImitations *self)
{
  self->services = g_ptr_array_new_with_free_func (service_free);
  self->delayed = g_ptr_array_new_with_free_func (delayed_free);

  for (guint i = 0; i < G_N_ELEMENTS (service_classes); i++)
    {
      SbImitationService *svc = g_new0 (SbImitationService, 1);

      svc->owner = self;
      svc->klass = service_classes[i];
      svc->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      svc->token_lifetime = 3600;
      svc->data = svc->klass->init != NULL ? svc->klass->init (svc) : NULL;
      g_ptr_array_add (self->services, svc);
    }
}

/* ------------------------------------------------------------------------------------ */
/* Faults */

static GBytes *
build_huge_body (const SbImitationServiceClass *klass)
{
  GString *body = g_string_sized_new (HUGE_BODY_SIZE + 4096);
  char filler[1025];

  memset (filler, 'x', sizeof filler - 1);
  filler[sizeof filler - 1] = '\0';

  if (klass->soap)
    {
      g_string_append (body,
                       "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                       "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                       "<soap:Body><GetCompaniesResponse xmlns=\"http://24sevenOffice.com/webse"
                       "rvices\"><GetCompaniesResult>");
      while (body->len < HUGE_BODY_SIZE)
        g_string_append_printf (body, "<Company><Id>%" G_GSIZE_FORMAT "</Id><Name>%s</Name>"
                                "</Company>", body->len, filler);
      g_string_append (body, "</GetCompaniesResult></GetCompaniesResponse></soap:Body>"
                             "</soap:Envelope>");
    }
  else
    {
      g_string_append (body, "{\"data\": [");
      while (body->len < HUGE_BODY_SIZE)
        g_string_append_printf (body, "{\"id\": %" G_GSIZE_FORMAT ", \"padding\": \"%s\"}, ",
                                body->len, filler);
      g_string_append (body, "{\"id\": 0}]}");
    }

  return g_string_free_to_bytes (body);
}

static void
reply_fault (SbImitationService *svc,
             SoupServerMessage  *msg,
             SbImitationFault    fault)
{
  switch (fault)
    {
    case SB_IMITATION_FAULT_RESET:
      {
        /* Taking the connection away from the server and closing it is what a peer that
         * resets does, as far as the client can tell: no status line, no body. */
        g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

        if (stream != NULL)
          g_io_stream_close (stream, NULL, NULL);
      }
      break;

    case SB_IMITATION_FAULT_RATE_LIMIT:
    case SB_IMITATION_FAULT_SERVER_ERROR:
    case SB_IMITATION_FAULT_EXPIRED_TOKEN:
      svc->klass->fault (svc, msg, fault);
      break;

    case SB_IMITATION_FAULT_BAD_JSON:
      sb_imitation_reply_text (msg, SOUP_STATUS_OK, svc->klass->content_type,
                               svc->klass->soap
                               ? "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<soap:Envelope "
                                 "xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><so"
                                 "ap:Body><GetCompaniesResponse><Id>30112</Name>"
                               : "{\"object\": \"list\", \"data\": [{\"id\": \"1001\", \"name\":"
                                 " \"Elsa Holmb");
      break;

    case SB_IMITATION_FAULT_HUGE_BODY:
      {
        g_autoptr(GBytes) body = build_huge_body (svc->klass);
        SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

        /* Chunked, so that only reading the body tells how large it is. */
        soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
        soup_message_headers_replace (headers, "Content-Type", svc->klass->content_type);
        soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
        soup_message_body_append_bytes (soup_server_message_get_response_body (msg), body);
        soup_message_body_complete (soup_server_message_get_response_body (msg));
      }
      break;

    case SB_IMITATION_FAULT_WRONG_CONTENT_TYPE:
      /* What a proxy or a captive portal puts in the way. */
      sb_imitation_reply_text (msg, SOUP_STATUS_OK, "text/html; charset=utf-8",
                               "<!DOCTYPE html>\n<html><head><title>Sign in to the network"
                               "</title></head><body><h1>Sign in to the network</h1><p>Ple"
                               "ase accept the terms of use to continue.</p></body></html>\n");
      break;

    case SB_IMITATION_FAULT_NONE:
    case SB_IMITATION_FAULT_SLOW:
    default:
      g_assert_not_reached ();
    }
}

static void
answer (SbImitationService *svc,
        SoupServerMessage  *msg)
{
  GUri *uri = soup_server_message_get_uri (msg);
  const char *raw_query = g_uri_get_query (uri);
  g_autoptr(GHashTable) query = NULL;

  query = raw_query != NULL ? soup_form_decode (raw_query)
                            : g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  svc->klass->handle (svc, msg, g_uri_get_path (uri), query);
}

static void
on_delayed_finished (SoupServerMessage *msg,
                     Delayed           *delayed)
{
  /* The client went away while we waited: nothing left to answer. */
  g_ptr_array_remove (delayed->self->delayed, delayed);
}

static gboolean
answer_delayed_cb (gpointer data)
{
  Delayed *delayed = data;

  delayed->source_id = 0;
  g_clear_signal_handler (&delayed->finished_id, delayed->msg);
  answer (delayed->svc, delayed->msg);
  soup_server_message_unpause (delayed->msg);
  g_ptr_array_remove (delayed->self->delayed, delayed);

  return G_SOURCE_REMOVE;
}

static void
dispatch_cb (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  SbImitationService *svc = user_data;
  SbImitationFault fault = svc->fault;
  g_autofree char *key = NULL;
  guint count;

  key = g_strdup_printf ("%s %s", soup_server_message_get_method (msg), path);
  count = GPOINTER_TO_UINT (g_hash_table_lookup (svc->counts, key));
  g_hash_table_replace (svc->counts, g_steal_pointer (&key), GUINT_TO_POINTER (count + 1));

  if (fault != SB_IMITATION_FAULT_NONE && svc->fault_remaining > 0 &&
      --svc->fault_remaining == 0)
    svc->fault = SB_IMITATION_FAULT_NONE;

  if (fault == SB_IMITATION_FAULT_NONE)
    answer (svc, msg);
  else if (fault == SB_IMITATION_FAULT_SLOW)
    {
      Delayed *delayed = g_new0 (Delayed, 1);

      delayed->self = svc->owner;
      delayed->svc = svc;
      delayed->msg = g_object_ref (msg);
      delayed->finished_id = g_signal_connect (msg, "finished",
                                               G_CALLBACK (on_delayed_finished), delayed);
      delayed->source_id = g_timeout_add (SLOW_SECONDS * 1000, answer_delayed_cb, delayed);
      g_ptr_array_add (svc->owner->delayed, delayed);
      soup_server_message_pause (msg);
    }
  else
    reply_fault (svc, msg, fault);
}

/* ------------------------------------------------------------------------------------ */
/* Internal API */

SbImitationService *
sb_imitations_lookup_service (SbImitations *self,
                              const char   *service)
{
  g_return_val_if_fail (SB_IS_IMITATIONS (self), NULL);
  g_return_val_if_fail (service != NULL, NULL);

  for (guint i = 0; i < self->services->len; i++)
    {
      SbImitationService *svc = g_ptr_array_index (self->services, i);

      if (g_str_equal (svc->klass->name, service))
        return svc;
    }

  g_critical ("There is no imitation of a service called “%s”", service);
  return NULL;
}

gboolean
sb_imitations_get_auto_approve (SbImitations *self)
{
  return self->auto_approve;
}

void
sb_imitation_set_header (SoupServerMessage *msg,
                         const char        *name,
                         const char        *value)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), name, value);
}

void
sb_imitation_reply_text (SoupServerMessage *msg,
                         guint              status,
                         const char        *content_type,
                         const char        *text)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, text, strlen (text));
}

void
sb_imitation_reply_empty (SoupServerMessage *msg,
                          guint              status)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, NULL, SOUP_MEMORY_STATIC, NULL, 0);
}

void
sb_imitation_reply_json (SoupServerMessage *msg,
                         guint              status,
                         JsonNode          *node)
{
  g_autoptr(JsonNode) owned = node;
  gsize length = 0;
  char *text = json_to_string (owned, FALSE);

  length = strlen (text);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_TAKE,
                                    text, length);
}

void
sb_imitation_reply_object (SoupServerMessage *msg,
                           guint              status,
                           JsonObject        *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  sb_imitation_reply_json (msg, status, node);
}

const char *
sb_imitation_get_header (SoupServerMessage *msg,
                         const char        *name)
{
  return soup_message_headers_get_one (soup_server_message_get_request_headers (msg), name);
}

gboolean
sb_imitation_has_content_type (SoupServerMessage *msg,
                               const char        *type)
{
  const char *content_type =
    soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL);

  return content_type != NULL && g_ascii_strcasecmp (content_type, type) == 0;
}

char *
sb_imitation_dup_body (SoupServerMessage *msg,
                       gsize             *length)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  if (length != NULL)
    *length = size;
  return g_strndup (data != NULL ? data : "", size);
}

JsonNode *
sb_imitation_read_json (SoupServerMessage  *msg,
                        GError            **error)
{
  gsize length = 0;
  g_autofree char *text = sb_imitation_dup_body (msg, &length);
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (length == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "The body is empty");
      return NULL;
    }

  if (!json_parser_load_from_data (parser, text, length, error))
    return NULL;

  return json_parser_steal_root (parser);
}

gboolean
sb_imitation_get_basic_auth (SoupServerMessage  *msg,
                             char              **user,
                             char              **password)
{
  const char *header = sb_imitation_get_header (msg, "Authorization");
  g_autofree guchar *decoded = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;
  char *colon;

  if (header == NULL || g_ascii_strncasecmp (header, "Basic ", 6) != 0)
    return FALSE;

  decoded = g_base64_decode (header + 6, &length);
  text = g_strndup ((const char *) decoded, length);
  colon = strchr (text, ':');
  if (colon == NULL)
    return FALSE;

  *user = g_strndup (text, colon - text);
  *password = g_strdup (colon + 1);
  return TRUE;
}

char *
sb_imitation_dup_bearer (SoupServerMessage *msg)
{
  const char *header = sb_imitation_get_header (msg, "Authorization");

  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0)
    return NULL;

  return g_strstrip (g_strdup (header + 7));
}

gboolean
sb_imitation_secret_equal (const char *a,
                           const char *b)
{
  gsize length;
  guint8 diff = 0;

  if (a == NULL || b == NULL)
    return FALSE;

  length = strlen (a);
  if (length != strlen (b))
    return FALSE;

  for (gsize i = 0; i < length; i++)
    diff |= (guint8) a[i] ^ (guint8) b[i];

  return diff == 0;
}

gboolean
sb_imitation_query_uint (GHashTable *query,
                         const char *name,
                         guint       fallback,
                         guint      *value)
{
  const char *text = g_hash_table_lookup (query, name);
  guint64 number = 0;

  if (text == NULL || *text == '\0')
    {
      *value = fallback;
      return TRUE;
    }

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &number, NULL))
    return FALSE;

  *value = (guint) number;
  return TRUE;
}

JsonObject *
sb_imitation_get_object (JsonObject *object,
                         const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
sb_imitation_get_array (JsonObject *object,
                        const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

const char *
sb_imitation_get_string (JsonObject *object,
                         const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

JsonNode *
sb_imitation_parse (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (json, &error);

  /* The literals are ours; one that does not parse is a programming error. */
  g_assert_no_error (error);
  return node;
}

JsonObject *
sb_imitation_parse_object (const char *json)
{
  g_autoptr(JsonNode) node = sb_imitation_parse (json);

  g_assert (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

char *
sb_imitation_random_id (const char *prefix,
                        guint       length)
{
  static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  GString *id = g_string_new (prefix);

  for (guint i = 0; i < length; i++)
    g_string_append_c (id, alphabet[g_random_int_range (0, sizeof alphabet - 1)]);

  return g_string_free (id, FALSE);
}

char *
sb_imitation_now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

char *
sb_imitation_base64url (const guint8 *data,
                        gsize         length)
{
  char *text = g_base64_encode (data, length);
  char *end;

  for (char *p = text; *p != '\0'; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
    }
  end = strchr (text, '=');
  if (end != NULL)
    *end = '\0';

  return text;
}

guint8 *
sb_imitation_base64url_decode (const char *text,
                               gsize      *length)
{
  g_autoptr(GString) standard = g_string_new (text);

  for (gsize i = 0; i < standard->len; i++)
    {
      char c = standard->str[i];

      if (c == '-')
        standard->str[i] = '+';
      else if (c == '_')
        standard->str[i] = '/';
      else if (!g_ascii_isalnum (c))
        return NULL;
    }
  while (standard->len % 4 != 0)
    g_string_append_c (standard, '=');

  return g_base64_decode (standard->str, length);
}

char *
sb_imitation_sign (const char *purpose,
                   const char *data)
{
  g_autofree char *key = g_strconcat ("samband-imitation:", purpose, NULL);

  return g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) key, strlen (key),
                                    data, -1);
}

/* ------------------------------------------------------------------------------------ */
/* Public API */

SbImitations *
sb_imitations_new (void)
{
  return g_object_new (SB_TYPE_IMITATIONS, NULL);
}

const char * const *
sb_imitations_list_services (void)
{
  return service_names;
}

void
sb_imitations_set_port (SbImitations *self,
                        const char   *service,
                        guint         port)
{
  SbImitationService *svc;

  g_return_if_fail (SB_IS_IMITATIONS (self));
  g_return_if_fail (!self->running);
  g_return_if_fail (port <= G_MAXUINT16);

  if ((svc = sb_imitations_lookup_service (self, service)) != NULL)
    svc->port = port;
}

gboolean
sb_imitations_start (SbImitations  *self,
                     GError       **error)
{
  g_return_val_if_fail (SB_IS_IMITATIONS (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->running)
    return TRUE;

  for (guint i = 0; i < self->services->len; i++)
    {
      SbImitationService *svc = g_ptr_array_index (self->services, i);
      g_autoptr(SoupServer) server = soup_server_new ("server-header", NULL, NULL);
      GSList *uris;

      soup_server_add_handler (server, NULL, dispatch_cb, svc, NULL);
      if (!soup_server_listen_local (server, svc->port, SOUP_SERVER_LISTEN_IPV4_ONLY, error))
        {
          g_prefix_error (error, "The imitation of %s cannot listen: ", svc->klass->name);
          sb_imitations_stop (self);
          return FALSE;
        }

      uris = soup_server_get_uris (server);
      g_assert (uris != NULL);
      svc->base_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
      if (svc->klass->authorize_path != NULL)
        svc->authorize_url = g_strconcat (svc->base_url, svc->klass->authorize_path, NULL);
      if (svc->klass->token_path != NULL)
        svc->token_url = g_strconcat (svc->base_url, svc->klass->token_path, NULL);
      g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
      svc->server = g_steal_pointer (&server);
    }

  self->running = TRUE;
  return TRUE;
}

gboolean
sb_imitations_is_running (SbImitations *self)
{
  g_return_val_if_fail (SB_IS_IMITATIONS (self), FALSE);

  return self->running;
}

void
sb_imitations_stop (SbImitations *self)
{
  g_return_if_fail (SB_IS_IMITATIONS (self));

  g_ptr_array_set_size (self->delayed, 0);

  for (guint i = 0; i < self->services->len; i++)
    {
      SbImitationService *svc = g_ptr_array_index (self->services, i);

      if (svc->server != NULL)
        soup_server_disconnect (svc->server);
      g_clear_object (&svc->server);
      g_clear_pointer (&svc->base_url, g_free);
      g_clear_pointer (&svc->authorize_url, g_free);
      g_clear_pointer (&svc->token_url, g_free);
    }

  self->running = FALSE;
}

const char *
sb_imitations_get_base_url (SbImitations *self,
                            const char   *service)
{
  SbImitationService *svc;

  g_return_val_if_fail (SB_IS_IMITATIONS (self), NULL);

  svc = sb_imitations_lookup_service (self, service);
  return svc != NULL ? svc->base_url : NULL;
}

const char *
sb_imitations_get_credential (SbImitations *self,
                              const char   *service,
                              const char   *field)
{
  SbImitationService *svc;

  g_return_val_if_fail (SB_IS_IMITATIONS (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  svc = sb_imitations_lookup_service (self, service);
  if (svc == NULL || svc->klass->credential == NULL)
    return NULL;

  return svc->klass->credential (field);
}

const char *
sb_imitations_get_authorize_url (SbImitations *self,
                                 const char   *service)
{
  SbImitationService *svc;

  g_return_val_if_fail (SB_IS_IMITATIONS (self), NULL);

  svc = sb_imitations_lookup_service (self, service);
  return svc != NULL ? svc->authorize_url : NULL;
}

const char *
sb_imitations_get_token_url (SbImitations *self,
                             const char   *service)
{
  SbImitationService *svc;

  g_return_val_if_fail (SB_IS_IMITATIONS (self), NULL);

  svc = sb_imitations_lookup_service (self, service);
  return svc != NULL ? svc->token_url : NULL;
}

SoupMessage *
sb_imitations_new_webhook_message (SbImitations *self,
                                   const char   *service,
                                   const char   *url,
                                   const char   *secret,
                                   const char   *event_type)
{
  SbImitationService *svc;

  g_return_val_if_fail (SB_IS_IMITATIONS (self), NULL);
  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (event_type != NULL, NULL);

  svc = sb_imitations_lookup_service (self, service);
  if (svc == NULL || svc->klass->webhook == NULL)
    return NULL;

  if (secret == NULL)
    secret = svc->klass->credential (svc->klass->webhook_secret_field);

  return svc->klass->webhook (svc, url, secret, event_type);
}

void
sb_imitations_set_auto_approve (SbImitations *self,
                                gboolean      auto_approve)
{
  g_return_if_fail (SB_IS_IMITATIONS (self));

  self->auto_approve = !!auto_approve;
}

void
sb_imitations_set_token_lifetime (SbImitations *self,
                                  const char   *service,
                                  guint         seconds)
{
  SbImitationService *svc;

  g_return_if_fail (SB_IS_IMITATIONS (self));

  if ((svc = sb_imitations_lookup_service (self, service)) != NULL)
    svc->token_lifetime = seconds;
}

void
sb_imitations_set_fault_for (SbImitations     *self,
                             const char       *service,
                             SbImitationFault  fault,
                             guint             n_requests)
{
  SbImitationService *svc;

  g_return_if_fail (SB_IS_IMITATIONS (self));
  g_return_if_fail (fault <= SB_IMITATION_FAULT_EXPIRED_TOKEN);

  if ((svc = sb_imitations_lookup_service (self, service)) != NULL)
    {
      svc->fault = fault;
      svc->fault_remaining = fault != SB_IMITATION_FAULT_NONE ? n_requests : 0;
    }
}

void
sb_imitations_set_fault (SbImitations     *self,
                         const char       *service,
                         SbImitationFault  fault)
{
  sb_imitations_set_fault_for (self, service, fault, 0);
}

guint
sb_imitations_count_requests (SbImitations *self,
                              const char   *service,
                              const char   *method,
                              const char   *path)
{
  SbImitationService *svc;
  GHashTableIter iter;
  gpointer key, value;
  guint count = 0;

  g_return_val_if_fail (SB_IS_IMITATIONS (self), 0);

  if ((svc = sb_imitations_lookup_service (self, service)) == NULL)
    return 0;

  g_hash_table_iter_init (&iter, svc->counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *space = strchr (key, ' ');

      if (method != NULL && (strncmp (key, method, space - (const char *) key) != 0 ||
                             strlen (method) != (gsize) (space - (const char *) key)))
        continue;
      if (path != NULL && !g_str_equal (space + 1, path))
        continue;
      count += GPOINTER_TO_UINT (value);
    }

  return count;
}

void
sb_imitations_reset_counts (SbImitations *self)
{
  g_return_if_fail (SB_IS_IMITATIONS (self));

  for (guint i = 0; i < self->services->len; i++)
    {
      SbImitationService *svc = g_ptr_array_index (self->services, i);

      g_hash_table_remove_all (svc->counts);
    }
}
