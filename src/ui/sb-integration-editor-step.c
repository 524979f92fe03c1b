/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-integration-editor-private.h"
#include "sb-ui.h"

#include <string.h>

struct _SbIntegrationEditorStep
{
  AdwPreferencesGroup parent_instance;

  /* template widgets */
  AdwComboRow *kind_row;
  AdwEntryRow *id_row;
  AdwComboRow *account_row;
  AdwComboRow *action_row;
  AdwEntryRow *action_id_row;
  AdwComboRow *method_row;
  AdwEntryRow *url_row;
  GtkWidget *headers_row;
  GtkTextView *headers_view;
  GtkWidget *body_row;
  GtkTextView *body_view;
  GtkWidget *input_row;
  GtkLabel *input_hint_label;
  GtkTextView *input_view;
  GtkWidget *output_row;
  GtkTextView *output_view;
  AdwEntryRow *condition_row;
  AdwEntryRow *items_row;
  GtkWidget *nested_area;
  GtkBox *nested_box;

  /* owned */
  SbWorkspace *workspace;
  SbOrganization *organization;
  /* The step as loaded: members the form does not show are kept when the kind stays. */
  JsonNode *original;
  /* An action named by the loaded step, kept until the account's actions are known. */
  char *action;

  gboolean nested;
  /* Set while the form is filled, so that filling it is not a change. */
  guint loading;
};

G_DEFINE_FINAL_TYPE (SbIntegrationEditorStep, sb_integration_editor_step,
                     ADW_TYPE_PREFERENCES_GROUP)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_ORGANIZATION,
  PROP_NESTED,
  N_PROPS
};

enum {
  CHANGED,
  MOVE_REQUESTED,
  REMOVE_REQUESTED,
  ADD_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char * const kind_ids[] = { "http", "action", "map", "filter", "for_each", NULL };
static const char * const methods[] = { "GET", "POST", "PUT", "PATCH", "DELETE", NULL };

static void
emit_changed (SbIntegrationEditorStep *self)
{
  if (self->loading == 0)
    g_signal_emit (self, signals[CHANGED], 0);
}

static const char *
get_kind (SbIntegrationEditorStep *self)
{
  const char *kind = sb_editor_combo_get_id (self->kind_row);

  return kind != NULL ? kind : "http";
}

static void
set_text_view_text (GtkTextView *view,
                    const char  *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text != NULL ? text : "", -1);
}

static char *
dup_text_view_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static char *
dup_stripped (GtkWidget *field)
{
  return g_strstrip (sb_editor_dup_text (field));
}

/* The action the form names: from the list of the connector's actions when it has one,
 * else as typed. */
static char *
dup_action (SbIntegrationEditorStep *self)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self->action_row)))
    return g_strdup (sb_editor_combo_get_id (self->action_row));

  return dup_stripped (GTK_WIDGET (self->action_id_row));
}

static SbConnector *
get_connector (SbIntegrationEditorStep *self)
{
  GListModel *accounts = sb_workspace_get_accounts (self->workspace, self->organization);
  SbAccount *account = sb_editor_find_account (accounts,
                                               sb_editor_combo_get_account_id (self->account_row));

  if (account == NULL)
    return NULL;

  return sb_connector_catalog_lookup (sb_workspace_get_catalog (self->workspace),
                                      sb_account_get_connector_id (account));
}

