/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "sb-workspace.h"
#include "sb-workspace-private.h"

/* Accounts and their credentials.
 *
 * The credentials of an account are its fields in the keyring, keyed by the account id, and
 * go nowhere else: not into the store, an error message, a log line or an export. An
 * account is written before its credentials (the keyring needs its id), in the status Needs
 * credentials, and becomes Connected once they are kept; when that fails for any reason but
 * a missing keyring, the account and its audit entry are taken out again. */

/* Helpers {{{ */

static SbConnector *
lookup_connector (SbWorkspace  *self,
                  const char   *connector_id,
                  GError      **error)
{
  SbConnector *connector = connector_id != NULL
                           ? sb_connector_catalog_lookup (self->catalog, connector_id)
                           : NULL;

  if (connector == NULL)
    g_set_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID,
                 _("There is no service called “%s”."), connector_id != NULL ? connector_id : "");
  return connector;
}

/* A base URL as the connectors want it: trimmed, without a trailing slash; NULL for none.
 * The messages never repeat the text, which might hold a password. */
static gboolean
clean_base_url (const char  *base_url,
                char       **clean,
                GError     **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  *clean = NULL;
  if (sb_workspace_is_blank (base_url))
    return TRUE;

  text = g_strstrip (g_strdup (base_url));
  uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    {
      g_set_error_literal (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID,
                           _("The base URL is not a web address: write it like "
                             "https://api.example.com."));
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0)
    {
      g_set_error_literal (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID,
                           _("The base URL must start with https:// or http://."));
      return FALSE;
    }

  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0')
    {
      g_set_error_literal (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID,
                           _("The base URL has no host name after “//”."));
      return FALSE;
    }

  /* It is stored and shown as it is: credentials belong in the keyring. */
  if (g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error_literal (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID,
                           _("The base URL must not contain a user name or a password: enter "
                             "those as the account’s credentials."));
      return FALSE;
    }

  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    {
      g_set_error_literal (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID,
                           _("The base URL must not have a query (“?…”) or a fragment "
                             "(“#…”)."));
      return FALSE;
    }

  while (g_str_has_suffix (text, "/") && !g_str_has_suffix (text, "//"))
    text[strlen (text) - 1] = '\0';

  *clean = g_steal_pointer (&text);
  return TRUE;
}

/* The credentials as the keyring takes them: field → value, wiped when freed. */
static GHashTable *
new_field_table (const SbCredentials *credentials)
{
  GHashTable *fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) sb_credential_free);
  g_auto(GStrv) names = credentials != NULL ? sb_credentials_dup_fields (credentials) : NULL;

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      const char *value = sb_credentials_get (credentials, names[i]);

      if (value != NULL)
        g_hash_table_insert (fields, g_strdup (names[i]), g_strdup (value));
    }

  return fields;
}

static SbCredentials *
new_credentials_from_table (GHashTable *fields)
{
  SbCredentials *credentials = sb_credentials_new ();
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, fields);
  while (g_hash_table_iter_next (&iter, &key, &value))
    sb_credentials_set (credentials, key, value);

  return credentials;
}

/* Belt and braces: the connectors keep credentials out of their messages, and whatever this
 * file records or hands on is scrubbed once more. */
#define MIN_SCRUB_LENGTH 4

static void
scrub_error (GError              *error,
             SbConnector         *connector,
             const SbCredentials *credentials)
{
  g_auto(GStrv) secrets = NULL;
  GString *message;

  if (error == NULL || credentials == NULL)
    return;

  secrets = sb_connector_dup_secret_values (connector, credentials);
  message = g_string_new (error->message);
  for (guint i = 0; secrets != NULL && secrets[i] != NULL; i++)
    if (strlen (secrets[i]) >= MIN_SCRUB_LENGTH)
      g_string_replace (message, secrets[i], "•••", 0);

  g_free (error->message);
  error->message = g_string_free (message, FALSE);
}

/* What a failed test says about the account. */
static SbAccountStatus
get_status_for_error (const GError *error)
{
  if (g_error_matches (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_UNAUTHORIZED) ||
      g_error_matches (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_NEEDS_AUTHORIZATION) ||
      g_error_matches (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_ACCESS_DENIED))
    return SB_ACCOUNT_STATUS_NEEDS_ATTENTION;

  if (g_error_matches (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_MISSING_CREDENTIAL))
    return SB_ACCOUNT_STATUS_NEEDS_CREDENTIALS;

  return SB_ACCOUNT_STATUS_ERROR;
}

/* Remembers whether the keyring answered, for the banner. */
static void
note_keyring_result (SbWorkspace  *self,
                     const GError *error)
{
  if (error == NULL)
    sb_workspace_set_keyring_problem (self, NULL);
  else if (g_error_matches (error, SB_SECRETS_ERROR, SB_SECRETS_ERROR_NO_SERVICE))
    sb_workspace_set_keyring_problem (self, error->message);
}

const char *
sb_workspace_get_demo_service (SbAccount *account)
{
  JsonNode *metadata = sb_account_get_metadata (account);
  JsonNode *demo;

  if (metadata == NULL || !JSON_NODE_HOLDS_OBJECT (metadata))
    return NULL;

  demo = json_object_get_member (json_node_get_object (metadata), "demo");
  if (demo == NULL || !JSON_NODE_HOLDS_VALUE (demo) ||
      json_node_get_value_type (demo) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (demo);
}

static gboolean
is_imitated (const char *service)
{
  const char * const *services = sb_imitations_list_services ();

  return service != NULL && g_strv_contains (services, service);
}

SbImitations *
sb_workspace_get_imitations (SbWorkspace *self)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);

  if (self->imitations != NULL || self->imitations_failed)
    return self->imitations;

  self->imitations = sb_imitations_new ();
  if (!sb_imitations_start (self->imitations, &error))
    {
      g_warning ("Could not start the local imitations of the services: %s", error->message);
      g_clear_object (&self->imitations);
      self->imitations_failed = TRUE;
    }

  return self->imitations;
}

const char *
sb_workspace_get_imitation_base_url (SbWorkspace *self,
                                     const char  *connector_id)
{
  SbImitations *imitations;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);

  if (!is_imitated (connector_id))
    return NULL;

  imitations = sb_workspace_get_imitations (self);
  return imitations != NULL ? sb_imitations_get_base_url (imitations, connector_id) : NULL;
}

