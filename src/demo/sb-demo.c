/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-demo.h"

const char *
sb_demo_get_profile_name (void)
{
  return "Alex Andersson";
}

const char *
sb_demo_get_profile_email (void)
{
  return "alex@demo.example";
}

static JsonNode *
parse (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (json, &error);

  /* The literals below are ours; a parse failure is a programming error. */
  g_assert_no_error (error);
  return node;
}

static void
add_member (JsonBuilder *b,
            const char  *name,
            const char  *email,
            const char  *phone,
            const char  *kind,
            const char  *role)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, name);
  json_builder_set_member_name (b, "email");
  json_builder_add_string_value (b, email);
  if (phone != NULL)
    {
      json_builder_set_member_name (b, "phone");
      json_builder_add_string_value (b, phone);
    }
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, kind);
  json_builder_set_member_name (b, "role");
  json_builder_add_string_value (b, role);
  json_builder_end_object (b);
}

static void
add_profile (JsonBuilder *b)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "profile");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "role");
  json_builder_add_string_value (b, "admin");
  json_builder_end_object (b);
}

static void
add_account (JsonBuilder *b,
             const char  *key,
             const char  *connector,
             const char  *name,
             const char  *status)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "key");
  json_builder_add_string_value (b, key);
  json_builder_set_member_name (b, "connector");
  json_builder_add_string_value (b, connector);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, name);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, status);
  json_builder_end_object (b);
}

typedef struct
{
  const char *status;
  int         minutes_ago;
  int         duration_seconds;
  int         read;
  int         created;
  int         updated;
  int         failed;
  const char *error;
} DemoRun;

/* @accounts: a NULL-terminated list of account keys; @runs: ended by a NULL status. */
static void
add_integration (JsonBuilder        *b,
                 const char         *name,
                 const char         *description,
                 const char         *status,
                 const char         *trigger,
                 const char         *steps,
                 const char         *settings,
                 const char         *purpose,
                 const char * const *accounts,
                 const char         *created_by,
                 const DemoRun      *runs)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, name);
  json_builder_set_member_name (b, "description");
  json_builder_add_string_value (b, description);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, status);
  json_builder_set_member_name (b, "trigger");
  json_builder_add_value (b, parse (trigger));
  json_builder_set_member_name (b, "steps");
  json_builder_add_value (b, parse (steps));
  json_builder_set_member_name (b, "settings");
  json_builder_add_value (b, parse (settings));
  json_builder_set_member_name (b, "purpose");
  json_builder_add_string_value (b, purpose);
  json_builder_set_member_name (b, "created_by");
  json_builder_add_string_value (b, created_by);

  json_builder_set_member_name (b, "accounts");
  json_builder_begin_array (b);
  for (guint i = 0; accounts[i] != NULL; i++)
    json_builder_add_string_value (b, accounts[i]);
  json_builder_end_array (b);

  json_builder_set_member_name (b, "runs");
  json_builder_begin_array (b);
  for (guint i = 0; runs != NULL && runs[i].status != NULL; i++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "status");
      json_builder_add_string_value (b, runs[i].status);
      json_builder_set_member_name (b, "minutes_ago");
      json_builder_add_int_value (b, runs[i].minutes_ago);
      json_builder_set_member_name (b, "duration_seconds");
      json_builder_add_int_value (b, runs[i].duration_seconds);
      json_builder_set_member_name (b, "read");
      json_builder_add_int_value (b, runs[i].read);
      json_builder_set_member_name (b, "created");
      json_builder_add_int_value (b, runs[i].created);
      json_builder_set_member_name (b, "updated");
      json_builder_add_int_value (b, runs[i].updated);
      json_builder_set_member_name (b, "failed");
      json_builder_add_int_value (b, runs[i].failed);
      if (runs[i].error != NULL)
        {
          json_builder_set_member_name (b, "error");
          json_builder_add_string_value (b, _(runs[i].error));
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_end_object (b);
}

