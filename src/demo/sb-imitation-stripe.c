/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sb-imitation-private.h"

#include <string.h>

/* Stripe's API as shared/connectors.md describes it: Basic auth with the secret key as the
 * user name (or Bearer), form-encoded POST bodies with brackets for nested values, lists as
 * {"object": "list", "url", "has_more", "data"} newest first with limit / starting_after /
 * ending_before, Idempotency-Key on POST (the first answer is saved and replayed), errors as
 * {"error": {"type", "code", "message", "param", "doc_url", "request_log_url"}}, and a
 * Request-Id header on every answer. What is not imitated: the test-mode rate limit of 25
 * requests a second (only the RATE_LIMIT fault answers 429), expand[], search, and every
 * resource the catalog does not use. */

#define SECRET_KEY "sk_test_51SbDemoIFq8ZkV3mT0wXy7RcLpN2aHs9uE4jG6fBdK1oQ"
#define WEBHOOK_SECRET "whsec_SbDemoIF7kP2mV9xR4tY6wQ1zN8cB3jH5"
#define API_VERSION "2024-04-10"
#define ACCOUNT_ID "acct_1SbDemoIFq8ZkV3m"
/* 2024-05-01T00:00:00Z: the seeded objects are from the first days of May 2024. */
#define SEED_TIME G_GINT64_CONSTANT (1714521600)

typedef struct
{
  char     *path;
  char     *fingerprint;
  guint     status;
  char     *body;
} Saved;

typedef struct
{
  GRand      *rand;
  GPtrArray  *customers;        /* JsonObject, newest first, like every list below */
  GPtrArray  *payment_intents;
  GPtrArray  *charges;
  GPtrArray  *refunds;
  GPtrArray  *events;
  GHashTable *saved;            /* Idempotency-Key → Saved */
  guint       next_member;      /* the member who pays next, for webhooks */
} Stripe;

static void
saved_free (gpointer data)
{
  Saved *saved = data;

  g_free (saved->path);
  g_free (saved->fingerprint);
  g_free (saved->body);
  g_free (saved);
}

static char *
new_id (Stripe     *stripe,
        const char *prefix,
        guint       length)
{
  static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  GString *id = g_string_new (prefix);

  for (guint i = 0; i < length; i++)
    g_string_append_c (id, alphabet[g_rand_int_range (stripe->rand, 0, sizeof alphabet - 1)]);

  return g_string_free (id, FALSE);
}

static JsonObject *
find (GPtrArray  *objects,
      const char *id)
{
  for (guint i = 0; i < objects->len; i++)
    {
      JsonObject *object = g_ptr_array_index (objects, i);

      if (g_strcmp0 (json_object_get_string_member (object, "id"), id) == 0)
        return object;
    }

  return NULL;
}

static JsonObject *
member_metadata (const SbImitationMember *member)
{
  JsonObject *metadata = json_object_new ();
  g_autofree char *number = g_strdup_printf ("%u", member->customer_number);
  g_autofree char *fee = g_strdup_printf ("%u", sb_imitation_member_fee_sek (member));

  json_object_set_string_member (metadata, "customer_number", number);
  json_object_set_string_member (metadata, "fee_sek", fee);
  return metadata;
}

static JsonObject *
customer_new (Stripe     *stripe,
              gint64      created,
              const char *name,
              const char *email,
              const char *phone,
              JsonObject *metadata)
{
  JsonObject *customer = json_object_new ();
  g_autofree char *id = new_id (stripe, "cus_", 14);
  g_autofree char *prefix = g_ascii_strup (id + 4, 8);

  json_object_set_string_member (customer, "id", id);
  json_object_set_string_member (customer, "object", "customer");
  json_object_set_null_member (customer, "address");
  json_object_set_int_member (customer, "balance", 0);
  json_object_set_int_member (customer, "created", created);
  json_object_set_null_member (customer, "currency");
  json_object_set_null_member (customer, "default_source");
  json_object_set_boolean_member (customer, "delinquent", FALSE);
  json_object_set_null_member (customer, "description");
  if (email != NULL)
    json_object_set_string_member (customer, "email", email);
  else
    json_object_set_null_member (customer, "email");
  json_object_set_string_member (customer, "invoice_prefix", prefix);
  json_object_set_object_member (customer, "invoice_settings",
                                 sb_imitation_parse_object ("{\"custom_fields\": null, \"defaul"
                                                            "t_payment_method\": null, \"foote"
                                                            "r\": null, \"rendering_options\":"
                                                            " null}"));
  json_object_set_boolean_member (customer, "livemode", FALSE);
  json_object_set_object_member (customer, "metadata",
                                 metadata != NULL ? metadata : json_object_new ());
  if (name != NULL)
    json_object_set_string_member (customer, "name", name);
  else
    json_object_set_null_member (customer, "name");
  if (phone != NULL)
    json_object_set_string_member (customer, "phone", phone);
  else
    json_object_set_null_member (customer, "phone");
  json_object_set_array_member (customer, "preferred_locales", json_array_new ());
  json_object_set_null_member (customer, "shipping");
  json_object_set_string_member (customer, "tax_exempt", "none");
  json_object_set_null_member (customer, "test_clock");

  return customer;
}

