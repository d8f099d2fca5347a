/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hub-rows.c — the hub's registrations gathered into the office's rows, opened, their receipts checked and the same person found. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cmd-hub.h"
#include "hub-rows.h"
#include "office-context.h"
#include "tr-catalogue.h"
#include "tr-clock.h"
#include "tr-error.h"
#include "tr-hub.h"
#include "tr-keys.h"
#include "tr-receipt.h"
#include "tr-rules.h"
#include "tr-text.h"

struct _TrHubRows {
  TrHub               *hub;
  char                *key_path;
  guint8               public_key[TR_OFFICE_KEY_BYTES];
  TrOfficeKey         *key;
  GPtrArray           *offers;       /* TrOffer */
  GHashTable          *offers_by_id; /* id → TrOffer, borrowed from offers */
  TrRules             *rules;
  GHashTable          *trusted;      /* kiosk id → GBytes, its receipt public key */
  GHashTable          *revoked;      /* kiosk id → GDateTime, when it was revoked */
  TrExportRowsBuilder *builder;      /* while reading */
  TrExportRows        *rows;
  GArray              *checks;       /* TrHubRowCheck, one per row */
};

static void
check_clear (TrHubRowCheck *check)
{
  g_clear_pointer (&check->revoked_at, g_free);
  g_clear_pointer (&check->same_person, g_ptr_array_unref);
}

void
tr_hub_rows_free (TrHubRows *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->hub, tr_hub_free);
  g_clear_pointer (&self->key, tr_office_key_free);
  g_clear_pointer (&self->offers_by_id, g_hash_table_unref);
  g_clear_pointer (&self->offers, g_ptr_array_unref);
  g_clear_object (&self->rules);
  g_clear_pointer (&self->trusted, g_hash_table_unref);
  g_clear_pointer (&self->revoked, g_hash_table_unref);
  g_clear_pointer (&self->builder, tr_export_rows_builder_free);
  g_clear_pointer (&self->rows, tr_export_rows_free);
  g_clear_pointer (&self->checks, g_array_unref);
  g_free (self->key_path);
  g_free (self);
}

