/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-new-organization-dialog.h"
#include "sb-window-private.h"
#include "sb-ui.h"

struct _SbNewOrganizationDialog
{
  AdwWindow parent_instance;

  /* template widgets */
  GtkStack *stack;
  AdwEntryRow *profile_name_row;
  AdwEntryRow *profile_email_row;
  AdwEntryRow *name_row;
  AdwComboRow *kind_row;
  AdwEntryRow *sport_row;
  GtkLabel *error_label;

  /* owned */
  SbWorkspace *workspace;
};

G_DEFINE_FINAL_TYPE (SbNewOrganizationDialog, sb_new_organization_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_WORKSPACE,
  N_PROPS
};

enum {
  ORGANIZATION_CREATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static char *
dup_kind_label (gpointer            item,
                SbOrganizationKind  kind)
{
  return g_strdup (sb_organization_kind_get_label (kind));
}

static gboolean
is_club (gpointer            unused,
         SbOrganizationKind  kind)
{
  return kind == SB_ORGANIZATION_KIND_CLUB;
}

static gboolean
is_profile_page (gpointer    unused,
                 const char *name)
{
  return g_strcmp0 (name, "profile") == 0;
}

static gboolean
is_organization_page (gpointer    unused,
                      const char *name)
{
  return g_strcmp0 (name, "organization") == 0;
}

static gboolean
editable_is_blank (gpointer editable)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (editable)));

  return g_strstrip (text)[0] == '\0';
}

static char *
dup_stripped_text (gpointer editable)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (editable))));
}

static SbOrganizationKind
get_selected_kind (SbNewOrganizationDialog *self)
{
  AdwEnumListItem *item = adw_combo_row_get_selected_item (self->kind_row);

  if (item == NULL)
    return SB_ORGANIZATION_KIND_COMPANY;

  return adw_enum_list_item_get_value (item);
}

static void
update_actions (SbNewOrganizationDialog *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "new-organization.next",
                                 !editable_is_blank (self->profile_name_row) &&
                                 !editable_is_blank (self->profile_email_row));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "new-organization.create",
                                 !editable_is_blank (self->name_row));
}

static void
show_error (SbNewOrganizationDialog *self,
            const GError            *error)
{
  gtk_label_set_label (self->error_label, error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SbNewOrganizationDialog *self = SB_NEW_ORGANIZATION_DIALOG (widget);
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;
  g_autoptr(GError) error = NULL;

  if (editable_is_blank (self->profile_name_row) || editable_is_blank (self->profile_email_row))
    return;

  name = dup_stripped_text (self->profile_name_row);
  email = dup_stripped_text (self->profile_email_row);

  if (!sb_workspace_create_profile (self->workspace, name, email, &error))
    {
      show_error (self, error);
      return;
    }

  show_error (self, NULL);
  gtk_stack_set_visible_child_name (self->stack, "organization");
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SbNewOrganizationDialog *self = SB_NEW_ORGANIZATION_DIALOG (widget);
  g_autoptr(SbOrganization) organization = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *sport = NULL;
  SbOrganizationKind kind;

  if (editable_is_blank (self->name_row))
    return;

  name = dup_stripped_text (self->name_row);
  kind = get_selected_kind (self);
  if (kind == SB_ORGANIZATION_KIND_CLUB && !editable_is_blank (self->sport_row))
    sport = dup_stripped_text (self->sport_row);

  organization = sb_workspace_create_organization (self->workspace, name, kind, sport, &error);
  if (organization == NULL)
    {
      show_error (self, error);
      return;
    }

  show_error (self, NULL);
  g_signal_emit (self, signals[ORGANIZATION_CREATED], 0, organization);
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_profile_name_row_entry_activated (SbNewOrganizationDialog *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->profile_email_row));
}

static void
on_profile_email_row_entry_activated (SbNewOrganizationDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "new-organization.next", NULL);
}

static void
on_organization_entry_activated (SbNewOrganizationDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "new-organization.create", NULL);
}

static void
sb_new_organization_dialog_constructed (GObject *object)
{
  SbNewOrganizationDialog *self = (SbNewOrganizationDialog *)object;

  G_OBJECT_CLASS (sb_new_organization_dialog_parent_class)->constructed (object);

  g_assert (SB_IS_WORKSPACE (self->workspace));

  if (sb_workspace_has_profile (self->workspace))
    {
      gtk_stack_set_visible_child_name (self->stack, "organization");
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
    }
  else
    {
      gtk_stack_set_visible_child_name (self->stack, "profile");
      gtk_widget_grab_focus (GTK_WIDGET (self->profile_name_row));
    }

  update_actions (self);
}

static void
sb_new_organization_dialog_dispose (GObject *object)
{
  SbNewOrganizationDialog *self = (SbNewOrganizationDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_NEW_ORGANIZATION_DIALOG);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (sb_new_organization_dialog_parent_class)->dispose (object);
}

