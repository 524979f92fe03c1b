/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ui-fixture.h"
#include "ui/sb-integration-editor.h"

#include <locale.h>
#include <string.h>

/* The integration editor on a real display, over the demo data, driven through its actions
 * and fields. Each test checks what the user would see (the problem at the field, the page,
 * the focus, the text kept) and what the workspace holds afterwards, and that the editor is
 * finalized. */

static SbOrganization *
find_organization (Fixture    *f,
                   const char *name)
{
  g_autoptr(GError) error = NULL;
  SbOrganization *organization = sb_workspace_find_organization (f->workspace, name, &error);

  g_assert_no_error (error);
  g_assert_nonnull (organization);
  return organization;
}

/* The demo's accounts are named in the user's language: find them by service. */
static SbAccount *
find_account (Fixture        *f,
              SbOrganization *organization,
              const char     *connector_id)
{
  GListModel *accounts = sb_workspace_get_accounts (f->workspace, organization);

  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(SbAccount) account = g_list_model_get_item (accounts, i);

      if (g_str_equal (sb_account_get_connector_id (account), connector_id))
        return g_steal_pointer (&account);
    }

  g_assert_not_reached ();
}

static char *
dup_id_text (gint64 id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, id);
}

static guint
count_integrations (Fixture        *f,
                    SbOrganization *organization)
{
  return g_list_model_get_n_items (sb_workspace_get_integrations (f->workspace, organization));
}

static SbIntegration *
find_integration_named (Fixture        *f,
                        SbOrganization *organization,
                        const char     *name)
{
  GListModel *integrations = sb_workspace_get_integrations (f->workspace, organization);

  for (guint i = 0; i < g_list_model_get_n_items (integrations); i++)
    {
      g_autoptr(SbIntegration) integration = g_list_model_get_item (integrations, i);

      if (g_str_equal (sb_integration_get_name (integration), name))
        return g_steal_pointer (&integration);
    }

  return NULL;
}

static SbIntegrationEditor *
open_editor (Fixture        *f,
             SbOrganization *organization,
             SbIntegration  *integration)
{
  GtkWindow *editor = sb_integration_editor_new (f->workspace, organization, integration);

  g_assert_true (SB_IS_INTEGRATION_EDITOR (editor));
  gtk_window_set_transient_for (editor, GTK_WINDOW (f->window));
  gtk_window_present (editor);
  wait_until_mapped (GTK_WIDGET (editor));
  flush_events ();

  return SB_INTEGRATION_EDITOR (editor);
}

static void
close_editor (SbIntegrationEditor **editor)
{
  g_object_add_weak_pointer (G_OBJECT (*editor), (gpointer *) editor);
  gtk_window_destroy (GTK_WINDOW (*editor));
  wait_for_null ((gpointer *) editor);
  g_assert_null (*editor);
}

static void
activate (SbIntegrationEditor *editor,
          const char          *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), action, NULL));
  flush_events ();
}

static void
add_step (SbIntegrationEditor *editor,
          const char          *kind)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.add-step", "s", kind));
  flush_events ();
}

static void
set_text (SbIntegrationEditor *editor,
          const char          *field,
          const char          *text)
{
  sb_integration_editor_set_text (editor, field, text);
  flush_events ();
}

static void
choose (SbIntegrationEditor *editor,
        const char          *field,
        const char          *id)
{
  g_assert_true (sb_integration_editor_choose (editor, field, id));
  flush_events ();
}

/* An action is chosen from the connector's list when it has one, else typed. */
static void
set_action (SbIntegrationEditor *editor,
            const char          *field,
            const char          *action)
{
  GtkWidget *row = sb_integration_editor_get_field (editor, field);

  g_assert_nonnull (row);
  if (ADW_IS_COMBO_ROW (row))
    choose (editor, field, action);
  else
    set_text (editor, field, action);
}

static void
assert_text (SbIntegrationEditor *editor,
             const char          *field,
             const char          *expected)
{
  g_autofree char *text = sb_integration_editor_dup_text (editor, field);

  g_assert_cmpstr (text, ==, expected);
}

/* The problem is shown at the field: a message, the error style, and the field focused on
 * the page that was brought forward. */
static void
assert_refused_at (SbIntegrationEditor *editor,
                   const char          *field,
                   const char          *page)
{
  GtkWidget *row = sb_integration_editor_get_field (editor, field);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (editor));

  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_visible (row));
  g_assert_nonnull (sb_integration_editor_get_problem (editor, field));
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (row), ==,
                   sb_integration_editor_get_problem (editor, field));
  g_assert_cmpstr (sb_integration_editor_get_page_name (editor), ==, page);
  g_assert_nonnull (focus);
  g_assert_true (focus == row || gtk_widget_is_ancestor (focus, row));
  g_assert_true (gtk_widget_get_mapped (row));
}

