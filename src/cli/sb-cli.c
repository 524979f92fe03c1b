/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <glib-unix.h>

#include "sb-cli.h"
#include "sb-cli-json.h"
#include "sb-cli-members.h"
#include "sb-cli-register.h"
#include "workspace/sb-workspace-notifications.h"
#include "sb-cli-catalog.h"
#include "workspace/sb-workspace.h"

typedef struct
{
  SbWorkspace  *workspace;
  gboolean      json;
  char        **args;     /* the command's arguments, after the command name */
  guint         n_args;

  /* The options of add-account and export. */
  const char   *name;
  char        **fields;   /* key=value; the values are wiped once read */
  const char   *base_url;
  const char   *owner;
  const char   *output;

  /* The options of run, replay and serve. */
  gboolean      wait;
  gboolean      from_failed_step;
  int           port;     /* -1: not given */

  /* The options of add-member and remove-member (name is --name). */
  SbCliMemberOptions member;
  /* The options of imports. */
  const char   *search;
  const char   *import_status;
  const char   *since;
  const char   *until;
  /* The options of activated and register. */
  SbActivatedFilter filter;
  gboolean      deactivated;
  const char   *csv;
  const char   *html;
} Cli;

typedef int (*CommandFunc) (Cli *cli, GError **error);

typedef enum
{
  OPTION_NONE = 0,
  OPTION_ACCOUNT = 1 << 0,   /* --name, --field, --base-url, --owner */
  OPTION_OUTPUT = 1 << 1,    /* --output */
  OPTION_WAIT = 1 << 2,      /* --wait */
  OPTION_REPLAY = 1 << 3,    /* --from-failed-step */
  OPTION_PORT = 1 << 4,      /* --port */
  OPTION_MEMBER = 1 << 5,    /* --name, --email, --phone, --role, --integration-user, --move-to */
  OPTION_IMPORTS = 1 << 6,   /* --search, --status, --since, --until */
  OPTION_FILTER = 1 << 7,    /* --type, --system, --sport, --search, --deactivated */
  OPTION_REGISTER = 1 << 8,  /* --csv, --html */
  OPTION_PACKAGE = 1 << 9,   /* --package (add-member and set-packages) */
} CommandOptions;

typedef struct
{
  const char     *name;
  const char     *args;
  const char     *summary;
  guint           min_args;
  guint           max_args;
  CommandFunc     func;
  CommandOptions  options;
} Command;

static void
add_int (JsonBuilder *b,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

static void
add_date (JsonBuilder *b,
          const char  *name,
          GDateTime   *value)
{
  g_autofree char *text = value != NULL ? g_date_time_format_iso8601 (value) : NULL;

  sb_cli_add_string (b, name, text);
}

static SbOrganization *
find_organization (Cli         *cli,
                   const char  *id_or_name,
                   GError     **error)
{
  return sb_workspace_find_organization (cli->workspace, id_or_name, error);
}

/* Listing needs no more than membership: every role may see the lists. */
static gboolean
check_member (Cli             *cli,
              SbOrganization  *org,
              GError         **error)
{
  return sb_workspace_check (cli->workspace, org, SB_CAPABILITY_VIEW_INTEGRATIONS, error);
}

static void got_result_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data);
static GAsyncResult *wait_for (GAsyncResult **slot);

static int
cmd_demo (Cli     *cli,
          GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  /* It returns once the demo's credentials are in the keyring, before the process ends. */
  sb_workspace_create_demo_async (cli->workspace, NULL, got_result_cb, &slot);
  result = wait_for (&slot);
  if (!sb_workspace_create_demo_finish (cli->workspace, result, error))
    return sb_cli_exit_code_for (*error);
  if (sb_workspace_get_keyring_problem (cli->workspace) != NULL)
    g_printerr (_("The demo accounts were created without their credentials: %s\n"),
                sb_workspace_get_keyring_problem (cli->workspace));

  if (!cli->json)
    g_print ("%s\n", _("The demo organizations are ready."));
  return SB_CLI_EXIT_OK;
}

static int
cmd_orgs (Cli     *cli,
          GError **error)
{
  GListModel *orgs = sb_workspace_get_organizations (cli->workspace);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  guint n = g_list_model_get_n_items (orgs);

  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SbOrganization) org = g_list_model_get_item (orgs, i);
      g_autoptr(SbMember) me = sb_workspace_dup_acting_member (cli->workspace, org);
      SbOrganizationKind kind = sb_organization_get_kind (org);

      /* Only the organizations the acting person belongs to. */
      if (me == NULL)
        continue;

      if (cli->json)
        {
          json_builder_begin_object (b);
          add_int (b, "id", sb_organization_get_id (org));
          sb_cli_add_string (b, "name", sb_organization_get_name (org));
          sb_cli_add_string (b, "kind", sb_enum_to_nick (SB_TYPE_ORGANIZATION_KIND, kind));
          sb_cli_add_string (b, "sport", sb_organization_get_sport (org));
          sb_cli_add_string (b, "role", sb_enum_to_nick (SB_TYPE_ROLE, sb_member_get_role (me)));
          json_builder_end_object (b);
        }
      else
        {
          g_print ("%4" G_GINT64_FORMAT "  %-32s  %s\n", sb_organization_get_id (org),
                   sb_organization_get_name (org), sb_organization_kind_get_label (kind));
        }
    }
  json_builder_end_array (b);

  if (cli->json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (b);
      sb_cli_print_json (root);
    }
  return SB_CLI_EXIT_OK;
}

static int
cmd_integrations (Cli     *cli,
                  GError **error)
{
  g_autoptr(SbOrganization) org = find_organization (cli, cli->args[0], error);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  GListModel *list;
  guint n;

  if (org == NULL)
    return sb_cli_exit_code_for (*error);
  if (!check_member (cli, org, error))
    return sb_cli_exit_code_for (*error);

  list = sb_workspace_get_integrations (cli->workspace, org);
  n = g_list_model_get_n_items (list);

  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SbIntegration) integration = g_list_model_get_item (list, i);
      g_autofree char *trigger = sb_integration_dup_trigger_summary (integration);
      SbIntegrationStatus status = sb_integration_get_status (integration);

      if (cli->json)
        {
          json_builder_begin_object (b);
          add_int (b, "id", sb_integration_get_id (integration));
          sb_cli_add_string (b, "name", sb_integration_get_name (integration));
          sb_cli_add_string (b, "status", sb_enum_to_nick (SB_TYPE_INTEGRATION_STATUS, status));
          sb_cli_add_string (b, "description", sb_integration_get_description (integration));
          json_builder_set_member_name (b, "trigger");
          if (sb_integration_get_trigger (integration) != NULL)
            json_builder_add_value (b, json_node_copy (sb_integration_get_trigger (integration)));
          else
            json_builder_add_null_value (b);
          add_date (b, "created_at", sb_integration_get_created_at (integration));
          add_date (b, "activated_at", sb_integration_get_activated_at (integration));
          json_builder_end_object (b);
        }
      else
        {
          g_print ("%4" G_GINT64_FORMAT "  %-44s  %-8s  %s\n",
                   sb_integration_get_id (integration), sb_integration_get_name (integration),
                   sb_integration_status_get_label (status), trigger);
        }
    }
  json_builder_end_array (b);

  if (cli->json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (b);
      sb_cli_print_json (root);
    }
  return SB_CLI_EXIT_OK;
}

static void build_account_summary (Cli         *cli,
                                   JsonBuilder *b,
                                   SbAccount   *account);

static int
cmd_accounts (Cli     *cli,
              GError **error)
{
  g_autoptr(SbOrganization) org = find_organization (cli, cli->args[0], error);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  SbConnectorCatalog *catalog = sb_workspace_get_catalog (cli->workspace);
  GListModel *list;
  guint n;

  if (org == NULL)
    return sb_cli_exit_code_for (*error);
  if (!sb_workspace_check (cli->workspace, org, SB_CAPABILITY_LIST_ACCOUNTS, error))
    return sb_cli_exit_code_for (*error);

  list = sb_workspace_get_accounts (cli->workspace, org);
  n = g_list_model_get_n_items (list);

  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SbAccount) account = g_list_model_get_item (list, i);
      SbConnector *connector = sb_connector_catalog_lookup (catalog,
                                                            sb_account_get_connector_id (account));
      SbAccountStatus status = sb_account_get_status (account);

      if (cli->json)
        {
          json_builder_begin_object (b);
          build_account_summary (cli, b, account);
          json_builder_end_object (b);
        }
      else
        {
          g_print ("%4" G_GINT64_FORMAT "  %-36s  %-14s  %s\n", sb_account_get_id (account),
                   sb_account_get_name (account),
                   connector != NULL ? sb_connector_get_name (connector)
                                     : sb_account_get_connector_id (account),
                   sb_account_status_get_label (status));
        }
    }
  json_builder_end_array (b);

  if (cli->json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (b);
      sb_cli_print_json (root);
    }
  return SB_CLI_EXIT_OK;
}

static int
cmd_members (Cli     *cli,
             GError **error)
{
  g_autoptr(SbOrganization) org = find_organization (cli, cli->args[0], error);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  GListModel *list;
  guint n;

  if (org == NULL)
    return sb_cli_exit_code_for (*error);
  if (!check_member (cli, org, error))
    return sb_cli_exit_code_for (*error);

  list = sb_workspace_get_members (cli->workspace, org);
  n = g_list_model_get_n_items (list);

  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SbMember) member = g_list_model_get_item (list, i);
      SbRole role = sb_member_get_role (member);
      SbMemberKind kind = sb_member_get_kind (member);

      if (cli->json)
        {
          json_builder_begin_object (b);
          add_int (b, "id", sb_member_get_id (member));
          sb_cli_add_string (b, "name", sb_member_get_display_name (member));
          sb_cli_add_string (b, "email", sb_member_get_email (member));
          sb_cli_add_string (b, "phone", sb_member_get_phone (member));
          sb_cli_add_string (b, "role", sb_enum_to_nick (SB_TYPE_ROLE, role));
          sb_cli_add_string (b, "kind", sb_enum_to_nick (SB_TYPE_MEMBER_KIND, kind));
          sb_cli_add_string (b, "status", sb_enum_to_nick (SB_TYPE_MEMBER_STATUS,
                                                    sb_member_get_status (member)));
          sb_cli_add_strv (b, "packages", sb_member_get_packages (member));
          json_builder_end_object (b);
        }
      else
        {
          /* An integration user's packages begin with “Integration user”. */
          g_autofree char *packages_text =
            sb_access_packages_dup_labels (sb_member_get_packages (member));

          g_print ("%4" G_GINT64_FORMAT "  %-28s  %-30s  %s%s%s\n", sb_member_get_id (member),
                   sb_member_get_display_name (member), sb_member_get_email (member),
                   sb_role_get_label (role), *packages_text != '\0' ? " · " : "",
                   *packages_text != '\0' ? packages_text
                   : kind == SB_MEMBER_KIND_INTEGRATION_USER ? sb_member_kind_get_label (kind)
                   : "");
        }
    }
  json_builder_end_array (b);

  if (cli->json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (b);
      sb_cli_print_json (root);
    }
  return SB_CLI_EXIT_OK;
}

static int
cmd_set_status (Cli     *cli,
                GError **error)
{
  g_autoptr(SbIntegration) integration = NULL;
  int status;

  if (!sb_enum_from_nick (SB_TYPE_INTEGRATION_STATUS, cli->args[1], &status))
    {
      g_printerr (_("“%s” is not a status: use live, paused or draft.\n"), cli->args[1]);
      return SB_CLI_EXIT_USAGE;
    }

  integration = sb_workspace_find_integration (cli->workspace, cli->args[0], error);
  if (integration == NULL)
    return sb_cli_exit_code_for (*error);

  if (!sb_workspace_set_integration_status (cli->workspace, integration, status, error))
    return sb_cli_exit_code_for (*error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      add_int (b, "id", sb_integration_get_id (integration));
      sb_cli_add_string (b, "name", sb_integration_get_name (integration));
      sb_cli_add_string (b, "status", sb_enum_to_nick (SB_TYPE_INTEGRATION_STATUS, status));
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      sb_cli_print_json (root);
    }
  else
    {
      /* Translators: “Nightly import” is now Live. */
      g_print (_("“%s” is now %s.\n"), sb_integration_get_name (integration),
               sb_integration_status_get_label (status));
    }
  return SB_CLI_EXIT_OK;
}

static void
add_json (JsonBuilder *b,
          const char  *name,
          JsonNode    *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_value (b, json_node_copy (value));
  else
    json_builder_add_null_value (b);
}

static void
add_member_name (Cli         *cli,
                 JsonBuilder *b,
                 const char  *name,
                 gint64       member_id)
{
  g_autofree char *member = sb_workspace_dup_member_name (cli->workspace, member_id);

  sb_cli_add_string (b, name, member);
}

