/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-value.h — the values of the condition language (tr-expr.h): null,
 * true or false, whole numbers, texts and lists. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  TR_VALUE_NULL,
  TR_VALUE_BOOL,
  TR_VALUE_INT,
  TR_VALUE_STRING,
  TR_VALUE_LIST,
} TrValueKind;

/* An immutable, reference-counted value. */
typedef struct _TrValue TrValue;

TrValue     *tr_value_new_null        (void);
TrValue     *tr_value_new_bool        (gboolean value);
TrValue     *tr_value_new_int         (gint64 value);
TrValue     *tr_value_new_string      (const char *value);
/* A list of strings, e.g. a list of a rules file. */
TrValue     *tr_value_new_string_list (const char * const *items);
/* Takes a reference on each item. */
TrValue     *tr_value_new_list        (TrValue * const *items, guint n_items);
TrValue     *tr_value_ref             (TrValue *value);
void         tr_value_unref           (TrValue *value);

TrValueKind  tr_value_get_kind        (const TrValue *value);
gboolean     tr_value_get_bool        (const TrValue *value);
gint64       tr_value_get_int         (const TrValue *value);
const char  *tr_value_get_string      (const TrValue *value);
guint        tr_value_get_n_items     (const TrValue *value);
const TrValue *tr_value_get_item      (const TrValue *value, guint index);
/* Same kind and same contents. */
gboolean     tr_value_equal           (const TrValue *a, const TrValue *b);
/* As it would be written in a condition: 42, "text", true, ["a", "b"], null. */
char        *tr_value_to_string       (const TrValue *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrValue, tr_value_unref)

G_END_DECLS
