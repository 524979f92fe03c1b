/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>
#include <string.h>

#include "sb-activated-page.h"
#include "sb-ui.h"

struct _SbActivatedPage
{
  GtkWidget parent_instance;

  /* template widgets */
  GtkToggleButton *activated_toggle;
  GtkToggleButton *deactivated_toggle;
  GtkSearchEntry *search_entry;
  GtkDropDown *type_dropdown;
  GtkDropDown *system_dropdown;
  GtkDropDown *sport_dropdown;
  GtkButton *deactivate_button;
  GtkButton *reactivate_button;
  GtkLabel *error_label;
  GtkColumnView *column_view;
  GtkMultiSelection *selection;

  /* owned */
  SbWorkspace *workspace;
  SbOrganization *organization;
  GtkFileChooserNative *chooser;

  /* borrowed: the column view holds it */
  GtkColumnViewColumn *deactivated_column;
  GListStore *rows;
  GPtrArray *system_ids;   /* beside system_dropdown's items, after "All systems" */
  GPtrArray *sports;       /* beside sport_dropdown's items, after "All sports" */
};

G_DEFINE_FINAL_TYPE (SbActivatedPage, sb_activated_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_ORGANIZATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const kinds[] = { NULL, "import", "export", "two-way" };

typedef char *(*CellTextFunc) (SbActivatedIntegration *row);

static char *
dup_name (SbActivatedIntegration *row)
{
  return g_strdup (sb_integration_get_name (sb_activated_integration_get_integration (row)));
}

static char *
dup_organization (SbActivatedIntegration *row)
{
  return g_strdup (sb_organization_get_name (sb_activated_integration_get_organization (row)));
}

static char *
dup_system (SbActivatedIntegration *row)
{
  return g_strdup (sb_activated_integration_get_system (row));
}

static char *
dup_kind (SbActivatedIntegration *row)
{
  return g_strdup (sb_activated_integration_get_kind_label (row));
}

static char *
dup_sport (SbActivatedIntegration *row)
{
  return g_strdup (sb_activated_integration_get_sport (row));
}

static char *
dup_activated_by (SbActivatedIntegration *row)
{
  return g_strdup (sb_activated_integration_get_activated_by (row));
}

static char *
dup_activated_at (SbActivatedIntegration *row)
{
  return sb_ui_dup_date_time (sb_activated_integration_get_activated_at (row));
}

static char *
dup_deactivated_at (SbActivatedIntegration *row)
{
  return sb_ui_dup_date_time (sb_activated_integration_get_deactivated_at (row));
}

static char *
dup_last_import (SbActivatedIntegration *row)
{
  SbRun *run = sb_activated_integration_get_last_run (row);
  g_autofree char *at = NULL;

  if (run == NULL)
    /* Translators: the last import of an integration that never ran */
    return g_strdup (_("Never"));
  at = sb_ui_dup_date_time (sb_run_get_started_at (run));
  /* Translators: the last import of an integration: a date and time, then how it went */
  return g_strdup_printf (_("%s, %s"), at != NULL ? at : "",
                          sb_run_status_get_label (sb_run_get_status (run)));
}

static char *
dup_purpose (SbActivatedIntegration *row)
{
  return g_strdup (sb_activated_integration_get_purpose (row));
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  CellTextFunc func = (CellTextFunc) user_data;
  SbActivatedIntegration *row = gtk_list_item_get_item (item);
  g_autofree char *text = func (row);
  GtkWidget *label = gtk_list_item_get_child (item);

  gtk_label_set_text (GTK_LABEL (label), text != NULL ? text : "");
  gtk_widget_set_tooltip_text (label, text);
}

static GtkColumnViewColumn *
add_column (SbActivatedPage *self,
            const char      *title,
            CellTextFunc     func,
            int              width,
            gboolean         expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), func);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_column_set_expand (column, expand);
  /* A width of its own, so that the table scrolls sideways rather than cut every cell
   * short; each can be dragged wider. */
  gtk_column_view_column_set_fixed_width (column, width);
  gtk_column_view_append_column (self->column_view, column);
  g_object_unref (column);
  return column;
}

static gboolean
showing_deactivated (SbActivatedPage *self)
{
  return gtk_toggle_button_get_active (self->deactivated_toggle);
}

static void
update_actions (SbActivatedPage *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (
                                                                       self->selection));
  gboolean any = !gtk_bitset_is_empty (selected);
  gboolean deactivated = showing_deactivated (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "activated.deactivate", any && !deactivated);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "activated.reactivate", any && deactivated);
  /* Their parents are the cells of a flow box, which would keep a gap. */
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->deactivate_button)),
                          !deactivated);
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->reactivate_button)),
                          deactivated);
  gtk_widget_set_visible (GTK_WIDGET (self->deactivate_button), !deactivated);
  gtk_widget_set_visible (GTK_WIDGET (self->reactivate_button), deactivated);
  gtk_column_view_column_set_visible (self->deactivated_column, deactivated);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "activated.save-register",
                                 self->workspace != NULL && self->organization != NULL);
}