static JsonObject *
event_new (Stripe     *stripe,
           const char *type,
           gint64      created,
           JsonObject *object)
{
  JsonObject *event = json_object_new ();
  JsonObject *data = json_object_new ();
  JsonNode *snapshot = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *id = new_id (stripe, "evt_", 24);
  g_autofree char *request = new_id (stripe, "req_", 14);

  json_node_set_object (snapshot, object);
  json_object_set_member (data, "object", json_node_copy (snapshot));
  json_node_unref (snapshot);

  json_object_set_string_member (event, "id", id);
  json_object_set_string_member (event, "object", "event");
  json_object_set_string_member (event, "api_version", API_VERSION);
  json_object_set_int_member (event, "created", created);
  json_object_set_object_member (event, "data", data);
  json_object_set_boolean_member (event, "livemode", FALSE);
  json_object_set_int_member (event, "pending_webhooks", 1);
  json_object_set_object_member (event, "request", json_object_new ());
  json_object_set_string_member (json_object_get_object_member (event, "request"), "id",
                                 request);
  json_object_set_null_member (json_object_get_object_member (event, "request"),
                               "idempotency_key");
  json_object_set_string_member (event, "type", type);

  g_ptr_array_insert (stripe->events, 0, event);
  return event;
}

/* A member pays the year's fee by card: the customer (when new), the payment intent, its
 * charge and their events. Returns the payment intent. */
static JsonObject *
pay_fee (Stripe                  *stripe,
         const SbImitationMember *member,
         gint64                   created)
{
  g_autofree char *name = g_strdup_printf ("%s %s", member->first_name, member->last_name);
  g_autofree char *pi_id = new_id (stripe, "pi_3P", 22);
  g_autofree char *ch_id = g_strconcat ("ch_", pi_id + 3, NULL);
  g_autofree char *txn_id = g_strconcat ("txn_", pi_id + 3, NULL);
  g_autofree char *pm_id = new_id (stripe, "pm_1P", 22);
  g_autofree char *secret = NULL;
  g_autofree char *client_secret = NULL;
  gint64 amount = sb_imitation_member_fee_sek (member) * 100;
  JsonObject *customer = NULL;
  JsonObject *pi, *charge, *billing;

  for (guint i = 0; i < stripe->customers->len && customer == NULL; i++)
    {
      JsonObject *candidate = g_ptr_array_index (stripe->customers, i);

      if (g_strcmp0 (json_object_get_string_member (candidate, "email"), member->email) == 0)
        customer = candidate;
    }
  if (customer == NULL)
    {
      customer = customer_new (stripe, created - 60, name, member->email, member->phone,
                               member_metadata (member));
      g_ptr_array_insert (stripe->customers, 0, customer);
      event_new (stripe, "customer.created", created - 60, customer);
    }

  pi = json_object_new ();
  secret = new_id (stripe, "_secret_", 25);
  client_secret = g_strconcat (pi_id, secret, NULL);
  json_object_set_string_member (pi, "id", pi_id);
  json_object_set_string_member (pi, "object", "payment_intent");
  json_object_set_int_member (pi, "amount", amount);
  json_object_set_int_member (pi, "amount_capturable", 0);
  json_object_set_int_member (pi, "amount_received", amount);
  json_object_set_null_member (pi, "canceled_at");
  json_object_set_string_member (pi, "capture_method", "automatic");
  json_object_set_string_member (pi, "client_secret", client_secret);
  json_object_set_string_member (pi, "confirmation_method", "automatic");
  json_object_set_int_member (pi, "created", created);
  json_object_set_string_member (pi, "currency", "sek");
  json_object_set_string_member (pi, "customer",
                                 json_object_get_string_member (customer, "id"));
  json_object_set_string_member (pi, "description", "Medlemsavgift 2024");
  json_object_set_null_member (pi, "last_payment_error");
  json_object_set_string_member (pi, "latest_charge", ch_id);
  json_object_set_boolean_member (pi, "livemode", FALSE);
  json_object_set_object_member (pi, "metadata", member_metadata (member));
  json_object_set_string_member (pi, "payment_method", pm_id);
  json_object_set_array_member (pi, "payment_method_types", json_array_new ());
  json_array_add_string_element (json_object_get_array_member (pi, "payment_method_types"),
                                 "card");
  json_object_set_string_member (pi, "receipt_email", member->email);
  json_object_set_string_member (pi, "status", "succeeded");
  g_ptr_array_insert (stripe->payment_intents, 0, pi);

  charge = json_object_new ();
  billing = json_object_new ();
  json_object_set_null_member (billing, "address");
  json_object_set_string_member (billing, "email", member->email);
  json_object_set_string_member (billing, "name", name);
  json_object_set_null_member (billing, "phone");
  json_object_set_string_member (charge, "id", ch_id);
  json_object_set_string_member (charge, "object", "charge");
  json_object_set_int_member (charge, "amount", amount);
  json_object_set_int_member (charge, "amount_captured", amount);
  json_object_set_int_member (charge, "amount_refunded", 0);
  json_object_set_string_member (charge, "balance_transaction", txn_id);
  json_object_set_object_member (charge, "billing_details", billing);
  json_object_set_boolean_member (charge, "captured", TRUE);
  json_object_set_int_member (charge, "created", created);
  json_object_set_string_member (charge, "currency", "sek");
  json_object_set_string_member (charge, "customer",
                                 json_object_get_string_member (customer, "id"));
  json_object_set_string_member (charge, "description", "Medlemsavgift 2024");
  json_object_set_null_member (charge, "failure_code");
  json_object_set_null_member (charge, "failure_message");
  json_object_set_boolean_member (charge, "livemode", FALSE);
  json_object_set_object_member (charge, "metadata", member_metadata (member));
  json_object_set_object_member (charge, "outcome",
                                 sb_imitation_parse_object ("{\"network_status\": \"approved_b"
                                                            "y_network\", \"reason\": null, \""
                                                            "risk_level\": \"normal\", \"selle"
                                                            "r_message\": \"Payment complete."
                                                            "\", \"type\": \"authorized\"}"));
  json_object_set_boolean_member (charge, "paid", TRUE);
  json_object_set_string_member (charge, "payment_intent", pi_id);
  json_object_set_string_member (charge, "payment_method", pm_id);
  json_object_set_string_member (charge, "receipt_email", member->email);
  json_object_set_boolean_member (charge, "refunded", FALSE);
  json_object_set_string_member (charge, "status", "succeeded");
  g_ptr_array_insert (stripe->charges, 0, charge);

  event_new (stripe, "charge.succeeded", created, charge);
  event_new (stripe, "payment_intent.succeeded", created, pi);

  return pi;
}

