/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-expr.h — the small condition language of the rules files.
 *
 *   age < 18
 *   not (postcode in paris_postcodes)
 *   job_status in ["not_registered", "other"] and in_training == 'no'
 *
 * Grammar, loosest binding first:
 *
 *   condition  := or
 *   or         := and { "or" and }
 *   and        := not { "and" not }
 *   not        := "not" not | comparison
 *   comparison := operand [ ("==" | "!=" | "<" | "<=" | ">" | ">=") operand
 *                         | "in" list | "not" "in" list ]
 *   operand    := INTEGER | STRING | "true" | "false" | NAME | "(" condition ")"
 *   list       := "[" [ literal { "," literal } ] "]" | NAME
 *
 * STRING is 'single' or "double" quoted (a backslash escapes the next
 * character); INTEGER is decimal with an optional leading '-'; NAME is
 * letters, digits and '_' not starting with a digit.
 *
 * A name with no value (a question not answered yet) is null. Every
 * comparison with null is false, and so are "in" and "not in"; null where a
 * condition is expected counts as false. Because "not (x == 1)" is then true
 * for an unknown x, a caller that must tell "false" from "not known yet" asks
 * tr_expr_collect_identifiers() which names a condition reads and checks that
 * they all have a value before trusting the result.
 *
 * Columns in messages count characters from 1.
 */
#pragma once

#include <glib.h>
#include "tr-value.h"

G_BEGIN_DECLS

/* The values a condition is evaluated against: names to TrValue. A name
 * that is missing is null. */
GHashTable  *tr_expr_env_new          (void);
/* Takes ownership of @value. */
void         tr_expr_env_take         (GHashTable *env, const char *name, TrValue *value);

/* The names a checker knows, and their kinds. */
typedef struct _TrExprScope TrExprScope;

TrExprScope *tr_expr_scope_new        (void);
void         tr_expr_scope_free       (TrExprScope *scope);
/* A name read as a value, of kind TR_VALUE_BOOL, _INT or _STRING. */
void         tr_expr_scope_add_variable (TrExprScope *scope, const char *name, TrValueKind kind);
/* A string variable that can only hold one of @tokens: a quoted text
 * compared with it must be one of them. */
void         tr_expr_scope_add_choice (TrExprScope *scope, const char *name,
                                       const char * const *tokens);
/* A name used after "in", whose items are of kind @item_kind. */
void         tr_expr_scope_add_list   (TrExprScope *scope, const char *name, TrValueKind item_kind);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrExprScope, tr_expr_scope_free)

typedef struct _TrExpr TrExpr;

/* Parses @text. On a syntax error returns NULL with a TR_ERROR_PARSE whose
 * message starts "column N: " and says what was expected. */
TrExpr      *tr_expr_parse            (const char *text, GError **error);
void         tr_expr_free             (TrExpr *expr);
const char  *tr_expr_get_text         (const TrExpr *expr);

/* Checks, before any evaluation, that every name is known to @scope, that
 * lists are used only after "in", that compared values are of the same kind,
 * that '<' and friends compare numbers or texts, that "and", "or" and "not"
 * join conditions, and that the whole is a condition. Errors are
 * TR_ERROR_INVALID, "column N: …". An expression that passes cannot fail
 * tr_expr_evaluate() with values of the declared kinds (or null). */
gboolean     tr_expr_check            (const TrExpr *expr, const TrExprScope *scope,
                                       GError **error);

/* The value of @expr for @env (NULL: every name null). Returns NULL with
 * TR_ERROR_INVALID if the values do not fit (comparing a text with a
 * number, a name used after "in" that is not a list). */
TrValue     *tr_expr_evaluate         (const TrExpr *expr, GHashTable *env, GError **error);
/* The same, for a condition: FALSE with @error set if it is not one. */
gboolean     tr_expr_evaluate_condition (const TrExpr *expr, GHashTable *env,
                                         gboolean *result, GError **error);

/* The names @expr reads as values, each once, in order of first appearance,
 * NULL-terminated. List names after "in" are not included. */
char       **tr_expr_collect_identifiers (const TrExpr *expr);
/* The names @expr uses after "in", each once, in order. */
char       **tr_expr_collect_list_names  (const TrExpr *expr);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrExpr, tr_expr_free)

G_END_DECLS
