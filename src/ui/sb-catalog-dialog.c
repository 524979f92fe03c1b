/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-catalog-dialog.h"
#include "sb-window-private.h"
#include "model/sb-search.h"
#include "workspace/sb-workspace-catalog.h"

/* The catalog of systems as one list: "Blank Integration" first, then a group per type
 * (imports, exports, two-way), each system a row whose subtitle is its provider, its type
 * and the purpose of its processing. Nothing is written before a row is chosen. */
struct _SbCatalogDialog
{
  AdwWindow parent_instance;

  /* template widgets */
  AdwToastOverlay *toast_overlay;
  AdwWindowTitle *window_title;
  GtkSearchEntry *search_entry;
  GtkStack *stack;
  AdwPreferencesPage *page;
  GtkWidget *blank_row;

  /* owned */
  SbWorkspace *workspace;
  SbOrganization *organization;
  GPtrArray *entries;            /* SbCatalogEntry */
  GPtrArray *groups;             /* AdwPreferencesGroup */
  GPtrArray *rows;               /* AdwActionRow, "entry" and "key" data */
  char *error;                   /* what the last refused choice said */
};

G_DEFINE_FINAL_TYPE (SbCatalogDialog, sb_catalog_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_ORGANIZATION,
  N_PROPS
};

enum {
  INTEGRATION_CREATED,
  BLANK_CHOSEN,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
show_error (SbCatalogDialog *self,
            const char      *message)
{
  /* A toast's title is markup; the message is text. */
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  AdwToast *toast = adw_toast_new (escaped);

  g_free (self->error);
  self->error = g_strdup (message);
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
on_blank_row_activated (SbCatalogDialog *self)
{
  g_signal_emit (self, signals[BLANK_CHOSEN], 0);
  gtk_window_close (GTK_WINDOW (self));
}

static void
choose_entry (SbCatalogDialog *self,
              SbCatalogEntry  *entry)
{
  g_autoptr(SbIntegration) integration = NULL;
  g_autoptr(GError) error = NULL;

  if (entry->template == NULL)
    {
      on_blank_row_activated (self);
      return;
    }

  integration = sb_workspace_create_integration_from_template (self->workspace,
                                                               self->organization,
                                                               entry->connector,
                                                               entry->template, &error);
  if (integration == NULL)
    {
      show_error (self, error->message);
      return;
    }

  g_signal_emit (self, signals[INTEGRATION_CREATED], 0, integration);
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_row_activated (AdwActionRow    *row,
                  SbCatalogDialog *self)
{
  choose_entry (self, g_object_get_data (G_OBJECT (row), "entry"));
}

/* “Needs an account at Fortnox”, naming every missing service. */
static char *
dup_missing_text (SbCatalogDialog *self,
                  SbCatalogEntry  *entry)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autofree char *joined = NULL;
  guint n = entry->missing != NULL ? g_strv_length (entry->missing) : 0;

  for (guint i = 0; i < n; i++)
    {
      SbConnector *connector =
        sb_connector_catalog_lookup (sb_workspace_get_catalog (self->workspace),
                                     entry->missing[i]);

      g_ptr_array_add (names, (gpointer) (connector != NULL ? sb_connector_get_name (connector)
                                                            : entry->missing[i]));
    }
  g_ptr_array_add (names, NULL);
  /* Translators: joins the names of services in a list */
  joined = g_strjoinv (C_("list separator", ", "), (char **) names->pdata);

  return g_strdup_printf (/* Translators: %s is the name of one or more services, as in
                           * “Fortnox” or “Fortnox, Stripe”; an integration of the catalog
                           * needs an account there before it can be made */
                          ngettext ("Needs an account at %s", "Needs accounts at %s", n),
                          joined);
}

static GtkWidget *
new_entry_row (SbCatalogDialog *self,
               SbCatalogEntry  *entry)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *name = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *key_text = NULL;
  g_autofree char *missing = NULL;
  const char *purpose;

  if (entry->template != NULL)
    name = g_strdup (entry->template->name);
  else
    name = g_strdup (sb_connector_get_name (entry->connector));

  purpose = entry->purpose != NULL ? entry->purpose
                                   : _("The provider has not stated the purpose of processing");
  if (entry->missing != NULL && entry->missing[0] != NULL && entry->template != NULL)
    missing = dup_missing_text (self, entry);
  /* Translators: the subtitle of a system in “Add integration”: its provider (a company),
   * its type (Import, Export or Two-way), then on a new line the purpose of processing */
  subtitle = g_strdup_printf (_("%s · %s\n%s"), entry->provider,
                              sb_catalog_type_get_label (entry->type), purpose);
  if (missing != NULL)
    {
      char *with_missing = g_strconcat (subtitle, "\n", missing, NULL);

      g_free (subtitle);
      subtitle = with_missing;
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 6);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  if (sb_connector_get_icon_name (entry->connector) != NULL)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name (sb_connector_get_icon_name (entry->connector));

      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      sb_connector_get_name (entry->connector), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
    }

