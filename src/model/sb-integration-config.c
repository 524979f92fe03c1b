/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sb-integration-config.h"
#include "sb-template.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

G_DEFINE_BOXED_TYPE (SbProblem, sb_problem, sb_problem_copy, sb_problem_free)

SbProblem *
sb_problem_new (const char *field,
                const char *message)
{
  SbProblem *problem = g_new0 (SbProblem, 1);

  problem->field = g_strdup (field);
  problem->message = g_strdup (message);
  return problem;
}

SbProblem *
sb_problem_copy (const SbProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);

  return sb_problem_new (problem->field, problem->message);
}

void
sb_problem_free (SbProblem *problem)
{
  if (problem == NULL)
    return;

  g_free (problem->field);
  g_free (problem->message);
  g_free (problem);
}

typedef struct
{
  GPtrArray  *problems;
  GHashTable *step_ids;   /* every step id seen, nested ones included */
} Check;

static void
add_problem (Check      *check,
             const char *field,
             const char *message)
{
  g_ptr_array_add (check->problems, sb_problem_new (field, message));
}

static char *
member_path (const char *prefix,
             const char *member)
{
  return g_strconcat (prefix, ".", member, NULL);
}

static char *
index_path (const char *prefix,
            guint       index)
{
  return g_strdup_printf ("%s[%u]", prefix, index);
}

static JsonNode *
get_member (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  /* A null is as good as absent: the editor writes one for a field left empty. */
  return node != NULL && !JSON_NODE_HOLDS_NULL (node) ? node : NULL;
}

static gboolean
holds_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
holds_int (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_INT64;
}

/* A text that is there and not only spaces. */
static const char *
get_text (JsonObject *object,
          const char *member)
{
  JsonNode *node = get_member (object, member);
  const char *text;

  if (!holds_string (node))
    return NULL;

  text = json_node_get_string (node);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return text;

  return NULL;
}

/* Every text holding “{{” anywhere under @node must parse. */
static void
check_templates (Check      *check,
                 JsonNode   *node,
                 const char *path)
{
  if (node == NULL)
    return;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init_ordered (&iter, json_node_get_object (node));
      while (json_object_iter_next_ordered (&iter, &name, &member))
        {
          g_autofree char *child = member_path (path, name);

          check_templates (check, member, child);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *child = index_path (path, i);

          check_templates (check, json_array_get_element (array, i), child);
        }
    }
  else if (holds_string (node) && strstr (json_node_get_string (node), "{{") != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SbTemplate) template = sb_template_parse (json_node_get_string (node), &error);

      /* The message names the column already. */
      if (template == NULL)
        add_problem (check, path, error->message);
    }
}

/* An account is an id: a whole number above 0. */
static gboolean
check_account (Check      *check,
               JsonObject *object,
               const char *prefix,
               gboolean    required,
               const char *missing)
{
  JsonNode *node = get_member (object, "account");
  g_autofree char *field = member_path (prefix, "account");

  if (node == NULL)
    {
      if (required)
        add_problem (check, field, missing);
      return !required;
    }

  if (!holds_int (node) || json_node_get_int (node) <= 0)
    {
      add_problem (check, field, missing);
      return FALSE;
    }

  return TRUE;
}

static void
check_minutes (Check      *check,
               JsonNode   *node,
               const char *field)
{
  gint64 minutes;

  if (!holds_int (node))
    {
      add_problem (check, field, _("The number of minutes must be a whole number."));
      return;
    }

  minutes = json_node_get_int (node);
  if (minutes < 1)
    {
      g_autofree char *message =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      /* Translators: %d is a number, 0 or less */
                                      "Every %d minute is not a schedule: choose at least 1 "
                                      "minute.",
                                      "Every %d minutes is not a schedule: choose at least 1 "
                                      "minute.",
                                      (gulong) ABS (minutes)),
                         (int) CLAMP (minutes, G_MININT, 0));

      add_problem (check, field, message);
    }
  else if (minutes > 7 * 24 * 60)
    {
      add_problem (check, field,
                   _("Runs at least once a week: choose at most 10080 minutes (7 days)."));
    }
}

static gboolean
is_time_of_day (const char *text)
{
  int hours, minutes;
  char rest;

  return strlen (text) == 5 && text[2] == ':' &&
         g_ascii_isdigit (text[0]) && g_ascii_isdigit (text[1]) &&
         g_ascii_isdigit (text[3]) && g_ascii_isdigit (text[4]) &&
         sscanf (text, "%2d:%2d%c", &hours, &minutes, &rest) == 2 &&
         hours >= 0 && hours <= 23 && minutes >= 0 && minutes <= 59;
}

