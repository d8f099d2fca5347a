/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-export-targets.h — where staff can export a day: each removable drive
 * plugged in (as GIO's volume monitor lists them), then the configured
 * export folder.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  char     *name;       /* what staff read: the drive's name, or the folder */
  char     *directory;  /* where the files go */
  gboolean  removable;
} TrExportTarget;

void       tr_export_target_free  (TrExportTarget *target);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrExportTarget, tr_export_target_free)

/* The folder made on a drive for the exports. */
#define TR_EXPORT_DRIVE_FOLDER "Tremplin"

/* Drives first, in the monitor's order, then @export_directory (when not
 * NULL or empty). An array of TrExportTarget. */
GPtrArray *tr_export_targets_list (GVolumeMonitor *monitor,
                                   const char     *export_directory);

G_END_DECLS
