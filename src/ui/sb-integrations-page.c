/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "sb-integrations-page.h"
#include "sb-integration-filter.h"
#include "sb-integration-row.h"
#include "sb-window-private.h"
#include "sb-ui.h"

#define TAB_ACTIVE "active"
#define TAB_INACTIVE "inactive"

struct _SbIntegrationsPage
{
  GtkWidget parent_instance;

  /* template widgets */
  GtkWidget *toolbar;
  GtkSearchEntry *search_entry;
  GtkStack *stack;
  AdwStatusPage *empty_page;
  GtkListView *list_view;
  GtkFilterListModel *search_model;
  SbIntegrationFilter *search_filter;
  GtkWidget *active_button;
  GtkWidget *inactive_button;
  GtkLabel *active_count;
  GtkLabel *inactive_count;
  GtkWidget *clear_search_button;

  /* owned */
  /* One filter model with both halves in a GtkEveryFilter: a filter model on top of another
   * pays for every lookup of the lower one, four times the cost with 100,000 integrations. */
  GtkCustomFilter *status_filter;
  SbWorkspace *workspace;
  SbOrganization *organization;
  char *tab;
  /* SbIntegration (a reference) -> its "notify" handler id. A GtkFilterListModel does not
   * watch its items, so a change of status or name must tell the filters itself. */
  GHashTable *watched;

  /* borrowed: the workspace's list, alive as long as the workspace */
  GListModel *integrations;
};

G_DEFINE_FINAL_TYPE (SbIntegrationsPage, sb_integrations_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_ORGANIZATION,
  PROP_TAB,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
match_tab (gpointer item,
           gpointer user_data)
{
  SbIntegrationsPage *self = user_data;
  gboolean live = sb_integration_get_status (item) == SB_INTEGRATION_STATUS_LIVE;

  return live == (g_strcmp0 (self->tab, TAB_INACTIVE) != 0);
}

static void
update_empty_state (SbIntegrationsPage *self)
{
  guint total;
  guint shown;
  const char *search;

  /* The template's signals may fire while it is being built, before its children are bound. */
  if (self->stack == NULL || self->search_model == NULL || self->search_entry == NULL)
    return;

  total = self->integrations != NULL ? g_list_model_get_n_items (self->integrations) : 0;
  shown = g_list_model_get_n_items (G_LIST_MODEL (self->search_model));
  search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  gtk_widget_set_visible (self->toolbar, total > 0);

  if (shown > 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "list");
      return;
    }

  gtk_widget_set_visible (self->clear_search_button,
                          total > 0 && search != NULL && search[0] != '\0');

  if (total == 0)
    {
      adw_status_page_set_icon_name (self->empty_page, "emblem-synchronizing-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Integrations Yet"));
      adw_status_page_set_description (self->empty_page,
                                       _("An integration reacts to an event at one service "
                                         "and acts at another, such as creating an invoice "
                                         "when a payment succeeds."));
    }
  else if (search != NULL && search[0] != '\0')
    {
      g_autofree char *escaped = g_markup_escape_text (search, -1);
      g_autofree char *description = NULL;

      /* Translators: %s is what the user typed into the search field */
      description = g_strdup_printf (_("No integration matches “%s”."), escaped);
      adw_status_page_set_icon_name (self->empty_page, "system-search-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Results Found"));
      adw_status_page_set_description (self->empty_page, description);
    }
  else if (g_strcmp0 (self->tab, TAB_INACTIVE) == 0)
    {
      adw_status_page_set_icon_name (self->empty_page, "emblem-synchronizing-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Inactive Integrations"));
      adw_status_page_set_description (self->empty_page,
                                       _("Paused integrations and drafts are listed here."));
    }
  else
    {
      adw_status_page_set_icon_name (self->empty_page, "emblem-synchronizing-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Active Integrations"));
      adw_status_page_set_description (self->empty_page,
                                       _("Integrations that are Live are listed here."));
    }

  gtk_stack_set_visible_child_name (self->stack, "empty");
}

