/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-integration-view.h"
#include "sb-integration-editor.h"
#include "sb-run-window.h"
#include "sb-window.h"
#include "sb-window-private.h"
#include "sb-ui.h"
#include "model/sb-search.h"
#include "workspace/sb-workspace-catalog.h"

struct _SbIntegrationView
{
  GtkWidget parent_instance;

  /* template widgets */
  AdwWindowTitle *window_title;
  GtkRevealer *engine_revealer;
  GtkLabel *engine_label;
  GtkRevealer *provider_revealer;
  GtkLabel *provider_label;
  GtkRevealer *draft_revealer;
  GtkLabel *name_label;
  GtkLabel *status_label;
  GtkLabel *description_label;
  GtkLabel *created_label;
  GtkLabel *activated_label;
  GtkWidget *activate_button;
  GtkWidget *pause_button;
  GtkWidget *run_button;
  GtkWidget *edit_button;
  GtkWidget *duplicate_button;
  GtkWidget *delete_button;
  GtkWidget *publish_button;
  GtkWidget *discard_button;
  AdwViewStack *sections;
  AdwPreferencesGroup *trigger_group;
  AdwPreferencesGroup *steps_group;
  AdwPreferencesGroup *settings_group;
  AdwPreferencesGroup *versions_group;
  GtkStack *runs_stack;
  GtkListView *runs_view;
  GtkDropDown *log_level_dropdown;
  GtkSearchEntry *log_search_entry;
  GtkStack *logs_stack;
  GtkListView *logs_view;
  GtkFilterListModel *logs_model;
  AdwStatusPage *logs_empty_page;

  /* owned */
  SbWorkspace *workspace;
  SbIntegration *integration;
  SbOrganization *organization;
  GtkCustomFilter *logs_filter;
  char *log_query;
  /* The rows this view added to the preferences groups, to remove them again. */
  GPtrArray *group_rows;
  /* The names of the actions enabled now ("integration.pause", ...). */
  GHashTable *enabled_actions;
  /* The integrations whose run this view started and that still run (a set). */
  GHashTable *running;
  /* The rows of the runs list bound now, by run id (RunRow, owned by the row's box). */
  GHashTable *run_rows;
  /* Whether the acting member may cancel and replay runs, and if not, why. */
  gboolean can_run;
  char *run_why;

  /* borrowed: the workspace's lists, alive as long as it is */
  GListModel *runs;
  GListModel *versions;
};

G_DEFINE_FINAL_TYPE (SbIntegrationView, sb_integration_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_INTEGRATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void refresh_run_rows (SbIntegrationView *self);

static char *
dup_member_name (SbIntegrationView *self,
                 gint64             member_id)
{
  char *name;

  if (member_id == 0)
    return NULL;

  name = sb_workspace_dup_member_name (self->workspace, member_id);
  /* Translators: who did something, when that member no longer exists */
  return name != NULL ? name : g_strdup (_("a former member"));
}

static char *
dup_account_name (SbIntegrationView *self,
                  JsonObject        *object)
{
  GListModel *accounts;
  JsonNode *node;
  gint64 id;
  guint n;

  node = json_object_get_member (object, "account");
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  if (json_node_get_value_type (node) != G_TYPE_INT64)
    return NULL;

  id = json_node_get_int (node);
  accounts = sb_workspace_get_accounts (self->workspace, self->organization);
  n = g_list_model_get_n_items (accounts);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SbAccount) account = g_list_model_get_item (accounts, i);

      if (sb_account_get_id (account) == id)
        return g_strdup (sb_account_get_name (account));
    }

  /* Translators: a step or trigger refers to an account that was deleted */
  return g_strdup (_("a deleted account"));
}

/* Header */

static char *
dup_status_class (SbIntegrationStatus status)
{
  switch (status)
    {
    case SB_INTEGRATION_STATUS_LIVE:
      return g_strdup ("live");
    case SB_INTEGRATION_STATUS_PAUSED:
      return g_strdup ("paused");
    case SB_INTEGRATION_STATUS_DRAFT:
    default:
      return g_strdup ("draft");
    }
}

static void
update_header (SbIntegrationView *self)
{
  SbIntegrationStatus status;
  g_autofree char *status_class = NULL;
  g_autofree char *created = NULL;
  g_autofree char *activated = NULL;
  g_autofree char *creator = NULL;
  g_autofree char *activator = NULL;
  g_autofree char *created_at = NULL;
  g_autofree char *activated_at = NULL;
  const char *description;

  if (self->integration == NULL)
    return;

  status = sb_integration_get_status (self->integration);
  status_class = dup_status_class (status);

  adw_window_title_set_title (self->window_title, sb_integration_get_name (self->integration));
  adw_window_title_set_subtitle (self->window_title,
                                 self->organization != NULL
                                 ? sb_organization_get_name (self->organization) : NULL);
  gtk_label_set_label (self->name_label, sb_integration_get_name (self->integration));
  gtk_label_set_label (self->status_label, sb_integration_status_get_label (status));
  gtk_widget_set_css_classes (GTK_WIDGET (self->status_label),
                              (const char *[]) { "status-pill", status_class, NULL });

  description = sb_integration_get_description (self->integration);
  gtk_label_set_label (self->description_label, description);
  gtk_widget_set_visible (GTK_WIDGET (self->description_label),
                          description != NULL && description[0] != '\0');

  creator = dup_member_name (self, sb_integration_get_created_by (self->integration));
  created_at = sb_ui_dup_date_time (sb_integration_get_created_at (self->integration));
  if (creator != NULL && created_at != NULL)
    /* Translators: “Created by Karin Lindqvist on 3 March 2026, 14:05” */
    created = g_strdup_printf (_("Created by %s on %s"), creator, created_at);
  else if (created_at != NULL)
    created = g_strdup_printf (_("Created on %s"), created_at);
  gtk_label_set_label (self->created_label, created);
  gtk_widget_set_visible (GTK_WIDGET (self->created_label), created != NULL);

  activator = dup_member_name (self, sb_integration_get_activated_by (self->integration));
  activated_at = sb_ui_dup_date_time (sb_integration_get_activated_at (self->integration));
  if (activator != NULL && activated_at != NULL)
    /* Translators: “Activated by Karin Lindqvist on 3 March 2026, 14:05” */
    activated = g_strdup_printf (_("Activated by %s on %s"), activator, activated_at);
  else if (activated_at != NULL)
    activated = g_strdup_printf (_("Activated on %s"), activated_at);
  else
    activated = g_strdup (_("Never activated"));
  gtk_label_set_label (self->activated_label, activated);

  gtk_revealer_set_reveal_child (self->draft_revealer,
                                 sb_integration_has_draft (self->integration));
}

/* Actions follow the role and the status. A refused action stays visible but insensitive,
 * with a tooltip that says why. */
static void
set_action (SbIntegrationView *self,
            GtkWidget         *button,
            const char        *action,
            gboolean           enabled,
            const char        *why_not)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), action, enabled);
  if (enabled)
    g_hash_table_add (self->enabled_actions, (gpointer) action);
  else
    g_hash_table_remove (self->enabled_actions, action);
  if (button != NULL)
    gtk_widget_set_tooltip_text (button, enabled ? NULL : why_not);
}

