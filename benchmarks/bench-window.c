/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "bench-data.h"
#include "ui/sb-application.h"
#include "ui/sb-integration-filter.h"
#include "ui/sb-window-private.h"

/* The window with many integrations, on a real display (run it through build-aux/test-env):
 *
 *   bench-window first-frame   a store of 10,000 integrations, written in one transaction;
 *                              the application started on it (SbApplication, --data-dir)
 *                              and the time from its "activate", before the window exists,
 *                              to the first frame painted (the first "after-paint" of the
 *                              window's frame clock). Baseline: an empty
 *                              AdwApplicationWindow, started and timed the same way.
 *   bench-window memory        the resident set (VmRSS) with 100,000 integrations loaded
 *                              into the workspace's list and shown in the window, and after a
 *                              search over them. Baseline: the same process before loading.
 *                              Then the window's own search, typed keystroke by keystroke:
 *                              the time to filter, and until the next frame is painted.
 *
 * Every measurement runs in a process of its own (this program again, with a --child-…
 * option), so that nothing one of them loaded or left in the heap helps or hurts another;
 * the rounds alternate between the window and its baseline. Figures only, never a failure
 * for being slow.
 *
 * To look closer (with perf, say): `bench-window --write-store DIR N`, then
 * `bench-window --child-first-frame DIR` or `--child-memory DIR`. */

#define FIRST_FRAME_INTEGRATIONS 10000
#define FIRST_FRAME_ROUNDS 5
#define MEMORY_INTEGRATIONS 100000

/* Children */

typedef struct
{
  double activated;   /* ms, monotonic */
  double created;
  double painted;
  GtkWindow *window;
} FirstFrame;

static gboolean
destroy_window (gpointer data)
{
  gtk_window_destroy (data);
  return G_SOURCE_REMOVE;
}

static void
on_after_paint (GdkFrameClock *clock,
                FirstFrame    *frame)
{
  if (frame->painted > 0)
    return;

  frame->painted = bench_now_ms ();
  g_signal_handlers_disconnect_by_func (clock, on_after_paint, frame);
  /* Once the frame is out; the application quits with its last window. */
  g_idle_add (destroy_window, frame->window);
}

static void
on_window_realize (GtkWidget  *widget,
                   FirstFrame *frame)
{
  g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint",
                    G_CALLBACK (on_after_paint), frame);
}

static void
watch_first_frame (GtkWindow  *window,
                   FirstFrame *frame)
{
  frame->window = window;
  frame->created = bench_now_ms ();
  if (gtk_widget_get_realized (GTK_WIDGET (window)))
    on_window_realize (GTK_WIDGET (window), frame);
  else
    g_signal_connect (window, "realize", G_CALLBACK (on_window_realize), frame);
}

/* Before the class handler, which creates the window. */
static void
on_activate (GApplication *application,
             FirstFrame   *frame)
{
  frame->activated = bench_now_ms ();
}

static void
on_window_added (GtkApplication *application,
                 GtkWindow      *window,
                 FirstFrame     *frame)
{
  if (frame->window == NULL)
    watch_first_frame (window, frame);
}

static void
on_empty_activate (GApplication *application,
                   FirstFrame   *frame)
{
  GtkWidget *window;

  frame->activated = bench_now_ms ();
  window = adw_application_window_new (GTK_APPLICATION (application));
  /* The size SbWindow opens with (the schema's default). */
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
}

static void
print_first_frame (const FirstFrame *frame,
                   double            started)
{
  g_print ("activate-to-window: %.2f ms\n", frame->created - frame->activated);
  g_print ("activate-to-first-frame: %.2f ms\n", frame->painted - frame->activated);
  g_print ("start-to-first-frame: %.2f ms\n", frame->painted - started);
}

static int
child_first_frame (const char *data_dir)
{
  double started = bench_now_ms ();
  g_autoptr(SbApplication) application = sb_application_new ();
  FirstFrame frame = { 0 };
  const char *argv[] = { "samband", "--data-dir", data_dir, NULL };
  int status;

  /* The benchmark may run beside an instance of the application or of a test. */
  g_application_set_flags (G_APPLICATION (application),
                           g_application_get_flags (G_APPLICATION (application)) |
                           G_APPLICATION_NON_UNIQUE);
  g_signal_connect (application, "activate", G_CALLBACK (on_activate), &frame);
  g_signal_connect (application, "window-added", G_CALLBACK (on_window_added), &frame);

  status = g_application_run (G_APPLICATION (application), G_N_ELEMENTS (argv) - 1,
                              (char **) argv);
  if (status != 0 || frame.painted == 0)
    g_error ("The application exited with %d before its first frame", status);

  print_first_frame (&frame, started);
  return 0;
}

