/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sb-workspace.h"

G_BEGIN_DECLS

/* A neutral, non-person member (fortnox@club.se) that integrations' accounts can belong
 * to, so that they keep working when people leave. It holds the access package “Integration
 * user” (the role of a Collaborator, which activates integrations and administers accounts
 * but not members) and any of @packages (ids from sb-access-package.h, NULL for none; an
 * unknown one is refused with SB_WORKSPACE_ERROR_INVALID and nothing is written). An e-mail
 * address and a first and a last name are required. The member, its packages and their
 * audit rows (member.add, member.set-packages) are written in one transaction. */
SbMember  *sb_workspace_add_integration_user    (SbWorkspace         *self,
                                                 SbOrganization      *organization,
                                                 const char          *email,
                                                 const char          *first_name,
                                                 const char          *last_name,
                                                 const char          *phone,
                                                 const char * const  *packages,
                                                 GError             **error);

/* Gives the integration user @member exactly @packages besides “Integration user”, which it
 * always keeps (Admins only, audited as member.set-packages; nothing happens when nothing
 * changes). Access packages are for integration users only: for a person, or with an
 * unknown id, SB_WORKSPACE_ERROR_INVALID. @member follows (notify::packages). */
gboolean   sb_workspace_set_member_packages     (SbWorkspace         *self,
                                                 SbMember            *member,
                                                 const char * const  *packages,
                                                 GError             **error);

/* The accounts of @member's organization whose credentials are @member's: the very objects
 * of the accounts list, in a new GPtrArray. */
GPtrArray *sb_workspace_dup_member_accounts     (SbWorkspace     *self,
                                                 SbMember        *member);
/* The integrations that use those accounts, each once, in a new GPtrArray. */
GPtrArray *sb_workspace_dup_member_integrations (SbWorkspace     *self,
                                                 SbMember        *member);

/* Removes @member (Admins only; never the acting member). With @move_to (an integration user
 * of the same organization) the accounts that were @member's become @move_to's in the same
 * transaction, each with an audit row; without it they keep no owner. */
gboolean   sb_workspace_remove_member           (SbWorkspace     *self,
                                                 SbMember        *member,
                                                 SbMember        *move_to,
                                                 GError         **error);

/* A club has one or more sports, kept as one text: “Football, Floorball”. This cleans what was
 * typed (commas between, blanks and repeats dropped); NULL when no sport is left. */
char      *sb_workspace_normalize_sports        (const char      *sports);

G_END_DECLS
