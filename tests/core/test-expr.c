/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-expr.c — tests of the condition language: precedence, comparisons and errors. */
#include <glib.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "tr-error.h"
#include "tr-expr.h"

/* Records a failure and goes on, so one run shows every wrong message. */
static void
assert_message (const char *input, const GError *error, const char *expected)
{
  if (strstr (error->message, expected) != NULL)
    return;
  g_autofree char *shown = g_strescape (input, NULL);

  g_test_message ("“%s” gave “%s”, expected “%s”", shown, error->message, expected);
  g_test_fail ();
}

static GHashTable *
make_env (void)
{
  GHashTable *env = tr_expr_env_new ();
  const char *paris[] = { "75001", "75018", "75116", NULL };

  tr_expr_env_take (env, "age", tr_value_new_int (24));
  tr_expr_env_take (env, "postcode", tr_value_new_string ("75018"));
  tr_expr_env_take (env, "job_status", tr_value_new_string ("registered"));
  tr_expr_env_take (env, "months", tr_value_new_int (12));
  tr_expr_env_take (env, "paris", tr_value_new_string_list (paris));
  return env;
}

static TrExprScope *
make_scope (void)
{
  TrExprScope *scope = tr_expr_scope_new ();
  const char *statuses[] = { "registered", "not_registered", "employed", NULL };

  tr_expr_scope_add_variable (scope, "age", TR_VALUE_INT);
  tr_expr_scope_add_variable (scope, "postcode", TR_VALUE_STRING);
  tr_expr_scope_add_variable (scope, "months", TR_VALUE_INT);
  tr_expr_scope_add_variable (scope, "member", TR_VALUE_BOOL);
  tr_expr_scope_add_choice (scope, "job_status", statuses);
  tr_expr_scope_add_list (scope, "paris", TR_VALUE_STRING);
  return scope;
}

/* Parses, checks against make_scope() when @check, and evaluates. */
static gboolean
evaluate (const char *text, GHashTable *env, gboolean check)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrExpr) expr = tr_expr_parse (text, &error);
  g_autoptr(TrExprScope) scope = make_scope ();
  gboolean result = FALSE;

  g_assert_no_error (error);
  g_assert_nonnull (expr);
  if (check)
    {
      tr_expr_check (expr, scope, &error);
      g_assert_no_error (error);
    }
  g_assert_true (tr_expr_evaluate_condition (expr, env, &result, &error));
  g_assert_no_error (error);
  return result;
}

static void
test_precedence (void)
{
  g_autoptr(GHashTable) env = make_env ();

  /* "and" binds tighter than "or". */
  g_assert_true (evaluate ("true or false and false", env, TRUE));
  g_assert_false (evaluate ("(true or false) and false", env, TRUE));
  /* "not" binds tighter than "and", looser than a comparison. */
  g_assert_false (evaluate ("not true and false", env, TRUE));
  g_assert_true (evaluate ("not age == 30", env, TRUE));
  g_assert_true (evaluate ("not not true", env, TRUE));
  g_assert_true (evaluate ("age >= 18 and age < 26 or months > 100", env, TRUE));
  g_assert_true (evaluate ("months > 100 or age >= 18 and age < 26", env, TRUE));
  g_assert_false (evaluate ("(months > 100 or age >= 18) and age > 26", env, TRUE));
}

static void
test_comparisons (void)
{
  g_autoptr(GHashTable) env = make_env ();

  g_assert_true (evaluate ("age == 24", env, TRUE));
  g_assert_false (evaluate ("age != 24", env, TRUE));
  g_assert_true (evaluate ("age < 25 and age <= 24 and age > 23 and age >= 24", env, TRUE));
  g_assert_false (evaluate ("age < 24", env, TRUE));
  g_assert_true (evaluate ("age > -5", env, TRUE));
  g_assert_true (evaluate ("postcode == \"75018\"", env, TRUE));
  g_assert_true (evaluate ("postcode == '75018'", env, TRUE));
  /* Texts are put in order character by character (ISO dates sort right). */
  g_assert_true (evaluate ("postcode < \"75019\" and postcode > \"75017\"", env, TRUE));
  g_assert_true (evaluate ("'2017-03-15' < \"2017-12-01\"", env, TRUE));
  g_assert_true (evaluate ("'it\\'s' == \"it's\"", env, TRUE));
  g_assert_true (evaluate ("true != false", env, TRUE));
}

