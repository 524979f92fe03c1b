/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sb-imitation-private.h"

#include <string.h>

/* Klarna's Order Management API as shared/connectors.md describes it: HTTP Basic with the
 * API credential, orders fetched by id (there is no list), captures and refunds as 201 with
 * Capture-Id / Refund-Id and Location and no body, cancel and acknowledge as 204, the
 * optional Klarna-Idempotency-Key (only the key matters, not the input), errors as
 * {"error_code", "error_messages", "correlation_id"}, and the X-Ratelimit-* headers on every
 * answer with 429 TOO_MANY_REQUESTS beyond the playground's 50 requests a second.
 *
 * Also served: GET /settlements/v1/payouts, Klarna's Settlements API, which the demo books
 * from; connectors.md does not describe it, so its shape follows the demo's run logs
 * ({"payouts": [...], "pagination": {...}}). The body of a 401 is not documented; the
 * error shape with UNAUTHORIZED is assumed. Not imitated: Klarna Payments and Checkout
 * (sessions), extend-authorization-time and the other PATCH endpoints, pending orders. */

#define USERNAME "4c6a4fbd-4f2a-4b48-9c39-1a7d27b9e2f1"
#define PASSWORD "klarna_test_api_SbDemoABx7Kq2Vn9Lm4Rt1YwP3"
#define WINDOW_REQUESTS 50
#define MAX_BODY (1024 * 1024)

typedef struct
{
  guint   status;
  char   *location;
  char   *id_header;
  char   *id;
  char   *body;
} Saved;

typedef struct
{
  GPtrArray  *orders;       /* JsonObject */
  GPtrArray  *payouts;      /* JsonObject, newest first */
  GHashTable *saved;        /* Klarna-Idempotency-Key → Saved */
  gint64      window_start; /* µs, monotonic */
  guint       window_count;
} Klarna;

static void
saved_free (gpointer data)
{
  Saved *saved = data;

  g_free (saved->location);
  g_free (saved->id_header);
  g_free (saved->id);
  g_free (saved->body);
  g_free (saved);
}

static JsonObject *
address_new (const char *given,
             const char *family,
             const char *street,
             const char *postal_code,
             const char *city,
             const char *email,
             const char *phone)
{
  JsonObject *address = json_object_new ();

  json_object_set_string_member (address, "given_name", given);
  json_object_set_string_member (address, "family_name", family);
  json_object_set_string_member (address, "street_address", street);
  json_object_set_string_member (address, "postal_code", postal_code);
  json_object_set_string_member (address, "city", city);
  json_object_set_string_member (address, "country", "SE");
  json_object_set_string_member (address, "email", email);
  json_object_set_string_member (address, "phone", phone);
  return address;
}

static JsonObject *
order_line_new (const char *reference,
                const char *name,
                gint64      quantity,
                gint64      unit_price)
{
  JsonObject *line = json_object_new ();
  gint64 total = quantity * unit_price;

  json_object_set_string_member (line, "reference", reference);
  json_object_set_string_member (line, "type", "physical");
  json_object_set_int_member (line, "quantity", quantity);
  json_object_set_string_member (line, "quantity_unit", "pcs");
  json_object_set_string_member (line, "name", name);
  json_object_set_int_member (line, "total_amount", total);
  json_object_set_int_member (line, "unit_price", unit_price);
  json_object_set_int_member (line, "total_discount_amount", 0);
  json_object_set_int_member (line, "tax_rate", 2500);
  /* The tax of a price that includes 25 %: a fifth. */
  json_object_set_int_member (line, "total_tax_amount", total / 5);
  return line;
}

