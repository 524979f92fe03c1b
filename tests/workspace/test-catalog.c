/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gstdio.h>

#include "workspace/sb-workspace.h"
#include "workspace/sb-workspace-private.h"
#include "demo-fixture.h"
#include "workspace/sb-workspace-catalog.h"

/* Adding integrations from the catalog of systems: its entries, creation from a template
 * with the organization's accounts, and two-sided activation, ended by the user or by a real
 * run of the template's member import against the local imitations (with the demo
 * credentials in the private keyring that build-aux/test-env starts). */

#define MEMBER_TEMPLATE "idrottonline/members-to-fortnox"

static SbOrganization *
find_club (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  SbOrganization *club = sb_workspace_find_organization (fixture->workspace, "Demo IF",
                                                         &error);

  g_assert_no_error (error);
  return club;
}

static SbIntegration *
create_member_import (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) club = find_club (fixture);
  const SbConnectorTemplate *template;
  SbConnector *connector = NULL;
  SbIntegration *integration;

  template = sb_workspace_find_template (fixture->workspace, MEMBER_TEMPLATE, &connector,
                                         &error);
  g_assert_no_error (error);
  g_assert_nonnull (template);
  g_assert_cmpstr (sb_connector_get_id (connector), ==, "idrottonline");
  integration = sb_workspace_create_integration_from_template (fixture->workspace, club,
                                                               connector, template, &error);
  g_assert_no_error (error);
  g_assert_nonnull (integration);
  return integration;
}

static gint64
account_id_of (Fixture    *fixture,
               const char *service)
{
  g_autoptr(SbOrganization) club = find_club (fixture);
  GListModel *accounts = sb_workspace_get_accounts (fixture->workspace, club);

  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(SbAccount) account = g_list_model_get_item (accounts, i);

      if (g_str_equal (sb_account_get_connector_id (account), service))
        return sb_account_get_id (account);
    }
  g_assert_not_reached ();
}

static void
assert_audit (Fixture    *fixture,
              guint       index,
              const char *action,
              gboolean    by_member)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) club = find_club (fixture);
  g_autoptr(GPtrArray) audit = sb_store_list_audit (sb_workspace_get_store (fixture->workspace),
                                                    sb_organization_get_id (club), &error);
  SbAuditEntry *entry;

  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, >, index);
  entry = g_ptr_array_index (audit, index);
  g_assert_cmpstr (entry->action, ==, action);
  g_assert_cmpstr (entry->subject_kind, ==, "integration");
  if (by_member)
    g_assert_cmpint (entry->member_id, >, 0);
  else
    g_assert_cmpint (entry->member_id, ==, 0);
}

/* Every system is listed, with its provider, type and purpose; the templates name the
 * services they need, and the club has accounts of those of the member import. */
static void
test_list (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) club = find_club (fixture);
  g_autoptr(GPtrArray) entries = sb_workspace_list_catalog (fixture->workspace, club, &error);
  gboolean found_members = FALSE;
  gboolean found_fees = FALSE;
  gboolean found_fortnox = FALSE;

  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, >=, 7);
  for (guint i = 0; i < entries->len; i++)
    {
      SbCatalogEntry *entry = g_ptr_array_index (entries, i);

      g_assert_nonnull (entry->provider);
      g_assert_true (g_strv_contains ((const char *[]) { "import", "export", "two-way", NULL },
                                      entry->type));
      if (entry->template != NULL &&
          g_str_equal (entry->template->id, "members-to-fortnox"))
        {
          found_members = TRUE;
          g_assert_cmpstr (entry->provider, ==, "Riksidrottsförbundet");
          g_assert_cmpstr (entry->type, ==, "import");
          g_assert_cmpstr (entry->purpose, ==,
                           "Keeping the member register and the bookkeeping in step");
          g_assert_cmpstrv (entry->template->services,
                            ((const char *[]) { "idrottonline", "fortnox", NULL }));
          g_assert_cmpuint (g_strv_length (entry->missing), ==, 0);
        }
      else if (entry->template != NULL && g_str_equal (entry->template->id, "fees-to-fortnox"))
        {
          found_fees = TRUE;
          g_assert_cmpstr (entry->type, ==, "export");
        }
      else if (entry->template == NULL &&
               g_str_equal (sb_connector_get_id (entry->connector), "fortnox"))
        {
          found_fortnox = TRUE;
          g_assert_nonnull (entry->purpose);
        }
    }
  g_assert_true (found_members);
  g_assert_true (found_fees);
  g_assert_true (found_fortnox);

  /* A bare id finds the template too; an unknown one is named. */
  g_assert_nonnull (sb_workspace_find_template (fixture->workspace, "members-to-fortnox", NULL,
                                                &error));
  g_assert_no_error (error);
  g_assert_null (sb_workspace_find_template (fixture->workspace, "no-such-template", NULL,
                                             &error));
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no-such-template"));
}

/* A Draft with the template's trigger and steps, the club's accounts filled in, and the
 * template's purpose; IdrottOnline is two-sided, so it waits for RF. */
