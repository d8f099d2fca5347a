/* register: an applicant from a paper form, as JSON. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gunixinputstream.h>
#include <json-glib/json-glib.h>

#include "admin-context.h"
#include "tr-clock.h"
#include "tr-enrol.h"
#include "tr-error.h"

static JsonNode *
read_json (const char *source, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  const char *name = g_strcmp0 (source, "-") == 0 ? _("standard input") : source;
  gboolean ok;

  if (g_strcmp0 (source, "-") == 0)
    {
      g_autoptr(GInputStream) in = g_unix_input_stream_new (0, FALSE);
      ok = json_parser_load_from_stream (parser, in, NULL, &local_error);
    }
  else
    ok = json_parser_load_from_file (parser, source, &local_error);
  if (!ok)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_PARSE, _("Cannot read JSON from %s: %s"),
                   name, local_error->message);
      return NULL;
    }
  /* An empty file parses, with no root at all. */
  if (json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                   _("%s must hold one JSON object with “offer”, “answers” and “person”"), name);
      return NULL;
    }
  return json_node_copy (json_parser_get_root (parser));
}

static JsonObject *
get_object_member (JsonObject *object, const char *member, GError **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("The registration needs “%s” as a JSON object"), member);
      return NULL;
    }
  return json_node_get_object (node);
}

/* Answers are tokens; a number is accepted for numeric questions. */
static GHashTable *
read_answers (JsonObject *object, GError **error)
{
  g_autoptr(GHashTable) answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonObjectIter iter;
  const char *id;
  JsonNode *node;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &id, &node))
    {
      GType type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
      char *value;

      if (type == G_TYPE_STRING)
        value = g_strdup (json_node_get_string (node));
      else if (type == G_TYPE_INT64)
        value = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      else
        {
          g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                       _("The answer to “%s” must be a text or a whole number"), id);
          return NULL;
        }
      g_hash_table_insert (answers, g_strdup (id), value);
    }
  return g_steal_pointer (&answers);
}

/* The form may leave out the birth date and postcode already answered. */
static TrPerson *
read_person (JsonObject *person, GHashTable *answers, const GDate *today, GError **error)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) copy = json_object_new ();
  g_autofree char *text = NULL;
  const char *repeated[] = { "birth_date", "postcode" };
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  json_object_iter_init (&iter, person);
  while (json_object_iter_next (&iter, &key, &value))
    json_object_set_member (copy, key, json_node_copy (value));
  for (guint i = 0; i < G_N_ELEMENTS (repeated); i++)
    if (!json_object_has_member (copy, repeated[i]) && g_hash_table_contains (answers, repeated[i]))
      json_object_set_string_member (copy, repeated[i], g_hash_table_lookup (answers, repeated[i]));
  json_node_set_object (node, copy);
  text = json_to_string (node, FALSE);
  return tr_person_from_json (text, today, NULL, error);
}

static void
print_result (const TrRegistration *registration, const TrVerdict *verdict,
              TrRules *rules)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  const struct { const char *name; const char *value; } members[] = {
    { "code", registration->code },
    { "payload", registration->payload },
    { "status", registration->status },
    { "offer", registration->offer_id },
    { "session_id", registration->session_id },
    { "registered_at", registration->created_at },
    { "verdict", registration->verdict },
  };

  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      json_builder_set_member_name (builder, members[i].name);
      json_builder_add_string_value (builder, members[i].value);
    }
  json_builder_set_member_name (builder, "flags");
  json_builder_begin_array (builder);
  for (guint i = 0; verdict->flags != NULL && verdict->flags[i] != NULL; i++)
    json_builder_add_string_value (builder, verdict->flags[i]);
  json_builder_end_array (builder);
  if (verdict->kind == TR_VERDICT_CONDITIONAL)
    {
      g_autofree char *condition =
        tr_rules_get_decision_reason (rules, verdict->decision_id, tr_admin_language ());
      json_builder_set_member_name (builder, "condition");
      json_builder_add_string_value (builder, condition);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, TRUE);
  g_print ("%s\n", text);
}

int
tr_admin_cmd_register (TrAdmin *admin, int argc, char **argv)
{
  g_autofree char *source = NULL;
  g_autofree char *session_id = NULL;
  gboolean no_waiting_list = FALSE;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GHashTable) answers = NULL;
  g_autoptr(TrPerson) person = NULL;
  g_autoptr(TrKeyPair) keys = NULL;
  g_autoptr(TrVerdict) verdict = NULL;
  g_autoptr(TrRegistration) registration = NULL;
  g_autoptr(GDateTime) now = tr_clock_now ();
  g_autoptr(GError) error = NULL;
  TrEnrolment enrolment = { 0 };
  JsonObject *object, *answers_object, *person_object;
  TrRules *rules;
  TrStore *store;
  GDate today;
  int status;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &source, N_("The registration as JSON (- for standard input)"), N_("FILE") },
    { "no-waiting-list", 0, 0, G_OPTION_ARG_NONE, &no_waiting_list, N_("Fail rather than put the applicant on a waiting list"), NULL },
    { NULL }
  };

  if (!tr_admin_parse (&argc, &argv, "",
                       _("Register an applicant: {\"offer\": ID, \"answers\": {…}, \"person\": {…}}."),
                       entries, 0, 0, &status))
    return status;
  if (source == NULL)
    return tr_admin_usage ("%s", _("register: give the JSON file with --json FILE (or --json - for standard input)"));

  root = read_json (source, &error);
  if (root == NULL)
    return tr_admin_fail (error);
  object = json_node_get_object (root);
  if (!json_object_has_member (object, "offer") ||
      json_node_get_value_type (json_object_get_member (object, "offer")) != G_TYPE_STRING)
    {
      g_set_error (&error, TR_ERROR, TR_ERROR_INVALID,
                   _("The registration needs “offer” with the offer's id as a text"));
      return tr_admin_fail (error);
    }
  if ((answers_object = get_object_member (object, "answers", &error)) == NULL ||
      (person_object = get_object_member (object, "person", &error)) == NULL ||
      (answers = read_answers (answers_object, &error)) == NULL)
    return tr_admin_fail (error);

  tr_clock_local_gdate (now, &today);
  person = read_person (person_object, answers, &today, &error);
  if (person == NULL)
    return tr_admin_fail (error);
  if ((rules = tr_admin_get_rules (admin, &error)) == NULL ||
      (store = tr_admin_open_store (admin, FALSE, &error)) == NULL ||
      (keys = tr_admin_load_keys (admin, &error)) == NULL)
    return tr_admin_fail (error);

  /* A form may carry its own session id so that running the same command
   * twice registers the person once. */
  if (json_object_has_member (object, "session_id"))
    session_id = g_strdup (json_object_get_string_member (object, "session_id"));
  if (session_id == NULL || *session_id == '\0')
    {
      g_free (session_id);
      session_id = g_uuid_string_random ();
    }

  enrolment.session_id = session_id;
  enrolment.offer_id = json_object_get_string_member (object, "offer");
  enrolment.answers = answers;
  enrolment.person = person;
  enrolment.accept_waiting_list = !no_waiting_list;
  enrolment.now = now;
  enrolment.language = tr_admin_language ();
  registration = tr_enrol (store, rules, keys, &enrolment, &verdict, &error);
  if (registration == NULL)
    return tr_admin_fail (error);
  print_result (registration, verdict, rules);
  return TR_EXIT_OK;
}
