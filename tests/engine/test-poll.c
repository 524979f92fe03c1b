/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "connectors/sb-connector-catalog.h"
#include "demo/sb-imitation.h"
#include "engine/sb-runner.h"
#include "test-credentials.h"

/* Poll triggers in the runner, against the loopback imitations: Stripe's charges (newest
 * first, ending_before), Shopify's orders (since_id, oldest first) and, through a connector
 * of the tests' own, the HTTP imitation's items (a time as the cursor, since). */

/* ------------------------------------------------------------------------------------ */
/* A credential source that hands out the imitations' own credentials. */


/* ------------------------------------------------------------------------------------ */

/* A register of the tests' own on the HTTP imitation: its items changed since a time. */
#define REGISTER_CONNECTOR \
  "{\"name\": \"Polled register\", \"category\": \"generic\", \"provider\": {}," \
  " \"auth\": {\"kind\": \"none\"}," \
  " \"poll_triggers\": [" \
  "  {\"id\": \"changed_items\", \"name\": \"Changed items\", \"method\": \"GET\"," \
  "   \"path\": \"/items\", \"items\": \"data\"," \
  "   \"cursor\": {\"param\": \"since\", \"in\": \"query\"}}," \
  "  {\"id\": \"misplaced_items\", \"name\": \"Misplaced items\", \"method\": \"GET\"," \
  "   \"path\": \"/items\", \"items\": \"data.rows\"," \
  "   \"cursor\": {\"param\": \"since\", \"in\": \"query\"}}]}"

typedef struct
{
  char               *dir;
  SbImitations       *imitations;
  SbStore            *store;
  SoupSession        *session;      /* the runner's */
  SoupSession        *client;       /* the tests' own requests */
  SbConnectorCatalog *catalog;
  TestCredentials    *credentials;
  GListStore         *accounts;
  gint64              organization_id;
  gint64              stripe_id;
  gint64              shopify_id;
  gint64              http_id;
  gint64              register_id;
  GPtrArray          *requests;     /* "METHOD path?query" of what the runner sent */
  guint               posts;        /* POSTs the runner sent to the HTTP imitation */
  guint               failing_post; /* the one of them (from 1) that meets a 500; 0: none */
} Fixture;

static gint64
add_account (Fixture    *fixture,
             const char *connector,
             const char *service,
             const char *name)
{
  g_autoptr(SbAccount) account = sb_account_new ();
  g_autoptr(GError) error = NULL;
  gint64 *key = g_new (gint64, 1);

  sb_account_set_organization_id (account, fixture->organization_id);
  sb_account_set_connector_id (account, connector);
  sb_account_set_name (account, name);
  sb_account_set_base_url (account, sb_imitations_get_base_url (fixture->imitations, service));
  g_assert_true (sb_store_insert_account (fixture->store, account, &error));
  g_assert_no_error (error);
  g_list_store_append (fixture->accounts, account);

  *key = sb_account_get_id (account);
  if (g_str_equal (connector, service))
    g_hash_table_insert (fixture->credentials->services, key, g_strdup (service));
  else
    g_free (key);
  return sb_account_get_id (account);
}