static void
update_actions (SbIntegrationView *self)
{
  g_autoptr(GError) error = NULL;
  gboolean can_edit = FALSE;
  SbIntegrationStatus status = SB_INTEGRATION_STATUS_DRAFT;
  gboolean has_draft = FALSE;
  const char *why = NULL;

  if (self->integration != NULL && self->organization != NULL)
    {
      can_edit = sb_workspace_check (self->workspace, self->organization,
                                     SB_CAPABILITY_EDIT_INTEGRATIONS, &error);
      status = sb_integration_get_status (self->integration);
      has_draft = sb_integration_has_draft (self->integration);
      why = error != NULL ? error->message : NULL;
    }

  set_action (self, self->activate_button, "integration.activate",
              can_edit && status != SB_INTEGRATION_STATUS_LIVE, why);
  set_action (self, self->pause_button, "integration.pause",
              can_edit && status == SB_INTEGRATION_STATUS_LIVE, why);
  /* Their parents are the cells of the flow box, which would keep a gap. */
  gtk_widget_set_visible (gtk_widget_get_parent (self->activate_button),
                          status != SB_INTEGRATION_STATUS_LIVE);
  gtk_widget_set_visible (gtk_widget_get_parent (self->pause_button),
                          status == SB_INTEGRATION_STATUS_LIVE);
  gtk_widget_set_visible (self->activate_button, status != SB_INTEGRATION_STATUS_LIVE);
  gtk_widget_set_visible (self->pause_button, status == SB_INTEGRATION_STATUS_LIVE);

  set_action (self, self->run_button, "integration.run",
              can_edit && !g_hash_table_contains (self->running, self->integration), why);
  set_action (self, self->edit_button, "integration.edit", can_edit, why);
  set_action (self, self->duplicate_button, "integration.duplicate", can_edit, why);
  set_action (self, self->delete_button, "integration.delete", can_edit, why);
  set_action (self, self->publish_button, "integration.publish", can_edit && has_draft, why);
  set_action (self, self->discard_button, "integration.discard-draft",
              can_edit && has_draft, why);
  set_action (self, NULL, "integration.restore-version", can_edit, why);

  /* The buttons of the runs are in the rows: they take the reason when they are bound. */
  set_action (self, NULL, "integration.cancel-run", can_edit, why);
  set_action (self, NULL, "integration.replay-run", can_edit, why);
  set_action (self, NULL, "integration.replay-failed-step", can_edit, why);
  if (self->can_run != can_edit || g_strcmp0 (self->run_why, why) != 0)
    {
      self->can_run = can_edit;
      g_free (self->run_why);
      self->run_why = g_strdup (why);
      refresh_run_rows (self);
    }
}

/* Steps */

static void
clear_group (SbIntegrationView   *self,
             AdwPreferencesGroup *group)
{
  for (guint i = self->group_rows->len; i > 0; i--)
    {
      GtkWidget *row = g_ptr_array_index (self->group_rows, i - 1);

      if (gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP) != GTK_WIDGET (group))
        continue;

      adw_preferences_group_remove (group, row);
      g_ptr_array_remove_index (self->group_rows, i - 1);
    }
}

static GtkWidget *
add_row (SbIntegrationView   *self,
         AdwPreferencesGroup *group,
         const char          *title,
         const char          *subtitle,
         const char          *icon_name)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (icon_name != NULL)
    adw_action_row_set_icon_name (ADW_ACTION_ROW (row), icon_name);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->group_rows, row);

  return row;
}

static const char *
get_step_kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "http") == 0)
    return _("HTTP request");
  if (g_strcmp0 (kind, "action") == 0)
    return _("Action");
  if (g_strcmp0 (kind, "map") == 0)
    /* Translators: a step that builds new JSON from templates */
    return _("Map");
  if (g_strcmp0 (kind, "filter") == 0)
    /* Translators: a step that stops the run unless a condition holds */
    return _("Filter");
  if (g_strcmp0 (kind, "for_each") == 0)
    /* Translators: a step that runs its nested steps once for every item of a list */
    return _("For each item");

  return _("Unknown step");
}

static const char *
get_step_icon (const char *kind)
{
  if (g_strcmp0 (kind, "http") == 0)
    return "network-transmit-receive-symbolic";
  if (g_strcmp0 (kind, "action") == 0)
    return "system-run-symbolic";
  if (g_strcmp0 (kind, "map") == 0)
    return "view-grid-symbolic";
  if (g_strcmp0 (kind, "filter") == 0)
    return "funnel-symbolic";
  if (g_strcmp0 (kind, "for_each") == 0)
    return "view-continuous-symbolic";

  return "dialog-question-symbolic";
}

static char *
dup_step_summary (SbIntegrationView *self,
                  JsonObject        *step)
{
  const char *kind = sb_json_get_string (step, "kind");
  g_autofree char *account = dup_account_name (self, step);
  g_autofree char *what = NULL;

  if (g_strcmp0 (kind, "http") == 0)
    what = g_strdup_printf ("%s %s",
                            sb_json_get_string (step, "method") != NULL
                            ? sb_json_get_string (step, "method") : "GET",
                            sb_json_get_string (step, "url") != NULL
                            ? sb_json_get_string (step, "url") : "");
  else if (g_strcmp0 (kind, "action") == 0 && sb_json_get_string (step, "action") != NULL)
    what = g_strdup (sb_json_get_string (step, "action"));
  else if (g_strcmp0 (kind, "filter") == 0 && sb_json_get_string (step, "condition") != NULL)
    /* Translators: the condition of a filter step */
    what = g_strdup_printf (_("Continue when %s"), sb_json_get_string (step, "condition"));
  else if (g_strcmp0 (kind, "for_each") == 0 && sb_json_get_string (step, "items") != NULL)
    what = g_strdup_printf (_("Items of %s"), sb_json_get_string (step, "items"));

  if (account != NULL && what != NULL)
    /* Translators: a step's account, then what it does, e.g.
     * “Fortnox bookkeeping · create_invoice” */
    return g_strdup_printf (_("%s · %s"), account, what);
  if (account != NULL)
    return g_steal_pointer (&account);
  return g_steal_pointer (&what);
}

static void
add_steps (SbIntegrationView *self,
           JsonArray         *steps,
           const char        *prefix,
           int                depth)
{
  guint n = steps != NULL ? json_array_get_length (steps) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (steps, i);
      JsonObject *step;
      const char *kind;
      const char *id;
      g_autofree char *number = NULL;
      g_autofree char *title = NULL;
      g_autofree char *summary = NULL;
      GtkWidget *row;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;

      step = json_node_get_object (node);
      kind = sb_json_get_string (step, "kind");
      id = sb_json_get_string (step, "id");
      number = prefix != NULL ? g_strdup_printf ("%s.%u", prefix, i + 1)
                              : g_strdup_printf ("%u", i + 1);
      /* Translators: a step in the list: its number, its id and its kind, such as
       * “2. invoice — Action” */
      title = g_strdup_printf (_("%s. %s — %s"), number, id != NULL ? id : "",
                               get_step_kind_label (kind));
      summary = dup_step_summary (self, step);

      row = add_row (self, self->steps_group, title, summary, get_step_icon (kind));
      gtk_widget_set_margin_start (row, 24 * depth);

      if (g_strcmp0 (kind, "for_each") == 0)
        add_steps (self, sb_json_get_array (step, "steps"), number, depth + 1);
    }
}

static const char *
get_trigger_icon (const char *kind)
{
  if (g_strcmp0 (kind, "schedule") == 0)
    return "alarm-symbolic";
  if (g_strcmp0 (kind, "poll") == 0)
    return "view-refresh-symbolic";
  if (g_strcmp0 (kind, "webhook") == 0)
    return "network-receive-symbolic";

  return "media-playback-start-symbolic";
}

static void
update_steps (SbIntegrationView *self)
{
  g_autofree char *summary = NULL;
  g_autofree char *account = NULL;
  JsonNode *trigger;
  JsonNode *steps;
  const char *kind = NULL;

  clear_group (self, self->trigger_group);
  clear_group (self, self->steps_group);

  if (self->integration == NULL)
    return;

  trigger = sb_integration_get_trigger (self->integration);
  if (trigger != NULL && JSON_NODE_HOLDS_OBJECT (trigger))
    {
      kind = sb_json_get_string (json_node_get_object (trigger), "kind");
      account = dup_account_name (self, json_node_get_object (trigger));
    }

  summary = sb_integration_dup_trigger_summary (self->integration);
  add_row (self, self->trigger_group, summary, account, get_trigger_icon (kind));

  steps = sb_integration_get_steps (self->integration);
  if (steps != NULL && JSON_NODE_HOLDS_ARRAY (steps) &&
      json_array_get_length (json_node_get_array (steps)) > 0)
    add_steps (self, json_node_get_array (steps), NULL, 0);
  else
    add_row (self, self->steps_group, _("No steps yet"),
             _("Edit the integration to add what it does."), NULL);
}

/* Settings */

static void
add_setting (SbIntegrationView *self,
             const char        *title,
             const char        *value)
{
  g_ptr_array_add (self->group_rows, sb_ui_add_value_row (self->settings_group, title, value));
}

