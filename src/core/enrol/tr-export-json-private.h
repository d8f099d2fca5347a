/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-export-json-private.h — a small, fast JSON reader for the lines of a
 * sealed export's rows file and the details sealed in them.
 *
 * The office reads a hundred thousand lines where JSON-GLib's parser,
 * built for documents, spends tens of microseconds on each: this one reads
 * a line into a flat array of nodes, reusing its buffers from line to line,
 * and allocates nothing per line once they have grown. It takes strict
 * JSON (RFC 8259) in UTF-8, nested at most TR_JSON_MAX_DEPTH deep, and
 * refuses a text holding a zero character, which no detail holds and which
 * C strings could not carry.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TR_JSON_MAX_DEPTH 16
#define TR_JSON_NONE G_MAXUINT

typedef enum {
  TR_JSON_NULL,
  TR_JSON_FALSE,
  TR_JSON_TRUE,
  TR_JSON_NUMBER,
  TR_JSON_STRING,
  TR_JSON_ARRAY,
  TR_JSON_OBJECT,
} TrJsonType;

typedef struct _TrJsonReader TrJsonReader;

TrJsonReader *tr_json_reader_new  (void);
void          tr_json_reader_free (TrJsonReader *reader);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrJsonReader, tr_json_reader_free)

/* Reads @length bytes of @text as one JSON value (blanks around it
 * allowed); FALSE when they are not exactly one. The nodes are valid until
 * the next read. Node 0 is the value; its members or elements follow it. */
gboolean      tr_json_reader_read (TrJsonReader *reader,
                                   const char   *text,
                                   gsize         length);

TrJsonType    tr_json_type        (TrJsonReader *reader, guint node);
/* A string's decoded text, a number's text as written; NULL for others. */
const char   *tr_json_text        (TrJsonReader *reader, guint node);
/* An array's or object's JSON text, blanks between tokens left out (as
 * SQLite's json_extract gives a container). */
char         *tr_json_compact     (TrJsonReader *reader, guint node);
/* The member @key of object @node, or TR_JSON_NONE (also when @node is
 * TR_JSON_NONE or not an object). */
guint         tr_json_member      (TrJsonReader *reader, guint node, const char *key);
/* The first element or member of @node, and the one after its @child;
 * each TR_JSON_NONE at the end. */
guint         tr_json_first       (TrJsonReader *reader, guint node);
guint         tr_json_next        (TrJsonReader *reader, guint node, guint child);
/* The name of member @node of an object. */
const char   *tr_json_key         (TrJsonReader *reader, guint node);
/* Zeroes every text the last read decoded: the details' reader holds a
 * person's details in clear. */
void          tr_json_reader_wipe (TrJsonReader *reader);

G_END_DECLS
