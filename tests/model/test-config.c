/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include "model/sb-integration-config.h"

/* What the editor shows at each field: the problems of an integration's configuration, with
 * the path of the field and a sentence for the person who wrote it. */

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = text != NULL ? json_from_string (text, &error) : NULL;

  g_assert_no_error (error);
  return node;
}

static GPtrArray *
validate (const char *trigger,
          const char *steps,
          const char *settings)
{
  g_autoptr(JsonNode) t = parse_json (trigger);
  g_autoptr(JsonNode) s = parse_json (steps);
  g_autoptr(JsonNode) c = parse_json (settings);
  GPtrArray *problems = NULL;
  gboolean valid = sb_integration_config_validate (t, s, c, &problems);

  g_assert_nonnull (problems);
  g_assert_true (valid == (problems->len == 0));
  for (guint i = 0; i < problems->len; i++)
    {
      SbProblem *problem = g_ptr_array_index (problems, i);

      g_test_message ("%s: %s", problem->field, problem->message);
    }
  return problems;
}

/* Exactly one problem, at @field, whose message holds @words. */
static void
check_one (const char *trigger,
           const char *steps,
           const char *settings,
           const char *field,
           const char *words)
{
  g_autoptr(GPtrArray) problems = validate (trigger, steps, settings);
  SbProblem *problem;

  g_assert_cmpuint (problems->len, ==, 1);
  problem = g_ptr_array_index (problems, 0);
  g_assert_cmpstr (problem->field, ==, field);
  g_assert_nonnull (strstr (problem->message, words));
}

static void
test_valid (void)
{
  static const char *triggers[] = {
    "{\"kind\": \"manual\"}",
    "{\"kind\": \"schedule\", \"every_minutes\": 1}",
    "{\"kind\": \"schedule\", \"daily_at\": \"02:00\"}",
    "{\"kind\": \"schedule\", \"daily_at\": \"23:59\", \"weekdays\": [\"mon\", \"sun\"]}",
    "{\"kind\": \"poll\", \"account\": 4, \"trigger\": \"new_orders\", \"every_minutes\": 15}",
    "{\"kind\": \"webhook\", \"account\": 3, \"event\": \"payment_intent.succeeded\"}",
    "{\"kind\": \"webhook\"}",
  };
  const char *steps =
    "[{\"id\": \"orders\", \"kind\": \"http\", \"account\": 4, \"method\": \"GET\","
    "  \"url\": \"/admin/api/2024-10/orders.json?since_id={{ cursor | default: 0 }}\","
    "  \"headers\": {\"Accept\": \"application/json\"}},"
    " {\"id\": \"each\", \"kind\": \"for_each\", \"items\": \"{{ steps.orders.body.orders }}\","
    "  \"steps\": [{\"id\": \"invoice\", \"kind\": \"action\", \"account\": 2,"
    "              \"action\": \"create_invoice\","
    "              \"input\": {\"Invoice\": {\"CustomerNumber\": \"{{ item.customer.id }}\"}}}]},"
    " {\"id\": \"row\", \"kind\": \"map\", \"output\": {\"total\": \"{{ item.total | number }}\"}},"
    " {\"id\": \"paid\", \"kind\": \"filter\", \"condition\": \"{{ trigger.paid }}\"},"
    " {\"id\": \"post\", \"kind\": \"http\", \"account\": 5, \"method\": \"POST\","
    "  \"url\": \"https://api.example.se/customers\", \"body\": {\"name\": \"{{ item.name }}\"}}]";
  const char *settings =
    "{\"retries\": 3, \"timeout_seconds\": 60, \"concurrency\": 1, \"notify_on_failure\": true}";

  for (guint i = 0; i < G_N_ELEMENTS (triggers); i++)
    {
      g_autoptr(GPtrArray) problems = validate (triggers[i], steps, settings);

      g_assert_cmpuint (problems->len, ==, 0);
    }

  /* No steps and no settings are no problem for a draft. */
  {
    g_autoptr(GPtrArray) problems = validate ("{\"kind\": \"manual\"}", NULL, NULL);

    g_assert_cmpuint (problems->len, ==, 0);
    g_assert_true (sb_integration_config_validate (NULL, NULL, NULL, NULL) == FALSE);
  }
}

