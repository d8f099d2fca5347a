/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-expr.c — checking a parsed condition against the names it may use,
 * and evaluating it. The parser is in tr-expr-parser.c. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tr-error.h"
#include "tr-expr-private.h"
#include "tr-text.h"

/* How a value is named to the person who wrote the condition. */
static const char *
kind_description (TrValueKind kind)
{
  switch (kind)
    {
    case TR_VALUE_NULL:
      return _("nothing");
    case TR_VALUE_BOOL:
      return _("true or false");
    case TR_VALUE_INT:
      return _("a number");
    case TR_VALUE_STRING:
      return _("a text");
    case TR_VALUE_LIST:
      return _("a list");
    }
  return "?";
}

/* ----------------------------------------------------------- environment */

GHashTable *
tr_expr_env_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                (GDestroyNotify) tr_value_unref);
}

void
tr_expr_env_take (GHashTable *env, const char *name, TrValue *value)
{
  g_hash_table_replace (env, g_strdup (name), value);
}

/* ----------------------------------------------------------------- scope */

typedef struct {
  gboolean     is_list;
  TrValueKind  kind;      /* of the value, or of the list's items */
  char       **tokens;    /* a choice's possible values, or NULL */
} ScopeEntry;

struct _TrExprScope {
  GHashTable *entries;    /* name → ScopeEntry */
};

static void
scope_entry_free (gpointer data)
{
  ScopeEntry *entry = data;
  g_strfreev (entry->tokens);
  g_free (entry);
}

TrExprScope *
tr_expr_scope_new (void)
{
  TrExprScope *scope = g_new0 (TrExprScope, 1);
  scope->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, scope_entry_free);
  return scope;
}

void
tr_expr_scope_free (TrExprScope *scope)
{
  if (scope == NULL)
    return;
  g_hash_table_unref (scope->entries);
  g_free (scope);
}

static void
scope_add (TrExprScope *scope, const char *name, gboolean is_list,
           TrValueKind kind, const char * const *tokens)
{
  ScopeEntry *entry = g_new0 (ScopeEntry, 1);

  entry->is_list = is_list;
  entry->kind = kind;
  entry->tokens = g_strdupv ((char **) tokens);
  g_hash_table_replace (scope->entries, g_strdup (name), entry);
}

void
tr_expr_scope_add_variable (TrExprScope *scope, const char *name, TrValueKind kind)
{
  g_return_if_fail (kind == TR_VALUE_BOOL || kind == TR_VALUE_INT || kind == TR_VALUE_STRING);
  scope_add (scope, name, FALSE, kind, NULL);
}

void
tr_expr_scope_add_choice (TrExprScope *scope, const char *name, const char * const *tokens)
{
  scope_add (scope, name, FALSE, TR_VALUE_STRING, tokens);
}

void
tr_expr_scope_add_list (TrExprScope *scope, const char *name, TrValueKind item_kind)
{
  scope_add (scope, name, TRUE, item_kind, NULL);
}

/* ------------------------------------------------------------- checking */

static guint
edit_distance (const char *a, const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  g_autofree guint *row = g_new (guint, lb + 1);

  for (gsize j = 0; j <= lb; j++)
    row[j] = j;
  for (gsize i = 1; i <= la; i++)
    {
      guint diagonal = row[0];
      row[0] = i;
      for (gsize j = 1; j <= lb; j++)
        {
          guint above = row[j];
          guint cost = a[i - 1] == b[j - 1] ? 0 : 1;
          row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1), diagonal + cost);
          diagonal = above;
        }
    }
  return row[lb];
}

/* "; did you mean 'age'?" for a name one or two letters away from a known
 * one of the same sort, or "". */
static char *
suggestion (const TrExprScope *scope, const char *name, gboolean want_list)
{
  GHashTableIter iter;
  gpointer key, data;
  const char *best = NULL;
  guint best_distance = 3;

  g_hash_table_iter_init (&iter, scope->entries);
  while (g_hash_table_iter_next (&iter, &key, &data))
    {
      const ScopeEntry *entry = data;
      guint distance;

      if (entry->is_list != want_list)
        continue;
      distance = edit_distance (name, key);
      if (distance < best_distance ||
          (distance == best_distance && best != NULL && strcmp (key, best) < 0))
        {
          best = key;
          best_distance = distance;
        }
    }
  if (best == NULL || best_distance >= strlen (name))
    return g_strdup ("");
  return g_strdup_printf (_("; did you mean '%s'?"), best);
}

