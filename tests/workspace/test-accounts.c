/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "workspace/sb-workspace.h"
#include "workspace/sb-workspace-private.h"

/* Accounts through the workspace, against the local imitations of the services and the real
 * gnome-keyring that build-aux/test-env starts for each run (or, under --no-keyring, no
 * keyring at all). The tests never print a credential: a failed comparison says only which
 * field differs, and the scans say where a value was found, not what it was. */

#define WAIT_SECONDS 30

#define NO_SERVICE_MESSAGE \
  "No keyring is available to keep the credentials safe. Start GNOME Keyring or another " \
  "Secret Service and try again."

static const SecretSchema schema = {
  "io.github.samband.Samband.Credential",
  SECRET_SCHEMA_NONE,
  {
    { "account", SECRET_SCHEMA_ATTRIBUTE_INTEGER },
    { "field", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "store", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

/* The database of the test that runs: the keyring is shared by every test of the run, and
 * only the items of this one's accounts are this test's business. */
static char *current_store_id;

typedef struct
{
  char         *dir;
  SbWorkspace  *workspace;
  SbImitations *imitations;   /* the workspace's */
} Fixture;

/* Waiting {{{ */

static void
got_result_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
  g_main_context_wakeup (NULL);
}

static gboolean
deadline_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (WAIT_SECONDS, deadline_cb, &timed_out);

  while (*slot == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (*slot == NULL)
    g_error ("No answer within %d seconds", WAIT_SECONDS);
  g_source_remove (id);

  return g_steal_pointer (slot);
}

/* Lets what runs in the background (a keyring call nobody waits for) finish. */
static void
spin (guint msec)
{
  gint64 end = g_get_monotonic_time () + msec * 1000;
  gboolean done = FALSE;
  guint id = g_timeout_add (msec, deadline_cb, &done);

  while (!done && g_get_monotonic_time () < end + G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  if (!done)
    g_source_remove (id);
}

/* }}} */

/* The workspace's calls, waited for {{{ */

static JsonNode *
test_connection (SbWorkspace    *workspace,
                 const char     *connector_id,
                 const char     *base_url,
                 SbCredentials  *credentials,
                 GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  sb_workspace_test_connection_async (workspace, connector_id, base_url, credentials, NULL,
                                      got_result_cb, &slot);
  result = wait_for (&slot);
  return sb_workspace_test_connection_finish (workspace, result, error);
}

static SbAccount *
add_account (SbWorkspace     *workspace,
             SbOrganization  *org,
             const char      *connector_id,
             const char      *name,
             const char      *base_url,
             SbCredentials   *credentials,
             gint64           owner,
             JsonNode        *info,
             GCancellable    *cancellable,
             GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  sb_workspace_add_account_async (workspace, org, connector_id, name, base_url, credentials,
                                  owner, info, cancellable, got_result_cb, &slot);
  result = wait_for (&slot);
  return sb_workspace_add_account_finish (workspace, result, error);
}

static JsonNode *
test_account (SbWorkspace  *workspace,
              SbAccount    *account,
              GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  sb_workspace_test_account_async (workspace, account, NULL, got_result_cb, &slot);
  result = wait_for (&slot);
  return sb_workspace_test_account_finish (workspace, result, error);
}

static gboolean
replace_credentials (SbWorkspace    *workspace,
                     SbAccount      *account,
                     SbCredentials  *credentials,
                     GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  sb_workspace_replace_credentials_async (workspace, account, credentials, NULL, got_result_cb,
                                          &slot);
  result = wait_for (&slot);
  return sb_workspace_replace_credentials_finish (workspace, result, error);
}

static gboolean
delete_account (SbWorkspace  *workspace,
                SbAccount    *account,
                GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  sb_workspace_delete_account_async (workspace, account, NULL, got_result_cb, &slot);
  result = wait_for (&slot);
  return sb_workspace_delete_account_finish (workspace, result, error);
}

/* }}} */

/* The keyring, asked directly {{{ */

static GHashTable *
dup_keyring_fields (gint64 account_id)
{
  g_autoptr(GHashTable) attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                            g_free);
  g_autoptr(GError) error = NULL;
  GHashTable *fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GList *items;

  g_hash_table_insert (attributes, (gpointer) "account",
                       g_strdup_printf ("%" G_GINT64_FORMAT, account_id));
  g_hash_table_insert (attributes, (gpointer) "store", g_strdup (current_store_id));
  items = secret_password_searchv_sync (&schema, attributes,
                                        SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK |
                                        SECRET_SEARCH_LOAD_SECRETS, NULL, &error);
  g_assert_no_error (error);

  for (GList *l = items; l != NULL; l = l->next)
    {
      g_autoptr(GHashTable) item_attributes = secret_retrievable_get_attributes (l->data);
      SecretValue *value = secret_retrievable_retrieve_secret_sync (l->data, NULL, &error);

      g_assert_no_error (error);
      g_hash_table_insert (fields, g_strdup (g_hash_table_lookup (item_attributes, "field")),
                           g_strdup (secret_value_get_text (value)));
      secret_value_unref (value);
    }
  g_list_free_full (items, g_object_unref);

  return fields;
}

/* The ids of every account the keyring holds anything for. */
static GArray *
dup_keyring_accounts (void)
{
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GList *items;

  g_hash_table_insert (attributes, (gpointer) "store", current_store_id);
  items = secret_password_searchv_sync (&schema, attributes, SECRET_SEARCH_ALL, NULL, &error);
  g_assert_no_error (error);
  for (GList *l = items; l != NULL; l = l->next)
    {
      g_autoptr(GHashTable) item_attributes = secret_retrievable_get_attributes (l->data);
      gint64 id = g_ascii_strtoll (g_hash_table_lookup (item_attributes, "account"), NULL, 10);

      g_array_append_val (ids, id);
    }
  g_list_free_full (items, g_object_unref);

  return ids;
}

/* No account of this database has credentials in the keyring now that had none before. */
static void
assert_no_new_keyring_accounts (GArray *before,
                                GArray *after)
{
  g_autoptr(GHashTable) known = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint i = 0; i < before->len; i++)
    g_hash_table_add (known, &g_array_index (before, gint64, i));
  for (guint i = 0; i < after->len; i++)
    if (!g_hash_table_contains (known, &g_array_index (after, gint64, i)))
      g_error ("The keyring holds credentials of account %" G_GINT64_FORMAT " now",
               g_array_index (after, gint64, i));
}

/* Compares field by field, never printing a value. */
static void
assert_keyring_holds (gint64         account_id,
                      SbCredentials *expected)
{
  g_autoptr(GHashTable) stored = dup_keyring_fields (account_id);
  g_auto(GStrv) names = sb_credentials_dup_fields (expected);

  g_assert_cmpuint (g_hash_table_size (stored), ==, g_strv_length (names));
  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *value = g_hash_table_lookup (stored, names[i]);

      if (value == NULL)
        g_error ("The keyring has no “%s” for account %" G_GINT64_FORMAT, names[i], account_id);
      if (strcmp (value, sb_credentials_get (expected, names[i])) != 0)
        g_error ("The keyring has another “%s” for account %" G_GINT64_FORMAT, names[i],
                 account_id);
    }
}

static void
assert_keyring_empty (gint64 account_id)
{
  g_autoptr(GHashTable) stored = dup_keyring_fields (account_id);

  g_assert_cmpuint (g_hash_table_size (stored), ==, 0);
}

/* }}} */

/* Scanning for secrets {{{ */

static const char * const credential_fields[] = {
  "secret_key", "webhook_secret", "shop", "access_token", "api_version", "client_id",
  "client_secret", "refresh_token", "username", "password", "application_id", "api_key",
  "api_key_header", "scope", NULL
};

/* Whether a field's value is a secret worth a scan: the short, public ones (a shop's name,
 * an API version, a header name) are no secrets and appear in URLs and answers. */
