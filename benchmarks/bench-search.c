/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "bench-data.h"
#include "ui/sb-integration-filter.h"

/* Typing a search over 100,000 integrations: each keystroke of a six-letter query typed one
 * letter at a time and deleted again, through a synchronous GtkFilterListModel, with
 *
 *   ours      SbIntegrationFilter (folded keys, narrowing and widening reported),
 *   gtk       GTK's GtkStringFilter on the name, what the page used before,
 *   baseline  a plain strstr () over the same 100,000 keys folded in advance,
 *
 * and the ratio ours / baseline. The first keystroke of ours folds every key and is printed
 * on its own as well, and so is the other way: the keys folded in idle time before the first
 * keystroke (sb_integration_filter_prepare), with the longest time the main loop was kept
 * busy. To show where the time goes, the cost of GtkFilterListModel itself is measured too:
 * a filter that answers TRUE at once, asked about every item.
 *
 * Figures only: nothing here fails on a slow machine. */

#define N_ITEMS 100000
#define N_ROUNDS 7

typedef struct
{
  GtkFilterListModel *model;
  SbIntegrationFilter *filter;
} Ours;

typedef struct
{
  GtkFilterListModel *model;
  GtkStringFilter *filter;
} Gtk;

typedef struct
{
  GPtrArray *keys;
} Baseline;

/* "f", "fa", ... "faktur", "faktu", ... "f", "": what the entry holds after each keystroke. */
static GStrv
dup_keystrokes (const char *query)
{
  GPtrArray *keystrokes = g_ptr_array_new ();
  glong length = g_utf8_strlen (query, -1);

  for (glong i = 1; i <= length; i++)
    g_ptr_array_add (keystrokes, g_utf8_substring (query, 0, i));
  for (glong i = length - 1; i >= 0; i--)
    g_ptr_array_add (keystrokes, g_utf8_substring (query, 0, i));
  g_ptr_array_add (keystrokes, NULL);

  return (GStrv) g_ptr_array_free (keystrokes, FALSE);
}

static guint
search_ours (Ours       *ours,
             const char *text)
{
  sb_integration_filter_set_search (ours->filter, text);
  return g_list_model_get_n_items (G_LIST_MODEL (ours->model));
}

static guint
search_gtk (Gtk        *gtk,
            const char *text)
{
  gtk_string_filter_set_search (gtk->filter, text);
  return g_list_model_get_n_items (G_LIST_MODEL (gtk->model));
}

static guint
search_baseline (Baseline   *baseline,
                 const char *text)
{
  g_autofree char *query = sb_search_fold (text);
  guint n = 0;

  if (query[0] == '\0')
    return baseline->keys->len;

  for (guint i = 0; i < baseline->keys->len; i++)
    {
      if (strstr (g_ptr_array_index (baseline->keys, i), query) != NULL)
        n++;
    }

  return n;
}

static void
print_series (const char *query,
              const char *what,
              double     *times,
              guint       n_times)
{
  double worst = bench_max (times, n_times);

  g_print ("search-%s-%s-median: %.2f ms\n", query, what, bench_median (times, n_times));
  g_print ("search-%s-%s-worst: %.2f ms\n", query, what, worst);
}

