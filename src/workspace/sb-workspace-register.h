/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sb-workspace.h"

G_BEGIN_DECLS

/* The register of activated integrations: what each integration that was activated does,
 * with whom, and on whose word, as the list, the command line and the GDPR register of
 * processing show it.
 *
 * Deactivating takes an integration out of the register: it stops running (it is no longer
 * Live) and is listed among the deactivated ones, its settings, accounts, versions and runs
 * all kept. Reactivating puts it back as it was. */

#define SB_TYPE_ACTIVATED_INTEGRATION (sb_activated_integration_get_type ())
G_DECLARE_FINAL_TYPE (SbActivatedIntegration, sb_activated_integration, SB,
                      ACTIVATED_INTEGRATION, GObject)

/* One row, made when listed; the integration is the very object the workspace keeps. */
SbIntegration      *sb_activated_integration_get_integration       (SbActivatedIntegration *self);
SbOrganization     *sb_activated_integration_get_organization      (SbActivatedIntegration *self);
/* The external systems (the connectors of its accounts): display names joined by commas,
 * and the connector ids; "" and an empty array when it uses none. */
const char         *sb_activated_integration_get_system            (SbActivatedIntegration *self);
const char * const *sb_activated_integration_get_system_ids        (SbActivatedIntegration *self);
/* "import", "export" or "two-way", from the directions of its connectors (see
 * sb_connector_get_direction): two-way when one of them is, or when it uses none; import when
 * one is read from; export when all only receive. And its translated label. */
const char         *sb_activated_integration_get_kind              (SbActivatedIntegration *self);
const char         *sb_activated_integration_get_kind_label        (SbActivatedIntegration *self);
/* The sport of its organization, or NULL. */
const char         *sb_activated_integration_get_sport             (SbActivatedIntegration *self);
/* Who activated it (a display name), or NULL when unknown. */
const char         *sb_activated_integration_get_activated_by      (SbActivatedIntegration *self);
GDateTime          *sb_activated_integration_get_activated_at      (SbActivatedIntegration *self);
/* NULL unless it is deactivated. */
GDateTime          *sb_activated_integration_get_deactivated_at    (SbActivatedIntegration *self);
/* Its last run (the last import), or NULL. */
SbRun              *sb_activated_integration_get_last_run          (SbActivatedIntegration *self);
/* The purpose of processing: the integration's own, otherwise what its providers state. When
 * nobody stated one, a sentence that says so and how to reach the provider, and
 * get_purpose_stated () is FALSE. Translated. */
const char         *sb_activated_integration_get_purpose           (SbActivatedIntegration *self);
gboolean            sb_activated_integration_get_purpose_stated    (SbActivatedIntegration *self);
/* The providers (the processors): company names, joined by commas. */
const char         *sb_activated_integration_get_providers         (SbActivatedIntegration *self);
/* The categories of personal data of all its connectors, translated, without repeats. */
const char * const *sb_activated_integration_get_personal_data     (SbActivatedIntegration *self);
/* The names of the accounts it uses. */
const char * const *sb_activated_integration_get_accounts          (SbActivatedIntegration *self);

/* What a list is narrowed to; every member NULL (or "") for no narrowing, and members
 * combine. @kind: "import", "export" or "two-way". @system: a connector id or display name
 * (ignoring case). @sport: ignoring case. @search: words to find in the integration's name,
 * description and systems (sb_search_match). */
typedef struct
{
  const char *search;
  const char *kind;
  const char *system;
  const char *sport;
} SbActivatedFilter;

/* The activated integrations (Live or Paused, activated once, not deactivated) or, with
 * @deactivated, the deactivated ones, of @organization (of every organization the acting
 * person may see when NULL), by organization then name: a new GPtrArray of
 * SbActivatedIntegration. Needs the right to view integrations in @organization. */
GPtrArray *sb_workspace_list_activated              (SbWorkspace              *self,
                                                     SbOrganization           *organization,
                                                     gboolean                  deactivated,
                                                     const SbActivatedFilter  *filter,
                                                     GError                  **error);
gboolean   sb_workspace_is_deactivated              (SbWorkspace              *self,
                                                     SbIntegration            *integration);
/* Deactivates the @n_integrations integrations, all or none: each must be in the register
 * (SB_WORKSPACE_ERROR_INVALID otherwise), and the acting member must be allowed to edit
 * integrations in each one's organization. One audit entry each ("integration.deactivate"). */
gboolean   sb_workspace_deactivate_integrations     (SbWorkspace              *self,
                                                     SbIntegration           **integrations,
                                                     guint                     n_integrations,
                                                     GError                  **error);
/* Puts deactivated integrations back in the register, all or none, with the status each had:
 * one that was Paused is Paused again; one that was Live must be ready to go live as
 * activation checks it, and becomes activated by the acting member, now. */
gboolean   sb_workspace_reactivate_integrations     (SbWorkspace              *self,
                                                     SbIntegration           **integrations,
                                                     guint                     n_integrations,
                                                     GError                  **error);

/* The register of processing of @organization (GDPR, article 30): every activated
 * integration with its purpose, the categories of personal data, the provider as processor,
 * who activated it and when, and its accounts. As CSV (RFC 4180: a header row, commas,
 * fields quoted when needed, CRLF line ends, UTF-8) and as a printable HTML page. Newly
 * allocated; NULL with @error set when refused. */
char      *sb_workspace_dup_register_csv            (SbWorkspace              *self,
                                                     SbOrganization           *organization,
                                                     GError                  **error);
char      *sb_workspace_dup_register_html           (SbWorkspace              *self,
                                                     SbOrganization           *organization,
                                                     GError                  **error);

G_END_DECLS
