/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-imitation-private.h"

#include <string.h>

/* Fortnox as shared/connectors.md describes it: OAuth2 authorization code at
 * /oauth-v1/auth and /oauth-v1/token (the client authenticates with HTTP Basic; a refresh
 * token is spent when used and a new one comes with the new access token), Bearer on
 * /3/..., resources in PascalCase envelopes ({"Customer": {...}}, lists with
 * MetaInformation and page / limit), errors as {"ErrorInformation": {"error", "message",
 * "code"}}, and 25 requests per 5 seconds per access token, 429 beyond.
 *
 * Real Fortnox lives on two hosts (apps.fortnox.se for OAuth2, api.fortnox.se for the
 * API); here one server answers both paths. Beyond what Fortnox documents:
 *  - PKCE: a code_challenge given at authorize (S256 only) is checked at the token
 *    endpoint, as RFC 7636 says; without one, none is asked for, as in Fortnox.
 *  - redirect_uri must be a loopback URI (RFC 8252: any port); Fortnox itself wants the
 *    registered one.
 *  - Error codes and messages that connectors.md does not list (missing customer, missing
 *    article, scope) are plausible stand-ins, and so are the status and body of a refused
 *    Bearer token and of 429 (not documented: ErrorInformation, no Retry-After).
 * Not imitated: XML, the WebSocket topics, service accounts, and the resources the catalog
 * does not use. */

#define CLIENT_ID "sb8VurtDemoIF4kQ"
#define CLIENT_SECRET "fnx-imitation-Yp3vN8qL2sK7wR5t"
#define SCOPES "companyinformation customer invoice article"
#define SEED_REFRESH_TOKEN "5a8b0c1e-7d2f-4e6a-9b3c-1f0e2d4c6a8b"
#define TENANT_ID 1234567
#define CODE_LIFETIME (10 * 60)
#define WINDOW_REQUESTS 25
#define WINDOW_SECONDS 5

typedef struct
{
  char   *client_id;
  char   *redirect_uri;
  char   *scope;
  char   *challenge;
  gint64  expires;      /* unix seconds */
} Code;

typedef struct
{
  JsonObject *object;   /* the full resource, as GET /3/<resource>/<id> answers it */
  gint64      modified; /* unix seconds */
} Record;

typedef struct
{
  GHashTable *codes;          /* code → Code */
  GHashTable *spent;          /* refresh tokens used once: token → TRUE */
  GHashTable *refresh_scopes; /* refresh token → scope */
  GHashTable *windows;        /* access token → GQueue of request times (µs, monotonic) */
  GPtrArray  *customers;      /* Record, by CustomerNumber */
  GPtrArray  *invoices;       /* Record, by DocumentNumber */
  GPtrArray  *articles;       /* Record */
  guint       next_invoice;
} Fortnox;

static void seed_invoices (SbImitationService *svc);

static void
code_free (gpointer data)
{
  Code *code = data;

  g_free (code->client_id);
  g_free (code->redirect_uri);
  g_free (code->scope);
  g_free (code->challenge);
  g_free (code);
}

static void
record_free (gpointer data)
{
  Record *record = data;

  json_object_unref (record->object);
  g_free (record);
}

static void
window_free (gpointer data)
{
  g_queue_free (data);
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* A copy of @object with its "@url" first. The real one names api.fortnox.se; this one
 * where the resource really is. */
static JsonObject *
with_url (SbImitationService *svc,
          JsonObject         *object,
          const char         *resource,
          const char         *id_member)
{
  g_autofree char *url = g_strdup_printf ("%s/3/%s/%s", svc->base_url, resource,
                                          json_object_get_string_member (object, id_member));
  g_autoptr(GList) members = json_object_get_members (object);
  JsonObject *copy = json_object_new ();

  json_object_set_string_member (copy, "@url", url);
  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (copy, l->data,
                            json_node_copy (json_object_get_member (object, l->data)));
  return copy;
}

static Record *
record_new (JsonObject *object,
            gint64      modified)
{
  Record *record = g_new0 (Record, 1);

  record->object = object;
  record->modified = modified;
  return record;
}

static Record *
find (GPtrArray  *records,
      const char *member,
      const char *id)
{
  for (guint i = 0; i < records->len; i++)
    {
      Record *record = g_ptr_array_index (records, i);

      if (g_strcmp0 (json_object_get_string_member (record->object, member), id) == 0)
        return record;
    }

  return NULL;
}

static JsonObject *
customer_new (const char *number,
              const char *name)
{
  JsonObject *customer = json_object_new ();

  json_object_set_boolean_member (customer, "Active", TRUE);
  json_object_set_string_member (customer, "Address1", "");
  json_object_set_string_member (customer, "Address2", "");
  json_object_set_string_member (customer, "City", "");
  json_object_set_string_member (customer, "Comments", "");
  json_object_set_string_member (customer, "Country", "Sverige");
  json_object_set_string_member (customer, "CountryCode", "SE");
  json_object_set_string_member (customer, "Currency", "SEK");
  json_object_set_string_member (customer, "CustomerNumber", number);
  json_object_set_string_member (customer, "Email", "");
  json_object_set_string_member (customer, "EmailInvoice", "");
  json_object_set_string_member (customer, "Name", name);
  json_object_set_string_member (customer, "OrganisationNumber", "");
  json_object_set_string_member (customer, "Phone1", "");
  json_object_set_string_member (customer, "TermsOfPayment", "30");
  json_object_set_string_member (customer, "Type", "PRIVATE");
  json_object_set_string_member (customer, "VATType", "SEVAT");
  json_object_set_string_member (customer, "YourReference", "");
  json_object_set_string_member (customer, "ZipCode", "");
  return customer;
}

static void
add_article (SbImitationService *svc,
             Fortnox            *fortnox,
             const char         *number,
             const char         *description,
             double              price,
             double              vat,
             const char         *type)
{
  JsonObject *article = json_object_new ();

  json_object_set_boolean_member (article, "Active", TRUE);
  json_object_set_string_member (article, "ArticleNumber", number);
  json_object_set_string_member (article, "Description", description);
  json_object_set_string_member (article, "EAN", "");
  json_object_set_double_member (article, "PurchasePrice", 0);
  json_object_set_double_member (article, "QuantityInStock", 0);
  json_object_set_double_member (article, "SalesPrice", price);
  json_object_set_boolean_member (article, "StockGoods", g_str_equal (type, "STOCK"));
  json_object_set_string_member (article, "Type", type);
  json_object_set_string_member (article, "Unit", g_str_equal (type, "STOCK") ? "st" : "");
  json_object_set_double_member (article, "VAT", vat);
  json_object_set_boolean_member (article, "WebshopArticle", FALSE);
  g_ptr_array_add (fortnox->articles, record_new (article, G_GINT64_CONSTANT (1704067200)));
}

/* Numbers may come as numbers or as text; Fortnox takes both. FALSE for anything else. */
static gboolean
read_number (JsonNode *node,
             double    fallback,
             double   *value)
{
  *value = fallback;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      *value = (double) json_node_get_int (node);
      return TRUE;
    case G_TYPE_DOUBLE:
      *value = json_node_get_double (node);
      return TRUE;
    case G_TYPE_STRING:
      {
        const char *text = json_node_get_string (node);
        char *end = NULL;

        *value = g_ascii_strtod (text, &end);
        return end != text && *end == '\0';
      }
    default:
      return FALSE;
    }
}

static double
round_to (double value,
          double unit)
{
  return (double) (gint64) (value / unit + (value >= 0 ? 0.5 : -0.5)) * unit;
}

/* Swedish OCR reference: the number and a Luhn check digit. */
static char *
ocr_for (const char *number)
{
  guint sum = 0;
  gsize length = strlen (number);

  for (gsize i = 0; i < length; i++)
    {
      guint digit = number[length - 1 - i] - '0';

      if (i % 2 == 0)
        digit *= 2;
      sum += digit > 9 ? digit - 9 : digit;
    }

  return g_strdup_printf ("%s%u", number, (10 - sum % 10) % 10);
}

