/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fake-notifications.h"

#include <locale.h>
#include <signal.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "demo/sb-imitation.h"

/* samband-cli as a script would use it: the real binary, a temporary store, exit codes,
 * standard output and standard error. */

typedef struct
{
  char *dir;
} Fixture;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Result;

static void
result_clear (Result *result)
{
  g_free (result->out);
  g_free (result->err);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

static void
communicated_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
  g_main_context_wakeup (NULL);
}

/* Runs samband-cli while this process's main loop goes on, so that imitations of the
 * services running here answer it. @input: its standard input, or NULL. */
static Result
run_cli_va (Fixture    *fixture,
            const char *input,
            const char *first,
            va_list     args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  Result out = { 0 };

  g_ptr_array_add (argv, (char *) g_getenv ("SAMBAND_CLI"));
  g_ptr_array_add (argv, "--data-dir");
  g_ptr_array_add (argv, fixture->dir);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, input != NULL ? input : "", NULL,
                                       communicated_cb, &slot);
  while (slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  result = g_steal_pointer (&slot);
  g_subprocess_communicate_utf8_finish (process, result, &out.out, &out.err, &error);
  g_assert_no_error (error);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  out.status = g_subprocess_get_exit_status (process);
  if (out.out == NULL)
    out.out = g_strdup ("");
  if (out.err == NULL)
    out.err = g_strdup ("");
  return out;
}

static Result
run_cli (Fixture    *fixture,
         const char *first,
         ...)
{
  Result result;
  va_list args;

  va_start (args, first);
  result = run_cli_va (fixture, NULL, first, args);
  va_end (args);
  return result;
}

static Result
run_cli_with_input (Fixture    *fixture,
                    const char *input,
                    const char *first,
                    ...)
{
  Result result;
  va_list args;

  va_start (args, first);
  result = run_cli_va (fixture, input, first, args);
  va_end (args);
  return result;
}

static JsonArray *
parse_array (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  return json_array_ref (json_node_get_array (node));
}

static JsonObject *
find_by_name (JsonArray  *array,
              const char *name)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (object, "name"), name) == 0)
        return object;
    }
  return NULL;
}

static gboolean
has_keyring (void)
{
  const char *env = g_getenv ("SAMBAND_TEST_ENV");

  return env != NULL && strstr (env, "keyring=no") == NULL;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(Result) demo = { 0 };

  fixture->dir = g_dir_make_tmp ("samband-cli-XXXXXX", &error);
  g_assert_no_error (error);

  demo = run_cli (fixture, "demo", NULL);
  /* Without a keyring it says that the accounts have no credentials. */
  if (has_keyring ())
    g_assert_cmpstr (demo.err, ==, "");
  g_assert_cmpint (demo.status, ==, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static char *
dup_status_of (Fixture    *fixture,
               const char *org,
               const char *integration)
{
  g_auto(Result) list = run_cli (fixture, "integrations", org, "--json", NULL);
  g_autoptr(JsonArray) array = NULL;
  JsonObject *object;

  g_assert_cmpint (list.status, ==, 0);
  array = parse_array (list.out);
  object = find_by_name (array, integration);
  return object != NULL ? g_strdup (json_object_get_string_member (object, "status")) : NULL;
}

static void
test_listings (Fixture       *fixture,
               gconstpointer  data)
{
  g_auto(Result) orgs = run_cli (fixture, "orgs", "--json", NULL);
  g_auto(Result) integrations = run_cli (fixture, "--json", "integrations", "Demo IF", NULL);
  g_auto(Result) accounts = run_cli (fixture, "accounts", "Demo AB", "--json", NULL);
  g_auto(Result) members = run_cli (fixture, "members", "demo if", "--json", NULL);
  g_auto(Result) text = run_cli (fixture, "integrations", "Demo IF", NULL);
  g_autoptr(JsonArray) array = NULL;
  JsonObject *object;

  g_assert_cmpint (orgs.status, ==, 0);
  array = parse_array (orgs.out);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  object = find_by_name (array, "Demo IF");
  g_assert_nonnull (object);
  g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "club");
  g_assert_cmpstr (json_object_get_string_member (object, "role"), ==, "admin");
  g_assert_cmpint (json_object_get_int_member (object, "id"), >, 0);
  g_clear_pointer (&array, json_array_unref);

  g_assert_cmpint (integrations.status, ==, 0);
  array = parse_array (integrations.out);
  g_assert_cmpuint (json_array_get_length (array), ==, 5);
  object = find_by_name (array, "Membership fees from Stripe to Fortnox");
  g_assert_nonnull (object);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "live");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object,
                                                                                 "trigger"),
                                                  "event"),
                   ==, "payment_intent.succeeded");
  g_clear_pointer (&array, json_array_unref);

  g_assert_cmpint (accounts.status, ==, 0);
  array = parse_array (accounts.out);
  object = find_by_name (array, "Klarna payments");
  g_assert_nonnull (object);
  g_assert_cmpstr (json_object_get_string_member (object, "connector"), ==, "klarna");
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "connected");
  g_clear_pointer (&array, json_array_unref);

  g_assert_cmpint (members.status, ==, 0);
  array = parse_array (members.out);
  object = find_by_name (array, "Fortnox Integration");
  g_assert_nonnull (object);
  g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "integration-user");
  g_assert_cmpstr (json_object_get_string_member (object, "email"), ==,
                   "fortnox@demo-if.example");
  object = find_by_name (array, "Karin Lindqvist");
  g_assert_cmpstr (json_object_get_string_member (object, "role"), ==, "treasurer");

  /* Without --json, words for people. */
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "Membership fees from Stripe to Fortnox"));
  g_assert_nonnull (strstr (text.out, "Every day at 02:00"));
}

static void
test_set_status_and_delete (Fixture       *fixture,
                            gconstpointer  data)
{
  const char *name = "Weekly LOK-support attendance report";
  g_autofree char *status = dup_status_of (fixture, "Demo IF", name);
  g_auto(Result) live = { 0 };
  g_auto(Result) deleted = { 0 };
  g_autofree char *after = NULL;
  g_autofree char *gone = NULL;

  g_assert_cmpstr (status, ==, "paused");

  live = run_cli (fixture, "set-status", name, "live", NULL);
  g_assert_cmpint (live.status, ==, 0);
  g_assert_cmpstr (live.err, ==, "");
  after = dup_status_of (fixture, "Demo IF", name);
  g_assert_cmpstr (after, ==, "live");

  deleted = run_cli (fixture, "delete", name, NULL);
  g_assert_cmpint (deleted.status, ==, 0);
  gone = dup_status_of (fixture, "Demo IF", name);
  g_assert_null (gone);
}

static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  const char *name = "Import new members from IdrottOnline";
  g_auto(Result) pause = run_cli (fixture, "--as", "sara@demo-if.example",
                                  "set-status", name, "paused", NULL);
  g_auto(Result) delete = run_cli (fixture, "--as", "sara@demo-if.example", "delete", name,
                                   NULL);
  g_auto(Result) stranger = run_cli (fixture, "--as", "someone@example.se",
                                     "integrations", "Demo IF", NULL);
  g_auto(Result) reader_lists = run_cli (fixture, "--as", "sara@demo-if.example",
                                         "integrations", "Demo IF", "--json", NULL);
  g_autofree char *status = NULL;

  /* A Reader may not change, and is told why; nothing changes. */
  g_assert_cmpint (pause.status, ==, 3);
  g_assert_nonnull (strstr (pause.err, "Only Admins and Collaborators"));
  g_assert_cmpstr (pause.out, ==, "");
  g_assert_cmpint (delete.status, ==, 3);
  status = dup_status_of (fixture, "Demo IF", name);
  g_assert_cmpstr (status, ==, "live");

  /* Someone who is not a member sees nothing. */
  g_assert_cmpint (stranger.status, ==, 3);
  g_assert_nonnull (strstr (stranger.err, "not a member"));

  /* But a Reader may look. */
  g_assert_cmpint (reader_lists.status, ==, 0);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static void
