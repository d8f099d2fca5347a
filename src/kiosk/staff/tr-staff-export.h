/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-staff-export.h — the staff panel's "Export a day": the day (today
 * unless staff type another), where to (a USB drive plugged in, picked by
 * its name, or the export folder), and what was written. No file chooser.
 */
#pragma once

#include <adwaita.h>

#include "tr-kiosk.h"

G_BEGIN_DECLS

#define TR_TYPE_STAFF_EXPORT (tr_staff_export_get_type ())
G_DECLARE_FINAL_TYPE (TrStaffExport, tr_staff_export, TR, STAFF_EXPORT, AdwBin)

GtkWidget  *tr_staff_export_new         (TrKiosk       *kiosk);
/* Once, for a section built from a template: what it reads and writes. */
void        tr_staff_export_set_kiosk   (TrStaffExport *self,
                                         TrKiosk       *kiosk);
/* Reads the drives plugged in again (the volume monitor does it too). */
void        tr_staff_export_refresh     (TrStaffExport *self);
/* As if staff pressed the place named @name; FALSE when there is none. */
gboolean    tr_staff_export_choose      (TrStaffExport *self,
                                         const char    *name);
/* As if "Export" were pressed; FALSE when nothing was written. */
gboolean    tr_staff_export_run         (TrStaffExport *self);
/* What the section last said. */
const char *tr_staff_export_get_message (TrStaffExport *self);

G_END_DECLS