static JsonObject *
order_new (const char *order_id,
           const char *klarna_reference,
           const char *merchant_reference,
           const char *created_at,
           const char *given,
           const char *family,
           const char *email,
           JsonObject *line,
           JsonObject *second_line)
{
  JsonObject *order = json_object_new ();
  JsonArray *lines = json_array_new ();
  JsonObject *method = json_object_new ();
  g_autoptr(GDateTime) created = g_date_time_new_from_iso8601 (created_at, NULL);
  g_autoptr(GDateTime) expires = g_date_time_add_days (created, 28);
  g_autofree char *expires_at = g_date_time_format (expires, "%Y-%m-%dT%H:%M:%S.000Z");
  gint64 amount = json_object_get_int_member (line, "total_amount");

  json_array_add_object_element (lines, line);
  if (second_line != NULL)
    {
      amount += json_object_get_int_member (second_line, "total_amount");
      json_array_add_object_element (lines, second_line);
    }

  json_object_set_string_member (method, "type", "INVOICE");
  json_object_set_string_member (method, "description", "Pay later in 30 days");
  json_object_set_int_member (method, "number_of_installments", 1);

  json_object_set_string_member (order, "order_id", order_id);
  json_object_set_string_member (order, "status", "AUTHORIZED");
  json_object_set_string_member (order, "fraud_status", "ACCEPTED");
  json_object_set_int_member (order, "order_amount", amount);
  json_object_set_int_member (order, "original_order_amount", amount);
  json_object_set_int_member (order, "captured_amount", 0);
  json_object_set_int_member (order, "refunded_amount", 0);
  json_object_set_int_member (order, "remaining_authorized_amount", amount);
  json_object_set_string_member (order, "purchase_currency", "SEK");
  json_object_set_string_member (order, "purchase_country", "SE");
  json_object_set_string_member (order, "locale", "sv-SE");
  json_object_set_array_member (order, "order_lines", lines);
  json_object_set_string_member (order, "merchant_reference1", merchant_reference);
  json_object_set_null_member (order, "merchant_reference2");
  json_object_set_string_member (order, "klarna_reference", klarna_reference);
  json_object_set_object_member (order, "customer",
                                 sb_imitation_parse_object ("{\"date_of_birth\": \"1985-04-12\"}"));
  json_object_set_object_member (order, "billing_address",
                                 address_new (given, family, "Sveavägen 44", "111 34",
                                              "Stockholm", email, "+46 70 555 12 34"));
  json_object_set_object_member (order, "shipping_address",
                                 address_new (given, family, "Sveavägen 44", "111 34",
                                              "Stockholm", email, "+46 70 555 12 34"));
  json_object_set_string_member (order, "created_at", created_at);
  json_object_set_string_member (order, "expires_at", expires_at);
  json_object_set_array_member (order, "captures", json_array_new ());
  json_object_set_array_member (order, "refunds", json_array_new ());
  json_object_set_null_member (order, "merchant_data");
  json_object_set_array_member (order, "shipping_info", json_array_new ());
  json_object_set_object_member (order, "initial_payment_method", method);
  return order;
}

static JsonObject *
capture (JsonObject *order,
         const char *capture_id,
         gint64      amount,
         const char *description,
         const char *reference,
         const char *captured_at)
{
  JsonObject *capture = json_object_new ();
  g_autofree char *klarna_reference = g_strdup_printf ("%s-%u",
                                                       json_object_get_string_member (
                                                         order, "klarna_reference"),
                                                       json_array_get_length (
                                                         json_object_get_array_member (
                                                           order, "captures")) + 1);
  gint64 captured = json_object_get_int_member (order, "captured_amount") + amount;
  gint64 remaining = json_object_get_int_member (order, "remaining_authorized_amount") - amount;

  json_object_set_string_member (capture, "capture_id", capture_id);
  json_object_set_string_member (capture, "klarna_reference", klarna_reference);
  json_object_set_int_member (capture, "captured_amount", amount);
  json_object_set_string_member (capture, "captured_at", captured_at);
  json_object_set_string_member (capture, "description",
                                 description != NULL ? description : "");
  if (reference != NULL)
    json_object_set_string_member (capture, "reference", reference);
  json_object_set_int_member (capture, "refunded_amount", 0);
  json_object_set_member (capture, "billing_address",
                          json_node_copy (json_object_get_member (order, "billing_address")));
  json_object_set_member (capture, "shipping_address",
                          json_node_copy (json_object_get_member (order, "shipping_address")));
  json_object_set_member (capture, "order_lines",
                          json_node_copy (json_object_get_member (order, "order_lines")));
  json_object_set_array_member (capture, "shipping_info", json_array_new ());
  json_array_add_object_element (json_object_get_array_member (order, "captures"), capture);

  json_object_set_int_member (order, "captured_amount", captured);
  json_object_set_int_member (order, "remaining_authorized_amount", remaining);
  json_object_set_string_member (order, "status", remaining == 0 ? "CAPTURED"
                                                                 : "PART_CAPTURED");
  return capture;
}

