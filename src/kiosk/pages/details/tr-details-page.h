/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-details-page.h — "Your details": the personal-details form.
 *
 * One field per TrField, each with its label, an example, whether it is
 * required, and its error right under it as soon as it is left. What is
 * typed goes to the session as it is typed; apply checks every field.
 */
#pragma once

#include "tr-page.h"

G_BEGIN_DECLS

#define TR_TYPE_DETAILS_PAGE (tr_details_page_get_type ())
G_DECLARE_FINAL_TYPE (TrDetailsPage, tr_details_page, TR, DETAILS_PAGE, TrPage)

/* The entry of @field, and the label that shows its error (for tests). */
GtkEditable *tr_details_page_get_entry       (TrDetailsPage *self, TrField field);
GtkLabel    *tr_details_page_get_error_label (TrDetailsPage *self, TrField field);

G_END_DECLS
