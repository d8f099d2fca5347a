/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-locale.h — where the programs find their translations. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *tr_locale_translations_dir (void);

G_END_DECLS
