/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ui-fixture.h"
#include "model/sb-search.h"
#include "ui/sb-integration-editor.h"
#include "workspace/sb-workspace-catalog.h"

/* The integrations of an organization as an administrator works with them: the list with its
 * counts and search, the details, and every lifecycle action, each checked in the store and
 * in every view that shows it. */

static SbIntegration *
find_by_name (Fixture    *f,
              const char *name)
{
  SbOrganization *organization = sb_window_get_organization (f->window);
  GListModel *all = sb_workspace_get_integrations (f->workspace, organization);

  for (guint i = 0; i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr(SbIntegration) integration = g_list_model_get_item (all, i);

      if (g_strcmp0 (sb_integration_get_name (integration), name) == 0)
        return g_steal_pointer (&integration);
    }

  return NULL;
}

static SbIntegration *
find_with_status (Fixture             *f,
                  SbIntegrationStatus  status)
{
  SbOrganization *organization = sb_window_get_organization (f->window);
  GListModel *all = sb_workspace_get_integrations (f->workspace, organization);

  for (guint i = 0; i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr(SbIntegration) integration = g_list_model_get_item (all, i);

      if (sb_integration_get_status (integration) == status)
        return g_steal_pointer (&integration);
    }

  return NULL;
}

static guint
count_with_status (Fixture  *f,
                   gboolean  live)
{
  SbOrganization *organization = sb_window_get_organization (f->window);
  GListModel *all = sb_workspace_get_integrations (f->workspace, organization);
  guint count = 0;

  for (guint i = 0; i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr(SbIntegration) integration = g_list_model_get_item (all, i);

      if ((sb_integration_get_status (integration) == SB_INTEGRATION_STATUS_LIVE) == live)
        count++;
    }

  return count;
}

static void
assert_counts (Fixture *f)
{
  SbIntegrationsPage *page = sb_window_get_integrations_page (f->window);
  g_autofree char *active = g_strdup_printf ("%u", count_with_status (f, TRUE));
  g_autofree char *inactive = g_strdup_printf ("%u", count_with_status (f, FALSE));

  g_assert_cmpstr (sb_integrations_page_get_count_text (page, "active"), ==, active);
  g_assert_cmpstr (sb_integrations_page_get_count_text (page, "inactive"), ==, inactive);
}

static gboolean
shown_contains (GListModel *shown,
                const char *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(SbIntegration) integration = g_list_model_get_item (shown, i);

      if (g_strcmp0 (sb_integration_get_name (integration), name) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
open_details (Fixture       *f,
              SbIntegration *integration)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-integration", "x",
                                             sb_integration_get_id (integration)));
  flush_events ();
  g_assert_cmpstr (sb_window_get_visible_page_name (f->window), ==, "integration");
  g_assert_true (sb_integration_view_get_integration (sb_window_get_integration_view (f->window))
                 == integration);
}

static gboolean
view_action_enabled (Fixture    *f,
                     const char *name)
{
  SbIntegrationView *view = sb_window_get_integration_view (f->window);
  GtkWidget *button = sb_integration_view_get_action_button (view, name);
  g_autofree char *action = g_strconcat ("integration.", name, NULL);

  /* The button follows its action: both must agree. */
  g_assert_cmpint (gtk_widget_is_sensitive (button) && gtk_widget_get_visible (button), ==,
                   sb_integration_view_is_action_enabled (view, action));
  return sb_integration_view_is_action_enabled (view, action);
}

/* The tabs show how many integrations each holds, and follow every change of status. */
static void
test_tab_counts (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(SbIntegration) live = NULL;
  g_autoptr(GError) error = NULL;
  GtkSingleSelection *selection = sb_window_get_organization_selection (f->window);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (selection)); i++)
    {
      gtk_single_selection_set_selected (selection, i);
      flush_events ();
      assert_counts (f);
    }

  live = find_with_status (f, SB_INTEGRATION_STATUS_LIVE);
  g_assert_nonnull (live);
  g_assert_true (sb_workspace_pause_integration (f->workspace, live, &error));
  g_assert_no_error (error);
  flush_events ();
  assert_counts (f);
}

/* Search ignores case and diacritics, looks at descriptions and services too, and an empty
 * result offers to clear the search. */
