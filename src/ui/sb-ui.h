/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "model/sb-model.h"
#include "workspace/sb-workspace.h"

G_BEGIN_DECLS

/* Registers the interface's resource bundle once. The widget classes call it before they
 * read their templates, so a test that builds a window without the application works too. */
void sb_ui_ensure_resources (void);

/* For the dispose of a widget that lays out its template's children itself:
 * gtk_widget_dispose_template () only clears the children bound to fields. */
void sb_ui_unparent_children (GtkWidget *widget);

/* The application's settings where its schema is installed with each of @keys, given as
 * name and GVariant type in turn ("window-width", "i", …, NULL), as a build, a package or a
 * test installs it; NULL otherwise (an uninstalled build): then the defaults hold and nothing
 * is kept. */
GSettings *sb_ui_dup_settings_with_keys (const char *first_key,
                                         ...) G_GNUC_NULL_TERMINATED;
/* Whether the schema of @settings has @key of @type. */
gboolean   sb_ui_settings_have_key      (GSettings  *settings,
                                         const char *key,
                                         const char *type);

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

/* The icon of a run's status, and the style class that colours it ("error", "success",
 * "dim-label"), or NULL for none. */
const char *sb_ui_get_run_icon_name     (SbRunStatus      status);
const char *sb_ui_get_run_style_class   (SbRunStatus      status);
/* Where a run came from, when that is not plain: "Catch-up for 3 missed times · Replay of
 * run 12 · Attempt 2"; NULL for a plain run. */
char       *sb_ui_dup_run_origin        (SbRun           *run);

/* How far a run has got, from the values of the workspace's "run-progress" (counted from
 * 0): "Step 2 of 3", inside a loop "Step 2 of 3 · Item 14 of 44", and as a fraction. */
char       *sb_ui_dup_run_progress      (guint            step,
                                         guint            n_steps,
                                         guint            item,
                                         guint            n_items);
double      sb_ui_get_run_fraction      (guint            step,
                                         guint            n_steps,
                                         guint            item,
                                         guint            n_items);
/* Follows "run-progress" of @workspace from now on, so that a view opened in the middle of
 * a run can show how far it got: sb_ui_lookup_run_progress() gives the latest values for a
 * run of this process's engine that has not finished, FALSE for any other. */
void        sb_ui_track_run_progress    (SbWorkspace     *workspace);
gboolean    sb_ui_lookup_run_progress   (SbWorkspace     *workspace,
                                         SbRun           *run,
                                         guint           *step,
                                         guint           *n_steps,
                                         guint           *item,
                                         guint           *n_items);

G_END_DECLS
