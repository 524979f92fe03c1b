/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ui-fixture.h"
#include "ui/sb-account-row.h"
#include "ui/sb-member-row.h"
#include "workspace/sb-workspace-members.h"

/* The Members page as the club's Admin uses it: adding people and integration users, and
 * removing a member whose credentials accounts use. */

static SbMember *
find_member (Fixture    *f,
             const char *email)
{
  SbOrganization *org = sb_window_get_organization (f->window);
  GListModel *members = sb_workspace_get_members (f->workspace, org);

  for (guint i = 0; i < g_list_model_get_n_items (members); i++)
    {
      g_autoptr(SbMember) member = g_list_model_get_item (members, i);

      if (g_ascii_strcasecmp (sb_member_get_email (member), email) == 0)
        return g_steal_pointer (&member);
    }

  return NULL;
}

static SbAccount *
find_account (Fixture    *f,
              const char *name)
{
  SbOrganization *org = sb_window_get_organization (f->window);
  GListModel *accounts = sb_workspace_get_accounts (f->workspace, org);

  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(SbAccount) account = g_list_model_get_item (accounts, i);

      if (g_strcmp0 (sb_account_get_name (account), name) == 0)
        return g_steal_pointer (&account);
    }

  g_assert_not_reached ();
}

static SbMembersPage *
show_members (Fixture            *f,
              SbOrganizationKind  kind)
{
  select_organization_kind (f, kind);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s",
                                             "members"));
  flush_events ();
  return sb_window_get_members_page (f->window);
}

static void
type_into (AdwMessageDialog *dialog,
           const char       *key,
           const char       *text)
{
  GtkEditable *row = g_object_get_data (G_OBJECT (dialog), key);

  g_assert_nonnull (row);
  gtk_editable_set_text (row, text);
}

static AdwMessageDialog *
open_dialog (SbMembersPage *page,
             const char    *action,
             GVariant      *target)
{
  AdwMessageDialog *dialog;

  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (page), action, target));
  flush_events ();
  dialog = sb_members_page_get_dialog (page);
  g_assert_nonnull (dialog);
  g_assert_true (dialog == find_message_dialog ());
  return dialog;
}

/* As a click on the button does: the response, then the dialog closes (in libadwaita 1.2
 * adw_message_dialog_response () alone leaves it open). */
static void
answer (AdwMessageDialog *dialog,
        const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
  flush_events ();
  g_assert_null (find_message_dialog ());
}

static void
test_add_integration_user (Fixture       *f,
                           gconstpointer  data)
{
  SbMembersPage *page = show_members (f, SB_ORGANIZATION_KIND_CLUB);
  GListModel *shown = sb_members_page_get_shown_model (page);
  guint n_before = g_list_model_get_n_items (shown);
  AdwMessageDialog *dialog = open_dialog (page, "members.add-integration-user", NULL);
  g_autoptr(SbMember) user = NULL;

  /* It says why. */
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "keep working"));

  /* Add waits for the e-mail address and both names; the phone is optional. */
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "add"));
  type_into (dialog, "email-row", "bank@demo-if.example");
  type_into (dialog, "first-name-row", "Bank");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "add"));
  type_into (dialog, "last-name-row", "Integration");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "add"));

  answer (dialog, "add");

  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, n_before + 1);
  user = find_member (f, "bank@demo-if.example");
  g_assert_nonnull (user);
  g_assert_cmpstr (sb_member_get_display_name (user), ==, "Bank Integration");
  g_assert_cmpint (sb_member_get_kind (user), ==, SB_MEMBER_KIND_INTEGRATION_USER);
}

static void
collect_member_rows (GtkWidget *widget,
                     GPtrArray *rows)
{
  if (SB_IS_MEMBER_ROW (widget))
    g_ptr_array_add (rows, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_member_rows (child, rows);
}

/* The packages line under a member in the list, or NULL when it is not shown. */
static const char *
get_shown_packages (Fixture    *f,
                    const char *email)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect_member_rows (GTK_WIDGET (sb_window_get_members_page (f->window)), rows);
  for (guint i = 0; i < rows->len; i++)
    {
      SbMember *member = sb_member_row_get_member (rows->pdata[i]);

      if (member != NULL && g_strcmp0 (sb_member_get_email (member), email) == 0)
        {
          GtkWidget *label = GTK_WIDGET (gtk_widget_get_template_child (rows->pdata[i],
                                                                        SB_TYPE_MEMBER_ROW,
                                                                        "packages_label"));

          return gtk_widget_get_visible (label) ? gtk_label_get_label (GTK_LABEL (label))
                                                : NULL;
        }
    }

  g_assert_not_reached ();
}

