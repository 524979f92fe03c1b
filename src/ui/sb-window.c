/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-window.h"
#include "sb-window-private.h"
#include "sb-application.h"
#include "sb-integration-editor.h"
#include "sb-integration-view.h"
#include "sb-account-view.h"
#include "sb-activated-page.h"
#include "sb-add-account-dialog.h"
#include "sb-imports-page.h"
#include "workspace/sb-workspace-notifications.h"
#include "sb-organization-row.h"
#include "sb-ui.h"

struct _SbWindow
{
  AdwApplicationWindow parent_instance;

  /* template widgets */
  AdwToastOverlay *toast_overlay;
  GtkStack *main_stack;
  GtkRevealer *engine_revealer;
  GtkLabel *engine_label;
  AdwStatusPage *welcome_page;
  AdwLeaflet *leaflet;
  GtkWidget *sidebar;
  GtkWidget *content;
  GtkListView *organizations_view;
  GtkSingleSelection *organization_selection;
  AdwViewStack *view_stack;
  GtkWidget *new_integration_button;
  SbIntegrationsPage *integrations_page;
  SbAccountsPage *accounts_page;
  SbMembersPage *members_page;

  /* owned */
  SbWorkspace *workspace;
  SbOrganization *organization;
  /* Cancelled when the window goes, for whatever work it started. */
  GCancellable *cancellable;
  /* NULL when the schema is not installed (an uninstalled build). */
  GSettings *settings;

  /* borrowed: a weak pointer */
  SbNewOrganizationDialog *new_organization_dialog;
  /* The details of one integration, the third page of main_stack. */
  SbIntegrationView *integration_view;
  /* The details of one account, the fourth page of main_stack. */
  SbAccountView *account_view;
  SbAddAccountDialog *add_account_dialog;
  SbCatalogDialog *catalog_dialog;
  /* For the tests: what the newest notification said. */
  AdwToast *last_toast;
  char *last_message;
  /* For the tests: the newest desktop notification. */
  char *last_notification_id;
  char *last_notification_title;
  char *last_notification_body;
};

G_DEFINE_FINAL_TYPE (SbWindow, sb_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_ORGANIZATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void show_integrations             (SbWindow *self);
static void show_accounts                 (SbWindow *self);
static void update_new_integration_action (SbWindow *self);

/* The window remembers its size and the selected organization where the schema is installed,
 * and simply does not where it is not: an uninstalled build or a test must still run. */
static GSettings *
dup_settings_if_installed (void)
{
  return sb_ui_dup_settings_with_keys ("window-width", "i", "window-height", "i",
                                       "window-maximized", "b", NULL);
}

static gboolean
settings_have_selected_organization (SbWindow *self)
{
  return sb_ui_settings_have_key (self->settings, "selected-organization", "x");
}

static void
show_content (SbWindow *self)
{
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static gboolean
select_organization_by_id (SbWindow *self,
                           gint64    id)
{
  GListModel *model = G_LIST_MODEL (self->organization_selection);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SbOrganization) organization = g_list_model_get_item (model, i);

      if (sb_organization_get_id (organization) == id)
        {
          gtk_single_selection_set_selected (self->organization_selection, i);
          return TRUE;
        }
    }

  return FALSE;
}

static void
update_visible_page (SbWindow *self)
{
  GListModel *organizations = sb_workspace_get_organizations (self->workspace);
  gboolean empty = g_list_model_get_n_items (organizations) == 0;

  gtk_stack_set_visible_child_name (self->main_stack, empty ? "welcome" : "main");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", !empty);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-sidebar", !empty);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-page", !empty);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.select-organization", !empty);
}

