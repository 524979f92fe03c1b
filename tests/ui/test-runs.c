/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ui-fixture.h"
#include "ui/sb-ui.h"

/* Runs as the window shows them while they go on: how far a run has got, Cancel, Replay,
 * the statuses of the engine (Filtered, catch-ups, replays), the desktop notifications of a
 * live integration that fails or pauses itself, and the bar that says another process runs
 * the integrations. */

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

  g_assert_not_reached ();
}

static SbIntegrationView *
open_runs (Fixture       *f,
           SbIntegration *integration)
{
  SbIntegrationView *view = sb_window_get_integration_view (f->window);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-integration", "x",
                                             sb_integration_get_id (integration)));
  sb_integration_view_show_section (view, "runs");
  flush_events ();
  g_assert_true (sb_integration_view_get_integration (view) == integration);

  return view;
}

static gboolean
shown (GtkWidget *widget)
{
  return widget != NULL && gtk_widget_get_visible (widget) && gtk_widget_is_sensitive (widget);
}

/* Waiting for what the engine does, in the main loop. */

typedef struct
{
  GListModel *runs;
  guint before;
  SbIntegrationView *view;
  SbRun *run;
  const char *text;
} Watch;

static gboolean
no_new_run (gpointer data)
{
  Watch *watch = data;

  return g_list_model_get_n_items (watch->runs) <= watch->before;
}

static gboolean
run_unfinished (gpointer data)
{
  Watch *watch = data;

  return !sb_run_is_finished (watch->run);
}

static gboolean
progress_lacks_text (gpointer data)
{
  Watch *watch = data;
  const char *progress = sb_integration_view_get_run_text (watch->view, watch->run,
                                                           "progress");

  return progress == NULL || strstr (progress, watch->text) == NULL;
}

/* Starts a run with Run Now and returns it as soon as it is in the list, running. */
static SbRun *
run_now (Fixture           *f,
         SbIntegrationView *view)
{
  Watch watch = { 0 };
  SbRun *run;

  watch.runs = sb_integration_view_get_runs_model (view);
  watch.before = g_list_model_get_n_items (watch.runs);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "integration.run", NULL));
  wait_while_for (no_new_run, &watch, 30);
  run = g_list_model_get_item (watch.runs, 0);
  flush_events ();

  return run;
}

static void
wait_finished (SbRun *run)
{
  Watch watch = { .run = run };

  /* 44 members into Fortnox at the 25 requests per 5 seconds it allows, and Fortnox's
   * retries: seconds, more on a busy machine. */
  wait_while_for (run_unfinished, &watch, 90);
  flush_events ();
}

typedef struct
{
  SbRunWindow *window;
  guint        before;
} LogWatch;

static gboolean
log_unchanged (gpointer data)
{
  LogWatch *log = data;

  return sb_run_window_count_log_lines (log->window) <= log->before;
}

/* Run Now: the run shows, live, which step and which item it is at, with a progress bar and
 * Cancel, in the list and in the run's window; Cancel stops it. */