void
sb_workspace_start_demo_services (SbWorkspace *self)
{
  g_autoptr(GError) error = NULL;

  if (sb_store_has_demo_accounts (self->store, &error))
    sb_workspace_get_imitations (self);
  else if (error != NULL)
    g_warning ("Could not look for demo accounts: %s", error->message);
}

/* The base URL of an imitation that runs already (comparing must not start them). */
static const char *
get_running_imitation_url (SbWorkspace *self,
                           const char  *connector_id)
{
  if (self->imitations == NULL || !is_imitated (connector_id))
    return NULL;

  return sb_imitations_get_base_url (self->imitations, connector_id);
}

/* The base URL an account is used with: a demo account's is its imitation's, on whatever
 * port it listens this time; NULL means the connector's default. */
static const char *
resolve_base_url (SbWorkspace *self,
                  SbAccount   *account,
                  const char  *stored)
{
  const char *service = sb_workspace_get_demo_service (account);

  if (service != NULL && is_imitated (service))
    return sb_workspace_get_imitation_base_url (self, service);

  return stored;
}

void
sb_workspace_prepare_accounts (SbWorkspace *self,
                               gint64       organization_id,
                               GPtrArray   *accounts,
                               gpointer     data)
{
  for (guint i = 0; i < accounts->len; i++)
    {
      SbAccount *account = g_ptr_array_index (accounts, i);

      if (sb_workspace_get_demo_service (account) != NULL)
        sb_account_set_base_url (account,
                                 resolve_base_url (self, account,
                                                   sb_account_get_base_url (account)));
    }
}

/* A copy as the store keeps it: a demo account's base URL is resolved anew at every start,
 * never stored. */
static SbAccount *
copy_account (SbAccount *account)
{
  SbAccount *copy = sb_account_new ();

  sb_account_set_id (copy, sb_account_get_id (account));
  sb_account_set_organization_id (copy, sb_account_get_organization_id (account));
  sb_account_set_connector_id (copy, sb_account_get_connector_id (account));
  sb_account_set_name (copy, sb_account_get_name (account));
  sb_account_set_status (copy, sb_account_get_status (account));
  sb_account_set_base_url (copy, sb_workspace_get_demo_service (account) != NULL
                                 ? NULL : sb_account_get_base_url (account));
  sb_account_set_connection_info (copy, sb_account_get_connection_info (account));
  sb_account_set_metadata (copy, sb_account_get_metadata (account));
  sb_account_set_owner_member_id (copy, sb_account_get_owner_member_id (account));
  sb_account_set_last_tested_at (copy, sb_account_get_last_tested_at (account));
  sb_account_set_last_refresh_at (copy, sb_account_get_last_refresh_at (account));
  return copy;
}

/* Makes @account (the object the lists hold) what @copy was written as. */
static void
apply_account (SbWorkspace *self,
               SbAccount   *account,
               SbAccount   *copy)
{
  gboolean renamed = g_strcmp0 (sb_account_get_name (account), sb_account_get_name (copy)) != 0;

  g_object_freeze_notify (G_OBJECT (account));
  sb_account_set_name (account, sb_account_get_name (copy));
  sb_account_set_status (account, sb_account_get_status (copy));
  sb_account_set_metadata (account, sb_account_get_metadata (copy));
  sb_account_set_base_url (account,
                           resolve_base_url (self, copy, sb_account_get_base_url (copy)));
  sb_account_set_connection_info (account, sb_account_get_connection_info (copy));
  sb_account_set_owner_member_id (account, sb_account_get_owner_member_id (copy));
  sb_account_set_last_tested_at (account, sb_account_get_last_tested_at (copy));
  sb_account_set_last_refresh_at (account, sb_account_get_last_refresh_at (copy));
  g_object_thaw_notify (G_OBJECT (account));

  if (renamed)
    {
      gint64 org_id = sb_account_get_organization_id (account);

      sb_workspace_resort_item (sb_workspace_ensure_accounts (self, org_id), account,
                                sb_workspace_compare_accounts);
    }
}

/* The start of every mutation of an account: its organization, and the acting member's
 * right to change it (or @capability), checked before anything else. */
static SbOrganization *
check_account (SbWorkspace   *self,
               SbAccount     *account,
               SbCapability   capability,
               GError       **error)
{
  g_autoptr(SbOrganization) org = NULL;
  g_autoptr(SbMember) actor = NULL;

  org = sb_workspace_dup_organization_of (self, sb_account_get_organization_id (account), error);
  if (org == NULL)
    return NULL;

  actor = sb_workspace_check_and_dup_actor (self, org, capability, error);
  if (actor == NULL)
    return NULL;

  return g_steal_pointer (&org);
}

/* Writes @copy with an audit entry in one transaction, with @account_error (if any) among
 * the account's errors; on success the models follow. */
static gboolean
write_account (SbWorkspace     *self,
               SbOrganization  *org,
               SbAccount       *account,
               SbAccount       *copy,
               SbAccountError  *account_error,
               const char      *action,
               GError         **error)
{
  g_autoptr(SbMember) actor = NULL;
  GListStore *errors;
  gint64 id = sb_account_get_id (account);

  actor = sb_workspace_begin_mutation (self, org, SB_CAPABILITY_EDIT_ACCOUNTS, error);
  if (actor == NULL)
    return FALSE;

  if (!sb_store_update_account (self->store, copy, error) ||
      (account_error != NULL &&
       !sb_store_insert_account_error (self->store, account_error, error)))
    {
      sb_store_rollback (self->store);
      return FALSE;
    }
  if (!sb_workspace_finish_mutation (self, sb_organization_get_id (org), actor, action,
                                     "account", id, sb_account_get_name (copy), error))
    return FALSE;

  apply_account (self, account, copy);

  errors = g_hash_table_lookup (self->account_errors, &id);
  if (errors != NULL && account_error != NULL)
    g_list_store_insert (errors, 0, account_error);

  return TRUE;
}

/* Writes a new status (and when it was tested) where the result of a keyring or a test
 * decides it; a failure to write goes to the journal, the caller reports the first cause. */
static void
write_status (SbWorkspace     *self,
              SbAccount       *account,
              SbAccountStatus  status,
              const char      *action)
{
  g_autoptr(SbOrganization) org = NULL;
  g_autoptr(SbAccount) copy = NULL;
  g_autoptr(GError) error = NULL;

  if (sb_account_get_status (account) == status)
    return;

  org = sb_workspace_dup_organization_of (self, sb_account_get_organization_id (account),
                                          &error);
  copy = copy_account (account);
  sb_account_set_status (copy, status);
  if (org == NULL || !write_account (self, org, account, copy, NULL, action, &error))
    g_warning ("Could not record the status of account %" G_GINT64_FORMAT ": %s",
               sb_account_get_id (account), error->message);
}

