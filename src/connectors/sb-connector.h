/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "sb-signature.h"

G_BEGIN_DECLS

/* A connector is data: resources/connectors/<id>.json, read and checked by
 * sb_connector_new_from_json(). Every object below is immutable once loaded, and every
 * string a user sees (labels, names, descriptions, purposes) is already translated.
 * See HACKING.md, "Add a connector", for the file's shape. */

/* Errors of talking to a service (connection tests, authorization, answers). Their
 * messages are translated, say what the service answered (status and the service's own
 * message from its documented error shape), and never contain a credential. */
#define SB_CONNECTOR_ERROR (sb_connector_error_quark ())

typedef enum
{
  SB_CONNECTOR_ERROR_FAILED,              /* the service answered with an error */
  SB_CONNECTOR_ERROR_UNAUTHORIZED,        /* 401/403, or the login was refused */
  SB_CONNECTOR_ERROR_NOT_FOUND,           /* 404 */
  SB_CONNECTOR_ERROR_RATE_LIMITED,        /* 429 */
  SB_CONNECTOR_ERROR_UNAVAILABLE,         /* 5xx */
  SB_CONNECTOR_ERROR_BAD_ANSWER,          /* an answer that cannot be read */
  SB_CONNECTOR_ERROR_MISSING_CREDENTIAL,  /* a required credential field is empty */
  SB_CONNECTOR_ERROR_MISSING_PARAMETER,   /* a required action parameter is missing */
  SB_CONNECTOR_ERROR_NEEDS_AUTHORIZATION, /* OAuth2: no usable refresh token; sign in again */
  SB_CONNECTOR_ERROR_STATE_MISMATCH,      /* OAuth2: the browser came back with another state */
  SB_CONNECTOR_ERROR_ACCESS_DENIED,       /* OAuth2: authorization refused in the browser */
} SbConnectorError;

GQuark sb_connector_error_quark (void);

/* Authentication schemes: the only connector behaviour written in C (sb-auth.c). */
typedef enum
{
  SB_AUTH_KIND_NONE,
  SB_AUTH_KIND_API_KEY_HEADER, /* <header>: <key> */
  SB_AUTH_KIND_BEARER,         /* Authorization: Bearer <token> */
  SB_AUTH_KIND_BASIC,          /* Authorization: Basic base64(user:password) */
  SB_AUTH_KIND_SHOPIFY_TOKEN,  /* X-Shopify-Access-Token: <token> */
  SB_AUTH_KIND_OAUTH2,         /* authorization code + PKCE, then Bearer; refreshed */
  SB_AUTH_KIND_SOAP_SESSION,   /* 24SevenOffice Login → ASP.NET_SessionId cookie */
} SbAuthKind;

#define SB_TYPE_AUTH_KIND (sb_auth_kind_get_type ())
GType       sb_auth_kind_get_type    (void) G_GNUC_CONST;
/* "none", "api_key_header", "bearer", "basic", "shopify_token", "oauth2", "soap_session" */
const char *sb_auth_kind_to_string   (SbAuthKind   kind);
gboolean    sb_auth_kind_from_string (const char  *string,
                                      SbAuthKind  *kind);
/* Translated, e.g. "Bearer token". */
const char *sb_auth_kind_get_label   (SbAuthKind   kind);

typedef enum
{
  SB_BODY_KIND_NONE,
  SB_BODY_KIND_JSON, /* application/json */
  SB_BODY_KIND_FORM, /* application/x-www-form-urlencoded, nested values in brackets */
  SB_BODY_KIND_SOAP, /* SOAP 1.1 envelope, text/xml, SOAPAction header */
} SbBodyKind;

/* Categories: "accounting", "payments", "commerce", "sports", "generic". */
const char *sb_connector_category_get_label (const char *category);

/* ------------------------------------------------------------------------------------ */
/* SbConnectorField: an authentication field or an action parameter. */

typedef enum
{
  SB_FIELD_TYPE_STRING,
  SB_FIELD_TYPE_INTEGER,
  SB_FIELD_TYPE_NUMBER,
  SB_FIELD_TYPE_BOOLEAN,
  SB_FIELD_TYPE_CHOICE, /* one of sb_connector_field_get_choices() */
  SB_FIELD_TYPE_JSON,   /* any JSON value (objects, arrays: invoice rows, metadata) */
} SbFieldType;

