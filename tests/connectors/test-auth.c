/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "connectors/sb-auth.h"
#include "connectors/sb-connector-catalog.h"

#include "service-fixture.h"

/* Each scheme against a loopback server that checks exactly what the real service expects:
 * the header, the cookie, the login body. The connection tests, the services' error shapes
 * and the 24SevenOffice session (Login, HasSession, ASP.NET_SessionId) go the same way. */

typedef struct
{
  SbConnectorCatalog *catalog;
  SoupSession        *session;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->catalog = sb_connector_catalog_new ();
  fixture->session = soup_session_new ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->catalog);
}

static SbConnector *
connector (Fixture    *fixture,
           const char *id)
{
  SbConnector *found = sb_connector_catalog_lookup (fixture->catalog, id);

  g_assert_nonnull (found);
  return found;
}

static SbCredentials *
credentials_of (const char *first_field,
                ...)
{
  SbCredentials *credentials = sb_credentials_new ();
  const char *field = first_field;
  va_list args;

  va_start (args, first_field);
  while (field != NULL)
    {
      sb_credentials_set (credentials, field, va_arg (args, const char *));
      field = va_arg (args, const char *);
    }
  va_end (args);

  return credentials;
}

/* Runs the connection test; returns the info or NULL with @error. */
static JsonNode *
run_test (Fixture              *fixture,
          SbConnector          *service_connector,
          const char           *base_url,
          SbCredentials        *credentials,
          SbCredentials       **changed,
          GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sb_connector_test_connection_async (service_connector, fixture->session, base_url, credentials,
                                      NULL, test_store_result, &result);
  test_wait_for_result (&result);
  return sb_connector_test_connection_finish (service_connector, result, changed, error);
}

static const char *
info_string (JsonNode   *info,
             const char *key)
{
  g_assert_true (JSON_NODE_HOLDS_OBJECT (info));
  return json_object_get_string_member_with_default (json_node_get_object (info), key, NULL);
}

static void
assert_no_secret (const char *text,
                  const char *secret)
{
  if (strstr (text, secret) != NULL)
    g_error ("“%s” shows a secret", text);
}

/* ------------------------------------------------------------------------------------ */
/* Stripe: HTTP Basic with the secret key as the user name and no password */

static void
stripe_handler (TestService       *service,
                SoupServerMessage *message,
                TestRequest       *request,
                gpointer           user_data)
{
  g_autofree char *basic = test_request_dup_basic (request);

  if (g_strcmp0 (basic, "sk_test_4eC39HqLyjWDarjtT1zdp7dc:") != 0)
    {
      /* Stripe echoes part of the key it was given. */
      g_autofree char *json = g_strdup_printf ("{\"error\": {\"type\": \"invalid_request_error\", "
                                               "\"message\": \"Invalid API Key provided: %s\"}}",
                                               basic != NULL ? basic : "");

      test_respond_json (message, 401, json);
      return;
    }

  g_assert_cmpstr (request->path, ==, "/v1/account");
  g_assert_cmpstr (request->method, ==, "GET");
  test_respond_json (message, 200,
                     "{\"id\": \"acct_1Nv0FGQ9RKHgCVdK\", \"object\": \"account\", "
                     "\"email\": \"kassor@oif.se\", \"country\": \"SE\", "
                     "\"settings\": {\"dashboard\": {\"display_name\": \"Östersunds IF\"}}}");
}

