/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "workspace/sb-workspace-register.h"

G_BEGIN_DECLS

/* The commands of the register of activated integrations; each returns an SbCliExit, with
 * @error set when it failed. */

/* activated ORG [--type T] [--system S] [--sport S] [--json] (--deactivated: the others) */
int sb_cli_activated     (SbWorkspace              *workspace,
                          const char               *organization,
                          gboolean                  deactivated,
                          const SbActivatedFilter  *filter,
                          gboolean                  json,
                          GError                  **error);
/* deactivate / reactivate INTEGRATION…: all or none. */
int sb_cli_set_activated (SbWorkspace              *workspace,
                          char                    **integrations,
                          gboolean                  reactivate,
                          gboolean                  json,
                          GError                  **error);
/* register ORG [--csv FILE] [--html FILE]: the CSV to standard output when neither. */
int sb_cli_register      (SbWorkspace              *workspace,
                          const char               *organization,
                          const char               *csv_file,
                          const char               *html_file,
                          GError                  **error);

G_END_DECLS