static void
update_counts (SbIntegrationsPage *self)
{
  guint live = 0;
  guint n;
  char text[16];

  if (self->active_count == NULL)
    return;

  n = self->integrations != NULL ? g_list_model_get_n_items (self->integrations) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SbIntegration) integration = g_list_model_get_item (self->integrations, i);

      if (sb_integration_get_status (integration) == SB_INTEGRATION_STATUS_LIVE)
        live++;
    }

  g_snprintf (text, sizeof text, "%u", live);
  gtk_label_set_label (self->active_count, text);
  g_snprintf (text, sizeof text, "%u", n - live);
  gtk_label_set_label (self->inactive_count, text);

  /* A button whose child is a box of labels has no name of its own for a screen reader. */
  {
    /* Translators: how a screen reader announces the tab of Live integrations */
    g_autofree char *active = g_strdup_printf (ngettext ("Active, %u integration",
                                                         "Active, %u integrations", live),
                                               live);
    /* Translators: how a screen reader announces the tab of Paused and Draft integrations */
    g_autofree char *inactive = g_strdup_printf (ngettext ("Inactive, %u integration",
                                                           "Inactive, %u integrations",
                                                           n - live),
                                                 n - live);

    gtk_accessible_update_property (GTK_ACCESSIBLE (self->active_button),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, active, -1);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->inactive_button),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, inactive, -1);
  }
}

static void
on_integration_notify (SbIntegrationsPage *self,
                       GParamSpec         *pspec,
                       SbIntegration      *integration)
{
  if (g_str_equal (pspec->name, "status"))
    {
      gtk_filter_changed (GTK_FILTER (self->status_filter), GTK_FILTER_CHANGE_DIFFERENT);
      update_counts (self);
    }
  else if (g_str_equal (pspec->name, "name") || g_str_equal (pspec->name, "description") ||
           g_str_equal (pspec->name, "services"))
    {
      /* The integration's search key is new: a search under way asks again. */
      if (sb_integration_filter_get_search (self->search_filter) == NULL)
        return;
      gtk_filter_changed (GTK_FILTER (self->search_filter), GTK_FILTER_CHANGE_DIFFERENT);
    }
  else
    {
      return;
    }

  update_empty_state (self);
}

static void
unwatch_all (SbIntegrationsPage *self)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->watched);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_signal_handler_disconnect (key, GPOINTER_TO_SIZE (value));
      g_object_unref (key);
      g_hash_table_iter_remove (&iter);
    }
}

/* Watches exactly the integrations that the workspace's list holds now. */
static void
sync_watched (SbIntegrationsPage *self)
{
  g_autoptr(GHashTable) present = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer key, value;
  guint n;

  n = self->integrations != NULL ? g_list_model_get_n_items (self->integrations) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SbIntegration) integration = g_list_model_get_item (self->integrations, i);

      g_hash_table_add (present, integration);
      if (!g_hash_table_contains (self->watched, integration))
        {
          gulong id = g_signal_connect_swapped (integration, "notify",
                                                G_CALLBACK (on_integration_notify), self);

          g_hash_table_insert (self->watched, g_object_ref (integration), GSIZE_TO_POINTER (id));
        }
    }

  g_hash_table_iter_init (&iter, self->watched);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (g_hash_table_contains (present, key))
        continue;

      g_signal_handler_disconnect (key, GPOINTER_TO_SIZE (value));
      g_object_unref (key);
      g_hash_table_iter_remove (&iter);
    }
}

static void
on_integrations_items_changed (SbIntegrationsPage *self,
                               guint               position,
                               guint               removed,
                               guint               added,
                               GListModel         *model)
{
  sync_watched (self);
  update_counts (self);
  update_empty_state (self);
}

static void
on_search_model_items_changed (SbIntegrationsPage *self,
                               guint               position,
                               guint               removed,
                               guint               added,
                               GListModel         *model)
{
  update_empty_state (self);
}

static void
on_search_filter_notify_search (SbIntegrationsPage *self)
{
  update_empty_state (self);
}

static void
on_search_entry_stop_search (SbIntegrationsPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
on_list_view_activate (SbIntegrationsPage *self,
                       guint               position,
                       GtkListView        *list_view)
{
  g_autoptr(SbIntegration) integration = NULL;

  integration = g_list_model_get_item (G_LIST_MODEL (gtk_list_view_get_model (list_view)),
                                       position);
  if (integration == NULL)
    return;

  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-integration", "x",
                              sb_integration_get_id (integration));
}

