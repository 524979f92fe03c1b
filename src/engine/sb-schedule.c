/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>

#include "sb-schedule.h"

#include "model/sb-json.h"

/* A year of daily slots is the most a catch-up counts; beyond that it says "many". */
#define MAX_COUNTED_SLOTS 400

static const char * const weekday_names[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

/* Bit i set: weekday i + 1 (GLib: 1 is Monday) is allowed. */
static guint
read_weekdays (JsonObject *trigger)
{
  JsonNode *node = json_object_get_member (trigger, "weekdays");
  JsonArray *array;
  guint mask = 0;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return 0x7f;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) ||
          json_node_get_value_type (element) != G_TYPE_STRING)
        continue;
      for (guint day = 0; day < G_N_ELEMENTS (weekday_names); day++)
        if (g_str_equal (json_node_get_string (element), weekday_names[day]))
          mask |= 1u << day;
    }

  return mask != 0 ? mask : 0x7f;
}

/* The slot of the day @date (local, any time of it) at @hours:@minutes, or NULL when the
 * time does not exist that day (a daylight saving gap: then the first instant after it). */
static GDateTime *
slot_of_day (GDateTime *date,
             GTimeZone *tz,
             int        hours,
             int        minutes)
{
  return g_date_time_new (tz, g_date_time_get_year (date), g_date_time_get_month (date),
                          g_date_time_get_day_of_month (date), hours, minutes, 0);
}

static gboolean
is_allowed (GDateTime *slot,
            guint      weekdays)
{
  return (weekdays & (1u << (g_date_time_get_day_of_week (slot) - 1))) != 0;
}

/* The latest allowed daily slot at or before @t, or NULL in the year before it. */
static GDateTime *
daily_at_or_before (GDateTime *t,
                    GTimeZone *tz,
                    int        hours,
                    int        minutes,
                    guint      weekdays)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (t, tz);

  for (int back = 0; back < 8; back++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (local, -back);
      g_autoptr(GDateTime) slot = slot_of_day (day, tz, hours, minutes);

      if (slot != NULL && g_date_time_compare (slot, t) <= 0 && is_allowed (slot, weekdays))
        return g_steal_pointer (&slot);
    }
  return NULL;
}

/* The first allowed daily slot strictly after @t. */
static GDateTime *
daily_after (GDateTime *t,
             GTimeZone *tz,
             int        hours,
             int        minutes,
             guint      weekdays)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (t, tz);

  for (int ahead = 0; ahead < 9; ahead++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (local, ahead);
      g_autoptr(GDateTime) slot = slot_of_day (day, tz, hours, minutes);

      if (slot != NULL && g_date_time_compare (slot, t) > 0 && is_allowed (slot, weekdays))
        return g_steal_pointer (&slot);
    }
  return NULL;
}

gboolean
sb_schedule_due (JsonObject  *trigger,
                 GDateTime   *last,
                 GDateTime   *since,
                 GDateTime   *now,
                 GTimeZone   *tz,
                 GDateTime  **slot,
                 guint       *missed,
                 GDateTime  **next)
{
  GDateTime *start = last != NULL ? last : since;
  g_autoptr(GDateTime) latest = NULL;
  g_autoptr(GDateTime) upcoming = NULL;
  guint count = 0;
  gint64 every;
  const char *at;

  g_return_val_if_fail (trigger != NULL, FALSE);
  g_return_val_if_fail (now != NULL && tz != NULL, FALSE);

  if (slot != NULL)
    *slot = NULL;
  if (missed != NULL)
    *missed = 0;
  if (next != NULL)
    *next = NULL;
  if (start == NULL)
    start = now;

  every = sb_json_get_int (trigger, "every_minutes", 0);
  at = sb_json_get_string (trigger, "daily_at");

  if (every > 0)
    {
      /* Slots at start + k × N minutes: the interval counts from when it last ran. */
      GTimeSpan span = every * G_TIME_SPAN_MINUTE;
      GTimeSpan elapsed = g_date_time_difference (now, start);
      gint64 k = elapsed >= 0 ? elapsed / span : -1;

      if (k >= 1)
        {
          latest = g_date_time_add (start, k * span);
          count = (guint) MIN (k, MAX_COUNTED_SLOTS);
        }
      upcoming = g_date_time_add (start, (MAX (k, 0) + 1) * span);
    }
  else if (at != NULL)
    {
      int hours = 0, minutes = 0;
      guint weekdays = read_weekdays (trigger);

      if (sscanf (at, "%2d:%2d", &hours, &minutes) != 2 || hours < 0 || hours > 23 ||
          minutes < 0 || minutes > 59)
        return FALSE;

      latest = daily_at_or_before (now, tz, hours, minutes, weekdays);
      if (latest != NULL && g_date_time_compare (latest, start) <= 0)
        g_clear_pointer (&latest, g_date_time_unref);

      /* Count the slots between the start and now, to say how many a catch-up stands for. */
      if (latest != NULL)
        {
          g_autoptr(GDateTime) cursor = daily_after (start, tz, hours, minutes, weekdays);

          while (cursor != NULL && g_date_time_compare (cursor, now) <= 0 &&
                 count < MAX_COUNTED_SLOTS)
            {
              GDateTime *following = daily_after (cursor, tz, hours, minutes, weekdays);

              count++;
              g_date_time_unref (cursor);
              cursor = following;
            }
          count = MAX (count, 1);
        }
      upcoming = daily_after (now, tz, hours, minutes, weekdays);
    }
  else
    return FALSE;

  if (next != NULL)
    *next = g_steal_pointer (&upcoming);
  if (latest == NULL)
    return FALSE;

  if (missed != NULL)
    *missed = count;
  if (slot != NULL)
    *slot = g_steal_pointer (&latest);
  return TRUE;
}
