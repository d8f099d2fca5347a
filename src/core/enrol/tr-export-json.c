/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-export-json.c — a small JSON reader for the rows of a sealed export: one value into a flat array of nodes. */
#include "config.h"

#include <string.h>
#include <sodium.h>

#include "tr-export-json-private.h"

#define NO_TEXT G_MAXSIZE

typedef struct {
  guint8  type;
  gsize   key;      /* offset of the member's name in reader->text, or NO_TEXT */
  gsize   value;    /* offset of a string's or number's text, or NO_TEXT */
  gsize   start;    /* where the value starts in the text read */
  gsize   end;      /* and where it ends */
  guint   size;     /* nodes in this one's subtree, itself included */
} Node;

struct _TrJsonReader {
  GArray     *nodes;
  GString    *text;     /* every decoded text, NUL-terminated */
  const char *source;   /* the text of the last read */
  const char *at;
  const char *end;
  guint       depth;
};

TrJsonReader *
tr_json_reader_new (void)
{
  TrJsonReader *reader = g_new0 (TrJsonReader, 1);

  reader->nodes = g_array_sized_new (FALSE, FALSE, sizeof (Node), 64);
  reader->text = g_string_sized_new (1024);
  return reader;
}

void
tr_json_reader_free (TrJsonReader *reader)
{
  if (reader == NULL)
    return;
  tr_json_reader_wipe (reader);
  g_array_unref (reader->nodes);
  g_string_free (reader->text, TRUE);
  g_free (reader);
}

void
tr_json_reader_wipe (TrJsonReader *reader)
{
  sodium_memzero (reader->text->str, reader->text->allocated_len);
  g_string_truncate (reader->text, 0);
}

static void
skip_blanks (TrJsonReader *reader)
{
  while (reader->at < reader->end &&
         (*reader->at == ' ' || *reader->at == '\t' || *reader->at == '\n' || *reader->at == '\r'))
    reader->at++;
}

