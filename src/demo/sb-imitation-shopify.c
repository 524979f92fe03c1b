/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sb-imitation-private.h"

#include <string.h>

/* Shopify's REST Admin API as shared/connectors.md describes it: the access token in
 * X-Shopify-Access-Token, everything below /admin/api/<version>/ with a .json suffix,
 * cursor pagination in the Link header (page_info, with only limit and fields beside it),
 * the X-Shopify-Shop-Api-Call-Limit header of a leaky bucket (40 requests, 2 a second) on
 * every answer and 429 with Retry-After beyond it, errors as {"errors": "..."} or
 * {"errors": {"field": ["..."]}}, and webhooks signed with X-Shopify-Hmac-Sha256.
 *
 * Not imitated: GraphQL, the OAuth2 grants (the demo uses an admin-created app's token),
 * writes other than what the catalog uses, and the 60-day window on orders. Which order
 * orders.json lists in without since_id is not documented; newest first is assumed here,
 * and id order with since_id (as Shopify says for since_id). */

#define ACCESS_TOKEN "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"
#define CLIENT_SECRET "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"
#define SHOP "demo-if-klubbshop.myshopify.com"
#define API_VERSION "2025-10"
#define BUCKET_SIZE 40
#define LEAK_PER_SECOND 2

typedef struct
{
  const char *title;
  const char *sku;
  guint       price;    /* kronor, VAT included */
  guint64     product_id;
  guint64     variant_id;
} Product;

static const Product products[] = {
  { "Supporterhalsduk", "DIF-SCARF", 199, 8412345600001, 45123456700001 },
  { "Matchtröja 2024", "DIF-SHIRT-24", 599, 8412345600002, 45123456700002 },
  { "Träningsoverall", "DIF-TRACK", 899, 8412345600003, 45123456700003 },
  { "Klubbmössa", "DIF-BEANIE", 149, 8412345600004, 45123456700004 },
  { "Vattenflaska", "DIF-BOTTLE", 89, 8412345600005, 45123456700005 },
};

typedef struct
{
  GPtrArray *orders;      /* JsonObject, by id, oldest first */
  GPtrArray *customers;   /* JsonObject, by id */
  double     bucket;      /* requests in the bucket */
  gint64     leaked_at;   /* µs, monotonic */
  guint      next_member;
  guint      next_number;
} Shopify;

static char *
format_price (guint ore)
{
  return g_strdup_printf ("%u.%02u", ore / 100, ore % 100);
}

static char *
format_time (gint64 unix_time)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Europe/Stockholm");
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = NULL;

  if (zone == NULL)
    zone = g_time_zone_new_offset (2 * 3600);
  local = g_date_time_to_timezone (utc, zone);
  return g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
}

static JsonObject *
customer_for (Shopify                 *shopify,
              const SbImitationMember *member,
              guint                    index,
              const char              *created_at)
{
  guint64 id = G_GUINT64_CONSTANT (7294561000000) + index;
  g_autofree char *gid = g_strdup_printf ("gid://shopify/Customer/%" G_GUINT64_FORMAT, id);
  JsonObject *customer;

  for (guint i = 0; i < shopify->customers->len; i++)
    {
      customer = g_ptr_array_index (shopify->customers, i);
      if ((guint64) json_object_get_int_member (customer, "id") == id)
        return customer;
    }

  customer = json_object_new ();
  json_object_set_int_member (customer, "id", id);
  json_object_set_string_member (customer, "email", member->email);
  json_object_set_string_member (customer, "created_at", created_at);
  json_object_set_string_member (customer, "updated_at", created_at);
  json_object_set_string_member (customer, "first_name", member->first_name);
  json_object_set_string_member (customer, "last_name", member->last_name);
  json_object_set_string_member (customer, "state", "enabled");
  json_object_set_null_member (customer, "note");
  json_object_set_boolean_member (customer, "verified_email", TRUE);
  json_object_set_boolean_member (customer, "tax_exempt", FALSE);
  json_object_set_string_member (customer, "phone", member->phone);
  json_object_set_string_member (customer, "currency", "SEK");
  json_object_set_string_member (customer, "tags", "medlem");
  json_object_set_string_member (customer, "admin_graphql_api_id", gid);
  g_ptr_array_add (shopify->customers, customer);
  return customer;
}