TrHubRows *
tr_hub_rows_connect (const char *key_path, GError **error)
{
  g_autoptr(TrHubRows) self = g_new0 (TrHubRows, 1);

  self->key_path = key_path != NULL ? g_strdup (key_path) : tr_office_default_key_path ();
  self->checks = g_array_new (FALSE, TRUE, sizeof (TrHubRowCheck));
  g_array_set_clear_func (self->checks, (GDestroyNotify) check_clear);
  if (!tr_office_key_read_public (self->key_path, self->public_key, error) ||
      (self->hub = tr_hub_cmd_connect_reader (NULL, error)) == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

/* ---- the options ------------------------------------------------------- */

static gboolean
check_date (const char *text, int *exit_status)
{
  g_autofree char *shown = NULL;

  if (tr_clock_is_date (text))
    return TRUE;
  shown = tr_text_excerpt (text);
  *exit_status = tr_hub_cmd_usage (_("“%s” is not a date: write it YYYY-MM-DD, for example 2026-11-28"), shown);
  return FALSE;
}

static gboolean
parse_days (TrHubRowsOptions *options, int *exit_status)
{
  const char *day = options->day, *from_date = options->from_date, *to_date = options->to_date;

  if (day != NULL && (from_date != NULL || to_date != NULL))
    {
      *exit_status = tr_hub_cmd_usage ("%s", _("give either --day, or --from and --to, not both"));
      return FALSE;
    }
  if (day == NULL && from_date == NULL && to_date == NULL)
    {
      *exit_status = tr_hub_cmd_usage ("%s", _("no day given: give --day YYYY-MM-DD, or the first and last days with --from YYYY-MM-DD --to YYYY-MM-DD"));
      return FALSE;
    }
  if (day == NULL && (from_date == NULL || to_date == NULL))
    {
      *exit_status = tr_hub_cmd_usage ("%s", _("give both --from and --to (for one day, --day YYYY-MM-DD)"));
      return FALSE;
    }
  if (day != NULL)
    from_date = to_date = day;
  if (!check_date (from_date, exit_status) || !check_date (to_date, exit_status))
    return FALSE;
  if (strcmp (to_date, from_date) < 0)
    {
      *exit_status = tr_hub_cmd_usage (_("--to %s is before --from %s: give the first day with --from and the last with --to"),
                                       to_date, from_date);
      return FALSE;
    }
  options->from = g_strdup (from_date);
  options->to = g_strdup (to_date);
  options->label = strcmp (from_date, to_date) == 0
                   ? g_strdup (from_date) : g_strdup_printf ("%s_%s", from_date, to_date);
  return TRUE;
}

gboolean
tr_hub_rows_parse_options (TrHubRowsOptions *options, int *argc, char ***argv, const char *summary,
                           const char *output_help, const char *rules_help, int *exit_status)
{
  g_autofree char *key_help = tr_office_key_option_help ();
  const GOptionEntry entries[] = {
    { "day", 0, 0, G_OPTION_ARG_STRING, &options->day, N_("The day of the registrations"), N_("YYYY-MM-DD") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &options->from_date,
      N_("The first day of the registrations (with --to)"), N_("YYYY-MM-DD") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &options->to_date,
      N_("The last day of the registrations (with --from)"), N_("YYYY-MM-DD") },
    { "output", 0, 0, G_OPTION_ARG_FILENAME, &options->output_folder, output_help, N_("DIR") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &options->force, N_("Replace files of the same names already there"), NULL },
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &options->key_path, key_help, N_("FILE") },
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &options->passphrase_file,
      N_("Read the passphrase from the first line of FILE instead of asking for it"), N_("FILE") },
    { "catalogue", 0, 0, G_OPTION_ARG_FILENAME, &options->catalogue,
      N_("The offers' catalogue (CSV), instead of the one the office last published at the hub"), N_("FILE") },
    { "rules", 0, 0, G_OPTION_ARG_FILENAME, &options->rules_path, rules_help, N_("FILE") },
    { NULL }
  };

  if (!tr_hub_cmd_parse (argc, argv, "", summary, entries, 0, 0, exit_status) ||
      !parse_days (options, exit_status))
    return FALSE;
  if (options->output_folder == NULL)
    options->output_folder = g_strdup (".");
  return TRUE;
}

void
tr_hub_rows_options_clear (TrHubRowsOptions *options)
{
  char **texts[] = {
    &options->day, &options->from_date, &options->to_date, &options->output_folder,
    &options->key_path, &options->passphrase_file, &options->catalogue, &options->rules_path,
    &options->from, &options->to, &options->label,
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    g_clear_pointer (texts[i], g_free);
}

/* ---- what the hub knows besides the registrations --------------------- */

static gboolean
read_kiosks (TrHubRows *self, GError **error)
{
  g_autoptr(GPtrArray) kiosks =
    tr_hub_query_rows (self->hub,
                       "SELECT id, public_key, coalesce(to_char(revoked_at AT TIME ZONE 'UTC',"
                       " 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), '') FROM hub.kiosks ORDER BY id",
                       error);

  if (kiosks == NULL)
    {
      tr_hub_cmd_explain_error (error);
      return FALSE;
    }
  self->trusted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  self->revoked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_date_time_unref);
  for (guint i = 0; i < kiosks->len; i++)
    {
      char **kiosk = g_ptr_array_index (kiosks, i);
      guint8 public_key[32];

      /* A key the hub holds wrong vouches for nothing: that kiosk's
       * receipts are flagged, not the whole export refused. */
      if (tr_public_key_from_text (kiosk[1], public_key, NULL))
        g_hash_table_insert (self->trusted, g_strdup (kiosk[0]), g_bytes_new (public_key, sizeof public_key));
      if (kiosk[2][0] != '\0')
        {
          GDateTime *revoked_at = g_date_time_new_from_iso8601 (kiosk[2], NULL);
          if (revoked_at != NULL)
            g_hash_table_insert (self->revoked, g_strdup (kiosk[0]), revoked_at);
        }
    }
  return TRUE;
}

