/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "cli-fixture.h"

/* samband-cli's register of activated integrations: activated with its filters, deactivate,
 * reactivate and register, the real binary against a temporary store with the demo. */

#define FEES "Membership fees from Stripe to Fortnox"
#define IMPORT "Import new members from IdrottOnline"
#define LOK "Weekly LOK-support attendance report"

/* The names listed by activated --json with the options given, joined by "|". */
static char *
dup_activated (Fixture    *fixture,
               const char *first_option,
               ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *out = NULL;
  JsonArray *array;
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("SAMBAND_CLI"));
  g_ptr_array_add (argv, "--data-dir");
  g_ptr_array_add (argv, fixture->dir);
  g_ptr_array_add (argv, "activated");
  g_ptr_array_add (argv, "Demo IF");
  g_ptr_array_add (argv, "--json");
  va_start (args, first_option);
  for (const char *arg = first_option; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  node = json_from_string (out, &error);
  g_assert_no_error (error);
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      if (i > 0)
        g_string_append_c (names, '|');
      g_string_append (names, json_object_get_string_member (json_array_get_object_element (array,
                                                                                            i),
                                                             "name"));
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

#define ASSERT_ACTIVATED(expected, ...) \
  G_STMT_START { \
    g_autofree char *listed_ = dup_activated (fixture, __VA_ARGS__, NULL); \
    g_assert_cmpstr (listed_, ==, expected); \
  } G_STMT_END

static void
test_activated (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(Result) words = run_cli (fixture, "activated", "Demo IF", NULL);
  g_auto(Result) json = run_cli (fixture, "activated", "Demo IF", "--json", NULL);
  g_auto(Result) bad_type = run_cli (fixture, "activated", "Demo IF", "--type", "sideways",
                                     NULL);
  g_auto(Result) stranger = run_cli (fixture, "--as", "someone@example.se", "activated",
                                     "Demo IF", NULL);
  g_auto(Result) misplaced = run_cli (fixture, "integrations", "Demo IF", "--type", "import",
                                      NULL);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *fees = NULL;
  JsonArray *array;

  g_assert_cmpint (words.status, ==, 0);
  g_assert_nonnull (strstr (words.out, FEES));
  g_assert_nonnull (strstr (words.out, "Purpose: Bookkeeping of membership fees"));
  g_assert_null (strstr (words.out, "Club shop orders to Fortnox"));

  g_assert_cmpint (json.status, ==, 0);
  node = json_from_string (json.out, &error);
  g_assert_no_error (error);
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (array, i),
                                                    "name"), FEES))
      fees = json_array_get_object_element (array, i);
  g_assert_nonnull (fees);
  g_assert_cmpstr (json_object_get_string_member (fees, "system"), ==, "Fortnox, Stripe");
  g_assert_cmpstr (json_object_get_string_member (fees, "type"), ==, "import");
  g_assert_cmpstr (json_object_get_string_member (fees, "sport"), ==, "Football");
  g_assert_cmpstr (json_object_get_string_member (fees, "activated_by"), ==, "Karin Lindqvist");
  g_assert_nonnull (json_object_get_string_member (fees, "activated_at"));
  g_assert_true (json_object_get_null_member (fees, "deactivated_at"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (fees,
                                                                                 "last_import"),
                                                  "status"), ==, "succeeded");
  g_assert_true (json_object_get_boolean_member (fees, "purpose_stated"));
  g_assert_cmpstr (json_object_get_string_member (fees, "providers"), ==,
                   "Fortnox AB, Stripe, Inc.");

  /* The filters, alone and combined. */
  ASSERT_ACTIVATED (IMPORT "|" FEES "|" LOK, "--type", "import");
  ASSERT_ACTIVATED ("", "--type", "export");
  ASSERT_ACTIVATED (FEES, "--system", "stripe");
  ASSERT_ACTIVATED (IMPORT "|" FEES, "--system", "Fortnox");
  ASSERT_ACTIVATED (IMPORT "|" FEES "|" LOK, "--sport", "football");
  ASSERT_ACTIVATED ("", "--sport", "Handball");
  ASSERT_ACTIVATED (LOK, "--search", "weekly");
  ASSERT_ACTIVATED (IMPORT "|" FEES, "--type", "import", "--system", "fortnox", "--sport",
                    "Football");
  ASSERT_ACTIVATED (LOK, "--system", "idrottonline", "--search", "report");
  ASSERT_ACTIVATED ("", "--system", "stripe", "--sport", "Handball");

  g_assert_cmpint (bad_type.status, ==, 2);
  g_assert_nonnull (strstr (bad_type.err, "import, export or two-way"));
  g_assert_cmpint (stranger.status, ==, 3);
  g_assert_cmpint (misplaced.status, ==, 2);
}

