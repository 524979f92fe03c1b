/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gstdio.h>

#include "workspace/sb-workspace.h"
#include "workspace/sb-workspace-private.h"
#include "demo-fixture.h"

/* Imports through the workspace: real runs of the demo's member import against the local
 * imitations of IdrottOnline and Fortnox, with the demo credentials in the private keyring
 * that build-aux/test-env starts. */

#define MEMBER_IMPORT "Import new members from IdrottOnline"

static SbRun *
run_import (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SbIntegration) import = sb_workspace_find_integration (fixture->workspace,
                                                                   MEMBER_IMPORT, &error);
  GAsyncResult *slot = NULL;
  SbRun *run;

  g_assert_no_error (error);
  sb_workspace_run_integration_async (fixture->workspace, import, NULL, NULL, got_result_cb,
                                      &slot);
  result = wait_for (&slot);
  run = sb_workspace_run_integration_finish (fixture->workspace, result, &error);
  g_assert_no_error (error);
  return run;
}

static GPtrArray *
list_items (Fixture *fixture,
            SbRun   *run)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *items = sb_workspace_list_import_items (fixture->workspace, run, &error);

  g_assert_no_error (error);
  return items;
}

static GPtrArray *
list_imports (Fixture        *fixture,
              const char     *search,
              SbImportStatus  status,
              GDateTime      *since)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) org = sb_workspace_find_organization (fixture->workspace, "Demo IF",
                                                                  &error);
  GPtrArray *runs;

  g_assert_no_error (error);
  runs = sb_workspace_list_imports (fixture->workspace, org, search, status, since, NULL, 0,
                                    &error);
  g_assert_no_error (error);
  return runs;
}

static gboolean
has_run (GPtrArray *runs,
         SbRun     *run)
{
  for (guint i = 0; i < runs->len; i++)
    if (sb_run_get_id (g_ptr_array_index (runs, i)) == sb_run_get_id (run))
      return TRUE;
  return FALSE;
}

/* Every member IdrottOnline lists becomes a customer, each named in the details. */
static void
test_members_created (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(SbRun) run = run_import (fixture);
  g_autoptr(GPtrArray) items = list_items (fixture, run);

  g_assert_cmpint (sb_run_get_status (run), ==, SB_RUN_STATUS_SUCCEEDED);
  g_assert_cmpint (sb_import_status_for_run (run), ==, SB_IMPORT_STATUS_DONE);
  g_assert_cmpuint (sb_run_get_items_read (run), >, 0);
  g_assert_cmpuint (sb_run_get_items_created (run), ==, sb_run_get_items_read (run));
  g_assert_cmpuint (items->len, ==, sb_run_get_items_read (run));
  /* At least one request per member (one more when the service asked to slow down). */
  g_assert_cmpuint (sb_imitations_count_requests (fixture->imitations, "fortnox", "POST",
                                                  "/3/customers"), >=, items->len);

  for (guint i = 0; i < items->len; i++)
    {
      SbImportItem *item = g_ptr_array_index (items, i);

      g_assert_cmpuint (item->index, ==, i);
      g_assert_cmpstr (item->step_id, ==, "each");
      g_assert_cmpstr (item->outcome, ==, "created");
      g_assert_null (item->reason);
      /* A person: “FirstName LastName”, and the PersonId. */
      g_assert_nonnull (item->key);
      g_assert_nonnull (strchr (item->key, ' '));
      g_assert_nonnull (item->id);
    }
}

/* Fortnox fails for the first member only: the import is partial, and the member that
 * failed says why, naming Fortnox's support. */
static void
test_member_failed (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(SbRun) first = run_import (fixture);
  g_autoptr(SbRun) run = NULL;
  g_autoptr(GPtrArray) items = NULL;
  SbImportItem *failed;

  /* Every attempt at the first member's request: the first and its retries. */
  sb_imitations_set_fault_for (fixture->imitations, "fortnox", SB_IMITATION_FAULT_SERVER_ERROR,
                               4);
  run = run_import (fixture);
  items = list_items (fixture, run);

  g_assert_cmpint (sb_run_get_status (run), ==, SB_RUN_STATUS_SUCCEEDED);
  g_assert_cmpuint (sb_run_get_items_failed (run), ==, 1);
  g_assert_cmpint (sb_import_status_for_run (run), ==, SB_IMPORT_STATUS_PARTIAL);
  g_assert_cmpuint (items->len, ==, sb_run_get_items_read (run));

  failed = g_ptr_array_index (items, 0);
  g_assert_cmpstr (failed->outcome, ==, "failed");
  g_assert_nonnull (failed->reason);
  g_assert_nonnull (strstr (failed->reason, "“customer”"));
  g_assert_nonnull (strstr (failed->reason, "Fortnox"));
  g_assert_nonnull (strstr (failed->reason, "https://www.fortnox.se/support"));
  for (guint i = 1; i < items->len; i++)
    g_assert_cmpstr (((SbImportItem *) g_ptr_array_index (items, i))->outcome, ==, "created");
}

/* IdrottOnline does not answer properly: the import fails, and its error says whom to
 * contact: the provider and its support page. */
