/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sb-workspace-register.h"
#include "sb-workspace-private.h"
#include "model/sb-search.h"

struct _SbActivatedIntegration
{
  GObject         parent_instance;

  /* owned */
  SbIntegration  *integration;
  SbOrganization *organization;
  char           *system;
  GStrv           system_ids;
  const char     *kind;
  char           *activated_by;
  GDateTime      *deactivated_at;
  char           *purpose;
  gboolean        purpose_stated;
  char           *providers;
  GStrv           personal_data;
  GStrv           accounts;
  char           *search_key;
};

G_DEFINE_FINAL_TYPE (SbActivatedIntegration, sb_activated_integration, G_TYPE_OBJECT)

static void
sb_activated_integration_finalize (GObject *object)
{
  SbActivatedIntegration *self = SB_ACTIVATED_INTEGRATION (object);

  g_clear_object (&self->integration);
  g_clear_object (&self->organization);
  g_free (self->system);
  g_strfreev (self->system_ids);
  g_free (self->activated_by);
  g_clear_pointer (&self->deactivated_at, g_date_time_unref);
  g_free (self->purpose);
  g_free (self->providers);
  g_strfreev (self->personal_data);
  g_strfreev (self->accounts);
  g_free (self->search_key);

  G_OBJECT_CLASS (sb_activated_integration_parent_class)->finalize (object);
}

static void
sb_activated_integration_class_init (SbActivatedIntegrationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sb_activated_integration_finalize;
}

static void
sb_activated_integration_init (SbActivatedIntegration *self)
{
}

#define GETTER(type, name, expression) \
  type \
  sb_activated_integration_get_##name (SbActivatedIntegration *self) \
  { \
    g_return_val_if_fail (SB_IS_ACTIVATED_INTEGRATION (self), 0); \
    return expression; \
  }

GETTER (SbIntegration *, integration, self->integration)
GETTER (SbOrganization *, organization, self->organization)
GETTER (const char *, system, self->system)
GETTER (const char * const *, system_ids, (const char * const *) self->system_ids)
GETTER (const char *, kind, self->kind)
GETTER (const char *, sport, sb_organization_get_sport (self->organization))
GETTER (const char *, activated_by, self->activated_by)
GETTER (GDateTime *, activated_at, sb_integration_get_activated_at (self->integration))
GETTER (GDateTime *, deactivated_at, self->deactivated_at)
GETTER (SbRun *, last_run, sb_integration_get_last_run (self->integration))
GETTER (const char *, purpose, self->purpose)
GETTER (gboolean, purpose_stated, self->purpose_stated)
GETTER (const char *, providers, self->providers)
GETTER (const char * const *, personal_data, (const char * const *) self->personal_data)
GETTER (const char * const *, accounts, (const char * const *) self->accounts)

#undef GETTER

const char *
sb_activated_integration_get_kind_label (SbActivatedIntegration *self)
{
  g_return_val_if_fail (SB_IS_ACTIVATED_INTEGRATION (self), NULL);

  if (g_str_equal (self->kind, "import"))
    /* Translators: the type of an integration: it reads data from a service */
    return C_("integration type", "Import");
  if (g_str_equal (self->kind, "export"))
    /* Translators: the type of an integration: it writes data to a service */
    return C_("integration type", "Export");
  /* Translators: the type of an integration: data goes both ways */
  return C_("integration type", "Two-way");
}

static void
add_unique (GPtrArray  *array,
            const char *text)
{
  if (text == NULL || text[0] == '\0')
    return;
  for (guint i = 0; i < array->len; i++)
    if (g_str_equal (g_ptr_array_index (array, i), text))
      return;
  g_ptr_array_add (array, g_strdup (text));
}

static GStrv
steal_strv (GPtrArray *array)
{
  g_ptr_array_add (array, NULL);
  return (GStrv) g_ptr_array_free (array, FALSE);
}

