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

          g_string_append_printf (text, " integration %s %d runs %u\n",
                                  sb_integration_get_name (integration),
                                  sb_integration_get_status (integration),
                                  g_list_model_get_n_items (sb_workspace_get_runs (other,
                                                                                   integration)));
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
  g_assert_cmpint (sb_account_get_status (spare), ==, SB_ACCOUNT_STATUS_NEEDS_ATTENTION);
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
  ADD ("/workspace/views-follow", set_up_demo, test_views_follow);
  ADD ("/workspace/invalid-input", set_up_demo, test_invalid_input);
  ADD ("/workspace/account-in-use", set_up_demo, test_account_in_use);
  ADD ("/workspace/find", set_up_demo, test_find);
  ADD ("/workspace/services-and-last-run", set_up_demo, test_services_and_last_run);
  g_test_add_func ("/workspace/roles/admin", test_mutations_admin);
  g_test_add_func ("/workspace/roles/collaborator", test_mutations_collaborator);
  g_test_add_func ("/workspace/roles/treasurer", test_mutations_treasurer);
  g_test_add_func ("/workspace/roles/reader", test_mutations_reader);
  g_test_add_func ("/workspace/roles/stranger", test_mutations_stranger);
  g_test_add_func ("/workspace/bad-store", test_bad_store_is_reported);

  return g_test_run ();
}
