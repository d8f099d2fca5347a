/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-staff.c — the staff password: its strength, its hash, and the lock-out
 * that slows down guessing at a public terminal. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "tr-error.h"
#include "tr-keys.h"
#include "tr-staff.h"
/* The settings table belongs to the store's file: the lock-out must be read
 * and updated in one of its transactions. */
#include "tr-store-private.h"

#define SETTING_HASH         "staff.password_hash"
#define SETTING_FAILED_TRIES "staff.failed_tries"
#define SETTING_LOCKED_UNTIL "staff.locked_until"

/* What people try first at a French public terminal. Compared without case:
 * each of them already has the three kinds the rules ask for. */
static const char * const common_passwords[] = {
  "Password1!", "Password12!", "Password123!", "Password1234!", "P@ssw0rd", "P@ssw0rd1",
  "P@ssword1", "Passw0rd!", "Azerty123!", "Azerty1234!", "Azerty12!", "Azerty1!",
  "Azertyuiop1!", "Qwerty123!", "Qwerty1234!", "Motdepasse1!", "Motdepasse123!",
  "M0tdepasse!", "Bonjour123!", "Bonjour1!", "Soleil123!", "Soleil1!", "Welcome1!",
  "Welcome123!", "Admin123!", "Admin1234!", "Administrateur1!", "Changeme1!",
  "Changeme123!", "Mairie123!", "Mairie2024!", "Mairie2025!", "Mairie2026!", "Paris123!",
  "Paris2024!", "Paris2025!", "Paris2026!", "Tremplin1!", "Tremplin123!", "Tremplin2026!",
  "Accueil123!", "Accueil1!", "Borne123!", "Kiosque123!", "Marseille13!", "Abcd1234!",
  "Abc12345!", "Aa123456!", "Aa12345678", "Azerty123", "Password1", "Password123",
  "Motdepasse1", "Bonjour123", "Soleil123", "Qwerty123", "Abcd1234", "Abc12345",
  "Aa123456", "Admin123", "Azerty12", "Password12",
};

enum { KIND_LOWER = 1 << 0, KIND_UPPER = 1 << 1, KIND_DIGIT = 1 << 2, KIND_OTHER = 1 << 3 };

static guint
character_kind (gunichar c)
{
  if (g_unichar_islower (c))
    return KIND_LOWER;
  if (g_unichar_isupper (c) || g_unichar_istitle (c))
    return KIND_UPPER;
  if (g_unichar_isdigit (c))
    return KIND_DIGIT;
  return KIND_OTHER;
}

static char *
describe_missing_kinds (guint kinds)
{
  static const struct { guint kind; const char *name; } names[] = {
    { KIND_LOWER, N_("lower-case letters") },
    { KIND_UPPER, N_("capital letters") },
    { KIND_DIGIT, N_("digits") },
    { KIND_OTHER, N_("other signs such as ! - ? or a space") },
  };
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if ((kinds & names[i].kind) == 0)
      g_ptr_array_add (missing, (gpointer) _(names[i].name));
  g_ptr_array_add (missing, NULL);
  return g_strjoinv (", ", (char **) missing->pdata);
}

static gboolean
is_common_password (const char *password)
{
  for (guint i = 0; i < G_N_ELEMENTS (common_passwords); i++)
    if (g_ascii_strcasecmp (password, common_passwords[i]) == 0)
      return TRUE;
  return FALSE;
}

gboolean
tr_staff_check_password_strength (const char  *password,
                                  GError     **error)
{
  g_autoptr(GPtrArray) needs = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;
  glong length;
  guint kinds = 0;
  guint n_kinds;
  gboolean one_repeated = TRUE;

  g_return_val_if_fail (password != NULL, FALSE);

  if (!g_utf8_validate (password, -1, NULL))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("The password is not valid UTF-8 text: type it again with the keyboard the kiosk uses."));
      return FALSE;
    }

  length = g_utf8_strlen (password, -1);
  for (const char *p = password; *p != '\0'; p = g_utf8_next_char (p))
    {
      kinds |= character_kind (g_utf8_get_char (p));
      if (g_utf8_get_char (p) != g_utf8_get_char (password))
        one_repeated = FALSE;
    }
  n_kinds = (guint) __builtin_popcount (kinds);

  if (length < TR_STAFF_MIN_LENGTH)
    g_ptr_array_add (needs, g_strdup_printf (_("at least %d characters (it has %ld)"),
                                             TR_STAFF_MIN_LENGTH, length));
  if (n_kinds < TR_STAFF_MIN_KINDS)
    {
      g_autofree char *missing = describe_missing_kinds (kinds);
      g_ptr_array_add (needs, g_strdup_printf (_("characters of at least %d kinds among lower-case letters, "
                                                 "capital letters, digits and other signs (it has no %s)"),
                                               TR_STAFF_MIN_KINDS, missing));
    }
  if (one_repeated && length > 1)
    g_ptr_array_add (needs, g_strdup (_("different characters, not one character repeated")));

  if (needs->len > 0)
    {
      g_ptr_array_add (needs, NULL);
      joined = g_strjoinv ("; ", (char **) needs->pdata);
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("This password is too weak for a public terminal: it needs %s. Choose another one."),
                   joined);
      return FALSE;
    }
  if (is_common_password (password))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("This password is one of the most common ones, which are tried first: choose another one."));
      return FALSE;
    }
  return TRUE;
}

