/* kiosk-fixture.h — what the in-process kiosk tests share: a configuration
 * with its database in a scratch folder, the main loop run until idle, the
 * folder removed afterwards. */
#pragma once

#include <gtk/gtk.h>
#include <glib/gstdio.h>

#include "tr-config.h"
#include "tr-kiosk.h"
#include "tr-window.h"

/* Lets GTK lay out, map and paint what the test just did. */
static inline void
kiosk_test_spin (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The defaults, with the database (and the exports) in @dir; the walk-ins'
 * language @language, or the default (French) when NULL. */
static inline TrConfig *
kiosk_test_config (const char *dir, const char *language)
{
  TrConfig *config = tr_config_new_default ();

  g_free (config->database);
  config->database = g_build_filename (dir, "t.db", NULL);
  g_free (config->export_directory);
  config->export_directory = g_build_filename (dir, "exports", NULL);
  if (language != NULL)
    {
      g_free (config->language);
      config->language = g_strdup (language);
    }
  return config;
}

static inline void
kiosk_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        kiosk_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* Destroys the kiosk's @window, drops *@kiosk and removes *@dir. */
static inline void
kiosk_test_close (TrWindow *window, TrKiosk **kiosk, char **dir)
{
  gtk_window_destroy (GTK_WINDOW (window));
  kiosk_test_spin ();
  g_clear_object (kiosk);
  kiosk_test_remove_tree (*dir);
  g_clear_pointer (dir, g_free);
}

/* The first widget of @type under @widget (itself included), or NULL. */
static inline GtkWidget *
kiosk_test_find (GtkWidget *widget, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = kiosk_test_find (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}
