/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "sb-workspace-catalog.h"
#include "sb-workspace-private.h"

void
sb_catalog_entry_free (SbCatalogEntry *entry)
{
  if (entry == NULL)
    return;
  g_clear_object (&entry->connector);
  g_strfreev (entry->missing);
  g_free (entry);
}

const char *
sb_catalog_type_get_label (const char *type)
{
  if (g_strcmp0 (type, "import") == 0)
    return C_("integration type", "Import");
  if (g_strcmp0 (type, "export") == 0)
    return C_("integration type", "Export");
  return C_("integration type", "Two-way");
}

/* The organization's first account (by name) of @service, or NULL; borrowed. */
static SbAccount *
lookup_account (SbWorkspace    *self,
                SbOrganization *organization,
                const char     *service)
{
  GListModel *accounts = sb_workspace_get_accounts (self, organization);

  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(SbAccount) account = g_list_model_get_item (accounts, i);

      if (g_strcmp0 (sb_account_get_connector_id (account), service) == 0)
        return account;
    }
  return NULL;
}

static GStrv
dup_missing (SbWorkspace               *self,
             SbOrganization            *organization,
             SbConnector               *connector,
             const SbConnectorTemplate *template)
{
  g_autoptr(GStrvBuilder) missing = g_strv_builder_new ();

  if (template == NULL)
    {
      if (lookup_account (self, organization, sb_connector_get_id (connector)) == NULL)
        g_strv_builder_add (missing, sb_connector_get_id (connector));
    }
  else
    {
      for (guint i = 0; template->services[i] != NULL; i++)
        {
          if (lookup_account (self, organization, template->services[i]) == NULL)
            g_strv_builder_add (missing, template->services[i]);
        }
    }
  return g_strv_builder_end (missing);
}

static SbCatalogEntry *
new_entry (SbWorkspace               *self,
           SbOrganization            *organization,
           SbConnector               *connector,
           const SbConnectorTemplate *template)
{
  SbCatalogEntry *entry = g_new0 (SbCatalogEntry, 1);
  const char *provider = sb_connector_get_provider_name (connector);

  entry->connector = g_object_ref (connector);
  entry->template = template;
  entry->provider = provider != NULL ? provider : sb_connector_get_name (connector);
  entry->type = template != NULL ? template->type : sb_connector_get_direction (connector);
  entry->purpose = template != NULL ? template->purpose
                                    : sb_connector_get_default_purpose (connector);
  entry->missing = dup_missing (self, organization, connector, template);
  return entry;
}

GPtrArray *
sb_workspace_list_catalog (SbWorkspace     *self,
                           SbOrganization  *organization,
                           GError         **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  GListModel *connectors;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (SB_IS_ORGANIZATION (organization), NULL);

  if (!sb_workspace_check (self, organization, SB_CAPABILITY_VIEW_INTEGRATIONS, error))
    return NULL;

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) sb_catalog_entry_free);
  connectors = sb_connector_catalog_get_connectors (self->catalog);
  for (guint i = 0; i < g_list_model_get_n_items (connectors); i++)
    {
      g_autoptr(SbConnector) connector = g_list_model_get_item (connectors, i);
      guint n = sb_connector_get_n_templates (connector);

      if (n == 0)
        g_ptr_array_add (entries, new_entry (self, organization, connector, NULL));
      for (guint j = 0; j < n; j++)
        g_ptr_array_add (entries,
                         new_entry (self, organization, connector,
                                    sb_connector_get_template (connector, j)));
    }

  return g_steal_pointer (&entries);
}

