/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-question-page.h — one eligibility question of the rules file. */
#pragma once

#include "tr-page.h"

G_BEGIN_DECLS

#define TR_TYPE_QUESTION_PAGE (tr_question_page_get_type ())
G_DECLARE_FINAL_TYPE (TrQuestionPage, tr_question_page, TR, QUESTION_PAGE, TrPage)

/* The page for question @index of the kiosk's rules; named "question-<id>". */
TrPage *tr_question_page_new (TrKiosk *kiosk, TrSession *session, guint index);

G_END_DECLS
