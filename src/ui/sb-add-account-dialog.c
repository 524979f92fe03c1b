/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-add-account-dialog.h"
#include "sb-window-private.h"
#include "sb-ui.h"
#include "model/sb-search.h"

/* Connecting an account, in steps: choose the service, give the credentials (or sign in
 * with the browser), test them against the service, name the account. Nothing is written,
 * to the store or the keyring, before the last step; cancelling at any step leaves nothing.
 *
 * With an account given, the dialog replaces that account's credentials instead: the
 * credentials, the test, and saving. */
struct _SbAddAccountDialog
{
  AdwWindow parent_instance;

  /* template widgets */
  GtkWidget *back_button;
  GtkButton *next_button;
  AdwWindowTitle *window_title;
  GtkStack *stack;
  GtkSearchEntry *service_search;
  AdwPreferencesPage *services_page;
  AdwPreferencesGroup *credentials_group;
  AdwPreferencesGroup *browser_group;
  AdwActionRow *browser_row;
  AdwPreferencesGroup *owner_group;
  AdwComboRow *owner_row;
  AdwPreferencesGroup *advanced_group;
  AdwExpanderRow *advanced_row;
  AdwEntryRow *base_url_row;
  GtkWidget *imitation_button;
  AdwStatusPage *test_page;
  GtkSpinner *test_spinner;
  AdwPreferencesGroup *answer_group;
  AdwPreferencesGroup *confirm_group;
  AdwEntryRow *name_row;

  /* owned */
  SbWorkspace *workspace;
  SbOrganization *organization;
  SbAccount *account;            /* replacing its credentials, or NULL */
  SbConnector *connector;        /* the service chosen */
  GCancellable *cancellable;
  GPtrArray *service_groups;     /* AdwPreferencesGroup, one per category */
  GPtrArray *service_rows;       /* AdwActionRow, with "connector" data */
  GPtrArray *field_rows;         /* the rows of the credential fields, with "field" data */
  GPtrArray *answer_rows;
  GPtrArray *members;            /* SbMember, in the order of owner_row */
  SbOAuth2Flow *oauth2_flow;
  SbCredentials *browser_credentials;  /* what the browser sign-in gave */
  JsonNode *connection_info;     /* what the test learned */
  SbCredentials *renewed;        /* fields the test renewed (a rotated refresh token) */
  char *error;                   /* what the last step that failed said, for the tests */
  char *imitation_url;           /* the local imitation of the service, or NULL */
  gboolean testing;
  gboolean saving;
};

G_DEFINE_FINAL_TYPE (SbAddAccountDialog, sb_add_account_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_ORGANIZATION,
  PROP_ACCOUNT,
  N_PROPS
};

enum {
  ACCOUNT_ADDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void set_error (SbAddAccountDialog *self,
                       const char         *message);

static gboolean
is_oauth2 (SbAddAccountDialog *self)
{
  return self->connector != NULL &&
         sb_connector_get_auth_kind (self->connector) == SB_AUTH_KIND_OAUTH2;
}

/* Pages and the header */

static void
update_header (SbAddAccountDialog *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);
  gboolean replacing = self->account != NULL;
  g_autofree char *subtitle = NULL;
  const char *next_label = _("_Next");
  gboolean can_next = TRUE;
  guint step = 1;
  guint steps = replacing ? 3 : 4;

  if (g_strcmp0 (page, "service") == 0)
    {
      step = 1;
      can_next = FALSE;  /* choosing a row moves on */
    }
  else if (g_strcmp0 (page, "credentials") == 0)
    {
      step = replacing ? 1 : 2;
      next_label = _("_Test");
      can_next = !is_oauth2 (self) || self->browser_credentials != NULL;
    }
  else if (g_strcmp0 (page, "test") == 0)
    {
      step = replacing ? 2 : 3;
      can_next = !self->testing && self->connection_info != NULL;
      if (replacing)
        next_label = _("_Save");
    }
  else if (g_strcmp0 (page, "confirm") == 0)
    {
      const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));

      g_autofree char *stripped = g_strstrip (g_strdup (name != NULL ? name : ""));

      step = 4;
      next_label = _("_Add");
      can_next = !self->saving && stripped[0] != '\0';
    }

  gtk_window_set_title (GTK_WINDOW (self),
                        replacing ? _("Replace Credentials") : _("Add Account"));
  adw_window_title_set_title (self->window_title,
                              replacing ? _("Replace Credentials") : _("Add Account"));
  /* Translators: the step of the dialog, such as “2 of 4: Stripe” */
  subtitle = self->connector != NULL
             ? g_strdup_printf (_("%u of %u: %s"), step, steps,
                                sb_connector_get_name (self->connector))
             : g_strdup_printf (_("%u of %u"), step, steps);
  adw_window_title_set_subtitle (self->window_title, subtitle);

  gtk_button_set_label (self->next_button, next_label);
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), g_strcmp0 (page, "service") != 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "add-account.next", can_next);

  gtk_widget_set_visible (self->back_button,
                          !(g_strcmp0 (page, "service") == 0 ||
                            (replacing && g_strcmp0 (page, "credentials") == 0)));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "add-account.back", !self->saving);
}

