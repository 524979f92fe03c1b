/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Loopback imitations of the services the catalog knows, for the demo and the tests.
 *
 * Each service has a SoupServer of its own, listening on 127.0.0.1 only, on a random port
 * unless sb_imitations_set_port() gave one, on the thread-default main context of the
 * caller of sb_imitations_start(); nothing runs in a thread. A server of its own per service
 * keeps every path exactly what the real service serves ("/v1/charges", "/3/customers",
 * "/admin/api/2024-10/orders.json", ...), so an account's base URL is all a connector needs
 * to be pointed at an imitation, and a fault or a counter on one service never touches
 * another.
 *
 * The services, by the name every function here takes (the connector ids of the catalog):
 * "stripe", "shopify", "fortnox", "klarna", "24sevenoffice", "idrottonline" and "http" (a
 * small JSON REST API for the generic HTTP connector). The data is held in memory and starts
 * the same every time: the members of Demo IF, Stripe fee payments whose metadata carries
 * customer_number and fee_sek, the club shop's orders, Fortnox customers 1001-1042, ...
 *
 * Credentials are fixed strings (sb_imitations_get_credential()), so a demo account stays
 * valid after a restart. OAuth2 tokens are signed rather than remembered, so they also
 * outlive a restart; a spent refresh token is remembered until the imitations stop. */

#define SB_TYPE_IMITATIONS (sb_imitations_get_type ())
G_DECLARE_FINAL_TYPE (SbImitations, sb_imitations, SB, IMITATIONS, GObject)

/**
 * SbImitationFault:
 * @SB_IMITATION_FAULT_NONE: answer normally
 * @SB_IMITATION_FAULT_SLOW: answer normally, after 3 seconds
 * @SB_IMITATION_FAULT_RESET: close the connection without an answer
 * @SB_IMITATION_FAULT_RATE_LIMIT: 429 with `Retry-After: 1`, the service's own rate-limit
 *   headers and its error body
 * @SB_IMITATION_FAULT_SERVER_ERROR: 500 with the service's error body
 * @SB_IMITATION_FAULT_BAD_JSON: 200 with the service's content type and a body that is not
 *   JSON (for 24SevenOffice: not well-formed XML)
 * @SB_IMITATION_FAULT_HUGE_BODY: 200 with a valid body of 12 MiB
 * @SB_IMITATION_FAULT_WRONG_CONTENT_TYPE: 200 with `text/html` and an HTML page
 * @SB_IMITATION_FAULT_EXPIRED_TOKEN: 401 as the service says a credential or token is no
 *   longer valid (24SevenOffice: a SOAP fault for an expired session)
 *
 * What a service does to every request while the fault is on, instead of its answer.
 */
typedef enum
{
  SB_IMITATION_FAULT_NONE,
  SB_IMITATION_FAULT_SLOW,
  SB_IMITATION_FAULT_RESET,
  SB_IMITATION_FAULT_RATE_LIMIT,
  SB_IMITATION_FAULT_SERVER_ERROR,
  SB_IMITATION_FAULT_BAD_JSON,
  SB_IMITATION_FAULT_HUGE_BODY,
  SB_IMITATION_FAULT_WRONG_CONTENT_TYPE,
  SB_IMITATION_FAULT_EXPIRED_TOKEN,
} SbImitationFault;

SbImitations       *sb_imitations_new                  (void);

/* NULL-terminated; static. */
const char * const *sb_imitations_list_services        (void);

/* Before sb_imitations_start(): listen on @port (0: a random one, the default). The demo
 * uses this to keep the base URLs of its accounts across restarts. */
void                sb_imitations_set_port             (SbImitations      *self,
                                                        const char        *service,
                                                        guint              port);

/* Starts every service. Fails (and starts none) when a port cannot be had. */
gboolean            sb_imitations_start                (SbImitations      *self,
                                                        GError           **error);
