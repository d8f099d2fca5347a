/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-seal.h — bytes sealed to the office key (libsodium's sealed boxes).
 *
 * Anyone with the public key can seal; only the office key's private half
 * opens. A kiosk seals a person's details the moment it stores them, and
 * cannot read them back.
 */
#pragma once

#include "tr-office-key.h"

G_BEGIN_DECLS

/* What sealing adds to the length: an ephemeral public key and a MAC. */
#define TR_SEAL_OVERHEAD 48

/* Seals @length bytes of @data to @office_key. Never fails once
 * tr_crypto_init has succeeded. */
GBytes *tr_seal   (const guint8 *office_key,
                   const void   *data,
                   gsize         length);
/* Opens what tr_seal made for @key's public half. FALSE-like NULL, with
 * @error (TR_ERROR_INVALID), when @sealed was altered, cut short or sealed
 * to another key. The bytes returned are wiped when the last reference
 * goes. */
GBytes *tr_unseal (const TrOfficeKey *key,
                   const void        *sealed,
                   gsize              length,
                   GError           **error);

/* Sealing in two steps, for a commit that should not wait: the costly part
 * of tr_seal (a fresh ephemeral key pair, and the key it shares with the
 * office: two X25519 multiplications) made ahead, while the person still
 * reads the screen; the sealing itself is then one cipher pass. What
 * tr_seal_with_prepared gives is exactly what tr_seal gives (a libsodium
 * sealed box), opened by tr_unseal. A prepared seal is used once: sealing
 * consumes it, and freeing it wipes it. */
typedef struct _TrSealPrepared TrSealPrepared;

TrSealPrepared *tr_seal_prepare             (const guint8          *office_key);
/* The office key @prepared was made for. */
const guint8   *tr_seal_prepared_office_key (const TrSealPrepared  *prepared);
/* Seals with @prepared and frees it. */
GBytes         *tr_seal_with_prepared       (TrSealPrepared        *prepared,
                                             const void            *data,
                                             gsize                  length);
void            tr_seal_prepared_free       (TrSealPrepared        *prepared);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrSealPrepared, tr_seal_prepared_free)

/* Takes @data (from g_malloc) of @size bytes and wipes it when freed: for
 * anything that held a person's details in clear. */
GBytes *tr_bytes_new_wiped (gpointer data, gsize size);

G_END_DECLS
