/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ui-fixture.h"
#include "demo/sb-imitation.h"

/* Accounts as an administrator connects and looks after them, in the real window, against
 * the loopback imitations of the services and the test environment's real keyring. */

/* Runs the main loop until the dialog has tested, for at most ten seconds. */
static void
wait_for_test (SbAddAccountDialog *dialog)
{
  wait_while ((gboolean (*) (gpointer)) sb_add_account_dialog_is_testing, dialog);
}

static SbAccount *
find_account (Fixture    *f,
              const char *name)
{
  GListModel *accounts = sb_workspace_get_accounts (f->workspace,
                                                    sb_window_get_organization (f->window));

  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(SbAccount) account = g_list_model_get_item (accounts, i);

      if (g_strcmp0 (sb_account_get_name (account), name) == 0)
        return g_steal_pointer (&account);
    }

  return NULL;
}

static SbAddAccountDialog *
open_add_dialog (Fixture *f)
{
  SbAddAccountDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.add-account", NULL));
  flush_events ();
  dialog = sb_window_get_add_account_dialog (f->window);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (sb_add_account_dialog_get_page_name (dialog), ==, "service");
  return dialog;
}

/* The imitations the workspace runs for the demo, and their known-good credentials. */
static void
fill_stripe (SbAddAccountDialog *dialog,
             Fixture            *f,
             const char         *secret_key)
{
  const char *base_url = sb_workspace_get_imitation_base_url (f->workspace, "stripe");

  g_assert_nonnull (base_url);
  g_assert_true (sb_add_account_dialog_set_field (dialog, "secret_key", secret_key));
  gtk_editable_set_text (sb_add_account_dialog_get_base_url_editable (dialog), base_url);
}

static const char *
stripe_secret_key (void)
{
  g_autoptr(SbImitations) imitations = sb_imitations_new ();

  /* Static strings, the same in every process. */
  return sb_imitations_get_credential (imitations, "stripe", "secret_key");
}

/* Choose Stripe, give its secret key, test, name, add: the account is in the list,
 * Connected, with what Stripe said. */
static void
test_add_account (Fixture       *f,
                  gconstpointer  data)
{
  GListModel *shown = sb_accounts_page_get_shown_model (sb_window_get_accounts_page (f->window));
  g_autoptr(SbAccount) account = NULL;
  SbAddAccountDialog *dialog;
  guint before;

  select_organization_kind (f, SB_ORGANIZATION_KIND_COMPANY);
  before = g_list_model_get_n_items (shown);
  dialog = open_add_dialog (f);

  /* The catalog is searchable. */
  gtk_editable_set_text (sb_add_account_dialog_get_service_search (dialog), "strip");
  flush_events ();
  g_assert_cmpuint (sb_add_account_dialog_count_shown_services (dialog), ==, 1);
  gtk_editable_set_text (sb_add_account_dialog_get_service_search (dialog), "");

  g_assert_true (sb_add_account_dialog_choose_service (dialog, "stripe"));
  flush_events ();
  g_assert_cmpstr (sb_add_account_dialog_get_page_name (dialog), ==, "credentials");
  /* What is typed into a secret field is not shown. */
  g_assert_true (sb_add_account_dialog_field_is_hidden (dialog, "secret_key"));

  fill_stripe (dialog, f, stripe_secret_key ());
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "add-account.next", NULL));
  wait_for_test (dialog);
  g_assert_cmpstr (sb_add_account_dialog_get_page_name (dialog), ==, "test");
  g_assert_null (sb_add_account_dialog_get_error (dialog));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "add-account.next", NULL));
  flush_events ();
  g_assert_cmpstr (sb_add_account_dialog_get_page_name (dialog), ==, "confirm");
  g_assert_cmpstr (gtk_editable_get_text (sb_add_account_dialog_get_name_editable (dialog)),
                   !=, "");
  gtk_editable_set_text (sb_add_account_dialog_get_name_editable (dialog), "Card payments");

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "add-account.next", NULL));
  wait_for_null ((gpointer *) &dialog);
  g_assert_null (dialog);

  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, before + 1);
  account = find_account (f, "Card payments");
  g_assert_nonnull (account);
  g_assert_cmpint (sb_account_get_status (account), ==, SB_ACCOUNT_STATUS_CONNECTED);
  g_assert_cmpstr (sb_account_get_connector_id (account), ==, "stripe");
}

