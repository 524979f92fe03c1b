/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "connectors/sb-connector-catalog.h"
#include "model/sb-model.h"
#include "store/sb-store.h"

G_BEGIN_DECLS

#define SB_TYPE_ENGINE (sb_engine_get_type ())
G_DECLARE_FINAL_TYPE (SbEngine, sb_engine, SB, ENGINE, GObject)

/* Runs integrations. It owns the one SoupSession of the application, runs integrations on
 * demand (sb_engine_run_async(), one run at a time per integration: a second waits for the
 * first, in order) and, on start-up, turns runs that a crash left running into interrupted
 * ones. The scheduler and the webhook receiver come later.
 *
 * Signal "run-finished" (SbEngine *self, SbRun *run): a run has ended and is recorded.
 * Signal "credentials-changed" (SbEngine *self, gint64 account_id, SbCredentials *changed):
 * a run renewed an account's tokens or session; store the fields back in the keyring (a
 * rotated refresh token replaces the old one at the service). */
SbEngine    *sb_engine_new          (SbStore             *store,
                                     SbCredentialSource  *credentials);
SoupSession *sb_engine_get_session  (SbEngine            *self);
/* Returns how many runs were interrupted, or -1 with @error set. */
gint64       sb_engine_recover      (SbEngine            *self,
                                     GError             **error);

/* Runs @integration once with @trigger_input (nullable); see sb_runner_run_async(). @accounts:
 * the SbAccounts of its organization. */
void         sb_engine_run_async    (SbEngine            *self,
                                     SbConnectorCatalog  *catalog,
                                     SbIntegration       *integration,
                                     GListModel          *accounts,
                                     JsonNode            *trigger_input,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
SbRun       *sb_engine_run_finish   (SbEngine            *self,
                                     GAsyncResult        *result,
                                     GError             **error);

G_END_DECLS
