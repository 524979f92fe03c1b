/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "store/sb-store.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

typedef struct
{
  char    *dir;
  char    *path;
  SbStore *store;
} Fixture;

/* The test data of each fixture: whether the store is opened for the test. */
#define WITH_STORE GINT_TO_POINTER (TRUE)
#define WITHOUT_STORE GINT_TO_POINTER (FALSE)

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
    }

  g_remove (path);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("samband-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "samband.db", NULL);

  if (data == WITH_STORE)
    {
      fixture->store = sb_store_open (fixture->path, &error);
      g_assert_no_error (error);
      g_assert_nonnull (fixture->store);
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->store != NULL)
    g_assert_finalize_object (fixture->store);
  remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

/* Closes the store and opens it again, so that a test reads what the file holds. */
static void
reopen (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_finalize_object (fixture->store);
  fixture->store = sb_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);
}

static GDateTime *
make_time (const char *iso8601)
{
  GDateTime *datetime = g_date_time_new_from_iso8601 (iso8601, NULL);

  g_assert_nonnull (datetime);
  return datetime;
}

static JsonNode *
make_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

static void
assert_same_time (GDateTime *expected,
                  GDateTime *actual)
{
  if (expected == NULL)
    {
      g_assert_null (actual);
      return;
    }

  g_assert_nonnull (actual);
  g_assert_cmpint (g_date_time_to_unix (expected), ==, g_date_time_to_unix (actual));
  g_assert_cmpint (g_date_time_get_microsecond (expected), ==,
                   g_date_time_get_microsecond (actual));
}

static void
assert_same_json (JsonNode *expected,
                  JsonNode *actual)
{
  if (expected == NULL)
    {
      g_assert_null (actual);
      return;
    }

  g_assert_nonnull (actual);
  if (!json_node_equal (expected, actual))
    {
      g_autofree char *expected_text = json_to_string (expected, FALSE);
      g_autofree char *actual_text = json_to_string (actual, FALSE);

      g_assert_cmpstr (expected_text, ==, actual_text);
    }
}

static void
assert_no_side_files (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);

  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

/* Opens @path, expects the refusal @code with a message that names the file, and checks
 * that the file is exactly as it was and has no companions. */
static void
assert_refused (const char *path,
                int         code,
                const char *words)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = read_bytes (path);
  g_autoptr(GBytes) after = NULL;
  g_autoptr(SbStore) store = NULL;
  g_autofree char *display_name = g_filename_display_name (path);

  store = sb_store_open (path, &error);
  g_assert_error (error, SB_STORE_ERROR, code);
  g_assert_null (store);
  g_assert_nonnull (strstr (error->message, display_name));
  g_assert_nonnull (strstr (error->message, words));
  g_assert_nonnull (strstr (error->message, "unchanged"));

  after = read_bytes (path);
  g_assert_true (g_bytes_equal (before, after));
  assert_no_side_files (path);
}

static void
exec_raw (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static gint64
query_raw_int (const char *path,
               const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  return value;
}

static char *
query_raw_text (const char *path,
                const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  return value;
}

static SbOrganization *
add_organization (SbStore    *store,
                  const char *name)
{
  g_autoptr(GError) error = NULL;
  SbOrganization *organization = sb_organization_new ();

  sb_organization_set_name (organization, name);
  sb_organization_set_kind (organization, SB_ORGANIZATION_KIND_CLUB);
  g_assert_true (sb_store_insert_organization (store, organization, &error));
  g_assert_no_error (error);
  return organization;
}

static SbMember *
add_member (SbStore    *store,
            gint64      organization_id,
            const char *email)
{
  g_autoptr(GError) error = NULL;
  SbMember *member = sb_member_new ();

  sb_member_set_organization_id (member, organization_id);
  sb_member_set_display_name (member, email);
  sb_member_set_email (member, email);
  g_assert_true (sb_store_insert_member (store, member, &error));
  g_assert_no_error (error);
  return member;
}

static SbAccount *
add_account (SbStore    *store,
             gint64      organization_id,
             const char *name)
{
  g_autoptr(GError) error = NULL;
  SbAccount *account = sb_account_new ();

  sb_account_set_organization_id (account, organization_id);
  sb_account_set_connector_id (account, "stripe");
  sb_account_set_name (account, name);
  g_assert_true (sb_store_insert_account (store, account, &error));
  g_assert_no_error (error);
  return account;
}

static SbIntegration *
add_integration (SbStore    *store,
                 gint64      organization_id,
                 const char *name)
{
  g_autoptr(GError) error = NULL;
  SbIntegration *integration = sb_integration_new ();

  sb_integration_set_organization_id (integration, organization_id);
  sb_integration_set_name (integration, name);
  g_assert_true (sb_store_insert_integration (store, integration, &error));
  g_assert_no_error (error);
  return integration;
}

static SbRun *
add_run (SbStore     *store,
         gint64       integration_id,
         SbRunStatus  status,
         const char  *started_at)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) started = started_at != NULL ? make_time (started_at) : NULL;
  SbRun *run = sb_run_new ();

  sb_run_set_integration_id (run, integration_id);
  sb_run_set_status (run, status);
  sb_run_set_started_at (run, started);
  g_assert_true (sb_store_insert_run (store, run, &error));
  g_assert_no_error (error);
  return run;
}

static SbRunEvent *
add_event (SbStore         *store,
           gint64           run_id,
           const char      *at,
           SbRunEventLevel  level,
           const char      *step_id,
           const char      *message,
           JsonNode        *data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) time = at != NULL ? make_time (at) : NULL;
  SbRunEvent *event = sb_run_event_new ();

  sb_run_event_set_run_id (event, run_id);
  sb_run_event_set_at (event, time);
  sb_run_event_set_level (event, level);
  sb_run_event_set_step_id (event, step_id);
  sb_run_event_set_message (event, message);
  sb_run_event_set_data (event, data);
  g_assert_true (sb_store_insert_run_event (store, event, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sb_run_event_get_id (event), >, 0);
  return event;
}

/* Adds @n_events events to a new array, not written yet; each carries @data when given. */
static GPtrArray *
make_events (gint64      run_id,
             guint       n_events,
             JsonNode   *data)
{
  GPtrArray *events = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n_events; i++)
    {
      SbRunEvent *event = sb_run_event_new ();
      g_autofree char *message = g_strdup_printf ("Event %u", i);

      sb_run_event_set_run_id (event, run_id);
      sb_run_event_set_level (event, SB_RUN_EVENT_LEVEL_INFO);
      sb_run_event_set_step_id (event, "orders");
      sb_run_event_set_message (event, message);
      sb_run_event_set_data (event, data);
      g_ptr_array_add (events, event);
    }

  return events;
}

static gint64
count_rows (Fixture    *fixture,
            const char *sql)
{
  return query_raw_int (fixture->path, sql);
}

/* Opening and migrations {{{ */

static void
test_migrations_from_empty (Fixture       *fixture,
                            gconstpointer  data)
{
  static const char * const tables[] = {
    "profile", "organizations", "members", "accounts", "account_errors", "integrations",
    "integration_accounts", "integration_versions", "runs", "run_events", "cursors",
    "audit_log", "member_packages",
  };
  int latest = sb_store_get_latest_schema_version ();

  g_assert_cmpint (latest, >=, 1);
  g_assert_cmpint (sb_store_get_schema_version (fixture->store), ==, latest);
  g_assert_cmpstr (sb_store_get_path (fixture->store), ==, fixture->path);

  g_assert_finalize_object (g_steal_pointer (&fixture->store));

  /* Closing the last connection leaves the one file. */
  assert_no_side_files (fixture->path);

  g_assert_cmpint (query_raw_int (fixture->path, "PRAGMA user_version"), ==, latest);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql =
        g_strdup_printf ("SELECT count(*) FROM sqlite_schema WHERE type = 'table' "
                         "AND name = '%s'", tables[i]);

      g_test_message ("table %s", tables[i]);
      g_assert_cmpint (query_raw_int (fixture->path, sql), ==, 1);
    }

  /* The switch to WAL is written in the file's header (bytes 18 and 19 are 2). */
  {
    g_autoptr(GBytes) bytes = read_bytes (fixture->path);
    const guint8 *header = g_bytes_get_data (bytes, NULL);

    g_assert_cmpuint (header[18], ==, 2);
    g_assert_cmpuint (header[19], ==, 2);
  }
}

/* A new file gives back the space of what is deleted; an older one is rebuilt for it once,
 * keeping what it holds. */
static void
test_incremental_vacuum (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(SbOrganization) club = add_organization (fixture->store, "Kvarnby IK");
  g_autoptr(GPtrArray) organizations = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (count_rows (fixture, "PRAGMA auto_vacuum"), ==, 2);

  g_clear_object (&fixture->store);
  exec_raw (fixture->path, "PRAGMA auto_vacuum = NONE; VACUUM;");
  g_assert_cmpint (count_rows (fixture, "PRAGMA auto_vacuum"), ==, 0);

  fixture->store = sb_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (fixture, "PRAGMA auto_vacuum"), ==, 2);

  organizations = sb_store_list_organizations (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (organizations->len, ==, 1);
  g_assert_cmpstr (sb_organization_get_name (g_ptr_array_index (organizations, 0)), ==,
                   "Kvarnby IK");
}

static void
test_reopen_keeps_data (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(SbOrganization) organization = add_organization (fixture->store, "Kvarnby IK");
  g_autoptr(SbOrganization) read = NULL;
  g_autoptr(GError) error = NULL;

  reopen (fixture);
  g_assert_cmpint (sb_store_get_schema_version (fixture->store), ==,
                   sb_store_get_latest_schema_version ());

  read = sb_store_get_organization (fixture->store, sb_organization_get_id (organization),
                                    &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sb_organization_get_name (read), ==, "Kvarnby IK");
}

/* A database written by the first release (schema 1), with a live integration that ran, a
 * draft and an audit entry, comes up to date with every row kept. */