/* The newest publication of @kind the office key signed (as a kiosk would
 * use it), its bytes in *@payload; none is not an error. */
static gboolean
latest (TrHubRows *self, const char *kind, GBytes **payload, GError **error)
{
  g_autoptr(TrHubPublication) publication = NULL;
  guint n_refused = 0;

  *payload = NULL;
  if (!tr_hub_latest_publication (self->hub, kind, self->public_key, &publication, &n_refused, error))
    {
      tr_hub_cmd_explain_error (error);
      return FALSE;
    }
  if (n_refused > 0)
    g_printerr (g_strcmp0 (kind, "catalogue") == 0
                ? _("tremplin-office: the newest catalogue at the hub is not signed by the office key %s, or does not load: it is not used\n")
                : _("tremplin-office: the newest rules at the hub are not signed by the office key %s, or do not load: they are not used\n"),
                self->key_path);
  if (publication != NULL)
    *payload = g_bytes_ref (publication->payload);
  return TRUE;
}

static gboolean
load_catalogue (TrHubRows *self, const char *path, gboolean needed, GError **error)
{
  g_autoptr(GBytes) payload = NULL;

  if (path != NULL)
    self->offers = tr_catalogue_parse_file (path, error);
  else if (!latest (self, "catalogue", &payload, error))
    return FALSE;
  else if (payload != NULL)
    {
      gsize size = 0;
      const char *data = g_bytes_get_data (payload, &size);
      self->offers = tr_catalogue_parse (data != NULL ? data : "", size, "catalogue", error);
    }
  else if (needed)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_NOT_FOUND,
                   _("The hub holds no catalogue signed by the office key %s: publish it with “tremplin-office hub publish-catalogue FILE”, or give it with --catalogue FILE"),
                   self->key_path);
      return FALSE;
    }
  else
    {
      g_printerr (_("tremplin-office: the hub holds no catalogue signed by the office key %s: the offers' titles and providers are left empty (give the catalogue with --catalogue FILE)\n"),
                  self->key_path);
      self->offers = g_ptr_array_new ();
    }
  if (self->offers == NULL)
    return FALSE;
  self->offers_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < self->offers->len; i++)
    {
      TrOffer *offer = g_ptr_array_index (self->offers, i);
      g_hash_table_insert (self->offers_by_id, (gpointer) tr_offer_get_id (offer), offer);
    }
  return TRUE;
}

static gboolean
load_rules (TrHubRows *self, const char *path, GError **error)
{
  g_autoptr(GBytes) payload = NULL;
  gsize size = 0;
  const char *data;

  if (path != NULL)
    return (self->rules = tr_rules_new_from_file (path, error)) != NULL;
  if (!latest (self, "rules", &payload, error))
    return FALSE;
  if (payload == NULL)
    {
      /* The table's answer and flag columns are the rules': without them
       * the table would not be the one the kiosks' exports give. */
      g_set_error (error, TR_ERROR, TR_ERROR_NOT_FOUND,
                   _("The hub holds no rules signed by the office key %s: publish them with “tremplin-office hub publish-rules FILE”, or give the rules file with --rules FILE"),
                   self->key_path);
      return FALSE;
    }
  data = g_bytes_get_data (payload, &size);
  self->rules = tr_rules_new_from_data (data != NULL ? data : "", size, "rules", error);
  return self->rules != NULL;
}

gboolean
tr_hub_rows_prepare (TrHubRows *self, const char *catalogue_path, const char *rules_path,
                     gboolean need_catalogue, GError **error)
{
  return read_kiosks (self, error) &&
         load_catalogue (self, catalogue_path, need_catalogue, error) &&
         load_rules (self, rules_path, error);
}

gboolean
tr_hub_rows_unlock (TrHubRows *self, const char *passphrase_file, GError **error)
{
  g_clear_pointer (&self->key, tr_office_key_free);
  self->key = tr_office_unlock (self->key_path, passphrase_file, error);
  return self->key != NULL;
}

/* ---- each registration as it comes ------------------------------------ */