static void
update_settings (SbIntegrationView *self)
{
  g_autofree char *schedule = NULL;
  g_autofree char *retries = NULL;
  g_autofree char *timeout = NULL;
  g_autofree char *concurrency = NULL;
  JsonNode *node;
  JsonObject *settings = NULL;
  const char *purpose;
  gint64 n;

  clear_group (self, self->settings_group);

  if (self->integration == NULL)
    return;

  node = sb_integration_get_settings (self->integration);
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    settings = json_node_get_object (node);

  schedule = sb_integration_dup_trigger_summary (self->integration);
  add_setting (self, _("Schedule"), schedule);

  n = sb_json_get_int (settings, "retries", 0);
  retries = n > 0 ? g_strdup_printf (ngettext ("Up to %d time", "Up to %d times", (gulong) n),
                                     (int) n)
                  : g_strdup (_("Never"));
  add_setting (self, _("Retries"), retries);

  n = sb_json_get_int (settings, "timeout_seconds", 0);
  timeout = n > 0 ? sb_ui_dup_duration (n * G_TIME_SPAN_SECOND) : g_strdup (_("None"));
  add_setting (self, _("Time limit per step"), timeout);

  n = sb_json_get_int (settings, "concurrency", 1);
  concurrency = g_strdup_printf (ngettext ("%d run at a time", "%d runs at a time",
                                           (gulong) MAX (n, 1)),
                                 (int) MAX (n, 1));
  add_setting (self, _("Concurrency"), concurrency);

  add_setting (self, _("Notify on failure"),
               sb_json_get_boolean (settings, "notify_on_failure", FALSE)
               ? _("Yes") : _("No"));

  purpose = sb_integration_get_purpose (self->integration);
  add_setting (self, _("Purpose of processing"),
               purpose != NULL && purpose[0] != '\0' ? purpose : _("Not given"));
}

/* Runs */

/* The parts of a row of the runs list, kept on the row's box. */
typedef struct
{
  SbIntegrationView *view;  /* a weak pointer: something may hold a row longer */
  GtkWidget *box;           /* the row itself, which holds this */
  SbRun *run;               /* borrowed from the list item while bound */
  gint64 run_id;            /* its id, the key of the row in the view's run_rows */
  GtkWidget *icon;
  GtkWidget *spinner;
  GtkWidget *title;
  GtkWidget *subtitle;
  GtkWidget *progress_box;
  GtkWidget *progress_bar;
  GtkWidget *progress_label;
  GtkWidget *buttons;
  GtkWidget *cancel_button;
  GtkWidget *replay_button;
  GtkWidget *replay_step_button;
  GtkWidget *counts;
} RunRow;

static GtkWidget *
create_run_button (const char *label,
                   const char *action)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  /* A target of the right type before the name: the run's id comes when the row is bound. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", (gint64) 0);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "sb-run-button");

  return button;
}

/* A row may go with its list item without being unbound first: it leaves the view's table
 * of rows as it goes. */
static void
run_row_free (RunRow *row)
{
  GHashTable *rows = row->view != NULL ? row->view->run_rows : NULL;

  if (rows != NULL && g_hash_table_lookup (rows, &row->run_id) == row)
    g_hash_table_remove (rows, &row->run_id);
  g_clear_weak_pointer (&row->view);
  g_free (row);
}

static GtkWidget *
create_run_row (SbIntegrationView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  RunRow *row = g_new0 (RunRow, 1);

  g_set_weak_pointer (&row->view, self);
  row->box = box;
  row->icon = gtk_image_new ();
  row->spinner = gtk_spinner_new ();
  row->title = gtk_label_new (NULL);
  row->subtitle = gtk_label_new (NULL);
  row->counts = gtk_label_new (NULL);
  row->progress_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  row->progress_bar = gtk_progress_bar_new ();
  row->progress_label = gtk_label_new (NULL);
  row->buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  /* Translators: the button that stops a run that is queued or running */
  row->cancel_button = create_run_button (C_("run action", "Cancel"), "integration.cancel-run");
  /* Translators: the button that runs a failed run again with the same input */
  row->replay_button = create_run_button (C_("run action", "Replay"), "integration.replay-run");
  row->replay_step_button = create_run_button (_("Replay from the Failed Step"),
                                               "integration.replay-failed-step");

  gtk_widget_set_valign (row->icon, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (row->spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (row->title), 0);
  gtk_label_set_xalign (GTK_LABEL (row->subtitle), 0);
  gtk_label_set_wrap (GTK_LABEL (row->subtitle), TRUE);
  gtk_widget_add_css_class (row->title, "heading");
  gtk_widget_add_css_class (row->subtitle, "dim-label");
  gtk_widget_add_css_class (row->subtitle, "caption");
  gtk_widget_add_css_class (row->counts, "numeric");
  gtk_widget_add_css_class (row->counts, "caption");
  gtk_label_set_xalign (GTK_LABEL (row->counts), 1);
  /* On a narrow screen the counts take two lines rather than widen the row. */
  gtk_label_set_wrap (GTK_LABEL (row->counts), TRUE);
  gtk_label_set_justify (GTK_LABEL (row->counts), GTK_JUSTIFY_RIGHT);

  gtk_widget_set_margin_top (row->progress_box, 6);
  gtk_widget_set_hexpand (row->progress_bar, TRUE);
  gtk_widget_set_valign (row->progress_bar, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (row->progress_label), 0);
  gtk_widget_add_css_class (row->progress_label, "numeric");
  gtk_widget_add_css_class (row->progress_label, "caption");
  gtk_accessible_update_relation (GTK_ACCESSIBLE (row->progress_bar),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, row->progress_label,
                                  NULL, -1);
  gtk_box_append (GTK_BOX (row->progress_box), row->progress_label);
  gtk_box_append (GTK_BOX (row->progress_box), row->progress_bar);

  gtk_widget_set_margin_top (row->buttons, 6);
  gtk_widget_set_halign (row->buttons, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (row->buttons), row->cancel_button);
  gtk_box_append (GTK_BOX (row->buttons), row->replay_button);
  gtk_box_append (GTK_BOX (row->buttons), row->replay_step_button);

  gtk_box_append (GTK_BOX (texts), row->title);
  gtk_box_append (GTK_BOX (texts), row->subtitle);
  gtk_box_append (GTK_BOX (texts), row->progress_box);
  gtk_box_append (GTK_BOX (texts), row->buttons);
  gtk_box_append (GTK_BOX (box), row->icon);
  gtk_box_append (GTK_BOX (box), row->spinner);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_box_append (GTK_BOX (box), row->counts);

  g_object_set_data_full (G_OBJECT (box), "run-row", row, (GDestroyNotify) run_row_free);

  return box;
}

static char *
dup_run_subtitle (SbRun *run)
{
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, sb_run_get_id (run));
  g_autofree char *timing = sb_ui_dup_run_timing (run);
  g_autofree char *origin = sb_ui_dup_run_origin (run);
  g_autofree char *text = NULL;

  /* Translators: a run by its number, then when it ran, such as
   * “Run 12 · 3 March 2026, 14:05, took 12 seconds” */
  text = g_strdup_printf (_("Run %s · %s"), number, timing);
  if (origin != NULL)
    {
      char *with = g_strdup_printf (_("%s · %s"), text, origin);

      g_free (text);
      text = with;
    }
  if (sb_run_get_cancel_requested (run) && !sb_run_is_finished (run))
    {
      char *with = g_strdup_printf (_("%s · %s"), text, _("Cancelling…"));

      g_free (text);
      text = with;
    }

  return g_steal_pointer (&text);
}

static void
update_run_row_progress (RunRow *row)
{
  SbIntegrationView *self = row->view;
  guint step, n_steps, item, n_items;
  g_autofree char *text = NULL;

  /* Runs of another process's engine report no progress here. */
  if (row->run == NULL ||
      sb_run_get_status (row->run) != SB_RUN_STATUS_RUNNING ||
      !sb_ui_lookup_run_progress (self->workspace, row->run, &step, &n_steps, &item, &n_items))
    {
      gtk_widget_set_visible (row->progress_box, FALSE);
      return;
    }

  text = sb_ui_dup_run_progress (step, n_steps, item, n_items);
  gtk_label_set_label (GTK_LABEL (row->progress_label), text);
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (row->progress_bar),
                                 sb_ui_get_run_fraction (step, n_steps, item, n_items));
  gtk_widget_set_visible (row->progress_box, TRUE);
}