#define DAY (24 * 60)

static const char *default_settings =
  "{\"retries\": 3, \"timeout_seconds\": 60, \"concurrency\": 1, \"notify_on_failure\": true}";

static void
add_club (JsonBuilder *b)
{
  static const DemoRun member_runs[] = {
    { "succeeded", 5 * 60, 14, 212, 3, 7, 0, NULL },
    { "succeeded", DAY + 5 * 60, 12, 209, 1, 4, 0, NULL },
    { "failed", 2 * DAY + 5 * 60, 31, 0, 0, 0, 0,
      N_("IdrottOnline did not answer within 30 seconds") },
    { "succeeded", 3 * DAY + 5 * 60, 13, 208, 2, 2, 0, NULL },
    { NULL }
  };
  static const DemoRun fee_runs[] = {
    { "succeeded", 47, 2, 1, 1, 0, 0, NULL },
    { "succeeded", 3 * 60 + 12, 2, 1, 1, 0, 0, NULL },
    { "failed", DAY + 60, 3, 1, 0, 0, 1,
      N_("Fortnox refused the invoice: the customer number 1042 does not exist") },
    { NULL }
  };
  static const DemoRun lok_runs[] = {
    { "succeeded", 9 * DAY, 40, 96, 0, 0, 0, NULL },
    { "succeeded", 16 * DAY, 38, 91, 0, 0, 0, NULL },
    { NULL }
  };

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, "Demo IF");
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, "club");
  json_builder_set_member_name (b, "sport");
  json_builder_add_string_value (b, _("Football"));

  json_builder_set_member_name (b, "members");
  json_builder_begin_array (b);
  add_profile (b);
  add_member (b, "Karin Lindqvist", "karin@demo-if.example", "+46 70 123 45 67", "person",
              "treasurer");
  add_member (b, "Johan Berg", "johan@demo-if.example", NULL, "person", "collaborator");
  add_member (b, "Sara Nilsson", "sara@demo-if.example", NULL, "person", "reader");
  add_member (b, "Leila Haddad", "leila@demo-if.example", NULL, "person", "lok-support");
  /* Translators: the name of an integration user, a member that is not a person */
  add_member (b, _("Fortnox Integration"), "fortnox@demo-if.example", NULL,
              "integration-user", "collaborator");
  json_builder_end_array (b);

  json_builder_set_member_name (b, "accounts");
  json_builder_begin_array (b);
  add_account (b, "io", "idrottonline", _("IdrottOnline membership register"), "connected");
  add_account (b, "fortnox", "fortnox", _("Fortnox bookkeeping"), "connected");
  add_account (b, "stripe", "stripe", _("Stripe membership fees"), "connected");
  add_account (b, "shop", "shopify", _("Club shop"), "needs-attention");
  json_builder_end_array (b);

  json_builder_set_member_name (b, "integrations");
  json_builder_begin_array (b);
  add_integration (b,
                   _("Import new members from IdrottOnline"),
                   _("Every night, new and changed members in IdrottOnline become customers "
                     "in Fortnox."),
                   "live",
                   "{\"kind\": \"schedule\", \"daily_at\": \"02:00\"}",
                   "[{\"id\": \"members\", \"kind\": \"action\", \"account\": \"io\","
                   "  \"action\": \"list_members\", \"config\": {\"changed_since\": "
                   "  \"{{ cursor | default: \\\"1970-01-01\\\" }}\"}},"
                   " {\"id\": \"each\", \"kind\": \"for_each\","
                   "  \"items\": \"{{ steps.members.body.members }}\", \"steps\": ["
                   "   {\"id\": \"customer\", \"kind\": \"action\", \"account\": \"fortnox\","
                   "    \"action\": \"create_customer\", \"config\": {\"Name\": "
                   "    \"{{ item.firstName }} {{ item.lastName }}\"}}]}]",
                   default_settings,
                   _("Keeping the member register and the bookkeeping in step"),
                   (const char *[]) { "io", "fortnox", NULL },
                   "karin@demo-if.example",
                   member_runs);
  add_integration (b,
                   _("Membership fees from Stripe to Fortnox"),
                   _("When a member pays the fee by card, the payment is booked in Fortnox."),
                   "live",
                   "{\"kind\": \"webhook\", \"account\": \"stripe\", \"service\": \"Stripe\","
                   " \"event\": \"payment_intent.succeeded\"}",
                   "[{\"id\": \"invoice\", \"kind\": \"action\", \"account\": \"fortnox\","
                   "  \"action\": \"create_invoice\", \"config\": {\"CustomerNumber\": "
                   "  \"{{ trigger.data.object.metadata.customer_number }}\"}}]",
                   default_settings,
                   _("Bookkeeping of membership fees"),
                   (const char *[]) { "stripe", "fortnox", NULL },
                   "karin@demo-if.example",
                   fee_runs);
  add_integration (b,
                   _("Weekly LOK-support attendance report"),
                   _("Collects the attendance of the week's training sessions for the LOK-support "
                     "application."),
                   "paused",
                   "{\"kind\": \"schedule\", \"daily_at\": \"07:00\", \"weekdays\": [\"mon\"]}",
                   "[{\"id\": \"activities\", \"kind\": \"action\", \"account\": \"io\","
                   "  \"action\": \"list_activities\", \"config\": {}}]",
                   default_settings,
                   _("Applying for the LOK-support grant"),
                   (const char *[]) { "io", NULL },
                   "leila@demo-if.example",
                   lok_runs);
  add_integration (b,
                   _("Club shop orders to Fortnox"),
                   _("New orders in the club shop become invoices in Fortnox."),
                   "draft",
                   "{\"kind\": \"poll\", \"account\": \"shop\", \"service\": \"Shopify\","
                   " \"trigger\": \"new_orders\", \"every_minutes\": 15}",
                   "[{\"id\": \"invoice\", \"kind\": \"action\", \"account\": \"fortnox\","
                   "  \"action\": \"create_invoice\", \"config\": {}}]",
                   default_settings,
                   _("Bookkeeping of sales in the club shop"),
                   (const char *[]) { "shop", "fortnox", NULL },
                   "johan@demo-if.example",
                   NULL);
  add_integration (b,
                   _("Remind members of unpaid fees"),
                   _("Sends a reminder to every member whose fee is unpaid."),
                   "draft",
                   "{\"kind\": \"manual\"}",
                   "[]",
                   default_settings,
                   _("Collecting membership fees"),
                   (const char *[]) { NULL },
                   "karin@demo-if.example",
                   NULL);
  json_builder_end_array (b);

  json_builder_end_object (b);
}