static gpointer
fortnox_init (SbImitationService *svc)
{
  Fortnox *fortnox = g_new0 (Fortnox, 1);

  fortnox->codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, code_free);
  fortnox->spent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fortnox->refresh_scopes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  fortnox->windows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, window_free);
  fortnox->customers = g_ptr_array_new_with_free_func (record_free);
  fortnox->invoices = g_ptr_array_new_with_free_func (record_free);
  fortnox->articles = g_ptr_array_new_with_free_func (record_free);
  fortnox->next_invoice = 2045;

  add_article (svc, fortnox, "AVG2024", "Medlemsavgift 2024", 600, 0, "SERVICE");
  add_article (svc, fortnox, "AVG2024U", "Medlemsavgift ungdom 2024", 400, 0, "SERVICE");
  add_article (svc, fortnox, "DIF-SCARF", "Supporterhalsduk", 159.2, 25, "STOCK");
  add_article (svc, fortnox, "DIF-SHIRT-24", "Matchtröja 2024", 479.2, 25, "STOCK");

  for (guint i = 0; i < sb_imitation_n_members; i++)
    {
      const SbImitationMember *member = &sb_imitation_members[i];
      g_autofree char *number = NULL;
      g_autofree char *name = NULL;
      g_autoptr(GDateTime) since = NULL;
      g_autofree char *iso = NULL;
      JsonObject *customer;

      if (member->customer_number == 0)
        continue;

      number = g_strdup_printf ("%u", member->customer_number);
      name = g_strdup_printf ("%s %s", member->first_name, member->last_name);
      customer = customer_new (number, name);
      json_object_set_string_member (customer, "Address1", member->street);
      json_object_set_string_member (customer, "City", SB_IMITATION_CITY);
      json_object_set_string_member (customer, "Email", member->email);
      json_object_set_string_member (customer, "EmailInvoice", member->email);
      json_object_set_string_member (customer, "Phone1", member->phone);
      json_object_set_string_member (customer, "ZipCode", member->zip_code);
      iso = g_strconcat (member->member_since, "T12:00:00Z", NULL);
      since = g_date_time_new_from_iso8601 (iso, NULL);
      g_ptr_array_add (fortnox->customers,
                       record_new (customer, since != NULL ? g_date_time_to_unix (since) : 0));
    }

  /* Invoices are made the way a POST makes them, which needs svc->data. */
  svc->data = fortnox;
  seed_invoices (svc);

  return fortnox;
}

static void
fortnox_free (gpointer data)
{
  Fortnox *fortnox = data;

  g_hash_table_unref (fortnox->codes);
  g_hash_table_unref (fortnox->spent);
  g_hash_table_unref (fortnox->refresh_scopes);
  g_hash_table_unref (fortnox->windows);
  g_ptr_array_unref (fortnox->customers);
  g_ptr_array_unref (fortnox->invoices);
  g_ptr_array_unref (fortnox->articles);
  g_free (fortnox);
}

/* ------------------------------------------------------------------------------------ */
/* Tokens: signed, so that they are still good after a restart. */

static char *
jwt_signature (const char *signing_input)
{
  static const char key[] = "samband-imitation:fortnox-access-token";
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) key,
                                      sizeof key - 1);
  guint8 digest[32];
  gsize length = sizeof digest;

  g_hmac_update (hmac, (const guchar *) signing_input, strlen (signing_input));
  g_hmac_get_digest (hmac, digest, &length);
  return sb_imitation_base64url (digest, length);
}

/* Fortnox's access tokens are JWTs; so are these, signed HS256 with our own key. */
static char *
access_token_new (const char *scope,
                  guint       lifetime)
{
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *header = NULL, *body = NULL, *json = NULL, *input = NULL;
  g_autofree char *signature = NULL, *jti = g_uuid_string_random ();
  static const char header_json[] = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
  gint64 now = now_seconds ();

  json_object_set_string_member (payload, "iss", "https://apps.fortnox.se");
  json_object_set_string_member (payload, "sub", CLIENT_ID);
  json_object_set_string_member (payload, "scope", scope);
  json_object_set_int_member (payload, "tenantId", TENANT_ID);
  json_object_set_int_member (payload, "iat", now);
  json_object_set_int_member (payload, "exp", now + lifetime);
  json_object_set_string_member (payload, "jti", jti);
  json_node_set_object (node, payload);
  json = json_to_string (node, FALSE);

  header = sb_imitation_base64url ((const guint8 *) header_json, sizeof header_json - 1);
  body = sb_imitation_base64url ((const guint8 *) json, strlen (json));
  input = g_strconcat (header, ".", body, NULL);
  signature = jwt_signature (input);
  return g_strconcat (input, ".", signature, NULL);
}

/* The scope of a good access token, or NULL; @expired says why not. */
static char *
access_token_check (const char *token,
                    gboolean   *expired)
{
  g_auto(GStrv) parts = token != NULL ? g_strsplit (token, ".", -1) : NULL;
  g_autofree char *input = NULL, *signature = NULL, *json = NULL;
  g_autofree guint8 *decoded = NULL;
  g_autoptr(JsonNode) node = NULL;
  gsize length = 0;
  JsonObject *payload;

  *expired = FALSE;
  if (parts == NULL || g_strv_length (parts) != 3)
    return NULL;

  input = g_strconcat (parts[0], ".", parts[1], NULL);
  signature = jwt_signature (input);
  if (!sb_imitation_secret_equal (signature, parts[2]))
    return NULL;

  decoded = sb_imitation_base64url_decode (parts[1], &length);
  if (decoded == NULL)
    return NULL;
  json = g_strndup ((char *) decoded, length);
  node = json_from_string (json, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  payload = json_node_get_object (node);
  if (json_object_get_int_member_with_default (payload, "exp", 0) <= now_seconds ())
    {
      *expired = TRUE;
      return NULL;
    }

  return g_strdup (json_object_get_string_member_with_default (payload, "scope", ""));
}

/* Refresh tokens look like Fortnox's, a UUID; most of it is a MAC of the rest. */
static char *
refresh_token_from (const char *random_half)
{
  g_autofree char *mac = sb_imitation_sign ("fortnox-refresh-token", random_half);

  return g_strdup_printf ("%.8s-%.4s-%.4s-%.4s-%.12s", random_half, random_half + 8, mac,
                          mac + 4, mac + 8);
}

static char *
refresh_token_new (void)
{
  /* Twelve random hex digits; the other twenty are the MAC. */
  g_autofree char *random_half = g_strdup_printf ("%08x%04x", g_random_int (),
                                                  g_random_int () & 0xffff);

  return refresh_token_from (random_half);
}

static gboolean
refresh_token_valid (const char *token)
{
  g_autofree char *random_half = NULL;
  g_autofree char *expected = NULL;

  if (g_strcmp0 (token, SEED_REFRESH_TOKEN) == 0)
    return TRUE;
  if (token == NULL || strlen (token) != 36)
    return FALSE;

  random_half = g_strdup_printf ("%.8s%.4s", token, token + 9);
  expected = refresh_token_from (random_half);
  return sb_imitation_secret_equal (expected, token);
}

/* ------------------------------------------------------------------------------------ */
/* OAuth2 */

static void
reply_oauth_error (SoupServerMessage *msg,
                   guint              status,
                   const char        *error,
                   const char        *description)
{
  g_autoptr(JsonObject) root = json_object_new ();

  json_object_set_string_member (root, "error", error);
  json_object_set_string_member (root, "error_description", description);
  sb_imitation_set_header (msg, "Cache-Control", "no-store");
  if (status == 401)
    sb_imitation_set_header (msg, "WWW-Authenticate", "Basic realm=\"Fortnox\"");
  sb_imitation_reply_object (msg, status, root);
}

static void
reply_page (SoupServerMessage *msg,
            guint              status,
            const char        *title,
            const char        *body_html)
{
  g_autofree char *escaped_title = g_markup_escape_text (title, -1);
  g_autofree char *page =
    g_strdup_printf ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>%s</title>"
                     "<style>body{font-family:sans-serif;max-width:36em;margin:4em auto;padding:"
                     "0 1em}a.button{display:inline-block;padding:.6em 1.2em;margin-right:.6em;"
                     "border-radius:6px;background:#2a7e3b;color:#fff;text-decoration:none}a.d"
                     "eny{background:#888}small{color:#666}</style></head><body><h1>%s</h1>%s"
                     "<p><small>%s</small></p></body></html>\n",
                     escaped_title, escaped_title, body_html,
                     _("This page is Samband’s local imitation of the service’s sign-in. No "
                       "real account is involved."));

  sb_imitation_reply_text (msg, status, "text/html; charset=utf-8", page);
}

