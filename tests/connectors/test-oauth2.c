/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "connectors/sb-auth.h"
#include "connectors/sb-connector-catalog.h"
#include "connectors/sb-oauth2.h"

#include "service-fixture.h"

/* OAuth2 with PKCE against a loopback Fortnox: the test plays the browser (it follows the
 * authorize server's redirect to the flow's own callback), and the token endpoint checks
 * the client's Basic authentication, the redirect URI and the code_verifier against the
 * challenge, computed here. Refresh before expiry, rotation, and the retry after a 401. */

#define CLIENT_ID "8f3c1b2a-client"
#define CLIENT_SECRET "Zm9ydG5veC1zZWNyZXQ"

typedef struct
{
  char       *challenge;
  char       *redirect_uri;
  const char *state_override;
  gboolean    deny;
  gboolean    rotate;
  GHashTable *refresh_tokens; /* the ones the service still takes */
  char       *access_token;   /* the one the service takes */
  guint       counter;
  guint       code_exchanges;
  guint       refreshes;
} Fortnox;

typedef struct
{
  SbConnectorCatalog *catalog;
  SoupSession        *session;
  SoupSession        *browser;
  Fortnox             fortnox;
  TestService        *service;
} Fixture;

static char *
base64url (const guint8 *data,
           gsize         length)
{
  g_autofree char *text = g_base64_encode (data, length);
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0' && *p != '='; p++)
    g_string_append_c (out, *p == '+' ? '-' : *p == '/' ? '_' : *p);
  return g_string_free (out, FALSE);
}

static char *
s256 (const char *verifier)
{
  guint8 digest[32];
  gsize length = sizeof digest;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_checksum_update (checksum, (const guchar *)verifier, strlen (verifier));
  g_checksum_get_digest (checksum, digest, &length);
  return base64url (digest, length);
}

static void
issue_tokens (Fortnox           *fortnox,
              SoupServerMessage *message,
              gboolean           with_refresh)
{
  g_autofree char *refresh = NULL;
  g_autofree char *json = NULL;

  fortnox->counter++;
  g_free (fortnox->access_token);
  fortnox->access_token = g_strdup_printf ("at-%u", fortnox->counter);
  if (with_refresh)
    {
      refresh = g_strdup_printf ("rt-%u", fortnox->counter);
      g_hash_table_add (fortnox->refresh_tokens, g_strdup (refresh));
      json = g_strdup_printf ("{\"access_token\": \"%s\", \"refresh_token\": \"%s\", "
                              "\"scope\": \"companyinformation customer invoice article\", "
                              "\"expires_in\": 3600, \"token_type\": \"bearer\"}",
                              fortnox->access_token, refresh);
    }
  else
    json = g_strdup_printf ("{\"access_token\": \"%s\", \"expires_in\": 3600, "
                            "\"token_type\": \"bearer\"}", fortnox->access_token);

  test_respond_json (message, 200, json);
}

