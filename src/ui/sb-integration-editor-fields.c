/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sb-integration-editor-private.h"

#include <string.h>

/* What the integration editor and its step forms share: combo rows whose items carry ids,
 * text rows, problems shown at a field, and small JSON and path helpers. */

#define CHOICE_IDS "sb-choice-ids"
#define TEXT_VIEW "sb-text-view"
#define HINT "sb-hint"
#define PROBLEM "sb-problem"
#define PROBLEM_ROW "sb-problem-row"

void
sb_editor_combo_set_choices (AdwComboRow        *row,
                             const char * const *ids,
                             const char * const *labels)
{
  g_autofree char *selected = g_strdup (sb_editor_combo_get_id (row));
  g_autoptr(GtkStringList) model = gtk_string_list_new (labels != NULL ? labels : ids);

  g_object_set_data_full (G_OBJECT (row), CHOICE_IDS, g_strdupv ((char **) ids),
                          (GDestroyNotify) g_strfreev);
  adw_combo_row_set_model (row, G_LIST_MODEL (model));

  if (selected == NULL || !sb_editor_combo_select_id (row, selected))
    adw_combo_row_set_selected (row, 0);
}

const char *
sb_editor_combo_get_id (AdwComboRow *row)
{
  GStrv ids = g_object_get_data (G_OBJECT (row), CHOICE_IDS);
  guint selected = adw_combo_row_get_selected (row);

  if (ids == NULL || selected == GTK_INVALID_LIST_POSITION || selected >= g_strv_length (ids))
    return NULL;

  return ids[selected];
}

gboolean
sb_editor_combo_select_id (AdwComboRow *row,
                           const char  *id)
{
  GStrv ids = g_object_get_data (G_OBJECT (row), CHOICE_IDS);

  for (guint i = 0; ids != NULL && id != NULL && ids[i] != NULL; i++)
    {
      if (g_str_equal (ids[i], id))
        {
          adw_combo_row_set_selected (row, i);
          return TRUE;
        }
    }

  return FALSE;
}

void
sb_editor_combo_set_accounts (AdwComboRow *row,
                              GListModel  *accounts,
                              const char  *none_label)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
  g_auto(GStrv) id_array = NULL;
  g_auto(GStrv) label_array = NULL;

  g_strv_builder_add (ids, "");
  g_strv_builder_add (labels, none_label);

  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(SbAccount) account = g_list_model_get_item (accounts, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, sb_account_get_id (account));

      g_strv_builder_add (ids, id);
      g_strv_builder_add (labels, sb_account_get_name (account));
    }

  id_array = g_strv_builder_end (ids);
  label_array = g_strv_builder_end (labels);
  sb_editor_combo_set_choices (row, (const char * const *) id_array,
                               (const char * const *) label_array);
}

gint64
sb_editor_combo_get_account_id (AdwComboRow *row)
{
  const char *id = sb_editor_combo_get_id (row);

  if (id == NULL || id[0] == '\0')
    return 0;

  return g_ascii_strtoll (id, NULL, 10);
}

void
sb_editor_combo_select_account_id (AdwComboRow *row,
                                   gint64       account_id)
{
  g_autofree char *id = NULL;

  if (account_id > 0)
    id = g_strdup_printf ("%" G_GINT64_FORMAT, account_id);

  if (!sb_editor_combo_select_id (row, id != NULL ? id : ""))
    adw_combo_row_set_selected (row, 0);
}

SbAccount *
sb_editor_find_account (GListModel *accounts,
                        gint64      id)
{
  for (guint i = 0; id > 0 && i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(SbAccount) account = g_list_model_get_item (accounts, i);

      if (sb_account_get_id (account) == id)
        return account;
    }

  return NULL;
}

