/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

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

G_END_DECLS
