/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-workspace-private.h"

/* Runs: the workspace checks the role, the engine queues the run in the store and the one
 * engine that holds the lock runs it (this process's, or samband-cli serve's). What the
 * engine reports goes into the list models, so every view of an integration follows. */


enum
{
  RUN_STARTED,
  RUN_PROGRESS,
  RUN_FINISHED,
  INTEGRATION_FAILED,
  INTEGRATION_PAUSED,
  RUNS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean check_may_run (SbWorkspace    *self,
                               gint64          integration_id,
                               SbIntegration **out,
                               GError        **error);

void
sb_workspace_class_init_runs (GObjectClass *klass)
{
  GType type = G_TYPE_FROM_CLASS (klass);

  signals[RUN_STARTED] = g_signal_new ("run-started", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                       NULL, G_TYPE_NONE, 1, SB_TYPE_RUN);
  signals[RUN_PROGRESS] = g_signal_new ("run-progress", type, G_SIGNAL_RUN_LAST, 0, NULL,
                                        NULL, NULL, G_TYPE_NONE, 5, SB_TYPE_RUN, G_TYPE_UINT,
                                        G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT);
  signals[RUN_FINISHED] = g_signal_new ("run-finished", type, G_SIGNAL_RUN_LAST, 0, NULL,
                                        NULL, NULL, G_TYPE_NONE, 1, SB_TYPE_RUN);
  signals[INTEGRATION_FAILED] = g_signal_new ("integration-failed", type, G_SIGNAL_RUN_LAST, 0,
                                              NULL, NULL, NULL, G_TYPE_NONE, 2,
                                              SB_TYPE_INTEGRATION, SB_TYPE_RUN);
  signals[INTEGRATION_PAUSED] = g_signal_new ("integration-paused", type, G_SIGNAL_RUN_LAST, 0,
                                              NULL, NULL, NULL, G_TYPE_NONE, 2,
                                              SB_TYPE_INTEGRATION, G_TYPE_STRING);
  signals[RUNS_CHANGED] = g_signal_new ("runs-changed", type, G_SIGNAL_RUN_LAST, 0, NULL,
                                        NULL, NULL, G_TYPE_NONE, 0);
}

static gboolean
list_has_run (GListModel *list,
              gint64      run_id,
              guint      *position)
{
  guint n = g_list_model_get_n_items (list);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SbRun) item = g_list_model_get_item (list, i);

      if (sb_run_get_id (item) == run_id)
        {
          if (position != NULL)
            *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
log_has_event (GListModel *log,
               gint64      event_id)
{
  guint n = g_list_model_get_n_items (log);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SbRunEvent) event = g_list_model_get_item (log, i);

      if (sb_run_event_get_id (event) == event_id)
        return TRUE;
    }
  return FALSE;
}

static void
on_run_started (SbWorkspace *self,
                SbRun       *run)
{
  gint64 integration_id = sb_run_get_integration_id (run);
  GListStore *runs = g_hash_table_lookup (self->runs, &integration_id);
  guint position;

  /* Queued from here, it is in the list already: the running one takes its place. */
  if (runs != NULL && list_has_run (G_LIST_MODEL (runs), sb_run_get_id (run), &position))
    {
      SbIntegration *integration = sb_workspace_lookup_loaded_integration (self,
                                                                           integration_id);

      g_list_store_splice (runs, position, 1, (gpointer *)&run, 1);
      if (integration != NULL)
        sb_integration_set_last_run (integration, run);
    }
  else
    sb_workspace_add_run (self, run);
  g_signal_emit (self, signals[RUN_STARTED], 0, run);
}

static void
on_run_progress (SbWorkspace *self,
                 SbRun       *run,
                 guint        step,
                 guint        n_steps,
                 guint        item,
                 guint        n_items)
{
  g_signal_emit (self, signals[RUN_PROGRESS], 0, run, step, n_steps, item, n_items);
}

/* A run window shows the log as it grows: more of the run's events are in the store. Only
 * a log someone looks at is read again. */
