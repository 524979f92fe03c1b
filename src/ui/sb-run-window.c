/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-run-window.h"
#include "sb-window-private.h"
#include "sb-ui.h"

/* One run of an integration: its summary, what each step received and answered (as pretty,
 * copyable JSON), and its log lines. While it runs: how far it has got, and Cancel; once it
 * has failed: Replay, and Replay from the Failed Step.
 *
 * The steps and the log follow the run's events model: the workspace adds to it what the
 * engine has written as the run goes on, and replaces it with the whole log when it ends. */
struct _SbRunWindow
{
  AdwWindow parent_instance;

  /* template widgets */
  AdwToastOverlay *toast_overlay;
  AdwWindowTitle *window_title;
  AdwPreferencesGroup *progress_group;
  AdwActionRow *progress_row;
  GtkProgressBar *progress_bar;
  AdwPreferencesGroup *summary_group;
  GtkWidget *cancel_button;
  GtkWidget *replay_button;
  GtkWidget *replay_step_button;
  AdwPreferencesGroup *steps_group;
  AdwPreferencesGroup *log_group;

  /* The expander rows of the steps and the rows of the log, for the tests. */
  GPtrArray *step_rows;
  GPtrArray *log_rows;
  /* The rows of the summary, and the one that stands for the log while the run goes on. */
  GPtrArray *summary_rows;
  GtkWidget *waiting_row;
  gboolean details_shown;
  /* Why the acting member may not cancel or replay, or NULL when they may. */
  char *why_not;

  /* owned */
  SbWorkspace *workspace;
  SbIntegration *integration;
  SbRun *run;
};

G_DEFINE_FINAL_TYPE (SbRunWindow, sb_run_window, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_INTEGRATION,
  PROP_RUN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
on_copy_clicked (GtkButton   *button,
                 SbRunWindow *self)
{
  const char *text = g_object_get_data (G_OBJECT (button), "text");

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), text);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Copied")));
}

/* A labelled block of JSON with a Copy button, inside an expander row. */
static GtkWidget *
create_json_block (SbRunWindow *self,
                   const char  *title,
                   const char  *copy_label,
                   JsonNode    *node)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *heading = gtk_label_new (title);
  GtkWidget *copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  GtkWidget *view = gtk_text_view_new ();
  g_autofree char *text = json_to_string (node, TRUE);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_set_hexpand (heading, TRUE);
  gtk_widget_add_css_class (heading, "heading");

  gtk_widget_add_css_class (copy, "flat");
  gtk_widget_set_tooltip_text (copy, _("Copy"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  copy_label, -1);
  g_object_set_data_full (G_OBJECT (copy), "text", g_strdup (text), g_free);
  g_signal_connect (copy, "clicked", G_CALLBACK (on_copy_clicked), self);

  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  gtk_widget_add_css_class (view, "sb-json");

  gtk_box_append (GTK_BOX (header), heading);
  gtk_box_append (GTK_BOX (header), copy);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), view);

  return box;
}

static void
add_step (SbRunWindow *self,
          SbRunEvent  *event)
{
  JsonNode *data = sb_run_event_get_data (event);
  JsonObject *object;
  GtkWidget *row;
  g_autofree char *title = NULL;

  if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    return;

  object = json_node_get_object (data);
  if (!json_object_has_member (object, "input") && !json_object_has_member (object, "output"))
    return;

  row = adw_expander_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (sb_run_event_get_step_id (event) != NULL)
    /* Translators: a step of a run, by its id */
    title = g_strdup_printf (_("Step “%s”"), sb_run_event_get_step_id (event));
  else
    /* Translators: what the run was started with, shown before its steps */
    title = g_strdup (_("The Trigger’s Input"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), sb_run_event_get_message (event));

  if (json_object_has_member (object, "input"))
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                              create_json_block (self, _("Input"), _("Copy the Input"),
                                                 json_object_get_member (object, "input")));
  if (json_object_has_member (object, "output"))
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                              create_json_block (self, _("Output"), _("Copy the Output"),
                                                 json_object_get_member (object, "output")));

  g_object_set_data_full (G_OBJECT (row), "step-id",
                          g_strdup (sb_run_event_get_step_id (event)), g_free);
  if (json_object_has_member (object, "output"))
    g_object_set_data_full (G_OBJECT (row), "output",
                            json_to_string (json_object_get_member (object, "output"), TRUE),
                            g_free);
  g_ptr_array_add (self->step_rows, row);
  adw_preferences_group_add (self->steps_group, row);
}