static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  SbIntegrationsPage *page = sb_window_get_integrations_page (f->window);
  GListModel *shown = sb_integrations_page_get_shown_model (page);
  GtkEditable *search = sb_integrations_page_get_search_editable (page);
  g_autoptr(SbIntegration) created = NULL;
  g_autoptr(GError) error = NULL;
  guint n_inactive;

  select_organization_kind (f, SB_ORGANIZATION_KIND_CLUB);
  created = sb_workspace_create_integration (f->workspace, sb_window_get_organization (f->window),
                                             "Medlemsavgifter Östersunds FK",
                                             "Avgifter från Åre och Tromsø", &error);
  g_assert_no_error (error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "integrations.tab", "s",
                                             "inactive"));
  flush_events ();
  n_inactive = g_list_model_get_n_items (shown);

  /* Without the diacritics, in another case. */
  gtk_editable_set_text (search, "ostersund");
  flush_events ();
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
  g_assert_true (shown_contains (shown, "Medlemsavgifter Östersunds FK"));

  /* A word of the description. */
  gtk_editable_set_text (search, "TROMSO");
  flush_events ();
  g_assert_true (shown_contains (shown, "Medlemsavgifter Östersunds FK"));

  /* Nothing matches: the page says so and offers to clear the search. */
  gtk_editable_set_text (search, "zzzq");
  flush_events ();
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 0);
  g_assert_cmpstr (sb_integrations_page_get_visible_state (page), ==, "empty");
  g_assert_true (gtk_widget_get_visible (sb_integrations_page_get_clear_search_button (page)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "integrations.clear-search",
                                             NULL));
  flush_events ();
  g_assert_cmpstr (gtk_editable_get_text (search), ==, "");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, n_inactive);
  g_assert_cmpstr (sb_integrations_page_get_visible_state (page), ==, "list");

  /* A service an integration uses finds it, though its name does not say so. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "integrations.tab", "s",
                                             "active"));
  gtk_editable_set_text (search, "idrottonline");
  flush_events ();
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(SbIntegration) integration = g_list_model_get_item (shown, i);
      const char * const *services = sb_integration_get_services (integration);
      g_autofree char *name = sb_search_fold (sb_integration_get_name (integration));

      g_assert_true (strstr (name, "idrottonline") != NULL ||
                     (services != NULL && g_strv_contains (services, "IdrottOnline")));
    }
  g_assert_cmpuint (g_list_model_get_n_items (shown), >, 0);

  /* The search is cleared by its own stop signal (Escape). */
  g_signal_emit_by_name (search, "stop-search");
  g_assert_cmpstr (gtk_editable_get_text (search), ==, "");
}

/* Opening an integration shows its header, its steps in order, its runs and settings. */
static void
test_details (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(SbIntegration) integration = NULL;
  SbIntegrationView *view;
  JsonNode *steps;
  GListModel *runs;

  select_organization_kind (f, SB_ORGANIZATION_KIND_CLUB);
  integration = find_by_name (f, "Import new members from IdrottOnline");
  g_assert_nonnull (integration);

  open_details (f, integration);
  view = sb_window_get_integration_view (f->window);

  g_assert_cmpstr (sb_integration_view_get_title (view), ==,
                   "Import new members from IdrottOnline");
  g_assert_cmpstr (sb_integration_view_get_status_text (view), ==, "Live");
  g_assert_nonnull (strstr (sb_integration_view_get_created_text (view), "Karin Lindqvist"));

  /* The trigger and the steps, the nested one included. */
  steps = sb_integration_get_steps (integration);
  g_assert_cmpuint (sb_integration_view_count_step_rows (view), ==,
                    json_array_get_length (json_node_get_array (steps)) + 1);

  runs = sb_integration_view_get_runs_model (view);
  g_assert_cmpuint (g_list_model_get_n_items (runs), ==,
                    sb_workspace_count_runs (f->workspace, integration));
  g_assert_cmpuint (g_list_model_get_n_items (runs), >, 0);

  /* Newest first. */
  for (guint i = 1; i < g_list_model_get_n_items (runs); i++)
    {
      g_autoptr(SbRun) newer = g_list_model_get_item (runs, i - 1);
      g_autoptr(SbRun) older = g_list_model_get_item (runs, i);

      g_assert_cmpint (g_date_time_compare (sb_run_get_started_at (newer),
                                            sb_run_get_started_at (older)), >=, 0);
    }

  /* Back to the list. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-integrations",
                                             NULL));
  flush_events ();
  g_assert_cmpstr (sb_window_get_visible_page_name (f->window), ==, "main");

  /* Ctrl+F from the details leads back to the list's search field. */
  open_details (f, integration);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.search", NULL));
  flush_events ();
  g_assert_cmpstr (sb_window_get_visible_page_name (f->window), ==, "main");
}

