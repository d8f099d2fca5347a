/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tr-expr-private.h — the parsed form of a condition, shared by the parser
 * (tr-expr-parser.c) and the checker and evaluator (tr-expr.c). */
#pragma once

#include "tr-expr.h"

G_BEGIN_DECLS

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

typedef enum {
  NODE_LITERAL,
  NODE_NAME,       /* a name read as a value */
  NODE_LIST,       /* [a, b, c] */
  NODE_LIST_NAME,  /* a name after "in" */
  NODE_AND,        /* items: two or more conditions */
  NODE_OR,         /* items: two or more conditions */
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
  GPtrArray *items;     /* NODE_LIST: literal nodes; NODE_AND, NODE_OR: the conditions
                         * joined, side by side rather than nested, so that a long
                         * chain costs no stack */
};

void tr_expr_node_free (Node *node);

struct _TrExpr {
  char *text;
  Node *root;
};

G_END_DECLS
