/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sb-workspace.h"
#include "sb-workspace-private.h"
#include "model/sb-json.h"

#include "demo/sb-demo.h"

/* Reads the document format described in demo/sb-demo.h. The demo is its first user; the
 * import command will be the second. A document that does not follow the format is refused
 * with the place at fault, and nothing of it is written. */

typedef struct
{
  SbWorkspace *workspace;
  SbStore     *store;
  GDateTime   *now;
  GHashTable  *account_ids;   /* key → gint64 *: the accounts of the organization at hand */
  GHashTable  *member_ids;    /* e-mail → gint64 * */
  GPtrArray   *created;       /* SbOrganization, to show once committed */
  gboolean     demo;          /* mark the accounts as the demo's */
  GArray      *new_accounts;  /* gint64: the ids of the accounts written */
  /* Importing into an existing organization (sb_workspace_import_into()): everything goes
   * into it, integrations as Drafts, accounts as Needs credentials, names made unique. */
  SbOrganization *target;
  GHashTable  *taken_integrations;  /* folded names in the target */
  GHashTable  *taken_accounts;
  SbTransferReport *report;
  GPtrArray   *imported_accounts;      /* SbAccount */
  GPtrArray   *imported_integrations;  /* SbIntegration */
} Import;

/* @name, or “@name (2)”, “@name (3)”… when @taken has it; the result is taken too. */
static char *
dup_unique_name (GHashTable *taken,
                 const char *name)
{
  char *unique = g_strdup (name);

  for (guint n = 2; g_hash_table_contains (taken, unique); n++)
    {
      g_free (unique);
      /* Translators: a name already taken in the organization, made unique by a number,
       * as in “Nightly import (2)” */
      unique = g_strdup_printf (C_("unique name", "%s (%u)"), name, n);
    }
  g_hash_table_add (taken, g_strdup (unique));
  return unique;
}

static void
set_invalid (GError     **error,
             const char  *where,
             const char  *what)
{
  g_set_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID,
               /* Translators: the first %s says where in the document, the second what
                * is wrong there */
               _("The document is not valid at %s: %s"), where, what);
}

static const char *
get_string (JsonObject  *object,
            const char  *member,
            const char  *where,
            gboolean     required,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          g_autofree char *what = g_strdup_printf (_("“%s” is missing"), member);
          set_invalid (error, where, what);
        }
      return NULL;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_autofree char *what = g_strdup_printf (_("“%s” must be a text"), member);
      set_invalid (error, where, what);
      return NULL;
    }

  return json_node_get_string (node);
}

static gboolean
get_enum (JsonObject  *object,
          const char  *member,
          GType        type,
          int          fallback,
          const char  *where,
          int         *value,
          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *nick = get_string (object, member, where, FALSE, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (nick == NULL)
    {
      *value = fallback;
      return TRUE;
    }

  if (!sb_enum_from_nick (type, nick, value))
    {
      g_autofree char *what = g_strdup_printf (_("“%s” is not a known %s"), nick, member);
      set_invalid (error, where, what);
      return FALSE;
    }

  return TRUE;
}

static JsonArray *
get_array (JsonObject  *object,
           const char  *member,
           const char  *where,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_autofree char *what = g_strdup_printf (_("“%s” must be a list"), member);
      set_invalid (error, where, what);
      return NULL;
    }

  return json_node_get_array (node);
}

static JsonObject *
get_element_object (JsonArray   *array,
                    guint        index,
                    const char  *where,
                    GError     **error)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      set_invalid (error, where, _("each entry must be an object"));
      return NULL;
    }

  return json_node_get_object (node);
}

/* Replaces the account keys in a trigger or in steps (nested for_each steps included) with
 * account ids. Returns FALSE for a key that names no account. */