static void
test_in_lists (void)
{
  g_autoptr(GHashTable) env = make_env ();

  g_assert_true (evaluate ("job_status in [\"registered\", \"employed\"]", env, TRUE));
  g_assert_false (evaluate ("job_status in ['employed']", env, TRUE));
  g_assert_false (evaluate ("job_status in []", env, TRUE));
  g_assert_true (evaluate ("job_status not in ['employed']", env, TRUE));
  g_assert_true (evaluate ("age in [18, 24, 30]", env, TRUE));
  g_assert_true (evaluate ("postcode in paris", env, TRUE));
  g_assert_false (evaluate ("postcode not in paris", env, TRUE));
  g_assert_false (evaluate ("'75015' in paris", env, TRUE));
  g_assert_true (evaluate ("not ('75015' in paris) and postcode in paris", env, TRUE));
}

static void
test_null (void)
{
  g_autoptr(GHashTable) env = make_env ();
  g_autoptr(GHashTable) empty = tr_expr_env_new ();

  /* An unanswered question: every comparison is false, "not in" too. */
  g_assert_false (evaluate ("months == 3", empty, TRUE));
  g_assert_false (evaluate ("months != 3", empty, TRUE));
  g_assert_false (evaluate ("months < 3", empty, TRUE));
  g_assert_false (evaluate ("months >= 3", empty, TRUE));
  g_assert_false (evaluate ("job_status in ['registered']", empty, TRUE));
  g_assert_false (evaluate ("job_status not in ['registered']", empty, TRUE));
  /* A list with no value holds nothing. */
  g_assert_false (evaluate ("postcode in paris", empty, TRUE));
  /* "not" turns a false comparison true: why callers look at the inputs. */
  g_assert_true (evaluate ("not (postcode in paris)", empty, TRUE));
  /* Null where a condition is expected is false. */
  g_assert_false (evaluate ("member", empty, TRUE));
  g_assert_true (evaluate ("not member", empty, TRUE));
  g_assert_false (evaluate ("member and true", empty, TRUE));
  g_assert_true (evaluate ("member or age == 24", env, TRUE));
  /* A NULL table is the same as an empty one. */
  g_assert_false (evaluate ("age < 18", NULL, TRUE));
}

typedef struct {
  const char *text;
  const char *message;
} ErrorCase;

static const ErrorCase parse_errors[] = {
  { "", "column 1: the condition is empty" },
  { "   ", "column 1: the condition is empty" },
  { "age <", "column 6: expected a value (a number, a quoted text, true, false or a name) or '(', but found the end of the condition" },
  { "age < )", "column 7: expected a value (a number, a quoted text, true, false or a name) or '(', but found ')'" },
  { "not", "column 4: expected a value" },
  { "age < 18 and", "column 13: expected a value" },
  { "(age < 18", "column 10: expected ')' to close the '(' at column 1, but found the end of the condition" },
  { "((age < 18) or true", "column 20: expected ')' to close the '(' at column 1" },
  { "x in [1, 2", "column 11: expected ']' after the list" },
  { "x in ['a' 'b']", "column 11: expected ']' after the list (or ',' before another item), but found 'b'" },
  { "x in [1,]", "column 9: expected a number, a quoted text, true or false in the list, but found ']'" },
  { "x in [y]", "column 7: expected a number, a quoted text, true or false in the list, but found 'y'" },
  { "x in 5", "column 6: expected '[' or the name of a list after 'in', but found '5'" },
  { "x in", "column 5: expected '[' or the name of a list after 'in', but found the end of the condition" },
  { "x not y", "column 7: expected 'in' after 'not', but found 'y'" },
  { "x = 1", "column 3: write '==' to compare" },
  { "a && b", "column 3: write 'and' instead of '&&'" },
  { "a || b", "column 3: write 'or' instead of '||'" },
  { "a ! b", "column 3: write 'not' or '!='" },
  { "x == 'abc", "column 6: the text that starts here has no closing '" },
  { "x == \"abc", "column 6: the text that starts here has no closing \"" },
  { "1 < 2 < 3", "column 7: comparisons cannot be chained; join them with 'and'" },
  { "x in [1] in y", "column 10: comparisons cannot be chained" },
  { "a b", "column 3: expected 'and', 'or' or the end of the condition, but found 'b'" },
  { "age < 18)", "column 9: expected 'and', 'or' or the end of the condition, but found ')'" },
  { "x == 99999999999999999999", "column 6: the number 99999999999999999999 is too big" },
  { "x == 12ab", "column 6: a name cannot start with a digit" },
  { "x == #", "column 6: unexpected character '#'" },
  { "été == 1", "column 1: unexpected character 'é'" },
  /* Columns count characters, not bytes. */
  { "\"é\" == x $", "column 10: unexpected character '$'" },
  { "a == \xff", "column 6: this is not valid UTF-8 text" },
};

