/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-page.h — one screen of the walk, after gnome-initial-setup's pages.
 *
 * The window shows pages in the order of tr-pages.c. A page reads and writes
 * the walk-in's TrSession; "apply" checks what was entered and stores it
 * before the window moves on. Pages move the walk with the window's actions:
 * walk.next, walk.back, walk.finish and walk.go-to (a page name).
 */
#pragma once

#include <adwaita.h>

#include "tr-kiosk.h"
#include "tr-session.h"

G_BEGIN_DECLS

#define TR_TYPE_PAGE (tr_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (TrPage, tr_page, TR, PAGE, AdwBin)

struct _TrPageClass
{
  AdwBinClass parent_class;

  /* The page is now on screen (build what depends on the session here). */
  void     (*shown)          (TrPage *page);
  /* Check and store what the page holds; FALSE keeps the person here (the
   * page shows why, next to the field). */
  gboolean (*apply)          (TrPage *page);
  /* The session's language changed: set every text again. */
  void     (*locale_changed) (TrPage *page);
  /* TRUE when the walk passes this page by (a question the answers skip). */
  gboolean (*should_skip)    (TrPage *page);
  /* Back (or Escape) was asked for: TRUE when the page went back within
   * itself (from a detail to its list), FALSE to leave the page. */
  gboolean (*go_back)        (TrPage *page);
  /* Gives the focus to what Enter should press when the page comes on
   * screen; FALSE when the page has nothing for it. (Not grab_focus: GTK
   * also calls that when Tab walks into the page.) */
  gboolean (*focus_first)    (TrPage *page);
  /* Enter was pressed in @field, one of tr_page_add_field's: FALSE keeps
   * the person on it (the page shows why). Every field is done by default. */
  gboolean (*field_done)     (TrPage *page, GtkWidget *field);
};

TrKiosk    *tr_page_get_kiosk       (TrPage *self);
TrSession  *tr_page_get_session     (TrPage *self);
/* A name for walk.go-to, such as "details". */
const char *tr_page_get_name        (TrPage *self);
/* The label of the window's Next button, NULL to hide it (the page has its
 * own big buttons); it is sensitive when the page is complete. */
const char *tr_page_get_next_label  (TrPage *self);
void        tr_page_set_next_label  (TrPage *self, const char *label);
gboolean    tr_page_get_complete    (TrPage *self);
void        tr_page_set_complete    (TrPage *self, gboolean complete);
/* FALSE for Welcome and the receipt: no Back button, no progress. */
gboolean    tr_page_get_in_progress (TrPage *self);

void        tr_page_shown           (TrPage *self);
gboolean    tr_page_apply           (TrPage *self);
void        tr_page_locale_changed  (TrPage *self);
gboolean    tr_page_should_skip     (TrPage *self);
gboolean    tr_page_go_back         (TrPage *self);
gboolean    tr_page_focus_first     (TrPage *self);

/* Enter in a text field goes to the page's next field, in the order they
 * were added, and from the last to the next page: once field_done is
 * content with it. */
void        tr_page_add_field       (TrPage *self, GtkWidget *field);
/* Enter anywhere on the page that no focused control takes does what the
 * window's Next button does, when it shows and can be pressed. */
void        tr_page_enter_goes_next (TrPage *self);

/* The session's language, for texts that come from data (rules, offers). */
const char *tr_page_get_language    (TrPage *self);

G_END_DECLS