static gpointer
stripe_init (SbImitationService *svc)
{
  Stripe *stripe = g_new0 (Stripe, 1);
  /* The first eight members and 1042 paid in the first days of May. */
  static const guint paid[] = { 0, 1, 2, 3, 4, 5, 6, 7, 41 };
  JsonObject *refund;

  stripe->rand = g_rand_new_with_seed (1714521600);
  stripe->customers = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  stripe->payment_intents = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  stripe->charges = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  stripe->refunds = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  stripe->events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  stripe->saved = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, saved_free);
  stripe->next_member = 8;

  for (guint i = 0; i < G_N_ELEMENTS (paid); i++)
    pay_fee (stripe, &sb_imitation_members[paid[i]], SEED_TIME + i * 12 * 3600);

  /* Half of Ingrid Olsson's fee went back to her. */
  refund = json_object_new ();
  json_object_set_string_member (refund, "id", "re_3PBx2LHZuVqU1Y0F1sR2kq8T");
  json_object_set_string_member (refund, "object", "refund");
  json_object_set_int_member (refund, "amount", 30000);
  json_object_set_string_member (refund, "balance_transaction", "txn_3PBx2LHZuVqU1Y0F1ePz9Lk2");
  json_object_set_string_member (refund, "charge",
                                 json_object_get_string_member (g_ptr_array_index (
                                   stripe->charges, G_N_ELEMENTS (paid) - 7), "id"));
  json_object_set_int_member (refund, "created", SEED_TIME + 5 * 24 * 3600);
  json_object_set_string_member (refund, "currency", "sek");
  json_object_set_object_member (refund, "metadata", json_object_new ());
  json_object_set_string_member (refund, "payment_intent",
                                 json_object_get_string_member (g_ptr_array_index (
                                   stripe->charges, G_N_ELEMENTS (paid) - 7),
                                                                "payment_intent"));
  json_object_set_string_member (refund, "reason", "requested_by_customer");
  json_object_set_string_member (refund, "status", "succeeded");
  g_ptr_array_add (stripe->refunds, refund);

  (void) svc;
  return stripe;
}

static void
stripe_free (gpointer data)
{
  Stripe *stripe = data;

  g_rand_free (stripe->rand);
  g_ptr_array_unref (stripe->customers);
  g_ptr_array_unref (stripe->payment_intents);
  g_ptr_array_unref (stripe->charges);
  g_ptr_array_unref (stripe->refunds);
  g_ptr_array_unref (stripe->events);
  g_hash_table_unref (stripe->saved);
  g_free (stripe);
}

/* ------------------------------------------------------------------------------------ */

static void
reply_error (SoupServerMessage *msg,
             guint              status,
             const char        *type,
             const char        *code,
             const char        *param,
             const char        *message)
{
  JsonObject *root = json_object_new ();
  JsonObject *error = json_object_new ();
  const char *request_id =
    soup_message_headers_get_one (soup_server_message_get_response_headers (msg), "Request-Id");

  if (code != NULL)
    {
      g_autofree char *doc = g_strconcat ("https://stripe.com/docs/error-codes/", code, NULL);

      g_strdelimit (doc + strlen ("https://stripe.com/docs/error-codes/"), "_", '-');
      json_object_set_string_member (error, "code", code);
      json_object_set_string_member (error, "doc_url", doc);
    }
  json_object_set_string_member (error, "message", message);
  if (param != NULL)
    json_object_set_string_member (error, "param", param);
  if (request_id != NULL)
    {
      g_autofree char *log = g_strdup_printf ("https://dashboard.stripe.com/test/logs/%s?t=%"
                                              G_GINT64_FORMAT, request_id,
                                              g_get_real_time () / G_USEC_PER_SEC);

      json_object_set_string_member (error, "request_log_url", log);
    }
  json_object_set_string_member (error, "type", type);
  json_object_set_object_member (root, "error", error);

  if (status == 429 || status >= 500)
    sb_imitation_set_header (msg, "Stripe-Should-Retry", "true");
  else if (status == 400 || status == 401 || status == 404)
    sb_imitation_set_header (msg, "Stripe-Should-Retry", "false");

  sb_imitation_reply_object (msg, status, root);
  json_object_unref (root);
}

static void
reply_missing (SoupServerMessage *msg,
               const char        *what,
               const char        *id,
               const char        *param)
{
  g_autofree char *message = g_strdup_printf ("No such %s: '%s'", what, id);

  reply_error (msg, 404, "invalid_request_error", "resource_missing", param, message);
}

static void
stripe_fault (SbImitationService *svc,
              SoupServerMessage  *msg,
              SbImitationFault    fault)
{
  g_autofree char *request_id = sb_imitation_random_id ("req_", 14);

  sb_imitation_set_header (msg, "Request-Id", request_id);

  switch (fault)
    {
    case SB_IMITATION_FAULT_RATE_LIMIT:
      /* Stripe documents 429 with its usual error body and Stripe-Should-Retry; the exact
       * type and code of a plain rate limit are not confirmed (connectors.md), and neither
       * is Retry-After, which the SDKs honour where present. */
      sb_imitation_set_header (msg, "Retry-After", "1");
      reply_error (msg, 429, "invalid_request_error", "rate_limit", NULL,
                   "Request rate limit exceeded. Learn more about rate limits here "
                   "https://stripe.com/docs/rate-limits.");
      break;

    case SB_IMITATION_FAULT_SERVER_ERROR:
      reply_error (msg, 500, "api_error", NULL, NULL,
                   "An unknown error occurred. Please try again later.");
      break;

    case SB_IMITATION_FAULT_EXPIRED_TOKEN:
      sb_imitation_set_header (msg, "WWW-Authenticate", "Basic realm=\"Stripe\"");
      reply_error (msg, 401, "invalid_request_error", "api_key_expired", NULL,
                   "Expired API Key provided: sk_test_*********************************NoQ");
      break;

    default:
      g_assert_not_reached ();
    }

  (void) svc;
}

