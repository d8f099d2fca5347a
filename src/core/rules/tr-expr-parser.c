/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-expr-parser.c — a condition's text read into a tree: the tokens, then
 * a recursive descent that says what it expected where it stops. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tr-error.h"
#include "tr-expr-private.h"
#include "tr-text.h"

/* Deeper nesting than this is not a condition anyone writes by hand; the
 * limit keeps a hostile file from exhausting the stack. */
#define MAX_DEPTH 64

/* Far beyond any condition written by hand, and small enough that a
 * hostile file cannot make the checks and the tree cost much. */
#define MAX_BYTES 65536

/* ---------------------------------------------------------------- tokens */

typedef struct {
  TokenKind  kind;
  guint      column;
  char      *text;     /* as written, for messages */
  char      *string;   /* TOKEN_STRING: the unquoted text; TOKEN_NAME: the name */
  gint64     integer;
} Token;

static void
token_clear (gpointer data)
{
  Token *token = data;
  g_free (token->text);
  g_free (token->string);
}

static guint
column_of (const char *text, const char *at)
{
  return (guint) g_utf8_strlen (text, at - text) + 1;
}

static const struct {
  const char *word;
  TokenKind   kind;
} keywords[] = {
  { "and", TOKEN_AND }, { "or", TOKEN_OR }, { "not", TOKEN_NOT },
  { "in", TOKEN_IN }, { "true", TOKEN_TRUE }, { "false", TOKEN_FALSE },
};

static gboolean
is_name_start (char c)
{
  return g_ascii_isalpha (c) || c == '_';
}

static gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

/* The lexers take the token's column, counted as the text is read: counting
 * it again from the start for every token would cost quadratic time. */
static gboolean
lex_number (const char **p, Token *token, GError **error)
{
  const char *start = *p;
  const char *end = start + (*start == '-' ? 1 : 0);
  g_autofree char *digits = NULL;

  while (g_ascii_isdigit (*end))
    end++;
  if (is_name_char (*end))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                   _("column %u: a name cannot start with a digit"), token->column);
      return FALSE;
    }
  digits = g_strndup (start, end - start);
  if (!g_ascii_string_to_signed (digits, 10, G_MININT64, G_MAXINT64, &token->integer, NULL))
    {
      g_autofree char *shown = tr_text_excerpt (digits);
      g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                   _("column %u: the number %s is too big"), token->column, shown);
      return FALSE;
    }
  token->kind = TOKEN_INT;
  *p = end;
  return TRUE;
}

static gboolean
lex_string (const char **p, Token *token, GError **error)
{
  const char *start = *p;
  char quote = *start;
  const char *q = start + 1;
  GString *value = g_string_new (NULL);

  while (*q != '\0' && *q != quote)
    {
      if (*q == '\\' && q[1] != '\0')
        q++;
      g_string_append_c (value, *q);
      q++;
    }
  if (*q == '\0')
    {
      g_string_free (value, TRUE);
      g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                   _("column %u: the text that starts here has no closing %c"),
                   token->column, quote);
      return FALSE;
    }
  token->kind = TOKEN_STRING;
  token->string = g_string_free (value, FALSE);
  *p = q + 1;
  return TRUE;
}

static void
lex_name (const char **p, Token *token)
{
  const char *start = *p;
  const char *end = start;

  while (is_name_char (*end))
    end++;
  token->kind = TOKEN_NAME;
  token->string = g_strndup (start, end - start);
  for (gsize i = 0; i < G_N_ELEMENTS (keywords); i++)
    if (strcmp (token->string, keywords[i].word) == 0)
      token->kind = keywords[i].kind;
  *p = end;
}

/* Operators and punctuation; a friendly word for the usual slips of people
 * who know other languages ('=' for '==', '&&' for 'and'). */
