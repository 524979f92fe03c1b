/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-workspace-notifications.h"
#include "model/sb-json.h"

static GNotification *
new_notification (const char     *kind,
                  SbIntegration  *integration,
                  const char     *title,
                  const char     *body,
                  char          **id_out,
                  char          **title_out,
                  char          **body_out)
{
  GNotification *notification = g_notification_new (title);

  if (body != NULL)
    g_notification_set_body (notification, body);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  g_notification_set_default_action_and_target (notification, "app.show-integration", "x",
                                                sb_integration_get_id (integration));

  if (id_out != NULL)
    *id_out = g_strdup_printf ("%s-%" G_GINT64_FORMAT, kind,
                               sb_integration_get_id (integration));
  if (title_out != NULL)
    *title_out = g_strdup (title);
  if (body_out != NULL)
    *body_out = g_strdup (body);

  return notification;
}

GNotification *
sb_notification_new_failed (SbIntegration  *integration,
                            SbRun          *run,
                            char          **id,
                            char          **title,
                            char          **body)
{
  JsonNode *settings;
  g_autofree char *text = NULL;

  g_return_val_if_fail (SB_IS_INTEGRATION (integration), NULL);
  g_return_val_if_fail (SB_IS_RUN (run), NULL);

  /* The setting "Notify on failure" says whether the people want to hear of it (the
   * details show a missing one as No). */
  settings = sb_integration_get_settings (integration);
  if (settings == NULL || !JSON_NODE_HOLDS_OBJECT (settings) ||
      !sb_json_get_boolean (json_node_get_object (settings), "notify_on_failure", FALSE))
    return NULL;

  /* Translators: a desktop notification; %s is the name of a live integration */
  text = g_strdup_printf (_("“%s” failed"), sb_integration_get_name (integration));
  return new_notification ("integration-failed", integration, text,
                           sb_run_get_error (run) != NULL ? sb_run_get_error (run)
                           : sb_run_status_get_label (sb_run_get_status (run)),
                           id, title, body);
}

GNotification *
sb_notification_new_paused (SbIntegration  *integration,
                            const char     *reason,
                            char          **id,
                            char          **title,
                            char          **body)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (SB_IS_INTEGRATION (integration), NULL);

  /* Translators: a desktop notification; %s is the name of an integration that stopped
   * running by itself after failing too often */
  text = g_strdup_printf (_("“%s” paused itself"), sb_integration_get_name (integration));
  return new_notification ("integration-paused", integration, text, reason, id, title, body);
}