static gboolean
is_secret_field (const char *field)
{
  static const char * const public_fields[] = {
    "shop", "api_version", "api_key_header", "scope", "username", "application_id",
    "client_id", NULL
  };

  return !g_strv_contains (public_fields, field);
}

/* Every secret value the imitations hand out. */
static GPtrArray *
dup_known_secrets (SbImitations *imitations)
{
  const char * const *services = sb_imitations_list_services ();
  GPtrArray *secrets = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; services[i] != NULL; i++)
    for (guint j = 0; credential_fields[j] != NULL; j++)
      {
        const char *value = sb_imitations_get_credential (imitations, services[i],
                                                          credential_fields[j]);

        if (value != NULL && is_secret_field (credential_fields[j]) && strlen (value) >= 6)
          g_ptr_array_add (secrets, g_strdup (value));
      }

  return secrets;
}

static gboolean
bytes_contain (const char *data,
               gsize       length,
               const char *needle)
{
  gsize n = strlen (needle);

  if (n == 0 || n > length)
    return FALSE;
  for (gsize i = 0; i + n <= length; i++)
    if (data[i] == needle[0] && memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

/* The database and its write-ahead log, byte by byte. */
static void
assert_store_free_of (const char *dir,
                      GPtrArray  *secrets)
{
  static const char * const files[] = { "samband.db", "samband.db-wal", "samband.db-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i], NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (!g_file_get_contents (path, &contents, &length, NULL))
        continue;
      for (guint j = 0; j < secrets->len; j++)
        if (bytes_contain (contents, length, g_ptr_array_index (secrets, j)))
          g_error ("%s holds the secret number %u", files[i], j);
    }
}

static void
assert_text_free_of (const char *what,
                     const char *text,
                     GPtrArray  *secrets)
{
  for (guint j = 0; text != NULL && j < secrets->len; j++)
    if (strstr (text, g_ptr_array_index (secrets, j)) != NULL)
      g_error ("%s holds the secret number %u", what, j);
}

/* }}} */

/* Fixtures {{{ */

static gboolean
has_keyring (void)
{
  const char *env = g_getenv ("SAMBAND_TEST_ENV");

  return env == NULL || strstr (env, "keyring=no") == NULL;
}

static void
create_demo (SbWorkspace *workspace)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  sb_workspace_create_demo_async (workspace, NULL, got_result_cb, &slot);
  result = wait_for (&slot);
  g_assert_true (sb_workspace_create_demo_finish (workspace, result, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("samband-accounts-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->workspace = sb_workspace_open (fixture->dir, &error);
  g_assert_no_error (error);
  g_free (current_store_id);
  current_store_id = g_strdup (sb_store_get_uuid (sb_workspace_get_store (fixture->workspace)));
  create_demo (fixture->workspace);
  fixture->imitations = sb_workspace_get_imitations (fixture->workspace);
  g_assert_nonnull (fixture->imitations);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  SbWorkspace *workspace = fixture->workspace;

  /* Background keyring calls hold the workspace until they are done. */
  spin (200);
  g_object_add_weak_pointer (G_OBJECT (workspace), (gpointer *) &workspace);
  g_clear_object (&fixture->workspace);
  g_assert_null (workspace);

  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static SbOrganization *
find_org (SbWorkspace *workspace,
          const char  *name)
{
  g_autoptr(GError) error = NULL;
  SbOrganization *org = sb_workspace_find_organization (workspace, name, &error);

  g_assert_no_error (error);
  return org;
}

static SbAccount *
find_account (SbWorkspace *workspace,
              const char  *name)
{
  g_autoptr(GError) error = NULL;
  SbAccount *account = sb_workspace_find_account (workspace, name, &error);

  g_assert_no_error (error);
  return account;
}

static SbIntegration *
find_integration (SbWorkspace *workspace,
                  const char  *name)
{
  g_autoptr(GError) error = NULL;
  SbIntegration *integration = sb_workspace_find_integration (workspace, name, &error);

  g_assert_no_error (error);
  return integration;
}

static SbCredentials *
new_stripe_credentials (SbImitations *imitations,
                        const char   *secret_key)
{
  SbCredentials *credentials = sb_credentials_new ();

  sb_credentials_set (credentials, "secret_key",
                      secret_key != NULL ? secret_key
                                         : sb_imitations_get_credential (imitations, "stripe",
                                                                         "secret_key"));
  return credentials;
}

/* What a user could see of the store (accounts with their statuses, the audit log), read
 * through a second workspace: equal snapshots mean nothing was written in between. */
static char *
dup_snapshot (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbWorkspace) other = sb_workspace_open (dir, &error);
  GString *text = g_string_new (NULL);
  GListModel *orgs;

  g_assert_no_error (error);
  orgs = sb_workspace_get_organizations (other);
  for (guint i = 0; i < g_list_model_get_n_items (orgs); i++)
    {
      g_autoptr(SbOrganization) org = g_list_model_get_item (orgs, i);
      g_autoptr(GPtrArray) audit = sb_store_list_audit (sb_workspace_get_store (other),
                                                        sb_organization_get_id (org), &error);
      GListModel *list = sb_workspace_get_accounts (other, org);

      g_assert_no_error (error);
      g_string_append_printf (text, "org %s audit %u\n", sb_organization_get_name (org),
                              audit->len);
      for (guint j = 0; j < g_list_model_get_n_items (list); j++)
        {
          g_autoptr(SbAccount) account = g_list_model_get_item (list, j);
          g_autofree char *info = sb_account_get_connection_info (account) != NULL
                                  ? json_to_string (sb_account_get_connection_info (account),
                                                    FALSE)
                                  : NULL;

          g_string_append_printf (text, " account %" G_GINT64_FORMAT " %s %d %s\n",
                                  sb_account_get_id (account), sb_account_get_name (account),
                                  sb_account_get_status (account), info);
        }

      list = sb_workspace_get_integrations (other, org);
      for (guint j = 0; j < g_list_model_get_n_items (list); j++)
        {
          g_autoptr(SbIntegration) integration = g_list_model_get_item (list, j);

          g_string_append_printf (text, " integration %s %d\n",
                                  sb_integration_get_name (integration),
                                  sb_integration_get_status (integration));
        }
    }

  return g_string_free (text, FALSE);
}

static void
assert_newest_audit (SbWorkspace    *workspace,
                     SbOrganization *org,
                     const char     *action)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) audit = sb_store_list_audit (sb_workspace_get_store (workspace),
                                                    sb_organization_get_id (org), &error);

  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, >, 0);
  g_assert_cmpstr (((SbAuditEntry *) g_ptr_array_index (audit, 0))->action, ==, action);
}

/* }}} */

static void
test_add_connected (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) company = find_org (fixture->workspace, "Demo AB");
  g_autoptr(SbCredentials) credentials = new_stripe_credentials (fixture->imitations, NULL);
  g_autoptr(JsonNode) info = NULL;
  g_autoptr(SbAccount) account = NULL;
  g_autoptr(SbAccount) found = NULL;
  g_autoptr(SbMember) owner = NULL;
  g_autoptr(GPtrArray) secrets = dup_known_secrets (fixture->imitations);
  g_autofree char *id_text = NULL;
  const char *base_url = sb_imitations_get_base_url (fixture->imitations, "stripe");
  GListModel *members = sb_workspace_get_members (fixture->workspace, company);
  GListModel *accounts = sb_workspace_get_accounts (fixture->workspace, company);
  guint n_accounts = g_list_model_get_n_items (accounts);

  info = test_connection (fixture->workspace, "stripe", base_url, credentials, &error);
  g_assert_no_error (error);
  g_assert_nonnull (info);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (info));

  owner = g_list_model_get_item (members, 0);
  account = add_account (fixture->workspace, company, "stripe", "Stripe EU", base_url,
                         credentials, sb_member_get_id (owner), info, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (account);
  g_assert_cmpint (sb_account_get_status (account), ==, SB_ACCOUNT_STATUS_CONNECTED);
  g_assert_cmpint (sb_account_get_owner_member_id (account), ==, sb_member_get_id (owner));
  g_assert_nonnull (sb_account_get_last_tested_at (account));
  g_assert_true (json_node_equal (sb_account_get_connection_info (account), info));
  g_assert_null (sb_workspace_get_keyring_problem (fixture->workspace));

  /* In the list, the very object; its owner is the member. */
  g_assert_cmpuint (g_list_model_get_n_items (accounts), ==, n_accounts + 1);
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, sb_account_get_id (account));
  found = sb_workspace_find_account (fixture->workspace, id_text, &error);
  g_assert_true (found == account);
  {
    g_autoptr(SbMember) same = sb_workspace_dup_account_owner (fixture->workspace, account);

    g_assert_true (same == owner);
  }
  assert_newest_audit (fixture->workspace, company, "account.add");

  /* The credentials are in the keyring, and nowhere in the store. */
  assert_keyring_holds (sb_account_get_id (account), credentials);
  assert_store_free_of (fixture->dir, secrets);

  /* The account on the imitation is a demo account: its port is not stored. */
  {
    g_autoptr(SbAccount) stored = sb_store_get_account (sb_workspace_get_store (fixture->workspace),
                                                        sb_account_get_id (account), &error);

    g_assert_no_error (error);
    g_assert_null (sb_account_get_base_url (stored));
    g_assert_cmpint (sb_account_get_status (stored), ==, SB_ACCOUNT_STATUS_CONNECTED);
    g_assert_cmpstr (sb_account_get_base_url (account), ==, base_url);
  }

  /* And it works with what the keyring kept. */
  g_clear_pointer (&info, json_node_unref);
  info = test_account (fixture->workspace, account, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sb_account_get_status (account), ==, SB_ACCOUNT_STATUS_CONNECTED);
  assert_store_free_of (fixture->dir, secrets);
}