/* The logs hold the warnings and errors of every run, filtered by level and searchable. */
static void
test_logs (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(SbIntegration) integration = NULL;
  SbIntegrationView *view;
  GListModel *shown;
  guint all;
  guint errors = 0;

  select_organization_kind (f, SB_ORGANIZATION_KIND_CLUB);
  integration = find_by_name (f, "Import new members from IdrottOnline");
  open_details (f, integration);
  view = sb_window_get_integration_view (f->window);
  shown = sb_integration_view_get_shown_logs (view);

  all = g_list_model_get_n_items (shown);
  g_assert_cmpuint (all, >, 0);
  for (guint i = 0; i < all; i++)
    {
      g_autoptr(SbRunEvent) event = g_list_model_get_item (shown, i);

      g_assert_cmpint (sb_run_event_get_level (event), >=, SB_RUN_EVENT_LEVEL_WARNING);
      if (sb_run_event_get_level (event) == SB_RUN_EVENT_LEVEL_ERROR)
        errors++;
    }

  sb_integration_view_set_log_level (view, SB_RUN_EVENT_LEVEL_ERROR);
  flush_events ();
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, errors);

  sb_integration_view_set_log_level (view, SB_RUN_EVENT_LEVEL_WARNING);
  gtk_editable_set_text (sb_integration_view_get_log_search_editable (view), "zzzq");
  flush_events ();
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 0);
  gtk_editable_set_text (sb_integration_view_get_log_search_editable (view), "");
  flush_events ();
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, all);
}

/* Pause and Activate change the store and every view: the header, the tabs, the counts. */
static void
test_pause_activate (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(SbIntegration) integration = NULL;
  g_autoptr(SbWorkspace) reopened = NULL;
  g_autoptr(SbIntegration) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  SbIntegrationView *view;

  select_organization_kind (f, SB_ORGANIZATION_KIND_CLUB);
  integration = find_by_name (f, "Import new members from IdrottOnline");
  open_details (f, integration);
  view = sb_window_get_integration_view (f->window);

  g_assert_true (view_action_enabled (f, "pause"));
  g_assert_false (view_action_enabled (f, "activate"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "integration.pause", NULL));
  flush_events ();
  g_assert_cmpint (sb_integration_get_status (integration), ==, SB_INTEGRATION_STATUS_PAUSED);
  g_assert_cmpstr (sb_integration_view_get_status_text (view), ==, "Paused");
  g_assert_true (view_action_enabled (f, "activate"));
  assert_counts (f);

  /* What the store holds, seen by another workspace on the same file. */
  id = g_strdup_printf ("%" G_GINT64_FORMAT, sb_integration_get_id (integration));
  reopened = sb_workspace_open (f->data_dir, &error);
  g_assert_no_error (error);
  stored = sb_workspace_find_integration (reopened, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sb_integration_get_status (stored), ==, SB_INTEGRATION_STATUS_PAUSED);
  g_clear_object (&stored);
  g_clear_object (&reopened);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "integration.activate", NULL));
  flush_events ();
  g_assert_cmpint (sb_integration_get_status (integration), ==, SB_INTEGRATION_STATUS_LIVE);
  g_assert_cmpstr (sb_integration_view_get_status_text (view), ==, "Live");
  assert_counts (f);
}

/* An integration whose account is not connected cannot be activated, and the window says
 * why. */
static void
test_activate_refused (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(SbIntegration) integration = NULL;
  SbIntegrationView *view;
  const char *message;

  select_organization_kind (f, SB_ORGANIZATION_KIND_CLUB);
  /* The club shop's account needs attention in the demo. */
  integration = find_by_name (f, "Club shop orders to Fortnox");
  g_assert_nonnull (integration);
  g_assert_cmpint (sb_integration_get_status (integration), ==, SB_INTEGRATION_STATUS_DRAFT);
  open_details (f, integration);
  view = sb_window_get_integration_view (f->window);

  g_assert_true (view_action_enabled (f, "activate"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "integration.activate", NULL));
  flush_events ();
  g_assert_cmpint (sb_integration_get_status (integration), ==, SB_INTEGRATION_STATUS_DRAFT);
  message = sb_window_get_last_message (f->window);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "Club shop"));
}

