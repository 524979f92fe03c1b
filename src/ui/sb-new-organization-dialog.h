/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "workspace/sb-workspace.h"

G_BEGIN_DECLS

#define SB_TYPE_NEW_ORGANIZATION_DIALOG (sb_new_organization_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SbNewOrganizationDialog, sb_new_organization_dialog,
                      SB, NEW_ORGANIZATION_DIALOG, AdwWindow)

/* Creates an organization: first the user's own profile when there is none yet (name and
 * e-mail), then the organization (name, kind, and the sport of a club). Emits
 * ::organization-created and closes when done.
 *
 * Actions: `new-organization.next` (profile page to organization page) and
 * `new-organization.create`. */
SbNewOrganizationDialog *sb_new_organization_dialog_new  (SbWorkspace             *workspace);
SbWorkspace             *sb_new_organization_dialog_get_workspace
                                                        (SbNewOrganizationDialog *self);

G_END_DECLS