test_show (Fixture       *fixture,
           gconstpointer  data)
{
  const char *name = "Import new members from IdrottOnline";
  g_auto(Result) json = run_cli (fixture, "show", name, "--json", NULL);
  g_auto(Result) text = run_cli (fixture, "show", name, NULL);
  g_auto(Result) reader = run_cli (fixture, "--as", "sara@demo-if.example", "show", name,
                                   "--json", NULL);
  g_auto(Result) stranger = run_cli (fixture, "--as", "someone@example.se", "show", name, NULL);
  g_autoptr(JsonObject) object = NULL;
  JsonArray *services, *versions, *runs, *steps;
  JsonObject *version, *run;

  g_assert_cmpint (json.status, ==, 0);
  g_assert_cmpstr (json.err, ==, "");
  object = parse_object (json.out);

  g_assert_cmpint (json_object_get_int_member (object, "id"), >, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, name);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "live");
  g_assert_nonnull (json_object_get_string_member (object, "description"));
  g_assert_nonnull (json_object_get_string_member (object, "purpose"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object,
                                                                                 "trigger"),
                                                  "kind"), ==, "schedule");
  g_assert_true (json_object_has_member (json_object_get_object_member (object, "settings"),
                                         "retries"));
  g_assert_cmpstr (json_object_get_string_member (object, "created_by"), ==, "Karin Lindqvist");
  g_assert_nonnull (json_object_get_string_member (object, "created_at"));
  g_assert_cmpstr (json_object_get_string_member (object, "activated_by"), ==, "Karin Lindqvist");
  g_assert_nonnull (json_object_get_string_member (object, "activated_at"));
  g_assert_cmpint (json_object_get_int_member (object, "version"), ==, 1);
  g_assert_false (json_object_get_boolean_member (object, "has_draft"));

  steps = json_object_get_array_member (object, "steps");
  g_assert_cmpuint (json_array_get_length (steps), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (steps, 0), "id"),
                   ==, "members");

  services = json_object_get_array_member (object, "services");
  g_assert_cmpuint (json_array_get_length (services), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (services, 0), ==, "Fortnox");
  g_assert_cmpstr (json_array_get_string_element (services, 1), ==, "IdrottOnline");

  versions = json_object_get_array_member (object, "versions");
  g_assert_cmpuint (json_array_get_length (versions), ==, 1);
  version = json_array_get_object_element (versions, 0);
  g_assert_cmpint (json_object_get_int_member (version, "version"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (version, "published_by"), ==, "Karin Lindqvist");
  g_assert_nonnull (json_object_get_string_member (version, "published_at"));

  /* The last runs, newest first, with their counts. */
  runs = json_object_get_array_member (object, "runs");
  g_assert_cmpuint (json_array_get_length (runs), ==, 4);
  run = json_array_get_object_element (runs, 0);
  g_assert_cmpint (json_object_get_int_member (run, "id"), >, 0);
  g_assert_cmpstr (json_object_get_string_member (run, "status"), ==, "succeeded");
  g_assert_nonnull (json_object_get_string_member (run, "started_at"));
  g_assert_nonnull (json_object_get_string_member (run, "finished_at"));
  g_assert_cmpint (json_object_get_int_member (run, "items_read"), ==, 212);
  g_assert_cmpint (json_object_get_int_member (run, "items_created"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (run, "items_updated"), ==, 7);
  g_assert_cmpint (json_object_get_int_member (run, "items_failed"), ==, 0);
  g_assert_true (json_object_get_null_member (run, "error"));
  run = json_array_get_object_element (runs, 2);
  g_assert_cmpstr (json_object_get_string_member (run, "status"), ==, "failed");
  g_assert_cmpstr (json_object_get_string_member (run, "error"), ==,
                   "IdrottOnline did not answer within 30 seconds");

  /* Words for people. */
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, name));
  g_assert_nonnull (strstr (text.out, "Every day at 02:00"));
  g_assert_nonnull (strstr (text.out, "Fortnox, IdrottOnline"));
  g_assert_nonnull (strstr (text.out, "customer (action)"));

  /* Every member may look; nobody else. */
  g_assert_cmpint (reader.status, ==, 0);
  g_assert_cmpint (stranger.status, ==, 3);
  g_assert_nonnull (strstr (stranger.err, "not a member"));
}

static void
test_lifecycle (Fixture       *fixture,
                gconstpointer  data)
{
  const char *paused = "Weekly LOK-support attendance report";
  const char *shop = "Club shop orders to Fortnox";
  g_auto(Result) refused = run_cli (fixture, "activate", shop, NULL);
  g_auto(Result) activated = run_cli (fixture, "activate", paused, "--json", NULL);
  g_auto(Result) again = run_cli (fixture, "activate", paused, NULL);
  g_auto(Result) nothing = run_cli (fixture, "publish", paused, NULL);
  g_auto(Result) paused_again = { 0 };
  g_auto(Result) not_live = { 0 };
  g_auto(Result) duplicated = { 0 };
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonObject) copy = NULL;
  g_autofree char *shop_status = NULL;
  g_autofree char *status = NULL;
  g_autofree char *copy_status = NULL;

  /* Refused, with the cause, and nothing changes. */
  g_assert_cmpint (refused.status, ==, 1);
  g_assert_nonnull (strstr (refused.err,
                            "“Club shop” (Shopify) is not connected: it needs attention."));
  g_assert_cmpstr (refused.out, ==, "");
  shop_status = dup_status_of (fixture, "Demo IF", shop);
  g_assert_cmpstr (shop_status, ==, "draft");

  g_assert_cmpint (activated.status, ==, 0);
  object = parse_object (activated.out);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "live");
  g_assert_cmpint (json_object_get_int_member (object, "version"), ==, 1);

  g_assert_cmpint (again.status, ==, 1);
  g_assert_nonnull (strstr (again.err, "live already"));
  g_assert_cmpint (nothing.status, ==, 1);
  g_assert_nonnull (strstr (nothing.err, "no changes to publish"));

  paused_again = run_cli (fixture, "pause", paused, NULL);
  g_assert_cmpint (paused_again.status, ==, 0);
  g_assert_nonnull (strstr (paused_again.out, "Paused"));
  status = dup_status_of (fixture, "Demo IF", paused);
  g_assert_cmpstr (status, ==, "paused");
  not_live = run_cli (fixture, "pause", paused, NULL);
  g_assert_cmpint (not_live.status, ==, 1);

  /* A duplicate is a draft called “… (copy)”. */
  duplicated = run_cli (fixture, "duplicate", paused, "--json", NULL);
  g_assert_cmpint (duplicated.status, ==, 0);
  copy = parse_object (duplicated.out);
  g_assert_cmpstr (json_object_get_string_member (copy, "name"), ==,
                   "Weekly LOK-support attendance report (copy)");
  g_assert_cmpstr (json_object_get_string_member (copy, "status"), ==, "draft");
  copy_status = dup_status_of (fixture, "Demo IF", "Weekly LOK-support attendance report (copy)");
  g_assert_cmpstr (copy_status, ==, "draft");
}

static void
test_lifecycle_refused (Fixture       *fixture,
                        gconstpointer  data)
{
  static const char * const commands[] = { "activate", "pause", "publish", "duplicate" };
  const char *names[] = {
    "Weekly LOK-support attendance report", "Import new members from IdrottOnline",
    "Import new members from IdrottOnline", "Import new members from IdrottOnline",
  };
  g_auto(Result) before = run_cli (fixture, "integrations", "Demo IF", "--json", NULL);

  /* A Reader is refused every one, told why, and nothing changes. */
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(Result) result = run_cli (fixture, "--as", "sara@demo-if.example", commands[i],
                                       names[i], NULL);

      g_test_message ("%s", commands[i]);
      g_assert_cmpint (result.status, ==, 3);
      g_assert_nonnull (strstr (result.err, "Only Admins and Collaborators"));
      g_assert_cmpstr (result.out, ==, "");
    }

  {
    g_auto(Result) after = run_cli (fixture, "integrations", "Demo IF", "--json", NULL);

    g_assert_cmpstr (before.out, ==, after.out);
  }
}

/* run: the integration runs now, against the imitations; the JSON says how it went and
 * `show` lists it; a run that fails exits 1 with the cause; a Reader is refused. */
static void
test_run (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *run;

  if (!has_keyring ())
    {
      g_test_skip ("the demo's credentials need a keyring");
      return;
    }

  {
    g_auto(Result) result = run_cli (fixture, "run", "Import new members from IdrottOnline",
                                     "--json", NULL);

    g_assert_cmpint (result.status, ==, 0);
    node = json_from_string (result.out, &error);
    g_assert_no_error (error);
    run = json_node_get_object (node);
    g_assert_cmpstr (json_object_get_string_member (run, "status"), ==, "succeeded");
    g_assert_cmpint (json_object_get_int_member (run, "items_read"), >, 0);
  }

  {
    /* A webhook's integration run by hand has no payment to invoice: it fails, and says
     * why. */
    g_auto(Result) result = run_cli (fixture, "run", "Membership fees from Stripe to Fortnox",
                                     NULL);

    g_assert_cmpint (result.status, ==, 1);
    g_assert_nonnull (strstr (result.err, "invoice"));
  }

  {
    g_auto(Result) result = run_cli (fixture, "--as", "sara@demo-if.example", "run",
                                     "Import new members from IdrottOnline", NULL);

    g_assert_cmpint (result.status, ==, 3);
    g_assert_nonnull (strstr (result.err, "Only Admins and Collaborators"));
  }
}

