/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The on-screen keyboard: typing at the cursor, Shift for one letter,
 * accented capitals, the pages that follow the field's input purpose, Enter
 * and Delete, showing and hiding with the focus, left to right in Arabic;
 * and in the kiosk window, OnScreenKeyboard= and a field never hidden
 * behind the keys. */
#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "tr-clock.h"
#include "tr-config.h"
#include "tr-details-page.h"
#include "tr-error.h"
#include "tr-kiosk.h"
#include "tr-osk.h"
#include "tr-window.h"
#include "kiosk-fixture.h"

static gboolean
on_wait_over (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Long enough for the window to be laid out again. */
static void
wait_for_layout (void)
{
  gboolean over = FALSE;

  g_timeout_add (300, on_wait_over, &over);
  while (!over)
    g_main_context_iteration (NULL, TRUE);
  kiosk_test_spin ();
}

/* A window with one field of each kind above the keyboard. */

typedef struct {
  GtkWindow *window;
  TrOsk     *osk;
  GtkWidget *name;
  GtkWidget *email;
  GtkWidget *phone;
  GtkWidget *digits;
  GtkWidget *number;
  GtkWidget *spin_button;
  GtkWidget *button;
  guint      activated;
} Fixture;

static GtkWidget *
add_entry (GtkWidget *box, GtkInputPurpose purpose)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_input_purpose (GTK_ENTRY (entry), purpose);
  gtk_box_append (GTK_BOX (box), entry);
  return entry;
}

static void
on_activate (GtkEntry *entry, Fixture *f)
{
  f->activated++;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1280, 800);
  f->name = add_entry (box, GTK_INPUT_PURPOSE_NAME);
  f->email = add_entry (box, GTK_INPUT_PURPOSE_EMAIL);
  f->phone = add_entry (box, GTK_INPUT_PURPOSE_PHONE);
  f->digits = add_entry (box, GTK_INPUT_PURPOSE_DIGITS);
  f->number = add_entry (box, GTK_INPUT_PURPOSE_NUMBER);
  f->spin_button = gtk_spin_button_new_with_range (0, 100, 1);
  gtk_box_append (GTK_BOX (box), f->spin_button);
  f->button = gtk_button_new_with_label ("Not a text field");
  gtk_box_append (GTK_BOX (box), f->button);
  f->osk = TR_OSK (tr_osk_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (f->osk), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->osk));
  gtk_window_set_child (f->window, box);
  g_signal_connect (f->name, "activate", G_CALLBACK (on_activate), f);
  gtk_window_present (f->window);
  kiosk_test_spin ();
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (f->window);
  kiosk_test_spin ();
}

static void
focus (GtkWidget *field)
{
  g_assert_true (gtk_widget_grab_focus (field));
  kiosk_test_spin ();
}

static GtkWidget *
key (Fixture *f, const char *name)
{
  GtkWidget *found = tr_osk_get_key (f->osk, name);

  if (found == NULL)
    g_error ("no key named %s on show", name);
  return found;
}

static void
press (Fixture *f, const char *name)
{
  /* "clicked" at once: a button's "activate" waits to show it pressed. */
  g_signal_emit_by_name (key (f, name), "clicked");
  kiosk_test_spin ();
}

static const char *
text_of (GtkWidget *field)
{
  return gtk_editable_get_text (GTK_EDITABLE (field));
}

static gboolean
shown (Fixture *f)
{
  return gtk_widget_get_visible (GTK_WIDGET (f->osk));
}

static void
test_types_at_cursor (Fixture *f, gconstpointer data)
{
  focus (f->name);
  gtk_editable_set_text (GTK_EDITABLE (f->name), "Hlne");
  gtk_editable_set_position (GTK_EDITABLE (f->name), 1);
  press (f, "é");
  g_assert_cmpstr (text_of (f->name), ==, "Hélne");
  g_assert_cmpint (gtk_editable_get_position (GTK_EDITABLE (f->name)), ==, 2);
  gtk_editable_set_position (GTK_EDITABLE (f->name), 3);
  press (f, "è");
  g_assert_cmpstr (text_of (f->name), ==, "Hélène");
  press (f, "Space");
  g_assert_cmpstr (text_of (f->name), ==, "Hélè ne");
  /* The focus never left the field. */
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)), f->name));
}

