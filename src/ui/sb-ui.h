/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "model/sb-model.h"

G_BEGIN_DECLS

/* Registers the interface's resource bundle once. The widget classes call it before they
 * read their templates, so a test that builds a window without the application works too. */
void sb_ui_ensure_resources (void);

/* For the dispose of a widget that lays out its template's children itself:
 * gtk_widget_dispose_template () only clears the children bound to fields. */
void sb_ui_unparent_children (GtkWidget *widget);

/* "5 minutes ago", "yesterday", "3 March 2026": when @when was, seen from @now (NULL for
 * the current time), in the local time zone; translated, to go inside a sentence. */
char *sb_ui_dup_relative_time (GDateTime *when,
                               GDateTime *now);
/* "3 March 2026, 14:05" in the local time zone, or NULL for NULL. */
char *sb_ui_dup_date_time     (GDateTime *when);
/* "45 seconds", "2 min 05 s", "1 h 05 min". */
char *sb_ui_dup_duration      (GTimeSpan  span);

/* Adds a row to @group that shows @value (selectable) after @title; returns the row. */
GtkWidget  *sb_ui_add_value_row         (AdwPreferencesGroup *group,
                                         const char          *title,
                                         const char          *value);
/* "3 read · 2 created · 1 updated · 0 failed". */
char       *sb_ui_dup_run_counts        (SbRun           *run);
/* "3 March 2026, 14:05, took 12 seconds". */
char       *sb_ui_dup_run_timing        (SbRun           *run);
const char *sb_ui_get_event_level_label (SbRunEventLevel  level);

G_END_DECLS