static gpointer
klarna_init (SbImitationService *svc)
{
  Klarna *klarna = g_new0 (Klarna, 1);
  JsonObject *order;

  klarna->orders = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  klarna->payouts = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  klarna->saved = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, saved_free);
  klarna->window_start = g_get_monotonic_time ();

  g_ptr_array_add (klarna->orders,
                   order_new ("0b1d9815-165e-42e2-8867-35bc03789e00", "K4MADNY", "2071",
                              "2024-05-06T09:14:22.000Z", "Lena", "Sandberg",
                              "lena.sandberg@example.com",
                              order_line_new ("AB-DESK-01", "Skrivbord Ek 140", 1, 499000),
                              order_line_new ("AB-LAMP-02", "Skrivbordslampa", 2, 59900)));
  g_ptr_array_add (klarna->orders,
                   order_new ("5c5d3b8e-7f1a-4a3c-9f0e-2d8b6a4c1e77", "M2QXRTB", "2072",
                              "2024-05-06T11:40:03.000Z", "Per", "Holm",
                              "per.holm@example.com",
                              order_line_new ("AB-CHAIR-03", "Kontorsstol Ergo", 2, 249000),
                              NULL));
  order = order_new ("9a7e2f41-3c6b-4d8a-b1e5-0f2c4d6e8a90", "XISA93DJ", "2070",
                     "2024-05-05T15:02:47.000Z", "Sofia", "Berg", "sofia.berg@example.com",
                     order_line_new ("AB-SHELF-04", "Bokhylla Björk", 1, 129900), NULL);
  capture (order, "4ba29b50-be7b-44f5-a492-113e6a865e22", 129900, "Skickad med PostNord",
           "2070-1", "2024-05-06T08:00:12.000Z");
  g_ptr_array_add (klarna->orders, order);

  g_ptr_array_add (klarna->payouts,
                   sb_imitation_parse_object ("{\"payment_reference\": \"XISA93DJ\", \"payout_d"
                                              "ate\": \"2024-05-06T12:00:00Z\", \"currency_code"
                                              "\": \"SEK\", \"merchant_settlement_type\": \"NET"
                                              "\", \"merchant_id\": \"PK81297\", \"totals\": {\""
                                              "sale_amount\": 1299000, \"refund_amount\": 39900,"
                                              " \"fee_amount\": 36300, \"settlement_amount\": 12"
                                              "22800, \"commission_amount\": 0}}"));
  g_ptr_array_add (klarna->payouts,
                   sb_imitation_parse_object ("{\"payment_reference\": \"Q7PLW2KD\", \"payout_d"
                                              "ate\": \"2024-05-05T12:00:00Z\", \"currency_code"
                                              "\": \"SEK\", \"merchant_settlement_type\": \"NET"
                                              "\", \"merchant_id\": \"PK81297\", \"totals\": {\""
                                              "sale_amount\": 874500, \"refund_amount\": 0, \"fe"
                                              "e_amount\": 24400, \"settlement_amount\": 850100,"
                                              " \"commission_amount\": 0}}"));

  (void) svc;
  return klarna;
}

static void
klarna_free (gpointer data)
{
  Klarna *klarna = data;

  g_ptr_array_unref (klarna->orders);
  g_ptr_array_unref (klarna->payouts);
  g_hash_table_unref (klarna->saved);
  g_free (klarna);
}

/* ------------------------------------------------------------------------------------ */

