/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-osk.c — the kiosk's own on-screen keyboard, typing into the focused field. */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "tr-osk-layout.h"
#include "tr-osk.h"

/* Space kept between the field being typed in and the keyboard. */
#define REVEAL_MARGIN 24
/* Keys are never smaller than a fingertip, in pixels (WCAG 2.5.5: 44)... */
#define KEY_MIN_SIZE 44
/* ...and grow by this much per row where the screen has room: the
 * keyboard of a 1280×800 screen and up. */
#define KEY_ROOM 8
#define NUMERIC_KEY_ROOM 16
/* The keyboard takes at most this share of the window's height, so that
 * the field and the page's buttons stay above it on a 1024×600 screen. */
#define MAX_SHARE_OF_HEIGHT 0.45

struct _TrOsk
{
  GtkWidget    parent_instance;

  GtkWidget   *content;
  GtkWidget   *pages[3];      /* by TrOskPage */
  GtkWidget   *accent_row;
  GtkWidget   *email_row;
  GtkWidget   *shift_key;
  GtkWidget   *extra_keys[2]; /* the numeric pad's keys that follow the field */
  GPtrArray   *keys;          /* every key; the widget tree owns them */

  gboolean     enabled;
  gboolean     shifted;
  TrOskPage    page;
  GtkRoot     *root;
  GtkEditable *target;        /* weak: the focused text field */
  int          last_height;
  guint        reveal_source;
  GtkEventController *pointer_watch;  /* on the root */
  gboolean     pointer_down;
  gboolean     hide_on_release;
  guint        release_source;
};

G_DEFINE_FINAL_TYPE (TrOsk, tr_osk, GTK_TYPE_WIDGET)

/* Keys */

static TrOskKeyKind
kind_of (GtkWidget *key)
{
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (key), "tr-osk-kind"));
}

static const char *
text_of (GtkWidget *key)
{
  return g_object_get_data (G_OBJECT (key), "tr-osk-text");
}

/* Single letters follow Shift; ".com" or "@" do not. */
static gboolean
follows_shift (const char *text)
{
  return text != NULL && g_utf8_strlen (text, -1) == 1 && g_unichar_isalpha (g_utf8_get_char (text));
}

/* What a TEXT key types, Shift considered. */
static char *
typed_text (TrOsk *self, GtkWidget *key)
{
  const char *text = text_of (key);

  if (self->shifted && follows_shift (text))
    return g_utf8_strup (text, -1);
  return g_strdup (text);
}

/* What a screen reader reads, and what tests look keys up by. */
static char *
name_of (TrOsk *self, GtkWidget *key)
{
  switch (kind_of (key))
    {
    case TR_OSK_KEY_TEXT:
    case TR_OSK_KEY_EXTRA:
      return typed_text (self, key);
    case TR_OSK_KEY_SPACE:
      return g_strdup (_("Space"));
    case TR_OSK_KEY_SHIFT:
      return g_strdup (_("Shift"));
    case TR_OSK_KEY_BACKSPACE:
      return g_strdup (_("Delete"));
    case TR_OSK_KEY_ENTER:
      return g_strdup (_("Enter"));
    case TR_OSK_KEY_HIDE:
      return g_strdup (_("Hide keyboard"));
    case TR_OSK_KEY_SYMBOLS:
      return g_strdup (_("Digits and symbols"));
    case TR_OSK_KEY_LETTERS:
      return g_strdup (_("Letters"));
    case TR_OSK_KEY_END:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Labels follow Shift, names follow the session's language. */
static void
refresh_key (TrOsk *self, GtkWidget *key)
{
  g_autofree char *name = name_of (self, key);
  TrOskKeyKind kind = kind_of (key);

  /* A numeric pad's key with nothing to type for this field is hidden. */
  if (name == NULL)
    return;
  if (kind == TR_OSK_KEY_TEXT || kind == TR_OSK_KEY_EXTRA)
    gtk_button_set_label (GTK_BUTTON (key), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (key), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_object_set_data_full (G_OBJECT (key), "tr-osk-name", g_steal_pointer (&name), g_free);
}

static void
refresh_keys (TrOsk *self)
{
  for (guint i = 0; i < self->keys->len; i++)
    refresh_key (self, self->keys->pdata[i]);
}

/* The keyboard is made with the window, before the session's language is
 * applied: it is named again each time it shows. */
static void
refresh_name (TrOsk *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("On-screen keyboard"), -1);
}

static void
set_shifted (TrOsk *self, gboolean shifted)
{
  if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->shift_key)) != shifted)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->shift_key), shifted);
}

