/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fault-vfs.h — an SQLite VFS that fails on purpose: it hands every call to
 * the default VFS, counts the reads, writes and syncs, and answers the Nth
 * of one kind (or, persisting, the Nth and all after it) with the I/O error
 * a failing disk gives. SQLite's own I/O-error tests work this way. */
#pragma once

#include <glib.h>
#include <sqlite3.h>
#include <string.h>

#define FAULT_VFS_NAME "tremplin-fault"

typedef enum { FAULT_READ, FAULT_WRITE, FAULT_SYNC, N_FAULT_KINDS } FaultKind;

static const char * const fault_kind_names[] = { "read", "write", "sync" };

static struct {
  gboolean  armed;
  FaultKind kind;
  guint     fail_at;   /* 0: never */
  gboolean  persist;
  guint     count[N_FAULT_KINDS];
  guint     injected;
} fault;

static sqlite3_vfs *fault_real;

typedef struct {
  sqlite3_file  base;
  sqlite3_file *real;
} FaultFile;

#define REAL(file) (((FaultFile *) (file))->real)

static inline void
fault_arm (FaultKind kind, guint fail_at, gboolean persist)
{
  memset (fault.count, 0, sizeof fault.count);
  fault.kind = kind;
  fault.fail_at = fail_at;
  fault.persist = persist;
  fault.injected = 0;
  fault.armed = TRUE;
}

static inline void
fault_disarm (void)
{
  fault.armed = FALSE;
}

static inline gboolean
fault_strikes (FaultKind kind)
{
  guint n;

  if (!fault.armed)
    return FALSE;
  n = ++fault.count[kind];
  if (kind != fault.kind || fault.fail_at == 0 || n < fault.fail_at || (n > fault.fail_at && !fault.persist))
    return FALSE;
  fault.injected++;
  return TRUE;
}

static int
fault_close (sqlite3_file *file)
{
  return REAL (file)->pMethods->xClose (REAL (file));
}

static int
fault_read (sqlite3_file *file, void *buffer, int amount, sqlite3_int64 offset)
{
  if (fault_strikes (FAULT_READ))
    return SQLITE_IOERR_READ;
  return REAL (file)->pMethods->xRead (REAL (file), buffer, amount, offset);
}

static int
fault_write (sqlite3_file *file, const void *buffer, int amount, sqlite3_int64 offset)
{
  if (fault_strikes (FAULT_WRITE))
    return SQLITE_IOERR_WRITE;
  return REAL (file)->pMethods->xWrite (REAL (file), buffer, amount, offset);
}

static int
fault_truncate (sqlite3_file *file, sqlite3_int64 size)
{
  if (fault_strikes (FAULT_WRITE))
    return SQLITE_IOERR_TRUNCATE;
  return REAL (file)->pMethods->xTruncate (REAL (file), size);
}

static int
fault_sync (sqlite3_file *file, int flags)
{
  if (fault_strikes (FAULT_SYNC))
    return SQLITE_IOERR_FSYNC;
  return REAL (file)->pMethods->xSync (REAL (file), flags);
}

static int
fault_file_size (sqlite3_file *file, sqlite3_int64 *size)
{
  return REAL (file)->pMethods->xFileSize (REAL (file), size);
}

static int
fault_lock (sqlite3_file *file, int level)
{
  return REAL (file)->pMethods->xLock (REAL (file), level);
}

static int
fault_unlock (sqlite3_file *file, int level)
{
  return REAL (file)->pMethods->xUnlock (REAL (file), level);
}

static int
fault_check_reserved_lock (sqlite3_file *file, int *out)
{
  return REAL (file)->pMethods->xCheckReservedLock (REAL (file), out);
}

static int
fault_file_control (sqlite3_file *file, int op, void *arg)
{
  return REAL (file)->pMethods->xFileControl (REAL (file), op, arg);
}

static int
fault_sector_size (sqlite3_file *file)
{
  return REAL (file)->pMethods->xSectorSize (REAL (file));
}

static int
fault_device_characteristics (sqlite3_file *file)
{
  return REAL (file)->pMethods->xDeviceCharacteristics (REAL (file));
}