static void
on_run_events (SbWorkspace *self,
               SbRun       *run)
{
  gint64 run_id = sb_run_get_id (run);
  GListStore *shown = g_hash_table_lookup (self->run_events, &run_id);
  g_autoptr(GPtrArray) events = NULL;
  guint n;

  if (shown == NULL)
    return;
  events = sb_store_list_run_events (self->store, run_id, NULL);
  n = g_list_model_get_n_items (G_LIST_MODEL (shown));
  if (events != NULL && events->len != n)
    g_list_store_splice (shown, 0, n, events->pdata, events->len);
}

static void
on_run_finished (SbWorkspace *self,
                 SbRun       *run)
{
  gint64 integration_id = sb_run_get_integration_id (run);
  GListStore *runs = g_hash_table_lookup (self->runs, &integration_id);
  g_autoptr(SbRun) stored = NULL;
  g_autoptr(GPtrArray) events = NULL;
  guint position;

  stored = sb_store_get_run (self->store, sb_run_get_id (run), NULL);
  if (stored == NULL)
    {
      /* A poll that found nothing: the engine left no run. */
      if (runs != NULL && list_has_run (G_LIST_MODEL (runs), sb_run_get_id (run), &position))
        g_list_store_remove (runs, position);
      return;
    }

  if (runs == NULL || !list_has_run (G_LIST_MODEL (runs), sb_run_get_id (run), NULL))
    sb_workspace_add_run (self, run);
  else
    {
      SbIntegration *integration = sb_workspace_lookup_loaded_integration (self,
                                                                           integration_id);

      if (integration != NULL)
        sb_integration_set_last_run (integration, run);
    }

  /* The run's log, where it is shown, as recorded (part of it may have been read while the
   * run went on); its warnings and errors join the integration's log once. */
  events = sb_store_list_run_events (self->store, sb_run_get_id (run), NULL);
  if (events != NULL)
    {
      gint64 run_id = sb_run_get_id (run);
      GListStore *shown = g_hash_table_lookup (self->run_events, &run_id);
      GListStore *log = g_hash_table_lookup (self->logs, &integration_id);

      if (shown != NULL)
        g_list_store_splice (shown, 0, g_list_model_get_n_items (G_LIST_MODEL (shown)),
                             events->pdata, events->len);
      for (guint i = 0; log != NULL && i < events->len; i++)
        {
          SbRunEvent *event = g_ptr_array_index (events, i);

          if (sb_run_event_get_level (event) >= SB_RUN_EVENT_LEVEL_WARNING &&
              !log_has_event (G_LIST_MODEL (log), sb_run_event_get_id (event)))
            g_list_store_insert (log, 0, event);
        }
    }

  g_signal_emit (self, signals[RUN_FINISHED], 0, run);

  if (sb_run_get_status (run) == SB_RUN_STATUS_FAILED)
    {
      g_autoptr(SbIntegration) integration = sb_workspace_dup_integration_by_id (self,
                                                                                integration_id);

      if (integration != NULL &&
          sb_integration_get_status (integration) == SB_INTEGRATION_STATUS_LIVE)
        g_signal_emit (self, signals[INTEGRATION_FAILED], 0, integration, run);
    }
}

static void
on_integration_paused (SbWorkspace *self,
                       gint64       integration_id,
                       const char  *reason)
{
  g_autoptr(SbIntegration) integration = sb_workspace_dup_integration_by_id (self,
                                                                            integration_id);

  if (integration == NULL)
    return;
  sb_integration_set_status (integration, SB_INTEGRATION_STATUS_PAUSED);
  g_signal_emit (self, signals[INTEGRATION_PAUSED], 0, integration, reason);
}

