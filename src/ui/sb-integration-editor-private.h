/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "workspace/sb-workspace.h"

G_BEGIN_DECLS

/* The parts of the integration editor that its step form shares: combo rows whose items
 * carry ids, multi-line text rows, problems shown at a field, and what a connector offers. */

/* Replaces the items of @row; keeps the selected id when it is still there. @ids and
 * @labels have the same length, or @labels is NULL to show the ids. */
void        sb_editor_combo_set_choices       (AdwComboRow        *row,
                                               const char * const *ids,
                                               const char * const *labels);
/* The id of the selected item, or NULL. */
const char *sb_editor_combo_get_id            (AdwComboRow        *row);
gboolean    sb_editor_combo_select_id         (AdwComboRow        *row,
                                               const char         *id);

/* Account ids as the combo rows hold them ("" for no account). */
void        sb_editor_combo_set_accounts      (AdwComboRow        *row,
                                               GListModel         *accounts,
                                               const char         *none_label);
gint64      sb_editor_combo_get_account_id    (AdwComboRow        *row);
void        sb_editor_combo_select_account_id (AdwComboRow        *row,
                                               gint64              account_id);
/* The account in @accounts with @id, or NULL; borrowed from the list. */
SbAccount  *sb_editor_find_account            (GListModel         *accounts,
                                               gint64              id);

/* The ids and names of a connector's actions or poll triggers (a GListModel of
 * SbConnectorAction or SbConnectorPollTrigger), as two new NULL-terminated arrays. FALSE
 * when there are none. */
gboolean    sb_editor_dup_choices             (GListModel         *items,
                                               GStrv              *ids,
                                               GStrv              *labels);

/* Makes @view the text of @row for sb_editor_dup_text () and sb_editor_set_text (). */
void        sb_editor_attach_text_view        (GtkWidget          *row,
                                               GtkTextView        *view);
/* Makes @label the explanation shown with @row, for sb_editor_get_hint (). */
void        sb_editor_attach_hint             (GtkWidget          *row,
                                               GtkLabel           *label);
const char *sb_editor_get_hint                (GtkWidget          *row);
/* The widget that holds a field's value: the row itself, the GtkTextView of a text row, or
 * the spin button or switch of an action row. */
GtkWidget  *sb_editor_get_value_widget        (GtkWidget          *field);
/* The text of a GtkEditable or of the GtkTextView of a text row. */
char       *sb_editor_dup_text                (GtkWidget          *field);
void        sb_editor_set_text                (GtkWidget          *field,
                                               const char         *text);

/* Shows @message at @row: the "error" style class, a tooltip, the accessible invalid state
 * and description, and a message row inserted under it in its list. */
void        sb_editor_show_problem            (GtkWidget          *row,
                                               const char         *message);
void        sb_editor_clear_problem           (GtkWidget          *row);
/* The message shown at @row, or NULL. */
const char *sb_editor_get_problem             (GtkWidget          *row);

/* A number member, as an integer also when written as a decimal; see sb_json_get_string ()
 * and sb_json_deep_copy () in model/sb-json.h for the rest. */
gint64      sb_editor_json_get_int            (JsonObject         *object,
                                               const char         *member,
                                               gint64              fallback);

/* The children of @box in order, in a new array; the children are borrowed. */
GPtrArray  *sb_editor_box_dup_children        (GtkBox             *box);
/* Moves @child by @delta places (-1 up, 1 down) among the children of @box. */
void        sb_editor_box_move_child          (GtkBox             *box,
                                               GtkWidget          *child,
                                               int                 delta);

/* Splits "steps[2].account" into 2 and "account"; FALSE for anything else. */
gboolean    sb_editor_parse_step_path         (const char         *path,
                                               guint              *index,
                                               const char        **rest);


#define SB_TYPE_INTEGRATION_EDITOR_STEP (sb_integration_editor_step_get_type ())
G_DECLARE_FINAL_TYPE (SbIntegrationEditorStep, sb_integration_editor_step,
                      SB, INTEGRATION_EDITOR_STEP, AdwPreferencesGroup)

/* One step's form. @nested: a step inside a for_each, which cannot hold steps itself.
 *
 * Signals: ::changed (any value, its nested steps' included); ::move-requested (int delta),
 * ::remove-requested and ::add-requested (a kind, for a for_each's own steps), which the
 * owner of the list carries out. Actions: `step.move-up`, `step.move-down`, `step.remove`,
 * `step.add-step` ("s", a kind). */
SbIntegrationEditorStep *
            sb_integration_editor_step_new          (SbWorkspace             *workspace,
                                                     SbOrganization          *organization,
                                                     gboolean                 nested);
void        sb_integration_editor_step_set_kind     (SbIntegrationEditorStep *self,
                                                     const char              *kind);
const char *sb_integration_editor_step_get_kind     (SbIntegrationEditorStep *self);
const char *sb_integration_editor_step_get_id       (SbIntegrationEditorStep *self);
void        sb_integration_editor_step_set_id       (SbIntegrationEditorStep *self,
                                                     const char              *id);
/* "Step 2", and which of the move actions make sense. */
void        sb_integration_editor_step_set_position (SbIntegrationEditorStep *self,
                                                     guint                    index,
                                                     guint                    n_steps);
/* Fills the form from one element of a steps array. */
void        sb_integration_editor_step_load         (SbIntegrationEditorStep *self,
                                                     JsonNode                *step);
/* The step as JSON, in the shape sb_integration_config_validate () describes. Problems the
 * form finds itself (parameters that are not JSON) are added to @problems as
 * SbEditorProblem, with fields relative to the step ("input"). */
JsonNode   *sb_integration_editor_step_build        (SbIntegrationEditorStep *self,
                                                     GPtrArray               *problems);
/* The row for a field relative to the step ("account", "body.customer", "steps[0].url");
 * a field the form does not show gives the step's kind row. */
GtkWidget  *sb_integration_editor_step_get_field    (SbIntegrationEditorStep *self,
                                                     const char              *field);
/* The nested steps of a for_each, in order: a new array of borrowed steps. */
GPtrArray  *sb_integration_editor_step_dup_children (SbIntegrationEditorStep *self);
/* Appends a nested step of @kind with the id @id; the step is borrowed. */
SbIntegrationEditorStep *
            sb_integration_editor_step_add_child    (SbIntegrationEditorStep *self,
                                                     const char              *kind,
                                                     const char              *id);

/* A problem the editor found itself, shaped like those of sb_integration_config_validate. */
typedef struct
{
  char *field;
  char *message;
} SbEditorProblem;

SbEditorProblem *sb_editor_problem_new  (const char      *field,
                                         const char      *message);
void             sb_editor_problem_free (SbEditorProblem *problem);

G_END_DECLS
