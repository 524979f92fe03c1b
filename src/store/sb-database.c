/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sb-database.h"

#include "sb-store.h"

#include <sqlite3.h>

struct _SbStatement
{
  gatomicrefcount  ref_count;
  sqlite3_stmt    *stmt;
};

struct _SbDatabase
{
  GObject parent_instance;

  /* owned */
  char       *path;
  sqlite3    *db;
  /* SQL text (the caller's static string, compared by content) -> SbStatement */
  GHashTable *statements;
};

G_DEFINE_FINAL_TYPE (SbDatabase, sb_database, G_TYPE_OBJECT)
G_DEFINE_BOXED_TYPE (SbStatement, sb_statement, sb_statement_ref, sb_statement_unref)

static int
error_code_from_sqlite (int result)
{
  switch (result & 0xff)
    {
    case SQLITE_CONSTRAINT:
      return SB_STORE_ERROR_CONSTRAINT;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return SB_STORE_ERROR_BUSY;
    case SQLITE_NOTADB:
      return SB_STORE_ERROR_NOT_A_DATABASE;
    case SQLITE_CORRUPT:
      return SB_STORE_ERROR_CORRUPT;
    default:
      return SB_STORE_ERROR_FAILED;
    }
}

static void
set_error_from_db (sqlite3  *db,
                   int       result,
                   GError  **error)
{
  const char *message = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (result);

  g_set_error_literal (error, SB_STORE_ERROR, error_code_from_sqlite (result), message);
}

static gboolean
check_open (SbDatabase  *self,
            GError     **error)
{
  if (self->db != NULL)
    return TRUE;

  g_set_error_literal (error, SB_STORE_ERROR, SB_STORE_ERROR_FAILED,
                       sqlite3_errstr (SQLITE_MISUSE));
  return FALSE;
}

static SbStatement *
statement_new (sqlite3_stmt *stmt)
{
  SbStatement *self = g_new0 (SbStatement, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->stmt = stmt;
  return self;
}

static void
sb_database_finalize (GObject *object)
{
  SbDatabase *self = (SbDatabase *)object;

  sb_database_close (self);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_free (self->path);

  G_OBJECT_CLASS (sb_database_parent_class)->finalize (object);
}

static void
sb_database_class_init (SbDatabaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sb_database_finalize;
}

static void
sb_database_init (SbDatabase *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify)sb_statement_unref);
}

SbDatabase *
sb_database_open (const char  *path,
                  gboolean     create,
                  GError     **error)
{
  g_autoptr(SbDatabase) self = NULL;
  int flags = SQLITE_OPEN_READWRITE;
  int result;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (create)
    flags |= SQLITE_OPEN_CREATE;

  self = g_object_new (SB_TYPE_DATABASE, NULL);
  self->path = g_strdup (path);

  result = sqlite3_open_v2 (path, &self->db, flags, NULL);
  if (result != SQLITE_OK)
    {
      set_error_from_db (self->db, result, error);
      /* sqlite3_open_v2 hands out a handle even when it fails, for the message. */
      sqlite3_close_v2 (self->db);
      self->db = NULL;
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, TRUE);

  return g_steal_pointer (&self);
}

const char *
sb_database_get_path (SbDatabase *self)
{
  g_return_val_if_fail (SB_IS_DATABASE (self), NULL);

  return self->path;
}

void
sb_database_close (SbDatabase *self)
{
  g_return_if_fail (SB_IS_DATABASE (self));

  if (self->db == NULL)
    return;

  g_hash_table_remove_all (self->statements);

  /* A statement someone still holds keeps the connection alive until it is finalized;
   * the last connection to close checkpoints the WAL and removes the -wal and -shm files. */
  sqlite3_close_v2 (self->db);
  self->db = NULL;
}

void
sb_database_set_busy_timeout (SbDatabase *self,
                              int         milliseconds)
{
  g_return_if_fail (SB_IS_DATABASE (self));
  g_return_if_fail (self->db != NULL);

  sqlite3_busy_timeout (self->db, milliseconds);
}

gboolean
sb_database_exec (SbDatabase  *self,
                  const char  *sql,
                  GError     **error)
{
  int result;

  g_return_val_if_fail (SB_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_open (self, error))
    return FALSE;

  result = sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  if (result != SQLITE_OK)
    {
      set_error_from_db (self->db, result, error);
      return FALSE;
    }

  return TRUE;
}

gboolean
sb_database_query_int64 (SbDatabase  *self,
                         const char  *sql,
                         gint64      *value,
                         GError     **error)
{
  g_autoptr(SbStatement) statement = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (SB_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  statement = sb_database_prepare (self, sql, error);
  if (statement == NULL)
    return FALSE;

  if (!sb_statement_step (statement, &local_error))
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }

      g_set_error (error, SB_STORE_ERROR, SB_STORE_ERROR_FAILED,
                   "No result from “%s”", sql);
      return FALSE;
    }

  if (value != NULL)
    *value = sb_statement_get_int64 (statement, 0);
  return TRUE;
}