static void
fortnox_handler (TestService       *service,
                 SoupServerMessage *message,
                 TestRequest       *request,
                 gpointer           user_data)
{
  Fortnox *fortnox = user_data;

  if (g_str_equal (request->path, "/oauth-v1/auth"))
    {
      const char *redirect_uri = g_hash_table_lookup (request->query, "redirect_uri");
      const char *state = g_hash_table_lookup (request->query, "state");
      g_autofree char *location = NULL;
      g_autofree char *escaped_state = NULL;

      g_assert_cmpstr (request->method, ==, "GET");
      g_assert_cmpstr (g_hash_table_lookup (request->query, "response_type"), ==, "code");
      g_assert_cmpstr (g_hash_table_lookup (request->query, "client_id"), ==, CLIENT_ID);
      g_assert_cmpstr (g_hash_table_lookup (request->query, "scope"), ==,
                       "companyinformation customer invoice article");
      g_assert_cmpstr (g_hash_table_lookup (request->query, "access_type"), ==, "offline");
      g_assert_cmpstr (g_hash_table_lookup (request->query, "code_challenge_method"), ==, "S256");
      g_assert_cmpuint (strlen (g_hash_table_lookup (request->query, "code_challenge")), ==, 43);
      g_assert_true (g_str_has_prefix (redirect_uri, "http://127.0.0.1:"));
      g_assert_true (g_str_has_suffix (redirect_uri, "/callback"));
      g_assert_cmpuint (strlen (state), >=, 16);

      g_free (fortnox->challenge);
      fortnox->challenge = g_strdup (g_hash_table_lookup (request->query, "code_challenge"));
      g_free (fortnox->redirect_uri);
      fortnox->redirect_uri = g_strdup (redirect_uri);

      escaped_state = g_uri_escape_string (fortnox->state_override != NULL
                                           ? fortnox->state_override : state, NULL, TRUE);
      location = fortnox->deny
                   ? g_strdup_printf ("%s?error=access_denied&state=%s", redirect_uri,
                                      escaped_state)
                   : g_strdup_printf ("%s?code=code-4711&state=%s", redirect_uri, escaped_state);
      soup_server_message_set_redirect (message, SOUP_STATUS_FOUND, location);
      return;
    }

  if (g_str_equal (request->path, "/oauth-v1/token"))
    {
      g_autoptr(GHashTable) form = test_request_dup_form (request);
      g_autofree char *basic = test_request_dup_basic (request);
      const char *grant = g_hash_table_lookup (form, "grant_type");

      /* Fortnox: the client in Basic, the grant in a form. */
      g_assert_cmpstr (request->method, ==, "POST");
      g_assert_cmpstr (basic, ==, CLIENT_ID ":" CLIENT_SECRET);
      g_assert_cmpstr (soup_message_headers_get_content_type (request->headers, NULL), ==,
                       "application/x-www-form-urlencoded");
      g_assert_false (g_hash_table_contains (form, "client_secret"));

      if (g_strcmp0 (grant, "authorization_code") == 0)
        {
          const char *verifier = g_hash_table_lookup (form, "code_verifier");
          g_autofree char *challenge = verifier != NULL ? s256 (verifier) : NULL;

          fortnox->code_exchanges++;
          g_assert_cmpstr (g_hash_table_lookup (form, "code"), ==, "code-4711");
          g_assert_cmpstr (g_hash_table_lookup (form, "redirect_uri"), ==, fortnox->redirect_uri);
          if (g_strcmp0 (challenge, fortnox->challenge) != 0)
            {
              test_respond_json (message, 400,
                                 "{\"error\": \"invalid_grant\", "
                                 "\"error_description\": \"PKCE verification failed\"}");
              return;
            }
          issue_tokens (fortnox, message, TRUE);
          return;
        }

      if (g_strcmp0 (grant, "refresh_token") == 0)
        {
          const char *refresh = g_hash_table_lookup (form, "refresh_token");

          fortnox->refreshes++;
          /* A refresh token is spent by its use. */
          if (refresh == NULL || !g_hash_table_remove (fortnox->refresh_tokens, refresh))
            {
              test_respond_json (message, 400, "{\"error\": \"invalid_grant\", "
                                               "\"error_description\": \"Invalid refresh token\"}");
              return;
            }
          issue_tokens (fortnox, message, fortnox->rotate);
          if (!fortnox->rotate)
            g_hash_table_add (fortnox->refresh_tokens, g_strdup (refresh));
          return;
        }

      g_error ("unexpected grant %s", grant);
    }

  if (g_str_equal (request->path, "/3/companyinformation"))
    {
      const char *authorization = soup_message_headers_get_one (request->headers,
                                                                "Authorization");
      g_autofree char *expected = g_strdup_printf ("Bearer %s", fortnox->access_token);

      if (g_strcmp0 (authorization, expected) != 0)
        {
          test_respond_json (message, 401, "{\"ErrorInformation\": {\"error\": 1, \"message\": "
                                           "\"Invalid access token\", \"code\": 2000310}}");
          return;
        }
      test_respond_json (message, 200, "{\"CompanyInformation\": {\"CompanyName\": "
                                       "\"Östersunds IF\", "
                                       "\"OrganizationNumber\": \"802000-0000\"}}");
      return;
    }

  test_respond_json (message, 404, NULL);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->catalog = sb_connector_catalog_new ();
  fixture->session = soup_session_new ();
  fixture->browser = soup_session_new ();
  fixture->fortnox.refresh_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fixture->fortnox.rotate = TRUE;
  fixture->service = test_service_new (fortnox_handler, &fixture->fortnox);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->service, test_service_free);
  g_clear_pointer (&fixture->fortnox.refresh_tokens, g_hash_table_unref);
  g_free (fixture->fortnox.challenge);
  g_free (fixture->fortnox.redirect_uri);
  g_free (fixture->fortnox.access_token);
  g_clear_object (&fixture->browser);
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->catalog);
}

