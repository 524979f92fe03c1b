/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-member-dialogs.h"
#include "sb-window.h"
#include "workspace/sb-workspace-members.h"

/* What a dialog needs once it is answered; freed with it. */
typedef struct
{
  SbWorkspace    *workspace;
  SbOrganization *organization;
  SbMember       *member;
  GtkWindow      *parent;     /* weak */
  GArray         *roles;
  GPtrArray      *integration_users;
} DialogData;

static void
dialog_data_free (gpointer data)
{
  DialogData *d = data;

  g_clear_object (&d->workspace);
  g_clear_object (&d->organization);
  g_clear_object (&d->member);
  g_clear_weak_pointer (&d->parent);
  g_clear_pointer (&d->roles, g_array_unref);
  g_clear_pointer (&d->integration_users, g_ptr_array_unref);
  g_free (d);
}

static DialogData *
attach_data (AdwMessageDialog *dialog,
             GtkWindow        *parent,
             SbWorkspace      *workspace,
             SbOrganization   *organization)
{
  DialogData *d = g_new0 (DialogData, 1);

  d->workspace = g_object_ref (workspace);
  d->organization = organization != NULL ? g_object_ref (organization) : NULL;
  g_set_weak_pointer (&d->parent, parent);
  g_object_set_data_full (G_OBJECT (dialog), "sb-dialog-data", d, dialog_data_free);
  return d;
}

static void
show_error (DialogData   *d,
            const GError *error)
{
  if (d->parent != NULL)
    sb_window_show_message_from (GTK_WIDGET (d->parent), error->message);
  else
    g_warning ("%s", error->message);
}

static GtkWidget *
add_entry_row (AdwMessageDialog *dialog,
               GtkListBox       *list,
               const char       *key,
               const char       *title,
               GtkInputPurpose   purpose)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), "");
  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), purpose);
  gtk_list_box_append (list, row);
  g_object_set_data (G_OBJECT (dialog), key, row);
  return row;
}

static const char *
get_text (AdwMessageDialog *dialog,
          const char       *key)
{
  GtkEditable *row = g_object_get_data (G_OBJECT (dialog), key);

  return row != NULL ? gtk_editable_get_text (row) : NULL;
}

static gboolean
is_filled (AdwMessageDialog *dialog,
           const char       *key)
{
  const char *text = get_text (dialog, key);

  while (text != NULL && g_ascii_isspace (*text))
    text++;
  return text != NULL && *text != '\0';
}

/* "Add" stays insensitive until what is required is there; whether the address is well
 * formed the workspace says. */
static void
update_add_response (AdwMessageDialog *dialog)
{
  gboolean ready = is_filled (dialog, "email-row");

  if (g_object_get_data (G_OBJECT (dialog), "name-row") != NULL)
    ready = ready && is_filled (dialog, "name-row");
  else
    ready = ready && is_filled (dialog, "first-name-row") && is_filled (dialog, "last-name-row");

  adw_message_dialog_set_response_enabled (dialog, "add", ready);
}

static GtkListBox *
new_boxed_list (AdwMessageDialog *dialog)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  return GTK_LIST_BOX (list);
}

static void
connect_changes (AdwMessageDialog *dialog,
                 const char       *key)
{
  GtkWidget *row = g_object_get_data (G_OBJECT (dialog), key);

  g_signal_connect_object (row, "changed", G_CALLBACK (update_add_response), dialog,
                           G_CONNECT_SWAPPED);
}

static AdwMessageDialog *
new_question (GtkWindow  *parent,
              const char *heading,
              const char *body,
              const char *action,
              const char *action_label)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, heading, body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), action, action_label, NULL);
  adw_message_dialog_set_close_response (dialog, "cancel");
  return dialog;
}

GArray *
sb_member_dialogs_dup_roles (SbOrganizationKind kind)
{
  GArray *roles = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint role = 0; role < SB_N_ROLES; role++)
    if (sb_role_is_available_for (role, kind))
      g_array_append_val (roles, role);

  return roles;
}

/* Adding a person {{{ */

static void
on_add_person_response (AdwMessageDialog *dialog,
                        const char       *response,
                        gpointer          user_data)
{
  DialogData *d = g_object_get_data (G_OBJECT (dialog), "sb-dialog-data");
  AdwComboRow *role_row = g_object_get_data (G_OBJECT (dialog), "role-row");
  g_autoptr(SbMember) member = NULL;
  g_autoptr(GError) error = NULL;
  guint position;

  if (g_strcmp0 (response, "add") != 0)
    return;

  position = adw_combo_row_get_selected (role_row);
  member = sb_workspace_add_member (d->workspace, d->organization,
                                    get_text (dialog, "name-row"),
                                    get_text (dialog, "email-row"), NULL,
                                    SB_MEMBER_KIND_PERSON,
                                    g_array_index (d->roles, guint, position), &error);
  if (member == NULL)
    show_error (d, error);
}