static void
test_replaces_selection (Fixture *f, gconstpointer data)
{
  focus (f->name);
  gtk_editable_set_text (GTK_EDITABLE (f->name), "Dupond");
  gtk_editable_select_region (GTK_EDITABLE (f->name), 4, 6);
  press (f, "n");
  g_assert_cmpstr (text_of (f->name), ==, "Dupon");
  press (f, "t");
  g_assert_cmpstr (text_of (f->name), ==, "Dupont");
}

static void
test_shift_for_one_letter (Fixture *f, gconstpointer data)
{
  focus (f->name);
  g_assert_false (tr_osk_get_shifted (f->osk));
  g_assert_null (tr_osk_get_key (f->osk, "A"));
  press (f, "Shift");
  g_assert_true (tr_osk_get_shifted (f->osk));
  /* The keys show, and are named, what they type. */
  g_assert_null (tr_osk_get_key (f->osk, "a"));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (key (f, "A"))), ==, "A");
  press (f, "A");
  g_assert_false (tr_osk_get_shifted (f->osk));
  g_assert_null (tr_osk_get_key (f->osk, "A"));
  press (f, "w");
  press (f, "a");
  g_assert_cmpstr (text_of (f->name), ==, "Awa");

  /* Shift twice: not shifted. */
  press (f, "Shift");
  press (f, "Shift");
  g_assert_false (tr_osk_get_shifted (f->osk));
  press (f, "'");
  g_assert_cmpstr (text_of (f->name), ==, "Awa'");
}

static void
test_accented_capitals (Fixture *f, gconstpointer data)
{
  const char *lower[] = { "é", "è", "ê", "ë", "à", "â", "ç", "ù", "û", "ô", "î", "ï" };
  const char *upper[] = { "É", "È", "Ê", "Ë", "À", "Â", "Ç", "Ù", "Û", "Ô", "Î", "Ï" };
  g_autoptr(GString) expected = g_string_new (NULL);

  focus (f->name);
  for (guint i = 0; i < G_N_ELEMENTS (lower); i++)
    {
      press (f, lower[i]);
      press (f, "Shift");
      press (f, upper[i]);
      g_string_append (expected, lower[i]);
      g_string_append (expected, upper[i]);
    }
  g_assert_cmpstr (text_of (f->name), ==, expected->str);
}

static void
test_digits_and_symbols_page (Fixture *f, gconstpointer data)
{
  const char *digits[] = { "1", "2", "3", "4", "5", "6", "7", "8", "9", "0" };

  focus (f->name);
  g_assert_cmpint (tr_osk_get_page (f->osk), ==, TR_OSK_LETTERS);
  g_assert_null (tr_osk_get_key (f->osk, "1"));
  press (f, "Digits and symbols");
  g_assert_cmpint (tr_osk_get_page (f->osk), ==, TR_OSK_SYMBOLS);
  g_assert_null (tr_osk_get_key (f->osk, "a"));
  for (guint i = 0; i < G_N_ELEMENTS (digits); i++)
    press (f, digits[i]);
  press (f, "€");
  press (f, ".");
  g_assert_cmpstr (text_of (f->name), ==, "1234567890€.");
  press (f, "Letters");
  g_assert_cmpint (tr_osk_get_page (f->osk), ==, TR_OSK_LETTERS);
  press (f, "a");
  g_assert_cmpstr (text_of (f->name), ==, "1234567890€.a");
}

static void
type_keys (Fixture *f, const char * const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    press (f, names[i]);
}

