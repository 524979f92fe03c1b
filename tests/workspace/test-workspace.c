/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <glib/gstdio.h>

#include "workspace/sb-workspace.h"
#include "workspace/sb-workspace-private.h"

typedef struct
{
  char        *dir;
  SbWorkspace *workspace;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("samband-workspace-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->workspace = sb_workspace_open (fixture->dir, &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  SbWorkspace *workspace = fixture->workspace;

  g_object_add_weak_pointer (G_OBJECT (workspace), (gpointer *) &workspace);
  g_clear_object (&fixture->workspace);
  /* Nothing else may keep the workspace (and with it the database) alive. */
  g_assert_null (workspace);

  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static void
set_up_demo (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture_set_up (fixture, data);
  g_assert_true (sb_workspace_create_demo (fixture->workspace, &error));
  g_assert_no_error (error);
}

/* Everything a user could see of the store, as text, read through a second, fresh
 * workspace: two equal snapshots mean nothing was written in between. */
static char *
dup_snapshot (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbWorkspace) other = sb_workspace_open (dir, &error);
  GString *text = g_string_new (NULL);
  GListModel *orgs;

  g_assert_no_error (error);
  orgs = sb_workspace_get_organizations (other);
  for (guint i = 0; i < g_list_model_get_n_items (orgs); i++)
    {
      g_autoptr(SbOrganization) org = g_list_model_get_item (orgs, i);
      g_autoptr(GPtrArray) audit = sb_store_list_audit (sb_workspace_get_store (other),
                                                        sb_organization_get_id (org), &error);
      GListModel *list;

      g_assert_no_error (error);
      g_string_append_printf (text, "org %s audit %u\n", sb_organization_get_name (org),
                              audit->len);

      list = sb_workspace_get_integrations (other, org);
      for (guint j = 0; j < g_list_model_get_n_items (list); j++)
        {
          g_autoptr(SbIntegration) integration = g_list_model_get_item (list, j);
          g_autofree char *steps = sb_integration_get_steps (integration) != NULL
                                   ? json_to_string (sb_integration_get_steps (integration), FALSE)
                                   : NULL;
          g_autofree char *draft = sb_integration_get_draft (integration) != NULL
                                   ? json_to_string (sb_integration_get_draft (integration), FALSE)
                                   : NULL;

          g_string_append_printf (text, " integration %s %d runs %u version %u of %u\n"
                                  "  steps %s\n  draft %s\n  description %s\n",
                                  sb_integration_get_name (integration),
                                  sb_integration_get_status (integration),
                                  g_list_model_get_n_items (sb_workspace_get_runs (other,
                                                                                   integration)),
                                  sb_integration_get_version (integration),
                                  g_list_model_get_n_items (sb_workspace_get_versions (other,
                                                                                       integration)),
                                  steps, draft,
                                  sb_integration_get_description (integration));
        }

      list = sb_workspace_get_accounts (other, org);
      for (guint j = 0; j < g_list_model_get_n_items (list); j++)
        {
          g_autoptr(SbAccount) account = g_list_model_get_item (list, j);

          g_string_append_printf (text, " account %s\n", sb_account_get_name (account));
        }

      list = sb_workspace_get_members (other, org);
      for (guint j = 0; j < g_list_model_get_n_items (list); j++)
        {
          g_autoptr(SbMember) member = g_list_model_get_item (list, j);

          g_string_append_printf (text, " member %s %d\n", sb_member_get_email (member),
                                  sb_member_get_role (member));
        }
    }

  {
    g_autoptr(GPtrArray) trashed = sb_store_list_trashed_integrations (sb_workspace_get_store (other),
                                                                       NULL, &error);

    g_assert_no_error (error);
    g_string_append_printf (text, "trash %u\n", trashed->len);
  }

  return g_string_free (text, FALSE);
}

static SbOrganization *
find_org (SbWorkspace *workspace,
          const char  *name)
{
  g_autoptr(GError) error = NULL;
  SbOrganization *org = sb_workspace_find_organization (workspace, name, &error);

  g_assert_no_error (error);
  return org;
}

static SbIntegration *
find_integration (SbWorkspace    *workspace,
                  SbOrganization *org,
                  SbIntegrationStatus status)
{
  GListModel *list = sb_workspace_get_integrations (workspace, org);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(SbIntegration) integration = g_list_model_get_item (list, i);

      if (sb_integration_get_status (integration) == status)
        return g_steal_pointer (&integration);
    }

  g_assert_not_reached ();
}

static SbIntegration *
find_named (SbWorkspace *workspace,
            const char  *name)
{
  g_autoptr(GError) error = NULL;
  SbIntegration *integration = sb_workspace_find_integration (workspace, name, &error);

  g_assert_no_error (error);
  return integration;
}

static void
assert_services (SbIntegration *integration,
                 const char    *expected)
{
  const char * const *services = sb_integration_get_services (integration);
  g_autofree char *joined = services != NULL ? g_strjoinv (",", (char **) services) : NULL;

  g_assert_cmpstr (joined, ==, expected);
}

static void
test_first_start (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) org = NULL;
  g_autoptr(SbMember) me = NULL;
  GListModel *orgs = sb_workspace_get_organizations (fixture->workspace);

  g_assert_false (sb_workspace_has_profile (fixture->workspace));
  g_assert_cmpuint (g_list_model_get_n_items (orgs), ==, 0);

  /* No organization without a profile to become its Admin. */
  org = sb_workspace_create_organization (fixture->workspace, "Östersunds FK",
                                          SB_ORGANIZATION_KIND_CLUB, "Football", &error);
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_NO_PROFILE);
  g_assert_null (org);
  g_clear_error (&error);

  g_assert_false (sb_workspace_create_profile (fixture->workspace, "Eva", "eva.example.se",
                                               &error));
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "eva.example.se"));
  g_assert_false (sb_workspace_has_profile (fixture->workspace));
  g_clear_error (&error);

  g_assert_false (sb_workspace_create_profile (fixture->workspace, "   ", "eva@example.se",
                                               &error));
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (sb_workspace_create_profile (fixture->workspace, " Eva Ek ", "eva@example.se",
                                              &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sb_workspace_get_profile_name (fixture->workspace), ==, "Eva Ek");

  org = sb_workspace_create_organization (fixture->workspace, "Östersunds FK",
                                          SB_ORGANIZATION_KIND_CLUB, "Football", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (orgs), ==, 1);

  /* The creator is the Admin. */
  me = sb_workspace_dup_acting_member (fixture->workspace, org);
  g_assert_nonnull (me);
  g_assert_cmpint (sb_member_get_role (me), ==, SB_ROLE_ADMIN);
  g_assert_cmpstr (sb_member_get_display_name (me), ==, "Eva Ek");

  /* And it is all still there after a restart. */
  {
    g_autofree char *snapshot = dup_snapshot (fixture->dir);

    g_assert_nonnull (strstr (snapshot, "org Östersunds FK audit 1"));
    g_assert_nonnull (strstr (snapshot, "member eva@example.se 0"));
  }
}

static void
test_demo_once (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = dup_snapshot (fixture->dir);
  g_autofree char *after = NULL;
  g_autoptr(SbOrganization) club = find_org (fixture->workspace, "Demo IF");
  g_autoptr(SbOrganization) company = find_org (fixture->workspace, "Demo AB");
  GListModel *orgs = sb_workspace_get_organizations (fixture->workspace);
  gboolean seen[3] = { FALSE, };
  GListModel *members;

  g_assert_cmpuint (g_list_model_get_n_items (orgs), ==, 2);
  g_assert_cmpint (sb_organization_get_kind (club), ==, SB_ORGANIZATION_KIND_CLUB);
  g_assert_cmpstr (sb_organization_get_sport (club), ==, "Football");
  g_assert_cmpint (sb_organization_get_kind (company), ==, SB_ORGANIZATION_KIND_COMPANY);

  /* The demo made a profile, and that person is the Admin of both. */
  g_assert_true (sb_workspace_has_profile (fixture->workspace));
  for (guint i = 0; i < g_list_model_get_n_items (orgs); i++)
    {
      g_autoptr(SbOrganization) org = g_list_model_get_item (orgs, i);
      g_autoptr(SbMember) me = sb_workspace_dup_acting_member (fixture->workspace, org);
      GListModel *integrations = sb_workspace_get_integrations (fixture->workspace, org);
      gboolean has_runs = FALSE;
      gboolean roles[3] = { FALSE, };
      gboolean integration_user = FALSE;

      g_assert_cmpint (sb_member_get_role (me), ==, SB_ROLE_ADMIN);

      for (guint j = 0; j < g_list_model_get_n_items (integrations); j++)
        {
          g_autoptr(SbIntegration) integration = g_list_model_get_item (integrations, j);

          seen[sb_integration_get_status (integration)] = TRUE;
          if (g_list_model_get_n_items (sb_workspace_get_runs (fixture->workspace,
                                                               integration)) > 0)
            has_runs = TRUE;
        }
      g_assert_true (seen[SB_INTEGRATION_STATUS_DRAFT]);
      g_assert_true (seen[SB_INTEGRATION_STATUS_LIVE]);
      g_assert_true (seen[SB_INTEGRATION_STATUS_PAUSED]);
      g_assert_true (has_runs);
      g_assert_cmpuint (g_list_model_get_n_items (sb_workspace_get_accounts (fixture->workspace,
                                                                             org)), >=, 3);

      members = sb_workspace_get_members (fixture->workspace, org);
      for (guint j = 0; j < g_list_model_get_n_items (members); j++)
        {
          g_autoptr(SbMember) member = g_list_model_get_item (members, j);
          SbRole general = sb_role_get_general_role (sb_member_get_role (member));

          roles[general] = TRUE;
          if (sb_member_get_kind (member) == SB_MEMBER_KIND_INTEGRATION_USER)
            integration_user = TRUE;
        }
      g_assert_true (roles[SB_ROLE_ADMIN] && roles[SB_ROLE_COLLABORATOR] &&
                     roles[SB_ROLE_READER]);
      g_assert_true (integration_user);
    }

  /* A second time adds nothing. */
  g_assert_true (sb_workspace_create_demo (fixture->workspace, &error));
  g_assert_no_error (error);
  after = dup_snapshot (fixture->dir);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (g_list_model_get_n_items (orgs), ==, 2);
}