static int
child_first_frame_empty (void)
{
  double started = bench_now_ms ();
  g_autoptr(AdwApplication) application = adw_application_new ("io.github.samband.Bench",
                                                                G_APPLICATION_NON_UNIQUE);
  FirstFrame frame = { 0 };
  int status;

  g_signal_connect (application, "activate", G_CALLBACK (on_empty_activate), &frame);
  g_signal_connect (application, "window-added", G_CALLBACK (on_window_added), &frame);

  status = g_application_run (G_APPLICATION (application), 0, NULL);
  if (status != 0 || frame.painted == 0)
    g_error ("The application exited with %d before its first frame", status);

  print_first_frame (&frame, started);
  return 0;
}

static gboolean
on_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
flush_events (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
on_memory_after_paint (GdkFrameClock *clock,
                       double        *painted)
{
  if (*painted == 0)
    *painted = bench_now_ms ();
}

static void
on_count_after_paint (GdkFrameClock *clock,
                      guint         *n_frames)
{
  (*n_frames)++;
}

/* Types "faktur" into the page's search field and deletes it again, a keystroke at a time:
 * how long the field's change takes to filter (synchronously), and until the next frame is
 * painted, the rows bound to the new results. */
static void
type_into_page (SbWindow *window,
                double   *sync_median,
                double   *sync_worst,
                double   *frame_median,
                double   *frame_worst)
{
  const char *keystrokes[] = { "f", "fa", "fak", "fakt", "faktu", "faktur",
                               "faktu", "fakt", "fak", "fa", "f", "" };
  SbIntegrationsPage *page = sb_window_get_integrations_page (window);
  GtkEditable *editable = sb_integrations_page_get_search_editable (page);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  double sync_times[G_N_ELEMENTS (keystrokes)];
  double frame_times[G_N_ELEMENTS (keystrokes)];
  guint n_frames = 0;
  gulong handler;

  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_count_after_paint),
                              &n_frames);

  for (guint k = 0; k < G_N_ELEMENTS (keystrokes); k++)
    {
      guint frames_before;
      gboolean timed_out = FALSE;
      guint timeout;
      double start;

      flush_events ();
      frames_before = n_frames;
      start = bench_now_ms ();
      gtk_editable_set_text (editable, keystrokes[k]);
      sync_times[k] = bench_now_ms () - start;

      /* A keystroke that changes nothing shown paints nothing: ask for a frame anyway. */
      gtk_widget_queue_draw (GTK_WIDGET (window));
      timeout = g_timeout_add_seconds (10, on_timeout, &timed_out);
      while (n_frames == frames_before && !timed_out)
        g_main_context_iteration (NULL, TRUE);
      if (!timed_out)
        g_source_remove (timeout);
      frame_times[k] = bench_now_ms () - start;

      g_print ("page-search-at-%02u-%s: %.2f ms\n", k + 1, keystrokes[k], sync_times[k]);
      g_print ("page-search-to-frame-at-%02u-%s: %.2f ms\n", k + 1, keystrokes[k],
               frame_times[k]);
    }

  g_signal_handler_disconnect (clock, handler);

  *sync_worst = bench_max (sync_times, G_N_ELEMENTS (sync_times));
  *sync_median = bench_median (sync_times, G_N_ELEMENTS (sync_times));
  *frame_worst = bench_max (frame_times, G_N_ELEMENTS (frame_times));
  *frame_median = bench_median (frame_times, G_N_ELEMENTS (frame_times));
}

