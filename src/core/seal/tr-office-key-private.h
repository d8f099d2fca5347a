/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-office-key-private.h — the unlocked private half, for tr-seal.c only. */
#pragma once

#include "tr-office-key.h"

G_BEGIN_DECLS

const guint8 *tr_office_key_get_secret (const TrOfficeKey *key);

G_END_DECLS