/* Where an action parameter goes. AUTO: into the {placeholder} of the path or the body
 * template that names it; otherwise the query of a GET/DELETE, or a top-level member of
 * the body. */
typedef enum
{
  SB_FIELD_LOCATION_AUTO,
  SB_FIELD_LOCATION_PATH,
  SB_FIELD_LOCATION_QUERY,
  SB_FIELD_LOCATION_BODY,
} SbFieldLocation;

#define SB_TYPE_CONNECTOR_FIELD (sb_connector_field_get_type ())
G_DECLARE_FINAL_TYPE (SbConnectorField, sb_connector_field, SB, CONNECTOR_FIELD, GObject)

/* Properties: "id", "label", "description", "placeholder", "secret", "optional". */
const char         *sb_connector_field_get_id          (SbConnectorField *self);
const char         *sb_connector_field_get_label       (SbConnectorField *self);
const char         *sb_connector_field_get_description (SbConnectorField *self);
const char         *sb_connector_field_get_placeholder (SbConnectorField *self);
/* Secret fields go to the keyring and are shown hidden. */
gboolean            sb_connector_field_get_secret      (SbConnectorField *self);
gboolean            sb_connector_field_get_optional    (SbConnectorField *self);
SbFieldType         sb_connector_field_get_field_type  (SbConnectorField *self);
SbFieldLocation     sb_connector_field_get_location    (SbConnectorField *self);
/* The default value, or %NULL. */
const char         *sb_connector_field_get_default     (SbConnectorField *self);
/* For SB_FIELD_TYPE_CHOICE: the values and their translated labels, same length,
 * NULL-terminated; %NULL for other types. */
const char * const *sb_connector_field_get_choices     (SbConnectorField *self);
const char * const *sb_connector_field_get_choice_labels (SbConnectorField *self);

/* ------------------------------------------------------------------------------------ */
/* SbConnectorAuth: one authentication scheme and its fields. Most connectors have one;
 * the generic HTTP connector lets the user choose (credential field "auth_kind"). */

#define SB_TYPE_CONNECTOR_AUTH (sb_connector_auth_get_type ())
G_DECLARE_FINAL_TYPE (SbConnectorAuth, sb_connector_auth, SB, CONNECTOR_AUTH, GObject)

SbAuthKind          sb_connector_auth_get_kind             (SbConnectorAuth *self);
/* Translated; the catalog's own label, or the kind's. */
const char         *sb_connector_auth_get_label            (SbConnectorAuth *self);
/* A GListModel of SbConnectorField: what the user enters, in order. */
GListModel         *sb_connector_auth_get_fields           (SbConnectorAuth *self);
SbConnectorField   *sb_connector_auth_lookup_field         (SbConnectorAuth *self,
                                                            const char      *id);
/* API_KEY_HEADER: the header's name; may be "{field}" to take it from a field. */
const char         *sb_connector_auth_get_header_name      (SbConnectorAuth *self);
/* API_KEY_HEADER, BEARER, SHOPIFY_TOKEN: the field holding the key or token. */
const char         *sb_connector_auth_get_token_field      (SbConnectorAuth *self);
/* BASIC and SOAP_SESSION: the fields of the user name and the password; the password
 * field is %NULL when the scheme sends an empty one (Stripe). */
const char         *sb_connector_auth_get_username_field   (SbConnectorAuth *self);
const char         *sb_connector_auth_get_password_field   (SbConnectorAuth *self);
/* OAUTH2: absolute endpoints as the catalog gives them (see sb_oauth2_flow_new() for how
 * an account's base URL moves them), scopes, extra authorize parameters, and whether the
 * client authenticates at the token endpoint with HTTP Basic (Fortnox) rather than with
 * client_id / client_secret in the body. */
const char         *sb_connector_auth_get_authorize_url    (SbConnectorAuth *self);
const char         *sb_connector_auth_get_token_url        (SbConnectorAuth *self);
const char * const *sb_connector_auth_get_scopes           (SbConnectorAuth *self);
JsonObject         *sb_connector_auth_get_authorize_params (SbConnectorAuth *self);
gboolean            sb_connector_auth_get_client_basic     (SbConnectorAuth *self);
/* SOAP_SESSION: the path of the Authenticate service (Login, HasSession) below the base
 * URL, the field of the application id, and the session cookie's name. */