static SbConnector *
fortnox_connector (Fixture *fixture)
{
  return sb_connector_catalog_lookup (fixture->catalog, "fortnox");
}

/* The browser: GET the authorize URI, follow the redirect to the callback, return the
 * page it shows. */
static char *
browse (Fixture    *fixture,
        const char *uri,
        guint      *status)
{
  g_autoptr(SoupMessage) message = soup_message_new ("GET", uri);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;

  soup_session_send_and_read_async (fixture->browser, message, G_PRIORITY_DEFAULT, NULL,
                                    test_store_result, &result);
  bytes = soup_session_send_and_read_finish (fixture->browser, test_wait_for_result (&result),
                                             &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (message);
  headers = soup_message_get_response_headers (message);
  g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==, "text/html");
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gint64
now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static gint64
parse_time (const char *iso8601)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (iso8601, NULL);

  g_assert_nonnull (time);
  return g_date_time_to_unix (time);
}

static char *
time_in (gint64 seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (now () + seconds);

  return g_date_time_format_iso8601 (time);
}

/* ------------------------------------------------------------------------------------ */

static void
test_pkce (void)
{
  g_autofree char *challenge = NULL;
  g_autofree char *a = sb_oauth2_make_verifier ();
  g_autofree char *b = sb_oauth2_make_verifier ();

  /* RFC 7636, appendix B. */
  challenge = sb_oauth2_make_challenge ("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
  g_assert_cmpstr (challenge, ==, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");

  /* 43 to 128 characters of [A-Za-z0-9-._~]; fresh each time. */
  g_assert_cmpuint (strlen (a), ==, 43);
  g_assert_cmpuint (strspn (a, "ABCDEFGHIJKLMNOPQRSTUVWXYZ" "abcdefghijklmnopqrstuvwxyz"
                               "0123456789-._~"), ==, strlen (a));
  g_assert_cmpstr (a, !=, b);
  g_free (challenge);
  challenge = sb_oauth2_make_challenge (a);
  g_assert_cmpuint (strlen (challenge), ==, 43);
}

static void
test_flow (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(SbOAuth2Flow) flow = sb_oauth2_flow_new (fortnox_connector (fixture),
                                                     fixture->service->base_url, CLIENT_ID,
                                                     CLIENT_SECRET);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SbCredentials) credentials = NULL;
  g_autoptr(SbCredentials) changed = NULL;
  g_autoptr(JsonNode) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *authorize = NULL;
  g_autofree char *page = NULL;
  g_autofree char *prefix = g_strconcat (fixture->service->base_url, "/oauth-v1/auth?", NULL);
  g_autofree char *redirect_uri = NULL;
  guint status;
  gint64 expires;

  authorize = sb_oauth2_flow_start (flow, &error);
  g_assert_no_error (error);
  /* On the account's base URL: the catalog's path, on the local service's host. */
  g_assert_true (g_str_has_prefix (authorize, prefix));
  redirect_uri = g_strdup (sb_oauth2_flow_get_redirect_uri (flow));
  g_assert_true (g_str_has_prefix (redirect_uri, "http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (redirect_uri, "/callback"));

  sb_oauth2_flow_wait_async (flow, fixture->session, NULL, test_store_result, &result);
  page = browse (fixture, authorize, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (page, "Signed in to Fortnox"));
  g_assert_nonnull (strstr (page, "return to Samband"));

  credentials = sb_oauth2_flow_wait_finish (flow, test_wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->fortnox.code_exchanges, ==, 1);
  g_assert_cmpstr (sb_credentials_get (credentials, SB_CREDENTIAL_ACCESS_TOKEN), ==, "at-1");
  g_assert_cmpstr (sb_credentials_get (credentials, SB_CREDENTIAL_REFRESH_TOKEN), ==, "rt-1");
  g_assert_cmpstr (sb_credentials_get (credentials, SB_CREDENTIAL_CLIENT_ID), ==, CLIENT_ID);
  g_assert_cmpstr (sb_credentials_get (credentials, SB_CREDENTIAL_CLIENT_SECRET), ==,
                   CLIENT_SECRET);
  expires = parse_time (sb_credentials_get (credentials, SB_CREDENTIAL_EXPIRES_AT));
  g_assert_cmpint (expires, >=, now () + 3590);
  g_assert_cmpint (expires, <=, now () + 3600);

  /* The listener is gone once the flow is over. */
  drain ();
  {
    g_autoptr(SoupMessage) again = soup_message_new ("GET", redirect_uri);
    g_autoptr(GAsyncResult) sent = NULL;
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(GError) refused = NULL;

    soup_session_send_and_read_async (fixture->browser, again, G_PRIORITY_DEFAULT, NULL,
                                      test_store_result, &sent);
    bytes = soup_session_send_and_read_finish (fixture->browser, test_wait_for_result (&sent),
                                               &refused);
    g_assert_error (refused, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  }

  /* And the tokens work: the connection test shows the company and the expiry. */
  g_clear_object (&result);
  sb_connector_test_connection_async (fortnox_connector (fixture), fixture->session,
                                      fixture->service->base_url, credentials, NULL,
                                      test_store_result, &result);
  info = sb_connector_test_connection_finish (fortnox_connector (fixture),
                                              test_wait_for_result (&result), &changed, &error);
  g_assert_no_error (error);
  g_assert_null (changed);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (info), "company"), ==,
                   "Östersunds IF");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (info),
                                                  "organisation_number"), ==, "802000-0000");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (info),
                                                  "token_expires_at"), ==,
                   sb_credentials_get (credentials, SB_CREDENTIAL_EXPIRES_AT));
}

