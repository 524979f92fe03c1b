/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sb-webhook-server.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#define HOOKS_PREFIX "/hooks/"
#define REQUEST_KEY  "sb-webhook-request"

/* What the server knows about one POST to a known token. It belongs to the message (as its
 * data), so it lives as long as the message does. */
typedef struct
{
  SbWebhookServer   *server;       /* borrowed; NULL once the server stopped */
  SoupServerMessage *message;      /* borrowed: the owner */
  SbWebhookTarget   *target;
  GCancellable      *cancellable;
  GBytes            *body;
  guint64            received;
  gboolean           finished;     /* libsoup is done with the message */
} Request;

struct _SbWebhookServer
{
  GObject              parent_instance;

  SbCredentialSource  *credentials;
  SoupServer          *server;
  guint                port;
  /* Requests being decided, the message paused while its secret is read (borrowed: each is
   * kept alive by the reference its lookup holds on the message). */
  GPtrArray           *pending;

  SbWebhookLookupFunc  lookup_func;
  gpointer             lookup_data;
  GDestroyNotify       lookup_destroy;
  SbWebhookAcceptFunc  accept_func;
  gpointer             accept_data;
  GDestroyNotify       accept_destroy;
};

G_DEFINE_FINAL_TYPE (SbWebhookServer, sb_webhook_server, G_TYPE_OBJECT)

static void
request_free (Request *request)
{
  g_clear_pointer (&request->target, sb_webhook_target_free);
  g_clear_object (&request->cancellable);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request);
}

/* Leaves every pending request to itself: its lookup is cancelled, and when it finishes
 * anyway it neither answers nor touches the message, whose connection is gone. */
static void
detach_pending (SbWebhookServer *self)
{
  for (guint i = 0; i < self->pending->len; i++)
    {
      Request *request = g_ptr_array_index (self->pending, i);

      request->server = NULL;
      g_cancellable_cancel (request->cancellable);
    }
  g_ptr_array_set_size (self->pending, 0);
}

static void
sb_webhook_server_dispose (GObject *object)
{
  SbWebhookServer *self = (SbWebhookServer *)object;

  sb_webhook_server_stop (self);
  g_clear_object (&self->credentials);
  /* The owner's data may hold a reference to something holding this server. */
  sb_webhook_server_set_lookup_func (self, NULL, NULL, NULL);
  sb_webhook_server_set_accept_func (self, NULL, NULL, NULL);

  G_OBJECT_CLASS (sb_webhook_server_parent_class)->dispose (object);
}

static void
sb_webhook_server_finalize (GObject *object)
{
  SbWebhookServer *self = (SbWebhookServer *)object;

  g_ptr_array_unref (self->pending);

  G_OBJECT_CLASS (sb_webhook_server_parent_class)->finalize (object);
}

static void
sb_webhook_server_class_init (SbWebhookServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sb_webhook_server_dispose;
  object_class->finalize = sb_webhook_server_finalize;
}

static void
sb_webhook_server_init (SbWebhookServer *self)
{
  self->pending = g_ptr_array_new ();
}

/* ------------------------------------------------------------------------------------ */
/* Answers */

static void
respond (SoupServerMessage *message,
         guint              status,
         const char        *member,
         const char        *text)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  char *json;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, text);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);

  soup_server_message_set_status (message, status, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                "Cache-Control", "no-store");
  /* libsoup 3.2's server never notices that a client closed a connection it kept open (fixed
   * in 3.3): each would keep a file descriptor until the process runs out. One request per
   * connection costs a little speed and keeps the receiver running. */
  soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                "Connection", "close");
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_TAKE,
                                    json, strlen (json));
}

static void
respond_error (SoupServerMessage *message,
               guint              status,
               const char        *text)
{
  respond (message, status, "error", text);
}

static void
respond_too_large (SoupServerMessage *message)
{
  SoupMessageBody *body = soup_server_message_get_request_body (message);

  /* libsoup 3.2 reads what the client still sends before it answers (unless the client
   * asked for "Expect: 100-continue"): keep none of it, and close the connection after. */
  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_truncate (body);
  soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                "Connection", "close");
  respond_error (message, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                 _("The request body is larger than the limit of 1 MiB"));
}

/* ------------------------------------------------------------------------------------ */
/* Deciding */

