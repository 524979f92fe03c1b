/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "model/sb-model.h"
#include "workspace/sb-workspace.h"

G_BEGIN_DECLS

#define SB_TYPE_INTEGRATION_ROW (sb_integration_row_get_type ())
G_DECLARE_FINAL_TYPE (SbIntegrationRow, sb_integration_row, SB, INTEGRATION_ROW, GtkWidget)

GtkWidget     *sb_integration_row_new             (SbConnectorCatalog *catalog);
SbIntegration *sb_integration_row_get_integration (SbIntegrationRow *self);
void           sb_integration_row_set_integration (SbIntegrationRow *self,
                                                   SbIntegration    *integration);

G_END_DECLS
