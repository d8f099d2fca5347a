/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk.conf as the kiosk and tremplin-admin read it. */
#include "fuzz-common.h"
#include "tr-config.h"

static char *config_path;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  config_path = fuzz_path ("kiosk.conf");
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(TrConfig) config = NULL;

  fuzz_write (config_path, data, size);
  config = tr_config_load (config_path, NULL);
  if (config == NULL)
    return 0;
  (void) tr_config_get_staff_language (config);
  g_free (tr_config_dup_key_file (config));
  return 0;
}