static void
test_usage (Fixture       *fixture,
            gconstpointer  data)
{
  g_auto(Result) none = run_cli (fixture, NULL, NULL);
  g_auto(Result) unknown = run_cli (fixture, "frobnicate", NULL);
  g_auto(Result) missing = run_cli (fixture, "integrations", NULL);
  g_auto(Result) extra = run_cli (fixture, "orgs", "Demo IF", NULL);
  g_auto(Result) option = run_cli (fixture, "--colour", "orgs", NULL);
  g_auto(Result) status = run_cli (fixture, "set-status", "1", "running", NULL);
  g_auto(Result) not_found = run_cli (fixture, "delete", "No such integration", NULL);
  g_auto(Result) no_org = run_cli (fixture, "members", "Demo FF", NULL);
  g_auto(Result) show = run_cli (fixture, "show", NULL);
  g_auto(Result) activate = run_cli (fixture, "activate", "a", "b", NULL);
  g_auto(Result) no_integration = run_cli (fixture, "show", "No such integration", NULL);

  g_assert_cmpint (none.status, ==, 2);
  g_assert_cmpint (unknown.status, ==, 2);
  g_assert_nonnull (strstr (unknown.err, "frobnicate"));
  g_assert_cmpint (missing.status, ==, 2);
  g_assert_nonnull (strstr (missing.err, "integrations ORG"));
  g_assert_cmpint (extra.status, ==, 2);
  g_assert_cmpint (option.status, ==, 2);
  g_assert_cmpint (status.status, ==, 2);
  g_assert_nonnull (strstr (status.err, "running"));

  g_assert_cmpint (not_found.status, ==, 1);
  g_assert_nonnull (strstr (not_found.err, "No such integration"));
  g_assert_cmpint (no_org.status, ==, 1);
  g_assert_cmpint (show.status, ==, 2);
  g_assert_nonnull (strstr (show.err, "show INTEGRATION"));
  g_assert_cmpint (activate.status, ==, 2);
  g_assert_cmpint (no_integration.status, ==, 1);
}

static void
test_bad_store (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "samband.db", NULL);
  g_autofree char *wal = g_build_filename (fixture->dir, "samband.db-wal", NULL);
  g_autofree char *shm = g_build_filename (fixture->dir, "samband.db-shm", NULL);
  g_auto(Result) result = { 0 };
  g_autofree char *contents = NULL;

  g_unlink (wal);
  g_unlink (shm);
  g_assert_true (g_file_set_contents (path, "not a database", -1, NULL));
  result = run_cli (fixture, "orgs", NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, path));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "not a database");
}

/* Runs and serve {{{ */

static const char *lok = "Weekly LOK-support attendance report";
static const char *import = "Import new members from IdrottOnline";

static JsonObject *
find_by_id (JsonArray *array,
            gint64     id)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (json_object_get_int_member (object, "id") == id)
        return object;
    }
  return NULL;
}

static gboolean
status_is_finished (const char *status)
{
  return g_strcmp0 (status, "queued") != 0 && g_strcmp0 (status, "running") != 0;
}

static gboolean
status_is_running (const char *status)
{
  return g_strcmp0 (status, "running") == 0;
}

/* run-detail --json of @run_id, asked again every tenth of a second until @until holds for
 * its status; fails the test after @seconds. */
static JsonObject *
wait_for_run (Fixture    *fixture,
              gint64      run_id,
              gboolean  (*until) (const char *status),
              guint       seconds)
{
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, run_id);
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  for (;;)
    {
      g_auto(Result) detail = run_cli (fixture, "run-detail", id_text, "--json", NULL);
      g_autoptr(JsonObject) object = NULL;

      g_assert_cmpint (detail.status, ==, 0);
      object = parse_object (detail.out);
      if (until (json_object_get_string_member (object, "status")))
        return g_steal_pointer (&object);
      if (g_get_monotonic_time () > deadline)
        g_error ("run %s is still %s after %u seconds", id_text,
                 json_object_get_string_member (object, "status"), seconds);
      g_usleep (G_USEC_PER_SEC / 10);
    }
}

/* samband-cli serve in the background, what it prints gathered as it comes. */
typedef struct
{
  GSubprocess      *process;
  GDataInputStream *out;
  GString          *text;
  gboolean          eof;
} Serve;

static void
serve_read_line_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Serve *serve = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (serve->out, result, NULL,
                                                                     &error);

  if (line == NULL)
    {
      serve->eof = TRUE;
      return;
    }
  g_string_append_printf (serve->text, "%s\n", line);
  g_data_input_stream_read_line_async (serve->out, G_PRIORITY_DEFAULT, NULL,
                                       serve_read_line_cb, serve);
}

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until serve has printed @needle (or, with NULL, has closed its
 * output); fails the test after @seconds. */
static void
serve_wait_for (Serve      *serve,
                const char *needle,
                guint       seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  guint tick = g_timeout_add (50, tick_cb, NULL);

  while ((needle != NULL ? strstr (serve->text->str, needle) == NULL : !serve->eof) &&
         (needle == NULL || !serve->eof) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);

  if (needle != NULL && strstr (serve->text->str, needle) == NULL)
    g_error ("serve did not print “%s”; it printed:\n%s", needle, serve->text->str);
  if (needle == NULL && !serve->eof)
    g_error ("serve did not end; it printed:\n%s", serve->text->str);
}

static Serve *
serve_start (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  Serve *serve = g_new0 (Serve, 1);

  serve->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                     G_SUBPROCESS_FLAGS_STDERR_MERGE, &error,
                                     g_getenv ("SAMBAND_CLI"), "--data-dir", fixture->dir,
                                     "serve", "--port", "0", NULL);
  g_assert_no_error (error);
  serve->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (serve->process));
  serve->text = g_string_new (NULL);
  g_data_input_stream_read_line_async (serve->out, G_PRIORITY_DEFAULT, NULL,
                                       serve_read_line_cb, serve);

  /* Its one line once the engine and the webhook receiver run. */
  serve_wait_for (serve, "Running the integrations of", 20);
  g_assert_nonnull (strstr (serve->text->str, fixture->dir));
  g_assert_nonnull (strstr (serve->text->str, "http://127.0.0.1:"));
  g_assert_nonnull (strstr (serve->text->str, "/hooks/"));
  return serve;
}

/* Sends @signal_number and waits until serve has ended; returns how (the exit status, or
 * -signal for a signal). */
static int
serve_stop (Serve *serve,
            int    signal_number)
{
  g_autoptr(GError) error = NULL;
  int how;

  g_subprocess_send_signal (serve->process, signal_number);
  serve_wait_for (serve, NULL, 20);
  g_subprocess_wait (serve->process, NULL, &error);
  g_assert_no_error (error);
  if (g_subprocess_get_if_exited (serve->process))
    how = g_subprocess_get_exit_status (serve->process);
  else
    how = -g_subprocess_get_term_sig (serve->process);

  g_test_message ("serve printed:\n%s", serve->text->str);
  g_object_unref (serve->out);
  g_object_unref (serve->process);
  g_string_free (serve->text, TRUE);
  g_free (serve);
  return how;
}

static gint64
run_and_get_id (Fixture    *fixture,
                const char *integration,
                const char *expected_status)
{
  g_auto(Result) run = run_cli (fixture, "run", integration, "--json", NULL);
  g_autoptr(JsonObject) object = NULL;

  g_test_message ("%s", run.err);
  g_assert_cmpint (run.status, ==, 0);
  object = parse_object (run.out);
  /* serve looks at the store twice a second: it may have taken a queued run already. */
  if (g_str_equal (expected_status, "queued") &&
      g_strcmp0 (json_object_get_string_member (object, "status"), "running") == 0)
    g_test_message ("run %" G_GINT64_FORMAT " was running already",
                    json_object_get_int_member (object, "id"));
  else
    g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, expected_status);
  g_assert_null (json_object_get_member (object, "events"));
  return json_object_get_int_member (object, "id");
}

