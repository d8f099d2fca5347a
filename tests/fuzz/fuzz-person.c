/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The checks of what a person types in each field. The first byte picks the
 * field, the rest is what was typed; whatever a check accepts must be
 * accepted again as it came out (normalising twice changes nothing). */
#include "fuzz-common.h"
#include "tr-person.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *input = NULL;
  g_autofree char *value = NULL;
  g_autofree char *again = NULL;
  g_autoptr(GError) error = NULL;
  TrField field;
  GDate today;

  if (size == 0)
    return 0;
  field = data[0] % TR_N_FIELDS;
  input = fuzz_string (data + 1, size - 1);
  fuzz_today (&today);
  value = tr_person_check_field (field, input, &today, &error);
  if (value == NULL)
    return 0;
  again = tr_person_check_field (field, value, &today, &error);
  if (g_strcmp0 (again, value) != 0)
    {
      g_printerr ("%s: “%s” became “%s”, then “%s”\n", tr_field_to_key (field), input, value,
                  again != NULL ? again : error->message);
      abort ();
    }
  if (field == TR_FIELD_PHONE)
    g_free (tr_phone_to_national (value));
  return 0;
}