static void
test_email_keys (Fixture *f, gconstpointer data)
{
  const char * const typed[] = { "z", "o", "e", ".", "c", "@", "e", "x", "-", "a", "_", "b", ".fr", NULL };
  const char * const email_keys[] = { "@", ".", "-", "_", ".fr", ".com" };

  focus (f->name);
  for (guint i = 0; i < G_N_ELEMENTS (email_keys); i++)
    g_assert_true (g_str_equal (email_keys[i], "-") || tr_osk_get_key (f->osk, email_keys[i]) == NULL);
  g_assert_nonnull (tr_osk_get_key (f->osk, "é"));

  focus (f->email);
  g_assert_cmpint (tr_osk_get_page (f->osk), ==, TR_OSK_LETTERS);
  for (guint i = 0; i < G_N_ELEMENTS (email_keys); i++)
    g_assert_nonnull (tr_osk_get_key (f->osk, email_keys[i]));
  /* Shift does not make ".fr" shout. */
  press (f, "Shift");
  g_assert_nonnull (tr_osk_get_key (f->osk, ".com"));
  press (f, "Shift");
  type_keys (f, typed);
  g_assert_cmpstr (text_of (f->email), ==, "zoe.c@ex-a_b.fr");
  press (f, ".com");
  g_assert_cmpstr (text_of (f->email), ==, "zoe.c@ex-a_b.fr.com");
}

static void
test_numeric_pad_by_purpose (Fixture *f, gconstpointer data)
{
  focus (f->phone);
  g_assert_cmpint (tr_osk_get_page (f->osk), ==, TR_OSK_NUMERIC);
  g_assert_null (tr_osk_get_key (f->osk, "a"));
  g_assert_null (tr_osk_get_key (f->osk, "/"));
  type_keys (f, (const char * const[]) { "+", "3", "3", "6", NULL });
  g_assert_cmpstr (text_of (f->phone), ==, "+336");

  focus (f->number);
  g_assert_cmpint (tr_osk_get_page (f->osk), ==, TR_OSK_NUMERIC);
  g_assert_null (tr_osk_get_key (f->osk, "+"));
  type_keys (f, (const char * const[]) { "1", "4", "/", "0", "3", NULL });
  g_assert_cmpstr (text_of (f->number), ==, "14/03");

  focus (f->digits);
  g_assert_cmpint (tr_osk_get_page (f->osk), ==, TR_OSK_NUMERIC);
  g_assert_null (tr_osk_get_key (f->osk, "+"));
  g_assert_null (tr_osk_get_key (f->osk, "/"));
  type_keys (f, (const char * const[]) { "7", "5", "0", "1", "1", NULL });
  g_assert_cmpstr (text_of (f->digits), ==, "75011");
  /* The letters stay one key away. */
  press (f, "Letters");
  g_assert_cmpint (tr_osk_get_page (f->osk), ==, TR_OSK_LETTERS);

  gtk_widget_grab_focus (f->spin_button);
  kiosk_test_spin ();
  g_assert_cmpint (tr_osk_get_page (f->osk), ==, TR_OSK_NUMERIC);

  focus (f->name);
  g_assert_cmpint (tr_osk_get_page (f->osk), ==, TR_OSK_LETTERS);
}

static void
test_delete (Fixture *f, gconstpointer data)
{
  focus (f->name);
  gtk_editable_set_text (GTK_EDITABLE (f->name), "Zoé");
  gtk_editable_set_position (GTK_EDITABLE (f->name), -1);
  press (f, "Delete");
  g_assert_cmpstr (text_of (f->name), ==, "Zo");
  gtk_editable_set_text (GTK_EDITABLE (f->name), "abc");
  gtk_editable_set_position (GTK_EDITABLE (f->name), 2);
  press (f, "Delete");
  g_assert_cmpstr (text_of (f->name), ==, "ac");
  g_assert_cmpint (gtk_editable_get_position (GTK_EDITABLE (f->name)), ==, 1);
  gtk_editable_select_region (GTK_EDITABLE (f->name), 0, -1);
  press (f, "Delete");
  g_assert_cmpstr (text_of (f->name), ==, "");
  /* Nothing left to delete: still nothing, no crash. */
  press (f, "Delete");
  g_assert_cmpstr (text_of (f->name), ==, "");

  focus (f->phone);
  press (f, "0");
  press (f, "6");
  press (f, "Delete");
  g_assert_cmpstr (text_of (f->phone), ==, "0");
}

