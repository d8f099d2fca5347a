/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cmd-trust-list.h — signing the web verifier's trust list, shared by
 * "trust-list" (from a registry file) and "hub trust-list" (from the hub's
 * kiosks). */
#pragma once

#include <glib.h>
#include <glib/gi18n-lib.h>

#include "tr-hub.h"

G_BEGIN_DECLS

/* The options both commands take: the office key, its passphrase, and the
 * verifier's config.json. */
#define TR_TRUST_LIST_OPTIONS(key_path, key_help, passphrase_file, config_path) \
  { "key", 0, 0, G_OPTION_ARG_FILENAME, &(key_path), (key_help), N_("FILE") }, \
  { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &(passphrase_file), \
    N_("Read the passphrase from the first line of FILE instead of asking for it"), N_("FILE") }, \
  { "verifier-config", 0, 0, G_OPTION_ARG_FILENAME, &(config_path), \
    N_("Also write the web verifier's config.json, which pins the office key, to FILE"), N_("FILE") }

int tr_office_write_trust_list (GPtrArray  *kiosks,
                                const char *key_path,
                                const char *passphrase_file,
                                const char *output,
                                const char *config_path,
                                TrHub      *hub);

G_END_DECLS
