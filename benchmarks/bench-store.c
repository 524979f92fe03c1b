/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <time.h>

#include <sqlite3.h>

#include "bench-data.h"
#include "store/sb-store.h"

/* Writing and reading run events: 1,000,000 events, 100 runs of 10,000, each event shaped as
 * the runner records a step that created a customer, written in batches of 64 as the runner
 * writes them,
 *
 *   ours      through sb_store_insert_run_events () into a fresh store,
 *   raw       the baseline: plain sqlite3 into the same schema in another fresh database,
 *             with the PRAGMAs sb_store_open () sets, one prepared statement, one
 *             transaction per 64 rows and the text of every column made in advance,
 *
 * a run of each in turn, in events per second, and the ratio ours / raw; and the processor
 * time per event of each, which the disk does not blur (its flushes at each checkpoint are
 * much of the wall-clock time). Only the writing is timed: the events (objects for ours,
 * text for raw) are made before each batch.
 *
 * Then the newest 100 events of one run in the middle, read 200 times: through
 * sb_store_list_latest_run_events (), which leaves the data of each event unparsed until it
 * is asked for; the same and asking for the data of every event (as the run window does);
 * and as raw rows.
 *
 * Figures only: nothing here fails on a slow machine. */

#define N_RUNS          100
#define EVENTS_PER_RUN  10000
#define BATCH           64
#define N_READS         200
#define LATEST          100

#define STEP_ID "create_customer"
#define MESSAGE "The step “create_customer” ran"
#define DATA \
  "{\"input\":{\"method\":\"POST\",\"url\":\"https://api.fortnox.se/3/customers\"," \
  "\"headers\":{\"Authorization\":\"••••\",\"Content-Type\":\"application/json\"}," \
  "\"body\":{\"Customer\":{\"Name\":\"Kvarnby IK\",\"Email\":\"kassor@kvarnby.se\"}}}," \
  "\"output\":{\"status\":201,\"body\":{\"Customer\":{\"CustomerNumber\":\"1042\"," \
  "\"Name\":\"Kvarnby IK\"}}}}"

/* The time spent writing, on the clock and on the processor, in milliseconds. */
typedef struct
{
  double wall;
  double cpu;
} Spent;

typedef struct
{
  SbStore   *store;
  gint64     run_ids[N_RUNS];
  JsonNode  *data;
  GPtrArray *batch;
  Spent      spent;
} Ours;

typedef struct
{
  sqlite3      *db;
  sqlite3_stmt *insert;
  gint64        run_ids[N_RUNS];
  char         *at;
  Spent         spent;
} Raw;

/* A store with one organization, one integration and N_RUNS runs; their ids in @run_ids. */
static SbStore *
open_store (const char  *path,
            gint64      *run_ids)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbStore) store = sb_store_open (path, &error);
  g_autoptr(SbOrganization) club = sb_organization_new ();
  g_autoptr(SbIntegration) integration = sb_integration_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  if (store == NULL)
    g_error ("%s", error->message);

  sb_organization_set_name (club, "Kvarnby IK");
  if (!sb_store_insert_organization (store, club, &error))
    g_error ("%s", error->message);
  sb_integration_set_organization_id (integration, sb_organization_get_id (club));
  sb_integration_set_name (integration, "Medlemmar till Fortnox");
  if (!sb_store_insert_integration (store, integration, &error))
    g_error ("%s", error->message);

  for (guint i = 0; i < N_RUNS; i++)
    {
      g_autoptr(SbRun) run = sb_run_new ();

      sb_run_set_integration_id (run, sb_integration_get_id (integration));
      sb_run_set_status (run, SB_RUN_STATUS_SUCCEEDED);
      sb_run_set_started_at (run, now);
      if (!sb_store_insert_run (store, run, &error))
        g_error ("%s", error->message);
      run_ids[i] = sb_run_get_id (run);
    }

  return g_steal_pointer (&store);
}

/* Milliseconds of processor time, user and system, of this thread. */
static double
cpu_now_ms (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * 1000.0 + now.tv_nsec / 1e6;
}

static void
spend (Spent  *spent,
       double  wall_start,
       double  cpu_start)
{
  spent->cpu += cpu_now_ms () - cpu_start;
  spent->wall += bench_now_ms () - wall_start;
}