/* The short answer of a lifecycle command: what it is now. */
static void
print_integration_state (Cli           *cli,
                         SbIntegration *integration,
                         const char    *message)
{
  SbIntegrationStatus status = sb_integration_get_status (integration);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      add_int (b, "id", sb_integration_get_id (integration));
      sb_cli_add_string (b, "name", sb_integration_get_name (integration));
      sb_cli_add_string (b, "status", sb_enum_to_nick (SB_TYPE_INTEGRATION_STATUS, status));
      add_int (b, "version", sb_integration_get_version (integration));
      json_builder_set_member_name (b, "has_draft");
      json_builder_add_boolean_value (b, sb_integration_has_draft (integration));
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      sb_cli_print_json (root);
    }
  else
    {
      g_print ("%s\n", message);
    }
}

typedef gboolean (*LifecycleFunc) (SbWorkspace *workspace, SbIntegration *integration,
                                   GError **error);

static int
run_lifecycle (Cli            *cli,
               LifecycleFunc   func,
               GError        **error)
{
  g_autoptr(SbIntegration) integration = NULL;
  g_autofree char *message = NULL;

  integration = sb_workspace_find_integration (cli->workspace, cli->args[0], error);
  if (integration == NULL)
    return sb_cli_exit_code_for (*error);

  if (!func (cli->workspace, integration, error))
    return sb_cli_exit_code_for (*error);

  if (func == sb_workspace_publish_integration)
    message = g_strdup_printf (/* Translators: “Nightly import” version 3 is now live. */
                               _("“%s” version %u is published."),
                               sb_integration_get_name (integration),
                               sb_integration_get_version (integration));
  else
    message = g_strdup_printf (/* Translators: “Nightly import” is now Live. */
                               _("“%s” is now %s."), sb_integration_get_name (integration),
                               sb_integration_status_get_label (
                                 sb_integration_get_status (integration)));
  print_integration_state (cli, integration, message);
  return SB_CLI_EXIT_OK;
}

static int
cmd_activate (Cli     *cli,
              GError **error)
{
  return run_lifecycle (cli, sb_workspace_activate_integration, error);
}

static int
cmd_pause (Cli     *cli,
           GError **error)
{
  return run_lifecycle (cli, sb_workspace_pause_integration, error);
}

static int
cmd_publish (Cli     *cli,
             GError **error)
{
  return run_lifecycle (cli, sb_workspace_publish_integration, error);
}

static int
cmd_duplicate (Cli     *cli,
               GError **error)
{
  g_autoptr(SbIntegration) integration = NULL;
  g_autoptr(SbIntegration) copy = NULL;
  g_autofree char *message = NULL;
  g_autofree char *id_text = NULL;

  integration = sb_workspace_find_integration (cli->workspace, cli->args[0], error);
  if (integration == NULL)
    return sb_cli_exit_code_for (*error);

  copy = sb_workspace_duplicate_integration (cli->workspace, integration, error);
  if (copy == NULL)
    return sb_cli_exit_code_for (*error);

  /* xgettext cannot read a string built with G_GINT64_FORMAT: the id goes in as text. */
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, sb_integration_get_id (copy));
  message = g_strdup_printf (/* Translators: the first %s is a name, the second its id */
                             _("Created “%s” (id %s), a draft."),
                             sb_integration_get_name (copy), id_text);
  print_integration_state (cli, copy, message);
  return SB_CLI_EXIT_OK;
}

/* How many runs `show` lists. */
#define SHOW_RUNS 10

/* The members of one run, as `show`, `runs`, `run-detail` and `run` print them. */
static void
add_run_members (JsonBuilder *b,
                 SbRun       *run)
{
  add_int (b, "id", sb_run_get_id (run));
  add_int (b, "integration_id", sb_run_get_integration_id (run));
  sb_cli_add_string (b, "status", sb_enum_to_nick (SB_TYPE_RUN_STATUS, sb_run_get_status (run)));
  sb_cli_add_string (b, "trigger_kind", sb_run_get_trigger_kind (run));
  json_builder_set_member_name (b, "catch_up");
  json_builder_add_boolean_value (b, sb_run_get_catch_up (run));
  json_builder_set_member_name (b, "replay_of");
  if (sb_run_get_replay_of (run) != 0)
    json_builder_add_int_value (b, sb_run_get_replay_of (run));
  else
    json_builder_add_null_value (b);
  add_int (b, "attempt", sb_run_get_attempt (run));
  add_int (b, "start_step", sb_run_get_start_step (run));
  json_builder_set_member_name (b, "cancel_requested");
  json_builder_add_boolean_value (b, sb_run_get_cancel_requested (run));
  add_date (b, "queued_at", sb_run_get_queued_at (run));
  add_date (b, "started_at", sb_run_get_started_at (run));
  add_date (b, "finished_at", sb_run_get_finished_at (run));
  add_int (b, "items_read", sb_run_get_items_read (run));
  add_int (b, "items_created", sb_run_get_items_created (run));
  add_int (b, "items_updated", sb_run_get_items_updated (run));
  add_int (b, "items_failed", sb_run_get_items_failed (run));
  sb_cli_add_string (b, "error", sb_run_get_error (run));
}

static void
add_run (JsonBuilder *b,
         SbRun       *run)
{
  json_builder_begin_object (b);
  add_run_members (b, run);
  json_builder_end_object (b);
}

static void
build_integration (Cli           *cli,
                   JsonBuilder   *b,
                   SbIntegration *integration)
{
  const char * const *services = sb_integration_get_services (integration);
  GListModel *versions = sb_workspace_get_versions (cli->workspace, integration);
  GListModel *runs = sb_workspace_get_runs (cli->workspace, integration);
  g_autoptr(SbOrganization) org = NULL;
  guint n;

  org = sb_workspace_dup_organization (cli->workspace,
                                       sb_integration_get_organization_id (integration));

  json_builder_begin_object (b);
  add_int (b, "id", sb_integration_get_id (integration));
  sb_cli_add_string (b, "name", sb_integration_get_name (integration));
  sb_cli_add_string (b, "organization", org != NULL ? sb_organization_get_name (org) : NULL);
  sb_cli_add_string (b, "description", sb_integration_get_description (integration));
  sb_cli_add_string (b, "status", sb_enum_to_nick (SB_TYPE_INTEGRATION_STATUS,
                                            sb_integration_get_status (integration)));
  add_json (b, "trigger", sb_integration_get_trigger (integration));
  add_json (b, "steps", sb_integration_get_steps (integration));
  add_json (b, "settings", sb_integration_get_settings (integration));
  sb_cli_add_string (b, "purpose", sb_integration_get_purpose (integration));
  add_member_name (cli, b, "created_by", sb_integration_get_created_by (integration));
  add_date (b, "created_at", sb_integration_get_created_at (integration));
  add_member_name (cli, b, "activated_by", sb_integration_get_activated_by (integration));
  add_date (b, "activated_at", sb_integration_get_activated_at (integration));
  add_int (b, "version", sb_integration_get_version (integration));
  json_builder_set_member_name (b, "has_draft");
  json_builder_add_boolean_value (b, sb_integration_has_draft (integration));
  add_json (b, "draft", sb_integration_get_draft (integration));

  json_builder_set_member_name (b, "services");
  json_builder_begin_array (b);
  for (guint i = 0; services != NULL && services[i] != NULL; i++)
    json_builder_add_string_value (b, services[i]);
  json_builder_end_array (b);

  json_builder_set_member_name (b, "versions");
  json_builder_begin_array (b);
  n = g_list_model_get_n_items (versions);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SbIntegrationVersion) version = g_list_model_get_item (versions, i);

      json_builder_begin_object (b);
      add_int (b, "version", sb_integration_version_get_version (version));
      add_member_name (cli, b, "published_by", sb_integration_version_get_published_by (version));
      add_date (b, "published_at", sb_integration_version_get_published_at (version));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "runs");
  json_builder_begin_array (b);
  n = MIN (g_list_model_get_n_items (runs), SHOW_RUNS);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SbRun) run = g_list_model_get_item (runs, i);

      add_run (b, run);
    }
  json_builder_end_array (b);

  json_builder_end_object (b);
}

/* @datetime in the local time zone, "—" for none. */
static char *
dup_local_format (GDateTime  *datetime,
                  const char *format)
{
  g_autoptr(GDateTime) local = NULL;

  if (datetime == NULL)
    return g_strdup ("—");

  local = g_date_time_to_local (datetime);
  return g_date_time_format (local, format);
}

static char *
dup_local_time (GDateTime *datetime)
{
  return dup_local_format (datetime, "%Y-%m-%d %H:%M");
}

/* A member of a step as text, or NULL: steps come from files and imports, so a member of
 * the wrong type reads as absent. */
static const char *
get_step_text (JsonObject *step,
               const char *member)
{
  JsonNode *node = step != NULL ? json_object_get_member (step, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static void
print_steps (Cli        *cli,
             JsonNode   *steps,
             guint       depth)
{
  JsonArray *array;

  if (steps == NULL || !JSON_NODE_HOLDS_ARRAY (steps))
    return;

  array = json_node_get_array (steps);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *step = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *id = get_step_text (step, "id");
      const char *kind = get_step_text (step, "kind");
      const char *what = get_step_text (step, "action");
      JsonNode *account_node = step != NULL ? json_object_get_member (step, "account") : NULL;
      g_autofree char *account_name = NULL;

      if (what == NULL)
        what = get_step_text (step, "url");
      if (account_node != NULL && JSON_NODE_HOLDS_VALUE (account_node) &&
          json_node_get_value_type (account_node) == G_TYPE_INT64)
        {
          g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                      json_node_get_int (account_node));
          g_autoptr(SbAccount) account = sb_workspace_find_account (cli->workspace, id_text,
                                                                    NULL);

          if (account != NULL)
            account_name = g_strdup (sb_account_get_name (account));
        }

      g_print ("%*s%u. %s (%s)%s%s%s%s\n", (int) (2 + 3 * depth), "", i + 1,
               id != NULL ? id : "?", kind != NULL ? kind : "?",
               account_name != NULL ? " · " : "", account_name != NULL ? account_name : "",
               what != NULL ? " · " : "", what != NULL ? what : "");

      if (step != NULL && json_object_has_member (step, "steps") && depth < 8)
        print_steps (cli, json_object_get_member (step, "steps"), depth + 1);
    }
}

static void
print_integration (Cli           *cli,
                   SbIntegration *integration)
{
  const char * const *services = sb_integration_get_services (integration);
  g_autofree char *trigger = sb_integration_dup_trigger_summary (integration);
  g_autofree char *creator =
    sb_workspace_dup_member_name (cli->workspace, sb_integration_get_created_by (integration));
  g_autofree char *created = dup_local_time (sb_integration_get_created_at (integration));
  GListModel *versions = sb_workspace_get_versions (cli->workspace, integration);
  GListModel *runs = sb_workspace_get_runs (cli->workspace, integration);
  guint n;

  g_print ("%s (%" G_GINT64_FORMAT ")\n", sb_integration_get_name (integration),
           sb_integration_get_id (integration));
  if (sb_integration_get_description (integration) != NULL)
    g_print ("%s\n", sb_integration_get_description (integration));
  g_print ("\n");

  g_print ("%s %s", _("Status:"),
           sb_integration_status_get_label (sb_integration_get_status (integration)));
  if (sb_integration_get_version (integration) > 0)
    /* Translators: after the status, as in “Status: Live, version 2” */
    g_print (_(", version %u"), sb_integration_get_version (integration));
  if (sb_integration_has_draft (integration))
    g_print (" · %s", _("changes not yet published"));
  g_print ("\n");
  g_print ("%s %s\n", _("Trigger:"), trigger);
  if (services != NULL)
    {
      g_autofree char *list = g_strjoinv (", ", (char **) services);

      g_print ("%s %s\n", _("Services:"), list);
    }
  if (sb_integration_get_purpose (integration) != NULL)
    g_print ("%s %s\n", _("Purpose:"), sb_integration_get_purpose (integration));
  /* Translators: “Created: 2024-05-01 09:30 by Karin Lindqvist” */
  g_print (_("Created: %s by %s\n"), created, creator != NULL ? creator : "—");
  if (sb_integration_get_activated_at (integration) != NULL)
    {
      gint64 activated_by = sb_integration_get_activated_by (integration);
      g_autofree char *activator = sb_workspace_dup_member_name (cli->workspace, activated_by);
      g_autofree char *activated = dup_local_time (sb_integration_get_activated_at (integration));

      g_print (_("Activated: %s by %s\n"), activated, activator != NULL ? activator : "—");
    }

  g_print ("\n%s\n", _("Steps:"));
  print_steps (cli, sb_integration_get_steps (integration), 0);

  n = g_list_model_get_n_items (versions);
  if (n > 0)
    {
      g_print ("\n%s\n", _("Versions:"));
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(SbIntegrationVersion) version = g_list_model_get_item (versions, i);
          g_autofree char *by =
            sb_workspace_dup_member_name (cli->workspace,
                                          sb_integration_version_get_published_by (version));
          g_autofree char *at = dup_local_time (sb_integration_version_get_published_at (version));

          g_print ("  %3u  %s  %s\n", sb_integration_version_get_version (version), at,
                   by != NULL ? by : "—");
        }
    }

  n = MIN (g_list_model_get_n_items (runs), SHOW_RUNS);
  g_print ("\n%s\n", _("Last runs:"));
  if (n == 0)
    g_print ("  %s\n", _("It has not run yet."));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SbRun) run = g_list_model_get_item (runs, i);
      g_autofree char *started = dup_local_time (sb_run_get_started_at (run));

      g_print ("  %s  %-11s  ", started, sb_run_status_get_label (sb_run_get_status (run)));
      /* Translators: counts of a run's items */
      g_print (_("read %u, created %u, updated %u, failed %u"), sb_run_get_items_read (run),
               sb_run_get_items_created (run), sb_run_get_items_updated (run),
               sb_run_get_items_failed (run));
      if (sb_run_get_error (run) != NULL)
        g_print (" · %s", sb_run_get_error (run));
      g_print ("\n");
    }
}