static void
show_page (SbAddAccountDialog *self,
           const char         *name)
{
  gtk_stack_set_visible_child_name (self->stack, name);
  update_header (self);
}

static void
set_error (SbAddAccountDialog *self,
           const char         *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
}

/* 1. The service */

static void
update_service_filter (SbAddAccountDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->service_search));
  g_autofree char *query = text != NULL && text[0] != '\0' ? sb_search_fold (text) : NULL;

  for (guint i = 0; i < self->service_groups->len; i++)
    g_object_set_data (g_ptr_array_index (self->service_groups, i), "shown", NULL);

  for (guint i = 0; i < self->service_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->service_rows, i);
      SbConnector *connector = g_object_get_data (G_OBJECT (row), "connector");
      g_autofree char *text_key = g_strjoin (" ", sb_connector_get_name (connector),
                                             sb_connector_get_category_label (connector),
                                             sb_connector_get_description (connector) != NULL
                                             ? sb_connector_get_description (connector) : "",
                                             NULL);
      g_autofree char *key = sb_search_fold (text_key);
      gboolean shown = query == NULL || sb_search_match (key, query);

      gtk_widget_set_visible (row, shown);
      if (shown)
        g_object_set_data (g_object_get_data (G_OBJECT (row), "group"), "shown",
                           GINT_TO_POINTER (1));
    }

  for (guint i = 0; i < self->service_groups->len; i++)
    {
      GObject *group = g_ptr_array_index (self->service_groups, i);

      gtk_widget_set_visible (GTK_WIDGET (group), g_object_get_data (group, "shown") != NULL);
    }
}

static void
on_service_search_changed (SbAddAccountDialog *self)
{
  update_service_filter (self);
}

static void build_credentials (SbAddAccountDialog *self);

static void
choose_connector (SbAddAccountDialog *self,
                  SbConnector        *connector)
{
  g_set_object (&self->connector, connector);
  g_clear_pointer (&self->browser_credentials, sb_credentials_free);
  g_clear_object (&self->oauth2_flow);
  g_clear_pointer (&self->connection_info, json_node_unref);
  build_credentials (self);
  show_page (self, "credentials");
}

static void
on_service_row_activated (AdwActionRow       *row,
                          SbAddAccountDialog *self)
{
  choose_connector (self, g_object_get_data (G_OBJECT (row), "connector"));
}

static void
build_services (SbAddAccountDialog *self)
{
  GListModel *connectors = sb_connector_catalog_get_connectors (
                             sb_workspace_get_catalog (self->workspace));
  g_autoptr(GHashTable) groups = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = g_list_model_get_n_items (connectors);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SbConnector) connector = g_list_model_get_item (connectors, i);
      const char *category = sb_connector_get_category (connector);
      AdwPreferencesGroup *group = g_hash_table_lookup (groups, category);
      GtkWidget *row;
      GtkWidget *arrow;

      if (group == NULL)
        {
          group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
          adw_preferences_group_set_title (group, sb_connector_get_category_label (connector));
          adw_preferences_page_add (self->services_page, group);
          g_hash_table_insert (groups, (gpointer) category, group);
          g_ptr_array_add (self->service_groups, group);
        }

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), sb_connector_get_name (connector));
      if (sb_connector_get_description (connector) != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                     sb_connector_get_description (connector));
      adw_action_row_set_icon_name (ADW_ACTION_ROW (row), sb_connector_get_icon_name (connector));
      arrow = gtk_image_new_from_icon_name ("go-next-symbolic");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "connector", g_object_ref (connector),
                              g_object_unref);
      g_object_set_data (G_OBJECT (row), "group", group);
      g_signal_connect (row, "activated", G_CALLBACK (on_service_row_activated), self);
      adw_preferences_group_add (group, row);
      g_ptr_array_add (self->service_rows, row);
    }
}

/* 2. The credentials */