/* The demo's runs have logs shaped like the services' answers, its published integrations a
 * version, and every configuration is one the editor accepts. */
static void
test_demo_details (Fixture       *fixture,
                   gconstpointer  data)
{
  GListModel *orgs = sb_workspace_get_organizations (fixture->workspace);
  guint n_warnings = 0;
  guint n_errors = 0;
  guint n_data = 0;

  for (guint i = 0; i < g_list_model_get_n_items (orgs); i++)
    {
      g_autoptr(SbOrganization) org = g_list_model_get_item (orgs, i);
      GListModel *integrations = sb_workspace_get_integrations (fixture->workspace, org);

      for (guint j = 0; j < g_list_model_get_n_items (integrations); j++)
        {
          g_autoptr(SbIntegration) integration = g_list_model_get_item (integrations, j);
          g_autoptr(GPtrArray) problems = NULL;
          GListModel *versions = sb_workspace_get_versions (fixture->workspace, integration);
          GListModel *runs = sb_workspace_get_runs (fixture->workspace, integration);
          gboolean draft = sb_integration_get_status (integration) == SB_INTEGRATION_STATUS_DRAFT;

          g_test_message ("%s", sb_integration_get_name (integration));
          problems = sb_workspace_check_integration_config (fixture->workspace, org,
                                                            sb_integration_get_trigger (integration),
                                                            sb_integration_get_steps (integration),
                                                            sb_integration_get_settings (integration));
          for (guint k = 0; k < problems->len; k++)
            g_test_message ("  %s: %s", ((SbProblem *) g_ptr_array_index (problems, k))->field,
                            ((SbProblem *) g_ptr_array_index (problems, k))->message);
          g_assert_cmpuint (problems->len, ==, 0);

          g_assert_cmpuint (sb_integration_get_version (integration), ==, draft ? 0 : 1);
          g_assert_cmpuint (g_list_model_get_n_items (versions), ==, draft ? 0 : 1);
          if (!draft)
            {
              g_autoptr(SbIntegrationVersion) version = g_list_model_get_item (versions, 0);

              g_assert_true (json_node_equal (sb_integration_version_get_steps (version),
                                              sb_integration_get_steps (integration)));
              g_assert_cmpint (sb_integration_version_get_published_by (version), >, 0);
            }

          for (guint k = 0; k < g_list_model_get_n_items (runs); k++)
            {
              g_autoptr(SbRun) run = g_list_model_get_item (runs, k);
              GListModel *events = sb_workspace_get_run_events (fixture->workspace, run);
              gboolean failed = sb_run_get_status (run) == SB_RUN_STATUS_FAILED;
              gboolean logged_error = FALSE;

              g_assert_cmpuint (g_list_model_get_n_items (events), >, 0);
              for (guint e = 0; e < g_list_model_get_n_items (events); e++)
                {
                  g_autoptr(SbRunEvent) event = g_list_model_get_item (events, e);
                  JsonNode *event_data = sb_run_event_get_data (event);

                  g_assert_cmpint (sb_run_event_get_run_id (event), ==, sb_run_get_id (run));
                  g_assert_cmpint (g_date_time_compare (sb_run_event_get_at (event),
                                                        sb_run_get_started_at (run)), >=, 0);
                  switch (sb_run_event_get_level (event))
                    {
                    case SB_RUN_EVENT_LEVEL_ERROR:
                      logged_error = TRUE;
                      n_errors++;
                      /* It names the step (or the trigger) and the cause. */
                      g_assert_true (strstr (sb_run_event_get_message (event), "The step “") != NULL ||
                                     strstr (sb_run_event_get_message (event), "The trigger") != NULL);
                      g_assert_nonnull (strstr (sb_run_event_get_message (event),
                                                sb_run_get_error (run)));
                      break;
                    case SB_RUN_EVENT_LEVEL_WARNING:
                      n_warnings++;
                      break;
                    case SB_RUN_EVENT_LEVEL_INFO:
                      /* A step's input and output, as JSON objects. */
                      g_assert_nonnull (sb_run_event_get_step_id (event));
                      g_assert_true (event_data != NULL && JSON_NODE_HOLDS_OBJECT (event_data));
                      g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (event_data),
                                                                                     "input")));
                      g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (event_data),
                                                                                     "output")));
                      n_data++;
                      break;
                    case SB_RUN_EVENT_LEVEL_DEBUG:
                    default:
                      break;
                    }
                }
              g_assert_true (logged_error == failed);
            }
        }
    }

  g_assert_cmpuint (n_warnings, >=, 3);
  g_assert_cmpuint (n_errors, ==, 3);
  g_assert_cmpuint (n_data, >, 20);

  /* The log of the member import: its warning and its error, newest first. */
  {
    g_autoptr(SbIntegration) members = find_named (fixture->workspace,
                                                   "Import new members from IdrottOnline");
    GListModel *log = sb_workspace_get_integration_log (fixture->workspace, members);
    g_autoptr(SbRunEvent) newest = NULL;
    g_autoptr(SbRunEvent) oldest = NULL;

    g_assert_cmpuint (g_list_model_get_n_items (log), ==, 2);
    newest = g_list_model_get_item (log, 0);
    oldest = g_list_model_get_item (log, 1);
    g_assert_cmpint (sb_run_event_get_level (newest), ==, SB_RUN_EVENT_LEVEL_WARNING);
    g_assert_cmpint (sb_run_event_get_level (oldest), ==, SB_RUN_EVENT_LEVEL_ERROR);
    g_assert_cmpstr (sb_run_event_get_step_id (oldest), ==, "members");
    g_assert_cmpstr (sb_run_event_get_message (oldest), ==,
                     "The step “members” failed: IdrottOnline did not answer within 30 seconds");
  }
}

static void
test_demo_keeps_profile (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) club = NULL;
  g_autoptr(SbMember) me = NULL;

  g_assert_true (sb_workspace_create_profile (fixture->workspace, "Eva Ek", "eva@example.se",
                                              &error));
  g_assert_true (sb_workspace_create_demo (fixture->workspace, &error));
  g_assert_no_error (error);

  g_assert_cmpstr (sb_workspace_get_profile_email (fixture->workspace), ==, "eva@example.se");
  club = find_org (fixture->workspace, "Demo IF");
  me = sb_workspace_dup_acting_member (fixture->workspace, club);
  g_assert_cmpstr (sb_member_get_display_name (me), ==, "Eva Ek");
  g_assert_cmpint (sb_member_get_role (me), ==, SB_ROLE_ADMIN);
}

typedef gboolean (*Mutation) (SbWorkspace *workspace, SbOrganization *org, GError **error);

static gboolean
do_create_integration (SbWorkspace     *workspace,
                       SbOrganization  *org,
                       GError         **error)
{
  g_autoptr(SbIntegration) integration = sb_workspace_create_integration (workspace, org, "New",
                                                                          NULL, error);
  return integration != NULL;
}

static gboolean
do_rename_integration (SbWorkspace     *workspace,
                       SbOrganization  *org,
                       GError         **error)
{
  g_autoptr(SbIntegration) integration = find_integration (workspace, org,
                                                           SB_INTEGRATION_STATUS_LIVE);
  return sb_workspace_rename_integration (workspace, integration, "Renamed", error);
}

static gboolean
do_activate_integration (SbWorkspace     *workspace,
                         SbOrganization  *org,
                         GError         **error)
{
  g_autoptr(SbIntegration) integration = find_integration (workspace, org,
                                                           SB_INTEGRATION_STATUS_PAUSED);
  return sb_workspace_set_integration_status (workspace, integration,
                                              SB_INTEGRATION_STATUS_LIVE, error);
}

