/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/resource.h>

#include "bench-data.h"
#include "connectors/sb-connector-catalog.h"
#include "engine/sb-engine.h"

/* The engine end to end: a webhook arrives, a map step reshapes it, an HTTP step POSTs the
 * result to a small target (a SoupServer in this process, on 127.0.0.1, answering POST
 * /items with 201 and a small JSON body), with the history on as always (every run and its
 * events written to SQLite). N_RUNS webhooks are sent by a client SoupSession, at most
 * IN_FLIGHT of them not yet run, and the figures are taken once every run has finished:
 *
 *   engine    runs per second and CPU microseconds (user + system, the whole process) per
 *             run, from the first webhook sent to the last run finished,
 *   baseline  a plain libsoup loop: N_RUNS POSTs of the same body with the same
 *             authorization to the same target with the same concurrency, no engine, no
 *             store; its connections kept alive, as the client's to the engine are,
 *
 * and the ratio engine / baseline. The baseline is also taken the way libsoup sends a POST
 * unless it is marked idempotent, as the engine's HTTP step does: a new connection for every
 * request ("raw-new-connections").
 *
 * The integration has the settings of a new one (one run of it at a time), the engine its
 * default "max-running". The size of the database afterwards and the events written per run
 * are printed too. With --burst, the next webhook goes as soon as one is answered, so the
 * queue grows as long as it gets.
 *
 * The target is not the demo's HTTP imitation: libsoup 3.2's SoupServer keeps the socket of a
 * connection that the client closed while idle (CLOSE-WAIT, fixed in 3.3), one file
 * descriptor for every POST the engine sends, more than this machine's 20,000. The target
 * closes the connections that a client opens for one request only (all but those of the
 * baseline kept alive), so it has no more than it serves.
 *
 * Figures only: nothing here fails on a slow machine. It needs no display and no keyring:
 * the credentials come from a fake source that hands out a bearer token. */

#define N_RUNS 20000
#define IN_FLIGHT 32

static guint in_flight = IN_FLIGHT;
/* Without a webhook answered or a run finished for this long, it gives up. */
#define STALL_SECONDS 60

#define TOKEN "sbk_bench_4Vd9Qm2Lx7"
/* Sent by the baseline that keeps its connections alive: the target does not close them. */
#define KEEP_ALIVE_HEADER "X-Bench-Keep-Alive"

/* ------------------------------------------------------------------------------------ */
/* A credential source that hands out the bearer token. */

#define BENCH_TYPE_CREDENTIALS (bench_credentials_get_type ())
G_DECLARE_FINAL_TYPE (BenchCredentials, bench_credentials, BENCH, CREDENTIALS, GObject)

struct _BenchCredentials
{
  GObject parent_instance;
};

static void bench_credentials_iface_init (SbCredentialSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BenchCredentials, bench_credentials, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SB_TYPE_CREDENTIAL_SOURCE,
                                                      bench_credentials_iface_init))

static void
bench_credentials_class_init (BenchCredentialsClass *klass)
{
}

static void
bench_credentials_init (BenchCredentials *self)
{
}

static void
lookup_async (SbCredentialSource  *source,
              gint64               account_id,
              const char          *field,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  BenchCredentials *self = BENCH_CREDENTIALS (source);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  const char *value = NULL;

  if (g_str_equal (field, "auth_kind"))
    value = "bearer";
  else if (g_str_equal (field, "token"))
    value = TOKEN;
  g_task_return_pointer (task, g_strdup (value), g_free);
}

