/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libsoup/soup.h>

#include "connectors/sb-auth.h"
#include "connectors/sb-connector.h"
#include "connectors/sb-connector-catalog.h"
#include "connectors/sb-connector-private.h"

/* The shipped catalog loads whole and says what connectors.md says; broken files are
 * refused with their name and the field at fault while the others load; requests are
 * built the way each service expects them. */

static SbConnectorCatalog *
load_shipped (void)
{
  SbConnectorCatalog *catalog = sb_connector_catalog_new ();

  g_assert_cmpstrv (sb_connector_catalog_get_problems (catalog), ((const char *[]) { NULL }));
  return catalog;
}

static SbConnectorAction *
lookup_action (SbConnectorCatalog *catalog,
               const char         *connector_id,
               const char         *action_id)
{
  SbConnector *connector = sb_connector_catalog_lookup (catalog, connector_id);
  SbConnectorAction *action;

  g_assert_nonnull (connector);
  action = sb_connector_lookup_action (connector, action_id);
  g_assert_nonnull (action);
  return action;
}

static void
test_shipped_all_load (void)
{
  g_autoptr(SbConnectorCatalog) catalog = load_shipped ();
  GListModel *connectors = sb_connector_catalog_get_connectors (catalog);
  const char *ids[] = {
    "stripe", "shopify", "fortnox", "klarna", "24sevenoffice", "idrottonline", "http"
  };

  g_assert_cmpuint (g_list_model_get_n_items (connectors), ==, G_N_ELEMENTS (ids));

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      SbConnector *connector = sb_connector_catalog_lookup (catalog, ids[i]);

      g_assert_nonnull (connector);
      g_assert_nonnull (sb_connector_get_name (connector));
      g_assert_nonnull (sb_connector_get_description (connector));
      /* A known category has a label of its own. */
      g_assert_cmpstr (sb_connector_get_category_label (connector), !=,
                       sb_connector_get_category (connector));
      g_assert_nonnull (sb_connector_get_default_purpose (connector));
      g_assert_nonnull (sb_connector_get_personal_data (connector));
      g_assert_cmpuint (sb_connector_get_n_auths (connector), >=, 1);
      g_assert_nonnull (sb_connector_get_test (connector));
      g_assert_cmpuint (g_list_model_get_n_items (sb_connector_get_actions (connector)), >, 0);

      if (!g_str_equal (ids[i], "http"))
        {
          g_assert_nonnull (sb_connector_get_provider_name (connector));
          g_assert_true (sb_connector_get_support_url (connector) != NULL ||
                         sb_connector_get_support_email (connector) != NULL);
          g_assert_cmpuint (g_strv_length ((GStrv)sb_connector_get_personal_data (connector)),
                            >, 0);
          g_assert_true (g_str_has_prefix (sb_connector_get_default_base_url (connector),
                                           "https://"));
        }
    }
}

static void
test_shipped_stripe (void)
{
  g_autoptr(SbConnectorCatalog) catalog = load_shipped ();
  SbConnector *stripe = sb_connector_catalog_lookup (catalog, "stripe");
  SbConnectorAuth *auth = sb_connector_get_auth (stripe, 0);
  SbConnectorPollTrigger *trigger;
  SbConnectorAction *action;
  SbConnectorField *key;

  /* Basic with the secret key as the user name and no password. */
  g_assert_cmpint (sb_connector_auth_get_kind (auth), ==, SB_AUTH_KIND_BASIC);
  g_assert_cmpstr (sb_connector_auth_get_username_field (auth), ==, "secret_key");
  g_assert_null (sb_connector_auth_get_password_field (auth));
  key = sb_connector_auth_lookup_field (auth, "secret_key");
  g_assert_true (sb_connector_field_get_secret (key));
  g_assert_false (sb_connector_field_get_optional (key));
  key = sb_connector_auth_lookup_field (auth, "webhook_secret");
  g_assert_true (sb_connector_field_get_optional (key));

  g_assert_cmpstr (sb_connector_get_default_base_url (stripe), ==, "https://api.stripe.com");
  g_assert_cmpint (sb_connector_get_webhook_scheme (stripe), ==, SB_SIGNATURE_SCHEME_STRIPE);
  g_assert_cmpstr (sb_connector_get_webhook_header (stripe), ==, "Stripe-Signature");
  g_assert_cmpstr (sb_connector_get_webhook_secret_field (stripe), ==, "webhook_secret");

  g_assert_nonnull (sb_connector_lookup_action (stripe, "list_charges"));
  action = sb_connector_lookup_action (stripe, "create_customer");
  g_assert_cmpint (sb_connector_action_get_body_kind (action), ==, SB_BODY_KIND_FORM);

  trigger = sb_connector_lookup_poll_trigger (stripe, "new_charges");
  g_assert_nonnull (trigger);
  g_assert_cmpstr (sb_connector_poll_trigger_get_path (trigger), ==, "/v1/charges");
  g_assert_cmpstr (sb_connector_poll_trigger_get_items_path (trigger), ==, "data");
  g_assert_cmpstr (sb_connector_poll_trigger_get_cursor_param (trigger), ==, "ending_before");
  g_assert_cmpstr (sb_connector_poll_trigger_get_cursor_field (trigger), ==, "id");
  g_assert_true (sb_connector_poll_trigger_get_newest_first (trigger));
}