static void
check_weekdays (Check    *check,
                JsonNode *node)
{
  static const char * const weekdays[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      add_problem (check, "trigger.weekdays",
                   _("Choose the weekdays from mon, tue, wed, thu, fri, sat and sun."));
      return;
    }

  array = json_node_get_array (node);
  if (json_array_get_length (array) == 0)
    {
      add_problem (check, "trigger.weekdays", _("Choose at least one weekday."));
      return;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      gboolean known = FALSE;

      for (guint j = 0; holds_string (element) && j < G_N_ELEMENTS (weekdays); j++)
        if (g_str_equal (json_node_get_string (element), weekdays[j]))
          known = TRUE;

      if (!known)
        {
          g_autofree char *field = index_path ("trigger.weekdays", i);
          g_autofree char *text = holds_string (element) ? g_strdup (json_node_get_string (element))
                                                         : json_to_string (element, FALSE);
          g_autofree char *message =
            /* Translators: %s is what was written; keep mon, tue, … as they are */
            g_strdup_printf (_("“%s” is not a weekday: use mon, tue, wed, thu, fri, sat or sun."),
                             text);

          add_problem (check, field, message);
        }
    }
}

static void
check_trigger (Check    *check,
               JsonNode *trigger)
{
  JsonObject *object;
  const char *kind;

  if (trigger == NULL || !JSON_NODE_HOLDS_OBJECT (trigger))
    {
      add_problem (check, "trigger", _("Choose what starts this integration."));
      return;
    }

  object = json_node_get_object (trigger);
  kind = get_text (object, "kind");
  if (kind == NULL)
    {
      add_problem (check, "trigger.kind", _("Choose what starts this integration."));
      return;
    }

  if (g_str_equal (kind, "manual"))
    {
      /* Nothing more to it. */
    }
  else if (g_str_equal (kind, "schedule"))
    {
      JsonNode *every = get_member (object, "every_minutes");
      JsonNode *at = get_member (object, "daily_at");
      JsonNode *weekdays = get_member (object, "weekdays");

      if (every == NULL && at == NULL)
        add_problem (check, "trigger",
                     _("Choose how often it runs: every so many minutes, or every day at a "
                       "time."));
      if (every != NULL)
        check_minutes (check, every, "trigger.every_minutes");
      if (every != NULL && at != NULL)
        add_problem (check, "trigger.daily_at",
                     _("Choose either every so many minutes or a time of day, not both."));
      else if (at != NULL && (!holds_string (at) || !is_time_of_day (json_node_get_string (at))))
        {
          g_autofree char *text = holds_string (at) ? g_strdup (json_node_get_string (at))
                                                    : json_to_string (at, FALSE);
          g_autofree char *message =
            /* Translators: %s is what was written; keep HH:MM as it is */
            g_strdup_printf (_("“%s” is not a time of day: write it as HH:MM, such as 02:00."),
                             text);

          add_problem (check, "trigger.daily_at", message);
        }
      if (weekdays != NULL)
        check_weekdays (check, weekdays);
    }
  else if (g_str_equal (kind, "poll"))
    {
      JsonNode *every = get_member (object, "every_minutes");

      check_account (check, object, "trigger", TRUE,
                     _("Choose the account to ask for new items."));
      if (get_text (object, "trigger") == NULL)
        add_problem (check, "trigger.trigger",
                     _("Choose what to ask the service for, such as new orders."));
      if (every != NULL)
        check_minutes (check, every, "trigger.every_minutes");
    }
  else if (g_str_equal (kind, "webhook"))
    {
      check_account (check, object, "trigger", FALSE,
                     _("Choose the account whose service sends the webhook."));
    }
  else
    {
      g_autofree char *message =
        /* Translators: %s is what was written; keep manual, schedule, … as they are */
        g_strdup_printf (_("“%s” is not a kind of trigger: use manual, schedule, poll or "
                           "webhook."),
                         kind);

      add_problem (check, "trigger.kind", message);
    }

  check_templates (check, trigger, "trigger");
}

/* A step id is used in templates as steps.<id>, so it must read as a name there. */
static gboolean
is_step_name (const char *id)
{
  gunichar c = g_utf8_get_char (id);

  if (c != '_' && !g_unichar_isalpha (c))
    return FALSE;

  for (const char *p = id; *p != '\0'; p = g_utf8_next_char (p))
    {
      c = g_utf8_get_char (p);
      if (c != '_' && c != '-' && !g_unichar_isalnum (c))
        return FALSE;
    }

  return TRUE;
}

static void check_steps (Check      *check,
                         JsonNode   *steps,
                         const char *prefix);

