/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A place in the list of offers, which shows one offer at a time.
 *
 * GTK 4.8's list view builds a new row for each item added to its model and
 * destroys the row of each item removed: it reuses a row only for the same
 * item. With offers as items, a keystroke that changed the first offers
 * found built a whole screen of rows again. With slots as items, the rows
 * stay: a search gives the slots their new offers, and each row changes the
 * texts that differ. */
#include "config.h"

#include "tr-offer-slot.h"

struct _TrOfferSlot
{
  GObject  parent_instance;
  TrOffer *offer;
};

enum { PROP_0, PROP_OFFER, N_PROPS };

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (TrOfferSlot, tr_offer_slot, G_TYPE_OBJECT)

static void
tr_offer_slot_get_property (GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
  switch (id)
    {
    case PROP_OFFER:
      g_value_set_object (value, TR_OFFER_SLOT (object)->offer);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, pspec);
    }
}

static void
tr_offer_slot_set_property (GObject *object, guint id, const GValue *value, GParamSpec *pspec)
{
  switch (id)
    {
    case PROP_OFFER:
      tr_offer_slot_set_offer (TR_OFFER_SLOT (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, pspec);
    }
}

static void
tr_offer_slot_dispose (GObject *object)
{
  g_clear_object (&TR_OFFER_SLOT (object)->offer);
  G_OBJECT_CLASS (tr_offer_slot_parent_class)->dispose (object);
}

static void
tr_offer_slot_class_init (TrOfferSlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = tr_offer_slot_get_property;
  object_class->set_property = tr_offer_slot_set_property;
  object_class->dispose = tr_offer_slot_dispose;

  properties[PROP_OFFER] =
    g_param_spec_object ("offer", NULL, NULL, TR_TYPE_OFFER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tr_offer_slot_init (TrOfferSlot *self)
{
}

TrOfferSlot *
tr_offer_slot_new (TrOffer *offer)
{
  return g_object_new (TR_TYPE_OFFER_SLOT, "offer", offer, NULL);
}

TrOffer *
tr_offer_slot_get_offer (TrOfferSlot *self)
{
  g_return_val_if_fail (TR_IS_OFFER_SLOT (self), NULL);
  return self->offer;
}

/* Notifies only a change: an offer that stays costs its row nothing. */
void
tr_offer_slot_set_offer (TrOfferSlot *self,
                         TrOffer     *offer)
{
  g_return_if_fail (TR_IS_OFFER_SLOT (self));
  g_return_if_fail (offer == NULL || TR_IS_OFFER (offer));

  if (g_set_object (&self->offer, offer))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFER]);
}
