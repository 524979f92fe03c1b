/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "workspace/sb-workspace.h"

G_BEGIN_DECLS

#define SB_TYPE_ACCOUNTS_PAGE (sb_accounts_page_get_type ())
G_DECLARE_FINAL_TYPE (SbAccountsPage, sb_accounts_page, SB, ACCOUNTS_PAGE, GtkWidget)

/* The accounts (connections to outside services) of one organization. */
SbWorkspace    *sb_accounts_page_get_workspace    (SbAccountsPage *self);
void            sb_accounts_page_set_workspace    (SbAccountsPage *self,
                                                   SbWorkspace    *workspace);
SbOrganization *sb_accounts_page_get_organization (SbAccountsPage *self);
void            sb_accounts_page_set_organization (SbAccountsPage *self,
                                                   SbOrganization *organization);

G_END_DECLS
