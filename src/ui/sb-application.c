/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-application.h"
#include "workspace/sb-workspace-notifications.h"
#include "sb-preferences-window.h"
#include "sb-window.h"
#include "sb-ui.h"
#include "workspace/sb-workspace.h"

#include <errno.h>
#include <glib/gstdio.h>

struct _SbApplication
{
  AdwApplication parent_instance;

  /* owned */
  SbWorkspace *workspace;
  /* Why the store could not be opened, shown instead of the main window. */
  GError *open_error;
  /* Why this process does not run the integrations (another one does, as a rule), shown
   * in the main window. */
  GError *engine_error;
  /* NULL when the schema is not installed (an uninstalled build): then nothing is kept and
   * there are no preferences. */
  GSettings *settings;
  /* Cancelled at shutdown, for the call to the Background portal. */
  GCancellable *cancellable;

  /* The application holds itself (g_application_hold ()) while it runs in the background:
   * the last window may close, the engine goes on. */
  gboolean held;
  /* Started with --background (at login): no window, the engine only. */
  gboolean background_option;

  /* For the tests: the desktop notifications sent. */
  char *last_notification_id;
  guint n_notifications;
};

G_DEFINE_FINAL_TYPE (SbApplication, sb_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Keep the data in another folder"), N_("DIR") },
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Create the demo club and company when they are not there yet"), NULL },
  { "background", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Run the live integrations without opening a window"), NULL },
  { NULL }
};

/* The settings where the schema is installed with every key the application reads; NULL
 * otherwise, and the application runs with the defaults. */
static GSettings *
dup_settings_if_installed (void)
{
  return sb_ui_dup_settings_with_keys ("webhook-port", "i", "run-in-background", "b",
                                       "start-at-login", "b", "retention-days", "i",
                                       "retention-runs", "i", "notifications", "b", NULL);
}

static gboolean
has_main_window (SbApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (SB_IS_WINDOW (l->data))
      return TRUE;

  return FALSE;
}

/* Inside Flatpak the sandbox cannot write the host's autostart folder: the Background portal
 * does it. */
static gboolean
in_flatpak (void)
{
  return g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);
}

static char *
dup_autostart_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "autostart", APPLICATION_ID ".desktop",
                           NULL);
}

/* Outside Flatpak, starting at login is a desktop file in the user's autostart folder, which
 * starts Samband without a window. */
static void
update_autostart_file (gboolean enabled)
{
  g_autofree char *path = dup_autostart_path ();
  g_autoptr(GError) error = NULL;

  if (enabled)
    {
      g_autofree char *dir = g_path_get_dirname (path);
      g_autoptr(GKeyFile) file = g_key_file_new ();
      g_autofree char *data = NULL;
      gsize length;

      g_key_file_set_string (file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_TYPE,
                             G_KEY_FILE_DESKTOP_TYPE_APPLICATION);
      g_key_file_set_string (file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_NAME,
                             "Samband");
      /* Translators: the comment of the entry that starts Samband at login, as the
       * desktop's list of startup applications may show it */
      g_key_file_set_string (file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_COMMENT,
                             _("Runs the live integrations in the background"));
      g_key_file_set_string (file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_ICON,
                             APPLICATION_ID);
      g_key_file_set_string (file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_EXEC,
                             "samband --background");
      g_key_file_set_boolean (file, G_KEY_FILE_DESKTOP_GROUP,
                              G_KEY_FILE_DESKTOP_KEY_TERMINAL, FALSE);
      g_key_file_set_boolean (file, G_KEY_FILE_DESKTOP_GROUP,
                              G_KEY_FILE_DESKTOP_KEY_NO_DISPLAY, TRUE);
      g_key_file_set_boolean (file, G_KEY_FILE_DESKTOP_GROUP, "X-GNOME-Autostart-enabled",
                              TRUE);
      data = g_key_file_to_data (file, &length, NULL);

      if (g_mkdir_with_parents (dir, 0700) != 0)
        g_warning ("Could not create %s: %s", dir, g_strerror (errno));
      else if (!g_file_set_contents (path, data, length, &error))
        g_warning ("Could not start Samband at login: %s", error->message);
    }
  else if (g_unlink (path) != 0 && errno != ENOENT)
    {
      g_warning ("Could not remove %s: %s", path, g_strerror (errno));
    }
}

static void
background_requested_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  /* The answer comes later as a Response signal of the request; the portal itself tells
   * the user what was decided. Where there is no portal (no Flatpak, no
   * xdg-desktop-portal) running in the background needs no permission. */
  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (reply == NULL)
    g_debug ("No background portal: %s", error->message);
}