static void
write_ours (Ours  *ours,
            guint  run)
{
  g_autoptr(GError) error = NULL;

  for (guint done = 0; done < EVENTS_PER_RUN; done += BATCH)
    {
      double start, cpu_start;

      /* What record () makes: a new event with the time it happened and its own data. */
      g_ptr_array_set_size (ours->batch, 0);
      for (guint i = done; i < MIN (done + BATCH, EVENTS_PER_RUN); i++)
        {
          SbRunEvent *event = sb_run_event_new ();
          g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
          g_autoptr(JsonNode) copy = json_node_copy (ours->data);

          sb_run_event_set_run_id (event, ours->run_ids[run]);
          sb_run_event_set_at (event, now);
          sb_run_event_set_level (event, SB_RUN_EVENT_LEVEL_INFO);
          sb_run_event_set_step_id (event, STEP_ID);
          sb_run_event_set_message (event, MESSAGE);
          sb_run_event_set_data (event, copy);
          g_ptr_array_add (ours->batch, event);
        }

      start = bench_now_ms ();
      cpu_start = cpu_now_ms ();
      if (!sb_store_insert_run_events (ours->store, ours->batch, &error))
        g_error ("%s", error->message);
      spend (&ours->spent, start, cpu_start);
    }
}

static void
check_sqlite (sqlite3 *db,
              int      result)
{
  if (result != SQLITE_OK && result != SQLITE_DONE && result != SQLITE_ROW)
    g_error ("%s", sqlite3_errmsg (db));
}

static sqlite3 *
open_raw (const char *path)
{
  sqlite3 *db = NULL;

  check_sqlite (db, sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL));
  /* What sb_store_open () sets (the file has auto_vacuum = INCREMENTAL from it). */
  sqlite3_busy_timeout (db, 5000);
  check_sqlite (db, sqlite3_exec (db,
                                  "PRAGMA journal_mode = WAL;"
                                  "PRAGMA synchronous = NORMAL;"
                                  "PRAGMA foreign_keys = ON;",
                                  NULL, NULL, NULL));
  return db;
}

static void
write_raw (Raw   *raw,
           guint  run)
{
  for (guint done = 0; done < EVENTS_PER_RUN; done += BATCH)
    {
      sqlite3_stmt *insert = raw->insert;
      double start = bench_now_ms ();
      double cpu_start = cpu_now_ms ();

      check_sqlite (raw->db, sqlite3_exec (raw->db, "BEGIN IMMEDIATE", NULL, NULL, NULL));
      for (guint i = done; i < MIN (done + BATCH, EVENTS_PER_RUN); i++)
        {
          sqlite3_bind_int64 (insert, 1, raw->run_ids[run]);
          sqlite3_bind_text (insert, 2, raw->at, -1, SQLITE_STATIC);
          sqlite3_bind_text (insert, 3, "info", -1, SQLITE_STATIC);
          sqlite3_bind_text (insert, 4, STEP_ID, -1, SQLITE_STATIC);
          sqlite3_bind_text (insert, 5, MESSAGE, -1, SQLITE_STATIC);
          sqlite3_bind_text (insert, 6, DATA, -1, SQLITE_STATIC);
          check_sqlite (raw->db, sqlite3_step (insert));
          sqlite3_reset (insert);
        }
      check_sqlite (raw->db, sqlite3_exec (raw->db, "COMMIT", NULL, NULL, NULL));
      spend (&raw->spent, start, cpu_start);
    }
}

static double
read_ours (SbStore  *store,
           gint64    run_id,
           gboolean  with_data)
{
  double times[N_READS];

  for (guint i = 0; i < N_READS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) events = NULL;
      double start = bench_now_ms ();

      events = sb_store_list_latest_run_events (store, run_id, LATEST, &error);
      for (guint j = 0; with_data && events != NULL && j < events->len; j++)
        if (sb_run_event_get_data (g_ptr_array_index (events, j)) == NULL)
          g_error ("An event without data");
      times[i] = (bench_now_ms () - start) * 1000;
      if (events == NULL)
        g_error ("%s", error->message);
      if (events->len != LATEST)
        g_error ("%u events instead of %u", events->len, LATEST);
    }

  return bench_median (times, N_READS);
}

