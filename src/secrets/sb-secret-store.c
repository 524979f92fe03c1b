/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sb-secret-store.h"

#include <glib/gi18n.h>
#include <string.h>
#include <libsecret/secret.h>

/* Only the account id and the field name go into the attributes, which the Secret Service
 * stores unencrypted and anyone on the bus can search. The values never leave this file
 * except through the lookup result: they are not logged and never put into an error. */

struct _SbSecretStore
{
  GObject parent_instance;

  /* owned */
  char *store_id;   /* the database's; NULL for items without one */
};

/* Calls to libsecret, one at a time in the whole process (every store shares the one
 * connection to the Secret Service): libsecret 0.20 returns a task twice when calls
 * overlap, and GLib aborts. Only the main thread calls, so this needs no lock. */
static GQueue pending = G_QUEUE_INIT;
static GTask *running;

typedef enum
{
  OPERATION_STORE,
  OPERATION_LOOKUP,
  OPERATION_CLEAR,
  OPERATION_SEARCH,
  OPERATION_RETRIEVE,
} Operation;

/* One call to libsecret, waiting in the queue or running: the task's data. */
typedef struct
{
  Operation          operation;
  GHashTable        *attributes;
  char              *label;
  char              *value;     /* wiped when freed */
  SecretRetrievable *item;
} Call;

static void sb_secret_store_credential_source_init (SbCredentialSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SbSecretStore, sb_secret_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SB_TYPE_CREDENTIAL_SOURCE,
                                                      sb_secret_store_credential_source_init))