/* Under the parameters: what the chosen action takes, by the names the JSON uses. */
static void
update_input_hint (SbIntegrationEditorStep *self)
{
  SbConnector *connector = get_connector (self);
  g_autofree char *action_id = dup_action (self);
  SbConnectorAction *action = NULL;
  GListModel *parameters = NULL;
  g_autoptr(GString) list = g_string_new (NULL);
  g_autofree char *text = NULL;

  if (connector != NULL && action_id != NULL && action_id[0] != '\0')
    action = sb_connector_lookup_action (connector, action_id);
  if (action != NULL)
    parameters = sb_connector_action_get_parameters (action);

  for (guint i = 0; parameters != NULL && i < g_list_model_get_n_items (parameters); i++)
    {
      g_autoptr(SbConnectorField) field = g_list_model_get_item (parameters, i);
      const char *id = sb_connector_field_get_id (field);
      const char *label = sb_connector_field_get_label (field);
      g_autofree char *item = NULL;

      if (label == NULL || label[0] == '\0')
        label = id;

      if (sb_connector_field_get_optional (field))
        /* Translators: a parameter of an action: its name in the JSON, then its label */
        item = g_strdup_printf (_("%s (%s, optional)"), id, label);
      else
        /* Translators: a parameter of an action: its name in the JSON, then its label */
        item = g_strdup_printf (_("%s (%s)"), id, label);

      if (list->len > 0)
        g_string_append (list, ", ");
      g_string_append (list, item);
    }

  if (list->len > 0)
    /* Translators: %s is a list of parameters, such as “id (Charge ID), limit (How many)” */
    text = g_strdup_printf (_("A JSON object; its text values may hold templates such as "
                              "{{ item.email }}. This action takes: %s."),
                            list->str);
  else
    text = g_strdup (_("A JSON object; its text values may hold templates such as "
                       "{{ item.email }}."));

  gtk_label_set_label (self->input_hint_label, text);
}

static void
update_actions_list (SbIntegrationEditorStep *self)
{
  SbConnector *connector = get_connector (self);
  g_autofree char *current = NULL;
  g_auto(GStrv) ids = NULL;
  g_auto(GStrv) labels = NULL;
  gboolean listed = FALSE;

  self->loading++;

  current = self->action != NULL ? g_strdup (self->action) : dup_action (self);

  if (connector != NULL &&
      sb_editor_dup_choices (sb_connector_get_actions (connector), &ids, &labels))
    {
      g_autoptr(GStrvBuilder) id_builder = g_strv_builder_new ();
      g_autoptr(GStrvBuilder) label_builder = g_strv_builder_new ();
      g_auto(GStrv) all_ids = NULL;
      g_auto(GStrv) all_labels = NULL;

      /* Translators: the first item of the list of a connector's actions */
      g_strv_builder_add (id_builder, "");
      g_strv_builder_add (label_builder, _("Choose an Action"));
      g_strv_builder_addv (id_builder, (const char **) ids);
      g_strv_builder_addv (label_builder, (const char **) labels);

      /* An action the connector no longer lists stays choosable, so nothing is lost. */
      if (current != NULL && current[0] != '\0' && !g_strv_contains ((const char * const *) ids,
                                                                      current))
        {
          g_strv_builder_add (id_builder, current);
          g_strv_builder_add (label_builder, current);
        }

      all_ids = g_strv_builder_end (id_builder);
      all_labels = g_strv_builder_end (label_builder);
      sb_editor_combo_set_choices (self->action_row, (const char * const *) all_ids,
                                   (const char * const *) all_labels);
      sb_editor_combo_select_id (self->action_row, current != NULL ? current : "");
      listed = TRUE;
    }
  else if (current != NULL)
    {
      sb_editor_set_text (GTK_WIDGET (self->action_id_row), current);
    }

  g_clear_pointer (&self->action, g_free);

  gtk_widget_set_visible (GTK_WIDGET (self->action_row),
                          listed && g_str_equal (get_kind (self), "action"));
  gtk_widget_set_visible (GTK_WIDGET (self->action_id_row),
                          !listed && g_str_equal (get_kind (self), "action"));
  update_input_hint (self);

  self->loading--;
}

static void
update_form (SbIntegrationEditorStep *self)
{
  const char *kind = get_kind (self);
  gboolean http = g_str_equal (kind, "http");
  gboolean action = g_str_equal (kind, "action");
  GListModel *accounts = sb_workspace_get_accounts (self->workspace, self->organization);

  self->loading++;
  sb_editor_combo_set_accounts (self->account_row, accounts, _("Choose an Account"));
  self->loading--;

  gtk_widget_set_visible (GTK_WIDGET (self->account_row), http || action);
  gtk_widget_set_visible (GTK_WIDGET (self->method_row), http);
  gtk_widget_set_visible (GTK_WIDGET (self->url_row), http);
  gtk_widget_set_visible (self->headers_row, http);
  gtk_widget_set_visible (self->body_row, http);
  gtk_widget_set_visible (self->input_row, action);
  gtk_widget_set_visible (self->output_row, g_str_equal (kind, "map"));
  gtk_widget_set_visible (GTK_WIDGET (self->condition_row), g_str_equal (kind, "filter"));
  gtk_widget_set_visible (GTK_WIDGET (self->items_row), g_str_equal (kind, "for_each"));
  gtk_widget_set_visible (self->nested_area, !self->nested && g_str_equal (kind, "for_each"));

  update_actions_list (self);
}