static gboolean
resolve_accounts (Import      *import,
                  JsonNode    *node,
                  const char  *where,
                  GError     **error)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!resolve_accounts (import, json_array_get_element (array, i), where, error))
          return FALSE;
      return TRUE;
    }

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      JsonNode *account = json_object_get_member (object, "account");
      JsonNode *steps = json_object_get_member (object, "steps");

      if (account != NULL && JSON_NODE_HOLDS_VALUE (account) &&
          json_node_get_value_type (account) == G_TYPE_STRING)
        {
          const char *key = json_node_get_string (account);
          gint64 *id = g_hash_table_lookup (import->account_ids, key);

          if (id == NULL)
            {
              g_autofree char *what = g_strdup_printf (_("there is no account “%s”"), key);
              set_invalid (error, where, what);
              return FALSE;
            }
          json_object_set_int_member (object, "account", *id);
        }

      if (steps != NULL && !resolve_accounts (import, steps, where, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
import_members (Import          *import,
                SbOrganization  *org,
                JsonArray       *members,
                const char      *where,
                GError         **error)
{
  for (guint i = 0; members != NULL && i < json_array_get_length (members); i++)
    {
      g_autoptr(SbMember) member = sb_member_new ();
      g_autofree char *here = g_strdup_printf ("%s, members[%u]", where, i);
      JsonObject *object = get_element_object (members, i, here, error);
      g_auto(GStrv) packages = NULL;
      int role, kind;

      if (object == NULL)
        return FALSE;

      if (!get_enum (object, "role", SB_TYPE_ROLE, SB_ROLE_READER, here, &role, error) ||
          !get_enum (object, "kind", SB_TYPE_MEMBER_KIND, SB_MEMBER_KIND_PERSON, here, &kind,
                     error))
        return FALSE;

      if (json_object_get_boolean_member_with_default (object, "profile", FALSE))
        {
          sb_member_set_display_name (member, sb_workspace_get_profile_name (import->workspace));
          sb_member_set_email (member, sb_workspace_get_profile_email (import->workspace));
        }
      else
        {
          const char *name = get_string (object, "name", here, TRUE, error);
          const char *email = name != NULL ? get_string (object, "email", here, TRUE, error)
                                           : NULL;
          if (email == NULL)
            return FALSE;
          sb_member_set_display_name (member, name);
          sb_member_set_email (member, email);
          sb_member_set_phone (member, json_object_get_string_member_with_default (object,
                                                                                   "phone",
                                                                                   NULL));
        }

      /* The profile owner may already be in the list as themselves. */
      if (g_hash_table_contains (import->member_ids, sb_member_get_email (member)))
        continue;

      sb_member_set_organization_id (member, sb_organization_get_id (org));
      sb_member_set_kind (member, kind);
      sb_member_set_role (member, role);
      sb_member_set_status (member, SB_MEMBER_STATUS_ACTIVE);
      /* An integration user holds “Integration user”, as when added in the window. */
      packages = sb_access_packages_normalize (NULL, kind);
      sb_member_set_packages (member, (const char * const *) packages);
      if (!sb_store_insert_member (import->store, member, error) ||
          !sb_store_set_member_packages (import->store, sb_member_get_id (member),
                                         (const char * const *) packages, 0, error))
        return FALSE;

      g_hash_table_insert (import->member_ids, g_strdup (sb_member_get_email (member)),
                           g_memdup2 (&(gint64) { sb_member_get_id (member) }, sizeof (gint64)));
    }

  return TRUE;
}

/* A demo account's base URL is that of the local imitation of its service, whichever port
 * it listens on this time: the metadata says which service, the base URL stays empty. */
static void
mark_demo_account (SbAccount *account)
{
  JsonNode *metadata = sb_account_get_metadata (account);
  g_autoptr(JsonNode) marked = NULL;

  if (metadata != NULL && JSON_NODE_HOLDS_OBJECT (metadata))
    marked = json_node_copy (metadata);
  else
    {
      marked = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (marked, json_object_new ());
    }

  json_object_set_string_member (json_node_get_object (marked), "demo",
                                 sb_account_get_connector_id (account));
  sb_account_set_metadata (account, marked);
  sb_account_set_base_url (account, NULL);
}

static gboolean
import_accounts (Import          *import,
                 SbOrganization  *org,
                 JsonArray       *accounts,
                 const char      *where,
                 GError         **error)
{
  SbConnectorCatalog *catalog = sb_workspace_get_catalog (import->workspace);

  for (guint i = 0; accounts != NULL && i < json_array_get_length (accounts); i++)
    {
      g_autoptr(SbAccount) account = sb_account_new ();
      g_autofree char *here = g_strdup_printf ("%s, accounts[%u]", where, i);
      JsonObject *object = get_element_object (accounts, i, here, error);
      const char *key, *connector, *name;
      int status;

      if (object == NULL ||
          (key = get_string (object, "key", here, TRUE, error)) == NULL ||
          (connector = get_string (object, "connector", here, TRUE, error)) == NULL ||
          (name = get_string (object, "name", here, TRUE, error)) == NULL ||
          !get_enum (object, "status", SB_TYPE_ACCOUNT_STATUS, SB_ACCOUNT_STATUS_NEEDS_ATTENTION,
                     here, &status, error))
        return FALSE;

      if (sb_connector_catalog_lookup (catalog, connector) == NULL)
        {
          g_autofree char *what = g_strdup_printf (_("there is no service called “%s”"),
                                                   connector);
          set_invalid (error, here, what);
          return FALSE;
        }

      sb_account_set_organization_id (account, sb_organization_get_id (org));
      sb_account_set_connector_id (account, connector);
      if (import->target != NULL)
        {
          g_autofree char *unique = dup_unique_name (import->taken_accounts, name);

          /* A document carries no credentials: a person gives them afterwards. */
          status = SB_ACCOUNT_STATUS_NEEDS_CREDENTIALS;
          sb_account_set_name (account, unique);
          g_ptr_array_add (import->report->accounts, g_strdup (unique));
        }
      else
        sb_account_set_name (account, name);
      sb_account_set_status (account, status);
      sb_account_set_base_url (account, json_object_get_string_member_with_default (object,
                                                                                   "base_url",
                                                                                   NULL));
      if (json_object_has_member (object, "metadata"))
        sb_account_set_metadata (account, json_object_get_member (object, "metadata"));
      {
        /* Whose credentials, by e-mail. An export names members the document may not carry
         * along; such an owner is simply not recorded here. */
        const char *owner = json_object_get_string_member_with_default (object, "owner", NULL);
        gint64 *owner_id = owner != NULL ? g_hash_table_lookup (import->member_ids, owner) : NULL;

        if (owner_id != NULL)
          sb_account_set_owner_member_id (account, *owner_id);
      }
      if (import->demo)
        mark_demo_account (account);

      if (!sb_store_insert_account (import->store, account, error))
        return FALSE;

      {
        gint64 id = sb_account_get_id (account);

        g_array_append_val (import->new_accounts, id);
      }
      if (import->target != NULL)
        g_ptr_array_add (import->imported_accounts, g_object_ref (account));
      g_hash_table_insert (import->account_ids, g_strdup (key),
                           g_memdup2 (&(gint64) { sb_account_get_id (account) },
                                      sizeof (gint64)));
    }

  return TRUE;
}

static gboolean
import_events (Import      *import,
               SbRun       *run,
               JsonArray   *events,
               const char  *where,
               GError     **error)
{
  for (guint i = 0; events != NULL && i < json_array_get_length (events); i++)
    {
      g_autoptr(SbRunEvent) event = sb_run_event_new ();
      g_autoptr(GDateTime) at = NULL;
      g_autofree char *here = g_strdup_printf ("%s, events[%u]", where, i);
      JsonObject *object = get_element_object (events, i, here, error);
      const char *message;
      gint64 seconds;
      int level;

      if (object == NULL ||
          !get_enum (object, "level", SB_TYPE_RUN_EVENT_LEVEL, SB_RUN_EVENT_LEVEL_INFO, here,
                     &level, error) ||
          (message = get_string (object, "message", here, TRUE, error)) == NULL)
        return FALSE;

      seconds = json_object_get_int_member_with_default (object, "seconds", 0);
      at = g_date_time_add_seconds (sb_run_get_started_at (run), CLAMP (seconds, 0, 86400));

      sb_run_event_set_run_id (event, sb_run_get_id (run));
      sb_run_event_set_at (event, at);
      sb_run_event_set_level (event, level);
      sb_run_event_set_step_id (event, json_object_get_string_member_with_default (object, "step",
                                                                                   NULL));
      sb_run_event_set_message (event, message);
      if (json_object_has_member (object, "data"))
        sb_run_event_set_data (event, json_object_get_member (object, "data"));

      if (!sb_store_insert_run_event (import->store, event, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
import_runs (Import         *import,
             SbIntegration  *integration,
             JsonArray      *runs,
             const char     *where,
             GError        **error)
{
  for (guint i = 0; runs != NULL && i < json_array_get_length (runs); i++)
    {
      g_autoptr(SbRun) run = sb_run_new ();
      g_autoptr(GDateTime) started = NULL;
      g_autoptr(GDateTime) finished = NULL;
      g_autofree char *here = g_strdup_printf ("%s, runs[%u]", where, i);
      JsonObject *object = get_element_object (runs, i, here, error);
      gint64 minutes_ago, duration;
      int status;

      if (object == NULL ||
          !get_enum (object, "status", SB_TYPE_RUN_STATUS, SB_RUN_STATUS_SUCCEEDED, here,
                     &status, error))
        return FALSE;

      minutes_ago = json_object_get_int_member_with_default (object, "minutes_ago", 0);
      duration = json_object_get_int_member_with_default (object, "duration_seconds", 0);
      started = g_date_time_add_minutes (import->now, (int) -CLAMP (minutes_ago, 0, 525600));
      if (status != SB_RUN_STATUS_RUNNING && status != SB_RUN_STATUS_QUEUED)
        finished = g_date_time_add_seconds (started, CLAMP (duration, 0, 86400));

      sb_run_set_integration_id (run, sb_integration_get_id (integration));
      sb_run_set_status (run, status);
      sb_run_set_started_at (run, started);
      sb_run_set_finished_at (run, finished);
      sb_run_set_items_read (run, json_object_get_int_member_with_default (object, "read", 0));
      sb_run_set_items_created (run,
                                json_object_get_int_member_with_default (object, "created", 0));
      sb_run_set_items_updated (run,
                                json_object_get_int_member_with_default (object, "updated", 0));
      sb_run_set_items_failed (run,
                               json_object_get_int_member_with_default (object, "failed", 0));
      sb_run_set_error (run, json_object_get_string_member_with_default (object, "error", NULL));

      if (!sb_store_insert_run (import->store, run, error))
        return FALSE;

      {
        g_autoptr(GError) local_error = NULL;
        JsonArray *events = get_array (object, "events", here, &local_error);

        if (local_error != NULL)
          {
            g_propagate_error (error, g_steal_pointer (&local_error));
            return FALSE;
          }
        if (!import_events (import, run, events, here, error))
          return FALSE;
      }
    }

  return TRUE;
}

static gboolean
import_integrations (Import          *import,
                     SbOrganization  *org,
                     JsonArray       *integrations,
                     const char      *where,
                     GError         **error)
{
  for (guint i = 0; integrations != NULL && i < json_array_get_length (integrations); i++)
    {
      g_autoptr(SbIntegration) integration = sb_integration_new ();
      g_autoptr(JsonNode) trigger = NULL;
      g_autoptr(JsonNode) steps = NULL;
      g_autoptr(GArray) account_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autofree char *here = g_strdup_printf ("%s, integrations[%u]", where, i);
      JsonObject *object = get_element_object (integrations, i, here, error);
      const char *name, *created_by;
      JsonArray *keys, *runs;
      gint64 *creator;
      int status;

      if (object == NULL ||
          (name = get_string (object, "name", here, TRUE, error)) == NULL ||
          !get_enum (object, "status", SB_TYPE_INTEGRATION_STATUS, SB_INTEGRATION_STATUS_DRAFT,
                     here, &status, error))
        return FALSE;

      if (json_object_has_member (object, "trigger"))
        trigger = json_node_copy (json_object_get_member (object, "trigger"));
      if (json_object_has_member (object, "steps"))
        steps = json_node_copy (json_object_get_member (object, "steps"));
      if ((trigger != NULL && !resolve_accounts (import, trigger, here, error)) ||
          (steps != NULL && !resolve_accounts (import, steps, here, error)))
        return FALSE;

      /* A webhook needs the token of its receiver URL; a document may leave it to us. An
       * integration imported next to its original gets a token of its own, as the token
       * names one integration. */
      if (trigger != NULL && JSON_NODE_HOLDS_OBJECT (trigger) &&
          g_strcmp0 (sb_json_get_string (json_node_get_object (trigger), "kind"),
                     "webhook") == 0 &&
          (import->target != NULL ||
           sb_json_get_string (json_node_get_object (trigger), "token") == NULL))
        {
          g_autofree char *uuid = g_uuid_string_random ();
          g_autoptr(GString) token = g_string_new (uuid);

          g_string_replace (token, "-", "", 0);
          json_object_set_string_member (json_node_get_object (trigger), "token", token->str);
        }

      created_by = json_object_get_string_member_with_default (object, "created_by", NULL);
      creator = created_by != NULL ? g_hash_table_lookup (import->member_ids, created_by) : NULL;

      sb_integration_set_organization_id (integration, sb_organization_get_id (org));
      if (import->target != NULL)
        {
          g_autofree char *unique = dup_unique_name (import->taken_integrations, name);

          /* Nothing imported runs before a person has looked at it and activated it. */
          status = SB_INTEGRATION_STATUS_DRAFT;
          sb_integration_set_name (integration, unique);
          g_ptr_array_add (import->report->integrations, g_strdup (unique));
        }
      else
        sb_integration_set_name (integration, name);
      sb_integration_set_description (integration,
                                      json_object_get_string_member_with_default (object,
                                                                                  "description",
                                                                                  NULL));
      sb_integration_set_status (integration, status);
      sb_integration_set_trigger (integration, trigger);
      sb_integration_set_steps (integration, steps);
      if (json_object_has_member (object, "settings"))
        sb_integration_set_settings (integration, json_object_get_member (object, "settings"));
      sb_integration_set_purpose (integration,
                                  json_object_get_string_member_with_default (object, "purpose",
                                                                              NULL));
      sb_integration_set_created_by (integration, creator != NULL ? *creator : 0);
      sb_integration_set_created_at (integration, import->now);
      /* What is or was live was published: as version 1, when it was activated. */
      if (status != SB_INTEGRATION_STATUS_DRAFT)
        {
          sb_integration_set_activated_by (integration, creator != NULL ? *creator : 0);
          sb_integration_set_activated_at (integration, import->now);
          sb_integration_set_version (integration, 1);
        }

      if (!sb_store_insert_integration (import->store, integration, error))
        return FALSE;

      if (status != SB_INTEGRATION_STATUS_DRAFT)
        {
          g_autoptr(SbIntegrationVersion) version = sb_integration_version_new ();

          sb_integration_version_set_integration_id (version, sb_integration_get_id (integration));
          sb_integration_version_set_version (version, 1);
          sb_integration_version_set_trigger (version, sb_integration_get_trigger (integration));
          sb_integration_version_set_steps (version, sb_integration_get_steps (integration));
          sb_integration_version_set_settings (version, sb_integration_get_settings (integration));
          sb_integration_version_set_published_by (version, creator != NULL ? *creator : 0);
          sb_integration_version_set_published_at (version, import->now);
          if (!sb_store_insert_integration_version (import->store, version, error))
            return FALSE;
        }

      keys = get_array (object, "accounts", here, error);
      if (keys == NULL && error != NULL && *error != NULL)
        return FALSE;
      for (guint j = 0; keys != NULL && j < json_array_get_length (keys); j++)
        {
          const char *key = json_array_get_string_element (keys, j);
          gint64 *id = key != NULL ? g_hash_table_lookup (import->account_ids, key) : NULL;

          if (id == NULL)
            {
              g_autofree char *what = g_strdup_printf (_("there is no account “%s”"),
                                                       key != NULL ? key : "");
              set_invalid (error, here, what);
              return FALSE;
            }
          g_array_append_val (account_ids, *id);
        }
      if (!sb_store_set_integration_accounts (import->store, sb_integration_get_id (integration),
                                              (const gint64 *) (gpointer) account_ids->data,
                                              account_ids->len, error))
        return FALSE;

      runs = get_array (object, "runs", here, error);
      if (runs == NULL && error != NULL && *error != NULL)
        return FALSE;
      if (import->target != NULL)
        g_ptr_array_add (import->imported_integrations, g_object_ref (integration));

      /* Runs belong to where they ran. */
      if (import->target == NULL && !import_runs (import, integration, runs, here, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
organization_exists (SbWorkspace *self,
                     const char  *name)
{
  g_autoptr(SbOrganization) org = sb_workspace_find_organization (self, name, NULL);

  return org != NULL;
}

static gboolean
import_organizations (Import      *import,
                      JsonArray   *organizations,
                      gboolean     skip_existing,
                      GError     **error)
{
  for (guint i = 0; i < json_array_get_length (organizations); i++)
    {
      g_autoptr(SbOrganization) org = sb_organization_new ();
      g_autofree char *here = g_strdup_printf ("organizations[%u]", i);
      JsonObject *object = get_element_object (organizations, i, here, error);
      const char *name;
      int kind;

      if (object == NULL ||
          (name = get_string (object, "name", here, TRUE, error)) == NULL ||
          !get_enum (object, "kind", SB_TYPE_ORGANIZATION_KIND, SB_ORGANIZATION_KIND_COMPANY,
                     here, &kind, error))
        return FALSE;

      if (skip_existing && organization_exists (import->workspace, name))
        continue;

      if (import->target != NULL)
        g_set_object (&org, import->target);
      else
        {
          sb_organization_set_name (org, name);
          sb_organization_set_kind (org, kind);
          sb_organization_set_sport (org, json_object_get_string_member_with_default (object,
                                                                                     "sport",
                                                                                     NULL));
          if (!sb_store_insert_organization (import->store, org, error))
            return FALSE;
        }

      g_hash_table_remove_all (import->account_ids);
      g_hash_table_remove_all (import->member_ids);

      {
        g_autoptr(GError) local_error = NULL;
        JsonArray *members = get_array (object, "members", here, &local_error);
        JsonArray *accounts = local_error == NULL ? get_array (object, "accounts", here,
                                                                &local_error) : NULL;
        JsonArray *integrations = local_error == NULL ? get_array (object, "integrations",
                                                                    here, &local_error) : NULL;

        if (local_error != NULL)
          {
            g_propagate_error (error, g_steal_pointer (&local_error));
            return FALSE;
          }

        /* The members of another organization are not this one's. */
        if ((import->target == NULL && !import_members (import, org, members, here, error)) ||
            !import_accounts (import, org, accounts, here, error) ||
            !import_integrations (import, org, integrations, here, error))
          return FALSE;
      }

      {
        const char *acting = sb_workspace_get_acting_email (import->workspace);
        gint64 *actor = acting != NULL ? g_hash_table_lookup (import->member_ids, acting) : NULL;
        g_autoptr(SbMember) acting_member = NULL;
        gint64 acting_id = 0;

        if (import->target != NULL)
          {
            acting_member = sb_workspace_dup_acting_member (import->workspace, import->target);
            acting_id = acting_member != NULL ? sb_member_get_id (acting_member) : 0;
            actor = &acting_id;
          }
        if (!sb_store_insert_audit (import->store, sb_organization_get_id (org),
                                    actor != NULL ? *actor : 0,
                                    import->target != NULL ? "organization.import-into"
                                                           : "organization.import",
                                    "organization", sb_organization_get_id (org), name, error))
          return FALSE;
      }

      if (import->target == NULL)
        g_ptr_array_add (import->created, g_steal_pointer (&org));
    }

  return TRUE;
}

/**
 * sb_workspace_import_document:
 * @skip_existing: leave out organizations whose name is taken (the demo's way of being
 *   created once)
 *
 * Writes everything in one transaction. Must be called with a profile. The acting person
 * becomes a member where the document says "profile".
 */
gboolean
sb_workspace_import_document (SbWorkspace  *self,
                              JsonNode     *document,
                              gboolean      skip_existing,
                              gboolean      demo,
                              GArray      **new_account_ids,
                              GError      **error)
{
  g_autoptr(GArray) new_accounts = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) account_ids = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                             g_free, g_free);
  g_autoptr(GHashTable) member_ids = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                            g_free, g_free);
  g_autoptr(GPtrArray) created = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  Import import = {
    .workspace = self,
    .store = sb_workspace_get_store (self),
    .now = now,
    .account_ids = account_ids,
    .member_ids = member_ids,
    .created = created,
    .demo = demo,
    .new_accounts = new_accounts,
  };
  JsonArray *organizations;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (document != NULL, FALSE);

  if (!JSON_NODE_HOLDS_OBJECT (document))
    {
      set_invalid (error, "/", _("the document must be an object"));
      return FALSE;
    }
  organizations = get_array (json_node_get_object (document), "organizations", "/", error);
  if (organizations == NULL)
    {
      if (error == NULL || *error == NULL)
        set_invalid (error, "/", _("“organizations” is missing"));
      return FALSE;
    }

  if (!sb_store_begin (import.store, error))
    return FALSE;
  if (!import_organizations (&import, organizations, skip_existing, error) ||
      !sb_store_commit (import.store, error))
    {
      sb_store_rollback (import.store);
      return FALSE;
    }

  for (guint i = 0; i < created->len; i++)
    sb_workspace_take_organization (self, g_object_ref (g_ptr_array_index (created, i)));
  if (new_account_ids != NULL)
    *new_account_ids = g_steal_pointer (&new_accounts);
  return TRUE;
}

void
sb_transfer_report_free (SbTransferReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->integrations, g_ptr_array_unref);
  g_clear_pointer (&report->accounts, g_ptr_array_unref);
  g_free (report);
}

static GHashTable *
new_taken_names (GListModel *items,
                 const char *(*get_name) (gpointer item))
{
  GHashTable *taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (items, i);

      g_hash_table_add (taken, g_strdup (get_name (item)));
    }
  return taken;
}

static gboolean
set_file_invalid (GError     **error,
                  GFile       *file,
                  const char  *message)
{
  g_autofree char *name = g_file_get_basename (file);

  g_set_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID,
               /* Translators: the first %s is the name of a file, the second what is wrong */
               _("“%s” cannot be imported: %s"), name, message);
  return FALSE;
}

gboolean
sb_workspace_import_into (SbWorkspace       *self,
                          SbOrganization    *organization,
                          GFile             *file,
                          SbTransferReport **report,
                          GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GArray) new_accounts = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) account_ids = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                             g_free, g_free);
  g_autoptr(GHashTable) member_ids = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                            g_free, g_free);
  g_autoptr(GPtrArray) created = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) imported_accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) imported_integrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) taken_integrations = NULL;
  g_autoptr(GHashTable) taken_accounts = NULL;
  g_autoptr(SbTransferReport) result = g_new0 (SbTransferReport, 1);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *contents = NULL;
  gsize length;
  Import import;
  JsonNode *document;
  JsonArray *organizations;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (SB_IS_ORGANIZATION (organization), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!sb_workspace_check (self, organization, SB_CAPABILITY_EDIT_INTEGRATIONS, error) ||
      !sb_workspace_check (self, organization, SB_CAPABILITY_EDIT_ACCOUNTS, error))
    return FALSE;

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &local_error))
    return set_file_invalid (error, file, local_error->message);
  if (!g_utf8_validate_len (contents, length, NULL))
    return set_file_invalid (error, file, _("it is not text in UTF-8"));
  if (!json_parser_load_from_data (parser, contents, (gssize) length, &local_error))
    {
      /* JSON-GLib's message says at which line and character, after “<data>:”. */
      const char *message = local_error->message;

      if (g_str_has_prefix (message, "<data>:"))
        message += strlen ("<data>:");
      return set_file_invalid (error, file, message);
    }
  document = json_parser_get_root (parser);
  if (document == NULL || !JSON_NODE_HOLDS_OBJECT (document))
    return set_file_invalid (error, file, _("it is not an export of Samband"));
  {
    JsonNode *member = json_object_get_member (json_node_get_object (document), "organizations");

    if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member))
      return set_file_invalid (error, file, _("it is not an export of Samband"));
    organizations = json_node_get_array (member);
  }

  result->integrations = g_ptr_array_new_with_free_func (g_free);
  result->accounts = g_ptr_array_new_with_free_func (g_free);
  taken_integrations = new_taken_names (sb_workspace_get_integrations (self, organization),
                                        (gpointer) sb_integration_get_name);
  taken_accounts = new_taken_names (sb_workspace_get_accounts (self, organization),
                                    (gpointer) sb_account_get_name);
  import = (Import) {
    .workspace = self,
    .store = sb_workspace_get_store (self),
    .now = now,
    .account_ids = account_ids,
    .member_ids = member_ids,
    .created = created,
    .new_accounts = new_accounts,
    .target = organization,
    .taken_integrations = taken_integrations,
    .taken_accounts = taken_accounts,
    .report = result,
    .imported_accounts = imported_accounts,
    .imported_integrations = imported_integrations,
  };

  if (!sb_store_begin (import.store, error))
    return FALSE;
  if (!import_organizations (&import, organizations, FALSE, &local_error) ||
      !sb_store_commit (import.store, &local_error))
    {
      sb_store_rollback (import.store);
      if (g_error_matches (local_error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID))
        return set_file_invalid (error, file, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  sb_workspace_take_imported (self, sb_organization_get_id (organization), imported_accounts,
                              imported_integrations);
  if (report != NULL)
    *report = g_steal_pointer (&result);
  return TRUE;
}

/* The demo's credentials {{{ */

/* The fields an imitation may know a value for: every field of every scheme of the
 * connector, the tokens of OAuth2 and the webhook signing secret. */
static GHashTable *
new_demo_fields (SbImitations *imitations,
                 SbConnector  *connector)
{
  static const char * const token_fields[] = {
    SB_CREDENTIAL_CLIENT_ID, SB_CREDENTIAL_CLIENT_SECRET, SB_CREDENTIAL_ACCESS_TOKEN,
    SB_CREDENTIAL_REFRESH_TOKEN, SB_CREDENTIAL_EXPIRES_AT,
  };
  GHashTable *fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) sb_credential_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *service = sb_connector_get_id (connector);

  for (guint i = 0; i < sb_connector_get_n_auths (connector); i++)
    {
      GListModel *auth_fields = sb_connector_auth_get_fields (sb_connector_get_auth (connector,
                                                                                     i));

      for (guint j = 0; j < g_list_model_get_n_items (auth_fields); j++)
        {
          g_autoptr(SbConnectorField) field = g_list_model_get_item (auth_fields, j);

          g_ptr_array_add (names, (gpointer) sb_connector_field_get_id (field));
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (token_fields); i++)
    g_ptr_array_add (names, (gpointer) token_fields[i]);
  if (sb_connector_get_webhook_secret_field (connector) != NULL)
    g_ptr_array_add (names, (gpointer) sb_connector_get_webhook_secret_field (connector));

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      const char *value = sb_imitations_get_credential (imitations, service, name);

      if (value != NULL && !g_hash_table_contains (fields, name))
        g_hash_table_insert (fields, g_strdup (name), g_strdup (value));
    }

  return fields;
}

