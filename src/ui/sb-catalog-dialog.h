/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "workspace/sb-workspace.h"

G_BEGIN_DECLS

#define SB_TYPE_CATALOG_DIALOG (sb_catalog_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SbCatalogDialog, sb_catalog_dialog, SB, CATALOG_DIALOG, AdwWindow)

/* "Add integration": the external systems @organization can integrate with, each with its
 * provider, type and purpose of processing. Choosing one creates a Draft from its template
 * and emits ::integration-created (SbIntegration), then closes; "Blank Integration" (and a
 * system without templates) emits ::blank-chosen instead, for the editor. A template that
 * needs an account the organization lacks says which, and creates nothing. */
GtkWindow *sb_catalog_dialog_new (SbWorkspace    *workspace,
                                  SbOrganization *organization);

G_END_DECLS
