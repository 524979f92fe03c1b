/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sb-template.h"

#include <stdio.h>
#include <glib/gi18n.h>

/* The parser works on the text as characters (UCS-4), so that a position is a column as a
 * person counts it, whatever the text's language. */

typedef enum
{
  FILTER_DEFAULT,
  FILTER_UPPER,
  FILTER_LOWER,
  FILTER_TRIM,
  FILTER_JSON,
  FILTER_NUMBER,
  FILTER_DATE,
  FILTER_JOIN,
} FilterKind;

typedef enum
{
  ARGUMENT_NONE,
  ARGUMENT_OPTIONAL,
  ARGUMENT_REQUIRED,
} ArgumentRule;

static const struct
{
  const char   *name;
  FilterKind    kind;
  ArgumentRule  argument;
} filters[] = {
  { "default", FILTER_DEFAULT, ARGUMENT_REQUIRED },
  { "upper", FILTER_UPPER, ARGUMENT_NONE },
  { "lower", FILTER_LOWER, ARGUMENT_NONE },
  { "trim", FILTER_TRIM, ARGUMENT_NONE },
  { "json", FILTER_JSON, ARGUMENT_NONE },
  { "number", FILTER_NUMBER, ARGUMENT_OPTIONAL },
  { "date", FILTER_DATE, ARGUMENT_OPTIONAL },
  { "join", FILTER_JOIN, ARGUMENT_OPTIONAL },
};

typedef struct
{
  char  *name;    /* a member; NULL for an index */
  guint  index;
} Segment;

typedef struct
{
  FilterKind  kind;
  JsonNode   *argument;   /* NULL when none */
  guint       column;
} Filter;

typedef struct
{
  char   *text;       /* literal text; NULL for an expression */
  GArray *segments;   /* Segment */
  GArray *filters;    /* Filter */
  guint   column;
} Part;

struct _SbTemplate
{
  gatomicrefcount  ref_count;
  GPtrArray       *parts;
};

G_DEFINE_BOXED_TYPE (SbTemplate, sb_template, sb_template_ref, sb_template_unref)

/* Errors {{{ */

typedef struct
{
  guint column;
} SbTemplateErrorPrivate;

/* The generated accessors can return NULL (on a programming error), hence the checks. */
static void
sb_template_error_private_init (SbTemplateErrorPrivate *priv)
{
  if (priv != NULL)
    priv->column = 0;
}

static void
sb_template_error_private_copy (const SbTemplateErrorPrivate *src,
                                SbTemplateErrorPrivate       *dest)
{
  if (src != NULL && dest != NULL)
    dest->column = src->column;
}

static void
sb_template_error_private_clear (SbTemplateErrorPrivate *priv)
{
}

G_DEFINE_EXTENDED_ERROR (SbTemplateError, sb_template_error)

guint
sb_template_error_get_column (const GError *error)
{
  SbTemplateErrorPrivate *priv;

  if (error == NULL || error->domain != SB_TEMPLATE_ERROR)
    return 0;

  priv = sb_template_error_get_private (error);
  return priv != NULL ? priv->column : 0;
}

static void
set_column (GError *error,
            guint   column)
{
  SbTemplateErrorPrivate *priv = sb_template_error_get_private (error);

  if (priv != NULL)
    priv->column = column;
}

/* @reason is a translated clause that says what is wrong. */
static void
set_error (GError     **error,
           int          code,
           guint        column,
           const char  *reason)
{
  GError *local_error;

  if (error == NULL)
    return;

  local_error = g_error_new (SB_TEMPLATE_ERROR, code,
                             /* Translators: %u is a column (counted in characters from
                              * the start of the text), %s says what is wrong there */
                             _("The template does not parse at column %u: %s"),
                             column, reason);
  set_column (local_error, column);
  g_propagate_error (error, local_error);
}

static void
set_render_error (GError     **error,
                  guint        column,
                  const char  *reason)
{
  GError *local_error;

  if (error == NULL)
    return;

  local_error = g_error_new (SB_TEMPLATE_ERROR, SB_TEMPLATE_ERROR_RENDER,
                             /* Translators: %u is a column, %s says what went wrong */
                             _("The template cannot be filled in at column %u: %s"),
                             column, reason);
  set_column (local_error, column);
  g_propagate_error (error, local_error);
}

/* }}} */

/* Memory {{{ */

static void
clear_segment (gpointer data)
{
  Segment *segment = data;

  g_free (segment->name);
}

