/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-enums.h"

G_DEFINE_ENUM_TYPE (SbOrganizationKind, sb_organization_kind,
  G_DEFINE_ENUM_VALUE (SB_ORGANIZATION_KIND_COMPANY, "company"),
  G_DEFINE_ENUM_VALUE (SB_ORGANIZATION_KIND_CLUB, "club"),
  G_DEFINE_ENUM_VALUE (SB_ORGANIZATION_KIND_FEDERATION, "federation"))

G_DEFINE_ENUM_TYPE (SbMemberKind, sb_member_kind,
  G_DEFINE_ENUM_VALUE (SB_MEMBER_KIND_PERSON, "person"),
  G_DEFINE_ENUM_VALUE (SB_MEMBER_KIND_INTEGRATION_USER, "integration-user"))

G_DEFINE_ENUM_TYPE (SbMemberStatus, sb_member_status,
  G_DEFINE_ENUM_VALUE (SB_MEMBER_STATUS_ACTIVE, "active"),
  G_DEFINE_ENUM_VALUE (SB_MEMBER_STATUS_INVITED, "invited"),
  G_DEFINE_ENUM_VALUE (SB_MEMBER_STATUS_INACTIVE, "inactive"))

G_DEFINE_ENUM_TYPE (SbAccountStatus, sb_account_status,
  G_DEFINE_ENUM_VALUE (SB_ACCOUNT_STATUS_CONNECTED, "connected"),
  G_DEFINE_ENUM_VALUE (SB_ACCOUNT_STATUS_NEEDS_ATTENTION, "needs-attention"),
  G_DEFINE_ENUM_VALUE (SB_ACCOUNT_STATUS_ERROR, "error"),
  G_DEFINE_ENUM_VALUE (SB_ACCOUNT_STATUS_DISCONNECTED, "disconnected"),
  G_DEFINE_ENUM_VALUE (SB_ACCOUNT_STATUS_NEEDS_CREDENTIALS, "needs-credentials"))

G_DEFINE_ENUM_TYPE (SbIntegrationStatus, sb_integration_status,
  G_DEFINE_ENUM_VALUE (SB_INTEGRATION_STATUS_DRAFT, "draft"),
  G_DEFINE_ENUM_VALUE (SB_INTEGRATION_STATUS_LIVE, "live"),
  G_DEFINE_ENUM_VALUE (SB_INTEGRATION_STATUS_PAUSED, "paused"))

