/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sb-store.h"

#include "sb-database.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

/* From the generated sb-store-resources.h (c_name sb_store, --manual-register). With manual
 * registration sb_store_get_resource() returns NULL until this has run: it creates the
 * GResource from the static data and registers it. */
void sb_store_register_resource (void);

#define MIGRATIONS_PATH "/io/github/samband/Samband/sql/"

/* "Smbd", written by the first migration as PRAGMA application_id. */
#define SAMBAND_APPLICATION_ID 0x536d6264

/* How long a writer waits for another connection (samband-cli next to the window). */
#define BUSY_TIMEOUT_MS 5000

/* The first 16 bytes of every SQLite 3 database. */
#define SQLITE_MAGIC "SQLite format 3"
#define SQLITE_HEADER_SIZE 100

struct _SbStore
{
  GObject parent_instance;

  /* owned */
  char       *path;
  SbDatabase *db;
  char       *uuid;

  int         schema_version;
};

G_DEFINE_FINAL_TYPE (SbStore, sb_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (sb-store-error-quark, sb_store_error)

/* Migrations {{{ */

static int
compare_strings (const void *a,
                 const void *b)
{
  return strcmp (*(char * const *)a, *(char * const *)b);
}

/* The names of the migrations in the resources, in order: "0001-initial.sql", ... The
 * numbers must run from 1 without a gap; anything else is a packaging mistake. */
static const char * const *
get_migrations (void)
{
  static char **migrations = NULL;

  if (g_once_init_enter (&migrations))
    {
      g_autoptr(GError) error = NULL;
      char **names;
      guint n;

      sb_store_register_resource ();

      names = g_resources_enumerate_children (MIGRATIONS_PATH, G_RESOURCE_LOOKUP_FLAGS_NONE,
                                              &error);
      if (names == NULL)
        g_error ("The store's migrations are missing from the resources: %s", error->message);

      n = g_strv_length (names);
      qsort (names, n, sizeof (char *), compare_strings);

      for (guint i = 0; i < n; i++)
        {
          char *end = NULL;
          guint64 number = g_ascii_strtoull (names[i], &end, 10);

          if (number != i + 1 || end == NULL || *end != '-' || !g_str_has_suffix (names[i], ".sql"))
            g_error ("Migration “%s” is out of sequence: expected number %u", names[i], i + 1);
        }

      g_once_init_leave (&migrations, names);
    }

  return (const char * const *)migrations;
}

int
sb_store_get_latest_schema_version (void)
{
  return (int)g_strv_length ((char **)get_migrations ());
}

/* A row of PRAGMA foreign_key_check is a reference to a row that does not exist. */
static gboolean
check_foreign_keys (SbDatabase  *db,
                    GError     **error)
{
  g_autoptr(SbStatement) check = NULL;
  GError *local_error = NULL;

  check = sb_database_prepare (db, "PRAGMA foreign_key_check", error);
  if (check == NULL)
    return FALSE;

  if (sb_statement_step (check, &local_error))
    {
      g_set_error (error, SB_STORE_ERROR, SB_STORE_ERROR_CONSTRAINT,
                   "A row of %s refers to a missing row of %s",
                   sb_statement_get_text (check, 0), sb_statement_get_text (check, 2));
      return FALSE;
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}

/* Applies every migration after @from in one transaction, so that a failure leaves the
 * database at the version it had. */
static gboolean
migrate (SbStore  *self,
         int       from,
         GError  **error)
{
  const char * const *migrations = get_migrations ();
  int latest = sb_store_get_latest_schema_version ();
  g_autofree char *set_version = NULL;

  if (from >= latest)
    return TRUE;

  if (!sb_database_begin (self->db, error))
    return FALSE;

  for (int i = from; i < latest; i++)
    {
      g_autofree char *resource = g_strconcat (MIGRATIONS_PATH, migrations[i], NULL);
      g_autoptr(GBytes) bytes = NULL;

      bytes = g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
      /* Resource data always ends in a NUL byte, so it can be used as a string. */
      if (bytes == NULL ||
          !sb_database_exec (self->db, g_bytes_get_data (bytes, NULL), error))
        {
          sb_database_rollback (self->db);
          return FALSE;
        }
    }

  set_version = g_strdup_printf ("PRAGMA user_version = %d", latest);
  if (!check_foreign_keys (self->db, error) ||
      !sb_database_exec (self->db, set_version, error) ||
      !sb_database_commit (self->db, error))
    {
      sb_database_rollback (self->db);
      return FALSE;
    }

  return TRUE;
}

/* }}} */

/* Opening {{{ */

static void
set_open_error (GError     **error,
                int          code,
                const char  *display_name,
                const char  *detail)
{
  switch (code)
    {
    case SB_STORE_ERROR_NOT_A_DATABASE:
      g_set_error (error, SB_STORE_ERROR, code,
                   /* Translators: %s is the path of a file */
                   _("“%s” is not a Samband database. Samband did not open it and left the "
                     "file unchanged."),
                   display_name);
      break;

    case SB_STORE_ERROR_CORRUPT:
      g_set_error (error, SB_STORE_ERROR, code,
                   /* Translators: %s is the path of a file */
                   _("The database “%s” is damaged and cannot be opened. Samband left the file "
                     "unchanged, so that it can still be rescued or restored from a backup."),
                   display_name);
      break;

    case SB_STORE_ERROR_NEWER_SCHEMA:
      g_set_error (error, SB_STORE_ERROR, code,
                   /* Translators: %s is the path of a file */
                   _("The database “%s” was written by a newer version of Samband and cannot "
                     "be opened by this one. Samband left the file unchanged."),
                   display_name);
      break;

    default:
      g_set_error (error, SB_STORE_ERROR, code,
                   /* Translators: the first %s is the path of a file, the second the
                    * reason, as the system gives it */
                   _("Could not open the database “%s”: %s"),
                   display_name, detail);
      break;
    }
}

/* Looks at the file before SQLite does, so that a file that is not a database at all is
 * never handed to it. @is_new is set when there is no file, or an empty one. */
static gboolean
check_header (const char  *path,
              const char  *display_name,
              gboolean    *is_new,
              GError     **error)
{
  char header[SQLITE_HEADER_SIZE];
  gssize n_read;
  GStatBuf st;
  int fd;

  *is_new = FALSE;

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT)
        {
          *is_new = TRUE;
          return TRUE;
        }

      set_open_error (error, SB_STORE_ERROR_FAILED, display_name, g_strerror (saved_errno));
      return FALSE;
    }

  if (!S_ISREG (st.st_mode))
    {
      set_open_error (error, SB_STORE_ERROR_NOT_A_DATABASE, display_name, NULL);
      return FALSE;
    }

  if (st.st_size == 0)
    {
      *is_new = TRUE;
      return TRUE;
    }

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      set_open_error (error, SB_STORE_ERROR_FAILED, display_name, g_strerror (saved_errno));
      return FALSE;
    }

  do
    n_read = read (fd, header, sizeof header);
  while (n_read < 0 && errno == EINTR);
  g_close (fd, NULL);

  if (n_read < (gssize)sizeof header ||
      memcmp (header, SQLITE_MAGIC, sizeof SQLITE_MAGIC) != 0)
    {
      set_open_error (error, SB_STORE_ERROR_NOT_A_DATABASE, display_name, NULL);
      return FALSE;
    }

  return TRUE;
}

/* Maps an error met while reading a file that has a valid SQLite header: whatever SQLite
 * cannot read there is damage. */
static void
set_read_error (GError     **error,
                GError      *read_error,
                const char  *display_name)
{
  switch (read_error->code)
    {
    case SB_STORE_ERROR_NOT_A_DATABASE:
    case SB_STORE_ERROR_CORRUPT:
      set_open_error (error, SB_STORE_ERROR_CORRUPT, display_name, NULL);
      break;

    default:
      set_open_error (error, read_error->code, display_name, read_error->message);
      break;
    }
}

/* Checks an existing database with reads only: until it passes, nothing may be written, not
 * even the switch to WAL (which rewrites the header). The connection was opened read-write
 * all the same: only then can closing it remove the -wal and -shm files that reading a WAL
 * database creates. Returns the schema version in @version. */
static gboolean
check_existing (SbDatabase  *db,
                const char  *display_name,
                int         *version,
                GError     **error)
{
  g_autoptr(SbStatement) check = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 application_id = 0;
  gint64 user_version = 0;
  gint64 n_objects = 0;
  const char *result;

  if (!sb_database_query_int64 (db, "PRAGMA application_id", &application_id, &local_error) ||
      !sb_database_query_int64 (db, "PRAGMA user_version", &user_version, &local_error) ||
      !sb_database_query_int64 (db, "SELECT count(*) FROM sqlite_schema", &n_objects,
                                &local_error))
    {
      set_read_error (error, local_error, display_name);
      return FALSE;
    }

  /* Another program's database. One without an application id but with a schema version
   * beyond ours is taken for a newer Samband's: refused either way. */
  if (application_id != 0 && application_id != SAMBAND_APPLICATION_ID)
    {
      set_open_error (error, SB_STORE_ERROR_NOT_A_DATABASE, display_name, NULL);
      return FALSE;
    }

  if (user_version > sb_store_get_latest_schema_version ())
    {
      set_open_error (error, SB_STORE_ERROR_NEWER_SCHEMA, display_name, NULL);
      return FALSE;
    }

  /* Every database Samband wrote has both marks, set in the same transaction. */
  if (application_id != SAMBAND_APPLICATION_ID && (user_version != 0 || n_objects != 0))
    {
      set_open_error (error, SB_STORE_ERROR_NOT_A_DATABASE, display_name, NULL);
      return FALSE;
    }

  check = sb_database_prepare (db, "PRAGMA quick_check", &local_error);
  if (check == NULL || !sb_statement_step (check, &local_error))
    {
      if (local_error != NULL)
        set_read_error (error, local_error, display_name);
      else
        set_open_error (error, SB_STORE_ERROR_CORRUPT, display_name, NULL);
      return FALSE;
    }

  result = sb_statement_get_text (check, 0);
  if (g_strcmp0 (result, "ok") != 0)
    {
      g_debug ("quick_check of %s: %s", display_name, result);
      set_open_error (error, SB_STORE_ERROR_CORRUPT, display_name, NULL);
      return FALSE;
    }

  *version = (int)user_version;
  return TRUE;
}

/* Pruning deletes runs by the thousand, and the file should shrink after it:
 * sb_store_reclaim_space () hands the free pages back with PRAGMA incremental_vacuum, which
 * needs auto_vacuum = INCREMENTAL. That is no migration: the mode lives in the file's header,
 * not in the schema, and it can only be chosen before the first table is created or by
 * rebuilding the whole file with VACUUM. So a new file gets it before anything is written
 * (even the switch to WAL writes the first page, after which the pragma no longer takes), and
 * an older file is rebuilt once, here, when it is opened; VACUUM runs outside any transaction
 * and needs the file to itself. If it cannot run now (another connection is busy with the
 * file, the disk is full), the file keeps working as it is and the next opening tries again. */
static void
ensure_incremental_vacuum (SbDatabase *db,
                           const char *display_name)
{
  g_autoptr(GError) error = NULL;
  gint64 mode = 0;

  if (!sb_database_query_int64 (db, "PRAGMA auto_vacuum", &mode, &error))
    {
      g_message ("Could not read the auto_vacuum mode of %s: %s", display_name, error->message);
      return;
    }

  /* 2 is INCREMENTAL. */
  if (mode == 2)
    return;

  if (!sb_database_exec (db, "PRAGMA auto_vacuum = INCREMENTAL", &error) ||
      !sb_database_exec (db, "VACUUM", &error))
    g_message ("Could not make %s give back the space of deleted runs: %s", display_name,
               error->message);
}

static void
sb_store_finalize (GObject *object)
{
  SbStore *self = (SbStore *)object;

  if (self->db != NULL)
    sb_database_close (self->db);
  g_clear_object (&self->db);
  g_free (self->path);
  g_free (self->uuid);

  G_OBJECT_CLASS (sb_store_parent_class)->finalize (object);
}

static void
sb_store_class_init (SbStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sb_store_finalize;
}

static void
sb_store_init (SbStore *self)
{
}

