/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "workspace/sb-workspace.h"

G_BEGIN_DECLS

#define SB_TYPE_APPLICATION (sb_application_get_type ())
G_DECLARE_FINAL_TYPE (SbApplication, sb_application, SB, APPLICATION, AdwApplication)

/* The application: opens one SbWorkspace (the store given by --data-dir, or the default
 * one) and hands it to its window. `--demo` creates the demo data first when it is not there.
 *
 * `--background` starts it without a window: the engine runs the live integrations (as at
 * login). With the preference "run-in-background" (or --background) the application holds
 * itself while this process runs the integrations, so closing the last window leaves the
 * engine running; app.quit ends it. The other preferences take effect as they change: the
 * retention of runs, desktop notifications, starting at login (a file in the autostart
 * folder, or the Background portal inside Flatpak).
 *
 * Actions: app.quit (Ctrl+Q), app.preferences (Ctrl+,), app.about, app.show-integration (x:
 * its id; what the desktop notifications open). */
SbApplication *sb_application_new              (void);
/* Why the engine did not start in this process (another one holds the data folder:
 * SB_WORKSPACE_ERROR_ENGINE_ELSEWHERE), or NULL when it runs here. */
const GError  *sb_application_get_engine_error (SbApplication *self);
/* The workspace it opened, or NULL before (or when the store could not be opened). */
SbWorkspace   *sb_application_get_workspace    (SbApplication *self);
/* Whether it holds itself to run on without a window. */
gboolean       sb_application_get_in_background (SbApplication *self);
/* Sends a desktop notification about an integration, unless the preference
 * "notifications" is off. */
void           sb_application_send_notification (SbApplication *self,
                                                 const char    *id,
                                                 GNotification *notification);
/* For the tests: the id of the newest notification sent, and how many were sent. */
const char    *sb_application_get_last_notification (SbApplication *self,
                                                     guint         *n_sent);

G_END_DECLS
