/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "demo-fixture.h"

#define WAIT_SECONDS 60

void
got_result_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
  g_main_context_wakeup (NULL);
}

static gboolean
deadline_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

GAsyncResult *
wait_for (GAsyncResult **slot)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (WAIT_SECONDS, deadline_cb, &timed_out);

  while (*slot == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (*slot == NULL)
    g_error ("No answer within %d seconds", WAIT_SECONDS);
  g_source_remove (id);

  return g_steal_pointer (slot);
}

void
spin (guint msec)
{
  gboolean done = FALSE;

  g_timeout_add (msec, deadline_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  fixture->dir = g_dir_make_tmp ("samband-workspace-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->workspace = sb_workspace_open (fixture->dir, &error);
  g_assert_no_error (error);
  sb_workspace_create_demo_async (fixture->workspace, NULL, got_result_cb, &slot);
  result = wait_for (&slot);
  g_assert_true (sb_workspace_create_demo_finish (fixture->workspace, result, &error));
  g_assert_no_error (error);
  fixture->imitations = sb_workspace_get_imitations (fixture->workspace);
  g_assert_nonnull (fixture->imitations);
  g_assert_true (sb_workspace_start_engine_for_own_runs (fixture->workspace, &error));
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  SbWorkspace *workspace = fixture->workspace;

  /* Background keyring calls hold the workspace until they are done. */
  spin (300);
  g_object_add_weak_pointer (G_OBJECT (workspace), (gpointer *) &workspace);
  g_clear_object (&fixture->workspace);
  g_assert_null (workspace);

  remove_tree (fixture->dir);
  g_free (fixture->dir);
}