static JsonObject *
address_for (const SbImitationMember *member)
{
  JsonObject *address = json_object_new ();
  g_autofree char *name = g_strdup_printf ("%s %s", member->first_name, member->last_name);

  json_object_set_string_member (address, "first_name", member->first_name);
  json_object_set_string_member (address, "last_name", member->last_name);
  json_object_set_string_member (address, "name", name);
  json_object_set_string_member (address, "address1", member->street);
  json_object_set_null_member (address, "address2");
  json_object_set_string_member (address, "city", SB_IMITATION_CITY);
  json_object_set_string_member (address, "zip", member->zip_code);
  json_object_set_string_member (address, "country", "Sweden");
  json_object_set_string_member (address, "country_code", "SE");
  json_object_set_string_member (address, "phone", member->phone);
  return address;
}

/* A member orders @n_items products, from @first_product on. */
static JsonObject *
order_new (Shopify *shopify,
           guint    member_index,
           guint    first_product,
           guint    n_items,
           gint64   created,
           gboolean fulfilled)
{
  const SbImitationMember *member = &sb_imitation_members[member_index];
  guint number = shopify->next_number++;
  guint64 id = G_GUINT64_CONSTANT (5801234500000) + number;
  g_autofree char *gid = g_strdup_printf ("gid://shopify/Order/%" G_GUINT64_FORMAT, id);
  g_autofree char *name = g_strdup_printf ("#%u", number);
  g_autofree char *created_at = format_time (created);
  g_autofree char *total = NULL, *tax = NULL;
  JsonObject *order = json_object_new ();
  JsonArray *items = json_array_new ();
  JsonObject *customer;
  guint sum = 0;

  for (guint i = 0; i < n_items; i++)
    {
      const Product *product = &products[(first_product + i) % G_N_ELEMENTS (products)];
      JsonObject *item = json_object_new ();
      guint64 item_id = id * 10 + i;
      g_autofree char *item_gid = g_strdup_printf ("gid://shopify/LineItem/%" G_GUINT64_FORMAT,
                                                   item_id);
      g_autofree char *price = format_price (product->price * 100);

      json_object_set_int_member (item, "id", item_id);
      json_object_set_string_member (item, "admin_graphql_api_id", item_gid);
      json_object_set_string_member (item, "title", product->title);
      json_object_set_string_member (item, "name", product->title);
      json_object_set_int_member (item, "quantity", 1);
      json_object_set_string_member (item, "price", price);
      json_object_set_string_member (item, "sku", product->sku);
      json_object_set_int_member (item, "product_id", product->product_id);
      json_object_set_int_member (item, "variant_id", product->variant_id);
      json_object_set_null_member (item, "variant_title");
      json_object_set_string_member (item, "vendor", "Demo IF");
      json_object_set_boolean_member (item, "taxable", TRUE);
      json_object_set_boolean_member (item, "requires_shipping", TRUE);
      json_object_set_string_member (item, "total_discount", "0.00");
      if (fulfilled)
        json_object_set_string_member (item, "fulfillment_status", "fulfilled");
      else
        json_object_set_null_member (item, "fulfillment_status");
      json_array_add_object_element (items, item);
      sum += product->price * 100;
    }

  total = format_price (sum);
  /* Swedish VAT of 25 % is included in the prices: a fifth of the total. */
  tax = format_price (sum / 5);
  customer = customer_for (shopify, member, member_index, created_at);

  json_object_set_int_member (order, "id", id);
  json_object_set_string_member (order, "admin_graphql_api_id", gid);
  json_object_set_string_member (order, "name", name);
  json_object_set_int_member (order, "number", number - 1000);
  json_object_set_int_member (order, "order_number", number);
  json_object_set_string_member (order, "email", member->email);
  json_object_set_string_member (order, "contact_email", member->email);
  json_object_set_string_member (order, "phone", member->phone);
  json_object_set_string_member (order, "created_at", created_at);
  json_object_set_string_member (order, "updated_at", created_at);
  json_object_set_string_member (order, "processed_at", created_at);
  json_object_set_null_member (order, "cancelled_at");
  json_object_set_null_member (order, "cancel_reason");
  if (fulfilled)
    json_object_set_string_member (order, "closed_at", created_at);
  else
    json_object_set_null_member (order, "closed_at");
  json_object_set_boolean_member (order, "confirmed", TRUE);
  json_object_set_boolean_member (order, "test", FALSE);
  json_object_set_string_member (order, "currency", "SEK");
  json_object_set_string_member (order, "presentment_currency", "SEK");
  json_object_set_string_member (order, "total_price", total);
  json_object_set_string_member (order, "current_total_price", total);
  json_object_set_string_member (order, "subtotal_price", total);
  json_object_set_string_member (order, "total_line_items_price", total);
  json_object_set_string_member (order, "total_tax", tax);
  json_object_set_string_member (order, "total_discounts", "0.00");
  json_object_set_boolean_member (order, "taxes_included", TRUE);
  json_object_set_string_member (order, "financial_status", "paid");
  if (fulfilled)
    json_object_set_string_member (order, "fulfillment_status", "fulfilled");
  else
    json_object_set_null_member (order, "fulfillment_status");
  json_object_set_string_member (order, "source_name", "web");
  json_object_set_array_member (order, "payment_gateway_names", json_array_new ());
  json_array_add_string_element (json_object_get_array_member (order, "payment_gateway_names"),
                                 "shopify_payments");
  json_object_set_string_member (order, "tags", "");
  json_object_set_null_member (order, "note");
  json_object_set_object_member (order, "customer", json_object_ref (customer));
  json_object_set_object_member (order, "billing_address", address_for (member));
  json_object_set_object_member (order, "shipping_address", address_for (member));
  json_object_set_array_member (order, "line_items", items);

  g_ptr_array_add (shopify->orders, order);
  return order;
}

