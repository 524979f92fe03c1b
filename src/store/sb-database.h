/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A thin wrapper around one SQLite connection and its prepared statements. Errors are in the
 * SB_STORE_ERROR domain (a constraint violation is SB_STORE_ERROR_CONSTRAINT, a locked
 * database SB_STORE_ERROR_BUSY, and so on) and carry SQLite's own message, which is not
 * translated: callers that show an error to the user wrap it in a sentence of their own.
 *
 * A connection and its statements belong to one thread at a time: the statement cache is not
 * locked. Work handed to a GTask thread takes the connection with it and gives it back. */

typedef struct _SbStatement SbStatement;

#define SB_TYPE_STATEMENT (sb_statement_get_type ())
GType        sb_statement_get_type            (void) G_GNUC_CONST;

#define SB_TYPE_DATABASE (sb_database_get_type ())
G_DECLARE_FINAL_TYPE (SbDatabase, sb_database, SB, DATABASE, GObject)

/* Opens the database at @path. With @create, a missing file is created; without it, a
 * missing file is an error. Opening reads and writes nothing: the caller decides which
 * pragmas to set, so that it can first check a file it must not change. */
SbDatabase  *sb_database_open                 (const char   *path,
                                               gboolean      create,
                                               GError      **error);
const char  *sb_database_get_path             (SbDatabase   *self);
/* Finalizes the cached statements and closes the connection; later calls fail. */
void         sb_database_close                (SbDatabase   *self);
void         sb_database_set_busy_timeout     (SbDatabase   *self,
                                               int           milliseconds);

/* Runs @sql, which may hold several statements separated by semicolons. */
gboolean     sb_database_exec                 (SbDatabase   *self,
                                               const char   *sql,
                                               GError      **error);
/* Runs a statement that returns one integer (a pragma, a count) and stores it in @value. */
gboolean     sb_database_query_int64          (SbDatabase   *self,
                                               const char   *sql,
                                               gint64       *value,
                                               GError      **error);
/* A new statement, owned by the caller. */
SbStatement *sb_database_prepare              (SbDatabase   *self,
                                               const char   *sql,
                                               GError      **error);
/* A statement from the connection's cache, prepared on first use. The caller owns a
 * reference; dropping it (sb_statement_unref, or g_autoptr) resets the statement and clears
 * its bindings, so a statement left between uses never holds a read lock. When the cached
 * statement for @sql is still in use, a new uncached one is returned. */
SbStatement *sb_database_prepare_cached       (SbDatabase   *self,
                                               const char   *sql,
                                               GError      **error);

gint64       sb_database_get_last_insert_rowid (SbDatabase  *self);
/* Rows changed by the last INSERT, UPDATE or DELETE. */
gint64       sb_database_get_changes          (SbDatabase   *self);

/* BEGIN IMMEDIATE, so that a writer waits (busy timeout) at the start of the transaction
 * rather than failing in the middle of it. */
gboolean     sb_database_begin                (SbDatabase   *self,
                                               GError      **error);
gboolean     sb_database_commit               (SbDatabase   *self,
                                               GError      **error);
/* Does nothing outside a transaction, so it is safe on every error path. */
void         sb_database_rollback             (SbDatabase   *self);
gboolean     sb_database_in_transaction       (SbDatabase   *self);

SbStatement *sb_statement_ref                 (SbStatement  *self);
/* Resets the statement; the last reference finalizes it. */
void         sb_statement_unref               (SbStatement  *self);

/* Parameters are numbered from 1, as in SQL. */
gboolean     sb_statement_bind_int64          (SbStatement  *self,
                                               int           index,
                                               gint64        value,
                                               GError      **error);
/* A NULL @value binds SQL NULL. */
gboolean     sb_statement_bind_text           (SbStatement  *self,
                                               int           index,
                                               const char   *value,
                                               GError      **error);
gboolean     sb_statement_bind_null           (SbStatement  *self,
                                               int           index,
                                               GError      **error);

/* TRUE when a row is ready to be read; FALSE when the statement is done or failed, with
 * @error set only when it failed. */
gboolean     sb_statement_step                (SbStatement  *self,
                                               GError      **error);
/* Steps until the statement is done: for statements that return no rows. */
gboolean     sb_statement_execute             (SbStatement  *self,
                                               GError      **error);
/* Makes the statement ready to run again, keeping its bindings. */
void         sb_statement_reset               (SbStatement  *self);

/* Columns are numbered from 0, as in SQLite. */
gboolean     sb_statement_get_is_null         (SbStatement  *self,
                                               int           column);
gint64       sb_statement_get_int64           (SbStatement  *self,
                                               int           column);
/* Borrowed, valid until the next step or reset; NULL for SQL NULL. */
const char  *sb_statement_get_text            (SbStatement  *self,
                                               int           column);
char        *sb_statement_dup_text            (SbStatement  *self,
                                               int           column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbStatement, sb_statement_unref)

G_END_DECLS
