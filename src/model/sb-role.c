/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "sb-role.h"

G_DEFINE_ENUM_TYPE (SbRole, sb_role,
  G_DEFINE_ENUM_VALUE (SB_ROLE_ADMIN, "admin"),
  G_DEFINE_ENUM_VALUE (SB_ROLE_COLLABORATOR, "collaborator"),
  G_DEFINE_ENUM_VALUE (SB_ROLE_READER, "reader"),
  G_DEFINE_ENUM_VALUE (SB_ROLE_FEDERATION_ADMIN, "federation-admin"),
  G_DEFINE_ENUM_VALUE (SB_ROLE_CLUB_ADMIN, "club-admin"),
  G_DEFINE_ENUM_VALUE (SB_ROLE_CHAIR, "chair"),
  G_DEFINE_ENUM_VALUE (SB_ROLE_TREASURER, "treasurer"),
  G_DEFINE_ENUM_VALUE (SB_ROLE_LOK_SUPPORT, "lok-support"),
  G_DEFINE_ENUM_VALUE (SB_ROLE_SIGNATORY, "signatory"),
  G_DEFINE_ENUM_VALUE (SB_ROLE_MAIN_ADMIN, "main-admin"))

G_DEFINE_ENUM_TYPE (SbCapability, sb_capability,
  G_DEFINE_ENUM_VALUE (SB_CAPABILITY_VIEW_INTEGRATIONS, "view-integrations"),
  G_DEFINE_ENUM_VALUE (SB_CAPABILITY_EDIT_INTEGRATIONS, "edit-integrations"),
  G_DEFINE_ENUM_VALUE (SB_CAPABILITY_LIST_ACCOUNTS, "list-accounts"),
  G_DEFINE_ENUM_VALUE (SB_CAPABILITY_VIEW_ACCOUNT_DETAILS, "view-account-details"),
  G_DEFINE_ENUM_VALUE (SB_CAPABILITY_EDIT_ACCOUNTS, "edit-accounts"),
  G_DEFINE_ENUM_VALUE (SB_CAPABILITY_MANAGE_MEMBERS, "manage-members"))

/* The matrix of DESIGN.md for the three general roles. The club roles map onto them
 * (sb_role_get_general_role), so the matrix is written once. */
static const gboolean general_matrix[3][SB_N_CAPABILITIES] = {
  /*                        view-int  edit-int  list-acc  acc-det  edit-acc  members */
  [SB_ROLE_ADMIN]        = { TRUE,     TRUE,     TRUE,     TRUE,    TRUE,     TRUE  },
  [SB_ROLE_COLLABORATOR] = { TRUE,     TRUE,     TRUE,     TRUE,    TRUE,     FALSE },
  [SB_ROLE_READER]       = { TRUE,     FALSE,    TRUE,     FALSE,   FALSE,    FALSE },
};

const char *
sb_role_get_label (SbRole role)
{
  switch (role)
    {
    case SB_ROLE_ADMIN:
      /* Translators: a role in an organization */
      return C_("role", "Admin");
    case SB_ROLE_COLLABORATOR:
      /* Translators: a role in an organization (Swedish: Medarbetare) */
      return C_("role", "Collaborator");
    case SB_ROLE_READER:
      /* Translators: a role in an organization (Swedish: Läsare) */
      return C_("role", "Reader");
    case SB_ROLE_FEDERATION_ADMIN:
      /* Translators: a role in the sports movement (Swedish: Förbundsadministratör) */
      return C_("role", "Federation administrator");
    case SB_ROLE_CLUB_ADMIN:
      /* Translators: a role in the sports movement (Swedish: Föreningsadministratör) */
      return C_("role", "Club administrator");
    case SB_ROLE_CHAIR:
      /* Translators: a role in the sports movement (Swedish: Ordförande) */
      return C_("role", "Chair");
    case SB_ROLE_TREASURER:
      /* Translators: a role in the sports movement (Swedish: Kassör) */
      return C_("role", "Treasurer");
    case SB_ROLE_LOK_SUPPORT:
      /* Translators: a role in the sports movement (Swedish: LOK-stödsansvarig); LOK is the
       * Swedish state grant for local youth activities */
      return C_("role", "LOK-support officer");
    case SB_ROLE_SIGNATORY:
      /* Translators: a role in the sports movement (Swedish: Firmatecknare) */
      return C_("role", "Authorised signatory");
    case SB_ROLE_MAIN_ADMIN:
      /* Translators: a role in the sports movement (Swedish: Huvudadministratör) */
      return C_("role", "Main administrator");
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * sb_role_is_available_for:
 *
 * Companies know the three general roles; clubs and federations know the roles of the
 * sports movement too.
 */
gboolean
sb_role_is_available_for (SbRole             role,
                          SbOrganizationKind kind)
{
  if (role <= SB_ROLE_READER)
    return TRUE;

  return kind == SB_ORGANIZATION_KIND_CLUB || kind == SB_ORGANIZATION_KIND_FEDERATION;
}

SbRole
sb_role_get_general_role (SbRole role)
{
  switch (role)
    {
    case SB_ROLE_ADMIN:
    case SB_ROLE_FEDERATION_ADMIN:
    case SB_ROLE_CLUB_ADMIN:
    case SB_ROLE_MAIN_ADMIN:
      return SB_ROLE_ADMIN;

    case SB_ROLE_COLLABORATOR:
    case SB_ROLE_CHAIR:
    case SB_ROLE_TREASURER:
    case SB_ROLE_LOK_SUPPORT:
    case SB_ROLE_SIGNATORY:
      return SB_ROLE_COLLABORATOR;

    case SB_ROLE_READER:
    default:
      return SB_ROLE_READER;
    }
}

gboolean
sb_role_can (SbRole       role,
             SbCapability capability)
{
  g_return_val_if_fail ((guint) role < SB_N_ROLES, FALSE);
  g_return_val_if_fail ((guint) capability < SB_N_CAPABILITIES, FALSE);

  return general_matrix[sb_role_get_general_role (role)][capability];
}

const char *
sb_capability_get_refusal (SbCapability capability)
{
  switch (capability)
    {
    case SB_CAPABILITY_VIEW_INTEGRATIONS:
      return _("Only members of the organization can see its integrations.");
    case SB_CAPABILITY_EDIT_INTEGRATIONS:
      return _("Only Admins and Collaborators can create, change or delete integrations.");
    case SB_CAPABILITY_LIST_ACCOUNTS:
      return _("Only members of the organization can see its accounts.");
    case SB_CAPABILITY_VIEW_ACCOUNT_DETAILS:
      return _("Only Admins and Collaborators can see account details.");
    case SB_CAPABILITY_EDIT_ACCOUNTS:
      return _("Only Admins and Collaborators can add, change or delete accounts.");
    case SB_CAPABILITY_MANAGE_MEMBERS:
      return _("Only Admins can manage members and roles.");
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
sb_role_check (SbRole         role,
               SbCapability   capability,
               GError       **error)
{
  if (sb_role_can (role, capability))
    return TRUE;

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                       sb_capability_get_refusal (capability));
  return FALSE;
}
