/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "bench-data.h"

#include "store/sb-store.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

static const char * const clubs[] = {
  "Östersunds FK", "Åre Slalomklubb", "Malmö FF", "Djurgårdens IF", "Hammarby IF",
  "IFK Göteborg", "Örebro SK", "Mjällby AIF", "Halmstads BK", "Jönköpings Södra IF",
  "Umeå IK", "Luleå Hockey", "Skellefteå AIK", "Färjestad BK", "Frölunda HC",
  "Växjö Lakers", "Brynäs IF", "Leksands IF", "Sundsvalls Simsällskap", "Gävle Friidrott",
  "Kalmar FF", "Trelleborgs FF", "Helsingborgs IF", "Västerås SK", "Linköpings HC",
  "Tromsø IL", "FK Bodø/Glimt", "Lillestrøm SK", "Strømsgodset IF", "Vålerenga Fotball",
  "Rosenborg BK", "Molde FK", "Sarpsborg 08", "Mjøndalen IF", "Kristiansund BK",
  "Aalesunds FK", "Sandefjord Fotball", "Hønefoss BK", "Bærum SK", "Førde IL",
  "Sogndal Fotball", "Ørn-Horten", "Kongsvinger IL", "Ranheim Fotball", "Åsane Fotball",
};

static const char * const teams[] = {
  "P14", "F12", "P09", "F15", "Herrar A", "Damer", "Ungdom", "Veteraner", "Gutter 2010",
  "Jenter 2012", "Senior", "Knøtt", "Bredd", "Elit", "Skidskola", "Simskola",
};

/* What moves; Swedish and Norwegian. */
static const char * const purposes_sv[] = {
  "Medlemsavgifter", "Träningsavgifter", "Fakturor", "Påminnelser om betalning",
  "Närvarorapport", "Säsongskort", "Kvitton", "Bokföring av försäljning", "Nya medlemmar",
  "Lagkassa", "Loppis", "Sponsoravtal", "Kioskförsäljning", "Domarersättningar", "Utlägg",
  "Lotteriförsäljning", "Cupanmälningar", "Materialförråd", "Årsavgifter", "Ledarlistor",
  "LOK-stöd", "Utbetalningar", "Överföringar", "Licenser",
};

static const char * const purposes_nb[] = {
  "Medlemskontingent", "Treningsavgift", "Fakturaer", "Purringer", "Oppmøteliste",
  "Sesongkort", "Kvitteringer", "Regnskap for salg", "Nye medlemmer", "Lagkasse", "Dugnad",
  "Sponsoravtaler", "Kioskssalg", "Dommerhonorar", "Reiseregninger", "Loddsalg",
  "Påmelding til cup", "Lønn til trenere", "Utmeldinger", "Årskontingent", "Lisenser",
  "Momskompensasjon", "Utbetalinger", "Overføringer",
};

static const char * const services[] = {
  "Stripe", "Fortnox", "Visma eAccounting", "Swish", "Vipps", "Tripletex", "Mailchimp",
  "Google Sheets", "Slack", "Klarna", "Bankgirot", "HubSpot", "Shopify", "Microsoft Teams",
  "Spond", "IdrottOnline", "SportAdmin", "Dropbox", "Trello", "Zettle", "24SevenOffice",
  "PowerOffice Go", "Fiken", "Bokio", "Min Idrett",
};

static const char * const descriptions_sv[] = {
  "Varje natt hämtas %s från %s och bokförs i %s.",
  "När en medlem betalar via %2$s skapas %1$s i %3$s.",
  "%s skickas varje måndag från %s till %s, för kassören.",
  "Samlar %s från %s och för över dem till %s innan månadsskiftet.",
};

static const char * const descriptions_nb[] = {
  "Hver natt hentes %s fra %s og føres i %s.",
  "Når et medlem betaler med %2$s, opprettes %1$s i %3$s.",
  "%s sendes hver mandag fra %s til %s, for kassereren.",
  "Samler %s fra %s og overfører dem til %s før månedsskiftet.",
};

#define PICK(rand, array) ((array)[g_rand_int_range ((rand), 0, G_N_ELEMENTS (array))])