static void
clear_field_rows (SbAddAccountDialog *self)
{
  for (guint i = 0; i < self->field_rows->len; i++)
    adw_preferences_group_remove (self->credentials_group,
                                  g_ptr_array_index (self->field_rows, i));
  g_ptr_array_set_size (self->field_rows, 0);
}

static GtkWidget *
create_field_row (SbConnectorField *field)
{
  GtkWidget *row;
  const char *description = sb_connector_field_get_description (field);
  g_autofree char *title = NULL;

  if (sb_connector_field_get_optional (field))
    /* Translators: the title of a field the user may leave empty */
    title = g_strdup_printf (_("%s (optional)"), sb_connector_field_get_label (field));
  else
    title = g_strdup (sb_connector_field_get_label (field));

  if (sb_connector_field_get_secret (field))
    row = adw_password_entry_row_new ();
  else
    row = adw_entry_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (sb_connector_field_get_default (field) != NULL)
    gtk_editable_set_text (GTK_EDITABLE (row), sb_connector_field_get_default (field));
  if (description != NULL)
    gtk_widget_set_tooltip_text (row, description);
  g_object_set_data_full (G_OBJECT (row), "field", g_object_ref (field), g_object_unref);

  return row;
}

static void
build_credentials (SbAddAccountDialog *self)
{
  GListModel *fields;
  g_autofree char *description = NULL;
  const char *default_url;
  guint n;

  clear_field_rows (self);
  if (self->connector == NULL)
    return;

  fields = sb_connector_get_auth_fields (self->connector);
  n = fields != NULL ? g_list_model_get_n_items (fields) : 0;

  adw_preferences_group_set_title (self->credentials_group,
                                   sb_connector_get_name (self->connector));
  if (is_oauth2 (self))
    /* Translators: %s is a service, such as Fortnox */
    description = g_strdup_printf (_("Sign in to %s in your browser and allow Samband to "
                                     "work with the organization’s data."),
                                   sb_connector_get_name (self->connector));
  else if (n > 0)
    /* Translators: %s is a service, such as Stripe */
    description = g_strdup_printf (_("The credentials %s gave the organization. They are "
                                     "kept in the keyring of this computer, never in "
                                     "Samband’s files."),
                                   sb_connector_get_name (self->connector));
  else
    description = g_strdup (_("This service needs no credentials."));
  adw_preferences_group_set_description (self->credentials_group, description);

  gtk_widget_set_visible (GTK_WIDGET (self->browser_group), is_oauth2 (self));
  adw_action_row_set_subtitle (self->browser_row,
                               _("Your browser opens the service’s sign-in page. Samband "
                                 "never sees your password."));

  for (guint i = 0; i < n && !is_oauth2 (self); i++)
    {
      g_autoptr(SbConnectorField) field = g_list_model_get_item (fields, i);
      GtkWidget *row = create_field_row (field);

      adw_preferences_group_add (self->credentials_group, row);
      g_ptr_array_add (self->field_rows, row);
    }

  /* Where the service has a local imitation, offer it: for trying Samband without an
   * account at the real service. */
  {
    const char *imitation = sb_workspace_get_imitation_base_url (
                              self->workspace, sb_connector_get_id (self->connector));

    g_free (self->imitation_url);
    self->imitation_url = g_strdup (imitation);
    gtk_widget_set_visible (self->imitation_button, imitation != NULL);
  }

  default_url = sb_connector_get_default_base_url (self->connector);
  if (self->account != NULL && sb_account_get_base_url (self->account) != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->base_url_row),
                           sb_account_get_base_url (self->account));
  else
    gtk_editable_set_text (GTK_EDITABLE (self->base_url_row), "");
  if (default_url != NULL)
    {
      g_autofree char *subtitle = NULL;

      /* Translators: %s is the address the service normally has */
      subtitle = g_strdup_printf (_("Empty for the service’s own address, %s"), default_url);
      adw_expander_row_set_subtitle (self->advanced_row, subtitle);
    }

  /* Replacing keeps the owner and the address; they are edited in the account's details. */
  gtk_widget_set_visible (GTK_WIDGET (self->owner_group), self->account == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->advanced_group), self->account == NULL);
}

