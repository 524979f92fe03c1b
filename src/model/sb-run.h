/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "sb-enums.h"

G_BEGIN_DECLS

#define SB_TYPE_RUN (sb_run_get_type ())
G_DECLARE_FINAL_TYPE (SbRun, sb_run, SB, RUN, GObject)

SbRun       *sb_run_new                    (void);
gint64       sb_run_get_id                 (SbRun       *self);
void         sb_run_set_id                 (SbRun       *self,
                                            gint64       id);
gint64       sb_run_get_integration_id     (SbRun       *self);
void         sb_run_set_integration_id     (SbRun       *self,
                                            gint64       integration_id);
SbRunStatus  sb_run_get_status             (SbRun       *self);
void         sb_run_set_status             (SbRun       *self,
                                            SbRunStatus  status);
GDateTime   *sb_run_get_started_at         (SbRun       *self);
void         sb_run_set_started_at         (SbRun       *self,
                                            GDateTime   *started_at);
GDateTime   *sb_run_get_finished_at        (SbRun       *self);
void         sb_run_set_finished_at        (SbRun       *self,
                                            GDateTime   *finished_at);
guint        sb_run_get_items_read         (SbRun       *self);
void         sb_run_set_items_read         (SbRun       *self,
                                            guint        count);
guint        sb_run_get_items_created      (SbRun       *self);
void         sb_run_set_items_created      (SbRun       *self,
                                            guint        count);
guint        sb_run_get_items_updated      (SbRun       *self);
void         sb_run_set_items_updated      (SbRun       *self,
                                            guint        count);
guint        sb_run_get_items_failed       (SbRun       *self);
void         sb_run_set_items_failed       (SbRun       *self,
                                            guint        count);
/* Why the run failed, in words; NULL when it did not. */
const char  *sb_run_get_error              (SbRun       *self);
void         sb_run_set_error              (SbRun       *self,
                                            const char  *error);

/* What started the run: "manual", "schedule", "poll", "webhook" or "replay". */
const char  *sb_run_get_trigger_kind       (SbRun       *self);
void         sb_run_set_trigger_kind       (SbRun       *self,
                                            const char  *kind);
/* What the trigger delivered (the context's "trigger"); NULL for a manual run. Replaying the
 * run gives the steps the same. */
JsonNode    *sb_run_get_trigger_input      (SbRun       *self);
void         sb_run_set_trigger_input      (SbRun       *self,
                                            JsonNode    *input);
/* A scheduled run that makes up, once, for the times missed while the computer slept or the
 * application was closed. */
gboolean     sb_run_get_catch_up           (SbRun       *self);
void         sb_run_set_catch_up           (SbRun       *self,
                                            gboolean     catch_up);
/* The run this one replays; 0 for none. */
gint64       sb_run_get_replay_of          (SbRun       *self);
void         sb_run_set_replay_of          (SbRun       *self,
                                            gint64       run_id);
/* When the run was asked for (it may wait in the queue before it starts). */
GDateTime   *sb_run_get_queued_at          (SbRun       *self);
void         sb_run_set_queued_at          (SbRun       *self,
                                            GDateTime   *queued_at);
/* 1 for the first try; a run retried after an interruption counts on. */
guint        sb_run_get_attempt            (SbRun       *self);
void         sb_run_set_attempt            (SbRun       *self,
                                            guint        attempt);
/* Replay from the failed step: the index of the top-level step to start at (0: all). */
guint        sb_run_get_start_step         (SbRun       *self);
void         sb_run_set_start_step         (SbRun       *self,
                                            guint        index);
/* Someone asked for the run to stop (the window or samband-cli cancel, perhaps in another
 * process than the engine's). */
gboolean     sb_run_get_cancel_requested   (SbRun       *self);
void         sb_run_set_cancel_requested   (SbRun       *self,
                                            gboolean     requested);
/* Whether the run has ended, whatever its outcome. */
gboolean     sb_run_is_finished            (SbRun       *self);

G_END_DECLS
