/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sb-oauth2.h"

#include "sb-connector-private.h"
#include "model/sb-credential-source.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <sys/random.h>

/* OAuth 2.0 authorization code with PKCE for a desktop application (RFC 8252, RFC 7636):
 * the system browser signs in at the service and comes back to a SoupServer on
 * http://127.0.0.1:<random port>/callback, which lives only for the time of the flow. */

/* ------------------------------------------------------------------------------------ */
/* PKCE */

static char *
base64url (const guint8 *data,
           gsize         length)
{
  char *text = g_base64_encode (data, length);
  gsize len = strlen (text);

  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == '+')
        text[i] = '-';
      else if (text[i] == '/')
        text[i] = '_';
    }
  while (len > 0 && text[len - 1] == '=')
    text[--len] = '\0';

  return text;
}

/* GLib's g_random is not meant for secrets: ask the kernel. */
static void
fill_random (guint8 *buffer,
             gsize   length)
{
  gsize done = 0;

  while (done < length)
    {
      gssize n = getrandom (buffer + done, length - done, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        g_error ("No random numbers from the kernel: %s", g_strerror (errno));
      done += n;
    }
}

static char *
make_random_token (gsize bytes)
{
  guint8 buffer[64];
  char *token;

  g_assert (bytes <= sizeof buffer);
  fill_random (buffer, bytes);
  token = base64url (buffer, bytes);
  memset (buffer, 0, sizeof buffer);
  return token;
}

char *
sb_oauth2_make_verifier (void)
{
  /* 32 bytes: 256 bits, 43 characters, the shortest verifier RFC 7636 allows. */
  return make_random_token (32);
}

char *
sb_oauth2_make_challenge (const char *verifier)
{
  guint8 digest[32];
  gsize length = sizeof digest;
  g_autoptr(GChecksum) checksum = NULL;

  g_return_val_if_fail (verifier != NULL, NULL);

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, (const guchar *)verifier, strlen (verifier));
  g_checksum_get_digest (checksum, digest, &length);
  return base64url (digest, length);
}

/* ------------------------------------------------------------------------------------ */
/* Endpoints and token requests */

static char *
strip_slashes (const char *url)
{
  char *copy = g_strdup (url != NULL ? url : "");
  gsize len = strlen (copy);

  while (len > 0 && copy[len - 1] == '/')
    copy[--len] = '\0';
  return copy;
}

static char *
dup_path_and_query (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);

  if (uri == NULL)
    return g_strdup ("");
  if (g_uri_get_query (uri) != NULL)
    return g_strconcat (g_uri_get_path (uri), "?", g_uri_get_query (uri), NULL);
  return g_strdup (g_uri_get_path (uri));
}

static SbConnectorAuth *
lookup_oauth2 (SbConnector  *connector,
               GError      **error)
{
  SbConnectorAuth *auth = sb_connector_lookup_auth (connector, SB_AUTH_KIND_OAUTH2);

  if (auth == NULL)
    g_set_error (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_FAILED,
                 /* Translators: %s is a service's name */
                 _("%s has no sign-in in the browser"), sb_connector_get_name (connector));
  return auth;
}

/* The catalog's endpoints; with another base URL (a sandbox, the local imitations), the
 * same paths on that host. */
static void
resolve_endpoints (SbConnector      *connector,
                   SbConnectorAuth  *auth,
                   const char       *base_url,
                   char            **authorize_url,
                   char            **token_url)
{
  g_autofree char *base = strip_slashes (base_url);
  g_autofree char *default_base = strip_slashes (sb_connector_get_default_base_url (connector));
  g_autofree char *authorize_path = NULL;
  g_autofree char *token_path = NULL;
  g_autofree char *authorize_only = NULL;

  if (base[0] == '\0' || g_str_equal (base, default_base))
    {
      *authorize_url = g_strdup (sb_connector_auth_get_authorize_url (auth));
      *token_url = g_strdup (sb_connector_auth_get_token_url (auth));
      return;
    }

  authorize_path = dup_path_and_query (sb_connector_auth_get_authorize_url (auth));
  token_path = dup_path_and_query (sb_connector_auth_get_token_url (auth));
  authorize_only = g_strndup (authorize_path, strcspn (authorize_path, "?"));

  /* Given the authorize URL itself. */
  if (authorize_only[0] != '\0' && g_str_has_suffix (base, authorize_only))
    base[strlen (base) - strlen (authorize_only)] = '\0';

  *authorize_url = g_strconcat (base, authorize_path, NULL);
  *token_url = g_strconcat (base, token_path, NULL);
}