SbStore *
sb_store_open (const char  *path,
               GError     **error)
{
  g_autoptr(SbStore) self = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *directory = NULL;
  gboolean is_new = FALSE;
  int version = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display_name = g_filename_display_name (path);

  directory = g_path_get_dirname (path);
  if (g_mkdir_with_parents (directory, 0700) != 0)
    {
      int saved_errno = errno;

      set_open_error (error, SB_STORE_ERROR_FAILED, display_name, g_strerror (saved_errno));
      return NULL;
    }

  if (!check_header (path, display_name, &is_new, error))
    return NULL;

  self = g_object_new (SB_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  self->db = sb_database_open (path, is_new, &local_error);
  if (self->db == NULL)
    {
      set_open_error (error, local_error->code, display_name, local_error->message);
      return NULL;
    }

  sb_database_set_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  if (!is_new && !check_existing (self->db, display_name, &version, error))
    return NULL;

  /* From here on the file is ours to change. A new file chooses its auto_vacuum mode first
   * (see ensure_incremental_vacuum ()). */
  if ((is_new &&
       !sb_database_exec (self->db, "PRAGMA auto_vacuum = INCREMENTAL", &local_error)) ||
      !sb_database_exec (self->db,
                         "PRAGMA journal_mode = WAL;"
                         "PRAGMA synchronous = NORMAL;",
                         &local_error))
    {
      set_open_error (error, local_error->code, display_name, local_error->message);
      return NULL;
    }

  /* Migrations run with foreign keys off (they are off on a new connection), so that one
   * that rebuilds a table does not set off ON DELETE CASCADE when it drops the old one; they
   * are checked before the commit instead. The pragma has no effect inside a transaction,
   * so it is switched on after. */
  if (!migrate (self, version, &local_error) ||
      !sb_database_exec (self->db, "PRAGMA foreign_keys = ON", &local_error))
    {
      g_set_error (error, SB_STORE_ERROR, local_error->code,
                   /* Translators: the first %s is the path of a file, the second the reason */
                   _("Could not bring the database “%s” up to date: %s"),
                   display_name, local_error->message);
      return NULL;
    }

  self->schema_version = sb_store_get_latest_schema_version ();

  ensure_incremental_vacuum (self->db, display_name);

  {
    g_autoptr(SbStatement) statement = sb_database_prepare (self->db,
                                                            "SELECT uuid FROM store_identity",
                                                            &local_error);

    if (statement == NULL || !sb_statement_step (statement, &local_error))
      {
        g_set_error (error, SB_STORE_ERROR, SB_STORE_ERROR_CORRUPT,
                     /* Translators: %s is the path of a file */
                     _("The database “%s” has lost the record of which database it is."),
                     display_name);
        return NULL;
      }
    self->uuid = sb_statement_dup_text (statement, 0);
  }

  return g_steal_pointer (&self);
}

const char *
sb_store_get_uuid (SbStore *self)
{
  g_return_val_if_fail (SB_IS_STORE (self), NULL);

  return self->uuid;
}

const char *
sb_store_get_path (SbStore *self)
{
  g_return_val_if_fail (SB_IS_STORE (self), NULL);

  return self->path;
}

int
sb_store_get_schema_version (SbStore *self)
{
  g_return_val_if_fail (SB_IS_STORE (self), 0);

  return self->schema_version;
}

/* }}} */

/* Transactions {{{ */

gboolean
sb_store_begin (SbStore  *self,
                GError  **error)
{
  g_return_val_if_fail (SB_IS_STORE (self), FALSE);
  g_return_val_if_fail (!sb_database_in_transaction (self->db), FALSE);

  return sb_database_begin (self->db, error);
}

gboolean
sb_store_commit (SbStore  *self,
                 GError  **error)
{
  g_return_val_if_fail (SB_IS_STORE (self), FALSE);

  return sb_database_commit (self->db, error);
}

void
sb_store_rollback (SbStore *self)
{
  g_return_if_fail (SB_IS_STORE (self));

  sb_database_rollback (self->db);
}

/* }}} */

/* Values {{{ */

/* "2024-05-01T09:30:00.000000Z" and its NUL. */
#define DATETIME_TEXT_SIZE 28

static char *
put_digits (char *text,
            int   value,
            int   n_digits)
{
  for (int i = n_digits - 1; i >= 0; i--)
    {
      text[i] = '0' + value % 10;
      value /= 10;
    }

  return text + n_digits;
}

/* Always six decimals and a Z, unlike g_date_time_format_iso8601(), which drops the
 * fraction when it is zero: text of one fixed shape sorts in time order in SQL. Written out
 * digit by digit, with no allocation: g_date_time_format () stood out in profiles of
 * writing run events. */
static void
format_datetime (GDateTime *datetime,
                 char       text[DATETIME_TEXT_SIZE])
{
  g_autoptr(GDateTime) utc = NULL;
  int year, month, day;
  char *p = text;

  if (g_date_time_get_utc_offset (datetime) != 0)
    datetime = utc = g_date_time_to_utc (datetime);

  g_date_time_get_ymd (datetime, &year, &month, &day);
  p = put_digits (p, year, 4);
  *p++ = '-';
  p = put_digits (p, month, 2);
  *p++ = '-';
  p = put_digits (p, day, 2);
  *p++ = 'T';
  p = put_digits (p, g_date_time_get_hour (datetime), 2);
  *p++ = ':';
  p = put_digits (p, g_date_time_get_minute (datetime), 2);
  *p++ = ':';
  p = put_digits (p, g_date_time_get_second (datetime), 2);
  *p++ = '.';
  p = put_digits (p, g_date_time_get_microsecond (datetime), 6);
  *p++ = 'Z';
  *p = '\0';
}

static gboolean
bind_datetime (SbStatement  *statement,
               int           index,
               GDateTime    *datetime,
               GError      **error)
{
  char text[DATETIME_TEXT_SIZE];

  if (datetime == NULL)
    return sb_statement_bind_null (statement, index, error);

  format_datetime (datetime, text);
  return sb_statement_bind_text (statement, index, text, error);
}

/* JSON is written here rather than by json_to_string (): the text is the same (compact,
 * members in order, doubles as g_ascii_dtostr () writes them and never without a point or an
 * exponent), but json-glib's generator, an object with a printf per member, took a third of
 * the time of writing a run event. Unlike it, this escapes every control character, 0x1f
 * too, and writes a double that is not finite (which JSON cannot hold) as null. */
static void append_json (GString  *text,
                         JsonNode *node);

static void
append_json_string (GString    *text,
                    const char *string)
{
  static const char hex[] = "0123456789abcdef";
  const char *plain = string;
  const char *p;

  g_string_append_c (text, '"');
  for (p = string; *p != '\0'; p++)
    {
      guchar c = *p;

      if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f)
        continue;

      g_string_append_len (text, plain, p - plain);
      plain = p + 1;
      g_string_append_c (text, '\\');
      switch (c)
        {
        case '"':
        case '\\':
          g_string_append_c (text, c);
          break;
        case '\b':
          g_string_append_c (text, 'b');
          break;
        case '\f':
          g_string_append_c (text, 'f');
          break;
        case '\n':
          g_string_append_c (text, 'n');
          break;
        case '\r':
          g_string_append_c (text, 'r');
          break;
        case '\t':
          g_string_append_c (text, 't');
          break;
        default:
          g_string_append (text, "u00");
          g_string_append_c (text, hex[c >> 4]);
          g_string_append_c (text, hex[c & 0xf]);
          break;
        }
    }
  g_string_append_len (text, plain, p - plain);
  g_string_append_c (text, '"');
}

static void
append_json_int (GString *text,
                 gint64   value)
{
  /* The magnitude as unsigned, so that G_MININT64 has one too. */
  guint64 magnitude = value < 0 ? -(guint64)value : (guint64)value;
  char digits[20];
  guint n = 0;

  do
    {
      digits[n++] = '0' + magnitude % 10;
      magnitude /= 10;
    }
  while (magnitude > 0);

  if (value < 0)
    g_string_append_c (text, '-');
  while (n > 0)
    g_string_append_c (text, digits[--n]);
}

static void
append_json_double (GString *text,
                    double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    {
      g_string_append (text, "null");
      return;
    }

  g_ascii_dtostr (buffer, sizeof buffer, value);
  g_string_append (text, buffer);
  if (strpbrk (buffer, ".eE") == NULL)
    g_string_append (text, ".0");
}

typedef struct
{
  GString  *text;
  gboolean  first;
} JsonWriting;

static void
append_json_member (JsonObject  *object,
                    const char  *name,
                    JsonNode    *node,
                    gpointer     user_data)
{
  JsonWriting *writing = user_data;

  if (!writing->first)
    g_string_append_c (writing->text, ',');
  writing->first = FALSE;
  append_json_string (writing->text, name);
  g_string_append_c (writing->text, ':');
  append_json (writing->text, node);
}

static void
append_json (GString  *text,
             JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonWriting writing = { text, TRUE };

        g_string_append_c (text, '{');
        /* In the order the members were added, as json-glib writes them. */
        json_object_foreach_member (json_node_get_object (node), append_json_member, &writing);
        g_string_append_c (text, '}');
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint length = json_array_get_length (array);

        g_string_append_c (text, '[');
        for (guint i = 0; i < length; i++)
          {
            if (i > 0)
              g_string_append_c (text, ',');
            append_json (text, json_array_get_element (array, i));
          }
        g_string_append_c (text, ']');
      }
      break;

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          append_json_string (text, json_node_get_string (node));
          break;
        case G_TYPE_INT64:
          append_json_int (text, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          append_json_double (text, json_node_get_double (node));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (text, json_node_get_boolean (node) ? "true" : "false");
          break;
        default:
          g_string_append (text, "null");
          break;
        }
      break;

    case JSON_NODE_NULL:
    default:
      g_string_append (text, "null");
      break;
    }
}

static gboolean
bind_json (SbStatement  *statement,
           int           index,
           JsonNode     *node,
           GError      **error)
{
  g_autoptr(GString) text = NULL;

  if (node == NULL)
    return sb_statement_bind_null (statement, index, error);

  text = g_string_sized_new (256);
  append_json (text, node);
  return sb_statement_bind_text (statement, index, text->str, error);
}

static gboolean
bind_enum (SbStatement  *statement,
           int           index,
           GType         enum_type,
           int           value,
           GError      **error)
{
  const char *nick = sb_enum_to_nick (enum_type, value);

  g_return_val_if_fail (nick != NULL, FALSE);

  return sb_statement_bind_text (statement, index, nick, error);
}

/* Member, organization and integration ids are 0 in the models for "none". */
static gboolean
bind_id (SbStatement  *statement,
         int           index,
         gint64        id,
         GError      **error)
{
  if (id == 0)
    return sb_statement_bind_null (statement, index, error);

  return sb_statement_bind_int64 (statement, index, id, error);
}

static GDateTime *
column_datetime (SbStatement *statement,
                 int          column)
{
  const char *text = sb_statement_get_text (statement, column);
  GDateTime *datetime;

  if (text == NULL)
    return NULL;

  datetime = g_date_time_new_from_iso8601 (text, NULL);
  if (datetime == NULL)
    g_warning ("Ignoring a time that is not ISO 8601 in the database: “%s”", text);

  return datetime;
}

static JsonNode *
column_json (SbStatement *statement,
             int          column)
{
  g_autoptr(GError) error = NULL;
  const char *text = sb_statement_get_text (statement, column);
  JsonNode *node;

  if (text == NULL)
    return NULL;

  node = json_from_string (text, &error);
  if (error != NULL)
    g_warning ("Ignoring JSON in the database that does not parse: %s", error->message);

  /* Sealed, the models keep it as it is instead of copying it. */
  if (node != NULL)
    json_node_seal (node);

  return node;
}

static int
column_enum (SbStatement *statement,
             int          column,
             GType        enum_type,
             int          fallback)
{
  const char *nick = sb_statement_get_text (statement, column);
  int value;

  if (sb_enum_from_nick (enum_type, nick, &value))
    return value;

  g_warning ("Unknown %s “%s” in the database", g_type_name (enum_type), nick);
  return fallback;
}

static gint64
column_id (SbStatement *statement,
           int          column)
{
  if (sb_statement_get_is_null (statement, column))
    return 0;

  return sb_statement_get_int64 (statement, column);
}

static SbStatement *
prepare (SbStore     *self,
         const char  *sql,
         GError     **error)
{
  return sb_database_prepare_cached (self->db, sql, error);
}

typedef enum
{
  KIND_ORGANIZATION,
  KIND_MEMBER,
  KIND_ACCOUNT,
  KIND_INTEGRATION,
  KIND_RUN,
} Kind;

