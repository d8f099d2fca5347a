/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-json.h — members of the JSON objects the programme writes, each one way. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* "@name": @value as a string, or null when @value is NULL. */
void tr_json_add_text   (JsonBuilder *builder, const char *name, const char *value);

/* "@name": @value as a number. */
void tr_json_add_number (JsonBuilder *builder, const char *name, gint64 value);

G_END_DECLS
