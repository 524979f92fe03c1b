/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "sb-members-page.h"
#include "sb-member-dialogs.h"
#include "sb-member-row.h"
#include "sb-window-private.h"
#include "sb-ui.h"

struct _SbMembersPage
{
  GtkWidget parent_instance;

  /* template widgets */
  GtkStack *stack;
  GtkNoSelection *selection;
  GtkWidget *add_person_button;
  GtkWidget *add_integration_user_button;

  /* owned */
  SbWorkspace *workspace;
  SbOrganization *organization;

  /* borrowed: the dialog open over the window, for the tests */
  GtkWidget *dialog;
};

G_DEFINE_FINAL_TYPE (SbMembersPage, sb_members_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_ORGANIZATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_empty_state (SbMembersPage *self)
{
  if (self->stack == NULL || self->selection == NULL)
    return;

  gtk_stack_set_visible_child_name (self->stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0
                                    ? "list" : "empty");
}

static void
on_selection_items_changed (SbMembersPage *self,
                            guint          position,
                            guint          removed,
                            guint          added,
                            GListModel    *model)
{
  update_empty_state (self);
}

/* Managing members is for Admins: for the others the buttons stay, insensitive, and say
 * why. */
static void
update_actions (SbMembersPage *self)
{
  g_autoptr(GError) error = NULL;
  gboolean can = FALSE;

  if (self->workspace != NULL && self->organization != NULL)
    can = sb_workspace_check (self->workspace, self->organization,
                              SB_CAPABILITY_MANAGE_MEMBERS, &error);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "members.add-person", can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "members.add-integration-user", can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "members.remove", can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "members.edit-packages", can);
  gtk_widget_set_tooltip_text (self->add_person_button,
                               can ? _("Add a person with a role")
                                   : error != NULL ? error->message : NULL);
  gtk_widget_set_tooltip_text (self->add_integration_user_button,
                               can ? _("Add a neutral member whose credentials integrations "
                                       "can use")
                                   : error != NULL ? error->message : NULL);
}

static void
present_dialog (SbMembersPage    *self,
                AdwMessageDialog *dialog)
{
  g_set_weak_pointer (&self->dialog, GTK_WIDGET (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWindow *
get_parent_window (SbMembersPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* The member an action's id names, in the organization shown; NULL when none. */
static SbMember *
dup_target_member (SbMembersPage *self,
                   GVariant      *parameter)
{
  if (self->workspace == NULL || self->organization == NULL)
    return NULL;
  return sb_workspace_dup_member (self->workspace, self->organization,
                                  g_variant_get_int64 (parameter));
}

static void
add_person_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SbMembersPage *self = SB_MEMBERS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->workspace == NULL || self->organization == NULL)
    return;

  present_dialog (self, sb_add_person_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                  self->workspace, self->organization));
}

static void
add_integration_user_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  SbMembersPage *self = SB_MEMBERS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->workspace == NULL || self->organization == NULL)
    return;

  present_dialog (self,
                  sb_add_integration_user_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                           : NULL,
                                                      self->workspace, self->organization));
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SbMembersPage *self = SB_MEMBERS_PAGE (widget);
  g_autoptr(SbMember) member = dup_target_member (self, parameter);

  if (member == NULL)
    return;

  present_dialog (self, sb_remove_member_dialog_new (get_parent_window (self), self->workspace,
                                                     member));
}

static void
edit_packages_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SbMembersPage *self = SB_MEMBERS_PAGE (widget);
  g_autoptr(SbMember) member = dup_target_member (self, parameter);

  if (member == NULL || sb_member_get_kind (member) != SB_MEMBER_KIND_INTEGRATION_USER)
    return;

  present_dialog (self, sb_member_packages_dialog_new (get_parent_window (self),
                                                       self->workspace, member));
}

static void
update_source (SbMembersPage *self)
{
  GListModel *members = NULL;

  if (self->workspace != NULL && self->organization != NULL)
    members = sb_workspace_get_members (self->workspace, self->organization);

  gtk_no_selection_set_model (self->selection, members);
  update_actions (self);
  update_empty_state (self);
}

