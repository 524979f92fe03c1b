/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sb-engine.h"

#include "sb-runner.h"

/* TESTING.md measured libsoup's default of 2 connections per host as the bottleneck of
 * concurrent runs against one service. */
#define MAX_CONNS_PER_HOST 8

struct _SbEngine
{
  GObject             parent_instance;

  SbStore            *store;
  SbCredentialSource *credentials;
  SoupSession        *session;

  /* integration id → GQueue of GTasks waiting, the first of them running */
  GHashTable         *queues;
};

G_DEFINE_FINAL_TYPE (SbEngine, sb_engine, G_TYPE_OBJECT)

enum
{
  RUN_FINISHED,
  CREDENTIALS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  SbConnectorCatalog *catalog;
  SbIntegration      *integration;
  GListModel         *accounts;
  JsonNode           *trigger_input;
} Pending;

static void
pending_free (Pending *pending)
{
  g_clear_object (&pending->catalog);
  g_clear_object (&pending->integration);
  g_clear_object (&pending->accounts);
  g_clear_pointer (&pending->trigger_input, json_node_unref);
  g_free (pending);
}

static void
queue_free (GQueue *queue)
{
  g_queue_free_full (queue, g_object_unref);
}

static void
sb_engine_dispose (GObject *object)
{
  SbEngine *self = (SbEngine *)object;

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->credentials);
  g_clear_object (&self->store);
  g_clear_pointer (&self->queues, g_hash_table_unref);

  G_OBJECT_CLASS (sb_engine_parent_class)->dispose (object);
}

static void
sb_engine_class_init (SbEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sb_engine_dispose;

  signals[RUN_FINISHED] = g_signal_new ("run-finished", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 1, SB_TYPE_RUN);
  signals[CREDENTIALS_CHANGED] =
    g_signal_new ("credentials-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64,
                  SB_TYPE_CREDENTIALS | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
sb_engine_init (SbEngine *self)
{
  self->queues = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                        (GDestroyNotify)queue_free);
}

SbEngine *
sb_engine_new (SbStore            *store,
               SbCredentialSource *credentials)
{
  SbEngine *self;

  g_return_val_if_fail (SB_IS_STORE (store), NULL);
  g_return_val_if_fail (credentials == NULL || SB_IS_CREDENTIAL_SOURCE (credentials), NULL);

  self = g_object_new (SB_TYPE_ENGINE, NULL);
  self->store = g_object_ref (store);
  self->credentials = credentials != NULL ? g_object_ref (credentials) : NULL;
  self->session = soup_session_new_with_options ("max-conns-per-host", MAX_CONNS_PER_HOST,
                                                 "user-agent", "Samband/" PACKAGE_VERSION,
                                                 NULL);
  return self;
}

SoupSession *
sb_engine_get_session (SbEngine *self)
{
  g_return_val_if_fail (SB_IS_ENGINE (self), NULL);
  return self->session;
}

gint64
sb_engine_recover (SbEngine  *self,
                   GError   **error)
{
  gint64 n;

  g_return_val_if_fail (SB_IS_ENGINE (self), -1);

  if (!sb_store_begin (self->store, error))
    return -1;
  n = sb_store_interrupt_running_runs (self->store, error);
  if (n < 0)
    {
      sb_store_rollback (self->store);
      return -1;
    }
  if (!sb_store_commit (self->store, error))
    return -1;

  if (n > 0)
    g_message ("%" G_GINT64_FORMAT " runs left running by an earlier exit are now interrupted", n);
  return n;
}

static void start_run (SbEngine *self, GTask *task);

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SbEngine *self = g_task_get_source_object (task);
  Pending *pending = g_task_get_task_data (task);
  gint64 id = sb_integration_get_id (pending->integration);
  g_autoptr(GError) error = NULL;
  g_autoptr(SbRun) run = NULL;
  GQueue *queue;

  run = sb_runner_run_finish (result, &error);

  /* The next run of the integration, if one waits. */
  queue = self->queues != NULL ? g_hash_table_lookup (self->queues, &id) : NULL;
  if (queue != NULL)
    {
      GTask *first = g_queue_pop_head (queue);

      g_clear_object (&first);
      if (g_queue_is_empty (queue))
        g_hash_table_remove (self->queues, &id);
      else
        start_run (self, g_queue_peek_head (queue));
    }

  if (run != NULL)
    {
      g_signal_emit (self, signals[RUN_FINISHED], 0, run);
      g_task_return_pointer (task, g_steal_pointer (&run), g_object_unref);
    }
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
credentials_changed (gint64               account_id,
                     const SbCredentials *changed,
                     gpointer             user_data)
{
  SbEngine *self = user_data;

  g_signal_emit (self, signals[CREDENTIALS_CHANGED], 0, account_id, changed);
}

static void
start_run (SbEngine *self,
           GTask    *task)
{
  Pending *pending = g_task_get_task_data (task);

  /* The task holds the engine until the run ends, so it can hear of new tokens. */
  sb_runner_run_full_async (self->store, self->session, pending->catalog, self->credentials,
                            pending->integration, pending->accounts, pending->trigger_input,
                            credentials_changed, self, g_task_get_cancellable (task),
                            run_done_cb, g_object_ref (task));
}

void
sb_engine_run_async (SbEngine            *self,
                     SbConnectorCatalog  *catalog,
                     SbIntegration       *integration,
                     GListModel          *accounts,
                     JsonNode            *trigger_input,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Pending *pending;
  GQueue *queue;
  gint64 id;

  g_return_if_fail (SB_IS_ENGINE (self));
  g_return_if_fail (SB_IS_CONNECTOR_CATALOG (catalog));
  g_return_if_fail (SB_IS_INTEGRATION (integration));
  g_return_if_fail (G_IS_LIST_MODEL (accounts));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sb_engine_run_async);

  pending = g_new0 (Pending, 1);
  pending->catalog = g_object_ref (catalog);
  pending->integration = g_object_ref (integration);
  pending->accounts = g_object_ref (accounts);
  pending->trigger_input = trigger_input != NULL ? json_node_copy (trigger_input) : NULL;
  g_task_set_task_data (task, pending, (GDestroyNotify)pending_free);

  /* One run at a time per integration: a later one waits for the earlier ones, in order. */
  id = sb_integration_get_id (integration);
  queue = g_hash_table_lookup (self->queues, &id);
  if (queue == NULL)
    {
      gint64 *key = g_new (gint64, 1);

      *key = id;
      queue = g_queue_new ();
      g_hash_table_insert (self->queues, key, queue);
    }
  g_queue_push_tail (queue, g_object_ref (task));
  if (g_queue_get_length (queue) == 1)
    start_run (self, task);
}

SbRun *
sb_engine_run_finish (SbEngine      *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (SB_IS_ENGINE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sb_engine_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