static int
cmd_show (Cli     *cli,
          GError **error)
{
  g_autoptr(SbIntegration) integration = NULL;
  g_autoptr(SbOrganization) org = NULL;

  integration = sb_workspace_find_integration (cli->workspace, cli->args[0], error);
  if (integration == NULL)
    return sb_cli_exit_code_for (*error);

  org = sb_workspace_dup_organization (cli->workspace,
                                       sb_integration_get_organization_id (integration));
  if (org == NULL || !check_member (cli, org, error))
    {
      if (*error == NULL)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                             _("The organization no longer exists."));
      return sb_cli_exit_code_for (*error);
    }

  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      build_integration (cli, b, integration);
      root = json_builder_get_root (b);
      sb_cli_print_json (root);
    }
  else
    {
      print_integration (cli, integration);
    }

  return SB_CLI_EXIT_OK;
}

static int
cmd_delete (Cli     *cli,
            GError **error)
{
  g_autoptr(SbIntegration) integration = NULL;
  g_autofree char *name = NULL;

  integration = sb_workspace_find_integration (cli->workspace, cli->args[0], error);
  if (integration == NULL)
    return sb_cli_exit_code_for (*error);

  name = g_strdup (sb_integration_get_name (integration));
  if (!sb_workspace_delete_integration (cli->workspace, integration, error))
    return sb_cli_exit_code_for (*error);

  if (!cli->json)
    g_print (_("Deleted “%s”.\n"), name);
  return SB_CLI_EXIT_OK;
}

/* Accounts {{{ */

static void
got_result_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
  g_main_context_wakeup (NULL);
}

/* The command line has the main loop to itself: it runs it until the call it made is done. */
static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return g_steal_pointer (slot);
}

static void
add_member_object (JsonBuilder *b,
                   const char  *name,
                   SbMember    *member)
{
  json_builder_set_member_name (b, name);
  if (member == NULL)
    {
      json_builder_add_null_value (b);
      return;
    }

  json_builder_begin_object (b);
  add_int (b, "id", sb_member_get_id (member));
  sb_cli_add_string (b, "name", sb_member_get_display_name (member));
  sb_cli_add_string (b, "email", sb_member_get_email (member));
  sb_cli_add_string (b, "kind", sb_enum_to_nick (SB_TYPE_MEMBER_KIND, sb_member_get_kind (member)));
  json_builder_end_object (b);
}

static const char *
get_service_name (Cli       *cli,
                  SbAccount *account)
{
  SbConnector *connector = sb_connector_catalog_lookup (sb_workspace_get_catalog (cli->workspace),
                                                        sb_account_get_connector_id (account));

  return connector != NULL ? sb_connector_get_name (connector)
                           : sb_account_get_connector_id (account);
}

static void
build_account_summary (Cli         *cli,
                       JsonBuilder *b,
                       SbAccount   *account)
{
  g_autoptr(SbMember) owner = sb_workspace_dup_account_owner (cli->workspace, account);

  add_int (b, "id", sb_account_get_id (account));
  sb_cli_add_string (b, "name", sb_account_get_name (account));
  sb_cli_add_string (b, "status", sb_enum_to_nick (SB_TYPE_ACCOUNT_STATUS,
                                            sb_account_get_status (account)));
  sb_cli_add_string (b, "connector", sb_account_get_connector_id (account));
  sb_cli_add_string (b, "service", get_service_name (cli, account));
  add_member_object (b, "owner", owner);
}

static void
print_account_short (Cli         *cli,
                     SbAccount   *account,
                     const char  *message)
{
  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      build_account_summary (cli, b, account);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      sb_cli_print_json (root);
    }
  else
    {
      g_print ("%s\n", message);
    }
}

static void
build_account (Cli         *cli,
               JsonBuilder *b,
               SbAccount   *account)
{
  g_autoptr(SbOrganization) org = NULL;
  g_autoptr(GPtrArray) integrations = NULL;
  GListModel *errors;
  SbConnector *connector;

  org = sb_workspace_dup_organization (cli->workspace, sb_account_get_organization_id (account));
  connector = sb_connector_catalog_lookup (sb_workspace_get_catalog (cli->workspace),
                                           sb_account_get_connector_id (account));

  json_builder_begin_object (b);
  build_account_summary (cli, b, account);
  sb_cli_add_string (b, "organization", org != NULL ? sb_organization_get_name (org) : NULL);
  sb_cli_add_string (b, "base_url", sb_account_get_base_url (account));
  add_date (b, "last_tested_at", sb_account_get_last_tested_at (account));
  add_date (b, "last_refresh_at", sb_account_get_last_refresh_at (account));
  add_json (b, "connection_info", sb_account_get_connection_info (account));
  add_json (b, "metadata", sb_account_get_metadata (account));

  json_builder_set_member_name (b, "provider");
  json_builder_begin_object (b);
  sb_cli_add_string (b, "name", connector != NULL ? sb_connector_get_provider_name (connector) : NULL);
  sb_cli_add_string (b, "support_email",
              connector != NULL ? sb_connector_get_support_email (connector) : NULL);
  sb_cli_add_string (b, "support_url",
              connector != NULL ? sb_connector_get_support_url (connector) : NULL);
  json_builder_end_object (b);

  integrations = sb_workspace_dup_account_integrations (cli->workspace, account);
  json_builder_set_member_name (b, "integrations");
  json_builder_begin_array (b);
  for (guint i = 0; i < integrations->len; i++)
    {
      SbIntegration *integration = g_ptr_array_index (integrations, i);

      json_builder_begin_object (b);
      add_int (b, "id", sb_integration_get_id (integration));
      sb_cli_add_string (b, "name", sb_integration_get_name (integration));
      sb_cli_add_string (b, "status", sb_enum_to_nick (SB_TYPE_INTEGRATION_STATUS,
                                                sb_integration_get_status (integration)));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  errors = sb_workspace_get_account_errors (cli->workspace, account);
  json_builder_set_member_name (b, "errors");
  json_builder_begin_array (b);
  for (guint i = 0; i < g_list_model_get_n_items (errors); i++)
    {
      g_autoptr(SbAccountError) account_error = g_list_model_get_item (errors, i);
      gint64 integration_id = sb_account_error_get_integration_id (account_error);

      json_builder_begin_object (b);
      add_date (b, "at", sb_account_error_get_at (account_error));
      sb_cli_add_string (b, "message", sb_account_error_get_message (account_error));
      json_builder_set_member_name (b, "integration_id");
      if (integration_id != 0)
        json_builder_add_int_value (b, integration_id);
      else
        json_builder_add_null_value (b);
      sb_cli_add_string (b, "integration", sb_account_error_get_integration_name (account_error));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
print_account (Cli       *cli,
               SbAccount *account)
{
  g_autoptr(SbMember) owner = sb_workspace_dup_account_owner (cli->workspace, account);
  g_autoptr(GPtrArray) integrations = sb_workspace_dup_account_integrations (cli->workspace,
                                                                             account);
  GListModel *errors = sb_workspace_get_account_errors (cli->workspace, account);
  JsonNode *info = sb_account_get_connection_info (account);
  g_autofree char *tested = dup_local_time (sb_account_get_last_tested_at (account));
  guint n;

  g_print ("%s (%" G_GINT64_FORMAT ")\n\n", sb_account_get_name (account),
           sb_account_get_id (account));
  g_print ("%s %s\n", _("Service:"), get_service_name (cli, account));
  g_print ("%s %s\n", _("Status:"), sb_account_status_get_label (sb_account_get_status (account)));
  g_print ("%s %s\n", _("Base URL:"),
           sb_account_get_base_url (account) != NULL ? sb_account_get_base_url (account)
                                                     : _("the service’s own"));
  g_print ("%s %s\n", _("Last tested:"), tested);
  if (owner != NULL)
    g_print ("%s %s <%s>%s\n", _("Credentials of:"), sb_member_get_display_name (owner),
             sb_member_get_email (owner),
             sb_member_get_kind (owner) == SB_MEMBER_KIND_PERSON
             ? _(" (a person: an integration user keeps working when people leave)") : "");

  if (info != NULL && JSON_NODE_HOLDS_OBJECT (info))
    {
      JsonObjectIter iter;
      const char *member;
      JsonNode *value;

      g_print ("\n%s\n", _("Connection info:"));
      json_object_iter_init (&iter, json_node_get_object (info));
      while (json_object_iter_next (&iter, &member, &value))
        {
          g_autofree char *text = JSON_NODE_HOLDS_VALUE (value) &&
                                  json_node_get_value_type (value) == G_TYPE_STRING
                                  ? g_strdup (json_node_get_string (value))
                                  : json_to_string (value, FALSE);

          g_print ("  %s: %s\n", member, text);
        }
    }

  g_print ("\n%s\n", _("Used by:"));
  if (integrations->len == 0)
    g_print ("  %s\n", _("No integration uses it."));
  for (guint i = 0; i < integrations->len; i++)
    {
      SbIntegration *integration = g_ptr_array_index (integrations, i);

      g_print ("  %s (%s)\n", sb_integration_get_name (integration),
               sb_integration_status_get_label (sb_integration_get_status (integration)));
    }

  n = g_list_model_get_n_items (errors);
  if (n > 0)
    g_print ("\n%s\n", _("Errors:"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SbAccountError) account_error = g_list_model_get_item (errors, i);
      g_autofree char *at = dup_local_time (sb_account_error_get_at (account_error));
      const char *integration = sb_account_error_get_integration_name (account_error);

      g_print ("  %s  %s%s%s\n", at, sb_account_error_get_message (account_error),
               integration != NULL ? " · " : "", integration != NULL ? integration : "");
    }
}

static int
cmd_account (Cli     *cli,
             GError **error)
{
  g_autoptr(SbAccount) account = sb_workspace_find_account (cli->workspace, cli->args[0], error);

  if (account == NULL)
    return sb_cli_exit_code_for (*error);
  if (!sb_workspace_check_account_details (cli->workspace, account, error))
    return sb_cli_exit_code_for (*error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      build_account (cli, b, account);
      root = json_builder_get_root (b);
      sb_cli_print_json (root);
    }
  else
    {
      print_account (cli, account);
    }

  return SB_CLI_EXIT_OK;
}

static void
wipe_string (char *text)
{
  if (text != NULL)
    explicit_bzero (text, strlen (text));
}

/* One line of standard input, without its line break, for a field given as key=-. */
static char *
read_secret_line (GError **error)
{
  GString *line = g_string_new (NULL);
  int c;

  while ((c = getchar ()) != EOF && c != '\n')
    g_string_append_c (line, (char) c);

  if (line->len > 0 && line->str[line->len - 1] == '\r')
    g_string_truncate (line, line->len - 1);

  if (c == EOF && line->len == 0)
    {
      g_string_free (line, TRUE);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("Standard input ended before every field given as “-” had a "
                             "value."));
      return NULL;
    }

  return g_string_free (line, FALSE);
}

/* --field key=value…, with key=- read from standard input; wipes the values it read. */
static SbCredentials *
parse_fields (Cli     *cli,
              int     *status,
              GError **error)
{
  g_autoptr(SbCredentials) credentials = sb_credentials_new ();

  for (guint i = 0; cli->fields != NULL && cli->fields[i] != NULL; i++)
    {
      char *field = cli->fields[i];
      char *equals = strchr (field, '=');

      if (equals == NULL || equals == field)
        {
          /* Not a word of it: what was meant as a name may be a secret. */
          g_printerr ("%s\n", _("Every --field must be KEY=VALUE (KEY=- reads the value from "
                                 "standard input)."));
          wipe_string (field);
          *status = SB_CLI_EXIT_USAGE;
          return NULL;
        }

      *equals = '\0';
      if (g_str_equal (equals + 1, "-"))
        {
          char *value = read_secret_line (error);

          if (value == NULL)
            {
              *status = SB_CLI_EXIT_FAILED;
              return NULL;
            }
          sb_credentials_set (credentials, field, value);
          sb_credential_free (value);
        }
      else
        {
          sb_credentials_set (credentials, field, equals + 1);
        }
      wipe_string (equals + 1);
    }

  /* None is right for a service that asks for none; the connection test says otherwise. */
  return g_steal_pointer (&credentials);
}

static SbMember *
find_member_by_email (Cli             *cli,
                      SbOrganization  *org,
                      const char      *email,
                      GError         **error)
{
  GListModel *members = sb_workspace_get_members (cli->workspace, org);

  for (guint i = 0; i < g_list_model_get_n_items (members); i++)
    {
      g_autoptr(SbMember) member = g_list_model_get_item (members, i);

      if (g_ascii_strcasecmp (sb_member_get_email (member), email) == 0)
        return g_steal_pointer (&member);
    }

  g_set_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_NOT_FOUND,
               /* Translators: the first %s is an e-mail address, the second an organization */
               _("%s is not a member of “%s”."), email, sb_organization_get_name (org));
  return NULL;
}

static int
cmd_add_account (Cli     *cli,
                 GError **error)
{
  g_autoptr(SbOrganization) org = find_organization (cli, cli->args[0], error);
  g_autoptr(SbCredentials) credentials = NULL;
  g_autoptr(SbCredentials) renewed = NULL;
  g_autoptr(SbMember) owner = NULL;
  g_autoptr(JsonNode) info = NULL;
  g_autoptr(SbAccount) account = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *message = NULL;
  g_autofree char *id_text = NULL;
  GAsyncResult *slot = NULL;
  int status = SB_CLI_EXIT_OK;

  if (cli->name == NULL)
    {
      g_printerr (_("Usage: samband-cli %s %s\n"), "add-account",
                  "ORG CONNECTOR --name NAME --field KEY=VALUE… [--base-url URL] [--owner EMAIL]");
      return SB_CLI_EXIT_USAGE;
    }

  credentials = parse_fields (cli, &status, error);
  if (credentials == NULL)
    return status;

  if (org == NULL)
    return sb_cli_exit_code_for (*error);
  /* The role first: nobody learns from a test what they may not add. */
  if (!sb_workspace_check (cli->workspace, org, SB_CAPABILITY_EDIT_ACCOUNTS, error))
    return sb_cli_exit_code_for (*error);
  if (cli->owner != NULL &&
      (owner = find_member_by_email (cli, org, cli->owner, error)) == NULL)
    return sb_cli_exit_code_for (*error);

  sb_workspace_test_connection_async (cli->workspace, cli->args[1], cli->base_url, credentials,
                                      NULL, got_result_cb, &slot);
  result = wait_for (&slot);
  info = sb_workspace_test_connection_finish_full (cli->workspace, result, &renewed, error);
  if (info == NULL)
    return sb_cli_exit_code_for (*error);
  if (renewed != NULL)
    sb_credentials_update (credentials, renewed);
  g_clear_object (&result);

  sb_workspace_add_account_async (cli->workspace, org, cli->args[1], cli->name, cli->base_url,
                                  credentials, owner != NULL ? sb_member_get_id (owner) : 0,
                                  info, NULL, got_result_cb, &slot);
  result = wait_for (&slot);
  account = sb_workspace_add_account_finish (cli->workspace, result, error);
  if (account == NULL)
    return sb_cli_exit_code_for (*error);

  if (sb_account_get_status (account) == SB_ACCOUNT_STATUS_NEEDS_CREDENTIALS)
    g_printerr (_("“%s” was added without its credentials: %s\n"), sb_account_get_name (account),
                sb_workspace_get_keyring_problem (cli->workspace) != NULL
                ? sb_workspace_get_keyring_problem (cli->workspace) : "");

  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, sb_account_get_id (account));
  message = g_strdup_printf (/* Translators: “Club shop” (id 7) is Connected. */
                             _("“%s” (id %s) is %s."),
                             sb_account_get_name (account), id_text,
                             sb_account_status_get_label (sb_account_get_status (account)));
  print_account_short (cli, account, message);
  return SB_CLI_EXIT_OK;
}

