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

SbIntegration  *sb_workspace_create_integration     (SbWorkspace         *self,
                                                     SbOrganization      *organization,
                                                     const char          *name,
                                                     const char          *description,
                                                     GError             **error);
gboolean        sb_workspace_rename_integration     (SbWorkspace         *self,
                                                     SbIntegration       *integration,
                                                     const char          *name,
                                                     GError             **error);
gboolean        sb_workspace_set_integration_status (SbWorkspace         *self,
                                                     SbIntegration       *integration,
                                                     SbIntegrationStatus  status,
                                                     GError             **error);
SbIntegration  *sb_workspace_duplicate_integration  (SbWorkspace         *self,
                                                     SbIntegration       *integration,
                                                     GError             **error);
gboolean        sb_workspace_delete_integration     (SbWorkspace         *self,
                                                     SbIntegration       *integration,
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
