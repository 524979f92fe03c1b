/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "sb-connector.h"

G_BEGIN_DECLS

/* Credential fields with a meaning of their own; the others are the catalog's field ids
 * ("secret_key", "shop", "username", …). Every value is a string. */
#define SB_CREDENTIAL_AUTH_KIND     "auth_kind"     /* which scheme, when there are several */
#define SB_CREDENTIAL_CLIENT_ID     "client_id"     /* OAuth2 */
#define SB_CREDENTIAL_CLIENT_SECRET "client_secret" /* OAuth2 */
#define SB_CREDENTIAL_ACCESS_TOKEN  "access_token"  /* OAuth2 */
#define SB_CREDENTIAL_REFRESH_TOKEN "refresh_token" /* OAuth2 */
#define SB_CREDENTIAL_EXPIRES_AT    "expires_at"    /* OAuth2: ISO 8601, UTC */
#define SB_CREDENTIAL_SESSION_ID    "session_id"    /* 24SevenOffice */

/* ------------------------------------------------------------------------------------ */
/* SbCredentials: a small map field → value. Values are copied in, and overwritten before
 * they are freed (when replaced, removed, or with the map). */

typedef struct _SbCredentials SbCredentials;

#define SB_TYPE_CREDENTIALS (sb_credentials_get_type ())
GType          sb_credentials_get_type   (void) G_GNUC_CONST;

SbCredentials *sb_credentials_new        (void);
SbCredentials *sb_credentials_copy       (const SbCredentials *self);
void           sb_credentials_free       (SbCredentials       *self);
/* A %NULL @value removes the field. */
void           sb_credentials_set        (SbCredentials       *self,
                                          const char          *field,
                                          const char          *value);
const char    *sb_credentials_get        (const SbCredentials *self,
                                          const char          *field);
/* Present and not empty. */
gboolean       sb_credentials_has        (const SbCredentials *self,
                                          const char          *field);
guint          sb_credentials_get_size   (const SbCredentials *self);
/* The field names, sorted; free with g_strfreev() (names are not secret). */
char         **sb_credentials_dup_fields (const SbCredentials *self);
/* Sets every field of @other in @self. */
void           sb_credentials_update     (SbCredentials       *self,
                                          const SbCredentials *other);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbCredentials, sb_credentials_free)

/* The scheme @credentials select (SB_CREDENTIAL_AUTH_KIND, else the first), or %NULL if
 * they name one the connector does not have. */
SbConnectorAuth *sb_connector_choose_auth     (SbConnector         *connector,
                                               const SbCredentials *credentials);

/* The base URL to use: @base_url when not %NULL or empty, otherwise the connector's
 * default, with {field} placeholders filled from @credentials (values URI-escaped).
 * Fails with SB_CONNECTOR_ERROR_MISSING_CREDENTIAL when a placeholder has no value. */
char            *sb_connector_resolve_base_url (SbConnector         *connector,
                                                const char          *base_url,
                                                const SbCredentials *credentials,
                                                GError             **error);

/* The values of @credentials that are secret for @connector (and every token), for
 * sb_connector_read_answer()'s @scrub; free with g_strfreev(). */
char           **sb_connector_dup_secret_values (SbConnector         *connector,
                                                 const SbCredentials *credentials);

/* ------------------------------------------------------------------------------------ */
/* SbAuthenticator: applies an account's scheme to its requests, and keeps its tokens or
 * session current. One per account; it may be shared by many requests at once (a refresh
 * or login in progress is shared, not repeated). */

#define SB_TYPE_AUTHENTICATOR (sb_authenticator_get_type ())
G_DECLARE_FINAL_TYPE (SbAuthenticator, sb_authenticator, SB, AUTHENTICATOR, GObject)

/* @base_url: the account's override, or %NULL for the connector's default. @credentials
 * are copied. */
SbAuthenticator *sb_authenticator_new               (SbConnector         *connector,
                                                     const char          *base_url,
                                                     const SbCredentials *credentials);