/* }}} */

/* Testing credentials {{{ */

typedef struct
{
  SbConnector   *connector;
  SbCredentials *credentials;   /* a copy of the caller's */
  SbCredentials *renewed;       /* what the service renewed during the test, or NULL */
} TestConnection;

static void
test_connection_free (TestConnection *data)
{
  g_clear_object (&data->connector);
  g_clear_pointer (&data->credentials, sb_credentials_free);
  g_clear_pointer (&data->renewed, sb_credentials_free);
  g_free (data);
}

static void
connection_tested_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  TestConnection *data = g_task_get_task_data (task);
  JsonNode *info;

  info = sb_connector_test_connection_finish (data->connector, result, &data->renewed, &error);
  if (data->renewed != NULL)
    sb_credentials_update (data->credentials, data->renewed);

  if (info == NULL)
    {
      scrub_error (error, data->connector, data->credentials);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, info, (GDestroyNotify) json_node_unref);
}

void
sb_workspace_test_connection_async (SbWorkspace         *self,
                                    const char          *connector_id,
                                    const char          *base_url,
                                    SbCredentials       *credentials,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *clean_url = NULL;
  g_autoptr(GError) error = NULL;
  TestConnection *data;
  SbConnector *connector;

  g_return_if_fail (SB_IS_WORKSPACE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sb_workspace_test_connection_async);

  if ((connector = lookup_connector (self, connector_id, &error)) == NULL ||
      !clean_base_url (base_url, &clean_url, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data = g_new0 (TestConnection, 1);
  data->connector = g_object_ref (connector);
  data->credentials = credentials != NULL ? sb_credentials_copy (credentials)
                                          : sb_credentials_new ();
  g_task_set_task_data (task, data, (GDestroyNotify) test_connection_free);

  sb_connector_test_connection_async (connector, sb_workspace_get_session (self), clean_url,
                                      data->credentials, cancellable, connection_tested_cb,
                                      g_steal_pointer (&task));
}

JsonNode *
sb_workspace_test_connection_finish (SbWorkspace   *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return sb_workspace_test_connection_finish_full (self, result, NULL, error);
}

JsonNode *
sb_workspace_test_connection_finish_full (SbWorkspace    *self,
                                          GAsyncResult   *result,
                                          SbCredentials **renewed,
                                          GError        **error)
{
  TestConnection *data;
  JsonNode *info;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        sb_workspace_test_connection_async, NULL);

  info = g_task_propagate_pointer (G_TASK (result), error);
  data = g_task_get_task_data (G_TASK (result));
  if (renewed != NULL)
    *renewed = info != NULL && data != NULL ? g_steal_pointer (&data->renewed) : NULL;

  return info;
}

/* }}} */

/* Adding {{{ */

typedef struct
{
  SbAccount  *account;       /* written, not yet in the list */
  GHashTable *fields;        /* the credentials, for the keyring */
  gint64      audit_id;      /* the entry to take out again if the account goes */
  GError     *error;         /* why it goes */
} AddAccount;

static void
add_account_free (AddAccount *data)
{
  g_clear_object (&data->account);
  g_clear_pointer (&data->fields, g_hash_table_unref);
  g_clear_error (&data->error);
  g_free (data);
}

/* Takes the account and its audit entry out of the store again. */
static void
forget_new_account (SbWorkspace *self,
                    AddAccount  *data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = sb_account_get_id (data->account);

  if (!sb_store_begin (self->store, &error) ||
      !sb_store_delete_account (self->store, id, &error) ||
      !sb_store_delete_audit_entry (self->store, data->audit_id, &error) ||
      !sb_store_commit (self->store, &error))
    {
      sb_store_rollback (self->store);
      g_warning ("Could not remove account %" G_GINT64_FORMAT " again: %s", id, error->message);
    }
}

static void
new_account_cleared_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  AddAccount *data = g_task_get_task_data (task);

  /* Whatever was kept of it now belongs to no account; the next one with this id (SQLite
   * may give it out again) replaces every field before it keeps its own. */
  if (!sb_secret_store_clear_finish (SB_SECRET_STORE (object), result, &error))
    g_warning ("Could not remove the credentials of an account that was not added: %s",
               error->message);

  g_task_return_error (task, g_steal_pointer (&data->error));
}

static void
abandon_new_account (GTask  *task,
                     GError *error)
{
  SbWorkspace *self = g_task_get_source_object (task);
  AddAccount *data = g_task_get_task_data (task);

  data->error = error;
  forget_new_account (self, data);
  sb_secret_store_clear_async (self->secrets, sb_account_get_id (data->account), NULL, NULL,
                               new_account_cleared_cb, task);
}

static void
new_account_stored_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  SbWorkspace *self = g_task_get_source_object (task);
  AddAccount *data = g_task_get_task_data (task);
  SbAccount *account = data->account;
  gint64 org_id = sb_account_get_organization_id (account);
  gboolean stored;

  stored = sb_secret_store_store_all_finish (SB_SECRET_STORE (object), result, &error);
  note_keyring_result (self, error);

  /* Cancelled while the keyring worked: nothing of it stays, whatever the keyring did. */
  {
    GError *cancelled = NULL;

    if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &cancelled))
      {
        abandon_new_account (g_steal_pointer (&task), cancelled);
        return;
      }
  }

  if (!stored && !g_error_matches (error, SB_SECRETS_ERROR, SB_SECRETS_ERROR_NO_SERVICE))
    {
      abandon_new_account (g_steal_pointer (&task), g_steal_pointer (&error));
      return;
    }

  if (stored)
    {
      g_autoptr(SbAccount) copy = copy_account (account);
      g_autoptr(GError) write_error = NULL;

      sb_account_set_status (copy, SB_ACCOUNT_STATUS_CONNECTED);
      if (!sb_store_update_account (self->store, copy, &write_error))
        {
          abandon_new_account (g_steal_pointer (&task), g_steal_pointer (&write_error));
          return;
        }
      sb_account_set_status (account, SB_ACCOUNT_STATUS_CONNECTED);
    }
  else
    {
      /* Kept without credentials; the status says so and the keyring problem why. */
      g_message ("Account %" G_GINT64_FORMAT " was saved without credentials: %s",
                 sb_account_get_id (account), error->message);
    }

  g_list_store_insert_sorted (sb_workspace_ensure_accounts (self, org_id), account,
                              sb_workspace_compare_accounts, NULL);
  g_task_return_pointer (task, g_object_ref (account), g_object_unref);
}