static gpointer
shopify_init (SbImitationService *svc)
{
  Shopify *shopify = g_new0 (Shopify, 1);
  /* 2024-05-01T08:00:00Z and on: a dozen orders over the first week of May. */
  gint64 start = G_GINT64_CONSTANT (1714550400);

  shopify->orders = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  shopify->customers = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  shopify->next_number = 1001;
  shopify->next_member = 12;
  shopify->leaked_at = g_get_monotonic_time ();

  for (guint i = 0; i < 12; i++)
    order_new (shopify, (i * 5) % 42, i, 1 + i % 3, start + i * 14 * 3600, i < 8);

  (void) svc;
  return shopify;
}

static void
shopify_free (gpointer data)
{
  Shopify *shopify = data;

  g_ptr_array_unref (shopify->orders);
  g_ptr_array_unref (shopify->customers);
  g_free (shopify);
}

/* ------------------------------------------------------------------------------------ */

static void
reply_errors (SoupServerMessage *msg,
              guint              status,
              const char        *errors)
{
  g_autoptr(JsonObject) root = json_object_new ();

  json_object_set_string_member (root, "errors", errors);
  sb_imitation_reply_object (msg, status, root);
}

static void
reply_field_error (SoupServerMessage *msg,
                   guint              status,
                   const char        *field,
                   const char        *error)
{
  g_autoptr(JsonObject) root = json_object_new ();
  JsonObject *errors = json_object_new ();
  JsonArray *messages = json_array_new ();

  json_array_add_string_element (messages, error);
  json_object_set_array_member (errors, field, messages);
  json_object_set_object_member (root, "errors", errors);
  sb_imitation_reply_object (msg, status, root);
}

static void
set_call_limit (SoupServerMessage *msg,
                guint              used)
{
  g_autofree char *value = g_strdup_printf ("%u/%u", used, BUCKET_SIZE);

  sb_imitation_set_header (msg, "X-Shopify-Shop-Api-Call-Limit", value);
}

