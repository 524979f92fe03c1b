/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* When a schedule trigger is due. @trigger is the trigger object of an integration:
 * {"kind": "schedule", "every_minutes": N} or {"kind": "schedule", "daily_at": "HH:MM",
 * "weekdays": ["mon", …]} (weekdays optional: every day), read in @tz (the local time zone).
 *
 * @last is the slot the integration last ran for (NULL: it has never run on its schedule;
 * then @since, when it became live, is the start). Returns TRUE when a slot after @last (or
 * @since) is at or before @now: @slot is set to the latest such slot and @missed to how many
 * slots there were in all (one for a run on time). Missing several, or being late by more
 * than @grace seconds, makes the one run a catch-up: "catch up once", never once per missed
 * slot. Sets @next to the first slot after @now either way (nullable outputs). */
gboolean sb_schedule_due (JsonObject  *trigger,
                          GDateTime   *last,
                          GDateTime   *since,
                          GDateTime   *now,
                          GTimeZone   *tz,
                          GDateTime  **slot,
                          guint       *missed,
                          GDateTime  **next);

G_END_DECLS