G_DEFINE_ENUM_TYPE (SbRunStatus, sb_run_status,
  G_DEFINE_ENUM_VALUE (SB_RUN_STATUS_QUEUED, "queued"),
  G_DEFINE_ENUM_VALUE (SB_RUN_STATUS_RUNNING, "running"),
  G_DEFINE_ENUM_VALUE (SB_RUN_STATUS_SUCCEEDED, "succeeded"),
  G_DEFINE_ENUM_VALUE (SB_RUN_STATUS_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (SB_RUN_STATUS_CANCELLED, "cancelled"),
  G_DEFINE_ENUM_VALUE (SB_RUN_STATUS_INTERRUPTED, "interrupted"),
  G_DEFINE_ENUM_VALUE (SB_RUN_STATUS_FILTERED, "filtered"))

G_DEFINE_ENUM_TYPE (SbRunEventLevel, sb_run_event_level,
  G_DEFINE_ENUM_VALUE (SB_RUN_EVENT_LEVEL_DEBUG, "debug"),
  G_DEFINE_ENUM_VALUE (SB_RUN_EVENT_LEVEL_INFO, "info"),
  G_DEFINE_ENUM_VALUE (SB_RUN_EVENT_LEVEL_WARNING, "warning"),
  G_DEFINE_ENUM_VALUE (SB_RUN_EVENT_LEVEL_ERROR, "error"))

const char *
sb_enum_to_nick (GType enum_type,
                 int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (enum_type);
  GEnumValue *ev = g_enum_get_value (klass, value);

  /* Enum classes of static types are never freed, so the nick outlives the ref. */
  return ev != NULL ? ev->value_nick : NULL;
}

gboolean
sb_enum_from_nick (GType       enum_type,
                   const char *nick,
                   int        *value)
{
  g_autoptr(GEnumClass) klass = NULL;
  GEnumValue *ev;

  if (nick == NULL)
    return FALSE;

  klass = g_type_class_ref (enum_type);
  ev = g_enum_get_value_by_nick (klass, nick);
  if (ev == NULL)
    return FALSE;

  if (value != NULL)
    *value = ev->value;
  return TRUE;
}

const char *
sb_organization_kind_get_label (SbOrganizationKind kind)
{
  switch (kind)
    {
    case SB_ORGANIZATION_KIND_COMPANY:
      return _("Company");
    case SB_ORGANIZATION_KIND_CLUB:
      return _("Club");
    case SB_ORGANIZATION_KIND_FEDERATION:
      return _("Federation");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
sb_member_kind_get_label (SbMemberKind kind)
{
  switch (kind)
    {
    case SB_MEMBER_KIND_PERSON:
      return _("Person");
    case SB_MEMBER_KIND_INTEGRATION_USER:
      return _("Integration user");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
sb_member_status_get_label (SbMemberStatus status)
{
  switch (status)
    {
    case SB_MEMBER_STATUS_ACTIVE:
      /* Translators: the status of a member of an organization */
      return C_("member status", "Active");
    case SB_MEMBER_STATUS_INVITED:
      return C_("member status", "Invited");
    case SB_MEMBER_STATUS_INACTIVE:
      return C_("member status", "Inactive");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
sb_account_status_get_label (SbAccountStatus status)
{
  switch (status)
    {
    case SB_ACCOUNT_STATUS_CONNECTED:
      return _("Connected");
    case SB_ACCOUNT_STATUS_NEEDS_ATTENTION:
      return _("Needs attention");
    case SB_ACCOUNT_STATUS_ERROR:
      /* Translators: the status of a connected account */
      return C_("account status", "Error");
    case SB_ACCOUNT_STATUS_DISCONNECTED:
      return _("Disconnected");
    case SB_ACCOUNT_STATUS_NEEDS_CREDENTIALS:
      return _("Needs credentials");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
sb_integration_status_get_label (SbIntegrationStatus status)
{
  switch (status)
    {
    case SB_INTEGRATION_STATUS_DRAFT:
      /* Translators: the status of an integration that has never been activated */
      return C_("integration status", "Draft");
    case SB_INTEGRATION_STATUS_LIVE:
      /* Translators: the status of an integration that is running */
      return C_("integration status", "Live");
    case SB_INTEGRATION_STATUS_PAUSED:
      return C_("integration status", "Paused");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
sb_run_status_get_label (SbRunStatus status)
{
  switch (status)
    {
    case SB_RUN_STATUS_QUEUED:
      return C_("run status", "Queued");
    case SB_RUN_STATUS_RUNNING:
      return C_("run status", "Running");
    case SB_RUN_STATUS_SUCCEEDED:
      return C_("run status", "Succeeded");
    case SB_RUN_STATUS_FAILED:
      return C_("run status", "Failed");
    case SB_RUN_STATUS_CANCELLED:
      return C_("run status", "Cancelled");
    case SB_RUN_STATUS_INTERRUPTED:
      return C_("run status", "Interrupted");
    case SB_RUN_STATUS_FILTERED:
      /* Translators: a run that stopped because a filter step's condition did not hold */
      return C_("run status", "Filtered");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
sb_run_event_level_get_label (SbRunEventLevel level)
{
  switch (level)
    {
    case SB_RUN_EVENT_LEVEL_DEBUG:
      /* Translators: the level of a line in the log of a run */
      return C_("log level", "Debug");
    case SB_RUN_EVENT_LEVEL_INFO:
      return C_("log level", "Info");
    case SB_RUN_EVENT_LEVEL_WARNING:
      return C_("log level", "Warning");
    case SB_RUN_EVENT_LEVEL_ERROR:
      return C_("log level", "Error");
    default:
      g_return_val_if_reached (NULL);
    }
}