/* Another process wrote: read the runs shown again, and the statuses of the integrations. */
static void
on_store_changed (SbWorkspace *self)
{
  g_autoptr(GPtrArray) running = sb_engine_list_running (self->engine);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->runs);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GListStore *runs = value;
      gint64 integration_id = *(gint64 *)key;
      guint n = g_list_model_get_n_items (G_LIST_MODEL (runs));
      g_autoptr(GPtrArray) fresh = sb_store_list_runs (self->store, integration_id,
                                                       MAX (n, 50), NULL);
      SbIntegration *integration;

      if (fresh == NULL)
        continue;
      /* The runs of this process's engine stay the objects it updates as they go on. */
      for (guint i = 0; i < fresh->len; i++)
        for (guint j = 0; j < running->len; j++)
          if (sb_run_get_id (g_ptr_array_index (running, j)) ==
              sb_run_get_id (g_ptr_array_index (fresh, i)))
            {
              g_object_unref (g_ptr_array_index (fresh, i));
              g_ptr_array_index (fresh, i) = g_object_ref (g_ptr_array_index (running, j));
            }
      g_list_store_splice (runs, 0, n, fresh->pdata, fresh->len);
      integration = sb_workspace_lookup_loaded_integration (self, integration_id);
      if (integration != NULL && fresh->len > 0)
        sb_integration_set_last_run (integration, g_ptr_array_index (fresh, 0));
    }

  g_hash_table_iter_init (&iter, self->integrations);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GListModel *list = value;
      g_autoptr(GPtrArray) latest = sb_store_list_latest_runs (self->store, *(gint64 *)key,
                                                               NULL);
      guint n = g_list_model_get_n_items (list);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(SbIntegration) integration = g_list_model_get_item (list, i);
          g_autoptr(SbIntegration) current = NULL;

          for (guint j = 0; latest != NULL && j < latest->len; j++)
            {
              SbRun *run = g_ptr_array_index (latest, j);
              SbRun *shown = sb_integration_get_last_run (integration);

              if (sb_run_get_integration_id (run) == sb_integration_get_id (integration) &&
                  (shown == NULL || sb_run_get_id (shown) != sb_run_get_id (run) ||
                   sb_run_get_status (shown) != sb_run_get_status (run)))
                sb_integration_set_last_run (integration, run);
            }

          if (sb_integration_get_status (integration) != SB_INTEGRATION_STATUS_LIVE)
            continue;
          /* A live integration the other engine paused. */
          current = sb_store_get_integration (self->store, sb_integration_get_id (integration),
                                              NULL);
          if (current != NULL &&
              sb_integration_get_status (current) == SB_INTEGRATION_STATUS_PAUSED)
            {
              sb_integration_set_status (integration, SB_INTEGRATION_STATUS_PAUSED);
                        }
        }
    }

  /* An account the other engine found refused. */
  g_hash_table_iter_init (&iter, self->accounts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GListModel *list = value;
      g_autoptr(GPtrArray) stored = sb_store_list_accounts (self->store, *(gint64 *)key, NULL);
      guint n = g_list_model_get_n_items (list);

      for (guint i = 0; stored != NULL && i < n; i++)
        {
          g_autoptr(SbAccount) account = g_list_model_get_item (list, i);

          for (guint j = 0; j < stored->len; j++)
            {
              SbAccount *fresh = g_ptr_array_index (stored, j);

              if (sb_account_get_id (fresh) == sb_account_get_id (account) &&
                  sb_account_get_status (fresh) != sb_account_get_status (account))
                sb_account_set_status (account, sb_account_get_status (fresh));
            }
        }
    }

  g_signal_emit (self, signals[RUNS_CHANGED], 0);
}

static GListModel *
get_accounts_for_engine (gint64   organization_id,
                         gpointer user_data)
{
  SbWorkspace *self = user_data;
  g_autoptr(SbOrganization) org = sb_workspace_dup_organization (self, organization_id);

  if (org == NULL)
    return G_LIST_MODEL (g_list_store_new (SB_TYPE_ACCOUNT));
  return g_object_ref (sb_workspace_get_accounts (self, org));
}