gint64
tr_staff_delay_after (guint failed_tries)
{
  guint doublings;

  if (failed_tries < TR_STAFF_FREE_TRIES)
    return 0;
  doublings = failed_tries - TR_STAFF_FREE_TRIES;
  /* 30 s × 2⁷ is already past the hour. */
  if (doublings >= 7)
    return TR_STAFF_MAX_DELAY;
  return MIN ((gint64) TR_STAFF_FIRST_DELAY << doublings, TR_STAFF_MAX_DELAY);
}

typedef struct {
  guint  failed_tries;
  gint64 locked_until;  /* Unix time; 0 when not locked */
} LockOut;

static gboolean
read_lock_out (sqlite3 *db, LockOut *lock_out, GError **error)
{
  g_autofree char *failed = NULL;
  g_autofree char *until = NULL;
  guint64 number;

  lock_out->failed_tries = 0;
  lock_out->locked_until = 0;
  if (!tr_store_read_setting (db, SETTING_FAILED_TRIES, &failed, error) ||
      !tr_store_read_setting (db, SETTING_LOCKED_UNTIL, &until, error))
    return FALSE;
  /* A value damaged by hand counts as the longest lock-out rather than none. */
  if (failed != NULL)
    lock_out->failed_tries = g_ascii_string_to_unsigned (failed, 10, 0, G_MAXUINT, &number, NULL)
                             ? (guint) number : G_MAXUINT;
  if (until != NULL)
    {
      g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (until, NULL);
      lock_out->locked_until = time != NULL ? g_date_time_to_unix (time) : G_MAXINT64;
    }
  return TRUE;
}

static gboolean
write_lock_out (sqlite3 *db, const LockOut *lock_out, GError **error)
{
  g_autofree char *failed = NULL;
  g_autofree char *until = NULL;

  if (lock_out->failed_tries > 0)
    failed = g_strdup_printf ("%u", lock_out->failed_tries);
  if (lock_out->locked_until > 0)
    {
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (lock_out->locked_until);
      until = tr_store_utc_iso (time);
    }
  return tr_store_write_setting (db, SETTING_FAILED_TRIES, failed, error) &&
         tr_store_write_setting (db, SETTING_LOCKED_UNTIL, until, error);
}

gboolean
tr_staff_set_password (TrStore     *store,
                       const char  *password,
                       GDateTime   *now,
                       GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];
  const LockOut cleared = { 0, 0 };
  const char *doing = _("Could not save the staff password");

  g_return_val_if_fail (TR_IS_STORE (store), FALSE);
  g_return_val_if_fail (password != NULL, FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  if (!tr_staff_check_password_strength (password, error) || !tr_crypto_init (error))
    return FALSE;
  if (crypto_pwhash_str (hash, password, strlen (password),
                         crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_STORAGE,
                   _("Could not hash the staff password: the system is short of memory (it needs 64 MiB). "
                     "Close other programs and try again."));
      return FALSE;
    }

  if (!tr_store_check_file (store, error) ||
      !tr_sqlite_exec (store->db, "BEGIN IMMEDIATE", doing, error))
    return FALSE;
  if (!tr_store_write_setting (store->db, SETTING_HASH, hash, error) ||
      !write_lock_out (store->db, &cleared, error) ||
      !tr_store_add_event (store, now, "staff-password-set", "{}", error))
    {
      tr_sqlite_rollback (store->db);
      return FALSE;
    }
  return tr_sqlite_commit (store->db, doing, error);
}

gboolean
tr_staff_has_password (TrStore   *store,
                       gboolean  *has_password,
                       GError   **error)
{
  g_autofree char *hash = NULL;

  g_return_val_if_fail (TR_IS_STORE (store), FALSE);
  g_return_val_if_fail (has_password != NULL, FALSE);

  if (!tr_store_read_setting (store->db, SETTING_HASH, &hash, error))
    return FALSE;
  *has_password = hash != NULL;
  return TRUE;
}

