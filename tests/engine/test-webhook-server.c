/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "engine/sb-webhook-server.h"

#define STRIPE_SECRET   "whsec_test_5f2b0c8e41d7a9"
#define SHOPIFY_SECRET  "shpss_test_0d9e77c1b2"
#define HTTP_SECRET     "register-signing-secret"

#define ACCOUNT_STRIPE  11
#define ACCOUNT_SHOPIFY 12
#define ACCOUNT_HTTP    13
#define ACCOUNT_EMPTY   14  /* nothing is stored for it */

#define INTEGRATION_STRIPE  101
#define INTEGRATION_SHOPIFY 102
#define INTEGRATION_HTTP    103
#define INTEGRATION_OPEN    104
#define INTEGRATION_EMPTY   105

#define EVENT "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"payment_intent.succeeded\"}"

/* ------------------------------------------------------------------------------------ */
/* A credential source with fixed values, which can hold its answers back. */

#define TEST_TYPE_CREDENTIALS (test_credentials_get_type ())
G_DECLARE_FINAL_TYPE (TestCredentials, test_credentials, TEST, CREDENTIALS, GObject)

struct _TestCredentials
{
  GObject     parent_instance;
  GHashTable *values;   /* "account/field" → value */
  guint       lookups;
  gboolean    hold;     /* keep the tasks in held instead of answering */
  GPtrArray  *held;     /* GTask, the value as task data */
};

static void test_credentials_iface_init (SbCredentialSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestCredentials, test_credentials, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SB_TYPE_CREDENTIAL_SOURCE,
                                                      test_credentials_iface_init))

static void
test_credentials_finalize (GObject *object)
{
  TestCredentials *self = TEST_CREDENTIALS (object);

  g_hash_table_unref (self->values);
  g_ptr_array_unref (self->held);
  G_OBJECT_CLASS (test_credentials_parent_class)->finalize (object);
}

static void
test_credentials_class_init (TestCredentialsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_credentials_finalize;
}

static void
test_credentials_init (TestCredentials *self)
{
  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->held = g_ptr_array_new_with_free_func (g_object_unref);
}

static void
set_credential (TestCredentials *self,
                gint64           account_id,
                const char      *field,
                const char      *value)
{
  g_hash_table_insert (self->values,
                       g_strdup_printf ("%" G_GINT64_FORMAT "/%s", account_id, field),
                       g_strdup (value));
}

static void
lookup_async (SbCredentialSource  *source,
              gint64               account_id,
              const char          *field,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  TestCredentials *self = TEST_CREDENTIALS (source);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT "/%s", account_id, field);
  const char *value = g_hash_table_lookup (self->values, key);

  self->lookups++;
  if (self->hold)
    {
      g_task_set_task_data (task, g_strdup (value), g_free);
      g_ptr_array_add (self->held, g_steal_pointer (&task));
      return;
    }
  g_task_return_pointer (task, g_strdup (value), (GDestroyNotify)sb_credential_free);
}

static char *
lookup_finish (SbCredentialSource  *source,
               GAsyncResult        *result,
               GError             **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_credentials_iface_init (SbCredentialSourceInterface *iface)
{
  iface->lookup_async = lookup_async;
  iface->lookup_finish = lookup_finish;
}

/* Answers every held lookup with its value, as a keyring that ignores cancellation would. */
static void
release_held (TestCredentials *self)
{
  g_autoptr(GPtrArray) held = g_steal_pointer (&self->held);

  self->held = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < held->len; i++)
    {
      GTask *task = g_ptr_array_index (held, i);

      g_task_return_pointer (task, g_strdup (g_task_get_task_data (task)),
                             (GDestroyNotify)sb_credential_free);
    }
}

/* ------------------------------------------------------------------------------------ */

typedef struct
{
  TestCredentials *credentials;
  SbWebhookServer *server;
  SoupSession     *session;
  GHashTable      *targets;         /* token → SbWebhookTarget */

  /* What the accept function saw */
  guint            accepted;
  gint64           accepted_integration;
  GBytes          *accepted_body;
  char            *accepted_content_type;
  char            *accepted_topic;  /* X-Shopify-Topic */
  gboolean         answered_before_accept;
  gboolean         refuse;
  guint            released;        /* the server's destroy notifies */

  /* The client's side of the request in flight */
  gboolean         answered;
} Fixture;