static void
test_basic_stripe (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(TestService) service = test_service_new (stripe_handler, NULL);
  g_autoptr(SbCredentials) credentials = credentials_of ("secret_key",
                                                         "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
                                                         NULL);
  g_autoptr(SbCredentials) wrong = credentials_of ("secret_key", "sk_test_wrong_key_123", NULL);
  g_autoptr(SbCredentials) changed = NULL;
  g_autoptr(JsonNode) info = NULL;
  g_autoptr(GError) error = NULL;

  info = run_test (fixture, connector (fixture, "stripe"), service->base_url, credentials,
                   &changed, &error);
  g_assert_no_error (error);
  g_assert_null (changed);
  g_assert_cmpstr (info_string (info, "account"), ==, "acct_1Nv0FGQ9RKHgCVdK");
  g_assert_cmpstr (info_string (info, "name"), ==, "Östersunds IF");
  g_assert_cmpstr (info_string (info, "email"), ==, "kassor@oif.se");
  g_assert_cmpstr (info_string (info, "country"), ==, "SE");
  g_clear_pointer (&info, json_node_unref);

  /* What Stripe said, but never the key. */
  info = run_test (fixture, connector (fixture, "stripe"), service->base_url, wrong, NULL,
                   &error);
  g_assert_null (info);
  g_assert_error (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (error->message, ==,
                   "Stripe answered 401 Unauthorized: Invalid API Key provided: ••••: "
                   "(code invalid_request_error)");
  assert_no_secret (error->message, "sk_test_wrong_key_123");
}

/* ------------------------------------------------------------------------------------ */
/* Klarna: Basic with user name and password; the test counts its own 404 as a connection */

static void
klarna_handler (TestService       *service,
                SoupServerMessage *message,
                TestRequest       *request,
                gpointer           user_data)
{
  g_autofree char *basic = test_request_dup_basic (request);

  if (g_strcmp0 (basic, "PK12345_0c3a5fd1c4d5:klarna-secret-pw") != 0)
    {
      test_respond_json (message, 401, NULL);
      return;
    }

  g_assert_true (g_str_has_prefix (request->path, "/ordermanagement/v1/orders/"));
  test_respond_json (message, 404,
                     "{\"error_code\": \"NO_SUCH_ORDER\", \"error_messages\": [\"Order "
                     "samband-connection-test cannot be found.\"], "
                     "\"correlation_id\": \"c56002ca-81ee-436a-b213-093e5afe75d3\"}");
}

static void
test_basic_klarna (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(TestService) service = test_service_new (klarna_handler, NULL);
  g_autoptr(SbCredentials) credentials = credentials_of ("username", "PK12345_0c3a5fd1c4d5",
                                                         "password", "klarna-secret-pw", NULL);
  g_autoptr(SbCredentials) wrong = credentials_of ("username", "PK12345_0c3a5fd1c4d5",
                                                   "password", "not-it", NULL);
  g_autoptr(SbCredentials) missing = credentials_of ("username", "PK12345_0c3a5fd1c4d5", NULL);
  g_autoptr(JsonNode) info = NULL;
  g_autoptr(GError) error = NULL;

  info = run_test (fixture, connector (fixture, "klarna"), service->base_url, credentials, NULL,
                   &error);
  g_assert_no_error (error);
  g_assert_cmpuint (test_service_count (service, NULL), ==, 1);
  g_clear_pointer (&info, json_node_unref);

  info = run_test (fixture, connector (fixture, "klarna"), service->base_url, wrong, NULL,
                   &error);
  g_assert_error (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (error->message, ==, "Klarna answered 401 Unauthorized");
  g_clear_error (&error);

  /* A missing password is found before anything is sent. */
  info = run_test (fixture, connector (fixture, "klarna"), service->base_url, missing, NULL,
                   &error);
  g_assert_error (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_MISSING_CREDENTIAL);
  g_assert_cmpstr (error->message, ==, "The account has no “Password”");
  g_assert_cmpuint (test_service_count (service, NULL), ==, 2);
}

/* ------------------------------------------------------------------------------------ */
/* Shopify: X-Shopify-Access-Token, the shop domain in the base URL */

static void
shopify_handler (TestService       *service,
                 SoupServerMessage *message,
                 TestRequest       *request,
                 gpointer           user_data)
{
  const char *token = soup_message_headers_get_one (request->headers, "X-Shopify-Access-Token");

  g_assert_null (soup_message_headers_get_one (request->headers, "Authorization"));
  if (g_strcmp0 (token, "shpat_b1f0d0a7c54e") != 0)
    {
      test_respond_json (message, 401, "{\"errors\": \"[API] Invalid API key or access token "
                                       "(unrecognized login or wrong password)\"}");
      return;
    }

  if (g_str_equal (request->path, "/admin/api/2025-10/shop.json"))
    test_respond_json (message, 200,
                       "{\"shop\": {\"id\": 548380009, \"name\": \"OIF Shop\", "
                       "\"email\": \"shop@oif.se\", \"myshopify_domain\": \"oif.myshopify.com\", "
                       "\"currency\": \"SEK\"}}");
  else
    test_respond_json (message, 422, "{\"errors\": {\"title\": [\"can't be blank\"]}}");
}

static void
test_shopify_token (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(TestService) service = test_service_new (shopify_handler, NULL);
  g_autoptr(SbCredentials) credentials = credentials_of ("shop", "oif.myshopify.com",
                                                         "access_token", "shpat_b1f0d0a7c54e",
                                                         NULL);
  g_autoptr(SbCredentials) pasted = credentials_of ("shop", " https://oif.myshopify.com/ ", NULL);
  g_autoptr(SbCredentials) none = sb_credentials_new ();
  g_autoptr(SbAuthenticator) authenticator = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) info = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  SbConnector *shopify = connector (fixture, "shopify");

  info = run_test (fixture, shopify, service->base_url, credentials, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info_string (info, "shop"), ==, "OIF Shop");
  g_assert_cmpstr (info_string (info, "domain"), ==, "oif.myshopify.com");
  g_assert_cmpstr (info_string (info, "currency"), ==, "SEK");

  /* The shop's own address, from the field, however it was typed. */
  url = sb_connector_resolve_base_url (shopify, NULL, credentials, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (url, ==, "https://oif.myshopify.com");
  g_free (url);
  url = sb_connector_resolve_base_url (shopify, NULL, pasted, &error);
  g_assert_cmpstr (url, ==, "https://oif.myshopify.com");
  g_free (url);
  url = sb_connector_resolve_base_url (shopify, NULL, none, &error);
  g_assert_null (url);
  g_assert_error (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_MISSING_CREDENTIAL);
  g_assert_cmpstr (error->message, ==, "The account has no “Shop domain”");
  g_clear_error (&error);

  /* Shopify's 422: {"errors": {field: [messages]}}. */
  authenticator = sb_authenticator_new (shopify, service->base_url, credentials);
  sb_authenticator_send_async (authenticator, fixture->session,
                               sb_connector_lookup_action (shopify, "list_customers"), NULL, NULL,
                               test_store_result, &result);
  answer = sb_authenticator_send_finish (authenticator, test_wait_for_result (&result), &error);
  g_assert_null (answer);
  g_assert_error (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==,
                   "Shopify answered 422 Unprocessable Entity: title: can't be blank");
}

/* ------------------------------------------------------------------------------------ */
/* The generic connector: API key in a header of the user's naming, bearer */

static void
http_handler (TestService       *service,
              SoupServerMessage *message,
              TestRequest       *request,
              gpointer           user_data)
{
  const char *kind = user_data;

  if (g_str_equal (kind, "api_key"))
    {
      g_assert_cmpstr (soup_message_headers_get_one (request->headers, "X-Club-Key"), ==,
                       "key-8d1f");
      g_assert_null (soup_message_headers_get_one (request->headers, "Authorization"));
    }
  else if (g_str_equal (kind, "default_header"))
    g_assert_cmpstr (soup_message_headers_get_one (request->headers, "X-API-Key"), ==,
                     "key-8d1f");
  else if (g_str_equal (kind, "bearer"))
    g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Authorization"), ==,
                     "Bearer tok-77a");
  else
    g_assert_null (soup_message_headers_get_one (request->headers, "Authorization"));

  /* Most APIs have nothing at "/": a 404 still shows the service answers. */
  test_respond_json (message, 404, "{\"message\": \"Not Found\"}");
}

static void
test_http_schemes (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *kinds[] = { "api_key", "default_header", "bearer", "none" };
  SbConnector *http = connector (fixture, "http");

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(TestService) service = test_service_new (http_handler, (gpointer)kinds[i]);
      g_autoptr(SbCredentials) credentials = NULL;
      g_autoptr(JsonNode) info = NULL;
      g_autoptr(GError) error = NULL;

      if (g_str_equal (kinds[i], "api_key"))
        credentials = credentials_of (SB_CREDENTIAL_AUTH_KIND, "api_key_header",
                                      "header_name", "X-Club-Key", "api_key", "key-8d1f", NULL);
      else if (g_str_equal (kinds[i], "default_header"))
        credentials = credentials_of (SB_CREDENTIAL_AUTH_KIND, "api_key_header",
                                      "api_key", "key-8d1f", NULL);
      else if (g_str_equal (kinds[i], "bearer"))
        credentials = credentials_of (SB_CREDENTIAL_AUTH_KIND, "bearer", "token", "tok-77a",
                                      NULL);
      else
        credentials = sb_credentials_new ();

      info = run_test (fixture, http, service->base_url, credentials, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (test_service_count (service, "/"), ==, 1);
    }

  /* A scheme the connector does not offer, a header name that is not one, no address. */
  {
    g_autoptr(SbCredentials) oauth = credentials_of (SB_CREDENTIAL_AUTH_KIND, "oauth2", NULL);
    g_autoptr(SbCredentials) bad_header = credentials_of (SB_CREDENTIAL_AUTH_KIND,
                                                          "api_key_header", "header_name",
                                                          "X Bad: Header", "api_key", "k", NULL);
    g_autoptr(SbCredentials) bearer = credentials_of (SB_CREDENTIAL_AUTH_KIND, "bearer", NULL);
    g_autoptr(JsonNode) info = NULL;
    g_autoptr(GError) error = NULL;

    info = run_test (fixture, http, "http://127.0.0.1:9", oauth, NULL, &error);
    g_assert_error (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_MISSING_CREDENTIAL);
    g_clear_error (&error);
    info = run_test (fixture, http, "http://127.0.0.1:9", bad_header, NULL, &error);
    g_assert_error (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_MISSING_CREDENTIAL);
    g_assert_cmpstr (error->message, ==, "“X Bad: Header” cannot be the name of a header");
    g_clear_error (&error);
    info = run_test (fixture, http, "http://127.0.0.1:9", bearer, NULL, &error);
    g_assert_error (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_MISSING_CREDENTIAL);
    g_assert_cmpstr (error->message, ==, "The account has no “Token”");
    g_clear_error (&error);
    info = run_test (fixture, http, NULL, bearer, NULL, &error);
    g_assert_error (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_MISSING_CREDENTIAL);
    g_assert_cmpstr (error->message, ==, "The account has no web address for HTTP API");
  }
}

/* ------------------------------------------------------------------------------------ */
/* Fortnox's error shape, through an action with a valid OAuth2 token */

static void
fortnox_handler (TestService       *service,
                 SoupServerMessage *message,
                 TestRequest       *request,
                 gpointer           user_data)
{
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Authorization"), ==,
                   "Bearer at-valid");
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Accept"), ==,
                   "application/json");
  g_assert_cmpstr (request->path, ==, "/3/customers");
  test_respond_json (message, 400, "{\"ErrorInformation\": {\"error\": 1, "
                                   "\"message\": \"Kan inte hitta kontot.\", "
                                   "\"code\": 2000423}}");
}

