/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "cli-fixture.h"

/* samband-cli and the catalog of systems: catalog, add-integration and confirm-activation,
 * the real binary against a temporary store with the demo. */

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

/* catalog lists every system and template, with provider, type and purpose. */
static void
test_catalog (Fixture       *fixture,
              gconstpointer  data)
{
  g_auto(Result) text = run_cli (fixture, "catalog", "Demo IF", NULL);
  g_auto(Result) json = run_cli (fixture, "--json", "catalog", "Demo IF", NULL);
  g_autoptr(JsonNode) node = NULL;
  JsonArray *array;
  gboolean found = FALSE;

  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "Import new members into Fortnox"));
  g_assert_nonnull (strstr (text.out, "idrottonline/members-to-fortnox"));
  g_assert_nonnull (strstr (text.out, "Riksidrottsförbundet"));

  g_assert_cmpint (json.status, ==, 0);
  node = parse (json.out);
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *entry = json_array_get_object_element (array, i);

      g_assert_true (json_object_has_member (entry, "provider"));
      g_assert_true (json_object_has_member (entry, "type"));
      g_assert_true (json_object_has_member (entry, "purpose"));
      if (g_strcmp0 (json_object_get_string_member_with_default (entry, "template", NULL),
                     "shopify/orders-to-fortnox") == 0)
        {
          found = TRUE;
          g_assert_cmpstr (json_object_get_string_member (entry, "type"), ==, "export");
          g_assert_cmpstr (json_object_get_string_member (entry, "purpose"), ==,
                           "Bookkeeping of sales in the shop");
          g_assert_false (json_object_get_boolean_member (entry, "two_sided"));
        }
    }
  g_assert_true (found);
}

/* add-integration makes a Draft that waits for RF, with whom to ask and what; then
 * confirm-activation ends the wait, once. */
static void
test_add_and_confirm (Fixture       *fixture,
                      gconstpointer  data)
{
  g_auto(Result) added = run_cli (fixture, "--json", "add-integration", "Demo IF",
                                  "members-to-fortnox", NULL);
  g_auto(Result) unknown = run_cli (fixture, "add-integration", "Demo IF", "no-such", NULL);
  g_auto(Result) confirmed = { 0 };
  g_auto(Result) again = { 0 };
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;
  JsonObject *awaiting;

  g_assert_cmpint (added.status, ==, 0);
  node = parse (added.out);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==,
                   "Import new members into Fortnox");
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "draft");
  awaiting = json_object_get_object_member (object, "awaiting_provider");
  g_assert_nonnull (awaiting);
  g_assert_cmpstr (json_object_get_string_member (awaiting, "provider"), ==,
                   "Riksidrottsförbundet");
  g_assert_nonnull (json_object_get_string_member (awaiting, "instructions"));

  g_assert_cmpint (unknown.status, !=, 0);
  g_assert_nonnull (strstr (unknown.err, "no-such"));

  confirmed = run_cli (fixture, "confirm-activation", "Import new members into Fortnox", NULL);
  g_assert_cmpint (confirmed.status, ==, 0);
  again = run_cli (fixture, "confirm-activation", "Import new members into Fortnox", NULL);
  g_assert_cmpint (again.status, !=, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  setlocale (LC_ALL, "C.UTF-8");

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/cli/catalog/catalog", test_catalog);
  ADD ("/cli/catalog/add-and-confirm", test_add_and_confirm);

  return g_test_run ();
}
