/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "connectors/sb-connector-catalog.h"
#include "model/sb-model.h"
#include "store/sb-store.h"

G_BEGIN_DECLS

#define SB_ENGINE_ERROR (sb_engine_error_quark ())

typedef enum
{
  /* Another process (samband-cli serve, or a window) runs the integrations of this data. */
  SB_ENGINE_ERROR_ELSEWHERE,
  SB_ENGINE_ERROR_NOT_FOUND,
  SB_ENGINE_ERROR_NOT_REPLAYABLE,
} SbEngineError;

/* The most runs at a time, all integrations together, unless told otherwise. */
#define SB_ENGINE_DEFAULT_MAX_RUNNING 8

#define SB_TYPE_ENGINE (sb_engine_get_type ())
G_DECLARE_FINAL_TYPE (SbEngine, sb_engine, SB, ENGINE, GObject)

/* Runs integrations. Every run goes through the store: it is written as queued first (by
 * whoever asks for it: the window, samband-cli, a webhook, the schedule), and the one
 * engine that holds the data directory's lock (sb_engine_start()) runs the queued runs in
 * order: one at a time per integration (its setting "max_concurrent_runs"), at most
 * "max-running" in all. It owns the one SoupSession, the schedule and the poll triggers.
 *
 * An engine that is not started still queues runs, cancels them and waits for them: the
 * engine that runs elsewhere does the work, and this one sees it in the store.
 *
 * Signals:
 * "run-started" (SbRun *run), "run-progress" (SbRun *run, guint step, guint n_steps,
 * guint item, guint n_items), "run-events" (SbRun *run: more of its events are in the
 * store), "run-finished" (SbRun *run): runs of this engine.
 * "integration-paused" (gint64 integration_id, const char *reason): it failed too often.
 * "store-changed" (): another process wrote to the store.
 * "credentials-changed" (gint64 account_id, SbCredentials *changed): a run renewed an
 * account's tokens or session; store the fields back in the keyring. */
GQuark       sb_engine_error_quark   (void);

SbEngine    *sb_engine_new           (SbStore             *store,
                                      SbCredentialSource  *credentials,
                                      SbConnectorCatalog  *catalog);
SoupSession *sb_engine_get_session   (SbEngine            *self);
/* Where a run gets the accounts of its integration's organization (a GListModel of
 * SbAccount, transfer full). Without one, they are read from the store. The workspace sets
 * it: its accounts know where the demo's imitations listen. */
typedef GListModel *(*SbEngineAccountsFunc) (gint64   organization_id,
                                             gpointer user_data);
void         sb_engine_set_accounts_func (SbEngine            *self,
                                          SbEngineAccountsFunc func,
                                          gpointer             user_data);
SbStore     *sb_engine_get_store     (SbEngine            *self);

/* Takes the lock of @data_dir (a file "engine.lock" in it, released by the system when the
 * process ends, however it ends), turns runs a crash left running into interrupted ones
 * (and queues them again when their integration's retries allow), and starts running the
 * queue, the schedule and the poll triggers. SB_ENGINE_ERROR_ELSEWHERE when another
 * process holds the lock. */
gboolean     sb_engine_start         (SbEngine            *self,
                                      const char          *data_dir,
                                      GError             **error);
/* As sb_engine_start(), but with @own_runs_only it runs only the runs it queued itself, and
 * neither the schedule nor the poll triggers (samband-cli run: one run, then exit). */
gboolean     sb_engine_start_full    (SbEngine            *self,
                                      const char          *data_dir,
                                      gboolean             own_runs_only,
                                      GError             **error);
gboolean     sb_engine_is_started    (SbEngine            *self);
/* Stops running anything new; runs in progress go on until they end. */
void         sb_engine_stop          (SbEngine            *self);
void         sb_engine_set_max_running (SbEngine          *self,
                                        guint              max_running);
/* The port of the webhook receiver (on 127.0.0.1), set before sb_engine_start(); 0 for any
 * free one (the tests). The receiver is not started for samband-cli run. */
#define SB_ENGINE_DEFAULT_WEBHOOK_PORT 8787
void         sb_engine_set_webhook_port (SbEngine         *self,
                                         guint             port);
/* The port it listens on, 0 while it does not. */
guint        sb_engine_get_webhook_port (SbEngine         *self);
/* Why the receiver could not start (the port is taken), translated; NULL when it runs or was
 * not asked to. */
const char  *sb_engine_get_webhook_problem (SbEngine      *self);
/* Retention: the engine prunes finished runs older than @days or beyond the newest
 * @per_integration of each integration (with their events), and gives the space back to the
 * file system, at start and every hour. Defaults: 90 days, 1000 runs. 0: no limit. */
#define SB_ENGINE_DEFAULT_RETENTION_DAYS 90
#define SB_ENGINE_DEFAULT_RETENTION_RUNS 1000
void         sb_engine_set_retention (SbEngine            *self,
                                      guint                days,
                                      guint                per_integration);
/* Prunes now; returns how many runs went, or -1. */
gint64       sb_engine_prune         (SbEngine            *self,
                                      GError             **error);
/* Another process has the lock: its id, or 0. */
GPid         sb_engine_get_lock_owner (SbEngine           *self,
                                       const char         *data_dir);
/* Checks the schedule and the poll triggers now (the engine does it on its own twice a
 * minute and on start-up); @now is for the tests, NULL for the clock. Returns how many runs
 * it queued. */
guint        sb_engine_check_triggers (SbEngine           *self,
                                       GDateTime          *now);

/* Writes a queued run of @integration: @trigger_kind "manual", "schedule", "poll",
 * "webhook"; @trigger_input (nullable) is what the trigger delivered. Returns the run, or
 * NULL with @error when the store could not keep it. Inside a transaction of the caller it
 * joins that; otherwise it commits before it returns. */
SbRun       *sb_engine_enqueue       (SbEngine            *self,
                                      SbIntegration       *integration,
                                      const char          *trigger_kind,
                                      JsonNode            *trigger_input,
                                      GError             **error);
/* Queues a new run with the trigger input of the finished run @run_id; @from_failed_step:
 * start at the step that failed, with the recorded outputs of the steps before it. */
SbRun       *sb_engine_replay        (SbEngine            *self,
                                      gint64               run_id,
                                      gboolean             from_failed_step,
                                      GError             **error);
/* Asks the run to stop: a queued one does not run, a running one stops within a second,
 * wherever its engine runs. FALSE with SB_ENGINE_ERROR_NOT_FOUND when it has ended. */
gboolean     sb_engine_cancel        (SbEngine            *self,
                                      gint64               run_id,
                                      GError             **error);
/* Waits until the run @run_id has ended and returns it as recorded. */
void         sb_engine_wait_async    (SbEngine            *self,
                                      gint64               run_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
SbRun       *sb_engine_wait_finish   (SbEngine            *self,
                                      GAsyncResult        *result,
                                      GError             **error);
/* The runs in progress in this engine; a new GPtrArray of SbRun. */
GPtrArray   *sb_engine_list_running  (SbEngine            *self);

/* sb_engine_enqueue() a manual run (or one with @trigger_input), then
 * sb_engine_wait_async(). */
void         sb_engine_run_async     (SbEngine            *self,
                                      SbIntegration       *integration,
                                      JsonNode            *trigger_input,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
SbRun       *sb_engine_run_finish    (SbEngine            *self,
                                      GAsyncResult        *result,
                                      GError             **error);

G_END_DECLS
