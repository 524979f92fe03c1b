/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-workspace.h"
#include "sb-workspace-private.h"

/* Imports: the runs of the integrations that bring records in one by one, and what became
 * of each record, read back from the outcome events the runner records per item. */

static const char * const status_names[] = { "any", "done", "partial", "failed", "running" };

SbImportStatus
sb_import_status_for_run (SbRun *run)
{
  g_return_val_if_fail (SB_IS_RUN (run), SB_IMPORT_STATUS_ANY);

  switch (sb_run_get_status (run))
    {
    case SB_RUN_STATUS_QUEUED:
    case SB_RUN_STATUS_RUNNING:
      return SB_IMPORT_STATUS_RUNNING;
    case SB_RUN_STATUS_SUCCEEDED:
    case SB_RUN_STATUS_FILTERED:
      return sb_run_get_items_failed (run) > 0 ? SB_IMPORT_STATUS_PARTIAL
                                               : SB_IMPORT_STATUS_DONE;
    case SB_RUN_STATUS_FAILED:
    case SB_RUN_STATUS_CANCELLED:
    case SB_RUN_STATUS_INTERRUPTED:
    default:
      return SB_IMPORT_STATUS_FAILED;
    }
}

const char *
sb_import_status_to_string (SbImportStatus status)
{
  g_return_val_if_fail (status <= SB_IMPORT_STATUS_RUNNING, NULL);

  return status_names[status];
}

gboolean
sb_import_status_from_string (const char     *text,
                              SbImportStatus *status)
{
  g_return_val_if_fail (status != NULL, FALSE);

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (status_names); i++)
    if (g_ascii_strcasecmp (text, status_names[i]) == 0)
      {
        *status = (SbImportStatus) i;
        return TRUE;
      }
  return FALSE;
}

const char *
sb_import_status_get_label (SbImportStatus status)
{
  switch (status)
    {
    case SB_IMPORT_STATUS_DONE:
      /* Translators: the status of an import */
      return _("Done");
    case SB_IMPORT_STATUS_PARTIAL:
      /* Translators: the status of an import in which some items failed */
      return _("Partial");
    case SB_IMPORT_STATUS_FAILED:
      /* Translators: the status of an import */
      return _("Failed");
    case SB_IMPORT_STATUS_RUNNING:
      /* Translators: the status of an import */
      return _("Running");
    case SB_IMPORT_STATUS_ANY:
    default:
      return _("Any status");
    }
}

void
sb_import_item_free (SbImportItem *item)
{
  if (item == NULL)
    return;
  g_free (item->step_id);
  g_free (item->key);
  g_free (item->id);
  g_free (item->outcome);
  g_free (item->reason);
  g_free (item);
}

const char *
sb_import_outcome_get_label (const char *outcome)
{
  if (g_strcmp0 (outcome, "created") == 0)
    /* Translators: what became of an item of an import */
    return _("Created");
  if (g_strcmp0 (outcome, "updated") == 0)
    /* Translators: what became of an item of an import */
    return _("Updated");
  if (g_strcmp0 (outcome, "skipped") == 0)
    /* Translators: what became of an item of an import */
    return _("Skipped");
  /* Translators: what became of an item of an import */
  return _("Failed");
}

static gboolean
steps_go_through_items (JsonNode *steps)
{
  JsonArray *array;

  if (steps == NULL || !JSON_NODE_HOLDS_ARRAY (steps))
    return FALSE;
  array = json_node_get_array (steps);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *step;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      step = json_node_get_object (node);
      if (g_strcmp0 (json_object_get_string_member_with_default (step, "kind", ""),
                     "for_each") == 0 ||
          steps_go_through_items (json_object_get_member (step, "steps")))
        return TRUE;
    }
  return FALSE;
}

gboolean
sb_workspace_is_import_integration (SbWorkspace   *self,
                                    SbIntegration *integration)
{
  JsonNode *trigger;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (SB_IS_INTEGRATION (integration), FALSE);

  trigger = sb_integration_get_trigger (integration);
  if (trigger != NULL && JSON_NODE_HOLDS_OBJECT (trigger) &&
      g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (trigger),
                                                             "kind", ""), "poll") == 0)
    return TRUE;
  return steps_go_through_items (sb_integration_get_steps (integration));
}

