/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-verdict-page.c — the verdict page: eligible or not, and what the person can do next. */
#include "config.h"

#include <glib/gi18n.h>

#include "tr-clock.h"
#include "tr-error.h"
#include "tr-verdict-page.h"

struct _TrVerdictPage
{
  TrPage      parent_instance;

  GtkImage   *status_icon;
  GtkLabel   *title_label;
  GtkLabel   *reason_label;
  GtkWidget  *referral_box;
  GtkLabel   *referral_title;
  GtkLabel   *referral_label;
  GtkWidget  *flags_box;
  GtkWidget  *flags_list;
  GtkLabel   *hint_label;
  GtkWidget  *finish_button;
  GtkWidget  *missing_button;
  GtkWidget  *actions;

  char       *error_message;  /* why no verdict could be reached, or NULL */
};

G_DEFINE_FINAL_TYPE (TrVerdictPage, tr_verdict_page, TR_TYPE_PAGE)

static const char * const status_classes[] = { "success", "warning", "accent", NULL };

static TrRules *
page_rules (TrVerdictPage *self)
{
  return tr_kiosk_get_rules (tr_page_get_kiosk (TR_PAGE (self)));
}

static TrSession *
page_session (TrVerdictPage *self)
{
  return tr_page_get_session (TR_PAGE (self));
}

static void
set_status (TrVerdictPage *self, const char *icon_name, const char *style, const char *title)
{
  for (guint i = 0; status_classes[i] != NULL; i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), status_classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), style);
  gtk_image_set_from_icon_name (self->status_icon, icon_name);
  gtk_label_set_label (self->title_label, title);
}

static void
set_referral (TrVerdictPage *self, const char *title, const char *text)
{
  gboolean shown = text != NULL && *text != '\0';

  gtk_widget_set_visible (self->referral_box, shown);
  gtk_label_set_label (self->referral_title, title);
  gtk_label_set_label (self->referral_label, shown ? text : "");
}

static void
set_hint (TrVerdictPage *self, const char *hint)
{
  gtk_label_set_label (self->hint_label, hint != NULL ? hint : "");
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), hint != NULL);
}

static GtkWidget *
flag_row_new (const char *label, const char *meaning)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 16);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *name = gtk_label_new (label);
  GtkWidget *explanation = gtk_label_new (meaning);
  GtkWidget *icon = g_object_new (GTK_TYPE_IMAGE,
                                  "icon-name", "emblem-ok-symbolic",
                                  "pixel-size", 32,
                                  "valign", GTK_ALIGN_START,
                                  "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                  NULL);

  gtk_widget_add_css_class (icon, "success");
  gtk_widget_add_css_class (name, "verdict-flag-label");
  for (guint i = 0; i < 2; i++)
    {
      GtkLabel *text = GTK_LABEL (i == 0 ? name : explanation);
      gtk_label_set_wrap (text, TRUE);
      gtk_label_set_xalign (text, 0.0);
      gtk_box_append (GTK_BOX (texts), GTK_WIDGET (text));
    }
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (row), icon);
  gtk_box_append (GTK_BOX (row), texts);
  return row;
}

static void
show_flags (TrVerdictPage *self, char **flags)
{
  const char *lang = tr_page_get_language (TR_PAGE (self));
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->flags_list)) != NULL)
    gtk_box_remove (GTK_BOX (self->flags_list), child);
  for (guint i = 0; flags != NULL && flags[i] != NULL; i++)
    {
      g_autofree char *label = tr_rules_get_flag_label (page_rules (self), flags[i], lang);
      g_autofree char *meaning = tr_rules_get_flag_meaning (page_rules (self), flags[i], lang);

      gtk_box_append (GTK_BOX (self->flags_list), flag_row_new (label, meaning));
    }
  gtk_widget_set_visible (self->flags_box, flags != NULL && flags[0] != NULL);
}

