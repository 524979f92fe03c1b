/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-runner.h"

#include "connectors/sb-auth.h"

#define DEFAULT_RETRIES         3
#define DEFAULT_RUN_TIMEOUT_MINUTES 30
#define DEFAULT_TIMEOUT_SECONDS 60
/* Backoff: 200 ms, 400 ms, 800 ms, … plus up to half again as jitter, never over 10 s; a
 * Retry-After is honoured up to a minute. */
#define BACKOFF_BASE_MS         200
#define BACKOFF_MAX_MS          10000
#define RETRY_AFTER_MAX_MS      60000
#define READ_CHUNK              (64 * 1024)
#define HIDDEN                  "••••"
/* The name under which a poll trigger's cursor is stored for its integration. */
#define POLL_CURSOR             "poll"

typedef struct _Run Run;

typedef struct
{
  SbAuthenticator *auth;  /* borrowed from Run.auths */
  gulong           id;
  gint64           account_id;
  Run             *run;
} Handler;

/* One level of the steps being run: the top-level steps, or a for_each step's nested steps
 * for its current item. */
typedef struct
{
  JsonArray *steps;
  guint      index;
  /* for_each only */
  char      *id;
  JsonArray *items;
  guint      item;
  guint      failed;
  guint      first_failed;  /* the first item that failed, when failed > 0 */
  /* A poll run's new items: each is the context's "trigger" rather than its "item". */
  gboolean   as_trigger;
  /* What became of the current item so far, recorded when it is over */
  guint      outcome;       /* an ItemOutcome */
  char      *reason;
} Frame;

/* In order of precedence: an item one step created and another updated was created. */
typedef enum
{
  ITEM_SKIPPED,
  ITEM_UPDATED,
  ITEM_CREATED,
  ITEM_FAILED,
} ItemOutcome;

struct _Run
{
  SbStore            *store;
  SoupSession        *session;
  SbConnectorCatalog *catalog;
  SbCredentialSource *credentials;
  SbIntegration      *integration;
  GListModel         *accounts;
  GCancellable       *cancellable;  /* the run's, never NULL */

  SbRun              *run;
  JsonNode           *context;
  JsonObject         *outputs;      /* context.steps, borrowed */
  guint               retries;
  guint               timeout_seconds;

  GHashTable         *auths;        /* account id → SbAuthenticator */
  GHashTable         *connectors;   /* account id → SbConnector (borrowed from the catalog) */
  GHashTable         *limits;       /* account id → GQueue of the monotonic times of requests */
  GPtrArray          *secrets;      /* every credential value, NULL-terminated */

  /* Credential look-up */
  GArray             *account_ids;
  guint               account_index;
  SbAccount          *account;
  SbConnector        *connector;
  GPtrArray          *fields;
  guint               field_index;
  SbCredentials      *creds;

  GPtrArray          *frames;
  GPtrArray          *events;       /* SbRunEvent recorded and not yet written, or NULL */
  gint64              flushed_at;   /* monotonic time of the last write of events */
  guint               flush_id;     /* the timeout that writes them at the latest */

  SbRunnerCredentialsChanged changed_func;
  gpointer                   changed_data;
  SbRunnerProgress           progress_func;
  SbRunnerEventsRecorded     events_func;
  guint                      run_timeout_id;
  gboolean                   run_timed_out;
  guint                      run_timeout_minutes;
  GArray                    *handlers;     /* (SbAuthenticator, handler id) pairs */

  /* A poll run: the request for new items (the step "trigger", run before the steps), the
   * poll trigger it asked (borrowed from the catalog), the stored cursor it asked from (NULL
   * on the first poll), when it asked (ISO 8601, UTC), and the cursor to store once the run
   * is recorded as done (NULL: keep the stored one). */
  JsonObject                *poll_step;
  SbConnectorPollTrigger    *poll;
  char                      *poll_cursor;
  char                      *poll_started;
  char                      *poll_next;
  gboolean                   poll_answered;
};

static void
limit_free (GQueue *queue)
{
  g_queue_free_full (queue, g_free);
}

static void
frame_free (Frame *frame)
{
  g_clear_pointer (&frame->steps, json_array_unref);
  g_clear_pointer (&frame->items, json_array_unref);
  g_free (frame->id);
  g_free (frame->reason);
  g_free (frame);
}

static void flush_events (Run *run);

static void
run_free (Run *run)
{
  g_clear_handle_id (&run->run_timeout_id, g_source_remove);
  g_clear_handle_id (&run->flush_id, g_source_remove);
  /* finish () has written them; this is for a run that ended some other way. */
  flush_events (run);
  g_clear_pointer (&run->events, g_ptr_array_unref);
  g_clear_object (&run->store);
  g_clear_object (&run->session);
  g_clear_object (&run->catalog);
  g_clear_object (&run->credentials);
  g_clear_object (&run->integration);
  g_clear_object (&run->accounts);
  g_clear_object (&run->cancellable);
  g_clear_object (&run->run);
  g_clear_pointer (&run->context, json_node_unref);
  if (run->handlers != NULL)
    {
      for (guint i = 0; i < run->handlers->len; i++)
        {
          Handler *handler = &g_array_index (run->handlers, Handler, i);

          g_signal_handler_disconnect (handler->auth, handler->id);
        }
      g_array_unref (run->handlers);
    }
  g_clear_pointer (&run->auths, g_hash_table_unref);
  g_clear_pointer (&run->connectors, g_hash_table_unref);
  g_clear_pointer (&run->limits, g_hash_table_unref);
  if (run->secrets != NULL)
    {
      for (guint i = 0; i < run->secrets->len; i++)
        sb_credential_free (g_ptr_array_index (run->secrets, i));
      g_ptr_array_free (run->secrets, TRUE);
    }
  g_clear_pointer (&run->account_ids, g_array_unref);
  g_clear_object (&run->account);
  g_clear_pointer (&run->fields, g_ptr_array_unref);
  g_clear_pointer (&run->creds, sb_credentials_free);
  g_clear_pointer (&run->frames, g_ptr_array_unref);
  g_clear_pointer (&run->poll_step, json_object_unref);
  g_free (run->poll_cursor);
  g_free (run->poll_started);
  g_free (run->poll_next);
  g_free (run);
}

/* ------------------------------------------------------------------------------------ */
/* Redaction */

static gboolean
is_sensitive_name (const char *name)
{
  static const char * const words[] = {
    "authorization", "cookie", "password", "passwd", "token", "secret", "api_key", "apikey",
    "api-key", "session", NULL
  };
  g_autofree char *lower = g_ascii_strdown (name, -1);

  for (guint i = 0; words[i] != NULL; i++)
    if (strstr (lower, words[i]) != NULL)
      return TRUE;
  return FALSE;
}

static char *
scrub_text (Run        *run,
            const char *text)
{
  GString *s = g_string_new (text);

  for (guint i = 0; run->secrets != NULL && i + 1 < run->secrets->len; i++)
    {
      const char *secret = g_ptr_array_index (run->secrets, i);

      if (secret != NULL && strlen (secret) >= 4)
        g_string_replace (s, secret, HIDDEN, 0);
    }
  return g_string_free (s, FALSE);
}

/* A deep copy without secrets: members named like credentials are hidden, and every
 * credential value is taken out of the strings. */
static JsonNode *
redact (Run      *run,
        JsonNode *node)
{
  if (node == NULL)
    return json_node_init_null (json_node_alloc ());

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      JsonObject *copy = json_object_new ();
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;
      JsonNode *result;

      json_object_iter_init_ordered (&iter, object);
      while (json_object_iter_next_ordered (&iter, &name, &value))
        {
          if (is_sensitive_name (name) && !JSON_NODE_HOLDS_NULL (value))
            json_object_set_string_member (copy, name, HIDDEN);
          else
            json_object_set_member (copy, name, redact (run, value));
        }
      result = json_node_init_object (json_node_alloc (), copy);
      json_object_unref (copy);
      return result;
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      JsonArray *copy = json_array_sized_new (json_array_get_length (array));
      JsonNode *result;

      for (guint i = 0; i < json_array_get_length (array); i++)
        json_array_add_element (copy, redact (run, json_array_get_element (array, i)));
      result = json_node_init_array (json_node_alloc (), copy);
      json_array_unref (copy);
      return result;
    }
  else if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_autofree char *text = scrub_text (run, json_node_get_string (node));

      return json_node_init_string (json_node_alloc (), text);
    }

  return json_node_copy (node);
}

/* ------------------------------------------------------------------------------------ */
/* Events */

/* Events are written in batches of at most this many, in one transaction each. */
#define EVENT_BATCH 64

/* Writes the events recorded so far, all in one transaction. */
static void
flush_events (Run *run)
{
  g_autoptr(GError) error = NULL;
  gboolean written;

  g_clear_handle_id (&run->flush_id, g_source_remove);
  if (run->events == NULL || run->events->len == 0)
    return;

  written = sb_store_insert_run_events (run->store, run->events, &error);
  if (!written)
    g_debug ("%u run events could not be recorded: %s", run->events->len, error->message);
  g_ptr_array_set_size (run->events, 0);
  run->flushed_at = g_get_monotonic_time ();
  if (written && run->events_func != NULL && run->run != NULL)
    run->events_func (run->run, run->changed_data);
}

static gboolean
on_flush_timeout (gpointer user_data)
{
  Run *run = user_data;

  run->flush_id = 0;
  flush_events (run);
  return G_SOURCE_REMOVE;
}

/* Events are kept until the step ends, the run ends or EVENT_BATCH of them are waiting, and
 * then written together, so that a loop over many items does not pay for a transaction per
 * event. @data (redacted already, or NULL) is taken. */
static void
record_data (Run             *run,
             SbRunEventLevel  level,
             const char      *step_id,
             const char      *message,
             JsonNode        *data)
{
  g_autoptr(SbRunEvent) event = sb_run_event_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *clean = scrub_text (run, message);

  /* The time it happened, not the time it is written. */
  sb_run_event_set_at (event, now);
  sb_run_event_set_run_id (event, sb_run_get_id (run->run));
  sb_run_event_set_level (event, level);
  sb_run_event_set_step_id (event, step_id);
  sb_run_event_set_message (event, clean);
  if (data != NULL)
    {
      sb_run_event_set_data (event, data);
      json_node_unref (data);
    }

  if (run->events == NULL)
    run->events = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (run->events, g_steal_pointer (&event));
  if (run->events->len >= EVENT_BATCH)
    flush_events (run);
  else if (run->flush_id == 0)
    {
      /* Written at the latest a quarter of a second after the last write, even while the
       * run waits (for a rate limit, a slow service, a retry). */
      gint64 due = run->flushed_at + G_USEC_PER_SEC / 4 - g_get_monotonic_time ();

      run->flush_id = g_timeout_add (MAX (due, 0) / 1000 + 1, on_flush_timeout, run);
    }
}

