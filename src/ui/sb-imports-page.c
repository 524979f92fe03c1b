/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "sb-imports-page.h"
#include "sb-ui.h"

/* At most this many imports are listed; the search narrows them down. */
#define MAX_SHOWN 200

struct _SbImportsPage
{
  GtkWidget parent_instance;

  /* template widgets */
  GtkStack *stack;
  GtkStack *list_stack;
  GtkSearchEntry *search_entry;
  GtkDropDown *status_drop_down;
  GtkDropDown *period_drop_down;
  GtkRevealer *range_revealer;
  GtkMenuButton *from_button;
  GtkMenuButton *to_button;
  GtkCalendar *from_calendar;
  GtkCalendar *to_calendar;
  GtkListBox *list;
  GtkLabel *detail_title;
  GtkLabel *detail_summary;
  GtkListBox *items;

  /* owned */
  SbWorkspace *workspace;
  SbOrganization *organization;
  gint64 shown_run;
};

G_DEFINE_FINAL_TYPE (SbImportsPage, sb_imports_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_ORGANIZATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
clear_list_box (GtkListBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_list_box_remove (box, child);
}

static char *
dup_local_time (GDateTime *datetime)
{
  if (datetime == NULL)
    return g_strdup ("—");
  return sb_ui_dup_date_time (datetime);
}

static char *
dup_counts_text (SbRun *run)
{
  /* Translators: counts of an import's items */
  return g_strdup_printf (_("read %u, created %u, updated %u, failed %u"),
                          sb_run_get_items_read (run), sb_run_get_items_created (run),
                          sb_run_get_items_updated (run), sb_run_get_items_failed (run));
}

static const char *
get_integration_name (SbImportsPage *self,
                      SbRun         *run)
{
  GListModel *integrations = sb_workspace_get_integrations (self->workspace,
                                                            self->organization);

  for (guint i = 0; i < g_list_model_get_n_items (integrations); i++)
    {
      g_autoptr(SbIntegration) integration = g_list_model_get_item (integrations, i);

      /* The list holds the integration, so its name outlives this reference. */
      if (sb_integration_get_id (integration) == sb_run_get_integration_id (run))
        return sb_integration_get_name (integration);
    }
  return "";
}

/* The last item of the period drop-down: between the dates of the two calendars. */
#define PERIOD_BETWEEN_DATES 4

/* The start of the local day a calendar shows, in UTC; @days_after moves it on. */
static GDateTime *
dup_day_start (GtkCalendar *calendar,
               int          days_after)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (calendar);
  g_autoptr(GDateTime) start = g_date_time_new_local (g_date_time_get_year (day),
                                                      g_date_time_get_month (day),
                                                      g_date_time_get_day_of_month (day),
                                                      0, 0, 0);
  g_autoptr(GDateTime) moved = g_date_time_add_days (start, days_after);

  return g_date_time_to_utc (moved);
}

static void
update_range_buttons (SbImportsPage *self)
{
  g_autoptr(GDateTime) from = gtk_calendar_get_date (self->from_calendar);
  g_autoptr(GDateTime) to = gtk_calendar_get_date (self->to_calendar);
  /* The date in the locale's own way, as in “2026-12-01” or “01.12.2026”. */
  g_autofree char *from_text = g_date_time_format (from, "%x");
  g_autofree char *to_text = g_date_time_format (to, "%x");

  gtk_menu_button_set_label (self->from_button, from_text);
  gtk_menu_button_set_label (self->to_button, to_text);
}

static void
reload (SbImportsPage *self)
{
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) since = NULL;
  g_autoptr(GDateTime) until = NULL;
  /* The periods of the drop-down, in hours back from now (0: any time). */
  static const int periods[] = { 0, 24, 7 * 24, 30 * 24 };
  guint period;
  SbImportStatus status;

  clear_list_box (self->list);
  if (self->workspace == NULL || self->organization == NULL)
    {
      gtk_stack_set_visible_child_name (self->list_stack, "empty");
      return;
    }

  status = (SbImportStatus) MIN (gtk_drop_down_get_selected (self->status_drop_down),
                                 SB_IMPORT_STATUS_RUNNING);
  period = MIN (gtk_drop_down_get_selected (self->period_drop_down), PERIOD_BETWEEN_DATES);
  gtk_revealer_set_reveal_child (self->range_revealer, period == PERIOD_BETWEEN_DATES);
  if (period == PERIOD_BETWEEN_DATES)
    {
      /* Both days are included, in whichever order they were chosen. */
      since = dup_day_start (self->from_calendar, 0);
      until = dup_day_start (self->to_calendar, 1);
      if (g_date_time_compare (since, until) >= 0)
        {
          g_clear_pointer (&since, g_date_time_unref);
          g_clear_pointer (&until, g_date_time_unref);
          since = dup_day_start (self->to_calendar, 0);
          until = dup_day_start (self->from_calendar, 1);
        }
    }
  else if (periods[period] > 0)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      since = g_date_time_add_hours (now, -periods[period]);
    }
  runs = sb_workspace_list_imports (self->workspace, self->organization,
                                    gtk_editable_get_text (GTK_EDITABLE (self->search_entry)),
                                    status, since, until, MAX_SHOWN, &error);
  if (runs == NULL)
    {
      g_debug ("The imports could not be listed: %s", error->message);
      gtk_stack_set_visible_child_name (self->list_stack, "empty");
      return;
    }

  for (guint i = 0; i < runs->len; i++)
    {
      SbRun *run = g_ptr_array_index (runs, i);
      GDateTime *started = sb_run_get_started_at (run) != NULL ? sb_run_get_started_at (run)
                                                               : sb_run_get_queued_at (run);
      g_autofree char *time = dup_local_time (started);
      g_autofree char *counts = dup_counts_text (run);
      /* Translators: an import in the list: its status, when it started, its counts */
      g_autofree char *subtitle = g_strdup_printf (_("%s · %s · %s"),
                                                   sb_import_status_get_label (
                                                     sb_import_status_for_run (run)),
                                                   time, counts);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     get_integration_name (self, run));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "imports.open");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "x", sb_run_get_id (run));
      gtk_list_box_append (self->list, row);
    }
  gtk_stack_set_visible_child_name (self->list_stack, runs->len > 0 ? "list" : "empty");
}