static void
on_shift_toggled (GtkToggleButton *shift, TrOsk *self)
{
  self->shifted = gtk_toggle_button_get_active (shift);
  refresh_keys (self);
}

/* Typing, as the physical keyboard types into a GtkText */

static void
type_text (TrOsk *self, const char *text)
{
  GtkEditable *editable = self->target;
  int start, end, position;

  if (editable == NULL || text == NULL)
    return;
  if (gtk_editable_get_selection_bounds (editable, &start, &end))
    gtk_editable_delete_text (editable, start, end);
  position = gtk_editable_get_position (editable);
  gtk_editable_insert_text (editable, text, -1, &position);
  gtk_editable_set_position (editable, position);
}

static void
delete_backwards (TrOsk *self)
{
  GtkEditable *editable = self->target;
  int start, end, position;

  if (editable == NULL)
    return;
  /* GtkText's own Backspace knows characters made of several code points. */
  if (GTK_IS_TEXT (editable))
    {
      g_signal_emit_by_name (editable, "backspace");
      return;
    }
  if (gtk_editable_get_selection_bounds (editable, &start, &end))
    {
      gtk_editable_delete_text (editable, start, end);
      return;
    }
  position = gtk_editable_get_position (editable);
  if (position > 0)
    gtk_editable_delete_text (editable, position - 1, position);
}

static void show_page (TrOsk *self, TrOskPage page);

static void
on_key_clicked (GtkButton *key, TrOsk *self)
{
  switch (kind_of (GTK_WIDGET (key)))
    {
    case TR_OSK_KEY_TEXT:
    case TR_OSK_KEY_EXTRA:
      {
        g_autofree char *text = typed_text (self, GTK_WIDGET (key));

        type_text (self, text);
        /* Shift is for one letter, then back to lower case. */
        set_shifted (self, FALSE);
      }
      break;
    case TR_OSK_KEY_SPACE:
      type_text (self, " ");
      break;
    case TR_OSK_KEY_BACKSPACE:
      delete_backwards (self);
      break;
    case TR_OSK_KEY_ENTER:
      /* As Enter on a physical keyboard: the field's "activate". */
      if (self->target != NULL && g_signal_lookup ("activate", G_OBJECT_TYPE (self->target)) != 0)
        g_signal_emit_by_name (self->target, "activate");
      else if (self->target != NULL)
        gtk_widget_activate (GTK_WIDGET (self->target));
      break;
    case TR_OSK_KEY_HIDE:
      /* Leaving the field hides the keyboard; touching a field brings it back. */
      if (self->root != NULL)
        gtk_root_set_focus (self->root, NULL);
      break;
    case TR_OSK_KEY_SYMBOLS:
      show_page (self, TR_OSK_SYMBOLS);
      break;
    case TR_OSK_KEY_LETTERS:
      show_page (self, TR_OSK_LETTERS);
      break;
    case TR_OSK_KEY_SHIFT:
    case TR_OSK_KEY_END:
    default:
      break;
    }
}

static GtkWidget *
icon_content (const char *first_icon, const char *second_icon)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);

  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (first_icon));
  if (second_icon != NULL)
    gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (second_icon));
  return box;
}