static void
clear_filter (gpointer data)
{
  Filter *filter = data;

  g_clear_pointer (&filter->argument, json_node_unref);
}

static void
part_free (gpointer data)
{
  Part *part = data;

  g_free (part->text);
  g_clear_pointer (&part->segments, g_array_unref);
  g_clear_pointer (&part->filters, g_array_unref);
  g_free (part);
}

static Part *
part_new_expression (guint column)
{
  Part *part = g_new0 (Part, 1);

  part->column = column;
  part->segments = g_array_new (FALSE, TRUE, sizeof (Segment));
  g_array_set_clear_func (part->segments, clear_segment);
  part->filters = g_array_new (FALSE, TRUE, sizeof (Filter));
  g_array_set_clear_func (part->filters, clear_filter);
  return part;
}

SbTemplate *
sb_template_ref (SbTemplate *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
sb_template_unref (SbTemplate *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_ptr_array_unref (self->parts);
      g_free (self);
    }
}

/* }}} */

/* Parsing {{{ */

typedef struct
{
  const gunichar *chars;
  glong           n;
  glong           pos;
} Parser;

static gunichar
peek (Parser *p,
      glong   offset)
{
  glong at = p->pos + offset;

  return at < p->n ? p->chars[at] : 0;
}

static gboolean
at_close (Parser *p)
{
  return peek (p, 0) == '}' && peek (p, 1) == '}';
}

static guint
column_of (glong pos)
{
  return (guint) MIN (pos + 1, G_MAXUINT);
}

static void
skip_spaces (Parser *p)
{
  while (p->pos < p->n && g_unichar_isspace (p->chars[p->pos]))
    p->pos++;
}

static gboolean
is_name_start (gunichar c)
{
  return c == '_' || g_unichar_isalpha (c);
}

static gboolean
is_name_char (gunichar c)
{
  return c == '_' || c == '-' || g_unichar_isalnum (c);
}

static char *
dup_chars (Parser *p,
           glong   start,
           glong   end)
{
  return g_ucs4_to_utf8 (p->chars + start, end - start, NULL, NULL, NULL);
}

/* The character at the current position, for a message. */
static char *
dup_current (Parser *p)
{
  gunichar c = peek (p, 0);
  char buffer[8] = { 0 };

  if (c == 0)
    return g_strdup ("");

  g_unichar_to_utf8 (c, buffer);
  return g_strdup (buffer);
}

static char *
parse_name (Parser *p)
{
  glong start = p->pos;

  if (!is_name_start (peek (p, 0)))
    return NULL;

  while (p->pos < p->n && is_name_char (p->chars[p->pos]))
    p->pos++;

  return dup_chars (p, start, p->pos);
}

