/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-export-rows-private.h — the rows file of a sealed export as the kiosk
 * writes it, line by line (tr-export-rows.h reads it back). */
#pragma once

#include "tr-export-rows.h"
#include "tr-offer.h"

G_BEGIN_DECLS

/* One registration as the store holds it, every text borrowed. */
typedef struct {
  gint64              id;
  const char         *session_id;
  const char         *code;
  const char         *created_at;
  const char         *local_date;
  const char         *kiosk_id;
  const char         *offer_id;
  const TrOfferData  *offer;         /* its title, category, provider, postcode */
  const char         *status;
  const char         *verdict;
  const char         *flags_json;    /* the store's JSON array of flag ids */
  const char         *age_band;      /* or NULL */
  int                 woman;         /* 1, 0, or -1 when not answered */
  int                 qpv;           /* 1, 0, or -1 when not known */
  const char         *payload;
  const char         *cancel_reason; /* or NULL */
  GBytes             *details;       /* sealed, or NULL once erased */
} TrExportRowSource;

/* The first line: the format, the kiosk and day, and the table's columns
 * (@question_ids and @flag_ids in the rules' order, NULL-terminated). */
void tr_export_rows_append_header (GString            *out,
                                   const char         *kiosk_id,
                                   const char         *day,
                                   const char * const *question_ids,
                                   const char * const *flag_ids);
/* One registration's line. */
void tr_export_rows_append_row    (GString                 *out,
                                   const TrExportRowSource *row);

G_END_DECLS
