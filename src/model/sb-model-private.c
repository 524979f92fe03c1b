/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sb-model-private.h"

gboolean
sb_set_string (char       **field,
               const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

gboolean
sb_set_datetime (GDateTime **field,
                 GDateTime  *value)
{
  if (*field == value)
    return FALSE;
  if (*field != NULL && value != NULL && g_date_time_equal (*field, value))
    return FALSE;

  g_clear_pointer (field, g_date_time_unref);
  if (value != NULL)
    *field = g_date_time_ref (value);
  return TRUE;
}

gboolean
sb_set_json (JsonNode **field,
             JsonNode  *value)
{
  if (*field == value)
    return FALSE;
  if (*field != NULL && value != NULL && json_node_equal (*field, value))
    return FALSE;

  g_clear_pointer (field, json_node_unref);
  if (value != NULL)
    *field = json_node_copy (value);
  return TRUE;
}
