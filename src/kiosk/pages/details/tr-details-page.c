/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-details-page.c — "Your details": the form, each field checked as the person leaves it. */
#include "config.h"

#include <glib/gi18n.h>

#include "tr-clock.h"
#include "tr-details-page.h"
#include "tr-error.h"
#include "tr-text.h"

typedef struct {
  const char      *label;
  const char      *example;
  GtkInputPurpose  purpose;
  GtkInputHints    hints;
  const char      *answer_id;  /* the eligibility answer that prefills it */
} FieldSpec;

/* In TrField order. */
static const FieldSpec field_specs[TR_N_FIELDS] = {
  [TR_FIELD_FIRST_NAME] = { N_("First name"), N_("like Marie"),
                            GTK_INPUT_PURPOSE_NAME, GTK_INPUT_HINT_UPPERCASE_WORDS, NULL },
  [TR_FIELD_LAST_NAME] = { N_("Last name"), N_("like Dupont"),
                           GTK_INPUT_PURPOSE_NAME, GTK_INPUT_HINT_UPPERCASE_WORDS, NULL },
  [TR_FIELD_BIRTH_DATE] = { N_("Date of birth"), N_("day/month/year, like 14/03/1990"),
                            GTK_INPUT_PURPOSE_NUMBER, GTK_INPUT_HINT_NO_SPELLCHECK, "birth_date" },
  [TR_FIELD_PHONE] = { N_("Phone number"), N_("like 06 12 34 56 78"),
                       GTK_INPUT_PURPOSE_PHONE, GTK_INPUT_HINT_NO_SPELLCHECK, NULL },
  [TR_FIELD_EMAIL] = { N_("Email address"), N_("like marie.dupont@example.fr"),
                       GTK_INPUT_PURPOSE_EMAIL, GTK_INPUT_HINT_NO_SPELLCHECK | GTK_INPUT_HINT_LOWERCASE, NULL },
  [TR_FIELD_POSTCODE] = { N_("Postcode"), N_("5 digits, like 75011"),
                          GTK_INPUT_PURPOSE_DIGITS, GTK_INPUT_HINT_NO_SPELLCHECK, "postcode" },
  [TR_FIELD_POLE_EMPLOI_ID] = { N_("Pôle emploi identifier"),
                                N_("7 digits then 1 letter or digit, like 1234567A"),
                                GTK_INPUT_PURPOSE_FREE_FORM,
                                GTK_INPUT_HINT_NO_SPELLCHECK | GTK_INPUT_HINT_UPPERCASE_CHARS, NULL },
};

typedef struct {
  GtkWidget *box;
  GtkWidget *entry;
  GtkWidget *error_label;
  char      *prefill;   /* what was filled in from the answers, to refresh it */
  gboolean   touched;   /* the person typed in it */
  gboolean   in_error;
} Field;

struct _TrDetailsPage
{
  TrPage     parent_instance;

  GtkGrid   *fields;

  Field      field[TR_N_FIELDS];
  gboolean   filling;   /* the page, not the person, is setting the text */
  gboolean   disposed;
};

G_DEFINE_FINAL_TYPE (TrDetailsPage, tr_details_page, TR_TYPE_PAGE)

/* The date of birth and postcode were answered already; the registration
 * refuses details that disagree with the answers, so say it here, on the
 * field, rather than at the end. */
static char *
disagreement (TrDetailsPage *self, TrField field, const char *value)
{
  const char *answer_id = field_specs[field].answer_id;
  const char *answer;

  if (answer_id == NULL || value == NULL)
    return NULL;
  answer = tr_session_get_answer (tr_page_get_session (TR_PAGE (self)), answer_id);
  if (answer == NULL || g_strcmp0 (answer, value) == 0)
    return NULL;
  if (field == TR_FIELD_BIRTH_DATE)
    {
      g_autofree char *shown = tr_clock_date_for_people (answer);
      return g_strdup_printf (_("At the start you gave %s as your date of birth. Please type the same date, "
                                "or go back to the questions to change it."), shown);
    }
  return g_strdup_printf (_("At the start you gave %s as your postcode. Please type the same postcode, "
                            "or go back to the questions to change it."), answer);
}

