/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include "ui/sb-imports-page.h"
#include "ui-fixture.h"

/* The Imports page over the demo: the list, its search and status filter, and the details
 * of a real import of the members from the IdrottOnline imitation. */

#define MEMBER_IMPORT "Import new members from IdrottOnline"

typedef struct
{
  GtkWindow     *window;
  SbImportsPage *page;
} Page;

static void
page_open (Fixture *f,
           Page    *p)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) org = sb_workspace_find_organization (f->workspace, "Demo IF",
                                                                  &error);

  g_assert_no_error (error);
  p->window = GTK_WINDOW (gtk_window_new ());
  p->page = g_object_new (SB_TYPE_IMPORTS_PAGE, "workspace", f->workspace,
                          "organization", org, NULL);
  gtk_window_set_child (p->window, GTK_WIDGET (p->page));
  gtk_window_set_default_size (p->window, 800, 600);
  gtk_window_present (p->window);
  wait_until_mapped (GTK_WIDGET (p->page));
  flush_events ();
}

static void
page_close (Page *p)
{
  g_object_add_weak_pointer (G_OBJECT (p->page), (gpointer *) &p->page);
  gtk_window_destroy (p->window);
  wait_for_null ((gpointer *) &p->page);
  g_assert_null (p->page);
}

static guint
count_rows (GtkListBox *box)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (box)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child))
      n++;
  return n;
}

static AdwActionRow *
get_row (GtkListBox *box,
         int         index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (box, index);

  g_assert_true (ADW_IS_ACTION_ROW (row));
  return ADW_ACTION_ROW (row);
}

static guint
count_imports (Fixture        *f,
               SbImportStatus  status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) org = sb_workspace_find_organization (f->workspace, "Demo IF",
                                                                  &error);
  g_autoptr(GPtrArray) runs = sb_workspace_list_imports (f->workspace, org, NULL, status, NULL,
                                                         NULL, 0, &error);

  g_assert_no_error (error);
  return runs->len;
}

static guint
count_recent_imports (Fixture *f,
                      int      hours)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) org = sb_workspace_find_organization (f->workspace, "Demo IF",
                                                                  &error);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) since = g_date_time_add_hours (now, -hours);
  g_autoptr(GPtrArray) runs = sb_workspace_list_imports (f->workspace, org, NULL,
                                                         SB_IMPORT_STATUS_ANY, since, NULL, 0,
                                                         &error);

  g_assert_no_error (error);
  return runs->len;
}

/* The imports started on the local days from @from_days_ago to @to_days_ago, both in. */
static guint
count_imports_between (Fixture *f,
                       int      from_days_ago,
                       int      to_days_ago)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) org = sb_workspace_find_organization (f->workspace, "Demo IF",
                                                                  &error);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) today = g_date_time_new_local (g_date_time_get_year (now),
                                                      g_date_time_get_month (now),
                                                      g_date_time_get_day_of_month (now),
                                                      0, 0, 0);
  g_autoptr(GDateTime) since = g_date_time_add_days (today, -from_days_ago);
  g_autoptr(GDateTime) until = g_date_time_add_days (today, -to_days_ago + 1);
  g_autoptr(GPtrArray) runs = sb_workspace_list_imports (f->workspace, org, NULL,
                                                         SB_IMPORT_STATUS_ANY, since, until,
                                                         0, &error);

  g_assert_no_error (error);
  return runs->len;
}

static void
select_days_ago (GtkCalendar *calendar,
                 int          days_ago)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) day = g_date_time_add_days (now, -days_ago);

  gtk_calendar_select_day (calendar, day);
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