static void
test_migrate_from_version_1 (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) initial = NULL;
  g_autoptr(GPtrArray) integrations = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autofree char *script = NULL;

  /* The resources are registered by the first store opened; this one is thrown away. */
  {
    g_autofree char *scratch = g_build_filename (fixture->dir, "scratch.db", NULL);
    g_autoptr(SbStore) store = sb_store_open (scratch, &error);

    g_assert_no_error (error);
  }

  initial = g_resources_lookup_data ("/io/github/samband/Samband/sql/0001-initial.sql",
                                     G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  g_assert_no_error (error);
  script = g_strconcat (g_bytes_get_data (initial, NULL),
                        "INSERT INTO organizations (id, name, kind) VALUES (1, 'Kvarnby IK', 'club');"
                        "INSERT INTO members (id, organization_id, display_name, email, kind, role,"
                        " status) VALUES (7, 1, 'Eva', 'eva@example.se', 'person', 'admin',"
                        " 'active');"
                        "INSERT INTO members (id, organization_id, display_name, email, kind, role,"
                        " status) VALUES (8, 1, 'Bank', 'bank@example.se', 'integration-user',"
                        " 'collaborator', 'active');"
                        "INSERT INTO integrations (id, organization_id, name, status, trigger, steps,"
                        " settings, activated_by, activated_at) VALUES (3, 1, 'Nightly', 'live',"
                        " '{\"kind\":\"manual\"}', '[]', '{}', 7, '2024-05-01T10:00:00.000000Z');"
                        "INSERT INTO integrations (id, organization_id, name, status) VALUES"
                        " (4, 1, 'Idea', 'draft');"
                        "INSERT INTO runs (id, integration_id, status, started_at) VALUES"
                        " (11, 3, 'succeeded', '2024-05-02T02:00:00.000000Z');"
                        "INSERT INTO run_events (run_id, at, level, message) VALUES"
                        " (11, '2024-05-02T02:00:01.000000Z', 'warning', 'Slow');"
                        "INSERT INTO audit_log (organization_id, member_id, at, action) VALUES"
                        " (1, 7, '2024-05-01T10:00:00.000000Z', 'integration.set-status');"
                        "PRAGMA user_version = 1;",
                        NULL);
  exec_raw (fixture->path, script);

  fixture->store = sb_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sb_store_get_schema_version (fixture->store), ==,
                   sb_store_get_latest_schema_version ());
  g_assert_cmpint (sb_store_get_latest_schema_version (), >=, 2);

  integrations = sb_store_list_integrations (fixture->store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (integrations->len, ==, 2);
  runs = sb_store_list_runs (fixture->store, 3, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, 1);
  audit = sb_store_list_audit (fixture->store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 1);

  /* The integration user that was there holds “Integration user”; the person nothing. */
  {
    g_auto(GStrv) bank = sb_store_list_member_packages (fixture->store, 8, &error);
    g_auto(GStrv) eva = sb_store_list_member_packages (fixture->store, 7, &error);
    const char * const expected[] = { "integration-user", NULL };

    g_assert_no_error (error);
    g_assert_true (g_strv_equal ((const char * const *) bank, expected));
    g_assert_cmpuint (g_strv_length (eva), ==, 0);
  }

  g_clear_object (&fixture->store);

  /* The new columns: nothing pending, nothing in the trash; what was live is version 1, by
   * whoever activated it, when they did. */
  g_assert_cmpint (query_raw_int (fixture->path, "SELECT count(*) FROM integrations "
                                  "WHERE draft IS NULL AND deleted_at IS NULL"), ==, 2);
  g_assert_cmpint (query_raw_int (fixture->path, "SELECT version FROM integrations WHERE id = 3"),
                   ==, 1);
  g_assert_cmpint (query_raw_int (fixture->path, "SELECT version FROM integrations WHERE id = 4"),
                   ==, 0);
  g_assert_cmpint (query_raw_int (fixture->path, "SELECT count(*) FROM integration_versions "
                                  "WHERE integration_id = 3 AND version = 1 AND published_by = 7 "
                                  "AND published_at = '2024-05-01T10:00:00.000000Z' "
                                  "AND trigger = '{\"kind\":\"manual\"}'"), ==, 1);
  g_assert_cmpint (query_raw_int (fixture->path, "SELECT count(*) FROM integration_versions"),
                   ==, 1);
  g_assert_cmpint (query_raw_int (fixture->path, "SELECT count(*) FROM run_events"), ==, 1);
}

static void
test_missing_folder_is_created (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "data", "samband", "samband.db",
                                            NULL);
  g_autoptr(SbStore) store = sb_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

static void
test_newer_schema_refused (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *sql = NULL;

  /* A database written by a later Samband: ours, one migration further. */
  g_assert_finalize_object (g_steal_pointer (&fixture->store));
  sql = g_strdup_printf ("PRAGMA user_version = %d", sb_store_get_latest_schema_version () + 1);
  exec_raw (fixture->path, sql);
  assert_no_side_files (fixture->path);

  /* The file is in WAL mode, as Samband leaves it: reading it must not leave a -wal or -shm
   * file behind. */
  assert_refused (fixture->path, SB_STORE_ERROR_NEWER_SCHEMA, "newer version of Samband");

  /* Still refused the second time: the first attempt did not "fix" anything. */
  assert_refused (fixture->path, SB_STORE_ERROR_NEWER_SCHEMA, "newer version of Samband");

  /* In rollback-journal mode, where switching to WAL too early would change the header. */
  exec_raw (fixture->path, "PRAGMA journal_mode = DELETE");
  assert_refused (fixture->path, SB_STORE_ERROR_NEWER_SCHEMA, "newer version of Samband");
}

static void
test_text_file_refused (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *text = "name,email\nAda,ada@example.org\n";

  g_file_set_contents (fixture->path, text, -1, &error);
  g_assert_no_error (error);

  assert_refused (fixture->path, SB_STORE_ERROR_NOT_A_DATABASE, "not a Samband database");
}

static void
test_other_program_database_refused (Fixture       *fixture,
                                     gconstpointer  data)
{
  /* A valid SQLite file, but another program's. */
  exec_raw (fixture->path, "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT);"
                           "INSERT INTO moz_places (url) VALUES ('https://example.org');");

  assert_refused (fixture->path, SB_STORE_ERROR_NOT_A_DATABASE, "not a Samband database");
}

static void
test_corrupt_database_refused (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const guint8 *header;
  g_autofree guint8 *contents = NULL;
  gsize length;
  gsize page_size;

  /* Enough rows to fill a few pages. */
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *name = g_strdup_printf ("Organization number %u with a long name", i);
      g_autoptr(SbOrganization) organization = add_organization (fixture->store, name);
    }
  g_assert_finalize_object (g_steal_pointer (&fixture->store));
  assert_no_side_files (fixture->path);

  bytes = read_bytes (fixture->path);
  header = g_bytes_get_data (bytes, &length);
  page_size = ((gsize)header[16] << 8) | header[17];
  if (page_size == 1)
    page_size = 65536;
  g_assert_cmpuint (length, >=, 4 * page_size);

  /* Scribble over the start of the second page and of the last one; the header, and so the
   * file's claim to be SQLite, stays intact. */
  contents = g_memdup2 (header, length);
  memset (contents + page_size, 0xa5, 64);
  memset (contents + length - page_size, 0x5a, 64);
  g_file_set_contents (fixture->path, (const char *)contents, length, &error);
  g_assert_no_error (error);

  assert_refused (fixture->path, SB_STORE_ERROR_CORRUPT, "damaged");
}

/* }}} */

/* Round trips {{{ */