static void
measure_query (GListStore *store,
               Baseline   *baseline,
               const char *query)
{
  g_auto(GStrv) keystrokes = dup_keystrokes (query);
  guint n_keystrokes = g_strv_length (keystrokes);
  g_autofree double *ours_times = g_new (double, N_ROUNDS * n_keystrokes);
  g_autofree double *gtk_times = g_new (double, N_ROUNDS * n_keystrokes);
  g_autofree double *baseline_times = g_new (double, N_ROUNDS * n_keystrokes);
  double first;
  double ours_median, baseline_median, ours_worst, baseline_worst;
  Ours ours;
  Gtk gtk;

  ours.filter = sb_integration_filter_new ();
  ours.model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (store)),
                                          g_object_ref (GTK_FILTER (ours.filter)));
  gtk_filter_list_model_set_incremental (ours.model, FALSE);

  gtk.filter = gtk_string_filter_new (gtk_property_expression_new (SB_TYPE_INTEGRATION, NULL,
                                                                   "name"));
  gtk_string_filter_set_ignore_case (gtk.filter, TRUE);
  gtk_string_filter_set_match_mode (gtk.filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  gtk.model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (store)),
                                         g_object_ref (GTK_FILTER (gtk.filter)));
  gtk_filter_list_model_set_incremental (gtk.model, FALSE);

  /* The keys are folded on the first keystroke after the integrations loaded. */
  first = bench_now_ms ();
  search_ours (&ours, keystrokes[0]);
  first = bench_now_ms () - first;
  search_ours (&ours, NULL);

  for (guint round = 0; round < N_ROUNDS; round++)
    {
      for (guint k = 0; k < n_keystrokes; k++)
        {
          guint slot = round * n_keystrokes + k;
          double start;
          guint n_ours, n_baseline;

          start = bench_now_ms ();
          n_ours = search_ours (&ours, keystrokes[k]);
          ours_times[slot] = bench_now_ms () - start;

          start = bench_now_ms ();
          search_gtk (&gtk, keystrokes[k]);
          gtk_times[slot] = bench_now_ms () - start;

          start = bench_now_ms ();
          n_baseline = search_baseline (baseline, keystrokes[k]);
          baseline_times[slot] = bench_now_ms () - start;

          /* Not a timing: the fast filter must still find exactly what the plain scan does. */
          if (n_ours != n_baseline)
            g_error ("“%s”: SbIntegrationFilter shows %u integrations, the plain scan %u",
                     keystrokes[k], n_ours, n_baseline);
          if (round == 0)
            g_print ("search-%s-shown-at-%02u-%s: %u integrations\n",
                     query, k + 1, keystrokes[k], n_ours);
        }
    }

  /* Which keystrokes cost most: the median of ours at each. */
  for (guint k = 0; k < n_keystrokes; k++)
    {
      double at[N_ROUNDS];

      for (guint round = 0; round < N_ROUNDS; round++)
        at[round] = ours_times[round * n_keystrokes + k];
      g_print ("search-%s-ours-at-%02u-%s: %.2f ms\n",
               query, k + 1, keystrokes[k], bench_median (at, N_ROUNDS));
    }

  g_print ("search-%s-ours-first-keystroke: %.2f ms\n", query, first);
  print_series (query, "ours", ours_times, N_ROUNDS * n_keystrokes);
  print_series (query, "gtk-string-filter", gtk_times, N_ROUNDS * n_keystrokes);
  print_series (query, "baseline-strstr", baseline_times, N_ROUNDS * n_keystrokes);

  ours_median = bench_median (ours_times, N_ROUNDS * n_keystrokes);
  ours_worst = MAX (bench_max (ours_times, N_ROUNDS * n_keystrokes), first);
  baseline_median = bench_median (baseline_times, N_ROUNDS * n_keystrokes);
  baseline_worst = bench_max (baseline_times, N_ROUNDS * n_keystrokes);
  g_print ("search-%s-ours-worst-including-first: %.2f ms\n", query, ours_worst);
  g_print ("search-%s-ratio-median: %.2f ours/baseline\n", query, ours_median / baseline_median);
  g_print ("search-%s-ratio-worst: %.2f ours/baseline\n", query, ours_worst / baseline_worst);

  g_object_unref (ours.model);
  g_object_unref (ours.filter);
  g_object_unref (gtk.model);
  g_object_unref (gtk.filter);
}

static gboolean
match_everything (gpointer item,
                  gpointer user_data)
{
  return TRUE;
}

/* What GtkFilterListModel costs when it asks a filter about every item, whatever the filter. */
static void
measure_model_floor (GListStore *store)
{
  g_autoptr(GtkCustomFilter) filter = gtk_custom_filter_new (match_everything, NULL, NULL);
  g_autoptr(GtkFilterListModel) model = NULL;
  double times[N_ROUNDS * 4];

  model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (store)),
                                     g_object_ref (GTK_FILTER (filter)));
  gtk_filter_list_model_set_incremental (model, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      double start = bench_now_ms ();

      gtk_filter_changed (GTK_FILTER (filter), GTK_FILTER_CHANGE_DIFFERENT);
      g_list_model_get_n_items (G_LIST_MODEL (model));
      times[i] = bench_now_ms () - start;
    }

  g_print ("search-model-floor-every-item-median: %.2f ms\n",
           bench_median (times, G_N_ELEMENTS (times)));
}

