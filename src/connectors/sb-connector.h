/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define SB_TYPE_CONNECTOR (sb_connector_get_type ())
G_DECLARE_FINAL_TYPE (SbConnector, sb_connector, SB, CONNECTOR, GObject)

/* A service type of the catalog, read from resources/connectors/<id>.json. */
SbConnector *sb_connector_new_from_json     (const char   *id,
                                             JsonNode     *node,
                                             GError      **error);
const char  *sb_connector_get_id            (SbConnector  *self);
const char  *sb_connector_get_name          (SbConnector  *self);
const char  *sb_connector_get_category      (SbConnector  *self);
const char  *sb_connector_get_icon_name     (SbConnector  *self);
const char  *sb_connector_get_default_base_url (SbConnector *self);
const char  *sb_connector_get_provider_name (SbConnector  *self);
JsonNode    *sb_connector_get_definition    (SbConnector  *self);

G_END_DECLS