static void
append_form (GString    *form,
             const char *key,
             const char *value)
{
  if (form->len > 0)
    g_string_append_c (form, '&');
  g_string_append_uri_escaped (form, key, NULL, TRUE);
  g_string_append_c (form, '=');
  g_string_append_uri_escaped (form, value, NULL, TRUE);
}

static void
wipe_string (gpointer data)
{
  sb_credential_free (data);
}

/* A POST to the token endpoint; takes @form, which holds secrets and is wiped when libsoup
 * is done with it. */
static SoupMessage *
new_token_message (SbConnectorAuth  *auth,
                   const char       *token_url,
                   const char       *client_id,
                   const char       *client_secret,
                   GString          *form,
                   GError          **error)
{
  g_autoptr(GBytes) body = NULL;
  SoupMessage *message;
  gboolean basic = sb_connector_auth_get_client_basic (auth) && client_secret != NULL &&
                   client_secret[0] != '\0';
  char *data;
  gsize length;

  /* Fortnox: client_id:client_secret in Basic; others: both in the body. */
  if (!basic)
    {
      append_form (form, "client_id", client_id);
      if (client_secret != NULL && client_secret[0] != '\0')
        append_form (form, "client_secret", client_secret);
    }

  length = form->len;
  data = g_string_free (form, FALSE);
  body = g_bytes_new_with_free_func (data, length, wipe_string, data);

  message = soup_message_new ("POST", token_url);
  if (message == NULL)
    {
      g_set_error (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_FAILED,
                   /* Translators: %s is a web address */
                   _("“%s” is not a web address"), token_url);
      return NULL;
    }

  soup_message_headers_replace (soup_message_get_request_headers (message), "Accept",
                                "application/json");
  if (basic)
    {
      char *joined = g_strconcat (client_id, ":", client_secret, NULL);
      char *encoded = g_base64_encode ((const guchar *)joined, strlen (joined));
      char *value = g_strconcat ("Basic ", encoded, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization",
                                    value);
      sb_credential_free (joined);
      sb_credential_free (encoded);
      sb_credential_free (value);
    }
  soup_message_set_request_body_from_bytes (message, "application/x-www-form-urlencoded", body);

  return message;
}

static const char *
get_string_member (JsonNode   *node,
                   const char *member)
{
  JsonNode *value = sb_json_path_lookup (node, member);

  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value) ||
      json_node_get_value_type (value) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (value);
}

/* Reads a token answer into {access_token, refresh_token, expires_at}; @old_refresh is
 * kept when the service did not rotate it. */
