/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ui-fixture.h"
#include "fake-notifications.h"
#include "ui/sb-application.h"
#include "ui/sb-preferences-window.h"

#include <glib/gstdio.h>

/* The Preferences and what they do: each row writes its key; with Run in Background the
 * application outlives its window and the engine goes on running, without it closing the
 * window ends the application; Start at Login writes (and removes) the autostart file; the
 * notifications switch silences the desktop. */

/* What the test's notification server was asked to show (below). */

static gboolean
on_timeout (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @predicate holds, for at most @seconds; returns whether it did. */
static gboolean
wait_for (gboolean (*predicate) (gpointer data),
          gpointer   data,
          guint      seconds)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (seconds, on_timeout, &timed_out);

  while (!predicate (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);
  return !timed_out;
}

static AdwActionRow *
get_row (SbPreferencesWindow *window,
         const char          *key)
{
  GtkWidget *control = sb_preferences_window_get_control (window, key);

  g_assert_nonnull (control);
  return ADW_ACTION_ROW (gtk_widget_get_ancestor (control, ADW_TYPE_ACTION_ROW));
}

typedef struct
{
  GtkSwitch *control;
  gboolean before;
} SwitchWatch;

static gboolean
switch_flipped (gpointer data)
{
  SwitchWatch *watch = data;

  return gtk_switch_get_active (watch->control) != watch->before;
}

/* As a click on the row does; the switch moves once its short animation is over. */
static void
activate_switch_row (SbPreferencesWindow *window,
                     const char          *key)
{
  SwitchWatch watch;

  watch.control = GTK_SWITCH (sb_preferences_window_get_control (window, key));
  watch.before = gtk_switch_get_active (watch.control);
  adw_action_row_activate (get_row (window, key));
  g_assert_true (wait_for (switch_flipped, &watch, 5));
  flush_events ();
}

/* A click on a row with a switch flips the switch, and the key follows; a key changed
 * elsewhere shows in the window. */
static void
test_window_writes_settings (void)
{
  g_autoptr(GSettings) settings = NULL;
  GtkWindow *window;
  SbPreferencesWindow *preferences;
  GtkSpinButton *days;
  GtkSpinButton *runs;

  reset_settings ();
  settings = g_settings_new (APPLICATION_ID);
  window = sb_preferences_window_new (settings);
  preferences = SB_PREFERENCES_WINDOW (window);
  gtk_window_present (window);
  wait_until_mapped (GTK_WIDGET (window));

  /* What a first start shows. */
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (sb_preferences_window_get_control (
                    preferences, "run-in-background"))));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (sb_preferences_window_get_control (
                   preferences, "notifications"))));

  activate_switch_row (preferences, "run-in-background");
  g_assert_true (g_settings_get_boolean (settings, "run-in-background"));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (sb_preferences_window_get_control (
                   preferences, "run-in-background"))));

  activate_switch_row (preferences, "start-at-login");
  g_assert_true (g_settings_get_boolean (settings, "start-at-login"));
  activate_switch_row (preferences, "start-at-login");
  g_assert_false (g_settings_get_boolean (settings, "start-at-login"));

  activate_switch_row (preferences, "notifications");
  g_assert_false (g_settings_get_boolean (settings, "notifications"));

  /* The spin buttons: what is typed, and the arrows. */
  days = GTK_SPIN_BUTTON (sb_preferences_window_get_control (preferences, "retention-days"));
  g_assert_cmpfloat (gtk_spin_button_get_value (days), ==, 90);
  gtk_spin_button_set_value (days, 30);
  g_assert_cmpint (g_settings_get_int (settings, "retention-days"), ==, 30);
  gtk_spin_button_spin (days, GTK_SPIN_STEP_FORWARD, 1);
  g_assert_cmpint (g_settings_get_int (settings, "retention-days"), ==, 31);
  /* 0 keeps runs forever; below that there is nothing. */
  gtk_spin_button_set_value (days, -5);
  g_assert_cmpint (g_settings_get_int (settings, "retention-days"), ==, 0);

  runs = GTK_SPIN_BUTTON (sb_preferences_window_get_control (preferences, "retention-runs"));
  g_assert_cmpfloat (gtk_spin_button_get_value (runs), ==, 1000);
  gtk_spin_button_set_value (runs, 250);
  g_assert_cmpint (g_settings_get_int (settings, "retention-runs"), ==, 250);

  /* The other way: a key set elsewhere (another window, gsettings set). */
  g_settings_set_int (settings, "webhook-port", 9191);
  flush_events ();
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (
                       sb_preferences_window_get_control (preferences, "webhook-port"))),
                     ==, 9191);
  g_settings_set_boolean (settings, "notifications", TRUE);
  flush_events ();
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (sb_preferences_window_get_control (
                   preferences, "notifications"))));

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (window);
  wait_for_null ((gpointer *) &window);
  g_assert_null (window);
}