static void
on_kind_row_selected (SbIntegrationEditorStep *self)
{
  update_form (self);
  emit_changed (self);
}

static void
on_account_row_selected (SbIntegrationEditorStep *self)
{
  if (self->loading > 0)
    return;

  update_actions_list (self);
  emit_changed (self);
}

static void
on_field_changed (SbIntegrationEditorStep *self)
{
  emit_changed (self);
}

static void
on_action_changed (SbIntegrationEditorStep *self)
{
  update_input_hint (self);
  emit_changed (self);
}

static void
renumber_children (SbIntegrationEditorStep *self)
{
  g_autoptr(GPtrArray) children = sb_integration_editor_step_dup_children (self);

  for (guint i = 0; i < children->len; i++)
    sb_integration_editor_step_set_position (g_ptr_array_index (children, i), i, children->len);
}

static void
on_child_changed (SbIntegrationEditorStep *self)
{
  emit_changed (self);
}

static void
on_child_move_requested (SbIntegrationEditorStep *self,
                         int                      delta,
                         SbIntegrationEditorStep *child)
{
  sb_editor_box_move_child (self->nested_box, GTK_WIDGET (child), delta);
  renumber_children (self);
  emit_changed (self);
}

static void
on_child_remove_requested (SbIntegrationEditorStep *self,
                           SbIntegrationEditorStep *child)
{
  gtk_box_remove (self->nested_box, GTK_WIDGET (child));
  renumber_children (self);
  emit_changed (self);
}

static void
move_up_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  g_signal_emit (widget, signals[MOVE_REQUESTED], 0, -1);
}

static void
move_down_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  g_signal_emit (widget, signals[MOVE_REQUESTED], 0, 1);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_signal_emit (widget, signals[REMOVE_REQUESTED], 0);
}

static void
add_step_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  g_signal_emit (widget, signals[ADD_REQUESTED], 0, g_variant_get_string (parameter, NULL));
}

static void
sb_integration_editor_step_constructed (GObject *object)
{
  SbIntegrationEditorStep *self = (SbIntegrationEditorStep *)object;
  const char *labels[] = {
    /* Translators: kinds of steps */
    _("HTTP Request"),
    _("Connector Action"),
    /* Translators: a step that builds JSON from templates */
    C_("step", "Map"),
    /* Translators: a step that stops the run unless a condition holds */
    C_("step", "Filter"),
    /* Translators: a step that runs its own steps once for every item of a list */
    _("For Each"),
    NULL
  };
  g_autofree char **ids = g_memdup2 (kind_ids, sizeof kind_ids);

  G_OBJECT_CLASS (sb_integration_editor_step_parent_class)->constructed (object);

  g_assert (SB_IS_WORKSPACE (self->workspace));
  g_assert (SB_IS_ORGANIZATION (self->organization));

  /* Steps inside a for_each cannot hold steps themselves. */
  if (self->nested)
    {
      ids[4] = NULL;
      labels[4] = NULL;
    }

  self->loading++;
  sb_editor_combo_set_choices (self->kind_row, (const char * const *) ids, labels);
  self->loading--;

  update_form (self);
}

static void
sb_integration_editor_step_dispose (GObject *object)
{
  SbIntegrationEditorStep *self = (SbIntegrationEditorStep *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_INTEGRATION_EDITOR_STEP);
  g_clear_object (&self->workspace);
  g_clear_object (&self->organization);

  G_OBJECT_CLASS (sb_integration_editor_step_parent_class)->dispose (object);
}