/* A text in quotes (" or '), with \", \', \\, \n and \t. */
static char *
parse_quoted (Parser  *p,
              GError **error)
{
  gunichar quote = peek (p, 0);
  glong start = p->pos;
  g_autoptr(GString) text = g_string_new (NULL);

  p->pos++;
  while (p->pos < p->n && p->chars[p->pos] != quote)
    {
      gunichar c = p->chars[p->pos];

      if (c == '\\' && p->pos + 1 < p->n)
        {
          gunichar next = p->chars[++p->pos];

          switch (next)
            {
            case 'n':
              c = '\n';
              break;
            case 't':
              c = '\t';
              break;
            default:
              c = next;
              break;
            }
        }

      g_string_append_unichar (text, c);
      p->pos++;
    }

  if (p->pos >= p->n)
    {
      set_error (error, SB_TEMPLATE_ERROR_UNCLOSED, column_of (start),
                 _("the text in quotes is not closed"));
      return NULL;
    }

  p->pos++;
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* A filter's argument: a text in quotes or a number. */
static JsonNode *
parse_literal (Parser  *p,
               GError **error)
{
  gunichar c = peek (p, 0);
  JsonNode *node;

  if (c == '"' || c == '\'')
    {
      g_autofree char *text = parse_quoted (p, error);

      if (text == NULL)
        return NULL;
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (node, text);
      return node;
    }

  if (g_ascii_isdigit (c) || (c == '-' && g_ascii_isdigit (peek (p, 1))))
    {
      glong start = p->pos;
      gboolean fraction = FALSE;
      g_autofree char *text = NULL;

      p->pos++;
      while (p->pos < p->n &&
             (g_ascii_isdigit (p->chars[p->pos]) ||
              (!fraction && p->chars[p->pos] == '.' && g_ascii_isdigit (peek (p, 1)))))
        {
          if (p->chars[p->pos] == '.')
            fraction = TRUE;
          p->pos++;
        }

      text = dup_chars (p, start, p->pos);
      node = json_node_new (JSON_NODE_VALUE);
      if (fraction)
        json_node_set_double (node, g_ascii_strtod (text, NULL));
      else
        json_node_set_int (node, g_ascii_strtoll (text, NULL, 10));
      return node;
    }

  set_error (error, SB_TEMPLATE_ERROR_BAD_ARGUMENT, column_of (p->pos),
             _("after “:” comes a text in quotes or a number"));
  return NULL;
}

static gboolean
parse_index (Parser  *p,
             Part    *part,
             GError **error)
{
  Segment segment = { NULL, 0 };
  glong open = p->pos;

  p->pos++;
  skip_spaces (p);

  if (peek (p, 0) == '"' || peek (p, 0) == '\'')
    {
      segment.name = parse_quoted (p, error);
      if (segment.name == NULL)
        return FALSE;
    }
  else if (g_ascii_isdigit (peek (p, 0)))
    {
      guint64 value = 0;

      while (g_ascii_isdigit (peek (p, 0)))
        {
          value = value * 10 + (peek (p, 0) - '0');
          if (value > G_MAXINT)
            {
              set_error (error, SB_TEMPLATE_ERROR_BAD_INDEX, column_of (open + 1),
                         _("the index is too large"));
              return FALSE;
            }
          p->pos++;
        }
      segment.index = (guint) value;
    }
  else
    {
      g_autofree char *what = NULL;
      g_autofree char *reason = NULL;
      glong start = p->pos;

      if (peek (p, 0) == ']')
        {
          set_error (error, SB_TEMPLATE_ERROR_BAD_INDEX, column_of (p->pos),
                     _("the brackets are empty: write an index from 0, such as [0]"));
          return FALSE;
        }

      while (p->pos < p->n && p->chars[p->pos] != ']' && !at_close (p))
        p->pos++;
      what = dup_chars (p, start, p->pos);
      /* Translators: %s is what was written between [ and ] */
      reason = g_strdup_printf (_("“%s” is not an index: write a whole number from 0, such as "
                                  "[0]"),
                                what);
      set_error (error, SB_TEMPLATE_ERROR_BAD_INDEX, column_of (start), reason);
      return FALSE;
    }

  skip_spaces (p);
  if (peek (p, 0) != ']')
    {
      set_error (error, SB_TEMPLATE_ERROR_BAD_INDEX, column_of (p->pos),
                 _("the index is not closed with “]”"));
      g_free (segment.name);
      return FALSE;
    }

  p->pos++;
  g_array_append_val (part->segments, segment);
  return TRUE;
}

static gboolean
parse_path (Parser  *p,
            Part    *part,
            GError **error)
{
  Segment segment = { NULL, 0 };

  segment.name = parse_name (p);
  if (segment.name == NULL)
    {
      g_autofree char *what = dup_current (p);
      g_autofree char *reason = NULL;

      if (peek (p, 0) == 0 || peek (p, 0) == '|' || at_close (p))
        {
          set_error (error, SB_TEMPLATE_ERROR_EMPTY_PATH, column_of (p->pos),
                     _("the path is empty: write what to insert, such as steps.orders.body"));
          return FALSE;
        }

      /* Translators: %s is a character */
      reason = g_strdup_printf (_("a path starts with a name, such as steps or trigger, not "
                                  "with “%s”"),
                                what);
      set_error (error, SB_TEMPLATE_ERROR_BAD_PATH, column_of (p->pos), reason);
      return FALSE;
    }
  g_array_append_val (part->segments, segment);

  for (;;)
    {
      gunichar c = peek (p, 0);

      if (c == '.')
        {
          Segment member = { NULL, 0 };

          p->pos++;
          member.name = parse_name (p);
          if (member.name == NULL)
            {
              set_error (error, SB_TEMPLATE_ERROR_BAD_PATH, column_of (p->pos),
                         _("a name must follow the dot"));
              return FALSE;
            }
          g_array_append_val (part->segments, member);
        }
      else if (c == '[')
        {
          if (!parse_index (p, part, error))
            return FALSE;
        }
      else
        {
          return TRUE;
        }
    }
}

static char *
dup_filter_names (void)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    {
      if (i > 0)
        g_string_append (names, ", ");
      g_string_append (names, filters[i].name);
    }

  return g_string_free (g_steal_pointer (&names), FALSE);
}