/* Wrong credentials: the test says what the service answered; cancelling then leaves
 * nothing behind. */
static void
test_add_account_refused (Fixture       *f,
                          gconstpointer  data)
{
  GListModel *shown = sb_accounts_page_get_shown_model (sb_window_get_accounts_page (f->window));
  SbAddAccountDialog *dialog;
  guint before;

  select_organization_kind (f, SB_ORGANIZATION_KIND_COMPANY);
  before = g_list_model_get_n_items (shown);
  dialog = open_add_dialog (f);
  g_assert_true (sb_add_account_dialog_choose_service (dialog, "stripe"));
  fill_stripe (dialog, f, "sk_test_not_the_right_key");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "add-account.next", NULL));
  wait_for_test (dialog);

  g_assert_nonnull (sb_add_account_dialog_get_error (dialog));
  g_test_message ("The service answered: %s", sb_add_account_dialog_get_error (dialog));
  /* The message never repeats the key. */
  g_assert_null (strstr (sb_add_account_dialog_get_error (dialog), "sk_test_not_the_right_key"));
  /* There is no way on from a failed test. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "add-account.next", NULL);
  flush_events ();
  g_assert_cmpstr (sb_add_account_dialog_get_page_name (dialog), ==, "test");

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_close (GTK_WINDOW (dialog));
  wait_for_null ((gpointer *) &dialog);
  g_assert_null (dialog);
  flush_events ();
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, before);
}

/* The details: service, owner (with the warning for a person), the integrations that use
 * it, the provider to ask. */
static void
test_account_details (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(SbAccount) account = NULL;
  g_autoptr(GPtrArray) users = NULL;
  SbAccountView *view;

  select_organization_kind (f, SB_ORGANIZATION_KIND_CLUB);
  account = find_account (f, "Fortnox bookkeeping");
  g_assert_nonnull (account);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-account", "x",
                                             sb_account_get_id (account)));
  flush_events ();
  g_assert_cmpstr (sb_window_get_visible_page_name (f->window), ==, "account");
  view = sb_window_get_account_view (f->window);
  g_assert_true (sb_account_view_get_account (view) == account);

  users = sb_workspace_dup_account_integrations (f->workspace, account);
  g_assert_cmpuint (users->len, >, 0);
  g_assert_cmpuint (sb_account_view_count_integrations (view), ==, users->len);
  g_assert_true (sb_account_view_shows_text (view, sb_integration_get_name (
                                                      g_ptr_array_index (users, 0))));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.back", NULL));
  flush_events ();
  g_assert_cmpstr (sb_window_get_visible_page_name (f->window), ==, "main");
}

static gboolean
has_no_errors (gpointer data)
{
  return g_list_model_get_n_items (G_LIST_MODEL (data)) == 0;
}

/* A connection that fails is recorded on the account, shown in its details with what went
 * wrong and whom to ask. */