static char *
lookup_finish (SbCredentialSource  *source,
               GAsyncResult        *result,
               GError             **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
bench_credentials_iface_init (SbCredentialSourceInterface *iface)
{
  iface->lookup_async = lookup_async;
  iface->lookup_finish = lookup_finish;
}

/* ------------------------------------------------------------------------------------ */
/* The clocks */

typedef struct
{
  double wall_ms;
  double cpu_us;
} Mark;

static void
mark_now (Mark *mark)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  mark->wall_ms = bench_now_ms ();
  mark->cpu_us = (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e6 +
                 usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
}

/* The file descriptors this process has open. */
static guint
count_open_fds (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* ------------------------------------------------------------------------------------ */
/* A client that keeps a bounded number of POSTs in flight */

typedef struct
{
  SoupSession *session;
  const char  *url;
  const char  *authorization;   /* nullable */
  guint        expected_status;
  /* Whether its POSTs may go over a connection that served another request before: libsoup
   * opens a new one for every request that is not marked idempotent. */
  gboolean     keep_alive;
  /* The body of POST number @i. */
  GBytes    *(*body_func) (guint i);
  guint        n_total;
  /* How many may be in flight now: one more with every answer, up to in_flight, so that the
   * connections are opened one by one (a listening socket's backlog is 10: a burst of 32
   * connects gets some of them reset). */
  guint        window;
  guint        n_sent;
  guint        n_answered;
  /* Those no longer in flight: answered, or, for the webhooks, also run (unless settled on
   * the answer: a burst, the queue as long as it gets). */
  guint        n_settled;
  gboolean     settle_on_answer;
  guint        n_unexpected;
  /* Sent again after the connection failed, as a sender of webhooks does. */
  guint        n_resent;
  gint64       last_progress;
} Sender;

static void send_one (Sender *sender,
                      guint   i);
static void send_next (Sender *sender);

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  SoupMessage *message = user_data;
  Sender *sender = g_object_get_data (G_OBJECT (message), "bench-sender");
  guint i = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (message), "bench-index"));
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  guint status;

  answer = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  status = answer != NULL ? soup_message_get_status (message) : 0;
  g_object_unref (message);
  sender->last_progress = g_get_monotonic_time ();
  if (answer == NULL && error->domain == G_IO_ERROR && sender->n_resent < sender->n_total)
    {
      sender->n_resent++;
      send_one (sender, i);
      return;
    }

  if (status != sender->expected_status)
    {
      if (sender->n_unexpected++ == 0)
        g_printerr ("%s: %u %s\n", sender->url, status, error != NULL ? error->message : "");
      sender->n_settled++;
    }
  else if (sender->settle_on_answer)
    sender->n_settled++;
  sender->n_answered++;
  sender->window = MIN (sender->window + 1, in_flight);
  send_next (sender);
}

static void
send_one (Sender *sender,
          guint   i)
{
  g_autoptr(GBytes) body = sender->body_func (i);
  SoupMessage *message = soup_message_new (SOUP_METHOD_POST, sender->url);

  soup_message_set_request_body_from_bytes (message, "application/json", body);
  if (sender->authorization != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (message),
                                  "Authorization", sender->authorization);
  if (sender->keep_alive)
    {
      soup_message_add_flags (message, SOUP_MESSAGE_IDEMPOTENT);
      soup_message_headers_replace (soup_message_get_request_headers (message),
                                    KEEP_ALIVE_HEADER, "1");
    }
  g_object_set_data (G_OBJECT (message), "bench-sender", sender);
  g_object_set_data (G_OBJECT (message), "bench-index", GUINT_TO_POINTER (i));
  soup_session_send_and_read_async (sender->session, message, G_PRIORITY_DEFAULT, NULL,
                                    sent_cb, message);
}

static void
send_next (Sender *sender)
{
  while (sender->n_sent < sender->n_total &&
         sender->n_sent - sender->n_settled < sender->window)
    send_one (sender, sender->n_sent++);
}

static SoupSession *
client_session_new (void)
{
  return soup_session_new_with_options ("max-conns", in_flight,
                                        "max-conns-per-host", in_flight,
                                        "timeout", 0,
                                        NULL);
}

/* What the webhook delivers. */
static GBytes *
webhook_body (guint i)
{
  char *text = g_strdup_printf ("{\"id\": %u, \"amount\": \"12.50\"}", i);

  return g_bytes_new_take (text, strlen (text));
}

/* What the HTTP step of the integration POSTs for it: the map step's output. */
static GBytes *
post_body (guint i)
{
  char *text = g_strdup_printf ("{\"id\":%u,\"amount\":12.5}", i);

  return g_bytes_new_take (text, strlen (text));
}

/* ------------------------------------------------------------------------------------ */
/* The target */