static gboolean
parse_filter (Parser  *p,
              Part    *part,
              GError **error)
{
  Filter filter = { 0, NULL, 0 };
  g_autofree char *name = NULL;
  glong start;
  int found = -1;

  /* At the “|”. */
  p->pos++;
  skip_spaces (p);
  start = p->pos;
  filter.column = column_of (start);

  name = parse_name (p);
  if (name == NULL)
    {
      set_error (error, SB_TEMPLATE_ERROR_SYNTAX, column_of (start),
                 _("the name of a filter must follow “|”"));
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    if (g_str_equal (name, filters[i].name))
      found = (int) i;

  if (found < 0)
    {
      g_autofree char *names = dup_filter_names ();
      g_autofree char *reason =
        /* Translators: the first %s is what was written, the second the list of filters */
        g_strdup_printf (_("there is no filter “%s”; the filters are %s"), name, names);

      set_error (error, SB_TEMPLATE_ERROR_UNKNOWN_FILTER, column_of (start), reason);
      return FALSE;
    }
  filter.kind = filters[found].kind;

  skip_spaces (p);
  if (peek (p, 0) == ':')
    {
      if (filters[found].argument == ARGUMENT_NONE)
        {
          g_autofree char *reason =
            /* Translators: %s is the name of a filter, such as upper */
            g_strdup_printf (_("the filter “%s” takes no value"), name);

          set_error (error, SB_TEMPLATE_ERROR_BAD_ARGUMENT, column_of (p->pos), reason);
          return FALSE;
        }

      p->pos++;
      skip_spaces (p);
      filter.argument = parse_literal (p, error);
      if (filter.argument == NULL)
        return FALSE;
      skip_spaces (p);
    }
  else if (filters[found].argument == ARGUMENT_REQUIRED)
    {
      g_autofree char *reason =
        /* Translators: %s is the name of a filter; keep default: "none" as it is */
        g_strdup_printf (_("the filter “%s” needs a value, such as default: \"none\""), name);

      set_error (error, SB_TEMPLATE_ERROR_BAD_ARGUMENT, column_of (p->pos), reason);
      return FALSE;
    }

  g_array_append_val (part->filters, filter);
  return TRUE;
}

/* From just after “{{” to just after “}}”. */
static Part *
parse_expression (Parser  *p,
                  glong    open,
                  GError **error)
{
  g_autoptr(GPtrArray) holder = g_ptr_array_new_with_free_func (part_free);
  Part *part = part_new_expression (column_of (open));

  g_ptr_array_add (holder, part);

  skip_spaces (p);
  if (!parse_path (p, part, error))
    return NULL;

  skip_spaces (p);
  while (peek (p, 0) == '|')
    {
      if (!parse_filter (p, part, error))
        return NULL;
      skip_spaces (p);
    }

  /* The place to show is the “{{” that lacks its partner, not the end of the text. */
  if (p->pos >= p->n || (peek (p, 0) == '}' && p->pos + 1 == p->n))
    {
      set_error (error, SB_TEMPLATE_ERROR_UNCLOSED, column_of (open),
                 _("this “{{” is not closed with “}}”"));
      return NULL;
    }

  if (!at_close (p))
    {
      g_autofree char *what = dup_current (p);
      g_autofree char *reason =
        /* Translators: %s is a character; keep the example as it is */
        g_strdup_printf (_("“%s” is not expected here; a template is a path and filters, such "
                           "as {{ steps.orders.body | json }}"),
                         what);

      set_error (error, SB_TEMPLATE_ERROR_SYNTAX, column_of (p->pos), reason);
      return NULL;
    }

  p->pos += 2;
  return g_ptr_array_steal_index (holder, 0);
}

static void
add_text (GPtrArray *parts,
          Parser    *p,
          glong      start,
          glong      end)
{
  Part *part;

  if (end <= start)
    return;

  part = g_new0 (Part, 1);
  part->text = dup_chars (p, start, end);
  part->column = column_of (start);
  g_ptr_array_add (parts, part);
}

SbTemplate *
sb_template_parse (const char  *text,
                   GError     **error)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (part_free);
  g_autofree gunichar *chars = NULL;
  Parser p = { NULL, 0, 0 };
  glong literal = 0;
  SbTemplate *self;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_utf8_validate (text, -1, NULL))
    {
      set_error (error, SB_TEMPLATE_ERROR_SYNTAX, 1, _("the text is not valid UTF-8"));
      return NULL;
    }

  chars = g_utf8_to_ucs4_fast (text, -1, &p.n);
  p.chars = chars;

  while (p.pos < p.n)
    {
      if (peek (&p, 0) == '{' && peek (&p, 1) == '{')
        {
          glong open = p.pos;
          Part *part;

          add_text (parts, &p, literal, open);
          p.pos += 2;
          part = parse_expression (&p, open, error);
          if (part == NULL)
            return NULL;
          g_ptr_array_add (parts, part);
          literal = p.pos;
        }
      else
        {
          /* A “}}” on its own is text: JSON in a body ends in braces. */
          p.pos++;
        }
    }
  add_text (parts, &p, literal, p.n);

  self = g_new0 (SbTemplate, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->parts = g_steal_pointer (&parts);
  return self;
}

