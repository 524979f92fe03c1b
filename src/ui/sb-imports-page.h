/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "workspace/sb-workspace.h"

G_BEGIN_DECLS

#define SB_TYPE_IMPORTS_PAGE (sb_imports_page_get_type ())
G_DECLARE_FINAL_TYPE (SbImportsPage, sb_imports_page, SB, IMPORTS_PAGE, GtkWidget)

/* The imports of one organization, searchable by integration and status, newest first;
 * "imports.open" (the run id, "x") shows what became of each item of one, "imports.back"
 * goes back to the list. */
SbWorkspace    *sb_imports_page_get_workspace    (SbImportsPage  *self);
void            sb_imports_page_set_workspace    (SbImportsPage  *self,
                                                  SbWorkspace    *workspace);
SbOrganization *sb_imports_page_get_organization (SbImportsPage  *self);
void            sb_imports_page_set_organization (SbImportsPage  *self,
                                                  SbOrganization *organization);

/* For the tests: the rows shown in the list and in the details (GtkListBox), the search
 * entry, the status drop-down (in the order of SbImportStatus), the period drop-down (any
 * time, the last 24 hours, 7 days, 30 days), and the run shown in the details (0: none). */
GtkListBox     *sb_imports_page_get_list         (SbImportsPage  *self);
GtkListBox     *sb_imports_page_get_items        (SbImportsPage  *self);
GtkEditable    *sb_imports_page_get_search       (SbImportsPage  *self);
GtkDropDown    *sb_imports_page_get_status       (SbImportsPage  *self);
/* Its last item, Between Dates, shows a calendar for each end (@to: the last day). */
GtkDropDown    *sb_imports_page_get_period       (SbImportsPage  *self);
GtkCalendar    *sb_imports_page_get_calendar     (SbImportsPage  *self,
                                                  gboolean        to);
/* The date on the button of either end, or NULL while they are hidden. */
const char     *sb_imports_page_get_range_text   (SbImportsPage  *self,
                                                  gboolean        to);
gint64          sb_imports_page_get_shown_run    (SbImportsPage  *self);

G_END_DECLS
