/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sb-imitation-private.h"

#include <string.h>

/* IdrottOnline's Export Service as shared/connectors.md describes it: reports made with
 * POST /exportservice/{personsinsport,groupsinsport,organisationsinsport} (SportIds
 * required; Since, OrganisationIds, PersonIds / GroupIds narrow them) and read with
 * GET /exportservice/<report>/{reportGuid}, which answers a JSON array (the docs say
 * "Collection of Person"); the version in x-svenskidrott-api-version or api-version.
 *
 * Not confirmed, and assumed here (connectors.md, "Could not confirm"):
 *  - authentication: HTTP Basic with the user name and password RF issues;
 *  - what the POST answers: {"ReportGuid": "..."} (the catalog also reads reportGuid or a
 *    bare string);
 *  - errors: ASP.NET Web API's {"Message": ..., "ModelState": ...}, 401 with "Authorization
 *    has been denied for this request.", and the API-versioning library's
 *    {"error": {"code": "UnsupportedApiVersion", ...}};
 *  - paging: RF documents none; GET takes optional page and pageSize here (the whole
 *    report without them) and says X-Total-Count.
 * Not imitated: the Importer (XML over SFTP), Integrationsplattformen, Helper operations. */

#define IO_USERNAME "sb-demo-if-integration"
#define IO_PASSWORD "IdrottOnline-imitation-Qm4t9Z"
#define SPORT_ID 16
#define ORGANISATION_ID 19541

typedef struct
{
  char     *kind;     /* "personsinsport", ... */
  JsonNode *result;   /* the array GET answers */
} Report;

typedef struct
{
  GHashTable *reports;   /* reportGuid → Report */
} IdrottOnline;

static void
report_free (gpointer data)
{
  Report *report = data;

  g_free (report->kind);
  json_node_unref (report->result);
  g_free (report);
}

static gpointer
io_init (SbImitationService *svc)
{
  IdrottOnline *io = g_new0 (IdrottOnline, 1);

  io->reports = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, report_free);
  (void) svc;
  return io;
}

static void
io_free (gpointer data)
{
  IdrottOnline *io = data;

  g_hash_table_unref (io->reports);
  g_free (io);
}

/* ------------------------------------------------------------------------------------ */

static void
reply_message (SoupServerMessage *msg,
               guint              status,
               const char        *message)
{
  g_autoptr(JsonObject) root = json_object_new ();

  json_object_set_string_member (root, "Message", message);
  sb_imitation_reply_object (msg, status, root);
}

static void
reply_invalid (SoupServerMessage *msg,
               const char        *field,
               const char        *error)
{
  g_autoptr(JsonObject) root = json_object_new ();
  JsonObject *state = json_object_new ();
  JsonArray *errors = json_array_new ();
  g_autofree char *key = g_strconcat ("request.", field, NULL);

  json_array_add_string_element (errors, error);
  json_object_set_array_member (state, key, errors);
  json_object_set_string_member (root, "Message", "The request is invalid.");
  json_object_set_object_member (root, "ModelState", state);
  sb_imitation_reply_object (msg, 400, root);
}

static void
io_fault (SbImitationService *svc,
          SoupServerMessage  *msg,
          SbImitationFault    fault)
{
  switch (fault)
    {
    case SB_IMITATION_FAULT_RATE_LIMIT:
      /* RF documents no rate limit; the usual 429 of an API gateway. */
      sb_imitation_set_header (msg, "Retry-After", "1");
      reply_message (msg, 429, "Rate limit is exceeded. Try again in 1 seconds.");
      break;

    case SB_IMITATION_FAULT_SERVER_ERROR:
      reply_message (msg, 500, "An error has occurred.");
      break;

    case SB_IMITATION_FAULT_EXPIRED_TOKEN:
      sb_imitation_set_header (msg, "WWW-Authenticate", "Basic realm=\"api.idrottonline.se\"");
      reply_message (msg, 401, "Authorization has been denied for this request.");
      break;

    default:
      g_assert_not_reached ();
    }

  (void) svc;
}

/* A list of ids as the templates send them: numbers or text, empty entries left out. FALSE
 * when an entry is neither. */
static gboolean
read_ids (JsonObject *body,
          const char *member,
          GArray     *ids)
{
  JsonArray *array = sb_imitation_get_array (body, member);

  if (json_object_has_member (body, member) && array == NULL &&
      !JSON_NODE_HOLDS_NULL (json_object_get_member (body, member)))
    return FALSE;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      gint64 id;

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
        id = json_node_get_int (node);
      else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        {
          const char *text = json_node_get_string (node);

          if (*text == '\0')
            continue;
          if (!g_ascii_string_to_signed (text, 10, 0, G_MAXINT64, &id, NULL))
            return FALSE;
        }
      else
        return FALSE;

      g_array_append_val (ids, id);
    }

  return TRUE;
}

