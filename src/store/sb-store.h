/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "model/sb-model.h"

G_BEGIN_DECLS

#define SB_STORE_ERROR (sb_store_error_quark ())

typedef enum
{
  SB_STORE_ERROR_FAILED,
  /* The file is not an SQLite database at all. */
  SB_STORE_ERROR_NOT_A_DATABASE,
  /* The file is an SQLite database, but damaged. */
  SB_STORE_ERROR_CORRUPT,
  /* The database was written by a newer Samband. */
  SB_STORE_ERROR_NEWER_SCHEMA,
  SB_STORE_ERROR_NOT_FOUND,
  /* A uniqueness or foreign key rule would be broken. */
  SB_STORE_ERROR_CONSTRAINT,
  SB_STORE_ERROR_BUSY,
} SbStoreError;

GQuark sb_store_error_quark (void);

typedef struct
{
  gint64     id;
  gint64     organization_id;
  gint64     member_id;       /* 0 when no member acted (the engine, a migration) */
  GDateTime *at;
  char      *action;          /* "integration.create", "integration.set-status", ... */
  char      *subject_kind;    /* "integration", "account", "member", "organization" */
  gint64     subject_id;
  char      *detail;          /* human-readable, never a secret; may be NULL */
} SbAuditEntry;

void sb_audit_entry_free (SbAuditEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbAuditEntry, sb_audit_entry_free)

#define SB_TYPE_STORE (sb_store_get_type ())
G_DECLARE_FINAL_TYPE (SbStore, sb_store, SB, STORE, GObject)

/* Opens (creating when missing) the database at @path and brings its schema up to date.
 * A file that is not SQLite, is corrupt, or has a newer schema is refused with a clear,
 * translated message naming the file, and is left exactly as it was. */
SbStore        *sb_store_open                       (const char      *path,
                                                     GError         **error);
const char     *sb_store_get_path                   (SbStore         *self);
int             sb_store_get_schema_version         (SbStore         *self);
/* Which database this is: a random id made with it, that the keyring's items of its accounts
 * carry, so that two databases never share credentials. */
const char     *sb_store_get_uuid                   (SbStore         *self);
int             sb_store_get_latest_schema_version  (void);

/* Every mutation runs inside one of these. They do not nest. */
gboolean        sb_store_in_transaction             (SbStore         *self);
gboolean        sb_store_begin                      (SbStore         *self,
                                                     GError         **error);
gboolean        sb_store_commit                     (SbStore         *self,
                                                     GError         **error);
void            sb_store_rollback                   (SbStore         *self);

/* The person who runs the application. FALSE without an error when there is none yet. */
gboolean        sb_store_get_profile                (SbStore         *self,
                                                     char           **name,
                                                     char           **email,
                                                     GError         **error);
gboolean        sb_store_set_profile                (SbStore         *self,
                                                     const char      *name,
                                                     const char      *email,
                                                     GError         **error);

/* Lists return new GPtrArrays of new objects (with a free func). Inserts set the id of the
 * object they are given. Updates write every column of the object. */
GPtrArray      *sb_store_list_organizations         (SbStore         *self,
                                                     GError         **error);
SbOrganization *sb_store_get_organization           (SbStore         *self,
                                                     gint64           id,
                                                     GError         **error);
gboolean        sb_store_insert_organization        (SbStore         *self,
                                                     SbOrganization  *organization,
                                                     GError         **error);
gboolean        sb_store_update_organization        (SbStore         *self,
                                                     SbOrganization  *organization,
                                                     GError         **error);

GPtrArray      *sb_store_list_members               (SbStore         *self,
                                                     gint64           organization_id,
                                                     GError         **error);
SbMember       *sb_store_get_member                 (SbStore         *self,
                                                     gint64           id,
                                                     GError         **error);
/* NULL without an error when there is no such member. */
SbMember       *sb_store_find_member_by_email       (SbStore         *self,
                                                     gint64           organization_id,
                                                     const char      *email,
                                                     GError         **error);
gboolean        sb_store_insert_member              (SbStore         *self,
                                                     SbMember        *member,
                                                     GError         **error);
gboolean        sb_store_update_member              (SbStore         *self,
                                                     SbMember        *member,
                                                     GError         **error);
/* Makes the access packages stored for the member @member_id exactly @packages (ids, NULL
 * for none): those not in it are taken back; those new are granted now by @granted_by (0
 * for nobody); those kept keep their time and granter. Inside a transaction. */
