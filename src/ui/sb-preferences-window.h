/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SB_TYPE_PREFERENCES_WINDOW (sb_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (SbPreferencesWindow, sb_preferences_window, SB, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

/* The application's preferences, each row bound to its key of @settings (the schema
 * io.github.samband.Samband): running in the background, starting at login, how long runs are
 * kept, desktop notifications and the webhook port. What a key does when it changes is the
 * application's business (SbApplication); the window only writes the keys. */
GtkWindow *sb_preferences_window_new         (GSettings           *settings);

/* For the tests: the switch or spin button of @key, as bound. */
GtkWidget *sb_preferences_window_get_control (SbPreferencesWindow *self,
                                              const char          *key);

G_END_DECLS
