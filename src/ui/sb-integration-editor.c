/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-integration-editor.h"
#include "sb-integration-editor-private.h"
#include "sb-ui.h"

#include <string.h>

#define DEFAULT_WEBHOOK_PORT 8787

struct _SbIntegrationEditor
{
  AdwWindow parent_instance;

  /* template widgets */
  AdwWindowTitle *window_title;
  GtkWidget *back_button;
  GtkWidget *next_button;
  GtkButton *save_button;
  GtkLabel *error_label;
  GtkStack *stack;
  AdwEntryRow *name_row;
  AdwEntryRow *description_row;
  AdwEntryRow *purpose_row;
  AdwComboRow *trigger_kind_row;
  GtkWidget *manual_group;
  GtkWidget *schedule_group;
  AdwComboRow *repeat_row;
  GtkWidget *every_row;
  GtkSpinButton *every_spin;
  AdwEntryRow *time_row;
  GtkWidget *weekdays_row;
  GtkToggleButton *mon_button;
  GtkToggleButton *tue_button;
  GtkToggleButton *wed_button;
  GtkToggleButton *thu_button;
  GtkToggleButton *fri_button;
  GtkToggleButton *sat_button;
  GtkToggleButton *sun_button;
  GtkWidget *poll_group;
  AdwComboRow *poll_account_row;
  AdwComboRow *poll_trigger_row;
  AdwEntryRow *poll_trigger_id_row;
  GtkWidget *poll_every_row;
  GtkSpinButton *poll_every_spin;
  GtkWidget *webhook_group;
  AdwComboRow *webhook_account_row;
  AdwEntryRow *event_row;
  AdwActionRow *receiver_row;
  AdwActionRow *secret_row;
  GtkScrolledWindow *steps_scroller;
  GtkWidget *add_step_button;
  GtkWidget *no_steps_label;
  GtkBox *steps_box;
  GtkWidget *retries_row;
  GtkSpinButton *retries_spin;
  GtkWidget *timeout_row;
  GtkSpinButton *timeout_spin;
  GtkWidget *concurrency_row;
  GtkSpinButton *concurrency_spin;
  GtkWidget *notify_row;
  GtkSwitch *notify_switch;

  /* owned */
  SbWorkspace *workspace;
  SbOrganization *organization;
  SbIntegration *integration;
  /* What was loaded, so that members the form does not show survive an edit. */
  JsonNode *original_trigger;
  JsonNode *original_settings;
  char *webhook_token;
  /* A poll trigger named by the loaded trigger, kept until the account's list is known. */
  char *poll_trigger;
  /* The rows that show a problem (strong references). */
  GPtrArray *problem_rows;
  guint revalidate_id;
  /* A new step to bring into view once it has been laid out. */
  GtkWidget *scroll_target;
  GdkFrameClock *frame_clock;
  gulong after_paint_id;

  /* Set by the first Save: from then on the problems follow the fields. */
  gboolean attempted;
  guint loading;
};

G_DEFINE_FINAL_TYPE (SbIntegrationEditor, sb_integration_editor, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_ORGANIZATION,
  PROP_INTEGRATION,
  N_PROPS
};