/* runs and run-detail after a run; who may see them; what a wrong run number says. */
static void
test_runs_and_detail (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *id_text = NULL;
  gint64 id;

  if (!has_keyring ())
    {
      g_test_skip ("the demo's credentials need a keyring");
      return;
    }

  /* Nobody else runs the integrations: this process does, and waits. */
  id = run_and_get_id (fixture, lok, "succeeded");
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  {
    g_auto(Result) runs = run_cli (fixture, "runs", lok, "--json", NULL);
    g_autoptr(JsonArray) array = NULL;
    JsonObject *first;

    g_assert_cmpint (runs.status, ==, 0);
    array = parse_array (runs.out);
    g_assert_cmpuint (json_array_get_length (array), >=, 2);
    /* Newest first. */
    first = json_array_get_object_element (array, 0);
    g_assert_cmpint (json_object_get_int_member (first, "id"), ==, id);
    g_assert_cmpstr (json_object_get_string_member (first, "status"), ==, "succeeded");
    g_assert_cmpstr (json_object_get_string_member (first, "trigger_kind"), ==, "manual");
    g_assert_false (json_object_get_boolean_member (first, "catch_up"));
    g_assert_true (json_object_get_null_member (first, "replay_of"));
    g_assert_cmpint (json_object_get_int_member (first, "attempt"), ==, 1);
    g_assert_nonnull (json_object_get_string_member (first, "started_at"));
    g_assert_nonnull (json_object_get_string_member (first, "finished_at"));
    g_assert_true (json_object_has_member (first, "items_read"));
    g_assert_true (json_object_has_member (first, "error"));
    for (guint i = 1; i < json_array_get_length (array); i++)
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array,
                                                                                     i - 1),
                                                      "started_at"), >=,
                       json_object_get_string_member (json_array_get_object_element (array, i),
                                                      "started_at"));
  }

  {
    g_auto(Result) detail = run_cli (fixture, "run-detail", id_text, "--json", NULL);
    g_autoptr(JsonObject) object = NULL;
    JsonArray *events;
    gboolean step_seen = FALSE;

    g_assert_cmpint (detail.status, ==, 0);
    g_assert_cmpstr (detail.err, ==, "");
    object = parse_object (detail.out);
    g_assert_cmpint (json_object_get_int_member (object, "id"), ==, id);
    g_assert_cmpstr (json_object_get_string_member (object, "integration"), ==, lok);
    g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "succeeded");
    g_assert_true (json_object_has_member (object, "trigger_input"));
    events = json_object_get_array_member (object, "events");
    g_assert_cmpuint (json_array_get_length (events), >, 0);
    for (guint i = 0; i < json_array_get_length (events); i++)
      {
        JsonObject *event = json_array_get_object_element (events, i);

        g_assert_nonnull (json_object_get_string_member (event, "level"));
        g_assert_nonnull (json_object_get_string_member (event, "message"));
        g_assert_nonnull (json_object_get_string_member (event, "at"));
        if (g_strcmp0 (json_object_get_string_member (event, "step_id"), "activities") == 0)
          {
            JsonObject *event_data = json_object_get_object_member (event, "data");

            step_seen = TRUE;
            g_assert_true (json_object_has_member (event_data, "input"));
            g_assert_true (json_object_has_member (event_data, "output"));
          }
      }
    g_assert_true (step_seen);
  }

  {
    g_auto(Result) text = run_cli (fixture, "runs", lok, NULL);
    g_auto(Result) detail = run_cli (fixture, "run-detail", id_text, NULL);
    g_auto(Result) reader = run_cli (fixture, "--as", "sara@demo-if.example", "runs", lok,
                                     "--json", NULL);
    g_auto(Result) stranger = run_cli (fixture, "--as", "someone@example.se", "run-detail",
                                       id_text, NULL);
    g_auto(Result) missing = run_cli (fixture, "run-detail", "999999", NULL);
    g_auto(Result) not_a_run = run_cli (fixture, "run-detail", "latest", NULL);
    g_auto(Result) no_integration = run_cli (fixture, "runs", "No such integration", NULL);

    g_assert_cmpint (text.status, ==, 0);
    g_assert_nonnull (strstr (text.out, "Succeeded"));
    g_assert_nonnull (strstr (text.out, "Manual"));
    g_assert_nonnull (strstr (text.out, id_text));
    g_assert_cmpint (detail.status, ==, 0);
    g_assert_nonnull (strstr (detail.out, lok));
    g_assert_nonnull (strstr (detail.out, "activities"));

    /* Every member may look; someone who is not one may not. */
    g_assert_cmpint (reader.status, ==, 0);
    g_assert_cmpint (stranger.status, ==, 3);
    g_assert_cmpstr (stranger.out, ==, "");

    g_assert_cmpint (missing.status, ==, 1);
    g_assert_nonnull (strstr (missing.err, "There is no run 999999"));
    g_assert_cmpint (not_a_run.status, ==, 2);
    g_assert_nonnull (strstr (not_a_run.err, "latest"));
    g_assert_cmpint (no_integration.status, ==, 1);
  }
}

/* replay makes a new run that says which it replays; an ended run cannot be cancelled. */
/* imports and import-detail after a real import: what became of every member. */
static void
test_imports (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *id_text = NULL;
  gint64 id;

  if (!has_keyring ())
    {
      g_test_skip ("the demo's credentials need a keyring");
      return;
    }

  id = run_and_get_id (fixture, import, "succeeded");
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  {
    g_auto(Result) list = run_cli (fixture, "imports", "Demo IF", "--json", NULL);
    g_auto(Result) mine = run_cli (fixture, "imports", "Demo IF", "--search", "idrott",
                                   "--since", "2000-01-01", "--json", NULL);
    g_auto(Result) failed = run_cli (fixture, "imports", "Demo IF", "--status", "failed",
                                     "--json", NULL);
    g_auto(Result) future = run_cli (fixture, "imports", "Demo IF", "--since", "2999-01-01",
                                     "--json", NULL);
    g_auto(Result) text = run_cli (fixture, "imports", "Demo IF", NULL);
    g_autoptr(JsonArray) array = NULL;
    g_autoptr(JsonArray) mine_array = NULL;
    g_autoptr(JsonArray) failed_array = NULL;
    g_autoptr(JsonArray) future_array = NULL;
    JsonObject *newest;

    g_assert_cmpint (list.status, ==, 0);
    array = parse_array (list.out);
    g_assert_cmpuint (json_array_get_length (array), >, 1);
    newest = json_array_get_object_element (array, 0);
    g_assert_cmpint (json_object_get_int_member (newest, "id"), ==, id);
    g_assert_cmpstr (json_object_get_string_member (newest, "integration"), ==, import);
    g_assert_cmpstr (json_object_get_string_member (newest, "import_status"), ==, "done");

    g_assert_cmpint (mine.status, ==, 0);
    mine_array = parse_array (mine.out);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (mine_array, 0),
                                                 "id"), ==, id);

    g_assert_cmpint (failed.status, ==, 0);
    failed_array = parse_array (failed.out);
    g_assert_cmpuint (json_array_get_length (failed_array), >, 0);
    for (guint i = 0; i < json_array_get_length (failed_array); i++)
      g_assert_cmpstr (json_object_get_string_member (
                         json_array_get_object_element (failed_array, i), "import_status"),
                       ==, "failed");

    g_assert_cmpint (future.status, ==, 0);
    future_array = parse_array (future.out);
    g_assert_cmpuint (json_array_get_length (future_array), ==, 0);

    g_assert_cmpint (text.status, ==, 0);
    g_assert_nonnull (strstr (text.out, import));
    g_assert_nonnull (strstr (text.out, "Done"));
  }

  {
    g_auto(Result) detail = run_cli (fixture, "import-detail", id_text, "--json", NULL);
    g_auto(Result) text = run_cli (fixture, "import-detail", id_text, NULL);
    g_autoptr(JsonObject) object = NULL;
    JsonArray *items;

    g_assert_cmpint (detail.status, ==, 0);
    object = parse_object (detail.out);
    g_assert_cmpstr (json_object_get_string_member (object, "import_status"), ==, "done");
    items = json_object_get_array_member (object, "items");
    g_assert_cmpuint (json_array_get_length (items), >, 0);
    g_assert_cmpint (json_array_get_length (items), ==,
                     json_object_get_int_member (object, "items_read"));
    for (guint i = 0; i < json_array_get_length (items); i++)
      {
        JsonObject *item = json_array_get_object_element (items, i);

        g_assert_cmpint (json_object_get_int_member (item, "item"), ==, i);
        g_assert_cmpstr (json_object_get_string_member (item, "outcome"), ==, "created");
        g_assert_nonnull (json_object_get_string_member (item, "key"));
        g_assert_true (json_object_get_null_member (item, "reason"));
      }

    g_assert_cmpint (text.status, ==, 0);
    g_assert_nonnull (strstr (text.out, "Created"));
    g_assert_nonnull (strstr (text.out, json_object_get_string_member (
                                          json_array_get_object_element (items, 0), "key")));
  }

  {
    g_auto(Result) bad_status = run_cli (fixture, "imports", "Demo IF", "--status", "fine",
                                         NULL);
    g_auto(Result) bad_date = run_cli (fixture, "imports", "Demo IF", "--since", "yesterday",
                                       NULL);
    g_auto(Result) misplaced = run_cli (fixture, "runs", import, "--status", "done", NULL);
    g_auto(Result) reader = run_cli (fixture, "--as", "sara@demo-if.example", "imports",
                                     "Demo IF", NULL);
    g_auto(Result) stranger = run_cli (fixture, "--as", "someone@example.se", "import-detail",
                                       id_text, NULL);

    g_assert_cmpint (bad_status.status, ==, 2);
    g_assert_nonnull (strstr (bad_status.err, "“fine”"));
    g_assert_cmpint (bad_date.status, ==, 2);
    g_assert_cmpint (misplaced.status, ==, 2);
    g_assert_cmpint (reader.status, ==, 0);
    g_assert_cmpint (stranger.status, ==, 3);
    g_assert_cmpstr (stranger.out, ==, "");
  }
}

/* Every service but the generic HTTP one names its provider and how to reach its support. */
static void
test_providers (Fixture       *fixture,
                gconstpointer  data)
{
  g_auto(Result) list = run_cli (fixture, "providers", "--json", NULL);
  g_auto(Result) text = run_cli (fixture, "providers", NULL);
  g_autoptr(JsonArray) array = NULL;

  g_assert_cmpint (list.status, ==, 0);
  array = parse_array (list.out);
  g_assert_cmpuint (json_array_get_length (array), >=, 7);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *provider = json_array_get_object_element (array, i);

      if (g_str_equal (json_object_get_string_member (provider, "connector"), "http"))
        continue;
      g_assert_nonnull (json_object_get_string_member (provider, "provider"));
      g_assert_true (json_object_get_string_member (provider, "support_email") != NULL ||
                     json_object_get_string_member (provider, "support_url") != NULL);
    }
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "Fortnox AB"));
  g_assert_nonnull (strstr (text.out, "https://www.fortnox.se/support"));
}

