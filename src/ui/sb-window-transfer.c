/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-window-private.h"

/* Export and import of an organization's integrations and accounts as JSON, through the file
 * chooser (the portal's inside Flatpak, which needs no access to the file system). Nothing
 * secret is in an export, so an import reports what needs credentials. */

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     SbWindow        *self)
{
  gboolean save = gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)) ==
                  GTK_FILE_CHOOSER_ACTION_SAVE;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);

  if (file == NULL)
    return;
  if (save)
    sb_window_export_to_file (self, file);
  else
    sb_window_import_file (self, file);
}

static GtkFileFilter *
new_json_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  /* Translators: a kind of file in the file chooser */
  gtk_file_filter_set_name (filter, _("Samband export (JSON)"));
  gtk_file_filter_add_suffix (filter, "json");
  gtk_file_filter_add_mime_type (filter, "application/json");
  return filter;
}

void
sb_window_export_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  SbWindow *self = SB_WINDOW (widget);
  SbOrganization *org = sb_window_get_organization (self);
  g_autoptr(GtkFileFilter) filter = new_json_filter ();
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  if (org == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Export Integrations and Accounts"),
                                         GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  /* Translators: the name an export is saved as; %s is the name of an organization */
  name = g_strdup_printf (_("%s integrations.json"), sb_organization_get_name (org));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
sb_window_import_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  SbWindow *self = SB_WINDOW (widget);
  g_autoptr(GtkFileFilter) filter = new_json_filter ();
  GtkFileChooserNative *chooser;

  if (sb_window_get_organization (self) == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Import Integrations and Accounts"),
                                         GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Import"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_exported (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SbWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (G_FILE (object));
  g_autofree char *message = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    /* Translators: the first %s is the name of a file, the second what went wrong */
    message = g_strdup_printf (_("Could not write “%s”: %s"), name, error->message);
  else
    /* Translators: %s is the name of a file; an export has no passwords or keys */
    message = g_strdup_printf (_("Exported to “%s”, without credentials"), name);
  sb_window_show_message (self, message);
}

void
sb_window_export_to_file (SbWindow *self,
                          GFile    *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GBytes) bytes = NULL;
  char *text;
  gsize length;

  g_return_if_fail (SB_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  document = sb_workspace_export (sb_window_get_workspace (self),
                                  sb_window_get_organization (self), &error);
  if (document == NULL)
    {
      sb_window_show_message (self, error->message);
      return;
    }
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, document);
  text = json_generator_to_data (generator, &length);
  bytes = g_bytes_new_take (text, length);
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, on_exported, g_object_ref (self));
}

static void
on_report_response (AdwMessageDialog *dialog,
                    const char       *response,
                    SbWindow         *self)
{
  if (g_strcmp0 (response, "accounts") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-page", "s", "accounts");
}

static void
append_names (GString   *body,
              GPtrArray *names)
{
  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (body, "\n• %s", (const char *) g_ptr_array_index (names, i));
}

void
sb_window_import_file (SbWindow *self,
                       GFile    *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbTransferReport) report = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *heading = NULL;
  SbOrganization *org;
  GtkWidget *dialog;

  g_return_if_fail (SB_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  org = sb_window_get_organization (self);
  if (org == NULL)
    return;

  if (!sb_workspace_import_into (sb_window_get_workspace (self), org, file, &report, &error))
    {
      dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Nothing Was Imported"),
                                       error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  /* Translators: the heading of the report of an import; %s is the name of an organization */
  heading = g_strdup_printf (_("Imported into %s"), sb_organization_get_name (org));
  if (report->integrations->len == 0)
    g_string_append (body, _("The file held no integrations."));
  else
    {
      g_string_append_printf (body,
                              ngettext ("%u integration, as a draft to check and activate:",
                                        "%u integrations, as drafts to check and activate:",
                                        report->integrations->len),
                              report->integrations->len);
      append_names (body, report->integrations);
    }
  if (report->accounts->len > 0)
    {
      g_string_append (body, "\n\n");
      g_string_append_printf (body,
                              ngettext ("%u account needs its credentials before they can run:",
                                        "%u accounts need their credentials before they can run:",
                                        report->accounts->len),
                              report->accounts->len);
      append_names (body, report->accounts);
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body->str);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  if (report->accounts->len > 0)
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "accounts",
                                       _("_Show Accounts"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "accounts",
                                                  ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "accounts");
    }
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_report_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
