/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-json.c — members of the JSON objects the programme writes. */
#include "config.h"

#include "tr-json.h"

void
tr_json_add_text (JsonBuilder *builder, const char *name, const char *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
tr_json_add_number (JsonBuilder *builder, const char *name, gint64 value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}
