/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-office-key-private.h — the unlocked key's X25519 twin, for tr-seal.c only. */
#pragma once

#include "tr-office-key.h"

G_BEGIN_DECLS

/* The X25519 twin of the key, which sealed boxes use. */
const guint8 *tr_office_key_get_box_public (const TrOfficeKey *key);
const guint8 *tr_office_key_get_box_secret (const TrOfficeKey *key);

G_END_DECLS
