/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ui/sb-application.h"
#include "ui-fixture.h"
#include "model/sb-search.h"

/* The window on a real display, driven through its actions and entries. Each test opens a
 * fresh store in a temporary folder and checks at the end that the window and the workspace
 * are finalized. */

/* The names of the SbIntegrations in @model, in order. */
static GStrv
dup_integration_names (GListModel *model)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SbIntegration) integration = g_list_model_get_item (model, i);

      g_assert_true (SB_IS_INTEGRATION (integration));
      g_strv_builder_add (builder, sb_integration_get_name (integration));
    }

  return g_strv_builder_end (builder);
}

/* What the store says the tab should list: the organization's integrations (in the store's
 * order) whose status is Live, or not, and whose name, description or services contain
 * @search, ignoring case and diacritics. */
static GStrv
dup_expected_names (SbWorkspace    *workspace,
                    SbOrganization *organization,
                    gboolean        active,
                    const char     *search)
{
  GListModel *all = sb_workspace_get_integrations (workspace, organization);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *folded_search = search != NULL ? sb_search_fold (search) : NULL;

  for (guint i = 0; i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr(SbIntegration) integration = g_list_model_get_item (all, i);
      gboolean live = sb_integration_get_status (integration) == SB_INTEGRATION_STATUS_LIVE;
      const char * const *services = sb_integration_get_services (integration);
      g_autofree char *joined = services != NULL ? g_strjoinv (" ", (char **) services) : NULL;
      g_autofree char *text = g_strjoin (" ", sb_integration_get_name (integration),
                                         sb_integration_get_description (integration) != NULL
                                         ? sb_integration_get_description (integration) : "",
                                         joined != NULL ? joined : "", NULL);
      g_autofree char *folded = sb_search_fold (text);

      if (live != active)
        continue;
      if (folded_search != NULL && !sb_search_match (folded, folded_search))
        continue;

      g_strv_builder_add (builder, sb_integration_get_name (integration));
    }

  return g_strv_builder_end (builder);
}

static void
assert_strv_equal (GStrv shown,
                   GStrv expected)
{
  if (!g_strv_equal ((const char * const *) shown, (const char * const *) expected))
    {
      g_autofree char *a = g_strjoinv (", ", shown);
      g_autofree char *b = g_strjoinv (", ", expected);

      g_error ("The list shows [%s] where the store has [%s]", a, b);
    }
}

static void
set_tab (Fixture    *f,
         const char *tab)
{
  SbIntegrationsPage *page = sb_window_get_integrations_page (f->window);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "integrations.tab", "s", tab));
  g_assert_cmpstr (sb_integrations_page_get_tab (page), ==, tab);
  flush_events ();
}

static void
assert_tabs_match_store (Fixture *f)
{
  SbIntegrationsPage *page = sb_window_get_integrations_page (f->window);
  SbOrganization *organization = sb_window_get_organization (f->window);
  GListModel *shown = sb_integrations_page_get_shown_model (page);
  g_auto(GStrv) active = NULL;
  g_auto(GStrv) expected_active = NULL;
  g_auto(GStrv) inactive = NULL;
  g_auto(GStrv) expected_inactive = NULL;

  g_assert_nonnull (organization);

  set_tab (f, "active");
  active = dup_integration_names (shown);
  expected_active = dup_expected_names (f->workspace, organization, TRUE, NULL);
  assert_strv_equal (active, expected_active);

  set_tab (f, "inactive");
  inactive = dup_integration_names (shown);
  expected_inactive = dup_expected_names (f->workspace, organization, FALSE, NULL);
  assert_strv_equal (inactive, expected_inactive);

  /* The demo has integrations in every status, so both tabs have rows. */
  g_assert_cmpuint (g_strv_length (active), >, 0);
  g_assert_cmpuint (g_strv_length (inactive), >, 0);
  g_assert_cmpuint (g_strv_length (active) + g_strv_length (inactive), ==,
                    g_list_model_get_n_items (sb_workspace_get_integrations (f->workspace,
                                                                             organization)));
  set_tab (f, "active");
}

