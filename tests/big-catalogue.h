/* SPDX-License-Identifier: GPL-3.0-or-later */
/* big-catalogue.h — a catalogue CSV of @n offers made of the demo
 * catalogue over and over, each copy with ids of its own: what the offers
 * page tests and the kiosk benchmark search. */
#pragma once

#include <glib.h>

#include "tr-catalogue.h"

/* A quoted cell, then ';' or the end of the record. */
static inline void
big_catalogue_append_cell (GString *csv, const char *text, gboolean last)
{
  g_string_append_c (csv, '"');
  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *p);
    }
  g_string_append (csv, last ? "\"\n" : "\";");
}

/* Writes "big.csv" into @dir and returns its path; NULL when it cannot. */
static inline char *
big_catalogue_write (const char *dir, guint n)
{
  g_autoptr(GPtrArray) demo = tr_catalogue_parse_demo (NULL);
  g_autoptr(GString) csv = g_string_new (TR_CATALOGUE_HEADER "\n");
  char *path = g_build_filename (dir, "big.csv", NULL);

  for (guint i = 0; demo != NULL && i < n; i++)
    {
      const TrOfferData *d = tr_offer_get_data (g_ptr_array_index (demo, i % demo->len));
      g_autofree char *id = g_strdup_printf ("BIG-%05u", i);
      g_autofree char *hours = g_strdup_printf ("%u", d->hours);
      g_autofree char *seats = g_strdup_printf ("%u", d->seats);
      const char *cells[] = {
        id, d->title, tr_category_to_token (d->category), d->provider, d->address, d->postcode,
        tr_modality_to_token (d->modality), tr_audience_to_token (d->audience),
        tr_level_to_token (d->min_level), hours, d->start_date, d->end_date, seats,
        d->info_session, d->description,
      };

      for (guint c = 0; c < G_N_ELEMENTS (cells); c++)
        big_catalogue_append_cell (csv, cells[c], c + 1 == G_N_ELEMENTS (cells));
    }
  if (demo == NULL || !g_file_set_contents (path, csv->str, (gssize) csv->len, NULL))
    g_clear_pointer (&path, g_free);
  return path;
}
