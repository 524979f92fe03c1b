/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-integration-row.h"
#include "sb-ui.h"

/* One integration in the list: its name, the trigger in words and a status pill. */
struct _SbIntegrationRow
{
  GtkWidget parent_instance;

  /* owned */
  SbIntegration *integration;
};

G_DEFINE_FINAL_TYPE (SbIntegrationRow, sb_integration_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_INTEGRATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
dup_trigger_summary (SbIntegrationRow *self,
                     SbIntegration    *integration,
                     JsonNode         *trigger)
{
  /* @trigger is only there so that the binding follows changes of the trigger. */
  if (integration == NULL)
    return NULL;

  return sb_integration_dup_trigger_summary (integration);
}

static char *
dup_status_label (SbIntegrationRow    *self,
                  SbIntegrationStatus  status)
{
  return g_strdup (sb_integration_status_get_label (status));
}

static char **
dup_status_css_classes (SbIntegrationRow    *self,
                        SbIntegrationStatus  status)
{
  const char *modifier;

  switch (status)
    {
    case SB_INTEGRATION_STATUS_LIVE:
      modifier = "live";
      break;
    case SB_INTEGRATION_STATUS_PAUSED:
      modifier = "paused";
      break;
    case SB_INTEGRATION_STATUS_DRAFT:
    default:
      modifier = "draft";
      break;
    }

  return g_strdupv ((char *[]) { (char *) "status-pill", (char *) modifier, NULL });
}

static void
update_accessible_label (SbIntegrationRow *self)
{
  g_autofree char *trigger = NULL;
  g_autofree char *label = NULL;

  if (self->integration == NULL)
    {
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL);
      return;
    }

  trigger = sb_integration_dup_trigger_summary (self->integration);
  /* Translators: how a screen reader announces a row of the integration list: the
   * integration's name, its status (Live, Paused, Draft) and its trigger in words */
  label = g_strdup_printf (C_("accessible", "%s, %s, %s"),
                           sb_integration_get_name (self->integration),
                           sb_integration_status_get_label (
                             sb_integration_get_status (self->integration)),
                           trigger);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
on_integration_notify (SbIntegrationRow *self,
                       GParamSpec       *pspec,
                       SbIntegration    *integration)
{
  update_accessible_label (self);
}

static void
sb_integration_row_dispose (GObject *object)
{
  SbIntegrationRow *self = (SbIntegrationRow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_INTEGRATION_ROW);
  sb_ui_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->integration);

  G_OBJECT_CLASS (sb_integration_row_parent_class)->dispose (object);
}

static void
sb_integration_row_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SbIntegrationRow *self = SB_INTEGRATION_ROW (object);

  switch (prop_id)
    {
    case PROP_INTEGRATION:
      g_value_set_object (value, self->integration);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_integration_row_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SbIntegrationRow *self = SB_INTEGRATION_ROW (object);

  switch (prop_id)
    {
    case PROP_INTEGRATION:
      sb_integration_row_set_integration (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_integration_row_class_init (SbIntegrationRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_integration_row_dispose;
  object_class->get_property = sb_integration_row_get_property;
  object_class->set_property = sb_integration_row_set_property;

  properties[PROP_INTEGRATION] =
    g_param_spec_object ("integration", NULL, NULL,
                         SB_TYPE_INTEGRATION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  sb_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/samband/Samband/ui/sb-integration-row.ui");
  gtk_widget_class_bind_template_callback (widget_class, dup_trigger_summary);
  gtk_widget_class_bind_template_callback (widget_class, dup_status_label);
  gtk_widget_class_bind_template_callback (widget_class, dup_status_css_classes);
}

static void
sb_integration_row_init (SbIntegrationRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sb_integration_row_new (void)
{
  return g_object_new (SB_TYPE_INTEGRATION_ROW, NULL);
}

SbIntegration *
sb_integration_row_get_integration (SbIntegrationRow *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATION_ROW (self), NULL);

  return self->integration;
}

void
sb_integration_row_set_integration (SbIntegrationRow *self,
                                    SbIntegration    *integration)
{
  g_return_if_fail (SB_IS_INTEGRATION_ROW (self));
  g_return_if_fail (integration == NULL || SB_IS_INTEGRATION (integration));

  if (self->integration == integration)
    return;

  if (self->integration != NULL)
    g_signal_handlers_disconnect_by_func (self->integration, on_integration_notify, self);

  g_set_object (&self->integration, integration);

  if (integration != NULL)
    g_signal_connect_object (integration, "notify", G_CALLBACK (on_integration_notify), self,
                             G_CONNECT_SWAPPED);

  update_accessible_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTEGRATION]);
}
