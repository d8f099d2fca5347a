/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-question-page.c — one eligibility question of the rules file and its answers. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "tr-clock.h"
#include "tr-error.h"
#include "tr-question-page.h"

/* The rules file shows the priority neighbourhoods of the person's postcode
 * with this question, so they can tell whether they live in one. */
#define QPV_QUESTION_ID "qpv"

struct _TrQuestionPage
{
  TrPage            parent_instance;

  GtkLabel         *question_label;
  GtkLabel         *help_label;
  GtkWidget        *qpv_box;
  GtkLabel         *qpv_title;
  GtkLabel         *qpv_names;
  GtkWidget        *answers_box;
  GtkWidget        *date_box;
  GtkWidget        *date_hint;
  GtkEntry         *day_entry;
  GtkEntry         *month_entry;
  GtkEntry         *year_entry;
  GtkEntry         *value_entry;
  GtkWidget        *error_box;
  GtkLabel         *error_label;

  guint             index;
  const TrQuestion *question;  /* owned by the kiosk's rules */
};

G_DEFINE_FINAL_TYPE (TrQuestionPage, tr_question_page, TR_TYPE_PAGE)

enum {
  PROP_0,
  PROP_INDEX,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static TrRules *
page_rules (TrQuestionPage *self)
{
  return tr_kiosk_get_rules (tr_page_get_kiosk (TR_PAGE (self)));
}

static TrSession *
page_session (TrQuestionPage *self)
{
  return tr_page_get_session (TR_PAGE (self));
}

static TrQuestionType
page_kind (TrQuestionPage *self)
{
  return tr_question_get_kind (self->question);
}

static const char *
page_question_id (TrQuestionPage *self)
{
  return tr_question_get_id (self->question);
}

/* ------------------------------------------------------------ the inputs */

/* The entries the person types in (none for a choice question). */
static guint
input_entries (TrQuestionPage *self, GtkEntry *entries[3])
{
  switch (page_kind (self))
    {
    case TR_QUESTION_DATE:
      entries[0] = self->day_entry;
      entries[1] = self->month_entry;
      entries[2] = self->year_entry;
      return 3;
    case TR_QUESTION_POSTCODE:
    case TR_QUESTION_NUMBER:
      entries[0] = self->value_entry;
      return 1;
    case TR_QUESTION_CHOICE:
    default:
      return 0;
    }
}

static GtkWidget *
entry_description (TrQuestionPage *self)
{
  return page_kind (self) == TR_QUESTION_DATE ? self->date_hint : GTK_WIDGET (self->help_label);
}

static void
mark_entries (TrQuestionPage *self, gboolean invalid)
{
  GtkEntry *entries[3];
  guint n = input_entries (self, entries);

  for (guint i = 0; i < n; i++)
    {
      GtkAccessible *accessible = GTK_ACCESSIBLE (entries[i]);

      if (invalid)
        {
          gtk_widget_add_css_class (GTK_WIDGET (entries[i]), "error");
          gtk_accessible_update_relation (accessible, GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                          self->error_label, entry_description (self), NULL, -1);
        }
      else
        {
          gtk_widget_remove_css_class (GTK_WIDGET (entries[i]), "error");
          gtk_accessible_update_relation (accessible, GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                          entry_description (self), NULL, -1);
        }
      gtk_accessible_update_state (accessible, GTK_ACCESSIBLE_STATE_INVALID,
                                   invalid ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                                   -1);
    }
}

static void
show_error (TrQuestionPage *self, const char *message)
{
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (self->error_box, TRUE);
  mark_entries (self, TRUE);
}

static void
clear_error (TrQuestionPage *self)
{
  if (!gtk_widget_get_visible (self->error_box))
    return;
  gtk_widget_set_visible (self->error_box, FALSE);
  gtk_label_set_label (self->error_label, "");
  mark_entries (self, FALSE);
}

static gboolean
entries_filled (TrQuestionPage *self)
{
  GtkEntry *entries[3];
  guint n = input_entries (self, entries);

  for (guint i = 0; i < n; i++)
    if (gtk_entry_get_text_length (entries[i]) == 0)
      return FALSE;
  return TRUE;
}

static void
update_complete (TrQuestionPage *self)
{
  if (page_kind (self) == TR_QUESTION_CHOICE)
    tr_page_set_complete (TR_PAGE (self),
                          tr_session_get_answer (page_session (self), page_question_id (self)) != NULL);
  else
    tr_page_set_complete (TR_PAGE (self), entries_filled (self));
}

static void
on_entry_changed (TrQuestionPage *self)
{
  clear_error (self);
  update_complete (self);
}

static char *
entry_text (GtkEntry *entry)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
}

