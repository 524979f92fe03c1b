/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "engine/sb-schedule.h"

/* When a schedule is due, in Stockholm's time, across a daylight saving change: the table
 * gives the trigger, the last slot it ran for, now, and what must come out. */
typedef struct
{
  const char *trigger;
  const char *last;      /* NULL: never ran; then "since" is the start */
  const char *since;
  const char *now;
  gboolean    due;
  const char *slot;      /* the slot it runs for, when due */
  guint       missed;
  const char *next;
} Case;

static const Case cases[] = {
  /* Every 15 minutes, on time. */
  { "{\"kind\": \"schedule\", \"every_minutes\": 15}", "2026-12-01T10:00:00+01:00", NULL,
    "2026-12-01T10:15:30+01:00", TRUE, "2026-12-01T10:15:00+01:00", 1,
    "2026-12-01T10:30:00+01:00" },
  /* Not yet. */
  { "{\"kind\": \"schedule\", \"every_minutes\": 15}", "2026-12-01T10:00:00+01:00", NULL,
    "2026-12-01T10:14:59+01:00", FALSE, NULL, 0, "2026-12-01T10:15:00+01:00" },
  /* Asleep for five hours: one run for the latest slot, standing for twenty. */
  { "{\"kind\": \"schedule\", \"every_minutes\": 15}", "2026-12-01T10:00:00+01:00", NULL,
    "2026-12-01T15:07:00+01:00", TRUE, "2026-12-01T15:00:00+01:00", 20,
    "2026-12-01T15:15:00+01:00" },
  /* Daily at 02:00: ran last night; tonight's is not due at noon. */
  { "{\"kind\": \"schedule\", \"daily_at\": \"02:00\"}", "2026-12-01T02:00:00+01:00", NULL,
    "2026-12-01T12:00:00+01:00", FALSE, NULL, 0, "2026-12-02T02:00:00+01:00" },
  /* Closed for three nights: one catch-up for the last of them. */
  { "{\"kind\": \"schedule\", \"daily_at\": \"02:00\"}", "2026-11-28T02:00:00+01:00", NULL,
    "2026-12-01T09:30:00+01:00", TRUE, "2026-12-01T02:00:00+01:00", 3,
    "2026-12-02T02:00:00+01:00" },
  /* Never ran: the start is when it became live. */
  { "{\"kind\": \"schedule\", \"daily_at\": \"02:00\"}", NULL, "2026-11-30T20:00:00+01:00",
    "2026-12-01T02:00:10+01:00", TRUE, "2026-12-01T02:00:00+01:00", 1,
    "2026-12-02T02:00:00+01:00" },
  /* Became live after tonight's slot: nothing until tomorrow. */
  { "{\"kind\": \"schedule\", \"daily_at\": \"02:00\"}", NULL, "2026-12-01T03:00:00+01:00",
    "2026-12-01T09:00:00+01:00", FALSE, NULL, 0, "2026-12-02T02:00:00+01:00" },
  /* Mondays at 07:00 (2026-11-30 is a Monday), looked at on Thursday: Monday's is done. */
  { "{\"kind\": \"schedule\", \"daily_at\": \"07:00\", \"weekdays\": [\"mon\"]}",
    "2026-11-30T07:00:00+01:00", NULL, "2026-12-03T12:00:00+01:00", FALSE, NULL, 0,
    "2026-12-07T07:00:00+01:00" },
  /* Weekdays only, away over a long weekend: Friday's and Monday's, one run for Monday. */
  { "{\"kind\": \"schedule\", \"daily_at\": \"06:00\", \"weekdays\": [\"mon\", \"tue\", "
    "\"wed\", \"thu\", \"fri\"]}",
    "2026-11-26T06:00:00+01:00", NULL, "2026-11-30T08:00:00+01:00", TRUE,
    "2026-11-30T06:00:00+01:00", 2, "2026-12-01T06:00:00+01:00" },
  /* Local time across the change to summer time (2026-03-29, 02:00 → 03:00): 06:00 is
   * 06:00 local on both days, 23 hours apart. */
  { "{\"kind\": \"schedule\", \"daily_at\": \"06:00\"}", "2026-03-28T06:00:00+01:00", NULL,
    "2026-03-29T06:00:00+02:00", TRUE, "2026-03-29T06:00:00+02:00", 1,
    "2026-03-30T06:00:00+02:00" },
  /* A time that is not one: never due. */
  { "{\"kind\": \"schedule\", \"daily_at\": \"25:00\"}", NULL, "2026-12-01T00:00:00+01:00",
    "2026-12-02T00:00:00+01:00", FALSE, NULL, 0, NULL },
  /* Neither interval nor time: never due. */
  { "{\"kind\": \"schedule\"}", NULL, "2026-12-01T00:00:00+01:00", "2026-12-02T00:00:00+01:00",
    FALSE, NULL, 0, NULL },
};

static GDateTime *
parse_time (const char *text)
{
  GDateTime *time;

  if (text == NULL)
    return NULL;
  time = g_date_time_new_from_iso8601 (text, NULL);
  g_assert_nonnull (time);
  return time;
}

static void
assert_same_time (GDateTime  *actual,
                  const char *expected)
{
  g_autoptr(GDateTime) want = parse_time (expected);

  if (expected == NULL)
    {
      g_assert_null (actual);
      return;
    }
  g_assert_nonnull (actual);
  if (!g_date_time_equal (actual, want))
    {
      g_autofree char *text = g_date_time_format_iso8601 (actual);

      g_error ("Expected %s, got %s", expected, text);
    }
}

static void
test_table (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Stockholm");

  g_assert_nonnull (tz);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      g_autoptr(JsonNode) node = json_from_string (c->trigger, NULL);
      g_autoptr(GDateTime) last = parse_time (c->last);
      g_autoptr(GDateTime) since = parse_time (c->since);
      g_autoptr(GDateTime) now = parse_time (c->now);
      g_autoptr(GDateTime) slot = NULL;
      g_autoptr(GDateTime) next = NULL;
      guint missed = 99;
      gboolean due;

      g_test_message ("case %u: %s", i, c->trigger);
      due = sb_schedule_due (json_node_get_object (node), last, since, now, tz, &slot, &missed,
                             &next);
      g_assert_cmpint (due, ==, c->due);
      assert_same_time (slot, c->slot);
      g_assert_cmpuint (missed, ==, c->missed);
      assert_same_time (next, c->next);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/schedule/table", test_table);
  return g_test_run ();
}
