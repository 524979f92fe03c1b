/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "workspace/sb-workspace.h"

G_BEGIN_DECLS

#define SB_TYPE_PROVIDERS_WINDOW (sb_providers_window_get_type ())
G_DECLARE_FINAL_TYPE (SbProvidersWindow, sb_providers_window, SB, PROVIDERS_WINDOW, AdwWindow)

/* The directory of the providers of the services in the catalog: for each, whom to contact
 * and how (support e-mail, support website), and their privacy policy. A row opens its
 * address in the mail program or the browser. */
GtkWindow *sb_providers_window_new          (SbWorkspace       *workspace);

/* For the tests: the number of providers listed, and whether a row shows @text. */
guint      sb_providers_window_count_providers (SbProvidersWindow *self);
gboolean   sb_providers_window_shows_text   (SbProvidersWindow *self,
                                             const char        *text);

G_END_DECLS