gboolean
sb_template_is_literal (SbTemplate *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  for (guint i = 0; i < self->parts->len; i++)
    if (((Part *) g_ptr_array_index (self->parts, i))->text == NULL)
      return FALSE;

  return TRUE;
}

/* }}} */

/* Rendering {{{ */

static JsonNode *
new_string_node (const char *text)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, text);
  return node;
}

static gboolean
is_empty (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
         *json_node_get_string (node) == '\0';
}

static char *
format_double (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.15g", value));
}

/* The value as text: strings as they are, numbers and booleans as JSON writes them, objects
 * and lists as JSON, nothing for null or a missing value. */
static char *
dup_text (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("");

  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_STRING)
        return g_strdup (json_node_get_string (node));
      if (type == G_TYPE_INT64)
        return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      if (type == G_TYPE_DOUBLE)
        return format_double (json_node_get_double (node));
      if (type == G_TYPE_BOOLEAN)
        return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    }

  return json_to_string (node, FALSE);
}

static JsonNode *
lookup (JsonNode *context,
        Part     *part)
{
  JsonNode *node = context;

  for (guint i = 0; node != NULL && i < part->segments->len; i++)
    {
      Segment *segment = &g_array_index (part->segments, Segment, i);

      if (segment->name != NULL)
        node = JSON_NODE_HOLDS_OBJECT (node)
               ? json_object_get_member (json_node_get_object (node), segment->name)
               : NULL;
      else
        node = JSON_NODE_HOLDS_ARRAY (node) &&
               segment->index < json_array_get_length (json_node_get_array (node))
               ? json_array_get_element (json_node_get_array (node), segment->index)
               : NULL;
    }

  return node != NULL ? json_node_copy (node) : NULL;
}

static gboolean
get_number (JsonNode *node,
            double   *value)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      *value = (double) json_node_get_int (node);
      return TRUE;
    case G_TYPE_DOUBLE:
      *value = json_node_get_double (node);
      return TRUE;
    case G_TYPE_STRING:
      {
        g_autofree char *text = g_strstrip (g_strdup (json_node_get_string (node)));
        char *end = NULL;

        if (*text == '\0')
          return FALSE;
        *value = g_ascii_strtod (text, &end);
        return end != NULL && *end == '\0';
      }
    default:
      return FALSE;
    }
}

static GDateTime *
get_date (JsonNode *node)
{
  double seconds;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);
      g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
      GDateTime *datetime = g_date_time_new_from_iso8601 (text, utc);
      int year, month, day;
      char rest;

      if (datetime != NULL)
        return datetime;

      /* A date alone, as services write a day. */
      if (sscanf (text, "%4d-%2d-%2d%c", &year, &month, &day, &rest) == 3)
        return g_date_time_new_utc (year, month, day, 0, 0, 0);
      return NULL;
    }

  if (get_number (node, &seconds))
    return g_date_time_new_from_unix_utc ((gint64) seconds);

  return NULL;
}