AdwMessageDialog *
sb_add_person_dialog_new (GtkWindow      *parent,
                          SbWorkspace    *workspace,
                          SbOrganization *organization)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  AdwMessageDialog *dialog;
  GtkListBox *list;
  GtkWidget *role_row;
  DialogData *d;

  g_return_val_if_fail (SB_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (SB_IS_ORGANIZATION (organization), NULL);

  dialog = new_question (parent, _("Add a Person"),
                         _("They act in Samband with the rights of their role."),
                         "add", _("_Add"));
  d = attach_data (dialog, parent, workspace, organization);
  d->roles = sb_member_dialogs_dup_roles (sb_organization_get_kind (organization));

  list = new_boxed_list (dialog);
  add_entry_row (dialog, list, "name-row", _("Name"), GTK_INPUT_PURPOSE_NAME);
  add_entry_row (dialog, list, "email-row", _("E-mail address"), GTK_INPUT_PURPOSE_EMAIL);

  for (guint i = 0; i < d->roles->len; i++)
    gtk_string_list_append (labels, sb_role_get_label (g_array_index (d->roles, guint, i)));
  role_row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (role_row), _("Role"));
  adw_combo_row_set_model (ADW_COMBO_ROW (role_row), G_LIST_MODEL (labels));
  /* Reader: the least a new member can do until someone decides otherwise. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (role_row), SB_ROLE_READER);
  gtk_list_box_append (list, role_row);
  g_object_set_data (G_OBJECT (dialog), "role-row", role_row);

  adw_message_dialog_set_extra_child (dialog, GTK_WIDGET (list));
  adw_message_dialog_set_default_response (dialog, "add");
  adw_message_dialog_set_response_appearance (dialog, "add", ADW_RESPONSE_SUGGESTED);
  connect_changes (dialog, "name-row");
  connect_changes (dialog, "email-row");
  update_add_response (dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (on_add_person_response), NULL);
  return dialog;
}

/* }}} */

/* Access packages {{{ */

/* A heading and one check row for each package into @box: “Integration user” first,
 * checked and insensitive since every integration user holds it, then the optional ones,
 * checked when @held has them. */
static void
add_package_list (AdwMessageDialog   *dialog,
                  GtkBox             *box,
                  const char * const *held)
{
  const char * const *ids = sb_access_package_get_ids ();
  GtkWidget *heading = gtk_label_new (_("Access Packages"));
  GtkListBox *list;

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (box, heading);

  list = new_boxed_list (dialog);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  heading, NULL, -1);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      GtkWidget *check = gtk_check_button_new ();
      GtkWidget *package = adw_action_row_new ();
      g_autofree char *key = g_strconcat ("package-", ids[i], NULL);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (package),
                                     sb_access_package_get_label (ids[i]));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (package),
                                   sb_access_package_get_description (ids[i]));
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      adw_action_row_add_prefix (ADW_ACTION_ROW (package), check);
      if (g_str_equal (ids[i], SB_ACCESS_PACKAGE_INTEGRATION_USER))
        {
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
          gtk_widget_set_sensitive (check, FALSE);
          gtk_widget_set_tooltip_text (package, _("Every integration user holds it"));
        }
      else
        {
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                       held != NULL && g_strv_contains (held, ids[i]));
          adw_action_row_set_activatable_widget (ADW_ACTION_ROW (package), check);
        }
      g_object_set_data (G_OBJECT (dialog), key, check);
      gtk_list_box_append (list, package);
    }
  gtk_box_append (box, GTK_WIDGET (list));
}

/* The ids of the packages checked in @dialog. */
static GStrv
dup_checked_packages (AdwMessageDialog *dialog)
{
  const char * const *ids = sb_access_package_get_ids ();
  g_autoptr(GStrvBuilder) chosen = g_strv_builder_new ();

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autofree char *key = g_strconcat ("package-", ids[i], NULL);
      GtkCheckButton *check = g_object_get_data (G_OBJECT (dialog), key);

      if (check != NULL && gtk_check_button_get_active (check))
        g_strv_builder_add (chosen, ids[i]);
    }
  return g_strv_builder_end (chosen);
}