const SbConnectorTemplate *
sb_workspace_find_template (SbWorkspace  *self,
                            const char   *reference,
                            SbConnector **connector,
                            GError      **error)
{
  const SbConnectorTemplate *found = NULL;
  SbConnector *found_connector = NULL;
  g_autofree char *connector_id = NULL;
  const char *slash;
  const char *id;
  GListModel *connectors;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (reference != NULL, NULL);

  slash = strchr (reference, '/');
  connector_id = slash != NULL ? g_strndup (reference, slash - reference) : NULL;
  id = slash != NULL ? slash + 1 : reference;

  connectors = sb_connector_catalog_get_connectors (self->catalog);
  for (guint i = 0; i < g_list_model_get_n_items (connectors); i++)
    {
      g_autoptr(SbConnector) candidate = g_list_model_get_item (connectors, i);
      const SbConnectorTemplate *template;

      if (connector_id != NULL && g_strcmp0 (sb_connector_get_id (candidate), connector_id) != 0)
        continue;
      template = sb_connector_lookup_template (candidate, id);
      if (template == NULL)
        continue;
      if (found != NULL)
        {
          g_set_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_AMBIGUOUS,
                       _("Several systems have the template “%s”: write it as "
                         "“%s/%s” or “%s/%s”"), id,
                       sb_connector_get_id (found_connector), id,
                       sb_connector_get_id (candidate), id);
          return NULL;
        }
      found = template;
      found_connector = candidate;
    }

  if (found == NULL)
    {
      g_set_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_NOT_FOUND,
                   _("There is no integration template “%s”"), reference);
      return NULL;
    }

  if (connector != NULL)
    *connector = found_connector;
  return found;
}

/* Replaces each "account" member (a service) with the id of the organization's account. */
static gboolean
resolve_accounts (SbWorkspace    *self,
                  SbOrganization *organization,
                  JsonNode       *node,
                  GError        **error)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          if (!resolve_accounts (self, organization, json_array_get_element (array, i), error))
            return FALSE;
        }
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      const char *service = json_object_get_string_member_with_default (object, "account",
                                                                        NULL);
      JsonNode *steps = json_object_get_member (object, "steps");

      if (service != NULL)
        {
          SbAccount *account = lookup_account (self, organization, service);

          if (account == NULL)
            {
              SbConnector *connector = sb_connector_catalog_lookup (self->catalog, service);

              g_set_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID,
                           /* Translators: the second is a service, such as Fortnox */
                           _("%s has no %s account; add one first"),
                           sb_organization_get_name (organization),
                           connector != NULL ? sb_connector_get_name (connector) : service);
              return FALSE;
            }
          json_object_set_int_member (object, "account", sb_account_get_id (account));
        }
      if (steps != NULL && !resolve_accounts (self, organization, steps, error))
        return FALSE;
    }
  return TRUE;
}

/* The first two-sided service of @template, or NULL; borrowed. */
static SbConnector *
lookup_two_sided (SbWorkspace               *self,
                  const SbConnectorTemplate *template)
{
  for (guint i = 0; template->services[i] != NULL; i++)
    {
      SbConnector *connector = sb_connector_catalog_lookup (self->catalog,
                                                            template->services[i]);

      if (connector != NULL && sb_connector_get_two_sided_instructions (connector) != NULL)
        return connector;
    }
  return NULL;
}

