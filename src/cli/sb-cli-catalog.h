/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "workspace/sb-workspace-catalog.h"

G_BEGIN_DECLS

/* The commands of the catalog of systems; each returns an SbCliExit, with @error set when
 * it failed. */

/* catalog ORG [--json] */
int sb_cli_catalog            (SbWorkspace  *workspace,
                               const char   *organization,
                               gboolean      json,
                               GError      **error);
/* add-integration ORG TEMPLATE [--json] */
int sb_cli_add_integration    (SbWorkspace  *workspace,
                               const char   *organization,
                               const char   *template,
                               gboolean      json,
                               GError      **error);
/* confirm-activation INTEGRATION [--json] */
int sb_cli_confirm_activation (SbWorkspace  *workspace,
                               const char   *integration,
                               gboolean      json,
                               GError      **error);

G_END_DECLS
