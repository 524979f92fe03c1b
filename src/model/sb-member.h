/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "sb-enums.h"
#include "sb-role.h"

G_BEGIN_DECLS

#define SB_TYPE_MEMBER (sb_member_get_type ())
G_DECLARE_FINAL_TYPE (SbMember, sb_member, SB, MEMBER, GObject)

SbMember       *sb_member_new                  (void);
gint64          sb_member_get_id               (SbMember       *self);
void            sb_member_set_id               (SbMember       *self,
                                                gint64          id);
gint64          sb_member_get_organization_id  (SbMember       *self);
void            sb_member_set_organization_id  (SbMember       *self,
                                                gint64          organization_id);
const char     *sb_member_get_display_name     (SbMember       *self);
void            sb_member_set_display_name     (SbMember       *self,
                                                const char     *display_name);
const char     *sb_member_get_email            (SbMember       *self);
void            sb_member_set_email            (SbMember       *self,
                                                const char     *email);
const char     *sb_member_get_phone            (SbMember       *self);
void            sb_member_set_phone            (SbMember       *self,
                                                const char     *phone);
SbMemberKind    sb_member_get_kind             (SbMember       *self);
void            sb_member_set_kind             (SbMember       *self,
                                                SbMemberKind    kind);
SbRole          sb_member_get_role             (SbMember       *self);
void            sb_member_set_role             (SbMember       *self,
                                                SbRole          role);
SbMemberStatus  sb_member_get_status           (SbMember       *self);
void            sb_member_set_status           (SbMember       *self,
                                                SbMemberStatus  status);
/* The ids of the access packages it holds (sb-access-package.h), in the order they are
 * shown; never NULL, empty for none. */
const char * const *sb_member_get_packages     (SbMember       *self);
gboolean        sb_member_has_package          (SbMember       *self,
                                                const char     *package);
/* @packages: NULL for none. Copied as given: the workspace normalizes them. */
void            sb_member_set_packages         (SbMember       *self,
                                                const char * const *packages);

G_END_DECLS