enum {
  SAVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char * const pages[] = { "details", "trigger", "steps", "settings" };
static const char * const trigger_kinds[] = { "manual", "schedule", "poll", "webhook", NULL };
static const char * const repeats[] = { "every", "daily", "weekdays", NULL };
static const char * const weekday_nicks[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

static void on_step_changed (SbIntegrationEditor *self);

static GtkToggleButton **
get_day_buttons (SbIntegrationEditor *self,
                 GtkToggleButton     *buttons[7])
{
  buttons[0] = self->mon_button;
  buttons[1] = self->tue_button;
  buttons[2] = self->wed_button;
  buttons[3] = self->thu_button;
  buttons[4] = self->fri_button;
  buttons[5] = self->sat_button;
  buttons[6] = self->sun_button;
  return buttons;
}

static const char *
get_trigger_kind (SbIntegrationEditor *self)
{
  const char *kind = sb_editor_combo_get_id (self->trigger_kind_row);

  return kind != NULL ? kind : "manual";
}

static const char *
get_repeat (SbIntegrationEditor *self)
{
  const char *repeat = sb_editor_combo_get_id (self->repeat_row);

  return repeat != NULL ? repeat : "daily";
}

static guint
get_webhook_port (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  /* The receiver's port is a setting once the engine has one; until then its default. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "webhook-port"))
    return DEFAULT_WEBHOOK_PORT;

  settings = g_settings_new (APPLICATION_ID);
  return (guint) g_settings_get_int (settings, "webhook-port");
}

static char *
dup_new_token (void)
{
  g_autoptr(GString) token = g_string_new (NULL);
  g_autofree char *uuid = g_uuid_string_random ();

  for (const char *p = uuid; *p != '\0'; p++)
    if (*p != '-')
      g_string_append_c (token, *p);

  return g_string_free (g_steal_pointer (&token), FALSE);
}

static void
update_receiver (SbIntegrationEditor *self)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/hooks/%s",
                                          get_webhook_port (), self->webhook_token);

  adw_action_row_set_subtitle (self->receiver_row, url);
}

/* The label of the credential field that holds a connector's webhook signing secret. */
static const char *
get_secret_field_label (SbConnector *connector,
                        const char  *field_id)
{
  GListModel *fields = sb_connector_get_auth_fields (connector);

  for (guint i = 0; fields != NULL && i < g_list_model_get_n_items (fields); i++)
    {
      g_autoptr(SbConnectorField) field = g_list_model_get_item (fields, i);

      if (g_strcmp0 (sb_connector_field_get_id (field), field_id) == 0)
        return sb_connector_field_get_label (field);
    }

  return field_id;
}

/* The signing secret is a credential of the account that sends the calls, kept in the
 * keyring with its other credentials; the integration only says whose calls to expect. */
static void
update_secret_row (SbIntegrationEditor *self)
{
  GListModel *accounts = sb_workspace_get_accounts (self->workspace, self->organization);
  SbAccount *account = sb_editor_find_account (
    accounts, sb_editor_combo_get_account_id (self->webhook_account_row));
  SbConnector *connector = NULL;
  const char *secret_field = NULL;
  g_autofree char *text = NULL;

  if (account != NULL)
    connector = sb_connector_catalog_lookup (sb_workspace_get_catalog (self->workspace),
                                             sb_account_get_connector_id (account));
  if (connector != NULL)
    secret_field = sb_connector_get_webhook_secret_field (connector);

  if (connector == NULL)
    text = g_strdup (_("Calls from a service without an account here are not checked for a "
                       "signature: keep the receiver address secret."));
  else if (secret_field == NULL)
    /* Translators: %s is a service, such as Shopify */
    text = g_strdup_printf (_("%s does not sign its calls: keep the receiver address "
                              "secret."),
                            sb_connector_get_name (connector));
  else
    /* Translators: the first %s is a service, the second the name of one of its
     * credentials, such as “Webhook signing secret” */
    text = g_strdup_printf (_("%s signs its calls. Samband checks them with the account’s "
                              "“%s”, kept in the keyring with its other credentials: enter it "
                              "when you connect or edit the account."),
                            sb_connector_get_name (connector),
                            get_secret_field_label (connector, secret_field));

  adw_action_row_set_subtitle (self->secret_row, text);
}

static guint
get_page_index (SbIntegrationEditor *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->stack);

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    if (g_strcmp0 (name, pages[i]) == 0)
      return i;

  return 0;
}

static void
update_navigation (SbIntegrationEditor *self)
{
  guint index = get_page_index (self);
  GtkStackPage *page = gtk_stack_get_page (self->stack,
                                           gtk_stack_get_visible_child (self->stack));
  gboolean last = index + 1 == G_N_ELEMENTS (pages);
  g_autofree char *subtitle = NULL;

  gtk_widget_set_visible (self->back_button, index > 0);
  gtk_widget_set_visible (self->next_button, !last);
  /* Editing may end on any page, and so may creating once Save sent the user back to fix
   * something; before that, creating walks through every page. */
  gtk_widget_set_visible (GTK_WIDGET (self->save_button),
                          last || self->integration != NULL || self->attempted);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.back", index > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.next", !last);

  /* Translators: the subtitle of the integration editor, “2 of 4: Trigger” */
  subtitle = g_strdup_printf (_("%u of %u: %s"), index + 1, (guint) G_N_ELEMENTS (pages),
                              gtk_stack_page_get_title (page));
  adw_window_title_set_subtitle (self->window_title, subtitle);
}

static void
update_poll_triggers (SbIntegrationEditor *self)
{
  GListModel *accounts = sb_workspace_get_accounts (self->workspace, self->organization);
  SbAccount *account = sb_editor_find_account (
    accounts, sb_editor_combo_get_account_id (self->poll_account_row));
  SbConnector *connector = NULL;
  g_auto(GStrv) ids = NULL;
  g_auto(GStrv) labels = NULL;
  g_autofree char *current = NULL;
  gboolean listed = FALSE;
  gboolean poll = g_str_equal (get_trigger_kind (self), "poll");

  self->loading++;

  if (self->poll_trigger != NULL)
    current = g_steal_pointer (&self->poll_trigger);
  else if (gtk_widget_get_visible (GTK_WIDGET (self->poll_trigger_row)))
    current = g_strdup (sb_editor_combo_get_id (self->poll_trigger_row));
  else
    current = g_strstrip (sb_editor_dup_text (GTK_WIDGET (self->poll_trigger_id_row)));

  if (account != NULL)
    connector = sb_connector_catalog_lookup (sb_workspace_get_catalog (self->workspace),
                                             sb_account_get_connector_id (account));

  if (connector != NULL &&
      sb_editor_dup_choices (sb_connector_get_poll_triggers (connector), &ids, &labels))
    {
      g_autoptr(GStrvBuilder) id_builder = g_strv_builder_new ();
      g_autoptr(GStrvBuilder) label_builder = g_strv_builder_new ();
      g_auto(GStrv) all_ids = NULL;
      g_auto(GStrv) all_labels = NULL;

      g_strv_builder_add (id_builder, "");
      /* Translators: the first item of the list of what a service can be polled for */
      g_strv_builder_add (label_builder, _("Choose What to Poll For"));
      g_strv_builder_addv (id_builder, (const char **) ids);
      g_strv_builder_addv (label_builder, (const char **) labels);
      if (current != NULL && current[0] != '\0' &&
          !g_strv_contains ((const char * const *) ids, current))
        {
          g_strv_builder_add (id_builder, current);
          g_strv_builder_add (label_builder, current);
        }

      all_ids = g_strv_builder_end (id_builder);
      all_labels = g_strv_builder_end (label_builder);
      sb_editor_combo_set_choices (self->poll_trigger_row, (const char * const *) all_ids,
                                   (const char * const *) all_labels);
      sb_editor_combo_select_id (self->poll_trigger_row, current != NULL ? current : "");
      listed = TRUE;
    }
  else if (current != NULL)
    {
      sb_editor_set_text (GTK_WIDGET (self->poll_trigger_id_row), current);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->poll_trigger_row), poll && listed);
  gtk_widget_set_visible (GTK_WIDGET (self->poll_trigger_id_row), poll && !listed);

  self->loading--;
}

static void
update_trigger_form (SbIntegrationEditor *self)
{
  const char *kind = get_trigger_kind (self);
  const char *repeat = get_repeat (self);

  gtk_widget_set_visible (self->manual_group, g_str_equal (kind, "manual"));
  gtk_widget_set_visible (self->schedule_group, g_str_equal (kind, "schedule"));
  gtk_widget_set_visible (self->poll_group, g_str_equal (kind, "poll"));
  gtk_widget_set_visible (self->webhook_group, g_str_equal (kind, "webhook"));

  gtk_widget_set_visible (self->every_row, g_str_equal (repeat, "every"));
  gtk_widget_set_visible (GTK_WIDGET (self->time_row), !g_str_equal (repeat, "every"));
  gtk_widget_set_visible (self->weekdays_row, g_str_equal (repeat, "weekdays"));

  update_poll_triggers (self);
}

static void
update_steps (SbIntegrationEditor *self)
{
  g_autoptr(GPtrArray) steps = sb_editor_box_dup_children (self->steps_box);

  for (guint i = 0; i < steps->len; i++)
    sb_integration_editor_step_set_position (g_ptr_array_index (steps, i), i, steps->len);

  gtk_widget_set_visible (self->no_steps_label, steps->len == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->steps_box), steps->len > 0);
}