/* Asks the Background portal to let Samband run without a window and, inside Flatpak, to
 * start it at login. */
static void
request_background (SbApplication *self)
{
  GDBusConnection *bus = g_application_get_dbus_connection (G_APPLICATION (self));
  const char *commandline[] = { "samband", "--background", NULL };
  g_autofree char *token = NULL;
  GVariantBuilder options;
  gboolean autostart;

  if (bus == NULL)
    return;

  autostart = in_flatpak () && self->settings != NULL &&
              g_settings_get_boolean (self->settings, "start-at-login");
  token = g_strdup_printf ("samband%u", g_random_int ());

  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "handle_token", g_variant_new_string (token));
  /* Translators: why Samband asks to run in the background; the desktop may show it when
   * it asks the user */
  g_variant_builder_add (&options, "{sv}", "reason",
                         g_variant_new_string (_("Samband runs the live integrations while "
                                                 "its window is closed")));
  g_variant_builder_add (&options, "{sv}", "autostart", g_variant_new_boolean (autostart));
  g_variant_builder_add (&options, "{sv}", "commandline",
                         g_variant_new_strv (commandline, -1));
  g_variant_builder_add (&options, "{sv}", "dbus-activatable", g_variant_new_boolean (FALSE));

  g_dbus_connection_call (bus,
                          "org.freedesktop.portal.Desktop",
                          "/org/freedesktop/portal/desktop",
                          "org.freedesktop.portal.Background",
                          "RequestBackground",
                          g_variant_new ("(sa{sv})", "", &options),
                          G_VARIANT_TYPE ("(o)"),
                          G_DBUS_CALL_FLAGS_NONE,
                          -1,
                          self->cancellable,
                          background_requested_cb,
                          NULL);
}

/* Whether the application should outlive its last window: the preference, or --background,
 * and only where this process runs the integrations. */
static void
update_hold (SbApplication *self)
{
  gboolean wanted = FALSE;

  if (self->workspace != NULL && sb_workspace_get_engine_started (self->workspace))
    wanted = self->background_option ||
             (self->settings != NULL &&
              g_settings_get_boolean (self->settings, "run-in-background"));

  if (wanted == self->held)
    return;

  self->held = wanted;
  if (wanted)
    {
      g_application_hold (G_APPLICATION (self));
      request_background (self);
    }
  else
    {
      /* With no window open, this ends the application. */
      g_application_release (G_APPLICATION (self));
    }
}

static void
apply_retention (SbApplication *self)
{
  if (self->workspace == NULL || self->settings == NULL)
    return;

  sb_workspace_set_retention (self->workspace,
                              (guint) MAX (g_settings_get_int (self->settings,
                                                               "retention-days"), 0),
                              (guint) MAX (g_settings_get_int (self->settings,
                                                               "retention-runs"), 0));
}

static void
on_settings_changed (SbApplication *self,
                     const char    *key)
{
  if (g_str_equal (key, "run-in-background"))
    {
      /* Turned off: closing the window ends Samband, even one started at login. */
      if (!g_settings_get_boolean (self->settings, key))
        self->background_option = FALSE;
      update_hold (self);
    }
  else if (g_str_equal (key, "start-at-login"))
    {
      if (in_flatpak ())
        request_background (self);
      else
        update_autostart_file (g_settings_get_boolean (self->settings, key));
    }
  else if (g_str_equal (key, "retention-days") || g_str_equal (key, "retention-runs"))
    {
      apply_retention (self);
    }
}

/* While a window is open it tells of failures itself (sb_window's handlers); without one,
 * in the background, the application does. */
static void
on_workspace_integration_failed (SbApplication *self,
                                 SbIntegration *integration,
                                 SbRun         *run)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *id = NULL;

  if (has_main_window (self))
    return;

  notification = sb_notification_new_failed (integration, run, &id, NULL, NULL);
  if (notification != NULL)
    sb_application_send_notification (self, id, notification);
}

static void
on_workspace_integration_paused (SbApplication *self,
                                 SbIntegration *integration,
                                 const char    *reason)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *id = NULL;

  if (has_main_window (self))
    return;

  notification = sb_notification_new_paused (integration, reason, &id, NULL, NULL);
  sb_application_send_notification (self, id, notification);
}

/* A window that says why the store did not open: the message comes translated from the
 * workspace, and the application stays up so the user can read it. */
