/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "connectors/sb-connector-catalog.h"
#include "demo/sb-imitation.h"
#include "engine/sb-engine.h"
#include "engine/sb-runner.h"
#include "test-credentials.h"

/* ------------------------------------------------------------------------------------ */
/* A credential source that hands out the imitations' own credentials. */


/* ------------------------------------------------------------------------------------ */

typedef struct
{
  char               *dir;
  SbImitations       *imitations;
  SbStore            *store;
  SoupSession        *session;
  SbConnectorCatalog *catalog;
  TestCredentials    *credentials;
  GListStore         *accounts;
  gint64              organization_id;
  gint64              stripe_id;
  gint64              http_id;
  gint64              fortnox_id;
  GPtrArray          *idempotency_keys;
  gboolean            expire_next_api_call;
} Fixture;

static gint64
add_account (Fixture    *fixture,
             const char *service,
             const char *name)
{
  g_autoptr(SbAccount) account = sb_account_new ();
  g_autoptr(GError) error = NULL;
  gint64 *key = g_new (gint64, 1);

  sb_account_set_organization_id (account, fixture->organization_id);
  sb_account_set_connector_id (account, service);
  sb_account_set_name (account, name);
  sb_account_set_base_url (account, sb_imitations_get_base_url (fixture->imitations, service));
  g_assert_true (sb_store_insert_account (fixture->store, account, &error));
  g_assert_no_error (error);
  g_list_store_append (fixture->accounts, account);

  *key = sb_account_get_id (account);
  g_hash_table_insert (fixture->credentials->services, key, g_strdup (service));
  return sb_account_get_id (account);
}