static void
update_organization (SbWindow *self)
{
  SbOrganization *organization;

  organization = gtk_single_selection_get_selected_item (self->organization_selection);

  if (!g_set_object (&self->organization, organization))
    return;

  /* The details shown belong to the organization that was selected. */
  if (self->integration_view != NULL)
    {
      SbIntegration *shown = sb_integration_view_get_integration (self->integration_view);

      if (shown != NULL && (organization == NULL ||
                            sb_integration_get_organization_id (shown) !=
                            sb_organization_get_id (organization)))
        show_integrations (self);
    }
  if (self->account_view != NULL)
    {
      SbAccount *shown = sb_account_view_get_account (self->account_view);

      if (shown != NULL && (organization == NULL ||
                            sb_account_get_organization_id (shown) !=
                            sb_organization_get_id (organization)))
        show_accounts (self);
    }
  update_new_integration_action (self);

  if (organization != NULL && settings_have_selected_organization (self))
    g_settings_set_int64 (self->settings, "selected-organization",
                          sb_organization_get_id (organization));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORGANIZATION]);
}

static void
on_organizations_items_changed (SbWindow   *self,
                                guint       position,
                                guint       removed,
                                guint       added,
                                GListModel *model)
{
  update_visible_page (self);
}

static void
on_organization_selection_notify_selected_item (SbWindow *self)
{
  update_organization (self);

  /* A choice in the folded sidebar leads on to the organization's pages. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)) && self->organization != NULL)
    show_content (self);
}

static void
on_organizations_view_activate (SbWindow    *self,
                                guint        position,
                                GtkListView *view)
{
  gtk_single_selection_set_selected (self->organization_selection, position);
  show_content (self);
}

static void
on_new_organization_dialog_organization_created (SbWindow                *self,
                                                 SbOrganization          *organization,
                                                 SbNewOrganizationDialog *dialog)
{
  g_autofree char *title = NULL;
  g_autofree char *escaped = g_markup_escape_text (sb_organization_get_name (organization), -1);

  select_organization_by_id (self, sb_organization_get_id (organization));
  show_content (self);

  /* Translators: a notification; %s is the name of an organization */
  title = g_strdup_printf (_("“%s” created"), escaped);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

static void
new_organization_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  SbWindow *self = SB_WINDOW (widget);

  if (self->new_organization_dialog == NULL)
    {
      self->new_organization_dialog = sb_new_organization_dialog_new (self->workspace);
      g_object_add_weak_pointer (G_OBJECT (self->new_organization_dialog),
                                 (gpointer *) &self->new_organization_dialog);
      gtk_window_set_transient_for (GTK_WINDOW (self->new_organization_dialog),
                                    GTK_WINDOW (self));
      g_signal_connect_object (self->new_organization_dialog, "organization-created",
                               G_CALLBACK (on_new_organization_dialog_organization_created),
                               self, G_CONNECT_SWAPPED);
    }

  gtk_window_present (GTK_WINDOW (self->new_organization_dialog));
}

static void
explore_demo_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SbWindow *self = SB_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!sb_workspace_create_demo (self->workspace, &error))
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);
      AdwToast *toast = adw_toast_new (escaped);

      adw_toast_set_timeout (toast, 0);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      return;
    }
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SbWindow *self = SB_WINDOW (widget);

  show_integrations (self);
  show_accounts (self);
  adw_view_stack_set_visible_child_name (self->view_stack, "integrations");
  show_content (self);
  sb_integrations_page_focus_search (self->integrations_page);
}

static void
show_sidebar_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SbWindow *self = SB_WINDOW (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
  gtk_widget_grab_focus (GTK_WIDGET (self->organizations_view));
}

static void
select_organization_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  SbWindow *self = SB_WINDOW (widget);
  gint64 id = g_variant_get_int64 (parameter);

  if (!select_organization_by_id (self, id))
    {
      g_warning ("No organization with id %" G_GINT64_FORMAT, id);
      return;
    }

  show_content (self);
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SbWindow *self = SB_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  if (adw_view_stack_get_child_by_name (self->view_stack, name) == NULL)
    {
      g_warning ("No page “%s” in the window", name);
      return;
    }

  show_integrations (self);
  show_accounts (self);
  adw_view_stack_set_visible_child_name (self->view_stack, name);
  show_content (self);
}