static GtkWidget *
new_key (TrOsk *self, const TrOskKey *spec)
{
  GtkWidget *key = spec->kind == TR_OSK_KEY_SHIFT ? gtk_toggle_button_new () : gtk_button_new ();

  /* The focus stays in the field being typed in. */
  gtk_widget_set_focusable (key, FALSE);
  gtk_widget_set_focus_on_click (key, FALSE);
  gtk_widget_set_hexpand (key, TRUE);
  gtk_widget_set_vexpand (key, TRUE);
  /* Big enough for a finger, whatever the style sheet says. */
  gtk_widget_set_size_request (key, KEY_MIN_SIZE, KEY_MIN_SIZE);
  gtk_widget_add_css_class (key, "osk-key");
  g_object_set_data (G_OBJECT (key), "tr-osk-kind", GINT_TO_POINTER (spec->kind));
  g_object_set_data (G_OBJECT (key), "tr-osk-text", (gpointer) spec->text);

  switch (spec->kind)
    {
    case TR_OSK_KEY_SHIFT:
      gtk_button_set_child (GTK_BUTTON (key), icon_content ("go-up-symbolic", NULL));
      g_signal_connect (key, "toggled", G_CALLBACK (on_shift_toggled), self);
      self->shift_key = key;
      break;
    case TR_OSK_KEY_BACKSPACE:
      gtk_button_set_child (GTK_BUTTON (key), icon_content ("edit-clear-symbolic", NULL));
      break;
    case TR_OSK_KEY_ENTER:
      gtk_button_set_child (GTK_BUTTON (key), icon_content ("go-next-symbolic", NULL));
      gtk_widget_add_css_class (key, "osk-enter");
      break;
    case TR_OSK_KEY_HIDE:
      gtk_button_set_child (GTK_BUTTON (key), icon_content ("input-keyboard-symbolic", "go-down-symbolic"));
      break;
    case TR_OSK_KEY_SYMBOLS:
      gtk_button_set_label (GTK_BUTTON (key), "?123");
      break;
    case TR_OSK_KEY_LETTERS:
      gtk_button_set_label (GTK_BUTTON (key), "ABC");
      break;
    case TR_OSK_KEY_SPACE:
      gtk_widget_add_css_class (key, "osk-space");
      break;
    case TR_OSK_KEY_TEXT:
    case TR_OSK_KEY_EXTRA:
    case TR_OSK_KEY_END:
    default:
      break;
    }
  if (spec->kind != TR_OSK_KEY_TEXT && spec->kind != TR_OSK_KEY_EXTRA && spec->kind != TR_OSK_KEY_SPACE)
    gtk_widget_add_css_class (key, "osk-action");
  if (spec->kind != TR_OSK_KEY_SHIFT)
    g_signal_connect (key, "clicked", G_CALLBACK (on_key_clicked), self);
  g_ptr_array_add (self->keys, key);
  return key;
}

/* Layout */

/* One row of TR_OSK_ROW_UNITS equal columns, so keys line up across rows. */
static GtkWidget *
new_row (TrOsk *self, const TrOskKey *keys)
{
  GtkWidget *grid = gtk_grid_new ();
  guint column = 0;

  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
  for (const TrOskKey *spec = keys; spec->kind != TR_OSK_KEY_END; spec++)
    {
      gtk_grid_attach (GTK_GRID (grid), new_key (self, spec), column, 0, spec->units, 1);
      column += spec->units;
    }
  g_warn_if_fail (column == TR_OSK_ROW_UNITS);
  return grid;
}

static GtkWidget *
new_page (void)
{
  GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_box_set_homogeneous (GTK_BOX (page), TRUE);
  return page;
}

static GtkWidget *
new_letters_page (TrOsk *self)
{
  GtkWidget *page = new_page ();

  self->accent_row = new_row (self, tr_osk_accent_row);
  self->email_row = new_row (self, tr_osk_email_row);
  gtk_box_append (GTK_BOX (page), self->accent_row);
  gtk_box_append (GTK_BOX (page), self->email_row);
  for (guint i = 0; tr_osk_letter_rows[i] != NULL; i++)
    gtk_box_append (GTK_BOX (page), new_row (self, tr_osk_letter_rows[i]));
  return page;
}

