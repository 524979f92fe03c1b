/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-integration-row.h"
#include "sb-ui.h"

/* One integration in the list: its name, the trigger in words and a status pill. */
struct _SbIntegrationRow
{
  GtkWidget parent_instance;

  /* template widgets */
  GtkLabel *last_run_label;
  GtkBox *services_box;

  /* owned */
  SbIntegration *integration;
  SbConnectorCatalog *catalog;
  /* The integration's newest run, watched for its status. */
  SbRun *last_run;
};

G_DEFINE_FINAL_TYPE (SbIntegrationRow, sb_integration_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_INTEGRATION,
  PROP_CATALOG,
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

/* The last run in words: "Succeeded 2 hours ago", "Never run". */
static char *
dup_last_run_text (SbRun *run)
{
  g_autofree char *when = NULL;
  GDateTime *at;

  if (run == NULL)
    return g_strdup (_("Never run"));

  at = sb_run_get_finished_at (run);
  if (at == NULL)
    at = sb_run_get_started_at (run);
  if (at == NULL)
    return g_strdup (sb_run_status_get_label (sb_run_get_status (run)));

  when = sb_ui_dup_relative_time (at, NULL);
  /* Translators: the last run of an integration: its result (such as Succeeded or Failed),
   * then when, such as “2 hours ago” */
  return g_strdup_printf (C_("last run", "%s %s"),
                          sb_run_status_get_label (sb_run_get_status (run)), when);
}

static void
update_last_run (SbIntegrationRow *self)
{
  g_autofree char *text = NULL;
  SbRun *run = self->last_run;

  text = dup_last_run_text (run);
  gtk_label_set_label (self->last_run_label, text);

  gtk_widget_remove_css_class (GTK_WIDGET (self->last_run_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->last_run_label), "dim-label");
  if (run != NULL && (sb_run_get_status (run) == SB_RUN_STATUS_FAILED ||
                      sb_run_get_status (run) == SB_RUN_STATUS_INTERRUPTED))
    gtk_widget_add_css_class (GTK_WIDGET (self->last_run_label), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->last_run_label), "dim-label");
}

static const char *
lookup_service_icon (SbIntegrationRow *self,
                     const char       *service)
{
  GListModel *connectors;
  guint n;

  if (self->catalog == NULL)
    return NULL;

  connectors = sb_connector_catalog_get_connectors (self->catalog);
  n = g_list_model_get_n_items (connectors);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SbConnector) connector = g_list_model_get_item (connectors, i);

      if (g_strcmp0 (sb_connector_get_name (connector), service) == 0)
        return sb_connector_get_icon_name (connector);
    }

  return NULL;
}

static void
update_services (SbIntegrationRow *self)
{
  const char * const *services = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->services_box))) != NULL)
    gtk_box_remove (self->services_box, child);

  if (self->integration != NULL)
    services = sb_integration_get_services (self->integration);

  for (guint i = 0; services != NULL && services[i] != NULL; i++)
    {
      const char *icon = lookup_service_icon (self, services[i]);
      GtkWidget *image = gtk_image_new_from_icon_name (icon != NULL ? icon
                                                       : "network-server-symbolic");

      gtk_widget_set_tooltip_text (image, services[i]);
      gtk_accessible_update_property (GTK_ACCESSIBLE (image),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, services[i],
                                      -1);
      gtk_box_append (self->services_box, image);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->services_box), services != NULL);
}

static void
on_last_run_notify (SbIntegrationRow *self)
{
  update_last_run (self);
}

static void
watch_last_run (SbIntegrationRow *self)
{
  SbRun *run = self->integration != NULL ? sb_integration_get_last_run (self->integration)
                                         : NULL;

  if (run == self->last_run)
    return;

  if (self->last_run != NULL)
    g_signal_handlers_disconnect_by_func (self->last_run, on_last_run_notify, self);
  g_set_object (&self->last_run, run);
  if (run != NULL)
    g_signal_connect_object (run, "notify", G_CALLBACK (on_last_run_notify), self,
                             G_CONNECT_SWAPPED);
}

static void
update_accessible_label (SbIntegrationRow *self)
{
  g_autofree char *trigger = NULL;
  g_autofree char *label = NULL;
  g_autofree char *last_run = NULL;
  g_autofree char *services = NULL;
  const char * const *names;

  if (self->integration == NULL)
    {
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL);
      return;
    }

  trigger = sb_integration_dup_trigger_summary (self->integration);
  last_run = dup_last_run_text (sb_integration_get_last_run (self->integration));
  names = sb_integration_get_services (self->integration);
  /* Translators: the separator of a list of service names read by a screen reader */
  services = names != NULL ? g_strjoinv (C_("accessible", ", "), (char **) names)
                           : g_strdup ("");
  /* Translators: how a screen reader announces a row of the integration list: the
   * integration's name, its status (Live, Paused, Draft), its trigger in words, its last
   * run (“Succeeded 2 hours ago”) and the services it uses */
  label = g_strdup_printf (C_("accessible", "%s, %s, %s, %s. %s"),
                           sb_integration_get_name (self->integration),
                           sb_integration_status_get_label (
                             sb_integration_get_status (self->integration)),
                           trigger, last_run, services);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
on_integration_notify (SbIntegrationRow *self,
                       GParamSpec       *pspec,
                       SbIntegration    *integration)
{
  if (g_str_equal (pspec->name, "last-run"))
    {
      watch_last_run (self);
      update_last_run (self);
    }
  else if (g_str_equal (pspec->name, "services"))
    {
      update_services (self);
    }

  update_accessible_label (self);
}

static void
sb_integration_row_dispose (GObject *object)
{
  SbIntegrationRow *self = (SbIntegrationRow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_INTEGRATION_ROW);
  sb_ui_unparent_children (GTK_WIDGET (self));
  if (self->last_run != NULL)
    g_signal_handlers_disconnect_by_func (self->last_run, on_last_run_notify, self);
  g_clear_object (&self->last_run);
  g_clear_object (&self->integration);
  g_clear_object (&self->catalog);

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
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
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
    case PROP_CATALOG:
      self->catalog = g_value_dup_object (value);
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

  /* Where the icons of the services come from. */
  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL,
                         SB_TYPE_CONNECTOR_CATALOG,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  sb_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/samband/Samband/ui/sb-integration-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationRow, last_run_label);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationRow, services_box);
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
sb_integration_row_new (SbConnectorCatalog *catalog)
{
  g_return_val_if_fail (catalog == NULL || SB_IS_CONNECTOR_CATALOG (catalog), NULL);

  return g_object_new (SB_TYPE_INTEGRATION_ROW, "catalog", catalog, NULL);
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

  watch_last_run (self);
  update_last_run (self);
  update_services (self);
  update_accessible_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTEGRATION]);
}