static void
show_run (SbImportsPage *self,
          gint64         run_id)
{
  g_autoptr(SbRun) run = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *counts = NULL;
  g_autoptr(GString) summary = NULL;

  if (self->workspace == NULL || self->organization == NULL)
    return;
  run = sb_workspace_dup_run (self->workspace, run_id, &error);
  if (run != NULL)
    items = sb_workspace_list_import_items (self->workspace, run, &error);
  if (items == NULL)
    {
      g_debug ("Import %" G_GINT64_FORMAT " cannot be shown: %s", run_id, error->message);
      return;
    }

  self->shown_run = run_id;
  /* Translators: the heading of an import's details; %s is the name of the integration */
  title = g_strdup_printf (_("Import of “%s”"), get_integration_name (self, run));
  gtk_label_set_text (self->detail_title, title);

  counts = dup_counts_text (run);
  summary = g_string_new (sb_import_status_get_label (sb_import_status_for_run (run)));
  g_string_append_printf (summary, " · %s", counts);
  if (sb_run_get_error (run) != NULL)
    g_string_append_printf (summary, "\n%s", sb_run_get_error (run));
  gtk_label_set_text (self->detail_summary, summary->str);

  clear_list_box (self->items);
  for (guint i = 0; i < items->len; i++)
    {
      SbImportItem *item = g_ptr_array_index (items, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *name = NULL;
      g_autofree char *subtitle = NULL;

      if (item->key != NULL && item->id != NULL && g_strcmp0 (item->key, item->id) != 0)
        name = g_strdup_printf ("%s (%s)", item->key, item->id);
      else if (item->key != NULL)
        name = g_strdup (item->key);
      else
        /* Translators: an item of an import without a name; %u is its place, from 1 */
        name = g_strdup_printf (_("Item %u"), item->index + 1);

      if (item->reason != NULL)
        subtitle = g_strdup_printf ("%s: %s", sb_import_outcome_get_label (item->outcome),
                                    item->reason);
      else
        subtitle = g_strdup (sb_import_outcome_get_label (item->outcome));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      if (g_strcmp0 (item->outcome, "failed") == 0)
        gtk_widget_add_css_class (row, "error");
      gtk_list_box_append (self->items, row);
    }
  if (items->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("No outcome of any item was recorded"));
      gtk_list_box_append (self->items, row);
    }
  gtk_stack_set_visible_child_name (self->stack, "detail");
}

static void
on_filter_changed (SbImportsPage *self)
{
  reload (self);
}

static void
on_range_changed (SbImportsPage *self)
{
  update_range_buttons (self);
  reload (self);
}