void
sb_workspace_add_account_async (SbWorkspace         *self,
                                SbOrganization      *organization,
                                const char          *connector_id,
                                const char          *name,
                                const char          *base_url,
                                SbCredentials       *credentials,
                                gint64               owner_member_id,
                                JsonNode            *connection_info,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SbMember) actor = NULL;
  g_autoptr(SbAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *clean_name = NULL;
  g_autofree char *clean_url = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  SbConnector *connector;
  AddAccount *data;
  const char *imitation_url;
  gint64 org_id;

  g_return_if_fail (SB_IS_WORKSPACE (self));
  g_return_if_fail (SB_IS_ORGANIZATION (organization));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sb_workspace_add_account_async);
  /* Cancelling is handled here, so that a cancelled add never leaves an account behind. */
  g_task_set_check_cancellable (task, FALSE);
  org_id = sb_organization_get_id (organization);

  actor = sb_workspace_check_and_dup_actor (self, organization, SB_CAPABILITY_EDIT_ACCOUNTS,
                                            &error);
  if (actor == NULL ||
      (connector = lookup_connector (self, connector_id, &error)) == NULL ||
      !sb_workspace_check_name (name, &error) ||
      !clean_base_url (base_url, &clean_url, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  clean_name = g_strstrip (g_strdup (name));

  if (owner_member_id != 0)
    {
      g_autoptr(SbMember) owner = sb_workspace_dup_member (self, organization, owner_member_id);

      if (owner == NULL)
        {
          g_task_return_new_error (task, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID,
                                   /* Translators: %s is an organization */
                                   _("Whose credentials these are must be a member of “%s”."),
                                   sb_organization_get_name (organization));
          return;
        }
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  account = sb_account_new ();
  sb_account_set_organization_id (account, org_id);
  sb_account_set_connector_id (account, sb_connector_get_id (connector));
  sb_account_set_name (account, clean_name);
  /* Until the keyring has kept them. */
  sb_account_set_status (account, SB_ACCOUNT_STATUS_NEEDS_CREDENTIALS);
  sb_account_set_owner_member_id (account, owner_member_id);
  sb_account_set_connection_info (account, connection_info);
  if (connection_info != NULL)
    sb_account_set_last_tested_at (account, now);

  /* An account on the local imitation keeps working after a restart, on its next port. */
  imitation_url = clean_url != NULL ? get_running_imitation_url (self, connector_id) : NULL;
  if (imitation_url != NULL && g_str_equal (imitation_url, clean_url))
    {
      g_autoptr(JsonNode) metadata = json_node_new (JSON_NODE_OBJECT);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "demo", sb_connector_get_id (connector));
      json_node_take_object (metadata, object);
      sb_account_set_metadata (account, metadata);
    }
  else
    {
      sb_account_set_base_url (account, clean_url);
    }

  g_clear_object (&actor);
  actor = sb_workspace_begin_mutation (self, organization, SB_CAPABILITY_EDIT_ACCOUNTS, &error);
  if (actor == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!sb_store_insert_account (self->store, account, &error))
    {
      sb_store_rollback (self->store);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!sb_workspace_finish_mutation (self, org_id, actor, "account.add", "account",
                                     sb_account_get_id (account), clean_name, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The model shows where it is used from now on. */
  sb_account_set_base_url (account, resolve_base_url (self, account, clean_url));

  data = g_new0 (AddAccount, 1);
  data->account = g_steal_pointer (&account);
  data->fields = new_field_table (credentials);
  data->audit_id = sb_store_get_last_insert_id (self->store);
  g_task_set_task_data (task, data, (GDestroyNotify) add_account_free);

  /* Replacing: whatever an earlier account with the same id left in the keyring goes. */
  sb_secret_store_store_all_async (self->secrets, sb_account_get_id (data->account),
                                   data->fields, TRUE, cancellable, new_account_stored_cb,
                                   g_steal_pointer (&task));
}

SbAccount *
sb_workspace_add_account_finish (SbWorkspace   *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        sb_workspace_add_account_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

SbAccount *
sb_workspace_add_account (SbWorkspace     *self,
                          SbOrganization  *organization,
                          const char      *connector_id,
                          const char      *name,
                          const char      *base_url,
                          GError         **error)
{
  g_autoptr(SbMember) actor = NULL;
  g_autoptr(SbAccount) account = NULL;
  g_autofree char *clean_name = NULL;
  g_autofree char *clean_url = NULL;
  SbConnector *connector;
  gint64 org_id;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (SB_IS_ORGANIZATION (organization), NULL);

  org_id = sb_organization_get_id (organization);
  if (!sb_workspace_check (self, organization, SB_CAPABILITY_EDIT_ACCOUNTS, error) ||
      (connector = lookup_connector (self, connector_id, error)) == NULL ||
      !sb_workspace_check_name (name, error) ||
      !clean_base_url (base_url, &clean_url, error))
    return NULL;
  clean_name = g_strstrip (g_strdup (name));

  account = sb_account_new ();
  sb_account_set_organization_id (account, org_id);
  sb_account_set_connector_id (account, sb_connector_get_id (connector));
  sb_account_set_name (account, clean_name);
  sb_account_set_status (account, SB_ACCOUNT_STATUS_NEEDS_CREDENTIALS);
  sb_account_set_base_url (account, clean_url);

  actor = sb_workspace_begin_mutation (self, organization, SB_CAPABILITY_EDIT_ACCOUNTS, error);
  if (actor == NULL)
    return NULL;
  if (!sb_store_insert_account (self->store, account, error))
    {
      sb_store_rollback (self->store);
      return NULL;
    }
  if (!sb_workspace_finish_mutation (self, org_id, actor, "account.add", "account",
                                     sb_account_get_id (account), clean_name, error))
    return NULL;

  /* Nothing of an earlier account with this id may stay attached to it. */
  sb_secret_store_clear_async (self->secrets, sb_account_get_id (account), NULL, NULL, NULL,
                               NULL);

  g_list_store_insert_sorted (sb_workspace_ensure_accounts (self, org_id), account,
                              sb_workspace_compare_accounts, NULL);
  return g_steal_pointer (&account);
}

/* }}} */

/* Testing an account {{{ */

typedef struct
{
  SbAccount       *account;
  SbConnector     *connector;
  SbAuthenticator *authenticator;
  SbCredentials   *changed;       /* what the service renewed during the test */
  JsonNode        *info;
  GError          *error;         /* the test's failure */
  gulong           changed_id;
} TestAccount;

static void
test_account_free (TestAccount *data)
{
  if (data->changed_id != 0)
    g_signal_handler_disconnect (data->authenticator, data->changed_id);
  g_clear_object (&data->account);
  g_clear_object (&data->connector);
  g_clear_object (&data->authenticator);
  g_clear_pointer (&data->changed, sb_credentials_free);
  g_clear_pointer (&data->info, json_node_unref);
  g_clear_error (&data->error);
  g_free (data);
}

static void
on_authenticator_credentials_changed (SbAuthenticator *authenticator,
                                      SbCredentials   *changed,
                                      TestAccount     *data)
{
  if (data->changed == NULL)
    data->changed = sb_credentials_new ();
  sb_credentials_update (data->changed, changed);
}

/* Writes what the test learned: status, connection info, when; a failure among the errors. */
static void
record_test (GTask *task)
{
  SbWorkspace *self = g_task_get_source_object (task);
  TestAccount *data = g_task_get_task_data (task);
  g_autoptr(SbOrganization) org = NULL;
  g_autoptr(SbAccount) copy = copy_account (data->account);
  g_autoptr(SbAccountError) account_error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;

  sb_account_set_last_tested_at (copy, now);
  if (data->changed != NULL && sb_credentials_has (data->changed, SB_CREDENTIAL_ACCESS_TOKEN))
    sb_account_set_last_refresh_at (copy, now);

  if (data->error == NULL)
    {
      sb_account_set_status (copy, SB_ACCOUNT_STATUS_CONNECTED);
      sb_account_set_connection_info (copy, data->info);
    }
  else
    {
      sb_account_set_status (copy, get_status_for_error (data->error));
      account_error = sb_account_error_new ();
      sb_account_error_set_account_id (account_error, sb_account_get_id (data->account));
      sb_account_error_set_message (account_error, data->error->message);
    }

  org = sb_workspace_dup_organization_of (self, sb_account_get_organization_id (data->account),
                                          &error);
  if (org == NULL ||
      !write_account (self, org, data->account, copy, account_error, "account.test", &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (data->error != NULL)
    g_task_return_error (task, g_steal_pointer (&data->error));
  else
    g_task_return_pointer (task, g_steal_pointer (&data->info),
                           (GDestroyNotify) json_node_unref);
}

static void
renewed_credentials_stored_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  SbWorkspace *self = g_task_get_source_object (task);

  if (!sb_secret_store_store_all_finish (SB_SECRET_STORE (object), result, &error))
    g_warning ("Could not keep the renewed credentials of an account: %s", error->message);
  note_keyring_result (self, error);

  if (g_task_return_error_if_cancelled (task))
    return;

  record_test (task);
}

static void
account_tested_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SbWorkspace *self = g_task_get_source_object (task);
  TestAccount *data = g_task_get_task_data (task);
  g_autoptr(SbCredentials) now = sb_authenticator_dup_credentials (data->authenticator);

  data->info = sb_authenticator_test_connection_finish (SB_AUTHENTICATOR (object), result,
                                                        &data->error);
  scrub_error (data->error, data->connector, now);

  /* Renewed tokens are kept even when the caller gave up: the old refresh token is spent. */
  if (data->changed != NULL)
    {
      g_autoptr(GHashTable) fields = new_field_table (data->changed);

      sb_secret_store_store_all_async (self->secrets, sb_account_get_id (data->account), fields,
                                       FALSE, NULL, renewed_credentials_stored_cb,
                                       g_steal_pointer (&task));
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  if (g_error_matches (data->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&data->error));
      return;
    }

  record_test (task);
}

static void
stored_credentials_read_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) fields = NULL;
  g_autoptr(SbCredentials) credentials = NULL;
  SbWorkspace *self = g_task_get_source_object (task);
  TestAccount *data = g_task_get_task_data (task);
  GCancellable *cancellable;
  const char *base_url;

  fields = sb_secret_store_lookup_all_finish (SB_SECRET_STORE (object), result, &error);
  note_keyring_result (self, error);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (fields == NULL)
    {
      if (g_error_matches (error, SB_SECRETS_ERROR, SB_SECRETS_ERROR_NO_SERVICE))
        write_status (self, data->account, SB_ACCOUNT_STATUS_NEEDS_CREDENTIALS, "account.test");
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_hash_table_size (fields) == 0)
    {
      write_status (self, data->account, SB_ACCOUNT_STATUS_NEEDS_CREDENTIALS, "account.test");
      g_task_return_new_error (task, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_NO_CREDENTIALS,
                               /* Translators: %s is the name of an account */
                               _("No credentials are kept for “%s”: enter them again."),
                               sb_account_get_name (data->account));
      return;
    }

  base_url = sb_account_get_base_url (data->account);
  if (sb_workspace_get_demo_service (data->account) != NULL && base_url == NULL)
    {
      g_task_return_new_error (task, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_FAILED,
                               /* Translators: %s is the name of an account */
                               _("“%s” is a demo account, and the local imitation of its "
                                 "service is not running."),
                               sb_account_get_name (data->account));
      return;
    }

  credentials = new_credentials_from_table (fields);
  data->authenticator = sb_authenticator_new (data->connector, base_url, credentials);
  data->changed_id = g_signal_connect (data->authenticator, "credentials-changed",
                                       G_CALLBACK (on_authenticator_credentials_changed), data);
  cancellable = g_task_get_cancellable (task);
  sb_authenticator_test_connection_async (data->authenticator, sb_workspace_get_session (self),
                                          cancellable, account_tested_cb,
                                          g_steal_pointer (&task));
}

void
sb_workspace_test_account_async (SbWorkspace         *self,
                                 SbAccount           *account,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SbOrganization) org = NULL;
  g_autoptr(GError) error = NULL;
  SbConnector *connector;
  TestAccount *data;

  g_return_if_fail (SB_IS_WORKSPACE (self));
  g_return_if_fail (SB_IS_ACCOUNT (account));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sb_workspace_test_account_async);

  if ((org = check_account (self, account, SB_CAPABILITY_EDIT_ACCOUNTS, &error)) == NULL ||
      (connector = lookup_connector (self, sb_account_get_connector_id (account),
                                     &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data = g_new0 (TestAccount, 1);
  data->account = g_object_ref (account);
  data->connector = g_object_ref (connector);
  g_task_set_task_data (task, data, (GDestroyNotify) test_account_free);

  sb_secret_store_lookup_all_async (self->secrets, sb_account_get_id (account), cancellable,
                                    stored_credentials_read_cb, g_steal_pointer (&task));
}

JsonNode *
sb_workspace_test_account_finish (SbWorkspace   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        sb_workspace_test_account_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* }}} */

/* Replacing credentials {{{ */

typedef struct
{
  SbAccount     *account;
  SbConnector   *connector;
  SbCredentials *credentials;   /* a copy, with what the test renewed */
  JsonNode      *info;
  GHashTable    *fields;
} ReplaceCredentials;

static void
replace_credentials_free (ReplaceCredentials *data)
{
  g_clear_object (&data->account);
  g_clear_object (&data->connector);
  g_clear_pointer (&data->credentials, sb_credentials_free);
  g_clear_pointer (&data->info, json_node_unref);
  g_clear_pointer (&data->fields, g_hash_table_unref);
  g_free (data);
}

static void
replaced_credentials_stored_cb (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) write_error = NULL;
  g_autoptr(SbOrganization) org = NULL;
  g_autoptr(SbAccount) copy = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  SbWorkspace *self = g_task_get_source_object (task);
  ReplaceCredentials *data = g_task_get_task_data (task);
  gboolean stored;

  stored = sb_secret_store_store_all_finish (SB_SECRET_STORE (object), result, &error);
  note_keyring_result (self, error);

  copy = copy_account (data->account);
  sb_account_set_last_tested_at (copy, now);
  sb_account_set_connection_info (copy, data->info);
  /* Whatever was kept before is gone or partly replaced unless all of it was stored. */
  sb_account_set_status (copy, stored ? SB_ACCOUNT_STATUS_CONNECTED
                                      : SB_ACCOUNT_STATUS_NEEDS_CREDENTIALS);

  org = sb_workspace_dup_organization_of (self, sb_account_get_organization_id (data->account),
                                          &write_error);
  if (org == NULL ||
      !write_account (self, org, data->account, copy, NULL, "account.replace-credentials",
                      &write_error))
    {
      g_task_return_error (task, g_steal_pointer (&write_error));
      return;
    }

  if (!stored && !g_error_matches (error, SB_SECRETS_ERROR, SB_SECRETS_ERROR_NO_SERVICE))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
replacement_tested_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(SbCredentials) changed = NULL;
  g_autoptr(GError) error = NULL;
  SbWorkspace *self = g_task_get_source_object (task);
  ReplaceCredentials *data = g_task_get_task_data (task);

  data->info = sb_connector_test_connection_finish (data->connector, result, &changed, &error);
  if (changed != NULL)
    sb_credentials_update (data->credentials, changed);

  if (data->info == NULL)
    {
      scrub_error (error, data->connector, data->credentials);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  /* From here on it is not cancelled: half-replaced credentials help nobody. */
  data->fields = new_field_table (data->credentials);
  sb_secret_store_store_all_async (self->secrets, sb_account_get_id (data->account),
                                   data->fields, TRUE, NULL, replaced_credentials_stored_cb,
                                   g_steal_pointer (&task));
}

void
sb_workspace_replace_credentials_async (SbWorkspace         *self,
                                        SbAccount           *account,
                                        SbCredentials       *credentials,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SbOrganization) org = NULL;
  g_autoptr(GError) error = NULL;
  SbConnector *connector;
  ReplaceCredentials *data;

  g_return_if_fail (SB_IS_WORKSPACE (self));
  g_return_if_fail (SB_IS_ACCOUNT (account));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sb_workspace_replace_credentials_async);

  if ((org = check_account (self, account, SB_CAPABILITY_EDIT_ACCOUNTS, &error)) == NULL ||
      (connector = lookup_connector (self, sb_account_get_connector_id (account),
                                     &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data = g_new0 (ReplaceCredentials, 1);
  data->account = g_object_ref (account);
  data->connector = g_object_ref (connector);
  /* None at all is right for a service that asks for none (the generic HTTP one may). */
  data->credentials = credentials != NULL ? sb_credentials_copy (credentials)
                                          : sb_credentials_new ();
  g_task_set_task_data (task, data, (GDestroyNotify) replace_credentials_free);

  sb_connector_test_connection_async (connector, sb_workspace_get_session (self),
                                      sb_account_get_base_url (account), data->credentials,
                                      cancellable, replacement_tested_cb,
                                      g_steal_pointer (&task));
}

gboolean
sb_workspace_replace_credentials_finish (SbWorkspace   *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        sb_workspace_replace_credentials_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* }}} */