static void
record (Run             *run,
        SbRunEventLevel  level,
        const char      *step_id,
        const char      *message,
        JsonNode        *input,
        JsonNode        *output)
{
  JsonNode *node = NULL;

  if (input != NULL || output != NULL)
    {
      g_autoptr(JsonObject) data = json_object_new ();

      if (input != NULL)
        json_object_set_member (data, "input", redact (run, input));
      if (output != NULL)
        {
          JsonNode *clean_output = redact (run, output);
          g_autofree char *text = json_to_string (clean_output, FALSE);
          gsize size = strlen (text);

          if (size > SB_RUNNER_MAX_RECORDED_OUTPUT)
            {
              JsonObject *cut = json_object_new ();

              json_node_unref (clean_output);
              json_object_set_boolean_member (cut, "truncated", TRUE);
              json_object_set_int_member (cut, "size", size);
              clean_output = json_node_init_object (json_node_alloc (), cut);
              json_object_unref (cut);
            }
          json_object_set_member (data, "output", clean_output);
        }
      node = json_node_init_object (json_node_alloc (), data);
    }
  record_data (run, level, step_id, message, node);
}

/* ------------------------------------------------------------------------------------ */
/* Templates */

static JsonNode *
render (Run         *run,
        JsonNode    *node,
        const char  *step_id,
        const char  *field,
        GError     **error)
{
  if (node == NULL)
    return json_node_init_null (json_node_alloc ());

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(JsonObject) copy = json_object_new ();
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      json_object_iter_init_ordered (&iter, json_node_get_object (node));
      while (json_object_iter_next_ordered (&iter, &name, &value))
        {
          g_autofree char *path = g_strdup_printf ("%s.%s", field, name);
          JsonNode *rendered = render (run, value, step_id, path, error);

          if (rendered == NULL)
            return NULL;
          json_object_set_member (copy, name, rendered);
        }
      return json_node_init_object (json_node_alloc (), copy);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      g_autoptr(JsonArray) copy = json_array_new ();

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *path = g_strdup_printf ("%s[%u]", field, i);
          JsonNode *rendered = render (run, json_array_get_element (array, i), step_id, path,
                                       error);

          if (rendered == NULL)
            return NULL;
          json_array_add_element (copy, rendered);
        }
      return json_node_init_array (json_node_alloc (), copy);
    }
  else if (json_node_get_value_type (node) == G_TYPE_STRING &&
           strstr (json_node_get_string (node), "{{") != NULL)
    {
      g_autoptr(SbTemplate) template = NULL;
      g_autoptr(GError) local_error = NULL;
      JsonNode *value = NULL;

      template = sb_template_parse (json_node_get_string (node), &local_error);
      if (template != NULL)
        value = sb_template_render_value (template, run->context, &local_error);
      if (local_error != NULL)
        {
          g_set_error (error, local_error->domain, local_error->code,
                       /* Translators: a step's id, a field of it (“input.Customer.Name”),
                        * then what is wrong with its template (which says the column) */
                       _("The step “%s”, %s: %s"), step_id, field, local_error->message);
          return NULL;
        }
      return value != NULL ? value : json_node_init_null (json_node_alloc ());
    }

  return json_node_copy (node);
}

static char *
node_to_text (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("");
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return json_to_string (node, FALSE);
}

static gboolean
is_truthy (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return FALSE;
  if (JSON_NODE_HOLDS_ARRAY (node))
    return json_array_get_length (json_node_get_array (node)) > 0;
  if (JSON_NODE_HOLDS_OBJECT (node))
    return json_object_get_size (json_node_get_object (node)) > 0;
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_autofree char *text = g_strstrip (g_ascii_strdown (json_node_get_string (node), -1));

      return !(text[0] == '\0' || g_str_equal (text, "false") || g_str_equal (text, "0") ||
               g_str_equal (text, "no") || g_str_equal (text, "null"));
    }
  return json_node_get_double (node) != 0.0;
}

/* ------------------------------------------------------------------------------------ */
/* The end of a run */

/* The value of @item's cursor field as text, or NULL when it has none that can be sent. */
static char *
dup_item_cursor (JsonNode   *item,
                 const char *field)
{
  JsonNode *value = item != NULL && JSON_NODE_HOLDS_OBJECT (item)
                      ? sb_json_path_lookup (item, field) : NULL;
  g_autofree char *text = NULL;

  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value))
    return NULL;
  text = node_to_text (value);
  return text[0] != '\0' ? g_steal_pointer (&text) : NULL;
}

/* How far a poll run has read: up to its newest item or, when items failed, up to the last
 * one before the first that failed, so that the next poll asks for that one again. NULL: the
 * stored cursor stays. */
static char *
dup_next_cursor (Run *run)
{
  Frame *top = run->frames->len > 0 ? g_ptr_array_index (run->frames, 0) : NULL;
  const char *field = sb_connector_poll_trigger_get_cursor_field (run->poll);

  if (top == NULL || !top->as_trigger || top->failed == 0)
    return g_strdup (run->poll_next);
  if (field == NULL || top->first_failed == 0)
    return NULL;
  return dup_item_cursor (json_array_get_element (top->items, top->first_failed - 1), field);
}

static void
finish (GTask       *task,
        SbRunStatus  status,
        const char  *error_message)
{
  Run *run = g_task_get_task_data (task);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  g_autofree char *timed_out = NULL;
  gboolean own_transaction = FALSE;

  g_clear_handle_id (&run->run_timeout_id, g_source_remove);
  if (run->run_timed_out && status == SB_RUN_STATUS_CANCELLED)
    {
      timed_out = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "The run took longer than its limit of %u "
                                                "minute and was stopped",
                                                "The run took longer than its limit of %u "
                                                "minutes and was stopped",
                                                run->run_timeout_minutes),
                                   run->run_timeout_minutes);
      record (run, SB_RUN_EVENT_LEVEL_ERROR, NULL, timed_out, NULL, NULL);
      status = SB_RUN_STATUS_FAILED;
      error_message = timed_out;
    }

  /* The last events, the outcome and the poll cursor in one transaction: whoever sees the
   * outcome finds every event before it, and the cursor never runs ahead of the run. */
  if (!sb_store_in_transaction (run->store) && sb_store_begin (run->store, NULL))
    own_transaction = TRUE;
  flush_events (run);

  if (error_message != NULL)
    {
      g_autofree char *clean = scrub_text (run, error_message);

      sb_run_set_error (run->run, clean);
    }
  sb_run_set_status (run->run, status);
  sb_run_set_finished_at (run->run, now);

  if (!sb_store_update_run (run->store, run->run, &error))
    {
      if (own_transaction)
        sb_store_rollback (run->store);
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  /* Only once the run that used the new items is recorded does the next poll go past them;
   * after a failure it asks for the same items again. */
  if (run->poll_answered &&
      (status == SB_RUN_STATUS_SUCCEEDED || status == SB_RUN_STATUS_FILTERED))
    {
      g_autofree char *next = dup_next_cursor (run);

      if (next != NULL && g_strcmp0 (next, run->poll_cursor) != 0 &&
          !sb_store_set_cursor (run->store, sb_integration_get_id (run->integration),
                                POLL_CURSOR, next, &error))
        {
          if (own_transaction)
            sb_store_rollback (run->store);
          g_task_return_error (task, g_steal_pointer (&error));
          g_object_unref (task);
          return;
        }
    }

  if (own_transaction && !sb_store_commit (run->store, &error))
    {
      sb_store_rollback (run->store);
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  g_task_return_pointer (task, g_object_ref (run->run), g_object_unref);
  g_object_unref (task);
}

static void
fail (GTask      *task,
      const char *step_id,
      const char *message)
{
  Run *run = g_task_get_task_data (task);

  record (run, SB_RUN_EVENT_LEVEL_ERROR, step_id, message, NULL, NULL);
  finish (task, g_cancellable_is_cancelled (run->cancellable) ? SB_RUN_STATUS_CANCELLED
                                                              : SB_RUN_STATUS_FAILED,
          message);
}

/* ------------------------------------------------------------------------------------ */
/* Steps that talk to a service */

typedef struct
{
  GTask             *task;        /* the run's; borrowed */
  Run               *run;
  JsonObject        *step;
  char              *step_id;
  char              *method;
  SbAuthenticator   *auth;        /* NULL: no account */
  SbConnector       *connector;   /* NULL: no account */
  gint64             account_id;
  SbConnectorAction *action;      /* NULL: an http step */
  JsonObject        *params;      /* action */
  gboolean           poll;        /* the request of a poll trigger (action is its request) */
  char              *url;         /* http */
  JsonObject        *headers;     /* http */
  JsonNode          *body;        /* http */
  JsonNode          *input;       /* what is recorded */
  char              *idempotency_header;
  char              *idempotency_key;

  guint              attempt;     /* from 1 */
  gboolean           reauthorized;
  SoupMessage       *message;
  GCancellable      *cancellable;
  gulong             cancelled_id;
  guint              timeout_id;
  guint              retry_id;
  gboolean           timed_out;
  GInputStream      *stream;
  GByteArray        *buffer;
} Exchange;

static void exchange_attempt (Exchange *ex);
static void step_done        (GTask *task, const char *step_id, const char *method,
                              JsonNode *input, JsonNode *output, const char *error);
static void poll_done        (GTask *task, const char *method, JsonNode *input,
                              JsonNode *output, const char *error);

static void
exchange_free (Exchange *ex)
{
  g_clear_handle_id (&ex->timeout_id, g_source_remove);
  g_clear_handle_id (&ex->retry_id, g_source_remove);
  if (ex->cancelled_id != 0)
    g_cancellable_disconnect (ex->run->cancellable, ex->cancelled_id);
  g_clear_object (&ex->cancellable);
  g_clear_pointer (&ex->step, json_object_unref);
  g_free (ex->step_id);
  g_free (ex->method);
  g_clear_object (&ex->auth);
  g_clear_object (&ex->action);
  g_clear_pointer (&ex->params, json_object_unref);
  g_free (ex->url);
  g_clear_pointer (&ex->headers, json_object_unref);
  g_clear_pointer (&ex->body, json_node_unref);
  g_clear_pointer (&ex->input, json_node_unref);
  g_free (ex->idempotency_header);
  g_free (ex->idempotency_key);
  g_clear_object (&ex->message);
  g_clear_object (&ex->stream);
  g_clear_pointer (&ex->buffer, g_byte_array_unref);
  g_free (ex);
}

static void
exchange_done (Exchange   *ex,
               JsonNode   *output,
               const char *error)
{
  g_autoptr(JsonNode) input = g_steal_pointer (&ex->input);
  g_autofree char *step_id = g_steal_pointer (&ex->step_id);
  g_autofree char *method = g_steal_pointer (&ex->method);
  GTask *task = ex->task;
  gboolean poll = ex->poll;

  exchange_free (ex);
  if (poll)
    poll_done (task, method, input, output, error);
  else
    step_done (task, step_id, method, input, output, error);
}

static char *
with_support (Exchange   *ex,
              const char *message)
{
  const char *contact;

  if (ex->connector == NULL)
    return g_strdup (message);
  contact = sb_connector_get_support_email (ex->connector);
  if (contact == NULL)
    contact = sb_connector_get_support_url (ex->connector);
  if (contact == NULL)
    return g_strdup (message);
  /* Translators: why a step failed, then a provider's name and its support contact (an
   * e-mail address or a web page) */
  return g_strdup_printf (_("%s (support of %s: %s)"), message,
                          sb_connector_get_provider_name (ex->connector) != NULL
                            ? sb_connector_get_provider_name (ex->connector)
                            : sb_connector_get_name (ex->connector),
                          contact);
}

static gboolean
is_network_error (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;
  return error->domain == G_IO_ERROR || error->domain == G_RESOLVER_ERROR ||
         error->domain == SOUP_SESSION_ERROR || error->domain == G_TLS_ERROR;
}

/* The service's fault or the credentials': the account's page lists it, with the
 * integration that met it. */
static void
note_account_error (Run        *run,
                    gint64      account_id,
                    const char *message)
{
  g_autoptr(SbAccountError) account_error = sb_account_error_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *clean = scrub_text (run, message);

  if (account_id <= 0)
    return;
  sb_account_error_set_account_id (account_error, account_id);
  sb_account_error_set_integration_id (account_error, sb_integration_get_id (run->integration));
  sb_account_error_set_message (account_error, clean);
  if (!sb_store_insert_account_error (run->store, account_error, &error))
    g_debug ("An account error could not be recorded: %s", error->message);
}

/* The credentials were refused (after one refresh, where there is one): the account needs
 * its owner's attention, in the window as in the store. */
static void
mark_account (Run             *run,
              gint64           account_id,
              SbAccountStatus  status)
{
  g_autoptr(GError) error = NULL;
  guint n = g_list_model_get_n_items (run->accounts);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SbAccount) account = g_list_model_get_item (run->accounts, i);

      if (sb_account_get_id (account) != account_id || sb_account_get_status (account) == status)
        continue;
      sb_account_set_status (account, status);
      if (!sb_store_update_account (run->store, account, &error))
        g_debug ("The account's status could not be recorded: %s", error->message);
      return;
    }
}

