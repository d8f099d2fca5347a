/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-sync.c — the kiosk's sync with the hub: outbox, leases, publications, in a thread of its own. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libpq-fe.h>
#include <string.h>

#include "tr-catalogue.h"
#include "tr-clock.h"
#include "tr-error.h"
#include "tr-hub.h"
#include "tr-office-key.h"
#include "tr-sync.h"
#include "tr-text.h"

/* Rows handed to the hub per store transaction: a kill loses at most this
 * many acknowledgements, which the next round gets back as duplicates. */
#define PUSH_BATCH 32
#define MAX_CANCELLATIONS 500
#define ACTIVE_DAYS 7
/* A lease is renewed when it has less than this left to run. */
#define RENEW_SECONDS (6 * 3600)

struct _TrSync
{
  GObject        parent_instance;
  TrSyncConfig  *config;
  char          *conninfo;
  GMainContext  *context;   /* the creator's: signals and callbacks go there */

  /* Held by whoever uses the store and the hub below (the thread, a
   * refill, a synchronous call): one at a time. */
  GMutex         work_lock;
  TrStore       *store;
  TrHub         *hub;

  /* The thread's orders, under state_lock. */
  GMutex         state_lock;
  GCond          state_cond;
  GThread       *thread;
  gboolean       stopping;
  gboolean       woken;
  guint          backoff;   /* seconds; 0 while rounds succeed */

  TrSyncState   *state;     /* main context only */
};

G_DEFINE_FINAL_TYPE (TrSync, tr_sync, G_TYPE_OBJECT)

enum { STATE_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* ---- state ----------------------------------------------------------- */

void
tr_sync_state_free (TrSyncState *state)
{
  if (state == NULL)
    return;
  g_free (state->last_success);
  g_free (state->last_attempt);
  g_free (state->last_error);
  g_clear_pointer (&state->leases, g_ptr_array_unref);
  g_free (state);
}

static TrSyncState *
state_copy (const TrSyncState *state)
{
  TrSyncState *copy = g_new0 (TrSyncState, 1);

  copy->last_success = g_strdup (state->last_success);
  copy->last_attempt = g_strdup (state->last_attempt);
  copy->last_error = g_strdup (state->last_error);
  copy->unsent = state->unsent;
  copy->unsent_cancellations = state->unsent_cancellations;
  copy->publication_version = state->publication_version;
  copy->running = state->running;
  copy->leases = g_ptr_array_new_with_free_func ((GDestroyNotify) tr_lease_free);
  for (guint i = 0; state->leases != NULL && i < state->leases->len; i++)
    {
      const TrLease *lease = g_ptr_array_index (state->leases, i);
      TrLease *dup = g_new0 (TrLease, 1);

      dup->offer_id = g_strdup (lease->offer_id);
      dup->held = lease->held;
      dup->expires_at = lease->expires_at;
      g_ptr_array_add (copy->leases, dup);
    }
  return copy;
}

/* Under work_lock: the state as the store holds it now. */
static TrSyncState *
read_state (TrSync *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrSyncRecord) record = NULL;
  TrSyncState *state = g_new0 (TrSyncState, 1);

  record = tr_store_get_sync_record (self->store, &error);
  if (record != NULL)
    {
      state->last_success = g_steal_pointer (&record->last_success);
      state->last_attempt = g_steal_pointer (&record->last_attempt);
      state->last_error = g_steal_pointer (&record->last_error);
      state->publication_version = record->publication_version;
    }
  if (!tr_store_outbox_count (self->store, &state->unsent, &state->unsent_cancellations, &error) ||
      !(state->leases = tr_store_get_leases (self->store, &error)))
    g_message ("Could not read the state of the link to the hub: %s", error->message);
  if (state->leases == NULL)
    state->leases = g_ptr_array_new_with_free_func ((GDestroyNotify) tr_lease_free);
  return state;
}

typedef struct {
  TrSync      *sync;
  TrSyncState *state;
} StateReport;

static gboolean
deliver_state (gpointer data)
{
  StateReport *report = data;
  TrSync *self = report->sync;

  g_mutex_lock (&self->state_lock);
  report->state->running = self->thread != NULL;
  g_mutex_unlock (&self->state_lock);
  tr_sync_state_free (self->state);
  self->state = g_steal_pointer (&report->state);
  g_signal_emit (self, signals[STATE_CHANGED], 0);
  return G_SOURCE_REMOVE;
}