/* The first question the walk asks that has no valid answer yet. */
static const TrQuestion *
first_unanswered (TrVerdictPage *self, const GDate *today)
{
  TrRules *rules = page_rules (self);
  GHashTable *answers = tr_session_get_answers (page_session (self));

  for (int i = tr_rules_next_question (rules, answers, -1, today); i >= 0;
       i = tr_rules_next_question (rules, answers, i, today))
    {
      const TrQuestion *question = tr_rules_get_question (rules, (guint) i);
      const char *value = g_hash_table_lookup (answers, tr_question_get_id (question));
      g_autofree char *checked = value != NULL
                                 ? tr_rules_check_answer_on (rules, tr_question_get_id (question), value, today, NULL)
                                 : NULL;
      if (checked == NULL)
        return question;
    }
  return NULL;
}

/* The action bar below the scrolled verdict shows only with a button in it. */
static void
show_actions (TrVerdictPage *self)
{
  gtk_widget_set_visible (self->actions, gtk_widget_get_visible (self->finish_button) ||
                                         gtk_widget_get_visible (self->missing_button));
}

static void
show_missing (TrVerdictPage *self)
{
  const TrQuestion *missing = NULL;
  GDate today;

  tr_clock_today (&today);
  if (page_rules (self) != NULL)
    missing = first_unanswered (self, &today);
  set_status (self, "dialog-information-symbolic", "accent", _("One answer is missing"));
  gtk_label_set_label (self->reason_label, self->error_message);
  set_referral (self, "", NULL);
  show_flags (self, NULL);
  set_hint (self, missing != NULL ? _("Answer it, and we will tell you if you can register.")
                                  : _("Press Back to check your answers, or ask a member of staff."));
  gtk_widget_set_visible (self->missing_button, missing != NULL);
  if (missing != NULL)
    {
      g_autofree char *target = g_strdup_printf ("question-%s", tr_question_get_id (missing));
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->missing_button),
                                              g_variant_new_string (target));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->missing_button), "walk.go-to");
    }
  tr_page_set_next_label (TR_PAGE (self), NULL);
  tr_page_set_complete (TR_PAGE (self), FALSE);
  show_actions (self);
}

static void
show_verdict (TrVerdictPage *self, const TrVerdict *verdict)
{
  const char *lang = tr_page_get_language (TR_PAGE (self));
  g_autofree char *reason = verdict->decision_id != NULL
                            ? tr_rules_get_decision_reason (page_rules (self), verdict->decision_id, lang)
                            : NULL;
  g_autofree char *referral = verdict->decision_id != NULL
                              ? tr_rules_get_decision_referral (page_rules (self), verdict->decision_id, lang)
                              : NULL;
  g_autofree char *programme = tr_rules_get_programme_name (page_rules (self), lang);
  gboolean goes_on = verdict->kind != TR_VERDICT_NOT_ELIGIBLE;

  gtk_widget_set_visible (self->missing_button, FALSE);
  gtk_widget_set_visible (self->finish_button, !goes_on);
  switch (verdict->kind)
    {
    case TR_VERDICT_ELIGIBLE:
      {
        /* TRANSLATORS: %s is the programme's name, such as Paris Code */
        g_autofree char *good_news = g_strdup_printf (_("Good news: the free trainings of %s are open to you. Now choose the training you want."),
                                                      programme);
        set_status (self, "emblem-ok-symbolic", "success", _("You can register"));
        gtk_label_set_label (self->reason_label, good_news);
        set_referral (self, "", NULL);
        set_hint (self, NULL);
      }
      break;
    case TR_VERDICT_CONDITIONAL:
      set_status (self, "dialog-warning-symbolic", "warning", _("You can register, on one condition"));
      gtk_label_set_label (self->reason_label, reason != NULL ? reason : "");
      set_referral (self, _("How to do it"), referral);
      set_hint (self, _("You can choose a training now."));
      break;
    case TR_VERDICT_NOT_ELIGIBLE:
    default:
      set_status (self, "dialog-information-symbolic", "accent", _("You cannot register for this programme"));
      gtk_label_set_label (self->reason_label, reason != NULL ? reason : "");
      set_referral (self, _("Where to go instead"), referral);
      set_hint (self, _("If one of your answers is wrong, press Back to change it."));
      break;
    }
  show_flags (self, goes_on ? verdict->flags : NULL);
  tr_page_set_next_label (TR_PAGE (self), goes_on ? _("Choose a training") : NULL);
  tr_page_set_complete (TR_PAGE (self), goes_on);
  show_actions (self);
}