static void
add_company (JsonBuilder *b)
{
  static const DemoRun klarna_runs[] = {
    { "succeeded", 3 * 60, 21, 58, 58, 0, 0, NULL },
    { "succeeded", DAY + 3 * 60, 19, 51, 51, 0, 0, NULL },
    { "succeeded", 2 * DAY + 3 * 60, 22, 64, 63, 0, 1, NULL },
    { NULL }
  };
  static const DemoRun order_runs[] = {
    { "succeeded", 1, 2, 4, 4, 0, 0, NULL },
    { "succeeded", 16, 3, 6, 6, 0, 0, NULL },
    { "succeeded", 31, 2, 2, 2, 0, 0, NULL },
    { "failed", 46, 5, 0, 0, 0, 0, N_("Shopify answered 429 Too Many Requests three times") },
    { NULL }
  };
  static const DemoRun refund_runs[] = {
    { "succeeded", 4 * DAY, 6, 12, 0, 0, 0, NULL },
    { NULL }
  };

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, "Demo AB");
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, "company");

  json_builder_set_member_name (b, "members");
  json_builder_begin_array (b);
  add_profile (b);
  add_member (b, "Maria Ek", "maria@demo-ab.example", "+46 8 555 012 34", "person",
              "collaborator");
  add_member (b, "Ola Nordmann", "ola@demo-ab.example", NULL, "person", "reader");
  add_member (b, _("24SevenOffice Integration"), "24so@demo-ab.example", NULL,
              "integration-user", "collaborator");
  json_builder_end_array (b);

  json_builder_set_member_name (b, "accounts");
  json_builder_begin_array (b);
  add_account (b, "klarna", "klarna", _("Klarna payments"), "connected");
  add_account (b, "shop", "shopify", _("Web shop"), "connected");
  add_account (b, "24so", "24sevenoffice", _("24SevenOffice accounting"), "connected");
  add_account (b, "stripe", "stripe", _("Stripe"), "error");
  add_account (b, "crm", "http", _("Customer register (HTTP API)"), "disconnected");
  json_builder_end_array (b);

  json_builder_set_member_name (b, "integrations");
  json_builder_begin_array (b);
  add_integration (b,
                   _("Klarna settlements to 24SevenOffice"),
                   _("Books each day's Klarna settlement in 24SevenOffice."),
                   "live",
                   "{\"kind\": \"schedule\", \"daily_at\": \"06:00\"}",
                   "[{\"id\": \"settlements\", \"kind\": \"action\", \"account\": \"klarna\","
                   "  \"action\": \"list_settlements\", \"config\": {}},"
                   " {\"id\": \"book\", \"kind\": \"action\", \"account\": \"24so\","
                   "  \"action\": \"save_transactions\", \"config\": {}}]",
                   default_settings,
                   _("Bookkeeping of card and invoice payments"),
                   (const char *[]) { "klarna", "24so", NULL },
                   "maria@demo-ab.example",
                   klarna_runs);
  add_integration (b,
                   _("New web shop orders to 24SevenOffice"),
                   _("Every order in the web shop becomes an invoice in 24SevenOffice."),
                   "live",
                   "{\"kind\": \"poll\", \"account\": \"shop\", \"service\": \"Shopify\","
                   " \"trigger\": \"new_orders\", \"every_minutes\": 15}",
                   "[{\"id\": \"invoice\", \"kind\": \"action\", \"account\": \"24so\","
                   "  \"action\": \"save_invoice\", \"config\": {}}]",
                   default_settings,
                   _("Invoicing of web shop orders"),
                   (const char *[]) { "shop", "24so", NULL },
                   "maria@demo-ab.example",
                   order_runs);
  add_integration (b,
                   _("Stripe refunds report"),
                   _("Twice a week, lists the refunds made in Stripe."),
                   "paused",
                   "{\"kind\": \"schedule\", \"daily_at\": \"08:00\","
                   " \"weekdays\": [\"mon\", \"thu\"]}",
                   "[{\"id\": \"refunds\", \"kind\": \"http\", \"account\": \"stripe\","
                   "  \"config\": {\"method\": \"GET\", \"path\": \"/v1/refunds\"}}]",
                   default_settings,
                   _("Following up refunds"),
                   (const char *[]) { "stripe", NULL },
                   "maria@demo-ab.example",
                   refund_runs);
  add_integration (b,
                   _("Sync customers to the customer register"),
                   _("Sends new customers from 24SevenOffice to the in-house customer "
                     "register."),
                   "draft",
                   "{\"kind\": \"manual\"}",
                   "[{\"id\": \"post\", \"kind\": \"http\", \"account\": \"crm\","
                   "  \"config\": {\"method\": \"POST\", \"path\": \"/customers\"}}]",
                   default_settings,
                   _("Customer care"),
                   (const char *[]) { "crm", "24so", NULL },
                   "maria@demo-ab.example",
                   NULL);
  json_builder_end_array (b);

  json_builder_end_object (b);
}

JsonNode *
sb_demo_build_document (void)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "organizations");
  json_builder_begin_array (b);
  add_club (b);
  add_company (b);
  json_builder_end_array (b);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}
