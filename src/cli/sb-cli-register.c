/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-cli-register.h"
#include "sb-cli-json.h"
#include "sb-cli.h"

static void
add_date (JsonBuilder *b,
          const char  *name,
          GDateTime   *value)
{
  g_autofree char *text = value != NULL ? g_date_time_format_iso8601 (value) : NULL;

  sb_cli_add_string (b, name, text);
}

static char *
dup_local (GDateTime *datetime)
{
  g_autoptr(GDateTime) local = NULL;

  if (datetime == NULL)
    return g_strdup ("—");
  local = g_date_time_to_local (datetime);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static void
build_row (JsonBuilder            *b,
           SbActivatedIntegration *row)
{
  SbIntegration *integration = sb_activated_integration_get_integration (row);
  SbRun *run = sb_activated_integration_get_last_run (row);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, sb_integration_get_id (integration));
  sb_cli_add_string (b, "name", sb_integration_get_name (integration));
  sb_cli_add_string (b, "organization",
              sb_organization_get_name (sb_activated_integration_get_organization (row)));
  sb_cli_add_string (b, "status", sb_enum_to_nick (SB_TYPE_INTEGRATION_STATUS,
                                            sb_integration_get_status (integration)));
  sb_cli_add_string (b, "system", sb_activated_integration_get_system (row));
  sb_cli_add_strv (b, "system_ids", sb_activated_integration_get_system_ids (row));
  sb_cli_add_string (b, "type", sb_activated_integration_get_kind (row));
  sb_cli_add_string (b, "sport", sb_activated_integration_get_sport (row));
  sb_cli_add_string (b, "activated_by", sb_activated_integration_get_activated_by (row));
  add_date (b, "activated_at", sb_activated_integration_get_activated_at (row));
  add_date (b, "deactivated_at", sb_activated_integration_get_deactivated_at (row));
  json_builder_set_member_name (b, "last_import");
  if (run != NULL)
    {
      json_builder_begin_object (b);
      add_date (b, "at", sb_run_get_started_at (run));
      sb_cli_add_string (b, "status", sb_enum_to_nick (SB_TYPE_RUN_STATUS, sb_run_get_status (run)));
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  sb_cli_add_string (b, "purpose", sb_activated_integration_get_purpose (row));
  json_builder_set_member_name (b, "purpose_stated");
  json_builder_add_boolean_value (b, sb_activated_integration_get_purpose_stated (row));
  sb_cli_add_string (b, "providers", sb_activated_integration_get_providers (row));
  sb_cli_add_strv (b, "personal_data", sb_activated_integration_get_personal_data (row));
  sb_cli_add_strv (b, "accounts", sb_activated_integration_get_accounts (row));
  json_builder_end_object (b);
}

static void
print_row (SbActivatedIntegration *row)
{
  SbIntegration *integration = sb_activated_integration_get_integration (row);
  SbRun *run = sb_activated_integration_get_last_run (row);
  g_autofree char *activated_at = dup_local (sb_activated_integration_get_activated_at (row));
  g_autofree char *last = NULL;
  const char *by = sb_activated_integration_get_activated_by (row);

  if (run != NULL)
    {
      g_autofree char *at = dup_local (sb_run_get_started_at (run));

      last = g_strdup_printf ("%s (%s)", at, sb_run_status_get_label (sb_run_get_status (run)));
    }
  else
    /* Translators: the last import of an integration that never ran */
    last = g_strdup (_("never"));

  g_print ("%4" G_GINT64_FORMAT "  %s\n", sb_integration_get_id (integration),
           sb_integration_get_name (integration));
  /* Translators: the lines under an integration in “samband-cli activated”; keep the
   * alignment of the colons */
  g_print (_("      System: %s (%s), sport: %s\n"), sb_activated_integration_get_system (row),
           sb_activated_integration_get_kind_label (row),
           sb_activated_integration_get_sport (row) != NULL
             ? sb_activated_integration_get_sport (row) : "—");
  g_print (_("   Activated: %s by %s\n"), activated_at, by != NULL ? by : "—");
  if (sb_activated_integration_get_deactivated_at (row) != NULL)
    {
      g_autofree char *at = dup_local (sb_activated_integration_get_deactivated_at (row));

      g_print (_(" Deactivated: %s\n"), at);
    }
  g_print (_(" Last import: %s\n"), last);
  g_print (_("     Purpose: %s\n"), sb_activated_integration_get_purpose (row));
}

int
sb_cli_activated (SbWorkspace              *workspace,
                  const char               *organization,
                  gboolean                  deactivated,
                  const SbActivatedFilter  *filter,
                  gboolean                  json,
                  GError                  **error)
{
  g_autoptr(SbOrganization) org = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  if (filter->kind != NULL && !g_str_equal (filter->kind, "import") &&
      !g_str_equal (filter->kind, "export") && !g_str_equal (filter->kind, "two-way"))
    {
      /* Translators: keep import, export and two-way as they are */
      g_printerr (_("“%s” is not a type: give import, export or two-way.\n"), filter->kind);
      return SB_CLI_EXIT_USAGE;
    }

  org = sb_workspace_find_organization (workspace, organization, error);
  if (org == NULL)
    return sb_cli_exit_code_for (*error);
  rows = sb_workspace_list_activated (workspace, org, deactivated, filter, error);
  if (rows == NULL)
    return sb_cli_exit_code_for (*error);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (b);
      for (guint i = 0; i < rows->len; i++)
        build_row (b, g_ptr_array_index (rows, i));
      json_builder_end_array (b);
      root = json_builder_get_root (b);
      sb_cli_print_json (root);
      return SB_CLI_EXIT_OK;
    }

  if (rows->len == 0)
    g_print ("%s\n", deactivated ? _("No deactivated integrations.")
                                 : _("No activated integrations."));
  for (guint i = 0; i < rows->len; i++)
    print_row (g_ptr_array_index (rows, i));
  return SB_CLI_EXIT_OK;
}