static GtkWidget *
new_symbols_page (TrOsk *self)
{
  GtkWidget *page = new_page ();

  for (guint i = 0; tr_osk_symbol_rows[i] != NULL; i++)
    gtk_box_append (GTK_BOX (page), new_row (self, tr_osk_symbol_rows[i]));
  return page;
}

static GtkWidget *
new_numeric_page (TrOsk *self)
{
  GtkWidget *grid = gtk_grid_new ();
  guint extras = 0;

  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
  gtk_grid_set_row_homogeneous (GTK_GRID (grid), TRUE);
  gtk_widget_set_halign (grid, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (grid, "osk-numeric");
  for (guint row = 0; tr_osk_numeric_rows[row] != NULL; row++)
    {
      guint column = 0;

      for (const TrOskKey *spec = tr_osk_numeric_rows[row]; spec->kind != TR_OSK_KEY_END; spec++)
        {
          GtkWidget *key = new_key (self, spec);

          if (spec->kind == TR_OSK_KEY_EXTRA && extras < G_N_ELEMENTS (self->extra_keys))
            self->extra_keys[extras++] = key;
          gtk_grid_attach (GTK_GRID (grid), key, column, row, spec->units, 1);
          column += spec->units;
        }
    }
  return grid;
}

/* GTK does not pass a direction down: every widget of the keyboard is told
 * it is left to right, so that AZERTY stays AZERTY in Arabic. */
static void
set_left_to_right (GtkWidget *widget)
{
  gtk_widget_set_direction (widget, GTK_TEXT_DIR_LTR);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    set_left_to_right (child);
}

static void
show_page (TrOsk *self, TrOskPage page)
{
  self->page = page;
  for (guint i = 0; i < G_N_ELEMENTS (self->pages); i++)
    gtk_widget_set_visible (self->pages[i], i == page);
  set_shifted (self, FALSE);
}

/* The keys are made when first needed: a kiosk with a physical keyboard
 * never has them. */
static void
ensure_keys (TrOsk *self)
{
  GtkWidget *pages;

  if (self->keys->len > 0)
    return;
  pages = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  self->pages[TR_OSK_LETTERS] = new_letters_page (self);
  self->pages[TR_OSK_SYMBOLS] = new_symbols_page (self);
  self->pages[TR_OSK_NUMERIC] = new_numeric_page (self);
  for (guint i = 0; i < G_N_ELEMENTS (self->pages); i++)
    gtk_box_append (GTK_BOX (pages), self->pages[i]);
  adw_clamp_set_child (ADW_CLAMP (self->content), pages);
  set_left_to_right (GTK_WIDGET (self));
}

/* The field */

static GtkInputPurpose
purpose_of (GtkEditable *editable)
{
  GtkInputPurpose purpose = GTK_INPUT_PURPOSE_FREE_FORM;
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (editable));

  if (parent != NULL && GTK_IS_SPIN_BUTTON (parent))
    return GTK_INPUT_PURPOSE_NUMBER;
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (editable), "input-purpose") != NULL)
    g_object_get (editable, "input-purpose", &purpose, NULL);
  return purpose;
}