/* The accounts still waiting for the keyring. It holds the store rather than the workspace,
 * so that a workspace nobody waits for is not kept alive by the keyring. */
typedef struct
{
  GWeakRef  workspace;
  SbStore  *store;
  GTask    *task;         /* of create_demo_async; NULL when nobody waits */
  guint     n_pending;
} DemoCredentials;

typedef struct
{
  DemoCredentials *demo;
  SbAccount       *account;   /* the object of the accounts list */
} DemoAccount;

static void
demo_account_finished (DemoCredentials *demo)
{
  if (--demo->n_pending > 0)
    return;

  if (demo->task != NULL)
    g_task_return_boolean (demo->task, TRUE);
  g_clear_object (&demo->task);
  g_clear_object (&demo->store);
  g_weak_ref_clear (&demo->workspace);
  g_free (demo);
}

static void
demo_credentials_stored_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  DemoAccount *item = user_data;
  DemoCredentials *demo = item->demo;
  g_autoptr(SbAccount) account = item->account;
  g_autoptr(SbWorkspace) self = g_weak_ref_get (&demo->workspace);
  g_autoptr(GError) error = NULL;

  g_free (item);

  if (!sb_secret_store_store_all_finish (SB_SECRET_STORE (object), result, &error))
    {
      if (g_error_matches (error, SB_SECRETS_ERROR, SB_SECRETS_ERROR_NO_SERVICE))
        {
          if (self != NULL)
            sb_workspace_set_keyring_problem (self, error->message);
        }
      else
        {
          g_warning ("Could not keep the credentials of the demo account “%s”: %s",
                     sb_account_get_name (account), error->message);
        }

      /* Without them it is not connected, whatever the demo's story says; an account the
       * story has in trouble stays in its trouble. */
      if (sb_account_get_status (account) == SB_ACCOUNT_STATUS_CONNECTED)
        {
          g_autoptr(GError) write_error = NULL;
          g_autoptr(SbAccount) stored = sb_store_get_account (demo->store,
                                                              sb_account_get_id (account),
                                                              &write_error);

          if (stored != NULL)
            sb_account_set_status (stored, SB_ACCOUNT_STATUS_NEEDS_CREDENTIALS);
          if (stored == NULL || !sb_store_update_account (demo->store, stored, &write_error))
            g_warning ("Could not record that a demo account needs credentials: %s",
                       write_error->message);
          else
            sb_account_set_status (account, SB_ACCOUNT_STATUS_NEEDS_CREDENTIALS);
        }
    }
  else if (self != NULL)
    {
      sb_workspace_set_keyring_problem (self, NULL);
    }

  demo_account_finished (demo);
}