static gboolean
all_digits (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isdigit (*text))
      return FALSE;
  return TRUE;
}

/* The three fields as YYYY-MM-DD, for the rules to check the day itself. */
static char *
date_from_fields (TrQuestionPage *self, GError **error)
{
  g_autofree char *day = entry_text (self->day_entry);
  g_autofree char *month = entry_text (self->month_entry);
  g_autofree char *year = entry_text (self->year_entry);

  if (*day == '\0' || *month == '\0' || *year == '\0')
    {
      g_set_error_literal (error, TR_ERROR, TR_ERROR_INVALID,
                           _("Please fill in the day, the month and the year."));
      return NULL;
    }
  if (!all_digits (day) || !all_digits (month) || !all_digits (year))
    {
      g_set_error_literal (error, TR_ERROR, TR_ERROR_INVALID,
                           _("Write the day, the month and the year with digits only, for example 31 12 1990."));
      return NULL;
    }
  if (strlen (year) != 4)
    {
      g_set_error_literal (error, TR_ERROR, TR_ERROR_INVALID,
                           _("Write the year with 4 digits, for example 1990."));
      return NULL;
    }
  return g_strdup_printf ("%s-%02d-%02d", year, atoi (month), atoi (day));
}

/* Puts a stored answer back in the fields when the person comes back. */
static void
fill_entries (TrQuestionPage *self)
{
  const char *answer = tr_session_get_answer (page_session (self), page_question_id (self));
  GtkEntry *entries[3];
  guint n = input_entries (self, entries);
  GDate date;

  if (answer == NULL)
    return;
  for (guint i = 0; i < n; i++)
    if (gtk_entry_get_text_length (entries[i]) > 0)
      return;  /* what the person typed wins */

  if (page_kind (self) == TR_QUESTION_DATE)
    {
      g_autofree char *day = NULL, *month = NULL, *year = NULL;

      if (!tr_clock_parse_date (answer, &date))
        return;
      day = g_strdup_printf ("%u", g_date_get_day (&date));
      month = g_strdup_printf ("%u", (guint) g_date_get_month (&date));
      year = g_strdup_printf ("%u", g_date_get_year (&date));
      gtk_editable_set_text (GTK_EDITABLE (self->day_entry), day);
      gtk_editable_set_text (GTK_EDITABLE (self->month_entry), month);
      gtk_editable_set_text (GTK_EDITABLE (self->year_entry), year);
    }
  else if (n > 0)
    gtk_editable_set_text (GTK_EDITABLE (self->value_entry), answer);
}