static void
on_request_queued (SoupSession *session,
                   SoupMessage *message,
                   gpointer     user_data)
{
  Fixture *fixture = user_data;
  const char *key = soup_message_headers_get_one (soup_message_get_request_headers (message),
                                                  "Idempotency-Key");

  /* Set here, the fault meets the API call rather than the token refresh before it. */
  if (fixture->expire_next_api_call &&
      g_str_has_prefix (g_uri_get_path (soup_message_get_uri (message)), "/3/"))
    {
      fixture->expire_next_api_call = FALSE;
      sb_imitations_set_fault_for (fixture->imitations, "fortnox",
                                   SB_IMITATION_FAULT_EXPIRED_TOKEN, 1);
    }

  if (g_str_equal (soup_message_get_method (message), "POST"))
    g_ptr_array_add (fixture->idempotency_keys, g_strdup (key != NULL ? key : ""));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) organization = sb_organization_new ();
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("sb-test-runner-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "samband.db", NULL);
  fixture->store = sb_store_open (path, &error);
  g_assert_no_error (error);

  fixture->imitations = sb_imitations_new ();
  g_assert_true (sb_imitations_start (fixture->imitations, &error));
  g_assert_no_error (error);

  fixture->session = soup_session_new ();
  fixture->idempotency_keys = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (fixture->session, "request-queued", G_CALLBACK (on_request_queued), fixture);
  fixture->catalog = sb_connector_catalog_new ();
  fixture->credentials = g_object_new (TEST_TYPE_CREDENTIALS, NULL);
  fixture->credentials->imitations = fixture->imitations;
  fixture->accounts = g_list_store_new (SB_TYPE_ACCOUNT);

  sb_organization_set_name (organization, "Test IF");
  sb_organization_set_kind (organization, SB_ORGANIZATION_KIND_CLUB);
  g_assert_true (sb_store_insert_organization (fixture->store, organization, &error));
  g_assert_no_error (error);
  fixture->organization_id = sb_organization_get_id (organization);

  fixture->stripe_id = add_account (fixture, "stripe", "Stripe test");
  fixture->http_id = add_account (fixture, "http", "Register test");
  fixture->fortnox_id = add_account (fixture, "fortnox", "Fortnox test");
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
  sb_imitations_stop (fixture->imitations);
  g_clear_object (&fixture->imitations);
  g_clear_object (&fixture->store);
  g_ptr_array_unref (fixture->idempotency_keys);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  {
    g_autofree char *lock = g_build_filename (fixture->dir, "engine.lock", NULL);

    g_unlink (lock);
  }
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

/* Steps and settings as JSON, with ACCOUNT_STRIPE and ACCOUNT_HTTP replaced by the ids. */
static SbIntegration *
add_integration (Fixture    *fixture,
                 const char *steps,
                 const char *settings)
{
  g_autoptr(SbIntegration) integration = sb_integration_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *stripe = g_strdup_printf ("%" G_GINT64_FORMAT, fixture->stripe_id);
  g_autofree char *http = g_strdup_printf ("%" G_GINT64_FORMAT, fixture->http_id);
  g_autofree char *fortnox = g_strdup_printf ("%" G_GINT64_FORMAT, fixture->fortnox_id);
  g_autoptr(GString) text = g_string_new (steps);
  g_autoptr(JsonNode) steps_node = NULL;
  g_autoptr(JsonNode) settings_node = NULL;
  g_autoptr(JsonNode) trigger = parse ("{\"kind\": \"manual\"}");

  g_string_replace (text, "ACCOUNT_STRIPE", stripe, 0);
  g_string_replace (text, "ACCOUNT_HTTP", http, 0);
  g_string_replace (text, "ACCOUNT_FORTNOX", fortnox, 0);
  steps_node = parse (text->str);
  settings_node = parse (settings != NULL ? settings : "{}");

  sb_integration_set_organization_id (integration, fixture->organization_id);
  sb_integration_set_name (integration, "Test");
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

static SbRun *
run (Fixture    *fixture,
     const char *steps,
     const char *settings,
     const char *trigger_input)
{
  g_autoptr(SbIntegration) integration = add_integration (fixture, steps, settings);
  g_autoptr(JsonNode) input = trigger_input != NULL ? parse (trigger_input) : NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SbRun) stored = NULL;
  SbRun *done;

  sb_runner_run_async (fixture->store, fixture->session, fixture->catalog,
                       SB_CREDENTIAL_SOURCE (fixture->credentials), integration,
                       G_LIST_MODEL (fixture->accounts), input, NULL, ran_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  done = sb_runner_run_finish (result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (done);

  /* What the run says is what the store has. */
  stored = sb_store_get_run (fixture->store, sb_run_get_id (done), &error);
  g_assert_no_error (error);
  g_assert_cmpint (sb_run_get_status (stored), ==, sb_run_get_status (done));
  g_assert_nonnull (sb_run_get_finished_at (stored));
  g_assert_cmpuint (sb_run_get_items_read (stored), ==, sb_run_get_items_read (done));
  g_assert_cmpuint (sb_run_get_items_failed (stored), ==, sb_run_get_items_failed (done));
  return done;
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

static guint
count_account_errors (Fixture *fixture,
                      gint64   account_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = sb_store_list_account_errors (fixture->store, account_id, 0,
                                                            &error);

  g_assert_no_error (error);
  return list->len;
}

static guint
count_level (GPtrArray       *list,
             SbRunEventLevel  level)
{
  guint n = 0;

  for (guint i = 0; i < list->len; i++)
    if (sb_run_event_get_level (g_ptr_array_index (list, i)) == level)
      n++;
  return n;
}

static SbRunEvent *
find_event (GPtrArray       *list,
            SbRunEventLevel  level,
            const char      *step_id)
{
  for (guint i = 0; i < list->len; i++)
    {
      SbRunEvent *event = g_ptr_array_index (list, i);

      if (sb_run_event_get_level (event) == level &&
          g_strcmp0 (sb_run_event_get_step_id (event), step_id) == 0)
        return event;
    }
  return NULL;
}

/* No credential value in any recorded event, message or data. */
static void
assert_no_secrets (Fixture   *fixture,
                   GPtrArray *list)
{
  const char *values[] = {
    sb_imitations_get_credential (fixture->imitations, "stripe", "secret_key"),
    sb_imitations_get_credential (fixture->imitations, "http", "token"),
    sb_imitations_get_credential (fixture->imitations, "http", "api_key"),
    sb_imitations_get_credential (fixture->imitations, "fortnox", "client_secret"),
    sb_imitations_get_credential (fixture->imitations, "fortnox", "refresh_token"),
  };

  for (guint i = 0; i < list->len; i++)
    {
      SbRunEvent *event = g_ptr_array_index (list, i);
      JsonNode *data = sb_run_event_get_data (event);
      g_autofree char *text = data != NULL ? json_to_string (data, FALSE) : g_strdup ("");

      for (guint j = 0; j < G_N_ELEMENTS (values); j++)
        {
          g_assert_nonnull (values[j]);
          g_assert_null (strstr (sb_run_event_get_message (event), values[j]));
          g_assert_null (strstr (text, values[j]));
        }
      g_assert_null (strstr (text, "Basic "));
      g_assert_null (strstr (text, "Bearer "));
    }
}

/* ------------------------------------------------------------------------------------ */

#define SMALL_FLOW \
  "[{\"id\": \"charges\", \"kind\": \"action\", \"account\": ACCOUNT_STRIPE," \
  "  \"action\": \"list_charges\", \"input\": {\"limit\": 3}}," \
  " {\"id\": \"row\", \"kind\": \"map\", \"output\": {" \
  "  \"charge\": \"{{ steps.charges.body.data[0].id }}\"," \
  "  \"amount\": \"{{ steps.charges.body.data[0].amount }}\"," \
  "  \"currency\": \"{{ steps.charges.body.data[0].currency | upper }}\"}}," \
  " {\"id\": \"post\", \"kind\": \"http\", \"account\": ACCOUNT_HTTP, \"method\": \"POST\"," \
  "  \"url\": \"/payments\", \"headers\": {\"X-Source\": \"samband\"}," \
  "  \"body\": \"{{ steps.row }}\"}]"

static void
test_manual_run (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(SbRun) r = run (fixture, SMALL_FLOW, NULL, NULL);
  g_autoptr(GPtrArray) list = events (fixture, r);
  SbRunEvent *post;
  JsonNode *post_data;
  JsonNode *node;

  g_assert_cmpstr (sb_run_get_error (r), ==, NULL);
  g_assert_cmpint (sb_run_get_status (r), ==, SB_RUN_STATUS_SUCCEEDED);
  g_assert_cmpuint (sb_run_get_items_read (r), ==, 0);
  g_assert_cmpuint (sb_run_get_items_failed (r), ==, 0);
  g_assert_cmpuint (sb_imitations_count_requests (fixture->imitations, "stripe", "GET",
                                                  "/v1/charges"), ==, 1);
  g_assert_cmpuint (sb_imitations_count_requests (fixture->imitations, "http", "POST",
                                                  "/payments"), ==, 1);

  /* One event for the start, one per step, with what went in and what came out. */
  g_assert_cmpuint (count_level (list, SB_RUN_EVENT_LEVEL_INFO), ==, 4);
  g_assert_nonnull (find_event (list, SB_RUN_EVENT_LEVEL_INFO, NULL));
  g_assert_cmpuint (count_level (list, SB_RUN_EVENT_LEVEL_ERROR), ==, 0);
  g_assert_nonnull (find_event (list, SB_RUN_EVENT_LEVEL_INFO, "charges"));
  g_assert_nonnull (find_event (list, SB_RUN_EVENT_LEVEL_INFO, "row"));
  post = find_event (list, SB_RUN_EVENT_LEVEL_INFO, "post");
  g_assert_nonnull (post);
  post_data = sb_run_event_get_data (post);
  g_assert_nonnull (post_data);

  /* The map's values went out with their types, and the service's answer came back. */
  node = sb_json_path_lookup (post_data, "input.body.amount");
  g_assert_nonnull (node);
  g_assert_true (json_node_get_value_type (node) == G_TYPE_INT64);
  node = sb_json_path_lookup (post_data, "input.body.charge");
  g_assert_true (g_str_has_prefix (json_node_get_string (node), "ch_"));
  node = sb_json_path_lookup (post_data, "output.status");
  g_assert_cmpint (json_node_get_int (node), ==, 201);
  node = sb_json_path_lookup (post_data, "output.body.charge");
  g_assert_true (g_str_has_prefix (json_node_get_string (node), "ch_"));

  assert_no_secrets (fixture, list);
}

static void
test_for_each (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(SbRun) r = run (fixture,
                            "[{\"id\": \"list\", \"kind\": \"map\", \"output\": ["
                            "  {\"path\": \"members\", \"name\": \"Elsa\"},"
                            "  {\"path\": \"members/424242\", \"name\": \"Nobody\"},"
                            "  {\"path\": \"members\", \"name\": \"Omar\"}]},"
                            " {\"id\": \"each\", \"kind\": \"for_each\","
                            "  \"items\": \"{{ steps.list }}\", \"steps\": ["
                            "  {\"id\": \"post\", \"kind\": \"http\", \"account\": ACCOUNT_HTTP,"
                            "   \"method\": \"POST\", \"url\": \"/{{ item.path }}\","
                            "   \"body\": {\"name\": \"{{ item.name }}\"}}]}]",
                            NULL, NULL);
  g_autoptr(GPtrArray) list = events (fixture, r);
  SbRunEvent *failure;

  g_assert_cmpint (sb_run_get_status (r), ==, SB_RUN_STATUS_SUCCEEDED);
  g_assert_cmpuint (sb_run_get_items_read (r), ==, 3);
  g_assert_cmpuint (sb_run_get_items_created (r), ==, 2);
  g_assert_cmpuint (sb_run_get_items_updated (r), ==, 0);
  g_assert_cmpuint (sb_run_get_items_failed (r), ==, 1);
  g_assert_cmpuint (sb_imitations_count_requests (fixture->imitations, "http", "POST", NULL),
                    ==, 3);

  /* The failing item is recorded, naming the step and what the service said. */
  g_assert_cmpuint (count_level (list, SB_RUN_EVENT_LEVEL_ERROR), ==, 1);
  failure = find_event (list, SB_RUN_EVENT_LEVEL_ERROR, "post");
  g_assert_nonnull (failure);
  g_assert_nonnull (strstr (sb_run_event_get_message (failure), "“post”"));
  g_assert_nonnull (strstr (sb_run_event_get_message (failure), "404"));
  g_assert_nonnull (find_event (list, SB_RUN_EVENT_LEVEL_INFO, "each"));
  assert_no_secrets (fixture, list);
  /* A 404 is the integration's mistake, not the account's. */
  g_assert_cmpuint (count_account_errors (fixture, fixture->http_id), ==, 0);

  /* Every item has its outcome, in order, named by its name. */
  {
    const char *keys[] = { "Elsa", "Nobody", "Omar" };
    const char *outcomes[] = { "created", "failed", "created" };
    guint n = 0;

    for (guint i = 0; i < list->len; i++)
      {
        SbRunEvent *event = g_ptr_array_index (list, i);
        JsonNode *node = sb_run_event_get_data (event);
        JsonObject *object;

        if (node == NULL || !json_object_has_member (json_node_get_object (node), "outcome"))
          continue;
        object = json_node_get_object (node);
        g_assert_cmpuint (n, <, G_N_ELEMENTS (keys));
        g_assert_cmpstr (sb_run_event_get_step_id (event), ==, "each");
        g_assert_cmpint (json_object_get_int_member (object, "item"), ==, n);
        g_assert_cmpstr (json_object_get_string_member (object, "key"), ==, keys[n]);
        g_assert_cmpstr (json_object_get_string_member (object, "outcome"), ==, outcomes[n]);
        if (g_str_equal (outcomes[n], "failed"))
          g_assert_nonnull (strstr (json_object_get_string_member (object, "reason"), "404"));
        else
          g_assert_false (json_object_has_member (object, "reason"));
        n++;
      }
    g_assert_cmpuint (n, ==, 3);
  }
}

static void
test_filter (Fixture       *fixture,
             gconstpointer  data)
{
  const char *steps =
    "[{\"id\": \"paid\", \"kind\": \"filter\", \"condition\": \"{{ trigger.paid }}\"},"
    " {\"id\": \"post\", \"kind\": \"http\", \"account\": ACCOUNT_HTTP, \"method\": \"POST\","
    "  \"url\": \"/paid\", \"body\": {\"ok\": true}}]";
  g_autoptr(SbRun) stopped = run (fixture, steps, NULL, "{\"paid\": false}");
  g_autoptr(GPtrArray) list = events (fixture, stopped);
  g_autoptr(SbRun) passed = NULL;
  SbRunEvent *event;

  g_assert_cmpint (sb_run_get_status (stopped), ==, SB_RUN_STATUS_FILTERED);
  g_assert_cmpuint (sb_imitations_count_requests (fixture->imitations, "http", "POST",
                                                  "/paid"), ==, 0);
  event = find_event (list, SB_RUN_EVENT_LEVEL_INFO, "paid");
  g_assert_nonnull (event);
  g_assert_true (g_str_has_prefix (sb_run_event_get_message (event), "Filtered: "));

  passed = run (fixture, steps, NULL, "{\"paid\": true}");
  g_assert_cmpint (sb_run_get_status (passed), ==, SB_RUN_STATUS_SUCCEEDED);
  g_assert_cmpuint (sb_imitations_count_requests (fixture->imitations, "http", "POST",
                                                  "/paid"), ==, 1);
}

static void
test_template_error (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(SbRun) r = run (fixture,
                            "[{\"id\": \"row\", \"kind\": \"map\","
                            "  \"output\": {\"name\": \"Hello {{ trigger.name | shout }}\"}}]",
                            NULL, "{\"name\": \"Elsa\"}");
  g_autoptr(GPtrArray) list = events (fixture, r);
  const char *error = sb_run_get_error (r);

  g_assert_cmpint (sb_run_get_status (r), ==, SB_RUN_STATUS_FAILED);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error, "“row”"));
  g_assert_nonnull (strstr (error, "output.name"));
  g_assert_nonnull (strstr (error, "column"));
  g_assert_nonnull (find_event (list, SB_RUN_EVENT_LEVEL_ERROR, "row"));
}

static void
test_retry_server_error (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(SbRun) r = NULL;
  g_autoptr(GPtrArray) list = NULL;

  sb_imitations_set_fault_for (fixture->imitations, "http", SB_IMITATION_FAULT_SERVER_ERROR, 1);
  r = run (fixture,
           "[{\"id\": \"get\", \"kind\": \"http\", \"account\": ACCOUNT_HTTP,"
           "  \"method\": \"GET\", \"url\": \"/\"}]", NULL, NULL);
  list = events (fixture, r);

  g_assert_cmpint (sb_run_get_status (r), ==, SB_RUN_STATUS_SUCCEEDED);
  g_assert_cmpuint (sb_imitations_count_requests (fixture->imitations, "http", "GET", "/"), ==, 2);
  g_assert_cmpuint (count_level (list, SB_RUN_EVENT_LEVEL_WARNING), ==, 1);
  g_assert_nonnull (strstr (sb_run_event_get_message (find_event (list,
                                                                  SB_RUN_EVENT_LEVEL_WARNING,
                                                                  "get")), "500"));

  /* Always 500: the retries run out and the run fails, saying what the service said. */
  sb_imitations_set_fault (fixture->imitations, "http", SB_IMITATION_FAULT_SERVER_ERROR);
  g_clear_object (&r);
  g_clear_pointer (&list, g_ptr_array_unref);
  r = run (fixture,
           "[{\"id\": \"get\", \"kind\": \"http\", \"account\": ACCOUNT_HTTP,"
           "  \"method\": \"GET\", \"url\": \"/\"}]", "{\"retries\": 1}", NULL);
  sb_imitations_set_fault (fixture->imitations, "http", SB_IMITATION_FAULT_NONE);
  g_assert_cmpint (sb_run_get_status (r), ==, SB_RUN_STATUS_FAILED);
  g_assert_nonnull (strstr (sb_run_get_error (r), "500"));
  g_assert_cmpuint (sb_imitations_count_requests (fixture->imitations, "http", "GET", "/"), ==, 4);
}

static void
test_retry_after (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(SbRun) r = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gint64 start;

  sb_imitations_set_fault_for (fixture->imitations, "stripe", SB_IMITATION_FAULT_RATE_LIMIT, 1);
  start = g_get_monotonic_time ();
  r = run (fixture,
           "[{\"id\": \"charges\", \"kind\": \"action\", \"account\": ACCOUNT_STRIPE,"
           "  \"action\": \"list_charges\", \"input\": {}}]", NULL, NULL);
  list = events (fixture, r);

  g_assert_cmpint (sb_run_get_status (r), ==, SB_RUN_STATUS_SUCCEEDED);
  g_assert_cmpuint (sb_imitations_count_requests (fixture->imitations, "stripe", "GET",
                                                  "/v1/charges"), ==, 2);
  /* Retry-After: 1, far longer than the first backoff. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, G_USEC_PER_SEC);
  g_assert_cmpuint (count_level (list, SB_RUN_EVENT_LEVEL_WARNING), ==, 1);
  g_assert_nonnull (strstr (sb_run_event_get_message (find_event (list,
                                                                  SB_RUN_EVENT_LEVEL_WARNING,
                                                                  "charges")), "429"));
}

static void
test_idempotency_key (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(SbRun) r = NULL;
  const char *first;

  sb_imitations_set_fault_for (fixture->imitations, "stripe", SB_IMITATION_FAULT_SERVER_ERROR, 1);
  r = run (fixture,
           "[{\"id\": \"customer\", \"kind\": \"action\", \"account\": ACCOUNT_STRIPE,"
           "  \"action\": \"create_customer\","
           "  \"input\": {\"name\": \"Elsa Holmberg\", \"email\": \"elsa@example.org\"}}]",
           NULL, NULL);

  g_assert_cmpint (sb_run_get_status (r), ==, SB_RUN_STATUS_SUCCEEDED);
  g_assert_cmpuint (sb_imitations_count_requests (fixture->imitations, "stripe", "POST",
                                                  "/v1/customers"), ==, 2);
  g_assert_cmpuint (fixture->idempotency_keys->len, ==, 2);
  first = g_ptr_array_index (fixture->idempotency_keys, 0);
  g_assert_cmpuint (strlen (first), >, 0);
  g_assert_cmpstr (first, ==, g_ptr_array_index (fixture->idempotency_keys, 1));

  /* Another run is another operation, with another key. */
  g_clear_object (&r);
  r = run (fixture,
           "[{\"id\": \"customer\", \"kind\": \"action\", \"account\": ACCOUNT_STRIPE,"
           "  \"action\": \"create_customer\", \"input\": {\"name\": \"Omar Karimi\"}}]",
           NULL, NULL);
  g_assert_cmpint (sb_run_get_status (r), ==, SB_RUN_STATUS_SUCCEEDED);
  g_assert_cmpuint (fixture->idempotency_keys->len, ==, 3);
  g_assert_cmpstr (first, !=, g_ptr_array_index (fixture->idempotency_keys, 2));
}

static void
test_expired_token (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(SbRun) r = NULL;
  g_autoptr(GPtrArray) list = NULL;

  /* Fortnox says the token has expired although it has not: the runner renews it once and
   * asks again. */
  fixture->expire_next_api_call = TRUE;
  r = run (fixture,
           "[{\"id\": \"customers\", \"kind\": \"action\", \"account\": ACCOUNT_FORTNOX,"
           "  \"action\": \"list_customers\", \"input\": {}}]", NULL, NULL);
  list = events (fixture, r);

  g_assert_cmpstr (sb_run_get_error (r), ==, NULL);
  g_assert_cmpint (sb_run_get_status (r), ==, SB_RUN_STATUS_SUCCEEDED);
  g_assert_cmpuint (sb_imitations_count_requests (fixture->imitations, "fortnox", "GET",
                                                  "/3/customers"), ==, 2);
  g_assert_cmpuint (sb_imitations_count_requests (fixture->imitations, "fortnox", "POST",
                                                  "/oauth-v1/token"), ==, 2);
  assert_no_secrets (fixture, list);
}

static void
assert_account_status (Fixture         *fixture,
                       gint64           account_id,
                       SbAccountStatus  status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbAccount) stored = sb_store_get_account (fixture->store, account_id, &error);

  g_assert_no_error (error);
  g_assert_cmpint (sb_account_get_status (stored), ==, status);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (fixture->accounts)); i++)
    {
      g_autoptr(SbAccount) shown = g_list_model_get_item (G_LIST_MODEL (fixture->accounts), i);

      if (sb_account_get_id (shown) == account_id)
        g_assert_cmpint (sb_account_get_status (shown), ==, status);
    }
}