gboolean
sb_editor_dup_choices (GListModel *items,
                       GStrv      *ids,
                       GStrv      *labels)
{
  g_autoptr(GStrvBuilder) id_builder = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) label_builder = g_strv_builder_new ();
  guint n = items != NULL ? g_list_model_get_n_items (items) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (items, i);
      const char *id = NULL;
      const char *name = NULL;

      if (SB_IS_CONNECTOR_ACTION (item))
        {
          id = sb_connector_action_get_id (SB_CONNECTOR_ACTION (item));
          name = sb_connector_action_get_name (SB_CONNECTOR_ACTION (item));
        }
      else if (SB_IS_CONNECTOR_POLL_TRIGGER (item))
        {
          id = sb_connector_poll_trigger_get_id (SB_CONNECTOR_POLL_TRIGGER (item));
          name = sb_connector_poll_trigger_get_name (SB_CONNECTOR_POLL_TRIGGER (item));
        }

      if (id == NULL)
        continue;

      g_strv_builder_add (id_builder, id);
      g_strv_builder_add (label_builder, name != NULL && name[0] != '\0' ? name : id);
    }

  *ids = g_strv_builder_end (id_builder);
  *labels = g_strv_builder_end (label_builder);

  return (*ids)[0] != NULL;
}

void
sb_editor_attach_text_view (GtkWidget   *row,
                            GtkTextView *view)
{
  g_object_set_data (G_OBJECT (row), TEXT_VIEW, view);
}

void
sb_editor_attach_hint (GtkWidget *row,
                       GtkLabel  *label)
{
  g_object_set_data (G_OBJECT (row), HINT, label);
}

const char *
sb_editor_get_hint (GtkWidget *row)
{
  GtkLabel *label = g_object_get_data (G_OBJECT (row), HINT);

  return label != NULL ? gtk_label_get_label (label) : NULL;
}

GtkWidget *
sb_editor_get_value_widget (GtkWidget *field)
{
  GtkWidget *view = g_object_get_data (G_OBJECT (field), TEXT_VIEW);

  if (view != NULL)
    return view;

  if (ADW_IS_ACTION_ROW (field) && adw_action_row_get_activatable_widget (ADW_ACTION_ROW (field)))
    return adw_action_row_get_activatable_widget (ADW_ACTION_ROW (field));

  return field;
}

char *
sb_editor_dup_text (GtkWidget *field)
{
  GtkWidget *widget = sb_editor_get_value_widget (field);

  if (GTK_IS_TEXT_VIEW (widget))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    }

  if (GTK_IS_EDITABLE (widget))
    return g_strdup (gtk_editable_get_text (GTK_EDITABLE (widget)));

  return g_strdup ("");
}

void
sb_editor_set_text (GtkWidget  *field,
                    const char *text)
{
  GtkWidget *widget = sb_editor_get_value_widget (field);

  if (text == NULL)
    text = "";

  if (GTK_IS_TEXT_VIEW (widget))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)), text, -1);
  else if (GTK_IS_EDITABLE (widget))
    gtk_editable_set_text (GTK_EDITABLE (widget), text);

  if (GTK_IS_SPIN_BUTTON (widget))
    gtk_spin_button_update (GTK_SPIN_BUTTON (widget));
}

void
sb_editor_show_problem (GtkWidget  *row,
                        const char *message)
{
  GtkWidget *list = gtk_widget_get_parent (row);
  GtkWidget *message_row;
  GtkWidget *label;

  sb_editor_clear_problem (row);

  gtk_widget_add_css_class (row, "error");
  gtk_widget_set_tooltip_text (row, message);
  gtk_accessible_update_state (GTK_ACCESSIBLE (sb_editor_get_value_widget (row)),
                               GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                               -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (sb_editor_get_value_widget (row)),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                  -1);
  g_object_set_data_full (G_OBJECT (row), PROBLEM, g_strdup (message), g_free);

  if (!GTK_IS_LIST_BOX (list) || !GTK_IS_LIST_BOX_ROW (row))
    return;

  /* The message goes in a row of its own right under the field, so that it reads as the
   * field's and stays visible while the field has the focus. */
  label = g_object_new (GTK_TYPE_LABEL,
                        "label", message,
                        "wrap", TRUE,
                        "wrap-mode", PANGO_WRAP_WORD_CHAR,
                        "xalign", 0.0f,
                        "margin-start", 12,
                        "margin-end", 12,
                        "margin-top", 6,
                        "margin-bottom", 6,
                        NULL);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_add_css_class (label, "caption");

  message_row = g_object_new (GTK_TYPE_LIST_BOX_ROW,
                              "child", label,
                              "activatable", FALSE,
                              "selectable", FALSE,
                              "focusable", FALSE,
                              NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (message_row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, message,
                                  -1);
  gtk_list_box_insert (GTK_LIST_BOX (list), message_row,
                       gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) + 1);
  g_object_set_data_full (G_OBJECT (row), PROBLEM_ROW, g_object_ref (message_row),
                          g_object_unref);
}

