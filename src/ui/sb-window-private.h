/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the widget tests look at, and only they: the models the lists show and the widgets a
 * user types into. The interface itself includes this file only to implement it. */

#include "sb-window.h"
#include "sb-integrations-page.h"
#include "sb-accounts-page.h"
#include "sb-members-page.h"
#include "sb-integration-view.h"
#include "sb-run-window.h"
#include "sb-add-account-dialog.h"
#include "sb-account-view.h"
#include "sb-new-organization-dialog.h"
#include "sb-catalog-dialog.h"
#include "sb-providers-window.h"

G_BEGIN_DECLS

/* "welcome", "main" or "integration" (the details of one). */
const char         *sb_window_get_visible_page_name       (SbWindow *self);
GtkSingleSelection *sb_window_get_organization_selection  (SbWindow *self);
AdwViewStack       *sb_window_get_view_stack              (SbWindow *self);
SbIntegrationsPage *sb_window_get_integrations_page       (SbWindow *self);
SbAccountsPage     *sb_window_get_accounts_page           (SbWindow *self);
SbMembersPage      *sb_window_get_members_page            (SbWindow *self);
SbIntegrationView  *sb_window_get_integration_view        (SbWindow *self);
SbAccountView      *sb_window_get_account_view            (SbWindow *self);
/* The dialog opened by win.add-account while it is open, else NULL. */
SbAddAccountDialog *sb_window_get_add_account_dialog      (SbWindow *self);
/* The newest toast and what the newest notification said, or NULL. */
AdwToast           *sb_window_get_last_toast              (SbWindow *self);
const char         *sb_window_get_last_message            (SbWindow *self);
/* The newest desktop notification: its id ("integration-failed-12"), title and body; NULL
 * before any. */
const char         *sb_window_get_last_notification       (SbWindow     *self,
                                                           const char  **title,
                                                           const char  **body);
/* The text of the bar that says integrations do not run here, or NULL while it is hidden. */
const char         *sb_window_get_engine_notice           (SbWindow *self);
/* What win.export and win.import do once the file is chosen (sb-window-transfer.c): the
 * export ends with a toast, the import with a dialog that reports what came in and what
 * needs credentials, or why nothing did. */
void                sb_window_export_to_file              (SbWindow *self,
                                                           GFile    *file);
void                sb_window_import_file                 (SbWindow *self,
                                                           GFile    *file);
void                sb_window_export_action               (GtkWidget  *widget,
                                                           const char *action_name,
                                                           GVariant   *parameter);
void                sb_window_import_action               (GtkWidget  *widget,
                                                           const char *action_name,
                                                           GVariant   *parameter);
/* The dialog opened by win.new-integration while it is open, else NULL. */
SbCatalogDialog    *sb_window_get_catalog_dialog          (SbWindow *self);
/* The dialog opened by win.new-organization while it is open, else NULL. */
SbNewOrganizationDialog *
                    sb_window_get_new_organization_dialog (SbWindow *self);

/* The model of SbIntegration that the list view shows (after the tab and the search). */
GListModel    *sb_integrations_page_get_shown_model     (SbIntegrationsPage *self);
GtkEditable   *sb_integrations_page_get_search_editable (SbIntegrationsPage *self);
/* "list" or "empty". */
const char    *sb_integrations_page_get_visible_state   (SbIntegrationsPage *self);
AdwStatusPage *sb_integrations_page_get_empty_page      (SbIntegrationsPage *self);

/* The number on a tab, "active" or "inactive". */
const char    *sb_integrations_page_get_count_text      (SbIntegrationsPage *self,
                                                         const char         *tab);
GtkWidget     *sb_integrations_page_get_clear_search_button (SbIntegrationsPage *self);
/* The dialog members.add-person, members.add-integration-user or members.remove opened,
 * while it is open; else NULL. */
AdwMessageDialog *sb_members_page_get_dialog            (SbMembersPage      *self);

const char    *sb_integration_view_get_title            (SbIntegrationView  *self);
const char    *sb_integration_view_get_status_text      (SbIntegrationView  *self);
const char    *sb_integration_view_get_created_text     (SbIntegrationView  *self);
/* The rows of the Steps section: the trigger, then every top-level step. */
guint          sb_integration_view_count_step_rows      (SbIntegrationView  *self);
GListModel    *sb_integration_view_get_runs_model       (SbIntegrationView  *self);
GListModel    *sb_integration_view_get_shown_logs       (SbIntegrationView  *self);
GtkEditable   *sb_integration_view_get_log_search_editable (SbIntegrationView *self);
/* SB_RUN_EVENT_LEVEL_WARNING (warnings and errors) or SB_RUN_EVENT_LEVEL_ERROR. */
void           sb_integration_view_set_log_level        (SbIntegrationView  *self,
                                                         SbRunEventLevel     level);
/* "activate", "pause", "edit", "duplicate" or "delete". */
GtkWidget     *sb_integration_view_get_action_button    (SbIntegrationView  *self,
                                                         const char         *name);
gboolean       sb_integration_view_is_action_enabled    (SbIntegrationView  *self,
                                                         const char         *action);

/* Whether the bar that offers Publish and Discard shows. */
gboolean       sb_integration_view_get_draft_shown      (SbIntegrationView  *self);
/* The rows of the Versions section that name a version. */
guint          sb_integration_view_count_versions       (SbIntegrationView  *self);
/* The row of @run in the Runs section, once the list shows it (else NULL): @part is "title",
 * "subtitle", "progress" ("Step 2 of 3", NULL while hidden), "icon" (NULL while the spinner
 * shows) or "style" (the icon's "error", "success" or "dim-label"). */
