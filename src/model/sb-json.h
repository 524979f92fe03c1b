/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A deep copy that shares nothing with @node (json_node_copy () shares objects and arrays),
 * and is not sealed. */
JsonNode   *sb_json_deep_copy   (JsonNode   *node);

/* Members of a JSON object read from a file, the store or a service: a member of the wrong
 * type reads as absent, never as a crash. @object may be NULL. */
const char *sb_json_get_string  (JsonObject *object,
                                 const char *member);
gint64      sb_json_get_int     (JsonObject *object,
                                 const char *member,
                                 gint64      fallback);
gboolean    sb_json_get_boolean (JsonObject *object,
                                 const char *member,
                                 gboolean    fallback);
JsonArray  *sb_json_get_array   (JsonObject *object,
                                 const char *member);

G_END_DECLS
