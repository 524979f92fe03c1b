/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sb-member.h"
#include "sb-model-private.h"

struct _SbMember
{
  GObject parent_instance;

  gint64 id;
  gint64 organization_id;
  char *display_name;
  char *email;
  char *phone;
  SbMemberKind kind;
  SbRole role;
  SbMemberStatus status;
  /* Access package ids (sb-access-package.h); never NULL, empty for none. */
  char **packages;
};

G_DEFINE_FINAL_TYPE (SbMember, sb_member, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_ORGANIZATION_ID,
  PROP_DISPLAY_NAME,
  PROP_EMAIL,
  PROP_PHONE,
  PROP_KIND,
  PROP_ROLE,
  PROP_STATUS,
  PROP_PACKAGES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sb_member_finalize (GObject *object)
{
  SbMember *self = (SbMember *)object;

  g_free (self->display_name);
  g_free (self->email);
  g_free (self->phone);
  g_strfreev (self->packages);

  G_OBJECT_CLASS (sb_member_parent_class)->finalize (object);
}

static void
sb_member_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  SbMember *self = SB_MEMBER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_ORGANIZATION_ID:
      g_value_set_int64 (value, self->organization_id);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    case PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;
    case PROP_PHONE:
      g_value_set_string (value, self->phone);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_PACKAGES:
      g_value_set_boxed (value, self->packages);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_member_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  SbMember *self = SB_MEMBER (object);

  switch (prop_id)
    {
    case PROP_ID:
      sb_member_set_id (self, g_value_get_int64 (value));
      break;
    case PROP_ORGANIZATION_ID:
      sb_member_set_organization_id (self, g_value_get_int64 (value));
      break;
    case PROP_DISPLAY_NAME:
      sb_member_set_display_name (self, g_value_get_string (value));
      break;
    case PROP_EMAIL:
      sb_member_set_email (self, g_value_get_string (value));
      break;
    case PROP_PHONE:
      sb_member_set_phone (self, g_value_get_string (value));
      break;
    case PROP_KIND:
      sb_member_set_kind (self, g_value_get_enum (value));
      break;
    case PROP_ROLE:
      sb_member_set_role (self, g_value_get_enum (value));
      break;
    case PROP_STATUS:
      sb_member_set_status (self, g_value_get_enum (value));
      break;
    case PROP_PACKAGES:
      sb_member_set_packages (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_member_class_init (SbMemberClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sb_member_finalize;
  object_class->get_property = sb_member_get_property;
  object_class->set_property = sb_member_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORGANIZATION_ID] =
    g_param_spec_int64 ("organization-id", NULL, NULL, 0, G_MAXINT64, 0,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EMAIL] =
    g_param_spec_string ("email", NULL, NULL, NULL,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PHONE] =
    g_param_spec_string ("phone", NULL, NULL, NULL,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, SB_TYPE_MEMBER_KIND, SB_MEMBER_KIND_PERSON,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL, SB_TYPE_ROLE, SB_ROLE_READER,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, SB_TYPE_MEMBER_STATUS, SB_MEMBER_STATUS_ACTIVE,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The ids of the access packages the member holds (sb-access-package.h), in the order
   * they are shown. */
  properties[PROP_PACKAGES] =
    g_param_spec_boxed ("packages", NULL, NULL, G_TYPE_STRV,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sb_member_init (SbMember *self)
{
  self->kind = SB_MEMBER_KIND_PERSON;
  self->role = SB_ROLE_READER;
  self->status = SB_MEMBER_STATUS_ACTIVE;
  self->packages = g_new0 (char *, 1);
}

SbMember *
sb_member_new (void)
{
  return g_object_new (SB_TYPE_MEMBER, NULL);
}

gint64
sb_member_get_id (SbMember *self)
{
  g_return_val_if_fail (SB_IS_MEMBER (self), 0);
  return self->id;
}

void
sb_member_set_id (SbMember *self,
                  gint64 id)
{
  g_return_if_fail (SB_IS_MEMBER (self));

  if (self->id == id)
    return;
  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

gint64
sb_member_get_organization_id (SbMember *self)
{
  g_return_val_if_fail (SB_IS_MEMBER (self), 0);
  return self->organization_id;
}

void
sb_member_set_organization_id (SbMember *self,
                               gint64 organization_id)
{
  g_return_if_fail (SB_IS_MEMBER (self));

  if (self->organization_id == organization_id)
    return;
  self->organization_id = organization_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORGANIZATION_ID]);
}

const char *
sb_member_get_display_name (SbMember *self)
{
  g_return_val_if_fail (SB_IS_MEMBER (self), NULL);
  return self->display_name;
}

void
sb_member_set_display_name (SbMember *self,
                            const char *display_name)
{
  g_return_if_fail (SB_IS_MEMBER (self));

  if (sb_set_string (&self->display_name, display_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
}

const char *
sb_member_get_email (SbMember *self)
{
  g_return_val_if_fail (SB_IS_MEMBER (self), NULL);
  return self->email;
}

void
sb_member_set_email (SbMember *self,
                     const char *email)
{
  g_return_if_fail (SB_IS_MEMBER (self));

  if (sb_set_string (&self->email, email))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMAIL]);
}

const char *
sb_member_get_phone (SbMember *self)
{
  g_return_val_if_fail (SB_IS_MEMBER (self), NULL);
  return self->phone;
}

void
sb_member_set_phone (SbMember *self,
                     const char *phone)
{
  g_return_if_fail (SB_IS_MEMBER (self));

  if (sb_set_string (&self->phone, phone))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHONE]);
}

SbMemberKind
sb_member_get_kind (SbMember *self)
{
  g_return_val_if_fail (SB_IS_MEMBER (self), 0);
  return self->kind;
}

void
sb_member_set_kind (SbMember *self,
                    SbMemberKind kind)
{
  g_return_if_fail (SB_IS_MEMBER (self));

  if (self->kind == kind)
    return;
  self->kind = kind;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

SbRole
sb_member_get_role (SbMember *self)
{
  g_return_val_if_fail (SB_IS_MEMBER (self), 0);
  return self->role;
}

void
sb_member_set_role (SbMember *self,
                    SbRole role)
{
  g_return_if_fail (SB_IS_MEMBER (self));

  if (self->role == role)
    return;
  self->role = role;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLE]);
}

SbMemberStatus
sb_member_get_status (SbMember *self)
{
  g_return_val_if_fail (SB_IS_MEMBER (self), 0);
  return self->status;
}

void
sb_member_set_status (SbMember *self,
                      SbMemberStatus status)
{
  g_return_if_fail (SB_IS_MEMBER (self));

  if (self->status == status)
    return;
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

const char * const *
sb_member_get_packages (SbMember *self)
{
  g_return_val_if_fail (SB_IS_MEMBER (self), NULL);
  return (const char * const *) self->packages;
}

gboolean
sb_member_has_package (SbMember   *self,
                       const char *package)
{
  g_return_val_if_fail (SB_IS_MEMBER (self), FALSE);
  g_return_val_if_fail (package != NULL, FALSE);
  return g_strv_contains ((const char * const *) self->packages, package);
}

void
sb_member_set_packages (SbMember           *self,
                        const char * const *packages)
{
  static const char * const none[] = { NULL };

  g_return_if_fail (SB_IS_MEMBER (self));

  if (packages == NULL)
    packages = none;
  if (g_strv_equal ((const char * const *) self->packages, packages))
    return;

  g_strfreev (self->packages);
  self->packages = g_strdupv ((char **) packages);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PACKAGES]);
}