static void
reply_error (SoupServerMessage *msg,
             guint              status,
             const char        *code,
             const char        *message)
{
  g_autoptr(JsonObject) root = json_object_new ();
  JsonArray *messages = json_array_new ();
  g_autofree char *correlation_id = g_uuid_string_random ();

  json_array_add_string_element (messages, message);
  json_object_set_string_member (root, "error_code", code);
  json_object_set_array_member (root, "error_messages", messages);
  json_object_set_string_member (root, "correlation_id", correlation_id);
  sb_imitation_reply_object (msg, status, root);
}

static void
set_rate_headers (SoupServerMessage *msg,
                  guint              remaining,
                  gint64             reset_us)
{
  g_autofree char *left = g_strdup_printf ("%u", remaining);
  g_autofree char *reset = g_strdup_printf ("%" G_GINT64_FORMAT,
                                            MAX (1, (reset_us + G_USEC_PER_SEC - 1) /
                                                    G_USEC_PER_SEC));

  sb_imitation_set_header (msg, "X-Ratelimit-Limit", "50, 50;w=1");
  sb_imitation_set_header (msg, "X-Ratelimit-Remaining", left);
  sb_imitation_set_header (msg, "X-Ratelimit-Reset", reset);
}

static void
klarna_fault (SbImitationService *svc,
              SoupServerMessage  *msg,
              SbImitationFault    fault)
{
  switch (fault)
    {
    case SB_IMITATION_FAULT_RATE_LIMIT:
      set_rate_headers (msg, 0, G_USEC_PER_SEC);
      sb_imitation_set_header (msg, "Retry-After", "1");
      reply_error (msg, 429, "TOO_MANY_REQUESTS", "Too many requests");
      break;

    case SB_IMITATION_FAULT_SERVER_ERROR:
      reply_error (msg, 500, "INTERNAL_SERVER_ERROR", "An internal server error occurred");
      break;

    case SB_IMITATION_FAULT_EXPIRED_TOKEN:
      sb_imitation_set_header (msg, "WWW-Authenticate", "Basic realm=\"Klarna\"");
      reply_error (msg, 401, "UNAUTHORIZED", "The credential has been disabled because it was "
                                             "not used for two months");
      break;

    default:
      g_assert_not_reached ();
    }

  (void) svc;
}

static JsonObject *
find_order (Klarna     *klarna,
            const char *order_id)
{
  for (guint i = 0; i < klarna->orders->len; i++)
    {
      JsonObject *order = g_ptr_array_index (klarna->orders, i);

      if (g_strcmp0 (json_object_get_string_member (order, "order_id"), order_id) == 0)
        return order;
    }

  return NULL;
}

static JsonObject *
find_in (JsonObject *order,
         const char *array,
         const char *member,
         const char *id)
{
  JsonArray *items = json_object_get_array_member (order, array);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member (item, member), id) == 0)
        return item;
    }

  return NULL;
}

