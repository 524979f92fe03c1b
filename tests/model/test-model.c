/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include "model/sb-model.h"
#include "model/sb-search.h"

/* Every property of every model notifies exactly once when its value changes, and not at
 * all when it is set to the value it already has: views bound to the models redraw once
 * per real change. */

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

/* Two different values for @pspec, so a property can be changed and changed back. */
static void
make_values (GParamSpec *pspec,
             GValue     *a,
             GValue     *b)
{
  GType type = G_PARAM_SPEC_VALUE_TYPE (pspec);

  g_value_init (a, type);
  g_value_init (b, type);

  if (type == G_TYPE_INT64)
    {
      g_value_set_int64 (a, 17);
      g_value_set_int64 (b, 42);
    }
  else if (type == G_TYPE_UINT)
    {
      g_value_set_uint (a, 3);
      g_value_set_uint (b, 9);
    }
  else if (type == G_TYPE_STRING)
    {
      g_value_set_string (a, "Östersunds FK");
      g_value_set_string (b, "Demo AB");
    }
  else if (type == G_TYPE_DATE_TIME)
    {
      g_value_take_boxed (a, g_date_time_new_utc (2026, 11, 22, 2, 0, 0));
      g_value_take_boxed (b, g_date_time_new_utc (2026, 11, 23, 2, 0, 0.5));
    }
  else if (type == JSON_TYPE_NODE)
    {
      g_value_take_boxed (a, json_from_string ("{\"kind\": \"manual\"}", NULL));
      g_value_take_boxed (b, json_from_string ("{\"kind\": \"schedule\", \"every_minutes\": 5}",
                                               NULL));
    }
  else if (type == G_TYPE_STRV)
    {
      const char *one[] = { "Fortnox", "Stripe", NULL };
      const char *two[] = { "IdrottOnline", NULL };

      g_value_set_boxed (a, one);
      g_value_set_boxed (b, two);
    }
  else if (G_TYPE_IS_OBJECT (type))
    {
      g_value_take_object (a, g_object_new (type, NULL));
      g_value_take_object (b, g_object_new (type, NULL));
    }
  else if (G_TYPE_IS_ENUM (type))
    {
      g_autoptr(GEnumClass) klass = g_type_class_ref (type);

      g_assert_cmpuint (klass->n_values, >=, 2);
      g_value_set_enum (a, klass->values[klass->n_values - 1].value);
      g_value_set_enum (b, klass->values[0].value);
    }
  else
    {
      g_error ("No test values for property %s of type %s", pspec->name, g_type_name (type));
    }
}

static void
check_notifies_once (GType type)
{
  g_autoptr(GObject) object = g_object_new (type, NULL);
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs;

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (object), &n_pspecs);
  g_assert_cmpuint (n_pspecs, >, 0);

  for (guint i = 0; i < n_pspecs; i++)
    {
      g_auto(GValue) a = G_VALUE_INIT;
      g_auto(GValue) b = G_VALUE_INIT;
      g_auto(GValue) read = G_VALUE_INIT;
      g_autofree char *signal = g_strconcat ("notify::", pspecs[i]->name, NULL);
      guint count = 0;
      gulong id;

      g_test_message ("%s:%s", g_type_name (type), pspecs[i]->name);
      g_assert_true (pspecs[i]->flags & G_PARAM_EXPLICIT_NOTIFY);

      make_values (pspecs[i], &a, &b);
      id = g_signal_connect (object, signal, G_CALLBACK (count_notify), &count);

      g_object_set_property (object, pspecs[i]->name, &a);
      g_assert_cmpuint (count, ==, 1);
      g_object_set_property (object, pspecs[i]->name, &a);
      g_assert_cmpuint (count, ==, 1);

      /* An equal but distinct value (a copy) is no change either. */
      {
        g_auto(GValue) copy = G_VALUE_INIT;

        g_value_init (&copy, G_VALUE_TYPE (&a));
        g_value_copy (&a, &copy);
        if (G_VALUE_TYPE (&a) == JSON_TYPE_NODE)
          g_value_take_boxed (&copy, json_node_copy (g_value_get_boxed (&a)));
        else if (G_VALUE_TYPE (&a) == G_TYPE_STRV)
          g_value_take_boxed (&copy, g_strdupv (g_value_get_boxed (&a)));
        g_object_set_property (object, pspecs[i]->name, &copy);
        g_assert_cmpuint (count, ==, 1);
      }

      g_object_set_property (object, pspecs[i]->name, &b);
      g_assert_cmpuint (count, ==, 2);

      g_value_init (&read, G_VALUE_TYPE (&b));
      g_object_get_property (object, pspecs[i]->name, &read);
      if (G_VALUE_HOLDS_STRING (&b))
        g_assert_cmpstr (g_value_get_string (&read), ==, g_value_get_string (&b));
      else if (G_VALUE_TYPE (&b) == JSON_TYPE_NODE)
        g_assert_true (json_node_equal (g_value_get_boxed (&read), g_value_get_boxed (&b)));
      else if (G_VALUE_TYPE (&b) == G_TYPE_DATE_TIME)
        g_assert_true (g_date_time_equal (g_value_get_boxed (&read), g_value_get_boxed (&b)));
      else if (G_VALUE_TYPE (&b) == G_TYPE_STRV)
        g_assert_true (g_strv_equal (g_value_get_boxed (&read), g_value_get_boxed (&b)));
      else if (G_VALUE_HOLDS_OBJECT (&b))
        g_assert_true (g_value_get_object (&read) == g_value_get_object (&b));

      g_signal_handler_disconnect (object, id);
    }
}