static void
show_integrations (SbWindow *self)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "integration") != 0)
    return;

  gtk_stack_set_visible_child_name (self->main_stack, "main");
  adw_view_stack_set_visible_child_name (self->view_stack, "integrations");
  sb_integration_view_set_integration (self->integration_view, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->integrations_page));
}

static void
show_integration (SbWindow      *self,
                  SbIntegration *integration)
{
  if (integration == NULL)
    return;

  if (self->organization == NULL ||
      sb_integration_get_organization_id (integration) !=
      sb_organization_get_id (self->organization))
    select_organization_by_id (self, sb_integration_get_organization_id (integration));

  show_accounts (self);
  sb_integration_view_set_integration (self->integration_view, integration);
  sb_integration_view_show_section (self->integration_view, "steps");
  gtk_stack_set_visible_child_name (self->main_stack, "integration");
}

static void
show_accounts (SbWindow *self)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "account") != 0)
    return;

  gtk_stack_set_visible_child_name (self->main_stack, "main");
  adw_view_stack_set_visible_child_name (self->view_stack, "accounts");
  sb_account_view_set_account (self->account_view, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->accounts_page));
}

static void
show_account (SbWindow  *self,
              SbAccount *account)
{
  g_autoptr(GError) error = NULL;

  /* A Reader sees the list, not what is behind it. */
  if (!sb_workspace_check_account_details (self->workspace, account, &error))
    {
      sb_window_show_message (self, error->message);
      return;
    }

  if (self->organization == NULL ||
      sb_account_get_organization_id (account) != sb_organization_get_id (self->organization))
    select_organization_by_id (self, sb_account_get_organization_id (account));

  show_integrations (self);
  sb_account_view_set_account (self->account_view, account);
  gtk_stack_set_visible_child_name (self->main_stack, "account");
}

static void
show_account_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SbWindow *self = SB_WINDOW (widget);
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, g_variant_get_int64 (parameter));
  g_autoptr(SbAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = sb_workspace_find_account (self->workspace, id, &error);
  if (account == NULL)
    {
      sb_window_show_message (self, error->message);
      return;
    }

  show_account (self, account);
}

static void
show_accounts_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  show_accounts (SB_WINDOW (widget));
}

static void
on_account_added (SbWindow  *self,
                  SbAccount *account)
{
  g_autofree char *message = NULL;

  if (sb_account_get_status (account) == SB_ACCOUNT_STATUS_NEEDS_CREDENTIALS)
    {
      show_account (self, account);
      return;
    }

  /* Translators: a notification; %s is the name of a new account */
  message = g_strdup_printf (_("“%s” connected"), sb_account_get_name (account));
  sb_window_show_message (self, message);
}

static void
add_account_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SbWindow *self = SB_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (self->organization == NULL)
    return;

  if (!sb_workspace_check (self->workspace, self->organization, SB_CAPABILITY_EDIT_ACCOUNTS,
                           &error))
    {
      sb_window_show_message (self, error->message);
      return;
    }

  if (self->add_account_dialog == NULL)
    {
      self->add_account_dialog = SB_ADD_ACCOUNT_DIALOG (
        sb_add_account_dialog_new (self->workspace, self->organization, NULL));
      g_object_add_weak_pointer (G_OBJECT (self->add_account_dialog),
                                 (gpointer *) &self->add_account_dialog);
      gtk_window_set_transient_for (GTK_WINDOW (self->add_account_dialog), GTK_WINDOW (self));
      g_signal_connect_object (self->add_account_dialog, "account-added",
                               G_CALLBACK (on_account_added), self, G_CONNECT_SWAPPED);
    }

  gtk_window_present (GTK_WINDOW (self->add_account_dialog));
}

static void
show_integration_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  SbWindow *self = SB_WINDOW (widget);
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, g_variant_get_int64 (parameter));
  g_autoptr(SbIntegration) integration = NULL;
  g_autoptr(GError) error = NULL;

  integration = sb_workspace_find_integration (self->workspace, id, &error);
  if (integration == NULL)
    {
      sb_window_show_message (self, error->message);
      return;
    }

  show_integration (self, integration);
}

static void
show_integrations_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  show_integrations (SB_WINDOW (widget));
}

