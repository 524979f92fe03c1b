/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "sb-auth.h"
#include "sb-connector.h"

G_BEGIN_DECLS

/* OAuth 2.0 authorization code with PKCE (RFC 7636, S256) for a desktop application
 * (RFC 8252): the browser comes back to http://127.0.0.1:<random port>/callback, served by
 * a SoupServer for the time of the flow.
 *
 * Endpoints: the catalog's authorize and token URLs. When @base_url is given and differs
 * from the connector's default base URL (a sandbox, the local imitations), the same paths
 * are used on @base_url's host instead; a @base_url that already ends with the authorize
 * path is taken as the authorize URL itself. */

#define SB_TYPE_OAUTH2_FLOW (sb_oauth2_flow_get_type ())
G_DECLARE_FINAL_TYPE (SbOAuth2Flow, sb_oauth2_flow, SB, OAUTH2_FLOW, GObject)

SbOAuth2Flow  *sb_oauth2_flow_new              (SbConnector          *connector,
                                                const char           *base_url,
                                                const char           *client_id,
                                                const char           *client_secret);

/* Starts listening on 127.0.0.1 (random port), makes the PKCE verifier and challenge and
 * a random state, and returns the authorize URI to open in the browser
 * (g_app_info_launch_default_for_uri()). Call once. */
char          *sb_oauth2_flow_start            (SbOAuth2Flow         *self,
                                                GError              **error);
/* http://127.0.0.1:<port>/callback once started, else %NULL. */
const char    *sb_oauth2_flow_get_redirect_uri (SbOAuth2Flow         *self);

/* Completes when the browser comes back: checks the state (a mismatch fails with
 * SB_CONNECTOR_ERROR_STATE_MISMATCH; an error=access_denied with ACCESS_DENIED), answers
 * the browser with a small page saying to return to Samband, exchanges the code (with the
 * code_verifier) at the token endpoint through @session, and stops listening. Returns
 * {access_token, refresh_token, expires_at} (plus client_id, client_secret when given, so
 * the result is all a later refresh needs). Cancelling stops listening. */
void           sb_oauth2_flow_wait_async       (SbOAuth2Flow         *self,
                                                SoupSession          *session,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
SbCredentials *sb_oauth2_flow_wait_finish      (SbOAuth2Flow         *self,
                                                GAsyncResult         *result,
                                                GError              **error);

/* Trades @credentials' refresh_token (with client_id / client_secret) for a new access
 * token. Returns the renewed fields {access_token, expires_at, refresh_token}: the new
 * refresh token when the service rotated it (Fortnox always does: the old one is spent),
 * otherwise the one sent. invalid_grant fails with SB_CONNECTOR_ERROR_NEEDS_AUTHORIZATION. */
void           sb_oauth2_refresh_async         (SbConnector          *connector,
                                                SoupSession          *session,
                                                const char           *base_url,
                                                const SbCredentials  *credentials,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
SbCredentials *sb_oauth2_refresh_finish        (GAsyncResult         *result,
                                                GError              **error);

/* PKCE: a fresh verifier (43 characters of base64url from 32 random bytes) and its S256
 * challenge, BASE64URL-NO-PAD (SHA-256 (verifier)). */
char          *sb_oauth2_make_verifier         (void);
char          *sb_oauth2_make_challenge        (const char           *verifier);

G_END_DECLS