static gboolean
lex_symbol (const char **p, Token *token, GError **error)
{
  const char *s = *p;
  guint column = token->column;
  static const struct {
    const char *symbol;
    TokenKind   kind;
  } symbols[] = {
    { "==", TOKEN_EQ }, { "!=", TOKEN_NE }, { "<=", TOKEN_LE }, { ">=", TOKEN_GE },
    { "<", TOKEN_LT }, { ">", TOKEN_GT }, { "(", TOKEN_LPAREN }, { ")", TOKEN_RPAREN },
    { "[", TOKEN_LBRACKET }, { "]", TOKEN_RBRACKET }, { ",", TOKEN_COMMA },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (symbols); i++)
    if (g_str_has_prefix (s, symbols[i].symbol))
      {
        token->kind = symbols[i].kind;
        *p = s + strlen (symbols[i].symbol);
        return TRUE;
      }

  if (*s == '=')
    g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                 _("column %u: write '==' to compare ('=' alone is not an operator)"), column);
  else if (g_str_has_prefix (s, "&&"))
    g_set_error (error, TR_ERROR, TR_ERROR_PARSE, _("column %u: write 'and' instead of '&&'"), column);
  else if (g_str_has_prefix (s, "||"))
    g_set_error (error, TR_ERROR, TR_ERROR_PARSE, _("column %u: write 'or' instead of '||'"), column);
  else if (*s == '!')
    g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                 _("column %u: write 'not' or '!=' ('!' alone is not an operator)"), column);
  else
    {
      g_autofree char *character = g_utf8_substring (s, 0, 1);
      g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                   _("column %u: unexpected character '%s'"), column, character);
    }
  return FALSE;
}

static GArray *
tokenize (const char *text, GError **error)
{
  g_autoptr(GArray) tokens = g_array_new (FALSE, TRUE, sizeof (Token));
  const char *p = text;
  /* Columns are counted on from the previous token, not from the start,
   * so that a long condition costs linear time. */
  const char *mark = text;
  guint mark_column = 1;

  g_array_set_clear_func (tokens, token_clear);
  for (;;)
    {
      Token token = { 0 };
      const char *start;
      gboolean ok = TRUE;

      while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
      start = p;
      mark_column += (guint) g_utf8_strlen (mark, p - mark);
      mark = p;
      token.column = mark_column;
      if (*p == '\0')
        {
          token.kind = TOKEN_END;
          g_array_append_val (tokens, token);
          break;
        }
      if (g_ascii_isdigit (*p) || (*p == '-' && g_ascii_isdigit (p[1])))
        ok = lex_number (&p, &token, error);
      else if (*p == '"' || *p == '\'')
        ok = lex_string (&p, &token, error);
      else if (is_name_start (*p))
        lex_name (&p, &token);
      else
        ok = lex_symbol (&p, &token, error);
      if (!ok)
        {
          token_clear (&token);
          return NULL;
        }
      token.text = g_strndup (start, p - start);
      g_array_append_val (tokens, token);
    }
  return g_steal_pointer (&tokens);
}

/* ------------------------------------------------------------------- AST */

/* Recurses only into nesting (parentheses, "not", the sides of a
 * comparison), which the parser bounds; the conditions of a long "and" or
 * "or" chain are items side by side. */
void
tr_expr_node_free (Node *node)
{
  if (node == NULL)
    return;
  tr_value_unref (node->value);
  g_free (node->name);
  tr_expr_node_free (node->left);
  tr_expr_node_free (node->right);
  if (node->items != NULL)
    g_ptr_array_unref (node->items);
  g_free (node);
}

static Node *
node_new (NodeKind kind, guint column)
{
  Node *node = g_new0 (Node, 1);
  node->kind = kind;
  node->column = column;
  return node;
}

/* ---------------------------------------------------------------- parser */

typedef struct {
  GArray  *tokens;
  guint    pos;
  guint    depth;
  GError **error;
} Parser;

static const Token *
peek (Parser *parser)
{
  return &g_array_index (parser->tokens, Token, parser->pos);
}

static const Token *
advance (Parser *parser)
{
  const Token *token = peek (parser);
  if (token->kind != TOKEN_END)
    parser->pos++;
  return token;
}

/* "'x'", "\"text\"" as written, or the end, for "… but found %s". */
static char *
describe_token (const Token *token)
{
  g_autofree char *shown = NULL;

  if (token->kind == TOKEN_END)
    return g_strdup (_("the end of the condition"));
  shown = tr_text_excerpt (token->text);
  if (token->kind == TOKEN_STRING)
    return g_steal_pointer (&shown);
  return g_strdup_printf ("'%s'", shown);
}

static Node *
fail_expected (Parser *parser, const char *expected)
{
  const Token *token = peek (parser);
  g_autofree char *found = describe_token (token);

  g_set_error (parser->error, TR_ERROR, TR_ERROR_PARSE,
               _("column %u: expected %s, but found %s"), token->column, expected, found);
  return NULL;
}