/* What a screen reader says after the field's name: its error when it has
 * one, otherwise whether it is required and an example. */
static void
describe_field (TrDetailsPage *self, TrField field, const char *message)
{
  g_autofree char *description = NULL;

  if (message == NULL)
    /* TRANSLATORS: "required, like 06 12 34 56 78". */
    description = g_strdup_printf (_("%s, %s"),
                                   tr_field_is_optional (field) ? _("optional") : _("required"),
                                   _(field_specs[field].example));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->field[field].entry),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  message != NULL ? message : description,
                                  -1);
}

static void
show_error (TrDetailsPage *self, TrField field, const char *message)
{
  Field *f = &self->field[field];

  f->in_error = message != NULL;
  gtk_label_set_label (GTK_LABEL (f->error_label), message != NULL ? message : "");
  gtk_widget_set_visible (f->error_label, message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (f->entry, "error");
  else
    gtk_widget_remove_css_class (f->entry, "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (f->entry),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               message != NULL ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
  describe_field (self, field, message);
}

/* Checks one field as the registration will, and shows or clears its error. */
static gboolean
check_field (TrDetailsPage *self, TrField field)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  g_autofree char *mismatch = NULL;
  GDate today;

  tr_clock_today (&today);
  value = tr_person_check_field (field, gtk_editable_get_text (GTK_EDITABLE (self->field[field].entry)),
                                 &today, &error);
  if (error != NULL)
    {
      show_error (self, field, error->message);
      return FALSE;
    }
  mismatch = disagreement (self, field, value);
  show_error (self, field, mismatch);
  return mismatch == NULL;
}

static TrField
field_of (TrDetailsPage *self, GtkWidget *entry)
{
  for (TrField field = 0; field < TR_N_FIELDS; field++)
    if (self->field[field].entry == entry)
      return field;
  g_return_val_if_reached (TR_N_FIELDS);
}

static void
on_entry_changed (GtkEditable *entry, TrDetailsPage *self)
{
  TrField field = field_of (self, GTK_WIDGET (entry));

  if (self->disposed || field == TR_N_FIELDS)
    return;
  tr_session_set_detail (tr_page_get_session (TR_PAGE (self)), field, gtk_editable_get_text (entry));
  if (self->filling)
    return;
  self->field[field].touched = TRUE;
  /* Once an error shows, it goes away as soon as the value is right. */
  if (self->field[field].in_error)
    check_field (self, field);
}

static void
on_focus_leave (GtkEventControllerFocus *controller, TrDetailsPage *self)
{
  GtkWidget *entry = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  TrField field = field_of (self, entry);

  if (self->disposed || field == TR_N_FIELDS)
    return;
  /* A field merely passed through is not a mistake yet. */
  if (self->field[field].touched || self->field[field].in_error)
    check_field (self, field);
}

/* Enter in a field checks it first: a mistake is shown, and stays. */
static gboolean
tr_details_page_field_done (TrPage *page, GtkWidget *entry)
{
  TrDetailsPage *self = TR_DETAILS_PAGE (page);
  TrField field = field_of (self, entry);

  return field != TR_N_FIELDS && check_field (self, field);
}

static GtkWidget *
new_label (const char *text, const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
add_field (TrDetailsPage *self, TrField field)
{
  const FieldSpec *spec = &field_specs[field];
  gboolean optional = tr_field_is_optional (field);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *title = new_label (_(spec->label), "field-label");
  GtkWidget *need = new_label (optional ? _("optional") : _("required"),
                               optional ? "field-optional" : "field-required");
  GtkWidget *example = new_label (_(spec->example), "field-example");
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *error_label = new_label (NULL, "field-error");
  GtkEventController *focus = gtk_event_controller_focus_new ();

  gtk_widget_set_valign (need, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (heading), title);
  gtk_box_append (GTK_BOX (heading), need);
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), example);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), error_label);
  gtk_widget_set_visible (error_label, FALSE);
  gtk_widget_add_css_class (box, "details-field");
  gtk_widget_add_css_class (entry, "details-entry");

  /* No undo history: it would keep copies of what the person typed. */
  gtk_editable_set_enable_undo (GTK_EDITABLE (entry), FALSE);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), spec->purpose);
  gtk_entry_set_input_hints (GTK_ENTRY (entry), spec->hints);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), FALSE);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, title, NULL,
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, need, example, error_label, NULL,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_REQUIRED, !optional,
                                  -1);
  gtk_accessible_update_state (GTK_ACCESSIBLE (entry),
                               GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);

  g_signal_connect (entry, "changed", G_CALLBACK (on_entry_changed), self);
  g_signal_connect (focus, "leave", G_CALLBACK (on_focus_leave), self);
  gtk_widget_add_controller (entry, focus);

  gtk_widget_set_valign (box, GTK_ALIGN_START);
  self->field[field].box = box;
  self->field[field].entry = entry;
  self->field[field].error_label = error_label;
  describe_field (self, field, NULL);
  tr_page_add_field (TR_PAGE (self), entry);
  gtk_grid_attach (self->fields, box, field % 2, field / 2, 1, 1);
}

