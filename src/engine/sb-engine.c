/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sb-engine.h"

/* TESTING.md measured libsoup's default of 2 connections per host as the bottleneck of
 * concurrent runs against one service. */
#define MAX_CONNS_PER_HOST 8

struct _SbEngine
{
  GObject             parent_instance;

  SbStore            *store;
  SbCredentialSource *credentials;
  SoupSession        *session;
};

G_DEFINE_FINAL_TYPE (SbEngine, sb_engine, G_TYPE_OBJECT)

static void
sb_engine_dispose (GObject *object)
{
  SbEngine *self = (SbEngine *)object;

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->credentials);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (sb_engine_parent_class)->dispose (object);
}

static void
sb_engine_class_init (SbEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sb_engine_dispose;
}

static void
sb_engine_init (SbEngine *self)
{
}

SbEngine *
sb_engine_new (SbStore            *store,
               SbCredentialSource *credentials)
{
  SbEngine *self;

  g_return_val_if_fail (SB_IS_STORE (store), NULL);
  g_return_val_if_fail (credentials == NULL || SB_IS_CREDENTIAL_SOURCE (credentials), NULL);

  self = g_object_new (SB_TYPE_ENGINE, NULL);
  self->store = g_object_ref (store);
  self->credentials = credentials != NULL ? g_object_ref (credentials) : NULL;
  self->session = soup_session_new_with_options ("max-conns-per-host", MAX_CONNS_PER_HOST,
                                                 "user-agent", "Samband/" PACKAGE_VERSION,
                                                 NULL);
  return self;
}

SoupSession *
sb_engine_get_session (SbEngine *self)
{
  g_return_val_if_fail (SB_IS_ENGINE (self), NULL);
  return self->session;
}

gint64
sb_engine_recover (SbEngine  *self,
                   GError   **error)
{
  gint64 n;

  g_return_val_if_fail (SB_IS_ENGINE (self), -1);

  if (!sb_store_begin (self->store, error))
    return -1;
  n = sb_store_interrupt_running_runs (self->store, error);
  if (n < 0)
    {
      sb_store_rollback (self->store);
      return -1;
    }
  if (!sb_store_commit (self->store, error))
    return -1;

  if (n > 0)
    g_message ("%" G_GINT64_FORMAT " runs left running by an earlier exit are now interrupted", n);
  return n;
}
