/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "test-credentials.h"

static void test_credentials_iface_init (SbCredentialSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestCredentials, test_credentials, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SB_TYPE_CREDENTIAL_SOURCE,
                                                      test_credentials_iface_init))

static void
test_credentials_finalize (GObject *object)
{
  TestCredentials *self = TEST_CREDENTIALS (object);

  g_hash_table_unref (self->services);
  g_hash_table_unref (self->kept);
  g_free (self->withheld);
  G_OBJECT_CLASS (test_credentials_parent_class)->finalize (object);
}

static void
test_credentials_class_init (TestCredentialsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_credentials_finalize;
}

static void
test_credentials_init (TestCredentials *self)
{
  self->services = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->kept = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
lookup_async (SbCredentialSource  *source,
              gint64               account_id,
              const char          *field,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  TestCredentials *self = TEST_CREDENTIALS (source);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  const char *service = g_hash_table_lookup (self->services, &account_id);
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT "/%s", account_id, field);
  const char *value = NULL;

  if (g_strcmp0 (field, self->withheld) == 0)
    value = NULL;
  else if (g_hash_table_contains (self->kept, key))
    value = g_hash_table_lookup (self->kept, key);
  else if (g_str_equal (field, "auth_kind"))
    value = g_strcmp0 (service, "http") == 0 ? "bearer" : NULL;
  else if (service != NULL)
    value = sb_imitations_get_credential (self->imitations, service, field);
  g_task_return_pointer (task, g_strdup (value), g_free);
}

static char *
lookup_finish (SbCredentialSource  *source,
               GAsyncResult        *result,
               GError             **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_credentials_iface_init (SbCredentialSourceInterface *iface)
{
  iface->lookup_async = lookup_async;
  iface->lookup_finish = lookup_finish;
}
