/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sb-organization.h"
#include "sb-model-private.h"

struct _SbOrganization
{
  GObject             parent_instance;

  gint64              id;
  char               *name;
  SbOrganizationKind  kind;
  char               *sport;
};

G_DEFINE_FINAL_TYPE (SbOrganization, sb_organization, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_KIND,
  PROP_SPORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sb_organization_finalize (GObject *object)
{
  SbOrganization *self = (SbOrganization *)object;

  g_free (self->name);
  g_free (self->sport);

  G_OBJECT_CLASS (sb_organization_parent_class)->finalize (object);
}

static void
sb_organization_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SbOrganization *self = SB_ORGANIZATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_SPORT:
      g_value_set_string (value, self->sport);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_organization_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SbOrganization *self = SB_ORGANIZATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      sb_organization_set_id (self, g_value_get_int64 (value));
      break;
    case PROP_NAME:
      sb_organization_set_name (self, g_value_get_string (value));
      break;
    case PROP_KIND:
      sb_organization_set_kind (self, g_value_get_enum (value));
      break;
    case PROP_SPORT:
      sb_organization_set_sport (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_organization_class_init (SbOrganizationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sb_organization_finalize;
  object_class->get_property = sb_organization_get_property;
  object_class->set_property = sb_organization_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       SB_TYPE_ORGANIZATION_KIND, SB_ORGANIZATION_KIND_COMPANY,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SPORT] =
    g_param_spec_string ("sport", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sb_organization_init (SbOrganization *self)
{
}

SbOrganization *
sb_organization_new (void)
{
  return g_object_new (SB_TYPE_ORGANIZATION, NULL);
}

gint64
sb_organization_get_id (SbOrganization *self)
{
  g_return_val_if_fail (SB_IS_ORGANIZATION (self), 0);
  return self->id;
}

void
sb_organization_set_id (SbOrganization *self,
                        gint64          id)
{
  g_return_if_fail (SB_IS_ORGANIZATION (self));

  if (self->id == id)
    return;
  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
sb_organization_get_name (SbOrganization *self)
{
  g_return_val_if_fail (SB_IS_ORGANIZATION (self), NULL);
  return self->name;
}

void
sb_organization_set_name (SbOrganization *self,
                          const char     *name)
{
  g_return_if_fail (SB_IS_ORGANIZATION (self));

  if (sb_set_string (&self->name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

SbOrganizationKind
sb_organization_get_kind (SbOrganization *self)
{
  g_return_val_if_fail (SB_IS_ORGANIZATION (self), 0);
  return self->kind;
}

void
sb_organization_set_kind (SbOrganization     *self,
                          SbOrganizationKind  kind)
{
  g_return_if_fail (SB_IS_ORGANIZATION (self));

  if (self->kind == kind)
    return;
  self->kind = kind;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

const char *
sb_organization_get_sport (SbOrganization *self)
{
  g_return_val_if_fail (SB_IS_ORGANIZATION (self), NULL);
  return self->sport;
}

void
sb_organization_set_sport (SbOrganization *self,
                           const char     *sport)
{
  g_return_if_fail (SB_IS_ORGANIZATION (self));

  if (sb_set_string (&self->sport, sport))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPORT]);
}
