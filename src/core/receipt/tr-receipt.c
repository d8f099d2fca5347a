/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-receipt.c — the signed QR text of a registration. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "tr-base45.h"
#include "tr-clock.h"
#include "tr-code.h"
#include "tr-error.h"
#include "tr-receipt.h"

#define MACHINE_PREFIX "TR1:"
/* Ends the kiosk id in line 2. Kiosk ids never hold it, so a line 2 cut
 * short or lengthened reads as damaged, not as another kiosk's receipt. */
#define KIOSK_END "|"
#define MACHINE_TAIL (1 + crypto_sign_BYTES)
#define FACTS_VERSION "1"
#define STATUS_REGISTERED "registered"
#define STATUS_WAITING_LIST "waiting_list"

/* Line 1 is not translated on purpose: the verifier rebuilds it and compares
 * byte for byte, so every kiosk, whatever its language, must write the same
 * words. These are French, the language of the programme and its advisors. */
#define LINE_PROGRAMME "Paris Code - "
#define LINE_REGISTERED "inscription "
#define LINE_WAITING_LIST "liste d'attente "
#define LINE_OFFER " - formation "
#define LINE_DATE " - "

/* The messages below spell the limit out for translators. */
G_STATIC_ASSERT (TR_RECEIPT_MAX_ID_LENGTH == 32);

#define CODE_TEXT_LENGTH 9
#define DATE_TEXT_LENGTH 10

void
tr_receipt_facts_free (TrReceiptFacts *facts)
{
  if (facts == NULL)
    return;
  g_free (facts->kiosk_id);
  g_free (facts->code);
  g_free (facts->offer_id);
  g_free (facts->date);
  g_free (facts->status);
  g_free (facts);
}

TrReceiptFacts *
tr_receipt_facts_copy (const TrReceiptFacts *facts)
{
  TrReceiptFacts *copy;

  g_return_val_if_fail (facts != NULL, NULL);

  copy = g_new0 (TrReceiptFacts, 1);
  copy->kiosk_id = g_strdup (facts->kiosk_id);
  copy->code = g_strdup (facts->code);
  copy->offer_id = g_strdup (facts->offer_id);
  copy->date = g_strdup (facts->date);
  copy->status = g_strdup (facts->status);
  return copy;
}

static gboolean
id_is_valid (const char *id)
{
  gsize length;

  if (id == NULL)
    return FALSE;
  length = strlen (id);
  if (length == 0 || length > TR_RECEIPT_MAX_ID_LENGTH)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (*p <= ' ' || *p > '~' || *p == '|')
      return FALSE;
  return TRUE;
}

static gboolean
status_is_valid (const char *status)
{
  return g_strcmp0 (status, STATUS_REGISTERED) == 0 ||
         g_strcmp0 (status, STATUS_WAITING_LIST) == 0;
}

/* Says which fact cannot go on a receipt, or NULL when all can. */
static const char *
first_invalid_fact (const TrReceiptFacts *facts)
{
  if (!id_is_valid (facts->kiosk_id))
    return _("The receipt cannot be made: the kiosk id must be 1 to 32 printable "
             "characters without spaces or “|”.");
  if (!tr_code_is_valid (facts->code))
    return _("The receipt cannot be made: its code is not a valid receipt code.");
  if (!id_is_valid (facts->offer_id))
    return _("The receipt cannot be made: the offer id must be 1 to 32 printable "
             "characters without spaces or “|”.");
  if (!tr_clock_is_date (facts->date))
    return _("The receipt cannot be made: its date is not a real YYYY-MM-DD date.");
  if (!status_is_valid (facts->status))
    return _("The receipt cannot be made: its status must be registered or waiting_list.");
  return NULL;
}

static char *
build_readable_line (const TrReceiptFacts *facts)
{
  gboolean waiting = g_str_equal (facts->status, STATUS_WAITING_LIST);

  return g_strconcat (LINE_PROGRAMME, waiting ? LINE_WAITING_LIST : LINE_REGISTERED,
                      facts->code, LINE_OFFER, facts->offer_id, LINE_DATE, facts->date, NULL);
}

static char *
build_signed_facts (const TrReceiptFacts *facts)
{
  return g_strjoin ("|", FACTS_VERSION, facts->kiosk_id, facts->code, facts->offer_id,
                    facts->date, facts->status, NULL);
}

char *
tr_receipt_readable_line (const TrReceiptFacts *facts)
{
  g_return_val_if_fail (facts != NULL, NULL);

  if (first_invalid_fact (facts) != NULL)
    return NULL;
  return build_readable_line (facts);
}