static GtkWindow *
create_error_window (SbApplication *self)
{
  GtkWidget *window;
  GtkWidget *box;
  GtkWidget *header;
  GtkWidget *status;
  g_autofree char *description = g_markup_escape_text (self->open_error->message, -1);

  window = adw_application_window_new (GTK_APPLICATION (self));
  gtk_window_set_title (GTK_WINDOW (window), "Samband");
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 480);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new ("", NULL));
  gtk_widget_add_css_class (header, "flat");
  gtk_box_append (GTK_BOX (box), header);

  status = adw_status_page_new ();
  gtk_widget_set_vexpand (status, TRUE);
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "dialog-error-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (status), _("Could Not Open the Data"));
  adw_status_page_set_description (ADW_STATUS_PAGE (status), description);
  gtk_box_append (GTK_BOX (box), status);

  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);

  return GTK_WINDOW (window);
}

/* Opens the store in @data_dir (NULL: the default one) and starts the engine, once. */
static void
open_workspace (SbApplication *self,
                const char    *data_dir)
{
  if (self->workspace != NULL || self->open_error != NULL)
    return;

  self->workspace = sb_workspace_open (data_dir, &self->open_error);
  if (self->workspace == NULL)
    return;

  /* The webhook receiver listens where the editor says webhooks go. */
  if (self->settings != NULL)
    sb_workspace_set_webhook_port (self->workspace,
                                   (guint) g_settings_get_int (self->settings, "webhook-port"));
  apply_retention (self);

  g_signal_connect_object (self->workspace, "integration-failed",
                           G_CALLBACK (on_workspace_integration_failed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->workspace, "integration-paused",
                           G_CALLBACK (on_workspace_integration_paused), self,
                           G_CONNECT_SWAPPED);

  /* With samband-cli serve running, the window shows runs and starts none. */
  if (!sb_workspace_start_engine (self->workspace, &self->engine_error))
    g_message ("%s", self->engine_error->message);

  update_hold (self);
}

static void
sb_application_activate (GApplication *application)
{
  SbApplication *self = SB_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  /* Started by D-Bus (a notification clicked) rather than from a command line. */
  open_workspace (self, NULL);

  if (window == NULL)
    {
      if (self->workspace != NULL)
        window = GTK_WINDOW (sb_window_new (ADW_APPLICATION (self), self->workspace));
      else
        window = create_error_window (self);
    }

  gtk_window_present (window);
}

static int
sb_application_command_line (GApplication            *application,
                             GApplicationCommandLine *command_line)
{
  SbApplication *self = SB_APPLICATION (application);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autofree char *data_dir = NULL;
  gboolean demo = FALSE;
  gboolean background = FALSE;

  g_variant_dict_lookup (options, "data-dir", "^ay", &data_dir);
  g_variant_dict_lookup (options, "demo", "b", &demo);
  g_variant_dict_lookup (options, "background", "b", &background);

  if (self->workspace == NULL && self->open_error == NULL)
    {
      g_autofree char *absolute = NULL;

      if (data_dir != NULL)
        {
          g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line,
                                                                                 data_dir);

          absolute = g_file_get_path (file);
        }

      open_workspace (self, absolute);
    }
  else if (data_dir != NULL && self->workspace != NULL)
    {
      /* One process serves one store; another store needs another instance. */
      g_application_command_line_printerr (command_line, "%s\n",
                                           _("Samband is already running with another data "
                                             "folder; the window of the running one is shown"));
    }

  if (demo && self->workspace != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!sb_workspace_create_demo (self->workspace, &error))
        g_application_command_line_printerr (command_line, "%s\n", error->message);
    }

  if (background)
    {
      /* At login: the engine runs, and a window opens only when asked (a notification
       * clicked, Samband started again). Already running, there is nothing to do. */
      if (!self->background_option && !has_main_window (self))
        {
          self->background_option = TRUE;
          update_hold (self);
        }
      if (self->open_error != NULL)
        g_application_command_line_printerr (command_line, "%s\n", self->open_error->message);
      else if (self->engine_error != NULL)
        g_application_command_line_printerr (command_line, "%s\n",
                                             self->engine_error->message);
      return self->held ? EXIT_SUCCESS : EXIT_FAILURE;
    }

  g_application_activate (application);

  return EXIT_SUCCESS;
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  SbApplication *self = SB_APPLICATION (user_data);

  /* Quit means quit, in the background too. */
  if (self->held)
    {
      self->held = FALSE;
      self->background_option = FALSE;
      g_application_release (G_APPLICATION (self));
    }
  g_application_quit (G_APPLICATION (self));
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  SbApplication *self = SB_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWindow *window;

  if (self->settings == NULL)
    return;

  /* Not one of the application's windows: it neither keeps the application running nor
   * becomes the window a notification opens. It goes with the main window. */
  window = sb_preferences_window_new (self->settings);
  if (parent != NULL)
    gtk_window_set_transient_for (window, parent);
  gtk_window_set_destroy_with_parent (window, TRUE);
  gtk_window_present (window);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  SbApplication *self = SB_APPLICATION (user_data);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *developers[] = { "The Samband developers", NULL };

  adw_show_about_window (window,
                         "application-name", "Samband",
                         "application-icon", APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", "The Samband developers",
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         /* Translators: put your names here, one per line */
                         "translator-credits", _("translator-credits"),
                         "comments", _("Connect the accounts of your club or company and "
                                       "automate the work between them"),
                         NULL);
}

