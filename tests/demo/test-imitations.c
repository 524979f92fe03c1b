/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "demo/sb-imitation.h"

#include <string.h>

#include <json-glib/json-glib.h>

/* Every request here is made with a plain SoupSession, the way the real service's client
 * makes it, and every answer is read the way such a client reads it. */

typedef struct
{
  SbImitations *imitations;
  SoupSession  *session;
} Fixture;

typedef struct
{
  SoupMessage *msg;
  GBytes      *body;
  GError      *error;
  gint64       elapsed;    /* µs */
  gboolean     done;
} Answer;

static void
answer_free (Answer *answer)
{
  g_clear_object (&answer->msg);
  g_clear_pointer (&answer->body, g_bytes_unref);
  g_clear_error (&answer->error);
  g_free (answer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Answer, answer_free)

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->imitations = sb_imitations_new ();
  g_assert_true (sb_imitations_start (fixture->imitations, &error));
  g_assert_no_error (error);
  /* No proxy: the imitations are on the loopback, and the isolated test has no settings. */
  fixture->session = soup_session_new_with_options ("max-conns-per-host", 16,
                                                    "proxy-resolver", NULL, NULL);
  (void) data;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->session);
  sb_imitations_stop (fixture->imitations);
  g_assert_finalize_object (fixture->imitations);
  (void) data;
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Answer *answer = user_data;

  answer->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                    &answer->error);
  answer->elapsed = g_get_monotonic_time () - answer->elapsed;
  answer->done = TRUE;
}

static Answer *
send_async (Fixture     *fixture,
            SoupMessage *msg)
{
  Answer *answer = g_new0 (Answer, 1);

  answer->msg = msg;
  answer->elapsed = g_get_monotonic_time ();
  soup_session_send_and_read_async (fixture->session, msg, G_PRIORITY_DEFAULT, NULL, sent_cb,
                                    answer);
  return answer;
}

static void
wait_for (Answer *answer)
{
  while (!answer->done)
    g_main_context_iteration (NULL, TRUE);
}

/* Takes @msg. */
static Answer *
send (Fixture     *fixture,
      SoupMessage *msg)
{
  Answer *answer = send_async (fixture, msg);

  wait_for (answer);
  return answer;
}

static guint
status_of (Answer *answer)
{
  g_assert_no_error (answer->error);
  return soup_message_get_status (answer->msg);
}

static const char *
header_of (Answer     *answer,
           const char *name)
{
  return soup_message_headers_get_one (soup_message_get_response_headers (answer->msg), name);
}

static char *
text_of (Answer *answer)
{
  g_assert_no_error (answer->error);
  return g_strndup (g_bytes_get_data (answer->body, NULL), g_bytes_get_size (answer->body));
}

static gboolean
body_contains (Answer     *answer,
               const char *needle)
{
  g_autofree char *text = text_of (answer);

  return strstr (text, needle) != NULL;
}

static gboolean
is_json (Answer *answer)
{
  const char *type =
    soup_message_headers_get_content_type (soup_message_get_response_headers (answer->msg),
                                           NULL);

  return g_strcmp0 (type, "application/json") == 0;
}

/* The answer as JSON; asserts that it says it is JSON and is. */
static JsonNode *
json_of (Answer *answer)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = text_of (answer);
  JsonNode *node;

  g_assert_true (is_json (answer));
  node = json_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static JsonNode *
lookup (JsonNode   *root,
        const char *path)
{
  g_autoptr(JsonPath) query = json_path_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *expression = g_strconcat (path[0] == '[' ? "$" : "$.", path, NULL);
  g_autoptr(JsonNode) found = NULL;
  JsonArray *array;

  json_path_compile (query, expression, &error);
  g_assert_no_error (error);
  found = json_path_match (query, root);
  array = json_node_get_array (found);
  if (json_array_get_length (array) == 0)
    return NULL;

  return json_node_copy (json_array_get_element (array, 0));
}

static char *
dup_string (JsonNode   *root,
            const char *path)
{
  g_autoptr(JsonNode) node = lookup (root, path);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return g_strdup (json_node_get_string (node));
}

static gint64
get_int (JsonNode   *root,
         const char *path)
{
  g_autoptr(JsonNode) node = lookup (root, path);

  g_assert_nonnull (node);
  return json_node_get_int (node);
}

static gboolean
get_bool (JsonNode   *root,
          const char *path)
{
  g_autoptr(JsonNode) node = lookup (root, path);

  g_assert_nonnull (node);
  return json_node_get_boolean (node);
}

static guint
get_length (JsonNode   *root,
            const char *path)
{
  g_autoptr(JsonNode) node = lookup (root, path);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  return json_array_get_length (json_node_get_array (node));
}

static void
assert_string (JsonNode   *root,
               const char *path,
               const char *expected)
{
  g_autofree char *value = dup_string (root, path);

  g_assert_cmpstr (value, ==, expected);
}

static SoupMessage *
request (Fixture    *fixture,
         const char *service,
         const char *method,
         const char *path)
{
  g_autofree char *url = g_strconcat (sb_imitations_get_base_url (fixture->imitations, service),
                                      path, NULL);
  SoupMessage *msg = soup_message_new (method, url);

  g_assert_nonnull (msg);
  return msg;
}

static void
set_header (SoupMessage *msg,
            const char  *name,
            const char  *value)
{
  soup_message_headers_replace (soup_message_get_request_headers (msg), name, value);
}

static void
set_basic (SoupMessage *msg,
           const char  *user,
           const char  *password)
{
  g_autofree char *pair = g_strconcat (user, ":", password, NULL);
  g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
  g_autofree char *value = g_strconcat ("Basic ", encoded, NULL);

  set_header (msg, "Authorization", value);
}

static void
set_bearer (SoupMessage *msg,
            const char  *token)
{
  g_autofree char *value = g_strconcat ("Bearer ", token, NULL);

  set_header (msg, "Authorization", value);
}

static void
set_body (SoupMessage *msg,
          const char  *content_type,
          const char  *body)
{
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

  soup_message_set_request_body_from_bytes (msg, content_type, bytes);
}

static const char *
credential (Fixture    *fixture,
            const char *service,
            const char *field)
{
  const char *value = sb_imitations_get_credential (fixture->imitations, service, field);

  g_assert_nonnull (value);
  return value;
}

/* ------------------------------------------------------------------------------------ */
/* Stripe */

static SoupMessage *
stripe_request (Fixture    *fixture,
                const char *method,
                const char *path)
{
  SoupMessage *msg = request (fixture, "stripe", method, path);

  /* curl -u sk_test_…: — the key as the user name, no password. */
  set_basic (msg, credential (fixture, "stripe", "secret_key"), "");
  return msg;
}

static void
test_stripe_auth (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *key = credential (fixture, "stripe", "secret_key");
  g_autoptr(Answer) good = send (fixture, stripe_request (fixture, "GET", "/v1/balance"));
  g_autoptr(JsonNode) balance = json_of (good);
  g_autoptr(Answer) bearer = NULL, account = NULL, wrong = NULL, missing = NULL;
  g_autoptr(JsonNode) error = NULL, account_json = NULL, missing_json = NULL;
  g_autofree char *message = NULL;
  SoupMessage *msg;

  g_assert_true (g_str_has_prefix (key, "sk_test_"));
  g_assert_cmpuint (status_of (good), ==, 200);
  assert_string (balance, "object", "balance");
  assert_string (balance, "available[0].currency", "sek");
  g_assert_cmpint (get_int (balance, "available[0].amount"), >, 0);
  g_assert_true (g_str_has_prefix (header_of (good, "Request-Id"), "req_"));

  msg = request (fixture, "stripe", "GET", "/v1/account");
  set_bearer (msg, key);
  account = send (fixture, msg);
  g_assert_cmpuint (status_of (account), ==, 200);
  account_json = json_of (account);
  assert_string (account_json, "object", "account");
  assert_string (account_json, "business_profile.name", "Demo IF");

  msg = request (fixture, "stripe", "GET", "/v1/balance");
  set_basic (msg, "sk_test_51SbWrongKeyWrongKeyWrongKey1234", "");
  wrong = send (fixture, msg);
  g_assert_cmpuint (status_of (wrong), ==, 401);
  error = json_of (wrong);
  assert_string (error, "error.type", "invalid_request_error");
  message = dup_string (error, "error.message");
  g_assert_true (g_str_has_prefix (message, "Invalid API Key provided: sk_test_"));
  /* The key is masked, but for its last four characters. */
  g_assert_null (strstr (message, "WrongKeyWrongKey"));
  g_assert_nonnull (strstr (message, "1234"));

  missing = send (fixture, request (fixture, "stripe", "GET", "/v1/balance"));
  g_assert_cmpuint (status_of (missing), ==, 401);
  missing_json = json_of (missing);
  g_clear_pointer (&message, g_free);
  message = dup_string (missing_json, "error.message");
  g_assert_true (g_str_has_prefix (message, "You did not provide an API key."));
  (void) data;
}

static void
test_stripe_pagination (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *cursor = NULL;
  gint64 last_created = G_MAXINT64;
  gboolean has_more = TRUE;
  guint pages = 0;

  while (has_more)
    {
      g_autofree char *path = cursor == NULL
                              ? g_strdup ("/v1/charges?limit=4")
                              : g_strdup_printf ("/v1/charges?limit=4&starting_after=%s",
                                                 cursor);
      g_autoptr(Answer) page = send (fixture, stripe_request (fixture, "GET", path));
      g_autoptr(JsonNode) list = json_of (page);
      guint n = get_length (list, "data");

      g_assert_cmpuint (status_of (page), ==, 200);
      assert_string (list, "object", "list");
      assert_string (list, "url", "/v1/charges");
      has_more = get_bool (list, "has_more");
      g_assert_cmpuint (n, <=, 4);
      g_assert_true (n == 4 || !has_more);

      for (guint i = 0; i < n; i++)
        {
          g_autofree char *item = g_strdup_printf ("data[%u]", i);
          g_autofree char *id_path = g_strconcat (item, ".id", NULL);
          g_autofree char *created_path = g_strconcat (item, ".created", NULL);
          g_autofree char *number_path = g_strconcat (item, ".metadata.customer_number", NULL);
          g_autofree char *fee_path = g_strconcat (item, ".metadata.fee_sek", NULL);
          g_autofree char *object_path = g_strconcat (item, ".object", NULL);
          g_autofree char *id = dup_string (list, id_path);
          g_autofree char *number = dup_string (list, number_path);
          g_autofree char *fee = dup_string (list, fee_path);
          gint64 created = get_int (list, created_path);

          assert_string (list, object_path, "charge");
          g_assert_true (g_str_has_prefix (id, "ch_"));
          /* Newest first. */
          g_assert_cmpint (created, <=, last_created);
          last_created = created;
          g_assert_cmpint (atoi (number), >=, 1001);
          g_assert_cmpint (atoi (number), <=, 1042);
          g_assert_true (g_str_equal (fee, "600") || g_str_equal (fee, "400"));
          for (guint j = 0; j < ids->len; j++)
            g_assert_cmpstr (g_ptr_array_index (ids, j), !=, id);
          g_ptr_array_add (ids, g_strdup (id));
        }

      g_clear_pointer (&cursor, g_free);
      if (n > 0)
        cursor = g_strdup (g_ptr_array_index (ids, ids->len - 1));
      pages++;
    }

  g_assert_cmpuint (ids->len, ==, 9);
  g_assert_cmpuint (pages, ==, 3);

  /* ending_before the fifth charge: the four before it, and nothing newer. */
  {
    g_autofree char *path = g_strdup_printf ("/v1/charges?limit=10&ending_before=%s",
                                             (char *) g_ptr_array_index (ids, 4));
    g_autoptr(Answer) page = send (fixture, stripe_request (fixture, "GET", path));
    g_autoptr(JsonNode) list = json_of (page);

    g_assert_cmpuint (get_length (list, "data"), ==, 4);
    assert_string (list, "data[0].id", g_ptr_array_index (ids, 0));
    assert_string (list, "data[3].id", g_ptr_array_index (ids, 3));
    g_assert_false (get_bool (list, "has_more"));
  }

  /* A cursor that names nothing, and a limit out of range. */
  {
    g_autoptr(Answer) bad = send (fixture,
                                  stripe_request (fixture, "GET",
                                                  "/v1/charges?starting_after=ch_nothing"));
    g_autoptr(JsonNode) error = json_of (bad);
    g_autoptr(Answer) big = send (fixture, stripe_request (fixture, "GET",
                                                           "/v1/charges?limit=101"));
    g_autoptr(JsonNode) big_error = json_of (big);

    g_assert_cmpuint (status_of (bad), ==, 400);
    assert_string (error, "error.code", "resource_missing");
    assert_string (error, "error.param", "starting_after");
    g_assert_cmpuint (status_of (big), ==, 400);
    assert_string (big_error, "error.param", "limit");
  }

  /* Customers and events page the same way; events filter by type. */
  {
    g_autoptr(Answer) events = send (fixture,
                                     stripe_request (fixture, "GET",
                                                     "/v1/events?type=payment_intent.succeeded"
                                                     "&limit=100"));
    g_autoptr(JsonNode) list = json_of (events);

    g_assert_cmpuint (get_length (list, "data"), ==, 9);
    assert_string (list, "data[0].type", "payment_intent.succeeded");
    assert_string (list, "data[0].data.object.object", "payment_intent");
    assert_string (list, "data[0].data.object.currency", "sek");
  }
  (void) data;
}

