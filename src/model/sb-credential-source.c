/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sb-credential-source.h"

#include <string.h>

G_DEFINE_INTERFACE (SbCredentialSource, sb_credential_source, G_TYPE_OBJECT)

static void
sb_credential_source_default_init (SbCredentialSourceInterface *iface)
{
}

/**
 * sb_credential_source_lookup_async:
 * @self: a #SbCredentialSource
 * @account_id: the id of the account
 * @field: the credential field, such as "api_key" or "refresh_token"
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the lookup is done
 * @user_data: data for @callback
 *
 * Looks up one credential field of an account. Call
 * sb_credential_source_lookup_finish() from @callback.
 */
void
sb_credential_source_lookup_async (SbCredentialSource  *self,
                                   gint64               account_id,
                                   const char          *field,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  SbCredentialSourceInterface *iface;

  g_return_if_fail (SB_IS_CREDENTIAL_SOURCE (self));
  g_return_if_fail (field != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  iface = SB_CREDENTIAL_SOURCE_GET_IFACE (self);
  g_return_if_fail (iface->lookup_async != NULL);

  iface->lookup_async (self, account_id, field, cancellable, callback, user_data);
}

/**
 * sb_credential_source_lookup_finish:
 * @self: a #SbCredentialSource
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the value, to be released with sb_credential_free(),
 *   or %NULL. %NULL without @error set means that nothing is stored for the field.
 */
char *
sb_credential_source_lookup_finish (SbCredentialSource  *self,
                                    GAsyncResult        *result,
                                    GError             **error)
{
  SbCredentialSourceInterface *iface;

  g_return_val_if_fail (SB_IS_CREDENTIAL_SOURCE (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  iface = SB_CREDENTIAL_SOURCE_GET_IFACE (self);
  g_return_val_if_fail (iface->lookup_finish != NULL, NULL);

  return iface->lookup_finish (self, result, error);
}

void
sb_credential_free (char *value)
{
  if (value == NULL)
    return;

  /* A plain memset before free may be removed by the compiler as a dead store;
   * explicit_bzero is guaranteed to happen. */
#if defined(__GLIBC__) || defined(__FreeBSD__) || defined(__OpenBSD__)
  explicit_bzero (value, strlen (value));
#else
  {
    volatile char *p = value;

    while (*p != '\0')
      *p++ = '\0';
  }
#endif

  g_free (value);
}

gboolean
sb_credential_source_can_lookup_all (SbCredentialSource *self)
{
  g_return_val_if_fail (SB_IS_CREDENTIAL_SOURCE (self), FALSE);

  return SB_CREDENTIAL_SOURCE_GET_IFACE (self)->lookup_all_async != NULL;
}

/**
 * sb_credential_source_lookup_all_async:
 *
 * Looks up every credential field stored for an account, where
 * sb_credential_source_can_lookup_all() says the source can. Call
 * sb_credential_source_lookup_all_finish() from @callback.
 */
void
sb_credential_source_lookup_all_async (SbCredentialSource  *self,
                                       gint64               account_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  SbCredentialSourceInterface *iface;

  g_return_if_fail (SB_IS_CREDENTIAL_SOURCE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  iface = SB_CREDENTIAL_SOURCE_GET_IFACE (self);
  g_return_if_fail (iface->lookup_all_async != NULL);
  iface->lookup_all_async (self, account_id, cancellable, callback, user_data);
}

/**
 * sb_credential_source_lookup_all_finish:
 *
 * Returns: (transfer full): field name → value, values wiped when the table is freed; or
 *   %NULL with @error set
 */
GHashTable *
sb_credential_source_lookup_all_finish (SbCredentialSource  *self,
                                        GAsyncResult        *result,
                                        GError             **error)
{
  g_return_val_if_fail (SB_IS_CREDENTIAL_SOURCE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return SB_CREDENTIAL_SOURCE_GET_IFACE (self)->lookup_all_finish (self, result, error);
}