static void
test_fortnox_error (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(TestService) service = test_service_new (fortnox_handler, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_hours (now, 1);
  g_autofree char *expires = g_date_time_format_iso8601 (later);
  g_autoptr(SbCredentials) credentials = credentials_of ("client_id", "cid", "client_secret",
                                                         "csecret", "access_token", "at-valid",
                                                         "refresh_token", "rt-1",
                                                         "expires_at", expires, NULL);
  g_autoptr(SbAuthenticator) authenticator = NULL;
  g_autoptr(JsonObject) params = json_object_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  SbConnector *fortnox = connector (fixture, "fortnox");

  json_object_set_string_member (params, "name", "Östersunds IF");
  authenticator = sb_authenticator_new (fortnox, service->base_url, credentials);
  sb_authenticator_send_async (authenticator, fixture->session,
                               sb_connector_lookup_action (fortnox, "create_customer"), params,
                               NULL, test_store_result, &result);
  answer = sb_authenticator_send_finish (authenticator, test_wait_for_result (&result), &error);
  g_assert_null (answer);
  g_assert_error (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==,
                   "Fortnox answered 400 Bad Request: Kan inte hitta kontot. (code 2000423)");
  g_assert_cmpstr (test_service_last (service, "/3/customers")->body, ==,
                   "{\"Customer\":{\"Name\":\"Östersunds IF\"}}");
}

/* ------------------------------------------------------------------------------------ */
/* 24SevenOffice: Login → ASP.NET_SessionId; HasSession before logging in again */

#define AUTH_PATH "/authenticate/v001/authenticate.asmx"
#define COMPANY_PATH "/CRM/Company/V001/CompanyService.asmx"
#define NS "http://24sevenOffice.com/webservices"
#define SOAP_ENV "http://schemas.xmlsoap.org/soap/envelope/"
#define XSI "http://www.w3.org/2001/XMLSchema-instance"
#define APP_ID "7a1c2e55-0000-4000-8000-000000000001"

typedef struct
{
  char  *live_session; /* the one session the service knows */
  guint  logins;
  guint  checks;
  gboolean api_exception;
} Soap;

static void
respond_soap (SoupServerMessage *message,
              guint              status,
              const char        *inner)
{
  g_autofree char *body = g_strdup_printf ("<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                                           "<soap:Envelope xmlns:soap=\"" SOAP_ENV "\""
                                           " xmlns:xsi=\"" XSI "\">"
                                           "<soap:Body>%s</soap:Body></soap:Envelope>", inner);

  test_respond (message, status, "text/xml; charset=utf-8", body);
}

static gboolean
has_live_cookie (TestRequest *request,
                 Soap        *soap)
{
  const char *cookie = soup_message_headers_get_one (request->headers, "Cookie");
  g_autofree char *expected = g_strdup_printf ("ASP.NET_SessionId=%s", soap->live_session);

  return cookie != NULL && g_str_equal (cookie, expected);
}

static void
soap_handler (TestService       *service,
              SoupServerMessage *message,
              TestRequest       *request,
              gpointer           user_data)
{
  Soap *soap = user_data;
  const char *action = soup_message_headers_get_one (request->headers, "SOAPAction");

  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_cmpstr (soup_message_headers_get_content_type (request->headers, NULL), ==,
                   "text/xml");
  g_assert_nonnull (strstr (request->body, "<soap:Envelope"));

  if (g_strcmp0 (action, "\"" NS "/Login\"") == 0)
    {
      g_assert_cmpstr (request->path, ==, AUTH_PATH);
      g_assert_null (soup_message_headers_get_one (request->headers, "Cookie"));
      soap->logins++;
      if (strstr (request->body, "<Login xmlns=\"" NS "\"><credential>"
                                 "<ApplicationId>" APP_ID "</ApplicationId>"
                                 "<Username>integration@oif.se</Username>"
                                 "<Password>p&amp;ss&lt;word</Password>"
                                 "</credential></Login>") == NULL)
        {
          respond_soap (message, 200, "<LoginResponse xmlns=\"" NS "\"><LoginResult />"
                                      "</LoginResponse>");
          return;
        }
      g_free (soap->live_session);
      soap->live_session = g_strdup_printf ("sess-%u", soap->logins);
      {
        g_autofree char *inner = g_strdup_printf ("<LoginResponse xmlns=\"" NS "\"><LoginResult>%s"
                                                  "</LoginResult></LoginResponse>",
                                                  soap->live_session);

        respond_soap (message, 200, inner);
      }
      return;
    }

  if (g_strcmp0 (action, "\"" NS "/HasSession\"") == 0)
    {
      soap->checks++;
      respond_soap (message, 200, has_live_cookie (request, soap)
                                    ? "<HasSessionResponse xmlns=\"" NS "\"><HasSessionResult>true"
                                      "</HasSessionResult></HasSessionResponse>"
                                    : "<HasSessionResponse xmlns=\"" NS "\"><HasSessionResult>false"
                                      "</HasSessionResult></HasSessionResponse>");
      return;
    }

  if (!has_live_cookie (request, soap))
    {
      respond_soap (message, 500, "<soap:Fault><faultcode>soap:Server</faultcode>"
                                  "<faultstring>Server was unable to process request. ---&gt; "
                                  "Not authenticated</faultstring></soap:Fault>");
      return;
    }

  if (g_strcmp0 (action, "\"" NS "/GetIdentities\"") == 0)
    respond_soap (message, 200,
                  "<GetIdentitiesResponse xmlns=\"" NS "\"><GetIdentitiesResult><Identity>"
                  "<Id>2f9b7c1e-1111-4000-8000-000000000002</Id>"
                  "<User><ContactId>1</ContactId><Id>5</Id><Name>Integration OIF</Name></User>"
                  "<Client><Id>123456</Id><Name>Östersunds IF</Name></Client>"
                  "<IsCurrent>true</IsCurrent></Identity></GetIdentitiesResult>"
                  "</GetIdentitiesResponse>");
  else if (g_strcmp0 (action, "\"" NS "/SaveCompanies\"") == 0)
    {
      g_assert_cmpstr (request->path, ==, COMPANY_PATH);
      g_assert_nonnull (strstr (request->body, "<Name>Björn &amp; Söner</Name>"));
      respond_soap (message, 200, soap->api_exception
                    ? "<SaveCompaniesResponse xmlns=\"" NS "\"><SaveCompaniesResult><Company>"
                      "<Id>0</Id><APIException><Type>ValidationException</Type>"
                      "<Message>Name is too long</Message></APIException></Company>"
                      "</SaveCompaniesResult></SaveCompaniesResponse>"
                    : "<SaveCompaniesResponse xmlns=\"" NS "\"><SaveCompaniesResult><Company>"
                      "<Id>4711</Id><Name>Björn &amp; Söner</Name>"
                      "<APIException xsi:nil=\"true\" />"
                      "</Company></SaveCompaniesResult></SaveCompaniesResponse>");
    }
  else
    g_error ("unexpected SOAPAction %s", action);
}

static SbCredentials *
soap_credentials (void)
{
  return credentials_of ("application_id", "7a1c2e55-0000-4000-8000-000000000001",
                         "username", "integration@oif.se", "password", "p&ss<word", NULL);
}

static void
on_credentials_changed (SbAuthenticator *authenticator,
                        SbCredentials   *changed,
                        gpointer         user_data)
{
  SbCredentials *seen = user_data;

  sb_credentials_update (seen, changed);
}

static void
test_soap_session (Fixture       *fixture,
                   gconstpointer  data)
{
  Soap soap = { NULL, 0, 0, FALSE };
  g_autoptr(TestService) service = test_service_new (soap_handler, &soap);
  g_autoptr(SbCredentials) credentials = soap_credentials ();
  g_autoptr(SbCredentials) changed = NULL;
  g_autoptr(JsonNode) info = NULL;
  g_autoptr(GError) error = NULL;
  SbConnector *tso = connector (fixture, "24sevenoffice");

  /* No session yet: Login, then the session id as the cookie. */
  info = run_test (fixture, tso, service->base_url, credentials, &changed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soap.logins, ==, 1);
  g_assert_cmpuint (soap.checks, ==, 0);
  g_assert_cmpstr (info_string (info, "client"), ==, "Östersunds IF");
  g_assert_cmpstr (info_string (info, "user"), ==, "Integration OIF");
  g_assert_cmpstr (info_string (info, "client_id"), ==, "123456");
  g_assert_nonnull (changed);
  g_assert_cmpstr (sb_credentials_get (changed, SB_CREDENTIAL_SESSION_ID), ==, "sess-1");
  g_assert_cmpstr (soup_message_headers_get_one (test_service_last (service, AUTH_PATH)->headers,
                                                 "Cookie"), ==, "ASP.NET_SessionId=sess-1");
  g_clear_pointer (&info, json_node_unref);
  g_clear_pointer (&changed, sb_credentials_free);

  /* A stored session that still lives: HasSession, no new Login. */
  sb_credentials_set (credentials, SB_CREDENTIAL_SESSION_ID, "sess-1");
  info = run_test (fixture, tso, service->base_url, credentials, &changed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soap.checks, ==, 1);
  g_assert_cmpuint (soap.logins, ==, 1);
  g_assert_null (changed);
  g_clear_pointer (&info, json_node_unref);

  /* A stored session that ended: HasSession says false, so Login again. */
  sb_credentials_set (credentials, SB_CREDENTIAL_SESSION_ID, "sess-expired");
  info = run_test (fixture, tso, service->base_url, credentials, &changed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soap.checks, ==, 2);
  g_assert_cmpuint (soap.logins, ==, 2);
  g_assert_cmpstr (sb_credentials_get (changed, SB_CREDENTIAL_SESSION_ID), ==, "sess-2");
  g_clear_pointer (&info, json_node_unref);

  g_free (soap.live_session);
}

static void
test_soap_actions (Fixture       *fixture,
                   gconstpointer  data)
{
  Soap soap = { NULL, 0, 0, FALSE };
  g_autoptr(TestService) service = test_service_new (soap_handler, &soap);
  g_autoptr(SbCredentials) credentials = soap_credentials ();
  g_autoptr(SbCredentials) seen = sb_credentials_new ();
  g_autoptr(SbCredentials) wrong = soap_credentials ();
  g_autoptr(SbAuthenticator) authenticator = NULL;
  g_autoptr(JsonObject) params = json_object_new ();
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) info = NULL;
  g_autoptr(GError) error = NULL;
  SbConnector *tso = connector (fixture, "24sevenoffice");
  SbConnectorAction *save = sb_connector_lookup_action (tso, "save_customer");

  authenticator = sb_authenticator_new (tso, service->base_url, credentials);
  g_signal_connect (authenticator, "credentials-changed", G_CALLBACK (on_credentials_changed),
                    seen);
  json_object_set_string_member (params, "name", "Björn & Söner");

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      JsonNode *id;

      sb_authenticator_send_async (authenticator, fixture->session, save, params, NULL,
                                   test_store_result, &result);
      g_clear_pointer (&answer, json_node_unref);
      answer = sb_authenticator_send_finish (authenticator, test_wait_for_result (&result),
                                             &error);
      g_assert_no_error (error);
      id = sb_json_path_lookup (answer, "SaveCompaniesResponse.SaveCompaniesResult.Company[0].Id");
      g_assert_cmpstr (json_node_get_string (id), ==, "4711");
    }
  /* One login for both, and the fresh session is trusted without asking again. */
  g_assert_cmpuint (soap.logins, ==, 1);
  g_assert_cmpuint (soap.checks, ==, 0);
  g_assert_cmpstr (sb_credentials_get (seen, SB_CREDENTIAL_SESSION_ID), ==, "sess-1");

  /* The service forgot the session: a fault; the next authorization after an
   * invalidation logs in again without asking HasSession. */
  g_free (soap.live_session);
  soap.live_session = g_strdup ("someone-else");
  {
    g_autoptr(GAsyncResult) result = NULL;

    sb_authenticator_send_async (authenticator, fixture->session, save, params, NULL,
                                 test_store_result, &result);
    g_clear_pointer (&answer, json_node_unref);
    answer = sb_authenticator_send_finish (authenticator, test_wait_for_result (&result), &error);
    g_assert_null (answer);
    g_assert_error (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_UNAVAILABLE);
    g_assert_cmpstr (error->message, ==, "24SevenOffice answered 500 Internal Server Error: "
                                         "Server was unable to process request. ---> "
                                         "Not authenticated");
    g_clear_error (&error);
  }
  sb_authenticator_invalidate (authenticator);
  {
    g_autoptr(GAsyncResult) result = NULL;

    soap.api_exception = TRUE;
    sb_authenticator_send_async (authenticator, fixture->session, save, params, NULL,
                                 test_store_result, &result);
    answer = sb_authenticator_send_finish (authenticator, test_wait_for_result (&result), &error);
    /* 24SevenOffice's per-item error inside a 200. */
    g_assert_error (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_FAILED);
    g_assert_cmpstr (error->message, ==, "24SevenOffice refused the request: Name is too long");
    g_clear_error (&error);
  }
  g_assert_cmpuint (soap.logins, ==, 2);
  g_assert_cmpuint (soap.checks, ==, 0);
  g_assert_cmpstr (sb_credentials_get (seen, SB_CREDENTIAL_SESSION_ID), ==, "sess-2");

  /* Wrong credentials: an empty LoginResult, and no password in the message. */
  sb_credentials_set (wrong, "password", "wrong-password-42");
  info = run_test (fixture, tso, service->base_url, wrong, NULL, &error);
  g_assert_null (info);
  g_assert_error (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (error->message, ==, "24SevenOffice refused the login: check the application "
                                       "ID, the user name and the password");

  g_free (soap.live_session);
}