static void
shopify_fault (SbImitationService *svc,
               SoupServerMessage  *msg,
               SbImitationFault    fault)
{
  switch (fault)
    {
    case SB_IMITATION_FAULT_RATE_LIMIT:
      /* Shopify writes its Retry-After with a decimal, "2.0". */
      set_call_limit (msg, BUCKET_SIZE);
      sb_imitation_set_header (msg, "Retry-After", "1.0");
      reply_errors (msg, 429, "Exceeded 2 calls per second for api client. Reduce request "
                              "rates to resume uninterrupted service.");
      break;

    case SB_IMITATION_FAULT_SERVER_ERROR:
      reply_errors (msg, 500, "Internal Server Error");
      break;

    case SB_IMITATION_FAULT_EXPIRED_TOKEN:
      reply_errors (msg, 401, "[API] Invalid API key or access token (unrecognized login or "
                              "wrong password)");
      break;

    default:
      g_assert_not_reached ();
    }

  (void) svc;
}

/* Leaks the bucket, then takes one request; FALSE when it is full. */
static gboolean
take_call (Shopify           *shopify,
           SoupServerMessage *msg)
{
  gint64 now = g_get_monotonic_time ();

  shopify->bucket = MAX (0.0, shopify->bucket -
                              (double) (now - shopify->leaked_at) / G_USEC_PER_SEC *
                              LEAK_PER_SECOND);
  shopify->leaked_at = now;

  if (shopify->bucket + 1 > BUCKET_SIZE)
    {
      set_call_limit (msg, BUCKET_SIZE);
      sb_imitation_set_header (msg, "Retry-After", "2.0");
      reply_errors (msg, 429, "Exceeded 2 calls per second for api client. Reduce request "
                              "rates to resume uninterrupted service.");
      return FALSE;
    }

  shopify->bucket += 1;
  set_call_limit (msg, (guint) (shopify->bucket + 0.999));
  return TRUE;
}

static gint64
parse_time (const char *text)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) time = text != NULL ? g_date_time_new_from_iso8601 (text, utc) : NULL;

  return time != NULL ? g_date_time_to_unix (time) : G_MININT64;
}

static gboolean
order_matches (JsonObject *order,
               GHashTable *filters)
{
  const char *status = g_hash_table_lookup (filters, "status");
  const char *financial = g_hash_table_lookup (filters, "financial_status");
  const char *fulfillment = g_hash_table_lookup (filters, "fulfillment_status");
  const char *since_id = g_hash_table_lookup (filters, "since_id");
  const char *ids = g_hash_table_lookup (filters, "ids");
  static const char * const bounds[] = { "created_at_min", "created_at_max", "updated_at_min",
                                         "updated_at_max" };
  gint64 id = json_object_get_int_member (order, "id");
  gboolean closed = json_object_get_string_member (order, "closed_at") != NULL;
  gboolean cancelled = json_object_get_string_member (order, "cancelled_at") != NULL;

  if (status == NULL || g_str_equal (status, "open"))
    {
      if (closed || cancelled)
        return FALSE;
    }
  else if (g_str_equal (status, "closed"))
    {
      if (!closed)
        return FALSE;
    }
  else if (g_str_equal (status, "cancelled"))
    {
      if (!cancelled)
        return FALSE;
    }

  if (financial != NULL && !g_str_equal (financial, "any") &&
      g_strcmp0 (json_object_get_string_member (order, "financial_status"), financial) != 0)
    return FALSE;

  if (fulfillment != NULL && !g_str_equal (fulfillment, "any"))
    {
      const char *value = json_object_get_string_member (order, "fulfillment_status");

      if (g_str_equal (fulfillment, "shipped") ? g_strcmp0 (value, "fulfilled") != 0
          : g_str_equal (fulfillment, "unshipped") ? value != NULL
          : g_strcmp0 (value, fulfillment) != 0)
        return FALSE;
    }

  if (since_id != NULL && id <= g_ascii_strtoll (since_id, NULL, 10))
    return FALSE;

  if (ids != NULL)
    {
      g_auto(GStrv) list = g_strsplit (ids, ",", -1);
      gboolean found = FALSE;

      for (guint i = 0; list[i] != NULL && !found; i++)
        found = g_ascii_strtoll (list[i], NULL, 10) == id;
      if (!found)
        return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (bounds); i++)
    {
      const char *text = g_hash_table_lookup (filters, bounds[i]);
      gint64 limit = parse_time (text);
      gint64 when = parse_time (json_object_get_string_member (order, i < 2 ? "created_at"
                                                                           : "updated_at"));

      if (text == NULL)
        continue;
      if (i % 2 == 0 ? when < limit : when > limit)
        return FALSE;
    }

  return TRUE;
}