typedef struct
{
  guint  status;
  char  *body;
  char  *allow;
  char  *connection;
  GError *error;
} Answer;

static void
answer_clear (Answer *answer)
{
  g_clear_pointer (&answer->body, g_free);
  g_clear_pointer (&answer->allow, g_free);
  g_clear_pointer (&answer->connection, g_free);
  g_clear_error (&answer->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Answer, answer_clear)

static SbWebhookTarget *
lookup_target (const char *token,
               gpointer    user_data)
{
  Fixture *fixture = user_data;
  SbWebhookTarget *target = g_hash_table_lookup (fixture->targets, token);

  if (target == NULL)
    return NULL;
  return sb_webhook_target_new (target->integration_id, target->account_id, target->scheme,
                                target->header, target->secret_field);
}

static gboolean
accept_event (gint64               integration_id,
              SoupMessageHeaders  *headers,
              GBytes              *body,
              const char          *content_type,
              gpointer             user_data,
              GError             **error)
{
  Fixture *fixture = user_data;

  fixture->accepted++;
  fixture->answered_before_accept |= fixture->answered;
  fixture->accepted_integration = integration_id;
  g_clear_pointer (&fixture->accepted_body, g_bytes_unref);
  fixture->accepted_body = g_bytes_ref (body);
  g_free (fixture->accepted_content_type);
  fixture->accepted_content_type = g_strdup (content_type);
  g_free (fixture->accepted_topic);
  fixture->accepted_topic = g_strdup (soup_message_headers_get_one (headers, "X-Shopify-Topic"));

  if (fixture->refuse)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "database or disk is full");
      return FALSE;
    }
  return TRUE;
}

static void
add_target (Fixture           *fixture,
            const char        *token,
            gint64             integration_id,
            gint64             account_id,
            SbSignatureScheme  scheme,
            const char        *header,
            const char        *secret_field)
{
  g_hash_table_insert (fixture->targets, g_strdup (token),
                       sb_webhook_target_new (integration_id, account_id, scheme, header,
                                              secret_field));
}

static void
release_fixture (gpointer user_data)
{
  Fixture *fixture = user_data;

  fixture->released++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->credentials = g_object_new (TEST_TYPE_CREDENTIALS, NULL);
  set_credential (fixture->credentials, ACCOUNT_STRIPE, "webhook_secret", STRIPE_SECRET);
  set_credential (fixture->credentials, ACCOUNT_SHOPIFY, "api_secret", SHOPIFY_SECRET);
  set_credential (fixture->credentials, ACCOUNT_HTTP, "webhook_secret", HTTP_SECRET);

  fixture->targets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify)sb_webhook_target_free);
  add_target (fixture, "tok-stripe", INTEGRATION_STRIPE, ACCOUNT_STRIPE,
              SB_SIGNATURE_SCHEME_STRIPE, "Stripe-Signature", "webhook_secret");
  add_target (fixture, "tok-shopify", INTEGRATION_SHOPIFY, ACCOUNT_SHOPIFY,
              SB_SIGNATURE_SCHEME_SHOPIFY, "X-Shopify-Hmac-Sha256", "api_secret");
  add_target (fixture, "tok-http", INTEGRATION_HTTP, ACCOUNT_HTTP,
              SB_SIGNATURE_SCHEME_HMAC_HEX_HEADER, "X-Register-Signature", "webhook_secret");
  add_target (fixture, "tok-open", INTEGRATION_OPEN, 0, SB_SIGNATURE_SCHEME_NONE, NULL, NULL);
  add_target (fixture, "tok-empty", INTEGRATION_EMPTY, ACCOUNT_EMPTY,
              SB_SIGNATURE_SCHEME_STRIPE, "Stripe-Signature", "webhook_secret");

  fixture->server = sb_webhook_server_new (SB_CREDENTIAL_SOURCE (fixture->credentials));
  sb_webhook_server_set_lookup_func (fixture->server, lookup_target, fixture, release_fixture);
  sb_webhook_server_set_accept_func (fixture->server, accept_event, fixture, release_fixture);
  g_assert_true (sb_webhook_server_start (fixture->server, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sb_webhook_server_get_port (fixture->server), >, 0);

  fixture->session = soup_session_new ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  soup_session_abort (fixture->session);
  g_clear_object (&fixture->session);
  if (fixture->server != NULL)
    {
      g_object_add_weak_pointer (G_OBJECT (fixture->server), (gpointer *)&fixture->server);
      g_object_unref (fixture->server);
      g_assert_null (fixture->server);
    }
  g_assert_cmpuint (fixture->released, ==, 2);
  g_object_add_weak_pointer (G_OBJECT (fixture->credentials),
                             (gpointer *)&fixture->credentials);
  g_object_unref (fixture->credentials);
  g_assert_null (fixture->credentials);
  g_hash_table_unref (fixture->targets);
  g_clear_pointer (&fixture->accepted_body, g_bytes_unref);
  g_free (fixture->accepted_content_type);
  g_free (fixture->accepted_topic);
}

