/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-organization-row.h"
#include "sb-ui.h"

/* One organization in the sidebar: its name and what kind it is. */
struct _SbOrganizationRow
{
  GtkWidget parent_instance;

  /* owned */
  SbOrganization *organization;
};

G_DEFINE_FINAL_TYPE (SbOrganizationRow, sb_organization_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ORGANIZATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* “Club · Football, Floorball”: a club's sports after its kind. */
static char *
dup_kind_label (SbOrganizationRow  *self,
                SbOrganizationKind  kind,
                const char         *sports)
{
  if (kind == SB_ORGANIZATION_KIND_COMPANY || sports == NULL || *sports == '\0')
    return g_strdup (sb_organization_kind_get_label (kind));

  /* Translators: under an organization's name: its kind (Club), then its sports */
  return g_strdup_printf (_("%s · %s"), sb_organization_kind_get_label (kind), sports);
}

static void
update_accessible_label (SbOrganizationRow *self)
{
  g_autofree char *label = NULL;

  if (self->organization == NULL)
    {
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL);
      return;
    }

  /* Translators: how a screen reader announces an organization in the sidebar: its name,
   * then its kind (Company, Club or Federation) */
  label = g_strdup_printf (C_("accessible", "%s, %s"),
                           sb_organization_get_name (self->organization),
                           sb_organization_kind_get_label (
                             sb_organization_get_kind (self->organization)));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
on_organization_notify (SbOrganizationRow *self,
                        GParamSpec        *pspec,
                        SbOrganization    *organization)
{
  update_accessible_label (self);
}

static void
sb_organization_row_dispose (GObject *object)
{
  SbOrganizationRow *self = (SbOrganizationRow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_ORGANIZATION_ROW);
  sb_ui_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->organization);

  G_OBJECT_CLASS (sb_organization_row_parent_class)->dispose (object);
}

static void
sb_organization_row_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SbOrganizationRow *self = SB_ORGANIZATION_ROW (object);

  switch (prop_id)
    {
    case PROP_ORGANIZATION:
      g_value_set_object (value, self->organization);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_organization_row_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  SbOrganizationRow *self = SB_ORGANIZATION_ROW (object);

  switch (prop_id)
    {
    case PROP_ORGANIZATION:
      sb_organization_row_set_organization (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_organization_row_class_init (SbOrganizationRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_organization_row_dispose;
  object_class->get_property = sb_organization_row_get_property;
  object_class->set_property = sb_organization_row_set_property;

  properties[PROP_ORGANIZATION] =
    g_param_spec_object ("organization", NULL, NULL,
                         SB_TYPE_ORGANIZATION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  sb_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/samband/Samband/ui/sb-organization-row.ui");
  gtk_widget_class_bind_template_callback (widget_class, dup_kind_label);
}

static void
sb_organization_row_init (SbOrganizationRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sb_organization_row_new (void)
{
  return g_object_new (SB_TYPE_ORGANIZATION_ROW, NULL);
}

SbOrganization *
sb_organization_row_get_organization (SbOrganizationRow *self)
{
  g_return_val_if_fail (SB_IS_ORGANIZATION_ROW (self), NULL);

  return self->organization;
}

void
sb_organization_row_set_organization (SbOrganizationRow *self,
                                      SbOrganization    *organization)
{
  g_return_if_fail (SB_IS_ORGANIZATION_ROW (self));
  g_return_if_fail (organization == NULL || SB_IS_ORGANIZATION (organization));

  if (self->organization == organization)
    return;

  if (self->organization != NULL)
    g_signal_handlers_disconnect_by_func (self->organization, on_organization_notify, self);

  g_set_object (&self->organization, organization);

  if (organization != NULL)
    g_signal_connect_object (organization, "notify", G_CALLBACK (on_organization_notify), self,
                             G_CONNECT_SWAPPED);

  update_accessible_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORGANIZATION]);
}
