/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"
#include "sb-imitation-private.h"
static void
stub_handle (SbImitationService *svc, SoupServerMessage *msg, const char *path, GHashTable *query)
{
  (void) svc; (void) path; (void) query;
  sb_imitation_reply_empty (msg, 404);
}
static void
stub_fault (SbImitationService *svc, SoupServerMessage *msg, SbImitationFault fault)
{
  (void) svc; (void) fault;
  sb_imitation_reply_empty (msg, 500);
}
#define STUB(n, s) const SbImitationServiceClass n = { .name = s, .content_type = "application/json", .handle = stub_handle, .fault = stub_fault };




STUB (sb_imitation_idrottonline_class, "idrottonline")
STUB (sb_imitation_http_class, "http")
