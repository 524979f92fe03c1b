/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sb-imitation-private.h"

#include <string.h>

/* 24SevenOffice's SOAP web services (ASMX) as shared/connectors.md describes them: SOAP 1.1
 * (text/xml and a SOAPAction header) or 1.2 (application/soap+xml), everything in the
 * namespace http://24sevenOffice.com/webservices; the Authenticate service's Login
 * (ApplicationId, Username, Password, optional IdentityId → a session id, empty for bad
 * credentials, also set as the ASP.NET_SessionId cookie), HasSession, GetIdentities and
 * SetIdentityById; the CompanyService's GetCompanies (only the returnProperties asked for)
 * and SaveCompanies (per-company APIException). Every call but Login and HasSession needs
 * the session cookie. Errors are ASMX's SOAP faults, with HTTP 500. Paths match without
 * regard to case, as IIS does.
 *
 * Assumed where 24SevenOffice documents nothing: the fault text for a missing session, a
 * 20-minute idle timeout of sessions (ASP.NET's default), throttling of repeated logins at 60
 * a minute per user (a fault), and 429 for the RATE_LIMIT fault. Empty elements in a request
 * (<CompanyId></CompanyId>) count as absent here; the real XmlSerializer may refuse an empty
 * int or dateTime. Not imitated: the other services (invoices, products, transactions...),
 * GetCompanySyncList, WSDL documents and the REST API. */

#define NS "http://24sevenOffice.com/webservices"
#define SOAP11_NS "http://schemas.xmlsoap.org/soap/envelope/"
#define SOAP12_NS "http://www.w3.org/2003/05/soap-envelope"
#define SO_APPLICATION_ID "3f1c9a2e-7b4d-4e8f-a6c5-0d9b8e7f6a51"
#define SO_USERNAME "24so@demo-ab.example"
#define SO_PASSWORD "Imitation-24SO-pass-8Kx2"
#define SESSION_IDLE (20 * 60)
#define LOGINS_PER_MINUTE 60

/* ------------------------------------------------------------------------------------ */
/* A little XML tree, namespaces resolved. */

typedef struct _Node Node;
struct _Node
{
  char       *ns;
  char       *name;
  GString    *text;
  GPtrArray  *children;
  GHashTable *prefixes;   /* declared on this element: prefix ("" for default) → URI */
  Node       *parent;
};

static void
node_free (gpointer data)
{
  Node *node = data;

  g_free (node->ns);
  g_free (node->name);
  g_string_free (node->text, TRUE);
  g_ptr_array_unref (node->children);
  g_clear_pointer (&node->prefixes, g_hash_table_unref);
  g_free (node);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Node, node_free)

typedef struct
{
  Node *root;
  Node *current;
} Parse;

static const char *
resolve (Node       *node,
         const char *prefix)
{
  for (; node != NULL; node = node->parent)
    {
      const char *uri = node->prefixes != NULL ? g_hash_table_lookup (node->prefixes, prefix)
                                               : NULL;

      if (uri != NULL)
        return uri;
    }

  return g_str_equal (prefix, "xml") ? "http://www.w3.org/XML/1998/namespace" : NULL;
}

static void
start_element (GMarkupParseContext  *context,
               const char           *element_name,
               const char          **attribute_names,
               const char          **attribute_values,
               gpointer              user_data,
               GError              **error)
{
  Parse *parse = user_data;
  Node *node = g_new0 (Node, 1);
  const char *colon = strchr (element_name, ':');
  g_autofree char *prefix = colon != NULL ? g_strndup (element_name, colon - element_name)
                                          : g_strdup ("");
  const char *uri;

  node->name = g_strdup (colon != NULL ? colon + 1 : element_name);
  node->text = g_string_new (NULL);
  node->children = g_ptr_array_new_with_free_func (node_free);
  node->parent = parse->current;

  for (guint i = 0; attribute_names[i] != NULL; i++)
    {
      const char *declared = NULL;

      if (g_str_equal (attribute_names[i], "xmlns"))
        declared = "";
      else if (g_str_has_prefix (attribute_names[i], "xmlns:"))
        declared = attribute_names[i] + 6;
      if (declared == NULL)
        continue;
      if (node->prefixes == NULL)
        node->prefixes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_insert (node->prefixes, g_strdup (declared), g_strdup (attribute_values[i]));
    }

  uri = resolve (node, prefix);
  if (uri == NULL && *prefix != '\0')
    {
      g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                   "The prefix “%s” is not declared", prefix);
      node_free (node);
      return;
    }
  node->ns = g_strdup (uri != NULL ? uri : "");

  if (parse->current != NULL)
    g_ptr_array_add (parse->current->children, node);
  else if (parse->root == NULL)
    parse->root = node;
  else
    {
      g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                           "More than one root element");
      node_free (node);
      return;
    }
  parse->current = node;
  (void) context;
}