/* The application run as from the command line, in this process. */

typedef struct
{
  SbApplication *application;
  GSettings *settings;
  GtkWindow *window;
  gboolean preferences_shown;
  gboolean closed;
  gboolean held_after_close;
  guint windows_after_close;
  SbIntegration *integration;
  /* The runs queued after the window closed, and what became of them. */
  gint64 run_ids[2];
  SbRunStatus statuses[2];
  guint n_finished;
  guint notifications_after[2];
  guint shown_after[2];
  char *summary;
  /* The window a click on the notification opened, and what it showed. */
  gboolean reopened;
  gboolean shows_integration;
  gboolean timed_out;
} Background;

static SbIntegration *
find_live_integration (SbWorkspace *workspace,
                       const char  *name)
{
  GListModel *organizations = sb_workspace_get_organizations (workspace);

  for (guint i = 0; i < g_list_model_get_n_items (organizations); i++)
    {
      g_autoptr(SbOrganization) organization = g_list_model_get_item (organizations, i);
      GListModel *all = sb_workspace_get_integrations (workspace, organization);

      for (guint j = 0; j < g_list_model_get_n_items (all); j++)
        {
          g_autoptr(SbIntegration) integration = g_list_model_get_item (all, j);

          if (g_strcmp0 (sb_integration_get_name (integration), name) == 0)
            return g_steal_pointer (&integration);
        }
    }

  return NULL;
}

static gboolean
quit_later (gpointer data)
{
  Background *b = data;

  g_application_quit (G_APPLICATION (b->application));
  return G_SOURCE_REMOVE;
}

static void
queue_run (Background *b)
{
  SbWorkspace *workspace = sb_application_get_workspace (b->application);
  g_autoptr(SbRun) run = NULL;
  g_autoptr(GError) error = NULL;

  run = sb_workspace_queue_run (workspace, b->integration, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sb_run_get_status (run), ==, SB_RUN_STATUS_QUEUED);
  b->run_ids[b->n_finished] = sb_run_get_id (run);
}

static gboolean
after_run (gpointer data)
{
  Background *b = data;
  guint n_sent = 0;

  /* The notification of the failure comes just after the run has finished. */
  sb_application_get_last_notification (b->application, &n_sent);
  b->notifications_after[b->n_finished - 1] = n_sent;
  b->shown_after[b->n_finished - 1] = fake_notifications_count ();
  if (b->n_finished == 1)
    b->summary = g_strdup (fake_notifications_last_summary ());

  if (b->n_finished == 1)
    {
      /* Now without notifications: the second failure stays quiet. */
      g_settings_set_boolean (b->settings, "notifications", FALSE);
      queue_run (b);
    }
  else
    {
      /* A click on the notification: the window opens on the integration. */
      g_action_group_activate_action (G_ACTION_GROUP (b->application), "show-integration",
                                      g_variant_new_int64 (sb_integration_get_id (
                                                             b->integration)));
      flush_events ();
      for (GList *l = gtk_application_get_windows (GTK_APPLICATION (b->application));
           l != NULL; l = l->next)
        if (SB_IS_WINDOW (l->data))
          {
            SbWindow *window = l->data;

            b->reopened = TRUE;
            b->shows_integration =
              g_strcmp0 (sb_window_get_visible_page_name (window), "integration") == 0 &&
              sb_integration_view_get_integration (sb_window_get_integration_view (window)) ==
              b->integration;
            gtk_window_destroy (GTK_WINDOW (window));
            break;
          }
      quit_later (b);
    }
  return G_SOURCE_REMOVE;
}