/* ------------------------------------------------------------------------------------ */

typedef gboolean (*Filter) (JsonObject *object,
                            GHashTable *query);

static gboolean
filter_customer (JsonObject *object,
                 GHashTable *query)
{
  const char *email = g_hash_table_lookup (query, "email");

  return email == NULL ||
         g_strcmp0 (json_object_get_string_member_with_default (object, "email", NULL),
                    email) == 0;
}

static gboolean
filter_by_customer (JsonObject *object,
                    GHashTable *query)
{
  const char *customer = g_hash_table_lookup (query, "customer");
  const char *payment_intent = g_hash_table_lookup (query, "payment_intent");

  return (customer == NULL ||
          g_strcmp0 (json_object_get_string_member (object, "customer"), customer) == 0) &&
         (payment_intent == NULL ||
          g_strcmp0 (json_object_get_string_member (object, "payment_intent"),
                     payment_intent) == 0);
}

static gboolean
filter_event (JsonObject *object,
              GHashTable *query)
{
  const char *type = g_hash_table_lookup (query, "type");
  const char *event_type = json_object_get_string_member (object, "type");

  if (type == NULL)
    return TRUE;

  /* "payment_intent.*" matches every event about payment intents. */
  if (g_str_has_suffix (type, ".*"))
    return strncmp (event_type, type, strlen (type) - 1) == 0;

  return g_str_equal (event_type, type);
}

static gboolean
read_created (SoupServerMessage *msg,
              GHashTable        *query,
              gint64             bounds[4])
{
  static const char * const names[] = { "created[gt]", "created[gte]", "created[lt]",
                                        "created[lte]" };

  bounds[0] = bounds[1] = G_MININT64;
  bounds[2] = bounds[3] = G_MAXINT64;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *text = g_hash_table_lookup (query, names[i]);
      gint64 value;

      if (text == NULL && i == 1)
        text = g_hash_table_lookup (query, "created");
      if (text == NULL)
        continue;

      if (!g_ascii_string_to_signed (text, 10, 0, G_MAXINT64, &value, NULL))
        {
          g_autofree char *message = g_strdup_printf ("Invalid integer: %s", text);

          reply_error (msg, 400, "invalid_request_error", "parameter_invalid_integer",
                       names[i], message);
          return FALSE;
        }
      bounds[i] = value;
      if (i == 1 && g_hash_table_contains (query, "created") &&
          !g_hash_table_contains (query, "created[gte]"))
        bounds[3] = value;
    }

  return TRUE;
}

static void
reply_list (SoupServerMessage *msg,
            GHashTable        *query,
            const char        *url,
            const char        *what,
            GPtrArray         *objects,
            Filter             filter)
{
  const char *starting_after = g_hash_table_lookup (query, "starting_after");
  const char *ending_before = g_hash_table_lookup (query, "ending_before");
  g_autoptr(GArray) matching = g_array_new (FALSE, FALSE, sizeof (guint));
  JsonObject *list;
  JsonArray *data;
  gint64 created[4];
  guint limit, first, last;
  gboolean has_more;

  if (!sb_imitation_query_uint (query, "limit", 10, &limit))
    {
      g_autofree char *message = g_strdup_printf ("Invalid integer: %s",
                                                  (char *) g_hash_table_lookup (query,
                                                                                "limit"));

      reply_error (msg, 400, "invalid_request_error", "parameter_invalid_integer", "limit",
                   message);
      return;
    }
  if (limit < 1 || limit > 100)
    {
      reply_error (msg, 400, "invalid_request_error", NULL, "limit",
                   limit < 1 ? "This value must be greater than or equal to 1."
                             : "This value must be less than or equal to 100.");
      return;
    }
  if (starting_after != NULL && ending_before != NULL)
    {
      reply_error (msg, 400, "invalid_request_error", NULL, "ending_before",
                   "You may only specify one of these parameters: ending_before, "
                   "starting_after.");
      return;
    }
  if (!read_created (msg, query, created))
    return;

  for (guint i = 0; i < objects->len; i++)
    {
      JsonObject *object = g_ptr_array_index (objects, i);
      gint64 when = json_object_get_int_member (object, "created");

      if (when > created[0] && when >= created[1] && when < created[2] && when <= created[3] &&
          (filter == NULL || filter (object, query)))
        g_array_append_val (matching, i);
    }

  /* The page is [first, last) of matching, which is newest first like objects. */
  if (starting_after != NULL || ending_before != NULL)
    {
      const char *cursor = starting_after != NULL ? starting_after : ending_before;
      guint at = G_MAXUINT, before = 0;

      for (guint i = 0; i < objects->len && at == G_MAXUINT; i++)
        if (g_strcmp0 (json_object_get_string_member (g_ptr_array_index (objects, i), "id"),
                       cursor) == 0)
          at = i;
      if (at == G_MAXUINT)
        {
          g_autofree char *message = g_strdup_printf ("No such %s: '%s'", what, cursor);

          reply_error (msg, 400, "invalid_request_error", "resource_missing",
                       starting_after != NULL ? "starting_after" : "ending_before", message);
          return;
        }

      /* How many of the matching objects are newer than the cursor. */
      while (before < matching->len && g_array_index (matching, guint, before) < at)
        before++;

      if (starting_after != NULL)
        {
          if (before < matching->len && g_array_index (matching, guint, before) == at)
            before++;
          first = before;
          last = MIN (matching->len, first + limit);
          has_more = matching->len > first + limit;
        }
      else
        {
          last = before;
          first = last > limit ? last - limit : 0;
          has_more = first > 0;
        }
    }
  else
    {
      first = 0;
      last = MIN (matching->len, limit);
      has_more = matching->len > limit;
    }

  list = json_object_new ();
  data = json_array_new ();
  for (guint i = first; i < last; i++)
    json_array_add_object_element (data,
                                   json_object_ref (g_ptr_array_index (objects,
                                                                       g_array_index (matching,
                                                                                      guint,
                                                                                      i))));
  json_object_set_string_member (list, "object", "list");
  json_object_set_array_member (list, "data", data);
  json_object_set_boolean_member (list, "has_more", has_more);
  json_object_set_string_member (list, "url", url);
  sb_imitation_reply_object (msg, SOUP_STATUS_OK, list);
  json_object_unref (list);
}

