/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-notifier.c — staff notifications through libnotify, and what happens with no server. */
#include "config.h"

#include <glib/gi18n.h>
#include <libnotify/notify.h>

#include "tr-notifier.h"

struct _TrNotifier
{
  GObject  parent_instance;
  gboolean enabled;
  /* Set by the first notification that could not be shown. */
  gboolean server_missing;
};

G_DEFINE_FINAL_TYPE (TrNotifier, tr_notifier, G_TYPE_OBJECT)

static void
tr_notifier_class_init (TrNotifierClass *klass)
{
}

static void
tr_notifier_init (TrNotifier *self)
{
}

TrNotifier *
tr_notifier_new (gboolean enabled)
{
  TrNotifier *self = g_object_new (TR_TYPE_NOTIFIER, NULL);

  self->enabled = enabled;
  /* notify_init only records the application's name: it does not reach
   * the server, so it cannot fail for want of one. Once per process. */
  if (enabled && !notify_is_initted ())
    notify_init ("Tremplin");
  return self;
}

gboolean
tr_notifier_get_enabled (TrNotifier *self)
{
  g_return_val_if_fail (TR_IS_NOTIFIER (self), FALSE);
  return self->enabled;
}

gboolean
tr_notifier_is_available (TrNotifier *self)
{
  g_return_val_if_fail (TR_IS_NOTIFIER (self), FALSE);
  return self->enabled && !self->server_missing;
}

static void
send (TrNotifier *self, const char *summary, const char *body, NotifyUrgency urgency)
{
  /* libnotify 0.8 declares no autoptr cleanup for its type. */
  g_autoptr(GObject) notification = NULL;
  g_autoptr(GError) error = NULL;

  if (!tr_notifier_is_available (self))
    return;
  notification = G_OBJECT (notify_notification_new (summary, body, NULL));
  notify_notification_set_urgency (NOTIFY_NOTIFICATION (notification), urgency);
  notify_notification_set_hint (NOTIFY_NOTIFICATION (notification), "desktop-entry",
                                g_variant_new_string ("org.tremplin.Kiosk"));
  if (!notify_notification_show (NOTIFY_NOTIFICATION (notification), &error))
    {
      /* A kiosk with no desktop around it is normal: say so once, not at
       * every registration, and never as a fault. */
      g_message ("Staff notifications are off: no notification server answers (%s)", error->message);
      self->server_missing = TRUE;
    }
}

void
tr_notifier_registration_completed (TrNotifier *self, const char *offer_title, int seats_left)
{
  g_autofree char *body = NULL;

  g_return_if_fail (TR_IS_NOTIFIER (self));
  g_return_if_fail (offer_title != NULL);
  if (seats_left > 0)
    /* TRANSLATORS: a staff notification: a training's title, then how many seats it has left. */
    body = g_strdup_printf (ngettext ("%s: %d seat left.", "%s: %d seats left.", (gulong) seats_left),
                            offer_title, seats_left);
  else
    /* TRANSLATORS: a staff notification: a training's title. */
    body = g_strdup_printf (_("%s: no seats left."), offer_title);
  send (self, _("Registration completed"), body, NOTIFY_URGENCY_LOW);
}

void
tr_notifier_offer_full (TrNotifier *self, const char *offer_title)
{
  g_autofree char *body = NULL;

  g_return_if_fail (TR_IS_NOTIFIER (self));
  g_return_if_fail (offer_title != NULL);
  /* TRANSLATORS: a staff notification: a training's title. */
  body = g_strdup_printf (_("%s has no seats left. New registrations for it go on its waiting list."),
                          offer_title);
  send (self, _("Training full"), body, NOTIFY_URGENCY_NORMAL);
}

void
tr_notifier_export_written (TrNotifier *self, guint rows, const char *where)
{
  g_autofree char *body = NULL;

  g_return_if_fail (TR_IS_NOTIFIER (self));
  g_return_if_fail (where != NULL);
  /* TRANSLATORS: a staff notification: how many registrations, then a file's path. */
  body = g_strdup_printf (ngettext ("%u registration written to %s.", "%u registrations written to %s.", rows),
                          rows, where);
  send (self, _("Export written"), body, NOTIFY_URGENCY_NORMAL);
}

void
tr_notifier_storage_failing (TrNotifier *self, const char *what_failed)
{
  g_autofree char *body = NULL;

  g_return_if_fail (TR_IS_NOTIFIER (self));
  g_return_if_fail (what_failed != NULL);
  /* TRANSLATORS: a staff notification: what went wrong with the database. */
  body = g_strdup_printf (_("The kiosk has stopped taking registrations: %s"), what_failed);
  send (self, _("Storage failing"), body, NOTIFY_URGENCY_CRITICAL);
}

void
tr_notifier_hub_out_of_reach (TrNotifier *self, guint hours, guint unsent, const char *what_failed)
{
  g_autofree char *when = NULL;
  g_autofree char *body = NULL;

  g_return_if_fail (TR_IS_NOTIFIER (self));
  /* TRANSLATORS: a staff notification: how long the kiosk has not reached the programme's hub. */
  when = g_strdup_printf (ngettext ("The kiosk has not reached the programme's hub for %u hour.",
                                    "The kiosk has not reached the programme's hub for %u hours.", hours),
                          hours);
  /* TRANSLATORS: a staff notification: the sentence above, how many registrations wait, then why. */
  body = g_strdup_printf (ngettext ("%s It goes on registering within its seats; %u registration waits to be sent. "
                                    "Check the network cable or Wi-Fi, then tell the programme office (%s).",
                                    "%s It goes on registering within its seats; %u registrations wait to be sent. "
                                    "Check the network cable or Wi-Fi, then tell the programme office (%s).",
                                    unsent),
                          when, unsent, what_failed != NULL ? what_failed : "");
  send (self, _("Hub out of reach"), body, NOTIFY_URGENCY_NORMAL);
}