static char *
join (GPtrArray  *array,
      const char *separator)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < array->len; i++)
    {
      if (i > 0)
        g_string_append (text, separator);
      g_string_append (text, g_ptr_array_index (array, i));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The sentence for a purpose nobody stated: how to reach the first provider that gives a
 * way to. */
static char *
dup_unstated_purpose (GPtrArray *connectors)
{
  for (guint i = 0; i < connectors->len; i++)
    {
      SbConnector *connector = g_ptr_array_index (connectors, i);
      const char *provider = sb_connector_get_provider_name (connector);
      const char *contact = sb_connector_get_support_email (connector);

      if (contact == NULL)
        contact = sb_connector_get_support_url (connector);
      if (contact == NULL)
        continue;
      if (provider == NULL)
        provider = sb_connector_get_name (connector);
      /* Translators: the purpose of processing of an integration; the first %s is the
       * provider of a service (a company), the second its support e-mail or web address */
      return g_strdup_printf (_("Not stated by the provider: ask %s (%s)"), provider, contact);
    }

  return g_strdup (_("Not stated by the provider, who gives no contact: ask the organization "
                     "that set the integration up"));
}

static SbActivatedIntegration *
make_row (SbWorkspace    *self,
          SbOrganization *organization,
          SbIntegration  *integration,
          GDateTime      *deactivated_at)
{
  SbActivatedIntegration *row = g_object_new (SB_TYPE_ACTIVATED_INTEGRATION, NULL);
  SbConnectorCatalog *catalog = sb_workspace_get_catalog (self);
  g_autoptr(GPtrArray) accounts = sb_workspace_dup_integration_accounts (self, integration);
  g_autoptr(GPtrArray) connectors = g_ptr_array_new ();
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) providers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) purposes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) personal = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) account_names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *key = NULL;
  const char *own_purpose = sb_integration_get_purpose (integration);
  gboolean two_way = FALSE;
  gboolean import = FALSE;

  row->integration = g_object_ref (integration);
  row->organization = g_object_ref (organization);
  for (guint i = 0; i < accounts->len; i++)
    {
      SbAccount *account = g_ptr_array_index (accounts, i);
      const char *id = sb_account_get_connector_id (account);
      SbConnector *connector = sb_connector_catalog_lookup (catalog, id);
      const char * const *data;
      const char *direction;

      add_unique (account_names, sb_account_get_name (account));
      if (connector == NULL)
        {
          add_unique (ids, id);
          add_unique (names, id);
          continue;
        }
      if (g_ptr_array_find (connectors, connector, NULL))
        continue;

      g_ptr_array_add (connectors, connector);
      add_unique (ids, id);
      add_unique (names, sb_connector_get_name (connector));
      add_unique (providers, sb_connector_get_provider_name (connector) != NULL
                               ? sb_connector_get_provider_name (connector)
                               : sb_connector_get_name (connector));
      add_unique (purposes, sb_connector_get_default_purpose (connector));
      data = sb_connector_get_personal_data (connector);
      for (guint j = 0; data != NULL && data[j] != NULL; j++)
        add_unique (personal, data[j]);

      direction = sb_connector_get_direction (connector);
      if (g_str_equal (direction, "two-way"))
        two_way = TRUE;
      else if (g_str_equal (direction, "import"))
        import = TRUE;
    }

  /* A service that is read from makes it an import (into the systems it writes to, which
   * only receive); one that goes both ways makes it two-way; only services that receive,
   * an export. */
  row->kind = two_way || connectors->len == 0 ? "two-way" : import ? "import" : "export";

  row->system = join (names, ", ");
  row->providers = join (providers, ", ");
  if (own_purpose != NULL && !sb_workspace_is_blank (own_purpose))
    {
      row->purpose = g_strstrip (g_strdup (own_purpose));
      row->purpose_stated = TRUE;
    }
  else if (purposes->len > 0)
    {
      row->purpose = join (purposes, "; ");
      row->purpose_stated = TRUE;
    }
  else
    row->purpose = dup_unstated_purpose (connectors);

  row->system_ids = steal_strv (g_steal_pointer (&ids));
  row->personal_data = steal_strv (g_steal_pointer (&personal));
  row->accounts = steal_strv (g_steal_pointer (&account_names));
  if (sb_integration_get_activated_by (integration) != 0)
    row->activated_by =
      sb_workspace_dup_member_name (self, sb_integration_get_activated_by (integration));
  if (deactivated_at != NULL)
    row->deactivated_at = g_date_time_ref (deactivated_at);

  key = g_strconcat (sb_integration_get_name (integration), " ",
                     sb_integration_get_description (integration) != NULL
                       ? sb_integration_get_description (integration) : "",
                     " ", row->system, NULL);
  row->search_key = sb_search_fold (key);

  return row;
}

