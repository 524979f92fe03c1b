/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "sb-workspace.h"
#include "sb-workspace-private.h"
#include "sb-workspace-members.h"

G_DEFINE_FINAL_TYPE (SbWorkspace, sb_workspace, G_TYPE_OBJECT)

G_DEFINE_QUARK (sb-workspace-error-quark, sb_workspace_error)

enum {
  PROP_0,
  PROP_KEYRING_PROBLEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sb_workspace_dispose (GObject *object)
{
  SbWorkspace *self = (SbWorkspace *)object;

  if (self->imitations != NULL)
    sb_imitations_stop (self->imitations);
  g_clear_object (&self->imitations);
  g_clear_object (&self->engine);
  g_clear_object (&self->secrets);
  g_clear_object (&self->catalog);
  g_clear_object (&self->store);
  g_clear_object (&self->organizations);
  g_clear_pointer (&self->integrations, g_hash_table_unref);
  g_clear_pointer (&self->accounts, g_hash_table_unref);
  g_clear_pointer (&self->members, g_hash_table_unref);
  g_clear_pointer (&self->runs, g_hash_table_unref);
  g_clear_pointer (&self->versions, g_hash_table_unref);
  g_clear_pointer (&self->run_events, g_hash_table_unref);
  g_clear_pointer (&self->logs, g_hash_table_unref);
  g_clear_pointer (&self->account_errors, g_hash_table_unref);
  g_clear_pointer (&self->trash, g_hash_table_unref);

  G_OBJECT_CLASS (sb_workspace_parent_class)->dispose (object);
}

static void
sb_workspace_finalize (GObject *object)
{
  SbWorkspace *self = (SbWorkspace *)object;

  g_free (self->data_dir);
  g_free (self->profile_name);
  g_free (self->profile_email);
  g_free (self->acting_email);
  g_free (self->keyring_problem);

  G_OBJECT_CLASS (sb_workspace_parent_class)->finalize (object);
}

static void
sb_workspace_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SbWorkspace *self = SB_WORKSPACE (object);

  switch (prop_id)
    {
    case PROP_KEYRING_PROBLEM:
      g_value_set_string (value, self->keyring_problem);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_workspace_class_init (SbWorkspaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sb_workspace_dispose;
  object_class->finalize = sb_workspace_finalize;
  object_class->get_property = sb_workspace_get_property;
  sb_workspace_class_init_runs (object_class);

  /**
   * SbWorkspace:keyring-problem:
   *
   * Why the keyring could not keep or give credentials the last time it was asked
   * (translated, for a banner), or %NULL while it answers.
   */
  properties[PROP_KEYRING_PROBLEM] =
    g_param_spec_string ("keyring-problem", NULL, NULL, NULL,
      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static GHashTable *
new_model_table (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
}

static void
sb_workspace_init (SbWorkspace *self)
{
  self->organizations = g_list_store_new (SB_TYPE_ORGANIZATION);
  self->integrations = new_model_table ();
  self->accounts = new_model_table ();
  self->members = new_model_table ();
  self->runs = new_model_table ();
  self->versions = new_model_table ();
  self->run_events = new_model_table ();
  self->logs = new_model_table ();
  self->account_errors = new_model_table ();
  self->trash = new_model_table ();

  /* Two-sided activation: the first run that succeeds proves the provider's side is on. */
  g_signal_connect (self, "run-finished", G_CALLBACK (sb_workspace_catalog_run_finished), NULL);
}

/* Sorting */

/* A collation key costs far more than a comparison: sorting 100,000 integrations asks for
 * about two million of them. Each object keeps the key of its current name, and makes a
 * new one only when the name changed. */
typedef struct
{
  char *name;
  char *key;
} CollateKey;

static void
collate_key_free (gpointer data)
{
  CollateKey *cached = data;

  g_free (cached->name);
  g_free (cached->key);
  g_free (cached);
}

static const char *
get_collate_key (gpointer    object,
                 const char *name)
{
  static GQuark quark;
  CollateKey *cached;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("sb-workspace-collate-key");

  if (name == NULL)
    name = "";

  cached = g_object_get_qdata (object, quark);
  if (cached != NULL && g_str_equal (cached->name, name))
    return cached->key;

  cached = g_new0 (CollateKey, 1);
  cached->name = g_strdup (name);
  cached->key = g_utf8_collate_key (name, -1);
  g_object_set_qdata_full (object, quark, cached, collate_key_free);

  return cached->key;
}

static int
compare_names (gconstpointer  a,
               const char    *name_a,
               gconstpointer  b,
               const char    *name_b)
{
  return strcmp (get_collate_key ((gpointer) a, name_a), get_collate_key ((gpointer) b, name_b));
}

static int
compare_organizations (gconstpointer a,
                       gconstpointer b,
                       gpointer      user_data)
{
  return compare_names (a, sb_organization_get_name ((SbOrganization *)a),
                        b, sb_organization_get_name ((SbOrganization *)b));
}

static int
compare_integrations (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  return compare_names (a, sb_integration_get_name ((SbIntegration *)a),
                        b, sb_integration_get_name ((SbIntegration *)b));
}

static int
compare_accounts (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  return compare_names (a, sb_account_get_name ((SbAccount *)a),
                        b, sb_account_get_name ((SbAccount *)b));
}

static int
compare_members (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  return compare_names (a, sb_member_get_display_name ((SbMember *)a),
                        b, sb_member_get_display_name ((SbMember *)b));
}

/* Returns the position of @item in @store, by identity. */
static gboolean
find_item (GListStore *store,
           gpointer    item,
           guint      *position)
{
  return g_list_store_find (store, item, position);
}

/* Keeps a sorted list in order after @item changed its sort key: one removal and one
 * insertion, only when the position changes. */
static void
resort_item (GListStore       *store,
             gpointer          item,
             GCompareDataFunc  compare)
{
  guint position;
  guint n;
  g_autoptr(GObject) prev = NULL;
  g_autoptr(GObject) next = NULL;

  if (!find_item (store, item, &position))
    return;

  n = g_list_model_get_n_items (G_LIST_MODEL (store));
  if (position > 0)
    prev = g_list_model_get_item (G_LIST_MODEL (store), position - 1);
  if (position + 1 < n)
    next = g_list_model_get_item (G_LIST_MODEL (store), position + 1);

  if ((prev == NULL || compare (prev, item, NULL) <= 0) &&
      (next == NULL || compare (item, next, NULL) <= 0))
    return;

  g_object_ref (item);
  g_list_store_remove (store, position);
  g_list_store_insert_sorted (store, item, compare, NULL);
  g_object_unref (item);
}

/* GLib 2.76 has g_set_str; Debian 12 has 2.74. */
static void
replace_string (char       **field,
                const char  *value)
{
  char *copy = g_strdup (value);

  g_free (*field);
  *field = copy;
}

static gint64 *
dup_id (gint64 id)
{
  return g_memdup2 (&id, sizeof id);
}

static void
report_load_error (const char *what,
                   GError     *error)
{
  g_warning ("Could not load %s: %s", what, error->message);
}

/* Opening */

char *
sb_workspace_dup_default_data_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "samband", NULL);
}

static gboolean
load_profile (SbWorkspace  *self,
              GError      **error)
{
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!sb_store_get_profile (self->store, &name, &email, &local_error))
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      return TRUE;
    }

  replace_string (&self->profile_name, name);
  replace_string (&self->profile_email, email);
  return TRUE;
}

/* What an earlier session left in the trash was deleted by someone who had confirmed it; its
 * Undo is long gone. An integration moved there in the last minute may still be offered for
 * Undo by a window that is open right now (samband-cli next to it), so it stays: the window
 * purges it itself. */
#define TRASH_GRACE_SECONDS 60

static void
purge_earlier_trash (SbWorkspace *self)
{
  g_autoptr(GPtrArray) trashed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) before = g_date_time_add_seconds (now, -TRASH_GRACE_SECONDS);
  guint n_purged = 0;

  trashed = sb_store_list_trashed_integrations (self->store, before, &error);
  if (trashed == NULL)
    {
      g_warning ("Could not read the trash: %s", error->message);
      return;
    }
  if (trashed->len == 0)
    return;

  if (!sb_store_begin (self->store, &error))
    {
      g_warning ("Could not empty the trash: %s", error->message);
      return;
    }

  for (guint i = 0; i < trashed->len; i++)
    {
      SbIntegration *integration = g_ptr_array_index (trashed, i);

      /* No member acts: the one who deleted it confirmed it in an earlier session. */
      if (!sb_store_delete_integration (self->store, sb_integration_get_id (integration),
                                        &error) ||
          !sb_store_insert_audit (self->store, sb_integration_get_organization_id (integration),
                                  0, "integration.purge", "integration",
                                  sb_integration_get_id (integration),
                                  sb_integration_get_name (integration), &error))
        break;
      n_purged++;
    }

  if (error != NULL || !sb_store_commit (self->store, &error))
    {
      sb_store_rollback (self->store);
      g_warning ("Could not empty the trash: %s", error->message);
      return;
    }

  if (n_purged > 0)
    g_message ("Deleted %u integrations an earlier session left in the trash", n_purged);
}

SbWorkspace *
sb_workspace_open (const char  *data_dir,
                   GError     **error)
{
  g_autoptr(SbWorkspace) self = g_object_new (SB_TYPE_WORKSPACE, NULL);
  g_autoptr(GPtrArray) organizations = NULL;
  g_autofree char *path = NULL;

  self->data_dir = data_dir != NULL ? g_strdup (data_dir) : sb_workspace_dup_default_data_dir ();

  if (g_mkdir_with_parents (self->data_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   /* Translators: %s is a folder, then the system's reason */
                   _("Could not create the folder “%s”: %s"),
                   self->data_dir, g_strerror (saved_errno));
      return NULL;
    }

  path = g_build_filename (self->data_dir, "samband.db", NULL);
  self->store = sb_store_open (path, error);
  if (self->store == NULL)
    return NULL;

  if (!load_profile (self, error))
    return NULL;

  self->catalog = sb_connector_catalog_new ();
  self->secrets = sb_secret_store_new_for_store (sb_store_get_uuid (self->store));
  /* The engine gets credentials from the keyring, through the interface it knows. */
  self->engine = sb_engine_new (self->store, SB_CREDENTIAL_SOURCE (self->secrets),
                                self->catalog);
  sb_workspace_connect_engine (self);
  g_signal_connect_object (self->engine, "credentials-changed",
                           G_CALLBACK (sb_workspace_on_engine_credentials_changed), self,
                           G_CONNECT_SWAPPED);

  purge_earlier_trash (self);
  sb_workspace_start_demo_services (self);

  organizations = sb_store_list_organizations (self->store, error);
  if (organizations == NULL)
    return NULL;
  g_list_store_splice (self->organizations, 0, 0, organizations->pdata, organizations->len);
  g_list_store_sort (self->organizations, compare_organizations, NULL);

  return g_steal_pointer (&self);
}

const char *
sb_workspace_get_data_dir (SbWorkspace *self)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  return self->data_dir;
}

SbConnectorCatalog *
sb_workspace_get_catalog (SbWorkspace *self)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  return self->catalog;
}

SbStore *
sb_workspace_get_store (SbWorkspace *self)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  return self->store;
}

/* Profile and acting person */

gboolean
sb_workspace_has_profile (SbWorkspace *self)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (self), FALSE);
  return self->profile_email != NULL;
}

const char *
sb_workspace_get_profile_name (SbWorkspace *self)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  return self->profile_name;
}

const char *
sb_workspace_get_profile_email (SbWorkspace *self)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  return self->profile_email;
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