/* ------------------------------------------------------------------------------------ */
/* The client */

typedef struct
{
  Fixture     *fixture;
  SoupMessage *message;
  Answer      *answer;
  gboolean     done;
} Exchange;

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Exchange *exchange = user_data;
  g_autoptr(GBytes) bytes = NULL;
  SoupMessageHeaders *headers = soup_message_get_response_headers (exchange->message);

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result,
                                             &exchange->answer->error);
  exchange->answer->status = soup_message_get_status (exchange->message);
  if (bytes != NULL)
    exchange->answer->body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  exchange->answer->allow = g_strdup (soup_message_headers_get_one (headers, "Allow"));
  exchange->answer->connection = g_strdup (soup_message_headers_get_one (headers,
                                                                         "Connection"));
  exchange->fixture->answered = TRUE;
  exchange->done = TRUE;
}

static SoupMessage *
new_message (Fixture    *fixture,
             const char *method,
             const char *path)
{
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u%s",
                                          sb_webhook_server_get_port (fixture->server), path);

  return soup_message_new (method, uri);
}

/* Sends @message and waits for its answer. */
static void
exchange (Fixture     *fixture,
          SoupMessage *message,
          Answer      *answer)
{
  Exchange ex = { fixture, message, answer, FALSE };

  fixture->answered = FALSE;
  soup_session_send_and_read_async (fixture->session, message, G_PRIORITY_DEFAULT, NULL,
                                    sent_cb, &ex);
  while (!ex.done)
    g_main_context_iteration (NULL, TRUE);
}

/* POSTs @body (with the NULL-terminated header name/value pairs after it) to @path. */
G_GNUC_NULL_TERMINATED static void
post (Fixture    *fixture,
      const char *path,
      GBytes     *body,
      Answer     *answer,
      ...)
{
  g_autoptr(SoupMessage) message = new_message (fixture, "POST", path);
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);
  const char *name;
  va_list args;

  soup_message_set_request_body_from_bytes (message, "application/json", body);
  va_start (args, answer);
  while ((name = va_arg (args, const char *)) != NULL)
    soup_message_headers_replace (headers, name, va_arg (args, const char *));
  va_end (args);

  exchange (fixture, message, answer);
}

static GBytes *
text (const char *string)
{
  return g_bytes_new (string, strlen (string));
}

/* The expected signatures, computed here with GLib rather than by the code under test. */
static char *
stripe_signature (const char *secret,
                  gint64      timestamp,
                  GBytes     *body)
{
  g_autoptr(GByteArray) payload = g_byte_array_new ();
  g_autofree char *prefix = g_strdup_printf ("%" G_GINT64_FORMAT ".", timestamp);
  gsize length;
  const guint8 *data = g_bytes_get_data (body, &length);

  g_byte_array_append (payload, (const guint8 *)prefix, strlen (prefix));
  g_byte_array_append (payload, data, length);
  return g_compute_hmac_for_data (G_CHECKSUM_SHA256, (const guchar *)secret, strlen (secret),
                                  payload->data, payload->len);
}

static char *
stripe_header (const char *secret,
               gint64      timestamp,
               GBytes     *body)
{
  g_autofree char *v1 = stripe_signature (secret, timestamp, body);

  return g_strdup_printf ("t=%" G_GINT64_FORMAT ",v1=%s", timestamp, v1);
}

static char *
hmac_hex (const char *secret,
          GBytes     *body)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (body, &length);

  return g_compute_hmac_for_data (G_CHECKSUM_SHA256, (const guchar *)secret, strlen (secret),
                                  data, length);
}