static void
end_element (GMarkupParseContext  *context,
             const char           *element_name,
             gpointer              user_data,
             GError              **error)
{
  Parse *parse = user_data;

  parse->current = parse->current->parent;
  (void) context;
  (void) element_name;
  (void) error;
}

static void
text (GMarkupParseContext  *context,
      const char           *text_value,
      gsize                 text_len,
      gpointer              user_data,
      GError              **error)
{
  Parse *parse = user_data;

  if (parse->current != NULL)
    g_string_append_len (parse->current->text, text_value, text_len);
  (void) context;
  (void) error;
}

static Node *
parse_xml (const char  *data,
           gsize        length,
           GError     **error)
{
  static const GMarkupParser parser = { start_element, end_element, text, NULL, NULL };
  Parse parse = { NULL, NULL };
  g_autoptr(GMarkupParseContext) context =
    g_markup_parse_context_new (&parser, G_MARKUP_TREAT_CDATA_AS_TEXT, &parse, NULL);

  if (!g_markup_parse_context_parse (context, data, length, error) ||
      !g_markup_parse_context_end_parse (context, error))
    {
      g_clear_pointer (&parse.root, node_free);
      return NULL;
    }

  if (parse.root == NULL)
    g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_EMPTY, "Root element is missing");
  return parse.root;
}

/* The first child called @name in 24SevenOffice's namespace (or in none). */
static Node *
child (Node       *node,
       const char *name)
{
  for (guint i = 0; node != NULL && i < node->children->len; i++)
    {
      Node *candidate = g_ptr_array_index (node->children, i);

      if (g_str_equal (candidate->name, name) &&
          (g_str_equal (candidate->ns, NS) || *candidate->ns == '\0'))
        return candidate;
    }

  return NULL;
}

/* The trimmed text of a child, or NULL when it is absent or empty. */
static char *
dup_child_text (Node       *node,
                const char *name)
{
  Node *found = child (node, name);
  g_autofree char *value = NULL;

  if (found == NULL)
    return NULL;
  value = g_strstrip (g_strdup (found->text->str));
  return *value != '\0' ? g_steal_pointer (&value) : NULL;
}

/* ------------------------------------------------------------------------------------ */

typedef struct
{
  char   *username;
  char   *identity_id;
  gint64  last_used;   /* µs, monotonic */
} Session;

typedef struct
{
  const char *id;
  guint       client_id;
  const char *client_name;
  gboolean    is_default;
} Identity;

static const Identity identities[] = {
  { "b6f0c1d2-3e4a-4b5c-8d6e-7f8091a2b3c4", 1234567, "Demo AB", TRUE },
  { "c7a1d2e3-4f5b-4c6d-9e7f-8091a2b3c4d5", 1234568, "Demo Konsult AB", FALSE },
};

typedef struct
{
  guint       client_id;
  guint       id;
  char       *external_id;
  char       *organization_number;
  char       *name;
  char       *type;
  char       *email;
  char       *invoice_email;
  char       *phone;
  char       *date_created;
  char       *date_changed;
} Company;

typedef struct
{
  GHashTable *sessions;     /* session id → Session */
  GHashTable *logins;       /* user name → GQueue of login times (µs) */
  GPtrArray  *companies;    /* Company */
  guint       next_id;
} TwentyFour;

static void
session_free (gpointer data)
{
  Session *session = data;

  g_free (session->username);
  g_free (session->identity_id);
  g_free (session);
}

static void
company_free (gpointer data)
{
  Company *company = data;

  g_free (company->external_id);
  g_free (company->organization_number);
  g_free (company->name);
  g_free (company->type);
  g_free (company->email);
  g_free (company->invoice_email);
  g_free (company->phone);
  g_free (company->date_created);
  g_free (company->date_changed);
  g_free (company);
}

static void
queue_free (gpointer data)
{
  g_queue_free_full (data, g_free);
}

static void
add_company (TwentyFour *so,
             guint       client_id,
             guint       id,
             const char *name,
             const char *organization_number,
             const char *type,
             const char *email,
             const char *phone,
             const char *changed)
{
  Company *company = g_new0 (Company, 1);

  company->client_id = client_id;
  company->id = id;
  company->external_id = g_strdup_printf ("SHOP-%u", id);
  company->organization_number = g_strdup (organization_number);
  company->name = g_strdup (name);
  company->type = g_strdup (type);
  company->email = g_strdup (email);
  company->invoice_email = g_strdup (email);
  company->phone = g_strdup (phone);
  company->date_created = g_strdup ("2023-09-01T09:00:00");
  company->date_changed = g_strdup (changed);
  g_ptr_array_add (so->companies, company);
  so->next_id = MAX (so->next_id, id + 1);
}

