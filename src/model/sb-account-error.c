/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sb-account-error.h"
#include "sb-model-private.h"

struct _SbAccountError
{
  GObject parent_instance;

  gint64 id;
  gint64 account_id;
  GDateTime *at;
  char *message;
  gint64 integration_id;
  char *integration_name;
};

G_DEFINE_FINAL_TYPE (SbAccountError, sb_account_error, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_ACCOUNT_ID,
  PROP_AT,
  PROP_MESSAGE,
  PROP_INTEGRATION_ID,
  PROP_INTEGRATION_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sb_account_error_finalize (GObject *object)
{
  SbAccountError *self = (SbAccountError *)object;

  g_clear_pointer (&self->at, g_date_time_unref);
  g_free (self->message);
  g_free (self->integration_name);

  G_OBJECT_CLASS (sb_account_error_parent_class)->finalize (object);
}

static void
sb_account_error_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SbAccountError *self = SB_ACCOUNT_ERROR (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_ACCOUNT_ID:
      g_value_set_int64 (value, self->account_id);
      break;
    case PROP_AT:
      g_value_set_boxed (value, self->at);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_INTEGRATION_ID:
      g_value_set_int64 (value, self->integration_id);
      break;
    case PROP_INTEGRATION_NAME:
      g_value_set_string (value, self->integration_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_account_error_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SbAccountError *self = SB_ACCOUNT_ERROR (object);

  switch (prop_id)
    {
    case PROP_ID:
      sb_account_error_set_id (self, g_value_get_int64 (value));
      break;
    case PROP_ACCOUNT_ID:
      sb_account_error_set_account_id (self, g_value_get_int64 (value));
      break;
    case PROP_AT:
      sb_account_error_set_at (self, g_value_get_boxed (value));
      break;
    case PROP_MESSAGE:
      sb_account_error_set_message (self, g_value_get_string (value));
      break;
    case PROP_INTEGRATION_ID:
      sb_account_error_set_integration_id (self, g_value_get_int64 (value));
      break;
    case PROP_INTEGRATION_NAME:
      sb_account_error_set_integration_name (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_account_error_class_init (SbAccountErrorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sb_account_error_finalize;
  object_class->get_property = sb_account_error_get_property;
  object_class->set_property = sb_account_error_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCOUNT_ID] =
    g_param_spec_int64 ("account-id", NULL, NULL, 0, G_MAXINT64, 0,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AT] =
    g_param_spec_boxed ("at", NULL, NULL, G_TYPE_DATE_TIME,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INTEGRATION_ID] =
    g_param_spec_int64 ("integration-id", NULL, NULL, 0, G_MAXINT64, 0,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INTEGRATION_NAME] =
    g_param_spec_string ("integration-name", NULL, NULL, NULL,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sb_account_error_init (SbAccountError *self)
{
}

SbAccountError *
sb_account_error_new (void)
{
  return g_object_new (SB_TYPE_ACCOUNT_ERROR, NULL);
}

gint64
sb_account_error_get_id (SbAccountError *self)
{
  g_return_val_if_fail (SB_IS_ACCOUNT_ERROR (self), 0);
  return self->id;
}

void
sb_account_error_set_id (SbAccountError *self,
                         gint64          id)
{
  g_return_if_fail (SB_IS_ACCOUNT_ERROR (self));

  if (self->id == id)
    return;
  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

gint64
sb_account_error_get_account_id (SbAccountError *self)
{
  g_return_val_if_fail (SB_IS_ACCOUNT_ERROR (self), 0);
  return self->account_id;
}

void
sb_account_error_set_account_id (SbAccountError *self,
                                 gint64          account_id)
{
  g_return_if_fail (SB_IS_ACCOUNT_ERROR (self));

  if (self->account_id == account_id)
    return;
  self->account_id = account_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT_ID]);
}

GDateTime *
sb_account_error_get_at (SbAccountError *self)
{
  g_return_val_if_fail (SB_IS_ACCOUNT_ERROR (self), NULL);
  return self->at;
}

void
sb_account_error_set_at (SbAccountError *self,
                         GDateTime      *at)
{
  g_return_if_fail (SB_IS_ACCOUNT_ERROR (self));

  if (sb_set_datetime (&self->at, at))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AT]);
}

const char *
sb_account_error_get_message (SbAccountError *self)
{
  g_return_val_if_fail (SB_IS_ACCOUNT_ERROR (self), NULL);
  return self->message;
}

void
sb_account_error_set_message (SbAccountError *self,
                              const char     *message)
{
  g_return_if_fail (SB_IS_ACCOUNT_ERROR (self));

  if (sb_set_string (&self->message, message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

gint64
sb_account_error_get_integration_id (SbAccountError *self)
{
  g_return_val_if_fail (SB_IS_ACCOUNT_ERROR (self), 0);
  return self->integration_id;
}

void
sb_account_error_set_integration_id (SbAccountError *self,
                                     gint64          integration_id)
{
  g_return_if_fail (SB_IS_ACCOUNT_ERROR (self));

  if (self->integration_id == integration_id)
    return;
  self->integration_id = integration_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTEGRATION_ID]);
}

const char *
sb_account_error_get_integration_name (SbAccountError *self)
{
  g_return_val_if_fail (SB_IS_ACCOUNT_ERROR (self), NULL);
  return self->integration_name;
}

void
sb_account_error_set_integration_name (SbAccountError *self,
                                       const char     *integration_name)
{
  g_return_if_fail (SB_IS_ACCOUNT_ERROR (self));

  if (sb_set_string (&self->integration_name, integration_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTEGRATION_NAME]);
}