static char *
hmac_base64 (const char *secret,
             GBytes     *body)
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *)secret,
                                      strlen (secret));
  guint8 digest[32];
  gsize digest_length = sizeof digest;

  g_hmac_update (hmac, g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_hmac_get_digest (hmac, digest, &digest_length);
  return g_base64_encode (digest, digest_length);
}

static gint64
now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (json);
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
assert_queued (Fixture *fixture,
               Answer  *answer,
               gint64   integration_id,
               GBytes  *body)
{
  g_autoptr(JsonObject) object = NULL;

  g_assert_no_error (answer->error);
  g_assert_cmpuint (answer->status, ==, SOUP_STATUS_ACCEPTED);
  object = parse_object (answer->body);
  g_assert_cmpuint (json_object_get_size (object), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "queued");

  g_assert_cmpuint (fixture->accepted, ==, 1);
  g_assert_false (fixture->answered_before_accept);
  g_assert_cmpint (fixture->accepted_integration, ==, integration_id);
  g_assert_nonnull (fixture->accepted_body);
  g_assert_true (g_bytes_equal (fixture->accepted_body, body));
}

/* An error answer: @status, {"error": "…"} with none of the secrets in it, nothing accepted. */
static void
assert_refused (Fixture *fixture,
                Answer  *answer,
                guint    status)
{
  g_autoptr(JsonObject) object = NULL;
  const char *message;

  g_assert_no_error (answer->error);
  g_assert_cmpuint (answer->status, ==, status);
  object = parse_object (answer->body);
  g_assert_cmpuint (json_object_get_size (object), ==, 1);
  message = json_object_get_string_member (object, "error");
  g_assert_nonnull (message);
  g_assert_cmpstr (message, !=, "");
  g_assert_null (strstr (answer->body, STRIPE_SECRET));
  g_assert_null (strstr (answer->body, SHOPIFY_SECRET));
  g_assert_null (strstr (answer->body, HTTP_SECRET));
  g_assert_cmpuint (fixture->accepted, ==, 0);
}

/* ------------------------------------------------------------------------------------ */
/* Stripe */

static void
test_stripe_valid (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GBytes) body = text (EVENT);
  g_autofree char *signature = stripe_header (STRIPE_SECRET, now () - 10, body);
  g_auto(Answer) answer = { 0 };

  post (fixture, "/hooks/tok-stripe", body, &answer, "Stripe-Signature", signature, NULL);
  assert_queued (fixture, &answer, INTEGRATION_STRIPE, body);
  g_assert_cmpstr (fixture->accepted_content_type, ==, "application/json");
  g_assert_cmpuint (fixture->credentials->lookups, ==, 1);
}

static void
test_stripe_wrong_secret (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GBytes) body = text (EVENT);
  gint64 timestamp = now ();
  g_autofree char *sent = stripe_signature ("whsec_someone_else", timestamp, body);
  g_autofree char *expected = stripe_signature (STRIPE_SECRET, timestamp, body);
  g_autofree char *signature = g_strdup_printf ("t=%" G_GINT64_FORMAT ",v1=%s", timestamp, sent);
  g_auto(Answer) answer = { 0 };

  post (fixture, "/hooks/tok-stripe", body, &answer, "Stripe-Signature", signature, NULL);
  assert_refused (fixture, &answer, SOUP_STATUS_UNAUTHORIZED);
  /* Neither the signature that would have matched nor the one sent is repeated. */
  g_assert_null (strstr (answer.body, expected));
  g_assert_null (strstr (answer.body, sent));
}

static void
test_stripe_too_old (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GBytes) body = text (EVENT);
  g_autofree char *signature = stripe_header (STRIPE_SECRET, now () - 301, body);
  g_auto(Answer) answer = { 0 };

  post (fixture, "/hooks/tok-stripe", body, &answer, "Stripe-Signature", signature, NULL);
  assert_refused (fixture, &answer, SOUP_STATUS_UNAUTHORIZED);
}

static void
test_stripe_tampered (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GBytes) signed_body = text (EVENT);
  g_autoptr(GBytes) body = text ("{\"id\":\"evt_1\",\"object\":\"event\","
                                 "\"type\":\"payment_intent.canceled\"}");
  g_autofree char *signature = stripe_header (STRIPE_SECRET, now (), signed_body);
  g_auto(Answer) answer = { 0 };

  post (fixture, "/hooks/tok-stripe", body, &answer, "Stripe-Signature", signature, NULL);
  assert_refused (fixture, &answer, SOUP_STATUS_UNAUTHORIZED);
}