static void
assert_no_problem_at (SbIntegrationEditor *editor,
                      const char          *field)
{
  GtkWidget *row = sb_integration_editor_get_field (editor, field);

  g_assert_nonnull (row);
  g_assert_null (sb_integration_editor_get_problem (editor, field));
  g_assert_false (gtk_widget_has_css_class (row, "error"));
}

static void
on_saved (SbIntegrationEditor  *editor,
          SbIntegration        *integration,
          SbIntegration       **saved)
{
  g_assert_null (*saved);
  *saved = g_object_ref (integration);
}

static void
assert_json_equal (JsonNode   *node,
                   const char *expected_json)
{
  g_autoptr(JsonNode) expected = json_from_string (expected_json, NULL);

  g_assert_nonnull (expected);
  if (node == NULL || !json_node_equal (node, expected))
    {
      g_autofree char *shown = node != NULL ? json_to_string (node, FALSE) : g_strdup ("NULL");

      g_error ("Expected %s, got %s", expected_json, shown);
    }
}

static void
test_editor_empty_name (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(SbOrganization) organization = find_organization (f, "Demo IF");
  guint before = count_integrations (f, organization);
  SbIntegrationEditor *editor = open_editor (f, organization, NULL);
  GtkWidget *name_row = sb_integration_editor_get_name_row (editor);

  g_assert_cmpstr (sb_integration_editor_get_page_name (editor), ==, "details");
  g_assert_true (sb_integration_editor_get_field (editor, "name") == name_row);

  set_text (editor, "description", "Sends the week’s new members to the board");
  set_text (editor, "purpose", "Informing the board");
  activate (editor, "editor.next");
  g_assert_cmpstr (sb_integration_editor_get_page_name (editor), ==, "trigger");
  choose (editor, "trigger.kind", "schedule");
  choose (editor, "trigger.repeat", "weekdays");
  set_text (editor, "trigger.daily_at", "06:30");

  activate (editor, "editor.save");

  /* Refused at the name, on the first page, with nothing saved and nothing lost. */
  assert_refused_at (editor, "name", "details");
  g_assert_null (sb_integration_editor_get_error (editor));
  g_assert_cmpuint (count_integrations (f, organization), ==, before);
  assert_text (editor, "description", "Sends the week’s new members to the board");
  assert_text (editor, "purpose", "Informing the board");
  g_assert_cmpstr (sb_integration_editor_get_choice (editor, "trigger.kind"), ==, "schedule");
  g_assert_cmpstr (sb_integration_editor_get_choice (editor, "trigger.repeat"), ==, "weekdays");
  assert_text (editor, "trigger.daily_at", "06:30");

  /* After the first attempt the problem follows the field. */
  set_text (editor, "name", "   ");
  g_assert_nonnull (sb_integration_editor_get_problem (editor, "name"));
  set_text (editor, "name", "Board report");
  assert_no_problem_at (editor, "name");

  g_assert_cmpuint (count_integrations (f, organization), ==, before);
  close_editor (&editor);
  g_assert_cmpuint (count_integrations (f, organization), ==, before);
}

static void
test_editor_schedule_every_zero (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(SbOrganization) organization = find_organization (f, "Demo IF");
  guint before = count_integrations (f, organization);
  SbIntegrationEditor *editor = open_editor (f, organization, NULL);

  set_text (editor, "name", "Every now and then");
  choose (editor, "trigger.kind", "schedule");
  choose (editor, "trigger.repeat", "every");
  set_text (editor, "trigger.every_minutes", "0");
  /* Going back to the first page: the problem must bring its page forward. */
  activate (editor, "editor.back");
  g_assert_cmpstr (sb_integration_editor_get_page_name (editor), ==, "details");

  activate (editor, "editor.save");

  assert_refused_at (editor, "trigger.every_minutes", "trigger");
  assert_no_problem_at (editor, "name");
  g_assert_cmpuint (count_integrations (f, organization), ==, before);
  assert_text (editor, "name", "Every now and then");
  assert_text (editor, "trigger.every_minutes", "0");

  set_text (editor, "trigger.every_minutes", "30");
  assert_no_problem_at (editor, "trigger.every_minutes");

  close_editor (&editor);
  g_assert_cmpuint (count_integrations (f, organization), ==, before);
}

