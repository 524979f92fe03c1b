/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  SB_ORGANIZATION_KIND_COMPANY,
  SB_ORGANIZATION_KIND_CLUB,
  SB_ORGANIZATION_KIND_FEDERATION,
} SbOrganizationKind;

typedef enum
{
  SB_MEMBER_KIND_PERSON,
  SB_MEMBER_KIND_INTEGRATION_USER,
} SbMemberKind;

typedef enum
{
  SB_MEMBER_STATUS_ACTIVE,
  SB_MEMBER_STATUS_INVITED,
  SB_MEMBER_STATUS_INACTIVE,
} SbMemberStatus;

typedef enum
{
  SB_ACCOUNT_STATUS_CONNECTED,
  SB_ACCOUNT_STATUS_NEEDS_ATTENTION,
  SB_ACCOUNT_STATUS_ERROR,
  SB_ACCOUNT_STATUS_DISCONNECTED,
  /* Saved without credentials because no keyring answered; they are entered again later. */
  SB_ACCOUNT_STATUS_NEEDS_CREDENTIALS,
} SbAccountStatus;

typedef enum
{
  SB_INTEGRATION_STATUS_DRAFT,
  SB_INTEGRATION_STATUS_LIVE,
  SB_INTEGRATION_STATUS_PAUSED,
} SbIntegrationStatus;

typedef enum
{
  SB_RUN_STATUS_QUEUED,
  SB_RUN_STATUS_RUNNING,
  SB_RUN_STATUS_SUCCEEDED,
  SB_RUN_STATUS_FAILED,
  SB_RUN_STATUS_CANCELLED,
  SB_RUN_STATUS_INTERRUPTED,
  /* A filter step's condition did not hold: the run stopped there, on purpose. */
  SB_RUN_STATUS_FILTERED,
} SbRunStatus;

typedef enum
{
  SB_RUN_EVENT_LEVEL_DEBUG,
  SB_RUN_EVENT_LEVEL_INFO,
  SB_RUN_EVENT_LEVEL_WARNING,
  SB_RUN_EVENT_LEVEL_ERROR,
} SbRunEventLevel;

#define SB_TYPE_ORGANIZATION_KIND (sb_organization_kind_get_type ())
#define SB_TYPE_MEMBER_KIND (sb_member_kind_get_type ())
#define SB_TYPE_MEMBER_STATUS (sb_member_status_get_type ())
#define SB_TYPE_ACCOUNT_STATUS (sb_account_status_get_type ())
#define SB_TYPE_INTEGRATION_STATUS (sb_integration_status_get_type ())
#define SB_TYPE_RUN_STATUS (sb_run_status_get_type ())
#define SB_TYPE_RUN_EVENT_LEVEL (sb_run_event_level_get_type ())

GType sb_organization_kind_get_type (void) G_GNUC_CONST;
GType sb_member_kind_get_type (void) G_GNUC_CONST;
GType sb_member_status_get_type (void) G_GNUC_CONST;
GType sb_account_status_get_type (void) G_GNUC_CONST;
GType sb_integration_status_get_type (void) G_GNUC_CONST;
GType sb_run_status_get_type (void) G_GNUC_CONST;
GType sb_run_event_level_get_type (void) G_GNUC_CONST;

/* The stable names used in the database and in `--json` output (the enum value nicks). */
const char *sb_enum_to_nick   (GType        enum_type,
                               int          value);
gboolean    sb_enum_from_nick (GType        enum_type,
                               const char  *nick,
                               int         *value);

/* Translated names for the interface. */
const char *sb_organization_kind_get_label  (SbOrganizationKind  kind);
const char *sb_member_kind_get_label        (SbMemberKind        kind);
const char *sb_member_status_get_label      (SbMemberStatus      status);
const char *sb_account_status_get_label     (SbAccountStatus     status);
const char *sb_integration_status_get_label (SbIntegrationStatus status);
const char *sb_run_status_get_label         (SbRunStatus         status);
const char *sb_run_event_level_get_label    (SbRunEventLevel     level);

G_END_DECLS
