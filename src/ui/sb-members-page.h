/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "workspace/sb-workspace.h"

G_BEGIN_DECLS

#define SB_TYPE_MEMBERS_PAGE (sb_members_page_get_type ())
G_DECLARE_FINAL_TYPE (SbMembersPage, sb_members_page, SB, MEMBERS_PAGE, GtkWidget)

/* The members of one organization: people and integration users, with their roles. */
SbWorkspace    *sb_members_page_get_workspace    (SbMembersPage  *self);
void            sb_members_page_set_workspace    (SbMembersPage  *self,
                                                  SbWorkspace    *workspace);
SbOrganization *sb_members_page_get_organization (SbMembersPage  *self);
void            sb_members_page_set_organization (SbMembersPage  *self,
                                                  SbOrganization *organization);

G_END_DECLS