char *
tr_receipt_sign (const TrReceiptFacts *facts, const TrKeyPair *keys, GError **error)
{
  guint8 signature[crypto_sign_BYTES];
  g_autofree char *signed_facts = NULL;
  g_autofree char *line = NULL;
  g_autofree char *machine = NULL;
  g_autoptr(GByteArray) machine_bytes = NULL;
  const char *bad;

  g_return_val_if_fail (facts != NULL, NULL);
  g_return_val_if_fail (keys != NULL, NULL);

  bad = first_invalid_fact (facts);
  if (bad != NULL)
    {
      g_set_error_literal (error, TR_ERROR, TR_ERROR_INVALID, bad);
      return NULL;
    }
  if (!tr_crypto_init (error))
    return NULL;

  signed_facts = build_signed_facts (facts);
  crypto_sign_detached (signature, NULL, (const guint8 *) signed_facts, strlen (signed_facts),
                        keys->secret_key);

  machine_bytes = g_byte_array_new ();
  g_byte_array_append (machine_bytes, (const guint8 *) facts->kiosk_id, strlen (facts->kiosk_id));
  g_byte_array_append (machine_bytes, (const guint8 *) KIOSK_END, 1);
  g_byte_array_append (machine_bytes, signature, sizeof signature);
  machine = tr_base45_encode (machine_bytes->data, machine_bytes->len);

  line = build_readable_line (facts);
  return g_strconcat (line, "\n", MACHINE_PREFIX, machine, NULL);
}

/* Reads line 1 back into @facts; FALSE if it is not exactly in our form. */
static gboolean
parse_readable_line (const char *line, gsize length, TrReceiptFacts *facts)
{
  g_autofree char *text = g_strndup (line, length);
  const char *p = text;
  const char *offer_end;

  if (!g_str_has_prefix (p, LINE_PROGRAMME))
    return FALSE;
  p += strlen (LINE_PROGRAMME);
  if (g_str_has_prefix (p, LINE_REGISTERED))
    {
      facts->status = g_strdup (STATUS_REGISTERED);
      p += strlen (LINE_REGISTERED);
    }
  else if (g_str_has_prefix (p, LINE_WAITING_LIST))
    {
      facts->status = g_strdup (STATUS_WAITING_LIST);
      p += strlen (LINE_WAITING_LIST);
    }
  else
    return FALSE;

  if (strlen (p) < CODE_TEXT_LENGTH)
    return FALSE;
  facts->code = g_strndup (p, CODE_TEXT_LENGTH);
  p += CODE_TEXT_LENGTH;
  if (!g_str_has_prefix (p, LINE_OFFER))
    return FALSE;
  p += strlen (LINE_OFFER);

  /* Offer ids hold no space, so the first space ends it. */
  offer_end = strchr (p, ' ');
  if (offer_end == NULL)
    return FALSE;
  facts->offer_id = g_strndup (p, (gsize) (offer_end - p));
  p = offer_end;
  if (!g_str_has_prefix (p, LINE_DATE))
    return FALSE;
  p += strlen (LINE_DATE);
  if (strlen (p) != DATE_TEXT_LENGTH)
    return FALSE;
  facts->date = g_strdup (p);

  return tr_code_is_valid (facts->code) && id_is_valid (facts->offer_id) &&
         tr_clock_is_date (facts->date);
}

static gboolean
split_payload (const char *payload, const char **line2, gsize *line1_length, GError **error)
{
  const char *newline = payload != NULL ? strchr (payload, '\n') : NULL;

  if (newline == NULL || strchr (newline + 1, '\n') != NULL)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_FORGED,
                   _("This is not a Tremplin receipt: a receipt has exactly two lines, the "
                     "readable one and the one that starts with “%s”."), MACHINE_PREFIX);
      return FALSE;
    }
  *line1_length = (gsize) (newline - payload);
  *line2 = newline + 1;
  if (!g_str_has_prefix (*line2, MACHINE_PREFIX))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_FORGED,
                   _("This is not a Tremplin receipt: its second line does not start with "
                     "“%s”."), MACHINE_PREFIX);
      return FALSE;
    }
  *line2 += strlen (MACHINE_PREFIX);
  return TRUE;
}