/* Editing {{{ */

gboolean
sb_workspace_set_account_base_url (SbWorkspace  *self,
                                   SbAccount    *account,
                                   const char   *base_url,
                                   GError      **error)
{
  g_autoptr(SbOrganization) org = NULL;
  g_autoptr(SbAccount) copy = NULL;
  g_autofree char *clean_url = NULL;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (SB_IS_ACCOUNT (account), FALSE);

  if ((org = check_account (self, account, SB_CAPABILITY_EDIT_ACCOUNTS, error)) == NULL ||
      !clean_base_url (base_url, &clean_url, error))
    return FALSE;

  copy = copy_account (account);
  sb_account_set_base_url (copy, clean_url);

  /* Pointed somewhere else, a demo account is one no longer. */
  if (sb_workspace_get_demo_service (account) != NULL)
    {
      g_autoptr(JsonNode) metadata = json_node_copy (sb_account_get_metadata (account));

      json_object_remove_member (json_node_get_object (metadata), "demo");
      sb_account_set_metadata (copy, metadata);
    }

  return write_account (self, org, account, copy, NULL, "account.set-base-url", error);
}

gboolean
sb_workspace_rename_account (SbWorkspace  *self,
                             SbAccount    *account,
                             const char   *name,
                             GError      **error)
{
  g_autoptr(SbOrganization) org = NULL;
  g_autoptr(SbAccount) copy = NULL;
  g_autofree char *clean_name = NULL;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (SB_IS_ACCOUNT (account), FALSE);

  if ((org = check_account (self, account, SB_CAPABILITY_EDIT_ACCOUNTS, error)) == NULL ||
      !sb_workspace_check_name (name, error))
    return FALSE;
  clean_name = g_strstrip (g_strdup (name));

  copy = copy_account (account);
  sb_account_set_name (copy, clean_name);
  return write_account (self, org, account, copy, NULL, "account.rename", error);
}