/* Duplicate makes a Draft copy with the same steps and no runs, and shows it. */
static void
test_duplicate (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(SbIntegration) integration = NULL;
  g_autoptr(SbIntegration) copy = NULL;
  SbIntegrationView *view;
  SbIntegration *shown;

  select_organization_kind (f, SB_ORGANIZATION_KIND_CLUB);
  integration = find_by_name (f, "Membership fees from Stripe to Fortnox");
  open_details (f, integration);
  view = sb_window_get_integration_view (f->window);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "integration.duplicate", NULL));
  flush_events ();

  copy = find_by_name (f, "Membership fees from Stripe to Fortnox (copy)");
  g_assert_nonnull (copy);
  g_assert_cmpint (sb_integration_get_status (copy), ==, SB_INTEGRATION_STATUS_DRAFT);
  g_assert_true (json_node_equal (sb_integration_get_steps (copy),
                                  sb_integration_get_steps (integration)));
  g_assert_cmpuint (sb_workspace_count_runs (f->workspace, copy), ==, 0);

  shown = sb_integration_view_get_integration (view);
  g_assert_true (shown == copy);
  assert_counts (f);
}

static void
answer_dialog (const char *response)
{
  AdwMessageDialog *dialog = find_message_dialog ();

  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, response);
  flush_events ();
}

/* Delete asks first, says how many runs go with it, and offers Undo; only when the toast
 * goes is the integration gone from the store. */
static void
test_delete (Fixture       *f,
             gconstpointer  data)
{
  SbIntegrationsPage *page = sb_window_get_integrations_page (f->window);
  GListModel *shown = sb_integrations_page_get_shown_model (page);
  g_autoptr(SbIntegration) integration = NULL;
  g_autoptr(SbWorkspace) reopened = NULL;
  g_autoptr(SbIntegration) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *runs = NULL;
  SbIntegrationView *view;
  AdwMessageDialog *dialog;
  AdwToast *toast;
  const char *name = "Import new members from IdrottOnline";

  select_organization_kind (f, SB_ORGANIZATION_KIND_CLUB);
  integration = find_by_name (f, name);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, sb_integration_get_id (integration));
  open_details (f, integration);
  view = sb_window_get_integration_view (f->window);

  /* Cancel: nothing happens. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "integration.delete", NULL));
  flush_events ();
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  runs = g_strdup_printf ("%u runs", sb_workspace_count_runs (f->workspace, integration));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), runs));
  answer_dialog ("cancel");
  g_assert_nonnull (find_by_name (f, name));

  /* Confirm, then Undo: it is back, runs and all. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "integration.delete", NULL));
  flush_events ();
  answer_dialog ("delete");
  g_assert_null (find_by_name (f, name));
  g_assert_cmpstr (sb_window_get_visible_page_name (f->window), ==, "main");
  toast = sb_window_get_last_toast (f->window);
  g_assert_nonnull (toast);
  g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "_Undo");
  g_signal_emit_by_name (toast, "button-clicked");
  dismiss_toast (toast);
  flush_events ();
  {
    g_autoptr(SbIntegration) back = find_by_name (f, name);

    g_assert_true (back == integration);
    g_assert_cmpuint (sb_workspace_count_runs (f->workspace, back), >, 0);
  }

  /* Confirm and let the toast go: gone from the lists and the store. */
  open_details (f, integration);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "integration.delete", NULL));
  flush_events ();
  answer_dialog ("delete");
  toast = sb_window_get_last_toast (f->window);
  dismiss_toast (toast);
  flush_events ();
  g_assert_null (find_by_name (f, name));
  g_assert_false (shown_contains (shown, name));

  reopened = sb_workspace_open (f->data_dir, &error);
  g_assert_no_error (error);
  stored = sb_workspace_find_integration (reopened, id, &error);
  g_assert_null (stored);
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_NOT_FOUND);
}

/* A Reader sees the details, runs and logs, but no action that changes anything; and the
 * workspace refuses those calls. */