static void
test_window_demo (Fixture       *f,
                  gconstpointer  data)
{
  GtkSingleSelection *selection = sb_window_get_organization_selection (f->window);
  GListModel *organizations = G_LIST_MODEL (selection);
  SbOrganization *organization;
  GListModel *accounts;
  GListModel *members;
  gboolean found_if = FALSE;
  gboolean found_ab = FALSE;

  g_assert_cmpstr (sb_window_get_visible_page_name (f->window), ==, "main");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (sb_window_get_view_stack (f->window)),
                   ==, "integrations");

  /* The sidebar lists the store's organizations. */
  g_assert_cmpuint (g_list_model_get_n_items (organizations), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(SbOrganization) item = g_list_model_get_item (organizations, i);

      if (g_str_equal (sb_organization_get_name (item), "Demo IF"))
        {
          found_if = TRUE;
          g_assert_cmpint (sb_organization_get_kind (item), ==, SB_ORGANIZATION_KIND_CLUB);
        }
      else if (g_str_equal (sb_organization_get_name (item), "Demo AB"))
        {
          found_ab = TRUE;
          g_assert_cmpint (sb_organization_get_kind (item), ==, SB_ORGANIZATION_KIND_COMPANY);
        }
    }
  g_assert_true (found_if && found_ab);

  /* One of them is selected and the pages show its rows. */
  organization = sb_window_get_organization (f->window);
  g_assert_nonnull (organization);
  g_assert_true (organization == gtk_single_selection_get_selected_item (selection));
  g_assert_cmpstr (sb_integrations_page_get_visible_state (
                     sb_window_get_integrations_page (f->window)), ==, "list");

  accounts = sb_accounts_page_get_shown_model (sb_window_get_accounts_page (f->window));
  g_assert_cmpuint (g_list_model_get_n_items (accounts), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (accounts), ==,
                    g_list_model_get_n_items (sb_workspace_get_accounts (f->workspace,
                                                                         organization)));
  members = sb_members_page_get_shown_model (sb_window_get_members_page (f->window));
  g_assert_cmpuint (g_list_model_get_n_items (members), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (members), ==,
                    g_list_model_get_n_items (sb_workspace_get_members (f->workspace,
                                                                        organization)));

  /* The other pages can be shown, and their lists are drawn without complaint. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s",
                                             "accounts"));
  flush_events ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s",
                                             "members"));
  flush_events ();
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (sb_window_get_view_stack (f->window)),
                   ==, "members");
}

static void
test_window_welcome (Fixture       *f,
                     gconstpointer  data)
{
  GListModel *organizations = G_LIST_MODEL (sb_window_get_organization_selection (f->window));

  g_assert_cmpstr (sb_window_get_visible_page_name (f->window), ==, "welcome");
  g_assert_cmpuint (g_list_model_get_n_items (organizations), ==, 0);
  g_assert_null (sb_window_get_organization (f->window));

  /* "Explore Demo Data" fills the store, and the window leaves the welcome page. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.explore-demo", NULL));
  flush_events ();
  g_assert_cmpstr (sb_window_get_visible_page_name (f->window), ==, "main");
  g_assert_cmpuint (g_list_model_get_n_items (organizations), ==, 2);
  g_assert_nonnull (sb_window_get_organization (f->window));
}

static void
test_window_create_organization (Fixture       *f,
                                 gconstpointer  data)
{
  SbNewOrganizationDialog *dialog;
  GListModel *organizations = G_LIST_MODEL (sb_window_get_organization_selection (f->window));
  SbOrganization *organization;

  g_assert_false (sb_workspace_has_profile (f->workspace));
  g_assert_cmpstr (sb_window_get_visible_page_name (f->window), ==, "welcome");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-organization",
                                             NULL));
  dialog = sb_window_get_new_organization_dialog (f->window);
  g_assert_nonnull (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  wait_until_mapped (GTK_WIDGET (dialog));

  /* No profile yet: the dialog asks for one first, and will not go on without it. */
  g_assert_cmpstr (sb_new_organization_dialog_get_page_name (dialog), ==, "profile");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "new-organization.next", NULL);
  g_assert_cmpstr (sb_new_organization_dialog_get_page_name (dialog), ==, "profile");
  g_assert_false (sb_workspace_has_profile (f->workspace));

  gtk_editable_set_text (sb_new_organization_dialog_get_profile_name_editable (dialog),
                         "Karin Lindqvist");
  gtk_editable_set_text (sb_new_organization_dialog_get_profile_email_editable (dialog),
                         "karin@example.org");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "new-organization.next", NULL));
  g_assert_null (sb_new_organization_dialog_get_error (dialog));
  g_assert_cmpstr (sb_new_organization_dialog_get_page_name (dialog), ==, "organization");
  g_assert_true (sb_workspace_has_profile (f->workspace));
  g_assert_cmpstr (sb_workspace_get_profile_email (f->workspace), ==, "karin@example.org");

  gtk_editable_set_text (sb_new_organization_dialog_get_name_editable (dialog),
                         "Testklubben IF");
  sb_new_organization_dialog_select_kind (dialog, SB_ORGANIZATION_KIND_CLUB);
  flush_events ();
  g_assert_true (gtk_widget_get_visible (
                   GTK_WIDGET (sb_new_organization_dialog_get_sport_editable (dialog))));
  gtk_editable_set_text (sb_new_organization_dialog_get_sport_editable (dialog), "Innebandy");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "new-organization.create",
                                             NULL));

  /* The dialog closes, and the new organization is in the sidebar, selected. */
  wait_for_null ((gpointer *) &dialog);
  g_assert_null (dialog);
  g_assert_null (sb_window_get_new_organization_dialog (f->window));
  flush_events ();

  g_assert_cmpstr (sb_window_get_visible_page_name (f->window), ==, "main");
  g_assert_cmpuint (g_list_model_get_n_items (organizations), ==, 1);
  organization = sb_window_get_organization (f->window);
  g_assert_nonnull (organization);
  g_assert_cmpstr (sb_organization_get_name (organization), ==, "Testklubben IF");
  g_assert_cmpint (sb_organization_get_kind (organization), ==, SB_ORGANIZATION_KIND_CLUB);
  g_assert_cmpstr (sb_organization_get_sport (organization), ==, "Innebandy");

  /* A new organization has no integrations: the page says so. */
  g_assert_cmpstr (sb_integrations_page_get_visible_state (
                     sb_window_get_integrations_page (f->window)), ==, "empty");
}

