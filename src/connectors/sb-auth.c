/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sb-auth.h"

#include "sb-connector-private.h"
#include "sb-oauth2.h"
#include "model/sb-credential-source.h"

#include <glib/gi18n.h>

/* The authentication schemes. Credentials only ever go into request headers, cookies and
 * the bodies of login and token requests; every message built here names fields by their
 * labels, never by their values, and messages taken from answers pass through
 * sb_scrub_secrets(). */

#define SOAP_NAMESPACE "http://24sevenOffice.com/webservices"

/* Refresh an access token that expires within this many seconds. */
#define REFRESH_MARGIN 60

/* A session HasSession confirmed is trusted this long before asking again; asking before
 * every call would double the requests, and logging in again each time is throttled. */
#define SESSION_TRUSTED_SECONDS (5 * 60)

/* ------------------------------------------------------------------------------------ */
/* SbCredentials */

struct _SbCredentials
{
  GHashTable *values;
};

G_DEFINE_BOXED_TYPE (SbCredentials, sb_credentials, sb_credentials_copy, sb_credentials_free)

static void
wipe_value (gpointer value)
{
  sb_credential_free (value);
}

SbCredentials *
sb_credentials_new (void)
{
  SbCredentials *self = g_new0 (SbCredentials, 1);

  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, wipe_value);
  return self;
}

SbCredentials *
sb_credentials_copy (const SbCredentials *self)
{
  SbCredentials *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = sb_credentials_new ();
  sb_credentials_update (copy, self);
  return copy;
}

void
sb_credentials_free (SbCredentials *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->values);
  g_free (self);
}

void
sb_credentials_set (SbCredentials *self,
                    const char    *field,
                    const char    *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (field != NULL);

  if (value == NULL)
    g_hash_table_remove (self->values, field);
  else
    g_hash_table_insert (self->values, g_strdup (field), g_strdup (value));
}

const char *
sb_credentials_get (const SbCredentials *self,
                    const char          *field)
{
  g_return_val_if_fail (self != NULL, NULL);

  return field != NULL ? g_hash_table_lookup (self->values, field) : NULL;
}

gboolean
sb_credentials_has (const SbCredentials *self,
                    const char          *field)
{
  const char *value = sb_credentials_get (self, field);

  return value != NULL && value[0] != '\0';
}

guint
sb_credentials_get_size (const SbCredentials *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return g_hash_table_size (self->values);
}

static int
compare_fields (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  return strcmp (*(char * const *)a, *(char * const *)b);
}

char **
sb_credentials_dup_fields (const SbCredentials *self)
{
  g_autofree const char **keys = NULL;
  char **fields;
  guint n;

  g_return_val_if_fail (self != NULL, NULL);

  keys = (const char **)g_hash_table_get_keys_as_array (self->values, &n);
  fields = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    fields[i] = g_strdup (keys[i]);
  g_qsort_with_data (fields, n, sizeof (char *), compare_fields, NULL);
  return fields;
}

void
sb_credentials_update (SbCredentials       *self,
                       const SbCredentials *other)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (self != NULL);
  g_return_if_fail (other != NULL);

  g_hash_table_iter_init (&iter, other->values);
  while (g_hash_table_iter_next (&iter, &key, &value))
    sb_credentials_set (self, key, value);
}

/* ------------------------------------------------------------------------------------ */
/* Helpers about a connector's schemes */

/**
 * sb_connector_choose_auth:
 *
 * Returns: (transfer none) (nullable): the scheme in use.
 */
SbConnectorAuth *
sb_connector_choose_auth (SbConnector         *connector,
                          const SbCredentials *credentials)
{
  const char *name;
  SbAuthKind kind;

  g_return_val_if_fail (SB_IS_CONNECTOR (connector), NULL);

  name = credentials != NULL ? sb_credentials_get (credentials, SB_CREDENTIAL_AUTH_KIND) : NULL;
  if (name == NULL || name[0] == '\0')
    return sb_connector_get_auth (connector, 0);

  if (!sb_auth_kind_from_string (name, &kind))
    return NULL;

  return sb_connector_lookup_auth (connector, kind);
}

static const char *
field_label (SbConnectorAuth *auth,
             const char      *id)
{
  SbConnectorField *field = auth != NULL ? sb_connector_auth_lookup_field (auth, id) : NULL;

  return field != NULL ? sb_connector_field_get_label (field) : id;
}

/* A field's value, or its default. */
static const char *
field_value (SbConnectorAuth     *auth,
             const SbCredentials *credentials,
             const char          *id)
{
  const char *value = sb_credentials_get (credentials, id);
  SbConnectorField *field;

  if (value != NULL && value[0] != '\0')
    return value;

  field = auth != NULL ? sb_connector_auth_lookup_field (auth, id) : NULL;
  return field != NULL ? sb_connector_field_get_default (field) : NULL;
}

static void
set_missing_credential (GError          **error,
                        SbConnectorAuth  *auth,
                        const char       *id)
{
  g_set_error (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_MISSING_CREDENTIAL,
               /* Translators: %s is the label of a credential field, e.g. “Secret key” */
               _("The account has no “%s”"), field_label (auth, id));
}

/**
 * sb_connector_resolve_base_url:
 *
 * Returns: (transfer full): the base URL without a trailing slash, or %NULL with @error.
 */
