/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "sb-engine.h"

#include "model/sb-json.h"
#include "sb-runner.h"
#include "sb-schedule.h"
#include "sb-webhook-server.h"


/* TESTING.md measured libsoup's default of 2 connections per host as the bottleneck of
 * concurrent runs against one service. */
#define MAX_CONNS_PER_HOST 16
/* How often the schedule and the poll triggers are looked at. */
#define TRIGGER_CHECK_SECONDS 20
/* How often the store is looked at for what other processes did (a cancel, a queued run). */
#define WATCH_MILLISECONDS 500
/* A scheduled run later than this after its time is a catch-up. */
#define CATCH_UP_GRACE_SECONDS 120
#define DEFAULT_POLL_MINUTES 15
#define DEFAULT_PAUSE_AFTER_FAILURES 10
#define DEFAULT_RETRIES 3

struct _SbEngine
{
  GObject             parent_instance;

  SbStore            *store;
  SbCredentialSource *credentials;
  SbConnectorCatalog *catalog;
  SoupSession        *session;

  int                 lock_fd;      /* -1: not started */
  guint               max_running;
  GHashTable         *running;      /* run id → Active */
  GHashTable         *per_integration; /* integration id → number running */
  GHashTable         *waiters;      /* run id → GPtrArray of GTask */
  guint               pump_id;
  guint               trigger_id;
  guint               watch_id;
  gint64              data_version;
  gboolean            own_runs_only;
  /* The queue, in memory: integration id → Waiting. Read from the store at start and when
   * another process wrote; kept up to date by what this engine queues and starts. */
  GHashTable         *waiting;
  guint               retention_days;
  guint               retention_runs;
  guint               prune_id;
  SbEngineAccountsFunc accounts_func;
  SbWebhookServer    *webhooks;
  guint               webhook_port;
  char               *webhook_problem;
  gpointer            accounts_data;
  GHashTable         *own;          /* run ids queued here, with own_runs_only */
};

G_DEFINE_FINAL_TYPE (SbEngine, sb_engine, G_TYPE_OBJECT)

G_DEFINE_QUARK (sb-engine-error-quark, sb_engine_error)

enum
{
  RUN_STARTED,
  RUN_PROGRESS,
  RUN_EVENTS,
  RUN_FINISHED,
  INTEGRATION_PAUSED,
  STORE_CHANGED,
  CREDENTIALS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  SbEngine      *engine;       /* borrowed: the engine outlives its runs' callbacks */
  SbRun         *run;
  SbIntegration *integration;
  GCancellable  *cancellable;
  JsonObject    *outputs;
} Active;

static void
active_free (Active *active)
{
  g_clear_object (&active->run);
  g_clear_object (&active->integration);
  g_clear_object (&active->cancellable);
  g_clear_pointer (&active->outputs, json_object_unref);
  g_free (active);
}

/* The queued runs of one integration, oldest first. */
typedef struct
{
  GQueue runs;    /* SbRun, owned */
} Waiting;

static void
waiting_free (Waiting *waiting)
{
  g_queue_clear_full (&waiting->runs, g_object_unref);
  g_free (waiting);
}

static gint64 *
new_id (gint64 id)
{
  gint64 *key = g_new (gint64, 1);

  *key = id;
  return key;
}

static void
sb_engine_dispose (GObject *object)
{
  SbEngine *self = (SbEngine *)object;

  sb_engine_stop (self);
  if (self->running != NULL)
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, self->running);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        g_cancellable_cancel (((Active *)value)->cancellable);
    }
  if (self->session != NULL)
    soup_session_abort (self->session);

  G_OBJECT_CLASS (sb_engine_parent_class)->dispose (object);
}

static void
sb_engine_finalize (GObject *object)
{
  SbEngine *self = (SbEngine *)object;

  g_clear_object (&self->session);
  g_clear_object (&self->webhooks);
  g_free (self->webhook_problem);
  g_clear_object (&self->credentials);
  g_clear_object (&self->catalog);
  g_clear_object (&self->store);
  g_clear_pointer (&self->running, g_hash_table_unref);
  g_clear_pointer (&self->per_integration, g_hash_table_unref);
  g_clear_pointer (&self->waiters, g_hash_table_unref);
  g_clear_pointer (&self->own, g_hash_table_unref);
  g_clear_pointer (&self->waiting, g_hash_table_unref);

  G_OBJECT_CLASS (sb_engine_parent_class)->finalize (object);
}

static void
sb_engine_class_init (SbEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sb_engine_dispose;
  object_class->finalize = sb_engine_finalize;

  signals[RUN_STARTED] = g_signal_new ("run-started", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 1, SB_TYPE_RUN);
  signals[RUN_PROGRESS] = g_signal_new ("run-progress", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 5, SB_TYPE_RUN, G_TYPE_UINT, G_TYPE_UINT,
                                        G_TYPE_UINT, G_TYPE_UINT);
  signals[RUN_EVENTS] = g_signal_new ("run-events", G_TYPE_FROM_CLASS (klass),
                                      G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                      G_TYPE_NONE, 1, SB_TYPE_RUN);
  signals[RUN_FINISHED] = g_signal_new ("run-finished", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 1, SB_TYPE_RUN);
  signals[INTEGRATION_PAUSED] = g_signal_new ("integration-paused", G_TYPE_FROM_CLASS (klass),
                                              G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                              G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);
  signals[STORE_CHANGED] = g_signal_new ("store-changed", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 0);
  signals[CREDENTIALS_CHANGED] =
    g_signal_new ("credentials-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64,
                  SB_TYPE_CREDENTIALS | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
sb_engine_init (SbEngine *self)
{
  self->lock_fd = -1;
  self->webhook_port = SB_ENGINE_DEFAULT_WEBHOOK_PORT;
  self->retention_days = SB_ENGINE_DEFAULT_RETENTION_DAYS;
  self->retention_runs = SB_ENGINE_DEFAULT_RETENTION_RUNS;
  self->max_running = SB_ENGINE_DEFAULT_MAX_RUNNING;
  self->running = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                         (GDestroyNotify)active_free);
  self->per_integration = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->waiters = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                         (GDestroyNotify)g_ptr_array_unref);
  self->own = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->waiting = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                         (GDestroyNotify)waiting_free);
}

static gboolean watch_cb (gpointer user_data);