/* The receipt verifies with the kiosk's key and says what the row says.
 * A cancelled registration's status at the hub no longer says what the
 * receipt said. */
static gboolean
receipt_holds (TrHubRows *self, const TrHubRegistration *registration)
{
  g_autoptr(TrReceiptFacts) facts = NULL;
  const char *status = g_strcmp0 (registration->status, "waiting") == 0 ? "waiting_list" : "registered";

  if (registration->payload == NULL ||
      (facts = tr_receipt_verify (registration->payload, self->trusted, NULL)) == NULL)
    return FALSE;
  return g_strcmp0 (facts->kiosk_id, registration->kiosk_id) == 0 &&
         g_strcmp0 (facts->code, registration->code) == 0 &&
         g_strcmp0 (facts->offer_id, registration->offer_id) == 0 &&
         g_strcmp0 (facts->date, registration->local_date) == 0 &&
         (registration->cancelled || g_strcmp0 (facts->status, status) == 0);
}

/* Made, or received, at or after its kiosk's revocation. */
static gboolean
after_revocation (TrHubRows *self, const TrHubRegistration *registration, char **revoked_text)
{
  GDateTime *revoked_at = g_hash_table_lookup (self->revoked, registration->kiosk_id);
  const char *times[] = { registration->created_at, registration->received_at };

  if (revoked_at == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autoptr(GDateTime) time = times[i] != NULL ? g_date_time_new_from_iso8601 (times[i], NULL) : NULL;

      if (time == NULL || g_date_time_compare (time, revoked_at) >= 0)
        {
          *revoked_text = g_date_time_format (revoked_at, "%Y-%m-%dT%H:%M:%SZ");
          return TRUE;
        }
    }
  return FALSE;
}

static const char *
export_status (const TrHubRegistration *registration)
{
  if (registration->cancelled)
    return "cancelled";
  return g_strcmp0 (registration->status, "waiting") == 0 ? "waiting_list" : "registered";
}

static gboolean
add_registration (const TrHubRegistration *registration, gpointer user_data, GError **error)
{
  TrHubRows *self = user_data;
  TrOffer *offer = g_hash_table_lookup (self->offers_by_id, registration->offer_id);
  g_autoptr(GBytes) details = registration->details != NULL
                              ? g_bytes_new (registration->details, registration->details_size) : NULL;
  TrHubRowCheck check = { 0, NULL, -1, NULL };
  TrExportRowSource row = {
    .code = registration->code,
    .created_at = registration->created_at,
    .local_date = registration->local_date,
    .kiosk_id = registration->kiosk_id,
    .offer_id = registration->offer_id,
    .offer = offer != NULL ? tr_offer_get_data (offer) : NULL,
    .status = export_status (registration),
    .verdict = registration->verdict,
    .flags_json = registration->flags,
    .woman = -1,
    .qpv = -1,
    .payload = registration->payload,
    .cancel_reason = registration->cancel_reason,
    .details = details,
  };

  if (!receipt_holds (self, registration))
    check.problems |= TR_HUB_ROW_BAD_SIGNATURE;
  if (after_revocation (self, registration, &check.revoked_at))
    check.problems |= TR_HUB_ROW_REVOKED_KIOSK;
  tr_export_rows_builder_add (self->builder, &row);
  g_array_append_val (self->checks, check);
  return TRUE;
}

/* ---- the same person -------------------------------------------------- */

/* A name with accents, case, and everything but letters and digits set
 * aside: "Jean-Éric  d'Arc" and "jean eric DARC" are the same. */
static char *
name_key (const char *name)
{
  g_autofree char *decomposed = NULL;
  g_autofree char *folded = NULL;
  GString *key = g_string_new (NULL);

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    return g_string_free (key, FALSE);
  decomposed = g_utf8_normalize (name, -1, G_NORMALIZE_ALL);
  folded = g_utf8_casefold (decomposed, -1);
  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_isalnum (c))
        g_string_append_unichar (key, c);
    }
  return g_string_free (key, FALSE);
}