static void
note_credential_fault (Run          *run,
                       gint64        account_id,
                       const GError *error)
{
  if (account_id <= 0 || error->domain != SB_CONNECTOR_ERROR)
    return;
  if (error->code == SB_CONNECTOR_ERROR_UNAUTHORIZED ||
      error->code == SB_CONNECTOR_ERROR_NEEDS_AUTHORIZATION)
    mark_account (run, account_id, SB_ACCOUNT_STATUS_NEEDS_ATTENTION);
  else if (error->code == SB_CONNECTOR_ERROR_MISSING_CREDENTIAL)
    mark_account (run, account_id, SB_ACCOUNT_STATUS_NEEDS_CREDENTIALS);
}

/* On the account's error list too, with the provider to contact, as on the run. */
static void
note_exchange_error (Exchange   *ex,
                     const char *message)
{
  g_autofree char *full = with_support (ex, message);

  note_account_error (ex->run, ex->account_id, full);
}

static gboolean
is_account_fault (const GError *error)
{
  if (error->domain != SB_CONNECTOR_ERROR)
    return FALSE;
  switch (error->code)
    {
    case SB_CONNECTOR_ERROR_UNAUTHORIZED:
    case SB_CONNECTOR_ERROR_RATE_LIMITED:
    case SB_CONNECTOR_ERROR_UNAVAILABLE:
    case SB_CONNECTOR_ERROR_BAD_ANSWER:
    case SB_CONNECTOR_ERROR_MISSING_CREDENTIAL:
    case SB_CONNECTOR_ERROR_NEEDS_AUTHORIZATION:
      return TRUE;
    default:
      return FALSE;
    }
}

static void
exchange_fail (Exchange   *ex,
               const char *message)
{
  g_autofree char *full = with_support (ex, message);

  exchange_done (ex, NULL, full);
}

static void
exchange_fail_error (Exchange *ex,
                     GError   *error)
{
  if (ex->timed_out)
    {
      g_autofree char *message =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "It took longer than %u second",
                                      "It took longer than %u seconds",
                                      ex->run->timeout_seconds),
                         ex->run->timeout_seconds);

      note_exchange_error (ex, message);
      exchange_fail (ex, message);
    }
  else if (g_cancellable_is_cancelled (ex->run->cancellable))
    exchange_done (ex, NULL, _("The run was cancelled"));
  else
    {
      if (ex->connector != NULL && (is_network_error (error) || is_account_fault (error)))
        note_exchange_error (ex, error->message);
      note_credential_fault (ex->run, ex->account_id, error);
      exchange_fail (ex, error->message);
    }
}

static gboolean
retry_cb (gpointer user_data)
{
  Exchange *ex = user_data;

  ex->retry_id = 0;
  exchange_attempt (ex);
  return G_SOURCE_REMOVE;
}

/* Waits and tries again when retries are left; FALSE when none are. */
static gboolean
maybe_retry (Exchange   *ex,
             guint       retry_after_ms,
             const char *reason)
{
  g_autofree char *message = NULL;
  guint delay;

  if (ex->attempt > ex->run->retries)
    return FALSE;

  delay = MIN (BACKOFF_MAX_MS, BACKOFF_BASE_MS << MIN (ex->attempt - 1, 10));
  delay += g_random_int_range (0, delay / 2 + 1);
  delay = MAX (delay, MIN (retry_after_ms, RETRY_AFTER_MAX_MS));

  /* Translators: the wait in seconds, the attempt about to be made, the most attempts,
   * then why (“Stripe answered 500 Internal Server Error”) */
  message = g_strdup_printf (_("Trying again in %.1f s (attempt %u of %u): %s"),
                             delay / 1000.0, ex->attempt + 1, ex->run->retries + 1, reason);
  record (ex->run, SB_RUN_EVENT_LEVEL_WARNING, ex->step_id, message, NULL, NULL);

  ex->attempt++;
  ex->retry_id = g_timeout_add (delay, retry_cb, ex);
  return TRUE;
}

static guint
parse_retry_after (SoupMessage *message)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                    "Retry-After");
  guint64 seconds;

  if (value == NULL)
    return 0;
  if (g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT32, &seconds, NULL))
    return (guint)MIN (seconds * 1000, RETRY_AFTER_MAX_MS);
  else
    {
      g_autoptr(GDateTime) when = soup_date_time_new_from_http_string (value);
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      GTimeSpan span;

      if (when == NULL)
        return 0;
      span = g_date_time_difference (when, now) / 1000;
      return span > 0 ? (guint)MIN (span, RETRY_AFTER_MAX_MS) : 0;
    }
}


static void
exchange_answered (Exchange *ex,
                   GBytes   *bytes)
{
  guint status = soup_message_get_status (ex->message);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) output = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (status == SOUP_STATUS_UNAUTHORIZED && ex->auth != NULL && !ex->reauthorized)
    {
      ex->reauthorized = TRUE;
      sb_authenticator_invalidate (ex->auth);
      exchange_attempt (ex);
      return;
    }

  if (status == 429 || SOUP_STATUS_IS_SERVER_ERROR (status))
    {
      GUri *uri = soup_message_get_uri (ex->message);
      g_autofree char *reason =
        /* Translators: a service's name, then an HTTP status (number and phrase) */
        g_strdup_printf (_("%s answered %u %s"),
                         ex->connector != NULL ? sb_connector_get_name (ex->connector)
                                               : g_uri_get_host (uri),
                         status, status == 429 ? "Too Many Requests"
                                               : soup_status_get_phrase (status));
      guint retry_after = parse_retry_after (ex->message);
      guint requests, seconds;

      /* A service that documents its limit but does not say when to come back (Fortnox):
       * wait for the next window. */
      if (status == 429 && retry_after == 0 && ex->connector != NULL &&
          sb_connector_get_rate_limit (ex->connector, &requests, &seconds))
        retry_after = seconds * 1000;
      if (maybe_retry (ex, retry_after, reason))
        return;
    }

  if (ex->connector != NULL)
    {

      answer = sb_connector_read_answer (ex->connector, ex->action, ex->message, bytes,
                                         (const char * const *)ex->run->secrets->pdata, &error);
      if (answer == NULL)
        {
          if (is_account_fault (error))
            note_exchange_error (ex, error->message);
          note_credential_fault (ex->run, ex->account_id, error);
          exchange_fail (ex, error->message);
          return;
        }
    }
  else
    {
      gsize length;
      const char *data = g_bytes_get_data (bytes, &length);
      g_autoptr(JsonParser) parser = json_parser_new ();
      SoupMessageHeaders *response = soup_message_get_response_headers (ex->message);
      const char *type = soup_message_headers_get_content_type (response, NULL);
      g_autoptr(GError) parse_error = NULL;

      if (!SOUP_STATUS_IS_SUCCESSFUL (status))
        {
          g_autofree char *message =
            g_strdup_printf (_("%s answered %u %s"),
                             g_uri_get_host (soup_message_get_uri (ex->message)),
                             status, soup_status_get_phrase (status));

          exchange_fail (ex, message);
          return;
        }

      if (length == 0)
        answer = json_node_init_null (json_node_alloc ());
      else if (json_parser_load_from_data (parser, data, length, &parse_error))
        answer = json_node_copy (json_parser_get_root (parser));
      else if (type != NULL && strstr (type, "json") != NULL)
        {
          g_autofree char *message =
            /* Translators: a host name, then why its answer is not JSON */
            g_strdup_printf (_("%s sent JSON that cannot be read: %s"),
                             g_uri_get_host (soup_message_get_uri (ex->message)),
                             parse_error->message);

          exchange_fail (ex, message);
          return;
        }
      else
        {
          g_autofree char *text = g_utf8_make_valid (data, length);

          answer = json_node_init_string (json_node_alloc (), text);
        }
    }

  output = json_object_new ();
  json_object_set_int_member (output, "status", status);
  json_object_set_member (output, "body", g_steal_pointer (&answer));
  node = json_node_init_object (json_node_alloc (), output);
  exchange_done (ex, node, NULL);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Exchange *ex = user_data;
  g_autoptr(GBytes) chunk = NULL;
  g_autoptr(GError) error = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    {
      if (is_network_error (error) && !ex->timed_out && maybe_retry (ex, 0, error->message))
        return;
      exchange_fail_error (ex, error);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      g_autoptr(GBytes) bytes = g_byte_array_free_to_bytes (g_steal_pointer (&ex->buffer));

      g_input_stream_close (ex->stream, NULL, NULL);
      g_clear_object (&ex->stream);
      exchange_answered (ex, bytes);
      return;
    }

  g_byte_array_append (ex->buffer, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  if (ex->buffer->len > SB_RUNNER_MAX_RESPONSE_SIZE)
    {
      g_autofree char *message =
        /* Translators: %u is a number of mebibytes */
        g_strdup_printf (_("The answer is larger than %u MiB"),
                         SB_RUNNER_MAX_RESPONSE_SIZE / (1024 * 1024));

      g_input_stream_close (ex->stream, NULL, NULL);
      exchange_fail (ex, message);
      return;
    }

  g_input_stream_read_bytes_async (ex->stream, READ_CHUNK, G_PRIORITY_DEFAULT, ex->cancellable,
                                   read_cb, ex);
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Exchange *ex = user_data;
  g_autoptr(GError) error = NULL;
  goffset length;

  ex->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (ex->stream == NULL)
    {
      if (is_network_error (error) && !ex->timed_out && maybe_retry (ex, 0, error->message))
        return;
      exchange_fail_error (ex, error);
      return;
    }

  length = soup_message_headers_get_content_length (
             soup_message_get_response_headers (ex->message));
  if (length > SB_RUNNER_MAX_RESPONSE_SIZE)
    {
      g_autofree char *message =
        g_strdup_printf (_("The answer is larger than %u MiB"),
                         SB_RUNNER_MAX_RESPONSE_SIZE / (1024 * 1024));

      exchange_fail (ex, message);
      return;
    }

  g_clear_pointer (&ex->buffer, g_byte_array_unref);
  ex->buffer = g_byte_array_new ();
  g_input_stream_read_bytes_async (ex->stream, READ_CHUNK, G_PRIORITY_DEFAULT, ex->cancellable,
                                   read_cb, ex);
}