static void
test_source_failed (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(SbRun) run = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) failed = NULL;

  sb_imitations_set_fault (fixture->imitations, "idrottonline",
                           SB_IMITATION_FAULT_SERVER_ERROR);
  run = run_import (fixture);
  sb_imitations_set_fault (fixture->imitations, "idrottonline", SB_IMITATION_FAULT_NONE);
  items = list_items (fixture, run);
  failed = list_imports (fixture, "idrott", SB_IMPORT_STATUS_FAILED, NULL);

  g_assert_cmpint (sb_run_get_status (run), ==, SB_RUN_STATUS_FAILED);
  g_assert_cmpint (sb_import_status_for_run (run), ==, SB_IMPORT_STATUS_FAILED);
  g_assert_nonnull (strstr (sb_run_get_error (run), "Riksidrottsförbundet"));
  g_assert_nonnull (strstr (sb_run_get_error (run), "https://support.idrottonline.se"));
  g_assert_cmpuint (items->len, ==, 0);
  g_assert_true (has_run (failed, run));
}

/* Every service of the catalog but the generic HTTP one names its provider and a support
 * contact, which the runner adds to every error the service causes. */
static void
test_providers (Fixture       *fixture,
                gconstpointer  data)
{
  GListModel *connectors =
    sb_connector_catalog_get_connectors (sb_workspace_get_catalog (fixture->workspace));

  g_assert_cmpuint (g_list_model_get_n_items (connectors), >=, 7);
  for (guint i = 0; i < g_list_model_get_n_items (connectors); i++)
    {
      g_autoptr(SbConnector) connector = g_list_model_get_item (connectors, i);

      if (g_str_equal (sb_connector_get_id (connector), "http"))
        continue;
      g_test_message ("%s", sb_connector_get_id (connector));
      g_assert_nonnull (sb_connector_get_provider_name (connector));
      g_assert_true (sb_connector_get_support_email (connector) != NULL ||
                     sb_connector_get_support_url (connector) != NULL);
    }
}

/* The list finds imports by integration, status and date, newest first. */
static void
test_list (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(SbRun) run = run_import (fixture);
  g_autoptr(GPtrArray) all = list_imports (fixture, NULL, SB_IMPORT_STATUS_ANY, NULL);
  g_autoptr(GPtrArray) members = list_imports (fixture, "idrott", SB_IMPORT_STATUS_ANY, NULL);
  g_autoptr(GPtrArray) none = list_imports (fixture, "no such integration",
                                            SB_IMPORT_STATUS_ANY, NULL);
  g_autoptr(GPtrArray) done = list_imports (fixture, "idrott", SB_IMPORT_STATUS_DONE, NULL);
  g_autoptr(GPtrArray) failed = list_imports (fixture, "idrott", SB_IMPORT_STATUS_FAILED, NULL);
  g_autoptr(GPtrArray) running = list_imports (fixture, NULL, SB_IMPORT_STATUS_RUNNING, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_hours (now, 1);
  g_autoptr(GPtrArray) future = list_imports (fixture, NULL, SB_IMPORT_STATUS_ANY, later);
  g_autoptr(GDateTime) earlier = g_date_time_add_hours (now, -1);
  g_autoptr(GPtrArray) recent = list_imports (fixture, NULL, SB_IMPORT_STATUS_ANY, earlier);

  /* The run just made and the demo's history of the member import (four runs). */
  g_assert_cmpuint (members->len, ==, 5);
  g_assert_cmpint (sb_run_get_id (g_ptr_array_index (members, 0)), ==, sb_run_get_id (run));
  for (guint i = 1; i < members->len; i++)
    {
      GDateTime *newer = sb_run_get_started_at (g_ptr_array_index (members, i - 1));
      GDateTime *older = sb_run_get_started_at (g_ptr_array_index (members, i));

      g_assert_cmpint (g_date_time_compare (newer, older), >=, 0);
    }
  g_assert_cmpuint (all->len, >=, members->len);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_true (has_run (done, run));
  g_assert_cmpuint (failed->len, ==, 1);
  g_assert_false (has_run (failed, run));
  g_assert_cmpint (sb_import_status_for_run (g_ptr_array_index (failed, 0)), ==,
                   SB_IMPORT_STATUS_FAILED);
  g_assert_cmpuint (running->len, ==, 0);
  g_assert_cmpuint (future->len, ==, 0);
  g_assert_cmpuint (recent->len, ==, 1);

  /* Manual integrations without a loop are no imports. */
  for (guint i = 0; i < all->len; i++)
    {
      g_autoptr(SbIntegration) integration =
        sb_workspace_dup_integration_by_id (fixture->workspace,
                                            sb_run_get_integration_id (g_ptr_array_index (all,
                                                                                          i)));

      g_assert_true (sb_workspace_is_import_integration (fixture->workspace, integration));
    }
}

static void
test_status_names (void)
{
  SbImportStatus status;

  for (status = SB_IMPORT_STATUS_ANY; status <= SB_IMPORT_STATUS_RUNNING; status++)
    {
      SbImportStatus parsed = SB_IMPORT_STATUS_ANY;

      g_assert_true (sb_import_status_from_string (sb_import_status_to_string (status), &parsed));
      g_assert_cmpint (parsed, ==, status);
    }
  g_assert_false (sb_import_status_from_string ("finished", &status));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  setlocale (LC_ALL, "C.UTF-8");

  if (g_getenv ("SAMBAND_TEST_ENV") == NULL)
    {
      g_printerr ("test-imports stores items in the keyring: run it through build-aux/test-env "
                  "(meson test does), never in your own session.\n");
      return 1;
    }

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/imports/status-names", test_status_names);
  ADD ("/imports/members-created", test_members_created);
  ADD ("/imports/member-failed", test_member_failed);
  ADD ("/imports/source-failed", test_source_failed);
  ADD ("/imports/list", test_list);
  ADD ("/imports/providers", test_providers);

  return g_test_run ();
}