static void
test_account_errors (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(SbAccount) account = NULL;
  g_autoptr(SbAccountError) first = NULL;
  g_autoptr(GError) error = NULL;
  SbAccountView *view;
  GListModel *errors;

  select_organization_kind (f, SB_ORGANIZATION_KIND_CLUB);
  account = find_account (f, "Stripe membership fees");
  g_assert_nonnull (account);
  errors = sb_workspace_get_account_errors (f->workspace, account);
  g_assert_cmpuint (g_list_model_get_n_items (errors), ==, 0);

  /* Nothing listens on port 1 of this computer. */
  g_assert_true (sb_workspace_set_account_base_url (f->workspace, account,
                                                    "http://127.0.0.1:1", &error));
  g_assert_no_error (error);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-account", "x",
                                             sb_account_get_id (account)));
  flush_events ();
  view = sb_window_get_account_view (f->window);
  g_assert_true (sb_account_view_shows_text (view, "No errors"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "account.test", NULL));
  wait_while (has_no_errors, errors);
  flush_events ();

  g_assert_cmpint (sb_account_get_status (account), ==, SB_ACCOUNT_STATUS_ERROR);
  first = g_list_model_get_item (errors, 0);
  g_assert_true (sb_account_view_shows_text (view, sb_account_error_get_message (first)));
  g_assert_false (sb_account_view_shows_text (view, "No errors"));
  g_assert_nonnull (sb_account_view_get_problem_text (view));
  /* Whom to ask: the provider's support. */
  g_assert_true (sb_account_view_shows_text (view, "Stripe"));
}

/* A Reader sees the accounts but not their details, and cannot add one. */
static void
test_reader (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(SbAccount) account = NULL;
  const char *message;

  select_organization_kind (f, SB_ORGANIZATION_KIND_CLUB);
  sb_workspace_set_acting_email (f->workspace, "sara@demo-if.example");
  account = find_account (f, "Fortnox bookkeeping");
  g_assert_nonnull (account);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-account", "x",
                              sb_account_get_id (account));
  flush_events ();
  g_assert_cmpstr (sb_window_get_visible_page_name (f->window), ==, "main");
  message = sb_window_get_last_message (f->window);
  g_assert_cmpstr (message, ==, "Only Admins and Collaborators can see account details.");

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.add-account", NULL);
  flush_events ();
  g_assert_null (sb_window_get_add_account_dialog (f->window));
}

/* Deleting an account a Live integration uses asks to pause it first. */
static void
test_delete_guard (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(SbAccount) account = NULL;
  AdwMessageDialog *dialog;

  select_organization_kind (f, SB_ORGANIZATION_KIND_CLUB);
  account = find_account (f, "Fortnox bookkeeping");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-account", "x",
                              sb_account_get_id (account));
  flush_events ();

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (sb_window_get_account_view (f->window)),
                                             "account.delete", NULL));
  flush_events ();
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (adw_message_dialog_has_response (dialog, "pause-and-delete"));
  g_assert_false (adw_message_dialog_has_response (dialog, "delete"));

  /* Cancel: the account stays. */
  adw_message_dialog_response (dialog, "cancel");
  flush_events ();
  g_assert_nonnull (find_account (f, "Fortnox bookkeeping"));
}

static gboolean
no_toast (gpointer data)
{
  return sb_window_get_last_message (SB_WINDOW (data)) == NULL ||
         strstr (sb_window_get_last_message (SB_WINDOW (data)), ".json") == NULL;
}

/* Export the club, import it into the company: the report names every integration (as a
 * draft) and every account that needs credentials, and Show Accounts goes to them; a bad
 * file says why and changes nothing. */