static void
add_log_line (SbRunWindow *self,
              SbRunEvent  *event)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *when = sb_ui_dup_date_time (sb_run_event_get_at (event));
  g_autofree char *subtitle = NULL;
  SbRunEventLevel level = sb_run_event_get_level (event);
  const char *icon;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), sb_run_event_get_message (event));
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);

  if (sb_run_event_get_step_id (event) != NULL)
    /* Translators: under a log line: its level, when, and in which step */
    subtitle = g_strdup_printf (_("%s · %s · step “%s”"), sb_ui_get_event_level_label (level),
                                when, sb_run_event_get_step_id (event));
  else
    subtitle = g_strdup_printf (_("%s · %s"), sb_ui_get_event_level_label (level), when);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  switch (level)
    {
    case SB_RUN_EVENT_LEVEL_ERROR:
      icon = "dialog-error-symbolic";
      break;
    case SB_RUN_EVENT_LEVEL_WARNING:
      icon = "dialog-warning-symbolic";
      break;
    case SB_RUN_EVENT_LEVEL_INFO:
    case SB_RUN_EVENT_LEVEL_DEBUG:
    default:
      icon = "dialog-information-symbolic";
      break;
    }
  adw_action_row_set_icon_name (ADW_ACTION_ROW (row), icon);
  if (level == SB_RUN_EVENT_LEVEL_ERROR)
    gtk_widget_add_css_class (row, "error");
  else if (level == SB_RUN_EVENT_LEVEL_WARNING)
    gtk_widget_add_css_class (row, "warning");

  g_ptr_array_add (self->log_rows, row);
  adw_preferences_group_add (self->log_group, row);
}

static void
clear_details (SbRunWindow *self)
{
  for (guint i = 0; i < self->step_rows->len; i++)
    adw_preferences_group_remove (self->steps_group, g_ptr_array_index (self->step_rows, i));
  for (guint i = 0; i < self->log_rows->len; i++)
    adw_preferences_group_remove (self->log_group, g_ptr_array_index (self->log_rows, i));
  g_ptr_array_set_size (self->step_rows, 0);
  g_ptr_array_set_size (self->log_rows, 0);
  if (self->waiting_row != NULL)
    {
      adw_preferences_group_remove (self->log_group, self->waiting_row);
      self->waiting_row = NULL;
    }
}

/* The steps and the log as recorded so far: while the run goes on the workspace adds what
 * the engine has written (a step's events when it ends), and once it has ended the whole
 * log. */
static void
show_details (SbRunWindow *self)
{
  GListModel *events = sb_workspace_get_run_events (self->workspace, self->run);
  guint n = g_list_model_get_n_items (events);
  gboolean finished = sb_run_is_finished (self->run);
  gboolean any_step = FALSE;

  clear_details (self);
  self->details_shown = finished;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SbRunEvent) event = g_list_model_get_item (events, i);
      JsonNode *data = sb_run_event_get_data (event);

      if (data != NULL)
        {
          add_step (self, event);
          any_step = TRUE;
        }
      add_log_line (self, event);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->steps_group), any_step);
  if (!finished || n == 0)
    {
      self->waiting_row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->waiting_row),
                                     !finished ? _("The run goes on: its steps and log lines "
                                                   "show here as they are recorded.")
                                               : _("This run recorded no messages."));
      adw_preferences_group_add (self->log_group, self->waiting_row);
    }
}

static void
on_events_changed (SbRunWindow *self)
{
  show_details (self);
}

static void
add_summary_row (SbRunWindow *self,
                 const char  *title,
                 const char  *value)
{
  g_ptr_array_add (self->summary_rows, sb_ui_add_value_row (self->summary_group, title, value));
}

static void
update_summary (SbRunWindow *self)
{
  g_autofree char *title = NULL;
  g_autofree char *number = NULL;
  g_autofree char *started = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *timing = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *origin = NULL;

  for (guint i = 0; i < self->summary_rows->len; i++)
    adw_preferences_group_remove (self->summary_group,
                                  g_ptr_array_index (self->summary_rows, i));
  g_ptr_array_set_size (self->summary_rows, 0);

  number = g_strdup_printf ("%" G_GINT64_FORMAT, sb_run_get_id (self->run));
  started = sb_ui_dup_date_time (sb_run_get_started_at (self->run));
  /* Translators: the title of the window that shows one run; %s is the integration's name */
  title = g_strdup_printf (_("Run of “%s”"), sb_integration_get_name (self->integration));
  if (started != NULL)
    /* Translators: under the title of a run's window: its number, then when it started */
    subtitle = g_strdup_printf (_("Run %s · %s"), number, started);
  else
    /* Translators: under the title of a run's window that has not started yet */
    subtitle = g_strdup_printf (_("Run %s"), number);
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle);

  timing = sb_ui_dup_run_timing (self->run);
  counts = sb_ui_dup_run_counts (self->run);
  origin = sb_ui_dup_run_origin (self->run);
  add_summary_row (self, _("Result"), sb_run_status_get_label (sb_run_get_status (self->run)));
  add_summary_row (self, _("When"), timing);
  add_summary_row (self, _("Items"), counts);
  if (origin != NULL)
    /* Translators: in the summary of a run: a catch-up, a replay, a second attempt */
    add_summary_row (self, _("Started as"), origin);
  if (sb_run_get_error (self->run) != NULL)
    add_summary_row (self, _("What went wrong"), sb_run_get_error (self->run));
}