static void
test_create (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(SbIntegration) integration = create_member_import (fixture);
  g_autoptr(SbConnector) awaited = NULL;
  g_autofree char *notice = NULL;
  JsonArray *steps = json_node_get_array (sb_integration_get_steps (integration));
  JsonObject *members = json_array_get_object_element (steps, 0);
  JsonObject *each = json_array_get_object_element (steps, 1);
  JsonObject *customer = json_array_get_object_element (json_object_get_array_member (each,
                                                                                      "steps"),
                                                        0);

  g_assert_cmpint (sb_integration_get_status (integration), ==, SB_INTEGRATION_STATUS_DRAFT);
  g_assert_cmpstr (sb_integration_get_name (integration), ==, "Import new members into Fortnox");
  g_assert_cmpstr (sb_integration_get_purpose (integration), ==,
                   "Keeping the member register and the bookkeeping in step");
  g_assert_cmpint (json_object_get_int_member (members, "account"), ==,
                   account_id_of (fixture, "idrottonline"));
  g_assert_cmpint (json_object_get_int_member (customer, "account"), ==,
                   account_id_of (fixture, "fortnox"));

  awaited = sb_workspace_dup_awaited_connector (fixture->workspace, integration);
  g_assert_nonnull (awaited);
  g_assert_cmpstr (sb_connector_get_id (awaited), ==, "idrottonline");
  g_assert_nonnull (sb_connector_get_two_sided_instructions (awaited));
  g_assert_nonnull (sb_connector_get_support_url (awaited));
  notice = sb_workspace_dup_activation_notice (fixture->workspace, integration);
  g_assert_cmpstr (notice, ==, "Waiting for activation at Riksidrottsförbundet");
  /* Newest first: the creation, and in the same transaction the wait. */
  assert_audit (fixture, 0, "integration.create", TRUE);
  assert_audit (fixture, 1, "integration.await-provider", TRUE);
}

/* An organization without the accounts is refused, the message naming the service; and a
 * template of a one-sided service does not wait. */
static void
test_missing_account (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) empty = NULL;
  g_autoptr(SbIntegration) integration = NULL;
  g_autoptr(SbIntegration) fees = NULL;
  g_autoptr(SbOrganization) club = find_club (fixture);
  const SbConnectorTemplate *template;
  SbConnector *connector = NULL;
  guint n_before;

  empty = sb_workspace_create_organization (fixture->workspace, "Tomma IK",
                                            SB_ORGANIZATION_KIND_CLUB, NULL, &error);
  g_assert_no_error (error);
  template = sb_workspace_find_template (fixture->workspace, MEMBER_TEMPLATE, &connector,
                                         &error);
  g_assert_no_error (error);
  n_before = g_list_model_get_n_items (sb_workspace_get_integrations (fixture->workspace,
                                                                      empty));
  integration = sb_workspace_create_integration_from_template (fixture->workspace, empty,
                                                               connector, template, &error);
  g_assert_null (integration);
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "IdrottOnline"));
  g_assert_cmpuint (g_list_model_get_n_items (sb_workspace_get_integrations (fixture->workspace,
                                                                             empty)),
                    ==, n_before);
  g_clear_error (&error);

  template = sb_workspace_find_template (fixture->workspace, "stripe/fees-to-fortnox",
                                         &connector, &error);
  g_assert_no_error (error);
  fees = sb_workspace_create_integration_from_template (fixture->workspace, club, connector,
                                                        template, &error);
  g_assert_no_error (error);
  g_assert_null (sb_workspace_dup_awaited_connector (fixture->workspace, fees));
  g_assert_null (sb_workspace_dup_activation_notice (fixture->workspace, fees));
  g_assert_false (sb_workspace_confirm_provider_activation (fixture->workspace, fees, &error));
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
}

/* The user confirms that RF has switched it on. */
static void
test_confirm (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbIntegration) integration = create_member_import (fixture);
  g_autoptr(SbConnector) awaited = NULL;

  g_assert_true (sb_workspace_confirm_provider_activation (fixture->workspace, integration,
                                                           &error));
  g_assert_no_error (error);
  awaited = sb_workspace_dup_awaited_connector (fixture->workspace, integration);
  g_assert_null (awaited);
  assert_audit (fixture, 0, "integration.provider-activated", TRUE);
}

/* The first run that succeeds proves RF's side is on; a failed one does not. */
static void
test_cleared_by_run (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbIntegration) integration = create_member_import (fixture);
  g_autoptr(SbConnector) awaited = NULL;
  g_autoptr(SbRun) failed = NULL;
  g_autoptr(SbRun) run = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  sb_imitations_set_fault (fixture->imitations, "idrottonline",
                           SB_IMITATION_FAULT_SERVER_ERROR);
  sb_workspace_run_integration_async (fixture->workspace, integration, NULL, NULL,
                                      got_result_cb, &slot);
  result = wait_for (&slot);
  failed = sb_workspace_run_integration_finish (fixture->workspace, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  sb_imitations_set_fault (fixture->imitations, "idrottonline", SB_IMITATION_FAULT_NONE);
  g_assert_cmpint (sb_run_get_status (failed), ==, SB_RUN_STATUS_FAILED);
  awaited = sb_workspace_dup_awaited_connector (fixture->workspace, integration);
  g_assert_nonnull (awaited);
  g_clear_object (&awaited);

  sb_workspace_run_integration_async (fixture->workspace, integration, NULL, NULL,
                                      got_result_cb, &slot);
  result = wait_for (&slot);
  run = sb_workspace_run_integration_finish (fixture->workspace, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sb_run_get_status (run), ==, SB_RUN_STATUS_SUCCEEDED);
  awaited = sb_workspace_dup_awaited_connector (fixture->workspace, integration);
  g_assert_null (awaited);
  assert_audit (fixture, 0, "integration.provider-activated", FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  setlocale (LC_ALL, "C.UTF-8");

  if (g_getenv ("SAMBAND_TEST_ENV") == NULL)
    {
      g_printerr ("test-catalog stores items in the keyring: run it through build-aux/test-env "
                  "(meson test does), never in your own session.\n");
      return 1;
    }

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/workspace/catalog/list", test_list);
  ADD ("/workspace/catalog/create", test_create);
  ADD ("/workspace/catalog/missing-account", test_missing_account);
  ADD ("/workspace/catalog/confirm", test_confirm);
  ADD ("/workspace/catalog/cleared-by-run", test_cleared_by_run);

  return g_test_run ();
}