static void
test_window_remembers_state (Fixture       *f,
                             gconstpointer  data)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  GListModel *organizations = G_LIST_MODEL (sb_window_get_organization_selection (f->window));
  SbWindow *second;
  gint64 club_id = 0;

  /* The build compiles the schema and main () points GSettings at it. */
  g_assert_nonnull (source);
  schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  g_assert_nonnull (schema);
  settings = g_settings_new (APPLICATION_ID);

  for (guint i = 0; i < g_list_model_get_n_items (organizations); i++)
    {
      g_autoptr(SbOrganization) organization = g_list_model_get_item (organizations, i);

      if (g_str_equal (sb_organization_get_name (organization), "Demo IF"))
        club_id = sb_organization_get_id (organization);
    }
  g_assert_cmpint (club_id, >, 0);

  /* The sidebar sorts "Demo AB" first: choosing the club is remembered... */
  g_assert_cmpint (sb_organization_get_id (sb_window_get_organization (f->window)), !=, club_id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.select-organization",
                                             "x", club_id));
  g_assert_cmpint (g_settings_get_int64 (settings, "selected-organization"), ==, club_id);

  /* ...and the next window opens on it, and saves its size when closed. */
  second = sb_window_new (NULL, f->workspace);
  g_object_add_weak_pointer (G_OBJECT (second), (gpointer *) &second);
  g_assert_cmpint (sb_organization_get_id (sb_window_get_organization (second)), ==, club_id);

  gtk_window_set_default_size (GTK_WINDOW (second), 1234, 777);
  gtk_window_present (GTK_WINDOW (second));
  wait_until_mapped (GTK_WIDGET (second));
  flush_events ();
  gtk_window_close (GTK_WINDOW (second));
  wait_for_null ((gpointer *) &second);
  g_assert_null (second);

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1234);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 777);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
}