static gboolean
is_comparison (TokenKind kind)
{
  return kind == TOKEN_EQ || kind == TOKEN_NE || kind == TOKEN_LT ||
         kind == TOKEN_LE || kind == TOKEN_GT || kind == TOKEN_GE;
}

static Node *parse_or (Parser *parser);

static Node *
literal_from_token (const Token *token)
{
  Node *node = node_new (NODE_LITERAL, token->column);

  switch (token->kind)
    {
    case TOKEN_INT:
      node->value = tr_value_new_int (token->integer);
      break;
    case TOKEN_STRING:
      node->value = tr_value_new_string (token->string);
      break;
    case TOKEN_TRUE:
    case TOKEN_FALSE:
      node->value = tr_value_new_bool (token->kind == TOKEN_TRUE);
      break;
    default:
      g_assert_not_reached ();
    }
  return node;
}

static gboolean
is_literal (TokenKind kind)
{
  return kind == TOKEN_INT || kind == TOKEN_STRING || kind == TOKEN_TRUE || kind == TOKEN_FALSE;
}

static Node *
parse_parenthesised (Parser *parser)
{
  const Token *open = advance (parser);
  g_autofree char *expected = NULL;
  Node *inner;

  if (++parser->depth > MAX_DEPTH)
    {
      g_set_error (parser->error, TR_ERROR, TR_ERROR_PARSE,
                   _("column %u: too many parentheses inside each other"), open->column);
      return NULL;
    }
  inner = parse_or (parser);
  parser->depth--;
  if (inner == NULL)
    return NULL;
  if (peek (parser)->kind != TOKEN_RPAREN)
    {
      expected = g_strdup_printf (_("')' to close the '(' at column %u"), open->column);
      tr_expr_node_free (inner);
      return fail_expected (parser, expected);
    }
  advance (parser);
  return inner;
}

static Node *
parse_operand (Parser *parser)
{
  const Token *token = peek (parser);

  if (is_literal (token->kind))
    return literal_from_token (advance (parser));
  if (token->kind == TOKEN_NAME)
    {
      Node *node = node_new (NODE_NAME, token->column);
      node->name = g_strdup (advance (parser)->string);
      return node;
    }
  if (token->kind == TOKEN_LPAREN)
    return parse_parenthesised (parser);
  return fail_expected (parser, _("a value (a number, a quoted text, true, false or a name) or '('"));
}

static Node *
parse_list (Parser *parser)
{
  const Token *token = peek (parser);
  Node *list;

  if (token->kind == TOKEN_NAME)
    {
      list = node_new (NODE_LIST_NAME, token->column);
      list->name = g_strdup (advance (parser)->string);
      return list;
    }
  if (token->kind != TOKEN_LBRACKET)
    return fail_expected (parser, _("'[' or the name of a list after 'in'"));

  list = node_new (NODE_LIST, advance (parser)->column);
  list->items = g_ptr_array_new_with_free_func ((GDestroyNotify) tr_expr_node_free);
  if (peek (parser)->kind == TOKEN_RBRACKET)
    {
      advance (parser);
      return list;
    }
  for (;;)
    {
      if (!is_literal (peek (parser)->kind))
        {
          tr_expr_node_free (list);
          return fail_expected (parser, _("a number, a quoted text, true or false in the list"));
        }
      g_ptr_array_add (list->items, literal_from_token (advance (parser)));
      if (peek (parser)->kind == TOKEN_COMMA)
        {
          advance (parser);
          continue;
        }
      if (peek (parser)->kind == TOKEN_RBRACKET)
        {
          advance (parser);
          return list;
        }
      tr_expr_node_free (list);
      return fail_expected (parser, _("']' after the list (or ',' before another item)"));
    }
}

static Node *
parse_in (Parser *parser, Node *left, gboolean negated)
{
  Node *node = node_new (NODE_IN, peek (parser)->column);

  advance (parser);
  node->negated = negated;
  node->left = left;
  node->right = parse_list (parser);
  if (node->right == NULL)
    {
      tr_expr_node_free (node);
      return NULL;
    }
  return node;
}