/* ------------------------------------------------------------------------------------ */
/* IdrottOnline: the report and its follow-up, with Basic on both */

static void
idrottonline_handler (TestService       *service,
                      SoupServerMessage *message,
                      TestRequest       *request,
                      gpointer           user_data)
{
  g_autofree char *basic = test_request_dup_basic (request);
  const char *shape = user_data;

  g_assert_cmpstr (basic, ==, "rf-integrator:rf-password");
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "x-svenskidrott-api-version"),
                   ==, "1.0");

  if (g_str_equal (request->method, "POST") &&
      g_str_equal (request->path, "/exportservice/personsinsport"))
    {
      g_assert_cmpstr (request->body, ==, "{\"SportIds\":[12],\"OrganisationIds\":[3456],"
                                          "\"IncludeUnderlyingOrganisations\":true}");
      test_respond_json (message, 200, g_str_equal (shape, "object")
                                         ? "{\"ReportGuid\": \"9b2d6c1e-report\"}"
                                         : "\"9b2d6c1e-report\"");
    }
  else if (g_str_equal (request->method, "GET") &&
           g_str_equal (request->path, "/exportservice/personsinsport/9b2d6c1e-report"))
    test_respond_json (message, 200, "[{\"PersonId\": 1001, \"FirstName\": \"Anna\", "
                                     "\"LastName\": \"Berg\", \"IsDeleted\": false}]");
  else
    {
      g_test_message ("unexpected %s %s", request->method, request->path);
      test_respond_json (message, 404, NULL);
    }
}