static void
exchange_send (Exchange *ex)
{
  soup_session_send_async (ex->run->session, ex->message, G_PRIORITY_DEFAULT, ex->cancellable,
                           sent_cb, ex);
}

static void
authorized_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Exchange *ex = user_data;
  g_autoptr(GError) error = NULL;

  if (!sb_authenticator_authorize_finish (SB_AUTHENTICATOR (object), result, &error))
    {
      if (is_network_error (error) && !ex->timed_out && maybe_retry (ex, 0, error->message))
        return;
      exchange_fail_error (ex, error);
      return;
    }
  exchange_send (ex);
}

/* The action has a follow-up request (IdrottOnline's reports): the authenticator makes both
 * requests, and this retries the pair when the service is unavailable or busy. */
static void
follow_up_sent_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Exchange *ex = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonObject) output = NULL;
  g_autoptr(JsonNode) node = NULL;

  answer = sb_authenticator_send_finish (SB_AUTHENTICATOR (object), result, &error);
  if (answer == NULL)
    {
      if (!ex->timed_out &&
          (g_error_matches (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_UNAVAILABLE) ||
           g_error_matches (error, SB_CONNECTOR_ERROR, SB_CONNECTOR_ERROR_RATE_LIMITED) ||
           is_network_error (error)) &&
          maybe_retry (ex, 0, error->message))
        return;
      exchange_fail_error (ex, error);
      return;
    }

  output = json_object_new ();
  json_object_set_int_member (output, "status", SOUP_STATUS_OK);
  json_object_set_member (output, "body", g_steal_pointer (&answer));
  node = json_node_init_object (json_node_alloc (), output);
  exchange_done (ex, node, NULL);
}

static gboolean
limit_cb (gpointer user_data)
{
  Exchange *ex = user_data;

  ex->retry_id = 0;
  exchange_attempt (ex);
  return G_SOURCE_REMOVE;
}

/* The service's documented rate limit (Fortnox: 25 requests per 5 seconds per token), kept
 * per account: TRUE when the request may go now, otherwise it is sent when a slot frees. */
static gboolean
take_slot (Exchange *ex)
{
  guint requests, seconds;
  GQueue *queue;
  gint64 now = g_get_monotonic_time ();
  gint64 window;
  guint slots = ex->action != NULL && sb_connector_action_get_follow_up (ex->action) != NULL
                  ? 2 : 1;

  if (ex->connector == NULL ||
      !sb_connector_get_rate_limit (ex->connector, &requests, &seconds) || requests == 0)
    return TRUE;

  window = (gint64)seconds * G_USEC_PER_SEC;
  queue = g_hash_table_lookup (ex->run->limits, &ex->account_id);
  if (queue == NULL)
    {
      gint64 *key = g_new (gint64, 1);

      *key = ex->account_id;
      queue = g_queue_new ();
      g_hash_table_insert (ex->run->limits, key, queue);
    }
  while (!g_queue_is_empty (queue) && *(gint64 *)g_queue_peek_head (queue) + window <= now)
    g_free (g_queue_pop_head (queue));

  if (g_queue_get_length (queue) + slots > MAX (requests, slots))
    {
      gint64 wait = *(gint64 *)g_queue_peek_head (queue) + window - now;

      ex->retry_id = g_timeout_add (MAX (1, wait / 1000 + 10), limit_cb, ex);
      return FALSE;
    }

  for (guint i = 0; i < slots; i++)
    g_queue_push_tail (queue, g_memdup2 (&now, sizeof now));
  return TRUE;
}

static void
exchange_attempt (Exchange *ex)
{
  g_autoptr(GError) error = NULL;

  if (!take_slot (ex))
    return;

  if (ex->action != NULL && sb_connector_action_get_follow_up (ex->action) != NULL)
    {
      sb_authenticator_send_async (ex->auth, ex->run->session, ex->action, ex->params,
                                   ex->cancellable, follow_up_sent_cb, ex);
      return;
    }

  g_clear_object (&ex->message);
  if (ex->action != NULL)
    {
      ex->message = sb_authenticator_build_message (ex->auth, ex->action, ex->params, &error);
      if (ex->message == NULL)
        {
          exchange_fail (ex, error->message);
          return;
        }
    }
  else
    {
      g_autofree char *url = NULL;
      SoupMessageHeaders *headers;
      gboolean has_content_type = FALSE;

      if (ex->auth != NULL && strstr (ex->url, "://") == NULL)
        {
          const char *base = sb_authenticator_get_base_url (ex->auth);

          if (base == NULL)
            {
              exchange_fail (ex, _("The account has no base URL"));
              return;
            }
          url = g_strconcat (base, ex->url[0] == '/' ? "" : "/", ex->url, NULL);
        }
      else
        url = g_strdup (ex->url);

      ex->message = soup_message_new (ex->method, url);
      if (ex->message == NULL)
        {
          g_autofree char *message =
            /* Translators: %s is a URL */
            g_strdup_printf (_("“%s” is not a URL that can be asked"), url);

          exchange_done (ex, NULL, message);
          return;
        }

      headers = soup_message_get_request_headers (ex->message);
      if (ex->headers != NULL)
        {
          JsonObjectIter iter;
          const char *name;
          JsonNode *value;

          json_object_iter_init_ordered (&iter, ex->headers);
          while (json_object_iter_next_ordered (&iter, &name, &value))
            {
              g_autofree char *text = node_to_text (value);

              if (g_ascii_strcasecmp (name, "Content-Type") == 0)
                has_content_type = TRUE;
              soup_message_headers_replace (headers, name, text);
            }
        }
      if (soup_message_headers_get_one (headers, "Accept") == NULL)
        soup_message_headers_replace (headers, "Accept", "application/json");

      if (ex->body != NULL && !JSON_NODE_HOLDS_NULL (ex->body))
        {
          g_autofree char *text = NULL;
          g_autoptr(GBytes) bytes = NULL;
          g_autofree char *content_type = NULL;
          const char *type;
          gsize length;

          if (json_node_get_value_type (ex->body) == G_TYPE_STRING)
            {
              text = g_strdup (json_node_get_string (ex->body));
              type = "text/plain; charset=utf-8";
            }
          else
            {
              text = json_to_string (ex->body, FALSE);
              type = "application/json";
            }
          if (has_content_type)
            type = soup_message_headers_get_one (headers, "Content-Type");
          content_type = g_strdup (type);
          length = strlen (text);
          bytes = g_bytes_new_take (g_steal_pointer (&text), length);
          soup_message_set_request_body_from_bytes (ex->message, content_type, bytes);
        }
    }

  if (ex->idempotency_header != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (ex->message),
                                  ex->idempotency_header, ex->idempotency_key);

  if (ex->auth != NULL)
    sb_authenticator_authorize_async (ex->auth, ex->run->session, ex->message, ex->cancellable,
                                      authorized_cb, ex);
  else
    exchange_send (ex);
}

static gboolean
timeout_cb (gpointer user_data)
{
  Exchange *ex = user_data;

  ex->timeout_id = 0;
  ex->timed_out = TRUE;
  if (ex->retry_id != 0)
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "");

      g_clear_handle_id (&ex->retry_id, g_source_remove);
      exchange_fail_error (ex, error);
    }
  else
    g_cancellable_cancel (ex->cancellable);
  return G_SOURCE_REMOVE;
}

static void
on_run_cancelled (GCancellable *cancellable,
                  gpointer      user_data)
{
  Exchange *ex = user_data;

  g_cancellable_cancel (ex->cancellable);
}

/* ------------------------------------------------------------------------------------ */
/* The steps */

static void next_step (GTask *task);

static void
report_progress (Run *run)
{
  Frame *top = g_ptr_array_index (run->frames, 0);
  Frame *loop = run->frames->len > 1 ? g_ptr_array_index (run->frames, 1) : NULL;

  if (run->progress_func == NULL)
    return;
  /* A poll run goes through its new items at the top. */
  if (top->items != NULL)
    loop = top;

  run->progress_func (run->run, top->index, json_array_get_length (top->steps),
                      loop != NULL && loop->items != NULL ? loop->item : 0,
                      loop != NULL && loop->items != NULL ? json_array_get_length (loop->items)
                                                          : 0,
                      run->changed_data);
}

static Frame *
current_frame (Run *run)
{
  return g_ptr_array_index (run->frames, run->frames->len - 1);
}

/* The innermost for_each level, or NULL outside any. */
static Frame *
item_frame (Run   *run,
            guint *index)
{
  for (guint i = run->frames->len; i > 0; i--)
    {
      Frame *frame = g_ptr_array_index (run->frames, i - 1);

      if (frame->items != NULL)
        {
          if (index != NULL)
            *index = i - 1;
          return frame;
        }
    }
  return NULL;
}

static void
set_item (Run *run)
{
  Frame *frame = item_frame (run, NULL);
  JsonObject *context = json_node_get_object (run->context);

  if (frame != NULL && frame->as_trigger)
    {
      json_object_set_member (context, "trigger",
                              json_node_copy (json_array_get_element (frame->items,
                                                                      frame->item)));
      frame = NULL;
    }
  if (frame == NULL)
    json_object_remove_member (context, "item");
  else
    json_object_set_member (context, "item",
                            json_node_copy (json_array_get_element (frame->items, frame->item)));
}