static gboolean
check_name (const char  *name,
            GError     **error)
{
  if (is_blank (name))
    {
      g_set_error_literal (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID,
                           _("The name cannot be empty."));
      return FALSE;
    }

  if (!g_utf8_validate (name, -1, NULL))
    {
      g_set_error_literal (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID,
                           _("The name is not valid text."));
      return FALSE;
    }

  return TRUE;
}

/* Deliberately lenient: an address with one “@” and a dot in its domain. The service that
 * sends mail is the real judge; this only catches typing mistakes. */
static gboolean
check_email (const char  *email,
             GError     **error)
{
  const char *at = email != NULL ? strchr (email, '@') : NULL;

  if (at == NULL || at == email || strchr (at + 1, '@') != NULL ||
      strchr (at + 1, '.') == NULL || g_str_has_suffix (email, ".") ||
      strpbrk (email, " \t\n<>,;") != NULL || !g_utf8_validate (email, -1, NULL))
    {
      g_set_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID,
                   _("“%s” is not an e-mail address."), email != NULL ? email : "");
      return FALSE;
    }

  return TRUE;
}

gboolean
sb_workspace_set_profile_locked (SbWorkspace  *self,
                                 const char   *name,
                                 const char   *email,
                                 GError      **error)
{
  if (!sb_store_set_profile (self->store, name, email, error))
    return FALSE;

  replace_string (&self->profile_name, name);
  replace_string (&self->profile_email, email);
  return TRUE;
}

gboolean
sb_workspace_create_profile (SbWorkspace  *self,
                             const char   *name,
                             const char   *email,
                             GError      **error)
{
  g_autofree char *clean_name = NULL;
  g_autofree char *clean_email = NULL;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), FALSE);

  if (!check_name (name, error))
    return FALSE;
  clean_name = g_strstrip (g_strdup (name));
  clean_email = g_strstrip (g_strdup (email != NULL ? email : ""));
  if (!check_email (clean_email, error))
    return FALSE;

  if (!sb_store_begin (self->store, error))
    return FALSE;
  if (!sb_workspace_set_profile_locked (self, clean_name, clean_email, error) ||
      !sb_store_commit (self->store, error))
    {
      sb_store_rollback (self->store);
      /* The in-memory profile follows the store only on success. */
      load_profile (self, NULL);
      return FALSE;
    }

  return TRUE;
}

const char *
sb_workspace_get_acting_email (SbWorkspace *self)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  return self->acting_email != NULL ? self->acting_email : self->profile_email;
}

void
sb_workspace_set_acting_email (SbWorkspace *self,
                               const char  *email)
{
  g_return_if_fail (SB_IS_WORKSPACE (self));
  replace_string (&self->acting_email, email);
}

/* List models */

GListModel *
sb_workspace_get_organizations (SbWorkspace *self)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  return G_LIST_MODEL (self->organizations);
}

typedef GPtrArray *(*ListFunc) (SbStore *store, gint64 id, GError **error);

/* @prepare, when given, sees the loaded items before they go into the new model. */
typedef void (*PrepareFunc) (SbWorkspace *self, gint64 id, GPtrArray *items, gpointer data);

static GListStore *
ensure_model_full (SbWorkspace      *self,
                   GHashTable       *table,
                   gint64            id,
                   GType             type,
                   ListFunc          list,
                   GCompareDataFunc  compare,
                   PrepareFunc       prepare,
                   gpointer          prepare_data,
                   const char       *what)
{
  GListStore *store = g_hash_table_lookup (table, &id);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  if (store != NULL)
    return store;

  store = g_list_store_new (type);
  g_hash_table_insert (table, dup_id (id), store);

  items = list (self->store, id, &error);
  if (items == NULL)
    {
      /* The window shows what it can; the message goes to the journal. */
      report_load_error (what, error);
      items = g_ptr_array_new ();
    }

  if (prepare != NULL)
    prepare (self, id, items, prepare_data);

  g_list_store_splice (store, 0, 0, items->pdata, items->len);
  if (compare != NULL)
    g_list_store_sort (store, compare, NULL);
  return store;
}

static GListStore *
ensure_model (SbWorkspace      *self,
              GHashTable       *table,
              gint64            id,
              GType             type,
              ListFunc          list,
              GCompareDataFunc  compare,
              const char       *what)
{
  return ensure_model_full (self, table, id, type, list, compare, NULL, NULL, what);
}

/* Services and last runs {{{ */

static int
compare_collated (gconstpointer a,
                  gconstpointer b)
{
  return g_utf8_collate (*(const char * const *) a, *(const char * const *) b);
}

/* Sets the display names of the connectors @connector_ids (borrowed strings; NULL for none)
 * as the services of @integration: sorted, each once. */
static void
set_services (SbWorkspace   *self,
              SbIntegration *integration,
              GPtrArray     *connector_ids)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GPtrArray) unique = g_ptr_array_new ();

  for (guint i = 0; connector_ids != NULL && i < connector_ids->len; i++)
    {
      const char *id = g_ptr_array_index (connector_ids, i);
      SbConnector *connector = sb_connector_catalog_lookup (self->catalog, id);

      g_ptr_array_add (names, (gpointer) (connector != NULL ? sb_connector_get_name (connector)
                                                            : id));
    }
  g_ptr_array_sort (names, compare_collated);

  for (guint i = 0; i < names->len; i++)
    if (i == 0 || g_strcmp0 (g_ptr_array_index (names, i), g_ptr_array_index (names, i - 1)) != 0)
      g_ptr_array_add (unique, g_ptr_array_index (names, i));
  g_ptr_array_add (unique, NULL);

  sb_integration_set_services (integration, (const char * const *) unique->pdata);
}

static GListStore *ensure_accounts (SbWorkspace *self,
                                    gint64       organization_id);

/* Reads the accounts @integration uses back from the store and names their services. */
static void
refresh_services (SbWorkspace   *self,
                  SbIntegration *integration)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) connectors = g_ptr_array_new ();
  GListModel *accounts;
  guint n;

  ids = sb_store_list_integration_accounts (self->store, sb_integration_get_id (integration),
                                            &error);
  if (ids == NULL)
    {
      report_load_error ("the accounts of an integration", error);
      return;
    }

  accounts = G_LIST_MODEL (ensure_accounts (self,
                                            sb_integration_get_organization_id (integration)));
  n = g_list_model_get_n_items (accounts);
  for (guint i = 0; i < ids->len; i++)
    for (guint j = 0; j < n; j++)
      {
        g_autoptr(SbAccount) account = g_list_model_get_item (accounts, j);

        if (sb_account_get_id (account) == g_array_index (ids, gint64, i))
          g_ptr_array_add (connectors, (gpointer) sb_account_get_connector_id (account));
      }

  set_services (self, integration, connectors);
}

/* Fills services and last-run of the integrations of an organization as they are loaded:
 * one query for each, however many integrations there are. */
static void
prepare_integrations (SbWorkspace *self,
                      gint64       organization_id,
                      GPtrArray   *integrations,
                      gpointer     data)
{
  g_autoptr(GHashTable) connectors = NULL;
  g_autoptr(GHashTable) latest = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                        NULL);
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) error = NULL;

  connectors = sb_store_list_integration_connectors (self->store, organization_id, &error);
  if (connectors == NULL)
    {
      report_load_error ("the services of integrations", error);
      g_clear_error (&error);
    }

  runs = sb_store_list_latest_runs (self->store, organization_id, &error);
  if (runs == NULL)
    report_load_error ("the last runs of integrations", error);

  for (guint i = 0; runs != NULL && i < runs->len; i++)
    {
      SbRun *run = g_ptr_array_index (runs, i);

      /* Borrowed: the run array outlives the table. */
      g_hash_table_insert (latest, dup_id (sb_run_get_integration_id (run)), run);
    }

  for (guint i = 0; i < integrations->len; i++)
    {
      SbIntegration *integration = g_ptr_array_index (integrations, i);
      gint64 id = sb_integration_get_id (integration);
      GListModel *loaded = g_hash_table_lookup (self->runs, &id);

      set_services (self, integration,
                    connectors != NULL ? g_hash_table_lookup (connectors, &id) : NULL);

      /* A runs list loaded already decides: its first item is the last run. */
      if (loaded != NULL)
        {
          g_autoptr(SbRun) first = g_list_model_get_item (loaded, 0);

          sb_integration_set_last_run (integration, first);
        }
      else
        {
          sb_integration_set_last_run (integration, g_hash_table_lookup (latest, &id));
        }
    }
}

/* The runs of an integration are loaded: the first one and the integration's last run must be
 * one object, so that a change to it shows in the row and in the runs list alike. */
static void
prepare_runs (SbWorkspace *self,
              gint64       integration_id,
              GPtrArray   *runs,
              gpointer     data)
{
  SbIntegration *integration = data;
  SbRun *last;

  if (integration == NULL)
    return;

  last = sb_integration_get_last_run (integration);
  if (runs->len > 0 && last != NULL &&
      sb_run_get_id (g_ptr_array_index (runs, 0)) == sb_run_get_id (last))
    {
      /* The array owns its items (it comes from the store whenever it has any). */
      g_object_unref (runs->pdata[0]);
      runs->pdata[0] = g_object_ref (last);
      return;
    }

  sb_integration_set_last_run (integration, runs->len > 0 ? g_ptr_array_index (runs, 0) : NULL);
}

/* }}} */

static GPtrArray *
list_runs (SbStore  *store,
           gint64    integration_id,
           GError  **error)
{
  return sb_store_list_runs (store, integration_id, 0, error);
}

static GListStore *
ensure_integrations (SbWorkspace *self,
                     gint64       organization_id)
{
  return ensure_model_full (self, self->integrations, organization_id, SB_TYPE_INTEGRATION,
                            sb_store_list_integrations, compare_integrations,
                            prepare_integrations, NULL, "integrations");
}

static GListStore *
ensure_accounts (SbWorkspace *self,
                 gint64       organization_id)
{
  return ensure_model_full (self, self->accounts, organization_id, SB_TYPE_ACCOUNT,
                            sb_store_list_accounts, compare_accounts,
                            sb_workspace_prepare_accounts, NULL, "accounts");
}

static GListStore *
ensure_members (SbWorkspace *self,
                gint64       organization_id)
{
  return ensure_model (self, self->members, organization_id, SB_TYPE_MEMBER,
                       sb_store_list_members, compare_members, "members");
}

static GListStore *
ensure_runs (SbWorkspace   *self,
             SbIntegration *integration)
{
  /* The store hands them out newest first already. */
  return ensure_model_full (self, self->runs, sb_integration_get_id (integration), SB_TYPE_RUN,
                            list_runs, NULL, prepare_runs, integration, "runs");
}

GListModel *
sb_workspace_get_integrations (SbWorkspace    *self,
                               SbOrganization *organization)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (SB_IS_ORGANIZATION (organization), NULL);

  return G_LIST_MODEL (ensure_integrations (self, sb_organization_get_id (organization)));
}

GListModel *
sb_workspace_get_accounts (SbWorkspace    *self,
                           SbOrganization *organization)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (SB_IS_ORGANIZATION (organization), NULL);

  return G_LIST_MODEL (ensure_accounts (self, sb_organization_get_id (organization)));
}

GListModel *
sb_workspace_get_members (SbWorkspace    *self,
                          SbOrganization *organization)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (SB_IS_ORGANIZATION (organization), NULL);

  return G_LIST_MODEL (ensure_members (self, sb_organization_get_id (organization)));
}

GListModel *
sb_workspace_get_runs (SbWorkspace   *self,
                       SbIntegration *integration)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (SB_IS_INTEGRATION (integration), NULL);

  return G_LIST_MODEL (ensure_runs (self, integration));
}

