/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-workspace-members.h"
#include "sb-workspace-private.h"

gboolean
sb_workspace_check_packages (SbMemberKind        kind,
                             const char * const *packages,
                             GError            **error)
{
  const char *unknown = sb_access_packages_find_unknown (packages);

  if (unknown != NULL)
    {
      g_autofree char *known = g_strjoinv (", ", (char **) sb_access_package_get_ids ());

      g_set_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID,
                   /* Translators: a package id as given, then the ids there are */
                   _("“%s” is not an access package. The access packages are: %s."),
                   unknown, known);
      return FALSE;
    }
  if (kind != SB_MEMBER_KIND_INTEGRATION_USER && packages != NULL && packages[0] != NULL)
    {
      g_set_error_literal (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID,
                           _("Access packages are for integration users: what a person may "
                             "do follows from their role."));
      return FALSE;
    }

  return TRUE;
}

char *
sb_workspace_dup_packages_detail (const char         *email,
                                  const char * const *packages)
{
  g_autofree char *ids = g_strjoinv (", ", (char **) packages);

  return g_strdup_printf ("%s: %s", email, ids);
}

gboolean
sb_workspace_set_member_packages (SbWorkspace         *self,
                                  SbMember            *member,
                                  const char * const  *packages,
                                  GError             **error)
{
  g_autoptr(SbOrganization) org = NULL;
  g_autoptr(SbMember) actor = NULL;
  g_autofree char *detail = NULL;
  g_auto(GStrv) held = NULL;
  gint64 org_id;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (SB_IS_MEMBER (member), FALSE);

  org_id = sb_member_get_organization_id (member);
  org = sb_workspace_dup_organization_of (self, org_id, error);
  if (org == NULL)
    return FALSE;
  actor = sb_workspace_check_and_dup_actor (self, org, SB_CAPABILITY_MANAGE_MEMBERS, error);
  if (actor == NULL)
    return FALSE;
  if (!sb_workspace_check_packages (sb_member_get_kind (member), packages, error))
    return FALSE;

  held = sb_access_packages_normalize (packages, sb_member_get_kind (member));
  if (g_strv_equal ((const char * const *) held, sb_member_get_packages (member)))
    return TRUE;

  g_clear_object (&actor);
  actor = sb_workspace_begin_mutation (self, org, SB_CAPABILITY_MANAGE_MEMBERS, error);
  if (actor == NULL)
    return FALSE;
  if (!sb_store_set_member_packages (self->store, sb_member_get_id (member),
                                     (const char * const *) held, sb_member_get_id (actor),
                                     error))
    {
      sb_store_rollback (self->store);
      return FALSE;
    }
  detail = sb_workspace_dup_packages_detail (sb_member_get_email (member),
                                             (const char * const *) held);
  if (!sb_workspace_finish_mutation (self, org_id, actor, "member.set-packages", "member",
                                     sb_member_get_id (member), detail, error))
    return FALSE;

  sb_member_set_packages (member, (const char * const *) held);
  return TRUE;
}

SbMember *
sb_workspace_add_integration_user (SbWorkspace         *self,
                                   SbOrganization      *organization,
                                   const char          *email,
                                   const char          *first_name,
                                   const char          *last_name,
                                   const char          *phone,
                                   const char * const  *packages,
                                   GError             **error)
{
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (SB_IS_ORGANIZATION (organization), NULL);

  if (sb_workspace_is_blank (email))
    {
      g_set_error_literal (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID,
                           _("An integration user needs an e-mail address."));
      return NULL;
    }
  if (sb_workspace_is_blank (first_name) || sb_workspace_is_blank (last_name))
    {
      g_set_error_literal (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID,
                           _("An integration user needs a first and a last name."));
      return NULL;
    }

  first = g_strstrip (g_strdup (first_name));
  last = g_strstrip (g_strdup (last_name));
  name = g_strdup_printf ("%s %s", first, last);
  return sb_workspace_add_member_with_packages (self, organization, name, email, phone,
                                                SB_MEMBER_KIND_INTEGRATION_USER,
                                                SB_ROLE_COLLABORATOR, packages, error);
}

GPtrArray *
sb_workspace_dup_member_accounts (SbWorkspace *self,
                                  SbMember    *member)
{
  g_autoptr(SbOrganization) org = NULL;
  GPtrArray *owned = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *accounts;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), owned);
  g_return_val_if_fail (SB_IS_MEMBER (member), owned);

  org = sb_workspace_dup_organization (self, sb_member_get_organization_id (member));
  if (org == NULL)
    return owned;

  accounts = sb_workspace_get_accounts (self, org);
  for (guint i = 0; accounts != NULL && i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(SbAccount) account = g_list_model_get_item (accounts, i);

      if (sb_account_get_owner_member_id (account) == sb_member_get_id (member))
        g_ptr_array_add (owned, g_steal_pointer (&account));
    }

  return owned;
}