static void
test_stripe_idempotency (Fixture       *fixture,
                         gconstpointer  data)
{
  const char *form = "email=elsa.holmberg%40example.com&name=Elsa+Holmberg"
                     "&metadata[customer_number]=1043";
  g_autoptr(Answer) first = NULL, again = NULL, other = NULL, list = NULL, unknown = NULL;
  g_autoptr(JsonNode) first_json = NULL, again_json = NULL, other_json = NULL;
  g_autoptr(JsonNode) list_json = NULL, unknown_json = NULL;
  g_autofree char *id = NULL;
  SoupMessage *msg;

  msg = stripe_request (fixture, "POST", "/v1/customers");
  set_header (msg, "Idempotency-Key", "6d1b5c0e-8a7f-4e4b-9c1a-2f3e4d5c6b7a");
  set_body (msg, "application/x-www-form-urlencoded", form);
  first = send (fixture, msg);
  g_assert_cmpuint (status_of (first), ==, 200);
  first_json = json_of (first);
  id = dup_string (first_json, "id");
  g_assert_true (g_str_has_prefix (id, "cus_"));
  assert_string (first_json, "object", "customer");
  assert_string (first_json, "email", "elsa.holmberg@example.com");
  assert_string (first_json, "name", "Elsa Holmberg");
  assert_string (first_json, "metadata.customer_number", "1043");

  /* The same key again: the saved answer, not a second customer. */
  msg = stripe_request (fixture, "POST", "/v1/customers");
  set_header (msg, "Idempotency-Key", "6d1b5c0e-8a7f-4e4b-9c1a-2f3e4d5c6b7a");
  set_body (msg, "application/x-www-form-urlencoded", form);
  again = send (fixture, msg);
  g_assert_cmpuint (status_of (again), ==, 200);
  again_json = json_of (again);
  assert_string (again_json, "id", id);
  g_assert_cmpstr (header_of (again, "Idempotent-Replayed"), ==, "true");

  list = send (fixture, stripe_request (fixture, "GET",
                                        "/v1/customers?email=elsa.holmberg%40example.com"));
  list_json = json_of (list);
  g_assert_cmpuint (get_length (list_json, "data"), ==, 1);

  /* The same key with other parameters is refused. */
  msg = stripe_request (fixture, "POST", "/v1/customers");
  set_header (msg, "Idempotency-Key", "6d1b5c0e-8a7f-4e4b-9c1a-2f3e4d5c6b7a");
  set_body (msg, "application/x-www-form-urlencoded", "email=omar.karimi%40example.com");
  other = send (fixture, msg);
  g_assert_cmpuint (status_of (other), ==, 400);
  other_json = json_of (other);
  assert_string (other_json, "error.type", "idempotency_error");

  msg = stripe_request (fixture, "POST", "/v1/customers");
  set_body (msg, "application/x-www-form-urlencoded", "mail=omar.karimi%40example.com");
  unknown = send (fixture, msg);
  g_assert_cmpuint (status_of (unknown), ==, 400);
  unknown_json = json_of (unknown);
  assert_string (unknown_json, "error.code", "parameter_unknown");
  assert_string (unknown_json, "error.param", "mail");

  g_assert_cmpuint (sb_imitations_count_requests (fixture->imitations, "stripe", "POST",
                                                  "/v1/customers"), ==, 4);

  /* A payment intent, with the metadata the fee invoice reads. */
  {
    g_autoptr(Answer) pi = NULL, missing = NULL;
    g_autoptr(JsonNode) pi_json = NULL, missing_json = NULL;

    msg = stripe_request (fixture, "POST", "/v1/payment_intents");
    set_body (msg, "application/x-www-form-urlencoded",
              "amount=60000&currency=sek&metadata[customer_number]=1043&metadata[fee_sek]=600");
    pi = send (fixture, msg);
    g_assert_cmpuint (status_of (pi), ==, 200);
    pi_json = json_of (pi);
    assert_string (pi_json, "object", "payment_intent");
    assert_string (pi_json, "status", "requires_payment_method");
    assert_string (pi_json, "metadata.fee_sek", "600");
    g_assert_cmpint (get_int (pi_json, "amount"), ==, 60000);

    msg = stripe_request (fixture, "POST", "/v1/payment_intents");
    set_body (msg, "application/x-www-form-urlencoded", "currency=sek");
    missing = send (fixture, msg);
    g_assert_cmpuint (status_of (missing), ==, 400);
    missing_json = json_of (missing);
    assert_string (missing_json, "error.code", "parameter_missing");
    assert_string (missing_json, "error.param", "amount");
  }
  (void) data;
}

typedef struct
{
  char *body;
  char *headers[4];
} Received;

static void
receive_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  static const char * const names[] = { "Stripe-Signature", "X-Shopify-Hmac-Sha256",
                                        "X-Shopify-Topic", "Content-Type" };
  Received *received = user_data;
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);

  received->body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    received->headers[i] =
      g_strdup (soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                              names[i]));
  soup_server_message_set_status (msg, 202, NULL);
  (void) server;
  (void) path;
  (void) query;
}

static void
received_clear (Received *received)
{
  g_free (received->body);
  for (guint i = 0; i < G_N_ELEMENTS (received->headers); i++)
    g_free (received->headers[i]);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Received, received_clear)

/* Delivers @service's webhook to a receiver of our own and returns what it got. */
static void
deliver (Fixture    *fixture,
         const char *service,
         const char *event_type,
         Received   *received)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autoptr(Answer) answer = NULL;
  GSList *uris;

  soup_server_add_handler (server, "/hooks", receive_cb, received, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d/hooks/t0ken", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  answer = send (fixture, sb_imitations_new_webhook_message (fixture->imitations, service, url,
                                                             NULL, event_type));
  g_assert_cmpuint (status_of (answer), ==, 202);
  g_assert_nonnull (received->body);
}

static void
test_stripe_webhook (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *secret = credential (fixture, "stripe", "webhook_secret");
  g_auto(Received) received = { 0 };
  g_autoptr(JsonNode) event = NULL;
  g_auto(GStrv) pairs = NULL;
  g_autofree char *timestamp = NULL, *signature = NULL, *payload = NULL, *expected = NULL;
  g_autofree char *pi_path = NULL, *pi_id = NULL, *events_path = NULL;
  g_autoptr(Answer) pi = NULL, events = NULL;
  g_autoptr(JsonNode) pi_json = NULL, events_json = NULL;

  deliver (fixture, "stripe", "payment_intent.succeeded", &received);

  /* Stripe-Signature: t=<seconds>,v1=<hex HMAC-SHA256 of "t.body">. */
  pairs = g_strsplit (received.headers[0], ",", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      if (g_str_has_prefix (pairs[i], "t="))
        timestamp = g_strdup (pairs[i] + 2);
      else if (g_str_has_prefix (pairs[i], "v1="))
        signature = g_strdup (pairs[i] + 3);
    }
  g_assert_nonnull (timestamp);
  g_assert_nonnull (signature);
  payload = g_strconcat (timestamp, ".", received.body, NULL);
  expected = g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) secret,
                                        strlen (secret), payload, -1);
  g_assert_cmpstr (signature, ==, expected);
  g_assert_cmpint (ABS (g_ascii_strtoll (timestamp, NULL, 10) -
                        g_get_real_time () / G_USEC_PER_SEC), <=, 5);
  g_assert_true (g_str_has_prefix (received.headers[3], "application/json"));

  event = json_from_string (received.body, NULL);
  g_assert_nonnull (event);
  assert_string (event, "object", "event");
  assert_string (event, "type", "payment_intent.succeeded");
  assert_string (event, "data.object.object", "payment_intent");
  assert_string (event, "data.object.status", "succeeded");
  assert_string (event, "data.object.currency", "sek");
  assert_string (event, "data.object.metadata.customer_number", "1009");
  assert_string (event, "data.object.metadata.fee_sek", "400");
  g_assert_cmpint (get_int (event, "data.object.amount"), ==, 40000);

  /* The API knows the payment too, and the event is the newest of its kind. */
  pi_id = dup_string (event, "data.object.id");
  pi_path = g_strconcat ("/v1/payment_intents/", pi_id, NULL);
  pi = send (fixture, stripe_request (fixture, "GET", pi_path));
  g_assert_cmpuint (status_of (pi), ==, 200);
  pi_json = json_of (pi);
  assert_string (pi_json, "id", pi_id);

  events_path = g_strdup ("/v1/events?limit=1&type=payment_intent.succeeded");
  events = send (fixture, stripe_request (fixture, "GET", events_path));
  events_json = json_of (events);
  assert_string (events_json, "data[0].data.object.id", pi_id);
  (void) data;
}

/* ------------------------------------------------------------------------------------ */
/* Shopify */

static SoupMessage *
shopify_request (Fixture    *fixture,
                 const char *resource)
{
  g_autofree char *path = g_strdup_printf ("/admin/api/%s/%s",
                                           credential (fixture, "shopify", "api_version"),
                                           resource);
  SoupMessage *msg = request (fixture, "shopify", "GET", path);

  set_header (msg, "X-Shopify-Access-Token", credential (fixture, "shopify", "access_token"));
  return msg;
}

/* The URL of a Link header's relation, or NULL. */
static char *
link_of (Answer     *answer,
         const char *rel)
{
  const char *header = header_of (answer, "Link");
  g_autofree char *wanted = g_strdup_printf ("rel=\"%s\"", rel);
  g_auto(GStrv) links = NULL;

  if (header == NULL)
    return NULL;

  links = g_strsplit (header, ", <", -1);
  for (guint i = 0; links[i] != NULL; i++)
    if (strstr (links[i], wanted) != NULL)
      {
        const char *start = links[i][0] == '<' ? links[i] + 1 : links[i];
        const char *end = strchr (start, '>');

        return g_strndup (start, end - start);
      }

  return NULL;
}

static void
test_shopify_auth (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(Answer) good = send (fixture, shopify_request (fixture, "shop.json"));
  g_autoptr(JsonNode) shop = json_of (good);
  g_autoptr(Answer) wrong = NULL, none = NULL, unknown = NULL;
  g_autoptr(JsonNode) error = NULL, none_error = NULL;
  g_autofree char *domain = NULL;
  const char *limit;
  SoupMessage *msg;

  g_assert_cmpuint (status_of (good), ==, 200);
  domain = g_strdup (credential (fixture, "shopify", "shop"));
  g_assert_true (g_str_has_suffix (domain, ".myshopify.com"));
  assert_string (shop, "shop.myshopify_domain", domain);
  assert_string (shop, "shop.currency", "SEK");
  limit = header_of (good, "X-Shopify-Shop-Api-Call-Limit");
  g_assert_nonnull (limit);
  g_assert_true (g_str_has_suffix (limit, "/40"));
  g_assert_cmpstr (header_of (good, "X-Shopify-API-Version"), ==, "2025-10");

  msg = shopify_request (fixture, "shop.json");
  set_header (msg, "X-Shopify-Access-Token", "shpat_00000000000000000000000000000000");
  wrong = send (fixture, msg);
  g_assert_cmpuint (status_of (wrong), ==, 401);
  error = json_of (wrong);
  assert_string (error, "errors", "[API] Invalid API key or access token (unrecognized login "
                                  "or wrong password)");

  none = send (fixture, request (fixture, "shopify", "GET", "/admin/api/2025-10/orders.json"));
  g_assert_cmpuint (status_of (none), ==, 401);
  none_error = json_of (none);
  g_assert_nonnull (lookup (none_error, "errors"));

  unknown = send (fixture, shopify_request (fixture, "nothing.json"));
  g_assert_cmpuint (status_of (unknown), ==, 404);
  (void) data;
}