static gboolean
contains_id (GArray *ids,
             gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;

  return ids->len == 0;
}

/* "2024-05-06", "2024-05-06T02:00:00" or with a zone; a date alone is midnight, Swedish
 * time. G_MININT64 when there is no Since, G_MAXINT64 when it cannot be read. */
static gint64
read_since (JsonObject *body)
{
  JsonNode *node = json_object_get_member (body, "Since");
  const char *text = sb_imitation_get_string (body, "Since");
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Europe/Stockholm");
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *iso = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node) || g_strcmp0 (text, "") == 0)
    return G_MININT64;
  if (text == NULL)
    return G_MAXINT64;

  iso = strlen (text) == 10 ? g_strconcat (text, "T00:00:00", NULL) : g_strdup (text);
  time = g_date_time_new_from_iso8601 (iso, zone);
  return time != NULL ? g_date_time_to_unix (time) : G_MAXINT64;
}

static gint64
member_changed (const SbImitationMember *member)
{
  g_autofree char *iso = g_strconcat (member->member_since, "T12:00:00Z", NULL);
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (iso, NULL);

  return g_date_time_to_unix (time);
}

static JsonObject *
person_new (const SbImitationMember *member)
{
  JsonObject *person = json_object_new ();
  JsonArray *memberships = json_array_new ();
  JsonObject *membership = json_object_new ();
  g_autofree char *number = NULL;

  /* yyyyMMdd####: made-up last digits for made-up people. */
  number = g_strdup_printf ("%.4s%.2s%.2s%04u", member->birth_date, member->birth_date + 5,
                            member->birth_date + 8, member->person_id % 10000);

  json_object_set_int_member (membership, "OrganisationId", ORGANISATION_ID);
  json_object_set_int_member (membership, "MembershipTypeId", 1);
  json_object_set_string_member (membership, "FromDate", member->member_since);
  json_object_set_null_member (membership, "ToDate");
  json_array_add_object_element (memberships, membership);

  json_object_set_int_member (person, "PersonId", member->person_id);
  json_object_set_string_member (person, "PersonalNumber", number);
  json_object_set_string_member (person, "FirstName", member->first_name);
  json_object_set_string_member (person, "LastName", member->last_name);
  json_object_set_null_member (person, "AlternativeFirstName");
  json_object_set_string_member (person, "BirthDate", member->birth_date);
  json_object_set_int_member (person, "GenderId", member->gender_id);
  json_object_set_string_member (person, "Nationality", "SE");
  json_object_set_boolean_member (person, "ProtectedPersonalData", FALSE);
  json_object_set_boolean_member (person, "IsDeleted", FALSE);
  json_object_set_null_member (person, "DeleteDate");
  json_object_set_boolean_member (person, "IsDead", FALSE);
  json_object_set_null_member (person, "DeathDate");
  json_object_set_array_member (person, "Roles", json_array_new ());
  json_object_set_array_member (person, "Memberships", memberships);
  json_object_set_array_member (person, "Licenses", json_array_new ());
  json_object_set_array_member (person, "Consensus", json_array_new ());
  return person;
}

static JsonNode *
persons_report (JsonObject *body,
                GArray     *organisations,
                gint64      since)
{
  g_autoptr(GArray) persons = g_array_new (FALSE, FALSE, sizeof (gint64));
  JsonArray *result = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  read_ids (body, "PersonIds", persons);

  for (guint i = 0; i < sb_imitation_n_members && contains_id (organisations, ORGANISATION_ID);
       i++)
    {
      const SbImitationMember *member = &sb_imitation_members[i];

      if (!contains_id (persons, member->person_id) || member_changed (member) < since)
        continue;
      json_array_add_object_element (result, person_new (member));
    }

  json_node_take_array (node, result);
  return node;
}