/* The keys that fit the field: digits for numbers, @ for an email address. */
static void
arrange_for (TrOsk *self, GtkEditable *editable)
{
  GtkInputPurpose purpose = purpose_of (editable);
  const char *extras[2] = { NULL, NULL };

  switch (purpose)
    {
    case GTK_INPUT_PURPOSE_PHONE:
      extras[0] = "+";
      break;
    case GTK_INPUT_PURPOSE_NUMBER:
      /* Dates are typed as numbers: 14/03/1990. */
      extras[0] = "/";
      break;
    case GTK_INPUT_PURPOSE_DIGITS:
    case GTK_INPUT_PURPOSE_PIN:
    case GTK_INPUT_PURPOSE_FREE_FORM:
    case GTK_INPUT_PURPOSE_ALPHA:
    case GTK_INPUT_PURPOSE_URL:
    case GTK_INPUT_PURPOSE_EMAIL:
    case GTK_INPUT_PURPOSE_NAME:
    case GTK_INPUT_PURPOSE_PASSWORD:
    case GTK_INPUT_PURPOSE_TERMINAL:
    default:
      break;
    }
  for (guint i = 0; i < G_N_ELEMENTS (self->extra_keys); i++)
    {
      g_object_set_data (G_OBJECT (self->extra_keys[i]), "tr-osk-text", (gpointer) extras[i]);
      gtk_widget_set_visible (self->extra_keys[i], extras[i] != NULL);
    }
  gtk_widget_set_visible (self->email_row, purpose == GTK_INPUT_PURPOSE_EMAIL);
  gtk_widget_set_visible (self->accent_row, purpose != GTK_INPUT_PURPOSE_EMAIL);
  show_page (self, purpose == GTK_INPUT_PURPOSE_PHONE || purpose == GTK_INPUT_PURPOSE_DIGITS ||
                   purpose == GTK_INPUT_PURPOSE_NUMBER || purpose == GTK_INPUT_PURPOSE_PIN
                   ? TR_OSK_NUMERIC : TR_OSK_LETTERS);
}

/* A text field takes the focus itself (a GtkEntry's is its inner GtkText). */
static GtkEditable *
text_field_of (GtkWidget *focus)
{
  if (focus == NULL || !GTK_IS_EDITABLE (focus) || !gtk_editable_get_editable (GTK_EDITABLE (focus)))
    return NULL;
  return GTK_EDITABLE (focus);
}

/* The keyboard takes room from the page above it: scroll the field back
 * into view if it went below. */
static gboolean
reveal_target (gpointer data)
{
  TrOsk *self = data;
  GtkWidget *field;
  graphene_rect_t bounds;

  self->reveal_source = 0;
  if (self->target == NULL || !gtk_widget_get_visible (GTK_WIDGET (self)))
    return G_SOURCE_REMOVE;
  /* The whole entry, not only its inner text. */
  field = GTK_WIDGET (self->target);
  while (gtk_widget_get_parent (field) != NULL && GTK_IS_EDITABLE (gtk_widget_get_parent (field)))
    field = gtk_widget_get_parent (field);

  for (GtkWidget *ancestor = gtk_widget_get_parent (field); ancestor != NULL;
       ancestor = gtk_widget_get_parent (ancestor))
    {
      GtkAdjustment *adjustment;
      double height, value;

      if (!GTK_IS_SCROLLABLE (ancestor))
        continue;
      adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (ancestor));
      if (adjustment == NULL || !gtk_widget_compute_bounds (field, ancestor, &bounds))
        break;
      height = gtk_widget_get_height (ancestor);
      value = gtk_adjustment_get_value (adjustment);
      if (bounds.origin.y + bounds.size.height + REVEAL_MARGIN > height)
        value += bounds.origin.y + bounds.size.height + REVEAL_MARGIN - height;
      if (bounds.origin.y - REVEAL_MARGIN < 0)
        value += bounds.origin.y - REVEAL_MARGIN;
      gtk_adjustment_set_value (adjustment, value);
      break;
    }
  return G_SOURCE_REMOVE;
}

static void
schedule_reveal (TrOsk *self)
{
  if (self->reveal_source == 0)
    self->reveal_source = g_idle_add (reveal_target, self);
}

static void
hide (TrOsk *self)
{
  g_clear_weak_pointer (&self->target);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  self->last_height = 0;
}

