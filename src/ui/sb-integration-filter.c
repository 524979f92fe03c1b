/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sb-integration-filter.h"

#include "model/sb-model.h"

struct _SbIntegrationFilter
{
  GtkFilter parent_instance;

  /* owned */
  char *search;
  /* sb_search_fold (search), or NULL when that is empty. */
  char *folded_search;
  /* What sb_integration_filter_prepare () works through, and how far it got. */
  GListModel *prepared;
  guint prepared_position;
  guint prepare_source;
};

G_DEFINE_FINAL_TYPE (SbIntegrationFilter, sb_integration_filter, GTK_TYPE_FILTER)

enum {
  PROP_0,
  PROP_SEARCH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The folded key of an integration is kept by the integration itself
 * (sb_integration_get_search_key ()), which makes it again when a text of it changes. The
 * filter does not watch its items: whoever shows them (the integrations page) tells it with
 * gtk_filter_changed () when a name, a description or the services change. */

static gboolean
sb_integration_filter_match (GtkFilter *filter,
                             gpointer   item)
{
  SbIntegrationFilter *self = (SbIntegrationFilter *)filter;

  if (self->folded_search == NULL)
    return TRUE;

  if (!SB_IS_INTEGRATION (item))
    return FALSE;

  return sb_search_match (sb_integration_get_search_key (item), self->folded_search);
}

static GtkFilterMatch
sb_integration_filter_get_strictness (GtkFilter *filter)
{
  SbIntegrationFilter *self = (SbIntegrationFilter *)filter;

  return self->folded_search == NULL ? GTK_FILTER_MATCH_ALL : GTK_FILTER_MATCH_SOME;
}

static void
sb_integration_filter_dispose (GObject *object)
{
  SbIntegrationFilter *self = (SbIntegrationFilter *)object;

  sb_integration_filter_prepare (self, NULL);

  G_OBJECT_CLASS (sb_integration_filter_parent_class)->dispose (object);
}

static void
sb_integration_filter_finalize (GObject *object)
{
  SbIntegrationFilter *self = (SbIntegrationFilter *)object;

  g_free (self->search);
  g_free (self->folded_search);

  G_OBJECT_CLASS (sb_integration_filter_parent_class)->finalize (object);
}

static void
sb_integration_filter_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  SbIntegrationFilter *self = SB_INTEGRATION_FILTER (object);

