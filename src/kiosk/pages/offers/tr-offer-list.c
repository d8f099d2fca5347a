/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The offers a search found, as a GListModel that reads the search's own
 * array. A GListStore keeps a copy in a GSequence: a keystroke that let
 * thousands more offers in inserted them one by one, each with a reference,
 * and freed as many on the next; here the new array is simply taken, and the
 * part that changed announced. */
#include "config.h"

#include "tr-offer-list.h"

struct _TrOfferList
{
  GObject    parent_instance;
  GPtrArray *offers;   /* of TrOffer, shared with whoever filled it */
};

static void tr_offer_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TrOfferList, tr_offer_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, tr_offer_list_model_init))

static GType
tr_offer_list_get_item_type (GListModel *model)
{
  return TR_TYPE_OFFER;
}

static guint
tr_offer_list_get_n_items (GListModel *model)
{
  return TR_OFFER_LIST (model)->offers->len;
}

static gpointer
tr_offer_list_get_item (GListModel *model, guint position)
{
  GPtrArray *offers = TR_OFFER_LIST (model)->offers;

  return position < offers->len ? g_object_ref (g_ptr_array_index (offers, position)) : NULL;
}

static void
tr_offer_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = tr_offer_list_get_item_type;
  iface->get_n_items = tr_offer_list_get_n_items;
  iface->get_item = tr_offer_list_get_item;
}

static void
tr_offer_list_finalize (GObject *object)
{
  g_ptr_array_unref (TR_OFFER_LIST (object)->offers);
  G_OBJECT_CLASS (tr_offer_list_parent_class)->finalize (object);
}

static void
tr_offer_list_class_init (TrOfferListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tr_offer_list_finalize;
}

static void
tr_offer_list_init (TrOfferList *self)
{
  self->offers = g_ptr_array_new ();
}

TrOfferList *
tr_offer_list_new (void)
{
  return g_object_new (TR_TYPE_OFFER_LIST, NULL);
}

/* The list becomes @offers (referenced, not copied: whoever filled it must
 * not change it while the list shows it); from @position, @removed offers
 * of the former list were replaced by @added of the new one. */
void
tr_offer_list_replace (TrOfferList *self,
                       GPtrArray   *offers,
                       guint        position,
                       guint        removed,
                       guint        added)
{
  g_return_if_fail (TR_IS_OFFER_LIST (self));
  g_return_if_fail (offers != NULL);
  g_return_if_fail (position + removed <= self->offers->len);
  g_return_if_fail (position + added <= offers->len);
  g_return_if_fail (self->offers->len - removed + added == offers->len);

  g_ptr_array_ref (offers);
  g_ptr_array_unref (self->offers);
  self->offers = offers;
  if (removed > 0 || added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}
