/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-account-view.h"
#include "sb-add-account-dialog.h"
#include "sb-window.h"
#include "sb-window-private.h"
#include "sb-ui.h"

/* The details of one account: what it is, whose credentials it uses, what the service said,
 * which integrations use it, what went wrong and whom to ask; and the actions to rename it,
 * change its address, test it, replace its credentials and delete it. Readers never get
 * here: the window asks the workspace first. */
struct _SbAccountView
{
  GtkWidget parent_instance;

  /* template widgets */
  AdwWindowTitle *window_title;
  GtkRevealer *problem_revealer;
  GtkLabel *problem_label;
  AdwPreferencesGroup *account_group;
  GtkLabel *status_label;
  AdwEntryRow *name_row;
  AdwActionRow *service_row;
  AdwEntryRow *base_url_row;
  GtkWidget *test_button;
  GtkWidget *credentials_button;
  GtkWidget *delete_button;
  AdwPreferencesGroup *owner_group;
  AdwPreferencesGroup *connection_group;
  AdwPreferencesGroup *metadata_group;
  AdwPreferencesGroup *integrations_group;
  AdwPreferencesGroup *errors_group;
  AdwPreferencesGroup *support_group;

  /* owned */
  SbWorkspace *workspace;
  SbAccount *account;
  SbOrganization *organization;
  GCancellable *cancellable;
  /* The rows this view put into the groups, each with "group" data, to take them out. */
  GPtrArray *rows;
  gboolean testing;

  /* borrowed */
  GListModel *errors;
};

G_DEFINE_FINAL_TYPE (SbAccountView, sb_account_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_ACCOUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static SbConnector *
get_connector (SbAccountView *self)
{
  if (self->account == NULL)
    return NULL;

  return sb_connector_catalog_lookup (sb_workspace_get_catalog (self->workspace),
                                      sb_account_get_connector_id (self->account));
}

static void
clear_group (SbAccountView       *self,
             AdwPreferencesGroup *group)
{
  for (guint i = self->rows->len; i > 0; i--)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i - 1);

      if (g_object_get_data (G_OBJECT (row), "group") != group)
        continue;

      adw_preferences_group_remove (group, row);
      g_ptr_array_remove_index (self->rows, i - 1);
    }
}

static GtkWidget *
keep_row (SbAccountView       *self,
          AdwPreferencesGroup *group,
          GtkWidget           *row)
{
  g_object_set_data (G_OBJECT (row), "group", group);
  g_ptr_array_add (self->rows, row);
  return row;
}

static GtkWidget *
add_value (SbAccountView       *self,
           AdwPreferencesGroup *group,
           const char          *title,
           const char          *value)
{
  return keep_row (self, group, sb_ui_add_value_row (group, title, value));
}

static GtkWidget *
add_text_row (SbAccountView       *self,
              AdwPreferencesGroup *group,
              const char          *title,
              const char          *subtitle,
              const char          *icon_name)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (icon_name != NULL)
    adw_action_row_set_icon_name (ADW_ACTION_ROW (row), icon_name);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_preferences_group_add (group, row);

  return keep_row (self, group, row);
}

/* The words for what the connection tests learn; other keys show as they are. */
static char *
dup_info_label (const char *key)
{
  static const struct { const char *key; const char *label; } labels[] = {
    { "company", N_("Company") },
    { "name", N_("Name") },
    { "shop", N_("Shop") },
    { "domain", N_("Domain") },
    { "email", N_("E-mail") },
    { "country", N_("Country") },
    { "currency", N_("Currency") },
    { "organisation_number", N_("Organization number") },
    { "organization_number", N_("Organization number") },
    { "account_id", N_("Account number") },
    { "livemode", N_("Live mode") },
    { "token_expires_at", N_("Access expires") },
    { "region", N_("Region") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (key, labels[i].key))
      return g_strdup (_(labels[i].label));

  return g_strdup (key);
}

/* An ISO 8601 time reads as a date; anything else as it is. */
static char *
dup_info_value (JsonNode *value)
{
  if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (value);
      g_autoptr(GDateTime) when = NULL;

      if (strlen (text) >= 20 && text[4] == '-' && text[10] == 'T')
        when = g_date_time_new_from_iso8601 (text, NULL);
      if (when != NULL)
        return sb_ui_dup_date_time (when);

      return g_strdup (text);
    }

  if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (value) ? _("Yes") : _("No"));

  return json_to_string (value, FALSE);
}

