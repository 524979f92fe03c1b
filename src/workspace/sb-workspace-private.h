/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sb-workspace.h"
#include "store/sb-store.h"

G_BEGIN_DECLS

SbStore  *sb_workspace_get_store          (SbWorkspace     *self);
/* Adds an organization read back from the store to the organizations model. */
void      sb_workspace_take_organization  (SbWorkspace     *self,
                                           SbOrganization  *organization);
gboolean  sb_workspace_set_profile_locked (SbWorkspace     *self,
                                           const char      *name,
                                           const char      *email,
                                           GError         **error);
gboolean  sb_workspace_import_document    (SbWorkspace     *self,
                                           JsonNode        *document,
                                           gboolean         skip_existing,
                                           GError         **error);

/* The engine recorded @run, a new run: it goes to the top of its integration's runs list (when
 * that is loaded) and becomes the integration's last run. */
void      sb_workspace_add_run            (SbWorkspace     *self,
                                           SbRun           *run);

/* The engine recorded @event in the log of @run: it joins the run's log and, for a warning or
 * an error, the integration's log, where those are loaded. */
void      sb_workspace_add_run_event      (SbWorkspace     *self,
                                           SbRun           *run,
                                           SbRunEvent      *event);

G_END_DECLS