static void
test_editor_step_without_account (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(SbOrganization) organization = find_organization (f, "Demo IF");
  g_autoptr(SbAccount) fortnox = find_account (f, organization, "fortnox");
  g_autoptr(SbAccount) stripe = find_account (f, organization, "stripe");
  g_autofree char *fortnox_id = dup_id_text (sb_account_get_id (fortnox));
  g_autofree char *stripe_id = dup_id_text (sb_account_get_id (stripe));
  guint before = count_integrations (f, organization);
  SbIntegrationEditor *editor = open_editor (f, organization, NULL);

  set_text (editor, "name", "Invoices");
  add_step (editor, "http");
  add_step (editor, "action");
  g_assert_cmpuint (sb_integration_editor_get_n_steps (editor), ==, 2);
  g_assert_cmpstr (sb_integration_editor_get_page_name (editor), ==, "steps");
  /* Default ids, editable. */
  assert_text (editor, "steps[0].id", "step1");
  assert_text (editor, "steps[1].id", "step2");
  set_text (editor, "steps[1].id", "invoice");
  choose (editor, "steps[0].account", stripe_id);
  set_text (editor, "steps[0].url", "/v1/charges");
  set_action (editor, "steps[1].action", "create_invoice");
  activate (editor, "editor.next");

  activate (editor, "editor.save");

  assert_refused_at (editor, "steps[1].account", "steps");
  assert_no_problem_at (editor, "steps[0].account");
  g_assert_cmpuint (count_integrations (f, organization), ==, before);
  assert_text (editor, "steps[1].id", "invoice");
  assert_text (editor, "steps[0].url", "/v1/charges");
  g_assert_cmpstr (sb_integration_editor_get_choice (editor, "steps[0].account"), ==, stripe_id);

  choose (editor, "steps[1].account", fortnox_id);
  assert_no_problem_at (editor, "steps[1].account");

  close_editor (&editor);
}

static void
test_editor_bad_template (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(SbOrganization) organization = find_organization (f, "Demo IF");
  guint before = count_integrations (f, organization);
  SbIntegrationEditor *editor = open_editor (f, organization, NULL);
  const char *problem;

  set_text (editor, "name", "Only the paid ones");
  add_step (editor, "filter");
  /* Column 14 is where “bogus” starts. */
  set_text (editor, "steps[0].condition", "{{ steps.x | bogus }}");

  activate (editor, "editor.save");

  assert_refused_at (editor, "steps[0].condition", "steps");
  problem = sb_integration_editor_get_problem (editor, "steps[0].condition");
  g_assert_nonnull (strstr (problem, "14"));
  g_assert_cmpuint (count_integrations (f, organization), ==, before);
  assert_text (editor, "steps[0].condition", "{{ steps.x | bogus }}");

  set_text (editor, "steps[0].condition", "{{ steps.x | upper }}");
  assert_no_problem_at (editor, "steps[0].condition");

  close_editor (&editor);
}

