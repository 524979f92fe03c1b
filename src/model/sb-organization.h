/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "sb-enums.h"

G_BEGIN_DECLS

#define SB_TYPE_ORGANIZATION (sb_organization_get_type ())
G_DECLARE_FINAL_TYPE (SbOrganization, sb_organization, SB, ORGANIZATION, GObject)

SbOrganization     *sb_organization_new       (void);
gint64              sb_organization_get_id    (SbOrganization     *self);
void                sb_organization_set_id    (SbOrganization     *self,
                                               gint64              id);
const char         *sb_organization_get_name  (SbOrganization     *self);
void                sb_organization_set_name  (SbOrganization     *self,
                                               const char         *name);
SbOrganizationKind  sb_organization_get_kind  (SbOrganization     *self);
void                sb_organization_set_kind  (SbOrganization     *self,
                                               SbOrganizationKind  kind);
const char         *sb_organization_get_sport (SbOrganization     *self);
void                sb_organization_set_sport (SbOrganization     *self,
                                               const char         *sport);

G_END_DECLS
