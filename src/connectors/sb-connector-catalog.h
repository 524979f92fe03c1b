/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sb-connector.h"

G_BEGIN_DECLS

#define SB_CONNECTOR_CATALOG_ERROR (sb_connector_catalog_error_quark ())

typedef enum
{
  SB_CONNECTOR_CATALOG_ERROR_INVALID,
} SbConnectorCatalogError;

GQuark sb_connector_catalog_error_quark (void);

#define SB_TYPE_CONNECTOR_CATALOG (sb_connector_catalog_get_type ())
G_DECLARE_FINAL_TYPE (SbConnectorCatalog, sb_connector_catalog, SB, CONNECTOR_CATALOG, GObject)

/* Loads every connector shipped in the resources. A broken file is skipped and reported in
 * the list of problems (its name and the field at fault); the others still load. */
SbConnectorCatalog *sb_connector_catalog_new              (void);
/* Loads every <id>.json of the directory @path instead (the tests' fixtures); problems are
 * collected the same way. */
SbConnectorCatalog *sb_connector_catalog_new_for_directory (const char *path);
/* A GListModel of SbConnector, sorted by name. */
GListModel         *sb_connector_catalog_get_connectors   (SbConnectorCatalog *self);
SbConnector        *sb_connector_catalog_lookup           (SbConnectorCatalog *self,
                                                           const char         *id);
/* Messages about files that did not load; NULL-terminated, borrowed. */
const char * const *sb_connector_catalog_get_problems     (SbConnectorCatalog *self);
/* For tests and the loader itself: load one more file's contents. */
gboolean            sb_connector_catalog_add_from_data    (SbConnectorCatalog *self,
                                                           const char         *id,
                                                           const char         *data,
                                                           gssize              length,
                                                           GError            **error);

G_END_DECLS
