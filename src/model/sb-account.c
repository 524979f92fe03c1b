/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sb-account.h"
#include "sb-model-private.h"

struct _SbAccount
{
  GObject parent_instance;

  gint64 id;
  gint64 organization_id;
  char *connector_id;
  char *name;
  SbAccountStatus status;
  char *base_url;
  JsonNode *connection_info;
  JsonNode *metadata;
  gint64 owner_member_id;
  GDateTime *last_tested_at;
  GDateTime *last_refresh_at;
};

G_DEFINE_FINAL_TYPE (SbAccount, sb_account, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_ORGANIZATION_ID,
  PROP_CONNECTOR_ID,
  PROP_NAME,
  PROP_STATUS,
  PROP_BASE_URL,
  PROP_CONNECTION_INFO,
  PROP_METADATA,
  PROP_OWNER_MEMBER_ID,
  PROP_LAST_TESTED_AT,
  PROP_LAST_REFRESH_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sb_account_finalize (GObject *object)
{
  SbAccount *self = (SbAccount *)object;

  g_free (self->connector_id);
  g_free (self->name);
  g_free (self->base_url);
  g_clear_pointer (&self->connection_info, json_node_unref);
  g_clear_pointer (&self->metadata, json_node_unref);
  g_clear_pointer (&self->last_tested_at, g_date_time_unref);
  g_clear_pointer (&self->last_refresh_at, g_date_time_unref);

  G_OBJECT_CLASS (sb_account_parent_class)->finalize (object);
}

static void
sb_account_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  SbAccount *self = SB_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_ORGANIZATION_ID:
      g_value_set_int64 (value, self->organization_id);
      break;
    case PROP_CONNECTOR_ID:
      g_value_set_string (value, self->connector_id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_CONNECTION_INFO:
      g_value_set_boxed (value, self->connection_info);
      break;
    case PROP_METADATA:
      g_value_set_boxed (value, self->metadata);
      break;
    case PROP_OWNER_MEMBER_ID:
      g_value_set_int64 (value, self->owner_member_id);
      break;
    case PROP_LAST_TESTED_AT:
      g_value_set_boxed (value, self->last_tested_at);
      break;
    case PROP_LAST_REFRESH_AT:
      g_value_set_boxed (value, self->last_refresh_at);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_account_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  SbAccount *self = SB_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
      sb_account_set_id (self, g_value_get_int64 (value));
      break;
    case PROP_ORGANIZATION_ID:
      sb_account_set_organization_id (self, g_value_get_int64 (value));
      break;
    case PROP_CONNECTOR_ID:
      sb_account_set_connector_id (self, g_value_get_string (value));
      break;
    case PROP_NAME:
      sb_account_set_name (self, g_value_get_string (value));
      break;
    case PROP_STATUS:
      sb_account_set_status (self, g_value_get_enum (value));
      break;
    case PROP_BASE_URL:
      sb_account_set_base_url (self, g_value_get_string (value));
      break;
    case PROP_CONNECTION_INFO:
      sb_account_set_connection_info (self, g_value_get_boxed (value));
      break;
    case PROP_METADATA:
      sb_account_set_metadata (self, g_value_get_boxed (value));
      break;
    case PROP_OWNER_MEMBER_ID:
      sb_account_set_owner_member_id (self, g_value_get_int64 (value));
      break;
    case PROP_LAST_TESTED_AT:
      sb_account_set_last_tested_at (self, g_value_get_boxed (value));
      break;
    case PROP_LAST_REFRESH_AT:
      sb_account_set_last_refresh_at (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_account_class_init (SbAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sb_account_finalize;
  object_class->get_property = sb_account_get_property;
  object_class->set_property = sb_account_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORGANIZATION_ID] =
    g_param_spec_int64 ("organization-id", NULL, NULL, 0, G_MAXINT64, 0,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECTOR_ID] =
    g_param_spec_string ("connector-id", NULL, NULL, NULL,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, SB_TYPE_ACCOUNT_STATUS, SB_ACCOUNT_STATUS_CONNECTED,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECTION_INFO] =
    g_param_spec_boxed ("connection-info", NULL, NULL, JSON_TYPE_NODE,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_METADATA] =
    g_param_spec_boxed ("metadata", NULL, NULL, JSON_TYPE_NODE,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OWNER_MEMBER_ID] =
    g_param_spec_int64 ("owner-member-id", NULL, NULL, 0, G_MAXINT64, 0,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_TESTED_AT] =
    g_param_spec_boxed ("last-tested-at", NULL, NULL, G_TYPE_DATE_TIME,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_REFRESH_AT] =
    g_param_spec_boxed ("last-refresh-at", NULL, NULL, G_TYPE_DATE_TIME,
      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sb_account_init (SbAccount *self)
{
  self->status = SB_ACCOUNT_STATUS_CONNECTED;
}

SbAccount *
sb_account_new (void)
{
  return g_object_new (SB_TYPE_ACCOUNT, NULL);
}

gint64
sb_account_get_id (SbAccount *self)
{
  g_return_val_if_fail (SB_IS_ACCOUNT (self), 0);
  return self->id;
}

void
sb_account_set_id (SbAccount *self,
                   gint64 id)
{
  g_return_if_fail (SB_IS_ACCOUNT (self));

  if (self->id == id)
    return;
  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

gint64
sb_account_get_organization_id (SbAccount *self)
{
  g_return_val_if_fail (SB_IS_ACCOUNT (self), 0);
  return self->organization_id;
}

void
sb_account_set_organization_id (SbAccount *self,
                                gint64 organization_id)
{
  g_return_if_fail (SB_IS_ACCOUNT (self));

  if (self->organization_id == organization_id)
    return;
  self->organization_id = organization_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORGANIZATION_ID]);
}

const char *
sb_account_get_connector_id (SbAccount *self)
{
  g_return_val_if_fail (SB_IS_ACCOUNT (self), NULL);
  return self->connector_id;
}

void
sb_account_set_connector_id (SbAccount *self,
                             const char *connector_id)
{
  g_return_if_fail (SB_IS_ACCOUNT (self));

  if (sb_set_string (&self->connector_id, connector_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTOR_ID]);
}

const char *
sb_account_get_name (SbAccount *self)
{
  g_return_val_if_fail (SB_IS_ACCOUNT (self), NULL);
  return self->name;
}

void
sb_account_set_name (SbAccount *self,
                     const char *name)
{
  g_return_if_fail (SB_IS_ACCOUNT (self));

  if (sb_set_string (&self->name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

SbAccountStatus
sb_account_get_status (SbAccount *self)
{
  g_return_val_if_fail (SB_IS_ACCOUNT (self), 0);
  return self->status;
}

void
sb_account_set_status (SbAccount *self,
                       SbAccountStatus status)
{
  g_return_if_fail (SB_IS_ACCOUNT (self));

  if (self->status == status)
    return;
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

const char *
sb_account_get_base_url (SbAccount *self)
{
  g_return_val_if_fail (SB_IS_ACCOUNT (self), NULL);
  return self->base_url;
}

void
sb_account_set_base_url (SbAccount *self,
                         const char *base_url)
{
  g_return_if_fail (SB_IS_ACCOUNT (self));

  if (sb_set_string (&self->base_url, base_url))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_URL]);
}

JsonNode *
sb_account_get_connection_info (SbAccount *self)
{
  g_return_val_if_fail (SB_IS_ACCOUNT (self), NULL);
  return self->connection_info;
}

void
sb_account_set_connection_info (SbAccount *self,
                                JsonNode *connection_info)
{
  g_return_if_fail (SB_IS_ACCOUNT (self));

  if (sb_set_json (&self->connection_info, connection_info))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION_INFO]);
}

JsonNode *
sb_account_get_metadata (SbAccount *self)
{
  g_return_val_if_fail (SB_IS_ACCOUNT (self), NULL);
  return self->metadata;
}

void
sb_account_set_metadata (SbAccount *self,
                         JsonNode *metadata)
{
  g_return_if_fail (SB_IS_ACCOUNT (self));

  if (sb_set_json (&self->metadata, metadata))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_METADATA]);
}

gint64
sb_account_get_owner_member_id (SbAccount *self)
{
  g_return_val_if_fail (SB_IS_ACCOUNT (self), 0);
  return self->owner_member_id;
}

void
sb_account_set_owner_member_id (SbAccount *self,
                                gint64     owner_member_id)
{
  g_return_if_fail (SB_IS_ACCOUNT (self));

  if (self->owner_member_id == owner_member_id)
    return;
  self->owner_member_id = owner_member_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OWNER_MEMBER_ID]);
}

GDateTime *
sb_account_get_last_tested_at (SbAccount *self)
{
  g_return_val_if_fail (SB_IS_ACCOUNT (self), NULL);
  return self->last_tested_at;
}

void
sb_account_set_last_tested_at (SbAccount *self,
                               GDateTime *last_tested_at)
{
  g_return_if_fail (SB_IS_ACCOUNT (self));

  if (sb_set_datetime (&self->last_tested_at, last_tested_at))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_TESTED_AT]);
}

GDateTime *
sb_account_get_last_refresh_at (SbAccount *self)
{
  g_return_val_if_fail (SB_IS_ACCOUNT (self), NULL);
  return self->last_refresh_at;
}

void
sb_account_set_last_refresh_at (SbAccount *self,
                                GDateTime *last_refresh_at)
{
  g_return_if_fail (SB_IS_ACCOUNT (self));

  if (sb_set_datetime (&self->last_refresh_at, last_refresh_at))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_REFRESH_AT]);
}