/* The text of @object's member @name when it is a string or a number, or NULL. */
static char *
dup_member_text (JsonObject *object,
                 const char *name)
{
  JsonNode *value = json_object_get_member (object, name);
  g_autofree char *text = NULL;

  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value))
    return NULL;
  text = g_strstrip (node_to_text (value));
  return text[0] != '\0' ? g_steal_pointer (&text) : NULL;
}

/* What a person would call @item in the outcome of an import: its name when it has one, and
 * its id (to @id) when it has one; NULL when it has neither. */
static char *
dup_item_key (JsonNode  *item,
              char     **id)
{
  static const char * const names[] = {
    "name", "Name", "full_name", "FullName", "title", "Title", "email", "Email", NULL
  };
  static const char * const ids[] = {
    "id", "Id", "ID", "PersonId", "CustomerNumber", "DocumentNumber", "number", "Number",
    "order_number", "OrderNumber", NULL
  };
  JsonObject *object;
  char *key = NULL;

  *id = NULL;
  if (item == NULL || !JSON_NODE_HOLDS_OBJECT (item))
    return item != NULL && JSON_NODE_HOLDS_VALUE (item) ? g_strstrip (node_to_text (item))
                                                        : NULL;
  object = json_node_get_object (item);

  for (guint i = 0; key == NULL && names[i] != NULL; i++)
    key = dup_member_text (object, names[i]);
  if (key == NULL)
    {
      g_autofree char *first = dup_member_text (object, "FirstName");
      g_autofree char *last = dup_member_text (object, "LastName");

      if (first == NULL && last == NULL)
        {
          g_free (first);
          g_free (last);
          first = dup_member_text (object, "first_name");
          last = dup_member_text (object, "last_name");
        }
      if (first != NULL || last != NULL)
        key = g_strjoin (first != NULL && last != NULL ? " " : "", first != NULL ? first : "",
                         last != NULL ? last : "", NULL);
    }
  for (guint i = 0; *id == NULL && ids[i] != NULL; i++)
    *id = dup_member_text (object, ids[i]);
  if (*id == NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      /* Whatever names itself an id or a number, such as “PersonId” or “customer_number”. */
      json_object_iter_init (&iter, object);
      while (*id == NULL && json_object_iter_next (&iter, &name, &value))
        if (g_str_has_suffix (name, "Id") || g_str_has_suffix (name, "_id") ||
            g_str_has_suffix (name, "Number") || g_str_has_suffix (name, "_number"))
          *id = dup_member_text (object, name);
    }
  return key != NULL ? key : g_strdup (*id);
}

/* The current item of the loop @frame is over: one event says what became of it, with
 * {"item": its index from 0, "key": what to call it, "id", "outcome": "created", "updated",
 * "skipped" or "failed", "reason"} as data, so that an import's details can list every item
 * it read. It is an info: a failure is an error event of its step already. */
static void
record_item_outcome (Run   *run,
                     Frame *frame)
{
  static const char * const outcomes[] = { "skipped", "updated", "created", "failed" };
  JsonNode *item = json_array_get_element (frame->items, frame->item);
  g_autofree char *id = NULL;
  g_autofree char *key = dup_item_key (item, &id);
  g_autofree char *label = NULL;
  g_autofree char *message = NULL;
  g_autoptr(JsonObject) data = json_object_new ();
  const char *reason = frame->reason;

  if (frame->outcome == ITEM_SKIPPED && reason == NULL)
    reason = _("No step created or updated anything");
  /* Translators: what an item of an import is called when it has neither a name nor an id;
   * %u is its place in the list, from 1 */
  label = key != NULL ? g_strdup (key) : g_strdup_printf (_("item %u"), frame->item + 1);
  switch ((ItemOutcome) frame->outcome)
    {
    case ITEM_CREATED:
      /* Translators: the outcome of one item of an import; %s names the item */
      message = g_strdup_printf (_("Created “%s”"), label);
      break;
    case ITEM_UPDATED:
      /* Translators: the outcome of one item of an import; %s names the item */
      message = g_strdup_printf (_("Updated “%s”"), label);
      break;
    case ITEM_FAILED:
      /* Translators: the outcome of one item of an import; the first %s names the item, the
       * second says why */
      message = g_strdup_printf (_("Could not import “%s”: %s"), label, reason);
      break;
    case ITEM_SKIPPED:
    default:
      /* Translators: the outcome of one item of an import; the first %s names the item, the
       * second says why */
      message = g_strdup_printf (_("Skipped “%s”: %s"), label, reason);
      break;
    }

  json_object_set_int_member (data, "item", frame->item);
  if (key != NULL)
    json_object_set_string_member (data, "key", key);
  if (id != NULL)
    json_object_set_string_member (data, "id", id);
  json_object_set_string_member (data, "outcome", outcomes[MIN (frame->outcome, ITEM_FAILED)]);
  if (frame->outcome != ITEM_CREATED && frame->outcome != ITEM_UPDATED)
    json_object_set_string_member (data, "reason", reason);
  {
    g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), data);

    record_data (run, SB_RUN_EVENT_LEVEL_INFO, frame->id, message, redact (run, node));
  }
  frame->outcome = ITEM_SKIPPED;
  g_clear_pointer (&frame->reason, g_free);
}

/* A step of the current item created or updated something: so did the item of every loop
 * around it. */
static void
note_item_written (Run         *run,
                   ItemOutcome  outcome)
{
  for (guint i = 0; i < run->frames->len; i++)
    {
      Frame *frame = g_ptr_array_index (run->frames, i);

      if (frame->items != NULL && frame->outcome < outcome)
        frame->outcome = outcome;
    }
}

/* A step is over: @output when it succeeded, @error when it did not. */
static void
step_done (GTask      *task,
           const char *step_id,
           const char *method,
           JsonNode   *input,
           JsonNode   *output,
           const char *error)
{
  Run *run = g_task_get_task_data (task);
  Frame *items;
  guint items_index;

  items = item_frame (run, &items_index);

  if (error != NULL)
    {
      g_autofree char *message =
        /* Translators: the first %s is the name of a step, the second why it failed */
        g_strdup_printf (_("The step “%s” failed: %s"), step_id, error);

      if (items == NULL || g_cancellable_is_cancelled (run->cancellable))
        {
          record (run, SB_RUN_EVENT_LEVEL_ERROR, step_id, message, input, NULL);
          finish (task, g_cancellable_is_cancelled (run->cancellable) ? SB_RUN_STATUS_CANCELLED
                                                                      : SB_RUN_STATUS_FAILED,
                  message);
          return;
        }

      /* One item failed: it is counted and recorded, and the loop goes on with the next. */
      record (run, SB_RUN_EVENT_LEVEL_ERROR, step_id, message, input, NULL);
      sb_run_set_items_failed (run->run, sb_run_get_items_failed (run->run) + 1);
      items->outcome = ITEM_FAILED;
      g_free (items->reason);
      items->reason = g_strdup (message);
      if (items->failed == 0)
        items->first_failed = items->item;
      items->failed++;
      g_ptr_array_set_size (run->frames, items_index + 1);
      items->index = json_array_get_length (items->steps);
      next_step (task);
      return;
    }

  /* Translators: a step has run; %s is its id */
  {
    g_autofree char *message = g_strdup_printf (_("The step “%s” ran"), step_id);

    record (run, SB_RUN_EVENT_LEVEL_INFO, step_id, message, input, output);
  }
  json_object_set_member (run->outputs, step_id, json_node_copy (output));

  if (items != NULL && method != NULL && output != NULL && JSON_NODE_HOLDS_OBJECT (output))
    {
      gint64 status = json_object_get_int_member_with_default (json_node_get_object (output),
                                                               "status", 0);

      if (SOUP_STATUS_IS_SUCCESSFUL (status) && g_ascii_strcasecmp (method, "POST") == 0)
        {
          sb_run_set_items_created (run->run, sb_run_get_items_created (run->run) + 1);
          note_item_written (run, ITEM_CREATED);
        }
      else if (SOUP_STATUS_IS_SUCCESSFUL (status) &&
               (g_ascii_strcasecmp (method, "PUT") == 0 ||
                g_ascii_strcasecmp (method, "PATCH") == 0))
        {
          sb_run_set_items_updated (run->run, sb_run_get_items_updated (run->run) + 1);
          note_item_written (run, ITEM_UPDATED);
        }
    }

  /* Written when a step ends, at most four times a second: another process that shows the
   * run follows it closely, and a fast run does not pay a transaction per step. */
  if (g_get_monotonic_time () - run->flushed_at >= G_USEC_PER_SEC / 4)
    flush_events (run);
  current_frame (run)->index++;
  next_step (task);
}

static SbAuthenticator *
lookup_auth (Run         *run,
             JsonObject  *step,
             SbConnector **connector,
             gint64       *account_id,
             char        **error)
{
  JsonNode *account = json_object_get_member (step, "account");
  gint64 id;
  SbAuthenticator *auth;

  *connector = NULL;
  if (account == NULL || JSON_NODE_HOLDS_NULL (account))
    return NULL;
  id = json_node_get_int (account);
  auth = g_hash_table_lookup (run->auths, &id);
  if (auth == NULL)
    {
      *error = g_strdup (_("The step's account is not one of this organization's"));
      return NULL;
    }
  *connector = g_hash_table_lookup (run->connectors, &id);
  *account_id = id;
  return g_object_ref (auth);
}