static void
on_timeout (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
}

/* The keys of fresh integrations folded in idle time, as the page does once the list has
 * loaded, and then the first keystroke. */
static void
measure_prepare (const char *query)
{
  g_autoptr(GListStore) store = g_list_store_new (SB_TYPE_INTEGRATION);
  g_autoptr(GRand) rand = g_rand_new_with_seed (1789);
  g_autoptr(SbIntegrationFilter) filter = sb_integration_filter_new ();
  g_autoptr(GtkFilterListModel) model = NULL;
  g_autofree char *first_letter = g_utf8_substring (query, 0, 1);
  double longest = 0;
  double busy = 0;
  double start;
  gboolean done = FALSE;

  for (guint i = 0; i < N_ITEMS; i++)
    {
      g_autoptr(SbIntegration) integration = bench_integration_new (rand);

      g_list_store_append (store, integration);
    }

  model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (store)),
                                     g_object_ref (GTK_FILTER (filter)));
  gtk_filter_list_model_set_incremental (model, FALSE);

  sb_integration_filter_prepare (filter, G_LIST_MODEL (store));
  /* Each iteration of the main loop runs one slice; the loop stops when a pass of it finds
   * nothing more to do. */
  start = bench_now_ms ();
  g_timeout_add_once (60000, on_timeout, &done);
  while (!done)
    {
      double slice = bench_now_ms ();

      if (!g_main_context_iteration (NULL, FALSE))
        break;
      slice = bench_now_ms () - slice;
      longest = MAX (longest, slice);
      busy += slice;
    }
  g_print ("search-prepare-%u-keys-in-idle: %.2f ms busy in %.2f ms\n",
           N_ITEMS, busy, bench_now_ms () - start);
  g_print ("search-prepare-longest-slice: %.2f ms\n", longest);

  start = bench_now_ms ();
  sb_integration_filter_set_search (filter, first_letter);
  g_list_model_get_n_items (G_LIST_MODEL (model));
  g_print ("search-%s-ours-first-keystroke-after-prepare: %.2f ms\n", query,
           bench_now_ms () - start);

  sb_integration_filter_prepare (filter, NULL);
}

int
main (int   argc,
      char *argv[])
{
  const char *default_queries[] = { "faktur", "tromso", NULL };
  const char * const *queries = argc > 1 ? (const char * const *) argv + 1 : default_queries;
  g_autoptr(GListStore) store = g_list_store_new (SB_TYPE_INTEGRATION);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GRand) rand = g_rand_new_with_seed (4711);
  Baseline baseline = { g_ptr_array_new_with_free_func (g_free) };
  double start;

  setlocale (LC_ALL, "");

  for (guint i = 0; i < N_ITEMS; i++)
    g_ptr_array_add (items, bench_integration_new (rand));
  g_list_store_splice (store, 0, 0, items->pdata, items->len);

  /* The baseline's keys are what ours folds: name, description and services. */
  start = bench_now_ms ();
  for (guint i = 0; i < N_ITEMS; i++)
    {
      SbIntegration *integration = g_ptr_array_index (items, i);
      const char * const *services = sb_integration_get_services (integration);
      g_autofree char *joined = g_strjoinv ("\n", (char **) services);
      g_autofree char *text = g_strconcat (sb_integration_get_name (integration), "\n",
                                           sb_integration_get_description (integration), "\n",
                                           joined, NULL);

      g_ptr_array_add (baseline.keys, sb_search_fold (text));
    }
  g_print ("search-items: %u integrations\n", N_ITEMS);
  g_print ("search-fold-all-keys: %.2f ms\n", bench_now_ms () - start);

  measure_model_floor (store);

  for (guint i = 0; queries[i] != NULL; i++)
    measure_query (store, &baseline, queries[i]);

  /* Last: its integrations are other ones, with keys not folded yet. */
  measure_prepare (queries[0]);

  g_ptr_array_unref (baseline.keys);

  return 0;
}