static void
sb_new_organization_dialog_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  SbNewOrganizationDialog *self = SB_NEW_ORGANIZATION_DIALOG (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_new_organization_dialog_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  SbNewOrganizationDialog *self = SB_NEW_ORGANIZATION_DIALOG (object);

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
sb_new_organization_dialog_class_init (SbNewOrganizationDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sb_new_organization_dialog_constructed;
  object_class->dispose = sb_new_organization_dialog_dispose;
  object_class->get_property = sb_new_organization_dialog_get_property;
  object_class->set_property = sb_new_organization_dialog_set_property;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         SB_TYPE_WORKSPACE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SbNewOrganizationDialog::organization-created:
   * @organization: the new organization
   *
   * Emitted when the organization has been created, just before the dialog closes.
   */
  signals[ORGANIZATION_CREATED] =
    g_signal_new ("organization-created",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SB_TYPE_ORGANIZATION);

  g_type_ensure (SB_TYPE_ORGANIZATION_KIND);

  sb_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/samband/Samband/ui/sb-new-organization-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SbNewOrganizationDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, SbNewOrganizationDialog, profile_name_row);
  gtk_widget_class_bind_template_child (widget_class, SbNewOrganizationDialog, profile_email_row);
  gtk_widget_class_bind_template_child (widget_class, SbNewOrganizationDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, SbNewOrganizationDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, SbNewOrganizationDialog, sport_row);
  gtk_widget_class_bind_template_child (widget_class, SbNewOrganizationDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, dup_kind_label);
  gtk_widget_class_bind_template_callback (widget_class, is_club);
  gtk_widget_class_bind_template_callback (widget_class, is_profile_page);
  gtk_widget_class_bind_template_callback (widget_class, is_organization_page);
  gtk_widget_class_bind_template_callback (widget_class, update_actions);
  gtk_widget_class_bind_template_callback (widget_class, on_profile_name_row_entry_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_profile_email_row_entry_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_organization_entry_activated);

  gtk_widget_class_install_action (widget_class, "new-organization.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "new-organization.create", NULL, create_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sb_new_organization_dialog_init (SbNewOrganizationDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

SbNewOrganizationDialog *
sb_new_organization_dialog_new (SbWorkspace *workspace)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (workspace), NULL);

  return g_object_new (SB_TYPE_NEW_ORGANIZATION_DIALOG,
                       "workspace", workspace,
                       NULL);
}

SbWorkspace *
sb_new_organization_dialog_get_workspace (SbNewOrganizationDialog *self)
{
  g_return_val_if_fail (SB_IS_NEW_ORGANIZATION_DIALOG (self), NULL);

  return self->workspace;
}

GtkEditable *
sb_new_organization_dialog_get_profile_name_editable (SbNewOrganizationDialog *self)
{
  g_return_val_if_fail (SB_IS_NEW_ORGANIZATION_DIALOG (self), NULL);

  return GTK_EDITABLE (self->profile_name_row);
}

GtkEditable *
sb_new_organization_dialog_get_profile_email_editable (SbNewOrganizationDialog *self)
{
  g_return_val_if_fail (SB_IS_NEW_ORGANIZATION_DIALOG (self), NULL);

  return GTK_EDITABLE (self->profile_email_row);
}

GtkEditable *
sb_new_organization_dialog_get_name_editable (SbNewOrganizationDialog *self)
{
  g_return_val_if_fail (SB_IS_NEW_ORGANIZATION_DIALOG (self), NULL);

  return GTK_EDITABLE (self->name_row);
}

GtkEditable *
sb_new_organization_dialog_get_sport_editable (SbNewOrganizationDialog *self)
{
  g_return_val_if_fail (SB_IS_NEW_ORGANIZATION_DIALOG (self), NULL);

  return GTK_EDITABLE (self->sport_row);
}

void
sb_new_organization_dialog_select_kind (SbNewOrganizationDialog *self,
                                        SbOrganizationKind       kind)
{
  GListModel *model;

  g_return_if_fail (SB_IS_NEW_ORGANIZATION_DIALOG (self));

  model = adw_combo_row_get_model (self->kind_row);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(AdwEnumListItem) item = g_list_model_get_item (model, i);

      if (adw_enum_list_item_get_value (item) == (int) kind)
        {
          adw_combo_row_set_selected (self->kind_row, i);
          return;
        }
    }
}

const char *
sb_new_organization_dialog_get_page_name (SbNewOrganizationDialog *self)
{
  g_return_val_if_fail (SB_IS_NEW_ORGANIZATION_DIALOG (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
sb_new_organization_dialog_get_error (SbNewOrganizationDialog *self)
{
  g_return_val_if_fail (SB_IS_NEW_ORGANIZATION_DIALOG (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;

  return gtk_label_get_label (self->error_label);
}
