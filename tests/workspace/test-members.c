/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gstdio.h>

#include "workspace/sb-workspace.h"
#include "workspace/sb-workspace-members.h"
#include "workspace/sb-workspace-private.h"

typedef struct
{
  char        *dir;
  SbWorkspace *workspace;
  SbOrganization *club;
} Fixture;

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("samband-members-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->workspace = sb_workspace_open (fixture->dir, &error);
  g_assert_no_error (error);
  g_assert_true (sb_workspace_create_demo (fixture->workspace, &error));
  g_assert_no_error (error);
  fixture->club = sb_workspace_find_organization (fixture->workspace, "Demo IF", &error);
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
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  SbWorkspace *workspace = fixture->workspace;

  g_clear_object (&fixture->club);
  g_object_add_weak_pointer (G_OBJECT (workspace), (gpointer *) &workspace);
  g_clear_object (&fixture->workspace);
  g_assert_null (workspace);

  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static SbMember *
find_member (SbWorkspace    *workspace,
             SbOrganization *org,
             const char     *email)
{
  GListModel *members = sb_workspace_get_members (workspace, org);

  for (guint i = 0; i < g_list_model_get_n_items (members); i++)
    {
      g_autoptr(SbMember) member = g_list_model_get_item (members, i);

      if (g_ascii_strcasecmp (sb_member_get_email (member), email) == 0)
        return g_steal_pointer (&member);
    }

  return NULL;
}

static SbAccount *
find_account (SbWorkspace    *workspace,
              SbOrganization *org,
              const char     *name)
{
  GListModel *accounts = sb_workspace_get_accounts (workspace, org);

  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(SbAccount) account = g_list_model_get_item (accounts, i);

      if (g_strcmp0 (sb_account_get_name (account), name) == 0)
        return g_steal_pointer (&account);
    }

  g_assert_not_reached ();
}

/* Every sports role can be given in a club, not in a company, and maps to what its general
 * role may do. */
static void
test_sports_roles (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) company = sb_workspace_find_organization (fixture->workspace,
                                                                      "Demo AB", &error);
  const SbRole roles[] = {
    SB_ROLE_FEDERATION_ADMIN, SB_ROLE_CLUB_ADMIN, SB_ROLE_CHAIR, SB_ROLE_TREASURER,
    SB_ROLE_LOK_SUPPORT, SB_ROLE_SIGNATORY, SB_ROLE_MAIN_ADMIN,
  };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      g_autofree char *email = g_strdup_printf ("role%u@demo-if.example", i);
      g_autoptr(SbMember) member = NULL;
      g_autoptr(SbMember) refused = NULL;
      SbRole general = sb_role_get_general_role (roles[i]);

      sb_workspace_set_acting_email (fixture->workspace, NULL);
      member = sb_workspace_add_member (fixture->workspace, fixture->club, "Role Holder",
                                        email, NULL, SB_MEMBER_KIND_PERSON, roles[i], &error);
      g_assert_no_error (error);
      g_assert_cmpint (sb_member_get_role (member), ==, roles[i]);

      refused = sb_workspace_add_member (fixture->workspace, company, "Role Holder", email,
                                         NULL, SB_MEMBER_KIND_PERSON, roles[i], &error);
      g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
      g_assert_null (refused);
      g_clear_error (&error);

      /* Acting as that member: activating and administering integrations is for all of them
       * (DESIGN.md), managing members only for the administrators. */
      sb_workspace_set_acting_email (fixture->workspace, email);
      g_assert_true (sb_workspace_can (fixture->workspace, fixture->club,
                                       SB_CAPABILITY_EDIT_INTEGRATIONS));
      g_assert_true (sb_workspace_can (fixture->workspace, fixture->club,
                                       SB_CAPABILITY_EDIT_ACCOUNTS));
      g_assert_cmpint (sb_workspace_can (fixture->workspace, fixture->club,
                                         SB_CAPABILITY_MANAGE_MEMBERS),
                       ==, general == SB_ROLE_ADMIN);
    }
}

