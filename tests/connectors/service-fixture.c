/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "service-fixture.h"

static void
test_request_free (gpointer data)
{
  TestRequest *request = data;

  g_free (request->method);
  g_free (request->path);
  g_clear_pointer (&request->query, g_hash_table_unref);
  g_clear_pointer (&request->headers, soup_message_headers_unref);
  g_free (request->body);
  g_free (request);
}

static void
on_request (SoupServer        *server,
            SoupServerMessage *message,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  TestService *service = user_data;
  TestRequest *request = g_new0 (TestRequest, 1);
  SoupMessageBody *body = soup_server_message_get_request_body (message);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);

  request->method = g_strdup (soup_server_message_get_method (message));
  request->path = g_strdup (path);
  request->query = query != NULL ? g_hash_table_ref (query)
                                 : g_hash_table_new (g_str_hash, g_str_equal);
  request->headers = soup_message_headers_ref (soup_server_message_get_request_headers (message));
  request->body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_ptr_array_add (service->requests, request);

  service->handler (service, message, request, service->user_data);
}

TestService *
test_service_new (TestHandler handler,
                  gpointer    user_data)
{
  TestService *service = g_new0 (TestService, 1);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  service->server = soup_server_new (NULL, NULL);
  service->requests = g_ptr_array_new_with_free_func (test_request_free);
  service->handler = handler;
  service->user_data = user_data;
  soup_server_add_handler (service->server, NULL, on_request, service, NULL);
  soup_server_listen (service->server, address, 0, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (service->server);
  service->base_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  return service;
}

void
test_service_free (TestService *service)
{
  soup_server_disconnect (service->server);
  g_object_unref (service->server);
  g_ptr_array_unref (service->requests);
  g_free (service->base_url);
  g_free (service);
}

guint
test_service_count (TestService *service,
                    const char  *path)
{
  guint n = 0;

  for (guint i = 0; i < service->requests->len; i++)
    {
      TestRequest *request = g_ptr_array_index (service->requests, i);

      if (path == NULL || g_str_equal (request->path, path))
        n++;
    }

  return n;
}

TestRequest *
test_service_last (TestService *service,
                   const char  *path)
{
  for (guint i = service->requests->len; i > 0; i--)
    {
      TestRequest *request = g_ptr_array_index (service->requests, i - 1);

      if (path == NULL || g_str_equal (request->path, path))
        return request;
    }

  g_error ("no request to %s", path != NULL ? path : "any path");
  return NULL;
}

void
test_respond (SoupServerMessage *message,
              guint              status,
              const char        *content_type,
              const char        *body)
{
  soup_server_message_set_status (message, status, NULL);
  if (body != NULL)
    soup_server_message_set_response (message, content_type, SOUP_MEMORY_COPY, body,
                                      strlen (body));
}

void
test_respond_json (SoupServerMessage *message,
                   guint              status,
                   const char        *json)
{
  test_respond (message, status, "application/json", json);
}

GHashTable *
test_request_dup_form (TestRequest *request)
{
  return soup_form_decode (request->body);
}

char *
test_request_dup_basic (TestRequest *request)
{
  const char *value = soup_message_headers_get_one (request->headers, "Authorization");
  g_autofree guchar *decoded = NULL;
  gsize length;

  if (value == NULL || !g_str_has_prefix (value, "Basic "))
    return NULL;

  decoded = g_base64_decode (value + strlen ("Basic "), &length);
  return g_strndup ((const char *)decoded, length);
}

void
test_store_result (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GAsyncResult **store = user_data;

  g_assert_null (*store);
  *store = g_object_ref (result);
}

GAsyncResult *
test_wait_for_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *result;
}