static void
check_http (Check      *check,
            JsonObject *object,
            const char *prefix)
{
  static const char * const methods[] = { "GET", "POST", "PUT", "PATCH", "DELETE" };
  const char *method = get_text (object, "method");
  const char *url = get_text (object, "url");
  JsonNode *headers = get_member (object, "headers");

  check_account (check, object, prefix, TRUE, _("Choose the account this step uses."));

  if (method == NULL)
    {
      g_autofree char *field = member_path (prefix, "method");

      add_problem (check, field,
                   _("Choose the HTTP method: GET, POST, PUT, PATCH or DELETE."));
    }
  else
    {
      gboolean known = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
        if (g_str_equal (method, methods[i]))
          known = TRUE;

      if (!known)
        {
          g_autofree char *field = member_path (prefix, "method");
          g_autofree char *message =
            /* Translators: %s is what was written */
            g_strdup_printf (_("“%s” is not an HTTP method: use GET, POST, PUT, PATCH or "
                               "DELETE."),
                             method);

          add_problem (check, field, message);
        }
    }

  if (url == NULL)
    {
      g_autofree char *field = member_path (prefix, "url");

      add_problem (check, field,
                   _("Write the address to call: a path such as /v1/refunds, or a whole "
                     "address starting with https://."));
    }
  else if (strstr (url, "{{") == NULL && url[0] != '/' &&
           !g_str_has_prefix (url, "https://") && !g_str_has_prefix (url, "http://"))
    {
      g_autofree char *field = member_path (prefix, "url");
      g_autofree char *message =
        /* Translators: %s is what was written */
        g_strdup_printf (_("“%s” is not an address: start a path at the account's address "
                           "with /, or write a whole address starting with https://."),
                         url);

      add_problem (check, field, message);
    }

  if (headers != NULL)
    {
      gboolean all_text = JSON_NODE_HOLDS_OBJECT (headers);

      if (all_text)
        {
          JsonObjectIter iter;
          const char *name;
          JsonNode *value;

          json_object_iter_init_ordered (&iter, json_node_get_object (headers));
          while (json_object_iter_next_ordered (&iter, &name, &value))
            if (!holds_string (value))
              all_text = FALSE;
        }

      if (!all_text)
        {
          g_autofree char *field = member_path (prefix, "headers");

          add_problem (check, field, _("Each header is a name with a text."));
        }
    }
}

static void
check_step (Check      *check,
            JsonNode   *node,
            const char *prefix)
{
  JsonObject *object;
  const char *id;
  const char *kind;
  g_autofree char *id_field = member_path (prefix, "id");
  g_autofree char *kind_field = member_path (prefix, "kind");

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      add_problem (check, prefix, _("This step is not valid: it needs at least an id and a kind."));
      return;
    }

  object = json_node_get_object (node);

  id = get_text (object, "id");
  if (id == NULL)
    {
      add_problem (check, id_field, _("Give this step a name, such as orders."));
    }
  else if (!is_step_name (id))
    {
      g_autofree char *message =
        /* Translators: %s is the name of a step */
        g_strdup_printf (_("“%s” cannot be used in templates: use letters, digits, - and _, "
                           "starting with a letter."),
                         id);

      add_problem (check, id_field, message);
    }
  else if (g_hash_table_contains (check->step_ids, id))
    {
      g_autofree char *message =
        /* Translators: %s is the name of a step */
        g_strdup_printf (_("Another step is already called “%s”: each step needs a name of "
                           "its own."),
                         id);

      add_problem (check, id_field, message);
    }
  else
    {
      g_hash_table_add (check->step_ids, g_strdup (id));
    }

  kind = get_text (object, "kind");
  if (kind == NULL)
    {
      add_problem (check, kind_field, _("Choose what this step does."));
    }
  else if (g_str_equal (kind, "http"))
    {
      check_http (check, object, prefix);
    }
  else if (g_str_equal (kind, "action"))
    {
      check_account (check, object, prefix, TRUE, _("Choose the account this step uses."));
      if (get_text (object, "action") == NULL)
        {
          g_autofree char *field = member_path (prefix, "action");

          add_problem (check, field, _("Choose the action this step performs."));
        }
    }
  else if (g_str_equal (kind, "map"))
    {
      if (get_member (object, "output") == NULL)
        {
          g_autofree char *field = member_path (prefix, "output");

          add_problem (check, field, _("Write what this step builds."));
        }
    }
  else if (g_str_equal (kind, "filter"))
    {
      if (get_text (object, "condition") == NULL)
        {
          g_autofree char *field = member_path (prefix, "condition");

          add_problem (check, field,
                       _("Write the condition the run must meet to go on, such as "
                         "{{ trigger.data.object.paid }}."));
        }
    }
  else if (g_str_equal (kind, "for_each"))
    {
      if (get_text (object, "items") == NULL)
        {
          g_autofree char *field = member_path (prefix, "items");

          add_problem (check, field,
                       _("Choose the list to go through, such as "
                         "{{ steps.orders.body.orders }}."));
        }
    }
  else
    {
      g_autofree char *message =
        /* Translators: %s is what was written; keep http, action, … as they are */
        g_strdup_printf (_("“%s” is not a kind of step: use http, action, map, filter or "
                           "for_each."),
                         kind);

      add_problem (check, kind_field, message);
    }

  /* The step's own texts, then its nested steps, which check their own. */
  {
    gboolean nests = g_strcmp0 (kind, "for_each") == 0;
    JsonNode *steps = get_member (object, "steps");
    JsonObjectIter iter;
    const char *name;
    JsonNode *member;

    json_object_iter_init_ordered (&iter, object);
    while (json_object_iter_next_ordered (&iter, &name, &member))
      {
        g_autofree char *field = member_path (prefix, name);

        if (!nests || !g_str_equal (name, "steps"))
          check_templates (check, member, field);
      }

    if (nests && steps != NULL)
      {
        g_autofree char *nested = member_path (prefix, "steps");

        check_steps (check, steps, nested);
      }
  }
}