static JsonNode *
groups_report (JsonObject *body,
               GArray     *organisations)
{
  static const struct
  {
    guint       id;
    const char *name;
    const char *born;       /* the year of the group's players */
    guint       gender_id;
    guint       leader;     /* PersonId */
  } groups[] = {
    { 88101, "P12", "2012", 1, 4410159 },
    { 88102, "F13", "2013", 2, 4410199 },
  };
  g_autoptr(GArray) wanted = g_array_new (FALSE, FALSE, sizeof (gint64));
  JsonArray *result = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  read_ids (body, "GroupIds", wanted);

  for (guint i = 0; i < G_N_ELEMENTS (groups) && contains_id (organisations, ORGANISATION_ID);
       i++)
    {
      JsonObject *group;
      JsonArray *members;
      JsonObject *leader;

      if (!contains_id (wanted, groups[i].id))
        continue;

      group = json_object_new ();
      members = json_array_new ();
      for (guint j = 0; j < sb_imitation_n_members; j++)
        {
          const SbImitationMember *member = &sb_imitation_members[j];
          JsonObject *entry;

          if (!g_str_has_prefix (member->birth_date, groups[i].born) ||
              member->gender_id != groups[i].gender_id)
            continue;
          entry = json_object_new ();
          json_object_set_int_member (entry, "PersonId", member->person_id);
          json_object_set_int_member (entry, "RoleId", 1);
          json_array_add_object_element (members, entry);
        }
      leader = json_object_new ();
      json_object_set_int_member (leader, "PersonId", groups[i].leader);
      json_object_set_int_member (leader, "RoleId", 2);
      json_array_add_object_element (members, leader);

      json_object_set_int_member (group, "GroupId", groups[i].id);
      json_object_set_int_member (group, "GroupTypeId", 1);
      json_object_set_string_member (group, "Name", groups[i].name);
      json_object_set_string_member (group, "Description", "Träningsgrupp");
      json_object_set_int_member (group, "OwnerOrgId", ORGANISATION_ID);
      json_object_set_int_member (group, "SportId", SPORT_ID);
      json_object_set_boolean_member (group, "IsDeleted", FALSE);
      json_object_set_null_member (group, "AgeRangeId");
      json_object_set_int_member (group, "GenderId", groups[i].gender_id);
      json_object_set_string_member (group, "JerseyColor", "Grön");
      json_object_set_array_member (group, "GroupMembers", members);
      json_object_set_array_member (group, "Licenses", json_array_new ());
      json_array_add_object_element (result, group);
    }

  json_node_take_array (node, result);
  return node;
}

static JsonNode *
organisations_report (GArray *organisations)
{
  g_autoptr(JsonNode) demo_if =
    sb_imitation_parse ("{\"OrganisationId\": 19541, \"OrganisationTypeId\": 6, \"Code\": \"23"
                        "80-19\", \"OrganisationNumber\": \"802400-1234\", \"FullName\": \"Dem"
                        "o Idrottsförening\", \"DescribingName\": \"Demo IF\", \"ShortName\": "
                        "\"DIF\", \"MunicipalId\": 2380, \"MunicipalCode\": \"2380\", \"Addres"
                        "ses\": [{\"AddressTypeId\": 1, \"Street\": \"Arenavägen 1\", \"ZipCod"
                        "e\": \"831 30\", \"City\": \"Östersund\", \"CountryCode\": \"SE\"}], "
                        "\"Contacts\": [{\"ContactTypeId\": 1, \"Value\": \"kansli@demo-if.exa"
                        "mple\"}], \"OpeningHours\": null}");
  JsonArray *result = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  if (contains_id (organisations, ORGANISATION_ID))
    json_array_add_element (result, json_node_copy (demo_if));

  json_node_take_array (node, result);
  return node;
}

static void
create_report (IdrottOnline      *io,
               SoupServerMessage *msg,
               const char        *kind)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = sb_imitation_read_json (msg, &error);
  g_autoptr(GArray) sports = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) organisations = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(JsonObject) answer = json_object_new ();
  g_autofree char *guid = NULL;
  JsonObject *body;
  gint64 since;
  Report *report;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      reply_invalid (msg, "", "The request body is missing or is not a JSON object.");
      return;
    }
  body = json_node_get_object (root);

  if (!read_ids (body, "SportIds", sports) || sports->len == 0)
    {
      reply_invalid (msg, "SportIds", "The SportIds field is required.");
      return;
    }
  if (!read_ids (body, "OrganisationIds", organisations))
    {
      reply_invalid (msg, "OrganisationIds", "The value is not valid for OrganisationIds.");
      return;
    }
  since = read_since (body);
  if (since == G_MAXINT64)
    {
      reply_invalid (msg, "Since", "The value is not valid for Since.");
      return;
    }

  report = g_new0 (Report, 1);
  report->kind = g_strdup (kind);
  if (!contains_id (sports, SPORT_ID))
    report->result = json_node_init_array (json_node_alloc (), json_array_new ());
  else if (g_str_equal (kind, "personsinsport"))
    report->result = persons_report (body, organisations, since);
  else if (g_str_equal (kind, "groupsinsport"))
    report->result = groups_report (body, organisations);
  else
    report->result = organisations_report (organisations);

  guid = g_uuid_string_random ();
  g_hash_table_insert (io->reports, g_strdup (guid), report);

  json_object_set_string_member (answer, "ReportGuid", guid);
  sb_imitation_reply_object (msg, SOUP_STATUS_OK, answer);
}