SbEngine *
sb_engine_new (SbStore            *store,
               SbCredentialSource *credentials,
               SbConnectorCatalog *catalog)
{
  SbEngine *self;

  g_return_val_if_fail (SB_IS_STORE (store), NULL);
  g_return_val_if_fail (credentials == NULL || SB_IS_CREDENTIAL_SOURCE (credentials), NULL);
  g_return_val_if_fail (SB_IS_CONNECTOR_CATALOG (catalog), NULL);

  self = g_object_new (SB_TYPE_ENGINE, NULL);
  self->store = g_object_ref (store);
  self->credentials = credentials != NULL ? g_object_ref (credentials) : NULL;
  self->catalog = g_object_ref (catalog);
  self->session = soup_session_new_with_options ("max-conns-per-host", MAX_CONNS_PER_HOST,
                                                 "max-conns", MAX_CONNS_PER_HOST * 4,
                                                 "user-agent", "Samband/" PACKAGE_VERSION,
                                                 NULL);
  self->data_version = sb_store_get_data_version (store);
  /* Started or not, the engine sees what other processes write. */
  self->watch_id = g_timeout_add (WATCH_MILLISECONDS, watch_cb, self);
  return self;
}

SoupSession *
sb_engine_get_session (SbEngine *self)
{
  g_return_val_if_fail (SB_IS_ENGINE (self), NULL);
  return self->session;
}

SbStore *
sb_engine_get_store (SbEngine *self)
{
  g_return_val_if_fail (SB_IS_ENGINE (self), NULL);
  return self->store;
}

gboolean
sb_engine_is_started (SbEngine *self)
{
  g_return_val_if_fail (SB_IS_ENGINE (self), FALSE);
  return self->lock_fd >= 0;
}

void
sb_engine_set_max_running (SbEngine *self,
                           guint     max_running)
{
  g_return_if_fail (SB_IS_ENGINE (self));
  self->max_running = MAX (max_running, 1);
}

/* ------------------------------------------------------------------------------------ */
/* Settings of an integration */

static gint64
get_setting (SbIntegration *integration,
             const char    *name,
             gint64         fallback)
{
  JsonNode *settings = sb_integration_get_settings (integration);

  if (settings == NULL || !JSON_NODE_HOLDS_OBJECT (settings))
    return fallback;
  return sb_json_get_int (json_node_get_object (settings), name, fallback);
}

static JsonObject *
get_trigger (SbIntegration *integration)
{
  JsonNode *trigger = sb_integration_get_trigger (integration);

  return trigger != NULL && JSON_NODE_HOLDS_OBJECT (trigger) ? json_node_get_object (trigger)
                                                             : NULL;
}

/* ------------------------------------------------------------------------------------ */
/* Waiting for runs */

static void
complete_waiters (SbEngine *self,
                  SbRun    *run)
{
  gint64 id = sb_run_get_id (run);
  g_autoptr(GPtrArray) tasks = NULL;
  gpointer key;

  if (!g_hash_table_steal_extended (self->waiters, &id, &key, (gpointer *)&tasks))
    return;
  g_free (key);
  for (guint i = 0; i < tasks->len; i++)
    {
      GTask *task = g_ptr_array_index (tasks, i);

      g_task_return_pointer (task, g_object_ref (run), g_object_unref);
    }
}

/* Runs this engine does not run (another process does, or they were cancelled while
 * queued): their waiters look in the store. */
static void
check_waiters_in_store (SbEngine *self)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->waiters);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (self->running, key))
      g_array_append_val (ids, *(gint64 *)key);

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(SbRun) run = sb_store_get_run (self->store, id, &error);

      if (run != NULL && sb_run_is_finished (run))
        complete_waiters (self, run);
      else if (run == NULL)
        {
          /* Gone (pruned, or its integration purged): the waiters hear why. */
          g_autoptr(GPtrArray) tasks = NULL;

          if (!g_hash_table_steal_extended (self->waiters, &id, &key, (gpointer *)&tasks))
            continue;
          g_free (key);
          for (guint j = 0; j < tasks->len; j++)
            g_task_return_error (g_ptr_array_index (tasks, j), g_error_copy (error));
        }
    }
}

/* ------------------------------------------------------------------------------------ */
/* Running the queue */

static void pump (SbEngine *self);

static gboolean
pump_cb (gpointer user_data)
{
  SbEngine *self = user_data;

  self->pump_id = 0;
  pump (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_pump (SbEngine *self)
{
  if (self->lock_fd >= 0 && self->pump_id == 0)
    self->pump_id = g_idle_add (pump_cb, self);
}

static guint
count_running (SbEngine *self,
               gint64    integration_id)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->per_integration, &integration_id));
}

static void
set_running (SbEngine *self,
             gint64    integration_id,
             guint     n)
{
  if (n == 0)
    g_hash_table_remove (self->per_integration, &integration_id);
  else
    g_hash_table_insert (self->per_integration, new_id (integration_id), GUINT_TO_POINTER (n));
}

/* Auto-pause: a live integration whose last N runs all failed pauses itself. */
static void
check_failures (SbEngine      *self,
                SbIntegration *integration)
{
  gint64 limit = get_setting (integration, "pause_after_failures",
                              DEFAULT_PAUSE_AFTER_FAILURES);
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(SbIntegration) current = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;

  if (limit <= 0)
    return;

  runs = sb_store_list_runs (self->store, sb_integration_get_id (integration), (guint)limit,
                             NULL);
  if (runs == NULL || runs->len < (guint)limit)
    return;
  for (guint i = 0; i < runs->len; i++)
    {
      SbRunStatus status = sb_run_get_status (g_ptr_array_index (runs, i));

      if (status != SB_RUN_STATUS_FAILED && status != SB_RUN_STATUS_INTERRUPTED)
        return;
    }

  current = sb_store_get_integration (self->store, sb_integration_get_id (integration), NULL);
  if (current == NULL || sb_integration_get_status (current) != SB_INTEGRATION_STATUS_LIVE)
    return;

  reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Paused after %u failed run in a row",
                                         "Paused after %u failed runs in a row",
                                         (guint)limit),
                            (guint)limit);
  sb_integration_set_status (current, SB_INTEGRATION_STATUS_PAUSED);
  if (!sb_store_begin (self->store, &error) ||
      !sb_store_update_integration (self->store, current, &error) ||
      !sb_store_insert_audit (self->store, sb_integration_get_organization_id (current), 0,
                              "integration.auto-pause", "integration",
                              sb_integration_get_id (current), reason, &error) ||
      !sb_store_commit (self->store, &error))
    {
      sb_store_rollback (self->store);
      g_warning ("Could not pause the integration %" G_GINT64_FORMAT ": %s",
                 sb_integration_get_id (current), error->message);
      return;
    }

  g_signal_emit (self, signals[INTEGRATION_PAUSED], 0, sb_integration_get_id (current), reason);
}