static void
show_error (SbActivatedPage *self,
            const char      *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static const char *
get_choice (GtkDropDown *dropdown,
            GPtrArray   *values)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (values == NULL || selected == GTK_INVALID_LIST_POSITION || selected == 0 ||
      selected > values->len)
    return NULL;
  return g_ptr_array_index (values, selected - 1);
}

void
sb_activated_page_refresh (SbActivatedPage *self)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  SbActivatedFilter filter = { 0 };
  guint type = gtk_drop_down_get_selected (self->type_dropdown);

  g_return_if_fail (SB_IS_ACTIVATED_PAGE (self));

  if (self->workspace != NULL)
    {
      filter.search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
      filter.kind = type < G_N_ELEMENTS (kinds) ? kinds[type] : NULL;
      filter.system = get_choice (self->system_dropdown, self->system_ids);
      filter.sport = get_choice (self->sport_dropdown, self->sports);
      rows = sb_workspace_list_activated (self->workspace, NULL, showing_deactivated (self),
                                          &filter, &error);
      if (rows == NULL)
        g_warning ("Could not list the activated integrations: %s", error->message);
    }

  /* One items-changed for the whole list, keeping what was selected. */
  {
    g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (
                                      GTK_SELECTION_MODEL (self->selection));
    g_autoptr(GHashTable) ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
    g_autoptr(GtkBitset) keep = gtk_bitset_new_empty ();
    GtkBitsetIter iter;
    guint position;

    for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position);
         more;
         more = gtk_bitset_iter_next (&iter, &position))
      {
        g_autoptr(SbActivatedIntegration) row = g_list_model_get_item (G_LIST_MODEL (self->rows),
                                                                       position);
        gint64 id = sb_integration_get_id (sb_activated_integration_get_integration (row));

        g_hash_table_add (ids, g_memdup2 (&id, sizeof id));
      }

    g_list_store_splice (self->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows)),
                         rows != NULL ? rows->pdata : NULL, rows != NULL ? rows->len : 0);

    for (guint i = 0; rows != NULL && i < rows->len && g_hash_table_size (ids) > 0; i++)
      {
        SbIntegration *integration =
          sb_activated_integration_get_integration (g_ptr_array_index (rows, i));
        gint64 id = sb_integration_get_id (integration);

        if (g_hash_table_contains (ids, &id))
          gtk_bitset_add (keep, i);
      }
    if (!gtk_bitset_is_empty (keep))
      gtk_selection_model_set_selection (GTK_SELECTION_MODEL (self->selection), keep, keep);
  }
  update_actions (self);
}

/* Runs end and integrations change (here or in another process) while the page shows. */
static void
on_workspace_changed (SbActivatedPage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    sb_activated_page_refresh (self);
}

/* The choices of the system and sport filters: the catalog's services, and the sports of the
 * organizations. */
static void
fill_choices (SbActivatedPage *self)
{
  g_autoptr(GtkStringList) systems = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) sports = gtk_string_list_new (NULL);

  g_clear_pointer (&self->system_ids, g_ptr_array_unref);
  g_clear_pointer (&self->sports, g_ptr_array_unref);
  self->system_ids = g_ptr_array_new_with_free_func (g_free);
  self->sports = g_ptr_array_new_with_free_func (g_free);
  gtk_string_list_append (systems, _("All systems"));
  gtk_string_list_append (sports, _("All sports"));

  if (self->workspace != NULL)
    {
      GListModel *connectors =
        sb_connector_catalog_get_connectors (sb_workspace_get_catalog (self->workspace));
      GListModel *organizations = sb_workspace_get_organizations (self->workspace);

      for (guint i = 0; i < g_list_model_get_n_items (connectors); i++)
        {
          g_autoptr(SbConnector) connector = g_list_model_get_item (connectors, i);

          gtk_string_list_append (systems, sb_connector_get_name (connector));
          g_ptr_array_add (self->system_ids, g_strdup (sb_connector_get_id (connector)));
        }
      for (guint i = 0; i < g_list_model_get_n_items (organizations); i++)
        {
          g_autoptr(SbOrganization) org = g_list_model_get_item (organizations, i);
          const char *sport = sb_organization_get_sport (org);
          guint index;

          if (sport == NULL || sport[0] == '\0' ||
              g_ptr_array_find_with_equal_func (self->sports, sport, g_str_equal, &index))
            continue;
          gtk_string_list_append (sports, sport);
          g_ptr_array_add (self->sports, g_strdup (sport));
        }
    }

  gtk_drop_down_set_model (self->system_dropdown, G_LIST_MODEL (systems));
  gtk_drop_down_set_model (self->sport_dropdown, G_LIST_MODEL (sports));
}