static void
test_export_import (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("samband-export-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "club.json", NULL);
  g_autofree char *bad_path = g_build_filename (dir, "notes.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) bad = g_file_new_for_path (bad_path);
  g_autofree char *written = NULL;
  AdwMessageDialog *dialog;
  GListModel *integrations;
  guint before;

  g_assert_no_error (error);
  select_organization_kind (f, SB_ORGANIZATION_KIND_CLUB);
  sb_window_export_to_file (f->window, file);
  wait_while (no_toast, f->window);
  g_assert_cmpstr (sb_window_get_last_message (f->window), ==,
                   "Exported to “club.json”, without credentials");
  g_assert_true (g_file_get_contents (path, &written, NULL, NULL));
  g_assert_nonnull (strstr (written, "\"Import new members from IdrottOnline\""));

  select_organization_kind (f, SB_ORGANIZATION_KIND_COMPANY);
  integrations = sb_workspace_get_integrations (f->workspace,
                                                sb_window_get_organization (f->window));
  before = g_list_model_get_n_items (integrations);
  sb_window_import_file (f->window, file);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Imported into Demo AB");
  g_assert_true (g_str_has_prefix (adw_message_dialog_get_body (dialog),
                                   "5 integrations, as drafts to check and activate:\n"
                                   "• Club shop orders to Fortnox\n"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog),
                            "\n\n4 accounts need their credentials before they can run:\n"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "• Stripe membership fees"));
  g_assert_cmpuint (g_list_model_get_n_items (integrations), ==, before + 5);
  /* What a click on the button does: the response, then the dialog closes. */
  adw_message_dialog_response (dialog, "accounts");
  gtk_window_destroy (GTK_WINDOW (dialog));
  flush_events ();
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (sb_window_get_view_stack (f->window)),
                   ==, "accounts");

  g_assert_true (g_file_set_contents (bad_path, "shopping list", -1, &error));
  sb_window_import_file (f->window, bad);
  flush_events ();
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Nothing Was Imported");
  g_assert_true (g_str_has_prefix (adw_message_dialog_get_body (dialog),
                                   "“notes.json” cannot be imported: 1:"));
  adw_message_dialog_response (dialog, "close");
  gtk_window_destroy (GTK_WINDOW (dialog));
  flush_events ();
  g_assert_cmpuint (g_list_model_get_n_items (integrations), ==, before + 5);

  {
    g_autoptr(GFile) folder = g_file_new_for_path (dir);

    remove_tree (folder);
  }
}

static SbProvidersWindow *
find_providers_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (SB_IS_PROVIDERS_WINDOW (window))
        return SB_PROVIDERS_WINDOW (window);
    }
  return NULL;
}

/* The main menu's Service Providers: every provider of the catalog with whom to contact. */
static void
test_providers (Fixture       *f,
                gconstpointer  data)
{
  SbProvidersWindow *providers;

  g_assert_null (find_providers_window ());
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-providers", NULL));
  providers = find_providers_window ();
  g_assert_nonnull (providers);
  wait_until_mapped (GTK_WIDGET (providers));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (providers)) == GTK_WINDOW (f->window));
  /* Stripe, Shopify, Fortnox, Klarna, 24SevenOffice, IdrottOnline: the HTTP API has none. */
  g_assert_cmpuint (sb_providers_window_count_providers (providers), ==, 6);
  g_assert_true (sb_providers_window_shows_text (providers, "https://support.stripe.com"));
  g_assert_true (sb_providers_window_shows_text (providers, "Support Website"));
  gtk_window_destroy (GTK_WINDOW (providers));
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add ("/ui/accounts/export-import", Fixture, WITH_DEMO,
              fixture_set_up, test_export_import, fixture_tear_down);
  g_test_add ("/ui/accounts/providers", Fixture, WITH_DEMO,
              fixture_set_up, test_providers, fixture_tear_down);
  g_test_add ("/ui/accounts/add", Fixture, WITH_DEMO,
              fixture_set_up, test_add_account, fixture_tear_down);
  g_test_add ("/ui/accounts/add-refused", Fixture, WITH_DEMO,
              fixture_set_up, test_add_account_refused, fixture_tear_down);
  g_test_add ("/ui/accounts/details", Fixture, WITH_DEMO,
              fixture_set_up, test_account_details, fixture_tear_down);
  g_test_add ("/ui/accounts/errors", Fixture, WITH_DEMO,
              fixture_set_up, test_account_errors, fixture_tear_down);
  g_test_add ("/ui/accounts/reader", Fixture, WITH_DEMO,
              fixture_set_up, test_reader, fixture_tear_down);
  g_test_add ("/ui/accounts/delete-guard", Fixture, WITH_DEMO,
              fixture_set_up, test_delete_guard, fixture_tear_down);

  return g_test_run ();
}