/* The dialog offers the optional packages with what each gives; the one checked is held,
 * and the new row says so. */
static void
test_add_integration_user_packages (Fixture       *f,
                                    gconstpointer  data)
{
  SbMembersPage *page = show_members (f, SB_ORGANIZATION_KIND_CLUB);
  AdwMessageDialog *dialog = open_dialog (page, "members.add-integration-user", NULL);
  GtkCheckButton *invoicing = g_object_get_data (G_OBJECT (dialog), "package-invoicing");
  GtkCheckButton *reports = g_object_get_data (G_OBJECT (dialog), "package-reports");
  GtkWidget *row;
  g_autoptr(SbMember) user = NULL;
  const char * const held[] = { "integration-user", "invoicing", NULL };

  /* “Integration user” is always held: checked, and it cannot be unchecked. */
  {
    GtkWidget *always = g_object_get_data (G_OBJECT (dialog), "package-integration-user");

    g_assert_nonnull (always);
    g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (always)));
    g_assert_false (gtk_widget_get_sensitive (always));
  }
  g_assert_nonnull (invoicing);
  g_assert_nonnull (reports);
  g_assert_false (gtk_check_button_get_active (invoicing));
  row = gtk_widget_get_ancestor (GTK_WIDGET (invoicing), ADW_TYPE_ACTION_ROW);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Invoicing");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "Reads and books invoices and payments");

  /* People hold none, so theirs show nothing. */
  g_assert_null (get_shown_packages (f, "karin@demo-if.example"));
  g_assert_cmpstr (get_shown_packages (f, "fortnox@demo-if.example"), ==,
                   "Access packages: Integration user");

  type_into (dialog, "email-row", "bank@demo-if.example");
  type_into (dialog, "first-name-row", "Bank");
  type_into (dialog, "last-name-row", "Integration");
  gtk_check_button_set_active (invoicing, TRUE);
  answer (dialog, "add");

  user = find_member (f, "bank@demo-if.example");
  g_assert_nonnull (user);
  g_assert_true (g_strv_equal (sb_member_get_packages (user), held));
  flush_events ();
  g_assert_cmpstr (get_shown_packages (f, "bank@demo-if.example"), ==,
                   "Access packages: Integration user, Invoicing");

  /* A change made elsewhere shows at once. */
  {
    g_autoptr(GError) error = NULL;
    const char * const reports_only[] = { "reports", NULL };

    g_assert_true (sb_workspace_set_member_packages (f->workspace, user, reports_only,
                                                     &error));
    g_assert_no_error (error);
    flush_events ();
    g_assert_cmpstr (get_shown_packages (f, "bank@demo-if.example"), ==,
                     "Access packages: Integration user, Reports");
  }

  /* The row's button changes them: the dialog shows what is held. */
  {
    AdwMessageDialog *edit = open_dialog (page, "members.edit-packages",
                                          g_variant_new_int64 (sb_member_get_id (user)));
    GtkCheckButton *edit_reports = g_object_get_data (G_OBJECT (edit), "package-reports");
    GtkCheckButton *edit_accounting = g_object_get_data (G_OBJECT (edit), "package-accounting");
    GtkWidget *always = g_object_get_data (G_OBJECT (edit), "package-integration-user");
    const char * const changed[] = { "integration-user", "accounting", NULL };

    g_assert_true (gtk_check_button_get_active (edit_reports));
    g_assert_false (gtk_check_button_get_active (edit_accounting));
    g_assert_false (gtk_widget_get_sensitive (always));
    gtk_check_button_set_active (edit_reports, FALSE);
    gtk_check_button_set_active (edit_accounting, TRUE);
    answer (edit, "save");
    g_assert_true (g_strv_equal (sb_member_get_packages (user), changed));
    flush_events ();
    g_assert_cmpstr (get_shown_packages (f, "bank@demo-if.example"), ==,
                     "Access packages: Integration user, Accounting");
  }

  /* People have no such button to press. */
  {
    g_autoptr(SbMember) karin = find_member (f, "karin@demo-if.example");

    g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (page), "members.edit-packages",
                                                       g_variant_new_int64 (
                                                         sb_member_get_id (karin))));
    flush_events ();
    g_assert_null (find_message_dialog ());
  }
}

static guint
count_roles (AdwMessageDialog *dialog)
{
  AdwComboRow *row = g_object_get_data (G_OBJECT (dialog), "role-row");

  return g_list_model_get_n_items (adw_combo_row_get_model (row));
}