  if (missing != NULL)
    {
      GtkWidget *warning = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_widget_set_tooltip_text (warning, missing);
      gtk_accessible_update_property (GTK_ACCESSIBLE (warning), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      missing, -1);
      gtk_widget_add_css_class (warning, "warning");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), warning);
      g_object_set_data_full (G_OBJECT (row), "missing", g_steal_pointer (&missing), g_free);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("go-next-symbolic"));

  key_text = g_strjoin (" ", name, entry->provider, sb_connector_get_name (entry->connector),
                        sb_catalog_type_get_label (entry->type), purpose,
                        entry->template != NULL && entry->template->description != NULL
                        ? entry->template->description : "", NULL);
  g_object_set_data_full (G_OBJECT (row), "key", sb_search_fold (key_text), g_free);
  g_object_set_data (G_OBJECT (row), "entry", entry);
  g_signal_connect (row, "activated", G_CALLBACK (on_row_activated), self);

  return row;
}

static void
build_rows (SbCatalogDialog *self)
{
  static const struct {
    const char *type;
    const char *title;
  } types[] = {
    { "import", N_("Imports") },
    { "export", N_("Exports") },
    { "two-way", N_("Two-Way") },
  };
  g_autoptr(GError) error = NULL;

  self->entries = sb_workspace_list_catalog (self->workspace, self->organization, &error);
  if (self->entries == NULL)
    {
      self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) sb_catalog_entry_free);
      show_error (self, error->message);
      return;
    }

  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    {
      GtkWidget *group = NULL;

      for (guint i = 0; i < self->entries->len; i++)
        {
          SbCatalogEntry *entry = g_ptr_array_index (self->entries, i);
          GtkWidget *row;

          if (g_strcmp0 (entry->type, types[t].type) != 0)
            continue;

          if (group == NULL)
            {
              group = adw_preferences_group_new ();
              adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group),
                                               _(types[t].title));
              adw_preferences_page_add (self->page, ADW_PREFERENCES_GROUP (group));
              g_ptr_array_add (self->groups, group);
            }
          row = new_entry_row (self, entry);
          g_object_set_data (G_OBJECT (row), "group", group);
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
          g_ptr_array_add (self->rows, row);
        }
    }
}

static guint
update_filter (SbCatalogDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *query = text != NULL && text[0] != '\0' ? sb_search_fold (text) : NULL;
  guint shown = 0;

  for (guint i = 0; i < self->groups->len; i++)
    g_object_set_data (g_ptr_array_index (self->groups, i), "shown", NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      gboolean match = sb_search_match (g_object_get_data (G_OBJECT (row), "key"), query);

      gtk_widget_set_visible (row, match);
      if (match)
        {
          g_object_set_data (g_object_get_data (G_OBJECT (row), "group"), "shown",
                             GINT_TO_POINTER (1));
          shown++;
        }
    }

  for (guint i = 0; i < self->groups->len; i++)
    {
      GObject *group = g_ptr_array_index (self->groups, i);

      gtk_widget_set_visible (GTK_WIDGET (group), g_object_get_data (group, "shown") != NULL);
    }

  /* "Blank Integration" is always there, except while a search finds systems only. */
  gtk_widget_set_visible (gtk_widget_get_ancestor (self->blank_row, ADW_TYPE_PREFERENCES_GROUP),
                          query == NULL);
  gtk_stack_set_visible_child_name (self->stack, query == NULL || shown > 0 ? "list" : "empty");

  return shown;
}

static void
on_search_changed (SbCatalogDialog *self)
{
  update_filter (self);
}

static void
sb_catalog_dialog_constructed (GObject *object)
{
  SbCatalogDialog *self = SB_CATALOG_DIALOG (object);

  G_OBJECT_CLASS (sb_catalog_dialog_parent_class)->constructed (object);

  adw_window_title_set_subtitle (self->window_title,
                                 sb_organization_get_name (self->organization));
  build_rows (self);
  update_filter (self);
}

static void
sb_catalog_dialog_dispose (GObject *object)
{
  SbCatalogDialog *self = SB_CATALOG_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_CATALOG_DIALOG);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_object (&self->workspace);
  g_clear_object (&self->organization);

  G_OBJECT_CLASS (sb_catalog_dialog_parent_class)->dispose (object);
}