static int
cmd_test_account (Cli     *cli,
                  GError **error)
{
  g_autoptr(SbAccount) account = sb_workspace_find_account (cli->workspace, cli->args[0], error);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) info = NULL;
  g_autofree char *message = NULL;
  GAsyncResult *slot = NULL;

  if (account == NULL)
    return sb_cli_exit_code_for (*error);

  sb_workspace_test_account_async (cli->workspace, account, NULL, got_result_cb, &slot);
  result = wait_for (&slot);
  info = sb_workspace_test_account_finish (cli->workspace, result, error);
  if (info == NULL)
    return sb_cli_exit_code_for (*error);

  message = g_strdup_printf (/* Translators: “Club shop” is Connected. */
                             _("“%s” is %s."), sb_account_get_name (account),
                             sb_account_status_get_label (sb_account_get_status (account)));
  print_account_short (cli, account, message);
  return SB_CLI_EXIT_OK;
}

static int
cmd_delete_account (Cli     *cli,
                    GError **error)
{
  g_autoptr(SbAccount) account = sb_workspace_find_account (cli->workspace, cli->args[0], error);
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *name = NULL;
  GAsyncResult *slot = NULL;

  if (account == NULL)
    return sb_cli_exit_code_for (*error);

  name = g_strdup (sb_account_get_name (account));
  sb_workspace_delete_account_async (cli->workspace, account, NULL, got_result_cb, &slot);
  result = wait_for (&slot);
  if (!sb_workspace_delete_account_finish (cli->workspace, result, error))
    return sb_cli_exit_code_for (*error);

  if (!cli->json)
    g_print (_("Deleted “%s”.\n"), name);
  return SB_CLI_EXIT_OK;
}

/* import ORG FILE: the report says what came in, and that the accounts need credentials. */
static int
cmd_import (Cli     *cli,
            GError **error)
{
  g_autoptr(SbOrganization) org = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(SbTransferReport) report = NULL;

  if ((org = find_organization (cli, cli->args[0], error)) == NULL)
    return sb_cli_exit_code_for (*error);
  file = g_file_new_for_commandline_arg (cli->args[1]);
  if (!sb_workspace_import_into (cli->workspace, org, file, &report, error))
    return sb_cli_exit_code_for (*error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "integrations");
      json_builder_begin_array (b);
      for (guint i = 0; i < report->integrations->len; i++)
        json_builder_add_string_value (b, g_ptr_array_index (report->integrations, i));
      json_builder_end_array (b);
      json_builder_set_member_name (b, "accounts_needing_credentials");
      json_builder_begin_array (b);
      for (guint i = 0; i < report->accounts->len; i++)
        json_builder_add_string_value (b, g_ptr_array_index (report->accounts, i));
      json_builder_end_array (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      sb_cli_print_json (root);
      return SB_CLI_EXIT_OK;
    }

  g_print (ngettext ("Imported %u integration into “%s”, as a draft:\n",
                     "Imported %u integrations into “%s”, as drafts:\n",
                     report->integrations->len),
           report->integrations->len, sb_organization_get_name (org));
  for (guint i = 0; i < report->integrations->len; i++)
    g_print ("  %s\n", (const char *) g_ptr_array_index (report->integrations, i));
  if (report->accounts->len > 0)
    {
      g_print (ngettext ("%u account needs its credentials before the integrations can run; "
                         "give them on the Accounts page of the window:\n",
                         "%u accounts need their credentials before the integrations can run; "
                         "give them on the Accounts page of the window:\n",
                         report->accounts->len),
               report->accounts->len);
      for (guint i = 0; i < report->accounts->len; i++)
        g_print ("  %s\n", (const char *) g_ptr_array_index (report->accounts, i));
    }
  return SB_CLI_EXIT_OK;
}

static int
cmd_export (Cli     *cli,
            GError **error)
{
  g_autoptr(SbOrganization) org = NULL;
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  if (cli->n_args > 0 && (org = find_organization (cli, cli->args[0], error)) == NULL)
    return sb_cli_exit_code_for (*error);

  document = sb_workspace_export (cli->workspace, org, error);
  if (document == NULL)
    return sb_cli_exit_code_for (*error);

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, document);
  text = json_generator_to_data (generator, NULL);

  if (cli->output == NULL || g_str_equal (cli->output, "-"))
    {
      g_print ("%s\n", text);
      return SB_CLI_EXIT_OK;
    }

  if (!g_file_set_contents_full (cli->output, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                 error))
    return SB_CLI_EXIT_FAILED;

  return SB_CLI_EXIT_OK;
}

/* }}} */

/* Runs {{{ */

/* A run by its number; anything else is bad usage. */
static SbRun *
find_run (Cli         *cli,
          const char  *text,
          int         *status,
          GError     **error)
{
  SbRun *run;
  guint64 id;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &id, NULL))
    {
      g_printerr (_("“%s” is not a run: give its number, as samband-cli runs lists them.\n"),
                  text);
      *status = SB_CLI_EXIT_USAGE;
      return NULL;
    }

  run = sb_workspace_dup_run (cli->workspace, (gint64) id, error);
  if (run == NULL)
    *status = sb_cli_exit_code_for (*error);
  return run;
}

static SbIntegration *
find_run_integration (Cli     *cli,
                      SbRun   *run,
                      GError **error)
{
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT,
                                              sb_run_get_integration_id (run));

  return sb_workspace_find_integration (cli->workspace, id_text, error);
}

/* Runs are for the members of the integration's organization to see. */
static gboolean
check_integration_member (Cli            *cli,
                          SbIntegration  *integration,
                          GError        **error)
{
  g_autoptr(SbOrganization) org = NULL;

  org = sb_workspace_dup_organization (cli->workspace,
                                       sb_integration_get_organization_id (integration));
  if (org == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("The organization no longer exists."));
      return FALSE;
    }
  return check_member (cli, org, error);
}

static const char *
get_trigger_kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "manual") == 0)
    return C_("trigger", "Manual");
  if (g_strcmp0 (kind, "schedule") == 0)
    return C_("trigger", "Schedule");
  if (g_strcmp0 (kind, "poll") == 0)
    return C_("trigger", "Poll");
  if (g_strcmp0 (kind, "webhook") == 0)
    return C_("trigger", "Webhook");
  if (g_strcmp0 (kind, "replay") == 0)
    return C_("trigger", "Replay");
  return kind != NULL ? kind : "—";
}

/* What started the run, in words: “Schedule · catch-up · replay of 41 · attempt 2”. */
static char *
dup_trigger_text (SbRun *run)
{
  GString *text = g_string_new (get_trigger_kind_label (sb_run_get_trigger_kind (run)));

  if (sb_run_get_catch_up (run))
    g_string_append_printf (text, " · %s", _("catch-up"));
  if (sb_run_get_replay_of (run) != 0)
    {
      g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                  sb_run_get_replay_of (run));

      g_string_append (text, " · ");
      /* Translators: %s is the number of the run that this one runs again */
      g_string_append_printf (text, _("replay of %s"), id_text);
    }
  if (sb_run_get_attempt (run) > 1)
    {
      g_string_append (text, " · ");
      /* Translators: the how-manieth try of a run that an interruption cut short */
      g_string_append_printf (text, _("attempt %u"), sb_run_get_attempt (run));
    }
  return g_string_free (text, FALSE);
}

static char *
dup_counts_text (SbRun *run)
{
  /* Translators: counts of a run's items */
  return g_strdup_printf (_("read %u, created %u, updated %u, failed %u"),
                          sb_run_get_items_read (run), sb_run_get_items_created (run),
                          sb_run_get_items_updated (run), sb_run_get_items_failed (run));
}

/* Rows of cells, the first one the headings, in columns as wide as their widest cell (in
 * characters, for translations); the last column is not padded. */
static void
print_table (GPtrArray *rows,
             guint      n_columns)
{
  g_autofree guint *widths = g_new0 (guint, n_columns);

  for (guint i = 0; i < rows->len; i++)
    {
      char **cells = g_ptr_array_index (rows, i);

      for (guint j = 0; j < n_columns; j++)
        widths[j] = MAX (widths[j], (guint) g_utf8_strlen (cells[j], -1));
    }

  for (guint i = 0; i < rows->len; i++)
    {
      char **cells = g_ptr_array_index (rows, i);
      g_autoptr(GString) line = g_string_new (NULL);

      for (guint j = 0; j < n_columns; j++)
        {
          g_string_append (line, cells[j]);
          if (j + 1 == n_columns)
            break;
          for (guint k = g_utf8_strlen (cells[j], -1); k < widths[j] + 2; k++)
            g_string_append_c (line, ' ');
        }
      /* A last column that is empty leaves no trailing spaces either. */
      while (line->len > 0 && line->str[line->len - 1] == ' ')
        g_string_truncate (line, line->len - 1);
      g_print ("%s\n", line->str);
    }
}

/* Those not started yet first, as asked for; then by when they started. */
static int
compare_runs_newest_first (gconstpointer a,
                           gconstpointer b)
{
  SbRun *run_a = *(SbRun **)a;
  SbRun *run_b = *(SbRun **)b;
  GDateTime *started_a = sb_run_get_started_at (run_a);
  GDateTime *started_b = sb_run_get_started_at (run_b);
  gint64 id_a = sb_run_get_id (run_a);
  gint64 id_b = sb_run_get_id (run_b);

  if ((started_a == NULL) != (started_b == NULL))
    return started_a == NULL ? -1 : 1;
  if (started_a != NULL && !g_date_time_equal (started_a, started_b))
    return -g_date_time_compare (started_a, started_b);
  return id_a < id_b ? 1 : id_a > id_b ? -1 : 0;
}