static void
test_stripe_missing_header (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GBytes) body = text (EVENT);
  g_auto(Answer) answer = { 0 };

  post (fixture, "/hooks/tok-stripe", body, &answer, NULL);
  assert_refused (fixture, &answer, SOUP_STATUS_UNAUTHORIZED);
}

static void
test_stripe_second_v1 (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GBytes) body = text (EVENT);
  gint64 timestamp = now ();
  g_autofree char *old = stripe_signature ("whsec_rolled_away", timestamp, body);
  g_autofree char *current = stripe_signature (STRIPE_SECRET, timestamp, body);
  g_autofree char *signature = g_strdup_printf ("t=%" G_GINT64_FORMAT ",v1=%s,v1=%s,v0=%s",
                                                timestamp, old, current, old);
  g_auto(Answer) answer = { 0 };

  post (fixture, "/hooks/tok-stripe", body, &answer, "Stripe-Signature", signature, NULL);
  assert_queued (fixture, &answer, INTEGRATION_STRIPE, body);
}

/* ------------------------------------------------------------------------------------ */
/* Shopify and the generic HMAC header */

static void
test_shopify_valid (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GBytes) body = text ("{\"id\":820982911946154508,\"email\":\"jon@example.com\"}");
  g_autofree char *signature = hmac_base64 (SHOPIFY_SECRET, body);
  g_auto(Answer) answer = { 0 };

  post (fixture, "/hooks/tok-shopify", body, &answer,
        "X-Shopify-Hmac-Sha256", signature, "X-Shopify-Topic", "orders/create", NULL);
  assert_queued (fixture, &answer, INTEGRATION_SHOPIFY, body);
  /* The owner sees the request's headers. */
  g_assert_cmpstr (fixture->accepted_topic, ==, "orders/create");
}

static void
test_shopify_invalid (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GBytes) body = text ("{\"id\":820982911946154508,\"email\":\"jon@example.com\"}");
  g_autofree char *wrong = hmac_base64 ("shpss_not_this_one", body);
  g_autofree char *hex = hmac_hex (SHOPIFY_SECRET, body);
  g_auto(Answer) first = { 0 };
  g_auto(Answer) second = { 0 };

  post (fixture, "/hooks/tok-shopify", body, &first, "X-Shopify-Hmac-Sha256", wrong, NULL);
  assert_refused (fixture, &first, SOUP_STATUS_UNAUTHORIZED);
  /* The right HMAC, but hexadecimal where Shopify sends base64. */
  post (fixture, "/hooks/tok-shopify", body, &second, "X-Shopify-Hmac-Sha256", hex, NULL);
  assert_refused (fixture, &second, SOUP_STATUS_UNAUTHORIZED);
}

static void
test_hmac_hex_valid (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GBytes) body = text ("{\"member\":\"Anna Berg\",\"paid\":true}");
  g_autofree char *signature = hmac_hex (HTTP_SECRET, body);
  g_autofree char *prefixed = g_strconcat ("sha256=", signature, NULL);
  g_auto(Answer) first = { 0 };
  g_auto(Answer) second = { 0 };

  post (fixture, "/hooks/tok-http", body, &first, "X-Register-Signature", signature, NULL);
  assert_queued (fixture, &first, INTEGRATION_HTTP, body);

  fixture->accepted = 0;
  post (fixture, "/hooks/tok-http", body, &second, "X-Register-Signature", prefixed, NULL);
  assert_queued (fixture, &second, INTEGRATION_HTTP, body);
}

static void
test_hmac_hex_invalid (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GBytes) body = text ("{\"member\":\"Anna Berg\",\"paid\":true}");
  g_autofree char *wrong = hmac_hex ("not-the-secret", body);
  g_autofree char *right = hmac_hex (HTTP_SECRET, body);
  g_auto(Answer) first = { 0 };
  g_auto(Answer) second = { 0 };

  post (fixture, "/hooks/tok-http", body, &first, "X-Register-Signature", wrong, NULL);
  assert_refused (fixture, &first, SOUP_STATUS_UNAUTHORIZED);
  /* The right signature in a header other than the configured one. */
  post (fixture, "/hooks/tok-http", body, &second, "X-Hub-Signature-256", right, NULL);
  assert_refused (fixture, &second, SOUP_STATUS_UNAUTHORIZED);
}

