/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define SB_TYPE_INTEGRATION_VERSION (sb_integration_version_get_type ())
G_DECLARE_FINAL_TYPE (SbIntegrationVersion, sb_integration_version, SB, INTEGRATION_VERSION,
                      GObject)

/* A published version of an integration: the trigger, steps and settings that went live,
 * who published them and when. Versions are numbered from 1 and never change once
 * published; restoring one makes its configuration a new draft. */
SbIntegrationVersion *sb_integration_version_new                (void);
gint64                sb_integration_version_get_integration_id (SbIntegrationVersion *self);
void                  sb_integration_version_set_integration_id (SbIntegrationVersion *self,
                                                                 gint64                id);
guint                 sb_integration_version_get_version        (SbIntegrationVersion *self);
void                  sb_integration_version_set_version        (SbIntegrationVersion *self,
                                                                 guint                 version);
JsonNode             *sb_integration_version_get_trigger        (SbIntegrationVersion *self);
void                  sb_integration_version_set_trigger        (SbIntegrationVersion *self,
                                                                 JsonNode             *trigger);
JsonNode             *sb_integration_version_get_steps          (SbIntegrationVersion *self);
void                  sb_integration_version_set_steps          (SbIntegrationVersion *self,
                                                                 JsonNode             *steps);
JsonNode             *sb_integration_version_get_settings       (SbIntegrationVersion *self);
void                  sb_integration_version_set_settings       (SbIntegrationVersion *self,
                                                                 JsonNode             *settings);
/* A member id; 0 when nobody (or the member is gone). */
gint64                sb_integration_version_get_published_by   (SbIntegrationVersion *self);
void                  sb_integration_version_set_published_by   (SbIntegrationVersion *self,
                                                                 gint64                member_id);
GDateTime            *sb_integration_version_get_published_at   (SbIntegrationVersion *self);
void                  sb_integration_version_set_published_at   (SbIntegrationVersion *self,
                                                                 GDateTime            *at);

G_END_DECLS