static JsonNode *
with_fields (JsonObject *object,
             const char *fields)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  g_auto(GStrv) names = NULL;
  JsonObject *copy;

  if (fields == NULL || *fields == '\0')
    {
      json_node_set_object (node, object);
      return node;
    }

  copy = json_object_new ();
  names = g_strsplit (fields, ",", -1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *name = g_strstrip (names[i]);

      if (json_object_has_member (object, name))
        json_object_set_member (copy, name, json_node_copy (json_object_get_member (object,
                                                                                    name)));
    }
  json_node_take_object (node, copy);
  return node;
}

/* page_info is opaque to clients: here the filters and the place, in base64url JSON. */
static char *
encode_page_info (GHashTable *filters,
                  gint64      id,
                  gboolean    after)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  GHashTableIter iter;
  gpointer key, value;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "filters");
  json_builder_begin_object (builder);
  g_hash_table_iter_init (&iter, filters);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      json_builder_set_member_name (builder, key);
      json_builder_add_string_value (builder, value);
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, after ? "after" : "before");
  json_builder_add_int_value (builder, id);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  return sb_imitation_base64url ((const guint8 *) json, strlen (json));
}

static gboolean
decode_page_info (const char  *page_info,
                  GHashTable  *filters,
                  gint64      *id,
                  gboolean    *after)
{
  gsize length = 0;
  g_autofree guint8 *decoded = sb_imitation_base64url_decode (page_info, &length);
  g_autofree char *json = decoded != NULL ? g_strndup ((char *) decoded, length) : NULL;
  g_autoptr(JsonNode) root = json != NULL ? json_from_string (json, NULL) : NULL;
  JsonObject *object, *saved;
  g_autoptr(GList) names = NULL;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;

  object = json_node_get_object (root);
  saved = sb_imitation_get_object (object, "filters");
  if (saved == NULL || (!json_object_has_member (object, "after") &&
                        !json_object_has_member (object, "before")))
    return FALSE;

  *after = json_object_has_member (object, "after");
  *id = json_object_get_int_member (object, *after ? "after" : "before");
  names = json_object_get_members (saved);
  for (GList *l = names; l != NULL; l = l->next)
    g_hash_table_insert (filters, g_strdup (l->data),
                         g_strdup (json_object_get_string_member (saved, l->data)));
  return TRUE;
}

static char *
page_link (SbImitationService *svc,
           const char         *path,
           guint               limit,
           const char         *fields,
           GHashTable         *filters,
           gint64              id,
           gboolean            after)
{
  g_autofree char *page_info = encode_page_info (filters, id, after);
  g_autofree char *escaped_fields = fields != NULL ? g_uri_escape_string (fields, NULL, FALSE)
                                                   : NULL;

  return g_strdup_printf ("<%s%s?limit=%u%s%s&page_info=%s>; rel=\"%s\"", svc->base_url, path,
                          limit, fields != NULL ? "&fields=" : "",
                          fields != NULL ? escaped_fields : "", page_info,
                          after ? "next" : "previous");
}