char *
sb_connector_resolve_base_url (SbConnector         *connector,
                               const char          *base_url,
                               const SbCredentials *credentials,
                               GError             **error)
{
  SbConnectorAuth *auth;
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p;

  g_return_val_if_fail (SB_IS_CONNECTOR (connector), NULL);

  if (base_url == NULL || base_url[0] == '\0')
    base_url = sb_connector_get_default_base_url (connector);
  if (base_url == NULL || base_url[0] == '\0')
    {
      g_set_error (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_MISSING_CREDENTIAL,
                   /* Translators: %s is a service's name */
                   _("The account has no web address for %s"), sb_connector_get_name (connector));
      return NULL;
    }

  auth = credentials != NULL ? sb_connector_choose_auth (connector, credentials)
                             : sb_connector_get_auth (connector, 0);

  for (p = base_url; *p != '\0';)
    {
      const char *open = strchr (p, '{');
      const char *close = open != NULL ? strchr (open, '}') : NULL;
      g_autofree char *id = NULL;
      g_autofree char *value = NULL;
      const char *given;

      if (open == NULL || close == NULL)
        {
          g_string_append (out, p);
          break;
        }

      g_string_append_len (out, p, open - p);
      id = g_strndup (open + 1, close - open - 1);
      given = credentials != NULL ? field_value (auth, credentials, id) : NULL;
      if (given == NULL || given[0] == '\0')
        {
          set_missing_credential (error, auth, id);
          return NULL;
        }

      /* People paste the whole address into a "shop domain" field. */
      value = g_strstrip (g_strdup (given));
      if (g_str_has_prefix (value, "https://") || g_str_has_prefix (value, "http://"))
        memmove (value, strstr (value, "//") + 2, strlen (strstr (value, "//") + 2) + 1);
      while (value[0] != '\0' && value[strlen (value) - 1] == '/')
        value[strlen (value) - 1] = '\0';
      g_string_append_uri_escaped (out, value, ":", FALSE);
      p = close + 1;
    }

  while (out->len > 0 && out->str[out->len - 1] == '/')
    g_string_truncate (out, out->len - 1);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * sb_connector_dup_secret_values:
 *
 * Returns: (transfer full): the secret values, never empty strings.
 */
char **
sb_connector_dup_secret_values (SbConnector         *connector,
                                const SbCredentials *credentials)
{
  static const char * const always[] = {
    SB_CREDENTIAL_ACCESS_TOKEN, SB_CREDENTIAL_REFRESH_TOKEN, SB_CREDENTIAL_SESSION_ID,
    SB_CREDENTIAL_CLIENT_SECRET,
  };
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (SB_IS_CONNECTOR (connector), NULL);

  if (credentials == NULL)
    return g_strv_builder_end (builder);

  for (guint i = 0; i < sb_connector_get_n_auths (connector); i++)
    {
      GListModel *fields = sb_connector_auth_get_fields (sb_connector_get_auth (connector, i));

      for (guint j = 0; j < g_list_model_get_n_items (fields); j++)
        {
          g_autoptr(SbConnectorField) field = g_list_model_get_item (fields, j);
          const char *value = sb_credentials_get (credentials, sb_connector_field_get_id (field));

          if (sb_connector_field_get_secret (field) && value != NULL && value[0] != '\0')
            g_strv_builder_add (builder, value);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (always); i++)
    {
      if (sb_credentials_has (credentials, always[i]))
        g_strv_builder_add (builder, sb_credentials_get (credentials, always[i]));
    }

  return g_strv_builder_end (builder);
}

/* Frees a string that held a secret, overwriting it first; for GBytes too. */
static void
wipe_string (gpointer data)
{
  sb_credential_free (data);
}

/* ------------------------------------------------------------------------------------ */
/* SbAuthenticator */

struct _SbAuthenticator
{
  GObject          parent_instance;

  SbConnector     *connector;
  SbConnectorAuth *auth;              /* borrowed from connector */
  char            *base_url_override;
  char            *base_url;
  SbCredentials   *credentials;

  /* Authorizations waiting for the token refresh or the login in progress. */
  GPtrArray       *waiting;
  gint64           session_checked_at; /* monotonic µs */
  guint            renewing : 1;
  guint            invalid : 1;
};

G_DEFINE_FINAL_TYPE (SbAuthenticator, sb_authenticator, G_TYPE_OBJECT)

enum {
  CREDENTIALS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
sb_authenticator_dispose (GObject *object)
{
  SbAuthenticator *self = (SbAuthenticator *)object;

  g_clear_object (&self->connector);
  self->auth = NULL;

  G_OBJECT_CLASS (sb_authenticator_parent_class)->dispose (object);
}

static void
sb_authenticator_finalize (GObject *object)
{
  SbAuthenticator *self = (SbAuthenticator *)object;

  g_free (self->base_url_override);
  g_free (self->base_url);
  g_clear_pointer (&self->credentials, sb_credentials_free);
  g_clear_pointer (&self->waiting, g_ptr_array_unref);

  G_OBJECT_CLASS (sb_authenticator_parent_class)->finalize (object);
}

static void
sb_authenticator_class_init (SbAuthenticatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sb_authenticator_dispose;
  object_class->finalize = sb_authenticator_finalize;

  /**
   * SbAuthenticator::credentials-changed:
   * @changed: the fields that changed; borrowed for the time of the emission
   *
   * New tokens or a new session id, to be stored back in the keyring.
   */
  signals[CREDENTIALS_CHANGED] =
    g_signal_new ("credentials-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1,
                  SB_TYPE_CREDENTIALS | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
sb_authenticator_init (SbAuthenticator *self)
{
  self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
}

SbAuthenticator *
sb_authenticator_new (SbConnector         *connector,
                      const char          *base_url,
                      const SbCredentials *credentials)
{
  SbAuthenticator *self;

  g_return_val_if_fail (SB_IS_CONNECTOR (connector), NULL);
  g_return_val_if_fail (credentials != NULL, NULL);

  self = g_object_new (SB_TYPE_AUTHENTICATOR, NULL);
  self->connector = g_object_ref (connector);
  self->credentials = sb_credentials_copy (credentials);
  self->auth = sb_connector_choose_auth (connector, credentials);
  self->base_url_override = g_strdup (base_url != NULL && base_url[0] != '\0' ? base_url : NULL);
  self->base_url = sb_connector_resolve_base_url (connector, base_url, credentials, NULL);

  return self;
}

SbConnector *
sb_authenticator_get_connector (SbAuthenticator *self)
{
  g_return_val_if_fail (SB_IS_AUTHENTICATOR (self), NULL);
  return self->connector;
}

SbConnectorAuth *
sb_authenticator_get_auth (SbAuthenticator *self)
{
  g_return_val_if_fail (SB_IS_AUTHENTICATOR (self), NULL);
  return self->auth;
}

const char *
sb_authenticator_get_base_url (SbAuthenticator *self)
{
  g_return_val_if_fail (SB_IS_AUTHENTICATOR (self), NULL);
  return self->base_url;
}

SbCredentials *
sb_authenticator_dup_credentials (SbAuthenticator *self)
{
  g_return_val_if_fail (SB_IS_AUTHENTICATOR (self), NULL);
  return sb_credentials_copy (self->credentials);
}

void
sb_authenticator_invalidate (SbAuthenticator *self)
{
  g_return_if_fail (SB_IS_AUTHENTICATOR (self));
  self->invalid = TRUE;
}

static void
announce (SbAuthenticator     *self,
          const SbCredentials *changed)
{
  sb_credentials_update (self->credentials, changed);
  g_signal_emit (self, signals[CREDENTIALS_CHANGED], 0, changed);
}

static gboolean
check_usable (SbAuthenticator  *self,
              GError          **error)
{
  if (self->auth == NULL)
    {
      g_set_error (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_MISSING_CREDENTIAL,
                   /* Translators: %s is a service's name */
                   _("The account names a way of signing in that %s does not offer"),
                   sb_connector_get_name (self->connector));
      return FALSE;
    }

  if (self->base_url == NULL)
    {
      /* Resolved again for the error, which says which field is missing. */
      self->base_url = sb_connector_resolve_base_url (self->connector, self->base_url_override,
                                                      self->credentials, error);
      return self->base_url != NULL;
    }

  return TRUE;
}

static const char *
require_field (SbAuthenticator  *self,
               const char       *id,
               GError          **error)
{
  const char *value = field_value (self->auth, self->credentials, id);

  if (value == NULL || value[0] == '\0')
    {
      set_missing_credential (error, self->auth, id);
      return NULL;
    }

  return value;
}

static gboolean
is_header_name (const char *name)
{
  if (name == NULL || name[0] == '\0')
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && strchr ("!#$%&'*+-.^_`|~", *p) == NULL)
        return FALSE;
    }
  return TRUE;
}

/* The schemes that need no request of their own. */
static gboolean
apply_static (SbAuthenticator  *self,
              SoupMessage      *message,
              GError          **error)
{
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);
  const char *token;

  switch (sb_connector_auth_get_kind (self->auth))
    {
    case SB_AUTH_KIND_NONE:
      return TRUE;

    case SB_AUTH_KIND_API_KEY_HEADER:
      {
        const char *name = sb_connector_auth_get_header_name (self->auth);
        g_autofree char *id = NULL;

        if (name[0] == '{')
          {
            id = g_strndup (name + 1, strlen (name) - 2);
            if ((name = require_field (self, id, error)) == NULL)
              return FALSE;
          }
        if (!is_header_name (name))
          {
            g_set_error (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_MISSING_CREDENTIAL,
                         /* Translators: %s is what the user gave as the name of a header */
                         _("“%s” cannot be the name of a header"), name);
            return FALSE;
          }
        if ((token = require_field (self, sb_connector_auth_get_token_field (self->auth),
                                    error)) == NULL)
          return FALSE;
        soup_message_headers_replace (headers, name, token);
        return TRUE;
      }

    case SB_AUTH_KIND_BEARER:
      {
        g_autofree char *value = NULL;

        if ((token = require_field (self, sb_connector_auth_get_token_field (self->auth),
                                    error)) == NULL)
          return FALSE;
        value = g_strconcat ("Bearer ", token, NULL);
        soup_message_headers_replace (headers, "Authorization", value);
        sb_credential_free (g_steal_pointer (&value));
        return TRUE;
      }

    case SB_AUTH_KIND_SHOPIFY_TOKEN:
      if ((token = require_field (self, sb_connector_auth_get_token_field (self->auth),
                                  error)) == NULL)
        return FALSE;
      soup_message_headers_replace (headers, "X-Shopify-Access-Token", token);
      return TRUE;

    case SB_AUTH_KIND_BASIC:
      {
        const char *password_field = sb_connector_auth_get_password_field (self->auth);
        const char *user;
        const char *password = "";
        char *joined;
        char *encoded;
        char *value;

        if ((user = require_field (self, sb_connector_auth_get_username_field (self->auth),
                                   error)) == NULL)
          return FALSE;
        if (password_field != NULL)
          {
            SbConnectorField *field = sb_connector_auth_lookup_field (self->auth, password_field);

            password = sb_credentials_get (self->credentials, password_field);
            if ((password == NULL || password[0] == '\0') &&
                !sb_connector_field_get_optional (field))
              {
                set_missing_credential (error, self->auth, password_field);
                return FALSE;
              }
            if (password == NULL)
              password = "";
          }

        /* Stripe: the secret key as the user name and no password ("sk_…:"). */
        joined = g_strconcat (user, ":", password, NULL);
        encoded = g_base64_encode ((const guchar *)joined, strlen (joined));
        value = g_strconcat ("Basic ", encoded, NULL);
        soup_message_headers_replace (headers, "Authorization", value);
        sb_credential_free (joined);
        sb_credential_free (encoded);
        sb_credential_free (value);
        return TRUE;
      }

    case SB_AUTH_KIND_OAUTH2:
    case SB_AUTH_KIND_SOAP_SESSION:
    default:
      g_return_val_if_reached (FALSE);
    }
}

static void
apply_bearer (SbAuthenticator *self,
              SoupMessage     *message)
{
  char *value = g_strconcat ("Bearer ",
                             sb_credentials_get (self->credentials, SB_CREDENTIAL_ACCESS_TOKEN),
                             NULL);

  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization",
                                value);
  sb_credential_free (value);
}

static void
apply_session_cookie (SbAuthenticator *self,
                      SoupMessage     *message)
{
  char *value = g_strdup_printf ("%s=%s", sb_connector_auth_get_session_cookie (self->auth),
                                 sb_credentials_get (self->credentials, SB_CREDENTIAL_SESSION_ID));

  soup_message_headers_replace (soup_message_get_request_headers (message), "Cookie", value);
  sb_credential_free (value);
}

static gint64
parse_expiry (const char *expires_at)
{
  g_autoptr(GDateTime) time = NULL;

  if (expires_at == NULL || expires_at[0] == '\0')
    return 0;

  time = g_date_time_new_from_iso8601 (expires_at, NULL);
  return time != NULL ? g_date_time_to_unix (time) : 0;
}

static gboolean
needs_refresh (SbAuthenticator *self)
{
  gint64 expiry;

  if (self->invalid || !sb_credentials_has (self->credentials, SB_CREDENTIAL_ACCESS_TOKEN))
    return TRUE;

  /* No expiry known: the token is used until the service refuses it. */
  expiry = parse_expiry (sb_credentials_get (self->credentials, SB_CREDENTIAL_EXPIRES_AT));
  return expiry != 0 && expiry - g_get_real_time () / G_USEC_PER_SEC <= REFRESH_MARGIN;
}

static gboolean
session_trusted (SbAuthenticator *self)
{
  return !self->invalid && sb_credentials_has (self->credentials, SB_CREDENTIAL_SESSION_ID) &&
         self->session_checked_at != 0 &&
         g_get_monotonic_time () - self->session_checked_at <
           SESSION_TRUSTED_SECONDS * G_USEC_PER_SEC;
}

/* Hands the result of the refresh or login to every authorization that waited for it. */
static void
finish_renewal (SbAuthenticator *self,
                GError          *error)
{
  g_autoptr(GPtrArray) waiting = g_steal_pointer (&self->waiting);

  self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
  self->renewing = FALSE;

  for (guint i = 0; i < waiting->len; i++)
    {
      GTask *task = g_ptr_array_index (waiting, i);
      SoupMessage *message = g_task_get_task_data (task);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        {
          if (sb_connector_auth_get_kind (self->auth) == SB_AUTH_KIND_OAUTH2)
            apply_bearer (self, message);
          else
            apply_session_cookie (self, message);
          g_task_return_boolean (task, TRUE);
        }
    }

  if (error != NULL)
    g_error_free (error);
}

static void
refreshed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SbAuthenticator) self = user_data;
  g_autoptr(SbCredentials) renewed = NULL;
  GError *error = NULL;

  renewed = sb_oauth2_refresh_finish (result, &error);
  if (renewed == NULL)
    {
      finish_renewal (self, error);
      return;
    }

  self->invalid = FALSE;
  announce (self, renewed);
  finish_renewal (self, NULL);
}

