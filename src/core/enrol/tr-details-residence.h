/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-details-residence.h — the postcode of residence read out of one
 * registration's sealed details, for figures.
 *
 * The season report counts people per arrondissement of residence, and the
 * postcode lives only inside the details a kiosk sealed to the office key
 * (the person's "postcode", or else the answer to the "postcode" question,
 * as the export's columns give it). This opens the details in memory, keeps
 * that one value and wipes everything else it read: nothing of the person
 * but a postcode leaves this function.
 */
#pragma once

#include <glib.h>

#include "tr-office-key.h"

G_BEGIN_DECLS

/* The postcode in the sealed details (@sealed, @length bytes), or NULL when
 * they hold none; NULL with @error when they do not open with @key
 * (altered, or sealed to another office key) or cannot be read. */
char *tr_details_residence_postcode (const TrOfficeKey  *key,
                                     gconstpointer       sealed,
                                     gsize               length,
                                     GError            **error);

/* The same for @n_details sealed details at once (each NULL for details
 * erased, which hold no postcode), on all the processors there are: the
 * office opens a season's in one go. @postcodes (n_details places) gets each
 * postcode or NULL, to be freed with g_free. FALSE, with @error and
 * *@failed set to the first one that does not open, and every postcode
 * freed, when any does not. */
gboolean tr_details_residence_postcodes (const TrOfficeKey  *key,
                                         GBytes * const     *details,
                                         guint               n_details,
                                         char              **postcodes,
                                         guint              *failed,
                                         GError            **error);

G_END_DECLS