static gboolean
is_loopback_redirect (const char *redirect_uri)
{
  g_autoptr(GUri) uri = redirect_uri != NULL ? g_uri_parse (redirect_uri, G_URI_FLAGS_NONE,
                                                            NULL)
                                             : NULL;
  const char *host;

  if (uri == NULL || g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 ||
      g_uri_get_fragment (uri) != NULL)
    return FALSE;

  host = g_uri_get_host (uri);
  return g_strcmp0 (host, "127.0.0.1") == 0 || g_strcmp0 (host, "::1") == 0 ||
         g_strcmp0 (host, "[::1]") == 0;
}

static void
redirect (SoupServerMessage *msg,
          const char        *redirect_uri,
          const char        *first_name,
          const char        *first_value,
          const char        *state)
{
  g_autofree char *value = g_uri_escape_string (first_value, NULL, FALSE);
  g_autofree char *escaped_state = state != NULL ? g_uri_escape_string (state, NULL, FALSE)
                                                 : NULL;
  g_autofree char *location =
    g_strdup_printf ("%s%c%s=%s%s%s", redirect_uri, strchr (redirect_uri, '?') ? '&' : '?',
                     first_name, value, state != NULL ? "&state=" : "",
                     state != NULL ? escaped_state : "");

  soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, location);
}

static gboolean
scopes_known (const char *scope)
{
  g_auto(GStrv) wanted = g_strsplit (scope, " ", -1);
  g_auto(GStrv) known = g_strsplit (SCOPES, " ", -1);

  for (guint i = 0; wanted[i] != NULL; i++)
    if (*wanted[i] != '\0' && !g_strv_contains ((const char * const *) known, wanted[i]))
      return FALSE;

  return TRUE;
}

static void
handle_authorize (SbImitationService *svc,
                  SoupServerMessage  *msg,
                  GHashTable         *query)
{
  Fortnox *fortnox = svc->data;
  const char *client_id = g_hash_table_lookup (query, "client_id");
  const char *redirect_uri = g_hash_table_lookup (query, "redirect_uri");
  const char *response_type = g_hash_table_lookup (query, "response_type");
  const char *scope = g_hash_table_lookup (query, "scope");
  const char *state = g_hash_table_lookup (query, "state");
  const char *challenge = g_hash_table_lookup (query, "code_challenge");
  const char *method = g_hash_table_lookup (query, "code_challenge_method");
  const char *approve = g_hash_table_lookup (query, "approve");
  g_autofree char *code_value = NULL;
  Code *code;

  /* Until the redirect URI is known to be good, errors are shown, never sent there. */
  if (g_strcmp0 (client_id, CLIENT_ID) != 0)
    {
      g_autofree char *text = g_markup_printf_escaped ("<p>%s</p>",
                                                       _("The application that sent you here "
                                                         "is not known (client_id)."));

      reply_page (msg, 400, _("Sign-in failed"), text);
      return;
    }
  if (!is_loopback_redirect (redirect_uri))
    {
      g_autofree char *text = g_markup_printf_escaped ("<p>%s</p>",
                                                       _("The address to return to "
                                                         "(redirect_uri) is not allowed."));

      reply_page (msg, 400, _("Sign-in failed"), text);
      return;
    }

  if (g_strcmp0 (response_type, "code") != 0)
    {
      redirect (msg, redirect_uri, "error", "unsupported_response_type", state);
      return;
    }
  if (state == NULL || *state == '\0')
    {
      redirect (msg, redirect_uri, "error", "invalid_request", NULL);
      return;
    }
  if (scope == NULL || *scope == '\0' || !scopes_known (scope))
    {
      redirect (msg, redirect_uri, "error", "invalid_scope", state);
      return;
    }
  if (challenge != NULL && (g_strcmp0 (method, "S256") != 0 || strlen (challenge) != 43))
    {
      redirect (msg, redirect_uri, "error", "invalid_request", state);
      return;
    }

  if (g_strcmp0 (approve, "0") == 0)
    {
      redirect (msg, redirect_uri, "error", "access_denied", state);
      return;
    }

  if (g_strcmp0 (approve, "1") != 0 && !sb_imitations_get_auto_approve (svc->owner))
    {
      GUri *uri = soup_server_message_get_uri (msg);
      g_autofree char *allow = g_strdup_printf ("%s&approve=1", g_uri_get_query (uri));
      g_autofree char *deny = g_strdup_printf ("%s&approve=0", g_uri_get_query (uri));
      g_autofree char *text =
        g_markup_printf_escaped ("<p>%s</p><p><code>%s</code></p><p><a class=\"button\" href"
                                 "=\"?%s\">%s</a><a class=\"button deny\" href=\"?%s\">%s</a>"
                                 "</p>",
                                 _("Samband asks to read and write your company’s data in "
                                   "Fortnox:"),
                                 scope, allow, _("Allow"), deny, _("Deny"));

      reply_page (msg, SOUP_STATUS_OK, _("Connect Samband to Fortnox"), text);
      return;
    }

  code_value = sb_imitation_random_id ("", 32);
  code = g_new0 (Code, 1);
  code->client_id = g_strdup (client_id);
  code->redirect_uri = g_strdup (redirect_uri);
  code->scope = g_strdup (scope);
  code->challenge = g_strdup (challenge);
  code->expires = now_seconds () + CODE_LIFETIME;
  g_hash_table_insert (fortnox->codes, g_strdup (code_value), code);

  redirect (msg, redirect_uri, "code", code_value, state);
}

static void
reply_tokens (SbImitationService *svc,
              SoupServerMessage  *msg,
              const char         *scope)
{
  Fortnox *fortnox = svc->data;
  g_autoptr(JsonObject) root = json_object_new ();
  g_autofree char *access_token = access_token_new (scope, svc->token_lifetime);
  g_autofree char *refresh_token = refresh_token_new ();

  g_hash_table_insert (fortnox->refresh_scopes, g_strdup (refresh_token), g_strdup (scope));

  json_object_set_string_member (root, "access_token", access_token);
  json_object_set_string_member (root, "refresh_token", refresh_token);
  json_object_set_string_member (root, "scope", scope);
  json_object_set_int_member (root, "expires_in", svc->token_lifetime);
  json_object_set_string_member (root, "token_type", "bearer");
  sb_imitation_set_header (msg, "Cache-Control", "no-store");
  sb_imitation_set_header (msg, "Pragma", "no-cache");
  sb_imitation_reply_object (msg, SOUP_STATUS_OK, root);
}

static gboolean
verifier_matches (const char *verifier,
                  const char *challenge)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *computed = NULL;
  guint8 digest[32];
  gsize length = sizeof digest;
  gsize verifier_length = verifier != NULL ? strlen (verifier) : 0;

  /* RFC 7636: 43 to 128 characters of [A-Za-z0-9-._~]. */
  if (verifier_length < 43 || verifier_length > 128)
    return FALSE;
  for (gsize i = 0; i < verifier_length; i++)
    if (!g_ascii_isalnum (verifier[i]) && strchr ("-._~", verifier[i]) == NULL)
      return FALSE;

  g_checksum_update (checksum, (const guchar *) verifier, verifier_length);
  g_checksum_get_digest (checksum, digest, &length);
  computed = sb_imitation_base64url (digest, length);
  return sb_imitation_secret_equal (computed, challenge);
}

