/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gi18n.h>

#include "ui-fixture.h"
#include "ui/sb-preferences-window.h"

/* The window in the language of LANGUAGE (sv or nb, set by meson) shows no English: every
 * page is walked and the text of every label, title, placeholder and tooltip on screen is
 * read.
 *
 * Two checks catch two kinds of fault:
 *   - a text that is the English of a message the language's .po file translates otherwise
 *     (a string marked for translation that is shown without being translated);
 *   - a text that the same page also shows, word for word, when the window is built again
 *     in English on the same data, and that is neither data (names, e-mail addresses, the
 *     services' names) nor a message the translators left as it is ("Webhooks"): a string
 *     that was never marked for translation. */

extern int _nl_msg_cat_cntr;

typedef struct
{
  GHashTable *english;     /* msgids that the language translates otherwise */
  GHashTable *same;        /* msgids whose translation is the msgid itself */
} Catalog;

static Catalog catalog;

/* po/<language>.po, read as it is written by msgmerge: msgctxt, msgid, msgid_plural and
 * msgstr[n] lines, each continued by quoted lines. */
static void
load_catalog (const char *language)
{
  g_autofree char *path = g_strdup_printf ("%s/%s.po", SB_TEST_PO_DIR, language);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) strs = g_ptr_array_new_with_free_func (g_free);
  GString *current = NULL;
  gboolean fuzzy = FALSE;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);

  catalog.english = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  catalog.same = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *quote = strchr (line, '"');
      g_autofree char *value = NULL;

      if (line[0] == '\0' || lines[i + 1] == NULL)
        {
          /* The end of an entry. */
          if (!fuzzy)
            for (guint j = 0; j < ids->len; j++)
              {
                const char *id = g_ptr_array_index (ids, j);
                const char *str = j < strs->len ? g_ptr_array_index (strs, j)
                                                : g_ptr_array_index (strs, 0);

                if (id[0] == '\0' || str == NULL || str[0] == '\0')
                  continue;
                g_hash_table_add (g_str_equal (id, str) ? catalog.same : catalog.english,
                                  g_strdup (id));
              }
          g_ptr_array_set_size (ids, 0);
          g_ptr_array_set_size (strs, 0);
          current = NULL;
          fuzzy = FALSE;
          continue;
        }
      if (g_str_has_prefix (line, "#,") && strstr (line, "fuzzy") != NULL)
        fuzzy = TRUE;
      if (line[0] == '#' || quote == NULL)
        continue;

      value = g_strndup (quote + 1, strlen (quote + 1) - 1);
      {
        g_autofree char *text = g_strcompress (value);

        if (line[0] == '"')
          {
            if (current != NULL)
              g_string_append (current, text);
            continue;
          }
        if (g_str_has_prefix (line, "msgctxt "))
          current = NULL;
        else if (g_str_has_prefix (line, "msgid"))
          {
            g_ptr_array_add (ids, g_strdup (text));
            current = NULL;
          }
        else if (g_str_has_prefix (line, "msgstr"))
          {
            g_ptr_array_add (strs, g_strdup (text));
            current = NULL;
          }
      }
      /* Continuation lines of the string just added. */
      if (g_str_has_prefix (line, "msgid") || g_str_has_prefix (line, "msgstr"))
        {
          GPtrArray *array = g_str_has_prefix (line, "msgid") ? ids : strs;
          char **last = (char **) &g_ptr_array_index (array, array->len - 1);
          GString *joined = g_string_new (*last);

          for (; lines[i + 1] != NULL && lines[i + 1][0] == '"'; i++)
            {
              g_autofree char *part = g_strndup (lines[i + 1] + 1, strlen (lines[i + 1]) - 2);
              g_autofree char *text = g_strcompress (part);

              g_string_append (joined, text);
            }
          g_free (*last);
          *last = g_string_free (joined, FALSE);
        }
    }

  g_assert_cmpuint (g_hash_table_size (catalog.english), >, 500);
}

/* Every text a person can read on @widget and what it holds: labels, the titles of rows,
 * status pages and windows, placeholders and tooltips, as shown. */
