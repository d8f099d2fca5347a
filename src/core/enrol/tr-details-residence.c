/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-details-residence.c — one registration's sealed details opened in memory for its postcode only, the rest wiped. */
#include "config.h"

#include <glib/gi18n-lib.h>

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