static char *
dup_name (GRand       *rand,
          gboolean     norwegian,
          const char  *purpose,
          const char  *from,
          const char  *to)
{
  const char *club = PICK (rand, clubs);
  const char *team = PICK (rand, teams);

  switch (g_rand_int_range (rand, 0, 5))
    {
    case 0:
      return g_strdup_printf (norwegian ? "%s fra %s til %s" : "%s från %s till %s",
                              purpose, from, to);
    case 1:
      return g_strdup_printf ("%s: %s → %s", club, purpose, to);
    case 2:
      return g_strdup_printf (norwegian ? "%s for %s %s" : "%s för %s %s", purpose, club, team);
    case 3:
      return g_strdup_printf ("%s %s: %s (%s)", club, team, purpose, from);
    default:
      return g_strdup_printf ("%s %s %u", purpose, to, g_rand_int_range (rand, 2019, 2027));
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

SbIntegration *
bench_integration_new (GRand *rand)
{
  gboolean norwegian = g_rand_boolean (rand);
  const char *purpose = norwegian ? PICK (rand, purposes_nb) : PICK (rand, purposes_sv);
  const char *format = norwegian ? PICK (rand, descriptions_nb) : PICK (rand, descriptions_sv);
  const char *used[3];
  guint n_used = (guint) g_rand_int_range (rand, 1, 4);
  g_autofree char *name = NULL;
  g_autofree char *lower = NULL;
  g_autofree char *description = NULL;
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  SbIntegration *integration;
  int status;

  for (guint i = 0; i < 3; i++)
    used[i] = PICK (rand, services);

  name = dup_name (rand, norwegian, purpose, used[0], used[1]);
  lower = g_utf8_strdown (purpose, -1);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  description = g_strdup_printf (format, lower, used[0], used[1]);
#pragma GCC diagnostic pop

  for (guint i = 0; i < n_used; i++)
    {
      gboolean seen = FALSE;

      for (guint j = 0; j < sorted->len; j++)
        seen |= g_str_equal (g_ptr_array_index (sorted, j), used[i]);
      if (!seen)
        g_ptr_array_add (sorted, (gpointer) used[i]);
    }
  g_ptr_array_sort (sorted, compare_strings);
  g_ptr_array_add (sorted, NULL);

  status = g_rand_int_range (rand, 0, 100);

  integration = sb_integration_new ();
  sb_integration_set_name (integration, name);
  sb_integration_set_description (integration, description);
  sb_integration_set_services (integration, (const char * const *) sorted->pdata);
  sb_integration_set_status (integration,
                             status < 60 ? SB_INTEGRATION_STATUS_LIVE :
                             status < 85 ? SB_INTEGRATION_STATUS_PAUSED :
                             SB_INTEGRATION_STATUS_DRAFT);
  return integration;
}

/* The store */

static const struct
{
  const char *connector_id;
  const char *name;
} accounts[] = {
  { "stripe", "Stripe medlemsavgifter" },
  { "fortnox", "Fortnox bokföring" },
  { "idrottonline", "IdrottOnline medlemsregister" },
  { "klarna", "Klarna webbshop" },
  { "shopify", "Klubbshoppen" },
  { "24sevenoffice", "24SevenOffice regnskap" },
  { "http", "Kommunens bokningssystem" },
};

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

static JsonNode *
new_trigger (GRand        *rand,
             const gint64 *account_ids)
{
  g_autofree char *text = NULL;

  switch (g_rand_int_range (rand, 0, 4))
    {
    case 0:
      text = g_strdup_printf ("{\"kind\": \"schedule\", \"daily_at\": \"%02d:%02d\"}",
                              g_rand_int_range (rand, 0, 24), 15 * g_rand_int_range (rand, 0, 4));
      break;
    case 1:
      text = g_strdup_printf ("{\"kind\": \"schedule\", \"every_minutes\": %d}",
                              5 * g_rand_int_range (rand, 1, 13));
      break;
    case 2:
      text = g_strdup_printf ("{\"kind\": \"webhook\", \"account\": %" G_GINT64_FORMAT ", "
                              "\"service\": \"Stripe\", \"event\": \"payment_intent.succeeded\"}",
                              account_ids[0]);
      break;
    default:
      text = g_strdup_printf ("{\"kind\": \"poll\", \"account\": %" G_GINT64_FORMAT ", "
                              "\"trigger\": \"new_members\", \"every_minutes\": 60}",
                              account_ids[2]);
      break;
    }

  return parse_json (text);
}

static JsonNode *
new_steps (GRand        *rand,
           const gint64 *used,
           guint         n_used)
{
  g_autoptr(GString) text = g_string_new ("[");

  for (guint i = 0; i < n_used; i++)
    {
      if (i > 0)
        g_string_append (text, ", ");
      g_string_append_printf (text,
                              "{\"id\": \"step%u\", \"kind\": \"action\", "
                              "\"account\": %" G_GINT64_FORMAT ", \"action\": \"%s\", "
                              "\"config\": {\"CustomerNumber\": "
                              "\"{{ trigger.data.object.metadata.customer_number }}\", "
                              "\"Amount\": \"{{ trigger.data.object.amount | divided_by: 100 }}\"}}",
                              i, used[i],
                              g_rand_boolean (rand) ? "create_invoice" : "create_customer");
    }
  g_string_append_c (text, ']');

  return parse_json (text->str);
}

gboolean
bench_write_store (const char  *data_dir,
                   guint        n_integrations,
                   GError     **error)
{
  g_autofree char *path = g_build_filename (data_dir, "samband.db", NULL);
  g_autoptr(SbStore) store = NULL;
  g_autoptr(SbOrganization) organization = sb_organization_new ();
  g_autoptr(SbMember) admin = sb_member_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261201);
  g_autoptr(JsonNode) settings = parse_json ("{\"retries\": 3, \"timeout_seconds\": 60, "
                                             "\"concurrency\": 1, \"notify_on_failure\": true}");
  gint64 account_ids[G_N_ELEMENTS (accounts)];
  gint64 organization_id;

  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   "Could not create %s", data_dir);
      return FALSE;
    }

  store = sb_store_open (path, error);
  if (store == NULL || !sb_store_begin (store, error))
    return FALSE;

  if (!sb_store_set_profile (store, "Karin Lindqvist", "karin@example.org", error))
    goto failed;

  sb_organization_set_name (organization, "Östersunds FK");
  sb_organization_set_kind (organization, SB_ORGANIZATION_KIND_CLUB);
  sb_organization_set_sport (organization, "Fotboll");
  if (!sb_store_insert_organization (store, organization, error))
    goto failed;
  organization_id = sb_organization_get_id (organization);

  sb_member_set_organization_id (admin, organization_id);
  sb_member_set_display_name (admin, "Karin Lindqvist");
  sb_member_set_email (admin, "karin@example.org");
  sb_member_set_kind (admin, SB_MEMBER_KIND_PERSON);
  sb_member_set_role (admin, SB_ROLE_ADMIN);
  sb_member_set_status (admin, SB_MEMBER_STATUS_ACTIVE);
  if (!sb_store_insert_member (store, admin, error))
    goto failed;

  for (guint i = 0; i < G_N_ELEMENTS (accounts); i++)
    {
      g_autoptr(SbAccount) account = sb_account_new ();

      sb_account_set_organization_id (account, organization_id);
      sb_account_set_connector_id (account, accounts[i].connector_id);
      sb_account_set_name (account, accounts[i].name);
      sb_account_set_status (account, SB_ACCOUNT_STATUS_CONNECTED);
      if (!sb_store_insert_account (store, account, error))
        goto failed;
      account_ids[i] = sb_account_get_id (account);
    }

  for (guint i = 0; i < n_integrations; i++)
    {
      g_autoptr(SbIntegration) integration = bench_integration_new (rand);
      g_autoptr(GDateTime) created_at = g_date_time_add_days (now, -g_rand_int_range (rand, 1,
                                                                                        900));
      g_autoptr(JsonNode) trigger = NULL;
      g_autoptr(JsonNode) steps = NULL;
      gint64 used[3];
      guint n_used = (guint) g_rand_int_range (rand, 1, 4);

      for (guint j = 0; j < n_used; j++)
        used[j] = account_ids[(i + j * 3) % G_N_ELEMENTS (accounts)];

      trigger = new_trigger (rand, account_ids);
      steps = new_steps (rand, used, n_used);
      sb_integration_set_organization_id (integration, organization_id);
      sb_integration_set_trigger (integration, trigger);
      sb_integration_set_steps (integration, steps);
      sb_integration_set_settings (integration, settings);
      sb_integration_set_purpose (integration, "Bokföring av medlemsavgifter");
      sb_integration_set_created_by (integration, sb_member_get_id (admin));
      sb_integration_set_created_at (integration, created_at);
      if (sb_integration_get_status (integration) != SB_INTEGRATION_STATUS_DRAFT)
        {
          sb_integration_set_activated_by (integration, sb_member_get_id (admin));
          sb_integration_set_activated_at (integration, created_at);
        }

      if (!sb_store_insert_integration (store, integration, error) ||
          !sb_store_set_integration_accounts (store, sb_integration_get_id (integration),
                                              used, n_used, error))
        goto failed;

      /* Most have run at least once; a draft never has. */
      if (sb_integration_get_status (integration) != SB_INTEGRATION_STATUS_DRAFT)
        {
          g_autoptr(SbRun) run = sb_run_new ();
          g_autoptr(GDateTime) started = g_date_time_add_minutes (now,
                                                                  -g_rand_int_range (rand, 1,
                                                                                     20000));
          g_autoptr(GDateTime) finished = g_date_time_add_seconds (started,
                                                                   g_rand_int_range (rand, 1,
                                                                                     90));
          gboolean failed = g_rand_int_range (rand, 0, 10) == 0;

          sb_run_set_integration_id (run, sb_integration_get_id (integration));
          sb_run_set_status (run, failed ? SB_RUN_STATUS_FAILED : SB_RUN_STATUS_SUCCEEDED);
          sb_run_set_started_at (run, started);
          sb_run_set_finished_at (run, finished);
          sb_run_set_items_read (run, (guint) g_rand_int_range (rand, 0, 200));
          sb_run_set_items_created (run, (guint) g_rand_int_range (rand, 0, 20));
          sb_run_set_items_updated (run, (guint) g_rand_int_range (rand, 0, 20));
          sb_run_set_items_failed (run, failed ? 1 : 0);
          if (failed)
            sb_run_set_error (run, "Fortnox refused the invoice: the customer number does not "
                                   "exist");
          if (!sb_store_insert_run (store, run, error))
            goto failed;
        }
    }

  return sb_store_commit (store, error);

