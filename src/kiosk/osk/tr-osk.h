/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-osk.h — the kiosk's own on-screen keyboard.
 *
 * Kiosk compositors (cage) have no input method, so the kiosk brings its
 * keyboard: it shows while a text field of its window has the focus and
 * types into that field at the cursor. Its keys never take the focus.
 * Which keys show follows the field's input purpose: a numeric pad for
 * phone numbers, digits and numbers, email keys for email addresses,
 * AZERTY with French accented letters otherwise.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TR_TYPE_OSK (tr_osk_get_type ())
G_DECLARE_FINAL_TYPE (TrOsk, tr_osk, TR, OSK, GtkWidget)

typedef enum {
  TR_OSK_LETTERS,
  TR_OSK_SYMBOLS,   /* digits and symbols */
  TR_OSK_NUMERIC,   /* the numeric pad */
} TrOskPage;

GtkWidget  *tr_osk_new           (void);
/* A disabled keyboard never shows (kiosk.conf: OnScreenKeyboard=false). */
void        tr_osk_set_enabled   (TrOsk      *self,
                                  gboolean    enabled);
gboolean    tr_osk_get_enabled   (TrOsk      *self);
TrOskPage   tr_osk_get_page      (TrOsk      *self);
gboolean    tr_osk_get_shifted   (TrOsk      *self);
/* The key on show whose accessible name is @name ("é", "Shift", ".com"…),
 * or NULL. */
GtkWidget  *tr_osk_get_key       (TrOsk      *self,
                                  const char *name);

G_END_DECLS