static void
list_orders (SbImitationService *svc,
             SoupServerMessage  *msg,
             const char         *path,
             GHashTable         *query)
{
  Shopify *shopify = svc->data;
  const char *page_info = g_hash_table_lookup (query, "page_info");
  const char *fields = g_hash_table_lookup (query, "fields");
  g_autoptr(GHashTable) filters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         g_free);
  g_autoptr(GPtrArray) matching = g_ptr_array_new ();
  g_autoptr(GPtrArray) links = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) root = json_object_new ();
  JsonArray *orders = json_array_new ();
  gboolean newest_first, after = TRUE;
  gint64 cursor = 0;
  guint limit, first, last = 0;

  if (!sb_imitation_query_uint (query, "limit", 50, &limit) || limit < 1)
    {
      json_array_unref (orders);
      reply_field_error (msg, 400, "limit", "must be a number between 1 and 250");
      return;
    }
  limit = MIN (limit, 250);

  if (page_info != NULL)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, query);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (!g_str_equal (key, "page_info") && !g_str_equal (key, "limit") &&
            !g_str_equal (key, "fields"))
          {
            g_autofree char *message =
              g_strdup_printf ("%s cannot be passed when page_info is present", (char *) key);

            json_array_unref (orders);
            reply_errors (msg, 400, message);
            return;
          }

      if (!decode_page_info (page_info, filters, &cursor, &after))
        {
          json_array_unref (orders);
          reply_field_error (msg, 400, "page_info", "Invalid value.");
          return;
        }
    }
  else
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, query);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (!g_str_equal (key, "limit") && !g_str_equal (key, "fields"))
          g_hash_table_insert (filters, g_strdup (key), g_strdup (value));
    }

  newest_first = !g_hash_table_contains (filters, "since_id");
  for (guint i = 0; i < shopify->orders->len; i++)
    {
      guint at = newest_first ? shopify->orders->len - 1 - i : i;
      JsonObject *order = g_ptr_array_index (shopify->orders, at);

      if (order_matches (order, filters))
        g_ptr_array_add (matching, order);
    }

  first = 0;
  if (page_info != NULL)
    {
      guint at = 0;

      while (at < matching->len &&
             json_object_get_int_member (g_ptr_array_index (matching, at), "id") != cursor)
        at++;
      if (at == matching->len)
        {
          json_array_unref (orders);
          reply_field_error (msg, 400, "page_info", "Invalid value.");
          return;
        }
      first = after ? at + 1 : (at > limit ? at - limit : 0);
      if (!after)
        last = at;
    }
  if (page_info == NULL || after)
    last = MIN (matching->len, first + limit);

  for (guint i = first; i < last; i++)
    json_array_add_element (orders, with_fields (g_ptr_array_index (matching, i), fields));

  /* No Link header at all when everything fits on one page. */
  if (first > 0)
    g_ptr_array_add (links,
                     page_link (svc, path, limit, fields, filters,
                                json_object_get_int_member (g_ptr_array_index (matching, first),
                                                            "id"), FALSE));
  if (last < matching->len && last > first)
    g_ptr_array_add (links,
                     page_link (svc, path, limit, fields, filters,
                                json_object_get_int_member (g_ptr_array_index (matching,
                                                                               last - 1),
                                                            "id"), TRUE));
  if (links->len > 0)
    {
      g_autofree char *value = NULL;

      g_ptr_array_add (links, NULL);
      value = g_strjoinv (", ", (char **) links->pdata);
      sb_imitation_set_header (msg, "Link", value);
    }

  json_object_set_array_member (root, "orders", orders);
  sb_imitation_reply_object (msg, SOUP_STATUS_OK, root);
}

static void
reply_shop (SbImitationService *svc,
            SoupServerMessage  *msg)
{
  g_autoptr(JsonObject) root =
    sb_imitation_parse_object ("{\"shop\": {\"id\": 68412345678, \"name\": \"Demo IF Klubbsh"
                               "op\", \"email\": \"shop@demo-if.example\", \"domain\": \"shop."
                               "demo-if.example\", \"province\": \"Jämtland\", \"country\": \""
                               "SE\", \"address1\": \"Arenavägen 1\", \"zip\": \"831 30\", \"c"
                               "ity\": \"Östersund\", \"phone\": \"+46 63 555 01 00\", \"prima"
                               "ry_locale\": \"sv\", \"address2\": null, \"created_at\": \"202"
                               "3-03-14T10:12:44+01:00\", \"updated_at\": \"2024-04-30T16:02:1"
                               "1+02:00\", \"country_code\": \"SE\", \"country_name\": \"Swede"
                               "n\", \"currency\": \"SEK\", \"customer_email\": \"shop@demo-if"
                               ".example\", \"timezone\": \"(GMT+01:00) Europe/Stockholm\", \""
                               "iana_timezone\": \"Europe/Stockholm\", \"shop_owner\": \"Karin"
                               " Lindqvist\", \"money_format\": \"{{amount_with_comma_separato"
                               "r}} kr\", \"money_with_currency_format\": \"{{amount_with_comm"
                               "a_separator}} SEK\", \"weight_unit\": \"kg\", \"province_code"
                               "\": \"Z\", \"taxes_included\": true, \"tax_shipping\": null, "
                               "\"plan_display_name\": \"Basic\", \"plan_name\": \"basic\", \""
                               "has_discounts\": false, \"has_gift_cards\": false, \"myshopify"
                               "_domain\": \"" SHOP "\", \"password_enabled\": f"
                               "alse, \"has_storefront\": true, \"setup_required\": false, \"e"
                               "nabled_presentment_currencies\": [\"SEK\"]}}");

  sb_imitation_reply_object (msg, SOUP_STATUS_OK, root);
  (void) svc;
}