static void
test_parse_errors (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (parse_errors); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TrExpr) expr = tr_expr_parse (parse_errors[i].text, &error);

      g_autofree char *shown = g_strescape (parse_errors[i].text, NULL);

      g_test_message ("%s", shown);
      g_assert_null (expr);
      g_assert_error (error, TR_ERROR, TR_ERROR_PARSE);
      assert_message (parse_errors[i].text, error, parse_errors[i].message);
    }
}

static void
test_nesting_limit (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) nots = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TrExpr) expr = NULL;

  for (int i = 0; i < 10000; i++)
    g_string_append_c (deep, '(');
  expr = tr_expr_parse (deep->str, &error);
  g_assert_null (expr);
  g_assert_error (error, TR_ERROR, TR_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "too many parentheses"));
  g_clear_error (&error);

  for (int i = 0; i < 10000; i++)
    g_string_append (nots, "not ");
  g_string_append (nots, "true");
  expr = tr_expr_parse (nots->str, &error);
  g_assert_null (expr);
  g_assert_nonnull (strstr (error->message, "too many 'not'"));
  g_clear_error (&error);

  /* Reasonable nesting is fine. */
  expr = tr_expr_parse ("((((((((((true))))))))))", &error);
  g_assert_no_error (error);
  g_assert_nonnull (expr);
}

static const ErrorCase check_errors[] = {
  { "agee < 18", "column 1: unknown question 'agee'; did you mean 'age'?" },
  { "age < 18 and zzz == 1", "column 14: unknown question 'zzz'" },
  { "postcode in pari", "column 13: unknown list 'pari'; did you mean 'paris'?" },
  { "postcode in nowhere_at_all", "column 13: unknown list 'nowhere_at_all'" },
  { "paris == 'x'", "column 1: 'paris' is a list; use it after 'in'" },
  { "job_status in postcode", "column 15: 'postcode' is not a list" },
  { "age == '18'", "column 5: cannot compare a number with a text" },
  { "postcode == 75001", "column 10: cannot compare a text with a number" },
  { "member < true", "column 8: only numbers and texts can be put in order, not true or false" },
  { "age and true", "column 1: expected a condition (a comparison, 'in', true or false), but this is a number" },
  { "not postcode", "column 5: expected a condition" },
  { "age", "column 1: expected a condition" },
  { "job_status == 'employd'", "column 15: \"employd\" is not an answer to job_status; its answers are registered, not_registered, employed" },
  { "'employd' != job_status", "column 1: \"employd\" is not an answer to job_status" },
  { "job_status in ['employed', 'studnt']", "column 28: \"studnt\" is not an answer to job_status" },
  { "age in [18, '19']", "column 13: this item is a text, but what is looked for is a number" },
  { "age in paris", "column 8: 'paris' holds items that are a text, but what is looked for in it is a number" },
};

static void
test_check_errors (void)
{
  g_autoptr(TrExprScope) scope = make_scope ();

  for (gsize i = 0; i < G_N_ELEMENTS (check_errors); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TrExpr) expr = tr_expr_parse (check_errors[i].text, &error);

      g_assert_no_error (error);
      g_assert_false (tr_expr_check (expr, scope, &error));
      g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
      assert_message (check_errors[i].text, error, check_errors[i].message);
    }
}

/* Without the check, wrong kinds are reported, never a crash. */
static void
test_evaluation_errors (void)
{
  static const ErrorCase cases[] = {
    { "postcode < 3", "column 10: cannot compare a text with a number" },
    { "age == 'x'", "column 5: cannot compare a number with a text" },
    { "age in paris", "column 5: cannot look for a number in a list that holds a text" },
    { "age in postcode", "column 8: 'postcode' is not a list" },
    { "age and true", "column 1: expected a condition, but this is a number" },
    { "paris < paris", "only numbers and texts can be put in order, not a list" },
  };
  g_autoptr(GHashTable) env = make_env ();

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TrExpr) expr = tr_expr_parse (cases[i].text, &error);
      gboolean result = TRUE;

      g_assert_no_error (error);
      g_assert_false (tr_expr_evaluate_condition (expr, env, &result, &error));
      g_assert_error (error, TR_ERROR, TR_ERROR_INVALID);
      assert_message (cases[i].text, error, cases[i].message);
    }
}