static void
test_shopify_pagination (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *next = NULL;
  g_autoptr(Answer) first = send (fixture, shopify_request (fixture,
                                                            "orders.json?status=any&limit=5"));

  g_assert_cmpuint (status_of (first), ==, 200);
  /* The first page has a next page and no previous one. */
  g_assert_null (link_of (first, "previous"));
  next = link_of (first, "next");
  g_assert_nonnull (next);
  g_assert_nonnull (strstr (next, "page_info="));
  g_assert_nonnull (strstr (next, "limit=5"));

  {
    g_autoptr(JsonNode) list = json_of (first);

    g_assert_cmpuint (get_length (list, "orders"), ==, 5);
    for (guint i = 0; i < 5; i++)
      {
        g_autofree char *path = g_strdup_printf ("orders[%u].name", i);

        g_ptr_array_add (ids, dup_string (list, path));
      }
    assert_string (list, "orders[0].currency", "SEK");
    assert_string (list, "orders[0].financial_status", "paid");
    g_assert_nonnull (lookup (list, "orders[0].line_items[0].price"));
    g_assert_nonnull (lookup (list, "orders[0].customer.email"));
  }

  /* The Link URLs are used as they are. */
  while (next != NULL)
    {
      SoupMessage *msg = soup_message_new ("GET", next);
      g_autoptr(Answer) page = NULL;
      g_autoptr(JsonNode) list = NULL;
      g_autofree char *previous = NULL;
      guint n;

      set_header (msg, "X-Shopify-Access-Token",
                  credential (fixture, "shopify", "access_token"));
      page = send (fixture, msg);
      g_assert_cmpuint (status_of (page), ==, 200);
      list = json_of (page);
      n = get_length (list, "orders");
      g_assert_cmpuint (n, >, 0);
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *path = g_strdup_printf ("orders[%u].name", i);

          g_ptr_array_add (ids, dup_string (list, path));
        }
      previous = link_of (page, "previous");
      g_assert_nonnull (previous);
      g_ptr_array_add (pages, g_steal_pointer (&previous));
      g_clear_pointer (&next, g_free);
      next = link_of (page, "next");
    }

  g_assert_cmpuint (ids->len, ==, 12);
  g_assert_cmpuint (pages->len, ==, 2);
  /* Newest first, each once. */
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, "#1012");
  g_assert_cmpstr (g_ptr_array_index (ids, 11), ==, "#1001");

  /* The last page's previous page is the second page. */
  {
    SoupMessage *msg = soup_message_new ("GET", g_ptr_array_index (pages, 1));
    g_autoptr(Answer) page = NULL;
    g_autoptr(JsonNode) list = NULL;

    set_header (msg, "X-Shopify-Access-Token", credential (fixture, "shopify", "access_token"));
    page = send (fixture, msg);
    list = json_of (page);
    g_assert_cmpuint (get_length (list, "orders"), ==, 5);
    assert_string (list, "orders[0].name", g_ptr_array_index (ids, 5));
  }

  /* Only limit and fields may go with page_info. */
  {
    g_autofree char *url = link_of (first, "next");
    g_autofree char *with_status = g_strconcat (url, "&status=any", NULL);
    SoupMessage *msg = soup_message_new ("GET", with_status);
    g_autoptr(Answer) refused = NULL;
    g_autoptr(JsonNode) error = NULL;

    set_header (msg, "X-Shopify-Access-Token", credential (fixture, "shopify", "access_token"));
    refused = send (fixture, msg);
    g_assert_cmpuint (status_of (refused), ==, 400);
    error = json_of (refused);
    assert_string (error, "errors", "status cannot be passed when page_info is present");
  }

  /* since_id: the orders after it, oldest first; no status means open orders only. */
  {
    g_autoptr(Answer) since = send (fixture,
                                    shopify_request (fixture, "orders.json?status=any&since_id="
                                                              "5801234501010"));
    g_autoptr(JsonNode) list = json_of (since);
    g_autoptr(Answer) open = send (fixture, shopify_request (fixture, "orders.json"));
    g_autoptr(JsonNode) open_list = json_of (open);
    g_autoptr(Answer) fields = send (fixture,
                                     shopify_request (fixture, "orders.json?fields=id,name"));
    g_autoptr(JsonNode) fields_list = json_of (fields);

    g_assert_cmpuint (get_length (list, "orders"), ==, 2);
    assert_string (list, "orders[0].name", "#1011");
    assert_string (list, "orders[1].name", "#1012");
    g_assert_null (header_of (since, "Link"));
    g_assert_cmpuint (get_length (open_list, "orders"), ==, 4);
    g_assert_nonnull (lookup (fields_list, "orders[0].name"));
    g_assert_null (lookup (fields_list, "orders[0].email"));
  }
  (void) data;
}

static void
test_shopify_call_limit (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) answers = g_ptr_array_new_with_free_func ((GDestroyNotify) answer_free);
  guint limited = 0, ok = 0;

  /* More than the bucket holds, all at once. */
  for (guint i = 0; i < 50; i++)
    g_ptr_array_add (answers, send_async (fixture, shopify_request (fixture, "shop.json")));
  for (guint i = 0; i < answers->len; i++)
    {
      Answer *answer = g_ptr_array_index (answers, i);

      wait_for (answer);
      if (status_of (answer) == 429)
        {
          g_autoptr(JsonNode) error = json_of (answer);

          g_assert_nonnull (header_of (answer, "Retry-After"));
          g_assert_cmpfloat (g_ascii_strtod (header_of (answer, "Retry-After"), NULL), >, 0);
          g_assert_cmpstr (header_of (answer, "X-Shopify-Shop-Api-Call-Limit"), ==, "40/40");
          g_assert_nonnull (lookup (error, "errors"));
          limited++;
        }
      else
        {
          g_assert_cmpuint (status_of (answer), ==, 200);
          ok++;
        }
    }

  g_assert_cmpuint (limited, >=, 1);
  g_assert_cmpuint (ok, >=, 40);
  (void) data;
}

static void
test_shopify_webhook (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *secret = credential (fixture, "shopify", "api_secret");
  g_auto(Received) received = { 0 };
  g_autoptr(GHmac) hmac = NULL;
  g_autoptr(JsonNode) order = NULL;
  g_autofree char *expected = NULL, *path = NULL;
  g_autoptr(Answer) again = NULL;
  g_autoptr(JsonNode) again_json = NULL;
  guint8 digest[32];
  gsize length = sizeof digest;

  deliver (fixture, "shopify", "orders/create", &received);

  hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) secret, strlen (secret));
  g_hmac_update (hmac, (const guchar *) received.body, strlen (received.body));
  g_hmac_get_digest (hmac, digest, &length);
  expected = g_base64_encode (digest, length);
  g_assert_cmpstr (received.headers[1], ==, expected);
  g_assert_cmpstr (received.headers[2], ==, "orders/create");

  order = json_from_string (received.body, NULL);
  g_assert_nonnull (order);
  assert_string (order, "name", "#1013");
  assert_string (order, "currency", "SEK");

  path = g_strdup_printf ("orders/%" G_GINT64_FORMAT ".json", get_int (order, "id"));
  again = send (fixture, shopify_request (fixture, path));
  again_json = json_of (again);
  assert_string (again_json, "order.name", "#1013");
  (void) data;
}

/* ------------------------------------------------------------------------------------ */
/* Fortnox */

/* RFC 7636, appendix B. */
#define VERIFIER "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
#define CHALLENGE "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
#define REDIRECT_URI "http://127.0.0.1:51004/callback"

static char *
authorize_url (Fixture    *fixture,
               const char *client_id,
               const char *redirect_uri,
               const char *extra)
{
  g_autofree char *escaped = g_uri_escape_string (redirect_uri, NULL, FALSE);
  const char *url = sb_imitations_get_authorize_url (fixture->imitations, "fortnox");

  g_assert_nonnull (url);
  return g_strdup_printf ("%s?client_id=%s&redirect_uri=%s&scope=companyinformation%%20customer"
                          "%%20invoice&state=st4te-42&access_type=offline&response_type=code"
                          "%s", url, client_id, escaped, extra);
}

/* The query of the redirect the authorize endpoint answers with. */
static GHashTable *
follow_authorize (Fixture    *fixture,
                  const char *url)
{
  SoupMessage *msg = soup_message_new ("GET", url);
  g_autoptr(Answer) answer = NULL;
  const char *location;
  g_autoptr(GUri) uri = NULL;

  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  answer = send (fixture, msg);
  g_assert_cmpuint (status_of (answer), ==, 302);
  location = header_of (answer, "Location");
  g_assert_true (g_str_has_prefix (location, REDIRECT_URI "?"));
  uri = g_uri_parse (location, G_URI_FLAGS_NONE, NULL);
  return soup_form_decode (g_uri_get_query (uri));
}

static char *
fortnox_code (Fixture    *fixture,
              const char *extra)
{
  g_autofree char *url = NULL;
  g_autoptr(GHashTable) query = NULL;

  url = authorize_url (fixture, credential (fixture, "fortnox", "client_id"), REDIRECT_URI,
                       extra);
  query = follow_authorize (fixture, url);
  g_assert_cmpstr (g_hash_table_lookup (query, "state"), ==, "st4te-42");
  g_assert_nonnull (g_hash_table_lookup (query, "code"));
  return g_strdup (g_hash_table_lookup (query, "code"));
}

static Answer *
fortnox_token (Fixture    *fixture,
               const char *client_secret,
               const char *form)
{
  const char *url = sb_imitations_get_token_url (fixture->imitations, "fortnox");
  SoupMessage *msg = soup_message_new ("POST", url);

  set_basic (msg, credential (fixture, "fortnox", "client_id"),
             client_secret != NULL ? client_secret
                                   : credential (fixture, "fortnox", "client_secret"));
  set_body (msg, "application/x-www-form-urlencoded", form);
  return send (fixture, msg);
}

static Answer *
fortnox_code_token (Fixture    *fixture,
                    const char *code,
                    const char *verifier)
{
  g_autofree char *form = NULL;
  g_autofree char *escaped = g_uri_escape_string (REDIRECT_URI, NULL, FALSE);

  form = g_strdup_printf ("grant_type=authorization_code&code=%s&redirect_uri=%s%s%s", code,
                          escaped, verifier != NULL ? "&code_verifier=" : "",
                          verifier != NULL ? verifier : "");
  return fortnox_token (fixture, NULL, form);
}

static void
assert_oauth_error (Answer     *answer,
                    guint       status,
                    const char *error)
{
  g_autoptr(JsonNode) json = json_of (answer);

  g_assert_cmpuint (status_of (answer), ==, status);
  assert_string (json, "error", error);
}

/* Signs in with PKCE and returns the token answer. */
static JsonNode *
fortnox_sign_in (Fixture *fixture)
{
  g_autofree char *code = fortnox_code (fixture, "&code_challenge=" CHALLENGE
                                                 "&code_challenge_method=S256&approve=1");
  g_autoptr(Answer) answer = fortnox_code_token (fixture, code, VERIFIER);

  g_assert_cmpuint (status_of (answer), ==, 200);
  return json_of (answer);
}

static SoupMessage *
fortnox_request (Fixture    *fixture,
                 const char *method,
                 const char *path,
                 const char *token)
{
  SoupMessage *msg = request (fixture, "fortnox", method, path);

  set_bearer (msg, token);
  set_header (msg, "Accept", "application/json");
  return msg;
}

