/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-member-row.h"
#include "sb-ui.h"

/* One member in the list: display name, e-mail, role, and for integration users a tag and
 * their access packages. */
struct _SbMemberRow
{
  GtkWidget parent_instance;

  /* template widgets */
  GtkLabel *packages_label;

  /* owned */
  SbMember *member;
};

G_DEFINE_FINAL_TYPE (SbMemberRow, sb_member_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MEMBER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
dup_role_label (SbMemberRow *self,
                SbRole       role)
{
  return g_strdup (sb_role_get_label (role));
}

static gboolean
is_integration_user (SbMemberRow  *self,
                     SbMemberKind  kind)
{
  return kind == SB_MEMBER_KIND_INTEGRATION_USER;
}

static GVariant *
dup_member_target (SbMemberRow *self,
                   gint64       id)
{
  return g_variant_ref_sink (g_variant_new_int64 (id));
}

static char *
dup_kind_label (SbMemberRow  *self,
                SbMemberKind  kind)
{
  return g_strdup (sb_member_kind_get_label (kind));
}

static gboolean
has_packages (SbMemberRow        *self,
              const char * const *packages)
{
  return packages != NULL && packages[0] != NULL;
}

static char *
dup_packages_label (SbMemberRow        *self,
                    const char * const *packages)
{
  g_autofree char *labels = NULL;

  if (!has_packages (self, packages))
    return NULL;

  labels = sb_access_packages_dup_labels (packages);
  /* Translators: under an integration user in the member list; %s is a list of access
   * packages, such as “Integration user, Invoicing” */
  return g_strdup_printf (_("Access packages: %s"), labels);
}

static void
update_accessible_label (SbMemberRow *self)
{
  g_autofree char *label = NULL;
  const char *name;
  const char *email;
  const char *role;

  if (self->member == NULL)
    {
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL);
      return;
    }

  name = sb_member_get_display_name (self->member);
  email = sb_member_get_email (self->member);
  role = sb_role_get_label (sb_member_get_role (self->member));

  if (sb_member_get_kind (self->member) == SB_MEMBER_KIND_INTEGRATION_USER)
    {
      g_autofree char *packages =
        sb_access_packages_dup_labels (sb_member_get_packages (self->member));

      /* Translators: how a screen reader announces an integration user in the member list:
       * the name, the e-mail address, the role, then its access packages, which begin with
       * the words “Integration user” */
      label = g_strdup_printf (C_("accessible", "%s, %s, %s, %s"),
                               name, email != NULL ? email : "", role,
                               *packages != '\0' ? packages
                               : sb_member_kind_get_label (SB_MEMBER_KIND_INTEGRATION_USER));
    }
  else
    /* Translators: how a screen reader announces a person in the member list: the name,
     * the e-mail address and the role */
    label = g_strdup_printf (C_("accessible", "%s, %s, %s"),
                             name, email != NULL ? email : "", role);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
on_member_notify (SbMemberRow *self,
                  GParamSpec  *pspec,
                  SbMember    *member)
{
  update_accessible_label (self);
}

static void
sb_member_row_dispose (GObject *object)
{
  SbMemberRow *self = (SbMemberRow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_MEMBER_ROW);
  sb_ui_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->member);

  G_OBJECT_CLASS (sb_member_row_parent_class)->dispose (object);
}

static void
sb_member_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SbMemberRow *self = SB_MEMBER_ROW (object);

  switch (prop_id)
    {
    case PROP_MEMBER:
      g_value_set_object (value, self->member);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_member_row_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SbMemberRow *self = SB_MEMBER_ROW (object);

  switch (prop_id)
    {
    case PROP_MEMBER:
      sb_member_row_set_member (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_member_row_class_init (SbMemberRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_member_row_dispose;
  object_class->get_property = sb_member_row_get_property;
  object_class->set_property = sb_member_row_set_property;

  properties[PROP_MEMBER] =
    g_param_spec_object ("member", NULL, NULL,
                         SB_TYPE_MEMBER,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  sb_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/samband/Samband/ui/sb-member-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SbMemberRow, packages_label);
  gtk_widget_class_bind_template_callback (widget_class, dup_role_label);
  gtk_widget_class_bind_template_callback (widget_class, is_integration_user);
  gtk_widget_class_bind_template_callback (widget_class, dup_kind_label);
  gtk_widget_class_bind_template_callback (widget_class, dup_member_target);
  gtk_widget_class_bind_template_callback (widget_class, has_packages);
  gtk_widget_class_bind_template_callback (widget_class, dup_packages_label);
}

static void
sb_member_row_init (SbMemberRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sb_member_row_new (void)
{
  return g_object_new (SB_TYPE_MEMBER_ROW, NULL);
}

SbMember *
sb_member_row_get_member (SbMemberRow *self)
{
  g_return_val_if_fail (SB_IS_MEMBER_ROW (self), NULL);

  return self->member;
}

void
sb_member_row_set_member (SbMemberRow *self,
                          SbMember    *member)
{
  g_return_if_fail (SB_IS_MEMBER_ROW (self));
  g_return_if_fail (member == NULL || SB_IS_MEMBER (member));

  if (self->member == member)
    return;

  if (self->member != NULL)
    g_signal_handlers_disconnect_by_func (self->member, on_member_notify, self);

  g_set_object (&self->member, member);

  if (member != NULL)
    g_signal_connect_object (member, "notify", G_CALLBACK (on_member_notify), self,
                             G_CONNECT_SWAPPED);

  update_accessible_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEMBER]);
}