gboolean
sb_workspace_set_account_owner (SbWorkspace  *self,
                                SbAccount    *account,
                                gint64        owner_member_id,
                                GError      **error)
{
  g_autoptr(SbOrganization) org = NULL;
  g_autoptr(SbAccount) copy = NULL;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (SB_IS_ACCOUNT (account), FALSE);

  if ((org = check_account (self, account, SB_CAPABILITY_EDIT_ACCOUNTS, error)) == NULL)
    return FALSE;

  if (owner_member_id != 0)
    {
      g_autoptr(SbMember) owner = sb_workspace_dup_member (self, org, owner_member_id);

      if (owner == NULL)
        {
          g_set_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID,
                       /* Translators: %s is an organization */
                       _("Whose credentials these are must be a member of “%s”."),
                       sb_organization_get_name (org));
          return FALSE;
        }
    }

  copy = copy_account (account);
  sb_account_set_owner_member_id (copy, owner_member_id);
  return write_account (self, org, account, copy, NULL, "account.set-owner", error);
}

/* }}} */

/* Deleting {{{ */

/* Deletes the account from the store and the models; its credentials are the caller's to
 * clear. */
static gboolean
delete_account (SbWorkspace  *self,
                SbAccount    *account,
                GError      **error)
{
  g_autoptr(SbOrganization) org = NULL;
  g_autoptr(SbMember) actor = NULL;
  g_autoptr(GArray) user_ids = NULL;
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) copies = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) live = g_ptr_array_new_with_free_func (g_free);
  GListStore *list;
  guint position;
  gint64 org_id;
  gint64 id;

  org_id = sb_account_get_organization_id (account);
  id = sb_account_get_id (account);
  if ((org = check_account (self, account, SB_CAPABILITY_EDIT_ACCOUNTS, error)) == NULL)
    return FALSE;

  user_ids = sb_store_list_account_integrations (self->store, id, error);
  if (user_ids == NULL)
    return FALSE;

  for (guint i = 0; i < user_ids->len; i++)
    {
      SbIntegration *user = sb_workspace_dup_by_id (sb_workspace_get_integrations (self, org),
                                                    g_array_index (user_ids, gint64, i),
                                                    (SbGetIdFunc) sb_integration_get_id);

      /* One in the trash is not in the list; it goes with the trash. */
      if (user == NULL)
        continue;
      if (sb_integration_get_status (user) == SB_INTEGRATION_STATUS_LIVE)
        g_ptr_array_add (live, g_strdup_printf ("“%s”", sb_integration_get_name (user)));
      g_ptr_array_add (users, user);
    }

  if (live->len > 0)
    {
      g_autofree char *names = NULL;

      g_ptr_array_add (live, NULL);
      names = g_strjoinv (", ", (char **) live->pdata);
      g_set_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_IN_USE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "“%s” is used by the live integration %s. Pause it first.",
                                "“%s” is used by the live integrations %s. Pause them first.",
                                live->len - 1),
                   sb_account_get_name (account), names);
      return FALSE;
    }

  actor = sb_workspace_begin_mutation (self, org, SB_CAPABILITY_EDIT_ACCOUNTS, error);
  if (actor == NULL)
    return FALSE;

  /* The integrations that used it cannot run without it: Drafts, whose steps still name it,
   * so that the editor asks for another. */
  for (guint i = 0; i < users->len; i++)
    {
      SbIntegration *user = g_ptr_array_index (users, i);
      SbIntegration *copy = sb_workspace_copy_integration (user);

      g_ptr_array_add (copies, copy);
      if (sb_integration_get_status (user) == SB_INTEGRATION_STATUS_DRAFT)
        continue;

      sb_integration_set_status (copy, SB_INTEGRATION_STATUS_DRAFT);
      if (!sb_store_update_integration (self->store, copy, error) ||
          !sb_store_insert_audit (self->store, org_id, sb_member_get_id (actor),
                                  "integration.set-status", "integration",
                                  sb_integration_get_id (user), sb_integration_get_name (user),
                                  error))
        {
          sb_store_rollback (self->store);
          return FALSE;
        }
    }

  if (!sb_store_delete_account (self->store, id, error))
    {
      sb_store_rollback (self->store);
      return FALSE;
    }
  if (!sb_workspace_finish_mutation (self, org_id, actor, "account.delete", "account", id,
                                     sb_account_get_name (account), error))
    return FALSE;

  list = sb_workspace_ensure_accounts (self, org_id);
  if (g_list_store_find (list, account, &position))
    g_list_store_remove (list, position);
  g_hash_table_remove (self->account_errors, &id);

  /* Its links went with it; the services shown follow. */
  for (guint i = 0; i < users->len; i++)
    sb_workspace_apply_integration (self, g_ptr_array_index (users, i),
                                    g_ptr_array_index (copies, i));

  return TRUE;
}

