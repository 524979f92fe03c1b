/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "demo/sb-imitation.h"
#include "model/sb-credential-source.h"

G_BEGIN_DECLS

/* A credential source for the engine's tests: it hands out the imitations' own
 * credentials for the accounts it was told the service of, what a run renewed, and "bearer"
 * as the scheme of an http account. */
#define TEST_TYPE_CREDENTIALS (test_credentials_get_type ())
G_DECLARE_FINAL_TYPE (TestCredentials, test_credentials, TEST, CREDENTIALS, GObject)

struct _TestCredentials
{
  GObject       parent_instance;
  SbImitations *imitations;   /* borrowed */
  GHashTable   *services;     /* account id (gint64 *) → service */
  GHashTable   *kept;         /* "id/field" → value a run renewed */
  char         *withheld;     /* a field it says it does not have */
};

G_END_DECLS