static void
show_error (SbIntegrationEditor *self,
            const char          *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static char *
dup_stripped (GtkWidget *field)
{
  return g_strstrip (sb_editor_dup_text (field));
}

static void
collect_step_ids (GPtrArray  *steps,
                  GHashTable *ids)
{
  for (guint i = 0; i < steps->len; i++)
    {
      SbIntegrationEditorStep *step = g_ptr_array_index (steps, i);
      g_autoptr(GPtrArray) children = sb_integration_editor_step_dup_children (step);

      g_hash_table_add (ids, g_strdup (sb_integration_editor_step_get_id (step)));
      collect_step_ids (children, ids);
    }
}

/* "step1", "step2", …: the first that no step has, counting from the number of steps. */
static char *
dup_next_step_id (SbIntegrationEditor *self)
{
  g_autoptr(GPtrArray) steps = sb_editor_box_dup_children (self->steps_box);
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  collect_step_ids (steps, ids);

  for (guint n = g_hash_table_size (ids) + 1; ; n++)
    {
      g_autofree char *id = g_strdup_printf ("step%u", n);

      if (!g_hash_table_contains (ids, id))
        return g_steal_pointer (&id);
    }
}

static void
stop_scrolling (SbIntegrationEditor *self)
{
  /* The frame clock is disposed with the window's surface, and its handlers with it. */
  if (self->frame_clock != NULL && self->after_paint_id != 0 &&
      g_signal_handler_is_connected (self->frame_clock, self->after_paint_id))
    g_signal_handler_disconnect (self->frame_clock, self->after_paint_id);
  self->after_paint_id = 0;
  g_clear_object (&self->frame_clock);
  g_clear_weak_pointer (&self->scroll_target);
}

static void
on_frame_clock_after_paint (SbIntegrationEditor *self)
{
  GtkWidget *viewport = gtk_scrolled_window_get_child (self->steps_scroller);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->steps_scroller);
  SbIntegrationEditorStep *step = (SbIntegrationEditorStep *) self->scroll_target;
  graphene_rect_t bounds;

  if (step != NULL &&
      gtk_widget_compute_bounds (GTK_WIDGET (step),
                                 gtk_viewport_get_child (GTK_VIEWPORT (viewport)), &bounds))
    {
      gtk_adjustment_clamp_page (adjustment, bounds.origin.y,
                                 bounds.origin.y + bounds.size.height);
      gtk_widget_grab_focus (sb_integration_editor_step_get_field (step, "kind"));
    }

  stop_scrolling (self);
}

/* Brings a step that was just added into view and gives it the focus. Where it is becomes
 * known only once it has been laid out: focused before, the viewport would scroll to the
 * wrong place. */