static void
free_report (gpointer data)
{
  StateReport *report = data;

  g_object_unref (report->sync);
  tr_sync_state_free (report->state);
  g_free (report);
}

/* Under work_lock, from any thread: the state goes to the main context. */
static void
report_state (TrSync *self)
{
  StateReport *report = g_new0 (StateReport, 1);
  GSource *source;

  report->sync = g_object_ref (self);
  report->state = read_state (self);
  source = g_idle_source_new ();
  /* Not g_main_context_invoke: from a thread without a context of its own
   * it would run the callback right there when the creator's context is
   * the global default and free at that moment. */
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, deliver_state, report, free_report);
  g_source_attach (source, self->context);
  g_source_unref (source);
}

/* ---- one round (under work_lock) ------------------------------------- */

static gboolean
ensure_hub (TrSync *self, GError **error)
{
  if (self->hub != NULL)
    return TRUE;
  self->hub = tr_hub_connect (self->conninfo, tr_store_get_kiosk_id (self->store), error);
  return self->hub != NULL;
}

/* A broken connection is made again next time. */
static void
forget_hub_on (TrSync *self, const GError *error)
{
  if (error != NULL && error->domain == TR_HUB_ERROR && error->code != TR_HUB_ERROR_FAILED)
    g_clear_pointer (&self->hub, tr_hub_free);
}

static void
row_for_hub (const TrOutboxRow *row, TrHubRow *out)
{
  const TrRegistration *r = row->registration;

  *out = (TrHubRow) {
    .session_id = r->session_id,
    .code = r->code,
    .local_id = r->id,
    .created_at = r->created_at,
    .local_date = r->local_date,
    .offer_id = r->offer_id,
    /* A row cancelled before it left goes as cancelled; the hub counts
     * no seat for it. */
    .status = g_strcmp0 (r->status, "waiting_list") == 0 ? "waiting" : "registered",
    .verdict = r->verdict,
    .flags = r->flags_json,
    .payload = r->payload,
    .age_band = r->age_band,
    .woman = r->woman,
    .qpv = r->qpv,
    .details = r->details,
    .cancelled_at = row->cancelled_at,
    .cancel_reason = row->cancelled_at != NULL ? r->cancel_reason : NULL,
  };
}