typedef struct
{
  SbEngine *engine;
  gint64    run_id;
} Done;

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Done *done = user_data;
  g_autoptr(SbEngine) self = done->engine;
  gint64 run_id = done->run_id;
  g_autoptr(GError) error = NULL;
  g_autoptr(SbRun) run = NULL;
  g_autoptr(SbIntegration) integration = NULL;
  Active *active;
  gint64 integration_id;

  g_free (done);
  run = sb_runner_run_finish (result, &error);

  active = g_hash_table_lookup (self->running, &run_id);
  g_return_if_fail (active != NULL);
  integration = g_object_ref (active->integration);
  if (run == NULL)
    {
      /* The store failed to record the end: the run stays running there, and becomes
       * interrupted at the next start. */
      g_warning ("The end of run %" G_GINT64_FORMAT " could not be recorded: %s", run_id,
                 error->message);
      run = g_object_ref (active->run);
    }
  integration_id = sb_integration_get_id (integration);
  set_running (self, integration_id, count_running (self, integration_id) - 1);
  g_hash_table_remove (self->running, &run_id);

  /* A poll that found nothing new leaves no run behind; the cursor says when it looked. */
  if (g_strcmp0 (sb_run_get_trigger_kind (run), "poll") == 0 &&
      sb_run_get_status (run) == SB_RUN_STATUS_SUCCEEDED && sb_run_get_items_read (run) == 0)
    {
      g_autoptr(GError) delete_error = NULL;

      if (!sb_store_delete_run (self->store, run_id, &delete_error))
        g_debug ("An empty poll run stays: %s", delete_error->message);
    }

  g_signal_emit (self, signals[RUN_FINISHED], 0, run);
  complete_waiters (self, run);

  if (sb_run_get_status (run) == SB_RUN_STATUS_FAILED)
    check_failures (self, integration);

  schedule_pump (self);
}

static void
progress_cb (SbRun    *run,
             guint     step,
             guint     n_steps,
             guint     item,
             guint     n_items,
             gpointer  user_data)
{
  SbEngine *self = user_data;

  g_signal_emit (self, signals[RUN_PROGRESS], 0, run, step, n_steps, item, n_items);
}

static void
events_recorded_cb (SbRun    *run,
                    gpointer  user_data)
{
  SbEngine *self = user_data;

  g_signal_emit (self, signals[RUN_EVENTS], 0, run);
}

static void
credentials_changed_cb (gint64               account_id,
                        const SbCredentials *changed,
                        gpointer             user_data)
{
  SbEngine *self = user_data;

  g_signal_emit (self, signals[CREDENTIALS_CHANGED], 0, account_id, changed);
}

void
sb_engine_set_accounts_func (SbEngine             *self,
                             SbEngineAccountsFunc  func,
                             gpointer              user_data)
{
  g_return_if_fail (SB_IS_ENGINE (self));
  self->accounts_func = func;
  self->accounts_data = user_data;
}

static GListModel *
load_accounts (SbEngine      *self,
               SbIntegration *integration)
{
  GListStore *accounts;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  if (self->accounts_func != NULL)
    return self->accounts_func (sb_integration_get_organization_id (integration),
                                self->accounts_data);

  accounts = g_list_store_new (SB_TYPE_ACCOUNT);

  list = sb_store_list_accounts (self->store, sb_integration_get_organization_id (integration),
                                 &error);
  if (list == NULL)
    g_warning ("Could not read the accounts of a run: %s", error->message);
  else
    g_list_store_splice (accounts, 0, 0, list->pdata, list->len);
  return G_LIST_MODEL (accounts);
}

/* A run that cannot start (its integration is gone) is recorded as failed. */
static void
fail_queued (SbEngine   *self,
             SbRun      *run,
             const char *message)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;

  sb_run_set_status (run, SB_RUN_STATUS_FAILED);
  sb_run_set_error (run, message);
  sb_run_set_finished_at (run, now);
  if (!sb_store_update_run (self->store, run, &error))
    g_warning ("Could not record a run that cannot start: %s", error->message);
  g_signal_emit (self, signals[RUN_FINISHED], 0, run);
  complete_waiters (self, run);
}

static void
start_run (SbEngine      *self,
           SbRun         *run,
           SbIntegration *integration,
           JsonObject    *outputs)
{
  g_autoptr(GListModel) accounts = load_accounts (self, integration);
  SbRunnerHooks hooks = { credentials_changed_cb, progress_cb, self, outputs,
                          events_recorded_cb };
  Active *active = g_new0 (Active, 1);
  Done *done = g_new0 (Done, 1);
  gint64 integration_id = sb_integration_get_id (integration);

  active->engine = self;
  active->run = g_object_ref (run);
  active->integration = g_object_ref (integration);
  active->cancellable = g_cancellable_new ();
  active->outputs = outputs != NULL ? json_object_ref (outputs) : NULL;

  g_hash_table_insert (self->running, new_id (sb_run_get_id (run)), active);
  set_running (self, integration_id, count_running (self, integration_id) + 1);

  done->engine = g_object_ref (self);
  done->run_id = sb_run_get_id (run);
  sb_runner_run_queued_async (self->store, self->session, self->catalog, self->credentials,
                              integration, accounts, run, &hooks, active->cancellable,
                              run_done_cb, done);
  g_signal_emit (self, signals[RUN_STARTED], 0, run);
}