static const char *
get_signature_header (SbWebhookTarget *target)
{
  if (target->header != NULL && target->header[0] != '\0')
    return target->header;

  switch (target->scheme)
    {
    case SB_SIGNATURE_SCHEME_STRIPE:
      return "Stripe-Signature";
    case SB_SIGNATURE_SCHEME_SHOPIFY:
      return "X-Shopify-Hmac-Sha256";
    case SB_SIGNATURE_SCHEME_NONE:
    case SB_SIGNATURE_SCHEME_HMAC_HEX_HEADER:
    default:
      return NULL;
    }
}

/* The signature is good (or not needed): hand the event to the owner, and answer 202 only
 * once the owner has stored it. */
static void
accept_event (SbWebhookServer *self,
              Request         *request)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (request->message);
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  g_autoptr(GError) error = NULL;

  if (self->accept_func == NULL)
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                         "nothing receives the events");
  else if (self->accept_func (request->target->integration_id, headers, request->body,
                              content_type, self->accept_data, &error))
    {
      respond (request->message, SOUP_STATUS_ACCEPTED, "status", "queued");
      return;
    }

  g_warning ("A webhook event for integration %" G_GINT64_FORMAT " was not stored: %s",
             request->target->integration_id,
             error != NULL ? error->message : "no reason given");
  respond_error (request->message, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                 _("The event could not be stored; send it again later"));
}

static void
check_signature (SbWebhookServer *self,
                 Request         *request,
                 const char      *secret)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (request->message);
  const char *name = get_signature_header (request->target);
  const char *signature = name != NULL ? soup_message_headers_get_one (headers, name) : NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  const guint8 *data = g_bytes_get_data (request->body, &length);

  if (!sb_signature_verify (request->target->scheme, signature, data, length, secret,
                            g_get_real_time () / G_USEC_PER_SEC, &error))
    {
      /* The signature functions' messages never hold the secret or a signature. */
      g_debug ("A webhook for integration %" G_GINT64_FORMAT " was refused: %s",
               request->target->integration_id, error->message);
      respond_error (request->message, SOUP_STATUS_UNAUTHORIZED, error->message);
      return;
    }

  accept_event (self, request);
}

static void
secret_looked_up_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(SoupServerMessage) message = user_data;
  Request *request = g_object_get_data (G_OBJECT (message), REQUEST_KEY);
  g_autoptr(SbWebhookServer) self = NULL;
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = sb_credential_source_lookup_finish (SB_CREDENTIAL_SOURCE (object), result, &error);

  /* The server stopped (or went away) while the secret was read, or the connection broke:
   * nobody to answer. */
  if (request->server == NULL || request->finished)
    {
      sb_credential_free (secret);
      if (request->server != NULL)
        g_ptr_array_remove_fast (request->server->pending, request);
      request->server = NULL;
      return;
    }

  /* The owner's accept function may stop the server, or drop the last reference to it. */
  self = g_object_ref (request->server);

  if (secret == NULL || secret[0] == '\0')
    {
      g_warning ("The signing secret of the webhook for integration %" G_GINT64_FORMAT
                 " could not be read (account %" G_GINT64_FORMAT ", field %s): %s",
                 request->target->integration_id, request->target->account_id,
                 request->target->secret_field,
                 error != NULL ? error->message : "nothing is stored");
      respond_error (request->message, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                     _("The signing secret of this webhook could not be read; "
                       "check its account in Samband"));
    }
  else
    check_signature (self, request, secret);
  sb_credential_free (secret);

  /* Still pending unless sb_webhook_server_stop() ran meanwhile and closed the connection. */
  if (request->server != NULL)
    {
      g_ptr_array_remove_fast (self->pending, request);
      request->server = NULL;
      if (!request->finished)
        soup_server_message_unpause (request->message);
    }
}

/* ------------------------------------------------------------------------------------ */
/* libsoup's handlers */

static void
on_message_got_chunk (SoupServerMessage *message,
                      GBytes            *chunk,
                      gpointer           user_data)
{
  Request *request = user_data;

  /* A body without a Content-Length (chunked) is counted as it comes. */
  request->received += g_bytes_get_size (chunk);
  if (request->received > SB_WEBHOOK_SERVER_MAX_BODY &&
      soup_server_message_get_status (message) == 0)
    {
      g_debug ("A webhook for integration %" G_GINT64_FORMAT " was refused: the body is "
               "over %u bytes", request->target->integration_id, SB_WEBHOOK_SERVER_MAX_BODY);
      respond_too_large (message);
    }
}

