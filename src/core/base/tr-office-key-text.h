/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-office-key-text.h — the programme office's public key as people copy it.
 *
 * Kept in the base room, below the seal room that makes and uses the key
 * (tr-office-key.h includes this header), so that kiosk.conf's OfficeKey=
 * is checked as the file is read.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The office key is Ed25519 (its X25519 twin seals); its size spelt out so
 * that users of this header need not see libsodium. */
#define TR_OFFICE_KEY_BYTES 32

/* The printable form of the public key, as kiosk.conf's OfficeKey= and
 * `tremplin-admin office-key` take it: "office:" then base64url of the key
 * and a 4-byte check, so that a mistyped or truncated key, or a kiosk's
 * own signing key pasted by mistake, is refused instead of sealing details
 * that nobody can ever open. */
char         *tr_office_key_to_text     (const guint8 *public_key);
gboolean      tr_office_key_from_text   (const char   *text,
                                         guint8       *public_key,
                                         GError      **error);

G_END_DECLS
