/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "model/sb-model.h"
#include "connectors/sb-connector-catalog.h"
#include "connectors/sb-auth.h"
#include "connectors/sb-oauth2.h"

G_BEGIN_DECLS

#define SB_WORKSPACE_ERROR (sb_workspace_error_quark ())

typedef enum
{
  SB_WORKSPACE_ERROR_FAILED,
  SB_WORKSPACE_ERROR_NOT_FOUND,
  SB_WORKSPACE_ERROR_AMBIGUOUS,
  SB_WORKSPACE_ERROR_INVALID,
  SB_WORKSPACE_ERROR_NO_PROFILE,
  /* The object is used by something that must not lose it (an account by a Live integration). */
  SB_WORKSPACE_ERROR_IN_USE,
  /* An account has no credentials in the keyring (they were never kept, or were removed). */
  SB_WORKSPACE_ERROR_NO_CREDENTIALS,
  /* Another process (samband-cli serve, another window) runs this data's integrations. */
  SB_WORKSPACE_ERROR_ENGINE_ELSEWHERE,
  /* A run that cannot be replayed as asked (still running; nothing failed; outputs cut). */
  SB_WORKSPACE_ERROR_NOT_REPLAYABLE,
} SbWorkspaceError;

GQuark sb_workspace_error_quark (void);

#define SB_TYPE_WORKSPACE (sb_workspace_get_type ())
G_DECLARE_FINAL_TYPE (SbWorkspace, sb_workspace, SB, WORKSPACE, GObject)

/* The one door for the window and the command line.
 *
 * Every mutation is checked against the role of the acting member in the organization it
 * touches; a refusal is a G_IO_ERROR_PERMISSION_DENIED with a translated message, and
 * nothing is written. A mutation that succeeds is written in one transaction together with
 * its audit-log entry, then the model objects and list models are updated in place, so
 * every view follows.
 *
 * Objects returned by the mutations and lookups are new references; list models are
 * borrowed and live as long as the workspace. */

char           *sb_workspace_dup_default_data_dir   (void);

/* @data_dir: NULL for $XDG_DATA_HOME/samband; created when missing. */
SbWorkspace    *sb_workspace_open                   (const char          *data_dir,
                                                     GError             **error);
const char     *sb_workspace_get_data_dir           (SbWorkspace         *self);
/* The service types: names, icons and categories of the accounts' connectors. */
SbConnectorCatalog *sb_workspace_get_catalog        (SbWorkspace         *self);

/* The person who runs the application. */
gboolean        sb_workspace_has_profile            (SbWorkspace         *self);
const char     *sb_workspace_get_profile_name       (SbWorkspace         *self);
const char     *sb_workspace_get_profile_email      (SbWorkspace         *self);
gboolean        sb_workspace_create_profile         (SbWorkspace         *self,
                                                     const char          *name,
                                                     const char          *email,
                                                     GError             **error);

/* Who acts: the profile owner unless set (samband-cli --as EMAIL). */
const char     *sb_workspace_get_acting_email       (SbWorkspace         *self);
void            sb_workspace_set_acting_email       (SbWorkspace         *self,
                                                     const char          *email);
/* The acting member in @organization, or NULL when the acting person is not a member. */
SbMember       *sb_workspace_dup_acting_member      (SbWorkspace         *self,
                                                     SbOrganization      *organization);
gboolean        sb_workspace_can                    (SbWorkspace         *self,
                                                     SbOrganization      *organization,
                                                     SbCapability         capability);
gboolean        sb_workspace_check                  (SbWorkspace         *self,
                                                     SbOrganization      *organization,
                                                     SbCapability         capability,
                                                     GError             **error);

/* Sorted by name. */
GListModel     *sb_workspace_get_organizations      (SbWorkspace         *self);
/* Integrations by name, accounts by name, members by display name. */
GListModel     *sb_workspace_get_integrations       (SbWorkspace         *self,
                                                     SbOrganization      *organization);
GListModel     *sb_workspace_get_accounts           (SbWorkspace         *self,
                                                     SbOrganization      *organization);
GListModel     *sb_workspace_get_members            (SbWorkspace         *self,
                                                     SbOrganization      *organization);
/* The runs of an integration, newest first. */
GListModel     *sb_workspace_get_runs               (SbWorkspace         *self,
                                                     SbIntegration       *integration);
