/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-store-versions.c — a database at a past schema version, for the
 * migration tests. Kept out of tr-store-schema.c so that the calls go one
 * way: tr-store.c uses the schema's migrations, the schema uses nothing of
 * tr-store.c, and this file uses both. */
#include "config.h"

#include "tr-store-private.h"

gboolean
tr_store_create_at_version (const char  *path,
                            guint        version,
                            GError     **error)
{
  sqlite3 *db;
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (version <= TR_STORE_SCHEMA_VERSION, FALSE);

  db = tr_store_open_connection (path, TRUE, NULL, error);
  if (db == NULL)
    return FALSE;
  ok = tr_store_migrate (db, version, NULL, error);
  sqlite3_close (db);
  return ok;
}
