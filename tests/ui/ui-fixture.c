/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ui-fixture.h"

/* What every widget test needs: a fresh store in a temporary folder, the real window on it,
 * and at the end the proof that the window and the workspace are finalized. */

static gboolean
on_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until *@pointer becomes NULL, for at most five seconds. */
void
wait_for_null (gpointer *pointer)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (5, on_timeout, &timed_out);

  while (*pointer != NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);
}

void
wait_until_mapped (GtkWidget *widget)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (10, on_timeout, &timed_out);

  while (!gtk_widget_get_mapped (widget) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (timed_out);
  g_source_remove (id);
}

/* Lets pending idles (redraws, deferred list work) run. */
void
flush_events (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

void
remove_tree (GFile *file)
{
  g_autoptr(GFileEnumerator) children = NULL;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (children != NULL)
    {
      GFileInfo *info;

      while ((info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
        {
          g_autoptr(GFile) child = g_file_get_child (file, g_file_info_get_name (info));

          remove_tree (child);
          g_object_unref (info);
        }
    }

  g_file_delete (file, NULL, NULL);
}

/* Each test starts from the defaults: the memory backend keeps values between tests. */
void
reset_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
}

void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  reset_settings ();

  f->data_dir = g_dir_make_tmp ("samband-ui-XXXXXX", &error);
  g_assert_no_error (error);

  f->workspace = sb_workspace_open (f->data_dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->workspace);

  if (data == WITH_DEMO)
    {
      sb_workspace_create_demo (f->workspace, &error);
      g_assert_no_error (error);
    }

  f->window = sb_window_new (NULL, f->workspace);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  wait_until_mapped (GTK_WIDGET (f->window));
  flush_events ();
}

void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GFile) dir = g_file_new_for_path (f->data_dir);

  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  g_object_add_weak_pointer (G_OBJECT (f->workspace), (gpointer *) &f->workspace);

  gtk_window_destroy (GTK_WINDOW (f->window));
  g_object_unref (f->workspace);

  wait_for_null ((gpointer *) &f->window);
  g_assert_null (f->window);
  wait_for_null ((gpointer *) &f->workspace);
  g_assert_null (f->workspace);

  remove_tree (dir);
  g_free (f->data_dir);
}

