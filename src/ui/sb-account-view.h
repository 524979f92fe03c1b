/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "workspace/sb-workspace.h"

G_BEGIN_DECLS

#define SB_TYPE_ACCOUNT_VIEW (sb_account_view_get_type ())
G_DECLARE_FINAL_TYPE (SbAccountView, sb_account_view, SB, ACCOUNT_VIEW, GtkWidget)

/* The details of one account. Actions: account.test, account.replace-credentials,
 * account.delete; the name and the base URL are edited in place. */
GtkWidget *sb_account_view_new         (SbWorkspace   *workspace);
SbAccount *sb_account_view_get_account (SbAccountView *self);
void       sb_account_view_set_account (SbAccountView *self,
                                        SbAccount     *account);

G_END_DECLS
