/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "sb-imitation.h"

G_BEGIN_DECLS

/* What sb-imitation.c shares with the services, one file each (sb-imitation-stripe.c, ...).
 * sb-imitation.c owns the servers, the faults and the counters; a service only answers the
 * requests that get through, and says how its errors look. */

typedef struct _SbImitationService SbImitationService;

typedef struct
{
  const char *name;
  /* Of a normal answer; a BAD_JSON or HUGE_BODY fault answers with it too. */
  const char *content_type;
  /* Whether the service speaks SOAP: its broken and huge bodies are XML. */
  gboolean    soap;

  /* Seeds the data; returns what svc->data holds. */
  gpointer  (*init)       (SbImitationService *svc);
  void      (*free_data)  (gpointer            data);
  /* Answers one request. @path is the path alone; @query the decoded query (never NULL). */
  void      (*handle)     (SbImitationService *svc,
                           SoupServerMessage  *msg,
                           const char         *path,
                           GHashTable         *query);
  /* Answers as the service does for SB_IMITATION_FAULT_RATE_LIMIT, _SERVER_ERROR and
   * _EXPIRED_TOKEN. */
  void      (*fault)      (SbImitationService *svc,
                           SoupServerMessage  *msg,
                           SbImitationFault    fault);
  /* The value of a credential field, or NULL. */
  const char *(*credential) (const char       *field);

  /* OAuth2 endpoints below the base URL, or NULL. */
  const char *authorize_path;
  const char *token_path;

  /* A signed webhook delivery (see sb_imitations_new_webhook_message()), or NULL. */
  SoupMessage *(*webhook) (SbImitationService *svc,
                           const char         *url,
                           const char         *secret,
                           const char         *event_type);
  const char *webhook_secret_field;
} SbImitationServiceClass;

struct _SbImitationService
{
  SbImitations                  *owner;      /* borrowed: owns us */
  const SbImitationServiceClass *klass;
  SoupServer                    *server;
  guint                          port;
  char                          *base_url;
  char                          *authorize_url;
  char                          *token_url;
  SbImitationFault               fault;
  guint                          fault_remaining;  /* 0: until switched off */
  GHashTable                    *counts;           /* "METHOD path" → count */
  guint                          token_lifetime;
  gpointer                       data;
};

extern const SbImitationServiceClass sb_imitation_stripe_class;
extern const SbImitationServiceClass sb_imitation_shopify_class;
extern const SbImitationServiceClass sb_imitation_fortnox_class;
extern const SbImitationServiceClass sb_imitation_klarna_class;
extern const SbImitationServiceClass sb_imitation_24so_class;
extern const SbImitationServiceClass sb_imitation_idrottonline_class;
extern const SbImitationServiceClass sb_imitation_http_class;

gboolean    sb_imitations_get_auto_approve   (SbImitations       *self);
SbImitationService *sb_imitations_lookup_service (SbImitations   *self,
                                              const char         *service);

/* Answers. sb_imitation_reply_json() takes @node. */
void        sb_imitation_reply_json          (SoupServerMessage  *msg,
                                              guint               status,
                                              JsonNode           *node);
void        sb_imitation_reply_object        (SoupServerMessage  *msg,
                                              guint               status,
                                              JsonObject         *object);
void        sb_imitation_reply_text          (SoupServerMessage  *msg,
                                              guint               status,
                                              const char         *content_type,
                                              const char         *text);
void        sb_imitation_reply_empty         (SoupServerMessage  *msg,
                                              guint               status);
void        sb_imitation_set_header          (SoupServerMessage  *msg,
                                              const char         *name,
                                              const char         *value);

/* Requests. */
const char *sb_imitation_get_header          (SoupServerMessage  *msg,
                                              const char         *name);
gboolean    sb_imitation_has_content_type    (SoupServerMessage  *msg,
                                              const char         *type);
/* The body parsed as JSON, or NULL and @error (empty body, syntax error). */
JsonNode   *sb_imitation_read_json           (SoupServerMessage  *msg,
                                              GError            **error);
/* The body as a NUL-terminated string; never NULL. */
char       *sb_imitation_dup_body            (SoupServerMessage  *msg,
                                              gsize              *length);
/* Authorization: Basic; FALSE when absent or malformed. */
gboolean    sb_imitation_get_basic_auth      (SoupServerMessage  *msg,
                                              char              **user,
                                              char              **password);
/* Authorization: Bearer; NULL when absent. */
char       *sb_imitation_dup_bearer          (SoupServerMessage  *msg);
/* Constant time, NULL-safe (NULL equals nothing). */
gboolean    sb_imitation_secret_equal        (const char         *a,
                                              const char         *b);
/* A positive integer query parameter, @fallback when absent; FALSE when not a number. */
gboolean    sb_imitation_query_uint          (GHashTable         *query,
                                              const char         *name,
                                              guint               fallback,
                                              guint              *value);

/* Data. A member that is absent or of another type is NULL, without a warning: requests
 * are not ours to trust. */
JsonObject *sb_imitation_get_object          (JsonObject         *object,
                                              const char         *member);
JsonArray  *sb_imitation_get_array           (JsonObject         *object,
                                              const char         *member);
const char *sb_imitation_get_string          (JsonObject         *object,
                                              const char         *member);
JsonNode   *sb_imitation_parse               (const char         *json);
JsonObject *sb_imitation_parse_object        (const char         *json);
/* Random letters and digits. */
char       *sb_imitation_random_id           (const char         *prefix,
                                              guint               length);
char       *sb_imitation_now_iso8601         (void);
char       *sb_imitation_base64url           (const guint8       *data,
                                              gsize               length);
guint8     *sb_imitation_base64url_decode    (const char         *text,
                                              gsize              *length);
/* Hex HMAC-SHA256 of @data, keyed with the imitations' own key for @purpose, so that what
 * an imitation signed stays valid in the next process. */
char       *sb_imitation_sign                (const char         *purpose,
                                              const char         *data);

/* The members of Demo IF (sb-imitation-data.c). */
typedef struct
{
  guint       customer_number;  /* in Fortnox; 0: not a customer */
  guint       person_id;        /* in IdrottOnline */
  const char *first_name;
  const char *last_name;
  const char *birth_date;       /* YYYY-MM-DD */
  guint       gender_id;        /* IdrottOnline's: 1 man, 2 woman */
  const char *email;
  const char *phone;
  const char *street;
  const char *zip_code;
  const char *member_since;     /* YYYY-MM-DD */
} SbImitationMember;

extern const SbImitationMember sb_imitation_members[];
extern const guint             sb_imitation_n_members;
guint       sb_imitation_member_fee_sek      (const SbImitationMember *member);

#define SB_IMITATION_CITY "Östersund"

G_END_DECLS