/* JSON objects (connection info, metadata) as rows of key and value. */
static guint
add_json_rows (SbAccountView       *self,
               AdwPreferencesGroup *group,
               JsonNode            *node)
{
  JsonObject *object;
  GList *members;
  guint n = 0;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return 0;

  object = json_node_get_object (node);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      g_autofree char *label = dup_info_label (l->data);
      g_autofree char *text = dup_info_value (json_object_get_member (object, l->data));

      /* What marks a demo account is the demo's business, not the user's. */
      if (g_str_equal (l->data, "demo") || g_str_equal (l->data, "imitation"))
        continue;

      add_value (self, group, label, text);
      n++;
    }
  g_list_free (members);

  return n;
}

static void
update_header (SbAccountView *self)
{
  SbConnector *connector = get_connector (self);
  SbAccountStatus status;
  const char *problem = NULL;
  const char *status_class;

  if (self->account == NULL)
    return;

  status = sb_account_get_status (self->account);
  adw_window_title_set_title (self->window_title, sb_account_get_name (self->account));
  adw_window_title_set_subtitle (self->window_title,
                                 connector != NULL ? sb_connector_get_name (connector)
                                                   : sb_account_get_connector_id (self->account));
  if (!gtk_widget_has_focus (GTK_WIDGET (self->name_row)))
    gtk_editable_set_text (GTK_EDITABLE (self->name_row), sb_account_get_name (self->account));
  gtk_editable_set_text (GTK_EDITABLE (self->base_url_row),
                         sb_account_get_base_url (self->account) != NULL
                         ? sb_account_get_base_url (self->account) : "");

  if (connector != NULL)
    {
      g_autofree char *subtitle = NULL;

      /* Translators: a service and its kind, such as “Stripe · Payments” */
      subtitle = g_strdup_printf (_("%s · %s"), sb_connector_get_name (connector),
                                  sb_connector_get_category_label (connector));
      adw_action_row_set_subtitle (self->service_row, subtitle);
      adw_action_row_set_icon_name (self->service_row, sb_connector_get_icon_name (connector));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->base_url_row), FALSE);
    }

  switch (status)
    {
    case SB_ACCOUNT_STATUS_CONNECTED:
      status_class = "connected";
      break;
    case SB_ACCOUNT_STATUS_NEEDS_ATTENTION:
      status_class = "needs-attention";
      problem = _("The service refused the credentials. Replace them to connect again.");
      break;
    case SB_ACCOUNT_STATUS_ERROR:
      status_class = "error";
      problem = _("The last connection failed. See the errors below, then test again.");
      break;
    case SB_ACCOUNT_STATUS_NEEDS_CREDENTIALS:
      status_class = "needs-attention";
      problem = sb_workspace_get_keyring_problem (self->workspace);
      if (problem == NULL)
        problem = _("This account has no credentials yet. Replace them to connect it.");
      break;
    case SB_ACCOUNT_STATUS_DISCONNECTED:
    default:
      status_class = "disconnected";
      break;
    }

  gtk_label_set_label (self->status_label, sb_account_status_get_label (status));
  gtk_widget_set_css_classes (GTK_WIDGET (self->status_label),
                              (const char *[]) { "status-pill", status_class, NULL });
  gtk_label_set_label (self->problem_label, problem);
  gtk_revealer_set_reveal_child (self->problem_revealer, problem != NULL);
}

static void
update_actions (SbAccountView *self)
{
  g_autoptr(GError) error = NULL;
  gboolean can = FALSE;
  const char *why = NULL;

  if (self->organization != NULL)
    can = sb_workspace_check (self->workspace, self->organization,
                              SB_CAPABILITY_EDIT_ACCOUNTS, &error);
  why = error != NULL ? error->message : NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.test", can && !self->testing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.replace-credentials", can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.delete", can);
  gtk_editable_set_editable (GTK_EDITABLE (self->name_row), can);
  gtk_editable_set_editable (GTK_EDITABLE (self->base_url_row), can);
  gtk_widget_set_tooltip_text (self->test_button, can ? NULL : why);
  gtk_widget_set_tooltip_text (self->credentials_button, can ? NULL : why);
  gtk_widget_set_tooltip_text (self->delete_button, can ? NULL : why);
}

