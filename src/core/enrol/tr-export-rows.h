/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-export-rows.h — the rows of a sealed export, as the office opens them.
 *
 * A kiosk's export of a day (tr-export.h) is a sealed file (tr-sealed-file.h)
 * holding one file, "tremplin-<kiosk>-<day>.rows.jsonl": a first line that
 * names the format and the table's columns, then one JSON object per
 * registration with every column the kiosk keeps in clear and the person's
 * details exactly as the store sealed them at commit (base64, or null once
 * erased). Opening unseals each row's details with the office key and gives
 * the day's CSV and JSON Lines back, byte for byte what the clear export
 * gave for the same registrations (docs/export.md).
 *
 * A person erased at the office (their right to erasure) leaves their row
 * without details and a tombstone line: the code, when and why, no name.
 */
#pragma once

#include "tr-export.h"
#include "tr-offer.h"
#include "tr-office-key.h"
#include "tr-sealed-file.h"

G_BEGIN_DECLS

#define TR_EXPORT_ROWS_FORMAT "tremplin-sealed-rows-v1"

typedef struct _TrExportRows TrExportRows;

/* One registration as the office lists it; the texts belong to the rows. */
typedef struct {
  const char *code;
  const char *kiosk_id;
  const char *local_date;
  const char *offer_id;
  const char *status;
  gboolean    has_details;   /* FALSE once erased (retention, or a person's request) */
  const char *erased_at;     /* from a tombstone (UTC, ISO 8601), or NULL */
  const char *erase_reason;  /* from that tombstone, or NULL */
} TrExportEntry;

/* One registration as the store holds it, every text borrowed: what a
 * kiosk writes into its export's rows, and what the office gathers from the
 * hub into rows of its own (below). */
typedef struct {
  gint64              id;
  const char         *session_id;
  const char         *code;
  const char         *created_at;
  const char         *local_date;
  const char         *kiosk_id;
  const char         *offer_id;
  const TrOfferData  *offer;         /* its title, category, provider, postcode */
  const char         *status;
  const char         *verdict;
  const char         *flags_json;    /* the store's JSON array of flag ids */
  const char         *age_band;      /* or NULL */
  int                 woman;         /* 1, 0, or -1 when not answered */
  int                 qpv;           /* 1, 0, or -1 when not known */
  const char         *payload;
  const char         *cancel_reason; /* or NULL */
  GBytes             *details;       /* sealed, or NULL once erased */
} TrExportRowSource;

/* Rows gathered from elsewhere than a sealed export (the hub's
 * registrations): written as a kiosk writes its rows file and read back, so
 * that they open into the very table a sealed export of the same
 * registrations gives. @kiosk_id and @day stand in the rows' header for the
 * whole set (each row keeps its own kiosk and day). */
typedef struct _TrExportRowsBuilder TrExportRowsBuilder;

TrExportRowsBuilder *tr_export_rows_builder_new  (const char              *kiosk_id,
                                                  const char              *day,
                                                  const char * const      *question_ids,
                                                  const char * const      *flag_ids);
void                 tr_export_rows_builder_add  (TrExportRowsBuilder     *builder,
                                                  const TrExportRowSource *row);
/* The rows added, in order (their details still sealed); frees @builder.
 * @name is how errors call them. */
TrExportRows        *tr_export_rows_builder_end  (TrExportRowsBuilder     *builder,
                                                  const char              *name,
                                                  GError                 **error);
void                 tr_export_rows_builder_free (TrExportRowsBuilder     *builder);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrExportRowsBuilder, tr_export_rows_builder_free)

/* Reads the rows file @text (its details still sealed); @name is how
 * errors call it. */
TrExportRows *tr_export_rows_parse    (const char  *text,
                                       gsize        length,
                                       const char  *name,
                                       GError     **error);
/* The rows file of a sealed export, opened with @key: checks that it is the
 * one file inside and that it agrees with the manifest (kiosk, day, number
 * of registrations). Errors name the file as @file was read. */
TrExportRows *tr_export_rows_from_sealed (const TrSealedFile  *file,
                                          const char          *name,
                                          const TrOfficeKey   *key,
                                          GError             **error);
void          tr_export_rows_free     (TrExportRows *rows);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrExportRows, tr_export_rows_free)