static gpointer
so_init (SbImitationService *svc)
{
  TwentyFour *so = g_new0 (TwentyFour, 1);

  so->sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, session_free);
  so->logins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, queue_free);
  so->companies = g_ptr_array_new_with_free_func (company_free);

  add_company (so, 1234567, 30112, "Nordlys Bygg AB", "556677-8899", "Business",
               "faktura@nordlysbygg.example", "+46 60 555 01 12", "2024-04-02T10:15:00");
  add_company (so, 1234567, 30113, "Fjällkök Östersund AB", "559012-3456", "Business",
               "ekonomi@fjallkok.example", "+46 63 555 02 13", "2024-04-18T14:02:00");
  add_company (so, 1234567, 30114, "Kontorshuset i Sundsvall AB", "556123-4567", "Business",
               "info@kontorshuset.example", "+46 60 555 03 14", "2024-05-02T08:40:00");
  add_company (so, 1234567, 30115, "Berg & Sandberg Redovisning HB", "969612-3456",
               "Business", "hej@bergsandberg.example", "+46 8 555 04 15",
               "2024-05-06T16:21:00");
  add_company (so, 1234567, 30116, "Lena Sandberg", "", "Consumer",
               "lena.sandberg@example.com", "+46 70 555 12 34", "2024-05-06T09:14:00");
  add_company (so, 1234568, 40101, "Konsultkunden AB", "556999-0001", "Business",
               "kund@konsultkunden.example", "+46 8 555 09 01", "2024-03-11T11:00:00");

  (void) svc;
  return so;
}

static void
so_free (gpointer data)
{
  TwentyFour *so = data;

  g_hash_table_unref (so->sessions);
  g_hash_table_unref (so->logins);
  g_ptr_array_unref (so->companies);
  g_free (so);
}

/* ------------------------------------------------------------------------------------ */
/* Answers */

typedef struct
{
  gboolean soap12;
} Request;

static void
reply_envelope (SoupServerMessage *msg,
                const Request     *request,
                guint              status,
                const char        *body_xml)
{
  g_autofree char *envelope =
    g_strdup_printf ("<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                     "<soap:Envelope xmlns:soap=\"%s\" xmlns:xsi=\"http://www.w3.org/2001/XML"
                     "Schema-instance\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">"
                     "<soap:Body>%s</soap:Body></soap:Envelope>",
                     request->soap12 ? SOAP12_NS : SOAP11_NS, body_xml);

  sb_imitation_reply_text (msg, status,
                           request->soap12 ? "application/soap+xml; charset=utf-8"
                                           : "text/xml; charset=utf-8",
                           envelope);
}

/* @client: whether the request is at fault (soap:Client) rather than the server. */
static void
reply_fault (SoupServerMessage *msg,
             const Request     *request,
             guint              status,
             gboolean           client,
             const char        *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  g_autofree char *fault = NULL;

  if (request->soap12)
    fault = g_strdup_printf ("<soap:Fault><soap:Code><soap:Value>%s</soap:Value></soap:Code>"
                             "<soap:Reason><soap:Text xml:lang=\"en\">%s</soap:Text>"
                             "</soap:Reason><soap:Detail /></soap:Fault>",
                             client ? "soap:Sender" : "soap:Receiver", escaped);
  else
    fault = g_strdup_printf ("<soap:Fault><faultcode>%s</faultcode><faultstring>%s"
                             "</faultstring><detail /></soap:Fault>",
                             client ? "soap:Client" : "soap:Server", escaped);

  reply_envelope (msg, request, status, fault);
}

static void
reply_result (SoupServerMessage *msg,
              const Request     *request,
              const char        *operation,
              const char        *result_xml)
{
  g_autofree char *body =
    g_strdup_printf ("<%sResponse xmlns=\"" NS "\">%s</%sResponse>", operation, result_xml,
                     operation);

  reply_envelope (msg, request, SOUP_STATUS_OK, body);
}

static void
so_fault (SbImitationService *svc,
          SoupServerMessage  *msg,
          SbImitationFault    fault)
{
  const char *content_type =
    soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg),
                                           NULL);
  Request request = { g_strcmp0 (content_type, "application/soap+xml") == 0 };

  switch (fault)
    {
    case SB_IMITATION_FAULT_RATE_LIMIT:
      sb_imitation_set_header (msg, "Retry-After", "1");
      reply_fault (msg, &request, 429, TRUE,
                   "Server was unable to process request. ---> Too many requests. Please "
                   "slow down and try again later.");
      break;

    case SB_IMITATION_FAULT_SERVER_ERROR:
      reply_fault (msg, &request, 500, FALSE,
                   "Server was unable to process request. ---> Object reference not set to "
                   "an instance of an object.");
      break;

    case SB_IMITATION_FAULT_EXPIRED_TOKEN:
      reply_fault (msg, &request, 500, FALSE,
                   "Server was unable to process request. ---> Not authenticated: the session "
                   "has expired. Log in again.");
      break;

    default:
      g_assert_not_reached ();
    }

  (void) svc;
}