guint
sb_workspace_count_runs (SbWorkspace   *self,
                         SbIntegration *integration)
{
  g_autoptr(GError) error = NULL;
  gint64 n;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), 0);
  g_return_val_if_fail (SB_IS_INTEGRATION (integration), 0);

  n = sb_store_count_runs (self->store, sb_integration_get_id (integration), &error);
  if (n < 0)
    {
      report_load_error ("the number of runs", error);
      return 0;
    }

  return (guint) MIN (n, G_MAXUINT);
}

static GPtrArray *
list_log (SbStore  *store,
          gint64    integration_id,
          GError  **error)
{
  return sb_store_list_integration_log (store, integration_id, 0, error);
}

GListModel *
sb_workspace_get_run_events (SbWorkspace *self,
                             SbRun       *run)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (SB_IS_RUN (run), NULL);

  return G_LIST_MODEL (ensure_model (self, self->run_events, sb_run_get_id (run),
                                     SB_TYPE_RUN_EVENT, sb_store_list_run_events, NULL,
                                     "the log of a run"));
}

GListModel *
sb_workspace_get_integration_log (SbWorkspace   *self,
                                  SbIntegration *integration)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (SB_IS_INTEGRATION (integration), NULL);

  return G_LIST_MODEL (ensure_model (self, self->logs, sb_integration_get_id (integration),
                                     SB_TYPE_RUN_EVENT, list_log, NULL,
                                     "the log of an integration"));
}

GListModel *
sb_workspace_get_versions (SbWorkspace   *self,
                           SbIntegration *integration)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (SB_IS_INTEGRATION (integration), NULL);

  return G_LIST_MODEL (ensure_model (self, self->versions, sb_integration_get_id (integration),
                                     SB_TYPE_INTEGRATION_VERSION,
                                     sb_store_list_integration_versions, NULL, "versions"));
}

/* The integration with @id among those loaded, borrowed; NULL when its organization's list
 * is not loaded (it is then read with its last run when it is). */
SbIntegration *
sb_workspace_lookup_loaded_integration (SbWorkspace *self,
                                        gint64       id)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->integrations);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GListModel *list = value;
      guint n = g_list_model_get_n_items (list);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(SbIntegration) integration = g_list_model_get_item (list, i);

          if (sb_integration_get_id (integration) == id)
            return integration;
        }
    }

  return NULL;
}

SbIntegration *
sb_workspace_dup_integration_by_id (SbWorkspace *self,
                                    gint64       id)
{
  SbIntegration *loaded = sb_workspace_lookup_loaded_integration (self, id);

  if (loaded != NULL)
    return g_object_ref (loaded);
  return sb_store_get_integration (self->store, id, NULL);
}

void
sb_workspace_add_run (SbWorkspace *self,
                      SbRun       *run)
{
  gint64 integration_id;
  GListStore *runs;
  SbIntegration *integration;

  g_return_if_fail (SB_IS_WORKSPACE (self));
  g_return_if_fail (SB_IS_RUN (run));

  integration_id = sb_run_get_integration_id (run);
  runs = g_hash_table_lookup (self->runs, &integration_id);
  if (runs != NULL)
    g_list_store_insert (runs, 0, run);

  integration = sb_workspace_lookup_loaded_integration (self, integration_id);
  if (integration != NULL)
    sb_integration_set_last_run (integration, run);
}

void
sb_workspace_add_run_event (SbWorkspace *self,
                            SbRun       *run,
                            SbRunEvent  *event)
{
  gint64 run_id;
  gint64 integration_id;
  GListStore *events;
  GListStore *log;

  g_return_if_fail (SB_IS_WORKSPACE (self));
  g_return_if_fail (SB_IS_RUN (run));
  g_return_if_fail (SB_IS_RUN_EVENT (event));

  run_id = sb_run_get_id (run);
  integration_id = sb_run_get_integration_id (run);

  events = g_hash_table_lookup (self->run_events, &run_id);
  if (events != NULL)
    g_list_store_append (events, event);

  log = g_hash_table_lookup (self->logs, &integration_id);
  if (log != NULL && sb_run_event_get_level (event) >= SB_RUN_EVENT_LEVEL_WARNING)
    g_list_store_insert (log, 0, event);
}

/* Lookups. Each returns the instance that lives in the list models, so a change made
 * through it shows in every view. */

typedef SbGetIdFunc GetIdFunc;

static gpointer
dup_by_id (GListModel *model,
           gint64      id,
           GetIdFunc   get_id)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if (get_id (item) == id)
        return g_steal_pointer (&item);
    }

  return NULL;
}

SbOrganization *
sb_workspace_dup_organization (SbWorkspace *self,
                               gint64       id)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);

  return dup_by_id (G_LIST_MODEL (self->organizations), id,
                    (GetIdFunc) sb_organization_get_id);
}

SbMember *
sb_workspace_dup_member (SbWorkspace    *self,
                         SbOrganization *organization,
                         gint64          member_id)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (SB_IS_ORGANIZATION (organization), NULL);

  return dup_by_id (sb_workspace_get_members (self, organization), member_id,
                    (GetIdFunc) sb_member_get_id);
}

static gboolean
parse_id (const char *text,
          gint64     *id)
{
  guint64 value;

  if (text == NULL || !g_ascii_isdigit (text[0]))
    return FALSE;
  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;

  *id = (gint64) value;
  return TRUE;
}

static gboolean
names_match (const char *a,
             const char *b)
{
  g_autofree char *fa = NULL;
  g_autofree char *fb = NULL;

  if (a == NULL || b == NULL)
    return FALSE;

  fa = g_utf8_casefold (a, -1);
  fb = g_utf8_casefold (b, -1);
  return g_str_equal (fa, fb);
}

typedef const char *(*GetNameFunc) (gpointer item);
typedef GListModel *(*GetModelFunc) (SbWorkspace *self, SbOrganization *organization);

/* Looks for @id_or_name over every organization's model of one kind. */
static gpointer
find_in_organizations (SbWorkspace  *self,
                       const char   *id_or_name,
                       GetModelFunc  get_model,
                       GetIdFunc     get_id,
                       GetNameFunc   get_name,
                       GError      **error)
{
  g_autoptr(GPtrArray) matches = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) where = g_ptr_array_new_with_free_func (g_free);
  guint n_orgs = g_list_model_get_n_items (G_LIST_MODEL (self->organizations));
  gint64 id = 0;
  gboolean by_id = parse_id (id_or_name, &id);

  for (guint i = 0; i < n_orgs; i++)
    {
      g_autoptr(SbOrganization) org = g_list_model_get_item (G_LIST_MODEL (self->organizations), i);
      GListModel *model = get_model (self, org);
      guint n = g_list_model_get_n_items (model);

      for (guint j = 0; j < n; j++)
        {
          g_autoptr(GObject) item = g_list_model_get_item (model, j);

          if (by_id ? get_id (item) == id : names_match (get_name (item), id_or_name))
            {
              g_ptr_array_add (where,
                               g_strdup_printf ("%" G_GINT64_FORMAT " (%s)", get_id (item),
                                                sb_organization_get_name (org)));
              g_ptr_array_add (matches, g_steal_pointer (&item));
            }
        }
    }

  if (matches->len == 1)
    return g_object_ref (g_ptr_array_index (matches, 0));

  /* Not found: the caller says what was not found. */
  if (matches->len == 0)
    return NULL;

  g_ptr_array_add (where, NULL);
  {
    g_autofree char *list = g_strjoinv (", ", (char **) where->pdata);

    g_set_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_AMBIGUOUS,
                 /* Translators: the first %s is what the user typed, the second a list of
                  * ids with their organizations, such as “4 (Demo IF), 9 (Demo AB)” */
                 _("“%s” matches more than one: %s. Use the id."), id_or_name, list);
  }
  return NULL;
}

SbOrganization *
sb_workspace_find_organization (SbWorkspace  *self,
                                const char   *id_or_name,
                                GError      **error)
{
  guint n;
  gint64 id = 0;
  gboolean by_id;
  SbOrganization *found = NULL;
  guint n_found = 0;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (id_or_name != NULL, NULL);

  by_id = parse_id (id_or_name, &id);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->organizations));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SbOrganization) org = g_list_model_get_item (G_LIST_MODEL (self->organizations), i);

      if (by_id ? sb_organization_get_id (org) == id
                : names_match (sb_organization_get_name (org), id_or_name))
        {
          n_found++;
          if (found == NULL)
            found = g_steal_pointer (&org);
        }
    }

  if (n_found == 1)
    return found;

  g_clear_object (&found);
  if (n_found == 0)
    g_set_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_NOT_FOUND,
                 _("There is no organization “%s”."), id_or_name);
  else
    g_set_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_AMBIGUOUS,
                 _("More than one organization is called “%s”. Use its id."), id_or_name);
  return NULL;
}

SbIntegration *
sb_workspace_find_integration (SbWorkspace  *self,
                               const char   *id_or_name,
                               GError      **error)
{
  SbIntegration *found;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (id_or_name != NULL, NULL);

  found = find_in_organizations (self, id_or_name, sb_workspace_get_integrations,
                                 (GetIdFunc) sb_integration_get_id,
                                 (GetNameFunc) sb_integration_get_name, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (found == NULL)
    g_set_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_NOT_FOUND,
                 _("There is no integration “%s”."), id_or_name);
  return found;
}

SbAccount *
sb_workspace_find_account (SbWorkspace  *self,
                           const char   *id_or_name,
                           GError      **error)
{
  SbAccount *found;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (id_or_name != NULL, NULL);

  found = find_in_organizations (self, id_or_name, sb_workspace_get_accounts,
                                 (GetIdFunc) sb_account_get_id,
                                 (GetNameFunc) sb_account_get_name, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (found == NULL)
    g_set_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_NOT_FOUND,
                 _("There is no account “%s”."), id_or_name);
  return found;
}

char *
sb_workspace_dup_member_name (SbWorkspace *self,
                              gint64       member_id)
{
  g_autoptr(SbMember) member = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);

  if (member_id <= 0)
    return NULL;

  member = sb_store_get_member (self->store, member_id, &error);
  if (member == NULL)
    {
      if (!g_error_matches (error, SB_STORE_ERROR, SB_STORE_ERROR_NOT_FOUND))
        report_load_error ("a member", error);
      return NULL;
    }

  name = sb_member_get_display_name (member);
  return g_strdup (!is_blank (name) ? name : sb_member_get_email (member));
}

GPtrArray *
sb_workspace_dup_integration_accounts (SbWorkspace   *self,
                                       SbIntegration *integration)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SbOrganization) org = NULL;
  GPtrArray *accounts = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (SB_IS_WORKSPACE (self), accounts);
  g_return_val_if_fail (SB_IS_INTEGRATION (integration), accounts);

  org = sb_workspace_dup_organization (self, sb_integration_get_organization_id (integration));
  ids = sb_store_list_integration_accounts (self->store, sb_integration_get_id (integration),
                                            &error);
  if (ids == NULL || org == NULL)
    {
      if (error != NULL)
        report_load_error ("the accounts of an integration", error);
      return accounts;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      SbAccount *account = dup_by_id (sb_workspace_get_accounts (self, org),
                                      g_array_index (ids, gint64, i),
                                      (GetIdFunc) sb_account_get_id);
      if (account != NULL)
        g_ptr_array_add (accounts, account);
    }

  return accounts;
}

/* Permissions */

SbMember *
sb_workspace_dup_acting_member (SbWorkspace    *self,
                                SbOrganization *organization)
{
  const char *email;
  GListModel *members;
  guint n;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (SB_IS_ORGANIZATION (organization), NULL);

  email = sb_workspace_get_acting_email (self);
  if (email == NULL)
    return NULL;

  members = sb_workspace_get_members (self, organization);
  n = g_list_model_get_n_items (members);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SbMember) member = g_list_model_get_item (members, i);

      if (sb_member_get_status (member) != SB_MEMBER_STATUS_INACTIVE &&
          names_match (sb_member_get_email (member), email))
        return g_steal_pointer (&member);
    }

  return NULL;
}

