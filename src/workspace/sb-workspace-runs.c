/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-workspace-private.h"

/* Running an integration by hand ("Run now", samband-cli run): the workspace checks the role,
 * hands the engine the integration with its organization's accounts, and puts the finished
 * run into the lists, so every view of the integration follows. */

static void
run_finished_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SbWorkspace *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  SbRun *run;

  run = sb_engine_run_finish (SB_ENGINE (object), result, &error);
  if (run == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  sb_workspace_add_run (self, run);

  /* The run's warnings and errors join the integration's log where it is shown. */
  {
    g_autoptr(GPtrArray) events = sb_store_list_run_events (self->store, sb_run_get_id (run),
                                                            NULL);

    for (guint i = 0; events != NULL && i < events->len; i++)
      sb_workspace_add_run_event (self, run, g_ptr_array_index (events, i));
  }

  g_task_return_pointer (task, run, g_object_unref);
}

void
sb_workspace_run_integration_async (SbWorkspace         *self,
                                    SbIntegration       *integration,
                                    JsonNode            *trigger_input,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SbOrganization) org = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SB_IS_WORKSPACE (self));
  g_return_if_fail (SB_IS_INTEGRATION (integration));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sb_workspace_run_integration_async);

  /* Running is changing things at the services: the same people who may activate it. */
  org = sb_workspace_dup_organization (self, sb_integration_get_organization_id (integration));
  if (org == NULL)
    {
      g_task_return_new_error (task, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_NOT_FOUND,
                               _("The integration “%s” belongs to no organization."),
                               sb_integration_get_name (integration));
      return;
    }
  if (!sb_workspace_check (self, org, SB_CAPABILITY_EDIT_INTEGRATIONS, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  sb_engine_run_async (self->engine, self->catalog, integration,
                       sb_workspace_get_accounts (self, org), trigger_input, cancellable,
                       run_finished_cb, g_steal_pointer (&task));
}

SbRun *
sb_workspace_run_integration_finish (SbWorkspace   *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