/* A service that asks for no credentials (the generic HTTP connector may): nothing to keep. */
static void
test_add_without_credentials (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) company = find_org (fixture->workspace, "Demo AB");
  g_autoptr(SbAccount) account = NULL;

  account = add_account (fixture->workspace, company, "http", "Open data", "https://api.example.se",
                         NULL, 0, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sb_account_get_status (account), ==, SB_ACCOUNT_STATUS_CONNECTED);
  g_assert_null (sb_account_get_last_tested_at (account));
  g_assert_cmpstr (sb_account_get_base_url (account), ==, "https://api.example.se");
  assert_keyring_empty (sb_account_get_id (account));
}

static void
test_wrong_credentials (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbCredentials) credentials = new_stripe_credentials (fixture->imitations,
                                                                 "sk_test_made_up_and_wrong");
  g_autoptr(JsonNode) info = NULL;
  g_autoptr(GArray) before_keyring = dup_keyring_accounts ();
  g_autoptr(GArray) after_keyring = NULL;
  g_autofree char *before = dup_snapshot (fixture->dir);
  g_autofree char *after = NULL;
  const char *base_url = sb_imitations_get_base_url (fixture->imitations, "stripe");

  /* Refused with what the service answered; never the key itself. */
  info = test_connection (fixture->workspace, "stripe", base_url, credentials, &error);
  g_assert_null (info);
  g_assert_error (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (error->message, !=, "");
  g_assert_null (strstr (error->message, "sk_test_made_up_and_wrong"));
  g_test_message ("The service answered: %s", error->message);
  g_clear_error (&error);

  /* A base URL that is not one is refused before anything is sent. */
  info = test_connection (fixture->workspace, "stripe", "ftp://127.0.0.1", credentials, &error);
  g_assert_null (info);
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
  g_clear_error (&error);

  info = test_connection (fixture->workspace, "myspace", NULL, credentials, &error);
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
  g_clear_error (&error);

  /* Nothing was written, anywhere. */
  after = dup_snapshot (fixture->dir);
  g_assert_cmpstr (before, ==, after);
  after_keyring = dup_keyring_accounts ();
  assert_no_new_keyring_accounts (before_keyring, after_keyring);
}

static void
test_add_cancelled (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) company = find_org (fixture->workspace, "Demo AB");
  g_autoptr(SbCredentials) credentials = new_stripe_credentials (fixture->imitations, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(SbAccount) account = NULL;
  g_autoptr(GArray) before_keyring = dup_keyring_accounts ();
  g_autoptr(GArray) after_keyring = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *before = dup_snapshot (fixture->dir);
  g_autofree char *after = NULL;
  GListModel *accounts = sb_workspace_get_accounts (fixture->workspace, company);
  guint n_accounts = g_list_model_get_n_items (accounts);
  GAsyncResult *slot = NULL;

  /* Cancelled before it began. */
  g_cancellable_cancel (cancellable);
  account = add_account (fixture->workspace, company, "stripe", "Cancelled", NULL, credentials,
                         0, NULL, cancellable, &error);
  g_assert_null (account);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* Cancelled while the keyring is at work: the row that was written goes again. */
  g_cancellable_reset (cancellable);
  sb_workspace_add_account_async (fixture->workspace, company, "stripe", "Cancelled", NULL,
                                  credentials, 0, NULL, cancellable, got_result_cb, &slot);
  g_cancellable_cancel (cancellable);
  result = wait_for (&slot);
  account = sb_workspace_add_account_finish (fixture->workspace, result, &error);
  g_assert_null (account);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  spin (200);
  g_assert_cmpuint (g_list_model_get_n_items (accounts), ==, n_accounts);
  after = dup_snapshot (fixture->dir);
  g_assert_cmpstr (before, ==, after);
  after_keyring = dup_keyring_accounts ();
  assert_no_new_keyring_accounts (before_keyring, after_keyring);
}

static void
test_no_keyring (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) company = find_org (fixture->workspace, "Demo AB");
  g_autoptr(SbCredentials) credentials = new_stripe_credentials (fixture->imitations, NULL);
  g_autoptr(SbAccount) account = NULL;
  g_autoptr(SbAccount) klarna = find_account (fixture->workspace, "Klarna payments");
  g_autoptr(SbAccount) shop = find_account (fixture->workspace, "Club shop");
  g_autoptr(SbAccount) stripe = find_account (fixture->workspace, "Stripe");
  g_autoptr(JsonNode) info = NULL;
  g_autoptr(GPtrArray) secrets = dup_known_secrets (fixture->imitations);
  const char *base_url = sb_imitations_get_base_url (fixture->imitations, "stripe");

  /* The demo could not keep its credentials: its connected accounts need them, the others
   * keep the trouble the demo gives them. */
  g_assert_cmpstr (sb_workspace_get_keyring_problem (fixture->workspace), ==,
                   NO_SERVICE_MESSAGE);
  g_assert_cmpint (sb_account_get_status (klarna), ==, SB_ACCOUNT_STATUS_NEEDS_CREDENTIALS);
  g_assert_cmpint (sb_account_get_status (shop), ==, SB_ACCOUNT_STATUS_NEEDS_ATTENTION);
  g_assert_cmpint (sb_account_get_status (stripe), ==, SB_ACCOUNT_STATUS_ERROR);

  /* Testing needs no keyring; adding keeps the account, without its credentials. */
  info = test_connection (fixture->workspace, "stripe", base_url, credentials, &error);
  g_assert_no_error (error);
  account = add_account (fixture->workspace, company, "stripe", "Stripe EU", base_url,
                         credentials, 0, info, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (account);
  g_assert_cmpint (sb_account_get_status (account), ==, SB_ACCOUNT_STATUS_NEEDS_CREDENTIALS);
  g_assert_cmpstr (sb_workspace_get_keyring_problem (fixture->workspace), ==,
                   NO_SERVICE_MESSAGE);
  {
    g_autoptr(SbAccount) stored = sb_store_get_account (sb_workspace_get_store (fixture->workspace),
                                                        sb_account_get_id (account), &error);

    g_assert_no_error (error);
    g_assert_cmpint (sb_account_get_status (stored), ==, SB_ACCOUNT_STATUS_NEEDS_CREDENTIALS);
  }

  /* No plaintext fallback anywhere. */
  assert_store_free_of (fixture->dir, secrets);

  /* Testing it says why it cannot. */
  g_clear_pointer (&info, json_node_unref);
  info = test_account (fixture->workspace, account, &error);
  g_assert_null (info);
  g_assert_error (error, SB_SECRETS_ERROR, SB_SECRETS_ERROR_NO_SERVICE);
  g_assert_cmpint (sb_account_get_status (account), ==, SB_ACCOUNT_STATUS_NEEDS_CREDENTIALS);
}

