/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* What every command of samband-cli shares: the exit status for an error, and writing
 * --json output. */

/* SB_CLI_EXIT_REFUSED for a refusal of the acting member's role, else SB_CLI_EXIT_FAILED. */
int  sb_cli_exit_code_for (const GError       *error);
/* Pretty, indented by two, and a newline, on stdout. */
void sb_cli_print_json    (JsonNode           *node);
/* The member @name: @value, or null for NULL. */
void sb_cli_add_string    (JsonBuilder        *b,
                           const char         *name,
                           const char         *value);
/* The member @name: an array of @values (NULL: empty). */
void sb_cli_add_strv      (JsonBuilder        *b,
                           const char         *name,
                           const char * const *values);

G_END_DECLS