static void
start_exchange (GTask      *task,
                JsonObject *step,
                const char *step_id,
                const char *kind)
{
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *auth_error = NULL;
  Exchange *ex = g_new0 (Exchange, 1);
  const char *connector_id;

  ex->task = task;
  ex->run = run;
  ex->step = json_object_ref (step);
  ex->step_id = g_strdup (step_id);
  ex->attempt = 1;
  ex->auth = lookup_auth (run, step, &ex->connector, &ex->account_id, &auth_error);
  if (auth_error != NULL)
    {
      exchange_done (ex, NULL, auth_error);
      return;
    }

  if (g_str_equal (kind, "action"))
    {
      const char *action_id = json_object_get_string_member_with_default (step, "action", "");
      JsonNode *input;

      if (ex->connector == NULL)
        {
          exchange_done (ex, NULL, _("An action needs an account"));
          return;
        }
      ex->action = sb_connector_lookup_action (ex->connector, action_id);
      if (ex->action == NULL)
        {
          g_autofree char *message =
            /* Translators: a service's name, then the id of an action */
            g_strdup_printf (_("%s has no action “%s”"), sb_connector_get_name (ex->connector),
                             action_id);

          exchange_done (ex, NULL, message);
          return;
        }
      g_object_ref (ex->action);
      ex->method = g_strdup (sb_connector_action_get_method (ex->action));

      input = render (run, json_object_get_member (step, "input"), step_id, "input", &error);
      if (input == NULL)
        {
          exchange_done (ex, NULL, error->message);
          return;
        }
      if (JSON_NODE_HOLDS_OBJECT (input))
        ex->params = json_object_ref (json_node_get_object (input));
      else if (JSON_NODE_HOLDS_NULL (input))
        ex->params = json_object_new ();
      else
        {
          json_node_unref (input);
          exchange_done (ex, NULL, _("The input of an action must be an object"));
          return;
        }
      ex->input = input;
    }
  else if (g_str_equal (kind, "poll"))
    {
      const char *trigger_id = json_object_get_string_member_with_default (step, "trigger", "");
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      const char *param;

      ex->poll = TRUE;
      if (ex->connector == NULL)
        {
          exchange_done (ex, NULL, _("Asking for new items needs an account"));
          return;
        }
      run->poll = sb_connector_lookup_poll_trigger (ex->connector, trigger_id);
      if (run->poll == NULL)
        {
          g_autofree char *message =
            /* Translators: a service's name, then the id of what it can be asked for */
            g_strdup_printf (_("%s cannot be asked for new items of the kind “%s”"),
                             sb_connector_get_name (ex->connector), trigger_id);

          exchange_done (ex, NULL, message);
          return;
        }
      run->poll_cursor = sb_store_dup_cursor (run->store,
                                              sb_integration_get_id (run->integration),
                                              POLL_CURSOR, &error);
      if (error != NULL)
        {
          exchange_done (ex, NULL, error->message);
          return;
        }
      run->poll_started = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

      ex->action = g_object_ref (sb_connector_poll_trigger_get_request (run->poll));
      ex->method = g_strdup (sb_connector_action_get_method (ex->action));
      ex->params = json_object_new ();
      param = sb_connector_poll_trigger_get_cursor_param (run->poll);
      /* An empty cursor: the first poll found nothing, so everything is new. */
      if (param != NULL && run->poll_cursor != NULL && run->poll_cursor[0] != '\0')
        json_object_set_string_member (ex->params, param, run->poll_cursor);
      ex->input = json_node_init_object (json_node_alloc (), ex->params);
    }
  else
    {
      g_autoptr(JsonObject) recorded = json_object_new ();
      g_autoptr(JsonNode) url = NULL;
      g_autoptr(JsonNode) headers = NULL;

      ex->method = g_ascii_strup (json_object_get_string_member_with_default (step, "method",
                                                                              "GET"), -1);
      url = render (run, json_object_get_member (step, "url"), step_id, "url", &error);
      if (url != NULL)
        headers = render (run, json_object_get_member (step, "headers"), step_id, "headers",
                          &error);
      if (headers != NULL)
        ex->body = render (run, json_object_get_member (step, "body"), step_id, "body", &error);
      if (ex->body == NULL)
        {
          exchange_done (ex, NULL, error->message);
          return;
        }
      ex->url = node_to_text (url);
      if (JSON_NODE_HOLDS_OBJECT (headers))
        ex->headers = json_object_ref (json_node_get_object (headers));

      json_object_set_string_member (recorded, "method", ex->method);
      json_object_set_string_member (recorded, "url", ex->url);
      if (ex->headers != NULL)
        json_object_set_member (recorded, "headers", json_node_copy (headers));
      if (!JSON_NODE_HOLDS_NULL (ex->body))
        json_object_set_member (recorded, "body", json_node_copy (ex->body));
      ex->input = json_node_init_object (json_node_alloc (), recorded);
    }

  /* A retried POST must not do twice what it did once: services that take an idempotency
   * key get one, the same for every attempt of the step. */
  connector_id = ex->connector != NULL ? sb_connector_get_id (ex->connector) : NULL;
  if (g_ascii_strcasecmp (ex->method, "POST") == 0 && connector_id != NULL)
    {
      if (g_str_equal (connector_id, "stripe"))
        ex->idempotency_header = g_strdup ("Idempotency-Key");
      else if (g_str_equal (connector_id, "klarna"))
        ex->idempotency_header = g_strdup ("Klarna-Idempotency-Key");
      if (ex->idempotency_header != NULL)
        ex->idempotency_key = g_uuid_string_random ();
    }

  ex->cancellable = g_cancellable_new ();
  ex->cancelled_id = g_cancellable_connect (run->cancellable, G_CALLBACK (on_run_cancelled),
                                            ex, NULL);
  ex->timeout_id = g_timeout_add_seconds (run->timeout_seconds, timeout_cb, ex);
  exchange_attempt (ex);
}

/* The newest of @items (oldest first as the answer lists them): the last, or the one with
 * the greatest cursor when the cursors are numbers (an answer without the cursor, such as
 * the first poll's, need not be in order). */
static JsonNode *
find_newest (JsonArray  *items,
             const char *field)
{
  guint n = json_array_get_length (items);
  JsonNode *newest = NULL;
  gint64 greatest = G_MININT64;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *item = json_array_get_element (items, i);
      JsonNode *value = JSON_NODE_HOLDS_OBJECT (item) ? sb_json_path_lookup (item, field) : NULL;

      if (value == NULL || json_node_get_value_type (value) != G_TYPE_INT64)
        return json_array_get_element (items, n - 1);
      if (json_node_get_int (value) > greatest)
        {
          greatest = json_node_get_int (value);
          newest = item;
        }
    }
  return newest;
}

/* The request for new items is over. The first poll only notes where to go on from: what
 * is there already is history. Later ones run the steps once for each new item, oldest
 * first, with the item as the context's "trigger". */
static void
poll_done (GTask      *task,
           const char *method,
           JsonNode   *input,
           JsonNode   *output,
           const char *error)
{
  Run *run = g_task_get_task_data (task);
  const char *path;
  const char *field;
  JsonNode *body = NULL;
  JsonNode *list = NULL;
  JsonArray *answer;
  g_autoptr(JsonArray) items = NULL;
  gboolean newest_first;
  Frame *top;
  guint n;

  if (error != NULL)
    {
      step_done (task, "trigger", method, input, NULL, error);
      return;
    }

  {
    /* Translators: a step has run; %s is its id */
    g_autofree char *message = g_strdup_printf (_("The step “%s” ran"), "trigger");

    record (run, SB_RUN_EVENT_LEVEL_INFO, "trigger", message, input, output);
  }
  json_object_set_member (run->outputs, "trigger", json_node_copy (output));

  path = sb_connector_poll_trigger_get_items_path (run->poll);
  if (output != NULL && JSON_NODE_HOLDS_OBJECT (output))
    body = json_object_get_member (json_node_get_object (output), "body");
  if (body != NULL)
    list = sb_json_path_lookup (body, path);
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    {
      g_autofree char *message = NULL;

      if (path == NULL || path[0] == '\0')
        message = g_strdup (_("The answer to the request for new items is not a list"));
      else
        /* Translators: %s is where the service's answer should list the items, such as
         * “data” or “orders” */
        message = g_strdup_printf (_("The answer to the request for new items has no list at "
                                     "“%s”"), path);
      fail (task, "trigger", message);
      return;
    }

  answer = json_node_get_array (list);
  n = json_array_get_length (answer);
  newest_first = sb_connector_poll_trigger_get_newest_first (run->poll);
  items = json_array_sized_new (n);
  for (guint i = 0; i < n; i++)
    json_array_add_element (items,
                            json_node_copy (json_array_get_element (answer,
                                                                    newest_first ? n - 1 - i
                                                                                 : i)));

  field = sb_connector_poll_trigger_get_cursor_field (run->poll);
  if (field == NULL)
    run->poll_next = g_strdup (run->poll_started);
  else if (n > 0)
    {
      run->poll_next = dup_item_cursor (find_newest (items, field), field);
      if (run->poll_next == NULL)
        {
          g_autofree char *message =
            /* Translators: %s is the member of an item that says how far a poll has read,
             * such as “id” */
            g_strdup_printf (_("The newest of the new items has no “%s” to go on from"),
                             field);

          fail (task, "trigger", message);
          return;
        }
    }
  else if (run->poll_cursor == NULL)
    run->poll_next = g_strdup ("");
  run->poll_answered = TRUE;

  if (run->poll_cursor == NULL)
    {
      record (run, SB_RUN_EVENT_LEVEL_INFO, "trigger",
              _("Started watching for new items; the next check runs the steps for what is "
                "new since now"), NULL, NULL);
      finish (task, SB_RUN_STATUS_SUCCEEDED, NULL);
      return;
    }

  sb_run_set_items_read (run->run, n);
  if (n == 0)
    {
      record (run, SB_RUN_EVENT_LEVEL_INFO, "trigger", _("Nothing new since the last check"),
              NULL, NULL);
      finish (task, SB_RUN_STATUS_SUCCEEDED, NULL);
      return;
    }

  top = g_ptr_array_index (run->frames, 0);
  top->items = g_steal_pointer (&items);
  top->id = g_strdup ("trigger");
  top->as_trigger = TRUE;
  top->item = 0;
  set_item (run);
  next_step (task);
}