gboolean        sb_store_set_member_packages        (SbStore         *self,
                                                     gint64           member_id,
                                                     const char * const *packages,
                                                     gint64           granted_by,
                                                     GError         **error);
/* The member's access package ids, in the order they are shown; the member's object from
 * the lists above holds them too (sb_member_get_packages). A new array, NULL on error. */
char          **sb_store_list_member_packages       (SbStore         *self,
                                                     gint64           member_id,
                                                     GError         **error);
/* The accounts it owns keep no owner (ON DELETE SET NULL) unless moved first. */
gboolean        sb_store_delete_member              (SbStore         *self,
                                                     gint64           id,
                                                     GError         **error);
/* Whose credentials the account holds: @owner_member_id, or 0 for nobody. */
gboolean        sb_store_set_account_owner          (SbStore         *self,
                                                     gint64           account_id,
                                                     gint64           owner_member_id,
                                                     GError         **error);

GPtrArray      *sb_store_list_accounts              (SbStore         *self,
                                                     gint64           organization_id,
                                                     GError         **error);
SbAccount      *sb_store_get_account                (SbStore         *self,
                                                     gint64           id,
                                                     GError         **error);
gboolean        sb_store_insert_account             (SbStore         *self,
                                                     SbAccount       *account,
                                                     GError         **error);
gboolean        sb_store_update_account             (SbStore         *self,
                                                     SbAccount       *account,
                                                     GError         **error);
gboolean        sb_store_delete_account             (SbStore         *self,
                                                     gint64           id,
                                                     GError         **error);
/* Whether an account's metadata has a "demo" member naming a service (the demo's accounts,
 * which point at the local imitations). FALSE without an error when there is none. */
gboolean        sb_store_has_demo_accounts          (SbStore         *self,
                                                     GError         **error);

/* The integrations in the trash are left out. */
GPtrArray      *sb_store_list_integrations          (SbStore         *self,
                                                     gint64           organization_id,
                                                     GError         **error);
SbIntegration  *sb_store_get_integration            (SbStore         *self,
                                                     gint64           id,
                                                     GError         **error);
gboolean        sb_store_insert_integration         (SbStore         *self,
                                                     SbIntegration   *integration,
                                                     GError         **error);
gboolean        sb_store_update_integration         (SbStore         *self,
                                                     SbIntegration   *integration,
                                                     GError         **error);
/* Its runs, their events and its links to accounts go with it. */
gboolean        sb_store_delete_integration         (SbStore         *self,
                                                     gint64           id,
                                                     GError         **error);
/* Moves an integration to the trash at @deleted_at, or with NULL out of it again. */
gboolean        sb_store_set_integration_trashed    (SbStore         *self,
                                                     gint64           id,
                                                     GDateTime       *deleted_at,
                                                     GError         **error);
/* The integrations in the trash, of every organization, longest there first; with @before,
 * only those moved there before it. */
GPtrArray      *sb_store_list_trashed_integrations  (SbStore         *self,
                                                     GDateTime       *before,
                                                     GError         **error);

/* Published versions. Inserting needs the integration id, the version number (which must
 * not be taken) and the time. */
gboolean        sb_store_insert_integration_version (SbStore               *self,
                                                     SbIntegrationVersion  *version,
                                                     GError               **error);
/* Newest first; a GPtrArray of SbIntegrationVersion. */
GPtrArray      *sb_store_list_integration_versions  (SbStore         *self,
                                                     gint64           integration_id,
                                                     GError         **error);
/* SB_STORE_ERROR_NOT_FOUND when there is no such version. */
SbIntegrationVersion *sb_store_get_integration_version (SbStore      *self,
                                                     gint64           integration_id,
                                                     guint            version,
                                                     GError         **error);

/* Replaces the set of accounts the integration uses. */
gboolean        sb_store_set_integration_accounts   (SbStore         *self,
                                                     gint64           integration_id,
                                                     const gint64    *account_ids,
                                                     guint            n_account_ids,
                                                     GError         **error);
/* A new GArray of gint64 account ids. */
GArray         *sb_store_list_integration_accounts  (SbStore         *self,
                                                     gint64           integration_id,
                                                     GError         **error);
/* A new GArray of gint64 ids of the integrations that use the account. */
GArray         *sb_store_list_account_integrations  (SbStore         *self,
                                                     gint64           account_id,
                                                     GError         **error);

/* Which services each integration of an organization uses: a new table of integration id
 * (gint64 *) to a GPtrArray of the distinct connector ids of its accounts, sorted. Integrations
 * that use no account are not in it. */