static void
append_element (GString    *xml,
                const char *name,
                const char *value)
{
  g_autofree char *escaped = NULL;

  if (value == NULL)
    {
      g_string_append_printf (xml, "<%s xsi:nil=\"true\" />", name);
      return;
    }

  escaped = g_markup_escape_text (value, -1);
  g_string_append_printf (xml, "<%s>%s</%s>", name, escaped, name);
}

static gboolean
is_guid (const char *text)
{
  if (text == NULL || strlen (text) != 36)
    return FALSE;

  for (guint i = 0; i < 36; i++)
    {
      gboolean dash = i == 8 || i == 13 || i == 18 || i == 23;

      if (dash ? text[i] != '-' : !g_ascii_isxdigit (text[i]))
        return FALSE;
    }

  return TRUE;
}

/* ------------------------------------------------------------------------------------ */
/* Authenticate */

static char *
dup_session_cookie (SoupServerMessage *msg)
{
  const char *header = sb_imitation_get_header (msg, "Cookie");
  g_auto(GStrv) cookies = NULL;

  if (header == NULL)
    return NULL;

  cookies = g_strsplit (header, ";", -1);
  for (guint i = 0; cookies[i] != NULL; i++)
    {
      const char *cookie = g_strstrip (cookies[i]);

      if (g_str_has_prefix (cookie, "ASP.NET_SessionId="))
        return g_strdup (cookie + strlen ("ASP.NET_SessionId="));
    }

  return NULL;
}

static Session *
lookup_session (TwentyFour        *so,
                SoupServerMessage *msg)
{
  g_autofree char *id = dup_session_cookie (msg);
  Session *session = id != NULL ? g_hash_table_lookup (so->sessions, id) : NULL;
  gint64 now = g_get_monotonic_time ();

  if (session == NULL)
    return NULL;

  if (now - session->last_used > (gint64) SESSION_IDLE * G_USEC_PER_SEC)
    {
      g_hash_table_remove (so->sessions, id);
      return NULL;
    }

  session->last_used = now;
  return session;
}

static const Identity *
current_identity (Session *session)
{
  for (guint i = 0; i < G_N_ELEMENTS (identities); i++)
    if (g_strcmp0 (identities[i].id, session->identity_id) == 0)
      return &identities[i];

  return &identities[0];
}

static gboolean
throttle_login (TwentyFour *so,
                const char *username)
{
  GQueue *times = g_hash_table_lookup (so->logins, username);
  gint64 now = g_get_monotonic_time ();

  if (times == NULL)
    {
      times = g_queue_new ();
      g_hash_table_insert (so->logins, g_strdup (username), times);
    }

  while (!g_queue_is_empty (times) &&
         now - *(gint64 *) g_queue_peek_head (times) >= 60 * G_USEC_PER_SEC)
    g_free (g_queue_pop_head (times));

  if (g_queue_get_length (times) >= LOGINS_PER_MINUTE)
    return TRUE;

  g_queue_push_tail (times, g_memdup2 (&now, sizeof now));
  return FALSE;
}

static void
login (TwentyFour        *so,
       SoupServerMessage *msg,
       const Request     *request,
       Node              *operation)
{
  Node *credential = child (operation, "credential");
  g_autofree char *application_id = dup_child_text (credential, "ApplicationId");
  g_autofree char *username = dup_child_text (credential, "Username");
  g_autofree char *password = dup_child_text (credential, "Password");
  g_autofree char *identity_id = dup_child_text (credential, "IdentityId");
  g_autofree char *session_id = NULL;
  g_autofree char *cookie = NULL;
  Session *session;
  gboolean identity_known = identity_id == NULL;

  if (credential == NULL)
    {
      reply_fault (msg, request, 500, FALSE,
                   "Server was unable to process request. ---> Object reference not set to "
                   "an instance of an object.");
      return;
    }
  /* Both GUIDs are read by the XmlSerializer, which refuses anything else. */
  if ((application_id != NULL && !is_guid (application_id)) ||
      (identity_id != NULL && !is_guid (identity_id)))
    {
      reply_fault (msg, request, 400, TRUE,
                   "Server was unable to read request. ---> There is an error in XML document. "
                   "---> Guid should contain 32 digits with 4 dashes "
                   "(xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).");
      return;
    }

  if (username != NULL && throttle_login (so, username))
    {
      reply_fault (msg, request, 500, FALSE,
                   "Server was unable to process request. ---> Too many login attempts with "
                   "the same credentials. Reuse the session (HasSession) instead.");
      return;
    }

  for (guint i = 0; identity_id != NULL && i < G_N_ELEMENTS (identities); i++)
    identity_known = identity_known || g_ascii_strcasecmp (identities[i].id, identity_id) == 0;

  /* Bad credentials: an empty LoginResult, not a fault. */
  if (!sb_imitation_secret_equal (application_id, SO_APPLICATION_ID) ||
      !sb_imitation_secret_equal (username, SO_USERNAME) ||
      !sb_imitation_secret_equal (password, SO_PASSWORD) || !identity_known)
    {
      reply_result (msg, request, "Login", "<LoginResult />");
      return;
    }

  /* ASP.NET session ids: 24 characters of a-z and 0-5. */
  session_id = g_malloc0 (25);
  for (guint i = 0; i < 24; i++)
    session_id[i] = "abcdefghijklmnopqrstuvwxyz012345"[g_random_int_range (0, 32)];

  session = g_new0 (Session, 1);
  session->username = g_strdup (username);
  session->identity_id = identity_id != NULL ? g_ascii_strdown (identity_id, -1)
                                             : g_strdup (identities[0].id);
  session->last_used = g_get_monotonic_time ();
  g_hash_table_insert (so->sessions, g_strdup (session_id), session);

  cookie = g_strdup_printf ("ASP.NET_SessionId=%s; path=/; HttpOnly; SameSite=Lax", session_id);
  soup_message_headers_append (soup_server_message_get_response_headers (msg), "Set-Cookie",
                               cookie);
  {
    g_autofree char *result = g_strdup_printf ("<LoginResult>%s</LoginResult>", session_id);

    reply_result (msg, request, "Login", result);
  }
}

