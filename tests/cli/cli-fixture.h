/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The real samband-cli ($SAMBAND_CLI) against a temporary data folder with the demo, for
 * the tests of one group of commands each. */
typedef struct
{
  char *dir;
} Fixture;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Result;

void   result_clear      (Result        *result);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

/* Runs samband-cli --data-dir <the fixture's> with the arguments up to NULL. */
Result run_cli           (Fixture       *fixture,
                          const char    *first,
                          ...) G_GNUC_NULL_TERMINATED;
/* For g_test_add(): a new folder with the demo in it, and its removal. */
void   fixture_set_up    (Fixture       *fixture,
                          gconstpointer  data);
void   fixture_tear_down (Fixture       *fixture,
                          gconstpointer  data);

G_END_DECLS