static SbCredentials *
collect_credentials (SbAddAccountDialog *self,
                     GError            **error)
{
  g_autoptr(SbCredentials) credentials = NULL;

  if (is_oauth2 (self))
    return self->browser_credentials != NULL ? sb_credentials_copy (self->browser_credentials)
                                             : NULL;

  credentials = sb_credentials_new ();
  for (guint i = 0; i < self->field_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->field_rows, i);
      SbConnectorField *field = g_object_get_data (G_OBJECT (row), "field");
      const char *value = gtk_editable_get_text (GTK_EDITABLE (row));

      gtk_widget_remove_css_class (row, "error");
      if ((value == NULL || value[0] == '\0') && !sb_connector_field_get_optional (field))
        {
          gtk_widget_add_css_class (row, "error");
          gtk_widget_grab_focus (row);
          /* Translators: %s is the label of a credential field, such as “Secret key” */
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("Fill in “%s”."), sb_connector_field_get_label (field));
          return NULL;
        }

      if (value != NULL && value[0] != '\0')
        sb_credentials_set (credentials, sb_connector_field_get_id (field), value);
    }

  return g_steal_pointer (&credentials);
}

static char *
dup_base_url (SbAddAccountDialog *self)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->base_url_row)));

  g_strstrip (text);
  if (text[0] == '\0')
    return NULL;
  return g_steal_pointer (&text);
}

static void
oauth2_finished_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(SbAddAccountDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  SbCredentials *credentials;

  credentials = sb_oauth2_flow_wait_finish (SB_OAUTH2_FLOW (object), result, &error);
  if (credentials == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_error (self, error->message);
      adw_action_row_set_subtitle (self->browser_row, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->browser_row), "error");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "add-account.sign-in", TRUE);
      return;
    }

  g_clear_pointer (&self->browser_credentials, sb_credentials_free);
  self->browser_credentials = credentials;
  gtk_widget_remove_css_class (GTK_WIDGET (self->browser_row), "error");
  adw_action_row_set_subtitle (self->browser_row,
                               _("Signed in. Test the connection to go on."));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "add-account.sign-in", TRUE);
  gtk_window_present (GTK_WINDOW (self));
  update_header (self);
}

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SbAddAccountDialog *self = SB_ADD_ACCOUNT_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = dup_base_url (self);
  g_autofree char *uri = NULL;

  g_clear_object (&self->oauth2_flow);
  self->oauth2_flow = sb_workspace_new_oauth2_flow (self->workspace,
                                                    sb_connector_get_id (self->connector),
                                                    base_url, &error);
  if (self->oauth2_flow != NULL)
    uri = sb_oauth2_flow_start (self->oauth2_flow, &error);
  if (uri == NULL)
    {
      set_error (self, error->message);
      adw_action_row_set_subtitle (self->browser_row, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->browser_row), "error");
      return;
    }

  sb_oauth2_flow_wait_async (self->oauth2_flow, sb_workspace_get_session (self->workspace),
                             self->cancellable, oauth2_finished_cb, g_object_ref (self));

  /* The browser of the desktop; a sandbox passes this through the OpenURI portal. */
  if (!g_app_info_launch_default_for_uri (uri, NULL, &error))
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the reason the browser could not be opened */
      message = g_strdup_printf (_("The browser could not be opened: %s"), error->message);
      set_error (self, message);
      adw_action_row_set_subtitle (self->browser_row, message);
      gtk_widget_add_css_class (GTK_WIDGET (self->browser_row), "error");
      return;
    }

  gtk_widget_action_set_enabled (widget, "add-account.sign-in", FALSE);
  adw_action_row_set_subtitle (self->browser_row,
                               _("Waiting for the browser… Allow Samband there, then come "
                                 "back."));
}

static void
on_owner_selected (SbAddAccountDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->owner_row);
  SbMember *member = NULL;

  if (self->members != NULL && selected < self->members->len)
    member = g_ptr_array_index (self->members, selected);

  /* The advice sits in the group's description: a row's subtitle would squeeze the name
   * chosen into an ellipsis. */
  if (member != NULL && sb_member_get_kind (member) == SB_MEMBER_KIND_PERSON)
    adw_preferences_group_set_description (self->owner_group,
                                           _("These are a person’s credentials: the account "
                                             "stops working when they leave. Connect with an "
                                             "integration user’s credentials when you can."));
  else
    adw_preferences_group_set_description (self->owner_group,
                                           _("An integration user’s credentials: the account "
                                             "keeps working when people come and go."));
}