/* The same rows, each column only looked at. */
static double
read_raw (sqlite3 *db,
          gint64   run_id)
{
  sqlite3_stmt *stmt = NULL;
  double times[N_READS];
  gsize total = 0;

  check_sqlite (db, sqlite3_prepare_v2 (db,
                                        "SELECT id, run_id, at, level, step_id, message, data "
                                        "FROM run_events WHERE run_id = ?1 "
                                        "ORDER BY id DESC LIMIT ?2",
                                        -1, &stmt, NULL));

  for (guint i = 0; i < N_READS; i++)
    {
      double start = bench_now_ms ();

      sqlite3_bind_int64 (stmt, 1, run_id);
      sqlite3_bind_int64 (stmt, 2, LATEST);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        for (int column = 0; column < 7; column++)
          total += sqlite3_column_bytes (stmt, column);
      sqlite3_reset (stmt);
      times[i] = (bench_now_ms () - start) * 1000;
    }

  sqlite3_finalize (stmt);

  if (total == 0)
    g_error ("No rows read");
  return bench_median (times, N_READS);
}

static void
print_figures (const char  *name,
               const Spent *spent)
{
  double n = (double)N_RUNS * EVENTS_PER_RUN;

  g_print ("store-write-%s: %.0f events/s\n", name, n / (spent->wall / 1000));
  g_print ("store-write-%s-cpu: %.2f us/event\n", name, spent->cpu * 1000 / n);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *dir = NULL;
  g_autofree char *ours_path = NULL;
  g_autofree char *raw_path = NULL;
  Ours ours = { NULL };
  Raw raw = { NULL };

  setlocale (LC_ALL, "");

  dir = g_dir_make_tmp ("samband-bench-store-XXXXXX", &error);
  if (dir == NULL)
    g_error ("%s", error->message);
  ours_path = g_build_filename (dir, "ours", "samband.db", NULL);
  raw_path = g_build_filename (dir, "raw", "samband.db", NULL);

  ours.store = open_store (ours_path, ours.run_ids);
  ours.data = json_from_string (DATA, &error);
  g_assert_no_error (error);
  json_node_seal (ours.data);
  ours.batch = g_ptr_array_new_with_free_func (g_object_unref);

  /* The raw database gets its schema from a store too, which then lets go of it. */
  g_object_unref (open_store (raw_path, raw.run_ids));
  raw.db = open_raw (raw_path);
  check_sqlite (raw.db, sqlite3_prepare_v2 (raw.db,
                                            "INSERT INTO run_events (run_id, at, level, "
                                            "step_id, message, data) "
                                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                            -1, &raw.insert, NULL));
  raw.at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");

  g_print ("store-events: %u events, %u runs, batches of %u\n", N_RUNS * EVENTS_PER_RUN,
           N_RUNS, BATCH);

  /* A run of each in turn, so that both meet the same machine: the disk still writing back
   * what the other wrote, other work beside this. */
  for (guint run = 0; run < N_RUNS; run++)
    {
      write_raw (&raw, run);
      write_ours (&ours, run);
    }

  print_figures ("ours", &ours.spent);
  print_figures ("raw", &raw.spent);
  g_print ("store-write-ratio: %.2f ours/raw\n", raw.spent.wall / ours.spent.wall);

  g_print ("store-latest-%u-median: %.0f us\n", LATEST,
           read_ours (ours.store, ours.run_ids[N_RUNS / 2], FALSE));
  g_print ("store-latest-%u-with-data-median: %.0f us\n", LATEST,
           read_ours (ours.store, ours.run_ids[N_RUNS / 2], TRUE));
  g_print ("store-latest-%u-raw-median: %.0f us\n", LATEST,
           read_raw (raw.db, raw.run_ids[N_RUNS / 2]));

  sqlite3_finalize (raw.insert);
  sqlite3_close (raw.db);
  g_free (raw.at);
  g_ptr_array_unref (ours.batch);
  json_node_unref (ours.data);
  g_object_unref (ours.store);
  bench_remove_tree (dir);

  return 0;
}
