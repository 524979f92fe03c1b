/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "sb-accounts-page.h"
#include "sb-account-row.h"
#include "sb-window-private.h"
#include "sb-ui.h"
#include "model/sb-search.h"

struct _SbAccountsPage
{
  GtkWidget parent_instance;

  /* template widgets */
  GtkWidget *toolbar;
  GtkSearchEntry *search_entry;
  GtkWidget *add_button;
  GtkStack *stack;
  GtkListView *list_view;
  GtkNoSelection *selection;
  GtkFilterListModel *search_model;
  AdwStatusPage *empty_page;
  GtkButton *empty_button;

  /* owned */
  SbWorkspace *workspace;
  SbOrganization *organization;
  GtkCustomFilter *search_filter;
  /* The search as typed, folded; NULL when empty. */
  char *query;
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
  GListModel *all;
  guint total;

  if (self->stack == NULL || self->selection == NULL || self->search_model == NULL)
    return;

  all = gtk_filter_list_model_get_model (self->search_model);
  total = all != NULL ? g_list_model_get_n_items (all) : 0;
  gtk_widget_set_visible (self->toolbar, total > 0);

  if (g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "list");
      return;
    }

  if (total > 0)
    {
      g_autofree char *escaped = g_markup_escape_text (
        gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), -1);
      g_autofree char *description = NULL;

      /* Translators: %s is what the user typed into the search field */
      description = g_strdup_printf (_("No account matches “%s”."), escaped);
      adw_status_page_set_icon_name (self->empty_page, "system-search-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Results Found"));
      adw_status_page_set_description (self->empty_page, description);
      gtk_button_set_label (self->empty_button, _("_Clear the Search"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->empty_button),
                                      "accounts.clear-search");
    }
  else
    {
      adw_status_page_set_icon_name (self->empty_page, "network-server-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Accounts Yet"));
      adw_status_page_set_description (self->empty_page,
                                       _("Accounts connect Samband to the services the "
                                         "organization uses, such as Stripe, Fortnox or "
                                         "IdrottOnline."));
      gtk_button_set_label (self->empty_button, _("_Add Account"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->empty_button), "accounts.add");
    }

  gtk_stack_set_visible_child_name (self->stack, "empty");
}

/* An organization has tens of accounts, not thousands: folding while filtering is fast
 * enough, and follows renames without keeping keys. */
static gboolean
match_account (gpointer item,
               gpointer user_data)
{
  SbAccountsPage *self = user_data;
  SbAccount *account = item;
  SbConnector *connector = NULL;
  g_autofree char *text = NULL;
  g_autofree char *key = NULL;

  if (self->query == NULL)
    return TRUE;

  if (self->workspace != NULL)
    connector = sb_connector_catalog_lookup (sb_workspace_get_catalog (self->workspace),
                                             sb_account_get_connector_id (account));
  text = g_strconcat (sb_account_get_name (account), " ",
                      connector != NULL ? sb_connector_get_name (connector)
                                        : sb_account_get_connector_id (account),
                      NULL);
  key = sb_search_fold (text);

  return sb_search_match (key, self->query);
}

