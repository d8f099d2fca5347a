/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-catalogue.h — reading the catalogue CSV, and finding offers in it. */
#pragma once

#include <gio/gio.h>
#include "tr-offer.h"

G_BEGIN_DECLS

/* The CSV's header, in order (see data/catalogue/README.md). */
#define TR_CATALOGUE_HEADER \
  "id;title;category;provider;address;postcode;modality;audience;min_level;hours;" \
  "start_date;end_date;seats;info_session;description"

/* Parses a whole catalogue. Returns an array of TrOffer, or NULL when any row
 * is bad: then @error lists every bad row as "<name>:<line>: <what is wrong>",
 * one per line, so a person can fix them all at once. @name is used only in
 * messages (a file name). */
GPtrArray *tr_catalogue_parse      (const char *data,
                                    gsize       length,
                                    const char *name,
                                    GError    **error);
GPtrArray *tr_catalogue_parse_file (const char *path,
                                    GError    **error);
/* The demo catalogue embedded in the core (fictional offers). */
GPtrArray *tr_catalogue_parse_demo (GError **error);

/* What an applicant's answers say about which offers fit them. */
typedef struct {
  int         age;          /* in whole years; -1 when unknown */
  TrLevel     diploma;      /* highest diploma */
  gboolean    diploma_known;
  const char *gender;       /* "woman", "man", "other", "undisclosed" or NULL */
} TrProfile;

/* Fills @profile from answers keyed by question id (birth_date, diploma,
 * gender), the age counted on @today. Strings point into @answers. */
void     tr_profile_from_answers (TrProfile        *profile,
                                  GHashTable       *answers,
                                  const GDate      *today);
/* TRUE when @offer is open to @profile; otherwise FALSE with @why_not set to
 * a sentence for the person (may be NULL). */
gboolean tr_offer_fits_profile   (TrOffer          *offer,
                                  const TrProfile  *profile,
                                  char            **why_not);

/* A search: every field is optional (NULL, -1 or 0 means "any"). */
typedef struct {
  const char      *text;            /* words, each must appear (folded) */
  int              category;        /* a TrCategory or -1 */
  guint            arrondissement;  /* 1–20 or 0 */
  int              modality;        /* a TrModality or -1 */
  const char      *start_month;     /* "YYYY-MM" or NULL */
  const TrProfile *profile;         /* or NULL */
  gboolean         include_withdrawn;
} TrOfferQuery;

#define TR_OFFER_QUERY_INIT { NULL, -1, 0, -1, NULL, NULL, FALSE }

#define TR_TYPE_CATALOGUE (tr_catalogue_get_type ())
G_DECLARE_FINAL_TYPE (TrCatalogue, tr_catalogue, TR, CATALOGUE, GObject)

/* Holds @offers (an array of TrOffer, referenced) with their folded search
 * text prepared once, so a query costs one pass of substring tests. */
TrCatalogue *tr_catalogue_new        (GPtrArray          *offers);
GPtrArray   *tr_catalogue_get_offers (TrCatalogue        *self);
TrOffer     *tr_catalogue_lookup     (TrCatalogue        *self,
                                      const char         *id);
/* Appends the matching offers, in catalogue order, to @out (references). */
void         tr_catalogue_search     (TrCatalogue        *self,
                                      const TrOfferQuery *query,
                                      GPtrArray          *out);

G_END_DECLS
