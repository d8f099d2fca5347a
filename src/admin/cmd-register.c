/* SPDX-License-Identifier: GPL-3.0-or-later */
/* register: an applicant from a paper form, as JSON. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gunixinputstream.h>
#include <json-glib/json-glib.h>
#include <sodium.h>
#include <string.h>

#include "admin-context.h"
#include "tr-clock.h"
#include "tr-enrol.h"
#include "tr-error.h"
#include "tr-text.h"

/* The whole form, from a file or standard input; the core reads it. */
static char *
read_text (const char *source, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  const char *name = g_strcmp0 (source, "-") == 0 ? _("standard input") : source;
  gsize length = 0;

  if (g_strcmp0 (source, "-") == 0)
    {
      g_autoptr(GInputStream) in = g_unix_input_stream_new (0, FALSE);
      g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

      if (g_output_stream_splice (out, in, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL,
                                  &local_error) >= 0)
        {
          char *data = g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out));

          length = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out));
          text = g_strndup (data, length);
          /* The form holds a person's details: the stream's copy is wiped. */
          sodium_memzero (data, length);
        }
    }
  else
    g_file_get_contents (source, &text, &length, &local_error);
  if (text == NULL)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_PARSE, _("Cannot read JSON from %s: %s"),
                   name, local_error->message);
      return NULL;
    }
  if (memchr (text, '\0', length) != NULL)
    {
      sodium_memzero (text, length);
      g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                   _("Cannot read JSON from %s: it holds a zero byte, so it is not a text file"), name);
      return NULL;
    }
  return g_steal_pointer (&text);
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
  g_autoptr(TrWipedText) text = NULL;
  g_autofree char *random_id = NULL;
  gboolean no_waiting_list = FALSE;
  g_autoptr(TrEnrolForm) form = NULL;
  g_autoptr(TrKeyPair) keys = NULL;
  g_autoptr(TrVerdict) verdict = NULL;
  g_autoptr(TrRegistration) registration = NULL;
  g_autoptr(GDateTime) now = tr_clock_now ();
  g_autoptr(GError) error = NULL;
  TrEnrolment enrolment = { 0 };
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
  /* Before a person's details are even read: they could not be sealed. */
  if ((store = tr_admin_open_store (admin, FALSE, &error)) == NULL)
    return tr_admin_fail (error);
  if (tr_store_get_office_key (store, NULL, &error) == TR_STORE_OFFICE_KEY_NONE)
    {
      if (error == NULL)
        g_set_error (&error, TR_ERROR, TR_ERROR_NOT_FOUND,
                     _("This kiosk has no office key, so it cannot seal personal details: set OfficeKey= in "
                       "kiosk.conf, or run “tremplin-admin office-key KEY”, with the key the programme office gave"));
      return tr_admin_fail (error);
    }

  text = read_text (source, &error);
  if (text == NULL)
    return tr_admin_fail (error);
  tr_clock_local_gdate (now, &today);
  form = tr_enrol_form_from_json (text, &today, &error);
  if (form == NULL)
    {
      if (g_strcmp0 (source, "-") != 0 && g_error_matches (error, TR_ERROR, TR_ERROR_PARSE))
        g_prefix_error (&error, "%s: ", source);
      return tr_admin_fail (error);
    }
  if ((rules = tr_admin_get_rules (admin, &error)) == NULL ||
      (keys = tr_admin_load_keys (admin, &error)) == NULL)
    return tr_admin_fail (error);

  /* A form may carry its own session id so that running the same command
   * twice registers the person once. */
  if (form->session_id == NULL)
    random_id = g_uuid_string_random ();

  enrolment.session_id = form->session_id != NULL ? form->session_id : random_id;
  enrolment.offer_id = form->offer_id;
  enrolment.answers = form->answers;
  enrolment.person = form->person;
  enrolment.accept_waiting_list = !no_waiting_list;
  enrolment.now = now;
  enrolment.language = tr_admin_language ();
  registration = tr_enrol (store, rules, keys, &enrolment, &verdict, &error);
  if (registration == NULL)
    return tr_admin_fail (error);
  print_result (registration, verdict, rules);
  return TR_EXIT_OK;
}