void
sb_editor_clear_problem (GtkWidget *row)
{
  GtkWidget *message_row = g_object_get_data (G_OBJECT (row), PROBLEM_ROW);

  if (g_object_get_data (G_OBJECT (row), PROBLEM) == NULL)
    return;

  if (message_row != NULL)
    {
      GtkWidget *list = gtk_widget_get_parent (message_row);

      if (GTK_IS_LIST_BOX (list))
        gtk_list_box_remove (GTK_LIST_BOX (list), message_row);
      g_object_set_data (G_OBJECT (row), PROBLEM_ROW, NULL);
    }

  gtk_widget_remove_css_class (row, "error");
  gtk_widget_set_tooltip_text (row, NULL);
  gtk_accessible_reset_state (GTK_ACCESSIBLE (sb_editor_get_value_widget (row)),
                              GTK_ACCESSIBLE_STATE_INVALID);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (sb_editor_get_value_widget (row)),
                                 GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  g_object_set_data (G_OBJECT (row), PROBLEM, NULL);
}

const char *
sb_editor_get_problem (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), PROBLEM);
}

gint64
sb_editor_json_get_int (JsonObject *object,
                        const char *member,
                        gint64      fallback)
{
  JsonNode *node;

  if (object == NULL)
    return fallback;

  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return json_node_get_int (node);
    case G_TYPE_DOUBLE:
      return (gint64) json_node_get_double (node);
    default:
      return fallback;
    }
}

GPtrArray *
sb_editor_box_dup_children (GtkBox *box)
{
  GPtrArray *children = g_ptr_array_new ();

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    g_ptr_array_add (children, child);

  return children;
}

void
sb_editor_box_move_child (GtkBox    *box,
                          GtkWidget *child,
                          int        delta)
{
  GtkWidget *sibling;

  if (delta < 0)
    {
      sibling = gtk_widget_get_prev_sibling (child);
      if (sibling != NULL)
        gtk_box_reorder_child_after (box, child, gtk_widget_get_prev_sibling (sibling));
    }
  else if (delta > 0)
    {
      sibling = gtk_widget_get_next_sibling (child);
      if (sibling != NULL)
        gtk_box_reorder_child_after (box, child, sibling);
    }
}

gboolean
sb_editor_parse_step_path (const char  *path,
                           guint       *index,
                           const char **rest)
{
  guint64 value;
  char *end;

  if (!g_str_has_prefix (path, "steps["))
    return FALSE;

  value = g_ascii_strtoull (path + strlen ("steps["), &end, 10);
  if (end == path + strlen ("steps[") || end[0] != ']' || value > G_MAXUINT)
    return FALSE;

  *index = (guint) value;
  if (end[1] == '.')
    *rest = end + 2;
  else
    *rest = end + 1;

  return TRUE;
}

SbEditorProblem *
sb_editor_problem_new (const char *field,
                       const char *message)
{
  SbEditorProblem *problem = g_new0 (SbEditorProblem, 1);

  problem->field = g_strdup (field);
  problem->message = g_strdup (message);
  return problem;
}

void
sb_editor_problem_free (SbEditorProblem *problem)
{
  g_free (problem->field);
  g_free (problem->message);
  g_free (problem);
}
