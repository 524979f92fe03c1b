/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SB_TYPE_CREDENTIAL_SOURCE (sb_credential_source_get_type ())
G_DECLARE_INTERFACE (SbCredentialSource, sb_credential_source, SB, CREDENTIAL_SOURCE, GObject)

/* Where the engine gets an account's credential fields. secrets/ implements it with the
 * keyring; engine tests hand it a fake. The value returned is owned by the caller and must
 * be wiped and freed with sb_credential_free(). */
struct _SbCredentialSourceInterface
{
  GTypeInterface parent_iface;

  void   (*lookup_async)  (SbCredentialSource   *self,
                           gint64                account_id,
                           const char           *field,
                           GCancellable         *cancellable,
                           GAsyncReadyCallback   callback,
                           gpointer              user_data);
  char * (*lookup_finish) (SbCredentialSource   *self,
                           GAsyncResult         *result,
                           GError              **error);

  /* Optional: every field stored for the account at once, as a GHashTable of field name →
   * value that wipes its values when freed. The keyring answers that in one search and a
   * read per field it holds, where asking for each possible field is a call each. */
  void         (*lookup_all_async)  (SbCredentialSource   *self,
                                     gint64                account_id,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
  GHashTable * (*lookup_all_finish) (SbCredentialSource   *self,
                                     GAsyncResult         *result,
                                     GError              **error);
};

void  sb_credential_source_lookup_async  (SbCredentialSource   *self,
                                          gint64                account_id,
                                          const char           *field,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
char *sb_credential_source_lookup_finish (SbCredentialSource   *self,
                                          GAsyncResult         *result,
                                          GError              **error);

/* Whether @self can give all the fields of an account at once. */
gboolean    sb_credential_source_can_lookup_all    (SbCredentialSource   *self);
void        sb_credential_source_lookup_all_async  (SbCredentialSource   *self,
                                                    gint64                account_id,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
GHashTable *sb_credential_source_lookup_all_finish (SbCredentialSource   *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

/* Overwrites the value before freeing it, so a secret does not linger in freed memory. */
void  sb_credential_free                 (char                 *value);

G_END_DECLS
