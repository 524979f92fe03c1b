/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "model/sb-model.h"
#include "connectors/sb-connector-catalog.h"

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

SbAccount      *sb_workspace_add_account            (SbWorkspace         *self,
                                                     SbOrganization      *organization,
                                                     const char          *connector_id,
                                                     const char          *name,
                                                     const char          *base_url,
                                                     GError             **error);
gboolean        sb_workspace_rename_account         (SbWorkspace         *self,
                                                     SbAccount           *account,
                                                     const char          *name,
                                                     GError             **error);
gboolean        sb_workspace_delete_account         (SbWorkspace         *self,
                                                     SbAccount           *account,
                                                     GError             **error);

/* Creates the demo club and company (and a profile when there is none); a second call adds
 * nothing. */
gboolean        sb_workspace_create_demo            (SbWorkspace         *self,
                                                     GError             **error);

G_END_DECLS