static void
test_fortnox_authorize (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *client_id = credential (fixture, "fortnox", "client_id");
  g_autofree char *page_url = authorize_url (fixture, client_id, REDIRECT_URI,
                                             "&code_challenge=" CHALLENGE
                                             "&code_challenge_method=S256");
  g_autofree char *page = NULL, *denied_url = NULL, *stranger_url = NULL, *elsewhere = NULL;
  g_autoptr(Answer) shown = NULL, stranger = NULL, away = NULL;
  g_autoptr(GHashTable) denied = NULL, plain = NULL;
  SoupMessage *msg;

  /* Without approval: a page to approve on, whose link carries approve=1. */
  msg = soup_message_new ("GET", page_url);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  shown = send (fixture, msg);
  g_assert_cmpuint (status_of (shown), ==, 200);
  g_assert_true (g_str_has_prefix (header_of (shown, "Content-Type"), "text/html"));
  page = text_of (shown);
  g_assert_nonnull (strstr (page, "approve=1"));
  g_assert_nonnull (strstr (page, "approve=0"));

  /* Denied: back with error=access_denied and the state. */
  denied_url = authorize_url (fixture, client_id, REDIRECT_URI, "&approve=0");
  denied = follow_authorize (fixture, denied_url);
  g_assert_cmpstr (g_hash_table_lookup (denied, "error"), ==, "access_denied");
  g_assert_cmpstr (g_hash_table_lookup (denied, "state"), ==, "st4te-42");
  g_assert_null (g_hash_table_lookup (denied, "code"));

  /* Only S256. */
  {
    g_autofree char *url = authorize_url (fixture, client_id, REDIRECT_URI,
                                          "&code_challenge=" CHALLENGE
                                          "&code_challenge_method=plain&approve=1");

    plain = follow_authorize (fixture, url);
    g_assert_cmpstr (g_hash_table_lookup (plain, "error"), ==, "invalid_request");
  }

  /* An unknown client or a redirect off the loopback is shown an error, not redirected. */
  stranger_url = authorize_url (fixture, "someone-else", REDIRECT_URI, "&approve=1");
  msg = soup_message_new ("GET", stranger_url);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  stranger = send (fixture, msg);
  g_assert_cmpuint (status_of (stranger), ==, 400);
  g_assert_null (header_of (stranger, "Location"));

  elsewhere = authorize_url (fixture, client_id, "https://evil.example/callback", "&approve=1");
  msg = soup_message_new ("GET", elsewhere);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  away = send (fixture, msg);
  g_assert_cmpuint (status_of (away), ==, 400);
  g_assert_null (header_of (away, "Location"));

  /* With auto-approval the page is skipped. */
  sb_imitations_set_auto_approve (fixture->imitations, TRUE);
  {
    g_autofree char *code = fortnox_code (fixture, "");

    g_assert_cmpuint (strlen (code), >=, 16);
  }
  (void) data;
}

static void
test_fortnox_pkce (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *code = NULL;
  g_autoptr(Answer) wrong = NULL, reused = NULL, missing = NULL, bad_client = NULL;
  g_autoptr(Answer) other_redirect = NULL, plain_code = NULL;
  g_autoptr(JsonNode) tokens = NULL;
  const char *pkce = "&code_challenge=" CHALLENGE "&code_challenge_method=S256&approve=1";

  /* A wrong verifier is refused, and the code is spent by the try. */
  code = fortnox_code (fixture, pkce);
  wrong = fortnox_code_token (fixture, code, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  assert_oauth_error (wrong, 400, "invalid_grant");
  reused = fortnox_code_token (fixture, code, VERIFIER);
  assert_oauth_error (reused, 400, "invalid_grant");

  /* No verifier where a challenge was given. */
  g_clear_pointer (&code, g_free);
  code = fortnox_code (fixture, pkce);
  missing = fortnox_code_token (fixture, code, NULL);
  assert_oauth_error (missing, 400, "invalid_request");

  /* The client must authenticate. */
  g_clear_pointer (&code, g_free);
  code = fortnox_code (fixture, pkce);
  {
    g_autofree char *form = g_strdup_printf ("grant_type=authorization_code&code=%s"
                                             "&redirect_uri=%s&code_verifier=%s", code,
                                             REDIRECT_URI, VERIFIER);

    bad_client = fortnox_token (fixture, "not-the-secret", form);
    assert_oauth_error (bad_client, 401, "invalid_client");
  }

  /* redirect_uri must be the one of the authorization request. */
  g_clear_pointer (&code, g_free);
  code = fortnox_code (fixture, pkce);
  {
    g_autofree char *form = g_strdup_printf ("grant_type=authorization_code&code=%s"
                                             "&redirect_uri=http%%3A%%2F%%2F127.0.0.1%%3A9%%2Fx"
                                             "&code_verifier=%s", code, VERIFIER);

    other_redirect = fortnox_token (fixture, NULL, form);
    assert_oauth_error (other_redirect, 400, "invalid_grant");
  }

  /* RFC 7636's own pair passes; the answer is Fortnox's. */
  tokens = fortnox_sign_in (fixture);
  g_assert_nonnull (dup_string (tokens, "access_token"));
  g_assert_cmpuint (strlen (dup_string (tokens, "refresh_token")), ==, 36);
  assert_string (tokens, "token_type", "bearer");
  assert_string (tokens, "scope", "companyinformation customer invoice");
  g_assert_cmpint (get_int (tokens, "expires_in"), ==, 3600);

  /* Without a challenge, no verifier is asked for (as in Fortnox). */
  g_clear_pointer (&code, g_free);
  code = fortnox_code (fixture, "&approve=1");
  plain_code = fortnox_code_token (fixture, code, NULL);
  g_assert_cmpuint (status_of (plain_code), ==, 200);
  (void) data;
}

static void
test_fortnox_refresh (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(JsonNode) first = fortnox_sign_in (fixture);
  g_autofree char *refresh = dup_string (first, "refresh_token");
  g_autofree char *form = g_strdup_printf ("grant_type=refresh_token&refresh_token=%s",
                                           refresh);
  g_autoptr(Answer) rotated = fortnox_token (fixture, NULL, form);
  g_autoptr(JsonNode) second = json_of (rotated);
  g_autofree char *next = dup_string (second, "refresh_token");
  g_autofree char *next_form = g_strdup_printf ("grant_type=refresh_token&refresh_token=%s",
                                                next);
  g_autofree char *seed_form = NULL, *access = NULL;
  g_autoptr(Answer) reused = NULL, next_used = NULL, seed = NULL, seed_again = NULL;
  g_autoptr(Answer) api = NULL;
  g_autoptr(JsonNode) reused_json = NULL;

  g_assert_cmpuint (status_of (rotated), ==, 200);
  g_assert_cmpstr (next, !=, refresh);
  assert_string (second, "scope", "companyinformation customer invoice");

  /* The old refresh token is spent. */
  reused = fortnox_token (fixture, NULL, form);
  g_assert_cmpuint (status_of (reused), ==, 400);
  reused_json = json_of (reused);
  assert_string (reused_json, "error", "invalid_grant");
  assert_string (reused_json, "error_description", "Invalid refresh token");

  /* Its successor works, and the new access token reaches the API. */
  next_used = fortnox_token (fixture, NULL, next_form);
  g_assert_cmpuint (status_of (next_used), ==, 200);
  access = dup_string (second, "access_token");
  api = send (fixture, fortnox_request (fixture, "GET", "/3/companyinformation", access));
  g_assert_cmpuint (status_of (api), ==, 200);

  /* The refresh token issued to the demo works once, like any other. */
  seed_form = g_strdup_printf ("grant_type=refresh_token&refresh_token=%s",
                               credential (fixture, "fortnox", "refresh_token"));
  seed = fortnox_token (fixture, NULL, seed_form);
  g_assert_cmpuint (status_of (seed), ==, 200);
  seed_again = fortnox_token (fixture, NULL, seed_form);
  g_assert_cmpuint (status_of (seed_again), ==, 400);
  (void) data;
}

static void
test_fortnox_api (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(JsonNode) tokens = fortnox_sign_in (fixture);
  g_autofree char *token = dup_string (tokens, "access_token");
  g_autoptr(GPtrArray) numbers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(Answer) info = send (fixture, fortnox_request (fixture, "GET",
                                                           "/3/companyinformation", token));
  g_autoptr(JsonNode) info_json = json_of (info);
  guint page = 1, pages = 1;

  g_assert_cmpuint (status_of (info), ==, 200);
  assert_string (info_json, "CompanyInformation.CompanyName", "Demo IF");

  /* Customers 1001-1042, page by page. */
  while (page <= pages)
    {
      g_autofree char *path = g_strdup_printf ("/3/customers?limit=10&page=%u", page);
      g_autoptr(Answer) answer = send (fixture, fortnox_request (fixture, "GET", path, token));
      g_autoptr(JsonNode) list = json_of (answer);
      guint n = get_length (list, "Customers");

      g_assert_cmpuint (status_of (answer), ==, 200);
      g_assert_cmpint (get_int (list, "MetaInformation.@TotalResources"), ==, 42);
      g_assert_cmpint (get_int (list, "MetaInformation.@CurrentPage"), ==, page);
      pages = get_int (list, "MetaInformation.@TotalPages");
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *number_path = g_strdup_printf ("Customers[%u].CustomerNumber", i);
          g_autofree char *url_path = g_strdup_printf ("Customers[%u].@url", i);
          g_autofree char *number = dup_string (list, number_path);
          g_autofree char *url = dup_string (list, url_path);

          g_assert_true (g_str_has_suffix (url, number));
          g_ptr_array_add (numbers, g_steal_pointer (&number));
        }
      page++;
    }
  g_assert_cmpuint (pages, ==, 5);
  g_assert_cmpuint (numbers->len, ==, 42);
  g_assert_cmpstr (g_ptr_array_index (numbers, 0), ==, "1001");
  g_assert_cmpstr (g_ptr_array_index (numbers, 41), ==, "1042");

  {
    g_autoptr(Answer) too_many = send (fixture, fortnox_request (fixture, "GET",
                                                                 "/3/customers?limit=501",
                                                                 token));
    g_autoptr(JsonNode) error = json_of (too_many);

    g_assert_cmpuint (status_of (too_many), ==, 400);
    g_assert_cmpint (get_int (error, "ErrorInformation.code"), ==, 2000588);
  }

  /* A new customer takes the next number; a used number is refused. */
  {
    SoupMessage *msg = fortnox_request (fixture, "POST", "/3/customers", token);
    g_autoptr(Answer) created = NULL, taken = NULL, wrong_type = NULL, broken = NULL;
    g_autoptr(JsonNode) created_json = NULL, taken_json = NULL, type_json = NULL;
    g_autoptr(JsonNode) broken_json = NULL;

    set_body (msg, "application/json",
              "{\"Customer\": {\"Name\": \"Elsa Holmberg\", \"Type\": \"PRIVATE\"}}");
    created = send (fixture, msg);
    g_assert_cmpuint (status_of (created), ==, 201);
    created_json = json_of (created);
    assert_string (created_json, "Customer.CustomerNumber", "1043");
    assert_string (created_json, "Customer.Name", "Elsa Holmberg");
    g_assert_nonnull (lookup (created_json, "Customer.@url"));

    msg = fortnox_request (fixture, "POST", "/3/customers", token);
    set_body (msg, "application/json",
              "{\"Customer\": {\"Name\": \"Omar Karimi\", \"CustomerNumber\": \"1001\"}}");
    taken = send (fixture, msg);
    g_assert_cmpuint (status_of (taken), ==, 400);
    taken_json = json_of (taken);
    g_assert_cmpint (get_int (taken_json, "ErrorInformation.code"), ==, 2000637);
    g_assert_cmpint (get_int (taken_json, "ErrorInformation.error"), ==, 1);

    msg = fortnox_request (fixture, "POST", "/3/customers", token);
    set_body (msg, "text/plain", "{\"Customer\": {\"Name\": \"Omar Karimi\"}}");
    wrong_type = send (fixture, msg);
    g_assert_cmpuint (status_of (wrong_type), ==, 400);
    type_json = json_of (wrong_type);
    g_assert_cmpint (get_int (type_json, "ErrorInformation.code"), ==, 1000031);

    msg = fortnox_request (fixture, "POST", "/3/customers", token);
    set_body (msg, "application/json", "{\"Customer\": {\"Name\": ");
    broken = send (fixture, msg);
    g_assert_cmpuint (status_of (broken), ==, 400);
    broken_json = json_of (broken);
    g_assert_cmpint (get_int (broken_json, "ErrorInformation.code"), ==, 2002115);
  }

  /* The fee invoice, priced from the payment's metadata as text. */
  {
    SoupMessage *msg = fortnox_request (fixture, "POST", "/3/invoices", token);
    g_autoptr(Answer) created = NULL, unknown = NULL, unpaid = NULL;
    g_autoptr(JsonNode) invoice = NULL, error = NULL, list = NULL;
    gboolean found = FALSE;

    set_body (msg, "application/json",
              "{\"Invoice\": {\"CustomerNumber\": \"1042\", \"InvoiceRows\": [{\"ArticleNumber"
              "\": \"AVG2024\", \"DeliveredQuantity\": 1, \"Price\": \"600\"}]}}");
    created = send (fixture, msg);
    g_assert_cmpuint (status_of (created), ==, 201);
    invoice = json_of (created);
    assert_string (invoice, "Invoice.DocumentNumber", "2051");
    assert_string (invoice, "Invoice.CustomerName", "Mohammed Ali");
    g_assert_cmpfloat (json_node_get_double (lookup (invoice, "Invoice.Total")), ==, 600);
    g_assert_cmpfloat (json_node_get_double (lookup (invoice, "Invoice.Balance")), ==, 600);
    g_assert_false (get_bool (invoice, "Invoice.Booked"));

    msg = fortnox_request (fixture, "POST", "/3/invoices", token);
    set_body (msg, "application/json", "{\"Invoice\": {\"CustomerNumber\": \"1099\"}}");
    unknown = send (fixture, msg);
    g_assert_cmpuint (status_of (unknown), ==, 400);
    error = json_of (unknown);
    g_assert_nonnull (dup_string (error, "ErrorInformation.message"));

    unpaid = send (fixture, fortnox_request (fixture, "GET", "/3/invoices?filter=unpaid",
                                             token));
    list = json_of (unpaid);
    for (guint i = 0; i < get_length (list, "Invoices"); i++)
      {
        g_autofree char *path = g_strdup_printf ("Invoices[%u].DocumentNumber", i);
        g_autofree char *number = dup_string (list, path);

        g_assert_cmpstr (number, !=, "2045");
        found = found || g_str_equal (number, "2051");
      }
    g_assert_true (found);
  }
  (void) data;
}