static gboolean
is_empty (const char *text)
{
  return text == NULL || text[0] == '\0';
}

static gboolean
matches (SbActivatedIntegration  *row,
         const SbActivatedFilter *filter,
         const char              *folded_search)
{
  if (filter == NULL)
    return TRUE;

  if (!is_empty (filter->kind) && !g_str_equal (filter->kind, row->kind))
    return FALSE;

  if (!is_empty (filter->sport))
    {
      const char *sport = sb_organization_get_sport (row->organization);

      if (sport == NULL || g_utf8_collate (sport, filter->sport) != 0)
        {
          g_autofree char *a = sport != NULL ? g_utf8_casefold (sport, -1) : NULL;
          g_autofree char *b = g_utf8_casefold (filter->sport, -1);

          if (g_strcmp0 (a, b) != 0)
            return FALSE;
        }
    }

  if (!is_empty (filter->system))
    {
      g_autofree char *wanted = g_utf8_casefold (filter->system, -1);
      g_auto(GStrv) names = g_strsplit (row->system, ", ", -1);
      gboolean found = FALSE;

      for (guint i = 0; !found && row->system_ids[i] != NULL; i++)
        {
          g_autofree char *id = g_utf8_casefold (row->system_ids[i], -1);

          found = g_str_equal (id, wanted);
        }
      for (guint i = 0; !found && names[i] != NULL; i++)
        {
          g_autofree char *name = g_utf8_casefold (names[i], -1);

          found = g_str_equal (name, wanted);
        }
      if (!found)
        return FALSE;
    }

  return sb_search_match (row->search_key, folded_search);
}

static gboolean
is_registered (SbIntegration *integration)
{
  SbIntegrationStatus status = sb_integration_get_status (integration);

  return sb_integration_get_activated_at (integration) != NULL &&
         (status == SB_INTEGRATION_STATUS_LIVE || status == SB_INTEGRATION_STATUS_PAUSED);
}

/* Deactivated means Paused as well: activating clears the mark, and one that became a Draft
 * since (its account deleted) is neither activated nor deactivated. */
static GDateTime *
lookup_deactivated (GHashTable    *deactivated,
                    SbIntegration *integration)
{
  gint64 id = sb_integration_get_id (integration);

  if (sb_integration_get_status (integration) != SB_INTEGRATION_STATUS_PAUSED)
    return NULL;
  return g_hash_table_lookup (deactivated, &id);
}

static gboolean
list_organization (SbWorkspace             *self,
                   SbOrganization          *organization,
                   gboolean                 deactivated,
                   const SbActivatedFilter *filter,
                   const char              *folded_search,
                   GPtrArray               *rows,
                   GError                 **error)
{
  g_autoptr(GHashTable) table = NULL;
  GListModel *integrations;
  guint n;

  table = sb_store_list_deactivated_integrations (sb_workspace_get_store (self),
                                                  sb_organization_get_id (organization),
                                                  error);
  if (table == NULL)
    return FALSE;

  integrations = sb_workspace_get_integrations (self, organization);
  n = g_list_model_get_n_items (integrations);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SbIntegration) integration = g_list_model_get_item (integrations, i);
      g_autoptr(SbActivatedIntegration) row = NULL;
      GDateTime *at = lookup_deactivated (table, integration);

      if (deactivated ? at == NULL : (at != NULL || !is_registered (integration)))
        continue;

      row = make_row (self, organization, integration, at);
      if (matches (row, filter, folded_search))
        g_ptr_array_add (rows, g_steal_pointer (&row));
    }

  return TRUE;
}

GPtrArray *
sb_workspace_list_activated (SbWorkspace              *self,
                             SbOrganization           *organization,
                             gboolean                  deactivated,
                             const SbActivatedFilter  *filter,
                             GError                  **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *folded_search = NULL;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (organization == NULL || SB_IS_ORGANIZATION (organization), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (filter != NULL && !is_empty (filter->search))
    folded_search = sb_search_fold (filter->search);

  if (organization != NULL)
    {
      if (!sb_workspace_check (self, organization, SB_CAPABILITY_VIEW_INTEGRATIONS, error) ||
          !list_organization (self, organization, deactivated, filter, folded_search, rows,
                              error))
        return NULL;
    }
  else
    {
      GListModel *organizations = sb_workspace_get_organizations (self);
      guint n = g_list_model_get_n_items (organizations);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(SbOrganization) org = g_list_model_get_item (organizations, i);

          if (sb_workspace_can (self, org, SB_CAPABILITY_VIEW_INTEGRATIONS) &&
              !list_organization (self, org, deactivated, filter, folded_search, rows, error))
            return NULL;
        }
    }

  return g_steal_pointer (&rows);
}