const char         *sb_connector_auth_get_login_path       (SbConnectorAuth *self);
const char         *sb_connector_auth_get_application_field (SbConnectorAuth *self);
const char         *sb_connector_auth_get_session_cookie   (SbConnectorAuth *self);

/* ------------------------------------------------------------------------------------ */
/* SbConnectorAction: a request with {placeholders}: an action, the connection test, or
 * the request of a poll trigger. */

#define SB_TYPE_CONNECTOR_ACTION (sb_connector_action_get_type ())
G_DECLARE_FINAL_TYPE (SbConnectorAction, sb_connector_action, SB, CONNECTOR_ACTION, GObject)

/* Properties: "id", "name", "description". */
const char         *sb_connector_action_get_id          (SbConnectorAction *self);
const char         *sb_connector_action_get_name        (SbConnectorAction *self);
const char         *sb_connector_action_get_description (SbConnectorAction *self);
const char         *sb_connector_action_get_method      (SbConnectorAction *self);
/* Below the base URL, e.g. "/3/customers/{CustomerNumber}". */
const char         *sb_connector_action_get_path        (SbConnectorAction *self);
SbBodyKind          sb_connector_action_get_body_kind   (SbConnectorAction *self);
/* JSON and FORM: a template object whose "{param}" strings are replaced; or %NULL. */
JsonNode           *sb_connector_action_get_body        (SbConnectorAction *self);
/* SOAP: the operation's SOAPAction and the XML inside <soap:Body>, with {param}s. */
const char         *sb_connector_action_get_soap_action (SbConnectorAction *self);
const char         *sb_connector_action_get_soap_body   (SbConnectorAction *self);
/* Fixed query parameters and request headers (objects of strings), or %NULL. */
JsonObject         *sb_connector_action_get_query       (SbConnectorAction *self);
JsonObject         *sb_connector_action_get_headers     (SbConnectorAction *self);
/* A GListModel of SbConnectorField. */
GListModel         *sb_connector_action_get_parameters  (SbConnectorAction *self);
SbConnectorField   *sb_connector_action_lookup_parameter (SbConnectorAction *self,
                                                          const char        *id);
/* A second request whose {placeholders} come from the first answer (IdrottOnline's
 * reports: the POST answers a report id, the GET gives the report), or %NULL. */
SbConnectorAction  *sb_connector_action_get_follow_up   (SbConnectorAction *self);
/* Connection test: statuses that count as success (default: 2xx), a path that must exist
 * in the answer (or %NULL), and what to copy into the account's connection info: an
 * object mapping info keys to paths in the answer ("shop": "shop.name"). */
gboolean            sb_connector_action_accepts_status  (SbConnectorAction *self,
                                                         guint              status);
const char         *sb_connector_action_get_require     (SbConnectorAction *self);
JsonObject         *sb_connector_action_get_info        (SbConnectorAction *self);

/* Builds the request: @base_url (resolved, no placeholders left) + the path, with @params
 * (name → JSON value; nullable) put where the action says. Fails with
 * SB_CONNECTOR_ERROR_MISSING_PARAMETER naming the parameter. No authentication is
 * applied: see sb_authenticator_authorize_async(). */
SoupMessage        *sb_connector_action_build_message   (SbConnectorAction *self,
                                                         const char        *base_url,
                                                         JsonObject        *params,
                                                         GError           **error);

/* ------------------------------------------------------------------------------------ */
/* SbConnectorPollTrigger: ask for the items newer than a stored cursor. */

#define SB_TYPE_CONNECTOR_POLL_TRIGGER (sb_connector_poll_trigger_get_type ())
G_DECLARE_FINAL_TYPE (SbConnectorPollTrigger, sb_connector_poll_trigger, SB,
                      CONNECTOR_POLL_TRIGGER, GObject)

