/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "model/sb-model.h"

G_BEGIN_DECLS

/* What the benchmarks share: integrations with realistic, varied names in Swedish and
 * Norwegian (clubs, teams, what moves between which services), the same for the same seed,
 * a store written full of them, and the clock and the memory meter. */

/* The next integration of a made-up register: name, description, services and status set,
 * the rest (organization, id, trigger, steps) left for the caller. */
SbIntegration *bench_integration_new     (GRand       *rand);

/* Writes a fresh store in @data_dir: a profile, one club with its Admin, an account for each
 * connector and @n_integrations integrations using one to three of them, a run for most of
 * them. All of it in one transaction, through the store's API. */
gboolean       bench_write_store         (const char  *data_dir,
                                          guint        n_integrations,
                                          GError     **error);

/* Milliseconds on the monotonic clock. */
double         bench_now_ms              (void);
/* The resident set of this process (VmRSS), in MB; -1 when unknown. */
double         bench_rss_mb              (void);
/* Sorts @values in place. */
double         bench_median              (double      *values,
                                          guint        n_values);
double         bench_max                 (const double *values,
                                          guint        n_values);

/* Runs this very program again with @arguments (NULL-terminated, without the program) and
 * returns what it printed, or NULL with a warning when it failed. Its standard error passes
 * through. */
char          *bench_run_self            (const char * const *arguments);
/* The number on the line "@name: NUMBER unit" of @output, or -1 when there is none. */
double         bench_parse_figure        (const char  *output,
                                          const char  *name);

/* Removes @path and everything under it. */
void           bench_remove_tree         (const char  *path);

G_END_DECLS