GPtrArray *
sb_workspace_list_imports (SbWorkspace     *self,
                           SbOrganization  *organization,
                           const char      *search,
                           SbImportStatus   status,
                           GDateTime       *since,
                           GDateTime       *until,
                           guint            limit,
                           GError         **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *query = NULL;
  GListModel *integrations;
  guint mask = 0;
  int failed_items = -1;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (SB_IS_ORGANIZATION (organization), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!sb_workspace_check (self, organization, SB_CAPABILITY_VIEW_INTEGRATIONS, error))
    return NULL;

  query = sb_search_fold (search);
  integrations = sb_workspace_get_integrations (self, organization);
  for (guint i = 0; i < g_list_model_get_n_items (integrations); i++)
    {
      g_autoptr(SbIntegration) integration = g_list_model_get_item (integrations, i);
      g_autofree char *key = NULL;
      gint64 id;

      if (!sb_workspace_is_import_integration (self, integration))
        continue;
      key = sb_search_fold (sb_integration_get_name (integration));
      if (!sb_search_match (key, query))
        continue;
      id = sb_integration_get_id (integration);
      g_array_append_val (ids, id);
    }
  if (ids->len == 0)
    return g_ptr_array_new_with_free_func (g_object_unref);

  switch (status)
    {
    case SB_IMPORT_STATUS_DONE:
    case SB_IMPORT_STATUS_PARTIAL:
      mask = 1u << SB_RUN_STATUS_SUCCEEDED | 1u << SB_RUN_STATUS_FILTERED;
      failed_items = status == SB_IMPORT_STATUS_PARTIAL ? 1 : 0;
      break;
    case SB_IMPORT_STATUS_FAILED:
      mask = 1u << SB_RUN_STATUS_FAILED | 1u << SB_RUN_STATUS_CANCELLED |
             1u << SB_RUN_STATUS_INTERRUPTED;
      break;
    case SB_IMPORT_STATUS_RUNNING:
      mask = 1u << SB_RUN_STATUS_QUEUED | 1u << SB_RUN_STATUS_RUNNING;
      break;
    case SB_IMPORT_STATUS_ANY:
    default:
      break;
    }

  return sb_store_list_runs_of (sb_workspace_get_store (self), ids, mask, failed_items, since,
                                until, limit, error);
}

static char *
dup_string_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

GPtrArray *
sb_workspace_list_import_items (SbWorkspace  *self,
                                SbRun        *run,
                                GError      **error)
{
  g_autoptr(SbIntegration) integration = NULL;
  g_autoptr(SbOrganization) organization = NULL;
  g_autoptr(GPtrArray) events = NULL;
  GPtrArray *items;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (SB_IS_RUN (run), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  integration = sb_workspace_dup_integration_by_id (self, sb_run_get_integration_id (run));
  if (integration == NULL)
    {
      g_set_error_literal (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_NOT_FOUND,
                           _("The integration of this run no longer exists"));
      return NULL;
    }
  organization = sb_workspace_dup_organization_of (self,
                                                   sb_integration_get_organization_id (
                                                     integration),
                                                   error);
  if (organization == NULL ||
      !sb_workspace_check (self, organization, SB_CAPABILITY_VIEW_INTEGRATIONS, error))
    return NULL;

  events = sb_store_list_run_events (sb_workspace_get_store (self), sb_run_get_id (run),
                                     error);
  if (events == NULL)
    return NULL;

  items = g_ptr_array_new_with_free_func ((GDestroyNotify) sb_import_item_free);
  for (guint i = 0; i < events->len; i++)
    {
      SbRunEvent *event = g_ptr_array_index (events, i);
      JsonNode *data = sb_run_event_get_data (event);
      JsonObject *object;
      SbImportItem *item;

      if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
        continue;
      object = json_node_get_object (data);
      if (!json_object_has_member (object, "outcome") || !json_object_has_member (object, "item"))
        continue;

      item = g_new0 (SbImportItem, 1);
      item->index = (guint) CLAMP (json_object_get_int_member_with_default (object, "item", 0),
                                   0, G_MAXUINT);
      item->step_id = g_strdup (sb_run_event_get_step_id (event));
      item->key = dup_string_member (object, "key");
      item->id = dup_string_member (object, "id");
      item->outcome = dup_string_member (object, "outcome");
      if (item->outcome == NULL)
        item->outcome = g_strdup ("failed");
      item->reason = dup_string_member (object, "reason");
      g_ptr_array_add (items, item);
    }
  return items;
}