typedef struct
{
  SoupServer *server;
  char       *base_url;
  guint       next_id;
  guint       n_bad_bodies;
  guint       n_unauthorized;
} Target;

/* POST /items: the body must be a JSON object with "id" and "amount"; 201 with the new
 * item's id. */
static void
target_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Target *target = user_data;
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gsize size = 0;
  const char *data = g_bytes_get_data (body, &size);
  char *answer;
  JsonNode *root;
  JsonObject *object;

  if (soup_message_headers_get_one (request, KEEP_ALIVE_HEADER) == NULL)
    soup_message_headers_replace (response, "Connection", "close");

  if (g_strcmp0 (soup_server_message_get_method (msg), SOUP_METHOD_POST) != 0 ||
      g_strcmp0 (path, "/items") != 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  if (g_strcmp0 (soup_message_headers_get_one (request, "Authorization"),
                 "Bearer " TOKEN) != 0)
    {
      target->n_unauthorized++;
      soup_server_message_set_status (msg, SOUP_STATUS_UNAUTHORIZED, NULL);
      return;
    }

  root = data != NULL && json_parser_load_from_data (parser, data, size, NULL)
           ? json_parser_get_root (parser) : NULL;
  object = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  if (object == NULL || !json_object_has_member (object, "id") ||
      !json_object_has_member (object, "amount"))
    {
      if (target->n_bad_bodies++ == 0)
        g_printerr ("Not what the target takes: %.*s\n", (int) size, data != NULL ? data : "");
      soup_server_message_set_status (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, NULL);
      return;
    }

  answer = g_strdup_printf ("{\"id\": %u, \"status\": \"created\"}", ++target->next_id);
  soup_server_message_set_status (msg, SOUP_STATUS_CREATED, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, answer,
                                    strlen (answer));
}