static void
test_editor_steps_list (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(SbOrganization) organization = find_organization (f, "Demo IF");
  SbIntegrationEditor *editor = open_editor (f, organization, NULL);
  GtkWidget *step;
  GtkWidget *nested;

  add_step (editor, "http");
  add_step (editor, "map");
  add_step (editor, "filter");
  assert_text (editor, "steps[2].id", "step3");

  /* Move the filter up: it becomes the second step. */
  step = gtk_widget_get_ancestor (sb_integration_editor_get_field (editor, "steps[2].id"),
                                  ADW_TYPE_PREFERENCES_GROUP);
  g_assert_true (gtk_widget_activate_action (step, "step.move-up", NULL));
  flush_events ();
  assert_text (editor, "steps[1].id", "step3");
  assert_text (editor, "steps[2].id", "step2");
  g_assert_cmpstr (sb_integration_editor_get_choice (editor, "steps[1].kind"), ==, "filter");

  /* The first step cannot move up and the last cannot move down: their buttons say so. */
  step = gtk_widget_get_ancestor (sb_integration_editor_get_field (editor, "steps[0].id"),
                                  ADW_TYPE_PREFERENCES_GROUP);
  {
    GtkWidget *first_buttons = adw_preferences_group_get_header_suffix (
      ADW_PREFERENCES_GROUP (step));
    GtkWidget *last_buttons = adw_preferences_group_get_header_suffix (
      ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (
        sb_integration_editor_get_field (editor, "steps[2].id"), ADW_TYPE_PREFERENCES_GROUP)));

    g_assert_false (gtk_widget_is_sensitive (gtk_widget_get_first_child (first_buttons)));
    g_assert_true (gtk_widget_is_sensitive (
      gtk_widget_get_next_sibling (gtk_widget_get_first_child (first_buttons))));
    g_assert_true (gtk_widget_is_sensitive (gtk_widget_get_first_child (last_buttons)));
    g_assert_false (gtk_widget_is_sensitive (
      gtk_widget_get_next_sibling (gtk_widget_get_first_child (last_buttons))));
  }
  gtk_widget_activate_action (step, "step.move-up", NULL);
  flush_events ();
  g_assert_cmpstr (sb_integration_editor_get_choice (editor, "steps[0].kind"), ==, "http");

  /* Remove the first: the others move up, and a new step gets a free id. */
  g_assert_true (gtk_widget_activate_action (step, "step.remove", NULL));
  flush_events ();
  g_assert_cmpuint (sb_integration_editor_get_n_steps (editor), ==, 2);
  assert_text (editor, "steps[0].id", "step3");
  add_step (editor, "for_each");
  assert_text (editor, "steps[2].id", "step4");

  /* A for_each holds steps of its own. */
  step = gtk_widget_get_ancestor (sb_integration_editor_get_field (editor, "steps[2].id"),
                                  ADW_TYPE_PREFERENCES_GROUP);
  g_assert_true (gtk_widget_activate_action (step, "step.add-step", "s", "action"));
  flush_events ();
  assert_text (editor, "steps[2].steps[0].id", "step5");
  g_assert_cmpstr (sb_integration_editor_get_choice (editor, "steps[2].steps[0].kind"), ==,
                   "action");

  /* The step forms go with the editor, nested ones included. */
  step = gtk_widget_get_ancestor (sb_integration_editor_get_field (editor, "steps[2].id"),
                                  ADW_TYPE_PREFERENCES_GROUP);
  nested = gtk_widget_get_ancestor (sb_integration_editor_get_field (editor,
                                                                    "steps[2].steps[0].id"),
                                    ADW_TYPE_PREFERENCES_GROUP);
  g_assert_true (step != nested);
  g_object_add_weak_pointer (G_OBJECT (step), (gpointer *) &step);
  g_object_add_weak_pointer (G_OBJECT (nested), (gpointer *) &nested);

  close_editor (&editor);
  g_assert_null (step);
  g_assert_null (nested);
}

