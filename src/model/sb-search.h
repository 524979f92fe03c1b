/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Search that ignores case and diacritics, for the lists the user filters by typing.
 *
 * A text and a query are both folded with sb_search_fold (), once each, and then compared
 * with sb_search_match (), which allocates nothing: fold the keys of a long list once and
 * keep them, fold the query once per keystroke. */

/* A newly allocated key for @text (NULL is taken as ""): case folded (“ß” becomes “ss”),
 * compatibility decomposed with the combining marks dropped (“Å” becomes “a”, “ﬁ” “fi”), the
 * letters that have no decomposition written as their base letters (“ø” becomes “o”, “æ”
 * “ae”), and every run of white space one space, with none at either end. Invalid UTF-8 is
 * repaired first, so the result is always valid UTF-8. */
char     *sb_search_fold  (const char *text);

/* Whether every word (separated by spaces) of @folded_query occurs in @folded_key, in any
 * order. Both must come from sb_search_fold (). An empty or NULL query matches every key. */
gboolean  sb_search_match (const char *folded_key,
                           const char *folded_query);

G_END_DECLS
