/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ui-fixture.h"
#include "ui/sb-activated-page.h"

/* The window's Activated page: the register of every organization, its filters, and
 * Deactivate and Reactivate on several rows at once. */

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type,
             guint     *skip)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    {
      if (*skip == 0)
        return widget;
      (*skip)--;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, skip);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_nth (GtkWidget *root,
          GType      type,
          guint      n)
{
  GtkWidget *found = find_widget (root, type, &n);

  g_assert_nonnull (found);
  return found;
}

static SbActivatedPage *
show_page (Fixture *f)
{
  SbActivatedPage *page;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", "activated");
  page = SB_ACTIVATED_PAGE (find_nth (GTK_WIDGET (f->window), SB_TYPE_ACTIVATED_PAGE, 0));
  wait_until_mapped (GTK_WIDGET (page));
  flush_events ();
  return page;
}

static gboolean
lists (GListModel *model,
       const char *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SbActivatedIntegration) row = g_list_model_get_item (model, i);

      if (g_str_equal (sb_integration_get_name (sb_activated_integration_get_integration (row)),
                       name))
        return TRUE;
    }
  return FALSE;
}

#define FEES "Membership fees from Stripe to Fortnox"
#define LOK "Weekly LOK-support attendance report"

static gboolean
column_visible (SbActivatedPage *page,
                const char      *title)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (find_nth (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW, 0));
  GListModel *columns = gtk_column_view_get_columns (view);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_str_equal (gtk_column_view_column_get_title (column), title))
        return gtk_column_view_column_get_visible (column);
    }
  g_assert_not_reached ();
}

static void
select_system (SbActivatedPage *page,
               const char      *name)
{
  GtkDropDown *systems = GTK_DROP_DOWN (find_nth (GTK_WIDGET (page), GTK_TYPE_DROP_DOWN, 1));
  GListModel *model = gtk_drop_down_get_model (systems);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (model), i), name))
      {
        gtk_drop_down_set_selected (systems, i);
        flush_events ();
        return;
      }
  g_assert_not_reached ();
}

static void
test_activated_page (Fixture       *f,
                     gconstpointer  data)
{
  SbActivatedPage *page = show_page (f);
  GtkSelectionModel *selection = sb_activated_page_get_selection (page);
  GListModel *rows = G_LIST_MODEL (selection);
  GtkDropDown *types = GTK_DROP_DOWN (find_nth (GTK_WIDGET (page), GTK_TYPE_DROP_DOWN, 0));
  GtkToggleButton *deactivated = GTK_TOGGLE_BUTTON (find_nth (GTK_WIDGET (page),
                                                              GTK_TYPE_TOGGLE_BUTTON, 1));
  g_autoptr(GError) error = NULL;
  g_autoptr(SbIntegration) fees = sb_workspace_find_integration (f->workspace, FEES, &error);
  guint n_all;

  g_assert_no_error (error);

  /* Every organization's activated integrations, and no Draft. */
  n_all = g_list_model_get_n_items (rows);
  g_assert_cmpuint (n_all, >=, 3);
  g_assert_true (lists (rows, FEES));
  g_assert_true (lists (rows, LOK));
  g_assert_false (lists (rows, "Club shop orders to Fortnox"));
  /* Nothing selected: nothing to deactivate. */
  gtk_widget_activate_action (GTK_WIDGET (page), "activated.deactivate", NULL);
  flush_events ();
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, n_all);

  /* Filters, alone and together. */
  select_system (page, "Stripe");
  g_assert_true (lists (rows, FEES));
  g_assert_false (lists (rows, LOK));
  gtk_drop_down_set_selected (types, 2); /* Export */
  flush_events ();
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 0);
  gtk_drop_down_set_selected (types, 1); /* Import */
  flush_events ();
  g_assert_true (lists (rows, FEES));

  /* Deactivate what is selected: it leaves the list and stops being live. */
  gtk_selection_model_select_all (selection);
  gtk_widget_activate_action (GTK_WIDGET (page), "activated.deactivate", NULL);
  flush_events ();
  g_assert_false (lists (rows, FEES));
  g_assert_cmpint (sb_integration_get_status (fees), ==, SB_INTEGRATION_STATUS_PAUSED);
  g_assert_true (sb_workspace_is_deactivated (f->workspace, fees));

  /* The deactivated list beside it, with the same filters. */
  g_assert_false (column_visible (page, "Deactivated at"));
  gtk_toggle_button_set_active (deactivated, TRUE);
  flush_events ();
  g_assert_true (column_visible (page, "Deactivated at"));
  g_assert_true (lists (rows, FEES));
  g_assert_false (lists (rows, LOK));

  gtk_selection_model_select_all (selection);
  gtk_widget_activate_action (GTK_WIDGET (page), "activated.reactivate", NULL);
  flush_events ();
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 0);
  g_assert_cmpint (sb_integration_get_status (fees), ==, SB_INTEGRATION_STATUS_LIVE);

  /* Back in the register, all of it once the filters are off. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find_nth (GTK_WIDGET (page),
                                                             GTK_TYPE_TOGGLE_BUTTON, 0)),
                                TRUE);
  gtk_drop_down_set_selected (types, 0);
  select_system (page, "All systems");
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, n_all);
}

static void
test_refused_shows_why (Fixture       *f,
                        gconstpointer  data)
{
  SbActivatedPage *page = show_page (f);
  GtkSelectionModel *selection = sb_activated_page_get_selection (page);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (selection));
  GtkLabel *error_label = NULL;

  sb_workspace_set_acting_email (f->workspace, "sara@demo-if.example");
  select_system (page, "IdrottOnline");
  gtk_selection_model_select_all (selection);
  gtk_widget_activate_action (GTK_WIDGET (page), "activated.deactivate", NULL);
  flush_events ();

  /* Nothing changed, and the page says why. */
  for (guint i = 0; error_label == NULL; i++)
    {
      GtkLabel *label = GTK_LABEL (find_nth (GTK_WIDGET (page), GTK_TYPE_LABEL, i));

      if (gtk_widget_has_css_class (GTK_WIDGET (label), "error"))
        error_label = label;
    }
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_nonnull (strstr (gtk_label_get_text (error_label), "Only Admins and Collaborators"));
  sb_workspace_set_acting_email (f->workspace, NULL);
  select_system (page, "All systems");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, n);
}

