/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-export-json.c — tests of the small JSON reader the office reads sealed exports' rows with. */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "tr-export-json-private.h"

static gboolean
reads (TrJsonReader *json, const char *text)
{
  return tr_json_reader_read (json, text, strlen (text));
}

static void
test_values (void)
{
  g_autoptr(TrJsonReader) json = tr_json_reader_new ();
  const char *text = " {\"a\" : \"x\\\"y\\\\\\/\\n\\u00e9\\ud83d\\ude00\", \"b\":-12.5e+3,\"c\":[true,false,null,[]],"
                     "\"d\":{},\"a\":\"second\",\"e\":0} ";
  guint node, element;

  g_assert_true (reads (json, text));
  g_assert_cmpint (tr_json_type (json, 0), ==, TR_JSON_OBJECT);
  node = tr_json_member (json, 0, "a");
  g_assert_cmpint (tr_json_type (json, node), ==, TR_JSON_STRING);
  /* Escapes decoded, a surrogate pair joined; the first of a repeated name. */
  g_assert_cmpstr (tr_json_text (json, node), ==, "x\"y\\/\n\xc3\xa9\xf0\x9f\x98\x80");
  g_assert_cmpstr (tr_json_key (json, node), ==, "a");
  node = tr_json_member (json, 0, "b");
  g_assert_cmpint (tr_json_type (json, node), ==, TR_JSON_NUMBER);
  g_assert_cmpstr (tr_json_text (json, node), ==, "-12.5e+3");
  node = tr_json_member (json, 0, "c");
  g_assert_cmpint (tr_json_type (json, node), ==, TR_JSON_ARRAY);
  element = tr_json_first (json, node);
  g_assert_cmpint (tr_json_type (json, element), ==, TR_JSON_TRUE);
  element = tr_json_next (json, node, element);
  g_assert_cmpint (tr_json_type (json, element), ==, TR_JSON_FALSE);
  element = tr_json_next (json, node, element);
  g_assert_cmpint (tr_json_type (json, element), ==, TR_JSON_NULL);
  element = tr_json_next (json, node, element);
  g_assert_cmpint (tr_json_type (json, element), ==, TR_JSON_ARRAY);
  g_assert_cmpuint (tr_json_first (json, element), ==, TR_JSON_NONE);
  g_assert_cmpuint (tr_json_next (json, node, element), ==, TR_JSON_NONE);
  g_assert_cmpuint (tr_json_member (json, 0, "z"), ==, TR_JSON_NONE);
  g_assert_cmpuint (tr_json_member (json, node, "a"), ==, TR_JSON_NONE);
  g_assert_cmpuint (tr_json_member (json, TR_JSON_NONE, "a"), ==, TR_JSON_NONE);
  {
    g_autofree char *compact = tr_json_compact (json, 0);
    g_assert_cmpstr (compact, ==, "{\"a\":\"x\\\"y\\\\\\/\\n\\u00e9\\ud83d\\ude00\",\"b\":-12.5e+3,\"c\":[true,false,null,[]],"
                                  "\"d\":{},\"a\":\"second\",\"e\":0}");
  }
  tr_json_reader_wipe (json);
}

static void
test_refused (void)
{
  g_autoptr(TrJsonReader) json = tr_json_reader_new ();
  g_autofree char *deep = g_strnfill (TR_JSON_MAX_DEPTH + 1, '[');
  g_autofree char *deep_end = g_strnfill (TR_JSON_MAX_DEPTH + 1, ']');
  g_autofree char *deep_closed = NULL;
  const char *bad[] = {
    "", " ", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "[1 2]", "[01]", "[1.]", "[.5]", "[-]", "[1e]",
    "\"\\u0000\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"\\x\"", "\"a\tb\"", "\"open",
    "tru", "nul", "{} {}", "1 2", "{\"a\":1}x", "\xff", "\"\xc3\"", "{'a':1}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    if (reads (json, bad[i]))
      g_error ("read “%s”", bad[i]);
  /* Nested deeper than any line of the file is: refused, not recursed into. */
  deep_closed = g_strconcat (deep, deep_end, NULL);
  g_assert_false (reads (json, deep_closed));
  {
    g_autofree char *ok_open = g_strnfill (TR_JSON_MAX_DEPTH, '[');
    g_autofree char *ok_close = g_strnfill (TR_JSON_MAX_DEPTH, ']');
    g_autofree char *ok = g_strconcat (ok_open, ok_close, NULL);
    g_assert_true (reads (json, ok));
  }
  /* A failed read leaves nothing to look at. */
  g_assert_false (reads (json, "{\"a\":\"b\""));
  g_assert_cmpuint (tr_json_member (json, 0, "a"), ==, TR_JSON_NONE);
  g_assert_null (tr_json_text (json, 0));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/export-json/values", test_values);
  g_test_add_func ("/export-json/refused", test_refused);
  return g_test_run ();
}