failed:
  sb_store_rollback (store);
  return FALSE;
}

/* Measuring */

double
bench_now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

double
bench_rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;

  line = strstr (status, "\nVmRSS:");
  if (line == NULL)
    return -1;

  return g_ascii_strtod (line + strlen ("\nVmRSS:"), NULL) / 1024.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

double
bench_median (double *values,
              guint   n_values)
{
  g_return_val_if_fail (n_values > 0, 0);

  qsort (values, n_values, sizeof *values, compare_doubles);
  if (n_values % 2 == 1)
    return values[n_values / 2];
  return (values[n_values / 2 - 1] + values[n_values / 2]) / 2;
}

double
bench_max (const double *values,
           guint         n_values)
{
  double max = 0;

  for (guint i = 0; i < n_values; i++)
    max = MAX (max, values[i]);
  return max;
}

char *
bench_run_self (const char * const *arguments)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *output = NULL;
  int status;

  g_ptr_array_add (argv, g_file_read_link ("/proc/self/exe", &error));
  g_assert_no_error (error);
  for (guint i = 0; arguments[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (arguments[i]));
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     &output, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      g_warning ("%s %s: %s", (char *) argv->pdata[0], arguments[0], error->message);
      return NULL;
    }

  return g_steal_pointer (&output);
}

double
bench_parse_figure (const char *output,
                    const char *name)
{
  g_autofree char *start = g_strconcat (name, ": ", NULL);
  const char *line = output;

  while (line != NULL && *line != '\0')
    {
      if (g_str_has_prefix (line, start))
        return g_ascii_strtod (line + strlen (start), NULL);

      line = strchr (line, '\n');
      if (line != NULL)
        line++;
    }

  return -1;
}

void
bench_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        bench_remove_tree (child);
      else
        g_unlink (child);
    }

  g_rmdir (path);
}