/* The recorded outputs of the top-level steps before @start_step of the run @run_id. */
static JsonObject *
load_outputs (SbEngine       *self,
              SbIntegration  *integration,
              gint64          run_id,
              guint           start_step,
              GError        **error)
{
  g_autoptr(JsonObject) outputs = json_object_new ();
  g_autoptr(GPtrArray) events = NULL;
  JsonNode *steps = sb_integration_get_steps (integration);
  JsonArray *array;

  if (steps == NULL || !JSON_NODE_HOLDS_ARRAY (steps))
    return g_steal_pointer (&outputs);
  array = json_node_get_array (steps);

  events = sb_store_list_run_events (self->store, run_id, error);
  if (events == NULL)
    return NULL;

  for (guint i = 0; i < start_step && i < json_array_get_length (array); i++)
    {
      JsonObject *step = json_array_get_object_element (array, i);
      const char *id = step != NULL ? sb_json_get_string (step, "id") : NULL;
      JsonNode *output = NULL;

      for (guint j = 0; id != NULL && j < events->len; j++)
        {
          SbRunEvent *event = g_ptr_array_index (events, j);
          JsonNode *data = sb_run_event_get_data (event);
          JsonObject *object;

          if (g_strcmp0 (sb_run_event_get_step_id (event), id) != 0 || data == NULL ||
              !JSON_NODE_HOLDS_OBJECT (data))
            continue;
          object = json_node_get_object (data);
          if (json_object_has_member (object, "output"))
            output = json_object_get_member (object, "output");
        }

      if (output == NULL || (JSON_NODE_HOLDS_OBJECT (output) &&
                             json_object_get_boolean_member_with_default (
                               json_node_get_object (output), "truncated", FALSE)))
        {
          g_set_error (error, SB_ENGINE_ERROR, SB_ENGINE_ERROR_NOT_REPLAYABLE,
                       /* Translators: %s is the id of a step */
                       _("The output of the step “%s” was not kept in full, so the run cannot "
                         "go on from the failed step: replay all of it instead."),
                       id != NULL ? id : "?");
          return NULL;
        }
      json_object_set_member (outputs, id, json_node_copy (output));
    }

  return g_steal_pointer (&outputs);
}

static gint
compare_run_ids (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  gint64 x = sb_run_get_id ((SbRun *)a), y = sb_run_get_id ((SbRun *)b);

  return x < y ? -1 : x > y;
}

static void
add_waiting (SbEngine *self,
             SbRun    *run)
{
  gint64 integration_id = sb_run_get_integration_id (run);
  Waiting *waiting = g_hash_table_lookup (self->waiting, &integration_id);

  if (waiting == NULL)
    {
      waiting = g_new0 (Waiting, 1);
      g_queue_init (&waiting->runs);
      g_hash_table_insert (self->waiting, new_id (integration_id), waiting);
    }
  /* In the order they came: ids grow, so mostly at the end. */
  g_queue_insert_sorted (&waiting->runs, g_object_ref (run), compare_run_ids, NULL);
}

static void
remove_waiting (SbEngine *self,
                gint64    run_id)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->waiting);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Waiting *waiting = value;

      for (GList *l = waiting->runs.head; l != NULL; l = l->next)
        if (sb_run_get_id (l->data) == run_id)
          {
            g_object_unref (l->data);
            g_queue_delete_link (&waiting->runs, l);
            if (g_queue_is_empty (&waiting->runs))
              g_hash_table_iter_remove (&iter);
            return;
          }
    }
}

/* The queue as the store has it: after a start, and when another process wrote. */
static void
reload_waiting (SbEngine *self)
{
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) error = NULL;

  runs = sb_store_list_unfinished_runs (self->store, &error);
  if (runs == NULL)
    {
      g_warning ("Could not read the queue of runs: %s", error->message);
      return;
    }

  g_hash_table_remove_all (self->waiting);
  for (guint i = 0; i < runs->len; i++)
    {
      SbRun *run = g_ptr_array_index (runs, i);
      gint64 run_id = sb_run_get_id (run);

      if (sb_run_get_status (run) != SB_RUN_STATUS_QUEUED ||
          g_hash_table_contains (self->running, &run_id))
        continue;
      if (self->own_runs_only && !g_hash_table_contains (self->own, &run_id))
        continue;
      add_waiting (self, run);
    }
}

/* The run to start next: the oldest head among the integrations below their limit. */
static Waiting *
pick_waiting (SbEngine  *self,
              gint64    *integration_id,
              GHashTable *full)
{
  GHashTableIter iter;
  gpointer key, value;
  Waiting *best = NULL;

  g_hash_table_iter_init (&iter, self->waiting);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Waiting *waiting = value;

      if (g_hash_table_contains (full, key))
        continue;
      if (best == NULL ||
          sb_run_get_id (g_queue_peek_head (&waiting->runs)) <
          sb_run_get_id (g_queue_peek_head (&best->runs)))
        {
          best = waiting;
          *integration_id = *(gint64 *)key;
        }
    }
  return best;
}

static void
pump (SbEngine *self)
{
  g_autoptr(GHashTable) full = NULL;

  if (self->lock_fd < 0)
    return;

  /* Integrations at their limit this time round. */
  full = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  while (g_hash_table_size (self->running) < self->max_running)
    {
      g_autoptr(SbIntegration) integration = NULL;
      g_autoptr(JsonObject) outputs = NULL;
      g_autoptr(GError) load_error = NULL;
      g_autoptr(SbRun) run = NULL;
      gint64 integration_id = 0;
      Waiting *waiting;
      gint64 limit;

      waiting = pick_waiting (self, &integration_id, full);
      if (waiting == NULL)
        break;

      integration = sb_store_get_integration (self->store, integration_id, &load_error);
      if (integration != NULL)
        {
          limit = MAX (get_setting (integration, "max_concurrent_runs", 1), 1);
          if (count_running (self, integration_id) >= (guint)limit)
            {
              g_hash_table_add (full, new_id (integration_id));
              continue;
            }
        }

      run = g_queue_pop_head (&waiting->runs);
      if (g_queue_is_empty (&waiting->runs))
        g_hash_table_remove (self->waiting, &integration_id);

      if (integration == NULL)
        {
          fail_queued (self, run, _("The integration of this run no longer exists"));
          continue;
        }

      if (sb_run_get_start_step (run) > 0)
        {
          outputs = load_outputs (self, integration, sb_run_get_replay_of (run),
                                  sb_run_get_start_step (run), &load_error);
          if (outputs == NULL)
            {
              fail_queued (self, run, load_error->message);
              continue;
            }
        }

      start_run (self, run, integration, outputs);
    }
}

/* ------------------------------------------------------------------------------------ */
/* Watching the store */

static void
check_cancel_requests (SbEngine *self)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->running);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Active *active = value;
      gboolean requested = FALSE;

      if (g_cancellable_is_cancelled (active->cancellable))
        continue;
      if (sb_store_get_cancel_requested (self->store, *(gint64 *)key, &requested, NULL) &&
          requested)
        g_cancellable_cancel (active->cancellable);
    }
}