static void
build_owners (SbAddAccountDialog *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(SbMember) acting = NULL;
  GListModel *members;
  guint selected = 0;
  guint n;

  if (self->organization == NULL)
    return;

  acting = sb_workspace_dup_acting_member (self->workspace, self->organization);
  members = sb_workspace_get_members (self->workspace, self->organization);
  n = g_list_model_get_n_items (members);
  self->members = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SbMember) member = g_list_model_get_item (members, i);
      g_autofree char *label = NULL;

      if (sb_member_get_kind (member) == SB_MEMBER_KIND_INTEGRATION_USER)
        /* Translators: a member in the list of whose credentials an account uses */
        label = g_strdup_printf (_("%s (integration user)"), sb_member_get_display_name (member));
      else
        label = g_strdup (sb_member_get_display_name (member));

      gtk_string_list_append (names, label);
      g_ptr_array_add (self->members, g_object_ref (member));

      /* An integration user first, else the person connecting it. */
      if (sb_member_get_kind (member) == SB_MEMBER_KIND_INTEGRATION_USER)
        selected = self->members->len - 1;
      else if (acting != NULL && selected == 0 &&
               sb_member_get_id (member) == sb_member_get_id (acting))
        selected = self->members->len - 1;
    }

  adw_combo_row_set_model (self->owner_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->owner_row, selected);
  on_owner_selected (self);
}

static void
use_imitation_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SbAddAccountDialog *self = SB_ADD_ACCOUNT_DIALOG (widget);

  if (self->imitation_url != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->base_url_row), self->imitation_url);
}

/* 3. The test */

static void
clear_answer (SbAddAccountDialog *self)
{
  for (guint i = 0; i < self->answer_rows->len; i++)
    adw_preferences_group_remove (self->answer_group, g_ptr_array_index (self->answer_rows, i));
  g_ptr_array_set_size (self->answer_rows, 0);
}

static void
show_answer (SbAddAccountDialog *self,
             JsonNode           *info)
{
  JsonObject *object;
  GList *members;

  clear_answer (self);
  if (info == NULL || !JSON_NODE_HOLDS_OBJECT (info))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->answer_group), FALSE);
      return;
    }

  object = json_node_get_object (info);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (object, l->data);
      g_autofree char *text = NULL;

      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
        text = g_strdup (json_node_get_string (value));
      else
        text = json_to_string (value, FALSE);

      g_ptr_array_add (self->answer_rows,
                       sb_ui_add_value_row (self->answer_group, l->data, text));
    }
  g_list_free (members);
  gtk_widget_set_visible (GTK_WIDGET (self->answer_group), self->answer_rows->len > 0);
}

static void
test_finished (SbAddAccountDialog *self,
               JsonNode           *info,
               GError             *error)
{
  self->testing = FALSE;
  gtk_spinner_stop (self->test_spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), FALSE);

  g_clear_pointer (&self->connection_info, json_node_unref);
  if (info != NULL)
    {
      self->connection_info = json_node_ref (info);
      adw_status_page_set_icon_name (self->test_page, "emblem-ok-symbolic");
      adw_status_page_set_title (self->test_page, _("Connected"));
      /* Translators: %s is a service, such as Stripe */
      {
        g_autofree char *description = g_strdup_printf (_("%s accepted the credentials."),
                                                        sb_connector_get_name (self->connector));

        adw_status_page_set_description (self->test_page, description);
      }
      show_answer (self, info);
      set_error (self, NULL);
    }
  else
    {
      adw_status_page_set_icon_name (self->test_page, "dialog-error-symbolic");
      adw_status_page_set_title (self->test_page, _("Could Not Connect"));
      adw_status_page_set_description (self->test_page, error->message);
      show_answer (self, NULL);
      set_error (self, error->message);
    }

  update_header (self);
}

static void
test_connection_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(SbAddAccountDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) info = NULL;

  g_clear_pointer (&self->renewed, sb_credentials_free);
  info = sb_workspace_test_connection_finish_full (SB_WORKSPACE (object), result,
                                                   &self->renewed, &error);
  if (info == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  test_finished (self, info, error);
}

static void
start_test (SbAddAccountDialog *self)
{
  g_autoptr(SbCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;

  credentials = collect_credentials (self, &error);
  if (credentials == NULL)
    {
      set_error (self, error != NULL ? error->message : _("Sign in with the browser first."));
      return;
    }

  base_url = self->account != NULL && sb_account_get_base_url (self->account) != NULL
             ? g_strdup (sb_account_get_base_url (self->account))
             : dup_base_url (self);

  self->testing = TRUE;
  adw_status_page_set_icon_name (self->test_page, NULL);
  adw_status_page_set_title (self->test_page, _("Testing the Connection…"));
  /* Translators: %s is a service, such as Stripe */
  {
    g_autofree char *description = g_strdup_printf (_("Asking %s whether the credentials "
                                                      "work."),
                                                    sb_connector_get_name (self->connector));

    adw_status_page_set_description (self->test_page, description);
  }
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), TRUE);
  gtk_spinner_start (self->test_spinner);
  show_answer (self, NULL);
  show_page (self, "test");

  sb_workspace_test_connection_async (self->workspace, sb_connector_get_id (self->connector),
                                      base_url, credentials, self->cancellable,
                                      test_connection_cb, g_object_ref (self));
}