/* A filter inside a loop passes over an item: it is skipped, and says why. */
static void
test_for_each_filter (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(SbRun) r = run (fixture,
                            "[{\"id\": \"list\", \"kind\": \"map\", \"output\": ["
                            "  {\"name\": \"Elsa\", \"paid\": true},"
                            "  {\"name\": \"Omar\", \"paid\": false}]},"
                            " {\"id\": \"each\", \"kind\": \"for_each\","
                            "  \"items\": \"{{ steps.list }}\", \"steps\": ["
                            "  {\"id\": \"paid\", \"kind\": \"filter\","
                            "   \"condition\": \"{{ item.paid }}\"},"
                            "  {\"id\": \"post\", \"kind\": \"http\", \"account\": ACCOUNT_HTTP,"
                            "   \"method\": \"POST\", \"url\": \"/members\","
                            "   \"body\": {\"name\": \"{{ item.name }}\"}}]}]",
                            NULL, NULL);
  g_autoptr(GPtrArray) list = events (fixture, r);
  const char *outcomes[] = { "created", "skipped" };
  guint n = 0;

  g_assert_cmpint (sb_run_get_status (r), ==, SB_RUN_STATUS_SUCCEEDED);
  g_assert_cmpuint (sb_run_get_items_created (r), ==, 1);
  for (guint i = 0; i < list->len; i++)
    {
      SbRunEvent *event = g_ptr_array_index (list, i);
      JsonNode *node = sb_run_event_get_data (event);
      JsonObject *object;

      if (node == NULL || !json_object_has_member (json_node_get_object (node), "outcome"))
        continue;
      object = json_node_get_object (node);
      g_assert_cmpuint (n, <, G_N_ELEMENTS (outcomes));
      g_assert_cmpstr (json_object_get_string_member (object, "outcome"), ==, outcomes[n]);
      if (n == 1)
        g_assert_nonnull (strstr (json_object_get_string_member (object, "reason"),
                                  "Filtered"));
      n++;
    }
  g_assert_cmpuint (n, ==, 2);
}