static void
on_packages_response (AdwMessageDialog *dialog,
                      const char       *response,
                      gpointer          user_data)
{
  DialogData *d = g_object_get_data (G_OBJECT (dialog), "sb-dialog-data");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) packages = NULL;

  if (g_strcmp0 (response, "save") != 0)
    return;

  packages = dup_checked_packages (dialog);
  if (!sb_workspace_set_member_packages (d->workspace, d->member,
                                         (const char * const *) packages, &error))
    show_error (d, error);
}

AdwMessageDialog *
sb_member_packages_dialog_new (GtkWindow   *parent,
                               SbWorkspace *workspace,
                               SbMember    *member)
{
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;
  DialogData *d;
  GtkWidget *box;

  g_return_val_if_fail (SB_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (SB_IS_MEMBER (member), NULL);

  /* Translators: the heading of a dialog; %s is the name of an integration user */
  heading = g_strdup_printf (_("Access Packages of %s"), sb_member_get_display_name (member));
  dialog = new_question (parent, heading,
                         _("What the integrations that use this integration user’s accounts "
                           "may do with the organization’s data."),
                         "save", _("_Save"));
  d = attach_data (dialog, parent, workspace, NULL);
  d->member = g_object_ref (member);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  add_package_list (dialog, GTK_BOX (box), sb_member_get_packages (member));
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  g_signal_connect (dialog, "response", G_CALLBACK (on_packages_response), NULL);
  return dialog;
}

/* }}} */

/* Adding an integration user {{{ */

static void
on_add_integration_user_response (AdwMessageDialog *dialog,
                                  const char       *response,
                                  gpointer          user_data)
{
  DialogData *d = g_object_get_data (G_OBJECT (dialog), "sb-dialog-data");
  g_autoptr(SbMember) member = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) packages = NULL;

  if (g_strcmp0 (response, "add") != 0)
    return;

  packages = dup_checked_packages (dialog);

  member = sb_workspace_add_integration_user (d->workspace, d->organization,
                                              get_text (dialog, "email-row"),
                                              get_text (dialog, "first-name-row"),
                                              get_text (dialog, "last-name-row"),
                                              get_text (dialog, "phone-row"),
                                              (const char * const *) packages, &error);
  if (member == NULL)
    show_error (d, error);
}

AdwMessageDialog *
sb_add_integration_user_dialog_new (GtkWindow      *parent,
                                    SbWorkspace    *workspace,
                                    SbOrganization *organization)
{
  AdwMessageDialog *dialog;
  GtkListBox *list;
  GtkWidget *box;

  g_return_val_if_fail (SB_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (SB_IS_ORGANIZATION (organization), NULL);

  dialog = new_question (parent, _("Add an Integration User"),
                         _("An integration user is a neutral member that is not a person, "
                           "such as fortnox@club.se. Connect the accounts of integrations "
                           "with its credentials: they keep working when treasurers, chairs "
                           "and administrators come and go, since nobody’s personal login "
                           "or password is involved."),
                         "add", _("_Add"));
  attach_data (dialog, parent, workspace, organization);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  list = new_boxed_list (dialog);
  add_entry_row (dialog, list, "email-row", _("E-mail address"), GTK_INPUT_PURPOSE_EMAIL);
  add_entry_row (dialog, list, "first-name-row", _("First name"), GTK_INPUT_PURPOSE_NAME);
  add_entry_row (dialog, list, "last-name-row", _("Last name"), GTK_INPUT_PURPOSE_NAME);
  add_entry_row (dialog, list, "phone-row", _("Phone (optional)"), GTK_INPUT_PURPOSE_PHONE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (list));

  add_package_list (dialog, GTK_BOX (box), NULL);

  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_set_default_response (dialog, "add");
  adw_message_dialog_set_response_appearance (dialog, "add", ADW_RESPONSE_SUGGESTED);
  connect_changes (dialog, "email-row");
  connect_changes (dialog, "first-name-row");
  connect_changes (dialog, "last-name-row");
  update_add_response (dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (on_add_integration_user_response), NULL);
  return dialog;
}

/* }}} */

/* Removing a member {{{ */

static void
on_remove_response (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  DialogData *d = g_object_get_data (G_OBJECT (dialog), "sb-dialog-data");
  AdwComboRow *move_row = g_object_get_data (G_OBJECT (dialog), "move-row");
  g_autoptr(GError) error = NULL;
  SbMember *move_to = NULL;

  if (g_strcmp0 (response, "remove") != 0)
    return;

  /* The last choice is “Nobody”. */
  if (move_row != NULL && adw_combo_row_get_selected (move_row) < d->integration_users->len)
    move_to = d->integration_users->pdata[adw_combo_row_get_selected (move_row)];

  if (!sb_workspace_remove_member (d->workspace, d->member, move_to, &error))
    show_error (d, error);
}

static GtkWidget *
new_text_row (const char *title,
              const char *subtitle,
              const char *icon_name)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (icon_name != NULL)
    adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (icon_name));
  return row;
}