static void
test_replay_and_cancel (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *id_text = NULL;
  gint64 id;
  gint64 replay_id;

  if (!has_keyring ())
    {
      g_test_skip ("the demo's credentials need a keyring");
      return;
    }

  id = run_and_get_id (fixture, lok, "succeeded");
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  {
    g_auto(Result) replay = run_cli (fixture, "replay", id_text, "--json", NULL);
    g_autoptr(JsonObject) object = NULL;

    g_assert_cmpint (replay.status, ==, 0);
    object = parse_object (replay.out);
    replay_id = json_object_get_int_member (object, "id");
    g_assert_cmpint (replay_id, >, id);
    g_assert_cmpint (json_object_get_int_member (object, "replay_of"), ==, id);
    g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "succeeded");
  }

  {
    g_auto(Result) runs = run_cli (fixture, "runs", lok, "--json", NULL);
    g_autoptr(JsonArray) array = parse_array (runs.out);
    JsonObject *replay = find_by_id (array, replay_id);

    g_assert_nonnull (replay);
    g_assert_cmpint (json_object_get_int_member (replay, "replay_of"), ==, id);
    g_assert_nonnull (find_by_id (array, id));
  }

  {
    g_auto(Result) cancel = run_cli (fixture, "cancel", id_text, NULL);
    g_auto(Result) no_failed_step = run_cli (fixture, "replay", id_text, "--from-failed-step",
                                             NULL);
    g_auto(Result) reader = run_cli (fixture, "--as", "sara@demo-if.example", "replay",
                                     id_text, NULL);
    g_auto(Result) reader_cancel = run_cli (fixture, "--as", "sara@demo-if.example", "cancel",
                                            id_text, NULL);
    g_auto(Result) missing = run_cli (fixture, "cancel", "999999", NULL);
    g_auto(Result) stray = run_cli (fixture, "cancel", id_text, "--from-failed-step", NULL);
    g_auto(Result) stray_wait = run_cli (fixture, "runs", lok, "--wait", NULL);

    /* It has ended: the message says so, and it stays as it was. */
    g_assert_cmpint (cancel.status, ==, 1);
    g_assert_cmpstr (cancel.out, ==, "");
    g_assert_nonnull (strstr (cancel.err, "is not queued or running"));
    g_assert_cmpint (no_failed_step.status, ==, 1);
    g_assert_nonnull (strstr (no_failed_step.err, "no failed step"));
    g_assert_cmpint (reader.status, ==, 3);
    g_assert_nonnull (strstr (reader.err, "Only Admins and Collaborators"));
    g_assert_cmpint (reader_cancel.status, ==, 3);
    g_assert_cmpint (missing.status, ==, 1);
    g_assert_nonnull (strstr (missing.err, "999999"));
    g_assert_cmpint (stray.status, ==, 2);
    g_assert_cmpint (stray_wait.status, ==, 2);
  }

  {
    g_autoptr(JsonObject) after = wait_for_run (fixture, id, status_is_finished, 1);

    g_assert_cmpstr (json_object_get_string_member (after, "status"), ==, "succeeded");
    g_assert_false (json_object_get_boolean_member (after, "cancel_requested"));
  }
}

/* serve runs what other processes queue; a second engine is refused; a queued run can be
 * cancelled from another process. */
static void
test_serve (Fixture       *fixture,
            gconstpointer  data)
{
  Serve *serve;
  g_autoptr(JsonObject) finished = NULL;
  g_autofree char *line = NULL;
  gint64 id;

  if (!has_keyring ())
    {
      g_test_skip ("the demo's credentials need a keyring");
      return;
    }

  serve = serve_start (fixture);

  /* Queued for serve: printed at once, and serve runs it. */
  id = run_and_get_id (fixture, lok, "queued");
  finished = wait_for_run (fixture, id, status_is_finished, 20);
  g_assert_cmpstr (json_object_get_string_member (finished, "status"), ==, "succeeded");
  line = g_strdup_printf ("Run %" G_GINT64_FORMAT " of “%s” (Manual): Succeeded", id, lok);
  serve_wait_for (serve, line, 10);

  {
    g_auto(Result) text = run_cli (fixture, "run", lok, NULL);

    g_assert_cmpint (text.status, ==, 0);
    g_assert_nonnull (strstr (text.out, "is queued"));
  }

  {
    /* --wait waits for serve's run. */
    g_auto(Result) waited = run_cli (fixture, "run", lok, "--wait", "--json", NULL);
    g_autoptr(JsonObject) object = NULL;

    g_assert_cmpint (waited.status, ==, 0);
    object = parse_object (waited.out);
    g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "succeeded");
  }

  {
    /* The window, or a second serve, sees that serve has this data. */
    g_auto(Result) second = run_cli (fixture, "serve", "--port", "0", NULL);

    g_assert_cmpint (second.status, ==, 1);
    g_assert_nonnull (strstr (second.err, "another process"));
    g_assert_cmpstr (second.out, ==, "");
  }

  {
    /* One run at a time per integration: the second import waits its turn, and is
     * cancelled there. */
    gint64 first = run_and_get_id (fixture, import, "queued");
    gint64 second = run_and_get_id (fixture, import, "queued");
    g_autofree char *second_text = g_strdup_printf ("%" G_GINT64_FORMAT, second);
    g_autoptr(JsonObject) running = wait_for_run (fixture, first, status_is_running, 20);
    g_autoptr(JsonObject) cancelled = NULL;
    g_auto(Result) cancel = run_cli (fixture, "cancel", second_text, NULL);
    g_auto(Result) again = { 0 };

    g_assert_cmpint (cancel.status, ==, 0);
    g_assert_nonnull (strstr (cancel.out, second_text));
    cancelled = wait_for_run (fixture, second, status_is_finished, 20);
    g_assert_cmpstr (json_object_get_string_member (cancelled, "status"), ==, "cancelled");
    again = run_cli (fixture, "cancel", second_text, NULL);
    g_assert_cmpint (again.status, ==, 1);
  }

  g_assert_cmpint (serve_stop (serve, SIGTERM), ==, 0);
}

/* serve killed in the middle of a run: the store is fine, the run is interrupted, and the
 * next serve runs it again as attempt 2. */
static gboolean
no_new_notification (guint before)
{
  return fake_notifications_count () <= before;
}

/* A live integration that fails while serve runs it is told on the desktop, as the window
 * would tell it, through the notification server. */
static void
test_serve_notifies (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *fees = "Membership fees from Stripe to Fortnox";
  g_autoptr(JsonObject) finished = NULL;
  gint64 deadline;
  guint before;
  Serve *serve;
  gint64 id;

  if (!has_keyring ())
    {
      g_test_skip ("the demo's credentials need a keyring");
      return;
    }

  serve = serve_start (fixture);
  before = fake_notifications_count ();
  /* Run by hand, it has no payment from Stripe to book. */
  id = run_and_get_id (fixture, fees, "queued");
  finished = wait_for_run (fixture, id, status_is_finished, 20);
  g_assert_cmpstr (json_object_get_string_member (finished, "status"), ==, "failed");

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  /* The notification server answers from this process's main context. */
  while (no_new_notification (before) && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (10000);
    }
  g_assert_cmpuint (fake_notifications_count (), ==, before + 1);
  g_assert_cmpstr (fake_notifications_last_summary (), ==,
                   "“Membership fees from Stripe to Fortnox” failed");
  g_assert_cmpstr (fake_notifications_last_body (), ==,
                   json_object_get_string_member (finished, "error"));
  g_assert_cmpstr (fake_notifications_last_entry (), ==, "io.github.samband.Samband");

  g_assert_cmpint (serve_stop (serve, SIGTERM), ==, 0);
}