G_DEFINE_QUARK (sb-secrets-error-quark, sb_secrets_error)

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    SB_SECRET_SCHEMA_NAME,
    SECRET_SCHEMA_NONE,
    {
      { "account", SECRET_SCHEMA_ATTRIBUTE_INTEGER },
      { "field", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "store", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

/* The attributes are built as strings rather than through the varargs calls because the
 * varargs take an integer attribute as a C int, which would cut a 64-bit account id. */
static GHashTable *
build_attributes (SbSecretStore *self,
                  gint64         account_id,
                  const char    *field)
{
  GHashTable *attributes;

  attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_hash_table_insert (attributes, (gpointer) "account",
                       g_strdup_printf ("%" G_GINT64_FORMAT, account_id));
  if (field != NULL)
    g_hash_table_insert (attributes, (gpointer) "field", g_strdup (field));
  if (self->store_id != NULL)
    g_hash_table_insert (attributes, (gpointer) "store", g_strdup (self->store_id));

  return attributes;
}

static gboolean
is_dbus_no_service_error (const GError *error)
{
  if (error->domain != G_DBUS_ERROR)
    return FALSE;

  switch (error->code)
    {
    /* Nobody owns org.freedesktop.secrets and no .service file starts it. */
    case G_DBUS_ERROR_SERVICE_UNKNOWN:
    case G_DBUS_ERROR_NAME_HAS_NO_OWNER:
    case G_DBUS_ERROR_NO_SERVER:
    case G_DBUS_ERROR_DISCONNECTED:
    case G_DBUS_ERROR_NO_REPLY:
    case G_DBUS_ERROR_TIMEOUT:
    case G_DBUS_ERROR_TIMED_OUT:
    /* A .service file exists but the daemon could not be started. */
    case G_DBUS_ERROR_SPAWN_EXEC_FAILED:
    case G_DBUS_ERROR_SPAWN_FORK_FAILED:
    case G_DBUS_ERROR_SPAWN_CHILD_EXITED:
    case G_DBUS_ERROR_SPAWN_CHILD_SIGNALED:
    case G_DBUS_ERROR_SPAWN_FAILED:
    case G_DBUS_ERROR_SPAWN_SETUP_FAILED:
    case G_DBUS_ERROR_SPAWN_CONFIG_INVALID:
    case G_DBUS_ERROR_SPAWN_SERVICE_INVALID:
    case G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND:
    case G_DBUS_ERROR_SPAWN_PERMISSIONS_INVALID:
    case G_DBUS_ERROR_SPAWN_FILE_INVALID:
    case G_DBUS_ERROR_SPAWN_NO_MEMORY:
    /* The service answers but has no default keyring ("Object does not exist at path
     * /org/freedesktop/secrets/collection/login"). */
    case G_DBUS_ERROR_UNKNOWN_METHOD:
    case G_DBUS_ERROR_UNKNOWN_OBJECT:
    case G_DBUS_ERROR_UNKNOWN_INTERFACE:
      return TRUE;

    default:
      return FALSE;
    }
}

/* Errors met before any message reaches a Secret Service: there is no session bus at all
 * (an ssh login, no DBUS_SESSION_BUS_ADDRESS and nothing to autolaunch), or its socket is
 * gone. */
static gboolean
is_no_bus_error (const GError *error)
{
  if (error->domain == G_SPAWN_ERROR)
    return TRUE;

  if (error->domain != G_IO_ERROR)
    return FALSE;

  switch (error->code)
    {
    case G_IO_ERROR_FAILED:
    case G_IO_ERROR_NOT_FOUND:
    case G_IO_ERROR_NOT_SUPPORTED:
    case G_IO_ERROR_CONNECTION_REFUSED:
    case G_IO_ERROR_CONNECTION_CLOSED:
    case G_IO_ERROR_CLOSED:
    case G_IO_ERROR_PERMISSION_DENIED:
    case G_IO_ERROR_INVALID_ARGUMENT:
    case G_IO_ERROR_TIMED_OUT:
      return TRUE;

    default:
      return FALSE;
    }
}

static const char *
get_failure_prefix (Operation operation)
{
  switch (operation)
    {
    case OPERATION_STORE:
      return _("Could not save the credentials in the keyring");
    case OPERATION_LOOKUP:
      return _("Could not read the credentials from the keyring");
    case OPERATION_CLEAR:
      return _("Could not remove the credentials from the keyring");
    case OPERATION_SEARCH:
    case OPERATION_RETRIEVE:
    default:
      return _("Could not read the credentials from the keyring");
    }
}

/* Turns what libsecret and GDBus report into a message a person can act on. The raw text
 * (which names D-Bus objects, never a secret) only goes to the debug log. */
static GError *
translate_error (const GError *error,
                 Operation     operation)
{
  g_autoptr(GError) stripped = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  g_debug ("Secret Service error (%s %d): %s",
           g_quark_to_string (error->domain), error->code, error->message);

  if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    return g_error_new_literal (SB_SECRETS_ERROR, SB_SECRETS_ERROR_NO_SERVICE,
                                _("The keyring is locked, so the credentials cannot be kept "
                                  "safe. Unlock it and try again."));

  if (is_dbus_no_service_error (error) || is_no_bus_error (error))
    return g_error_new_literal (SB_SECRETS_ERROR, SB_SECRETS_ERROR_NO_SERVICE,
                                _("No keyring is available to keep the credentials safe. "
                                  "Start GNOME Keyring or another Secret Service and try "
                                  "again."));

  stripped = g_error_copy (error);
  if (g_dbus_error_is_remote_error (stripped))
    g_dbus_error_strip_remote_error (stripped);

  /* Translators: the first %s says what failed, the second is the keyring's own message */
  return g_error_new (SB_SECRETS_ERROR, SB_SECRETS_ERROR_FAILED, _("%s: %s"),
                      get_failure_prefix (operation), stripped->message);
}

static void
sb_secret_store_finalize (GObject *object)
{
  SbSecretStore *self = (SbSecretStore *)object;

  g_free (self->store_id);

  G_OBJECT_CLASS (sb_secret_store_parent_class)->finalize (object);
}

static void
sb_secret_store_class_init (SbSecretStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sb_secret_store_finalize;
}

static void
sb_secret_store_init (SbSecretStore *self)
{
}

SbSecretStore *
sb_secret_store_new (void)
{
  return g_object_new (SB_TYPE_SECRET_STORE, NULL);
}

SbSecretStore *
sb_secret_store_new_for_store (const char *store_id)
{
  SbSecretStore *self;

  g_return_val_if_fail (store_id != NULL && *store_id != '\0', NULL);

  self = g_object_new (SB_TYPE_SECRET_STORE, NULL);
  self->store_id = g_strdup (store_id);
  return self;
}

/* The queue {{{ */

static void
call_free (Call *call)
{
  g_clear_pointer (&call->attributes, g_hash_table_unref);
  g_free (call->label);
  sb_credential_free (call->value);
  g_clear_object (&call->item);
  g_free (call);
}

static GTask *
new_call (SbSecretStore       *self,
          Operation            operation,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data,
          gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Call *call = g_new0 (Call, 1);

  call->operation = operation;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);
  return task;
}

static void start_next_call (void);

static void
call_done_cb (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  Call *call = g_task_get_task_data (task);

  g_assert (running == task);
  running = NULL;

  switch (call->operation)
    {
    case OPERATION_STORE:
      if (!secret_password_store_finish (result, &error))
        g_task_return_error (task, translate_error (error, call->operation));
      else
        g_task_return_boolean (task, TRUE);
      break;

    case OPERATION_LOOKUP:
      {
        /* The string comes from g_malloc, so sb_credential_free() can wipe and release it. */
        char *value = secret_password_lookup_finish (result, &error);

        if (error != NULL)
          g_task_return_error (task, translate_error (error, call->operation));
        else
          g_task_return_pointer (task, value, (GDestroyNotify) sb_credential_free);
      }
      break;

    case OPERATION_CLEAR:
      /* FALSE without an error only says that nothing matched, which is fine here. */
      if (!secret_password_clear_finish (result, &error) && error != NULL)
        g_task_return_error (task, translate_error (error, call->operation));
      else
        g_task_return_boolean (task, TRUE);
      break;

    case OPERATION_SEARCH:
      {
        GList *items = secret_password_search_finish (result, &error);

        if (error != NULL)
          g_task_return_error (task, translate_error (error, call->operation));
        else
          g_task_return_pointer (task, items, NULL);
      }
      break;

    case OPERATION_RETRIEVE:
    default:
      {
        SecretValue *value = secret_retrievable_retrieve_secret_finish (call->item, result,
                                                                        &error);

        if (error != NULL)
          g_task_return_error (task, translate_error (error, call->operation));
        else
          g_task_return_pointer (task, value, (GDestroyNotify) secret_value_unref);
      }
      break;
    }

  start_next_call ();
}

static void
start_next_call (void)
{
  GTask *task;
  Call *call;
  GCancellable *cancellable;

  if (running != NULL || g_queue_is_empty (&pending))
    return;

  task = running = g_queue_pop_head (&pending);
  call = g_task_get_task_data (task);
  cancellable = g_task_get_cancellable (task);

  /* The queue's reference goes to the call. */
  switch (call->operation)
    {
    case OPERATION_STORE:
      secret_password_storev (get_schema (), call->attributes, SECRET_COLLECTION_DEFAULT,
                              call->label, call->value, cancellable, call_done_cb, task);
      break;

    case OPERATION_LOOKUP:
      secret_password_lookupv (get_schema (), call->attributes, cancellable, call_done_cb, task);
      break;

    case OPERATION_CLEAR:
      secret_password_clearv (get_schema (), call->attributes, cancellable, call_done_cb, task);
      break;

    case OPERATION_SEARCH:
      secret_password_searchv (get_schema (), call->attributes,
                               SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK, cancellable,
                               call_done_cb, task);
      break;

    case OPERATION_RETRIEVE:
    default:
      secret_retrievable_retrieve_secret (call->item, cancellable, call_done_cb, task);
      break;
    }
}

/* Takes @task (a new_call ()) into the queue. */
static void
queue_call (GTask *task)
{
  g_queue_push_tail (&pending, task);
  start_next_call ();
}

/* }}} */

void
sb_secret_store_store_async (SbSecretStore       *self,
                             gint64               account_id,
                             const char          *field,
                             const char          *value,
                             const char          *label,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;
  Call *call;

  g_return_if_fail (SB_IS_SECRET_STORE (self));
  g_return_if_fail (account_id > 0);
  g_return_if_fail (field != NULL && *field != '\0');
  g_return_if_fail (value != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = new_call (self, OPERATION_STORE, cancellable, callback, user_data,
                   sb_secret_store_store_async);
  call = g_task_get_task_data (task);
  call->attributes = build_attributes (self, account_id, field);
  call->value = g_strdup (value);

  if (label == NULL)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, account_id);

      /* Translators: the name of a keyring item as Passwords and Keys shows it. The first
       * %s is the number of an account, the second the name of a credential field such as
       * “api_key” */
      call->label = g_strdup_printf (_("Samband: account %s, %s"), id, field);
    }
  else
    {
      call->label = g_strdup (label);
    }

  queue_call (task);
}