gboolean
sb_workspace_is_deactivated (SbWorkspace   *self,
                             SbIntegration *integration)
{
  g_autoptr(GHashTable) table = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (SB_IS_INTEGRATION (integration), FALSE);

  table = sb_store_list_deactivated_integrations (sb_workspace_get_store (self),
                                                  sb_integration_get_organization_id (integration),
                                                  &error);
  if (table == NULL)
    {
      g_warning ("Could not read the deactivated integrations: %s", error->message);
      return FALSE;
    }

  return lookup_deactivated (table, integration) != NULL;
}

/* The acting member in the organization of each integration, checked before anything is
 * written; a new GPtrArray of SbMember, in the order of @integrations. When reactivating,
 * @statuses gets the status each goes back to. */
static GPtrArray *
check_all (SbWorkspace    *self,
           SbIntegration **integrations,
           guint           n_integrations,
           gboolean        deactivating,
           GArray         *statuses,
           GError        **error)
{
  g_autoptr(GPtrArray) actors = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) table = NULL;

  if (n_integrations == 0)
    {
      g_set_error_literal (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID,
                           _("No integration was chosen."));
      return NULL;
    }

  table = sb_store_list_deactivated_integrations (sb_workspace_get_store (self), 0, error);
  if (table == NULL)
    return NULL;

  for (guint i = 0; i < n_integrations; i++)
    {
      SbIntegration *integration = integrations[i];
      g_autoptr(SbOrganization) org = NULL;
      SbMember *actor;
      gboolean deactivated;

      org = sb_workspace_dup_organization_of (self,
                                              sb_integration_get_organization_id (integration),
                                              error);
      if (org == NULL)
        return NULL;
      actor = sb_workspace_check_and_dup_actor (self, org, SB_CAPABILITY_EDIT_INTEGRATIONS,
                                                error);
      if (actor == NULL)
        return NULL;
      g_ptr_array_add (actors, actor);

      deactivated = lookup_deactivated (table, integration) != NULL;
      if (deactivating && (deactivated || !is_registered (integration)))
        {
          g_set_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID,
                       /* Translators: %s is the name of an integration */
                       _("“%s” is not an activated integration, so it cannot be deactivated."),
                       sb_integration_get_name (integration));
          return NULL;
        }
      if (!deactivating && !deactivated)
        {
          g_set_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID,
                       /* Translators: %s is the name of an integration */
                       _("“%s” is not deactivated, so it cannot be reactivated."),
                       sb_integration_get_name (integration));
          return NULL;
        }
      if (!deactivating)
        {
          g_autofree char *nick = NULL;
          int status = SB_INTEGRATION_STATUS_LIVE;

          nick = sb_store_dup_deactivated_status (sb_workspace_get_store (self),
                                                  sb_integration_get_id (integration), error);
          if (nick == NULL && error != NULL && *error != NULL)
            return NULL;
          /* What was Paused stays Paused; what was Live must be ready to run again. */
          if (nick == NULL ||
              !sb_enum_from_nick (SB_TYPE_INTEGRATION_STATUS, nick, &status) ||
              status != SB_INTEGRATION_STATUS_PAUSED)
            status = SB_INTEGRATION_STATUS_LIVE;
          if (status == SB_INTEGRATION_STATUS_LIVE &&
              !sb_workspace_check_ready_to_go_live (self, integration, error))
            return NULL;
          g_array_append_val (statuses, status);
        }
    }

  return g_steal_pointer (&actors);
}