/* Form fields with brackets ("metadata[fee_sek]", "address[city]") as nested objects. */
static JsonObject *
form_to_object (GHashTable *form)
{
  JsonObject *root = json_object_new ();
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, form);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_auto(GStrv) parts = g_strsplit_set (key, "[]", -1);
      JsonObject *object = root;
      const char *name = parts[0];

      for (guint i = 1; parts[i] != NULL; i++)
        {
          if (*parts[i] == '\0')
            continue;
          if (sb_imitation_get_object (object, name) == NULL)
            json_object_set_object_member (object, name, json_object_new ());
          object = sb_imitation_get_object (object, name);
          name = parts[i];
        }
      json_object_set_string_member (object, name, value);
    }

  return root;
}

static char *
fingerprint (const char *path,
             GHashTable *form)
{
  g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (form), (GCompareFunc) strcmp);
  GString *text = g_string_new (path);

  for (GList *l = keys; l != NULL; l = l->next)
    g_string_append_printf (text, "\n%s=%s", (char *) l->data,
                            (char *) g_hash_table_lookup (form, l->data));

  return g_string_free (text, FALSE);
}

static gboolean
check_customer_params (SoupServerMessage *msg,
                       JsonObject        *params)
{
  static const char * const known[] = {
    "address", "balance", "cash_balance", "coupon", "description", "email", "expand",
    "invoice_prefix", "invoice_settings", "metadata", "name", "next_invoice_sequence",
    "payment_method", "phone", "preferred_locales", "promotion_code", "shipping", "source",
    "tax", "tax_exempt", "tax_id_data", "test_clock", NULL
  };
  g_autoptr(GList) members = json_object_get_members (params);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (known, l->data))
      {
        g_autofree char *message = g_strdup_printf ("Received unknown parameter: %s",
                                                    (char *) l->data);

        reply_error (msg, 400, "invalid_request_error", "parameter_unknown", l->data, message);
        return FALSE;
      }

  if (sb_imitation_get_string (params, "email") != NULL &&
      strlen (sb_imitation_get_string (params, "email")) > 512)
    {
      reply_error (msg, 400, "invalid_request_error", "email_invalid", "email",
                   "Invalid email address: must be at most 512 characters");
      return FALSE;
    }

  return TRUE;
}

static void
update_customer (JsonObject *customer,
                 JsonObject *params)
{
  static const char * const strings[] = { "description", "email", "name", "phone" };
  JsonObject *metadata = json_object_get_object_member (customer, "metadata");

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    if (json_object_has_member (params, strings[i]))
      {
        const char *value = sb_imitation_get_string (params, strings[i]);

        /* An empty value unsets a field, as in Stripe. */
        if (value == NULL || *value == '\0')
          json_object_set_null_member (customer, strings[i]);
        else
          json_object_set_string_member (customer, strings[i], value);
      }

  if (json_object_has_member (params, "address"))
    json_object_set_member (customer, "address",
                            json_node_copy (json_object_get_member (params, "address")));

  if (sb_imitation_get_object (params, "metadata") != NULL)
    {
      JsonObject *changes = sb_imitation_get_object (params, "metadata");
      g_autoptr(GList) keys = json_object_get_members (changes);

      for (GList *l = keys; l != NULL; l = l->next)
        {
          const char *value = sb_imitation_get_string (changes, l->data);

          if (value == NULL || *value == '\0')
            json_object_remove_member (metadata, l->data);
          else
            json_object_set_string_member (metadata, l->data, value);
        }
    }
}

