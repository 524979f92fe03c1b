/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "sb-enums.h"

G_BEGIN_DECLS

/* The three general roles, then the roles of the sports movement that club and federation
 * organizations also know. */
typedef enum
{
  SB_ROLE_ADMIN,
  SB_ROLE_COLLABORATOR,
  SB_ROLE_READER,
  SB_ROLE_FEDERATION_ADMIN,
  SB_ROLE_CLUB_ADMIN,
  SB_ROLE_CHAIR,
  SB_ROLE_TREASURER,
  SB_ROLE_LOK_SUPPORT,
  SB_ROLE_SIGNATORY,
  SB_ROLE_MAIN_ADMIN,
} SbRole;

#define SB_N_ROLES (SB_ROLE_MAIN_ADMIN + 1)

typedef enum
{
  SB_CAPABILITY_VIEW_INTEGRATIONS,
  SB_CAPABILITY_EDIT_INTEGRATIONS,
  SB_CAPABILITY_LIST_ACCOUNTS,
  SB_CAPABILITY_VIEW_ACCOUNT_DETAILS,
  SB_CAPABILITY_EDIT_ACCOUNTS,
  SB_CAPABILITY_MANAGE_MEMBERS,
} SbCapability;

#define SB_N_CAPABILITIES (SB_CAPABILITY_MANAGE_MEMBERS + 1)

#define SB_TYPE_ROLE (sb_role_get_type ())
#define SB_TYPE_CAPABILITY (sb_capability_get_type ())

GType       sb_role_get_type              (void) G_GNUC_CONST;
GType       sb_capability_get_type        (void) G_GNUC_CONST;

const char *sb_role_get_label             (SbRole              role);
gboolean    sb_role_is_available_for      (SbRole              role,
                                           SbOrganizationKind  kind);
SbRole      sb_role_get_general_role      (SbRole              role);
gboolean    sb_role_can                   (SbRole              role,
                                           SbCapability        capability);
gboolean    sb_role_check                 (SbRole              role,
                                           SbCapability        capability,
                                           GError            **error);
const char *sb_capability_get_refusal     (SbCapability        capability);

G_END_DECLS
