/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-export-targets.c — where staff can export a day: each plugged-in drive, then the export folder. */
#include "config.h"

#include "tr-export.h"
#include "tr-export-targets.h"

void
tr_export_target_free (TrExportTarget *target)
{
  if (target == NULL)
    return;
  g_free (target->name);
  g_free (target->directory);
  g_free (target);
}

static TrExportTarget *
target_new (const char *name, const char *directory, gboolean removable)
{
  TrExportTarget *target = g_new0 (TrExportTarget, 1);

  target->name = g_strdup (name);
  target->directory = g_strdup (directory);
  target->removable = removable;
  return target;
}

/* The monitor already leaves out system mounts; an internal disk that a
 * desktop would show is left out here too. */
static gboolean
is_removable (GMount *mount)
{
  g_autoptr(GDrive) drive = g_mount_get_drive (mount);

  if (g_mount_is_shadowed (mount))
    return FALSE;
  return drive == NULL || g_drive_is_removable (drive) || g_drive_is_media_removable (drive);
}

GPtrArray *
tr_export_targets_list (GVolumeMonitor *monitor,
                        const char     *export_directory)
{
  GPtrArray *targets = g_ptr_array_new_with_free_func ((GDestroyNotify) tr_export_target_free);
  GList *mounts = monitor != NULL ? g_volume_monitor_get_mounts (monitor) : NULL;

  for (GList *l = mounts; l != NULL; l = l->next)
    {
      GMount *mount = l->data;
      g_autoptr(GFile) root = g_mount_get_root (mount);
      g_autofree char *path = g_file_get_path (root);
      g_autofree char *name = g_mount_get_name (mount);

      /* Only drives with a local path: the export writes files itself. */
      if (path == NULL || !is_removable (mount))
        continue;
      {
        g_autofree char *directory = g_build_filename (path, TR_EXPORT_DRIVE_FOLDER, NULL);
        /* A drive pulled out of a kiosk killed mid-export still carries the
         * hidden copies of a day's details: gone as soon as it is seen. */
        tr_export_remove_stale (directory);
        g_ptr_array_add (targets, target_new (name, directory, TRUE));
      }
    }
  g_list_free_full (mounts, g_object_unref);

  if (export_directory != NULL && export_directory[0] != '\0')
    g_ptr_array_add (targets, target_new (export_directory, export_directory, FALSE));
  return targets;
}