static void
clear_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SbIntegrationsPage *self = SB_INTEGRATIONS_PAGE (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* The rows need the connector catalog for the icons of the services, which a factory built
 * from a .ui cannot hand them: this one is made in C. */
static void
on_factory_setup (SbIntegrationsPage       *self,
                  GtkListItem              *list_item,
                  GtkSignalListItemFactory *factory)
{
  SbConnectorCatalog *catalog = NULL;
  GtkWidget *row;

  if (self->workspace != NULL)
    catalog = sb_workspace_get_catalog (self->workspace);

  row = sb_integration_row_new (catalog);
  gtk_list_item_set_child (list_item, row);
  g_object_bind_property (list_item, "item", row, "integration", G_BINDING_SYNC_CREATE);
}

static void
update_source (SbIntegrationsPage *self)
{
  GListModel *integrations = NULL;

  if (self->workspace != NULL && self->organization != NULL)
    integrations = sb_workspace_get_integrations (self->workspace, self->organization);

  if (integrations == self->integrations)
    return;

  if (self->integrations != NULL)
    g_signal_handlers_disconnect_by_func (self->integrations,
                                          on_integrations_items_changed, self);

  unwatch_all (self);
  self->integrations = integrations;
  gtk_filter_list_model_set_model (self->search_model, integrations);
  /* Folds the search keys in idle time, so the first keystroke does not pay for them. */
  if (integrations != NULL)
    sb_integration_filter_prepare (self->search_filter, integrations);

  if (integrations != NULL)
    g_signal_connect_object (integrations, "items-changed",
                             G_CALLBACK (on_integrations_items_changed), self,
                             G_CONNECT_SWAPPED);

  sync_watched (self);
  update_counts (self);
  update_empty_state (self);
}

static void
sb_integrations_page_dispose (GObject *object)
{
  SbIntegrationsPage *self = (SbIntegrationsPage *)object;

  if (self->integrations != NULL)
    g_signal_handlers_disconnect_by_func (self->integrations,
                                          on_integrations_items_changed, self);
  self->integrations = NULL;
  unwatch_all (self);
  if (self->search_filter != NULL)
    sb_integration_filter_prepare (self->search_filter, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_INTEGRATIONS_PAGE);
  sb_ui_unparent_children (GTK_WIDGET (self));

  g_clear_object (&self->status_filter);
  g_clear_object (&self->organization);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (sb_integrations_page_parent_class)->dispose (object);
}

static void
sb_integrations_page_finalize (GObject *object)
{
  SbIntegrationsPage *self = (SbIntegrationsPage *)object;

  g_clear_pointer (&self->watched, g_hash_table_unref);
  g_free (self->tab);

  G_OBJECT_CLASS (sb_integrations_page_parent_class)->finalize (object);
}

static void
sb_integrations_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  SbIntegrationsPage *self = SB_INTEGRATIONS_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;
    case PROP_ORGANIZATION:
      g_value_set_object (value, self->organization);
      break;
    case PROP_TAB:
      g_value_set_string (value, self->tab);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_integrations_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  SbIntegrationsPage *self = SB_INTEGRATIONS_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      sb_integrations_page_set_workspace (self, g_value_get_object (value));
      break;
    case PROP_ORGANIZATION:
      sb_integrations_page_set_organization (self, g_value_get_object (value));
      break;
    case PROP_TAB:
      sb_integrations_page_set_tab (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_integrations_page_class_init (SbIntegrationsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_integrations_page_dispose;
  object_class->finalize = sb_integrations_page_finalize;
  object_class->get_property = sb_integrations_page_get_property;
  object_class->set_property = sb_integrations_page_set_property;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         SB_TYPE_WORKSPACE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ORGANIZATION] =
    g_param_spec_object ("organization", NULL, NULL,
                         SB_TYPE_ORGANIZATION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* "active" (Live) or "inactive" (Paused and Draft). */
  properties[PROP_TAB] =
    g_param_spec_string ("tab", NULL, NULL,
                         TAB_ACTIVE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SB_TYPE_INTEGRATION);
  g_type_ensure (SB_TYPE_INTEGRATION_ROW);
  g_type_ensure (SB_TYPE_INTEGRATION_FILTER);

  sb_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/samband/Samband/ui/sb-integrations-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationsPage, toolbar);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationsPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationsPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationsPage, search_model);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationsPage, search_filter);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationsPage, active_button);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationsPage, inactive_button);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationsPage, active_count);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationsPage, inactive_count);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationsPage, clear_search_button);
  gtk_widget_class_bind_template_callback (widget_class, on_search_model_items_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_filter_notify_search);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_list_view_activate);

  gtk_widget_class_install_property_action (widget_class, "integrations.tab", "tab");
  gtk_widget_class_install_action (widget_class, "integrations.clear-search", NULL,
                                   clear_search_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
sb_integrations_page_init (SbIntegrationsPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkEveryFilter) every = NULL;

  self->tab = g_strdup (TAB_ACTIVE);
  self->watched = g_hash_table_new (NULL, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (factory, "setup", G_CALLBACK (on_factory_setup), self,
                           G_CONNECT_SWAPPED);
  gtk_list_view_set_factory (self->list_view, factory);

  /* The tab first: it is cheaper, and half the rows stop there. */
  self->status_filter = gtk_custom_filter_new (match_tab, self, NULL);
  every = gtk_every_filter_new ();
  gtk_multi_filter_append (GTK_MULTI_FILTER (every),
                           g_object_ref (GTK_FILTER (self->status_filter)));
  gtk_multi_filter_append (GTK_MULTI_FILTER (every),
                           g_object_ref (GTK_FILTER (self->search_filter)));
  gtk_filter_list_model_set_filter (self->search_model, GTK_FILTER (every));

  /* Typing anywhere on the page starts a search (not a property in GTK 4.8, so not in the
   * template). */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));

  update_empty_state (self);
}