static gboolean
do_pause_integration (SbWorkspace     *workspace,
                      SbOrganization  *org,
                      GError         **error)
{
  g_autoptr(SbIntegration) integration = find_integration (workspace, org,
                                                           SB_INTEGRATION_STATUS_LIVE);
  return sb_workspace_set_integration_status (workspace, integration,
                                              SB_INTEGRATION_STATUS_PAUSED, error);
}

static gboolean
do_duplicate_integration (SbWorkspace     *workspace,
                          SbOrganization  *org,
                          GError         **error)
{
  g_autoptr(SbIntegration) integration = find_integration (workspace, org,
                                                           SB_INTEGRATION_STATUS_LIVE);
  g_autoptr(SbIntegration) copy = sb_workspace_duplicate_integration (workspace, integration,
                                                                      error);
  return copy != NULL;
}

static gboolean
do_delete_integration (SbWorkspace     *workspace,
                       SbOrganization  *org,
                       GError         **error)
{
  g_autoptr(SbIntegration) integration = find_integration (workspace, org,
                                                           SB_INTEGRATION_STATUS_LIVE);
  return sb_workspace_delete_integration (workspace, integration, error);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

static gboolean
do_update_integration (SbWorkspace     *workspace,
                       SbOrganization  *org,
                       GError         **error)
{
  g_autoptr(SbIntegration) integration = find_integration (workspace, org,
                                                           SB_INTEGRATION_STATUS_LIVE);
  g_autoptr(JsonNode) steps = parse_json ("[]");

  return sb_workspace_update_integration (workspace, integration,
                                          sb_integration_get_name (integration), "Changed",
                                          NULL, NULL, steps, NULL, error);
}

static gboolean
do_create_integration_full (SbWorkspace     *workspace,
                            SbOrganization  *org,
                            GError         **error)
{
  g_autoptr(JsonNode) trigger = parse_json ("{\"kind\": \"schedule\", \"every_minutes\": 5}");
  g_autoptr(SbIntegration) integration =
    sb_workspace_create_integration_full (workspace, org, "Full", "A description", "Testing",
                                          trigger, NULL, NULL, error);

  return integration != NULL;
}

static gboolean
do_trash_integration (SbWorkspace     *workspace,
                      SbOrganization  *org,
                      GError         **error)
{
  g_autoptr(SbIntegration) integration = find_integration (workspace, org,
                                                           SB_INTEGRATION_STATUS_LIVE);

  return sb_workspace_trash_integration (workspace, integration, error);
}

static SbAccount *
first_account (SbWorkspace    *workspace,
               SbOrganization *org)
{
  return g_list_model_get_item (sb_workspace_get_accounts (workspace, org), 0);
}

static gboolean
do_add_account (SbWorkspace     *workspace,
                SbOrganization  *org,
                GError         **error)
{
  g_autoptr(SbAccount) account = sb_workspace_add_account (workspace, org, "stripe", "Stripe 2",
                                                           NULL, error);
  return account != NULL;
}

static gboolean
do_rename_account (SbWorkspace     *workspace,
                   SbOrganization  *org,
                   GError         **error)
{
  g_autoptr(SbAccount) account = first_account (workspace, org);

  return sb_workspace_rename_account (workspace, account, "Renamed", error);
}

static gboolean
do_delete_account (SbWorkspace     *workspace,
                   SbOrganization  *org,
                   GError         **error)
{
  g_autoptr(SbAccount) account = sb_workspace_add_account (workspace, org, "http", "Spare",
                                                           NULL, NULL);

  /* Readers cannot even add the spare one; then delete an existing one instead, which the
   * check refuses before anything else. */
  if (account == NULL)
    account = first_account (workspace, org);
  return sb_workspace_delete_account (workspace, account, error);
}

static gboolean
do_add_member (SbWorkspace     *workspace,
               SbOrganization  *org,
               GError         **error)
{
  g_autoptr(SbMember) member = sb_workspace_add_member (workspace, org, "Nina Holm",
                                                        "nina@demo-if.example", NULL,
                                                        SB_MEMBER_KIND_PERSON, SB_ROLE_READER,
                                                        error);
  return member != NULL;
}

static const struct
{
  const char *name;
  Mutation    func;
  gboolean    collaborator_may;
} mutations[] = {
  { "create-integration", do_create_integration, TRUE },
  { "create-integration-full", do_create_integration_full, TRUE },
  { "update-integration", do_update_integration, TRUE },
  { "trash-integration", do_trash_integration, TRUE },
  { "rename-integration", do_rename_integration, TRUE },
  { "activate-integration", do_activate_integration, TRUE },
  { "pause-integration", do_pause_integration, TRUE },
  { "duplicate-integration", do_duplicate_integration, TRUE },
  { "delete-integration", do_delete_integration, TRUE },
  { "add-account", do_add_account, TRUE },
  { "rename-account", do_rename_account, TRUE },
  { "delete-account", do_delete_account, TRUE },
  { "add-member", do_add_member, FALSE },
};

/* Each mutation, as each kind of acting person: refused with a permission error and nothing
 * written, or done and written. */
static void
check_mutations_as (const char *email,
                    gboolean    is_reader,
                    gboolean    is_collaborator)
{
  for (guint i = 0; i < G_N_ELEMENTS (mutations); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      g_autoptr(SbOrganization) club = NULL;
      Fixture fixture = { 0 };
      gboolean allowed;
      gboolean done;

      g_test_message ("%s as %s", mutations[i].name, email != NULL ? email : "the profile");

      set_up_demo (&fixture, NULL);
      club = find_org (fixture.workspace, "Demo IF");
      sb_workspace_set_acting_email (fixture.workspace, email);
      before = dup_snapshot (fixture.dir);

      allowed = !is_reader && (!is_collaborator || mutations[i].collaborator_may) &&
                email != NULL && !g_str_equal (email, "stranger@example.se");
      if (email == NULL)
        allowed = TRUE;

      done = mutations[i].func (fixture.workspace, club, &error);
      after = dup_snapshot (fixture.dir);

      if (allowed)
        {
          g_assert_no_error (error);
          g_assert_true (done);
          g_assert_cmpstr (before, !=, after);
        }
      else
        {
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
          g_assert_false (done);
          g_assert_cmpstr (error->message, !=, "");
          g_assert_cmpstr (before, ==, after);
        }

      g_clear_object (&club);
      fixture_tear_down (&fixture, NULL);
    }
}

static void
test_mutations_admin (void)
{
  check_mutations_as (NULL, FALSE, FALSE);
}

static void
test_mutations_collaborator (void)
{
  check_mutations_as ("johan@demo-if.example", FALSE, TRUE);
}

static void
test_mutations_treasurer (void)
{
  /* A club role with the rights of a Collaborator. */
  check_mutations_as ("karin@demo-if.example", FALSE, TRUE);
}

static void
test_mutations_reader (void)
{
  check_mutations_as ("sara@demo-if.example", TRUE, FALSE);
}

static void
test_mutations_stranger (void)
{
  check_mutations_as ("stranger@example.se", TRUE, FALSE);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
count_items_changed (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     guint      *count)
{
  (*count)++;
}

static void
test_views_follow (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) club = find_org (fixture->workspace, "Demo IF");
  g_autoptr(SbIntegration) live = find_integration (fixture->workspace, club,
                                                    SB_INTEGRATION_STATUS_LIVE);
  g_autoptr(SbIntegration) copy = NULL;
  GListModel *list = sb_workspace_get_integrations (fixture->workspace, club);
  guint n = g_list_model_get_n_items (list);
  guint notified = 0;
  guint changed = 0;

  g_signal_connect (live, "notify::status", G_CALLBACK (count_notify), &notified);
  g_signal_connect (list, "items-changed", G_CALLBACK (count_items_changed), &changed);

  /* The object in the list changes in place, once. */
  g_assert_true (sb_workspace_set_integration_status (fixture->workspace, live,
                                                      SB_INTEGRATION_STATUS_PAUSED, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpint (sb_integration_get_status (live), ==, SB_INTEGRATION_STATUS_PAUSED);

  /* Setting the status it has changes nothing and tells nobody. */
  g_assert_true (sb_workspace_set_integration_status (fixture->workspace, live,
                                                      SB_INTEGRATION_STATUS_PAUSED, &error));
  g_assert_cmpuint (notified, ==, 1);

  /* Activating records who and when. */
  g_assert_true (sb_workspace_set_integration_status (fixture->workspace, live,
                                                      SB_INTEGRATION_STATUS_LIVE, &error));
  g_assert_nonnull (sb_integration_get_activated_at (live));
  g_assert_cmpint (sb_integration_get_activated_by (live), >, 0);

  /* Renaming keeps the list sorted and the object the same. */
  g_assert_true (sb_workspace_rename_integration (fixture->workspace, live, "AAA first",
                                                  &error));
  {
    g_autoptr(SbIntegration) first = g_list_model_get_item (list, 0);
    g_assert_true (first == live);
  }

  /* A duplicate is a Draft with the same steps and no runs. */
  copy = sb_workspace_duplicate_integration (fixture->workspace, live, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sb_integration_get_name (copy), ==, "AAA first (copy)");
  g_assert_cmpint (sb_integration_get_status (copy), ==, SB_INTEGRATION_STATUS_DRAFT);
  g_assert_true (json_node_equal (sb_integration_get_steps (copy),
                                  sb_integration_get_steps (live)));
  g_assert_cmpuint (g_list_model_get_n_items (sb_workspace_get_runs (fixture->workspace, copy)),
                    ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, n + 1);
  {
    g_autoptr(GPtrArray) a = sb_workspace_dup_integration_accounts (fixture->workspace, live);
    g_autoptr(GPtrArray) b = sb_workspace_dup_integration_accounts (fixture->workspace, copy);
    g_assert_cmpuint (a->len, >, 0);
    g_assert_cmpuint (a->len, ==, b->len);
  }

  /* Deleting takes it out of the list, and its runs out of the store. */
  g_assert_true (sb_workspace_delete_integration (fixture->workspace, live, &error));
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, n);
  g_assert_cmpint (sb_store_count_runs (sb_workspace_get_store (fixture->workspace),
                                        sb_integration_get_id (live), &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (changed, >=, 3);

  /* Every step is in the audit log, newest first. */
  {
    g_autoptr(GPtrArray) audit = sb_store_list_audit (sb_workspace_get_store (fixture->workspace),
                                                      sb_organization_get_id (club), &error);
    SbAuditEntry *newest = g_ptr_array_index (audit, 0);

    g_assert_cmpstr (newest->action, ==, "integration.delete");
    g_assert_cmpstr (newest->detail, ==, "AAA first");
    g_assert_cmpint (newest->member_id, >, 0);
  }
}

static void
test_invalid_input (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) club = find_org (fixture->workspace, "Demo IF");
  g_autoptr(SbOrganization) company = find_org (fixture->workspace, "Demo AB");
  g_autoptr(SbIntegration) live = find_integration (fixture->workspace, club,
                                                    SB_INTEGRATION_STATUS_LIVE);
  g_autofree char *before = dup_snapshot (fixture->dir);
  g_autofree char *after = NULL;
  g_autofree char *name = g_strdup (sb_integration_get_name (live));
  g_autoptr(SbIntegration) none = NULL;
  g_autoptr(SbAccount) no_account = NULL;
  g_autoptr(SbMember) no_member = NULL;

  g_assert_false (sb_workspace_rename_integration (fixture->workspace, live, " \t", &error));
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
  g_assert_cmpstr (sb_integration_get_name (live), ==, name);
  g_clear_error (&error);

  none = sb_workspace_create_integration (fixture->workspace, club, "", NULL, &error);
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
  g_clear_error (&error);

  no_account = sb_workspace_add_account (fixture->workspace, club, "myspace", "Old", NULL,
                                         &error);
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "myspace"));
  g_clear_error (&error);

  no_account = sb_workspace_add_account (fixture->workspace, club, "http", "API",
                                         "ftp://example.se", &error);
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
  g_clear_error (&error);

  /* The same address twice in one organization. */
  no_member = sb_workspace_add_member (fixture->workspace, club, "Sara again",
                                       "SARA@demo-if.example", NULL, SB_MEMBER_KIND_PERSON,
                                       SB_ROLE_READER, &error);
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "already a member"));
  g_clear_error (&error);

  /* Club roles are not for companies. */
  no_member = sb_workspace_add_member (fixture->workspace, company, "Per Persson",
                                       "per@demo-ab.example", NULL, SB_MEMBER_KIND_PERSON,
                                       SB_ROLE_TREASURER, &error);
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
  g_clear_error (&error);

  after = dup_snapshot (fixture->dir);
  g_assert_cmpstr (before, ==, after);
}