static void
test_reader (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(SbIntegration) integration = NULL;
  g_autoptr(GError) error = NULL;
  SbIntegrationView *view;
  GtkWidget *button;
  const char *actions[] = { "activate", "pause", "run", "edit", "duplicate", "delete", NULL };

  select_organization_kind (f, SB_ORGANIZATION_KIND_CLUB);
  sb_workspace_set_acting_email (f->workspace, "sara@demo-if.example");
  integration = find_by_name (f, "Import new members from IdrottOnline");
  open_details (f, integration);
  view = sb_window_get_integration_view (f->window);

  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_test_message ("action %s", actions[i]);
      g_assert_false (view_action_enabled (f, actions[i]));
    }

  button = sb_integration_view_get_action_button (view, "pause");
  g_assert_nonnull (gtk_widget_get_tooltip_text (button));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (button), "Admins and Collaborators"));

  /* Looking is allowed. */
  g_assert_cmpuint (g_list_model_get_n_items (sb_integration_view_get_runs_model (view)), >, 0);

  /* And the door is shut below the window too. */
  g_assert_false (sb_workspace_pause_integration (f->workspace, integration, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_cmpint (sb_integration_get_status (integration), ==, SB_INTEGRATION_STATUS_LIVE);
}

typedef struct
{
  GListModel *runs;
  guint before;
} RunsWatch;

static gboolean
run_unfinished (gpointer data)
{
  RunsWatch *watch = data;
  g_autoptr(SbRun) first = g_list_model_get_item (watch->runs, 0);

  return first == NULL || !sb_run_is_finished (first);
}

static gboolean
runs_unchanged (gpointer data)
{
  RunsWatch *watch = data;

  return g_list_model_get_n_items (watch->runs) == watch->before;
}

/* Run Now runs the integration for real, against the imitations, and the run joins the list
 * and the row. */
static void
test_run_now (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(SbIntegration) integration = NULL;
  SbIntegrationView *view;
  GListModel *runs;
  SbRun *last;
  guint before;
  const char *message;
  RunsWatch watch;

  select_organization_kind (f, SB_ORGANIZATION_KIND_CLUB);
  integration = find_by_name (f, "Import new members from IdrottOnline");
  open_details (f, integration);
  view = sb_window_get_integration_view (f->window);
  runs = sb_integration_view_get_runs_model (view);
  before = g_list_model_get_n_items (runs);

  g_assert_true (view_action_enabled (f, "run"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "integration.run", NULL));
  /* One at a time from here. */
  g_assert_false (sb_integration_view_is_action_enabled (view, "integration.run"));

  watch.before = before;
  watch.runs = runs;
  /* 44 members into Fortnox, at the 25 requests per 5 seconds it allows: a few seconds, more
   * on a busy machine. */
  wait_while_for (runs_unchanged, &watch, 60);
  /* The run is in the list while it runs, and follows there as it goes on. */
  {
    g_autoptr(SbRun) live = g_list_model_get_item (runs, 0);

    g_assert_cmpint (sb_run_get_status (live), ==, SB_RUN_STATUS_RUNNING);
  }
  wait_while_for (run_unfinished, &watch, 60);
  flush_events ();

  g_assert_cmpuint (g_list_model_get_n_items (runs), ==, before + 1);
  last = sb_integration_get_last_run (integration);
  g_assert_nonnull (last);
  g_assert_cmpint (sb_run_get_status (last), ==, SB_RUN_STATUS_SUCCEEDED);
  g_assert_cmpuint (sb_run_get_items_read (last), >, 0);
  message = sb_window_get_last_message (f->window);
  g_assert_nonnull (message);
  g_assert_true (g_str_has_prefix (message, "The run succeeded"));
  g_assert_true (view_action_enabled (f, "run"));
}

/* A run shows what each step received and answered, and every line of its log. */
static void
test_run_window (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(SbIntegration) integration = NULL;
  g_autoptr(SbRun) run = NULL;
  g_autoptr(JsonNode) output = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *events;
  GtkWindow *window;
  guint with_data = 0;

  select_organization_kind (f, SB_ORGANIZATION_KIND_CLUB);
  integration = find_by_name (f, "Import new members from IdrottOnline");
  open_details (f, integration);
  run = g_list_model_get_item (sb_integration_view_get_runs_model (
                                 sb_window_get_integration_view (f->window)), 0);
  g_assert_cmpint (sb_run_get_status (run), ==, SB_RUN_STATUS_SUCCEEDED);

  events = sb_workspace_get_run_events (f->workspace, run);
  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(SbRunEvent) event = g_list_model_get_item (events, i);

      if (sb_run_event_get_data (event) != NULL)
        with_data++;
    }
  g_assert_cmpuint (with_data, >, 0);

  window = sb_run_window_new (f->workspace, integration, run);
  gtk_window_set_transient_for (window, GTK_WINDOW (f->window));
  gtk_window_present (window);
  flush_events ();

  g_assert_cmpuint (sb_run_window_count_steps (SB_RUN_WINDOW (window)), ==, with_data);
  g_assert_cmpuint (sb_run_window_count_log_lines (SB_RUN_WINDOW (window)), ==,
                    g_list_model_get_n_items (events));

  /* The output is the JSON the service answered, pretty and whole. */
  text = sb_run_window_dup_output_text (SB_RUN_WINDOW (window), "members");
  g_assert_nonnull (text);
  g_assert_nonnull (strchr (text, '\n'));
  output = json_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (output));

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (window);
  wait_for_null ((gpointer *) &window);
  g_assert_null (window);
}