static void
test_enter_activates_field (Fixture *f, gconstpointer data)
{
  focus (f->name);
  press (f, "Enter");
  g_assert_cmpuint (f->activated, ==, 1);
}

static void
test_shown_with_text_fields_only (Fixture *f, gconstpointer data)
{
  /* The window gave its first field the focus as it opened. */
  g_assert_true (shown (f));
  focus (f->button);
  g_assert_false (shown (f));
  g_assert_null (tr_osk_get_key (f->osk, "a"));
  focus (f->name);
  g_assert_true (shown (f));
  focus (f->button);
  g_assert_false (shown (f));
  focus (f->email);
  g_assert_true (shown (f));

  /* Hide: the field lets go of the focus, touching it brings the keys back. */
  press (f, "Hide keyboard");
  g_assert_false (shown (f));
  g_assert_null (gtk_root_get_focus (GTK_ROOT (f->window)));
  focus (f->email);
  g_assert_true (shown (f));

  /* A field that cannot be typed in gets no keyboard. */
  gtk_editable_set_editable (GTK_EDITABLE (f->name), FALSE);
  focus (f->name);
  g_assert_false (shown (f));
}

static void
test_disabled_never_shows (Fixture *f, gconstpointer data)
{
  tr_osk_set_enabled (f->osk, FALSE);
  g_assert_false (tr_osk_get_enabled (f->osk));
  focus (f->name);
  g_assert_false (shown (f));
  focus (f->phone);
  g_assert_false (shown (f));
  tr_osk_set_enabled (f->osk, TRUE);
  g_assert_true (shown (f));
  tr_osk_set_enabled (f->osk, FALSE);
  g_assert_false (shown (f));
}

static void
test_keys_never_take_focus (Fixture *f, gconstpointer data)
{
  const char *letters[] = { "a", "é", "Shift", "Delete", "Space", "Enter", "Hide keyboard", "Digits and symbols", "-" };
  const char *numeric[] = { "0", "+", "Delete", "Enter", "Hide keyboard", "Letters" };

  focus (f->name);
  for (guint i = 0; i < G_N_ELEMENTS (letters); i++)
    {
      g_assert_false (gtk_widget_get_focusable (key (f, letters[i])));
      g_assert_false (gtk_widget_get_focus_on_click (key (f, letters[i])));
    }
  focus (f->phone);
  for (guint i = 0; i < G_N_ELEMENTS (numeric); i++)
    {
      g_assert_false (gtk_widget_get_focusable (key (f, numeric[i])));
      g_assert_false (gtk_widget_get_focus_on_click (key (f, numeric[i])));
    }
}

/* The key as a finger sees it: its box, padding and border included. */
static void
assert_touch_size (Fixture *f, const char *name)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (key (f, name), key (f, name), &bounds));
  if (bounds.size.width < 48 || bounds.size.height < 48)
    g_error ("the key %s is %.0f×%.0f px, smaller than a finger", name,
             bounds.size.width, bounds.size.height);
}

static void
test_keys_big_enough (Fixture *f, gconstpointer data)
{
  const char *letters[] = { "a", "ï", "'", "-", "Shift", "Delete", "Space", "Enter", "Hide keyboard" };

  focus (f->name);
  wait_for_layout ();
  for (guint i = 0; i < G_N_ELEMENTS (letters); i++)
    assert_touch_size (f, letters[i]);
  focus (f->phone);
  wait_for_layout ();
  assert_touch_size (f, "0");
  assert_touch_size (f, "+");
}