static int
cmd_runs (Cli     *cli,
          GError **error)
{
  g_autoptr(SbIntegration) integration = NULL;
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *list;

  integration = sb_workspace_find_integration (cli->workspace, cli->args[0], error);
  if (integration == NULL)
    return sb_cli_exit_code_for (*error);
  if (!check_integration_member (cli, integration, error))
    return sb_cli_exit_code_for (*error);

  /* Newest first; the store puts those not started yet last. */
  list = sb_workspace_get_runs (cli->workspace, integration);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    g_ptr_array_add (runs, g_list_model_get_item (list, i));
  g_ptr_array_sort (runs, compare_runs_newest_first);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (b);
      for (guint i = 0; i < runs->len; i++)
        add_run (b, g_ptr_array_index (runs, i));
      json_builder_end_array (b);
      root = json_builder_get_root (b);
      sb_cli_print_json (root);
      return SB_CLI_EXIT_OK;
    }

  if (runs->len == 0)
    {
      g_print ("%s\n", _("It has not run yet."));
      return SB_CLI_EXIT_OK;
    }

  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
    char **headings = g_new0 (char *, 8);

    /* Translators: the headings of the table of samband-cli runs */
    headings[0] = g_strdup (C_("runs", "Run"));
    headings[1] = g_strdup (C_("runs", "Status"));
    headings[2] = g_strdup (C_("runs", "Trigger"));
    headings[3] = g_strdup (C_("runs", "Started"));
    headings[4] = g_strdup (C_("runs", "Finished"));
    headings[5] = g_strdup (C_("runs", "Items"));
    headings[6] = g_strdup (C_("runs", "Error"));
    g_ptr_array_add (rows, headings);

    for (guint i = 0; i < runs->len; i++)
      {
        SbRun *run = g_ptr_array_index (runs, i);
        char **cells = g_new0 (char *, 8);

        cells[0] = g_strdup_printf ("%" G_GINT64_FORMAT, sb_run_get_id (run));
        cells[1] = g_strdup (sb_run_status_get_label (sb_run_get_status (run)));
        cells[2] = dup_trigger_text (run);
        cells[3] = dup_local_time (sb_run_get_started_at (run));
        cells[4] = dup_local_time (sb_run_get_finished_at (run));
        cells[5] = dup_counts_text (run);
        cells[6] = g_strdup (sb_run_get_error (run) != NULL ? sb_run_get_error (run) : "");
        g_ptr_array_add (rows, cells);
      }

    print_table (rows, 7);
    g_print ("\n");
    g_print (g_dngettext (GETTEXT_PACKAGE, "%u run\n", "%u runs\n", runs->len), runs->len);
  }
  return SB_CLI_EXIT_OK;
}

static char *
dup_local_clock (GDateTime *datetime)
{
  return dup_local_format (datetime, "%H:%M:%S");
}

static void
build_run_detail (Cli           *cli,
                  JsonBuilder   *b,
                  SbIntegration *integration,
                  SbRun         *run)
{
  GListModel *events = sb_workspace_get_run_events (cli->workspace, run);
  guint n = g_list_model_get_n_items (events);

  json_builder_begin_object (b);
  add_run_members (b, run);
  sb_cli_add_string (b, "integration", sb_integration_get_name (integration));
  add_json (b, "trigger_input", sb_run_get_trigger_input (run));

  json_builder_set_member_name (b, "events");
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SbRunEvent) event = g_list_model_get_item (events, i);

      json_builder_begin_object (b);
      add_int (b, "id", sb_run_event_get_id (event));
      add_date (b, "at", sb_run_event_get_at (event));
      sb_cli_add_string (b, "level", sb_enum_to_nick (SB_TYPE_RUN_EVENT_LEVEL,
                                               sb_run_event_get_level (event)));
      sb_cli_add_string (b, "step_id", sb_run_event_get_step_id (event));
      sb_cli_add_string (b, "message", sb_run_event_get_message (event));
      add_json (b, "data", sb_run_event_get_data (event));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
print_run_detail (Cli           *cli,
                  SbIntegration *integration,
                  SbRun         *run)
{
  GListModel *events = sb_workspace_get_run_events (cli->workspace, run);
  guint n = g_list_model_get_n_items (events);
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, sb_run_get_id (run));
  g_autofree char *trigger = dup_trigger_text (run);
  g_autofree char *queued = dup_local_time (sb_run_get_queued_at (run));
  g_autofree char *started = dup_local_time (sb_run_get_started_at (run));
  g_autofree char *finished = dup_local_time (sb_run_get_finished_at (run));
  g_autofree char *counts = dup_counts_text (run);
  JsonNode *input = sb_run_get_trigger_input (run);

  /* Translators: a heading: “Run 42 of “Import new members from IdrottOnline”” */
  g_print (_("Run %s of “%s”\n"), id_text, sb_integration_get_name (integration));
  g_print ("\n");
  g_print ("%s %s", _("Status:"), sb_run_status_get_label (sb_run_get_status (run)));
  if (sb_run_get_cancel_requested (run) && !sb_run_is_finished (run))
    g_print (" · %s", _("asked to stop"));
  g_print ("\n");
  g_print ("%s %s\n", _("Trigger:"), trigger);
  g_print ("%s %s\n", _("Queued:"), queued);
  g_print ("%s %s\n", _("Started:"), started);
  g_print ("%s %s\n", _("Finished:"), finished);
  g_print ("%s %s\n", _("Items:"), counts);
  if (sb_run_get_error (run) != NULL)
    g_print ("%s %s\n", _("Error:"), sb_run_get_error (run));
  if (input != NULL && !JSON_NODE_HOLDS_NULL (input))
    {
      g_autofree char *text = json_to_string (input, FALSE);

      g_print ("%s %s\n", _("Trigger input:"), text);
    }

  g_print ("\n%s\n", _("Log:"));
  if (n == 0)
    g_print ("  %s\n", _("Nothing was logged."));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SbRunEvent) event = g_list_model_get_item (events, i);
      g_autofree char *at = dup_local_clock (sb_run_event_get_at (event));
      const char *step = sb_run_event_get_step_id (event);

      g_print ("  %s  %s  %s%s%s\n", at,
               sb_run_event_level_get_label (sb_run_event_get_level (event)),
               step != NULL ? step : "", step != NULL ? ": " : "",
               sb_run_event_get_message (event) != NULL ? sb_run_event_get_message (event) : "");
    }
}

static int
cmd_run_detail (Cli     *cli,
                GError **error)
{
  g_autoptr(SbRun) run = NULL;
  g_autoptr(SbIntegration) integration = NULL;
  int status = SB_CLI_EXIT_OK;

  run = find_run (cli, cli->args[0], &status, error);
  if (run == NULL)
    return status;
  integration = find_run_integration (cli, run, error);
  if (integration == NULL)
    return sb_cli_exit_code_for (*error);
  if (!check_integration_member (cli, integration, error))
    return sb_cli_exit_code_for (*error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      build_run_detail (cli, b, integration, run);
      root = json_builder_get_root (b);
      sb_cli_print_json (root);
    }
  else
    {
      print_run_detail (cli, integration, run);
    }
  return SB_CLI_EXIT_OK;
}

/* With samband-cli serve or the window running, that process runs what this one queues;
 * otherwise this one does (what it queued itself, nothing else). @here: whether this
 * process runs it. */
static gboolean
start_own_engine (Cli       *cli,
                  gboolean  *here,
                  GError   **error)
{
  g_autoptr(GError) start_error = NULL;

  *here = sb_workspace_start_engine_for_own_runs (cli->workspace, &start_error);
  if (*here ||
      g_error_matches (start_error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_ENGINE_ELSEWHERE))
    return TRUE;

  g_propagate_error (error, g_steal_pointer (&start_error));
  return FALSE;
}

/* A run that has ended, as `run` prints it; a run that did not succeed exits 1, so that
 * scripts can tell. */
static int
print_finished_run (Cli           *cli,
                    SbIntegration *integration,
                    SbRun         *run)
{
  gboolean succeeded = sb_run_get_status (run) == SB_RUN_STATUS_SUCCEEDED ||
                       sb_run_get_status (run) == SB_RUN_STATUS_FILTERED;

  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;

      add_run (b, run);
      node = json_builder_get_root (b);
      sb_cli_print_json (node);
    }
  else
    {
      /* Translators: after samband-cli run: the integration, then what the run did, such as
       * “Succeeded: 3 read, 2 created, 0 updated, 0 failed” */
      g_print (_("“%s”: %s: %u read, %u created, %u updated, %u failed\n"),
               sb_integration_get_name (integration),
               sb_run_status_get_label (sb_run_get_status (run)),
               sb_run_get_items_read (run), sb_run_get_items_created (run),
               sb_run_get_items_updated (run), sb_run_get_items_failed (run));
      if (sb_run_get_error (run) != NULL)
        g_printerr ("%s\n", sb_run_get_error (run));
    }

  return succeeded ? SB_CLI_EXIT_OK : SB_CLI_EXIT_FAILED;
}

/* A run that another process is to run, as queued: it is not waited for. */
static int
print_queued_run (Cli           *cli,
                  SbIntegration *integration,
                  SbRun         *run)
{
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, sb_run_get_id (run));

  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;

      add_run (b, run);
      node = json_builder_get_root (b);
      sb_cli_print_json (node);
    }
  else
    {
      /* Translators: the first and the last %s are the number of a run, the second the name
       * of its integration */
      g_print (_("Run %s of “%s” is queued: the process that runs the integrations of this "
                 "data runs it (see “samband-cli run-detail %s”).\n"),
               id_text, sb_integration_get_name (integration), id_text);
    }
  return SB_CLI_EXIT_OK;
}

static int
wait_and_print_run (Cli           *cli,
                    SbIntegration *integration,
                    gint64         run_id,
                    GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SbRun) run = NULL;
  GAsyncResult *slot = NULL;

  sb_workspace_wait_run_async (cli->workspace, run_id, NULL, got_result_cb, &slot);
  result = wait_for (&slot);
  run = sb_workspace_wait_run_finish (cli->workspace, result, error);
  if (run == NULL)
    return sb_cli_exit_code_for (*error);
  return print_finished_run (cli, integration, run);
}

/* Queues a manual run for the engine of another process and returns it as queued, without
 * waiting. */
static SbRun *
queue_run (Cli            *cli,
           SbIntegration  *integration,
           GError        **error)
{
  return sb_workspace_queue_run (cli->workspace, integration, NULL, error);
}

static int
cmd_run (Cli     *cli,
         GError **error)
{
  g_autoptr(SbIntegration) integration = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SbRun) run = NULL;
  GAsyncResult *slot = NULL;
  gboolean here;

  integration = sb_workspace_find_integration (cli->workspace, cli->args[0], error);
  if (integration == NULL)
    return sb_cli_exit_code_for (*error);

  if (!start_own_engine (cli, &here, error))
    return SB_CLI_EXIT_FAILED;

  if (!here && !cli->wait)
    {
      run = queue_run (cli, integration, error);
      if (run == NULL)
        return sb_cli_exit_code_for (*error);
      return sb_run_is_finished (run) ? print_finished_run (cli, integration, run)
                                      : print_queued_run (cli, integration, run);
    }

  sb_workspace_run_integration_async (cli->workspace, integration, NULL, NULL, got_result_cb,
                                      &slot);
  result = wait_for (&slot);
  run = sb_workspace_run_integration_finish (cli->workspace, result, error);
  if (run == NULL)
    return sb_cli_exit_code_for (*error);

  return print_finished_run (cli, integration, run);
}

static int
cmd_replay (Cli     *cli,
            GError **error)
{
  g_autoptr(SbRun) run = NULL;
  g_autoptr(SbRun) replay = NULL;
  g_autoptr(SbIntegration) integration = NULL;
  int status = SB_CLI_EXIT_OK;
  gboolean here;

  run = find_run (cli, cli->args[0], &status, error);
  if (run == NULL)
    return status;
  integration = find_run_integration (cli, run, error);
  if (integration == NULL)
    return sb_cli_exit_code_for (*error);

  if (!start_own_engine (cli, &here, error))
    return SB_CLI_EXIT_FAILED;

  replay = sb_workspace_replay_run (cli->workspace, run, cli->from_failed_step, error);
  if (replay == NULL)
    return sb_cli_exit_code_for (*error);

  if (here || cli->wait)
    return wait_and_print_run (cli, integration, sb_run_get_id (replay), error);
  return print_queued_run (cli, integration, replay);
}

static int
cmd_cancel (Cli     *cli,
            GError **error)
{
  g_autoptr(SbRun) run = NULL;
  g_autoptr(SbRun) after = NULL;
  g_autoptr(SbIntegration) integration = NULL;
  g_autofree char *id_text = NULL;
  int status = SB_CLI_EXIT_OK;

  run = find_run (cli, cli->args[0], &status, error);
  if (run == NULL)
    return status;
  integration = find_run_integration (cli, run, error);
  if (integration == NULL)
    return sb_cli_exit_code_for (*error);

  if (!sb_workspace_cancel_run (cli->workspace, run, error))
    return sb_cli_exit_code_for (*error);

  after = sb_workspace_dup_run (cli->workspace, sb_run_get_id (run), NULL);
  if (after == NULL)
    after = g_object_ref (run);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;

      add_run (b, after);
      node = json_builder_get_root (b);
      sb_cli_print_json (node);
      return SB_CLI_EXIT_OK;
    }

  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, sb_run_get_id (run));
  if (sb_run_is_finished (after))
    /* Translators: %s is the number of a run, then the name of its integration */
    g_print (_("Run %s of “%s” is cancelled.\n"), id_text, sb_integration_get_name (integration));
  else
    /* Translators: %s is the number of a run, then the name of its integration */
    g_print (_("Run %s of “%s” stops within a second.\n"), id_text,
             sb_integration_get_name (integration));
  return SB_CLI_EXIT_OK;
}

