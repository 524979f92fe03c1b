/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "workspace/sb-workspace.h"
#include "workspace/sb-workspace-private.h"

G_BEGIN_DECLS

/* A workspace in a temporary folder with the demo, its credentials in the private keyring
 * that build-aux/test-env starts, and an engine that runs the runs the test asks for. */
typedef struct
{
  char         *dir;
  SbWorkspace  *workspace;
  SbImitations *imitations;   /* the workspace's */
} Fixture;

/* For g_test_add(). */
void          fixture_set_up    (Fixture        *fixture,
                                 gconstpointer   data);
void          fixture_tear_down (Fixture        *fixture,
                                 gconstpointer   data);

/* A GAsyncReadyCallback that keeps the result in the GAsyncResult * @user_data points to,
 * and the wait for it (at most a minute). */
void          got_result_cb     (GObject        *object,
                                 GAsyncResult   *result,
                                 gpointer        user_data);
GAsyncResult *wait_for          (GAsyncResult  **slot);
/* Runs the main loop for @msec milliseconds. */
void          spin              (guint           msec);

G_END_DECLS