/* The default action of the desktop notifications: the integration they are about. */
static void
show_integration_activated (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  SbApplication *self = SB_APPLICATION (user_data);
  GtkWindow *window;

  g_application_activate (G_APPLICATION (self));
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (SB_IS_WINDOW (window))
    gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.show-integration",
                                        parameter);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "preferences", preferences_activated },
  { "about", about_activated },
  { "show-integration", show_integration_activated, "x" },
};

static void
sb_application_startup (GApplication *application)
{
  SbApplication *self = SB_APPLICATION (application);

  /* Before chaining up: GtkApplication and AdwApplication read the help overlay and the
   * style sheet from the resources while they start. */
  sb_ui_ensure_resources ();

  G_APPLICATION_CLASS (sb_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions,
                                   G_N_ELEMENTS (app_actions), application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit",
                                         (const char *[]) { "<Primary>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.preferences",
                                         (const char *[]) { "<Primary>comma", NULL });

  self->settings = dup_settings_if_installed ();
  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed", G_CALLBACK (on_settings_changed),
                             self, G_CONNECT_SWAPPED);
  else
    g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (
                                   G_ACTION_MAP (application), "preferences")), FALSE);
}

static void
sb_application_shutdown (GApplication *application)
{
  SbApplication *self = SB_APPLICATION (application);

  g_cancellable_cancel (self->cancellable);

  G_APPLICATION_CLASS (sb_application_parent_class)->shutdown (application);
}

static void
sb_application_dispose (GObject *object)
{
  SbApplication *self = (SbApplication *)object;

  g_clear_object (&self->workspace);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (sb_application_parent_class)->dispose (object);
}

static void
sb_application_finalize (GObject *object)
{
  SbApplication *self = (SbApplication *)object;

  g_clear_error (&self->open_error);
  g_clear_error (&self->engine_error);
  g_free (self->last_notification_id);

  G_OBJECT_CLASS (sb_application_parent_class)->finalize (object);
}

static void
sb_application_class_init (SbApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = sb_application_dispose;
  object_class->finalize = sb_application_finalize;

  application_class->startup = sb_application_startup;
  application_class->shutdown = sb_application_shutdown;
  application_class->activate = sb_application_activate;
  application_class->command_line = sb_application_command_line;
}

static void
sb_application_init (SbApplication *self)
{
  self->cancellable = g_cancellable_new ();
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
}

SbApplication *
sb_application_new (void)
{
  return g_object_new (SB_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/io/github/samband/Samband",
                       NULL);
}

const GError *
sb_application_get_engine_error (SbApplication *self)
{
  g_return_val_if_fail (SB_IS_APPLICATION (self), NULL);

  return self->engine_error;
}

SbWorkspace *
sb_application_get_workspace (SbApplication *self)
{
  g_return_val_if_fail (SB_IS_APPLICATION (self), NULL);

  return self->workspace;
}

gboolean
sb_application_get_in_background (SbApplication *self)
{
  g_return_val_if_fail (SB_IS_APPLICATION (self), FALSE);

  return self->held;
}

void
sb_application_send_notification (SbApplication *self,
                                  const char    *id,
                                  GNotification *notification)
{
  g_return_if_fail (SB_IS_APPLICATION (self));
  g_return_if_fail (G_IS_NOTIFICATION (notification));

  if (self->settings != NULL && !g_settings_get_boolean (self->settings, "notifications"))
    return;

  g_free (self->last_notification_id);
  self->last_notification_id = g_strdup (id);
  self->n_notifications++;
  g_application_send_notification (G_APPLICATION (self), id, notification);
}

const char *
sb_application_get_last_notification (SbApplication *self,
                                      guint         *n_sent)
{
  g_return_val_if_fail (SB_IS_APPLICATION (self), NULL);

  if (n_sent != NULL)
    *n_sent = self->n_notifications;
  return self->last_notification_id;
}
