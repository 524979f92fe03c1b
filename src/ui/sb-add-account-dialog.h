/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "workspace/sb-workspace.h"

G_BEGIN_DECLS

#define SB_TYPE_ADD_ACCOUNT_DIALOG (sb_add_account_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SbAddAccountDialog, sb_add_account_dialog, SB, ADD_ACCOUNT_DIALOG,
                      AdwWindow)

/* Adds an account to @organization in steps, or with @account given replaces its
 * credentials. Make it transient for the main window and present it; it emits
 * ::account-added when saved, then closes. Actions: add-account.next, add-account.back,
 * add-account.sign-in (OAuth2: open the browser). */
GtkWindow *sb_add_account_dialog_new (SbWorkspace    *workspace,
                                      SbOrganization *organization,
                                      SbAccount      *account);

G_END_DECLS
