/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* A loopback HTTP server for one test: it records every request and lets the test answer
 * it. The tests check what reaches it, the way the real service would see it. */

typedef struct
{
  char               *method;
  char               *path;
  GHashTable         *query;   /* decoded, may be empty */
  SoupMessageHeaders *headers;
  char               *body;    /* NUL-terminated copy, "" when none */
} TestRequest;

typedef struct _TestService TestService;

typedef void (*TestHandler) (TestService       *service,
                             SoupServerMessage *message,
                             TestRequest       *request,
                             gpointer           user_data);

struct _TestService
{
  SoupServer  *server;
  char        *base_url; /* http://127.0.0.1:<port> */
  GPtrArray   *requests; /* of TestRequest */
  TestHandler  handler;
  gpointer     user_data;
};

TestService *test_service_new        (TestHandler        handler,
                                      gpointer           user_data);
void         test_service_free       (TestService       *service);
/* How many requests went to @path (or to any path for %NULL). */
guint        test_service_count      (TestService       *service,
                                      const char        *path);
TestRequest *test_service_last       (TestService       *service,
                                      const char        *path);

void         test_respond            (SoupServerMessage *message,
                                      guint              status,
                                      const char        *content_type,
                                      const char        *body);
void         test_respond_json       (SoupServerMessage *message,
                                      guint              status,
                                      const char        *json);
/* The decoded form of an application/x-www-form-urlencoded body. */
GHashTable  *test_request_dup_form   (TestRequest       *request);
/* user:password from an Authorization: Basic header, or %NULL. */
char        *test_request_dup_basic  (TestRequest       *request);

/* Runs the main loop until *@result is set by test_store_result(). */
void         test_store_result       (GObject           *object,
                                      GAsyncResult      *result,
                                      gpointer           user_data);
GAsyncResult *test_wait_for_result   (GAsyncResult     **result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestService, test_service_free)

G_END_DECLS