static gboolean
set_deactivated (SbWorkspace    *self,
                 SbIntegration **integrations,
                 guint           n_integrations,
                 gboolean        deactivate,
                 GError        **error)
{
  SbStore *store = sb_workspace_get_store (self);
  g_autoptr(GPtrArray) actors = NULL;
  g_autoptr(GPtrArray) copies = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GArray) statuses = g_array_new (FALSE, FALSE, sizeof (int));

  actors = check_all (self, integrations, n_integrations, deactivate, statuses, error);
  if (actors == NULL || !sb_store_begin (store, error))
    return FALSE;

  for (guint i = 0; i < n_integrations; i++)
    {
      SbIntegration *integration = integrations[i];
      SbMember *actor = g_ptr_array_index (actors, i);
      SbIntegration *copy = sb_workspace_copy_integration (integration);
      const char *status = sb_enum_to_nick (SB_TYPE_INTEGRATION_STATUS,
                                            sb_integration_get_status (integration));

      g_ptr_array_add (copies, copy);
      if (deactivate)
        {
          /* Paused, so that the engine, which runs only Live ones, leaves it alone. */
          sb_integration_set_status (copy, SB_INTEGRATION_STATUS_PAUSED);
        }
      else if (g_array_index (statuses, int, i) == SB_INTEGRATION_STATUS_PAUSED)
        {
          sb_integration_set_status (copy, SB_INTEGRATION_STATUS_PAUSED);
        }
      else
        {
          /* Live again on the word of whoever reactivates it. */
          sb_integration_set_status (copy, SB_INTEGRATION_STATUS_LIVE);
          sb_integration_set_activated_by (copy, sb_member_get_id (actor));
          sb_integration_set_activated_at (copy, now);
        }

      if (!sb_store_update_integration (store, copy, error) ||
          !sb_store_set_integration_deactivated (store, sb_integration_get_id (integration),
                                                 deactivate ? now : NULL,
                                                 sb_member_get_id (actor), status,
                                                 error) ||
          !sb_store_insert_audit (store, sb_integration_get_organization_id (integration),
                                  sb_member_get_id (actor),
                                  deactivate ? "integration.deactivate"
                                             : "integration.reactivate",
                                  "integration", sb_integration_get_id (integration),
                                  sb_integration_get_name (integration), error))
        {
          sb_store_rollback (store);
          return FALSE;
        }
    }

  if (!sb_store_commit (store, error))
    {
      sb_store_rollback (store);
      return FALSE;
    }

  for (guint i = 0; i < n_integrations; i++)
    sb_workspace_apply_integration (self, integrations[i], g_ptr_array_index (copies, i));

  return TRUE;
}

gboolean
sb_workspace_deactivate_integrations (SbWorkspace     *self,
                                      SbIntegration  **integrations,
                                      guint            n_integrations,
                                      GError         **error)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (integrations != NULL || n_integrations == 0, FALSE);

  return set_deactivated (self, integrations, n_integrations, TRUE, error);
}

gboolean
sb_workspace_reactivate_integrations (SbWorkspace     *self,
                                      SbIntegration  **integrations,
                                      guint            n_integrations,
                                      GError         **error)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (integrations != NULL || n_integrations == 0, FALSE);

  return set_deactivated (self, integrations, n_integrations, FALSE, error);
}

/* The register {{{ */

static char *
dup_local_time (GDateTime *datetime)
{
  g_autoptr(GDateTime) local = NULL;

  if (datetime == NULL)
    return g_strdup ("");
  local = g_date_time_to_local (datetime);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static char **
dup_register_fields (SbActivatedIntegration *row)
{
  g_autofree char *personal = g_strjoinv (", ", row->personal_data);
  g_autofree char *accounts = g_strjoinv (", ", row->accounts);
  GStrv fields = g_new0 (char *, 10);

  fields[0] = g_strdup (sb_integration_get_name (row->integration));
  fields[1] = g_strdup (row->system);
  fields[2] = g_strdup (sb_activated_integration_get_kind_label (row));
  fields[3] = g_strdup (row->purpose);
  fields[4] = g_steal_pointer (&personal);
  fields[5] = g_strdup (row->providers);
  fields[6] = g_strdup (row->activated_by != NULL ? row->activated_by : "");
  fields[7] = dup_local_time (sb_integration_get_activated_at (row->integration));
  fields[8] = g_steal_pointer (&accounts);
  return fields;
}

static const char *
get_header (guint column)
{
  switch (column)
    {
    case 0: return C_("register column", "Integration");
    case 1: return C_("register column", "System");
    case 2: return C_("register column", "Type");
    case 3: return C_("register column", "Purpose of processing");
    case 4: return C_("register column", "Categories of personal data");
    /* Translators: the provider of a service, in its role under the GDPR */
    case 5: return C_("register column", "Processor");
    case 6: return C_("register column", "Activated by");
    case 7: return C_("register column", "Activated at");
    case 8: return C_("register column", "Accounts");
    default: g_assert_not_reached ();
    }
}

#define N_REGISTER_COLUMNS 9

static void
append_csv_field (GString    *csv,
                  const char *field)
{
  if (strpbrk (field, ",\"\r\n") == NULL)
    {
      g_string_append (csv, field);
      return;
    }

  g_string_append_c (csv, '"');
  for (const char *p = field; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *p);
    }
  g_string_append_c (csv, '"');
}