/* How many runs it has (what goes with it when it is deleted). */
guint           sb_workspace_count_runs             (SbWorkspace         *self,
                                                     SbIntegration       *integration);
/* The log of a run, SbRunEvent in order. */
GListModel     *sb_workspace_get_run_events         (SbWorkspace         *self,
                                                     SbRun               *run);
/* The warnings and errors of all the runs of an integration, SbRunEvent, newest first. */
GListModel     *sb_workspace_get_integration_log    (SbWorkspace         *self,
                                                     SbIntegration       *integration);
/* Its published versions, SbIntegrationVersion, newest first. */
GListModel     *sb_workspace_get_versions           (SbWorkspace         *self,
                                                     SbIntegration       *integration);

SbOrganization *sb_workspace_dup_organization       (SbWorkspace         *self,
                                                     gint64               id);
/* By id or by exact name (ignoring case); several matches are an error that lists them. */
SbOrganization *sb_workspace_find_organization      (SbWorkspace         *self,
                                                     const char          *id_or_name,
                                                     GError             **error);
SbIntegration  *sb_workspace_find_integration       (SbWorkspace         *self,
                                                     const char          *id_or_name,
                                                     GError             **error);
SbAccount      *sb_workspace_find_account           (SbWorkspace         *self,
                                                     const char          *id_or_name,
                                                     GError             **error);
SbMember       *sb_workspace_dup_member             (SbWorkspace         *self,
                                                     SbOrganization      *organization,
                                                     gint64               member_id);
/* The display name of a member (or the e-mail address when there is none), for “created by
 * …”; NULL when there is no such member. Newly allocated. */
char           *sb_workspace_dup_member_name        (SbWorkspace         *self,
                                                     gint64               member_id);
/* The accounts an integration uses, as a new GPtrArray of SbAccount. */
GPtrArray      *sb_workspace_dup_integration_accounts (SbWorkspace       *self,
                                                     SbIntegration       *integration);

/* The acting person (who needs a profile) becomes the Admin of the new organization. */
SbOrganization *sb_workspace_create_organization    (SbWorkspace         *self,
                                                     const char          *name,
                                                     SbOrganizationKind   kind,
                                                     const char          *sport,
                                                     GError             **error);
/* An integration user added this way holds the access package “Integration user” only
 * (see sb-workspace-members.h for more). */
SbMember       *sb_workspace_add_member             (SbWorkspace         *self,
                                                     SbOrganization      *organization,
                                                     const char          *display_name,
                                                     const char          *email,
                                                     const char          *phone,
                                                     SbMemberKind         kind,
                                                     SbRole               role,
                                                     GError             **error);

/* Every problem of a configuration, for the editor to show at each field: those of
 * sb_integration_config_validate, and accounts that are not the organization's. A new
 * GPtrArray of SbProblem, empty when there are none. */
GPtrArray      *sb_workspace_check_integration_config (SbWorkspace       *self,
                                                     SbOrganization      *organization,
                                                     JsonNode            *trigger,
                                                     JsonNode            *steps,
                                                     JsonNode            *settings);

/* A Draft with a manual trigger, no steps and the default settings. */
SbIntegration  *sb_workspace_create_integration     (SbWorkspace         *self,
                                                     SbOrganization      *organization,
                                                     const char          *name,
                                                     const char          *description,
                                                     GError             **error);
/* A Draft with this configuration, validated first (SB_WORKSPACE_ERROR_INVALID with the first
 * problem's message). A NULL trigger is a manual one, NULL steps none, NULL settings the
 * defaults. */
SbIntegration  *sb_workspace_create_integration_full (SbWorkspace        *self,
                                                     SbOrganization      *organization,
                                                     const char          *name,
                                                     const char          *description,
                                                     const char          *purpose,
                                                     JsonNode            *trigger,
                                                     JsonNode            *steps,
                                                     JsonNode            *settings,
                                                     GError             **error);
/* Saves the editor's work, validated first (SB_WORKSPACE_ERROR_INVALID with the first
 * problem's message; an empty name is refused). The name, description and purpose apply at
 * once. The trigger, steps and settings apply at once to a Draft; for a Live or Paused one
 * they become its draft while the published version keeps running (no draft when they equal
 * it). NULL for any of the three keeps what the editor showed (sb_integration_get_edited_*).
 * The accounts it uses follow the "account" members of the trigger and steps. */