/* Two fields a row on a wide screen, so that the whole form shows at once;
 * one a row where two would be cramped. In TrField order either way, which
 * is the order Tab and Enter follow. */
static void
arrange_for_screen (TrDetailsPage *self)
{
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self)));
  int columns = root != NULL && gtk_widget_get_width (root) > 0 && gtk_widget_get_width (root) < 960 ? 1 : 2;
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self->fields));

  for (TrField field = 0; field < TR_N_FIELDS; field++)
    {
      GtkGridLayoutChild *cell =
        GTK_GRID_LAYOUT_CHILD (gtk_layout_manager_get_layout_child (layout, self->field[field].box));

      gtk_grid_layout_child_set_column (cell, field % columns);
      gtk_grid_layout_child_set_row (cell, field / columns);
    }
}

static void
set_text_quietly (TrDetailsPage *self, TrField field, const char *text)
{
  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->field[field].entry), text != NULL ? text : "");
  self->filling = FALSE;
}

/* The date of birth and postcode come from the answers, unless the person
 * typed something of their own; a changed answer refreshes what was filled. */
static void
prefill_from_answers (TrDetailsPage *self)
{
  TrSession *session = tr_page_get_session (TR_PAGE (self));

  for (TrField field = 0; field < TR_N_FIELDS; field++)
    {
      Field *f = &self->field[field];
      const char *answer_id = field_specs[field].answer_id;
      const char *current = gtk_editable_get_text (GTK_EDITABLE (f->entry));
      g_autofree char *prefill = NULL;

      if (answer_id == NULL || tr_session_get_answer (session, answer_id) == NULL)
        continue;
      if (*current != '\0' && g_strcmp0 (current, f->prefill) != 0)
        continue;
      prefill = field == TR_FIELD_BIRTH_DATE
                ? tr_clock_date_for_people (tr_session_get_answer (session, answer_id))
                : g_strdup (tr_session_get_answer (session, answer_id));
      set_text_quietly (self, field, prefill);
      tr_text_free_wiped (f->prefill);
      f->prefill = g_steal_pointer (&prefill);
      if (f->in_error)
        check_field (self, field);
    }
}

/* The first field still to fill or to correct. */
static gboolean
tr_details_page_focus_first (TrPage *page)
{
  TrDetailsPage *self = TR_DETAILS_PAGE (page);

  if (self->disposed)
    return FALSE;
  for (TrField field = 0; field < TR_N_FIELDS; field++)
    if (*gtk_editable_get_text (GTK_EDITABLE (self->field[field].entry)) == '\0' ||
        self->field[field].in_error)
      return gtk_widget_grab_focus (self->field[field].entry);
  return gtk_widget_grab_focus (self->field[0].entry);
}

