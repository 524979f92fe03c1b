/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "sb-cli-members.h"
#include "sb-cli-json.h"
#include "sb-cli.h"
#include "workspace/sb-workspace-members.h"

static void
print_member_json (SbMember *member)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, sb_member_get_id (member));
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, sb_member_get_display_name (member));
  json_builder_set_member_name (b, "email");
  json_builder_add_string_value (b, sb_member_get_email (member));
  json_builder_set_member_name (b, "role");
  json_builder_add_string_value (b, sb_enum_to_nick (SB_TYPE_ROLE, sb_member_get_role (member)));
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, sb_enum_to_nick (SB_TYPE_MEMBER_KIND,
                                                     sb_member_get_kind (member)));
  sb_cli_add_strv (b, "packages", sb_member_get_packages (member));
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  sb_cli_print_json (root);
}

/* --package invoicing --package reports, or --package invoicing,reports: one list of ids. */
static char **
split_packages (const char * const *given)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  char **packages;

  for (guint i = 0; given != NULL && given[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (given[i], ",", -1);

      for (guint j = 0; parts[j] != NULL; j++)
        {
          char *part = g_strstrip (parts[j]);

          if (*part != '\0')
            g_strv_builder_add (builder, part);
        }
    }

  packages = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return packages;
}

static SbMember *
find_member (SbWorkspace     *workspace,
             SbOrganization  *org,
             const char      *email,
             GError         **error)
{
  GListModel *members = sb_workspace_get_members (workspace, org);

  for (guint i = 0; members != NULL && i < g_list_model_get_n_items (members); i++)
    {
      g_autoptr(SbMember) member = g_list_model_get_item (members, i);

      if (g_ascii_strcasecmp (sb_member_get_email (member), email) == 0)
        return g_steal_pointer (&member);
    }

  g_set_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_NOT_FOUND,
               /* Translators: an e-mail address, then an organization */
               _("“%s” is not a member of “%s”."), email, sb_organization_get_name (org));
  return NULL;
}

/* The member of the organization named @organization with @email. */
static SbMember *
find_member_of (SbWorkspace  *workspace,
                const char   *organization,
                const char   *email,
                GError      **error)
{
  g_autoptr(SbOrganization) org = sb_workspace_find_organization (workspace, organization,
                                                                  error);

  return org != NULL ? find_member (workspace, org, email, error) : NULL;
}

int
sb_cli_add_member (SbWorkspace               *workspace,
                   gboolean                   json,
                   const char                *organization,
                   const SbCliMemberOptions  *options,
                   GError                   **error)
{
  g_autoptr(SbOrganization) org = NULL;
  g_autoptr(SbMember) member = NULL;
  g_auto(GStrv) packages = NULL;
  int role = SB_ROLE_READER;

  /* Access packages are for integration users; a person's role says what they may do. */
  if (options->email == NULL || options->name == NULL ||
      (options->role == NULL) != options->integration_user ||
      (options->packages != NULL && !options->integration_user))
    {
      g_printerr (_("Usage: samband-cli %s %s\n"), "add-member",
                  "ORG --email EMAIL --name NAME --role ROLE | "
                  "--integration-user [--package PACKAGE]…");
      return SB_CLI_EXIT_USAGE;
    }
  packages = split_packages (options->packages);

  org = sb_workspace_find_organization (workspace, organization, error);
  if (org == NULL)
    return sb_cli_exit_code_for (*error);

  if (options->integration_user)
    {
      /* “Fortnox Integration”: the last word is the last name. */
      g_autofree char *first = g_strstrip (g_strdup (options->name));
      char *space = strrchr (first, ' ');
      const char *last = "";

      if (space != NULL)
        {
          *space = '\0';
          last = space + 1;
        }
      member = sb_workspace_add_integration_user (workspace, org, options->email, first, last,
                                                  options->phone,
                                                  (const char * const *) packages, error);
    }
  else
    {
      if (!sb_enum_from_nick (SB_TYPE_ROLE, options->role, &role))
        {
          GEnumClass *roles = g_type_class_ref (SB_TYPE_ROLE);
          g_autoptr(GString) known = g_string_new (NULL);

          for (guint i = 0; i < roles->n_values; i++)
            if (sb_role_is_available_for (roles->values[i].value,
                                          sb_organization_get_kind (org)))
              g_string_append_printf (known, "%s%s", known->len > 0 ? ", " : "",
                                      roles->values[i].value_nick);
          g_type_class_unref (roles);
          /* Translators: a role as typed, then the roles there are */
          g_printerr (_("Unknown role “%s”. The roles are: %s.\n"), options->role, known->str);
          return SB_CLI_EXIT_USAGE;
        }
      member = sb_workspace_add_member (workspace, org, options->name, options->email,
                                        options->phone, SB_MEMBER_KIND_PERSON, role, error);
    }
  if (member == NULL)
    return sb_cli_exit_code_for (*error);

  if (json)
    print_member_json (member);
  else if (options->integration_user)
    {
      g_autofree char *labels = sb_access_packages_dup_labels (sb_member_get_packages (member));

      /* Translators: a name, an e-mail address, then an organization */
      g_print (_("Added the integration user %s <%s> to “%s”.\n"),
               sb_member_get_display_name (member), sb_member_get_email (member),
               sb_organization_get_name (org));
      /* Translators: %s is a list of access packages: “Integration user, Invoicing” */
      g_print (_("  Access packages: %s\n"), labels);
    }
  else
    /* Translators: a name, an e-mail address, an organization, then a role */
    g_print (_("Added %s <%s> to “%s” as %s.\n"), sb_member_get_display_name (member),
             sb_member_get_email (member), sb_organization_get_name (org),
             sb_role_get_label (sb_member_get_role (member)));
  return SB_CLI_EXIT_OK;
}

