/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "model/sb-model.h"
#include "store/sb-store.h"

G_BEGIN_DECLS

#define SB_TYPE_ENGINE (sb_engine_get_type ())
G_DECLARE_FINAL_TYPE (SbEngine, sb_engine, SB, ENGINE, GObject)

/* Runs integrations. For now it owns the one SoupSession of the application and, on
 * start-up, turns runs that a crash left running into interrupted ones; the runner, the
 * scheduler and the webhook receiver come with the engine issue. */
SbEngine    *sb_engine_new          (SbStore             *store,
                                     SbCredentialSource  *credentials);
SoupSession *sb_engine_get_session  (SbEngine            *self);
/* Returns how many runs were interrupted, or -1 with @error set. */
gint64       sb_engine_recover      (SbEngine            *self,
                                     GError             **error);

G_END_DECLS