static void
test_deactivate_and_reactivate (Fixture       *fixture,
                                gconstpointer  data)
{
  g_auto(Result) refused = run_cli (fixture, "--as", "sara@demo-if.example", "deactivate", LOK,
                                    NULL);
  g_auto(Result) draft = run_cli (fixture, "deactivate", LOK, "Club shop orders to Fortnox",
                                  NULL);
  g_auto(Result) deactivated = { 0 };
  g_auto(Result) runs_before = run_cli (fixture, "runs", IMPORT, NULL);
  g_auto(Result) show_before = run_cli (fixture, "show", IMPORT, "--json", NULL);
  g_auto(Result) runs_after = { 0 };
  g_auto(Result) show_after = { 0 };
  g_auto(Result) again = { 0 };
  g_auto(Result) reactivated = { 0 };
  g_auto(Result) listed = { 0 };

  /* A Reader is refused; all or none: a Draft is not in the register. */
  g_assert_cmpint (refused.status, ==, 3);
  g_assert_cmpint (draft.status, ==, 1);
  g_assert_nonnull (strstr (draft.err, "not an activated integration"));
  ASSERT_ACTIVATED (IMPORT "|" FEES "|" LOK, "--type", "import");

  deactivated = run_cli (fixture, "deactivate", IMPORT, LOK, NULL);
  g_assert_cmpint (deactivated.status, ==, 0);
  g_assert_cmpstr (deactivated.err, ==, "");
  g_assert_nonnull (strstr (deactivated.out, "settings and history are kept"));
  ASSERT_ACTIVATED (FEES, "--sport", "Football");
  ASSERT_ACTIVATED (IMPORT "|" LOK, "--deactivated");
  ASSERT_ACTIVATED (IMPORT, "--deactivated", "--system", "fortnox");

  /* Paused, with its settings and runs as they were. */
  show_after = run_cli (fixture, "show", IMPORT, "--json", NULL);
  runs_after = run_cli (fixture, "runs", IMPORT, NULL);
  g_assert_cmpstr (runs_after.out, ==, runs_before.out);
  {
    g_autoptr(JsonNode) before = json_from_string (show_before.out, NULL);
    g_autoptr(JsonNode) after = json_from_string (show_after.out, NULL);
    JsonObject *b = json_node_get_object (before);
    JsonObject *a = json_node_get_object (after);

    g_assert_cmpstr (json_object_get_string_member (a, "status"), ==, "paused");
    g_assert_true (json_node_equal (json_object_get_member (a, "steps"),
                                    json_object_get_member (b, "steps")));
    g_assert_true (json_node_equal (json_object_get_member (a, "settings"),
                                    json_object_get_member (b, "settings")));
  }

  again = run_cli (fixture, "deactivate", IMPORT, NULL);
  g_assert_cmpint (again.status, ==, 1);

  reactivated = run_cli (fixture, "reactivate", IMPORT, LOK, NULL);
  g_assert_cmpint (reactivated.status, ==, 0);
  g_assert_cmpstr (reactivated.err, ==, "");
  ASSERT_ACTIVATED ("", "--deactivated");
  ASSERT_ACTIVATED (IMPORT "|" FEES "|" LOK, "--type", "import");
  listed = run_cli (fixture, "integrations", "Demo IF", NULL);
  g_assert_cmpint (listed.status, ==, 0);
}

static void
test_register (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *csv_path = g_build_filename (fixture->dir, "register.csv", NULL);
  g_autofree char *html_path = g_build_filename (fixture->dir, "register.html", NULL);
  g_autofree char *csv = NULL;
  g_autofree char *html = NULL;
  g_auto(Result) deactivated = run_cli (fixture, "deactivate", LOK, NULL);
  g_auto(Result) written = run_cli (fixture, "register", "Demo IF", "--csv", csv_path,
                                    "--html", html_path, NULL);
  g_auto(Result) to_stdout = run_cli (fixture, "register", "Demo IF", NULL);
  g_auto(Result) stranger = run_cli (fixture, "--as", "someone@example.se", "register",
                                     "Demo IF", "--csv", "-", NULL);
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (deactivated.status, ==, 0);
  g_assert_cmpint (written.status, ==, 0);
  g_assert_cmpstr (written.out, ==, "");
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_true (g_file_get_contents (html_path, &html, NULL, NULL));
  g_assert_cmpstr (to_stdout.out, ==, csv);

  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_true (g_str_has_prefix (lines[0], "Integration,System,Type,Purpose of processing,"
                                   "Categories of personal data,Processor,Activated by,"));
  g_assert_true (g_str_has_prefix (lines[1], IMPORT ",\"IdrottOnline, Fortnox\",Import,"
                                   "Keeping the member register and the bookkeeping in step,"
                                   "\"Name, Personal identity number,"));
  g_assert_nonnull (strstr (lines[1], ",\"Riksidrottsförbundet, Fortnox AB\",Karin Lindqvist,"));
  g_assert_true (g_str_has_prefix (lines[2], FEES ","));
  g_assert_null (strstr (csv, LOK));

  g_assert_nonnull (strstr (html, "<h1>Register of processing: Demo IF</h1>"));
  g_assert_nonnull (strstr (html, "<td>" FEES "</td>"));
  g_assert_null (strstr (html, LOK));

  g_assert_cmpint (stranger.status, ==, 3);
  g_assert_cmpstr (stranger.out, ==, "");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  setlocale (LC_ALL, "C.UTF-8");

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/cli/register/activated", test_activated);
  ADD ("/cli/register/deactivate-and-reactivate", test_deactivate_and_reactivate);
  ADD ("/cli/register/register", test_register);

  return g_test_run ();
}