static void
show_new_step (SbIntegrationEditor     *self,
               SbIntegrationEditorStep *step)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  stop_scrolling (self);
  if (clock == NULL)
    {
      gtk_widget_grab_focus (sb_integration_editor_step_get_field (step, "kind"));
      return;
    }

  g_set_weak_pointer (&self->scroll_target, GTK_WIDGET (step));
  self->frame_clock = g_object_ref (clock);
  self->after_paint_id = g_signal_connect_swapped (clock, "after-paint",
                                                   G_CALLBACK (on_frame_clock_after_paint),
                                                   self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static SbIntegrationEditorStep *add_step (SbIntegrationEditor *self,
                                          const char          *kind,
                                          const char          *id);

static void
on_step_add_requested (SbIntegrationEditor     *self,
                       const char              *kind,
                       SbIntegrationEditorStep *step)
{
  g_autofree char *id = dup_next_step_id (self);
  SbIntegrationEditorStep *child = sb_integration_editor_step_add_child (step, kind, id);

  show_new_step (self, child);
}

static void
clear_problems (SbIntegrationEditor *self)
{
  for (guint i = 0; i < self->problem_rows->len; i++)
    sb_editor_clear_problem (g_ptr_array_index (self->problem_rows, i));
  g_ptr_array_set_size (self->problem_rows, 0);
  show_error (self, NULL);
}

static void
on_step_move_requested (SbIntegrationEditor     *self,
                        int                      delta,
                        SbIntegrationEditorStep *step)
{
  sb_editor_box_move_child (self->steps_box, GTK_WIDGET (step), delta);
  update_steps (self);
  on_step_changed (self);
}

static void
on_step_remove_requested (SbIntegrationEditor     *self,
                          SbIntegrationEditorStep *step)
{
  gtk_box_remove (self->steps_box, GTK_WIDGET (step));
  update_steps (self);
  gtk_widget_grab_focus (self->add_step_button);
  on_step_changed (self);
}

static SbIntegrationEditorStep *
add_step (SbIntegrationEditor *self,
          const char          *kind,
          const char          *id)
{
  SbIntegrationEditorStep *step;

  step = sb_integration_editor_step_new (self->workspace, self->organization, FALSE);
  if (kind != NULL)
    sb_integration_editor_step_set_kind (step, kind);
  sb_integration_editor_step_set_id (step, id);

  g_signal_connect_object (step, "changed", G_CALLBACK (on_step_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (step, "move-requested", G_CALLBACK (on_step_move_requested), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (step, "remove-requested", G_CALLBACK (on_step_remove_requested),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (step, "add-requested", G_CALLBACK (on_step_add_requested), self,
                           G_CONNECT_SWAPPED);

  gtk_box_append (self->steps_box, GTK_WIDGET (step));
  update_steps (self);

  return step;
}

static void
set_or_remove_member (JsonObject *object,
                      const char *member)
{
  if (json_object_has_member (object, member))
    json_object_remove_member (object, member);
}

static JsonNode *
build_trigger (SbIntegrationEditor *self)
{
  static const char * const known[] = {
    "kind", "every_minutes", "daily_at", "weekdays", "account", "service", "trigger", "event",
    "token",
  };
  const char *kind = get_trigger_kind (self);
  GListModel *accounts = sb_workspace_get_accounts (self->workspace, self->organization);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;

  /* Members the form does not show survive an edit, unless the trigger became another kind. */
  if (self->original_trigger != NULL && JSON_NODE_HOLDS_OBJECT (self->original_trigger) &&
      g_strcmp0 (sb_json_get_string (json_node_get_object (self->original_trigger),
                                            "kind"), kind) == 0)
    {
      node = sb_json_deep_copy (self->original_trigger);
    }
  else
    {
      node = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (node, json_object_new ());
    }

  object = json_node_get_object (node);
  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    set_or_remove_member (object, known[i]);

  json_object_set_string_member (object, "kind", kind);

  if (g_str_equal (kind, "schedule"))
    {
      const char *repeat = get_repeat (self);

      if (g_str_equal (repeat, "every"))
        {
          json_object_set_int_member (object, "every_minutes",
                                      gtk_spin_button_get_value_as_int (self->every_spin));
        }
      else
        {
          g_autofree char *at = dup_stripped (GTK_WIDGET (self->time_row));

          json_object_set_string_member (object, "daily_at", at);
        }

      if (g_str_equal (repeat, "weekdays"))
        {
          GtkToggleButton *buttons[7];
          JsonArray *days = json_array_new ();

          get_day_buttons (self, buttons);
          for (guint i = 0; i < G_N_ELEMENTS (weekday_nicks); i++)
            if (gtk_toggle_button_get_active (buttons[i]))
              json_array_add_string_element (days, weekday_nicks[i]);

          json_object_set_array_member (object, "weekdays", days);
        }
    }
  else if (g_str_equal (kind, "poll"))
    {
      gint64 account_id = sb_editor_combo_get_account_id (self->poll_account_row);
      SbAccount *account = sb_editor_find_account (accounts, account_id);
      g_autofree char *trigger = NULL;

      if (account_id > 0)
        json_object_set_int_member (object, "account", account_id);

      if (account != NULL)
        {
          SbConnector *connector =
            sb_connector_catalog_lookup (sb_workspace_get_catalog (self->workspace),
                                         sb_account_get_connector_id (account));

          if (connector != NULL)
            json_object_set_string_member (object, "service", sb_connector_get_name (connector));
        }

      if (gtk_widget_get_visible (GTK_WIDGET (self->poll_trigger_row)))
        trigger = g_strdup (sb_editor_combo_get_id (self->poll_trigger_row));
      else
        trigger = dup_stripped (GTK_WIDGET (self->poll_trigger_id_row));
      if (trigger != NULL && trigger[0] != '\0')
        json_object_set_string_member (object, "trigger", trigger);

      json_object_set_int_member (object, "every_minutes",
                                  gtk_spin_button_get_value_as_int (self->poll_every_spin));
    }
  else if (g_str_equal (kind, "webhook"))
    {
      gint64 account_id = sb_editor_combo_get_account_id (self->webhook_account_row);
      SbAccount *account = sb_editor_find_account (accounts, account_id);
      g_autofree char *event = dup_stripped (GTK_WIDGET (self->event_row));

      if (account_id > 0)
        json_object_set_int_member (object, "account", account_id);

      if (account != NULL)
        {
          SbConnector *connector =
            sb_connector_catalog_lookup (sb_workspace_get_catalog (self->workspace),
                                         sb_account_get_connector_id (account));

          if (connector != NULL)
            json_object_set_string_member (object, "service", sb_connector_get_name (connector));
        }

      if (event[0] != '\0')
        json_object_set_string_member (object, "event", event);
      json_object_set_string_member (object, "token", self->webhook_token);
    }

  return g_steal_pointer (&node);
}

static JsonNode *
build_settings (SbIntegrationEditor *self)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;

  if (self->original_settings != NULL && JSON_NODE_HOLDS_OBJECT (self->original_settings))
    {
      node = sb_json_deep_copy (self->original_settings);
    }
  else
    {
      node = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (node, json_object_new ());
    }

  object = json_node_get_object (node);
  json_object_set_int_member (object, "retries",
                              gtk_spin_button_get_value_as_int (self->retries_spin));
  json_object_set_int_member (object, "timeout_seconds",
                              gtk_spin_button_get_value_as_int (self->timeout_spin));
  json_object_set_int_member (object, "concurrency",
                              gtk_spin_button_get_value_as_int (self->concurrency_spin));
  json_object_set_boolean_member (object, "notify_on_failure",
                                  gtk_switch_get_active (self->notify_switch));

  return g_steal_pointer (&node);
}

static JsonNode *
build_steps (SbIntegrationEditor *self,
             GPtrArray           *problems)
{
  g_autoptr(GPtrArray) steps = sb_editor_box_dup_children (self->steps_box);
  JsonArray *array = json_array_new ();
  JsonNode *node;

  for (guint i = 0; i < steps->len; i++)
    {
      g_autoptr(GPtrArray) step_problems =
        g_ptr_array_new_with_free_func ((GDestroyNotify) sb_editor_problem_free);
      JsonNode *step = sb_integration_editor_step_build (g_ptr_array_index (steps, i),
                                                         step_problems);

      json_array_add_element (array, step);

      for (guint j = 0; j < step_problems->len; j++)
        {
          SbEditorProblem *problem = g_ptr_array_index (step_problems, j);
          g_autofree char *field = g_strdup_printf ("steps[%u].%s", i, problem->field);

          g_ptr_array_add (problems, sb_editor_problem_new (field, problem->message));
        }
    }

  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, array);
  return node;
}

/* Builds what would be saved and every problem with it: the form's own, then those the
 * workspace finds. Returns the problems as SbEditorProblem. */
static GPtrArray *
check_form (SbIntegrationEditor  *self,
            JsonNode            **trigger_out,
            JsonNode            **steps_out,
            JsonNode            **settings_out)
{
  GPtrArray *problems = g_ptr_array_new_with_free_func ((GDestroyNotify) sb_editor_problem_free);
  g_autoptr(GPtrArray) model_problems = NULL;
  g_autofree char *name = dup_stripped (GTK_WIDGET (self->name_row));
  g_autoptr(JsonNode) trigger = build_trigger (self);
  g_autoptr(JsonNode) steps = build_steps (self, problems);
  g_autoptr(JsonNode) settings = build_settings (self);

  if (name[0] == '\0')
    g_ptr_array_insert (problems, 0,
                        sb_editor_problem_new ("name", _("Give the integration a name.")));

  model_problems = sb_workspace_check_integration_config (self->workspace, self->organization,
                                                          trigger, steps, settings);
  for (guint i = 0; i < model_problems->len; i++)
    {
      SbProblem *problem = g_ptr_array_index (model_problems, i);

      g_ptr_array_add (problems, sb_editor_problem_new (problem->field, problem->message));
    }

  if (trigger_out != NULL)
    *trigger_out = g_steal_pointer (&trigger);
  if (steps_out != NULL)
    *steps_out = g_steal_pointer (&steps);
  if (settings_out != NULL)
    *settings_out = g_steal_pointer (&settings);

  return problems;
}

static GtkWidget *
get_field (SbIntegrationEditor *self,
           const char          *field)
{
  const char *kind = get_trigger_kind (self);
  const char *rest;
  guint index;

  if (g_str_equal (field, "name"))
    return GTK_WIDGET (self->name_row);
  if (g_str_equal (field, "description"))
    return GTK_WIDGET (self->description_row);
  if (g_str_equal (field, "purpose"))
    return GTK_WIDGET (self->purpose_row);

  if (g_str_equal (field, "trigger") || g_str_equal (field, "trigger.kind"))
    return GTK_WIDGET (self->trigger_kind_row);
  if (g_str_equal (field, "trigger.repeat"))
    return GTK_WIDGET (self->repeat_row);
  if (g_str_equal (field, "trigger.every_minutes"))
    return g_str_equal (kind, "poll") ? self->poll_every_row : self->every_row;
  if (g_str_equal (field, "trigger.daily_at"))
    return GTK_WIDGET (self->time_row);
  if (g_str_has_prefix (field, "trigger.weekdays"))
    return self->weekdays_row;
  if (g_str_equal (field, "trigger.account") || g_str_equal (field, "trigger.service"))
    return g_str_equal (kind, "webhook") ? GTK_WIDGET (self->webhook_account_row)
                                         : GTK_WIDGET (self->poll_account_row);
  if (g_str_equal (field, "trigger.trigger"))
    return gtk_widget_get_visible (GTK_WIDGET (self->poll_trigger_row))
           ? GTK_WIDGET (self->poll_trigger_row) : GTK_WIDGET (self->poll_trigger_id_row);
  if (g_str_equal (field, "trigger.event"))
    return GTK_WIDGET (self->event_row);
  if (g_str_equal (field, "trigger.token"))
    return GTK_WIDGET (self->receiver_row);
  if (g_str_equal (field, "trigger.signing_secret") || g_str_equal (field, "trigger.secret"))
    return GTK_WIDGET (self->secret_row);
  if (g_str_has_prefix (field, "trigger."))
    return GTK_WIDGET (self->trigger_kind_row);

  if (sb_editor_parse_step_path (field, &index, &rest))
    {
      g_autoptr(GPtrArray) steps = sb_editor_box_dup_children (self->steps_box);

      if (index >= steps->len)
        return NULL;
      return sb_integration_editor_step_get_field (g_ptr_array_index (steps, index),
                                                   rest[0] != '\0' ? rest : "kind");
    }

  if (g_str_equal (field, "settings.retries"))
    return self->retries_row;
  if (g_str_equal (field, "settings.timeout_seconds"))
    return self->timeout_row;
  if (g_str_equal (field, "settings.concurrency"))
    return self->concurrency_row;
  if (g_str_equal (field, "settings.notify_on_failure"))
    return self->notify_row;
  if (g_str_has_prefix (field, "settings"))
    return self->retries_row;

  return NULL;
}

static const char *
find_page_of (SbIntegrationEditor *self,
              GtkWidget           *widget)
{
  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    if (gtk_widget_get_parent (w) == GTK_WIDGET (self->stack))
      return gtk_stack_page_get_name (gtk_stack_get_page (self->stack, w));

  return NULL;
}

static void
focus_field (GtkWidget *row)
{
  GtkWidget *widget = sb_editor_get_value_widget (row);

  if (!gtk_widget_grab_focus (widget))
    gtk_widget_child_focus (row, GTK_DIR_TAB_FORWARD);
}

/* Shows each problem at its field; problems without a field go above the form. With
 * @focus, the page of the first problem is shown and its field focused. */
static void
show_problems (SbIntegrationEditor *self,
               GPtrArray           *problems,
               gboolean             focus)
{
  g_autoptr(GString) unplaced = g_string_new (NULL);
  GtkWidget *first = NULL;

  clear_problems (self);

  for (guint i = 0; i < problems->len; i++)
    {
      SbEditorProblem *problem = g_ptr_array_index (problems, i);
      GtkWidget *row = get_field (self, problem->field);

      if (row == NULL || !gtk_widget_get_visible (row))
        {
          if (unplaced->len > 0)
            g_string_append_c (unplaced, '\n');
          g_string_append (unplaced, problem->message);
          continue;
        }

      /* One message per field: the first says what to fix first. */
      if (sb_editor_get_problem (row) != NULL)
        continue;

      sb_editor_show_problem (row, problem->message);
      g_ptr_array_add (self->problem_rows, g_object_ref (row));
      if (first == NULL)
        first = row;
    }

  if (unplaced->len > 0)
    show_error (self, unplaced->str);

  if (focus && first != NULL)
    {
      const char *page = find_page_of (self, first);

      /* The problem takes the focus from a step that was about to get it. */
      stop_scrolling (self);

      if (page != NULL)
        gtk_stack_set_visible_child_name (self->stack, page);
      focus_field (first);
    }
}

static gboolean
revalidate_cb (gpointer user_data)
{
  SbIntegrationEditor *self = user_data;
  g_autoptr(GPtrArray) problems = NULL;

  self->revalidate_id = 0;

  problems = check_form (self, NULL, NULL, NULL);
  show_problems (self, problems, FALSE);

  return G_SOURCE_REMOVE;
}

static void
on_field_changed (SbIntegrationEditor *self)
{
  if (self->loading > 0 || !self->attempted)
    return;

  /* Once per burst of changes, after the change is complete. */
  if (self->revalidate_id == 0)
    self->revalidate_id = g_idle_add (revalidate_cb, self);
}

static void
on_step_changed (SbIntegrationEditor *self)
{
  on_field_changed (self);
}

static void
on_trigger_kind_row_selected (SbIntegrationEditor *self)
{
  update_trigger_form (self);
  on_field_changed (self);
}

static void
on_repeat_row_selected (SbIntegrationEditor *self)
{
  update_trigger_form (self);
  on_field_changed (self);
}

static void
on_webhook_account_row_selected (SbIntegrationEditor *self)
{
  update_secret_row (self);
  on_field_changed (self);
}

static void
on_poll_account_row_selected (SbIntegrationEditor *self)
{
  if (self->loading > 0)
    return;

  update_poll_triggers (self);
  on_field_changed (self);
}

static void
on_entry_activated (SbIntegrationEditor *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "editor.next", NULL);
}

static void
go_to_page (SbIntegrationEditor *self,
            guint                index)
{
  stop_scrolling (self);
  gtk_stack_set_visible_child_name (self->stack, pages[index]);

  /* The first field of the page, so the keyboard goes on where the eyes do. */
  switch (index)
    {
    case 0:
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
      break;
    case 1:
      gtk_widget_grab_focus (GTK_WIDGET (self->trigger_kind_row));
      break;
    case 2:
      gtk_widget_grab_focus (self->add_step_button);
      break;
    default:
      gtk_widget_grab_focus (GTK_WIDGET (self->retries_spin));
      break;
    }
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SbIntegrationEditor *self = SB_INTEGRATION_EDITOR (widget);
  guint index = get_page_index (self);

  if (index + 1 < G_N_ELEMENTS (pages))
    go_to_page (self, index + 1);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SbIntegrationEditor *self = SB_INTEGRATION_EDITOR (widget);
  guint index = get_page_index (self);

  if (index > 0)
    go_to_page (self, index - 1);
}

static void
add_step_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SbIntegrationEditor *self = SB_INTEGRATION_EDITOR (widget);
  g_autofree char *id = dup_next_step_id (self);
  SbIntegrationEditorStep *step;

  step = add_step (self, g_variant_get_string (parameter, NULL), id);
  gtk_stack_set_visible_child_name (self->stack, "steps");
  show_new_step (self, step);
  on_field_changed (self);
}

static void
copy_receiver_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SbIntegrationEditor *self = SB_INTEGRATION_EDITOR (widget);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget),
                          adw_action_row_get_subtitle (self->receiver_row));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SbIntegrationEditor *self = SB_INTEGRATION_EDITOR (widget);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(JsonNode) trigger = NULL;
  g_autoptr(JsonNode) steps = NULL;
  g_autoptr(JsonNode) settings = NULL;
  g_autoptr(SbIntegration) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *description = NULL;
  g_autofree char *purpose = NULL;

  if (!self->attempted)
    {
      self->attempted = TRUE;
      update_navigation (self);
    }
  g_clear_handle_id (&self->revalidate_id, g_source_remove);

  problems = check_form (self, &trigger, &steps, &settings);
  show_problems (self, problems, TRUE);
  if (problems->len > 0)
    return;

  name = dup_stripped (GTK_WIDGET (self->name_row));
  description = dup_stripped (GTK_WIDGET (self->description_row));
  purpose = dup_stripped (GTK_WIDGET (self->purpose_row));

  if (self->integration == NULL)
    {
      saved = sb_workspace_create_integration_full (self->workspace, self->organization,
                                                    name, description, purpose,
                                                    trigger, steps, settings, &error);
    }
  else if (sb_workspace_update_integration (self->workspace, self->integration,
                                            name, description, purpose,
                                            trigger, steps, settings, &error))
    {
      saved = g_object_ref (self->integration);
    }

  if (saved == NULL)
    {
      show_error (self, error->message);
      return;
    }

  g_signal_emit (self, signals[SAVED], 0, saved);
  gtk_window_close (GTK_WINDOW (self));
}