static void
test_profile (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;

  /* First start: no profile yet, and that is no error. */
  g_assert_false (sb_store_get_profile (fixture->store, &name, &email, &error));
  g_assert_no_error (error);
  g_assert_null (name);
  g_assert_null (email);

  g_assert_true (sb_store_set_profile (fixture->store, "Åsa Lindqvist", "asa@kvarnby.se",
                                       &error));
  g_assert_no_error (error);
  g_assert_true (sb_store_set_profile (fixture->store, "Åsa Lind", "asa@lind.se", &error));
  g_assert_no_error (error);

  reopen (fixture);
  g_assert_true (sb_store_get_profile (fixture->store, &name, &email, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, "Åsa Lind");
  g_assert_cmpstr (email, ==, "asa@lind.se");
}

static void
test_organization_round_trip (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) club = sb_organization_new ();
  g_autoptr(SbOrganization) company = sb_organization_new ();
  g_autoptr(SbOrganization) read = NULL;
  g_autoptr(GPtrArray) list = NULL;

  sb_organization_set_name (club, "Kvarnby IK");
  sb_organization_set_kind (club, SB_ORGANIZATION_KIND_CLUB);
  sb_organization_set_sport (club, "Fotboll");
  g_assert_true (sb_store_insert_organization (fixture->store, club, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sb_organization_get_id (club), >, 0);

  sb_organization_set_name (company, "Acme AB");
  sb_organization_set_kind (company, SB_ORGANIZATION_KIND_COMPANY);
  g_assert_true (sb_store_insert_organization (fixture->store, company, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sb_organization_get_id (company), !=, sb_organization_get_id (club));

  reopen (fixture);

  read = sb_store_get_organization (fixture->store, sb_organization_get_id (club), &error);
  g_assert_no_error (error);
  g_assert_cmpint (sb_organization_get_id (read), ==, sb_organization_get_id (club));
  g_assert_cmpstr (sb_organization_get_name (read), ==, "Kvarnby IK");
  g_assert_cmpint (sb_organization_get_kind (read), ==, SB_ORGANIZATION_KIND_CLUB);
  g_assert_cmpstr (sb_organization_get_sport (read), ==, "Fotboll");

  /* Listed by name. */
  list = sb_store_list_organizations (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (sb_organization_get_name (g_ptr_array_index (list, 0)), ==, "Acme AB");
  g_assert_null (sb_organization_get_sport (g_ptr_array_index (list, 0)));
  g_assert_cmpint (sb_organization_get_kind (g_ptr_array_index (list, 0)), ==,
                   SB_ORGANIZATION_KIND_COMPANY);

  sb_organization_set_name (read, "Kvarnby Idrottsklubb");
  sb_organization_set_kind (read, SB_ORGANIZATION_KIND_FEDERATION);
  sb_organization_set_sport (read, NULL);
  g_assert_true (sb_store_update_organization (fixture->store, read, &error));
  g_assert_no_error (error);
  g_clear_object (&read);

  read = sb_store_get_organization (fixture->store, sb_organization_get_id (club), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sb_organization_get_name (read), ==, "Kvarnby Idrottsklubb");
  g_assert_cmpint (sb_organization_get_kind (read), ==, SB_ORGANIZATION_KIND_FEDERATION);
  g_assert_null (sb_organization_get_sport (read));
}

/* A member's access packages: set, changed, read back after reopening; each grant keeps
 * who gave it and when; they go with the member. */
static void
test_member_packages (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) club = add_organization (fixture->store, "Kvarnby IK");
  g_autoptr(SbMember) admin = add_member (fixture->store, sb_organization_get_id (club),
                                          "eva@kvarnby.se");
  g_autoptr(SbMember) bot = add_member (fixture->store, sb_organization_get_id (club),
                                        "bank@kvarnby.se");
  g_autoptr(GPtrArray) list = NULL;
  g_auto(GStrv) read = NULL;
  const char * const first[] = { "reports", "integration-user", "invoicing", NULL };
  const char * const second[] = { "integration-user", "accounting", "reports", NULL };
  const char * const shown[] = { "integration-user", "accounting", "reports", NULL };
  gint64 bot_id = sb_member_get_id (bot);
  g_autofree char *reports_at = NULL;

  g_assert_true (sb_store_set_member_packages (fixture->store, bot_id, first,
                                               sb_member_get_id (admin), &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM member_packages"), ==, 3);
  reports_at = query_raw_text (fixture->path, "SELECT granted_at FROM member_packages "
                                              "WHERE package = 'reports'");

  /* Invoicing goes, accounting comes, reports stays as it was granted. */
  g_assert_true (sb_store_set_member_packages (fixture->store, bot_id, second, 0, &error));
  g_assert_no_error (error);
  reopen (fixture);

  read = sb_store_list_member_packages (fixture->store, bot_id, &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_equal ((const char * const *) read, shown));
  {
    g_autofree char *still = query_raw_text (fixture->path,
                                             "SELECT granted_at FROM member_packages "
                                             "WHERE package = 'reports'");

    g_assert_cmpstr (still, ==, reports_at);
  }
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM member_packages "
                                        "WHERE package = 'reports' AND granted_by IS NOT NULL"),
                   ==, 1);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM member_packages "
                                        "WHERE package = 'accounting' AND granted_by IS NULL"),
                   ==, 1);

  /* The lists hand them out with the member, in the order they are shown. */
  list = sb_store_list_members (fixture->store, sb_organization_get_id (club), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    {
      SbMember *member = list->pdata[i];

      if (sb_member_get_id (member) == bot_id)
        g_assert_true (g_strv_equal (sb_member_get_packages (member), shown));
      else
        g_assert_cmpuint (g_strv_length ((char **) sb_member_get_packages (member)), ==, 0);
    }

  g_assert_true (sb_store_delete_member (fixture->store, bot_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM member_packages"), ==, 0);
}

static void
test_member_round_trip (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) club = add_organization (fixture->store, "Kvarnby IK");
  g_autoptr(SbOrganization) other = add_organization (fixture->store, "Acme AB");
  g_autoptr(SbMember) member = sb_member_new ();
  g_autoptr(SbMember) bot = sb_member_new ();
  g_autoptr(SbMember) found = NULL;
  g_autoptr(SbMember) again = NULL;
  g_autoptr(SbMember) elsewhere = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gint64 club_id = sb_organization_get_id (club);

  sb_member_set_organization_id (member, club_id);
  sb_member_set_display_name (member, "Åsa Lindqvist");
  sb_member_set_email (member, "Asa@Kvarnby.se");
  sb_member_set_phone (member, "+46 70 123 45 67");
  sb_member_set_kind (member, SB_MEMBER_KIND_PERSON);
  sb_member_set_role (member, SB_ROLE_TREASURER);
  sb_member_set_status (member, SB_MEMBER_STATUS_INVITED);
  g_assert_true (sb_store_insert_member (fixture->store, member, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sb_member_get_id (member), >, 0);

  sb_member_set_organization_id (bot, club_id);
  sb_member_set_display_name (bot, "Fortnox Integration");
  sb_member_set_email (bot, "fortnox@kvarnby.se");
  sb_member_set_kind (bot, SB_MEMBER_KIND_INTEGRATION_USER);
  sb_member_set_role (bot, SB_ROLE_COLLABORATOR);
  g_assert_true (sb_store_insert_member (fixture->store, bot, &error));
  g_assert_no_error (error);

  reopen (fixture);

  /* Found whatever the case of the address. */
  found = sb_store_find_member_by_email (fixture->store, club_id, "asa@KVARNBY.se", &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpint (sb_member_get_id (found), ==, sb_member_get_id (member));
  g_assert_cmpint (sb_member_get_organization_id (found), ==, club_id);
  g_assert_cmpstr (sb_member_get_display_name (found), ==, "Åsa Lindqvist");
  g_assert_cmpstr (sb_member_get_email (found), ==, "Asa@Kvarnby.se");
  g_assert_cmpstr (sb_member_get_phone (found), ==, "+46 70 123 45 67");
  g_assert_cmpint (sb_member_get_kind (found), ==, SB_MEMBER_KIND_PERSON);
  g_assert_cmpint (sb_member_get_role (found), ==, SB_ROLE_TREASURER);
  g_assert_cmpint (sb_member_get_status (found), ==, SB_MEMBER_STATUS_INVITED);

  /* Not in another organization, and that is no error. */
  g_assert_null (sb_store_find_member_by_email (fixture->store, sb_organization_get_id (other),
                                                "asa@kvarnby.se", &error));
  g_assert_no_error (error);

  list = sb_store_list_members (fixture->store, club_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  /* By name: "Fortnox Integration", then "Åsa Lindqvist". */
  g_assert_cmpint (sb_member_get_kind (g_ptr_array_index (list, 0)), ==,
                   SB_MEMBER_KIND_INTEGRATION_USER);
  g_assert_cmpint (sb_member_get_role (g_ptr_array_index (list, 0)), ==, SB_ROLE_COLLABORATOR);
  g_assert_cmpint (sb_member_get_kind (g_ptr_array_index (list, 1)), ==,
                   SB_MEMBER_KIND_PERSON);

  /* The same address in another case is the same person: refused, and said so. */
  again = sb_member_new ();
  sb_member_set_organization_id (again, club_id);
  sb_member_set_email (again, "ASA@kvarnby.SE");
  g_assert_false (sb_store_insert_member (fixture->store, again, &error));
  g_assert_error (error, SB_STORE_ERROR, SB_STORE_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "ASA@kvarnby.SE"));
  g_clear_error (&error);
  g_assert_cmpint (sb_member_get_id (again), ==, 0);

  /* ... but another organization may have it. */
  elsewhere = add_member (fixture->store, sb_organization_get_id (other), "asa@kvarnby.se");
  g_assert_cmpint (sb_member_get_id (elsewhere), >, 0);

  /* An update that takes another member's address is refused too. */
  sb_member_set_email (bot, "asa@kvarnby.se");
  g_assert_false (sb_store_update_member (fixture->store, bot, &error));
  g_assert_error (error, SB_STORE_ERROR, SB_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  sb_member_set_email (found, "asa.lindqvist@kvarnby.se");
  sb_member_set_role (found, SB_ROLE_ADMIN);
  sb_member_set_status (found, SB_MEMBER_STATUS_ACTIVE);
  sb_member_set_phone (found, NULL);
  g_assert_true (sb_store_update_member (fixture->store, found, &error));
  g_assert_no_error (error);
  g_clear_object (&found);

  found = sb_store_find_member_by_email (fixture->store, club_id, "asa.lindqvist@kvarnby.se",
                                         &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpint (sb_member_get_role (found), ==, SB_ROLE_ADMIN);
  g_assert_cmpint (sb_member_get_status (found), ==, SB_MEMBER_STATUS_ACTIVE);
  g_assert_null (sb_member_get_phone (found));
}

/* Each database has an id of its own, for the keyring, that stays what it is. */
static void
test_uuid (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = g_strdup (sb_store_get_uuid (fixture->store));
  g_autofree char *other_path = g_build_filename (fixture->dir, "other.db", NULL);
  g_autofree char *other_wal = g_strconcat (other_path, "-wal", NULL);
  g_autofree char *other_shm = g_strconcat (other_path, "-shm", NULL);
  g_autoptr(SbStore) other = NULL;

  g_assert_nonnull (uuid);
  g_assert_cmpuint (strlen (uuid), ==, 32);

  reopen (fixture);
  g_assert_cmpstr (sb_store_get_uuid (fixture->store), ==, uuid);

  other = sb_store_open (other_path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sb_store_get_uuid (other), !=, uuid);
  g_clear_object (&other);
  g_unlink (other_path);
  g_unlink (other_wal);
  g_unlink (other_shm);
}

static void
test_account_round_trip (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) club = add_organization (fixture->store, "Kvarnby IK");
  g_autoptr(SbAccount) account = sb_account_new ();
  g_autoptr(SbAccount) read = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(JsonNode) info = make_json ("{\"shop\": \"kvarnby.myshopify.com\", "
                                        "\"expires\": 1714557600, \"scopes\": [\"read\"]}");
  g_autoptr(JsonNode) metadata = make_json ("{\"note\": \"Kassörens konto – “huvud”\"}");
  g_autoptr(JsonNode) new_metadata = make_json ("{\"note\": null, \"n\": 2.5}");
  g_autoptr(SbMember) owner = add_member (fixture->store, sb_organization_get_id (club),
                                          "shop@kvarnby.example");
  g_autoptr(GDateTime) tested = g_date_time_new_utc (2026, 5, 1, 9, 30, 0.25);
  g_autoptr(GDateTime) refreshed = g_date_time_new_utc (2026, 5, 1, 10, 0, 0);
  gint64 id;

  sb_account_set_organization_id (account, sb_organization_get_id (club));
  sb_account_set_connector_id (account, "shopify");
  sb_account_set_name (account, "Klubbshoppen");
  sb_account_set_status (account, SB_ACCOUNT_STATUS_NEEDS_ATTENTION);
  sb_account_set_base_url (account, "http://127.0.0.1:8080/shopify");
  sb_account_set_connection_info (account, info);
  sb_account_set_metadata (account, metadata);
  sb_account_set_owner_member_id (account, sb_member_get_id (owner));
  sb_account_set_last_tested_at (account, tested);
  g_assert_true (sb_store_insert_account (fixture->store, account, &error));
  g_assert_no_error (error);
  id = sb_account_get_id (account);
  g_assert_cmpint (id, >, 0);

  reopen (fixture);

  read = sb_store_get_account (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sb_account_get_organization_id (read), ==, sb_organization_get_id (club));
  g_assert_cmpstr (sb_account_get_connector_id (read), ==, "shopify");
  g_assert_cmpstr (sb_account_get_name (read), ==, "Klubbshoppen");
  g_assert_cmpint (sb_account_get_status (read), ==, SB_ACCOUNT_STATUS_NEEDS_ATTENTION);
  g_assert_cmpstr (sb_account_get_base_url (read), ==, "http://127.0.0.1:8080/shopify");
  assert_same_json (info, sb_account_get_connection_info (read));
  assert_same_json (metadata, sb_account_get_metadata (read));
  g_assert_cmpint (sb_account_get_owner_member_id (read), ==, sb_member_get_id (owner));
  g_assert_true (g_date_time_equal (sb_account_get_last_tested_at (read), tested));
  g_assert_null (sb_account_get_last_refresh_at (read));

  /* The status an account has while no keyring answers is stored like any other. */
  sb_account_set_status (read, SB_ACCOUNT_STATUS_NEEDS_CREDENTIALS);
  sb_account_set_last_refresh_at (read, refreshed);
  g_assert_true (sb_store_update_account (fixture->store, read, &error));
  g_assert_no_error (error);
  g_clear_object (&read);
  read = sb_store_get_account (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sb_account_get_status (read), ==, SB_ACCOUNT_STATUS_NEEDS_CREDENTIALS);
  g_assert_true (g_date_time_equal (sb_account_get_last_refresh_at (read), refreshed));

  sb_account_set_status (read, SB_ACCOUNT_STATUS_CONNECTED);
  sb_account_set_owner_member_id (read, 0);
  sb_account_set_base_url (read, NULL);
  sb_account_set_connection_info (read, NULL);
  sb_account_set_metadata (read, new_metadata);
  g_assert_true (sb_store_update_account (fixture->store, read, &error));
  g_assert_no_error (error);

  list = sb_store_list_accounts (fixture->store, sb_organization_get_id (club), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_object (&read);
  read = g_object_ref (g_ptr_array_index (list, 0));
  g_assert_cmpint (sb_account_get_id (read), ==, id);
  g_assert_cmpint (sb_account_get_status (read), ==, SB_ACCOUNT_STATUS_CONNECTED);
  g_assert_null (sb_account_get_base_url (read));
  g_assert_null (sb_account_get_connection_info (read));
  assert_same_json (new_metadata, sb_account_get_metadata (read));
  g_assert_cmpint (sb_account_get_owner_member_id (read), ==, 0);

  g_assert_true (sb_store_delete_account (fixture->store, id, &error));
  g_assert_no_error (error);
  g_clear_object (&read);
  read = sb_store_get_account (fixture->store, id, &error);
  g_assert_error (error, SB_STORE_ERROR, SB_STORE_ERROR_NOT_FOUND);
  g_assert_null (read);
  g_clear_error (&error);

  /* Deleting it again says it is not there. */
  g_assert_false (sb_store_delete_account (fixture->store, id, &error));
  g_assert_error (error, SB_STORE_ERROR, SB_STORE_ERROR_NOT_FOUND);
}

static void
test_integration_round_trip (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) club = add_organization (fixture->store, "Kvarnby IK");
  g_autoptr(SbMember) creator = add_member (fixture->store, sb_organization_get_id (club),
                                            "asa@kvarnby.se");
  g_autoptr(SbMember) activator = add_member (fixture->store, sb_organization_get_id (club),
                                              "bo@kvarnby.se");
  g_autoptr(SbIntegration) integration = sb_integration_new ();
  g_autoptr(SbIntegration) draft = NULL;
  g_autoptr(SbIntegration) read = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(JsonNode) trigger = make_json ("{\"kind\": \"schedule\", \"daily_at\": \"02:00\"}");
  g_autoptr(JsonNode) steps =
    make_json ("[{\"id\": \"orders\", \"kind\": \"http\", \"method\": \"GET\", "
               "\"url\": \"{{ account.base_url }}/orders?since={{ cursor }}\"}, "
               "{\"id\": \"each\", \"kind\": \"for_each\", \"items\": "
               "\"{{ steps.orders.body.orders }}\", \"steps\": []}]");
  g_autoptr(JsonNode) settings = make_json ("{\"retries\": 3, \"notify\": true}");
  /* Not UTC, and with microseconds: both must come back as the same instant. */
  g_autoptr(GDateTime) created_at = make_time ("2024-05-01T09:30:00.123456+02:00");
  g_autoptr(GDateTime) activated_at = make_time ("2024-05-02T00:00:00Z");
  gint64 id;

  sb_integration_set_organization_id (integration, sb_organization_get_id (club));
  sb_integration_set_name (integration, "Nya medlemmar till Fortnox");
  sb_integration_set_description (integration, "Varje natt");
  sb_integration_set_status (integration, SB_INTEGRATION_STATUS_LIVE);
  sb_integration_set_trigger (integration, trigger);
  sb_integration_set_steps (integration, steps);
  sb_integration_set_settings (integration, settings);
  sb_integration_set_purpose (integration, "Fakturering av medlemsavgifter");
  sb_integration_set_version (integration, 2);
  {
    g_autoptr(JsonNode) pending = make_json ("{\"trigger\": {\"kind\": \"manual\"}, "
                                             "\"steps\": [], \"settings\": {}}");

    sb_integration_set_draft (integration, pending);
  }
  sb_integration_set_created_by (integration, sb_member_get_id (creator));
  sb_integration_set_created_at (integration, created_at);
  sb_integration_set_activated_by (integration, sb_member_get_id (activator));
  sb_integration_set_activated_at (integration, activated_at);
  g_assert_true (sb_store_insert_integration (fixture->store, integration, &error));
  g_assert_no_error (error);
  id = sb_integration_get_id (integration);
  g_assert_cmpint (id, >, 0);

  /* A bare draft: no JSON, no dates, nobody. */
  draft = add_integration (fixture->store, sb_organization_get_id (club), "Utkast");

  reopen (fixture);

  read = sb_store_get_integration (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sb_integration_get_organization_id (read), ==, sb_organization_get_id (club));
  g_assert_cmpstr (sb_integration_get_name (read), ==, "Nya medlemmar till Fortnox");
  g_assert_cmpstr (sb_integration_get_description (read), ==, "Varje natt");
  g_assert_cmpint (sb_integration_get_status (read), ==, SB_INTEGRATION_STATUS_LIVE);
  assert_same_json (trigger, sb_integration_get_trigger (read));
  assert_same_json (steps, sb_integration_get_steps (read));
  assert_same_json (settings, sb_integration_get_settings (read));
  g_assert_cmpstr (sb_integration_get_purpose (read), ==, "Fakturering av medlemsavgifter");
  g_assert_cmpint (sb_integration_get_created_by (read), ==, sb_member_get_id (creator));
  assert_same_time (created_at, sb_integration_get_created_at (read));
  g_assert_cmpint (sb_integration_get_activated_by (read), ==, sb_member_get_id (activator));
  assert_same_time (activated_at, sb_integration_get_activated_at (read));
  g_assert_cmpuint (sb_integration_get_version (read), ==, 2);
  assert_same_json (sb_integration_get_draft (integration), sb_integration_get_draft (read));
  g_assert_true (sb_integration_has_draft (read));

  g_clear_object (&read);
  read = sb_store_get_integration (fixture->store, sb_integration_get_id (draft), &error);
  g_assert_no_error (error);
  g_assert_cmpint (sb_integration_get_status (read), ==, SB_INTEGRATION_STATUS_DRAFT);
  g_assert_null (sb_integration_get_description (read));
  g_assert_null (sb_integration_get_trigger (read));
  g_assert_null (sb_integration_get_steps (read));
  g_assert_null (sb_integration_get_settings (read));
  g_assert_cmpint (sb_integration_get_created_by (read), ==, 0);
  g_assert_null (sb_integration_get_created_at (read));
  g_assert_cmpint (sb_integration_get_activated_by (read), ==, 0);
  g_assert_null (sb_integration_get_activated_at (read));
  g_assert_cmpuint (sb_integration_get_version (read), ==, 0);
  g_assert_false (sb_integration_has_draft (read));

  /* Pausing clears nothing but the status. */
  g_clear_object (&read);
  read = sb_store_get_integration (fixture->store, id, &error);
  g_assert_no_error (error);
  sb_integration_set_status (read, SB_INTEGRATION_STATUS_PAUSED);
  sb_integration_set_activated_by (read, 0);
  sb_integration_set_activated_at (read, NULL);
  g_assert_true (sb_store_update_integration (fixture->store, read, &error));
  g_assert_no_error (error);

  list = sb_store_list_integrations (fixture->store, sb_organization_get_id (club), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_clear_object (&read);
  read = g_object_ref (g_ptr_array_index (list, 0));
  g_assert_cmpint (sb_integration_get_id (read), ==, id);
  g_assert_cmpint (sb_integration_get_status (read), ==, SB_INTEGRATION_STATUS_PAUSED);
  g_assert_cmpint (sb_integration_get_activated_by (read), ==, 0);
  g_assert_null (sb_integration_get_activated_at (read));
  assert_same_json (steps, sb_integration_get_steps (read));
}

static void
test_run_round_trip (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) club = add_organization (fixture->store, "Kvarnby IK");
  g_autoptr(SbIntegration) integration = add_integration (fixture->store,
                                                          sb_organization_get_id (club),
                                                          "Import");
  g_autoptr(SbRun) run = sb_run_new ();
  g_autoptr(SbRun) read = NULL;
  g_autoptr(GDateTime) started_at = make_time ("2024-05-01T02:00:00.000001Z");
  g_autoptr(GDateTime) finished_at = make_time ("2024-05-01T02:00:07.5Z");
  gint64 integration_id = sb_integration_get_id (integration);

  sb_run_set_integration_id (run, integration_id);
  sb_run_set_status (run, SB_RUN_STATUS_RUNNING);
  sb_run_set_started_at (run, started_at);
  g_assert_true (sb_store_insert_run (fixture->store, run, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sb_run_get_id (run), >, 0);

  sb_run_set_status (run, SB_RUN_STATUS_FAILED);
  sb_run_set_finished_at (run, finished_at);
  sb_run_set_items_read (run, 120);
  sb_run_set_items_created (run, 100);
  sb_run_set_items_updated (run, 15);
  sb_run_set_items_failed (run, 5);
  sb_run_set_error (run, "Fortnox svarade 429");
  g_assert_true (sb_store_update_run (fixture->store, run, &error));
  g_assert_no_error (error);

  reopen (fixture);

  read = sb_store_get_run (fixture->store, sb_run_get_id (run), &error);
  g_assert_no_error (error);
  g_assert_cmpint (sb_run_get_integration_id (read), ==, integration_id);
  g_assert_cmpint (sb_run_get_status (read), ==, SB_RUN_STATUS_FAILED);
  assert_same_time (started_at, sb_run_get_started_at (read));
  assert_same_time (finished_at, sb_run_get_finished_at (read));
  g_assert_cmpuint (sb_run_get_items_read (read), ==, 120);
  g_assert_cmpuint (sb_run_get_items_created (read), ==, 100);
  g_assert_cmpuint (sb_run_get_items_updated (read), ==, 15);
  g_assert_cmpuint (sb_run_get_items_failed (read), ==, 5);
  g_assert_cmpstr (sb_run_get_error (read), ==, "Fortnox svarade 429");

  g_assert_cmpint (sb_store_count_runs (fixture->store, integration_id, &error), ==, 1);
  g_assert_no_error (error);
}

static void
test_list_runs_newest_first (Fixture       *fixture,
                             gconstpointer  data)
{
  /* Inserted out of order; three in the same second, one of them on the whole second. */
  static const char * const times[] = {
    "2024-05-01T10:00:00.500000Z",
    "2024-05-03T08:00:00Z",
    "2024-05-01T10:00:00Z",
    "2024-05-02T23:59:59.999999+01:00",
    "2024-05-01T10:00:00.000001Z",
  };
  /* The indexes of times[], newest first. */
  static const guint expected[] = { 1, 3, 0, 4, 2 };
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) club = add_organization (fixture->store, "Kvarnby IK");
  g_autoptr(SbIntegration) integration = add_integration (fixture->store,
                                                          sb_organization_get_id (club),
                                                          "Import");
  g_autoptr(SbIntegration) other = add_integration (fixture->store,
                                                    sb_organization_get_id (club), "Export");
  g_autoptr(SbRun) other_run = add_run (fixture->store, sb_integration_get_id (other),
                                        SB_RUN_STATUS_SUCCEEDED, "2030-01-01T00:00:00Z");
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) some = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    g_ptr_array_add (runs, add_run (fixture->store, sb_integration_get_id (integration),
                                    SB_RUN_STATUS_SUCCEEDED, times[i]));

  all = sb_store_list_runs (fixture->store, sb_integration_get_id (integration), 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, G_N_ELEMENTS (times));
  for (guint i = 0; i < all->len; i++)
    g_assert_cmpint (sb_run_get_id (g_ptr_array_index (all, i)), ==,
                     sb_run_get_id (g_ptr_array_index (runs, expected[i])));

  some = sb_store_list_runs (fixture->store, sb_integration_get_id (integration), 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (some->len, ==, 2);
  g_assert_cmpint (sb_run_get_id (g_ptr_array_index (some, 0)), ==,
                   sb_run_get_id (g_ptr_array_index (runs, 1)));
  g_assert_cmpint (sb_run_get_id (g_ptr_array_index (some, 1)), ==,
                   sb_run_get_id (g_ptr_array_index (runs, 3)));

  g_assert_cmpint (sb_store_count_runs (fixture->store, sb_integration_get_id (integration),
                                        &error), ==, G_N_ELEMENTS (times));
  g_assert_no_error (error);
}

static void
test_latest_runs_and_connectors (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) club = add_organization (fixture->store, "Kvarnby IK");
  g_autoptr(SbOrganization) other_club = add_organization (fixture->store, "Lunds BK");
  gint64 club_id = sb_organization_get_id (club);
  g_autoptr(SbIntegration) a = add_integration (fixture->store, club_id, "Import");
  g_autoptr(SbIntegration) b = add_integration (fixture->store, club_id, "Export");
  g_autoptr(SbIntegration) never = add_integration (fixture->store, club_id, "Never ran");
  g_autoptr(SbIntegration) elsewhere = add_integration (fixture->store,
                                                        sb_organization_get_id (other_club),
                                                        "Elsewhere");
  g_autoptr(SbRun) a_old = add_run (fixture->store, sb_integration_get_id (a),
                                    SB_RUN_STATUS_SUCCEEDED, "2024-05-01T10:00:00Z");
  g_autoptr(SbRun) a_new = add_run (fixture->store, sb_integration_get_id (a),
                                    SB_RUN_STATUS_FAILED, "2024-05-02T10:00:00Z");
  g_autoptr(SbRun) b_only = add_run (fixture->store, sb_integration_get_id (b),
                                     SB_RUN_STATUS_SUCCEEDED, "2024-04-01T10:00:00Z");
  g_autoptr(SbRun) other_run = add_run (fixture->store, sb_integration_get_id (elsewhere),
                                        SB_RUN_STATUS_SUCCEEDED, "2030-01-01T00:00:00Z");
  g_autoptr(SbAccount) stripe = add_account (fixture->store, club_id, "Stripe");
  g_autoptr(SbAccount) stripe2 = add_account (fixture->store, club_id, "Stripe 2");
  g_autoptr(SbAccount) fortnox = sb_account_new ();
  g_autoptr(GPtrArray) latest = NULL;
  g_autoptr(GHashTable) connectors = NULL;
  GPtrArray *of_a;
  gint64 ids[3];

  sb_account_set_organization_id (fortnox, club_id);
  sb_account_set_connector_id (fortnox, "fortnox");
  sb_account_set_name (fortnox, "Fortnox");
  g_assert_true (sb_store_insert_account (fixture->store, fortnox, &error));
  ids[0] = sb_account_get_id (stripe);
  ids[1] = sb_account_get_id (fortnox);
  ids[2] = sb_account_get_id (stripe2);
  g_assert_true (sb_store_set_integration_accounts (fixture->store, sb_integration_get_id (a),
                                                    ids, 3, &error));
  g_assert_no_error (error);

  /* One newest run per integration that ran, of this organization only. */
  latest = sb_store_list_latest_runs (fixture->store, club_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (latest->len, ==, 2);
  g_assert_cmpint (sb_run_get_id (g_ptr_array_index (latest, 0)), ==, sb_run_get_id (a_new));
  g_assert_cmpint (sb_run_get_id (g_ptr_array_index (latest, 1)), ==, sb_run_get_id (b_only));

  /* Connectors, each once, sorted; integrations without accounts are absent. */
  connectors = sb_store_list_integration_connectors (fixture->store, club_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (connectors), ==, 1);
  of_a = g_hash_table_lookup (connectors, &(gint64) { sb_integration_get_id (a) });
  g_assert_nonnull (of_a);
  g_assert_cmpuint (of_a->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (of_a, 0), ==, "fortnox");
  g_assert_cmpstr (g_ptr_array_index (of_a, 1), ==, "stripe");
}

static void
test_interrupt_running_runs (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) club = add_organization (fixture->store, "Kvarnby IK");
  g_autoptr(SbIntegration) integration = add_integration (fixture->store,
                                                          sb_organization_get_id (club),
                                                          "Import");
  gint64 integration_id = sb_integration_get_id (integration);
  g_autoptr(SbRun) running1 = add_run (fixture->store, integration_id, SB_RUN_STATUS_RUNNING,
                                       "2024-05-01T10:00:00Z");
  g_autoptr(SbRun) running2 = add_run (fixture->store, integration_id, SB_RUN_STATUS_RUNNING,
                                       "2024-05-01T11:00:00Z");
  g_autoptr(SbRun) done = add_run (fixture->store, integration_id, SB_RUN_STATUS_SUCCEEDED,
                                   "2024-05-01T09:00:00Z");
  g_autoptr(SbRun) queued = add_run (fixture->store, integration_id, SB_RUN_STATUS_QUEUED,
                                     NULL);
  g_autoptr(SbRun) read = NULL;

  /* As after a crash: the next start finds them. */
  reopen (fixture);

  g_assert_cmpint (sb_store_interrupt_running_runs (fixture->store, &error), ==, 2);
  g_assert_no_error (error);

  read = sb_store_get_run (fixture->store, sb_run_get_id (running1), &error);
  g_assert_no_error (error);
  g_assert_cmpint (sb_run_get_status (read), ==, SB_RUN_STATUS_INTERRUPTED);
  g_clear_object (&read);
  read = sb_store_get_run (fixture->store, sb_run_get_id (running2), &error);
  g_assert_no_error (error);
  g_assert_cmpint (sb_run_get_status (read), ==, SB_RUN_STATUS_INTERRUPTED);
  g_clear_object (&read);
  read = sb_store_get_run (fixture->store, sb_run_get_id (done), &error);
  g_assert_no_error (error);
  g_assert_cmpint (sb_run_get_status (read), ==, SB_RUN_STATUS_SUCCEEDED);
  g_clear_object (&read);
  read = sb_store_get_run (fixture->store, sb_run_get_id (queued), &error);
  g_assert_no_error (error);
  g_assert_cmpint (sb_run_get_status (read), ==, SB_RUN_STATUS_QUEUED);

  g_assert_cmpint (sb_store_interrupt_running_runs (fixture->store, &error), ==, 0);
  g_assert_no_error (error);
}

static void
test_run_events (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) club = add_organization (fixture->store, "Kvarnby IK");
  g_autoptr(SbIntegration) integration = add_integration (fixture->store,
                                                          sb_organization_get_id (club),
                                                          "Import");
  g_autoptr(SbRun) run = add_run (fixture->store, sb_integration_get_id (integration),
                                  SB_RUN_STATUS_RUNNING, "2024-05-01T10:00:00Z");
  g_autoptr(GDateTime) at = make_time ("2024-05-01T10:00:01.25Z");
  g_autoptr(JsonNode) data_node = make_json ("{\"status\": 200, \"items\": 12}");
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(SbRunEvent) first = NULL;
  g_autoptr(SbRunEvent) second = NULL;
  g_autoptr(SbRunEvent) warning = NULL;
  g_autoptr(SbRunEvent) other_error = NULL;
  g_autoptr(SbRun) later = NULL;
  SbRunEvent *event;

  first = add_event (fixture->store, sb_run_get_id (run), "2024-05-01T10:00:01.25Z",
                     SB_RUN_EVENT_LEVEL_INFO, "orders", "Fetched 12 orders", data_node);
  second = add_event (fixture->store, sb_run_get_id (run), NULL, SB_RUN_EVENT_LEVEL_ERROR,
                      NULL, "The run stopped", NULL);
  /* Without a time it gets one: now. */
  g_assert_nonnull (sb_run_event_get_at (second));

  events = sb_store_list_run_events (fixture->store, sb_run_get_id (run), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 2);

  event = g_ptr_array_index (events, 0);
  g_assert_cmpint (sb_run_event_get_id (event), ==, sb_run_event_get_id (first));
  g_assert_cmpint (sb_run_event_get_run_id (event), ==, sb_run_get_id (run));
  assert_same_time (at, sb_run_event_get_at (event));
  g_assert_cmpint (sb_run_event_get_level (event), ==, SB_RUN_EVENT_LEVEL_INFO);
  g_assert_cmpstr (sb_run_event_get_step_id (event), ==, "orders");
  g_assert_cmpstr (sb_run_event_get_message (event), ==, "Fetched 12 orders");
  assert_same_json (data_node, sb_run_event_get_data (event));

  event = g_ptr_array_index (events, 1);
  g_assert_nonnull (sb_run_event_get_at (event));
  g_assert_cmpint (sb_run_event_get_level (event), ==, SB_RUN_EVENT_LEVEL_ERROR);
  g_assert_null (sb_run_event_get_step_id (event));
  g_assert_null (sb_run_event_get_data (event));

  /* The log: warnings and errors over every run, newest first; no info lines. */
  later = add_run (fixture->store, sb_integration_get_id (integration), SB_RUN_STATUS_SUCCEEDED,
                   "2024-05-02T10:00:00Z");
  warning = add_event (fixture->store, sb_run_get_id (later), "2024-05-02T10:00:02Z",
                       SB_RUN_EVENT_LEVEL_WARNING, "orders", "Slow answer", NULL);
  other_error = add_event (fixture->store, sb_run_get_id (later), "2024-05-02T10:00:01Z",
                           SB_RUN_EVENT_LEVEL_ERROR, "orders", "Retrying", NULL);
  log = sb_store_list_integration_log (fixture->store, sb_integration_get_id (integration), 0,
                                       &error);
  g_assert_no_error (error);
  g_assert_cmpuint (log->len, ==, 3);
  g_assert_cmpint (sb_run_event_get_id (g_ptr_array_index (log, 0)), ==,
                   sb_run_event_get_id (second));
  g_assert_cmpint (sb_run_event_get_id (g_ptr_array_index (log, 1)), ==,
                   sb_run_event_get_id (warning));
  g_assert_cmpint (sb_run_event_get_id (g_ptr_array_index (log, 2)), ==,
                   sb_run_event_get_id (other_error));
}

static void
test_run_events_batch (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) club = add_organization (fixture->store, "Kvarnby IK");
  g_autoptr(SbIntegration) integration = add_integration (fixture->store,
                                                          sb_organization_get_id (club),
                                                          "Import");
  g_autoptr(SbRun) run = add_run (fixture->store, sb_integration_get_id (integration),
                                  SB_RUN_STATUS_RUNNING, "2024-05-01T10:00:00Z");
  g_autoptr(JsonNode) data_node = make_json ("{\"input\": {\"id\": 7}}");
  g_autoptr(GDateTime) at = make_time ("2024-05-01T12:00:01.5+02:00");
  g_autoptr(GPtrArray) batch = make_events (sb_run_get_id (run), 3, data_node);
  g_autoptr(GPtrArray) bad = NULL;
  g_autoptr(GPtrArray) inside = NULL;
  g_autoptr(GPtrArray) events = NULL;

  /* One has a time of its own; the others get the time they are written. */
  sb_run_event_set_at (g_ptr_array_index (batch, 1), at);
  g_assert_true (sb_store_insert_run_events (fixture->store, batch, &error));
  g_assert_no_error (error);

  events = sb_store_list_run_events (fixture->store, sb_run_get_id (run), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      SbRunEvent *written = g_ptr_array_index (batch, i);
      SbRunEvent *read = g_ptr_array_index (events, i);
      g_autofree char *message = g_strdup_printf ("Event %u", i);

      g_assert_cmpint (sb_run_event_get_id (written), >, 0);
      g_assert_cmpint (sb_run_event_get_id (read), ==, sb_run_event_get_id (written));
      g_assert_cmpstr (sb_run_event_get_message (read), ==, message);
      g_assert_cmpstr (sb_run_event_get_step_id (read), ==, "orders");
      assert_same_json (data_node, sb_run_event_get_data (read));
      assert_same_time (sb_run_event_get_at (written), sb_run_event_get_at (read));
    }
  assert_same_time (at, sb_run_event_get_at (g_ptr_array_index (events, 1)));
  /* Kept in UTC, in the one shape that sorts as text. */
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM run_events "
                               "WHERE at = '2024-05-01T10:00:01.500000Z'"), ==, 1);
  g_clear_pointer (&events, g_ptr_array_unref);

  /* All or nothing: the last one names a run that does not exist. */
  bad = make_events (sb_run_get_id (run), 2, NULL);
  sb_run_event_set_run_id (g_ptr_array_index (bad, 1), 999);
  g_assert_false (sb_store_insert_run_events (fixture->store, bad, &error));
  g_assert_error (error, SB_STORE_ERROR, SB_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_cmpint (sb_run_event_get_id (g_ptr_array_index (bad, 0)), ==, 0);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM run_events"), ==, 3);

  /* Inside a transaction already open, they are a part of it. */
  inside = make_events (sb_run_get_id (run), 2, NULL);
  g_assert_true (sb_store_begin (fixture->store, &error));
  g_assert_true (sb_store_insert_run_events (fixture->store, inside, &error));
  g_assert_no_error (error);
  sb_store_rollback (fixture->store);
  events = sb_store_list_run_events (fixture->store, sb_run_get_id (run), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 3);
}

/* The store writes JSON itself: the text is json-glib's, and reads back as what was written. */
static void
test_json_text (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) club = add_organization (fixture->store, "Kvarnby IK");
  g_autoptr(SbIntegration) integration = add_integration (fixture->store,
                                                          sb_organization_get_id (club),
                                                          "Import");
  g_autoptr(SbRun) run = add_run (fixture->store, sb_integration_get_id (integration),
                                  SB_RUN_STATUS_SUCCEEDED, "2024-05-01T10:00:00Z");
  g_autoptr(JsonNode) node = make_json ("{\"z\": {\"b\": [], \"a\": {}}, \"a\": [1, -2, 0, "
                                        "9223372036854775807, -9223372036854775808, 1.0, "
                                        "0.1, -2.5e-300, 1e300, true, false, null, "
                                        "\"Åre \\\"IK\\\" \\\\ \\/ \\b\\f\\n\\r\\t "
                                        "\\u0001 \\u007f ✓\"], \"\\\"\": \"\"}");
  g_autoptr(JsonNode) control = make_json ("[\"\\u001f\"]");
  g_autoptr(SbRunEvent) event = NULL;
  g_autoptr(SbRunEvent) other = NULL;
  g_autoptr(JsonNode) read = NULL;
  g_autofree char *expected = json_to_string (node, FALSE);
  g_autofree char *text = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *control_text = NULL;
  g_autofree char *control_sql = NULL;

  event = add_event (fixture->store, sb_run_get_id (run), NULL, SB_RUN_EVENT_LEVEL_INFO, NULL,
                     "Fetched", node);
  sql = g_strdup_printf ("SELECT data FROM run_events WHERE id = %" G_GINT64_FORMAT,
                         sb_run_event_get_id (event));
  text = query_raw_text (fixture->path, sql);
  g_assert_cmpstr (text, ==, expected);
  read = make_json (text);
  g_assert_true (json_node_equal (node, read));

  /* json-glib leaves 0x1f as it is, which JSON does not allow. */
  other = add_event (fixture->store, sb_run_get_id (run), NULL, SB_RUN_EVENT_LEVEL_INFO, NULL,
                     "Fetched", control);
  control_sql = g_strdup_printf ("SELECT data FROM run_events WHERE id = %" G_GINT64_FORMAT,
                                 sb_run_event_get_id (other));
  control_text = query_raw_text (fixture->path, control_sql);
  g_assert_cmpstr (control_text, ==, "[\"\\u001f\"]");
}