static void
test_account_in_use (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbAccount) fortnox = sb_workspace_find_account (fixture->workspace,
                                                            "Fortnox bookkeeping", &error);
  g_autoptr(SbAccount) spare = NULL;
  g_autoptr(SbOrganization) club = find_org (fixture->workspace, "Demo IF");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_no_error (error);
  before = dup_snapshot (fixture->dir);

  /* Live integrations use it: refused, naming them. */
  g_assert_false (sb_workspace_delete_account (fixture->workspace, fortnox, &error));
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_IN_USE);
  g_assert_nonnull (strstr (error->message, "Import new members from IdrottOnline"));
  g_clear_error (&error);
  after = dup_snapshot (fixture->dir);
  g_assert_cmpstr (before, ==, after);

  /* An unused one goes. */
  spare = sb_workspace_add_account (fixture->workspace, club, "http", "Spare",
                                    "https://api.example.se", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sb_account_get_status (spare), ==, SB_ACCOUNT_STATUS_NEEDS_CREDENTIALS);
  g_assert_true (sb_workspace_delete_account (fixture->workspace, spare, &error));
  g_assert_no_error (error);
}

static void
test_find (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) club = sb_workspace_find_organization (fixture->workspace, "demo if",
                                                                   &error);
  g_autoptr(SbOrganization) by_id = NULL;
  g_autoptr(SbOrganization) missing = NULL;
  g_autoptr(SbIntegration) integration = NULL;
  g_autoptr(SbIntegration) same = NULL;
  g_autoptr(SbAccount) ambiguous = NULL;
  g_autofree char *id = NULL;

  g_assert_no_error (error);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, sb_organization_get_id (club));
  by_id = sb_workspace_find_organization (fixture->workspace, id, &error);
  g_assert_true (by_id == club);

  missing = sb_workspace_find_organization (fixture->workspace, "Demo FF", &error);
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Lookups hand out the very object the lists hold. */
  integration = sb_workspace_find_integration (fixture->workspace,
                                               "Membership fees from Stripe to Fortnox", &error);
  g_assert_no_error (error);
  g_free (id);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, sb_integration_get_id (integration));
  same = sb_workspace_find_integration (fixture->workspace, id, &error);
  g_assert_true (same == integration);

  /* Both demo organizations have an account called "Stripe"-something; make two equal. */
  {
    g_autoptr(SbOrganization) company = find_org (fixture->workspace, "Demo AB");
    g_autoptr(SbAccount) a = sb_workspace_add_account (fixture->workspace, club, "http",
                                                       "Shared name", NULL, &error);
    g_autoptr(SbAccount) b = sb_workspace_add_account (fixture->workspace, company, "http",
                                                       "Shared name", NULL, &error);
    g_assert_no_error (error);
  }
  ambiguous = sb_workspace_find_account (fixture->workspace, "shared name", &error);
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_AMBIGUOUS);
  g_assert_nonnull (strstr (error->message, "Demo IF"));
  g_assert_nonnull (strstr (error->message, "Demo AB"));
}

static void
test_services_and_last_run (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbIntegration) members = find_named (fixture->workspace,
                                                 "Import new members from IdrottOnline");
  g_autoptr(SbIntegration) remind = find_named (fixture->workspace,
                                                "Remind members of unpaid fees");
  g_autoptr(SbIntegration) shop = find_named (fixture->workspace, "Club shop orders to Fortnox");
  g_autoptr(SbIntegration) fees = find_named (fixture->workspace,
                                              "Membership fees from Stripe to Fortnox");
  g_autoptr(SbIntegration) copy = NULL;
  g_autoptr(SbAccount) shop_account = NULL;
  g_autoptr(SbRun) first = NULL;
  g_autoptr(SbRun) run = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  SbRun *last;
  GListModel *runs;
  guint notified = 0;

  /* Filled as the list loads, before any runs list is asked for. */
  assert_services (members, "Fortnox,IdrottOnline");
  assert_services (fees, "Fortnox,Stripe");
  assert_services (remind, NULL);
  g_assert_null (sb_integration_get_last_run (remind));
  g_assert_null (sb_integration_get_last_run (shop));

  last = sb_integration_get_last_run (members);
  g_assert_nonnull (last);
  g_assert_cmpint (sb_run_get_status (last), ==, SB_RUN_STATUS_SUCCEEDED);

  /* The runs list's newest run is that very object. */
  runs = sb_workspace_get_runs (fixture->workspace, members);
  first = g_list_model_get_item (runs, 0);
  g_assert_true (first == last);
  g_assert_true (sb_integration_get_last_run (members) == last);

  g_assert_nonnull (sb_integration_get_last_run (fees));

  /* A new run is the last run, at the top of the list, with one notify. */
  g_signal_connect (members, "notify::last-run", G_CALLBACK (count_notify), &notified);
  run = sb_run_new ();
  sb_run_set_integration_id (run, sb_integration_get_id (members));
  sb_run_set_status (run, SB_RUN_STATUS_RUNNING);
  sb_run_set_started_at (run, now);
  g_assert_true (sb_store_insert_run (sb_workspace_get_store (fixture->workspace), run, &error));
  g_assert_no_error (error);
  sb_workspace_add_run (fixture->workspace, run);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_true (sb_integration_get_last_run (members) == run);
  g_clear_object (&first);
  first = g_list_model_get_item (runs, 0);
  g_assert_true (first == run);

  /* A duplicate uses the same services and has not run. */
  copy = sb_workspace_duplicate_integration (fixture->workspace, members, &error);
  g_assert_no_error (error);
  assert_services (copy, "Fortnox,IdrottOnline");
  g_assert_null (sb_integration_get_last_run (copy));

  /* Deleting an account a draft uses takes its service off the draft. */
  assert_services (shop, "Fortnox,Shopify");
  shop_account = sb_workspace_find_account (fixture->workspace, "Club shop", &error);
  g_assert_no_error (error);
  g_assert_true (sb_workspace_delete_account (fixture->workspace, shop_account, &error));
  g_assert_no_error (error);
  assert_services (shop, "Fortnox");

  /* And a fresh workspace reads the same. */
  {
    g_autoptr(SbWorkspace) other = sb_workspace_open (fixture->dir, &error);
    g_autoptr(SbIntegration) again = NULL;

    g_assert_no_error (error);
    again = find_named (other, "Import new members from IdrottOnline");
    assert_services (again, "Fortnox,IdrottOnline");
    g_assert_cmpint (sb_run_get_id (sb_integration_get_last_run (again)), ==,
                     sb_run_get_id (run));
  }
}