/* Alt+Left: from the details of anything back to its list. */
static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  show_integrations (SB_WINDOW (widget));
  show_accounts (SB_WINDOW (widget));
}

static void
on_editor_saved (SbWindow      *self,
                 SbIntegration *integration)
{
  g_autofree char *message = NULL;

  show_integration (self, integration);
  /* Translators: a notification; %s is the name of a new integration */
  message = g_strdup_printf (_("“%s” saved as a draft"), sb_integration_get_name (integration));
  sb_window_show_message (self, message);
}

static void
open_blank_editor (SbWindow *self)
{
  GtkWindow *editor;

  if (self->organization == NULL)
    return;

  editor = sb_integration_editor_new (self->workspace, self->organization, NULL);
  gtk_window_set_transient_for (editor, GTK_WINDOW (self));
  g_signal_connect_object (editor, "saved", G_CALLBACK (on_editor_saved), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (editor);
}

/* From a template of the catalog: a Draft, shown at once so that its settings can be
 * checked before it is activated. */
static void
on_integration_created (SbWindow      *self,
                        SbIntegration *integration)
{
  g_autofree char *message = NULL;

  show_integration (self, integration);
  /* Translators: a notification; %s is the name of an integration made from a template */
  message = g_strdup_printf (_("“%s” created as a draft"), sb_integration_get_name (integration));
  sb_window_show_message (self, message);
}

/* The directory of providers: whom to contact about a service. */
static void
show_providers_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SbWindow *self = SB_WINDOW (widget);
  GtkWindow *providers = sb_providers_window_new (self->workspace);

  gtk_window_set_transient_for (providers, GTK_WINDOW (self));
  gtk_window_set_destroy_with_parent (providers, TRUE);
  gtk_window_present (providers);
}

/* "Add integration" starts from the catalog of systems, which also offers a blank one. */
static void
new_integration_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  SbWindow *self = SB_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (self->organization == NULL)
    return;

  if (!sb_workspace_check (self->workspace, self->organization,
                           SB_CAPABILITY_EDIT_INTEGRATIONS, &error))
    {
      sb_window_show_message (self, error->message);
      return;
    }

  if (self->catalog_dialog == NULL)
    {
      self->catalog_dialog = SB_CATALOG_DIALOG (sb_catalog_dialog_new (self->workspace,
                                                                       self->organization));
      g_object_add_weak_pointer (G_OBJECT (self->catalog_dialog),
                                 (gpointer *) &self->catalog_dialog);
      gtk_window_set_transient_for (GTK_WINDOW (self->catalog_dialog), GTK_WINDOW (self));
      g_signal_connect_object (self->catalog_dialog, "integration-created",
                               G_CALLBACK (on_integration_created), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->catalog_dialog, "blank-chosen",
                               G_CALLBACK (open_blank_editor), self, G_CONNECT_SWAPPED);
    }
  gtk_window_present (GTK_WINDOW (self->catalog_dialog));
}

/* "New" makes an integration: it belongs on the Integrations page only. */
static void
on_view_stack_notify_visible_child (SbWindow *self)
{
  gtk_widget_set_visible (self->new_integration_button,
                          g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack),
                                     "integrations") == 0);
}