static void
on_run_finished (SbWorkspace *workspace,
                 SbRun       *run,
                 Background  *b)
{
  if (b->n_finished >= 2 || sb_run_get_id (run) != b->run_ids[b->n_finished])
    return;

  b->statuses[b->n_finished] = sb_run_get_status (run);
  b->n_finished++;
  g_timeout_add (500, after_run, b);
}

static gboolean
after_close (gpointer data)
{
  Background *b = data;
  SbWorkspace *workspace = sb_application_get_workspace (b->application);

  b->closed = TRUE;
  b->windows_after_close = g_list_length (gtk_application_get_windows (
                                            GTK_APPLICATION (b->application)));
  b->held_after_close = sb_application_get_in_background (b->application);

  /* In the background: the engine runs what is queued now, with no window to ask it. */
  b->integration = find_live_integration (workspace, "Membership fees from Stripe to Fortnox");
  g_assert_nonnull (b->integration);
  g_assert_cmpint (sb_integration_get_status (b->integration), ==,
                   SB_INTEGRATION_STATUS_LIVE);
  g_signal_connect (workspace, "run-finished", G_CALLBACK (on_run_finished), b);
  queue_run (b);

  return G_SOURCE_REMOVE;
}

static gboolean
close_window (gpointer data)
{
  Background *b = data;
  GtkWindow *preferences = NULL;

  /* Preferences (Ctrl+,) opens over the window, and goes with it. */
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (b->application),
                                            "preferences"));
  g_action_group_activate_action (G_ACTION_GROUP (b->application), "preferences", NULL);
  flush_events ();
  for (guint i = 0; i < g_list_model_get_n_items (gtk_window_get_toplevels ()); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (gtk_window_get_toplevels (), i);

      if (SB_IS_PREFERENCES_WINDOW (toplevel))
        preferences = toplevel;
    }
  b->preferences_shown = preferences != NULL &&
                         gtk_window_get_transient_for (preferences) == b->window;

  /* As the close button of the title bar does. */
  gtk_window_close (b->window);

  if (g_settings_get_boolean (b->settings, "run-in-background"))
    g_idle_add (after_close, b);
  else
    b->closed = TRUE;

  return G_SOURCE_REMOVE;
}

static void
on_window_added (GtkApplication *application,
                 GtkWindow      *window,
                 Background     *b)
{
  if (b->window != NULL || b->closed || !SB_IS_WINDOW (window))
    return;

  b->window = window;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &b->window);
  g_timeout_add (500, close_window, b);
}

static gboolean
give_up (gpointer data)
{
  Background *b = data;

  b->timed_out = TRUE;
  g_application_quit (G_APPLICATION (b->application));
  return G_SOURCE_REMOVE;
}

static void
run_application (Background *b,
                 const char *data_dir,
                 guint       seconds)
{
  const char *argv[] = { "samband", "--data-dir", data_dir, "--demo", NULL };
  guint give_up_id;
  int status;

  b->application = sb_application_new ();
  /* Another instance of the test may run on the same bus. */
  g_application_set_flags (G_APPLICATION (b->application),
                           g_application_get_flags (G_APPLICATION (b->application)) |
                           G_APPLICATION_NON_UNIQUE);
  g_signal_connect (b->application, "window-added", G_CALLBACK (on_window_added), b);

  give_up_id = g_timeout_add_seconds (seconds, give_up, b);
  status = g_application_run (G_APPLICATION (b->application), G_N_ELEMENTS (argv) - 1,
                              (char **) argv);
  if (!b->timed_out)
    g_source_remove (give_up_id);
  g_assert_cmpint (status, ==, 0);

  g_object_add_weak_pointer (G_OBJECT (b->application), (gpointer *) &b->application);
  g_object_unref (b->application);
  g_assert_null (b->application);
}