static void
test_progress_cancel (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(SbIntegration) integration = NULL;
  g_autoptr(SbRun) run = NULL;
  SbIntegrationView *view;
  GtkWindow *window;
  GtkWidget *cancel;
  const char *progress;
  double fraction;
  Watch watch = { 0 };

  select_organization_kind (f, SB_ORGANIZATION_KIND_CLUB);
  integration = find_by_name (f, "Import new members from IdrottOnline");
  view = open_runs (f, integration);

  run = run_now (f, view);
  g_assert_cmpint (sb_run_get_status (run), ==, SB_RUN_STATUS_RUNNING);
  g_assert_cmpstr (sb_integration_view_get_run_text (view, run, "title"), ==, "Running");
  /* A spinner, not an icon, while it runs. */
  g_assert_null (sb_integration_view_get_run_text (view, run, "icon"));

  /* The loop over the members of IdrottOnline, one Fortnox customer each. */
  watch.view = view;
  watch.run = run;
  watch.text = "Item";
  wait_while_for (progress_lacks_text, &watch, 60);
  progress = sb_integration_view_get_run_text (view, run, "progress");
  g_test_message ("progress: %s", progress);
  g_assert_true (g_str_has_prefix (progress, "Step 2 of 2 · Item "));
  g_assert_nonnull (strstr (progress, " of 44"));
  fraction = sb_integration_view_get_run_fraction (view, run);
  g_assert_cmpfloat (fraction, >=, 0.5);
  g_assert_cmpfloat (fraction, <=, 1.0);

  cancel = sb_integration_view_get_run_button (view, run, "cancel");
  g_assert_true (shown (cancel));
  g_assert_false (gtk_widget_get_visible (sb_integration_view_get_run_button (view, run,
                                                                              "replay")));

  /* The run's own window follows it too. */
  window = sb_run_window_new (f->workspace, integration, run);
  gtk_window_set_transient_for (window, GTK_WINDOW (f->window));
  gtk_window_present (window);
  flush_events ();
  g_assert_nonnull (sb_run_window_get_progress_text (SB_RUN_WINDOW (window)));
  g_assert_true (g_str_has_prefix (sb_run_window_get_progress_text (SB_RUN_WINDOW (window)),
                                   "Step 2 of 2"));
  g_assert_true (shown (sb_run_window_get_button (SB_RUN_WINDOW (window), "cancel")));

  /* Its steps and log as they are recorded: the first step is done, and the lines of the
   * loop's items come as it goes on. */
  g_assert_cmpuint (sb_run_window_count_steps (SB_RUN_WINDOW (window)), >=, 1);
  {
    LogWatch log = { SB_RUN_WINDOW (window),
                     sb_run_window_count_log_lines (SB_RUN_WINDOW (window)) };

    g_assert_cmpuint (log.before, >, 0);
    wait_while_for (log_unchanged, &log, 60);
    g_assert_cmpuint (sb_run_window_count_log_lines (SB_RUN_WINDOW (window)), >, log.before);
  }

  /* Cancel, as a click on the row's button. */
  g_signal_emit_by_name (cancel, "clicked");
  flush_events ();
  g_assert_true (sb_run_get_cancel_requested (run));
  wait_finished (run);

  g_assert_cmpint (sb_run_get_status (run), ==, SB_RUN_STATUS_CANCELLED);
  g_assert_cmpstr (sb_integration_view_get_run_text (view, run, "title"), ==, "Cancelled");
  g_assert_null (sb_integration_view_get_run_text (view, run, "progress"));
  g_assert_false (gtk_widget_get_visible (cancel));
  g_assert_cmpstr (sb_window_get_last_message (f->window), ==, "The run was cancelled");
  g_assert_null (sb_run_window_get_progress_text (SB_RUN_WINDOW (window)));
  g_assert_false (gtk_widget_get_visible (sb_run_window_get_button (SB_RUN_WINDOW (window),
                                                                    "cancel")));
  /* Cancelling is not failing: nobody is told on the desktop. */
  g_assert_null (sb_window_get_last_notification (f->window, NULL, NULL));

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (window);
  wait_for_null ((gpointer *) &window);
  g_assert_null (window);
}

/* A live integration that fails says so on the desktop; its failed run offers Replay, and
 * the replay is a new run that says what it replays. */