static void
test_integrations_tabs (Fixture       *f,
                        gconstpointer  data)
{
  GtkSingleSelection *selection = sb_window_get_organization_selection (f->window);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (selection)); i++)
    {
      gtk_single_selection_set_selected (selection, i);
      flush_events ();
      assert_tabs_match_store (f);
    }
}

static void
test_integrations_follow_status (Fixture       *f,
                                 gconstpointer  data)
{
  SbIntegrationsPage *page = sb_window_get_integrations_page (f->window);
  GListModel *shown = sb_integrations_page_get_shown_model (page);
  g_autoptr(SbIntegration) integration = NULL;
  g_autoptr(GError) error = NULL;
  guint n_active;

  set_tab (f, "active");
  n_active = g_list_model_get_n_items (shown);
  g_assert_cmpuint (n_active, >, 0);
  integration = g_list_model_get_item (shown, 0);

  /* Pausing a Live integration moves it to the Inactive tab at once. */
  sb_workspace_set_integration_status (f->workspace, integration,
                                       SB_INTEGRATION_STATUS_PAUSED, &error);
  g_assert_no_error (error);
  flush_events ();
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, n_active - 1);
  assert_tabs_match_store (f);
}

static void
test_integrations_search (Fixture       *f,
                          gconstpointer  data)
{
  SbIntegrationsPage *page = sb_window_get_integrations_page (f->window);
  SbOrganization *organization = sb_window_get_organization (f->window);
  GListModel *shown = sb_integrations_page_get_shown_model (page);
  GtkEditable *search = sb_integrations_page_get_search_editable (page);
  g_autoptr(SbIntegration) first = NULL;
  g_autofree char *word = NULL;
  g_autofree char *typed = NULL;
  g_auto(GStrv) names = NULL;
  g_auto(GStrv) expected = NULL;
  guint n_all;
  const char *space;

  set_tab (f, "active");
  n_all = g_list_model_get_n_items (shown);
  g_assert_cmpuint (n_all, >, 1);

  /* Type the last word of an integration's name, in capitals. */
  first = g_list_model_get_item (shown, n_all - 1);
  space = strrchr (sb_integration_get_name (first), ' ');
  word = g_strdup (space != NULL ? space + 1 : sb_integration_get_name (first));
  typed = g_utf8_strup (word, -1);

  gtk_editable_set_text (search, typed);
  flush_events ();
  names = dup_integration_names (shown);
  expected = dup_expected_names (f->workspace, organization, TRUE, word);
  assert_strv_equal (names, expected);
  g_assert_cmpuint (g_strv_length (names), >=, 1);
  g_assert_true (g_strv_contains ((const char * const *) names, sb_integration_get_name (first)));

  /* The search also narrows the other tab. */
  set_tab (f, "inactive");
  g_clear_pointer (&names, g_strfreev);
  g_clear_pointer (&expected, g_strfreev);
  names = dup_integration_names (shown);
  expected = dup_expected_names (f->workspace, organization, FALSE, word);
  assert_strv_equal (names, expected);
  set_tab (f, "active");

  /* Nothing matches: the page says so instead of showing an empty list. */
  gtk_editable_set_text (search, "zzzq-no-such-integration");
  flush_events ();
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 0);
  g_assert_cmpstr (sb_integrations_page_get_visible_state (page), ==, "empty");
  g_assert_cmpstr (adw_status_page_get_title (sb_integrations_page_get_empty_page (page)), ==,
                   "No Results Found");

  /* Clearing the field brings every row back. */
  gtk_editable_set_text (search, "");
  flush_events ();
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, n_all);
  g_assert_cmpstr (sb_integrations_page_get_visible_state (page), ==, "list");
}