static void
test_latest_run_events (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) club = add_organization (fixture->store, "Kvarnby IK");
  g_autoptr(SbIntegration) integration = add_integration (fixture->store,
                                                          sb_organization_get_id (club),
                                                          "Import");
  g_autoptr(SbRun) run = add_run (fixture->store, sb_integration_get_id (integration),
                                  SB_RUN_STATUS_SUCCEEDED, "2024-05-01T10:00:00Z");
  g_autoptr(SbRun) other = add_run (fixture->store, sb_integration_get_id (integration),
                                    SB_RUN_STATUS_SUCCEEDED, "2024-05-01T11:00:00Z");
  g_autoptr(GPtrArray) first = make_events (sb_run_get_id (run), 10, NULL);
  g_autoptr(GPtrArray) second = make_events (sb_run_get_id (other), 5, NULL);
  g_autoptr(GPtrArray) latest = NULL;
  g_autoptr(GPtrArray) all = NULL;

  g_assert_true (sb_store_insert_run_events (fixture->store, first, &error));
  g_assert_true (sb_store_insert_run_events (fixture->store, second, &error));
  g_assert_no_error (error);

  /* The newest three of the run, not of the other run written after it, oldest first. */
  latest = sb_store_list_latest_run_events (fixture->store, sb_run_get_id (run), 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (latest->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (sb_run_event_get_id (g_ptr_array_index (latest, i)), ==,
                     sb_run_event_get_id (g_ptr_array_index (first, 7 + i)));

  all = sb_store_list_latest_run_events (fixture->store, sb_run_get_id (other), 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 5);
  g_assert_cmpstr (sb_run_event_get_message (g_ptr_array_index (all, 0)), ==, "Event 0");
  g_assert_cmpstr (sb_run_event_get_message (g_ptr_array_index (all, 4)), ==, "Event 4");
}

static void
test_versions_and_trash (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) club = add_organization (fixture->store, "Kvarnby IK");
  g_autoptr(SbMember) eva = add_member (fixture->store, sb_organization_get_id (club),
                                        "eva@example.se");
  g_autoptr(SbIntegration) integration = add_integration (fixture->store,
                                                          sb_organization_get_id (club),
                                                          "Import");
  g_autoptr(SbIntegration) other = add_integration (fixture->store,
                                                    sb_organization_get_id (club), "Export");
  g_autoptr(JsonNode) trigger = make_json ("{\"kind\": \"manual\"}");
  g_autoptr(JsonNode) steps = make_json ("[{\"id\": \"a\", \"kind\": \"map\"}]");
  g_autoptr(GDateTime) at = make_time ("2024-05-01T10:00:00.5Z");
  g_autoptr(GDateTime) deleted_at = make_time ("2024-06-01T10:00:00Z");
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GPtrArray) trashed = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(SbIntegrationVersion) read = NULL;
  g_autoptr(SbIntegrationVersion) missing = NULL;

  for (guint number = 1; number <= 2; number++)
    {
      g_autoptr(SbIntegrationVersion) version = sb_integration_version_new ();

      sb_integration_version_set_integration_id (version, sb_integration_get_id (integration));
      sb_integration_version_set_version (version, number);
      sb_integration_version_set_trigger (version, trigger);
      sb_integration_version_set_steps (version, steps);
      sb_integration_version_set_published_by (version, number == 1 ? sb_member_get_id (eva) : 0);
      sb_integration_version_set_published_at (version, at);
      g_assert_true (sb_store_insert_integration_version (fixture->store, version, &error));
      g_assert_no_error (error);
    }

  /* A number is published once. */
  {
    g_autoptr(SbIntegrationVersion) again = sb_integration_version_new ();

    sb_integration_version_set_integration_id (again, sb_integration_get_id (integration));
    sb_integration_version_set_version (again, 2);
    sb_integration_version_set_published_at (again, at);
    g_assert_false (sb_store_insert_integration_version (fixture->store, again, &error));
    g_assert_error (error, SB_STORE_ERROR, SB_STORE_ERROR_CONSTRAINT);
    g_clear_error (&error);
  }

  versions = sb_store_list_integration_versions (fixture->store,
                                                 sb_integration_get_id (integration), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (versions->len, ==, 2);
  g_assert_cmpuint (sb_integration_version_get_version (g_ptr_array_index (versions, 0)), ==, 2);
  g_assert_cmpuint (sb_integration_version_get_version (g_ptr_array_index (versions, 1)), ==, 1);

  read = sb_store_get_integration_version (fixture->store, sb_integration_get_id (integration),
                                           1, &error);
  g_assert_no_error (error);
  assert_same_json (trigger, sb_integration_version_get_trigger (read));
  assert_same_json (steps, sb_integration_version_get_steps (read));
  g_assert_null (sb_integration_version_get_settings (read));
  g_assert_cmpint (sb_integration_version_get_published_by (read), ==, sb_member_get_id (eva));
  assert_same_time (at, sb_integration_version_get_published_at (read));

  missing = sb_store_get_integration_version (fixture->store,
                                              sb_integration_get_id (integration), 3, &error);
  g_assert_error (error, SB_STORE_ERROR, SB_STORE_ERROR_NOT_FOUND);
  g_assert_null (missing);
  g_clear_error (&error);

  /* In the trash it is not listed, but still there. */
  g_assert_true (sb_store_set_integration_trashed (fixture->store,
                                                   sb_integration_get_id (integration),
                                                   deleted_at, &error));
  g_assert_no_error (error);
  list = sb_store_list_integrations (fixture->store, sb_organization_get_id (club), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (sb_integration_get_id (g_ptr_array_index (list, 0)), ==,
                   sb_integration_get_id (other));
  trashed = sb_store_list_trashed_integrations (fixture->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (trashed->len, ==, 1);
  g_assert_cmpint (sb_integration_get_id (g_ptr_array_index (trashed, 0)), ==,
                   sb_integration_get_id (integration));
  {
    g_autoptr(GDateTime) earlier = make_time ("2024-06-01T09:59:59Z");
    g_autoptr(GPtrArray) none = sb_store_list_trashed_integrations (fixture->store, earlier,
                                                                    &error);

    g_assert_no_error (error);
    g_assert_cmpuint (none->len, ==, 0);
  }

  /* And back. */
  g_assert_true (sb_store_set_integration_trashed (fixture->store,
                                                   sb_integration_get_id (integration),
                                                   NULL, &error));
  g_clear_pointer (&list, g_ptr_array_unref);
  g_clear_pointer (&trashed, g_ptr_array_unref);
  list = sb_store_list_integrations (fixture->store, sb_organization_get_id (club), &error);
  g_assert_cmpuint (list->len, ==, 2);
  trashed = sb_store_list_trashed_integrations (fixture->store, NULL, &error);
  g_assert_cmpuint (trashed->len, ==, 0);
  g_assert_no_error (error);

  g_assert_false (sb_store_set_integration_trashed (fixture->store, 9999, deleted_at, &error));
  g_assert_error (error, SB_STORE_ERROR, SB_STORE_ERROR_NOT_FOUND);
}

static SbAccountError *
add_account_error (SbStore    *store,
                   gint64      account_id,
                   gint64      integration_id,
                   const char *message)
{
  g_autoptr(GError) error = NULL;
  SbAccountError *account_error = sb_account_error_new ();

  sb_account_error_set_account_id (account_error, account_id);
  sb_account_error_set_integration_id (account_error, integration_id);
  sb_account_error_set_message (account_error, message);
  g_assert_true (sb_store_insert_account_error (store, account_error, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sb_account_error_get_id (account_error), >, 0);
  g_assert_nonnull (sb_account_error_get_at (account_error));
  return account_error;
}

static void
test_account_errors (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) club = add_organization (fixture->store, "Kvarnby IK");
  g_autoptr(SbAccount) account = add_account (fixture->store, sb_organization_get_id (club),
                                              "Stripe");
  g_autoptr(SbIntegration) integration = add_integration (fixture->store,
                                                          sb_organization_get_id (club),
                                                          "Betalningar");
  g_autoptr(SbIntegration) other = add_integration (fixture->store,
                                                    sb_organization_get_id (club),
                                                    "Återbetalningar");
  g_autoptr(SbAccountError) first = NULL;
  g_autoptr(SbAccountError) second = NULL;
  g_autoptr(SbAccountError) third = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  SbAccountError *account_error;

  first = add_account_error (fixture->store, sb_account_get_id (account),
                             sb_integration_get_id (integration), "401 Unauthorized");
  second = add_account_error (fixture->store, sb_account_get_id (account), 0,
                              "Connection test failed");
  third = add_account_error (fixture->store, sb_account_get_id (account),
                             sb_integration_get_id (other), "429 Too Many Requests");

  /* The error outlives the integration that met it. */
  g_assert_true (sb_store_delete_integration (fixture->store,
                                              sb_integration_get_id (integration), &error));
  g_assert_no_error (error);

  errors = sb_store_list_account_errors (fixture->store, sb_account_get_id (account), 0,
                                         &error);
  g_assert_no_error (error);
  g_assert_cmpuint (errors->len, ==, 3);
  account_error = g_ptr_array_index (errors, 0);
  g_assert_cmpint (sb_account_error_get_id (account_error), ==, sb_account_error_get_id (third));
  g_assert_cmpstr (sb_account_error_get_message (account_error), ==, "429 Too Many Requests");
  g_assert_cmpint (sb_account_error_get_integration_id (account_error), ==,
                   sb_integration_get_id (other));
  g_assert_cmpstr (sb_account_error_get_integration_name (account_error), ==, "Återbetalningar");
  account_error = g_ptr_array_index (errors, 1);
  g_assert_cmpstr (sb_account_error_get_message (account_error), ==, "Connection test failed");
  g_assert_null (sb_account_error_get_integration_name (account_error));
  account_error = g_ptr_array_index (errors, 2);
  g_assert_cmpstr (sb_account_error_get_message (account_error), ==, "401 Unauthorized");
  g_assert_cmpint (sb_account_error_get_integration_id (account_error), ==, 0);
  g_assert_null (sb_account_error_get_integration_name (account_error));
  g_assert_cmpint (sb_account_error_get_account_id (account_error), ==,
                   sb_account_get_id (account));
  g_assert_true (g_date_time_equal (sb_account_error_get_at (account_error),
                                    sb_account_error_get_at (first)));
  g_clear_pointer (&errors, g_ptr_array_unref);

  errors = sb_store_list_account_errors (fixture->store, sb_account_get_id (account), 1,
                                         &error);
  g_assert_no_error (error);
  g_assert_cmpuint (errors->len, ==, 1);
}

static void
test_cursors (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) club = add_organization (fixture->store, "Kvarnby IK");
  g_autoptr(SbIntegration) integration = add_integration (fixture->store,
                                                          sb_organization_get_id (club),
                                                          "Import");
  gint64 id = sb_integration_get_id (integration);
  g_autofree char *value = NULL;

  value = sb_store_dup_cursor (fixture->store, id, "new_members", &error);
  g_assert_no_error (error);
  g_assert_null (value);

  g_assert_true (sb_store_set_cursor (fixture->store, id, "new_members", "2024-05-01", &error));
  g_assert_no_error (error);
  g_assert_true (sb_store_set_cursor (fixture->store, id, "new_members", "2024-05-02", &error));
  g_assert_no_error (error);

  reopen (fixture);
  value = sb_store_dup_cursor (fixture->store, id, "new_members", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "2024-05-02");
}

static void
test_audit (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) club = add_organization (fixture->store, "Kvarnby IK");
  g_autoptr(SbOrganization) other = add_organization (fixture->store, "Acme AB");
  g_autoptr(SbMember) member = add_member (fixture->store, sb_organization_get_id (club),
                                           "asa@kvarnby.se");
  g_autoptr(GPtrArray) entries = NULL;
  SbAuditEntry *entry;

  g_assert_true (sb_store_insert_audit (fixture->store, sb_organization_get_id (club),
                                        sb_member_get_id (member), "integration.create",
                                        "integration", 7, "Import", &error));
  g_assert_no_error (error);
  g_assert_true (sb_store_insert_audit (fixture->store, sb_organization_get_id (club), 0,
                                        "integration.set-status", "integration", 7, NULL,
                                        &error));
  g_assert_no_error (error);
  g_assert_true (sb_store_insert_audit (fixture->store, sb_organization_get_id (other), 0,
                                        "account.delete", "account", 3, NULL, &error));
  g_assert_no_error (error);

  reopen (fixture);

  entries = sb_store_list_audit (fixture->store, sb_organization_get_id (club), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 2);

  /* Newest first. */
  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (entry->action, ==, "integration.set-status");
  g_assert_cmpint (entry->member_id, ==, 0);
  g_assert_null (entry->detail);

  entry = g_ptr_array_index (entries, 1);
  g_assert_cmpint (entry->id, >, 0);
  g_assert_cmpint (entry->organization_id, ==, sb_organization_get_id (club));
  g_assert_cmpint (entry->member_id, ==, sb_member_get_id (member));
  g_assert_nonnull (entry->at);
  g_assert_cmpstr (entry->action, ==, "integration.create");
  g_assert_cmpstr (entry->subject_kind, ==, "integration");
  g_assert_cmpint (entry->subject_id, ==, 7);
  g_assert_cmpstr (entry->detail, ==, "Import");
}