static void
on_message_finished (SoupServerMessage *message,
                     gpointer           user_data)
{
  Request *request = user_data;

  request->finished = TRUE;
}

/* Runs when the headers have been read, before the body: everything that can be refused
 * without the body is refused here, so that a client which sent "Expect: 100-continue" never
 * sends it. */
static void
on_early_request (SoupServer        *server,
                  SoupServerMessage *message,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  SbWebhookServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  g_autoptr(SbWebhookTarget) target = NULL;
  const char *token;
  Request *request;

  if (!g_str_has_prefix (path, HOOKS_PREFIX) ||
      path[strlen (HOOKS_PREFIX)] == '\0' ||
      strchr (path + strlen (HOOKS_PREFIX), '/') != NULL)
    {
      respond_error (message, SOUP_STATUS_NOT_FOUND, _("There is no webhook at this address"));
      return;
    }
  token = path + strlen (HOOKS_PREFIX);

  if (!g_str_equal (soup_server_message_get_method (message), SOUP_METHOD_POST))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                    "Allow", "POST");
      respond_error (message, SOUP_STATUS_METHOD_NOT_ALLOWED,
                     _("A webhook accepts only POST requests"));
      return;
    }

  if (self->lookup_func != NULL)
    target = self->lookup_func (token, self->lookup_data);
  if (target == NULL)
    {
      g_debug ("A webhook for an unknown token was refused");
      respond_error (message, SOUP_STATUS_NOT_FOUND, _("There is no webhook at this address"));
      return;
    }

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > SB_WEBHOOK_SERVER_MAX_BODY)
    {
      g_debug ("A webhook for integration %" G_GINT64_FORMAT " was refused: its "
               "Content-Length is over %u bytes", target->integration_id,
               SB_WEBHOOK_SERVER_MAX_BODY);
      respond_too_large (message);
      return;
    }

  request = g_new0 (Request, 1);
  request->message = message;
  request->target = g_steal_pointer (&target);
  request->cancellable = g_cancellable_new ();
  g_object_set_data_full (G_OBJECT (message), REQUEST_KEY, request,
                          (GDestroyNotify)request_free);
  g_signal_connect (message, "got-chunk", G_CALLBACK (on_message_got_chunk), request);
  g_signal_connect (message, "finished", G_CALLBACK (on_message_finished), request);
}

/* Runs when the whole body has been read, unless the early handler (or the size check) has
 * already answered. */
static void
on_request (SoupServer        *server,
            SoupServerMessage *message,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  SbWebhookServer *self = user_data;
  Request *request = g_object_get_data (G_OBJECT (message), REQUEST_KEY);
  SoupMessageBody *body = soup_server_message_get_request_body (message);

  if (request == NULL)
    {
      /* The early handler answers everything it does not keep. */
      respond_error (message, SOUP_STATUS_NOT_FOUND, _("There is no webhook at this address"));
      return;
    }

  /* Within the limit: on_message_got_chunk() has answered any longer body. */
  request->body = soup_message_body_flatten (body);

  if (request->target->scheme == SB_SIGNATURE_SCHEME_NONE)
    {
      accept_event (self, request);
      return;
    }

  if (request->target->secret_field == NULL || request->target->secret_field[0] == '\0')
    {
      g_warning ("The webhook for integration %" G_GINT64_FORMAT " is signed, but no "
                 "credential field holds its secret", request->target->integration_id);
      respond_error (message, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                     _("The signing secret of this webhook could not be read; "
                       "check its account in Samband"));
      return;
    }

  /* The secret is in the keyring, which answers asynchronously: the answer waits. */
  request->server = self;
  g_ptr_array_add (self->pending, request);
  soup_server_message_pause (message);
  sb_credential_source_lookup_async (self->credentials, request->target->account_id,
                                     request->target->secret_field, request->cancellable,
                                     secret_looked_up_cb, g_object_ref (message));
}

/* ------------------------------------------------------------------------------------ */

/**
 * sb_webhook_target_new:
 *
 * Returns: (transfer full): a target, to be freed with sb_webhook_target_free().
 */
