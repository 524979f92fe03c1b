/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sb-search.h"

#include <string.h>

/* The letters that Unicode does not decompose into a base letter and a mark, written the way
 * someone types them without the key for the letter: a Swede searching a Norwegian register
 * types “o” for “ø”. Only lower case: the text is case folded first. */
static const char *
get_base_letters (gunichar c)
{
  switch (c)
    {
    case 0x00E6: return "ae";   /* æ */
    case 0x00F8: return "o";    /* ø */
    case 0x0153: return "oe";   /* œ */
    case 0x00F0: return "d";    /* ð */
    case 0x0111: return "d";    /* đ */
    case 0x0142: return "l";    /* ł */
    case 0x00FE: return "th";   /* þ */
    case 0x0131: return "i";    /* ı */
    default: return NULL;
    }
}

/* Most names are plain ASCII: lower case and white space are all there is to fold. */
static char *
fold_ascii (const char *text,
            gsize       length)
{
  char *folded = g_malloc (length + 1);
  gboolean pending_space = FALSE;
  gsize n = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (g_ascii_isspace (c))
        {
          pending_space = n > 0;
          continue;
        }

      if (pending_space)
        {
          folded[n++] = ' ';
          pending_space = FALSE;
        }
      folded[n++] = g_ascii_tolower (c);
    }

  folded[n] = '\0';
  return folded;
}

static char *
fold_unicode (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *decomposed = NULL;
  g_autofree char *folded_case = NULL;
  gboolean pending_space = FALSE;
  GString *folded;

  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  /* Decomposed first, so that case folding sees base letters only (“Å” is “A” and a ring),
   * and compatibility forms (“ﬁ”, “㎆”) are letters that fold like any other. */
  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFKD);
  folded_case = g_utf8_casefold (decomposed, -1);
  folded = g_string_sized_new (strlen (folded_case));

  for (const char *p = folded_case; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      const char *base;

      if (g_unichar_ismark (c))
        continue;

      if (g_unichar_isspace (c))
        {
          pending_space = folded->len > 0;
          continue;
        }

      if (pending_space)
        {
          g_string_append_c (folded, ' ');
          pending_space = FALSE;
        }

      base = get_base_letters (c);
      if (base != NULL)
        g_string_append (folded, base);
      else
        g_string_append_len (folded, p, g_utf8_next_char (p) - p);
    }

  return g_string_free (folded, FALSE);
}

char *
sb_search_fold (const char *text)
{
  gsize length = 0;

  if (text == NULL)
    return g_strdup ("");

  for (const char *p = text; *p != '\0'; p++, length++)
    {
      if ((guchar) *p >= 0x80)
        return fold_unicode (text);
    }

  return fold_ascii (text, length);
}

static gboolean
contains_word (const char *haystack,
               const char *word,
               gsize       length)
{
  for (const char *p = strchr (haystack, word[0]); p != NULL; p = strchr (p + 1, word[0]))
    {
      if (strncmp (p, word, length) == 0)
        return TRUE;
    }

  return FALSE;
}

gboolean
sb_search_match (const char *folded_key,
                 const char *folded_query)
{
  const char *word;

  g_return_val_if_fail (folded_key != NULL, FALSE);

  if (folded_query == NULL || folded_query[0] == '\0')
    return TRUE;

  /* One word is what the user types most of the time. */
  if (strchr (folded_query, ' ') == NULL)
    return strstr (folded_key, folded_query) != NULL;

  word = folded_query;
  while (*word != '\0')
    {
      const char *end = strchr (word, ' ');
      gsize length = end != NULL ? (gsize) (end - word) : strlen (word);

      if (length > 0 && !contains_word (folded_key, word, length))
        return FALSE;

      word += length;
      while (*word == ' ')
        word++;
    }

  return TRUE;
}
