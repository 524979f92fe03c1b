/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SB_CLI_EXIT_OK = 0,
  SB_CLI_EXIT_FAILED = 1,
  SB_CLI_EXIT_USAGE = 2,
  /* The acting member's role does not allow it. */
  SB_CLI_EXIT_REFUSED = 3,
} SbCliExit;

/* Runs samband-cli with its arguments; returns the exit status. */
int sb_cli_run (int    argc,
                char **argv);

G_END_DECLS