static void
test_shipped_others (void)
{
  g_autoptr(SbConnectorCatalog) catalog = load_shipped ();
  SbConnector *shopify = sb_connector_catalog_lookup (catalog, "shopify");
  SbConnector *fortnox = sb_connector_catalog_lookup (catalog, "fortnox");
  SbConnector *klarna = sb_connector_catalog_lookup (catalog, "klarna");
  SbConnector *tso = sb_connector_catalog_lookup (catalog, "24sevenoffice");
  SbConnector *io = sb_connector_catalog_lookup (catalog, "idrottonline");
  SbConnector *http = sb_connector_catalog_lookup (catalog, "http");
  SbConnectorAuth *auth;
  SbConnectorAction *action;
  SbConnectorPollTrigger *trigger;
  guint requests, seconds;

  /* Shopify: the token header, and the shop domain as a field of the base URL. */
  auth = sb_connector_get_auth (shopify, 0);
  g_assert_cmpint (sb_connector_auth_get_kind (auth), ==, SB_AUTH_KIND_SHOPIFY_TOKEN);
  g_assert_cmpstr (sb_connector_get_default_base_url (shopify), ==, "https://{shop}");
  g_assert_false (sb_connector_field_get_secret (sb_connector_auth_lookup_field (auth, "shop")));
  g_assert_true (sb_connector_field_get_secret (sb_connector_auth_lookup_field (auth,
                                                                                 "access_token")));
  g_assert_cmpint (sb_connector_get_webhook_scheme (shopify), ==, SB_SIGNATURE_SCHEME_SHOPIFY);
  trigger = sb_connector_lookup_poll_trigger (shopify, "new_orders");
  g_assert_cmpstr (sb_connector_poll_trigger_get_items_path (trigger), ==, "orders");
  g_assert_cmpstr (sb_connector_poll_trigger_get_cursor_param (trigger), ==, "since_id");
  g_assert_false (sb_connector_poll_trigger_get_newest_first (trigger));
  g_assert_nonnull (sb_connector_lookup_action (shopify, "list_orders"));

  /* Fortnox: OAuth2 at apps.fortnox.se, client authentication with Basic, 25 per 5 s. */
  auth = sb_connector_get_auth (fortnox, 0);
  g_assert_cmpint (sb_connector_auth_get_kind (auth), ==, SB_AUTH_KIND_OAUTH2);
  g_assert_cmpstr (sb_connector_auth_get_authorize_url (auth), ==,
                   "https://apps.fortnox.se/oauth-v1/auth");
  g_assert_cmpstr (sb_connector_auth_get_token_url (auth), ==,
                   "https://apps.fortnox.se/oauth-v1/token");
  g_assert_true (g_strv_contains (sb_connector_auth_get_scopes (auth), "invoice"));
  g_assert_true (g_strv_contains (sb_connector_auth_get_scopes (auth), "companyinformation"));
  g_assert_cmpstr (json_object_get_string_member (sb_connector_auth_get_authorize_params (auth),
                                                  "access_type"), ==, "offline");
  g_assert_true (sb_connector_auth_get_client_basic (auth));
  g_assert_true (sb_connector_get_rate_limit (fortnox, &requests, &seconds));
  g_assert_cmpuint (requests, ==, 25);
  g_assert_cmpuint (seconds, ==, 5);
  g_assert_nonnull (sb_connector_lookup_action (fortnox, "create_customer"));
  g_assert_nonnull (sb_connector_lookup_action (fortnox, "create_invoice"));

  /* Klarna: Basic with user name and password, and the regional addresses. */
  auth = sb_connector_get_auth (klarna, 0);
  g_assert_cmpint (sb_connector_auth_get_kind (auth), ==, SB_AUTH_KIND_BASIC);
  g_assert_cmpstr (sb_connector_auth_get_password_field (auth), ==, "password");
  g_assert_true (g_strv_contains (sb_connector_get_base_urls (klarna),
                                  "https://api-na.klarna.com"));
  g_assert_true (g_strv_contains (sb_connector_get_base_urls (klarna),
                                  "https://api.playground.klarna.com"));
  g_assert_cmpuint (g_strv_length ((GStrv)sb_connector_get_base_urls (klarna)), ==,
                    g_strv_length ((GStrv)sb_connector_get_base_url_labels (klarna)));
  g_assert_true (sb_connector_action_accepts_status (sb_connector_get_test (klarna), 404));
  g_assert_false (sb_connector_action_accepts_status (sb_connector_get_test (klarna), 401));
  g_assert_nonnull (sb_connector_lookup_action (klarna, "capture_order"));

  /* 24SevenOffice: the SOAP session, and a SOAP action. */
  auth = sb_connector_get_auth (tso, 0);
  g_assert_cmpint (sb_connector_auth_get_kind (auth), ==, SB_AUTH_KIND_SOAP_SESSION);
  g_assert_cmpstr (sb_connector_auth_get_login_path (auth), ==,
                   "/authenticate/v001/authenticate.asmx");
  g_assert_cmpstr (sb_connector_auth_get_session_cookie (auth), ==, "ASP.NET_SessionId");
  g_assert_cmpstr (sb_connector_auth_get_application_field (auth), ==, "application_id");
  action = sb_connector_lookup_action (tso, "save_customer");
  g_assert_cmpint (sb_connector_action_get_body_kind (action), ==, SB_BODY_KIND_SOAP);

  /* IdrottOnline: the report and its follow-up, polled by date. */
  action = sb_connector_lookup_action (io, "list_members");
  g_assert_nonnull (sb_connector_action_get_follow_up (action));
  trigger = sb_connector_lookup_poll_trigger (io, "new_members");
  g_assert_cmpint (sb_connector_poll_trigger_get_cursor_location (trigger), ==,
                   SB_FIELD_LOCATION_BODY);
  g_assert_null (sb_connector_poll_trigger_get_cursor_field (trigger));

  /* The generic connector: a choice of four schemes. */
  g_assert_cmpuint (sb_connector_get_n_auths (http), ==, 4);
  g_assert_nonnull (sb_connector_lookup_auth (http, SB_AUTH_KIND_NONE));
  auth = sb_connector_lookup_auth (http, SB_AUTH_KIND_API_KEY_HEADER);
  g_assert_cmpstr (sb_connector_auth_get_header_name (auth), ==, "{header_name}");
  g_assert_nonnull (sb_connector_lookup_auth (http, SB_AUTH_KIND_BEARER));
  g_assert_nonnull (sb_connector_lookup_auth (http, SB_AUTH_KIND_BASIC));
  g_assert_null (sb_connector_lookup_auth (http, SB_AUTH_KIND_OAUTH2));
  g_assert_cmpint (sb_connector_get_webhook_scheme (http), ==,
                   SB_SIGNATURE_SCHEME_HMAC_HEX_HEADER);
}