static gint64
account_id_of (SbWorkspace *workspace,
               const char  *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbAccount) account = sb_workspace_find_account (workspace, name, &error);

  g_assert_no_error (error);
  return sb_account_get_id (account);
}

/* Steps with one action step on @account_id; the caller frees the node. */
static JsonNode *
make_steps (gint64      account_id,
            const char *action)
{
  g_autofree char *text =
    g_strdup_printf ("[{\"id\": \"invoice\", \"kind\": \"action\", \"account\": %" G_GINT64_FORMAT
                     ", \"action\": \"%s\", \"input\": {\"CustomerNumber\": "
                     "\"{{ trigger.customer | default: \\\"1\\\" }}\"}}]",
                     account_id, action);

  return parse_json (text);
}

static SbAuditEntry *
newest_audit (SbWorkspace    *workspace,
              SbOrganization *org)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) audit = sb_store_list_audit (sb_workspace_get_store (workspace),
                                                    sb_organization_get_id (org), &error);
  SbAuditEntry *entry;

  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, >, 0);
  entry = g_ptr_array_steal_index (audit, 0);
  return entry;
}

static void
assert_newest_audit (SbWorkspace    *workspace,
                     SbOrganization *org,
                     const char     *action)
{
  g_autoptr(SbAuditEntry) entry = newest_audit (workspace, org);

  g_assert_cmpstr (entry->action, ==, action);
  g_assert_cmpint (entry->member_id, >, 0);
  g_assert_nonnull (entry->at);
}