/* x of @name's key in the keyboard. */
static double
key_x (Fixture *f, const char *name)
{
  graphene_point_t point;

  g_assert_true (gtk_widget_compute_point (key (f, name), GTK_WIDGET (f->osk),
                                           &GRAPHENE_POINT_INIT (0, 0), &point));
  return point.x;
}

static void
test_left_to_right_in_arabic (Fixture *f, gconstpointer data)
{
  gtk_widget_set_default_direction (GTK_TEXT_DIR_RTL);
  focus (f->name);
  wait_for_layout ();
  g_assert_cmpint (gtk_widget_get_direction (key (f, "a")), ==, GTK_TEXT_DIR_LTR);
  g_assert_cmpfloat (key_x (f, "a"), <, key_x (f, "z"));
  g_assert_cmpfloat (key_x (f, "Shift"), <, key_x (f, "w"));
  g_assert_cmpfloat (key_x (f, "é"), <, key_x (f, "ï"));
  focus (f->phone);
  wait_for_layout ();
  g_assert_cmpfloat (key_x (f, "1"), <, key_x (f, "3"));
  gtk_widget_set_default_direction (GTK_TEXT_DIR_LTR);
}

/* kiosk.conf */

static char *
write_conf (const char *dir, const char *body)
{
  char *path = g_build_filename (dir, "kiosk.conf", NULL);
  g_autofree char *text = g_strdup_printf ("[Kiosk]\nDatabase=%s/t.db\n%s", dir, body);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static void
test_config_switch (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tremplin-osk-XXXXXX", NULL);
  g_autoptr(TrConfig) defaults = tr_config_new_default ();
  g_autoptr(GError) error = NULL;

  g_assert_true (defaults->on_screen_keyboard);
  {
    g_autofree char *path = write_conf (dir, "Language=fr\n");
    g_autoptr(TrConfig) config = tr_config_load (path, &error);

    g_assert_no_error (error);
    g_assert_true (config->on_screen_keyboard);
  }
  {
    g_autofree char *path = write_conf (dir, "OnScreenKeyboard=false\n");
    g_autoptr(TrConfig) config = tr_config_load (path, &error);

    g_assert_no_error (error);
    g_assert_false (config->on_screen_keyboard);
  }
  {
    g_autofree char *path = write_conf (dir, "OnScreenKeyboard=sometimes\n");
    g_autoptr(TrConfig) config = tr_config_load (path, &error);

    g_assert_null (config);
    g_assert_error (error, TR_ERROR, TR_ERROR_PARSE);
    g_assert_nonnull (strstr (error->message, "OnScreenKeyboard must be true or false"));
  }
  kiosk_test_remove_tree (dir);
}

/* In the kiosk window */

typedef struct {
  char     *dir;
  TrKiosk  *kiosk;
  TrWindow *window;
  TrOsk    *osk;
} WindowFixture;

/* An eligible walk-in with an offer chosen, on the details page. */
static void
walk_to_details (WindowFixture *w)
{
  TrSession *session = tr_window_get_session (w->window);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GDateTime) now = tr_clock_now ();
  GDate today;

  tr_clock_local_gdate (now, &today);
  tr_session_set_answer (session, "birth_date", "1990-03-14");
  tr_session_set_answer (session, "postcode", "75018");
  tr_session_set_answer (session, "qpv", "yes");
  tr_session_set_answer (session, "job_status", "not_registered");
  tr_session_set_answer (session, "diploma", "bac");
  tr_session_set_answer (session, "gender", "woman");
  tr_session_set_answer (session, "in_training", "no");
  tr_session_set_verdict (session, tr_rules_decide (tr_kiosk_get_rules (w->kiosk),
                                                    tr_session_get_answers (session), &today, NULL));
  found = kiosk_test_open_offers (w->kiosk, session);
  g_assert_cmpuint (found->len, >, 0);
  tr_session_set_offer (session, found->pdata[0]);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (w->window), "walk.go-to", "s", "details"));
  kiosk_test_spin ();
  g_assert_cmpstr (tr_page_get_name (tr_window_get_page (w->window)), ==, "details");
}