/* Every template's services are in the catalog, and each step's action is one of its
 * service's; IdrottOnline alone is two-sided. */
static void
check_template_steps (SbConnectorCatalog *catalog,
                      JsonArray          *steps)
{
  for (guint i = 0; i < json_array_get_length (steps); i++)
    {
      JsonObject *step = json_array_get_object_element (steps, i);
      const char *service = json_object_get_string_member_with_default (step, "account", NULL);
      const char *action = json_object_get_string_member_with_default (step, "action", NULL);

      if (service != NULL && action != NULL)
        {
          SbConnector *connector = sb_connector_catalog_lookup (catalog, service);

          g_assert_nonnull (connector);
          g_assert_nonnull (sb_connector_lookup_action (connector, action));
        }
      if (json_object_has_member (step, "steps"))
        check_template_steps (catalog, json_object_get_array_member (step, "steps"));
    }
}

static void
test_shipped_templates (void)
{
  g_autoptr(SbConnectorCatalog) catalog = load_shipped ();
  GListModel *connectors = sb_connector_catalog_get_connectors (catalog);
  guint n_templates = 0;

  for (guint i = 0; i < g_list_model_get_n_items (connectors); i++)
    {
      g_autoptr(SbConnector) connector = g_list_model_get_item (connectors, i);

      for (guint j = 0; j < sb_connector_get_n_templates (connector); j++)
        {
          const SbConnectorTemplate *template = sb_connector_get_template (connector, j);

          n_templates++;
          g_assert_nonnull (template->name);
          g_assert_nonnull (template->purpose);
          g_assert_true (sb_connector_lookup_template (connector, template->id) == template);
          g_assert_true (g_strv_contains ((const char * const *) template->services,
                                          sb_connector_get_id (connector)));
          for (guint k = 0; template->services[k] != NULL; k++)
            g_assert_nonnull (sb_connector_catalog_lookup (catalog, template->services[k]));
          check_template_steps (catalog, json_node_get_array (template->steps));
        }
      if (g_str_equal (sb_connector_get_id (connector), "idrottonline"))
        g_assert_nonnull (sb_connector_get_two_sided_instructions (connector));
      else
        g_assert_null (sb_connector_get_two_sided_instructions (connector));
    }
  g_assert_cmpuint (n_templates, >=, 3);
}