static void
test_create_and_update (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) club = find_org (fixture->workspace, "Demo IF");
  gint64 fortnox = account_id_of (fixture->workspace, "Fortnox bookkeeping");
  gint64 stripe = account_id_of (fixture->workspace, "Stripe membership fees");
  g_autoptr(JsonNode) trigger = parse_json ("{\"kind\": \"schedule\", \"daily_at\": \"03:00\"}");
  g_autoptr(JsonNode) steps = make_steps (fortnox, "create_invoice");
  g_autoptr(JsonNode) other_steps = make_steps (stripe, "list_charges");
  g_autoptr(JsonNode) bad_trigger = parse_json ("{\"kind\": \"schedule\", \"every_minutes\": 0}");
  g_autoptr(JsonNode) bad_steps = parse_json ("[{\"id\": \"x\", \"kind\": \"action\", "
                                              "\"action\": \"create_invoice\"}]");
  g_autoptr(JsonNode) gone_steps = make_steps (987654, "create_invoice");
  g_autoptr(SbIntegration) created = NULL;
  g_autoptr(SbIntegration) refused = NULL;
  g_autoptr(SbIntegration) live = find_named (fixture->workspace,
                                              "Import new members from IdrottOnline");
  g_autoptr(JsonNode) live_steps = json_node_copy (sb_integration_get_steps (live));
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *creator = NULL;
  guint steps_notified = 0;
  guint draft_notified = 0;

  /* Created as a Draft, who and when recorded, services named. */
  created = sb_workspace_create_integration_full (fixture->workspace, club, " Invoices ",
                                                  "Every night", "Bookkeeping", trigger, steps,
                                                  NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sb_integration_get_name (created), ==, "Invoices");
  g_assert_cmpint (sb_integration_get_status (created), ==, SB_INTEGRATION_STATUS_DRAFT);
  g_assert_cmpstr (sb_integration_get_purpose (created), ==, "Bookkeeping");
  g_assert_nonnull (sb_integration_get_created_at (created));
  creator = sb_workspace_dup_member_name (fixture->workspace,
                                          sb_integration_get_created_by (created));
  g_assert_cmpstr (creator, ==, "Alex Andersson");
  g_assert_true (json_node_equal (sb_integration_get_steps (created), steps));
  g_assert_true (JSON_NODE_HOLDS_OBJECT (sb_integration_get_settings (created)));
  assert_services (created, "Fortnox");
  assert_newest_audit (fixture->workspace, club, "integration.create");

  /* Refusals write nothing. */
  before = dup_snapshot (fixture->dir);
  refused = sb_workspace_create_integration_full (fixture->workspace, club, "Bad", NULL, NULL,
                                                  bad_trigger, NULL, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "Every 0 minutes is not a schedule: choose at least 1 minute.");
  g_clear_error (&error);

  g_assert_false (sb_workspace_update_integration (fixture->workspace, created, "  ", NULL, NULL,
                                                   NULL, NULL, NULL, &error));
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (sb_workspace_update_integration (fixture->workspace, created, "Invoices", NULL,
                                                   NULL, NULL, bad_steps, NULL, &error));
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Choose the account this step uses.");
  g_clear_error (&error);

  g_assert_false (sb_workspace_update_integration (fixture->workspace, created, "Invoices", NULL,
                                                   NULL, NULL, gone_steps, NULL, &error));
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "no longer exists"));
  g_clear_error (&error);

  /* The editor can have every problem at once, at its field. */
  {
    g_autoptr(GPtrArray) problems =
      sb_workspace_check_integration_config (fixture->workspace, club, bad_trigger, gone_steps,
                                             NULL);

    g_assert_cmpuint (problems->len, ==, 2);
    g_assert_cmpstr (((SbProblem *) g_ptr_array_index (problems, 0))->field, ==,
                     "trigger.every_minutes");
    g_assert_cmpstr (((SbProblem *) g_ptr_array_index (problems, 1))->field, ==,
                     "steps[0].account");
  }

  after = dup_snapshot (fixture->dir);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpstr (sb_integration_get_name (created), ==, "Invoices");

  /* A Draft takes the new steps at once; the services follow. */
  g_signal_connect (created, "notify::steps", G_CALLBACK (count_notify), &steps_notified);
  g_assert_true (sb_workspace_update_integration (fixture->workspace, created, "Charges",
                                                  NULL, NULL, NULL, other_steps, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (steps_notified, ==, 1);
  g_assert_true (json_node_equal (sb_integration_get_steps (created), other_steps));
  g_assert_false (sb_integration_has_draft (created));
  g_assert_null (sb_integration_get_description (created));
  g_assert_null (sb_integration_get_purpose (created));
  assert_services (created, "Stripe");
  assert_newest_audit (fixture->workspace, club, "integration.update");
  {
    g_autoptr(GPtrArray) accounts = sb_workspace_dup_integration_accounts (fixture->workspace,
                                                                           created);

    g_assert_cmpuint (accounts->len, ==, 1);
    g_assert_cmpint (sb_account_get_id (g_ptr_array_index (accounts, 0)), ==, stripe);
  }

  /* A Live one keeps running what was published; the edits wait as its draft. */
  g_signal_connect (live, "notify::draft", G_CALLBACK (count_notify), &draft_notified);
  g_assert_true (sb_workspace_update_integration (fixture->workspace, live,
                                                  sb_integration_get_name (live),
                                                  sb_integration_get_description (live),
                                                  sb_integration_get_purpose (live),
                                                  NULL, steps, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (draft_notified, ==, 1);
  g_assert_true (sb_integration_has_draft (live));
  g_assert_true (json_node_equal (sb_integration_get_steps (live), live_steps));
  g_assert_true (json_node_equal (sb_integration_get_edited_steps (live), steps));
  g_assert_cmpint (sb_integration_get_status (live), ==, SB_INTEGRATION_STATUS_LIVE);
  /* It still uses what the live version uses, and what the draft does. */
  assert_services (live, "Fortnox,IdrottOnline");

  /* Saving what is live again is no draft at all. */
  g_assert_true (sb_workspace_update_integration (fixture->workspace, live,
                                                  sb_integration_get_name (live), NULL, NULL,
                                                  NULL, live_steps, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (sb_integration_has_draft (live));
  g_assert_cmpuint (draft_notified, ==, 2);

  /* And all of it is in the store. */
  {
    g_autoptr(SbWorkspace) other = sb_workspace_open (fixture->dir, &error);
    g_autoptr(SbIntegration) again = NULL;

    g_assert_no_error (error);
    again = find_named (other, "Charges");
    g_assert_true (json_node_equal (sb_integration_get_steps (again), other_steps));
    assert_services (again, "Stripe");
  }
}

static void
test_activate (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) club = find_org (fixture->workspace, "Demo IF");
  g_autoptr(SbIntegration) live = find_named (fixture->workspace,
                                              "Import new members from IdrottOnline");
  g_autoptr(SbIntegration) shop = find_named (fixture->workspace, "Club shop orders to Fortnox");
  g_autoptr(SbIntegration) remind = find_named (fixture->workspace,
                                                "Remind members of unpaid fees");
  g_autoptr(SbIntegration) paused = find_named (fixture->workspace,
                                                "Weekly LOK-support attendance report");
  g_autoptr(JsonNode) steps = make_steps (account_id_of (fixture->workspace,
                                                         "Fortnox bookkeeping"),
                                          "create_invoice");
  g_autoptr(JsonNode) incomplete_trigger = parse_json ("{\"kind\": \"poll\", \"account\": 1}");
  g_autoptr(JsonNode) incomplete_steps = parse_json ("[{\"id\": \"orders\", \"kind\": \"http\","
                                                     " \"method\": \"GET\", \"url\": \"/x\"}]");
  g_autoptr(SbIntegration) draft = NULL;
  g_autofree char *before = dup_snapshot (fixture->dir);
  g_autofree char *after = NULL;
  GListModel *versions;

  /* Live already. */
  g_assert_false (sb_workspace_activate_integration (fixture->workspace, live, &error));
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "live already"));
  g_clear_error (&error);

  /* An account it uses needs attention. */
  g_assert_false (sb_workspace_activate_integration (fixture->workspace, shop, &error));
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "“Club shop” (Shopify) is not connected: it needs attention.");
  g_clear_error (&error);

  /* Nothing to do. */
  g_assert_false (sb_workspace_activate_integration (fixture->workspace, remind, &error));
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "no steps"));
  g_clear_error (&error);

  /* An incomplete trigger or step, as an older Samband or an import may have stored it. */
  sb_integration_set_trigger (remind, incomplete_trigger);
  g_assert_false (sb_workspace_activate_integration (fixture->workspace, remind, &error));
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "The trigger is not complete: Choose what to ask the service for, such as "
                   "new orders.");
  g_clear_error (&error);
  sb_integration_set_trigger (shop, sb_integration_get_trigger (paused));
  sb_integration_set_steps (shop, incomplete_steps);
  g_assert_false (sb_workspace_activate_integration (fixture->workspace, shop, &error));
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "The step “orders” is not complete: Choose the account this step uses.");
  g_clear_error (&error);

  /* None of that wrote anything. */
  after = dup_snapshot (fixture->dir);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (sb_integration_get_status (shop), ==, SB_INTEGRATION_STATUS_DRAFT);

  /* A Draft that is complete goes live as version 1. */
  draft = sb_workspace_create_integration_full (fixture->workspace, club, "Invoices", NULL, NULL,
                                                NULL, steps, NULL, &error);
  g_assert_no_error (error);
  versions = sb_workspace_get_versions (fixture->workspace, draft);
  g_assert_cmpuint (g_list_model_get_n_items (versions), ==, 0);
  g_assert_cmpuint (sb_integration_get_version (draft), ==, 0);
  g_assert_true (sb_workspace_activate_integration (fixture->workspace, draft, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sb_integration_get_status (draft), ==, SB_INTEGRATION_STATUS_LIVE);
  g_assert_cmpuint (sb_integration_get_version (draft), ==, 1);
  g_assert_nonnull (sb_integration_get_activated_at (draft));
  g_assert_cmpint (sb_integration_get_activated_by (draft), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (versions), ==, 1);
  {
    g_autoptr(SbIntegrationVersion) first = g_list_model_get_item (versions, 0);

    g_assert_cmpuint (sb_integration_version_get_version (first), ==, 1);
    g_assert_true (json_node_equal (sb_integration_version_get_steps (first), steps));
    g_assert_cmpint (sb_integration_version_get_published_by (first), ==,
                     sb_integration_get_activated_by (draft));
  }
  assert_newest_audit (fixture->workspace, club, "integration.activate");

  /* Pausing and activating again publishes nothing new. */
  g_assert_true (sb_workspace_pause_integration (fixture->workspace, draft, &error));
  g_assert_no_error (error);
  assert_newest_audit (fixture->workspace, club, "integration.pause");
  g_assert_false (sb_workspace_pause_integration (fixture->workspace, draft, &error));
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (sb_workspace_activate_integration (fixture->workspace, draft, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sb_integration_get_version (draft), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (versions), ==, 1);

  /* A Paused one goes live again, with the version it was published as. */
  g_assert_cmpuint (g_list_model_get_n_items (sb_workspace_get_versions (fixture->workspace,
                                                                         paused)), ==, 1);
  g_assert_true (sb_workspace_activate_integration (fixture->workspace, paused, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sb_integration_get_status (paused), ==, SB_INTEGRATION_STATUS_LIVE);
  g_assert_cmpuint (sb_integration_get_version (paused), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (sb_workspace_get_versions (fixture->workspace,
                                                                         paused)), ==, 1);
}

static void
test_publish_and_restore (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) club = find_org (fixture->workspace, "Demo IF");
  gint64 fortnox = account_id_of (fixture->workspace, "Fortnox bookkeeping");
  gint64 shop = account_id_of (fixture->workspace, "Club shop");
  g_autoptr(JsonNode) first_steps = make_steps (fortnox, "create_invoice");
  g_autoptr(JsonNode) second_steps = make_steps (fortnox, "create_customer");
  g_autoptr(JsonNode) shop_steps = make_steps (shop, "list_orders");
  g_autoptr(SbIntegration) integration = NULL;
  g_autoptr(SbIntegration) copy = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GListModel *versions;
  guint changed = 0;

  integration = sb_workspace_create_integration_full (fixture->workspace, club, "Invoices", NULL,
                                                      NULL, NULL, first_steps, NULL, &error);
  g_assert_no_error (error);

  /* A Draft publishes by going live. */
  g_assert_false (sb_workspace_publish_integration (fixture->workspace, integration, &error));
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (sb_workspace_activate_integration (fixture->workspace, integration, &error));
  g_assert_no_error (error);
  versions = sb_workspace_get_versions (fixture->workspace, integration);
  g_signal_connect (versions, "items-changed", G_CALLBACK (count_items_changed), &changed);

  /* Nothing to publish. */
  g_assert_false (sb_workspace_publish_integration (fixture->workspace, integration, &error));
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "no changes"));
  g_clear_error (&error);
  g_assert_false (sb_workspace_discard_draft (fixture->workspace, integration, &error));
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
  g_clear_error (&error);

  /* An edit that would break the live version is not published. */
  g_assert_true (sb_workspace_update_integration (fixture->workspace, integration, "Invoices",
                                                  NULL, NULL, NULL, shop_steps, NULL, &error));
  g_assert_no_error (error);
  before = dup_snapshot (fixture->dir);
  g_assert_false (sb_workspace_publish_integration (fixture->workspace, integration, &error));
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“Club shop” (Shopify) is not connected"));
  g_clear_error (&error);
  after = dup_snapshot (fixture->dir);
  g_assert_cmpstr (before, ==, after);

  /* Discarding takes the draft away. */
  g_assert_true (sb_workspace_discard_draft (fixture->workspace, integration, &error));
  g_assert_no_error (error);
  g_assert_false (sb_integration_has_draft (integration));
  assert_newest_audit (fixture->workspace, club, "integration.discard-draft");
  assert_services (integration, "Fortnox");

  /* Edit, publish: version 2 is live, version 1 is kept. */
  g_assert_true (sb_workspace_update_integration (fixture->workspace, integration, "Invoices",
                                                  NULL, NULL, NULL, second_steps, NULL, &error));
  g_assert_true (sb_workspace_publish_integration (fixture->workspace, integration, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sb_integration_get_version (integration), ==, 2);
  g_assert_false (sb_integration_has_draft (integration));
  g_assert_true (json_node_equal (sb_integration_get_steps (integration), second_steps));
  g_assert_cmpuint (g_list_model_get_n_items (versions), ==, 2);
  g_assert_cmpuint (changed, ==, 1);
  assert_newest_audit (fixture->workspace, club, "integration.publish");
  {
    g_autoptr(SbIntegrationVersion) newest = g_list_model_get_item (versions, 0);
    g_autoptr(SbIntegrationVersion) oldest = g_list_model_get_item (versions, 1);

    g_assert_cmpuint (sb_integration_version_get_version (newest), ==, 2);
    g_assert_nonnull (sb_integration_version_get_published_at (newest));
    g_assert_cmpuint (sb_integration_version_get_version (oldest), ==, 1);
    g_assert_true (json_node_equal (sb_integration_version_get_steps (oldest), first_steps));
  }

  /* Restoring version 1 makes it the draft; publishing it is version 3. */
  g_assert_true (sb_workspace_restore_version (fixture->workspace, integration, 1, &error));
  g_assert_no_error (error);
  g_assert_true (sb_integration_has_draft (integration));
  g_assert_true (json_node_equal (sb_integration_get_edited_steps (integration), first_steps));
  g_assert_true (json_node_equal (sb_integration_get_steps (integration), second_steps));
  assert_newest_audit (fixture->workspace, club, "integration.restore-version");
  g_assert_true (sb_workspace_publish_integration (fixture->workspace, integration, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sb_integration_get_version (integration), ==, 3);
  g_assert_true (json_node_equal (sb_integration_get_steps (integration), first_steps));
  g_assert_cmpuint (g_list_model_get_n_items (versions), ==, 3);

  /* Restoring what is live is no draft; a version that does not exist is an error. */
  g_assert_true (sb_workspace_restore_version (fixture->workspace, integration, 3, &error));
  g_assert_false (sb_integration_has_draft (integration));
  g_assert_false (sb_workspace_restore_version (fixture->workspace, integration, 9, &error));
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "9"));
  g_clear_error (&error);

  /* Versions are in the store, newest first. */
  {
    g_autoptr(SbWorkspace) other = sb_workspace_open (fixture->dir, &error);
    g_autoptr(SbIntegration) again = NULL;
    GListModel *stored;

    g_assert_no_error (error);
    again = find_named (other, "Invoices");
    stored = sb_workspace_get_versions (other, again);
    g_assert_cmpuint (g_list_model_get_n_items (stored), ==, 3);
    g_assert_cmpuint (sb_integration_get_version (again), ==, 3);
  }

  /* A duplicate starts over: a Draft, no versions, no runs, no draft. */
  g_assert_true (sb_workspace_update_integration (fixture->workspace, integration, "Invoices",
                                                  NULL, NULL, NULL, second_steps, NULL, &error));
  copy = sb_workspace_duplicate_integration (fixture->workspace, integration, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sb_integration_get_name (copy), ==, "Invoices (copy)");
  g_assert_cmpint (sb_integration_get_status (copy), ==, SB_INTEGRATION_STATUS_DRAFT);
  g_assert_cmpuint (sb_integration_get_version (copy), ==, 0);
  g_assert_false (sb_integration_has_draft (copy));
  g_assert_true (json_node_equal (sb_integration_get_steps (copy), first_steps));
  g_assert_null (sb_integration_get_activated_at (copy));
  g_assert_cmpuint (g_list_model_get_n_items (sb_workspace_get_versions (fixture->workspace,
                                                                         copy)), ==, 0);
  g_assert_cmpuint (sb_workspace_count_runs (fixture->workspace, copy), ==, 0);
  assert_newest_audit (fixture->workspace, club, "integration.duplicate");
}

