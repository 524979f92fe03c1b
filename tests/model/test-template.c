/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include "model/sb-template.h"

/* Templates as the editor and the engine meet them: what parses renders as expected, what
 * does not is refused with the column a person would count to. */

static JsonNode *
make_context (void)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (
    "{\"trigger\": {\"first name\": \"Åsa\", \"amount\": \"12.5\", \"paid\": true,"
    "               \"at\": \"2024-05-01T10:30:00Z\", \"day\": \"2024-05-02\","
    "               \"created\": 1714559400, \"note\": \"  spaced  \", \"empty\": \"\"},"
    " \"item\": {\"firstName\": \"Karin\", \"lastName\": \"Lindqvist\"},"
    " \"steps\": {\"orders\": {\"status\": 200, \"body\": {\"orders\": ["
    "   {\"id\": 1001, \"total_price\": \"199.00\", \"tags\": [\"club\", \"shop\"]},"
    "   {\"id\": 1002, \"total_price\": \"49.50\", \"tags\": []}]}}}}",
    &error);

  g_assert_no_error (error);
  return node;
}

static void
check_render (const char *text,
              const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbTemplate) template = sb_template_parse (text, &error);
  g_autoptr(JsonNode) context = make_context ();
  g_autofree char *rendered = NULL;

  g_test_message ("%s", text);
  g_assert_no_error (error);
  g_assert_nonnull (template);
  rendered = sb_template_render (template, context, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rendered, ==, expected);
}

static void
test_good (void)
{
  check_render ("Hello", "Hello");
  check_render ("", "");
  check_render ("{{ steps.orders.body.orders[0].id | default: \"none\" }}", "1001");
  check_render ("{{ steps.orders.body.orders[5].id | default: \"none\" }}", "none");
  check_render ("{{ steps.missing.body | default: 0 }}", "0");
  check_render ("{{ trigger.empty | default: 'nothing' }}", "nothing");
  check_render ("Order {{steps.orders.body.orders[1].id}}!", "Order 1002!");
  check_render ("{{ item.firstName }} {{ item.lastName }}", "Karin Lindqvist");
  check_render ("{{ trigger[\"first name\"] | upper }}", "ÅSA");
  check_render ("{{ trigger['first name'] | lower }}", "åsa");
  check_render ("[{{ trigger.note | trim }}]", "[spaced]");
  check_render ("{{ steps.orders.body.orders[0].tags | json }}", "[\"club\",\"shop\"]");
  check_render ("{{ steps.orders.body.orders[0].tags | join }}", "club, shop");
  check_render ("{{ steps.orders.body.orders[0].tags | join: \" / \" }}", "club / shop");
  check_render ("{{ steps.orders.body.orders[1].tags | join }}", "");
  check_render ("{{ trigger.amount | number }}", "12.5");
  check_render ("{{ steps.orders.body.orders[0].total_price | number: 2 }}", "199.00");
  check_render ("{{ steps.orders.body.orders[0].total_price | number }}", "199");
  check_render ("{{ trigger.at | date }}", "2024-05-01");
  check_render ("{{ trigger.at | date: \"%d.%m.%Y %H:%M\" }}", "01.05.2024 10:30");
  check_render ("{{ trigger.day | date: \"%d/%m\" }}", "02/05");
  check_render ("{{ trigger.created | date }}", "2024-05-01");
  check_render ("{{ trigger.paid }}", "true");
  check_render ("{{ steps.orders.status }}", "200");
  check_render ("{{ trigger.nothing }}", "");
  check_render ("{{ trigger.nothing | upper | default: \"-\" }}", "-");
  /* Braces that are not a template stay text, as in a JSON body. */
  check_render ("{\"a\": {\"b\": {{ steps.orders.status }}}}", "{\"a\": {\"b\": 200}}");
  check_render ("}} {", "}} {");
  check_render ("Escaped: {{ trigger.nothing | default: \"say \\\"hi\\\"\" }}",
                "Escaped: say \"hi\"");
}

static void
test_value (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) context = make_context ();
  g_autoptr(SbTemplate) whole = sb_template_parse ("{{ steps.orders.body.orders }}", &error);
  g_autoptr(SbTemplate) mixed = sb_template_parse ("n={{ steps.orders.status }}", &error);
  g_autoptr(SbTemplate) literal = sb_template_parse ("no braces", &error);
  g_autoptr(JsonNode) value = NULL;
  g_autoptr(JsonNode) text = NULL;

  g_assert_no_error (error);
  g_assert_false (sb_template_is_literal (whole));
  g_assert_true (sb_template_is_literal (literal));

  /* One expression alone gives the value itself, a list here. */
  value = sb_template_render_value (whole, context, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (value));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (value)), ==, 2);

  /* Anything more is text. */
  text = sb_template_render_value (mixed, context, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_node_get_string (text), ==, "n=200");
}

static void
check_bad (const char *text,
           int         code,
           guint       column)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbTemplate) template = sb_template_parse (text, &error);
  g_autofree char *where = g_strdup_printf ("column %u:", column);

  g_test_message ("%s → %s", text, error != NULL ? error->message : "(parsed)");
  g_assert_null (template);
  g_assert_error (error, SB_TEMPLATE_ERROR, code);
  g_assert_cmpuint (sb_template_error_get_column (error), ==, column);
  /* The message says where, for the editor to show as it is. */
  g_assert_nonnull (strstr (error->message, where));
}