typedef struct {
  const TrExprScope *scope;
  GError           **error;
} Checker;

static gboolean check_node (Checker *checker, const Node *node, TrValueKind *kind);

static const ScopeEntry *
lookup_entry (const Checker *checker, const char *name)
{
  return g_hash_table_lookup (checker->scope->entries, name);
}

static gboolean
check_name (Checker *checker, const Node *node, TrValueKind *kind)
{
  const ScopeEntry *entry = lookup_entry (checker, node->name);

  if (entry == NULL)
    {
      g_autofree char *hint = suggestion (checker->scope, node->name, FALSE);
      g_autofree char *shown = tr_text_excerpt (node->name);
      g_set_error (checker->error, TR_ERROR, TR_ERROR_INVALID,
                   _("column %u: unknown question '%s'%s"), node->column, shown, hint);
      return FALSE;
    }
  if (entry->is_list)
    {
      g_set_error (checker->error, TR_ERROR, TR_ERROR_INVALID,
                   _("column %u: '%s' is a list; use it after 'in', as in: postcode in %s"),
                   node->column, node->name, node->name);
      return FALSE;
    }
  *kind = entry->kind;
  return TRUE;
}

static gboolean
check_condition (Checker *checker, const Node *node)
{
  TrValueKind kind;

  if (!check_node (checker, node, &kind))
    return FALSE;
  if (kind != TR_VALUE_BOOL)
    {
      g_set_error (checker->error, TR_ERROR, TR_ERROR_INVALID,
                   _("column %u: expected a condition (a comparison, 'in', true or false), "
                     "but this is %s"), node->column, kind_description (kind));
      return FALSE;
    }
  return TRUE;
}

/* A quoted text compared with a choice must be one of its answers: a typo
 * there would make a rule silently never apply. */
static gboolean
check_choice_literal (Checker *checker, const Node *name, const Node *literal)
{
  const ScopeEntry *entry;
  g_autofree char *answers = NULL;
  g_autofree char *shown = NULL;

  if (name->kind != NODE_NAME || literal->kind != NODE_LITERAL ||
      tr_value_get_kind (literal->value) != TR_VALUE_STRING)
    return TRUE;
  entry = lookup_entry (checker, name->name);
  if (entry == NULL || entry->tokens == NULL ||
      g_strv_contains ((const char * const *) entry->tokens, tr_value_get_string (literal->value)))
    return TRUE;
  answers = g_strjoinv (", ", entry->tokens);
  shown = tr_text_excerpt (tr_value_get_string (literal->value));
  g_set_error (checker->error, TR_ERROR, TR_ERROR_INVALID,
               _("column %u: \"%s\" is not an answer to %s; its answers are %s"),
               literal->column, shown, name->name, answers);
  return FALSE;
}

static gboolean
check_compare (Checker *checker, const Node *node)
{
  TrValueKind left, right;

  if (!check_node (checker, node->left, &left) || !check_node (checker, node->right, &right))
    return FALSE;
  if (left != right)
    {
      g_set_error (checker->error, TR_ERROR, TR_ERROR_INVALID,
                   _("column %u: cannot compare %s with %s (a number is written 18, a text \"18\")"),
                   node->column, kind_description (left), kind_description (right));
      return FALSE;
    }
  if (node->op != TOKEN_EQ && node->op != TOKEN_NE &&
      left != TR_VALUE_INT && left != TR_VALUE_STRING)
    {
      g_set_error (checker->error, TR_ERROR, TR_ERROR_INVALID,
                   _("column %u: only numbers and texts can be put in order, not %s"),
                   node->column, kind_description (left));
      return FALSE;
    }
  return check_choice_literal (checker, node->left, node->right) &&
         check_choice_literal (checker, node->right, node->left);
}