const char   *tr_export_rows_get_kiosk_id (TrExportRows *rows);
const char   *tr_export_rows_get_day      (TrExportRows *rows);
guint         tr_export_rows_get_n_rows   (TrExportRows *rows);
void          tr_export_rows_get_entry    (TrExportRows  *rows,
                                           guint          index,
                                           TrExportEntry *entry);

/* Opens every row's details with @key, on all the processors there are.
 * An error names the row (its code) whose details do not open: altered, or
 * sealed to another office key. */
gboolean      tr_export_rows_open      (TrExportRows       *rows,
                                        const TrOfficeKey  *key,
                                        GError            **error);
/* The same with @func opening each row's details; it is called from several
 * threads at once. The fuzzer reaches the details' reader through it with
 * details in clear, which it could not seal, and the benchmark measures
 * what reading the same rows in clear costs. */
typedef GBytes *(*TrExportDetailsFunc) (gconstpointer   details,
                                        gsize           length,
                                        gpointer        user_data,
                                        GError        **error);
gboolean      tr_export_rows_open_with (TrExportRows         *rows,
                                        TrExportDetailsFunc   func,
                                        gpointer              user_data,
                                        GError              **error);

/* After opening: the day's file in @format, as the clear export wrote it.
 * The bytes hold personal details and are wiped when freed. */
GBytes       *tr_export_rows_to_table  (TrExportRows   *rows,
                                        TrExportFormat  format);
/* What tr_export_rows_to_table_with adds to the table: @skip (NULL, or one
 * per row) leaves rows out; @columns (NULL-terminated, may be NULL) are
 * columns after the last one, @cells their values, row after row
 * (n_rows × n_columns, NULL for an empty cell). */
typedef struct {
  const gboolean     *skip;
  const char * const *columns;
  const char * const *cells;
} TrExportTableExtra;

/* The table as tr_export_rows_to_table writes it, with @extra's changes:
 * every other cell, the header and the quoting stay the same. */
GBytes       *tr_export_rows_to_table_with (TrExportRows             *rows,
                                             TrExportFormat            format,
                                             const TrExportTableExtra *extra);
/* After opening: the value of a person's detail ("email", "phone", …) in
 * registration @index, as the kiosk stored it (the phone as +33…), or NULL. */
const char   *tr_export_rows_get_person_value (TrExportRows *rows,
                                               guint         index,
                                               const char   *key);

/* How the office looks a person up. */
typedef enum {
  TR_EXPORT_FIND_CODE,
  TR_EXPORT_FIND_EMAIL,
  TR_EXPORT_FIND_PHONE,
} TrExportFindBy;

/* What a person gave, in the form the rows hold it (the receipt code
 * canonical, the e-mail trimmed and in lower case, the phone as +33…);
 * NULL with @error saying what is wrong with it. */
char         *tr_export_find_normalise (TrExportFindBy   by,
                                        const char      *value,
                                        GError         **error);
/* TRUE when registration @index is that person's; @value as
 * tr_export_find_normalise gave it. E-mail and phone need the rows opened. */
gboolean      tr_export_rows_matches   (TrExportRows   *rows,
                                        guint           index,
                                        TrExportFindBy  by,
                                        const char     *value);

/* Removes the details of the registration with @code (canonical) and adds
 * a tombstone: @code, @now and @reason. FALSE with TR_ERROR_NOT_FOUND when
 * the rows hold no such registration. Every other line stays as it was. */
gboolean      tr_export_rows_erase     (TrExportRows  *rows,
                                        const char    *code,
                                        const char    *reason,
                                        GDateTime     *now,
                                        GError       **error);
/* The rows file again, with what was erased. */
GBytes       *tr_export_rows_to_text   (TrExportRows *rows);
/* Writes the rows back as the sealed export @path (atomically), sealed to
 * @office_key with the manifest they came with. */
gboolean      tr_export_rows_write_sealed (TrExportRows  *rows,
                                           const char    *path,
                                           const guint8  *office_key,
                                           GError       **error);

/* "tremplin-<kiosk id>-<day>.<extension>": the sealed export is ".sealed",
 * the file inside ".rows.jsonl", what the office opens it into ".csv" and
 * ".jsonl". */
char         *tr_export_file_name      (const char *kiosk_id,
                                        const char *day,
                                        const char *extension);

G_END_DECLS