static void
load_trigger (SbIntegrationEditor *self,
              JsonNode            *trigger)
{
  JsonObject *object;
  const char *kind;
  JsonNode *node;

  if (trigger == NULL || !JSON_NODE_HOLDS_OBJECT (trigger))
    return;

  object = json_node_get_object (trigger);
  kind = sb_json_get_string (object, "kind");
  if (kind == NULL || !sb_editor_combo_select_id (self->trigger_kind_row, kind))
    return;

  if (g_str_equal (kind, "schedule"))
    {
      gint64 every = sb_editor_json_get_int (object, "every_minutes", -1);
      const char *at = sb_json_get_string (object, "daily_at");

      node = json_object_get_member (object, "weekdays");
      if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *days = json_node_get_array (node);
          GtkToggleButton *buttons[7];

          get_day_buttons (self, buttons);
          for (guint i = 0; i < json_array_get_length (days); i++)
            {
              const char *day = json_array_get_string_element (days, i);

              for (guint j = 0; day != NULL && j < G_N_ELEMENTS (weekday_nicks); j++)
                if (g_str_equal (day, weekday_nicks[j]))
                  gtk_toggle_button_set_active (buttons[j], TRUE);
            }
          sb_editor_combo_select_id (self->repeat_row, "weekdays");
        }
      else if (every >= 0 && at == NULL)
        {
          sb_editor_combo_select_id (self->repeat_row, "every");
        }
      else
        {
          sb_editor_combo_select_id (self->repeat_row, "daily");
        }

      if (every >= 0)
        gtk_spin_button_set_value (self->every_spin, (double) every);
      if (at != NULL)
        sb_editor_set_text (GTK_WIDGET (self->time_row), at);
    }
  else if (g_str_equal (kind, "poll"))
    {
      g_free (self->poll_trigger);
      self->poll_trigger = g_strdup (sb_json_get_string (object, "trigger"));
      sb_editor_combo_select_account_id (self->poll_account_row,
                                         sb_editor_json_get_int (object, "account", 0));
      gtk_spin_button_set_value (self->poll_every_spin,
                                 (double) sb_editor_json_get_int (object, "every_minutes", 15));
    }
  else if (g_str_equal (kind, "webhook"))
    {
      const char *token = sb_json_get_string (object, "token");

      sb_editor_combo_select_account_id (self->webhook_account_row,
                                         sb_editor_json_get_int (object, "account", 0));
      sb_editor_set_text (GTK_WIDGET (self->event_row),
                          sb_json_get_string (object, "event"));
      if (token != NULL && token[0] != '\0')
        {
          g_free (self->webhook_token);
          self->webhook_token = g_strdup (token);
        }
    }

  update_trigger_form (self);
}