/* Every string the loader translates must be in sb-connector-strings.c, or xgettext never
 * sees it and it stays English in every language. */
static void
test_strings_listed (void)
{
  g_autoptr(SbConnectorCatalog) catalog = load_shipped ();
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "src", "connectors",
                                                 "sb-connector-strings.c", NULL);
  g_autofree char *source = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *connectors = sb_connector_catalog_get_connectors (catalog);
  guint checked = 0;

  g_file_get_contents (path, &source, NULL, &error);
  g_assert_no_error (error);
  /* Long strings are split over lines: join adjacent literals as the compiler does. */
  {
    g_autoptr(GRegex) adjacent = g_regex_new ("\"\\s*\n\\s*\"", 0, 0, NULL);
    char *joined = g_regex_replace_literal (adjacent, source, -1, 0, "", 0, NULL);

    g_free (source);
    source = joined;
  }

  for (guint i = 0; i < g_list_model_get_n_items (connectors); i++)
    {
      g_autoptr(SbConnector) connector = g_list_model_get_item (connectors, i);
      g_autoptr(GPtrArray) strings = g_ptr_array_new ();

      sb_connector_collect_translatable (sb_connector_get_definition (connector), strings);
      for (guint j = 0; j < strings->len; j++)
        {
          g_autoptr(GString) literal = g_string_new ("N_(\"");
          const char *text = g_ptr_array_index (strings, j);

          for (const char *p = text; *p != '\0'; p++)
            {
              if (*p == '"' || *p == '\\')
                g_string_append_c (literal, '\\');
              g_string_append_c (literal, *p);
            }
          g_string_append (literal, "\")");

          if (strstr (source, literal->str) == NULL)
            g_error ("%s.json: “%s” is not listed in src/connectors/sb-connector-strings.c",
                     sb_connector_get_id (connector), text);
          checked++;
        }
    }

  g_assert_cmpuint (checked, >, 100);
}

static void
test_broken_files (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "connectors", NULL);
  g_autoptr(SbConnectorCatalog) catalog = sb_connector_catalog_new_for_directory (path);
  const char * const *problems = sb_connector_catalog_get_problems (catalog);
  const char *expected[] = {
    "action-without-path.json: actions[0].path: missing",
    "missing-name.json: name: missing",
    "misspelt-member.json: auth.fields[0].lable: unknown member",
    "not-json.json: not valid JSON: ",
    "unknown-auth.json: auth.kind: unknown authentication kind “magic”",
    "unknown-placeholder.json: actions[1].path: unknown placeholder “{thing}”",
    "wrong-type.json: auth.fields[1].label: expected a string",
  };

  /* The good file still loads, alone. */
  g_assert_cmpuint (g_list_model_get_n_items (sb_connector_catalog_get_connectors (catalog)),
                    ==, 1);
  g_assert_nonnull (sb_connector_catalog_lookup (catalog, "good"));
  g_assert_cmpstr (sb_connector_get_support_email (sb_connector_catalog_lookup (catalog, "good")),
                   ==, "help@example.com");

  g_assert_cmpuint (g_strv_length ((GStrv)problems), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      if (g_str_has_suffix (expected[i], ": "))
        g_assert_true (g_str_has_prefix (problems[i], expected[i]));
      else
        g_assert_cmpstr (problems[i], ==, expected[i]);
    }
}

