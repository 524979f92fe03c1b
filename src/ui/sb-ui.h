/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Registers the interface's resource bundle once. The widget classes call it before they
 * read their templates, so a test that builds a window without the application works too. */
void sb_ui_ensure_resources (void);

/* For the dispose of a widget that lays out its template's children itself:
 * gtk_widget_dispose_template () only clears the children bound to fields. */
void sb_ui_unparent_children (GtkWidget *widget);

G_END_DECLS
