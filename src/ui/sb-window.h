/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "workspace/sb-workspace.h"

G_BEGIN_DECLS

#define SB_TYPE_WINDOW (sb_window_get_type ())
G_DECLARE_FINAL_TYPE (SbWindow, sb_window, SB, WINDOW, AdwApplicationWindow)

/* The main window: a welcome page while the store holds no organization, then a sidebar of
 * organizations and, for the selected one, the pages Integrations, Accounts and Members.
 *
 * Actions:
 *   win.new-organization         open the dialog that creates an organization
 *   win.explore-demo             create the demo data
 *   win.search                   show the Integrations page and focus its search field
 *   win.show-sidebar             show the organizations when the sidebar is folded away
 *   win.select-organization (x)  select the organization with this id
 *   win.show-page (s)            "integrations", "accounts" or "members"
 *   win.show-integration (x)     the details of the integration with this id
 *   win.show-integrations        back from the details to the list
 *   win.new-integration          open the editor on a new integration (Ctrl+N)
 *   win.show-account (x)         the details of the account with this id (not for Readers)
 *   win.show-accounts            back from the details to the accounts
 *   win.add-account              open the dialog that connects an account
 *   win.export                   save the organization's integrations and accounts as JSON
 *   win.import                   read such a file into the organization
 *   win.show-providers           the directory of the services' providers
 *   win.back                     from any details back to their list (Alt+Left) */
SbWindow       *sb_window_new              (AdwApplication *application,
                                            SbWorkspace    *workspace);
SbWorkspace    *sb_window_get_workspace    (SbWindow       *self);
/* The selected organization, or NULL when there is none. */
SbOrganization *sb_window_get_organization (SbWindow       *self);

/* A short notification at the bottom of the window; @message is plain text. */
void            sb_window_show_message     (SbWindow       *self,
                                            const char     *message);
/* The same, in the window that holds @widget; on the journal when it is in none. */
void            sb_window_show_message_from (GtkWidget     *widget,
                                             const char    *message);
/* Deletes @integration with Undo: it leaves every list at once, and goes for good with its
 * runs when the toast that offers Undo is dismissed (after ten seconds) or the window
 * closes. The caller has asked first. */
void            sb_window_delete_integration (SbWindow     *self,
                                              SbIntegration *integration);

G_END_DECLS