static void
handle_token (SbImitationService *svc,
              SoupServerMessage  *msg)
{
  Fortnox *fortnox = svc->data;
  g_autofree char *user = NULL, *password = NULL, *body = NULL;
  g_autoptr(GHashTable) form = NULL;
  const char *grant_type;

  if (!g_str_equal (soup_server_message_get_method (msg), "POST"))
    {
      reply_oauth_error (msg, 405, "invalid_request", "The token endpoint takes POST");
      return;
    }

  if (!sb_imitation_get_basic_auth (msg, &user, &password) ||
      !sb_imitation_secret_equal (user, CLIENT_ID) ||
      !sb_imitation_secret_equal (password, CLIENT_SECRET))
    {
      reply_oauth_error (msg, 401, "invalid_client", "Client authentication failed");
      return;
    }

  if (!sb_imitation_has_content_type (msg, "application/x-www-form-urlencoded"))
    {
      reply_oauth_error (msg, 400, "invalid_request",
                         "Content-Type must be application/x-www-form-urlencoded");
      return;
    }

  body = sb_imitation_dup_body (msg, NULL);
  form = soup_form_decode (body);
  grant_type = g_hash_table_lookup (form, "grant_type");

  if (g_strcmp0 (grant_type, "authorization_code") == 0)
    {
      const char *code_value = g_hash_table_lookup (form, "code");
      const char *redirect_uri = g_hash_table_lookup (form, "redirect_uri");
      const char *verifier = g_hash_table_lookup (form, "code_verifier");
      g_autofree char *scope = NULL;
      gpointer key = NULL, value = NULL;
      Code *code;

      /* A code is good for one try, whatever its outcome. */
      if (code_value == NULL ||
          !g_hash_table_steal_extended (fortnox->codes, code_value, &key, &value))
        {
          reply_oauth_error (msg, 400, "invalid_grant", "Invalid authorization code");
          return;
        }
      g_free (key);
      code = value;

      if (code->expires <= now_seconds ())
        reply_oauth_error (msg, 400, "invalid_grant", "The authorization code has expired");
      else if (g_strcmp0 (code->redirect_uri, redirect_uri) != 0)
        reply_oauth_error (msg, 400, "invalid_grant",
                           "redirect_uri does not match the one of the authorization request");
      else if (code->challenge != NULL && verifier == NULL)
        reply_oauth_error (msg, 400, "invalid_request", "code_verifier is required");
      else if (code->challenge != NULL && !verifier_matches (verifier, code->challenge))
        reply_oauth_error (msg, 400, "invalid_grant", "PKCE verification failed");
      else
        {
          scope = g_strdup (code->scope);
          reply_tokens (svc, msg, scope);
        }

      code_free (code);
      return;
    }

  if (g_strcmp0 (grant_type, "refresh_token") == 0)
    {
      const char *token = g_hash_table_lookup (form, "refresh_token");
      g_autofree char *scope = NULL;

      if (!refresh_token_valid (token) || g_hash_table_contains (fortnox->spent, token))
        {
          reply_oauth_error (msg, 400, "invalid_grant", "Invalid refresh token");
          return;
        }

      /* Rotation: this token is spent; the answer carries its successor. */
      g_hash_table_add (fortnox->spent, g_strdup (token));
      scope = g_strdup (g_hash_table_lookup (fortnox->refresh_scopes, token));
      g_hash_table_remove (fortnox->refresh_scopes, token);
      reply_tokens (svc, msg, scope != NULL ? scope : SCOPES);
      return;
    }

  reply_oauth_error (msg, 400, "unsupported_grant_type",
                     "grant_type must be authorization_code or refresh_token");
}

/* ------------------------------------------------------------------------------------ */
/* The API */

static void
reply_error (SoupServerMessage *msg,
             guint              status,
             guint              code,
             const char        *message)
{
  g_autoptr(JsonObject) root = json_object_new ();
  JsonObject *info = json_object_new ();

  json_object_set_int_member (info, "error", 1);
  json_object_set_string_member (info, "message", message);
  json_object_set_int_member (info, "code", code);
  json_object_set_object_member (root, "ErrorInformation", info);
  sb_imitation_reply_object (msg, status, root);
}

static void
fortnox_fault (SbImitationService *svc,
               SoupServerMessage  *msg,
               SbImitationFault    fault)
{
  switch (fault)
    {
    case SB_IMITATION_FAULT_RATE_LIMIT:
      sb_imitation_set_header (msg, "Retry-After", "1");
      reply_error (msg, 429, 0, "Too many requests: at most 25 requests per 5 seconds per "
                                "access token.");
      break;

    case SB_IMITATION_FAULT_SERVER_ERROR:
      reply_error (msg, 500, 1000003, "Ett systemfel har uppstått.");
      break;

    case SB_IMITATION_FAULT_EXPIRED_TOKEN:
      sb_imitation_set_header (msg, "WWW-Authenticate", "Bearer error=\"invalid_token\"");
      reply_error (msg, 401, 2000311, "Kan inte logga in, access-token eller client-secret är "
                                      "felaktigt.");
      break;

    default:
      g_assert_not_reached ();
    }

  (void) svc;
}

/* 25 requests per sliding 5 seconds, per access token. */
static gboolean
take_request (Fortnox    *fortnox,
              const char *token)
{
  GQueue *window = g_hash_table_lookup (fortnox->windows, token);
  gint64 now = g_get_monotonic_time ();

  if (window == NULL)
    {
      window = g_queue_new ();
      g_hash_table_insert (fortnox->windows, g_strdup (token), window);
    }

  while (!g_queue_is_empty (window) &&
         now - *(gint64 *) g_queue_peek_head (window) >= WINDOW_SECONDS * G_USEC_PER_SEC)
    g_free (g_queue_pop_head (window));

  if (g_queue_get_length (window) >= WINDOW_REQUESTS)
    return FALSE;

  g_queue_push_tail (window, g_memdup2 (&now, sizeof now));
  return TRUE;
}

static gboolean
has_scope (const char *scopes,
           const char *scope)
{
  g_auto(GStrv) list = g_strsplit (scopes, " ", -1);

  return g_strv_contains ((const char * const *) list, scope);
}

static JsonObject *
read_envelope (SoupServerMessage *msg,
               const char        *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  if (!sb_imitation_has_content_type (msg, "application/json"))
    {
      reply_error (msg, 400, 1000031, "Ogiltig content-type.");
      return NULL;
    }

  root = sb_imitation_read_json (msg, &error);
  if (root == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA))
        reply_error (msg, 400, 2001392, "Tom eller felaktig request body.");
      else
        reply_error (msg, 400, 2002115, "Felaktig JSON-syntax.");
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      sb_imitation_get_object (json_node_get_object (root), name) == NULL)
    {
      g_autofree char *message = g_strdup_printf ("Tom eller felaktig request body: %s "
                                                  "saknas.", name);

      reply_error (msg, 400, 2001392, message);
      return NULL;
    }

  object = sb_imitation_get_object (json_node_get_object (root), name);
  return json_object_ref (object);
}

/* Copies what the request sets into @object; read-only and unknown members are left out. */
static void
apply (JsonObject         *object,
       JsonObject         *changes,
       const char * const *writable)
{
  g_autoptr(GList) members = json_object_get_members (changes);

  for (GList *l = members; l != NULL; l = l->next)
    if (g_strv_contains (writable, l->data))
      json_object_set_member (object, l->data,
                              json_node_copy (json_object_get_member (changes, l->data)));
}

/* Answers {"<Name>": {"@url": ..., ...}}; @name is also the resource's name in the path
 * ("Customer" → customers), @id_member its key. */