/* A SOAP request to the Authenticate service. @inner holds secrets for Login: its bytes
 * are wiped when libsoup lets go of them. */
static SoupMessage *
new_soap_message (SbAuthenticator *self,
                  const char      *operation,
                  char            *inner)
{
  g_autofree char *url = g_strconcat (self->base_url, sb_connector_auth_get_login_path (self->auth),
                                      NULL);
  g_autofree char *soap_action = g_strdup_printf ("\"%s/%s\"", SOAP_NAMESPACE, operation);
  char *envelope = sb_soap_wrap_envelope (inner);
  g_autoptr(GBytes) body = g_bytes_new_with_free_func (envelope, strlen (envelope), wipe_string,
                                                       envelope);
  SoupMessage *message = soup_message_new ("POST", url);

  sb_credential_free (inner);
  if (message == NULL)
    return NULL;

  soup_message_headers_replace (soup_message_get_request_headers (message), "SOAPAction",
                                soap_action);
  soup_message_set_request_body_from_bytes (message, "text/xml; charset=utf-8", body);
  return message;
}

static GError *
bad_address_error (SbAuthenticator *self)
{
  return g_error_new (SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_MISSING_CREDENTIAL,
                      /* Translators: %s is a web address */
                      _("“%s” is not a web address"), self->base_url);
}