static JsonObject *
find_by_id (GPtrArray  *objects,
            const char *id)
{
  gint64 number = g_ascii_strtoll (id, NULL, 10);

  for (guint i = 0; i < objects->len; i++)
    if (json_object_get_int_member (g_ptr_array_index (objects, i), "id") == number)
      return g_ptr_array_index (objects, i);

  return NULL;
}

static void
reply_one (SoupServerMessage *msg,
           const char        *member,
           JsonObject        *object,
           const char        *fields)
{
  g_autoptr(JsonObject) root = json_object_new ();

  if (object == NULL)
    {
      reply_errors (msg, 404, "Not Found");
      return;
    }

  json_object_set_member (root, member, with_fields (object, fields));
  sb_imitation_reply_object (msg, SOUP_STATUS_OK, root);
}

static void
shopify_handle (SbImitationService *svc,
                SoupServerMessage  *msg,
                const char         *path,
                GHashTable         *query)
{
  Shopify *shopify = svc->data;
  const char *method = soup_server_message_get_method (msg);
  const char *fields = g_hash_table_lookup (query, "fields");
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  g_autofree char *request_id = g_uuid_string_random ();
  guint n = g_strv_length (parts);
  const char *resource;

  sb_imitation_set_header (msg, "X-Request-Id", request_id);

  /* "", "admin", "api", "<version>", resource... */
  if (n < 5 || !g_str_equal (parts[1], "admin") || !g_str_equal (parts[2], "api") ||
      (strlen (parts[3]) != 7 && !g_str_equal (parts[3], "unstable")) ||
      !g_str_has_suffix (path, ".json"))
    {
      reply_errors (msg, 404, "Not Found");
      return;
    }
  sb_imitation_set_header (msg, "X-Shopify-API-Version", parts[3]);

  if (!sb_imitation_secret_equal (sb_imitation_get_header (msg, "X-Shopify-Access-Token"),
                                  ACCESS_TOKEN))
    {
      reply_errors (msg, 401, "[API] Invalid API key or access token (unrecognized login or "
                              "wrong password)");
      return;
    }

  if (!take_call (shopify, msg))
    return;

  if (!g_str_equal (method, "GET"))
    {
      reply_errors (msg, 406, "Not Acceptable");
      return;
    }

  resource = path + strlen ("/admin/api/") + strlen (parts[3]);

  if (g_str_equal (resource, "/shop.json"))
    reply_shop (svc, msg);
  else if (g_str_equal (resource, "/orders.json"))
    list_orders (svc, msg, path, query);
  else if (g_str_equal (resource, "/orders/count.json"))
    {
      g_autoptr(JsonObject) root = json_object_new ();
      guint count = 0;

      for (guint i = 0; i < shopify->orders->len; i++)
        count += order_matches (g_ptr_array_index (shopify->orders, i), query);
      json_object_set_int_member (root, "count", count);
      sb_imitation_reply_object (msg, SOUP_STATUS_OK, root);
    }
  else if (n == 6 && g_str_equal (parts[4], "orders"))
    {
      g_autofree char *id = g_strndup (parts[5], strlen (parts[5]) - strlen (".json"));

      reply_one (msg, "order", find_by_id (shopify->orders, id), fields);
    }
  else if (g_str_equal (resource, "/customers.json"))
    {
      g_autoptr(JsonObject) root = json_object_new ();
      JsonArray *customers = json_array_new ();

      for (guint i = 0; i < shopify->customers->len; i++)
        json_array_add_element (customers,
                                with_fields (g_ptr_array_index (shopify->customers, i),
                                             fields));
      json_object_set_array_member (root, "customers", customers);
      sb_imitation_reply_object (msg, SOUP_STATUS_OK, root);
    }
  else if (n == 6 && g_str_equal (parts[4], "customers"))
    {
      g_autofree char *id = g_strndup (parts[5], strlen (parts[5]) - strlen (".json"));

      reply_one (msg, "customer", find_by_id (shopify->customers, id), fields);
    }
  else
    reply_errors (msg, 404, "Not Found");
}

