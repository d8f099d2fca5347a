/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-pages.h — the walk's pages, in order.
 *
 * The plan is the order; a page itself is built only when the walk first
 * needs it, so that Welcome shows without building a dozen screens first.
 */
#pragma once

#include "tr-kiosk.h"
#include "tr-page.h"
#include "tr-session.h"

G_BEGIN_DECLS

typedef struct {
  GType     type;
  char     *name;         /* for walk.go-to: "welcome", "question-birth_date", … */
  int       question;     /* the rules' question index, -1 for other pages */
  gboolean  in_progress;  /* FALSE for Welcome and the receipt: no Back, no progress */
} TrPageSpec;

/* The walk for @kiosk's rules: an array of TrPageSpec. */
GPtrArray *tr_pages_plan   (TrKiosk *kiosk);
/* A new page of @spec for @session (floating reference sunk: owned by the caller). */
TrPage    *tr_pages_create (const TrPageSpec *spec, TrKiosk *kiosk, TrSession *session);

G_END_DECLS