static void
update_run_row_buttons (RunRow *row)
{
  SbIntegrationView *self = row->view;
  SbRun *run = row->run;
  SbRunStatus status = sb_run_get_status (run);
  gboolean finished = sb_run_is_finished (run);
  gboolean cancelling = sb_run_get_cancel_requested (run) && !finished;
  gboolean replayable = status == SB_RUN_STATUS_FAILED || status == SB_RUN_STATUS_INTERRUPTED;
  gint64 id = sb_run_get_id (run);
  const char *why = self->can_run ? NULL : self->run_why;

  gtk_actionable_set_action_target (GTK_ACTIONABLE (row->cancel_button), "x", id);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row->replay_button), "x", id);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row->replay_step_button), "x", id);

  gtk_widget_set_visible (row->cancel_button, !finished);
  gtk_widget_set_visible (row->replay_button, finished && replayable);
  gtk_widget_set_visible (row->replay_step_button, finished && status == SB_RUN_STATUS_FAILED);
  gtk_widget_set_visible (row->buttons, !finished || replayable);

  /* Asked once is enough: the engine stops it at the next step. */
  gtk_button_set_label (GTK_BUTTON (row->cancel_button),
                        cancelling ? _("Cancelling…") : C_("run action", "Cancel"));
  gtk_widget_set_sensitive (row->cancel_button, !cancelling);

  gtk_widget_set_tooltip_text (row->cancel_button, why);
  gtk_widget_set_tooltip_text (row->replay_button,
                               why != NULL ? why : _("Run it again with the same input"));
  gtk_widget_set_tooltip_text (row->replay_step_button,
                               why != NULL ? why
                               : _("Run it again from the step that failed, with what the "
                                   "steps before it returned"));
}

static void
bind_run_row (RunRow *row,
              SbRun  *run)
{
  g_autofree char *subtitle = NULL;
  g_autofree char *count_text = NULL;
  g_autofree char *accessible = NULL;
  const char *style;
  SbRunStatus status;
  gboolean running;

  row->run = run;
  if (run == NULL)
    return;

  status = sb_run_get_status (run);
  running = status == SB_RUN_STATUS_RUNNING;
  subtitle = dup_run_subtitle (run);
  count_text = sb_ui_dup_run_counts (run);

  gtk_widget_set_visible (row->spinner, running);
  gtk_spinner_set_spinning (GTK_SPINNER (row->spinner), running);
  gtk_widget_set_visible (row->icon, !running);
  gtk_image_set_from_icon_name (GTK_IMAGE (row->icon), sb_ui_get_run_icon_name (status));
  gtk_widget_remove_css_class (row->icon, "error");
  gtk_widget_remove_css_class (row->icon, "success");
  gtk_widget_remove_css_class (row->icon, "dim-label");
  style = sb_ui_get_run_style_class (status);
  if (style != NULL)
    gtk_widget_add_css_class (row->icon, style);

  gtk_label_set_label (GTK_LABEL (row->title), sb_run_status_get_label (status));
  gtk_label_set_label (GTK_LABEL (row->subtitle), subtitle);
  gtk_label_set_label (GTK_LABEL (row->counts), count_text);
  gtk_widget_set_visible (row->counts, status != SB_RUN_STATUS_QUEUED);

  update_run_row_progress (row);
  update_run_row_buttons (row);

  /* Translators: how a screen reader announces a run: its status, its timing and its
   * counts */
  accessible = g_strdup_printf (C_("accessible", "%s, %s, %s"),
                                sb_run_status_get_label (status), subtitle, count_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
}

static RunRow *
get_run_row (GtkListItem *list_item)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);

  return box != NULL ? g_object_get_data (G_OBJECT (box), "run-row") : NULL;
}

static void
on_run_notify (GtkListItem *list_item)
{
  bind_run_row (get_run_row (list_item), gtk_list_item_get_item (list_item));
}

static void
on_runs_factory_setup (GtkSignalListItemFactory *factory,
                       GtkListItem              *list_item,
                       SbIntegrationView        *self)
{
  gtk_list_item_set_child (list_item, create_run_row (self));
}

static void
on_runs_factory_bind (GtkSignalListItemFactory *factory,
                      GtkListItem              *list_item,
                      SbIntegrationView        *self)
{
  SbRun *run = gtk_list_item_get_item (list_item);
  RunRow *row = get_run_row (list_item);
  gint64 id = sb_run_get_id (run);

  g_return_if_fail (row != NULL);
  bind_run_row (row, run);
  row->run_id = id;
  g_hash_table_insert (self->run_rows, g_memdup2 (&id, sizeof id), row);
  g_signal_connect_object (run, "notify", G_CALLBACK (on_run_notify), list_item,
                           G_CONNECT_SWAPPED);
}

static void
on_runs_factory_unbind (GtkSignalListItemFactory *factory,
                        GtkListItem              *list_item,
                        SbIntegrationView        *self)
{
  SbRun *run = gtk_list_item_get_item (list_item);
  RunRow *row = get_run_row (list_item);

  if (run != NULL)
    {
      gint64 id = sb_run_get_id (run);

      g_signal_handlers_disconnect_by_func (run, on_run_notify, list_item);
      if (g_hash_table_lookup (self->run_rows, &id) == row)
        g_hash_table_remove (self->run_rows, &id);
    }
  if (row != NULL)
    {
      row->run = NULL;
      row->run_id = 0;
    }
}

static void
refresh_run_rows (SbIntegrationView *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->run_rows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    bind_run_row (value, ((RunRow *) value)->run);
}

static void
on_workspace_run_progress (SbIntegrationView *self,
                           SbRun             *run)
{
  gint64 id = sb_run_get_id (run);
  RunRow *row = g_hash_table_lookup (self->run_rows, &id);

  /* The row shows the run of the list, which may be another object with the same id. */
  if (row != NULL && row->run != NULL)
    update_run_row_progress (row);
}

static void
update_runs_state (SbIntegrationView *self)
{
  gboolean empty = self->runs == NULL || g_list_model_get_n_items (self->runs) == 0;

  gtk_stack_set_visible_child_name (self->runs_stack, empty ? "empty" : "list");
}

static void
on_runs_items_changed (SbIntegrationView *self)
{
  update_runs_state (self);
}

static void
on_runs_view_activate (SbIntegrationView *self,
                       guint              position,
                       GtkListView       *view)
{
  g_autoptr(SbRun) run = g_list_model_get_item (G_LIST_MODEL (gtk_list_view_get_model (view)),
                                                position);
  GtkWindow *window;

  if (run == NULL)
    return;

  window = sb_run_window_new (self->workspace, self->integration, run);
  gtk_window_set_transient_for (window, GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (window);
}

/* Logs */

static GtkWidget *
create_log_row (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *message = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);

  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_label_set_xalign (GTK_LABEL (message), 0);
  gtk_label_set_wrap (GTK_LABEL (message), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (message), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (message), TRUE);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_add_css_class (detail, "caption");

  gtk_box_append (GTK_BOX (texts), message);
  gtk_box_append (GTK_BOX (texts), detail);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), texts);

  g_object_set_data (G_OBJECT (box), "icon", icon);
  g_object_set_data (G_OBJECT (box), "message", message);
  g_object_set_data (G_OBJECT (box), "detail", detail);

  return box;
}

static void
on_logs_factory_setup (GtkSignalListItemFactory *factory,
                       GtkListItem              *list_item)
{
  gtk_list_item_set_child (list_item, create_log_row ());
}