/* Keeps the imitations' known-good credentials of every new demo account in the keyring.
 * @task: returns when all are kept (or known not to be); may be NULL. */
static void
store_demo_credentials (SbWorkspace *self,
                        GArray      *account_ids,
                        GTask       *task)
{
  SbImitations *imitations = sb_workspace_get_imitations (self);
  DemoCredentials *demo = g_new0 (DemoCredentials, 1);

  g_weak_ref_init (&demo->workspace, self);
  demo->store = g_object_ref (self->store);
  demo->task = task != NULL ? g_object_ref (task) : NULL;
  /* One for this function, so that it cannot finish before every account has started. */
  demo->n_pending = 1;

  for (guint i = 0; imitations != NULL && i < account_ids->len; i++)
    {
      gint64 id = g_array_index (account_ids, gint64, i);
      g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
      g_autoptr(SbAccount) account = sb_workspace_find_account (self, id_text, NULL);
      g_autoptr(GHashTable) fields = NULL;
      SbConnector *connector;
      DemoAccount *item;

      if (account == NULL)
        continue;
      connector = sb_connector_catalog_lookup (self->catalog,
                                               sb_account_get_connector_id (account));
      if (connector == NULL)
        continue;

      fields = new_demo_fields (imitations, connector);
      item = g_new0 (DemoAccount, 1);
      item->demo = demo;
      item->account = g_steal_pointer (&account);
      demo->n_pending++;
      sb_secret_store_store_all_async (self->secrets, id, fields, TRUE, NULL,
                                       demo_credentials_stored_cb, item);
    }

  demo_account_finished (demo);
}