static void
test_serve_killed (Fixture       *fixture,
                   gconstpointer  data)
{
  Serve *serve;
  g_autoptr(JsonObject) running = NULL;
  g_autoptr(JsonArray) runs = NULL;
  JsonObject *old = NULL;
  JsonObject *retry = NULL;
  gint64 id;
  gint64 retry_id = 0;

  if (!has_keyring ())
    {
      g_test_skip ("the demo's credentials need a keyring");
      return;
    }

  /* The import takes seconds: the services' rate limits. */
  serve = serve_start (fixture);
  id = run_and_get_id (fixture, import, "queued");
  running = wait_for_run (fixture, id, status_is_running, 20);
  g_assert_cmpint (serve_stop (serve, SIGKILL), ==, -SIGKILL);

  {
    g_auto(Result) orgs = run_cli (fixture, "orgs", "--json", NULL);
    g_auto(Result) list = run_cli (fixture, "runs", import, "--json", NULL);
    g_autoptr(JsonArray) array = NULL;

    /* The store opens; nobody has marked the run yet. */
    g_assert_cmpint (orgs.status, ==, 0);
    g_assert_cmpint (list.status, ==, 0);
    array = parse_array (list.out);
    g_assert_cmpstr (json_object_get_string_member (find_by_id (array, id), "status"), ==,
                     "running");
  }

  serve = serve_start (fixture);
  {
    g_auto(Result) list = run_cli (fixture, "runs", import, "--json", NULL);

    g_assert_cmpint (list.status, ==, 0);
    runs = parse_array (list.out);
  }
  old = find_by_id (runs, id);
  g_assert_nonnull (old);
  g_assert_cmpstr (json_object_get_string_member (old, "status"), ==, "interrupted");
  for (guint i = 0; i < json_array_get_length (runs); i++)
    {
      JsonObject *object = json_array_get_object_element (runs, i);
      JsonNode *replay_of = json_object_get_member (object, "replay_of");

      if (!JSON_NODE_HOLDS_NULL (replay_of) && json_node_get_int (replay_of) == id)
        retry = object;
    }
  g_assert_nonnull (retry);
  g_assert_cmpint (json_object_get_int_member (retry, "attempt"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (retry, "trigger_kind"), ==, "manual");
  retry_id = json_object_get_int_member (retry, "id");

  {
    g_autoptr(JsonObject) done = wait_for_run (fixture, retry_id, status_is_finished, 30);

    g_assert_cmpstr (json_object_get_string_member (done, "status"), ==, "succeeded");
  }

  g_assert_cmpint (serve_stop (serve, SIGTERM), ==, 0);
}

/* }}} */

/* Accounts {{{ */

static const char * const credential_fields[] = {
  "secret_key", "webhook_secret", "access_token", "client_secret", "refresh_token",
  "password", "api_key", NULL
};

/* Every secret the imitations hand out (the demo keeps them in the keyring), and @extra. */
static GPtrArray *
dup_known_secrets (SbImitations *imitations,
                   const char   *extra)
{
  const char * const *services = sb_imitations_list_services ();
  GPtrArray *secrets = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; services[i] != NULL; i++)
    for (guint j = 0; credential_fields[j] != NULL; j++)
      {
        const char *value = sb_imitations_get_credential (imitations, services[i],
                                                          credential_fields[j]);

        if (value != NULL && strlen (value) >= 6)
          g_ptr_array_add (secrets, g_strdup (value));
      }
  if (extra != NULL)
    g_ptr_array_add (secrets, g_strdup (extra));

  return secrets;
}

static gboolean
bytes_contain (const char *data,
               gsize       length,
               const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; n > 0 && i + n <= length; i++)
    if (data[i] == needle[0] && memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

/* Says where a secret was found, never which. */
static void
assert_free_of_secrets (const char *what,
                        const char *data,
                        gsize       length,
                        GPtrArray  *secrets)
{
  for (guint i = 0; data != NULL && i < secrets->len; i++)
    if (bytes_contain (data, length, g_ptr_array_index (secrets, i)))
      g_error ("%s holds secret number %u", what, i);
}

static void
assert_result_free_of_secrets (const char *what,
                               Result     *result,
                               GPtrArray  *secrets)
{
  g_autofree char *out = g_strconcat (what, " (standard output)", NULL);
  g_autofree char *err = g_strconcat (what, " (standard error)", NULL);

  assert_free_of_secrets (out, result->out, strlen (result->out), secrets);
  assert_free_of_secrets (err, result->err, strlen (result->err), secrets);
}

static void
assert_store_free_of_secrets (Fixture   *fixture,
                              GPtrArray *secrets)
{
  static const char * const files[] = { "samband.db", "samband.db-wal", "samband.db-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (fixture->dir, files[i], NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_get_contents (path, &contents, &length, NULL))
        assert_free_of_secrets (files[i], contents, length, secrets);
    }
}

static void
test_accounts_json (Fixture       *fixture,
                    gconstpointer  data)
{
  g_auto(Result) list = run_cli (fixture, "accounts", "Demo IF", "--json", NULL);
  g_auto(Result) reader = run_cli (fixture, "--as", "sara@demo-if.example", "accounts",
                                   "Demo IF", "--json", NULL);
  g_autoptr(JsonArray) array = NULL;
  JsonObject *object;

  g_assert_cmpint (list.status, ==, 0);
  array = parse_array (list.out);
  object = find_by_name (array, "Fortnox bookkeeping");
  g_assert_nonnull (object);
  g_assert_cmpint (json_object_get_int_member (object, "id"), >, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "connector"), ==, "fortnox");
  g_assert_cmpstr (json_object_get_string_member (object, "service"), ==, "Fortnox");
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==,
                   has_keyring () ? "connected" : "needs-credentials");
  g_assert_true (json_object_has_member (object, "owner"));
  object = find_by_name (array, "Club shop");
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "needs-attention");

  /* The list is for every member. */
  g_assert_cmpint (reader.status, ==, 0);
}

static void
test_account_json (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(SbImitations) imitations = sb_imitations_new ();
  g_autoptr(GPtrArray) secrets = dup_known_secrets (imitations, NULL);
  g_auto(Result) details = run_cli (fixture, "account", "Fortnox bookkeeping", "--json", NULL);
  g_auto(Result) text = run_cli (fixture, "account", "Fortnox bookkeeping", NULL);
  g_auto(Result) reader = run_cli (fixture, "--as", "sara@demo-if.example", "account",
                                   "Fortnox bookkeeping", "--json", NULL);
  g_auto(Result) missing = run_cli (fixture, "account", "No such account", NULL);
  g_autoptr(JsonObject) object = NULL;
  JsonArray *integrations;

  g_assert_cmpint (details.status, ==, 0);
  g_assert_cmpstr (details.err, ==, "");
  object = parse_object (details.out);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "Fortnox bookkeeping");
  g_assert_cmpstr (json_object_get_string_member (object, "organization"), ==, "Demo IF");
  g_assert_cmpstr (json_object_get_string_member (object, "connector"), ==, "fortnox");
  /* A demo account: on the imitation that the command started for itself. */
  g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "base_url"),
                                   "http://127.0.0.1:"));
  g_assert_true (json_object_has_member (object, "connection_info"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object,
                                                                                 "metadata"),
                                                  "demo"), ==, "fortnox");
  g_assert_true (json_object_has_member (object, "last_tested_at"));
  g_assert_nonnull (json_object_get_object_member (object, "provider"));
  integrations = json_object_get_array_member (object, "integrations");
  g_assert_cmpuint (json_array_get_length (integrations), >=, 2);
  g_assert_nonnull (find_by_name (integrations, "Import new members from IdrottOnline"));
  g_assert_nonnull (json_object_get_array_member (object, "errors"));
  assert_result_free_of_secrets ("account --json", &details, secrets);

  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "Fortnox bookkeeping"));
  g_assert_nonnull (strstr (text.out, "Import new members from IdrottOnline"));
  assert_result_free_of_secrets ("account", &text, secrets);

  /* A Reader may list accounts but not look inside one. */
  g_assert_cmpint (reader.status, ==, 3);
  g_assert_cmpstr (reader.out, ==, "");
  g_assert_nonnull (strstr (reader.err, "Only Admins and Collaborators can see account details."));

  g_assert_cmpint (missing.status, ==, 1);
  g_assert_nonnull (strstr (missing.err, "No such account"));
}