static gboolean
check_signature (const TrReceiptFacts *facts, const guint8 *signature,
                 GHashTable *trusted, GError **error)
{
  GBytes *key = trusted != NULL ? g_hash_table_lookup (trusted, facts->kiosk_id) : NULL;
  g_autofree char *signed_facts = NULL;

  if (key == NULL)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_UNKNOWN_KIOSK,
                   _("This receipt comes from kiosk %s, which this computer does not trust; "
                     "add its key with tremplin-admin trust."), facts->kiosk_id);
      return FALSE;
    }
  if (g_bytes_get_size (key) != crypto_sign_PUBLICKEYBYTES)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("The key kept for kiosk %s is not a public key; add it again with "
                     "tremplin-admin trust."), facts->kiosk_id);
      return FALSE;
    }

  signed_facts = build_signed_facts (facts);
  if (crypto_sign_verify_detached (signature, (const guint8 *) signed_facts,
                                   strlen (signed_facts), g_bytes_get_data (key, NULL)) != 0)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_FORGED,
                   _("This receipt is not genuine: its signature does not match what it says "
                     "(it was changed, or not made by kiosk %s)."), facts->kiosk_id);
      return FALSE;
    }
  return TRUE;
}

TrReceiptFacts *
tr_receipt_verify (const char *payload, GHashTable *trusted, GError **error)
{
  g_autoptr(TrReceiptFacts) facts = g_new0 (TrReceiptFacts, 1);
  g_autoptr(GBytes) machine = NULL;
  g_autofree char *rebuilt = NULL;
  const guint8 *machine_data;
  const char *line2 = NULL;
  gsize line1_length = 0;
  gsize machine_size;

  if (!tr_crypto_init (error))
    return NULL;
  if (payload != NULL && !g_utf8_validate (payload, -1, NULL))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_FORGED,
                   _("This receipt is damaged or was changed: it is not UTF-8 text."));
      return NULL;
    }
  if (!split_payload (payload, &line2, &line1_length, error))
    return NULL;

  machine = tr_base45_decode (line2, NULL);
  machine_size = machine != NULL ? g_bytes_get_size (machine) : 0;
  machine_data = machine != NULL ? g_bytes_get_data (machine, NULL) : NULL;
  if (machine_size <= MACHINE_TAIL || machine_data[machine_size - MACHINE_TAIL] != KIOSK_END[0])
    {
      g_set_error (error, TR_ERROR, TR_ERROR_FORGED,
                   _("This receipt is damaged or was changed: its second line cannot be read."));
      return NULL;
    }
  facts->kiosk_id = g_strndup ((const char *) machine_data, machine_size - MACHINE_TAIL);
  if (strlen (facts->kiosk_id) != machine_size - MACHINE_TAIL || !id_is_valid (facts->kiosk_id))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_FORGED,
                   _("This receipt is damaged or was changed: it names no valid kiosk."));
      return NULL;
    }

  if (!parse_readable_line (payload, line1_length, facts))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_FORGED,
                   _("This receipt was changed: its first line is not in the form a kiosk "
                     "writes, or its code or date is not valid."));
      return NULL;
    }

  if (!check_signature (facts, machine_data + machine_size - crypto_sign_BYTES, trusted, error))
    return NULL;

  rebuilt = build_readable_line (facts);
  if (strlen (rebuilt) != line1_length || memcmp (rebuilt, payload, line1_length) != 0)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_FORGED,
                   _("This receipt was changed: its first line does not say what was signed."));
      return NULL;
    }
  return g_steal_pointer (&facts);
}

/* Kiosk ids go into file names and receipts: plain ASCII, never a name
 * that leaves the folder it is put in, and no longer than a receipt holds. */
static gboolean
kiosk_id_is_valid (const char *kiosk_id)
{
  gsize length = kiosk_id != NULL ? strlen (kiosk_id) : 0;
  gboolean ok = length > 0 && length <= TR_RECEIPT_MAX_ID_LENGTH &&
                kiosk_id[0] != '.' && kiosk_id[0] != '-';

  for (gsize i = 0; ok && i < length; i++)
    ok = g_ascii_isalnum (kiosk_id[i]) || strchr ("-_.", kiosk_id[i]) != NULL;
  return ok;
}

gboolean
tr_kiosk_id_check (const char  *kiosk_id,
                   GError     **error)
{
  g_autofree char *shown = NULL;

  if (kiosk_id_is_valid (kiosk_id))
    return TRUE;
  shown = g_strescape (kiosk_id != NULL ? kiosk_id : "", NULL);
  g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
               _("The kiosk id “%s” is not usable: use 1 to 32 letters, digits, '-', '_' or '.', "
                 "not starting with '-' or '.', like mairie-18-01"), shown);
  return FALSE;
}
