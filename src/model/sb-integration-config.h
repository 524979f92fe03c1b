/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* What is wrong with one field of an integration's configuration, for the editor to show at
 * that field. @field is a path into the configuration: "trigger.every_minutes",
 * "steps[1].account", "steps[1].steps[0].url", "steps[0].body.customer", "settings.retries".
 * @message is a translated sentence. */
typedef struct
{
  char *field;
  char *message;
} SbProblem;

#define SB_TYPE_PROBLEM (sb_problem_get_type ())

GType      sb_problem_get_type (void) G_GNUC_CONST;
SbProblem *sb_problem_new      (const char      *field,
                                const char      *message);
SbProblem *sb_problem_copy     (const SbProblem *problem);
void       sb_problem_free     (SbProblem       *problem);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbProblem, sb_problem_free)

/* Checks a trigger, steps and settings, in the shape the engine runs:
 *
 *   trigger   {"kind": "manual"}
 *             {"kind": "schedule", "every_minutes": 15}
 *             {"kind": "schedule", "daily_at": "02:00", "weekdays": ["mon", "thu"]}
 *             {"kind": "poll", "account": 4, "trigger": "new_orders", "every_minutes": 15}
 *             {"kind": "webhook", "account": 3, "event": "payment_intent.succeeded"}
 *   steps     [{"id": "orders", "kind": "http", "account": 4, "method": "GET",
 *               "url": "/admin/api/2024-10/orders.json", "headers": {...}, "body": ...},
 *              {"id": "invoice", "kind": "action", "account": 2, "action": "create_invoice",
 *               "input": {...}},
 *              {"id": "row", "kind": "map", "output": {...}},
 *              {"id": "paid", "kind": "filter", "condition": "{{ trigger.paid }}"},
 *              {"id": "each", "kind": "for_each", "items": "{{ steps.orders.body.orders }}",
 *               "steps": [...]}]
 *   settings  {"retries": 3, "timeout_seconds": 60, "concurrency": 1,
 *              "notify_on_failure": true}
 *
 * Accounts are account ids. Step ids are unique across all steps, nested ones included, and
 * usable in a template (steps.<id>). Every text that holds “{{” must parse as a template.
 * NULL steps or settings count as none.
 *
 * Returns TRUE when nothing is wrong. @problems, when given, is set to a new array of
 * SbProblem (empty when nothing is wrong), in the order of the fields. */
gboolean   sb_integration_config_validate         (JsonNode   *trigger,
                                                   JsonNode   *steps,
                                                   JsonNode   *settings,
                                                   GPtrArray **problems);

/* The account ids named by the "account" members of the trigger and of the steps (nested
 * ones included): a new GArray of gint64, sorted, each once. */
GArray    *sb_integration_config_collect_accounts (JsonNode   *trigger,
                                                   JsonNode   *steps);

G_END_DECLS