static void
setup_entries (TrQuestionPage *self)
{
  GtkEntry *entries[3];
  guint n = input_entries (self, entries);

  gtk_widget_set_visible (self->date_box, page_kind (self) == TR_QUESTION_DATE);
  gtk_widget_set_visible (GTK_WIDGET (self->value_entry), page_kind (self) != TR_QUESTION_DATE && n > 0);

  if (page_kind (self) == TR_QUESTION_POSTCODE)
    {
      gtk_entry_set_max_length (self->value_entry, 5);
      gtk_editable_set_width_chars (GTK_EDITABLE (self->value_entry), 5);
    }
  else if (page_kind (self) == TR_QUESTION_NUMBER)
    {
      g_autofree char *max = g_strdup_printf ("%" G_GINT64_FORMAT, tr_question_get_max (self->question));
      gboolean negative = tr_question_get_min (self->question) < 0;
      int length = (int) strlen (max) + (negative ? 1 : 0);

      if (negative)
        gtk_entry_set_input_purpose (self->value_entry, GTK_INPUT_PURPOSE_NUMBER);
      gtk_entry_set_max_length (self->value_entry, length);
      gtk_editable_set_width_chars (GTK_EDITABLE (self->value_entry), MAX (length, 3));
    }

  for (guint i = 0; i < n; i++)
    {
      g_signal_connect_swapped (entries[i], "changed", G_CALLBACK (on_entry_changed), self);
      /* Enter moves from the day to the month to the year, then goes on. */
      tr_page_add_field (TR_PAGE (self), GTK_WIDGET (entries[i]));
      gtk_accessible_update_relation (GTK_ACCESSIBLE (entries[i]), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                      entry_description (self), NULL, -1);
    }
}

/* ------------------------------------------------------------ the choices */

static void
sync_chosen (TrQuestionPage *self)
{
  const char *answer = tr_session_get_answer (page_session (self), page_question_id (self));

  for (GtkWidget *button = gtk_widget_get_first_child (self->answers_box); button != NULL;
       button = gtk_widget_get_next_sibling (button))
    {
      gboolean chosen = g_strcmp0 (g_object_get_data (G_OBJECT (button), "token"), answer) == 0;
      GtkWidget *mark = g_object_get_data (G_OBJECT (button), "mark");

      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), chosen);
      gtk_widget_set_opacity (mark, chosen ? 1.0 : 0.0);
      /* Side by side, the buttons are narrow: the mark takes room only when shown. */
      if (gtk_orientable_get_orientation (GTK_ORIENTABLE (self->answers_box)) == GTK_ORIENTATION_HORIZONTAL)
        gtk_widget_set_visible (mark, chosen);
    }
}

static void
on_answer_clicked (GtkButton *button, TrQuestionPage *self)
{
  tr_session_set_answer (page_session (self), page_question_id (self),
                         g_object_get_data (G_OBJECT (button), "token"));
  sync_chosen (self);
  update_complete (self);
  gtk_widget_activate_action (GTK_WIDGET (self), "walk.next", NULL);
}

/* Short answers ("Yes", "No") side by side, so that the question, its help
 * and every answer fit on one landscape screen. */
#define MAX_ANSWERS_IN_ROW     3
#define MAX_ROW_ANSWER_LENGTH 16

static gboolean
answers_fit_in_row (TrQuestionPage *self)
{
  const char * const *tokens = tr_question_get_answers (self->question);
  const char *lang = tr_page_get_language (TR_PAGE (self));
  guint n = tokens != NULL ? g_strv_length ((char **) tokens) : 0;

  if (n == 0 || n > MAX_ANSWERS_IN_ROW)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *label = tr_question_get_answer_label (self->question, tokens[i], lang);

      if (label == NULL || g_utf8_strlen (label, -1) > MAX_ROW_ANSWER_LENGTH)
        return FALSE;
    }
  return TRUE;
}

static GtkWidget *
answer_button_new (const char *token, GtkToggleButton *group, gboolean in_row)
{
  GtkWidget *button = gtk_toggle_button_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 16);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *mark = g_object_new (GTK_TYPE_IMAGE,
                                  "icon-name", "object-select-symbolic",
                                  "pixel-size", 32,
                                  "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                  NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), in_row ? 0.5 : 0.0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (content), label);
  gtk_box_append (GTK_BOX (content), mark);
  gtk_button_set_child (GTK_BUTTON (button), content);
  gtk_widget_add_css_class (button, "answer-button");
  if (group != NULL)
    gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), group);

  g_object_set_data_full (G_OBJECT (button), "token", g_strdup (token), g_free);
  g_object_set_data (G_OBJECT (button), "label", label);
  g_object_set_data (G_OBJECT (button), "mark", mark);
  return button;
}

