#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tr-error.h"
#include "tr-expr.h"

/* Deeper nesting than this is not a condition anyone writes by hand; the
 * limit keeps a hostile file from exhausting the stack. */
#define MAX_DEPTH 64

/* ---------------------------------------------------------------- values */

struct _TrValue {
  TrValueKind kind;
  union {
    gboolean boolean;
    gint64   integer;
    char    *string;
    struct {
      TrValue **items;
      guint     n_items;
    } list;
  };
};

static TrValue *
value_alloc (TrValueKind kind)
{
  TrValue *value = g_rc_box_new0 (TrValue);
  value->kind = kind;
  return value;
}

TrValue *
tr_value_new_null (void)
{
  return value_alloc (TR_VALUE_NULL);
}

TrValue *
tr_value_new_bool (gboolean boolean)
{
  TrValue *value = value_alloc (TR_VALUE_BOOL);
  value->boolean = !!boolean;
  return value;
}

TrValue *
tr_value_new_int (gint64 integer)
{
  TrValue *value = value_alloc (TR_VALUE_INT);
  value->integer = integer;
  return value;
}

TrValue *
tr_value_new_string (const char *string)
{
  TrValue *value;

  g_return_val_if_fail (string != NULL, NULL);
  value = value_alloc (TR_VALUE_STRING);
  value->string = g_strdup (string);
  return value;
}

TrValue *
tr_value_new_list (TrValue * const *items, guint n_items)
{
  TrValue *value = value_alloc (TR_VALUE_LIST);

  value->list.items = g_new0 (TrValue *, MAX (n_items, 1));
  value->list.n_items = n_items;
  for (guint i = 0; i < n_items; i++)
    value->list.items[i] = tr_value_ref (items[i]);
  return value;
}

TrValue *
tr_value_new_string_list (const char * const *strings)
{
  guint n = strings != NULL ? g_strv_length ((char **) strings) : 0;
  TrValue *value = value_alloc (TR_VALUE_LIST);

  value->list.items = g_new0 (TrValue *, MAX (n, 1));
  value->list.n_items = n;
  for (guint i = 0; i < n; i++)
    value->list.items[i] = tr_value_new_string (strings[i]);
  return value;
}

TrValue *
tr_value_ref (TrValue *value)
{
  g_return_val_if_fail (value != NULL, NULL);
  return g_rc_box_acquire (value);
}

static void
value_clear (gpointer data)
{
  TrValue *value = data;

  if (value->kind == TR_VALUE_STRING)
    g_free (value->string);
  else if (value->kind == TR_VALUE_LIST)
    {
      for (guint i = 0; i < value->list.n_items; i++)
        tr_value_unref (value->list.items[i]);
      g_free (value->list.items);
    }
}

void
tr_value_unref (TrValue *value)
{
  if (value != NULL)
    g_rc_box_release_full (value, value_clear);
}

TrValueKind
tr_value_get_kind (const TrValue *value)
{
  return value != NULL ? value->kind : TR_VALUE_NULL;
}

gboolean
tr_value_get_bool (const TrValue *value)
{
  g_return_val_if_fail (value != NULL && value->kind == TR_VALUE_BOOL, FALSE);
  return value->boolean;
}

gint64
tr_value_get_int (const TrValue *value)
{
  g_return_val_if_fail (value != NULL && value->kind == TR_VALUE_INT, 0);
  return value->integer;
}

const char *
tr_value_get_string (const TrValue *value)
{
  g_return_val_if_fail (value != NULL && value->kind == TR_VALUE_STRING, NULL);
  return value->string;
}

guint
tr_value_get_n_items (const TrValue *value)
{
  g_return_val_if_fail (value != NULL && value->kind == TR_VALUE_LIST, 0);
  return value->list.n_items;
}

const TrValue *
tr_value_get_item (const TrValue *value, guint index)
{
  g_return_val_if_fail (value != NULL && value->kind == TR_VALUE_LIST, NULL);
  g_return_val_if_fail (index < value->list.n_items, NULL);
  return value->list.items[index];
}

