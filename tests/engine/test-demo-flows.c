/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "connectors/sb-connector-catalog.h"
#include "demo/sb-demo.h"
#include "demo/sb-imitation.h"
#include "engine/sb-runner.h"
#include "test-credentials.h"

/* Every integration of the demo runs for real against the imitations: the actions it names
 * exist, their parameters are the catalog's, and the paths into the answers find data. */


typedef struct
{
  char               *dir;
  SbImitations       *imitations;
  SbStore            *store;
  SoupSession        *session;
  SbConnectorCatalog *catalog;
  TestCredentials    *credentials;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("sb-test-demo-flows-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "samband.db", NULL);
  fixture->store = sb_store_open (path, &error);
  g_assert_no_error (error);
  fixture->imitations = sb_imitations_new ();
  g_assert_true (sb_imitations_start (fixture->imitations, &error));
  g_assert_no_error (error);
  fixture->session = soup_session_new_with_options ("max-conns-per-host", 8, NULL);
  fixture->catalog = sb_connector_catalog_new ();
  fixture->credentials = g_object_new (TEST_TYPE_CREDENTIALS, NULL);
  fixture->credentials->imitations = fixture->imitations;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "samband.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_clear_object (&fixture->credentials);
  g_clear_object (&fixture->catalog);
  soup_session_abort (fixture->session);
  g_clear_object (&fixture->session);
  sb_imitations_stop (fixture->imitations);
  g_clear_object (&fixture->imitations);
  g_clear_object (&fixture->store);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

/* The demo names accounts by key; the engine takes ids. */
static void
replace_accounts (JsonNode   *node,
                  GHashTable *ids)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      json_object_iter_init (&iter, object);
      while (json_object_iter_next (&iter, &name, &value))
        {
          if (g_str_equal (name, "account") && JSON_NODE_HOLDS_VALUE (value))
            {
              gint64 *id = g_hash_table_lookup (ids, json_node_get_string (value));

              g_assert_nonnull (id);
              json_node_set_int (value, *id);
            }
          else
            replace_accounts (value, ids);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        replace_accounts (json_array_get_element (array, i), ids);
    }
}

/* What secrets/ does with the engine's credentials-changed. */
static void
credentials_changed (gint64               account_id,
                     const SbCredentials *changed,
                     gpointer             user_data)
{
  TestCredentials *self = user_data;
  g_auto(GStrv) fields = sb_credentials_dup_fields (changed);

  for (guint i = 0; fields[i] != NULL; i++)
    g_hash_table_insert (self->kept,
                         g_strdup_printf ("%" G_GINT64_FORMAT "/%s", account_id, fields[i]),
                         g_strdup (sb_credentials_get (changed, fields[i])));
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
run_integration (Fixture       *fixture,
                 SbIntegration *integration,
                 GListModel    *accounts,
                 JsonNode      *input)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SbRun *run;

  sb_runner_run_full_async (fixture->store, fixture->session, fixture->catalog,
                            SB_CREDENTIAL_SOURCE (fixture->credentials), integration, accounts,
                            input, credentials_changed, fixture->credentials, NULL, ran_cb,
                            &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  run = sb_runner_run_finish (result, &error);
  g_assert_no_error (error);
  return run;
}

/* The output of the first step of a one-step integration made for the purpose: real data
 * from the imitations to trigger the demo's webhook and poll integrations with. */
static JsonNode *
fetch (Fixture    *fixture,
       gint64      organization_id,
       GListModel *accounts,
       const char *steps,
       const char *path)
{
  g_autoptr(SbIntegration) integration = sb_integration_new ();
  g_autoptr(JsonNode) node = json_from_string (steps, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SbRun) run = NULL;
  g_autoptr(GPtrArray) events = NULL;

  sb_integration_set_organization_id (integration, organization_id);
  sb_integration_set_name (integration, "Fetch");
  sb_integration_set_steps (integration, node);
  g_assert_true (sb_store_insert_integration (fixture->store, integration, &error));
  run = run_integration (fixture, integration, accounts, NULL);
  g_assert_cmpstr (sb_run_get_error (run), ==, NULL);
  events = sb_store_list_run_events (fixture->store, sb_run_get_id (run), &error);
  for (guint i = 0; i < events->len; i++)
    {
      JsonNode *data = sb_run_event_get_data (g_ptr_array_index (events, i));
      JsonNode *found = data != NULL ? sb_json_path_lookup (data, path) : NULL;

      if (found != NULL)
        return json_node_copy (found);
    }
  g_assert_not_reached ();
  return NULL;
}

static void
test_demo_flows (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(JsonNode) document = sb_demo_build_document ();
  JsonArray *organizations = json_object_get_array_member (json_node_get_object (document),
                                                           "organizations");
  guint ran = 0;

  for (guint o = 0; o < json_array_get_length (organizations); o++)
    {
      JsonObject *org = json_array_get_object_element (organizations, o);
      JsonArray *accounts = json_object_get_array_member (org, "accounts");
      JsonArray *integrations = json_object_get_array_member (org, "integrations");
      g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_autoptr(GListStore) list = g_list_store_new (SB_TYPE_ACCOUNT);
      g_autoptr(SbOrganization) organization = sb_organization_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) charge = NULL;
      g_autoptr(JsonNode) order = NULL;

      sb_organization_set_name (organization, json_object_get_string_member (org, "name"));
      sb_organization_set_kind (organization, SB_ORGANIZATION_KIND_CLUB);
      g_assert_true (sb_store_insert_organization (fixture->store, organization, &error));
      g_assert_no_error (error);

      for (guint a = 0; a < json_array_get_length (accounts); a++)
        {
          JsonObject *object = json_array_get_object_element (accounts, a);
          const char *service = json_object_get_string_member (object, "connector");
          g_autoptr(SbAccount) account = sb_account_new ();
          gint64 *id = g_new (gint64, 1);
          gint64 *key = g_new (gint64, 1);

          sb_account_set_organization_id (account, sb_organization_get_id (organization));
          sb_account_set_connector_id (account, service);
          sb_account_set_name (account, json_object_get_string_member (object, "name"));
          sb_account_set_base_url (account, sb_imitations_get_base_url (fixture->imitations,
                                                                        service));
          g_assert_true (sb_store_insert_account (fixture->store, account, &error));
          g_assert_no_error (error);
          g_list_store_append (list, account);
          *id = *key = sb_account_get_id (account);
          g_hash_table_insert (ids, g_strdup (json_object_get_string_member (object, "key")), id);
          g_hash_table_insert (fixture->credentials->services, key, g_strdup (service));
        }

      /* What the webhook and poll triggers deliver: a Stripe event about a fee payment, and
       * a shop order as Shopify lists it. */
      if (g_hash_table_contains (ids, "stripe"))
        {
          g_autofree char *steps =
            g_strdup_printf ("[{\"id\": \"c\", \"kind\": \"action\", \"account\": %"
                             G_GINT64_FORMAT ", \"action\": \"list_charges\", \"input\": "
                             "{\"limit\": 1}}]",
                             *(gint64 *)g_hash_table_lookup (ids, "stripe"));

          charge = fetch (fixture, sb_organization_get_id (organization), G_LIST_MODEL (list),
                          steps, "output.body.data[0]");
        }
      if (g_hash_table_contains (ids, "shop"))
        {
          g_autofree char *steps =
            g_strdup_printf ("[{\"id\": \"o\", \"kind\": \"action\", \"account\": %"
                             G_GINT64_FORMAT ", \"action\": \"list_orders\", \"input\": "
                             "{\"status\": \"any\", \"limit\": 1}}]",
                             *(gint64 *)g_hash_table_lookup (ids, "shop"));

          order = fetch (fixture, sb_organization_get_id (organization), G_LIST_MODEL (list),
                         steps, "output.body.orders[0]");
        }

      for (guint i = 0; i < json_array_get_length (integrations); i++)
        {
          JsonObject *object = json_array_get_object_element (integrations, i);
          g_autoptr(SbIntegration) integration = sb_integration_new ();
          g_autoptr(JsonNode) steps = json_node_copy (json_object_get_member (object, "steps"));
          g_autoptr(JsonNode) input = NULL;
          g_autoptr(SbRun) run = NULL;
          JsonObject *trigger = json_object_get_object_member (object, "trigger");
          const char *kind = json_object_get_string_member (trigger, "kind");

          if (json_array_get_length (json_node_get_array (steps)) == 0)
            continue;

          replace_accounts (steps, ids);
          sb_integration_set_organization_id (integration, sb_organization_get_id (organization));
          sb_integration_set_name (integration, json_object_get_string_member (object, "name"));
          sb_integration_set_steps (integration, steps);
          sb_integration_set_settings (integration, json_object_get_member (object, "settings"));
          g_assert_true (sb_store_insert_integration (fixture->store, integration, &error));
          g_assert_no_error (error);

          if (g_str_equal (kind, "webhook"))
            {
              g_autoptr(JsonObject) event = json_object_new ();
              g_autoptr(JsonObject) wrapper = json_object_new ();

              g_assert_nonnull (charge);
              json_object_set_member (wrapper, "object", json_node_copy (charge));
              json_object_set_string_member (event, "type", "payment_intent.succeeded");
              json_object_set_object_member (event, "data", g_steal_pointer (&wrapper));
              input = json_node_init_object (json_node_alloc (), event);
            }
          else if (g_str_equal (kind, "poll"))
            {
              g_assert_nonnull (order);
              input = json_node_copy (order);
            }

          run = run_integration (fixture, integration, G_LIST_MODEL (list), input);
          if (sb_run_get_status (run) != SB_RUN_STATUS_SUCCEEDED ||
              sb_run_get_items_failed (run) > 0)
            {
              g_autoptr(GPtrArray) events = sb_store_list_run_events (fixture->store,
                                                                      sb_run_get_id (run),
                                                                      NULL);

              for (guint e = 0; e < events->len; e++)
                {
                  SbRunEvent *event = g_ptr_array_index (events, e);
                  JsonNode *event_data = sb_run_event_get_data (event);
                  g_autofree char *text = event_data != NULL ? json_to_string (event_data, FALSE)
                                                             : g_strdup ("");

                  g_test_message ("%s: %s %.600s", sb_integration_get_name (integration),
                                  sb_run_event_get_message (event), text);
                }
            }
          g_test_message ("%s: read %u, created %u, failed %u",
                          sb_integration_get_name (integration),
                          sb_run_get_items_read (run), sb_run_get_items_created (run),
                          sb_run_get_items_failed (run));
          g_assert_cmpstr (sb_run_get_error (run), ==, NULL);
          g_assert_cmpint (sb_run_get_status (run), ==, SB_RUN_STATUS_SUCCEEDED);
          g_assert_cmpuint (sb_run_get_items_failed (run), ==, 0);
          ran++;
        }
    }

  g_assert_cmpuint (ran, >=, 7);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/engine/demo/flows", Fixture, NULL, fixture_set_up, test_demo_flows,
              fixture_tear_down);

  return g_test_run ();
}
