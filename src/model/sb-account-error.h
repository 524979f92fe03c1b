/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SB_TYPE_ACCOUNT_ERROR (sb_account_error_get_type ())
G_DECLARE_FINAL_TYPE (SbAccountError, sb_account_error, SB, ACCOUNT_ERROR, GObject)

/* A failure an account met, for its page: when, what the service answered, and the
 * integration that met it (0 and no name when none did, or it is gone). The message never
 * holds a secret. */
SbAccountError *sb_account_error_new                  (void);
gint64          sb_account_error_get_id               (SbAccountError *self);
void            sb_account_error_set_id               (SbAccountError *self,
                                                       gint64          id);
gint64          sb_account_error_get_account_id       (SbAccountError *self);
void            sb_account_error_set_account_id       (SbAccountError *self,
                                                       gint64          account_id);
GDateTime      *sb_account_error_get_at               (SbAccountError *self);
void            sb_account_error_set_at               (SbAccountError *self,
                                                       GDateTime      *at);
const char     *sb_account_error_get_message          (SbAccountError *self);
void            sb_account_error_set_message          (SbAccountError *self,
                                                       const char     *message);
gint64          sb_account_error_get_integration_id   (SbAccountError *self);
void            sb_account_error_set_integration_id   (SbAccountError *self,
                                                       gint64          integration_id);
const char     *sb_account_error_get_integration_name (SbAccountError *self);
void            sb_account_error_set_integration_name (SbAccountError *self,
                                                       const char     *integration_name);

G_END_DECLS
