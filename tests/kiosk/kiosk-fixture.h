/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kiosk-fixture.h — what the in-process kiosk tests share: GTK and
 * libadwaita set up for a test, a configuration with its database in a
 * scratch folder, the main loop run until idle, the folder removed
 * afterwards. */
#pragma once

#include <adwaita.h>
#include <gtk/gtk.h>
#include <glib/gstdio.h>

#include "../core/office-fixture.h"
#include "tr-clock.h"
#include "tr-config.h"
#include "tr-kiosk.h"
#include "tr-window.h"

/* gcc says __SANITIZE_ADDRESS__, clang __has_feature. */
#if defined(__SANITIZE_ADDRESS__)
#define WITH_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WITH_ASAN 1
#endif
#endif

#ifdef WITH_ASAN
/* From <sanitizer/allocator_interface.h> and <sanitizer/lsan_interface.h>. */
size_t __sanitizer_get_current_allocated_bytes (void);
int __lsan_do_recoverable_leak_check (void);
void __lsan_disable (void);
void __lsan_enable (void);
#endif

/* GTK for a test, then libadwaita. adw_init() has GTK load its theme and
 * GIO scan its modules: GLib 2.74 keeps no pointer LeakSanitizer sees to
 * the GIOModule (96 bytes) and the path it makes for each
 * (g_io_module_new), once a process, in any program (gtk_init, adw_init and
 * a GSettings are enough). Whether a stale copy hides it varies from build
 * to build; the stack LeakSanitizer records stops at g_malloc, too short
 * for lsan.supp to name the function. Nothing of Tremplin runs in
 * adw_init(), so the sanitizer build does not track what it allocates. */
static inline void
kiosk_test_init (int *argc, char ***argv)
{
  gtk_test_init (argc, argv, NULL);
#ifdef WITH_ASAN
  __lsan_disable ();
#endif
  adw_init ();
#ifdef WITH_ASAN
  __lsan_enable ();
#endif
}

/* Lets GTK lay out, map and paint what the test just did. */
static inline void
kiosk_test_spin (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Gives @config the test's office key, as kiosk.conf's OfficeKey= would:
 * a kiosk without one takes no registration. */
static inline TrConfig *
kiosk_test_give_office_key (TrConfig *config)
{
  config->has_office_key = TRUE;
  memcpy (config->office_key, test_office ()->public_key, TR_OFFICE_KEY_BYTES);
  return config;
}

/* The defaults, with the database (and the exports) in @dir, and the test's
 * office key; the walk-ins' language @language, or the default (French)
 * when NULL. */
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
  return kiosk_test_give_office_key (config);
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

static inline void
kiosk_test_collect_labels (GtkWidget *widget, GString *out)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_label (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    kiosk_test_collect_labels (child, out);
}

/* Every visible label's text under @widget, one a line. */
static inline char *
kiosk_test_shown_text (GtkWidget *widget)
{
  GString *out = g_string_new (NULL);

  kiosk_test_collect_labels (widget, out);
  return g_string_free (out, FALSE);
}

/* The offers of @kiosk's catalogue open to @session's profile today. */
static inline GPtrArray *
kiosk_test_open_offers (TrKiosk *kiosk, TrSession *session)
{
  GPtrArray *found = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) now = tr_clock_now ();
  TrOfferQuery query = TR_OFFER_QUERY_INIT;
  TrProfile profile;
  GDate today;

  tr_clock_local_gdate (now, &today);
  tr_profile_from_answers (&profile, tr_session_get_answers (session), &today);
  query.profile = &profile;
  tr_catalogue_search (tr_kiosk_get_catalogue (kiosk), &query, found);
  return found;
}

/* The first offer open to @session's profile with a seat left. */
static inline TrOffer *
kiosk_test_find_offer (TrKiosk *kiosk, TrSession *session)
{
  g_autoptr(GPtrArray) found = kiosk_test_open_offers (kiosk, session);

  for (guint i = 0; i < found->len; i++)
    if (tr_offer_get_seats_left (found->pdata[i]) > 0)
      return g_object_ref (found->pdata[i]);
  g_assert_not_reached ();
}