static void
test_evaluate_value (void)
{
  g_autoptr(GHashTable) env = make_env ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TrExpr) expr = tr_expr_parse ("age", &error);
  g_autoptr(TrValue) value = tr_expr_evaluate (expr, env, &error);
  g_autoptr(TrExpr) missing = tr_expr_parse ("nobody", &error);
  g_autoptr(TrValue) null = tr_expr_evaluate (missing, env, &error);

  g_assert_no_error (error);
  g_assert_cmpint (tr_value_get_kind (value), ==, TR_VALUE_INT);
  g_assert_cmpint (tr_value_get_int (value), ==, 24);
  g_assert_cmpint (tr_value_get_kind (null), ==, TR_VALUE_NULL);
  g_assert_cmpstr (tr_expr_get_text (expr), ==, "age");
}

static void
test_collect (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrExpr) expr = tr_expr_parse (
    "a == 1 and (b in lst or not a < c) and d not in other and 'x' in lst", &error);
  g_auto(GStrv) names = NULL;
  g_auto(GStrv) lists = NULL;
  const char *expected_names[] = { "a", "b", "c", "d", NULL };
  const char *expected_lists[] = { "lst", "other", NULL };
  g_autoptr(TrExpr) constant = tr_expr_parse ("1 < 2", &error);
  g_auto(GStrv) none = NULL;

  g_assert_no_error (error);
  names = tr_expr_collect_identifiers (expr);
  lists = tr_expr_collect_list_names (expr);
  g_assert_cmpstrv (names, expected_names);
  g_assert_cmpstrv (lists, expected_lists);
  none = tr_expr_collect_identifiers (constant);
  g_assert_cmpuint (g_strv_length (none), ==, 0);
}

static void
test_values (void)
{
  const char *items[] = { "a\"b", "c", NULL };
  g_autoptr(TrValue) list = tr_value_new_string_list (items);
  g_autoptr(TrValue) same = tr_value_new_string_list (items);
  g_autoptr(TrValue) number = tr_value_new_int (-7);
  g_autoptr(TrValue) text = tr_value_new_string ("-7");
  g_autoptr(TrValue) null = tr_value_new_null ();
  g_autofree char *list_text = tr_value_to_string (list);
  g_autofree char *number_text = tr_value_to_string (number);
  g_autofree char *null_text = tr_value_to_string (null);
  TrValue *mixed_items[2];
  g_autoptr(TrValue) mixed = NULL;
  g_autofree char *mixed_text = NULL;

  g_assert_cmpstr (list_text, ==, "[\"a\\\"b\", \"c\"]");
  g_assert_cmpstr (number_text, ==, "-7");
  g_assert_cmpstr (null_text, ==, "null");
  g_assert_true (tr_value_equal (list, same));
  g_assert_false (tr_value_equal (number, text));
  g_assert_cmpuint (tr_value_get_n_items (list), ==, 2);
  g_assert_cmpstr (tr_value_get_string (tr_value_get_item (list, 1)), ==, "c");

  mixed_items[0] = number;
  mixed_items[1] = null;
  mixed = tr_value_new_list (mixed_items, 2);
  mixed_text = tr_value_to_string (mixed);
  g_assert_cmpstr (mixed_text, ==, "[-7, null]");
}

/* "term sep term sep … term": @n terms. */
static char *
chain (const char *term, const char *separator, guint n)
{
  GString *text = g_string_new (term);

  for (guint i = 1; i < n; i++)
    {
      g_string_append (text, separator);
      g_string_append (text, term);
    }
  return g_string_free (text, FALSE);
}

/* Parses, checks, evaluates, collects from and frees a long flat chain:
 * run on a small stack, where anything that recursed once per operator
 * would overflow it. */