static void
get_identities (SoupServerMessage *msg,
                const Request     *request,
                Session           *session)
{
  g_autoptr(GString) xml = g_string_new ("<GetIdentitiesResult>");

  for (guint i = 0; i < G_N_ELEMENTS (identities); i++)
    {
      const Identity *identity = &identities[i];

      g_string_append_printf (xml,
                              "<Identity><Id>%s</Id><User><ContactId>88123</ContactId><Id>7712"
                              "</Id><Name>24SevenOffice Integration</Name><EmployeeId>0"
                              "</EmployeeId></User><Client><Id>%u</Id><Name>%s</Name></Client>"
                              "<IsCurrent>%s</IsCurrent><IsDefault>%s</IsDefault><IsProtected>"
                              "false</IsProtected><Servers /><IsDisabled>false</IsDisabled>"
                              "</Identity>",
                              identity->id, identity->client_id, identity->client_name,
                              current_identity (session) == identity ? "true" : "false",
                              identity->is_default ? "true" : "false");
    }
  g_string_append (xml, "</GetIdentitiesResult>");

  reply_result (msg, request, "GetIdentities", xml->str);
}

static void
set_identity (SoupServerMessage *msg,
              const Request     *request,
              Session           *session,
              Node              *operation)
{
  g_autofree char *identity_id = dup_child_text (operation, "identityId");
  gboolean found = FALSE;

  for (guint i = 0; identity_id != NULL && i < G_N_ELEMENTS (identities) && !found; i++)
    if (g_ascii_strcasecmp (identities[i].id, identity_id) == 0)
      {
        found = TRUE;
        g_free (session->identity_id);
        session->identity_id = g_strdup (identities[i].id);
      }

  reply_result (msg, request, "SetIdentityById",
                found ? "<SetIdentityByIdResult>true</SetIdentityByIdResult>"
                      : "<SetIdentityByIdResult>false</SetIdentityByIdResult>");
}

/* ------------------------------------------------------------------------------------ */
/* CompanyService */

static void
append_company (GString            *xml,
                Company            *company,
                GPtrArray          *wanted,
                const char         *api_exception)
{
  /* A property is returned when it is asked for; "Addresses.Post" asks for Addresses. */
  #define WANTS(name) (wanted == NULL || g_ptr_array_find_with_equal_func (wanted, name, \
                                                                           g_str_equal, NULL))
  g_autofree char *id = g_strdup_printf ("%u", company->id);

  g_string_append (xml, "<Company>");
  if (WANTS ("Id"))
    append_element (xml, "Id", id);
  if (WANTS ("ExternalId"))
    append_element (xml, "ExternalId", company->external_id);
  if (WANTS ("OrganizationNumber"))
    append_element (xml, "OrganizationNumber", company->organization_number);
  if (WANTS ("Name"))
    append_element (xml, "Name", company->name);
  if (WANTS ("Type"))
    append_element (xml, "Type", company->type);
  if (WANTS ("Country"))
    append_element (xml, "Country", "SE");
  if (WANTS ("EmailAddresses"))
    {
      g_string_append (xml, "<EmailAddresses>");
      if (company->email != NULL && *company->email != '\0')
        {
          g_string_append (xml, "<Primary><Description>Primary</Description>");
          append_element (xml, "Name", company->name);
          append_element (xml, "Value", company->email);
          g_string_append (xml, "</Primary>");
        }
      if (company->invoice_email != NULL && *company->invoice_email != '\0')
        {
          g_string_append (xml, "<Invoice><Description>Invoice</Description>");
          append_element (xml, "Name", company->name);
          append_element (xml, "Value", company->invoice_email);
          g_string_append (xml, "</Invoice>");
        }
      g_string_append (xml, "</EmailAddresses>");
    }
  if (WANTS ("PhoneNumbers"))
    {
      g_string_append (xml, "<PhoneNumbers>");
      if (company->phone != NULL && *company->phone != '\0')
        {
          g_string_append (xml, "<Primary><Description>Primary</Description>");
          append_element (xml, "Value", company->phone);
          g_string_append (xml, "</Primary>");
        }
      g_string_append (xml, "</PhoneNumbers>");
    }
  if (WANTS ("DateCreated"))
    append_element (xml, "DateCreated", company->date_created);
  if (WANTS ("DateChanged"))
    append_element (xml, "DateChanged", company->date_changed);
  if (WANTS ("Status"))
    append_element (xml, "Status", "Active");
  if (api_exception != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (api_exception, -1);

      g_string_append_printf (xml, "<APIException><Type>Exception</Type><Message>%s</Message>"
                                   "<StackTrace /></APIException>", escaped);
    }
  g_string_append (xml, "</Company>");
  #undef WANTS
}