static void
sb_integration_editor_step_finalize (GObject *object)
{
  SbIntegrationEditorStep *self = (SbIntegrationEditorStep *)object;

  g_clear_pointer (&self->original, json_node_unref);
  g_free (self->action);

  G_OBJECT_CLASS (sb_integration_editor_step_parent_class)->finalize (object);
}

static void
sb_integration_editor_step_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  SbIntegrationEditorStep *self = SB_INTEGRATION_EDITOR_STEP (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;
    case PROP_ORGANIZATION:
      g_value_set_object (value, self->organization);
      break;
    case PROP_NESTED:
      g_value_set_boolean (value, self->nested);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_integration_editor_step_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  SbIntegrationEditorStep *self = SB_INTEGRATION_EDITOR_STEP (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      self->workspace = g_value_dup_object (value);
      break;
    case PROP_ORGANIZATION:
      self->organization = g_value_dup_object (value);
      break;
    case PROP_NESTED:
      self->nested = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_integration_editor_step_class_init (SbIntegrationEditorStepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sb_integration_editor_step_constructed;
  object_class->dispose = sb_integration_editor_step_dispose;
  object_class->finalize = sb_integration_editor_step_finalize;
  object_class->get_property = sb_integration_editor_step_get_property;
  object_class->set_property = sb_integration_editor_step_set_property;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         SB_TYPE_WORKSPACE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ORGANIZATION] =
    g_param_spec_object ("organization", NULL, NULL,
                         SB_TYPE_ORGANIZATION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_NESTED] =
    g_param_spec_boolean ("nested", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[MOVE_REQUESTED] =
    g_signal_new ("move-requested",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT);
  signals[REMOVE_REQUESTED] =
    g_signal_new ("remove-requested",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[ADD_REQUESTED] =
    g_signal_new ("add-requested",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  sb_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/samband/Samband/ui/sb-integration-editor-step.ui");
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditorStep, kind_row);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditorStep, id_row);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditorStep, account_row);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditorStep, action_row);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditorStep, action_id_row);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditorStep, method_row);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditorStep, url_row);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditorStep, headers_row);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditorStep, headers_view);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditorStep, body_row);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditorStep, body_view);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditorStep, input_row);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditorStep, input_hint_label);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditorStep, input_view);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditorStep, output_row);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditorStep, output_view);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditorStep, condition_row);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditorStep, items_row);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditorStep, nested_area);
  gtk_widget_class_bind_template_child (widget_class, SbIntegrationEditorStep, nested_box);
  gtk_widget_class_bind_template_callback (widget_class, on_kind_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_account_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_action_changed);

  gtk_widget_class_install_action (widget_class, "step.move-up", NULL, move_up_action);
  gtk_widget_class_install_action (widget_class, "step.move-down", NULL, move_down_action);
  gtk_widget_class_install_action (widget_class, "step.remove", NULL, remove_action);
  gtk_widget_class_install_action (widget_class, "step.add-step", "s", add_step_action);
}

static void
sb_integration_editor_step_init (SbIntegrationEditorStep *self)
{
  GtkTextView *views[] = { NULL, NULL, NULL, NULL };
  GtkWidget *rows[] = { NULL, NULL, NULL, NULL };

  gtk_widget_init_template (GTK_WIDGET (self));

  views[0] = self->headers_view;
  views[1] = self->body_view;
  views[2] = self->input_view;
  views[3] = self->output_view;
  rows[0] = self->headers_row;
  rows[1] = self->body_row;
  rows[2] = self->input_row;
  rows[3] = self->output_row;

  sb_editor_attach_hint (self->input_row, self->input_hint_label);

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      sb_editor_attach_text_view (rows[i], views[i]);
      g_signal_connect_object (gtk_text_view_get_buffer (views[i]), "changed",
                               G_CALLBACK (on_field_changed), self, G_CONNECT_SWAPPED);
    }
}

SbIntegrationEditorStep *
sb_integration_editor_step_new (SbWorkspace    *workspace,
                                SbOrganization *organization,
                                gboolean        nested)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (SB_IS_ORGANIZATION (organization), NULL);

  return g_object_new (SB_TYPE_INTEGRATION_EDITOR_STEP,
                       "workspace", workspace,
                       "organization", organization,
                       "nested", nested,
                       NULL);
}

