/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-account-row.h"
#include "sb-ui.h"

/* One account in the list: its name, the service it belongs to (with the service's icon)
 * and its status. */
struct _SbAccountRow
{
  GtkWidget parent_instance;

  /* owned */
  SbAccount *account;
  SbConnectorCatalog *catalog;
  gboolean person_owned;
};

G_DEFINE_FINAL_TYPE (SbAccountRow, sb_account_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ACCOUNT,
  PROP_CATALOG,
  PROP_PERSON_OWNED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static SbConnector *
lookup_connector (SbConnectorCatalog *catalog,
                  const char         *connector_id)
{
  if (catalog == NULL || connector_id == NULL)
    return NULL;

  return sb_connector_catalog_lookup (catalog, connector_id);
}

static char *
dup_service_name (SbAccountRow       *self,
                  SbConnectorCatalog *catalog,
                  const char         *connector_id)
{
  SbConnector *connector = lookup_connector (catalog, connector_id);

  if (connector != NULL)
    return g_strdup (sb_connector_get_name (connector));

  /* A connector that this version does not know: show its id rather than nothing. */
  return g_strdup (connector_id);
}

static char *
dup_service_icon_name (SbAccountRow       *self,
                       SbConnectorCatalog *catalog,
                       const char         *connector_id)
{
  SbConnector *connector = lookup_connector (catalog, connector_id);

  if (connector != NULL && sb_connector_get_icon_name (connector) != NULL)
    return g_strdup (sb_connector_get_icon_name (connector));

  return g_strdup ("network-server-symbolic");
}

static char *
dup_status_label (SbAccountRow    *self,
                  SbAccountStatus  status)
{
  return g_strdup (sb_account_status_get_label (status));
}

static char **
dup_status_css_classes (SbAccountRow    *self,
                        SbAccountStatus  status)
{
  const char *modifier;

  switch (status)
    {
    case SB_ACCOUNT_STATUS_CONNECTED:
      modifier = "connected";
      break;
    case SB_ACCOUNT_STATUS_NEEDS_ATTENTION:
    case SB_ACCOUNT_STATUS_NEEDS_CREDENTIALS:
      modifier = "needs-attention";
      break;
    case SB_ACCOUNT_STATUS_ERROR:
      modifier = "error";
      break;
    case SB_ACCOUNT_STATUS_DISCONNECTED:
    default:
      modifier = "disconnected";
      break;
    }

  return g_strdupv ((char *[]) { (char *) "status-pill", (char *) modifier, NULL });
}

static void
update_accessible_label (SbAccountRow *self)
{
  g_autofree char *service = NULL;
  g_autofree char *label = NULL;

  if (self->account == NULL)
    {
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL);
      return;
    }

  service = dup_service_name (self, self->catalog,
                              sb_account_get_connector_id (self->account));
  /* Translators: how a screen reader announces a row of the account list: the account's
   * name, its service (such as Stripe) and its status (such as Connected) */
  label = g_strdup_printf (C_("accessible", "%s, %s, %s"),
                           sb_account_get_name (self->account),
                           service != NULL ? service : "",
                           sb_account_status_get_label (sb_account_get_status (self->account)));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
on_account_notify (SbAccountRow *self,
                   GParamSpec   *pspec,
                   SbAccount    *account)
{
  update_accessible_label (self);
}

static void
sb_account_row_dispose (GObject *object)
{
  SbAccountRow *self = (SbAccountRow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_ACCOUNT_ROW);
  sb_ui_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->account);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (sb_account_row_parent_class)->dispose (object);
}

static void
sb_account_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SbAccountRow *self = SB_ACCOUNT_ROW (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;
    case PROP_PERSON_OWNED:
      g_value_set_boolean (value, self->person_owned);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_account_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SbAccountRow *self = SB_ACCOUNT_ROW (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      sb_account_row_set_account (self, g_value_get_object (value));
      break;
    case PROP_CATALOG:
      self->catalog = g_value_dup_object (value);
      break;
    case PROP_PERSON_OWNED:
      sb_account_row_set_person_owned (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_account_row_class_init (SbAccountRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_account_row_dispose;
  object_class->get_property = sb_account_row_get_property;
  object_class->set_property = sb_account_row_set_property;

  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL,
                         SB_TYPE_ACCOUNT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL,
                         SB_TYPE_CONNECTOR_CATALOG,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /* Whether the credentials are a person's rather than an integration user's: the row warns,
   * since the account stops working when that person leaves. */
  properties[PROP_PERSON_OWNED] =
    g_param_spec_boolean ("person-owned", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  sb_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/samband/Samband/ui/sb-account-row.ui");
  gtk_widget_class_bind_template_callback (widget_class, dup_service_name);
  gtk_widget_class_bind_template_callback (widget_class, dup_service_icon_name);
  gtk_widget_class_bind_template_callback (widget_class, dup_status_label);
  gtk_widget_class_bind_template_callback (widget_class, dup_status_css_classes);
}

static void
sb_account_row_init (SbAccountRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sb_account_row_new (SbConnectorCatalog *catalog)
{
  g_return_val_if_fail (catalog == NULL || SB_IS_CONNECTOR_CATALOG (catalog), NULL);

  return g_object_new (SB_TYPE_ACCOUNT_ROW,
                       "catalog", catalog,
                       NULL);
}

SbAccount *
sb_account_row_get_account (SbAccountRow *self)
{
  g_return_val_if_fail (SB_IS_ACCOUNT_ROW (self), NULL);

  return self->account;
}

SbConnectorCatalog *
sb_account_row_get_catalog (SbAccountRow *self)
{
  g_return_val_if_fail (SB_IS_ACCOUNT_ROW (self), NULL);

  return self->catalog;
}

void
sb_account_row_set_account (SbAccountRow *self,
                            SbAccount    *account)
{
  g_return_if_fail (SB_IS_ACCOUNT_ROW (self));
  g_return_if_fail (account == NULL || SB_IS_ACCOUNT (account));

  if (self->account == account)
    return;

  if (self->account != NULL)
    g_signal_handlers_disconnect_by_func (self->account, on_account_notify, self);

  g_set_object (&self->account, account);

  if (account != NULL)
    g_signal_connect_object (account, "notify", G_CALLBACK (on_account_notify), self,
                             G_CONNECT_SWAPPED);

  update_accessible_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);
}

gboolean
sb_account_row_get_person_owned (SbAccountRow *self)
{
  g_return_val_if_fail (SB_IS_ACCOUNT_ROW (self), FALSE);

  return self->person_owned;
}

void
sb_account_row_set_person_owned (SbAccountRow *self,
                                 gboolean      person_owned)
{
  g_return_if_fail (SB_IS_ACCOUNT_ROW (self));

  person_owned = !!person_owned;
  if (self->person_owned == person_owned)
    return;

  self->person_owned = person_owned;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERSON_OWNED]);
}