/* Applies @filter to @value (owned, NULL when missing); returns the new value. */
static JsonNode *
apply_filter (Filter    *filter,
              JsonNode  *value,
              GError   **error)
{
  g_autoptr(JsonNode) input = value;

  switch (filter->kind)
    {
    case FILTER_DEFAULT:
      if (is_empty (input))
        return json_node_copy (filter->argument);
      return g_steal_pointer (&input);

    case FILTER_UPPER:
    case FILTER_LOWER:
    case FILTER_TRIM:
      {
        g_autofree char *text = NULL;
        g_autofree char *changed = NULL;

        if (input == NULL)
          return NULL;
        text = dup_text (input);
        if (filter->kind == FILTER_UPPER)
          changed = g_utf8_strup (text, -1);
        else if (filter->kind == FILTER_LOWER)
          changed = g_utf8_strdown (text, -1);
        else
          changed = g_strstrip (g_strdup (text));
        return new_string_node (changed);
      }

    case FILTER_JSON:
      {
        g_autofree char *text = input != NULL ? json_to_string (input, FALSE) : g_strdup ("null");

        return new_string_node (text);
      }

    case FILTER_NUMBER:
      {
        double number;
        JsonNode *node;

        if (!get_number (input, &number))
          {
            g_autofree char *text = dup_text (input);
            g_autofree char *reason =
              /* Translators: %s is a value from a run, such as “abc” */
              g_strdup_printf (_("“%s” is not a number"), text);

            set_render_error (error, filter->column, reason);
            return NULL;
          }

        if (filter->argument != NULL)
          {
            double decimals;
            char format[16];
            char buffer[G_ASCII_DTOSTR_BUF_SIZE + 32];

            if (!get_number (filter->argument, &decimals))
              decimals = 0;
            g_snprintf (format, sizeof format, "%%.%df", (int) CLAMP (decimals, 0, 10));
            return new_string_node (g_ascii_formatd (buffer, sizeof buffer, format, number));
          }

        node = json_node_new (JSON_NODE_VALUE);
        if (ABS (number) < 1e15 && number == (double) (gint64) number)
          json_node_set_int (node, (gint64) number);
        else
          json_node_set_double (node, number);
        return node;
      }

    case FILTER_DATE:
      {
        g_autoptr(GDateTime) datetime = NULL;
        g_autofree char *formatted = NULL;
        const char *format = "%Y-%m-%d";

        if (input == NULL)
          return NULL;

        datetime = get_date (input);
        if (datetime == NULL)
          {
            g_autofree char *text = dup_text (input);
            g_autofree char *reason =
              /* Translators: %s is a value from a run */
              g_strdup_printf (_("“%s” is not a date or a time"), text);

            set_render_error (error, filter->column, reason);
            return NULL;
          }

        if (filter->argument != NULL && JSON_NODE_HOLDS_VALUE (filter->argument) &&
            json_node_get_value_type (filter->argument) == G_TYPE_STRING)
          format = json_node_get_string (filter->argument);

        formatted = g_date_time_format (datetime, format);
        if (formatted == NULL)
          {
            set_render_error (error, filter->column, _("the date format is not valid"));
            return NULL;
          }
        return new_string_node (formatted);
      }

    case FILTER_JOIN:
      {
        g_autofree char *separator = filter->argument != NULL ? dup_text (filter->argument)
                                                              : g_strdup (", ");
        g_autoptr(GString) text = g_string_new (NULL);
        JsonArray *array;

        if (input == NULL || !JSON_NODE_HOLDS_ARRAY (input))
          return g_steal_pointer (&input);

        array = json_node_get_array (input);
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            g_autofree char *item = dup_text (json_array_get_element (array, i));

            if (i > 0)
              g_string_append (text, separator);
            g_string_append (text, item);
          }
        return new_string_node (text->str);
      }

    default:
      g_assert_not_reached ();
    }
}

/* The value of one expression; NULL with @error set when a filter failed, a JSON null when
 * the path leads nowhere. */
static JsonNode *
evaluate (Part      *part,
          JsonNode  *context,
          GError   **error)
{
  JsonNode *value = lookup (context, part);

  for (guint i = 0; i < part->filters->len; i++)
    {
      GError *local_error = NULL;

      value = apply_filter (&g_array_index (part->filters, Filter, i), value, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
    }

  return value != NULL ? value : json_node_new (JSON_NODE_NULL);
}

char *
sb_template_render (SbTemplate  *self,
                    JsonNode    *context,
                    GError     **error)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (guint i = 0; i < self->parts->len; i++)
    {
      Part *part = g_ptr_array_index (self->parts, i);
      g_autoptr(JsonNode) value = NULL;
      g_autofree char *piece = NULL;

      if (part->text != NULL)
        {
          g_string_append (text, part->text);
          continue;
        }

      value = evaluate (part, context, error);
      if (value == NULL)
        return NULL;
      piece = dup_text (value);
      g_string_append (text, piece);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

JsonNode *
sb_template_render_value (SbTemplate  *self,
                          JsonNode    *context,
                          GError     **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (self->parts->len == 1 && ((Part *) g_ptr_array_index (self->parts, 0))->text == NULL)
    return evaluate (g_ptr_array_index (self->parts, 0), context, error);

  text = sb_template_render (self, context, error);
  return text != NULL ? new_string_node (text) : NULL;
}

/* }}} */