static void
test_failed_replay (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(SbIntegration) integration = NULL;
  g_autoptr(SbRun) run = NULL;
  g_autoptr(SbRun) replay = NULL;
  g_autofree char *expected_title = NULL;
  g_autofree char *expected_id = NULL;
  g_autofree char *replay_of = NULL;
  g_autofree char *replaying = NULL;
  SbIntegrationView *view;
  GtkWidget *button;
  GtkWindow *window;
  const char *title = NULL;
  const char *body = NULL;
  const char *id;
  Watch watch = { 0 };

  select_organization_kind (f, SB_ORGANIZATION_KIND_CLUB);
  /* Run by hand, it has no payment from Stripe to book. */
  integration = find_by_name (f, "Membership fees from Stripe to Fortnox");
  g_assert_cmpint (sb_integration_get_status (integration), ==, SB_INTEGRATION_STATUS_LIVE);
  view = open_runs (f, integration);

  run = run_now (f, view);
  wait_finished (run);
  g_test_message ("error: %s", sb_run_get_error (run));
  g_assert_cmpint (sb_run_get_status (run), ==, SB_RUN_STATUS_FAILED);
  g_assert_nonnull (sb_run_get_error (run));
  g_assert_cmpstr (sb_integration_view_get_run_text (view, run, "style"), ==, "error");

  /* The desktop notification: which integration, and what went wrong. */
  id = sb_window_get_last_notification (f->window, &title, &body);
  expected_id = g_strdup_printf ("integration-failed-%" G_GINT64_FORMAT,
                                 sb_integration_get_id (integration));
  expected_title = g_strdup_printf ("“%s” failed", sb_integration_get_name (integration));
  g_assert_cmpstr (id, ==, expected_id);
  g_assert_cmpstr (title, ==, expected_title);
  g_assert_cmpstr (body, ==, sb_run_get_error (run));

  /* Replay, and Replay from the Failed Step; no Cancel. */
  g_assert_false (gtk_widget_get_visible (sb_integration_view_get_run_button (view, run,
                                                                              "cancel")));
  g_assert_true (shown (sb_integration_view_get_run_button (view, run, "replay-failed-step")));
  button = sb_integration_view_get_run_button (view, run, "replay");
  g_assert_true (shown (button));

  /* The same in the run's window. */
  window = sb_run_window_new (f->workspace, integration, run);
  gtk_window_present (window);
  flush_events ();
  g_assert_true (shown (sb_run_window_get_button (SB_RUN_WINDOW (window), "replay")));
  g_assert_true (shown (sb_run_window_get_button (SB_RUN_WINDOW (window),
                                                  "replay-failed-step")));
  g_assert_false (gtk_widget_get_visible (sb_run_window_get_button (SB_RUN_WINDOW (window),
                                                                    "cancel")));
  g_assert_cmpuint (sb_run_window_count_log_lines (SB_RUN_WINDOW (window)), >, 0);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (window);
  wait_for_null ((gpointer *) &window);

  watch.runs = sb_integration_view_get_runs_model (view);
  watch.before = g_list_model_get_n_items (watch.runs);
  g_signal_emit_by_name (button, "clicked");
  replaying = g_strdup_printf ("Replaying run %" G_GINT64_FORMAT, sb_run_get_id (run));
  g_assert_cmpstr (sb_window_get_last_message (f->window), ==, replaying);

  wait_while_for (no_new_run, &watch, 30);
  replay = g_list_model_get_item (watch.runs, 0);
  g_assert_cmpint (sb_run_get_replay_of (replay), ==, sb_run_get_id (run));
  wait_finished (replay);
  replay_of = g_strdup_printf ("Replay of run %" G_GINT64_FORMAT, sb_run_get_id (run));
  g_test_message ("subtitle: %s", sb_integration_view_get_run_text (view, replay, "subtitle"));
  g_assert_nonnull (strstr (sb_integration_view_get_run_text (view, replay, "subtitle"),
                            replay_of));
}

/* After failing the set number of times in a row, a live integration pauses itself, and the
 * desktop says why. */