static SbCredentials *
read_token_answer (SbConnector         *connector,
                   SoupMessage         *message,
                   GBytes              *bytes,
                   const char          *old_refresh,
                   gboolean             refreshing,
                   const char * const  *scrub,
                   GError             **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(SbCredentials) credentials = NULL;
  JsonNode *root = NULL;
  JsonNode *expires_in;
  const char *access_token;
  const char *refresh_token;
  guint status = soup_message_get_status (message);

  if (json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                  NULL))
    root = json_parser_get_root (parser);

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      /* RFC 6749 §5.2: a spent, expired or revoked grant. Fortnox: "Invalid refresh token". */
      if (g_strcmp0 (get_string_member (root, "error"), "invalid_grant") == 0)
        {
          if (refreshing)
            g_set_error (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_NEEDS_AUTHORIZATION,
                         /* Translators: %s is a service's name */
                         _("Sign in to %s again: it no longer accepts the saved sign-in"),
                         sb_connector_get_name (connector));
          else
            g_set_error (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_NEEDS_AUTHORIZATION,
                         /* Translators: %s is a service's name */
                         _("%s did not accept the sign-in; try again"),
                         sb_connector_get_name (connector));
          return NULL;
        }

      /* Otherwise the service's own words, as for any failed request. */
      {
        g_autoptr(JsonNode) answer = sb_connector_read_answer (connector, NULL, message, bytes,
                                                               scrub, error);

        g_assert (answer == NULL);
      }
      return NULL;
    }

  access_token = get_string_member (root, "access_token");
  if (access_token == NULL || access_token[0] == '\0')
    {
      g_set_error (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_BAD_ANSWER,
                   /* Translators: %s is a service's name */
                   _("%s answered the sign-in without an access token"),
                   sb_connector_get_name (connector));
      return NULL;
    }

  credentials = sb_credentials_new ();
  sb_credentials_set (credentials, SB_CREDENTIAL_ACCESS_TOKEN, access_token);

  refresh_token = get_string_member (root, "refresh_token");
  sb_credentials_set (credentials, SB_CREDENTIAL_REFRESH_TOKEN,
                      refresh_token != NULL && refresh_token[0] != '\0' ? refresh_token
                                                                        : old_refresh);

  expires_in = sb_json_path_lookup (root, "expires_in");
  if (expires_in != NULL && JSON_NODE_HOLDS_VALUE (expires_in))
    {
      gint64 seconds = json_node_get_value_type (expires_in) == G_TYPE_STRING
                         ? g_ascii_strtoll (json_node_get_string (expires_in), NULL, 10)
                         : json_node_get_int (expires_in);

      if (seconds > 0)
        {
          g_autoptr(GDateTime) expiry = NULL;
          g_autofree char *text = NULL;

          expiry = g_date_time_new_from_unix_utc (g_get_real_time () / G_USEC_PER_SEC + seconds);
          text = g_date_time_format_iso8601 (expiry);
          sb_credentials_set (credentials, SB_CREDENTIAL_EXPIRES_AT, text);
        }
    }

  return g_steal_pointer (&credentials);
}

/* ------------------------------------------------------------------------------------ */
/* Refresh */

typedef struct
{
  SbConnector *connector;
  SoupSession *session;
  SoupMessage *message;
  char        *old_refresh;
  char        *client_secret;
} Refresh;

static void
refresh_free (Refresh *refresh)
{
  g_clear_object (&refresh->connector);
  g_clear_object (&refresh->session);
  g_clear_object (&refresh->message);
  sb_credential_free (refresh->old_refresh);
  sb_credential_free (refresh->client_secret);
  g_free (refresh);
}

static void
refreshed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Refresh *refresh = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  SbCredentials *credentials;
  GError *error = NULL;

  bytes = soup_session_send_and_read_finish (refresh->session, result, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  {
    /* A service may echo what it refused. */
    const char *scrub[] = { refresh->old_refresh, refresh->client_secret, NULL };

    credentials = read_token_answer (refresh->connector, refresh->message, bytes,
                                     refresh->old_refresh, TRUE, scrub, &error);
  }
  if (credentials == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, credentials, (GDestroyNotify)sb_credentials_free);
}

