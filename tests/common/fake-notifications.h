/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A notification server (org.freedesktop.Notifications) on the test's session bus, as a
 * desktop has one, that remembers what it was asked to show. Started once per test
 * program, before anything sends a notification. */
void        fake_notifications_start        (void);
/* How many notifications it was asked to show, and the summary and body of the last. */
guint       fake_notifications_count        (void);
const char *fake_notifications_last_summary (void);
const char *fake_notifications_last_body    (void);
/* The "desktop-entry" hint of the last, or NULL. */
const char *fake_notifications_last_entry   (void);

G_END_DECLS
