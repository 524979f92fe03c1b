/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "workspace/sb-workspace-register.h"

G_BEGIN_DECLS

#define SB_TYPE_ACTIVATED_PAGE (sb_activated_page_get_type ())
G_DECLARE_FINAL_TYPE (SbActivatedPage, sb_activated_page, SB, ACTIVATED_PAGE, GtkWidget)

/* The register of activated integrations of every organization the acting person sees, with
 * search and filters by type, system and sport, and the deactivated ones beside it. Actions:
 * "activated.deactivate" and "activated.reactivate" act on the selected rows;
 * "activated.save-register" saves the register of processing of the organization (the
 * window's selected one) as CSV or, for a name ending in .html, as a printable page. */
SbWorkspace *sb_activated_page_get_workspace (SbActivatedPage *self);
void         sb_activated_page_set_workspace (SbActivatedPage *self,
                                              SbWorkspace     *workspace);
SbOrganization *sb_activated_page_get_organization (SbActivatedPage *self);
void         sb_activated_page_set_organization (SbActivatedPage *self,
                                                 SbOrganization  *organization);
/* What "activated.save-register" writes once a file is chosen. */
gboolean     sb_activated_page_save_register (SbActivatedPage  *self,
                                              GFile            *file,
                                              GError          **error);
/* The rows shown (SbActivatedIntegration) and their selection, for tests. */
GtkSelectionModel *sb_activated_page_get_selection (SbActivatedPage *self);
/* Lists again, as after a change made elsewhere. */
void         sb_activated_page_refresh       (SbActivatedPage *self);

G_END_DECLS