static SbMember *
check_and_dup_actor (SbWorkspace     *self,
                     SbOrganization  *organization,
                     SbCapability     capability,
                     GError         **error)
{
  g_autoptr(SbMember) actor = NULL;

  if (sb_workspace_get_acting_email (self) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                           _("Create your profile first."));
      return NULL;
    }

  actor = sb_workspace_dup_acting_member (self, organization);
  if (actor == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   /* Translators: the first %s is an e-mail address, the second an
                    * organization */
                   _("%s is not a member of “%s”."),
                   sb_workspace_get_acting_email (self),
                   sb_organization_get_name (organization));
      return NULL;
    }

  if (!sb_role_check (sb_member_get_role (actor), capability, error))
    return NULL;

  return g_steal_pointer (&actor);
}

gboolean
sb_workspace_check (SbWorkspace     *self,
                    SbOrganization  *organization,
                    SbCapability     capability,
                    GError         **error)
{
  g_autoptr(SbMember) actor = NULL;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (SB_IS_ORGANIZATION (organization), FALSE);

  actor = check_and_dup_actor (self, organization, capability, error);
  return actor != NULL;
}

gboolean
sb_workspace_can (SbWorkspace    *self,
                  SbOrganization *organization,
                  SbCapability    capability)
{
  return sb_workspace_check (self, organization, capability, NULL);
}

/* Mutations. Each one: check the role, begin, write, audit, commit; on any failure roll
 * back and leave the models as they were; on success update the models in place. */

static SbMember *
begin_mutation (SbWorkspace     *self,
                SbOrganization  *organization,
                SbCapability     capability,
                GError         **error)
{
  g_autoptr(SbMember) actor = check_and_dup_actor (self, organization, capability, error);

  if (actor == NULL)
    return NULL;
  if (!sb_store_begin (self->store, error))
    return NULL;

  return g_steal_pointer (&actor);
}

static gboolean
finish_mutation (SbWorkspace     *self,
                 gint64           organization_id,
                 SbMember        *actor,
                 const char      *action,
                 const char      *subject_kind,
                 gint64           subject_id,
                 const char      *detail,
                 GError         **error)
{
  if (!sb_store_insert_audit (self->store, organization_id,
                              actor != NULL ? sb_member_get_id (actor) : 0,
                              action, subject_kind, subject_id, detail, error) ||
      !sb_store_commit (self->store, error))
    {
      sb_store_rollback (self->store);
      return FALSE;
    }

  return TRUE;
}

/* Turns a store error the user can fix into words about what they did. */
static void
explain_constraint (GError     **error,
                    const char  *message)
{
  if (error != NULL && *error != NULL &&
      g_error_matches (*error, SB_STORE_ERROR, SB_STORE_ERROR_CONSTRAINT))
    {
      g_clear_error (error);
      g_set_error_literal (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID, message);
    }
}

static SbOrganization *
dup_organization_of (SbWorkspace  *self,
                     gint64        organization_id,
                     GError      **error)
{
  SbOrganization *org = sb_workspace_dup_organization (self, organization_id);

  if (org == NULL)
    g_set_error_literal (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_NOT_FOUND,
                         _("The organization no longer exists."));
  return org;
}

void
sb_workspace_take_organization (SbWorkspace    *self,
                                SbOrganization *organization)
{
  g_list_store_insert_sorted (self->organizations, organization, compare_organizations, NULL);
  g_object_unref (organization);
}

void
sb_workspace_take_imported (SbWorkspace *self,
                            gint64       organization_id,
                            GPtrArray   *accounts,
                            GPtrArray   *integrations)
{
  GListStore *loaded_accounts = g_hash_table_lookup (self->accounts, &organization_id);
  GListStore *loaded_integrations = g_hash_table_lookup (self->integrations, &organization_id);

  /* A list not loaded yet reads them from the store when it is. */
  if (loaded_accounts != NULL)
    {
      sb_workspace_prepare_accounts (self, organization_id, accounts, NULL);
      for (guint i = 0; i < accounts->len; i++)
        g_list_store_insert_sorted (loaded_accounts, g_ptr_array_index (accounts, i),
                                    compare_accounts, NULL);
    }
  if (loaded_integrations != NULL)
    for (guint i = 0; i < integrations->len; i++)
      {
        refresh_services (self, g_ptr_array_index (integrations, i));
        g_list_store_insert_sorted (loaded_integrations, g_ptr_array_index (integrations, i),
                                    compare_integrations, NULL);
      }
}

SbOrganization *
sb_workspace_create_organization (SbWorkspace         *self,
                                  const char          *name,
                                  SbOrganizationKind   kind,
                                  const char          *sport,
                                  GError             **error)
{
  g_autoptr(SbOrganization) org = NULL;
  g_autoptr(SbMember) admin = NULL;
  g_autofree char *clean_name = NULL;
  g_autofree char *clean_sport = NULL;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);

  if (!sb_workspace_has_profile (self))
    {
      g_set_error_literal (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_NO_PROFILE,
                           _("Create your profile first."));
      return NULL;
    }

  /* The new organization's Admin is the profile owner: someone acting under another
   * address has no name here to become a member with. */
  if (!names_match (sb_workspace_get_acting_email (self), self->profile_email))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                           _("Only the owner of this profile can create organizations."));
      return NULL;
    }

  if (!check_name (name, error))
    return NULL;
  clean_name = g_strstrip (g_strdup (name));
  clean_sport = sb_workspace_normalize_sports (sport);

  org = sb_organization_new ();
  sb_organization_set_name (org, clean_name);
  sb_organization_set_kind (org, kind);
  sb_organization_set_sport (org, kind == SB_ORGANIZATION_KIND_COMPANY ? NULL : clean_sport);

  admin = sb_member_new ();
  sb_member_set_display_name (admin, self->profile_name);
  sb_member_set_email (admin, self->profile_email);
  sb_member_set_kind (admin, SB_MEMBER_KIND_PERSON);
  sb_member_set_role (admin, SB_ROLE_ADMIN);
  sb_member_set_status (admin, SB_MEMBER_STATUS_ACTIVE);

  if (!sb_store_begin (self->store, error))
    return NULL;

  if (!sb_store_insert_organization (self->store, org, error))
    {
      sb_store_rollback (self->store);
      return NULL;
    }

  sb_member_set_organization_id (admin, sb_organization_get_id (org));
  if (!sb_store_insert_member (self->store, admin, error) ||
      !finish_mutation (self, sb_organization_get_id (org), admin, "organization.create",
                        "organization", sb_organization_get_id (org), clean_name, error))
    {
      sb_store_rollback (self->store);
      return NULL;
    }

  sb_workspace_take_organization (self, g_object_ref (org));
  return g_steal_pointer (&org);
}

SbMember *
sb_workspace_add_member (SbWorkspace     *self,
                         SbOrganization  *organization,
                         const char      *display_name,
                         const char      *email,
                         const char      *phone,
                         SbMemberKind     kind,
                         SbRole           role,
                         GError         **error)
{
  return sb_workspace_add_member_with_packages (self, organization, display_name, email, phone,
                                                kind, role, NULL, error);
}

SbMember *
sb_workspace_add_member_with_packages (SbWorkspace         *self,
                                       SbOrganization      *organization,
                                       const char          *display_name,
                                       const char          *email,
                                       const char          *phone,
                                       SbMemberKind         kind,
                                       SbRole               role,
                                       const char * const  *packages,
                                       GError             **error)
{
  g_autoptr(SbMember) actor = NULL;
  g_autoptr(SbMember) member = NULL;
  g_autofree char *clean_name = NULL;
  g_autofree char *clean_email = NULL;
  g_autofree char *clean_phone = NULL;
  g_autofree char *duplicate = NULL;
  g_autofree char *granted = NULL;
  g_auto(GStrv) held = NULL;
  const char *action = "member.add";
  const char *detail;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (SB_IS_ORGANIZATION (organization), NULL);

  if (!sb_workspace_check (self, organization, SB_CAPABILITY_MANAGE_MEMBERS, error))
    return NULL;
  if (!sb_workspace_check_packages (kind, packages, error))
    return NULL;
  held = sb_access_packages_normalize (packages, kind);

  if (!check_name (display_name, error))
    return NULL;
  clean_name = g_strstrip (g_strdup (display_name));
  clean_email = g_strstrip (g_strdup (email != NULL ? email : ""));
  if (!check_email (clean_email, error))
    return NULL;
  if (!is_blank (phone))
    clean_phone = g_strstrip (g_strdup (phone));

  if ((guint) role >= SB_N_ROLES ||
      !sb_role_is_available_for (role, sb_organization_get_kind (organization)))
    {
      g_set_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID,
                   _("The role “%s” is only for clubs and federations."),
                   (guint) role < SB_N_ROLES ? sb_role_get_label (role) : "?");
      return NULL;
    }

  member = sb_member_new ();
  sb_member_set_organization_id (member, sb_organization_get_id (organization));
  sb_member_set_display_name (member, clean_name);
  sb_member_set_email (member, clean_email);
  sb_member_set_phone (member, clean_phone);
  sb_member_set_kind (member, kind);
  sb_member_set_role (member, role);
  sb_member_set_status (member, SB_MEMBER_STATUS_ACTIVE);
  sb_member_set_packages (member, (const char * const *) held);

  actor = begin_mutation (self, organization, SB_CAPABILITY_MANAGE_MEMBERS, error);
  if (actor == NULL)
    return NULL;

  duplicate = g_strdup_printf (_("%s is already a member of “%s”."),
                               clean_email, sb_organization_get_name (organization));
  if (!sb_store_insert_member (self->store, member, error))
    {
      sb_store_rollback (self->store);
      explain_constraint (error, duplicate);
      return NULL;
    }

  /* With packages, two audit rows: the member, then what they were given. */
  detail = clean_email;
  if (held[0] != NULL)
    {
      if (!sb_store_insert_audit (self->store, sb_organization_get_id (organization),
                                  sb_member_get_id (actor), "member.add", "member",
                                  sb_member_get_id (member), clean_email, error) ||
          !sb_store_set_member_packages (self->store, sb_member_get_id (member),
                                         (const char * const *) held,
                                         sb_member_get_id (actor), error))
        {
          sb_store_rollback (self->store);
          return NULL;
        }
      granted = sb_workspace_dup_packages_detail (clean_email, (const char * const *) held);
      action = "member.set-packages";
      detail = granted;
    }
  if (!finish_mutation (self, sb_organization_get_id (organization), actor, action,
                        "member", sb_member_get_id (member), detail, error))
    return NULL;

  g_list_store_insert_sorted (ensure_members (self, sb_organization_get_id (organization)),
                              member, compare_members, NULL);
  return g_steal_pointer (&member);
}

/* Integrations {{{ */

static JsonNode *
new_default_settings (void)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "retries");
  json_builder_add_int_value (b, 3);
  json_builder_set_member_name (b, "timeout_seconds");
  json_builder_add_int_value (b, 60);
  json_builder_set_member_name (b, "concurrency");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "notify_on_failure");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

static gboolean
json_equal0 (JsonNode *a,
             JsonNode *b)
{
  if (a == NULL || JSON_NODE_HOLDS_NULL (a))
    return b == NULL || JSON_NODE_HOLDS_NULL (b);
  if (b == NULL || JSON_NODE_HOLDS_NULL (b))
    return FALSE;

  return json_node_equal (a, b);
}

static JsonNode *
get_draft_member (JsonNode   *draft,
                  const char *member)
{
  JsonNode *node;

  if (draft == NULL || !JSON_NODE_HOLDS_OBJECT (draft))
    return NULL;

  node = json_object_get_member (json_node_get_object (draft), member);
  return node != NULL && !JSON_NODE_HOLDS_NULL (node) ? node : NULL;
}