static const char *
shopify_credential (const char *field)
{
  if (g_str_equal (field, "shop"))
    return SHOP;
  if (g_str_equal (field, "access_token"))
    return ACCESS_TOKEN;
  if (g_str_equal (field, "api_version"))
    return API_VERSION;
  /* The app's client secret, which signs webhooks; the catalog calls it api_secret. */
  if (g_str_equal (field, "api_secret") || g_str_equal (field, "client_secret"))
    return CLIENT_SECRET;
  return NULL;
}

static SoupMessage *
shopify_webhook (SbImitationService *svc,
                 const char         *url,
                 const char         *secret,
                 const char         *event_type)
{
  Shopify *shopify = svc->data;
  SoupMessageHeaders *headers;
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GHmac) hmac = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *body = NULL, *signature = NULL, *webhook_id = NULL, *event_id = NULL;
  g_autofree char *triggered_at = NULL;
  guint8 digest[32];
  gsize digest_length = sizeof digest;
  gsize length;
  JsonObject *order;
  SoupMessage *message;

  if (!g_str_equal (event_type, "orders/create") && !g_str_equal (event_type, "orders/paid"))
    {
      g_critical ("The Shopify imitation sends no “%s” webhooks", event_type);
      return NULL;
    }

  order = order_new (shopify, shopify->next_member, shopify->next_member % 5, 1,
                     g_get_real_time () / G_USEC_PER_SEC, FALSE);
  shopify->next_member = (shopify->next_member + 1) % sb_imitation_n_members;

  json_node_set_object (node, order);
  body = json_to_string (node, FALSE);

  /* Base64 of HMAC-SHA256 over the raw body, keyed with the app's client secret. */
  hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) secret, strlen (secret));
  g_hmac_update (hmac, (const guchar *) body, strlen (body));
  g_hmac_get_digest (hmac, digest, &digest_length);
  signature = g_base64_encode (digest, digest_length);
  webhook_id = g_uuid_string_random ();
  event_id = g_uuid_string_random ();
  triggered_at = sb_imitation_now_iso8601 ();

  message = soup_message_new ("POST", url);
  g_return_val_if_fail (message != NULL, NULL);
  headers = soup_message_get_request_headers (message);
  soup_message_headers_replace (headers, "X-Shopify-Topic", event_type);
  soup_message_headers_replace (headers, "X-Shopify-Hmac-Sha256", signature);
  soup_message_headers_replace (headers, "X-Shopify-Shop-Domain", SHOP);
  soup_message_headers_replace (headers, "X-Shopify-API-Version", API_VERSION);
  soup_message_headers_replace (headers, "X-Shopify-Webhook-Id", webhook_id);
  soup_message_headers_replace (headers, "X-Shopify-Event-Id", event_id);
  soup_message_headers_replace (headers, "X-Shopify-Triggered-At", triggered_at);
  length = strlen (body);
  bytes = g_bytes_new_take (g_steal_pointer (&body), length);
  soup_message_set_request_body_from_bytes (message, "application/json", bytes);
  return message;
}

const SbImitationServiceClass sb_imitation_shopify_class = {
  .name = "shopify",
  .content_type = "application/json; charset=utf-8",
  .init = shopify_init,
  .free_data = shopify_free,
  .handle = shopify_handle,
  .fault = shopify_fault,
  .credential = shopify_credential,
  .webhook = shopify_webhook,
  .webhook_secret_field = "api_secret",
};