static void
expect_problem (const char *json,
                const char *message)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(SbConnector) connector = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  connector = sb_connector_new_from_json ("case", json_parser_get_root (parser), &error);
  g_assert_null (connector);
  g_assert_error (error, SB_CONNECTOR_CATALOG_ERROR, SB_CONNECTOR_CATALOG_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, message);
}

#define BASE "\"name\": \"X\", \"category\": \"generic\", \"provider\": {}, "

static void
test_broken_cases (void)
{
  expect_problem ("[]", "case.json: expected an object");
  expect_problem ("{ \"name\": \"X\", \"category\": \"generic\", \"provider\": {} }",
                  "case.json: auth: missing");
  expect_problem ("{ \"name\": \"X\", \"category\": \"cooking\", \"provider\": {}, "
                  "\"auth\": {\"kind\": \"none\"} }",
                  "case.json: category: unknown category “cooking”");
  expect_problem ("{" BASE "\"auth\": {\"kind\": \"basic\", \"fields\": "
                  "[{\"id\": \"user\", \"label\": \"User\"}]} }",
                  "case.json: auth.username_field: no field “username”");
  expect_problem ("{" BASE "\"auth\": {\"kind\": \"oauth2\", \"authorize_url\": \"ftp://x\", "
                  "\"token_url\": \"https://x/t\", \"fields\": [] } }",
                  "case.json: auth.authorize_url: expected an http or https address");
  expect_problem ("{" BASE "\"auth\": {\"kind\": \"none\"}, \"actions\": "
                  "[{\"id\": \"a\", \"name\": \"A\", \"path\": \"/a\", \"method\": \"FETCH\"}] }",
                  "case.json: actions[0].method: unknown method “FETCH”");
  expect_problem ("{" BASE "\"auth\": {\"kind\": \"none\"}, \"actions\": "
                  "[{\"id\": \"a\", \"name\": \"A\", \"path\": \"/a\"}, "
                  "{\"id\": \"a\", \"name\": \"B\", \"path\": \"/b\"}] }",
                  "case.json: actions[1].id: “a” is used twice");
  expect_problem ("{" BASE "\"auth\": [{\"kind\": \"none\"}, {\"kind\": \"none\"}] }",
                  "case.json: auth[1].kind: “none” is used twice");
  expect_problem ("{" BASE "\"auth\": {\"kind\": \"none\"}, \"poll_triggers\": "
                  "[{\"id\": \"p\", \"name\": \"P\", \"path\": \"/p\", \"items\": \"data\"}] }",
                  "case.json: poll_triggers[0].cursor: missing");
  expect_problem ("{" BASE "\"auth\": {\"kind\": \"none\"}, \"webhook\": "
                  "{\"scheme\": \"stripe\", \"header\": \"S\", \"secret_field\": \"s\"} }",
                  "case.json: webhook.secret_field: no field “s”");
  /* A secret is never put into a request by a placeholder. */
  expect_problem ("{" BASE "\"auth\": {\"kind\": \"bearer\", \"fields\": "
                  "[{\"id\": \"token\", \"label\": \"T\", \"secret\": true}]}, \"actions\": "
                  "[{\"id\": \"a\", \"name\": \"A\", \"path\": \"/a/{token}\"}] }",
                  "case.json: actions[0].path: unknown placeholder “{token}”");
  expect_problem ("{" BASE "\"auth\": {\"kind\": \"none\"}, \"actions\": "
                  "[{\"id\": \"a\", \"name\": \"A\", \"path\": \"/a\", \"body\": \"soap\"}] }",
                  "case.json: actions[0].soap_body: missing");
  /* Integration templates and two-sided activation. */
  expect_problem ("{" BASE "\"auth\": {\"kind\": \"none\"}, \"templates\": "
                  "[{\"id\": \"t\", \"name\": \"T\", \"type\": \"sideways\", "
                  "\"purpose\": \"P\", \"trigger\": {\"kind\": \"manual\"}, "
                  "\"steps\": [{\"id\": \"s\"}]}] }",
                  "case.json: templates[0].type: expected “import”, “export” or “two-way”");
  expect_problem ("{" BASE "\"auth\": {\"kind\": \"none\"}, \"templates\": "
                  "[{\"id\": \"t\", \"name\": \"T\", \"type\": \"import\", "
                  "\"purpose\": \"P\", \"trigger\": {\"kind\": \"manual\"}, "
                  "\"steps\": [{\"id\": \"s\", \"account\": 3}]}] }",
                  "case.json: templates[0].steps[0].account: expected the id of a service");
  expect_problem ("{" BASE "\"auth\": {\"kind\": \"none\"}, \"templates\": "
                  "[{\"id\": \"t\", \"name\": \"T\", \"type\": \"import\", "
                  "\"trigger\": {\"kind\": \"manual\"}, \"steps\": [{}]}] }",
                  "case.json: templates[0].purpose: missing");
  expect_problem ("{" BASE "\"auth\": {\"kind\": \"none\"}, \"two_sided\": {} }",
                  "case.json: two_sided.instructions: missing");
}

