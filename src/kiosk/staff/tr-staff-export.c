#include "config.h"

#include <glib/gi18n.h>

#include "tr-clock.h"
#include "tr-export.h"
#include "tr-export-targets.h"
#include "tr-staff-export.h"

struct _TrStaffExport
{
  AdwBin          parent_instance;

  TrKiosk        *kiosk;
  GVolumeMonitor *monitor;
  GPtrArray      *targets;  /* of TrExportTarget, in the order of the buttons */
  GtkWidget      *day_entry;
  GtkBox         *target_box;
  GtkWidget      *export_button;
  GtkLabel       *message;
};

G_DEFINE_FINAL_TYPE (TrStaffExport, tr_staff_export, ADW_TYPE_BIN)

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

static GtkToggleButton *
target_button (TrStaffExport *self, guint index)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->target_box));

  for (guint i = 0; child != NULL && i < index; i++)
    child = gtk_widget_get_next_sibling (child);
  return GTK_TOGGLE_BUTTON (child);
}

static const TrExportTarget *
chosen_target (TrStaffExport *self)
{
  for (guint i = 0; i < self->targets->len; i++)
    if (gtk_toggle_button_get_active (target_button (self, i)))
      return g_ptr_array_index (self->targets, i);
  return NULL;
}

static void
on_target_toggled (TrStaffExport *self)
{
  gtk_widget_set_sensitive (self->export_button, chosen_target (self) != NULL);
}

gboolean
tr_staff_export_choose (TrStaffExport *self, const char *name)
{
  for (guint i = 0; i < self->targets->len; i++)
    {
      const TrExportTarget *target = g_ptr_array_index (self->targets, i);

      if (g_strcmp0 (target->name, name) == 0)
        {
          gtk_toggle_button_set_active (target_button (self, i), TRUE);
          return TRUE;
        }
    }
  return FALSE;
}

void
tr_staff_export_refresh (TrStaffExport *self)
{
  g_autofree char *was_chosen = NULL;
  GtkWidget *child;
  GtkToggleButton *first = NULL;

  if (self->targets != NULL && chosen_target (self) != NULL)
    was_chosen = g_strdup (chosen_target (self)->name);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->target_box))) != NULL)
    gtk_box_remove (self->target_box, child);
  g_clear_pointer (&self->targets, g_ptr_array_unref);

  self->targets = tr_export_targets_list (self->monitor, tr_kiosk_get_config (self->kiosk)->export_directory);
  for (guint i = 0; i < self->targets->len; i++)
    {
      g_autofree char *label = target_label (g_ptr_array_index (self->targets, i));
      GtkWidget *button = gtk_toggle_button_new_with_label (label);

      gtk_widget_set_size_request (button, -1, 48);
      gtk_label_set_ellipsize (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))), PANGO_ELLIPSIZE_MIDDLE);
      if (first == NULL)
        first = GTK_TOGGLE_BUTTON (button);
      else
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), first);
      g_signal_connect_swapped (button, "toggled", G_CALLBACK (on_target_toggled), self);
      gtk_box_append (self->target_box, button);
    }
  /* The folder is the fallback, last in the list. */
  if (was_chosen == NULL || !tr_staff_export_choose (self, was_chosen))
    if (first != NULL)
      gtk_toggle_button_set_active (first, TRUE);
  if (self->targets->len == 0)
    show_message (self, _("Plug in a USB key, or set ExportDirectory= in kiosk.conf."), TRUE);
  on_target_toggled (self);
}

gboolean
tr_staff_export_run (TrStaffExport *self)
{
  const TrExportTarget *target = chosen_target (self);
  g_autofree char *date = tr_clock_parse_date_for_people (gtk_editable_get_text (GTK_EDITABLE (self->day_entry)));
  g_autofree char *day = NULL;
  g_autofree char *where = NULL;
  g_autofree char *text = NULL;
  g_autofree char *csv_name = NULL;
  g_autofree char *jsonl_name = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) paths = NULL;
  TrStore *store = tr_kiosk_get_store (self->kiosk);
  guint n_rows = 0;

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
    paths = tr_export_day_files (store, tr_kiosk_get_rules (self->kiosk), date, target->directory, &n_rows, &error);
  day = tr_clock_date_for_people (date);
  where = target_label (target);
  if (paths == NULL)
    {
      g_message ("Export of %s to %s failed: %s", date, target->directory, error->message);
      text = g_strdup_printf (_("Nothing was exported to %s. %s"), where, error->message);
      show_message (self, text, TRUE);
      return FALSE;
    }
  csv_name = g_path_get_basename (paths[0]);
  jsonl_name = g_path_get_basename (paths[1]);
  text = g_strdup_printf (g_dngettext (NULL, "%u registration of %s exported to %s:\n%s\n%s",
                                       "%u registrations of %s exported to %s:\n%s\n%s", n_rows),
                          n_rows, day, where, csv_name, jsonl_name);
  show_message (self, text, FALSE);
  tr_notifier_export_written (tr_kiosk_get_notifier (self->kiosk), n_rows, target->directory);
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