static void
test_replace_credentials (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbAccount) account = find_account (fixture->workspace, "Stripe membership fees");
  g_autoptr(SbCredentials) wrong = new_stripe_credentials (fixture->imitations,
                                                           "sk_test_made_up_and_wrong");
  g_autoptr(SbCredentials) right = new_stripe_credentials (fixture->imitations, NULL);
  g_autoptr(GHashTable) before = dup_keyring_fields (sb_account_get_id (account));
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(GPtrArray) secrets = dup_known_secrets (fixture->imitations);
  g_autofree char *snapshot = dup_snapshot (fixture->dir);
  g_autofree char *snapshot_after = NULL;

  /* The demo kept the Stripe key and its webhook secret. */
  g_assert_cmpuint (g_hash_table_size (before), ==, 2);

  /* Wrong ones are tested first and change nothing. */
  g_assert_false (replace_credentials (fixture->workspace, account, wrong, &error));
  g_assert_error (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_UNAUTHORIZED);
  g_clear_error (&error);
  snapshot_after = dup_snapshot (fixture->dir);
  g_assert_cmpstr (snapshot, ==, snapshot_after);
  after = dup_keyring_fields (sb_account_get_id (account));
  g_assert_cmpuint (g_hash_table_size (after), ==, 2);
  g_clear_pointer (&after, g_hash_table_unref);

  /* Right ones replace every field. */
  g_assert_true (replace_credentials (fixture->workspace, account, right, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sb_account_get_status (account), ==, SB_ACCOUNT_STATUS_CONNECTED);
  g_assert_nonnull (sb_account_get_last_tested_at (account));
  assert_keyring_holds (sb_account_get_id (account), right);
  assert_store_free_of (fixture->dir, secrets);
}

static void
test_test_account (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbAccount) account = find_account (fixture->workspace, "Stripe membership fees");
  g_autoptr(JsonNode) info = NULL;
  g_autoptr(SbAccountError) newest = NULL;
  GListModel *errors = sb_workspace_get_account_errors (fixture->workspace, account);
  guint n_errors = g_list_model_get_n_items (errors);

  info = test_account (fixture->workspace, account, &error);
  g_assert_no_error (error);
  g_assert_nonnull (info);
  g_assert_cmpint (sb_account_get_status (account), ==, SB_ACCOUNT_STATUS_CONNECTED);
  g_assert_nonnull (sb_account_get_last_tested_at (account));
  g_assert_true (json_node_equal (sb_account_get_connection_info (account), info));

  /* The service no longer takes the key: it needs attention, and the error is kept. */
  sb_imitations_set_fault (fixture->imitations, "stripe", SB_IMITATION_FAULT_EXPIRED_TOKEN);
  g_clear_pointer (&info, json_node_unref);
  info = test_account (fixture->workspace, account, &error);
  g_assert_null (info);
  g_assert_error (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_UNAUTHORIZED);
  g_assert_cmpint (sb_account_get_status (account), ==, SB_ACCOUNT_STATUS_NEEDS_ATTENTION);
  g_assert_cmpuint (g_list_model_get_n_items (errors), ==, n_errors + 1);
  newest = g_list_model_get_item (errors, 0);
  g_assert_cmpstr (sb_account_error_get_message (newest), ==, error->message);
  g_assert_nonnull (sb_account_error_get_at (newest));
  g_clear_error (&error);
  g_clear_object (&newest);

  /* Anything else the service does wrong is an error. */
  sb_imitations_set_fault (fixture->imitations, "stripe", SB_IMITATION_FAULT_SERVER_ERROR);
  info = test_account (fixture->workspace, account, &error);
  g_assert_null (info);
  g_assert_nonnull (error);
  g_assert_cmpint (sb_account_get_status (account), ==, SB_ACCOUNT_STATUS_ERROR);
  g_assert_cmpuint (g_list_model_get_n_items (errors), ==, n_errors + 2);
  g_clear_error (&error);

  /* Newest first, also when read again from the store. */
  {
    SbStore *store = sb_workspace_get_store (fixture->workspace);
    g_autoptr(GPtrArray) stored = sb_store_list_account_errors (store,
                                                                sb_account_get_id (account), 0,
                                                                &error);
    g_autoptr(SbAccountError) first = g_list_model_get_item (errors, 0);

    g_assert_no_error (error);
    g_assert_cmpuint (stored->len, ==, n_errors + 2);
    g_assert_cmpint (sb_account_error_get_id (g_ptr_array_index (stored, 0)), ==,
                     sb_account_error_get_id (first));
  }

  sb_imitations_set_fault (fixture->imitations, "stripe", SB_IMITATION_FAULT_NONE);
  info = test_account (fixture->workspace, account, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sb_account_get_status (account), ==, SB_ACCOUNT_STATUS_CONNECTED);
}

static void
test_base_url (Fixture       *fixture,
               gconstpointer  data)
{
  static const struct
  {
    const char *url;
    const char *says;
  } bad[] = {
    { "ftp://files.example.se", "https://" },
    { "not a web address", "web address" },
    { "https://", "host" },
    { "https://kassor:made-up-password@api.example.se", "password" },
    { "https://api.example.se/v1?key=made-up", "query" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(SbAccount) account = find_account (fixture->workspace, "Customer register (HTTP API)");
  g_autofree char *before = dup_snapshot (fixture->dir);
  g_autofree char *after = NULL;

  g_assert_nonnull (sb_workspace_get_demo_service (account));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("%s", bad[i].url);
      g_assert_false (sb_workspace_set_account_base_url (fixture->workspace, account, bad[i].url,
                                                         &error));
      g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, bad[i].says));
      g_assert_null (strstr (error->message, "made-up"));
      g_clear_error (&error);
    }
  after = dup_snapshot (fixture->dir);
  g_assert_cmpstr (before, ==, after);

  /* A good one is kept as the connectors want it; the account is a demo account no more. */
  g_assert_true (sb_workspace_set_account_base_url (fixture->workspace, account,
                                                    " https://api.example.se/crm/ ", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sb_account_get_base_url (account), ==, "https://api.example.se/crm");
  g_assert_null (sb_workspace_get_demo_service (account));
  {
    g_autoptr(SbAccount) stored = sb_store_get_account (sb_workspace_get_store (fixture->workspace),
                                                        sb_account_get_id (account), &error);

    g_assert_cmpstr (sb_account_get_base_url (stored), ==, "https://api.example.se/crm");
  }

  /* None: the connector's default. */
  g_assert_true (sb_workspace_set_account_base_url (fixture->workspace, account, NULL, &error));
  g_assert_null (sb_account_get_base_url (account));
}