void
sb_oauth2_refresh_async (SbConnector         *connector,
                         SoupSession         *session,
                         const char          *base_url,
                         const SbCredentials *credentials,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *authorize_url = NULL;
  g_autofree char *token_url = NULL;
  SbConnectorAuth *auth;
  const char *refresh_token;
  const char *client_id;
  GString *form;
  Refresh *refresh;
  GError *error = NULL;

  g_return_if_fail (SB_IS_CONNECTOR (connector));
  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (credentials != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sb_oauth2_refresh_async);

  if ((auth = lookup_oauth2 (connector, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  refresh_token = sb_credentials_get (credentials, SB_CREDENTIAL_REFRESH_TOKEN);
  client_id = sb_credentials_get (credentials, SB_CREDENTIAL_CLIENT_ID);
  if (refresh_token == NULL || refresh_token[0] == '\0' || client_id == NULL ||
      client_id[0] == '\0')
    {
      g_task_return_new_error (task, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_NEEDS_AUTHORIZATION,
                               /* Translators: %s is a service's name */
                               _("Sign in to %s again: the account has no valid token"),
                               sb_connector_get_name (connector));
      return;
    }

  resolve_endpoints (connector, auth, base_url, &authorize_url, &token_url);

  form = g_string_new (NULL);
  append_form (form, "grant_type", "refresh_token");
  append_form (form, "refresh_token", refresh_token);

  refresh = g_new0 (Refresh, 1);
  refresh->connector = g_object_ref (connector);
  refresh->session = g_object_ref (session);
  refresh->old_refresh = g_strdup (refresh_token);
  refresh->client_secret = g_strdup (sb_credentials_get (credentials,
                                                         SB_CREDENTIAL_CLIENT_SECRET));
  g_task_set_task_data (task, refresh, (GDestroyNotify)refresh_free);

  refresh->message = new_token_message (auth, token_url, client_id,
                                        sb_credentials_get (credentials,
                                                            SB_CREDENTIAL_CLIENT_SECRET),
                                        form, &error);
  if (refresh->message == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  soup_session_send_and_read_async (session, refresh->message, G_PRIORITY_DEFAULT, cancellable,
                                    refreshed_cb, g_steal_pointer (&task));
}

/**
 * sb_oauth2_refresh_finish:
 *
 * Returns: (transfer full): the renewed fields, or %NULL with @error.
 */
SbCredentials *
sb_oauth2_refresh_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sb_oauth2_refresh_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------ */
/* SbOAuth2Flow */

struct _SbOAuth2Flow
{
  GObject          parent_instance;

  SbConnector     *connector;
  SbConnectorAuth *auth;           /* borrowed from connector */
  char            *authorize_url;
  char            *token_url;
  char            *client_id;
  char            *client_secret;

  SoupServer      *server;
  char            *redirect_uri;
  char            *verifier;
  char            *state;

  /* What the browser brought back, once it came. */
  char            *code;
  GError          *callback_error;
  gboolean         answered;
  gboolean         page_sent;

  GTask           *task;           /* the wait */
  SoupSession     *session;
  SoupMessage     *token_message;
  gulong           cancelled_id;
  guint            stop_source;
  gboolean         done;
};

G_DEFINE_FINAL_TYPE (SbOAuth2Flow, sb_oauth2_flow, G_TYPE_OBJECT)

static void
stop_server (SbOAuth2Flow *self)
{
  if (self->server != NULL)
    {
      soup_server_disconnect (self->server);
      g_clear_object (&self->server);
    }
}

static void
sb_oauth2_flow_dispose (GObject *object)
{
  SbOAuth2Flow *self = (SbOAuth2Flow *)object;

  g_clear_handle_id (&self->stop_source, g_source_remove);
  stop_server (self);
  g_clear_object (&self->session);
  g_clear_object (&self->token_message);
  g_clear_object (&self->connector);
  self->auth = NULL;

  G_OBJECT_CLASS (sb_oauth2_flow_parent_class)->dispose (object);
}

static void
sb_oauth2_flow_finalize (GObject *object)
{
  SbOAuth2Flow *self = (SbOAuth2Flow *)object;

  g_free (self->authorize_url);
  g_free (self->token_url);
  g_free (self->client_id);
  sb_credential_free (self->client_secret);
  g_free (self->redirect_uri);
  sb_credential_free (self->verifier);
  g_free (self->state);
  sb_credential_free (self->code);
  g_clear_error (&self->callback_error);
  g_assert (self->task == NULL);

  G_OBJECT_CLASS (sb_oauth2_flow_parent_class)->finalize (object);
}

static void
sb_oauth2_flow_class_init (SbOAuth2FlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sb_oauth2_flow_dispose;
  object_class->finalize = sb_oauth2_flow_finalize;
}

static void
sb_oauth2_flow_init (SbOAuth2Flow *self)
{
}

SbOAuth2Flow *
sb_oauth2_flow_new (SbConnector *connector,
                    const char  *base_url,
                    const char  *client_id,
                    const char  *client_secret)
{
  SbOAuth2Flow *self;
  SbConnectorAuth *auth;

  g_return_val_if_fail (SB_IS_CONNECTOR (connector), NULL);
  g_return_val_if_fail (client_id != NULL, NULL);

  auth = sb_connector_lookup_auth (connector, SB_AUTH_KIND_OAUTH2);
  g_return_val_if_fail (auth != NULL, NULL);

  self = g_object_new (SB_TYPE_OAUTH2_FLOW, NULL);
  self->connector = g_object_ref (connector);
  self->auth = auth;
  self->client_id = g_strdup (client_id);
  self->client_secret = g_strdup (client_secret != NULL && client_secret[0] != '\0'
                                  ? client_secret : NULL);
  resolve_endpoints (connector, auth, base_url, &self->authorize_url, &self->token_url);

  return self;
}

static void
stop_soon (SbOAuth2Flow *self);

/* The browser's page goes out before the listener closes. */
static void
on_page_finished (SoupServerMessage *message,
                  gpointer           user_data)
{
  SbOAuth2Flow *self = user_data;

  self->page_sent = TRUE;
  stop_soon (self);
}

static gboolean
stop_cb (gpointer user_data)
{
  SbOAuth2Flow *self = user_data;

  self->stop_source = 0;
  stop_server (self);
  return G_SOURCE_REMOVE;
}

static void
stop_soon (SbOAuth2Flow *self)
{
  if (self->done && (self->page_sent || !self->answered) && self->stop_source == 0 &&
      self->server != NULL)
    self->stop_source = g_idle_add_full (G_PRIORITY_DEFAULT, stop_cb, g_object_ref (self),
                                         g_object_unref);
}

static void
complete (SbOAuth2Flow  *self,
          SbCredentials *credentials,
          GError        *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  if (task == NULL)
    {
      g_clear_error (&error);
      g_clear_pointer (&credentials, sb_credentials_free);
      return;
    }

  if (self->cancelled_id != 0)
    {
      g_cancellable_disconnect (g_task_get_cancellable (task), self->cancelled_id);
      self->cancelled_id = 0;
    }

  self->done = TRUE;
  stop_soon (self);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, credentials, (GDestroyNotify)sb_credentials_free);
}

static void
exchanged_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SbOAuth2Flow) self = user_data;
  g_autoptr(GBytes) bytes = NULL;
  SbCredentials *credentials;
  GError *error = NULL;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (bytes == NULL)
    {
      complete (self, NULL, error);
      return;
    }

  {
    const char *scrub[] = { self->code, self->verifier, self->client_secret, NULL };

    credentials = read_token_answer (self->connector, self->token_message, bytes, NULL, FALSE,
                                     scrub, &error);
  }
  if (credentials == NULL)
    {
      complete (self, NULL, error);
      return;
    }

  /* All a later refresh needs. */
  sb_credentials_set (credentials, SB_CREDENTIAL_CLIENT_ID, self->client_id);
  if (self->client_secret != NULL)
    sb_credentials_set (credentials, SB_CREDENTIAL_CLIENT_SECRET, self->client_secret);
  complete (self, credentials, NULL);
}

static void
proceed (SbOAuth2Flow *self)
{
  GString *form;
  GError *error = NULL;

  if (self->task == NULL || !self->answered || self->token_message != NULL)
    return;

  if (self->callback_error != NULL)
    {
      complete (self, NULL, g_error_copy (self->callback_error));
      return;
    }

  form = g_string_new (NULL);
  append_form (form, "grant_type", "authorization_code");
  append_form (form, "code", self->code);
  append_form (form, "redirect_uri", self->redirect_uri);
  append_form (form, "code_verifier", self->verifier);

  self->token_message = new_token_message (self->auth, self->token_url, self->client_id,
                                           self->client_secret, form, &error);
  if (self->token_message == NULL)
    {
      complete (self, NULL, error);
      return;
    }

  soup_session_send_and_read_async (self->session, self->token_message, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (self->task), exchanged_cb,
                                    g_object_ref (self));
}

static void
respond_page (SoupServerMessage *message,
              guint              status,
              const char        *heading,
              const char        *text)
{
  g_autofree char *escaped_heading = g_markup_escape_text (heading, -1);
  g_autofree char *escaped_text = g_markup_escape_text (text, -1);
  char *html;

  html = g_strdup_printf ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                          "<title>Samband</title><style>body{font-family:sans-serif;"
                          "max-width:32em;margin:4em auto;padding:0 1em;text-align:center}"
                          "</style></head><body><h1>%s</h1><p>%s</p></body></html>\n",
                          escaped_heading, escaped_text);
  soup_server_message_set_status (message, status, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                "Cache-Control", "no-store");
  soup_server_message_set_response (message, "text/html; charset=utf-8", SOUP_MEMORY_TAKE,
                                    html, strlen (html));
}