static void
tr_details_page_shown (TrPage *page)
{
  TrDetailsPage *self = TR_DETAILS_PAGE (page);

  arrange_for_screen (self);
  prefill_from_answers (self);
}

static gboolean
tr_details_page_apply (TrPage *page)
{
  TrDetailsPage *self = TR_DETAILS_PAGE (page);
  g_autoptr(TrPerson) person = NULL;
  g_autoptr(GError) error = NULL;
  TrField first_bad = TR_N_FIELDS;
  TrField bad_field = TR_N_FIELDS;
  GDate today;

  /* Every field at once, so the person sees all that needs fixing. */
  for (TrField field = 0; field < TR_N_FIELDS; field++)
    if (!check_field (self, field) && first_bad == TR_N_FIELDS)
      first_bad = field;
  if (first_bad == TR_N_FIELDS)
    {
      tr_clock_today (&today);
      person = tr_session_build_person (tr_page_get_session (page), &today, &bad_field, &error);
      if (person == NULL && bad_field < TR_N_FIELDS)
        {
          show_error (self, bad_field, error->message);
          first_bad = bad_field;
        }
    }
  if (first_bad == TR_N_FIELDS)
    return TRUE;
  gtk_widget_grab_focus (self->field[first_bad].entry);
  return FALSE;
}

GtkEditable *
tr_details_page_get_entry (TrDetailsPage *self, TrField field)
{
  g_return_val_if_fail (TR_IS_DETAILS_PAGE (self), NULL);
  g_return_val_if_fail (field < TR_N_FIELDS, NULL);

  return GTK_EDITABLE (self->field[field].entry);
}

GtkLabel *
tr_details_page_get_error_label (TrDetailsPage *self, TrField field)
{
  g_return_val_if_fail (TR_IS_DETAILS_PAGE (self), NULL);
  g_return_val_if_fail (field < TR_N_FIELDS, NULL);

  return GTK_LABEL (self->field[field].error_label);
}

static void
tr_details_page_dispose (GObject *object)
{
  TrDetailsPage *self = TR_DETAILS_PAGE (object);

  /* Unparenting moves the focus, which would check fields being destroyed. */
  self->disposed = TRUE;
  /* Emptied first: the entry's buffer (GtkEntryBuffer) overwrites the text
   * it deletes; the copies GTK keeps elsewhere (the text's layout, the
   * accessible text) are only freed. */
  for (TrField field = 0; field < TR_N_FIELDS; field++)
    if (self->field[field].entry != NULL)
      gtk_editable_set_text (GTK_EDITABLE (self->field[field].entry), "");
  gtk_widget_dispose_template (GTK_WIDGET (object), TR_TYPE_DETAILS_PAGE);
  for (TrField field = 0; field < TR_N_FIELDS; field++)
    {
      self->field[field].box = NULL;
      self->field[field].entry = NULL;
      self->field[field].error_label = NULL;
      g_clear_pointer (&self->field[field].prefill, tr_text_free_wiped);
    }
  G_OBJECT_CLASS (tr_details_page_parent_class)->dispose (object);
}

static void
tr_details_page_class_init (TrDetailsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tr_details_page_dispose;
  TR_PAGE_CLASS (klass)->focus_first = tr_details_page_focus_first;
  TR_PAGE_CLASS (klass)->shown = tr_details_page_shown;
  TR_PAGE_CLASS (klass)->apply = tr_details_page_apply;
  TR_PAGE_CLASS (klass)->field_done = tr_details_page_field_done;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tremplin/Kiosk/tr-details-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TrDetailsPage, fields);
}

static void
tr_details_page_init (TrDetailsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  for (TrField field = 0; field < TR_N_FIELDS; field++)
    add_field (self, field);
  tr_page_set_next_label (TR_PAGE (self), _("Next"));
}