static void
test_delete_guard (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbAccount) fortnox = find_account (fixture->workspace, "Fortnox bookkeeping");
  g_autoptr(GHashTable) before_keyring = dup_keyring_fields (sb_account_get_id (fortnox));
  g_autoptr(GHashTable) after_keyring = NULL;
  g_autofree char *before = dup_snapshot (fixture->dir);
  g_autofree char *after = NULL;

  g_assert_cmpuint (g_hash_table_size (before_keyring), >, 0);

  g_assert_false (delete_account (fixture->workspace, fortnox, &error));
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_IN_USE);
  g_assert_nonnull (strstr (error->message, "“Import new members from IdrottOnline”"));
  g_assert_nonnull (strstr (error->message, "“Membership fees from Stripe to Fortnox”"));
  g_assert_nonnull (strstr (error->message, "Pause them first"));

  after = dup_snapshot (fixture->dir);
  g_assert_cmpstr (before, ==, after);
  after_keyring = dup_keyring_fields (sb_account_get_id (fortnox));
  g_assert_cmpuint (g_hash_table_size (after_keyring), ==, g_hash_table_size (before_keyring));
}

static void
test_delete_makes_drafts (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbAccount) stripe = find_account (fixture->workspace, "Stripe membership fees");
  g_autoptr(SbIntegration) fees = find_integration (fixture->workspace,
                                                    "Membership fees from Stripe to Fortnox");
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(SbOrganization) club = find_org (fixture->workspace, "Demo IF");
  gint64 id = sb_account_get_id (stripe);
  GListModel *accounts = sb_workspace_get_accounts (fixture->workspace, club);
  guint n_accounts = g_list_model_get_n_items (accounts);
  guint position;

  users = sb_workspace_dup_account_integrations (fixture->workspace, stripe);
  g_assert_cmpuint (users->len, ==, 1);
  g_assert_true (g_ptr_array_index (users, 0) == fees);
  {
    g_autoptr(GHashTable) fields = dup_keyring_fields (id);

    g_assert_cmpuint (g_hash_table_size (fields), >, 0);
  }

  g_assert_true (sb_workspace_pause_integration (fixture->workspace, fees, &error));
  g_assert_no_error (error);
  g_assert_true (delete_account (fixture->workspace, stripe, &error));
  g_assert_no_error (error);

  /* Gone from the list and the keyring; the integration is a Draft that asks for another
   * account. */
  g_assert_cmpuint (g_list_model_get_n_items (accounts), ==, n_accounts - 1);
  g_assert_false (g_list_store_find (G_LIST_STORE (accounts), stripe, &position));
  assert_keyring_empty (id);
  assert_newest_audit (fixture->workspace, club, "account.delete");
  g_assert_cmpint (sb_integration_get_status (fees), ==, SB_INTEGRATION_STATUS_DRAFT);
  problems = sb_workspace_check_integration_config (fixture->workspace, club,
                                                    sb_integration_get_trigger (fees),
                                                    sb_integration_get_steps (fees),
                                                    sb_integration_get_settings (fees));
  g_assert_cmpuint (problems->len, >, 0);
  {
    gboolean found = FALSE;

    for (guint i = 0; i < problems->len; i++)
      {
        SbProblem *problem = g_ptr_array_index (problems, i);

        g_test_message ("%s: %s", problem->field, problem->message);
        if (strstr (problem->message, "Choose the account this step uses") != NULL ||
            strstr (problem->message, "no longer exists") != NULL)
          found = TRUE;
      }
    g_assert_true (found);
  }
  g_assert_false (sb_workspace_activate_integration (fixture->workspace, fees, &error));
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
  g_clear_error (&error);

  /* Read back, it stays so. */
  {
    g_autoptr(SbWorkspace) other = sb_workspace_open (fixture->dir, &error);
    g_autoptr(SbIntegration) again = NULL;

    g_assert_no_error (error);
    again = find_integration (other, "Membership fees from Stripe to Fortnox");
    g_assert_cmpint (sb_integration_get_status (again), ==, SB_INTEGRATION_STATUS_DRAFT);
    g_assert_true (json_node_equal (sb_integration_get_steps (again),
                                    sb_integration_get_steps (fees)));
  }
}