GHashTable     *sb_store_list_integration_connectors (SbStore        *self,
                                                     gint64           organization_id,
                                                     GError         **error);

/* Newest first; @limit 0 means all. */
GPtrArray      *sb_store_list_runs                  (SbStore         *self,
                                                     gint64           integration_id,
                                                     guint            limit,
                                                     GError         **error);
/* The newest run (as sb_store_list_runs orders them) of each integration of the
 * organization that has one; a GPtrArray of SbRun. */
GPtrArray      *sb_store_list_latest_runs           (SbStore         *self,
                                                     gint64           organization_id,
                                                     GError         **error);
/* The runs of the integrations @integration_ids (a GArray of gint64), newest first by when
 * they started (or, not started yet, were queued): those whose status is in @status_mask
 * (bits 1 << SbRunStatus; 0: any), with failed items (@failed_items 1), without (0) or
 * either (-1), from @since and before @until (NULL: no bound). @limit 0 means all. */
GPtrArray      *sb_store_list_runs_of               (SbStore         *self,
                                                     GArray          *integration_ids,
                                                     guint            status_mask,
                                                     int              failed_items,
                                                     GDateTime       *since,
                                                     GDateTime       *until,
                                                     guint            limit,
                                                     GError         **error);
gint64          sb_store_count_runs                 (SbStore         *self,
                                                     gint64           integration_id,
                                                     GError         **error);
gboolean        sb_store_insert_run                 (SbStore         *self,
                                                     SbRun           *run,
                                                     GError         **error);
gboolean        sb_store_update_run                 (SbStore         *self,
                                                     SbRun           *run,
                                                     GError         **error);
/* Runs left running by a crash become interrupted; returns how many, or -1 on error. */
gint64          sb_store_interrupt_running_runs     (SbStore         *self,
                                                     GError         **error);

gboolean        sb_store_insert_audit               (SbStore         *self,
                                                     gint64           organization_id,
                                                     gint64           member_id,
                                                     const char      *action,
                                                     const char      *subject_kind,
                                                     gint64           subject_id,
                                                     const char      *detail,
                                                     GError         **error);
/* The id of the row inserted last through this store (an audit entry just written). */
gint64          sb_store_get_last_insert_id         (SbStore         *self);
/* Only for undoing what never completed: an account whose credentials could not be kept
 * leaves no trace of having been added. */
gboolean        sb_store_delete_audit_entry         (SbStore         *self,
                                                     gint64           id,
                                                     GError         **error);
/* Newest first; a GPtrArray of SbAuditEntry. */
GPtrArray      *sb_store_list_audit                 (SbStore         *self,
                                                     gint64           organization_id,
                                                     GError         **error);

/* Additions: the run log, account errors, polling cursors and retention. */
SbRun          *sb_store_get_run                    (SbStore         *self,
                                                     gint64           id,
                                                     GError         **error);
/* Sets the id of @event, and its time to now when it has none. It needs a run id and a
 * message. */
gboolean        sb_store_insert_run_event           (SbStore         *self,
                                                     SbRunEvent      *event,
                                                     GError         **error);
/* Writes every event of @events (a GPtrArray of SbRunEvent, each as sb_store_insert_run_event
 * wants it) with one statement, in one transaction: its own, or the one already open. Sets the
 * id of each event, and the time of each without one to now. On an error every id is 0 again;
 * in its own transaction nothing is written, in one already open the rollback is left to
 * whoever opened it. */
gboolean        sb_store_insert_run_events          (SbStore         *self,
                                                     GPtrArray       *events,
                                                     GError         **error);
/* Oldest first; a GPtrArray of SbRunEvent. */
GPtrArray      *sb_store_list_run_events            (SbStore         *self,
                                                     gint64           run_id,
                                                     GError         **error);
/* The newest @limit events of a run, oldest first; a GPtrArray of SbRunEvent. */
GPtrArray      *sb_store_list_latest_run_events     (SbStore         *self,
                                                     gint64           run_id,
                                                     guint            limit,
                                                     GError         **error);
/* The warnings and errors of every run of an integration, newest first; @limit 0 means all;
 * a GPtrArray of SbRunEvent. */
GPtrArray      *sb_store_list_integration_log       (SbStore         *self,
                                                     gint64           integration_id,
                                                     guint            limit,
                                                     GError         **error);
/* Deletes the finished runs (and their events) that started before @before; returns how
 * many, or -1 on error. */
gint64          sb_store_prune_runs                 (SbStore         *self,
                                                     GDateTime       *before,
                                                     GError         **error);
