/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-staff-export.c — the staff panel's "Export a day": the day, where to, and what was written. */
#include "config.h"

#include <glib/gi18n.h>

#include "tr-clock.h"
#include "tr-export.h"
#include "tr-export-targets.h"
#include "tr-sealed-file.h"
#include "tr-staff-export.h"

struct _TrStaffExport
{
  AdwBin          parent_instance;

  TrKiosk        *kiosk;
  GVolumeMonitor *monitor;
  GPtrArray      *targets;  /* of TrExportTarget, in the order of the buttons */
  char           *target;   /* the chosen place's directory, or NULL */
  GtkWidget      *day_entry;
  GtkBox         *target_box;
  GtkLabel       *message;
};

G_DEFINE_FINAL_TYPE (TrStaffExport, tr_staff_export, ADW_TYPE_BIN)

enum { PROP_0, PROP_TARGET, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
show_message (TrStaffExport *self, const char *text, gboolean failed)
{
  gtk_label_set_label (self->message, text);
  gtk_widget_set_visible (GTK_WIDGET (self->message), text[0] != '\0');
  if (failed)
    gtk_widget_add_css_class (GTK_WIDGET (self->message), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message), "error");
}

const char *
tr_staff_export_get_message (TrStaffExport *self)
{
  return gtk_label_get_label (self->message);
}

static char *
target_label (const TrExportTarget *target)
{
  return target->removable ? g_strdup_printf (_("USB drive “%s”"), target->name)
                           : g_strdup_printf (_("Export folder %s"), target->name);
}

static const TrExportTarget *
chosen_target (TrStaffExport *self)
{
  for (guint i = 0; self->targets != NULL && i < self->targets->len; i++)
    {
      const TrExportTarget *target = g_ptr_array_index (self->targets, i);

      if (g_strcmp0 (target->directory, self->target) == 0)
        return target;
    }
  return NULL;
}

/* The place's buttons follow the "export.target" action, which sets this. */
static void
set_target (TrStaffExport *self, const char *directory)
{
  if (directory != NULL && directory[0] == '\0')
    directory = NULL;
  if (g_strcmp0 (self->target, directory) == 0)
    return;
  g_free (self->target);
  self->target = g_strdup (directory);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.run", chosen_target (self) != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TARGET]);
}

gboolean
tr_staff_export_choose (TrStaffExport *self, const char *name)
{
  for (guint i = 0; i < self->targets->len; i++)
    {
      const TrExportTarget *target = g_ptr_array_index (self->targets, i);

      if (g_strcmp0 (target->name, name) == 0)
        {
          set_target (self, target->directory);
          return TRUE;
        }
    }
  return FALSE;
}

static GtkWidget *
target_button (const TrExportTarget *target)
{
  g_autofree char *label = target_label (target);
  GtkWidget *button = gtk_toggle_button_new_with_label (label);

  gtk_label_set_ellipsize (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))), PANGO_ELLIPSIZE_MIDDLE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "export.target");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", target->directory);
  return button;
}

void
tr_staff_export_refresh (TrStaffExport *self)
{
  g_autofree char *was_chosen = NULL;
  GtkWidget *child;

  if (chosen_target (self) != NULL)
    was_chosen = g_strdup (chosen_target (self)->name);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->target_box))) != NULL)
    gtk_box_remove (self->target_box, child);
  g_clear_pointer (&self->targets, g_ptr_array_unref);

  self->targets = tr_export_targets_list (self->monitor, tr_kiosk_get_config (self->kiosk)->export_directory);
  for (guint i = 0; i < self->targets->len; i++)
    gtk_box_append (self->target_box, target_button (g_ptr_array_index (self->targets, i)));
  /* The folder is the fallback, last in the list. */
  if (was_chosen == NULL || !tr_staff_export_choose (self, was_chosen))
    set_target (self, self->targets->len > 0 ? ((TrExportTarget *) g_ptr_array_index (self->targets, 0))->directory
                                             : NULL);
  if (self->targets->len == 0)
    show_message (self, _("Plug in a USB key, or set ExportDirectory= in kiosk.conf."), TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.run", chosen_target (self) != NULL);
}