static void
on_logs_factory_bind (GtkSignalListItemFactory *factory,
                      GtkListItem              *list_item)
{
  SbRunEvent *event = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *icon = g_object_get_data (G_OBJECT (box), "icon");
  GtkWidget *message = g_object_get_data (G_OBJECT (box), "message");
  GtkWidget *detail = g_object_get_data (G_OBJECT (box), "detail");
  g_autofree char *when = sb_ui_dup_date_time (sb_run_event_get_at (event));
  g_autofree char *text = NULL;
  SbRunEventLevel level = sb_run_event_get_level (event);
  const char *step = sb_run_event_get_step_id (event);

  gtk_image_set_from_icon_name (GTK_IMAGE (icon),
                                level == SB_RUN_EVENT_LEVEL_ERROR ? "dialog-error-symbolic"
                                                                  : "dialog-warning-symbolic");
  gtk_widget_set_css_classes (icon, (const char *[]) {
                                level == SB_RUN_EVENT_LEVEL_ERROR ? "error" : "warning",
                                NULL });
  gtk_label_set_label (GTK_LABEL (message), sb_run_event_get_message (event));

  if (step != NULL)
    /* Translators: under a log message: its level, when, and in which step */
    text = g_strdup_printf (_("%s · %s · step “%s”"), sb_ui_get_event_level_label (level),
                            when != NULL ? when : "", step);
  else
    text = g_strdup_printf (_("%s · %s"), sb_ui_get_event_level_label (level),
                            when != NULL ? when : "");
  gtk_label_set_label (GTK_LABEL (detail), text);
}

static gboolean
match_log_event (gpointer item,
                 gpointer user_data)
{
  SbIntegrationView *self = user_data;
  SbRunEvent *event = item;
  SbRunEventLevel wanted;
  g_autofree char *key = NULL;

  wanted = gtk_drop_down_get_selected (self->log_level_dropdown) == 1
           ? SB_RUN_EVENT_LEVEL_ERROR : SB_RUN_EVENT_LEVEL_WARNING;
  if (sb_run_event_get_level (event) < wanted)
    return FALSE;

  if (self->log_query == NULL)
    return TRUE;

  /* A log holds hundreds of lines, not the hundred thousand integrations the list may:
   * folding while filtering is fast enough here. */
  {
    g_autofree char *text = g_strconcat (sb_run_event_get_message (event), " ",
                                         sb_run_event_get_step_id (event) != NULL
                                         ? sb_run_event_get_step_id (event) : "",
                                         NULL);
    key = sb_search_fold (text);
  }

  return sb_search_match (key, self->log_query);
}

static void
update_logs_state (SbIntegrationView *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->logs_model));
  GListModel *all = gtk_filter_list_model_get_model (self->logs_model);
  guint total = all != NULL ? g_list_model_get_n_items (all) : 0;

  if (shown > 0)
    {
      gtk_stack_set_visible_child_name (self->logs_stack, "list");
      return;
    }

  if (total == 0)
    {
      adw_status_page_set_title (self->logs_empty_page, _("No Warnings or Errors"));
      adw_status_page_set_description (self->logs_empty_page,
                                       _("Warnings and errors of every run show here."));
    }
  else
    {
      adw_status_page_set_title (self->logs_empty_page, _("No Matching Messages"));
      adw_status_page_set_description (self->logs_empty_page,
                                       _("Try other words or show warnings too."));
    }

  gtk_stack_set_visible_child_name (self->logs_stack, "empty");
}

static void
on_log_filter_changed (SbIntegrationView *self)
{
  const char *text;

  if (self->log_search_entry == NULL || self->logs_filter == NULL)
    return;

  text = gtk_editable_get_text (GTK_EDITABLE (self->log_search_entry));
  g_clear_pointer (&self->log_query, g_free);
  if (text != NULL && text[0] != '\0')
    self->log_query = sb_search_fold (text);

  gtk_filter_changed (GTK_FILTER (self->logs_filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_logs_state (self);
}

static void
on_log_search_stop (SbIntegrationView *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->log_search_entry), "");
}

static void
on_logs_model_items_changed (SbIntegrationView *self)
{
  if (self->logs_stack != NULL)
    update_logs_state (self);
}

/* Versions */

static void
update_versions (SbIntegrationView *self)
{
  guint n;
  guint live;

  clear_group (self, self->versions_group);

  if (self->integration == NULL || self->versions == NULL)
    return;

  live = sb_integration_get_version (self->integration);
  n = g_list_model_get_n_items (self->versions);
  if (n == 0)
    {
      add_row (self, self->versions_group, _("Not published yet"),
               _("Activating the integration publishes its first version."), NULL);
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SbIntegrationVersion) version = g_list_model_get_item (self->versions, i);
      guint number = sb_integration_version_get_version (version);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *who = dup_member_name (self,
                                              sb_integration_version_get_published_by (version));
      g_autofree char *when = sb_ui_dup_date_time (
                                sb_integration_version_get_published_at (version));
      GtkWidget *row;
      GtkWidget *button;

      /* Translators: a published version of an integration, such as “Version 3” */
      title = g_strdup_printf (_("Version %u"), number);
      if (who != NULL)
        /* Translators: who published a version, and when */
        subtitle = g_strdup_printf (_("Published by %s on %s"), who, when);
      else
        subtitle = g_strdup_printf (_("Published on %s"), when);

      row = add_row (self, self->versions_group, title, subtitle, NULL);
      g_object_set_data (G_OBJECT (row), "version", GUINT_TO_POINTER (number));

      if (number == live &&
          sb_integration_get_status (self->integration) != SB_INTEGRATION_STATUS_DRAFT)
        {
          GtkWidget *pill = gtk_label_new (_("Current"));

          gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (pill, "status-pill");
          gtk_widget_add_css_class (pill, "live");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), pill);
        }

      button = gtk_button_new_with_mnemonic (_("_Restore"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      /* Translators: the tooltip of the Restore button of a version */
      gtk_widget_set_tooltip_text (button, _("Make this version a draft to check and publish"));
      {
        g_autofree char *accessible = g_strdup_printf (_("Restore version %u"), number);

        gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
      }
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "integration.restore-version");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "u", number);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
}

static void
on_versions_items_changed (SbIntegrationView *self)
{
  update_versions (self);
}

/* Following the integration */

static gboolean report (SbIntegrationView *self, gboolean ok, GError **error);

/* Two-sided activation: while the provider has not switched the integration on at their
 * side, whom to ask and what. */
static void
update_provider_notice (SbIntegrationView *self)
{
  g_autofree char *notice = NULL;
  g_autoptr(GString) text = NULL;
  SbConnector *connector = NULL;

  if (self->integration != NULL)
    notice = sb_workspace_dup_activation_notice (self->workspace, self->integration);
  if (notice == NULL)
    {
      gtk_revealer_set_reveal_child (self->provider_revealer, FALSE);
      return;
    }

  text = g_string_new (notice);
  connector = sb_workspace_dup_awaited_connector (self->workspace, self->integration);
  if (connector != NULL)
    {
      const char *instructions = sb_connector_get_two_sided_instructions (connector);
      const char *contact = sb_connector_get_support_email (connector);

      if (contact == NULL)
        contact = sb_connector_get_support_url (connector);
      if (instructions != NULL)
        g_string_append_printf (text, "\n%s", instructions);
      if (contact != NULL)
        {
          g_string_append_c (text, '\n');
          /* Translators: %s is an e-mail address or a web page of a provider's support */
          g_string_append_printf (text, _("Contact: %s"), contact);
        }
      g_object_unref (connector);
    }

  gtk_label_set_label (self->provider_label, text->str);
  gtk_revealer_set_reveal_child (self->provider_revealer, TRUE);
}

static void
confirm_activation_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  SbIntegrationView *self = SB_INTEGRATION_VIEW (widget);
  g_autoptr(GError) error = NULL;

  if (report (self, sb_workspace_confirm_provider_activation (self->workspace,
                                                              self->integration, &error),
              &error))
    update_provider_notice (self);
}

static void
on_workspace_run_finished (SbIntegrationView *self,
                           SbRun             *run)
{
  /* The first run that succeeds proves the provider's side is on. */
  if (self->integration != NULL &&
      sb_run_get_integration_id (run) == sb_integration_get_id (self->integration))
    update_provider_notice (self);
}

static void
update_all (SbIntegrationView *self)
{
  update_header (self);
  update_provider_notice (self);
  update_actions (self);
  update_steps (self);
  update_settings (self);
  update_versions (self);
}

static void
on_integration_notify (SbIntegrationView *self,
                       GParamSpec        *pspec)
{
  if (g_str_equal (pspec->name, "trigger") || g_str_equal (pspec->name, "steps"))
    {
      update_steps (self);
      update_settings (self);
    }
  else if (g_str_equal (pspec->name, "settings") || g_str_equal (pspec->name, "purpose"))
    {
      update_settings (self);
    }
  else if (g_str_equal (pspec->name, "version"))
    {
      update_versions (self);
    }
  else if (g_str_equal (pspec->name, "status") || g_str_equal (pspec->name, "draft"))
    {
      update_header (self);
      update_actions (self);
      update_versions (self);
    }
  else
    {
      update_header (self);
    }
}

