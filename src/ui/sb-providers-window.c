/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-providers-window.h"

struct _SbProvidersWindow
{
  AdwWindow parent_instance;

  AdwPreferencesPage *page;
  GPtrArray *rows;        /* AdwActionRow, borrowed */
  guint n_providers;
};

G_DEFINE_FINAL_TYPE (SbProvidersWindow, sb_providers_window, ADW_TYPE_WINDOW)

static void
on_row_activated (AdwActionRow      *row,
                  SbProvidersWindow *self)
{
  const char *uri = g_object_get_data (G_OBJECT (row), "uri");

  /* Through the OpenURI portal inside Flatpak. */
  gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
}

static void
add_link_row (SbProvidersWindow   *self,
              AdwPreferencesGroup *group,
              const char          *title,
              const char          *address,
              const char          *uri,
              const char          *icon_name)
{
  GtkWidget *row;

  if (address == NULL || address[0] == '\0')
    return;

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), address);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (icon_name));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "uri", g_strdup (uri), g_free);
  g_signal_connect (row, "activated", G_CALLBACK (on_row_activated), self);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, row);
}

static void
build (SbProvidersWindow *self,
       SbWorkspace       *workspace)
{
  GListModel *connectors = sb_connector_catalog_get_connectors (sb_workspace_get_catalog (
                                                                  workspace));

  for (guint i = 0; i < g_list_model_get_n_items (connectors); i++)
    {
      g_autoptr(SbConnector) connector = g_list_model_get_item (connectors, i);
      const char *provider = sb_connector_get_provider_name (connector);
      const char *email = sb_connector_get_support_email (connector);
      const char *url = sb_connector_get_support_url (connector);
      const char *privacy = sb_connector_get_privacy_policy_url (connector);
      g_autofree char *mailto = email != NULL ? g_strconcat ("mailto:", email, NULL) : NULL;
      GtkWidget *group;

      if (provider == NULL && email == NULL && url == NULL)
        continue;

      group = adw_preferences_group_new ();
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group),
                                       provider != NULL ? provider
                                                        : sb_connector_get_name (connector));
      /* Translators: under the name of a provider: the service they provide, as in
       * “Provides Stripe” */
      {
        g_autofree char *description = g_strdup_printf (_("Provides %s"),
                                                        sb_connector_get_name (connector));

        adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
      }
      add_link_row (self, ADW_PREFERENCES_GROUP (group), _("Support E-mail"), email, mailto,
                    "mail-send-symbolic");
      add_link_row (self, ADW_PREFERENCES_GROUP (group), _("Support Website"), url, url,
                    "web-browser-symbolic");
      add_link_row (self, ADW_PREFERENCES_GROUP (group), _("Privacy Policy"), privacy,
                    privacy, "web-browser-symbolic");
      adw_preferences_page_add (self->page, ADW_PREFERENCES_GROUP (group));
      self->n_providers++;
    }
}

static void
sb_providers_window_finalize (GObject *object)
{
  SbProvidersWindow *self = SB_PROVIDERS_WINDOW (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (sb_providers_window_parent_class)->finalize (object);
}

static void
sb_providers_window_class_init (SbProvidersWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = sb_providers_window_finalize;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sb_providers_window_init (SbProvidersWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *title = adw_window_title_new (_("Service Providers"),
                                           _("Whom to contact about a service"));

  self->rows = g_ptr_array_new ();
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  self->page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->page), TRUE);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->page));
  adw_window_set_content (ADW_WINDOW (self), box);
  gtk_window_set_title (GTK_WINDOW (self), _("Service Providers"));
  gtk_window_set_default_size (GTK_WINDOW (self), 520, 640);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
}

GtkWindow *
sb_providers_window_new (SbWorkspace *workspace)
{
  SbProvidersWindow *self;

  g_return_val_if_fail (SB_IS_WORKSPACE (workspace), NULL);

  self = g_object_new (SB_TYPE_PROVIDERS_WINDOW, NULL);
  build (self, workspace);
  return GTK_WINDOW (self);
}

guint
sb_providers_window_count_providers (SbProvidersWindow *self)
{
  g_return_val_if_fail (SB_IS_PROVIDERS_WINDOW (self), 0);
  return self->n_providers;
}

gboolean
sb_providers_window_shows_text (SbProvidersWindow *self,
                                const char        *text)
{
  g_return_val_if_fail (SB_IS_PROVIDERS_WINDOW (self), FALSE);

  for (guint i = 0; i < self->rows->len; i++)
    {
      AdwActionRow *row = g_ptr_array_index (self->rows, i);

      if (g_strcmp0 (adw_action_row_get_subtitle (row), text) == 0 ||
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), text) == 0)
        return TRUE;
    }
  return FALSE;
}