static void
load_settings (SbIntegrationEditor *self,
               JsonNode            *settings)
{
  JsonObject *object;
  JsonNode *node;

  if (settings == NULL || !JSON_NODE_HOLDS_OBJECT (settings))
    return;

  object = json_node_get_object (settings);
  gtk_spin_button_set_value (self->retries_spin,
                             (double) sb_editor_json_get_int (object, "retries", 3));
  gtk_spin_button_set_value (self->timeout_spin,
                             (double) sb_editor_json_get_int (object, "timeout_seconds", 60));
  gtk_spin_button_set_value (self->concurrency_spin,
                             (double) sb_editor_json_get_int (object, "concurrency", 1));

  node = json_object_get_member (object, "notify_on_failure");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    gtk_switch_set_active (self->notify_switch, json_node_get_boolean (node));
}

static void
load_steps (SbIntegrationEditor *self,
            JsonNode            *steps)
{
  JsonArray *array;

  if (steps == NULL || !JSON_NODE_HOLDS_ARRAY (steps))
    return;

  array = json_node_get_array (steps);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *kind = NULL;
      SbIntegrationEditorStep *step;

      if (JSON_NODE_HOLDS_OBJECT (element))
        kind = sb_json_get_string (json_node_get_object (element), "kind");

      step = add_step (self, kind, NULL);
      sb_integration_editor_step_load (step, element);
    }
}

