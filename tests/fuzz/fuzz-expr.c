/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The condition language: parse, check against the names a rules file
 * gives, and evaluate, checked or not, with nothing known and with answers. */
#include "fuzz-common.h"
#include "tr-expr.h"

static TrExprScope *scope;
static GHashTable *answered;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  const char * const yes_no[] = { "yes", "no", NULL };
  const char * const statuses[] = { "registered", "not_registered", "employed", "student", "other", NULL };
  const char * const postcodes[] = { "75010", "75018", "75019", NULL };

  fuzz_init ();
  scope = tr_expr_scope_new ();
  tr_expr_scope_add_variable (scope, "age", TR_VALUE_INT);
  tr_expr_scope_add_variable (scope, "unemployed_months", TR_VALUE_INT);
  tr_expr_scope_add_variable (scope, "postcode", TR_VALUE_STRING);
  tr_expr_scope_add_variable (scope, "birth_date", TR_VALUE_STRING);
  tr_expr_scope_add_variable (scope, "known", TR_VALUE_BOOL);
  tr_expr_scope_add_choice (scope, "qpv", yes_no);
  tr_expr_scope_add_choice (scope, "job_status", statuses);
  tr_expr_scope_add_list (scope, "paris_postcodes", TR_VALUE_STRING);
  tr_expr_scope_add_list (scope, "qpv_postcodes", TR_VALUE_STRING);

  answered = tr_expr_env_new ();
  tr_expr_env_take (answered, "age", tr_value_new_int (23));
  tr_expr_env_take (answered, "unemployed_months", tr_value_new_int (-4));
  tr_expr_env_take (answered, "postcode", tr_value_new_string ("75018"));
  tr_expr_env_take (answered, "birth_date", tr_value_new_string ("2004-01-31"));
  tr_expr_env_take (answered, "known", tr_value_new_bool (TRUE));
  tr_expr_env_take (answered, "qpv", tr_value_new_string ("yes"));
  tr_expr_env_take (answered, "job_status", tr_value_new_string ("registered"));
  tr_expr_env_take (answered, "paris_postcodes", tr_value_new_string_list (postcodes));
  tr_expr_env_take (answered, "qpv_postcodes", tr_value_new_string_list (postcodes));
  return 0;
}

static void
evaluate (const TrExpr *expr, GHashTable *env, gboolean checked)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrValue) value = tr_expr_evaluate (expr, env, &error);
  g_autofree char *text = NULL;
  gboolean result;

  /* What the checker passes cannot fail with values of the declared kinds. */
  if (value == NULL && checked)
    {
      g_printerr ("a checked condition failed to evaluate: %s\n", error->message);
      abort ();
    }
  if (value != NULL)
    text = tr_value_to_string (value);
  g_clear_error (&error);
  if (!tr_expr_evaluate_condition (expr, env, &result, &error) && checked)
    {
      g_printerr ("a checked condition is not one: %s\n", error->message);
      abort ();
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = fuzz_string (data, size);
  g_autoptr(TrExpr) expr = NULL;
  g_auto(GStrv) names = NULL;
  g_auto(GStrv) lists = NULL;
  gboolean checked;

  expr = tr_expr_parse (text, NULL);
  if (expr == NULL)
    return 0;
  (void) tr_expr_get_text (expr);
  names = tr_expr_collect_identifiers (expr);
  lists = tr_expr_collect_list_names (expr);
  checked = tr_expr_check (expr, scope, NULL);
  evaluate (expr, NULL, checked);
  evaluate (expr, answered, checked);
  return 0;
}