static void
test_editor_create (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(SbOrganization) organization = find_organization (f, "Demo IF");
  g_autoptr(SbAccount) fortnox = find_account (f, organization, "fortnox");
  g_autoptr(SbAccount) io = find_account (f, organization, "idrottonline");
  g_autofree char *fortnox_id = dup_id_text (sb_account_get_id (fortnox));
  g_autofree char *io_id = dup_id_text (sb_account_get_id (io));
  g_autofree char *expected_steps = NULL;
  guint before = count_integrations (f, organization);
  SbIntegrationEditor *editor = open_editor (f, organization, NULL);
  g_autoptr(SbIntegration) saved = NULL;
  g_autoptr(SbIntegration) listed = NULL;
  GtkToggleButton *monday;
  GtkToggleButton *thursday;
  GtkWidget *weekdays;

  g_signal_connect (editor, "saved", G_CALLBACK (on_saved), &saved);

  set_text (editor, "name", "Twice-weekly member sync");
  set_text (editor, "description", "Members to Fortnox on Mondays and Thursdays");
  set_text (editor, "purpose", "Keeping the member register and the bookkeeping in step");

  activate (editor, "editor.next");
  choose (editor, "trigger.kind", "schedule");
  choose (editor, "trigger.repeat", "weekdays");
  set_text (editor, "trigger.daily_at", "02:30");
  weekdays = sb_integration_editor_get_field (editor, "trigger.weekdays");
  g_assert_true (gtk_widget_get_visible (weekdays));
  /* The seven toggle buttons, Monday first. */
  monday = GTK_TOGGLE_BUTTON (gtk_widget_get_first_child (
    gtk_widget_get_last_child (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (weekdays)))));
  thursday = GTK_TOGGLE_BUTTON (gtk_widget_get_next_sibling (gtk_widget_get_next_sibling (
    gtk_widget_get_next_sibling (GTK_WIDGET (monday)))));
  gtk_toggle_button_set_active (monday, TRUE);
  gtk_toggle_button_set_active (thursday, TRUE);

  activate (editor, "editor.next");
  add_step (editor, "action");
  set_text (editor, "steps[0].id", "members");
  choose (editor, "steps[0].account", io_id);
  set_action (editor, "steps[0].action", "list_members");
  add_step (editor, "for_each");
  set_text (editor, "steps[1].items", "{{ steps.members.body.members }}");
  {
    GtkWidget *step = gtk_widget_get_ancestor (
      sb_integration_editor_get_field (editor, "steps[1].id"), ADW_TYPE_PREFERENCES_GROUP);

    g_assert_true (gtk_widget_activate_action (step, "step.add-step", "s", "action"));
    flush_events ();
  }
  choose (editor, "steps[1].steps[0].account", fortnox_id);
  set_action (editor, "steps[1].steps[0].action", "create_customer");
  set_text (editor, "steps[1].steps[0].input", "{\"Name\": \"{{ item.firstName }}\"}");

  activate (editor, "editor.next");
  g_assert_cmpstr (sb_integration_editor_get_page_name (editor), ==, "settings");
  set_text (editor, "settings.retries", "5");

  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  activate (editor, "editor.save");

  /* Saved, and the editor closed itself. */
  g_assert_nonnull (saved);
  wait_for_null ((gpointer *) &editor);
  g_assert_null (editor);

  g_assert_cmpuint (count_integrations (f, organization), ==, before + 1);
  listed = find_integration_named (f, organization, "Twice-weekly member sync");
  g_assert_true (listed == saved);
  g_assert_cmpint (sb_integration_get_status (saved), ==, SB_INTEGRATION_STATUS_DRAFT);
  g_assert_cmpstr (sb_integration_get_description (saved), ==,
                   "Members to Fortnox on Mondays and Thursdays");
  g_assert_cmpstr (sb_integration_get_purpose (saved), ==,
                   "Keeping the member register and the bookkeeping in step");
  assert_json_equal (sb_integration_get_trigger (saved),
                     "{\"kind\": \"schedule\", \"daily_at\": \"02:30\","
                     " \"weekdays\": [\"mon\", \"thu\"]}");

  expected_steps = g_strdup_printf (
    "[{\"id\": \"members\", \"kind\": \"action\", \"account\": %s,"
    "  \"action\": \"list_members\"},"
    " {\"id\": \"step2\", \"kind\": \"for_each\","
    "  \"items\": \"{{ steps.members.body.members }}\", \"steps\": ["
    "   {\"id\": \"step3\", \"kind\": \"action\", \"account\": %s,"
    "    \"action\": \"create_customer\", \"input\": {\"Name\": \"{{ item.firstName }}\"}}]}]",
    io_id, fortnox_id);
  assert_json_equal (sb_integration_get_steps (saved), expected_steps);
  assert_json_equal (sb_integration_get_settings (saved),
                     "{\"retries\": 5, \"timeout_seconds\": 60, \"concurrency\": 1,"
                     " \"notify_on_failure\": true}");
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

/* A mutable copy (the model's JSON is sealed). */
static JsonNode *
copy_json (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  return parse_json (text);
}

static JsonObject *
get_element (JsonNode *array,
             guint     index)
{
  return json_array_get_object_element (json_node_get_array (array), index);
}

static char *
dup_member_id (JsonObject *object,
               const char *member)
{
  return dup_id_text (json_object_get_int_member (object, member));
}

/* What the editor saves for steps it was only shown: the same steps, an action's parameters
 * under "input" where the demo wrote "config", the shape sb_integration_config_validate ()
 * describes. */
static void
convert_demo_steps (JsonNode *steps)
{
  JsonArray *array = json_node_get_array (steps);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *step = json_array_get_object_element (array, i);
      const char *kind = json_object_get_string_member (step, "kind");

      if (g_str_equal (kind, "action") && json_object_has_member (step, "config"))
        {
          JsonNode *config = json_node_copy (json_object_get_member (step, "config"));

          json_object_remove_member (step, "config");
          json_object_set_member (step, "input", config);
        }

      if (g_str_equal (kind, "for_each"))
        convert_demo_steps (json_object_get_member (step, "steps"));
    }
}