/* The wait is over: @actor confirmed it, or (NULL) a run succeeded. */
static gboolean
clear_awaiting (SbWorkspace    *self,
                SbIntegration  *integration,
                SbMember       *actor,
                GError        **error)
{
  SbStore *store = sb_workspace_get_store (self);
  gint64 id = sb_integration_get_id (integration);

  if (!sb_store_begin (store, error))
    return FALSE;
  if (!sb_store_set_integration_awaiting_provider (store, id, NULL, error) ||
      !sb_store_insert_audit (store, sb_integration_get_organization_id (integration),
                              actor != NULL ? sb_member_get_id (actor) : 0,
                              "integration.provider-activated", "integration", id,
                              sb_integration_get_name (integration), error) ||
      !sb_store_commit (store, error))
    {
      sb_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

SbIntegration *
sb_workspace_create_integration_from_template (SbWorkspace               *self,
                                               SbOrganization            *organization,
                                               SbConnector               *connector,
                                               const SbConnectorTemplate *template,
                                               GError                   **error)
{
  g_autoptr(JsonNode) trigger = NULL;
  g_autoptr(JsonNode) steps = NULL;
  g_autoptr(SbIntegration) integration = NULL;
  g_autoptr(SbMember) actor = NULL;
  SbConnector *two_sided;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (SB_IS_ORGANIZATION (organization), NULL);
  g_return_val_if_fail (SB_IS_CONNECTOR (connector), NULL);
  g_return_val_if_fail (template != NULL, NULL);

  actor = sb_workspace_check_and_dup_actor (self, organization,
                                            SB_CAPABILITY_EDIT_INTEGRATIONS, error);
  if (actor == NULL)
    return NULL;

  trigger = json_node_copy (template->trigger);
  steps = json_node_copy (template->steps);
  if (!resolve_accounts (self, organization, trigger, error) ||
      !resolve_accounts (self, organization, steps, error))
    return NULL;

  /* One transaction: the integration and its wait for the provider. */
  two_sided = lookup_two_sided (self, template);
  integration = sb_workspace_create_integration_awaiting (self, organization, template->name,
                                                          template->description,
                                                          template->purpose, trigger, steps,
                                                          template->settings,
                                                          two_sided != NULL
                                                            ? sb_connector_get_id (two_sided)
                                                            : NULL,
                                                          error);
  return g_steal_pointer (&integration);
}

SbConnector *
sb_workspace_dup_awaited_connector (SbWorkspace   *self,
                                    SbIntegration *integration)
{
  g_autofree char *id = NULL;
  SbConnector *connector;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (SB_IS_INTEGRATION (integration), NULL);

  id = sb_store_dup_integration_awaiting_provider (sb_workspace_get_store (self),
                                                   sb_integration_get_id (integration),
                                                   NULL);
  if (id == NULL)
    return NULL;
  connector = sb_connector_catalog_lookup (self->catalog, id);
  return connector != NULL ? g_object_ref (connector) : NULL;
}

char *
sb_workspace_dup_activation_notice (SbWorkspace   *self,
                                    SbIntegration *integration)
{
  g_autoptr(SbConnector) connector = sb_workspace_dup_awaited_connector (self, integration);
  const char *provider;

  if (connector == NULL)
    return NULL;
  provider = sb_connector_get_provider_name (connector);
  /* Translators: the provider of a service, such as Riksidrottsförbundet */
  return g_strdup_printf (_("Waiting for activation at %s"),
                          provider != NULL ? provider : sb_connector_get_name (connector));
}

gboolean
sb_workspace_confirm_provider_activation (SbWorkspace    *self,
                                          SbIntegration  *integration,
                                          GError        **error)
{
  g_autoptr(SbOrganization) organization = NULL;
  g_autoptr(SbConnector) connector = NULL;
  g_autoptr(SbMember) actor = NULL;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (SB_IS_INTEGRATION (integration), FALSE);

  organization = sb_workspace_dup_organization_of (self,
                                                   sb_integration_get_organization_id (integration),
                                                   error);
  if (organization == NULL)
    return FALSE;
  actor = sb_workspace_check_and_dup_actor (self, organization,
                                            SB_CAPABILITY_EDIT_INTEGRATIONS, error);
  if (actor == NULL)
    return FALSE;

  connector = sb_workspace_dup_awaited_connector (self, integration);
  if (connector == NULL)
    {
      g_set_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID,
                   _("“%s” does not wait for activation by a provider"),
                   sb_integration_get_name (integration));
      return FALSE;
    }

  return clear_awaiting (self, integration, actor, error);
}

/* The first run that succeeds proves the other side is on. */
void
sb_workspace_catalog_run_finished (SbWorkspace *self,
                                   SbRun       *run,
                                   gpointer     user_data)
{
  g_autoptr(SbIntegration) integration = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *awaiting = NULL;

  if (sb_run_get_status (run) != SB_RUN_STATUS_SUCCEEDED)
    return;

  awaiting = sb_store_dup_integration_awaiting_provider (sb_workspace_get_store (self),
                                                         sb_run_get_integration_id (run),
                                                         NULL);
  if (awaiting == NULL)
    return;

  integration = sb_workspace_dup_integration_by_id (self, sb_run_get_integration_id (run));
  if (integration == NULL || !clear_awaiting (self, integration, NULL, &error))
    g_warning ("Could not record the activation at the provider: %s",
               error != NULL ? error->message : "no such integration");
}