static void
sb_members_page_dispose (GObject *object)
{
  SbMembersPage *self = (SbMembersPage *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_MEMBERS_PAGE);
  sb_ui_unparent_children (GTK_WIDGET (self));

  g_clear_object (&self->organization);
  g_clear_object (&self->workspace);
  g_clear_weak_pointer (&self->dialog);

  G_OBJECT_CLASS (sb_members_page_parent_class)->dispose (object);
}

static void
sb_members_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SbMembersPage *self = SB_MEMBERS_PAGE (object);

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
sb_members_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SbMembersPage *self = SB_MEMBERS_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      sb_members_page_set_workspace (self, g_value_get_object (value));
      break;
    case PROP_ORGANIZATION:
      sb_members_page_set_organization (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_members_page_class_init (SbMembersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_members_page_dispose;
  object_class->get_property = sb_members_page_get_property;
  object_class->set_property = sb_members_page_set_property;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         SB_TYPE_WORKSPACE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ORGANIZATION] =
    g_param_spec_object ("organization", NULL, NULL,
                         SB_TYPE_ORGANIZATION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SB_TYPE_MEMBER_ROW);

  sb_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/samband/Samband/ui/sb-members-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SbMembersPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SbMembersPage, selection);
  gtk_widget_class_bind_template_child (widget_class, SbMembersPage, add_person_button);
  gtk_widget_class_bind_template_child (widget_class, SbMembersPage,
                                        add_integration_user_button);
  gtk_widget_class_bind_template_callback (widget_class, on_selection_items_changed);

  gtk_widget_class_install_action (widget_class, "members.add-person", NULL, add_person_action);
  gtk_widget_class_install_action (widget_class, "members.add-integration-user", NULL,
                                   add_integration_user_action);
  gtk_widget_class_install_action (widget_class, "members.remove", "x", remove_action);
  gtk_widget_class_install_action (widget_class, "members.edit-packages", "x",
                                   edit_packages_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
sb_members_page_init (SbMembersPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  update_actions (self);
  update_empty_state (self);
}

SbWorkspace *
sb_members_page_get_workspace (SbMembersPage *self)
{
  g_return_val_if_fail (SB_IS_MEMBERS_PAGE (self), NULL);

  return self->workspace;
}

void
sb_members_page_set_workspace (SbMembersPage *self,
                               SbWorkspace   *workspace)
{
  g_return_if_fail (SB_IS_MEMBERS_PAGE (self));
  g_return_if_fail (workspace == NULL || SB_IS_WORKSPACE (workspace));

  if (!g_set_object (&self->workspace, workspace))
    return;

  update_source (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

SbOrganization *
sb_members_page_get_organization (SbMembersPage *self)
{
  g_return_val_if_fail (SB_IS_MEMBERS_PAGE (self), NULL);

  return self->organization;
}

void
sb_members_page_set_organization (SbMembersPage  *self,
                                  SbOrganization *organization)
{
  g_return_if_fail (SB_IS_MEMBERS_PAGE (self));
  g_return_if_fail (organization == NULL || SB_IS_ORGANIZATION (organization));

  if (!g_set_object (&self->organization, organization))
    return;

  update_source (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORGANIZATION]);
}

GListModel *
sb_members_page_get_shown_model (SbMembersPage *self)
{
  g_return_val_if_fail (SB_IS_MEMBERS_PAGE (self), NULL);

  return G_LIST_MODEL (self->selection);
}

/* The dialog that the page's last action opened while it is open, or NULL. */
AdwMessageDialog *
sb_members_page_get_dialog (SbMembersPage *self)
{
  g_return_val_if_fail (SB_IS_MEMBERS_PAGE (self), NULL);

  return self->dialog != NULL ? ADW_MESSAGE_DIALOG (self->dialog) : NULL;
}