gboolean        sb_workspace_update_integration     (SbWorkspace         *self,
                                                     SbIntegration       *integration,
                                                     const char          *name,
                                                     const char          *description,
                                                     const char          *purpose,
                                                     JsonNode            *trigger,
                                                     JsonNode            *steps,
                                                     JsonNode            *settings,
                                                     GError             **error);
gboolean        sb_workspace_rename_integration     (SbWorkspace         *self,
                                                     SbIntegration       *integration,
                                                     const char          *name,
                                                     GError             **error);
/* Live goes through sb_workspace_activate_integration and Live to Paused through
 * sb_workspace_pause_integration, with their checks; the status it has already is no
 * change. */
gboolean        sb_workspace_set_integration_status (SbWorkspace         *self,
                                                     SbIntegration       *integration,
                                                     SbIntegrationStatus  status,
                                                     GError             **error);
/* Draft or Paused to Live. Refused (SB_WORKSPACE_ERROR_INVALID, the message naming the cause)
 * when the trigger or a step is incomplete, there are no steps, or an account it uses is not
 * connected; and when it is Live already. Activating what was never published publishes
 * version 1. */
gboolean        sb_workspace_activate_integration   (SbWorkspace         *self,
                                                     SbIntegration       *integration,
                                                     GError             **error);
/* Live to Paused; anything else is refused. */
gboolean        sb_workspace_pause_integration      (SbWorkspace         *self,
                                                     SbIntegration       *integration,
                                                     GError             **error);
/* The draft of a Live or Paused integration replaces its trigger, steps and settings as the
 * next version (validated first; for a Live one its accounts must be connected). Refused
 * without a draft. */
gboolean        sb_workspace_publish_integration    (SbWorkspace         *self,
                                                     SbIntegration       *integration,
                                                     GError             **error);
gboolean        sb_workspace_discard_draft          (SbWorkspace         *self,
                                                     SbIntegration       *integration,
                                                     GError             **error);
/* The configuration of a published version becomes the draft (for a Draft: its trigger,
 * steps and settings). */
gboolean        sb_workspace_restore_version        (SbWorkspace         *self,
                                                     SbIntegration       *integration,
                                                     guint                version,
                                                     GError             **error);
/* A Draft named “<name> (copy)” with the same description, purpose, trigger, steps and
 * settings; no runs, no versions. */
SbIntegration  *sb_workspace_duplicate_integration  (SbWorkspace         *self,
                                                     SbIntegration       *integration,
                                                     GError             **error);
/* Deletes it with its runs, at once. */
gboolean        sb_workspace_delete_integration     (SbWorkspace         *self,
                                                     SbIntegration       *integration,
                                                     GError             **error);
/* Delete with Undo: trashing takes it out of its organization's list (lookups no longer find
 * it); untrashing puts the same object back with its runs; purging deletes everything in the
 * trash for real. Opening a workspace purges what an earlier session left there. */
gboolean        sb_workspace_trash_integration      (SbWorkspace         *self,
                                                     SbIntegration       *integration,
                                                     GError             **error);
gboolean        sb_workspace_untrash_integration    (SbWorkspace         *self,
                                                     SbIntegration       *integration,
                                                     GError             **error);
gboolean        sb_workspace_purge_trash            (SbWorkspace         *self,
                                                     GError             **error);

/* Accounts {{{
 *
 * Credentials never enter the store: every field of them goes to the keyring (src/secrets),
 * keyed by the account id. When no keyring answers, an account is kept without them in the
 * status SB_ACCOUNT_STATUS_NEEDS_CREDENTIALS, and sb_workspace_get_keyring_problem() says
 * why; there is no other place they could go. */

/* Why the keyring could not be used the last time it was needed (translated, for a banner),
 * or NULL while it answers. The "keyring-problem" property notifies when this changes. */
const char     *sb_workspace_get_keyring_problem    (SbWorkspace         *self);

/* Tests @credentials (copied) against the service of @connector_id at @base_url (NULL: the
 * connector's default) and returns what the service said about the account (a JSON object:
 * shop domain, company name, token expiry, …): the connection info to hand to
 * sb_workspace_add_account_async(). A failure is an error whose message says what the
 * service answered (SB_CONNECTOR_ERROR), or an invalid base URL (SB_WORKSPACE_ERROR_INVALID).
 * Nothing is written anywhere. */