static gboolean
equal_constant_time (const char *a,
                     const char *b)
{
  gsize a_len = a != NULL ? strlen (a) : 0;
  gsize b_len = b != NULL ? strlen (b) : 0;
  guint8 difference = a_len == b_len && a != NULL && b != NULL ? 0 : 1;

  for (gsize i = 0; i < MIN (a_len, b_len); i++)
    difference |= a[i] ^ b[i];
  return difference == 0;
}

static void
on_callback (SoupServer        *server,
             SoupServerMessage *message,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  SbOAuth2Flow *self = user_data;
  const char *state = query != NULL ? g_hash_table_lookup (query, "state") : NULL;
  const char *code = query != NULL ? g_hash_table_lookup (query, "code") : NULL;
  const char *error_code = query != NULL ? g_hash_table_lookup (query, "error") : NULL;
  const char *name = sb_connector_get_name (self->connector);

  if (!g_str_equal (soup_server_message_get_method (message), "GET"))
    {
      soup_server_message_set_status (message, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    }

  if (self->answered)
    {
      respond_page (message, SOUP_STATUS_OK, _("Samband"),
                    _("This sign-in is already finished. You can close this page."));
      return;
    }

  self->answered = TRUE;
  g_signal_connect_object (message, "finished", G_CALLBACK (on_page_finished), self, 0);

  if (!equal_constant_time (state, self->state))
    self->callback_error =
      g_error_new (SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_STATE_MISMATCH,
                   /* Translators: %s is a service's name */
                   _("The browser came back from %s with a sign-in that Samband did not "
                     "start; nothing was saved. Sign in again from Samband."),
                   name);
  else if (error_code != NULL && g_str_equal (error_code, "access_denied"))
    self->callback_error =
      g_error_new (SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_ACCESS_DENIED,
                   /* Translators: %s is a service's name */
                   _("The sign-in at %s was cancelled or refused"), name);
  else if (error_code != NULL || code == NULL || code[0] == '\0')
    {
      const char *description = g_hash_table_lookup (query, "error_description");
      g_autofree char *reason = g_strdup (description != NULL ? description
                                          : error_code != NULL ? error_code
                                          : _("no authorization code"));

      self->callback_error =
        g_error_new (SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_FAILED,
                     /* Translators: a service's name, then its reason */
                     _("%s did not complete the sign-in: %s"), name, reason);
    }
  else
    self->code = g_strdup (code);

  if (self->callback_error != NULL)
    {
      g_autofree char *text = g_strdup_printf ("%s %s", self->callback_error->message,
                                               _("You can close this page and return to Samband."));

      respond_page (message, SOUP_STATUS_BAD_REQUEST, _("Sign-in failed"), text);
    }
  else
    {
      /* Translators: %s is a service's name */
      g_autofree char *heading = g_strdup_printf (_("Signed in to %s"), name);

      respond_page (message, SOUP_STATUS_OK, heading,
                    _("You can close this page and return to Samband."));
    }

  proceed (self);
}

/**
 * sb_oauth2_flow_start:
 *
 * Returns: (transfer full): the authorize URI, or %NULL with @error when no port could be
 * opened on 127.0.0.1.
 */
char *
sb_oauth2_flow_start (SbOAuth2Flow  *self,
                      GError       **error)
{
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GString) uri = NULL;
  g_autofree char *challenge = NULL;
  g_autofree char *scope = NULL;
  const char * const *scopes;
  JsonObject *params;
  GSList *uris;
  int port;

  g_return_val_if_fail (SB_IS_OAUTH2_FLOW (self), NULL);
  g_return_val_if_fail (self->server == NULL && self->state == NULL, NULL);

  self->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (self->server, "/callback", on_callback, self, NULL);

  /* The IP literal, not "localhost": RFC 8252 §8.3. */
  address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  if (!soup_server_listen (self->server, address, 0, error))
    {
      g_clear_object (&self->server);
      return NULL;
    }

  uris = soup_server_get_uris (self->server);
  port = uris != NULL ? g_uri_get_port (uris->data) : -1;
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
  self->redirect_uri = g_strdup_printf ("http://127.0.0.1:%d/callback", port);

  self->verifier = sb_oauth2_make_verifier ();
  self->state = make_random_token (16);
  challenge = sb_oauth2_make_challenge (self->verifier);

  uri = g_string_new (self->authorize_url);
  g_string_append_c (uri, strchr (self->authorize_url, '?') != NULL ? '&' : '?');
  {
    g_autoptr(GString) query = g_string_new (NULL);

    append_form (query, "response_type", "code");
    append_form (query, "client_id", self->client_id);
    append_form (query, "redirect_uri", self->redirect_uri);
    scopes = sb_connector_auth_get_scopes (self->auth);
    if (scopes != NULL && scopes[0] != NULL)
      {
        scope = g_strjoinv (" ", (GStrv)scopes);
        append_form (query, "scope", scope);
      }
    append_form (query, "state", self->state);
    append_form (query, "code_challenge", challenge);
    append_form (query, "code_challenge_method", "S256");

    params = sb_connector_auth_get_authorize_params (self->auth);
    if (params != NULL)
      {
        JsonObjectIter iter;
        const char *key;
        JsonNode *value;

        json_object_iter_init_ordered (&iter, params);
        while (json_object_iter_next_ordered (&iter, &key, &value))
          append_form (query, key, json_node_get_string (value));
      }
    g_string_append (uri, query->str);
  }

  return g_string_free (g_steal_pointer (&uri), FALSE);
}