static void
create_payment_intent (Stripe            *stripe,
                       SoupServerMessage *msg,
                       JsonObject        *params)
{
  static const char * const known[] = {
    "amount", "automatic_payment_methods", "capture_method", "confirm", "currency",
    "customer", "description", "expand", "metadata", "payment_method", "payment_method_types",
    "receipt_email", "setup_future_usage", "statement_descriptor", NULL
  };
  const char *amount_text = sb_imitation_get_string (params, "amount");
  const char *currency = sb_imitation_get_string (params, "currency");
  const char *customer = sb_imitation_get_string (params, "customer");
  const char *description = sb_imitation_get_string (params, "description");
  g_autoptr(GList) members = json_object_get_members (params);
  g_autofree char *id = NULL, *secret = NULL, *client_secret = NULL;
  gint64 amount = 0;
  JsonObject *pi, *metadata;

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (known, l->data))
      {
        g_autofree char *message = g_strdup_printf ("Received unknown parameter: %s",
                                                    (char *) l->data);

        reply_error (msg, 400, "invalid_request_error", "parameter_unknown", l->data, message);
        return;
      }
  if (amount_text == NULL || currency == NULL)
    {
      const char *missing = amount_text == NULL ? "amount" : "currency";
      g_autofree char *message = g_strdup_printf ("Missing required param: %s.", missing);

      reply_error (msg, 400, "invalid_request_error", "parameter_missing", missing, message);
      return;
    }
  if (!g_ascii_string_to_signed (amount_text, 10, 1, 99999999, &amount, NULL))
    {
      g_autofree char *message = g_strdup_printf ("Invalid integer: %s", amount_text);

      reply_error (msg, 400, "invalid_request_error", "parameter_invalid_integer", "amount",
                   message);
      return;
    }
  if (strlen (currency) != 3 || !g_ascii_islower (currency[0]))
    {
      g_autofree char *message = g_strdup_printf ("Invalid currency: %s. Stripe currently "
                                                  "supports these currencies: sek, eur, usd, "
                                                  "nok, dkk, ...", currency);

      reply_error (msg, 400, "invalid_request_error", NULL, "currency", message);
      return;
    }
  if (customer != NULL && *customer != '\0' && find (stripe->customers, customer) == NULL)
    {
      g_autofree char *message = g_strdup_printf ("No such customer: '%s'", customer);

      reply_error (msg, 400, "invalid_request_error", "resource_missing", "customer",
                   message);
      return;
    }

  id = new_id (stripe, "pi_3P", 22);
  secret = new_id (stripe, "_secret_", 25);
  client_secret = g_strconcat (id, secret, NULL);
  metadata = json_object_new ();
  if (sb_imitation_get_object (params, "metadata") != NULL)
    {
      JsonObject *given = sb_imitation_get_object (params, "metadata");
      g_autoptr(GList) keys = json_object_get_members (given);

      for (GList *l = keys; l != NULL; l = l->next)
        if (sb_imitation_get_string (given, l->data) != NULL)
          json_object_set_string_member (metadata, l->data,
                                         sb_imitation_get_string (given, l->data));
    }

  pi = json_object_new ();
  json_object_set_string_member (pi, "id", id);
  json_object_set_string_member (pi, "object", "payment_intent");
  json_object_set_int_member (pi, "amount", amount);
  json_object_set_int_member (pi, "amount_capturable", 0);
  json_object_set_int_member (pi, "amount_received", 0);
  json_object_set_null_member (pi, "canceled_at");
  json_object_set_string_member (pi, "capture_method", "automatic");
  json_object_set_string_member (pi, "client_secret", client_secret);
  json_object_set_string_member (pi, "confirmation_method", "automatic");
  json_object_set_int_member (pi, "created", g_get_real_time () / G_USEC_PER_SEC);
  json_object_set_string_member (pi, "currency", currency);
  if (customer != NULL && *customer != '\0')
    json_object_set_string_member (pi, "customer", customer);
  else
    json_object_set_null_member (pi, "customer");
  if (description != NULL && *description != '\0')
    json_object_set_string_member (pi, "description", description);
  else
    json_object_set_null_member (pi, "description");
  json_object_set_null_member (pi, "last_payment_error");
  json_object_set_null_member (pi, "latest_charge");
  json_object_set_boolean_member (pi, "livemode", FALSE);
  json_object_set_object_member (pi, "metadata", metadata);
  json_object_set_null_member (pi, "payment_method");
  json_object_set_array_member (pi, "payment_method_types", json_array_new ());
  json_array_add_string_element (json_object_get_array_member (pi, "payment_method_types"),
                                 "card");
  json_object_set_string_member (pi, "status", "requires_payment_method");
  g_ptr_array_insert (stripe->payment_intents, 0, pi);
  event_new (stripe, "payment_intent.created", json_object_get_int_member (pi, "created"), pi);

  sb_imitation_reply_object (msg, SOUP_STATUS_OK, pi);
}

static void
handle_post (SbImitationService *svc,
             SoupServerMessage  *msg,
             const char         *path,
             GHashTable         *form)
{
  Stripe *stripe = svc->data;
  g_autoptr(JsonObject) params = form_to_object (form);
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  guint n = g_strv_length (parts);

  if (g_str_equal (path, "/v1/customers"))
    {
      JsonObject *customer;
      gint64 now = g_get_real_time () / G_USEC_PER_SEC;

      if (!check_customer_params (msg, params))
        return;

      customer = customer_new (stripe, now, NULL, NULL, NULL, NULL);
      update_customer (customer, params);
      g_ptr_array_insert (stripe->customers, 0, customer);
      event_new (stripe, "customer.created", now, customer);
      sb_imitation_reply_object (msg, SOUP_STATUS_OK, customer);
      return;
    }

  if (g_str_equal (path, "/v1/payment_intents"))
    {
      create_payment_intent (stripe, msg, params);
      return;
    }

  if (n == 4 && g_str_equal (parts[2], "customers"))
    {
      JsonObject *customer = find (stripe->customers, parts[3]);

      if (customer == NULL)
        {
          reply_missing (msg, "customer", parts[3], "id");
          return;
        }
      if (!check_customer_params (msg, params))
        return;

      update_customer (customer, params);
      event_new (stripe, "customer.updated", g_get_real_time () / G_USEC_PER_SEC, customer);
      sb_imitation_reply_object (msg, SOUP_STATUS_OK, customer);
      return;
    }

  {
    g_autofree char *message =
      g_strdup_printf ("Unrecognized request URL (POST: %s). Please see https://stripe.com/docs "
                       "or we can help at https://support.stripe.com/.", path);

    reply_error (msg, 404, "invalid_request_error", NULL, NULL, message);
  }
}