static gboolean
check_list_name (Checker *checker, const Node *list, TrValueKind *item_kind)
{
  const ScopeEntry *entry = lookup_entry (checker, list->name);

  if (entry == NULL)
    {
      g_autofree char *hint = suggestion (checker->scope, list->name, TRUE);
      g_autofree char *shown = tr_text_excerpt (list->name);
      g_set_error (checker->error, TR_ERROR, TR_ERROR_INVALID,
                   _("column %u: unknown list '%s'%s"), list->column, shown, hint);
      return FALSE;
    }
  if (!entry->is_list)
    {
      g_set_error (checker->error, TR_ERROR, TR_ERROR_INVALID,
                   _("column %u: '%s' is not a list; write the values in brackets, as in: x in [\"a\", \"b\"]"),
                   list->column, list->name);
      return FALSE;
    }
  *item_kind = entry->kind;
  return TRUE;
}

static gboolean
check_in (Checker *checker, const Node *node)
{
  TrValueKind left;
  const Node *list = node->right;

  if (!check_node (checker, node->left, &left))
    return FALSE;
  if (left == TR_VALUE_LIST)
    {
      g_set_error (checker->error, TR_ERROR, TR_ERROR_INVALID,
                   _("column %u: a list cannot be looked for in a list"), node->left->column);
      return FALSE;
    }
  if (list->kind == NODE_LIST_NAME)
    {
      TrValueKind item_kind;
      if (!check_list_name (checker, list, &item_kind))
        return FALSE;
      if (item_kind != left)
        {
          g_set_error (checker->error, TR_ERROR, TR_ERROR_INVALID,
                       _("column %u: '%s' holds items that are %s, but what is looked for in it is %s"),
                       list->column, list->name, kind_description (item_kind), kind_description (left));
          return FALSE;
        }
      return TRUE;
    }
  for (guint i = 0; i < list->items->len; i++)
    {
      const Node *item = g_ptr_array_index (list->items, i);
      TrValueKind item_kind = tr_value_get_kind (item->value);

      if (item_kind != left)
        {
          g_set_error (checker->error, TR_ERROR, TR_ERROR_INVALID,
                       _("column %u: this item is %s, but what is looked for is %s"),
                       item->column, kind_description (item_kind), kind_description (left));
          return FALSE;
        }
      if (!check_choice_literal (checker, node->left, item))
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_node (Checker *checker, const Node *node, TrValueKind *kind)
{
  switch (node->kind)
    {
    case NODE_LITERAL:
      *kind = tr_value_get_kind (node->value);
      return TRUE;
    case NODE_NAME:
      return check_name (checker, node, kind);
    case NODE_AND:
    case NODE_OR:
      *kind = TR_VALUE_BOOL;
      for (guint i = 0; i < node->items->len; i++)
        if (!check_condition (checker, g_ptr_array_index (node->items, i)))
          return FALSE;
      return TRUE;
    case NODE_NOT:
      *kind = TR_VALUE_BOOL;
      return check_condition (checker, node->left);
    case NODE_COMPARE:
      *kind = TR_VALUE_BOOL;
      return check_compare (checker, node);
    case NODE_IN:
      *kind = TR_VALUE_BOOL;
      return check_in (checker, node);
    case NODE_LIST:
    case NODE_LIST_NAME:
      break;
    }
  g_assert_not_reached ();
}

gboolean
tr_expr_check (const TrExpr *expr, const TrExprScope *scope, GError **error)
{
  Checker checker = { scope, error };

  g_return_val_if_fail (expr != NULL && scope != NULL, FALSE);
  return check_condition (&checker, expr->root);
}

/* ----------------------------------------------------------- evaluating */

static TrValue *evaluate_node (const Node *node, GHashTable *env, GError **error);

static TrValue *
lookup_value (GHashTable *env, const char *name)
{
  TrValue *value = env != NULL ? g_hash_table_lookup (env, name) : NULL;
  return value != NULL ? tr_value_ref (value) : tr_value_new_null ();
}

/* Null counts as false where a condition is expected. */
static gboolean
evaluate_as_condition (const Node *node, GHashTable *env, gboolean *result, GError **error)
{
  g_autoptr(TrValue) value = evaluate_node (node, env, error);

  if (value == NULL)
    return FALSE;
  switch (tr_value_get_kind (value))
    {
    case TR_VALUE_NULL:
      *result = FALSE;
      return TRUE;
    case TR_VALUE_BOOL:
      *result = tr_value_get_bool (value);
      return TRUE;
    default:
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("column %u: expected a condition, but this is %s"),
                   node->column, kind_description (tr_value_get_kind (value)));
      return FALSE;
    }
}

static gboolean
compare_values (const Node *node, const TrValue *left, const TrValue *right,
                gboolean *result, GError **error)
{
  TrValueKind kind = tr_value_get_kind (left);
  int order;

  if (kind == TR_VALUE_NULL || tr_value_get_kind (right) == TR_VALUE_NULL)
    {
      *result = FALSE;
      return TRUE;
    }
  if (kind != tr_value_get_kind (right))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("column %u: cannot compare %s with %s"), node->column,
                   kind_description (kind), kind_description (tr_value_get_kind (right)));
      return FALSE;
    }
  if (node->op == TOKEN_EQ || node->op == TOKEN_NE)
    {
      *result = tr_value_equal (left, right) == (node->op == TOKEN_EQ);
      return TRUE;
    }
  if (kind == TR_VALUE_INT)
    {
      gint64 a = tr_value_get_int (left), b = tr_value_get_int (right);
      order = a < b ? -1 : a > b;
    }
  else if (kind == TR_VALUE_STRING)
    order = strcmp (tr_value_get_string (left), tr_value_get_string (right));
  else
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("column %u: only numbers and texts can be put in order, not %s"),
                   node->column, kind_description (kind));
      return FALSE;
    }
  switch (node->op)
    {
    case TOKEN_LT: *result = order < 0; break;
    case TOKEN_LE: *result = order <= 0; break;
    case TOKEN_GT: *result = order > 0; break;
    case TOKEN_GE: *result = order >= 0; break;
    default: g_assert_not_reached ();
    }
  return TRUE;
}