static void
update_owner (SbAccountView *self)
{
  g_autoptr(SbMember) owner = NULL;

  clear_group (self, self->owner_group);
  if (self->account == NULL)
    return;

  owner = sb_workspace_dup_account_owner (self->workspace, self->account);
  if (owner == NULL)
    {
      add_text_row (self, self->owner_group, _("Not recorded"),
                    _("Nobody is recorded as the owner of these credentials."),
                    "dialog-question-symbolic");
    }
  else if (sb_member_get_kind (owner) == SB_MEMBER_KIND_INTEGRATION_USER)
    {
      g_autofree char *subtitle = NULL;

      /* Translators: under an integration user's name: its e-mail address */
      subtitle = g_strdup_printf (_("Integration user · %s"), sb_member_get_email (owner));
      add_text_row (self, self->owner_group, sb_member_get_display_name (owner), subtitle,
                    "system-run-symbolic");
    }
  else
    {
      GtkWidget *row;

      add_text_row (self, self->owner_group, sb_member_get_display_name (owner),
                    sb_member_get_email (owner), "avatar-default-symbolic");
      row = add_text_row (self, self->owner_group, _("These are a person’s credentials"),
                          _("The account stops working when this person leaves the "
                            "organization or changes their password. Connect it with an "
                            "integration user’s credentials instead."),
                          "dialog-warning-symbolic");
      gtk_widget_add_css_class (row, "warning");
    }
}

static void
update_connection (SbAccountView *self)
{
  g_autofree char *tested = NULL;
  g_autofree char *refreshed = NULL;
  guint n;

  clear_group (self, self->connection_group);
  clear_group (self, self->metadata_group);
  if (self->account == NULL)
    return;

  n = add_json_rows (self, self->connection_group,
                     sb_account_get_connection_info (self->account));
  tested = sb_ui_dup_date_time (sb_account_get_last_tested_at (self->account));
  if (tested != NULL)
    add_value (self, self->connection_group, _("Last tested"), tested), n++;
  refreshed = sb_ui_dup_date_time (sb_account_get_last_refresh_at (self->account));
  if (refreshed != NULL)
    add_value (self, self->connection_group, _("Last token refresh"), refreshed), n++;
  if (n == 0)
    add_text_row (self, self->connection_group, _("Not tested yet"), NULL, NULL);

  n = add_json_rows (self, self->metadata_group, sb_account_get_metadata (self->account));
  gtk_widget_set_visible (GTK_WIDGET (self->metadata_group), n > 0);
}

static void
on_integration_row_activated (AdwActionRow  *row,
                              SbAccountView *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "integration-id"));

  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-integration", "x", id);
}

static void
update_integrations (SbAccountView *self)
{
  g_autoptr(GPtrArray) integrations = NULL;

  clear_group (self, self->integrations_group);
  if (self->account == NULL)
    return;

  integrations = sb_workspace_dup_account_integrations (self->workspace, self->account);
  for (guint i = 0; i < integrations->len; i++)
    {
      SbIntegration *integration = g_ptr_array_index (integrations, i);
      GtkWidget *row;

      row = add_text_row (self, self->integrations_group, sb_integration_get_name (integration),
                          sb_integration_status_get_label (sb_integration_get_status (integration)),
                          NULL);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "integration-id",
                         GSIZE_TO_POINTER (sb_integration_get_id (integration)));
      g_signal_connect (row, "activated", G_CALLBACK (on_integration_row_activated), self);
    }

  if (integrations->len == 0)
    add_text_row (self, self->integrations_group, _("No integration uses this account yet"),
                  NULL, NULL);
}