static GtkWidget *
heading (const char *text, const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
tr_staff_export_dispose (GObject *object)
{
  TrStaffExport *self = TR_STAFF_EXPORT (object);

  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_clear_object (&self->monitor);
  g_clear_pointer (&self->targets, g_ptr_array_unref);
  adw_bin_set_child (ADW_BIN (self), NULL);
  g_clear_object (&self->kiosk);
  G_OBJECT_CLASS (tr_staff_export_parent_class)->dispose (object);
}

static void
tr_staff_export_class_init (TrStaffExportClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = tr_staff_export_dispose;
}

static void
tr_staff_export_init (TrStaffExport *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *day_label = heading (_("Day to export"), "heading");
  GtkWidget *where_label = heading (_("Where to write the files"), "heading");

  gtk_box_append (GTK_BOX (box), heading (_("Export a day"), "title-2"));

  gtk_box_append (GTK_BOX (box), day_label);
  self->day_entry = gtk_entry_new ();
  gtk_widget_set_size_request (self->day_entry, -1, 48);
  gtk_widget_set_halign (self->day_entry, GTK_ALIGN_START);
  gtk_editable_set_width_chars (GTK_EDITABLE (self->day_entry), 12);
  gtk_entry_set_input_purpose (GTK_ENTRY (self->day_entry), GTK_INPUT_PURPOSE_DIGITS);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->day_entry), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  day_label, NULL, -1);
  g_signal_connect_swapped (self->day_entry, "activate", G_CALLBACK (tr_staff_export_run), self);
  gtk_box_append (GTK_BOX (box), self->day_entry);

  gtk_box_append (GTK_BOX (box), where_label);
  self->target_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 8));
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->target_box), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  where_label, NULL, -1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->target_box));

  self->export_button = gtk_button_new_with_label (_("Export"));
  gtk_widget_add_css_class (self->export_button, "pill");
  gtk_widget_add_css_class (self->export_button, "suggested-action");
  gtk_widget_set_size_request (self->export_button, -1, 48);
  gtk_widget_set_halign (self->export_button, GTK_ALIGN_START);
  g_signal_connect_swapped (self->export_button, "clicked", G_CALLBACK (tr_staff_export_run), self);
  gtk_box_append (GTK_BOX (box), self->export_button);

  self->message = GTK_LABEL (gtk_label_new (""));
  gtk_label_set_xalign (self->message, 0);
  gtk_label_set_wrap (self->message, TRUE);
  gtk_label_set_wrap_mode (self->message, PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_visible (GTK_WIDGET (self->message), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->message));
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->export_button), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  self->message, NULL, -1);

  adw_bin_set_child (ADW_BIN (self), box);
}

GtkWidget *
tr_staff_export_new (TrKiosk *kiosk)
{
  TrStaffExport *self = g_object_new (TR_TYPE_STAFF_EXPORT, NULL);
  g_autoptr(GDateTime) now = tr_clock_now ();
  g_autofree char *today = tr_clock_local_date (now);
  g_autofree char *typed = tr_clock_date_for_people (today);

  self->kiosk = g_object_ref (kiosk);
  gtk_editable_set_text (GTK_EDITABLE (self->day_entry), typed);
  self->monitor = g_volume_monitor_get ();
  g_signal_connect_swapped (self->monitor, "mount-added", G_CALLBACK (on_mount_added), self);
  g_signal_connect_swapped (self->monitor, "mount-removed", G_CALLBACK (on_mounts_changed), self);
  g_signal_connect_swapped (self->monitor, "mount-changed", G_CALLBACK (on_mounts_changed), self);
  tr_staff_export_refresh (self);
  return GTK_WIDGET (self);
}
