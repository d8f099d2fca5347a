/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-offer.c — one training offer, and the tokens its fields are written with. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "tr-offer.h"

struct _TrOffer
{
  GObject      parent_instance;
  TrOfferData  data;
  guint        seats_left;
  gboolean     withdrawn;
};

G_DEFINE_FINAL_TYPE (TrOffer, tr_offer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SEATS_LEFT,
  PROP_WITHDRAWN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One table per field: token (files, database) and label (people). */
typedef struct {
  const char *token;
  const char *label;
} Token;

static const Token categories[TR_N_CATEGORIES] = {
  { "developer", N_("Developer") },
  { "digital_marketing", N_("Digital marketing") },
  { "project_manager", N_("Project manager, consultant, community manager") },
  { "ecommerce", N_("E-commerce") },
  { "cybersecurity", N_("Cyber-security") },
  { "data", N_("Data analysis") },
  { "web", N_("Web creation") },
  { "iot", N_("Connected objects") },
  { "other", N_("Other digital jobs") },
};

static const Token modalities[TR_N_MODALITIES] = {
  { "on_site", N_("On site") },
  { "remote", N_("Remote") },
  { "hybrid", N_("Partly remote") },
};

static const Token audiences[TR_N_AUDIENCES] = {
  { "all", N_("Open to all") },
  { "women", N_("Reserved for women") },
  { "under_26", N_("Under 26") },
  { "over_45", N_("45 and over") },
  { "no_diploma", N_("Without a diploma") },
};

static const Token levels[TR_N_LEVELS] = {
  { "none", N_("No diploma needed") },
  { "cap_bep", N_("CAP or BEP") },
  { "bac", N_("Baccalauréat") },
  { "bac2", N_("Two years after the baccalauréat") },
  { "bac3plus", N_("Three years or more after the baccalauréat") },
};

static gboolean
lookup_token (const Token *table, guint n, const char *token, int *out)
{
  if (token == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (strcmp (table[i].token, token) == 0)
      {
        *out = (int) i;
        return TRUE;
      }
  return FALSE;
}

#define DEFINE_TOKENS(Type, name, table, N)                                  \
  const char *tr_##name##_to_token (Type value)                              \
  {                                                                          \
    g_return_val_if_fail ((guint) value < N, NULL);                          \
    return table[value].token;                                               \
  }                                                                          \
  gboolean tr_##name##_from_token (const char *token, Type *out)             \
  {                                                                          \
    int i;                                                                   \
    if (!lookup_token (table, N, token, &i))                                 \
      return FALSE;                                                          \
    *out = (Type) i;                                                         \
    return TRUE;                                                             \
  }                                                                          \
  const char *tr_##name##_label (Type value)                                 \
  {                                                                          \
    g_return_val_if_fail ((guint) value < N, NULL);                          \
    return _(table[value].label);                                            \
  }

DEFINE_TOKENS (TrCategory, category, categories, TR_N_CATEGORIES)
DEFINE_TOKENS (TrModality, modality, modalities, TR_N_MODALITIES)
DEFINE_TOKENS (TrAudience, audience, audiences, TR_N_AUDIENCES)
DEFINE_TOKENS (TrLevel, level, levels, TR_N_LEVELS)

void
tr_offer_data_clear (TrOfferData *data)
{
  g_clear_pointer (&data->id, g_free);
  g_clear_pointer (&data->title, g_free);
  g_clear_pointer (&data->provider, g_free);
  g_clear_pointer (&data->address, g_free);
  g_clear_pointer (&data->postcode, g_free);
  g_clear_pointer (&data->start_date, g_free);
  g_clear_pointer (&data->end_date, g_free);
  g_clear_pointer (&data->info_session, g_free);
  g_clear_pointer (&data->description, g_free);
}

static void
tr_offer_finalize (GObject *object)
{
  TrOffer *self = TR_OFFER (object);

  tr_offer_data_clear (&self->data);
  G_OBJECT_CLASS (tr_offer_parent_class)->finalize (object);
}

static void
tr_offer_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  TrOffer *self = TR_OFFER (object);

  switch (prop_id)
    {
    case PROP_SEATS_LEFT:
      g_value_set_uint (value, self->seats_left);
      break;
    case PROP_WITHDRAWN:
      g_value_set_boolean (value, self->withdrawn);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tr_offer_class_init (TrOfferClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tr_offer_finalize;
  object_class->get_property = tr_offer_get_property;

  properties[PROP_SEATS_LEFT] =
    g_param_spec_uint ("seats-left", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WITHDRAWN] =
    g_param_spec_boolean ("withdrawn", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tr_offer_init (TrOffer *self)
{
}

TrOffer *
tr_offer_new (TrOfferData *data)
{
  TrOffer *self = g_object_new (TR_TYPE_OFFER, NULL);

  self->data = *data;
  memset (data, 0, sizeof *data);
  self->seats_left = self->data.seats;
  return self;
}

const TrOfferData *
tr_offer_get_data (TrOffer *self)
{
  g_return_val_if_fail (TR_IS_OFFER (self), NULL);
  return &self->data;
}

const char *
tr_offer_get_id (TrOffer *self)
{
  g_return_val_if_fail (TR_IS_OFFER (self), NULL);
  return self->data.id;
}

guint
tr_offer_get_arrondissement (TrOffer *self)
{
  const char *postcode;
  int number;

  g_return_val_if_fail (TR_IS_OFFER (self), 0);

  postcode = self->data.postcode;
  if (postcode == NULL || strlen (postcode) != 5 || strncmp (postcode, "75", 2) != 0)
    return 0;
  if (strcmp (postcode, "75116") == 0)
    return 16;
  number = atoi (postcode + 2);
  return number >= 1 && number <= 20 ? (guint) number : 0;
}

guint
tr_offer_get_seats_left (TrOffer *self)
{
  g_return_val_if_fail (TR_IS_OFFER (self), 0);
  return self->seats_left;
}

void
tr_offer_set_seats_left (TrOffer *self,
                         guint    seats_left)
{
  g_return_if_fail (TR_IS_OFFER (self));

  if (self->seats_left == seats_left)
    return;
  self->seats_left = seats_left;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEATS_LEFT]);
}

gboolean
tr_offer_get_withdrawn (TrOffer *self)
{
  g_return_val_if_fail (TR_IS_OFFER (self), FALSE);
  return self->withdrawn;
}

void
tr_offer_set_withdrawn (TrOffer  *self,
                        gboolean  withdrawn)
{
  g_return_if_fail (TR_IS_OFFER (self));

  withdrawn = !!withdrawn;
  if (self->withdrawn == withdrawn)
    return;
  self->withdrawn = withdrawn;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WITHDRAWN]);
}