static void
handle_get (SbImitationService *svc,
            SoupServerMessage  *msg,
            const char         *path,
            GHashTable         *query)
{
  static const struct
  {
    const char *collection;
    const char *what;
    gsize       offset;
    Filter      filter;
  } lists[] = {
    { "customers", "customer", G_STRUCT_OFFSET (Stripe, customers), filter_customer },
    { "charges", "charge", G_STRUCT_OFFSET (Stripe, charges), filter_by_customer },
    { "payment_intents", "payment_intent", G_STRUCT_OFFSET (Stripe, payment_intents),
      filter_by_customer },
    { "refunds", "refund", G_STRUCT_OFFSET (Stripe, refunds), filter_by_customer },
    { "events", "event", G_STRUCT_OFFSET (Stripe, events), filter_event },
  };
  Stripe *stripe = svc->data;
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  guint n = g_strv_length (parts);

  if (g_str_equal (path, "/v1/balance"))
    {
      gint64 available = 0;
      g_autoptr(JsonObject) balance = NULL;
      g_autofree char *json = NULL;

      for (guint i = 0; i < stripe->charges->len; i++)
        available += json_object_get_int_member (g_ptr_array_index (stripe->charges, i),
                                                 "amount");
      for (guint i = 0; i < stripe->refunds->len; i++)
        available -= json_object_get_int_member (g_ptr_array_index (stripe->refunds, i),
                                                 "amount");

      json = g_strdup_printf ("{\"object\": \"balance\", \"available\": [{\"amount\": %"
                              G_GINT64_FORMAT ", \"currency\": \"sek\", \"source_types\": {\""
                              "card\": %" G_GINT64_FORMAT "}}], \"livemode\": false, \"pendin"
                              "g\": [{\"amount\": 0, \"currency\": \"sek\", \"source_types\":"
                              " {\"card\": 0}}]}", available, available);
      balance = sb_imitation_parse_object (json);
      sb_imitation_reply_object (msg, SOUP_STATUS_OK, balance);
      return;
    }

  if (g_str_equal (path, "/v1/account"))
    {
      g_autoptr(JsonObject) account =
        sb_imitation_parse_object ("{\"id\": \"" ACCOUNT_ID "\", \"object\": \"account\", \"b"
                                   "usiness_profile\": {\"name\": \"Demo IF\", \"support_emai"
                                   "l\": \"kansli@demo-if.example\", \"url\": \"https://demo-"
                                   "if.example\"}, \"business_type\": \"non_profit\", \"charg"
                                   "es_enabled\": true, \"country\": \"SE\", \"created\": 169"
                                   "6118400, \"default_currency\": \"sek\", \"details_submitt"
                                   "ed\": true, \"email\": \"kassor@demo-if.example\", \"paym"
                                   "ents_enabled\": true, \"payouts_enabled\": true, \"settin"
                                   "gs\": {\"dashboard\": {\"display_name\": \"Demo IF\", \"t"
                                   "imezone\": \"Europe/Stockholm\"}}, \"type\": \"standard\""
                                   "}");

      sb_imitation_reply_object (msg, SOUP_STATUS_OK, account);
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      GPtrArray *objects = G_STRUCT_MEMBER (GPtrArray *, stripe, lists[i].offset);

      if (n < 3 || !g_str_equal (parts[1], "v1") || !g_str_equal (parts[2], lists[i].collection))
        continue;

      if (n == 3)
        {
          g_autofree char *url = g_strconcat ("/v1/", lists[i].collection, NULL);

          reply_list (msg, query, url, lists[i].what, objects, lists[i].filter);
          return;
        }
      if (n == 4)
        {
          JsonObject *object = find (objects, parts[3]);

          if (object == NULL)
            reply_missing (msg, lists[i].what, parts[3], "id");
          else
            sb_imitation_reply_object (msg, SOUP_STATUS_OK, object);
          return;
        }
    }

  {
    g_autofree char *message =
      g_strdup_printf ("Unrecognized request URL (GET: %s). Please see https://stripe.com/docs "
                       "or we can help at https://support.stripe.com/.", path);

    reply_error (msg, 404, "invalid_request_error", NULL, NULL, message);
  }
}

static gboolean
check_key (SoupServerMessage *msg)
{
  g_autofree char *user = NULL;
  g_autofree char *password = NULL;
  g_autofree char *key = NULL;

  if (sb_imitation_get_basic_auth (msg, &user, &password))
    key = g_steal_pointer (&user);
  else
    key = sb_imitation_dup_bearer (msg);

  if (sb_imitation_secret_equal (key, SECRET_KEY))
    return TRUE;

  sb_imitation_set_header (msg, "WWW-Authenticate", "Basic realm=\"Stripe\"");
  if (key == NULL || *key == '\0')
    reply_error (msg, 401, "invalid_request_error", NULL, NULL,
                 "You did not provide an API key. You need to provide your API key in the "
                 "Authorization header, using Bearer auth (e.g. 'Authorization: Bearer "
                 "YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for "
                 "details, or we can help at https://support.stripe.com/.");
  else
    {
      gsize length = strlen (key);
      g_autofree char *masked = g_strdup (key);
      g_autofree char *message = NULL;

      /* Stripe shows the start and the last four characters only. */
      for (gsize i = MIN (8, length); i + 4 < length; i++)
        masked[i] = '*';
      message = g_strdup_printf ("Invalid API Key provided: %s", masked);
      reply_error (msg, 401, "invalid_request_error", "api_key_invalid", NULL, message);
    }

  return FALSE;
}

