/* SPDX-License-Identifier: GPL-3.0-or-later */
/* report-hub.c — the season report fed from the hub: its registrations, their postcodes opened in memory, the published catalogue and rules. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "report-hub.h"
#include "cmd-hub.h"
#include "office-context.h"
#include "tr-catalogue.h"
#include "tr-details-residence.h"
#include "tr-error.h"
#include "tr-hub.h"
#include "tr-text.h"

struct _TrReportHub {
  TrHub       *hub;
  char        *key_path;
  guint8       public_key[TR_OFFICE_KEY_BYTES];
  TrOfficeKey *key;
};

void
tr_report_hub_free (TrReportHub *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->hub, tr_hub_free);
  g_clear_pointer (&self->key, tr_office_key_free);
  g_free (self->key_path);
  g_free (self);
}

TrReportHub *
tr_report_hub_connect (const char *conninfo, const char *key_path, GError **error)
{
  g_autoptr(TrReportHub) self = g_new0 (TrReportHub, 1);

  self->key_path = key_path != NULL ? g_strdup (key_path) : tr_office_default_key_path ();
  if (!tr_office_key_read_public (self->key_path, self->public_key, error) ||
      (self->hub = tr_hub_cmd_connect_reader (conninfo, error)) == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

/* The newest good publication of @kind. When the hub holds some and the
 * office key signed none of them, the key given is not the office's that
 * publishes there (or the hub was tampered with): nothing of it is used. */
static TrHubPublication *
latest (TrReportHub *self, const char *kind, GError **error)
{
  TrHubPublication *publication = NULL;
  guint n_refused = 0;

  if (!tr_hub_latest_publication (self->hub, kind, self->public_key, &publication, &n_refused, error))
    {
      tr_hub_cmd_explain_error (error);
      return NULL;
    }
  /* Said, for a newer one refused may be someone's tampering at the hub. */
  if (publication != NULL && n_refused > 0)
    g_printerr ("%s\n", g_strcmp0 (kind, "catalogue") == 0
                ? _("tremplin-office report: the newest catalogue at the hub is not signed by the office key, or does not load: the one before it is used, as the kiosks use it")
                : _("tremplin-office report: the newest rules at the hub are not signed by the office key, or do not load: the ones before are used, as the kiosks use them"));
  if (publication == NULL && n_refused > 0)
    g_set_error (error, TR_ERROR, TR_ERROR_FORGED,
                 g_strcmp0 (kind, "catalogue") == 0
                 ? _("The catalogue at the hub is not signed by the office key %s: give the key the office publishes with (--key FILE), or publish the catalogue again")
                 : _("The rules at the hub are not signed by the office key %s: give the key the office publishes with (--key FILE), or publish the rules again"),
                 self->key_path);
  return publication;
}

GPtrArray *
tr_report_hub_load_offers (TrReportHub *self, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(TrHubPublication) publication = latest (self, "catalogue", &local_error);
  g_autofree char *text = NULL;
  gsize size = 0;
  const char *data;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (publication == NULL)
    {
      g_printerr ("%s\n", _("tremplin-office report: the hub holds no catalogue signed by the office key: the seats and the offers nobody chose are left out (give the catalogue with --catalogue FILE)"));
      return g_ptr_array_new ();
    }
  data = g_bytes_get_data (publication->payload, &size);
  text = g_strndup (data != NULL ? data : "", size);
  return tr_catalogue_parse (text, size, "catalogue", error);
}

gboolean
tr_report_hub_read_rules (TrReportHub *self, TrReport *report, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(TrHubPublication) publication = latest (self, "rules", &local_error);
  gsize size = 0;
  const char *data;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (publication == NULL)
    return TRUE;
  data = g_bytes_get_data (publication->payload, &size);
  return tr_report_read_rules_data (report, data != NULL ? data : "", size, "rules", error);
}

gboolean
tr_report_hub_unlock (TrReportHub *self, const char *passphrase_file, GError **error)
{
  g_clear_pointer (&self->key, tr_office_key_free);
  self->key = tr_office_unlock (self->key_path, passphrase_file, error);
  return self->key != NULL;
}