gboolean
tr_value_equal (const TrValue *a, const TrValue *b)
{
  if (tr_value_get_kind (a) != tr_value_get_kind (b))
    return FALSE;
  switch (tr_value_get_kind (a))
    {
    case TR_VALUE_NULL:
      return TRUE;
    case TR_VALUE_BOOL:
      return a->boolean == b->boolean;
    case TR_VALUE_INT:
      return a->integer == b->integer;
    case TR_VALUE_STRING:
      return strcmp (a->string, b->string) == 0;
    case TR_VALUE_LIST:
      if (a->list.n_items != b->list.n_items)
        return FALSE;
      for (guint i = 0; i < a->list.n_items; i++)
        if (!tr_value_equal (a->list.items[i], b->list.items[i]))
          return FALSE;
      return TRUE;
    }
  return FALSE;
}

static void
append_quoted (GString *out, const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_value (GString *out, const TrValue *value)
{
  switch (tr_value_get_kind (value))
    {
    case TR_VALUE_NULL:
      g_string_append (out, "null");
      break;
    case TR_VALUE_BOOL:
      g_string_append (out, value->boolean ? "true" : "false");
      break;
    case TR_VALUE_INT:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, value->integer);
      break;
    case TR_VALUE_STRING:
      append_quoted (out, value->string);
      break;
    case TR_VALUE_LIST:
      g_string_append_c (out, '[');
      for (guint i = 0; i < value->list.n_items; i++)
        {
          if (i > 0)
            g_string_append (out, ", ");
          append_value (out, value->list.items[i]);
        }
      g_string_append_c (out, ']');
      break;
    }
}

char *
tr_value_to_string (const TrValue *value)
{
  GString *out = g_string_new (NULL);
  append_value (out, value);
  return g_string_free (out, FALSE);
}

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

/* ---------------------------------------------------------------- tokens */

typedef enum {
  TOKEN_END,
  TOKEN_INT,
  TOKEN_STRING,
  TOKEN_NAME,
  TOKEN_AND,
  TOKEN_OR,
  TOKEN_NOT,
  TOKEN_IN,
  TOKEN_TRUE,
  TOKEN_FALSE,
  TOKEN_EQ,
  TOKEN_NE,
  TOKEN_LT,
  TOKEN_LE,
  TOKEN_GT,
  TOKEN_GE,
  TOKEN_LPAREN,
  TOKEN_RPAREN,
  TOKEN_LBRACKET,
  TOKEN_RBRACKET,
  TOKEN_COMMA,
} TokenKind;

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

static gboolean
lex_number (const char *text, const char **p, Token *token, GError **error)
{
  const char *start = *p;
  const char *end = start + (*start == '-' ? 1 : 0);
  g_autofree char *digits = NULL;

  while (g_ascii_isdigit (*end))
    end++;
  if (is_name_char (*end))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                   _("column %u: a name cannot start with a digit"), column_of (text, start));
      return FALSE;
    }
  digits = g_strndup (start, end - start);
  if (!g_ascii_string_to_signed (digits, 10, G_MININT64, G_MAXINT64, &token->integer, NULL))
    {
      g_set_error (error, TR_ERROR, TR_ERROR_PARSE,
                   _("column %u: the number %s is too big"), column_of (text, start), digits);
      return FALSE;
    }
  token->kind = TOKEN_INT;
  *p = end;
  return TRUE;
}