static void
test_fortnox_bearer (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(Answer) none = send (fixture, request (fixture, "fortnox", "GET",
                                                   "/3/companyinformation"));
  g_autoptr(JsonNode) none_json = json_of (none);
  g_autoptr(Answer) forged = send (fixture, fortnox_request (fixture, "GET",
                                                             "/3/companyinformation",
                                                             "eyJhbGciOiJIUzI1NiJ9.e30.abc"));
  g_autoptr(JsonNode) forged_json = json_of (forged);
  g_autoptr(Answer) expired = NULL, limited = NULL, other = NULL;
  g_autoptr(JsonNode) tokens = NULL, short_lived = NULL, limited_json = NULL;
  g_autofree char *token = NULL, *short_token = NULL, *other_token = NULL;

  g_assert_cmpuint (status_of (none), ==, 401);
  assert_string (none_json, "ErrorInformation.message",
                 "Kan inte logga in, access-token eller client-secret saknas.");
  g_assert_cmpuint (status_of (forged), ==, 401);
  g_assert_cmpint (get_int (forged_json, "ErrorInformation.code"), ==, 2000311);

  /* A token past its lifetime is refused as such. */
  sb_imitations_set_token_lifetime (fixture->imitations, "fortnox", 0);
  short_lived = fortnox_sign_in (fixture);
  short_token = dup_string (short_lived, "access_token");
  expired = send (fixture, fortnox_request (fixture, "GET", "/3/companyinformation",
                                            short_token));
  g_assert_cmpuint (status_of (expired), ==, 401);
  g_assert_nonnull (strstr (header_of (expired, "WWW-Authenticate"), "invalid_token"));
  sb_imitations_set_token_lifetime (fixture->imitations, "fortnox", 3600);

  /* 25 requests per 5 seconds per token; another token has its own allowance. */
  tokens = fortnox_sign_in (fixture);
  token = dup_string (tokens, "access_token");
  for (guint i = 0; i < 25; i++)
    {
      g_autoptr(Answer) answer = send (fixture, fortnox_request (fixture, "GET",
                                                                 "/3/companyinformation",
                                                                 token));

      g_assert_cmpuint (status_of (answer), ==, 200);
    }
  limited = send (fixture, fortnox_request (fixture, "GET", "/3/companyinformation", token));
  g_assert_cmpuint (status_of (limited), ==, 429);
  limited_json = json_of (limited);
  g_assert_nonnull (lookup (limited_json, "ErrorInformation.message"));

  {
    g_autoptr(JsonNode) more = fortnox_sign_in (fixture);

    other_token = dup_string (more, "access_token");
  }
  other = send (fixture, fortnox_request (fixture, "GET", "/3/companyinformation",
                                          other_token));
  g_assert_cmpuint (status_of (other), ==, 200);
  (void) data;
}

/* ------------------------------------------------------------------------------------ */
/* Klarna */

#define KLARNA_ORDER "/ordermanagement/v1/orders/0b1d9815-165e-42e2-8867-35bc03789e00"

static SoupMessage *
klarna_request (Fixture    *fixture,
                const char *method,
                const char *path,
                const char *json)
{
  SoupMessage *msg = request (fixture, "klarna", method, path);

  set_basic (msg, credential (fixture, "klarna", "username"),
             credential (fixture, "klarna", "password"));
  if (json != NULL)
    set_body (msg, "application/json", json);
  return msg;
}

static void
assert_klarna_error (Answer     *answer,
                     guint       status,
                     const char *code)
{
  g_autoptr(JsonNode) error = json_of (answer);

  g_assert_cmpuint (status_of (answer), ==, status);
  assert_string (error, "error_code", code);
  g_assert_cmpuint (get_length (error, "error_messages"), >=, 1);
  g_assert_nonnull (dup_string (error, "correlation_id"));
}

static void
test_klarna_orders (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(Answer) good = send (fixture, klarna_request (fixture, "GET", KLARNA_ORDER, NULL));
  g_autoptr(JsonNode) order = json_of (good);
  g_autoptr(Answer) wrong = NULL, missing = NULL;
  SoupMessage *msg;

  g_assert_cmpuint (status_of (good), ==, 200);
  assert_string (order, "order_id", "0b1d9815-165e-42e2-8867-35bc03789e00");
  assert_string (order, "status", "AUTHORIZED");
  assert_string (order, "purchase_currency", "SEK");
  g_assert_cmpint (get_int (order, "order_amount"), ==, 618800);
  g_assert_cmpint (get_int (order, "remaining_authorized_amount"), ==, 618800);
  g_assert_cmpuint (get_length (order, "order_lines"), ==, 2);
  g_assert_cmpstr (header_of (good, "X-Ratelimit-Limit"), ==, "50, 50;w=1");
  g_assert_nonnull (header_of (good, "X-Ratelimit-Remaining"));
  g_assert_nonnull (header_of (good, "X-Ratelimit-Reset"));

  msg = request (fixture, "klarna", "GET", KLARNA_ORDER);
  set_basic (msg, credential (fixture, "klarna", "username"), "klarna_test_api_wrong");
  wrong = send (fixture, msg);
  assert_klarna_error (wrong, 401, "UNAUTHORIZED");

  /* The connection test asks for an order that does not exist. */
  missing = send (fixture, klarna_request (fixture, "GET",
                                           "/ordermanagement/v1/orders/samband-connection-test",
                                           NULL));
  assert_klarna_error (missing, 404, "NO_SUCH_ORDER");
  (void) data;
}

static void
test_klarna_captures (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(Answer) first = NULL, again = NULL, after = NULL, list = NULL, too_much = NULL;
  g_autoptr(Answer) not_number = NULL, cancel = NULL, refund = NULL, refund_too_much = NULL;
  g_autoptr(Answer) cancelled = NULL, capture_cancelled = NULL, acknowledged = NULL;
  g_autoptr(JsonNode) after_json = NULL, list_json = NULL;
  g_autofree char *capture_id = NULL, *location = NULL;
  SoupMessage *msg;

  msg = klarna_request (fixture, "POST", KLARNA_ORDER "/captures",
                        "{\"captured_amount\": 499000, \"description\": \"Skrivbordet\"}");
  set_header (msg, "Klarna-Idempotency-Key", "0f8fad5b-d9cb-469f-a165-70867728950e");
  first = send (fixture, msg);
  g_assert_cmpuint (status_of (first), ==, 201);
  g_assert_cmpuint (g_bytes_get_size (first->body), ==, 0);
  capture_id = g_strdup (header_of (first, "Capture-Id"));
  g_assert_nonnull (capture_id);
  location = g_strdup (header_of (first, "Location"));
  g_assert_true (g_str_has_suffix (location, capture_id));

  /* Only the key matters: the same key with another body is the same capture. */
  msg = klarna_request (fixture, "POST", KLARNA_ORDER "/captures",
                        "{\"captured_amount\": 1000}");
  set_header (msg, "Klarna-Idempotency-Key", "0f8fad5b-d9cb-469f-a165-70867728950e");
  again = send (fixture, msg);
  g_assert_cmpuint (status_of (again), ==, 201);
  g_assert_cmpstr (header_of (again, "Capture-Id"), ==, capture_id);

  after = send (fixture, klarna_request (fixture, "GET", KLARNA_ORDER, NULL));
  after_json = json_of (after);
  assert_string (after_json, "status", "PART_CAPTURED");
  g_assert_cmpint (get_int (after_json, "captured_amount"), ==, 499000);
  g_assert_cmpint (get_int (after_json, "remaining_authorized_amount"), ==, 119800);

  list = send (fixture, klarna_request (fixture, "GET", KLARNA_ORDER "/captures", NULL));
  list_json = json_of (list);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list_json)), ==, 1);

  too_much = send (fixture, klarna_request (fixture, "POST", KLARNA_ORDER "/captures",
                                            "{\"captured_amount\": 200000}"));
  assert_klarna_error (too_much, 403, "CAPTURE_NOT_ALLOWED");
  not_number = send (fixture, klarna_request (fixture, "POST", KLARNA_ORDER "/captures",
                                              "{\"captured_amount\": \"119800\"}"));
  assert_klarna_error (not_number, 400, "BAD_VALUE");
  cancel = send (fixture, klarna_request (fixture, "POST", KLARNA_ORDER "/cancel", NULL));
  assert_klarna_error (cancel, 403, "CANCEL_NOT_ALLOWED");

  refund = send (fixture, klarna_request (fixture, "POST", KLARNA_ORDER "/refunds",
                                          "{\"refunded_amount\": 59900}"));
  g_assert_cmpuint (status_of (refund), ==, 201);
  g_assert_nonnull (header_of (refund, "Refund-Id"));
  refund_too_much = send (fixture, klarna_request (fixture, "POST", KLARNA_ORDER "/refunds",
                                                   "{\"refunded_amount\": 499000}"));
  assert_klarna_error (refund_too_much, 403, "REFUND_NOT_ALLOWED");

  /* An order without captures can be cancelled, and then not captured. */
  cancelled = send (fixture,
                    klarna_request (fixture, "POST", "/ordermanagement/v1/orders/5c5d3b8e-7f1a-"
                                                     "4a3c-9f0e-2d8b6a4c1e77/cancel", NULL));
  g_assert_cmpuint (status_of (cancelled), ==, 204);
  capture_cancelled = send (fixture,
                            klarna_request (fixture, "POST", "/ordermanagement/v1/orders/5c5d3b8"
                                                             "e-7f1a-4a3c-9f0e-2d8b6a4c1e77/capt"
                                                             "ures",
                                            "{\"captured_amount\": 100}"));
  assert_klarna_error (capture_cancelled, 403, "CAPTURE_NOT_ALLOWED");
  acknowledged = send (fixture, klarna_request (fixture, "POST", KLARNA_ORDER "/acknowledge",
                                                NULL));
  g_assert_cmpuint (status_of (acknowledged), ==, 204);
  (void) data;
}

/* ------------------------------------------------------------------------------------ */
/* 24SevenOffice */

#define SO_NS "http://24sevenOffice.com/webservices"
#define AUTHENTICATE "/authenticate/v001/authenticate.asmx"
#define COMPANY_SERVICE "/CRM/Company/V001/CompanyService.asmx"

/* A SOAP 1.1 call as the connector sends it. */
static SoupMessage *
soap_request (Fixture    *fixture,
              const char *path,
              const char *operation,
              const char *inner,
              const char *session)
{
  SoupMessage *msg = request (fixture, "24sevenoffice", "POST", path);
  g_autofree char *action = g_strdup_printf ("\"" SO_NS "/%s\"", operation);
  g_autofree char *envelope =
    g_strdup_printf ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                     "<soap:Envelope xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
                     "    xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"\n"
                     "    xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">\n"
                     "  <soap:Body>\n    <%s xmlns=\"" SO_NS "\">%s</%s>\n  </soap:Body>\n"
                     "</soap:Envelope>\n", operation, inner, operation);

  set_header (msg, "SOAPAction", action);
  set_body (msg, "text/xml; charset=utf-8", envelope);
  if (session != NULL)
    {
      g_autofree char *cookie = g_strdup_printf ("ASP.NET_SessionId=%s", session);

      set_header (msg, "Cookie", cookie);
    }
  return msg;
}

/* The text of the first <@element> of the answer, or NULL. */
static char *
xml_text (Answer     *answer,
          const char *element)
{
  g_autofree char *text = text_of (answer);
  g_autofree char *pattern = g_strdup_printf ("<%s>([^<]*)</%s>", element, element);
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GRegex) regex = g_regex_new (pattern, 0, 0, NULL);

  if (!g_regex_match (regex, text, 0, &match))
    return NULL;
  return g_match_info_fetch (match, 1);
}