static void
test_reader_refused (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) club = find_org (fixture->workspace, "Demo IF");
  g_autoptr(SbAccount) stripe = find_account (fixture->workspace, "Stripe membership fees");
  g_autoptr(SbCredentials) credentials = new_stripe_credentials (fixture->imitations, NULL);
  g_autoptr(SbAccount) added = NULL;
  g_autoptr(JsonNode) info = NULL;
  g_autoptr(GArray) before_keyring = dup_keyring_accounts ();
  g_autoptr(GArray) after_keyring = NULL;
  g_autoptr(GHashTable) stripe_fields = dup_keyring_fields (sb_account_get_id (stripe));
  g_autofree char *before = dup_snapshot (fixture->dir);
  g_autofree char *after = NULL;

  sb_workspace_set_acting_email (fixture->workspace, "sara@demo-if.example");

  g_assert_false (sb_workspace_check_account_details (fixture->workspace, stripe, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_cmpstr (error->message, ==, "Only Admins and Collaborators can see account details.");
  g_clear_error (&error);

  added = add_account (fixture->workspace, club, "stripe", "Mine", NULL, credentials, 0, NULL,
                       NULL, &error);
  g_assert_null (added);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);

  info = test_account (fixture->workspace, stripe, &error);
  g_assert_null (info);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);

  g_assert_false (replace_credentials (fixture->workspace, stripe, credentials, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);

  g_assert_false (delete_account (fixture->workspace, stripe, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);

  g_assert_false (sb_workspace_delete_account (fixture->workspace, stripe, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);

  g_assert_false (sb_workspace_set_account_base_url (fixture->workspace, stripe,
                                                     "https://api.example.se", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);

  g_assert_false (sb_workspace_rename_account (fixture->workspace, stripe, "Mine", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);

  g_assert_false (sb_workspace_set_account_owner (fixture->workspace, stripe, 0, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);

  {
    g_autoptr(JsonNode) document = sb_workspace_export (fixture->workspace, club, &error);

    g_assert_null (document);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
    g_clear_error (&error);
  }

  /* But the list is for every member. */
  g_assert_true (sb_workspace_can (fixture->workspace, club, SB_CAPABILITY_LIST_ACCOUNTS));

  spin (200);
  after = dup_snapshot (fixture->dir);
  g_assert_cmpstr (before, ==, after);
  after_keyring = dup_keyring_accounts ();
  assert_no_new_keyring_accounts (before_keyring, after_keyring);
  {
    g_autoptr(GHashTable) fields = dup_keyring_fields (sb_account_get_id (stripe));

    g_assert_cmpuint (g_hash_table_size (fields), ==, g_hash_table_size (stripe_fields));
  }
}

static void
test_details (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbAccount) fortnox = find_account (fixture->workspace, "Fortnox bookkeeping");
  g_autoptr(SbAccount) crm = find_account (fixture->workspace, "Customer register (HTTP API)");
  g_autoptr(SbOrganization) club = find_org (fixture->workspace, "Demo IF");
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(SbMember) karin = NULL;
  GListModel *integrations = sb_workspace_get_integrations (fixture->workspace, club);
  GListModel *members = sb_workspace_get_members (fixture->workspace, club);

  g_assert_true (sb_workspace_check_account_details (fixture->workspace, fortnox, &error));
  g_assert_no_error (error);

  /* The very objects of the integrations list. */
  users = sb_workspace_dup_account_integrations (fixture->workspace, fortnox);
  g_assert_cmpuint (users->len, >=, 2);
  for (guint i = 0; i < users->len; i++)
    {
      guint position;

      g_assert_true (g_list_store_find (G_LIST_STORE (integrations), g_ptr_array_index (users, i),
                                        &position));
    }
  g_clear_pointer (&users, g_ptr_array_unref);
  users = sb_workspace_dup_account_integrations (fixture->workspace, crm);
  g_assert_cmpuint (users->len, >=, 1);

  /* Whose credentials: the demo connects Fortnox with its integration user's, then the
   * member set. */
  {
    g_autoptr(SbMember) owner = sb_workspace_dup_account_owner (fixture->workspace, fortnox);

    g_assert_nonnull (owner);
    g_assert_cmpstr (sb_member_get_email (owner), ==, "fortnox@demo-if.example");
    g_assert_cmpint (sb_member_get_kind (owner), ==, SB_MEMBER_KIND_INTEGRATION_USER);
  }
  for (guint i = 0; i < g_list_model_get_n_items (members); i++)
    {
      g_autoptr(SbMember) member = g_list_model_get_item (members, i);

      if (g_str_equal (sb_member_get_email (member), "karin@demo-if.example"))
        karin = g_steal_pointer (&member);
    }
  g_assert_nonnull (karin);
  g_assert_true (sb_workspace_set_account_owner (fixture->workspace, fortnox,
                                                 sb_member_get_id (karin), &error));
  g_assert_no_error (error);
  {
    g_autoptr(SbMember) owner = sb_workspace_dup_account_owner (fixture->workspace, fortnox);

    g_assert_true (owner == karin);
  }
  /* Not a member of the club: refused. */
  g_assert_false (sb_workspace_set_account_owner (fixture->workspace, fortnox, 999999, &error));
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
  g_clear_error (&error);

  /* No errors yet, in a model that stays. */
  g_assert_true (sb_workspace_get_account_errors (fixture->workspace, fortnox) ==
                 sb_workspace_get_account_errors (fixture->workspace, fortnox));
}

static void
test_demo_restart (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbWorkspace) other = NULL;
  g_autoptr(SbAccount) account = NULL;
  g_autoptr(SbAccount) stored = NULL;
  g_autoptr(JsonNode) info = NULL;
  SbImitations *imitations;

  /* A second start has imitations of its own, on other ports; the demo accounts follow. */
  other = sb_workspace_open (fixture->dir, &error);
  g_assert_no_error (error);
  account = find_account (other, "Klarna payments");
  imitations = sb_workspace_get_imitations (other);
  g_assert_nonnull (imitations);
  g_assert_true (imitations != fixture->imitations);
  g_assert_cmpstr (sb_account_get_base_url (account), ==,
                   sb_imitations_get_base_url (imitations, "klarna"));
  g_assert_cmpstr (sb_account_get_base_url (account), !=,
                   sb_imitations_get_base_url (fixture->imitations, "klarna"));

  stored = sb_store_get_account (sb_workspace_get_store (other), sb_account_get_id (account),
                                 &error);
  g_assert_no_error (error);
  g_assert_null (sb_account_get_base_url (stored));

  info = test_account (other, account, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sb_account_get_status (account), ==, SB_ACCOUNT_STATUS_CONNECTED);

  /* The demo's club shop stays as the demo tells it. */
  {
    g_autoptr(SbAccount) shop = find_account (other, "Club shop");

    g_assert_cmpint (sb_account_get_status (shop), ==, SB_ACCOUNT_STATUS_NEEDS_ATTENTION);
  }
  spin (100);
}

static void
test_demo_credentials (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(SbOrganization) club = find_org (fixture->workspace, "Demo IF");
  g_autoptr(SbOrganization) company = find_org (fixture->workspace, "Demo AB");
  g_autoptr(GPtrArray) secrets = dup_known_secrets (fixture->imitations);
  SbOrganization *orgs[] = { club, company };

  /* Every demo account has the imitation's known-good credentials, and only the keyring. */
  for (guint i = 0; i < G_N_ELEMENTS (orgs); i++)
    {
      GListModel *accounts = sb_workspace_get_accounts (fixture->workspace, orgs[i]);

      for (guint j = 0; j < g_list_model_get_n_items (accounts); j++)
        {
          g_autoptr(SbAccount) account = g_list_model_get_item (accounts, j);
          g_autoptr(GHashTable) fields = dup_keyring_fields (sb_account_get_id (account));
          const char *service = sb_account_get_connector_id (account);
          GHashTableIter iter;
          gpointer key, value;

          g_test_message ("%s", sb_account_get_name (account));
          g_assert_cmpstr (sb_workspace_get_demo_service (account), ==, service);
          g_assert_cmpstr (sb_account_get_base_url (account), ==,
                           sb_imitations_get_base_url (fixture->imitations, service));
          g_assert_cmpuint (g_hash_table_size (fields), >, 0);
          g_hash_table_iter_init (&iter, fields);
          while (g_hash_table_iter_next (&iter, &key, &value))
            g_assert_true (g_strcmp0 (value, sb_imitations_get_credential (fixture->imitations,
                                                                           service, key)) == 0);
        }
    }

  assert_store_free_of (fixture->dir, secrets);
}

static int
strcmp_indirect (gconstpointer a,
                 gconstpointer b,
                 gpointer      data)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The integrations of an export, each with its account keys replaced by the names of the
 * accounts and its webhook token set aside, by name. */
static GHashTable *
dup_comparable_integrations (JsonNode   *document,
                             GHashTable *tokens)
{
  JsonObject *org = json_array_get_object_element (
                      json_object_get_array_member (json_node_get_object (document),
                                                    "organizations"), 0);
  JsonArray *accounts = json_object_get_array_member (org, "accounts");
  JsonArray *integrations = json_object_get_array_member (org, "integrations");
  GHashTable *result = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < json_array_get_length (integrations); i++)
    {
      JsonObject *integration = json_array_get_object_element (integrations, i);
      JsonNode *trigger = json_object_get_member (integration, "trigger");
      g_autofree char *text = NULL;
      g_autoptr(GString) comparable = NULL;

      if (JSON_NODE_HOLDS_OBJECT (trigger) &&
          json_object_has_member (json_node_get_object (trigger), "token"))
        {
          g_hash_table_insert (tokens,
                               g_strdup (json_object_get_string_member (integration, "name")),
                               g_strdup (json_object_get_string_member (
                                           json_node_get_object (trigger), "token")));
          json_object_remove_member (json_node_get_object (trigger), "token");
        }
      json_object_remove_member (integration, "status");
      /* The accounts it uses, as a set. */
      {
        JsonArray *keys = json_object_get_array_member (integration, "accounts");
        g_autoptr(GPtrArray) names = g_ptr_array_new ();

        for (guint j = 0; j < json_array_get_length (keys); j++)
          for (guint k = 0; k < json_array_get_length (accounts); k++)
            {
              JsonObject *account = json_array_get_object_element (accounts, k);

              if (g_str_equal (json_object_get_string_member (account, "key"),
                               json_array_get_string_element (keys, j)))
                g_ptr_array_add (names, (gpointer) json_object_get_string_member (account,
                                                                                  "name"));
            }
        g_ptr_array_sort_with_data (names, (GCompareDataFunc) strcmp_indirect, NULL);
        g_ptr_array_add (names, NULL);
        {
          g_autofree char *joined = g_strjoinv ("|", (char **) names->pdata);

          json_object_set_string_member (integration, "accounts", joined);
        }
      }
      text = json_to_string (json_array_get_element (integrations, i), FALSE);
      comparable = g_string_new (text);
      for (guint j = 0; j < json_array_get_length (accounts); j++)
        {
          JsonObject *account = json_array_get_object_element (accounts, j);
          g_autofree char *key = g_strdup_printf ("\"%s\"",
                                                  json_object_get_string_member (account, "key"));
          g_autofree char *name = g_strdup_printf ("\"%s\"",
                                                   json_object_get_string_member (account,
                                                                                  "name"));

          g_string_replace (comparable, key, name, 0);
        }
      g_hash_table_insert (result,
                           g_strdup (json_object_get_string_member (integration, "name")),
                           g_string_free (g_steal_pointer (&comparable), FALSE));
    }
  return result;
}

/* Export → import into an organization of another data folder: every integration and account
 * comes back, the integrations as Drafts with webhook URLs of their own, the accounts as
 * Needs credentials; the report names them all. */
static void
test_export_import (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) club = find_org (fixture->workspace, "Demo IF");
  g_autoptr(JsonNode) original = sb_workspace_export (fixture->workspace, club, &error);
  g_autoptr(GPtrArray) secrets = dup_known_secrets (fixture->imitations);
  g_autofree char *dir = g_dir_make_tmp ("samband-import-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "Demo IF.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SbWorkspace) other = NULL;
  g_autoptr(SbOrganization) target = NULL;
  g_autoptr(SbTransferReport) report = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(GHashTable) original_tokens = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                                 g_free, g_free);
  g_autoptr(GHashTable) imported_tokens = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                                 g_free, g_free);
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autofree char *text = NULL;
  GListModel *accounts, *integrations;
  GHashTableIter iter;
  gpointer key, value;

  g_assert_no_error (error);
  text = json_to_string (original, TRUE);
  g_assert_true (g_file_set_contents (path, text, -1, &error));

  other = sb_workspace_open (dir, &error);
  g_assert_no_error (error);
  g_assert_true (sb_workspace_create_profile (other, "Eva Ek", "eva@example.se", &error));
  target = sb_workspace_create_organization (other, "Eva's club", SB_ORGANIZATION_KIND_CLUB,
                                             "Handball", &error);
  g_assert_no_error (error);
  accounts = sb_workspace_get_accounts (other, target);
  integrations = sb_workspace_get_integrations (other, target);
  g_assert_cmpuint (g_list_model_get_n_items (integrations), ==, 0);

  g_assert_true (sb_workspace_import_into (other, target, file, &report, &error));
  g_assert_no_error (error);

  /* The lists the window shows follow at once. */
  g_assert_cmpuint (g_list_model_get_n_items (integrations), ==,
                    g_list_model_get_n_items (sb_workspace_get_integrations (fixture->workspace,
                                                                              club)));
  g_assert_cmpuint (g_list_model_get_n_items (accounts), ==,
                    g_list_model_get_n_items (sb_workspace_get_accounts (fixture->workspace,
                                                                          club)));
  g_assert_cmpuint (report->integrations->len, ==, g_list_model_get_n_items (integrations));
  g_assert_cmpuint (report->accounts->len, ==, g_list_model_get_n_items (accounts));
  for (guint i = 0; i < g_list_model_get_n_items (integrations); i++)
    {
      g_autoptr(SbIntegration) integration = g_list_model_get_item (integrations, i);

      g_assert_cmpint (sb_integration_get_status (integration), ==, SB_INTEGRATION_STATUS_DRAFT);
      g_assert_true (g_ptr_array_find_with_equal_func (report->integrations,
                                                       sb_integration_get_name (integration),
                                                       g_str_equal, NULL));
    }
  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(SbAccount) account = g_list_model_get_item (accounts, i);

      g_assert_cmpint (sb_account_get_status (account), ==, SB_ACCOUNT_STATUS_NEEDS_CREDENTIALS);
      g_assert_true (g_ptr_array_find_with_equal_func (report->accounts,
                                                       sb_account_get_name (account),
                                                       g_str_equal, NULL));
    }

  /* Everything but the secrets, the statuses and the webhook tokens is as it was. */
  again = sb_workspace_export (other, target, &error);
  g_assert_no_error (error);
  before = dup_comparable_integrations (original, original_tokens);
  after = dup_comparable_integrations (again, imported_tokens);
  g_assert_cmpuint (g_hash_table_size (after), ==, g_hash_table_size (before));
  g_assert_cmpuint (g_hash_table_size (original_tokens), >, 0);
  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_test_message ("%s", (const char *) key);
      g_assert_cmpstr (g_hash_table_lookup (after, key), ==, value);
      if (g_hash_table_contains (original_tokens, key))
        {
          g_assert_nonnull (g_hash_table_lookup (imported_tokens, key));
          g_assert_cmpstr (g_hash_table_lookup (imported_tokens, key), !=,
                           g_hash_table_lookup (original_tokens, key));
        }
    }
  assert_store_free_of (dir, secrets);

  /* Again into the same organization: the names that are taken get a number. */
  g_clear_pointer (&report, sb_transfer_report_free);
  g_assert_true (sb_workspace_import_into (other, target, file, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (integrations), ==, 2 * report->integrations->len);
  g_assert_true (g_str_has_suffix (g_ptr_array_index (report->integrations, 0), " (2)"));
  g_assert_true (g_str_has_suffix (g_ptr_array_index (report->accounts, 0), " (2)"));

  g_clear_object (&target);
  g_clear_object (&other);
  remove_tree (dir);
}