static void
get_companies (TwentyFour        *so,
               SoupServerMessage *msg,
               const Request     *request,
               Session           *session,
               Node              *operation)
{
  Node *search = child (operation, "searchParams");
  Node *properties = child (operation, "returnProperties");
  Node *ids = child (search, "CompanyIds");
  g_autofree char *company_id = dup_child_text (search, "CompanyId");
  g_autofree char *external_id = dup_child_text (search, "ExternalId");
  g_autofree char *name = dup_child_text (search, "CompanyName");
  g_autofree char *changed_after = dup_child_text (search, "ChangedAfter");
  g_autofree char *email = dup_child_text (search, "CompanyEmail");
  g_autofree char *phone = dup_child_text (search, "CompanyPhone");
  g_autofree char *organization_number = dup_child_text (search, "OrganizationNumber");
  g_autoptr(GPtrArray) wanted = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) xml = g_string_new ("<GetCompaniesResult>");
  guint client_id = current_identity (session)->client_id;

  if (search == NULL)
    {
      reply_fault (msg, request, 500, FALSE,
                   "Server was unable to process request. ---> searchParams is required.");
      return;
    }

  for (guint i = 0; properties != NULL && i < properties->children->len; i++)
    {
      Node *property = g_ptr_array_index (properties->children, i);
      g_autofree char *value = g_strstrip (g_strdup (property->text->str));
      char *dot = strchr (value, '.');

      if (dot != NULL)
        *dot = '\0';
      g_ptr_array_add (wanted, g_steal_pointer (&value));
    }
  /* With nothing asked for, 24SevenOffice answers with empty companies; Id at least here. */
  if (wanted->len == 0)
    g_ptr_array_add (wanted, g_strdup ("Id"));

  for (guint i = 0; i < so->companies->len; i++)
    {
      Company *company = g_ptr_array_index (so->companies, i);
      g_autofree char *id = g_strdup_printf ("%u", company->id);
      gboolean in_ids = ids == NULL || ids->children->len == 0;

      for (guint j = 0; ids != NULL && j < ids->children->len && !in_ids; j++)
        {
          Node *item = g_ptr_array_index (ids->children, j);
          g_autofree char *value = g_strstrip (g_strdup (item->text->str));

          in_ids = g_str_equal (value, id);
        }

      if (company->client_id != client_id || !in_ids ||
          (company_id != NULL && !g_str_equal (company_id, id)) ||
          (external_id != NULL && g_strcmp0 (external_id, company->external_id) != 0) ||
          (name != NULL && strstr (company->name, name) == NULL) ||
          (changed_after != NULL && strncmp (company->date_changed, changed_after, 19) <= 0) ||
          (email != NULL && g_strcmp0 (email, company->email) != 0) ||
          (phone != NULL && g_strcmp0 (phone, company->phone) != 0) ||
          (organization_number != NULL &&
           g_strcmp0 (organization_number, company->organization_number) != 0))
        continue;

      append_company (xml, company, wanted, NULL);
    }
  g_string_append (xml, "</GetCompaniesResult>");

  reply_result (msg, request, "GetCompanies", xml->str);
}

static char *
dup_nested_value (Node       *node,
                  const char *group,
                  const char *kind)
{
  return dup_child_text (child (child (node, group), kind), "Value");
}