static void
test_add_account (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(SbImitations) imitations = sb_imitations_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) secrets = NULL;
  g_autoptr(JsonObject) added = NULL;
  g_autoptr(JsonArray) accounts = NULL;
  g_autofree char *input = NULL;
  g_autofree char *wrong_field = NULL;
  const char *base_url;
  const char *secret_key;

  g_assert_true (sb_imitations_start (imitations, &error));
  g_assert_no_error (error);
  base_url = sb_imitations_get_base_url (imitations, "stripe");
  secret_key = sb_imitations_get_credential (imitations, "stripe", "secret_key");
  secrets = dup_known_secrets (imitations, "sk_test_made_up_and_wrong");

  /* Wrong: refused with what the service answered, nothing added. */
  wrong_field = g_strdup ("secret_key=sk_test_made_up_and_wrong");
  {
    g_auto(Result) wrong = run_cli (fixture, "add-account", "Demo AB", "stripe",
                                    "--name", "Stripe EU", "--field", wrong_field,
                                    "--base-url", base_url, NULL);
    g_auto(Result) list = run_cli (fixture, "accounts", "Demo AB", "--json", NULL);
    g_autoptr(JsonArray) array = parse_array (list.out);

    g_assert_cmpint (wrong.status, ==, 1);
    g_assert_cmpstr (wrong.out, ==, "");
    g_assert_cmpstr (wrong.err, !=, "");
    g_test_message ("stripe said: %s", wrong.err);
    assert_result_free_of_secrets ("add-account (wrong)", &wrong, secrets);
    g_assert_null (find_by_name (array, "Stripe EU"));
  }

  /* Right, the key read from standard input so that it is not on the command line. */
  input = g_strconcat (secret_key, "\n", NULL);
  {
    g_auto(Result) right = run_cli_with_input (fixture, input, "add-account", "Demo AB",
                                               "stripe", "--name", "Stripe EU", "--field",
                                               "secret_key=-", "--base-url", base_url,
                                               "--owner", "maria@demo-ab.example", "--json",
                                               NULL);

    g_test_message ("%s", right.err);
    g_assert_cmpint (right.status, ==, 0);
    assert_result_free_of_secrets ("add-account", &right, secrets);
    added = parse_object (right.out);
    g_assert_cmpstr (json_object_get_string_member (added, "name"), ==, "Stripe EU");
    g_assert_cmpstr (json_object_get_string_member (added, "status"), ==,
                     has_keyring () ? "connected" : "needs-credentials");
    if (has_keyring ())
      g_assert_cmpstr (right.err, ==, "");
    else
      g_assert_nonnull (strstr (right.err, "No keyring is available"));
  }

  {
    g_auto(Result) list = run_cli (fixture, "accounts", "Demo AB", "--json", NULL);
    JsonObject *object;

    accounts = parse_array (list.out);
    object = find_by_name (accounts, "Stripe EU");
    g_assert_nonnull (object);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object,
                                                                                   "owner"),
                                                    "email"), ==, "maria@demo-ab.example");
  }

  /* Standard input that ends too soon, a field without a value, no name. */
  {
    g_auto(Result) short_input = run_cli_with_input (fixture, "", "add-account", "Demo AB",
                                                     "stripe", "--name", "X", "--field",
                                                     "secret_key=-", NULL);
    g_auto(Result) no_value = run_cli (fixture, "add-account", "Demo AB", "stripe", "--name",
                                       "X", "--field", "sk_test_made_up_and_wrong", NULL);
    g_auto(Result) no_name = run_cli (fixture, "add-account", "Demo AB", "stripe", "--field",
                                      "secret_key=x", NULL);
    g_auto(Result) stray = run_cli (fixture, "orgs", "--name", "X", NULL);
    g_auto(Result) no_service = run_cli (fixture, "add-account", "Demo AB", "myspace",
                                         "--name", "X", "--field", "key=x", NULL);
    g_auto(Result) reader = run_cli (fixture, "--as", "sara@demo-if.example", "add-account",
                                     "Demo IF", "stripe", "--name", "X", "--field",
                                     "secret_key=x", NULL);

    g_assert_cmpint (short_input.status, ==, 1);
    g_assert_cmpint (no_value.status, ==, 2);
    assert_result_free_of_secrets ("add-account (no value)", &no_value, secrets);
    g_assert_cmpint (no_name.status, ==, 2);
    g_assert_cmpint (stray.status, ==, 2);
    g_assert_cmpint (no_service.status, ==, 1);
    g_assert_nonnull (strstr (no_service.err, "myspace"));
    g_assert_cmpint (reader.status, ==, 3);
    g_assert_nonnull (strstr (reader.err, "Only Admins and Collaborators"));
  }

  assert_store_free_of_secrets (fixture, secrets);
  sb_imitations_stop (imitations);
}

static void
test_test_and_delete_account (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(SbImitations) imitations = sb_imitations_new ();
  g_autoptr(GPtrArray) secrets = dup_known_secrets (imitations, NULL);
  g_auto(Result) tested = run_cli (fixture, "test-account", "Klarna payments", "--json", NULL);
  g_auto(Result) reader = run_cli (fixture, "--as", "sara@demo-if.example", "test-account",
                                   "Fortnox bookkeeping", NULL);
  g_auto(Result) in_use = run_cli (fixture, "delete-account", "Fortnox bookkeeping", NULL);
  g_auto(Result) deleted = run_cli (fixture, "delete-account", "Customer register (HTTP API)",
                                    NULL);
  g_auto(Result) gone = run_cli (fixture, "account", "Customer register (HTTP API)", NULL);
  g_autoptr(JsonObject) object = NULL;

  if (has_keyring ())
    {
      g_assert_cmpint (tested.status, ==, 0);
      object = parse_object (tested.out);
      g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "connected");
    }
  else
    {
      /* Nothing to test with. */
      g_assert_cmpint (tested.status, ==, 1);
      g_assert_nonnull (strstr (tested.err, "No keyring is available"));
    }
  assert_result_free_of_secrets ("test-account", &tested, secrets);

  g_assert_cmpint (reader.status, ==, 3);

  g_assert_cmpint (in_use.status, ==, 1);
  g_assert_nonnull (strstr (in_use.err, "“Import new members from IdrottOnline”"));

  /* The register is used by a paused integration only: it goes, and that one is a Draft. */
  g_assert_cmpint (deleted.status, ==, 0);
  g_assert_cmpint (gone.status, ==, 1);
  assert_store_free_of_secrets (fixture, secrets);
}

static void
test_export (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(SbImitations) imitations = sb_imitations_new ();
  g_autoptr(GPtrArray) secrets = dup_known_secrets (imitations, NULL);
  g_autofree char *path = g_build_filename (fixture->dir, "export.json", NULL);
  g_auto(Result) all = run_cli (fixture, "export", NULL);
  g_auto(Result) club = run_cli (fixture, "export", "Demo IF", "--output", path, NULL);
  g_auto(Result) reader = run_cli (fixture, "--as", "sara@demo-if.example", "export",
                                   "Demo IF", NULL);
  g_auto(Result) stray = run_cli (fixture, "orgs", "--output", path, NULL);
  g_autoptr(JsonObject) document = NULL;
  g_autofree char *written = NULL;
  gsize length = 0;
  JsonArray *orgs;
  JsonObject *org;

  g_assert_cmpint (all.status, ==, 0);
  document = parse_object (all.out);
  orgs = json_object_get_array_member (document, "organizations");
  g_assert_cmpuint (json_array_get_length (orgs), ==, 2);
  org = find_by_name (orgs, "Demo IF");
  g_assert_nonnull (org);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (org, "integrations")),
                    ==, 5);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (org, "accounts")), ==,
                    4);
  assert_result_free_of_secrets ("export", &all, secrets);

  g_assert_cmpint (club.status, ==, 0);
  g_assert_cmpstr (club.out, ==, "");
  g_assert_true (g_file_get_contents (path, &written, &length, NULL));
  assert_free_of_secrets ("export --output", written, length, secrets);
  g_clear_pointer (&document, json_object_unref);
  document = parse_object (written);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (document,
                                                                         "organizations")),
                    ==, 1);

  g_assert_cmpint (reader.status, ==, 3);
  g_assert_cmpstr (reader.out, ==, "");
  g_assert_cmpint (stray.status, ==, 2);

  assert_store_free_of_secrets (fixture, secrets);
}

/* import reads an export into another organization and says what needs credentials. */
static void
test_import (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "club.json", NULL);
  g_autofree char *bad = g_build_filename (fixture->dir, "bad.json", NULL);
  g_auto(Result) exported = run_cli (fixture, "export", "Demo IF", "--output", path, NULL);
  g_auto(Result) imported = run_cli (fixture, "import", "Demo AB", path, NULL);
  g_auto(Result) again = run_cli (fixture, "--json", "import", "Demo AB", path, NULL);
  g_auto(Result) listed = run_cli (fixture, "--json", "integrations", "Demo AB", NULL);
  g_auto(Result) reader = run_cli (fixture, "--as", "ola@demo-ab.example", "import", "Demo AB",
                                   path, NULL);
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (exported.status, ==, 0);
  g_assert_cmpint (imported.status, ==, 0);
  g_assert_nonnull (strstr (imported.out,
                            "Imported 5 integrations into “Demo AB”, as drafts:\n"
                            "  Club shop orders to Fortnox\n"));
  g_assert_nonnull (strstr (imported.out, "4 accounts need their credentials"));
  g_assert_nonnull (strstr (imported.out, "  Stripe membership fees\n"));

  g_assert_cmpint (again.status, ==, 0);
  report = parse_object (again.out);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (report,
                                                                         "integrations")),
                    ==, 5);
  g_assert_cmpstr (json_array_get_string_element (
                     json_object_get_array_member (report, "integrations"), 0),
                   ==, "Club shop orders to Fortnox (2)");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      report, "accounts_needing_credentials")), ==, 4);
  g_assert_nonnull (strstr (listed.out, "\"Membership fees from Stripe to Fortnox (2)\""));

  g_assert_cmpint (reader.status, ==, 3);

  g_assert_true (g_file_set_contents (bad, "{ \"organizations\": 7 }", -1, &error));
  {
    g_auto(Result) refused = run_cli (fixture, "import", "Demo AB", bad, NULL);

    g_assert_cmpint (refused.status, ==, 1);
    g_assert_cmpstr (refused.err, ==,
                     "“bad.json” cannot be imported: it is not an export of Samband\n");
  }
}

/* }}} */

/* add-member and remove-member, as an Admin of the club would script them. */
/* set-packages changes what an integration user holds; a person holds none. */
static void
test_set_packages (Fixture       *fixture,
                   gconstpointer  data)
{
  g_auto(Result) set = run_cli (fixture, "set-packages", "Demo IF", "fortnox@demo-if.example",
                                "--package", "reports,invoicing", NULL);
  g_auto(Result) listed = run_cli (fixture, "--json", "members", "Demo IF", NULL);
  g_auto(Result) person = run_cli (fixture, "set-packages", "Demo IF", "karin@demo-if.example",
                                   "--package", "reports", NULL);
  g_auto(Result) reader = run_cli (fixture, "--as", "sara@demo-if.example", "set-packages",
                                   "Demo IF", "fortnox@demo-if.example", NULL);
  g_auto(Result) cleared = run_cli (fixture, "set-packages", "Demo IF",
                                    "fortnox@demo-if.example", NULL);

  g_assert_cmpint (set.status, ==, 0);
  g_assert_cmpstr (set.out, ==,
                   "fortnox@demo-if.example now holds: Integration user, Invoicing, Reports.\n");
  g_assert_nonnull (strstr (listed.out, "\"integration-user\",\n"));
  g_assert_nonnull (strstr (listed.out, "\"invoicing\""));
  g_assert_cmpint (person.status, ==, 1);
  g_assert_nonnull (strstr (person.err, "Access packages are for integration users"));
  g_assert_cmpint (reader.status, ==, 3);
  g_assert_cmpint (cleared.status, ==, 0);
  g_assert_cmpstr (cleared.out, ==, "fortnox@demo-if.example now holds: Integration user.\n");
}