static void
update_progress (SbRunWindow *self)
{
  guint step, n_steps, item, n_items;
  g_autofree char *text = NULL;

  if (sb_run_get_status (self->run) != SB_RUN_STATUS_RUNNING ||
      !sb_ui_lookup_run_progress (self->workspace, self->run, &step, &n_steps, &item, &n_items))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->progress_group), FALSE);
      return;
    }

  text = sb_ui_dup_run_progress (step, n_steps, item, n_items);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->progress_row), text);
  gtk_progress_bar_set_fraction (self->progress_bar,
                                 sb_ui_get_run_fraction (step, n_steps, item, n_items));
  gtk_widget_set_visible (GTK_WIDGET (self->progress_group), TRUE);
}

static void
update_buttons (SbRunWindow *self)
{
  SbRunStatus status = sb_run_get_status (self->run);
  gboolean finished = sb_run_is_finished (self->run);
  gboolean cancelling = sb_run_get_cancel_requested (self->run) && !finished;
  gboolean replayable = status == SB_RUN_STATUS_FAILED || status == SB_RUN_STATUS_INTERRUPTED;
  gboolean can = self->why_not == NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "run.cancel", can && !cancelling);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "run.replay", can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "run.replay-failed-step", can);

  gtk_widget_set_visible (self->cancel_button, !finished);
  gtk_widget_set_visible (self->replay_button, finished && replayable);
  gtk_widget_set_visible (self->replay_step_button,
                          finished && status == SB_RUN_STATUS_FAILED);
  gtk_button_set_label (GTK_BUTTON (self->cancel_button),
                        cancelling ? _("Cancelling…") : C_("run action", "Cancel"));

  gtk_widget_set_tooltip_text (self->cancel_button, self->why_not);
  gtk_widget_set_tooltip_text (self->replay_button,
                               !can ? self->why_not : _("Run it again with the same input"));
  gtk_widget_set_tooltip_text (self->replay_step_button,
                               !can ? self->why_not
                               : _("Run it again from the step that failed, with what the "
                                   "steps before it returned"));
}

static void
update_all (SbRunWindow *self)
{
  update_summary (self);
  update_progress (self);
  update_buttons (self);
  if (!self->details_shown && sb_run_is_finished (self->run))
    show_details (self);
}

static void
on_run_notify (SbRunWindow *self)
{
  update_all (self);
}

static void
on_workspace_run_progress (SbRunWindow *self,
                           SbRun       *run)
{
  if (sb_run_get_id (run) == sb_run_get_id (self->run))
    update_progress (self);
}

static void
show_toast (SbRunWindow *self,
            const char  *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  AdwToast *toast = adw_toast_new (escaped);

  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SbRunWindow *self = SB_RUN_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!sb_workspace_cancel_run (self->workspace, self->run, &error))
    {
      show_toast (self, error->message);
      return;
    }

  /* The run does not notify that it was asked to stop. */
  update_all (self);
}

static void
replay (SbRunWindow *self,
        gboolean     from_failed_step)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbRun) replay = NULL;
  g_autofree char *number = NULL;
  g_autofree char *message = NULL;

  replay = sb_workspace_replay_run (self->workspace, self->run, from_failed_step, &error);
  if (replay == NULL)
    {
      show_toast (self, error->message);
      return;
    }

  number = g_strdup_printf ("%" G_GINT64_FORMAT, sb_run_get_id (self->run));
  if (from_failed_step)
    /* Translators: a notification; %s is the number of a run */
    message = g_strdup_printf (_("Replaying run %s from the failed step"), number);
  else
    /* Translators: a notification; %s is the number of a run */
    message = g_strdup_printf (_("Replaying run %s"), number);
  show_toast (self, message);
}

static void
replay_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  replay (SB_RUN_WINDOW (widget), FALSE);
}

static void
replay_failed_step_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  replay (SB_RUN_WINDOW (widget), TRUE);
}

static void
sb_run_window_constructed (GObject *object)
{
  SbRunWindow *self = (SbRunWindow *)object;
  g_autoptr(SbOrganization) organization = NULL;
  g_autoptr(GError) error = NULL;

  G_OBJECT_CLASS (sb_run_window_parent_class)->constructed (object);

  organization = sb_workspace_dup_organization (
                   self->workspace, sb_integration_get_organization_id (self->integration));
  if (organization == NULL ||
      !sb_workspace_check (self->workspace, organization, SB_CAPABILITY_EDIT_INTEGRATIONS,
                           &error))
    self->why_not = g_strdup (error != NULL ? error->message : "");

  sb_ui_track_run_progress (self->workspace);
  g_signal_connect_object (self->workspace, "run-progress",
                           G_CALLBACK (on_workspace_run_progress), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->run, "notify", G_CALLBACK (on_run_notify), self,
                           G_CONNECT_SWAPPED);

  g_signal_connect_object (sb_workspace_get_run_events (self->workspace, self->run),
                           "items-changed", G_CALLBACK (on_events_changed), self,
                           G_CONNECT_SWAPPED);
  update_all (self);
  if (!self->details_shown)
    show_details (self);
}