static gpointer
walk_long_chains (gpointer data)
{
  static const struct {
    const char *term;
    const char *separator;
    gboolean    value;
  } chains[] = {
    { "member", " and ", TRUE },
    { "member", " or ", TRUE },
    { "age == 1", " or ", FALSE },
    { "not member", " or ", FALSE },
    { "(member)", " and ", TRUE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (chains); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = chain (chains[i].term, chains[i].separator,
                                     64000 / (strlen (chains[i].term) + strlen (chains[i].separator)));
      g_autoptr(TrExpr) expr = tr_expr_parse (text, &error);
      g_autoptr(TrExprScope) scope = make_scope ();
      g_autoptr(GHashTable) env = make_env ();
      g_auto(GStrv) names = NULL;
      gboolean result = !chains[i].value;

      g_assert_no_error (error);
      g_assert_true (tr_expr_check (expr, scope, &error));
      g_assert_no_error (error);
      tr_expr_env_take (env, "member", tr_value_new_bool (TRUE));
      g_assert_true (tr_expr_evaluate_condition (expr, env, &result, &error));
      g_assert_no_error (error);
      g_assert_cmpint (result, ==, chains[i].value);
      names = tr_expr_collect_identifiers (expr);
      g_assert_cmpuint (g_strv_length (names), ==, 1);
    }
  return data;
}

static void
test_long_chain_small_stack (void)
{
  pthread_attr_t attributes;
  pthread_t thread;
  gpointer result = NULL;
  static int done;

  g_assert_cmpint (pthread_attr_init (&attributes), ==, 0);
  g_assert_cmpint (pthread_attr_setstacksize (&attributes, 256 * 1024), ==, 0);
  g_assert_cmpint (pthread_create (&thread, &attributes, walk_long_chains, &done), ==, 0);
  g_assert_cmpint (pthread_join (thread, &result), ==, 0);
  g_assert_true (result == &done);
  pthread_attr_destroy (&attributes);
}

/* A condition longer than any written by hand is refused before it is
 * read, with a message that says so. */
static void
test_too_long (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = chain ("qpv", " and ", 100000);
  g_autoptr(TrExpr) expr = tr_expr_parse (text, &error);

  g_assert_null (expr);
  g_assert_error (error, TR_ERROR, TR_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message,
                            "column 1: the condition is 799995 bytes long, more than the 65536"));
}

/* This thread's processor time, in microseconds: unlike the wall clock, it
 * does not count the time other processes of a busy machine run instead. */
static gint64
thread_time (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return (gint64) now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

/* The processor time of one parse of @text, in microseconds. */
static gint64
parse_time (const char *text)
{
  g_autoptr(GError) error = NULL;
  gint64 start = thread_time ();
  g_autoptr(TrExpr) expr = tr_expr_parse (text, &error);
  gint64 spent = thread_time () - start;

  g_assert_no_error (error);
  return MAX (spent, 1);
}

/* Four times the text takes about four times as long, not sixteen: columns
 * are counted as the text is read, not from its start for every token.
 * Other programs share the machine: a round spoilt by them is measured
 * again, while a quadratic parser is over the bound every time. */
static void
test_parse_is_linear (void)
{
  const guint n = 800;
  g_autofree char *small = chain ("(qpv == \"yes\")", " or ", n);
  g_autofree char *large = chain ("(qpv == \"yes\")", " or ", 4 * n);
  gint64 small_best = G_MAXINT64, large_best = G_MAXINT64;
  double ratio;

  /* The fastest of several interleaved runs, so that a cache or page fault
   * in one run does not decide. Linear gives about 4,
   * the old quadratic lexer gave 15 to 29. */
  for (int run = 0; run < 15; run++)
    {
      small_best = MIN (small_best, parse_time (small));
      large_best = MIN (large_best, parse_time (large));
    }
  ratio = (double) large_best / MAX (small_best, 1);
  g_test_message ("%u terms: %" G_GINT64_FORMAT " µs; %u terms: %" G_GINT64_FORMAT " µs; ratio %.1f",
                  n, small_best, 4 * n, large_best, ratio);
  g_assert_cmpfloat (ratio, <, 8.0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/expr/precedence", test_precedence);
  g_test_add_func ("/expr/comparisons", test_comparisons);
  g_test_add_func ("/expr/in-lists", test_in_lists);
  g_test_add_func ("/expr/null", test_null);
  g_test_add_func ("/expr/parse-errors", test_parse_errors);
  g_test_add_func ("/expr/nesting-limit", test_nesting_limit);
  g_test_add_func ("/expr/check-errors", test_check_errors);
  g_test_add_func ("/expr/evaluation-errors", test_evaluation_errors);
  g_test_add_func ("/expr/evaluate-value", test_evaluate_value);
  g_test_add_func ("/expr/collect", test_collect);
  g_test_add_func ("/expr/values", test_values);
  g_test_add_func ("/expr/long-chain-small-stack", test_long_chain_small_stack);
  g_test_add_func ("/expr/too-long", test_too_long);
  g_test_add_func ("/expr/parse-is-linear", test_parse_is_linear);
  return g_test_run ();
}