static void
deleted_account_cleared_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  SbWorkspace *self = task != NULL ? g_task_get_source_object (task) : NULL;

  /* The account is gone either way. What a keyring that did not answer still holds belongs
   * to no account, and an account that gets the same id later replaces all of it first. */
  if (!sb_secret_store_clear_finish (SB_SECRET_STORE (object), result, &error))
    g_warning ("Could not remove the credentials of a deleted account from the keyring: %s",
               error->message);
  if (self != NULL)
    note_keyring_result (self, error);

  if (task != NULL)
    g_task_return_boolean (task, TRUE);
}

void
sb_workspace_delete_account_async (SbWorkspace         *self,
                                   SbAccount           *account,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SB_IS_WORKSPACE (self));
  g_return_if_fail (SB_IS_ACCOUNT (account));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sb_workspace_delete_account_async);
  /* Once deleted, its credentials are cleared whatever happens to the caller. */
  g_task_set_check_cancellable (task, FALSE);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (!delete_account (self, account, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  sb_secret_store_clear_async (self->secrets, sb_account_get_id (account), NULL, NULL,
                               deleted_account_cleared_cb, g_steal_pointer (&task));
}

gboolean
sb_workspace_delete_account_finish (SbWorkspace   *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        sb_workspace_delete_account_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
sb_workspace_delete_account (SbWorkspace  *self,
                             SbAccount    *account,
                             GError      **error)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (SB_IS_ACCOUNT (account), FALSE);

  if (!delete_account (self, account, error))
    return FALSE;

  sb_secret_store_clear_async (self->secrets, sb_account_get_id (account), NULL, NULL,
                               deleted_account_cleared_cb, NULL);
  return TRUE;
}

/* }}} */

/* Details {{{ */

gboolean
sb_workspace_check_account_details (SbWorkspace  *self,
                                    SbAccount    *account,
                                    GError      **error)
{
  g_autoptr(SbOrganization) org = NULL;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (SB_IS_ACCOUNT (account), FALSE);

  org = check_account (self, account, SB_CAPABILITY_VIEW_ACCOUNT_DETAILS, error);
  return org != NULL;
}

GPtrArray *
sb_workspace_dup_account_integrations (SbWorkspace *self,
                                       SbAccount   *account)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *integrations = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *list;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), integrations);
  g_return_val_if_fail (SB_IS_ACCOUNT (account), integrations);

  ids = sb_store_list_account_integrations (self->store, sb_account_get_id (account), &error);
  if (ids == NULL)
    {
      g_warning ("Could not load the integrations of an account: %s", error->message);
      return integrations;
    }

  list = G_LIST_MODEL (sb_workspace_ensure_integrations (self,
                                                         sb_account_get_organization_id (account)));
  for (guint i = 0; i < ids->len; i++)
    {
      SbIntegration *integration = sb_workspace_dup_by_id (list, g_array_index (ids, gint64, i),
                                                           (SbGetIdFunc) sb_integration_get_id);

      if (integration != NULL)
        g_ptr_array_add (integrations, integration);
    }

  return integrations;
}

