/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "workspace/sb-workspace.h"

G_BEGIN_DECLS

#define SB_TYPE_ACCOUNT_ROW (sb_account_row_get_type ())
G_DECLARE_FINAL_TYPE (SbAccountRow, sb_account_row, SB, ACCOUNT_ROW, GtkWidget)

/* @catalog (the workspace's) names the account's service and gives its icon. */
GtkWidget          *sb_account_row_new         (SbConnectorCatalog *catalog);
SbAccount          *sb_account_row_get_account (SbAccountRow       *self);
void                sb_account_row_set_account (SbAccountRow       *self,
                                                SbAccount          *account);
SbConnectorCatalog *sb_account_row_get_catalog (SbAccountRow       *self);
gboolean            sb_account_row_get_person_owned (SbAccountRow  *self);
void                sb_account_row_set_person_owned (SbAccountRow  *self,
                                                     gboolean       person_owned);

G_END_DECLS