static void
update_new_integration_action (SbWindow *self)
{
  gboolean can = self->organization != NULL &&
                 sb_workspace_can (self->workspace, self->organization,
                                   SB_CAPABILITY_EDIT_INTEGRATIONS);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-integration", can);
  /* An import writes integrations and accounts; an export shows the accounts in full. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import",
                                 can && sb_workspace_can (self->workspace, self->organization,
                                                          SB_CAPABILITY_EDIT_ACCOUNTS));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export",
                                 self->organization != NULL &&
                                 sb_workspace_can (self->workspace, self->organization,
                                                   SB_CAPABILITY_VIEW_ACCOUNT_DETAILS));
}

static void
remember_toast (SbWindow   *self,
                AdwToast   *toast,
                const char *message)
{
  g_set_weak_pointer (&self->last_toast, toast);
  g_free (self->last_message);
  self->last_message = g_strdup (message);
}

/* Deleting an integration puts it in the workspace's trash and offers Undo in a toast for
 * ten seconds; when the toast goes without Undo, the trash is emptied for real. Whatever
 * is still in the trash when the window goes (or the next start) is emptied too: the
 * deletion was confirmed. */
typedef struct
{
  SbWindow *window;
  SbIntegration *integration;
  gboolean undone;
} PendingDelete;

static void
pending_delete_free (gpointer  data,
                     GClosure *closure)
{
  PendingDelete *pending = data;

  g_clear_weak_pointer (&pending->window);
  g_clear_object (&pending->integration);
  g_free (pending);
}

static void
on_delete_toast_button_clicked (AdwToast      *toast,
                                PendingDelete *pending)
{
  g_autoptr(GError) error = NULL;

  if (pending->window == NULL)
    return;

  pending->undone = TRUE;
  if (!sb_workspace_untrash_integration (pending->window->workspace, pending->integration,
                                         &error))
    {
      sb_window_show_message (pending->window, error->message);
      return;
    }

  show_integration (pending->window, pending->integration);
}

static void
on_delete_toast_dismissed (AdwToast      *toast,
                           PendingDelete *pending)
{
  g_autoptr(GError) error = NULL;

  if (pending->window == NULL || pending->undone)
    return;

  if (!sb_workspace_purge_trash (pending->window->workspace, &error))
    g_warning ("Could not empty the trash: %s", error->message);
}

void
sb_window_delete_integration (SbWindow      *self,
                              SbIntegration *integration)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;
  PendingDelete *pending;
  AdwToast *toast;

  g_return_if_fail (SB_IS_WINDOW (self));
  g_return_if_fail (SB_IS_INTEGRATION (integration));

  if (!sb_workspace_trash_integration (self->workspace, integration, &error))
    {
      sb_window_show_message (self, error->message);
      return;
    }

  show_integrations (self);

  pending = g_new0 (PendingDelete, 1);
  g_set_weak_pointer (&pending->window, self);
  pending->integration = g_object_ref (integration);

  escaped = g_markup_escape_text (sb_integration_get_name (integration), -1);
  /* Translators: a notification with an Undo button; %s is the name of an integration */
  title = g_strdup_printf (_("“%s” deleted"), escaped);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_timeout (toast, 10);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect (toast, "button-clicked", G_CALLBACK (on_delete_toast_button_clicked),
                    pending);
  g_signal_connect_data (toast, "dismissed", G_CALLBACK (on_delete_toast_dismissed), pending,
                         pending_delete_free, 0);
  remember_toast (self, toast, title);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Desktop notifications: what happens to a live integration matters when the window is
 * hidden behind others, or minimized. The application sends them, unless the preferences say
 * not to. */
static void
send_notification (SbWindow      *self,
                   GNotification *notification,
                   char          *id,
                   char          *title,
                   char          *body)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  g_free (self->last_notification_id);
  g_free (self->last_notification_title);
  g_free (self->last_notification_body);
  self->last_notification_id = id;
  self->last_notification_title = title;
  self->last_notification_body = body;

  /* A window without the application (the widget tests) has nowhere to send it. */
  if (SB_IS_APPLICATION (application))
    sb_application_send_notification (SB_APPLICATION (application), id, notification);
  else if (application != NULL)
    g_application_send_notification (G_APPLICATION (application), id, notification);
}

static void
on_workspace_integration_failed (SbWindow      *self,
                                 SbIntegration *integration,
                                 SbRun         *run)
{
  g_autoptr(GNotification) notification = NULL;
  char *id = NULL, *title = NULL, *body = NULL;

  notification = sb_notification_new_failed (integration, run, &id, &title, &body);
  if (notification != NULL)
    send_notification (self, notification, id, title, body);
}

static void
on_workspace_integration_paused (SbWindow      *self,
                                 SbIntegration *integration,
                                 const char    *reason)
{
  g_autoptr(GNotification) notification = NULL;
  char *id = NULL, *title = NULL, *body = NULL;

  notification = sb_notification_new_paused (integration, reason, &id, &title, &body);
  send_notification (self, notification, id, title, body);
}

