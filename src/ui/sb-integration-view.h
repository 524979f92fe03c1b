/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "workspace/sb-workspace.h"

G_BEGIN_DECLS

#define SB_TYPE_INTEGRATION_VIEW (sb_integration_view_get_type ())
G_DECLARE_FINAL_TYPE (SbIntegrationView, sb_integration_view, SB, INTEGRATION_VIEW, GtkWidget)

/* The details of one integration: its header and actions, steps, runs, settings, logs and
 * versions. Every role may look; the actions follow the acting member's role.
 *
 * Actions: integration.activate, .pause, .run, .edit, .duplicate, .delete, .publish,
 * .discard-draft, .restore-version (u: a version), and for one run (x: its id)
 * integration.cancel-run, .replay-run and .replay-failed-step. */
GtkWidget     *sb_integration_view_new             (SbWorkspace       *workspace);
SbWorkspace   *sb_integration_view_get_workspace   (SbIntegrationView *self);
SbIntegration *sb_integration_view_get_integration (SbIntegrationView *self);
void           sb_integration_view_set_integration (SbIntegrationView *self,
                                                    SbIntegration     *integration);
/* "steps", "runs", "settings", "logs" or "versions". */
void           sb_integration_view_show_section    (SbIntegrationView *self,
                                                    const char        *name);
/* A bar above the details that says why runs do not start here, or none for NULL. */
void           sb_integration_view_set_engine_notice (SbIntegrationView *self,
                                                      const char        *text);

G_END_DECLS