static JsonNode *
settings_with_retries (SbIntegration *integration,
                       gint64         retries)
{
  g_autofree char *text = json_to_string (sb_integration_get_settings (integration), FALSE);
  JsonNode *settings = json_from_string (text, NULL);

  /* The model's JSON is sealed: this is a fresh, changeable copy. */
  json_object_set_int_member (json_node_get_object (settings), "retries", retries);
  return settings;
}

static gint64
get_retries (JsonNode *settings)
{
  return json_object_get_int_member (json_node_get_object (settings), "retries");
}

/* Editing a Live integration makes a draft; Publish puts it live as a new version; an old
 * version can come back as a draft and be published again. */
static void
test_publish_restore (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(SbIntegration) integration = NULL;
  g_autoptr(JsonNode) settings = NULL;
  g_autoptr(GError) error = NULL;
  SbIntegrationView *view;
  gint64 live_retries;

  select_organization_kind (f, SB_ORGANIZATION_KIND_CLUB);
  integration = find_by_name (f, "Membership fees from Stripe to Fortnox");
  open_details (f, integration);
  view = sb_window_get_integration_view (f->window);
  g_assert_cmpuint (sb_integration_view_count_versions (view), ==, 1);
  g_assert_false (sb_integration_view_get_draft_shown (view));
  live_retries = get_retries (sb_integration_get_settings (integration));

  /* What the editor does on Save. */
  settings = settings_with_retries (integration, live_retries + 4);
  g_assert_true (sb_workspace_update_integration (f->workspace, integration,
                                                  sb_integration_get_name (integration),
                                                  sb_integration_get_description (integration),
                                                  sb_integration_get_purpose (integration),
                                                  sb_integration_get_trigger (integration),
                                                  sb_integration_get_steps (integration),
                                                  settings, &error));
  g_assert_no_error (error);
  flush_events ();
  g_test_message ("live retries %" G_GINT64_FORMAT ", asked %" G_GINT64_FORMAT,
                  live_retries, get_retries (settings));
  g_assert_true (sb_integration_has_draft (integration));
  g_assert_true (sb_integration_view_get_draft_shown (view));
  g_assert_cmpint (get_retries (sb_integration_get_settings (integration)), ==, live_retries);
  g_assert_true (sb_integration_view_is_action_enabled (view, "integration.publish"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "integration.publish", NULL));
  flush_events ();
  g_assert_false (sb_integration_view_get_draft_shown (view));
  g_assert_cmpint (get_retries (sb_integration_get_settings (integration)), ==,
                   live_retries + 4);
  g_assert_cmpuint (sb_integration_get_version (integration), ==, 2);
  g_assert_cmpuint (sb_integration_view_count_versions (view), ==, 2);

  /* Version 1 back as a draft, then live again as version 3. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "integration.restore-version",
                                             "u", 1));
  flush_events ();
  g_assert_true (sb_integration_view_get_draft_shown (view));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "integration.publish", NULL));
  flush_events ();
  g_assert_cmpuint (sb_integration_get_version (integration), ==, 3);
  g_assert_cmpuint (sb_integration_view_count_versions (view), ==, 3);
  g_assert_cmpint (get_retries (sb_integration_get_settings (integration)), ==, live_retries);
}

/* An integration made from a template whose provider must switch it on too: the details say
 * whom to ask and what, until the person confirms it is done. */
static void
test_waiting_for_provider (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbIntegration) integration = NULL;
  SbIntegrationView *view;
  const SbConnectorTemplate *template;
  SbConnector *connector = NULL;
  const char *notice;

  select_organization_kind (f, SB_ORGANIZATION_KIND_CLUB);
  template = sb_workspace_find_template (f->workspace, "members-to-fortnox", &connector,
                                         &error);
  g_assert_no_error (error);
  integration = sb_workspace_create_integration_from_template (
                  f->workspace, sb_window_get_organization (f->window), connector, template,
                  &error);
  g_assert_no_error (error);

  {
    g_autoptr(SbIntegration) shown = find_by_name (f, sb_integration_get_name (integration));

    g_assert_nonnull (shown);
    open_details (f, shown);
  }
  view = sb_window_get_integration_view (f->window);
  notice = sb_integration_view_get_provider_notice (view);
  g_assert_nonnull (notice);
  g_assert_nonnull (strstr (notice, "Waiting for activation at Riksidrottsförbundet"));
  g_assert_nonnull (strstr (notice, "Contact: "));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "integration.confirm-activation",
                                             NULL));
  flush_events ();
  g_assert_null (sb_integration_view_get_provider_notice (view));
  g_assert_null (sb_workspace_dup_activation_notice (f->workspace, integration));
}

