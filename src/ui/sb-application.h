/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SB_TYPE_APPLICATION (sb_application_get_type ())
G_DECLARE_FINAL_TYPE (SbApplication, sb_application, SB, APPLICATION, AdwApplication)

/* The application: opens one SbWorkspace (the store given by --data-dir, or the default
 * one) and hands it to its window. `--demo` creates the demo data first when it is not there.
 *
 * Actions: app.quit (Ctrl+Q), app.about, app.show-integration (x: its id; what the desktop
 * notifications open). */
SbApplication *sb_application_new              (void);
/* Why the engine did not start in this process (another one holds the data folder:
 * SB_WORKSPACE_ERROR_ENGINE_ELSEWHERE), or NULL when it runs here. */
const GError  *sb_application_get_engine_error (SbApplication *self);

G_END_DECLS