const char *
sb_oauth2_flow_get_redirect_uri (SbOAuth2Flow *self)
{
  g_return_val_if_fail (SB_IS_OAUTH2_FLOW (self), NULL);
  return self->redirect_uri;
}

static gboolean
cancelled_idle_cb (gpointer user_data)
{
  SbOAuth2Flow *self = user_data;

  complete (self, NULL, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                             _("The sign-in was cancelled")));
  return G_SOURCE_REMOVE;
}

static void
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  /* May run inside g_cancellable_connect(); and a handler must not disconnect itself. */
  g_idle_add_full (G_PRIORITY_DEFAULT, cancelled_idle_cb, g_object_ref (user_data),
                   g_object_unref);
}

void
sb_oauth2_flow_wait_async (SbOAuth2Flow        *self,
                           SoupSession         *session,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SB_IS_OAUTH2_FLOW (self));
  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sb_oauth2_flow_wait_async);

  if (self->server == NULL || self->task != NULL || self->done)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               "sb_oauth2_flow_start() first, then one wait");
      return;
    }

  self->task = g_steal_pointer (&task);
  g_set_object (&self->session, session);
  if (cancellable != NULL)
    self->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), self,
                                                NULL);

  proceed (self);
}

/**
 * sb_oauth2_flow_wait_finish:
 *
 * Returns: (transfer full): {access_token, refresh_token, expires_at, client_id,
 *   client_secret}, or %NULL with @error.
 */
SbCredentials *
sb_oauth2_flow_wait_finish (SbOAuth2Flow  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (SB_IS_OAUTH2_FLOW (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sb_oauth2_flow_wait_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