SbWebhookTarget *
sb_webhook_target_new (gint64             integration_id,
                       gint64             account_id,
                       SbSignatureScheme  scheme,
                       const char        *header,
                       const char        *secret_field)
{
  SbWebhookTarget *target = g_new0 (SbWebhookTarget, 1);

  target->integration_id = integration_id;
  target->account_id = account_id;
  target->scheme = scheme;
  target->header = g_strdup (header);
  target->secret_field = g_strdup (secret_field);
  return target;
}

void
sb_webhook_target_free (SbWebhookTarget *target)
{
  if (target == NULL)
    return;

  g_free (target->header);
  g_free (target->secret_field);
  g_free (target);
}

SbWebhookServer *
sb_webhook_server_new (SbCredentialSource *credentials)
{
  SbWebhookServer *self;

  g_return_val_if_fail (SB_IS_CREDENTIAL_SOURCE (credentials), NULL);

  self = g_object_new (SB_TYPE_WEBHOOK_SERVER, NULL);
  self->credentials = g_object_ref (credentials);
  return self;
}

void
sb_webhook_server_set_lookup_func (SbWebhookServer     *self,
                                   SbWebhookLookupFunc  func,
                                   gpointer             user_data,
                                   GDestroyNotify       destroy)
{
  g_return_if_fail (SB_IS_WEBHOOK_SERVER (self));

  if (self->lookup_destroy != NULL)
    self->lookup_destroy (self->lookup_data);
  self->lookup_func = func;
  self->lookup_data = user_data;
  self->lookup_destroy = destroy;
}

void
sb_webhook_server_set_accept_func (SbWebhookServer     *self,
                                   SbWebhookAcceptFunc  func,
                                   gpointer             user_data,
                                   GDestroyNotify       destroy)
{
  g_return_if_fail (SB_IS_WEBHOOK_SERVER (self));

  if (self->accept_destroy != NULL)
    self->accept_destroy (self->accept_data);
  self->accept_func = func;
  self->accept_data = user_data;
  self->accept_destroy = destroy;
}

gboolean
sb_webhook_server_start (SbWebhookServer  *self,
                         guint             port,
                         GError          **error)
{
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) listen_error = NULL;
  GSList *uris;

  g_return_val_if_fail (SB_IS_WEBHOOK_SERVER (self), FALSE);
  g_return_val_if_fail (self->server == NULL, FALSE);
  g_return_val_if_fail (self->lookup_func != NULL && self->accept_func != NULL, FALSE);
  g_return_val_if_fail (port <= G_MAXUINT16, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  server = soup_server_new (NULL, NULL);
  /* Both at the same path, so that libsoup runs both for every request. */
  soup_server_add_early_handler (server, NULL, on_early_request, self, NULL);
  soup_server_add_handler (server, NULL, on_request, self, NULL);

  /* 127.0.0.1 only: a tunnel or a reverse proxy is what exposes it, never this server. */
  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, port);
  if (!soup_server_listen (server, address, 0, &listen_error))
    {
      if (g_error_matches (listen_error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE,
                     /* Translators: %u is a TCP port number */
                     _("Port %u is in use; choose another webhook port in Preferences"), port);
      else
        g_set_error (error, listen_error->domain, listen_error->code,
                     /* Translators: a TCP port number, then the system's reason */
                     _("Could not listen for webhooks on port %u: %s"), port,
                     listen_error->message);
      return FALSE;
    }

  uris = soup_server_get_uris (server);
  self->port = uris != NULL ? (guint)g_uri_get_port (uris->data) : port;
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
  self->server = g_steal_pointer (&server);
  g_debug ("Listening for webhooks on 127.0.0.1:%u", self->port);
  return TRUE;
}

void
sb_webhook_server_stop (SbWebhookServer *self)
{
  g_return_if_fail (SB_IS_WEBHOOK_SERVER (self));

  detach_pending (self);
  if (self->server != NULL)
    {
      soup_server_disconnect (self->server);
      g_clear_object (&self->server);
    }
  self->port = 0;
}

guint
sb_webhook_server_get_port (SbWebhookServer *self)
{
  g_return_val_if_fail (SB_IS_WEBHOOK_SERVER (self), 0);

  return self->port;
}

GSList *
sb_webhook_server_get_uris (SbWebhookServer *self)
{
  g_return_val_if_fail (SB_IS_WEBHOOK_SERVER (self), NULL);

  return self->server != NULL ? soup_server_get_uris (self->server) : NULL;
}