static gboolean
lex_string (const char *text, const char **p, Token *token, GError **error)
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
                   column_of (text, start), quote);
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
lex_symbol (const char *text, const char **p, Token *token, GError **error)
{
  const char *s = *p;
  guint column = column_of (text, s);
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
        ok = lex_number (text, &p, &token, error);
      else if (*p == '"' || *p == '\'')
        ok = lex_string (text, &p, &token, error);
      else if (is_name_start (*p))
        lex_name (&p, &token);
      else
        ok = lex_symbol (text, &p, &token, error);
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

typedef enum {
  NODE_LITERAL,
  NODE_NAME,       /* a name read as a value */
  NODE_LIST,       /* [a, b, c] */
  NODE_LIST_NAME,  /* a name after "in" */
  NODE_AND,
  NODE_OR,
  NODE_NOT,
  NODE_COMPARE,
  NODE_IN,
} NodeKind;

typedef struct _Node Node;
struct _Node {
  NodeKind   kind;
  guint      column;
  TokenKind  op;        /* NODE_COMPARE */
  gboolean   negated;   /* NODE_IN: "not in" */
  TrValue   *value;     /* NODE_LITERAL */
  char      *name;      /* NODE_NAME, NODE_LIST_NAME */
  Node      *left;
  Node      *right;
  GPtrArray *items;     /* NODE_LIST: literal nodes */
};

static void
node_free (Node *node)
{
  if (node == NULL)
    return;
  tr_value_unref (node->value);
  g_free (node->name);
  node_free (node->left);
  node_free (node->right);
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

struct _TrExpr {
  char *text;
  Node *root;
};

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
  if (token->kind == TOKEN_END)
    return g_strdup (_("the end of the condition"));
  if (token->kind == TOKEN_STRING)
    return g_strdup (token->text);
  return g_strdup_printf ("'%s'", token->text);
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
      node_free (inner);
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
  list->items = g_ptr_array_new_with_free_func ((GDestroyNotify) node_free);
  if (peek (parser)->kind == TOKEN_RBRACKET)
    {
      advance (parser);
      return list;
    }
  for (;;)
    {
      if (!is_literal (peek (parser)->kind))
        {
          node_free (list);
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
      node_free (list);
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
      node_free (node);
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
          node_free (left);
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
          node_free (node);
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
      node_free (node);
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
          node_free (node);
          return NULL;
        }
      return node;
    }
  return parse_comparison (parser);
}

static Node *
parse_binary (Parser *parser, TokenKind op, NodeKind kind, Node *(*parse_operand_fn) (Parser *))
{
  Node *left = parse_operand_fn (parser);

  while (left != NULL && peek (parser)->kind == op)
    {
      Node *node = node_new (kind, advance (parser)->column);
      node->left = left;
      node->right = parse_operand_fn (parser);
      if (node->right == NULL)
        {
          node_free (node);
          return NULL;
        }
      left = node;
    }
  return left;
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
      node_free (root);
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
  node_free (expr->root);
  g_free (expr->text);
  g_free (expr);
}

const char *
tr_expr_get_text (const TrExpr *expr)
{
  return expr->text;
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
      g_set_error (checker->error, TR_ERROR, TR_ERROR_INVALID,
                   _("column %u: unknown question '%s'%s"), node->column, node->name, hint);
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

  if (name->kind != NODE_NAME || literal->kind != NODE_LITERAL ||
      tr_value_get_kind (literal->value) != TR_VALUE_STRING)
    return TRUE;
  entry = lookup_entry (checker, name->name);
  if (entry == NULL || entry->tokens == NULL ||
      g_strv_contains ((const char * const *) entry->tokens, literal->value->string))
    return TRUE;
  answers = g_strjoinv (", ", entry->tokens);
  g_set_error (checker->error, TR_ERROR, TR_ERROR_INVALID,
               _("column %u: \"%s\" is not an answer to %s; its answers are %s"),
               literal->column, literal->value->string, name->name, answers);
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
      g_set_error (checker->error, TR_ERROR, TR_ERROR_INVALID,
                   _("column %u: unknown list '%s'%s"), list->column, list->name, hint);
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
      return check_condition (checker, node->left) && check_condition (checker, node->right);
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
  switch (value->kind)
    {
    case TR_VALUE_NULL:
      *result = FALSE;
      return TRUE;
    case TR_VALUE_BOOL:
      *result = value->boolean;
      return TRUE;
    default:
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("column %u: expected a condition, but this is %s"),
                   node->column, kind_description (value->kind));
      return FALSE;
    }
}