/* "Add integration" lists the systems of the catalog with provider, type and purpose;
 * choosing one makes a Draft from its template and shows it, waiting for its provider. */
static void
test_add_from_catalog (Fixture       *f,
                       gconstpointer  data)
{
  SbCatalogDialog *dialog;
  const char *subtitle;
  guint n_before;

  select_organization_kind (f, SB_ORGANIZATION_KIND_CLUB);
  n_before = g_list_model_get_n_items (sb_workspace_get_integrations (f->workspace,
                                         sb_window_get_organization (f->window)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-integration",
                                             NULL));
  dialog = sb_window_get_catalog_dialog (f->window);
  g_assert_nonnull (dialog);
  wait_until_mapped (GTK_WIDGET (dialog));

  g_assert_cmpstr (sb_catalog_dialog_get_row_text (dialog, "idrottonline/members-to-fortnox",
                                                   "title"),
                   ==, "Import new members into Fortnox");
  subtitle = sb_catalog_dialog_get_row_text (dialog, "idrottonline/members-to-fortnox",
                                             "subtitle");
  g_assert_nonnull (strstr (subtitle, "Riksidrottsförbundet · Import"));
  g_assert_nonnull (strstr (subtitle, "Keeping the member register and the bookkeeping in step"));
  /* The club has accounts at both services. */
  g_assert_null (sb_catalog_dialog_get_row_text (dialog, "idrottonline/members-to-fortnox",
                                                 "missing"));
  g_assert_cmpuint (sb_catalog_dialog_count_shown (dialog), >=, 7);

  /* The search looks in names, providers and purposes, without caring for diacritics. */
  gtk_editable_set_text (sb_catalog_dialog_get_search_editable (dialog), "riksidrottsforbundet");
  flush_events ();
  g_assert_cmpuint (sb_catalog_dialog_count_shown (dialog), ==, 1);
  gtk_editable_set_text (sb_catalog_dialog_get_search_editable (dialog), "no such system");
  flush_events ();
  g_assert_cmpuint (sb_catalog_dialog_count_shown (dialog), ==, 0);
  g_assert_false (sb_catalog_dialog_choose (dialog, "idrottonline/members-to-fortnox"));
  gtk_editable_set_text (sb_catalog_dialog_get_search_editable (dialog), "");
  flush_events ();

  g_assert_true (sb_catalog_dialog_choose (dialog, "idrottonline/members-to-fortnox"));
  wait_for_null ((gpointer *) &dialog);
  g_assert_null (sb_window_get_catalog_dialog (f->window));

  g_assert_cmpuint (g_list_model_get_n_items (sb_workspace_get_integrations (f->workspace,
                      sb_window_get_organization (f->window))), ==, n_before + 1);
  g_assert_cmpstr (sb_window_get_visible_page_name (f->window), ==, "integration");
  g_assert_cmpstr (sb_integration_view_get_title (sb_window_get_integration_view (f->window)),
                   ==, "Import new members into Fortnox");
  g_assert_nonnull (strstr (sb_integration_view_get_provider_notice (
                              sb_window_get_integration_view (f->window)),
                            "Waiting for activation at Riksidrottsförbundet"));
  g_assert_cmpstr (sb_window_get_last_message (f->window), ==,
                   "“Import new members into Fortnox” created as a draft");
}

/* A template that needs an account the organization lacks says which and makes nothing;
 * "Blank Integration" opens the editor. */
