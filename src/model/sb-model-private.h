/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sb-json.h"

G_BEGIN_DECLS

/* Each returns TRUE when the field changed, so a setter notifies only on a real change. */
gboolean sb_set_string   (char      **field,
                          const char *value);
gboolean sb_set_datetime (GDateTime **field,
                          GDateTime  *value);
gboolean sb_set_json     (JsonNode  **field,
                          JsonNode   *value);

G_END_DECLS