static void
check_steps (Check      *check,
             JsonNode   *steps,
             const char *prefix)
{
  JsonArray *array;

  if (steps == NULL || JSON_NODE_HOLDS_NULL (steps))
    return;

  if (!JSON_NODE_HOLDS_ARRAY (steps))
    {
      add_problem (check, prefix, _("The steps must be a list."));
      return;
    }

  array = json_node_get_array (steps);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *field = index_path (prefix, i);

      check_step (check, json_array_get_element (array, i), field);
    }
}

static void
check_range (Check      *check,
             JsonObject *settings,
             const char *member,
             gint64      min,
             gint64      max,
             const char *message)
{
  JsonNode *node = get_member (settings, member);

  if (node != NULL && (!holds_int (node) || json_node_get_int (node) < min ||
                       json_node_get_int (node) > max))
    {
      g_autofree char *field = member_path ("settings", member);

      add_problem (check, field, message);
    }
}

static void
check_settings (Check    *check,
                JsonNode *settings)
{
  JsonObject *object;
  JsonNode *notify;

  if (settings == NULL || JSON_NODE_HOLDS_NULL (settings))
    return;

  if (!JSON_NODE_HOLDS_OBJECT (settings))
    {
      add_problem (check, "settings", _("The settings are not valid."));
      return;
    }

  object = json_node_get_object (settings);
  check_range (check, object, "retries", 0, 10,
               _("Retries must be a whole number from 0 to 10."));
  check_range (check, object, "timeout_seconds", 1, 3600,
               _("The time limit must be from 1 to 3600 seconds."));
  check_range (check, object, "concurrency", 1, 10,
               _("Runs at the same time must be from 1 to 10."));

  notify = get_member (object, "notify_on_failure");
  if (notify != NULL && (!JSON_NODE_HOLDS_VALUE (notify) ||
                         json_node_get_value_type (notify) != G_TYPE_BOOLEAN))
    add_problem (check, "settings.notify_on_failure",
                 _("Notifying on failure is either on or off."));

  check_templates (check, settings, "settings");
}

gboolean
sb_integration_config_validate (JsonNode   *trigger,
                                JsonNode   *steps,
                                JsonNode   *settings,
                                GPtrArray **problems)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) sb_problem_free);
  g_autoptr(GHashTable) step_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Check check = { found, step_ids };
  gboolean valid;

  check_trigger (&check, trigger);
  check_steps (&check, steps, "steps");
  check_settings (&check, settings);

  valid = found->len == 0;
  if (problems != NULL)
    *problems = g_steal_pointer (&found);
  return valid;
}

static void
collect (JsonNode *node,
         GArray   *ids)
{
  JsonObject *object;
  JsonNode *account;
  JsonNode *steps;

  if (node == NULL)
    return;

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        collect (json_array_get_element (array, i), ids);
      return;
    }

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return;

  object = json_node_get_object (node);
  account = json_object_get_member (object, "account");
  if (holds_int (account) && json_node_get_int (account) > 0)
    {
      gint64 id = json_node_get_int (account);

      g_array_append_val (ids, id);
    }

  steps = json_object_get_member (object, "steps");
  if (steps != NULL && JSON_NODE_HOLDS_ARRAY (steps))
    collect (steps, ids);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

GArray *
sb_integration_config_collect_accounts (JsonNode *trigger,
                                        JsonNode *steps)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint kept = 0;

  collect (trigger != NULL && JSON_NODE_HOLDS_OBJECT (trigger) ? trigger : NULL, ids);
  collect (steps, ids);

  g_array_sort (ids, compare_ids);
  for (guint i = 0; i < ids->len; i++)
    if (kept == 0 || g_array_index (ids, gint64, i) != g_array_index (ids, gint64, kept - 1))
      g_array_index (ids, gint64, kept++) = g_array_index (ids, gint64, i);
  g_array_set_size (ids, kept);

  return ids;
}