static void
read_report (IdrottOnline      *io,
             SoupServerMessage *msg,
             const char        *kind,
             const char        *guid,
             GHashTable        *query)
{
  Report *report = g_hash_table_lookup (io->reports, guid);
  JsonArray *items;
  guint page, page_size, total;
  g_autofree char *count = NULL;

  if (report == NULL || !g_str_equal (report->kind, kind))
    {
      g_autofree char *message = g_strdup_printf ("No report was found with reportGuid %s.",
                                                  guid);

      reply_message (msg, 404, message);
      return;
    }

  items = json_node_get_array (report->result);
  total = json_array_get_length (items);
  count = g_strdup_printf ("%u", total);
  sb_imitation_set_header (msg, "X-Total-Count", count);

  if (!g_hash_table_contains (query, "page") && !g_hash_table_contains (query, "pageSize"))
    {
      sb_imitation_reply_json (msg, SOUP_STATUS_OK, json_node_copy (report->result));
      return;
    }

  if (!sb_imitation_query_uint (query, "page", 1, &page) || page < 1 ||
      !sb_imitation_query_uint (query, "pageSize", 100, &page_size) || page_size < 1)
    {
      reply_message (msg, 400, "The request is invalid: page and pageSize are positive "
                               "numbers.");
      return;
    }

  {
    JsonArray *slice = json_array_new ();
    JsonNode *node = json_node_new (JSON_NODE_ARRAY);

    for (guint i = (page - 1) * page_size; i < total && i < page * page_size; i++)
      json_array_add_element (slice, json_node_copy (json_array_get_element (items, i)));
    json_node_take_array (node, slice);
    sb_imitation_reply_json (msg, SOUP_STATUS_OK, node);
  }
}

static void
io_handle (SbImitationService *svc,
           SoupServerMessage  *msg,
           const char         *path,
           GHashTable         *query)
{
  static const char * const kinds[] = { "personsinsport", "groupsinsport",
                                        "organisationsinsport", NULL };
  IdrottOnline *io = svc->data;
  const char *method = soup_server_message_get_method (msg);
  const char *version = sb_imitation_get_header (msg, "x-svenskidrott-api-version");
  g_autofree char *user = NULL, *password = NULL;
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  guint n = g_strv_length (parts);

  if (!sb_imitation_get_basic_auth (msg, &user, &password) ||
      !sb_imitation_secret_equal (user, IO_USERNAME) ||
      !sb_imitation_secret_equal (password, IO_PASSWORD))
    {
      sb_imitation_set_header (msg, "WWW-Authenticate", "Basic realm=\"api.idrottonline.se\"");
      reply_message (msg, 401, "Authorization has been denied for this request.");
      return;
    }

  /* "", "exportservice", report [, reportGuid] */
  if (n < 3 || n > 4 || !g_str_equal (parts[1], "exportservice") ||
      !g_strv_contains (kinds, parts[2]))
    {
      g_autofree char *message =
        g_strdup_printf ("No HTTP resource was found that matches the request URI '%s'.",
                         path);

      reply_message (msg, 404, message);
      return;
    }

  if (version == NULL)
    version = g_hash_table_lookup (query, "api-version");
  if (version != NULL && !g_str_equal (version, "1.0") && !g_str_equal (version, "1") &&
      !((g_str_equal (version, "2.0") || g_str_equal (version, "2")) &&
        g_str_equal (parts[2], "organisationsinsport")))
    {
      g_autoptr(JsonObject) root = json_object_new ();
      JsonObject *error = json_object_new ();
      g_autofree char *message =
        g_strdup_printf ("The HTTP resource that matches the request URI '%s' does not "
                         "support the API version '%s'.", path, version);

      json_object_set_string_member (error, "code", "UnsupportedApiVersion");
      json_object_set_string_member (error, "message", message);
      json_object_set_null_member (error, "innerError");
      json_object_set_object_member (root, "error", error);
      sb_imitation_reply_object (msg, 400, root);
      return;
    }

  if (n == 3 && g_str_equal (method, "POST"))
    create_report (io, msg, parts[2]);
  else if (n == 4 && g_str_equal (method, "GET"))
    read_report (io, msg, parts[2], parts[3], query);
  else
    {
      g_autofree char *message =
        g_strdup_printf ("The requested resource does not support http method '%s'.", method);

      reply_message (msg, 405, message);
    }
}

static const char *
io_credential (const char *field)
{
  if (g_str_equal (field, "username"))
    return IO_USERNAME;
  if (g_str_equal (field, "password"))
    return IO_PASSWORD;
  if (g_str_equal (field, "sport_id"))
    return G_STRINGIFY (SPORT_ID);
  if (g_str_equal (field, "organisation_id"))
    return G_STRINGIFY (ORGANISATION_ID);
  return NULL;
}

const SbImitationServiceClass sb_imitation_idrottonline_class = {
  .name = "idrottonline",
  .content_type = "application/json; charset=utf-8",
  .init = io_init,
  .free_data = io_free,
  .handle = io_handle,
  .fault = io_fault,
  .credential = io_credential,
};
