/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "sb-enums.h"

G_BEGIN_DECLS

#define SB_TYPE_RUN_EVENT (sb_run_event_get_type ())
G_DECLARE_FINAL_TYPE (SbRunEvent, sb_run_event, SB, RUN_EVENT, GObject)

/* One line of a run's log. An event about a step names it (step-id) and carries what went in
 * and what came out as data: {"input": ..., "output": ...}. Neither the message nor the data
 * ever holds a secret. */
SbRunEvent      *sb_run_event_new              (void);
gint64           sb_run_event_get_id           (SbRunEvent      *self);
void             sb_run_event_set_id           (SbRunEvent      *self,
                                                gint64           id);
gint64           sb_run_event_get_run_id       (SbRunEvent      *self);
void             sb_run_event_set_run_id       (SbRunEvent      *self,
                                                gint64           run_id);
GDateTime       *sb_run_event_get_at           (SbRunEvent      *self);
void             sb_run_event_set_at           (SbRunEvent      *self,
                                                GDateTime       *at);
SbRunEventLevel  sb_run_event_get_level        (SbRunEvent      *self);
void             sb_run_event_set_level        (SbRunEvent      *self,
                                                SbRunEventLevel  level);
/* NULL for the run as a whole. */
const char      *sb_run_event_get_step_id      (SbRunEvent      *self);
void             sb_run_event_set_step_id      (SbRunEvent      *self,
                                                const char      *step_id);
const char      *sb_run_event_get_message      (SbRunEvent      *self);
void             sb_run_event_set_message      (SbRunEvent      *self,
                                                const char      *message);
/* A sealed deep copy; NULL when the event has none. */
JsonNode        *sb_run_event_get_data         (SbRunEvent      *self);
void             sb_run_event_set_data         (SbRunEvent      *self,
                                                JsonNode        *data);
/* For a store, before the object is shared: the data as the JSON text it keeps (NULL for
 * none), parsed the first time it is asked for. A text that does not parse reads as NULL,
 * with a warning. Nothing notifies. */
void             sb_run_event_load_data_text   (SbRunEvent      *self,
                                                const char      *text);

G_END_DECLS