int
sb_cli_set_activated (SbWorkspace  *workspace,
                      char        **names,
                      gboolean      reactivate,
                      gboolean      json,
                      GError      **error)
{
  g_autoptr(GPtrArray) integrations = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean done;

  for (guint i = 0; names[i] != NULL; i++)
    {
      SbIntegration *integration = sb_workspace_find_integration (workspace, names[i], error);

      if (integration == NULL)
        return sb_cli_exit_code_for (*error);
      g_ptr_array_add (integrations, integration);
    }

  if (reactivate)
    done = sb_workspace_reactivate_integrations (workspace,
                                                 (SbIntegration **) integrations->pdata,
                                                 integrations->len, error);
  else
    done = sb_workspace_deactivate_integrations (workspace,
                                                 (SbIntegration **) integrations->pdata,
                                                 integrations->len, error);
  if (!done)
    return sb_cli_exit_code_for (*error);

  if (!json)
    for (guint i = 0; i < integrations->len; i++)
      {
        SbIntegration *integration = g_ptr_array_index (integrations, i);

        if (reactivate)
          /* Translators: the first %s is the name of an integration, the second its status */
          g_print (_("“%s” is back among the activated integrations, %s.\n"),
                   sb_integration_get_name (integration),
                   sb_integration_status_get_label (sb_integration_get_status (integration)));
        else
          g_print (_("“%s” is deactivated; its settings and history are kept.\n"),
                   sb_integration_get_name (integration));
      }
  return SB_CLI_EXIT_OK;
}

int
sb_cli_register (SbWorkspace  *workspace,
                 const char   *organization,
                 const char   *csv_file,
                 const char   *html_file,
                 GError      **error)
{
  g_autoptr(SbOrganization) org = NULL;

  org = sb_workspace_find_organization (workspace, organization, error);
  if (org == NULL)
    return sb_cli_exit_code_for (*error);

  if (csv_file != NULL || html_file == NULL)
    {
      g_autofree char *csv = sb_workspace_dup_register_csv (workspace, org, error);

      if (csv == NULL)
        return sb_cli_exit_code_for (*error);
      if (csv_file == NULL || g_str_equal (csv_file, "-"))
        g_print ("%s", csv);
      else if (!g_file_set_contents_full (csv_file, csv, -1, G_FILE_SET_CONTENTS_CONSISTENT,
                                          0600, error))
        return SB_CLI_EXIT_FAILED;
    }

  if (html_file != NULL)
    {
      g_autofree char *html = sb_workspace_dup_register_html (workspace, org, error);

      if (html == NULL)
        return sb_cli_exit_code_for (*error);
      if (g_str_equal (html_file, "-"))
        g_print ("%s", html);
      else if (!g_file_set_contents_full (html_file, html, -1, G_FILE_SET_CONTENTS_CONSISTENT,
                                          0600, error))
        return SB_CLI_EXIT_FAILED;
    }

  return SB_CLI_EXIT_OK;
}