static void
on_search_changed (SbAccountsPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  g_clear_pointer (&self->query, g_free);
  if (text != NULL && text[0] != '\0')
    self->query = sb_search_fold (text);

  if (self->search_filter != NULL)
    gtk_filter_changed (GTK_FILTER (self->search_filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_empty_state (self);
}

static void
on_search_stop (SbAccountsPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
clear_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SbAccountsPage *self = SB_ACCOUNTS_PAGE (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  gtk_widget_activate_action (widget, "win.add-account", NULL);
}

static void
on_list_view_activate (SbAccountsPage *self,
                       guint           position,
                       GtkListView    *list_view)
{
  g_autoptr(SbAccount) account = NULL;

  account = g_list_model_get_item (G_LIST_MODEL (gtk_list_view_get_model (list_view)), position);
  if (account == NULL)
    return;

  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-account", "x",
                              sb_account_get_id (account));
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

/* Whether the account's credentials are a person's: the row shows a warning badge. */
static gboolean
is_person_owned (GtkListItem    *list_item,
                 gint64          owner_member_id,
                 SbAccountsPage *self)
{
  g_autoptr(SbMember) owner = NULL;

  if (owner_member_id == 0 || self->workspace == NULL || self->organization == NULL)
    return FALSE;

  owner = sb_workspace_dup_member (self->workspace, self->organization, owner_member_id);
  return owner != NULL && sb_member_get_kind (owner) == SB_MEMBER_KIND_PERSON;
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
  gtk_list_item_set_child (list_item, row);
  g_object_bind_property (list_item, "item", row, "account", G_BINDING_SYNC_CREATE);

  {
    GtkExpression *owner = gtk_property_expression_new (
      SB_TYPE_ACCOUNT, gtk_property_expression_new (GTK_TYPE_LIST_ITEM, NULL, "item"),
      "owner-member-id");
    GtkExpression *person = gtk_cclosure_expression_new (G_TYPE_BOOLEAN, NULL, 1, &owner,
                                                         G_CALLBACK (is_person_owned),
                                                         self, NULL);

    /* The row goes with the page's list view, before the page. */
    gtk_expression_bind (person, row, "person-owned", list_item);
  }
}

/* Adding is for Admins and Collaborators: for the others the button stays, insensitive, and
 * says why. */
static void
update_add_action (SbAccountsPage *self)
{
  g_autoptr(GError) error = NULL;
  gboolean can = FALSE;

  if (self->workspace != NULL && self->organization != NULL)
    can = sb_workspace_check (self->workspace, self->organization,
                              SB_CAPABILITY_EDIT_ACCOUNTS, &error);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "accounts.add", can);
  gtk_widget_set_tooltip_text (self->add_button, can ? _("Connect an account at a service")
                                                    : error != NULL ? error->message : NULL);
}

static void
update_source (SbAccountsPage *self)
{
  GListModel *accounts = NULL;

  if (self->workspace != NULL && self->organization != NULL)
    accounts = sb_workspace_get_accounts (self->workspace, self->organization);

  gtk_filter_list_model_set_model (self->search_model, accounts);
  update_add_action (self);
  update_empty_state (self);
}

static void
sb_accounts_page_dispose (GObject *object)
{
  SbAccountsPage *self = (SbAccountsPage *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_ACCOUNTS_PAGE);
  sb_ui_unparent_children (GTK_WIDGET (self));

  g_clear_object (&self->search_filter);
  g_clear_object (&self->organization);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (sb_accounts_page_parent_class)->dispose (object);
}

static void
sb_accounts_page_finalize (GObject *object)
{
  SbAccountsPage *self = (SbAccountsPage *)object;

  g_free (self->query);

  G_OBJECT_CLASS (sb_accounts_page_parent_class)->finalize (object);
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
  object_class->finalize = sb_accounts_page_finalize;
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
  gtk_widget_class_bind_template_child (widget_class, SbAccountsPage, toolbar);
  gtk_widget_class_bind_template_child (widget_class, SbAccountsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SbAccountsPage, add_button);
  gtk_widget_class_bind_template_child (widget_class, SbAccountsPage, search_model);
  gtk_widget_class_bind_template_child (widget_class, SbAccountsPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, SbAccountsPage, empty_button);
  gtk_widget_class_bind_template_child (widget_class, SbAccountsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SbAccountsPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, SbAccountsPage, selection);
  gtk_widget_class_bind_template_callback (widget_class, on_selection_items_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_stop);
  gtk_widget_class_bind_template_callback (widget_class, on_list_view_activate);

  gtk_widget_class_install_action (widget_class, "accounts.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "accounts.clear-search", NULL,
                                   clear_search_action);

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

  self->search_filter = gtk_custom_filter_new (match_account, self, NULL);
  gtk_filter_list_model_set_filter (self->search_model, GTK_FILTER (self->search_filter));

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

GtkEditable *
sb_accounts_page_get_search_editable (SbAccountsPage *self)
{
  g_return_val_if_fail (SB_IS_ACCOUNTS_PAGE (self), NULL);

  return GTK_EDITABLE (self->search_entry);
}
