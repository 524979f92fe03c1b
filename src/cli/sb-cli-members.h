/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "workspace/sb-workspace.h"

G_BEGIN_DECLS

typedef struct
{
  const char *email;
  const char *name;
  const char *phone;
  const char *role;              /* a nick: treasurer, club-admin, … */
  gboolean    integration_user;
  /* --package, as given: each an access package id or several joined by commas. */
  const char * const *packages;
  const char *move_to;           /* remove-member: an integration user's e-mail address */
} SbCliMemberOptions;

/* samband-cli add-member ORG --email E --name N --role R
 *                        | --integration-user [--package P]… */
int sb_cli_add_member    (SbWorkspace               *workspace,
                          gboolean                   json,
                          const char                *organization,
                          const SbCliMemberOptions  *options,
                          GError                   **error);
/* samband-cli remove-member ORG EMAIL [--move-to EMAIL] */
int sb_cli_remove_member (SbWorkspace               *workspace,
                          gboolean                   json,
                          const char                *organization,
                          const char                *email,
                          const SbCliMemberOptions  *options,
                          GError                   **error);

/* Adds @packages (ids) to @b as a JSON array: the "packages" of a member. */
/* set-packages ORG EMAIL [--package P]…: the packages an integration user holds, besides
 * "integration-user" (none given: only that one). */
int sb_cli_set_packages  (SbWorkspace               *workspace,
                          gboolean                   json,
                          const char                *organization,
                          const char                *email,
                          const SbCliMemberOptions  *options,
                          GError                   **error);


G_END_DECLS