static void
test_idrottonline_report (Fixture       *fixture,
                          gconstpointer  data)
{
  const char *shapes[] = { "object", "bare" };
  SbConnector *io = connector (fixture, "idrottonline");

  for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
    {
      g_autoptr(TestService) service = test_service_new (idrottonline_handler,
                                                         (gpointer)shapes[i]);
      g_autoptr(SbCredentials) credentials = credentials_of ("username", "rf-integrator",
                                                             "password", "rf-password",
                                                             "sport_id", "12",
                                                             "organisation_id", "3456", NULL);
      g_autoptr(SbAuthenticator) authenticator = sb_authenticator_new (io, service->base_url,
                                                                       credentials);
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(JsonNode) answer = NULL;
      g_autoptr(GError) error = NULL;

      sb_authenticator_send_async (authenticator, fixture->session,
                                   sb_connector_lookup_action (io, "list_members"), NULL, NULL,
                                   test_store_result, &result);
      answer = sb_authenticator_send_finish (authenticator, test_wait_for_result (&result),
                                             &error);
      g_assert_no_error (error);
      g_assert_cmpstr (json_node_get_string (sb_json_path_lookup (answer, "[0].FirstName")), ==,
                       "Anna");
      g_assert_cmpuint (test_service_count (service, NULL), ==, 2);
    }
}