static void
assert_xml_text (Answer     *answer,
                 const char *element,
                 const char *expected)
{
  g_autofree char *value = xml_text (answer, element);

  g_assert_cmpstr (value, ==, expected);
}

static guint
count_elements (Answer     *answer,
                const char *element)
{
  g_autofree char *text = text_of (answer);
  g_autofree char *open = g_strdup_printf ("<%s>", element);
  guint count = 0;

  for (const char *p = strstr (text, open); p != NULL; p = strstr (p + 1, open))
    count++;
  return count;
}

static char *
so_login (Fixture    *fixture,
          const char *password,
          Answer    **answer_out)
{
  g_autofree char *inner =
    g_strdup_printf ("<credential><ApplicationId>%s</ApplicationId><Username>%s</Username>"
                     "<Password>%s</Password></credential>",
                     credential (fixture, "24sevenoffice", "application_id"),
                     credential (fixture, "24sevenoffice", "username"), password);
  Answer *answer = send (fixture, soap_request (fixture, AUTHENTICATE, "Login", inner, NULL));
  char *session = NULL;

  g_assert_cmpuint (status_of (answer), ==, 200);
  g_assert_true (g_str_has_prefix (header_of (answer, "Content-Type"), "text/xml"));
  session = xml_text (answer, "LoginResult");
  if (answer_out != NULL)
    *answer_out = answer;
  else
    answer_free (answer);
  return session;
}

static gboolean
so_has_session (Fixture    *fixture,
                const char *session)
{
  g_autoptr(Answer) answer = send (fixture, soap_request (fixture, AUTHENTICATE, "HasSession",
                                                          "", session));
  g_autofree char *result = NULL;

  g_assert_cmpuint (status_of (answer), ==, 200);
  result = xml_text (answer, "HasSessionResult");
  g_assert_nonnull (result);
  return g_str_equal (result, "true");
}

static void
assert_soap_fault (Answer     *answer,
                   const char *contains)
{
  g_autofree char *faultstring = xml_text (answer, "faultstring");
  g_autofree char *faultcode = xml_text (answer, "faultcode");

  g_assert_cmpuint (status_of (answer), >=, 400);
  g_assert_true (body_contains (answer, "<soap:Fault>"));

  g_assert_nonnull (faultcode);
  g_assert_nonnull (faultstring);
  if (contains != NULL)
    g_assert_nonnull (strstr (faultstring, contains));
}

static void
test_24so_session (Fixture       *fixture,
                   gconstpointer  data)
{
  Answer *login_answer = NULL;
  g_autofree char *session = so_login (fixture, credential (fixture, "24sevenoffice",
                                                            "password"), &login_answer);
  g_autoptr(Answer) logged_in = login_answer;
  g_autofree char *wrong = NULL, *expected_cookie = NULL;
  g_autoptr(Answer) wrong_answer = NULL, bad_guid = NULL, no_session = NULL, wrong_action = NULL;
  g_autoptr(Answer) broken = NULL, soap12 = NULL, identities = NULL;
  const char *cookie;
  SoupMessage *msg;

  g_assert_nonnull (session);
  g_assert_cmpuint (strlen (session), ==, 24);
  cookie = header_of (logged_in, "Set-Cookie");
  expected_cookie = g_strdup_printf ("ASP.NET_SessionId=%s;", session);
  g_assert_true (g_str_has_prefix (cookie, expected_cookie));

  g_assert_true (so_has_session (fixture, session));
  g_assert_false (so_has_session (fixture, NULL));
  g_assert_false (so_has_session (fixture, "nosuchsessionnosuchsessi"));

  /* Bad credentials: an empty result, no cookie. */
  wrong = so_login (fixture, "not-the-password", &wrong_answer);
  g_assert_null (wrong);
  g_assert_true (body_contains (wrong_answer, "<LoginResult />"));
  g_assert_null (header_of (wrong_answer, "Set-Cookie"));

  /* A malformed GUID is refused by the serializer, as a fault. */
  bad_guid = send (fixture,
                   soap_request (fixture, AUTHENTICATE, "Login",
                                 "<credential><ApplicationId>not-a-guid</ApplicationId>"
                                 "<Username>x</Username><Password>y</Password></credential>",
                                 NULL));
  assert_soap_fault (bad_guid, "Guid");

  /* Calls other than Login and HasSession need the cookie. */
  no_session = send (fixture, soap_request (fixture, AUTHENTICATE, "GetIdentities", "", NULL));
  g_assert_cmpuint (status_of (no_session), ==, 500);
  assert_soap_fault (no_session, "Not authenticated");

  identities = send (fixture, soap_request (fixture, AUTHENTICATE, "GetIdentities", "",
                                            session));
  g_assert_cmpuint (status_of (identities), ==, 200);
  g_assert_cmpuint (count_elements (identities, "Identity"), ==, 2);
  g_assert_true (body_contains (identities, "<Name>Demo AB</Name>"));

  /* The SOAPAction must name the operation. */
  msg = soap_request (fixture, AUTHENTICATE, "HasSession", "", session);
  set_header (msg, "SOAPAction", "\"" SO_NS "/Login\"");
  wrong_action = send (fixture, msg);
  assert_soap_fault (wrong_action, "SOAPAction");

  msg = request (fixture, "24sevenoffice", "POST", AUTHENTICATE);
  set_header (msg, "SOAPAction", "\"" SO_NS "/HasSession\"");
  set_body (msg, "text/xml", "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/en"
                             "velope/\"><soap:Body><HasSession>");
  broken = send (fixture, msg);
  assert_soap_fault (broken, NULL);

  /* SOAP 1.2: the action in the content type, the answer in 1.2's envelope. */
  msg = request (fixture, "24sevenoffice", "POST", "/Authenticate/V001/Authenticate.asmx");
  {
    g_autofree char *cookie_header = g_strdup_printf ("ASP.NET_SessionId=%s", session);

    set_header (msg, "Cookie", cookie_header);
  }
  set_body (msg, "application/soap+xml; charset=utf-8; action=\"" SO_NS "/HasSession\"",
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap12:Envelope xmlns:soap12=\"http://"
            "www.w3.org/2003/05/soap-envelope\"><soap12:Body><HasSession xmlns=\"" SO_NS "\" />"
            "</soap12:Body></soap12:Envelope>");
  soap12 = send (fixture, msg);
  g_assert_cmpuint (status_of (soap12), ==, 200);
  g_assert_true (g_str_has_prefix (header_of (soap12, "Content-Type"), "application/soap+xml"));
  assert_xml_text (soap12, "HasSessionResult", "true");
  (void) data;
}

static void
test_24so_companies (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *session = so_login (fixture, credential (fixture, "24sevenoffice",
                                                            "password"), NULL);
  const char *properties = "<returnProperties><string>Id</string><string>Name</string>"
                           "<string>EmailAddresses</string></returnProperties>";
  g_autofree char *all_inner = NULL, *changed_inner = NULL, *found_inner = NULL;
  g_autoptr(Answer) all = NULL, changed = NULL, saved = NULL, found = NULL, nameless = NULL;
  g_autoptr(Answer) switched = NULL, other_client = NULL;
  g_autofree char *new_id = NULL;

  /* Empty search elements, as a template leaves them, count as absent. */
  all_inner = g_strdup_printf ("<searchParams><CompanyId></CompanyId><CompanyName />"
                               "</searchParams>%s", properties);
  all = send (fixture, soap_request (fixture, COMPANY_SERVICE, "GetCompanies", all_inner,
                                     session));
  g_assert_cmpuint (status_of (all), ==, 200);
  g_assert_cmpuint (count_elements (all, "Company"), ==, 5);
  g_assert_true (body_contains (all, "<Name>Nordlys Bygg AB</Name>"));
  g_assert_true (body_contains (all, "<Value>faktura@nordlysbygg.example</Value>"));
  /* Only what was asked for. */
  g_assert_false (body_contains (all, "<OrganizationNumber>"));

  changed_inner = g_strdup_printf ("<searchParams><ChangedAfter>2024-05-01T00:00:00"
                                   "</ChangedAfter></searchParams>%s", properties);
  changed = send (fixture, soap_request (fixture, COMPANY_SERVICE, "GetCompanies",
                                         changed_inner, session));
  g_assert_cmpuint (count_elements (changed, "Company"), ==, 3);

  saved = send (fixture,
                soap_request (fixture, COMPANY_SERVICE, "SaveCompanies",
                              "<companies><Company><Id></Id><ExternalId>SHOP-9001</ExternalId>"
                              "<OrganizationNumber>556000-1111</OrganizationNumber>"
                              "<Name>Ny Kund &amp; Co AB</Name><Type>Business</Type></Company>"
                              "</companies>", session));
  g_assert_cmpuint (status_of (saved), ==, 200);
  new_id = xml_text (saved, "Id");
  g_assert_nonnull (new_id);
  g_assert_cmpint (atoi (new_id), >, 30116);
  g_assert_true (body_contains (saved, "<Name>Ny Kund &amp; Co AB</Name>"));
  g_assert_false (body_contains (saved, "<APIException>"));

  found_inner = g_strdup_printf ("<searchParams><CompanyId>%s</CompanyId></searchParams>"
                                 "<returnProperties><string>OrganizationNumber</string>"
                                 "</returnProperties>", new_id);
  found = send (fixture, soap_request (fixture, COMPANY_SERVICE, "GetCompanies", found_inner,
                                       session));
  g_assert_cmpuint (count_elements (found, "Company"), ==, 1);
  assert_xml_text (found, "OrganizationNumber", "556000-1111");

  /* A company without a name: the error is in the company's APIException. */
  nameless = send (fixture, soap_request (fixture, COMPANY_SERVICE, "SaveCompanies",
                                          "<companies><Company><Type>Business</Type></Company>"
                                          "</companies>", session));
  g_assert_cmpuint (status_of (nameless), ==, 200);
  g_assert_true (body_contains (nameless, "<APIException>"));
  assert_xml_text (nameless, "Type", "Exception");

  /* Another identity sees another client's customers. */
  switched = send (fixture, soap_request (fixture, AUTHENTICATE, "SetIdentityById",
                                          "<identityId>c7a1d2e3-4f5b-4c6d-9e7f-8091a2b3c4d5"
                                          "</identityId>", session));
  assert_xml_text (switched, "SetIdentityByIdResult", "true");
  other_client = send (fixture, soap_request (fixture, COMPANY_SERVICE, "GetCompanies",
                                              all_inner, session));
  g_assert_cmpuint (count_elements (other_client, "Company"), ==, 1);
  g_assert_true (body_contains (other_client, "Konsultkunden AB"));
  (void) data;
}

/* ------------------------------------------------------------------------------------ */
/* IdrottOnline */

static SoupMessage *
io_request (Fixture    *fixture,
            const char *method,
            const char *path,
            const char *json)
{
  SoupMessage *msg = request (fixture, "idrottonline", method, path);

  set_basic (msg, credential (fixture, "idrottonline", "username"),
             credential (fixture, "idrottonline", "password"));
  set_header (msg, "x-svenskidrott-api-version", "1.0");
  if (json != NULL)
    set_body (msg, "application/json", json);
  return msg;
}

/* POSTs the report request and GETs the report, as the catalog's follow-up does. */
static JsonNode *
io_report (Fixture    *fixture,
           const char *report,
           const char *json,
           const char *query)
{
  g_autofree char *path = g_strconcat ("/exportservice/", report, NULL);
  g_autoptr(Answer) created = send (fixture, io_request (fixture, "POST", path, json));
  g_autoptr(JsonNode) created_json = json_of (created);
  g_autofree char *guid = dup_string (created_json, "ReportGuid");
  g_autofree char *result_path = NULL;
  g_autoptr(Answer) result = NULL;

  g_assert_cmpuint (status_of (created), ==, 200);
  g_assert_nonnull (guid);
  g_assert_cmpuint (strlen (guid), ==, 36);
  result_path = g_strdup_printf ("/exportservice/%s/%s%s", report, guid,
                                 query != NULL ? query : "");
  result = send (fixture, io_request (fixture, "GET", result_path, NULL));
  g_assert_cmpuint (status_of (result), ==, 200);
  return json_of (result);
}

