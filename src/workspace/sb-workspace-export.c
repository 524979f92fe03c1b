/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-workspace.h"
#include "sb-workspace-private.h"

/* Integrations and accounts as a document that samband-cli import can read again (the
 * shape of demo/sb-demo.h). Everything here comes from the store and the models, and no
 * credential is ever in either, so none can be in an export. */

static char *
dup_account_key (gint64 id)
{
  return g_strdup_printf ("account-%" G_GINT64_FORMAT, id);
}

/* The "account" members of a trigger or of steps (nested ones too) name accounts by key;
 * ids of accounts that are gone stay as they are. */
static void
replace_account_ids (JsonNode   *node,
                     GHashTable *known)
{
  if (node == NULL)
    return;

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        replace_account_ids (json_array_get_element (array, i), known);
      return;
    }

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      JsonNode *account = json_object_get_member (object, "account");

      if (account != NULL && JSON_NODE_HOLDS_VALUE (account) &&
          json_node_get_value_type (account) == G_TYPE_INT64)
        {
          gint64 id = json_node_get_int (account);

          if (g_hash_table_contains (known, &id))
            json_object_set_string_member (object, "account", g_hash_table_lookup (known, &id));
        }

      replace_account_ids (json_object_get_member (object, "steps"), known);
    }
}

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_json (JsonBuilder *b,
          const char  *name,
          JsonNode    *value,
          GHashTable  *known)
{
  JsonNode *copy;

  json_builder_set_member_name (b, name);
  if (value == NULL)
    {
      json_builder_add_null_value (b);
      return;
    }

  /* The models hold sealed nodes: the copy is one that can change. */
  copy = json_node_copy (value);
  if (json_node_is_immutable (copy))
    {
      g_autofree char *text = json_to_string (copy, FALSE);

      json_node_unref (copy);
      copy = json_from_string (text, NULL);
    }
  if (known != NULL)
    replace_account_ids (copy, known);
  json_builder_add_value (b, copy);
}

static void
build_accounts (SbWorkspace    *self,
                SbOrganization *org,
                JsonBuilder    *b,
                GHashTable     *known)
{
  GListModel *accounts = sb_workspace_get_accounts (self, org);

  json_builder_set_member_name (b, "accounts");
  json_builder_begin_array (b);
  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(SbAccount) account = g_list_model_get_item (accounts, i);
      g_autoptr(SbMember) owner = sb_workspace_dup_account_owner (self, account);
      gint64 id = sb_account_get_id (account);
      char *key = dup_account_key (id);

      g_hash_table_insert (known, g_memdup2 (&id, sizeof id), key);

      json_builder_begin_object (b);
      add_string (b, "key", key);
      add_string (b, "connector", sb_account_get_connector_id (account));
      add_string (b, "name", sb_account_get_name (account));
      add_string (b, "status", sb_enum_to_nick (SB_TYPE_ACCOUNT_STATUS,
                                                sb_account_get_status (account)));
      /* A demo account's is resolved at every start, so it is not part of the account. */
      add_string (b, "base_url", sb_workspace_get_demo_service (account) != NULL
                                 ? NULL : sb_account_get_base_url (account));
      add_string (b, "owner", owner != NULL ? sb_member_get_email (owner) : NULL);
      add_json (b, "connection_info", sb_account_get_connection_info (account), NULL);
      add_json (b, "metadata", sb_account_get_metadata (account), NULL);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
build_integrations (SbWorkspace    *self,
                    SbOrganization *org,
                    JsonBuilder    *b,
                    GHashTable     *known)
{
  GListModel *integrations = sb_workspace_get_integrations (self, org);

  json_builder_set_member_name (b, "integrations");
  json_builder_begin_array (b);
  for (guint i = 0; i < g_list_model_get_n_items (integrations); i++)
    {
      g_autoptr(SbIntegration) integration = g_list_model_get_item (integrations, i);
      g_autoptr(GPtrArray) accounts = sb_workspace_dup_integration_accounts (self, integration);

      json_builder_begin_object (b);
      add_string (b, "name", sb_integration_get_name (integration));
      add_string (b, "description", sb_integration_get_description (integration));
      add_string (b, "status", sb_enum_to_nick (SB_TYPE_INTEGRATION_STATUS,
                                                sb_integration_get_status (integration)));
      add_string (b, "purpose", sb_integration_get_purpose (integration));
      add_json (b, "trigger", sb_integration_get_trigger (integration), known);
      add_json (b, "steps", sb_integration_get_steps (integration), known);
      add_json (b, "settings", sb_integration_get_settings (integration), NULL);

      json_builder_set_member_name (b, "accounts");
      json_builder_begin_array (b);
      for (guint j = 0; j < accounts->len; j++)
        {
          gint64 id = sb_account_get_id (g_ptr_array_index (accounts, j));
          const char *key = g_hash_table_lookup (known, &id);

          if (key != NULL)
            json_builder_add_string_value (b, key);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
build_organization (SbWorkspace    *self,
                    SbOrganization *org,
                    JsonBuilder    *b)
{
  g_autoptr(GHashTable) known = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                       g_free);

  json_builder_begin_object (b);
  add_string (b, "name", sb_organization_get_name (org));
  add_string (b, "kind", sb_enum_to_nick (SB_TYPE_ORGANIZATION_KIND,
                                          sb_organization_get_kind (org)));
  add_string (b, "sport", sb_organization_get_sport (org));
  build_accounts (self, org, b, known);
  build_integrations (self, org, b, known);
  json_builder_end_object (b);
}

JsonNode *
sb_workspace_export (SbWorkspace     *self,
                     SbOrganization  *organization,
                     GError         **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  GListModel *orgs;
  guint n_exported = 0;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (organization == NULL || SB_IS_ORGANIZATION (organization), NULL);

  if (organization != NULL &&
      !sb_workspace_check (self, organization, SB_CAPABILITY_VIEW_ACCOUNT_DETAILS, error))
    return NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "organizations");
  json_builder_begin_array (b);

  if (organization != NULL)
    {
      build_organization (self, organization, b);
      n_exported++;
    }
  else
    {
      orgs = sb_workspace_get_organizations (self);
      for (guint i = 0; i < g_list_model_get_n_items (orgs); i++)
        {
          g_autoptr(SbOrganization) org = g_list_model_get_item (orgs, i);

          if (!sb_workspace_can (self, org, SB_CAPABILITY_VIEW_ACCOUNT_DETAILS))
            continue;
          build_organization (self, org, b);
          n_exported++;
        }
    }

  json_builder_end_array (b);
  json_builder_end_object (b);

  if (n_exported == 0 && g_list_model_get_n_items (sb_workspace_get_organizations (self)) > 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                           _("There is nothing you may export: only Admins and Collaborators "
                             "can see the accounts of an organization in full."));
      return NULL;
    }

  return json_builder_get_root (b);
}