static void
on_filter_changed (SbActivatedPage *self)
{
  if (self->rows != NULL)
    sb_activated_page_refresh (self);
}

static void
on_toggle_toggled (SbActivatedPage *self)
{
  show_error (self, NULL);
  on_filter_changed (self);
}

static void
on_selection_changed (SbActivatedPage *self)
{
  update_actions (self);
}

static void
on_selection_items_changed (SbActivatedPage *self)
{
  update_actions (self);
}

static void
set_activated (SbActivatedPage *self,
               gboolean         reactivate)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (
                                                                       self->selection));
  g_autoptr(GPtrArray) integrations = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GtkBitsetIter iter;
  guint position;
  gboolean done;

  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position);
       more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(SbActivatedIntegration) row = g_list_model_get_item (G_LIST_MODEL (self->rows),
                                                                     position);

      g_ptr_array_add (integrations, sb_activated_integration_get_integration (row));
    }
  if (integrations->len == 0)
    return;

  if (reactivate)
    done = sb_workspace_reactivate_integrations (self->workspace,
                                                 (SbIntegration **) integrations->pdata,
                                                 integrations->len, &error);
  else
    done = sb_workspace_deactivate_integrations (self->workspace,
                                                 (SbIntegration **) integrations->pdata,
                                                 integrations->len, &error);
  show_error (self, done ? NULL : error->message);
  sb_activated_page_refresh (self);
}

static void
deactivate_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  set_activated (SB_ACTIVATED_PAGE (widget), FALSE);
}

static void
reactivate_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  set_activated (SB_ACTIVATED_PAGE (widget), TRUE);
}

gboolean
sb_activated_page_save_register (SbActivatedPage  *self,
                                 GFile            *file,
                                 GError          **error)
{
  g_autofree char *basename = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (SB_IS_ACTIVATED_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (self->workspace != NULL && self->organization != NULL, FALSE);

  basename = g_file_get_basename (file);
  if (g_str_has_suffix (basename, ".html") || g_str_has_suffix (basename, ".htm"))
    text = sb_workspace_dup_register_html (self->workspace, self->organization, error);
  else
    text = sb_workspace_dup_register_csv (self->workspace, self->organization, error);

  return text != NULL &&
         g_file_replace_contents (file, text, strlen (text), NULL, FALSE,
                                  G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                  NULL, NULL, error);
}

static void
on_chooser_response (SbActivatedPage      *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GError) error = NULL;

      show_error (self, sb_activated_page_save_register (self, file, &error) ? NULL
                                                                              : error->message);
    }
  g_clear_object (&self->chooser);
}

static void
save_register_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SbActivatedPage *self = SB_ACTIVATED_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) html = gtk_file_filter_new ();
  g_autofree char *name = NULL;

  if (self->chooser != NULL || self->organization == NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Save the Register of Processing"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                               _("_Cancel"));
  /* Translators: a kind of file in the save dialog */
  gtk_file_filter_set_name (csv, _("Spreadsheet (CSV)"));
  gtk_file_filter_add_suffix (csv, "csv");
  /* Translators: a kind of file in the save dialog */
  gtk_file_filter_set_name (html, _("Printable page (HTML)"));
  gtk_file_filter_add_suffix (html, "html");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), csv);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), html);
  /* Translators: the name of the file the register of processing is saved as; %s is the
   * name of an organization */
  name = g_strdup_printf (_("Register of processing %s.csv"),
                          sb_organization_get_name (self->organization));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
sb_activated_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (sb_activated_page_parent_class)->map (widget);

  /* Integrations change elsewhere (paused, activated, run) while the page is hidden. */
  sb_activated_page_refresh (SB_ACTIVATED_PAGE (widget));
}

static void
sb_activated_page_dispose (GObject *object)
{
  SbActivatedPage *self = SB_ACTIVATED_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_ACTIVATED_PAGE);
  sb_ui_unparent_children (GTK_WIDGET (self));
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  g_clear_object (&self->rows);
  g_clear_object (&self->organization);
  g_clear_object (&self->workspace);
  g_clear_pointer (&self->system_ids, g_ptr_array_unref);
  g_clear_pointer (&self->sports, g_ptr_array_unref);

  G_OBJECT_CLASS (sb_activated_page_parent_class)->dispose (object);
}

