/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "cli-fixture.h"

void
result_clear (Result *result)
{
  g_free (result->out);
  g_free (result->err);
}

Result
run_cli (Fixture    *fixture,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  Result out = { 0 };
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("SAMBAND_CLI"));
  g_ptr_array_add (argv, "--data-dir");
  g_ptr_array_add (argv, fixture->dir);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out.out, &out.err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  out.status = g_subprocess_get_exit_status (process);
  if (out.out == NULL)
    out.out = g_strdup ("");
  if (out.err == NULL)
    out.err = g_strdup ("");
  return out;
}

void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(Result) demo = { 0 };

  fixture->dir = g_dir_make_tmp ("samband-cli-XXXXXX", &error);
  g_assert_no_error (error);
  demo = run_cli (fixture, "demo", NULL);
  g_assert_cmpint (demo.status, ==, 0);
}

void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}