static void
test_bad (void)
{
  check_bad ("Hi {{ name", SB_TEMPLATE_ERROR_UNCLOSED, 4);
  check_bad ("{{ a }} and {{ b }", SB_TEMPLATE_ERROR_UNCLOSED, 13);
  check_bad ("{{ }}", SB_TEMPLATE_ERROR_EMPTY_PATH, 4);
  check_bad ("{{}}", SB_TEMPLATE_ERROR_EMPTY_PATH, 3);
  check_bad ("{{ | upper }}", SB_TEMPLATE_ERROR_EMPTY_PATH, 4);
  check_bad ("{{ steps.orders | shout }}", SB_TEMPLATE_ERROR_UNKNOWN_FILTER, 19);
  check_bad ("{{ a[x] }}", SB_TEMPLATE_ERROR_BAD_INDEX, 6);
  check_bad ("{{ a[-1] }}", SB_TEMPLATE_ERROR_BAD_INDEX, 6);
  check_bad ("{{ a[] }}", SB_TEMPLATE_ERROR_BAD_INDEX, 6);
  check_bad ("{{ a[1 }}", SB_TEMPLATE_ERROR_BAD_INDEX, 8);
  check_bad ("{{ a[99999999999] }}", SB_TEMPLATE_ERROR_BAD_INDEX, 6);
  check_bad ("{{ a. }}", SB_TEMPLATE_ERROR_BAD_PATH, 6);
  check_bad ("{{ a..b }}", SB_TEMPLATE_ERROR_BAD_PATH, 6);
  check_bad ("{{ 7 }}", SB_TEMPLATE_ERROR_BAD_PATH, 4);
  check_bad ("{{ a | default }}", SB_TEMPLATE_ERROR_BAD_ARGUMENT, 16);
  check_bad ("{{ a | upper: 1 }}", SB_TEMPLATE_ERROR_BAD_ARGUMENT, 13);
  check_bad ("{{ a | default: }}", SB_TEMPLATE_ERROR_BAD_ARGUMENT, 17);
  check_bad ("{{ a | default: \"x }}", SB_TEMPLATE_ERROR_UNCLOSED, 17);
  check_bad ("{{ a | }}", SB_TEMPLATE_ERROR_SYNTAX, 8);
  check_bad ("{{ a b }}", SB_TEMPLATE_ERROR_SYNTAX, 6);
  check_bad ("{{ a } }}", SB_TEMPLATE_ERROR_SYNTAX, 6);
  /* Columns count characters, not bytes. */
  check_bad ("Åäö {{ x | shout }}", SB_TEMPLATE_ERROR_UNKNOWN_FILTER, 12);
}

static void
test_render_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) context = make_context ();
  g_autoptr(SbTemplate) number = sb_template_parse ("{{ item.firstName | number }}", &error);
  g_autoptr(SbTemplate) date = sb_template_parse ("x {{ item.lastName | date }}", &error);
  g_autofree char *rendered = NULL;

  g_assert_no_error (error);
  rendered = sb_template_render (number, context, &error);
  g_assert_null (rendered);
  g_assert_error (error, SB_TEMPLATE_ERROR, SB_TEMPLATE_ERROR_RENDER);
  g_assert_cmpuint (sb_template_error_get_column (error), ==, 21);
  g_assert_nonnull (strstr (error->message, "Karin"));
  g_clear_error (&error);

  rendered = sb_template_render (date, context, &error);
  g_assert_null (rendered);
  g_assert_error (error, SB_TEMPLATE_ERROR, SB_TEMPLATE_ERROR_RENDER);
  g_assert_cmpuint (sb_template_error_get_column (error), ==, 22);
}

/* Random text made of the characters templates are made of: the parser never crashes, and
 * whatever it refuses, it refuses with a column inside the text. */
static void
test_fuzz (void)
{
  static const char * const pieces[] = {
    "{", "}", "{{", "}}", "|", ":", ".", "[", "]", "\"", "'", "\\", " ", "a", "b_c", "-",
    "0", "12", "default", "upper", "join", "date", "number", "json", "ö", "\n", "steps",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240501);
  g_autoptr(JsonNode) context = make_context ();

  for (guint i = 0; i < 20000; i++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(SbTemplate) template = NULL;
      guint n = g_rand_int_range (rand, 0, 16);

      for (guint j = 0; j < n; j++)
        g_string_append (text, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);

      template = sb_template_parse (text->str, &error);
      if (template == NULL)
        {
          guint column = sb_template_error_get_column (error);

          g_assert_nonnull (error);
          g_assert_cmpuint (column, >=, 1);
          g_assert_cmpuint (column, <=, g_utf8_strlen (text->str, -1) + 1);
        }
      else
        {
          g_autofree char *rendered = sb_template_render (template, context, &error);
          g_autoptr(GError) value_error = NULL;
          g_autoptr(JsonNode) value = sb_template_render_value (template, context, &value_error);

          g_assert_true ((rendered != NULL) == (error == NULL));
          g_assert_true ((value != NULL) == (value_error == NULL));
        }
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  setlocale (LC_ALL, "C.UTF-8");

  g_test_add_func ("/template/good", test_good);
  g_test_add_func ("/template/value", test_value);
  g_test_add_func ("/template/bad", test_bad);
  g_test_add_func ("/template/render-errors", test_render_errors);
  g_test_add_func ("/template/fuzz", test_fuzz);

  return g_test_run ();
}
