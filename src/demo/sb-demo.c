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
             const char  *status,
             const char  *owner)
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
  /* Which of the loopback imitations (demo/sb-imitation.h) serves the account. */
  json_builder_set_member_name (b, "imitation");
  json_builder_add_string_value (b, connector);
  /* Whose credentials: the e-mail of a member, a person or an integration user. */
  if (owner != NULL)
    {
      json_builder_set_member_name (b, "owner");
      json_builder_add_string_value (b, owner);
    }
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
  const char *error;          /* why it failed, N_() */
  const char *failed_step;    /* the step that failed; NULL when the trigger did */
  const char *warning;        /* a warning the run logged, N_(), or NULL */
  const char *warning_step;
} DemoRun;

/* What a step took in and gave back in a run, shaped like the service's own requests and
 * answers, for the run's log. */
typedef struct
{
  const char *id;
  const char *message;        /* N_() */
  const char *input;          /* JSON */
  const char *output;         /* JSON */
} DemoStep;

static void
add_event (JsonBuilder *b,
           const char  *level,
           const char  *step,
           const char  *message,
           int          seconds,
           const char  *input,
           const char  *output)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "level");
  json_builder_add_string_value (b, level);
  if (step != NULL)
    {
      json_builder_set_member_name (b, "step");
      json_builder_add_string_value (b, step);
    }
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_set_member_name (b, "seconds");
  json_builder_add_int_value (b, seconds);
  if (input != NULL || output != NULL)
    {
      json_builder_set_member_name (b, "data");
      json_builder_begin_object (b);
      if (input != NULL)
        {
          json_builder_set_member_name (b, "input");
          json_builder_add_value (b, parse (input));
        }
      if (output != NULL)
        {
          json_builder_set_member_name (b, "output");
          json_builder_add_value (b, parse (output));
        }
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
}

/* The log of one run: each step's input and output until the step that failed, which logs
 * the error; the run's warning where it had one. */
static void
add_events (JsonBuilder    *b,
            const DemoRun  *run,
            const DemoStep *steps)
{
  gboolean failed = g_str_equal (run->status, "failed");
  int seconds = 0;

  json_builder_set_member_name (b, "events");
  json_builder_begin_array (b);

  if (failed && run->failed_step == NULL)
    {
      g_autofree char *message =
        /* Translators: %s says why, such as “Shopify answered 429 Too Many Requests” */
        g_strdup_printf (_("The trigger failed: %s"), _(run->error));

      add_event (b, "error", NULL, message, run->duration_seconds, NULL, NULL);
    }

  for (guint i = 0; steps != NULL && steps[i].id != NULL && !(failed && run->failed_step == NULL);
       i++)
    {
      seconds += MAX (1, run->duration_seconds / 4);

      if (failed && g_str_equal (steps[i].id, run->failed_step))
        {
          g_autofree char *message =
            /* Translators: the first %s is the name of a step, the second why it failed */
            g_strdup_printf (_("The step “%s” failed: %s"), steps[i].id, _(run->error));

          add_event (b, "error", steps[i].id, message, run->duration_seconds, steps[i].input,
                     NULL);
          break;
        }

      add_event (b, "info", steps[i].id, _(steps[i].message), seconds, steps[i].input,
                 steps[i].output);

      if (run->warning != NULL && g_strcmp0 (run->warning_step, steps[i].id) == 0)
        add_event (b, "warning", steps[i].id, _(run->warning), seconds, NULL, NULL);
    }

  if (run->warning != NULL && run->warning_step == NULL)
    add_event (b, "warning", NULL, _(run->warning), run->duration_seconds, NULL, NULL);

  json_builder_end_array (b);
}