static void
collect (GtkWidget  *widget,
         GHashTable *texts)
{
  const char *tooltip;

  if (!gtk_widget_get_mapped (widget))
    return;

  if (GTK_IS_LABEL (widget))
    g_hash_table_add (texts, g_strdup (gtk_label_get_text (GTK_LABEL (widget))));
  if (GTK_IS_TEXT (widget) && gtk_text_get_placeholder_text (GTK_TEXT (widget)) != NULL &&
      gtk_editable_get_text (GTK_EDITABLE (widget))[0] == '\0')
    g_hash_table_add (texts, g_strdup (gtk_text_get_placeholder_text (GTK_TEXT (widget))));
  tooltip = gtk_widget_get_tooltip_text (widget);
  if (tooltip != NULL)
    g_hash_table_add (texts, g_strdup (tooltip));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, texts);
}

/* The texts of every page and view of the window, and of the dialogs it opens, by page. */
typedef struct
{
  const char *name;
  GHashTable *texts;
} Page;

static void
add_page (GPtrArray  *pages,
          const char *name,
          GtkWidget  *root)
{
  Page *page = g_new0 (Page, 1);

  flush_events ();
  page->name = name;
  page->texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  collect (root, page->texts);
  g_ptr_array_add (pages, page);
}

static void
page_free (Page *page)
{
  g_hash_table_unref (page->texts);
  g_free (page);
}

static void
close_toplevel (GtkWindow *window)
{
  gtk_window_destroy (window);
  flush_events ();
}

static GPtrArray *
walk_window (SbWindow *window)
{
  static const char * const stack_pages[] = {
    "integrations", "accounts", "members", "imports", "activated",
  };
  GPtrArray *pages = g_ptr_array_new_with_free_func ((GDestroyNotify) page_free);
  SbWorkspace *workspace = sb_window_get_workspace (window);
  GtkSingleSelection *organizations = sb_window_get_organization_selection (window);

  for (guint o = 0; o < g_list_model_get_n_items (G_LIST_MODEL (organizations)); o++)
    {
      g_autoptr(SbOrganization) org = NULL;
      GListModel *integrations;
      GListModel *accounts;

      gtk_single_selection_set_selected (organizations, o);
      flush_events ();
      org = g_object_ref (sb_window_get_organization (window));

      for (guint i = 0; i < G_N_ELEMENTS (stack_pages); i++)
        {
          g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s",
                                                     stack_pages[i]));
          add_page (pages, stack_pages[i], GTK_WIDGET (window));
        }

      integrations = sb_workspace_get_integrations (workspace, org);
      for (guint i = 0; i < g_list_model_get_n_items (integrations); i++)
        {
          g_autoptr(SbIntegration) integration = g_list_model_get_item (integrations, i);

          g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-integration",
                                                     "x", sb_integration_get_id (integration)));
          add_page (pages, "integration", GTK_WIDGET (window));
        }
      accounts = sb_workspace_get_accounts (workspace, org);
      for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
        {
          g_autoptr(SbAccount) account = g_list_model_get_item (accounts, i);

          g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-account",
                                                     "x", sb_account_get_id (account)));
          add_page (pages, "account", GTK_WIDGET (window));
        }

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s",
                                                 "integrations"));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-integration",
                                                 NULL));
      wait_until_mapped (GTK_WIDGET (sb_window_get_catalog_dialog (window)));
      add_page (pages, "catalog", GTK_WIDGET (sb_window_get_catalog_dialog (window)));
      close_toplevel (GTK_WINDOW (sb_window_get_catalog_dialog (window)));

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-account", NULL));
      wait_until_mapped (GTK_WIDGET (sb_window_get_add_account_dialog (window)));
      add_page (pages, "add-account", GTK_WIDGET (sb_window_get_add_account_dialog (window)));
      close_toplevel (GTK_WINDOW (sb_window_get_add_account_dialog (window)));
    }

  {
    GtkWindow *providers = sb_providers_window_new (workspace);

    gtk_window_present (providers);
    wait_until_mapped (GTK_WIDGET (providers));
    add_page (pages, "providers", GTK_WIDGET (providers));
    close_toplevel (providers);
  }

  {
    g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
    GtkWindow *preferences = sb_preferences_window_new (settings);

    gtk_window_present (preferences);
    wait_until_mapped (GTK_WIDGET (preferences));
    add_page (pages, "preferences", GTK_WIDGET (preferences));
    close_toplevel (preferences);
  }

  return pages;
}