static void
next_step (GTask *task)
{
  Run *run = g_task_get_task_data (task);

  for (;;)
    {
      Frame *frame = current_frame (run);
      g_autoptr(GError) error = NULL;
      JsonObject *step;
      const char *id;
      const char *kind;

      if (g_cancellable_is_cancelled (run->cancellable))
        {
          fail (task, NULL, _("The run was cancelled"));
          return;
        }

      if (frame->index >= json_array_get_length (frame->steps))
        {
          g_autoptr(JsonObject) summary = NULL;
          g_autoptr(JsonNode) node = NULL;
          g_autofree char *message = NULL;

          if (frame->items == NULL)
            {
              finish (task, SB_RUN_STATUS_SUCCEEDED, NULL);
              return;
            }

          record_item_outcome (run, frame);
          frame->item++;
          if (frame->item < json_array_get_length (frame->items))
            {
              frame->index = 0;
              set_item (run);
              continue;
            }

          /* The loop is over. */
          summary = json_object_new ();
          json_object_set_int_member (summary, "items", json_array_get_length (frame->items));
          json_object_set_int_member (summary, "failed", frame->failed);
          node = json_node_init_object (json_node_alloc (), summary);
          json_object_set_member (run->outputs, frame->id, json_node_copy (node));
          message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "Went through %u item",
                                                  "Went through %u items",
                                                  json_array_get_length (frame->items)),
                                     json_array_get_length (frame->items));
          record (run, SB_RUN_EVENT_LEVEL_INFO, frame->id, message, NULL, node);
          if (run->frames->len == 1)
            {
              /* A poll run's new items, at the top: the run is over. */
              finish (task, SB_RUN_STATUS_SUCCEEDED, NULL);
              return;
            }
          g_ptr_array_set_size (run->frames, run->frames->len - 1);
          set_item (run);
          current_frame (run)->index++;
          continue;
        }

      step = json_array_get_object_element (frame->steps, frame->index);
      id = json_object_get_string_member_with_default (step, "id", "");
      kind = json_object_get_string_member_with_default (step, "kind", "");
      report_progress (run);

      if (g_str_equal (kind, "http") || g_str_equal (kind, "action"))
        {
          start_exchange (task, step, id, kind);
          return;
        }
      else if (g_str_equal (kind, "map"))
        {
          g_autoptr(JsonNode) output = render (run, json_object_get_member (step, "output"), id,
                                               "output", &error);

          if (output == NULL)
            {
              step_done (task, id, NULL, NULL, NULL, error->message);
              return;
            }
          step_done (task, id, NULL, json_object_get_member (step, "output"), output, NULL);
          return;
        }
      else if (g_str_equal (kind, "filter"))
        {
          JsonNode *condition = json_object_get_member (step, "condition");
          g_autoptr(JsonNode) value = render (run, condition, id, "condition", &error);
          g_autofree char *text = NULL;
          g_autofree char *message = NULL;
          Frame *items;
          guint index = 0;

          if (value == NULL)
            {
              step_done (task, id, NULL, NULL, NULL, error->message);
              return;
            }
          if (is_truthy (value))
            {
              step_done (task, id, NULL, condition, value, NULL);
              return;
            }

          text = node_to_text (condition);
          /* Translators: %s is the condition of a filter step, a template */
          message = g_strdup_printf (_("Filtered: “%s” does not hold"), text);
          record (run, SB_RUN_EVENT_LEVEL_INFO, id, message, condition, value);
          items = item_frame (run, &index);
          if (items != NULL)
            {
              if (items->reason == NULL)
                items->reason = g_strdup (message);
              /* Inside a loop, a filter passes over the item. */
              g_ptr_array_set_size (run->frames, index + 1);
              items->index = json_array_get_length (items->steps);
              continue;
            }
          finish (task, SB_RUN_STATUS_FILTERED, NULL);
          return;
        }
      else if (g_str_equal (kind, "for_each"))
        {
          g_autoptr(JsonNode) items = render (run, json_object_get_member (step, "items"), id,
                                              "items", &error);
          JsonNode *nested = json_object_get_member (step, "steps");
          Frame *loop;

          if (items == NULL)
            {
              step_done (task, id, NULL, NULL, NULL, error->message);
              return;
            }
          if (!JSON_NODE_HOLDS_ARRAY (items))
            {
              step_done (task, id, NULL, NULL, NULL,
                         _("Its items are not a list"));
              return;
            }
          sb_run_set_items_read (run->run, sb_run_get_items_read (run->run) +
                                 json_array_get_length (json_node_get_array (items)));
          if (json_array_get_length (json_node_get_array (items)) == 0 || nested == NULL ||
              !JSON_NODE_HOLDS_ARRAY (nested))
            {
              g_autoptr(JsonObject) summary = json_object_new ();
              g_autoptr(JsonNode) node = NULL;

              json_object_set_int_member (summary, "items",
                                          json_array_get_length (json_node_get_array (items)));
              json_object_set_int_member (summary, "failed", 0);
              node = json_node_init_object (json_node_alloc (), summary);
              step_done (task, id, NULL, NULL, node, NULL);
              return;
            }

          loop = g_new0 (Frame, 1);
          loop->steps = json_array_ref (json_node_get_array (nested));
          loop->id = g_strdup (id);
          loop->items = json_array_ref (json_node_get_array (items));
          g_ptr_array_add (run->frames, loop);
          set_item (run);
          continue;
        }
      else
        {
          g_autofree char *message =
            /* Translators: %s is the kind of a step as written in its configuration */
            g_strdup_printf (_("Steps of the kind “%s” cannot run"), kind);

          step_done (task, id, NULL, NULL, NULL, message);
          return;
        }
    }
}

/* ------------------------------------------------------------------------------------ */
/* Credentials */

static void lookup_next_field (GTask *task);
static void load_next_account (GTask *task);

static SbAccount *
find_account (Run    *run,
              gint64  id)
{
  for (guint i = 0; i < g_list_model_get_n_items (run->accounts); i++)
    {
      g_autoptr(SbAccount) account = g_list_model_get_item (run->accounts, i);

      if (sb_account_get_id (account) == id)
        return g_steal_pointer (&account);
    }
  return NULL;
}

static void
add_field (GPtrArray  *fields,
           const char *field)
{
  for (guint i = 0; i < fields->len; i++)
    if (g_str_equal (g_ptr_array_index (fields, i), field))
      return;
  g_ptr_array_add (fields, g_strdup (field));
}

static void
fail_missing (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  g_autofree char *message =
    /* Translators: %s is the name of an account */
    g_strdup_printf (_("No credentials are kept for “%s”. Enter them again in the account's "
                       "details."), sb_account_get_name (run->account));

  note_account_error (run, sb_account_get_id (run->account), message);
  mark_account (run, sb_account_get_id (run->account), SB_ACCOUNT_STATUS_NEEDS_CREDENTIALS);
  fail (task, NULL, message);
}

/* New tokens or a new session: their values are secrets of this run too, and they are
 * handed on to be kept. @user_data is the index of the handler (the array may move). */
static void
on_credentials_changed (SbAuthenticator *auth,
                        SbCredentials   *changed,
                        gpointer         user_data)
{
  Run *run = NULL;
  Handler *handler = NULL;
  g_auto(GStrv) fields = sb_credentials_dup_fields (changed);

  /* Find the run through the authenticator's handler. */
  run = g_object_get_data (G_OBJECT (auth), "sb-runner-run");
  if (run == NULL)
    return;
  handler = &g_array_index (run->handlers, Handler, GPOINTER_TO_SIZE (user_data));

  g_ptr_array_set_size (run->secrets, run->secrets->len - 1);
  for (guint i = 0; fields[i] != NULL; i++)
    if (!g_str_equal (fields[i], SB_CREDENTIAL_EXPIRES_AT))
      g_ptr_array_add (run->secrets, g_strdup (sb_credentials_get (changed, fields[i])));
  g_ptr_array_add (run->secrets, NULL);

  run->changed_func (handler->account_id, changed, run->changed_data);
}

static void
account_loaded (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  SbConnectorAuth *auth = sb_connector_choose_auth (run->connector, run->creds);
  g_autoptr(SbAuthenticator) authenticator = NULL;
  g_auto(GStrv) secrets = NULL;
  GListModel *fields;
  gint64 *key;

  if (auth == NULL)
    {
      fail_missing (task);
      return;
    }

  fields = sb_connector_auth_get_fields (auth);
  for (guint i = 0; fields != NULL && i < g_list_model_get_n_items (fields); i++)
    {
      g_autoptr(SbConnectorField) field = g_list_model_get_item (fields, i);

      if (!sb_connector_field_get_optional (field) &&
          !sb_credentials_has (run->creds, sb_connector_field_get_id (field)))
        {
          fail_missing (task);
          return;
        }
    }
  if (sb_connector_auth_get_kind (auth) == SB_AUTH_KIND_OAUTH2 &&
      !sb_credentials_has (run->creds, SB_CREDENTIAL_REFRESH_TOKEN) &&
      !sb_credentials_has (run->creds, SB_CREDENTIAL_ACCESS_TOKEN))
    {
      fail_missing (task);
      return;
    }

  /* Every value kept for the account is taken out of what the run records. */
  g_ptr_array_set_size (run->secrets, run->secrets->len - 1);
  secrets = sb_connector_dup_secret_values (run->connector, run->creds);
  for (guint i = 0; secrets[i] != NULL; i++)
    g_ptr_array_add (run->secrets, g_strdup (secrets[i]));
  g_ptr_array_add (run->secrets, NULL);
  for (guint i = 0; secrets[i] != NULL; i++)
    sb_credential_free (g_steal_pointer (&secrets[i]));

  authenticator = sb_authenticator_new (run->connector, sb_account_get_base_url (run->account),
                                        run->creds);
  if (run->changed_func != NULL)
    {
      Handler *handler;

      g_array_set_size (run->handlers, run->handlers->len + 1);
      handler = &g_array_index (run->handlers, Handler, run->handlers->len - 1);
      handler->auth = authenticator;
      handler->account_id = sb_account_get_id (run->account);
      handler->run = run;
      handler->id = g_signal_connect (authenticator, "credentials-changed",
                                      G_CALLBACK (on_credentials_changed),
                                      GSIZE_TO_POINTER (run->handlers->len - 1));
    }
  g_object_set_data (G_OBJECT (authenticator), "sb-runner-run", run);
  key = g_new (gint64, 1);
  *key = sb_account_get_id (run->account);
  g_hash_table_insert (run->auths, key, g_steal_pointer (&authenticator));
  key = g_new (gint64, 1);
  *key = sb_account_get_id (run->account);
  g_hash_table_insert (run->connectors, key, run->connector);

  run->account_index++;
  load_next_account (task);
}

static void
field_looked_up_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *value;

  value = sb_credential_source_lookup_finish (SB_CREDENTIAL_SOURCE (object), result, &error);
  if (error != NULL)
    {
      g_autofree char *message =
        /* Translators: the name of an account, then why its credentials cannot be had */
        g_strdup_printf (_("The credentials of “%s” cannot be read: %s"),
                         sb_account_get_name (run->account), error->message);

      fail (task, NULL, message);
      return;
    }
  if (value != NULL)
    sb_credentials_set (run->creds, g_ptr_array_index (run->fields, run->field_index), value);
  sb_credential_free (value);

  run->field_index++;
  lookup_next_field (task);
}

static void
all_looked_up_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) values = NULL;

  values = sb_credential_source_lookup_all_finish (SB_CREDENTIAL_SOURCE (object), result,
                                                   &error);
  if (values == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("The credentials of “%s” cannot be read: %s"),
                         sb_account_get_name (run->account),
                         error != NULL ? error->message : "");

      fail (task, NULL, message);
      return;
    }

  /* The fields the account's schemes know, as asked one by one otherwise. */
  for (guint i = 0; i < run->fields->len; i++)
    {
      const char *value = g_hash_table_lookup (values, g_ptr_array_index (run->fields, i));

      if (value != NULL)
        sb_credentials_set (run->creds, g_ptr_array_index (run->fields, i), value);
    }
  run->field_index = run->fields->len;
  lookup_next_field (task);
}

static void
lookup_next_field (GTask *task)
{
  Run *run = g_task_get_task_data (task);

  if (run->field_index >= run->fields->len)
    {
      account_loaded (task);
      return;
    }
  if (run->credentials == NULL)
    {
      fail_missing (task);
      return;
    }
  /* All at once where the source can: a call or a few rather than one per field. */
  if (run->field_index == 0 && sb_credential_source_can_lookup_all (run->credentials))
    {
      sb_credential_source_lookup_all_async (run->credentials, sb_account_get_id (run->account),
                                             run->cancellable, all_looked_up_cb, task);
      return;
    }
  sb_credential_source_lookup_async (run->credentials, sb_account_get_id (run->account),
                                     g_ptr_array_index (run->fields, run->field_index),
                                     run->cancellable, field_looked_up_cb, task);
}