typedef struct
{
  SbAuthenticator *self;
  SoupSession     *session;
  SoupMessage     *message;
} Renewal;

static void
renewal_free (Renewal *renewal)
{
  g_clear_object (&renewal->self);
  g_clear_object (&renewal->session);
  g_clear_object (&renewal->message);
  g_free (renewal);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Renewal, renewal_free)

static JsonNode *
read_soap_answer (Renewal       *renewal,
                  GAsyncResult  *result,
                  GError       **error)
{
  SbAuthenticator *self = renewal->self;
  g_autoptr(GBytes) bytes = NULL;
  g_auto(GStrv) scrub = NULL;

  bytes = soup_session_send_and_read_finish (renewal->session, result, error);
  if (bytes == NULL)
    return NULL;

  scrub = sb_connector_dup_secret_values (self->connector, self->credentials);
  return sb_connector_read_answer (self->connector, NULL, renewal->message, bytes,
                                   (const char * const *)scrub, error);
}

static void
logged_in_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Renewal) renewal = user_data;
  SbAuthenticator *self = renewal->self;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(SbCredentials) changed = NULL;
  GError *error = NULL;
  JsonNode *session_id;

  answer = read_soap_answer (renewal, result, &error);
  if (answer == NULL)
    {
      finish_renewal (self, error);
      return;
    }

  /* An empty LoginResult is 24SevenOffice's answer to wrong credentials. */
  session_id = sb_json_path_lookup (answer, "LoginResponse.LoginResult");
  if (session_id == NULL || !JSON_NODE_HOLDS_VALUE (session_id) ||
      json_node_get_value_type (session_id) != G_TYPE_STRING ||
      json_node_get_string (session_id)[0] == '\0')
    {
      finish_renewal (self,
                      g_error_new (SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_UNAUTHORIZED,
                                   /* Translators: %s is a service's name */
                                   _("%s refused the login: check the application ID, "
                                     "the user name and the password"),
                                   sb_connector_get_name (self->connector)));
      return;
    }

  changed = sb_credentials_new ();
  sb_credentials_set (changed, SB_CREDENTIAL_SESSION_ID, json_node_get_string (session_id));
  self->invalid = FALSE;
  self->session_checked_at = g_get_monotonic_time ();
  announce (self, changed);
  finish_renewal (self, NULL);
}