static void
test_missing_credential (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(SbRun) r = NULL;
  g_autoptr(GPtrArray) list = NULL;

  fixture->credentials->withheld = g_strdup ("secret_key");
  r = run (fixture, SMALL_FLOW, NULL, NULL);
  list = events (fixture, r);

  g_assert_cmpint (sb_run_get_status (r), ==, SB_RUN_STATUS_FAILED);
  g_assert_nonnull (strstr (sb_run_get_error (r), "No credentials are kept for “Stripe test”"));
  g_assert_cmpuint (count_level (list, SB_RUN_EVENT_LEVEL_ERROR), ==, 1);
  g_assert_cmpuint (sb_imitations_count_requests (fixture->imitations, "stripe", NULL, NULL),
                    ==, 0);
  g_assert_cmpuint (sb_imitations_count_requests (fixture->imitations, "http", NULL, NULL), ==, 0);
  g_assert_cmpuint (count_account_errors (fixture, fixture->stripe_id), ==, 1);
  assert_account_status (fixture, fixture->stripe_id, SB_ACCOUNT_STATUS_NEEDS_CREDENTIALS);
}

/* A key the service no longer takes: the run fails and the account needs attention, in the
 * list the window shows and in the store. */
static void
test_refused_key (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(SbRun) r = NULL;

  /* Refused twice: the retry after a 401 meets the same answer. */
  sb_imitations_set_fault_for (fixture->imitations, "stripe", SB_IMITATION_FAULT_EXPIRED_TOKEN,
                               2);
  r = run (fixture, SMALL_FLOW, NULL, NULL);

  g_assert_cmpint (sb_run_get_status (r), ==, SB_RUN_STATUS_FAILED);
  g_assert_cmpuint (count_account_errors (fixture, fixture->stripe_id), ==, 1);
  assert_account_status (fixture, fixture->stripe_id, SB_ACCOUNT_STATUS_NEEDS_ATTENTION);
  /* The account's error says whom to ask, as the run's does. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) errors = sb_store_list_account_errors (fixture->store,
                                                                fixture->stripe_id, 0, &error);

    g_assert_no_error (error);
    g_assert_nonnull (strstr (sb_account_error_get_message (g_ptr_array_index (errors, 0)),
                              "(support of Stripe"));
  }
}

static void
test_no_secrets (Fixture       *fixture,
                 gconstpointer  data)
{
  /* Secrets the steps themselves carry: headers named like credentials, and the values of
   * the account's credentials wherever they turn up. */
  g_autofree char *steps =
    g_strdup_printf ("[{\"id\": \"post\", \"kind\": \"http\", \"account\": ACCOUNT_HTTP,"
                     "  \"method\": \"POST\", \"url\": \"/notes\","
                     "  \"headers\": {\"X-Api-Key\": \"%s\", \"Cookie\": \"session=abc\"},"
                     "  \"body\": {\"text\": \"the key is %s\", \"password\": \"hunter22\"}}]",
                     sb_imitations_get_credential (fixture->imitations, "http", "token"),
                     sb_imitations_get_credential (fixture->imitations, "http", "token"));
  g_autoptr(SbRun) r = run (fixture, steps, NULL, NULL);
  g_autoptr(GPtrArray) list = events (fixture, r);
  g_autoptr(SbRun) charges = NULL;
  g_autoptr(GPtrArray) charge_events = NULL;

  g_assert_cmpint (sb_run_get_status (r), ==, SB_RUN_STATUS_SUCCEEDED);
  assert_no_secrets (fixture, list);
  for (guint i = 0; i < list->len; i++)
    {
      JsonNode *node = sb_run_event_get_data (g_ptr_array_index (list, i));
      g_autofree char *text = node != NULL ? json_to_string (node, FALSE) : g_strdup ("");

      g_assert_null (strstr (text, "hunter22"));
      g_assert_null (strstr (text, "session=abc"));
    }

  charges = run (fixture, SMALL_FLOW, NULL, NULL);
  charge_events = events (fixture, charges);
  assert_no_secrets (fixture, charge_events);
}