static void
test_organization_notify (void)
{
  check_notifies_once (SB_TYPE_ORGANIZATION);
}

static void
test_member_notify (void)
{
  check_notifies_once (SB_TYPE_MEMBER);
}

static void
test_account_notify (void)
{
  check_notifies_once (SB_TYPE_ACCOUNT);
}

static void
test_integration_notify (void)
{
  check_notifies_once (SB_TYPE_INTEGRATION);
}

static void
test_run_notify (void)
{
  check_notifies_once (SB_TYPE_RUN);
}

static void
test_run_event_notify (void)
{
  check_notifies_once (SB_TYPE_RUN_EVENT);
}

static void
test_integration_version_notify (void)
{
  check_notifies_once (SB_TYPE_INTEGRATION_VERSION);
}

static void
test_integration_draft (void)
{
  g_autoptr(SbIntegration) integration = sb_integration_new ();
  g_autoptr(JsonNode) live = json_from_string ("[{\"id\": \"a\", \"kind\": \"map\"}]", NULL);
  g_autoptr(JsonNode) draft = json_from_string ("{\"trigger\": {\"kind\": \"manual\"}, "
                                                "\"steps\": [], \"settings\": {}}", NULL);

  /* Without a draft, the editor shows the live configuration. */
  sb_integration_set_steps (integration, live);
  g_assert_false (sb_integration_has_draft (integration));
  g_assert_true (sb_integration_get_edited_steps (integration) ==
                 sb_integration_get_steps (integration));
  g_assert_null (sb_integration_get_edited_trigger (integration));

  /* With one, the draft's. */
  sb_integration_set_draft (integration, draft);
  g_assert_true (sb_integration_has_draft (integration));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (sb_integration_get_edited_steps (integration))),
                    ==, 0);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (sb_integration_get_edited_trigger (integration)),
                                                  "kind"), ==, "manual");
  g_assert_true (JSON_NODE_HOLDS_OBJECT (sb_integration_get_edited_settings (integration)));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (sb_integration_get_steps (integration))),
                    ==, 1);

  sb_integration_set_draft (integration, NULL);
  g_assert_false (sb_integration_has_draft (integration));
}

static void
test_model_finalized (void)
{
  SbIntegration *integration = sb_integration_new ();
  g_autoptr(JsonNode) steps = json_from_string ("[{\"id\": \"a\", \"kind\": \"http\"}]", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  sb_integration_set_name (integration, "Nightly import");
  sb_integration_set_steps (integration, steps);
  sb_integration_set_created_at (integration, now);

  /* The model copies what it is given: changing the caller's node changes nothing. */
  json_array_add_int_element (json_node_get_array (steps), 1);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (sb_integration_get_steps (integration))),
                    ==, 1);

  g_object_add_weak_pointer (G_OBJECT (integration), (gpointer *) &integration);
  g_object_unref (integration);
  g_assert_null (integration);
}