/* }}} */

/* Serve {{{ */

typedef struct
{
  Cli             *cli;
  GMainLoop       *loop;
  /* Desktop notifications, where there is a session bus: the window's "notifications"
   * setting (NULL: on), and the id the notification server gave each of ours, so that the
   * next about the same integration replaces it. */
  GDBusConnection *bus;
  GSettings       *settings;
  GHashTable      *notified;   /* "integration-failed-12" → guint id */
} Serve;

typedef struct
{
  GHashTable *notified;   /* a reference */
  char       *id;
} NotifyCall;

static void
notify_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  NotifyCall *call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result,
                                                             &error);

  if (reply != NULL)
    {
      guint32 id;

      g_variant_get (reply, "(u)", &id);
      g_hash_table_insert (call->notified, g_strdup (call->id), GUINT_TO_POINTER (id));
    }
  else
    /* No notification server (a server without a desktop): the journal has the line. */
    g_debug ("No desktop notification: %s", error->message);

  g_hash_table_unref (call->notified);
  g_free (call->id);
  g_free (call);
}

/* As the window would, through org.freedesktop.Notifications: serve has no GApplication. */
static void
serve_notify (Serve         *serve,
              GNotification *notification,
              const char    *id,
              const char    *title,
              const char    *body)
{
  g_autoptr(GNotification) owned = notification;
  GVariantBuilder hints;
  NotifyCall *call;

  if (owned == NULL || serve->bus == NULL ||
      (serve->settings != NULL && !g_settings_get_boolean (serve->settings, "notifications")))
    return;

  /* Inside Flatpak the sandbox reaches the notification server through the portal, which
   * also replaces a notification of the same id. */
  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    {
      GVariantBuilder fields;

      g_variant_builder_init (&fields, G_VARIANT_TYPE ("a{sv}"));
      g_variant_builder_add (&fields, "{sv}", "title", g_variant_new_string (title));
      if (body != NULL)
        g_variant_builder_add (&fields, "{sv}", "body", g_variant_new_string (body));
      g_variant_builder_add (&fields, "{sv}", "priority", g_variant_new_string ("high"));
      g_dbus_connection_call (serve->bus, "org.freedesktop.portal.Desktop",
                              "/org/freedesktop/portal/desktop",
                              "org.freedesktop.portal.Notification", "AddNotification",
                              g_variant_new ("(sa{sv})", id, &fields), NULL,
                              G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL, NULL);
      return;
    }

  g_variant_builder_init (&hints, G_VARIANT_TYPE ("a{sv}"));
  g_variant_builder_add (&hints, "{sv}", "desktop-entry", g_variant_new_string (APPLICATION_ID));
  g_variant_builder_add (&hints, "{sv}", "urgency", g_variant_new_byte (2));

  call = g_new0 (NotifyCall, 1);
  call->notified = g_hash_table_ref (serve->notified);
  call->id = g_strdup (id);
  g_dbus_connection_call (serve->bus, "org.freedesktop.Notifications",
                          "/org/freedesktop/Notifications", "org.freedesktop.Notifications",
                          "Notify",
                          g_variant_new ("(susssas@a{sv}i)", "Samband",
                                         GPOINTER_TO_UINT (g_hash_table_lookup (serve->notified,
                                                                                id)),
                                         APPLICATION_ID, title, body != NULL ? body : "",
                                         NULL, g_variant_builder_end (&hints), -1),
                          G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                          notify_done_cb, call);
}

static void
serve_integration_failed_cb (SbWorkspace   *workspace,
                             SbIntegration *integration,
                             SbRun         *run,
                             gpointer       user_data)
{
  g_autofree char *id = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  GNotification *notification = sb_notification_new_failed (integration, run, &id, &title,
                                                             &body);

  serve_notify (user_data, notification, id, title, body);
}

static gboolean
serve_quit_cb (gpointer user_data)
{
  Serve *serve = user_data;

  g_main_loop_quit (serve->loop);
  return G_SOURCE_CONTINUE;
}

/* One line per run, for the journal. */
static void
serve_run_finished_cb (SbWorkspace *workspace,
                       SbRun       *run,
                       gpointer     user_data)
{
  Serve *serve = user_data;
  g_autoptr(SbIntegration) integration = find_run_integration (serve->cli, run, NULL);
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, sb_run_get_id (run));
  g_autofree char *trigger = dup_trigger_text (run);
  g_autofree char *counts = dup_counts_text (run);

  /* Translators: one line of samband-cli serve's log: the number of a run, its integration,
   * what started it, its status and its counts, as in “Run 42 of “Nightly import”
   * (Schedule): Succeeded: read 3, created 2, updated 0, failed 0” */
  g_print (_("Run %s of “%s” (%s): %s: %s"), id_text,
           integration != NULL ? sb_integration_get_name (integration) : "?", trigger,
           sb_run_status_get_label (sb_run_get_status (run)), counts);
  if (sb_run_get_error (run) != NULL)
    g_print (" · %s", sb_run_get_error (run));
  g_print ("\n");
  fflush (stdout);
}

static void
serve_integration_paused_cb (SbWorkspace   *workspace,
                             SbIntegration *integration,
                             const char    *reason,
                             gpointer       user_data)
{
  g_autofree char *id = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;

  /* Translators: samband-cli serve's log: an integration, then why it paused itself */
  g_print (_("“%s” is paused: %s\n"), sb_integration_get_name (integration),
           reason != NULL ? reason : "");
  fflush (stdout);
  serve_notify (user_data, sb_notification_new_paused (integration, reason, &id, &title, &body),
                id, title, body);
}

/* The window's settings, or NULL where there are none (no schema installed, or an older one
 * without @key). */
static GSettings *
dup_settings_with_key (const char *key)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, key))
    return NULL;

  return g_settings_new_full (schema, NULL, NULL);
}

/* The port the window's settings name, or -1 where there are none (no schema installed). */
static int
get_webhook_port_setting (void)
{
  g_autoptr(GSettings) settings = dup_settings_with_key ("webhook-port");

  if (settings == NULL)
    return -1;

  return g_settings_get_int (settings, "webhook-port");
}

/* How long runs are kept, as the Preferences say; the engine's defaults where there are no
 * settings. */
static void
apply_retention_settings (SbWorkspace *workspace)
{
  /* Both keys came in the same version of the schema. */
  g_autoptr(GSettings) settings = dup_settings_with_key ("retention-runs");

  if (settings == NULL)
    return;

  sb_workspace_set_retention (workspace,
                              (guint) MAX (g_settings_get_int (settings, "retention-days"), 0),
                              (guint) MAX (g_settings_get_int (settings, "retention-runs"), 0));
}

static int
cmd_serve (Cli     *cli,
           GError **error)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GPtrArray) running = NULL;
  const char *data_dir = sb_workspace_get_data_dir (cli->workspace);
  Serve serve = { cli, loop };
  int port = cli->port >= 0 ? cli->port : get_webhook_port_setting ();
  guint term_id, int_id;

  if (port >= 0)
    sb_workspace_set_webhook_port (cli->workspace, (guint) port);
  apply_retention_settings (cli->workspace);

  /* Exit 1 with the reason when the window or another serve has this data. */
  if (!sb_workspace_start_engine (cli->workspace, error))
    return SB_CLI_EXIT_FAILED;

  g_signal_connect (cli->workspace, "run-finished", G_CALLBACK (serve_run_finished_cb),
                    &serve);
  g_signal_connect (cli->workspace, "integration-paused",
                    G_CALLBACK (serve_integration_paused_cb), &serve);
  g_signal_connect (cli->workspace, "integration-failed",
                    G_CALLBACK (serve_integration_failed_cb), &serve);
  serve.bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  serve.settings = dup_settings_with_key ("notifications");
  serve.notified = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  term_id = g_unix_signal_add (SIGTERM, serve_quit_cb, &serve);
  int_id = g_unix_signal_add (SIGINT, serve_quit_cb, &serve);

  if (sb_workspace_get_webhook_port (cli->workspace) > 0)
    {
      g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/hooks/…",
                                              sb_workspace_get_webhook_port (cli->workspace));

      /* Translators: %s is a folder, then an address such as http://127.0.0.1:8787/hooks/… */
      g_print (_("Running the integrations of %s and receiving webhooks at %s\n"), data_dir,
               url);
    }
  else
    {
      const char *problem = sb_workspace_get_webhook_problem (cli->workspace);

      /* Translators: %s is a folder, then why the webhook receiver did not start */
      g_print (_("Running the integrations of %s; webhooks are not received: %s\n"), data_dir,
               problem != NULL ? problem : "");
    }
  fflush (stdout);

  g_main_loop_run (loop);

  g_source_remove (term_id);
  g_source_remove (int_id);
  g_signal_handlers_disconnect_by_data (cli->workspace, &serve);
  g_clear_object (&serve.bus);
  g_clear_object (&serve.settings);
  g_clear_pointer (&serve.notified, g_hash_table_unref);
  /* Nothing new starts; the lock goes to whoever starts next. */
  sb_workspace_stop_engine (cli->workspace);

  /* The next engine to start finds them interrupted and runs them again as their
   * integrations' retries allow. */
  running = sb_workspace_list_running_runs (cli->workspace);
  if (running->len > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE,
                          "Stopped with %u run in progress: the next start marks it "
                          "interrupted and runs it again if its retries allow.\n",
                          "Stopped with %u runs in progress: the next start marks them "
                          "interrupted and runs them again if their retries allow.\n",
                          running->len), running->len);
  fflush (stdout);
  return SB_CLI_EXIT_OK;
}

static int
cmd_add_member (Cli     *cli,
                GError **error)
{
  cli->member.name = cli->name;
  return sb_cli_add_member (cli->workspace, cli->json, cli->args[0], &cli->member, error);
}

static int
cmd_remove_member (Cli     *cli,
                   GError **error)
{
  return sb_cli_remove_member (cli->workspace, cli->json, cli->args[0], cli->args[1],
                               &cli->member, error);
}

static int
cmd_set_packages (Cli     *cli,
                  GError **error)
{
  return sb_cli_set_packages (cli->workspace, cli->json, cli->args[0], cli->args[1],
                              &cli->member, error);
}

/* }}} */

/* Imports {{{ */

/* @text: a date (YYYY-MM-DD, local; as an end, the day is included) or an ISO 8601 time. */
static GDateTime *
parse_date (const char *text,
            gboolean    end)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  GDateTime *datetime = g_date_time_new_from_iso8601 (text, local);
  guint year, month, day;
  char rest;

  if (datetime != NULL)
    return datetime;
  if (sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &rest) != 3)
    return NULL;
  datetime = g_date_time_new_local ((int) year, (int) month, (int) day, 0, 0, 0);
  if (datetime != NULL && end)
    {
      GDateTime *next = g_date_time_add_days (datetime, 1);

      g_date_time_unref (datetime);
      datetime = next;
    }
  return datetime;
}

static void
add_import_members (Cli         *cli,
                    JsonBuilder *b,
                    SbRun       *run)
{
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT,
                                              sb_run_get_integration_id (run));
  g_autoptr(SbIntegration) integration = sb_workspace_find_integration (cli->workspace,
                                                                        id_text, NULL);

  add_run_members (b, run);
  sb_cli_add_string (b, "integration",
              integration != NULL ? sb_integration_get_name (integration) : NULL);
  sb_cli_add_string (b, "import_status",
              sb_import_status_to_string (sb_import_status_for_run (run)));
}