void
sb_integration_editor_step_set_kind (SbIntegrationEditorStep *self,
                                     const char              *kind)
{
  g_return_if_fail (SB_IS_INTEGRATION_EDITOR_STEP (self));

  sb_editor_combo_select_id (self->kind_row, kind);
}

const char *
sb_integration_editor_step_get_kind (SbIntegrationEditorStep *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATION_EDITOR_STEP (self), NULL);

  return get_kind (self);
}

const char *
sb_integration_editor_step_get_id (SbIntegrationEditorStep *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATION_EDITOR_STEP (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->id_row));
}

void
sb_integration_editor_step_set_id (SbIntegrationEditorStep *self,
                                   const char              *id)
{
  g_return_if_fail (SB_IS_INTEGRATION_EDITOR_STEP (self));

  self->loading++;
  gtk_editable_set_text (GTK_EDITABLE (self->id_row), id != NULL ? id : "");
  self->loading--;
}

void
sb_integration_editor_step_set_position (SbIntegrationEditorStep *self,
                                         guint                    index,
                                         guint                    n_steps)
{
  g_autofree char *title = NULL;

  g_return_if_fail (SB_IS_INTEGRATION_EDITOR_STEP (self));

  if (self->nested)
    /* Translators: the title of a step inside a for-each step; %u is its number */
    title = g_strdup_printf (_("Step %u for Each Item"), index + 1);
  else
    /* Translators: the title of a step; %u is its number */
    title = g_strdup_printf (_("Step %u"), index + 1);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), title);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "step.move-up", index > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "step.move-down", index + 1 < n_steps);
}

static char *
dup_headers_text (JsonObject *headers)
{
  g_autoptr(GString) text = g_string_new (NULL);
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init (&iter, headers);
  while (json_object_iter_next (&iter, &name, &value))
    {
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
        continue;

      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, "%s: %s", name, json_node_get_string (value));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
dup_json_text (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = NULL;

  if (node == NULL)
    return g_strdup ("");

  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

/* A member of the step, or of its "config" object as the demo writes it. */
static JsonNode *
get_step_member (JsonObject *object,
                 JsonObject *config,
                 const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if ((node == NULL || JSON_NODE_HOLDS_NULL (node)) && config != NULL)
    node = json_object_get_member (config, member);

  return node != NULL && !JSON_NODE_HOLDS_NULL (node) ? node : NULL;
}

static const char *
get_step_string (JsonObject *object,
                 JsonObject *config,
                 const char *member)
{
  JsonNode *node = get_step_member (object, config, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static char *
dup_node_text (JsonNode *node)
{
  if (node == NULL)
    return g_strdup ("");

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));

  return dup_json_text (node);
}

void
sb_integration_editor_step_load (SbIntegrationEditorStep *self,
                                 JsonNode                *step)
{
  JsonObject *object;
  JsonObject *config = NULL;
  JsonNode *node;
  const char *kind;
  const char *method;
  const char *url;
  g_autofree char *body = NULL;
  g_autofree char *input = NULL;
  g_autofree char *output = NULL;

  g_return_if_fail (SB_IS_INTEGRATION_EDITOR_STEP (self));

  if (step == NULL || !JSON_NODE_HOLDS_OBJECT (step))
    return;

  object = json_node_get_object (step);
  g_clear_pointer (&self->original, json_node_unref);
  self->original = sb_json_deep_copy (step);

  /* Steps written before the engine's shape keep their settings in "config". */
  node = json_object_get_member (object, "config");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    config = json_node_get_object (node);

  self->loading++;

  kind = sb_json_get_string (object, "kind");
  if (kind != NULL && g_strv_contains (kind_ids, kind))
    sb_editor_combo_select_id (self->kind_row, kind);

  sb_editor_set_text (GTK_WIDGET (self->id_row), sb_json_get_string (object, "id"));

  /* The account's actions are listed once the account is chosen; the action waits. */
  g_free (self->action);
  self->action = g_strdup (sb_json_get_string (object, "action"));
  update_form (self);
  sb_editor_combo_select_account_id (self->account_row,
                                     sb_editor_json_get_int (object, "account", 0));
  update_actions_list (self);

  method = get_step_string (object, config, "method");
  for (guint i = 0; method != NULL && methods[i] != NULL; i++)
    if (g_ascii_strcasecmp (method, methods[i]) == 0)
      adw_combo_row_set_selected (self->method_row, i);

  url = get_step_string (object, config, "url");
  if (url == NULL)
    url = get_step_string (object, config, "path");
  sb_editor_set_text (GTK_WIDGET (self->url_row), url);

  node = get_step_member (object, config, "headers");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *headers = dup_headers_text (json_node_get_object (node));

      set_text_view_text (self->headers_view, headers);
    }

  body = dup_node_text (get_step_member (object, config, "body"));
  set_text_view_text (self->body_view, body);

  node = json_object_get_member (object, "input");
  if (node == NULL && g_strcmp0 (kind, "action") == 0)
    node = json_object_get_member (object, "config");
  input = node != NULL && !JSON_NODE_HOLDS_NULL (node) ? dup_json_text (node) : g_strdup ("");
  set_text_view_text (self->input_view, input);

  output = dup_node_text (get_step_member (object, NULL, "output"));
  set_text_view_text (self->output_view, output);

  sb_editor_set_text (GTK_WIDGET (self->condition_row),
                      sb_json_get_string (object, "condition"));
  sb_editor_set_text (GTK_WIDGET (self->items_row), sb_json_get_string (object, "items"));

  node = json_object_get_member (object, "steps");
  if (!self->nested && node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *steps = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (steps); i++)
        {
          JsonNode *element = json_array_get_element (steps, i);
          const char *child_kind = NULL;
          SbIntegrationEditorStep *child;

          if (JSON_NODE_HOLDS_OBJECT (element))
            child_kind = sb_json_get_string (json_node_get_object (element), "kind");

          child = sb_integration_editor_step_add_child (self, child_kind, NULL);
          sb_integration_editor_step_load (child, element);
        }
    }

  self->loading--;
}

