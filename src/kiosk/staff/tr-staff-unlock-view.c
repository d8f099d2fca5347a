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
  GtkWidget *unlock_button;
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
  gtk_widget_set_sensitive (self->unlock_button, FALSE);
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
on_unlock (TrStaffUnlockView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));

  if (text[0] == '\0')
    return;
  tr_staff_unlock_view_try (self, text);
}

static void
on_cancel (TrStaffUnlockView *self)
{
  g_signal_emit (self, signals[SIGNAL_CANCELLED], 0);
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

  adw_bin_set_child (ADW_BIN (self), NULL);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (tr_staff_unlock_view_parent_class)->dispose (object);
}

static void
tr_staff_unlock_view_class_init (TrStaffUnlockViewClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = tr_staff_unlock_view_dispose;
  GTK_WIDGET_CLASS (klass)->map = tr_staff_unlock_view_map;

  signals[SIGNAL_UNLOCKED] = g_signal_new ("unlocked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_CANCELLED] = g_signal_new ("cancelled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
tr_staff_unlock_view_init (TrStaffUnlockView *self)
{
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  GtkWidget *title = gtk_label_new (_("Staff mode"));
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 16);
  GtkWidget *cancel_button = gtk_button_new_with_label (_("Cancel"));

  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 600);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (box, "page-content");
  gtk_widget_add_css_class (title, "title-1");
  gtk_box_append (GTK_BOX (box), title);

  self->entry = gtk_password_entry_new ();
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (self->entry), TRUE);
  g_object_set (self->entry, "activates-default", FALSE, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Staff password"), -1);
  g_object_set (self->entry, "placeholder-text", _("Staff password"), NULL);
  gtk_widget_set_size_request (self->entry, -1, 56);
  g_signal_connect_swapped (self->entry, "activate", G_CALLBACK (on_unlock), self);
  gtk_box_append (GTK_BOX (box), self->entry);

  self->message = GTK_LABEL (gtk_label_new (""));
  gtk_label_set_wrap (self->message, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->message), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->message), "error");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->message));
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  self->message, NULL, -1);

  gtk_widget_set_halign (buttons, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (cancel_button, "pill");
  gtk_widget_add_css_class (cancel_button, "big-button");
  g_signal_connect_swapped (cancel_button, "clicked", G_CALLBACK (on_cancel), self);
  self->unlock_button = gtk_button_new_with_label (_("Unlock"));
  gtk_widget_add_css_class (self->unlock_button, "pill");
  gtk_widget_add_css_class (self->unlock_button, "suggested-action");
  gtk_widget_add_css_class (self->unlock_button, "big-button");
  g_signal_connect_swapped (self->unlock_button, "clicked", G_CALLBACK (on_unlock), self);
  gtk_box_append (GTK_BOX (buttons), cancel_button);
  gtk_box_append (GTK_BOX (buttons), self->unlock_button);
  gtk_box_append (GTK_BOX (box), buttons);

  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  adw_bin_set_child (ADW_BIN (self), clamp);
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
