/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "workspace/sb-workspace.h"

G_BEGIN_DECLS

#define SB_TYPE_INTEGRATIONS_PAGE (sb_integrations_page_get_type ())
G_DECLARE_FINAL_TYPE (SbIntegrationsPage, sb_integrations_page, SB, INTEGRATIONS_PAGE, GtkWidget)

/* The integrations of one organization, split into the tabs Active (Live) and Inactive
 * (Paused and Draft), filtered by a search field.
 *
 * Actions: `integrations.tab` (a string, "active" or "inactive"). */
SbWorkspace    *sb_integrations_page_get_workspace    (SbIntegrationsPage *self);
void            sb_integrations_page_set_workspace    (SbIntegrationsPage *self,
                                                       SbWorkspace        *workspace);
SbOrganization *sb_integrations_page_get_organization (SbIntegrationsPage *self);
void            sb_integrations_page_set_organization (SbIntegrationsPage *self,
                                                       SbOrganization     *organization);
const char     *sb_integrations_page_get_tab          (SbIntegrationsPage *self);
void            sb_integrations_page_set_tab          (SbIntegrationsPage *self,
                                                       const char         *tab);
void            sb_integrations_page_focus_search     (SbIntegrationsPage *self);

G_END_DECLS