static void
sb_activated_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SbActivatedPage *self = SB_ACTIVATED_PAGE (object);

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
sb_activated_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SbActivatedPage *self = SB_ACTIVATED_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      sb_activated_page_set_workspace (self, g_value_get_object (value));
      break;
    case PROP_ORGANIZATION:
      sb_activated_page_set_organization (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_activated_page_class_init (SbActivatedPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_activated_page_dispose;
  object_class->get_property = sb_activated_page_get_property;
  object_class->set_property = sb_activated_page_set_property;
  widget_class->map = sb_activated_page_map;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         SB_TYPE_WORKSPACE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ORGANIZATION] =
    g_param_spec_object ("organization", NULL, NULL,
                         SB_TYPE_ORGANIZATION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  sb_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/samband/Samband/ui/"
                                               "sb-activated-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SbActivatedPage, activated_toggle);
  gtk_widget_class_bind_template_child (widget_class, SbActivatedPage, deactivated_toggle);
  gtk_widget_class_bind_template_child (widget_class, SbActivatedPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SbActivatedPage, type_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SbActivatedPage, system_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SbActivatedPage, sport_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SbActivatedPage, deactivate_button);
  gtk_widget_class_bind_template_child (widget_class, SbActivatedPage, reactivate_button);
  gtk_widget_class_bind_template_child (widget_class, SbActivatedPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, SbActivatedPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, SbActivatedPage, selection);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_toggle_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_selection_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_selection_items_changed);

  gtk_widget_class_install_action (widget_class, "activated.deactivate", NULL,
                                   deactivate_action);
  gtk_widget_class_install_action (widget_class, "activated.reactivate", NULL,
                                   reactivate_action);
  gtk_widget_class_install_action (widget_class, "activated.save-register", NULL,
                                   save_register_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
sb_activated_page_init (SbActivatedPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  add_column (self, C_("register column", "Integration"), dup_name, 240, TRUE);
  add_column (self, C_("register column", "Organization"), dup_organization, 120, FALSE);
  add_column (self, C_("register column", "System"), dup_system, 120, FALSE);
  add_column (self, C_("register column", "Type"), dup_kind, 90, FALSE);
  add_column (self, C_("register column", "Sport"), dup_sport, 100, FALSE);
  add_column (self, C_("register column", "Activated by"), dup_activated_by, 140, FALSE);
  add_column (self, C_("register column", "Activated at"), dup_activated_at, 170, FALSE);
  self->deactivated_column = add_column (self, C_("register column", "Deactivated at"),
                                         dup_deactivated_at, 170, FALSE);
  add_column (self, C_("register column", "Last import"), dup_last_import, 220, FALSE);
  add_column (self, C_("register column", "Purpose of processing"), dup_purpose, 340, TRUE);

  self->rows = g_list_store_new (SB_TYPE_ACTIVATED_INTEGRATION);
  gtk_multi_selection_set_model (self->selection, G_LIST_MODEL (self->rows));
  fill_choices (self);
  update_actions (self);
}

SbWorkspace *
sb_activated_page_get_workspace (SbActivatedPage *self)
{
  g_return_val_if_fail (SB_IS_ACTIVATED_PAGE (self), NULL);
  return self->workspace;
}

void
sb_activated_page_set_workspace (SbActivatedPage *self,
                                 SbWorkspace     *workspace)
{
  g_return_if_fail (SB_IS_ACTIVATED_PAGE (self));
  g_return_if_fail (workspace == NULL || SB_IS_WORKSPACE (workspace));

  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);
  if (!g_set_object (&self->workspace, workspace))
    return;
  if (workspace != NULL)
    {
      g_signal_connect_object (workspace, "run-finished", G_CALLBACK (on_workspace_changed),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (workspace, "runs-changed", G_CALLBACK (on_workspace_changed),
                               self, G_CONNECT_SWAPPED);
    }

  fill_choices (self);
  sb_activated_page_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

GtkSelectionModel *
sb_activated_page_get_selection (SbActivatedPage *self)
{
  g_return_val_if_fail (SB_IS_ACTIVATED_PAGE (self), NULL);
  return GTK_SELECTION_MODEL (self->selection);
}

SbOrganization *
sb_activated_page_get_organization (SbActivatedPage *self)
{
  g_return_val_if_fail (SB_IS_ACTIVATED_PAGE (self), NULL);
  return self->organization;
}

void
sb_activated_page_set_organization (SbActivatedPage *self,
                                    SbOrganization  *organization)
{
  g_return_if_fail (SB_IS_ACTIVATED_PAGE (self));
  g_return_if_fail (organization == NULL || SB_IS_ORGANIZATION (organization));

  if (!g_set_object (&self->organization, organization))
    return;

  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORGANIZATION]);
}