/* Properties: "id", "name", "description". */
const char         *sb_connector_poll_trigger_get_id           (SbConnectorPollTrigger *self);
const char         *sb_connector_poll_trigger_get_name         (SbConnectorPollTrigger *self);
const char         *sb_connector_poll_trigger_get_description  (SbConnectorPollTrigger *self);
/* The request (method, path, query, body, follow-up). */
SbConnectorAction  *sb_connector_poll_trigger_get_request      (SbConnectorPollTrigger *self);
const char         *sb_connector_poll_trigger_get_path         (SbConnectorPollTrigger *self);
/* Where the items are in the answer, e.g. "data" (Stripe), "orders" (Shopify). */
const char         *sb_connector_poll_trigger_get_items_path   (SbConnectorPollTrigger *self);
/* The request parameter that carries the cursor ("ending_before", "since_id", "Since"),
 * and where it goes (QUERY or BODY). */
const char         *sb_connector_poll_trigger_get_cursor_param (SbConnectorPollTrigger *self);
SbFieldLocation     sb_connector_poll_trigger_get_cursor_location (SbConnectorPollTrigger *self);
/* The item member whose value becomes the next cursor ("id"), or %NULL when the cursor is
 * the time the previous poll started (ISO 8601, UTC). */
const char         *sb_connector_poll_trigger_get_cursor_field (SbConnectorPollTrigger *self);
/* Whether the answer lists the newest item first (Stripe) rather than last (Shopify's
 * since_id), i.e. which item's field is the next cursor. */
gboolean            sb_connector_poll_trigger_get_newest_first (SbConnectorPollTrigger *self);

/* ------------------------------------------------------------------------------------ */
/* SbConnector */

#define SB_TYPE_CONNECTOR (sb_connector_get_type ())
G_DECLARE_FINAL_TYPE (SbConnector, sb_connector, SB, CONNECTOR, GObject)

/* A service type of the catalog, read from resources/connectors/<id>.json. Fails with
 * SB_CONNECTOR_CATALOG_ERROR_INVALID and a message naming the file and the field at fault:
 * "fortnox.json: auth.fields[1].label: expected a string". */
SbConnector        *sb_connector_new_from_json          (const char   *id,
                                                         JsonNode     *node,
                                                         GError      **error);

/* Properties: "id", "name", "category", "icon-name". */
const char         *sb_connector_get_id                 (SbConnector  *self);
const char         *sb_connector_get_name               (SbConnector  *self);
const char         *sb_connector_get_description        (SbConnector  *self);
const char         *sb_connector_get_category           (SbConnector  *self);
const char         *sb_connector_get_category_label     (SbConnector  *self);
const char         *sb_connector_get_icon_name          (SbConnector  *self);
/* Which way data goes between the service and the organization's records: "import" (it is
 * read from the service), "export" (it is written to the service) or "two-way". */
const char         *sb_connector_get_direction          (SbConnector  *self);
/* Where the documentation of the service's API is, or %NULL. */
const char         *sb_connector_get_documentation_url  (SbConnector  *self);
/* May contain {field} placeholders (Shopify: "https://{shop}"); see
 * sb_connector_resolve_base_url() in sb-auth.h. */
const char         *sb_connector_get_default_base_url   (SbConnector  *self);
/* Alternatives the user may pick instead (Klarna's regions and playgrounds): URLs and
 * translated labels, same length, NULL-terminated; empty when there are none. */
const char * const *sb_connector_get_base_urls          (SbConnector  *self);
const char * const *sb_connector_get_base_url_labels    (SbConnector  *self);

/* The provider: company, support contact, privacy policy, the default purpose of the
 * processing (translated) and the categories of personal data it handles (translated,
 * NULL-terminated). Strings may be %NULL when the catalog does not know them. */
const char         *sb_connector_get_provider_name      (SbConnector  *self);
const char         *sb_connector_get_support_email      (SbConnector  *self);
const char         *sb_connector_get_support_url        (SbConnector  *self);
const char         *sb_connector_get_privacy_policy_url (SbConnector  *self);
const char         *sb_connector_get_default_purpose    (SbConnector  *self);
const char * const *sb_connector_get_personal_data      (SbConnector  *self);

