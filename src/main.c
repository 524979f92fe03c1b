/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "ui/sb-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SbApplication) application = NULL;
  const char *localedir = g_getenv ("SAMBAND_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  application = sb_application_new ();

  return g_application_run (G_APPLICATION (application), argc, argv);
}
