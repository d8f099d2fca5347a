/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-application.c — the kiosk application: one window, its actions and its command line. */
#include "config.h"

#include <glib/gi18n.h>

#include "tr-application.h"
#include "tr-fonts.h"
#include "tr-kiosk.h"
#include "tr-text.h"
#include "tr-window.h"

struct _TrApplication
{
  AdwApplication  parent_instance;
  GThread        *opening;      /* opens the kiosk; its result is the TrKiosk */
  GThread        *loading_fonts;
  TrKiosk        *kiosk;
  char           *config_path;
  gboolean        windowed;
};

G_DEFINE_FINAL_TYPE (TrApplication, tr_application, ADW_TYPE_APPLICATION)

/* Runs in a thread of its own while GTK starts: kiosk.conf, the rules, the
 * key and the database are read meanwhile, not before the first frame.
 * Nothing in it touches GTK, and GTK's start sets no locale or environment
 * variable that it reads (LANGUAGE is set later, by the window). */
static gpointer
open_kiosk (gpointer config_path)
{
  g_autoptr(GError) error = NULL;
  TrConfig *config = tr_config_load (config_path, &error);

  if (config == NULL)
    {
      /* A broken kiosk.conf closes the kiosk rather than guessing. */
      g_warning ("The kiosk is closed: %s", error->message);
      config = tr_config_new_default ();
      config->open = FALSE;
    }
  return tr_kiosk_new (config);
}

static TrKiosk *
take_kiosk (TrApplication *self)
{
  if (self->opening != NULL)
    self->kiosk = g_thread_join (g_steal_pointer (&self->opening));
  return self->kiosk;
}

static void
tr_application_activate (GApplication *application)
{
  TrApplication *self = TR_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      /* No style sheet to load: AdwApplication loads style.css from the
       * application's resource base path, /org/tremplin/Kiosk, at start-up. */
      tr_fonts_apply (g_steal_pointer (&self->loading_fonts));
      window = GTK_WINDOW (tr_window_new (GTK_APPLICATION (self), take_kiosk (self), !self->windowed));
    }
  gtk_window_present (window);
}

static int
tr_application_handle_local_options (GApplication *application, GVariantDict *options)
{
  TrApplication *self = TR_APPLICATION (application);

  g_variant_dict_lookup (options, "config", "^ay", &self->config_path);
  self->windowed = g_variant_dict_contains (options, "windowed");
  tr_text_prepare_threads ();
  self->opening = g_thread_new ("tr-kiosk-open", open_kiosk, self->config_path);
  self->loading_fonts = tr_fonts_start_loading ();
  return -1;
}

static void
tr_application_finalize (GObject *object)
{
  TrApplication *self = TR_APPLICATION (object);

  /* Never activated (GTK could not start): the kiosk opened all the same. */
  take_kiosk (self);
  g_clear_object (&self->kiosk);
  g_clear_pointer (&self->loading_fonts, tr_fonts_discard);
  g_free (self->config_path);
  G_OBJECT_CLASS (tr_application_parent_class)->finalize (object);
}

static void
tr_application_class_init (TrApplicationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tr_application_finalize;
  G_APPLICATION_CLASS (klass)->activate = tr_application_activate;
  G_APPLICATION_CLASS (klass)->handle_local_options = tr_application_handle_local_options;
}

static void
tr_application_init (TrApplication *self)
{
  const GOptionEntry entries[] = {
    { "config", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Read this kiosk.conf"), N_("PATH") },
    { "windowed", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Run in a window, for development"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

TrApplication *
tr_application_new (void)
{
  /* NON_UNIQUE: a second kiosk process (a test, a screenshot) must not hand
   * its work to the first one. */
  return g_object_new (TR_TYPE_APPLICATION,
                       "application-id", "org.tremplin.Kiosk",
                       "flags", G_APPLICATION_NON_UNIQUE,
                       NULL);
}