/* Run in Background: the window closes, Samband goes on; a run queued then is run, its
 * failure notified on the desktop (unless the Preferences say not to); Quit ends it. */
static void
test_background_keeps_engine (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("samband-ui-XXXXXX", &error);
  g_autoptr(GFile) file = NULL;
  Background b = { 0 };

  g_assert_no_error (error);
  reset_settings ();
  b.settings = g_settings_new (APPLICATION_ID);
  g_settings_set_boolean (b.settings, "run-in-background", TRUE);

  run_application (&b, dir, 100);

  g_assert_false (b.timed_out);
  g_assert_true (b.preferences_shown);
  g_assert_true (b.closed);
  g_assert_null (b.window);
  /* No window, and the application still running... */
  g_assert_cmpuint (b.windows_after_close, ==, 0);
  g_assert_true (b.held_after_close);
  /* ...and its engine ran both runs queued after the window had gone (by hand, with no
   * payment from Stripe to book, they fail). */
  g_assert_cmpuint (b.n_finished, ==, 2);
  g_assert_cmpint (b.statuses[0], ==, SB_RUN_STATUS_FAILED);
  g_assert_cmpint (b.statuses[1], ==, SB_RUN_STATUS_FAILED);
  /* The desktop heard of the first failure, not of the second. */
  g_assert_cmpuint (b.notifications_after[0], >=, 1);
  g_assert_cmpuint (b.notifications_after[1], ==, b.notifications_after[0]);
  g_assert_cmpuint (b.shown_after[0], >=, 1);
  g_assert_cmpuint (b.shown_after[1], ==, b.shown_after[0]);
  g_assert_cmpstr (b.summary, ==, "“Membership fees from Stripe to Fortnox” failed");
  g_free (b.summary);
  /* Clicked, the notification brought the window back, on the integration. */
  g_assert_true (b.reopened);
  g_assert_true (b.shows_integration);

  g_clear_object (&b.integration);
  g_clear_object (&b.settings);
  file = g_file_new_for_path (dir);
  remove_tree (file);
}

/* Without it, closing the last window ends the application. */
static void
test_no_background_quits (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("samband-ui-XXXXXX", &error);
  g_autoptr(GFile) file = NULL;
  Background b = { 0 };

  g_assert_no_error (error);
  reset_settings ();
  b.settings = g_settings_new (APPLICATION_ID);
  g_assert_false (g_settings_get_boolean (b.settings, "run-in-background"));

  /* g_application_run () returns on its own as the window closes; the 30 seconds are the
   * failure. */
  run_application (&b, dir, 30);

  g_assert_false (b.timed_out);
  g_assert_true (b.preferences_shown);
  g_assert_true (b.closed);
  g_assert_null (b.window);

  g_clear_object (&b.settings);
  file = g_file_new_for_path (dir);
  remove_tree (file);
}

/* Start at Login: a desktop file in the autostart folder that starts Samband without a
 * window (--background); switched off, it goes. */

typedef struct
{
  const char *path;
  gboolean exists;
} FileWatch;

static gboolean
file_as_wanted (gpointer data)
{
  FileWatch *watch = data;

  return g_file_test (watch->path, G_FILE_TEST_EXISTS) == watch->exists;
}

typedef struct
{
  SbApplication *application;
  GSettings *settings;
  char *path;
  guint n_windows;
  gboolean in_background;
  gboolean checked;
} Login;

static void
count_window (GtkApplication *application,
              GtkWindow      *window,
              Login          *login)
{
  login->n_windows++;
}