static void
check_summary (const char *trigger,
               const char *expected)
{
  g_autoptr(SbIntegration) integration = sb_integration_new ();
  g_autoptr(JsonNode) node = trigger != NULL ? json_from_string (trigger, NULL) : NULL;
  g_autofree char *summary = NULL;

  sb_integration_set_trigger (integration, node);
  summary = sb_integration_dup_trigger_summary (integration);
  g_assert_cmpstr (summary, ==, expected);
}

static void
test_trigger_summary (void)
{
  check_summary (NULL, "No trigger yet");
  check_summary ("{\"kind\": \"manual\"}", "When started by hand");
  check_summary ("{\"kind\": \"schedule\", \"every_minutes\": 1}", "Every minute");
  check_summary ("{\"kind\": \"schedule\", \"every_minutes\": 15}", "Every 15 minutes");
  check_summary ("{\"kind\": \"schedule\", \"daily_at\": \"02:00\"}", "Every day at 02:00");
  check_summary ("{\"kind\": \"schedule\", \"daily_at\": \"08:00\", \"weekdays\": [\"mon\", \"thu\"]}",
                 "Every Mon, Thu at 08:00");
  check_summary ("{\"kind\": \"schedule\"}", "Schedule not set");
  check_summary ("{\"kind\": \"webhook\", \"service\": \"Stripe\", \"event\": \"payment_intent.succeeded\"}",
                 "When Stripe sends payment_intent.succeeded");
  check_summary ("{\"kind\": \"poll\", \"service\": \"Shopify\"}", "When Shopify has new items");
  /* Nonsense from a file is described, not trusted. */
  check_summary ("{\"kind\": 7}", "Unknown trigger");
  check_summary ("[1, 2]", "No trigger yet");
  check_summary ("{\"kind\": \"schedule\", \"daily_at\": \"06:00\", \"weekdays\": [1, \"fri\", null]}",
                 "Every Fri at 06:00");
  check_summary ("{\"kind\": \"schedule\", \"every_minutes\": \"5\", \"daily_at\": 6}",
                 "Schedule not set");
}

static void
test_enum_nicks (void)
{
  int value = -1;

  g_assert_cmpstr (sb_enum_to_nick (SB_TYPE_INTEGRATION_STATUS, SB_INTEGRATION_STATUS_LIVE), ==,
                   "live");
  g_assert_cmpstr (sb_enum_to_nick (SB_TYPE_RUN_EVENT_LEVEL, SB_RUN_EVENT_LEVEL_WARNING), ==,
                   "warning");
  g_assert_true (sb_enum_from_nick (SB_TYPE_RUN_EVENT_LEVEL, "error", &value));
  g_assert_cmpint (value, ==, SB_RUN_EVENT_LEVEL_ERROR);
  g_assert_true (sb_enum_from_nick (SB_TYPE_ROLE, "lok-support", &value));
  g_assert_cmpint (value, ==, SB_ROLE_LOK_SUPPORT);
  g_assert_false (sb_enum_from_nick (SB_TYPE_ROLE, "owner", &value));
  g_assert_false (sb_enum_from_nick (SB_TYPE_ROLE, NULL, &value));
}

/* What a store hands over as text reads as the JSON it says, and setting a node afterwards
 * notifies only when it differs from that text. */
static void
test_integration_json_texts (void)
{
  static const char *text = "{\"kind\": \"schedule\", \"daily_at\": \"02:00\"}";
  g_autoptr(SbIntegration) integration = sb_integration_new ();
  g_autoptr(JsonNode) expected = json_from_string (text, NULL);
  g_autoptr(JsonNode) same = json_node_copy (expected);
  g_autofree char *summary = NULL;
  guint count = 0;

  sb_integration_load_json_texts (integration, text, "[]", NULL, NULL);
  g_signal_connect (integration, "notify::trigger", G_CALLBACK (count_notify), &count);

  g_assert_true (json_node_equal (sb_integration_get_trigger (integration), expected));
  g_assert_true (json_node_is_immutable (sb_integration_get_trigger (integration)));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (
                      sb_integration_get_steps (integration))), ==, 0);
  g_assert_null (sb_integration_get_settings (integration));
  g_assert_false (sb_integration_has_draft (integration));
  summary = sb_integration_dup_trigger_summary (integration);
  g_assert_cmpstr (summary, ==, "Every day at 02:00");

  sb_integration_set_trigger (integration, same);
  g_assert_cmpuint (count, ==, 0);

  /* A text that does not parse reads as no trigger, and says so. */
  sb_integration_load_json_texts (integration, "{ not json", NULL, NULL, NULL);
  g_test_expect_message ("Sb-Model", G_LOG_LEVEL_WARNING, "*does not parse*");
  g_assert_null (sb_integration_get_trigger (integration));
  g_test_assert_expected_messages ();
}