/* No letters, or data of the demo: names and addresses are the same in every language, and
 * so are web addresses and the requests of steps ("GET /v1/refunds"). */
static gboolean
is_data (GHashTable *data,
         const char *text)
{
  static const char * const methods[] = { "GET /", "POST /", "PUT /", "PATCH /", "DELETE /" };
  gboolean letters = FALSE;

  if (strstr (text, "://") != NULL || strchr (text, '@') != NULL)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    if (strstr (text, methods[i]) != NULL)
      return TRUE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isalpha (g_utf8_get_char (p)))
      letters = TRUE;
  return !letters || g_hash_table_contains (data, text);
}

static void
add_data (GHashTable *data,
          const char *text)
{
  if (text != NULL && text[0] != '\0')
    g_hash_table_add (data, g_strdup (text));
}

/* Every string value of @node, and its parts around " · ". */
static void
add_json_data (GHashTable *data,
               JsonNode   *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(GList) members = json_object_get_values (json_node_get_object (node));

      for (GList *l = members; l != NULL; l = l->next)
        add_json_data (data, l->data);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        add_json_data (data, json_array_get_element (array, i));
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    add_data (data, json_node_get_string (node));
}

static GHashTable *
dup_demo_data (SbWorkspace *workspace)
{
  GHashTable *data = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) export = sb_workspace_export (workspace, NULL, &error);
  GListModel *organizations = sb_workspace_get_organizations (workspace);
  GListModel *connectors = sb_connector_catalog_get_connectors (sb_workspace_get_catalog (
                                                                  workspace));

  g_assert_no_error (error);
  add_json_data (data, export);
  add_data (data, "Samband");
  add_data (data, sb_workspace_get_profile_name (workspace));
  add_data (data, sb_workspace_get_profile_email (workspace));
  for (guint i = 0; i < g_list_model_get_n_items (organizations); i++)
    {
      g_autoptr(SbOrganization) org = g_list_model_get_item (organizations, i);
      GListModel *members = sb_workspace_get_members (workspace, org);

      for (guint j = 0; j < g_list_model_get_n_items (members); j++)
        {
          g_autoptr(SbMember) member = g_list_model_get_item (members, j);

          add_data (data, sb_member_get_display_name (member));
          add_data (data, sb_member_get_email (member));
        }
    }
  for (guint i = 0; i < g_list_model_get_n_items (connectors); i++)
    {
      g_autoptr(SbConnector) connector = g_list_model_get_item (connectors, i);

      add_data (data, sb_connector_get_name (connector));
      add_data (data, sb_connector_get_provider_name (connector));
      add_data (data, sb_connector_get_support_email (connector));
      add_data (data, sb_connector_get_support_url (connector));
    }
  return data;
}

/* What GTK and libadwaita show inside their own widgets (the button of an AdwEntryRow):
 * their translations come with those libraries, and Debian 12 ships libadwaita's Swedish but
 * not its Norwegian. */
static const char * const toolkit_texts[] = { "Apply", NULL };

/* The parts of a text that stand alone: around " · " and ", ", and line by line. */
static GStrv
split_parts (const char *text)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (lines[i], " · ", -1);

      for (guint j = 0; parts[j] != NULL; j++)
        {
          g_auto(GStrv) items = g_strsplit (parts[j], ", ", -1);

          for (guint k = 0; items[k] != NULL; k++)
            {
              g_strstrip (items[k]);
              if (items[k][0] != '\0')
                g_strv_builder_add (builder, items[k]);
            }
        }
    }
  return g_strv_builder_end (builder);
}

/* Whether the language's own locale is installed (build-aux/install-deps makes it), for
 * its dates; without it the dates are the C locale's. */