/* The person's identity for one offer, or NULL when it cannot be told (no
 * details, no name or no date of birth). */
static char *
identity (TrExportRows *rows, guint index)
{
  const char *birth_date = tr_export_rows_get_person_value (rows, index, "birth_date");
  g_autofree char *last = name_key (tr_export_rows_get_person_value (rows, index, "last_name"));
  g_autofree char *first = name_key (tr_export_rows_get_person_value (rows, index, "first_name"));
  TrExportEntry entry;

  tr_export_rows_get_entry (rows, index, &entry);
  if (birth_date == NULL || birth_date[0] == '\0' || (last[0] == '\0' && first[0] == '\0'))
    return NULL;
  /* Either order: a first name typed as the last is the same person. */
  if (strcmp (last, first) > 0)
    return g_strjoin ("\x1f", entry.offer_id, birth_date, first, last, NULL);
  return g_strjoin ("\x1f", entry.offer_id, birth_date, last, first, NULL);
}

/* TRUE when row @a should be kept rather than row @b (a before b). */
static gboolean
keep_rather (TrHubRows *self, guint a, guint b)
{
  const TrHubRowCheck *check_a = &g_array_index (self->checks, TrHubRowCheck, a);
  const TrHubRowCheck *check_b = &g_array_index (self->checks, TrHubRowCheck, b);
  TrExportEntry entry_a, entry_b;
  gboolean seat_a, seat_b;

  if ((check_a->problems == 0) != (check_b->problems == 0))
    return check_a->problems == 0;
  tr_export_rows_get_entry (self->rows, a, &entry_a);
  tr_export_rows_get_entry (self->rows, b, &entry_b);
  seat_a = g_strcmp0 (entry_a.status, "registered") == 0;
  seat_b = g_strcmp0 (entry_b.status, "registered") == 0;
  if (seat_a != seat_b)
    return seat_a;
  return TRUE;
}

static void
find_same_people (TrHubRows *self)
{
  g_autoptr(GHashTable) people = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) g_array_unref);
  GHashTableIter iter;
  GArray *group;

  for (guint i = 0; i < tr_export_rows_get_n_rows (self->rows); i++)
    {
      TrExportEntry entry;
      char *key;

      tr_export_rows_get_entry (self->rows, i, &entry);
      if (g_strcmp0 (entry.status, "cancelled") == 0 || (key = identity (self->rows, i)) == NULL)
        continue;
      group = g_hash_table_lookup (people, key);
      if (group == NULL)
        {
          group = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (people, key, group);
        }
      else
        g_free (key);
      g_array_append_val (group, i);
    }

  g_hash_table_iter_init (&iter, people);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &group))
    {
      guint kept = g_array_index (group, guint, 0);
      TrHubRowCheck *check;

      if (group->len < 2)
        continue;
      for (guint j = 1; j < group->len; j++)
        if (!keep_rather (self, kept, g_array_index (group, guint, j)))
          kept = g_array_index (group, guint, j);
      check = &g_array_index (self->checks, TrHubRowCheck, kept);
      check->same_person = g_ptr_array_new ();
      for (guint j = 0; j < group->len; j++)
        {
          guint other = g_array_index (group, guint, j);
          TrExportEntry entry;

          if (other == kept)
            continue;
          tr_export_rows_get_entry (self->rows, other, &entry);
          g_ptr_array_add (check->same_person, (gpointer) entry.code);
          g_array_index (self->checks, TrHubRowCheck, other).kept = (int) kept;
        }
    }
}

/* ---- reading ---------------------------------------------------------- */