static void
test_editor_edit_live (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(SbOrganization) organization = find_organization (f, "Demo IF");
  g_autoptr(SbIntegration) saved = NULL;
  g_autoptr(JsonNode) live_trigger = NULL;
  g_autoptr(JsonNode) live_steps = NULL;
  g_autoptr(JsonNode) expected_trigger = NULL;
  g_autoptr(JsonNode) expected_steps = NULL;
  SbIntegration *integration = NULL;
  SbIntegrationEditor *editor;
  GListModel *integrations = sb_workspace_get_integrations (f->workspace, organization);
  guint before = count_integrations (f, organization);
  JsonObject *first;
  JsonObject *each;
  JsonObject *nested;
  g_autofree char *first_account = NULL;
  g_autofree char *nested_account = NULL;
  g_autofree char *name = NULL;
  JsonNode *draft;

  /* The demo's Live integration that runs every night: a step, then a for_each. */
  for (guint i = 0; i < g_list_model_get_n_items (integrations) && integration == NULL; i++)
    {
      g_autoptr(SbIntegration) candidate = g_list_model_get_item (integrations, i);
      JsonNode *trigger = sb_integration_get_trigger (candidate);
      JsonNode *steps = sb_integration_get_steps (candidate);

      if (sb_integration_get_status (candidate) == SB_INTEGRATION_STATUS_LIVE &&
          json_object_has_member (json_node_get_object (trigger), "daily_at") &&
          json_array_get_length (json_node_get_array (steps)) == 2 &&
          g_str_equal (json_object_get_string_member (get_element (steps, 1), "kind"),
                       "for_each"))
        integration = candidate;
    }
  g_assert_nonnull (integration);
  g_assert_false (sb_integration_has_draft (integration));
  live_trigger = copy_json (sb_integration_get_trigger (integration));
  live_steps = copy_json (sb_integration_get_steps (integration));
  name = g_strdup (sb_integration_get_name (integration));
  first = get_element (live_steps, 0);
  each = get_element (live_steps, 1);
  nested = get_element (json_object_get_member (each, "steps"), 0);
  first_account = dup_member_id (first, "account");
  nested_account = dup_member_id (nested, "account");

  editor = open_editor (f, organization, integration);
  g_signal_connect (editor, "saved", G_CALLBACK (on_saved), &saved);

  /* Every field is filled from it. */
  assert_text (editor, "name", name);
  assert_text (editor, "description", sb_integration_get_description (integration));
  assert_text (editor, "purpose", sb_integration_get_purpose (integration));
  g_assert_cmpstr (sb_integration_editor_get_choice (editor, "trigger.kind"), ==, "schedule");
  g_assert_cmpstr (sb_integration_editor_get_choice (editor, "trigger.repeat"), ==, "daily");
  assert_text (editor, "trigger.daily_at",
               json_object_get_string_member (json_node_get_object (live_trigger), "daily_at"));
  g_assert_cmpuint (sb_integration_editor_get_n_steps (editor), ==, 2);
  assert_text (editor, "steps[0].id", json_object_get_string_member (first, "id"));
  g_assert_cmpstr (sb_integration_editor_get_choice (editor, "steps[0].kind"), ==,
                   json_object_get_string_member (first, "kind"));
  g_assert_cmpstr (sb_integration_editor_get_choice (editor, "steps[0].account"), ==,
                   first_account);
  g_assert_cmpstr (sb_integration_editor_get_choice (editor, "steps[1].kind"), ==, "for_each");
  assert_text (editor, "steps[1].items", json_object_get_string_member (each, "items"));
  assert_text (editor, "steps[1].steps[0].id", json_object_get_string_member (nested, "id"));
  g_assert_cmpstr (sb_integration_editor_get_choice (editor, "steps[1].steps[0].account"), ==,
                   nested_account);
  assert_text (editor, "settings.retries", "3");

  set_text (editor, "trigger.daily_at", "03:15");
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  activate (editor, "editor.save");
  g_assert_true (saved == integration);
  wait_for_null ((gpointer *) &editor);
  g_assert_null (editor);

  /* The change is in its draft; the live version runs on unchanged. */
  g_assert_cmpuint (count_integrations (f, organization), ==, before);
  g_assert_cmpint (sb_integration_get_status (integration), ==, SB_INTEGRATION_STATUS_LIVE);
  g_assert_true (sb_integration_has_draft (integration));
  g_assert_true (json_node_equal (sb_integration_get_trigger (integration), live_trigger));
  g_assert_true (json_node_equal (sb_integration_get_steps (integration), live_steps));
  draft = sb_integration_get_draft (integration);
  g_assert_nonnull (draft);

  expected_trigger = copy_json (live_trigger);
  json_object_set_string_member (json_node_get_object (expected_trigger), "daily_at", "03:15");
  g_assert_true (json_node_equal (json_object_get_member (json_node_get_object (draft),
                                                          "trigger"),
                                  expected_trigger));
  expected_steps = copy_json (live_steps);
  convert_demo_steps (expected_steps);
  {
    g_autofree char *expected = json_to_string (expected_steps, FALSE);

    assert_json_equal (json_object_get_member (json_node_get_object (draft), "steps"),
                       expected);
  }

  /* Opened again, the editor shows the draft. */
  editor = open_editor (f, organization, integration);
  assert_text (editor, "trigger.daily_at", "03:15");
  close_editor (&editor);
}