const char    *sb_integration_view_get_run_text         (SbIntegrationView  *self,
                                                         SbRun              *run,
                                                         const char         *part);
/* The fraction its progress bar shows, -1 without a row. */
double         sb_integration_view_get_run_fraction     (SbIntegrationView  *self,
                                                         SbRun              *run);
/* "cancel", "replay" or "replay-failed-step" of the row of @run, or NULL without a row. */
GtkWidget     *sb_integration_view_get_run_button       (SbIntegrationView  *self,
                                                         SbRun              *run,
                                                         const char         *name);
/* The text of the bar that says runs do not start here, or NULL while it is hidden. */
const char    *sb_integration_view_get_engine_notice    (SbIntegrationView  *self);
/* The bar of an integration that waits for its provider to activate it, or NULL. */
const char    *sb_integration_view_get_provider_notice  (SbIntegrationView  *self);

/* The steps shown with their input and output, and the log lines. */
guint          sb_run_window_count_steps                (SbRunWindow        *self);
guint          sb_run_window_count_log_lines            (SbRunWindow        *self);
/* The JSON shown as the output of step @step_id, or NULL. */
char          *sb_run_window_dup_output_text            (SbRunWindow        *self,
                                                         const char         *step_id);
/* "Step 2 of 3" while the run shows how far it has got, else NULL. */
const char    *sb_run_window_get_progress_text          (SbRunWindow        *self);
/* "cancel", "replay" or "replay-failed-step". */
GtkWidget     *sb_run_window_get_button                 (SbRunWindow        *self,
                                                         const char         *name);

/* "service", "credentials", "test" or "confirm". */
const char    *sb_add_account_dialog_get_page_name      (SbAddAccountDialog *self);
gboolean       sb_add_account_dialog_choose_service     (SbAddAccountDialog *self,
                                                         const char         *connector_id);
guint          sb_add_account_dialog_count_shown_services (SbAddAccountDialog *self);
GtkEditable   *sb_add_account_dialog_get_service_search (SbAddAccountDialog *self);
gboolean       sb_add_account_dialog_set_field          (SbAddAccountDialog *self,
                                                         const char         *field_id,
                                                         const char         *value);
/* Whether the field's row hides what is typed. */
gboolean       sb_add_account_dialog_field_is_hidden    (SbAddAccountDialog *self,
                                                         const char         *field_id);
GtkEditable   *sb_add_account_dialog_get_base_url_editable (SbAddAccountDialog *self);
GtkEditable   *sb_add_account_dialog_get_name_editable  (SbAddAccountDialog *self);
gboolean       sb_add_account_dialog_is_testing         (SbAddAccountDialog *self);
/* What the last step that failed said, or NULL. */
const char    *sb_add_account_dialog_get_error          (SbAddAccountDialog *self);

/* The banner's text, or NULL when none shows. */
const char    *sb_account_view_get_problem_text         (SbAccountView      *self);
/* Whether a row of the details shows @text (in its title, subtitle or value). */
gboolean       sb_account_view_shows_text               (SbAccountView      *self,
                                                         const char         *text);
guint          sb_account_view_count_integrations       (SbAccountView      *self);

GListModel    *sb_accounts_page_get_shown_model         (SbAccountsPage     *self);
GtkEditable   *sb_accounts_page_get_search_editable     (SbAccountsPage     *self);
GListModel    *sb_members_page_get_shown_model          (SbMembersPage      *self);

/* The rows of systems the search leaves. */
guint          sb_catalog_dialog_count_shown            (SbCatalogDialog    *self);
GtkEditable   *sb_catalog_dialog_get_search_editable    (SbCatalogDialog    *self);
/* The row of a system ("connector/template", or the connector id of one without
 * templates): @part is "title", "subtitle" or "missing" (the accounts it lacks, or NULL). */
const char    *sb_catalog_dialog_get_row_text           (SbCatalogDialog    *self,
                                                         const char         *reference,
                                                         const char         *part);
/* Activates the row of @reference, or "Blank Integration" for NULL; FALSE when no such row
 * shows. */
gboolean       sb_catalog_dialog_choose                 (SbCatalogDialog    *self,
                                                         const char         *reference);
/* What the last refused choice said, or NULL. */
const char    *sb_catalog_dialog_get_error              (SbCatalogDialog    *self);

/* "profile" or "organization". */
const char  *sb_new_organization_dialog_get_page_name (SbNewOrganizationDialog *self);
GtkEditable *sb_new_organization_dialog_get_profile_name_editable
                                                      (SbNewOrganizationDialog *self);
GtkEditable *sb_new_organization_dialog_get_profile_email_editable
                                                      (SbNewOrganizationDialog *self);
GtkEditable *sb_new_organization_dialog_get_name_editable
                                                      (SbNewOrganizationDialog *self);
GtkEditable *sb_new_organization_dialog_get_sport_editable
                                                      (SbNewOrganizationDialog *self);
void         sb_new_organization_dialog_select_kind   (SbNewOrganizationDialog *self,
                                                       SbOrganizationKind       kind);
/* The message shown after a refused step, or NULL. */
const char  *sb_new_organization_dialog_get_error     (SbNewOrganizationDialog *self);

G_END_DECLS
