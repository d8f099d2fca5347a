/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-sealed-file.h — a day's export as it travels: files sealed to the office.
 *
 * The whole file is text. A clear manifest comes first, so that staff and
 * anyone holding the USB key can see what it carries (kiosk, day, how many
 * registrations, which files, which office key, a hash); after a blank
 * line, the files themselves, sealed to the office key, in base64. Only
 * `tremplin-office open`, with the office key's passphrase, gets them back,
 * byte for byte. The sealed part repeats the manifest, so a manifest
 * altered afterwards is noticed.
 */
#pragma once

#include <glib.h>

#include "tr-office-key.h"

G_BEGIN_DECLS

#define TR_SEALED_FILE_HEADER "tremplin-sealed-export-v1"
/* A sealed export larger than this is refused unread (about 3 million
 * registrations: more than a programme's seasons together). */
#define TR_SEALED_FILE_MAX_SIZE ((gsize) 1 << 30)

/* One file inside: a plain file name (no folder) and its bytes. */
typedef struct {
  char   *name;
  GBytes *contents;
} TrSealedMember;

TrSealedMember *tr_sealed_member_new  (const char *name, GBytes *contents);
void            tr_sealed_member_free (TrSealedMember *member);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrSealedMember, tr_sealed_member_free)

/* A sealed file as read, before or without opening. */
typedef struct {
  char    *kiosk_id;
  char    *day;
  guint    n_registrations;
  char   **names;                            /* the files inside, in order */
  guint8   office_key[TR_OFFICE_KEY_BYTES];  /* the key it is sealed to */
  GBytes  *sealed;
} TrSealedFile;

void tr_sealed_file_free (TrSealedFile *file);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrSealedFile, tr_sealed_file_free)

/* Writes @members (TrSealedMember) sealed to @office_key, with the manifest
 * of @kiosk_id, @day and @n_registrations, to @path: through a temporary
 * file, synced and renamed, so never a half file. */
gboolean      tr_sealed_file_write (const char    *path,
                                    const char    *kiosk_id,
                                    const char    *day,
                                    guint          n_registrations,
                                    const guint8  *office_key,
                                    GPtrArray     *members,
                                    GError       **error);

/* Reads and checks the manifest and the hash of the sealed part (no key
 * needed): an error says if the file is not a sealed export, or was cut
 * short or altered. @name is how errors call the file. */
TrSealedFile *tr_sealed_file_parse (const char  *text,
                                    gsize        length,
                                    const char  *name,
                                    GError     **error);
TrSealedFile *tr_sealed_file_read  (const char  *path,
                                    GError     **error);

/* Opens the sealed part with @key: the files inside (TrSealedMember, their
 * contents wiped when freed), in the manifest's order. An error says if
 * the file is sealed to another office key, or was altered. */
GPtrArray    *tr_sealed_file_open  (const TrSealedFile  *file,
                                    const TrOfficeKey   *key,
                                    GError             **error);

G_END_DECLS