static void
test_unsigned (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GBytes) body = text ("name=Anna&paid=1");
  g_autoptr(SoupMessage) message = new_message (fixture, "POST", "/hooks/tok-open");
  g_auto(Answer) answer = { 0 };

  soup_message_set_request_body_from_bytes (message,
                                            "application/x-www-form-urlencoded; charset=utf-8",
                                            body);
  exchange (fixture, message, &answer);
  assert_queued (fixture, &answer, INTEGRATION_OPEN, body);
  /* The media type, without its parameters; and no secret was asked for. */
  g_assert_cmpstr (fixture->accepted_content_type, ==, "application/x-www-form-urlencoded");
  g_assert_cmpuint (fixture->credentials->lookups, ==, 0);
}

/* ------------------------------------------------------------------------------------ */
/* What is refused before the signature */

static void
test_unknown_token (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GBytes) body = text (EVENT);
  g_autofree char *signature = stripe_header (STRIPE_SECRET, now (), body);
  g_auto(Answer) answer = { 0 };

  post (fixture, "/hooks/tok-unknown", body, &answer, "Stripe-Signature", signature, NULL);
  assert_refused (fixture, &answer, SOUP_STATUS_NOT_FOUND);
  g_assert_cmpuint (fixture->credentials->lookups, ==, 0);
}

static void
test_other_paths (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *paths[] = { "/", "/hooks", "/hooks/", "/hooks/tok-open/", "/hooks/tok-open/x",
                          "/hook/tok-open", "/other/hooks/tok-open" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GBytes) body = text (EVENT);
      g_auto(Answer) answer = { 0 };

      g_test_message ("POST %s", paths[i]);
      post (fixture, paths[i], body, &answer, NULL);
      assert_refused (fixture, &answer, SOUP_STATUS_NOT_FOUND);
    }
}

static void
test_method (Fixture       *fixture,
             gconstpointer  data)
{
  const char *methods[] = { "GET", "PUT", "DELETE" };

  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      g_autoptr(SoupMessage) message = new_message (fixture, methods[i], "/hooks/tok-open");
      g_auto(Answer) answer = { 0 };

      g_test_message ("%s /hooks/tok-open", methods[i]);
      exchange (fixture, message, &answer);
      assert_refused (fixture, &answer, SOUP_STATUS_METHOD_NOT_ALLOWED);
      g_assert_cmpstr (answer.allow, ==, "POST");
    }
}

static GBytes *
big_body (gsize size)
{
  guint8 *data = g_malloc (size);

  memset (data, 'x', size);
  data[0] = '"';
  data[size - 1] = '"';
  return g_bytes_new_take (data, size);
}

static void
test_too_large (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GBytes) body = big_body (SB_WEBHOOK_SERVER_MAX_BODY + 1);
  g_autofree char *signature = stripe_header (STRIPE_SECRET, now (), body);
  g_auto(Answer) answer = { 0 };

  post (fixture, "/hooks/tok-stripe", body, &answer, "Stripe-Signature", signature, NULL);
  assert_refused (fixture, &answer, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE);
  g_assert_cmpstr (answer.connection, ==, "close");
  /* Refused on its Content-Length, before the secret was asked for. */
  g_assert_cmpuint (fixture->credentials->lookups, ==, 0);
}

static void
on_got_informational (SoupMessage *message,
                      gpointer     user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_too_large_expect_continue (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GBytes) body = big_body (SB_WEBHOOK_SERVER_MAX_BODY + 1);
  g_autoptr(SoupMessage) message = new_message (fixture, "POST", "/hooks/tok-open");
  g_auto(Answer) answer = { 0 };
  guint informational = 0;

  /* A client that asks first is told no before it sends the body: no "100 Continue". */
  soup_message_set_request_body_from_bytes (message, "application/json", body);
  soup_message_headers_set_expectations (soup_message_get_request_headers (message),
                                         SOUP_EXPECTATION_CONTINUE);
  g_signal_connect (message, "got-informational", G_CALLBACK (on_got_informational),
                    &informational);
  exchange (fixture, message, &answer);
  assert_refused (fixture, &answer, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE);
  g_assert_cmpuint (informational, ==, 0);
}