static int
cmd_imports (Cli     *cli,
             GError **error)
{
  g_autoptr(SbOrganization) org = NULL;
  g_autoptr(GDateTime) since = NULL;
  g_autoptr(GDateTime) until = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  SbImportStatus status = SB_IMPORT_STATUS_ANY;

  if (cli->import_status != NULL && !sb_import_status_from_string (cli->import_status, &status))
    {
      /* Translators: keep the words done, partial, failed, running and any as they are */
      g_printerr (_("“%s” is not a status of imports: give done, partial, failed, running or "
                    "any.\n"), cli->import_status);
      return SB_CLI_EXIT_USAGE;
    }
  if ((cli->since != NULL && (since = parse_date (cli->since, FALSE)) == NULL) ||
      (cli->until != NULL && (until = parse_date (cli->until, TRUE)) == NULL))
    {
      g_printerr (_("“%s” is not a date: give it as 2024-05-31, or a time in ISO 8601.\n"),
                  since == NULL && cli->since != NULL ? cli->since : cli->until);
      return SB_CLI_EXIT_USAGE;
    }

  org = find_organization (cli, cli->args[0], error);
  if (org == NULL)
    return sb_cli_exit_code_for (*error);
  runs = sb_workspace_list_imports (cli->workspace, org, cli->search, status, since, until, 0,
                                    error);
  if (runs == NULL)
    return sb_cli_exit_code_for (*error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (b);
      for (guint i = 0; i < runs->len; i++)
        {
          json_builder_begin_object (b);
          add_import_members (cli, b, g_ptr_array_index (runs, i));
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      root = json_builder_get_root (b);
      sb_cli_print_json (root);
      return SB_CLI_EXIT_OK;
    }

  if (runs->len == 0)
    {
      g_print ("%s\n", _("No imports match."));
      return SB_CLI_EXIT_OK;
    }

  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
    char **headings = g_new0 (char *, 7);

    /* Translators: the headings of the table of samband-cli imports */
    headings[0] = g_strdup (C_("imports", "Run"));
    headings[1] = g_strdup (C_("imports", "Integration"));
    headings[2] = g_strdup (C_("imports", "Status"));
    headings[3] = g_strdup (C_("imports", "Started"));
    headings[4] = g_strdup (C_("imports", "Items"));
    headings[5] = g_strdup (C_("imports", "Error"));
    g_ptr_array_add (rows, headings);

    for (guint i = 0; i < runs->len; i++)
      {
        SbRun *run = g_ptr_array_index (runs, i);
        g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                    sb_run_get_integration_id (run));
        g_autoptr(SbIntegration) integration =
          sb_workspace_find_integration (cli->workspace, id_text, NULL);
        char **cells = g_new0 (char *, 7);

        cells[0] = g_strdup_printf ("%" G_GINT64_FORMAT, sb_run_get_id (run));
        cells[1] = g_strdup (integration != NULL ? sb_integration_get_name (integration) : "");
        cells[2] = g_strdup (sb_import_status_get_label (sb_import_status_for_run (run)));
        cells[3] = dup_local_time (sb_run_get_started_at (run) != NULL
                                     ? sb_run_get_started_at (run)
                                     : sb_run_get_queued_at (run));
        cells[4] = dup_counts_text (run);
        cells[5] = g_strdup (sb_run_get_error (run) != NULL ? sb_run_get_error (run) : "");
        g_ptr_array_add (rows, cells);
      }

    print_table (rows, 6);
    g_print ("\n");
    g_print (g_dngettext (GETTEXT_PACKAGE, "%u import\n", "%u imports\n", runs->len),
             runs->len);
  }
  return SB_CLI_EXIT_OK;
}

static int
cmd_import_detail (Cli     *cli,
                   GError **error)
{
  g_autoptr(SbRun) run = NULL;
  g_autoptr(SbIntegration) integration = NULL;
  g_autoptr(GPtrArray) items = NULL;
  int status = SB_CLI_EXIT_OK;
  guint skipped = 0;

  run = find_run (cli, cli->args[0], &status, error);
  if (run == NULL)
    return status;
  integration = find_run_integration (cli, run, error);
  if (integration == NULL)
    return sb_cli_exit_code_for (*error);
  items = sb_workspace_list_import_items (cli->workspace, run, error);
  if (items == NULL)
    return sb_cli_exit_code_for (*error);
  for (guint i = 0; i < items->len; i++)
    if (g_strcmp0 (((SbImportItem *) g_ptr_array_index (items, i))->outcome, "skipped") == 0)
      skipped++;

  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      add_import_members (cli, b, run);
      add_int (b, "items_skipped", skipped);
      json_builder_set_member_name (b, "items");
      json_builder_begin_array (b);
      for (guint i = 0; i < items->len; i++)
        {
          SbImportItem *item = g_ptr_array_index (items, i);

          json_builder_begin_object (b);
          add_int (b, "item", item->index);
          sb_cli_add_string (b, "step_id", item->step_id);
          sb_cli_add_string (b, "key", item->key);
          sb_cli_add_string (b, "id", item->id);
          sb_cli_add_string (b, "outcome", item->outcome);
          sb_cli_add_string (b, "reason", item->reason);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      sb_cli_print_json (root);
      return SB_CLI_EXIT_OK;
    }

  {
    g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, sb_run_get_id (run));
    g_autofree char *started = dup_local_time (sb_run_get_started_at (run));
    g_autofree char *finished = dup_local_time (sb_run_get_finished_at (run));
    g_autofree char *counts = dup_counts_text (run);
    g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
    char **headings;

    /* Translators: a heading: “Import 42 of “Import new members from IdrottOnline”” */
    g_print (_("Import %s of “%s”\n"), id_text, sb_integration_get_name (integration));
    g_print ("\n");
    g_print ("%s %s\n", _("Status:"),
             sb_import_status_get_label (sb_import_status_for_run (run)));
    g_print ("%s %s\n", _("Started:"), started);
    g_print ("%s %s\n", _("Finished:"), finished);
    g_print ("%s %s\n", _("Items:"), counts);
    if (sb_run_get_error (run) != NULL)
      g_print ("%s %s\n", _("Error:"), sb_run_get_error (run));
    g_print ("\n");

    if (items->len == 0)
      {
        g_print ("%s\n", _("No outcome of any item was recorded."));
        return SB_CLI_EXIT_OK;
      }

    headings = g_new0 (char *, 5);
    /* Translators: the headings of the table of the items of an import */
    headings[0] = g_strdup (C_("import items", "#"));
    headings[1] = g_strdup (C_("import items", "Item"));
    headings[2] = g_strdup (C_("import items", "Outcome"));
    headings[3] = g_strdup (C_("import items", "Reason"));
    g_ptr_array_add (rows, headings);
    for (guint i = 0; i < items->len; i++)
      {
        SbImportItem *item = g_ptr_array_index (items, i);
        char **cells = g_new0 (char *, 5);

        cells[0] = g_strdup_printf ("%u", item->index + 1);
        if (item->key != NULL && item->id != NULL && g_strcmp0 (item->key, item->id) != 0)
          cells[1] = g_strdup_printf ("%s (%s)", item->key, item->id);
        else
          cells[1] = g_strdup (item->key != NULL ? item->key : "—");
        cells[2] = g_strdup (sb_import_outcome_get_label (item->outcome));
        cells[3] = g_strdup (item->reason != NULL ? item->reason : "");
        g_ptr_array_add (rows, cells);
      }
    print_table (rows, 4);
  }
  return SB_CLI_EXIT_OK;
}

/* The providers of the catalog's services and whom to contact there: what every error of
 * a service names. */
static int
cmd_providers (Cli     *cli,
               GError **error)
{
  GListModel *connectors = sb_connector_catalog_get_connectors (
                             sb_workspace_get_catalog (cli->workspace));
  guint n = g_list_model_get_n_items (connectors);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (b);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(SbConnector) connector = g_list_model_get_item (connectors, i);

          json_builder_begin_object (b);
          sb_cli_add_string (b, "connector", sb_connector_get_id (connector));
          sb_cli_add_string (b, "service", sb_connector_get_name (connector));
          sb_cli_add_string (b, "provider", sb_connector_get_provider_name (connector));
          sb_cli_add_string (b, "support_email", sb_connector_get_support_email (connector));
          sb_cli_add_string (b, "support_url", sb_connector_get_support_url (connector));
          sb_cli_add_string (b, "privacy_policy_url",
                      sb_connector_get_privacy_policy_url (connector));
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      root = json_builder_get_root (b);
      sb_cli_print_json (root);
      return SB_CLI_EXIT_OK;
    }

  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
    char **headings = g_new0 (char *, 5);

    /* Translators: the headings of the table of samband-cli providers */
    headings[0] = g_strdup (C_("providers", "Service"));
    headings[1] = g_strdup (C_("providers", "Provider"));
    headings[2] = g_strdup (C_("providers", "Support e-mail"));
    headings[3] = g_strdup (C_("providers", "Support"));
    g_ptr_array_add (rows, headings);
    for (guint i = 0; i < n; i++)
      {
        g_autoptr(SbConnector) connector = g_list_model_get_item (connectors, i);
        const char *email = sb_connector_get_support_email (connector);
        const char *url = sb_connector_get_support_url (connector);
        const char *provider = sb_connector_get_provider_name (connector);
        char **cells = g_new0 (char *, 5);

        cells[0] = g_strdup_printf ("%s (%s)", sb_connector_get_name (connector),
                                    sb_connector_get_id (connector));
        cells[1] = g_strdup (provider != NULL ? provider : "—");
        cells[2] = g_strdup (email != NULL ? email : "—");
        cells[3] = g_strdup (url != NULL ? url : "—");
        g_ptr_array_add (rows, cells);
      }
    print_table (rows, 4);
  }
  return SB_CLI_EXIT_OK;
}

/* }}} */

/* The catalog of systems (sb-cli-catalog.c) {{{ */

static int
cmd_catalog (Cli     *cli,
             GError **error)
{
  return sb_cli_catalog (cli->workspace, cli->args[0], cli->json, error);
}

static int
cmd_add_integration (Cli     *cli,
                     GError **error)
{
  return sb_cli_add_integration (cli->workspace, cli->args[0], cli->args[1], cli->json, error);
}

static int
cmd_confirm_activation (Cli     *cli,
                        GError **error)
{
  return sb_cli_confirm_activation (cli->workspace, cli->args[0], cli->json, error);
}

/* }}} */

/* The register of activated integrations (sb-cli-register.c) {{{ */

static int
cmd_activated (Cli     *cli,
               GError **error)
{
  return sb_cli_activated (cli->workspace, cli->args[0], cli->deactivated, &cli->filter,
                           cli->json, error);
}

static int
cmd_deactivate (Cli     *cli,
                GError **error)
{
  return sb_cli_set_activated (cli->workspace, cli->args, FALSE, cli->json, error);
}

static int
cmd_reactivate (Cli     *cli,
                GError **error)
{
  return sb_cli_set_activated (cli->workspace, cli->args, TRUE, cli->json, error);
}

static int
cmd_register (Cli     *cli,
              GError **error)
{
  return sb_cli_register (cli->workspace, cli->args[0], cli->csv, cli->html, error);
}

/* }}} */

static const Command commands[] = {
  { "demo", "", N_("Create the demo club and company"), 0, 0, cmd_demo },
  { "orgs", "", N_("List your organizations"), 0, 0, cmd_orgs },
  /* Translators: ORG is a placeholder on the command line; keep it as it is */
  { "integrations", "ORG", N_("List the integrations of an organization"), 1, 1,
    cmd_integrations },
  { "accounts", "ORG", N_("List the connected accounts of an organization"), 1, 1,
    cmd_accounts },
  { "members", "ORG", N_("List the members of an organization"), 1, 1, cmd_members },
  /* Translators: keep the words in capitals and the options as they are */
  { "add-member", "ORG --email EMAIL --name NAME --role ROLE|--integration-user "
    "[--package PACKAGE]… [--phone P]",
    N_("Add a person, or an integration user with access packages, to an organization"), 1, 1,
    cmd_add_member, OPTION_MEMBER | OPTION_PACKAGE },
  /* Translators: keep the words in capitals and the options as they are */
  { "remove-member", "ORG EMAIL [--move-to EMAIL]",
    N_("Remove a member; --move-to gives their accounts to an integration user"), 2, 2,
    cmd_remove_member, OPTION_MEMBER },
  { "set-packages", "ORG EMAIL [--package P]…",
    N_("Set the access packages of an integration user, besides “integration-user”"), 2, 2,
    cmd_set_packages, OPTION_PACKAGE },
  { "set-status", "INTEGRATION live|paused|draft", N_("Change the status of an integration"),
    2, 2, cmd_set_status },
  { "show", "INTEGRATION", N_("Show an integration: steps, settings, versions, last runs"), 1, 1,
    cmd_show },
  { "activate", "INTEGRATION", N_("Make an integration live (a draft publishes version 1)"), 1,
    1, cmd_activate },
  { "pause", "INTEGRATION", N_("Pause a live integration"), 1, 1, cmd_pause },
  { "publish", "INTEGRATION", N_("Publish the changes of a live or paused integration"), 1, 1,
    cmd_publish },
  { "duplicate", "INTEGRATION", N_("Copy an integration as a new draft"), 1, 1, cmd_duplicate },
  { "delete", "INTEGRATION", N_("Delete an integration and its runs"), 1, 1, cmd_delete },
  { "run", "INTEGRATION [--wait]",
    N_("Run an integration now; waits unless another process runs it (--wait: always)"), 1, 1,
    cmd_run, OPTION_WAIT },
  { "runs", "INTEGRATION", N_("List the runs of an integration, newest first"), 1, 1,
    cmd_runs },
  /* Translators: RUN is a placeholder on the command line; keep it as it is */
  { "run-detail", "RUN", N_("Show a run: its trigger, its input and its log"), 1, 1,
    cmd_run_detail },
  /* Translators: keep the words in capitals and the options as they are */
  { "replay", "RUN [--from-failed-step] [--wait]",
    N_("Run an ended run again, with the same trigger input"), 1, 1, cmd_replay,
    OPTION_WAIT | OPTION_REPLAY },
  { "cancel", "RUN", N_("Stop a queued or running run"), 1, 1, cmd_cancel },
  /* Translators: keep the words in capitals and the options as they are */
  { "imports", "ORG [--search TEXT] [--status S] [--since DATE] [--until DATE]",
    N_("List the imports of an organization, newest first (S: done, partial, failed, "
       "running)"), 1, 1, cmd_imports, OPTION_IMPORTS },
  { "import-detail", "RUN", N_("Show an import: its counts and what became of each item"), 1,
    1, cmd_import_detail },
  { "providers", "", N_("List the providers of the services and their support contacts"), 0,
    0, cmd_providers },
  /* Translators: keep the option as it is */
  { "serve", "[--port N]",
    N_("Run the live integrations and receive webhooks, without a window"), 0, 0, cmd_serve,
    OPTION_PORT },
  /* Translators: ACCOUNT is a placeholder on the command line; keep it as it is */
  { "account", "ACCOUNT",
    N_("Show an account: connection info, metadata, integrations, errors"), 1, 1, cmd_account },
  /* Translators: keep the words in capitals and the options as they are */
  { "add-account", "ORG CONNECTOR --name NAME --field KEY=VALUE… [--base-url URL] "
    "[--owner EMAIL]", N_("Test credentials and add an account (KEY=- reads the value from "
                          "standard input)"), 2, 2, cmd_add_account, OPTION_ACCOUNT },
  { "test-account", "ACCOUNT", N_("Test an account with its stored credentials"), 1, 1,
    cmd_test_account },
  { "delete-account", "ACCOUNT", N_("Delete an account and its credentials"), 1, 1,
    cmd_delete_account },
  { "export", "[ORG] [--output FILE]",
    N_("Write integrations and accounts as JSON, without credentials"), 0, 1, cmd_export,
    OPTION_OUTPUT },
  { "import", "ORG FILE",
    N_("Read the integrations and accounts of an export into an organization: integrations "
       "as drafts, accounts without credentials"), 2, 2, cmd_import },
  /* Translators: keep the words in capitals and the options as they are */
  { "activated", "ORG [--type T] [--system S] [--sport S] [--search WORDS] [--deactivated]",
    N_("List the activated integrations (--deactivated: the deactivated ones), with their "
       "purpose of processing"), 1, 1, cmd_activated, OPTION_FILTER },
  /* Translators: INTEGRATION is a placeholder on the command line; keep it as it is */
  { "deactivate", "INTEGRATION…",
    N_("Stop integrations and take them out of the register, keeping their settings and "
       "history"), 1, G_MAXUINT, cmd_deactivate },
  { "reactivate", "INTEGRATION…", N_("Put deactivated integrations back, live"), 1,
    G_MAXUINT, cmd_reactivate },
  /* Translators: keep the words in capitals and the options as they are */
  { "register", "ORG [--csv FILE] [--html FILE]",
    N_("Write the register of processing (GDPR) of an organization as CSV or a printable "
       "page"), 1, 1, cmd_register, OPTION_REGISTER },
  { "catalog", "ORG",
    N_("List the systems an organization can integrate with, and the integration templates"),
    1, 1, cmd_catalog },
  /* Translators: TEMPLATE is a placeholder on the command line; keep it as it is */
  { "add-integration", "ORG TEMPLATE",
    N_("Create a draft integration from a template of the catalog, with the organization's "
       "accounts"), 2, 2, cmd_add_integration },
  { "confirm-activation", "INTEGRATION",
    N_("Confirm that the provider has activated an integration at their side"), 1, 1,
    cmd_confirm_activation },
};