static gboolean have_locale;

static void
set_locale (const char *language)
{
  const char *name = g_str_equal (language, "sv") ? "sv_SE.UTF-8" : "nb_NO.UTF-8";

  have_locale = setlocale (LC_ALL, name) != NULL;
  if (!have_locale)
    setlocale (LC_ALL, "");
}

static void
test_translated (Fixture       *f,
                 gconstpointer  data)
{
  static const char * const months[] = {
    " January ", " February ", " March ", " April ", " June ", " July ", " August ",
    " September ", " October ", " November ", " December ",
  };
  const char *language = g_getenv ("LANGUAGE");
  g_autoptr(GPtrArray) translated = NULL;
  g_autoptr(GPtrArray) english = NULL;
  g_autoptr(GHashTable) demo = NULL;
  g_autoptr(SbWorkspace) workspace = NULL;
  g_autoptr(GString) faults = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  SbWindow *window;
  guint n_texts = 0;

  g_assert_nonnull (language);
  load_catalog (language);
  translated = walk_window (f->window);

  /* The same data, in English: another workspace on the same folder, whose catalog of
   * services is read again in English. */
  g_setenv ("LANGUAGE", "en", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  _nl_msg_cat_cntr++;
  workspace = sb_workspace_open (f->data_dir, &error);
  g_assert_no_error (error);
  window = sb_window_new (NULL, workspace);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  wait_until_mapped (GTK_WIDGET (window));
  english = walk_window (window);
  demo = dup_demo_data (workspace);
  gtk_window_destroy (GTK_WINDOW (window));
  g_setenv ("LANGUAGE", language, TRUE);
  set_locale (language);
  _nl_msg_cat_cntr++;

  g_assert_cmpuint (english->len, ==, translated->len);
  for (guint i = 0; i < translated->len; i++)
    {
      Page *page = g_ptr_array_index (translated, i);
      Page *in_english = g_ptr_array_index (english, i);
      GHashTableIter iter;
      gpointer key;

      g_assert_cmpstr (page->name, ==, in_english->name);
      g_hash_table_iter_init (&iter, page->texts);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          const char *text = key;
          g_auto(GStrv) parts = split_parts (text);

          n_texts++;
          /* Dates in the language's words: Swedish and Norwegian months have small letters. */
          if (have_locale)
            for (guint j = 0; j < G_N_ELEMENTS (months); j++)
              if (strstr (text, months[j]) != NULL)
                g_string_append_printf (faults, "%s: “%s” has an English month\n", page->name,
                                        text);
          if (g_hash_table_contains (catalog.english, text))
            {
              g_string_append_printf (faults, "%s: “%s” is not translated\n", page->name, text);
              continue;
            }
          if (!g_hash_table_contains (in_english->texts, text) ||
              g_hash_table_contains (catalog.same, text) || is_data (demo, text) ||
              g_strv_contains (toolkit_texts, text))
            continue;
          for (guint j = 0; parts[j] != NULL; j++)
            if (!is_data (demo, parts[j]) && !g_hash_table_contains (catalog.same, parts[j]))
              {
                g_string_append_printf (faults, "%s: “%s” is the same in English\n",
                                        page->name, text);
                break;
              }
        }
    }

  g_test_message ("%u texts on %u pages read", n_texts, translated->len);
  g_assert_cmpuint (n_texts, >, 500);
  if (faults->len > 0)
    g_error ("English in the window (LANGUAGE=%s):\n%s", language, faults->str);
}

int
main (int   argc,
      char *argv[])
{
  bindtextdomain (GETTEXT_PACKAGE, SB_TEST_LOCALE_DIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  ui_test_init (&argc, &argv);
  if (g_getenv ("LANGUAGE") != NULL)
    set_locale (g_getenv ("LANGUAGE"));
  if (!have_locale)
    g_test_message ("The locale of %s is not installed: dates are not checked",
                    g_getenv ("LANGUAGE"));

  g_test_add ("/ui/translated/every-page", Fixture, WITH_DEMO,
              fixture_set_up, test_translated, fixture_tear_down);

  return g_test_run ();
}