static void
render (TrVerdictPage *self)
{
  const TrVerdict *verdict = tr_session_get_verdict (page_session (self));

  if (verdict != NULL && self->error_message == NULL)
    show_verdict (self, verdict);
  else
    show_missing (self);
}

static void
decide (TrVerdictPage *self)
{
  g_autoptr(GError) error = NULL;
  TrVerdict *verdict = NULL;
  GDate today;

  tr_clock_today (&today);
  g_clear_pointer (&self->error_message, g_free);
  if (page_rules (self) != NULL)
    verdict = tr_rules_decide (page_rules (self), tr_session_get_answers (page_session (self)),
                               &today, &error);
  else
    g_set_error_literal (&error, TR_ERROR, TR_ERROR_NOT_FOUND,
                         _("The eligibility questions could not be read. Please ask a member of staff."));
  if (verdict == NULL)
    self->error_message = g_strdup (error->message);
  tr_session_set_verdict (page_session (self), verdict);
}

static void
tr_verdict_page_shown (TrPage *page)
{
  TrVerdictPage *self = TR_VERDICT_PAGE (page);

  decide (self);
  render (self);
}

/* A person who is not eligible goes no further than this page. */
static gboolean
tr_verdict_page_apply (TrPage *page)
{
  const TrVerdict *verdict = tr_session_get_verdict (tr_page_get_session (page));

  return verdict != NULL && verdict->kind != TR_VERDICT_NOT_ELIGIBLE;
}

static void
tr_verdict_page_locale_changed (TrPage *page)
{
  render (TR_VERDICT_PAGE (page));
}

/* Focus the page's own button when there is one; otherwise the window's Next
 * button takes the focus, so that Enter goes on to the trainings. */
static gboolean
tr_verdict_page_focus_first (TrPage *page)
{
  TrVerdictPage *self = TR_VERDICT_PAGE (page);

  if (gtk_widget_get_visible (self->finish_button))
    return gtk_widget_grab_focus (self->finish_button);
  if (gtk_widget_get_visible (self->missing_button))
    return gtk_widget_grab_focus (self->missing_button);
  return FALSE;
}

static void
tr_verdict_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TR_TYPE_VERDICT_PAGE);
  G_OBJECT_CLASS (tr_verdict_page_parent_class)->dispose (object);
}

static void
tr_verdict_page_finalize (GObject *object)
{
  g_free (TR_VERDICT_PAGE (object)->error_message);
  G_OBJECT_CLASS (tr_verdict_page_parent_class)->finalize (object);
}

static void
tr_verdict_page_class_init (TrVerdictPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  TrPageClass *page_class = TR_PAGE_CLASS (klass);

  object_class->dispose = tr_verdict_page_dispose;
  object_class->finalize = tr_verdict_page_finalize;
  TR_PAGE_CLASS (klass)->focus_first = tr_verdict_page_focus_first;
  page_class->shown = tr_verdict_page_shown;
  page_class->apply = tr_verdict_page_apply;
  page_class->locale_changed = tr_verdict_page_locale_changed;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tremplin/Kiosk/tr-verdict-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TrVerdictPage, status_icon);
  gtk_widget_class_bind_template_child (widget_class, TrVerdictPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, TrVerdictPage, reason_label);
  gtk_widget_class_bind_template_child (widget_class, TrVerdictPage, referral_box);
  gtk_widget_class_bind_template_child (widget_class, TrVerdictPage, referral_title);
  gtk_widget_class_bind_template_child (widget_class, TrVerdictPage, referral_label);
  gtk_widget_class_bind_template_child (widget_class, TrVerdictPage, flags_box);
  gtk_widget_class_bind_template_child (widget_class, TrVerdictPage, flags_list);
  gtk_widget_class_bind_template_child (widget_class, TrVerdictPage, hint_label);
  gtk_widget_class_bind_template_child (widget_class, TrVerdictPage, finish_button);
  gtk_widget_class_bind_template_child (widget_class, TrVerdictPage, missing_button);
  gtk_widget_class_bind_template_child (widget_class, TrVerdictPage, actions);
}

static void
tr_verdict_page_init (TrVerdictPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  tr_page_enter_goes_next (TR_PAGE (self));
}