/* The register of processing of the window's organization, as CSV or as a printable page. */
static void
test_save_register (Fixture       *f,
                    gconstpointer  data)
{
  SbActivatedPage *page = show_page (f);
  SbOrganization *org = sb_activated_page_get_organization (page);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("samband-register-XXXXXX", &error);
  g_autofree char *csv_path = g_build_filename (dir, "register.csv", NULL);
  g_autofree char *html_path = g_build_filename (dir, "register.html", NULL);
  g_autoptr(GFile) csv_file = g_file_new_for_path (csv_path);
  g_autoptr(GFile) html_file = g_file_new_for_path (html_path);
  g_autoptr(GFile) dir_file = g_file_new_for_path (dir);
  g_autofree char *csv = NULL;
  g_autofree char *html = NULL;
  g_autofree char *title = NULL;

  g_assert_no_error (error);
  /* The window's selected organization. */
  g_assert_nonnull (org);
  g_assert_true (org == sb_window_get_organization (f->window));

  g_assert_true (sb_activated_page_save_register (page, csv_file, &error));
  g_assert_no_error (error);
  g_assert_true (sb_activated_page_save_register (page, html_file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_true (g_file_get_contents (html_path, &html, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv, "Integration,System,Type,Purpose of processing,"));
  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>"));
  title = g_strdup_printf ("<h1>Register of processing: %s</h1>", sb_organization_get_name (org));
  g_assert_nonnull (strstr (html, title));

  remove_tree (dir_file);
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
no_result (gpointer data)
{
  return *(GAsyncResult **) data == NULL;
}

static SbActivatedIntegration *
find_row (GListModel *model,
          const char *name,
          guint      *position)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SbActivatedIntegration) row = g_list_model_get_item (model, i);

      if (g_str_equal (sb_integration_get_name (sb_activated_integration_get_integration (row)),
                       name))
        {
          *position = i;
          return g_steal_pointer (&row);
        }
    }
  g_assert_not_reached ();
}

#define MEMBER_IMPORT "Import new members from IdrottOnline"

/* The page follows runs while it shows: a member import that ends appears as the row's last
 * import at once, and what was selected stays selected. */
static void
test_live (Fixture       *f,
           gconstpointer  data)
{
  SbActivatedPage *page = show_page (f);
  GtkSelectionModel *selection = sb_activated_page_get_selection (page);
  g_autoptr(GError) error = NULL;
  g_autoptr(SbIntegration) import = sb_workspace_find_integration (f->workspace, MEMBER_IMPORT,
                                                                   &error);
  g_autoptr(SbActivatedIntegration) before = NULL;
  g_autoptr(SbActivatedIntegration) after = NULL;
  g_autoptr(SbRun) run = NULL;
  GAsyncResult *result = NULL;
  guint position, fees_position;

  g_assert_no_error (error);
  before = find_row (G_LIST_MODEL (selection), MEMBER_IMPORT, &position);
  {
    g_autoptr(SbActivatedIntegration) fees = find_row (G_LIST_MODEL (selection), FEES,
                                                       &fees_position);
  }
  gtk_selection_model_select_item (selection, fees_position, TRUE);

  sb_workspace_run_integration_async (f->workspace, import, NULL, NULL, run_done_cb, &result);
  wait_while_for (no_result, &result, 60);
  run = sb_workspace_run_integration_finish (f->workspace, result, &error);
  g_object_unref (result);
  g_assert_no_error (error);
  flush_events ();

  after = find_row (G_LIST_MODEL (selection), MEMBER_IMPORT, &position);
  g_assert_true (after != before);
  g_assert_nonnull (sb_activated_integration_get_last_run (after));
  g_assert_cmpint (sb_run_get_id (sb_activated_integration_get_last_run (after)), ==,
                   sb_run_get_id (run));
  {
    g_autoptr(SbActivatedIntegration) fees = find_row (G_LIST_MODEL (selection), FEES,
                                                       &fees_position);
  }
  g_assert_true (gtk_selection_model_is_selected (selection, fees_position));
  g_assert_false (gtk_selection_model_is_selected (selection, position));
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add ("/ui/activated/live", Fixture, WITH_DEMO,
              fixture_set_up, test_live, fixture_tear_down);
  g_test_add ("/ui/activated/page", Fixture, WITH_DEMO,
              fixture_set_up, test_activated_page, fixture_tear_down);
  g_test_add ("/ui/activated/save-register", Fixture, WITH_DEMO,
              fixture_set_up, test_save_register, fixture_tear_down);
  g_test_add ("/ui/activated/refused", Fixture, WITH_DEMO,
              fixture_set_up, test_refused_shows_why, fixture_tear_down);

  return g_test_run ();
}