/* Authentication: one scheme or more (the first is the default). */
guint               sb_connector_get_n_auths            (SbConnector  *self);
SbConnectorAuth    *sb_connector_get_auth               (SbConnector  *self,
                                                         guint         index);
SbConnectorAuth    *sb_connector_lookup_auth            (SbConnector  *self,
                                                         SbAuthKind    kind);
/* The default scheme's kind and fields. */
SbAuthKind          sb_connector_get_auth_kind          (SbConnector  *self);
GListModel         *sb_connector_get_auth_fields        (SbConnector  *self);

/* The connection test, or %NULL when the connector has none. */
SbConnectorAction  *sb_connector_get_test               (SbConnector  *self);
/* GListModels of SbConnectorAction and SbConnectorPollTrigger. */
GListModel         *sb_connector_get_actions            (SbConnector  *self);
SbConnectorAction  *sb_connector_lookup_action          (SbConnector  *self,
                                                         const char   *id);
GListModel         *sb_connector_get_poll_triggers      (SbConnector  *self);
SbConnectorPollTrigger *sb_connector_lookup_poll_trigger (SbConnector *self,
                                                          const char  *id);

/* Webhooks: how they are signed, in which header, and the credential field holding the
 * signing secret (%NULL for NONE). The header may be "{field}" (generic HTTP). */
SbSignatureScheme   sb_connector_get_webhook_scheme     (SbConnector  *self);
const char         *sb_connector_get_webhook_header     (SbConnector  *self);
const char         *sb_connector_get_webhook_secret_field (SbConnector *self);

/* The service's documented rate limit: @requests per @seconds (per token); FALSE when
 * the catalog gives none. */
gboolean            sb_connector_get_rate_limit         (SbConnector  *self,
                                                         guint        *requests,
                                                         guint        *seconds);

/* Integration templates: ready-made integrations with this service, for "Add integration".
 * The trigger and steps are as in an integration, except that each "account" member holds
 * the id of a service (a connector); it becomes the organization's account of that service
 * when an integration is created from the template. Strings are translated. */
typedef struct
{
  char     *id;
  char     *name;
  char     *description;  /* may be %NULL */
  char     *type;         /* "import", "export" or "two-way" */
  char     *purpose;      /* the purpose of the processing */
  GStrv     services;     /* the connector ids of the accounts it needs, in order */
  JsonNode *trigger;      /* an object */
  JsonNode *steps;        /* an array, not empty */
  JsonNode *settings;     /* an object, or %NULL for the defaults */
} SbConnectorTemplate;

void                sb_connector_template_free          (SbConnectorTemplate *template);
guint               sb_connector_get_n_templates        (SbConnector  *self);
const SbConnectorTemplate *sb_connector_get_template    (SbConnector  *self,
                                                         guint         index);
const SbConnectorTemplate *sb_connector_lookup_template (SbConnector  *self,
                                                         const char   *id);
/* Two-sided activation: when the provider must also switch an integration on at their side
 * (IdrottOnline's Export Service), what to ask them (translated); %NULL otherwise. */
const char         *sb_connector_get_two_sided_instructions (SbConnector *self);

/* The JSON file as loaded, for code that reads members the accessors do not cover. */
JsonNode           *sb_connector_get_definition         (SbConnector  *self);

/* Reads an answer: JSON as it is; a SOAP envelope as JSON (each element an object of its
 * children, repeated children an array, text a string); an empty body as null. A status
 * the request does not accept, a SOAP fault or a per-item APIException becomes an
 * SB_CONNECTOR_ERROR whose message names the service, the status and the service's own
 * message (read from its documented error shape). @scrub (nullable) lists values to
 * remove from any message taken from the answer: pass the credentials' secret values. */
JsonNode           *sb_connector_read_answer            (SbConnector        *self,
                                                         SbConnectorAction  *action,
                                                         SoupMessage        *message,
                                                         GBytes             *body,
                                                         const char * const *scrub,
                                                         GError            **error);

/* Follows a path like "data[0].id" or "shop.name" (arrays may be indexed; an index on a
 * non-array means the value itself, so SOAP's single elements read like arrays).
 * Returns a borrowed node or %NULL. */
JsonNode           *sb_json_path_lookup                 (JsonNode           *root,
                                                         const char         *path);

G_END_DECLS
