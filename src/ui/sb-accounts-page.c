/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "sb-accounts-page.h"
#include "sb-account-row.h"
#include "sb-window-private.h"
#include "sb-ui.h"

struct _SbAccountsPage
{
  GtkWidget parent_instance;

  /* template widgets */
  GtkStack *stack;
  GtkListView *list_view;
  GtkNoSelection *selection;

  /* owned */
  SbWorkspace *workspace;
  SbOrganization *organization;
};

G_DEFINE_FINAL_TYPE (SbAccountsPage, sb_accounts_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_ORGANIZATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_empty_state (SbAccountsPage *self)
{
  if (self->stack == NULL || self->selection == NULL)
    return;

  gtk_stack_set_visible_child_name (self->stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0
                                    ? "list" : "empty");
}

static void
on_selection_items_changed (SbAccountsPage *self,
                            guint           position,
                            guint           removed,
                            guint           added,
                            GListModel     *model)
{
  update_empty_state (self);
}

/* The rows need the connector catalog to name each account's service, which a factory
 * built from a .ui cannot hand them: this one is made in C. */
static void
on_factory_setup (SbAccountsPage           *self,
                  GtkListItem              *list_item,
                  GtkSignalListItemFactory *factory)
{
  SbConnectorCatalog *catalog = NULL;
  GtkWidget *row;

  if (self->workspace != NULL)
    catalog = sb_workspace_get_catalog (self->workspace);

  row = sb_account_row_new (catalog);
  gtk_list_item_set_activatable (list_item, FALSE);
  gtk_list_item_set_child (list_item, row);
  g_object_bind_property (list_item, "item", row, "account", G_BINDING_SYNC_CREATE);
}

static void
update_source (SbAccountsPage *self)
{
  GListModel *accounts = NULL;

  if (self->workspace != NULL && self->organization != NULL)
    accounts = sb_workspace_get_accounts (self->workspace, self->organization);

  gtk_no_selection_set_model (self->selection, accounts);
  update_empty_state (self);
}

static void
sb_accounts_page_dispose (GObject *object)
{
  SbAccountsPage *self = (SbAccountsPage *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_ACCOUNTS_PAGE);
  sb_ui_unparent_children (GTK_WIDGET (self));

  g_clear_object (&self->organization);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (sb_accounts_page_parent_class)->dispose (object);
}

static void
sb_accounts_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SbAccountsPage *self = SB_ACCOUNTS_PAGE (object);

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
sb_accounts_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SbAccountsPage *self = SB_ACCOUNTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      sb_accounts_page_set_workspace (self, g_value_get_object (value));
      break;
    case PROP_ORGANIZATION:
      sb_accounts_page_set_organization (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_accounts_page_class_init (SbAccountsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_accounts_page_dispose;
  object_class->get_property = sb_accounts_page_get_property;
  object_class->set_property = sb_accounts_page_set_property;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         SB_TYPE_WORKSPACE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ORGANIZATION] =
    g_param_spec_object ("organization", NULL, NULL,
                         SB_TYPE_ORGANIZATION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SB_TYPE_ACCOUNT_ROW);

  sb_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/samband/Samband/ui/sb-accounts-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SbAccountsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SbAccountsPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, SbAccountsPage, selection);
  gtk_widget_class_bind_template_callback (widget_class, on_selection_items_changed);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
sb_accounts_page_init (SbAccountsPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (factory, "setup", G_CALLBACK (on_factory_setup), self,
                           G_CONNECT_SWAPPED);
  gtk_list_view_set_factory (self->list_view, factory);

  update_empty_state (self);
}

SbWorkspace *
sb_accounts_page_get_workspace (SbAccountsPage *self)
{
  g_return_val_if_fail (SB_IS_ACCOUNTS_PAGE (self), NULL);

  return self->workspace;
}

void
sb_accounts_page_set_workspace (SbAccountsPage *self,
                                SbWorkspace    *workspace)
{
  g_return_if_fail (SB_IS_ACCOUNTS_PAGE (self));
  g_return_if_fail (workspace == NULL || SB_IS_WORKSPACE (workspace));

  if (!g_set_object (&self->workspace, workspace))
    return;

  update_source (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

SbOrganization *
sb_accounts_page_get_organization (SbAccountsPage *self)
{
  g_return_val_if_fail (SB_IS_ACCOUNTS_PAGE (self), NULL);

  return self->organization;
}

void
sb_accounts_page_set_organization (SbAccountsPage *self,
                                   SbOrganization *organization)
{
  g_return_if_fail (SB_IS_ACCOUNTS_PAGE (self));
  g_return_if_fail (organization == NULL || SB_IS_ORGANIZATION (organization));

  if (!g_set_object (&self->organization, organization))
    return;

  update_source (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORGANIZATION]);
}

GListModel *
sb_accounts_page_get_shown_model (SbAccountsPage *self)
{
  g_return_val_if_fail (SB_IS_ACCOUNTS_PAGE (self), NULL);

  return G_LIST_MODEL (self->selection);
}
