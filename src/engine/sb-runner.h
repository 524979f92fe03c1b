/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "connectors/sb-auth.h"
#include "connectors/sb-connector-catalog.h"
#include "model/sb-model.h"
#include "store/sb-store.h"

G_BEGIN_DECLS

/* The most of a step's output a run event keeps; a larger one is recorded as its size. */
#define SB_RUNNER_MAX_RECORDED_OUTPUT (256 * 1024)
/* The largest answer a step reads; a larger one fails the step. */
#define SB_RUNNER_MAX_RESPONSE_SIZE   (10 * 1024 * 1024)

/* One run of one integration, end to end: inserts the run (running, now), looks up the
 * credentials of the accounts its steps use through @credentials, runs the steps in order
 * against the context {"trigger": @trigger_input, "steps": {"<id>": output}}, records each
 * step's input and output (redacted, size-capped) as run events, and writes the outcome
 * (succeeded or failed, finished_at, counts, the error) to @store.
 *
 * @accounts: the SbAccounts of the integration's organization.
 * @trigger_input (nullable): what the trigger delivered; null for a manual run.
 *
 * A run that failed is not an error: _finish returns it with its status and error set.
 * Only a failure to record the run (the store) is a GError. Everything happens on the
 * thread-default main context of the caller; nothing runs in a thread. */
void   sb_runner_run_async  (SbStore             *store,
                             SoupSession         *session,
                             SbConnectorCatalog  *catalog,
                             SbCredentialSource  *credentials,
                             SbIntegration       *integration,
                             GListModel          *accounts,
                             JsonNode            *trigger_input,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data);
/* Called when a run renewed an account's tokens or session (a rotated OAuth2 refresh token
 * replaces the old one at the service): @changed holds only the fields that changed, to be
 * stored back where the credentials are kept. */
typedef void (*SbRunnerCredentialsChanged) (gint64               account_id,
                                            const SbCredentials *changed,
                                            gpointer             user_data);

/* sb_runner_run_async() with @changed_func (nullable), called on the main context while the
 * run goes on; @changed_data must stay valid until the run ends. */
void   sb_runner_run_full_async (SbStore                    *store,
                                 SoupSession                *session,
                                 SbConnectorCatalog         *catalog,
                                 SbCredentialSource         *credentials,
                                 SbIntegration              *integration,
                                 GListModel                 *accounts,
                                 JsonNode                   *trigger_input,
                                 SbRunnerCredentialsChanged  changed_func,
                                 gpointer                    changed_data,
                                 GCancellable               *cancellable,
                                 GAsyncReadyCallback         callback,
                                 gpointer                    user_data);

/* Called on the main context as a run moves on: the top-level step @step (from 0) of
 * @n_steps starts, or, inside a for_each step, its item @item (from 0) of @n_items does
 * (both 0 outside a loop). */
typedef void (*SbRunnerProgress) (SbRun      *run,
                                  guint       step,
                                  guint       n_steps,
                                  guint       item,
                                  guint       n_items,
                                  gpointer    user_data);

/* Called on the main context once events of @run have been written to the store: when a
 * step ends (at most four times a second), and at the latest a quarter of a second after an
 * event was recorded, so that a view of the run follows it even while it waits. */
typedef void (*SbRunnerEventsRecorded) (SbRun    *run,
                                        gpointer  user_data);

typedef struct
{
  SbRunnerCredentialsChanged credentials_changed;  /* nullable */
  SbRunnerProgress           progress;             /* nullable */
  gpointer                   user_data;            /* valid until the run ends */
  /* Replaying from a failed step (sb_run_get_start_step() > 0): the recorded outputs of the
   * steps before it, by step id. */
  JsonObject                *outputs;
  SbRunnerEventsRecorded     events_recorded;      /* nullable */
} SbRunnerHooks;

/* Runs @run, a run of @integration that the caller made: a new one (id 0), or one already
 * queued in @store. Its trigger input, start step, trigger kind and catch-up flag say what
 * to run; the runner sets it running and records it as sb_runner_run_async() does. The run
 * fails, as timed out, after the integration's setting "run_timeout_minutes" (default 30).
 *
 * A run of the trigger kind "poll" first asks the integration's poll trigger for the items
 * newer than the cursor stored as "poll" (the step "trigger", on the trigger's account). The
 * first poll runs no steps: what is there is history, and only where to go on from is noted.
 * Later polls run the steps once per new item, oldest first, with the item as the context's
 * "trigger" (an item that fails is counted and the others go on). The cursor moves on only
 * once the run is recorded as succeeded, and then no further than the item before the first
 * that failed, so the next poll asks for the items not done again. */
void   sb_runner_run_queued_async (SbStore             *store,
                                   SoupSession         *session,
                                   SbConnectorCatalog  *catalog,
                                   SbCredentialSource  *credentials,
                                   SbIntegration       *integration,
                                   GListModel          *accounts,
                                   SbRun               *run,
                                   const SbRunnerHooks *hooks,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);

/* Returns: (transfer full): the run as recorded, or %NULL with @error. Also for
 * sb_runner_run_full_async(). */
SbRun *sb_runner_run_finish (GAsyncResult        *result,
                             GError             **error);

G_END_DECLS
