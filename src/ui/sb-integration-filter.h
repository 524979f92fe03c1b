/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SB_TYPE_INTEGRATION_FILTER (sb_integration_filter_get_type ())
G_DECLARE_FINAL_TYPE (SbIntegrationFilter, sb_integration_filter, SB, INTEGRATION_FILTER,
                      GtkFilter)

/* Matches the SbIntegrations whose name, description or service names contain every word of
 * the search, ignoring case and diacritics (see model/sb-search.h): “ostersund fortnox” finds
 * “Östersunds FK: fees to Fortnox”. An empty search matches everything.
 *
 * Made for long lists typed into: each integration's key is folded once, on first use, and
 * kept with the integration (shared by every filter), and the search once per change. When
 * the new search only narrows the old one (a letter typed) or only widens it (a letter
 * deleted) the filter says so, and a GtkFilterListModel looks again at the shown or the
 * hidden items only.
 *
 * The filter follows its items: when the name, description or services of an integration
 * change so that the filter's answer for it changes, the filter emits GtkFilter::changed. */
SbIntegrationFilter *sb_integration_filter_new        (void);
/* NULL when empty. */
const char          *sb_integration_filter_get_search (SbIntegrationFilter *self);
void                 sb_integration_filter_set_search (SbIntegrationFilter *self,
                                                       const char          *search);
/* Folds the keys of @integrations (a GListModel of SbIntegration) in idle time, so that
 * the first keystroke over a long list finds them ready; NULL stops. */
void                 sb_integration_filter_prepare    (SbIntegrationFilter *self,
                                                       GListModel          *integrations);

G_END_DECLS