/* ------------------------------------------------------------------------------------ */
/* Requests */

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static char *
dup_body (SoupMessage *message)
{
  GBytes *body = sb_connector_message_get_body (message);

  if (body == NULL)
    return NULL;
  return g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static char *
dup_uri (SoupMessage *message)
{
  return g_uri_to_string (soup_message_get_uri (message));
}

static void
assert_json_equal (const char *actual,
                   const char *expected)
{
  g_autoptr(JsonParser) a = json_parser_new ();
  g_autoptr(JsonParser) b = json_parser_new ();

  g_assert_true (json_parser_load_from_data (a, actual, -1, NULL));
  g_assert_true (json_parser_load_from_data (b, expected, -1, NULL));
  if (!json_node_equal (json_parser_get_root (a), json_parser_get_root (b)))
    g_error ("JSON differs:\n  actual   %s\n  expected %s", actual, expected);
}

static void
test_request_fortnox (void)
{
  g_autoptr(SbConnectorCatalog) catalog = load_shipped ();
  SbConnectorAction *action = lookup_action (catalog, "fortnox", "create_customer");
  g_autoptr(JsonObject) params = parse_object ("{\"name\": \"Östersunds IF\", "
                                               "\"email\": \"kansli@oif.se\", \"city\": null}");
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  g_autofree char *uri = NULL;
  SoupMessageHeaders *headers;

  message = sb_connector_action_build_message (action, "https://api.fortnox.se", params, &error);
  g_assert_no_error (error);
  uri = dup_uri (message);
  g_assert_cmpstr (uri, ==, "https://api.fortnox.se/3/customers");
  g_assert_cmpstr (soup_message_get_method (message), ==, "POST");
  headers = soup_message_get_request_headers (message);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Accept"), ==, "application/json");
  g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==, "application/json");
  body = dup_body (message);
  /* Left-out optional values are left out of the envelope, not sent empty. */
  assert_json_equal (body, "{\"Customer\": {\"Name\": \"Östersunds IF\", "
                           "\"Email\": \"kansli@oif.se\"}}");
  g_clear_object (&message);
  g_clear_pointer (&body, g_free);

  /* Invoice rows given as the text a template renders are sent as JSON. */
  action = lookup_action (catalog, "fortnox", "create_invoice");
  json_object_unref (params);
  params = parse_object ("{\"customer_number\": 7, "
                         "\"rows\": \"[{\\\"ArticleNumber\\\": \\\"A1\\\", "
                         "\\\"DeliveredQuantity\\\": 1}]\"}");
  message = sb_connector_action_build_message (action, "http://127.0.0.1:1234/", params, &error);
  g_assert_no_error (error);
  body = dup_body (message);
  assert_json_equal (body, "{\"Invoice\": {\"CustomerNumber\": \"7\", \"InvoiceRows\": "
                           "[{\"ArticleNumber\": \"A1\", \"DeliveredQuantity\": 1}]}}");
  g_clear_object (&message);

  json_object_remove_member (params, "rows");
  message = sb_connector_action_build_message (action, "https://api.fortnox.se", params, &error);
  g_assert_null (message);
  g_assert_error (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_MISSING_PARAMETER);
  g_assert_cmpstr (error->message, ==,
                   "“Create an invoice” needs a value for “Invoice rows”");
  g_clear_error (&error);

  /* Path values are escaped. */
  action = lookup_action (catalog, "fortnox", "get_customer");
  json_object_unref (params);
  params = parse_object ("{\"customer_number\": \"A/1 2\"}");
  message = sb_connector_action_build_message (action, "https://api.fortnox.se", params, &error);
  g_assert_no_error (error);
  g_free (uri);
  uri = dup_uri (message);
  g_assert_cmpstr (uri, ==, "https://api.fortnox.se/3/customers/A%2F1%202");
}