static void
test_editor_webhook (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(SbOrganization) organization = find_organization (f, "Demo IF");
  g_autoptr(SbAccount) stripe = find_account (f, organization, "stripe");
  g_autofree char *stripe_id = dup_id_text (sb_account_get_id (stripe));
  g_autoptr(SbIntegration) saved = NULL;
  g_autofree char *address = NULL;
  g_autofree char *expected = NULL;
  SbIntegrationEditor *editor = open_editor (f, organization, NULL);
  GtkWidget *receiver;
  GtkWidget *secret;
  const char *token;

  g_signal_connect (editor, "saved", G_CALLBACK (on_saved), &saved);
  set_text (editor, "name", "Card payments");
  choose (editor, "trigger.kind", "webhook");
  choose (editor, "trigger.account", stripe_id);
  set_text (editor, "trigger.event", "payment_intent.succeeded");

  /* The receiver address on the local port, with a token of its own; the signing secret
   * is explained, not asked for. */
  receiver = sb_integration_editor_get_field (editor, "trigger.token");
  g_assert_true (gtk_widget_get_visible (receiver));
  address = g_strdup (adw_action_row_get_subtitle (ADW_ACTION_ROW (receiver)));
  g_assert_true (g_str_has_prefix (address, "http://127.0.0.1:8787/hooks/"));
  token = address + strlen ("http://127.0.0.1:8787/hooks/");
  g_assert_cmpuint (strlen (token), >=, 32);
  secret = sb_integration_editor_get_field (editor, "trigger.signing_secret");
  g_assert_true (gtk_widget_get_visible (secret));
  g_assert_nonnull (adw_action_row_get_subtitle (ADW_ACTION_ROW (secret)));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (secret)), !=, "");

  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  activate (editor, "editor.save");
  g_assert_nonnull (saved);
  wait_for_null ((gpointer *) &editor);

  expected = g_strdup_printf ("{\"kind\": \"webhook\", \"account\": %s, \"service\": \"Stripe\","
                              " \"event\": \"payment_intent.succeeded\", \"token\": \"%s\"}",
                              stripe_id, token);
  assert_json_equal (sb_integration_get_trigger (saved), expected);

  /* Edited, it keeps its address. */
  editor = open_editor (f, organization, saved);
  receiver = sb_integration_editor_get_field (editor, "trigger.token");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (receiver)), ==, address);
  close_editor (&editor);
}

/* A connector's actions and poll triggers are chosen from its lists. */
static void
test_editor_connector_lists (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(SbOrganization) organization = find_organization (f, "Demo IF");
  g_autoptr(SbAccount) stripe = find_account (f, organization, "stripe");
  g_autofree char *stripe_id = dup_id_text (sb_account_get_id (stripe));
  g_autoptr(SbIntegration) saved = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *hint = NULL;
  SbIntegrationEditor *editor = open_editor (f, organization, NULL);
  SbConnector *connector;
  GtkWidget *action;

  connector = sb_connector_catalog_lookup (sb_workspace_get_catalog (f->workspace), "stripe");
  g_assert_nonnull (sb_connector_lookup_action (connector, "get_charge"));
  g_assert_nonnull (sb_connector_lookup_poll_trigger (connector, "new_charges"));

  g_signal_connect (editor, "saved", G_CALLBACK (on_saved), &saved);
  set_text (editor, "name", "Charges");

  choose (editor, "trigger.kind", "poll");
  choose (editor, "trigger.account", stripe_id);
  g_assert_true (ADW_IS_COMBO_ROW (sb_integration_editor_get_field (editor, "trigger.trigger")));
  choose (editor, "trigger.trigger", "new_charges");
  set_text (editor, "trigger.every_minutes", "5");

  add_step (editor, "action");
  choose (editor, "steps[0].account", stripe_id);
  action = sb_integration_editor_get_field (editor, "steps[0].action");
  g_assert_true (ADW_IS_COMBO_ROW (action));
  g_assert_true (gtk_widget_get_visible (action));
  /* Nothing is chosen for the user: the first item asks for a choice. */
  g_assert_cmpstr (sb_integration_editor_get_choice (editor, "steps[0].action"), ==, "");
  g_assert_false (sb_integration_editor_choose (editor, "steps[0].action", "no_such_action"));

  activate (editor, "editor.save");
  assert_refused_at (editor, "steps[0].action", "steps");
  g_assert_null (saved);

  /* The action's parameters are named under the parameters field. */
  choose (editor, "steps[0].action", "get_charge");
  assert_no_problem_at (editor, "steps[0].action");
  hint = sb_integration_editor_dup_hint (editor, "steps[0].input");
  g_assert_nonnull (strstr (hint, "id"));
  set_text (editor, "steps[0].input", "{\"id\": \"{{ trigger.items[0].id }}\"}");

  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  activate (editor, "editor.save");
  g_assert_nonnull (saved);
  wait_for_null ((gpointer *) &editor);
  g_assert_null (editor);

  expected = g_strdup_printf ("{\"kind\": \"poll\", \"account\": %s, \"service\": \"Stripe\","
                              " \"trigger\": \"new_charges\", \"every_minutes\": 5}",
                              stripe_id);
  assert_json_equal (sb_integration_get_trigger (saved), expected);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("[{\"id\": \"step1\", \"kind\": \"action\", \"account\": %s,"
                              "  \"action\": \"get_charge\","
                              "  \"input\": {\"id\": \"{{ trigger.items[0].id }}\"}}]",
                              stripe_id);
  assert_json_equal (sb_integration_get_steps (saved), expected);

  /* Opened again, the choices are shown. */
  editor = open_editor (f, organization, saved);
  g_assert_cmpstr (sb_integration_editor_get_choice (editor, "trigger.trigger"), ==,
                   "new_charges");
  g_assert_cmpstr (sb_integration_editor_get_choice (editor, "steps[0].action"), ==,
                   "get_charge");
  close_editor (&editor);
}