static void
update_errors (SbAccountView *self)
{
  SbConnector *connector = get_connector (self);
  guint n;

  clear_group (self, self->errors_group);
  clear_group (self, self->support_group);
  if (self->account == NULL)
    return;

  n = self->errors != NULL ? g_list_model_get_n_items (self->errors) : 0;
  for (guint i = 0; i < MIN (n, 50); i++)
    {
      g_autoptr(SbAccountError) account_error = g_list_model_get_item (self->errors, i);
      g_autofree char *when = sb_ui_dup_date_time (sb_account_error_get_at (account_error));
      g_autofree char *subtitle = NULL;
      const char *integration = sb_account_error_get_integration_name (account_error);

      if (integration != NULL)
        /* Translators: under an account's error: when, and which integration met it */
        subtitle = g_strdup_printf (_("%s · in “%s”"), when, integration);
      else
        subtitle = g_strdup (when);

      add_text_row (self, self->errors_group, sb_account_error_get_message (account_error),
                    subtitle, "dialog-error-symbolic");
    }
  if (n == 0)
    add_text_row (self, self->errors_group, _("No errors"), NULL, "emblem-ok-symbolic");

  if (connector != NULL)
    {
      if (sb_connector_get_provider_name (connector) != NULL)
        add_value (self, self->support_group, _("Company"),
                   sb_connector_get_provider_name (connector));
      if (sb_connector_get_support_email (connector) != NULL)
        add_value (self, self->support_group, _("Support e-mail"),
                   sb_connector_get_support_email (connector));
      if (sb_connector_get_support_url (connector) != NULL)
        add_value (self, self->support_group, _("Support"),
                   sb_connector_get_support_url (connector));
      if (sb_connector_get_privacy_policy_url (connector) != NULL)
        add_value (self, self->support_group, _("Privacy policy"),
                   sb_connector_get_privacy_policy_url (connector));
    }
}

static void
update_all (SbAccountView *self)
{
  update_header (self);
  update_actions (self);
  update_owner (self);
  update_connection (self);
  update_integrations (self);
  update_errors (self);
}

static void
on_account_notify (SbAccountView *self,
                   GParamSpec    *pspec)
{
  if (g_str_equal (pspec->name, "connection-info") || g_str_equal (pspec->name, "metadata") ||
      g_str_equal (pspec->name, "last-tested-at") || g_str_equal (pspec->name, "last-refresh-at"))
    update_connection (self);
  else if (g_str_equal (pspec->name, "owner-member-id"))
    update_owner (self);
  else
    update_header (self);
}

static void
on_errors_items_changed (SbAccountView *self)
{
  update_errors (self);
}

/* Editing in place */

static void
on_name_row_apply (SbAccountView *self)
{
  g_autoptr(GError) error = NULL;

  if (!sb_workspace_rename_account (self->workspace, self->account,
                                    gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                                    &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
      sb_window_show_message_from (GTK_WIDGET (self), error->message);
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
}

static void
on_base_url_row_apply (SbAccountView *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (
                                                  GTK_EDITABLE (self->base_url_row))));

  if (!sb_workspace_set_account_base_url (self->workspace, self->account,
                                          text[0] != '\0' ? text : NULL, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->base_url_row), "error");
      sb_window_show_message_from (GTK_WIDGET (self), error->message);
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->base_url_row), "error");
  sb_window_show_message_from (GTK_WIDGET (self),
                               _("Address changed. Test the connection to check it."));
}

/* Actions */

static void
account_tested_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SbAccountView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) info = NULL;

  info = sb_workspace_test_account_finish (SB_WORKSPACE (object), result, &error);
  if (info == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->testing = FALSE;
  update_actions (self);
  sb_window_show_message_from (GTK_WIDGET (self),
                               info != NULL ? _("The connection works") : error->message);
}

static void
test_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SbAccountView *self = SB_ACCOUNT_VIEW (widget);

  self->testing = TRUE;
  update_actions (self);
  sb_workspace_test_account_async (self->workspace, self->account, self->cancellable,
                                   account_tested_cb, g_object_ref (self));
}

static void
on_credentials_replaced (SbAccountView *self)
{
  sb_window_show_message_from (GTK_WIDGET (self), _("Credentials replaced"));
}

static void
replace_credentials_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  SbAccountView *self = SB_ACCOUNT_VIEW (widget);
  GtkWindow *dialog;

  dialog = sb_add_account_dialog_new (self->workspace, self->organization, self->account);
  gtk_window_set_transient_for (dialog, GTK_WINDOW (gtk_widget_get_root (widget)));
  g_signal_connect_object (dialog, "account-added", G_CALLBACK (on_credentials_replaced), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (dialog);
}

static void
account_deleted_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(SbAccountView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sb_workspace_delete_account_finish (SB_WORKSPACE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        sb_window_show_message_from (GTK_WIDGET (self), error->message);
      return;
    }

  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-accounts", NULL);
}

static void
delete_account (SbAccountView *self)
{
  sb_workspace_delete_account_async (self->workspace, self->account, self->cancellable,
                                     account_deleted_cb, g_object_ref (self));
}