static void
test_request_stripe (void)
{
  g_autoptr(SbConnectorCatalog) catalog = load_shipped ();
  SbConnectorAction *action = lookup_action (catalog, "stripe", "create_customer");
  g_autoptr(JsonObject) params = parse_object ("{\"email\": \"a+b@example.com\", "
                                               "\"metadata\": {\"member\": \"42\", "
                                               "\"club\": \"ÖIF\"}}");
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) form = NULL;
  g_autofree char *body = NULL;
  g_autofree char *uri = NULL;
  SoupMessageHeaders *headers;

  message = sb_connector_action_build_message (action, "https://api.stripe.com", params, &error);
  g_assert_no_error (error);
  headers = soup_message_get_request_headers (message);
  g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==,
                   "application/x-www-form-urlencoded");
  body = dup_body (message);
  form = soup_form_decode (body);
  /* Nested values in Stripe's bracket notation. */
  g_assert_cmpuint (g_hash_table_size (form), ==, 3);
  g_assert_cmpstr (g_hash_table_lookup (form, "email"), ==, "a+b@example.com");
  g_assert_cmpstr (g_hash_table_lookup (form, "metadata[member]"), ==, "42");
  g_assert_cmpstr (g_hash_table_lookup (form, "metadata[club]"), ==, "ÖIF");
  g_clear_object (&message);

  /* GET parameters go to the query. */
  action = lookup_action (catalog, "stripe", "list_charges");
  json_object_unref (params);
  params = parse_object ("{\"limit\": \"10\", \"customer\": \"cus_1\"}");
  message = sb_connector_action_build_message (action, "https://api.stripe.com", params, &error);
  g_assert_no_error (error);
  uri = dup_uri (message);
  g_assert_cmpstr (uri, ==, "https://api.stripe.com/v1/charges?limit=10&customer=cus_1");
  g_assert_null (sb_connector_message_get_body (message));
  g_clear_object (&message);

  json_object_set_string_member (params, "limit", "ten");
  message = sb_connector_action_build_message (action, "https://api.stripe.com", params, &error);
  g_assert_null (message);
  g_assert_error (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_MISSING_PARAMETER);
  g_assert_cmpstr (error->message, ==, "“How many (1–100)” must be a whole number");
}

static void
test_request_poll_cursor (void)
{
  g_autoptr(SbConnectorCatalog) catalog = load_shipped ();
  SbConnector *shopify = sb_connector_catalog_lookup (catalog, "shopify");
  SbConnectorPollTrigger *trigger = sb_connector_lookup_poll_trigger (shopify, "new_orders");
  SbConnectorAction *request = sb_connector_poll_trigger_get_request (trigger);
  g_autoptr(JsonObject) params = parse_object ("{\"since_id\": \"450789469\"}");
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;

  message = sb_connector_action_build_message (request, "https://oif.myshopify.com", params,
                                               &error);
  g_assert_no_error (error);
  uri = dup_uri (message);
  g_assert_cmpstr (uri, ==, "https://oif.myshopify.com/admin/api/2025-10/orders.json"
                            "?status=any&limit=250&since_id=450789469");
  g_clear_object (&message);
  g_clear_pointer (&uri, g_free);

  /* The first poll has no cursor. */
  message = sb_connector_action_build_message (request, "https://oif.myshopify.com", NULL,
                                               &error);
  g_assert_no_error (error);
  uri = dup_uri (message);
  g_assert_cmpstr (uri, ==,
                   "https://oif.myshopify.com/admin/api/2025-10/orders.json?status=any&limit=250");
}

static void
test_request_soap (void)
{
  g_autoptr(SbConnectorCatalog) catalog = load_shipped ();
  SbConnectorAction *action = lookup_action (catalog, "24sevenoffice", "save_customer");
  g_autoptr(JsonObject) params = parse_object ("{\"name\": \"Björn & Söner <AB>\", "
                                               "\"external_id\": \"m-17\"}");
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) parsed = NULL;
  g_autofree char *body = NULL;
  g_autofree char *uri = NULL;
  SoupMessageHeaders *headers;
  JsonNode *name;

  message = sb_connector_action_build_message (action, "https://api.24sevenoffice.com", params,
                                               &error);
  g_assert_no_error (error);
  uri = dup_uri (message);
  g_assert_cmpstr (uri, ==, "https://api.24sevenoffice.com/CRM/Company/V001/CompanyService.asmx");
  headers = soup_message_get_request_headers (message);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "SOAPAction"), ==,
                   "\"http://24sevenOffice.com/webservices/SaveCompanies\"");
  g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==, "text/xml");
  body = dup_body (message);
  g_assert_nonnull (strstr (body, "<soap:Body><SaveCompanies "
                                  "xmlns=\"http://24sevenOffice.com/webservices\"><companies>"
                                  "<Company><ExternalId>m-17</ExternalId>"
                                  "<Name>Björn &amp; Söner &lt;AB&gt;</Name></Company>"));
  /* Elements without a value are left out, not sent empty. */
  g_assert_null (strstr (body, "<Id>"));
  g_assert_null (strstr (body, "<Type>"));

  /* The envelope reads back the way answers are read. */
  parsed = sb_soap_parse (body, strlen (body), &error);
  g_assert_no_error (error);
  name = sb_json_path_lookup (parsed, "SaveCompanies.companies.Company.Name");
  g_assert_cmpstr (json_node_get_string (name), ==, "Björn & Söner <AB>");
}