static void
add_problem (GPtrArray  *problems,
             const char *field,
             const char *message)
{
  g_ptr_array_add (problems, sb_editor_problem_new (field, message));
}

static JsonNode *
build_headers (SbIntegrationEditorStep *self,
               GPtrArray               *problems)
{
  g_autofree char *text = dup_text_view_text (self->headers_view);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(JsonObject) headers = json_object_new ();
  JsonNode *node;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      char *colon;

      if (line[0] == '\0')
        continue;

      colon = strchr (line, ':');
      if (colon == NULL || colon == line)
        {
          /* Translators: %u is a line number in the headers of an HTTP request */
          g_autofree char *message = g_strdup_printf (_("Line %u is not “Name: value”."),
                                                      i + 1);

          add_problem (problems, "headers", message);
          continue;
        }

      *colon = '\0';
      json_object_set_string_member (headers, g_strstrip (line), g_strstrip (colon + 1));
    }

  if (json_object_get_size (headers) == 0)
    return NULL;

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, headers);
  return node;
}

/* The JSON in a text field: NULL when empty. A text that is not JSON is a problem, unless
 * @text_ok and it is one template ("{{ steps.members.body }}"), which stands for itself. */
static JsonNode *
build_json_field (GtkTextView *view,
                  gboolean     text_ok,
                  const char  *field,
                  GPtrArray   *problems)
{
  g_autofree char *text = g_strstrip (dup_text_view_text (view));
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  if (text[0] == '\0')
    return NULL;

  node = json_from_string (text, &error);
  if (node != NULL)
    return node;

  if (text_ok && g_str_has_prefix (text, "{{"))
    {
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (node, text);
      return node;
    }

  {
    /* Translators: %s says where and why a JSON text did not read */
    g_autofree char *message = g_strdup_printf (_("This is not JSON: %s"), error->message);

    add_problem (problems, field, message);
  }

  return NULL;
}