/* Actions */

/* Shows why a refused call was refused. Takes the address, not the error: the call must have
 * returned before the error is read. */
static gboolean
report (SbIntegrationView  *self,
        gboolean            ok,
        GError            **error)
{
  if (!ok && *error != NULL)
    sb_window_show_message_from (GTK_WIDGET (self), (*error)->message);
  return ok;
}

static void
activate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SbIntegrationView *self = SB_INTEGRATION_VIEW (widget);
  g_autoptr(GError) error = NULL;

  if (report (self, sb_workspace_activate_integration (self->workspace, self->integration,
                                                       &error), &error))
    {
      g_autofree char *message = NULL;

      /* Translators: a notification; %s is the name of an integration */
      message = g_strdup_printf (_("“%s” is live"),
                                 sb_integration_get_name (self->integration));
      sb_window_show_message_from (GTK_WIDGET (self), message);
    }
}

static void
pause_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SbIntegrationView *self = SB_INTEGRATION_VIEW (widget);
  g_autoptr(GError) error = NULL;

  if (report (self, sb_workspace_pause_integration (self->workspace, self->integration,
                                                    &error), &error))
    {
      g_autofree char *message = NULL;

      /* Translators: a notification; %s is the name of an integration */
      message = g_strdup_printf (_("“%s” is paused"),
                                 sb_integration_get_name (self->integration));
      sb_window_show_message_from (GTK_WIDGET (self), message);
    }
}

/* A run started here, and where it should report: the view may show another integration by
 * the time it finishes. */
typedef struct
{
  SbIntegrationView *view;
  SbIntegration *integration;
} RunData;

static void
run_data_free (RunData *data)
{
  g_clear_object (&data->view);
  g_clear_object (&data->integration);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RunData, run_data_free)

static void
integration_ran_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(RunData) data = user_data;
  SbIntegrationView *self = data->view;
  SbIntegration *integration = data->integration;
  g_autoptr(GError) error = NULL;
  g_autoptr(SbRun) run = NULL;
  g_autofree char *message = NULL;

  run = sb_workspace_run_integration_finish (SB_WORKSPACE (object), result, &error);
  g_hash_table_remove (self->running, integration);
  if (self->run_button == NULL)
    return;  /* the view went away meanwhile */
  update_actions (self);

  if (run == NULL)
    {
      sb_window_show_message_from (GTK_WIDGET (self), error->message);
      return;
    }

  if (sb_run_get_status (run) == SB_RUN_STATUS_SUCCEEDED)
    {
      g_autofree char *counts = sb_ui_dup_run_counts (run);

      /* Translators: a notification after “Run Now”; %s is “3 read · 2 created · …” */
      message = g_strdup_printf (_("The run succeeded: %s"), counts);
    }
  else if (sb_run_get_status (run) == SB_RUN_STATUS_CANCELLED)
    {
      /* Translators: a notification after “Run Now”, when someone stopped the run */
      message = g_strdup (_("The run was cancelled"));
    }
  else if (sb_run_get_status (run) == SB_RUN_STATUS_FILTERED)
    {
      /* Translators: a notification after “Run Now”: a filter step ended the run, as it
       * should when its condition does not hold */
      message = g_strdup (_("The run ended at a filter: there was nothing to do"));
    }
  else
    {
      /* Translators: a notification after “Run Now”; %s says what went wrong */
      message = g_strdup_printf (_("The run failed: %s"),
                                 sb_run_get_error (run) != NULL ? sb_run_get_error (run)
                                 : sb_run_status_get_label (sb_run_get_status (run)));
    }
  sb_window_show_message_from (GTK_WIDGET (self), message);
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  SbIntegrationView *self = SB_INTEGRATION_VIEW (widget);
  RunData *data = g_new0 (RunData, 1);

  data->view = g_object_ref (self);
  data->integration = g_object_ref (self->integration);
  g_hash_table_add (self->running, g_object_ref (self->integration));
  update_actions (self);
  sb_workspace_run_integration_async (self->workspace, self->integration, NULL, NULL,
                                      integration_ran_cb, data);
  /* Where the run shows how far it has got, and can be cancelled. */
  sb_integration_view_show_section (self, "runs");
}

/* The run @id as the runs list holds it (the object that follows the engine), else as
 * recorded. */
static SbRun *
dup_run_by_id (SbIntegrationView *self,
               gint64             id)
{
  guint n = self->runs != NULL ? g_list_model_get_n_items (self->runs) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SbRun) run = g_list_model_get_item (self->runs, i);

      if (sb_run_get_id (run) == id)
        return g_steal_pointer (&run);
    }

  return sb_workspace_dup_run (self->workspace, id, NULL);
}

static void
cancel_run_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SbIntegrationView *self = SB_INTEGRATION_VIEW (widget);
  g_autoptr(SbRun) run = dup_run_by_id (self, g_variant_get_int64 (parameter));
  g_autoptr(GError) error = NULL;
  RunRow *row;
  gint64 id;

  if (run == NULL)
    return;

  if (!report (self, sb_workspace_cancel_run (self->workspace, run, &error), &error))
    return;

  /* The run says it was asked to stop, but does not notify it. */
  id = sb_run_get_id (run);
  row = g_hash_table_lookup (self->run_rows, &id);
  if (row != NULL && row->run != NULL)
    {
      sb_run_set_cancel_requested (row->run, TRUE);
      bind_run_row (row, row->run);
    }
}

static void
replay_run (SbIntegrationView *self,
            gint64             id,
            gboolean           from_failed_step)
{
  g_autoptr(SbRun) run = dup_run_by_id (self, id);
  g_autoptr(SbRun) replay = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;
  g_autofree char *message = NULL;

  if (run == NULL)
    return;

  replay = sb_workspace_replay_run (self->workspace, run, from_failed_step, &error);
  if (replay == NULL)
    {
      report (self, FALSE, &error);
      return;
    }

  number = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  if (from_failed_step)
    /* Translators: a notification; %s is the number of a run */
    message = g_strdup_printf (_("Replaying run %s from the failed step"), number);
  else
    /* Translators: a notification; %s is the number of a run */
    message = g_strdup_printf (_("Replaying run %s"), number);
  sb_window_show_message_from (GTK_WIDGET (self), message);
}

static void
replay_run_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  replay_run (SB_INTEGRATION_VIEW (widget), g_variant_get_int64 (parameter), FALSE);
}

static void
replay_failed_step_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  replay_run (SB_INTEGRATION_VIEW (widget), g_variant_get_int64 (parameter), TRUE);
}

static void
publish_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SbIntegrationView *self = SB_INTEGRATION_VIEW (widget);
  g_autoptr(GError) error = NULL;

  if (report (self, sb_workspace_publish_integration (self->workspace, self->integration,
                                                      &error), &error))
    {
      g_autofree char *message = NULL;

      /* Translators: a notification; %u is the number of the version just published */
      message = g_strdup_printf (_("Version %u published"),
                                 sb_integration_get_version (self->integration));
      sb_window_show_message_from (GTK_WIDGET (self), message);
    }
}

static void
discard_draft_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SbIntegrationView *self = SB_INTEGRATION_VIEW (widget);
  g_autoptr(GError) error = NULL;

  report (self, sb_workspace_discard_draft (self->workspace, self->integration, &error), &error);
}

static void
restore_version_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  SbIntegrationView *self = SB_INTEGRATION_VIEW (widget);
  g_autoptr(GError) error = NULL;
  guint version = g_variant_get_uint32 (parameter);

  if (report (self, sb_workspace_restore_version (self->workspace, self->integration, version,
                                                  &error), &error))
    {
      g_autofree char *message = NULL;

      /* Translators: a notification; %u is a version number */
      message = g_strdup_printf (_("Version %u restored as a draft"), version);
      sb_window_show_message_from (GTK_WIDGET (self), message);
    }
}

