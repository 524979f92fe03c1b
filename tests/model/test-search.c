/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <gio/gio.h>

#include "model/sb-model.h"

/* Search keys: what a Swede or a Norwegian types finds what the register holds, whatever the
 * case and the diacritics on either side. */

static void
assert_folds_to (const char *text,
                 const char *expected)
{
  g_autofree char *folded = sb_search_fold (text);

  g_assert_true (g_utf8_validate (folded, -1, NULL));
  if (g_strcmp0 (folded, expected) != 0)
    g_error ("“%s” folds to “%s”, not “%s”", text, folded, expected);
}

static void
test_fold_case_and_diacritics (void)
{
  /* Swedish */
  assert_folds_to ("Östersunds FK", "ostersunds fk");
  assert_folds_to ("ostersunds fk", "ostersunds fk");
  assert_folds_to ("ÖSTERSUNDS FK", "ostersunds fk");
  assert_folds_to ("Åre", "are");
  assert_folds_to ("Malmö FF", "malmo ff");
  assert_folds_to ("Djurgårdens IF", "djurgardens if");
  assert_folds_to ("Träningsavgift", "traningsavgift");
  assert_folds_to ("Göteborgs Kvinnliga Idrottsklubb", "goteborgs kvinnliga idrottsklubb");

  /* Norwegian and Danish: ø and æ have no decomposition in Unicode. */
  assert_folds_to ("Tromsø IL", "tromso il");
  assert_folds_to ("Ærø", "aero");
  assert_folds_to ("Ø", "o");
  assert_folds_to ("Lillestrøm SK", "lillestrom sk");
  assert_folds_to ("Bodø/Glimt", "bodo/glimt");
  assert_folds_to ("Strømsgodset", "stromsgodset");
  assert_folds_to ("Påmelding", "pamelding");
  assert_folds_to ("ÆØÅ æøå", "aeoa aeoa");

  /* German and the rest of Europe. */
  assert_folds_to ("Straße", "strasse");
  assert_folds_to ("STRAẞE", "strasse");
  assert_folds_to ("Œuvre", "oeuvre");
  assert_folds_to ("Łódź", "lodz");
  assert_folds_to ("Þórsmörk", "thorsmork");
  assert_folds_to ("Crème brûlée", "creme brulee");

  /* Compatibility forms are the letters they stand for. */
  assert_folds_to ("ﬁnans", "finans");
  assert_folds_to ("Ｓｔｒｉｐｅ", "stripe");
}

static void
test_fold_composed_and_decomposed (void)
{
  /* “Åre” with the ring as a combining mark, as some keyboards and macOS file names send it,
   * and “Östersund” likewise. */
  assert_folds_to ("A\xcc\x8are", "are");
  assert_folds_to ("O\xcc\x88stersund", "ostersund");
}

static void
test_fold_white_space (void)
{
  assert_folds_to ("  Hammarby \t IF  ", "hammarby if");
  assert_folds_to ("Vålerenga\nFotball", "valerenga fotball");
  /* A no-break space, as a word processor writes it between “IK” and the name. */
  assert_folds_to ("IK\xc2\xa0Start", "ik start");
  assert_folds_to ("Brann\xc2\xa0\xc2\xa0 ", "brann");
  assert_folds_to ("   ", "");
  assert_folds_to ("", "");
  assert_folds_to (NULL, "");
}

static void
test_fold_invalid_utf8 (void)
{
  g_autofree char *folded = sb_search_fold ("Malm\xf6 FF");

  /* Latin-1 from an old export: no crash, valid UTF-8 out, the rest still searchable. */
  g_assert_true (g_utf8_validate (folded, -1, NULL));
  g_assert_true (g_str_has_prefix (folded, "malm"));
  g_assert_true (g_str_has_suffix (folded, " ff"));
}

/* The definition, written the slow way over the whole text: decomposed, case folded,
 * decomposed again, marks dropped, ø/æ/œ/ð/đ/ł/þ/ı as base letters, white space collapsed.
 * sb_search_fold () works a character at a time and must give the same. */
static char *
dup_folded_reference (const char *text)
{
  g_autofree char *decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFKD);
  g_autofree char *folded_case = g_utf8_casefold (decomposed, -1);
  g_autofree char *again = g_utf8_normalize (folded_case, -1, G_NORMALIZE_NFKD);
  g_autoptr(GString) folded = g_string_new (NULL);
  gboolean pending_space = FALSE;

  for (const char *p = again; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      const char *base = NULL;

      if (g_unichar_ismark (c))
        continue;
      if (g_unichar_isspace (c))
        {
          pending_space = folded->len > 0;
          continue;
        }
      if (pending_space)
        g_string_append_c (folded, ' ');
      pending_space = FALSE;

      switch (c)
        {
        case 0x00E6: base = "ae"; break;
        case 0x00F8: base = "o"; break;
        case 0x0153: base = "oe"; break;
        case 0x00F0: case 0x0111: base = "d"; break;
        case 0x0142: base = "l"; break;
        case 0x00FE: base = "th"; break;
        case 0x0131: base = "i"; break;
        default: break;
        }
      if (base != NULL)
        g_string_append (folded, base);
      else
        g_string_append_unichar (folded, c);
    }

  return g_strdup (folded->str);
}