void
sb_workspace_connect_engine (SbWorkspace *self)
{
  /* The engine lives no longer than the workspace. */
  sb_engine_set_accounts_func (self->engine, get_accounts_for_engine, self);
  g_signal_connect_object (self->engine, "run-started", G_CALLBACK (on_run_started), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->engine, "run-progress", G_CALLBACK (on_run_progress), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->engine, "run-events", G_CALLBACK (on_run_events), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->engine, "run-finished", G_CALLBACK (on_run_finished), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->engine, "integration-paused",
                           G_CALLBACK (on_integration_paused), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->engine, "store-changed", G_CALLBACK (on_store_changed), self,
                           G_CONNECT_SWAPPED);
}

static gboolean
start_engine (SbWorkspace  *self,
              gboolean      own_runs_only,
              GError      **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), FALSE);

  if (sb_engine_start_full (self->engine, self->data_dir, own_runs_only, &local_error))
    return TRUE;

  if (g_error_matches (local_error, SB_ENGINE_ERROR, SB_ENGINE_ERROR_ELSEWHERE))
    g_set_error_literal (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_ENGINE_ELSEWHERE,
                         local_error->message);
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

gboolean
sb_workspace_start_engine (SbWorkspace  *self,
                           GError      **error)
{
  return start_engine (self, FALSE, error);
}

gboolean
sb_workspace_start_engine_for_own_runs (SbWorkspace  *self,
                                        GError      **error)
{
  return start_engine (self, TRUE, error);
}

void
sb_workspace_stop_engine (SbWorkspace *self)
{
  g_return_if_fail (SB_IS_WORKSPACE (self));
  sb_engine_stop (self->engine);
}

SbRun *
sb_workspace_queue_run (SbWorkspace    *self,
                        SbIntegration  *integration,
                        JsonNode       *trigger_input,
                        GError        **error)
{
  SbRun *run;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (SB_IS_INTEGRATION (integration), NULL);

  if (!check_may_run (self, sb_integration_get_id (integration), NULL, error))
    return NULL;

  run = sb_engine_enqueue (self->engine, integration, "manual", trigger_input, error);
  if (run != NULL)
    sb_workspace_add_run (self, run);
  return run;
}

gboolean
sb_workspace_get_engine_started (SbWorkspace *self)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (self), FALSE);
  return sb_engine_is_started (self->engine);
}

void
sb_workspace_set_webhook_port (SbWorkspace *self,
                               guint        port)
{
  g_return_if_fail (SB_IS_WORKSPACE (self));
  sb_engine_set_webhook_port (self->engine, port);
}

void
sb_workspace_set_retention (SbWorkspace *self,
                            guint        days,
                            guint        per_integration)
{
  g_return_if_fail (SB_IS_WORKSPACE (self));
  sb_engine_set_retention (self->engine, days, per_integration);
}

guint
sb_workspace_get_webhook_port (SbWorkspace *self)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (self), 0);
  return sb_engine_get_webhook_port (self->engine);
}

const char *
sb_workspace_get_webhook_problem (SbWorkspace *self)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  return sb_engine_get_webhook_problem (self->engine);
}

GPtrArray *
sb_workspace_list_running_runs (SbWorkspace *self)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  return sb_engine_list_running (self->engine);
}

guint
sb_workspace_check_triggers (SbWorkspace *self,
                             GDateTime   *now)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (self), 0);
  return sb_engine_check_triggers (self->engine, now);
}

SbRun *
sb_workspace_dup_run (SbWorkspace  *self,
                      gint64        run_id,
                      GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  SbRun *run;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);

  run = sb_store_get_run (self->store, run_id, &local_error);
  if (run == NULL)
    g_set_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_NOT_FOUND,
                 /* Translators: %lld is the number of a run */
                   _("There is no run %lld."), (long long) run_id);
  return run;
}