gboolean
sb_secret_store_store_finish (SbSecretStore  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (SB_IS_SECRET_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sb_secret_store_store_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
sb_secret_store_lookup_async (SbSecretStore       *self,
                              gint64               account_id,
                              const char          *field,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;
  Call *call;

  g_return_if_fail (SB_IS_SECRET_STORE (self));
  g_return_if_fail (account_id > 0);
  g_return_if_fail (field != NULL && *field != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = new_call (self, OPERATION_LOOKUP, cancellable, callback, user_data,
                   sb_secret_store_lookup_async);
  call = g_task_get_task_data (task);
  call->attributes = build_attributes (self, account_id, field);
  queue_call (task);
}

char *
sb_secret_store_lookup_finish (SbSecretStore  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (SB_IS_SECRET_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sb_secret_store_lookup_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
sb_secret_store_clear_async (SbSecretStore       *self,
                             gint64               account_id,
                             const char          *field,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;
  Call *call;

  g_return_if_fail (SB_IS_SECRET_STORE (self));
  g_return_if_fail (account_id > 0);
  g_return_if_fail (field == NULL || *field != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = new_call (self, OPERATION_CLEAR, cancellable, callback, user_data,
                   sb_secret_store_clear_async);
  call = g_task_get_task_data (task);
  call->attributes = build_attributes (self, account_id, field);
  queue_call (task);
}

gboolean
sb_secret_store_clear_finish (SbSecretStore  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (SB_IS_SECRET_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sb_secret_store_clear_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Several fields {{{ */

typedef struct
{
  gint64      account_id;
  GPtrArray  *fields;   /* the names still to store */
  GHashTable *values;   /* field → value, wiped when freed */
} StoreAll;

static void
store_all_free (StoreAll *data)
{
  g_ptr_array_unref (data->fields);
  g_hash_table_unref (data->values);
  g_free (data);
}

static GHashTable *
new_value_table (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                (GDestroyNotify) sb_credential_free);
}

static void store_next_field (GTask *task);

static void
field_stored_cb (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!sb_secret_store_store_finish (SB_SECRET_STORE (source_object), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  store_next_field (g_steal_pointer (&task));
}

static void
store_next_field (GTask *task)
{
  SbSecretStore *self = g_task_get_source_object (task);
  StoreAll *data = g_task_get_task_data (task);
  g_autofree char *field = NULL;

  if (data->fields->len == 0)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  field = g_ptr_array_steal_index (data->fields, 0);
  sb_secret_store_store_async (self, data->account_id, field,
                               g_hash_table_lookup (data->values, field), NULL,
                               g_task_get_cancellable (task), field_stored_cb, task);
}

static void
stale_fields_cleared_cb (GObject      *source_object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!sb_secret_store_clear_finish (SB_SECRET_STORE (source_object), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  store_next_field (g_steal_pointer (&task));
}

static int
compare_field_names (gconstpointer a,
                     gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

void
sb_secret_store_store_all_async (SbSecretStore       *self,
                                 gint64               account_id,
                                 GHashTable          *fields,
                                 gboolean             replace,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  StoreAll *data;
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (SB_IS_SECRET_STORE (self));
  g_return_if_fail (account_id > 0);
  g_return_if_fail (fields != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sb_secret_store_store_all_async);

  data = g_new0 (StoreAll, 1);
  data->account_id = account_id;
  data->fields = g_ptr_array_new_with_free_func (g_free);
  data->values = new_value_table ();
  g_hash_table_iter_init (&iter, fields);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_return_if_fail (key != NULL && *(const char *) key != '\0' && value != NULL);
      g_ptr_array_add (data->fields, g_strdup (key));
      g_hash_table_insert (data->values, g_strdup (key), g_strdup (value));
    }
  /* In a fixed order, so that a failure always stops at the same field. */
  g_ptr_array_sort (data->fields, compare_field_names);
  g_task_set_task_data (task, data, (GDestroyNotify) store_all_free);

  if (replace)
    sb_secret_store_clear_async (self, account_id, NULL, cancellable, stale_fields_cleared_cb,
                                 g_steal_pointer (&task));
  else
    store_next_field (g_steal_pointer (&task));
}

gboolean
sb_secret_store_store_all_finish (SbSecretStore  *self,
                                  GAsyncResult   *result,
                                  GError        **error)
{
  g_return_val_if_fail (SB_IS_SECRET_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        sb_secret_store_store_all_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  GList      *items;    /* SecretRetrievable still to read */
  GHashTable *values;
} LookupAll;

static void
lookup_all_free (LookupAll *data)
{
  g_list_free_full (data->items, g_object_unref);
  g_hash_table_unref (data->values);
  g_free (data);
}

static void retrieve_next_item (GTask *task);

static void
secret_retrieved_cb (GObject      *source_object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  LookupAll *data = g_task_get_task_data (task);
  Call *call = g_task_get_task_data (G_TASK (result));
  SecretValue *value;
  const char *field;

  value = g_task_propagate_pointer (G_TASK (result), &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  attributes = secret_retrievable_get_attributes (call->item);
  field = g_hash_table_lookup (attributes, "field");
  if (value != NULL && field != NULL)
    {
      const char *text = secret_value_get_text (value);

      /* An item whose secret is not text was not written by Samband. */
      if (text != NULL)
        g_hash_table_insert (data->values, g_strdup (field), g_strdup (text));
    }
  g_clear_pointer (&value, secret_value_unref);

  retrieve_next_item (g_steal_pointer (&task));
}

static void
retrieve_next_item (GTask *task)
{
  SbSecretStore *self = g_task_get_source_object (task);
  LookupAll *data = g_task_get_task_data (task);
  GList *first = data->items;
  GTask *retrieve;

  if (first == NULL)
    {
      g_task_return_pointer (task, g_hash_table_ref (data->values),
                             (GDestroyNotify) g_hash_table_unref);
      g_object_unref (task);
      return;
    }

  retrieve = new_call (self, OPERATION_RETRIEVE, g_task_get_cancellable (task),
                       secret_retrieved_cb, task, retrieve_next_item);
  ((Call *) g_task_get_task_data (retrieve))->item = first->data;
  data->items = g_list_delete_link (data->items, first);
  queue_call (retrieve);
}

static void
items_found_cb (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  LookupAll *data = g_task_get_task_data (task);

  data->items = g_task_propagate_pointer (G_TASK (result), &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  retrieve_next_item (g_steal_pointer (&task));
}

void
sb_secret_store_lookup_all_async (SbSecretStore       *self,
                                  gint64               account_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;
  GTask *search;
  LookupAll *data;

  g_return_if_fail (SB_IS_SECRET_STORE (self));
  g_return_if_fail (account_id > 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sb_secret_store_lookup_all_async);

  data = g_new0 (LookupAll, 1);
  data->values = new_value_table ();
  g_task_set_task_data (task, data, (GDestroyNotify) lookup_all_free);

  search = new_call (self, OPERATION_SEARCH, cancellable, items_found_cb, task,
                     sb_secret_store_lookup_all_async);
  ((Call *) g_task_get_task_data (search))->attributes = build_attributes (self, account_id, NULL);
  queue_call (search);
}

GHashTable *
sb_secret_store_lookup_all_finish (SbSecretStore  *self,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  g_return_val_if_fail (SB_IS_SECRET_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        sb_secret_store_lookup_all_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* }}} */

static void
credential_source_lookup_all_async (SbCredentialSource  *source,
                                    gint64               account_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  sb_secret_store_lookup_all_async (SB_SECRET_STORE (source), account_id, cancellable,
                                    callback, user_data);
}

static GHashTable *
credential_source_lookup_all_finish (SbCredentialSource  *source,
                                     GAsyncResult        *result,
                                     GError             **error)
{
  return sb_secret_store_lookup_all_finish (SB_SECRET_STORE (source), result, error);
}

static void
credential_source_lookup_async (SbCredentialSource  *source,
                                gint64               account_id,
                                const char          *field,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  sb_secret_store_lookup_async (SB_SECRET_STORE (source), account_id, field, cancellable,
                                callback, user_data);
}

static char *
credential_source_lookup_finish (SbCredentialSource  *source,
                                 GAsyncResult        *result,
                                 GError             **error)
{
  return sb_secret_store_lookup_finish (SB_SECRET_STORE (source), result, error);
}

static void
sb_secret_store_credential_source_init (SbCredentialSourceInterface *iface)
{
  iface->lookup_async = credential_source_lookup_async;
  iface->lookup_finish = credential_source_lookup_finish;
  iface->lookup_all_async = credential_source_lookup_all_async;
  iface->lookup_all_finish = credential_source_lookup_all_finish;
}