  switch (prop_id)
    {
    case PROP_SEARCH:
      g_value_set_string (value, self->search);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_integration_filter_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  SbIntegrationFilter *self = SB_INTEGRATION_FILTER (object);

  switch (prop_id)
    {
    case PROP_SEARCH:
      sb_integration_filter_set_search (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_integration_filter_class_init (SbIntegrationFilterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkFilterClass *filter_class = GTK_FILTER_CLASS (klass);

  object_class->dispose = sb_integration_filter_dispose;
  object_class->finalize = sb_integration_filter_finalize;
  object_class->get_property = sb_integration_filter_get_property;
  object_class->set_property = sb_integration_filter_set_property;

  filter_class->match = sb_integration_filter_match;
  filter_class->get_strictness = sb_integration_filter_get_strictness;

  /* What the user typed; NULL when nothing. */
  properties[PROP_SEARCH] =
    g_param_spec_string ("search", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sb_integration_filter_init (SbIntegrationFilter *self)
{
}

SbIntegrationFilter *
sb_integration_filter_new (void)
{
  return g_object_new (SB_TYPE_INTEGRATION_FILTER, NULL);
}

const char *
sb_integration_filter_get_search (SbIntegrationFilter *self)
{
  g_return_val_if_fail (SB_IS_INTEGRATION_FILTER (self), NULL);

  return self->search;
}

void
sb_integration_filter_set_search (SbIntegrationFilter *self,
                                  const char          *search)
{
  g_autofree char *folded = NULL;

  g_return_if_fail (SB_IS_INTEGRATION_FILTER (self));

  if (search != NULL && search[0] == '\0')
    search = NULL;

  if (g_strcmp0 (self->search, search) == 0)
    return;

  g_free (self->search);
  self->search = g_strdup (search);

  folded = sb_search_fold (search);
  if (folded[0] == '\0')
    g_clear_pointer (&folded, g_free);

  /* “Ö” after “ö”, or a space typed after a word, asks nothing new of the items. */
  if (g_strcmp0 (folded, self->folded_search) != 0)
    {
      g_autofree char *old = g_steal_pointer (&self->folded_search);
      GtkFilterChange change;

      self->folded_search = g_steal_pointer (&folded);

      /* The new search is narrower when each word of the old one lies within a word of the
       * new one: whatever has every new word then has every old word. */
      if (old == NULL)
        change = GTK_FILTER_CHANGE_MORE_STRICT;
      else if (self->folded_search == NULL)
        change = GTK_FILTER_CHANGE_LESS_STRICT;
      else if (sb_search_match (self->folded_search, old))
        change = GTK_FILTER_CHANGE_MORE_STRICT;
      else if (sb_search_match (old, self->folded_search))
        change = GTK_FILTER_CHANGE_LESS_STRICT;
      else
        change = GTK_FILTER_CHANGE_DIFFERENT;

      gtk_filter_changed (GTK_FILTER (self), change);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);
}

/* About as long as GTK leaves between two frames, so that folding in idle time never delays
 * one by much. */
#define PREPARE_SLICE_USEC 4000

static gboolean
prepare_some (gpointer data)
{
  SbIntegrationFilter *self = data;
  gint64 deadline = g_get_monotonic_time () + PREPARE_SLICE_USEC;
  guint n = g_list_model_get_n_items (self->prepared);

  while (self->prepared_position < n)
    {
      g_autoptr(GObject) item = g_list_model_get_item (self->prepared, self->prepared_position++);

      if (SB_IS_INTEGRATION (item))
        sb_integration_get_search_key (SB_INTEGRATION (item));

      if (self->prepared_position % 256 == 0 && g_get_monotonic_time () > deadline)
        return G_SOURCE_CONTINUE;
    }

  self->prepare_source = 0;
  return G_SOURCE_REMOVE;
}

static void
on_prepared_items_changed (SbIntegrationFilter *self,
                           guint                position,
                           guint                removed,
                           guint                added,
                           GListModel          *model)
{
  if (added == 0)
    return;

  self->prepared_position = MIN (self->prepared_position, position);
  if (self->prepare_source == 0)
    self->prepare_source = g_idle_add_full (G_PRIORITY_LOW, prepare_some, self, NULL);
}

/**
 * sb_integration_filter_prepare:
 * @self: a filter
 * @integrations: (nullable): a list of SbIntegration, or NULL to stop
 *
 * Folds the keys of @integrations ahead of the first keystroke, in idle time, a few
 * milliseconds at a time, and those of integrations added to it later. Without it the first
 * search over a long list folds every key at once. The filter keeps a reference to the list
 * until it is given another one or disposed.
 */
void
sb_integration_filter_prepare (SbIntegrationFilter *self,
                               GListModel          *integrations)
{
  g_return_if_fail (SB_IS_INTEGRATION_FILTER (self));
  g_return_if_fail (integrations == NULL || G_IS_LIST_MODEL (integrations));

  if (self->prepared == integrations)
    return;

  g_clear_handle_id (&self->prepare_source, g_source_remove);
  if (self->prepared != NULL)
    g_signal_handlers_disconnect_by_func (self->prepared, on_prepared_items_changed, self);
  g_clear_object (&self->prepared);

  if (integrations == NULL)
    return;

  self->prepared = g_object_ref (integrations);
  self->prepared_position = 0;
  g_signal_connect_object (integrations, "items-changed",
                           G_CALLBACK (on_prepared_items_changed), self, G_CONNECT_SWAPPED);
  self->prepare_source = g_idle_add_full (G_PRIORITY_LOW, prepare_some, self, NULL);
}