static void
test_auto_pause (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(SbIntegration) integration = NULL;
  g_autoptr(JsonNode) settings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  SbIntegrationView *view;
  const char *title = NULL;
  const char *body = NULL;
  const char *id;

  select_organization_kind (f, SB_ORGANIZATION_KIND_CLUB);
  integration = find_by_name (f, "Membership fees from Stripe to Fortnox");
  view = open_runs (f, integration);

  /* Pause after two failures in a row, published as the editor would. */
  text = json_to_string (sb_integration_get_settings (integration), FALSE);
  settings = json_from_string (text, NULL);
  json_object_set_int_member (json_node_get_object (settings), "pause_after_failures", 2);
  g_assert_true (sb_workspace_update_integration (f->workspace, integration,
                                                  sb_integration_get_name (integration),
                                                  sb_integration_get_description (integration),
                                                  sb_integration_get_purpose (integration),
                                                  NULL, NULL, settings, &error));
  g_assert_no_error (error);
  g_assert_true (sb_workspace_publish_integration (f->workspace, integration, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(SbRun) run = run_now (f, view);

      wait_finished (run);
      g_assert_cmpint (sb_run_get_status (run), ==, SB_RUN_STATUS_FAILED);
    }
  flush_events ();

  g_assert_cmpint (sb_integration_get_status (integration), ==, SB_INTEGRATION_STATUS_PAUSED);
  g_assert_cmpstr (sb_integration_view_get_status_text (view), ==, "Paused");
  id = sb_window_get_last_notification (f->window, &title, &body);
  g_assert_true (g_str_has_prefix (id, "integration-paused-"));
  expected = g_strdup_printf ("“%s” paused itself", sb_integration_get_name (integration));
  g_assert_cmpstr (title, ==, expected);
  g_assert_cmpstr (body, ==, "Paused after 2 failed runs in a row");
}

/* A Reader sees the buttons of a failed run, insensitive, with the reason. */
static void
test_reader (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(SbIntegration) integration = NULL;
  SbIntegrationView *view;
  GListModel *runs;
  GtkWindow *window;
  GtkWidget *button;
  SbRun *failed = NULL;

  select_organization_kind (f, SB_ORGANIZATION_KIND_CLUB);
  sb_workspace_set_acting_email (f->workspace, "sara@demo-if.example");
  integration = find_by_name (f, "Import new members from IdrottOnline");
  view = open_runs (f, integration);

  runs = sb_integration_view_get_runs_model (view);
  for (guint i = 0; i < g_list_model_get_n_items (runs) && failed == NULL; i++)
    {
      g_autoptr(SbRun) run = g_list_model_get_item (runs, i);

      if (sb_run_get_status (run) == SB_RUN_STATUS_FAILED)
        failed = run;
    }
  g_assert_nonnull (failed);

  g_assert_false (sb_integration_view_is_action_enabled (view, "integration.replay-run"));
  g_assert_false (sb_integration_view_is_action_enabled (view, "integration.cancel-run"));
  button = sb_integration_view_get_run_button (view, failed, "replay");
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_false (gtk_widget_is_sensitive (button));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (button), "Admins and Collaborators"));
  button = sb_integration_view_get_run_button (view, failed, "replay-failed-step");
  g_assert_false (gtk_widget_is_sensitive (button));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (button), "Admins and Collaborators"));

  window = sb_run_window_new (f->workspace, integration, failed);
  gtk_window_present (window);
  flush_events ();
  button = sb_run_window_get_button (SB_RUN_WINDOW (window), "replay");
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_false (gtk_widget_is_sensitive (button));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (button), "Admins and Collaborators"));
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (window);
  wait_for_null ((gpointer *) &window);
}

/* A run that a filter step ended is neither a success nor a failure: its own, dim icon. */
static void
test_filtered (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(SbIntegration) integration = NULL;
  g_autoptr(SbRun) run = NULL;
  g_autoptr(JsonNode) steps = NULL;
  g_autoptr(GError) error = NULL;
  SbIntegrationView *view;

  select_organization_kind (f, SB_ORGANIZATION_KIND_CLUB);
  steps = json_from_string ("[{\"id\": \"paid\", \"kind\": \"filter\","
                            " \"condition\": \"{{ trigger.paid }}\"}]", &error);
  g_assert_no_error (error);
  integration = sb_workspace_create_integration_full (f->workspace,
                                                      sb_window_get_organization (f->window),
                                                      "Only paid", NULL, NULL, NULL, steps,
                                                      NULL, &error);
  g_assert_no_error (error);
  view = open_runs (f, integration);

  run = run_now (f, view);
  wait_finished (run);
  g_assert_cmpint (sb_run_get_status (run), ==, SB_RUN_STATUS_FILTERED);
  g_assert_cmpstr (sb_integration_view_get_run_text (view, run, "title"), ==, "Filtered");
  g_assert_cmpstr (sb_integration_view_get_run_text (view, run, "icon"), ==, "funnel-symbolic");
  g_assert_cmpstr (sb_integration_view_get_run_text (view, run, "style"), ==, "dim-label");
  g_assert_false (gtk_widget_get_visible (sb_integration_view_get_run_button (view, run,
                                                                              "replay")));
  g_assert_true (g_str_has_prefix (sb_window_get_last_message (f->window),
                                   "The run ended at a filter"));
}