static void
load_next_account (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  gint64 id;

  g_clear_object (&run->account);
  g_clear_pointer (&run->fields, g_ptr_array_unref);
  g_clear_pointer (&run->creds, sb_credentials_free);

  if (run->account_index >= run->account_ids->len)
    {
      JsonNode *trigger = json_object_get_member (json_node_get_object (run->context),
                                                  "trigger");

      record (run, SB_RUN_EVENT_LEVEL_INFO, NULL, _("The run started"), trigger, NULL);
      /* A poll run asks for new items before the steps. */
      if (run->poll_step != NULL)
        start_exchange (task, run->poll_step, "trigger", "poll");
      else
        next_step (task);
      return;
    }

  id = g_array_index (run->account_ids, gint64, run->account_index);
  run->account = find_account (run, id);
  if (run->account == NULL)
    {
      fail (task, NULL, _("The integration uses an account that is not one of this "
                          "organization's"));
      return;
    }
  run->connector = sb_connector_catalog_lookup (run->catalog,
                                                sb_account_get_connector_id (run->account));
  if (run->connector == NULL)
    {
      g_autofree char *message =
        /* Translators: the name of an account, then the id of a service type */
        g_strdup_printf (_("The account “%s” is of a service Samband does not know (“%s”)"),
                         sb_account_get_name (run->account),
                         sb_account_get_connector_id (run->account));

      fail (task, NULL, message);
      return;
    }

  run->creds = sb_credentials_new ();
  run->fields = g_ptr_array_new_with_free_func (g_free);
  add_field (run->fields, SB_CREDENTIAL_AUTH_KIND);
  for (guint i = 0; i < sb_connector_get_n_auths (run->connector); i++)
    {
      GListModel *fields = sb_connector_auth_get_fields (sb_connector_get_auth (run->connector,
                                                                                i));

      for (guint j = 0; fields != NULL && j < g_list_model_get_n_items (fields); j++)
        {
          g_autoptr(SbConnectorField) field = g_list_model_get_item (fields, j);

          add_field (run->fields, sb_connector_field_get_id (field));
        }
    }
  add_field (run->fields, SB_CREDENTIAL_CLIENT_ID);
  add_field (run->fields, SB_CREDENTIAL_CLIENT_SECRET);
  add_field (run->fields, SB_CREDENTIAL_ACCESS_TOKEN);
  add_field (run->fields, SB_CREDENTIAL_REFRESH_TOKEN);
  add_field (run->fields, SB_CREDENTIAL_EXPIRES_AT);
  add_field (run->fields, SB_CREDENTIAL_SESSION_ID);
  run->field_index = 0;
  lookup_next_field (task);
}

/* ------------------------------------------------------------------------------------ */

void
sb_runner_run_async (SbStore             *store,
                     SoupSession         *session,
                     SbConnectorCatalog  *catalog,
                     SbCredentialSource  *credentials,
                     SbIntegration       *integration,
                     GListModel          *accounts,
                     JsonNode            *trigger_input,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  sb_runner_run_full_async (store, session, catalog, credentials, integration, accounts,
                            trigger_input, NULL, NULL, cancellable, callback, user_data);
}

void
sb_runner_run_full_async (SbStore                    *store,
                          SoupSession                *session,
                          SbConnectorCatalog         *catalog,
                          SbCredentialSource         *credentials,
                          SbIntegration              *integration,
                          GListModel                 *accounts,
                          JsonNode                   *trigger_input,
                          SbRunnerCredentialsChanged  changed_func,
                          gpointer                    changed_data,
                          GCancellable               *cancellable,
                          GAsyncReadyCallback         callback,
                          gpointer                    user_data)
{
  g_autoptr(SbRun) run = sb_run_new ();
  SbRunnerHooks hooks = { changed_func, NULL, changed_data, NULL };

  g_return_if_fail (SB_IS_INTEGRATION (integration));

  sb_run_set_integration_id (run, sb_integration_get_id (integration));
  sb_run_set_trigger_input (run, trigger_input);
  sb_runner_run_queued_async (store, session, catalog, credentials, integration, accounts, run,
                              &hooks, cancellable, callback, user_data);
}

static gboolean
run_timeout_cb (gpointer user_data)
{
  Run *run = user_data;

  run->run_timeout_id = 0;
  run->run_timed_out = TRUE;
  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_REMOVE;
}

void
sb_runner_run_queued_async (SbStore             *store,
                            SoupSession         *session,
                            SbConnectorCatalog  *catalog,
                            SbCredentialSource  *credentials,
                            SbIntegration       *integration,
                            GListModel          *accounts,
                            SbRun               *queued,
                            const SbRunnerHooks *hooks,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) context = json_object_new ();
  JsonNode *trigger_input;
  JsonNode *steps;
  JsonNode *settings;
  JsonNode *poll_trigger = NULL;
  Frame *top;
  GTask *task;
  Run *run;
  gboolean stored;

  g_return_if_fail (SB_IS_STORE (store));
  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (SB_IS_CONNECTOR_CATALOG (catalog));
  g_return_if_fail (credentials == NULL || SB_IS_CREDENTIAL_SOURCE (credentials));
  g_return_if_fail (SB_IS_INTEGRATION (integration));
  g_return_if_fail (G_IS_LIST_MODEL (accounts));
  g_return_if_fail (SB_IS_RUN (queued));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sb_runner_run_async);
  /* A cancelled run is a run, recorded as cancelled: not an error. */
  g_task_set_check_cancellable (task, FALSE);

  run = g_new0 (Run, 1);
  if (hooks != NULL)
    {
      run->changed_func = hooks->credentials_changed;
      run->progress_func = hooks->progress;
      run->events_func = hooks->events_recorded;
      run->changed_data = hooks->user_data;
    }
  run->handlers = g_array_new (FALSE, TRUE, sizeof (Handler));
  run->store = g_object_ref (store);
  run->session = g_object_ref (session);
  run->catalog = g_object_ref (catalog);
  run->credentials = credentials != NULL ? g_object_ref (credentials) : NULL;
  run->integration = g_object_ref (integration);
  run->accounts = g_object_ref (accounts);
  run->cancellable = cancellable != NULL ? g_object_ref (cancellable) : g_cancellable_new ();
  run->auths = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  run->connectors = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  run->limits = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                       (GDestroyNotify)limit_free);
  run->secrets = g_ptr_array_new ();
  g_ptr_array_add (run->secrets, NULL);
  run->frames = g_ptr_array_new_with_free_func ((GDestroyNotify)frame_free);
  g_task_set_task_data (task, run, (GDestroyNotify)run_free);

  settings = sb_integration_get_settings (integration);
  run->retries = DEFAULT_RETRIES;
  run->timeout_seconds = DEFAULT_TIMEOUT_SECONDS;
  if (settings != NULL && JSON_NODE_HOLDS_OBJECT (settings))
    {
      JsonObject *object = json_node_get_object (settings);

      run->retries = CLAMP (json_object_get_int_member_with_default (object, "retries",
                                                                     DEFAULT_RETRIES), 0, 10);
      run->timeout_seconds =
        CLAMP (json_object_get_int_member_with_default (object, "timeout_seconds",
                                                        DEFAULT_TIMEOUT_SECONDS), 1, 3600);
      run->run_timeout_minutes =
        CLAMP (json_object_get_int_member_with_default (object, "run_timeout_minutes",
                                                        DEFAULT_RUN_TIMEOUT_MINUTES),
               1, 24 * 60);
    }
  if (run->run_timeout_minutes == 0)
    run->run_timeout_minutes = DEFAULT_RUN_TIMEOUT_MINUTES;

  trigger_input = sb_run_get_trigger_input (queued);

  json_object_set_member (context, "trigger",
                          trigger_input != NULL ? json_node_copy (trigger_input)
                                                : json_node_init_null (json_node_alloc ()));
  json_object_set_object_member (context, "steps", json_object_new ());
  if (hooks != NULL && hooks->outputs != NULL)
    {
      JsonObject *outputs = json_object_get_object_member (context, "steps");
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      json_object_iter_init (&iter, hooks->outputs);
      while (json_object_iter_next (&iter, &name, &value))
        json_object_set_member (outputs, name, json_node_copy (value));
    }
  run->outputs = json_object_get_object_member (context, "steps");
  run->context = json_node_init_object (json_node_alloc (), context);

  run->run = g_object_ref (queued);
  sb_run_set_integration_id (run->run, sb_integration_get_id (integration));
  sb_run_set_status (run->run, SB_RUN_STATUS_RUNNING);
  sb_run_set_started_at (run->run, now);
  if (sb_run_get_queued_at (run->run) == NULL)
    sb_run_set_queued_at (run->run, now);
  if (sb_run_get_id (run->run) == 0)
    stored = sb_store_insert_run (store, run->run, &error);
  else
    stored = sb_store_update_run (store, run->run, &error);
  if (!stored)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  steps = sb_integration_get_steps (integration);
  top = g_new0 (Frame, 1);
  top->steps = steps != NULL && JSON_NODE_HOLDS_ARRAY (steps)
                 ? json_array_ref (json_node_get_array (steps)) : json_array_new ();
  run->flushed_at = g_get_monotonic_time ();
  /* Replaying from a failed step: the steps before it are not run again. */
  top->index = MIN (sb_run_get_start_step (run->run), json_array_get_length (top->steps));
  g_ptr_array_add (run->frames, top);
  run->run_timeout_id = g_timeout_add_seconds (run->run_timeout_minutes * 60, run_timeout_cb,
                                               run);

  if (g_strcmp0 (sb_run_get_trigger_kind (run->run), "poll") == 0)
    {
      JsonNode *trigger = sb_integration_get_trigger (integration);
      JsonObject *object = trigger != NULL && JSON_NODE_HOLDS_OBJECT (trigger)
                             ? json_node_get_object (trigger) : NULL;
      JsonNode *account = object != NULL ? json_object_get_member (object, "account") : NULL;
      const char *trigger_id = sb_json_get_string (object, "trigger");

      /* The step "trigger": the integration's poll trigger, on its account. */
      run->poll_step = json_object_new ();
      json_object_set_string_member (run->poll_step, "id", "trigger");
      json_object_set_string_member (run->poll_step, "kind", "poll");
      if (account != NULL)
        json_object_set_member (run->poll_step, "account", json_node_copy (account));
      json_object_set_string_member (run->poll_step, "trigger",
                                     trigger_id != NULL ? trigger_id : "");
      poll_trigger = trigger;
    }
  run->account_ids = sb_integration_config_collect_accounts (poll_trigger, steps);
  load_next_account (task);
}

SbRun *
sb_runner_run_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sb_runner_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