static int
hex_digit (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
read_hex4 (TrJsonReader *reader, gunichar *out)
{
  gunichar value = 0;

  if (reader->end - reader->at < 4)
    return FALSE;
  for (int i = 0; i < 4; i++)
    {
      int digit = hex_digit (reader->at[i]);
      if (digit < 0)
        return FALSE;
      value = value * 16 + (gunichar) digit;
    }
  reader->at += 4;
  *out = value;
  return TRUE;
}

/* After a backslash: one escape, appended decoded. */
static gboolean
read_escape (TrJsonReader *reader)
{
  gunichar c, low;

  if (reader->at >= reader->end)
    return FALSE;
  switch (*reader->at++)
    {
    case '"': g_string_append_c (reader->text, '"'); return TRUE;
    case '\\': g_string_append_c (reader->text, '\\'); return TRUE;
    case '/': g_string_append_c (reader->text, '/'); return TRUE;
    case 'b': g_string_append_c (reader->text, '\b'); return TRUE;
    case 'f': g_string_append_c (reader->text, '\f'); return TRUE;
    case 'n': g_string_append_c (reader->text, '\n'); return TRUE;
    case 'r': g_string_append_c (reader->text, '\r'); return TRUE;
    case 't': g_string_append_c (reader->text, '\t'); return TRUE;
    case 'u':
      if (!read_hex4 (reader, &c) || c == 0 || (c >= 0xDC00 && c <= 0xDFFF))
        return FALSE;
      if (c >= 0xD800 && c <= 0xDBFF)
        {
          if (reader->end - reader->at < 2 || reader->at[0] != '\\' || reader->at[1] != 'u')
            return FALSE;
          reader->at += 2;
          if (!read_hex4 (reader, &low) || low < 0xDC00 || low > 0xDFFF)
            return FALSE;
          c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
        }
      g_string_append_unichar (reader->text, c);
      return TRUE;
    default:
      return FALSE;
    }
}

/* At a quote: the string, decoded into reader->text; its offset in @out. */
static gboolean
read_string (TrJsonReader *reader, gsize *out)
{
  const char *run;

  reader->at++;
  *out = reader->text->len;
  run = reader->at;
  while (reader->at < reader->end)
    {
      guchar c = (guchar) *reader->at;

      if (c == '"')
        {
          g_string_append_len (reader->text, run, reader->at - run);
          g_string_append_c (reader->text, '\0');
          reader->at++;
          return TRUE;
        }
      if (c < 0x20)
        return FALSE;
      if (c == '\\')
        {
          g_string_append_len (reader->text, run, reader->at - run);
          reader->at++;
          if (!read_escape (reader))
            return FALSE;
          run = reader->at;
          continue;
        }
      reader->at++;
    }
  return FALSE;
}

static gboolean
skip_digits (TrJsonReader *reader)
{
  const char *start = reader->at;

  while (reader->at < reader->end && g_ascii_isdigit (*reader->at))
    reader->at++;
  return reader->at > start;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, kept as written. */
static gboolean
read_number (TrJsonReader *reader, gsize *out)
{
  const char *start = reader->at;

  if (reader->at < reader->end && *reader->at == '-')
    reader->at++;
  if (reader->at < reader->end && *reader->at == '0')
    reader->at++;
  else if (!skip_digits (reader))
    return FALSE;
  if (reader->at < reader->end && *reader->at == '.')
    {
      reader->at++;
      if (!skip_digits (reader))
        return FALSE;
    }
  if (reader->at < reader->end && (*reader->at == 'e' || *reader->at == 'E'))
    {
      reader->at++;
      if (reader->at < reader->end && (*reader->at == '+' || *reader->at == '-'))
        reader->at++;
      if (!skip_digits (reader))
        return FALSE;
    }
  *out = reader->text->len;
  g_string_append_len (reader->text, start, reader->at - start);
  g_string_append_c (reader->text, '\0');
  return TRUE;
}

static gboolean
read_word (TrJsonReader *reader, const char *word)
{
  gsize length = strlen (word);

  if ((gsize) (reader->end - reader->at) < length || memcmp (reader->at, word, length) != 0)
    return FALSE;
  reader->at += length;
  return TRUE;
}

static gboolean read_value (TrJsonReader *reader, gsize key);

/* The elements of an array or members of an object, after its bracket. */
static gboolean
read_children (TrJsonReader *reader, gboolean object)
{
  char close = object ? '}' : ']';

  skip_blanks (reader);
  if (reader->at < reader->end && *reader->at == close)
    {
      reader->at++;
      return TRUE;
    }
  for (;;)
    {
      gsize key = NO_TEXT;

      skip_blanks (reader);
      if (object)
        {
          if (reader->at >= reader->end || *reader->at != '"' || !read_string (reader, &key))
            return FALSE;
          skip_blanks (reader);
          if (reader->at >= reader->end || *reader->at != ':')
            return FALSE;
          reader->at++;
          skip_blanks (reader);
        }
      if (!read_value (reader, key))
        return FALSE;
      skip_blanks (reader);
      if (reader->at >= reader->end)
        return FALSE;
      if (*reader->at == close)
        {
          reader->at++;
          return TRUE;
        }
      if (*reader->at != ',')
        return FALSE;
      reader->at++;
    }
}

static gboolean
read_value (TrJsonReader *reader, gsize key)
{
  guint index = reader->nodes->len;
  Node node = { TR_JSON_NULL, key, NO_TEXT, reader->at - reader->source, 0, 1 };
  gboolean read;

  if (reader->at >= reader->end)
    return FALSE;
  g_array_append_val (reader->nodes, node);
  switch (*reader->at)
    {
    case '"':
      node.type = TR_JSON_STRING;
      read = read_string (reader, &node.value);
      break;
    case 't':
      node.type = TR_JSON_TRUE;
      read = read_word (reader, "true");
      break;
    case 'f':
      node.type = TR_JSON_FALSE;
      read = read_word (reader, "false");
      break;
    case 'n':
      node.type = TR_JSON_NULL;
      read = read_word (reader, "null");
      break;
    case '[':
    case '{':
      if (reader->depth == TR_JSON_MAX_DEPTH)
        return FALSE;
      node.type = *reader->at == '{' ? TR_JSON_OBJECT : TR_JSON_ARRAY;
      reader->at++;
      reader->depth++;
      read = read_children (reader, node.type == TR_JSON_OBJECT);
      reader->depth--;
      break;
    default:
      node.type = TR_JSON_NUMBER;
      read = read_number (reader, &node.value);
    }
  if (!read)
    return FALSE;
  node.end = reader->at - reader->source;
  node.size = reader->nodes->len - index;
  g_array_index (reader->nodes, Node, index) = node;
  return TRUE;
}

gboolean
tr_json_reader_read (TrJsonReader *reader, const char *text, gsize length)
{
  g_array_set_size (reader->nodes, 0);
  g_string_truncate (reader->text, 0);
  if (text == NULL || !g_utf8_validate_len (text, length, NULL))
    return FALSE;
  reader->source = text;
  reader->at = text;
  reader->end = text + length;
  reader->depth = 0;
  skip_blanks (reader);
  if (!read_value (reader, NO_TEXT))
    {
      g_array_set_size (reader->nodes, 0);
      return FALSE;
    }
  skip_blanks (reader);
  if (reader->at != reader->end)
    {
      g_array_set_size (reader->nodes, 0);
      return FALSE;
    }
  return TRUE;
}

static const Node *
node_at (TrJsonReader *reader, guint node)
{
  return node < reader->nodes->len ? &g_array_index (reader->nodes, Node, node) : NULL;
}

TrJsonType
tr_json_type (TrJsonReader *reader, guint node)
{
  const Node *n = node_at (reader, node);

  return n != NULL ? (TrJsonType) n->type : TR_JSON_NULL;
}

const char *
tr_json_text (TrJsonReader *reader, guint node)
{
  const Node *n = node_at (reader, node);

  return n != NULL && n->value != NO_TEXT ? reader->text->str + n->value : NULL;
}

const char *
tr_json_key (TrJsonReader *reader, guint node)
{
  const Node *n = node_at (reader, node);

  return n != NULL && n->key != NO_TEXT ? reader->text->str + n->key : NULL;
}

guint
tr_json_first (TrJsonReader *reader, guint node)
{
  const Node *n = node_at (reader, node);

  if (n == NULL || (n->type != TR_JSON_ARRAY && n->type != TR_JSON_OBJECT) || n->size < 2)
    return TR_JSON_NONE;
  return node + 1;
}

guint
tr_json_next (TrJsonReader *reader, guint node, guint child)
{
  const Node *parent = node_at (reader, node);
  const Node *n = node_at (reader, child);

  if (parent == NULL || n == NULL || child <= node || child >= node + parent->size)
    return TR_JSON_NONE;
  return child + n->size < node + parent->size ? child + n->size : TR_JSON_NONE;
}

guint
tr_json_member (TrJsonReader *reader, guint node, const char *key)
{
  const Node *n = node_at (reader, node);
  guint end;

  if (n == NULL || n->type != TR_JSON_OBJECT)
    return TR_JSON_NONE;
  end = node + n->size;
  /* The first of a repeated name, as SQLite's json_extract takes it. */
  for (guint child = node + 1; child < end; child += g_array_index (reader->nodes, Node, child).size)
    if (strcmp (reader->text->str + g_array_index (reader->nodes, Node, child).key, key) == 0)
      return child;
  return TR_JSON_NONE;
}

char *
tr_json_compact (TrJsonReader *reader, guint node)
{
  const Node *n = node_at (reader, node);
  GString *out;
  gboolean in_string = FALSE;

  if (n == NULL)
    return NULL;
  out = g_string_sized_new (n->end - n->start);
  for (gsize i = n->start; i < n->end; i++)
    {
      char c = reader->source[i];

      if (in_string)
        {
          g_string_append_c (out, c);
          if (c == '\\')
            g_string_append_c (out, reader->source[++i]);
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        {
          in_string = TRUE;
          g_string_append_c (out, c);
        }
      else if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
        g_string_append_c (out, c);
    }
  return g_string_free (out, FALSE);
}
