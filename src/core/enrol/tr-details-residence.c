/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-details-residence.c — registrations' sealed details opened in memory for their postcode only, the rest wiped, on every processor. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tr-details-residence.h"
#include "tr-error.h"
#include "tr-parallel-private.h"
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
 * time, shared between the processors. */
#define DETAILS_PER_STEP 32

typedef struct {
  const TrOfficeKey  *key;
  GBytes * const     *details;
  char              **postcodes;
} Opening;

static gboolean
open_one (guint index, gpointer worker, gpointer user_data, GError **error)
{
  Opening *opening = user_data;
  GError *local = NULL;
  gsize size = 0;
  gconstpointer data;

  if (opening->details[index] == NULL)
    return TRUE;
  data = g_bytes_get_data (opening->details[index], &size);
  /* NULL without an error: details without a postcode. */
  opening->postcodes[index] = tr_details_residence_postcode (opening->key, data != NULL ? data : "",
                                                             size, &local);
  if (local == NULL)
    return TRUE;
  g_propagate_error (error, local);
  return FALSE;
}

gboolean
tr_details_residence_postcodes (const TrOfficeKey  *key,
                                GBytes * const     *details,
                                guint               n_details,
                                char              **postcodes,
                                guint              *failed,
                                GError            **error)
{
  Opening opening = { key, details, postcodes };

  memset (postcodes, 0, n_details * sizeof *postcodes);
  if (tr_parallel_for (n_details, DETAILS_PER_STEP, "tr-residence", NULL, NULL,
                       open_one, &opening, failed, error))
    return TRUE;
  for (guint i = 0; i < n_details; i++)
    g_clear_pointer (&postcodes[i], g_free);
  return FALSE;
}
