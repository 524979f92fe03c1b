/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sb-connector-catalog.h"

#include "sb-connectors-resources.h"

#include <glib/gi18n.h>

#define CONNECTORS_PATH "/io/github/samband/Samband/connectors/"

struct _SbConnectorCatalog
{
  GObject     parent_instance;

  GListStore *connectors;
  GPtrArray  *problems;
};

G_DEFINE_FINAL_TYPE (SbConnectorCatalog, sb_connector_catalog, G_TYPE_OBJECT)

G_DEFINE_QUARK (sb-connector-catalog-error-quark, sb_connector_catalog_error)

static void
sb_connector_catalog_finalize (GObject *object)
{
  SbConnectorCatalog *self = (SbConnectorCatalog *)object;

  g_clear_object (&self->connectors);
  g_clear_pointer (&self->problems, g_ptr_array_unref);

  G_OBJECT_CLASS (sb_connector_catalog_parent_class)->finalize (object);
}

static void
sb_connector_catalog_class_init (SbConnectorCatalogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sb_connector_catalog_finalize;
}

static void
sb_connector_catalog_init (SbConnectorCatalog *self)
{
  self->connectors = g_list_store_new (SB_TYPE_CONNECTOR);
  self->problems = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->problems, NULL);
}

static int
compare_by_name (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  return g_utf8_collate (sb_connector_get_name ((SbConnector *)a),
                         sb_connector_get_name ((SbConnector *)b));
}

static void
add_problem (SbConnectorCatalog *self,
             const char         *message)
{
  /* Keep the array NULL-terminated for get_problems(). */
  g_ptr_array_insert (self->problems, self->problems->len - 1, g_strdup (message));
}

static void
ensure_resources (void)
{
  static gsize registered = 0;

  /* With --manual-register, the bundle exists only once registered this way. */
  if (g_once_init_enter (&registered))
    {
      sb_connectors_register_resource ();
      g_once_init_leave (&registered, 1);
    }
}

gboolean
sb_connector_catalog_add_from_data (SbConnectorCatalog  *self,
                                    const char          *id,
                                    const char          *data,
                                    gssize               length,
                                    GError             **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(SbConnector) connector = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SB_IS_CONNECTOR_CATALOG (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, SB_CONNECTOR_CATALOG_ERROR, SB_CONNECTOR_CATALOG_ERROR_INVALID,
                   /* Translators: %s is a file's name without “.json”, then the parser's
                    * message */
                   _("%s.json: not valid JSON: %s"), id, local_error->message);
      return FALSE;
    }

  connector = sb_connector_new_from_json (id, json_parser_get_root (parser), error);
  if (connector == NULL)
    return FALSE;

  if (sb_connector_catalog_lookup (self, id) != NULL)
    {
      g_set_error (error, SB_CONNECTOR_CATALOG_ERROR, SB_CONNECTOR_CATALOG_ERROR_INVALID,
                   /* Translators: %s is a file's name without “.json” */
                   _("%s.json: a connector of that name is already loaded"), id);
      return FALSE;
    }

  g_list_store_insert_sorted (self->connectors, connector, compare_by_name, NULL);
  return TRUE;
}

static void
add_file (SbConnectorCatalog *self,
          const char         *name,
          const char         *data,
          gsize               length,
          gboolean            shipped)
{
  g_autofree char *id = g_strndup (name, strlen (name) - strlen (".json"));
  g_autoptr(GError) error = NULL;

  if (!sb_connector_catalog_add_from_data (self, id, data, length, &error))
    {
      /* A broken file we ship is a bug; one from elsewhere (the tests' broken fixtures)
       * is only reported. */
      if (shipped)
        g_warning ("%s", error->message);
      add_problem (self, error->message);
    }
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

SbConnectorCatalog *
sb_connector_catalog_new (void)
{
  g_autoptr(SbConnectorCatalog) self = g_object_new (SB_TYPE_CONNECTOR_CATALOG, NULL);
  g_auto(GStrv) children = NULL;

  ensure_resources ();

  children = g_resources_enumerate_children (CONNECTORS_PATH, 0, NULL);
  for (guint i = 0; children != NULL && children[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat (CONNECTORS_PATH, children[i], NULL);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;

      if (!g_str_has_suffix (children[i], ".json"))
        continue;

      bytes = g_resources_lookup_data (path, 0, &error);
      if (bytes == NULL)
        add_problem (self, error->message);
      else
        add_file (self, children[i], g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                  TRUE);
    }

  return g_steal_pointer (&self);
}

/**
 * sb_connector_catalog_new_for_directory:
 *
 * Returns: (transfer full): a catalog of the *.json files in @path, sorted by name; files
 * that do not load are listed in the problems.
 */
SbConnectorCatalog *
sb_connector_catalog_new_for_directory (const char *path)
{
  g_autoptr(SbConnectorCatalog) self = g_object_new (SB_TYPE_CONNECTOR_CATALOG, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;

  g_return_val_if_fail (path != NULL, NULL);

  dir = g_dir_open (path, 0, &error);
  if (dir == NULL)
    {
      add_problem (self, error->message);
      return g_steal_pointer (&self);
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_has_suffix (name, ".json") && strlen (name) > strlen (".json"))
        g_ptr_array_add (names, g_strdup (name));
    }
  /* The same order on every machine, so the problems come out alike. */
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *file = g_build_filename (path, g_ptr_array_index (names, i), NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GError) read_error = NULL;
      gsize length;

      if (!g_file_get_contents (file, &contents, &length, &read_error))
        add_problem (self, read_error->message);
      else
        add_file (self, g_ptr_array_index (names, i), contents, length, FALSE);
    }

  return g_steal_pointer (&self);
}

GListModel *
sb_connector_catalog_get_connectors (SbConnectorCatalog *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_CATALOG (self), NULL);
  return G_LIST_MODEL (self->connectors);
}

/**
 * sb_connector_catalog_lookup:
 *
 * Returns: (transfer none) (nullable): the connector with @id.
 */
SbConnector *
sb_connector_catalog_lookup (SbConnectorCatalog *self,
                             const char         *id)
{
  guint n;

  g_return_val_if_fail (SB_IS_CONNECTOR_CATALOG (self), NULL);

  if (id == NULL)
    return NULL;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->connectors));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SbConnector) connector = g_list_model_get_item (G_LIST_MODEL (self->connectors), i);

      if (g_str_equal (sb_connector_get_id (connector), id))
        return connector;
    }

  return NULL;
}

const char * const *
sb_connector_catalog_get_problems (SbConnectorCatalog *self)
{
  g_return_val_if_fail (SB_IS_CONNECTOR_CATALOG (self), NULL);
  return (const char * const *)self->problems->pdata;
}