/* @accounts: a NULL-terminated list of account keys; @runs: ended by a NULL status; @log: the
 * steps' samples for the runs' logs, ended by a NULL id. */
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
                 const DemoRun      *runs,
                 const DemoStep     *log)
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
      add_events (b, &runs[i], log);
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
    { "succeeded", 5 * 60, 14, 212, 3, 7, 0, NULL, NULL, NULL, NULL },
    { "succeeded", DAY + 5 * 60, 12, 209, 1, 4, 0, NULL, NULL,
      N_("IdrottOnline took 9 seconds to answer; the run went on"), "members" },
    { "failed", 2 * DAY + 5 * 60, 31, 0, 0, 0, 0,
      N_("IdrottOnline did not answer within 30 seconds"), "members", NULL, NULL },
    { "succeeded", 3 * DAY + 5 * 60, 13, 208, 2, 2, 0, NULL, NULL, NULL, NULL },
    { NULL }
  };
  static const DemoRun fee_runs[] = {
    { "succeeded", 47, 2, 1, 1, 0, 0, NULL, NULL, NULL, NULL },
    { "succeeded", 3 * 60 + 12, 2, 1, 1, 0, 0, NULL, NULL, NULL, NULL },
    { "failed", DAY + 60, 3, 1, 0, 0, 1,
      N_("Fortnox refused the invoice: the customer number 1042 does not exist"), "invoice",
      NULL, NULL },
    { NULL }
  };
  static const DemoRun lok_runs[] = {
    { "succeeded", 9 * DAY, 40, 96, 0, 0, 0, NULL, NULL,
      N_("Three sessions had no leader registered and do not count for LOK-support"),
      "activities" },
    { "succeeded", 16 * DAY, 38, 91, 0, 0, 0, NULL, NULL, NULL, NULL },
    { NULL }
  };
  static const DemoStep members_log[] = {
    { "members",
      N_("Read the members changed since the last run from IdrottOnline"),
      "{\"SportIds\": [16], \"Since\": \"2024-05-01T02:00:00\", \"OrganisationIds\": [19541], "
      "\"IncludeUnderlyingOrganisations\": false}",
      "{\"status\": 200, \"body\": {\"Persons\": [{\"PersonId\": 4410278, \"FirstName\": \"Elsa"
      "\", \"LastName\": \"Holmberg\", \"BirthDate\": \"2012-08-14\", \"GenderId\": 2, \"Nation"
      "ality\": \"SE\", \"IsDeleted\": false, \"Memberships\": [{\"OrganisationId\": 19541, \"M"
      "embershipTypeId\": 1, \"FromDate\": \"2024-05-06\"}]}, {\"PersonId\": 4410301, \"FirstNa"
      "me\": \"Omar\", \"LastName\": \"Karimi\", \"BirthDate\": \"2011-02-03\", \"GenderId\": 1"
      ", \"Nationality\": \"SE\", \"IsDeleted\": false, \"Memberships\": [{\"OrganisationId\": "
      "19541, \"MembershipTypeId\": 1, \"FromDate\": \"2024-05-06\"}]}]}}" },
    { "each",
      N_("Went through the members one by one"),
      "{\"items\": 2}",
      "{\"done\": 2, \"failed\": 0}" },
    { "customer",
      N_("Created the member as a customer in Fortnox"),
      "{\"Customer\": {\"Name\": \"Elsa Holmberg\", \"Type\": \"PRIVATE\", \"Currency\": \"SEK"
      "\"}}",
      "{\"status\": 201, \"body\": {\"Customer\": {\"@url\": \"https://api.fortnox.se/3/custome"
      "rs/1043\", \"CustomerNumber\": \"1043\", \"Name\": \"Elsa Holmberg\", \"Type\": \"PRIVAT"
      "E\", \"Currency\": \"SEK\", \"Active\": true}}}" },
    { NULL }
  };
  static const DemoStep fees_log[] = {
    { "invoice",
      N_("Created the invoice for the membership fee in Fortnox"),
      "{\"Invoice\": {\"CustomerNumber\": \"1042\", \"InvoiceDate\": \"2024-05-06\", \"Currency"
      "\": \"SEK\", \"InvoiceRows\": [{\"ArticleNumber\": \"AVG2024\", \"Description\": \"Medle"
      "msavgift 2024\", \"DeliveredQuantity\": 1, \"Price\": 600, \"VAT\": 0}]}}",
      "{\"status\": 201, \"body\": {\"Invoice\": {\"@url\": \"https://api.fortnox.se/3/invoices"
      "/2051\", \"DocumentNumber\": \"2051\", \"CustomerNumber\": \"1042\", \"Total\": 600, \"T"
      "otalVAT\": 0, \"Balance\": 600, \"Booked\": false, \"Cancelled\": false, \"Sent\": false"
      ", \"OCR\": \"205153\"}}}" },
    { NULL }
  };
  static const DemoStep lok_log[] = {
    { "activities",
      N_("Read the week's training sessions and who attended"),
      "{\"SportIds\": [16], \"OrganisationIds\": [19541], \"GroupIds\": [88101, 88102]}",
      "{\"status\": 200, \"body\": {\"Groups\": [{\"GroupId\": 88101, \"Name\": \"P12\", \"Spor"
      "tId\": 16, \"IsDeleted\": false, \"GroupMembers\": [{\"PersonId\": 4410301, \"RoleId\": "
      "1}, {\"PersonId\": 4410278, \"RoleId\": 1}]}, {\"GroupId\": 88102, \"Name\": \"F13\", \""
      "SportId\": 16, \"IsDeleted\": false, \"GroupMembers\": [{\"PersonId\": 4410199, \"RoleId"
      "\": 2}]}]}}" },
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
  /* Fortnox with the integration user's credentials, as it should be; the others with the
   * treasurer's own, so that the details show what the warning is about. */
  add_account (b, "io", "idrottonline", _("IdrottOnline membership register"), "connected",
               "karin@demo-if.example");
  add_account (b, "fortnox", "fortnox", _("Fortnox bookkeeping"), "connected",
               "fortnox@demo-if.example");
  add_account (b, "stripe", "stripe", _("Stripe membership fees"), "connected",
               "karin@demo-if.example");
  add_account (b, "shop", "shopify", _("Club shop"), "needs-attention", "johan@demo-if.example");
  json_builder_end_array (b);

  json_builder_set_member_name (b, "integrations");
  json_builder_begin_array (b);
  add_integration (b,
                   _("Import new members from IdrottOnline"),
                   _("Every night, new and changed members in IdrottOnline become customers "
                     "in Fortnox."),
                   "live",
                   "{\"kind\": \"schedule\", \"daily_at\": \"02:00\"}",
                   "[{\"id\": \"members\", \"kind\": \"action\", \"account\": \"io\", \"action\": "
                   "\"list_members\", \"input\": {\"since\": \"{{ cursor | default: \\\"1970-01-01"
                   "\\\" }}\"}}, {\"id\": \"each\", \"kind\": \"for_each\", \"items\": \"{{ steps."
                   "members.body }}\", \"steps\": [{\"id\": \"customer\", \"kind\": \"action\", \""
                   "account\": \"fortnox\", \"action\": \"create_customer\", \"input\": {\"name\":"
                   " \"{{ item.FirstName }} {{ item.LastName }}\", \"organisation_number\": \"{{ i"
                   "tem.PersonalNumber }}\"}}]}]",
                   default_settings,
                   _("Keeping the member register and the bookkeeping in step"),
                   (const char *[]) { "io", "fortnox", NULL },
                   "karin@demo-if.example",
                   member_runs, members_log);
  add_integration (b,
                   _("Membership fees from Stripe to Fortnox"),
                   _("When a member pays the fee by card, the payment is booked in Fortnox."),
                   "live",
                   "{\"kind\": \"webhook\", \"account\": \"stripe\", \"service\": \"Stripe\","
                   " \"event\": \"payment_intent.succeeded\"}",
                   "[{\"id\": \"invoice\", \"kind\": \"action\", \"account\": \"fortnox\", \"actio"
                   "n\": \"create_invoice\", \"input\": {\"customer_number\": \"{{ trigger.data.ob"
                   "ject.metadata.customer_number }}\", \"currency\": \"SEK\", \"rows\": [{\"Artic"
                   "leNumber\": \"AVG2024\", \"DeliveredQuantity\": 1, \"Price\": \"{{ trigger.dat"
                   "a.object.metadata.fee_sek | number }}\"}]}}]",
                   default_settings,
                   _("Bookkeeping of membership fees"),
                   (const char *[]) { "stripe", "fortnox", NULL },
                   "karin@demo-if.example",
                   fee_runs, fees_log);
  add_integration (b,
                   _("Weekly LOK-support attendance report"),
                   _("Collects the attendance of the week's training sessions for the LOK-support "
                     "application."),
                   "paused",
                   "{\"kind\": \"schedule\", \"daily_at\": \"07:00\", \"weekdays\": [\"mon\"]}",
                   "[{\"id\": \"activities\", \"kind\": \"action\", \"account\": \"io\", \"action"
                   "\": \"list_groups\", \"input\": {}}]",
                   default_settings,
                   _("Applying for the LOK-support grant"),
                   (const char *[]) { "io", NULL },
                   "leila@demo-if.example",
                   lok_runs, lok_log);
  add_integration (b,
                   _("Club shop orders to Fortnox"),
                   _("New orders in the club shop become invoices in Fortnox."),
                   "draft",
                   "{\"kind\": \"poll\", \"account\": \"shop\", \"service\": \"Shopify\","
                   " \"trigger\": \"new_orders\", \"every_minutes\": 15}",
                   "[{\"id\": \"customer\", \"kind\": \"action\", \"account\": \"fortnox\", \"acti"
                   "on\": \"create_customer\", \"input\": {\"name\": \"{{ trigger.customer.first_n"
                   "ame }} {{ trigger.customer.last_name }}\", \"email\": \"{{ trigger.email }}\"}"
                   "}, {\"id\": \"invoice\", \"kind\": \"action\", \"account\": \"fortnox\", \"act"
                   "ion\": \"create_invoice\", \"input\": {\"customer_number\": \"{{ steps.custome"
                   "r.body.Customer.CustomerNumber }}\", \"your_reference\": \"{{ trigger.name }}"
                   "\", \"rows\": [{\"Description\": \"{{ trigger.name }}\", \"DeliveredQuantity\""
                   ": 1, \"Price\": \"{{ trigger.total_price | number }}\"}]}}]",
                   default_settings,
                   _("Bookkeeping of sales in the club shop"),
                   (const char *[]) { "shop", "fortnox", NULL },
                   "johan@demo-if.example",
                   NULL, NULL);
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
                   NULL, NULL);
  json_builder_end_array (b);

  json_builder_end_object (b);
}