static void
test_timeout (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(SbRun) r = NULL;
  gint64 start;

  sb_imitations_set_fault (fixture->imitations, "http", SB_IMITATION_FAULT_SLOW);
  start = g_get_monotonic_time ();
  r = run (fixture,
           "[{\"id\": \"get\", \"kind\": \"http\", \"account\": ACCOUNT_HTTP,"
           "  \"method\": \"GET\", \"url\": \"/\"}]",
           "{\"timeout_seconds\": 1, \"retries\": 0}", NULL);
  sb_imitations_set_fault (fixture->imitations, "http", SB_IMITATION_FAULT_NONE);

  g_assert_cmpint (sb_run_get_status (r), ==, SB_RUN_STATUS_FAILED);
  g_assert_nonnull (strstr (sb_run_get_error (r), "“get”"));
  g_assert_nonnull (strstr (sb_run_get_error (r), "longer than 1 second"));
  /* The slow answer takes 3 seconds; the step gave up after one. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
  /* The service's fault: the account's page shows it. */
  g_assert_cmpuint (count_account_errors (fixture, fixture->http_id), ==, 1);
}

static void
test_huge_body (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(SbRun) r = NULL;

  sb_imitations_set_fault (fixture->imitations, "http", SB_IMITATION_FAULT_HUGE_BODY);
  r = run (fixture,
           "[{\"id\": \"get\", \"kind\": \"http\", \"account\": ACCOUNT_HTTP,"
           "  \"method\": \"GET\", \"url\": \"/\"}]", NULL, NULL);
  sb_imitations_set_fault (fixture->imitations, "http", SB_IMITATION_FAULT_NONE);

  g_assert_cmpint (sb_run_get_status (r), ==, SB_RUN_STATUS_FAILED);
  g_assert_nonnull (strstr (sb_run_get_error (r), "10 MiB"));
}

/* An http step without an account: the URL is whole, nothing is authorized, and an answer
 * that says it is JSON but is not fails the step. */
static void
test_bad_json_without_account (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *steps =
    g_strdup_printf ("[{\"id\": \"get\", \"kind\": \"http\", \"method\": \"GET\","
                     "  \"url\": \"%s/\"}]",
                     sb_imitations_get_base_url (fixture->imitations, "http"));
  g_autoptr(SbRun) good = run (fixture, steps, NULL, NULL);
  g_autoptr(SbRun) bad = NULL;

  g_assert_cmpint (sb_run_get_status (good), ==, SB_RUN_STATUS_SUCCEEDED);

  sb_imitations_set_fault_for (fixture->imitations, "http", SB_IMITATION_FAULT_BAD_JSON, 1);
  bad = run (fixture, steps, NULL, NULL);
  g_assert_cmpint (sb_run_get_status (bad), ==, SB_RUN_STATUS_FAILED);
  g_assert_nonnull (strstr (sb_run_get_error (bad), "JSON that cannot be read"));
}

static void
engine_ran_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GPtrArray *runs = user_data;
  g_autoptr(GError) error = NULL;
  SbRun *r = sb_engine_run_finish (SB_ENGINE (object), result, &error);

  g_assert_no_error (error);
  g_ptr_array_add (runs, r);
}

static void
on_run_finished (SbEngine *engine,
                 SbRun    *r,
                 guint    *n)
{
  (*n)++;
}

static void
test_engine_one_at_a_time (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(SbEngine) engine = sb_engine_new (fixture->store,
                                              SB_CREDENTIAL_SOURCE (fixture->credentials),
                                              fixture->catalog);
  g_autoptr(SbIntegration) integration =
    add_integration (fixture,
                     "[{\"id\": \"get\", \"kind\": \"http\", \"account\": ACCOUNT_HTTP,"
                     "  \"method\": \"GET\", \"url\": \"/\"}]", NULL);
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  guint finished = 0;
  SbRun *first, *second;

  g_autoptr(GError) error = NULL;

  g_assert_true (sb_engine_start (engine, fixture->dir, &error));
  g_assert_no_error (error);
  g_signal_connect (engine, "run-finished", G_CALLBACK (on_run_finished), &finished);
  sb_engine_run_async (engine, integration, NULL, NULL, engine_ran_cb, runs);
  sb_engine_run_async (engine, integration, NULL, NULL, engine_ran_cb, runs);
  while (runs->len < 2)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (finished, ==, 2);
  first = g_ptr_array_index (runs, 0);
  second = g_ptr_array_index (runs, 1);
  g_assert_cmpint (sb_run_get_status (first), ==, SB_RUN_STATUS_SUCCEEDED);
  g_assert_cmpint (sb_run_get_status (second), ==, SB_RUN_STATUS_SUCCEEDED);
  g_assert_cmpint (sb_run_get_id (first), <, sb_run_get_id (second));
  /* The second started only after the first had finished. */
  g_assert_cmpint (g_date_time_compare (sb_run_get_started_at (second),
                                        sb_run_get_finished_at (first)), >=, 0);
}