static void
save_companies (TwentyFour        *so,
                SoupServerMessage *msg,
                const Request     *request,
                Session           *session,
                Node              *operation)
{
  Node *companies = child (operation, "companies");
  g_autoptr(GString) xml = g_string_new ("<SaveCompaniesResult>");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S");
  guint client_id = current_identity (session)->client_id;

  for (guint i = 0; companies != NULL && i < companies->children->len; i++)
    {
      Node *given = g_ptr_array_index (companies->children, i);
      g_autofree char *id_text = dup_child_text (given, "Id");
      g_autofree char *name = dup_child_text (given, "Name");
      g_autofree char *email = dup_nested_value (given, "EmailAddresses", "Primary");
      g_autofree char *invoice_email = dup_nested_value (given, "EmailAddresses", "Invoice");
      g_autofree char *phone = dup_nested_value (given, "PhoneNumbers", "Primary");
      guint64 id = 0;
      Company *company = NULL;

      if (!g_str_equal (given->name, "Company"))
        continue;

      if (id_text != NULL && !g_ascii_string_to_unsigned (id_text, 10, 0, G_MAXUINT, &id, NULL))
        {
          reply_fault (msg, request, 400, TRUE,
                       "Server was unable to read request. ---> There is an error in XML "
                       "document. ---> Input string was not in a correct format.");
          return;
        }

      for (guint j = 0; id != 0 && j < so->companies->len && company == NULL; j++)
        {
          Company *candidate = g_ptr_array_index (so->companies, j);

          if (candidate->id == id && candidate->client_id == client_id)
            company = candidate;
        }

      if (id != 0 && company == NULL)
        {
          Company missing = { .id = (guint) id, .name = name };
          g_autofree char *message = g_strdup_printf ("Company with Id %" G_GUINT64_FORMAT
                                                      " was not found", id);

          append_company (xml, &missing, NULL, message);
          continue;
        }
      if (company == NULL && name == NULL)
        {
          Company nameless = { 0 };

          append_company (xml, &nameless, NULL, "Name is required");
          continue;
        }

      if (company == NULL)
        {
          company = g_new0 (Company, 1);
          company->client_id = client_id;
          company->id = so->next_id++;
          company->type = g_strdup ("Business");
          company->date_created = g_strdup (stamp);
          g_ptr_array_add (so->companies, company);
        }

#define TAKE(member, value) \
      G_STMT_START { \
        if ((value) != NULL) \
          { \
            g_free (company->member); \
            company->member = g_strdup (value); \
          } \
      } G_STMT_END

      TAKE (name, name);
      TAKE (email, email);
      TAKE (invoice_email, invoice_email);
      TAKE (phone, phone);
      {
        g_autofree char *external_id = dup_child_text (given, "ExternalId");
        g_autofree char *organization_number = dup_child_text (given, "OrganizationNumber");
        g_autofree char *type = dup_child_text (given, "Type");

        TAKE (external_id, external_id);
        TAKE (organization_number, organization_number);
        TAKE (type, type);
      }
#undef TAKE
      g_free (company->date_changed);
      company->date_changed = g_strdup (stamp);

      append_company (xml, company, NULL, NULL);
    }
  g_string_append (xml, "</SaveCompaniesResult>");

  reply_result (msg, request, "SaveCompanies", xml->str);
}

/* ------------------------------------------------------------------------------------ */

static void
reply_service_page (SoupServerMessage *msg,
                    const char        *path)
{
  g_autofree char *escaped = g_markup_escape_text (path, -1);
  g_autofree char *page =
    g_strdup_printf ("<!DOCTYPE html><html><head><title>Web Service</title></head><body>"
                     "<h1>%s</h1><p>The following operations are supported. For a formal "
                     "definition, please review the Service Description.</p></body></html>",
                     escaped);

  sb_imitation_reply_text (msg, SOUP_STATUS_OK, "text/html; charset=utf-8", page);
}