/* Deletes the oldest finished runs (and their events) of each integration beyond its newest
 * @keep_per_integration finished ones, newest as sb_store_list_runs orders them; queued and
 * running runs are neither counted nor deleted. Returns how many, or -1 on error. */
gint64          sb_store_prune_runs_beyond          (SbStore         *self,
                                                     guint            keep_per_integration,
                                                     GError         **error);
/* Gives back to the file system up to @max_pages of the pages that deleting left free (0: all
 * of them), so that the file shrinks after pruning (in WAL mode at the next checkpoint). */
gboolean        sb_store_reclaim_space              (SbStore         *self,
                                                     guint            max_pages,
                                                     GError         **error);

/* Needs the account id and a message; the integration id may be 0. Sets the id of
 * @account_error, and its time to now when it has none. */
gboolean        sb_store_insert_account_error       (SbStore         *self,
                                                     SbAccountError  *account_error,
                                                     GError         **error);
/* Newest first, each with the name of the integration that met it (while that exists);
 * @limit 0 means all; a GPtrArray of SbAccountError. */
GPtrArray      *sb_store_list_account_errors        (SbStore         *self,
                                                     gint64           account_id,
                                                     guint            limit,
                                                     GError         **error);

/* How far the poll trigger @name of an integration has read. NULL without an error when it
 * has not read anything yet. */
char           *sb_store_dup_cursor                 (SbStore         *self,
                                                     gint64           integration_id,
                                                     const char      *name,
                                                     GError         **error);
gboolean        sb_store_set_cursor                 (SbStore         *self,
                                                     gint64           integration_id,
                                                     const char      *name,
                                                     const char      *value,
                                                     GError         **error);

/* The engine's queue: the queued and running runs, oldest first (a GPtrArray of SbRun). */
GPtrArray      *sb_store_list_unfinished_runs       (SbStore         *self,
                                                     GError         **error);
/* Asks a run to stop: a queued one is cancelled at once, a running one is marked for its
 * engine to stop. @found (nullable): whether the run was still queued or running. */
gboolean        sb_store_request_cancel             (SbStore         *self,
                                                     gint64           run_id,
                                                     gboolean        *found,
                                                     GError         **error);
gboolean        sb_store_get_cancel_requested       (SbStore         *self,
                                                     gint64           run_id,
                                                     gboolean        *requested,
                                                     GError         **error);
/* Every live integration of every organization, not in the trash; a GPtrArray. */
GPtrArray      *sb_store_list_live_integrations     (SbStore         *self,
                                                     GError         **error);
/* The integration whose published trigger carries @token; NULL without an error when none. */
SbIntegration  *sb_store_find_webhook_integration   (SbStore         *self,
                                                     const char      *token,
                                                     GError         **error);
/* A run and its events, gone: a poll that found nothing new leaves no run behind. */
gboolean        sb_store_delete_run                 (SbStore         *self,
                                                     gint64           run_id,
                                                     GError         **error);
/* Deactivation (the register of activated integrations): @deactivated_at NULL reactivates.
 * @member_id: who did it, 0 for nobody; @status: the status it had (a nick), to go back to. */
gboolean        sb_store_set_integration_deactivated (SbStore        *self,
                                                     gint64           integration_id,
                                                     GDateTime       *deactivated_at,
                                                     gint64           member_id,
                                                     const char      *status,
                                                     GError         **error);
/* Two-sided activation: the connector id of the service whose provider must still switch
 * @integration_id on at their side, or NULL (newly allocated). @connector_id NULL clears it. */
gboolean        sb_store_set_integration_awaiting_provider (SbStore  *self,
                                                     gint64           integration_id,
                                                     const char      *connector_id,
                                                     GError         **error);
char           *sb_store_dup_integration_awaiting_provider (SbStore  *self,
                                                     gint64           integration_id,
                                                     GError         **error);
/* The status a deactivated integration had (a nick, newly allocated), or NULL. */
char           *sb_store_dup_deactivated_status     (SbStore         *self,
                                                     gint64           integration_id,
                                                     GError         **error);
/* The deactivated integrations of @organization_id (every organization when 0): a new hash
 * table of integration id (gint64 *) to when it was deactivated (GDateTime). */
GHashTable     *sb_store_list_deactivated_integrations (SbStore      *self,
                                                     gint64           organization_id,
                                                     GError         **error);
/* A number that changes whenever another process has committed to the database. */
gint64          sb_store_get_data_version           (SbStore         *self);

G_END_DECLS