/* ------------------------------------------------------------------------------------ */
/* The engine: the queue, the lock, the schedule, replay, cancel, recovery, webhooks */

static SbEngine *
start_engine (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  SbEngine *engine = sb_engine_new (fixture->store, SB_CREDENTIAL_SOURCE (fixture->credentials),
                                    fixture->catalog);

  sb_engine_set_webhook_port (engine, 0);
  g_assert_true (sb_engine_start (engine, fixture->dir, &error));
  g_assert_no_error (error);
  return engine;
}

/* A live integration with @trigger (ACCOUNT_… replaced as in the steps). */
static SbIntegration *
add_live_integration (Fixture    *fixture,
                      const char *trigger,
                      const char *steps,
                      const char *settings)
{
  SbIntegration *integration = add_integration (fixture, steps, settings);
  g_autofree char *stripe = g_strdup_printf ("%" G_GINT64_FORMAT, fixture->stripe_id);
  g_autoptr(GString) text = g_string_new (trigger);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;

  g_string_replace (text, "ACCOUNT_STRIPE", stripe, 0);
  node = parse (text->str);
  sb_integration_set_trigger (integration, node);
  sb_integration_set_status (integration, SB_INTEGRATION_STATUS_LIVE);
  sb_integration_set_activated_at (integration, now);
  g_assert_true (sb_store_update_integration (fixture->store, integration, &error));
  g_assert_no_error (error);
  return integration;
}