static void
open_window_sized (WindowFixture *w, gboolean on_screen_keyboard, int width, int height)
{
  TrConfig *config;

  w->dir = g_dir_make_tmp ("tremplin-osk-XXXXXX", NULL);
  config = kiosk_test_config (w->dir, "en");
  config->on_screen_keyboard = on_screen_keyboard;
  w->kiosk = tr_kiosk_new (config);
  g_assert_false (tr_kiosk_is_faulty (w->kiosk));
  w->window = tr_window_new (NULL, w->kiosk, FALSE);
  gtk_window_set_default_size (GTK_WINDOW (w->window), width, height);
  gtk_window_present (GTK_WINDOW (w->window));
  kiosk_test_spin ();
  w->osk = TR_OSK (kiosk_test_find (GTK_WIDGET (w->window), TR_TYPE_OSK));
  g_assert_nonnull (w->osk);
  walk_to_details (w);
}

static void
open_window (WindowFixture *w, gboolean on_screen_keyboard)
{
  open_window_sized (w, on_screen_keyboard, 1280, 800);
}

static void
close_window (WindowFixture *w)
{
  kiosk_test_close (w->window, &w->kiosk, &w->dir);
}

static GtkWidget *
details_entry (WindowFixture *w, TrField field)
{
  return GTK_WIDGET (tr_details_page_get_entry (TR_DETAILS_PAGE (tr_window_get_page (w->window)), field));
}

static void
test_window_without_keyboard (void)
{
  WindowFixture w = { 0 };

  open_window (&w, FALSE);
  g_assert_false (tr_osk_get_enabled (w.osk));
  for (TrField field = 0; field < TR_N_FIELDS; field++)
    {
      gtk_widget_grab_focus (details_entry (&w, field));
      kiosk_test_spin ();
      g_assert_false (gtk_widget_get_visible (GTK_WIDGET (w.osk)));
    }
  close_window (&w);
}

/* Every field of the details page, once focused, shows above the keys,
 * and Enter on the keyboard goes from field to field. */
static void
test_window_field_never_hidden (void)
{
  WindowFixture w = { 0 };

  open_window (&w, TRUE);
  /* Enter leaves a field only when what it holds is right. */
  gtk_editable_set_text (GTK_EDITABLE (details_entry (&w, TR_FIELD_FIRST_NAME)), "Zoé");
  gtk_editable_set_text (GTK_EDITABLE (details_entry (&w, TR_FIELD_LAST_NAME)), "Çelik");
  gtk_editable_set_text (GTK_EDITABLE (details_entry (&w, TR_FIELD_PHONE)), "0612345678");
  for (TrField field = 0; field < TR_N_FIELDS; field++)
    {
      GtkWidget *entry = details_entry (&w, field);
      graphene_rect_t bounds;
      graphene_point_t osk_top;

      if (field == 0)
        gtk_widget_grab_focus (entry);
      else
        {
          g_signal_emit_by_name (tr_osk_get_key (w.osk, "Enter"), "clicked");
          kiosk_test_spin ();
        }
      wait_for_layout ();
      if (!gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (w.window)), entry))
        g_error ("field %u does not have the focus", field);
      g_assert_true (gtk_widget_get_visible (GTK_WIDGET (w.osk)));
      g_assert_true (gtk_widget_compute_bounds (entry, GTK_WIDGET (w.window), &bounds));
      g_assert_true (gtk_widget_compute_point (GTK_WIDGET (w.osk), GTK_WIDGET (w.window),
                                               &GRAPHENE_POINT_INIT (0, 0), &osk_top));
      if (bounds.origin.y < 0 || bounds.origin.y + bounds.size.height > osk_top.y)
        g_error ("field %u is at y %.0f–%.0f, the keyboard starts at %.0f", field,
                 bounds.origin.y, bounds.origin.y + bounds.size.height, osk_top.y);
    }
  close_window (&w);
}