/* Registrations are read a batch at a time: their details are opened
 * together, on every processor, then counted in the hub's order. A batch
 * is the most a season holds in memory at once. */
#define BATCH 1024

typedef struct {
  const char *kiosk_id;
  const char *code;
  const char *local_date;
  const char *offer_id;
  const char *status;
  const char *flags;
  gboolean    cancelled;
} Pending;

typedef struct {
  TrReportHub  *self;
  TrReport     *report;
  guint         count;
  GStringChunk *texts;     /* the batch's texts */
  GArray       *pending;   /* of Pending */
  GPtrArray    *details;   /* GBytes (sealed) or NULL, one per pending */
} Reading;

static const char *
keep (Reading *reading, const char *text)
{
  return text != NULL ? g_string_chunk_insert (reading->texts, text) : NULL;
}

static gboolean
count_batch (Reading *reading, GError **error)
{
  guint n = reading->pending->len;
  g_autofree char **postcodes = g_new0 (char *, MAX (n, 1));
  g_autoptr(GError) details_error = NULL;
  guint failed = 0;

  if (!tr_details_residence_postcodes (reading->self->key, (GBytes * const *) reading->details->pdata, n,
                                       postcodes, &failed, &details_error))
    {
      const Pending *pending = &g_array_index (reading->pending, Pending, failed);
      g_autofree char *code = tr_text_excerpt (pending->code);

      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("The details of registration %s (kiosk %s) at the hub do not open with the office key %s: they were sealed to another office key, or altered (%s)"),
                   code, pending->kiosk_id, reading->self->key_path, details_error->message);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      const Pending *pending = &g_array_index (reading->pending, Pending, i);
      TrReportRegistration counted = {
        .kiosk_id = pending->kiosk_id,
        .local_date = pending->local_date,
        .offer_id = pending->offer_id,
        .status = pending->status,
        .cancelled = pending->cancelled,
        .flags_json = pending->flags,
        .postcode = postcodes[i],
      };

      tr_report_add_registration (reading->report, &counted);
      g_free (postcodes[i]);
    }
  reading->count += n;
  g_array_set_size (reading->pending, 0);
  g_ptr_array_set_size (reading->details, 0);
  g_string_chunk_clear (reading->texts);
  return TRUE;
}

static gboolean
add_registration (const TrHubRegistration *registration, gpointer user_data, GError **error)
{
  Reading *reading = user_data;
  Pending pending = {
    .kiosk_id = keep (reading, registration->kiosk_id),
    .code = keep (reading, registration->code),
    .local_date = keep (reading, registration->local_date),
    .offer_id = keep (reading, registration->offer_id),
    .status = keep (reading, registration->status),
    .flags = keep (reading, registration->flags),
    .cancelled = registration->cancelled,
  };

  g_array_append_val (reading->pending, pending);
  /* A cancelled registration counts only as cancelled: its details stay
   * shut. Erased details leave the residence not given, as in the export. */
  g_ptr_array_add (reading->details, !registration->cancelled && registration->details != NULL
                                     ? g_bytes_new (registration->details, registration->details_size)
                                     : NULL);
  return reading->pending->len < BATCH || count_batch (reading, error);
}

gboolean
tr_report_hub_add_registrations (TrReportHub *self, TrReport *report, const char *from_date,
                                 const char *to_date, guint *count, GError **error)
{
  g_autoptr(GArray) pending = g_array_sized_new (FALSE, FALSE, sizeof (Pending), BATCH);
  g_autoptr(GPtrArray) details = g_ptr_array_new_full (BATCH, (GDestroyNotify) g_bytes_unref);
  Reading reading = { self, report, 0, g_string_chunk_new (64 * 1024), pending, details };
  gboolean read;

  g_return_val_if_fail (self->key != NULL, FALSE);
  read = tr_hub_foreach_registration (self->hub, from_date, to_date, add_registration, &reading, error);
  if (!read)
    tr_hub_cmd_explain_error (error);
  else
    read = count_batch (&reading, error);
  g_string_chunk_free (reading.texts);
  if (read && count != NULL)
    *count = reading.count;
  return read;
}