/* Integrations run in the one process that holds the data folder: when that is another
 * (samband-cli serve), this window shows runs and queues them, but starts none. */
static void
update_engine_notice (SbWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  const GError *error = NULL;
  g_autofree char *text = NULL;

  /* The window lets go of the application as it goes. */
  if (self->workspace == NULL || self->engine_label == NULL)
    return;

  if (!sb_workspace_get_engine_started (self->workspace))
    {
      if (SB_IS_APPLICATION (application))
        error = sb_application_get_engine_error (SB_APPLICATION (application));

      if (error == NULL ||
          g_error_matches (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_ENGINE_ELSEWHERE))
        text = g_strdup (_("Integrations run in another process (samband-cli serve). Runs are "
                           "shown here; none start in this window."));
      else
        /* Translators: %s says why the engine that runs the integrations could not start */
        text = g_strdup_printf (_("Integrations cannot run in this window: %s"),
                                error->message);
    }

  gtk_label_set_label (self->engine_label, text);
  gtk_revealer_set_reveal_child (self->engine_revealer, text != NULL);
  if (self->integration_view != NULL)
    sb_integration_view_set_engine_notice (self->integration_view, text);
}

static void
on_notify_application (SbWindow *self)
{
  update_engine_notice (self);
}

void
sb_window_show_message (SbWindow   *self,
                        const char *message)
{
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  g_return_if_fail (SB_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  escaped = g_markup_escape_text (message, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 5);
  remember_toast (self, toast, message);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
sb_window_show_message_from (GtkWidget  *widget,
                             const char *message)
{
  GtkRoot *root;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (message != NULL);

  root = gtk_widget_get_root (widget);
  if (SB_IS_WINDOW (root))
    sb_window_show_message (SB_WINDOW (root), message);
  else
    g_message ("%s", message);
}

static void
restore_state (SbWindow *self)
{
  if (self->settings == NULL)
    return;

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  if (settings_have_selected_organization (self))
    select_organization_by_id (self,
                               g_settings_get_int64 (self->settings, "selected-organization"));
}

static gboolean
sb_window_close_request (GtkWindow *window)
{
  SbWindow *self = SB_WINDOW (window);

  if (self->settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_delay (self->settings);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
      g_settings_set_boolean (self->settings, "window-maximized",
                              gtk_window_is_maximized (window));
      g_settings_apply (self->settings);
    }

  return GTK_WINDOW_CLASS (sb_window_parent_class)->close_request (window);
}

static void
sb_window_constructed (GObject *object)
{
  SbWindow *self = (SbWindow *)object;
  GListModel *organizations;
  GtkIconTheme *icon_theme;

  G_OBJECT_CLASS (sb_window_parent_class)->constructed (object);

  g_assert (SB_IS_WORKSPACE (self->workspace));

  self->integration_view = SB_INTEGRATION_VIEW (sb_integration_view_new (self->workspace));
  gtk_stack_add_named (self->main_stack, GTK_WIDGET (self->integration_view), "integration");
  self->account_view = SB_ACCOUNT_VIEW (sb_account_view_new (self->workspace));
  gtk_stack_add_named (self->main_stack, GTK_WIDGET (self->account_view), "account");

  organizations = sb_workspace_get_organizations (self->workspace);
  gtk_single_selection_set_model (self->organization_selection, organizations);
  g_signal_connect_object (organizations, "items-changed",
                           G_CALLBACK (on_organizations_items_changed), self,
                           G_CONNECT_SWAPPED);

  g_signal_connect_object (self->workspace, "integration-failed",
                           G_CALLBACK (on_workspace_integration_failed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->workspace, "integration-paused",
                           G_CALLBACK (on_workspace_integration_paused), self,
                           G_CONNECT_SWAPPED);
  update_engine_notice (self);

  self->settings = dup_settings_if_installed ();
  restore_state (self);

  update_visible_page (self);
  update_organization (self);
  update_new_integration_action (self);

  /* The application icon is only in the theme once installed; an uninstalled build shows a
   * stock symbol rather than a broken image. */
  icon_theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (self)));
  if (!gtk_icon_theme_has_icon (icon_theme, APPLICATION_ID))
    adw_status_page_set_icon_name (self->welcome_page, "network-workgroup-symbolic");
}

static void
sb_window_dispose (GObject *object)
{
  SbWindow *self = (SbWindow *)object;

  g_cancellable_cancel (self->cancellable);

  if (self->new_organization_dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->new_organization_dialog),
                                    (gpointer *) &self->new_organization_dialog);
      gtk_window_destroy (GTK_WINDOW (self->new_organization_dialog));
      self->new_organization_dialog = NULL;
    }

  if (self->organization_selection != NULL)
    g_signal_handlers_disconnect_by_func (self->organization_selection,
                                          on_organization_selection_notify_selected_item,
                                          self);

  /* What waits in the trash for an Undo that can no longer come. */
  if (self->workspace != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!sb_workspace_purge_trash (self->workspace, &error))
        g_warning ("Could not empty the trash: %s", error->message);
    }

  if (self->add_account_dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->add_account_dialog),
                                    (gpointer *) &self->add_account_dialog);
      gtk_window_destroy (GTK_WINDOW (self->add_account_dialog));
      self->add_account_dialog = NULL;
    }
  if (self->catalog_dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->catalog_dialog),
                                    (gpointer *) &self->catalog_dialog);
      gtk_window_destroy (GTK_WINDOW (self->catalog_dialog));
      self->catalog_dialog = NULL;
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_WINDOW);
  self->integration_view = NULL;
  self->account_view = NULL;

  g_clear_weak_pointer (&self->last_toast);
  g_clear_pointer (&self->last_message, g_free);
  g_clear_pointer (&self->last_notification_id, g_free);
  g_clear_pointer (&self->last_notification_title, g_free);
  g_clear_pointer (&self->last_notification_body, g_free);
  g_clear_object (&self->settings);
  g_clear_object (&self->organization);
  g_clear_object (&self->workspace);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (sb_window_parent_class)->dispose (object);
}