static int
child_memory (const char *data_dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbWorkspace) workspace = NULL;
  g_autoptr(SbOrganization) organization = NULL;
  g_autoptr(SbIntegrationFilter) filter = NULL;
  g_autoptr(GtkFilterListModel) filtered = NULL;
  GListModel *integrations;
  SbWindow *window;
  SbIntegrationsPage *page;
  double painted = 0;
  double start;
  gboolean timed_out = FALSE;

  gtk_init ();
  adw_init ();
  g_print ("rss-after-gtk-init: %.1f MB\n", bench_rss_mb ());

  workspace = sb_workspace_open (data_dir, &error);
  g_assert_no_error (error);
  organization = g_list_model_get_item (sb_workspace_get_organizations (workspace), 0);
  g_assert_nonnull (organization);
  g_print ("rss-before-loading: %.1f MB\n", bench_rss_mb ());

  start = bench_now_ms ();
  integrations = sb_workspace_get_integrations (workspace, organization);
  g_print ("load-integrations: %.2f ms for %u\n", bench_now_ms () - start,
           g_list_model_get_n_items (integrations));
  g_print ("rss-integrations-loaded: %.1f MB\n", bench_rss_mb ());

  start = bench_now_ms ();
  window = sb_window_new (NULL, workspace);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_widget_realize (GTK_WIDGET (window));
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (on_memory_after_paint), &painted);
  gtk_window_present (GTK_WINDOW (window));
  g_timeout_add_seconds (60, on_timeout, &timed_out);
  while (painted == 0 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("No frame painted in a minute");
  flush_events ();
  g_print ("shown-first-frame: %.2f ms\n", painted - start);
  g_print ("rss-shown: %.1f MB\n", bench_rss_mb ());

  /* What the page's own search costs in memory (the keys it folds, if it keeps them). */
  page = sb_window_get_integrations_page (window);
  start = bench_now_ms ();
  gtk_editable_set_text (sb_integrations_page_get_search_editable (page), "a");
  flush_events ();
  g_print ("page-search-first-keystroke: %.2f ms\n", bench_now_ms () - start);
  g_print ("rss-after-page-search: %.1f MB\n", bench_rss_mb ());
  gtk_editable_set_text (sb_integrations_page_get_search_editable (page), "");
  flush_events ();

  /* Then a search as someone types it, its keys folded by now. */
  {
    double sync_median, sync_worst, frame_median, frame_worst;

    type_into_page (window, &sync_median, &sync_worst, &frame_median, &frame_worst);
    g_print ("page-search-median: %.2f ms\n", sync_median);
    g_print ("page-search-worst: %.2f ms\n", sync_worst);
    g_print ("page-search-to-frame-median: %.2f ms\n", frame_median);
    g_print ("page-search-to-frame-worst: %.2f ms\n", frame_worst);
  }

  /* And SbIntegrationFilter over every integration, whatever the page uses. */
  filter = sb_integration_filter_new ();
  filtered = gtk_filter_list_model_new (g_object_ref (integrations),
                                        g_object_ref (GTK_FILTER (filter)));
  sb_integration_filter_set_search (filter, "a");
  g_list_model_get_n_items (G_LIST_MODEL (filtered));
  g_print ("rss-with-every-search-key: %.1f MB\n", bench_rss_mb ());

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

/* The driver */

static double
median_of (GArray *values)
{
  return bench_median ((double *) (gpointer) values->data, values->len);
}

static void
add_figure (GArray     *values,
            const char *output,
            const char *name)
{
  double value = output != NULL ? bench_parse_figure (output, name) : -1;

  if (value >= 0)
    g_array_append_val (values, value);
}

static int
run_first_frame (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("samband-bench-XXXXXX", &error);
  g_autoptr(GArray) empty = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) samband = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) from_start = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) empty_from_start = g_array_new (FALSE, FALSE, sizeof (double));
  double start;

  g_assert_no_error (error);
  start = bench_now_ms ();
  if (!bench_write_store (dir, FIRST_FRAME_INTEGRATIONS, &error))
    g_error ("Could not write the store: %s", error->message);
  g_print ("first-frame-store-written: %.0f ms for %u integrations\n",
           bench_now_ms () - start, FIRST_FRAME_INTEGRATIONS);

  for (guint round = 0; round < FIRST_FRAME_ROUNDS; round++)
    {
      g_autofree char *a = bench_run_self ((const char *[]) { "--child-first-frame-empty",
                                                              NULL });
      g_autofree char *b = bench_run_self ((const char *[]) { "--child-first-frame", dir,
                                                              NULL });

      add_figure (empty, a, "activate-to-first-frame");
      add_figure (empty_from_start, a, "start-to-first-frame");
      add_figure (samband, b, "activate-to-first-frame");
      add_figure (from_start, b, "start-to-first-frame");
    }

  if (empty->len == 0 || samband->len == 0)
    g_error ("No figures: the children failed");

  g_print ("first-frame-empty-adw-window: %.1f ms\n", median_of (empty));
  g_print ("first-frame-samband-%u: %.1f ms\n", FIRST_FRAME_INTEGRATIONS, median_of (samband));
  g_print ("first-frame-difference: %.1f ms\n", median_of (samband) - median_of (empty));
  g_print ("first-frame-empty-from-process-start: %.1f ms\n", median_of (empty_from_start));
  g_print ("first-frame-samband-from-process-start: %.1f ms\n", median_of (from_start));
  g_print ("first-frame-rounds: %u each, medians\n", samband->len);

  /* Where the time goes, in one more process: the same store loaded alone, then the window
   * shown on the loaded data. */
  {
    g_autofree char *output = bench_run_self ((const char *[]) { "--child-memory", dir, NULL });

    if (output != NULL)
      {
        g_print ("first-frame-%u-loading-alone: %.1f ms\n", FIRST_FRAME_INTEGRATIONS,
                 bench_parse_figure (output, "load-integrations"));
        g_print ("first-frame-%u-window-alone-once-loaded: %.1f ms\n",
                 FIRST_FRAME_INTEGRATIONS, bench_parse_figure (output, "shown-first-frame"));
      }
  }

  bench_remove_tree (dir);
  return 0;
}