/* 4. Naming it, and saving */

static char *
dup_suggested_name (SbAddAccountDialog *self)
{
  static const char *keys[] = { "company", "shop", "name", "organization", NULL };

  if (self->connection_info != NULL && JSON_NODE_HOLDS_OBJECT (self->connection_info))
    {
      JsonObject *object = json_node_get_object (self->connection_info);

      for (guint i = 0; keys[i] != NULL; i++)
        {
          JsonNode *node = json_object_get_member (object, keys[i]);

          if (node != NULL && json_node_get_value_type (node) == G_TYPE_STRING &&
              json_node_get_string (node)[0] != '\0')
            return g_strdup (json_node_get_string (node));
        }
    }

  return g_strdup (sb_connector_get_name (self->connector));
}

static void
on_name_changed (SbAddAccountDialog *self)
{
  update_header (self);
}

static void
account_added_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SbAddAccountDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SbAccount) account = NULL;

  account = sb_workspace_add_account_finish (SB_WORKSPACE (object), result, &error);
  self->saving = FALSE;
  if (account == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_error (self, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
      adw_preferences_group_set_description (self->confirm_group, error->message);
      update_header (self);
      return;
    }

  g_signal_emit (self, signals[ACCOUNT_ADDED], 0, account);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
credentials_replaced_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(SbAddAccountDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  self->saving = FALSE;
  if (!sb_workspace_replace_credentials_finish (SB_WORKSPACE (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      test_finished (self, NULL, error);
      return;
    }

  g_signal_emit (self, signals[ACCOUNT_ADDED], 0, self->account);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save (SbAddAccountDialog *self)
{
  g_autoptr(SbCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  credentials = collect_credentials (self, &error);
  if (credentials == NULL)
    {
      set_error (self, error != NULL ? error->message : NULL);
      return;
    }

  /* What the test renewed replaces what was typed or signed in with: a refresh token the
   * test spent no longer works at the service. */
  if (self->renewed != NULL)
    sb_credentials_update (credentials, self->renewed);

  self->saving = TRUE;
  update_header (self);

  if (self->account != NULL)
    {
      sb_workspace_replace_credentials_async (self->workspace, self->account, credentials,
                                              self->cancellable, credentials_replaced_cb,
                                              g_object_ref (self));
    }
  else
    {
      g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (
                                             GTK_EDITABLE (self->name_row))));
      g_autofree char *base_url = dup_base_url (self);
      guint selected = adw_combo_row_get_selected (self->owner_row);
      gint64 owner = 0;

      if (self->members != NULL && selected < self->members->len)
        owner = sb_member_get_id (g_ptr_array_index (self->members, selected));

      sb_workspace_add_account_async (self->workspace, self->organization,
                                      sb_connector_get_id (self->connector), name, base_url,
                                      credentials, owner, self->connection_info,
                                      self->cancellable, account_added_cb,
                                      g_object_ref (self));
    }
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SbAddAccountDialog *self = SB_ADD_ACCOUNT_DIALOG (widget);
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (page, "credentials") == 0)
    {
      start_test (self);
    }
  else if (g_strcmp0 (page, "test") == 0)
    {
      if (self->account != NULL)
        {
          save (self);
          return;
        }

      {
        g_autofree char *name = dup_suggested_name (self);

        if (gtk_editable_get_text (GTK_EDITABLE (self->name_row))[0] == '\0')
          gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
      }
      show_page (self, "confirm");
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
    }
  else if (g_strcmp0 (page, "confirm") == 0)
    {
      save (self);
    }
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SbAddAccountDialog *self = SB_ADD_ACCOUNT_DIALOG (widget);
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (page, "credentials") == 0 && self->account == NULL)
    {
      show_page (self, "service");
    }
  else if (g_strcmp0 (page, "test") == 0)
    {
      /* A test still running is of no use any more. */
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
      self->testing = FALSE;
      show_page (self, "credentials");
    }
  else if (g_strcmp0 (page, "confirm") == 0)
    {
      show_page (self, "test");
    }
}

/* GObject */

static void
sb_add_account_dialog_constructed (GObject *object)
{
  SbAddAccountDialog *self = (SbAddAccountDialog *)object;

  G_OBJECT_CLASS (sb_add_account_dialog_parent_class)->constructed (object);

  g_assert (SB_IS_WORKSPACE (self->workspace));

  build_services (self);
  build_owners (self);

  if (self->account != NULL)
    {
      SbConnector *connector = sb_connector_catalog_lookup (
                                 sb_workspace_get_catalog (self->workspace),
                                 sb_account_get_connector_id (self->account));

      g_set_object (&self->connector, connector);
      build_credentials (self);
      show_page (self, "credentials");
    }
  else
    {
      show_page (self, "service");
      gtk_widget_grab_focus (GTK_WIDGET (self->service_search));
    }
}

static void
sb_add_account_dialog_dispose (GObject *object)
{
  SbAddAccountDialog *self = (SbAddAccountDialog *)object;

  /* Closing is cancelling: whatever is under way stops, and nothing was written. */
  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_ADD_ACCOUNT_DIALOG);

  g_clear_object (&self->oauth2_flow);
  g_clear_pointer (&self->browser_credentials, sb_credentials_free);
  g_clear_pointer (&self->connection_info, json_node_unref);
  g_clear_pointer (&self->renewed, sb_credentials_free);
  g_clear_pointer (&self->members, g_ptr_array_unref);
  g_clear_object (&self->connector);
  g_clear_object (&self->account);
  g_clear_object (&self->organization);
  g_clear_object (&self->workspace);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (sb_add_account_dialog_parent_class)->dispose (object);
}