/* What a run says about where it came from. */
static void
test_origin (void)
{
  g_autoptr(SbRun) run = sb_run_new ();
  g_autoptr(JsonNode) input = json_from_string ("{\"catch_up\": true, \"missed\": 3}", NULL);
  g_autofree char *plain = NULL;
  g_autofree char *text = NULL;

  plain = sb_ui_dup_run_origin (run);
  g_assert_null (plain);

  sb_run_set_catch_up (run, TRUE);
  sb_run_set_trigger_input (run, input);
  sb_run_set_replay_of (run, 12);
  sb_run_set_attempt (run, 2);
  text = sb_ui_dup_run_origin (run);
  g_assert_cmpstr (text, ==, "Catch-up for 3 missed times · Replay of run 12 · Attempt 2");

  {
    g_autofree char *progress = sb_ui_dup_run_progress (1, 3, 13, 44);
    g_autofree char *steps = sb_ui_dup_run_progress (0, 3, 0, 0);

    g_assert_cmpstr (progress, ==, "Step 2 of 3 · Item 14 of 44");
    g_assert_cmpstr (steps, ==, "Step 1 of 3");
    g_assert_cmpfloat_with_epsilon (sb_ui_get_run_fraction (1, 2, 22, 44), 0.75, 1e-9);
  }
}

/* With another process holding the data folder (samband-cli serve), a window says that it
 * shows runs but starts none. */
static void
test_engine_elsewhere (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SbWorkspace *other;
  SbWindow *window;
  const char *notice;

  /* The fixture's workspace runs the engine: nothing to say. */
  g_assert_null (sb_window_get_engine_notice (f->window));

  other = sb_workspace_open (f->data_dir, &error);
  g_assert_no_error (error);
  g_assert_false (sb_workspace_start_engine (other, &error));
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_ENGINE_ELSEWHERE);
  g_assert_false (sb_workspace_get_engine_started (other));

  window = sb_window_new (NULL, other);
  gtk_window_present (GTK_WINDOW (window));
  wait_until_mapped (GTK_WIDGET (window));
  flush_events ();

  notice = sb_window_get_engine_notice (window);
  g_assert_nonnull (notice);
  g_assert_nonnull (strstr (notice, "samband-cli serve"));
  g_assert_nonnull (strstr (notice, "none start in this window"));
  g_assert_cmpstr (sb_integration_view_get_engine_notice (sb_window_get_integration_view (window)),
                   ==, notice);

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  g_object_add_weak_pointer (G_OBJECT (other), (gpointer *) &other);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (other);
  wait_for_null ((gpointer *) &window);
  g_assert_null (window);
  wait_for_null ((gpointer *) &other);
  g_assert_null (other);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add ("/ui/runs/progress-cancel", Fixture, WITH_DEMO,
              fixture_set_up, test_progress_cancel, fixture_tear_down);
  g_test_add ("/ui/runs/failed-replay", Fixture, WITH_DEMO,
              fixture_set_up, test_failed_replay, fixture_tear_down);
  g_test_add ("/ui/runs/auto-pause", Fixture, WITH_DEMO,
              fixture_set_up, test_auto_pause, fixture_tear_down);
  g_test_add ("/ui/runs/reader", Fixture, WITH_DEMO,
              fixture_set_up, test_reader, fixture_tear_down);
  g_test_add ("/ui/runs/filtered", Fixture, WITH_DEMO,
              fixture_set_up, test_filtered, fixture_tear_down);
  g_test_add_func ("/ui/runs/origin", test_origin);
  g_test_add ("/ui/runs/engine-elsewhere", Fixture, WITH_DEMO,
              fixture_set_up, test_engine_elsewhere, fixture_tear_down);

  return g_test_run ();
}