static gboolean
compare_values (const Node *node, const TrValue *left, const TrValue *right,
                gboolean *result, GError **error)
{
  int order;

  if (left->kind == TR_VALUE_NULL || right->kind == TR_VALUE_NULL)
    {
      *result = FALSE;
      return TRUE;
    }
  if (left->kind != right->kind)
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("column %u: cannot compare %s with %s"), node->column,
                   kind_description (left->kind), kind_description (right->kind));
      return FALSE;
    }
  if (node->op == TOKEN_EQ || node->op == TOKEN_NE)
    {
      *result = tr_value_equal (left, right) == (node->op == TOKEN_EQ);
      return TRUE;
    }
  if (left->kind == TR_VALUE_INT)
    order = left->integer < right->integer ? -1 : left->integer > right->integer;
  else if (left->kind == TR_VALUE_STRING)
    order = strcmp (left->string, right->string);
  else
    {
      g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                   _("column %u: only numbers and texts can be put in order, not %s"),
                   node->column, kind_description (left->kind));
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

static gboolean
evaluate_compare (const Node *node, GHashTable *env, gboolean *result, GError **error)
{
  g_autoptr(TrValue) left = evaluate_node (node->left, env, error);
  g_autoptr(TrValue) right = NULL;

  if (left == NULL)
    return FALSE;
  right = evaluate_node (node->right, env, error);
  if (right == NULL)
    return FALSE;
  return compare_values (node, left, right, result, error);
}

static TrValue *
evaluate_list (const Node *list, GHashTable *env, GError **error)
{
  g_autoptr(GPtrArray) items = NULL;
  TrValue *value;

  if (list->kind == NODE_LIST_NAME)
    {
      value = lookup_value (env, list->name);
      if (value->kind != TR_VALUE_LIST && value->kind != TR_VALUE_NULL)
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
  g_autoptr(TrValue) needle = evaluate_node (node->left, env, error);
  g_autoptr(TrValue) list = NULL;
  gboolean found = FALSE;

  if (needle == NULL)
    return FALSE;
  list = evaluate_list (node->right, env, error);
  if (list == NULL)
    return FALSE;
  if (needle->kind == TR_VALUE_NULL || list->kind == TR_VALUE_NULL)
    {
      *result = FALSE;
      return TRUE;
    }
  for (guint i = 0; i < list->list.n_items && !found; i++)
    {
      const TrValue *item = list->list.items[i];
      if (item->kind != needle->kind)
        {
          g_set_error (error, TR_ERROR, TR_ERROR_INVALID,
                       _("column %u: cannot look for %s in a list that holds %s"),
                       node->column, kind_description (needle->kind), kind_description (item->kind));
          return FALSE;
        }
      found = tr_value_equal (item, needle);
    }
  *result = found != node->negated;
  return TRUE;
}

static gboolean
evaluate_logic (const Node *node, GHashTable *env, gboolean *result, GError **error)
{
  gboolean left;

  if (!evaluate_as_condition (node->left, env, &left, error))
    return FALSE;
  if (node->kind == NODE_NOT)
    {
      *result = !left;
      return TRUE;
    }
  if ((node->kind == NODE_AND && !left) || (node->kind == NODE_OR && left))
    {
      *result = left;
      return TRUE;
    }
  return evaluate_as_condition (node->right, env, result, error);
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

static void
collect (const Node *node, NodeKind wanted, GPtrArray *names)
{
  if (node == NULL)
    return;
  if (node->kind == wanted &&
      !g_ptr_array_find_with_equal_func (names, node->name, g_str_equal, NULL))
    g_ptr_array_add (names, g_strdup (node->name));
  collect (node->left, wanted, names);
  collect (node->right, wanted, names);
}

static char **
collect_names (const TrExpr *expr, NodeKind wanted)
{
  GPtrArray *names = g_ptr_array_new ();

  collect (expr->root, wanted, names);
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
