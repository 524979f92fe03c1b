/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sb-workspace.h"

G_BEGIN_DECLS

/* The catalog of systems {{{
 *
 * "Add integration": the external systems an organization can integrate with, from the
 * connector catalog and its integration templates; an integration is created from a
 * template with the organization's accounts of the services it needs.
 *
 * Two-sided activation: when a service's provider must also switch the integration on at
 * their side (sb_connector_get_two_sided_instructions()), an integration created from a
 * template that uses the service waits for them. It is stored with the integration
 * (integrations.awaiting_provider, the connector id), and cleared by the first run of the
 * integration that succeeds (the other side is on) or by
 * sb_workspace_confirm_provider_activation(). */

typedef struct
{
  SbConnector               *connector;  /* owned */
  /* NULL for a system without templates: then an integration is made by hand. */
  const SbConnectorTemplate *template;
  const char                *provider;   /* the provider's name, or the service's */
  const char                *type;       /* "import", "export" or "two-way" */
  const char                *purpose;    /* translated; may be NULL */
  /* The connector ids of the services it needs that the organization has no account of. */
  GStrv                      missing;
} SbCatalogEntry;

void            sb_catalog_entry_free               (SbCatalogEntry      *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbCatalogEntry, sb_catalog_entry_free)
/* Translated: “Import”, “Export”, “Two-way”. */
const char     *sb_catalog_type_get_label           (const char          *type);

/* The entries of the catalog for @organization, in the catalog's order (a connector's
 * templates, or the connector itself when it has none): a new GPtrArray of SbCatalogEntry.
 * For whoever may see the organization's integrations. */
GPtrArray      *sb_workspace_list_catalog           (SbWorkspace         *self,
                                                     SbOrganization      *organization,
                                                     GError             **error);
/* A template by "connector/template" or by its id alone when only one connector has it;
 * @connector (nullable) gets the connector (borrowed from the catalog). */
const SbConnectorTemplate *sb_workspace_find_template (SbWorkspace       *self,
                                                     const char          *reference,
                                                     SbConnector        **connector,
                                                     GError             **error);
/* A Draft from @template of @connector, each "account" member (a service) replaced by the
 * id of the organization's account of that service (the first by name). Refused
 * (SB_WORKSPACE_ERROR_INVALID, naming the service) when the organization has none. When a
 * service of the template is two-sided, the integration waits for its provider. */
SbIntegration  *sb_workspace_create_integration_from_template (SbWorkspace *self,
                                                     SbOrganization      *organization,
                                                     SbConnector         *connector,
                                                     const SbConnectorTemplate *template,
                                                     GError             **error);

/* The connector whose provider @integration waits for (a new reference), or NULL. */
SbConnector    *sb_workspace_dup_awaited_connector  (SbWorkspace         *self,
                                                     SbIntegration       *integration);
/* Translated, “Waiting for activation at Riksidrottsförbundet”, or NULL when it does not
 * wait. Newly allocated. */
char           *sb_workspace_dup_activation_notice  (SbWorkspace         *self,
                                                     SbIntegration       *integration);
/* The user says the provider has switched it on. Refused (SB_WORKSPACE_ERROR_INVALID) when
 * it does not wait; needs the right to edit integrations. */
gboolean        sb_workspace_confirm_provider_activation (SbWorkspace    *self,
                                                     SbIntegration       *integration,
                                                     GError             **error);

/* }}} */

G_END_DECLS