/* The draft object {"trigger", "steps", "settings"}. */
static JsonNode *
new_draft (JsonNode *trigger,
           JsonNode *steps,
           JsonNode *settings)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_member (object, "trigger",
                          trigger != NULL ? json_node_copy (trigger)
                                          : json_node_new (JSON_NODE_NULL));
  json_object_set_member (object, "steps",
                          steps != NULL ? json_node_copy (steps)
                                        : json_node_new (JSON_NODE_NULL));
  json_object_set_member (object, "settings",
                          settings != NULL ? json_node_copy (settings)
                                           : json_node_new (JSON_NODE_NULL));
  json_node_take_object (node, object);
  return node;
}

/* Pending edits that equal what is live are no edits. */
static JsonNode *
new_draft_unless_live (SbIntegration *integration,
                       JsonNode      *trigger,
                       JsonNode      *steps,
                       JsonNode      *settings)
{
  if (json_equal0 (trigger, sb_integration_get_trigger (integration)) &&
      json_equal0 (steps, sb_integration_get_steps (integration)) &&
      json_equal0 (settings, sb_integration_get_settings (integration)))
    return NULL;

  return new_draft (trigger, steps, settings);
}

static SbAccount *
dup_account_in (SbWorkspace *self,
                gint64       organization_id,
                gint64       account_id)
{
  return dup_by_id (G_LIST_MODEL (ensure_accounts (self, organization_id)), account_id,
                    (GetIdFunc) sb_account_get_id);
}

/* Adds a problem for every "account" under @node that is not one of the organization's. */
static void
check_account_references (SbWorkspace *self,
                          gint64       organization_id,
                          JsonNode    *node,
                          const char  *path,
                          GPtrArray   *problems)
{
  JsonObject *object;
  JsonNode *account;
  JsonNode *steps;

  if (node == NULL)
    return;

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *child = g_strdup_printf ("%s[%u]", path, i);

          check_account_references (self, organization_id, json_array_get_element (array, i),
                                    child, problems);
        }
      return;
    }

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return;

  object = json_node_get_object (node);
  account = json_object_get_member (object, "account");
  if (account != NULL && JSON_NODE_HOLDS_VALUE (account) &&
      json_node_get_value_type (account) == G_TYPE_INT64 && json_node_get_int (account) > 0)
    {
      g_autoptr(SbAccount) found = dup_account_in (self, organization_id,
                                                   json_node_get_int (account));

      if (found == NULL)
        {
          g_autofree char *field = g_strconcat (path, ".account", NULL);

          /* A step of an integration whose account was deleted still names it. */
          g_ptr_array_add (problems,
                           sb_problem_new (field,
                                           g_str_has_prefix (path, "steps")
                                           ? _("This account no longer exists. Choose the "
                                               "account this step uses.")
                                           : _("This account no longer exists: choose "
                                               "another.")));
        }
    }

  steps = json_object_get_member (object, "steps");
  if (steps != NULL && JSON_NODE_HOLDS_ARRAY (steps))
    {
      g_autofree char *child = g_strconcat (path, ".steps", NULL);

      check_account_references (self, organization_id, steps, child, problems);
    }
}

static GPtrArray *
check_config (SbWorkspace *self,
              gint64       organization_id,
              JsonNode    *trigger,
              JsonNode    *steps,
              JsonNode    *settings)
{
  GPtrArray *problems = NULL;

  sb_integration_config_validate (trigger, steps, settings, &problems);

  check_account_references (self, organization_id,
                            trigger != NULL && JSON_NODE_HOLDS_OBJECT (trigger) ? trigger : NULL,
                            "trigger", problems);
  check_account_references (self, organization_id, steps, "steps", problems);

  return problems;
}

GPtrArray *
sb_workspace_check_integration_config (SbWorkspace    *self,
                                       SbOrganization *organization,
                                       JsonNode       *trigger,
                                       JsonNode       *steps,
                                       JsonNode       *settings)
{
  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (SB_IS_ORGANIZATION (organization), NULL);

  return check_config (self, sb_organization_get_id (organization), trigger, steps, settings);
}

/* The step a field is in ("steps[1].steps[0].url" is in the nested step), for a message
 * that names it; NULL when the field is not in a step or the step has no id. */
static const char *
find_step_id (JsonNode   *steps,
              const char *field)
{
  const char *id = NULL;
  const char *p = field;

  while (steps != NULL && JSON_NODE_HOLDS_ARRAY (steps) && g_str_has_prefix (p, "steps["))
    {
      char *end = NULL;
      guint64 index = g_ascii_strtoull (p + strlen ("steps["), &end, 10);
      JsonArray *array = json_node_get_array (steps);
      JsonNode *step;

      if (end == NULL || *end != ']' || index >= json_array_get_length (array))
        break;

      step = json_array_get_element (array, (guint) index);
      if (!JSON_NODE_HOLDS_OBJECT (step))
        break;

      {
        JsonNode *id_node = json_object_get_member (json_node_get_object (step), "id");

        id = id_node != NULL && JSON_NODE_HOLDS_VALUE (id_node) &&
             json_node_get_value_type (id_node) == G_TYPE_STRING
             ? json_node_get_string (id_node) : NULL;
      }
      steps = json_object_get_member (json_node_get_object (step), "steps");
      p = end + 1;
      if (*p == '.')
        p++;
    }

  return id;
}

/* Refuses a configuration with problems, with the first problem's message; for going live,
 * naming the step or the trigger it is in. */
static gboolean
refuse_problems (GPtrArray   *problems,
                 JsonNode    *steps,
                 gboolean     name_place,
                 GError     **error)
{
  SbProblem *problem;
  const char *step_id;

  if (problems->len == 0)
    return TRUE;

  problem = g_ptr_array_index (problems, 0);
  if (!name_place)
    {
      g_set_error_literal (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID,
                           problem->message);
      return FALSE;
    }

  step_id = find_step_id (steps, problem->field);
  if (step_id != NULL && *step_id != '\0')
    g_set_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID,
                 /* Translators: the first %s is the name of a step, the second what is wrong
                  * with it */
                 _("The step “%s” is not complete: %s"), step_id, problem->message);
  else if (g_str_has_prefix (problem->field, "trigger"))
    g_set_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID,
                 /* Translators: %s says what is wrong with the trigger */
                 _("The trigger is not complete: %s"), problem->message);
  else
    g_set_error_literal (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID,
                         problem->message);
  return FALSE;
}

static gboolean
validate_config (SbWorkspace  *self,
                 gint64        organization_id,
                 JsonNode     *trigger,
                 JsonNode     *steps,
                 JsonNode     *settings,
                 gboolean      name_place,
                 GError      **error)
{
  g_autoptr(GPtrArray) problems = check_config (self, organization_id, trigger, steps,
                                                settings);

  return refuse_problems (problems, steps, name_place, error);
}

static const char *
get_connector_name (SbWorkspace *self,
                    SbAccount   *account)
{
  SbConnector *connector = sb_connector_catalog_lookup (self->catalog,
                                                        sb_account_get_connector_id (account));

  return connector != NULL ? sb_connector_get_name (connector)
                           : sb_account_get_connector_id (account);
}

/* What going live needs beyond a valid configuration: steps, and connected accounts. */
static gboolean
check_ready_to_run (SbWorkspace    *self,
                    SbIntegration  *integration,
                    JsonNode       *trigger,
                    JsonNode       *steps,
                    GError        **error)
{
  g_autoptr(GArray) ids = NULL;
  gint64 org_id = sb_integration_get_organization_id (integration);

  if (steps == NULL || !JSON_NODE_HOLDS_ARRAY (steps) ||
      json_array_get_length (json_node_get_array (steps)) == 0)
    {
      g_set_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID,
                   /* Translators: %s is the name of an integration */
                   _("“%s” has no steps yet: add at least one before it goes live."),
                   sb_integration_get_name (integration));
      return FALSE;
    }

  ids = sb_integration_config_collect_accounts (trigger, steps);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(SbAccount) account = dup_account_in (self, org_id, g_array_index (ids, gint64, i));
      const char *name;
      const char *service;

      /* A missing account was a problem of the configuration already. */
      if (account == NULL)
        continue;

      name = sb_account_get_name (account);
      service = get_connector_name (self, account);
      switch (sb_account_get_status (account))
        {
        case SB_ACCOUNT_STATUS_CONNECTED:
          break;

        case SB_ACCOUNT_STATUS_NEEDS_ATTENTION:
          g_set_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID,
                       /* Translators: the first %s is an account, the second its service,
                        * as in “Club shop” (Shopify) */
                       _("“%s” (%s) is not connected: it needs attention."), name, service);
          return FALSE;

        case SB_ACCOUNT_STATUS_ERROR:
          g_set_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID,
                       /* Translators: the first %s is an account, the second its service */
                       _("“%s” (%s) is not connected: it reported an error."), name, service);
          return FALSE;

        case SB_ACCOUNT_STATUS_NEEDS_CREDENTIALS:
          g_set_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID,
                       /* Translators: the first %s is an account, the second its service */
                       _("“%s” (%s) is not connected: its credentials need to be entered "
                         "again."), name, service);
          return FALSE;

        case SB_ACCOUNT_STATUS_DISCONNECTED:
        default:
          g_set_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID,
                       /* Translators: the first %s is an account, the second its service */
                       _("“%s” (%s) is not connected: it was disconnected."), name, service);
          return FALSE;
        }
    }

  return TRUE;
}

/* Writes the accounts @integration uses: those of its live configuration and of its draft,
 * so that an account the live version still needs stays protected while a draft drops it. */
static gboolean
write_accounts (SbWorkspace    *self,
                SbIntegration  *integration,
                GError        **error)
{
  JsonNode *draft = sb_integration_get_draft (integration);
  g_autoptr(GArray) live = NULL;
  g_autoptr(GArray) pending = NULL;
  g_autoptr(GArray) known = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 org_id = sb_integration_get_organization_id (integration);

  live = sb_integration_config_collect_accounts (sb_integration_get_trigger (integration),
                                                 sb_integration_get_steps (integration));
  pending = sb_integration_config_collect_accounts (get_draft_member (draft, "trigger"),
                                                    get_draft_member (draft, "steps"));

  g_array_append_vals (live, pending->data, pending->len);
  for (guint i = 0; i < live->len; i++)
    {
      gint64 id = g_array_index (live, gint64, i);
      g_autoptr(SbAccount) account = dup_account_in (self, org_id, id);

      /* Only accounts that exist can be linked; the others were refused or will be. */
      if (account != NULL)
        g_array_append_val (known, id);
    }

  return sb_store_set_integration_accounts (self->store, sb_integration_get_id (integration),
                                            (const gint64 *) (gpointer) known->data, known->len,
                                            error);
}

/* Makes @integration (the object the lists hold) what @copy was written as: one notify per
 * property that changed, the list kept sorted, the services named anew. */
static void
apply_integration (SbWorkspace   *self,
                   SbIntegration *integration,
                   SbIntegration *copy)
{
  gboolean renamed = g_strcmp0 (sb_integration_get_name (integration),
                                sb_integration_get_name (copy)) != 0;

  g_object_freeze_notify (G_OBJECT (integration));
  sb_integration_set_name (integration, sb_integration_get_name (copy));
  sb_integration_set_description (integration, sb_integration_get_description (copy));
  sb_integration_set_purpose (integration, sb_integration_get_purpose (copy));
  sb_integration_set_status (integration, sb_integration_get_status (copy));
  sb_integration_set_trigger (integration, sb_integration_get_trigger (copy));
  sb_integration_set_steps (integration, sb_integration_get_steps (copy));
  sb_integration_set_settings (integration, sb_integration_get_settings (copy));
  sb_integration_set_draft (integration, sb_integration_get_draft (copy));
  sb_integration_set_version (integration, sb_integration_get_version (copy));
  sb_integration_set_activated_by (integration, sb_integration_get_activated_by (copy));
  sb_integration_set_activated_at (integration, sb_integration_get_activated_at (copy));
  refresh_services (self, integration);
  g_object_thaw_notify (G_OBJECT (integration));

  if (renamed)
    resort_item (ensure_integrations (self, sb_integration_get_organization_id (integration)),
                 integration, compare_integrations);
}