/* }}} */

/* Rules {{{ */

static void
test_member_needs_organization (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbMember) member = sb_member_new ();
  g_autoptr(GPtrArray) list = NULL;

  sb_member_set_organization_id (member, 4242);
  sb_member_set_email (member, "nobody@example.org");
  g_assert_false (sb_store_insert_member (fixture->store, member, &error));
  g_assert_error (error, SB_STORE_ERROR, SB_STORE_ERROR_CONSTRAINT);
  g_assert_cmpint (sb_member_get_id (member), ==, 0);
  g_clear_error (&error);

  list = sb_store_list_members (fixture->store, 4242, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
}

static void
test_delete_integration_takes_runs (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) club = add_organization (fixture->store, "Kvarnby IK");
  g_autoptr(SbAccount) account = add_account (fixture->store, sb_organization_get_id (club),
                                              "Stripe");
  g_autoptr(SbIntegration) doomed = add_integration (fixture->store,
                                                     sb_organization_get_id (club), "Gammal");
  g_autoptr(SbIntegration) kept = add_integration (fixture->store,
                                                   sb_organization_get_id (club), "Ny");
  g_autoptr(SbRun) run = add_run (fixture->store, sb_integration_get_id (doomed),
                                  SB_RUN_STATUS_SUCCEEDED, "2024-05-01T10:00:00Z");
  g_autoptr(SbRun) kept_run = add_run (fixture->store, sb_integration_get_id (kept),
                                       SB_RUN_STATUS_SUCCEEDED, "2024-05-01T10:00:00Z");
  g_autoptr(SbRun) read = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GArray) users = NULL;
  g_autoptr(SbRunEvent) event = NULL;
  g_autofree char *cursor = NULL;
  gint64 account_id = sb_account_get_id (account);

  g_clear_object (&event);
  event = add_event (fixture->store, sb_run_get_id (run), NULL, SB_RUN_EVENT_LEVEL_INFO, NULL,
                     "Started", NULL);
  g_assert_true (sb_store_set_integration_accounts (fixture->store,
                                                    sb_integration_get_id (doomed),
                                                    &account_id, 1, &error));
  g_assert_no_error (error);
  g_assert_true (sb_store_set_integration_accounts (fixture->store,
                                                    sb_integration_get_id (kept),
                                                    &account_id, 1, &error));
  g_assert_no_error (error);
  g_assert_true (sb_store_set_cursor (fixture->store, sb_integration_get_id (doomed), "poll",
                                      "42", &error));
  g_assert_no_error (error);

  g_assert_true (sb_store_delete_integration (fixture->store, sb_integration_get_id (doomed),
                                              &error));
  g_assert_no_error (error);

  g_assert_cmpint (sb_store_count_runs (fixture->store, sb_integration_get_id (doomed),
                                        &error), ==, 0);
  g_assert_no_error (error);
  read = sb_store_get_run (fixture->store, sb_run_get_id (run), &error);
  g_assert_error (error, SB_STORE_ERROR, SB_STORE_ERROR_NOT_FOUND);
  g_assert_null (read);
  g_clear_error (&error);

  events = sb_store_list_run_events (fixture->store, sb_run_get_id (run), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 0);

  users = sb_store_list_account_integrations (fixture->store, account_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (users->len, ==, 1);
  g_assert_cmpint (g_array_index (users, gint64, 0), ==, sb_integration_get_id (kept));

  cursor = sb_store_dup_cursor (fixture->store, sb_integration_get_id (doomed), "poll",
                                &error);
  g_assert_no_error (error);
  g_assert_null (cursor);

  /* The other integration keeps its runs. */
  g_assert_cmpint (sb_store_count_runs (fixture->store, sb_integration_get_id (kept), &error),
                   ==, 1);
  g_assert_no_error (error);

  g_assert_false (sb_store_delete_integration (fixture->store, sb_integration_get_id (doomed),
                                               &error));
  g_assert_error (error, SB_STORE_ERROR, SB_STORE_ERROR_NOT_FOUND);
}

