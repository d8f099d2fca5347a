/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-file.h — files replaced whole, so that a crash or a power cut leaves
 * the old file or the new one, never half of one.
 *
 * Internal to the core: the QR pictures, the exports and the key file.
 */
#pragma once

#include <stdio.h>
#include <glib.h>

G_BEGIN_DECLS

/* The steps of tr_file_write_atomically, as a failure names them. */
typedef enum {
  TR_FILE_CREATE,  /* making the temporary file beside the target */
  TR_FILE_WRITE,   /* flushing and syncing what was written to the disk */
  TR_FILE_RENAME,  /* giving the temporary file the target's name */
  TR_FILE_SYNC,    /* syncing the folder, so that the new name lasts */
} TrFileStep;

/* Writes the content; FALSE with @error set stops the write. */
typedef gboolean (*TrFileWriteFunc) (FILE *file, gpointer user_data, GError **error);
/* Words in @error what failed at @step, with errno @saved_errno. At
 * TR_FILE_SYNC the file is complete and in place: leaving @error unset
 * accepts that its name may not survive a power cut yet. */
typedef void (*TrFileFailFunc) (TrFileStep step, int saved_errno, gpointer user_data, GError **error);

/* Writes @path through a temporary file beside it (same folder, so that
 * the rename is atomic; a dot name, so that a file browser does not show it
 * half written) with permissions @mode, synced, then renamed over @path.
 * On failure the temporary file is removed. */
gboolean tr_file_write_atomically (const char       *path,
                                   int               mode,
                                   TrFileWriteFunc   write,
                                   TrFileFailFunc    fail,
                                   gpointer          user_data,
                                   GError          **error);

/* Removes from @folder the temporary files that tr_file_write_atomically
 * left behind when it was killed, those whose names (the target's name
 * between "." and ".XXXXXX.tmp") match @target_pattern (a GPatternSpec
 * like "tremplin-*.csv"). A write still under way keeps its file: it holds
 * a lock on it, which the kernel drops when the writer dies. Returns how
 * many were removed. */
guint    tr_file_remove_stale   (const char *folder,
                                 const char *target_pattern);

/* Why a write failed with @saved_errno, in words that say what to do for
 * the usual causes: a folder that does not exist, a full disk (the
 * database's words for it too), a folder that cannot be written. */
const char *tr_file_write_failure_reason (int saved_errno);

/* Sets @error (TR_ERROR_STORAGE) to "Could not write @path: <why>", the
 * why from tr_file_write_failure_reason. Every file the core writes words
 * its failure so. */
void     tr_file_set_write_error        (GError     **error,
                                         const char  *path,
                                         int          saved_errno);
/* The same with @reason given, for a failure that has no errno. */
void     tr_file_set_write_error_reason (GError     **error,
                                         const char  *path,
                                         const char  *reason);

/* Syncs the folder of @path, which holds its name: a new or renamed file
 * then survives a power cut as well as its content. FALSE with errno set on
 * a failure; a file system that cannot sync a folder (FAT on a USB key) is
 * no failure. */
gboolean tr_file_sync_folder_of (const char *path);

G_END_DECLS