static gboolean
check_start_at_login (gpointer data)
{
  Login *login = data;
  g_autoptr(GKeyFile) desktop = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *exec = NULL;
  g_autofree char *validator = g_find_program_in_path ("desktop-file-validate");
  FileWatch watch = { login->path, TRUE };

  /* Started with --background, as at login: no window, and still running. */
  login->in_background = sb_application_get_in_background (login->application);
  g_assert_false (g_file_test (login->path, G_FILE_TEST_EXISTS));

  g_settings_set_boolean (login->settings, "start-at-login", TRUE);
  g_assert_true (wait_for (file_as_wanted, &watch, 5));

  g_assert_true (g_key_file_load_from_file (desktop, login->path, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  exec = g_key_file_get_string (desktop, G_KEY_FILE_DESKTOP_GROUP,
                                G_KEY_FILE_DESKTOP_KEY_EXEC, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (exec, ==, "samband --background");
  g_assert_true (g_key_file_get_boolean (desktop, G_KEY_FILE_DESKTOP_GROUP,
                                         "X-GNOME-Autostart-enabled", &error));
  g_assert_no_error (error);

  if (validator != NULL)
    {
      const char *argv[] = { validator, login->path, NULL };
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status = 0;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                   &out, &err, &status, &error));
      g_assert_no_error (error);
      g_test_message ("desktop-file-validate: %s%s", out, err);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      g_assert_cmpstr (out, ==, "");
    }

  g_settings_set_boolean (login->settings, "start-at-login", FALSE);
  watch.exists = FALSE;
  g_assert_true (wait_for (file_as_wanted, &watch, 5));
  login->checked = TRUE;

  /* Quit (as the menu does) ends even an application in the background. */
  g_action_group_activate_action (G_ACTION_GROUP (login->application), "quit", NULL);
  return G_SOURCE_REMOVE;
}

static void
test_start_at_login (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("samband-ui-XXXXXX", &error);
  g_autoptr(GFile) file = NULL;
  const char *argv[] = { "samband", "--data-dir", dir, "--background", NULL };
  Login login = { 0 };
  int status;

  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("Inside Flatpak the Background portal starts Samband at login");
      return;
    }

  g_assert_no_error (error);
  reset_settings ();
  login.settings = g_settings_new (APPLICATION_ID);
  login.path = g_build_filename (g_get_user_config_dir (), "autostart",
                                 APPLICATION_ID ".desktop", NULL);
  g_unlink (login.path);

  login.application = sb_application_new ();
  g_application_set_flags (G_APPLICATION (login.application),
                           g_application_get_flags (G_APPLICATION (login.application)) |
                           G_APPLICATION_NON_UNIQUE);
  g_signal_connect (login.application, "window-added", G_CALLBACK (count_window), &login);
  g_timeout_add (300, check_start_at_login, &login);
  status = g_application_run (G_APPLICATION (login.application), G_N_ELEMENTS (argv) - 1,
                              (char **) argv);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (login.checked);
  g_assert_true (login.in_background);
  g_assert_cmpuint (login.n_windows, ==, 0);

  g_object_add_weak_pointer (G_OBJECT (login.application), (gpointer *) &login.application);
  g_object_unref (login.application);
  g_assert_null (login.application);

  g_clear_object (&login.settings);
  g_free (login.path);
  file = g_file_new_for_path (dir);
  remove_tree (file);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *config = g_dir_make_tmp ("samband-config-XXXXXX", &error);
  g_autoptr(GFile) config_dir = NULL;
  int status;

  g_assert_no_error (error);
  /* The autostart file goes into a folder of the test's own, whatever runs it. */
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);

  ui_test_init (&argc, &argv);
  fake_notifications_start ();

  g_test_add_func ("/preferences/window-writes-settings", test_window_writes_settings);
  g_test_add_func ("/preferences/start-at-login", test_start_at_login);
  g_test_add_func ("/preferences/background-keeps-engine", test_background_keeps_engine);
  g_test_add_func ("/preferences/no-background-quits", test_no_background_quits);

  status = g_test_run ();

  config_dir = g_file_new_for_path (config);
  remove_tree (config_dir);
  return status;
}