/* The same for the data of a run event. */
static void
test_run_event_data_text (void)
{
  static const char *text = "{\"input\": {\"id\": 7}, \"output\": [1, 2]}";
  g_autoptr(SbRunEvent) event = sb_run_event_new ();
  g_autoptr(JsonNode) expected = json_from_string (text, NULL);
  g_autoptr(JsonNode) same = json_node_copy (expected);
  g_autoptr(JsonNode) other = json_from_string ("[]", NULL);
  g_autoptr(JsonNode) property = NULL;
  guint count = 0;

  sb_run_event_load_data_text (event, text);
  g_signal_connect (event, "notify::data", G_CALLBACK (count_notify), &count);

  g_object_get (event, "data", &property, NULL);
  g_assert_true (json_node_equal (property, expected));
  g_assert_true (json_node_is_immutable (sb_run_event_get_data (event)));

  sb_run_event_set_data (event, same);
  g_assert_cmpuint (count, ==, 0);
  sb_run_event_load_data_text (event, text);
  sb_run_event_set_data (event, other);
  g_assert_cmpuint (count, ==, 1);

  sb_run_event_load_data_text (event, NULL);
  g_assert_null (sb_run_event_get_data (event));

  sb_run_event_load_data_text (event, "[ not json");
  g_test_expect_message ("Sb-Model", G_LOG_LEVEL_WARNING, "*does not parse*");
  g_assert_null (sb_run_event_get_data (event));
  g_test_assert_expected_messages ();
}

/* The search key follows the texts it is made of. */
static void
test_integration_search_key (void)
{
  g_autoptr(SbIntegration) integration = sb_integration_new ();
  const char *services[] = { "Fortnox", NULL };

  sb_integration_set_name (integration, "Medlemsavgifter Östersunds FK");
  g_assert_cmpstr (sb_integration_get_search_key (integration), ==,
                   "medlemsavgifter ostersunds fk");

  sb_integration_set_description (integration, "Åre");
  sb_integration_set_services (integration, services);
  g_assert_cmpstr (sb_integration_get_search_key (integration), ==,
                   "medlemsavgifter ostersunds fk are fortnox");

  sb_integration_set_name (integration, "Tromsø");
  g_assert_true (sb_search_match (sb_integration_get_search_key (integration), "tromso"));
  g_assert_false (sb_search_match (sb_integration_get_search_key (integration), "ostersund"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  setlocale (LC_ALL, "C.UTF-8");

  g_test_add_func ("/model/organization/notify-once", test_organization_notify);
  g_test_add_func ("/model/member/notify-once", test_member_notify);
  g_test_add_func ("/model/account/notify-once", test_account_notify);
  g_test_add_func ("/model/integration/notify-once", test_integration_notify);
  g_test_add_func ("/model/run/notify-once", test_run_notify);
  g_test_add_func ("/model/run-event/notify-once", test_run_event_notify);
  g_test_add_func ("/model/integration-version/notify-once", test_integration_version_notify);
  g_test_add_func ("/model/integration/draft", test_integration_draft);
  g_test_add_func ("/model/integration/finalized", test_model_finalized);
  g_test_add_func ("/model/integration/trigger-summary", test_trigger_summary);
  g_test_add_func ("/model/enums/nicks", test_enum_nicks);

  g_test_add_func ("/model/integration/json-texts", test_integration_json_texts);
  g_test_add_func ("/model/run-event/data-text", test_run_event_data_text);
  g_test_add_func ("/model/integration/search-key", test_integration_search_key);

  return g_test_run ();
}