static void
load_integration (SbIntegration       *integration,
                  SbIntegrationEditor *self)
{
  /* The draft of a Live or Paused integration when it has one. */
  JsonNode *trigger = sb_integration_get_edited_trigger (integration);
  JsonNode *steps = sb_integration_get_edited_steps (integration);
  JsonNode *settings = sb_integration_get_edited_settings (integration);

  self->original_trigger = sb_json_deep_copy (trigger);
  self->original_settings = sb_json_deep_copy (settings);

  sb_editor_set_text (GTK_WIDGET (self->name_row), sb_integration_get_name (integration));
  sb_editor_set_text (GTK_WIDGET (self->description_row),
                      sb_integration_get_description (integration));
  sb_editor_set_text (GTK_WIDGET (self->purpose_row), sb_integration_get_purpose (integration));

  load_trigger (self, trigger);
  load_steps (self, steps);
  load_settings (self, settings);
}

static void
sb_integration_editor_constructed (GObject *object)
{
  SbIntegrationEditor *self = (SbIntegrationEditor *)object;
  GListModel *accounts;
  const char *kind_labels[] = {
    /* Translators: what starts an integration’s run */
    _("By Hand"),
    _("On a Schedule"),
    /* Translators: when a service that is polled has new items */
    _("On New Items"),
    /* Translators: when a service calls Samband's webhook receiver */
    _("On a Webhook Call"),
    NULL
  };
  const char *repeat_labels[] = {
    /* Translators: how often a schedule repeats */
    _("Every Few Minutes"),
    _("Every Day"),
    _("On Chosen Weekdays"),
    NULL
  };

  G_OBJECT_CLASS (sb_integration_editor_parent_class)->constructed (object);

  g_assert (SB_IS_WORKSPACE (self->workspace));
  g_assert (SB_IS_ORGANIZATION (self->organization));

  accounts = sb_workspace_get_accounts (self->workspace, self->organization);

  self->loading++;

  sb_editor_combo_set_choices (self->trigger_kind_row, trigger_kinds, kind_labels);
  sb_editor_combo_set_choices (self->repeat_row, repeats, repeat_labels);
  sb_editor_combo_select_id (self->repeat_row, "daily");
  sb_editor_combo_set_accounts (self->poll_account_row, accounts, _("Choose an Account"));
  /* Translators: a webhook that no account of the organization sends */
  sb_editor_combo_set_accounts (self->webhook_account_row, accounts, _("Another Service"));
  sb_editor_set_text (GTK_WIDGET (self->time_row), "08:00");

  if (self->integration != NULL)
    {
      SbIntegrationStatus status = sb_integration_get_status (self->integration);

      gtk_window_set_title (GTK_WINDOW (self), _("Edit Integration"));
      /* A Live or Paused integration keeps running as it is: the changes go to its draft. */
      gtk_button_set_label (self->save_button,
                            status == SB_INTEGRATION_STATUS_DRAFT ? _("_Save") : _("Save _Draft"));
      load_integration (self->integration, self);
    }
  else
    {
      gtk_window_set_title (GTK_WINDOW (self), _("New Integration"));
      gtk_button_set_label (self->save_button, _("_Save"));
    }

  update_receiver (self);
  update_secret_row (self);
  update_trigger_form (self);
  update_steps (self);
  self->loading--;

  adw_window_title_set_title (self->window_title, gtk_window_get_title (GTK_WINDOW (self)));
  gtk_stack_set_visible_child_name (self->stack, "details");
  update_navigation (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
sb_integration_editor_dispose (GObject *object)
{
  SbIntegrationEditor *self = (SbIntegrationEditor *)object;

  g_clear_handle_id (&self->revalidate_id, g_source_remove);
  stop_scrolling (self);
  if (self->problem_rows != NULL)
    g_ptr_array_set_size (self->problem_rows, 0);

  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_INTEGRATION_EDITOR);

  g_clear_object (&self->workspace);
  g_clear_object (&self->organization);
  g_clear_object (&self->integration);

  G_OBJECT_CLASS (sb_integration_editor_parent_class)->dispose (object);
}

static void
sb_integration_editor_finalize (GObject *object)
{
  SbIntegrationEditor *self = (SbIntegrationEditor *)object;

  g_clear_pointer (&self->problem_rows, g_ptr_array_unref);
  g_clear_pointer (&self->original_trigger, json_node_unref);
  g_clear_pointer (&self->original_settings, json_node_unref);
  g_free (self->webhook_token);
  g_free (self->poll_trigger);

  G_OBJECT_CLASS (sb_integration_editor_parent_class)->finalize (object);
}

static void
sb_integration_editor_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  SbIntegrationEditor *self = SB_INTEGRATION_EDITOR (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;
    case PROP_ORGANIZATION:
      g_value_set_object (value, self->organization);
      break;
    case PROP_INTEGRATION:
      g_value_set_object (value, self->integration);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_integration_editor_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  SbIntegrationEditor *self = SB_INTEGRATION_EDITOR (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      self->workspace = g_value_dup_object (value);
      break;
    case PROP_ORGANIZATION:
      self->organization = g_value_dup_object (value);
      break;
    case PROP_INTEGRATION:
      self->integration = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_integration_editor_class_init (SbIntegrationEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sb_integration_editor_constructed;
  object_class->dispose = sb_integration_editor_dispose;
  object_class->finalize = sb_integration_editor_finalize;
  object_class->get_property = sb_integration_editor_get_property;
  object_class->set_property = sb_integration_editor_set_property;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         SB_TYPE_WORKSPACE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ORGANIZATION] =
    g_param_spec_object ("organization", NULL, NULL,
                         SB_TYPE_ORGANIZATION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_INTEGRATION] =
    g_param_spec_object ("integration", NULL, NULL,
                         SB_TYPE_INTEGRATION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SbIntegrationEditor::saved:
   * @integration: the integration, new or edited
   *
   * Emitted after a successful save, just before the editor closes.
   */
  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SB_TYPE_INTEGRATION);

  g_type_ensure (SB_TYPE_INTEGRATION_EDITOR_STEP);

  sb_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/samband/Samband/ui/sb-integration-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, back_button);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, next_button);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, stack);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, description_row);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, purpose_row);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, trigger_kind_row);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, manual_group);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, schedule_group);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, repeat_row);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, every_row);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, every_spin);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, time_row);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, weekdays_row);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, mon_button);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, tue_button);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, wed_button);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, thu_button);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, fri_button);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, sat_button);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, sun_button);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, poll_group);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, poll_account_row);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, poll_trigger_row);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, poll_trigger_id_row);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, poll_every_row);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, poll_every_spin);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, webhook_group);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, webhook_account_row);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, event_row);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, receiver_row);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, secret_row);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, steps_scroller);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, add_step_button);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, no_steps_label);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, steps_box);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, retries_row);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, retries_spin);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, timeout_row);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, timeout_spin);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, concurrency_row);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, concurrency_spin);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, notify_row);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditor, notify_switch);
  gtk_widget_class_bind_template_callback (widget_class, update_navigation);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_trigger_kind_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_repeat_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_poll_account_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_webhook_account_row_selected);

  gtk_widget_class_install_action (widget_class, "editor.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "editor.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.add-step", "s", add_step_action);
  gtk_widget_class_install_action (widget_class, "editor.copy-receiver", NULL,
                                   copy_receiver_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "editor.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK,
                                       "editor.next", NULL);
}

