/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-details-residence.c — registrations' sealed details opened in memory for their postcode only, the rest wiped, on every processor. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tr-details-residence.h"
#include "tr-error.h"
#include "tr-export-json-private.h"
#include "tr-seal.h"

/* A string as the export writes it; a number (a form that gave the postcode
 * as 75018) as its digits, as the export's columns show it. */
static char *
member_text (TrJsonReader *json, guint object, const char *key)
{
  guint node = tr_json_member (json, object, key);

  if (node == TR_JSON_NONE)
    return NULL;
  switch (tr_json_type (json, node))
    {
    case TR_JSON_STRING:
    case TR_JSON_NUMBER:
      return *tr_json_text (json, node) != '\0' ? g_strdup (tr_json_text (json, node)) : NULL;
    default:
      return NULL;
    }
}

char *
tr_details_residence_postcode (const TrOfficeKey  *key,
                               gconstpointer       sealed,
                               gsize               length,
                               GError            **error)
{
  g_autoptr(TrJsonReader) json = NULL;
  g_autoptr(GBytes) clear = tr_unseal (key, sealed, length, error);
  const char *data;
  char *postcode;
  gsize size = 0;

  if (clear == NULL)
    return NULL;
  json = tr_json_reader_new ();
  data = g_bytes_get_data (clear, &size);
  if (data == NULL || !tr_json_reader_read (json, data, size) || tr_json_type (json, 0) != TR_JSON_OBJECT)
    {
      tr_json_reader_wipe (json);
      g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                   _("The details open but cannot be read: the kiosk that sealed them is newer, or was damaged."));
      return NULL;
    }
  /* The export's "postcode" column, and its answer_postcode when empty. */
  postcode = member_text (json, tr_json_member (json, 0, "person"), "postcode");
  if (postcode == NULL)
    postcode = member_text (json, tr_json_member (json, 0, "answers"), "postcode");
  tr_json_reader_wipe (json);
  return postcode;
}

/* Opening is one X25519 exchange per registration: most of a season's
 * time, shared between the processors, a step of rows at a time. Steps
 * are taken in order and every one is finished even after a failure, so
 * the failure named is always the first, whatever the threads did. */
#define DETAILS_PER_STEP 32
#define MAX_WORKERS 16

typedef struct {
  const TrOfficeKey  *key;
  GBytes * const     *details;
  guint               n_details;
  char              **postcodes;
  gint                next;       /* the next step to take, atomically */
  GMutex              lock;
  guint               error_index; /* the first that failed, under @lock */
  GError             *error;
} Opening;

static void
note_failure (Opening *opening, guint index, GError *error)
{
  g_mutex_lock (&opening->lock);
  if (opening->error == NULL || index < opening->error_index)
    {
      g_clear_error (&opening->error);
      opening->error = error;
      opening->error_index = index;
    }
  else
    g_error_free (error);
  g_mutex_unlock (&opening->lock);
}

static gpointer
open_worker (gpointer user_data)
{
  Opening *opening = user_data;

  for (;;)
    {
      guint first = (guint) g_atomic_int_add (&opening->next, 1) * DETAILS_PER_STEP;

      if (first >= opening->n_details)
        return NULL;
      for (guint i = first; i < MIN (first + DETAILS_PER_STEP, opening->n_details); i++)
        {
          GError *error = NULL;
          gsize size = 0;
          gconstpointer data;

          if (opening->details[i] == NULL)
            continue;
          data = g_bytes_get_data (opening->details[i], &size);
          opening->postcodes[i] = tr_details_residence_postcode (opening->key, data != NULL ? data : "",
                                                                 size, &error);
          if (error != NULL)
            note_failure (opening, i, error);
        }
    }
}

gboolean
tr_details_residence_postcodes (const TrOfficeKey  *key,
                                GBytes * const     *details,
                                guint               n_details,
                                char              **postcodes,
                                guint              *failed,
                                GError            **error)
{
  Opening opening = { key, details, n_details, postcodes, 0, { 0 }, 0, NULL };
  guint n_steps = (n_details + DETAILS_PER_STEP - 1) / DETAILS_PER_STEP;
  guint n_workers = MIN (MIN ((guint) g_get_num_processors (), MAX_WORKERS), MAX (n_steps, 1));
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();

  memset (postcodes, 0, n_details * sizeof *postcodes);
  g_mutex_init (&opening.lock);
  /* The calling thread is one of the workers. */
  for (guint i = 1; i < n_workers; i++)
    {
      GThread *thread = g_thread_try_new ("tr-residence", open_worker, &opening, NULL);
      if (thread != NULL)
        g_ptr_array_add (threads, thread);
    }
  open_worker (&opening);
  for (guint i = 0; i < threads->len; i++)
    g_thread_join (g_ptr_array_index (threads, i));
  g_mutex_clear (&opening.lock);

  if (opening.error == NULL)
    return TRUE;
  for (guint i = 0; i < n_details; i++)
    g_clear_pointer (&postcodes[i], g_free);
  if (failed != NULL)
    *failed = opening.error_index;
  g_propagate_error (error, opening.error);
  return FALSE;
}