/* ------------------------------------------------------------------------------------ */
/* SbCredentials */

static void
test_credentials (void)
{
  g_autoptr(SbCredentials) credentials = sb_credentials_new ();
  g_autoptr(SbCredentials) copy = NULL;
  g_autoptr(SbCredentials) other = credentials_of ("b", "2", "c", "3", NULL);
  g_auto(GStrv) fields = NULL;

  sb_credentials_set (credentials, "b", "1");
  sb_credentials_set (credentials, "a", "");
  g_assert_true (sb_credentials_has (credentials, "b"));
  g_assert_false (sb_credentials_has (credentials, "a"));
  g_assert_cmpstr (sb_credentials_get (credentials, "a"), ==, "");

  sb_credentials_update (credentials, other);
  g_assert_cmpstr (sb_credentials_get (credentials, "b"), ==, "2");
  fields = sb_credentials_dup_fields (credentials);
  g_assert_cmpstrv (fields, ((const char *[]) { "a", "b", "c", NULL }));

  copy = sb_credentials_copy (credentials);
  sb_credentials_set (credentials, "b", NULL);
  g_assert_null (sb_credentials_get (credentials, "b"));
  g_assert_cmpstr (sb_credentials_get (copy, "b"), ==, "2");
  g_assert_cmpuint (sb_credentials_get_size (copy), ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/connectors/auth/basic/stripe", test_basic_stripe);
  ADD ("/connectors/auth/basic/klarna", test_basic_klarna);
  ADD ("/connectors/auth/shopify-token", test_shopify_token);
  ADD ("/connectors/auth/http-schemes", test_http_schemes);
  ADD ("/connectors/auth/fortnox-error", test_fortnox_error);
  ADD ("/connectors/auth/soap/session", test_soap_session);
  ADD ("/connectors/auth/soap/actions", test_soap_actions);
  ADD ("/connectors/auth/idrottonline-report", test_idrottonline_report);
  g_test_add_func ("/connectors/auth/credentials", test_credentials);

  return g_test_run ();
}