/* Each message is a whole sentence, for the translators' sake. */
static void
set_not_found (GError **error,
               Kind     kind,
               gint64   id)
{
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  switch (kind)
    {
    case KIND_ORGANIZATION:
      g_set_error (error, SB_STORE_ERROR, SB_STORE_ERROR_NOT_FOUND,
                   /* Translators: %s is a number */
                   _("There is no organization with the id %s."), id_text);
      break;
    case KIND_MEMBER:
      g_set_error (error, SB_STORE_ERROR, SB_STORE_ERROR_NOT_FOUND,
                   /* Translators: %s is a number */
                   _("There is no member with the id %s."), id_text);
      break;
    case KIND_ACCOUNT:
      g_set_error (error, SB_STORE_ERROR, SB_STORE_ERROR_NOT_FOUND,
                   /* Translators: %s is a number */
                   _("There is no account with the id %s."), id_text);
      break;
    case KIND_INTEGRATION:
      g_set_error (error, SB_STORE_ERROR, SB_STORE_ERROR_NOT_FOUND,
                   /* Translators: %s is a number */
                   _("There is no integration with the id %s."), id_text);
      break;
    case KIND_RUN:
      g_set_error (error, SB_STORE_ERROR, SB_STORE_ERROR_NOT_FOUND,
                   /* Translators: %s is a number */
                   _("There is no run with the id %s."), id_text);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Steps to the one row a statement selects; FALSE with @error set when there is none. */
static gboolean
step_one (SbStatement  *statement,
          Kind          kind,
          gint64        id,
          GError      **error)
{
  GError *local_error = NULL;

  if (sb_statement_step (statement, &local_error))
    return TRUE;

  if (local_error != NULL)
    g_propagate_error (error, local_error);
  else
    set_not_found (error, kind, id);
  return FALSE;
}

/* After an UPDATE or DELETE of one row by id: FALSE with @error set when there was no row. */
static gboolean
check_changed (SbStore  *self,
               Kind      kind,
               gint64    id,
               GError  **error)
{
  if (sb_database_get_changes (self->db) > 0)
    return TRUE;

  set_not_found (error, kind, id);
  return FALSE;
}

/* Collects every row of @statement with @from_row into a new array. */
static GPtrArray *
collect_rows (SbStatement     *statement,
              gpointer       (*from_row) (SbStatement *statement),
              GDestroyNotify   free_func,
              GError         **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (free_func);
  GError *local_error = NULL;

  while (sb_statement_step (statement, &local_error))
    g_ptr_array_add (rows, from_row (statement));

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  return g_steal_pointer (&rows);
}

static GArray *
collect_ids (SbStatement  *statement,
             GError      **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GError *local_error = NULL;

  while (sb_statement_step (statement, &local_error))
    {
      gint64 id = sb_statement_get_int64 (statement, 0);

      g_array_append_val (ids, id);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  return g_steal_pointer (&ids);
}

/* }}} */

/* Profile {{{ */

gboolean
sb_store_get_profile (SbStore  *self,
                      char    **name,
                      char    **email,
                      GError  **error)
{
  g_autoptr(SbStatement) statement = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  statement = prepare (self, "SELECT name, email FROM profile WHERE id = 1", error);
  if (statement == NULL)
    return FALSE;

  if (!sb_statement_step (statement, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      return FALSE;
    }

  if (name != NULL)
    *name = sb_statement_dup_text (statement, 0);
  if (email != NULL)
    *email = sb_statement_dup_text (statement, 1);
  return TRUE;
}

gboolean
sb_store_set_profile (SbStore     *self,
                      const char  *name,
                      const char  *email,
                      GError     **error)
{
  g_autoptr(SbStatement) statement = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (email != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  statement = prepare (self,
                       "INSERT INTO profile (id, name, email) VALUES (1, ?1, ?2) "
                       "ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
                       "email = excluded.email",
                       error);

  return statement != NULL &&
         sb_statement_bind_text (statement, 1, name, error) &&
         sb_statement_bind_text (statement, 2, email, error) &&
         sb_statement_execute (statement, error);
}

/* }}} */

/* Organizations {{{ */

#define ORGANIZATION_COLUMNS "id, name, kind, sport"

static gpointer
organization_from_row (SbStatement *statement)
{
  SbOrganization *organization = sb_organization_new ();

  sb_organization_set_id (organization, sb_statement_get_int64 (statement, 0));
  sb_organization_set_name (organization, sb_statement_get_text (statement, 1));
  sb_organization_set_kind (organization,
                            column_enum (statement, 2, SB_TYPE_ORGANIZATION_KIND,
                                         SB_ORGANIZATION_KIND_COMPANY));
  sb_organization_set_sport (organization, sb_statement_get_text (statement, 3));

  return organization;
}

/* Binds ?1 to ?3, in the order of ORGANIZATION_COLUMNS after the id. */
static gboolean
bind_organization (SbStatement     *statement,
                   SbOrganization  *organization,
                   GError         **error)
{
  return sb_statement_bind_text (statement, 1, sb_organization_get_name (organization), error) &&
         bind_enum (statement, 2, SB_TYPE_ORGANIZATION_KIND,
                    sb_organization_get_kind (organization), error) &&
         sb_statement_bind_text (statement, 3, sb_organization_get_sport (organization), error);
}

GPtrArray *
sb_store_list_organizations (SbStore  *self,
                             GError  **error)
{
  g_autoptr(SbStatement) statement = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  statement = prepare (self,
                       "SELECT " ORGANIZATION_COLUMNS " FROM organizations "
                       "ORDER BY name COLLATE NOCASE, id",
                       error);
  if (statement == NULL)
    return NULL;

  return collect_rows (statement, organization_from_row, g_object_unref, error);
}

SbOrganization *
sb_store_get_organization (SbStore  *self,
                           gint64    id,
                           GError  **error)
{
  g_autoptr(SbStatement) statement = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  statement = prepare (self,
                       "SELECT " ORGANIZATION_COLUMNS " FROM organizations WHERE id = ?1",
                       error);
  if (statement == NULL ||
      !sb_statement_bind_int64 (statement, 1, id, error) ||
      !step_one (statement, KIND_ORGANIZATION, id, error))
    return NULL;

  return organization_from_row (statement);
}

gboolean
sb_store_insert_organization (SbStore         *self,
                              SbOrganization  *organization,
                              GError         **error)
{
  g_autoptr(SbStatement) statement = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), FALSE);
  g_return_val_if_fail (SB_IS_ORGANIZATION (organization), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  statement = prepare (self,
                       "INSERT INTO organizations (name, kind, sport) VALUES (?1, ?2, ?3)",
                       error);
  if (statement == NULL ||
      !bind_organization (statement, organization, error) ||
      !sb_statement_execute (statement, error))
    return FALSE;

  sb_organization_set_id (organization, sb_database_get_last_insert_rowid (self->db));
  return TRUE;
}

gboolean
sb_store_update_organization (SbStore         *self,
                              SbOrganization  *organization,
                              GError         **error)
{
  g_autoptr(SbStatement) statement = NULL;
  gint64 id;

  g_return_val_if_fail (SB_IS_STORE (self), FALSE);
  g_return_val_if_fail (SB_IS_ORGANIZATION (organization), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  id = sb_organization_get_id (organization);
  statement = prepare (self,
                       "UPDATE organizations SET name = ?1, kind = ?2, sport = ?3 "
                       "WHERE id = ?4",
                       error);

  return statement != NULL &&
         bind_organization (statement, organization, error) &&
         sb_statement_bind_int64 (statement, 4, id, error) &&
         sb_statement_execute (statement, error) &&
         check_changed (self, KIND_ORGANIZATION, id, error);
}

/* }}} */

/* Members {{{ */

/* The last column is the member's access packages, joined by commas (ids have none). */
#define MEMBER_COLUMNS "id, organization_id, display_name, email, phone, kind, role, status, " \
  "(SELECT group_concat (package, ',') FROM member_packages WHERE member_id = members.id)"

/* The packages of the row, in the order they are shown (group_concat has none). */
static void
set_member_packages_from_row (SbMember    *member,
                              SbStatement *statement,
                              int          column)
{
  const char *text = sb_statement_get_text (statement, column);
  g_auto(GStrv) stored = NULL;
  g_auto(GStrv) sorted = NULL;

  if (text == NULL || *text == '\0')
    return;

  stored = g_strsplit (text, ",", -1);
  sorted = sb_access_packages_sort ((const char * const *) stored);
  sb_member_set_packages (member, (const char * const *) sorted);
}

static gpointer
member_from_row (SbStatement *statement)
{
  SbMember *member = sb_member_new ();

  sb_member_set_id (member, sb_statement_get_int64 (statement, 0));
  sb_member_set_organization_id (member, sb_statement_get_int64 (statement, 1));
  sb_member_set_display_name (member, sb_statement_get_text (statement, 2));
  sb_member_set_email (member, sb_statement_get_text (statement, 3));
  sb_member_set_phone (member, sb_statement_get_text (statement, 4));
  sb_member_set_kind (member,
                      column_enum (statement, 5, SB_TYPE_MEMBER_KIND, SB_MEMBER_KIND_PERSON));
  /* An unknown role falls back to the one that may change nothing. */
  sb_member_set_role (member, column_enum (statement, 6, SB_TYPE_ROLE, SB_ROLE_READER));
  sb_member_set_status (member,
                        column_enum (statement, 7, SB_TYPE_MEMBER_STATUS,
                                     SB_MEMBER_STATUS_INACTIVE));
  set_member_packages_from_row (member, statement, 8);

  return member;
}

/* Binds ?1 to ?7, in the order of MEMBER_COLUMNS after the id. */
static gboolean
bind_member (SbStatement  *statement,
             SbMember     *member,
             GError      **error)
{
  return sb_statement_bind_int64 (statement, 1, sb_member_get_organization_id (member), error) &&
         sb_statement_bind_text (statement, 2, sb_member_get_display_name (member), error) &&
         sb_statement_bind_text (statement, 3, sb_member_get_email (member), error) &&
         sb_statement_bind_text (statement, 4, sb_member_get_phone (member), error) &&
         bind_enum (statement, 5, SB_TYPE_MEMBER_KIND, sb_member_get_kind (member), error) &&
         bind_enum (statement, 6, SB_TYPE_ROLE, sb_member_get_role (member), error) &&
         bind_enum (statement, 7, SB_TYPE_MEMBER_STATUS, sb_member_get_status (member), error);
}

/* A broken rule on a member is most likely its e-mail address, taken by another member of
 * the organization: say so in words the user knows. */
static void
explain_member_constraint (SbStore  *self,
                           SbMember *member,
                           GError  **error)
{
  g_autoptr(SbMember) existing = NULL;
  const char *email = sb_member_get_email (member);

  if (error == NULL || *error == NULL || (*error)->code != SB_STORE_ERROR_CONSTRAINT)
    return;

  existing = sb_store_find_member_by_email (self, sb_member_get_organization_id (member),
                                            email, NULL);
  if (existing == NULL || sb_member_get_id (existing) == sb_member_get_id (member))
    return;

  g_clear_error (error);
  g_set_error (error, SB_STORE_ERROR, SB_STORE_ERROR_CONSTRAINT,
               /* Translators: %s is an e-mail address */
               _("The organization already has a member with the e-mail address “%s”."),
               email);
}

GPtrArray *
sb_store_list_members (SbStore  *self,
                       gint64    organization_id,
                       GError  **error)
{
  g_autoptr(SbStatement) statement = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  statement = prepare (self,
                       "SELECT " MEMBER_COLUMNS " FROM members WHERE organization_id = ?1 "
                       "ORDER BY display_name COLLATE NOCASE, email, id",
                       error);
  if (statement == NULL ||
      !sb_statement_bind_int64 (statement, 1, organization_id, error))
    return NULL;

  return collect_rows (statement, member_from_row, g_object_unref, error);
}

SbMember *
sb_store_get_member (SbStore  *self,
                     gint64    id,
                     GError  **error)
{
  g_autoptr(SbStatement) statement = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  statement = prepare (self, "SELECT " MEMBER_COLUMNS " FROM members WHERE id = ?1", error);
  if (statement == NULL ||
      !sb_statement_bind_int64 (statement, 1, id, error) ||
      !step_one (statement, KIND_MEMBER, id, error))
    return NULL;

  return member_from_row (statement);
}

SbMember *
sb_store_find_member_by_email (SbStore     *self,
                               gint64       organization_id,
                               const char  *email,
                               GError     **error)
{
  g_autoptr(SbStatement) statement = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), NULL);
  g_return_val_if_fail (email != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The column's NOCASE collation makes the comparison ignore case. */
  statement = prepare (self,
                       "SELECT " MEMBER_COLUMNS " FROM members "
                       "WHERE organization_id = ?1 AND email = ?2",
                       error);
  if (statement == NULL ||
      !sb_statement_bind_int64 (statement, 1, organization_id, error) ||
      !sb_statement_bind_text (statement, 2, email, error))
    return NULL;

  if (!sb_statement_step (statement, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      return NULL;
    }

  return member_from_row (statement);
}

gboolean
sb_store_insert_member (SbStore   *self,
                        SbMember  *member,
                        GError   **error)
{
  g_autoptr(SbStatement) statement = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), FALSE);
  g_return_val_if_fail (SB_IS_MEMBER (member), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  statement = prepare (self,
                       "INSERT INTO members (organization_id, display_name, email, phone, "
                       "kind, role, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                       error);
  if (statement == NULL ||
      !bind_member (statement, member, error))
    return FALSE;

  if (!sb_statement_execute (statement, error))
    {
      explain_member_constraint (self, member, error);
      return FALSE;
    }

  sb_member_set_id (member, sb_database_get_last_insert_rowid (self->db));
  return TRUE;
}

gboolean
sb_store_set_member_packages (SbStore             *self,
                              gint64               member_id,
                              const char * const  *packages,
                              gint64               granted_by,
                              GError             **error)
{
  g_autoptr(SbStatement) remove = NULL;
  g_autoptr(SbStatement) insert = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *keep = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), FALSE);
  g_return_val_if_fail (member_id > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Those no longer held go; those still held keep when and by whom they were given. The
   * ids have no commas, so the list to keep can be one bound text. */
  keep = packages != NULL ? g_strjoinv (",", (char **) packages) : g_strdup ("");
  remove = prepare (self,
                    "DELETE FROM member_packages WHERE member_id = ?1 AND "
                    "instr (',' || ?2 || ',', ',' || package || ',') = 0",
                    error);
  if (remove == NULL ||
      !sb_statement_bind_int64 (remove, 1, member_id, error) ||
      !sb_statement_bind_text (remove, 2, keep, error) ||
      !sb_statement_execute (remove, error))
    return FALSE;

  for (guint i = 0; packages != NULL && packages[i] != NULL; i++)
    {
      g_return_val_if_fail (strchr (packages[i], ',') == NULL, FALSE);

      if (insert == NULL)
        insert = prepare (self,
                          "INSERT OR IGNORE INTO member_packages "
                          "(member_id, package, granted_at, granted_by) VALUES (?1, ?2, ?3, ?4)",
                          error);
      else
        sb_statement_reset (insert);
      if (insert == NULL ||
          !sb_statement_bind_int64 (insert, 1, member_id, error) ||
          !sb_statement_bind_text (insert, 2, packages[i], error) ||
          !bind_datetime (insert, 3, now, error) ||
          !bind_id (insert, 4, granted_by, error) ||
          !sb_statement_execute (insert, error))
        return FALSE;
    }

  return TRUE;
}

char **
sb_store_list_member_packages (SbStore  *self,
                               gint64    member_id,
                               GError  **error)
{
  g_autoptr(SbStatement) statement = NULL;
  g_autoptr(GPtrArray) stored = g_ptr_array_new_with_free_func (g_free);
  GError *local_error = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  statement = prepare (self, "SELECT package FROM member_packages WHERE member_id = ?1", error);
  if (statement == NULL ||
      !sb_statement_bind_int64 (statement, 1, member_id, error))
    return NULL;

  while (sb_statement_step (statement, &local_error))
    g_ptr_array_add (stored, g_strdup (sb_statement_get_text (statement, 0)));
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  g_ptr_array_add (stored, NULL);

  return sb_access_packages_sort ((const char * const *) stored->pdata);
}

gboolean
sb_store_update_member (SbStore   *self,
                        SbMember  *member,
                        GError   **error)
{
  g_autoptr(SbStatement) statement = NULL;
  gint64 id;

  g_return_val_if_fail (SB_IS_STORE (self), FALSE);
  g_return_val_if_fail (SB_IS_MEMBER (member), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  id = sb_member_get_id (member);
  statement = prepare (self,
                       "UPDATE members SET organization_id = ?1, display_name = ?2, "
                       "email = ?3, phone = ?4, kind = ?5, role = ?6, status = ?7 "
                       "WHERE id = ?8",
                       error);
  if (statement == NULL ||
      !bind_member (statement, member, error) ||
      !sb_statement_bind_int64 (statement, 8, id, error))
    return FALSE;

  if (!sb_statement_execute (statement, error))
    {
      explain_member_constraint (self, member, error);
      return FALSE;
    }

  return check_changed (self, KIND_MEMBER, id, error);
}

/* }}} */

/* Accounts {{{ */

#define ACCOUNT_COLUMNS \
  "id, organization_id, connector_id, name, status, base_url, connection_info, metadata, " \
  "owner_member_id, last_tested_at, last_refresh_at"

static gpointer
account_from_row (SbStatement *statement)
{
  SbAccount *account = sb_account_new ();
  g_autoptr(JsonNode) connection_info = column_json (statement, 6);
  g_autoptr(JsonNode) metadata = column_json (statement, 7);
  g_autoptr(GDateTime) last_tested_at = column_datetime (statement, 9);
  g_autoptr(GDateTime) last_refresh_at = column_datetime (statement, 10);

  sb_account_set_id (account, sb_statement_get_int64 (statement, 0));
  sb_account_set_organization_id (account, sb_statement_get_int64 (statement, 1));
  sb_account_set_connector_id (account, sb_statement_get_text (statement, 2));
  sb_account_set_name (account, sb_statement_get_text (statement, 3));
  sb_account_set_status (account,
                         column_enum (statement, 4, SB_TYPE_ACCOUNT_STATUS,
                                      SB_ACCOUNT_STATUS_NEEDS_ATTENTION));
  sb_account_set_base_url (account, sb_statement_get_text (statement, 5));
  sb_account_set_connection_info (account, connection_info);
  sb_account_set_metadata (account, metadata);
  sb_account_set_owner_member_id (account, column_id (statement, 8));
  sb_account_set_last_tested_at (account, last_tested_at);
  sb_account_set_last_refresh_at (account, last_refresh_at);

  return account;
}

/* Binds ?1 to ?10, in the order of ACCOUNT_COLUMNS after the id. */
static gboolean
bind_account (SbStatement  *statement,
              SbAccount    *account,
              GError      **error)
{
  return sb_statement_bind_int64 (statement, 1, sb_account_get_organization_id (account),
                                  error) &&
         sb_statement_bind_text (statement, 2, sb_account_get_connector_id (account), error) &&
         sb_statement_bind_text (statement, 3, sb_account_get_name (account), error) &&
         bind_enum (statement, 4, SB_TYPE_ACCOUNT_STATUS, sb_account_get_status (account),
                    error) &&
         sb_statement_bind_text (statement, 5, sb_account_get_base_url (account), error) &&
         bind_json (statement, 6, sb_account_get_connection_info (account), error) &&
         bind_json (statement, 7, sb_account_get_metadata (account), error) &&
         bind_id (statement, 8, sb_account_get_owner_member_id (account), error) &&
         bind_datetime (statement, 9, sb_account_get_last_tested_at (account), error) &&
         bind_datetime (statement, 10, sb_account_get_last_refresh_at (account), error);
}

GPtrArray *
sb_store_list_accounts (SbStore  *self,
                        gint64    organization_id,
                        GError  **error)
{
  g_autoptr(SbStatement) statement = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  statement = prepare (self,
                       "SELECT " ACCOUNT_COLUMNS " FROM accounts WHERE organization_id = ?1 "
                       "ORDER BY name COLLATE NOCASE, id",
                       error);
  if (statement == NULL ||
      !sb_statement_bind_int64 (statement, 1, organization_id, error))
    return NULL;

  return collect_rows (statement, account_from_row, g_object_unref, error);
}

SbAccount *
sb_store_get_account (SbStore  *self,
                      gint64    id,
                      GError  **error)
{
  g_autoptr(SbStatement) statement = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  statement = prepare (self, "SELECT " ACCOUNT_COLUMNS " FROM accounts WHERE id = ?1", error);
  if (statement == NULL ||
      !sb_statement_bind_int64 (statement, 1, id, error) ||
      !step_one (statement, KIND_ACCOUNT, id, error))
    return NULL;

  return account_from_row (statement);
}

gboolean
sb_store_insert_account (SbStore    *self,
                         SbAccount  *account,
                         GError    **error)
{
  g_autoptr(SbStatement) statement = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), FALSE);
  g_return_val_if_fail (SB_IS_ACCOUNT (account), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  statement = prepare (self,
                       "INSERT INTO accounts (organization_id, connector_id, name, status, "
                       "base_url, connection_info, metadata, owner_member_id, last_tested_at, "
                       "last_refresh_at) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                       error);
  if (statement == NULL ||
      !bind_account (statement, account, error) ||
      !sb_statement_execute (statement, error))
    return FALSE;

  sb_account_set_id (account, sb_database_get_last_insert_rowid (self->db));
  return TRUE;
}

gboolean
sb_store_update_account (SbStore    *self,
                         SbAccount  *account,
                         GError    **error)
{
  g_autoptr(SbStatement) statement = NULL;
  gint64 id;

  g_return_val_if_fail (SB_IS_STORE (self), FALSE);
  g_return_val_if_fail (SB_IS_ACCOUNT (account), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  id = sb_account_get_id (account);
  statement = prepare (self,
                       "UPDATE accounts SET organization_id = ?1, connector_id = ?2, "
                       "name = ?3, status = ?4, base_url = ?5, connection_info = ?6, "
                       "metadata = ?7, owner_member_id = ?8, last_tested_at = ?9, "
                       "last_refresh_at = ?10 WHERE id = ?11",
                       error);

  return statement != NULL &&
         bind_account (statement, account, error) &&
         sb_statement_bind_int64 (statement, 11, id, error) &&
         sb_statement_execute (statement, error) &&
         check_changed (self, KIND_ACCOUNT, id, error);
}

gboolean
sb_store_has_demo_accounts (SbStore  *self,
                            GError  **error)
{
  g_autoptr(SbStatement) statement = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Metadata that is not JSON is ignored when read, so it is no demo account here either. */
  statement = prepare (self,
                       "SELECT 1 FROM accounts WHERE CASE WHEN json_valid (metadata) "
                       "THEN json_type (metadata, '$.demo') = 'text' END LIMIT 1",
                       error);
  if (statement == NULL)
    return FALSE;

  if (sb_statement_step (statement, &local_error))
    return TRUE;
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return FALSE;
}

gboolean
sb_store_delete_account (SbStore  *self,
                         gint64    id,
                         GError  **error)
{
  g_autoptr(SbStatement) statement = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Its links to integrations and its errors go with it (ON DELETE CASCADE). */
  statement = prepare (self, "DELETE FROM accounts WHERE id = ?1", error);

  return statement != NULL &&
         sb_statement_bind_int64 (statement, 1, id, error) &&
         sb_statement_execute (statement, error) &&
         check_changed (self, KIND_ACCOUNT, id, error);
}

gboolean
sb_store_delete_member (SbStore  *self,
                        gint64    id,
                        GError  **error)
{
  g_autoptr(SbStatement) statement = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  statement = prepare (self, "DELETE FROM members WHERE id = ?1", error);

  return statement != NULL &&
         sb_statement_bind_int64 (statement, 1, id, error) &&
         sb_statement_execute (statement, error) &&
         check_changed (self, KIND_MEMBER, id, error);
}

gboolean
sb_store_set_account_owner (SbStore  *self,
                            gint64    account_id,
                            gint64    owner_member_id,
                            GError  **error)
{
  g_autoptr(SbStatement) statement = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  statement = prepare (self, "UPDATE accounts SET owner_member_id = ?2 WHERE id = ?1", error);

  return statement != NULL &&
         sb_statement_bind_int64 (statement, 1, account_id, error) &&
         bind_id (statement, 2, owner_member_id, error) &&
         sb_statement_execute (statement, error) &&
         check_changed (self, KIND_ACCOUNT, account_id, error);
}

/* }}} */

/* Integrations {{{ */

#define INTEGRATION_COLUMNS \
  "id, organization_id, name, description, status, trigger, steps, settings, purpose, " \
  "created_by, created_at, activated_by, activated_at, draft, version"

static gpointer
integration_from_row (SbStatement *statement)
{
  SbIntegration *integration = sb_integration_new ();
  g_autoptr(GDateTime) created_at = column_datetime (statement, 10);
  g_autoptr(GDateTime) activated_at = column_datetime (statement, 12);
  gint64 version = sb_statement_get_int64 (statement, 14);

  sb_integration_set_id (integration, sb_statement_get_int64 (statement, 0));
  sb_integration_set_organization_id (integration, sb_statement_get_int64 (statement, 1));
  sb_integration_set_name (integration, sb_statement_get_text (statement, 2));
  sb_integration_set_description (integration, sb_statement_get_text (statement, 3));
  /* An unknown status must not start anything: a draft runs nowhere. */
  sb_integration_set_status (integration,
                             column_enum (statement, 4, SB_TYPE_INTEGRATION_STATUS,
                                          SB_INTEGRATION_STATUS_DRAFT));
  /* Parsed when first needed: most of a long list is never shown. */
  sb_integration_load_json_texts (integration,
                                  sb_statement_get_text (statement, 5),
                                  sb_statement_get_text (statement, 6),
                                  sb_statement_get_text (statement, 7),
                                  sb_statement_get_text (statement, 13));
  sb_integration_set_purpose (integration, sb_statement_get_text (statement, 8));
  sb_integration_set_created_by (integration, column_id (statement, 9));
  sb_integration_set_created_at (integration, created_at);
  sb_integration_set_activated_by (integration, column_id (statement, 11));
  sb_integration_set_activated_at (integration, activated_at);
  sb_integration_set_version (integration, (guint) CLAMP (version, 0, G_MAXUINT));

  return integration;
}

/* Binds ?1 to ?14, in the order of INTEGRATION_COLUMNS after the id. */
static gboolean
bind_integration (SbStatement    *statement,
                  SbIntegration  *integration,
                  GError        **error)
{
  return sb_statement_bind_int64 (statement, 1,
                                  sb_integration_get_organization_id (integration), error) &&
         sb_statement_bind_text (statement, 2, sb_integration_get_name (integration), error) &&
         sb_statement_bind_text (statement, 3, sb_integration_get_description (integration),
                                 error) &&
         bind_enum (statement, 4, SB_TYPE_INTEGRATION_STATUS,
                    sb_integration_get_status (integration), error) &&
         bind_json (statement, 5, sb_integration_get_trigger (integration), error) &&
         bind_json (statement, 6, sb_integration_get_steps (integration), error) &&
         bind_json (statement, 7, sb_integration_get_settings (integration), error) &&
         sb_statement_bind_text (statement, 8, sb_integration_get_purpose (integration),
                                 error) &&
         bind_id (statement, 9, sb_integration_get_created_by (integration), error) &&
         bind_datetime (statement, 10, sb_integration_get_created_at (integration), error) &&
         bind_id (statement, 11, sb_integration_get_activated_by (integration), error) &&
         bind_datetime (statement, 12, sb_integration_get_activated_at (integration), error) &&
         bind_json (statement, 13, sb_integration_get_draft (integration), error) &&
         sb_statement_bind_int64 (statement, 14, sb_integration_get_version (integration), error);
}

GPtrArray *
sb_store_list_integrations (SbStore  *self,
                            gint64    organization_id,
                            GError  **error)
{
  g_autoptr(SbStatement) statement = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  statement = prepare (self,
                       "SELECT " INTEGRATION_COLUMNS " FROM integrations "
                       "WHERE organization_id = ?1 AND deleted_at IS NULL "
                       "ORDER BY name COLLATE NOCASE, id",
                       error);
  if (statement == NULL ||
      !sb_statement_bind_int64 (statement, 1, organization_id, error))
    return NULL;

  return collect_rows (statement, integration_from_row, g_object_unref, error);
}

SbIntegration *
sb_store_get_integration (SbStore  *self,
                          gint64    id,
                          GError  **error)
{
  g_autoptr(SbStatement) statement = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  statement = prepare (self,
                       "SELECT " INTEGRATION_COLUMNS " FROM integrations WHERE id = ?1",
                       error);
  if (statement == NULL ||
      !sb_statement_bind_int64 (statement, 1, id, error) ||
      !step_one (statement, KIND_INTEGRATION, id, error))
    return NULL;

  return integration_from_row (statement);
}

gboolean
sb_store_insert_integration (SbStore        *self,
                             SbIntegration  *integration,
                             GError        **error)
{
  g_autoptr(SbStatement) statement = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), FALSE);
  g_return_val_if_fail (SB_IS_INTEGRATION (integration), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  statement = prepare (self,
                       "INSERT INTO integrations (organization_id, name, description, status, "
                       "trigger, steps, settings, purpose, created_by, created_at, "
                       "activated_by, activated_at, draft, version) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                       error);
  if (statement == NULL ||
      !bind_integration (statement, integration, error) ||
      !sb_statement_execute (statement, error))
    return FALSE;

  sb_integration_set_id (integration, sb_database_get_last_insert_rowid (self->db));
  return TRUE;
}

gboolean
sb_store_update_integration (SbStore        *self,
                             SbIntegration  *integration,
                             GError        **error)
{
  g_autoptr(SbStatement) statement = NULL;
  gint64 id;

  g_return_val_if_fail (SB_IS_STORE (self), FALSE);
  g_return_val_if_fail (SB_IS_INTEGRATION (integration), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  id = sb_integration_get_id (integration);
  statement = prepare (self,
                       "UPDATE integrations SET organization_id = ?1, name = ?2, "
                       "description = ?3, status = ?4, trigger = ?5, steps = ?6, "
                       "settings = ?7, purpose = ?8, created_by = ?9, created_at = ?10, "
                       "activated_by = ?11, activated_at = ?12, draft = ?13, version = ?14 "
                       "WHERE id = ?15",
                       error);

  return statement != NULL &&
         bind_integration (statement, integration, error) &&
         sb_statement_bind_int64 (statement, 15, id, error) &&
         sb_statement_execute (statement, error) &&
         check_changed (self, KIND_INTEGRATION, id, error);
}

gboolean
sb_store_delete_integration (SbStore  *self,
                             gint64    id,
                             GError  **error)
{
  g_autoptr(SbStatement) statement = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Runs, their events, account links, versions and cursors go with it (ON DELETE CASCADE). */
  statement = prepare (self, "DELETE FROM integrations WHERE id = ?1", error);

  return statement != NULL &&
         sb_statement_bind_int64 (statement, 1, id, error) &&
         sb_statement_execute (statement, error) &&
         check_changed (self, KIND_INTEGRATION, id, error);
}

gboolean
sb_store_set_integration_trashed (SbStore    *self,
                                  gint64      id,
                                  GDateTime  *deleted_at,
                                  GError    **error)
{
  g_autoptr(SbStatement) statement = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  statement = prepare (self, "UPDATE integrations SET deleted_at = ?1 WHERE id = ?2", error);

  return statement != NULL &&
         bind_datetime (statement, 1, deleted_at, error) &&
         sb_statement_bind_int64 (statement, 2, id, error) &&
         sb_statement_execute (statement, error) &&
         check_changed (self, KIND_INTEGRATION, id, error);
}

GPtrArray *
sb_store_list_trashed_integrations (SbStore    *self,
                                    GDateTime  *before,
                                    GError    **error)
{
  g_autoptr(SbStatement) statement = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* A NULL ?1 compares as nothing: every one. */
  statement = prepare (self,
                       "SELECT " INTEGRATION_COLUMNS " FROM integrations "
                       "WHERE deleted_at IS NOT NULL AND (?1 IS NULL OR deleted_at < ?1) "
                       "ORDER BY deleted_at, id",
                       error);
  if (statement == NULL ||
      !bind_datetime (statement, 1, before, error))
    return NULL;

  return collect_rows (statement, integration_from_row, g_object_unref, error);
}

gboolean
sb_store_set_integration_accounts (SbStore       *self,
                                   gint64         integration_id,
                                   const gint64  *account_ids,
                                   guint          n_account_ids,
                                   GError       **error)
{
  g_autoptr(SbStatement) remove = NULL;
  g_autoptr(SbStatement) add = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), FALSE);
  g_return_val_if_fail (account_ids != NULL || n_account_ids == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  remove = prepare (self, "DELETE FROM integration_accounts WHERE integration_id = ?1", error);
  if (remove == NULL ||
      !sb_statement_bind_int64 (remove, 1, integration_id, error) ||
      !sb_statement_execute (remove, error))
    return FALSE;

  add = prepare (self,
                 "INSERT OR IGNORE INTO integration_accounts (integration_id, account_id) "
                 "VALUES (?1, ?2)",
                 error);
  if (add == NULL ||
      !sb_statement_bind_int64 (add, 1, integration_id, error))
    return FALSE;

  for (guint i = 0; i < n_account_ids; i++)
    {
      if (!sb_statement_bind_int64 (add, 2, account_ids[i], error) ||
          !sb_statement_execute (add, error))
        return FALSE;

      sb_statement_reset (add);
    }

  return TRUE;
}

GArray *
sb_store_list_integration_accounts (SbStore  *self,
                                    gint64    integration_id,
                                    GError  **error)
{
  g_autoptr(SbStatement) statement = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  statement = prepare (self,
                       "SELECT account_id FROM integration_accounts WHERE integration_id = ?1 "
                       "ORDER BY account_id",
                       error);
  if (statement == NULL ||
      !sb_statement_bind_int64 (statement, 1, integration_id, error))
    return NULL;

  return collect_ids (statement, error);
}

GArray *
sb_store_list_account_integrations (SbStore  *self,
                                    gint64    account_id,
                                    GError  **error)
{
  g_autoptr(SbStatement) statement = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  statement = prepare (self,
                       "SELECT integration_id FROM integration_accounts WHERE account_id = ?1 "
                       "ORDER BY integration_id",
                       error);
  if (statement == NULL ||
      !sb_statement_bind_int64 (statement, 1, account_id, error))
    return NULL;

  return collect_ids (statement, error);
}

GHashTable *
sb_store_list_integration_connectors (SbStore  *self,
                                      gint64    organization_id,
                                      GError  **error)
{
  g_autoptr(SbStatement) statement = NULL;
  g_autoptr(GHashTable) table = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  statement = prepare (self,
                       "SELECT DISTINCT ia.integration_id, a.connector_id "
                       "FROM integration_accounts AS ia "
                       "JOIN accounts AS a ON a.id = ia.account_id "
                       "WHERE a.organization_id = ?1 "
                       "ORDER BY ia.integration_id, a.connector_id",
                       error);
  if (statement == NULL ||
      !sb_statement_bind_int64 (statement, 1, organization_id, error))
    return NULL;

  table = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                 (GDestroyNotify) g_ptr_array_unref);
  while (sb_statement_step (statement, &local_error))
    {
      gint64 integration_id = sb_statement_get_int64 (statement, 0);
      GPtrArray *connectors = g_hash_table_lookup (table, &integration_id);

      if (connectors == NULL)
        {
          connectors = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (table, g_memdup2 (&integration_id, sizeof integration_id),
                               connectors);
        }
      g_ptr_array_add (connectors, sb_statement_dup_text (statement, 1));
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  return g_steal_pointer (&table);
}

/* }}} */

/* Versions {{{ */

#define VERSION_COLUMNS \
  "integration_id, version, trigger, steps, settings, published_by, published_at"

static gpointer
version_from_row (SbStatement *statement)
{
  SbIntegrationVersion *version = sb_integration_version_new ();
  g_autoptr(JsonNode) trigger = column_json (statement, 2);
  g_autoptr(JsonNode) steps = column_json (statement, 3);
  g_autoptr(JsonNode) settings = column_json (statement, 4);
  g_autoptr(GDateTime) published_at = column_datetime (statement, 6);

  sb_integration_version_set_integration_id (version, sb_statement_get_int64 (statement, 0));
  sb_integration_version_set_version (version,
                                      (guint) CLAMP (sb_statement_get_int64 (statement, 1), 0,
                                                     G_MAXUINT));
  sb_integration_version_set_trigger (version, trigger);
  sb_integration_version_set_steps (version, steps);
  sb_integration_version_set_settings (version, settings);
  sb_integration_version_set_published_by (version, column_id (statement, 5));
  sb_integration_version_set_published_at (version, published_at);

  return version;
}

gboolean
sb_store_insert_integration_version (SbStore               *self,
                                     SbIntegrationVersion  *version,
                                     GError               **error)
{
  g_autoptr(SbStatement) statement = NULL;
  GDateTime *published_at;

  g_return_val_if_fail (SB_IS_STORE (self), FALSE);
  g_return_val_if_fail (SB_IS_INTEGRATION_VERSION (version), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  published_at = sb_integration_version_get_published_at (version);
  g_return_val_if_fail (published_at != NULL, FALSE);

  statement = prepare (self,
                       "INSERT INTO integration_versions (" VERSION_COLUMNS ") "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                       error);

  return statement != NULL &&
         sb_statement_bind_int64 (statement, 1,
                                  sb_integration_version_get_integration_id (version), error) &&
         sb_statement_bind_int64 (statement, 2, sb_integration_version_get_version (version),
                                  error) &&
         bind_json (statement, 3, sb_integration_version_get_trigger (version), error) &&
         bind_json (statement, 4, sb_integration_version_get_steps (version), error) &&
         bind_json (statement, 5, sb_integration_version_get_settings (version), error) &&
         bind_id (statement, 6, sb_integration_version_get_published_by (version), error) &&
         bind_datetime (statement, 7, published_at, error) &&
         sb_statement_execute (statement, error);
}

GPtrArray *
sb_store_list_integration_versions (SbStore  *self,
                                    gint64    integration_id,
                                    GError  **error)
{
  g_autoptr(SbStatement) statement = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  statement = prepare (self,
                       "SELECT " VERSION_COLUMNS " FROM integration_versions "
                       "WHERE integration_id = ?1 ORDER BY version DESC",
                       error);
  if (statement == NULL ||
      !sb_statement_bind_int64 (statement, 1, integration_id, error))
    return NULL;

  return collect_rows (statement, version_from_row, g_object_unref, error);
}

SbIntegrationVersion *
sb_store_get_integration_version (SbStore  *self,
                                  gint64    integration_id,
                                  guint     version,
                                  GError  **error)
{
  g_autoptr(SbStatement) statement = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  statement = prepare (self,
                       "SELECT " VERSION_COLUMNS " FROM integration_versions "
                       "WHERE integration_id = ?1 AND version = ?2",
                       error);
  if (statement == NULL ||
      !sb_statement_bind_int64 (statement, 1, integration_id, error) ||
      !sb_statement_bind_int64 (statement, 2, version, error))
    return NULL;

  if (!sb_statement_step (statement, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      else
        g_set_error (error, SB_STORE_ERROR, SB_STORE_ERROR_NOT_FOUND,
                     /* Translators: %u is a version number */
                     _("There is no version %u of this integration."), version);
      return NULL;
    }

  return version_from_row (statement);
}

/* }}} */

/* Runs {{{ */

#define RUN_COLUMNS \
  "id, integration_id, status, started_at, finished_at, items_read, items_created, " \
  "items_updated, items_failed, error, trigger_kind, trigger_input, catch_up, replay_of, " \
  "start_step, queued_at, attempt, cancel_requested"

static gpointer
run_from_row (SbStatement *statement)
{
  SbRun *run = sb_run_new ();
  g_autoptr(GDateTime) started_at = column_datetime (statement, 3);
  g_autoptr(GDateTime) finished_at = column_datetime (statement, 4);

  sb_run_set_id (run, sb_statement_get_int64 (statement, 0));
  sb_run_set_integration_id (run, sb_statement_get_int64 (statement, 1));
  sb_run_set_status (run,
                     column_enum (statement, 2, SB_TYPE_RUN_STATUS, SB_RUN_STATUS_FAILED));
  sb_run_set_started_at (run, started_at);
  sb_run_set_finished_at (run, finished_at);
  sb_run_set_items_read (run, (guint)sb_statement_get_int64 (statement, 5));
  sb_run_set_items_created (run, (guint)sb_statement_get_int64 (statement, 6));
  sb_run_set_items_updated (run, (guint)sb_statement_get_int64 (statement, 7));
  sb_run_set_items_failed (run, (guint)sb_statement_get_int64 (statement, 8));
  sb_run_set_error (run, sb_statement_get_text (statement, 9));
  sb_run_set_trigger_kind (run, sb_statement_get_text (statement, 10));
  {
    g_autoptr(JsonNode) input = column_json (statement, 11);
    g_autoptr(GDateTime) queued_at = column_datetime (statement, 15);

    sb_run_set_trigger_input (run, input);
    sb_run_set_queued_at (run, queued_at);
  }
  sb_run_set_catch_up (run, sb_statement_get_int64 (statement, 12) != 0);
  sb_run_set_replay_of (run, sb_statement_get_int64 (statement, 13));
  sb_run_set_start_step (run, (guint) CLAMP (sb_statement_get_int64 (statement, 14), 0,
                                             G_MAXUINT));
  sb_run_set_attempt (run, (guint) CLAMP (sb_statement_get_int64 (statement, 16), 1,
                                          G_MAXUINT));
  sb_run_set_cancel_requested (run, sb_statement_get_int64 (statement, 17) != 0);

  return run;
}

/* Binds ?1 to ?17, in the order of RUN_COLUMNS after the id. */
static gboolean
bind_run (SbStatement  *statement,
          SbRun        *run,
          GError      **error)
{
  return sb_statement_bind_int64 (statement, 1, sb_run_get_integration_id (run), error) &&
         bind_enum (statement, 2, SB_TYPE_RUN_STATUS, sb_run_get_status (run), error) &&
         bind_datetime (statement, 3, sb_run_get_started_at (run), error) &&
         bind_datetime (statement, 4, sb_run_get_finished_at (run), error) &&
         sb_statement_bind_int64 (statement, 5, sb_run_get_items_read (run), error) &&
         sb_statement_bind_int64 (statement, 6, sb_run_get_items_created (run), error) &&
         sb_statement_bind_int64 (statement, 7, sb_run_get_items_updated (run), error) &&
         sb_statement_bind_int64 (statement, 8, sb_run_get_items_failed (run), error) &&
         sb_statement_bind_text (statement, 9, sb_run_get_error (run), error) &&
         sb_statement_bind_text (statement, 10, sb_run_get_trigger_kind (run), error) &&
         bind_json (statement, 11, sb_run_get_trigger_input (run), error) &&
         sb_statement_bind_int64 (statement, 12, sb_run_get_catch_up (run), error) &&
         bind_id (statement, 13, sb_run_get_replay_of (run), error) &&
         sb_statement_bind_int64 (statement, 14, sb_run_get_start_step (run), error) &&
         bind_datetime (statement, 15, sb_run_get_queued_at (run), error) &&
         sb_statement_bind_int64 (statement, 16, sb_run_get_attempt (run), error) &&
         sb_statement_bind_int64 (statement, 17, sb_run_get_cancel_requested (run), error);
}

GPtrArray *
sb_store_list_runs (SbStore  *self,
                    gint64    integration_id,
                    guint     limit,
                    GError  **error)
{
  g_autoptr(SbStatement) statement = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* A negative LIMIT is no limit. Runs not started yet (queued) have no time and come last. */
  statement = prepare (self,
                       "SELECT " RUN_COLUMNS " FROM runs WHERE integration_id = ?1 "
                       "ORDER BY started_at DESC, id DESC LIMIT ?2",
                       error);
  if (statement == NULL ||
      !sb_statement_bind_int64 (statement, 1, integration_id, error) ||
      !sb_statement_bind_int64 (statement, 2, limit == 0 ? -1 : (gint64)limit, error))
    return NULL;

  return collect_rows (statement, run_from_row, g_object_unref, error);
}

/* The newest run of every integration of the organization that has run, in the order of
 * sb_store_list_runs: each found through the runs_by_integration index. */
GPtrArray *
sb_store_list_latest_runs (SbStore  *self,
                           gint64    organization_id,
                           GError  **error)
{
  g_autoptr(SbStatement) statement = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  statement = prepare (self,
                       "SELECT " RUN_COLUMNS " FROM runs WHERE id IN ("
                       "SELECT (SELECT r.id FROM runs AS r WHERE r.integration_id = i.id "
                       "ORDER BY r.started_at DESC, r.id DESC LIMIT 1) "
                       "FROM integrations AS i WHERE i.organization_id = ?1) "
                       "ORDER BY integration_id",
                       error);
  if (statement == NULL ||
      !sb_statement_bind_int64 (statement, 1, organization_id, error))
    return NULL;

  return collect_rows (statement, run_from_row, g_object_unref, error);
}

/* A JSON array of @ids in text, for json_each (): one statement for any number of them. */
static char *
dup_ids_text (GArray *ids)
{
  GString *text = g_string_new ("[");

  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (text, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                            g_array_index (ids, gint64, i));
  g_string_append_c (text, ']');
  return g_string_free (text, FALSE);
}

/* Runs without a start (queued) count from when they were queued. There is no index on
 * the time across integrations; each integration's runs are found through
 * runs_by_integration and sorted. */
GPtrArray *
sb_store_list_runs_of (SbStore    *self,
                       GArray     *integration_ids,
                       guint       status_mask,
                       int         failed_items,
                       GDateTime  *since,
                       GDateTime  *until,
                       guint       limit,
                       GError    **error)
{
  g_autoptr(SbStatement) statement = NULL;
  g_autofree char *ids = NULL;
  g_autoptr(GString) statuses = g_string_new ("[");

  g_return_val_if_fail (SB_IS_STORE (self), NULL);
  g_return_val_if_fail (integration_ids != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ids = dup_ids_text (integration_ids);
  {
    g_autoptr(GEnumClass) klass = g_type_class_ref (SB_TYPE_RUN_STATUS);

    for (guint i = 0; i < klass->n_values; i++)
      if (klass->values[i].value < 32 && (status_mask & (1u << klass->values[i].value)) != 0)
        g_string_append_printf (statuses, "%s\"%s\"", statuses->len > 1 ? "," : "",
                                klass->values[i].value_nick);
    g_string_append_c (statuses, ']');
  }

  statement = prepare (self,
                       "SELECT " RUN_COLUMNS " FROM runs "
                       "WHERE integration_id IN (SELECT value FROM json_each (?1)) "
                       "AND (?2 IS NULL OR status IN (SELECT value FROM json_each (?2))) "
                       "AND (?3 < 0 OR (?3 = 0) = (items_failed = 0)) "
                       "AND (?4 IS NULL OR coalesce (started_at, queued_at) >= ?4) "
                       "AND (?5 IS NULL OR coalesce (started_at, queued_at) < ?5) "
                       "ORDER BY coalesce (started_at, queued_at) DESC, id DESC LIMIT ?6",
                       error);
  if (statement == NULL ||
      !sb_statement_bind_text (statement, 1, ids, error) ||
      !sb_statement_bind_text (statement, 2, status_mask != 0 ? statuses->str : NULL, error) ||
      !sb_statement_bind_int64 (statement, 3, failed_items, error) ||
      !bind_datetime (statement, 4, since, error) ||
      !bind_datetime (statement, 5, until, error) ||
      !sb_statement_bind_int64 (statement, 6, limit == 0 ? -1 : (gint64)limit, error))
    return NULL;

  return collect_rows (statement, run_from_row, g_object_unref, error);
}

SbRun *
sb_store_get_run (SbStore  *self,
                  gint64    id,
                  GError  **error)
{
  g_autoptr(SbStatement) statement = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  statement = prepare (self, "SELECT " RUN_COLUMNS " FROM runs WHERE id = ?1", error);
  if (statement == NULL ||
      !sb_statement_bind_int64 (statement, 1, id, error) ||
      !step_one (statement, KIND_RUN, id, error))
    return NULL;

  return run_from_row (statement);
}

gint64
sb_store_count_runs (SbStore  *self,
                     gint64    integration_id,
                     GError  **error)
{
  g_autoptr(SbStatement) statement = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  statement = prepare (self, "SELECT count(*) FROM runs WHERE integration_id = ?1", error);
  if (statement == NULL ||
      !sb_statement_bind_int64 (statement, 1, integration_id, error))
    return -1;

  if (!sb_statement_step (statement, &local_error))
    {
      g_propagate_error (error, local_error);
      return -1;
    }

  return sb_statement_get_int64 (statement, 0);
}

gboolean
sb_store_insert_run (SbStore  *self,
                     SbRun    *run,
                     GError  **error)
{
  g_autoptr(SbStatement) statement = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), FALSE);
  g_return_val_if_fail (SB_IS_RUN (run), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  statement = prepare (self,
                       "INSERT INTO runs (integration_id, status, started_at, finished_at, "
                       "items_read, items_created, items_updated, items_failed, error, "
                       "trigger_kind, trigger_input, catch_up, replay_of, start_step, "
                       "queued_at, attempt, cancel_requested) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
                       "?15, ?16, ?17)",
                       error);
  if (statement == NULL ||
      !bind_run (statement, run, error) ||
      !sb_statement_execute (statement, error))
    return FALSE;

  sb_run_set_id (run, sb_database_get_last_insert_rowid (self->db));
  return TRUE;
}

gboolean
sb_store_update_run (SbStore  *self,
                     SbRun    *run,
                     GError  **error)
{
  g_autoptr(SbStatement) statement = NULL;
  gint64 id;

  g_return_val_if_fail (SB_IS_STORE (self), FALSE);
  g_return_val_if_fail (SB_IS_RUN (run), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  id = sb_run_get_id (run);
  statement = prepare (self,
                       "UPDATE runs SET integration_id = ?1, status = ?2, started_at = ?3, "
                       "finished_at = ?4, items_read = ?5, items_created = ?6, "
                       "items_updated = ?7, items_failed = ?8, error = ?9, trigger_kind = ?10, "
                       "trigger_input = ?11, catch_up = ?12, replay_of = ?13, "
                       "start_step = ?14, queued_at = ?15, attempt = ?16, "
                       /* A request to cancel, perhaps from another process, is never undone
                        * by writing the run back. */
                       "cancel_requested = max (cancel_requested, ?17) WHERE id = ?18",
                       error);

  return statement != NULL &&
         bind_run (statement, run, error) &&
         sb_statement_bind_int64 (statement, 18, id, error) &&
         sb_statement_execute (statement, error) &&
         check_changed (self, KIND_RUN, id, error);
}

gint64
sb_store_interrupt_running_runs (SbStore  *self,
                                 GError  **error)
{
  g_autoptr(SbStatement) statement = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  /* The nicks of SB_RUN_STATUS_RUNNING and _INTERRUPTED, written out so that the partial
   * index runs_running serves the query. */
  statement = prepare (self,
                       "UPDATE runs SET status = 'interrupted', "
                       "finished_at = strftime ('%Y-%m-%dT%H:%M:%fZ', 'now') "
                       "WHERE status = 'running'",
                       error);
  if (statement == NULL ||
      !sb_statement_execute (statement, error))
    return -1;

  return sb_database_get_changes (self->db);
}

gint64
sb_store_prune_runs (SbStore    *self,
                     GDateTime  *before,
                     GError    **error)
{
  g_autoptr(SbStatement) statement = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), -1);
  g_return_val_if_fail (before != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  statement = prepare (self,
                       "DELETE FROM runs WHERE started_at < ?1 "
                       "AND status NOT IN ('queued', 'running')",
                       error);
  if (statement == NULL ||
      !bind_datetime (statement, 1, before, error) ||
      !sb_statement_execute (statement, error))
    return -1;

  return sb_database_get_changes (self->db);
}

gint64
sb_store_prune_runs_beyond (SbStore  *self,
                            guint     keep_per_integration,
                            GError  **error)
{
  g_autoptr(SbStatement) statement = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  /* Numbered newest first within each integration, in the order of sb_store_list_runs and of
   * the index runs_by_integration; runs in progress take no number. Their events go by
   * ON DELETE CASCADE (foreign keys are on from sb_store_open ()), found through
   * run_events_by_run. */
  statement = prepare (self,
                       "DELETE FROM runs WHERE id IN ("
                       "SELECT id FROM (SELECT id, row_number() OVER ("
                       "PARTITION BY integration_id ORDER BY started_at DESC, id DESC) AS n "
                       "FROM runs WHERE status NOT IN ('queued', 'running')) "
                       "WHERE n > ?1)",
                       error);
  if (statement == NULL ||
      !sb_statement_bind_int64 (statement, 1, keep_per_integration, error) ||
      !sb_statement_execute (statement, error))
    return -1;

  return sb_database_get_changes (self->db);
}

gboolean
sb_store_reclaim_space (SbStore  *self,
                        guint     max_pages,
                        GError  **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Moves pages from the end of the file into free ones and cuts the end off; with 0 (or a
   * number beyond them) every free page goes. It does nothing unless auto_vacuum is
   * INCREMENTAL, which sb_store_open () makes sure of. */
  sql = g_strdup_printf ("PRAGMA incremental_vacuum (%u)", max_pages);
  return sb_database_exec (self->db, sql, error);
}

/* }}} */

/* Run events {{{ */

#define RUN_EVENT_COLUMNS "id, run_id, at, level, step_id, message, data"

static gpointer
run_event_from_row (SbStatement *statement)
{
  SbRunEvent *event = sb_run_event_new ();
  g_autoptr(GDateTime) at = column_datetime (statement, 2);

  sb_run_event_set_id (event, sb_statement_get_int64 (statement, 0));
  sb_run_event_set_run_id (event, sb_statement_get_int64 (statement, 1));
  sb_run_event_set_at (event, at);
  /* An unknown level is shown rather than hidden. */
  sb_run_event_set_level (event, column_enum (statement, 3, SB_TYPE_RUN_EVENT_LEVEL,
                                              SB_RUN_EVENT_LEVEL_WARNING));
  sb_run_event_set_step_id (event, sb_statement_get_text (statement, 4));
  sb_run_event_set_message (event, sb_statement_get_text (statement, 5));
  /* Parsed when first needed: a log shows many messages and few events' data. */
  sb_run_event_load_data_text (event, sb_statement_get_text (statement, 6));

  return event;
}

#define INSERT_RUN_EVENT \
  "INSERT INTO run_events (run_id, at, level, step_id, message, data) " \
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"

/* Binds and runs INSERT_RUN_EVENT for @event, giving it a time when it has none (@now, made
 * when first needed) and its id. */
static gboolean
insert_run_event (SbStore      *self,
                  SbStatement  *statement,
                  SbRunEvent   *event,
                  GDateTime   **now,
                  GError      **error)
{
  if (sb_run_event_get_at (event) == NULL)
    {
      if (*now == NULL)
        *now = g_date_time_new_now_utc ();
      sb_run_event_set_at (event, *now);
    }

  if (!sb_statement_bind_int64 (statement, 1, sb_run_event_get_run_id (event), error) ||
      !bind_datetime (statement, 2, sb_run_event_get_at (event), error) ||
      !bind_enum (statement, 3, SB_TYPE_RUN_EVENT_LEVEL, sb_run_event_get_level (event), error) ||
      !sb_statement_bind_text (statement, 4, sb_run_event_get_step_id (event), error) ||
      !sb_statement_bind_text (statement, 5, sb_run_event_get_message (event), error) ||
      !bind_json (statement, 6, sb_run_event_get_data (event), error) ||
      !sb_statement_execute (statement, error))
    return FALSE;

  /* Ready for the next event: a statement that has run to its end is reset before it is
   * stepped again. */
  sb_statement_reset (statement);
  sb_run_event_set_id (event, sb_database_get_last_insert_rowid (self->db));
  return TRUE;
}

gboolean
sb_store_insert_run_event (SbStore     *self,
                           SbRunEvent  *event,
                           GError     **error)
{
  g_autoptr(SbStatement) statement = NULL;
  g_autoptr(GDateTime) now = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), FALSE);
  g_return_val_if_fail (SB_IS_RUN_EVENT (event), FALSE);
  g_return_val_if_fail (sb_run_event_get_message (event) != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  statement = prepare (self, INSERT_RUN_EVENT, error);

  return statement != NULL && insert_run_event (self, statement, event, &now, error);
}

gboolean
sb_store_insert_run_events (SbStore    *self,
                            GPtrArray  *events,
                            GError    **error)
{
  g_autoptr(SbStatement) statement = NULL;
  g_autoptr(GDateTime) now = NULL;
  gboolean own_transaction;

  g_return_val_if_fail (SB_IS_STORE (self), FALSE);
  g_return_val_if_fail (events != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < events->len; i++)
    {
      SbRunEvent *event = g_ptr_array_index (events, i);

      g_return_val_if_fail (SB_IS_RUN_EVENT (event), FALSE);
      g_return_val_if_fail (sb_run_event_get_message (event) != NULL, FALSE);
    }

  if (events->len == 0)
    return TRUE;

  /* Transactions do not nest: inside one already open, the events are a part of it. */
  own_transaction = !sb_database_in_transaction (self->db);
  if (own_transaction && !sb_database_begin (self->db, error))
    return FALSE;

  statement = prepare (self, INSERT_RUN_EVENT, error);
  if (statement != NULL)
    {
      guint i;

      for (i = 0; i < events->len; i++)
        {
          if (!insert_run_event (self, statement, g_ptr_array_index (events, i), &now, error))
            break;
        }

      if (i == events->len && (!own_transaction || sb_database_commit (self->db, error)))
        return TRUE;
    }

  if (own_transaction)
    sb_database_rollback (self->db);
  for (guint i = 0; i < events->len; i++)
    sb_run_event_set_id (g_ptr_array_index (events, i), 0);
  return FALSE;
}

GPtrArray *
sb_store_list_run_events (SbStore  *self,
                          gint64    run_id,
                          GError  **error)
{
  g_autoptr(SbStatement) statement = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  statement = prepare (self,
                       "SELECT " RUN_EVENT_COLUMNS " FROM run_events "
                       "WHERE run_id = ?1 ORDER BY id",
                       error);
  if (statement == NULL ||
      !sb_statement_bind_int64 (statement, 1, run_id, error))
    return NULL;

  return collect_rows (statement, run_event_from_row, g_object_unref, error);
}

GPtrArray *
sb_store_list_latest_run_events (SbStore  *self,
                                 gint64    run_id,
                                 guint     limit,
                                 GError  **error)
{
  g_autoptr(SbStatement) statement = NULL;
  GPtrArray *events;

  g_return_val_if_fail (SB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Backwards through the index run_events_by_run (run_id, id) from the newest, stopping
   * after @limit rows, however long the run; turned round here, not by a sort in SQL. */
  statement = prepare (self,
                       "SELECT " RUN_EVENT_COLUMNS " FROM run_events "
                       "WHERE run_id = ?1 ORDER BY id DESC LIMIT ?2",
                       error);
  if (statement == NULL ||
      !sb_statement_bind_int64 (statement, 1, run_id, error) ||
      !sb_statement_bind_int64 (statement, 2, limit, error))
    return NULL;

  events = collect_rows (statement, run_event_from_row, g_object_unref, error);
  if (events == NULL)
    return NULL;

  for (guint i = 0, j = events->len; i + 1 < j; i++, j--)
    {
      gpointer swap = events->pdata[i];

      events->pdata[i] = events->pdata[j - 1];
      events->pdata[j - 1] = swap;
    }

  return events;
}

GPtrArray *
sb_store_list_integration_log (SbStore  *self,
                               gint64    integration_id,
                               guint     limit,
                               GError  **error)
{
  g_autoptr(SbStatement) statement = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The level list matches the partial index run_events_problems. */
  statement = prepare (self,
                       "SELECT e.id, e.run_id, e.at, e.level, e.step_id, e.message, e.data "
                       "FROM run_events AS e JOIN runs AS r ON r.id = e.run_id "
                       "WHERE r.integration_id = ?1 AND e.level IN ('warning', 'error') "
                       "ORDER BY e.at DESC, e.id DESC LIMIT ?2",
                       error);
  if (statement == NULL ||
      !sb_statement_bind_int64 (statement, 1, integration_id, error) ||
      !sb_statement_bind_int64 (statement, 2, limit == 0 ? -1 : (gint64) limit, error))
    return NULL;

  return collect_rows (statement, run_event_from_row, g_object_unref, error);
}

/* }}} */

/* Account errors {{{ */

static gpointer
account_error_from_row (SbStatement *statement)
{
  SbAccountError *account_error = sb_account_error_new ();
  g_autoptr(GDateTime) at = column_datetime (statement, 3);

  sb_account_error_set_id (account_error, sb_statement_get_int64 (statement, 0));
  sb_account_error_set_account_id (account_error, sb_statement_get_int64 (statement, 1));
  sb_account_error_set_integration_id (account_error, column_id (statement, 2));
  sb_account_error_set_at (account_error, at);
  sb_account_error_set_message (account_error, sb_statement_get_text (statement, 4));
  sb_account_error_set_integration_name (account_error, sb_statement_get_text (statement, 5));

  return account_error;
}

gboolean
sb_store_insert_account_error (SbStore         *self,
                               SbAccountError  *account_error,
                               GError         **error)
{
  g_autoptr(SbStatement) statement = NULL;
  g_autoptr(GDateTime) now = NULL;
  GDateTime *at;

  g_return_val_if_fail (SB_IS_STORE (self), FALSE);
  g_return_val_if_fail (SB_IS_ACCOUNT_ERROR (account_error), FALSE);
  g_return_val_if_fail (sb_account_error_get_message (account_error) != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  at = sb_account_error_get_at (account_error);
  if (at == NULL)
    at = now = g_date_time_new_now_utc ();

  statement = prepare (self,
                       "INSERT INTO account_errors (account_id, integration_id, at, message) "
                       "VALUES (?1, ?2, ?3, ?4)",
                       error);

  if (statement == NULL ||
      !sb_statement_bind_int64 (statement, 1, sb_account_error_get_account_id (account_error),
                                error) ||
      !bind_id (statement, 2, sb_account_error_get_integration_id (account_error), error) ||
      !bind_datetime (statement, 3, at, error) ||
      !sb_statement_bind_text (statement, 4, sb_account_error_get_message (account_error),
                               error) ||
      !sb_statement_execute (statement, error))
    return FALSE;

  sb_account_error_set_id (account_error, sb_database_get_last_insert_rowid (self->db));
  sb_account_error_set_at (account_error, at);
  return TRUE;
}

GPtrArray *
sb_store_list_account_errors (SbStore  *self,
                              gint64    account_id,
                              guint     limit,
                              GError  **error)
{
  g_autoptr(SbStatement) statement = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The name of an integration in the trash is still its name. */
  statement = prepare (self,
                       "SELECT e.id, e.account_id, e.integration_id, e.at, e.message, i.name "
                       "FROM account_errors AS e "
                       "LEFT JOIN integrations AS i ON i.id = e.integration_id "
                       "WHERE e.account_id = ?1 ORDER BY e.at DESC, e.id DESC LIMIT ?2",
                       error);
  if (statement == NULL ||
      !sb_statement_bind_int64 (statement, 1, account_id, error) ||
      !sb_statement_bind_int64 (statement, 2, limit == 0 ? -1 : (gint64)limit, error))
    return NULL;

  return collect_rows (statement, account_error_from_row, g_object_unref, error);
}

/* }}} */

/* Cursors {{{ */

char *
sb_store_dup_cursor (SbStore     *self,
                     gint64       integration_id,
                     const char  *name,
                     GError     **error)
{
  g_autoptr(SbStatement) statement = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  statement = prepare (self,
                       "SELECT value FROM cursors WHERE integration_id = ?1 AND name = ?2",
                       error);
  if (statement == NULL ||
      !sb_statement_bind_int64 (statement, 1, integration_id, error) ||
      !sb_statement_bind_text (statement, 2, name, error))
    return NULL;

  if (!sb_statement_step (statement, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      return NULL;
    }

  return sb_statement_dup_text (statement, 0);
}

gboolean
sb_store_set_cursor (SbStore     *self,
                     gint64       integration_id,
                     const char  *name,
                     const char  *value,
                     GError     **error)
{
  g_autoptr(SbStatement) statement = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_return_val_if_fail (SB_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  statement = prepare (self,
                       "INSERT INTO cursors (integration_id, name, value, updated_at) "
                       "VALUES (?1, ?2, ?3, ?4) "
                       "ON CONFLICT (integration_id, name) DO UPDATE SET "
                       "value = excluded.value, updated_at = excluded.updated_at",
                       error);

  return statement != NULL &&
         sb_statement_bind_int64 (statement, 1, integration_id, error) &&
         sb_statement_bind_text (statement, 2, name, error) &&
         sb_statement_bind_text (statement, 3, value, error) &&
         bind_datetime (statement, 4, now, error) &&
         sb_statement_execute (statement, error);
}

/* }}} */

/* Audit log {{{ */

void
sb_audit_entry_free (SbAuditEntry *entry)
{
  if (entry == NULL)
    return;

  g_clear_pointer (&entry->at, g_date_time_unref);
  g_free (entry->action);
  g_free (entry->subject_kind);
  g_free (entry->detail);
  g_free (entry);
}

static gpointer
audit_entry_from_row (SbStatement *statement)
{
  SbAuditEntry *entry = g_new0 (SbAuditEntry, 1);

  entry->id = sb_statement_get_int64 (statement, 0);
  entry->organization_id = column_id (statement, 1);
  entry->member_id = column_id (statement, 2);
  entry->at = column_datetime (statement, 3);
  entry->action = sb_statement_dup_text (statement, 4);
  entry->subject_kind = sb_statement_dup_text (statement, 5);
  entry->subject_id = column_id (statement, 6);
  entry->detail = sb_statement_dup_text (statement, 7);

  return entry;
}

gboolean
sb_store_insert_audit (SbStore     *self,
                       gint64       organization_id,
                       gint64       member_id,
                       const char  *action,
                       const char  *subject_kind,
                       gint64       subject_id,
                       const char  *detail,
                       GError     **error)
{
  g_autoptr(SbStatement) statement = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_return_val_if_fail (SB_IS_STORE (self), FALSE);
  g_return_val_if_fail (action != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  statement = prepare (self,
                       "INSERT INTO audit_log (organization_id, member_id, at, action, "
                       "subject_kind, subject_id, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                       error);

  return statement != NULL &&
         bind_id (statement, 1, organization_id, error) &&
         bind_id (statement, 2, member_id, error) &&
         bind_datetime (statement, 3, now, error) &&
         sb_statement_bind_text (statement, 4, action, error) &&
         sb_statement_bind_text (statement, 5, subject_kind, error) &&
         bind_id (statement, 6, subject_id, error) &&
         sb_statement_bind_text (statement, 7, detail, error) &&
         sb_statement_execute (statement, error);
}

gint64
sb_store_get_last_insert_id (SbStore *self)
{
  g_return_val_if_fail (SB_IS_STORE (self), 0);
  return sb_database_get_last_insert_rowid (self->db);
}

gboolean
sb_store_delete_audit_entry (SbStore  *self,
                             gint64    id,
                             GError  **error)
{
  g_autoptr(SbStatement) statement = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  statement = prepare (self, "DELETE FROM audit_log WHERE id = ?1", error);

  return statement != NULL &&
         sb_statement_bind_int64 (statement, 1, id, error) &&
         sb_statement_execute (statement, error);
}

GPtrArray *
sb_store_list_audit (SbStore  *self,
                     gint64    organization_id,
                     GError  **error)
{
  g_autoptr(SbStatement) statement = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* IS matches the NULL of "no organization" when asked for 0. */
  statement = prepare (self,
                       "SELECT id, organization_id, member_id, at, action, subject_kind, "
                       "subject_id, detail FROM audit_log WHERE organization_id IS ?1 "
                       "ORDER BY at DESC, id DESC",
                       error);
  if (statement == NULL ||
      !bind_id (statement, 1, organization_id, error))
    return NULL;

  return collect_rows (statement, audit_entry_from_row, (GDestroyNotify)sb_audit_entry_free,
                       error);
}

/* }}} */

/* The engine's queue */

GPtrArray *
sb_store_list_unfinished_runs (SbStore  *self,
                               GError  **error)
{
  g_autoptr(SbStatement) statement = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Written out as in the partial index runs_unfinished, so that the query uses it. */
  statement = prepare (self,
                       "SELECT " RUN_COLUMNS " FROM runs "
                       "WHERE status IN ('queued', 'running') ORDER BY id",
                       error);
  if (statement == NULL)
    return NULL;

  return collect_rows (statement, run_from_row, g_object_unref, error);
}

gboolean
sb_store_request_cancel (SbStore  *self,
                         gint64    run_id,
                         gboolean *found,
                         GError  **error)
{
  g_autoptr(SbStatement) queued = NULL;
  g_autoptr(SbStatement) running = NULL;
  gint64 changes;

  g_return_val_if_fail (SB_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* A run that has not started is simply not run; a running one is stopped by its engine,
   * which looks for the request. */
  queued = prepare (self,
                    "UPDATE runs SET status = 'cancelled', cancel_requested = 1, "
                    "finished_at = strftime ('%Y-%m-%dT%H:%M:%fZ', 'now') "
                    "WHERE id = ?1 AND status = 'queued'",
                    error);
  if (queued == NULL ||
      !sb_statement_bind_int64 (queued, 1, run_id, error) ||
      !sb_statement_execute (queued, error))
    return FALSE;
  changes = sb_database_get_changes (self->db);

  running = prepare (self,
                     "UPDATE runs SET cancel_requested = 1 WHERE id = ?1 AND status = 'running'",
                     error);
  if (running == NULL ||
      !sb_statement_bind_int64 (running, 1, run_id, error) ||
      !sb_statement_execute (running, error))
    return FALSE;
  changes += sb_database_get_changes (self->db);

  if (found != NULL)
    *found = changes > 0;
  return TRUE;
}

gboolean
sb_store_get_cancel_requested (SbStore  *self,
                               gint64    run_id,
                               gboolean *requested,
                               GError  **error)
{
  g_autoptr(SbStatement) statement = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), FALSE);
  g_return_val_if_fail (requested != NULL, FALSE);

  statement = prepare (self, "SELECT cancel_requested FROM runs WHERE id = ?1", error);
  if (statement == NULL ||
      !sb_statement_bind_int64 (statement, 1, run_id, error) ||
      !step_one (statement, KIND_RUN, run_id, error))
    return FALSE;

  *requested = sb_statement_get_int64 (statement, 0) != 0;
  return TRUE;
}

GPtrArray *
sb_store_list_live_integrations (SbStore  *self,
                                 GError  **error)
{
  g_autoptr(SbStatement) statement = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  statement = prepare (self,
                       "SELECT " INTEGRATION_COLUMNS " FROM integrations "
                       "WHERE status = 'live' AND deleted_at IS NULL ORDER BY id",
                       error);
  if (statement == NULL)
    return NULL;

  return collect_rows (statement, integration_from_row, g_object_unref, error);
}

SbIntegration *
sb_store_find_webhook_integration (SbStore     *self,
                                   const char  *token,
                                   GError     **error)
{
  g_autoptr(SbStatement) statement = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), NULL);
  g_return_val_if_fail (token != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The expression of the index integrations_by_webhook_token. */
  statement = prepare (self,
                       "SELECT " INTEGRATION_COLUMNS " FROM integrations "
                       "WHERE (CASE WHEN json_valid (trigger) "
                       "THEN json_extract (trigger, '$.token') END) = ?1 "
                       "AND deleted_at IS NULL ORDER BY id LIMIT 1",
                       error);
  if (statement == NULL ||
      !sb_statement_bind_text (statement, 1, token, error))
    return NULL;

  if (!sb_statement_step (statement, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      return NULL;
    }

  return integration_from_row (statement);
}

gboolean
sb_store_delete_run (SbStore  *self,
                     gint64    run_id,
                     GError  **error)
{
  g_autoptr(SbStatement) statement = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Its events go with it (ON DELETE CASCADE). */
  statement = prepare (self, "DELETE FROM runs WHERE id = ?1", error);

  return statement != NULL &&
         sb_statement_bind_int64 (statement, 1, run_id, error) &&
         sb_statement_execute (statement, error) &&
         check_changed (self, KIND_RUN, run_id, error);
}

gint64
sb_store_get_data_version (SbStore *self)
{
  gint64 version = 0;

  g_return_val_if_fail (SB_IS_STORE (self), 0);

  /* Changes when another connection (another process) commits, not for our own writes. */
  if (!sb_database_query_int64 (self->db, "PRAGMA data_version", &version, NULL))
    return 0;
  return version;
}

gboolean
sb_store_in_transaction (SbStore *self)
{
  g_return_val_if_fail (SB_IS_STORE (self), FALSE);
  return sb_database_in_transaction (self->db);
}

/* Deactivation {{{ */

gboolean
sb_store_set_integration_deactivated (SbStore    *self,
                                      gint64      integration_id,
                                      GDateTime  *deactivated_at,
                                      gint64      member_id,
                                      const char *status,
                                      GError    **error)
{
  g_autoptr(SbStatement) statement = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  statement = prepare (self,
                       "UPDATE integrations SET deactivated_at = ?2, deactivated_by = ?3, "
                       "deactivated_status = ?4 WHERE id = ?1",
                       error);
  return statement != NULL &&
         sb_statement_bind_int64 (statement, 1, integration_id, error) &&
         bind_datetime (statement, 2, deactivated_at, error) &&
         (member_id > 0 && deactivated_at != NULL
            ? sb_statement_bind_int64 (statement, 3, member_id, error)
            : sb_statement_bind_null (statement, 3, error)) &&
         (status != NULL && deactivated_at != NULL
            ? sb_statement_bind_text (statement, 4, status, error)
            : sb_statement_bind_null (statement, 4, error)) &&
         sb_statement_execute (statement, error);
}

gboolean
sb_store_set_integration_awaiting_provider (SbStore    *self,
                                            gint64      integration_id,
                                            const char *connector_id,
                                            GError    **error)
{
  g_autoptr(SbStatement) statement = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  statement = prepare (self, "UPDATE integrations SET awaiting_provider = ?2 WHERE id = ?1",
                       error);
  return statement != NULL &&
         sb_statement_bind_int64 (statement, 1, integration_id, error) &&
         (connector_id != NULL
            ? sb_statement_bind_text (statement, 2, connector_id, error)
            : sb_statement_bind_null (statement, 2, error)) &&
         sb_statement_execute (statement, error);
}

char *
sb_store_dup_integration_awaiting_provider (SbStore  *self,
                                            gint64    integration_id,
                                            GError  **error)
{
  g_autoptr(SbStatement) statement = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  statement = prepare (self,
                       "SELECT awaiting_provider FROM integrations WHERE id = ?1 "
                       "AND awaiting_provider IS NOT NULL",
                       error);
  if (statement == NULL ||
      !sb_statement_bind_int64 (statement, 1, integration_id, error))
    return NULL;
  if (sb_statement_step (statement, &local_error))
    return sb_statement_dup_text (statement, 0);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return NULL;
}

char *
sb_store_dup_deactivated_status (SbStore  *self,
                                 gint64    integration_id,
                                 GError  **error)
{
  g_autoptr(SbStatement) statement = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  statement = prepare (self,
                       "SELECT deactivated_status FROM integrations WHERE id = ?1 "
                       "AND deactivated_at IS NOT NULL",
                       error);
  if (statement == NULL ||
      !sb_statement_bind_int64 (statement, 1, integration_id, error))
    return NULL;
  if (sb_statement_step (statement, &local_error))
    return sb_statement_dup_text (statement, 0);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return NULL;
}

GHashTable *
sb_store_list_deactivated_integrations (SbStore  *self,
                                        gint64    organization_id,
                                        GError  **error)
{
  g_autoptr(SbStatement) statement = NULL;
  g_autoptr(GHashTable) table = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (SB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  statement = prepare (self,
                       "SELECT id, deactivated_at FROM integrations "
                       "WHERE deactivated_at IS NOT NULL AND (?1 = 0 OR organization_id = ?1)",
                       error);
  if (statement == NULL ||
      !sb_statement_bind_int64 (statement, 1, organization_id, error))
    return NULL;

  table = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                 (GDestroyNotify) g_date_time_unref);
  while (sb_statement_step (statement, &local_error))
    {
      gint64 id = sb_statement_get_int64 (statement, 0);
      GDateTime *at = column_datetime (statement, 1);

      if (at != NULL)
        g_hash_table_insert (table, g_memdup2 (&id, sizeof id), at);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  return g_steal_pointer (&table);
}

/* }}} */
