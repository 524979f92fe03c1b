/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "sb-enums.h"

G_BEGIN_DECLS

#define SB_TYPE_ACCOUNT (sb_account_get_type ())
G_DECLARE_FINAL_TYPE (SbAccount, sb_account, SB, ACCOUNT, GObject)

/* An account never holds a credential: those live in the keyring, keyed by the account id. */
SbAccount       *sb_account_new                     (void);
gint64           sb_account_get_id                  (SbAccount       *self);
void             sb_account_set_id                  (SbAccount       *self,
                                                     gint64           id);
gint64           sb_account_get_organization_id     (SbAccount       *self);
void             sb_account_set_organization_id     (SbAccount       *self,
                                                     gint64           organization_id);
const char      *sb_account_get_connector_id        (SbAccount       *self);
void             sb_account_set_connector_id        (SbAccount       *self,
                                                     const char      *connector_id);
const char      *sb_account_get_name                (SbAccount       *self);
void             sb_account_set_name                (SbAccount       *self,
                                                     const char      *name);
SbAccountStatus  sb_account_get_status              (SbAccount       *self);
void             sb_account_set_status              (SbAccount       *self,
                                                     SbAccountStatus  status);
const char      *sb_account_get_base_url            (SbAccount       *self);
void             sb_account_set_base_url            (SbAccount       *self,
                                                     const char      *base_url);
/* What a connection test learned (shop domain, company name, token expiry): a JSON object. */
JsonNode        *sb_account_get_connection_info     (SbAccount       *self);
void             sb_account_set_connection_info     (SbAccount       *self,
                                                     JsonNode        *connection_info);
/* Free-form facts the user or the connector keeps about the account: a JSON object. */
JsonNode        *sb_account_get_metadata            (SbAccount       *self);
void             sb_account_set_metadata            (SbAccount       *self,
                                                     JsonNode        *metadata);
/* The member whose credentials these are: a person or, better, an integration user (whose
 * credentials keep working when a person leaves). 0 when nobody is recorded. */
gint64           sb_account_get_owner_member_id     (SbAccount       *self);
void             sb_account_set_owner_member_id     (SbAccount       *self,
                                                     gint64           owner_member_id);
/* When the connection was last tested, successfully or not; NULL when never. */
GDateTime       *sb_account_get_last_tested_at      (SbAccount       *self);
void             sb_account_set_last_tested_at      (SbAccount       *self,
                                                     GDateTime       *last_tested_at);
/* When its OAuth2 tokens were last refreshed; NULL when never (or not OAuth2). */
GDateTime       *sb_account_get_last_refresh_at     (SbAccount       *self);
void             sb_account_set_last_refresh_at     (SbAccount       *self,
                                                     GDateTime       *last_refresh_at);

G_END_DECLS
