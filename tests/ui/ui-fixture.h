/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ui/sb-window-private.h"

G_BEGIN_DECLS

typedef struct
{
  char *data_dir;
  SbWorkspace *workspace;
  SbWindow *window;
} Fixture;

/* The data of g_test_add (): with the demo club and company, or an empty store. */
#define WITH_DEMO GINT_TO_POINTER (1)
#define EMPTY GINT_TO_POINTER (0)

void fixture_set_up    (Fixture       *f,
                        gconstpointer  data);
void fixture_tear_down (Fixture       *f,
                        gconstpointer  data);

/* Runs the main loop until *@pointer becomes NULL, for at most five seconds. */
void wait_for_null     (gpointer      *pointer);
void wait_until_mapped (GtkWidget     *widget);
/* Lets pending idles (redraws, deferred list work) run. */
void flush_events      (void);
/* adw_toast_dismiss(), once the toast has finished sliding in. */
void dismiss_toast     (AdwToast      *toast);
void remove_tree       (GFile         *file);
/* Each test starts from the defaults: the memory backend keeps values between tests. */
void reset_settings    (void);

/* gtk_test_init () with the build's GSettings schema in memory and the locale of the
 * environment (LANGUAGE=sv shows the window in Swedish). */
void ui_test_init      (int           *argc,
                        char        ***argv);
/* Runs the main loop while @busy (@data) says so, for at most ten seconds. */
void wait_while        (gboolean     (*busy) (gpointer data),
                        gpointer       data);
/* The same, for at most @seconds. */
void wait_while_for    (gboolean     (*busy) (gpointer data),
                        gpointer       data,
                        guint          seconds);
/* Selects the first organization of @kind in the sidebar. */
void select_organization_kind (Fixture            *f,
                               SbOrganizationKind  kind);
/* The message dialog on screen, or NULL. */
AdwMessageDialog *find_message_dialog (void);

G_END_DECLS