static JsonNode *
build_body (SbIntegrationEditorStep *self)
{
  g_autofree char *text = dup_text_view_text (self->body_view);
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  JsonNode *node;

  if (stripped[0] == '\0')
    return NULL;

  /* A body that reads as JSON goes as JSON; anything else as the text it is. */
  node = json_from_string (stripped, NULL);
  if (node == NULL)
    {
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (node, text);
    }

  return node;
}

static void
set_or_remove_string (JsonObject *object,
                      const char *member,
                      const char *value)
{
  if (value != NULL && value[0] != '\0')
    json_object_set_string_member (object, member, value);
  else if (json_object_has_member (object, member))
    json_object_remove_member (object, member);
}

static void
set_or_remove_member (JsonObject *object,
                      const char *member,
                      JsonNode   *value)
{
  if (value != NULL)
    json_object_set_member (object, member, value);
  else if (json_object_has_member (object, member))
    json_object_remove_member (object, member);
}

JsonNode *
sb_integration_editor_step_build (SbIntegrationEditorStep *self,
                                  GPtrArray               *problems)
{
  /* What each kind writes, in the shape sb_integration_config_validate () describes. */
  static const char * const known[] = {
    "account", "method", "url", "path", "headers", "body", "action", "input", "config",
    "output", "condition", "items", "steps",
  };
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;
  const char *kind;
  g_autofree char *id = NULL;
  gint64 account_id;

  g_return_val_if_fail (SB_IS_INTEGRATION_EDITOR_STEP (self), NULL);
  g_return_val_if_fail (problems != NULL, NULL);

  kind = get_kind (self);

  /* Members the form does not show survive an edit, unless the step became another kind. */
  if (self->original != NULL &&
      g_strcmp0 (sb_json_get_string (json_node_get_object (self->original), "kind"),
                 kind) == 0)
    {
      node = sb_json_deep_copy (self->original);
    }
  else
    {
      node = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (node, json_object_new ());
    }

  object = json_node_get_object (node);
  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (json_object_has_member (object, known[i]))
      json_object_remove_member (object, known[i]);

  id = dup_stripped (GTK_WIDGET (self->id_row));
  json_object_set_string_member (object, "id", id);
  json_object_set_string_member (object, "kind", kind);

  account_id = sb_editor_combo_get_account_id (self->account_row);
  if ((g_str_equal (kind, "http") || g_str_equal (kind, "action")) && account_id > 0)
    json_object_set_int_member (object, "account", account_id);

  if (g_str_equal (kind, "http"))
    {
      g_autofree char *url = dup_stripped (GTK_WIDGET (self->url_row));
      guint method = adw_combo_row_get_selected (self->method_row);

      json_object_set_string_member (object, "method",
                                     methods[MIN (method, G_N_ELEMENTS (methods) - 2)]);
      set_or_remove_string (object, "url", url);
      set_or_remove_member (object, "headers", build_headers (self, problems));
      set_or_remove_member (object, "body", build_body (self));
    }
  else if (g_str_equal (kind, "action"))
    {
      g_autofree char *action = dup_action (self);
      JsonNode *input = build_json_field (self->input_view, FALSE, "input", problems);

      set_or_remove_string (object, "action", action);
      if (input != NULL && !JSON_NODE_HOLDS_OBJECT (input))
        {
          add_problem (problems, "input",
                       _("Write the parameters as a JSON object, between { and }."));
          g_clear_pointer (&input, json_node_unref);
        }
      set_or_remove_member (object, "input", input);
    }
  else if (g_str_equal (kind, "map"))
    {
      set_or_remove_member (object, "output",
                            build_json_field (self->output_view, TRUE, "output", problems));
    }
  else if (g_str_equal (kind, "filter"))
    {
      g_autofree char *condition = dup_stripped (GTK_WIDGET (self->condition_row));

      set_or_remove_string (object, "condition", condition);
    }
  else if (g_str_equal (kind, "for_each"))
    {
      g_autofree char *items = dup_stripped (GTK_WIDGET (self->items_row));
      g_autoptr(GPtrArray) children = sb_integration_editor_step_dup_children (self);
      g_autoptr(JsonArray) steps = json_array_new ();

      set_or_remove_string (object, "items", items);

      for (guint i = 0; i < children->len; i++)
        {
          g_autoptr(GPtrArray) child_problems =
            g_ptr_array_new_with_free_func ((GDestroyNotify) sb_editor_problem_free);
          JsonNode *child = sb_integration_editor_step_build (g_ptr_array_index (children, i),
                                                              child_problems);

          json_array_add_element (steps, child);

          for (guint j = 0; j < child_problems->len; j++)
            {
              SbEditorProblem *problem = g_ptr_array_index (child_problems, j);
              g_autofree char *field = g_strdup_printf ("steps[%u].%s", i, problem->field);

              add_problem (problems, field, problem->message);
            }
        }

      json_object_set_array_member (object, "steps", g_steal_pointer (&steps));
    }

  return g_steal_pointer (&node);
}