GListModel *
sb_workspace_get_account_errors (SbWorkspace *self,
                                 SbAccount   *account)
{
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GError) error = NULL;
  GListStore *store;
  gint64 id;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (SB_IS_ACCOUNT (account), NULL);

  id = sb_account_get_id (account);
  store = g_hash_table_lookup (self->account_errors, &id);
  if (store != NULL)
    return G_LIST_MODEL (store);

  store = g_list_store_new (SB_TYPE_ACCOUNT_ERROR);
  g_hash_table_insert (self->account_errors, g_memdup2 (&id, sizeof id), store);

  errors = sb_store_list_account_errors (self->store, id, 0, &error);
  if (errors == NULL)
    g_warning ("Could not load the errors of an account: %s", error->message);
  else
    g_list_store_splice (store, 0, 0, errors->pdata, errors->len);

  return G_LIST_MODEL (store);
}

SbMember *
sb_workspace_dup_account_owner (SbWorkspace *self,
                                SbAccount   *account)
{
  g_autoptr(SbOrganization) org = NULL;
  gint64 owner_id;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (SB_IS_ACCOUNT (account), NULL);

  owner_id = sb_account_get_owner_member_id (account);
  org = sb_workspace_dup_organization (self, sb_account_get_organization_id (account));
  if (owner_id == 0 || org == NULL)
    return NULL;

  return sb_workspace_dup_member (self, org, owner_id);
}

const char *
sb_workspace_get_keyring_problem (SbWorkspace *self)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  return self->keyring_problem;
}

SoupSession *
sb_workspace_get_session (SbWorkspace *self)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  return sb_engine_get_session (self->engine);
}

/* }}} */

/* OAuth2 {{{ */

/* Samband's own registration with a service, given to the build or the session as
 * SAMBAND_<SERVICE>_CLIENT_ID and _CLIENT_SECRET (FORTNOX for fortnox, and so on). */
static char *
dup_registered (const char *connector_id,
                const char *what)
{
  g_autofree char *upper = g_ascii_strup (connector_id, -1);
  g_autofree char *name = NULL;

  for (char *p = upper; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p))
      *p = '_';

  name = g_strdup_printf ("SAMBAND_%s_%s", upper, what);
  return g_strdup (g_getenv (name));
}

SbOAuth2Flow *
sb_workspace_new_oauth2_flow (SbWorkspace  *self,
                              const char   *connector_id,
                              const char   *base_url,
                              GError      **error)
{
  g_autofree char *clean_url = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *client_secret = NULL;
  const char *imitation_url;
  SbConnector *connector;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);

  if ((connector = lookup_connector (self, connector_id, error)) == NULL ||
      !clean_base_url (base_url, &clean_url, error))
    return NULL;

  if (sb_connector_lookup_auth (connector, SB_AUTH_KIND_OAUTH2) == NULL)
    {
      g_set_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID,
                   /* Translators: %s is a service, such as Stripe */
                   _("%s does not sign in with the browser: enter its credentials instead."),
                   sb_connector_get_name (connector));
      return NULL;
    }

  imitation_url = clean_url != NULL ? get_running_imitation_url (self, connector_id) : NULL;
  if (imitation_url != NULL && g_str_equal (imitation_url, clean_url))
    {
      SbImitations *imitations = self->imitations;

      client_id = g_strdup (sb_imitations_get_credential (imitations, connector_id,
                                                          SB_CREDENTIAL_CLIENT_ID));
      client_secret = g_strdup (sb_imitations_get_credential (imitations, connector_id,
                                                              SB_CREDENTIAL_CLIENT_SECRET));
    }
  else
    {
      client_id = dup_registered (connector_id, "CLIENT_ID");
      client_secret = dup_registered (connector_id, "CLIENT_SECRET");
    }

  if (client_id == NULL)
    {
      g_set_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID,
                   /* Translators: %s is a service, such as Fortnox */
                   _("This Samband is not registered with %s, so it cannot sign in there with "
                     "the browser."),
                   sb_connector_get_name (connector));
      return NULL;
    }

  return sb_oauth2_flow_new (connector, clean_url, client_id, client_secret);
}

/* }}} */

/* Renewed credentials from the engine {{{ */

static void
renewed_stored_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Nothing to tell the user now: the next run that needs the token says what it lacks. */
  if (!sb_secret_store_store_all_finish (SB_SECRET_STORE (object), result, &error))
    g_warning ("Could not keep the renewed credentials of account %" G_GSIZE_FORMAT ": %s",
               GPOINTER_TO_SIZE (user_data), error->message);
}

/* A run renewed an account's tokens or session (a rotated OAuth2 refresh token, a new
 * 24SevenOffice session): they replace the old ones in the keyring at once, or the next run
 * would offer the service a token it has already spent. Only the fields that changed are
 * written; the others stay. */
void
sb_workspace_on_engine_credentials_changed (SbWorkspace   *self,
                                            gint64         account_id,
                                            SbCredentials *changed)
{
  g_autoptr(GHashTable) fields = NULL;

  g_return_if_fail (SB_IS_WORKSPACE (self));

  if (changed == NULL || sb_credentials_get_size (changed) == 0)
    return;

  fields = new_field_table (changed);
  sb_secret_store_store_all_async (self->secrets, account_id, fields, FALSE, NULL,
                                   renewed_stored_cb, GSIZE_TO_POINTER ((gsize) account_id));
}

/* }}} */