static void
test_integration_user (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbMember) user = NULL;
  guint n_before = g_list_model_get_n_items (sb_workspace_get_members (fixture->workspace,
                                                                       fixture->club));

  user = sb_workspace_add_integration_user (fixture->workspace, fixture->club, "", "Bank",
                                            "Integration", NULL, NULL, &error);
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
  g_clear_error (&error);
  user = sb_workspace_add_integration_user (fixture->workspace, fixture->club, "bank@club",
                                            "Bank", "Integration", NULL, NULL, &error);
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
  g_clear_error (&error);
  user = sb_workspace_add_integration_user (fixture->workspace, fixture->club,
                                            "bank@demo-if.example", "Bank", " ", NULL, NULL,
                                            &error);
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (user);

  user = sb_workspace_add_integration_user (fixture->workspace, fixture->club,
                                            " bank@demo-if.example ", " Bank ", "Integration",
                                            "", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sb_member_get_email (user), ==, "bank@demo-if.example");
  g_assert_cmpstr (sb_member_get_display_name (user), ==, "Bank Integration");
  g_assert_null (sb_member_get_phone (user));
  g_assert_cmpint (sb_member_get_kind (user), ==, SB_MEMBER_KIND_INTEGRATION_USER);
  g_assert_cmpint (sb_member_get_role (user), ==, SB_ROLE_COLLABORATOR);
  g_assert_cmpuint (g_list_model_get_n_items (sb_workspace_get_members (fixture->workspace,
                                                                        fixture->club)),
                    ==, n_before + 1);
  /* With no package asked for, it holds the one every integration user holds. */
  {
    const char * const expected[] = { "integration-user", NULL };

    g_assert_true (g_strv_equal (sb_member_get_packages (user), expected));
  }

  /* Not for a Reader to do. */
  sb_workspace_set_acting_email (fixture->workspace, "sara@demo-if.example");
  g_clear_object (&user);
  user = sb_workspace_add_integration_user (fixture->workspace, fixture->club,
                                            "shop@demo-if.example", "Shop", "Integration",
                                            NULL, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_null (user);
}

static guint
count_audit (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) audit = sb_store_list_audit (sb_workspace_get_store (fixture->workspace),
                                                    sb_organization_get_id (fixture->club),
                                                    &error);

  g_assert_no_error (error);
  return audit->len;
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
assert_packages (SbMember           *member,
                 const char * const *expected)
{
  g_autofree char *held = g_strjoinv (",", (char **) sb_member_get_packages (member));
  g_autofree char *wanted = g_strjoinv (",", (char **) expected);

  g_assert_cmpstr (held, ==, wanted);
}

/* An integration user with additional access packages: held, audited, still there after
 * reopening; an unknown package refused with its name, and nothing written. */
static void
test_access_packages (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbMember) user = NULL;
  g_autoptr(SbMember) refused = NULL;
  g_autoptr(SbMember) fortnox = find_member (fixture->workspace, fixture->club,
                                             "fortnox@demo-if.example");
  g_autoptr(GPtrArray) audit = NULL;
  const char * const asked[] = { "reports", "invoicing", "invoicing", NULL };
  const char * const held[] = { "integration-user", "invoicing", "reports", NULL };
  const char * const unknown[] = { "invoicing", "payroll", NULL };
  const char * const only_integration_user[] = { "integration-user", NULL };
  guint n_audit;

  /* The demo's integration user holds “Integration user” too. */
  assert_packages (fortnox, only_integration_user);

  user = sb_workspace_add_integration_user (fixture->workspace, fixture->club,
                                            "bank@demo-if.example", "Bank", "Integration",
                                            NULL, asked, &error);
  g_assert_no_error (error);
  assert_packages (user, held);
  g_assert_true (sb_member_has_package (user, "invoicing"));
  g_assert_false (sb_member_has_package (user, "accounting"));

  /* The member, then what they were given, by whom. */
  audit = sb_store_list_audit (sb_workspace_get_store (fixture->workspace),
                               sb_organization_get_id (fixture->club), &error);
  g_assert_no_error (error);
  {
    SbAuditEntry *granted = audit->pdata[0];
    SbAuditEntry *added = audit->pdata[1];
    g_autoptr(SbMember) me = sb_workspace_dup_acting_member (fixture->workspace,
                                                             fixture->club);

    g_assert_cmpstr (granted->action, ==, "member.set-packages");
    g_assert_cmpint (granted->subject_id, ==, sb_member_get_id (user));
    g_assert_cmpint (granted->member_id, ==, sb_member_get_id (me));
    g_assert_cmpstr (granted->detail, ==,
                     "bank@demo-if.example: integration-user, invoicing, reports");
    g_assert_cmpstr (added->action, ==, "member.add");
    g_assert_cmpint (added->subject_id, ==, sb_member_get_id (user));
  }
  n_audit = count_audit (fixture);

  /* An unknown package: refused with its name; no member, no audit row. */
  refused = sb_workspace_add_integration_user (fixture->workspace, fixture->club,
                                               "shop@demo-if.example", "Shop", "Integration",
                                               NULL, unknown, &error);
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“payroll”"));
  g_assert_nonnull (strstr (error->message, "membership-register"));
  g_assert_null (refused);
  g_clear_error (&error);
  g_assert_null (find_member (fixture->workspace, fixture->club, "shop@demo-if.example"));
  g_assert_cmpuint (count_audit (fixture), ==, n_audit);

  /* People hold no packages: their role says what they may do. */
  refused = sb_workspace_add_member_with_packages (fixture->workspace, fixture->club,
                                                   "Per Persson", "per@demo-if.example", NULL,
                                                   SB_MEMBER_KIND_PERSON, SB_ROLE_READER,
                                                   asked, &error);
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
  g_assert_null (refused);
  g_clear_error (&error);
  g_assert_cmpuint (count_audit (fixture), ==, n_audit);

  /* As written, after reopening; and nothing of the refused one. */
  {
    g_autoptr(SbWorkspace) other = sb_workspace_open (fixture->dir, &error);
    g_autoptr(SbOrganization) club = NULL;
    g_autoptr(SbMember) again = NULL;
    g_autoptr(SbMember) shop = NULL;

    g_assert_no_error (error);
    club = sb_workspace_find_organization (other, "Demo IF", &error);
    g_assert_no_error (error);
    again = find_member (other, club, "bank@demo-if.example");
    g_assert_nonnull (again);
    assert_packages (again, held);
    shop = find_member (other, club, "shop@demo-if.example");
    g_assert_null (shop);
  }
}