static Node *
parse_comparison (Parser *parser)
{
  Node *left = parse_operand (parser);
  const Token *token;
  Node *node;

  if (left == NULL)
    return NULL;
  token = peek (parser);
  if (token->kind == TOKEN_IN)
    node = parse_in (parser, left, FALSE);
  else if (token->kind == TOKEN_NOT)
    {
      guint not_column = token->column;
      advance (parser);
      if (peek (parser)->kind != TOKEN_IN)
        {
          tr_expr_node_free (left);
          return fail_expected (parser, _("'in' after 'not'"));
        }
      node = parse_in (parser, left, TRUE);
      if (node != NULL)
        node->column = not_column;
    }
  else if (is_comparison (token->kind))
    {
      node = node_new (NODE_COMPARE, token->column);
      node->op = advance (parser)->kind;
      node->left = left;
      node->right = parse_operand (parser);
      if (node->right == NULL)
        {
          tr_expr_node_free (node);
          return NULL;
        }
    }
  else
    return left;

  if (node != NULL && (is_comparison (peek (parser)->kind) || peek (parser)->kind == TOKEN_IN))
    {
      g_set_error (parser->error, TR_ERROR, TR_ERROR_PARSE,
                   _("column %u: comparisons cannot be chained; join them with 'and'"),
                   peek (parser)->column);
      tr_expr_node_free (node);
      return NULL;
    }
  return node;
}

static Node *
parse_not (Parser *parser)
{
  if (peek (parser)->kind == TOKEN_NOT)
    {
      const Token *token = advance (parser);
      Node *node;

      if (++parser->depth > MAX_DEPTH)
        {
          g_set_error (parser->error, TR_ERROR, TR_ERROR_PARSE,
                       _("column %u: too many 'not' in a row"), token->column);
          return NULL;
        }
      node = node_new (NODE_NOT, token->column);
      node->left = parse_not (parser);
      parser->depth--;
      if (node->left == NULL)
        {
          tr_expr_node_free (node);
          return NULL;
        }
      return node;
    }
  return parse_comparison (parser);
}

static Node *
parse_binary (Parser *parser, TokenKind op, NodeKind kind, Node *(*parse_operand_fn) (Parser *))
{
  Node *first = parse_operand_fn (parser);
  Node *node;

  if (first == NULL || peek (parser)->kind != op)
    return first;
  node = node_new (kind, peek (parser)->column);
  node->items = g_ptr_array_new_with_free_func ((GDestroyNotify) tr_expr_node_free);
  g_ptr_array_add (node->items, first);
  while (peek (parser)->kind == op)
    {
      Node *next;

      advance (parser);
      next = parse_operand_fn (parser);
      if (next == NULL)
        {
          tr_expr_node_free (node);
          return NULL;
        }
      g_ptr_array_add (node->items, next);
    }
  return node;
}

static Node *
parse_and (Parser *parser)
{
  return parse_binary (parser, TOKEN_AND, NODE_AND, parse_not);
}

static Node *
parse_or (Parser *parser)
{
  return parse_binary (parser, TOKEN_OR, NODE_OR, parse_and);
}

static gboolean
check_utf8 (const char *text, GError **error)
{
  const char *end;

  if (g_utf8_validate (text, -1, &end))
    return TRUE;
  g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
               _("column %u: this is not valid UTF-8 text"), column_of (text, end));
  return FALSE;
}

TrExpr *
tr_expr_parse (const char *text, GError **error)
{
  g_autoptr(GArray) tokens = NULL;
  Parser parser = { 0 };
  Node *root;
  TrExpr *expr;

  g_return_val_if_fail (text != NULL, NULL);
  if (strlen (text) > MAX_BYTES)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                   _("column 1: the condition is %zu bytes long, more than the %u a condition "
                     "may have; split it into simpler conditions"), strlen (text), (guint) MAX_BYTES);
      return NULL;
    }
  if (!check_utf8 (text, error))
    return NULL;
  tokens = tokenize (text, error);
  if (tokens == NULL)
    return NULL;
  if (g_array_index (tokens, Token, 0).kind == TOKEN_END)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_PARSE, _("column 1: the condition is empty"));
      return NULL;
    }

  parser.tokens = tokens;
  parser.error = error;
  root = parse_or (&parser);
  if (root == NULL)
    return NULL;
  if (peek (&parser)->kind != TOKEN_END)
    {
      tr_expr_node_free (root);
      fail_expected (&parser, _("'and', 'or' or the end of the condition"));
      return NULL;
    }
  expr = g_new0 (TrExpr, 1);
  expr->text = g_strdup (text);
  expr->root = root;
  return expr;
}

void
tr_expr_free (TrExpr *expr)
{
  if (expr == NULL)
    return;
  tr_expr_node_free (expr->root);
  g_free (expr->text);
  g_free (expr);
}

const char *
tr_expr_get_text (const TrExpr *expr)
{
  return expr->text;
}