static gboolean
watch_cb (gpointer user_data)
{
  SbEngine *self = user_data;
  gint64 version = sb_store_get_data_version (self->store);

  if (version == self->data_version)
    return G_SOURCE_CONTINUE;
  self->data_version = version;

  /* Another process wrote: a run queued or cancelled there, a run finished there. */
  if (self->lock_fd >= 0)
    reload_waiting (self);
  check_cancel_requests (self);
  check_waiters_in_store (self);
  schedule_pump (self);
  g_signal_emit (self, signals[STORE_CHANGED], 0);
  return G_SOURCE_CONTINUE;
}

/* ------------------------------------------------------------------------------------ */
/* Queueing */

SbRun *
sb_engine_enqueue (SbEngine       *self,
                   SbIntegration  *integration,
                   const char     *trigger_kind,
                   JsonNode       *trigger_input,
                   GError        **error)
{
  g_autoptr(SbRun) run = sb_run_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gboolean own = FALSE;

  g_return_val_if_fail (SB_IS_ENGINE (self), NULL);
  g_return_val_if_fail (SB_IS_INTEGRATION (integration), NULL);
  g_return_val_if_fail (trigger_kind != NULL, NULL);

  sb_run_set_integration_id (run, sb_integration_get_id (integration));
  sb_run_set_status (run, SB_RUN_STATUS_QUEUED);
  sb_run_set_queued_at (run, now);
  sb_run_set_trigger_kind (run, trigger_kind);
  sb_run_set_trigger_input (run, trigger_input);

  if (!sb_store_in_transaction (self->store))
    {
      if (!sb_store_begin (self->store, error))
        return NULL;
      own = TRUE;
    }
  if (!sb_store_insert_run (self->store, run, error) ||
      (own && !sb_store_commit (self->store, error)))
    {
      if (own)
        sb_store_rollback (self->store);
      return NULL;
    }

  g_hash_table_add (self->own, new_id (sb_run_get_id (run)));
  if (self->lock_fd >= 0)
    add_waiting (self, run);
  schedule_pump (self);
  return g_steal_pointer (&run);
}

SbRun *
sb_engine_replay (SbEngine  *self,
                  gint64     run_id,
                  gboolean   from_failed_step,
                  GError   **error)
{
  g_autoptr(SbRun) original = NULL;
  g_autoptr(SbIntegration) integration = NULL;
  g_autoptr(SbRun) run = NULL;
  g_autoptr(GError) local_error = NULL;
  guint start = 0;

  g_return_val_if_fail (SB_IS_ENGINE (self), NULL);

  original = sb_store_get_run (self->store, run_id, &local_error);
  if (original == NULL)
    {
      g_set_error (error, SB_ENGINE_ERROR, SB_ENGINE_ERROR_NOT_FOUND,
                   /* Translators: %lld is the number of a run */
                   _("There is no run %lld."), (long long) run_id);
      return NULL;
    }
  if (!sb_run_is_finished (original))
    {
      g_set_error (error, SB_ENGINE_ERROR, SB_ENGINE_ERROR_NOT_REPLAYABLE,
                   /* Translators: %lld is the number of a run */
                   _("The run %lld has not ended yet."), (long long) run_id);
      return NULL;
    }
  integration = sb_store_get_integration (self->store, sb_run_get_integration_id (original),
                                          error);
  if (integration == NULL)
    return NULL;

  if (from_failed_step)
    {
      g_autoptr(GPtrArray) events = sb_store_list_run_events (self->store, run_id, error);
      JsonNode *steps = sb_integration_get_steps (integration);
      const char *failed = NULL;

      if (events == NULL)
        return NULL;
      for (guint i = 0; i < events->len; i++)
        {
          SbRunEvent *event = g_ptr_array_index (events, i);

          if (sb_run_event_get_level (event) == SB_RUN_EVENT_LEVEL_ERROR &&
              sb_run_event_get_step_id (event) != NULL)
            {
              failed = sb_run_event_get_step_id (event);
              break;
            }
        }
      if (sb_run_get_status (original) != SB_RUN_STATUS_FAILED || failed == NULL)
        {
          g_set_error (error, SB_ENGINE_ERROR, SB_ENGINE_ERROR_NOT_REPLAYABLE,
                       /* Translators: %lld is the number of a run */
                   _("The run %lld has no failed step to go on from."),
                       (long long) run_id);
          return NULL;
        }
      /* The top-level step that is, or holds, the failed one. */
      for (guint i = 0; steps != NULL && JSON_NODE_HOLDS_ARRAY (steps) &&
                        i < json_array_get_length (json_node_get_array (steps)); i++)
        {
          JsonObject *step = json_array_get_object_element (json_node_get_array (steps), i);
          g_autofree char *text = json_to_string (json_array_get_element (
                                                    json_node_get_array (steps), i), FALSE);
          g_autofree char *quoted = g_strdup_printf ("\"id\":\"%s\"", failed);

          if (g_strcmp0 (sb_json_get_string (step, "id"), failed) == 0 ||
              strstr (text, quoted) != NULL)
            {
              start = i;
              break;
            }
        }
      /* Checked now, so that the refusal comes at once and not as a failed run. */
      {
        g_autoptr(JsonObject) outputs = load_outputs (self, integration, run_id, start, error);

        if (outputs == NULL)
          return NULL;
      }
    }

  run = sb_engine_enqueue (self, integration, sb_run_get_trigger_kind (original),
                           sb_run_get_trigger_input (original), error);
  if (run == NULL)
    return NULL;
  sb_run_set_replay_of (run, run_id);
  sb_run_set_start_step (run, start);
  sb_run_set_catch_up (run, sb_run_get_catch_up (original));
  if (!sb_store_update_run (self->store, run, error))
    return NULL;
  return g_steal_pointer (&run);
}

gboolean
sb_engine_cancel (SbEngine  *self,
                  gint64     run_id,
                  GError   **error)
{
  gboolean found = FALSE;
  Active *active;

  g_return_val_if_fail (SB_IS_ENGINE (self), FALSE);

  if (!sb_store_request_cancel (self->store, run_id, &found, error))
    return FALSE;
  if (!found)
    {
      g_set_error (error, SB_ENGINE_ERROR, SB_ENGINE_ERROR_NOT_FOUND,
                   /* Translators: %lld is the number of a run */
                   _("The run %lld is not queued or running."), (long long) run_id);
      return FALSE;
    }

  active = g_hash_table_lookup (self->running, &run_id);
  if (active != NULL)
    g_cancellable_cancel (active->cancellable);
  else
    {
      remove_waiting (self, run_id);
      check_waiters_in_store (self);
    }
  return TRUE;
}