static char *
dup_commands_help (void)
{
  GString *text = g_string_new (_("Commands:"));

  g_string_append_c (text, '\n');
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *usage = g_strdup_printf ("%s %s", commands[i].name, commands[i].args);

      if (g_utf8_strlen (usage, -1) > 40)
        g_string_append_printf (text, "  %s\n  %-40s %s\n", usage, "", _(commands[i].summary));
      else
        g_string_append_printf (text, "  %-40s %s\n", usage, _(commands[i].summary));
    }
  g_string_append_c (text, '\n');
  g_string_append (text, _("ORG, INTEGRATION, ACCOUNT: an id or an exact name. CONNECTOR: a "
                           "service of the catalog, such as stripe or fortnox."));
  g_string_append_c (text, '\n');
  g_string_append (text, _("RUN: the number of a run, as “runs” lists them. Only one process "
                           "runs the integrations of a data folder: serve, the window, or "
                           "run while neither is running."));
  g_string_append_c (text, '\n');
  g_string_append (text, _("Exit status: 0 done, 1 failed, 2 bad usage, 3 not allowed for "
                           "your role."));
  return g_string_free (text, FALSE);
}

int
sb_cli_run (int    argc,
            char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *as = NULL;
  g_autofree char *help = NULL;
  gboolean json = FALSE;
  gboolean version = FALSE;
  g_autofree char *name = NULL;
  g_auto(GStrv) fields = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *output = NULL;
  gboolean wait = FALSE;
  gboolean from_failed_step = FALSE;
  int port = G_MININT;
  g_autofree char *email = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *role = NULL;
  g_autofree char *move_to = NULL;
  gboolean integration_user = FALSE;
  g_auto(GStrv) packages = NULL;
  g_autofree char *search = NULL;
  g_autofree char *import_status = NULL;
  g_autofree char *since = NULL;
  g_autofree char *until = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *system = NULL;
  g_autofree char *sport = NULL;
  gboolean deactivated = FALSE;
  g_autofree char *csv = NULL;
  g_autofree char *html = NULL;
  GOptionEntry entries[] = {
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir,
      N_("Use the store in DIR instead of the default"), N_("DIR") },
    { "as", 0, 0, G_OPTION_ARG_STRING, &as,
      N_("Act as the member with this e-mail address"), N_("EMAIL") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Print the version"), NULL },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("add-account: the name of the account"),
      N_("NAME") },
    { "field", 0, 0, G_OPTION_ARG_STRING_ARRAY, &fields,
      N_("add-account: a credential field; KEY=- reads its value from standard input"),
      N_("KEY=VALUE") },
    { "base-url", 0, 0, G_OPTION_ARG_STRING, &base_url,
      N_("add-account: the service’s address, instead of its default"), N_("URL") },
    { "owner", 0, 0, G_OPTION_ARG_STRING, &owner,
      N_("add-account: the member whose credentials these are"), N_("EMAIL") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("export: write to FILE"),
      N_("FILE") },
    { "wait", 0, 0, G_OPTION_ARG_NONE, &wait,
      N_("run, replay: wait for the result when another process runs it"), NULL },
    { "from-failed-step", 0, 0, G_OPTION_ARG_NONE, &from_failed_step,
      N_("replay: start at the step that failed, with the outputs of the steps before it"),
      NULL },
    { "port", 0, 0, G_OPTION_ARG_INT, &port,
      N_("serve: receive webhooks on this port of 127.0.0.1 (0: any free one)"), N_("N") },
    { "email", 0, 0, G_OPTION_ARG_STRING, &email, N_("add-member: the e-mail address"),
      N_("EMAIL") },
    { "phone", 0, 0, G_OPTION_ARG_STRING, &phone, N_("add-member: the phone number"),
      N_("PHONE") },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role,
      N_("add-member: the role, such as reader, collaborator, admin or treasurer"),
      N_("ROLE") },
    { "integration-user", 0, 0, G_OPTION_ARG_NONE, &integration_user,
      N_("add-member: a neutral integration user instead of a person"), NULL },
    { "package", 0, 0, G_OPTION_ARG_STRING_ARRAY, &packages,
      N_("add-member: an access package for the integration user, besides “integration-user”: "
         "invoicing, membership-register, accounting or reports (repeat it, or separate them "
         "with commas)"), N_("PACKAGE") },
    { "move-to", 0, 0, G_OPTION_ARG_STRING, &move_to,
      N_("remove-member: the integration user who gets the member’s accounts"), N_("EMAIL") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &import_status,
      N_("imports: only done, partial, failed or running ones"), N_("S") },
    { "since", 0, 0, G_OPTION_ARG_STRING, &since,
      N_("imports: only those started on or after DATE"), N_("DATE") },
    { "until", 0, 0, G_OPTION_ARG_STRING, &until,
      N_("imports: only those started on or before DATE"), N_("DATE") },
    { "type", 0, 0, G_OPTION_ARG_STRING, &kind,
      N_("activated: only this type: import, export or two-way"), N_("T") },
    { "system", 0, 0, G_OPTION_ARG_STRING, &system,
      N_("activated: only those that use this service, such as fortnox"), N_("S") },
    { "sport", 0, 0, G_OPTION_ARG_STRING, &sport,
      N_("activated: only those of organizations of this sport"), N_("S") },
    { "search", 0, 0, G_OPTION_ARG_STRING, &search,
      N_("activated, imports: only those whose name, description or service has these words"),
      N_("WORDS") },
    { "deactivated", 0, 0, G_OPTION_ARG_NONE, &deactivated,
      N_("activated: list the deactivated integrations instead"), NULL },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv, N_("register: write CSV to FILE"),
      N_("FILE") },
    { "html", 0, 0, G_OPTION_ARG_FILENAME, &html,
      N_("register: write a printable page (HTML) to FILE"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SbWorkspace) workspace = NULL;
  g_auto(GStrv) args = g_new0 (char *, argc + 1);
  const Command *command = NULL;
  Cli cli = { 0 };
  int status;

  for (int i = 0; i < argc; i++)
    args[i] = g_strdup (argv[i]);

  context = g_option_context_new (_("COMMAND [ARGUMENTS…]"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Samband on the command line: the same store and "
                                           "the same rules as the window."));
  help = dup_commands_help ();
  g_option_context_set_description (context, help);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse_strv (context, &args, &error))
    {
      g_printerr ("%s\n", error->message);
      return SB_CLI_EXIT_USAGE;
    }

  if (version)
    {
      g_print ("samband-cli %s\n", PACKAGE_VERSION);
      return SB_CLI_EXIT_OK;
    }

  if (args[1] == NULL)
    {
      g_autofree char *usage = g_option_context_get_help (context, TRUE, NULL);

      g_printerr ("%s", usage);
      return SB_CLI_EXIT_USAGE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (args[1], commands[i].name))
      command = &commands[i];

  if (command == NULL)
    {
      g_printerr (_("Unknown command “%s”. Run “samband-cli --help” to see the commands.\n"),
                  args[1]);
      return SB_CLI_EXIT_USAGE;
    }

  if (g_strv_length (args) - 2 < command->min_args ||
      g_strv_length (args) - 2 > command->max_args ||
      (!(command->options & OPTION_ACCOUNT) &&
       (fields != NULL || base_url != NULL || owner != NULL)) ||
      (!(command->options & (OPTION_ACCOUNT | OPTION_MEMBER)) && name != NULL) ||
      (!(command->options & OPTION_MEMBER) &&
       (email != NULL || phone != NULL || role != NULL || integration_user ||
        move_to != NULL)) ||
      (!(command->options & OPTION_PACKAGE) && packages != NULL) ||
      (!(command->options & OPTION_OUTPUT) && output != NULL) ||
      (!(command->options & OPTION_WAIT) && wait) ||
      (!(command->options & OPTION_REPLAY) && from_failed_step) ||
      (!(command->options & OPTION_PORT) && port != G_MININT) ||
      (!(command->options & (OPTION_IMPORTS | OPTION_FILTER)) && search != NULL) ||
      (!(command->options & OPTION_IMPORTS) &&
       (import_status != NULL || since != NULL || until != NULL)) ||
      (!(command->options & OPTION_FILTER) &&
       (kind != NULL || system != NULL || sport != NULL || deactivated)) ||
      (!(command->options & OPTION_REGISTER) && (csv != NULL || html != NULL)))
    {
      g_printerr (_("Usage: samband-cli %s %s\n"), command->name, command->args);
      return SB_CLI_EXIT_USAGE;
    }

  if (port != G_MININT && (port < 0 || port > 65535))
    {
      g_printerr (_("“%d” is not a port: give a number from 0 to 65535.\n"), port);
      return SB_CLI_EXIT_USAGE;
    }

  workspace = sb_workspace_open (data_dir, &error);
  if (workspace == NULL)
    {
      g_printerr ("%s\n", error->message);
      return SB_CLI_EXIT_FAILED;
    }
  if (as != NULL)
    sb_workspace_set_acting_email (workspace, as);

  cli.workspace = workspace;
  cli.json = json;
  cli.args = args + 2;
  cli.n_args = g_strv_length (args) - 2;
  cli.name = name;
  cli.fields = fields;
  cli.base_url = base_url;
  cli.owner = owner;
  cli.output = output;
  cli.wait = wait;
  cli.from_failed_step = from_failed_step;
  cli.port = port != G_MININT ? port : -1;
  cli.member.email = email;
  cli.member.phone = phone;
  cli.member.role = role;
  cli.member.integration_user = integration_user;
  cli.member.packages = (const char * const *) packages;
  cli.member.move_to = move_to;
  cli.search = search;
  cli.import_status = import_status;
  cli.since = since;
  cli.until = until;
  cli.filter.kind = kind;
  cli.filter.system = system;
  cli.filter.sport = sport;
  cli.filter.search = search;
  cli.deactivated = deactivated;
  cli.csv = csv;
  cli.html = html;

  status = command->func (&cli, &error);
  if (status != SB_CLI_EXIT_OK && error != NULL)
    g_printerr ("%s\n", error->message);

  return status;
}