static void
pause_live_users (SbAccountView *self)
{
  g_autoptr(GPtrArray) integrations = NULL;

  integrations = sb_workspace_dup_account_integrations (self->workspace, self->account);
  for (guint i = 0; i < integrations->len; i++)
    {
      SbIntegration *integration = g_ptr_array_index (integrations, i);
      g_autoptr(GError) error = NULL;

      if (sb_integration_get_status (integration) != SB_INTEGRATION_STATUS_LIVE)
        continue;

      if (!sb_workspace_pause_integration (self->workspace, integration, &error))
        {
          sb_window_show_message_from (GTK_WIDGET (self), error->message);
          return;
        }
    }

  delete_account (self);
}

static void
on_delete_response (AdwMessageDialog *dialog,
                    const char       *response,
                    SbAccountView    *self)
{
  if (self->account == NULL)
    return;

  if (g_strcmp0 (response, "delete") == 0)
    delete_account (self);
  else if (g_strcmp0 (response, "pause-and-delete") == 0)
    pause_live_users (self);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SbAccountView *self = SB_ACCOUNT_VIEW (widget);
  g_autoptr(GPtrArray) integrations = NULL;
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  guint live = 0;
  GtkWidget *dialog;

  integrations = sb_workspace_dup_account_integrations (self->workspace, self->account);
  for (guint i = 0; i < integrations->len; i++)
    {
      SbIntegration *integration = g_ptr_array_index (integrations, i);

      if (sb_integration_get_status (integration) == SB_INTEGRATION_STATUS_LIVE)
        live++;
      g_string_append_printf (names, "\n• %s (%s)", sb_integration_get_name (integration),
                              sb_integration_status_get_label (
                                sb_integration_get_status (integration)));
    }

  /* Translators: the heading of the question before deleting an account */
  heading = g_strdup_printf (_("Delete “%s”?"), sb_account_get_name (self->account));
  if (live > 0)
    body = g_strdup_printf (ngettext ("A live integration uses this account. Pause it "
                                      "first; it then becomes an incomplete draft:%s",
                                      "Live integrations use this account. Pause them "
                                      "first; they then become incomplete drafts:%s",
                                      live),
                            names->str);
  else if (integrations->len > 0)
    body = g_strdup_printf (ngettext ("This integration becomes an incomplete draft, and the "
                                      "credentials leave the keyring:%s",
                                      "These integrations become incomplete drafts, and the "
                                      "credentials leave the keyring:%s",
                                      integrations->len),
                            names->str);
  else
    body = g_strdup (_("No integration uses it. Its credentials leave the keyring."));

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  if (live > 0)
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "pause-and-delete",
                                       ngettext ("_Pause It and Delete",
                                                 "_Pause Them and Delete", live));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog),
                                                  "pause-and-delete",
                                                  ADW_RESPONSE_DESTRUCTIVE);
    }
  else
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "delete", _("_Delete"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                                  ADW_RESPONSE_DESTRUCTIVE);
    }
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* GObject */

static void
sb_account_view_dispose (GObject *object)
{
  SbAccountView *self = (SbAccountView *)object;

  g_cancellable_cancel (self->cancellable);
  sb_account_view_set_account (self, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_ACCOUNT_VIEW);
  sb_ui_unparent_children (GTK_WIDGET (self));

  g_clear_object (&self->cancellable);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (sb_account_view_parent_class)->dispose (object);
}

static void
sb_account_view_finalize (GObject *object)
{
  SbAccountView *self = (SbAccountView *)object;

  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (sb_account_view_parent_class)->finalize (object);
}