char *
sb_workspace_dup_register_csv (SbWorkspace     *self,
                               SbOrganization  *organization,
                               GError         **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GString) csv = g_string_new (NULL);

  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (SB_IS_ORGANIZATION (organization), NULL);

  rows = sb_workspace_list_activated (self, organization, FALSE, NULL, error);
  if (rows == NULL)
    return NULL;

  for (guint c = 0; c < N_REGISTER_COLUMNS; c++)
    {
      if (c > 0)
        g_string_append_c (csv, ',');
      append_csv_field (csv, get_header (c));
    }
  g_string_append (csv, "\r\n");

  for (guint i = 0; i < rows->len; i++)
    {
      g_auto(GStrv) fields = dup_register_fields (g_ptr_array_index (rows, i));

      for (guint c = 0; c < N_REGISTER_COLUMNS; c++)
        {
          if (c > 0)
            g_string_append_c (csv, ',');
          append_csv_field (csv, fields[c]);
        }
      g_string_append (csv, "\r\n");
    }

  return g_string_free (g_steal_pointer (&csv), FALSE);
}

static void
append_escaped (GString    *html,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_string_append (html, escaped);
}

char *
sb_workspace_dup_register_html (SbWorkspace     *self,
                                SbOrganization  *organization,
                                GError         **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GString) html = g_string_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *title = NULL;
  g_autofree char *made = NULL;
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d %H:%M");

  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (SB_IS_ORGANIZATION (organization), NULL);

  rows = sb_workspace_list_activated (self, organization, FALSE, NULL, error);
  if (rows == NULL)
    return NULL;

  /* Translators: the title of a printable page; %s is the name of an organization */
  title = g_strdup_printf (_("Register of processing: %s"),
                           sb_organization_get_name (organization));
  /* Translators: under the title of the register of processing; %s is a date and time */
  made = g_strdup_printf (_("Made by Samband on %s."), today);

  g_string_append (html, "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>");
  append_escaped (html, title);
  g_string_append (html,
                   "</title>\n<style>\n"
                   "body { font-family: sans-serif; font-size: 10pt; }\n"
                   "table { border-collapse: collapse; width: 100%; }\n"
                   "th, td { border: 1px solid #999; padding: 4px; vertical-align: top; "
                   "text-align: left; }\n"
                   "@page { size: A4 landscape; margin: 15mm; }\n"
                   "</style>\n</head>\n<body>\n<h1>");
  append_escaped (html, title);
  g_string_append (html, "</h1>\n<p>");
  append_escaped (html, made);
  g_string_append (html, "</p>\n");

  if (rows->len == 0)
    {
      g_string_append (html, "<p>");
      append_escaped (html, _("The organization has no activated integrations."));
      g_string_append (html, "</p>\n");
    }
  else
    {
      g_string_append (html, "<table>\n<tr>");
      for (guint c = 0; c < N_REGISTER_COLUMNS; c++)
        {
          g_string_append (html, "<th>");
          append_escaped (html, get_header (c));
          g_string_append (html, "</th>");
        }
      g_string_append (html, "</tr>\n");
      for (guint i = 0; i < rows->len; i++)
        {
          g_auto(GStrv) fields = dup_register_fields (g_ptr_array_index (rows, i));

          g_string_append (html, "<tr>");
          for (guint c = 0; c < N_REGISTER_COLUMNS; c++)
            {
              g_string_append (html, "<td>");
              append_escaped (html, fields[c]);
              g_string_append (html, "</td>");
            }
          g_string_append (html, "</tr>\n");
        }
      g_string_append (html, "</table>\n");
    }
  g_string_append (html, "</body>\n</html>\n");

  return g_string_free (g_steal_pointer (&html), FALSE);
}

/* }}} */
