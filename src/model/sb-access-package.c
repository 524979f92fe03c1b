/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-access-package.h"

typedef struct
{
  const char *id;
  const char *label;         /* untranslated: N_() */
  const char *description;   /* untranslated: N_() */
} AccessPackage;

/* The order in which they are shown and stored in a member's list. Ids never change: they
 * are in databases and scripts. */
static const AccessPackage packages[] = {
  /* Translators: an access package, what an integration user may do */
  { SB_ACCESS_PACKAGE_INTEGRATION_USER, N_("Integration user"),
    N_("Edits and runs integrations and administers their accounts; does not manage "
       "members") },
  /* Translators: an access package, what an integration user may do */
  { "invoicing", N_("Invoicing"), N_("Reads and books invoices and payments") },
  /* Translators: an access package, what an integration user may do */
  { "membership-register", N_("Member register"),
    N_("Reads and updates the organization’s members") },
  /* Translators: an access package, what an integration user may do */
  { "accounting", N_("Accounting"), N_("Reads and writes vouchers and ledgers") },
  /* Translators: an access package, what an integration user may do */
  { "reports", N_("Reports"), N_("Reads reports; changes nothing") },
};

static const char * const ids[] = {
  SB_ACCESS_PACKAGE_INTEGRATION_USER, "invoicing", "membership-register", "accounting",
  "reports", NULL,
};

G_STATIC_ASSERT (G_N_ELEMENTS (ids) == G_N_ELEMENTS (packages) + 1);

static const AccessPackage *
lookup (const char *id)
{
  for (guint i = 0; id != NULL && i < G_N_ELEMENTS (packages); i++)
    if (g_str_equal (packages[i].id, id))
      return &packages[i];

  return NULL;
}

const char * const *
sb_access_package_get_ids (void)
{
  return ids;
}

gboolean
sb_access_package_is_known (const char *id)
{
  return lookup (id) != NULL;
}

const char *
sb_access_package_get_label (const char *id)
{
  const AccessPackage *package = lookup (id);

  return package != NULL ? _(package->label) : NULL;
}

const char *
sb_access_package_get_description (const char *id)
{
  const AccessPackage *package = lookup (id);

  return package != NULL ? _(package->description) : NULL;
}

/* The known ones among @given in the order of the table (“integration-user” too when
 * @with_integration_user), then the unknown ones in the order given, each once. */
static char **
collect (const char * const *given,
         gboolean            with_integration_user)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  char **result;

  for (guint i = 0; i < G_N_ELEMENTS (packages); i++)
    if ((i == 0 && with_integration_user) ||
        (given != NULL && g_strv_contains (given, packages[i].id)))
      g_strv_builder_add (builder, packages[i].id);

  for (guint i = 0; given != NULL && given[i] != NULL; i++)
    {
      gboolean repeated = FALSE;

      for (guint j = 0; j < i && !repeated; j++)
        repeated = g_str_equal (given[j], given[i]);
      if (!repeated && lookup (given[i]) == NULL)
        g_strv_builder_add (builder, given[i]);
    }

  result = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return result;
}

char **
sb_access_packages_normalize (const char * const *given,
                              SbMemberKind        kind)
{
  if (kind != SB_MEMBER_KIND_INTEGRATION_USER)
    return g_new0 (char *, 1);

  return collect (given, TRUE);
}

char **
sb_access_packages_sort (const char * const *given)
{
  return collect (given, FALSE);
}

const char *
sb_access_packages_find_unknown (const char * const *given)
{
  for (guint i = 0; given != NULL && given[i] != NULL; i++)
    if (lookup (given[i]) == NULL)
      return given[i];

  return NULL;
}

char *
sb_access_packages_dup_labels (const char * const *given)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; given != NULL && given[i] != NULL; i++)
    {
      const char *label = sb_access_package_get_label (given[i]);

      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, label != NULL ? label : given[i]);
    }

  return g_string_free (text, FALSE);
}