static void
test_too_large_chunked (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GBytes) body = big_body (SB_WEBHOOK_SERVER_MAX_BODY + 1);
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (body);
  g_autoptr(SoupMessage) message = new_message (fixture, "POST", "/hooks/tok-open");
  g_auto(Answer) answer = { 0 };

  /* No length: libsoup sends it chunked, so only the count of what arrives can tell. */
  soup_message_set_request_body (message, "application/json", stream, -1);
  exchange (fixture, message, &answer);
  assert_refused (fixture, &answer, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE);
}

static void
test_largest (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GBytes) body = big_body (SB_WEBHOOK_SERVER_MAX_BODY);
  g_autoptr(GBytes) chunked_body = big_body (SB_WEBHOOK_SERVER_MAX_BODY);
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (chunked_body);
  g_autoptr(SoupMessage) message = new_message (fixture, "POST", "/hooks/tok-open");
  g_auto(Answer) first = { 0 };
  g_auto(Answer) second = { 0 };

  post (fixture, "/hooks/tok-open", body, &first, NULL);
  assert_queued (fixture, &first, INTEGRATION_OPEN, body);

  fixture->accepted = 0;
  soup_message_set_request_body (message, "application/json", stream, -1);
  exchange (fixture, message, &second);
  assert_queued (fixture, &second, INTEGRATION_OPEN, chunked_body);
}

/* ------------------------------------------------------------------------------------ */
/* Failures on our side */

static void
test_accept_fails (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GBytes) body = text (EVENT);
  g_autofree char *signature = stripe_header (STRIPE_SECRET, now (), body);
  g_auto(Answer) answer = { 0 };
  g_autoptr(JsonObject) object = NULL;

  fixture->refuse = TRUE;
  g_test_expect_message ("Sb-Engine", G_LOG_LEVEL_WARNING,
                         "*integration 101 was not stored: database or disk is full");
  post (fixture, "/hooks/tok-stripe", body, &answer, "Stripe-Signature", signature, NULL);
  g_test_assert_expected_messages ();

  g_assert_no_error (answer.error);
  g_assert_cmpuint (answer.status, ==, SOUP_STATUS_INTERNAL_SERVER_ERROR);
  g_assert_cmpuint (fixture->accepted, ==, 1);
  object = parse_object (answer.body);
  g_assert_nonnull (json_object_get_string_member (object, "error"));
  /* The owner's reason is logged, not sent. */
  g_assert_null (strstr (answer.body, "disk is full"));
  g_assert_null (strstr (answer.body, STRIPE_SECRET));
}

static void
test_no_secret (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GBytes) body = text (EVENT);
  g_autofree char *signature = stripe_header (STRIPE_SECRET, now (), body);
  g_auto(Answer) answer = { 0 };

  g_test_expect_message ("Sb-Engine", G_LOG_LEVEL_WARNING,
                         "*signing secret*integration 105*could not be read*");
  post (fixture, "/hooks/tok-empty", body, &answer, "Stripe-Signature", signature, NULL);
  g_test_assert_expected_messages ();
  assert_refused (fixture, &answer, SOUP_STATUS_INTERNAL_SERVER_ERROR);
  g_assert_cmpuint (fixture->credentials->lookups, ==, 1);
}

/* ------------------------------------------------------------------------------------ */
/* Listening */