static void
reply_single (SbImitationService *svc,
              SoupServerMessage  *msg,
              guint               status,
              const char         *name,
              JsonObject         *object)
{
  g_autoptr(JsonObject) root = json_object_new ();
  g_autofree char *resource = g_strconcat (name, "s", NULL);
  const char *id_member = g_str_equal (name, "Customer") ? "CustomerNumber"
                        : g_str_equal (name, "Invoice") ? "DocumentNumber"
                        : "ArticleNumber";

  resource[0] = g_ascii_tolower (resource[0]);
  json_object_set_object_member (root, name, with_url (svc, object, resource, id_member));
  sb_imitation_reply_object (msg, status, root);
}

static const char *
str_of (JsonObject *object,
        const char *member)
{
  return sb_imitation_get_string (object, member);
}

typedef gboolean (*Filter) (Record     *record,
                            GHashTable *query);

static gboolean
contains_folded (const char *haystack,
                 const char *needle)
{
  g_autofree char *a = g_utf8_casefold (haystack != NULL ? haystack : "", -1);
  g_autofree char *b = g_utf8_casefold (needle, -1);

  return strstr (a, b) != NULL;
}

static gint64
parse_lastmodified (const char *text)
{
  g_autofree char *iso = NULL;
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Europe/Stockholm");
  g_autoptr(GDateTime) time = NULL;

  /* "2019-03-10 12:30" or a date alone, in Swedish time. */
  if (strlen (text) == 10)
    iso = g_strconcat (text, "T00:00:00", NULL);
  else
    {
      iso = g_strdup (text);
      g_strdelimit (iso, " ", 'T');
      if (strlen (iso) == 16)
        {
          char *with_seconds = g_strconcat (iso, ":00", NULL);

          g_free (iso);
          iso = with_seconds;
        }
    }
  time = g_date_time_new_from_iso8601 (iso, zone != NULL ? zone : NULL);
  return time != NULL ? g_date_time_to_unix (time) : G_MININT64;
}

static gboolean
filter_customer (Record     *record,
                 GHashTable *query)
{
  static const struct
  {
    const char *param;
    const char *member;
  } substrings[] = {
    { "customernumber", "CustomerNumber" }, { "name", "Name" }, { "zipcode", "ZipCode" },
    { "city", "City" }, { "email", "Email" }, { "phone", "Phone1" },
    { "organisationnumber", "OrganisationNumber" },
  };
  const char *filter = g_hash_table_lookup (query, "filter");
  gboolean active = json_object_get_boolean_member (record->object, "Active");

  if (filter != NULL && ((g_str_equal (filter, "active") && !active) ||
                         (g_str_equal (filter, "inactive") && active)))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (substrings); i++)
    {
      const char *needle = g_hash_table_lookup (query, substrings[i].param);

      if (needle != NULL &&
          !contains_folded (str_of (record->object, substrings[i].member), needle))
        return FALSE;
    }

  return TRUE;
}

static gboolean
filter_invoice (Record     *record,
                GHashTable *query)
{
  const char *filter = g_hash_table_lookup (query, "filter");
  const char *customer = g_hash_table_lookup (query, "customernumber");
  const char *from = g_hash_table_lookup (query, "fromdate");
  const char *to = g_hash_table_lookup (query, "todate");
  const char *date = str_of (record->object, "InvoiceDate");
  gboolean cancelled = json_object_get_boolean_member (record->object, "Cancelled");
  gboolean booked = json_object_get_boolean_member (record->object, "Booked");
  double balance = json_object_get_double_member (record->object, "Balance");

  if (filter != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
      gboolean overdue = g_strcmp0 (str_of (record->object, "DueDate"), today) < 0;

      if ((g_str_equal (filter, "cancelled") && !cancelled) ||
          (g_str_equal (filter, "fullypaid") && (cancelled || balance != 0)) ||
          (g_str_equal (filter, "unpaid") && (cancelled || balance == 0)) ||
          (g_str_equal (filter, "unpaidoverdue") && (cancelled || balance == 0 || !overdue)) ||
          (g_str_equal (filter, "unbooked") && (cancelled || booked)))
        return FALSE;
    }

  if (customer != NULL &&
      g_strcmp0 (str_of (record->object, "CustomerNumber"), customer) != 0)
    return FALSE;
  if (from != NULL && g_strcmp0 (date, from) < 0)
    return FALSE;
  if (to != NULL && g_strcmp0 (date, to) > 0)
    return FALSE;

  return TRUE;
}

static gboolean
filter_article (Record     *record,
                GHashTable *query)
{
  const char *description = g_hash_table_lookup (query, "description");
  const char *number = g_hash_table_lookup (query, "articlenumber");

  return (description == NULL ||
          contains_folded (str_of (record->object, "Description"), description)) &&
         (number == NULL ||
          contains_folded (str_of (record->object, "ArticleNumber"), number));
}

static int
compare_by (gconstpointer a,
            gconstpointer b,
            gpointer      user_data)
{
  Record *x = *(Record **) a;
  Record *y = *(Record **) b;
  const char *member = user_data;
  const char *s = str_of (x->object, member);
  const char *t = str_of (y->object, member);

  /* Numbers in strings sort as numbers ("999" before "1001"). */
  if (s != NULL && t != NULL && strlen (s) != strlen (t) &&
      g_ascii_isdigit (*s) && g_ascii_isdigit (*t))
    return strlen (s) < strlen (t) ? -1 : 1;

  return g_strcmp0 (s, t);
}

static void
reply_list (SbImitationService *svc,
            SoupServerMessage  *msg,
            GHashTable         *query,
            GPtrArray          *records,
            const char         *name,
            const char * const *item_members,
            Filter              filter,
            const char         *default_sort)
{
  const char *lastmodified = g_hash_table_lookup (query, "lastmodified");
  const char *sortby = g_hash_table_lookup (query, "sortby");
  const char *sortorder = g_hash_table_lookup (query, "sortorder");
  g_autoptr(GPtrArray) matching = g_ptr_array_new ();
  g_autoptr(JsonObject) root = json_object_new ();
  JsonObject *meta = json_object_new ();
  JsonArray *items = json_array_new ();
  gint64 since = G_MININT64;
  guint page, limit, offset, pages, start;
  g_autofree char *sort_member = NULL;

  if (!sb_imitation_query_uint (query, "page", 1, &page) || page < 1 ||
      !sb_imitation_query_uint (query, "limit", 100, &limit) || limit < 1 || limit > 500 ||
      !sb_imitation_query_uint (query, "offset", 0, &offset))
    {
      json_object_unref (meta);
      json_array_unref (items);
      reply_error (msg, 400, 2000588, "Ogiltig parameter i anropet.");
      return;
    }
  if (lastmodified != NULL && (since = parse_lastmodified (lastmodified)) == G_MININT64)
    {
      json_object_unref (meta);
      json_array_unref (items);
      reply_error (msg, 400, 2000588, "Ogiltig parameter i anropet: lastmodified.");
      return;
    }

  for (guint i = 0; i < records->len; i++)
    {
      Record *record = g_ptr_array_index (records, i);

      if (record->modified >= since && filter (record, query))
        g_ptr_array_add (matching, record);
    }

  /* sortby names a member in lower case: customernumber → CustomerNumber. */
  if (sortby != NULL)
    {
      for (guint i = 0; item_members[i] != NULL && sort_member == NULL; i++)
        if (g_ascii_strcasecmp (item_members[i], sortby) == 0)
          sort_member = g_strdup (item_members[i]);
      if (sort_member == NULL)
        {
          json_object_unref (meta);
          json_array_unref (items);
          reply_error (msg, 400, 2000588, "Ogiltig parameter i anropet: sortby.");
          return;
        }
    }
  g_ptr_array_sort_with_data (matching, compare_by,
                              sort_member != NULL ? sort_member : (char *) default_sort);
  if (g_strcmp0 (sortorder, "descending") == 0)
    for (guint i = 0; i < matching->len / 2; i++)
      {
        gpointer swap = matching->pdata[i];

        matching->pdata[i] = matching->pdata[matching->len - 1 - i];
        matching->pdata[matching->len - 1 - i] = swap;
      }

  pages = MAX (1, (matching->len + limit - 1) / limit);
  start = offset > 0 ? offset : (page - 1) * limit;
  for (guint i = start; i < matching->len && i < start + limit; i++)
    {
      Record *record = g_ptr_array_index (matching, i);
      g_autofree char *resource = g_ascii_strdown (name, -1);
      g_autoptr(JsonObject) full = with_url (svc, record->object, resource, default_sort);
      JsonObject *item = json_object_new ();

      for (guint j = 0; item_members[j] != NULL; j++)
        {
          JsonNode *node = json_object_get_member (full, item_members[j]);

          if (node != NULL)
            json_object_set_member (item, item_members[j], json_node_copy (node));
        }
      json_array_add_object_element (items, item);
    }

  json_object_set_int_member (meta, "@TotalResources", matching->len);
  json_object_set_int_member (meta, "@TotalPages", pages);
  json_object_set_int_member (meta, "@CurrentPage", offset > 0 ? offset / limit + 1 : page);
  json_object_set_object_member (root, "MetaInformation", meta);
  json_object_set_array_member (root, name, items);
  sb_imitation_reply_object (msg, SOUP_STATUS_OK, root);
}