static void
test_members (Fixture       *fixture,
              gconstpointer  data)
{
  g_auto(Result) user = run_cli (fixture, "add-member", "Demo IF", "--email",
                                 "bank@demo-if.example", "--name", "Bank Integration",
                                 "--integration-user", "--package", "reports,invoicing",
                                 "--package", "accounting", "--json", NULL);
  g_auto(Result) unknown_package = run_cli (fixture, "add-member", "Demo IF", "--email",
                                            "shop@demo-if.example", "--name",
                                            "Shop Integration", "--integration-user",
                                            "--package", "payroll", NULL);
  g_auto(Result) person_package = run_cli (fixture, "add-member", "Demo IF", "--email",
                                           "eva@demo-if.example", "--name", "Eva", "--role",
                                           "reader", "--package", "invoicing", NULL);
  g_auto(Result) text_user = run_cli (fixture, "add-member", "Demo IF", "--email",
                                      "webshop@demo-if.example", "--name",
                                      "Webshop Integration", "--integration-user",
                                      "--package", "membership-register", NULL);
  g_auto(Result) chair = run_cli (fixture, "add-member", "Demo IF", "--email",
                                  "per@demo-if.example", "--name", "Per Persson", "--role",
                                  "chair", NULL);
  g_auto(Result) in_company = run_cli (fixture, "add-member", "Demo AB", "--email",
                                       "per@demo-ab.example", "--name", "Per Persson",
                                       "--role", "chair", NULL);
  g_auto(Result) no_role = run_cli (fixture, "add-member", "Demo IF", "--email",
                                    "x@demo-if.example", "--name", "X", NULL);
  g_auto(Result) bad_email = run_cli (fixture, "add-member", "Demo IF", "--email", "x@",
                                      "--name", "X", "--role", "reader", NULL);
  g_auto(Result) by_reader = run_cli (fixture, "--as", "sara@demo-if.example", "add-member",
                                      "Demo IF", "--email", "y@demo-if.example", "--name", "Y",
                                      "--role", "reader", NULL);
  g_auto(Result) remove_package = { 0 };
  g_auto(Result) members_json = { 0 };
  g_auto(Result) to_person = { 0 };
  g_auto(Result) removed = { 0 };
  g_auto(Result) members = { 0 };
  g_auto(Result) accounts = { 0 };
  g_autoptr(JsonObject) added = NULL;
  g_autoptr(JsonArray) array = NULL;
  JsonObject *stripe;

  g_assert_cmpint (user.status, ==, 0);
  added = parse_object (user.out);
  g_assert_cmpstr (json_object_get_string_member (added, "kind"), ==, "integration-user");
  g_assert_cmpstr (json_object_get_string_member (added, "name"), ==, "Bank Integration");
  {
    JsonArray *packages = json_object_get_array_member (added, "packages");

    /* integration-user always, then the others in their order, whichever order given. */
    g_assert_cmpuint (json_array_get_length (packages), ==, 4);
    g_assert_cmpstr (json_array_get_string_element (packages, 0), ==, "integration-user");
    g_assert_cmpstr (json_array_get_string_element (packages, 1), ==, "invoicing");
    g_assert_cmpstr (json_array_get_string_element (packages, 2), ==, "accounting");
    g_assert_cmpstr (json_array_get_string_element (packages, 3), ==, "reports");
  }
  /* An unknown package is named; a package for a person is bad usage. Neither is added. */
  g_assert_cmpint (unknown_package.status, ==, 1);
  g_assert_nonnull (strstr (unknown_package.err, "payroll"));
  g_assert_cmpint (person_package.status, ==, 2);
  g_assert_cmpint (text_user.status, ==, 0);
  g_assert_nonnull (strstr (text_user.out, "Access packages: Integration user, Member register"));
  /* --package is add-member's only. */
  remove_package = run_cli (fixture, "remove-member", "Demo IF", "bank@demo-if.example",
                            "--package", "invoicing", NULL);
  g_assert_cmpint (remove_package.status, ==, 2);

  members_json = run_cli (fixture, "members", "Demo IF", "--json", NULL);
  g_assert_cmpint (members_json.status, ==, 0);
  array = parse_array (members_json.out);
  g_assert_null (find_by_name (array, "Shop Integration"));
  g_assert_null (find_by_name (array, "Eva"));
  {
    JsonObject *bank = find_by_name (array, "Bank Integration");
    JsonObject *fortnox = find_by_name (array, "Fortnox Integration");
    JsonObject *sara = find_by_name (array, "Sara Nilsson");
    JsonArray *packages;

    g_assert_nonnull (bank);
    packages = json_object_get_array_member (bank, "packages");
    g_assert_cmpuint (json_array_get_length (packages), ==, 4);
    g_assert_cmpstr (json_array_get_string_element (packages, 1), ==, "invoicing");
    packages = json_object_get_array_member (fortnox, "packages");
    g_assert_cmpuint (json_array_get_length (packages), ==, 1);
    g_assert_cmpstr (json_array_get_string_element (packages, 0), ==, "integration-user");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (sara, "packages")),
                      ==, 0);
  }
  g_clear_pointer (&array, json_array_unref);
  g_assert_cmpint (chair.status, ==, 0);
  g_assert_nonnull (strstr (chair.out, "Chair"));
  g_assert_cmpint (in_company.status, ==, 1);
  g_assert_cmpint (no_role.status, ==, 2);
  g_assert_cmpint (bad_email.status, ==, 1);
  g_assert_nonnull (strstr (bad_email.err, "not an e-mail address"));
  g_assert_cmpint (by_reader.status, ==, 3);

  /* Accounts move only to an integration user; nothing happens otherwise. */
  to_person = run_cli (fixture, "remove-member", "Demo IF", "karin@demo-if.example",
                       "--move-to", "per@demo-if.example", NULL);
  g_assert_cmpint (to_person.status, ==, 1);
  removed = run_cli (fixture, "remove-member", "Demo IF", "karin@demo-if.example",
                     "--move-to", "bank@demo-if.example", NULL);
  g_assert_cmpint (removed.status, ==, 0);
  g_assert_nonnull (strstr (removed.out, "Stripe membership fees"));

  members = run_cli (fixture, "members", "Demo IF", NULL);
  g_assert_null (strstr (members.out, "karin@"));
  g_assert_nonnull (strstr (members.out, "bank@demo-if.example"));
  g_assert_nonnull (strstr (members.out, "Integration user, Invoicing, Accounting, Reports"));

  accounts = run_cli (fixture, "accounts", "Demo IF", "--json", NULL);
  array = parse_array (accounts.out);
  stripe = find_by_name (array, "Stripe membership fees");
  g_assert_nonnull (stripe);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (stripe,
                                                                                 "owner"),
                                                  "email"),
                   ==, "bank@demo-if.example");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  fake_notifications_start ();
  setlocale (LC_ALL, "C.UTF-8");

  g_assert_nonnull (g_getenv ("SAMBAND_CLI"));

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/cli/listings", test_listings);
  ADD ("/cli/set-status-and-delete", test_set_status_and_delete);
  ADD ("/cli/refused", test_refused);
  ADD ("/cli/show", test_show);
  ADD ("/cli/lifecycle", test_lifecycle);
  ADD ("/cli/lifecycle-refused", test_lifecycle_refused);
  ADD ("/cli/run", test_run);
  ADD ("/cli/usage", test_usage);
  ADD ("/cli/bad-store", test_bad_store);
  ADD ("/cli/runs/list-and-detail", test_runs_and_detail);
  ADD ("/cli/runs/replay-and-cancel", test_replay_and_cancel);
  ADD ("/cli/imports/list-and-detail", test_imports);
  ADD ("/cli/providers", test_providers);
  ADD ("/cli/serve/second-engine", test_serve);
  ADD ("/cli/serve/killed", test_serve_killed);
  ADD ("/cli/serve/notifies", test_serve_notifies);
  ADD ("/cli/accounts/list", test_accounts_json);
  ADD ("/cli/accounts/details", test_account_json);
  ADD ("/cli/accounts/add", test_add_account);
  ADD ("/cli/accounts/test-and-delete", test_test_and_delete_account);
  ADD ("/cli/export", test_export);
  ADD ("/cli/import", test_import);
  ADD ("/cli/members", test_members);
  ADD ("/cli/set-packages", test_set_packages);

  return g_test_run ();
}