/* }}} */

/* @task: NULL when nobody waits for the keyring. */
static gboolean
create_demo (SbWorkspace  *self,
             GTask        *task,
             GError      **error)
{
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(GArray) account_ids = NULL;

  if (!sb_workspace_has_profile (self) &&
      !sb_workspace_create_profile (self, sb_demo_get_profile_name (),
                                    sb_demo_get_profile_email (), error))
    return FALSE;

  document = sb_demo_build_document ();
  if (!sb_workspace_import_document (self, document, TRUE, TRUE, &account_ids, error))
    return FALSE;

  store_demo_credentials (self, account_ids, task);
  return TRUE;
}

gboolean
sb_workspace_create_demo (SbWorkspace  *self,
                          GError      **error)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (self), FALSE);

  /* Nobody waits for the keyring: the accounts follow when it has answered. */
  return create_demo (self, NULL, error);
}

void
sb_workspace_create_demo_async (SbWorkspace         *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SB_IS_WORKSPACE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sb_workspace_create_demo_async);
  /* Once written, the demo's credentials are kept whatever the caller does. */
  g_task_set_check_cancellable (task, FALSE);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (!create_demo (self, task, &error))
    g_task_return_error (task, g_steal_pointer (&error));
}

gboolean
sb_workspace_create_demo_finish (SbWorkspace   *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        sb_workspace_create_demo_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