static void
sb_add_account_dialog_finalize (GObject *object)
{
  SbAddAccountDialog *self = (SbAddAccountDialog *)object;

  g_clear_pointer (&self->service_groups, g_ptr_array_unref);
  g_clear_pointer (&self->service_rows, g_ptr_array_unref);
  g_clear_pointer (&self->field_rows, g_ptr_array_unref);
  g_clear_pointer (&self->answer_rows, g_ptr_array_unref);
  g_free (self->error);
  g_free (self->imitation_url);

  G_OBJECT_CLASS (sb_add_account_dialog_parent_class)->finalize (object);
}

static void
sb_add_account_dialog_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  SbAddAccountDialog *self = SB_ADD_ACCOUNT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;
    case PROP_ORGANIZATION:
      g_value_set_object (value, self->organization);
      break;
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_add_account_dialog_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  SbAddAccountDialog *self = SB_ADD_ACCOUNT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      self->workspace = g_value_dup_object (value);
      break;
    case PROP_ORGANIZATION:
      self->organization = g_value_dup_object (value);
      break;
    case PROP_ACCOUNT:
      self->account = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_add_account_dialog_class_init (SbAddAccountDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sb_add_account_dialog_constructed;
  object_class->dispose = sb_add_account_dialog_dispose;
  object_class->finalize = sb_add_account_dialog_finalize;
  object_class->get_property = sb_add_account_dialog_get_property;
  object_class->set_property = sb_add_account_dialog_set_property;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL, SB_TYPE_WORKSPACE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ORGANIZATION] =
    g_param_spec_object ("organization", NULL, NULL, SB_TYPE_ORGANIZATION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  /* The account whose credentials to replace; NULL to add one. */
  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, SB_TYPE_ACCOUNT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SbAddAccountDialog::account-added:
   * @account: the account added, or whose credentials were replaced
   *
   * Emitted once the account is saved, just before the dialog closes.
   */
  signals[ACCOUNT_ADDED] =
    g_signal_new ("account-added",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SB_TYPE_ACCOUNT);

  sb_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/samband/Samband/ui/sb-add-account-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SbAddAccountDialog, back_button);
  gtk_widget_class_bind_template_child (widget_class, SbAddAccountDialog, next_button);
  gtk_widget_class_bind_template_child (widget_class, SbAddAccountDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, SbAddAccountDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, SbAddAccountDialog, service_search);
  gtk_widget_class_bind_template_child (widget_class, SbAddAccountDialog, services_page);
  gtk_widget_class_bind_template_child (widget_class, SbAddAccountDialog, credentials_group);
  gtk_widget_class_bind_template_child (widget_class, SbAddAccountDialog, browser_group);
  gtk_widget_class_bind_template_child (widget_class, SbAddAccountDialog, browser_row);
  gtk_widget_class_bind_template_child (widget_class, SbAddAccountDialog, owner_group);
  gtk_widget_class_bind_template_child (widget_class, SbAddAccountDialog, owner_row);
  gtk_widget_class_bind_template_child (widget_class, SbAddAccountDialog, advanced_group);
  gtk_widget_class_bind_template_child (widget_class, SbAddAccountDialog, advanced_row);
  gtk_widget_class_bind_template_child (widget_class, SbAddAccountDialog, base_url_row);
  gtk_widget_class_bind_template_child (widget_class, SbAddAccountDialog, imitation_button);
  gtk_widget_class_bind_template_child (widget_class, SbAddAccountDialog, test_page);
  gtk_widget_class_bind_template_child (widget_class, SbAddAccountDialog, test_spinner);
  gtk_widget_class_bind_template_child (widget_class, SbAddAccountDialog, answer_group);
  gtk_widget_class_bind_template_child (widget_class, SbAddAccountDialog, confirm_group);
  gtk_widget_class_bind_template_child (widget_class, SbAddAccountDialog, name_row);
  gtk_widget_class_bind_template_callback (widget_class, on_service_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_owner_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_name_changed);

  gtk_widget_class_install_action (widget_class, "add-account.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "add-account.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "add-account.sign-in", NULL, sign_in_action);
  gtk_widget_class_install_action (widget_class, "add-account.use-imitation", NULL,
                                   use_imitation_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sb_add_account_dialog_init (SbAddAccountDialog *self)
{
  self->cancellable = g_cancellable_new ();
  self->service_groups = g_ptr_array_new ();
  self->service_rows = g_ptr_array_new ();
  self->field_rows = g_ptr_array_new ();
  self->answer_rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWindow *
sb_add_account_dialog_new (SbWorkspace    *workspace,
                           SbOrganization *organization,
                           SbAccount      *account)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (SB_IS_ORGANIZATION (organization), NULL);
  g_return_val_if_fail (account == NULL || SB_IS_ACCOUNT (account), NULL);

  return g_object_new (SB_TYPE_ADD_ACCOUNT_DIALOG,
                       "workspace", workspace,
                       "organization", organization,
                       "account", account,
                       NULL);
}

/* For the tests */

const char *
sb_add_account_dialog_get_page_name (SbAddAccountDialog *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

gboolean
sb_add_account_dialog_choose_service (SbAddAccountDialog *self,
                                      const char         *connector_id)
{
  for (guint i = 0; i < self->service_rows->len; i++)
    {
      GObject *row = g_ptr_array_index (self->service_rows, i);
      SbConnector *connector = g_object_get_data (row, "connector");

      if (g_strcmp0 (sb_connector_get_id (connector), connector_id) == 0)
        {
          choose_connector (self, connector);
          return TRUE;
        }
    }

  return FALSE;
}

guint
sb_add_account_dialog_count_shown_services (SbAddAccountDialog *self)
{
  guint count = 0;

  for (guint i = 0; i < self->service_rows->len; i++)
    if (gtk_widget_get_visible (g_ptr_array_index (self->service_rows, i)))
      count++;

  return count;
}

GtkEditable *
sb_add_account_dialog_get_service_search (SbAddAccountDialog *self)
{
  return GTK_EDITABLE (self->service_search);
}

gboolean
sb_add_account_dialog_set_field (SbAddAccountDialog *self,
                                 const char         *field_id,
                                 const char         *value)
{
  for (guint i = 0; i < self->field_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->field_rows, i);
      SbConnectorField *field = g_object_get_data (G_OBJECT (row), "field");

      if (g_strcmp0 (sb_connector_field_get_id (field), field_id) == 0)
        {
          gtk_editable_set_text (GTK_EDITABLE (row), value);
          return TRUE;
        }
    }

  return FALSE;
}

gboolean
sb_add_account_dialog_field_is_hidden (SbAddAccountDialog *self,
                                       const char         *field_id)
{
  for (guint i = 0; i < self->field_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->field_rows, i);
      SbConnectorField *field = g_object_get_data (G_OBJECT (row), "field");

      if (g_strcmp0 (sb_connector_field_get_id (field), field_id) == 0)
        return ADW_IS_PASSWORD_ENTRY_ROW (row);
    }

  return FALSE;
}

GtkEditable *
sb_add_account_dialog_get_base_url_editable (SbAddAccountDialog *self)
{
  return GTK_EDITABLE (self->base_url_row);
}

GtkEditable *
sb_add_account_dialog_get_name_editable (SbAddAccountDialog *self)
{
  return GTK_EDITABLE (self->name_row);
}

gboolean
sb_add_account_dialog_is_testing (SbAddAccountDialog *self)
{
  return self->testing;
}

const char *
sb_add_account_dialog_get_error (SbAddAccountDialog *self)
{
  return self->error;
}