static void
on_request_queued (SoupSession *session,
                   SoupMessage *message,
                   gpointer     user_data)
{
  Fixture *fixture = user_data;
  GUri *uri = soup_message_get_uri (message);
  const char *query = g_uri_get_query (uri);

  g_ptr_array_add (fixture->requests,
                   g_strdup_printf ("%s %s%s%s", soup_message_get_method (message),
                                    g_uri_get_path (uri), query != NULL ? "?" : "",
                                    query != NULL ? query : ""));

  /* Only the steps post there. */
  if (g_str_equal (soup_message_get_method (message), "POST") &&
      g_str_equal (g_uri_get_path (uri), "/payments"))
    {
      fixture->posts++;
      if (fixture->posts == fixture->failing_post)
        sb_imitations_set_fault_for (fixture->imitations, "http",
                                     SB_IMITATION_FAULT_SERVER_ERROR, 1);
    }
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) organization = sb_organization_new ();
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("sb-test-poll-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "samband.db", NULL);
  fixture->store = sb_store_open (path, &error);
  g_assert_no_error (error);

  fixture->imitations = sb_imitations_new ();
  g_assert_true (sb_imitations_start (fixture->imitations, &error));
  g_assert_no_error (error);

  fixture->session = soup_session_new ();
  fixture->client = soup_session_new ();
  fixture->requests = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (fixture->session, "request-queued", G_CALLBACK (on_request_queued), fixture);
  fixture->catalog = sb_connector_catalog_new ();
  g_assert_true (sb_connector_catalog_add_from_data (fixture->catalog, "register",
                                                     REGISTER_CONNECTOR, -1, &error));
  g_assert_no_error (error);
  fixture->credentials = g_object_new (TEST_TYPE_CREDENTIALS, NULL);
  fixture->credentials->imitations = fixture->imitations;
  fixture->accounts = g_list_store_new (SB_TYPE_ACCOUNT);

  sb_organization_set_name (organization, "Test IF");
  sb_organization_set_kind (organization, SB_ORGANIZATION_KIND_CLUB);
  g_assert_true (sb_store_insert_organization (fixture->store, organization, &error));
  g_assert_no_error (error);
  fixture->organization_id = sb_organization_get_id (organization);

  fixture->stripe_id = add_account (fixture, "stripe", "stripe", "Stripe test");
  fixture->shopify_id = add_account (fixture, "shopify", "shopify", "Shopify test");
  fixture->http_id = add_account (fixture, "http", "http", "Register test");
  fixture->register_id = add_account (fixture, "register", "http", "Polled register");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "samband.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_clear_object (&fixture->accounts);
  g_clear_object (&fixture->credentials);
  g_clear_object (&fixture->catalog);
  soup_session_abort (fixture->session);
  g_clear_object (&fixture->session);
  soup_session_abort (fixture->client);
  g_clear_object (&fixture->client);
  sb_imitations_stop (fixture->imitations);
  g_clear_object (&fixture->imitations);
  g_clear_object (&fixture->store);
  g_ptr_array_unref (fixture->requests);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static JsonNode *
parse (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (json, &error);

  g_assert_no_error (error);
  return node;
}

static char *
replace_accounts (Fixture    *fixture,
                  const char *json)
{
  GString *text = g_string_new (json);
  const struct { const char *name; gint64 id; } accounts[] = {
    { "ACCOUNT_STRIPE", fixture->stripe_id },
    { "ACCOUNT_SHOPIFY", fixture->shopify_id },
    { "ACCOUNT_HTTP", fixture->http_id },
    { "ACCOUNT_REGISTER", fixture->register_id },
  };

  for (guint i = 0; i < G_N_ELEMENTS (accounts); i++)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, accounts[i].id);

      g_string_replace (text, accounts[i].name, id, 0);
    }
  return g_string_free (text, FALSE);
}

/* Posts what it is given to the HTTP imitation's /payments, once per new item. */
#define POST_STEPS(body) \
  "[{\"id\": \"post\", \"kind\": \"http\", \"account\": ACCOUNT_HTTP, \"method\": \"POST\"," \
  "  \"url\": \"/payments\", \"body\": " body "}]"

#define CHARGE_STEPS \
  POST_STEPS ("{\"charge\": \"{{ trigger.id }}\"," \
              " \"name\": \"{{ trigger.billing_details.name }}\"}")