static SbRun *
wait_run (SbEngine *engine,
          gint64    run_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SbRun *done;

  sb_engine_wait_async (engine, run_id, NULL, ran_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  done = sb_engine_wait_finish (engine, result, &error);
  g_assert_no_error (error);
  return done;
}

static void
test_engine_lock (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(SbEngine) first = start_engine (fixture);
  g_autoptr(SbEngine) second = sb_engine_new (fixture->store,
                                              SB_CREDENTIAL_SOURCE (fixture->credentials),
                                              fixture->catalog);
  g_autoptr(GError) error = NULL;

  /* One engine per data directory: the second says who has it. */
  g_assert_false (sb_engine_start (second, fixture->dir, &error));
  g_assert_error (error, SB_ENGINE_ERROR, SB_ENGINE_ERROR_ELSEWHERE);
  g_assert_nonnull (strstr (error->message, "samband-cli serve"));
  g_assert_cmpint (sb_engine_get_lock_owner (second, fixture->dir), ==, getpid ());
  g_clear_error (&error);

  /* Once the first lets go, the second may start. */
  g_clear_object (&first);
  g_assert_cmpint (sb_engine_get_lock_owner (second, fixture->dir), ==, 0);
  g_assert_true (sb_engine_start (second, fixture->dir, &error));
  g_assert_no_error (error);
}

static void
test_engine_catch_up (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(SbIntegration) integration =
    add_live_integration (fixture, "{\"kind\": \"schedule\", \"every_minutes\": 60}",
                          "[{\"id\": \"get\", \"kind\": \"http\", \"account\": ACCOUNT_HTTP,"
                          "  \"method\": \"GET\", \"url\": \"/\"}]", NULL);
  g_autoptr(SbEngine) engine = sb_engine_new (fixture->store,
                                              SB_CREDENTIAL_SOURCE (fixture->credentials),
                                              fixture->catalog);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) asleep = g_date_time_add_hours (now, -5);
  g_autofree char *last = g_date_time_format_iso8601 (asleep);
  g_autoptr(GPtrArray) queued = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SbRun) done = NULL;
  JsonObject *input;
  SbRun *run;

  /* The computer slept through five hourly slots. */
  g_assert_true (sb_store_set_cursor (fixture->store, sb_integration_get_id (integration),
                                      "schedule", last, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (sb_engine_check_triggers (engine, now), ==, 1);
  /* Once, not once per slot: a second look queues nothing more. */
  g_assert_cmpuint (sb_engine_check_triggers (engine, now), ==, 0);

  queued = sb_store_list_unfinished_runs (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (queued->len, ==, 1);
  run = g_ptr_array_index (queued, 0);
  g_assert_cmpstr (sb_run_get_trigger_kind (run), ==, "schedule");
  g_assert_true (sb_run_get_catch_up (run));
  input = json_node_get_object (sb_run_get_trigger_input (run));
  g_assert_cmpint (json_object_get_int_member (input, "missed"), ==, 5);
  g_assert_true (json_object_get_boolean_member (input, "catch_up"));

  /* Started, the engine runs what waits. */
  g_assert_true (sb_engine_start (engine, fixture->dir, &error));
  g_assert_no_error (error);
  done = wait_run (engine, sb_run_get_id (run));
  g_assert_cmpint (sb_run_get_status (done), ==, SB_RUN_STATUS_SUCCEEDED);
  g_assert_true (sb_run_get_catch_up (done));

  /* On time an hour later: a run, not a catch-up. */
  {
    g_autoptr(GDateTime) later = g_date_time_add_hours (now, 1);
    g_autoptr(GPtrArray) next = NULL;

    g_assert_cmpuint (sb_engine_check_triggers (engine, later), ==, 1);
    next = sb_store_list_unfinished_runs (fixture->store, &error);
    g_assert_cmpuint (next->len, ==, 1);
    g_assert_false (sb_run_get_catch_up (g_ptr_array_index (next, 0)));
  }
}

static guint
count_step_events (Fixture    *fixture,
                   SbRun      *r,
                   const char *step_id)
{
  g_autoptr(GPtrArray) list = events (fixture, r);
  guint n = 0;

  for (guint i = 0; i < list->len; i++)
    if (g_strcmp0 (sb_run_event_get_step_id (g_ptr_array_index (list, i)), step_id) == 0)
      n++;
  return n;
}

static void
test_engine_replay (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *steps =
    "[{\"id\": \"first\", \"kind\": \"map\", \"output\": {\"seen\": \"{{ trigger.member }}\"}},"
    " {\"id\": \"second\", \"kind\": \"http\", \"account\": ACCOUNT_HTTP, \"method\": \"POST\","
    "  \"url\": \"/members\", \"body\": {\"seen\": \"{{ steps.first.seen }}\"}}]";
  g_autoptr(SbIntegration) integration = add_integration (fixture, steps, "{\"retries\": 0}");
  g_autoptr(SbEngine) engine = start_engine (fixture);
  g_autoptr(JsonNode) input = parse ("{\"member\": 7}");
  g_autoptr(SbRun) queued = NULL;
  g_autoptr(SbRun) failed = NULL;
  g_autoptr(SbRun) replay = NULL;
  g_autoptr(SbRun) replayed = NULL;
  g_autoptr(SbRun) again = NULL;
  g_autoptr(SbRun) again_done = NULL;
  g_autoptr(GError) error = NULL;

  /* The first step maps, the second meets a 500: the run fails at "second". */
  queued = sb_engine_enqueue (engine, integration, "webhook", input, &error);
  g_assert_no_error (error);
  sb_imitations_set_fault_for (fixture->imitations, "http", SB_IMITATION_FAULT_SERVER_ERROR, 1);
  failed = wait_run (engine, sb_run_get_id (queued));
  g_assert_cmpint (sb_run_get_status (failed), ==, SB_RUN_STATUS_FAILED);

  /* From the failed step: "first" does not run again, its recorded output is used. */
  sb_imitations_reset_counts (fixture->imitations);
  replay = sb_engine_replay (engine, sb_run_get_id (failed), TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sb_run_get_replay_of (replay), ==, sb_run_get_id (failed));
  g_assert_cmpuint (sb_run_get_start_step (replay), ==, 1);
  replayed = wait_run (engine, sb_run_get_id (replay));
  g_assert_cmpint (sb_run_get_status (replayed), ==, SB_RUN_STATUS_SUCCEEDED);
  g_assert_cmpuint (sb_imitations_count_requests (fixture->imitations, "http", "POST",
                                                  "/members"), ==, 1);
  g_assert_cmpuint (count_step_events (fixture, replayed, "first"), ==, 0);
  /* The same trigger input. */
  g_assert_true (json_node_equal (sb_run_get_trigger_input (replayed), input));

  /* A run that succeeded has no failed step to go on from, but replays whole. */
  g_assert_null (sb_engine_replay (engine, sb_run_get_id (replayed), TRUE, &error));
  g_assert_error (error, SB_ENGINE_ERROR, SB_ENGINE_ERROR_NOT_REPLAYABLE);
  g_clear_error (&error);
  again = sb_engine_replay (engine, sb_run_get_id (failed), FALSE, &error);
  g_assert_no_error (error);
  again_done = wait_run (engine, sb_run_get_id (again));
  g_assert_cmpint (sb_run_get_status (again_done), ==, SB_RUN_STATUS_SUCCEEDED);
  g_assert_cmpuint (count_step_events (fixture, again_done, "first"), >, 0);
}

static void
test_engine_cancel (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(SbIntegration) integration =
    add_integration (fixture,
                     "[{\"id\": \"slow\", \"kind\": \"http\", \"account\": ACCOUNT_HTTP,"
                     "  \"method\": \"GET\", \"url\": \"/\"}]", "{\"retries\": 0}");
  g_autoptr(SbEngine) engine = start_engine (fixture);
  g_autoptr(SbRun) first = NULL;
  g_autoptr(SbRun) second = NULL;
  g_autoptr(SbRun) first_done = NULL;
  g_autoptr(SbRun) second_done = NULL;
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();

  sb_imitations_set_fault_for (fixture->imitations, "http", SB_IMITATION_FAULT_SLOW, 1);
  first = sb_engine_enqueue (engine, integration, "manual", NULL, &error);
  second = sb_engine_enqueue (engine, integration, "manual", NULL, &error);
  g_assert_no_error (error);

  /* The second waits behind the first (one at a time): cancelled, it never runs. */
  while (sb_engine_list_running (engine)->len == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (sb_engine_cancel (engine, sb_run_get_id (second), &error));
  g_assert_no_error (error);
  second_done = wait_run (engine, sb_run_get_id (second));
  g_assert_cmpint (sb_run_get_status (second_done), ==, SB_RUN_STATUS_CANCELLED);

  /* The first is running against a slow service: it stops without waiting for it. */
  g_assert_true (sb_engine_cancel (engine, sb_run_get_id (first), &error));
  g_assert_no_error (error);
  first_done = wait_run (engine, sb_run_get_id (first));
  g_assert_cmpint (sb_run_get_status (first_done), ==, SB_RUN_STATUS_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 3 * G_USEC_PER_SEC);

  /* An ended run cannot be cancelled. */
  g_assert_false (sb_engine_cancel (engine, sb_run_get_id (first), &error));
  g_assert_error (error, SB_ENGINE_ERROR, SB_ENGINE_ERROR_NOT_FOUND);
}

static void
on_paused (SbEngine   *engine,
           gint64      integration_id,
           const char *reason,
           char      **out)
{
  *out = g_strdup (reason);
}

static void
test_engine_auto_pause (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(SbIntegration) integration =
    add_live_integration (fixture, "{\"kind\": \"manual\"}",
                          "[{\"id\": \"get\", \"kind\": \"http\", \"account\": ACCOUNT_HTTP,"
                          "  \"method\": \"GET\", \"url\": \"/\"}]",
                          "{\"retries\": 0, \"pause_after_failures\": 2}");
  g_autoptr(SbEngine) engine = start_engine (fixture);
  g_autoptr(SbIntegration) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;

  g_signal_connect (engine, "integration-paused", G_CALLBACK (on_paused), &reason);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(SbRun) queued = NULL;
      g_autoptr(SbRun) done = NULL;

      sb_imitations_set_fault_for (fixture->imitations, "http", SB_IMITATION_FAULT_SERVER_ERROR,
                                   1);
      queued = sb_engine_enqueue (engine, integration, "manual", NULL, &error);
      g_assert_no_error (error);
      done = wait_run (engine, sb_run_get_id (queued));
      g_assert_cmpint (sb_run_get_status (done), ==, SB_RUN_STATUS_FAILED);
      /* Not after the first. */
      if (i == 0)
        g_assert_null (reason);
    }

  g_assert_cmpstr (reason, ==, "Paused after 2 failed runs in a row");
  stored = sb_store_get_integration (fixture->store, sb_integration_get_id (integration),
                                     &error);
  g_assert_cmpint (sb_integration_get_status (stored), ==, SB_INTEGRATION_STATUS_PAUSED);
}

static void
test_engine_recover (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(SbIntegration) integration =
    add_integration (fixture,
                     "[{\"id\": \"get\", \"kind\": \"http\", \"account\": ACCOUNT_HTTP,"
                     "  \"method\": \"GET\", \"url\": \"/\"}]", NULL);
  g_autoptr(SbRun) crashed = sb_run_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(JsonNode) input = parse ("{\"type\": \"charge.succeeded\"}");
  g_autoptr(SbEngine) engine = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(SbRun) old = NULL;
  g_autoptr(SbRun) done = NULL;
  g_autoptr(GError) error = NULL;
  SbRun *retry = NULL;

  /* What a process killed mid-run leaves: a run still "running". */
  sb_run_set_integration_id (crashed, sb_integration_get_id (integration));
  sb_run_set_status (crashed, SB_RUN_STATUS_RUNNING);
  sb_run_set_started_at (crashed, now);
  sb_run_set_trigger_kind (crashed, "webhook");
  sb_run_set_trigger_input (crashed, input);
  g_assert_true (sb_store_insert_run (fixture->store, crashed, &error));
  g_assert_no_error (error);

  engine = start_engine (fixture);
  old = sb_store_get_run (fixture->store, sb_run_get_id (crashed), &error);
  g_assert_cmpint (sb_run_get_status (old), ==, SB_RUN_STATUS_INTERRUPTED);
  g_assert_nonnull (sb_run_get_finished_at (old));

  runs = sb_store_list_runs (fixture->store, sb_integration_get_id (integration), 0, &error);
  for (guint i = 0; i < runs->len; i++)
    if (sb_run_get_replay_of (g_ptr_array_index (runs, i)) == sb_run_get_id (crashed))
      retry = g_ptr_array_index (runs, i);
  g_assert_nonnull (retry);
  g_assert_cmpuint (sb_run_get_attempt (retry), ==, 2);
  g_assert_cmpstr (sb_run_get_trigger_kind (retry), ==, "webhook");
  done = wait_run (engine, sb_run_get_id (retry));
  g_assert_cmpint (sb_run_get_status (done), ==, SB_RUN_STATUS_SUCCEEDED);
  g_assert_true (json_node_equal (sb_run_get_trigger_input (done), input));
}

static void
webhook_sent_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  guint *status = user_data;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (object), result,
                                                              NULL);
  SoupMessage *message = g_object_get_data (G_OBJECT (object), "message");

  *status = soup_message_get_status (message);
}