static void
sb_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  SbWindow *self = SB_WINDOW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;
    case PROP_ORGANIZATION:
      g_value_set_object (value, self->organization);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  SbWindow *self = SB_WINDOW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      self->workspace = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_window_class_init (SbWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = sb_window_constructed;
  object_class->dispose = sb_window_dispose;
  object_class->get_property = sb_window_get_property;
  object_class->set_property = sb_window_set_property;

  window_class->close_request = sb_window_close_request;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         SB_TYPE_WORKSPACE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ORGANIZATION] =
    g_param_spec_object ("organization", NULL, NULL,
                         SB_TYPE_ORGANIZATION,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SB_TYPE_ORGANIZATION);
  g_type_ensure (SB_TYPE_ORGANIZATION_ROW);
  g_type_ensure (SB_TYPE_INTEGRATIONS_PAGE);
  g_type_ensure (SB_TYPE_ACCOUNTS_PAGE);
  g_type_ensure (SB_TYPE_MEMBERS_PAGE);
  g_type_ensure (SB_TYPE_IMPORTS_PAGE);
  g_type_ensure (SB_TYPE_ACTIVATED_PAGE);
  g_type_ensure (SB_TYPE_INTEGRATION_VIEW);

  sb_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/samband/Samband/ui/sb-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SbWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, engine_revealer);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, engine_label);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, content);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, organizations_view);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, organization_selection);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, new_integration_button);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, integrations_page);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, accounts_page);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, members_page);
  gtk_widget_class_bind_template_callback (widget_class, on_organizations_view_activate);

  gtk_widget_class_install_action (widget_class, "win.new-organization", NULL,
                                   new_organization_action);
  gtk_widget_class_install_action (widget_class, "win.explore-demo", NULL,
                                   explore_demo_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.show-sidebar", NULL, show_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.select-organization", "x",
                                   select_organization_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.show-integration", "x",
                                   show_integration_action);
  gtk_widget_class_install_action (widget_class, "win.show-integrations", NULL,
                                   show_integrations_action);
  gtk_widget_class_install_action (widget_class, "win.new-integration", NULL,
                                   new_integration_action);
  gtk_widget_class_install_action (widget_class, "win.show-account", "x", show_account_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.show-accounts", NULL,
                                   show_accounts_action);
  gtk_widget_class_install_action (widget_class, "win.add-account", NULL, add_account_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, sb_window_export_action);
  gtk_widget_class_install_action (widget_class, "win.show-providers", NULL,
                                   show_providers_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, sb_window_import_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.show-sidebar", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "win.new-integration", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
}

