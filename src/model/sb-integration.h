/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "sb-enums.h"

G_BEGIN_DECLS

#define SB_TYPE_INTEGRATION (sb_integration_get_type ())
G_DECLARE_FINAL_TYPE (SbIntegration, sb_integration, SB, INTEGRATION, GObject)

/* An integration (also called a flow or workflow): a trigger, steps and settings, each held
 * as JSON as DESIGN.md describes ({"kind": "schedule", ...}, [{"id": ..., "kind": ...}], {}). */
SbIntegration       *sb_integration_new                   (void);
gint64               sb_integration_get_id                (SbIntegration       *self);
void                 sb_integration_set_id                (SbIntegration       *self,
                                                           gint64               id);
gint64               sb_integration_get_organization_id   (SbIntegration       *self);
void                 sb_integration_set_organization_id   (SbIntegration       *self,
                                                           gint64               organization_id);
const char          *sb_integration_get_name              (SbIntegration       *self);
void                 sb_integration_set_name              (SbIntegration       *self,
                                                           const char          *name);
const char          *sb_integration_get_description       (SbIntegration       *self);
void                 sb_integration_set_description       (SbIntegration       *self,
                                                           const char          *description);
SbIntegrationStatus  sb_integration_get_status            (SbIntegration       *self);
void                 sb_integration_set_status            (SbIntegration       *self,
                                                           SbIntegrationStatus  status);
JsonNode            *sb_integration_get_trigger           (SbIntegration       *self);
void                 sb_integration_set_trigger           (SbIntegration       *self,
                                                           JsonNode            *trigger);
JsonNode            *sb_integration_get_steps             (SbIntegration       *self);
void                 sb_integration_set_steps             (SbIntegration       *self,
                                                           JsonNode            *steps);
JsonNode            *sb_integration_get_settings          (SbIntegration       *self);
void                 sb_integration_set_settings          (SbIntegration       *self,
                                                           JsonNode            *settings);
const char          *sb_integration_get_purpose           (SbIntegration       *self);
void                 sb_integration_set_purpose           (SbIntegration       *self,
                                                           const char          *purpose);
/* Member ids; 0 when nobody (yet). */
gint64               sb_integration_get_created_by        (SbIntegration       *self);
void                 sb_integration_set_created_by        (SbIntegration       *self,
                                                           gint64               member_id);
GDateTime           *sb_integration_get_created_at        (SbIntegration       *self);
void                 sb_integration_set_created_at        (SbIntegration       *self,
                                                           GDateTime           *created_at);
gint64               sb_integration_get_activated_by      (SbIntegration       *self);
void                 sb_integration_set_activated_by      (SbIntegration       *self,
                                                           gint64               member_id);
GDateTime           *sb_integration_get_activated_at      (SbIntegration       *self);
void                 sb_integration_set_activated_at      (SbIntegration       *self,
                                                           GDateTime           *activated_at);

/* Display names of the services it uses, sorted; NULL when none. */
const char * const  *sb_integration_get_services          (SbIntegration       *self);
void                 sb_integration_set_services          (SbIntegration       *self,
                                                           const char * const  *services);
/* Its newest run, or NULL. The run object is the one the workspace keeps current. */
struct _SbRun       *sb_integration_get_last_run          (SbIntegration       *self);
void                 sb_integration_set_last_run          (SbIntegration       *self,
                                                           struct _SbRun       *run);
/* The pending edits of a Live or Paused integration, an object {"trigger", "steps",
 * "settings"}; NULL when there are none. The live configuration above keeps running until the
 * draft is published. */
JsonNode            *sb_integration_get_draft             (SbIntegration       *self);
void                 sb_integration_set_draft             (SbIntegration       *self,
                                                           JsonNode            *draft);
gboolean             sb_integration_has_draft             (SbIntegration       *self);
/* The number of the published version that is live; 0 when it was never published. */
guint                sb_integration_get_version           (SbIntegration       *self);
void                 sb_integration_set_version           (SbIntegration       *self,
                                                           guint                version);
/* What an editor shows: the draft's trigger, steps and settings when there is a draft, the
 * live ones otherwise. Borrowed, sealed. */
JsonNode            *sb_integration_get_edited_trigger    (SbIntegration       *self);
JsonNode            *sb_integration_get_edited_steps      (SbIntegration       *self);
JsonNode            *sb_integration_get_edited_settings   (SbIntegration       *self);

/* For a store, before the object is shared: the trigger, steps, settings and draft as the
 * JSON texts it keeps (NULL for none), parsed the first time each is asked for. A text that
 * does not parse reads as NULL, with a warning. Nothing notifies. */
void                 sb_integration_load_json_texts       (SbIntegration       *self,
                                                           const char          *trigger,
                                                           const char          *steps,
                                                           const char          *settings,
                                                           const char          *draft);
/* What a search looks in: the name, the description and the services, folded with
 * sb_search_fold (); made when first asked for and again after any of them changed. A
 * field of the object rather than object data: a search over 100,000 integrations reads
 * 100,000 of them per keystroke. */
const char          *sb_integration_get_search_key        (SbIntegration       *self);
/* A short sentence for the trigger ("Every day at 02:00"), translated; newly allocated. */
char                *sb_integration_dup_trigger_summary   (SbIntegration       *self);

G_END_DECLS