static void
test_fold_same_as_whole_text (void)
{
  const char *texts[] = {
    "Östersunds FK: Medlemsavgifter från Stripe → Fortnox (P14)",
    "Påmelding til cup fra Vipps til Tripletex 2026",
    "Ærøskøbing ÅÄÖ åäö ÆØÅ æøå ẞ ß Œ ﬁ ﬂ ½ ¼ ² ㎆ №",
    "Ångström \xe2\x84\xab" " İstanbul ǅ ǈ Ǌ ŉ ΐ ΰ ς Σ Ω ϐ",
    "\xc2\xa8 \xc2\xb4 dia\xcc\x88resis, spaces\xe2\x80\x83\xe2\x80\x83" "and\xe3\x80\x80"
    "ideographic",
    "Łódź Þórsmörk Đà Nẵng Tiếng Việt Crème brûlée",
    "한국어 日本語 Ελληνικά Русский עברית العربية",
    "  lots   of\t\twhite \n space  ",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *expected = dup_folded_reference (texts[i]);

      assert_folds_to (texts[i], expected);
    }

  /* Every character of the first planes, one at a time and between two letters. */
  for (gunichar c = 0x80; c < 0x3000; c++)
    {
      char text[16] = "a";
      g_autofree char *expected = NULL;
      int length;

      if (!g_unichar_validate (c) || g_unichar_type (c) == G_UNICODE_UNASSIGNED)
        continue;

      length = g_unichar_to_utf8 (c, text + 1);
      text[1 + length] = 'Z';
      text[2 + length] = '\0';
      expected = dup_folded_reference (text);
      assert_folds_to (text, expected);
    }
}

static gboolean
matches (const char *text,
         const char *query)
{
  g_autofree char *key = sb_search_fold (text);
  g_autofree char *folded_query = sb_search_fold (query);

  return sb_search_match (key, folded_query);
}

static void
test_match (void)
{
  /* The example. */
  g_assert_true (matches ("Östersunds FK", "ostersund"));
  g_assert_true (matches ("Östersunds FK", "ÖSTERSUND"));
  g_assert_true (matches ("ostersunds fk", "Östersund"));
  g_assert_true (matches ("Medlemmar från Tromsø IL till Tripletex", "tromso"));
  g_assert_true (matches ("Medlemmar från Tromsø IL till Tripletex", "tromsø"));
  g_assert_true (matches ("Fakturor till Ærøskøbing", "aero"));
  g_assert_true (matches ("Straßenlauf", "strasse"));

  /* A substring anywhere, not only at the start of a word. */
  g_assert_true (matches ("Medlemsavgifter till Fortnox", "avgift"));
  g_assert_false (matches ("Medlemsavgifter till Fortnox", "avgiftt"));
  g_assert_false (matches ("Malmö FF", "malmoe"));
}

static void
test_match_words (void)
{
  const char *name = "Östersunds FK: medlemsavgifter från Stripe till Fortnox";

  /* Every word must occur, in any order, each anywhere. */
  g_assert_true (matches (name, "fk stripe"));
  g_assert_true (matches (name, "stripe fk"));
  g_assert_true (matches (name, "fortnox   östersund"));
  g_assert_true (matches (name, "avgift ostersund fortnox"));
  g_assert_false (matches (name, "fk shopify"));
  g_assert_false (matches (name, "malmo stripe"));

  /* Words do not match across the space between them... */
  g_assert_false (matches ("Bodø Glimt", "doglimt"));
  /* ...but the query's words may overlap in the key. */
  g_assert_true (matches ("Brann", "bran ann"));
}

static void
test_match_empty_query (void)
{
  g_assert_true (matches ("Malmö FF", ""));
  g_assert_true (matches ("Malmö FF", "   "));
  g_assert_true (matches ("", ""));
  g_assert_true (sb_search_match ("malmo ff", NULL));
  g_assert_false (matches ("", "a"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  setlocale (LC_ALL, "C.UTF-8");

  g_test_add_func ("/search/fold/case-and-diacritics", test_fold_case_and_diacritics);
  g_test_add_func ("/search/fold/composed-and-decomposed", test_fold_composed_and_decomposed);
  g_test_add_func ("/search/fold/white-space", test_fold_white_space);
  g_test_add_func ("/search/fold/invalid-utf8", test_fold_invalid_utf8);
  g_test_add_func ("/search/fold/same-as-whole-text", test_fold_same_as_whole_text);
  g_test_add_func ("/search/match", test_match);
  g_test_add_func ("/search/match/words", test_match_words);
  g_test_add_func ("/search/match/empty-query", test_match_empty_query);

  return g_test_run ();
}