/* Replaying and cancelling change things at the services: the people who may run it. */
static gboolean
check_may_run (SbWorkspace    *self,
               gint64          integration_id,
               SbIntegration **out,
               GError        **error)
{
  g_autoptr(SbIntegration) integration = sb_workspace_dup_integration_by_id (self,
                                                                            integration_id);
  g_autoptr(SbOrganization) org = NULL;

  if (integration == NULL)
    {
      g_set_error_literal (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_NOT_FOUND,
                           _("The integration of this run no longer exists"));
      return FALSE;
    }
  org = sb_workspace_dup_organization (self, sb_integration_get_organization_id (integration));
  if (org == NULL)
    {
      g_set_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_NOT_FOUND,
                   _("The integration “%s” belongs to no organization."),
                   sb_integration_get_name (integration));
      return FALSE;
    }
  if (!sb_workspace_check (self, org, SB_CAPABILITY_EDIT_INTEGRATIONS, error))
    return FALSE;
  if (out != NULL)
    *out = g_steal_pointer (&integration);
  return TRUE;
}

static void
translate_engine_error (GError **error)
{
  if (error == NULL || *error == NULL || (*error)->domain != SB_ENGINE_ERROR)
    return;

  switch ((*error)->code)
    {
    case SB_ENGINE_ERROR_NOT_FOUND:
      (*error)->domain = SB_WORKSPACE_ERROR;
      (*error)->code = SB_WORKSPACE_ERROR_NOT_FOUND;
      break;
    case SB_ENGINE_ERROR_NOT_REPLAYABLE:
      (*error)->domain = SB_WORKSPACE_ERROR;
      (*error)->code = SB_WORKSPACE_ERROR_NOT_REPLAYABLE;
      break;
    case SB_ENGINE_ERROR_ELSEWHERE:
      (*error)->domain = SB_WORKSPACE_ERROR;
      (*error)->code = SB_WORKSPACE_ERROR_ENGINE_ELSEWHERE;
      break;
    default:
      break;
    }
}

SbRun *
sb_workspace_replay_run (SbWorkspace  *self,
                         SbRun        *run,
                         gboolean      from_failed_step,
                         GError      **error)
{
  SbRun *replay;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (SB_IS_RUN (run), NULL);

  if (!check_may_run (self, sb_run_get_integration_id (run), NULL, error))
    return NULL;

  replay = sb_engine_replay (self->engine, sb_run_get_id (run), from_failed_step, error);
  translate_engine_error (error);
  return replay;
}

gboolean
sb_workspace_cancel_run (SbWorkspace  *self,
                         SbRun        *run,
                         GError      **error)
{
  gboolean cancelled;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (SB_IS_RUN (run), FALSE);

  if (!check_may_run (self, sb_run_get_integration_id (run), NULL, error))
    return FALSE;

  cancelled = sb_engine_cancel (self->engine, sb_run_get_id (run), error);
  translate_engine_error (error);
  if (cancelled)
    sb_run_set_cancel_requested (run, TRUE);
  return cancelled;
}

static void
waited_cb (GObject      *object,
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
sb_workspace_wait_run_async (SbWorkspace         *self,
                             gint64               run_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SB_IS_WORKSPACE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  sb_engine_wait_async (self->engine, run_id, cancellable, waited_cb, task);
}

SbRun *
sb_workspace_wait_run_finish (SbWorkspace   *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
run_finished_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  SbRun *run;

  run = sb_engine_run_finish (SB_ENGINE (object), result, &error);
  if (run == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, run, g_object_unref);
}

void
sb_workspace_run_integration_async (SbWorkspace         *self,
                                    SbIntegration       *integration,
                                    JsonNode            *trigger_input,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SB_IS_WORKSPACE (self));
  g_return_if_fail (SB_IS_INTEGRATION (integration));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sb_workspace_run_integration_async);

  if (!check_may_run (self, sb_integration_get_id (integration), NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  sb_engine_run_async (self->engine, integration, trigger_input, cancellable,
                       run_finished_cb, g_steal_pointer (&task));
}

SbRun *
sb_workspace_run_integration_finish (SbWorkspace   *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