/* An amount as Klarna reads it: an integer in minor units, given as a number. */
static gboolean
read_amount (JsonObject *body,
             const char *member,
             gint64     *amount)
{
  JsonNode *node = body != NULL ? json_object_get_member (body, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;

  *amount = json_node_get_int (node);
  return *amount > 0;
}

static void
reply_created (SbImitationService *svc,
               SoupServerMessage  *msg,
               const char         *order_id,
               const char         *kind,
               const char         *id_header,
               const char         *id)
{
  g_autofree char *location = g_strdup_printf ("%s/ordermanagement/v1/orders/%s/%s/%s",
                                               svc->base_url, order_id, kind, id);

  sb_imitation_set_header (msg, id_header, id);
  sb_imitation_set_header (msg, "Location", location);
  sb_imitation_reply_empty (msg, SOUP_STATUS_CREATED);
}

static void
post_action (SbImitationService *svc,
             SoupServerMessage  *msg,
             JsonObject         *order,
             const char         *action)
{
  const char *order_id = json_object_get_string_member (order, "order_id");
  const char *status = json_object_get_string_member (order, "status");
  g_autoptr(JsonNode) root = NULL;
  JsonObject *body = NULL;

  if (g_str_equal (action, "captures") || g_str_equal (action, "refunds"))
    {
      g_autoptr(GError) error = NULL;

      root = sb_imitation_read_json (msg, &error);
      if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        {
          reply_error (msg, 400, "BAD_VALUE", "The request body is not a JSON object");
          return;
        }
      body = json_node_get_object (root);
    }

  if (g_str_equal (action, "captures"))
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *now = sb_imitation_now_iso8601 ();
      gint64 amount;

      if (!read_amount (body, "captured_amount", &amount))
        {
          reply_error (msg, 400, "BAD_VALUE", "Bad value: captured_amount");
          return;
        }
      if (!g_str_equal (status, "AUTHORIZED") && !g_str_equal (status, "PART_CAPTURED"))
        {
          g_autofree char *message = g_strdup_printf ("Capture not allowed: the order is %s",
                                                      status);

          reply_error (msg, 403, "CAPTURE_NOT_ALLOWED", message);
          return;
        }
      if (amount > json_object_get_int_member (order, "remaining_authorized_amount"))
        {
          reply_error (msg, 403, "CAPTURE_NOT_ALLOWED",
                       "Captured amount is higher than the remaining authorized amount.");
          return;
        }

      capture (order, id, amount, sb_imitation_get_string (body, "description"),
               sb_imitation_get_string (body, "reference"), now);
      reply_created (svc, msg, order_id, "captures", "Capture-Id", id);
      return;
    }

  if (g_str_equal (action, "refunds"))
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *now = sb_imitation_now_iso8601 ();
      JsonObject *refund;
      gint64 amount;

      if (!read_amount (body, "refunded_amount", &amount))
        {
          reply_error (msg, 400, "BAD_VALUE", "Bad value: refunded_amount");
          return;
        }
      if (amount > json_object_get_int_member (order, "captured_amount") -
                   json_object_get_int_member (order, "refunded_amount"))
        {
          reply_error (msg, 403, "REFUND_NOT_ALLOWED",
                       "Refunded amount is higher than the captured amount.");
          return;
        }

      refund = json_object_new ();
      json_object_set_string_member (refund, "refund_id", id);
      json_object_set_int_member (refund, "refunded_amount", amount);
      json_object_set_string_member (refund, "refunded_at", now);
      json_object_set_string_member (refund, "description",
                                     sb_imitation_get_string (body, "description") != NULL
                                     ? sb_imitation_get_string (body, "description") : "");
      if (sb_imitation_get_string (body, "reference") != NULL)
        json_object_set_string_member (refund, "reference",
                                       sb_imitation_get_string (body, "reference"));
      json_object_set_array_member (refund, "order_lines", json_array_new ());
      json_array_add_object_element (json_object_get_array_member (order, "refunds"), refund);
      json_object_set_int_member (order, "refunded_amount",
                                  json_object_get_int_member (order, "refunded_amount") +
                                  amount);
      reply_created (svc, msg, order_id, "refunds", "Refund-Id", id);
      return;
    }

  if (g_str_equal (action, "cancel"))
    {
      if (!g_str_equal (status, "AUTHORIZED"))
        {
          reply_error (msg, 403, "CANCEL_NOT_ALLOWED",
                       "Cancel not allowed: the order has captures or is closed.");
          return;
        }
      json_object_set_string_member (order, "status", "CANCELLED");
      json_object_set_int_member (order, "remaining_authorized_amount", 0);
      sb_imitation_reply_empty (msg, SOUP_STATUS_NO_CONTENT);
      return;
    }

  if (g_str_equal (action, "acknowledge"))
    {
      sb_imitation_reply_empty (msg, SOUP_STATUS_NO_CONTENT);
      return;
    }

  reply_error (msg, 404, "NOT_FOUND", "Not found");
}