static void
add_company (JsonBuilder *b)
{
  static const DemoRun klarna_runs[] = {
    { "succeeded", 3 * 60, 21, 58, 58, 0, 0, NULL, NULL, NULL, NULL },
    { "succeeded", DAY + 3 * 60, 19, 51, 51, 0, 0, NULL, NULL, NULL, NULL },
    { "succeeded", 2 * DAY + 3 * 60, 22, 64, 63, 0, 1, NULL, NULL,
      N_("One payout row had no order reference and was left out of the booking"), "book" },
    { NULL }
  };
  static const DemoRun order_runs[] = {
    { "succeeded", 1, 2, 4, 4, 0, 0, NULL, NULL, NULL, NULL },
    { "succeeded", 16, 3, 6, 6, 0, 0, NULL, NULL, NULL, NULL },
    { "succeeded", 31, 2, 2, 2, 0, 0, NULL, NULL,
      N_("Shopify asked to slow down (429); the run waited 2 seconds and went on"), NULL },
    { "failed", 46, 5, 0, 0, 0, 0, N_("Shopify answered 429 Too Many Requests three times"),
      NULL, NULL, NULL },
    { NULL }
  };
  static const DemoRun refund_runs[] = {
    { "succeeded", 4 * DAY, 6, 12, 0, 0, 0, NULL, NULL, NULL, NULL },
    { NULL }
  };
  static const DemoStep klarna_log[] = {
    { "settlements",
      N_("Read yesterday's payouts from Klarna"),
      "{\"method\": \"GET\", \"url\": \"/settlements/v1/payouts?start_date=2024-05-05T00:00:00Z"
      "&size=20\"}",
      "{\"status\": 200, \"body\": {\"payouts\": [{\"payment_reference\": \"XISA93DJ\", \"payou"
      "t_date\": \"2024-05-06T12:00:00Z\", \"currency_code\": \"SEK\", \"merchant_settlement_ty"
      "pe\": \"NET\", \"totals\": {\"sale_amount\": 1299000, \"refund_amount\": 39900, \"fee_am"
      "ount\": 36300, \"settlement_amount\": 1222800, \"commission_amount\": 0}}], \"pagination"
      "\": {\"count\": 1, \"total\": 1}}}" },
    { "book",
      N_("Booked the payout in 24SevenOffice"),
      "{\"SaveTransactions\": {\"TransactionList\": [{\"Date\": \"2024-05-06\", \"AccountNo\": "
      "1930, \"Amount\": 12228.0, \"Comment\": \"Klarna XISA93DJ\"}, {\"Date\": \"2024-05-06\","
      " \"AccountNo\": 6570, \"Amount\": 363.0, \"Comment\": \"Klarna fees\"}, {\"Date\": \"202"
      "4-05-06\", \"AccountNo\": 1580, \"Amount\": -12591.0, \"Comment\": \"Klarna XISA93DJ\"}]"
      "}}",
      "{\"status\": 200, \"body\": {\"SaveTransactionsResult\": {\"TransactionId\": 880231, \"A"
      "PIException\": null}}}" },
    { NULL }
  };
  static const DemoStep orders_log[] = {
    { "invoice",
      N_("Created the invoice for the order in 24SevenOffice"),
      "{\"SaveInvoices\": {\"invoices\": [{\"OrderId\": 1001, \"CustomerId\": 30112, \"OrderSta"
      "tus\": \"Invoiced\", \"Currency\": {\"Symbol\": \"SEK\"}, \"InvoiceRows\": [{\"ProductId"
      "\": 501, \"Name\": \"Supporter scarf\", \"Quantity\": 1, \"Price\": 199.0}]}]}}",
      "{\"status\": 200, \"body\": {\"SaveInvoicesResult\": [{\"OrderId\": 1001, \"InvoiceId\":"
      " 51021, \"APIException\": null}]}}" },
    { NULL }
  };
  static const DemoStep refunds_log[] = {
    { "refunds",
      N_("Listed the refunds made in Stripe since the last report"),
      "{\"method\": \"GET\", \"url\": \"/v1/refunds?limit=100\"}",
      "{\"status\": 200, \"body\": {\"object\": \"list\", \"url\": \"/v1/refunds\", \"has_more"
      "\": false, \"data\": [{\"id\": \"re_3PBx2LHZuVqU1Y0F1sR2kq8T\", \"object\": \"refund\", "
      "\"amount\": 30000, \"currency\": \"sek\", \"payment_intent\": \"pi_3PBwzLHZuVqU1Y0F0Zb6J"
      "m4C\", \"reason\": \"requested_by_customer\", \"status\": \"succeeded\", \"created\": 17"
      "14986000}]}}" },
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
  add_account (b, "klarna", "klarna", _("Klarna payments"), "connected", "maria@demo-ab.example");
  add_account (b, "shop", "shopify", _("Web shop"), "connected", "maria@demo-ab.example");
  add_account (b, "24so", "24sevenoffice", _("24SevenOffice accounting"), "connected",
               "24so@demo-ab.example");
  add_account (b, "stripe", "stripe", _("Stripe"), "error", NULL);
  add_account (b, "crm", "http", _("Customer register (HTTP API)"), "disconnected", NULL);
  json_builder_end_array (b);

  json_builder_set_member_name (b, "integrations");
  json_builder_begin_array (b);
  add_integration (b,
                   _("Klarna settlements to 24SevenOffice"),
                   _("Books each day's Klarna settlement in 24SevenOffice."),
                   "live",
                   "{\"kind\": \"schedule\", \"daily_at\": \"06:00\"}",
                   "[{\"id\": \"settlements\", \"kind\": \"http\", \"account\": \"klarna\", \"meth"
                   "od\": \"GET\", \"url\": \"/settlements/v1/payouts?start_date={{ cursor | defau"
                   "lt: \\\"2024-01-01T00:00:00Z\\\" }}&size=20\"}, {\"id\": \"book\", \"kind\": "
                   "\"for_each\", \"items\": \"{{ steps.settlements.body.payouts }}\", \"steps\": "
                   "[{\"id\": \"transaction\", \"kind\": \"map\", \"output\": {\"Date\": \"{{ item"
                   ".payout_date | date }}\", \"Comment\": \"Klarna {{ item.payment_reference }}\""
                   ", \"Amount\": \"{{ item.totals.settlement_amount }}\", \"Fees\": \"{{ item.tot"
                   "als.fee_amount }}\", \"Currency\": \"{{ item.currency_code }}\"}}]}]",
                   default_settings,
                   _("Bookkeeping of card and invoice payments"),
                   (const char *[]) { "klarna", "24so", NULL },
                   "maria@demo-ab.example",
                   klarna_runs, klarna_log);
  add_integration (b,
                   _("New web shop orders to 24SevenOffice"),
                   _("Every order in the web shop becomes an invoice in 24SevenOffice."),
                   "live",
                   "{\"kind\": \"poll\", \"account\": \"shop\", \"service\": \"Shopify\","
                   " \"trigger\": \"new_orders\", \"every_minutes\": 15}",
                   "[{\"id\": \"customer\", \"kind\": \"action\", \"account\": \"24so\", \"action"
                   "\": \"save_customer\", \"input\": {\"name\": \"{{ trigger.customer.first_name "
                   "}} {{ trigger.customer.last_name }}\", \"external_id\": \"shopify-{{ trigger.c"
                   "ustomer.id }}\"}}]",
                   default_settings,
                   _("Invoicing of web shop orders"),
                   (const char *[]) { "shop", "24so", NULL },
                   "maria@demo-ab.example",
                   order_runs, orders_log);
  add_integration (b,
                   _("Stripe refunds report"),
                   _("Twice a week, lists the refunds made in Stripe."),
                   "paused",
                   "{\"kind\": \"schedule\", \"daily_at\": \"08:00\","
                   " \"weekdays\": [\"mon\", \"thu\"]}",
                   "[{\"id\": \"refunds\", \"kind\": \"http\", \"account\": \"stripe\", \"metho"
                   "d\": \"GET\", \"url\": \"/v1/refunds?limit=100\"}]",
                   default_settings,
                   _("Following up refunds"),
                   (const char *[]) { "stripe", NULL },
                   "maria@demo-ab.example",
                   refund_runs, refunds_log);
  add_integration (b,
                   _("Sync customers to the customer register"),
                   _("Sends new customers from 24SevenOffice to the in-house customer "
                     "register."),
                   "draft",
                   "{\"kind\": \"manual\"}",
                   "[{\"id\": \"customers\", \"kind\": \"action\", \"account\": \"24so\", \"action"
                   "\": \"get_customers\", \"input\": {\"changed_after\": \"{{ cursor | default: "
                   "\\\"2024-01-01T00:00:00\\\" }}\"}}, {\"id\": \"each\", \"kind\": \"for_each\","
                   " \"items\": \"{{ steps.customers.body.GetCompaniesResponse.GetCompaniesResult."
                   "Company }}\", \"steps\": [{\"id\": \"post\", \"kind\": \"http\", \"account\": "
                   "\"crm\", \"method\": \"POST\", \"url\": \"/customers\", \"headers\": {\"Conten"
                   "t-Type\": \"application/json\"}, \"body\": {\"name\": \"{{ item.Name }}\", \"o"
                   "rganisation_number\": \"{{ item.OrganizationNumber }}\"}}]}]",
                   default_settings,
                   _("Customer care"),
                   (const char *[]) { "crm", "24so", NULL },
                   "maria@demo-ab.example",
                   NULL, NULL);
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