static void
duplicate_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SbIntegrationView *self = SB_INTEGRATION_VIEW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(SbIntegration) copy = NULL;
  g_autofree char *message = NULL;

  copy = sb_workspace_duplicate_integration (self->workspace, self->integration, &error);
  if (copy == NULL)
    {
      report (self, FALSE, &error);
      return;
    }

  /* Translators: a notification; %s is the name of the new copy */
  message = g_strdup_printf (_("“%s” created as a draft"), sb_integration_get_name (copy));
  sb_integration_view_set_integration (self, copy);
  sb_window_show_message_from (GTK_WIDGET (self), message);
}

static void
on_editor_saved (SbIntegrationView *self,
                 SbIntegration     *integration)
{
  g_autofree char *message = NULL;

  if (sb_integration_has_draft (integration))
    message = g_strdup (_("Changes saved. Publish them to put them live."));
  else
    message = g_strdup (_("Changes saved"));
  sb_window_show_message_from (GTK_WIDGET (self), message);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SbIntegrationView *self = SB_INTEGRATION_VIEW (widget);
  GtkWindow *editor;

  editor = sb_integration_editor_new (self->workspace, self->organization, self->integration);
  gtk_window_set_transient_for (editor, GTK_WINDOW (gtk_widget_get_root (widget)));
  g_signal_connect_object (editor, "saved", G_CALLBACK (on_editor_saved), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (editor);
}

static void
on_delete_response (AdwMessageDialog  *dialog,
                    const char        *response,
                    SbIntegrationView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (g_strcmp0 (response, "delete") != 0 || self->integration == NULL)
    return;

  if (SB_IS_WINDOW (root))
    sb_window_delete_integration (SB_WINDOW (root), self->integration);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SbIntegrationView *self = SB_INTEGRATION_VIEW (widget);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  guint runs;

  runs = sb_workspace_count_runs (self->workspace, self->integration);
  /* Translators: the heading of the question before deleting; %s is the integration */
  heading = g_strdup_printf (_("Delete “%s”?"), sb_integration_get_name (self->integration));
  if (runs > 0)
    body = g_strdup_printf (ngettext ("Its %u run and its log are deleted with it.",
                                      "Its %u runs and their logs are deleted with it.",
                                      runs),
                            runs);
  else
    body = g_strdup (_("It has never run, so no history is lost."));

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* GObject */

static void
sb_integration_view_constructed (GObject *object)
{
  SbIntegrationView *self = (SbIntegrationView *)object;

  G_OBJECT_CLASS (sb_integration_view_parent_class)->constructed (object);

  /* The tracker first, so it knows the new values when the rows ask. */
  sb_ui_track_run_progress (self->workspace);
  g_signal_connect_object (self->workspace, "run-progress",
                           G_CALLBACK (on_workspace_run_progress), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->workspace, "run-finished",
                           G_CALLBACK (on_workspace_run_finished), self, G_CONNECT_SWAPPED);
}

static void
sb_integration_view_dispose (GObject *object)
{
  SbIntegrationView *self = (SbIntegrationView *)object;

  sb_integration_view_set_integration (self, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_INTEGRATION_VIEW);
  sb_ui_unparent_children (GTK_WIDGET (self));

  g_clear_object (&self->logs_filter);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (sb_integration_view_parent_class)->dispose (object);
}

static void
sb_integration_view_finalize (GObject *object)
{
  SbIntegrationView *self = (SbIntegrationView *)object;

  g_clear_pointer (&self->group_rows, g_ptr_array_unref);
  g_clear_pointer (&self->enabled_actions, g_hash_table_unref);
  g_clear_pointer (&self->running, g_hash_table_unref);
  g_clear_pointer (&self->run_rows, g_hash_table_unref);
  g_free (self->run_why);
  g_free (self->log_query);

  G_OBJECT_CLASS (sb_integration_view_parent_class)->finalize (object);
}

static void
sb_integration_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SbIntegrationView *self = SB_INTEGRATION_VIEW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;
    case PROP_INTEGRATION:
      g_value_set_object (value, self->integration);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_integration_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  SbIntegrationView *self = SB_INTEGRATION_VIEW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      self->workspace = g_value_dup_object (value);
      break;
    case PROP_INTEGRATION:
      sb_integration_view_set_integration (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_integration_view_class_init (SbIntegrationViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sb_integration_view_constructed;
  object_class->dispose = sb_integration_view_dispose;
  object_class->finalize = sb_integration_view_finalize;
  object_class->get_property = sb_integration_view_get_property;
  object_class->set_property = sb_integration_view_set_property;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         SB_TYPE_WORKSPACE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_INTEGRATION] =
    g_param_spec_object ("integration", NULL, NULL,
                         SB_TYPE_INTEGRATION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  sb_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/samband/Samband/ui/sb-integration-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationView, window_title);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationView, engine_revealer);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationView, engine_label);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationView, provider_revealer);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationView, provider_label);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationView, draft_revealer);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationView, name_label);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationView, status_label);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationView, description_label);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationView, created_label);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationView, activated_label);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationView, activate_button);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationView, pause_button);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationView, run_button);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationView, edit_button);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationView, duplicate_button);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationView, delete_button);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationView, publish_button);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationView, discard_button);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationView, sections);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationView, trigger_group);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationView, steps_group);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationView, settings_group);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationView, versions_group);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationView, runs_stack);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationView, runs_view);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationView, log_level_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationView, log_search_entry);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationView, logs_stack);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationView, logs_view);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationView, logs_model);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationView, logs_empty_page);
  gtk_widget_class_bind_template_callback (widget_class, on_runs_view_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_log_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_log_search_stop);
  gtk_widget_class_bind_template_callback (widget_class, on_logs_model_items_changed);

  gtk_widget_class_install_action (widget_class, "integration.activate", NULL, activate_action);
  gtk_widget_class_install_action (widget_class, "integration.pause", NULL, pause_action);
  gtk_widget_class_install_action (widget_class, "integration.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "integration.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "integration.duplicate", NULL,
                                   duplicate_action);
  gtk_widget_class_install_action (widget_class, "integration.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "integration.publish", NULL, publish_action);
  gtk_widget_class_install_action (widget_class, "integration.confirm-activation", NULL,
                                   confirm_activation_action);
  gtk_widget_class_install_action (widget_class, "integration.discard-draft", NULL,
                                   discard_draft_action);
  gtk_widget_class_install_action (widget_class, "integration.restore-version", "u",
                                   restore_version_action);
  gtk_widget_class_install_action (widget_class, "integration.cancel-run", "x",
                                   cancel_run_action);
  gtk_widget_class_install_action (widget_class, "integration.replay-run", "x",
                                   replay_run_action);
  gtk_widget_class_install_action (widget_class, "integration.replay-failed-step", "x",
                                   replay_failed_step_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
sb_integration_view_init (SbIntegrationView *self)
{
  g_autoptr(GtkListItemFactory) runs_factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkListItemFactory) logs_factory = gtk_signal_list_item_factory_new ();

  self->group_rows = g_ptr_array_new ();
  self->enabled_actions = g_hash_table_new (g_str_hash, g_str_equal);
  self->running = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->run_rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (runs_factory, "setup", G_CALLBACK (on_runs_factory_setup), self);
  g_signal_connect (runs_factory, "bind", G_CALLBACK (on_runs_factory_bind), self);
  g_signal_connect (runs_factory, "unbind", G_CALLBACK (on_runs_factory_unbind), self);
  gtk_list_view_set_factory (self->runs_view, runs_factory);

  g_signal_connect (logs_factory, "setup", G_CALLBACK (on_logs_factory_setup), NULL);
  g_signal_connect (logs_factory, "bind", G_CALLBACK (on_logs_factory_bind), NULL);
  gtk_list_view_set_factory (self->logs_view, logs_factory);

  self->logs_filter = gtk_custom_filter_new (match_log_event, self, NULL);
  gtk_filter_list_model_set_filter (self->logs_model, GTK_FILTER (self->logs_filter));

  update_actions (self);
}

GtkWidget *
sb_integration_view_new (SbWorkspace *workspace)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (workspace), NULL);

  return g_object_new (SB_TYPE_INTEGRATION_VIEW, "workspace", workspace, NULL);
}

SbWorkspace *
sb_integration_view_get_workspace (SbIntegrationView *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATION_VIEW (self), NULL);

  return self->workspace;
}

