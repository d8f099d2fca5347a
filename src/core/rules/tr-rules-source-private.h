/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-rules-source-private.h — where each group and key of a rules file is, so that
 * every message can name its line.
 *
 * GKeyFile neither gives line numbers nor notices a group or key written
 * twice (it merges them), so the text is read once here the way GKeyFile
 * reads it, to remember where each group and key is.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  const char *name;          /* the file, as messages name it */
  GHashTable *group_lines;   /* group → line */
  GHashTable *key_lines;     /* "group\nkey" → line */
} TrRulesSource;

/* Reads where each group and key is; a line GKeyFile would misread, or a
 * group or key written twice, is a TR_ERROR_PARSE naming the line. */
gboolean tr_rules_source_scan   (TrRulesSource *source, const char *text, GError **error);
void     tr_rules_source_clear  (TrRulesSource *source);

/* Set a TR_ERROR_PARSE "file:line: [group] message" (with "key=: " after
 * the group for a key) and return FALSE. */
gboolean tr_rules_fail_at_group (const TrRulesSource *source, const char *group,
                                 GError **error, const char *format, ...) G_GNUC_PRINTF (4, 5);
gboolean tr_rules_fail_at_key   (const TrRulesSource *source, const char *group, const char *key,
                                 GError **error, const char *format, ...) G_GNUC_PRINTF (5, 6);

G_END_DECLS