static char *
dup_clean (const char *text)
{
  return is_blank (text) ? NULL : g_strstrip (g_strdup (text));
}

SbIntegration *
sb_workspace_create_integration_awaiting (SbWorkspace     *self,
                                          SbOrganization  *organization,
                                          const char      *name,
                                          const char      *description,
                                          const char      *purpose,
                                          JsonNode        *trigger,
                                          JsonNode        *steps,
                                          JsonNode        *settings,
                                          const char      *awaiting_provider,
                                          GError         **error)
{
  g_autoptr(SbMember) actor = NULL;
  g_autoptr(SbIntegration) integration = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(JsonNode) default_trigger = NULL;
  g_autoptr(JsonNode) default_steps = NULL;
  g_autoptr(JsonNode) default_settings = NULL;
  g_autofree char *clean_name = NULL;
  g_autofree char *clean_description = NULL;
  g_autofree char *clean_purpose = NULL;
  gint64 org_id;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (SB_IS_ORGANIZATION (organization), NULL);

  org_id = sb_organization_get_id (organization);
  if (!sb_workspace_check (self, organization, SB_CAPABILITY_EDIT_INTEGRATIONS, error))
    return NULL;
  if (!check_name (name, error))
    return NULL;
  clean_name = g_strstrip (g_strdup (name));
  clean_description = dup_clean (description);
  clean_purpose = dup_clean (purpose);

  if (trigger == NULL)
    trigger = default_trigger = json_from_string ("{\"kind\": \"manual\"}", NULL);
  if (steps == NULL)
    {
      steps = default_steps = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (default_steps, json_array_new ());
    }
  if (settings == NULL)
    settings = default_settings = new_default_settings ();

  if (!validate_config (self, org_id, trigger, steps, settings, FALSE, error))
    return NULL;

  now = g_date_time_new_now_utc ();
  actor = begin_mutation (self, organization, SB_CAPABILITY_EDIT_INTEGRATIONS, error);
  if (actor == NULL)
    return NULL;

  integration = sb_integration_new ();
  sb_integration_set_organization_id (integration, org_id);
  sb_integration_set_name (integration, clean_name);
  sb_integration_set_description (integration, clean_description);
  sb_integration_set_purpose (integration, clean_purpose);
  sb_integration_set_status (integration, SB_INTEGRATION_STATUS_DRAFT);
  sb_integration_set_trigger (integration, trigger);
  sb_integration_set_steps (integration, steps);
  sb_integration_set_settings (integration, settings);
  sb_integration_set_created_by (integration, sb_member_get_id (actor));
  sb_integration_set_created_at (integration, now);

  if (!sb_store_insert_integration (self->store, integration, error) ||
      !write_accounts (self, integration, error) ||
      (awaiting_provider != NULL &&
       (!sb_store_set_integration_awaiting_provider (self->store,
                                                     sb_integration_get_id (integration),
                                                     awaiting_provider, error) ||
        !sb_store_insert_audit (self->store, org_id, sb_member_get_id (actor),
                                "integration.await-provider", "integration",
                                sb_integration_get_id (integration), awaiting_provider,
                                error))))
    {
      sb_store_rollback (self->store);
      return NULL;
    }
  if (!finish_mutation (self, org_id, actor, "integration.create", "integration",
                        sb_integration_get_id (integration), clean_name, error))
    return NULL;

  refresh_services (self, integration);
  g_list_store_insert_sorted (ensure_integrations (self, org_id), integration,
                              compare_integrations, NULL);
  return g_steal_pointer (&integration);
}

SbIntegration *
sb_workspace_create_integration_full (SbWorkspace     *self,
                                      SbOrganization  *organization,
                                      const char      *name,
                                      const char      *description,
                                      const char      *purpose,
                                      JsonNode        *trigger,
                                      JsonNode        *steps,
                                      JsonNode        *settings,
                                      GError         **error)
{
  return sb_workspace_create_integration_awaiting (self, organization, name, description,
                                                   purpose, trigger, steps, settings, NULL,
                                                   error);
}

SbIntegration *
sb_workspace_create_integration (SbWorkspace     *self,
                                 SbOrganization  *organization,
                                 const char      *name,
                                 const char      *description,
                                 GError         **error)
{
  return sb_workspace_create_integration_full (self, organization, name, description, NULL,
                                               NULL, NULL, NULL, error);
}

/* A copy of @integration with every stored field, for writing before the shared object
 * changes. */
static SbIntegration *
copy_integration (SbIntegration *integration)
{
  SbIntegration *copy = sb_integration_new ();

  sb_integration_set_id (copy, sb_integration_get_id (integration));
  sb_integration_set_organization_id (copy, sb_integration_get_organization_id (integration));
  sb_integration_set_name (copy, sb_integration_get_name (integration));
  sb_integration_set_description (copy, sb_integration_get_description (integration));
  sb_integration_set_status (copy, sb_integration_get_status (integration));
  sb_integration_set_trigger (copy, sb_integration_get_trigger (integration));
  sb_integration_set_steps (copy, sb_integration_get_steps (integration));
  sb_integration_set_settings (copy, sb_integration_get_settings (integration));
  sb_integration_set_purpose (copy, sb_integration_get_purpose (integration));
  sb_integration_set_created_by (copy, sb_integration_get_created_by (integration));
  sb_integration_set_created_at (copy, sb_integration_get_created_at (integration));
  sb_integration_set_activated_by (copy, sb_integration_get_activated_by (integration));
  sb_integration_set_activated_at (copy, sb_integration_get_activated_at (integration));
  sb_integration_set_draft (copy, sb_integration_get_draft (integration));
  sb_integration_set_version (copy, sb_integration_get_version (integration));
  return copy;
}

/* The start of every mutation of an integration: its organization, and the acting member's
 * right to change it, checked before anything else. */
static SbOrganization *
check_integration_edit (SbWorkspace    *self,
                        SbIntegration  *integration,
                        GError        **error)
{
  g_autoptr(SbOrganization) org = NULL;

  org = dup_organization_of (self, sb_integration_get_organization_id (integration), error);
  if (org == NULL)
    return NULL;
  if (!sb_workspace_check (self, org, SB_CAPABILITY_EDIT_INTEGRATIONS, error))
    return NULL;

  return g_steal_pointer (&org);
}

/* Writes @copy with its accounts and an audit entry in one transaction; on success the model
 * follows. */
static gboolean
write_integration (SbWorkspace     *self,
                   SbOrganization  *org,
                   SbIntegration   *integration,
                   SbIntegration   *copy,
                   const char      *action,
                   const char      *detail,
                   GError         **error)
{
  g_autoptr(SbMember) actor = begin_mutation (self, org, SB_CAPABILITY_EDIT_INTEGRATIONS, error);

  if (actor == NULL)
    return FALSE;

  if (!sb_store_update_integration (self->store, copy, error) ||
      !write_accounts (self, copy, error))
    {
      sb_store_rollback (self->store);
      return FALSE;
    }
  if (!finish_mutation (self, sb_organization_get_id (org), actor, action, "integration",
                        sb_integration_get_id (integration),
                        detail != NULL ? detail : sb_integration_get_name (copy), error))
    return FALSE;

  apply_integration (self, integration, copy);
  return TRUE;
}

gboolean
sb_workspace_update_integration (SbWorkspace    *self,
                                 SbIntegration  *integration,
                                 const char     *name,
                                 const char     *description,
                                 const char     *purpose,
                                 JsonNode       *trigger,
                                 JsonNode       *steps,
                                 JsonNode       *settings,
                                 GError        **error)
{
  g_autoptr(SbOrganization) org = NULL;
  g_autoptr(SbIntegration) copy = NULL;
  g_autofree char *clean_name = NULL;
  g_autofree char *clean_description = NULL;
  g_autofree char *clean_purpose = NULL;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (SB_IS_INTEGRATION (integration), FALSE);

  if ((org = check_integration_edit (self, integration, error)) == NULL)
    return FALSE;
  if (!check_name (name, error))
    return FALSE;
  clean_name = g_strstrip (g_strdup (name));
  clean_description = dup_clean (description);
  clean_purpose = dup_clean (purpose);

  if (trigger == NULL)
    trigger = sb_integration_get_edited_trigger (integration);
  if (steps == NULL)
    steps = sb_integration_get_edited_steps (integration);
  if (settings == NULL)
    settings = sb_integration_get_edited_settings (integration);

  if (!validate_config (self, sb_organization_get_id (org), trigger, steps, settings, FALSE,
                        error))
    return FALSE;

  copy = copy_integration (integration);
  sb_integration_set_name (copy, clean_name);
  sb_integration_set_description (copy, clean_description);
  sb_integration_set_purpose (copy, clean_purpose);
  if (sb_integration_get_status (integration) == SB_INTEGRATION_STATUS_DRAFT)
    {
      sb_integration_set_trigger (copy, trigger);
      sb_integration_set_steps (copy, steps);
      sb_integration_set_settings (copy, settings);
      sb_integration_set_draft (copy, NULL);
    }
  else
    {
      /* The live version keeps running: the edits wait as its draft. */
      g_autoptr(JsonNode) draft = new_draft_unless_live (integration, trigger, steps, settings);

      sb_integration_set_draft (copy, draft);
    }

  return write_integration (self, org, integration, copy, "integration.update", clean_name,
                            error);
}

gboolean
sb_workspace_rename_integration (SbWorkspace    *self,
                                 SbIntegration  *integration,
                                 const char     *name,
                                 GError        **error)
{
  g_autoptr(SbOrganization) org = NULL;
  g_autoptr(SbIntegration) copy = NULL;
  g_autofree char *clean_name = NULL;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (SB_IS_INTEGRATION (integration), FALSE);

  if ((org = check_integration_edit (self, integration, error)) == NULL)
    return FALSE;
  if (!check_name (name, error))
    return FALSE;
  clean_name = g_strstrip (g_strdup (name));

  /* Write a copy first: the shared object changes only once the store has it. */
  copy = copy_integration (integration);
  sb_integration_set_name (copy, clean_name);

  return write_integration (self, org, integration, copy, "integration.rename", clean_name,
                            error);
}

/* Stores version @number of @integration from @copy's configuration. */
static SbIntegrationVersion *
insert_version (SbWorkspace    *self,
                SbIntegration  *copy,
                guint           number,
                SbMember       *actor,
                GDateTime      *now,
                GError        **error)
{
  g_autoptr(SbIntegrationVersion) version = sb_integration_version_new ();

  sb_integration_version_set_integration_id (version, sb_integration_get_id (copy));
  sb_integration_version_set_version (version, number);
  sb_integration_version_set_trigger (version, sb_integration_get_trigger (copy));
  sb_integration_version_set_steps (version, sb_integration_get_steps (copy));
  sb_integration_version_set_settings (version, sb_integration_get_settings (copy));
  sb_integration_version_set_published_by (version, actor != NULL ? sb_member_get_id (actor) : 0);
  sb_integration_version_set_published_at (version, now);

  if (!sb_store_insert_integration_version (self->store, version, error))
    return NULL;

  return g_steal_pointer (&version);
}