GPtrArray *
sb_workspace_dup_member_integrations (SbWorkspace *self,
                                      SbMember    *member)
{
  g_autoptr(GPtrArray) accounts = NULL;
  GPtrArray *integrations = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (SB_IS_WORKSPACE (self), integrations);
  g_return_val_if_fail (SB_IS_MEMBER (member), integrations);

  accounts = sb_workspace_dup_member_accounts (self, member);
  for (guint i = 0; i < accounts->len; i++)
    {
      g_autoptr(GPtrArray) users = sb_workspace_dup_account_integrations (self,
                                                                          accounts->pdata[i]);

      for (guint j = 0; users != NULL && j < users->len; j++)
        if (!g_ptr_array_find (integrations, users->pdata[j], NULL))
          g_ptr_array_add (integrations, g_object_ref (users->pdata[j]));
    }

  return integrations;
}

gboolean
sb_workspace_remove_member (SbWorkspace  *self,
                            SbMember     *member,
                            SbMember     *move_to,
                            GError      **error)
{
  g_autoptr(SbOrganization) org = NULL;
  g_autoptr(SbMember) actor = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  GListModel *members;
  gint64 new_owner = 0;
  gint64 org_id;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (SB_IS_MEMBER (member), FALSE);
  g_return_val_if_fail (move_to == NULL || SB_IS_MEMBER (move_to), FALSE);

  org_id = sb_member_get_organization_id (member);
  org = sb_workspace_dup_organization_of (self, org_id, error);
  if (org == NULL)
    return FALSE;

  actor = sb_workspace_check_and_dup_actor (self, org, SB_CAPABILITY_MANAGE_MEMBERS, error);
  if (actor == NULL)
    return FALSE;
  if (sb_member_get_id (actor) == sb_member_get_id (member))
    {
      g_set_error_literal (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID,
                           _("You cannot remove yourself."));
      return FALSE;
    }

  if (move_to != NULL)
    {
      if (sb_member_get_organization_id (move_to) != org_id ||
          sb_member_get_kind (move_to) != SB_MEMBER_KIND_INTEGRATION_USER ||
          sb_member_get_id (move_to) == sb_member_get_id (member))
        {
          g_set_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID,
                       /* Translators: %s is an organization */
                       _("Accounts can only move to an integration user of “%s”."),
                       sb_organization_get_name (org));
          return FALSE;
        }
      new_owner = sb_member_get_id (move_to);
    }

  accounts = sb_workspace_dup_member_accounts (self, member);

  g_clear_object (&actor);
  actor = sb_workspace_begin_mutation (self, org, SB_CAPABILITY_MANAGE_MEMBERS, error);
  if (actor == NULL)
    return FALSE;

  for (guint i = 0; i < accounts->len; i++)
    {
      SbAccount *account = accounts->pdata[i];

      if (!sb_store_set_account_owner (self->store, sb_account_get_id (account), new_owner,
                                       error) ||
          (new_owner != 0 &&
           !sb_store_insert_audit (self->store, org_id, sb_member_get_id (actor),
                                   "account.set-owner", "account", sb_account_get_id (account),
                                   sb_member_get_email (move_to), error)))
        {
          sb_store_rollback (self->store);
          return FALSE;
        }
    }

  if (!sb_store_delete_member (self->store, sb_member_get_id (member), error))
    {
      sb_store_rollback (self->store);
      return FALSE;
    }
  if (!sb_workspace_finish_mutation (self, org_id, actor, "member.remove", "member",
                                     sb_member_get_id (member), sb_member_get_email (member),
                                     error))
    return FALSE;

  for (guint i = 0; i < accounts->len; i++)
    sb_account_set_owner_member_id (accounts->pdata[i], new_owner);

  members = sb_workspace_get_members (self, org);
  for (guint i = 0; members != NULL && i < g_list_model_get_n_items (members); i++)
    {
      g_autoptr(SbMember) item = g_list_model_get_item (members, i);

      if (sb_member_get_id (item) == sb_member_get_id (member))
        {
          g_list_store_remove (G_LIST_STORE (members), i);
          break;
        }
    }

  return TRUE;
}

char *
sb_workspace_normalize_sports (const char *sports)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_free);
  GString *text;

  if (sports == NULL)
    return NULL;

  parts = g_strsplit (sports, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *sport = g_strstrip (parts[i]);
      g_autofree char *folded = g_utf8_casefold (sport, -1);
      gboolean repeated = FALSE;

      for (guint j = 0; j < kept->len && !repeated; j++)
        {
          g_autofree char *other = g_utf8_casefold (kept->pdata[j], -1);

          repeated = g_str_equal (other, folded);
        }
      if (*sport != '\0' && !repeated)
        g_ptr_array_add (kept, g_strdup (sport));
    }
  if (kept->len == 0)
    return NULL;

  text = g_string_new (kept->pdata[0]);
  for (guint i = 1; i < kept->len; i++)
    g_string_append_printf (text, ", %s", (char *) kept->pdata[i]);
  return g_string_free (text, FALSE);
}