/* On the screen this test runs on (meson runs it at 1280×800 and at
 * 1024×600), the keyboard gives up height, not keys: every key of the
 * letters and of the email row is 44 px or more and on screen, and the
 * window, keyboard up, is no taller than the screen. */
static void
test_window_small_screen (void)
{
  WindowFixture w = { 0 };
  const char *keys[] = { "a", "w", "c", "n", "Space", "Enter", "Hide keyboard", "Shift", "@", ".fr" };
  g_autoptr(GtkCssProvider) style = gtk_css_provider_new ();
  GdkMonitor *monitor;
  GdkRectangle screen;
  int window_height;

  /* The kiosk's own style sheet, as the application loads it. */
  gtk_css_provider_load_from_resource (style, "/org/tremplin/Kiosk/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (style),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  open_window_sized (&w, TRUE, 1024, 600);
  gtk_widget_grab_focus (details_entry (&w, TR_FIELD_EMAIL));
  wait_for_layout ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (w.osk)));
  monitor = gdk_display_get_monitor_at_surface (gtk_widget_get_display (GTK_WIDGET (w.window)),
                                                gtk_native_get_surface (GTK_NATIVE (w.window)));
  gdk_monitor_get_geometry (monitor, &screen);
  window_height = gtk_widget_get_height (GTK_WIDGET (w.window));
  g_assert_cmpint (window_height, <=, screen.height);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      GtkWidget *key = tr_osk_get_key (w.osk, keys[i]);
      graphene_rect_t bounds;

      g_assert_nonnull (key);
      g_assert_true (gtk_widget_compute_bounds (key, GTK_WIDGET (w.window), &bounds));
      if (bounds.size.width < 44 || bounds.size.height < 44 || bounds.origin.y + bounds.size.height > window_height)
        g_error ("the key %s is %.0f×%.0f px at y %.0f in a %d px window", keys[i],
                 bounds.size.width, bounds.size.height, bounds.origin.y, window_height);
    }
  g_test_message ("screen %d, window %d, keyboard %d", screen.height, window_height, gtk_widget_get_height (GTK_WIDGET (w.osk)));
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (w.osk)), <=, window_height * 45 / 100 + 1);
  close_window (&w);
  gtk_style_context_remove_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (style));
}

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int argc, char **argv)
{
  g_setenv ("LANGUAGE", "en", TRUE);
  kiosk_test_init (&argc, &argv);

  ADD ("/osk/types-at-cursor", test_types_at_cursor);
  ADD ("/osk/replaces-selection", test_replaces_selection);
  ADD ("/osk/shift-for-one-letter", test_shift_for_one_letter);
  ADD ("/osk/accented-capitals", test_accented_capitals);
  ADD ("/osk/digits-and-symbols", test_digits_and_symbols_page);
  ADD ("/osk/email-keys", test_email_keys);
  ADD ("/osk/numeric-pad-by-purpose", test_numeric_pad_by_purpose);
  ADD ("/osk/delete", test_delete);
  ADD ("/osk/enter-activates", test_enter_activates_field);
  ADD ("/osk/shown-with-text-fields-only", test_shown_with_text_fields_only);
  ADD ("/osk/disabled-never-shows", test_disabled_never_shows);
  ADD ("/osk/keys-never-take-focus", test_keys_never_take_focus);
  ADD ("/osk/keys-big-enough", test_keys_big_enough);
  ADD ("/osk/left-to-right-in-arabic", test_left_to_right_in_arabic);
  g_test_add_func ("/osk/config-switch", test_config_switch);
  g_test_add_func ("/osk/window-without-keyboard", test_window_without_keyboard);
  g_test_add_func ("/osk/window-field-never-hidden", test_window_field_never_hidden);
  g_test_add_func ("/osk/window-small-screen", test_window_small_screen);
  return g_test_run ();
}
