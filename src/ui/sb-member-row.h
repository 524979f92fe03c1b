/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "model/sb-model.h"

G_BEGIN_DECLS

#define SB_TYPE_MEMBER_ROW (sb_member_row_get_type ())
G_DECLARE_FINAL_TYPE (SbMemberRow, sb_member_row, SB, MEMBER_ROW, GtkWidget)

GtkWidget *sb_member_row_new        (void);
SbMember  *sb_member_row_get_member (SbMemberRow *self);
void       sb_member_row_set_member (SbMemberRow *self,
                                     SbMember    *member);

G_END_DECLS