static void
add_version_to_model (SbWorkspace          *self,
                      SbIntegrationVersion *version)
{
  gint64 id = sb_integration_version_get_integration_id (version);
  GListStore *versions = g_hash_table_lookup (self->versions, &id);

  /* When nobody asked for the list yet, it is read whole when they do. */
  if (versions != NULL)
    g_list_store_insert (versions, 0, version);
}

gboolean
sb_workspace_activate_integration (SbWorkspace    *self,
                                   SbIntegration  *integration,
                                   GError        **error)
{
  g_autoptr(SbOrganization) org = NULL;
  g_autoptr(SbMember) actor = NULL;
  g_autoptr(SbIntegration) copy = NULL;
  g_autoptr(SbIntegrationVersion) version = NULL;
  g_autoptr(GDateTime) now = NULL;
  JsonNode *trigger;
  JsonNode *steps;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (SB_IS_INTEGRATION (integration), FALSE);

  if ((org = check_integration_edit (self, integration, error)) == NULL)
    return FALSE;

  if (sb_integration_get_status (integration) == SB_INTEGRATION_STATUS_LIVE)
    {
      g_set_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID,
                   /* Translators: %s is the name of an integration */
                   _("“%s” is live already."), sb_integration_get_name (integration));
      return FALSE;
    }

  /* What goes live is the published configuration (a Draft's own); a pending draft of a
   * Paused integration stays pending. */
  trigger = sb_integration_get_trigger (integration);
  steps = sb_integration_get_steps (integration);
  if (!validate_config (self, sb_organization_get_id (org), trigger, steps,
                        sb_integration_get_settings (integration), TRUE, error) ||
      !check_ready_to_run (self, integration, trigger, steps, error))
    return FALSE;

  now = g_date_time_new_now_utc ();
  actor = begin_mutation (self, org, SB_CAPABILITY_EDIT_INTEGRATIONS, error);
  if (actor == NULL)
    return FALSE;

  copy = copy_integration (integration);
  sb_integration_set_status (copy, SB_INTEGRATION_STATUS_LIVE);
  sb_integration_set_activated_by (copy, sb_member_get_id (actor));
  sb_integration_set_activated_at (copy, now);

  if (sb_integration_get_version (copy) == 0)
    {
      version = insert_version (self, copy, 1, actor, now, error);
      if (version == NULL)
        {
          sb_store_rollback (self->store);
          return FALSE;
        }
      sb_integration_set_version (copy, 1);
    }

  /* Activated again, it is back in the register of activated integrations. */
  if (!sb_store_update_integration (self->store, copy, error) ||
      !sb_store_set_integration_deactivated (self->store, sb_integration_get_id (copy), NULL, 0,
                                             NULL, error))
    {
      sb_store_rollback (self->store);
      return FALSE;
    }
  if (!finish_mutation (self, sb_organization_get_id (org), actor, "integration.activate",
                        "integration", sb_integration_get_id (integration),
                        sb_integration_get_name (integration), error))
    return FALSE;

  apply_integration (self, integration, copy);
  if (version != NULL)
    add_version_to_model (self, version);
  return TRUE;
}

gboolean
sb_workspace_pause_integration (SbWorkspace    *self,
                                SbIntegration  *integration,
                                GError        **error)
{
  g_autoptr(SbOrganization) org = NULL;
  g_autoptr(SbIntegration) copy = NULL;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (SB_IS_INTEGRATION (integration), FALSE);

  if ((org = check_integration_edit (self, integration, error)) == NULL)
    return FALSE;

  if (sb_integration_get_status (integration) != SB_INTEGRATION_STATUS_LIVE)
    {
      g_set_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID,
                   /* Translators: %s is the name of an integration */
                   _("“%s” is not live, so it cannot be paused."),
                   sb_integration_get_name (integration));
      return FALSE;
    }

  copy = copy_integration (integration);
  sb_integration_set_status (copy, SB_INTEGRATION_STATUS_PAUSED);
  return write_integration (self, org, integration, copy, "integration.pause", NULL, error);
}

gboolean
sb_workspace_set_integration_status (SbWorkspace          *self,
                                     SbIntegration        *integration,
                                     SbIntegrationStatus   status,
                                     GError              **error)
{
  g_autoptr(SbOrganization) org = NULL;
  g_autoptr(SbIntegration) copy = NULL;
  SbIntegrationStatus current;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (SB_IS_INTEGRATION (integration), FALSE);

  if ((org = check_integration_edit (self, integration, error)) == NULL)
    return FALSE;

  current = sb_integration_get_status (integration);
  if (current == status)
    return TRUE;
  if (status == SB_INTEGRATION_STATUS_LIVE)
    return sb_workspace_activate_integration (self, integration, error);
  if (status == SB_INTEGRATION_STATUS_PAUSED && current == SB_INTEGRATION_STATUS_LIVE)
    return sb_workspace_pause_integration (self, integration, error);

  /* Back to Draft, or a Draft put aside as Paused: nothing runs either way. */
  copy = copy_integration (integration);
  sb_integration_set_status (copy, status);
  return write_integration (self, org, integration, copy, "integration.set-status",
                            sb_enum_to_nick (SB_TYPE_INTEGRATION_STATUS, status), error);
}

gboolean
sb_workspace_publish_integration (SbWorkspace    *self,
                                  SbIntegration  *integration,
                                  GError        **error)
{
  g_autoptr(SbOrganization) org = NULL;
  g_autoptr(SbMember) actor = NULL;
  g_autoptr(SbIntegration) copy = NULL;
  g_autoptr(SbIntegrationVersion) version = NULL;
  g_autoptr(GDateTime) now = NULL;
  JsonNode *draft;
  JsonNode *trigger;
  JsonNode *steps;
  JsonNode *settings;
  guint number;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (SB_IS_INTEGRATION (integration), FALSE);

  if ((org = check_integration_edit (self, integration, error)) == NULL)
    return FALSE;

  if (sb_integration_get_status (integration) == SB_INTEGRATION_STATUS_DRAFT)
    {
      g_set_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID,
                   /* Translators: %s is the name of an integration */
                   _("“%s” is a draft: activate it to publish its first version."),
                   sb_integration_get_name (integration));
      return FALSE;
    }
  if (!sb_integration_has_draft (integration))
    {
      g_set_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID,
                   /* Translators: %s is the name of an integration */
                   _("“%s” has no changes to publish."), sb_integration_get_name (integration));
      return FALSE;
    }

  draft = sb_integration_get_draft (integration);
  trigger = get_draft_member (draft, "trigger");
  steps = get_draft_member (draft, "steps");
  settings = get_draft_member (draft, "settings");
  if (!validate_config (self, sb_organization_get_id (org), trigger, steps, settings, TRUE,
                        error))
    return FALSE;
  /* What replaces a running version must be able to run. */
  if (sb_integration_get_status (integration) == SB_INTEGRATION_STATUS_LIVE &&
      !check_ready_to_run (self, integration, trigger, steps, error))
    return FALSE;

  now = g_date_time_new_now_utc ();
  actor = begin_mutation (self, org, SB_CAPABILITY_EDIT_INTEGRATIONS, error);
  if (actor == NULL)
    return FALSE;

  number = sb_integration_get_version (integration) + 1;
  copy = copy_integration (integration);
  sb_integration_set_trigger (copy, trigger);
  sb_integration_set_steps (copy, steps);
  sb_integration_set_settings (copy, settings);
  sb_integration_set_draft (copy, NULL);
  sb_integration_set_version (copy, number);

  version = insert_version (self, copy, number, actor, now, error);
  if (version == NULL ||
      !sb_store_update_integration (self->store, copy, error) ||
      !write_accounts (self, copy, error))
    {
      sb_store_rollback (self->store);
      return FALSE;
    }
  if (!finish_mutation (self, sb_organization_get_id (org), actor, "integration.publish",
                        "integration", sb_integration_get_id (integration),
                        sb_integration_get_name (integration), error))
    return FALSE;

  apply_integration (self, integration, copy);
  add_version_to_model (self, version);
  return TRUE;
}

gboolean
sb_workspace_discard_draft (SbWorkspace    *self,
                            SbIntegration  *integration,
                            GError        **error)
{
  g_autoptr(SbOrganization) org = NULL;
  g_autoptr(SbIntegration) copy = NULL;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (SB_IS_INTEGRATION (integration), FALSE);

  if ((org = check_integration_edit (self, integration, error)) == NULL)
    return FALSE;

  if (!sb_integration_has_draft (integration))
    {
      g_set_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_INVALID,
                   /* Translators: %s is the name of an integration */
                   _("“%s” has no unpublished changes."), sb_integration_get_name (integration));
      return FALSE;
    }

  copy = copy_integration (integration);
  sb_integration_set_draft (copy, NULL);
  return write_integration (self, org, integration, copy, "integration.discard-draft", NULL,
                            error);
}

gboolean
sb_workspace_restore_version (SbWorkspace    *self,
                              SbIntegration  *integration,
                              guint           number,
                              GError        **error)
{
  g_autoptr(SbOrganization) org = NULL;
  g_autoptr(SbIntegration) copy = NULL;
  g_autoptr(SbIntegrationVersion) version = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *detail = NULL;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (SB_IS_INTEGRATION (integration), FALSE);

  if ((org = check_integration_edit (self, integration, error)) == NULL)
    return FALSE;

  version = sb_store_get_integration_version (self->store, sb_integration_get_id (integration),
                                              number, &local_error);
  if (version == NULL)
    {
      if (g_error_matches (local_error, SB_STORE_ERROR, SB_STORE_ERROR_NOT_FOUND))
        g_set_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_NOT_FOUND,
                     /* Translators: %s is the name of an integration, %u a version number */
                     _("“%s” has no version %u."), sb_integration_get_name (integration), number);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  /* Restored as it was published, even if an account it used has gone since: the editor
   * shows what needs fixing before it can be published again. */
  copy = copy_integration (integration);
  if (sb_integration_get_status (integration) == SB_INTEGRATION_STATUS_DRAFT)
    {
      sb_integration_set_trigger (copy, sb_integration_version_get_trigger (version));
      sb_integration_set_steps (copy, sb_integration_version_get_steps (version));
      sb_integration_set_settings (copy, sb_integration_version_get_settings (version));
    }
  else
    {
      g_autoptr(JsonNode) draft =
        new_draft_unless_live (integration, sb_integration_version_get_trigger (version),
                               sb_integration_version_get_steps (version),
                               sb_integration_version_get_settings (version));

      sb_integration_set_draft (copy, draft);
    }

  detail = g_strdup_printf ("%s (%u)", sb_integration_get_name (integration), number);
  return write_integration (self, org, integration, copy, "integration.restore-version", detail,
                            error);
}

SbIntegration *
sb_workspace_duplicate_integration (SbWorkspace    *self,
                                    SbIntegration  *integration,
                                    GError        **error)
{
  g_autoptr(SbOrganization) org = NULL;
  g_autoptr(SbMember) actor = NULL;
  g_autoptr(SbIntegration) copy = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *name = NULL;
  gint64 org_id;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (SB_IS_INTEGRATION (integration), NULL);

  if ((org = check_integration_edit (self, integration, error)) == NULL)
    return NULL;
  org_id = sb_organization_get_id (org);

  now = g_date_time_new_now_utc ();
  actor = begin_mutation (self, org, SB_CAPABILITY_EDIT_INTEGRATIONS, error);
  if (actor == NULL)
    return NULL;

  /* Translators: the name of a duplicated integration; %s is the original's name */
  name = g_strdup_printf (_("%s (copy)"), sb_integration_get_name (integration));

  /* The published configuration, without pending edits, runs or versions. */
  copy = copy_integration (integration);
  sb_integration_set_id (copy, 0);
  sb_integration_set_name (copy, name);
  sb_integration_set_status (copy, SB_INTEGRATION_STATUS_DRAFT);
  sb_integration_set_created_by (copy, sb_member_get_id (actor));
  sb_integration_set_created_at (copy, now);
  sb_integration_set_activated_by (copy, 0);
  sb_integration_set_activated_at (copy, NULL);
  sb_integration_set_draft (copy, NULL);
  sb_integration_set_version (copy, 0);

  if (!sb_store_insert_integration (self->store, copy, error) ||
      !write_accounts (self, copy, error))
    {
      sb_store_rollback (self->store);
      return NULL;
    }
  if (!finish_mutation (self, org_id, actor, "integration.duplicate", "integration",
                        sb_integration_get_id (copy), name, error))
    return NULL;

  refresh_services (self, copy);
  g_list_store_insert_sorted (ensure_integrations (self, org_id), copy,
                              compare_integrations, NULL);
  return g_steal_pointer (&copy);
}

