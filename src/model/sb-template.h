/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define SB_TEMPLATE_ERROR (sb_template_error_quark ())

typedef enum
{
  /* A “{{” without its “}}”, or text in quotes without its closing quote. */
  SB_TEMPLATE_ERROR_UNCLOSED,
  /* Nothing to insert: “{{ }}”, or filters without a path (“{{ | upper }}”). */
  SB_TEMPLATE_ERROR_EMPTY_PATH,
  /* A path that does not read as names joined by dots and indexes. */
  SB_TEMPLATE_ERROR_BAD_PATH,
  /* An index that is not a whole number from 0, or not closed with “]”. */
  SB_TEMPLATE_ERROR_BAD_INDEX,
  SB_TEMPLATE_ERROR_UNKNOWN_FILTER,
  /* A filter given an argument it does not take, or missing one it needs. */
  SB_TEMPLATE_ERROR_BAD_ARGUMENT,
  /* Anything else that is not part of a template. */
  SB_TEMPLATE_ERROR_SYNTAX,
  /* The template parsed, but a filter cannot handle the value it got (“abc” | number). */
  SB_TEMPLATE_ERROR_RENDER,
} SbTemplateError;

GQuark sb_template_error_quark (void);
/* The column (1-based, in characters from the start of the text) of an SB_TEMPLATE_ERROR;
 * 0 for other errors. */
guint  sb_template_error_get_column (const GError *error);

#define SB_TYPE_TEMPLATE (sb_template_get_type ())

/* A parsed template: literal text with expressions between “{{” and “}}”, each a path into
 * the run's context with optional filters:
 *
 *   {{ steps.orders.body.orders[0].id | default: "none" }}
 *
 * A path is names joined by dots, with indexes in brackets ([0], or ["a name"] for a member
 * whose name is not a plain word). Filters come from a fixed set, each with at most one
 * argument, a text in quotes or a number:
 *
 *   default: V   V when the value is missing, null or empty
 *   upper, lower, trim
 *   json         the value as JSON text
 *   number       the value as a number; number: 2 as text with two decimals
 *   date         an ISO 8601 time (or seconds since 1970) as 2024-05-01; date: "%d.%m.%Y"
 *   join         the items of a list joined by ", "; join: " / "
 *
 * Templates are data, never code: there is nothing else to them. */
typedef struct _SbTemplate SbTemplate;

GType       sb_template_get_type      (void) G_GNUC_CONST;

/* Errors are SB_TEMPLATE_ERROR, with a translated message that says what is wrong and at
 * which column. */
SbTemplate *sb_template_parse         (const char  *text,
                                       GError     **error);
SbTemplate *sb_template_ref           (SbTemplate  *self);
void        sb_template_unref         (SbTemplate  *self);
/* TRUE when the text has no expression at all. */
gboolean    sb_template_is_literal    (SbTemplate  *self);

/* Renders against @context (an object such as {"trigger": ..., "steps": {...}}). A path that
 * leads nowhere renders as nothing. Newly allocated. */
char       *sb_template_render        (SbTemplate  *self,
                                       JsonNode    *context,
                                       GError     **error);
/* Like sb_template_render, but a template that is one expression and nothing else gives the
 * JSON value itself (a list for a for_each step's items, say); null when it leads nowhere. */
JsonNode   *sb_template_render_value  (SbTemplate  *self,
                                       JsonNode    *context,
                                       GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbTemplate, sb_template_unref)

G_END_DECLS