/* The values of both sides of @node, left first. */
static gboolean
evaluate_operands (const Node *node, GHashTable *env, TrValue **left, TrValue **right, GError **error)
{
  *left = evaluate_node (node->left, env, error);
  if (*left == NULL)
    return FALSE;
  *right = evaluate_node (node->right, env, error);
  if (*right == NULL)
    {
      g_clear_pointer (left, tr_value_unref);
      return FALSE;
    }
  return TRUE;
}

static gboolean
evaluate_compare (const Node *node, GHashTable *env, gboolean *result, GError **error)
{
  g_autoptr(TrValue) left = NULL;
  g_autoptr(TrValue) right = NULL;

  return evaluate_operands (node, env, &left, &right, error) &&
         compare_values (node, left, right, result, error);
}

static TrValue *
evaluate_list (const Node *list, GHashTable *env, GError **error)
{
  g_autoptr(GPtrArray) items = NULL;
  TrValue *value;

  if (list->kind == NODE_LIST_NAME)
    {
      value = lookup_value (env, list->name);
      if (tr_value_get_kind (value) != TR_VALUE_LIST && tr_value_get_kind (value) != TR_VALUE_NULL)
        {
          g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                       _("column %u: '%s' is not a list"), list->column, list->name);
          tr_value_unref (value);
          return NULL;
        }
      return value;
    }
  items = g_ptr_array_new ();
  for (guint i = 0; i < list->items->len; i++)
    g_ptr_array_add (items, ((Node *) g_ptr_array_index (list->items, i))->value);
  return tr_value_new_list ((TrValue * const *) items->pdata, items->len);
}