static void
test_add_from_catalog_missing (Fixture       *f,
                               gconstpointer  data)
{
  SbCatalogDialog *dialog;
  GListModel *integrations;
  guint n_before;

  select_organization_kind (f, SB_ORGANIZATION_KIND_COMPANY);
  integrations = sb_workspace_get_integrations (f->workspace,
                                                sb_window_get_organization (f->window));
  n_before = g_list_model_get_n_items (integrations);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-integration",
                                             NULL));
  dialog = sb_window_get_catalog_dialog (f->window);
  wait_until_mapped (GTK_WIDGET (dialog));
  g_assert_cmpstr (sb_catalog_dialog_get_row_text (dialog, "idrottonline/members-to-fortnox",
                                                   "missing"),
                   ==, "Needs accounts at IdrottOnline, Fortnox");
  g_assert_cmpstr (sb_catalog_dialog_get_row_text (dialog, "stripe/fees-to-fortnox", "missing"),
                   ==, "Needs an account at Fortnox");

  g_assert_true (sb_catalog_dialog_choose (dialog, "stripe/fees-to-fortnox"));
  flush_events ();
  g_assert_nonnull (sb_catalog_dialog_get_error (dialog));
  g_assert_nonnull (strstr (sb_catalog_dialog_get_error (dialog), "Fortnox"));
  g_assert_true (sb_window_get_catalog_dialog (f->window) == dialog);
  g_assert_cmpuint (g_list_model_get_n_items (integrations), ==, n_before);

  g_assert_true (sb_catalog_dialog_choose (dialog, NULL));
  wait_for_null ((gpointer *) &dialog);
  flush_events ();
  {
    GList *toplevels = gtk_window_list_toplevels ();
    gboolean editor = FALSE;

    for (GList *l = toplevels; l != NULL; l = l->next)
      if (SB_IS_INTEGRATION_EDITOR (l->data) && gtk_widget_get_visible (l->data))
        {
          editor = TRUE;
          gtk_window_destroy (l->data);
        }
    g_list_free (toplevels);
    g_assert_true (editor);
  }
  g_assert_cmpuint (g_list_model_get_n_items (integrations), ==, n_before);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add ("/ui/integrations/tab-counts", Fixture, WITH_DEMO,
              fixture_set_up, test_tab_counts, fixture_tear_down);
  g_test_add ("/ui/integrations/search-folded", Fixture, WITH_DEMO,
              fixture_set_up, test_search, fixture_tear_down);
  g_test_add ("/ui/integrations/details", Fixture, WITH_DEMO,
              fixture_set_up, test_details, fixture_tear_down);
  g_test_add ("/ui/integrations/logs", Fixture, WITH_DEMO,
              fixture_set_up, test_logs, fixture_tear_down);
  g_test_add ("/ui/integrations/pause-activate", Fixture, WITH_DEMO,
              fixture_set_up, test_pause_activate, fixture_tear_down);
  g_test_add ("/ui/integrations/activate-refused", Fixture, WITH_DEMO,
              fixture_set_up, test_activate_refused, fixture_tear_down);
  g_test_add ("/ui/integrations/duplicate", Fixture, WITH_DEMO,
              fixture_set_up, test_duplicate, fixture_tear_down);
  g_test_add ("/ui/integrations/delete-undo", Fixture, WITH_DEMO,
              fixture_set_up, test_delete, fixture_tear_down);
  g_test_add ("/ui/integrations/add-from-catalog", Fixture, WITH_DEMO,
              fixture_set_up, test_add_from_catalog, fixture_tear_down);
  g_test_add ("/ui/integrations/add-from-catalog-missing", Fixture, WITH_DEMO,
              fixture_set_up, test_add_from_catalog_missing, fixture_tear_down);
  g_test_add ("/ui/integrations/waiting-for-provider", Fixture, WITH_DEMO,
              fixture_set_up, test_waiting_for_provider, fixture_tear_down);
  g_test_add ("/ui/integrations/run-now", Fixture, WITH_DEMO,
              fixture_set_up, test_run_now, fixture_tear_down);
  g_test_add ("/ui/integrations/run-window", Fixture, WITH_DEMO,
              fixture_set_up, test_run_window, fixture_tear_down);
  g_test_add ("/ui/integrations/publish-restore", Fixture, WITH_DEMO,
              fixture_set_up, test_publish_restore, fixture_tear_down);
  g_test_add ("/ui/integrations/reader", Fixture, WITH_DEMO,
              fixture_set_up, test_reader, fixture_tear_down);

  return g_test_run ();
}
