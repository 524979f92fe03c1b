/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sb-connector.h"

G_BEGIN_DECLS

/* Shared between the files of src/connectors and their tests; not for other layers. */

/* Paths are written into messages: keep values that hold secrets out of them. */
#define SB_HIDDEN_VALUE "••••"

/* Fields that hold a whole path ("raw": true) are put into the URL without escaping '/'. */
gboolean          sb_connector_field_get_raw               (SbConnectorField  *self);
/* Converts @value (a string, or any JSON) to the field's type; %NULL with @error when it
 * cannot be one. */
JsonNode         *sb_connector_field_convert               (SbConnectorField  *self,
                                                            JsonNode          *value,
                                                            GError           **error);

/* Parameters the action takes from the account's credential fields rather than from the
 * step (IdrottOnline's sport, Shopify's shop): SbConnectorFields, not in the public list. */
GListModel       *sb_connector_action_get_credential_parameters (SbConnectorAction *self);
/* The follow-up's placeholders → paths (a string or an array of strings tried in turn) in
 * the first answer. */
JsonObject       *sb_connector_action_get_bind             (SbConnectorAction *self);
/* The connector it belongs to (borrowed; the connector owns its actions). */
SbConnector      *sb_connector_action_get_connector        (SbConnectorAction *self);

const char       *sb_connector_auth_get_identity_field     (SbConnectorAuth   *self);

/* The service's own error message in @answer, from the connector's documented error shape
 * ("errors" in the catalog) or the common ones; @scrub values are replaced. %NULL if none. */
char             *sb_connector_dup_service_message         (SbConnector        *self,
                                                            JsonNode           *answer,
                                                            const char * const *scrub);

/* Every string the loader translates in @definition, in order (borrowed from it). Used by
 * the test that checks src/connectors/sb-connector-strings.c lists them all. */
void              sb_connector_collect_translatable        (JsonNode          *definition,
                                                            GPtrArray         *strings);

/* The body a built message carries (libsoup 3.2 cannot give it back). */
GBytes           *sb_connector_message_get_body            (SoupMessage       *message);

/* SOAP 1.1: wraps @body_xml in an envelope; reads an answer as described at
 * sb_connector_read_answer(). */
char             *sb_soap_wrap_envelope                    (const char        *body_xml);
JsonNode         *sb_soap_parse                            (const char        *data,
                                                            gsize              length,
                                                            GError           **error);
char             *sb_xml_escape                            (const char        *text);

/* Replaces every occurrence of each of @scrub (values of 4 characters or more) in @text. */
char             *sb_scrub_secrets                         (const char         *text,
                                                            const char * const *scrub);

G_END_DECLS