static void
test_editor_refused_by_workspace (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(SbOrganization) organization = find_organization (f, "Demo IF");
  guint before = count_integrations (f, organization);
  SbIntegrationEditor *editor = open_editor (f, organization, NULL);
  g_autoptr(SbIntegration) saved = NULL;

  g_signal_connect (editor, "saved", G_CALLBACK (on_saved), &saved);

  /* A Reader may look but not create. */
  sb_workspace_set_acting_email (f->workspace, "sara@demo-if.example");
  g_assert_false (sb_workspace_can (f->workspace, organization, SB_CAPABILITY_EDIT_INTEGRATIONS));

  set_text (editor, "name", "Not allowed");
  set_text (editor, "description", "Kept");
  activate (editor, "editor.save");

  g_assert_null (saved);
  g_assert_nonnull (sb_integration_editor_get_error (editor));
  g_assert_cmpuint (count_integrations (f, organization), ==, before);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (editor)));
  assert_text (editor, "name", "Not allowed");
  assert_text (editor, "description", "Kept");

  close_editor (&editor);
  sb_workspace_set_acting_email (f->workspace, NULL);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add ("/ui/editor/empty-name", Fixture, WITH_DEMO,
              fixture_set_up, test_editor_empty_name, fixture_tear_down);
  g_test_add ("/ui/editor/schedule-every-zero", Fixture, WITH_DEMO,
              fixture_set_up, test_editor_schedule_every_zero, fixture_tear_down);
  g_test_add ("/ui/editor/step-without-account", Fixture, WITH_DEMO,
              fixture_set_up, test_editor_step_without_account, fixture_tear_down);
  g_test_add ("/ui/editor/bad-template", Fixture, WITH_DEMO,
              fixture_set_up, test_editor_bad_template, fixture_tear_down);
  g_test_add ("/ui/editor/steps-list", Fixture, WITH_DEMO,
              fixture_set_up, test_editor_steps_list, fixture_tear_down);
  g_test_add ("/ui/editor/create", Fixture, WITH_DEMO,
              fixture_set_up, test_editor_create, fixture_tear_down);
  g_test_add ("/ui/editor/edit-live", Fixture, WITH_DEMO,
              fixture_set_up, test_editor_edit_live, fixture_tear_down);
  g_test_add ("/ui/editor/webhook", Fixture, WITH_DEMO,
              fixture_set_up, test_editor_webhook, fixture_tear_down);
  g_test_add ("/ui/editor/connector-lists", Fixture, WITH_DEMO,
              fixture_set_up, test_editor_connector_lists, fixture_tear_down);
  g_test_add ("/ui/editor/refused-by-workspace", Fixture, WITH_DEMO,
              fixture_set_up, test_editor_refused_by_workspace, fixture_tear_down);

  return g_test_run ();
}
