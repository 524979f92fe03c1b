/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "workspace/sb-workspace.h"

G_BEGIN_DECLS

/* The questions of the Members page, as message dialogs over @parent. Each acts through the
 * workspace when its "add" or "remove" response comes, and shows a refusal in the window.
 * Their rows carry names for the widget tests (g_object_get_data: "name-row", "email-row",
 * "first-name-row", "last-name-row", "phone-row", "role-row", "move-row", and the
 * GtkCheckButton of each access package: "package-invoicing", …; that of
 * "package-integration-user" is checked and insensitive). */
AdwMessageDialog *sb_add_person_dialog_new           (GtkWindow       *parent,
                                                      SbWorkspace     *workspace,
                                                      SbOrganization  *organization);
AdwMessageDialog *sb_add_integration_user_dialog_new (GtkWindow       *parent,
                                                      SbWorkspace     *workspace,
                                                      SbOrganization  *organization);
/* The access packages of @member, an integration user, to change ("save"). */
AdwMessageDialog *sb_member_packages_dialog_new      (GtkWindow       *parent,
                                                      SbWorkspace     *workspace,
                                                      SbMember        *member);
/* Lists the accounts whose credentials are @member's and the integrations that use them, and
 * offers to move the accounts to an integration user. */
AdwMessageDialog *sb_remove_member_dialog_new        (GtkWindow       *parent,
                                                      SbWorkspace     *workspace,
                                                      SbMember        *member);
/* The roles @kind offers, in order: the general ones, then for clubs and federations the
 * roles of the sports movement. A new array of SbRole as guint. */
GArray           *sb_member_dialogs_dup_roles        (SbOrganizationKind kind);

G_END_DECLS
