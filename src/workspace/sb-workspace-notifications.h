/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "model/sb-model.h"

G_BEGIN_DECLS

/* The desktop notifications about a live integration, as the window and the application
 * (running in the background, without a window) both send them. Each integration has one
 * notification of each kind at a time, which the next replaces (@id); clicking it shows the
 * integration (app.show-integration). @id, @title and @body are set to new strings when not
 * NULL (@body may be NULL). */

/* A run of @integration failed; NULL when its setting "Notify on failure" is off. */
GNotification *sb_notification_new_failed (SbIntegration  *integration,
                                           SbRun          *run,
                                           char          **id,
                                           char          **title,
                                           char          **body);
/* @integration paused itself after failing too often, for @reason. */
GNotification *sb_notification_new_paused (SbIntegration  *integration,
                                           const char     *reason,
                                           char          **id,
                                           char          **title,
                                           char          **body);

G_END_DECLS