static void
on_focus_changed (TrOsk *self)
{
  GtkEditable *field = text_field_of (self->root != NULL ? gtk_root_get_focus (self->root) : NULL);

  self->hide_on_release = FALSE;
  if (field == NULL || !self->enabled)
    {
      /* A finger on Next takes the focus as it presses: hiding now would
       * move Next from under the finger before it lifts, and the touch
       * would be lost. Hide once it lifts. */
      if (self->pointer_down && gtk_widget_get_visible (GTK_WIDGET (self)))
        {
          self->hide_on_release = TRUE;
          return;
        }
      hide (self);
      return;
    }
  ensure_keys (self);
  if (field != self->target)
    {
      g_set_weak_pointer (&self->target, field);
      arrange_for (self, field);
    }
  /* The language may have changed since the last walk-in. */
  refresh_name (self);
  refresh_keys (self);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  schedule_reveal (self);
}

static gboolean
on_released (gpointer data)
{
  TrOsk *self = data;

  self->release_source = 0;
  if (self->hide_on_release)
    on_focus_changed (self);
  return G_SOURCE_REMOVE;
}

/* Whether a finger (or the mouse) is down anywhere in the window. */
static gboolean
on_root_event (GtkEventControllerLegacy *controller, GdkEvent *event, TrOsk *self)
{
  switch ((int) gdk_event_get_event_type (event))
    {
    case GDK_BUTTON_PRESS:
    case GDK_TOUCH_BEGIN:
      self->pointer_down = TRUE;
      break;
    case GDK_BUTTON_RELEASE:
    case GDK_TOUCH_END:
    case GDK_TOUCH_CANCEL:
      self->pointer_down = FALSE;
      /* After the touched button has had its click. */
      if (self->hide_on_release && self->release_source == 0)
        self->release_source = g_idle_add (on_released, self);
      break;
    default:
      break;
    }
  return GDK_EVENT_PROPAGATE;
}

/* Public */

GtkWidget *
tr_osk_new (void)
{
  return g_object_new (TR_TYPE_OSK, NULL);
}

void
tr_osk_set_enabled (TrOsk *self, gboolean enabled)
{
  g_return_if_fail (TR_IS_OSK (self));

  self->enabled = enabled;
  on_focus_changed (self);
}

gboolean
tr_osk_get_enabled (TrOsk *self)
{
  g_return_val_if_fail (TR_IS_OSK (self), FALSE);

  return self->enabled;
}

TrOskPage
tr_osk_get_page (TrOsk *self)
{
  g_return_val_if_fail (TR_IS_OSK (self), TR_OSK_LETTERS);

  return self->page;
}

gboolean
tr_osk_get_shifted (TrOsk *self)
{
  g_return_val_if_fail (TR_IS_OSK (self), FALSE);

  return self->shifted;
}