static gboolean
evaluate_in (const Node *node, GHashTable *env, gboolean *result, GError **error)
{
  g_autoptr(TrValue) needle = NULL;
  g_autoptr(TrValue) list = NULL;
  TrValueKind kind;
  gboolean found = FALSE;

  if (!evaluate_operands (node, env, &needle, &list, error))
    return FALSE;
  kind = tr_value_get_kind (needle);
  if (kind == TR_VALUE_NULL || tr_value_get_kind (list) == TR_VALUE_NULL)
    {
      *result = FALSE;
      return TRUE;
    }
  for (guint i = 0; i < tr_value_get_n_items (list) && !found; i++)
    {
      const TrValue *item = tr_value_get_item (list, i);
      if (tr_value_get_kind (item) != kind)
        {
          g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                       _("column %u: cannot look for %s in a list that holds %s"),
                       node->column, kind_description (kind), kind_description (tr_value_get_kind (item)));
          return FALSE;
        }
      found = tr_value_equal (item, needle);
    }
  *result = found != node->negated;
  return TRUE;
}

/* "and" stops at the first false condition, "or" at the first true one. */
static gboolean
evaluate_logic (const Node *node, GHashTable *env, gboolean *result, GError **error)
{
  gboolean stop_at = node->kind == NODE_OR;
  gboolean value = FALSE;

  if (node->kind == NODE_NOT)
    {
      if (!evaluate_as_condition (node->left, env, &value, error))
        return FALSE;
      *result = !value;
      return TRUE;
    }
  for (guint i = 0; i < node->items->len; i++)
    {
      if (!evaluate_as_condition (g_ptr_array_index (node->items, i), env, &value, error))
        return FALSE;
      if (value == stop_at)
        break;
    }
  *result = value;
  return TRUE;
}

static TrValue *
evaluate_node (const Node *node, GHashTable *env, GError **error)
{
  gboolean result = FALSE;
  gboolean ok;

  switch (node->kind)
    {
    case NODE_LITERAL:
      return tr_value_ref (node->value);
    case NODE_NAME:
      return lookup_value (env, node->name);
    case NODE_LIST:
    case NODE_LIST_NAME:
      return evaluate_list (node, env, error);
    case NODE_AND:
    case NODE_OR:
    case NODE_NOT:
      ok = evaluate_logic (node, env, &result, error);
      break;
    case NODE_COMPARE:
      ok = evaluate_compare (node, env, &result, error);
      break;
    case NODE_IN:
      ok = evaluate_in (node, env, &result, error);
      break;
    default:
      g_assert_not_reached ();
    }
  return ok ? tr_value_new_bool (result) : NULL;
}

TrValue *
tr_expr_evaluate (const TrExpr *expr, GHashTable *env, GError **error)
{
  g_return_val_if_fail (expr != NULL, NULL);
  return evaluate_node (expr->root, env, error);
}

gboolean
tr_expr_evaluate_condition (const TrExpr *expr, GHashTable *env,
                            gboolean *result, GError **error)
{
  g_return_val_if_fail (expr != NULL && result != NULL, FALSE);
  return evaluate_as_condition (expr->root, env, result, error);
}

/* ----------------------------------------------------------- collecting */

/* Nesting is bounded by the parser; chains are walked side by side. */
static void
collect (const Node *node, NodeKind wanted, GPtrArray *names, GHashTable *seen)
{
  if (node == NULL)
    return;
  if (node->kind == wanted && g_hash_table_add (seen, node->name))
    g_ptr_array_add (names, g_strdup (node->name));
  if (node->kind == NODE_AND || node->kind == NODE_OR)
    for (guint i = 0; i < node->items->len; i++)
      collect (g_ptr_array_index (node->items, i), wanted, names, seen);
  collect (node->left, wanted, names, seen);
  collect (node->right, wanted, names, seen);
}

static char **
collect_names (const TrExpr *expr, NodeKind wanted)
{
  GPtrArray *names = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  collect (expr->root, wanted, names, seen);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

char **
tr_expr_collect_identifiers (const TrExpr *expr)
{
  g_return_val_if_fail (expr != NULL, NULL);
  return collect_names (expr, NODE_NAME);
}

char **
tr_expr_collect_list_names (const TrExpr *expr)
{
  g_return_val_if_fail (expr != NULL, NULL);
  return collect_names (expr, NODE_LIST_NAME);
}