static const char * const customer_items[] = {
  "@url", "Active", "Address1", "Address2", "City", "CustomerNumber", "Email", "Name",
  "OrganisationNumber", "Phone", "ZipCode", NULL
};

static const char * const customer_writable[] = {
  "Active", "Address1", "Address2", "City", "Comments", "Country", "CountryCode",
  "Currency", "CustomerNumber", "Email", "EmailInvoice", "Name", "OrganisationNumber",
  "Phone1", "TermsOfPayment", "Type", "VATType", "YourReference", "ZipCode", NULL
};

static const char * const invoice_items[] = {
  "@url", "Balance", "Booked", "Cancelled", "CostCenter", "Currency", "CurrencyRate",
  "CurrencyUnit", "CustomerName", "CustomerNumber", "DocumentNumber", "DueDate",
  "ExternalInvoiceReference1", "ExternalInvoiceReference2", "FinalPayDate", "InvoiceDate",
  "InvoiceType", "NoxFinans", "OCR", "Project", "Sent", "TermsOfPayment", "Total",
  "VoucherNumber", "VoucherSeries", "VoucherYear", "WayOfDelivery", NULL
};

static const char * const article_items[] = {
  "@url", "ArticleNumber", "Description", "DisposableQuantity", "EAN", "Housework",
  "PurchasePrice", "QuantityInStock", "ReservedQuantity", "SalesPrice", "StockPlace",
  "StockValue", "Unit", "VAT", "WebshopArticle", NULL
};

static void
customers (SbImitationService *svc,
           SoupServerMessage  *msg,
           const char         *method,
           const char         *number,
           GHashTable         *query)
{
  Fortnox *fortnox = svc->data;
  Record *record = number != NULL ? find (fortnox->customers, "CustomerNumber", number) : NULL;

  if (number == NULL && g_str_equal (method, "GET"))
    {
      reply_list (svc, msg, query, fortnox->customers, "Customers", customer_items, filter_customer,
                  "CustomerNumber");
      return;
    }

  if (number == NULL && g_str_equal (method, "POST"))
    {
      g_autoptr(JsonObject) changes = read_envelope (msg, "Customer");
      g_autofree char *next = NULL;
      const char *wanted;
      JsonObject *customer;

      if (changes == NULL)
        return;

      wanted = str_of (changes, "CustomerNumber");
      if (str_of (changes, "Name") == NULL || *str_of (changes, "Name") == '\0')
        {
          reply_error (msg, 400, 2000359, "Kunden måste ha ett namn (Name).");
          return;
        }
      if (wanted != NULL && find (fortnox->customers, "CustomerNumber", wanted) != NULL)
        {
          g_autofree char *message = g_strdup_printf ("Kundnummer %s används redan.", wanted);

          reply_error (msg, 400, 2000637, message);
          return;
        }
      if (wanted == NULL || *wanted == '\0')
        {
          guint64 highest = 0;

          for (guint i = 0; i < fortnox->customers->len; i++)
            {
              Record *other = g_ptr_array_index (fortnox->customers, i);

              highest = MAX (highest,
                             g_ascii_strtoull (str_of (other->object, "CustomerNumber"),
                                               NULL, 10));
            }
          next = g_strdup_printf ("%" G_GUINT64_FORMAT, highest + 1);
        }

      customer = customer_new (next != NULL ? next : wanted, "");
      apply (customer, changes, customer_writable);
      if (next != NULL)
        json_object_set_string_member (customer, "CustomerNumber", next);
      g_ptr_array_add (fortnox->customers, record_new (customer, now_seconds ()));
      reply_single (svc, msg, SOUP_STATUS_CREATED, "Customer", customer);
      return;
    }

  if (number != NULL && record == NULL)
    {
      reply_error (msg, 404, 2000433, "Kan inte hitta kunden.");
      return;
    }

  if (number != NULL && g_str_equal (method, "GET"))
    {
      reply_single (svc, msg, SOUP_STATUS_OK, "Customer", record->object);
      return;
    }

  if (number != NULL && g_str_equal (method, "PUT"))
    {
      g_autoptr(JsonObject) changes = read_envelope (msg, "Customer");

      if (changes == NULL)
        return;

      json_object_remove_member (changes, "CustomerNumber");
      apply (record->object, changes, customer_writable);
      record->modified = now_seconds ();
      reply_single (svc, msg, SOUP_STATUS_OK, "Customer", record->object);
      return;
    }

  if (number != NULL && g_str_equal (method, "DELETE"))
    {
      g_ptr_array_remove (fortnox->customers, record);
      sb_imitation_reply_empty (msg, SOUP_STATUS_NO_CONTENT);
      return;
    }

  reply_error (msg, 405, 2000588, "Metoden stöds inte för resursen.");
}