static void
log_in (SbAuthenticator *self,
        SoupSession     *session)
{
  const char *identity_field = sb_connector_auth_get_identity_field (self->auth);
  const char *application;
  const char *user;
  const char *password;
  g_autofree char *escaped_application = NULL;
  g_autofree char *escaped_user = NULL;
  g_autofree char *escaped_password = NULL;
  g_autofree char *identity = NULL;
  Renewal *renewal;
  GError *error = NULL;
  char *inner;

  if ((application = require_field (self, sb_connector_auth_get_application_field (self->auth),
                                    &error)) == NULL ||
      (user = require_field (self, sb_connector_auth_get_username_field (self->auth),
                             &error)) == NULL ||
      (password = require_field (self, sb_connector_auth_get_password_field (self->auth),
                                 &error)) == NULL)
    {
      finish_renewal (self, error);
      return;
    }

  if (identity_field != NULL && sb_credentials_has (self->credentials, identity_field))
    {
      g_autofree char *escaped = sb_xml_escape (sb_credentials_get (self->credentials,
                                                                    identity_field));

      identity = g_strdup_printf ("<IdentityId>%s</IdentityId>", escaped);
    }

  escaped_application = sb_xml_escape (application);
  escaped_user = sb_xml_escape (user);
  escaped_password = sb_xml_escape (password);
  inner = g_strdup_printf ("<Login xmlns=\"" SOAP_NAMESPACE "\"><credential>"
                           "<ApplicationId>%s</ApplicationId><Username>%s</Username>"
                           "<Password>%s</Password>%s</credential></Login>",
                           escaped_application, escaped_user, escaped_password,
                           identity != NULL ? identity : "");
  sb_credential_free (g_steal_pointer (&escaped_application));
  sb_credential_free (g_steal_pointer (&escaped_password));

  renewal = g_new0 (Renewal, 1);
  renewal->self = g_object_ref (self);
  renewal->session = g_object_ref (session);
  renewal->message = new_soap_message (self, "Login", inner);
  if (renewal->message == NULL)
    {
      renewal_free (renewal);
      finish_renewal (self, bad_address_error (self));
      return;
    }
  soup_session_send_and_read_async (session, renewal->message, G_PRIORITY_DEFAULT, NULL,
                                    logged_in_cb, renewal);
}

static void
has_session_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Renewal) renewal = user_data;
  SbAuthenticator *self = renewal->self;
  g_autoptr(JsonNode) answer = NULL;
  GError *error = NULL;
  JsonNode *has;

  answer = read_soap_answer (renewal, result, &error);
  if (answer == NULL)
    {
      finish_renewal (self, error);
      return;
    }

  has = sb_json_path_lookup (answer, "HasSessionResponse.HasSessionResult");
  if (has != NULL && JSON_NODE_HOLDS_VALUE (has) &&
      json_node_get_value_type (has) == G_TYPE_STRING &&
      g_ascii_strcasecmp (json_node_get_string (has), "true") == 0)
    {
      self->session_checked_at = g_get_monotonic_time ();
      finish_renewal (self, NULL);
      return;
    }

  log_in (self, renewal->session);
}