void
sb_engine_wait_async (SbEngine            *self,
                      gint64               run_id,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SbRun) run = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *tasks;

  g_return_if_fail (SB_IS_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sb_engine_wait_async);

  if (!g_hash_table_contains (self->running, &run_id))
    {
      run = sb_store_get_run (self->store, run_id, &error);
      if (run == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      if (sb_run_is_finished (run))
        {
          g_task_return_pointer (task, g_steal_pointer (&run), g_object_unref);
          return;
        }
    }

  tasks = g_hash_table_lookup (self->waiters, &run_id);
  if (tasks == NULL)
    {
      tasks = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (self->waiters, new_id (run_id), tasks);
    }
  g_ptr_array_add (tasks, g_steal_pointer (&task));
}

SbRun *
sb_engine_wait_finish (SbEngine      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (SB_IS_ENGINE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

GPtrArray *
sb_engine_list_running (SbEngine *self)
{
  GPtrArray *runs = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (SB_IS_ENGINE (self), runs);

  g_hash_table_iter_init (&iter, self->running);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (runs, g_object_ref (((Active *)value)->run));
  return runs;
}

static void
run_waited_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  SbRun *run = sb_engine_wait_finish (SB_ENGINE (object), result, &error);

  if (run == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, run, g_object_unref);
}

void
sb_engine_run_async (SbEngine            *self,
                     SbIntegration       *integration,
                     JsonNode            *trigger_input,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SbRun) run = NULL;

  g_return_if_fail (SB_IS_ENGINE (self));
  g_return_if_fail (SB_IS_INTEGRATION (integration));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sb_engine_run_async);

  run = sb_engine_enqueue (self, integration, "manual", trigger_input, &error);
  if (run == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  sb_engine_wait_async (self, sb_run_get_id (run), cancellable, run_waited_cb,
                        g_steal_pointer (&task));
}