static void
test_trigger (void)
{
  check_one (NULL, NULL, NULL, "trigger", "Choose what starts");
  check_one ("{\"kind\": \"sometimes\"}", NULL, NULL, "trigger.kind", "“sometimes”");
  check_one ("{\"kind\": \"schedule\", \"every_minutes\": 0}", NULL, NULL,
             "trigger.every_minutes",
             "Every 0 minutes is not a schedule: choose at least 1 minute.");
  check_one ("{\"kind\": \"schedule\", \"every_minutes\": \"5\"}", NULL, NULL,
             "trigger.every_minutes", "whole number");
  check_one ("{\"kind\": \"schedule\"}", NULL, NULL, "trigger", "how often");
  check_one ("{\"kind\": \"schedule\", \"daily_at\": \"25:00\"}", NULL, NULL,
             "trigger.daily_at", "“25:00” is not a time of day");
  check_one ("{\"kind\": \"schedule\", \"daily_at\": \"2:00\"}", NULL, NULL,
             "trigger.daily_at", "HH:MM");
  check_one ("{\"kind\": \"schedule\", \"daily_at\": \"02:00\", \"every_minutes\": 5}", NULL,
             NULL, "trigger.daily_at", "not both");
  check_one ("{\"kind\": \"schedule\", \"daily_at\": \"02:00\", \"weekdays\": [\"mon\", \"funday\"]}",
             NULL, NULL, "trigger.weekdays[1]", "“funday” is not a weekday");
  check_one ("{\"kind\": \"schedule\", \"daily_at\": \"02:00\", \"weekdays\": []}", NULL, NULL,
             "trigger.weekdays", "at least one");
  check_one ("{\"kind\": \"poll\", \"trigger\": \"new_orders\"}", NULL, NULL, "trigger.account",
             "account");
  check_one ("{\"kind\": \"poll\", \"account\": \"shop\", \"trigger\": \"new_orders\"}", NULL, NULL,
             "trigger.account", "account");
  check_one ("{\"kind\": \"poll\", \"account\": 4}", NULL, NULL, "trigger.trigger", "new orders");
  check_one ("{\"kind\": \"webhook\", \"event\": \"{{ x | shout }}\"}", NULL, NULL,
             "trigger.event", "The template does not parse at column 8:");
}

static void
test_steps (void)
{
  const char *manual = "{\"kind\": \"manual\"}";

  check_one (manual, "[{\"id\": \"a\", \"kind\": \"http\", \"method\": \"GET\", \"url\": \"/x\"}]",
             NULL, "steps[0].account", "Choose the account this step uses.");
  check_one (manual, "[{\"id\": \"a\", \"kind\": \"http\", \"account\": 1, \"url\": \"/x\"}]",
             NULL, "steps[0].method", "GET");
  check_one (manual, "[{\"id\": \"a\", \"kind\": \"http\", \"account\": 1, \"method\": \"FETCH\","
             " \"url\": \"/x\"}]", NULL, "steps[0].method", "“FETCH”");
  check_one (manual, "[{\"id\": \"a\", \"kind\": \"http\", \"account\": 1, \"method\": \"GET\"}]",
             NULL, "steps[0].url", "address");
  check_one (manual, "[{\"id\": \"a\", \"kind\": \"http\", \"account\": 1, \"method\": \"GET\","
             " \"url\": \"ftp://x\"}]", NULL, "steps[0].url", "“ftp://x”");
  check_one (manual, "[{\"id\": \"a\", \"kind\": \"http\", \"account\": 1, \"method\": \"POST\","
             " \"url\": \"/x\", \"body\": \"{{ steps.a.body | upper: 1 }}\"}]", NULL,
             "steps[0].body", "The template does not parse at column 24:");
  check_one (manual, "[{\"id\": \"a\", \"kind\": \"http\", \"account\": 1, \"method\": \"POST\","
             " \"url\": \"/x\", \"body\": {\"rows\": [{\"name\": \"{{ item.name \"}]}}]", NULL,
             "steps[0].body.rows[0].name", "column 1:");
  check_one (manual, "[{\"id\": \"a\", \"kind\": \"action\", \"action\": \"create_invoice\"}]",
             NULL, "steps[0].account", "Choose the account this step uses.");
  check_one (manual, "[{\"id\": \"a\", \"kind\": \"action\", \"account\": 2}]", NULL,
             "steps[0].action", "action");
  check_one (manual, "[{\"id\": \"a\", \"kind\": \"filter\"}]", NULL, "steps[0].condition",
             "condition");
  check_one (manual, "[{\"id\": \"a\", \"kind\": \"map\"}]", NULL, "steps[0].output", "builds");
  check_one (manual, "[{\"id\": \"a\", \"kind\": \"for_each\", \"steps\": []}]", NULL,
             "steps[0].items", "list");
  check_one (manual, "[{\"id\": \"a\", \"kind\": \"teleport\"}]", NULL, "steps[0].kind",
             "“teleport”");
  check_one (manual, "[{\"kind\": \"map\", \"output\": 1}]", NULL, "steps[0].id", "name");
  check_one (manual, "[{\"id\": \"two words\", \"kind\": \"map\", \"output\": 1}]", NULL,
             "steps[0].id", "“two words”");
  check_one (manual, "[{\"id\": \"a\", \"kind\": \"map\", \"output\": 1},"
             " {\"id\": \"a\", \"kind\": \"map\", \"output\": 2}]", NULL, "steps[1].id",
             "already called “a”");
  check_one (manual, "{\"id\": \"a\"}", NULL, "steps", "list");
  check_one (manual, "[7]", NULL, "steps[0]", "not valid");

  /* Nested steps, with paths down to them; ids are unique across the levels. */
  check_one (manual,
             "[{\"id\": \"orders\", \"kind\": \"map\", \"output\": []},"
             " {\"id\": \"each\", \"kind\": \"for_each\", \"items\": \"{{ steps.orders }}\","
             "  \"steps\": [{\"id\": \"inner\", \"kind\": \"action\", \"action\": \"x\"}]}]",
             NULL, "steps[1].steps[0].account", "Choose the account this step uses.");
  check_one (manual,
             "[{\"id\": \"each\", \"kind\": \"for_each\", \"items\": \"{{ steps.orders }}\","
             "  \"steps\": [{\"id\": \"each\", \"kind\": \"map\", \"output\": 1}]}]",
             NULL, "steps[0].steps[0].id", "already called");
  check_one (manual,
             "[{\"id\": \"each\", \"kind\": \"for_each\", \"items\": \"{{ steps.orders }}\","
             "  \"steps\": [{\"id\": \"inner\", \"kind\": \"map\", \"output\": \"{{ }}\"}]}]",
             NULL, "steps[0].steps[0].output", "column 4:");

  /* A step's own fields come before its nested steps'. */
  {
    g_autoptr(GPtrArray) problems =
      validate (manual,
                "[{\"id\": \"each\", \"kind\": \"for_each\", \"items\": \"{{ steps.orders[x] }}\","
                "  \"steps\": [{\"id\": \"inner\", \"kind\": \"map\", \"output\": \"{{ }}\"}]}]",
                NULL);

    g_assert_cmpuint (problems->len, ==, 2);
    g_assert_cmpstr (((SbProblem *) g_ptr_array_index (problems, 0))->field, ==,
                     "steps[0].items");
    g_assert_cmpstr (((SbProblem *) g_ptr_array_index (problems, 1))->field, ==,
                     "steps[0].steps[0].output");
  }
}