static void
setup_answers (TrQuestionPage *self)
{
  const char * const *tokens = tr_question_get_answers (self->question);
  GtkToggleButton *first = NULL;
  gboolean in_row;

  gtk_widget_set_visible (self->answers_box, page_kind (self) == TR_QUESTION_CHOICE);
  if (page_kind (self) != TR_QUESTION_CHOICE || tokens == NULL)
    return;
  in_row = answers_fit_in_row (self);
  if (in_row)
    {
      gtk_orientable_set_orientation (GTK_ORIENTABLE (self->answers_box), GTK_ORIENTATION_HORIZONTAL);
      gtk_box_set_homogeneous (GTK_BOX (self->answers_box), TRUE);
    }
  for (guint i = 0; tokens[i] != NULL; i++)
    {
      GtkWidget *button = answer_button_new (tokens[i], first, in_row);

      g_signal_connect (button, "clicked", G_CALLBACK (on_answer_clicked), self);
      gtk_box_append (GTK_BOX (self->answers_box), button);
      if (first == NULL)
        first = GTK_TOGGLE_BUTTON (button);
    }
}

/* ---------------------------------------------------------------- texts */

static void
set_texts (TrQuestionPage *self)
{
  const char *lang = tr_page_get_language (TR_PAGE (self));
  g_autofree char *text = tr_question_get_text (self->question, lang);
  g_autofree char *help = tr_question_get_help (self->question, lang);

  gtk_label_set_label (self->question_label, text);
  gtk_label_set_label (self->help_label, help != NULL ? help : "");
  gtk_widget_set_visible (GTK_WIDGET (self->help_label), help != NULL && *help != '\0');

  for (GtkWidget *button = gtk_widget_get_first_child (self->answers_box); button != NULL;
       button = gtk_widget_get_next_sibling (button))
    {
      g_autofree char *label = tr_question_get_answer_label (self->question,
                                                             g_object_get_data (G_OBJECT (button), "token"),
                                                             lang);

      gtk_label_set_label (g_object_get_data (G_OBJECT (button), "label"), label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
    }
}

/* The postcode answered earlier, for the list of its neighbourhoods. */
static const char *
answered_postcode (TrQuestionPage *self)
{
  TrRules *rules = page_rules (self);

  for (guint i = 0; i < tr_rules_get_n_questions (rules); i++)
    {
      const TrQuestion *question = tr_rules_get_question (rules, i);

      if (tr_question_get_kind (question) == TR_QUESTION_POSTCODE)
        return tr_session_get_answer (page_session (self), tr_question_get_id (question));
    }
  return NULL;
}

static void
update_neighbourhoods (TrQuestionPage *self)
{
  const char *postcode = NULL;
  const char * const *names = NULL;
  g_autofree char *title = NULL;
  g_autoptr(GString) list = NULL;

  if (g_strcmp0 (page_question_id (self), QPV_QUESTION_ID) == 0)
    postcode = answered_postcode (self);
  if (postcode != NULL)
    names = tr_rules_get_qpv_names (page_rules (self), postcode);
  gtk_widget_set_visible (self->qpv_box, names != NULL && names[0] != NULL);
  if (names == NULL)
    return;

  /* TRANSLATORS: %s is a postcode such as 75018 */
  title = g_strdup_printf (_("The priority neighbourhoods of %s:"), postcode);
  list = g_string_new (NULL);
  for (guint i = 0; names[i] != NULL; i++)
    g_string_append_printf (list, "%s• %s", i > 0 ? "\n" : "", names[i]);
  gtk_label_set_label (self->qpv_title, title);
  gtk_label_set_label (self->qpv_names, list->str);
}

/* ------------------------------------------------------------ page vfuncs */

static void
tr_question_page_shown (TrPage *page)
{
  TrQuestionPage *self = TR_QUESTION_PAGE (page);

  update_neighbourhoods (self);
  if (page_kind (self) == TR_QUESTION_CHOICE)
    sync_chosen (self);
  else
    fill_entries (self);
  update_complete (self);
}

/* The chosen answer (Enter keeps it and goes on), else the first answer or
 * the first field. */
static gboolean
tr_question_page_focus_first (TrPage *page)
{
  TrQuestionPage *self = TR_QUESTION_PAGE (page);
  GtkWidget *focus = gtk_widget_get_first_child (self->answers_box);
  GtkEntry *entries[3];

  if (input_entries (self, entries) > 0)
    return gtk_widget_grab_focus (GTK_WIDGET (entries[0]));
  for (GtkWidget *button = focus; button != NULL; button = gtk_widget_get_next_sibling (button))
    if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)))
      focus = button;
  return focus != NULL && gtk_widget_grab_focus (focus);
}

