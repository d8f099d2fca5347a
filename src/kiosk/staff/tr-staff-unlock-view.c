/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-staff-unlock-view.c — the staff password asked in the kiosk window, with its lock-out. */
#include "config.h"

#include <glib/gi18n.h>

#include "tr-clock.h"
#include "tr-staff-unlock-view.h"

struct _TrStaffUnlockView
{
  AdwBin     parent_instance;

  TrStore   *store;
  GtkWidget *entry;
  GtkLabel  *message;
};

G_DEFINE_FINAL_TYPE (TrStaffUnlockView, tr_staff_unlock_view, ADW_TYPE_BIN)

enum { SIGNAL_UNLOCKED, SIGNAL_CANCELLED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
show_message (TrStaffUnlockView *self, const char *text, gboolean invalid)
{
  gtk_label_set_label (self->message, text);
  gtk_widget_set_visible (GTK_WIDGET (self->message), text[0] != '\0');
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_STATE_INVALID,
                               invalid ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE, -1);
}

static char *
wait_text (gint64 seconds)
{
  return g_strdup_printf (ngettext ("Too many tries: wait %u second",
                                    "Too many tries: wait %u seconds", (gulong) seconds),
                          (guint) seconds);
}

/* Staff cannot do anything here without a password: say how to set one. */
static void
refuse_everything (TrStaffUnlockView *self, const char *text)
{
  show_message (self, text, FALSE);
  gtk_widget_set_sensitive (self->entry, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "unlock.try", FALSE);
}

TrStaffUnlock
tr_staff_unlock_view_try (TrStaffUnlockView *self, const char *password)
{
  g_autoptr(GDateTime) now = tr_clock_now ();
  g_autoptr(GError) error = NULL;
  gint64 wait = 0;
  TrStaffUnlock outcome;

  if (self->store == NULL)
    return TR_STAFF_UNLOCK_FAILED;
  outcome = tr_staff_try_unlock (self->store, password, now, &wait, &error);
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  switch (outcome)
    {
    case TR_STAFF_UNLOCK_OK:
      show_message (self, "", FALSE);
      g_signal_emit (self, signals[SIGNAL_UNLOCKED], 0);
      break;
    case TR_STAFF_UNLOCK_WRONG:
      if (wait > 0)
        {
          g_autofree char *waiting = wait_text (wait);
          g_autofree char *text = g_strdup_printf ("%s. %s", _("Wrong password"), waiting);
          show_message (self, text, TRUE);
        }
      else
        show_message (self, _("Wrong password"), TRUE);
      break;
    case TR_STAFF_UNLOCK_LOCKED_OUT:
      {
        g_autofree char *text = wait_text (wait);
        show_message (self, text, TRUE);
      }
      break;
    case TR_STAFF_UNLOCK_NO_PASSWORD:
      refuse_everything (self, _("No staff password is set: run tremplin-admin staff-password"));
      break;
    case TR_STAFF_UNLOCK_FAILED:
    default:
      g_warning ("Staff unlock: %s", error != NULL ? error->message : "?");
      show_message (self, error != NULL ? error->message : _("The database cannot be read"), FALSE);
      break;
    }
  return outcome;
}

const char *
tr_staff_unlock_view_get_message (TrStaffUnlockView *self)
{
  return gtk_label_get_label (self->message);
}

static void
try_typed (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  TrStaffUnlockView *self = TR_STAFF_UNLOCK_VIEW (widget);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));

  if (text[0] == '\0')
    return;
  tr_staff_unlock_view_try (self, text);
}

static void
on_entry_activate (TrStaffUnlockView *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "unlock.try", NULL);
}

static void
cancel (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  g_signal_emit (widget, signals[SIGNAL_CANCELLED], 0);
}

static void
tr_staff_unlock_view_map (GtkWidget *widget)
{
  TrStaffUnlockView *self = TR_STAFF_UNLOCK_VIEW (widget);

  GTK_WIDGET_CLASS (tr_staff_unlock_view_parent_class)->map (widget);
  if (gtk_widget_get_sensitive (self->entry))
    gtk_widget_grab_focus (self->entry);
}

static void
tr_staff_unlock_view_dispose (GObject *object)
{
  TrStaffUnlockView *self = TR_STAFF_UNLOCK_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TR_TYPE_STAFF_UNLOCK_VIEW);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (tr_staff_unlock_view_parent_class)->dispose (object);
}

static void
tr_staff_unlock_view_class_init (TrStaffUnlockViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = tr_staff_unlock_view_dispose;
  widget_class->map = tr_staff_unlock_view_map;

  signals[SIGNAL_UNLOCKED] = g_signal_new ("unlocked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_CANCELLED] = g_signal_new ("cancelled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/tremplin/Kiosk/staff/tr-staff-unlock-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TrStaffUnlockView, entry);
  gtk_widget_class_bind_template_child (widget_class, TrStaffUnlockView, message);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);
  gtk_widget_class_install_action (widget_class, "unlock.try", NULL, try_typed);
  gtk_widget_class_install_action (widget_class, "unlock.cancel", NULL, cancel);
}

static void
tr_staff_unlock_view_init (TrStaffUnlockView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
tr_staff_unlock_view_new (TrStore *store)
{
  TrStaffUnlockView *self = g_object_new (TR_TYPE_STAFF_UNLOCK_VIEW, NULL);
  g_autoptr(GError) error = NULL;
  gboolean has_password = FALSE;

  if (store == NULL)
    {
      refuse_everything (self, _("Staff mode is not available: the kiosk could not open its database"));
      return GTK_WIDGET (self);
    }
  self->store = g_object_ref (store);
  if (!tr_staff_has_password (store, &has_password, &error))
    refuse_everything (self, error->message);
  else if (!has_password)
    refuse_everything (self, _("No staff password is set: run tremplin-admin staff-password"));
  return GTK_WIDGET (self);
}
