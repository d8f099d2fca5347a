/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-print.h — the receipt, printed at once on the kiosk's printer.
 *
 * No dialog of any kind: the person at the kiosk only sees the page say
 * "Printing…" and then how it went.
 */
#pragma once

#include <gtk/gtk.h>

#include "tr-config.h"
#include "tr-offer.h"
#include "tr-store.h"

G_BEGIN_DECLS

/* The receipt of @registration for @offer, with @condition (may be NULL)
 * to settle before the training, on the printer and paper of @config
 * (whose printer must be set): the one way the kiosk prints a receipt,
 * at the end of the walk or again from staff mode. Finish with
 * tr_print_receipt_finish(). */
void     tr_print_registration_async (GObject              *source,
                                      const TrConfig       *config,
                                      const TrRegistration *registration,
                                      TrOffer              *offer,
                                      const char           *condition,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
/* TRUE once the printer has taken the whole job. */
gboolean tr_print_receipt_finish (GAsyncResult           *result,
                                  GError                **error);

G_END_DECLS