static gboolean
tr_question_page_apply (TrPage *page)
{
  TrQuestionPage *self = TR_QUESTION_PAGE (page);
  g_autoptr(GError) error = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *value = NULL;
  GtkEntry *entries[3] = { NULL };
  GDate today;

  if (page_kind (self) == TR_QUESTION_CHOICE)
    return tr_session_get_answer (page_session (self), page_question_id (self)) != NULL;

  input_entries (self, entries);
  raw = page_kind (self) == TR_QUESTION_DATE ? date_from_fields (self, &error)
                                             : entry_text (self->value_entry);
  tr_clock_today (&today);
  if (raw != NULL)
    value = tr_rules_check_answer_on (page_rules (self), page_question_id (self), raw, &today, &error);
  if (value == NULL)
    {
      show_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (entries[0]));
      return FALSE;
    }
  clear_error (self);
  tr_session_set_answer (page_session (self), page_question_id (self), value);
  return TRUE;
}

/* The answers to the questions before this one only: a later answer left from
 * a path the person went back on must not hide this question. */
static GHashTable *
earlier_answers (TrQuestionPage *self)
{
  TrRules *rules = page_rules (self);
  GHashTable *answers = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < self->index; i++)
    {
      const char *id = tr_question_get_id (tr_rules_get_question (rules, i));
      const char *value = tr_session_get_answer (page_session (self), id);

      if (value != NULL)
        g_hash_table_insert (answers, (gpointer) id, (gpointer) value);
    }
  return answers;
}

/* Asked iff walking the questions from the start, as the kiosk does, reaches
 * this one. */
static gboolean
is_asked (TrQuestionPage *self, GHashTable *answers, const GDate *today)
{
  int next = tr_rules_next_question (page_rules (self), answers, -1, today);

  while (next >= 0 && (guint) next < self->index)
    next = tr_rules_next_question (page_rules (self), answers, next, today);
  return next == (int) self->index;
}

static gboolean
already_not_eligible (TrQuestionPage *self, GHashTable *answers, const GDate *today)
{
  g_autoptr(TrVerdict) verdict = tr_rules_decide (page_rules (self), answers, today, NULL);

  return verdict != NULL && verdict->kind == TR_VERDICT_NOT_ELIGIBLE;
}

static gboolean
tr_question_page_should_skip (TrPage *page)
{
  TrQuestionPage *self = TR_QUESTION_PAGE (page);
  g_autoptr(GHashTable) answers = earlier_answers (self);
  GDate today;

  tr_clock_today (&today);
  return !is_asked (self, answers, &today) || already_not_eligible (self, answers, &today);
}

static void
tr_question_page_locale_changed (TrPage *page)
{
  set_texts (TR_QUESTION_PAGE (page));
}