static int
run_memory (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("samband-bench-XXXXXX", &error);
  g_autofree char *output = NULL;
  double start;
  double before, shown;

  g_assert_no_error (error);
  start = bench_now_ms ();
  if (!bench_write_store (dir, MEMORY_INTEGRATIONS, &error))
    g_error ("Could not write the store: %s", error->message);
  g_print ("memory-store-written: %.0f ms for %u integrations\n",
           bench_now_ms () - start, MEMORY_INTEGRATIONS);

  output = bench_run_self ((const char *[]) { "--child-memory", dir, NULL });
  if (output == NULL)
    g_error ("No figures: the child failed");

  /* The child's figures as they are, then what follows from them. */
  {
    g_auto(GStrv) lines = g_strsplit (output, "\n", -1);

    for (guint i = 0; lines[i] != NULL; i++)
      {
        if (lines[i][0] != '\0')
          g_print ("memory-%s\n", lines[i]);
      }
  }

  before = bench_parse_figure (output, "rss-before-loading");
  shown = bench_parse_figure (output, "rss-shown");
  g_print ("memory-difference-shown: %.1f MB\n", shown - before);
  g_print ("memory-per-integration-shown: %.1f KB\n",
           (shown - before) * 1024 / MEMORY_INTEGRATIONS);

  bench_remove_tree (dir);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");

  if (g_getenv ("GSETTINGS_SCHEMA_DIR") == NULL)
    g_setenv ("GSETTINGS_SCHEMA_DIR", SB_BENCH_SCHEMA_DIR, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  if (argc == 4 && g_str_equal (argv[1], "--write-store"))
    {
      g_autoptr(GError) error = NULL;

      if (!bench_write_store (argv[2], (guint) g_ascii_strtoull (argv[3], NULL, 10), &error))
        g_error ("Could not write the store: %s", error->message);
      return 0;
    }
  if (argc == 3 && g_str_equal (argv[1], "--child-first-frame"))
    return child_first_frame (argv[2]);
  if (argc == 2 && g_str_equal (argv[1], "--child-first-frame-empty"))
    return child_first_frame_empty ();
  if (argc == 3 && g_str_equal (argv[1], "--child-memory"))
    return child_memory (argv[2]);
  if (argc == 2 && g_str_equal (argv[1], "first-frame"))
    return run_first_frame ();
  if (argc == 2 && g_str_equal (argv[1], "memory"))
    return run_memory ();

  g_printerr ("Usage: %s first-frame|memory\n"
              "       %s --write-store DIR N_INTEGRATIONS\n"
              "       %s --child-first-frame DIR|--child-first-frame-empty|--child-memory DIR\n",
              argv[0], argv[0], argv[0]);
  return 2;
}