static void
test_request_idrottonline (void)
{
  g_autoptr(SbConnectorCatalog) catalog = load_shipped ();
  SbConnectorAction *action = lookup_action (catalog, "idrottonline", "list_members");
  g_autoptr(JsonObject) params = parse_object ("{\"sport_id\": \"12\"}");
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  SbConnectorAction *follow_up;

  message = sb_connector_action_build_message (action, "https://api.idrottonline.se", params,
                                               &error);
  g_assert_no_error (error);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_request_headers (message),
                                                 "x-svenskidrott-api-version"), ==, "1.0");
  body = dup_body (message);
  /* The sport from the account, typed; no organisation and no date left empty. */
  assert_json_equal (body, "{\"SportIds\": [12], \"IncludeUnderlyingOrganisations\": true}");
  g_clear_object (&message);

  /* The sport is the account's: without it the request cannot be made. */
  json_object_remove_member (params, "sport_id");
  message = sb_connector_action_build_message (action, "https://api.idrottonline.se", params,
                                               &error);
  g_assert_null (message);
  g_assert_error (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_MISSING_CREDENTIAL);
  g_clear_error (&error);

  follow_up = sb_connector_action_get_follow_up (action);
  g_assert_nonnull (follow_up);
  g_assert_cmpstr (sb_connector_action_get_method (follow_up), ==, "GET");
  g_assert_cmpstr (sb_connector_action_get_path (follow_up), ==,
                   "/exportservice/personsinsport/{reportGuid}");
}

static void
test_json_path (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  g_assert_true (json_parser_load_from_data (parser,
                                             "{\"data\": [{\"id\": \"ch_1\"}, {\"id\": \"ch_2\"}], "
                                             "\"shop\": {\"name\": \"OIF\"}, \"one\": {\"x\": 1}}",
                                             -1, NULL));
  root = json_parser_get_root (parser);

  g_assert_true (sb_json_path_lookup (root, "") == root);
  g_assert_cmpstr (json_node_get_string (sb_json_path_lookup (root, "data[1].id")), ==, "ch_2");
  g_assert_cmpstr (json_node_get_string (sb_json_path_lookup (root, "shop.name")), ==, "OIF");
  /* SOAP's single elements read like arrays of one, and arrays like their first. */
  g_assert_cmpint (json_node_get_int (sb_json_path_lookup (root, "one[0].x")), ==, 1);
  g_assert_cmpstr (json_node_get_string (sb_json_path_lookup (root, "data.id")), ==, "ch_1");
  g_assert_null (sb_json_path_lookup (root, "data[2]"));
  g_assert_null (sb_json_path_lookup (root, "shop.missing"));
  g_assert_null (sb_json_path_lookup (root, "data[x]"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/connectors/catalog/shipped/all-load", test_shipped_all_load);
  g_test_add_func ("/connectors/catalog/shipped/stripe", test_shipped_stripe);
  g_test_add_func ("/connectors/catalog/shipped/others", test_shipped_others);
  g_test_add_func ("/connectors/catalog/shipped/strings-listed", test_strings_listed);
  g_test_add_func ("/connectors/catalog/shipped/templates", test_shipped_templates);
  g_test_add_func ("/connectors/catalog/broken/files", test_broken_files);
  g_test_add_func ("/connectors/catalog/broken/cases", test_broken_cases);
  g_test_add_func ("/connectors/request/fortnox", test_request_fortnox);
  g_test_add_func ("/connectors/request/stripe", test_request_stripe);
  g_test_add_func ("/connectors/request/poll-cursor", test_request_poll_cursor);
  g_test_add_func ("/connectors/request/soap", test_request_soap);
  g_test_add_func ("/connectors/request/idrottonline", test_request_idrottonline);
  g_test_add_func ("/connectors/request/json-path", test_json_path);

  return g_test_run ();
}