static void
test_trash (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) club = find_org (fixture->workspace, "Demo IF");
  g_autoptr(SbIntegration) integration = find_named (fixture->workspace,
                                                     "Import new members from IdrottOnline");
  g_autoptr(SbIntegration) missing = NULL;
  g_autoptr(SbIntegration) found = NULL;
  GListModel *list = sb_workspace_get_integrations (fixture->workspace, club);
  GListModel *runs = sb_workspace_get_runs (fixture->workspace, integration);
  guint n = g_list_model_get_n_items (list);
  guint n_runs = sb_workspace_count_runs (fixture->workspace, integration);
  gint64 id = sb_integration_get_id (integration);
  guint position;

  g_assert_cmpuint (n_runs, >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (runs), ==, n_runs);

  /* In the trash: out of the list, not found, its runs kept. */
  g_assert_true (sb_workspace_trash_integration (fixture->workspace, integration, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, n - 1);
  g_assert_false (g_list_store_find (G_LIST_STORE (list), integration, &position));
  missing = sb_workspace_find_integration (fixture->workspace,
                                           "Import new members from IdrottOnline", &error);
  g_assert_null (missing);
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (sb_workspace_count_runs (fixture->workspace, integration), ==, n_runs);
  assert_newest_audit (fixture->workspace, club, "integration.trash");

  /* A second workspace (samband-cli beside the window) does not see it either, and leaves it
   * for Undo. */
  {
    g_autoptr(SbWorkspace) other = sb_workspace_open (fixture->dir, &error);
    g_autoptr(SbIntegration) none = NULL;

    g_assert_no_error (error);
    none = sb_workspace_find_integration (other, "Import new members from IdrottOnline", &error);
    g_assert_null (none);
    g_clear_error (&error);
  }

  /* Undo: the same object, the same id, its runs. */
  g_assert_true (sb_workspace_untrash_integration (fixture->workspace, integration, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, n);
  found = sb_workspace_find_integration (fixture->workspace,
                                         "Import new members from IdrottOnline", &error);
  g_assert_true (found == integration);
  g_assert_cmpint (sb_integration_get_id (found), ==, id);
  g_assert_cmpuint (sb_workspace_count_runs (fixture->workspace, integration), ==, n_runs);
  g_assert_true (sb_workspace_get_runs (fixture->workspace, integration) == runs);
  assert_newest_audit (fixture->workspace, club, "integration.untrash");

  /* Not in the trash: nothing to undo. */
  g_assert_false (sb_workspace_untrash_integration (fixture->workspace, integration, &error));
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Trash and purge: gone for real, with its runs. */
  g_assert_true (sb_workspace_trash_integration (fixture->workspace, integration, &error));
  g_assert_true (sb_workspace_purge_trash (fixture->workspace, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, n - 1);
  g_assert_cmpint (sb_store_count_runs (sb_workspace_get_store (fixture->workspace), id, &error),
                   ==, 0);
  {
    g_autoptr(SbIntegration) stored = sb_store_get_integration (sb_workspace_get_store (fixture->workspace),
                                                                id, &error);

    g_assert_null (stored);
    g_assert_error (error, SB_STORE_ERROR, SB_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  assert_newest_audit (fixture->workspace, club, "integration.purge");
  g_assert_false (sb_workspace_untrash_integration (fixture->workspace, integration, &error));
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* An empty trash purges to nothing. */
  g_assert_true (sb_workspace_purge_trash (fixture->workspace, &error));
  g_assert_no_error (error);
}

static void
test_purge_at_open (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbIntegration) old = find_named (fixture->workspace,
                                             "Import new members from IdrottOnline");
  g_autoptr(SbIntegration) recent = find_named (fixture->workspace,
                                                "Membership fees from Stripe to Fortnox");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);
  SbStore *store = sb_workspace_get_store (fixture->workspace);
  gint64 old_id = sb_integration_get_id (old);
  gint64 recent_id = sb_integration_get_id (recent);

  g_assert_true (sb_workspace_trash_integration (fixture->workspace, old, &error));
  g_assert_true (sb_workspace_trash_integration (fixture->workspace, recent, &error));
  g_assert_no_error (error);

  /* As if the first had been left there by yesterday's session. */
  g_assert_true (sb_store_set_integration_trashed (store, old_id, yesterday, &error));
  g_assert_no_error (error);

  {
    g_autoptr(SbWorkspace) next = sb_workspace_open (fixture->dir, &error);
    g_autoptr(SbIntegration) gone = NULL;
    g_autoptr(SbIntegration) waiting = NULL;
    g_autoptr(GPtrArray) trashed = NULL;

    g_assert_no_error (error);
    gone = sb_store_get_integration (sb_workspace_get_store (next), old_id, &error);
    g_assert_null (gone);
    g_assert_error (error, SB_STORE_ERROR, SB_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_assert_cmpint (sb_store_count_runs (sb_workspace_get_store (next), old_id, &error), ==, 0);

    /* The one trashed a moment ago may still be offered for Undo by the window. */
    waiting = sb_store_get_integration (sb_workspace_get_store (next), recent_id, &error);
    g_assert_no_error (error);
    g_assert_nonnull (waiting);
    trashed = sb_store_list_trashed_integrations (sb_workspace_get_store (next), NULL, &error);
    g_assert_cmpuint (trashed->len, ==, 1);
  }

  /* And the window can still undo it. */
  g_assert_true (sb_workspace_untrash_integration (fixture->workspace, recent, &error));
  g_assert_no_error (error);
}

static void
test_reader_refused (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) club = find_org (fixture->workspace, "Demo IF");
  g_autoptr(SbIntegration) live = find_named (fixture->workspace,
                                              "Import new members from IdrottOnline");
  g_autoptr(SbIntegration) trashed = find_named (fixture->workspace,
                                                 "Membership fees from Stripe to Fortnox");
  g_autoptr(SbIntegration) paused = find_named (fixture->workspace,
                                                "Weekly LOK-support attendance report");
  g_autoptr(JsonNode) steps = parse_json ("[]");
  g_autoptr(SbIntegration) none = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  /* As the Admin: a draft to publish, something in the trash. */
  g_assert_true (sb_workspace_update_integration (fixture->workspace, live,
                                                  sb_integration_get_name (live), NULL, NULL,
                                                  NULL, steps, NULL, &error));
  g_assert_true (sb_workspace_trash_integration (fixture->workspace, trashed, &error));
  g_assert_no_error (error);

  sb_workspace_set_acting_email (fixture->workspace, "sara@demo-if.example");
  before = dup_snapshot (fixture->dir);

#define REFUSED(call) \
  G_STMT_START { \
    g_assert_false (call); \
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED); \
    g_assert_nonnull (strstr (error->message, "Only Admins and Collaborators")); \
    g_clear_error (&error); \
  } G_STMT_END

  REFUSED (sb_workspace_update_integration (fixture->workspace, live, "Mine", NULL, NULL, NULL,
                                            NULL, NULL, &error));
  REFUSED (sb_workspace_activate_integration (fixture->workspace, paused, &error));
  REFUSED (sb_workspace_pause_integration (fixture->workspace, live, &error));
  REFUSED (sb_workspace_publish_integration (fixture->workspace, live, &error));
  REFUSED (sb_workspace_discard_draft (fixture->workspace, live, &error));
  REFUSED (sb_workspace_restore_version (fixture->workspace, live, 1, &error));
  REFUSED (sb_workspace_trash_integration (fixture->workspace, live, &error));
  REFUSED (sb_workspace_untrash_integration (fixture->workspace, trashed, &error));
  REFUSED (sb_workspace_purge_trash (fixture->workspace, &error));
  REFUSED (sb_workspace_delete_integration (fixture->workspace, live, &error));
  REFUSED (sb_workspace_set_integration_status (fixture->workspace, live,
                                                SB_INTEGRATION_STATUS_PAUSED, &error));
  REFUSED ((none = sb_workspace_create_integration_full (fixture->workspace, club, "Mine", NULL,
                                                         NULL, NULL, NULL, NULL, &error)) != NULL);
  REFUSED ((none = sb_workspace_duplicate_integration (fixture->workspace, live, &error)) != NULL);

#undef REFUSED

  /* The role is checked before the input: bad input is refused as not allowed. */
  g_assert_false (sb_workspace_update_integration (fixture->workspace, live, "", NULL, NULL,
                                                   NULL, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);

  after = dup_snapshot (fixture->dir);
  g_assert_cmpstr (before, ==, after);
  g_assert_true (sb_integration_has_draft (live));
  g_assert_cmpstr (sb_integration_get_name (live), ==, "Import new members from IdrottOnline");

  /* But a Reader sees everything. */
  g_assert_cmpuint (g_list_model_get_n_items (sb_workspace_get_versions (fixture->workspace,
                                                                         live)), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (sb_workspace_get_runs (fixture->workspace,
                                                                     live)), >, 0);
}

static void
test_run_events_and_log (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbIntegration) integration = find_named (fixture->workspace,
                                                     "Import new members from IdrottOnline");
  GListModel *runs = sb_workspace_get_runs (fixture->workspace, integration);
  GListModel *log = sb_workspace_get_integration_log (fixture->workspace, integration);
  g_autoptr(SbRun) newest = g_list_model_get_item (runs, 0);
  GListModel *events = sb_workspace_get_run_events (fixture->workspace, newest);
  g_autoptr(SbRunEvent) event = sb_run_event_new ();
  guint n_log = g_list_model_get_n_items (log);
  guint n_events = g_list_model_get_n_items (events);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  /* The same models every time. */
  g_assert_true (sb_workspace_get_run_events (fixture->workspace, newest) == events);
  g_assert_true (sb_workspace_get_integration_log (fixture->workspace, integration) == log);

  /* Every event of the log is a warning or an error, newest first. */
  for (guint i = 0; i < n_log; i++)
    {
      g_autoptr(SbRunEvent) line = g_list_model_get_item (log, i);

      g_assert_cmpint (sb_run_event_get_level (line), >=, SB_RUN_EVENT_LEVEL_WARNING);
      if (i > 0)
        {
          g_autoptr(SbRunEvent) previous = g_list_model_get_item (log, i - 1);

          g_assert_cmpint (g_date_time_compare (sb_run_event_get_at (previous),
                                                sb_run_event_get_at (line)), >=, 0);
        }
    }

  /* A new warning joins both. */
  sb_run_event_set_run_id (event, sb_run_get_id (newest));
  sb_run_event_set_at (event, now);
  sb_run_event_set_level (event, SB_RUN_EVENT_LEVEL_WARNING);
  sb_run_event_set_step_id (event, "members");
  sb_run_event_set_message (event, "IdrottOnline answered slowly");
  g_assert_true (sb_store_insert_run_event (sb_workspace_get_store (fixture->workspace), event,
                                            &error));
  g_assert_no_error (error);
  sb_workspace_add_run_event (fixture->workspace, newest, event);
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, n_events + 1);
  g_assert_cmpuint (g_list_model_get_n_items (log), ==, n_log + 1);
  {
    g_autoptr(SbRunEvent) first = g_list_model_get_item (log, 0);
    g_autoptr(SbRunEvent) last = g_list_model_get_item (events, n_events);

    g_assert_true (first == event);
    g_assert_true (last == event);
  }

  /* Read back by another workspace, in order. */
  {
    g_autoptr(SbWorkspace) other = sb_workspace_open (fixture->dir, &error);
    g_autoptr(SbIntegration) again = NULL;
    g_autoptr(SbRun) run = NULL;
    GListModel *read;

    g_assert_no_error (error);
    again = find_named (other, "Import new members from IdrottOnline");
    run = g_list_model_get_item (sb_workspace_get_runs (other, again), 0);
    read = sb_workspace_get_run_events (other, run);
    g_assert_cmpuint (g_list_model_get_n_items (read), ==, n_events + 1);
    g_assert_cmpuint (g_list_model_get_n_items (sb_workspace_get_integration_log (other, again)),
                      ==, n_log + 1);
  }
}