static void
start_renewal (SbAuthenticator *self,
               SoupSession     *session)
{
  self->renewing = TRUE;

  if (sb_connector_auth_get_kind (self->auth) == SB_AUTH_KIND_OAUTH2)
    {
      if (!sb_credentials_has (self->credentials, SB_CREDENTIAL_REFRESH_TOKEN))
        {
          finish_renewal (self,
                          g_error_new (SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_NEEDS_AUTHORIZATION,
                                       /* Translators: %s is a service's name */
                                       _("Sign in to %s again: the account has no valid token"),
                                       sb_connector_get_name (self->connector)));
          return;
        }

      sb_oauth2_refresh_async (self->connector, session, self->base_url_override,
                               self->credentials, NULL, refreshed_cb, g_object_ref (self));
      return;
    }

  /* SOAP: ask whether the stored session still lives before logging in again. */
  if (!self->invalid && sb_credentials_has (self->credentials, SB_CREDENTIAL_SESSION_ID))
    {
      Renewal *renewal = g_new0 (Renewal, 1);

      renewal->self = g_object_ref (self);
      renewal->session = g_object_ref (session);
      renewal->message =
        new_soap_message (self, "HasSession",
                          g_strdup ("<HasSession xmlns=\"" SOAP_NAMESPACE "\" />"));
      if (renewal->message == NULL)
        {
          renewal_free (renewal);
          finish_renewal (self, bad_address_error (self));
          return;
        }
      apply_session_cookie (self, renewal->message);
      soup_session_send_and_read_async (session, renewal->message, G_PRIORITY_DEFAULT, NULL,
                                        has_session_cb, renewal);
      return;
    }

  log_in (self, session);
}