static void
test_idrottonline_members (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *all_body = g_strdup_printf ("{\"SportIds\": [\"%s\"], \"OrganisationIds\": "
                                               "[\"%s\"], \"IncludeUnderlyingOrganisations\": "
                                               "true, \"Since\": \"\"}",
                                               credential (fixture, "idrottonline", "sport_id"),
                                               credential (fixture, "idrottonline",
                                                           "organisation_id"));
  g_autoptr(JsonNode) all = io_report (fixture, "personsinsport", all_body, NULL);
  g_autoptr(JsonNode) recent = NULL, cursor = NULL, page = NULL, last_page = NULL;
  g_autoptr(JsonNode) other_sport = NULL, groups = NULL, organisations = NULL;
  g_autoptr(Answer) missing = NULL, wrong = NULL, unknown = NULL, version = NULL;
  g_autoptr(JsonNode) missing_json = NULL, wrong_json = NULL, version_json = NULL;
  SoupMessage *msg;

  g_assert_true (JSON_NODE_HOLDS_ARRAY (all));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (all)), ==, 44);
  assert_string (all, "[0].FirstName", "Anna");
  assert_string (all, "[0].BirthDate", "1984-03-12");
  g_assert_cmpint (get_int (all, "[0].Memberships[0].OrganisationId"), ==, 19541);
  g_assert_false (get_bool (all, "[0].IsDeleted"));

  /* Changed since: a date, or the time of the last poll in UTC. */
  recent = io_report (fixture, "personsinsport",
                      "{\"SportIds\": [16], \"Since\": \"2024-05-01\"}", NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (recent)), ==, 2);
  assert_string (recent, "[0].FirstName", "Elsa");
  g_assert_cmpint (get_int (recent, "[1].PersonId"), ==, 4410301);
  cursor = io_report (fixture, "personsinsport",
                      "{\"SportIds\": [16], \"Since\": \"2024-05-06T13:00:00Z\"}", NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (cursor)), ==, 0);

  /* Pages of a report. */
  page = io_report (fixture, "personsinsport", "{\"SportIds\": [16]}", "?page=1&pageSize=10");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (page)), ==, 10);
  last_page = io_report (fixture, "personsinsport", "{\"SportIds\": [16]}",
                         "?page=5&pageSize=10");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (last_page)), ==, 4);

  other_sport = io_report (fixture, "personsinsport", "{\"SportIds\": [7]}", NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (other_sport)), ==, 0);

  groups = io_report (fixture, "groupsinsport", "{\"SportIds\": [16], \"GroupIds\": [88102]}",
                      NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (groups)), ==, 1);
  assert_string (groups, "[0].Name", "F13");

  /* The connection test's request. */
  organisations = io_report (fixture, "organisationsinsport",
                             "{\"SportIds\": [\"16\"], \"OrganisationIds\": [\"\"], \"IncludeU"
                             "nderlyingOrganisations\": false}", NULL);
  assert_string (organisations, "[0].DescribingName", "Demo IF");

  missing = send (fixture, io_request (fixture, "POST", "/exportservice/personsinsport",
                                       "{\"Since\": \"2024-05-01\"}"));
  g_assert_cmpuint (status_of (missing), ==, 400);
  missing_json = json_of (missing);
  g_assert_nonnull (lookup (missing_json, "ModelState"));

  msg = request (fixture, "idrottonline", "POST", "/exportservice/personsinsport");
  set_basic (msg, credential (fixture, "idrottonline", "username"), "wrong");
  set_body (msg, "application/json", "{\"SportIds\": [16]}");
  wrong = send (fixture, msg);
  g_assert_cmpuint (status_of (wrong), ==, 401);
  wrong_json = json_of (wrong);
  assert_string (wrong_json, "Message", "Authorization has been denied for this request.");

  unknown = send (fixture, io_request (fixture, "GET", "/exportservice/personsinsport/"
                                                       "00000000-0000-0000-0000-000000000000",
                                       NULL));
  g_assert_cmpuint (status_of (unknown), ==, 404);

  msg = io_request (fixture, "POST", "/exportservice/personsinsport", "{\"SportIds\": [16]}");
  set_header (msg, "x-svenskidrott-api-version", "3.0");
  version = send (fixture, msg);
  g_assert_cmpuint (status_of (version), ==, 400);
  version_json = json_of (version);
  assert_string (version_json, "error.code", "UnsupportedApiVersion");
  (void) data;
}

/* ------------------------------------------------------------------------------------ */
/* The generic HTTP API */

static void
test_http_items (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(Answer) index = send (fixture, request (fixture, "http", "GET", "/"));
  g_autoptr(JsonNode) index_json = json_of (index);
  g_autoptr(Answer) first = NULL, second = NULL, created = NULL, wrong = NULL, bearer = NULL;
  g_autoptr(Answer) plain = NULL, nothing = NULL, fetched = NULL;
  g_autoptr(JsonNode) first_json = NULL, second_json = NULL, created_json = NULL;
  g_autoptr(JsonNode) wrong_json = NULL, fetched_json = NULL;
  g_autofree char *next = NULL, *item_path = NULL;
  SoupMessage *msg;

  g_assert_cmpuint (status_of (index), ==, 200);
  g_assert_cmpuint (get_length (index_json, "collections"), ==, 2);

  first = send (fixture, request (fixture, "http", "GET", "/items?per_page=2"));
  first_json = json_of (first);
  g_assert_cmpuint (get_length (first_json, "data"), ==, 2);
  g_assert_cmpint (get_int (first_json, "total"), ==, 3);
  next = link_of (first, "next");
  g_assert_nonnull (next);
  second = send (fixture, soup_message_new ("GET", next));
  second_json = json_of (second);
  g_assert_cmpuint (get_length (second_json, "data"), ==, 1);
  g_assert_null (link_of (second, "next"));

  /* The API key, in the header the connector is told. */
  msg = request (fixture, "http", "POST", "/items");
  set_header (msg, credential (fixture, "http", "api_key_header"),
              credential (fixture, "http", "api_key"));
  set_body (msg, "application/json", "{\"name\": \"Vattenflaska\", \"price\": 89}");
  created = send (fixture, msg);
  g_assert_cmpuint (status_of (created), ==, 201);
  created_json = json_of (created);
  assert_string (created_json, "name", "Vattenflaska");
  g_assert_nonnull (dup_string (created_json, "created_at"));
  item_path = g_strdup_printf ("/items/%" G_GINT64_FORMAT, get_int (created_json, "id"));
  g_assert_true (g_str_has_suffix (header_of (created, "Location"), item_path));

  fetched = send (fixture, request (fixture, "http", "GET", item_path));
  fetched_json = json_of (fetched);
  g_assert_cmpint (get_int (fetched_json, "price"), ==, 89);

  msg = request (fixture, "http", "POST", "/items");
  set_header (msg, "X-API-Key", "sbk_wrong");
  set_body (msg, "application/json", "{\"name\": \"x\"}");
  wrong = send (fixture, msg);
  g_assert_cmpuint (status_of (wrong), ==, 401);
  wrong_json = json_of (wrong);
  assert_string (wrong_json, "error.code", "unauthorized");

  msg = request (fixture, "http", "GET", "/customers");
  set_bearer (msg, credential (fixture, "http", "api_key"));
  bearer = send (fixture, msg);
  g_assert_cmpuint (status_of (bearer), ==, 200);

  msg = request (fixture, "http", "POST", "/items");
  set_body (msg, "text/plain", "name=x");
  plain = send (fixture, msg);
  g_assert_cmpuint (status_of (plain), ==, 415);

  nothing = send (fixture, request (fixture, "http", "GET", "/items/999"));
  g_assert_cmpuint (status_of (nothing), ==, 404);
  (void) data;
}

static void
test_http_webhook (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_auto(Received) received = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(Answer) answer = NULL;
  g_autofree char *url = NULL, *expected = NULL;
  const char *secret = credential (fixture, "http", "webhook_secret");
  SoupMessage *msg;
  GSList *uris;

  soup_server_add_handler (server, "/hooks", receive_cb, &received, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d/hooks/t0ken", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  msg = sb_imitations_new_webhook_message (fixture->imitations, "http", url, NULL,
                                           "item.created");
  g_assert_cmpstr (credential (fixture, "http", "signature_header"), ==, "X-Signature");
  answer = send (fixture, msg);
  g_assert_cmpuint (status_of (answer), ==, 202);
  expected = g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) secret,
                                        strlen (secret), received.body, -1);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_request_headers (msg),
                                                 "X-Signature"), ==, expected);
  (void) data;
}

/* ------------------------------------------------------------------------------------ */
/* Faults */

typedef struct
{
  const char  *service;
  /* A request the service answers with 200 when it has no fault. */
  SoupMessage *(*good) (Fixture *fixture);
  /* Whether the answer has the service's own error shape. */
  gboolean     (*error_shaped) (Answer *answer);
} Service;

static char *fortnox_token_for_faults;

static SoupMessage *
good_stripe (Fixture *fixture)
{
  return stripe_request (fixture, "GET", "/v1/charges?limit=3");
}

static SoupMessage *
good_shopify (Fixture *fixture)
{
  return shopify_request (fixture, "orders.json?status=any");
}

static SoupMessage *
good_fortnox (Fixture *fixture)
{
  return fortnox_request (fixture, "GET", "/3/customers?limit=5", fortnox_token_for_faults);
}

static SoupMessage *
good_klarna (Fixture *fixture)
{
  return klarna_request (fixture, "GET", KLARNA_ORDER, NULL);
}

static SoupMessage *
good_24so (Fixture *fixture)
{
  return soap_request (fixture, AUTHENTICATE, "HasSession", "", NULL);
}

static SoupMessage *
good_idrottonline (Fixture *fixture)
{
  return io_request (fixture, "POST", "/exportservice/personsinsport", "{\"SportIds\": [16]}");
}

static SoupMessage *
good_http (Fixture *fixture)
{
  return request (fixture, "http", "GET", "/items");
}

static JsonNode *
try_json (Answer *answer)
{
  g_autofree char *text = text_of (answer);

  return is_json (answer) ? json_from_string (text, NULL) : NULL;
}

static gboolean
has_member (Answer     *answer,
            const char *path)
{
  g_autoptr(JsonNode) root = try_json (answer);
  g_autoptr(JsonNode) found = root != NULL ? lookup (root, path) : NULL;

  return found != NULL;
}

static gboolean
stripe_shaped (Answer *answer)
{
  return has_member (answer, "error.message") && has_member (answer, "error.type");
}

static gboolean
shopify_shaped (Answer *answer)
{
  return has_member (answer, "errors");
}

static gboolean
fortnox_shaped (Answer *answer)
{
  return has_member (answer, "ErrorInformation.message") &&
         has_member (answer, "ErrorInformation.code");
}

static gboolean
klarna_shaped (Answer *answer)
{
  return has_member (answer, "error_code") && has_member (answer, "error_messages") &&
         has_member (answer, "correlation_id");
}

static gboolean
soap_shaped (Answer *answer)
{
  g_autofree char *faultstring = xml_text (answer, "faultstring");

  return g_str_has_prefix (header_of (answer, "Content-Type"), "text/xml") &&
         body_contains (answer, "<soap:Fault>") && faultstring != NULL;
}

static gboolean
idrottonline_shaped (Answer *answer)
{
  return has_member (answer, "Message");
}

static gboolean
http_shaped (Answer *answer)
{
  return has_member (answer, "error.code") && has_member (answer, "error.message");
}

static const Service services[] = {
  { "stripe", good_stripe, stripe_shaped },
  { "shopify", good_shopify, shopify_shaped },
  { "fortnox", good_fortnox, fortnox_shaped },
  { "klarna", good_klarna, klarna_shaped },
  { "24sevenoffice", good_24so, soap_shaped },
  { "idrottonline", good_idrottonline, idrottonline_shaped },
  { "http", good_http, http_shaped },
};

static gboolean
parses (Answer   *answer,
        gboolean  soap)
{
  g_autofree char *text = text_of (answer);

  if (soap)
    {
      static const GMarkupParser parser = { NULL, NULL, NULL, NULL, NULL };
      g_autoptr(GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, NULL,
                                                                           NULL);

      return g_markup_parse_context_parse (context, text, -1, NULL) &&
             g_markup_parse_context_end_parse (context, NULL);
    }
  else
    {
      g_autoptr(JsonNode) root = json_from_string (text, NULL);

      return root != NULL;
    }
}