static void
so_handle (SbImitationService *svc,
           SoupServerMessage  *msg,
           const char         *path,
           GHashTable         *query)
{
  static const char * const authenticate_ops[] = { "Login", "HasSession", "GetIdentities",
                                                   "SetIdentityById", NULL };
  static const char * const company_ops[] = { "GetCompanies", "SaveCompanies", NULL };
  TwentyFour *so = svc->data;
  const char *method = soup_server_message_get_method (msg);
  const char *content_type =
    soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg),
                                           NULL);
  const char *soap_action = sb_imitation_get_header (msg, "SOAPAction");
  const char * const *operations;
  g_autofree char *action = NULL, *body = NULL;
  g_autoptr(Node) envelope = NULL;
  g_autoptr(GError) error = NULL;
  Request request = { g_strcmp0 (content_type, "application/soap+xml") == 0 };
  Node *soap_body, *operation = NULL;
  Session *session;
  gsize length = 0;

  if (g_ascii_strcasecmp (path, "/authenticate/v001/authenticate.asmx") == 0)
    operations = authenticate_ops;
  else if (g_ascii_strcasecmp (path, "/CRM/Company/V001/CompanyService.asmx") == 0)
    operations = company_ops;
  else
    {
      sb_imitation_reply_text (msg, SOUP_STATUS_NOT_FOUND, "text/html; charset=utf-8",
                               "<!DOCTYPE html><html><head><title>The resource cannot be "
                               "found.</title></head><body><h1>Server Error in '/' "
                               "Application.</h1><h2>The resource cannot be found.</h2>"
                               "</body></html>");
      return;
    }

  if (g_str_equal (method, "GET"))
    {
      reply_service_page (msg, path);
      return;
    }
  if (!g_str_equal (method, "POST"))
    {
      sb_imitation_reply_empty (msg, SOUP_STATUS_METHOD_NOT_ALLOWED);
      return;
    }

  /* SOAP 1.1 names the operation in SOAPAction, SOAP 1.2 in the content type's action. */
  if (request.soap12)
    {
      g_autoptr(GHashTable) params = NULL;

      soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg),
                                             &params);
      soap_action = params != NULL ? g_hash_table_lookup (params, "action") : NULL;
      action = g_strdup (soap_action);
    }
  else if (g_strcmp0 (content_type, "text/xml") == 0)
    action = soap_action != NULL ? g_strdup (soap_action) : NULL;
  else
    {
      sb_imitation_reply_text (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "text/plain",
                               "Unsupported media type: use text/xml (SOAP 1.1) or "
                               "application/soap+xml (SOAP 1.2).");
      return;
    }

  if (action != NULL)
    {
      g_strstrip (action);
      if (action[0] == '"' && strlen (action) >= 2 && action[strlen (action) - 1] == '"')
        {
          memmove (action, action + 1, strlen (action));
          action[strlen (action) - 1] = '\0';
        }
    }

  body = sb_imitation_dup_body (msg, &length);
  envelope = parse_xml (body, length, &error);
  if (envelope == NULL)
    {
      g_autofree char *message =
        g_strdup_printf ("Server was unable to read request. ---> There is an error in XML "
                         "document. ---> %s", error->message);

      reply_fault (msg, &request, 500, TRUE, message);
      return;
    }

  if (!g_str_equal (envelope->name, "Envelope") ||
      !g_str_equal (envelope->ns, request.soap12 ? SOAP12_NS : SOAP11_NS))
    {
      reply_fault (msg, &request, 500, TRUE,
                   "Possible SOAP version mismatch: Envelope namespace does not match the "
                   "content type.");
      return;
    }

  soap_body = NULL;
  for (guint i = 0; i < envelope->children->len && soap_body == NULL; i++)
    {
      Node *candidate = g_ptr_array_index (envelope->children, i);

      if (g_str_equal (candidate->name, "Body") && g_str_equal (candidate->ns, envelope->ns))
        soap_body = candidate;
    }
  if (soap_body != NULL && soap_body->children->len > 0)
    operation = g_ptr_array_index (soap_body->children, 0);

  if (operation == NULL || !g_str_equal (operation->ns, NS) ||
      !g_strv_contains (operations, operation->name))
    {
      reply_fault (msg, &request, 500, TRUE,
                   "Server did not recognize the value of the request element.");
      return;
    }
  if (action == NULL || !g_str_has_prefix (action, NS "/") ||
      !g_str_equal (action + strlen (NS "/"), operation->name))
    {
      g_autofree char *message =
        g_strdup_printf ("Server did not recognize the value of HTTP Header SOAPAction: %s.",
                         action != NULL ? action : "");

      reply_fault (msg, &request, 500, TRUE, message);
      return;
    }

  if (g_str_equal (operation->name, "Login"))
    {
      login (so, msg, &request, operation);
      return;
    }

  session = lookup_session (so, msg);

  if (g_str_equal (operation->name, "HasSession"))
    {
      reply_result (msg, &request, "HasSession",
                    session != NULL ? "<HasSessionResult>true</HasSessionResult>"
                                    : "<HasSessionResult>false</HasSessionResult>");
      return;
    }

  if (session == NULL)
    {
      reply_fault (msg, &request, 500, FALSE,
                   "Server was unable to process request. ---> Not authenticated. Call Login "
                   "on the Authenticate service first and send the ASP.NET_SessionId cookie.");
      return;
    }

  if (g_str_equal (operation->name, "GetIdentities"))
    get_identities (msg, &request, session);
  else if (g_str_equal (operation->name, "SetIdentityById"))
    set_identity (msg, &request, session, operation);
  else if (g_str_equal (operation->name, "GetCompanies"))
    get_companies (so, msg, &request, session, operation);
  else if (g_str_equal (operation->name, "SaveCompanies"))
    save_companies (so, msg, &request, session, operation);
  else
    g_assert_not_reached ();

  (void) query;
}

static const char *
so_credential (const char *field)
{
  if (g_str_equal (field, "application_id"))
    return SO_APPLICATION_ID;
  if (g_str_equal (field, "username"))
    return SO_USERNAME;
  if (g_str_equal (field, "password"))
    return SO_PASSWORD;
  if (g_str_equal (field, "identity_id"))
    return identities[0].id;
  return NULL;
}

const SbImitationServiceClass sb_imitation_24so_class = {
  .name = "24sevenoffice",
  .content_type = "text/xml; charset=utf-8",
  .soap = TRUE,
  .init = so_init,
  .free_data = so_free,
  .handle = so_handle,
  .fault = so_fault,
  .credential = so_credential,
};
