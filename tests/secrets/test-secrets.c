/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <libsecret/secret.h>

#include "secrets/sb-secret-store.h"

/* These tests run against a real gnome-keyring on a private session bus (build-aux/test-env
 * starts one), except the no-service cases, which make sure there is none. The values
 * stored are made up, but the tests still never print one: a failed comparison says only
 * that the values differ. */

#define WAIT_SECONDS 20
/* A keyring that is not there must be reported at once, not after a D-Bus timeout. */
#define PROMPT_USEC (5 * G_USEC_PER_SEC)

#define NO_SERVICE_MESSAGE \
  "No keyring is available to keep the credentials safe. Start GNOME Keyring or another " \
  "Secret Service and try again."

/* Written out here rather than taken from the store, so that a change of the schema the
 * keyring already holds users' items under is caught. */
static const SecretSchema expected_schema = {
  "io.github.samband.Samband.Credential",
  SECRET_SCHEMA_NONE,
  {
    { "account", SECRET_SCHEMA_ATTRIBUTE_INTEGER },
    { "field", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

static void
got_result_cb (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
  g_main_context_wakeup (NULL);
}

static gboolean
deadline_passed_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static GAsyncResult *
wait_for_result (GAsyncResult **slot)
{
  gboolean timed_out = FALSE;
  guint deadline_id;

  deadline_id = g_timeout_add_seconds (WAIT_SECONDS, deadline_passed_cb, &timed_out);
  while (*slot == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (*slot == NULL)
    g_error ("The keyring did not answer within %d seconds", WAIT_SECONDS);
  g_source_remove (deadline_id);

  return g_steal_pointer (slot);
}

static gboolean
store_value (SbSecretStore  *store,
             gint64          account_id,
             const char     *field,
             const char     *value,
             const char     *label,
             GCancellable   *cancellable,
             GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  sb_secret_store_store_async (store, account_id, field, value, label, cancellable,
                               got_result_cb, &slot);
  result = wait_for_result (&slot);

  return sb_secret_store_store_finish (store, result, error);
}

static char *
lookup_value (SbSecretStore  *store,
              gint64          account_id,
              const char     *field,
              GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  sb_secret_store_lookup_async (store, account_id, field, NULL, got_result_cb, &slot);
  result = wait_for_result (&slot);

  return sb_secret_store_lookup_finish (store, result, error);
}

static gboolean
clear_fields (SbSecretStore  *store,
              gint64          account_id,
              const char     *field,
              GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  sb_secret_store_clear_async (store, account_id, field, NULL, got_result_cb, &slot);
  result = wait_for_result (&slot);

  return sb_secret_store_clear_finish (store, result, error);
}

static void
store_or_fail (SbSecretStore *store,
               gint64         account_id,
               const char    *field,
               const char    *value)
{
  g_autoptr(GError) error = NULL;

  store_value (store, account_id, field, value, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
clear_or_fail (SbSecretStore *store,
               gint64         account_id,
               const char    *field)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (clear_fields (store, account_id, field, &error));
  g_assert_no_error (error);
}

/* Asserts that the keyring holds @expected (NULL: nothing) for the field, without ever
 * printing a value. */
static void
assert_stored (SbSecretStore *store,
               gint64         account_id,
               const char    *field,
               const char    *expected)
{
  g_autoptr(GError) error = NULL;
  char *value;

  value = lookup_value (store, account_id, field, &error);
  g_assert_no_error (error);
  if (expected == NULL)
    {
      if (value != NULL)
        g_error ("Account %" G_GINT64_FORMAT " still has a value for “%s”", account_id, field);
    }
  else
    {
      if (value == NULL)
        g_error ("Account %" G_GINT64_FORMAT " has no value for “%s”", account_id, field);
      if (strcmp (value, expected) != 0)
        g_error ("Account %" G_GINT64_FORMAT " has another value for “%s” than was stored",
                 account_id, field);
    }
  sb_credential_free (value);
}

/* The keyring's own view of what the store wrote, found by the schema and attributes. */
static GList *
search_items (gint64      account_id,
              const char *field)
{
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GError) error = NULL;
  GList *items;

  attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_hash_table_insert (attributes, (gpointer) "account",
                       g_strdup_printf ("%" G_GINT64_FORMAT, account_id));
  if (field != NULL)
    g_hash_table_insert (attributes, (gpointer) "field", g_strdup (field));

  items = secret_password_searchv_sync (&expected_schema, attributes, SECRET_SEARCH_ALL,
                                        NULL, &error);
  g_assert_no_error (error);

  return items;
}

static void
test_store_lookup (void)
{
  g_autoptr(SbSecretStore) store = sb_secret_store_new ();

  store_or_fail (store, 101, "api_key", "made-up-key-101");
  store_or_fail (store, 101, "refresh_token", "made-up-token-101");

  assert_stored (store, 101, "api_key", "made-up-key-101");
  assert_stored (store, 101, "refresh_token", "made-up-token-101");
}

static void
test_replace (void)
{
  g_autoptr(SbSecretStore) store = sb_secret_store_new ();
  GList *items;

  store_or_fail (store, 102, "api_key", "made-up-first");
  store_or_fail (store, 102, "api_key", "made-up-second");

  assert_stored (store, 102, "api_key", "made-up-second");
  items = search_items (102, "api_key");
  g_assert_cmpuint (g_list_length (items), ==, 1);
  g_list_free_full (items, g_object_unref);
}

static void
test_schema_and_label (void)
{
  g_autoptr(SbSecretStore) store = sb_secret_store_new ();
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  GList *items;

  store_or_fail (store, 12, "api_key", "made-up-key-12");

  items = search_items (12, "api_key");
  g_assert_cmpuint (g_list_length (items), ==, 1);
  label = secret_retrievable_get_label (items->data);
  g_assert_cmpstr (label, ==, "Samband: account 12, api_key");
  attributes = secret_retrievable_get_attributes (items->data);
  g_assert_cmpstr (g_hash_table_lookup (attributes, "xdg:schema"), ==,
                   "io.github.samband.Samband.Credential");
  g_assert_cmpstr (g_hash_table_lookup (attributes, "account"), ==, "12");
  g_assert_cmpstr (g_hash_table_lookup (attributes, "field"), ==, "api_key");
  g_list_free_full (items, g_object_unref);

  /* A label given by the caller is kept as it is. */
  store_value (store, 12, "client_secret", "made-up-secret-12", "Fortnox (Club)", NULL, &error);
  g_assert_no_error (error);
  items = search_items (12, "client_secret");
  g_assert_cmpuint (g_list_length (items), ==, 1);
  g_clear_pointer (&label, g_free);
  label = secret_retrievable_get_label (items->data);
  g_assert_cmpstr (label, ==, "Fortnox (Club)");
  g_list_free_full (items, g_object_unref);
}

static void
test_lookup_missing (void)
{
  g_autoptr(SbSecretStore) store = sb_secret_store_new ();
  g_autoptr(GError) error = NULL;
  char *value;

  store_or_fail (store, 103, "api_key", "made-up-key-103");

  /* Neither another field of a known account nor an unknown account is an error. */
  value = lookup_value (store, 103, "refresh_token", &error);
  g_assert_no_error (error);
  g_assert_null (value);

  value = lookup_value (store, 999103, "api_key", &error);
  g_assert_no_error (error);
  g_assert_null (value);
}

static void
test_clear_field (void)
{
  g_autoptr(SbSecretStore) store = sb_secret_store_new ();

  store_or_fail (store, 104, "client_id", "made-up-id-104");
  store_or_fail (store, 104, "client_secret", "made-up-secret-104");

  clear_or_fail (store, 104, "client_secret");

  assert_stored (store, 104, "client_secret", NULL);
  assert_stored (store, 104, "client_id", "made-up-id-104");

  /* Clearing what is already gone is not an error. */
  clear_or_fail (store, 104, "client_secret");
}

static void
test_clear_account (void)
{
  g_autoptr(SbSecretStore) store = sb_secret_store_new ();
  GList *items;

  store_or_fail (store, 105, "api_key", "made-up-key-105");
  store_or_fail (store, 105, "refresh_token", "made-up-token-105");
  store_or_fail (store, 105, "access_token", "made-up-access-105");
  store_or_fail (store, 106, "api_key", "made-up-key-106");
  store_or_fail (store, 106, "refresh_token", "made-up-token-106");

  clear_or_fail (store, 105, NULL);

  assert_stored (store, 105, "api_key", NULL);
  assert_stored (store, 105, "refresh_token", NULL);
  assert_stored (store, 105, "access_token", NULL);
  items = search_items (105, NULL);
  g_assert_null (items);

  assert_stored (store, 106, "api_key", "made-up-key-106");
  assert_stored (store, 106, "refresh_token", "made-up-token-106");
}

static void
test_large_account_id (void)
{
  g_autoptr(SbSecretStore) store = sb_secret_store_new ();
  /* 2^32 + 107: cut to a C int it would be account 107. */
  const gint64 large_id = G_GINT64_CONSTANT (4294967403);

  store_or_fail (store, large_id, "api_key", "made-up-key-large");

  assert_stored (store, large_id, "api_key", "made-up-key-large");
  assert_stored (store, 107, "api_key", NULL);

  clear_or_fail (store, 107, NULL);
  assert_stored (store, large_id, "api_key", "made-up-key-large");
}

static void
test_credential_source (void)
{
  g_autoptr(SbSecretStore) store = sb_secret_store_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  SbCredentialSource *source;
  char *value;

  g_assert_true (SB_IS_CREDENTIAL_SOURCE (store));
  source = SB_CREDENTIAL_SOURCE (store);

  store_or_fail (store, 108, "api_key", "made-up-key-108");

  sb_credential_source_lookup_async (source, 108, "api_key", NULL, got_result_cb, &slot);
  result = wait_for_result (&slot);
  value = sb_credential_source_lookup_finish (source, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (value);
  g_assert_true (strcmp (value, "made-up-key-108") == 0);
  sb_credential_free (value);

  g_clear_object (&result);
  sb_credential_source_lookup_async (source, 108, "refresh_token", NULL, got_result_cb, &slot);
  result = wait_for_result (&slot);
  value = sb_credential_source_lookup_finish (source, result, &error);
  g_assert_no_error (error);
  g_assert_null (value);

  /* NULL is fine to free. */
  sb_credential_free (NULL);
}

static void
test_cancelled (void)
{
  g_autoptr(SbSecretStore) store = sb_secret_store_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (store_value (store, 109, "api_key", "made-up-key-109", NULL, cancellable,
                               &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  assert_stored (store, 109, "api_key", NULL);
}

static gboolean
store_all (SbSecretStore  *store,
           gint64          account_id,
           GHashTable     *fields,
           gboolean        replace,
           GCancellable   *cancellable,
           GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  sb_secret_store_store_all_async (store, account_id, fields, replace, cancellable,
                                   got_result_cb, &slot);
  result = wait_for_result (&slot);

  return sb_secret_store_store_all_finish (store, result, error);
}

static GHashTable *
lookup_all (SbSecretStore  *store,
            gint64          account_id,
            GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  sb_secret_store_lookup_all_async (store, account_id, NULL, got_result_cb, &slot);
  result = wait_for_result (&slot);

  return sb_secret_store_lookup_all_finish (store, result, error);
}

static GHashTable *
new_fields (const char *first_field,
            ...)
{
  GHashTable *fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *field;
  va_list args;

  va_start (args, first_field);
  for (field = first_field; field != NULL; field = va_arg (args, const char *))
    g_hash_table_insert (fields, g_strdup (field), g_strdup (va_arg (args, const char *)));
  va_end (args);

  return fields;
}

/* Compares without printing a value. */
static void
assert_same_fields (GHashTable *expected,
                    GHashTable *actual)
{
  GHashTableIter iter;
  gpointer key, value;

  g_assert_cmpuint (g_hash_table_size (actual), ==, g_hash_table_size (expected));
  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *found = g_hash_table_lookup (actual, key);

      if (found == NULL)
        g_error ("No value for “%s”", (const char *) key);
      if (strcmp (found, value) != 0)
        g_error ("Another value for “%s” than was stored", (const char *) key);
    }
}

static void
test_store_all (void)
{
  g_autoptr(SbSecretStore) store = sb_secret_store_new ();
  g_autoptr(GHashTable) first = new_fields ("client_id", "made-up-id-111",
                                            "refresh_token", "made-up-token-111",
                                            "access_token", "made-up-access-111", NULL);
  g_autoptr(GHashTable) renewed = new_fields ("refresh_token", "made-up-token-111b",
                                              "access_token", "made-up-access-111b", NULL);
  g_autoptr(GHashTable) replacement = new_fields ("api_key", "made-up-key-111", NULL);
  g_autoptr(GHashTable) expected = NULL;
  g_autoptr(GHashTable) read = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (store_all (store, 111, first, FALSE, NULL, &error));
  g_assert_no_error (error);
  read = lookup_all (store, 111, &error);
  g_assert_no_error (error);
  assert_same_fields (first, read);
  g_clear_pointer (&read, g_hash_table_unref);

  /* Without replace, the fields given change and the others stay. */
  g_assert_true (store_all (store, 111, renewed, FALSE, NULL, &error));
  g_assert_no_error (error);
  expected = new_fields ("client_id", "made-up-id-111", "refresh_token", "made-up-token-111b",
                         "access_token", "made-up-access-111b", NULL);
  read = lookup_all (store, 111, &error);
  assert_same_fields (expected, read);
  g_clear_pointer (&read, g_hash_table_unref);

  /* With replace, only the fields given are left. */
  g_assert_true (store_all (store, 111, replacement, TRUE, NULL, &error));
  g_assert_no_error (error);
  read = lookup_all (store, 111, &error);
  assert_same_fields (replacement, read);
  g_clear_pointer (&read, g_hash_table_unref);
  assert_stored (store, 111, "refresh_token", NULL);

  /* Nothing stored is an empty table, not an error. */
  read = lookup_all (store, 999111, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (read), ==, 0);
}

/* Two databases give out the same account ids; neither sees nor clears the other's. */
static void
test_stores_apart (void)
{
  g_autoptr(SbSecretStore) first = sb_secret_store_new_for_store ("0123456789abcdef");
  g_autoptr(SbSecretStore) second = sb_secret_store_new_for_store ("fedcba9876543210");
  g_autoptr(GHashTable) fields = new_fields ("api_key", "made-up-key-113", NULL);
  g_autoptr(GHashTable) read = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GError) error = NULL;
  GList *items;

  g_assert_true (store_all (first, 113, fields, TRUE, NULL, &error));
  g_assert_no_error (error);

  assert_stored (second, 113, "api_key", NULL);
  read = lookup_all (second, 113, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (read), ==, 0);
  g_clear_pointer (&read, g_hash_table_unref);

  /* Replacing all of account 113 in the second clears nothing of the first. */
  g_assert_true (store_all (second, 113, fields, TRUE, NULL, &error));
  clear_or_fail (second, 113, NULL);
  assert_stored (first, 113, "api_key", "made-up-key-113");

  items = search_items (113, "api_key");
  g_assert_cmpuint (g_list_length (items), ==, 1);
  attributes = secret_retrievable_get_attributes (items->data);
  g_assert_cmpstr (g_hash_table_lookup (attributes, "store"), ==, "0123456789abcdef");
  g_list_free_full (items, g_object_unref);
}

static void
test_store_all_cancelled (void)
{
  g_autoptr(SbSecretStore) store = sb_secret_store_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GHashTable) fields = new_fields ("api_key", "made-up-key-112", NULL);
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (store_all (store, 112, fields, TRUE, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_stored (store, 112, "api_key", NULL);
}

static void
assert_no_service_error (const GError *error,
                         gint64        started)
{
  g_assert_error (error, SB_SECRETS_ERROR, SB_SECRETS_ERROR_NO_SERVICE);
  g_assert_cmpstr (error->message, ==, NO_SERVICE_MESSAGE);
  g_assert_null (strstr (error->message, "made-up"));
  g_assert_cmpint (g_get_monotonic_time () - started, <, PROMPT_USEC);
}

/* Every operation must fail at once with the plain message: the application then saves
 * the account as "needs credentials". @several: also the operations on several fields.
 * (On a GTestDBus bus, libsecret keeps a reference to the connection after a second clear
 * or a search has failed, and g_test_dbus_down() would wait for it in vain; the other
 * buses check those.) */
static void
assert_no_service (gboolean several)
{
  g_autoptr(SbSecretStore) store = sb_secret_store_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  gint64 started;
  char *value;

  started = g_get_monotonic_time ();
  g_assert_false (store_value (store, 110, "api_key", "made-up-key-110", NULL, NULL, &error));
  assert_no_service_error (error, started);
  g_clear_error (&error);

  started = g_get_monotonic_time ();
  value = lookup_value (store, 110, "api_key", &error);
  g_assert_null (value);
  assert_no_service_error (error, started);
  g_clear_error (&error);

  started = g_get_monotonic_time ();
  g_assert_false (clear_fields (store, 110, NULL, &error));
  assert_no_service_error (error, started);
  g_clear_error (&error);

  if (several)
    {
      g_autoptr(GHashTable) fields = new_fields ("api_key", "made-up-key-110", NULL);
      g_autoptr(GHashTable) all = NULL;

      started = g_get_monotonic_time ();
      g_assert_false (store_all (store, 110, fields, TRUE, NULL, &error));
      assert_no_service_error (error, started);
      g_clear_error (&error);

      started = g_get_monotonic_time ();
      all = lookup_all (store, 110, &error);
      g_assert_null (all);
      assert_no_service_error (error, started);
      g_clear_error (&error);
    }

  started = g_get_monotonic_time ();
  sb_credential_source_lookup_async (SB_CREDENTIAL_SOURCE (store), 110, "api_key", NULL,
                                     got_result_cb, &slot);
  result = wait_for_result (&slot);
  value = sb_credential_source_lookup_finish (SB_CREDENTIAL_SOURCE (store), result, &error);
  g_assert_null (value);
  assert_no_service_error (error, started);
}

/* A private bus of the test's own, with no service files: nothing can start a keyring. */
static void
test_no_service_private_bus (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GTestDBus) bus = g_test_dbus_new (G_TEST_DBUS_NONE);

      g_test_dbus_up (bus);
      assert_no_service (FALSE);
      secret_service_disconnect ();
      g_test_dbus_down (bus);
      return;
    }

  g_test_trap_subprocess (NULL, WAIT_SECONDS * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* No session bus at all, as in an ssh session without a desktop: nothing to connect to and
 * no X display to autolaunch a bus on. */
static void
test_no_service_no_bus (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *runtime_dir = g_build_filename (g_get_tmp_dir (),
                                                       "samband-test-no-such-dir", NULL);

      g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
      g_unsetenv ("DISPLAY");
      g_setenv ("XDG_RUNTIME_DIR", runtime_dir, TRUE);
      assert_no_service (TRUE);
      return;
    }

  g_test_trap_subprocess (NULL, WAIT_SECONDS * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* A session bus address whose socket is gone (the bus died). */
static void
test_no_service_dead_bus (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *path = g_build_filename (g_get_tmp_dir (), "samband-test-no-such-dir",
                                                "bus", NULL);
      g_autofree char *address = g_strdup_printf ("unix:path=%s", path);

      g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
      assert_no_service (TRUE);
      return;
    }

  g_test_trap_subprocess (NULL, WAIT_SECONDS * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* The session bus that build-aux/test-env --no-keyring provides. */
static void
test_no_service_session_bus (void)
{
  assert_no_service (TRUE);
}

int
main (int   argc,
      char *argv[])
{
  const char *test_env = g_getenv ("SAMBAND_TEST_ENV");
  gboolean no_keyring = test_env != NULL && strstr (test_env, "keyring=no") != NULL;

  g_test_init (&argc, &argv, NULL);

  /* Run in a desktop session, these tests would write into the user's own keyring. */
  if (test_env == NULL)
    {
      g_printerr ("test-secrets stores items in the keyring: run it through build-aux/test-env "
                  "(meson test does), never in your own session.\n");
      return 1;
    }

  /* Under build-aux/test-env --no-keyring the session bus has no Secret Service, so only
   * the no-service cases can run there; everywhere else the keyring must answer. */
  if (no_keyring)
    {
      g_test_add_func ("/secrets/no-service/session-bus", test_no_service_session_bus);
    }
  else
    {
      g_test_add_func ("/secrets/store-lookup", test_store_lookup);
      g_test_add_func ("/secrets/replace", test_replace);
      g_test_add_func ("/secrets/schema-and-label", test_schema_and_label);
      g_test_add_func ("/secrets/lookup-missing", test_lookup_missing);
      g_test_add_func ("/secrets/clear-field", test_clear_field);
      g_test_add_func ("/secrets/clear-account", test_clear_account);
      g_test_add_func ("/secrets/large-account-id", test_large_account_id);
      g_test_add_func ("/secrets/credential-source", test_credential_source);
      g_test_add_func ("/secrets/cancelled", test_cancelled);
      g_test_add_func ("/secrets/store-all", test_store_all);
      g_test_add_func ("/secrets/store-all-cancelled", test_store_all_cancelled);
      g_test_add_func ("/secrets/stores-apart", test_stores_apart);
    }
  g_test_add_func ("/secrets/no-service/private-bus", test_no_service_private_bus);
  g_test_add_func ("/secrets/no-service/no-bus", test_no_service_no_bus);
  g_test_add_func ("/secrets/no-service/dead-bus", test_no_service_dead_bus);

  return g_test_run ();
}
