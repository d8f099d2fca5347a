/* SPDX-License-Identifier: GPL-3.0-or-later */
/* office-fixture.h — the programme office's key for a test process: made
 * once, unlocked, and used to open what the store sealed. */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "tr-seal.h"
#include "tr-store.h"

/* The programme office's key pair for this test process, made once (with
 * the light Argon2id cost: a test need not resist guessing) in a folder of
 * its own, removed when the process ends. */
typedef struct {
  char        *dir;
  char        *path;
  guint8       public_key[TR_OFFICE_KEY_BYTES];
  char        *text;       /* "office:…", as kiosk.conf's OfficeKey= */
  TrOfficeKey *key;        /* unlocked: opens what the stores sealed */
} TestOffice;

#define TEST_OFFICE_PASSPHRASE "les quatre saisons du code"

static TestOffice test_office_made;

static inline void
test_office_remove (void)
{
  if (test_office_made.path != NULL)
    g_unlink (test_office_made.path);
  if (test_office_made.dir != NULL)
    g_rmdir (test_office_made.dir);
}

static inline const TestOffice *
test_office (void)
{
  g_autoptr(GError) error = NULL;

  if (test_office_made.key != NULL)
    return &test_office_made;
  test_office_made.dir = g_dir_make_tmp ("tremplin-office-XXXXXX", &error);
  g_assert_no_error (error);
  test_office_made.path = g_build_filename (test_office_made.dir, "office.key", NULL);
  g_assert_true (tr_office_key_create (test_office_made.path, TEST_OFFICE_PASSPHRASE,
                                       TR_OFFICE_KEY_COST_INTERACTIVE, test_office_made.public_key, &error));
  g_assert_no_error (error);
  test_office_made.key = tr_office_key_unlock (test_office_made.path, TEST_OFFICE_PASSPHRASE, &error);
  g_assert_no_error (error);
  test_office_made.text = tr_office_key_to_text (test_office_made.public_key);
  atexit (test_office_remove);
  return &test_office_made;
}

/* @registration's sealed details opened with the test's office key, as
 * text ({"person": {…}, "answers": {…}}). */
static inline char *
open_details (const TrRegistration *registration)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) clear = tr_registration_open_details (registration, test_office ()->key, &error);

  g_assert_no_error (error);
  return g_strndup (g_bytes_get_data (clear, NULL), g_bytes_get_size (clear));
}


/* Gives @store the test's office key, saved in its database as
 * `tremplin-admin office-key` does (so the store opened again has it), and
 * lets it open the sealed details as the office would. */
static inline void
store_use_test_office (TrStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-11-20T08:00:00Z", NULL);

  g_assert_true (tr_store_save_office_key (store, test_office ()->public_key, now, &error));
  g_assert_no_error (error);
  tr_store_set_details_key (store, test_office ()->key);
}

/* Whether @needle's bytes are anywhere in @data: what a thief reading the
 * file would find. */
static inline gboolean
bytes_contain (const void *data, gsize length, const char *needle)
{
  gsize n = strlen (needle);
  const guint8 *bytes = data;

  for (gsize i = 0; n > 0 && i + n <= length; i++)
    if (bytes[i] == (guint8) needle[0] && memcmp (bytes + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}