static void
test_member_name (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(SbIntegration) fees = find_named (fixture->workspace,
                                              "Membership fees from Stripe to Fortnox");
  g_autofree char *creator = sb_workspace_dup_member_name (fixture->workspace,
                                                           sb_integration_get_created_by (fees));
  g_autofree char *nobody = sb_workspace_dup_member_name (fixture->workspace, 987654);
  g_autofree char *zero = sb_workspace_dup_member_name (fixture->workspace, 0);

  g_assert_cmpstr (creator, ==, "Karin Lindqvist");
  g_assert_null (nobody);
  g_assert_null (zero);
}

static void
test_bad_store_is_reported (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("samband-workspace-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "samband.db", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(SbWorkspace) workspace = NULL;
  gsize length;

  g_assert_true (g_file_set_contents (path, "Kassabok 2025\n", -1, &error));
  workspace = sb_workspace_open (dir, &error);
  g_assert_null (workspace);
  g_assert_error (error, SB_STORE_ERROR, SB_STORE_ERROR_NOT_A_DATABASE);
  g_assert_nonnull (strstr (error->message, path));

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpstr (contents, ==, "Kassabok 2025\n");
  remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  setlocale (LC_ALL, "C.UTF-8");

#define ADD(path, setup, func) \
  g_test_add (path, Fixture, NULL, setup, func, fixture_tear_down)

  ADD ("/workspace/first-start", fixture_set_up, test_first_start);
  ADD ("/workspace/demo/once", set_up_demo, test_demo_once);
  ADD ("/workspace/demo/keeps-profile", fixture_set_up, test_demo_keeps_profile);
  ADD ("/workspace/demo/details", set_up_demo, test_demo_details);
  ADD ("/workspace/views-follow", set_up_demo, test_views_follow);
  ADD ("/workspace/invalid-input", set_up_demo, test_invalid_input);
  ADD ("/workspace/account-in-use", set_up_demo, test_account_in_use);
  ADD ("/workspace/find", set_up_demo, test_find);
  ADD ("/workspace/services-and-last-run", set_up_demo, test_services_and_last_run);
  ADD ("/workspace/integrations/create-and-update", set_up_demo, test_create_and_update);
  ADD ("/workspace/integrations/activate", set_up_demo, test_activate);
  ADD ("/workspace/integrations/publish-and-restore", set_up_demo, test_publish_and_restore);
  ADD ("/workspace/integrations/trash", set_up_demo, test_trash);
  ADD ("/workspace/integrations/purge-at-open", set_up_demo, test_purge_at_open);
  ADD ("/workspace/integrations/reader-refused", set_up_demo, test_reader_refused);
  ADD ("/workspace/integrations/run-events-and-log", set_up_demo, test_run_events_and_log);
  ADD ("/workspace/member-name", set_up_demo, test_member_name);
  g_test_add_func ("/workspace/roles/admin", test_mutations_admin);
  g_test_add_func ("/workspace/roles/collaborator", test_mutations_collaborator);
  g_test_add_func ("/workspace/roles/treasurer", test_mutations_treasurer);
  g_test_add_func ("/workspace/roles/reader", test_mutations_reader);
  g_test_add_func ("/workspace/roles/stranger", test_mutations_stranger);
  g_test_add_func ("/workspace/bad-store", test_bad_store_is_reported);

  return g_test_run ();
}
