/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <gio/gio.h>

#include "model/sb-model.h"

/* The matrix of DESIGN.md, written out again by hand so that a change to the code's matrix
 * is caught here: rows are roles, columns the capabilities in enum order
 * (view integrations, edit integrations, list accounts, account details, edit accounts,
 * manage members). */
static const struct
{
  SbRole   role;
  gboolean can[SB_N_CAPABILITIES];
} expected[] = {
  { SB_ROLE_ADMIN,            { TRUE, TRUE,  TRUE, TRUE,  TRUE,  TRUE  } },
  { SB_ROLE_COLLABORATOR,     { TRUE, TRUE,  TRUE, TRUE,  TRUE,  FALSE } },
  { SB_ROLE_READER,           { TRUE, FALSE, TRUE, FALSE, FALSE, FALSE } },
  /* The sports movement: the administrators are Admins... */
  { SB_ROLE_FEDERATION_ADMIN, { TRUE, TRUE,  TRUE, TRUE,  TRUE,  TRUE  } },
  { SB_ROLE_CLUB_ADMIN,       { TRUE, TRUE,  TRUE, TRUE,  TRUE,  TRUE  } },
  { SB_ROLE_MAIN_ADMIN,       { TRUE, TRUE,  TRUE, TRUE,  TRUE,  TRUE  } },
  /* ...and the others may activate and administer integrations and accounts. */
  { SB_ROLE_CHAIR,            { TRUE, TRUE,  TRUE, TRUE,  TRUE,  FALSE } },
  { SB_ROLE_TREASURER,        { TRUE, TRUE,  TRUE, TRUE,  TRUE,  FALSE } },
  { SB_ROLE_LOK_SUPPORT,      { TRUE, TRUE,  TRUE, TRUE,  TRUE,  FALSE } },
  { SB_ROLE_SIGNATORY,        { TRUE, TRUE,  TRUE, TRUE,  TRUE,  FALSE } },
};

static void
test_matrix (void)
{
  guint seen = 0;

  G_STATIC_ASSERT (G_N_ELEMENTS (expected) == SB_N_ROLES);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      seen |= 1u << expected[i].role;

      for (guint c = 0; c < SB_N_CAPABILITIES; c++)
        {
          g_autoptr(GError) error = NULL;
          gboolean allowed;

          g_test_message ("%s × %s", sb_enum_to_nick (SB_TYPE_ROLE, expected[i].role),
                          sb_enum_to_nick (SB_TYPE_CAPABILITY, c));

          g_assert_cmpint (sb_role_can (expected[i].role, c), ==, expected[i].can[c]);

          allowed = sb_role_check (expected[i].role, c, &error);
          g_assert_cmpint (allowed, ==, expected[i].can[c]);
          if (allowed)
            {
              g_assert_no_error (error);
            }
          else
            {
              g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
              g_assert_cmpstr (error->message, ==, sb_capability_get_refusal (c));
            }
        }
    }

  /* Every role is in the table once. */
  g_assert_cmpuint (seen, ==, (1u << SB_N_ROLES) - 1);
}

static void
test_refusals_say_why (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (sb_role_check (SB_ROLE_READER, SB_CAPABILITY_VIEW_ACCOUNT_DETAILS, &error));
  g_assert_cmpstr (error->message, ==,
                   "Only Admins and Collaborators can see account details.");
  g_clear_error (&error);

  g_assert_false (sb_role_check (SB_ROLE_TREASURER, SB_CAPABILITY_MANAGE_MEMBERS, &error));
  g_assert_cmpstr (error->message, ==, "Only Admins can manage members and roles.");
}

static void
test_club_roles_only_in_clubs (void)
{
  for (SbRole role = 0; role < SB_N_ROLES; role++)
    {
      gboolean general = role == SB_ROLE_ADMIN || role == SB_ROLE_COLLABORATOR ||
                         role == SB_ROLE_READER;

      g_assert_true (sb_role_is_available_for (role, SB_ORGANIZATION_KIND_CLUB));
      g_assert_true (sb_role_is_available_for (role, SB_ORGANIZATION_KIND_FEDERATION));
      g_assert_cmpint (sb_role_is_available_for (role, SB_ORGANIZATION_KIND_COMPANY), ==, general);
      g_assert_nonnull (sb_role_get_label (role));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  setlocale (LC_ALL, "C.UTF-8");

  g_test_add_func ("/roles/matrix", test_matrix);
  g_test_add_func ("/roles/refusals-say-why", test_refusals_say_why);
  g_test_add_func ("/roles/club-roles-only-in-clubs", test_club_roles_only_in_clubs);

  return g_test_run ();
}