/* Marks what the hub acknowledged; then the error of the batch, if any. */
static gboolean
finish_batch (TrSync *self, GPtrArray *acknowledged, GError *batch_error, GError **error)
{
  g_autoptr(GDateTime) now = tr_clock_now ();
  g_autoptr(GError) local_error = NULL;

  if (!tr_store_outbox_mark_sent (self->store, acknowledged, now, &local_error))
    {
      g_clear_error (&batch_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (batch_error != NULL)
    {
      g_propagate_error (error, batch_error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
push_outbox (TrSync *self, TrSyncRound *round, GError **first_refusal, GError **error)
{
  gint64 after = 0;

  if (!ensure_hub (self, error))
    return FALSE;
  for (;;)
    {
      g_autoptr(GDateTime) now = tr_clock_now ();
      g_autoptr(GPtrArray) rows = tr_store_outbox_claim (self->store, after, PUSH_BATCH, now, error);
      g_autoptr(GPtrArray) acknowledged = g_ptr_array_new ();
      g_autofree TrHubRow *hub_rows = NULL;
      g_autofree gboolean *duplicates = NULL;
      g_autofree GError **row_errors = NULL;
      GError *batch_error = NULL;

      if (rows == NULL)
        return FALSE;
      if (rows->len == 0)
        return TRUE;
      hub_rows = g_new0 (TrHubRow, rows->len);
      duplicates = g_new0 (gboolean, rows->len);
      row_errors = g_new0 (GError *, rows->len);
      for (guint i = 0; i < rows->len; i++)
        row_for_hub (g_ptr_array_index (rows, i), &hub_rows[i]);
      after = ((TrOutboxRow *) g_ptr_array_index (rows, rows->len - 1))->registration->id;
      /* The batch in one round trip; a failed connection leaves every row
       * of it unsent, and those the hub did store come back as duplicates. */
      if (!tr_hub_submit_many (self->hub, hub_rows, rows->len, duplicates, row_errors, &batch_error))
        forget_hub_on (self, batch_error);
      for (guint i = 0; i < rows->len && batch_error == NULL; i++)
        {
          TrOutboxRow *row = g_ptr_array_index (rows, i);
          g_autoptr(GError) row_error = g_steal_pointer (&row_errors[i]);

          if (row_error == NULL)
            {
              row->duplicate = duplicates[i];
              row->sent_cancelled = row->cancelled_at != NULL;
              g_ptr_array_add (acknowledged, row);
              round->sent++;
              round->duplicates += row->duplicate ? 1 : 0;
            }
          else
            {
              /* This row only (an offer the hub does not know…): it stays
               * in the outbox, the others go on. */
              round->refused++;
              g_message ("The hub refused registration %s: %s", row->registration->code, row_error->message);
              if (*first_refusal == NULL)
                *first_refusal = g_steal_pointer (&row_error);
            }
        }
      if (!finish_batch (self, acknowledged, batch_error, error))
        return FALSE;
    }
}

static gboolean
push_cancellations (TrSync *self, TrSyncRound *round, GError **first_refusal, GError **error)
{
  g_autoptr(GPtrArray) rows = tr_store_outbox_cancellations (self->store, MAX_CANCELLATIONS, error);

  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      TrOutboxRow *row = g_ptr_array_index (rows, i);
      g_autoptr(GError) row_error = NULL;
      g_autoptr(GDateTime) now = NULL;
      gboolean duplicate = FALSE;

      if (!tr_hub_cancel (self->hub, row->registration->code, row->cancelled_at,
                          row->registration->cancel_reason, &duplicate, &row_error))
        {
          if (row_error->domain == TR_HUB_ERROR && row_error->code == TR_HUB_ERROR_FAILED)
            {
              round->refused++;
              if (*first_refusal == NULL)
                *first_refusal = g_steal_pointer (&row_error);
              continue;
            }
          forget_hub_on (self, row_error);
          g_propagate_error (error, g_steal_pointer (&row_error));
          return FALSE;
        }
      now = tr_clock_now ();
      if (!tr_store_outbox_mark_cancel_sent (self->store, row->registration->id, now, error))
        return FALSE;
      round->cancellations++;
    }
  return TRUE;
}

static gboolean
apply_publication (TrSync *self, TrHubPublication *publication, GError **error)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (publication->payload, &size);

  if (g_str_equal (publication->kind, "catalogue"))
    {
      g_autoptr(GPtrArray) offers = NULL;
      g_autoptr(GDateTime) now = tr_clock_now ();
      g_autofree char *name = g_strdup_printf ("catalogue %" G_GINT64_FORMAT, publication->version);

      offers = tr_catalogue_parse (data, size, name, error);
      return offers != NULL && tr_store_import_offers (self->store, offers, now, NULL, error);
    }
  else
    {
      g_autofree char *path = tr_store_publication_path (self->config->database, publication->kind);

      return g_file_set_contents_full (path, data, (gssize) size,
                                       G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                       0600, error);
    }
}

static gboolean
fetch_publications (TrSync *self, TrSyncRound *round, GError **error)
{
  g_autoptr(TrSyncRecord) record = tr_store_get_sync_record (self->store, error);
  g_autoptr(GPtrArray) publications = NULL;
  guint8 office_key[TR_OFFICE_KEY_BYTES];

  if (record == NULL)
    return FALSE;
  if (tr_store_get_office_key (self->store, office_key, error) == TR_STORE_OFFICE_KEY_NONE)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, TR_ERROR, TR_ERROR_NOT_FOUND,
                     _("This kiosk has no office key, so it cannot check what the office publishes: set "
                       "OfficeKey= in kiosk.conf, or run “tremplin-admin office-key KEY”"));
      return FALSE;
    }
  if (!tr_hub_fetch_publications (self->hub, record->publication_version, office_key, &publications, error))
    {
      forget_hub_on (self, error != NULL ? *error : NULL);
      return FALSE;
    }
  for (guint i = 0; i < publications->len; i++)
    {
      TrHubPublication *publication = g_ptr_array_index (publications, i);
      g_autoptr(GError) local_error = NULL;

      if (publication->problem != NULL)
        round->bad_publications++;
      else if (!apply_publication (self, publication, &local_error))
        {
          /* Signed, yet it does not go in: kept as it was, and said. */
          g_message ("Publication %" G_GINT64_FORMAT " (%s) of the office was not applied: %s",
                     publication->version, publication->kind, local_error->message);
          round->bad_publications++;
        }
      else
        round->publications++;
      /* A publication never changes: looked at once, good or bad. */
      if (!tr_store_set_publication_version (self->store, publication->version, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
take_for_offer (TrSync *self, const char *offer_id, guint *held, GError **error)
{
  g_autoptr(GDateTime) now = tr_clock_now ();
  guint unsent = 0, hub_held = 0;
  gint64 expires_at = 0;

  if (!tr_store_count_unsent_seats (self->store, offer_id, &unsent, error))
    return FALSE;
  if (!tr_hub_take_lease (self->hub, offer_id, self->config->lease_seats + unsent, &hub_held, &expires_at, error))
    {
      forget_hub_on (self, error != NULL ? *error : NULL);
      return FALSE;
    }
  return tr_store_update_lease (self->store, offer_id, hub_held, expires_at, now, held, error);
}

static gboolean
day_is_closed (TrSync *self, const char *today, GDateTime *now)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (now, tr_clock_local_zone ());
  gboolean closed = FALSE;

  if ((guint) g_date_time_get_hour (local) >= self->config->close_hour)
    return TRUE;
  return tr_store_is_closed_on (self->store, today, &closed, NULL) && closed;
}

static gboolean
top_up_leases (TrSync *self, const char *today, GError **error)
{
  g_autoptr(GDateTime) now = tr_clock_now ();
  g_autoptr(GDateTime) week_ago = g_date_time_add_days (now, -ACTIVE_DAYS);
  g_autofree char *since = tr_clock_local_date (week_ago);
  g_autoptr(GPtrArray) leases = tr_store_get_leases (self->store, error);
  g_auto(GStrv) offers = NULL;

  if (leases == NULL)
    return FALSE;
  offers = tr_store_get_active_offers (self->store, since, error);
  if (offers == NULL)
    return FALSE;
  for (guint i = 0; offers[i] != NULL; i++)
    {
      const TrLease *lease = NULL;
      guint held = 0;

      for (guint j = 0; j < leases->len; j++)
        if (g_str_equal (((TrLease *) g_ptr_array_index (leases, j))->offer_id, offers[i]))
          lease = g_ptr_array_index (leases, j);
      if (lease != NULL && lease->held >= self->config->lease_seats &&
          lease->expires_at - g_date_time_to_unix (now) > RENEW_SECONDS)
        continue;
      if (!take_for_offer (self, offers[i], &held, error))
        {
          /* An offer the hub does not know stops only itself. */
          if (error != NULL && *error != NULL && (*error)->domain == TR_HUB_ERROR &&
              (*error)->code == TR_HUB_ERROR_FAILED)
            {
              g_message ("No lease for offer %s: %s", offers[i], (*error)->message);
              g_clear_error (error);
              continue;
            }
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
close_day_locked (TrSync *self, const char *today, GError **error)
{
  g_autoptr(GPtrArray) leases = tr_store_get_leases (self->store, error);

  if (leases == NULL || !ensure_hub (self, error))
    return FALSE;
  for (guint i = 0; i < leases->len; i++)
    {
      const TrLease *lease = g_ptr_array_index (leases, i);
      guint released = 0, still = 0;

      if (lease->held == 0)
        continue;
      /* Off the kiosk's lease first: a seat being given back is never
       * sold here at the same moment. */
      if (!tr_store_release_lease (self->store, lease->offer_id, lease->held, &released, error))
        return FALSE;
      if (released > 0 && !tr_hub_return_lease (self->hub, lease->offer_id, released, &still, error))
        {
          forget_hub_on (self, error != NULL ? *error : NULL);
          return FALSE;
        }
    }
  return tr_store_set_leases_returned_on (self->store, today, error);
}

/* The programme's free seats, for the offers list: after the leases, which
 * they do not count. */
static gboolean
refresh_free_seats (TrSync *self, GError **error)
{
  g_autoptr(GHashTable) free = NULL;

  if (!ensure_hub (self, error))
    return FALSE;
  if ((free = tr_hub_free_seats (self->hub, error)) == NULL)
    {
      forget_hub_on (self, error != NULL ? *error : NULL);
      return FALSE;
    }
  return tr_store_set_hub_free_seats (self->store, free, error);
}

static gboolean
round_locked (TrSync *self, gboolean whole, TrSyncRound *round, GError **error)
{
  g_autoptr(GDateTime) now = tr_clock_now ();
  g_autofree char *today = tr_clock_local_date (now);
  g_autoptr(GError) refusal = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(TrSyncRecord) record = NULL;
  gboolean ok;

  *round = (TrSyncRound) { 0 };
  ok = push_outbox (self, round, &refusal, &local_error) &&
       push_cancellations (self, round, &refusal, &local_error);
  if (ok && whole)
    {
      ok = fetch_publications (self, round, &local_error) &&
           (record = tr_store_get_sync_record (self->store, &local_error)) != NULL;
      if (ok && g_strcmp0 (record->leases_returned_on, today) != 0)
        {
          if (day_is_closed (self, today, now))
            ok = close_day_locked (self, today, &local_error);
          else if (self->config->top_up)
            ok = top_up_leases (self, today, &local_error);
        }
      ok = ok && refresh_free_seats (self, &local_error);
    }
  if (ok && refusal != NULL)
    {
      local_error = g_steal_pointer (&refusal);
      ok = FALSE;
    }
  tr_store_outbox_count (self->store, &round->unsent, NULL, NULL);
  /* What is left to send, for the office; the round's outcome is the
   * push's, not this word's. */
  if (self->hub != NULL)
    tr_hub_report_unsent (self->hub, round->unsent, NULL);
  tr_store_record_sync_attempt (self->store, now, ok ? NULL : local_error->message, NULL);
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return ok;
}

/* ---- the thread ------------------------------------------------------ */

static gpointer
sync_thread (gpointer data)
{
  TrSync *self = data;
  gint64 next = g_get_monotonic_time ();

  g_mutex_lock (&self->state_lock);
  while (!self->stopping)
    {
      gint64 now = g_get_monotonic_time ();

      if (now >= next || (self->woken && self->backoff == 0))
        {
          g_autoptr(GError) error = NULL;
          TrSyncRound round;
          gboolean ok;
          guint wait;

          self->woken = FALSE;
          g_mutex_unlock (&self->state_lock);
          g_mutex_lock (&self->work_lock);
          ok = round_locked (self, TRUE, &round, &error);
          if (!ok)
            g_message ("The sync with the hub failed: %s", error->message);
          report_state (self);
          g_mutex_unlock (&self->work_lock);
          g_mutex_lock (&self->state_lock);
          if (ok)
            self->backoff = 0;
          else
            self->backoff = self->backoff == 0 ? TR_SYNC_BACKOFF_FIRST_SECONDS
                            : MIN (self->backoff * 2, TR_SYNC_BACKOFF_MAX_SECONDS);
          wait = ok ? TR_SYNC_INTERVAL_SECONDS : self->backoff;
          next = g_get_monotonic_time () + (gint64) wait * G_USEC_PER_SEC;
          continue;
        }
      g_cond_wait_until (&self->state_cond, &self->state_lock, next);
    }
  g_mutex_unlock (&self->state_lock);
  return NULL;
}

void
tr_sync_start (TrSync *self)
{
  g_return_if_fail (TR_IS_SYNC (self));

  g_mutex_lock (&self->state_lock);
  if (self->thread == NULL)
    {
      self->stopping = FALSE;
      self->backoff = 0;
      tr_text_prepare_threads ();
      self->thread = g_thread_new ("tremplin-sync", sync_thread, self);
    }
  g_mutex_unlock (&self->state_lock);
}

void
tr_sync_stop (TrSync *self)
{
  GThread *thread;

  g_return_if_fail (TR_IS_SYNC (self));

  g_mutex_lock (&self->state_lock);
  self->stopping = TRUE;
  thread = g_steal_pointer (&self->thread);
  g_cond_broadcast (&self->state_cond);
  g_mutex_unlock (&self->state_lock);
  if (thread != NULL)
    g_thread_join (thread);
}

void
tr_sync_wake (TrSync *self)
{
  g_return_if_fail (TR_IS_SYNC (self));

  g_mutex_lock (&self->state_lock);
  self->woken = TRUE;
  g_cond_broadcast (&self->state_cond);
  g_mutex_unlock (&self->state_lock);
}

TrSyncState *
tr_sync_get_state (TrSync *self)
{
  g_return_val_if_fail (TR_IS_SYNC (self), NULL);
  return state_copy (self->state);
}

/* ---- synchronous calls ----------------------------------------------- */

gboolean
tr_sync_run_round (TrSync *self, TrSyncRound *round, GError **error)
{
  TrSyncRound ignored;
  gboolean ok;

  g_return_val_if_fail (TR_IS_SYNC (self), FALSE);

  g_mutex_lock (&self->work_lock);
  ok = round_locked (self, TRUE, round != NULL ? round : &ignored, error);
  report_state (self);
  g_mutex_unlock (&self->work_lock);
  return ok;
}

gboolean
tr_sync_push (TrSync *self, TrSyncRound *round, GError **error)
{
  TrSyncRound ignored;
  gboolean ok;

  g_return_val_if_fail (TR_IS_SYNC (self), FALSE);

  g_mutex_lock (&self->work_lock);
  ok = round_locked (self, FALSE, round != NULL ? round : &ignored, error);
  report_state (self);
  g_mutex_unlock (&self->work_lock);
  return ok;
}

gboolean
tr_sync_close_day (TrSync *self, GError **error)
{
  g_autoptr(GDateTime) now = tr_clock_now ();
  g_autofree char *today = tr_clock_local_date (now);
  gboolean ok;

  g_return_val_if_fail (TR_IS_SYNC (self), FALSE);

  g_mutex_lock (&self->work_lock);
  ok = close_day_locked (self, today, error);
  report_state (self);
  g_mutex_unlock (&self->work_lock);
  return ok;
}

gboolean
tr_sync_refill (TrSync *self, const char *offer_id, guint *held, GError **error)
{
  guint ignored = 0;
  gboolean ok;

  g_return_val_if_fail (TR_IS_SYNC (self), FALSE);
  g_return_val_if_fail (offer_id != NULL, FALSE);

  g_mutex_lock (&self->work_lock);
  ok = ensure_hub (self, error) && take_for_offer (self, offer_id, held != NULL ? held : &ignored, error);
  report_state (self);
  g_mutex_unlock (&self->work_lock);
  return ok;
}

/* ---- the refill on the spot ------------------------------------------ */

typedef struct {
  char         *offer_id;
  GCancellable *caller;    /* the caller's, or NULL */
  gulong        caller_handler;
  GCancellable *timeout;   /* cancelled when the time is up, or by the caller's */
  GSource      *timer;
  gboolean      timed_out;
} Refill;

static void
refill_free (gpointer data)
{
  Refill *refill = data;

  if (refill->timer != NULL)
    {
      g_source_destroy (refill->timer);
      g_source_unref (refill->timer);
    }
  if (refill->caller != NULL)
    g_cancellable_disconnect (refill->caller, refill->caller_handler);
  g_clear_object (&refill->caller);
  g_clear_object (&refill->timeout);
  g_free (refill->offer_id);
  g_free (refill);
}

static void
refill_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Refill *refill = data;
  g_autoptr(GError) error = NULL;
  guint held = 0;

  if (!tr_sync_refill (TR_SYNC (source), refill->offer_id, &held, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, held);
}

static void
cancel_other (GCancellable *cancellable, gpointer other)
{
  g_cancellable_cancel (G_CANCELLABLE (other));
}

static gboolean
refill_time_up (gpointer data)
{
  Refill *refill = data;

  refill->timed_out = TRUE;
  g_cancellable_cancel (refill->timeout);
  return G_SOURCE_REMOVE;
}

void
tr_sync_refill_async (TrSync              *self,
                      const char          *offer_id,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Refill *refill;

  g_return_if_fail (TR_IS_SYNC (self));
  g_return_if_fail (offer_id != NULL);

  refill = g_new0 (Refill, 1);
  refill->offer_id = g_strdup (offer_id);
  refill->timeout = g_cancellable_new ();
  if (cancellable != NULL)
    {
      refill->caller = g_object_ref (cancellable);
      refill->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (cancel_other),
                                                      g_object_ref (refill->timeout), g_object_unref);
    }
  task = g_task_new (self, refill->timeout, callback, user_data);
  g_task_set_source_tag (task, tr_sync_refill_async);
  g_task_set_task_data (task, refill, refill_free);
  /* Given up before it started: no worker (GLib 2.74 leaks the error of a
   * thread task started cancelled). */
  if (g_task_return_error_if_cancelled (task))
    return;
  /* The walk-in waits on the review page: after the time is up the answer
   * is "no answer", whatever the worker is still waiting for. */
  g_task_set_return_on_cancel (task, TRUE);
  refill->timer = g_timeout_source_new (self->config->refill_timeout_ms);
  g_source_set_callback (refill->timer, refill_time_up, refill, NULL);
  g_source_attach (refill->timer, g_main_context_get_thread_default ());
  g_task_run_in_thread (task, refill_thread);
}

gboolean
tr_sync_refill_finish (TrSync        *self,
                       GAsyncResult  *result,
                       guint         *held,
                       GError       **error)
{
  Refill *refill;
  g_autoptr(GError) local_error = NULL;
  gssize value;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  refill = g_task_get_task_data (G_TASK (result));
  value = g_task_propagate_int (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      guint seconds = (self->config->refill_timeout_ms + 999) / 1000;

      if (refill->timed_out && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_set_error (error, TR_HUB_ERROR, TR_HUB_ERROR_UNREACHABLE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "The hub did not answer within %u second: the registration goes on the "
                                  "waiting list unless this kiosk still holds a seat",
                                  "The hub did not answer within %u seconds: the registration goes on the "
                                  "waiting list unless this kiosk still holds a seat", seconds),
                     seconds);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (held != NULL)
    *held = (guint) value;
  return TRUE;
}

/* ---- the object ------------------------------------------------------ */

static void
tr_sync_dispose (GObject *object)
{
  TrSync *self = TR_SYNC (object);

  tr_sync_stop (self);
  G_OBJECT_CLASS (tr_sync_parent_class)->dispose (object);
}

static void
tr_sync_finalize (GObject *object)
{
  TrSync *self = TR_SYNC (object);

  g_clear_pointer (&self->hub, tr_hub_free);
  g_clear_object (&self->store);
  g_clear_pointer (&self->config, tr_sync_config_free);
  if (self->conninfo != NULL)
    memset (self->conninfo, 0, strlen (self->conninfo));
  g_clear_pointer (&self->conninfo, g_free);
  g_clear_pointer (&self->state, tr_sync_state_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->work_lock);
  g_mutex_clear (&self->state_lock);
  g_cond_clear (&self->state_cond);
  G_OBJECT_CLASS (tr_sync_parent_class)->finalize (object);
}

static void
tr_sync_class_init (TrSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tr_sync_dispose;
  object_class->finalize = tr_sync_finalize;

  /* The state changed (tr_sync_get_state): after every round and refill. */
  signals[STATE_CHANGED] = g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
tr_sync_init (TrSync *self)
{
  g_mutex_init (&self->work_lock);
  g_mutex_init (&self->state_lock);
  g_cond_init (&self->state_cond);
}

TrSync *
tr_sync_new (const TrSyncConfig  *config,
             GError             **error)
{
  g_autoptr(TrSync) self = NULL;
  TrStoreOptions options = { .create = FALSE };

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (config->database != NULL, NULL);

  self = g_object_new (TR_TYPE_SYNC, NULL);
  self->config = tr_sync_config_copy (config);
  self->context = g_main_context_ref_thread_default ();
  options.office_key = config->has_office_key ? config->office_key : NULL;
  self->store = tr_store_open_full (config->database, &options, error);
  if (self->store == NULL)
    return NULL;
  if (tr_store_get_kiosk_id (self->store) == NULL)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_NOT_FOUND,
                   _("This kiosk has no identity yet, so it cannot log in to the hub: run “tremplin-admin init” "
                     "first"));
      return NULL;
    }
  self->conninfo = tr_sync_config_conninfo (self->config, tr_store_get_kiosk_id (self->store), error);
  if (self->conninfo == NULL)
    return NULL;
  self->state = read_state (self);
  return g_steal_pointer (&self);
}
