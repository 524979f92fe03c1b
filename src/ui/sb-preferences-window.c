/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-preferences-window.h"
#include "sb-ui.h"

struct _SbPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  /* template widgets */
  GtkSwitch *background_switch;
  GtkSwitch *login_switch;
  GtkSpinButton *days_spin;
  GtkSpinButton *runs_spin;
  GtkSwitch *notifications_switch;
  GtkSpinButton *port_spin;

  /* owned */
  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (SbPreferencesWindow, sb_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Which key each control writes, and the property that holds its value. */
static const struct
{
  const char *key;
  gsize offset;
  const char *property;
} bindings[] = {
  { "run-in-background", G_STRUCT_OFFSET (SbPreferencesWindow, background_switch), "active" },
  { "start-at-login", G_STRUCT_OFFSET (SbPreferencesWindow, login_switch), "active" },
  { "retention-days", G_STRUCT_OFFSET (SbPreferencesWindow, days_spin), "value" },
  { "retention-runs", G_STRUCT_OFFSET (SbPreferencesWindow, runs_spin), "value" },
  { "notifications", G_STRUCT_OFFSET (SbPreferencesWindow, notifications_switch), "active" },
  { "webhook-port", G_STRUCT_OFFSET (SbPreferencesWindow, port_spin), "value" },
};

static GtkWidget *
get_control (SbPreferencesWindow *self,
             guint                i)
{
  return G_STRUCT_MEMBER (GtkWidget *, self, bindings[i].offset);
}

static void
sb_preferences_window_constructed (GObject *object)
{
  SbPreferencesWindow *self = (SbPreferencesWindow *)object;

  G_OBJECT_CLASS (sb_preferences_window_parent_class)->constructed (object);

  g_assert (G_IS_SETTINGS (self->settings));

  /* The spin buttons take their ranges from the template, which follows the schema's. */
  for (guint i = 0; i < G_N_ELEMENTS (bindings); i++)
    g_settings_bind (self->settings, bindings[i].key, get_control (self, i),
                     bindings[i].property, G_SETTINGS_BIND_DEFAULT);
}

static void
sb_preferences_window_dispose (GObject *object)
{
  SbPreferencesWindow *self = (SbPreferencesWindow *)object;

  for (guint i = 0; i < G_N_ELEMENTS (bindings); i++)
    if (get_control (self, i) != NULL)
      g_settings_unbind (get_control (self, i), bindings[i].property);

  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sb_preferences_window_parent_class)->dispose (object);
}

static void
sb_preferences_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  SbPreferencesWindow *self = SB_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  SbPreferencesWindow *self = SB_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_preferences_window_class_init (SbPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sb_preferences_window_constructed;
  object_class->dispose = sb_preferences_window_dispose;
  object_class->get_property = sb_preferences_window_get_property;
  object_class->set_property = sb_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  sb_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/samband/Samband/ui/"
                                               "sb-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SbPreferencesWindow, background_switch);
  gtk_widget_class_bind_template_child (widget_class, SbPreferencesWindow, login_switch);
  gtk_widget_class_bind_template_child (widget_class, SbPreferencesWindow, days_spin);
  gtk_widget_class_bind_template_child (widget_class, SbPreferencesWindow, runs_spin);
  gtk_widget_class_bind_template_child (widget_class, SbPreferencesWindow,
                                        notifications_switch);
  gtk_widget_class_bind_template_child (widget_class, SbPreferencesWindow, port_spin);
}

static void
sb_preferences_window_init (SbPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWindow *
sb_preferences_window_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (SB_TYPE_PREFERENCES_WINDOW, "settings", settings, NULL);
}

GtkWidget *
sb_preferences_window_get_control (SbPreferencesWindow *self,
                                   const char          *key)
{
  g_return_val_if_fail (SB_IS_PREFERENCES_WINDOW (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bindings); i++)
    if (g_str_equal (bindings[i].key, key))
      return get_control (self, i);

  return NULL;
}
