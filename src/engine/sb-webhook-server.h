/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "connectors/sb-signature.h"
#include "model/sb-credential-source.h"

G_BEGIN_DECLS

/* The largest request body accepted; a larger one is answered 413. */
#define SB_WEBHOOK_SERVER_MAX_BODY (1024 * 1024)

/* Where the events sent to one token go, and how their signature is checked. */
typedef struct
{
  gint64             integration_id;
  /* The account whose credentials hold the signing secret (unused with
   * SB_SIGNATURE_SCHEME_NONE). */
  gint64             account_id;
  SbSignatureScheme  scheme;
  /* The header holding the signature; %NULL for the scheme's own (Stripe-Signature,
   * X-Shopify-Hmac-Sha256). SB_SIGNATURE_SCHEME_HMAC_HEX_HEADER has none of its own. */
  char              *header;
  /* The credential field holding the signing secret, as the catalog's
   * "webhook": {"secret_field": …} names it. */
  char              *secret_field;
} SbWebhookTarget;

SbWebhookTarget *sb_webhook_target_new  (gint64             integration_id,
                                         gint64             account_id,
                                         SbSignatureScheme  scheme,
                                         const char        *header,
                                         const char        *secret_field);
void             sb_webhook_target_free (SbWebhookTarget   *target);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbWebhookTarget, sb_webhook_target_free)

/* Returns (transfer full) the target of @token, or %NULL when no webhook has that token. Called
 * on the main context when a request's headers have arrived. */
typedef SbWebhookTarget *(*SbWebhookLookupFunc) (const char *token,
                                                 gpointer    user_data);

/* Called once an event is signed correctly: store it durably (commit it) and return %TRUE,
 * or return %FALSE with @error set. The sender is answered 202 only after %TRUE, so an event
 * that was answered is never lost. @headers are the request's; @content_type is its media
 * type without parameters ("application/json"), %NULL when it has none. */
typedef gboolean (*SbWebhookAcceptFunc) (gint64               integration_id,
                                         SoupMessageHeaders  *headers,
                                         GBytes              *body,
                                         const char          *content_type,
                                         gpointer             user_data,
                                         GError             **error);

#define SB_TYPE_WEBHOOK_SERVER (sb_webhook_server_get_type ())
G_DECLARE_FINAL_TYPE (SbWebhookServer, sb_webhook_server, SB, WEBHOOK_SERVER, GObject)

/* Receives webhooks on 127.0.0.1 (never on another interface): POST /hooks/<token>, at most
 * SB_WEBHOOK_SERVER_MAX_BODY bytes, signed as the token's target says, with the signing
 * secret read from @credentials for each request. Every answer but 202 ("queued") carries
 * {"error": "…"}, which never holds a secret or a signature. */
SbWebhookServer *sb_webhook_server_new             (SbCredentialSource   *credentials);
void             sb_webhook_server_set_lookup_func (SbWebhookServer      *self,
                                                    SbWebhookLookupFunc   func,
                                                    gpointer              user_data,
                                                    GDestroyNotify        destroy);
void             sb_webhook_server_set_accept_func (SbWebhookServer      *self,
                                                    SbWebhookAcceptFunc   func,
                                                    gpointer              user_data,
                                                    GDestroyNotify        destroy);
/* Listens on 127.0.0.1:@port, 0 for any free port. Both functions must be set first. A port
 * already taken fails with G_IO_ERROR_ADDRESS_IN_USE. */
gboolean         sb_webhook_server_start           (SbWebhookServer      *self,
                                                    guint                 port,
                                                    GError              **error);
/* Closes the port and every connection; requests waiting for their secret are dropped
 * unanswered (their senders retry). */
void             sb_webhook_server_stop            (SbWebhookServer      *self);
/* The port listened on, 0 when stopped. */
guint            sb_webhook_server_get_port        (SbWebhookServer      *self);
/* Returns (transfer full) (element-type GUri): the URIs listened on, as
 * soup_server_get_uris() gives them; %NULL when stopped. */
GSList          *sb_webhook_server_get_uris        (SbWebhookServer      *self);

G_END_DECLS