/* A file that is not an export says what and where, and nothing of it is written; a Reader
 * may not import. */
static void
test_import_refused (Fixture       *fixture,
                     gconstpointer  data)
{
  static const struct {
    const char *contents;
    const char *message;
  } cases[] = {
    { "{ \"organizations\": [ { \"name\": \"X\",\n  \"accounts\": [ }",
      "“bad.json” cannot be imported: 2:" },
    { "[1, 2]", "“bad.json” cannot be imported: it is not an export of Samband" },
    { "{ \"organizations\": [ { \"name\": \"X\", \"accounts\": [ { \"key\": \"a\", "
      "\"connector\": \"no-such-service\", \"name\": \"A\" } ] } ] }",
      "“bad.json” cannot be imported: The document is not valid at organizations[0], "
      "accounts[0]: there is no service called “no-such-service”" },
    { "{ \"organizations\": [ { \"name\": \"X\", \"accounts\": [ { \"key\": \"a\", "
      "\"connector\": \"stripe\", \"name\": \"A\" } ], \"integrations\": [ { \"name\": \"I\", "
      "\"accounts\": [ \"b\" ] } ] } ] }",
      "“bad.json” cannot be imported: The document is not valid at organizations[0], "
      "integrations[0]: there is no account “b”" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) club = find_org (fixture->workspace, "Demo IF");
  g_autofree char *dir = g_dir_make_tmp ("samband-import-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "bad.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/export.json");
  guint n_integrations = g_list_model_get_n_items (sb_workspace_get_integrations (
                                                     fixture->workspace, club));
  guint n_accounts = g_list_model_get_n_items (sb_workspace_get_accounts (fixture->workspace,
                                                                           club));
  g_autofree char *snapshot = dup_snapshot (fixture->dir);
  g_autofree char *later = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SbTransferReport) report = NULL;

      g_assert_true (g_file_set_contents (path, cases[i].contents, -1, &error));
      g_assert_false (sb_workspace_import_into (fixture->workspace, club, file, &report,
                                                &error));
      g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, cases[i].message));
      g_assert_null (report);
      g_clear_error (&error);
    }

  g_assert_false (sb_workspace_import_into (fixture->workspace, club, missing, NULL, &error));
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "“export.json” cannot be imported: "));
  g_clear_error (&error);

  sb_workspace_set_acting_email (fixture->workspace, "sara@demo-if.example");
  g_assert_true (g_file_set_contents (path, "{ \"organizations\": [] }", -1, &error));
  g_assert_false (sb_workspace_import_into (fixture->workspace, club, file, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);

  g_assert_cmpuint (g_list_model_get_n_items (sb_workspace_get_integrations (fixture->workspace,
                                                                              club)),
                    ==, n_integrations);
  g_assert_cmpuint (g_list_model_get_n_items (sb_workspace_get_accounts (fixture->workspace,
                                                                          club)),
                    ==, n_accounts);
  later = dup_snapshot (fixture->dir);
  g_assert_cmpstr (later, ==, snapshot);
  remove_tree (dir);
}