static void
test_list_and_filter (Fixture       *f,
                      gconstpointer  data)
{
  Page p = { 0 };
  guint all = count_imports (f, SB_IMPORT_STATUS_ANY);

  page_open (f, &p);
  g_assert_cmpuint (all, >, 0);
  g_assert_cmpuint (count_rows (sb_imports_page_get_list (p.page)), ==, all);
  g_assert_cmpstr (adw_preferences_row_get_title (
                     ADW_PREFERENCES_ROW (get_row (sb_imports_page_get_list (p.page), 0))),
                   ==, MEMBER_IMPORT);

  /* The status drop-down lists them in the order of SbImportStatus. */
  gtk_drop_down_set_selected (sb_imports_page_get_status (p.page), SB_IMPORT_STATUS_FAILED);
  g_assert_cmpuint (count_rows (sb_imports_page_get_list (p.page)), ==,
                    count_imports (f, SB_IMPORT_STATUS_FAILED));
  g_assert_cmpuint (count_rows (sb_imports_page_get_list (p.page)), ==, 1);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (
                              get_row (sb_imports_page_get_list (p.page), 0)), "Failed"));
  gtk_drop_down_set_selected (sb_imports_page_get_status (p.page), SB_IMPORT_STATUS_ANY);

  /* The demo's history goes back days: the last 24 hours hold fewer of them. */
  gtk_drop_down_set_selected (sb_imports_page_get_period (p.page), 1);
  g_assert_cmpuint (count_rows (sb_imports_page_get_list (p.page)), ==,
                    count_recent_imports (f, 24));
  g_assert_cmpuint (count_rows (sb_imports_page_get_list (p.page)), <, all);
  gtk_drop_down_set_selected (sb_imports_page_get_period (p.page), 0);
  g_assert_cmpuint (count_rows (sb_imports_page_get_list (p.page)), ==, all);
  g_assert_null (sb_imports_page_get_range_text (p.page, FALSE));

  /* Between Dates: two calendars, from 30 days ago to today at first, both days in. */
  gtk_drop_down_set_selected (sb_imports_page_get_period (p.page), 4);
  g_assert_nonnull (sb_imports_page_get_range_text (p.page, FALSE));
  g_assert_cmpuint (count_rows (sb_imports_page_get_list (p.page)), ==,
                    count_imports_between (f, 30, 0));
  select_days_ago (sb_imports_page_get_calendar (p.page, FALSE), 3);
  select_days_ago (sb_imports_page_get_calendar (p.page, TRUE), 1);
  g_assert_cmpuint (count_imports_between (f, 3, 1), >, 0);
  g_assert_cmpuint (count_imports_between (f, 3, 1), <, all);
  g_assert_cmpuint (count_rows (sb_imports_page_get_list (p.page)), ==,
                    count_imports_between (f, 3, 1));
  /* The ends in the other order mean the same days. */
  select_days_ago (sb_imports_page_get_calendar (p.page, FALSE), 1);
  select_days_ago (sb_imports_page_get_calendar (p.page, TRUE), 3);
  g_assert_cmpuint (count_rows (sb_imports_page_get_list (p.page)), ==,
                    count_imports_between (f, 3, 1));
  /* Long before the demo's history began. */
  select_days_ago (sb_imports_page_get_calendar (p.page, FALSE), 400);
  select_days_ago (sb_imports_page_get_calendar (p.page, TRUE), 399);
  g_assert_cmpuint (count_rows (sb_imports_page_get_list (p.page)), ==, count_imports_between (f, 400, 399));
  g_assert_cmpuint (count_imports_between (f, 400, 399), ==, 0);
  gtk_drop_down_set_selected (sb_imports_page_get_period (p.page), 0);
  g_assert_cmpuint (count_rows (sb_imports_page_get_list (p.page)), ==, all);

  gtk_editable_set_text (sb_imports_page_get_search (p.page), "no such integration");
  /* The search entry waits a moment before it says the text changed. */
  g_signal_emit_by_name (sb_imports_page_get_search (p.page), "search-changed");
  g_assert_cmpuint (count_rows (sb_imports_page_get_list (p.page)), ==, 0);
  gtk_editable_set_text (sb_imports_page_get_search (p.page), "idrott");
  g_signal_emit_by_name (sb_imports_page_get_search (p.page), "search-changed");
  g_assert_cmpuint (count_rows (sb_imports_page_get_list (p.page)), >, 0);

  page_close (&p);
}

/* A real import shows up at the top, and its details list every member as created. */
static void
test_detail (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbIntegration) import = sb_workspace_find_integration (f->workspace, MEMBER_IMPORT,
                                                                   &error);
  g_autoptr(SbRun) run = NULL;
  GAsyncResult *result = NULL;
  GtkListBox *items;
  Page p = { 0 };

  g_assert_no_error (error);
  page_open (f, &p);
  sb_workspace_run_integration_async (f->workspace, import, NULL, NULL, run_done_cb, &result);
  wait_while_for (no_result, &result, 60);
  run = sb_workspace_run_integration_finish (f->workspace, result, &error);
  g_object_unref (result);
  g_assert_no_error (error);
  flush_events ();

  g_assert_cmpuint (count_rows (sb_imports_page_get_list (p.page)), ==,
                    count_imports (f, SB_IMPORT_STATUS_ANY));
  gtk_widget_activate_action (GTK_WIDGET (p.page), "imports.open", "x", sb_run_get_id (run));
  g_assert_cmpint (sb_imports_page_get_shown_run (p.page), ==, sb_run_get_id (run));

  items = sb_imports_page_get_items (p.page);
  g_assert_cmpuint (sb_run_get_items_read (run), >, 0);
  g_assert_cmpuint (count_rows (items), ==, sb_run_get_items_read (run));
  for (guint i = 0; i < count_rows (items); i++)
    g_assert_cmpstr (adw_action_row_get_subtitle (get_row (items, i)), ==, "Created");

  gtk_widget_activate_action (GTK_WIDGET (p.page), "imports.back", NULL);
  g_assert_cmpint (sb_imports_page_get_shown_run (p.page), ==, 0);

  page_close (&p);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add ("/ui/imports/list-and-filter", Fixture, WITH_DEMO, fixture_set_up,
              test_list_and_filter, fixture_tear_down);
  g_test_add ("/ui/imports/detail", Fixture, WITH_DEMO, fixture_set_up, test_detail,
              fixture_tear_down);

  return g_test_run ();
}