int
sb_cli_remove_member (SbWorkspace               *workspace,
                      gboolean                   json,
                      const char                *organization,
                      const char                *email,
                      const SbCliMemberOptions  *options,
                      GError                   **error)
{
  g_autoptr(SbOrganization) org = NULL;
  g_autoptr(SbMember) member = find_member_of (workspace, organization, email, error);
  g_autoptr(SbMember) move_to = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GPtrArray) integrations = NULL;

  if (member == NULL)
    return sb_cli_exit_code_for (*error);
  org = sb_workspace_find_organization (workspace, organization, error);
  if (org == NULL)
    return sb_cli_exit_code_for (*error);
  if (options->move_to != NULL &&
      (move_to = find_member (workspace, org, options->move_to, error)) == NULL)
    return sb_cli_exit_code_for (*error);

  accounts = sb_workspace_dup_member_accounts (workspace, member);
  integrations = sb_workspace_dup_member_integrations (workspace, member);

  if (!sb_workspace_remove_member (workspace, member, move_to, error))
    return sb_cli_exit_code_for (*error);

  if (json)
    {
      print_member_json (member);
      return SB_CLI_EXIT_OK;
    }

  /* Translators: a name, then an organization */
  g_print (_("Removed %s from “%s”.\n"), sb_member_get_display_name (member),
           sb_organization_get_name (org));
  for (guint i = 0; i < accounts->len; i++)
    {
      const char *name = sb_account_get_name (accounts->pdata[i]);

      if (move_to != NULL)
        /* Translators: an account, then an e-mail address */
        g_print (_("  The account “%s” now has the credentials of %s.\n"), name,
                 sb_member_get_email (move_to));
      else
        /* Translators: an account */
        g_print (_("  The account “%s” has no owner now: give it an integration user’s "
                   "credentials.\n"), name);
    }
  if (move_to == NULL && integrations->len > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE,
                          "  %u integration uses these accounts.\n",
                          "  %u integrations use these accounts.\n", integrations->len),
             integrations->len);
  return SB_CLI_EXIT_OK;
}

int
sb_cli_set_packages (SbWorkspace               *workspace,
                     gboolean                   json,
                     const char                *organization,
                     const char                *email,
                     const SbCliMemberOptions  *options,
                     GError                   **error)
{
  g_autoptr(SbMember) member = find_member_of (workspace, organization, email, error);
  g_auto(GStrv) packages = NULL;
  g_autofree char *labels = NULL;

  if (member == NULL)
    return sb_cli_exit_code_for (*error);

  packages = split_packages (options->packages);
  if (!sb_workspace_set_member_packages (workspace, member, (const char * const *) packages,
                                         error))
    return sb_cli_exit_code_for (*error);

  if (json)
    {
      print_member_json (member);
      return SB_CLI_EXIT_OK;
    }

  labels = sb_access_packages_dup_labels (sb_member_get_packages (member));
  /* Translators: an e-mail address, then a list of access packages */
  g_print (_("%s now holds: %s.\n"), sb_member_get_email (member), labels);
  return SB_CLI_EXIT_OK;
}