/* Forgets the cached models of an integration that is gone. */
static void
forget_integration (SbWorkspace   *self,
                    SbIntegration *integration)
{
  gint64 id = sb_integration_get_id (integration);
  GListModel *runs = g_hash_table_lookup (self->runs, &id);
  SbRun *last = sb_integration_get_last_run (integration);

  /* Run ids can be given out again once the newest runs are gone. */
  for (guint i = 0; runs != NULL && i < g_list_model_get_n_items (runs); i++)
    {
      g_autoptr(SbRun) run = g_list_model_get_item (runs, i);
      gint64 run_id = sb_run_get_id (run);

      g_hash_table_remove (self->run_events, &run_id);
    }
  if (last != NULL)
    {
      gint64 run_id = sb_run_get_id (last);

      g_hash_table_remove (self->run_events, &run_id);
    }

  g_hash_table_remove (self->runs, &id);
  g_hash_table_remove (self->versions, &id);
  g_hash_table_remove (self->logs, &id);
  g_hash_table_remove (self->trash, &id);
}

static void
remove_from_list (SbWorkspace   *self,
                  SbIntegration *integration)
{
  GListStore *list = ensure_integrations (self, sb_integration_get_organization_id (integration));
  guint position;

  if (find_item (list, integration, &position))
    g_list_store_remove (list, position);
}

gboolean
sb_workspace_delete_integration (SbWorkspace    *self,
                                 SbIntegration  *integration,
                                 GError        **error)
{
  g_autoptr(SbOrganization) org = NULL;
  g_autoptr(SbMember) actor = NULL;
  gint64 id;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (SB_IS_INTEGRATION (integration), FALSE);

  id = sb_integration_get_id (integration);
  if ((org = check_integration_edit (self, integration, error)) == NULL)
    return FALSE;
  actor = begin_mutation (self, org, SB_CAPABILITY_EDIT_INTEGRATIONS, error);
  if (actor == NULL)
    return FALSE;

  if (!sb_store_delete_integration (self->store, id, error))
    {
      sb_store_rollback (self->store);
      return FALSE;
    }
  if (!finish_mutation (self, sb_organization_get_id (org), actor, "integration.delete",
                        "integration", id, sb_integration_get_name (integration), error))
    return FALSE;

  g_object_ref (integration);
  remove_from_list (self, integration);
  forget_integration (self, integration);
  g_object_unref (integration);
  return TRUE;
}

gboolean
sb_workspace_trash_integration (SbWorkspace    *self,
                                SbIntegration  *integration,
                                GError        **error)
{
  g_autoptr(SbOrganization) org = NULL;
  g_autoptr(SbMember) actor = NULL;
  g_autoptr(GDateTime) now = NULL;
  gint64 id;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (SB_IS_INTEGRATION (integration), FALSE);

  id = sb_integration_get_id (integration);
  if ((org = check_integration_edit (self, integration, error)) == NULL)
    return FALSE;

  if (g_hash_table_contains (self->trash, &id))
    {
      g_set_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_NOT_FOUND,
                   /* Translators: %s is the name of an integration */
                   _("“%s” is in the trash already."), sb_integration_get_name (integration));
      return FALSE;
    }

  now = g_date_time_new_now_utc ();
  actor = begin_mutation (self, org, SB_CAPABILITY_EDIT_INTEGRATIONS, error);
  if (actor == NULL)
    return FALSE;

  if (!sb_store_set_integration_trashed (self->store, id, now, error))
    {
      sb_store_rollback (self->store);
      return FALSE;
    }
  if (!finish_mutation (self, sb_organization_get_id (org), actor, "integration.trash",
                        "integration", id, sb_integration_get_name (integration), error))
    return FALSE;

  g_hash_table_insert (self->trash, dup_id (id), g_object_ref (integration));
  remove_from_list (self, integration);
  return TRUE;
}

gboolean
sb_workspace_untrash_integration (SbWorkspace    *self,
                                  SbIntegration  *integration,
                                  GError        **error)
{
  g_autoptr(SbOrganization) org = NULL;
  g_autoptr(SbMember) actor = NULL;
  gint64 id;

  g_return_val_if_fail (SB_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (SB_IS_INTEGRATION (integration), FALSE);

  id = sb_integration_get_id (integration);
  if ((org = check_integration_edit (self, integration, error)) == NULL)
    return FALSE;

  if (g_hash_table_lookup (self->trash, &id) != integration)
    {
      g_set_error (error, SB_WORKSPACE_ERROR, SB_WORKSPACE_ERROR_NOT_FOUND,
                   /* Translators: %s is the name of an integration */
                   _("“%s” is not in the trash."), sb_integration_get_name (integration));
      return FALSE;
    }

  actor = begin_mutation (self, org, SB_CAPABILITY_EDIT_INTEGRATIONS, error);
  if (actor == NULL)
    return FALSE;

  if (!sb_store_set_integration_trashed (self->store, id, NULL, error))
    {
      sb_store_rollback (self->store);
      return FALSE;
    }
  if (!finish_mutation (self, sb_organization_get_id (org), actor, "integration.untrash",
                        "integration", id, sb_integration_get_name (integration), error))
    return FALSE;

  g_list_store_insert_sorted (ensure_integrations (self, sb_organization_get_id (org)),
                              integration, compare_integrations, NULL);
  g_hash_table_remove (self->trash, &id);
  return TRUE;
}

gboolean
sb_workspace_purge_trash (SbWorkspace  *self,
                          GError      **error)
{
  g_autoptr(GPtrArray) trashed = NULL;
  g_autoptr(GPtrArray) actors = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (SB_IS_WORKSPACE (self), FALSE);

  trashed = sb_store_list_trashed_integrations (self->store, NULL, error);
  if (trashed == NULL)
    return FALSE;

  /* Every one is checked before anything is written: all or nothing. */
  for (guint i = 0; i < trashed->len; i++)
    {
      SbIntegration *integration = g_ptr_array_index (trashed, i);
      gint64 org_id = sb_integration_get_organization_id (integration);
      g_autoptr(SbOrganization) org = dup_organization_of (self, org_id, error);
      SbMember *actor;

      if (org == NULL)
        return FALSE;
      actor = check_and_dup_actor (self, org, SB_CAPABILITY_EDIT_INTEGRATIONS, error);
      if (actor == NULL)
        return FALSE;
      g_ptr_array_add (actors, actor);
    }

  if (trashed->len == 0)
    return TRUE;

  if (!sb_store_begin (self->store, error))
    return FALSE;

  for (guint i = 0; i < trashed->len; i++)
    {
      SbIntegration *integration = g_ptr_array_index (trashed, i);

      if (!sb_store_delete_integration (self->store, sb_integration_get_id (integration), error) ||
          !sb_store_insert_audit (self->store, sb_integration_get_organization_id (integration),
                                  sb_member_get_id (g_ptr_array_index (actors, i)),
                                  "integration.purge", "integration",
                                  sb_integration_get_id (integration),
                                  sb_integration_get_name (integration), error))
        {
          sb_store_rollback (self->store);
          return FALSE;
        }
    }

  if (!sb_store_commit (self->store, error))
    {
      sb_store_rollback (self->store);
      return FALSE;
    }

  for (guint i = 0; i < trashed->len; i++)
    {
      gint64 id = sb_integration_get_id (g_ptr_array_index (trashed, i));
      SbIntegration *held = g_hash_table_lookup (self->trash, &id);

      if (held != NULL)
        g_ptr_array_add (gone, g_object_ref (held));
    }
  for (guint i = 0; i < gone->len; i++)
    forget_integration (self, g_ptr_array_index (gone, i));

  return TRUE;
}

/* }}} */

/* For the other files of the workspace (sb-workspace-private.h) {{{ */

void
sb_workspace_set_keyring_problem (SbWorkspace *self,
                                  const char  *problem)
{
  if (g_strcmp0 (self->keyring_problem, problem) == 0)
    return;

  replace_string (&self->keyring_problem, problem);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEYRING_PROBLEM]);
}

gboolean
sb_workspace_is_blank (const char *text)
{
  return is_blank (text);
}

gboolean
sb_workspace_check_name (const char  *name,
                         GError     **error)
{
  return check_name (name, error);
}

int
sb_workspace_compare_accounts (gconstpointer a,
                               gconstpointer b,
                               gpointer      user_data)
{
  return compare_accounts (a, b, user_data);
}

void
sb_workspace_resort_item (GListStore       *store,
                          gpointer          item,
                          GCompareDataFunc  compare)
{
  resort_item (store, item, compare);
}

gpointer
sb_workspace_dup_by_id (GListModel  *model,
                        gint64       id,
                        SbGetIdFunc  get_id)
{
  return dup_by_id (model, id, get_id);
}

GListStore *
sb_workspace_ensure_accounts (SbWorkspace *self,
                              gint64       organization_id)
{
  return ensure_accounts (self, organization_id);
}

GListStore *
sb_workspace_ensure_integrations (SbWorkspace *self,
                                  gint64       organization_id)
{
  return ensure_integrations (self, organization_id);
}

void
sb_workspace_refresh_services (SbWorkspace   *self,
                               SbIntegration *integration)
{
  refresh_services (self, integration);
}

gboolean
sb_workspace_check_ready_to_go_live (SbWorkspace    *self,
                                     SbIntegration  *integration,
                                     GError        **error)
{
  JsonNode *trigger = sb_integration_get_trigger (integration);
  JsonNode *steps = sb_integration_get_steps (integration);

  return validate_config (self, sb_integration_get_organization_id (integration), trigger,
                          steps, sb_integration_get_settings (integration), TRUE, error) &&
         check_ready_to_run (self, integration, trigger, steps, error);
}

SbIntegration *
sb_workspace_copy_integration (SbIntegration *integration)
{
  return copy_integration (integration);
}

void
sb_workspace_apply_integration (SbWorkspace   *self,
                                SbIntegration *integration,
                                SbIntegration *copy)
{
  apply_integration (self, integration, copy);
}

SbOrganization *
sb_workspace_dup_organization_of (SbWorkspace  *self,
                                  gint64        organization_id,
                                  GError      **error)
{
  return dup_organization_of (self, organization_id, error);
}

SbMember *
sb_workspace_check_and_dup_actor (SbWorkspace     *self,
                                  SbOrganization  *organization,
                                  SbCapability     capability,
                                  GError         **error)
{
  return check_and_dup_actor (self, organization, capability, error);
}

SbMember *
sb_workspace_begin_mutation (SbWorkspace     *self,
                             SbOrganization  *organization,
                             SbCapability     capability,
                             GError         **error)
{
  return begin_mutation (self, organization, capability, error);
}

gboolean
sb_workspace_finish_mutation (SbWorkspace  *self,
                              gint64        organization_id,
                              SbMember     *actor,
                              const char   *action,
                              const char   *subject_kind,
                              gint64        subject_id,
                              const char   *detail,
                              GError      **error)
{
  return finish_mutation (self, organization_id, actor, action, subject_kind, subject_id,
                          detail, error);
}

/* }}} */