static void
list_payouts (Klarna            *klarna,
              SoupServerMessage *msg,
              GHashTable        *query)
{
  const char *start = g_hash_table_lookup (query, "start_date");
  const char *end = g_hash_table_lookup (query, "end_date");
  g_autoptr(JsonObject) root = json_object_new ();
  JsonObject *pagination = json_object_new ();
  JsonArray *payouts = json_array_new ();
  guint size, offset, total = 0;

  if (!sb_imitation_query_uint (query, "size", 20, &size) || size < 1 || size > 500 ||
      !sb_imitation_query_uint (query, "offset", 0, &offset))
    {
      json_object_unref (pagination);
      json_array_unref (payouts);
      reply_error (msg, 400, "BAD_VALUE", "Bad value: size or offset");
      return;
    }

  for (guint i = 0; i < klarna->payouts->len; i++)
    {
      JsonObject *payout = g_ptr_array_index (klarna->payouts, i);
      const char *date = json_object_get_string_member (payout, "payout_date");

      if ((start != NULL && g_strcmp0 (date, start) < 0) ||
          (end != NULL && g_strcmp0 (date, end) > 0))
        continue;
      if (total >= offset && total < offset + size)
        json_array_add_object_element (payouts, json_object_ref (payout));
      total++;
    }

  json_object_set_int_member (pagination, "count", json_array_get_length (payouts));
  json_object_set_int_member (pagination, "total", total);
  json_object_set_int_member (pagination, "offset", offset);
  json_object_set_array_member (root, "payouts", payouts);
  json_object_set_object_member (root, "pagination", pagination);
  sb_imitation_reply_object (msg, SOUP_STATUS_OK, root);
}

/* Playground: 50 requests a second for every operation but sessions. */
static gboolean
take_request (Klarna            *klarna,
              SoupServerMessage *msg)
{
  gint64 now = g_get_monotonic_time ();

  if (now - klarna->window_start >= G_USEC_PER_SEC)
    {
      klarna->window_start = now;
      klarna->window_count = 0;
    }

  if (klarna->window_count >= WINDOW_REQUESTS)
    {
      set_rate_headers (msg, 0, klarna->window_start + G_USEC_PER_SEC - now);
      reply_error (msg, 429, "TOO_MANY_REQUESTS", "Too many requests");
      return FALSE;
    }

  klarna->window_count++;
  set_rate_headers (msg, WINDOW_REQUESTS - klarna->window_count,
                    klarna->window_start + G_USEC_PER_SEC - now);
  return TRUE;
}

static void
route (SbImitationService *svc,
       SoupServerMessage  *msg,
       const char         *path,
       GHashTable         *query)
{
  Klarna *klarna = svc->data;
  const char *method = soup_server_message_get_method (msg);
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  guint n = g_strv_length (parts);
  JsonObject *order;

  if (g_str_equal (path, "/settlements/v1/payouts") && g_str_equal (method, "GET"))
    {
      list_payouts (klarna, msg, query);
      return;
    }

  /* "", "ordermanagement", "v1", "orders", id, ... */
  if (n < 5 || !g_str_equal (parts[1], "ordermanagement") || !g_str_equal (parts[2], "v1") ||
      !g_str_equal (parts[3], "orders"))
    {
      reply_error (msg, 404, "NOT_FOUND", "Not found");
      return;
    }

  order = find_order (klarna, parts[4]);
  if (order == NULL)
    {
      g_autofree char *message = g_strdup_printf ("Order %s cannot be found.", parts[4]);

      reply_error (msg, 404, "NO_SUCH_ORDER", message);
      return;
    }

  if (n == 5 && g_str_equal (method, "GET"))
    sb_imitation_reply_object (msg, SOUP_STATUS_OK, order);
  else if (n == 6 && g_str_equal (method, "POST"))
    post_action (svc, msg, order, parts[5]);
  else if (n == 6 && g_str_equal (method, "GET") &&
           (g_str_equal (parts[5], "captures") || g_str_equal (parts[5], "refunds")))
    {
      JsonNode *node = json_object_get_member (order, parts[5]);

      sb_imitation_reply_json (msg, SOUP_STATUS_OK, json_node_copy (node));
    }
  else if (n == 7 && g_str_equal (method, "GET") &&
           (g_str_equal (parts[5], "captures") || g_str_equal (parts[5], "refunds")))
    {
      gboolean captures = g_str_equal (parts[5], "captures");
      JsonObject *item = find_in (order, parts[5], captures ? "capture_id" : "refund_id",
                                  parts[6]);

      if (item == NULL)
        reply_error (msg, 404, captures ? "NO_SUCH_CAPTURE" : "NOT_FOUND",
                     captures ? "Capture not found." : "Refund not found.");
      else
        sb_imitation_reply_object (msg, SOUP_STATUS_OK, item);
    }
  else
    reply_error (msg, 405, "NOT_ALLOWED", "Method not allowed");
}

