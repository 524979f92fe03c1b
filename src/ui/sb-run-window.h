/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "workspace/sb-workspace.h"

G_BEGIN_DECLS

#define SB_TYPE_RUN_WINDOW (sb_run_window_get_type ())
G_DECLARE_FINAL_TYPE (SbRunWindow, sb_run_window, SB, RUN_WINDOW, AdwWindow)

/* A window that shows @run of @integration; make it transient for the main window. */
GtkWindow *sb_run_window_new (SbWorkspace   *workspace,
                              SbIntegration *integration,
                              SbRun         *run);

G_END_DECLS
