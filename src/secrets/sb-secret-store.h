/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "model/sb-model.h"

G_BEGIN_DECLS

#define SB_SECRETS_ERROR (sb_secrets_error_quark ())

typedef enum
{
  SB_SECRETS_ERROR_FAILED,
  /* No Secret Service answers on the session bus, there is no session bus, or the keyring
   * is locked: the credentials cannot be kept, and the account needs credentials later. */
  SB_SECRETS_ERROR_NO_SERVICE,
} SbSecretsError;

GQuark sb_secrets_error_quark (void);

/* The name of the libsecret schema; its attributes are "account" (integer, the account id),
 * "field" (string) and "store" (string: which database the account is in). */
#define SB_SECRET_SCHEMA_NAME "io.github.samband.Samband.Credential"

#define SB_TYPE_SECRET_STORE (sb_secret_store_get_type ())
G_DECLARE_FINAL_TYPE (SbSecretStore, sb_secret_store, SB, SECRET_STORE, GObject)

/* Keeps each credential field of an account in the Secret Service (the default
 * collection). Every call is asynchronous; errors are in SB_SECRETS_ERROR, except
 * G_IO_ERROR_CANCELLED, and never contain a secret. SbSecretStore implements
 * SbCredentialSource. */
SbSecretStore *sb_secret_store_new           (void);
/* Every item it writes, finds or removes also carries "store" = @store_id, the database's
 * id (sb_store_get_uuid()): account ids are only unique within one database, and another
 * one (another --data-dir, a test) must neither see nor clear this one's credentials. */
SbSecretStore *sb_secret_store_new_for_store (const char           *store_id);

/* Stores @value for @field of the account, replacing any earlier value. @label is what a
 * keyring manager such as Seahorse shows; NULL gives "Samband: account 12, api_key". */
void           sb_secret_store_store_async   (SbSecretStore        *self,
                                              gint64                account_id,
                                              const char           *field,
                                              const char           *value,
                                              const char           *label,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean       sb_secret_store_store_finish  (SbSecretStore        *self,
                                              GAsyncResult         *result,
                                              GError              **error);

/* The value is newly allocated: release it with sb_credential_free(). NULL without an
 * error when nothing is stored for the field. */
void           sb_secret_store_lookup_async  (SbSecretStore        *self,
                                              gint64                account_id,
                                              const char           *field,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
char          *sb_secret_store_lookup_finish (SbSecretStore        *self,
                                              GAsyncResult         *result,
                                              GError              **error);

/* Removes @field of the account, or every field of it when @field is NULL. Removing
 * something that is not stored is not an error. */
void           sb_secret_store_clear_async   (SbSecretStore        *self,
                                              gint64                account_id,
                                              const char           *field,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean       sb_secret_store_clear_finish  (SbSecretStore        *self,
                                              GAsyncResult         *result,
                                              GError              **error);

/* Several fields at once: @fields maps field names to values (neither NULL). Each is stored
 * as sb_secret_store_store_async() would, one after the other; with @replace, every other
 * field of the account is removed first, so the account has exactly @fields. A failure
 * stops at the field it met (what was stored before it stays). */
void           sb_secret_store_store_all_async  (SbSecretStore        *self,
                                                 gint64                account_id,
                                                 GHashTable           *fields,
                                                 gboolean              replace,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean       sb_secret_store_store_all_finish (SbSecretStore        *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

/* Every field stored for the account: a new table of field name to value (empty when
 * there are none), which wipes the values when it frees them. */
void           sb_secret_store_lookup_all_async  (SbSecretStore        *self,
                                                  gint64                account_id,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
GHashTable    *sb_secret_store_lookup_all_finish (SbSecretStore        *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

G_END_DECLS