static void
sb_integration_editor_init (SbIntegrationEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->problem_rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->webhook_token = dup_new_token ();
}

GtkWindow *
sb_integration_editor_new (SbWorkspace    *workspace,
                           SbOrganization *organization,
                           SbIntegration  *integration)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (SB_IS_ORGANIZATION (organization), NULL);
  g_return_val_if_fail (integration == NULL || SB_IS_INTEGRATION (integration), NULL);

  return g_object_new (SB_TYPE_INTEGRATION_EDITOR,
                       "workspace", workspace,
                       "organization", organization,
                       "integration", integration,
                       NULL);
}

SbWorkspace *
sb_integration_editor_get_workspace (SbIntegrationEditor *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATION_EDITOR (self), NULL);

  return self->workspace;
}

SbOrganization *
sb_integration_editor_get_organization (SbIntegrationEditor *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATION_EDITOR (self), NULL);

  return self->organization;
}

SbIntegration *
sb_integration_editor_get_integration (SbIntegrationEditor *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATION_EDITOR (self), NULL);

  return self->integration;
}

const char *
sb_integration_editor_get_page_name (SbIntegrationEditor *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATION_EDITOR (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

GtkWidget *
sb_integration_editor_get_name_row (SbIntegrationEditor *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATION_EDITOR (self), NULL);

  return GTK_WIDGET (self->name_row);
}

guint
sb_integration_editor_get_n_steps (SbIntegrationEditor *self)
{
  g_autoptr(GPtrArray) steps = NULL;

  g_return_val_if_fail (SB_IS_INTEGRATION_EDITOR (self), 0);

  steps = sb_editor_box_dup_children (self->steps_box);
  return steps->len;
}

GtkWidget *
sb_integration_editor_get_field (SbIntegrationEditor *self,
                                 const char          *field)
{
  g_return_val_if_fail (SB_IS_INTEGRATION_EDITOR (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  return get_field (self, field);
}

const char *
sb_integration_editor_get_problem (SbIntegrationEditor *self,
                                   const char          *field)
{
  GtkWidget *row;

  g_return_val_if_fail (SB_IS_INTEGRATION_EDITOR (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  row = get_field (self, field);
  return row != NULL ? sb_editor_get_problem (row) : NULL;
}

const char *
sb_integration_editor_get_error (SbIntegrationEditor *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATION_EDITOR (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;

  return gtk_label_get_label (self->error_label);
}

char *
sb_integration_editor_dup_hint (SbIntegrationEditor *self,
                                const char          *field)
{
  GtkWidget *row;

  g_return_val_if_fail (SB_IS_INTEGRATION_EDITOR (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  row = get_field (self, field);
  return row != NULL ? g_strdup (sb_editor_get_hint (row)) : NULL;
}

char *
sb_integration_editor_dup_text (SbIntegrationEditor *self,
                                const char          *field)
{
  GtkWidget *row;

  g_return_val_if_fail (SB_IS_INTEGRATION_EDITOR (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  row = get_field (self, field);
  return row != NULL ? sb_editor_dup_text (row) : NULL;
}

void
sb_integration_editor_set_text (SbIntegrationEditor *self,
                                const char          *field,
                                const char          *text)
{
  GtkWidget *row;

  g_return_if_fail (SB_IS_INTEGRATION_EDITOR (self));
  g_return_if_fail (field != NULL);

  row = get_field (self, field);
  g_return_if_fail (row != NULL);

  sb_editor_set_text (row, text);
}

gboolean
sb_integration_editor_choose (SbIntegrationEditor *self,
                              const char          *field,
                              const char          *id)
{
  GtkWidget *row;

  g_return_val_if_fail (SB_IS_INTEGRATION_EDITOR (self), FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  row = get_field (self, field);
  if (!ADW_IS_COMBO_ROW (row))
    return FALSE;

  return sb_editor_combo_select_id (ADW_COMBO_ROW (row), id);
}

const char *
sb_integration_editor_get_choice (SbIntegrationEditor *self,
                                  const char          *field)
{
  GtkWidget *row;

  g_return_val_if_fail (SB_IS_INTEGRATION_EDITOR (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  row = get_field (self, field);
  if (!ADW_IS_COMBO_ROW (row))
    return NULL;

  return sb_editor_combo_get_id (ADW_COMBO_ROW (row));
}