static int
fault_shm_map (sqlite3_file *file, int page, int size, int extend, void volatile **out)
{
  return REAL (file)->pMethods->xShmMap (REAL (file), page, size, extend, out);
}

static int
fault_shm_lock (sqlite3_file *file, int offset, int n, int flags)
{
  return REAL (file)->pMethods->xShmLock (REAL (file), offset, n, flags);
}

static void
fault_shm_barrier (sqlite3_file *file)
{
  REAL (file)->pMethods->xShmBarrier (REAL (file));
}

static int
fault_shm_unmap (sqlite3_file *file, int delete_flag)
{
  return REAL (file)->pMethods->xShmUnmap (REAL (file), delete_flag);
}

/* Version 2: no xFetch, so SQLite never reads through a memory map the
 * counter would not see. */
static const sqlite3_io_methods fault_io = {
  2, fault_close, fault_read, fault_write, fault_truncate, fault_sync, fault_file_size,
  fault_lock, fault_unlock, fault_check_reserved_lock, fault_file_control, fault_sector_size,
  fault_device_characteristics, fault_shm_map, fault_shm_lock, fault_shm_barrier, fault_shm_unmap,
  NULL, NULL,
};

static int
fault_open (sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out_flags)
{
  FaultFile *f = (FaultFile *) file;
  int rc;

  f->real = (sqlite3_file *) (f + 1);
  memset (f->real, 0, fault_real->szOsFile);
  rc = fault_real->xOpen (fault_real, name, f->real, flags, out_flags);
  file->pMethods = f->real->pMethods != NULL ? &fault_io : NULL;
  return rc;
}

static int
fault_delete (sqlite3_vfs *vfs, const char *name, int sync_dir)
{
  return fault_real->xDelete (fault_real, name, sync_dir);
}

static int
fault_access (sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
  return fault_real->xAccess (fault_real, name, flags, out);
}

static int
fault_full_pathname (sqlite3_vfs *vfs, const char *name, int n, char *out)
{
  return fault_real->xFullPathname (fault_real, name, n, out);
}

static void *
fault_dl_open (sqlite3_vfs *vfs, const char *name)
{
  return fault_real->xDlOpen (fault_real, name);
}

static void
fault_dl_error (sqlite3_vfs *vfs, int n, char *out)
{
  fault_real->xDlError (fault_real, n, out);
}

static void (*fault_dl_sym (sqlite3_vfs *vfs, void *handle, const char *symbol)) (void)
{
  return fault_real->xDlSym (fault_real, handle, symbol);
}

static void
fault_dl_close (sqlite3_vfs *vfs, void *handle)
{
  fault_real->xDlClose (fault_real, handle);
}

static int
fault_randomness (sqlite3_vfs *vfs, int n, char *out)
{
  return fault_real->xRandomness (fault_real, n, out);
}

static int
fault_sleep (sqlite3_vfs *vfs, int microseconds)
{
  return fault_real->xSleep (fault_real, microseconds);
}

static int
fault_current_time (sqlite3_vfs *vfs, double *out)
{
  return fault_real->xCurrentTime (fault_real, out);
}

static int
fault_get_last_error (sqlite3_vfs *vfs, int n, char *out)
{
  return fault_real->xGetLastError (fault_real, n, out);
}

static int
fault_current_time_int64 (sqlite3_vfs *vfs, sqlite3_int64 *out)
{
  return fault_real->xCurrentTimeInt64 (fault_real, out);
}

static sqlite3_vfs fault_vfs = {
  2, 0, 0, NULL, FAULT_VFS_NAME, NULL,
  fault_open, fault_delete, fault_access, fault_full_pathname,
  fault_dl_open, fault_dl_error, fault_dl_sym, fault_dl_close,
  fault_randomness, fault_sleep, fault_current_time, fault_get_last_error,
  fault_current_time_int64,
  NULL, NULL, NULL,
};

static inline void
fault_vfs_register (void)
{
  fault_real = sqlite3_vfs_find (NULL);
  g_assert_nonnull (fault_real);
  fault_vfs.szOsFile = sizeof (FaultFile) + fault_real->szOsFile;
  fault_vfs.mxPathname = fault_real->mxPathname;
  g_assert_cmpint (sqlite3_vfs_register (&fault_vfs, 0), ==, SQLITE_OK);
}