static void
test_export (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) document = sb_workspace_export (fixture->workspace, NULL, &error);
  g_autoptr(GPtrArray) secrets = dup_known_secrets (fixture->imitations);
  g_autofree char *text = NULL;
  JsonArray *orgs;

  g_assert_no_error (error);
  orgs = json_object_get_array_member (json_node_get_object (document), "organizations");
  g_assert_cmpuint (json_array_get_length (orgs), ==, 2);
  text = json_to_string (document, TRUE);
  assert_text_free_of ("The export", text, secrets);

  /* It is a document the importer reads. */
  {
    g_autofree char *dir = g_dir_make_tmp ("samband-import-XXXXXX", &error);
    g_autoptr(SbWorkspace) other = NULL;
    g_autoptr(SbOrganization) club = NULL;
    g_autoptr(SbOrganization) original = find_org (fixture->workspace, "Demo IF");
    GListModel *imported = NULL;

    other = sb_workspace_open (dir, &error);
    g_assert_no_error (error);
    g_assert_true (sb_workspace_create_profile (other, "Eva Ek", "eva@example.se", &error));
    g_assert_true (sb_workspace_import_document (other, document, FALSE, FALSE, NULL, &error));
    g_assert_no_error (error);
    club = find_org (other, "Demo IF");
    imported = sb_workspace_get_integrations (other, club);
    g_assert_cmpuint (g_list_model_get_n_items (imported), ==,
                      g_list_model_get_n_items (sb_workspace_get_integrations (fixture->workspace,
                                                                                original)));
    g_assert_cmpuint (g_list_model_get_n_items (sb_workspace_get_accounts (other, club)), ==,
                      g_list_model_get_n_items (sb_workspace_get_accounts (fixture->workspace,
                                                                            original)));
    g_clear_object (&club);
    g_clear_object (&other);
    remove_tree (dir);
  }
}

static void
on_flow_uri_fetched (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (object), result,
                                                              &error);

  g_assert_no_error (error);
}

static void
test_oauth2 (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) company = find_org (fixture->workspace, "Demo AB");
  g_autoptr(SbOAuth2Flow) flow = NULL;
  g_autoptr(SbCredentials) credentials = NULL;
  g_autoptr(SbAccount) account = NULL;
  g_autoptr(JsonNode) info = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) secrets = NULL;
  g_autofree char *uri = NULL;
  const char *base_url = sb_workspace_get_imitation_base_url (fixture->workspace, "fortnox");
  GAsyncResult *slot = NULL;

  /* Not every service signs in with the browser. */
  flow = sb_workspace_new_oauth2_flow (fixture->workspace, "stripe", NULL, &error);
  g_assert_null (flow);
  g_assert_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID);
  g_clear_error (&error);

  flow = sb_workspace_new_oauth2_flow (fixture->workspace, "fortnox", base_url, &error);
  g_assert_no_error (error);
  g_assert_nonnull (flow);

  /* The browser: the imitation approves at once and sends it back to the flow. */
  sb_imitations_set_auto_approve (fixture->imitations, TRUE);
  uri = sb_oauth2_flow_start (flow, &error);
  g_assert_no_error (error);
  sb_oauth2_flow_wait_async (flow, sb_workspace_get_session (fixture->workspace), NULL,
                             got_result_cb, &slot);
  message = soup_message_new ("GET", uri);
  soup_session_send_and_read_async (sb_workspace_get_session (fixture->workspace), message,
                                    G_PRIORITY_DEFAULT, NULL, on_flow_uri_fetched, NULL);
  result = wait_for (&slot);
  credentials = sb_oauth2_flow_wait_finish (flow, result, &error);
  g_assert_no_error (error);
  g_assert_true (sb_credentials_has (credentials, SB_CREDENTIAL_ACCESS_TOKEN));
  g_assert_true (sb_credentials_has (credentials, SB_CREDENTIAL_REFRESH_TOKEN));

  info = test_connection (fixture->workspace, "fortnox", base_url, credentials, &error);
  g_assert_no_error (error);
  account = add_account (fixture->workspace, company, "fortnox", "Fortnox AB", base_url,
                         credentials, 0, info, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sb_account_get_status (account), ==, SB_ACCOUNT_STATUS_CONNECTED);
  assert_keyring_holds (sb_account_get_id (account), credentials);

  secrets = dup_known_secrets (fixture->imitations);
  g_ptr_array_add (secrets, g_strdup (sb_credentials_get (credentials,
                                                          SB_CREDENTIAL_ACCESS_TOKEN)));
  g_ptr_array_add (secrets, g_strdup (sb_credentials_get (credentials,
                                                          SB_CREDENTIAL_REFRESH_TOKEN)));
  assert_store_free_of (fixture->dir, secrets);
  spin (100);
}

/* A run that renews an account's tokens keeps the new ones: Fortnox spends a refresh token
 * when it hands out the next, so the old one in the keyring would lock the account out. */
static void
test_run_keeps_renewed_tokens (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(SbAccount) fortnox = find_account (fixture->workspace, "Fortnox bookkeeping");
  g_autoptr(SbIntegration) import = find_integration (fixture->workspace,
                                                      "Import new members from IdrottOnline");
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SbRun) run = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  if (!has_keyring ())
    {
      g_test_skip ("no keyring");
      return;
    }

  before = dup_keyring_fields (sb_account_get_id (fortnox));
  g_assert_true (g_hash_table_contains (before, "refresh_token"));

  g_assert_true (sb_workspace_start_engine (fixture->workspace, &error));
  g_assert_no_error (error);
  sb_workspace_run_integration_async (fixture->workspace, import, NULL, NULL, got_result_cb,
                                      &slot);
  result = wait_for (&slot);
  run = sb_workspace_run_integration_finish (fixture->workspace, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sb_run_get_status (run), ==, SB_RUN_STATUS_SUCCEEDED);
  /* The keyring write is not waited for by the run. */
  spin (300);

  after = dup_keyring_fields (sb_account_get_id (fortnox));
  g_assert_true (g_hash_table_contains (after, "access_token"));
  g_assert_true (g_hash_table_contains (after, "refresh_token"));
  g_assert_cmpstr (g_hash_table_lookup (after, "refresh_token"), !=,
                   g_hash_table_lookup (before, "refresh_token"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  setlocale (LC_ALL, "C.UTF-8");

  /* Outside build-aux/test-env these would write into the user's own keyring. */
  if (g_getenv ("SAMBAND_TEST_ENV") == NULL)
    {
      g_printerr ("test-accounts stores items in the keyring: run it through "
                  "build-aux/test-env (meson test does), never in your own session.\n");
      return 1;
    }

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  if (!has_keyring ())
    {
      ADD ("/accounts/no-keyring", test_no_keyring);
      return g_test_run ();
    }

  ADD ("/accounts/add/connected", test_add_connected);
  ADD ("/accounts/add/wrong-credentials", test_wrong_credentials);
  ADD ("/accounts/add/without-credentials", test_add_without_credentials);
  ADD ("/accounts/add/cancelled", test_add_cancelled);
  ADD ("/accounts/add/oauth2", test_oauth2);
  ADD ("/accounts/test", test_test_account);
  ADD ("/accounts/replace-credentials", test_replace_credentials);
  ADD ("/accounts/base-url", test_base_url);
  ADD ("/accounts/delete/guard", test_delete_guard);
  ADD ("/accounts/delete/drafts", test_delete_makes_drafts);
  ADD ("/accounts/reader-refused", test_reader_refused);
  ADD ("/accounts/details", test_details);
  ADD ("/accounts/demo/credentials", test_demo_credentials);
  ADD ("/accounts/demo/restart", test_demo_restart);
  ADD ("/accounts/export", test_export);
  ADD ("/accounts/export-import", test_export_import);
  ADD ("/accounts/import-refused", test_import_refused);
  ADD ("/accounts/run-keeps-renewed-tokens", test_run_keeps_renewed_tokens);

  return g_test_run ();
}
