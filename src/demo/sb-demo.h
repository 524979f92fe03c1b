/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The demo club and company as a document in the shape samband-cli import reads:
 *
 *   { "organizations": [ { "name", "kind", "sport",
 *       "members": [ { "profile": true, "role" } | { "name", "email", "phone", "kind", "role" } ],
 *       "accounts": [ { "key", "connector", "name", "status", "metadata", "imitation",
 *                       "owner": email } ],
 *       "integrations": [ { "name", "description", "status", "trigger", "steps", "settings",
 *                           "purpose", "accounts": [key], "created_by": email,
 *                           "runs": [ { "status", "minutes_ago", "duration_seconds",
 *                                       "read", "created", "updated", "failed", "error",
 *                                       "events": [ { "level", "step", "message", "seconds",
 *                                                     "data": { "input", "output" } } ] } ] } ] } ] }
 *
 * An account's "imitation" names the service of sb_imitations_get_base_url() and
 * sb_imitations_get_credential() that serves it in the demo; other documents leave it out.
 * Accounts are referred to by their "key" (in "accounts" and in the "account" member of the
 * trigger and of steps); the importer replaces keys with ids. An integration that is not a
 * draft was published once: the importer stores its configuration as version 1. An event's
 * "seconds" count from the start of its run. Names and messages are translated, so the demo
 * speaks the language of the person who asks for it; the steps' data is shaped as the
 * services' real APIs shape it. */
JsonNode   *sb_demo_build_document      (void);

/* The profile the demo creates when there is none. */
const char *sb_demo_get_profile_name    (void);
const char *sb_demo_get_profile_email   (void);

G_END_DECLS