SbRun *
sb_engine_run_finish (SbEngine      *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (SB_IS_ENGINE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------ */
/* The schedule and the poll triggers */

static GDateTime *
dup_cursor_time (SbEngine   *self,
                 gint64      integration_id,
                 const char *name)
{
  g_autofree char *text = sb_store_dup_cursor (self->store, integration_id, name, NULL);

  return text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
}

static gboolean
has_unfinished (GPtrArray  *unfinished,
                gint64      integration_id,
                const char *kind)
{
  for (guint i = 0; i < unfinished->len; i++)
    {
      SbRun *run = g_ptr_array_index (unfinished, i);

      if (sb_run_get_integration_id (run) == integration_id &&
          g_strcmp0 (sb_run_get_trigger_kind (run), kind) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Queues @run with the cursor @name set to @value, both or neither. */
static gboolean
enqueue_with_cursor (SbEngine      *self,
                     SbIntegration *integration,
                     const char    *kind,
                     JsonNode      *input,
                     gboolean       catch_up,
                     const char    *name,
                     GDateTime     *value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbRun) run = NULL;
  g_autofree char *text = g_date_time_format_iso8601 (value);
  gint64 id = sb_integration_get_id (integration);

  if (!sb_store_begin (self->store, &error))
    goto failed;
  run = sb_engine_enqueue (self, integration, kind, input, &error);
  if (run == NULL)
    goto failed;
  sb_run_set_catch_up (run, catch_up);
  if (!sb_store_update_run (self->store, run, &error) ||
      !sb_store_set_cursor (self->store, id, name, text, &error) ||
      !sb_store_commit (self->store, &error))
    goto failed;
  return TRUE;

failed:
  sb_store_rollback (self->store);
  /* What was queued here is not in the store. */
  if (self->lock_fd >= 0)
    reload_waiting (self);
  g_warning ("Could not queue a %s run of the integration %" G_GINT64_FORMAT ": %s", kind, id,
             error->message);
  return FALSE;
}

guint
sb_engine_check_triggers (SbEngine  *self,
                          GDateTime *now)
{
  g_autoptr(GDateTime) clock = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GPtrArray) live = NULL;
  g_autoptr(GPtrArray) unfinished = NULL;
  g_autoptr(GError) error = NULL;
  guint queued = 0;

  g_return_val_if_fail (SB_IS_ENGINE (self), 0);

  live = sb_store_list_live_integrations (self->store, &error);
  unfinished = live != NULL ? sb_store_list_unfinished_runs (self->store, &error) : NULL;
  if (unfinished == NULL)
    {
      g_warning ("Could not look at the schedule: %s", error->message);
      return 0;
    }

  for (guint i = 0; i < live->len; i++)
    {
      SbIntegration *integration = g_ptr_array_index (live, i);
      gint64 id = sb_integration_get_id (integration);
      JsonObject *trigger = get_trigger (integration);
      const char *kind = trigger != NULL ? sb_json_get_string (trigger, "kind") : NULL;

      if (g_strcmp0 (kind, "schedule") == 0)
        {
          g_autoptr(GDateTime) last = dup_cursor_time (self, id, "schedule");
          g_autoptr(GDateTime) slot = NULL;
          g_autoptr(JsonObject) input = NULL;
          g_autoptr(JsonNode) node = NULL;
          g_autofree char *slot_text = NULL;
          GDateTime *since = sb_integration_get_activated_at (integration);
          gboolean catch_up;
          guint missed = 0;

          if (has_unfinished (unfinished, id, "schedule") ||
              !sb_schedule_due (trigger, last, since, clock, tz, &slot, &missed, NULL))
            continue;

          /* Catch up once: one run for everything missed, never one per missed slot. */
          catch_up = missed > 1 ||
                     g_date_time_difference (clock, slot) > CATCH_UP_GRACE_SECONDS *
                                                             G_TIME_SPAN_SECOND;
          slot_text = g_date_time_format_iso8601 (slot);
          input = json_object_new ();
          json_object_set_string_member (input, "scheduled_for", slot_text);
          json_object_set_boolean_member (input, "catch_up", catch_up);
          json_object_set_int_member (input, "missed", missed);
          node = json_node_init_object (json_node_alloc (), input);
          if (enqueue_with_cursor (self, integration, "schedule", node, catch_up, "schedule",
                                   slot))
            queued++;
        }
      else if (g_strcmp0 (kind, "poll") == 0)
        {
          g_autoptr(GDateTime) checked = dup_cursor_time (self, id, "poll.checked");
          gint64 every = MAX (sb_json_get_int (trigger, "every_minutes", DEFAULT_POLL_MINUTES),
                              1);

          if (has_unfinished (unfinished, id, "poll") ||
              (checked != NULL &&
               g_date_time_difference (clock, checked) < every * G_TIME_SPAN_MINUTE))
            continue;
          if (enqueue_with_cursor (self, integration, "poll", NULL, FALSE, "poll.checked",
                                   clock))
            queued++;
        }
    }

  return queued;
}

static gboolean
trigger_cb (gpointer user_data)
{
  SbEngine *self = user_data;

  sb_engine_check_triggers (self, NULL);
  return G_SOURCE_CONTINUE;
}

/* ------------------------------------------------------------------------------------ */
/* Retention */

void
sb_engine_set_retention (SbEngine *self,
                         guint     days,
                         guint     per_integration)
{
  g_return_if_fail (SB_IS_ENGINE (self));
  self->retention_days = days;
  self->retention_runs = per_integration;
}

gint64
sb_engine_prune (SbEngine  *self,
                 GError   **error)
{
  gint64 n = 0;

  g_return_val_if_fail (SB_IS_ENGINE (self), -1);

  if (!sb_store_begin (self->store, error))
    return -1;
  if (self->retention_days > 0)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autoptr(GDateTime) before = g_date_time_add_days (now, -(int)self->retention_days);
      gint64 old = sb_store_prune_runs (self->store, before, error);

      if (old < 0)
        goto failed;
      n += old;
    }
  if (self->retention_runs > 0)
    {
      gint64 beyond = sb_store_prune_runs_beyond (self->store, self->retention_runs, error);

      if (beyond < 0)
        goto failed;
      n += beyond;
    }
  if (!sb_store_commit (self->store, error))
    goto failed;

  /* The pages freed go back to the file system: history never grows without bound. */
  if (n > 0 && !sb_store_reclaim_space (self->store, 0, error))
    return -1;
  return n;

failed:
  sb_store_rollback (self->store);
  return -1;
}

static gboolean
prune_cb (gpointer user_data)
{
  SbEngine *self = user_data;
  g_autoptr(GError) error = NULL;

  if (sb_engine_prune (self, &error) < 0)
    g_message ("Could not prune old runs: %s", error->message);
  return G_SOURCE_CONTINUE;
}

/* ------------------------------------------------------------------------------------ */
/* Webhooks */

void
sb_engine_set_webhook_port (SbEngine *self,
                            guint     port)
{
  g_return_if_fail (SB_IS_ENGINE (self));
  self->webhook_port = port;
}

guint
sb_engine_get_webhook_port (SbEngine *self)
{
  g_return_val_if_fail (SB_IS_ENGINE (self), 0);
  return self->webhooks != NULL ? sb_webhook_server_get_port (self->webhooks) : 0;
}

const char *
sb_engine_get_webhook_problem (SbEngine *self)
{
  g_return_val_if_fail (SB_IS_ENGINE (self), NULL);
  return self->webhook_problem;
}

/* Only a live integration receives; the signature is that of its account's service. */
static SbWebhookTarget *
lookup_webhook (const char *token,
                gpointer    user_data)
{
  SbEngine *self = user_data;
  g_autoptr(SbIntegration) integration = NULL;
  g_autoptr(SbAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  SbConnector *connector = NULL;
  JsonObject *trigger;
  gint64 account_id;

  integration = sb_store_find_webhook_integration (self->store, token, &error);
  if (integration == NULL)
    {
      if (error != NULL)
        g_warning ("Could not look up a webhook: %s", error->message);
      return NULL;
    }
  if (sb_integration_get_status (integration) != SB_INTEGRATION_STATUS_LIVE)
    return NULL;

  trigger = get_trigger (integration);
  account_id = trigger != NULL ? sb_json_get_int (trigger, "account", 0) : 0;
  if (account_id != 0)
    account = sb_store_get_account (self->store, account_id, NULL);
  if (account != NULL)
    connector = sb_connector_catalog_lookup (self->catalog, sb_account_get_connector_id (account));
  if (connector == NULL)
    return sb_webhook_target_new (sb_integration_get_id (integration), 0,
                                  SB_SIGNATURE_SCHEME_NONE, NULL, NULL);

  return sb_webhook_target_new (sb_integration_get_id (integration), account_id,
                                sb_connector_get_webhook_scheme (connector),
                                sb_connector_get_webhook_header (connector),
                                sb_connector_get_webhook_secret_field (connector));
}

static gboolean
accept_webhook (gint64               integration_id,
                SoupMessageHeaders  *headers,
                GBytes              *body,
                const char          *content_type,
                gpointer             user_data,
                GError             **error)
{
  SbEngine *self = user_data;
  g_autoptr(SbIntegration) integration = NULL;
  g_autoptr(JsonNode) input = NULL;
  g_autoptr(SbRun) run = NULL;
  gsize size = 0;
  const char *data = g_bytes_get_data (body, &size);

  integration = sb_store_get_integration (self->store, integration_id, error);
  if (integration == NULL)
    return FALSE;

  /* The event as the steps see it: the JSON it is, or its text. */
  if (data != NULL && size > 0)
    {
      g_autofree char *text = g_strndup (data, size);

      input = json_from_string (text, NULL);
      if (input == NULL)
        {
          g_autoptr(JsonObject) object = json_object_new ();

          json_object_set_string_member (object, "body", text);
          if (content_type != NULL)
            json_object_set_string_member (object, "content_type", content_type);
          input = json_node_init_object (json_node_alloc (), object);
        }
    }

  /* A trigger for one kind of event ("payment_intent.succeeded") lets the others by: they
   * are answered, so the service does not send them again, and not run. */
  {
    JsonObject *trigger = get_trigger (integration);
    const char *wanted = trigger != NULL ? sb_json_get_string (trigger, "event") : NULL;
    const char *type = input != NULL && JSON_NODE_HOLDS_OBJECT (input)
                         ? sb_json_get_string (json_node_get_object (input), "type") : NULL;

    if (wanted != NULL && type != NULL && g_strcmp0 (wanted, type) != 0)
      return TRUE;
  }

  run = sb_engine_enqueue (self, integration, "webhook", input, error);
  return run != NULL;
}

static void
start_webhooks (SbEngine *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->webhook_problem, g_free);
  self->webhooks = sb_webhook_server_new (self->credentials);
  sb_webhook_server_set_lookup_func (self->webhooks, lookup_webhook, self, NULL);
  sb_webhook_server_set_accept_func (self->webhooks, accept_webhook, self, NULL);
  if (!sb_webhook_server_start (self->webhooks, self->webhook_port, &error))
    {
      self->webhook_problem = g_strdup (error->message);
      g_message ("The webhook receiver did not start: %s", error->message);
      g_clear_object (&self->webhooks);
    }
}

/* ------------------------------------------------------------------------------------ */
/* Start and stop */

static char *
lock_path (const char *data_dir)
{
  return g_build_filename (data_dir, "engine.lock", NULL);
}

GPid
sb_engine_get_lock_owner (SbEngine   *self,
                          const char *data_dir)
{
  g_autofree char *path = lock_path (data_dir);
  g_autofree char *text = NULL;
  int fd;
  GPid pid = 0;

  g_return_val_if_fail (SB_IS_ENGINE (self), 0);

  if (self->lock_fd >= 0)
    return getpid ();

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return 0;
  /* Free to take: nobody has it. */
  if (flock (fd, LOCK_SH | LOCK_NB) == 0)
    {
      close (fd);
      return 0;
    }
  close (fd);
  if (g_file_get_contents (path, &text, NULL, NULL))
    pid = (GPid) g_ascii_strtoll (text, NULL, 10);
  return pid > 0 ? pid : -1;
}

/* Runs a crash left running become interrupted, and run again while their integration's
 * retries allow. */
static void
recover (SbEngine *self)
{
  g_autoptr(GPtrArray) unfinished = NULL;
  g_autoptr(GError) error = NULL;
  guint n_interrupted = 0;

  unfinished = sb_store_list_unfinished_runs (self->store, &error);
  if (unfinished == NULL || !sb_store_begin (self->store, &error))
    goto failed;
  if (sb_store_interrupt_running_runs (self->store, &error) < 0)
    goto failed;

  for (guint i = 0; i < unfinished->len; i++)
    {
      SbRun *old = g_ptr_array_index (unfinished, i);
      g_autoptr(SbIntegration) integration = NULL;
      g_autoptr(SbRun) again = NULL;

      if (sb_run_get_status (old) != SB_RUN_STATUS_RUNNING)
        continue;
      n_interrupted++;
      integration = sb_store_get_integration (self->store, sb_run_get_integration_id (old),
                                              NULL);
      if (integration == NULL || sb_run_get_cancel_requested (old) ||
          sb_run_get_attempt (old) > (guint) get_setting (integration, "retries",
                                                          DEFAULT_RETRIES))
        continue;

      again = sb_engine_enqueue (self, integration, sb_run_get_trigger_kind (old),
                                 sb_run_get_trigger_input (old), &error);
      if (again == NULL)
        goto failed;
      sb_run_set_attempt (again, sb_run_get_attempt (old) + 1);
      sb_run_set_replay_of (again, sb_run_get_id (old));
      sb_run_set_start_step (again, 0);
      sb_run_set_catch_up (again, sb_run_get_catch_up (old));
      if (!sb_store_update_run (self->store, again, &error))
        goto failed;
    }

  if (!sb_store_commit (self->store, &error))
    goto failed;
  if (n_interrupted > 0)
    g_message ("%u runs left running by an earlier exit are now interrupted", n_interrupted);
  return;

failed:
  sb_store_rollback (self->store);
  g_warning ("Could not mark interrupted runs: %s", error->message);
}

gboolean
sb_engine_start (SbEngine    *self,
                 const char  *data_dir,
                 GError     **error)
{
  return sb_engine_start_full (self, data_dir, FALSE, error);
}

gboolean
sb_engine_start_full (SbEngine    *self,
                      const char  *data_dir,
                      gboolean     own_runs_only,
                      GError     **error)
{
  g_autofree char *path = NULL;
  g_autofree char *pid = NULL;
  int fd;

  g_return_val_if_fail (SB_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (data_dir != NULL, FALSE);

  if (self->lock_fd >= 0)
    return TRUE;

  path = lock_path (data_dir);
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   /* Translators: %s is a file, then the system's reason */
                   _("Could not open “%s”: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }
  /* flock: the system lets go of it when the process ends, even killed. */
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      g_autofree char *text = NULL;
      GPid owner = 0;

      close (fd);
      if (g_file_get_contents (path, &text, NULL, NULL))
        owner = (GPid) g_ascii_strtoll (text, NULL, 10);
      if (owner > 0)
        g_set_error (error, SB_ENGINE_ERROR, SB_ENGINE_ERROR_ELSEWHERE,
                     _("Integrations of this data already run in another process (%d), such "
                       "as samband-cli serve: runs are shown, not started here."),
                     (int)owner);
      else
        g_set_error_literal (error, SB_ENGINE_ERROR, SB_ENGINE_ERROR_ELSEWHERE,
                             _("Integrations of this data already run in another process, "
                               "such as samband-cli serve: runs are shown, not started "
                               "here."));
      return FALSE;
    }

  pid = g_strdup_printf ("%d\n", (int)getpid ());
  if (ftruncate (fd, 0) != 0 || write (fd, pid, strlen (pid)) < 0)
    g_debug ("Could not write the process id into %s", path);
  self->lock_fd = fd;
  self->own_runs_only = own_runs_only;

  recover (self);
  reload_waiting (self);
  if (!own_runs_only)
    {
      sb_engine_check_triggers (self, NULL);
      self->trigger_id = g_timeout_add_seconds (TRIGGER_CHECK_SECONDS, trigger_cb, self);
      start_webhooks (self);
      prune_cb (self);
      self->prune_id = g_timeout_add_seconds (60 * 60, prune_cb, self);
    }
  schedule_pump (self);
  return TRUE;
}

void
sb_engine_stop (SbEngine *self)
{
  g_return_if_fail (SB_IS_ENGINE (self));

  g_clear_handle_id (&self->pump_id, g_source_remove);
  g_clear_handle_id (&self->trigger_id, g_source_remove);
  g_clear_handle_id (&self->prune_id, g_source_remove);
  g_clear_handle_id (&self->watch_id, g_source_remove);
  if (self->webhooks != NULL)
    sb_webhook_server_stop (self->webhooks);
  g_clear_object (&self->webhooks);
  if (self->lock_fd >= 0)
    {
      close (self->lock_fd);
      self->lock_fd = -1;
  self->webhook_port = SB_ENGINE_DEFAULT_WEBHOOK_PORT;
  self->retention_days = SB_ENGINE_DEFAULT_RETENTION_DAYS;
  self->retention_runs = SB_ENGINE_DEFAULT_RETENTION_RUNS;
    }
}