static Target *
target_new (void)
{
  Target *target = g_new0 (Target, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  target->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (target->server, "/items", target_cb, target, NULL);
  if (!soup_server_listen_local (target->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("The target cannot listen: %s", error->message);
  uris = soup_server_get_uris (target->server);
  target->base_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return target;
}

static void
target_free (Target *target)
{
  soup_server_disconnect (target->server);
  g_object_unref (target->server);
  g_free (target->base_url);
  g_free (target);
}

/* ------------------------------------------------------------------------------------ */
/* The raw loop */

/* @keep_alive: its POSTs reuse the connections (as the webhooks sent to the engine do);
 * otherwise each opens a connection of its own, which is what libsoup does for a POST unless
 * told otherwise. */
static void
measure_raw (Target   *target,
             guint     n_posts,
             gboolean  keep_alive,
             double   *posts_per_second)
{
  g_autoptr(SoupSession) session = client_session_new ();
  g_autofree char *url = g_strconcat (target->base_url, "/items", NULL);
  const char *name = keep_alive ? "raw" : "raw-new-connections";
  Sender sender = { 0 };
  Mark start, end;

  sender.session = session;
  sender.url = url;
  sender.authorization = "Bearer " TOKEN;
  sender.expected_status = SOUP_STATUS_CREATED;
  sender.keep_alive = keep_alive;
  sender.body_func = post_body;
  sender.n_total = n_posts;
  sender.window = 1;
  sender.settle_on_answer = TRUE;
  sender.last_progress = g_get_monotonic_time ();

  mark_now (&start);
  send_next (&sender);
  while (sender.n_answered < sender.n_total)
    g_main_context_iteration (NULL, TRUE);
  mark_now (&end);

  *posts_per_second = n_posts / ((end.wall_ms - start.wall_ms) / 1000.0);
  g_print ("%s-posts: %u posts\n", name, n_posts);
  g_print ("%s-failed-posts: %u posts\n", name, sender.n_unexpected);
  g_print ("%s-resent-posts: %u posts\n", name, sender.n_resent);
  g_print ("%s-posts-per-second: %.0f posts/s\n", name, *posts_per_second);
  g_print ("%s-cpu-us-per-post: %.1f us\n", name, (end.cpu_us - start.cpu_us) / n_posts);
  g_print ("%s-wall-time: %.0f ms\n", name, end.wall_ms - start.wall_ms);
  g_print ("%s-open-fds-after: %u fds\n", name, count_open_fds ());

  soup_session_abort (session);
}

/* ------------------------------------------------------------------------------------ */
/* The engine */

typedef struct
{
  guint n_finished;
  guint n_failed;
  guint max_backlog;
  Sender *sender;
} Finished;

static void
on_run_finished (SbEngine *engine,
                 SbRun    *run,
                 Finished *finished)
{
  finished->n_finished++;
  finished->sender->last_progress = g_get_monotonic_time ();
  if (sb_run_get_status (run) != SB_RUN_STATUS_SUCCEEDED)
    {
      if (finished->n_failed++ == 0)
        g_printerr ("Run %" G_GINT64_FORMAT " did not succeed: %s\n", sb_run_get_id (run),
                    sb_run_get_error (run) != NULL ? sb_run_get_error (run) : "?");
    }
  if (!finished->sender->settle_on_answer)
    finished->sender->n_settled++;
  send_next (finished->sender);
}

static void
on_run_started (SbEngine *engine,
                SbRun    *run,
                Finished *finished)
{
  /* The webhooks answered (runs queued) that have not finished. */
  guint backlog = finished->sender->n_answered - finished->n_finished;

  finished->max_backlog = MAX (finished->max_backlog, backlog);
}

static JsonNode *
parse (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (json, &error);

  if (node == NULL)
    g_error ("%s: %s", json, error->message);
  return node;
}

static gint64
add_integration (SbStore *store,
                 gint64   organization_id,
                 gint64   account_id,
                 int      concurrent_runs)
{
  g_autoptr(SbIntegration) integration = sb_integration_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  g_autofree char *steps = NULL;
  g_autofree char *settings = NULL;
  g_autoptr(JsonNode) steps_node = NULL;
  g_autoptr(JsonNode) settings_node = NULL;
  g_autoptr(JsonNode) trigger = parse ("{\"kind\": \"webhook\", \"token\": \"bench\"}");

  steps = g_strdup_printf ("["
                           "{\"id\": \"m\", \"kind\": \"map\","
                           " \"output\": {\"id\": \"{{ trigger.id }}\","
                           "              \"amount\": \"{{ trigger.amount | number }}\"}},"
                           "{\"id\": \"post\", \"kind\": \"http\", \"account\": %" G_GINT64_FORMAT
                           ", \"method\": \"POST\", \"url\": \"/items\","
                           " \"body\": \"{{ steps.m }}\"}"
                           "]", account_id);
  if (concurrent_runs > 0)
    settings = g_strdup_printf ("{\"max_concurrent_runs\": %d}", concurrent_runs);
  steps_node = parse (steps);
  settings_node = parse (settings != NULL ? settings : "{}");

  sb_integration_set_organization_id (integration, organization_id);
  sb_integration_set_name (integration, "Benchmark");
  sb_integration_set_trigger (integration, trigger);
  sb_integration_set_steps (integration, steps_node);
  sb_integration_set_settings (integration, settings_node);
  if (!sb_store_insert_integration (store, integration, &error))
    g_error ("Could not add the integration: %s", error->message);

  /* Live, as a user makes it: after it was written as a draft. */
  sb_integration_set_status (integration, SB_INTEGRATION_STATUS_LIVE);
  sb_integration_set_activated_at (integration, now);
  if (!sb_store_update_integration (store, integration, &error))
    g_error ("Could not make the integration live: %s", error->message);
  return sb_integration_get_id (integration);
}

static gint64
query_count (sqlite3    *db,
             const char *sql)
{
  sqlite3_stmt *statement = NULL;
  gint64 count = -1;

  if (sqlite3_prepare_v2 (db, sql, -1, &statement, NULL) == SQLITE_OK &&
      sqlite3_step (statement) == SQLITE_ROW)
    count = sqlite3_column_int64 (statement, 0);
  sqlite3_finalize (statement);
  return count;
}

static goffset
file_size (const char *path)
{
  GStatBuf buf;

  return g_stat (path, &buf) == 0 ? (goffset) buf.st_size : 0;
}

static void
measure_engine (Target   *target,
                guint     n_runs,
                int       concurrent_runs,
                int       max_running,
                gboolean  burst,
                gboolean  webhook_new_connections,
                double   *runs_per_second)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sb-bench-engine-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *wal = NULL;
  g_autoptr(SbStore) store = NULL;
  g_autoptr(SbOrganization) organization = sb_organization_new ();
  g_autoptr(SbAccount) account = sb_account_new ();
  g_autoptr(BenchCredentials) credentials = NULL;
  g_autoptr(SbConnectorCatalog) catalog = NULL;
  g_autoptr(SbEngine) engine = NULL;
  g_autoptr(SoupSession) session = client_session_new ();
  g_autofree char *url = NULL;
  Sender sender = { 0 };
  Finished finished = { 0 };
  Mark start, end;
  sqlite3 *db = NULL;
  gint64 n_stored_runs, n_events;

  if (dir == NULL)
    g_error ("No temporary directory: %s", error->message);
  path = g_build_filename (dir, "samband.db", NULL);
  wal = g_strconcat (path, "-wal", NULL);
  store = sb_store_open (path, &error);
  if (store == NULL)
    g_error ("Could not open the store: %s", error->message);

  sb_organization_set_name (organization, "Benchmark IF");
  sb_organization_set_kind (organization, SB_ORGANIZATION_KIND_CLUB);
  if (!sb_store_insert_organization (store, organization, &error))
    g_error ("Could not add the organization: %s", error->message);

  sb_account_set_organization_id (account, sb_organization_get_id (organization));
  sb_account_set_connector_id (account, "http");
  sb_account_set_name (account, "Register");
  sb_account_set_base_url (account, target->base_url);
  if (!sb_store_insert_account (store, account, &error))
    g_error ("Could not add the account: %s", error->message);

  add_integration (store, sb_organization_get_id (organization), sb_account_get_id (account),
                   concurrent_runs);

  credentials = g_object_new (BENCH_TYPE_CREDENTIALS, NULL);
  catalog = sb_connector_catalog_new ();
  engine = sb_engine_new (store, SB_CREDENTIAL_SOURCE (credentials), catalog);
  if (max_running > 0)
    sb_engine_set_max_running (engine, max_running);
  sb_engine_set_webhook_port (engine, 0);
  if (!sb_engine_start (engine, dir, &error))
    g_error ("Could not start the engine: %s", error->message);

  url = g_strdup_printf ("http://127.0.0.1:%u/hooks/bench", sb_engine_get_webhook_port (engine));
  sender.session = session;
  sender.url = url;
  sender.expected_status = SOUP_STATUS_ACCEPTED;
  sender.keep_alive = !webhook_new_connections;
  sender.settle_on_answer = burst;
  sender.body_func = webhook_body;
  sender.n_total = n_runs;
  sender.window = 1;
  sender.last_progress = g_get_monotonic_time ();
  finished.sender = &sender;
  g_signal_connect (engine, "run-started", G_CALLBACK (on_run_started), &finished);
  g_signal_connect (engine, "run-finished", G_CALLBACK (on_run_finished), &finished);

  mark_now (&start);
  send_next (&sender);
  while (finished.n_finished + sender.n_unexpected < n_runs)
    {
      g_main_context_iteration (NULL, TRUE);
      if (g_get_monotonic_time () - sender.last_progress > STALL_SECONDS * G_USEC_PER_SEC)
        {
          g_printerr ("Nothing moved for %d s: %u webhooks answered, %u runs finished\n",
                      STALL_SECONDS, sender.n_answered, finished.n_finished);
          break;
        }
    }
  mark_now (&end);

  *runs_per_second = finished.n_finished / ((end.wall_ms - start.wall_ms) / 1000.0);
  g_print ("engine-runs: %u runs\n", finished.n_finished);
  g_print ("engine-failed-runs: %u runs\n", finished.n_failed);
  g_print ("engine-refused-webhooks: %u webhooks\n", sender.n_unexpected);
  g_print ("engine-resent-webhooks: %u webhooks\n", sender.n_resent);
  g_print ("engine-max-running: %d runs\n",
           max_running > 0 ? max_running : SB_ENGINE_DEFAULT_MAX_RUNNING);
  if (concurrent_runs > 0)
    g_print ("engine-max-concurrent-runs: %d runs\n", concurrent_runs);
  else
    g_print ("engine-max-concurrent-runs: 1 runs (the default)\n");
  g_print ("engine-runs-per-second: %.0f runs/s\n", *runs_per_second);
  g_print ("engine-cpu-us-per-run: %.1f us\n",
           (end.cpu_us - start.cpu_us) / MAX (finished.n_finished, 1));
  g_print ("engine-wall-time: %.0f ms\n", end.wall_ms - start.wall_ms);
  g_print ("engine-max-backlog: %u runs\n", finished.max_backlog);
  g_print ("engine-open-fds-after: %u fds\n", count_open_fds ());

  soup_session_abort (session);
  sb_engine_stop (engine);
  g_clear_object (&engine);
  /* The last connection's close and the like. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&store);

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    g_error ("Could not read the store again: %s", sqlite3_errmsg (db));
  n_stored_runs = query_count (db, "SELECT count(*) FROM runs");
  n_events = query_count (db, "SELECT count(*) FROM run_events");
  sqlite3_close (db);

  g_print ("db-bytes: %" G_GOFFSET_FORMAT " bytes\n", file_size (path) + file_size (wal));
  g_print ("db-bytes-per-run: %.0f bytes\n",
           (double) (file_size (path) + file_size (wal)) / MAX (n_stored_runs, 1));
  g_print ("events-per-run: %.2f events\n", (double) n_events / MAX (n_stored_runs, 1));

  bench_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  int n_runs = N_RUNS;
  int concurrent_runs = 0;
  int max_running = 0;
  int requests_in_flight = IN_FLIGHT;
  gboolean burst = FALSE;
  gboolean webhook_new_connections = FALSE;
  g_autofree char *only = NULL;
  const GOptionEntry entries[] = {
    { "runs", 'n', 0, G_OPTION_ARG_INT, &n_runs, "How many runs (and raw POSTs)", "N" },
    { "concurrent-runs", 'c', 0, G_OPTION_ARG_INT, &concurrent_runs,
      "The integration's max_concurrent_runs (default: not set)", "N" },
    { "max-running", 'm', 0, G_OPTION_ARG_INT, &max_running,
      "The engine's max-running (default: the engine's)", "N" },
    { "in-flight", 'f', 0, G_OPTION_ARG_INT, &requests_in_flight,
      "How many requests the client keeps in flight", "N" },
    { "burst", 'b', 0, G_OPTION_ARG_NONE, &burst,
      "Send the next webhook once one is answered, not once its run finished", NULL },
    { "webhook-new-connections", 0, 0, G_OPTION_ARG_NONE, &webhook_new_connections,
      "Send every webhook on a connection of its own", NULL },
    { "only", 0, 0, G_OPTION_ARG_STRING, &only, "Only one part (for perf)", "raw|engine" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- the engine's throughput");
  g_autoptr(GError) error = NULL;
  Target *target;
  double raw_per_second = 0, new_connections_per_second = 0, engine_per_second = 0;

  setlocale (LC_ALL, "");

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  n_runs = MAX (n_runs, 1);
  in_flight = MAX (requests_in_flight, 1);

  target = target_new ();

  if (g_strcmp0 (only, "engine") != 0)
    {
      measure_raw (target, n_runs, TRUE, &raw_per_second);
      measure_raw (target, n_runs, FALSE, &new_connections_per_second);
    }
  if (g_strcmp0 (only, "raw") != 0)
    measure_engine (target, n_runs, concurrent_runs, max_running, burst,
                    webhook_new_connections, &engine_per_second);
  if (only == NULL)
    {
      g_print ("ratio: %.2f engine/raw\n", engine_per_second / raw_per_second);
      g_print ("ratio-new-connections: %.2f engine/raw-new-connections\n",
               engine_per_second / new_connections_per_second);
    }

  g_print ("target-bad-bodies: %u requests\n", target->n_bad_bodies);
  g_print ("target-unauthorized: %u requests\n", target->n_unauthorized);
  target_free (target);
  return 0;
}