static void
test_delete_account_unlinks (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) club = add_organization (fixture->store, "Kvarnby IK");
  g_autoptr(SbAccount) stripe = add_account (fixture->store, sb_organization_get_id (club),
                                             "Stripe");
  g_autoptr(SbAccount) fortnox = add_account (fixture->store, sb_organization_get_id (club),
                                              "Fortnox");
  g_autoptr(SbIntegration) integration = add_integration (fixture->store,
                                                          sb_organization_get_id (club),
                                                          "Betalningar till Fortnox");
  g_autoptr(GArray) accounts = NULL;
  g_autoptr(GArray) users = NULL;
  g_autoptr(SbIntegration) still = NULL;
  gint64 account_ids[3];

  /* A repeated id counts once. */
  account_ids[0] = sb_account_get_id (fortnox);
  account_ids[1] = sb_account_get_id (stripe);
  account_ids[2] = sb_account_get_id (fortnox);
  g_assert_true (sb_store_set_integration_accounts (fixture->store,
                                                    sb_integration_get_id (integration),
                                                    account_ids, 3, &error));
  g_assert_no_error (error);

  accounts = sb_store_list_integration_accounts (fixture->store,
                                                 sb_integration_get_id (integration), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 2);
  g_clear_pointer (&accounts, g_array_unref);

  users = sb_store_list_account_integrations (fixture->store, sb_account_get_id (stripe),
                                              &error);
  g_assert_no_error (error);
  g_assert_cmpuint (users->len, ==, 1);
  g_assert_cmpint (g_array_index (users, gint64, 0), ==, sb_integration_get_id (integration));

  g_assert_true (sb_store_delete_account (fixture->store, sb_account_get_id (stripe), &error));
  g_assert_no_error (error);

  accounts = sb_store_list_integration_accounts (fixture->store,
                                                 sb_integration_get_id (integration), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 1);
  g_assert_cmpint (g_array_index (accounts, gint64, 0), ==, sb_account_get_id (fortnox));
  g_clear_pointer (&accounts, g_array_unref);

  /* The integration itself stays. */
  still = sb_store_get_integration (fixture->store, sb_integration_get_id (integration),
                                    &error);
  g_assert_no_error (error);
  g_assert_nonnull (still);

  /* Replacing the set replaces it; an unknown account is refused. */
  g_assert_true (sb_store_set_integration_accounts (fixture->store,
                                                    sb_integration_get_id (integration),
                                                    NULL, 0, &error));
  g_assert_no_error (error);
  accounts = sb_store_list_integration_accounts (fixture->store,
                                                 sb_integration_get_id (integration), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 0);

  account_ids[0] = 9999;
  g_assert_false (sb_store_set_integration_accounts (fixture->store,
                                                     sb_integration_get_id (integration),
                                                     account_ids, 1, &error));
  g_assert_error (error, SB_STORE_ERROR, SB_STORE_ERROR_CONSTRAINT);
}