GtkWidget *
tr_osk_get_key (TrOsk *self, const char *name)
{
  g_return_val_if_fail (TR_IS_OSK (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < self->keys->len; i++)
    {
      GtkWidget *key = self->keys->pdata[i];

      if (gtk_widget_is_visible (key) &&
          g_strcmp0 (g_object_get_data (G_OBJECT (key), "tr-osk-name"), name) == 0)
        return key;
    }
  return NULL;
}

/* GtkWidget */

static guint
visible_rows (GtkWidget *page)
{
  guint rows = 0;

  if (GTK_IS_GRID (page))
    {
      while (gtk_grid_get_child_at (GTK_GRID (page), 0, (int) rows) != NULL)
        rows++;
      return rows;
    }
  for (GtkWidget *row = gtk_widget_get_first_child (page); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (gtk_widget_get_visible (row))
      rows++;
  return rows;
}

/* Keys as high as the screen allows: roomy where there is room, never
 * less than KEY_MIN_SIZE, never more than a share of the window. */
static int
natural_height (TrOsk *self, int minimum)
{
  guint rows = self->keys->len > 0 ? visible_rows (self->pages[self->page]) : 0;
  int roomy = minimum + (int) rows * (self->page == TR_OSK_NUMERIC ? NUMERIC_KEY_ROOM : KEY_ROOM);
  int window_height = self->root != NULL ? gtk_widget_get_height (GTK_WIDGET (self->root)) : 0;

  if (window_height > 0)
    roomy = MIN (roomy, (int) (window_height * MAX_SHARE_OF_HEIGHT));
  return MAX (minimum, roomy);
}

static void
tr_osk_measure (GtkWidget      *widget,
                GtkOrientation  orientation,
                int             for_size,
                int            *minimum,
                int            *natural,
                int            *minimum_baseline,
                int            *natural_baseline)
{
  TrOsk *self = TR_OSK (widget);

  gtk_widget_measure (self->content, orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
  if (orientation == GTK_ORIENTATION_VERTICAL)
    *natural = natural_height (self, *minimum);
}

static void
tr_osk_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  TrOsk *self = TR_OSK (widget);

  gtk_widget_allocate (self->content, width, height, baseline, NULL);
  /* The page above has just been given its new height. */
  if (height != self->last_height)
    {
      self->last_height = height;
      schedule_reveal (self);
    }
}

static void
tr_osk_root (GtkWidget *widget)
{
  TrOsk *self = TR_OSK (widget);

  GTK_WIDGET_CLASS (tr_osk_parent_class)->root (widget);
  self->root = gtk_widget_get_root (widget);
  g_signal_connect_swapped (self->root, "notify::focus-widget", G_CALLBACK (on_focus_changed), self);
  self->pointer_watch = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (self->pointer_watch, GTK_PHASE_CAPTURE);
  g_signal_connect (self->pointer_watch, "event", G_CALLBACK (on_root_event), self);
  gtk_widget_add_controller (GTK_WIDGET (self->root), self->pointer_watch);
}

static void
tr_osk_unroot (GtkWidget *widget)
{
  TrOsk *self = TR_OSK (widget);

  g_signal_handlers_disconnect_by_func (self->root, on_focus_changed, self);
  if (self->pointer_watch != NULL)
    gtk_widget_remove_controller (GTK_WIDGET (self->root), g_steal_pointer (&self->pointer_watch));
  g_clear_handle_id (&self->release_source, g_source_remove);
  self->pointer_down = FALSE;
  self->hide_on_release = FALSE;
  self->root = NULL;
  g_clear_weak_pointer (&self->target);
  GTK_WIDGET_CLASS (tr_osk_parent_class)->unroot (widget);
}

static void
tr_osk_dispose (GObject *object)
{
  TrOsk *self = TR_OSK (object);

  g_clear_handle_id (&self->reveal_source, g_source_remove);
  g_clear_handle_id (&self->release_source, g_source_remove);
  g_clear_weak_pointer (&self->target);
  g_clear_pointer (&self->content, gtk_widget_unparent);
  G_OBJECT_CLASS (tr_osk_parent_class)->dispose (object);
}

static void
tr_osk_finalize (GObject *object)
{
  TrOsk *self = TR_OSK (object);

  g_ptr_array_unref (self->keys);
  G_OBJECT_CLASS (tr_osk_parent_class)->finalize (object);
}

static void
tr_osk_class_init (TrOskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tr_osk_dispose;
  object_class->finalize = tr_osk_finalize;
  widget_class->measure = tr_osk_measure;
  widget_class->size_allocate = tr_osk_size_allocate;
  widget_class->root = tr_osk_root;
  widget_class->unroot = tr_osk_unroot;
  gtk_widget_class_set_css_name (widget_class, "osk");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
tr_osk_init (TrOsk *self)
{
  self->keys = g_ptr_array_new ();
  self->enabled = TRUE;
  self->content = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (self->content), 1200);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (self->content), 1200);
  gtk_widget_set_parent (self->content, GTK_WIDGET (self));
  gtk_widget_add_css_class (GTK_WIDGET (self), "osk");
  refresh_name (self);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}
