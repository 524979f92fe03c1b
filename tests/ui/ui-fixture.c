/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ui-fixture.h"

#include <locale.h>

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

static gboolean
on_settled (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

/* libadwaita 1.2 frees a toast dismissed while it still slides in, and its animation then
 * unrefs it once more when it ends (fixed in later versions): a person cannot click that
 * fast, a test can. So the test waits the 300 ms of the animation (and a little) first. */
void
dismiss_toast (AdwToast *toast)
{
  gboolean settled = FALSE;

  g_timeout_add (600, on_settled, &settled);
  while (!settled)
    g_main_context_iteration (NULL, TRUE);
  adw_toast_dismiss (toast);
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

static void
demo_created_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
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
  /* Runs asked for in the test run; no schedule or poll adds its own. */
  g_assert_true (sb_workspace_start_engine_for_own_runs (f->workspace, &error));
  g_assert_no_error (error);

  if (data == WITH_DEMO)
    {
      GAsyncResult *result = NULL;

      /* Waits for the credentials to reach the keyring too, so the demo accounts are
       * really connected when the test starts. */
      sb_workspace_create_demo_async (f->workspace, NULL, demo_created_cb, &result);
      while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
      sb_workspace_create_demo_finish (f->workspace, result, &error);
      g_object_unref (result);
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


void
ui_test_init (int    *argc,
              char ***argv)
{
  /* The schema compiled by the build; the test environment keeps the values in memory. */
  if (g_getenv ("GSETTINGS_SCHEMA_DIR") == NULL)
    g_setenv ("GSETTINGS_SCHEMA_DIR", SB_TEST_SCHEMA_DIR, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  gtk_test_init (argc, argv, NULL);
  /* gtk_test_init () forces the C locale. */
  setlocale (LC_ALL, "");
}

void
wait_while (gboolean (*busy) (gpointer data),
            gpointer   data)
{
  wait_while_for (busy, data, 10);
}

void
wait_while_for (gboolean (*busy) (gpointer data),
                gpointer   data,
                guint      seconds)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (seconds, on_timeout, &timed_out);

  while (busy (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (timed_out);
  g_source_remove (id);
}

void
select_organization_kind (Fixture            *f,
                          SbOrganizationKind  kind)
{
  GtkSingleSelection *selection = sb_window_get_organization_selection (f->window);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (selection)); i++)
    {
      g_autoptr(SbOrganization) organization = g_list_model_get_item (G_LIST_MODEL (selection), i);

      if (sb_organization_get_kind (organization) == kind)
        {
          gtk_single_selection_set_selected (selection, i);
          flush_events ();
          return;
        }
    }

  g_assert_not_reached ();
}

AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}