static void
sb_run_window_dispose (GObject *object)
{
  SbRunWindow *self = (SbRunWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_RUN_WINDOW);
  g_clear_pointer (&self->step_rows, g_ptr_array_unref);
  g_clear_pointer (&self->log_rows, g_ptr_array_unref);
  g_clear_pointer (&self->summary_rows, g_ptr_array_unref);
  self->waiting_row = NULL;
  g_clear_pointer (&self->why_not, g_free);

  g_clear_object (&self->run);
  g_clear_object (&self->integration);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (sb_run_window_parent_class)->dispose (object);
}

static void
sb_run_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SbRunWindow *self = SB_RUN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;
    case PROP_INTEGRATION:
      g_value_set_object (value, self->integration);
      break;
    case PROP_RUN:
      g_value_set_object (value, self->run);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_run_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SbRunWindow *self = SB_RUN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      self->workspace = g_value_dup_object (value);
      break;
    case PROP_INTEGRATION:
      self->integration = g_value_dup_object (value);
      break;
    case PROP_RUN:
      self->run = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_run_window_class_init (SbRunWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sb_run_window_constructed;
  object_class->dispose = sb_run_window_dispose;
  object_class->get_property = sb_run_window_get_property;
  object_class->set_property = sb_run_window_set_property;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL, SB_TYPE_WORKSPACE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_INTEGRATION] =
    g_param_spec_object ("integration", NULL, NULL, SB_TYPE_INTEGRATION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_RUN] =
    g_param_spec_object ("run", NULL, NULL, SB_TYPE_RUN,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  sb_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/samband/Samband/ui/sb-run-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SbRunWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SbRunWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SbRunWindow, progress_group);
  gtk_widget_class_bind_template_child (widget_class, SbRunWindow, progress_row);
  gtk_widget_class_bind_template_child (widget_class, SbRunWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SbRunWindow, summary_group);
  gtk_widget_class_bind_template_child (widget_class, SbRunWindow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SbRunWindow, replay_button);
  gtk_widget_class_bind_template_child (widget_class, SbRunWindow, replay_step_button);
  gtk_widget_class_bind_template_child (widget_class, SbRunWindow, steps_group);
  gtk_widget_class_bind_template_child (widget_class, SbRunWindow, log_group);

  gtk_widget_class_install_action (widget_class, "run.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "run.replay", NULL, replay_action);
  gtk_widget_class_install_action (widget_class, "run.replay-failed-step", NULL,
                                   replay_failed_step_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sb_run_window_init (SbRunWindow *self)
{
  self->step_rows = g_ptr_array_new ();
  self->log_rows = g_ptr_array_new ();
  self->summary_rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWindow *
sb_run_window_new (SbWorkspace   *workspace,
                   SbIntegration *integration,
                   SbRun         *run)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (SB_IS_INTEGRATION (integration), NULL);
  g_return_val_if_fail (SB_IS_RUN (run), NULL);

  return g_object_new (SB_TYPE_RUN_WINDOW,
                       "workspace", workspace,
                       "integration", integration,
                       "run", run,
                       NULL);
}

guint
sb_run_window_count_steps (SbRunWindow *self)
{
  return self->step_rows->len;
}

guint
sb_run_window_count_log_lines (SbRunWindow *self)
{
  return self->log_rows->len;
}

char *
sb_run_window_dup_output_text (SbRunWindow *self,
                               const char  *step_id)
{
  for (guint i = 0; i < self->step_rows->len; i++)
    {
      GObject *row = g_ptr_array_index (self->step_rows, i);

      if (g_strcmp0 (g_object_get_data (row, "step-id"), step_id) == 0)
        return g_strdup (g_object_get_data (row, "output"));
    }

  return NULL;
}

const char *
sb_run_window_get_progress_text (SbRunWindow *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->progress_group))
         ? adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->progress_row)) : NULL;
}

GtkWidget *
sb_run_window_get_button (SbRunWindow *self,
                          const char  *name)
{
  if (g_str_equal (name, "cancel"))
    return self->cancel_button;
  if (g_str_equal (name, "replay"))
    return self->replay_button;
  if (g_str_equal (name, "replay-failed-step"))
    return self->replay_step_button;

  g_return_val_if_reached (NULL);
}