static void
test_rollback_leaves_nothing (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) kept = add_organization (fixture->store, "Acme AB");
  g_autoptr(SbOrganization) organization = NULL;
  g_autoptr(SbOrganization) read = NULL;
  g_autoptr(SbIntegration) integration = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  gint64 id;

  g_assert_true (sb_store_begin (fixture->store, &error));
  g_assert_no_error (error);

  organization = add_organization (fixture->store, "Kvarnby IK");
  id = sb_organization_get_id (organization);
  integration = add_integration (fixture->store, id, "Import");
  g_assert_true (sb_store_insert_audit (fixture->store, id, 0, "organization.create",
                                        "organization", id, NULL, &error));
  g_assert_no_error (error);
  sb_organization_set_name (kept, "Renamed");
  g_assert_true (sb_store_update_organization (fixture->store, kept, &error));
  g_assert_no_error (error);

  sb_store_rollback (fixture->store);

  read = sb_store_get_organization (fixture->store, id, &error);
  g_assert_error (error, SB_STORE_ERROR, SB_STORE_ERROR_NOT_FOUND);
  g_assert_null (read);
  g_clear_error (&error);

  list = sb_store_list_organizations (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (sb_organization_get_name (g_ptr_array_index (list, 0)), ==, "Acme AB");

  audit = sb_store_list_audit (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 0);

  /* And a committed transaction stays, across a reopen. */
  g_assert_true (sb_store_begin (fixture->store, &error));
  g_assert_no_error (error);
  g_clear_object (&organization);
  organization = add_organization (fixture->store, "Kvarnby IK");
  g_assert_true (sb_store_commit (fixture->store, &error));
  g_assert_no_error (error);

  reopen (fixture);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = sb_store_list_organizations (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
}

static void
test_missing_ids (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) organization = NULL;
  g_autoptr(SbAccount) account = NULL;
  g_autoptr(SbIntegration) integration = NULL;
  g_autoptr(SbRun) run = NULL;
  g_autoptr(SbMember) member = sb_member_new ();

  organization = sb_store_get_organization (fixture->store, 77, &error);
  g_assert_error (error, SB_STORE_ERROR, SB_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "77"));
  g_clear_error (&error);

  account = sb_store_get_account (fixture->store, 77, &error);
  g_assert_error (error, SB_STORE_ERROR, SB_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  integration = sb_store_get_integration (fixture->store, 77, &error);
  g_assert_error (error, SB_STORE_ERROR, SB_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  run = sb_store_get_run (fixture->store, 77, &error);
  g_assert_error (error, SB_STORE_ERROR, SB_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Updating what is not there is no silent success. */
  sb_member_set_id (member, 77);
  sb_member_set_email (member, "ghost@example.org");
  g_assert_false (sb_store_update_member (fixture->store, member, &error));
  g_assert_error (error, SB_STORE_ERROR, SB_STORE_ERROR_NOT_FOUND);
}

static void
test_prune_runs (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) club = add_organization (fixture->store, "Kvarnby IK");
  g_autoptr(SbIntegration) integration = add_integration (fixture->store,
                                                          sb_organization_get_id (club),
                                                          "Import");
  gint64 id = sb_integration_get_id (integration);
  g_autoptr(SbRun) old = add_run (fixture->store, id, SB_RUN_STATUS_SUCCEEDED,
                                  "2023-01-01T00:00:00Z");
  g_autoptr(SbRun) old_running = add_run (fixture->store, id, SB_RUN_STATUS_RUNNING,
                                          "2023-01-01T00:00:00Z");
  g_autoptr(SbRun) recent = add_run (fixture->store, id, SB_RUN_STATUS_FAILED,
                                     "2024-06-01T00:00:00Z");
  g_autoptr(GDateTime) before = make_time ("2024-01-01T00:00:00Z");
  g_autoptr(GPtrArray) left = NULL;

  g_assert_cmpint (sb_store_prune_runs (fixture->store, before, &error), ==, 1);
  g_assert_no_error (error);

  left = sb_store_list_runs (fixture->store, id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (left->len, ==, 2);
  g_assert_cmpint (sb_run_get_id (g_ptr_array_index (left, 0)), ==, sb_run_get_id (recent));
  g_assert_cmpint (sb_run_get_id (g_ptr_array_index (left, 1)), ==,
                   sb_run_get_id (old_running));
}

static void
test_prune_runs_beyond (Fixture       *fixture,
                        gconstpointer  data)
{
  static const char * const started[] = {
    "2024-05-03T00:00:00Z", "2024-05-01T00:00:00Z", "2024-05-05T00:00:00Z",
    "2024-05-02T00:00:00Z", "2024-05-04T00:00:00Z",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) club = add_organization (fixture->store, "Kvarnby IK");
  g_autoptr(SbIntegration) import = add_integration (fixture->store,
                                                     sb_organization_get_id (club), "Import");
  g_autoptr(SbIntegration) export = add_integration (fixture->store,
                                                     sb_organization_get_id (club), "Export");
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SbRun) running = NULL;
  g_autoptr(SbRun) queued = NULL;
  g_autoptr(SbRun) exported = NULL;
  g_autoptr(GPtrArray) left = NULL;

  /* Five finished runs of the import, written out of order, and two in progress older than
   * all of them (a queued one has not started at all). */
  running = add_run (fixture->store, sb_integration_get_id (import), SB_RUN_STATUS_RUNNING,
                     "2024-04-01T00:00:00Z");
  queued = add_run (fixture->store, sb_integration_get_id (import), SB_RUN_STATUS_QUEUED, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (started); i++)
    g_ptr_array_add (runs, add_run (fixture->store, sb_integration_get_id (import),
                                    i % 2 == 0 ? SB_RUN_STATUS_SUCCEEDED : SB_RUN_STATUS_FAILED,
                                    started[i]));
  exported = add_run (fixture->store, sb_integration_get_id (export), SB_RUN_STATUS_SUCCEEDED,
                      "2024-01-01T00:00:00Z");

  /* The two oldest finished runs of the import go; the export has fewer than three. */
  g_assert_cmpint (sb_store_prune_runs_beyond (fixture->store, 3, &error), ==, 2);
  g_assert_no_error (error);

  left = sb_store_list_runs (fixture->store, sb_integration_get_id (import), 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (left->len, ==, 5);
  g_assert_cmpint (sb_run_get_id (g_ptr_array_index (left, 0)), ==,
                   sb_run_get_id (g_ptr_array_index (runs, 2)));
  g_assert_cmpint (sb_run_get_id (g_ptr_array_index (left, 1)), ==,
                   sb_run_get_id (g_ptr_array_index (runs, 4)));
  g_assert_cmpint (sb_run_get_id (g_ptr_array_index (left, 2)), ==,
                   sb_run_get_id (g_ptr_array_index (runs, 0)));
  g_assert_cmpint (sb_run_get_id (g_ptr_array_index (left, 3)), ==, sb_run_get_id (running));
  g_assert_cmpint (sb_run_get_id (g_ptr_array_index (left, 4)), ==, sb_run_get_id (queued));
  g_assert_cmpint (sb_store_count_runs (fixture->store, sb_integration_get_id (export), &error),
                   ==, 1);

  /* Again: nothing more to do. Keeping none leaves only what is in progress. */
  g_assert_cmpint (sb_store_prune_runs_beyond (fixture->store, 3, &error), ==, 0);
  g_assert_cmpint (sb_store_prune_runs_beyond (fixture->store, 0, &error), ==, 4);
  g_assert_no_error (error);
  g_clear_pointer (&left, g_ptr_array_unref);
  left = sb_store_list_runs (fixture->store, sb_integration_get_id (import), 0, &error);
  g_assert_cmpuint (left->len, ==, 2);
  g_assert_cmpint (sb_run_get_id (g_ptr_array_index (left, 0)), ==, sb_run_get_id (running));
  g_assert_cmpint (sb_run_get_id (g_ptr_array_index (left, 1)), ==, sb_run_get_id (queued));
  g_assert_cmpint (sb_store_count_runs (fixture->store, sb_integration_get_id (export), &error),
                   ==, 0);
}

static void
test_prune_runs_takes_events (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) club = add_organization (fixture->store, "Kvarnby IK");
  g_autoptr(SbIntegration) integration = add_integration (fixture->store,
                                                          sb_organization_get_id (club),
                                                          "Import");
  g_autoptr(SbRun) old = add_run (fixture->store, sb_integration_get_id (integration),
                                  SB_RUN_STATUS_SUCCEEDED, "2024-05-01T00:00:00Z");
  g_autoptr(SbRun) recent = add_run (fixture->store, sb_integration_get_id (integration),
                                     SB_RUN_STATUS_SUCCEEDED, "2024-05-02T00:00:00Z");
  g_autoptr(GPtrArray) old_events = make_events (sb_run_get_id (old), 4, NULL);
  g_autoptr(GPtrArray) recent_events = make_events (sb_run_get_id (recent), 2, NULL);
  g_autoptr(GPtrArray) left = NULL;

  g_assert_true (sb_store_insert_run_events (fixture->store, old_events, &error));
  g_assert_true (sb_store_insert_run_events (fixture->store, recent_events, &error));
  g_assert_no_error (error);

  g_assert_cmpint (sb_store_prune_runs_beyond (fixture->store, 1, &error), ==, 1);
  g_assert_no_error (error);

  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM run_events"), ==, 2);
  left = sb_store_list_run_events (fixture->store, sb_run_get_id (recent), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (left->len, ==, 2);
}

/* Pruning frees pages inside the file; reclaiming gives them back, as many as asked. */
static void
test_reclaim_space (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) club = add_organization (fixture->store, "Kvarnby IK");
  g_autoptr(SbIntegration) integration = add_integration (fixture->store,
                                                          sb_organization_get_id (club),
                                                          "Import");
  g_autoptr(GString) text = g_string_new ("{\"output\": \"");
  g_autoptr(JsonNode) big = NULL;
  gint64 pages_full, pages_pruned, pages_part, pages_reclaimed, free_pruned;

  /* About 4 KB of data per event: a thousand events fill some 1,200 pages. */
  for (guint i = 0; i < 4096; i++)
    g_string_append_c (text, 'a' + i % 26);
  g_string_append (text, "\"}");
  big = make_json (text->str);

  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *started = g_strdup_printf ("2024-05-01T00:%02u:00Z", i);
      g_autoptr(SbRun) run = add_run (fixture->store, sb_integration_get_id (integration),
                                      SB_RUN_STATUS_SUCCEEDED, started);
      g_autoptr(GPtrArray) events = make_events (sb_run_get_id (run), 25, big);

      g_assert_true (sb_store_insert_run_events (fixture->store, events, &error));
      g_assert_no_error (error);
    }

  pages_full = count_rows (fixture, "PRAGMA page_count");
  g_assert_cmpint (count_rows (fixture, "PRAGMA freelist_count"), ==, 0);

  g_assert_cmpint (sb_store_prune_runs_beyond (fixture->store, 2, &error), ==, 38);
  g_assert_no_error (error);

  /* Deleting alone leaves the file as large, its pages free. */
  pages_pruned = count_rows (fixture, "PRAGMA page_count");
  free_pruned = count_rows (fixture, "PRAGMA freelist_count");
  g_assert_cmpint (pages_pruned, ==, pages_full);
  g_assert_cmpint (free_pruned, >, pages_full * 9 / 10);

  g_assert_true (sb_store_reclaim_space (fixture->store, 100, &error));
  g_assert_no_error (error);
  pages_part = count_rows (fixture, "PRAGMA page_count");
  /* A pointer-map page may go with them. */
  g_assert_cmpint (pages_part, <=, pages_pruned - 100);
  g_assert_cmpint (pages_part, >=, pages_pruned - 101);

  g_assert_true (sb_store_reclaim_space (fixture->store, 0, &error));
  g_assert_no_error (error);
  pages_reclaimed = count_rows (fixture, "PRAGMA page_count");
  g_assert_cmpint (count_rows (fixture, "PRAGMA freelist_count"), ==, 0);
  /* Every free page went, and with them pointer-map pages that no longer had pages to map. */
  g_assert_cmpint (pages_reclaimed, <=, pages_full - free_pruned);
  g_assert_cmpint (pages_reclaimed, <, pages_full / 10);

  /* What is left is whole. */
  reopen (fixture);
  g_assert_cmpint (sb_store_count_runs (fixture->store, sb_integration_get_id (integration),
                                        &error), ==, 2);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM run_events"), ==, 50);
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, data, func) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)

  ADD ("/store/open/migrations-from-empty", WITH_STORE, test_migrations_from_empty);
  ADD ("/store/open/incremental-vacuum", WITH_STORE, test_incremental_vacuum);
  ADD ("/store/open/reopen-keeps-data", WITH_STORE, test_reopen_keeps_data);
  ADD ("/store/open/migrate-from-version-1", WITHOUT_STORE, test_migrate_from_version_1);
  ADD ("/store/open/missing-folder-is-created", WITHOUT_STORE, test_missing_folder_is_created);
  ADD ("/store/open/newer-schema-refused", WITH_STORE, test_newer_schema_refused);
  ADD ("/store/open/text-file-refused", WITHOUT_STORE, test_text_file_refused);
  ADD ("/store/open/other-program-database-refused", WITHOUT_STORE,
       test_other_program_database_refused);
  ADD ("/store/open/corrupt-database-refused", WITH_STORE, test_corrupt_database_refused);

  ADD ("/store/round-trip/profile", WITH_STORE, test_profile);
  ADD ("/store/round-trip/organization", WITH_STORE, test_organization_round_trip);
  ADD ("/store/round-trip/member", WITH_STORE, test_member_round_trip);
  ADD ("/store/round-trip/member-packages", WITH_STORE, test_member_packages);
  ADD ("/store/round-trip/account", WITH_STORE, test_account_round_trip);
  ADD ("/store/open/uuid", WITH_STORE, test_uuid);
  ADD ("/store/round-trip/integration", WITH_STORE, test_integration_round_trip);
  ADD ("/store/round-trip/run", WITH_STORE, test_run_round_trip);
  ADD ("/store/round-trip/run-events", WITH_STORE, test_run_events);
  ADD ("/store/round-trip/run-events-batch", WITH_STORE, test_run_events_batch);
  ADD ("/store/round-trip/latest-run-events", WITH_STORE, test_latest_run_events);
  ADD ("/store/round-trip/json-text", WITH_STORE, test_json_text);
  ADD ("/store/round-trip/versions-and-trash", WITH_STORE, test_versions_and_trash);
  ADD ("/store/round-trip/account-errors", WITH_STORE, test_account_errors);
  ADD ("/store/round-trip/cursors", WITH_STORE, test_cursors);
  ADD ("/store/round-trip/audit", WITH_STORE, test_audit);

  ADD ("/store/runs/newest-first", WITH_STORE, test_list_runs_newest_first);
  ADD ("/store/runs/interrupt-running", WITH_STORE, test_interrupt_running_runs);
  ADD ("/store/runs/latest-and-connectors", WITH_STORE, test_latest_runs_and_connectors);
  ADD ("/store/runs/prune", WITH_STORE, test_prune_runs);
  ADD ("/store/runs/prune-beyond", WITH_STORE, test_prune_runs_beyond);
  ADD ("/store/runs/prune-takes-events", WITH_STORE, test_prune_runs_takes_events);
  ADD ("/store/runs/reclaim-space", WITH_STORE, test_reclaim_space);

  ADD ("/store/rules/member-needs-organization", WITH_STORE, test_member_needs_organization);
  ADD ("/store/rules/delete-integration-takes-runs", WITH_STORE,
       test_delete_integration_takes_runs);
  ADD ("/store/rules/delete-account-unlinks", WITH_STORE, test_delete_account_unlinks);
  ADD ("/store/rules/rollback-leaves-nothing", WITH_STORE, test_rollback_leaves_nothing);
  ADD ("/store/rules/missing-ids", WITH_STORE, test_missing_ids);

#undef ADD

  return g_test_run ();
}
