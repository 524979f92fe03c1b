/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Each returns TRUE when the field changed, so a setter notifies only on a real change. */
gboolean sb_set_string   (char      **field,
                          const char *value);
gboolean sb_set_datetime (GDateTime **field,
                          GDateTime  *value);
gboolean sb_set_json     (JsonNode  **field,
                          JsonNode   *value);

JsonNode *sb_json_deep_copy (JsonNode   *node);

/* Members of a JSON object read from a file or a service: the wrong type reads as absent,
 * never as a crash. */
const char *sb_json_get_string (JsonObject *object,
                                const char *member);
gint64      sb_json_get_int    (JsonObject *object,
                                const char *member,
                                gint64      fallback);
JsonArray  *sb_json_get_array  (JsonObject *object,
                                const char *member);

G_END_DECLS
