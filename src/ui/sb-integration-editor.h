/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "workspace/sb-workspace.h"

G_BEGIN_DECLS

#define SB_TYPE_INTEGRATION_EDITOR (sb_integration_editor_get_type ())
G_DECLARE_FINAL_TYPE (SbIntegrationEditor, sb_integration_editor,
                      SB, INTEGRATION_EDITOR, AdwWindow)

/* Creates an integration, or edits one, in four pages: name, description and purpose; the
 * trigger; the steps; the settings. A new one is saved as a Draft; a Live or Paused one keeps
 * running while its trigger, steps and settings go to its draft.
 *
 * Save checks the form first (an empty name, and sb_integration_config_validate ()): each
 * problem is shown at its field, the page of the first one is shown and the field focused,
 * and nothing is saved. From then on the problems follow the fields as they change. A
 * refusal of the workspace (a permission, say) shows above the form. Nothing typed is lost.
 *
 * Emits ::saved with the integration, then closes.
 *
 * Actions: `editor.back`, `editor.next`, `editor.save`, `editor.add-step` (a step kind, "s":
 * "http", "action", "map", "filter", "for_each"), `editor.copy-receiver`.
 *
 * The caller makes it transient for its window and presents it. */
GtkWindow     *sb_integration_editor_new              (SbWorkspace         *workspace,
                                                       SbOrganization      *organization,
                                                       SbIntegration       *integration);

SbWorkspace   *sb_integration_editor_get_workspace    (SbIntegrationEditor *self);
SbOrganization *sb_integration_editor_get_organization (SbIntegrationEditor *self);
/* NULL when creating. */
SbIntegration *sb_integration_editor_get_integration  (SbIntegrationEditor *self);

/* "details", "trigger", "steps" or "settings". */
const char    *sb_integration_editor_get_page_name    (SbIntegrationEditor *self);
GtkWidget     *sb_integration_editor_get_name_row     (SbIntegrationEditor *self);
/* The number of steps at the top level. */
guint          sb_integration_editor_get_n_steps      (SbIntegrationEditor *self);

/* The row that shows a field, by the paths sb_integration_config_validate () uses ("name",
 * "trigger.kind", "trigger.every_minutes", "trigger.weekdays", "steps[1].account",
 * "steps[0].steps[1].template", "settings.retries"), or NULL. */
GtkWidget     *sb_integration_editor_get_field        (SbIntegrationEditor *self,
                                                       const char          *field);
/* The problem shown at a field, or NULL. */
const char    *sb_integration_editor_get_problem      (SbIntegrationEditor *self,
                                                       const char          *field);
/* The workspace's refusal shown above the form, or NULL. */
const char    *sb_integration_editor_get_error        (SbIntegrationEditor *self);

/* The explanation shown with a field (the parameters an action takes), or NULL; newly
 * allocated. */
char          *sb_integration_editor_dup_hint         (SbIntegrationEditor *self,
                                                       const char          *field);
/* The text of an entry or text field, and typing into it. */
char          *sb_integration_editor_dup_text         (SbIntegrationEditor *self,
                                                       const char          *field);
void           sb_integration_editor_set_text         (SbIntegrationEditor *self,
                                                       const char          *field,
                                                       const char          *text);
/* Chooses in a list field by id: a trigger kind ("schedule"), a schedule's repeat ("every",
 * "daily", "weekdays"), a step kind, an account (its id in decimals), an action. FALSE when
 * the list has no such item. */
gboolean       sb_integration_editor_choose           (SbIntegrationEditor *self,
                                                       const char          *field,
                                                       const char          *id);
/* The id chosen in a list field, or NULL. */
const char    *sb_integration_editor_get_choice       (SbIntegrationEditor *self,
                                                       const char          *field);

G_END_DECLS
