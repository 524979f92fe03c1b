/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sb-enums.h"

G_BEGIN_DECLS

/* Access packages: named bundles of access an integration user holds, a small fixed set.
 * Every integration user holds “Integration user” (SB_ACCESS_PACKAGE_INTEGRATION_USER),
 * which is what integrations need: editing and running integrations and administering
 * their accounts, the rights of a Collaborator. The others are optional and say which of
 * the organization's data its integrations may work with (invoicing, the member register,
 * accounting, reports). Samband records them, shows them and audits every change; what a
 * member may do in Samband itself still follows from their role.
 *
 * A package is named by its id, stable and stored (member_packages.package, `--package`,
 * `--json`); its label and description are translated. People hold no packages: their role
 * says what they may do. */

#define SB_ACCESS_PACKAGE_INTEGRATION_USER "integration-user"

/* Every package id, in the order they are shown: “integration-user” first. NULL-terminated,
 * static. */
const char * const *sb_access_package_get_ids         (void);
gboolean            sb_access_package_is_known        (const char          *id);
/* The translated name (“Invoicing”) and one-line description of @id; NULL for an unknown
 * id. */
const char         *sb_access_package_get_label       (const char          *id);
const char         *sb_access_package_get_description (const char          *id);

/* What a member of @kind holds when given @packages (NULL for none): each known package
 * once, in the order of sb_access_package_get_ids(), with “integration-user” always for an
 * integration user and nothing for a person; unknown ids (from a newer Samband) are kept,
 * after the known ones. A new NULL-terminated array, never NULL. */
char              **sb_access_packages_normalize      (const char * const  *packages,
                                                       SbMemberKind         kind);
/* @packages in the order they are shown (unknown ones last), each once, nothing added or
 * taken away. A new NULL-terminated array, never NULL. */
char              **sb_access_packages_sort           (const char * const  *packages);
/* The first of @packages that is not a known id, or NULL when all are. */
const char         *sb_access_packages_find_unknown   (const char * const  *packages);
/* The translated labels of @packages, joined with commas (“Integration user, Invoicing”);
 * an unknown id shows as itself. A new string; empty when there are none. */
char               *sb_access_packages_dup_labels     (const char * const  *packages);

G_END_DECLS