static void
check_fault (Fixture          *fixture,
             const Service    *service,
             SbImitationFault  fault)
{
  gboolean soap = g_str_equal (service->service, "24sevenoffice");
  g_autoptr(Answer) answer = NULL;
  const char *type;

  sb_imitations_set_fault (fixture->imitations, service->service, fault);
  answer = send (fixture, service->good (fixture));
  sb_imitations_set_fault (fixture->imitations, service->service, SB_IMITATION_FAULT_NONE);

  if (fault == SB_IMITATION_FAULT_RESET)
    {
      /* No status line at all. */
      g_assert_nonnull (answer->error);
      g_assert_cmpuint (soup_message_get_status (answer->msg), ==, 0);
      return;
    }

  type = soup_message_headers_get_content_type (soup_message_get_response_headers (answer->msg),
                                                NULL);
  switch (fault)
    {
    case SB_IMITATION_FAULT_RATE_LIMIT:
      g_assert_cmpuint (status_of (answer), ==, 429);
      g_assert_cmpfloat (g_ascii_strtod (header_of (answer, "Retry-After"), NULL), ==, 1.0);
      g_assert_true (service->error_shaped (answer));
      /* The service's own signals besides. */
      if (g_str_equal (service->service, "stripe"))
        g_assert_cmpstr (header_of (answer, "Stripe-Should-Retry"), ==, "true");
      else if (g_str_equal (service->service, "shopify"))
        g_assert_cmpstr (header_of (answer, "X-Shopify-Shop-Api-Call-Limit"), ==, "40/40");
      else if (g_str_equal (service->service, "klarna"))
        g_assert_cmpstr (header_of (answer, "X-Ratelimit-Remaining"), ==, "0");
      else if (g_str_equal (service->service, "http"))
        g_assert_cmpstr (header_of (answer, "RateLimit-Remaining"), ==, "0");
      break;

    case SB_IMITATION_FAULT_SERVER_ERROR:
      g_assert_cmpuint (status_of (answer), ==, 500);
      g_assert_true (service->error_shaped (answer));
      break;

    case SB_IMITATION_FAULT_BAD_JSON:
      g_assert_cmpuint (status_of (answer), ==, 200);
      g_assert_cmpstr (type, ==, soap ? "text/xml" : "application/json");
      g_assert_false (parses (answer, soap));
      break;

    case SB_IMITATION_FAULT_HUGE_BODY:
      g_assert_cmpuint (status_of (answer), ==, 200);
      g_assert_cmpuint (g_bytes_get_size (answer->body), >=, 12 * 1024 * 1024);
      g_assert_null (header_of (answer, "Content-Length"));
      g_assert_true (parses (answer, soap));
      break;

    case SB_IMITATION_FAULT_WRONG_CONTENT_TYPE:
      g_assert_cmpuint (status_of (answer), ==, 200);
      g_assert_cmpstr (type, ==, "text/html");
      break;

    case SB_IMITATION_FAULT_EXPIRED_TOKEN:
      /* 24SevenOffice says it with a SOAP fault (HTTP 500), the others with 401. */
      g_assert_cmpuint (status_of (answer), ==, soap ? 500 : 401);
      g_assert_true (service->error_shaped (answer));
      break;

    case SB_IMITATION_FAULT_NONE:
    case SB_IMITATION_FAULT_SLOW:
    case SB_IMITATION_FAULT_RESET:
    default:
      g_assert_not_reached ();
    }
}

static void
sign_in_for_faults (Fixture *fixture)
{
  g_autoptr(JsonNode) tokens = fortnox_sign_in (fixture);

  g_clear_pointer (&fortnox_token_for_faults, g_free);
  fortnox_token_for_faults = dup_string (tokens, "access_token");
}

static void
test_faults (Fixture       *fixture,
             gconstpointer  data)
{
  static const SbImitationFault faults[] = {
    SB_IMITATION_FAULT_RESET, SB_IMITATION_FAULT_RATE_LIMIT, SB_IMITATION_FAULT_SERVER_ERROR,
    SB_IMITATION_FAULT_BAD_JSON, SB_IMITATION_FAULT_HUGE_BODY,
    SB_IMITATION_FAULT_WRONG_CONTENT_TYPE, SB_IMITATION_FAULT_EXPIRED_TOKEN,
  };

  sign_in_for_faults (fixture);

  for (guint i = 0; i < G_N_ELEMENTS (services); i++)
    {
      g_autoptr(Answer) before = send (fixture, services[i].good (fixture));

      g_test_message ("%s", services[i].service);
      g_assert_cmpuint (status_of (before), ==, 200);
      for (guint j = 0; j < G_N_ELEMENTS (faults); j++)
        {
          g_autoptr(Answer) after = NULL;

          check_fault (fixture, &services[i], faults[j]);

          /* Switched off, the service answers again. */
          after = send (fixture, services[i].good (fixture));
          g_assert_cmpuint (status_of (after), ==, 200);
        }
    }

  g_clear_pointer (&fortnox_token_for_faults, g_free);
  (void) data;
}

static void
set_true (gpointer data)
{
  *(gboolean *) data = TRUE;
}

static void
test_faults_slow (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) answers = g_ptr_array_new_with_free_func ((GDestroyNotify) answer_free);

  sign_in_for_faults (fixture);

  /* All at once: the services wait side by side, on the one main loop. */
  for (guint i = 0; i < G_N_ELEMENTS (services); i++)
    {
      sb_imitations_set_fault (fixture->imitations, services[i].service,
                               SB_IMITATION_FAULT_SLOW);
      g_ptr_array_add (answers, send_async (fixture, services[i].good (fixture)));
    }
  for (guint i = 0; i < answers->len; i++)
    {
      Answer *answer = g_ptr_array_index (answers, i);

      wait_for (answer);
      g_assert_cmpuint (status_of (answer), ==, 200);
      g_assert_cmpint (answer->elapsed, >=, 3 * G_USEC_PER_SEC - 50000);
    }

  /* A client that gives up waiting is not answered afterwards, and nothing breaks. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(Answer) late = NULL;
    Answer *given_up = g_new0 (Answer, 1);

    given_up->msg = good_http (fixture);
    soup_session_send_and_read_async (fixture->session, given_up->msg, G_PRIORITY_DEFAULT,
                                      cancellable, sent_cb, given_up);
    g_timeout_add_once (200, (GSourceOnceFunc) g_cancellable_cancel, cancellable);
    wait_for (given_up);
    g_assert_error (given_up->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    answer_free (given_up);

    /* Past the time the answer would have come. */
    {
      gboolean waited = FALSE;

      g_timeout_add_once (3500, (GSourceOnceFunc) set_true, &waited);
      while (!waited)
        g_main_context_iteration (NULL, TRUE);
    }

    sb_imitations_set_fault (fixture->imitations, "http", SB_IMITATION_FAULT_NONE);
    late = send (fixture, good_http (fixture));
    g_assert_cmpuint (status_of (late), ==, 200);
  }

  /* Stopped while an answer waits: the client is cut off, not left hanging. */
  {
    g_autoptr(Answer) cut = NULL;
    gboolean waited = FALSE;

    sb_imitations_set_fault (fixture->imitations, "klarna", SB_IMITATION_FAULT_SLOW);
    cut = send_async (fixture, good_klarna (fixture));
    g_timeout_add_once (300, (GSourceOnceFunc) set_true, &waited);
    while (!waited)
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpuint (sb_imitations_count_requests (fixture->imitations, "klarna", "GET", NULL),
                      >=, 2);
    sb_imitations_stop (fixture->imitations);
    wait_for (cut);
    g_assert_nonnull (cut->error);
  }

  g_clear_pointer (&fortnox_token_for_faults, g_free);
  (void) data;
}

static void
test_faults_counted (Fixture       *fixture,
                     gconstpointer  data)
{
  /* Two requests get the fault; the third is answered. */
  sb_imitations_set_fault_for (fixture->imitations, "stripe", SB_IMITATION_FAULT_SERVER_ERROR,
                               2);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(Answer) answer = send (fixture, good_stripe (fixture));

      g_assert_cmpuint (status_of (answer), ==, i < 2 ? 500 : 200);
    }

  g_assert_cmpuint (sb_imitations_count_requests (fixture->imitations, "stripe", "GET",
                                                  "/v1/charges"), ==, 3);
  g_assert_cmpuint (sb_imitations_count_requests (fixture->imitations, "stripe", NULL, NULL),
                    ==, 3);
  g_assert_cmpuint (sb_imitations_count_requests (fixture->imitations, "stripe", "POST",
                                                  "/v1/charges"), ==, 0);
  g_assert_cmpuint (sb_imitations_count_requests (fixture->imitations, "shopify", NULL, NULL),
                    ==, 0);
  sb_imitations_reset_counts (fixture->imitations);
  g_assert_cmpuint (sb_imitations_count_requests (fixture->imitations, "stripe", NULL, NULL),
                    ==, 0);
  (void) data;
}

/* Every service on its own loopback port; stopped, the ports are closed. */
static void
test_servers (Fixture       *fixture,
              gconstpointer  data)
{
  const char * const *names = sb_imitations_list_services ();
  g_autoptr(GHashTable) urls = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(SbImitations) fixed = sb_imitations_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) probe = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = NULL;
  g_autofree char *expected = NULL;
  guint port;

  g_assert_cmpuint (g_strv_length ((char **) names), ==, 7);
  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *url = sb_imitations_get_base_url (fixture->imitations, names[i]);

      g_assert_true (g_str_has_prefix (url, "http://127.0.0.1:"));
      g_assert_false (g_str_has_suffix (url, "/"));
      g_assert_false (g_hash_table_contains (urls, url));
      g_hash_table_add (urls, (gpointer) url);
    }
  g_assert_cmpstr (sb_imitations_get_authorize_url (fixture->imitations, "fortnox"), !=, NULL);
  g_assert_null (sb_imitations_get_authorize_url (fixture->imitations, "stripe"));
  g_assert_null (sb_imitations_get_credential (fixture->imitations, "stripe", "nothing"));

  /* A port given: found free first, then asked for. */
  probe = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                        &error);
  g_assert_no_error (error);
  address = g_inet_socket_address_new (loopback, 0);
  g_socket_bind (probe, address, TRUE, &error);
  g_assert_no_error (error);
  g_clear_object (&address);
  address = g_socket_get_local_address (probe, &error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
  g_socket_close (probe, NULL);

  sb_imitations_set_port (fixed, "http", port);
  g_assert_true (sb_imitations_start (fixed, &error));
  g_assert_no_error (error);
  expected = g_strdup_printf ("http://127.0.0.1:%u", port);
  g_assert_cmpstr (sb_imitations_get_base_url (fixed, "http"), ==, expected);
  sb_imitations_stop (fixed);
  g_assert_false (sb_imitations_is_running (fixed));
  g_assert_null (sb_imitations_get_base_url (fixed, "http"));

  {
    g_autofree char *url = g_strconcat (expected, "/items", NULL);
    g_autoptr(Answer) refused = send (fixture, soup_message_new ("GET", url));

    g_assert_nonnull (refused->error);
  }
  (void) data;
}

/* ------------------------------------------------------------------------------------ */

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/imitations/stripe/auth", test_stripe_auth);
  ADD ("/imitations/stripe/pagination", test_stripe_pagination);
  ADD ("/imitations/stripe/idempotency", test_stripe_idempotency);
  ADD ("/imitations/stripe/webhook", test_stripe_webhook);
  ADD ("/imitations/shopify/auth", test_shopify_auth);
  ADD ("/imitations/shopify/pagination", test_shopify_pagination);
  ADD ("/imitations/shopify/call-limit", test_shopify_call_limit);
  ADD ("/imitations/shopify/webhook", test_shopify_webhook);
  ADD ("/imitations/fortnox/authorize", test_fortnox_authorize);
  ADD ("/imitations/fortnox/pkce", test_fortnox_pkce);
  ADD ("/imitations/fortnox/refresh", test_fortnox_refresh);
  ADD ("/imitations/fortnox/api", test_fortnox_api);
  ADD ("/imitations/fortnox/bearer", test_fortnox_bearer);
  ADD ("/imitations/klarna/orders", test_klarna_orders);
  ADD ("/imitations/klarna/captures", test_klarna_captures);
  ADD ("/imitations/24sevenoffice/session", test_24so_session);
  ADD ("/imitations/24sevenoffice/companies", test_24so_companies);
  ADD ("/imitations/idrottonline/members", test_idrottonline_members);
  ADD ("/imitations/http/items", test_http_items);
  ADD ("/imitations/http/webhook", test_http_webhook);
  ADD ("/imitations/faults/each", test_faults);
  ADD ("/imitations/faults/slow", test_faults_slow);
  ADD ("/imitations/faults/counted", test_faults_counted);
  ADD ("/imitations/servers", test_servers);

  return g_test_run ();
}