static void
test_port_in_use (Fixture       *fixture,
                  gconstpointer  data)
{
  guint port = sb_webhook_server_get_port (fixture->server);
  g_autoptr(SbWebhookServer) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *number = g_strdup_printf ("%u", port);

  other = sb_webhook_server_new (SB_CREDENTIAL_SOURCE (fixture->credentials));
  sb_webhook_server_set_lookup_func (other, lookup_target, fixture, NULL);
  sb_webhook_server_set_accept_func (other, accept_event, fixture, NULL);

  g_assert_false (sb_webhook_server_start (other, port, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE);
  g_assert_nonnull (strstr (error->message, number));
  g_assert_cmpuint (sb_webhook_server_get_port (other), ==, 0);
  g_assert_null (sb_webhook_server_get_uris (other));
  g_clear_error (&error);

  /* It can try again on another port. */
  g_assert_true (sb_webhook_server_start (other, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sb_webhook_server_get_port (other), !=, port);
}

static void
test_loopback_only (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoslist(GUri) uris = sb_webhook_server_get_uris (fixture->server);
  g_autoptr(GBytes) body = text (EVENT);
  g_autoptr(GError) error = NULL;
  g_auto(Answer) answer = { 0 };
  guint port = sb_webhook_server_get_port (fixture->server);

  g_assert_cmpuint (g_slist_length (uris), ==, 1);
  g_assert_cmpstr (g_uri_get_host (uris->data), ==, "127.0.0.1");
  g_assert_cmpint (g_uri_get_port (uris->data), ==, port);

  /* Stopped, it listens nowhere; started again, it can have its port back. */
  sb_webhook_server_stop (fixture->server);
  g_assert_cmpuint (sb_webhook_server_get_port (fixture->server), ==, 0);
  g_assert_null (sb_webhook_server_get_uris (fixture->server));
  g_assert_true (sb_webhook_server_start (fixture->server, port, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sb_webhook_server_get_port (fixture->server), ==, port);

  post (fixture, "/hooks/tok-open", body, &answer, NULL);
  assert_queued (fixture, &answer, INTEGRATION_OPEN, body);
}

/* The secret arrives after the server stopped (@data FALSE) or went away (TRUE): nothing is
 * answered or stored, and nothing crashes. */
static void
test_gone_while_waiting (Fixture       *fixture,
                         gconstpointer  data)
{
  gboolean dispose = GPOINTER_TO_INT (data);
  g_autoptr(GBytes) body = text (EVENT);
  g_autofree char *signature = stripe_header (STRIPE_SECRET, now (), body);
  g_autoptr(SoupMessage) message = new_message (fixture, "POST", "/hooks/tok-stripe");
  g_auto(Answer) answer = { 0 };
  Exchange ex = { fixture, message, &answer, FALSE };
  GTask *task;

  fixture->credentials->hold = TRUE;
  soup_message_set_request_body_from_bytes (message, "application/json", body);
  soup_message_headers_replace (soup_message_get_request_headers (message),
                                "Stripe-Signature", signature);
  soup_session_send_and_read_async (fixture->session, message, G_PRIORITY_DEFAULT, NULL,
                                    sent_cb, &ex);
  while (fixture->credentials->held->len == 0)
    g_main_context_iteration (NULL, TRUE);
  task = g_ptr_array_index (fixture->credentials->held, 0);
  g_assert_false (g_cancellable_is_cancelled (g_task_get_cancellable (task)));

  if (dispose)
    {
      g_object_add_weak_pointer (G_OBJECT (fixture->server), (gpointer *)&fixture->server);
      g_object_unref (fixture->server);
      g_assert_null (fixture->server);
    }
  else
    sb_webhook_server_stop (fixture->server);
  g_assert_true (g_cancellable_is_cancelled (g_task_get_cancellable (task)));

  /* The client loses its connection rather than getting an answer. */
  while (!ex.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (answer.error);

  release_held (fixture->credentials);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (fixture->accepted, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/webhook-server/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("stripe/valid", test_stripe_valid);
  ADD ("stripe/wrong-secret", test_stripe_wrong_secret);
  ADD ("stripe/too-old", test_stripe_too_old);
  ADD ("stripe/tampered", test_stripe_tampered);
  ADD ("stripe/missing-header", test_stripe_missing_header);
  ADD ("stripe/second-v1", test_stripe_second_v1);
  ADD ("shopify/valid", test_shopify_valid);
  ADD ("shopify/invalid", test_shopify_invalid);
  ADD ("hmac-hex/valid", test_hmac_hex_valid);
  ADD ("hmac-hex/invalid", test_hmac_hex_invalid);
  ADD ("unsigned", test_unsigned);
  ADD ("unknown-token", test_unknown_token);
  ADD ("other-paths", test_other_paths);
  ADD ("method", test_method);
  ADD ("too-large", test_too_large);
  ADD ("too-large-expect-continue", test_too_large_expect_continue);
  ADD ("too-large-chunked", test_too_large_chunked);
  ADD ("largest", test_largest);
  ADD ("accept-fails", test_accept_fails);
  ADD ("no-secret", test_no_secret);
  ADD ("port-in-use", test_port_in_use);
  ADD ("loopback-only", test_loopback_only);
#undef ADD

  g_test_add ("/webhook-server/stopped-while-waiting", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_gone_while_waiting, fixture_tear_down);
  g_test_add ("/webhook-server/disposed-while-waiting", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_gone_while_waiting, fixture_tear_down);

  return g_test_run ();
}