static void
sb_catalog_dialog_finalize (GObject *object)
{
  SbCatalogDialog *self = SB_CATALOG_DIALOG (object);

  g_free (self->error);

  G_OBJECT_CLASS (sb_catalog_dialog_parent_class)->finalize (object);
}

static void
sb_catalog_dialog_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SbCatalogDialog *self = SB_CATALOG_DIALOG (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      self->workspace = g_value_dup_object (value);
      break;
    case PROP_ORGANIZATION:
      self->organization = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_catalog_dialog_class_init (SbCatalogDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sb_catalog_dialog_constructed;
  object_class->dispose = sb_catalog_dialog_dispose;
  object_class->finalize = sb_catalog_dialog_finalize;
  object_class->set_property = sb_catalog_dialog_set_property;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL, SB_TYPE_WORKSPACE,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORGANIZATION] =
    g_param_spec_object ("organization", NULL, NULL, SB_TYPE_ORGANIZATION,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[INTEGRATION_CREATED] =
    g_signal_new ("integration-created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, SB_TYPE_INTEGRATION);
  signals[BLANK_CHOSEN] =
    g_signal_new ("blank-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/samband/Samband/ui/sb-catalog-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SbCatalogDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SbCatalogDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, SbCatalogDialog, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SbCatalogDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, SbCatalogDialog, page);
  gtk_widget_class_bind_template_child (widget_class, SbCatalogDialog, blank_row);
  gtk_widget_class_bind_template_callback (widget_class, on_blank_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sb_catalog_dialog_init (SbCatalogDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->groups = g_ptr_array_new ();
  self->rows = g_ptr_array_new ();
}

GtkWindow *
sb_catalog_dialog_new (SbWorkspace    *workspace,
                       SbOrganization *organization)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (SB_IS_ORGANIZATION (organization), NULL);

  return g_object_new (SB_TYPE_CATALOG_DIALOG,
                       "workspace", workspace,
                       "organization", organization,
                       NULL);
}

/* For the tests {{{ */

guint
sb_catalog_dialog_count_shown (SbCatalogDialog *self)
{
  guint shown = 0;

  g_return_val_if_fail (SB_IS_CATALOG_DIALOG (self), 0);

  for (guint i = 0; i < self->rows->len; i++)
    if (gtk_widget_get_visible (g_ptr_array_index (self->rows, i)))
      shown++;
  return shown;
}

GtkEditable *
sb_catalog_dialog_get_search_editable (SbCatalogDialog *self)
{
  g_return_val_if_fail (SB_IS_CATALOG_DIALOG (self), NULL);
  return GTK_EDITABLE (self->search_entry);
}

static GtkWidget *
find_row (SbCatalogDialog *self,
          const char      *reference)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      SbCatalogEntry *entry = g_object_get_data (G_OBJECT (row), "entry");
      g_autofree char *name = entry->template != NULL
        ? g_strdup_printf ("%s/%s", sb_connector_get_id (entry->connector), entry->template->id)
        : g_strdup (sb_connector_get_id (entry->connector));

      if (g_strcmp0 (name, reference) == 0)
        return row;
    }
  return NULL;
}

const char *
sb_catalog_dialog_get_row_text (SbCatalogDialog *self,
                                const char      *reference,
                                const char      *part)
{
  GtkWidget *row;

  g_return_val_if_fail (SB_IS_CATALOG_DIALOG (self), NULL);

  row = find_row (self, reference);
  if (row == NULL)
    return NULL;
  if (g_strcmp0 (part, "title") == 0)
    return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
  if (g_strcmp0 (part, "subtitle") == 0)
    return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
  if (g_strcmp0 (part, "missing") == 0)
    return g_object_get_data (G_OBJECT (row), "missing");
  return NULL;
}

gboolean
sb_catalog_dialog_choose (SbCatalogDialog *self,
                          const char      *reference)
{
  GtkWidget *row;

  g_return_val_if_fail (SB_IS_CATALOG_DIALOG (self), FALSE);

  if (reference == NULL)
    {
      g_signal_emit_by_name (self->blank_row, "activated");
      return TRUE;
    }
  row = find_row (self, reference);
  if (row == NULL || !gtk_widget_get_visible (row))
    return FALSE;
  g_signal_emit_by_name (row, "activated");
  return TRUE;
}

const char *
sb_catalog_dialog_get_error (SbCatalogDialog *self)
{
  g_return_val_if_fail (SB_IS_CATALOG_DIALOG (self), NULL);
  return self->error;
}

/* }}} */
