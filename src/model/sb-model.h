/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sb-enums.h"
#include "sb-json.h"
#include "sb-access-package.h"
#include "sb-role.h"
#include "sb-organization.h"
#include "sb-member.h"
#include "sb-account.h"
#include "sb-account-error.h"
#include "sb-integration.h"
#include "sb-integration-config.h"
#include "sb-integration-version.h"
#include "sb-run.h"
#include "sb-run-event.h"
#include "sb-search.h"
#include "sb-template.h"
#include "sb-credential-source.h"