/* The role picker offers the sports roles in clubs only. */
static void
test_add_person (Fixture       *f,
                 gconstpointer  data)
{
  SbMembersPage *page = show_members (f, SB_ORGANIZATION_KIND_COMPANY);
  AdwMessageDialog *dialog = open_dialog (page, "members.add-person", NULL);
  AdwComboRow *role_row;
  g_autoptr(SbMember) added = NULL;

  g_assert_cmpuint (count_roles (dialog), ==, 3);
  answer (dialog, "cancel");

  page = show_members (f, SB_ORGANIZATION_KIND_CLUB);
  dialog = open_dialog (page, "members.add-person", NULL);
  g_assert_cmpuint (count_roles (dialog), ==, SB_N_ROLES);
  type_into (dialog, "name-row", "Nina Holm");
  type_into (dialog, "email-row", "nina@demo-if.example");
  role_row = g_object_get_data (G_OBJECT (dialog), "role-row");
  adw_combo_row_set_selected (role_row, SB_ROLE_TREASURER);
  answer (dialog, "add");

  added = find_member (f, "nina@demo-if.example");
  g_assert_nonnull (added);
  g_assert_cmpint (sb_member_get_role (added), ==, SB_ROLE_TREASURER);
  g_assert_cmpint (sb_member_get_kind (added), ==, SB_MEMBER_KIND_PERSON);
}

/* Removing the treasurer lists her accounts and offers the integration user for them. */
static void
test_remove_and_move (Fixture       *f,
                      gconstpointer  data)
{
  SbMembersPage *page = show_members (f, SB_ORGANIZATION_KIND_CLUB);
  g_autoptr(SbMember) karin = find_member (f, "karin@demo-if.example");
  g_autoptr(SbMember) fortnox = find_member (f, "fortnox@demo-if.example");
  g_autoptr(SbMember) gone = NULL;
  g_autoptr(SbAccount) stripe = find_account (f, "Stripe membership fees");
  AdwMessageDialog *dialog;
  AdwComboRow *move_row;

  dialog = open_dialog (page, "members.remove",
                        g_variant_new_int64 (sb_member_get_id (karin)));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "2 accounts"));
  move_row = g_object_get_data (G_OBJECT (dialog), "move-row");
  g_assert_nonnull (move_row);
  /* The integration user, then “Nobody”. */
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (move_row)), ==, 2);
  g_assert_cmpuint (adw_combo_row_get_selected (move_row), ==, 0);

  answer (dialog, "remove");

  gone = find_member (f, "karin@demo-if.example");
  g_assert_null (gone);
  g_assert_cmpint (sb_account_get_owner_member_id (stripe), ==, sb_member_get_id (fortnox));
}

static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  if (SB_IS_ACCOUNT_ROW (widget))
    g_ptr_array_add (rows, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_rows (child, rows);
}

static gboolean
is_person_owned (Fixture    *f,
                 const char *name)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect_rows (GTK_WIDGET (sb_window_get_accounts_page (f->window)), rows);
  for (guint i = 0; i < rows->len; i++)
    {
      SbAccount *account = sb_account_row_get_account (rows->pdata[i]);

      if (account != NULL && g_strcmp0 (sb_account_get_name (account), name) == 0)
        return sb_account_row_get_person_owned (rows->pdata[i]);
    }

  g_assert_not_reached ();
}

/* A person's credentials carry a warning in the accounts list, until they move. */
static void
test_person_owned_badge (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbMember) johan = NULL;
  g_autoptr(SbMember) fortnox = NULL;

  select_organization_kind (f, SB_ORGANIZATION_KIND_CLUB);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s",
                                             "accounts"));
  flush_events ();

  g_assert_true (is_person_owned (f, "Club shop"));
  g_assert_false (is_person_owned (f, "Fortnox bookkeeping"));

  johan = find_member (f, "johan@demo-if.example");
  fortnox = find_member (f, "fortnox@demo-if.example");
  g_assert_true (sb_workspace_remove_member (f->workspace, johan, fortnox, &error));
  g_assert_no_error (error);
  flush_events ();
  g_assert_false (is_person_owned (f, "Club shop"));
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add ("/ui/members/add-integration-user", Fixture, WITH_DEMO,
              fixture_set_up, test_add_integration_user, fixture_tear_down);
  g_test_add ("/ui/members/add-integration-user-packages", Fixture, WITH_DEMO,
              fixture_set_up, test_add_integration_user_packages, fixture_tear_down);
  g_test_add ("/ui/members/add-person", Fixture, WITH_DEMO,
              fixture_set_up, test_add_person, fixture_tear_down);
  g_test_add ("/ui/members/remove-and-move", Fixture, WITH_DEMO,
              fixture_set_up, test_remove_and_move, fixture_tear_down);
  g_test_add ("/ui/members/person-owned-badge", Fixture, WITH_DEMO,
              fixture_set_up, test_person_owned_badge, fixture_tear_down);

  return g_test_run ();
}