static void
test_many_problems (void)
{
  g_autoptr(GPtrArray) problems =
    validate ("{\"kind\": \"schedule\", \"every_minutes\": 0}",
              "[{\"id\": \"a\", \"kind\": \"http\"}, {\"id\": \"b\", \"kind\": \"filter\","
              " \"condition\": \"{{ a[x] }}\"}]",
              "{\"retries\": -1, \"timeout_seconds\": 0, \"concurrency\": 99,"
              " \"notify_on_failure\": \"yes\"}");
  static const char * const fields[] = {
    "trigger.every_minutes", "steps[0].account", "steps[0].method", "steps[0].url",
    "steps[1].condition", "settings.retries", "settings.timeout_seconds",
    "settings.concurrency", "settings.notify_on_failure",
  };

  /* Every problem at once, in the order of the fields, so the editor can mark them all. */
  g_assert_cmpuint (problems->len, ==, G_N_ELEMENTS (fields));
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_assert_cmpstr (((SbProblem *) g_ptr_array_index (problems, i))->field, ==, fields[i]);
}

static void
test_collect_accounts (void)
{
  g_autoptr(JsonNode) trigger = parse_json ("{\"kind\": \"poll\", \"account\": 9}");
  g_autoptr(JsonNode) steps =
    parse_json ("[{\"id\": \"a\", \"account\": 4},"
                " {\"id\": \"b\", \"kind\": \"for_each\", \"steps\": [{\"account\": 2},"
                "   {\"account\": 4}, {\"account\": \"shop\"}]}]");
  g_autoptr(GArray) ids = sb_integration_config_collect_accounts (trigger, steps);
  g_autoptr(GArray) none = sb_integration_config_collect_accounts (NULL, NULL);

  g_assert_cmpuint (ids->len, ==, 3);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, 2);
  g_assert_cmpint (g_array_index (ids, gint64, 1), ==, 4);
  g_assert_cmpint (g_array_index (ids, gint64, 2), ==, 9);
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_problem_boxed (void)
{
  g_autoptr(SbProblem) problem = sb_problem_new ("steps[0].url", "Write the address.");
  g_autoptr(SbProblem) copy = g_boxed_copy (SB_TYPE_PROBLEM, problem);

  g_assert_cmpstr (copy->field, ==, "steps[0].url");
  g_assert_cmpstr (copy->message, ==, "Write the address.");
  g_assert_true (copy->field != problem->field);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  setlocale (LC_ALL, "C.UTF-8");

  g_test_add_func ("/config/valid", test_valid);
  g_test_add_func ("/config/trigger", test_trigger);
  g_test_add_func ("/config/steps", test_steps);
  g_test_add_func ("/config/many-problems", test_many_problems);
  g_test_add_func ("/config/collect-accounts", test_collect_accounts);
  g_test_add_func ("/config/problem-boxed", test_problem_boxed);

  return g_test_run ();
}