gboolean            sb_imitations_is_running           (SbImitations      *self);
void                sb_imitations_stop                 (SbImitations      *self);

/* "http://127.0.0.1:PORT", without a trailing slash; NULL before start. The connectors
 * append the same paths as they do to the real base URL; Shopify's "https://{shop}"
 * becomes this URL whatever the shop, and Fortnox's two hosts (api. and apps.fortnox.se)
 * are one server. */
const char         *sb_imitations_get_base_url         (SbImitations      *self,
                                                        const char        *service);

/* The known-good value of one credential field, or NULL for a field the service does not
 * have. Static strings; the same in every process.
 *
 *   stripe         secret_key, webhook_secret
 *   shopify        shop (the myshopify.com domain), access_token, api_version,
 *                  api_secret (the app's client secret, which signs webhooks)
 *   fortnox        client_id, client_secret, scope, refresh_token (issued to the demo: a
 *                  valid refresh token, spent on first use like any other)
 *   klarna         username, password
 *   24sevenoffice  application_id, username, password
 *   idrottonline   username, password (HTTP Basic; RF does not publish the scheme),
 *                  sport_id, organisation_id
 *   http           api_key (also token, and password with username "demo"),
 *                  api_key_header / header_name, webhook_secret, signature_header
 *
 * Besides the credentials, 24sevenoffice knows identity_id (the default identity). */
const char         *sb_imitations_get_credential       (SbImitations      *self,
                                                        const char        *service,
                                                        const char        *field);

/* The OAuth2 endpoints of a service that has them (Fortnox: "/oauth-v1/auth" and
 * "/oauth-v1/token" on its base URL); NULL for the others or before start. The authorize
 * endpoint shows a page; with `approve=1` in its query (or with
 * sb_imitations_set_auto_approve()) it redirects straight back to redirect_uri with code and
 * state. */
const char         *sb_imitations_get_authorize_url    (SbImitations      *self,
                                                        const char        *service);
const char         *sb_imitations_get_token_url        (SbImitations      *self,
                                                        const char        *service);
void                sb_imitations_set_auto_approve     (SbImitations      *self,
                                                        gboolean           auto_approve);

/* Access tokens issued from now on last @seconds (default 3600, as Fortnox's do). */
void                sb_imitations_set_token_lifetime   (SbImitations      *self,
                                                        const char        *service,
                                                        guint              seconds);

/* Switches a fault on for every later request to @service, until it is set to
 * SB_IMITATION_FAULT_NONE. */
void                sb_imitations_set_fault            (SbImitations      *self,
                                                        const char        *service,
                                                        SbImitationFault   fault);
/* The same for the next @n_requests requests only; then the service answers normally. */
void                sb_imitations_set_fault_for        (SbImitations      *self,
                                                        const char        *service,
                                                        SbImitationFault   fault,
                                                        guint              n_requests);

/* How many requests @service received with @method (NULL: any) on @path (the path alone,
 * without the query; NULL: any), faulty ones included. */
guint               sb_imitations_count_requests       (SbImitations      *self,
                                                        const char        *service,
                                                        const char        *method,
                                                        const char        *path);
void                sb_imitations_reset_counts         (SbImitations      *self);

/* A webhook delivery as the service would send it, to be sent to @url with the caller's
 * session: Stripe ("payment_intent.succeeded", "charge.succeeded", ...) signs with
 * `Stripe-Signature` (t=…,v1=…), Shopify ("orders/create", ...) with
 * `X-Shopify-Hmac-Sha256`, each with @secret (NULL: the service's webhook credential). The
 * event is about a new object the imitation creates for it (a member paying the fee, a shop
 * order), which its API then serves too. NULL for a service without webhooks. */
SoupMessage        *sb_imitations_new_webhook_message  (SbImitations      *self,
                                                        const char        *service,
                                                        const char        *url,
                                                        const char        *secret,
                                                        const char        *event_type);

G_END_DECLS