SbIntegration *
sb_integration_view_get_integration (SbIntegrationView *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATION_VIEW (self), NULL);

  return self->integration;
}

void
sb_integration_view_set_integration (SbIntegrationView *self,
                                     SbIntegration     *integration)
{
  g_return_if_fail (SB_IS_INTEGRATION_VIEW (self));
  g_return_if_fail (integration == NULL || SB_IS_INTEGRATION (integration));

  if (self->integration == integration)
    return;

  if (self->integration != NULL)
    g_signal_handlers_disconnect_by_func (self->integration, on_integration_notify, self);
  if (self->runs != NULL)
    g_signal_handlers_disconnect_by_func (self->runs, on_runs_items_changed, self);
  if (self->versions != NULL)
    g_signal_handlers_disconnect_by_func (self->versions, on_versions_items_changed, self);
  self->runs = NULL;
  self->versions = NULL;

  g_set_object (&self->integration, integration);
  g_clear_object (&self->organization);

  if (integration != NULL)
    {
      GListModel *log;
      g_autoptr(GtkNoSelection) runs_selection = NULL;

      self->organization = sb_workspace_dup_organization (
                             self->workspace, sb_integration_get_organization_id (integration));
      g_signal_connect_object (integration, "notify", G_CALLBACK (on_integration_notify), self,
                               G_CONNECT_SWAPPED);

      self->runs = sb_workspace_get_runs (self->workspace, integration);
      g_signal_connect_object (self->runs, "items-changed",
                               G_CALLBACK (on_runs_items_changed), self, G_CONNECT_SWAPPED);
      runs_selection = gtk_no_selection_new (g_object_ref (self->runs));
      gtk_list_view_set_model (self->runs_view, GTK_SELECTION_MODEL (runs_selection));

      self->versions = sb_workspace_get_versions (self->workspace, integration);
      g_signal_connect_object (self->versions, "items-changed",
                               G_CALLBACK (on_versions_items_changed), self, G_CONNECT_SWAPPED);

      log = sb_workspace_get_integration_log (self->workspace, integration);
      gtk_filter_list_model_set_model (self->logs_model, log);
    }
  else
    {
      gtk_list_view_set_model (self->runs_view, NULL);
      gtk_filter_list_model_set_model (self->logs_model, NULL);
    }

  if (self->logs_stack != NULL)
    {
      update_runs_state (self);
      update_logs_state (self);
      update_all (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTEGRATION]);
}

void
sb_integration_view_show_section (SbIntegrationView *self,
                                  const char        *name)
{
  g_return_if_fail (SB_IS_INTEGRATION_VIEW (self));

  adw_view_stack_set_visible_child_name (self->sections, name);
}

const char *
sb_integration_view_get_title (SbIntegrationView *self)
{
  return gtk_label_get_label (self->name_label);
}

const char *
sb_integration_view_get_status_text (SbIntegrationView *self)
{
  return gtk_label_get_label (self->status_label);
}

const char *
sb_integration_view_get_created_text (SbIntegrationView *self)
{
  return gtk_label_get_label (self->created_label);
}

guint
sb_integration_view_count_step_rows (SbIntegrationView *self)
{
  guint count = 0;

  for (guint i = 0; i < self->group_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->group_rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if ((group == GTK_WIDGET (self->trigger_group) || group == GTK_WIDGET (self->steps_group))
          && gtk_widget_get_margin_start (row) == 0)
        count++;
    }

  return count;
}

GListModel *
sb_integration_view_get_runs_model (SbIntegrationView *self)
{
  return self->runs;
}

GListModel *
sb_integration_view_get_shown_logs (SbIntegrationView *self)
{
  return G_LIST_MODEL (self->logs_model);
}

GtkEditable *
sb_integration_view_get_log_search_editable (SbIntegrationView *self)
{
  return GTK_EDITABLE (self->log_search_entry);
}

void
sb_integration_view_set_log_level (SbIntegrationView *self,
                                   SbRunEventLevel    level)
{
  gtk_drop_down_set_selected (self->log_level_dropdown,
                              level == SB_RUN_EVENT_LEVEL_ERROR ? 1 : 0);
}

GtkWidget *
sb_integration_view_get_action_button (SbIntegrationView *self,
                                       const char        *name)
{
  if (g_str_equal (name, "activate"))
    return self->activate_button;
  if (g_str_equal (name, "pause"))
    return self->pause_button;
  if (g_str_equal (name, "run"))
    return self->run_button;
  if (g_str_equal (name, "edit"))
    return self->edit_button;
  if (g_str_equal (name, "duplicate"))
    return self->duplicate_button;
  if (g_str_equal (name, "delete"))
    return self->delete_button;

  g_return_val_if_reached (NULL);
}

gboolean
sb_integration_view_is_action_enabled (SbIntegrationView *self,
                                       const char        *action)
{
  return g_hash_table_contains (self->enabled_actions, action);
}

gboolean
sb_integration_view_get_draft_shown (SbIntegrationView *self)
{
  return gtk_revealer_get_reveal_child (self->draft_revealer);
}

guint
sb_integration_view_count_versions (SbIntegrationView *self)
{
  guint count = 0;

  for (guint i = 0; i < self->group_rows->len; i++)
    if (g_object_get_data (g_ptr_array_index (self->group_rows, i), "version") != NULL)
      count++;

  return count;
}

void
sb_integration_view_set_engine_notice (SbIntegrationView *self,
                                       const char        *text)
{
  g_return_if_fail (SB_IS_INTEGRATION_VIEW (self));

  gtk_label_set_label (self->engine_label, text);
  gtk_revealer_set_reveal_child (self->engine_revealer, text != NULL);
}

static RunRow *
lookup_run_row (SbIntegrationView *self,
                SbRun             *run)
{
  gint64 id = sb_run_get_id (run);
  RunRow *row = g_hash_table_lookup (self->run_rows, &id);

  return row != NULL && row->run != NULL ? row : NULL;
}

const char *
sb_integration_view_get_run_text (SbIntegrationView *self,
                                  SbRun             *run,
                                  const char        *part)
{
  RunRow *row = lookup_run_row (self, run);

  if (row == NULL)
    return NULL;

  if (g_str_equal (part, "title"))
    return gtk_label_get_label (GTK_LABEL (row->title));
  if (g_str_equal (part, "subtitle"))
    return gtk_label_get_label (GTK_LABEL (row->subtitle));
  if (g_str_equal (part, "progress"))
    return gtk_widget_get_visible (row->progress_box)
           ? gtk_label_get_label (GTK_LABEL (row->progress_label)) : NULL;
  if (g_str_equal (part, "icon"))
    return gtk_widget_get_visible (row->icon)
           ? gtk_image_get_icon_name (GTK_IMAGE (row->icon)) : NULL;
  if (g_str_equal (part, "style"))
    {
      const char *classes[] = { "error", "success", "dim-label", NULL };

      for (guint i = 0; classes[i] != NULL; i++)
        if (gtk_widget_has_css_class (row->icon, classes[i]))
          return classes[i];
      return NULL;
    }

  g_return_val_if_reached (NULL);
}

double
sb_integration_view_get_run_fraction (SbIntegrationView *self,
                                      SbRun             *run)
{
  RunRow *row = lookup_run_row (self, run);

  return row != NULL ? gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (row->progress_bar))
                     : -1.0;
}

GtkWidget *
sb_integration_view_get_run_button (SbIntegrationView *self,
                                    SbRun             *run,
                                    const char        *name)
{
  RunRow *row = lookup_run_row (self, run);

  if (row == NULL)
    return NULL;

  if (g_str_equal (name, "cancel"))
    return row->cancel_button;
  if (g_str_equal (name, "replay"))
    return row->replay_button;
  if (g_str_equal (name, "replay-failed-step"))
    return row->replay_step_button;

  g_return_val_if_reached (NULL);
}

const char *
sb_integration_view_get_provider_notice (SbIntegrationView *self)
{
  return gtk_revealer_get_reveal_child (self->provider_revealer)
         ? gtk_label_get_label (self->provider_label) : NULL;
}

const char *
sb_integration_view_get_engine_notice (SbIntegrationView *self)
{
  return gtk_revealer_get_reveal_child (self->engine_revealer)
         ? gtk_label_get_label (self->engine_label) : NULL;
}
