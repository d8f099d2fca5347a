/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-value.c — the values conditions compare: immutable and shared. */
#include "config.h"

#include <string.h>

#include "tr-value.h"

struct _TrValue {
  TrValueKind kind;
  union {
    gboolean boolean;
    gint64   integer;
    char    *string;
    struct {
      TrValue **items;
      guint     n_items;
    } list;
  };
};

static TrValue *
value_alloc (TrValueKind kind)
{
  TrValue *value = g_rc_box_new0 (TrValue);
  value->kind = kind;
  return value;
}

TrValue *
tr_value_new_null (void)
{
  return value_alloc (TR_VALUE_NULL);
}

TrValue *
tr_value_new_bool (gboolean boolean)
{
  TrValue *value = value_alloc (TR_VALUE_BOOL);
  value->boolean = !!boolean;
  return value;
}

TrValue *
tr_value_new_int (gint64 integer)
{
  TrValue *value = value_alloc (TR_VALUE_INT);
  value->integer = integer;
  return value;
}

TrValue *
tr_value_new_string (const char *string)
{
  TrValue *value;

  g_return_val_if_fail (string != NULL, NULL);
  value = value_alloc (TR_VALUE_STRING);
  value->string = g_strdup (string);
  return value;
}

/* A list with room for @n_items, to be filled. */
static TrValue *
list_alloc (guint n_items)
{
  TrValue *value = value_alloc (TR_VALUE_LIST);

  value->list.items = g_new0 (TrValue *, MAX (n_items, 1));
  value->list.n_items = n_items;
  return value;
}

TrValue *
tr_value_new_list (TrValue * const *items, guint n_items)
{
  TrValue *value = list_alloc (n_items);

  for (guint i = 0; i < n_items; i++)
    value->list.items[i] = tr_value_ref (items[i]);
  return value;
}

TrValue *
tr_value_new_string_list (const char * const *strings)
{
  TrValue *value = list_alloc (strings != NULL ? g_strv_length ((char **) strings) : 0);

  for (guint i = 0; i < value->list.n_items; i++)
    value->list.items[i] = tr_value_new_string (strings[i]);
  return value;
}

TrValue *
tr_value_ref (TrValue *value)
{
  g_return_val_if_fail (value != NULL, NULL);
  return g_rc_box_acquire (value);
}

static void
value_clear (gpointer data)
{
  TrValue *value = data;

  if (value->kind == TR_VALUE_STRING)
    g_free (value->string);
  else if (value->kind == TR_VALUE_LIST)
    {
      for (guint i = 0; i < value->list.n_items; i++)
        tr_value_unref (value->list.items[i]);
      g_free (value->list.items);
    }
}

void
tr_value_unref (TrValue *value)
{
  if (value != NULL)
    g_rc_box_release_full (value, value_clear);
}

TrValueKind
tr_value_get_kind (const TrValue *value)
{
  return value != NULL ? value->kind : TR_VALUE_NULL;
}

gboolean
tr_value_get_bool (const TrValue *value)
{
  g_return_val_if_fail (value != NULL && value->kind == TR_VALUE_BOOL, FALSE);
  return value->boolean;
}

gint64
tr_value_get_int (const TrValue *value)
{
  g_return_val_if_fail (value != NULL && value->kind == TR_VALUE_INT, 0);
  return value->integer;
}

const char *
tr_value_get_string (const TrValue *value)
{
  g_return_val_if_fail (value != NULL && value->kind == TR_VALUE_STRING, NULL);
  return value->string;
}

guint
tr_value_get_n_items (const TrValue *value)
{
  g_return_val_if_fail (value != NULL && value->kind == TR_VALUE_LIST, 0);
  return value->list.n_items;
}

const TrValue *
tr_value_get_item (const TrValue *value, guint index)
{
  g_return_val_if_fail (value != NULL && value->kind == TR_VALUE_LIST, NULL);
  g_return_val_if_fail (index < value->list.n_items, NULL);
  return value->list.items[index];
}

gboolean
tr_value_equal (const TrValue *a, const TrValue *b)
{
  if (tr_value_get_kind (a) != tr_value_get_kind (b))
    return FALSE;
  switch (tr_value_get_kind (a))
    {
    case TR_VALUE_NULL:
      return TRUE;
    case TR_VALUE_BOOL:
      return a->boolean == b->boolean;
    case TR_VALUE_INT:
      return a->integer == b->integer;
    case TR_VALUE_STRING:
      return strcmp (a->string, b->string) == 0;
    case TR_VALUE_LIST:
      if (a->list.n_items != b->list.n_items)
        return FALSE;
      for (guint i = 0; i < a->list.n_items; i++)
        if (!tr_value_equal (a->list.items[i], b->list.items[i]))
          return FALSE;
      return TRUE;
    }
  return FALSE;
}

static void
append_quoted (GString *out, const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_value (GString *out, const TrValue *value)
{
  switch (tr_value_get_kind (value))
    {
    case TR_VALUE_NULL:
      g_string_append (out, "null");
      break;
    case TR_VALUE_BOOL:
      g_string_append (out, value->boolean ? "true" : "false");
      break;
    case TR_VALUE_INT:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, value->integer);
      break;
    case TR_VALUE_STRING:
      append_quoted (out, value->string);
      break;
    case TR_VALUE_LIST:
      g_string_append_c (out, '[');
      for (guint i = 0; i < value->list.n_items; i++)
        {
          if (i > 0)
            g_string_append (out, ", ");
          append_value (out, value->list.items[i]);
        }
      g_string_append_c (out, ']');
      break;
    }
}

char *
tr_value_to_string (const TrValue *value)
{
  GString *out = g_string_new (NULL);
  append_value (out, value);
  return g_string_free (out, FALSE);
}
