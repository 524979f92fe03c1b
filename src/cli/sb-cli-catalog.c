/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-cli-catalog.h"
#include "sb-cli-json.h"
#include "sb-cli.h"

static char *
dup_template_reference (SbCatalogEntry *entry)
{
  if (entry->template == NULL)
    return NULL;
  return g_strdup_printf ("%s/%s", sb_connector_get_id (entry->connector),
                          entry->template->id);
}

static void
build_entry (JsonBuilder    *b,
             SbCatalogEntry *entry)
{
  g_autofree char *reference = dup_template_reference (entry);
  SbConnector *connector = entry->connector;

  json_builder_begin_object (b);
  sb_cli_add_string (b, "connector", sb_connector_get_id (connector));
  sb_cli_add_string (b, "system", sb_connector_get_name (connector));
  sb_cli_add_string (b, "template", reference);
  sb_cli_add_string (b, "name", entry->template != NULL ? entry->template->name
                                                 : sb_connector_get_name (connector));
  sb_cli_add_string (b, "description", entry->template != NULL
                                  ? entry->template->description
                                  : sb_connector_get_description (connector));
  sb_cli_add_string (b, "provider", entry->provider);
  sb_cli_add_string (b, "type", entry->type);
  sb_cli_add_string (b, "purpose", entry->purpose);
  sb_cli_add_strv (b, "services", entry->template != NULL
                             ? (const char * const *) entry->template->services
                             : NULL);
  sb_cli_add_strv (b, "missing_accounts", (const char * const *) entry->missing);
  json_builder_set_member_name (b, "two_sided");
  json_builder_add_boolean_value (b, sb_connector_get_two_sided_instructions (connector)
                                       != NULL);
  json_builder_end_object (b);
}

static void
print_entry (SbCatalogEntry *entry)
{
  g_autofree char *reference = dup_template_reference (entry);
  SbConnector *connector = entry->connector;

  if (entry->template != NULL)
    g_print ("%s  (%s)\n", entry->template->name, reference);
  else
    g_print ("%s\n", sb_connector_get_name (connector));
  g_print (_("    System: %s\n"), sb_connector_get_name (connector));
  g_print (_("  Provider: %s\n"), entry->provider);
  g_print (_("      Type: %s\n"), sb_catalog_type_get_label (entry->type));
  g_print (_("   Purpose: %s\n"), entry->purpose != NULL ? entry->purpose : "—");
  if (entry->missing != NULL && entry->missing[0] != NULL)
    {
      g_autofree char *missing = g_strjoinv (", ", entry->missing);

      g_print (_("   Missing: accounts of %s\n"), missing);
    }
}

int
sb_cli_catalog (SbWorkspace  *workspace,
                const char   *organization,
                gboolean      json,
                GError      **error)
{
  g_autoptr(SbOrganization) org = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  org = sb_workspace_find_organization (workspace, organization, error);
  if (org == NULL)
    return sb_cli_exit_code_for (*error);
  entries = sb_workspace_list_catalog (workspace, org, error);
  if (entries == NULL)
    return sb_cli_exit_code_for (*error);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (b);
      for (guint i = 0; i < entries->len; i++)
        build_entry (b, g_ptr_array_index (entries, i));
      json_builder_end_array (b);
      root = json_builder_get_root (b);
      sb_cli_print_json (root);
      return SB_CLI_EXIT_OK;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      if (i > 0)
        g_print ("\n");
      print_entry (g_ptr_array_index (entries, i));
    }
  return SB_CLI_EXIT_OK;
}

static void
print_activation (SbWorkspace   *workspace,
                  SbIntegration *integration,
                  gboolean       json)
{
  g_autoptr(SbConnector) awaited = sb_workspace_dup_awaited_connector (workspace, integration);
  g_autofree char *notice = sb_workspace_dup_activation_notice (workspace, integration);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, sb_integration_get_id (integration));
      sb_cli_add_string (b, "name", sb_integration_get_name (integration));
      sb_cli_add_string (b, "status", sb_enum_to_nick (SB_TYPE_INTEGRATION_STATUS,
                                                sb_integration_get_status (integration)));
      json_builder_set_member_name (b, "awaiting_provider");
      if (awaited != NULL)
        {
          json_builder_begin_object (b);
          sb_cli_add_string (b, "connector", sb_connector_get_id (awaited));
          sb_cli_add_string (b, "provider", sb_connector_get_provider_name (awaited));
          sb_cli_add_string (b, "support_email", sb_connector_get_support_email (awaited));
          sb_cli_add_string (b, "support_url", sb_connector_get_support_url (awaited));
          sb_cli_add_string (b, "instructions", sb_connector_get_two_sided_instructions (awaited));
          json_builder_end_object (b);
        }
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      sb_cli_print_json (root);
      return;
    }

  if (awaited == NULL)
    return;
  g_print ("%s\n", notice);
  if (sb_connector_get_support_email (awaited) != NULL)
    g_print (_("  Contact: %s\n"), sb_connector_get_support_email (awaited));
  if (sb_connector_get_support_url (awaited) != NULL)
    g_print (_("  Contact: %s\n"), sb_connector_get_support_url (awaited));
  g_print (_("  What to ask: %s\n"), sb_connector_get_two_sided_instructions (awaited));
}

int
sb_cli_add_integration (SbWorkspace  *workspace,
                        const char   *organization,
                        const char   *template_reference,
                        gboolean      json,
                        GError      **error)
{
  g_autoptr(SbOrganization) org = NULL;
  g_autoptr(SbIntegration) integration = NULL;
  const SbConnectorTemplate *template;
  SbConnector *connector = NULL;

  org = sb_workspace_find_organization (workspace, organization, error);
  if (org == NULL)
    return sb_cli_exit_code_for (*error);
  template = sb_workspace_find_template (workspace, template_reference, &connector, error);
  if (template == NULL)
    return sb_cli_exit_code_for (*error);
  integration = sb_workspace_create_integration_from_template (workspace, org, connector,
                                                               template, error);
  if (integration == NULL)
    return sb_cli_exit_code_for (*error);

  if (!json)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT,
                                             sb_integration_get_id (integration));

      /* Translators: the first %s is the name of an integration, the second its id */
      g_print (_("Created “%s” (%s) as a draft.\n"), sb_integration_get_name (integration), id);
    }
  print_activation (workspace, integration, json);
  return SB_CLI_EXIT_OK;
}

int
sb_cli_confirm_activation (SbWorkspace  *workspace,
                           const char   *name,
                           gboolean      json,
                           GError      **error)
{
  g_autoptr(SbIntegration) integration = NULL;

  integration = sb_workspace_find_integration (workspace, name, error);
  if (integration == NULL)
    return sb_cli_exit_code_for (*error);
  if (!sb_workspace_confirm_provider_activation (workspace, integration, error))
    return sb_cli_exit_code_for (*error);

  if (json)
    print_activation (workspace, integration, json);
  else
    /* Translators: %s is the name of an integration */
    g_print (_("“%s” is activated at the provider.\n"), sb_integration_get_name (integration));
  return SB_CLI_EXIT_OK;
}
