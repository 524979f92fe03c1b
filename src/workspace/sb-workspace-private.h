/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sb-workspace.h"
#include "demo/sb-imitation.h"
#include "engine/sb-engine.h"
#include "secrets/sb-secret-store.h"
#include "store/sb-store.h"

G_BEGIN_DECLS

/* SbWorkspace is one class over several files: sb-workspace.c (opening, lookups,
 * integrations), sb-workspace-accounts.c (accounts and their credentials),
 * sb-workspace-demo.c (the demo and its imitations) and sb-workspace-export.c. */
struct _SbWorkspace
{
  GObject             parent_instance;

  /* owned */
  char               *data_dir;
  SbStore            *store;
  SbSecretStore      *secrets;
  SbConnectorCatalog *catalog;
  SbEngine           *engine;
  char               *profile_name;
  char               *profile_email;
  char               *acting_email;
  /* Why the keyring could not be used, translated; NULL while it answers. */
  char               *keyring_problem;
  /* The local imitations of the services, started when demo accounts need them. */
  SbImitations       *imitations;
  gboolean            imitations_failed;

  /* The list models handed out: loaded from the store on first use, then kept up to date by
   * the mutations, so every view of them follows. Keys are ids (gint64 *). */
  GListStore         *organizations;
  GHashTable         *integrations;
  GHashTable         *accounts;
  GHashTable         *members;
  GHashTable         *runs;
  GHashTable         *versions;     /* integration id → SbIntegrationVersion, newest first */
  GHashTable         *run_events;   /* run id → SbRunEvent, in order */
  GHashTable         *logs;         /* integration id → its warnings and errors, newest first */
  GHashTable         *account_errors; /* account id → SbAccountError, newest first */

  /* Integrations in the trash, waiting for Undo: id → the very object the list held, so
   * that Undo puts it back as it was. */
  GHashTable         *trash;
};

SbStore  *sb_workspace_get_store          (SbWorkspace     *self);
/* Adds an organization read back from the store to the organizations model. */
/* @accounts (SbAccount) and @integrations (SbIntegration) were written into the
 * organization: they join its lists where those are loaded. */
void      sb_workspace_take_imported      (SbWorkspace     *self,
                                           gint64           organization_id,
                                           GPtrArray       *accounts,
                                           GPtrArray       *integrations);
void      sb_workspace_take_organization  (SbWorkspace     *self,
                                           SbOrganization  *organization);
gboolean  sb_workspace_set_profile_locked (SbWorkspace     *self,
                                           const char      *name,
                                           const char      *email,
                                           GError         **error);
/* @demo: the document is the demo's: its accounts are marked as demo accounts (metadata
 * {"demo": "<service>"}) whose base URL is that of the local imitation. The ids of the
 * accounts written, in a new array of gint64, go to @new_account_ids when given. */
gboolean  sb_workspace_import_document    (SbWorkspace     *self,
                                           JsonNode        *document,
                                           gboolean         skip_existing,
                                           gboolean         demo,
                                           GArray         **new_account_ids,
                                           GError         **error);

/* The engine recorded @run, a new run: it goes to the top of its integration's runs list (when
 * that is loaded) and becomes the integration's last run. */
void      sb_workspace_add_run            (SbWorkspace     *self,
                                           SbRun           *run);

/* The engine recorded @event in the log of @run: it joins the run's log and, for a warning or
 * an error, the integration's log, where those are loaded. */
void      sb_workspace_add_run_event      (SbWorkspace     *self,
                                           SbRun           *run,
                                           SbRunEvent      *event);

/* The imitations (started on first use), or NULL when they cannot start. For tests. */
SbImitations *sb_workspace_get_imitations (SbWorkspace     *self);

/* Within the workspace {{{ */

typedef gint64 (*SbGetIdFunc) (gpointer item);

/* @problem: NULL when the keyring answered again. Notifies "keyring-problem". */
void            sb_workspace_set_keyring_problem     (SbWorkspace      *self,
                                                      const char       *problem);
gboolean        sb_workspace_is_blank                (const char       *text);
gboolean        sb_workspace_check_name              (const char       *name,
                                                      GError          **error);
int             sb_workspace_compare_accounts        (gconstpointer     a,
                                                      gconstpointer     b,
                                                      gpointer          user_data);
void            sb_workspace_resort_item             (GListStore       *store,
                                                      gpointer          item,
                                                      GCompareDataFunc  compare);
gpointer        sb_workspace_dup_by_id               (GListModel       *model,
                                                      gint64            id,
                                                      SbGetIdFunc       get_id);
GListStore     *sb_workspace_ensure_accounts         (SbWorkspace      *self,
                                                      gint64            organization_id);
GListStore     *sb_workspace_ensure_integrations     (SbWorkspace      *self,
                                                      gint64            organization_id);