static void
sb_account_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SbAccountView *self = SB_ACCOUNT_VIEW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_account_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SbAccountView *self = SB_ACCOUNT_VIEW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      self->workspace = g_value_dup_object (value);
      break;
    case PROP_ACCOUNT:
      sb_account_view_set_account (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_account_view_class_init (SbAccountViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_account_view_dispose;
  object_class->finalize = sb_account_view_finalize;
  object_class->get_property = sb_account_view_get_property;
  object_class->set_property = sb_account_view_set_property;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL, SB_TYPE_WORKSPACE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, SB_TYPE_ACCOUNT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  sb_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/samband/Samband/ui/sb-account-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SbAccountView, window_title);
  gtk_widget_class_bind_template_child (widget_class, SbAccountView, problem_revealer);
  gtk_widget_class_bind_template_child (widget_class, SbAccountView, problem_label);
  gtk_widget_class_bind_template_child (widget_class, SbAccountView, account_group);
  gtk_widget_class_bind_template_child (widget_class, SbAccountView, status_label);
  gtk_widget_class_bind_template_child (widget_class, SbAccountView, name_row);
  gtk_widget_class_bind_template_child (widget_class, SbAccountView, service_row);
  gtk_widget_class_bind_template_child (widget_class, SbAccountView, base_url_row);
  gtk_widget_class_bind_template_child (widget_class, SbAccountView, test_button);
  gtk_widget_class_bind_template_child (widget_class, SbAccountView, credentials_button);
  gtk_widget_class_bind_template_child (widget_class, SbAccountView, delete_button);
  gtk_widget_class_bind_template_child (widget_class, SbAccountView, owner_group);
  gtk_widget_class_bind_template_child (widget_class, SbAccountView, connection_group);
  gtk_widget_class_bind_template_child (widget_class, SbAccountView, metadata_group);
  gtk_widget_class_bind_template_child (widget_class, SbAccountView, integrations_group);
  gtk_widget_class_bind_template_child (widget_class, SbAccountView, errors_group);
  gtk_widget_class_bind_template_child (widget_class, SbAccountView, support_group);
  gtk_widget_class_bind_template_callback (widget_class, on_name_row_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_base_url_row_apply);

  gtk_widget_class_install_action (widget_class, "account.test", NULL, test_action);
  gtk_widget_class_install_action (widget_class, "account.replace-credentials", NULL,
                                   replace_credentials_action);
  gtk_widget_class_install_action (widget_class, "account.delete", NULL, delete_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
sb_account_view_init (SbAccountView *self)
{
  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sb_account_view_new (SbWorkspace *workspace)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (workspace), NULL);

  return g_object_new (SB_TYPE_ACCOUNT_VIEW, "workspace", workspace, NULL);
}

SbAccount *
sb_account_view_get_account (SbAccountView *self)
{
  g_return_val_if_fail (SB_IS_ACCOUNT_VIEW (self), NULL);

  return self->account;
}

void
sb_account_view_set_account (SbAccountView *self,
                             SbAccount     *account)
{
  g_return_if_fail (SB_IS_ACCOUNT_VIEW (self));
  g_return_if_fail (account == NULL || SB_IS_ACCOUNT (account));

  if (self->account == account)
    return;

  if (self->account != NULL)
    g_signal_handlers_disconnect_by_func (self->account, on_account_notify, self);
  if (self->errors != NULL)
    g_signal_handlers_disconnect_by_func (self->errors, on_errors_items_changed, self);
  self->errors = NULL;

  g_set_object (&self->account, account);
  g_clear_object (&self->organization);

  if (account != NULL)
    {
      self->organization = sb_workspace_dup_organization (
                             self->workspace, sb_account_get_organization_id (account));
      g_signal_connect_object (account, "notify", G_CALLBACK (on_account_notify), self,
                               G_CONNECT_SWAPPED);
      self->errors = sb_workspace_get_account_errors (self->workspace, account);
      if (self->errors != NULL)
        g_signal_connect_object (self->errors, "items-changed",
                                 G_CALLBACK (on_errors_items_changed), self,
                                 G_CONNECT_SWAPPED);
    }

  if (self->rows != NULL && self->status_label != NULL)
    update_all (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);
}

/* For the tests */

const char *
sb_account_view_get_problem_text (SbAccountView *self)
{
  return gtk_revealer_get_reveal_child (self->problem_revealer)
         ? gtk_label_get_label (self->problem_label) : NULL;
}

gboolean
sb_account_view_shows_text (SbAccountView *self,
                            const char    *text)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
      const char *subtitle = ADW_IS_ACTION_ROW (row)
                             ? adw_action_row_get_subtitle (ADW_ACTION_ROW (row)) : NULL;

      const char *value = g_object_get_data (G_OBJECT (row), "value");

      if ((title != NULL && strstr (title, text) != NULL) ||
          (subtitle != NULL && strstr (subtitle, text) != NULL) ||
          (value != NULL && strstr (value, text) != NULL))
        return TRUE;
    }

  return FALSE;
}

guint
sb_account_view_count_integrations (SbAccountView *self)
{
  guint count = 0;

  for (guint i = 0; i < self->rows->len; i++)
    if (g_object_get_data (g_ptr_array_index (self->rows, i), "integration-id") != NULL)
      count++;

  return count;
}