static void
test_search_shortcut (Fixture       *f,
                      gconstpointer  data)
{
  SbIntegrationsPage *page = sb_window_get_integrations_page (f->window);
  GtkWidget *search = GTK_WIDGET (sb_integrations_page_get_search_editable (page));
  GtkWidget *focus;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s",
                                             "members"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.search", NULL));
  flush_events ();

  g_assert_cmpstr (adw_view_stack_get_visible_child_name (sb_window_get_view_stack (f->window)),
                   ==, "integrations");
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_nonnull (focus);
  g_assert_true (focus == search || gtk_widget_is_ancestor (focus, search));
}

static void
test_switch_organization (Fixture       *f,
                          gconstpointer  data)
{
  GtkSingleSelection *selection = sb_window_get_organization_selection (f->window);
  SbIntegrationsPage *page = sb_window_get_integrations_page (f->window);
  GListModel *shown = sb_integrations_page_get_shown_model (page);
  GListModel *members = sb_members_page_get_shown_model (sb_window_get_members_page (f->window));
  SbOrganization *before;
  SbOrganization *after;
  g_auto(GStrv) names_before = NULL;
  g_auto(GStrv) names_after = NULL;
  g_auto(GStrv) expected = NULL;
  guint other;

  set_tab (f, "active");
  before = sb_window_get_organization (f->window);
  names_before = dup_integration_names (shown);

  other = gtk_single_selection_get_selected (selection) == 0 ? 1 : 0;
  gtk_single_selection_set_selected (selection, other);
  flush_events ();

  after = sb_window_get_organization (f->window);
  g_assert_nonnull (after);
  g_assert_true (after != before);
  g_assert_cmpint (sb_organization_get_id (after), !=, sb_organization_get_id (before));

  names_after = dup_integration_names (shown);
  expected = dup_expected_names (f->workspace, after, TRUE, NULL);
  assert_strv_equal (names_after, expected);
  g_assert_false (g_strv_equal ((const char * const *) names_before,
                                (const char * const *) names_after));

  g_assert_cmpuint (g_list_model_get_n_items (members), ==,
                    g_list_model_get_n_items (sb_workspace_get_members (f->workspace, after)));

  /* And back, through the window's action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.select-organization",
                                             "x", sb_organization_get_id (before)));
  flush_events ();
  g_assert_true (sb_window_get_organization (f->window) == before);
}

/* Running the application itself: what `samband --data-dir DIR [--demo]` shows. */

typedef struct
{
  GtkWindow *window;
  char *status_title;
  char *status_description;
  gboolean main_window;
  guint n_organizations;
  char *visible_page;
} Shown;

static AdwStatusPage *
find_status_page (GtkWidget *widget)
{
  if (ADW_IS_STATUS_PAGE (widget))
    return ADW_STATUS_PAGE (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwStatusPage *found = find_status_page (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
look_and_close (gpointer user_data)
{
  Shown *shown = user_data;

  if (SB_IS_WINDOW (shown->window))
    {
      SbWindow *window = SB_WINDOW (shown->window);
      GtkSingleSelection *selection = sb_window_get_organization_selection (window);

      shown->main_window = TRUE;
      shown->n_organizations = g_list_model_get_n_items (G_LIST_MODEL (selection));
      shown->visible_page = g_strdup (sb_window_get_visible_page_name (window));
    }
  else
    {
      AdwStatusPage *page = find_status_page (GTK_WIDGET (shown->window));

      g_assert_nonnull (page);
      shown->status_title = g_strdup (adw_status_page_get_title (page));
      shown->status_description = g_strdup (adw_status_page_get_description (page));
    }

  /* The last window gone, the application returns from g_application_run (). */
  gtk_window_destroy (shown->window);
  return G_SOURCE_REMOVE;
}

static void
on_window_added (GtkApplication *application,
                 GtkWindow      *window,
                 Shown          *shown)
{
  g_assert_null (shown->window);
  shown->window = window;
  g_idle_add (look_and_close, shown);
}

static void
run_application (const char * const *arguments,
                 Shown              *shown)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  SbApplication *application = sb_application_new ();
  int status;

  /* Another instance of the test may run on the same bus. */
  g_application_set_flags (G_APPLICATION (application),
                           g_application_get_flags (G_APPLICATION (application)) |
                           G_APPLICATION_NON_UNIQUE);
  g_signal_connect (application, "window-added", G_CALLBACK (on_window_added), shown);

  g_ptr_array_add (argv, (char *) "samband");
  for (guint i = 0; arguments[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) arguments[i]);
  g_ptr_array_add (argv, NULL);

  status = g_application_run (G_APPLICATION (application), argv->len - 1,
                              (char **) argv->pdata);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (shown->window);

  g_object_add_weak_pointer (G_OBJECT (application), (gpointer *) &application);
  g_object_unref (application);
  g_assert_null (application);
}

static void
shown_clear (Shown *shown)
{
  g_free (shown->status_title);
  g_free (shown->status_description);
  g_free (shown->visible_page);
  memset (shown, 0, sizeof *shown);
}

static void
test_application_corrupt_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("samband-ui-XXXXXX", &error);
  g_autofree char *db = NULL;
  g_autoptr(GString) garbage = g_string_new (NULL);
  g_autoptr(GFile) file = NULL;
  Shown shown = { 0 };

  g_assert_no_error (error);
  db = g_build_filename (dir, "samband.db", NULL);
  for (guint i = 0; i < 400; i++)
    g_string_append (garbage, "This file is not a database at all.\n");
  g_file_set_contents (db, garbage->str, garbage->len, &error);
  g_assert_no_error (error);

  run_application ((const char *[]) { "--data-dir", dir, NULL }, &shown);

  /* No crash, and a window that says what went wrong. */
  g_assert_false (shown.main_window);
  g_assert_cmpstr (shown.status_title, ==, "Could Not Open the Data");
  g_assert_nonnull (shown.status_description);
  g_assert_cmpstr (shown.status_description, !=, "");

  shown_clear (&shown);
  file = g_file_new_for_path (dir);
  remove_tree (file);
}

static void
test_application_demo_option (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("samband-ui-XXXXXX", &error);
  g_autoptr(GFile) file = NULL;
  Shown shown = { 0 };

  g_assert_no_error (error);

  /* Without --demo an empty store opens on the welcome page. */
  run_application ((const char *[]) { "--data-dir", dir, NULL }, &shown);
  g_assert_true (shown.main_window);
  g_assert_cmpstr (shown.visible_page, ==, "welcome");
  g_assert_cmpuint (shown.n_organizations, ==, 0);
  shown_clear (&shown);

  /* --demo creates the demo club and company before the window shows... */
  run_application ((const char *[]) { "--data-dir", dir, "--demo", NULL }, &shown);
  g_assert_true (shown.main_window);
  g_assert_cmpstr (shown.visible_page, ==, "main");
  g_assert_cmpuint (shown.n_organizations, ==, 2);
  shown_clear (&shown);

  /* ...and a second --demo adds nothing. */
  run_application ((const char *[]) { "--data-dir", dir, "--demo", NULL }, &shown);
  g_assert_cmpuint (shown.n_organizations, ==, 2);
  shown_clear (&shown);

  file = g_file_new_for_path (dir);
  remove_tree (file);
}

/* The widest minimum under @widget that is wider than @limit, as a chain of type names, so
 * that a failure says which widget will not shrink. */
static void
append_widest (GtkWidget *widget,
               int        limit,
               GString   *chain)
{
  GtkWidget *widest = NULL;
  int widest_min = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int min = 0;

      if (!gtk_widget_get_visible (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
      if (min > widest_min)
        {
          widest = child;
          widest_min = min;
        }
    }
  if (widest == NULL || widest_min <= limit)
    return;
  g_string_append_printf (chain, " > %s (%d)", G_OBJECT_TYPE_NAME (widest), widest_min);
  if (GTK_IS_LABEL (widest))
    g_string_append_printf (chain, " “%s”", gtk_label_get_text (GTK_LABEL (widest)));
  append_widest (widest, limit, chain);
}

static void
assert_narrow (Fixture    *f,
               const char *page)
{
  /* The content: the window adds its frame and shadow around it. */
  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (f->window));
  int min = 0;

  flush_events ();
  gtk_widget_measure (content, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  if (min > 360)
    {
      g_autoptr(GString) chain = g_string_new (NULL);

      append_widest (content, 360, chain);
      g_error ("The %s page needs %d pixels: %s", page, min, chain->str);
    }
}

/* The window stays usable on a phone-sized screen: at 360 pixels wide every page fits, its
 * sidebar folded away and the page switcher at the bottom. */
static void
test_narrow (Fixture       *f,
             gconstpointer  data)
{
  static const char * const pages[] = {
    "integrations", "accounts", "members", "imports", "activated",
  };

  gtk_window_set_default_size (GTK_WINDOW (f->window), 360, 700);
  flush_events ();
  for (guint o = 0; o < 2; o++)
    {
      gtk_single_selection_set_selected (sb_window_get_organization_selection (f->window), o);
      for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
        {
          g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page",
                                                     "s", pages[i]));
          assert_narrow (f, pages[i]);
        }
      {
        GListModel *integrations = sb_workspace_get_integrations (f->workspace,
                                                                  sb_window_get_organization (
                                                                    f->window));
        g_autoptr(SbIntegration) first = g_list_model_get_item (integrations, 0);

        g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window),
                                                   "win.show-integration", "x",
                                                   sb_integration_get_id (first)));
        assert_narrow (f, "integration");
      }
    }
  flush_events ();
  g_assert_cmpint (gtk_widget_get_width (adw_application_window_get_content (
                     ADW_APPLICATION_WINDOW (f->window))), <=, 360);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add ("/ui/window/demo", Fixture, WITH_DEMO,
              fixture_set_up, test_window_demo, fixture_tear_down);
  g_test_add ("/ui/window/narrow", Fixture, WITH_DEMO,
              fixture_set_up, test_narrow, fixture_tear_down);
  g_test_add ("/ui/window/welcome", Fixture, EMPTY,
              fixture_set_up, test_window_welcome, fixture_tear_down);
  g_test_add ("/ui/window/create-organization", Fixture, EMPTY,
              fixture_set_up, test_window_create_organization, fixture_tear_down);
  g_test_add ("/ui/window/switch-organization", Fixture, WITH_DEMO,
              fixture_set_up, test_switch_organization, fixture_tear_down);
  g_test_add ("/ui/window/search-shortcut", Fixture, WITH_DEMO,
              fixture_set_up, test_search_shortcut, fixture_tear_down);
  g_test_add ("/ui/window/remembers-state", Fixture, WITH_DEMO,
              fixture_set_up, test_window_remembers_state, fixture_tear_down);
  g_test_add ("/ui/integrations/tabs", Fixture, WITH_DEMO,
              fixture_set_up, test_integrations_tabs, fixture_tear_down);
  g_test_add ("/ui/integrations/search", Fixture, WITH_DEMO,
              fixture_set_up, test_integrations_search, fixture_tear_down);
  g_test_add ("/ui/integrations/follow-status", Fixture, WITH_DEMO,
              fixture_set_up, test_integrations_follow_status, fixture_tear_down);

  g_test_add_func ("/ui/application/corrupt-store", test_application_corrupt_store);
  g_test_add_func ("/ui/application/demo-option", test_application_demo_option);

  return g_test_run ();
}
