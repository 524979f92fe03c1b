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

/* What one character (not ASCII) folds to, the slow way: decomposed, case folded, decomposed
 * again (folding can produce a letter that decomposes), marks dropped, the base letters of
 * the table above, white space as a space. Decomposition, case folding and dropping marks
 * all work one character at a time (canonical reordering only moves marks, which go), so
 * folding a text character by character gives exactly what folding it whole would. */
static char *
dup_folded_char (gunichar c)
{
  char utf8[8];
  int length = g_unichar_to_utf8 (c, utf8);
  g_autofree char *decomposed = g_utf8_normalize (utf8, length, G_NORMALIZE_NFKD);
  g_autofree char *folded_case = g_utf8_casefold (decomposed, -1);
  g_autofree char *again = g_utf8_normalize (folded_case, -1, G_NORMALIZE_NFKD);
  GString *folded = g_string_new (NULL);

  for (const char *p = again; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar d = g_utf8_get_char (p);
      const char *base;

      if (g_unichar_ismark (d))
        continue;

      base = get_base_letters (d);
      if (g_unichar_isspace (d))
        g_string_append_c (folded, ' ');
      else if (base != NULL)
        g_string_append (folded, base);
      else
        g_string_append_len (folded, p, g_utf8_next_char (p) - p);
    }

  return g_string_free (folded, FALSE);
}

/* The slow way is a few microseconds a character, and a list of a hundred thousand names
 * holds only a few hundred different characters: each is folded once, for the life of the
 * process, and kept as an interned string. The two-byte characters of UTF-8 (Latin, Greek,
 * Cyrillic and so on, U+0080 to U+07FF) are read without a lock. */
#define N_TWO_BYTE_CHARS (0x800 - 0x80)

static const char *
get_folded_char (gunichar c)
{
  static const char *two_byte[N_TWO_BYTE_CHARS];
  static GMutex lock;
  static GHashTable *others;
  const char *folded;

  if (c >= 0x80 && c < 0x800)
    {
      folded = g_atomic_pointer_get (&two_byte[c - 0x80]);
      if (folded != NULL)
        return folded;
    }

  g_mutex_lock (&lock);

  if (c >= 0x80 && c < 0x800)
    {
      folded = two_byte[c - 0x80];
      if (folded == NULL)
        {
          g_autofree char *computed = dup_folded_char (c);

          folded = g_intern_string (computed);
          g_atomic_pointer_set (&two_byte[c - 0x80], folded);
        }
    }
  else
    {
      if (others == NULL)
        others = g_hash_table_new (NULL, NULL);

      folded = g_hash_table_lookup (others, GUINT_TO_POINTER (c));
      if (folded == NULL)
        {
          g_autofree char *computed = dup_folded_char (c);

          folded = g_intern_string (computed);
          g_hash_table_insert (others, GUINT_TO_POINTER (c), (gpointer) folded);
        }
    }

  g_mutex_unlock (&lock);

  return folded;
}

/* Hand-written rather than with GString: a key is folded for each of a hundred thousand
 * integrations at once, and most of their characters are ASCII. */
char *
sb_search_fold (const char *text)
{
  const char *p;
  gsize length;
  gsize capacity;
  gsize n = 0;
  gboolean pending_space = FALSE;
  char *folded;

  if (text == NULL)
    return g_strdup ("");

  /* Room for what is left of @text, a pending space and the nul. ASCII never grows, so only a
   * character that folds to more bytes than it has needs more. */
  length = strlen (text);
  capacity = length + 2;
  folded = g_malloc (capacity);

  for (p = text; *p != '\0';)
    {
      guchar c = *p;
      const char *piece;
      gsize piece_length;
      gsize needed;

      if (c < 0x80)
        {
          p++;

          if (c == ' ' || (c >= '\t' && c <= '\r'))
            {
              pending_space = n > 0;
              continue;
            }

          if (pending_space)
            {
              folded[n++] = ' ';
              pending_space = FALSE;
            }
          folded[n++] = (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
          continue;
        }

      /* Invalid UTF-8 becomes U+FFFD, a byte at a time, and folding goes on. */
      {
        gunichar u = g_utf8_get_char_validated (p, -1);

        if (u == (gunichar) -1 || u == (gunichar) -2)
          {
            piece = get_folded_char (0xFFFD);
            p++;
          }
        else
          {
            piece = get_folded_char (u);
            p = g_utf8_next_char (p);
          }
      }

      piece_length = strlen (piece);
      needed = n + 1 + piece_length + (length - (p - text)) + 1;
      if (needed > capacity)
        {
          capacity = needed + needed / 2;
          folded = g_realloc (folded, capacity);
        }

      for (gsize i = 0; i < piece_length; i++)
        {
          if (piece[i] == ' ')
            {
              pending_space = n > 0;
              continue;
            }

          if (pending_space)
            {
              folded[n++] = ' ';
              pending_space = FALSE;
            }
          folded[n++] = piece[i];
        }
    }

  folded[n] = '\0';
  return folded;
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