static void
klarna_handle (SbImitationService *svc,
               SoupServerMessage  *msg,
               const char         *path,
               GHashTable         *query)
{
  Klarna *klarna = svc->data;
  const char *method = soup_server_message_get_method (msg);
  const char *key = sb_imitation_get_header (msg, "Klarna-Idempotency-Key");
  g_autofree char *user = NULL, *password = NULL;
  gsize length = 0;
  Saved *saved;

  if (!sb_imitation_get_basic_auth (msg, &user, &password) ||
      !sb_imitation_secret_equal (user, USERNAME) ||
      !sb_imitation_secret_equal (password, PASSWORD))
    {
      sb_imitation_set_header (msg, "WWW-Authenticate", "Basic realm=\"Klarna\"");
      reply_error (msg, 401, "UNAUTHORIZED", "Missing or invalid credentials");
      return;
    }

  if (!take_request (klarna, msg))
    return;

  g_free (sb_imitation_dup_body (msg, &length));
  if (length > MAX_BODY)
    {
      reply_error (msg, 413, "REQUEST_TOO_LARGE", "The request body is larger than 1 MB");
      return;
    }

  if (key == NULL || (!g_str_equal (method, "POST") && !g_str_equal (method, "PATCH")))
    {
      route (svc, msg, path, query);
      return;
    }

  /* Only the key matters: a retry answers what the first request did, whatever its body. */
  saved = g_hash_table_lookup (klarna->saved, key);
  if (saved != NULL)
    {
      if (saved->id_header != NULL)
        sb_imitation_set_header (msg, saved->id_header, saved->id);
      if (saved->location != NULL)
        sb_imitation_set_header (msg, "Location", saved->location);
      if (saved->body != NULL && *saved->body != '\0')
        sb_imitation_reply_text (msg, saved->status, "application/json", saved->body);
      else
        sb_imitation_reply_empty (msg, saved->status);
      return;
    }

  route (svc, msg, path, query);

  saved = g_new0 (Saved, 1);
  saved->status = soup_server_message_get_status (msg);
  saved->location = g_strdup (soup_message_headers_get_one (
                                soup_server_message_get_response_headers (msg), "Location"));
  for (guint i = 0; i < 2 && saved->id_header == NULL; i++)
    {
      const char *name = i == 0 ? "Capture-Id" : "Refund-Id";
      const char *id = soup_message_headers_get_one (
                         soup_server_message_get_response_headers (msg), name);

      if (id != NULL)
        {
          saved->id_header = g_strdup (name);
          saved->id = g_strdup (id);
        }
    }
  {
    g_autoptr(GBytes) bytes =
      soup_message_body_flatten (soup_server_message_get_response_body (msg));

    saved->body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  }
  g_hash_table_insert (klarna->saved, g_strdup (key), saved);
}

static const char *
klarna_credential (const char *field)
{
  if (g_str_equal (field, "username"))
    return USERNAME;
  if (g_str_equal (field, "password"))
    return PASSWORD;
  return NULL;
}

const SbImitationServiceClass sb_imitation_klarna_class = {
  .name = "klarna",
  .content_type = "application/json",
  .init = klarna_init,
  .free_data = klarna_free,
  .handle = klarna_handle,
  .fault = klarna_fault,
  .credential = klarna_credential,
};