static Record *
invoice_create (SbImitationService *svc,
                SoupServerMessage  *msg,
                JsonObject         *changes)
{
  static const char * const writable[] = {
    "Comments", "Currency", "DueDate", "ExternalInvoiceReference1",
    "ExternalInvoiceReference2", "InvoiceDate", "OurReference", "Remarks", "TermsOfPayment",
    "YourOrderNumber", "YourReference", NULL
  };
  Fortnox *fortnox = svc->data;
  const char *customer_number = str_of (changes, "CustomerNumber");
  JsonArray *rows = sb_imitation_get_array (changes, "InvoiceRows");
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();
  g_autoptr(GDateTime) due = g_date_time_add_days (today, 30);
  g_autofree char *today_text = g_date_time_format (today, "%Y-%m-%d");
  g_autofree char *due_text = g_date_time_format (due, "%Y-%m-%d");
  g_autofree char *number = NULL, *ocr = NULL;
  JsonObject *invoice;
  JsonArray *saved_rows;
  Record *customer;
  double net = 0, vat_total = 0, total;

  /* An optional field left empty by a template ("InvoiceDate": "") keeps its default. */
  {
    g_autoptr(GList) members = json_object_get_members (changes);

    for (GList *l = members; l != NULL; l = l->next)
      if (g_strcmp0 (str_of (changes, l->data), "") == 0 &&
          !g_str_equal (l->data, "CustomerNumber"))
        json_object_remove_member (changes, l->data);
  }

  /* Numbers may come as numbers or as text; Fortnox takes both. */
  if (customer_number == NULL && json_object_has_member (changes, "CustomerNumber"))
    {
      JsonNode *node = json_object_get_member (changes, "CustomerNumber");

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
        {
          g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                   json_node_get_int (node));

          json_object_set_string_member (changes, "CustomerNumber", text);
          customer_number = str_of (changes, "CustomerNumber");
        }
    }
  if (customer_number == NULL || *customer_number == '\0')
    {
      reply_error (msg, 400, 2000359, "Kundnummer (CustomerNumber) saknas.");
      return NULL;
    }
  customer = find (fortnox->customers, "CustomerNumber", customer_number);
  if (customer == NULL)
    {
      g_autofree char *message = g_strdup_printf ("Kan inte hitta kunden \"%s\".",
                                                  customer_number);

      reply_error (msg, 400, 2000433, message);
      return NULL;
    }

  saved_rows = json_array_new ();
  for (guint i = 0; rows != NULL && i < json_array_get_length (rows); i++)
    {
      JsonNode *row_node = json_array_get_element (rows, i);
      JsonObject *row = JSON_NODE_HOLDS_OBJECT (row_node) ? json_node_get_object (row_node)
                                                          : NULL;
      JsonObject *saved;
      const char *article_number;
      Record *article = NULL;
      double quantity, price, vat;

      if (row == NULL)
        continue;
      article_number = str_of (row, "ArticleNumber");
      if (article_number != NULL && *article_number != '\0')
        {
          article = find (fortnox->articles, "ArticleNumber", article_number);
          if (article == NULL)
            {
              g_autofree char *message = g_strdup_printf ("Kan inte hitta artikeln \"%s\".",
                                                          article_number);

              json_array_unref (saved_rows);
              reply_error (msg, 400, 2001302, message);
              return NULL;
            }
        }
      if (!read_number (json_object_get_member (row, "DeliveredQuantity"), 0, &quantity) ||
          !read_number (json_object_get_member (row, "Price"),
                        article != NULL ? json_object_get_double_member (article->object,
                                                                         "SalesPrice") : 0,
                        &price) ||
          !read_number (json_object_get_member (row, "VAT"),
                        article != NULL ? json_object_get_double_member (article->object,
                                                                         "VAT") : 25,
                        &vat))
        {
          json_array_unref (saved_rows);
          reply_error (msg, 400, 2000588, "Ogiltigt värde i fakturaraden.");
          return NULL;
        }

      saved = json_object_new ();
      json_object_set_string_member (saved, "AccountNumber", article != NULL && vat == 0
                                                             ? "3890" : "3001");
      json_object_set_string_member (saved, "ArticleNumber",
                                     article_number != NULL ? article_number : "");
      json_object_set_double_member (saved, "DeliveredQuantity", quantity);
      json_object_set_string_member (saved, "Description",
                                     str_of (row, "Description") != NULL
                                     ? str_of (row, "Description")
                                     : article != NULL
                                     ? str_of (article->object, "Description") : "");
      json_object_set_double_member (saved, "Discount", 0);
      json_object_set_double_member (saved, "Price", price);
      json_object_set_double_member (saved, "Total", round_to (quantity * price, 0.01));
      json_object_set_string_member (saved, "Unit",
                                     article != NULL ? str_of (article->object, "Unit") : "");
      json_object_set_double_member (saved, "VAT", vat);
      json_array_add_object_element (saved_rows, saved);

      net += quantity * price;
      vat_total += quantity * price * vat / 100;
    }

  number = g_strdup_printf ("%u", fortnox->next_invoice++);
  ocr = ocr_for (number);
  net = round_to (net, 0.01);
  vat_total = round_to (vat_total, 0.01);
  /* Fortnox rounds the total to whole kronor. */
  total = round_to (net + vat_total, 1);

  invoice = json_object_new ();
  json_object_set_string_member (invoice, "Address1",
                                 str_of (customer->object, "Address1"));
  json_object_set_double_member (invoice, "Balance", total);
  json_object_set_boolean_member (invoice, "Booked", FALSE);
  json_object_set_boolean_member (invoice, "Cancelled", FALSE);
  json_object_set_string_member (invoice, "City", str_of (customer->object, "City"));
  json_object_set_string_member (invoice, "Comments", "");
  json_object_set_string_member (invoice, "CostCenter", "");
  json_object_set_string_member (invoice, "Currency", "SEK");
  json_object_set_double_member (invoice, "CurrencyRate", 1);
  json_object_set_double_member (invoice, "CurrencyUnit", 1);
  json_object_set_string_member (invoice, "CustomerName", str_of (customer->object, "Name"));
  json_object_set_string_member (invoice, "CustomerNumber", customer_number);
  json_object_set_string_member (invoice, "DocumentNumber", number);
  json_object_set_string_member (invoice, "DueDate", due_text);
  json_object_set_string_member (invoice, "EmailInformation",
                                 str_of (customer->object, "EmailInvoice"));
  json_object_set_string_member (invoice, "ExternalInvoiceReference1", "");
  json_object_set_string_member (invoice, "ExternalInvoiceReference2", "");
  json_object_set_null_member (invoice, "FinalPayDate");
  json_object_set_string_member (invoice, "InvoiceDate", today_text);
  json_object_set_array_member (invoice, "InvoiceRows", saved_rows);
  json_object_set_string_member (invoice, "InvoiceType", "INVOICE");
  json_object_set_double_member (invoice, "Net", net);
  json_object_set_boolean_member (invoice, "NoxFinans", FALSE);
  json_object_set_string_member (invoice, "OCR", ocr);
  json_object_set_string_member (invoice, "OurReference", "");
  json_object_set_string_member (invoice, "Project", "");
  json_object_set_string_member (invoice, "Remarks", "");
  json_object_set_boolean_member (invoice, "Sent", FALSE);
  json_object_set_string_member (invoice, "TermsOfPayment", "30");
  json_object_set_double_member (invoice, "Total", total);
  json_object_set_double_member (invoice, "TotalVAT", vat_total);
  json_object_set_boolean_member (invoice, "VATIncluded", FALSE);
  json_object_set_int_member (invoice, "VoucherNumber", 0);
  json_object_set_string_member (invoice, "VoucherSeries", "");
  json_object_set_int_member (invoice, "VoucherYear", 0);
  json_object_set_string_member (invoice, "WayOfDelivery", "EMAIL");
  json_object_set_string_member (invoice, "YourOrderNumber", "");
  json_object_set_string_member (invoice, "YourReference", "");
  json_object_set_string_member (invoice, "ZipCode", str_of (customer->object, "ZipCode"));
  apply (invoice, changes, writable);

  g_ptr_array_add (fortnox->invoices, record_new (invoice, now_seconds ()));
  return g_ptr_array_index (fortnox->invoices, fortnox->invoices->len - 1);
}

static void
invoices (SbImitationService *svc,
          SoupServerMessage  *msg,
          const char         *method,
          const char         *number,
          const char         *action,
          GHashTable         *query)
{
  Fortnox *fortnox = svc->data;
  Record *record = number != NULL ? find (fortnox->invoices, "DocumentNumber", number) : NULL;

  if (number == NULL && g_str_equal (method, "GET"))
    {
      reply_list (svc, msg, query, fortnox->invoices, "Invoices", invoice_items, filter_invoice,
                  "DocumentNumber");
      return;
    }

  if (number == NULL && g_str_equal (method, "POST"))
    {
      g_autoptr(JsonObject) changes = read_envelope (msg, "Invoice");

      if (changes != NULL && (record = invoice_create (svc, msg, changes)) != NULL)
        reply_single (svc, msg, SOUP_STATUS_CREATED, "Invoice", record->object);
      return;
    }

  if (record == NULL)
    {
      reply_error (msg, 404, 2000434, "Kan inte hitta fakturan.");
      return;
    }

  if (action == NULL && g_str_equal (method, "GET"))
    {
      reply_single (svc, msg, SOUP_STATUS_OK, "Invoice", record->object);
      return;
    }

  if (action != NULL && g_str_equal (method, "PUT") &&
      (g_str_equal (action, "bookkeep") || g_str_equal (action, "cancel")))
    {
      gboolean booked = json_object_get_boolean_member (record->object, "Booked");

      if (g_str_equal (action, "bookkeep"))
        json_object_set_boolean_member (record->object, "Booked", TRUE);
      else if (booked)
        {
          reply_error (msg, 400, 2000588, "En bokförd faktura kan inte makuleras.");
          return;
        }
      else
        json_object_set_boolean_member (record->object, "Cancelled", TRUE);
      record->modified = now_seconds ();
      reply_single (svc, msg, SOUP_STATUS_OK, "Invoice", record->object);
      return;
    }

  reply_error (msg, 405, 2000588, "Metoden stöds inte för resursen.");
}

