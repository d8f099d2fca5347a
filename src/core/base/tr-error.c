/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-error.c — the core's one error domain. */
#include "tr-error.h"

G_DEFINE_QUARK (tr-error-quark, tr_error)