static void
sb_window_init (SbWindow *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->view_stack, "notify::visible-child",
                           G_CALLBACK (on_view_stack_notify_visible_child), self,
                           G_CONNECT_SWAPPED);
  on_view_stack_notify_visible_child (self);
  g_signal_connect_object (self->organization_selection, "notify::selected-item",
                           G_CALLBACK (on_organization_selection_notify_selected_item), self,
                           G_CONNECT_SWAPPED);
  /* The application, which knows why the engine did not start, comes after construction. */
  g_signal_connect (self, "notify::application", G_CALLBACK (on_notify_application), NULL);
}

SbWindow *
sb_window_new (AdwApplication *application,
               SbWorkspace    *workspace)
{
  g_return_val_if_fail (application == NULL || ADW_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (SB_IS_WORKSPACE (workspace), NULL);

  return g_object_new (SB_TYPE_WINDOW,
                       "application", application,
                       "workspace", workspace,
                       NULL);
}

SbWorkspace *
sb_window_get_workspace (SbWindow *self)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), NULL);

  return self->workspace;
}

SbOrganization *
sb_window_get_organization (SbWindow *self)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), NULL);

  return self->organization;
}

const char *
sb_window_get_visible_page_name (SbWindow *self)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->main_stack);
}

GtkSingleSelection *
sb_window_get_organization_selection (SbWindow *self)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), NULL);

  return self->organization_selection;
}

AdwViewStack *
sb_window_get_view_stack (SbWindow *self)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), NULL);

  return self->view_stack;
}

SbIntegrationsPage *
sb_window_get_integrations_page (SbWindow *self)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), NULL);

  return self->integrations_page;
}

SbAccountsPage *
sb_window_get_accounts_page (SbWindow *self)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), NULL);

  return self->accounts_page;
}

SbMembersPage *
sb_window_get_members_page (SbWindow *self)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), NULL);

  return self->members_page;
}

SbNewOrganizationDialog *
sb_window_get_new_organization_dialog (SbWindow *self)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), NULL);

  return self->new_organization_dialog;
}

SbIntegrationView *
sb_window_get_integration_view (SbWindow *self)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), NULL);

  return self->integration_view;
}

AdwToast *
sb_window_get_last_toast (SbWindow *self)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), NULL);

  return self->last_toast;
}

const char *
sb_window_get_last_message (SbWindow *self)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), NULL);

  return self->last_message;
}

SbAccountView *
sb_window_get_account_view (SbWindow *self)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), NULL);

  return self->account_view;
}

SbCatalogDialog *
sb_window_get_catalog_dialog (SbWindow *self)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), NULL);

  return self->catalog_dialog;
}

SbAddAccountDialog *
sb_window_get_add_account_dialog (SbWindow *self)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), NULL);

  return self->add_account_dialog;
}

const char *
sb_window_get_last_notification (SbWindow    *self,
                                 const char **title,
                                 const char **body)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), NULL);

  if (title != NULL)
    *title = self->last_notification_title;
  if (body != NULL)
    *body = self->last_notification_body;
  return self->last_notification_id;
}

const char *
sb_window_get_engine_notice (SbWindow *self)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), NULL);

  return gtk_revealer_get_reveal_child (self->engine_revealer)
         ? gtk_label_get_label (self->engine_label) : NULL;
}