static void
stripe_handle (SbImitationService *svc,
               SoupServerMessage  *msg,
               const char         *path,
               GHashTable         *query)
{
  Stripe *stripe = svc->data;
  const char *method = soup_server_message_get_method (msg);
  const char *version = sb_imitation_get_header (msg, "Stripe-Version");
  g_autofree char *request_id = new_id (stripe, "req_", 14);

  sb_imitation_set_header (msg, "Request-Id", request_id);
  sb_imitation_set_header (msg, "Stripe-Version", version != NULL ? version : API_VERSION);

  if (!check_key (msg))
    return;

  if (g_str_equal (method, "POST"))
    {
      const char *key = sb_imitation_get_header (msg, "Idempotency-Key");
      g_autofree char *body = sb_imitation_dup_body (msg, NULL);
      g_autoptr(GHashTable) form = NULL;
      g_autofree char *print = NULL;
      Saved *saved;

      form = sb_imitation_has_content_type (msg, "application/x-www-form-urlencoded")
             ? soup_form_decode (body)
             : g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

      if (key == NULL)
        {
          handle_post (svc, msg, path, form);
          return;
        }

      if (strlen (key) > 255)
        {
          reply_error (msg, 400, "invalid_request_error", NULL, NULL,
                       "Idempotency keys must be at most 255 characters long.");
          return;
        }

      print = fingerprint (path, form);
      saved = g_hash_table_lookup (stripe->saved, key);
      sb_imitation_set_header (msg, "Idempotency-Key", key);
      if (saved != NULL)
        {
          if (!g_str_equal (saved->fingerprint, print))
            {
              g_autofree char *message =
                g_strdup_printf ("Keys for idempotent requests can only be used with the same "
                                 "parameters they were first used with. Try using a key other "
                                 "than '%s' if you meant to execute a different request.", key);

              reply_error (msg, 400, "idempotency_error", NULL, NULL, message);
              return;
            }

          sb_imitation_set_header (msg, "Idempotent-Replayed", "true");
          sb_imitation_reply_text (msg, saved->status, "application/json; charset=utf-8",
                                   saved->body);
          return;
        }

      handle_post (svc, msg, path, form);

      saved = g_new0 (Saved, 1);
      saved->path = g_strdup (path);
      saved->fingerprint = g_steal_pointer (&print);
      saved->status = soup_server_message_get_status (msg);
      {
        g_autoptr(GBytes) bytes =
          soup_message_body_flatten (soup_server_message_get_response_body (msg));

        saved->body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      }
      g_hash_table_insert (stripe->saved, g_strdup (key), saved);
      return;
    }

  if (g_str_equal (method, "DELETE"))
    {
      g_auto(GStrv) parts = g_strsplit (path, "/", -1);

      if (g_strv_length (parts) == 4 && g_str_equal (parts[2], "customers"))
        {
          JsonObject *customer = find (stripe->customers, parts[3]);
          g_autoptr(JsonObject) deleted = json_object_new ();

          if (customer == NULL)
            {
              reply_missing (msg, "customer", parts[3], "id");
              return;
            }
          json_object_set_string_member (deleted, "id", parts[3]);
          json_object_set_string_member (deleted, "object", "customer");
          json_object_set_boolean_member (deleted, "deleted", TRUE);
          g_ptr_array_remove (stripe->customers, customer);
          sb_imitation_reply_object (msg, SOUP_STATUS_OK, deleted);
          return;
        }
    }

  if (g_str_equal (method, "GET") || g_str_equal (method, "HEAD"))
    {
      handle_get (svc, msg, path, query);
      return;
    }

  {
    g_autofree char *message =
      g_strdup_printf ("Unrecognized request URL (%s: %s). Please see https://stripe.com/docs "
                       "or we can help at https://support.stripe.com/.", method, path);

    reply_error (msg, 404, "invalid_request_error", NULL, NULL, message);
  }
}

static const char *
stripe_credential (const char *field)
{
  if (g_str_equal (field, "secret_key"))
    return SECRET_KEY;
  if (g_str_equal (field, "webhook_secret"))
    return WEBHOOK_SECRET;
  return NULL;
}

static SoupMessage *
stripe_webhook (SbImitationService *svc,
                const char         *url,
                const char         *secret,
                const char         *event_type)
{
  Stripe *stripe = svc->data;
  const SbImitationMember *member;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  JsonObject *pi, *event = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *body = NULL;
  g_autofree char *signed_payload = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *header = NULL;
  g_autoptr(GBytes) bytes = NULL;
  SoupMessage *message;
  gsize length;

  /* The members with a customer number pay in turn. */
  do
    {
      member = &sb_imitation_members[stripe->next_member];
      stripe->next_member = (stripe->next_member + 1) % sb_imitation_n_members;
    }
  while (member->customer_number == 0);

  pi = pay_fee (stripe, member, now);

  for (guint i = 0; i < stripe->events->len && event == NULL; i++)
    {
      JsonObject *candidate = g_ptr_array_index (stripe->events, i);

      if (g_str_equal (json_object_get_string_member (candidate, "type"), event_type))
        event = candidate;
    }
  if (event == NULL)
    {
      g_critical ("The Stripe imitation sends no “%s” events", event_type);
      return NULL;
    }
  (void) pi;

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, event);
  body = json_to_string (node, TRUE);

  signed_payload = g_strdup_printf ("%" G_GINT64_FORMAT ".%s", now, body);
  signature = g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) secret,
                                         strlen (secret), signed_payload, -1);
  header = g_strdup_printf ("t=%" G_GINT64_FORMAT ",v1=%s", now, signature);

  message = soup_message_new ("POST", url);
  g_return_val_if_fail (message != NULL, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Stripe-Signature",
                                header);
  soup_message_headers_replace (soup_message_get_request_headers (message), "User-Agent",
                                "Stripe/1.0 (+https://stripe.com/docs/webhooks)");
  length = strlen (body);
  bytes = g_bytes_new_take (g_steal_pointer (&body), length);
  soup_message_set_request_body_from_bytes (message, "application/json; charset=utf-8", bytes);
  return message;
}

const SbImitationServiceClass sb_imitation_stripe_class = {
  .name = "stripe",
  .content_type = "application/json; charset=utf-8",
  .init = stripe_init,
  .free_data = stripe_free,
  .handle = stripe_handle,
  .fault = stripe_fault,
  .credential = stripe_credential,
  .webhook = stripe_webhook,
  .webhook_secret_field = "webhook_secret",
};