static gboolean
is_field (const char *field,
          const char *member)
{
  gsize length = strlen (member);

  /* "body" is the body, and so are "body.customer" and "body[0]" inside it. */
  return strncmp (field, member, length) == 0 &&
         (field[length] == '\0' || field[length] == '.' || field[length] == '[');
}

GtkWidget *
sb_integration_editor_step_get_field (SbIntegrationEditorStep *self,
                                      const char              *field)
{
  const char *rest;
  guint index;

  g_return_val_if_fail (SB_IS_INTEGRATION_EDITOR_STEP (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  if (sb_editor_parse_step_path (field, &index, &rest))
    {
      g_autoptr(GPtrArray) children = sb_integration_editor_step_dup_children (self);

      if (index < children->len)
        return sb_integration_editor_step_get_field (g_ptr_array_index (children, index),
                                                     rest[0] != '\0' ? rest : "kind");
      return GTK_WIDGET (self->items_row);
    }

  if (field[0] == '\0' || is_field (field, "kind"))
    return GTK_WIDGET (self->kind_row);
  if (is_field (field, "id"))
    return GTK_WIDGET (self->id_row);
  if (is_field (field, "account"))
    return GTK_WIDGET (self->account_row);
  if (is_field (field, "action"))
    return gtk_widget_get_visible (GTK_WIDGET (self->action_row))
           ? GTK_WIDGET (self->action_row) : GTK_WIDGET (self->action_id_row);
  if (is_field (field, "method"))
    return GTK_WIDGET (self->method_row);
  if (is_field (field, "url") || is_field (field, "path"))
    return GTK_WIDGET (self->url_row);
  if (is_field (field, "headers"))
    return self->headers_row;
  if (is_field (field, "body"))
    return self->body_row;
  if (is_field (field, "input") || is_field (field, "config"))
    return self->input_row;
  if (is_field (field, "output"))
    return self->output_row;
  if (is_field (field, "condition"))
    return GTK_WIDGET (self->condition_row);
  if (is_field (field, "items") || is_field (field, "steps"))
    return GTK_WIDGET (self->items_row);

  /* A problem with a part the form does not show still lands on the step. */
  return GTK_WIDGET (self->kind_row);
}

GPtrArray *
sb_integration_editor_step_dup_children (SbIntegrationEditorStep *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATION_EDITOR_STEP (self), NULL);

  return sb_editor_box_dup_children (self->nested_box);
}

SbIntegrationEditorStep *
sb_integration_editor_step_add_child (SbIntegrationEditorStep *self,
                                      const char              *kind,
                                      const char              *id)
{
  SbIntegrationEditorStep *child;

  g_return_val_if_fail (SB_IS_INTEGRATION_EDITOR_STEP (self), NULL);
  g_return_val_if_fail (!self->nested, NULL);

  child = sb_integration_editor_step_new (self->workspace, self->organization, TRUE);
  if (kind != NULL)
    sb_integration_editor_step_set_kind (child, kind);
  sb_integration_editor_step_set_id (child, id);

  g_signal_connect_object (child, "changed", G_CALLBACK (on_child_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (child, "move-requested", G_CALLBACK (on_child_move_requested), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (child, "remove-requested", G_CALLBACK (on_child_remove_requested),
                           self, G_CONNECT_SWAPPED);

  gtk_box_append (self->nested_box, GTK_WIDGET (child));
  renumber_children (self);
  emit_changed (self);

  return child;
}