static void
test_flow_wrong_state (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(SbOAuth2Flow) flow = sb_oauth2_flow_new (fortnox_connector (fixture),
                                                     fixture->service->base_url, CLIENT_ID,
                                                     CLIENT_SECRET);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SbCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *authorize = NULL;
  g_autofree char *page = NULL;
  guint status;

  authorize = sb_oauth2_flow_start (flow, &error);
  g_assert_no_error (error);

  /* The browser comes back before anyone waits, with a state the flow did not make. */
  fixture->fortnox.state_override = "forged-state-0000";
  page = browse (fixture, authorize, &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_nonnull (strstr (page, "Sign-in failed"));
  g_assert_nonnull (strstr (page, "did not start"));

  sb_oauth2_flow_wait_async (flow, fixture->session, NULL, test_store_result, &result);
  credentials = sb_oauth2_flow_wait_finish (flow, test_wait_for_result (&result), &error);
  g_assert_null (credentials);
  g_assert_error (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_STATE_MISMATCH);
  g_assert_cmpstr (error->message, ==, "The browser came back from Fortnox with a sign-in that "
                                       "Samband did not start; nothing was saved. Sign in again "
                                       "from Samband.");
  /* The code was never exchanged. */
  g_assert_cmpuint (fixture->fortnox.code_exchanges, ==, 0);
}

static void
test_flow_denied (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(SbOAuth2Flow) flow = sb_oauth2_flow_new (fortnox_connector (fixture),
                                                     fixture->service->base_url, CLIENT_ID,
                                                     CLIENT_SECRET);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SbCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *authorize = NULL;
  g_autofree char *page = NULL;
  guint status;

  authorize = sb_oauth2_flow_start (flow, &error);
  sb_oauth2_flow_wait_async (flow, fixture->session, NULL, test_store_result, &result);
  fixture->fortnox.deny = TRUE;
  page = browse (fixture, authorize, &status);
  g_assert_cmpuint (status, ==, 400);

  credentials = sb_oauth2_flow_wait_finish (flow, test_wait_for_result (&result), &error);
  g_assert_error (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_ACCESS_DENIED);
  g_assert_cmpstr (error->message, ==, "The sign-in at Fortnox was cancelled or refused");
  g_assert_cmpuint (fixture->fortnox.code_exchanges, ==, 0);
}

static void
test_flow_cancelled (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(SbOAuth2Flow) flow = sb_oauth2_flow_new (fortnox_connector (fixture),
                                                     fixture->service->base_url, CLIENT_ID,
                                                     CLIENT_SECRET);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SbCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *authorize = NULL;

  authorize = sb_oauth2_flow_start (flow, &error);
  g_assert_no_error (error);
  sb_oauth2_flow_wait_async (flow, fixture->session, cancellable, test_store_result, &result);
  drain ();
  g_assert_null (result);

  g_cancellable_cancel (cancellable);
  credentials = sb_oauth2_flow_wait_finish (flow, test_wait_for_result (&result), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* ------------------------------------------------------------------------------------ */

static SbCredentials *
stored_credentials (Fixture    *fixture,
                    const char *access_token,
                    gint64      expires_in)
{
  SbCredentials *credentials = sb_credentials_new ();
  g_autofree char *expires_at = time_in (expires_in);

  /* What an earlier sign-in left in the keyring. */
  g_free (fixture->fortnox.access_token);
  fixture->fortnox.access_token = g_strdup (access_token);
  g_hash_table_add (fixture->fortnox.refresh_tokens, g_strdup ("rt-0"));

  sb_credentials_set (credentials, SB_CREDENTIAL_CLIENT_ID, CLIENT_ID);
  sb_credentials_set (credentials, SB_CREDENTIAL_CLIENT_SECRET, CLIENT_SECRET);
  sb_credentials_set (credentials, SB_CREDENTIAL_ACCESS_TOKEN, access_token);
  sb_credentials_set (credentials, SB_CREDENTIAL_REFRESH_TOKEN, "rt-0");
  sb_credentials_set (credentials, SB_CREDENTIAL_EXPIRES_AT, expires_at);
  return credentials;
}

static void
on_credentials_changed (SbAuthenticator *authenticator,
                        SbCredentials   *changed,
                        gpointer         user_data)
{
  GPtrArray *seen = user_data;

  g_ptr_array_add (seen, sb_credentials_copy (changed));
}

static gboolean
authorize (Fixture          *fixture,
           SbAuthenticator  *authenticator,
           SoupMessage      *message,
           GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sb_authenticator_authorize_async (authenticator, fixture->session, message, NULL,
                                    test_store_result, &result);
  return sb_authenticator_authorize_finish (authenticator, test_wait_for_result (&result), error);
}

static const char *
authorization_of (SoupMessage *message)
{
  return soup_message_headers_get_one (soup_message_get_request_headers (message),
                                       "Authorization");
}

static void
test_refresh_before_expiry (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(SbCredentials) credentials = stored_credentials (fixture, "at-0", 30);
  g_autoptr(SbAuthenticator) authenticator = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func ((GDestroyNotify)sb_credentials_free);
  g_autoptr(SoupMessage) first = soup_message_new ("GET", fixture->service->base_url);
  g_autoptr(SoupMessage) second = soup_message_new ("GET", fixture->service->base_url);
  g_autoptr(SoupMessage) third = soup_message_new ("GET", fixture->service->base_url);
  g_autoptr(SbCredentials) now_stored = NULL;
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(GError) error = NULL;
  SbCredentials *changed;

  authenticator = sb_authenticator_new (fortnox_connector (fixture), fixture->service->base_url,
                                        credentials);
  g_signal_connect (authenticator, "credentials-changed", G_CALLBACK (on_credentials_changed),
                    seen);

  /* Thirty seconds left: refreshed before the request goes out. */
  g_assert_true (authorize (fixture, authenticator, first, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->fortnox.refreshes, ==, 1);
  g_assert_cmpstr (authorization_of (first), ==, "Bearer at-1");
  form = test_request_dup_form (test_service_last (fixture->service, "/oauth-v1/token"));
  g_assert_cmpstr (g_hash_table_lookup (form, "refresh_token"), ==, "rt-0");

  /* The rotated refresh token and the new expiry are handed out to be stored. */
  g_assert_cmpuint (seen->len, ==, 1);
  changed = g_ptr_array_index (seen, 0);
  g_assert_cmpstr (sb_credentials_get (changed, SB_CREDENTIAL_ACCESS_TOKEN), ==, "at-1");
  g_assert_cmpstr (sb_credentials_get (changed, SB_CREDENTIAL_REFRESH_TOKEN), ==, "rt-1");
  g_assert_cmpint (parse_time (sb_credentials_get (changed, SB_CREDENTIAL_EXPIRES_AT)), >=,
                   now () + 3590);

  /* A fresh token is used as it is. */
  g_assert_true (authorize (fixture, authenticator, second, &error));
  g_assert_cmpuint (fixture->fortnox.refreshes, ==, 1);
  g_assert_cmpstr (authorization_of (second), ==, "Bearer at-1");

  /* After a 401 the next refresh uses the rotated token: the old one is spent. */
  sb_authenticator_invalidate (authenticator);
  g_assert_true (authorize (fixture, authenticator, third, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->fortnox.refreshes, ==, 2);
  g_assert_cmpstr (authorization_of (third), ==, "Bearer at-2");
  g_assert_cmpuint (seen->len, ==, 2);
  g_assert_cmpstr (sb_credentials_get (g_ptr_array_index (seen, 1), SB_CREDENTIAL_REFRESH_TOKEN),
                   ==, "rt-2");

  now_stored = sb_authenticator_dup_credentials (authenticator);
  g_assert_cmpstr (sb_credentials_get (now_stored, SB_CREDENTIAL_REFRESH_TOKEN), ==, "rt-2");
  g_assert_false (g_hash_table_contains (fixture->fortnox.refresh_tokens, "rt-1"));
}

static void
test_refresh_shared (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(SbCredentials) credentials = stored_credentials (fixture, "at-0", -10);
  g_autoptr(SbAuthenticator) authenticator = NULL;
  SoupMessage *messages[3];
  GAsyncResult *results[3] = { NULL, NULL, NULL };

  authenticator = sb_authenticator_new (fortnox_connector (fixture), fixture->service->base_url,
                                        credentials);

  /* Three requests meet an expired token at once: one refresh serves them all, since a
   * rotated refresh token can be used only once. */
  for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
    {
      messages[i] = soup_message_new ("GET", fixture->service->base_url);
      sb_authenticator_authorize_async (authenticator, fixture->session, messages[i], NULL,
                                        test_store_result, &results[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (sb_authenticator_authorize_finish (authenticator,
                                                        test_wait_for_result (&results[i]),
                                                        &error));
      g_assert_no_error (error);
      g_assert_cmpstr (authorization_of (messages[i]), ==, "Bearer at-1");
      g_object_unref (results[i]);
      g_object_unref (messages[i]);
    }
  g_assert_cmpuint (fixture->fortnox.refreshes, ==, 1);
}

static void
test_refresh_rules (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(SbCredentials) credentials = stored_credentials (fixture, "at-0", 3600);
  g_autoptr(SbCredentials) renewed = NULL;
  g_autoptr(SbCredentials) no_refresh = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SbAuthenticator) authenticator = NULL;
  g_autoptr(SoupMessage) message = soup_message_new ("GET", fixture->service->base_url);

  /* A service that does not rotate: the refresh token sent is kept. */
  fixture->fortnox.rotate = FALSE;
  sb_oauth2_refresh_async (fortnox_connector (fixture), fixture->session,
                           fixture->service->base_url, credentials, NULL, test_store_result,
                           &result);
  renewed = sb_oauth2_refresh_finish (test_wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sb_credentials_get (renewed, SB_CREDENTIAL_ACCESS_TOKEN), ==, "at-1");
  g_assert_cmpstr (sb_credentials_get (renewed, SB_CREDENTIAL_REFRESH_TOKEN), ==, "rt-0");
  g_clear_object (&result);
  g_clear_pointer (&renewed, sb_credentials_free);

  /* A spent or expired refresh token: sign in again. */
  sb_credentials_set (credentials, SB_CREDENTIAL_REFRESH_TOKEN, "rt-spent");
  sb_oauth2_refresh_async (fortnox_connector (fixture), fixture->session,
                           fixture->service->base_url, credentials, NULL, test_store_result,
                           &result);
  renewed = sb_oauth2_refresh_finish (test_wait_for_result (&result), &error);
  g_assert_null (renewed);
  g_assert_error (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_NEEDS_AUTHORIZATION);
  g_assert_cmpstr (error->message, ==,
                   "Sign in to Fortnox again: it no longer accepts the saved sign-in");
  g_clear_error (&error);

  /* No refresh token at all, and the access token has expired. */
  no_refresh = stored_credentials (fixture, "at-0", -5);
  sb_credentials_set (no_refresh, SB_CREDENTIAL_REFRESH_TOKEN, NULL);
  authenticator = sb_authenticator_new (fortnox_connector (fixture), fixture->service->base_url,
                                        no_refresh);
  g_assert_false (authorize (fixture, authenticator, message, &error));
  g_assert_error (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_NEEDS_AUTHORIZATION);
  g_assert_cmpuint (fixture->fortnox.refreshes, ==, 2);
}

static void
test_retry_after_401 (Fixture       *fixture,
                      gconstpointer  data)
{
  /* The keyring's token looks valid for an hour, but the service revoked it. */
  g_autoptr(SbCredentials) credentials = stored_credentials (fixture, "at-revoked", 3600);
  g_autoptr(SbCredentials) changed = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) info = NULL;
  g_autoptr(GError) error = NULL;

  g_free (fixture->fortnox.access_token);
  fixture->fortnox.access_token = g_strdup ("at-current");

  sb_connector_test_connection_async (fortnox_connector (fixture), fixture->session,
                                      fixture->service->base_url, credentials, NULL,
                                      test_store_result, &result);
  info = sb_connector_test_connection_finish (fortnox_connector (fixture),
                                              test_wait_for_result (&result), &changed, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (info), "company"), ==,
                   "Östersunds IF");
  g_assert_cmpuint (test_service_count (fixture->service, "/3/companyinformation"), ==, 2);
  g_assert_cmpuint (fixture->fortnox.refreshes, ==, 1);
  /* The test itself renewed the tokens: they must be stored. */
  g_assert_nonnull (changed);
  g_assert_cmpstr (sb_credentials_get (changed, SB_CREDENTIAL_REFRESH_TOKEN), ==, "rt-1");
}

static void
test_endpoints (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(SbOAuth2Flow) real = sb_oauth2_flow_new (fortnox_connector (fixture), NULL, CLIENT_ID,
                                                     NULL);
  g_autoptr(SbOAuth2Flow) given = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *given_uri = NULL;
  g_autofree char *authorize_url = NULL;
  g_autoptr(GError) error = NULL;

  /* Without an override, Fortnox's own addresses. */
  uri = sb_oauth2_flow_start (real, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (uri, "https://apps.fortnox.se/oauth-v1/auth?"));

  /* An override that is the authorize URL itself. */
  authorize_url = g_strconcat (fixture->service->base_url, "/oauth-v1/auth", NULL);
  given = sb_oauth2_flow_new (fortnox_connector (fixture), authorize_url, CLIENT_ID, NULL);
  given_uri = sb_oauth2_flow_start (given, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (given_uri, authorize_url));
  g_assert_cmpuint (given_uri[strlen (authorize_url)], ==, '?');
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/connectors/oauth2/pkce", test_pkce);
  ADD ("/connectors/oauth2/flow/complete", test_flow);
  ADD ("/connectors/oauth2/flow/wrong-state", test_flow_wrong_state);
  ADD ("/connectors/oauth2/flow/denied", test_flow_denied);
  ADD ("/connectors/oauth2/flow/cancelled", test_flow_cancelled);
  ADD ("/connectors/oauth2/flow/endpoints", test_endpoints);
  ADD ("/connectors/oauth2/refresh/before-expiry", test_refresh_before_expiry);
  ADD ("/connectors/oauth2/refresh/shared", test_refresh_shared);
  ADD ("/connectors/oauth2/refresh/rules", test_refresh_rules);
  ADD ("/connectors/oauth2/refresh/retry-after-401", test_retry_after_401);

  return g_test_run ();
}