void            sb_workspace_test_connection_async  (SbWorkspace         *self,
                                                     const char          *connector_id,
                                                     const char          *base_url,
                                                     SbCredentials       *credentials,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
JsonNode       *sb_workspace_test_connection_finish (SbWorkspace         *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
/* The same, with @renewed: the fields the service renewed during the test (a rotated OAuth2
 * refresh token, a session), or NULL when it renewed none. Put them into the credentials
 * (sb_credentials_update()) before adding them: a rotated refresh token replaces the old one
 * at the service. */
JsonNode       *sb_workspace_test_connection_finish_full (SbWorkspace    *self,
                                                     GAsyncResult        *result,
                                                     SbCredentials      **renewed,
                                                     GError             **error);

/* Adds a Connected account (after the caller tested the credentials): checks the role
 * (Admin or Collaborator), writes the account with its audit entry, then stores every field
 * of @credentials in the keyring; the account joins the accounts list once that is done.
 * @credentials: may be NULL or empty for a service that needs none.
 * @owner_member_id: the member (person or integration user) of @organization whose
 * credentials these are, or 0. @connection_info: what the test returned, or NULL.
 * When no keyring answers (SB_SECRETS_ERROR_NO_SERVICE) the account is kept in the status
 * Needs credentials and returned without an error: read its status, and
 * sb_workspace_get_keyring_problem() for why. Any other failure, and cancelling, leave
 * nothing behind: neither the account nor its audit entry nor any credential. */
void            sb_workspace_add_account_async      (SbWorkspace         *self,
                                                     SbOrganization      *organization,
                                                     const char          *connector_id,
                                                     const char          *name,
                                                     const char          *base_url,
                                                     SbCredentials       *credentials,
                                                     gint64               owner_member_id,
                                                     JsonNode            *connection_info,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
/* The very object the accounts list holds. */
SbAccount      *sb_workspace_add_account_finish     (SbWorkspace         *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

/* Tests the account with its stored credentials (Admin or Collaborator): on success it
 * becomes Connected with the connection info the service gave; on a failure it becomes
 * Needs attention (the service refused the credentials: 401, 403, a refused login or
 * refresh) or Error (anything else), the failure is recorded among its errors, and the
 * error is returned. Renewed tokens are stored back in the keyring. Without stored
 * credentials (or without a keyring) it becomes Needs credentials. Cancelling writes
 * nothing. Returns the connection info. */
void            sb_workspace_test_account_async     (SbWorkspace         *self,
                                                     SbAccount           *account,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
JsonNode       *sb_workspace_test_account_finish    (SbWorkspace         *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

/* Tests @credentials at the account's base URL first; a failure changes nothing. Then they
 * replace every stored field of the account and it becomes Connected with the new
 * connection info (or Needs credentials when no keyring answers, without an error, as for
 * adding). */
void            sb_workspace_replace_credentials_async  (SbWorkspace         *self,
                                                         SbAccount           *account,
                                                         SbCredentials       *credentials,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
gboolean        sb_workspace_replace_credentials_finish (SbWorkspace         *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

/* A base URL override (sandboxes, self-hosted services, the local imitations), or NULL for
 * the connector's default. Must be an http:// or https:// URL with a host; the message
 * says what is wrong (SB_WORKSPACE_ERROR_INVALID). Does not test the connection. */
gboolean        sb_workspace_set_account_base_url   (SbWorkspace         *self,
                                                     SbAccount           *account,
                                                     const char          *base_url,
                                                     GError             **error);
gboolean        sb_workspace_rename_account         (SbWorkspace         *self,
                                                     SbAccount           *account,
                                                     const char          *name,
                                                     GError             **error);
/* Whose credentials these are: a member of the account's organization, or 0 for nobody. */
gboolean        sb_workspace_set_account_owner      (SbWorkspace         *self,
                                                     SbAccount           *account,
                                                     gint64               owner_member_id,
                                                     GError             **error);

/* Deletes the account. Refused while a Live integration uses it (SB_WORKSPACE_ERROR_IN_USE,
 * the message naming them); the integrations that used it otherwise become Drafts, whose
 * steps still name the account, so that validation asks to choose another. Its
 * credentials are then removed from the keyring before the call completes. */
void            sb_workspace_delete_account_async   (SbWorkspace         *self,
                                                     SbAccount           *account,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean        sb_workspace_delete_account_finish  (SbWorkspace         *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
/* The same, with the keyring cleared in the background. */
gboolean        sb_workspace_delete_account         (SbWorkspace         *self,
                                                     SbAccount           *account,
                                                     GError             **error);

/* An account without credentials (Needs credentials), for imports and tests; the window and
 * samband-cli add-account use sb_workspace_add_account_async(). */
SbAccount      *sb_workspace_add_account            (SbWorkspace         *self,
                                                     SbOrganization      *organization,
                                                     const char          *connector_id,
                                                     const char          *name,
                                                     const char          *base_url,
                                                     GError             **error);

/* Account details are not for Readers: FALSE with G_IO_ERROR_PERMISSION_DENIED and “Only
 * Admins and Collaborators can see account details.” Ask before showing any of the
 * following. */
gboolean        sb_workspace_check_account_details  (SbWorkspace         *self,
                                                     SbAccount           *account,
                                                     GError             **error);
/* The integrations that use the account: the very objects of the integrations lists, in a
 * new GPtrArray. */
GPtrArray      *sb_workspace_dup_account_integrations (SbWorkspace       *self,
                                                     SbAccount           *account);
/* Its errors, SbAccountError, newest first; kept current. Borrowed. */
GListModel     *sb_workspace_get_account_errors     (SbWorkspace         *self,
                                                     SbAccount           *account);
/* The member whose credentials it uses, or NULL when none is recorded. */
SbMember       *sb_workspace_dup_account_owner      (SbWorkspace         *self,
                                                     SbAccount           *account);

/* An OAuth2 authorization for a new account of @connector_id at @base_url (NULL: the
 * connector's default), with Samband's client id and secret for that service (for an
 * account on the local imitations, theirs). The caller starts it, opens the URI it gives,
 * waits for it with the workspace's session (sb_workspace_get_session()) and adds the
 * account with the credentials it returns. Fails (SB_WORKSPACE_ERROR_INVALID) for a
 * connector that does not use OAuth2 and when no client id is known for the service. */
SbOAuth2Flow   *sb_workspace_new_oauth2_flow        (SbWorkspace         *self,
                                                     const char          *connector_id,
                                                     const char          *base_url,
                                                     GError             **error);
/* The one HTTP session of the application. */
SoupSession    *sb_workspace_get_session            (SbWorkspace         *self);
/* The base URL of the local imitation of @connector_id (started on first use), or NULL
 * when there is none or it cannot start: what the window offers under Advanced. */
const char     *sb_workspace_get_imitation_base_url (SbWorkspace         *self,
                                                     const char          *connector_id);

/* Integrations and accounts of @organization (NULL: of every organization whose account
 * details the acting person may see) as a JSON document in the shape sb_demo_build_document()
 * describes, without any credential. Refused (G_IO_ERROR_PERMISSION_DENIED) when the acting
 * person may not see the account details of @organization, or of any organization. */
JsonNode       *sb_workspace_export                 (SbWorkspace         *self,
                                                     SbOrganization      *organization,
                                                     GError             **error);

/* What sb_workspace_import_into() brought in, by the names they got (a name already taken
 * gets a number: “Nightly import (2)”). */
typedef struct
{
  GPtrArray *integrations;  /* char *: each a Draft */
  GPtrArray *accounts;      /* char *: each Needs credentials */
} SbTransferReport;

void            sb_transfer_report_free             (SbTransferReport    *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbTransferReport, sb_transfer_report_free)

/* Reads @file, an export (sb_workspace_export()), into @organization: the accounts and
 * integrations of every organization in it. A document has no credentials, so each account
 * Needs credentials, and each integration comes as a Draft, to be activated once its
 * accounts have them; webhooks get a receiver URL of their own. Runs, members and owners are
 * left out: they belong where they came from. Needs the rights to edit integrations and
 * accounts (G_IO_ERROR_PERMISSION_DENIED). A file that cannot be read or is not such a
 * document is refused (SB_WORKSPACE_ERROR_INVALID, naming the file and the place at fault)
 * and nothing of it is written. */
gboolean        sb_workspace_import_into            (SbWorkspace         *self,
                                                     SbOrganization      *organization,
                                                     GFile               *file,
                                                     SbTransferReport   **report,
                                                     GError             **error);

/* }}} */

/* Runs @integration once, now, whatever its status (Admin or Collaborator; refused otherwise
 * with G_IO_ERROR_PERMISSION_DENIED): its trigger's input is @trigger_input (NULL: none).
 * Completes with the run when it has finished, succeeded or failed — a failed run is a run,
 * not an error; the error is for a run that could not start. The run joins the
 * integration's runs and becomes its last run. */
void            sb_workspace_run_integration_async  (SbWorkspace         *self,
                                                     SbIntegration       *integration,
                                                     JsonNode            *trigger_input,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
SbRun          *sb_workspace_run_integration_finish (SbWorkspace         *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

/* The engine: runs are queued in the store and run by the one process that holds the data
 * directory's lock. The window and `samband-cli serve` start it; when another process has
 * it, this returns FALSE with SB_WORKSPACE_ERROR_ENGINE_ELSEWHERE, and this workspace still
 * queues, cancels, replays and shows runs (the other process runs them).
 *
 * Signals of the workspace, for the window: "run-started" (SbRun *run), "run-progress"
 * (SbRun *run, guint step, guint n_steps, guint item, guint n_items), "run-finished"
 * (SbRun *run), "integration-failed" (SbIntegration *integration, SbRun *run: a run of a
 * live integration failed), "integration-paused" (SbIntegration *integration, const char
 * *reason: it paused itself after failing too often), "runs-changed" (another process
 * recorded runs; the lists have been read again). */
gboolean        sb_workspace_start_engine           (SbWorkspace         *self,
                                                     GError             **error);
/* For samband-cli run: runs only what this process queues, no schedule, no polls. */
gboolean        sb_workspace_start_engine_for_own_runs (SbWorkspace      *self,
                                                     GError             **error);
gboolean        sb_workspace_get_engine_started     (SbWorkspace         *self);
/* Lets go of the lock: nothing new starts here; runs in progress go on until the process
 * ends (then the next engine marks them interrupted and runs them again). */
void            sb_workspace_stop_engine            (SbWorkspace         *self);
/* Queues a run of @integration (as sb_workspace_run_integration_async() does) and returns it
 * at once, queued; the engine that holds the lock runs it. */
SbRun          *sb_workspace_queue_run              (SbWorkspace         *self,
                                                     SbIntegration       *integration,
                                                     JsonNode            *trigger_input,
                                                     GError             **error);
/* The webhook receiver's port on 127.0.0.1, set before the engine starts (0: any free one);
 * _get_ gives the port it listens on, 0 while it does not, and _problem_ why it could not
 * (translated), NULL otherwise. */
void            sb_workspace_set_webhook_port       (SbWorkspace         *self,
                                                     guint                port);
guint           sb_workspace_get_webhook_port       (SbWorkspace         *self);
const char     *sb_workspace_get_webhook_problem    (SbWorkspace         *self);
/* How long the engine keeps finished runs: those older than @days and those beyond the newest
 * @per_integration of each integration go, with their events (0: no limit). Applied at the
 * next pruning: when the engine starts, then every hour. */
void            sb_workspace_set_retention          (SbWorkspace         *self,
                                                     guint                days,
                                                     guint                per_integration);
/* The runs in progress in this process's engine; a new GPtrArray of SbRun. */
GPtrArray      *sb_workspace_list_running_runs      (SbWorkspace         *self);
/* Checks schedules and poll triggers at once (@now: NULL for the clock; for the tests). */
guint           sb_workspace_check_triggers         (SbWorkspace         *self,
                                                     GDateTime           *now);
/* A run by its id, from the store; NULL with an error when there is none. */
SbRun          *sb_workspace_dup_run                (SbWorkspace         *self,
                                                     gint64               run_id,
                                                     GError             **error);
/* Queues a replay of a finished run with the same trigger input (@from_failed_step: from the
 * step that failed, reusing the recorded outputs of those before). Admins and Collaborators. */
SbRun          *sb_workspace_replay_run             (SbWorkspace         *self,
                                                     SbRun               *run,
                                                     gboolean             from_failed_step,
                                                     GError             **error);
/* Stops a queued or running run, here or in the process that runs it. */
gboolean        sb_workspace_cancel_run             (SbWorkspace         *self,
                                                     SbRun               *run,
                                                     GError             **error);
/* Completes once the run has ended, with the run as recorded. */
void            sb_workspace_wait_run_async         (SbWorkspace         *self,
                                                     gint64               run_id,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
SbRun          *sb_workspace_wait_run_finish        (SbWorkspace         *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

/* Imports {{{
 *
 * An import is a run of an integration that brings records in one by one: its steps go
 * through a list (a for_each step, at any depth) or its trigger is a poll (each new item
 * runs the steps). The runner records what became of every item (created, updated, skipped
 * or failed, with the reason); an import's details are those outcomes. Anyone who may see
 * the organization's integrations may see its imports. */

typedef enum
{
  SB_IMPORT_STATUS_ANY,
  /* Succeeded (or filtered) without a failed item. */
  SB_IMPORT_STATUS_DONE,
  /* Succeeded with some items failed. */
  SB_IMPORT_STATUS_PARTIAL,
  /* Failed, interrupted or cancelled. */
  SB_IMPORT_STATUS_FAILED,
  /* Queued or running. */
  SB_IMPORT_STATUS_RUNNING,
} SbImportStatus;

SbImportStatus  sb_import_status_for_run            (SbRun               *run);
/* "any", "done", "partial", "failed", "running": for samband-cli and its JSON. */
const char     *sb_import_status_to_string          (SbImportStatus       status);
gboolean        sb_import_status_from_string        (const char          *text,
                                                     SbImportStatus      *status);
/* Translated: “Done”, “Partial”, … (“Any status” for SB_IMPORT_STATUS_ANY). */
const char     *sb_import_status_get_label          (SbImportStatus       status);

/* What became of one item of an import. */
typedef struct
{
  guint  index;    /* its place in the list, from 0 */
  char  *step_id;  /* the loop's step ("trigger" for a poll's new items) */
  char  *key;      /* what to call it (a name, else an id); may be NULL */
  char  *id;       /* its id at the service; may be NULL */
  char  *outcome;  /* "created", "updated", "skipped" or "failed" */
  char  *reason;   /* why it was skipped or failed; NULL otherwise */
} SbImportItem;

void            sb_import_item_free                 (SbImportItem        *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbImportItem, sb_import_item_free)
/* Translated: “Created”, “Updated”, “Skipped”, “Failed”. */
const char     *sb_import_outcome_get_label         (const char          *outcome);

gboolean        sb_workspace_is_import_integration  (SbWorkspace         *self,
                                                     SbIntegration       *integration);
/* The imports of @organization, newest first, as a new GPtrArray of SbRun: of the
 * integrations whose name matches @search (ignoring case and diacritics; NULL or "" for
 * all), with @status, started (or queued) from @since and before @until (either NULL for
 * no bound); at most @limit (0: all). */
GPtrArray      *sb_workspace_list_imports           (SbWorkspace         *self,
                                                     SbOrganization      *organization,
                                                     const char          *search,
                                                     SbImportStatus       status,
                                                     GDateTime           *since,
                                                     GDateTime           *until,
                                                     guint                limit,
                                                     GError             **error);
/* The outcome of every item of @run that has one, in order: a new GPtrArray of
 * SbImportItem (empty for a run that recorded none, such as one from before outcomes were
 * recorded). */
GPtrArray      *sb_workspace_list_import_items      (SbWorkspace         *self,
                                                     SbRun               *run,
                                                     GError             **error);

/* }}} */

/* Creates the demo club and company (and a profile when there is none); a second call adds
 * nothing. Their accounts point at the local imitations of the services (started with the
 * workspace whenever the store has demo accounts, on new ports each time), and the
 * imitations' credentials go to the keyring in the background; without a keyring the
 * accounts that would be Connected need credentials instead. */
gboolean        sb_workspace_create_demo            (SbWorkspace         *self,
                                                     GError             **error);
/* The same, completing once the credentials are in the keyring (or known not to be). */
void            sb_workspace_create_demo_async      (SbWorkspace         *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean        sb_workspace_create_demo_finish     (SbWorkspace         *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

G_END_DECLS