SbStatement *
sb_database_prepare (SbDatabase  *self,
                     const char  *sql,
                     GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int result;

  g_return_val_if_fail (SB_IS_DATABASE (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_open (self, error))
    return NULL;

  result = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (result != SQLITE_OK)
    {
      set_error_from_db (self->db, result, error);
      sqlite3_finalize (stmt);
      return NULL;
    }

  return statement_new (stmt);
}

SbStatement *
sb_database_prepare_cached (SbDatabase  *self,
                            const char  *sql,
                            GError     **error)
{
  SbStatement *statement;

  g_return_val_if_fail (SB_IS_DATABASE (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  statement = g_hash_table_lookup (self->statements, sql);
  if (statement != NULL)
    {
      /* Only the cache holds it: free to hand out. Otherwise a caller is still stepping
       * through it, and resetting it under them would lose their place. */
      if (g_atomic_ref_count_compare (&statement->ref_count, 1))
        return sb_statement_ref (statement);

      return sb_database_prepare (self, sql, error);
    }

  statement = sb_database_prepare (self, sql, error);
  if (statement == NULL)
    return NULL;

  g_hash_table_insert (self->statements, g_strdup (sql), sb_statement_ref (statement));
  return statement;
}

gint64
sb_database_get_last_insert_rowid (SbDatabase *self)
{
  g_return_val_if_fail (SB_IS_DATABASE (self), 0);
  g_return_val_if_fail (self->db != NULL, 0);

  return sqlite3_last_insert_rowid (self->db);
}

gint64
sb_database_get_changes (SbDatabase *self)
{
  g_return_val_if_fail (SB_IS_DATABASE (self), 0);
  g_return_val_if_fail (self->db != NULL, 0);

  return sqlite3_changes64 (self->db);
}

gboolean
sb_database_begin (SbDatabase  *self,
                   GError     **error)
{
  return sb_database_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
sb_database_commit (SbDatabase  *self,
                    GError     **error)
{
  return sb_database_exec (self, "COMMIT", error);
}

void
sb_database_rollback (SbDatabase *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SB_IS_DATABASE (self));

  if (!sb_database_in_transaction (self))
    return;

  if (!sb_database_exec (self, "ROLLBACK", &error))
    g_warning ("Could not roll back a transaction in %s: %s", self->path, error->message);
}

gboolean
sb_database_in_transaction (SbDatabase *self)
{
  g_return_val_if_fail (SB_IS_DATABASE (self), FALSE);

  return self->db != NULL && !sqlite3_get_autocommit (self->db);
}

SbStatement *
sb_statement_ref (SbStatement *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
sb_statement_unref (SbStatement *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      sqlite3_finalize (self->stmt);
      g_free (self);
      return;
    }

  sqlite3_reset (self->stmt);
  sqlite3_clear_bindings (self->stmt);
}

static gboolean
check_bind (SbStatement  *self,
            int           result,
            GError      **error)
{
  if (result == SQLITE_OK)
    return TRUE;

  set_error_from_db (sqlite3_db_handle (self->stmt), result, error);
  return FALSE;
}

gboolean
sb_statement_bind_int64 (SbStatement  *self,
                         int           index,
                         gint64        value,
                         GError      **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return check_bind (self, sqlite3_bind_int64 (self->stmt, index, value), error);
}

gboolean
sb_statement_bind_text (SbStatement  *self,
                        int           index,
                        const char   *value,
                        GError      **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (value == NULL)
    return sb_statement_bind_null (self, index, error);

  return check_bind (self,
                     sqlite3_bind_text (self->stmt, index, value, -1, SQLITE_TRANSIENT),
                     error);
}

gboolean
sb_statement_bind_null (SbStatement  *self,
                        int           index,
                        GError      **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return check_bind (self, sqlite3_bind_null (self->stmt, index), error);
}

gboolean
sb_statement_step (SbStatement  *self,
                   GError      **error)
{
  int result;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  result = sqlite3_step (self->stmt);
  if (result == SQLITE_ROW)
    return TRUE;

  if (result != SQLITE_DONE)
    {
      set_error_from_db (sqlite3_db_handle (self->stmt), result, error);
      /* Ends the statement, so that it holds no lock and can run again. */
      sqlite3_reset (self->stmt);
    }

  return FALSE;
}

gboolean
sb_statement_execute (SbStatement  *self,
                      GError      **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  while (sb_statement_step (self, &local_error))
    ;

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}

void
sb_statement_reset (SbStatement *self)
{
  g_return_if_fail (self != NULL);

  sqlite3_reset (self->stmt);
}

gboolean
sb_statement_get_is_null (SbStatement *self,
                          int          column)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return sqlite3_column_type (self->stmt, column) == SQLITE_NULL;
}

gint64
sb_statement_get_int64 (SbStatement *self,
                        int          column)
{
  g_return_val_if_fail (self != NULL, 0);

  return sqlite3_column_int64 (self->stmt, column);
}

const char *
sb_statement_get_text (SbStatement *self,
                       int          column)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char *)sqlite3_column_text (self->stmt, column);
}

char *
sb_statement_dup_text (SbStatement *self,
                       int          column)
{
  return g_strdup (sb_statement_get_text (self, column));
}
