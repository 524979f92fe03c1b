/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-application.h"
#include "sb-window.h"
#include "sb-ui.h"
#include "workspace/sb-workspace.h"

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
};

G_DEFINE_FINAL_TYPE (SbApplication, sb_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Keep the data in another folder"), N_("DIR") },
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Create the demo club and company when they are not there yet"), NULL },
  { NULL }
};

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
  {
    GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
    g_autoptr(GSettingsSchema) schema = NULL;

    if (source != NULL)
      schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
    if (schema != NULL && g_settings_schema_has_key (schema, "webhook-port"))
      {
        g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

        sb_workspace_set_webhook_port (self->workspace,
                                       (guint) g_settings_get_int (settings, "webhook-port"));
      }
  }

  /* With samband-cli serve running, the window shows runs and starts none. */
  if (!sb_workspace_start_engine (self->workspace, &self->engine_error))
    g_message ("%s", self->engine_error->message);
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

  g_variant_dict_lookup (options, "data-dir", "^ay", &data_dir);
  g_variant_dict_lookup (options, "demo", "b", &demo);

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

  g_application_activate (application);

  return EXIT_SUCCESS;
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
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
  { "about", about_activated },
  { "show-integration", show_integration_activated, "x" },
};

static void
sb_application_startup (GApplication *application)
{
  /* Before chaining up: GtkApplication and AdwApplication read the help overlay and the
   * style sheet from the resources while they start. */
  sb_ui_ensure_resources ();

  G_APPLICATION_CLASS (sb_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions,
                                   G_N_ELEMENTS (app_actions), application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit",
                                         (const char *[]) { "<Primary>q", NULL });
}

static void
sb_application_dispose (GObject *object)
{
  SbApplication *self = (SbApplication *)object;

  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (sb_application_parent_class)->dispose (object);
}

static void
sb_application_finalize (GObject *object)
{
  SbApplication *self = (SbApplication *)object;

  g_clear_error (&self->open_error);
  g_clear_error (&self->engine_error);

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
  application_class->activate = sb_application_activate;
  application_class->command_line = sb_application_command_line;
}

static void
sb_application_init (SbApplication *self)
{
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