static const char *
outcome_name (TrStaffUnlock outcome)
{
  switch (outcome)
    {
    case TR_STAFF_UNLOCK_OK:          return "ok";
    case TR_STAFF_UNLOCK_WRONG:       return "wrong";
    case TR_STAFF_UNLOCK_LOCKED_OUT:  return "locked-out";
    case TR_STAFF_UNLOCK_NO_PASSWORD: return "no-password";
    case TR_STAFF_UNLOCK_FAILED:
    default:                          g_assert_not_reached ();
    }
}

/* Decides one attempt and updates @lock_out. A hash too damaged to verify
 * counts as a wrong password: staff set a new one with the command line. */
static TrStaffUnlock
decide (const char *hash,
        const char *password,
        gint64      now,
        LockOut    *lock_out,
        gint64     *wait)
{
  *wait = 0;
  if (hash == NULL)
    return TR_STAFF_UNLOCK_NO_PASSWORD;

  if (lock_out->locked_until > now)
    {
      /* A clock set back must not stretch the delay beyond what was imposed. */
      *wait = MIN (lock_out->locked_until - now, tr_staff_delay_after (lock_out->failed_tries));
      if (*wait > 0)
        return TR_STAFF_UNLOCK_LOCKED_OUT;
    }

  if (crypto_pwhash_str_verify (hash, password, strlen (password)) == 0)
    {
      lock_out->failed_tries = 0;
      lock_out->locked_until = 0;
      return TR_STAFF_UNLOCK_OK;
    }

  if (lock_out->failed_tries < G_MAXUINT)
    lock_out->failed_tries++;
  *wait = tr_staff_delay_after (lock_out->failed_tries);
  lock_out->locked_until = *wait > 0 ? now + *wait : 0;
  return TR_STAFF_UNLOCK_WRONG;
}

static gboolean
record_attempt (TrStore        *store,
                GDateTime      *now,
                TrStaffUnlock   outcome,
                const LockOut  *lock_out,
                gint64          wait,
                GError        **error)
{
  g_autofree char *failed = g_strdup_printf ("%u", lock_out->failed_tries);
  g_autofree char *seconds = g_strdup_printf ("%" G_GINT64_FORMAT, wait);
  g_autofree char *detail = tr_store_event_detail ("outcome", outcome_name (outcome),
                                                   "failed_tries", failed,
                                                   "wait_seconds", seconds, NULL);

  return tr_store_add_event (store, now, "staff-unlock", detail, error);
}

/* The whole attempt is one write transaction, the hash check included, so
 * that two attempts at once cannot both slip in before the count goes up. */
TrStaffUnlock
tr_staff_try_unlock (TrStore     *store,
                     const char  *password,
                     GDateTime   *now,
                     gint64      *wait_seconds,
                     GError     **error)
{
  g_autofree char *hash = NULL;
  const char *doing = _("Could not record the staff unlock attempt");
  LockOut lock_out;
  TrStaffUnlock outcome;
  gint64 wait = 0;

  g_return_val_if_fail (TR_IS_STORE (store), TR_STAFF_UNLOCK_FAILED);
  g_return_val_if_fail (password != NULL, TR_STAFF_UNLOCK_FAILED);
  g_return_val_if_fail (now != NULL, TR_STAFF_UNLOCK_FAILED);

  if (wait_seconds != NULL)
    *wait_seconds = 0;
  if (!tr_crypto_init (error) || !tr_store_check_file (store, error) ||
      !tr_sqlite_exec (store->db, "BEGIN IMMEDIATE", doing, error))
    return TR_STAFF_UNLOCK_FAILED;

  if (!tr_store_read_setting (store->db, SETTING_HASH, &hash, error) ||
      !read_lock_out (store->db, &lock_out, error))
    goto failed;

  outcome = decide (hash, password, g_date_time_to_unix (now), &lock_out, &wait);
  if (hash != NULL)
    sodium_memzero (hash, strlen (hash));

  if ((outcome == TR_STAFF_UNLOCK_OK || outcome == TR_STAFF_UNLOCK_WRONG) &&
      !write_lock_out (store->db, &lock_out, error))
    goto failed;
  if (!record_attempt (store, now, outcome, &lock_out, wait, error))
    goto failed;
  if (!tr_sqlite_commit (store->db, doing, error))
    return TR_STAFF_UNLOCK_FAILED;

  if (wait_seconds != NULL)
    *wait_seconds = wait;
  return outcome;

failed:
  tr_sqlite_rollback (store->db);
  return TR_STAFF_UNLOCK_FAILED;
}
