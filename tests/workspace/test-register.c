/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <glib/gstdio.h>

#include "workspace/sb-workspace.h"
#include "workspace/sb-workspace-private.h"
#include "workspace/sb-workspace-register.h"

/* The register of activated integrations: its filters, deactivating and reactivating, and
 * the register of processing, against the demo. */

typedef struct
{
  char        *dir;
  SbWorkspace *workspace;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("samband-register-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->workspace = sb_workspace_open (fixture->dir, &error);
  g_assert_no_error (error);
  g_assert_true (sb_workspace_create_demo (fixture->workspace, &error));
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  SbWorkspace *workspace = fixture->workspace;

  g_object_add_weak_pointer (G_OBJECT (workspace), (gpointer *) &workspace);
  g_clear_object (&fixture->workspace);
  g_assert_null (workspace);

  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static SbOrganization *
find_org (SbWorkspace *workspace,
          const char  *name)
{
  g_autoptr(GError) error = NULL;
  SbOrganization *org = sb_workspace_find_organization (workspace, name, &error);

  g_assert_no_error (error);
  return org;
}

static SbIntegration *
find_named (SbWorkspace *workspace,
            const char  *name)
{
  g_autoptr(GError) error = NULL;
  SbIntegration *integration = sb_workspace_find_integration (workspace, name, &error);

  g_assert_no_error (error);
  return integration;
}

/* The names of the rows listed, joined by "|". */
static char *
dup_listed (SbWorkspace             *workspace,
            SbOrganization          *org,
            gboolean                 deactivated,
            const SbActivatedFilter *filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = sb_workspace_list_activated (workspace, org, deactivated, filter,
                                                           &error);
  g_autoptr(GString) names = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      SbActivatedIntegration *row = g_ptr_array_index (rows, i);

      if (i > 0)
        g_string_append_c (names, '|');
      g_string_append (names,
                       sb_integration_get_name (sb_activated_integration_get_integration (row)));
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static void
assert_listed (SbWorkspace             *workspace,
               SbOrganization          *org,
               gboolean                 deactivated,
               const SbActivatedFilter *filter,
               const char              *expected)
{
  g_autofree char *listed = dup_listed (workspace, org, deactivated, filter);

  g_assert_cmpstr (listed, ==, expected);
}

#define FEES "Membership fees from Stripe to Fortnox"
#define IMPORT "Import new members from IdrottOnline"
#define LOK "Weekly LOK-support attendance report"

static void
test_rows (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) club = find_org (fixture->workspace, "Demo IF");
  g_autoptr(GPtrArray) rows = NULL;
  SbActivatedIntegration *row = NULL;

  /* Drafts are not in the register; Live and Paused ones that were activated are. */
  assert_listed (fixture->workspace, club, FALSE, NULL, IMPORT "|" FEES "|" LOK);
  assert_listed (fixture->workspace, club, TRUE, NULL, "");
  /* Every organization the acting person sees. */
  {
    g_autofree char *all = dup_listed (fixture->workspace, NULL, FALSE, NULL);

    g_assert_nonnull (strstr (all, IMPORT "|" FEES "|" LOK));
  }

  rows = sb_workspace_list_activated (fixture->workspace, club, FALSE, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      SbActivatedIntegration *r = g_ptr_array_index (rows, i);

      if (g_str_equal (sb_integration_get_name (sb_activated_integration_get_integration (r)),
                       FEES))
        row = r;
    }
  g_assert_nonnull (row);
  g_assert_cmpstr (sb_activated_integration_get_system (row), ==, "Fortnox, Stripe");
  g_assert_cmpstr (sb_activated_integration_get_kind (row), ==, "import");
  g_assert_cmpstr (sb_activated_integration_get_kind_label (row), ==, "Import");
  g_assert_cmpstr (sb_activated_integration_get_sport (row), ==, "Football");
  g_assert_nonnull (sb_activated_integration_get_activated_by (row));
  g_assert_nonnull (sb_activated_integration_get_activated_at (row));
  g_assert_null (sb_activated_integration_get_deactivated_at (row));
  g_assert_nonnull (sb_activated_integration_get_last_run (row));
  g_assert_true (sb_activated_integration_get_purpose_stated (row));
  g_assert_cmpstr (sb_activated_integration_get_purpose (row), ==,
                   "Bookkeeping of membership fees");
  g_assert_cmpstr (sb_activated_integration_get_providers (row), ==, "Fortnox AB, Stripe, Inc.");
  g_assert_true (g_strv_contains (sb_activated_integration_get_personal_data (row),
                                  "Payment details"));
  g_assert_true (g_strv_contains (sb_activated_integration_get_accounts (row),
                                  "Stripe membership fees"));

  /* Without its own purpose, the providers' stated ones. */
  sb_integration_set_purpose (sb_activated_integration_get_integration (row), NULL);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = sb_workspace_list_activated (fixture->workspace, club, FALSE,
                                      &(SbActivatedFilter) { .search = "stripe" }, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  row = g_ptr_array_index (rows, 0);
  g_assert_true (sb_activated_integration_get_purpose_stated (row));
  g_assert_cmpstr (sb_activated_integration_get_purpose (row), ==,
                   "Bookkeeping, invoicing and keeping customer records; Taking payments of "
                   "fees and orders, and keeping the payers' customer records");
}

/* A provider that states no purpose: the cell says so and how to reach them, or that there
 * is no way to. */
static void
test_unstated_purpose (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) company = find_org (fixture->workspace, "Demo AB");
  g_autoptr(SbIntegration) refunds = find_named (fixture->workspace, "Stripe refunds report");
  g_autoptr(GPtrArray) accounts = sb_workspace_dup_integration_accounts (fixture->workspace,
                                                                         refunds);
  SbConnectorCatalog *catalog = sb_workspace_get_catalog (fixture->workspace);
  const SbActivatedFilter filter = { .search = "refunds" };
  g_autoptr(GPtrArray) rows = NULL;
  SbActivatedIntegration *row;

  g_assert_true (sb_connector_catalog_add_from_data (catalog, "silent",
                                                     "{\"name\": \"Silent\", \"category\": "
                                                     "\"generic\", \"direction\": \"export\", "
                                                     "\"provider\": {\"name\": \"Silent AB\", "
                                                     "\"support_email\": \"help@silent.example\"},"
                                                     " \"auth\": {\"kind\": \"none\"}}",
                                                     -1, &error));
  g_assert_no_error (error);
  g_assert_true (sb_connector_catalog_add_from_data (catalog, "mute",
                                                     "{\"name\": \"Mute\", \"category\": "
                                                     "\"generic\", \"provider\": {},"
                                                     " \"auth\": {\"kind\": \"none\"}}",
                                                     -1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 1);
  sb_integration_set_purpose (refunds, NULL);

  /* The account is of a service whose provider states no purpose but gives an address. */
  sb_account_set_connector_id (g_ptr_array_index (accounts, 0), "silent");
  rows = sb_workspace_list_activated (fixture->workspace, company, FALSE, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  row = g_ptr_array_index (rows, 0);
  g_assert_false (sb_activated_integration_get_purpose_stated (row));
  g_assert_cmpstr (sb_activated_integration_get_purpose (row), ==,
                   "Not stated by the provider: ask Silent AB (help@silent.example)");
  g_assert_cmpstr (sb_activated_integration_get_kind (row), ==, "export");
  g_assert_cmpstr (sb_activated_integration_get_system (row), ==, "Silent");
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* One that gives no address either; a service with no direction goes both ways. */
  sb_account_set_connector_id (g_ptr_array_index (accounts, 0), "mute");
  rows = sb_workspace_list_activated (fixture->workspace, company, FALSE, &filter, &error);
  g_assert_no_error (error);
  row = g_ptr_array_index (rows, 0);
  g_assert_false (sb_activated_integration_get_purpose_stated (row));
  g_assert_true (g_str_has_prefix (sb_activated_integration_get_purpose (row),
                                   "Not stated by the provider, who gives no contact"));
  g_assert_cmpstr (sb_activated_integration_get_kind (row), ==, "two-way");
  g_assert_cmpstr (sb_activated_integration_get_providers (row), ==, "Mute");
}

static void
test_filters (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(SbOrganization) club = find_org (fixture->workspace, "Demo IF");
  SbWorkspace *ws = fixture->workspace;

  /* Each alone. */
  assert_listed (ws, club, FALSE, &(SbActivatedFilter) { .kind = "import" },
                 IMPORT "|" FEES "|" LOK);
  assert_listed (ws, club, FALSE, &(SbActivatedFilter) { .kind = "export" }, "");
  assert_listed (ws, club, FALSE, &(SbActivatedFilter) { .kind = "two-way" }, "");
  assert_listed (ws, club, FALSE, &(SbActivatedFilter) { .system = "stripe" }, FEES);
  assert_listed (ws, club, FALSE, &(SbActivatedFilter) { .system = "FORTNOX" }, IMPORT "|" FEES);
  assert_listed (ws, club, FALSE, &(SbActivatedFilter) { .system = "IdrottOnline" },
                 IMPORT "|" LOK);
  assert_listed (ws, club, FALSE, &(SbActivatedFilter) { .system = "Shopify" }, "");
  assert_listed (ws, club, FALSE, &(SbActivatedFilter) { .sport = "football" },
                 IMPORT "|" FEES "|" LOK);
  assert_listed (ws, club, FALSE, &(SbActivatedFilter) { .sport = "Handball" }, "");
  assert_listed (ws, club, FALSE, &(SbActivatedFilter) { .search = "lok" }, LOK);
  assert_listed (ws, club, FALSE, &(SbActivatedFilter) { .search = "" }, IMPORT "|" FEES "|" LOK);

  /* Combined: every one must hold. */
  assert_listed (ws, club, FALSE,
                 &(SbActivatedFilter) { .kind = "import", .system = "fortnox",
                                        .sport = "Football" },
                 IMPORT "|" FEES);
  assert_listed (ws, club, FALSE,
                 &(SbActivatedFilter) { .system = "fortnox", .search = "night" }, IMPORT);
  assert_listed (ws, club, FALSE,
                 &(SbActivatedFilter) { .system = "idrottonline", .search = "weekly" }, LOK);
  assert_listed (ws, club, FALSE,
                 &(SbActivatedFilter) { .system = "stripe", .sport = "Handball" }, "");
  assert_listed (ws, club, FALSE,
                 &(SbActivatedFilter) { .system = "stripe", .kind = "export" }, "");
}

static guint
count_audit (SbWorkspace    *workspace,
             SbOrganization *org,
             const char     *action)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) audit = sb_store_list_audit (sb_workspace_get_store (workspace),
                                                    sb_organization_get_id (org), &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < audit->len; i++)
    {
      SbAuditEntry *entry = g_ptr_array_index (audit, i);

      if (g_str_equal (entry->action, action))
        {
          g_assert_cmpint (entry->member_id, >, 0);
          n++;
        }
    }
  return n;
}

static char *
dup_kept (SbWorkspace   *workspace,
          SbIntegration *integration)
{
  g_autoptr(GPtrArray) accounts = sb_workspace_dup_integration_accounts (workspace, integration);
  g_autofree char *steps = json_to_string (sb_integration_get_steps (integration), FALSE);
  g_autofree char *trigger = json_to_string (sb_integration_get_trigger (integration), FALSE);
  g_autofree char *settings = sb_integration_get_settings (integration) != NULL
                              ? json_to_string (sb_integration_get_settings (integration), FALSE)
                              : NULL;

  return g_strdup_printf ("%s %s %s %s accounts %u runs %u versions %u",
                          sb_integration_get_name (integration), trigger, steps, settings,
                          accounts->len, sb_workspace_count_runs (workspace, integration),
                          g_list_model_get_n_items (sb_workspace_get_versions (workspace,
                                                                               integration)));
}

static void
test_deactivate_and_reactivate (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) club = find_org (fixture->workspace, "Demo IF");
  g_autoptr(SbIntegration) import = find_named (fixture->workspace, IMPORT);
  g_autoptr(SbIntegration) fees = find_named (fixture->workspace, FEES);
  g_autoptr(SbIntegration) lok = find_named (fixture->workspace, LOK);
  g_autoptr(SbIntegration) draft = find_named (fixture->workspace, "Club shop orders to Fortnox");
  g_autofree char *import_kept = dup_kept (fixture->workspace, import);
  g_autofree char *lok_kept = dup_kept (fixture->workspace, lok);
  SbIntegration *both[] = { import, lok };
  SbIntegration *with_draft[] = { fees, draft };
  GDateTime *first_activated = sb_integration_get_activated_at (import);
  GDateTime *lok_activated;

  g_assert_cmpint (sb_integration_get_status (import), ==, SB_INTEGRATION_STATUS_LIVE);
  g_assert_nonnull (first_activated);
  g_date_time_ref (first_activated);
  g_assert_cmpint (sb_integration_get_status (lok), ==, SB_INTEGRATION_STATUS_PAUSED);
  lok_activated = g_date_time_ref (sb_integration_get_activated_at (lok));

  /* All or none: a Draft is not in the register, and the other one stays as it was. */
  g_assert_false (sb_workspace_deactivate_integrations (fixture->workspace, with_draft, 2,
                                                        &error));
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (sb_integration_get_status (fees), ==, SB_INTEGRATION_STATUS_LIVE);
  g_assert_false (sb_workspace_is_deactivated (fixture->workspace, fees));
  g_assert_false (sb_workspace_deactivate_integrations (fixture->workspace, NULL, 0, &error));
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
  g_clear_error (&error);

  /* Someone who may only read is refused, and nothing is written. */
  sb_workspace_set_acting_email (fixture->workspace, "sara@demo-if.example");
  g_assert_false (sb_workspace_deactivate_integrations (fixture->workspace, both, 2, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  sb_workspace_set_acting_email (fixture->workspace, NULL);
  g_assert_cmpuint (count_audit (fixture->workspace, club, "integration.deactivate"), ==, 0);

  /* Several at once: they stop running and leave the register for the deactivated list. */
  g_assert_true (sb_workspace_deactivate_integrations (fixture->workspace, both, 2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sb_integration_get_status (import), ==, SB_INTEGRATION_STATUS_PAUSED);
  g_assert_cmpint (sb_integration_get_status (lok), ==, SB_INTEGRATION_STATUS_PAUSED);
  g_assert_true (sb_workspace_is_deactivated (fixture->workspace, import));
  assert_listed (fixture->workspace, club, FALSE, NULL, FEES);
  assert_listed (fixture->workspace, club, TRUE, NULL, IMPORT "|" LOK);
  assert_listed (fixture->workspace, club, TRUE,
                 &(SbActivatedFilter) { .system = "fortnox" }, IMPORT);
  g_assert_cmpuint (count_audit (fixture->workspace, club, "integration.deactivate"), ==, 2);
  {
    g_autoptr(GPtrArray) rows = sb_workspace_list_activated (fixture->workspace, club, TRUE,
                                                             NULL, &error);

    g_assert_no_error (error);
    g_assert_nonnull (sb_activated_integration_get_deactivated_at (g_ptr_array_index (rows, 0)));
  }

  /* Not twice; and what is in the register cannot be reactivated. */
  g_assert_false (sb_workspace_deactivate_integrations (fixture->workspace, both, 1, &error));
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sb_workspace_reactivate_integrations (fixture->workspace, &fees, 1, &error));
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
  g_clear_error (&error);

  /* Settings, accounts, runs and versions are kept, also as read back from the store. */
  {
    g_autofree char *kept = dup_kept (fixture->workspace, import);

    g_assert_cmpstr (kept, ==, import_kept);
  }
  {
    g_autoptr(SbWorkspace) other = sb_workspace_open (fixture->dir, &error);
    g_autoptr(SbOrganization) other_club = NULL;
    g_autoptr(SbIntegration) other_lok = NULL;
    g_autofree char *kept = NULL;

    g_assert_no_error (error);
    other_club = find_org (other, "Demo IF");
    other_lok = find_named (other, LOK);
    kept = dup_kept (other, other_lok);
    g_assert_cmpstr (kept, ==, lok_kept);
    assert_listed (other, other_club, TRUE, NULL, IMPORT "|" LOK);
  }

  /* Back as they were: the Live one Live again, activated again by the acting member; the
   * Paused one Paused, as it was activated. */
  g_assert_true (sb_workspace_reactivate_integrations (fixture->workspace, both, 2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sb_integration_get_status (import), ==, SB_INTEGRATION_STATUS_LIVE);
  g_assert_cmpint (sb_integration_get_status (lok), ==, SB_INTEGRATION_STATUS_PAUSED);
  g_assert_cmpint (g_date_time_compare (sb_integration_get_activated_at (lok),
                                        lok_activated), ==, 0);
  g_date_time_unref (lok_activated);
  g_assert_false (sb_workspace_is_deactivated (fixture->workspace, import));
  g_assert_cmpint (g_date_time_compare (sb_integration_get_activated_at (import),
                                        first_activated), >, 0);
  g_date_time_unref (first_activated);
  assert_listed (fixture->workspace, club, FALSE, NULL, IMPORT "|" FEES "|" LOK);
  assert_listed (fixture->workspace, club, TRUE, NULL, "");
  g_assert_cmpuint (count_audit (fixture->workspace, club, "integration.reactivate"), ==, 2);

  /* Activated again the ordinary way, and then paused, it is an activated one again. */
  g_assert_true (sb_workspace_deactivate_integrations (fixture->workspace, &import, 1, &error));
  g_assert_no_error (error);
  g_assert_true (sb_workspace_activate_integration (fixture->workspace, import, &error));
  g_assert_no_error (error);
  g_assert_true (sb_workspace_pause_integration (fixture->workspace, import, &error));
  g_assert_no_error (error);
  g_assert_false (sb_workspace_is_deactivated (fixture->workspace, import));
  assert_listed (fixture->workspace, club, FALSE, NULL, IMPORT "|" FEES "|" LOK);
  assert_listed (fixture->workspace, club, TRUE, NULL, "");
  {
    g_autofree char *kept = dup_kept (fixture->workspace, import);

    g_assert_cmpstr (kept, ==, import_kept);
  }
}

static void
test_register (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) club = find_org (fixture->workspace, "Demo IF");
  g_autoptr(SbIntegration) fees = find_named (fixture->workspace, FEES);
  g_autoptr(SbIntegration) lok = find_named (fixture->workspace, LOK);
  g_autofree char *csv = NULL;
  g_autofree char *html = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (sb_workspace_rename_integration (fixture->workspace, fees,
                                                  "Fees, \"card\" payments", &error));
  g_assert_no_error (error);
  g_assert_true (sb_workspace_deactivate_integrations (fixture->workspace, &lok, 1, &error));
  g_assert_no_error (error);

  csv = sb_workspace_dup_register_csv (fixture->workspace, club, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (csv, "\r\n"));
  lines = g_strsplit (csv, "\r\n", -1);
  /* A header, the two activated ones (not the deactivated one), and the end. */
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_cmpstr (lines[0], ==,
                   "Integration,System,Type,Purpose of processing,Categories of personal data,"
                   "Processor,Activated by,Activated at,Accounts");
  g_assert_true (g_str_has_prefix (lines[1],
                                   "\"Fees, \"\"card\"\" payments\",\"Fortnox, Stripe\",Import,"
                                   "Bookkeeping of membership fees,\"Name, "));
  g_assert_nonnull (strstr (lines[1], "Payment details"));
  g_assert_nonnull (strstr (lines[1], ",\"Fortnox AB, Stripe, Inc.\","));
  g_assert_true (g_str_has_suffix (lines[1],
                                   "\"Fortnox bookkeeping, Stripe membership fees\""));
  g_assert_true (g_str_has_prefix (lines[2], "Import new members from IdrottOnline,"));
  g_assert_null (strstr (csv, LOK));
  g_assert_cmpstr (lines[3], ==, "");

  html = sb_workspace_dup_register_html (fixture->workspace, club, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>"));
  g_assert_nonnull (strstr (html, "<h1>Register of processing: Demo IF</h1>"));
  g_assert_nonnull (strstr (html, "<td>Fees, &quot;card&quot; payments</td>"));
  g_assert_nonnull (strstr (html, "<th>Categories of personal data</th>"));
  g_assert_nonnull (strstr (html, "<td>Fortnox AB, Stripe, Inc.</td>"));
  g_assert_null (strstr (html, LOK));

  /* A stranger to the organization gets nothing. */
  sb_workspace_set_acting_email (fixture->workspace, "nobody@example.com");
  g_assert_null (sb_workspace_dup_register_csv (fixture->workspace, club, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  setlocale (LC_ALL, "C.UTF-8");

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/register/rows", test_rows);
  ADD ("/register/filters", test_filters);
  ADD ("/register/unstated-purpose", test_unstated_purpose);
  ADD ("/register/deactivate-and-reactivate", test_deactivate_and_reactivate);
  ADD ("/register/register", test_register);

  return g_test_run ();
}