gboolean
tr_hub_rows_read (TrHubRows *self, const char *from_date, const char *to_date, GError **error)
{
  g_autoptr(GPtrArray) question_ids = g_ptr_array_new ();
  g_autoptr(GError) open_error = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (self->key != NULL && self->rules != NULL && self->rows == NULL, FALSE);

  for (guint i = 0; i < tr_rules_get_n_questions (self->rules); i++)
    g_ptr_array_add (question_ids, (gpointer) tr_question_get_id (tr_rules_get_question (self->rules, i)));
  g_ptr_array_add (question_ids, NULL);
  self->builder = tr_export_rows_builder_new ("hub", from_date, (const char * const *) question_ids->pdata,
                                              tr_rules_get_flag_ids (self->rules));
  if (!tr_hub_foreach_registration (self->hub, from_date, to_date, add_registration, self, error))
    {
      tr_hub_cmd_explain_error (error);
      return FALSE;
    }
  name = g_strcmp0 (from_date, to_date) == 0
         ? g_strdup_printf (_("The hub's registrations of %s"), from_date)
         : g_strdup_printf (_("The hub's registrations from %s to %s"), from_date, to_date);
  self->rows = tr_export_rows_builder_end (g_steal_pointer (&self->builder), name, error);
  if (self->rows == NULL)
    return FALSE;
  if (!tr_export_rows_open (self->rows, self->key, &open_error))
    {
      /* Said as the hub's, not as a kiosk's file's: nothing is written. */
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("Details at the hub do not open with the office key %s: they were sealed to another office key, or altered at the hub; nothing was written (%s)"),
                   self->key_path, open_error->message);
      return FALSE;
    }
  find_same_people (self);
  return TRUE;
}

TrExportRows *
tr_hub_rows_get_rows (TrHubRows *self)
{
  return self->rows;
}

guint
tr_hub_rows_get_n_rows (TrHubRows *self)
{
  return self->rows != NULL ? tr_export_rows_get_n_rows (self->rows) : 0;
}

const TrHubRowCheck *
tr_hub_rows_get_check (TrHubRows *self, guint index)
{
  g_return_val_if_fail (index < self->checks->len, NULL);
  return &g_array_index (self->checks, TrHubRowCheck, index);
}

const TrOfferData *
tr_hub_rows_get_offer (TrHubRows *self, const char *offer_id)
{
  TrOffer *offer = offer_id != NULL ? g_hash_table_lookup (self->offers_by_id, offer_id) : NULL;

  return offer != NULL ? tr_offer_get_data (offer) : NULL;
}

char *
tr_hub_row_check_same_person (const TrHubRowCheck *check)
{
  GString *text;

  if (check->same_person == NULL || check->same_person->len == 0)
    return NULL;
  text = g_string_new (NULL);
  for (guint i = 0; i < check->same_person->len; i++)
    {
      if (i > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, g_ptr_array_index (check->same_person, i));
    }
  return g_string_free (text, FALSE);
}

void
tr_hub_rows_tell_problems (TrHubRows *self)
{
  for (guint i = 0; i < tr_hub_rows_get_n_rows (self); i++)
    {
      const TrHubRowCheck *check = tr_hub_rows_get_check (self, i);
      TrExportEntry entry;

      tr_export_rows_get_entry (self->rows, i, &entry);
      if (check->problems & TR_HUB_ROW_BAD_SIGNATURE)
        g_printerr (_("tremplin-office: registration %s (kiosk %s, %s): its receipt does not verify with kiosk %s's key at the hub, or does not say what the hub holds: it was altered, or not made by that kiosk. Check it before inviting the person.\n"),
                    entry.code, entry.kiosk_id, entry.local_date, entry.kiosk_id);
      if (check->problems & TR_HUB_ROW_REVOKED_KIOSK)
        g_printerr (_("tremplin-office: registration %s (kiosk %s, %s) was made or received after kiosk %s was revoked (%s): check it before inviting the person.\n"),
                    entry.code, entry.kiosk_id, entry.local_date, entry.kiosk_id, check->revoked_at);
      if (check->kept >= 0)
        {
          TrExportEntry kept;

          tr_export_rows_get_entry (self->rows, (guint) check->kept, &kept);
          g_printerr (_("tremplin-office: registration %s (kiosk %s) is the same person for offer %s as registration %s (kiosk %s): only %s is listed, with %s named beside it; cancel the other one at its kiosk.\n"),
                      entry.code, entry.kiosk_id, entry.offer_id, kept.code, kept.kiosk_id, kept.code, entry.code);
        }
    }
}