static void
seed_invoices (SbImitationService *svc)
{
  static const char * const seeds[] = {
    "{\"CustomerNumber\": \"1001\", \"InvoiceRows\": [{\"ArticleNumber\": \"AVG2024\", \"Deli"
    "veredQuantity\": 1}]}",
    "{\"CustomerNumber\": \"1002\", \"InvoiceRows\": [{\"ArticleNumber\": \"AVG2024\", \"Deli"
    "veredQuantity\": 1}]}",
    "{\"CustomerNumber\": \"1003\", \"InvoiceRows\": [{\"ArticleNumber\": \"AVG2024U\", \"Del"
    "iveredQuantity\": 1}]}",
    "{\"CustomerNumber\": \"1004\", \"InvoiceRows\": [{\"ArticleNumber\": \"AVG2024\", \"Deli"
    "veredQuantity\": 1}]}",
    "{\"CustomerNumber\": \"1005\", \"InvoiceRows\": [{\"ArticleNumber\": \"AVG2024U\", \"Del"
    "iveredQuantity\": 1}]}",
    "{\"CustomerNumber\": \"1042\", \"InvoiceRows\": [{\"ArticleNumber\": \"AVG2024\", \"Deli"
    "veredQuantity\": 1}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (seeds); i++)
    {
      g_autoptr(JsonObject) changes = sb_imitation_parse_object (seeds[i]);
      g_autofree char *date = g_strdup_printf ("2024-05-0%u", i + 1);
      g_autofree char *due = g_strdup_printf ("2024-05-3%u", i % 2);
      Record *record;

      json_object_set_string_member (changes, "InvoiceDate", date);
      json_object_set_string_member (changes, "DueDate", due);
      record = invoice_create (svc, NULL, changes);
      g_assert (record != NULL);
      /* The first three are paid and booked. */
      if (i < 3)
        {
          json_object_set_double_member (record->object, "Balance", 0);
          json_object_set_boolean_member (record->object, "Booked", TRUE);
          json_object_set_string_member (record->object, "FinalPayDate", due);
        }
    }
}

static void
fortnox_handle (SbImitationService *svc,
                SoupServerMessage  *msg,
                const char         *path,
                GHashTable         *query)
{
  Fortnox *fortnox = svc->data;
  const char *method = soup_server_message_get_method (msg);
  const char *accept = sb_imitation_get_header (msg, "Accept");
  g_autofree char *token = NULL, *scope = NULL;
  g_auto(GStrv) parts = NULL;
  gboolean expired = FALSE;
  const char *needed;
  guint n;

  if (g_str_equal (path, "/oauth-v1/auth"))
    {
      handle_authorize (svc, msg, query);
      return;
    }
  if (g_str_equal (path, "/oauth-v1/token"))
    {
      handle_token (svc, msg);
      return;
    }

  if (!g_str_has_prefix (path, "/3/"))
    {
      reply_error (msg, 404, 2000588, "Resursen finns inte.");
      return;
    }

  token = sb_imitation_dup_bearer (msg);
  if (token == NULL)
    {
      sb_imitation_set_header (msg, "WWW-Authenticate", "Bearer");
      reply_error (msg, 401, 2000310, "Kan inte logga in, access-token eller client-secret "
                                      "saknas.");
      return;
    }
  scope = access_token_check (token, &expired);
  if (scope == NULL)
    {
      sb_imitation_set_header (msg, "WWW-Authenticate",
                               expired ? "Bearer error=\"invalid_token\", error_description="
                                         "\"The access token expired\""
                                       : "Bearer error=\"invalid_token\"");
      reply_error (msg, 401, 2000311, "Kan inte logga in, access-token eller client-secret är "
                                      "felaktigt.");
      return;
    }

  if (!take_request (fortnox, token))
    {
      reply_error (msg, 429, 0, "Too many requests: at most 25 requests per 5 seconds per "
                                "access token.");
      return;
    }

  if (accept != NULL && strstr (accept, "json") == NULL && strstr (accept, "*/*") == NULL)
    {
      reply_error (msg, 400, 1000030, "Ogiltig svarstyp (Accept).");
      return;
    }

  parts = g_strsplit (path + 3, "/", -1);
  n = g_strv_length (parts);
  needed = g_str_equal (parts[0], "companyinformation") ? "companyinformation"
         : g_str_equal (parts[0], "customers") ? "customer"
         : g_str_equal (parts[0], "invoices") ? "invoice"
         : g_str_equal (parts[0], "articles") ? "article"
         : NULL;

  if (needed == NULL)
    {
      reply_error (msg, 404, 2000588, "Resursen finns inte.");
      return;
    }
  if (!has_scope (scope, needed))
    {
      g_autofree char *message = g_strdup_printf ("Har inte behörighet för scope %s.", needed);

      reply_error (msg, 403, 2000663, message);
      return;
    }

  if (g_str_equal (parts[0], "companyinformation") && n == 1 && g_str_equal (method, "GET"))
    {
      g_autoptr(JsonObject) root =
        sb_imitation_parse_object ("{\"CompanyInformation\": {\"Address\": \"Arenavägen 1\", \""
                                   "City\": \"Östersund\", \"CountryCode\": \"SE\", \"Databa"
                                   "seNumber\": 1234567, \"CompanyName\": \"Demo IF\", \"Orga"
                                   "nizationNumber\": \"802400-1234\", \"VisitAddress\": \"Ar"
                                   "enavägen 1\", \"VisitCity\": \"Östersund\", \"VisitCountr"
                                   "yCode\": \"SE\", \"VisitZipCode\": \"831 30\", \"ZipCode"
                                   "\": \"831 30\"}}");

      sb_imitation_reply_object (msg, SOUP_STATUS_OK, root);
    }
  else if (g_str_equal (parts[0], "customers") && n <= 2)
    customers (svc, msg, method, n == 2 && *parts[1] != '\0' ? parts[1] : NULL, query);
  else if (g_str_equal (parts[0], "invoices") && n <= 3)
    invoices (svc, msg, method, n >= 2 && *parts[1] != '\0' ? parts[1] : NULL,
              n == 3 ? parts[2] : NULL, query);
  else if (g_str_equal (parts[0], "articles") && n == 1 && g_str_equal (method, "GET"))
    reply_list (svc, msg, query, fortnox->articles, "Articles", article_items, filter_article,
                "ArticleNumber");
  else if (g_str_equal (parts[0], "articles") && n == 2 && g_str_equal (method, "GET"))
    {
      Record *record = find (fortnox->articles, "ArticleNumber", parts[1]);

      if (record == NULL)
        reply_error (msg, 404, 2001302, "Kan inte hitta artikeln.");
      else
        reply_single (svc, msg, SOUP_STATUS_OK, "Article", record->object);
    }
  else
    reply_error (msg, 404, 2000588, "Resursen finns inte.");
}

static const char *
fortnox_credential (const char *field)
{
  if (g_str_equal (field, "client_id"))
    return CLIENT_ID;
  if (g_str_equal (field, "client_secret"))
    return CLIENT_SECRET;
  if (g_str_equal (field, "scope"))
    return SCOPES;
  if (g_str_equal (field, "refresh_token"))
    return SEED_REFRESH_TOKEN;
  return NULL;
}

const SbImitationServiceClass sb_imitation_fortnox_class = {
  .name = "fortnox",
  .content_type = "application/json; charset=utf-8",
  .init = fortnox_init,
  .free_data = fortnox_free,
  .handle = fortnox_handle,
  .fault = fortnox_fault,
  .credential = fortnox_credential,
  .authorize_path = "/oauth-v1/auth",
  .token_path = "/oauth-v1/token",
};