static guint
send_webhook (Fixture    *fixture,
              const char *url,
              const char *secret,
              const char *event)
{
  g_autoptr(SoupMessage) message = sb_imitations_new_webhook_message (fixture->imitations,
                                                                      "stripe", url, secret,
                                                                      event);
  guint status = 0;

  g_object_set_data (G_OBJECT (fixture->session), "message", message);
  soup_session_send_and_read_async (fixture->session, message, G_PRIORITY_DEFAULT, NULL,
                                    webhook_sent_cb, &status);
  while (status == 0)
    g_main_context_iteration (NULL, TRUE);
  return status;
}

static void
test_engine_webhook (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(SbIntegration) integration =
    add_live_integration (fixture,
                          "{\"kind\": \"webhook\", \"account\": ACCOUNT_STRIPE,"
                          " \"event\": \"payment_intent.succeeded\", \"token\": \"t0ken\"}",
                          "[{\"id\": \"post\", \"kind\": \"http\", \"account\": ACCOUNT_HTTP,"
                          "  \"method\": \"POST\", \"url\": \"/paid\","
                          "  \"body\": {\"id\": \"{{ trigger.data.object.id }}\"}}]", NULL);
  g_autoptr(SbEngine) engine = start_engine (fixture);
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/hooks/t0ken",
                                          sb_engine_get_webhook_port (engine));
  g_autofree char *other = g_strdup_printf ("http://127.0.0.1:%u/hooks/nobody",
                                            sb_engine_get_webhook_port (engine));
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(SbRun) done = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (sb_engine_get_webhook_port (engine), >, 0);

  /* Wrongly signed, or for no integration: refused, nothing kept. */
  g_assert_cmpuint (send_webhook (fixture, url, "whsec_wrong", "payment_intent.succeeded"), ==,
                    401);
  g_assert_cmpuint (send_webhook (fixture, other, NULL, "payment_intent.succeeded"), ==, 404);
  /* Another kind of event: answered, not run. */
  g_assert_cmpuint (send_webhook (fixture, url, NULL, "charge.succeeded"), ==, 202);
  runs = sb_store_list_runs (fixture->store, sb_integration_get_id (integration), 0, &error);
  g_assert_cmpuint (runs->len, ==, 0);
  g_clear_pointer (&runs, g_ptr_array_unref);

  /* The real one: kept before the answer, then run with the event as its trigger. */
  g_assert_cmpuint (send_webhook (fixture, url, NULL, "payment_intent.succeeded"), ==, 202);
  runs = sb_store_list_runs (fixture->store, sb_integration_get_id (integration), 0, &error);
  g_assert_cmpuint (runs->len, ==, 1);
  done = wait_run (engine, sb_run_get_id (g_ptr_array_index (runs, 0)));
  g_assert_cmpint (sb_run_get_status (done), ==, SB_RUN_STATUS_SUCCEEDED);
  g_assert_cmpstr (sb_run_get_trigger_kind (done), ==, "webhook");
  g_assert_cmpuint (sb_imitations_count_requests (fixture->imitations, "http", "POST", "/paid"),
                    ==, 1);
}

static void
test_engine_retention (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(SbIntegration) integration =
    add_integration (fixture, "[{\"id\": \"m\", \"kind\": \"map\", \"output\": 1}]", NULL);
  g_autoptr(SbEngine) engine = start_engine (fixture);
  g_autoptr(GPtrArray) left = NULL;
  g_autoptr(GError) error = NULL;
  gint64 newest = 0;

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(SbRun) queued = sb_engine_enqueue (engine, integration, "manual", NULL, &error);
      g_autoptr(SbRun) done = wait_run (engine, sb_run_get_id (queued));

      newest = sb_run_get_id (done);
    }

  /* At most two per integration: the newest stay, with their events; the older go. */
  sb_engine_set_retention (engine, 90, 2);
  g_assert_cmpint (sb_engine_prune (engine, &error), ==, 3);
  g_assert_no_error (error);
  left = sb_store_list_runs (fixture->store, sb_integration_get_id (integration), 0, &error);
  g_assert_cmpuint (left->len, ==, 2);
  g_assert_cmpint (sb_run_get_id (g_ptr_array_index (left, 0)), ==, newest);
  g_assert_cmpuint (count_step_events (fixture, g_ptr_array_index (left, 0), "m"), >, 0);
  /* Nothing more to prune. */
  g_assert_cmpint (sb_engine_prune (engine, &error), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/engine/runner/manual", test_manual_run);
  ADD ("/engine/runner/for-each", test_for_each);
  ADD ("/engine/runner/for-each-filter", test_for_each_filter);
  ADD ("/engine/runner/filter", test_filter);
  ADD ("/engine/runner/template-error", test_template_error);
  ADD ("/engine/runner/retry-server-error", test_retry_server_error);
  ADD ("/engine/runner/retry-after", test_retry_after);
  ADD ("/engine/runner/idempotency-key", test_idempotency_key);
  ADD ("/engine/runner/expired-token", test_expired_token);
  ADD ("/engine/runner/missing-credential", test_missing_credential);
  ADD ("/engine/runner/refused-key", test_refused_key);
  ADD ("/engine/runner/no-secrets", test_no_secrets);
  ADD ("/engine/runner/timeout", test_timeout);
  ADD ("/engine/runner/huge-body", test_huge_body);
  ADD ("/engine/runner/bad-json", test_bad_json_without_account);
  ADD ("/engine/engine/one-at-a-time", test_engine_one_at_a_time);
  ADD ("/engine/engine/lock", test_engine_lock);
  ADD ("/engine/engine/catch-up", test_engine_catch_up);
  ADD ("/engine/engine/replay", test_engine_replay);
  ADD ("/engine/engine/cancel", test_engine_cancel);
  ADD ("/engine/engine/auto-pause", test_engine_auto_pause);
  ADD ("/engine/engine/recover", test_engine_recover);
  ADD ("/engine/engine/webhook", test_engine_webhook);
  ADD ("/engine/engine/retention", test_engine_retention);

  return g_test_run ();
}