static void
on_run_finished (SbWorkspace   *workspace,
                 SbRun         *run,
                 SbImportsPage *self)
{
  reload (self);
  if (self->shown_run == sb_run_get_id (run))
    show_run (self, self->shown_run);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  show_run (SB_IMPORTS_PAGE (widget), g_variant_get_int64 (parameter));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SbImportsPage *self = SB_IMPORTS_PAGE (widget);

  self->shown_run = 0;
  gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
sb_imports_page_dispose (GObject *object)
{
  SbImportsPage *self = (SbImportsPage *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_IMPORTS_PAGE);
  sb_ui_unparent_children (GTK_WIDGET (self));

  g_clear_object (&self->organization);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (sb_imports_page_parent_class)->dispose (object);
}

static void
sb_imports_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SbImportsPage *self = SB_IMPORTS_PAGE (object);

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
sb_imports_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SbImportsPage *self = SB_IMPORTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      sb_imports_page_set_workspace (self, g_value_get_object (value));
      break;
    case PROP_ORGANIZATION:
      sb_imports_page_set_organization (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_imports_page_class_init (SbImportsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_imports_page_dispose;
  object_class->get_property = sb_imports_page_get_property;
  object_class->set_property = sb_imports_page_set_property;

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
                                               "/io/github/samband/Samband/ui/sb-imports-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SbImportsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SbImportsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, SbImportsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SbImportsPage, status_drop_down);
  gtk_widget_class_bind_template_child (widget_class, SbImportsPage, period_drop_down);
  gtk_widget_class_bind_template_child (widget_class, SbImportsPage, range_revealer);
  gtk_widget_class_bind_template_child (widget_class, SbImportsPage, from_button);
  gtk_widget_class_bind_template_child (widget_class, SbImportsPage, to_button);
  gtk_widget_class_bind_template_child (widget_class, SbImportsPage, from_calendar);
  gtk_widget_class_bind_template_child (widget_class, SbImportsPage, to_calendar);
  gtk_widget_class_bind_template_child (widget_class, SbImportsPage, list);
  gtk_widget_class_bind_template_child (widget_class, SbImportsPage, detail_title);
  gtk_widget_class_bind_template_child (widget_class, SbImportsPage, detail_summary);
  gtk_widget_class_bind_template_child (widget_class, SbImportsPage, items);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_range_changed);

  gtk_widget_class_install_action (widget_class, "imports.open", "x", open_action);
  gtk_widget_class_install_action (widget_class, "imports.back", NULL, back_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
sb_imports_page_init (SbImportsPage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) month_ago = g_date_time_add_days (now, -30);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Between dates starts as the last 30 days, today included. */
  gtk_calendar_select_day (self->from_calendar, month_ago);
  update_range_buttons (self);
  reload (self);
}

SbWorkspace *
sb_imports_page_get_workspace (SbImportsPage *self)
{
  g_return_val_if_fail (SB_IS_IMPORTS_PAGE (self), NULL);

  return self->workspace;
}

void
sb_imports_page_set_workspace (SbImportsPage *self,
                               SbWorkspace   *workspace)
{
  g_return_if_fail (SB_IS_IMPORTS_PAGE (self));
  g_return_if_fail (workspace == NULL || SB_IS_WORKSPACE (workspace));

  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);
  if (!g_set_object (&self->workspace, workspace))
    return;
  if (workspace != NULL)
    {
      g_signal_connect_object (workspace, "run-finished", G_CALLBACK (on_run_finished), self, 0);
      /* Running imports show as they start, and those of another process as it writes. */
      g_signal_connect_object (workspace, "run-started", G_CALLBACK (reload), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (workspace, "runs-changed", G_CALLBACK (reload), self,
                               G_CONNECT_SWAPPED);
    }

  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

SbOrganization *
sb_imports_page_get_organization (SbImportsPage *self)
{
  g_return_val_if_fail (SB_IS_IMPORTS_PAGE (self), NULL);

  return self->organization;
}

void
sb_imports_page_set_organization (SbImportsPage  *self,
                                  SbOrganization *organization)
{
  g_return_if_fail (SB_IS_IMPORTS_PAGE (self));
  g_return_if_fail (organization == NULL || SB_IS_ORGANIZATION (organization));

  if (!g_set_object (&self->organization, organization))
    return;

  self->shown_run = 0;
  gtk_stack_set_visible_child_name (self->stack, "list");
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORGANIZATION]);
}

GtkListBox *
sb_imports_page_get_list (SbImportsPage *self)
{
  g_return_val_if_fail (SB_IS_IMPORTS_PAGE (self), NULL);

  return self->list;
}

GtkListBox *
sb_imports_page_get_items (SbImportsPage *self)
{
  g_return_val_if_fail (SB_IS_IMPORTS_PAGE (self), NULL);

  return self->items;
}

GtkEditable *
sb_imports_page_get_search (SbImportsPage *self)
{
  g_return_val_if_fail (SB_IS_IMPORTS_PAGE (self), NULL);

  return GTK_EDITABLE (self->search_entry);
}

GtkDropDown *
sb_imports_page_get_status (SbImportsPage *self)
{
  g_return_val_if_fail (SB_IS_IMPORTS_PAGE (self), NULL);

  return self->status_drop_down;
}

GtkDropDown *
sb_imports_page_get_period (SbImportsPage *self)
{
  g_return_val_if_fail (SB_IS_IMPORTS_PAGE (self), NULL);

  return self->period_drop_down;
}

GtkCalendar *
sb_imports_page_get_calendar (SbImportsPage *self,
                              gboolean       to)
{
  g_return_val_if_fail (SB_IS_IMPORTS_PAGE (self), NULL);

  return to ? self->to_calendar : self->from_calendar;
}

const char *
sb_imports_page_get_range_text (SbImportsPage *self,
                                gboolean       to)
{
  g_return_val_if_fail (SB_IS_IMPORTS_PAGE (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->range_revealer))
    return NULL;
  return gtk_menu_button_get_label (to ? self->to_button : self->from_button);
}

gint64
sb_imports_page_get_shown_run (SbImportsPage *self)
{
  g_return_val_if_fail (SB_IS_IMPORTS_PAGE (self), 0);

  return self->shown_run;
}
