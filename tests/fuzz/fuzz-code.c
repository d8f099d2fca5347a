/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The receipt code as a person types it. What the parser accepts must be a
 * valid canonical code that it accepts again unchanged. */
#include "fuzz-common.h"
#include "tr-code.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *input = fuzz_string (data, size);
  g_autofree char *code = tr_code_normalise (input, NULL);
  g_autofree char *again = NULL;

  (void) tr_code_is_valid (input);
  (void) tr_code_check_character (input);
  if (code == NULL)
    return 0;
  again = tr_code_normalise (code, NULL);
  if (!tr_code_is_valid (code) || g_strcmp0 (again, code) != 0)
    {
      g_printerr ("“%s” normalised to “%s”, which is not a canonical code\n", input, code);
      abort ();
    }
  return 0;
}