SbConnector     *sb_authenticator_get_connector     (SbAuthenticator     *self);
/* The scheme in use, or %NULL when the credentials name none of the connector's. */
SbConnectorAuth *sb_authenticator_get_auth          (SbAuthenticator     *self);
/* The resolved base URL, or %NULL while a placeholder lacks its credential field. */
const char      *sb_authenticator_get_base_url      (SbAuthenticator     *self);
/* A copy of the credentials as they are now (after refreshes and logins). */
SbCredentials   *sb_authenticator_dup_credentials   (SbAuthenticator     *self);
/* A message for @action on this account's base URL; see
 * sb_connector_action_build_message(). */
SoupMessage     *sb_authenticator_build_message     (SbAuthenticator     *self,
                                                     SbConnectorAction   *action,
                                                     JsonObject          *params,
                                                     GError             **error);

/* Applies the scheme to @message: headers for API key, bearer, Basic and Shopify; for
 * OAuth2 the access token, refreshed first when it expires within 60 seconds; for the SOAP
 * session the ASP.NET_SessionId cookie, after a Login when there is no session or
 * HasSession says it has ended. New tokens or a new session id are announced with
 * ::credentials-changed before this completes. */
void             sb_authenticator_authorize_async   (SbAuthenticator     *self,
                                                     SoupSession         *session,
                                                     SoupMessage         *message,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean         sb_authenticator_authorize_finish  (SbAuthenticator     *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

/* The service answered 401 with what we sent: the next authorization refreshes the
 * OAuth2 token or logs in again, without waiting for the expiry or asking HasSession. */
void             sb_authenticator_invalidate        (SbAuthenticator     *self);

/* Sends @action (or a poll trigger's request) with @params: builds it on this account's
 * base URL (placeholders the step does not fill come from the account's non-secret
 * fields), authorizes it, reads the answer (sb_connector_read_answer(), with this
 * account's secrets scrubbed from messages), sends the follow-up request when the action
 * has one, and returns the last answer. After a 401, an OAuth2 or SOAP-session account
 * renews its token or session and tries once more. Retries for other reasons, timeouts and
 * rate limits are the caller's. */
void             sb_authenticator_send_async        (SbAuthenticator     *self,
                                                     SoupSession         *session,
                                                     SbConnectorAction   *action,
                                                     JsonObject          *params,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
JsonNode        *sb_authenticator_send_finish       (SbAuthenticator     *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

/* Runs the connector's connection test with this account; see
 * sb_connector_test_connection_async(). */
void             sb_authenticator_test_connection_async  (SbAuthenticator     *self,
                                                          SoupSession         *session,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
JsonNode        *sb_authenticator_test_connection_finish (SbAuthenticator     *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

/* Signal "credentials-changed" (SbAuthenticator *self, SbCredentials *changed): only the
 * fields that changed (access_token, refresh_token, expires_at, session_id); store them
 * back in the keyring. */

/* ------------------------------------------------------------------------------------ */

/* Tests @credentials against the service: authorizes (logging in or refreshing when the
 * scheme needs it), sends the connector's connection test and returns the connection info,
 * a JSON object of what the service said (e.g. {"shop": "…", "company": "…"}, plus
 * "token_expires_at" for OAuth2). A failure is an SB_CONNECTOR_ERROR whose message says
 * what the service answered, never a credential. */
void             sb_connector_test_connection_async  (SbConnector         *connector,
                                                      SoupSession         *session,
                                                      const char          *base_url,
                                                      const SbCredentials *credentials,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
/* @changed (out) (optional): the credential fields the test renewed (a rotated refresh
 * token, a session id), or %NULL when none did; they must be stored, since a rotated
 * refresh token replaces the old one at the service. Set even when the test failed: the
 * refresh may have succeeded before the test itself did not. */
JsonNode        *sb_connector_test_connection_finish (SbConnector         *connector,
                                                      GAsyncResult        *result,
                                                      SbCredentials      **changed,
                                                      GError             **error);

G_END_DECLS