gboolean
tr_staff_export_run (TrStaffExport *self)
{
  const TrExportTarget *target = chosen_target (self);
  g_autofree char *date = tr_clock_parse_date_for_people (gtk_editable_get_text (GTK_EDITABLE (self->day_entry)));
  g_autofree char *day = NULL;
  g_autofree char *where = NULL;
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(TrSealedFile) written = NULL;
  g_autoptr(GError) error = NULL;
  TrStore *store = tr_kiosk_get_store (self->kiosk);

  if (date == NULL)
    {
      show_message (self, _("Type the day as DD/MM/YYYY, for example 28/11/2026."), TRUE);
      gtk_widget_grab_focus (self->day_entry);
      return FALSE;
    }
  if (target == NULL || store == NULL || tr_kiosk_get_rules (self->kiosk) == NULL)
    {
      show_message (self, target == NULL ? _("Choose where to export.")
                                         : _("The kiosk could not open its database: see its log"), TRUE);
      return FALSE;
    }

  if (tr_export_make_folder (target->directory, &error))
    path = tr_export_day_sealed (store, tr_kiosk_get_rules (self->kiosk), date, target->directory, NULL, &error);
  /* What staff see is the manifest read back from the drive: the file is
   * there, whole, and says what it carries. */
  if (path != NULL)
    written = tr_sealed_file_read (path, &error);
  where = target_label (target);
  if (written == NULL)
    {
      g_message ("Export of %s to %s failed: %s", date, target->directory, error->message);
      text = g_strdup_printf (_("Nothing was exported to %s. %s"), where, error->message);
      show_message (self, text, TRUE);
      return FALSE;
    }
  day = tr_clock_date_for_people (written->day);
  name = g_path_get_basename (path);
  text = g_strdup_printf (g_dngettext (NULL, "%u registration of %s from kiosk %s exported to %s, sealed for the programme office:\n%s",
                                       "%u registrations of %s from kiosk %s exported to %s, sealed for the programme office:\n%s",
                                       written->n_registrations),
                          written->n_registrations, day, written->kiosk_id, where, name);
  show_message (self, text, FALSE);
  tr_notifier_export_written (tr_kiosk_get_notifier (self->kiosk), written->n_registrations, target->directory);
  return TRUE;
}

static void
on_mounts_changed (TrStaffExport *self)
{
  tr_staff_export_refresh (self);
}

/* A drive just plugged in (or mounted again) is where staff mean to export. */
static void
on_mount_added (TrStaffExport *self, GMount *mount)
{
  g_autofree char *name = g_mount_get_name (mount);

  tr_staff_export_refresh (self);
  tr_staff_export_choose (self, name);
}

static void
run (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  tr_staff_export_run (TR_STAFF_EXPORT (widget));
}

static void
on_day_activate (TrStaffExport *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "export.run", NULL);
}

static void
tr_staff_export_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  TrStaffExport *self = TR_STAFF_EXPORT (object);

  switch (prop_id)
    {
    case PROP_TARGET:
      g_value_set_string (value, self->target != NULL ? self->target : "");
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tr_staff_export_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  TrStaffExport *self = TR_STAFF_EXPORT (object);

  switch (prop_id)
    {
    case PROP_TARGET:
      set_target (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tr_staff_export_dispose (GObject *object)
{
  TrStaffExport *self = TR_STAFF_EXPORT (object);

  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_clear_object (&self->monitor);
  g_clear_pointer (&self->targets, g_ptr_array_unref);
  g_clear_pointer (&self->target, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), TR_TYPE_STAFF_EXPORT);
  g_clear_object (&self->kiosk);
  G_OBJECT_CLASS (tr_staff_export_parent_class)->dispose (object);
}

static void
tr_staff_export_class_init (TrStaffExportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tr_staff_export_dispose;
  object_class->get_property = tr_staff_export_get_property;
  object_class->set_property = tr_staff_export_set_property;

  /* The directory of the place chosen to export to, "" before one is. */
  properties[PROP_TARGET] = g_param_spec_string ("target", NULL, NULL, "",
                                                 G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tremplin/Kiosk/staff/tr-staff-export.ui");
  gtk_widget_class_bind_template_child (widget_class, TrStaffExport, day_entry);
  gtk_widget_class_bind_template_child (widget_class, TrStaffExport, target_box);
  gtk_widget_class_bind_template_child (widget_class, TrStaffExport, message);
  gtk_widget_class_bind_template_callback (widget_class, on_day_activate);
  gtk_widget_class_install_property_action (widget_class, "export.target", "target");
  gtk_widget_class_install_action (widget_class, "export.run", NULL, run);
}

static void
tr_staff_export_init (TrStaffExport *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.run", FALSE);
}

void
tr_staff_export_set_kiosk (TrStaffExport *self, TrKiosk *kiosk)
{
  g_autoptr(GDateTime) now = tr_clock_now ();
  g_autofree char *today = tr_clock_local_date (now);
  g_autofree char *typed = tr_clock_date_for_people (today);

  g_return_if_fail (TR_IS_STAFF_EXPORT (self) && self->kiosk == NULL);

  self->kiosk = g_object_ref (kiosk);
  gtk_editable_set_text (GTK_EDITABLE (self->day_entry), typed);
  self->monitor = g_volume_monitor_get ();
  g_signal_connect_swapped (self->monitor, "mount-added", G_CALLBACK (on_mount_added), self);
  g_signal_connect_swapped (self->monitor, "mount-removed", G_CALLBACK (on_mounts_changed), self);
  g_signal_connect_swapped (self->monitor, "mount-changed", G_CALLBACK (on_mounts_changed), self);
  tr_staff_export_refresh (self);
}

GtkWidget *
tr_staff_export_new (TrKiosk *kiosk)
{
  GtkWidget *self = g_object_new (TR_TYPE_STAFF_EXPORT, NULL);

  tr_staff_export_set_kiosk (TR_STAFF_EXPORT (self), kiosk);
  return self;
}