/* The integration with @id among those loaded (borrowed), or NULL. */
SbIntegration  *sb_workspace_lookup_loaded_integration (SbWorkspace    *self,
                                                      gint64            id);
void            sb_workspace_refresh_services        (SbWorkspace      *self,
                                                      SbIntegration    *integration);
SbIntegration  *sb_workspace_copy_integration        (SbIntegration    *integration);
/* Makes @integration what @copy was written as, notifying what changed. */
void            sb_workspace_apply_integration       (SbWorkspace      *self,
                                                      SbIntegration    *integration,
                                                      SbIntegration    *copy);
SbOrganization *sb_workspace_dup_organization_of     (SbWorkspace      *self,
                                                      gint64            organization_id,
                                                      GError          **error);
/* The acting member, when their role allows @capability in @organization. */
SbMember       *sb_workspace_check_and_dup_actor     (SbWorkspace      *self,
                                                      SbOrganization   *organization,
                                                      SbCapability      capability,
                                                      GError          **error);
/* Checks the role again and begins a transaction. */
SbMember       *sb_workspace_begin_mutation          (SbWorkspace      *self,
                                                      SbOrganization   *organization,
                                                      SbCapability      capability,
                                                      GError          **error);
/* Writes the audit entry and commits; rolls back on failure. */
gboolean        sb_workspace_finish_mutation         (SbWorkspace      *self,
                                                      gint64            organization_id,
                                                      SbMember         *actor,
                                                      const char       *action,
                                                      const char       *subject_kind,
                                                      gint64            subject_id,
                                                      const char       *detail,
                                                      GError          **error);

/* Accounts: the service a demo account's base URL resolves to (its metadata's "demo"
 * member), or NULL. */
const char     *sb_workspace_get_demo_service        (SbAccount        *account);
/* Gives the demo accounts among @accounts, just loaded, the base URL of their imitation. */
void            sb_workspace_prepare_accounts        (SbWorkspace      *self,
                                                      gint64            organization_id,
                                                      GPtrArray        *accounts,
                                                      gpointer          data);
/* Starts the imitations when the store has demo accounts. */
void            sb_workspace_start_demo_services     (SbWorkspace      *self);

/* Members: sb_workspace_add_member() giving the member @packages (access package ids,
 * NULL for none; an integration user holds “integration-user” anyway), stored and audited
 * (member.set-packages) in the same transaction. */
SbMember       *sb_workspace_add_member_with_packages (SbWorkspace        *self,
                                                      SbOrganization     *organization,
                                                      const char         *display_name,
                                                      const char         *email,
                                                      const char         *phone,
                                                      SbMemberKind        kind,
                                                      SbRole              role,
                                                      const char * const *packages,
                                                      GError            **error);
/* sb-workspace-members.c: refuses an unknown access package, and any package for a
 * person. */
gboolean        sb_workspace_check_packages          (SbMemberKind        kind,
                                                      const char * const *packages,
                                                      GError            **error);
/* The audit detail of a grant: “bank@club.se: integration-user, invoicing”. */
char           *sb_workspace_dup_packages_detail     (const char         *email,
                                                      const char * const *packages);

/* }}} */

/* What going live needs of @integration's published configuration (activation checks it
 * too): a valid configuration, steps and connected accounts. */
gboolean       sb_workspace_check_ready_to_go_live    (SbWorkspace   *self,
                                                       SbIntegration *integration,
                                                       GError       **error);

/* The loaded one when there is one, otherwise read from the store; NULL when gone. */
SbIntegration *sb_workspace_dup_integration_by_id     (SbWorkspace *self,
                                                       gint64       id);
/* sb_workspace_create_integration_full(), and in the same transaction, when
 * @awaiting_provider (a connector id) is given, the wait for that provider (two-sided
 * activation), audited before the creation. */
SbIntegration *sb_workspace_create_integration_awaiting (SbWorkspace  *self,
                                                       SbOrganization *organization,
                                                       const char   *name,
                                                       const char   *description,
                                                       const char   *purpose,
                                                       JsonNode     *trigger,
                                                       JsonNode     *steps,
                                                       JsonNode     *settings,
                                                       const char   *awaiting_provider,
                                                       GError      **error);
/* sb-workspace-catalog.c: a run finished; one that succeeded ends the wait for a provider. */
void           sb_workspace_catalog_run_finished      (SbWorkspace  *self,
                                                       SbRun        *run,
                                                       gpointer      user_data);
/* sb-workspace-runs.c: the signals about runs, and following the engine. */
void           sb_workspace_class_init_runs           (GObjectClass *klass);
void           sb_workspace_connect_engine            (SbWorkspace  *self);

/* The engine's ::credentials-changed: the renewed fields go to the keyring. */
void sb_workspace_on_engine_credentials_changed (SbWorkspace   *self,
                                                 gint64         account_id,
                                                 SbCredentials *changed);

G_END_DECLS