SbWorkspace *
sb_integrations_page_get_workspace (SbIntegrationsPage *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATIONS_PAGE (self), NULL);

  return self->workspace;
}

void
sb_integrations_page_set_workspace (SbIntegrationsPage *self,
                                    SbWorkspace        *workspace)
{
  g_return_if_fail (SB_IS_INTEGRATIONS_PAGE (self));
  g_return_if_fail (workspace == NULL || SB_IS_WORKSPACE (workspace));

  if (!g_set_object (&self->workspace, workspace))
    return;

  update_source (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

SbOrganization *
sb_integrations_page_get_organization (SbIntegrationsPage *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATIONS_PAGE (self), NULL);

  return self->organization;
}

void
sb_integrations_page_set_organization (SbIntegrationsPage *self,
                                       SbOrganization     *organization)
{
  g_return_if_fail (SB_IS_INTEGRATIONS_PAGE (self));
  g_return_if_fail (organization == NULL || SB_IS_ORGANIZATION (organization));

  if (!g_set_object (&self->organization, organization))
    return;

  update_source (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORGANIZATION]);
}

const char *
sb_integrations_page_get_tab (SbIntegrationsPage *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATIONS_PAGE (self), NULL);

  return self->tab;
}

void
sb_integrations_page_set_tab (SbIntegrationsPage *self,
                              const char         *tab)
{
  g_return_if_fail (SB_IS_INTEGRATIONS_PAGE (self));

  if (tab == NULL)
    tab = TAB_ACTIVE;

  if (!g_str_equal (tab, TAB_ACTIVE) && !g_str_equal (tab, TAB_INACTIVE))
    {
      g_warning ("Unknown integrations tab “%s”", tab);
      return;
    }

  if (g_strcmp0 (self->tab, tab) == 0)
    return;

  g_free (self->tab);
  self->tab = g_strdup (tab);

  gtk_filter_changed (GTK_FILTER (self->status_filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_empty_state (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAB]);
}

void
sb_integrations_page_focus_search (SbIntegrationsPage *self)
{
  g_return_if_fail (SB_IS_INTEGRATIONS_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

GListModel *
sb_integrations_page_get_shown_model (SbIntegrationsPage *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATIONS_PAGE (self), NULL);

  return G_LIST_MODEL (gtk_list_view_get_model (self->list_view));
}

GtkEditable *
sb_integrations_page_get_search_editable (SbIntegrationsPage *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATIONS_PAGE (self), NULL);

  return GTK_EDITABLE (self->search_entry);
}

const char *
sb_integrations_page_get_visible_state (SbIntegrationsPage *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATIONS_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

AdwStatusPage *
sb_integrations_page_get_empty_page (SbIntegrationsPage *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATIONS_PAGE (self), NULL);

  return self->empty_page;
}

const char *
sb_integrations_page_get_count_text (SbIntegrationsPage *self,
                                     const char         *tab)
{
  g_return_val_if_fail (SB_IS_INTEGRATIONS_PAGE (self), NULL);

  return gtk_label_get_label (g_strcmp0 (tab, TAB_INACTIVE) == 0 ? self->inactive_count
                                                                 : self->active_count);
}

GtkWidget *
sb_integrations_page_get_clear_search_button (SbIntegrationsPage *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATIONS_PAGE (self), NULL);

  return self->clear_search_button;
}