/* A poll integration: @trigger_id on @account ("ACCOUNT_STRIPE", ...). */
static SbIntegration *
add_integration (Fixture    *fixture,
                 const char *account,
                 const char *trigger_id,
                 const char *steps,
                 const char *settings)
{
  g_autoptr(SbIntegration) integration = sb_integration_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *trigger_text =
    g_strdup_printf ("{\"kind\": \"poll\", \"account\": %s, \"trigger\": \"%s\","
                     " \"every_minutes\": 5}", account, trigger_id);
  g_autofree char *trigger_json = replace_accounts (fixture, trigger_text);
  g_autofree char *steps_json = replace_accounts (fixture, steps);
  g_autoptr(JsonNode) trigger = parse (trigger_json);
  g_autoptr(JsonNode) steps_node = parse (steps_json);
  g_autoptr(JsonNode) settings_node = parse (settings != NULL ? settings : "{}");

  sb_integration_set_organization_id (integration, fixture->organization_id);
  sb_integration_set_name (integration, "Poll test");
  sb_integration_set_trigger (integration, trigger);
  sb_integration_set_steps (integration, steps_node);
  sb_integration_set_settings (integration, settings_node);
  g_assert_true (sb_store_insert_integration (fixture->store, integration, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&integration);
}

static void
ran_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* One poll of @integration, as the engine starts it. */
static SbRun *
poll (Fixture       *fixture,
      SbIntegration *integration)
{
  g_autoptr(SbRun) run = sb_run_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SbRun) stored = NULL;
  SbRun *done;

  sb_run_set_integration_id (run, sb_integration_get_id (integration));
  sb_run_set_trigger_kind (run, "poll");
  g_ptr_array_set_size (fixture->requests, 0);
  sb_runner_run_queued_async (fixture->store, fixture->session, fixture->catalog,
                              SB_CREDENTIAL_SOURCE (fixture->credentials), integration,
                              G_LIST_MODEL (fixture->accounts), run, NULL, NULL, ran_cb,
                              &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  done = sb_runner_run_finish (result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (done);

  stored = sb_store_get_run (fixture->store, sb_run_get_id (done), &error);
  g_assert_no_error (error);
  g_assert_cmpint (sb_run_get_status (stored), ==, sb_run_get_status (done));
  g_assert_cmpuint (sb_run_get_items_read (stored), ==, sb_run_get_items_read (done));
  g_assert_cmpuint (sb_run_get_items_failed (stored), ==, sb_run_get_items_failed (done));
  g_assert_cmpstr (sb_run_get_trigger_kind (stored), ==, "poll");
  return done;
}

static char *
dup_cursor (Fixture       *fixture,
            SbIntegration *integration)
{
  g_autoptr(GError) error = NULL;
  char *cursor = sb_store_dup_cursor (fixture->store, sb_integration_get_id (integration),
                                      "poll", &error);

  g_assert_no_error (error);
  return cursor;
}

/* The one request the runner sent to @path, with its query. */
static const char *
find_request (Fixture    *fixture,
              const char *method,
              const char *path)
{
  g_autofree char *prefix = g_strdup_printf ("%s %s", method, path);
  const char *found = NULL;

  for (guint i = 0; i < fixture->requests->len; i++)
    {
      const char *request = g_ptr_array_index (fixture->requests, i);

      if (g_str_has_prefix (request, prefix) &&
          (request[strlen (prefix)] == '\0' || request[strlen (prefix)] == '?'))
        {
          g_assert_null (found);
          found = request;
        }
    }
  g_assert_nonnull (found);
  return found;
}

static gboolean
has_query (const char *request,
           const char *name,
           const char *value)
{
  const char *query = strchr (request, '?');
  g_autoptr(GHashTable) form = NULL;

  if (query == NULL)
    return FALSE;
  form = soup_form_decode (query + 1);
  if (value == NULL)
    return g_hash_table_contains (form, name);
  return g_strcmp0 (g_hash_table_lookup (form, name), value) == 0;
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* The imitations answer on this thread's main context: the tests' requests wait in it. */
static GBytes *
send_and_read (Fixture     *fixture,
               SoupMessage *message)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  soup_session_send_and_read_async (fixture->client, message, G_PRIORITY_DEFAULT, NULL,
                                    read_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  bytes = soup_session_send_and_read_finish (fixture->client, result, &error);
  g_assert_no_error (error);
  return bytes;
}

static JsonNode *
get_json (Fixture    *fixture,
          const char *service,
          const char *path,
          const char *header,
          const char *value)
{
  g_autofree char *url = g_strconcat (sb_imitations_get_base_url (fixture->imitations, service),
                                      path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;

  if (header != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (message), header, value);
  bytes = send_and_read (fixture, message);
  g_assert_cmpuint (soup_message_get_status (message), ==, SOUP_STATUS_OK);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  return parse (text);
}

/* The id of Stripe's newest charge. */
static char *
dup_newest_charge (Fixture *fixture)
{
  g_autofree char *auth =
    g_strdup_printf ("Bearer %s",
                     sb_imitations_get_credential (fixture->imitations, "stripe",
                                                   "secret_key"));
  g_autoptr(JsonNode) list = get_json (fixture, "stripe", "/v1/charges?limit=1",
                                       "Authorization", auth);

  return g_strdup (json_node_get_string (sb_json_path_lookup (list, "data[0].id")));
}

/* A member pays at Stripe (the imitation makes the charge for a webhook, which the API then
 * lists too); returns the new charge's id. */
static char *
add_charge (Fixture *fixture)
{
  g_autoptr(SoupMessage) webhook =
    sb_imitations_new_webhook_message (fixture->imitations, "stripe", "http://127.0.0.1/",
                                       NULL, "charge.succeeded");

  g_assert_nonnull (webhook);
  return dup_newest_charge (fixture);
}

/* An order at the shop; returns its id. */
static gint64
add_order (Fixture *fixture)
{
  g_autoptr(SoupMessage) webhook =
    sb_imitations_new_webhook_message (fixture->imitations, "shopify", "http://127.0.0.1/",
                                       NULL, "orders/create");
  g_autoptr(JsonNode) list =
    get_json (fixture, "shopify", "/admin/api/2025-10/orders.json?status=any&limit=1",
              "X-Shopify-Access-Token",
              sb_imitations_get_credential (fixture->imitations, "shopify", "access_token"));

  g_assert_nonnull (webhook);
  return json_node_get_int (sb_json_path_lookup (list, "orders[0].id"));
}

static void
add_register_item (Fixture    *fixture,
                   const char *name)
{
  g_autofree char *url = g_strconcat (sb_imitations_get_base_url (fixture->imitations, "http"),
                                      "/items", NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("POST", url);
  g_autofree char *body = g_strdup_printf ("{\"name\": \"%s\"}", name);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) answer = NULL;

  soup_message_set_request_body_from_bytes (message, "application/json", bytes);
  answer = send_and_read (fixture, message);
  g_assert_cmpuint (soup_message_get_status (message), ==, SOUP_STATUS_CREATED);
}

static GPtrArray *
events (Fixture *fixture,
        SbRun   *r)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *list = sb_store_list_run_events (fixture->store, sb_run_get_id (r), &error);

  g_assert_no_error (error);
  return list;
}

static SbRunEvent *
find_event (GPtrArray       *list,
            SbRunEventLevel  level,
            const char      *step_id,
            const char      *message_part)
{
  for (guint i = 0; i < list->len; i++)
    {
      SbRunEvent *event = g_ptr_array_index (list, i);

      if (sb_run_event_get_level (event) == level &&
          g_strcmp0 (sb_run_event_get_step_id (event), step_id) == 0 &&
          (message_part == NULL || strstr (sb_run_event_get_message (event), message_part)))
        return event;
    }
  return NULL;
}

/* What the step "post" sent, in the order it ran: the values of @member of its bodies. */
static GStrv
dup_posted (Fixture    *fixture,
            SbRun      *r,
            const char *member)
{
  g_autoptr(GPtrArray) list = events (fixture, r);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < list->len; i++)
    {
      SbRunEvent *event = g_ptr_array_index (list, i);
      g_autofree char *path = g_strdup_printf ("input.body.%s", member);
      JsonNode *value;

      if (sb_run_event_get_level (event) != SB_RUN_EVENT_LEVEL_INFO ||
          g_strcmp0 (sb_run_event_get_step_id (event), "post") != 0)
        continue;
      value = sb_json_path_lookup (sb_run_event_get_data (event), path);
      g_assert_nonnull (value);
      if (json_node_get_value_type (value) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (value));
      else
        {
          g_autofree char *text = json_to_string (value, FALSE);

          g_strv_builder_add (builder, text);
        }
    }
  return g_strv_builder_end (builder);
}

static guint
count_posts (Fixture *fixture)
{
  return sb_imitations_count_requests (fixture->imitations, "http", "POST", "/payments");
}

/* ------------------------------------------------------------------------------------ */

static void
test_first_poll (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(SbIntegration) integration = add_integration (fixture, "ACCOUNT_STRIPE",
                                                          "new_charges", CHARGE_STEPS, NULL);
  g_autofree char *newest = dup_newest_charge (fixture);
  g_autofree char *cursor = NULL;
  g_autoptr(SbRun) first = NULL;
  g_autoptr(SbRun) again = NULL;
  g_autoptr(GPtrArray) list = NULL;
  SbRunEvent *event;
  const char *request;

  g_assert_null (dup_cursor (fixture, integration));
  first = poll (fixture, integration);
  list = events (fixture, first);

  /* What Stripe has already is history: no steps, only where to go on from. */
  g_assert_cmpstr (sb_run_get_error (first), ==, NULL);
  g_assert_cmpint (sb_run_get_status (first), ==, SB_RUN_STATUS_SUCCEEDED);
  g_assert_cmpuint (sb_run_get_items_read (first), ==, 0);
  g_assert_cmpuint (count_posts (fixture), ==, 0);
  request = find_request (fixture, "GET", "/v1/charges");
  g_assert_false (has_query (request, "ending_before", NULL));
  g_assert_true (has_query (request, "limit", "100"));
  cursor = dup_cursor (fixture, integration);
  g_assert_cmpstr (cursor, ==, newest);
  g_assert_nonnull (find_event (list, SB_RUN_EVENT_LEVEL_INFO, "trigger",
                                "Started watching for new items"));
  event = find_event (list, SB_RUN_EVENT_LEVEL_INFO, "trigger", "ran");
  g_assert_nonnull (event);
  g_assert_nonnull (sb_json_path_lookup (sb_run_event_get_data (event), "output.body.data"));
  g_assert_null (find_event (list, SB_RUN_EVENT_LEVEL_ERROR, NULL, NULL));

  /* Nothing new since: nothing runs, the cursor stays, and it was sent. */
  again = poll (fixture, integration);
  g_assert_cmpint (sb_run_get_status (again), ==, SB_RUN_STATUS_SUCCEEDED);
  g_assert_cmpuint (sb_run_get_items_read (again), ==, 0);
  g_assert_cmpuint (count_posts (fixture), ==, 0);
  g_assert_true (has_query (find_request (fixture, "GET", "/v1/charges"), "ending_before",
                            newest));
  g_clear_pointer (&cursor, g_free);
  cursor = dup_cursor (fixture, integration);
  g_assert_cmpstr (cursor, ==, newest);
}

static void
test_new_item (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(SbIntegration) integration = add_integration (fixture, "ACCOUNT_STRIPE",
                                                          "new_charges", CHARGE_STEPS, NULL);
  g_autoptr(SbRun) first = poll (fixture, integration);
  g_autofree char *start = dup_cursor (fixture, integration);
  g_autofree char *charge = add_charge (fixture);
  g_autofree char *cursor = NULL;
  g_autoptr(SbRun) r = NULL;
  g_auto(GStrv) charges = NULL;
  g_auto(GStrv) names = NULL;

  g_assert_cmpstr (charge, !=, start);
  r = poll (fixture, integration);

  g_assert_cmpstr (sb_run_get_error (r), ==, NULL);
  g_assert_cmpint (sb_run_get_status (r), ==, SB_RUN_STATUS_SUCCEEDED);
  g_assert_cmpuint (sb_run_get_items_read (r), ==, 1);
  g_assert_cmpuint (sb_run_get_items_created (r), ==, 1);
  g_assert_cmpuint (sb_run_get_items_failed (r), ==, 0);
  g_assert_cmpuint (count_posts (fixture), ==, 1);
  /* Stripe was asked for what came after the cursor. */
  g_assert_true (has_query (find_request (fixture, "GET", "/v1/charges"), "ending_before",
                            start));

  /* The step saw the new charge as its trigger. */
  charges = dup_posted (fixture, r, "charge");
  g_assert_cmpuint (g_strv_length (charges), ==, 1);
  g_assert_cmpstr (charges[0], ==, charge);
  names = dup_posted (fixture, r, "name");
  g_assert_cmpuint (strlen (names[0]), >, 0);

  cursor = dup_cursor (fixture, integration);
  g_assert_cmpstr (cursor, ==, charge);
}

static void
test_oldest_first (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(SbIntegration) integration = add_integration (fixture, "ACCOUNT_STRIPE",
                                                          "new_charges", CHARGE_STEPS, NULL);
  g_autoptr(SbRun) first = poll (fixture, integration);
  g_autofree char *older = add_charge (fixture);
  g_autofree char *newer = add_charge (fixture);
  g_autofree char *cursor = NULL;
  g_autoptr(SbRun) r = poll (fixture, integration);
  g_auto(GStrv) charges = dup_posted (fixture, r, "charge");
  g_autoptr(GPtrArray) list = events (fixture, r);

  /* Stripe lists the newest first; the steps get the older charge first. */
  g_assert_cmpint (sb_run_get_status (r), ==, SB_RUN_STATUS_SUCCEEDED);
  g_assert_cmpuint (sb_run_get_items_read (r), ==, 2);
  g_assert_cmpuint (g_strv_length (charges), ==, 2);
  g_assert_cmpstr (charges[0], ==, older);
  g_assert_cmpstr (charges[1], ==, newer);
  g_assert_nonnull (find_event (list, SB_RUN_EVENT_LEVEL_INFO, "trigger", "2 items"));
  cursor = dup_cursor (fixture, integration);
  g_assert_cmpstr (cursor, ==, newer);
}

static void
test_shopify_since_id (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(SbIntegration) integration =
    add_integration (fixture, "ACCOUNT_SHOPIFY", "new_orders",
                     POST_STEPS ("{\"order\": \"{{ trigger.id }}\", "
                                 "\"email\": \"{{ trigger.email }}\"}"), NULL);
  g_autoptr(SbRun) first = poll (fixture, integration);
  g_autofree char *start = dup_cursor (fixture, integration);
  g_autofree char *cursor = NULL;
  g_autofree char *older_text = NULL;
  g_autofree char *newer_text = NULL;
  g_autoptr(SbRun) r = NULL;
  g_auto(GStrv) orders = NULL;
  g_auto(GStrv) emails = NULL;
  gint64 older, newer;

  /* The newest order is the starting point, whatever order the shop listed them in. */
  g_assert_cmpint (sb_run_get_status (first), ==, SB_RUN_STATUS_SUCCEEDED);
  g_assert_cmpuint (count_posts (fixture), ==, 0);
  g_assert_false (has_query (find_request (fixture, "GET", "/admin/api/2025-10/orders.json"),
                             "since_id", NULL));
  g_assert_cmpstr (start, ==, "5801234501012");

  older = add_order (fixture);
  newer = add_order (fixture);
  g_assert_cmpint (older, <, newer);
  older_text = g_strdup_printf ("%" G_GINT64_FORMAT, older);
  newer_text = g_strdup_printf ("%" G_GINT64_FORMAT, newer);
  r = poll (fixture, integration);

  g_assert_cmpstr (sb_run_get_error (r), ==, NULL);
  g_assert_cmpint (sb_run_get_status (r), ==, SB_RUN_STATUS_SUCCEEDED);
  g_assert_cmpuint (sb_run_get_items_read (r), ==, 2);
  g_assert_true (has_query (find_request (fixture, "GET", "/admin/api/2025-10/orders.json"),
                            "since_id", start));
  orders = dup_posted (fixture, r, "order");
  g_assert_cmpuint (g_strv_length (orders), ==, 2);
  g_assert_cmpstr (orders[0], ==, older_text);
  g_assert_cmpstr (orders[1], ==, newer_text);
  emails = dup_posted (fixture, r, "email");
  g_assert_nonnull (strchr (emails[0], '@'));
  cursor = dup_cursor (fixture, integration);
  g_assert_cmpstr (cursor, ==, newer_text);
}

static void
test_failure_keeps_cursor (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(SbIntegration) integration = add_integration (fixture, "ACCOUNT_STRIPE",
                                                          "new_charges", CHARGE_STEPS,
                                                          "{\"retries\": 0}");
  g_autoptr(SbRun) first = poll (fixture, integration);
  g_autofree char *start = dup_cursor (fixture, integration);
  g_autofree char *charge = add_charge (fixture);
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  g_autofree char *cursor = NULL;
  g_autoptr(SbRun) r = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_auto(GStrv) charges = NULL;

  /* The service the step posts to fails: the item counts as failed, and the cursor stays
   * where it was. */
  sb_imitations_set_fault (fixture->imitations, "http", SB_IMITATION_FAULT_SERVER_ERROR);
  r = poll (fixture, integration);
  sb_imitations_set_fault (fixture->imitations, "http", SB_IMITATION_FAULT_NONE);
  list = events (fixture, r);
  g_assert_cmpuint (sb_run_get_items_read (r), ==, 1);
  g_assert_cmpuint (sb_run_get_items_failed (r), ==, 1);
  g_assert_nonnull (find_event (list, SB_RUN_EVENT_LEVEL_ERROR, "post", "500"));
  cursor = dup_cursor (fixture, integration);
  g_assert_cmpstr (cursor, ==, start);
  {
    /* The new item, the trigger of the steps, has its outcome too. */
    SbRunEvent *outcome = find_event (list, SB_RUN_EVENT_LEVEL_INFO, "trigger",
                                      "Could not import");
    JsonObject *object;

    g_assert_nonnull (outcome);
    object = json_node_get_object (sb_run_event_get_data (outcome));
    g_assert_cmpstr (json_object_get_string_member (object, "outcome"), ==, "failed");
    g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, charge);
    g_assert_nonnull (strstr (json_object_get_string_member (object, "reason"), "500"));
  }

  /* The next poll gets the same charge again. */
  g_clear_object (&r);
  r = poll (fixture, integration);
  g_assert_cmpint (sb_run_get_status (r), ==, SB_RUN_STATUS_SUCCEEDED);
  g_assert_cmpuint (sb_run_get_items_failed (r), ==, 0);
  g_assert_true (has_query (find_request (fixture, "GET", "/v1/charges"), "ending_before",
                            start));
  charges = dup_posted (fixture, r, "charge");
  g_assert_cmpuint (g_strv_length (charges), ==, 1);
  g_assert_cmpstr (charges[0], ==, charge);
  g_clear_pointer (&cursor, g_free);
  cursor = dup_cursor (fixture, integration);
  g_assert_cmpstr (cursor, ==, charge);

  /* Of two new charges the later fails: the cursor goes as far as the earlier, and the next
   * poll asks for the later again. */
  second = add_charge (fixture);
  third = add_charge (fixture);
  fixture->failing_post = fixture->posts + 2;
  g_clear_object (&r);
  r = poll (fixture, integration);
  g_assert_cmpuint (sb_run_get_items_read (r), ==, 2);
  g_assert_cmpuint (sb_run_get_items_failed (r), ==, 1);
  g_clear_pointer (&cursor, g_free);
  cursor = dup_cursor (fixture, integration);
  g_assert_cmpstr (cursor, ==, second);

  g_clear_object (&r);
  g_clear_pointer (&charges, g_strfreev);
  r = poll (fixture, integration);
  g_assert_cmpuint (sb_run_get_items_read (r), ==, 1);
  g_assert_cmpuint (sb_run_get_items_failed (r), ==, 0);
  charges = dup_posted (fixture, r, "charge");
  g_assert_cmpstr (charges[0], ==, third);
  g_clear_pointer (&cursor, g_free);
  cursor = dup_cursor (fixture, integration);
  g_assert_cmpstr (cursor, ==, third);
}

static void
test_poll_fails (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(SbIntegration) integration = add_integration (fixture, "ACCOUNT_STRIPE",
                                                          "new_charges", CHARGE_STEPS,
                                                          "{\"retries\": 0}");
  g_autoptr(SbRun) first = poll (fixture, integration);
  g_autofree char *start = dup_cursor (fixture, integration);
  g_autofree char *cursor = NULL;
  g_autoptr(SbRun) r = NULL;
  g_autoptr(GPtrArray) list = NULL;

  g_free (add_charge (fixture));

  /* Stripe itself fails: the run fails at the step "trigger", nothing runs, and the cursor
   * stays. */
  sb_imitations_set_fault (fixture->imitations, "stripe", SB_IMITATION_FAULT_SERVER_ERROR);
  r = poll (fixture, integration);
  sb_imitations_set_fault (fixture->imitations, "stripe", SB_IMITATION_FAULT_NONE);
  list = events (fixture, r);
  g_assert_cmpint (sb_run_get_status (r), ==, SB_RUN_STATUS_FAILED);
  g_assert_nonnull (strstr (sb_run_get_error (r), "“trigger”"));
  g_assert_nonnull (strstr (sb_run_get_error (r), "500"));
  g_assert_nonnull (find_event (list, SB_RUN_EVENT_LEVEL_ERROR, "trigger", NULL));
  g_assert_cmpuint (count_posts (fixture), ==, 0);
  cursor = dup_cursor (fixture, integration);
  g_assert_cmpstr (cursor, ==, start);
}

static void
test_time_cursor (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(SbIntegration) integration =
    add_integration (fixture, "ACCOUNT_REGISTER", "changed_items",
                     POST_STEPS ("{\"name\": \"{{ trigger.name }}\"}"), NULL);
  g_autoptr(GDateTime) before = g_date_time_new_now_utc ();
  g_autoptr(SbRun) first = poll (fixture, integration);
  g_autofree char *start = dup_cursor (fixture, integration);
  g_autoptr(GDateTime) started = NULL;
  g_autoptr(GDateTime) next = NULL;
  g_autofree char *cursor = NULL;
  g_autoptr(SbRun) r = NULL;
  g_auto(GStrv) names = NULL;

  /* Without a cursor field the cursor is when the poll started, in UTC. */
  g_assert_cmpint (sb_run_get_status (first), ==, SB_RUN_STATUS_SUCCEEDED);
  g_assert_cmpuint (count_posts (fixture), ==, 0);
  g_assert_false (has_query (find_request (fixture, "GET", "/items"), "since", NULL));
  g_assert_nonnull (start);
  g_assert_true (g_str_has_suffix (start, "Z"));
  started = g_date_time_new_from_iso8601 (start, NULL);
  g_assert_nonnull (started);
  g_assert_cmpint (g_date_time_to_unix (started), >=, g_date_time_to_unix (before));

  add_register_item (fixture, "Vimpel");
  r = poll (fixture, integration);
  g_assert_cmpstr (sb_run_get_error (r), ==, NULL);
  g_assert_cmpint (sb_run_get_status (r), ==, SB_RUN_STATUS_SUCCEEDED);
  g_assert_cmpuint (sb_run_get_items_read (r), ==, 1);
  g_assert_true (has_query (find_request (fixture, "GET", "/items"), "since", start));
  names = dup_posted (fixture, r, "name");
  g_assert_cmpuint (g_strv_length (names), ==, 1);
  g_assert_cmpstr (names[0], ==, "Vimpel");
  cursor = dup_cursor (fixture, integration);
  next = g_date_time_new_from_iso8601 (cursor, NULL);
  g_assert_nonnull (next);
  g_assert_cmpint (g_date_time_compare (next, started), >=, 0);
}

static void
test_items_not_a_list (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(SbIntegration) integration =
    add_integration (fixture, "ACCOUNT_REGISTER", "misplaced_items",
                     POST_STEPS ("{\"name\": \"{{ trigger.name }}\"}"), NULL);
  g_autoptr(SbRun) r = poll (fixture, integration);
  g_autoptr(GPtrArray) list = events (fixture, r);

  g_assert_cmpint (sb_run_get_status (r), ==, SB_RUN_STATUS_FAILED);
  g_assert_nonnull (sb_run_get_error (r));
  g_assert_nonnull (strstr (sb_run_get_error (r), "“data.rows”"));
  g_assert_nonnull (find_event (list, SB_RUN_EVENT_LEVEL_ERROR, "trigger", "“data.rows”"));
  g_assert_cmpuint (count_posts (fixture), ==, 0);
  g_assert_null (dup_cursor (fixture, integration));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/engine/poll/first-poll", test_first_poll);
  ADD ("/engine/poll/new-item", test_new_item);
  ADD ("/engine/poll/oldest-first", test_oldest_first);
  ADD ("/engine/poll/shopify-since-id", test_shopify_since_id);
  ADD ("/engine/poll/failure-keeps-cursor", test_failure_keeps_cursor);
  ADD ("/engine/poll/poll-fails", test_poll_fails);
  ADD ("/engine/poll/time-cursor", test_time_cursor);
  ADD ("/engine/poll/items-not-a-list", test_items_not_a_list);

  return g_test_run ();
}