void
sb_authenticator_authorize_async (SbAuthenticator     *self,
                                  SoupSession         *session,
                                  SoupMessage         *message,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  SbAuthKind kind;

  g_return_if_fail (SB_IS_AUTHENTICATOR (self));
  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (SOUP_IS_MESSAGE (message));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sb_authenticator_authorize_async);
  g_task_set_task_data (task, g_object_ref (message), g_object_unref);

  if (!check_usable (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  kind = sb_connector_auth_get_kind (self->auth);
  if (kind == SB_AUTH_KIND_OAUTH2 && !needs_refresh (self))
    {
      apply_bearer (self, message);
      g_task_return_boolean (task, TRUE);
    }
  else if (kind == SB_AUTH_KIND_SOAP_SESSION && session_trusted (self))
    {
      apply_session_cookie (self, message);
      g_task_return_boolean (task, TRUE);
    }
  else if (kind == SB_AUTH_KIND_OAUTH2 || kind == SB_AUTH_KIND_SOAP_SESSION)
    {
      /* One refresh or login serves every request that needs it meanwhile: a rotated
       * refresh token can be spent only once. */
      g_ptr_array_add (self->waiting, g_object_ref (task));
      if (!self->renewing)
        start_renewal (self, session);
    }
  else if (apply_static (self, message, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

gboolean
sb_authenticator_authorize_finish (SbAuthenticator  *self,
                                   GAsyncResult     *result,
                                   GError          **error)
{
  g_return_val_if_fail (SB_IS_AUTHENTICATOR (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sb_authenticator_authorize_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------ */
/* Sending actions */

/* The step's parameters over the account's non-secret fields. */
static JsonObject *
merge_params (SbAuthenticator *self,
              JsonObject      *params)
{
  JsonObject *merged = json_object_new ();
  GListModel *fields = self->auth != NULL ? sb_connector_auth_get_fields (self->auth) : NULL;

  for (guint i = 0; fields != NULL && i < g_list_model_get_n_items (fields); i++)
    {
      g_autoptr(SbConnectorField) field = g_list_model_get_item (fields, i);
      const char *id = sb_connector_field_get_id (field);
      const char *value = field_value (self->auth, self->credentials, id);

      if (!sb_connector_field_get_secret (field) && value != NULL && value[0] != '\0')
        json_object_set_string_member (merged, id, value);
    }

  if (params != NULL)
    {
      JsonObjectIter iter;
      const char *member;
      JsonNode *value;

      json_object_iter_init_ordered (&iter, params);
      while (json_object_iter_next_ordered (&iter, &member, &value))
        json_object_set_member (merged, member, json_node_copy (value));
    }

  return merged;
}

/**
 * sb_authenticator_build_message:
 *
 * Returns: (transfer full): the message, not yet authorized; or %NULL with @error.
 */
SoupMessage *
sb_authenticator_build_message (SbAuthenticator    *self,
                                SbConnectorAction  *action,
                                JsonObject         *params,
                                GError            **error)
{
  g_autoptr(JsonObject) merged = NULL;

  g_return_val_if_fail (SB_IS_AUTHENTICATOR (self), NULL);
  g_return_val_if_fail (SB_IS_CONNECTOR_ACTION (action), NULL);

  if (!check_usable (self, error))
    return NULL;

  merged = merge_params (self, params);
  return sb_connector_action_build_message (action, self->base_url, merged, error);
}

typedef struct
{
  SoupSession       *session;
  SbConnectorAction *action;  /* the request being made: the action or its follow-up */
  JsonObject        *params;
  SoupMessage       *message;
  guint              attempt;
} Send;

static void
send_free (Send *send)
{
  g_clear_object (&send->session);
  g_clear_object (&send->action);
  g_clear_pointer (&send->params, json_object_unref);
  g_clear_object (&send->message);
  g_free (send);
}

static void send_request (GTask *task);

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SbAuthenticator *self = g_task_get_source_object (task);
  Send *send = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_auto(GStrv) scrub = NULL;
  SbConnectorAction *follow_up;
  GError *error = NULL;
  SbAuthKind kind = sb_connector_auth_get_kind (self->auth);

  bytes = soup_session_send_and_read_finish (send->session, result, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* A token or session the service no longer takes: renew it and try once more. */
  if (soup_message_get_status (send->message) == SOUP_STATUS_UNAUTHORIZED && send->attempt == 1 &&
      (kind == SB_AUTH_KIND_OAUTH2 || kind == SB_AUTH_KIND_SOAP_SESSION))
    {
      send->attempt++;
      sb_authenticator_invalidate (self);
      send_request (g_steal_pointer (&task));
      return;
    }

  scrub = sb_connector_dup_secret_values (self->connector, self->credentials);
  answer = sb_connector_read_answer (self->connector, send->action, send->message, bytes,
                                     (const char * const *)scrub, &error);
  if (answer == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  follow_up = sb_connector_action_get_follow_up (send->action);
  if (follow_up != NULL)
    {
      JsonObject *bind = sb_connector_action_get_bind (follow_up);
      JsonObjectIter iter;
      const char *name;
      JsonNode *paths;

      json_object_iter_init_ordered (&iter, bind);
      while (json_object_iter_next_ordered (&iter, &name, &paths))
        {
          JsonNode *found = NULL;
          guint n = JSON_NODE_HOLDS_ARRAY (paths)
                      ? json_array_get_length (json_node_get_array (paths)) : 1;

          for (guint i = 0; i < n && found == NULL; i++)
            {
              JsonNode *path = JSON_NODE_HOLDS_ARRAY (paths)
                                 ? json_array_get_element (json_node_get_array (paths), i)
                                 : paths;
              JsonNode *node = sb_json_path_lookup (answer, json_node_get_string (path));

              if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
                found = node;
            }

          if (found == NULL)
            {
              g_task_return_new_error (task, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_BAD_ANSWER,
                                       /* Translators: a service's name, then a field name */
                                       _("%s answered without “%s”"),
                                       sb_connector_get_name (self->connector), name);
              return;
            }
          json_object_set_member (send->params, name, json_node_copy (found));
        }

      g_set_object (&send->action, follow_up);
      send->attempt = 1;
      send_request (g_steal_pointer (&task));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&answer), (GDestroyNotify)json_node_unref);
}

static void
send_authorized_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SbAuthenticator *self = SB_AUTHENTICATOR (object);
  Send *send = g_task_get_task_data (task);
  GCancellable *cancellable;
  GError *error = NULL;

  if (!sb_authenticator_authorize_finish (self, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  cancellable = g_task_get_cancellable (task);
  soup_session_send_and_read_async (send->session, send->message, G_PRIORITY_DEFAULT,
                                    cancellable, sent_cb, g_steal_pointer (&task));
}

/* Takes @task. */
static void
send_request (GTask *task)
{
  SbAuthenticator *self = g_task_get_source_object (task);
  Send *send = g_task_get_task_data (task);
  GError *error = NULL;

  g_clear_object (&send->message);
  send->message = sb_authenticator_build_message (self, send->action, send->params, &error);
  if (send->message == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  sb_authenticator_authorize_async (self, send->session, send->message,
                                    g_task_get_cancellable (task), send_authorized_cb, task);
}

void
sb_authenticator_send_async (SbAuthenticator     *self,
                             SoupSession         *session,
                             SbConnectorAction   *action,
                             JsonObject          *params,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;
  Send *send;

  g_return_if_fail (SB_IS_AUTHENTICATOR (self));
  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (SB_IS_CONNECTOR_ACTION (action));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sb_authenticator_send_async);

  send = g_new0 (Send, 1);
  send->session = g_object_ref (session);
  send->action = g_object_ref (action);
  send->params = params != NULL ? json_object_ref (params) : json_object_new ();
  send->attempt = 1;
  g_task_set_task_data (task, send, (GDestroyNotify)send_free);

  /* The follow-up adds to the parameters: keep the caller's object as it was. */
  if (params != NULL)
    {
      JsonObject *copy = json_object_new ();
      JsonObjectIter iter;
      const char *member;
      JsonNode *value;

      json_object_iter_init_ordered (&iter, params);
      while (json_object_iter_next_ordered (&iter, &member, &value))
        json_object_set_member (copy, member, json_node_copy (value));
      json_object_unref (send->params);
      send->params = copy;
    }

  send_request (task);
}

/**
 * sb_authenticator_send_finish:
 *
 * Returns: (transfer full): the answer (JSON null for an empty one), or %NULL with @error.
 */
JsonNode *
sb_authenticator_send_finish (SbAuthenticator  *self,
                              GAsyncResult     *result,
                              GError          **error)
{
  g_return_val_if_fail (SB_IS_AUTHENTICATOR (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sb_authenticator_send_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------ */
/* Connection tests */

static JsonNode *
make_info (SbAuthenticator *self,
           JsonNode        *answer)
{
  SbConnectorAction *test = sb_connector_get_test (self->connector);
  JsonObject *map = test != NULL ? sb_connector_action_get_info (test) : NULL;
  g_autoptr(JsonObject) info = json_object_new ();

  if (map != NULL && answer != NULL)
    {
      JsonObjectIter iter;
      const char *key;
      JsonNode *path;

      json_object_iter_init_ordered (&iter, map);
      while (json_object_iter_next_ordered (&iter, &key, &path))
        {
          JsonNode *value = sb_json_path_lookup (answer, json_node_get_string (path));

          /* What the service says about itself, not whole objects. */
          if (value != NULL && JSON_NODE_HOLDS_VALUE (value))
            json_object_set_member (info, key, json_node_copy (value));
        }
    }

  if (sb_connector_auth_get_kind (self->auth) == SB_AUTH_KIND_OAUTH2 &&
      sb_credentials_has (self->credentials, SB_CREDENTIAL_EXPIRES_AT))
    json_object_set_string_member (info, "token_expires_at",
                                   sb_credentials_get (self->credentials,
                                                       SB_CREDENTIAL_EXPIRES_AT));

  return json_node_init_object (json_node_alloc (), info);
}

static void
tested_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SbAuthenticator *self = SB_AUTHENTICATOR (object);
  g_autoptr(JsonNode) answer = NULL;
  GError *error = NULL;

  answer = sb_authenticator_send_finish (self, result, &error);
  if (answer == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, make_info (self, answer), (GDestroyNotify)json_node_unref);
}

void
sb_authenticator_test_connection_async (SbAuthenticator     *self,
                                        SoupSession         *session,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SbConnectorAction *test;
  GError *error = NULL;

  g_return_if_fail (SB_IS_AUTHENTICATOR (self));
  g_return_if_fail (SOUP_IS_SESSION (session));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sb_authenticator_test_connection_async);

  if (!check_usable (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  test = sb_connector_get_test (self->connector);
  if (test == NULL)
    {
      g_task_return_pointer (task, make_info (self, NULL), (GDestroyNotify)json_node_unref);
      return;
    }

  sb_authenticator_send_async (self, session, test, NULL, cancellable, tested_cb,
                               g_steal_pointer (&task));
}

/**
 * sb_authenticator_test_connection_finish:
 *
 * Returns: (transfer full): the connection info, or %NULL with @error.
 */
JsonNode *
sb_authenticator_test_connection_finish (SbAuthenticator  *self,
                                         GAsyncResult     *result,
                                         GError          **error)
{
  g_return_val_if_fail (SB_IS_AUTHENTICATOR (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        sb_authenticator_test_connection_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  SbAuthenticator *authenticator;
  SbCredentials   *changed;
  gulong           handler;
} ConnectorTest;

static void
connector_test_free (ConnectorTest *test)
{
  g_clear_signal_handler (&test->handler, test->authenticator);
  g_clear_object (&test->authenticator);
  g_clear_pointer (&test->changed, sb_credentials_free);
  g_free (test);
}

static void
on_authenticator_credentials_changed (SbAuthenticator *authenticator,
                                      SbCredentials   *changed,
                                      gpointer         user_data)
{
  ConnectorTest *test = user_data;

  sb_credentials_update (test->changed, changed);
}

static void
connector_tested_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  JsonNode *info;
  GError *error = NULL;

  info = sb_authenticator_test_connection_finish (SB_AUTHENTICATOR (object), result, &error);
  if (info == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, info, (GDestroyNotify)json_node_unref);
}

void
sb_connector_test_connection_async (SbConnector         *connector,
                                    SoupSession         *session,
                                    const char          *base_url,
                                    const SbCredentials *credentials,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;
  ConnectorTest *test;

  g_return_if_fail (SB_IS_CONNECTOR (connector));
  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (credentials != NULL);

  task = g_task_new (connector, cancellable, callback, user_data);
  g_task_set_source_tag (task, sb_connector_test_connection_async);

  test = g_new0 (ConnectorTest, 1);
  test->authenticator = sb_authenticator_new (connector, base_url, credentials);
  test->changed = sb_credentials_new ();
  test->handler = g_signal_connect (test->authenticator, "credentials-changed",
                                    G_CALLBACK (on_authenticator_credentials_changed), test);
  g_task_set_task_data (task, test, (GDestroyNotify)connector_test_free);

  sb_authenticator_test_connection_async (test->authenticator, session, cancellable,
                                          connector_tested_cb, task);
}

/**
 * sb_connector_test_connection_finish:
 * @changed: (out) (optional) (transfer full): set even when the test failed, since a
 *   refresh may have rotated the refresh token before the test itself failed
 *
 * Returns: (transfer full): the connection info, or %NULL with @error.
 */
JsonNode *
sb_connector_test_connection_finish (SbConnector    *connector,
                                     GAsyncResult   *result,
                                     SbCredentials **changed,
                                     GError        **error)
{
  ConnectorTest *test;

  g_return_val_if_fail (SB_IS_CONNECTOR (connector), NULL);
  g_return_val_if_fail (g_task_is_valid (result, connector), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        sb_connector_test_connection_async, NULL);

  test = g_task_get_task_data (G_TASK (result));
  if (changed != NULL)
    *changed = sb_credentials_get_size (test->changed) > 0 ? sb_credentials_copy (test->changed)
                                                            : NULL;

  return g_task_propagate_pointer (G_TASK (result), error);
}
