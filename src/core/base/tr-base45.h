/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-base45.h — Base45 (RFC 9285): bytes as QR alphanumeric characters. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char   *tr_base45_encode (const guint8 *data, gsize length);
/* Strict: any character outside the alphabet, a dangling single character or
 * a triple worth more than 65535 is an error. */
GBytes *tr_base45_decode (const char *text, GError **error);

G_END_DECLS