AdwMessageDialog *
sb_remove_member_dialog_new (GtkWindow   *parent,
                             SbWorkspace *workspace,
                             SbMember    *member)
{
  g_autoptr(SbOrganization) org = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GPtrArray) integrations = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  GListModel *members;
  GtkWidget *box;
  DialogData *d;

  g_return_val_if_fail (SB_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (SB_IS_MEMBER (member), NULL);

  org = sb_workspace_dup_organization (workspace, sb_member_get_organization_id (member));
  accounts = sb_workspace_dup_member_accounts (workspace, member);
  integrations = sb_workspace_dup_member_integrations (workspace, member);

  /* Translators: the heading of the question before removing a member; %s is a name */
  heading = g_strdup_printf (_("Remove %s?"), sb_member_get_display_name (member));
  if (accounts->len == 0)
    body = g_strdup (_("No account uses their credentials."));
  else
    body = g_strdup_printf (ngettext ("%u account uses their credentials and stops working "
                                      "when they leave, unless it moves to an integration "
                                      "user.",
                                      "%u accounts use their credentials and stop working "
                                      "when they leave, unless they move to an integration "
                                      "user.", accounts->len), accounts->len);

  dialog = new_question (parent, heading, body, "remove", _("_Remove"));
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  d = attach_data (dialog, parent, workspace, org);
  d->member = g_object_ref (member);
  d->integration_users = g_ptr_array_new_with_free_func (g_object_unref);

  if (accounts->len == 0)
    {
      g_signal_connect (dialog, "response", G_CALLBACK (on_remove_response), NULL);
      return dialog;
    }

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  {
    GtkListBox *list = new_boxed_list (dialog);

    for (guint i = 0; i < accounts->len; i++)
      gtk_list_box_append (list, new_text_row (sb_account_get_name (accounts->pdata[i]),
                                               _("Their credentials"),
                                               "dialog-warning-symbolic"));
    for (guint i = 0; i < integrations->len; i++)
      gtk_list_box_append (list,
                           new_text_row (sb_integration_get_name (integrations->pdata[i]),
                                         sb_integration_status_get_label (
                                           sb_integration_get_status (integrations->pdata[i])),
                                         "system-run-symbolic"));
    gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _("Accounts and the integrations that use them"), -1);
    gtk_box_append (GTK_BOX (box), GTK_WIDGET (list));
  }

  members = sb_workspace_get_members (workspace, org);
  for (guint i = 0; members != NULL && i < g_list_model_get_n_items (members); i++)
    {
      g_autoptr(SbMember) other = g_list_model_get_item (members, i);

      if (sb_member_get_kind (other) == SB_MEMBER_KIND_INTEGRATION_USER &&
          sb_member_get_id (other) != sb_member_get_id (member))
        g_ptr_array_add (d->integration_users, g_steal_pointer (&other));
    }

  {
    g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
    GtkListBox *list = new_boxed_list (dialog);
    GtkWidget *move_row = adw_combo_row_new ();

    for (guint i = 0; i < d->integration_users->len; i++)
      {
        SbMember *user = d->integration_users->pdata[i];

        /* The name alone: the row is narrow, and integration users are named for what they
         * are for. */
        gtk_string_list_append (labels, sb_member_get_display_name (user));
      }
    /* Translators: the choice of not moving the accounts to anyone */
    gtk_string_list_append (labels, _("Nobody (the accounts keep no owner)"));

    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (move_row), _("Move the accounts to"));
    adw_combo_row_set_model (ADW_COMBO_ROW (move_row), G_LIST_MODEL (labels));
    adw_combo_row_set_selected (ADW_COMBO_ROW (move_row), 0);
    gtk_list_box_append (list, move_row);
    g_object_set_data (G_OBJECT (dialog), "move-row", move_row);
    gtk_box_append (GTK_BOX (box), GTK_WIDGET (list));
  }

  adw_message_dialog_set_extra_child (dialog, box);
  g_signal_connect (dialog, "response", G_CALLBACK (on_remove_response), NULL);
  return dialog;
}

/* }}} */
