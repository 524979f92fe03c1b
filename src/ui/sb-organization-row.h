/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "model/sb-model.h"

G_BEGIN_DECLS

#define SB_TYPE_ORGANIZATION_ROW (sb_organization_row_get_type ())
G_DECLARE_FINAL_TYPE (SbOrganizationRow, sb_organization_row, SB, ORGANIZATION_ROW, GtkWidget)

GtkWidget      *sb_organization_row_new              (void);
SbOrganization *sb_organization_row_get_organization (SbOrganizationRow *self);
void            sb_organization_row_set_organization (SbOrganizationRow *self,
                                                      SbOrganization    *organization);

G_END_DECLS