/* Changing an integration user's packages later: “Integration user” stays; Admins only;
 * nobody's for a person. */
static void
test_set_access_packages (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbMember) fortnox = find_member (fixture->workspace, fixture->club,
                                             "fortnox@demo-if.example");
  g_autoptr(SbMember) karin = find_member (fixture->workspace, fixture->club,
                                           "karin@demo-if.example");
  const char * const accounting[] = { "accounting", NULL };
  const char * const held[] = { "integration-user", "accounting", NULL };
  const char * const invoicing[] = { "invoicing", NULL };
  const char * const unknown[] = { "Accounting", NULL };
  guint notified = 0;
  guint n_audit;

  g_signal_connect (fortnox, "notify::packages", G_CALLBACK (count_notify), &notified);
  g_assert_true (sb_workspace_set_member_packages (fixture->workspace, fortnox, accounting,
                                                   &error));
  g_assert_no_error (error);
  assert_packages (fortnox, held);
  g_assert_cmpuint (notified, ==, 1);
  n_audit = count_audit (fixture);

  /* The same again changes nothing and writes nothing. */
  g_assert_true (sb_workspace_set_member_packages (fixture->workspace, fortnox, held, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_audit (fixture), ==, n_audit);

  g_assert_false (sb_workspace_set_member_packages (fixture->workspace, fortnox, unknown,
                                                    &error));
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“Accounting”"));
  g_clear_error (&error);
  g_assert_false (sb_workspace_set_member_packages (fixture->workspace, karin, invoicing,
                                                    &error));
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
  g_clear_error (&error);

  /* Not by the treasurer, whose role does not manage members. */
  sb_workspace_set_acting_email (fixture->workspace, "karin@demo-if.example");
  g_assert_false (sb_workspace_set_member_packages (fixture->workspace, fortnox, invoicing,
                                                    &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  assert_packages (fortnox, held);
  g_assert_cmpuint (count_audit (fixture), ==, n_audit);

  {
    g_autoptr(SbWorkspace) other = sb_workspace_open (fixture->dir, &error);
    g_autoptr(SbOrganization) club = NULL;
    g_autoptr(SbMember) again = NULL;

    g_assert_no_error (error);
    club = sb_workspace_find_organization (other, "Demo IF", &error);
    again = find_member (other, club, "fortnox@demo-if.example");
    assert_packages (again, held);
  }
}

static void
test_remove_and_move (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbMember) johan = find_member (fixture->workspace, fixture->club,
                                           "johan@demo-if.example");
  g_autoptr(SbMember) karin = find_member (fixture->workspace, fixture->club,
                                           "karin@demo-if.example");
  g_autoptr(SbMember) fortnox = find_member (fixture->workspace, fixture->club,
                                             "fortnox@demo-if.example");
  g_autoptr(SbMember) gone = NULL;
  g_autoptr(SbAccount) shop = find_account (fixture->workspace, fixture->club, "Club shop");
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GPtrArray) integrations = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(SbWorkspace) other = NULL;
  gint64 johan_id = sb_member_get_id (johan);

  accounts = sb_workspace_dup_member_accounts (fixture->workspace, johan);
  g_assert_cmpuint (accounts->len, ==, 1);
  g_assert_true (accounts->pdata[0] == shop);
  integrations = sb_workspace_dup_member_integrations (fixture->workspace, johan);
  g_assert_cmpuint (integrations->len, >=, 1);
  g_clear_pointer (&accounts, g_ptr_array_unref);
  accounts = sb_workspace_dup_member_accounts (fixture->workspace, karin);
  g_assert_cmpuint (accounts->len, ==, 2);

  /* Accounts go only to an integration user. */
  g_assert_false (sb_workspace_remove_member (fixture->workspace, johan, karin, &error));
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (sb_account_get_owner_member_id (shop), ==, johan_id);

  /* Not by a Collaborator. */
  sb_workspace_set_acting_email (fixture->workspace, "johan@demo-if.example");
  g_assert_false (sb_workspace_remove_member (fixture->workspace, karin, fortnox, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  sb_workspace_set_acting_email (fixture->workspace, NULL);

  g_assert_true (sb_workspace_remove_member (fixture->workspace, johan, fortnox, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sb_account_get_owner_member_id (shop), ==, sb_member_get_id (fortnox));
  gone = find_member (fixture->workspace, fixture->club, "johan@demo-if.example");
  g_assert_null (gone);

  audit = sb_store_list_audit (sb_workspace_get_store (fixture->workspace),
                               sb_organization_get_id (fixture->club), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((SbAuditEntry *) audit->pdata[0])->action, ==, "member.remove");
  g_assert_cmpstr (((SbAuditEntry *) audit->pdata[1])->action, ==, "account.set-owner");
  g_assert_cmpint (((SbAuditEntry *) audit->pdata[1])->subject_id, ==,
                   sb_account_get_id (shop));

  /* Without a move, Karin's accounts keep no owner. */
  g_assert_true (sb_workspace_remove_member (fixture->workspace, karin, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < accounts->len; i++)
    g_assert_cmpint (sb_account_get_owner_member_id (accounts->pdata[i]), ==, 0);

  /* As written. */
  other = sb_workspace_open (fixture->dir, &error);
  g_assert_no_error (error);
  {
    g_autoptr(SbOrganization) club = sb_workspace_find_organization (other, "Demo IF", &error);
    g_autoptr(SbAccount) shop2 = find_account (other, club, "Club shop");
    g_autoptr(SbMember) gone2 = find_member (other, club, "johan@demo-if.example");

    g_assert_null (gone2);
    g_assert_cmpint (sb_account_get_owner_member_id (shop2), ==, sb_member_get_id (fortnox));
  }
}

static void
test_remove_self_refused (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbMember) me = sb_workspace_dup_acting_member (fixture->workspace, fixture->club);

  g_assert_nonnull (me);
  g_assert_false (sb_workspace_remove_member (fixture->workspace, me, NULL, &error));
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
}

/* A club with several sports keeps them as one cleaned-up text. */
static void
test_sports (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) club = NULL;
  g_autofree char *none = sb_workspace_normalize_sports (" , ");
  g_autofree char *one = sb_workspace_normalize_sports ("Football");

  g_assert_null (none);
  g_assert_cmpstr (one, ==, "Football");

  club = sb_workspace_create_organization (fixture->workspace, "Multi IK",
                                           SB_ORGANIZATION_KIND_CLUB,
                                           " Floorball,football, ,FLOORBALL , Bandy", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sb_organization_get_sport (club), ==, "Floorball, football, Bandy");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  setlocale (LC_ALL, "C.UTF-8");

#define ADD(path, func) g_test_add (path, Fixture, NULL, set_up, func, tear_down)

  ADD ("/members/sports-roles", test_sports_roles);
  ADD ("/members/integration-user", test_integration_user);
  ADD ("/members/access-packages", test_access_packages);
  ADD ("/members/set-access-packages", test_set_access_packages);
  ADD ("/members/remove-and-move", test_remove_and_move);
  ADD ("/members/remove-self-refused", test_remove_self_refused);
  ADD ("/members/sports", test_sports);

  return g_test_run ();
}
