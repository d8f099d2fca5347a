/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-offer.h — one training offer of the catalogue, and the tokens of its fields. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  TR_CATEGORY_DEVELOPER,
  TR_CATEGORY_DIGITAL_MARKETING,
  TR_CATEGORY_PROJECT_MANAGER,
  TR_CATEGORY_ECOMMERCE,
  TR_CATEGORY_CYBERSECURITY,
  TR_CATEGORY_DATA,
  TR_CATEGORY_WEB,
  TR_CATEGORY_IOT,
  TR_CATEGORY_OTHER,
  TR_N_CATEGORIES
} TrCategory;

typedef enum {
  TR_MODALITY_ON_SITE,
  TR_MODALITY_REMOTE,
  TR_MODALITY_HYBRID,
  TR_N_MODALITIES
} TrModality;

typedef enum {
  TR_AUDIENCE_ALL,
  TR_AUDIENCE_WOMEN,
  TR_AUDIENCE_UNDER_26,
  TR_AUDIENCE_OVER_45,
  TR_AUDIENCE_NO_DIPLOMA,
  TR_N_AUDIENCES
} TrAudience;

/* Ordered: a higher level includes the lower ones. */
typedef enum {
  TR_LEVEL_NONE,
  TR_LEVEL_CAP_BEP,
  TR_LEVEL_BAC,
  TR_LEVEL_BAC2,
  TR_LEVEL_BAC3PLUS,
  TR_N_LEVELS
} TrLevel;

/* Tokens are what files and the database keep; labels are for people
 * (translated). from_token returns FALSE for an unknown token. */
const char *tr_category_to_token  (TrCategory category);
gboolean    tr_category_from_token (const char *token, TrCategory *out);
const char *tr_category_label     (TrCategory category);
const char *tr_modality_to_token  (TrModality modality);
gboolean    tr_modality_from_token (const char *token, TrModality *out);
const char *tr_modality_label     (TrModality modality);
const char *tr_audience_to_token  (TrAudience audience);
gboolean    tr_audience_from_token (const char *token, TrAudience *out);
const char *tr_audience_label     (TrAudience audience);
const char *tr_level_to_token     (TrLevel level);
gboolean    tr_level_from_token   (const char *token, TrLevel *out);
const char *tr_level_label        (TrLevel level);

/* The fields of an offer, as the catalogue CSV gives them, already checked. */
typedef struct {
  char       *id;
  char       *title;
  TrCategory  category;
  char       *provider;
  char       *address;
  char       *postcode;      /* 5 digits */
  TrModality  modality;
  TrAudience  audience;
  TrLevel     min_level;
  guint       hours;
  char       *start_date;    /* YYYY-MM-DD */
  char       *end_date;      /* YYYY-MM-DD, not before start_date */
  guint       seats;
  char       *info_session;  /* free text: date, time, place */
  char       *description;
} TrOfferData;

void tr_offer_data_clear (TrOfferData *data);

#define TR_TYPE_OFFER (tr_offer_get_type ())
G_DECLARE_FINAL_TYPE (TrOffer, tr_offer, TR, OFFER, GObject)

/* Takes the contents of @data (it is cleared). */
TrOffer           *tr_offer_new                (TrOfferData *data);
const TrOfferData *tr_offer_get_data           (TrOffer *self);
const char        *tr_offer_get_id             (TrOffer *self);
/* 1–20 for a Paris postcode (75116 is the 16th), 0 otherwise. */
guint              tr_offer_get_arrondissement (TrOffer *self);
/* Seats not yet taken by a registration; set by the store. */
guint              tr_offer_get_seats_left     (TrOffer *self);
void               tr_offer_set_seats_left     (TrOffer *self, guint seats_left);
/* Withdrawn: gone from the catalogue but kept because it has registrations. */
gboolean           tr_offer_get_withdrawn      (TrOffer *self);
void               tr_offer_set_withdrawn      (TrOffer *self, gboolean withdrawn);

G_END_DECLS