/* -------------------------------------------------------------- GObject */

static void
tr_question_page_constructed (GObject *object)
{
  TrQuestionPage *self = TR_QUESTION_PAGE (object);

  G_OBJECT_CLASS (tr_question_page_parent_class)->constructed (object);

  self->question = tr_rules_get_question (page_rules (self), self->index);
  g_return_if_fail (self->question != NULL);

  tr_page_set_next_label (TR_PAGE (self), page_kind (self) == TR_QUESTION_CHOICE ? NULL : _("Next"));
  setup_answers (self);
  setup_entries (self);
  set_texts (self);
  update_complete (self);
}

static void
tr_question_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  TrQuestionPage *self = TR_QUESTION_PAGE (object);

  switch (prop_id)
    {
    case PROP_INDEX: self->index = g_value_get_uint (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tr_question_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  TrQuestionPage *self = TR_QUESTION_PAGE (object);

  switch (prop_id)
    {
    case PROP_INDEX: g_value_set_uint (value, self->index); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tr_question_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TR_TYPE_QUESTION_PAGE);
  G_OBJECT_CLASS (tr_question_page_parent_class)->dispose (object);
}

static void
tr_question_page_class_init (TrQuestionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  TrPageClass *page_class = TR_PAGE_CLASS (klass);

  object_class->constructed = tr_question_page_constructed;
  object_class->dispose = tr_question_page_dispose;
  object_class->set_property = tr_question_page_set_property;
  object_class->get_property = tr_question_page_get_property;
  TR_PAGE_CLASS (klass)->focus_first = tr_question_page_focus_first;
  page_class->shown = tr_question_page_shown;
  page_class->apply = tr_question_page_apply;
  page_class->should_skip = tr_question_page_should_skip;
  page_class->locale_changed = tr_question_page_locale_changed;

  properties[PROP_INDEX] =
    g_param_spec_uint ("index", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tremplin/Kiosk/tr-question-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TrQuestionPage, question_label);
  gtk_widget_class_bind_template_child (widget_class, TrQuestionPage, help_label);
  gtk_widget_class_bind_template_child (widget_class, TrQuestionPage, qpv_box);
  gtk_widget_class_bind_template_child (widget_class, TrQuestionPage, qpv_title);
  gtk_widget_class_bind_template_child (widget_class, TrQuestionPage, qpv_names);
  gtk_widget_class_bind_template_child (widget_class, TrQuestionPage, answers_box);
  gtk_widget_class_bind_template_child (widget_class, TrQuestionPage, date_box);
  gtk_widget_class_bind_template_child (widget_class, TrQuestionPage, date_hint);
  gtk_widget_class_bind_template_child (widget_class, TrQuestionPage, day_entry);
  gtk_widget_class_bind_template_child (widget_class, TrQuestionPage, month_entry);
  gtk_widget_class_bind_template_child (widget_class, TrQuestionPage, year_entry);
  gtk_widget_class_bind_template_child (widget_class, TrQuestionPage, value_entry);
  gtk_widget_class_bind_template_child (widget_class, TrQuestionPage, error_box);
  gtk_widget_class_bind_template_child (widget_class, TrQuestionPage, error_label);
}

static void
tr_question_page_init (TrQuestionPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

TrPage *
tr_question_page_new (TrKiosk *kiosk, TrSession *session, guint index)
{
  TrRules *rules = tr_kiosk_get_rules (kiosk);
  const TrQuestion *question;
  g_autofree char *name = NULL;

  g_return_val_if_fail (rules != NULL, NULL);
  question = tr_rules_get_question (rules, index);
  g_return_val_if_fail (question != NULL, NULL);

  name = g_strdup_printf ("question-%s", tr_question_get_id (question));
  return g_object_new (TR_TYPE_QUESTION_PAGE,
                       "kiosk", kiosk,
                       "session", session,
                       "name", name,
                       "index", index,
                       NULL);
}
