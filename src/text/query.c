/*
** Query building: what a user typed, turned into expressions that the
** databases cannot misread.
**
** A query is never parsed for operators. It is tokenized in query mode
** (tokenize.c); the distinct tokens are then written out in forms whose only
** syntax is quoting:
**   FTS5:     "tok" "tok" ...     implicit AND of one-token phrases;
**             fts5.c's query mode takes each piece verbatim. A CJK bigram
**             "xy" is one token: no position lists are read, so a query's
**             cost follows its rarest tokens, not the common single
**             characters. (An earlier "xy y" phrase form, there so that
**             FTS5's own highlight() covered both characters, made every
**             query walk the position lists of characters like 区 and 小;
**             search.c highlights by itself.)
**   tsquery:  'tok' & 'tok' ...   against array_to_tsvector() of the
**             document tokens (text_pg_document()).
** A document matches in SQLite exactly when it has every token, and in
** PostgreSQL exactly when its token array has every token: the same rows.
** Tokens hold only letters, marks and digits (normalisation turned all else
** into spaces), but the quoting below does not rely on it.
*/
#include "text/text.h"
#include "text/text_int.h"
#include "util/mem.h"

#include <stdlib.h>
#include <string.h>

struct query_tokens {
  char **tok;
  size_t n;
};

void text_quote_append(char **buf, size_t *len, size_t *cap, const char *t,
                       size_t n, enum text_quote style) {
  char quote = style == TEXT_QUOTE_TSQUERY ? '\'' : '"';
  size_t need = *len + 2 * n + 3;
  size_t k;

  if (need > *cap) {
    *cap = need * 2;
    *buf = xrealloc(*buf, *cap);
  }
  (*buf)[(*len)++] = quote;
  for (k = 0; k < n; k++) {
    char c = t[k];
    if (style == TEXT_QUOTE_FTS5 && c == '"') {
      (*buf)[(*len)++] = '"';
    } else if (style == TEXT_QUOTE_TSQUERY && (c == '\'' || c == '\\')) {
      (*buf)[(*len)++] = c;
    } else if (style == TEXT_QUOTE_ARRAY && (c == '"' || c == '\\')) {
      (*buf)[(*len)++] = '\\';
    }
    (*buf)[(*len)++] = c;
  }
  (*buf)[(*len)++] = quote;
  (*buf)[*len] = '\0';
}

/* Append n bytes of plain text s. */
static void query_append(char **buf, size_t *len, size_t *cap, const char *s,
                         size_t n) {
  if (*len + n + 1 > *cap) {
    *cap = (*len + n + 1) * 2;
    *buf = xrealloc(*buf, *cap);
  }
  memcpy(*buf + *len, s, n);
  *len += n;
  (*buf)[*len] = '\0';
}

/* Token callback: keep distinct tokens, stop at TEXT_QUERY_MAX_TOKENS. */
static int query_collect(void *ctx, const struct text_token *tok) {
  struct query_tokens *q = ctx;
  size_t k;

  for (k = 0; k < q->n; k++) {
    if (strlen(q->tok[k]) == tok->len &&
        memcmp(q->tok[k], tok->text, tok->len) == 0)
      return 0;
  }
  q->tok[q->n] = xstrndup(tok->text, tok->len);
  q->n++;
  return q->n == TEXT_QUERY_MAX_TOKENS;
}

int text_query_build(const char *query, size_t len, struct text_query *out) {
  struct query_tokens q = {NULL, 0};
  size_t flen = 0, fcap = 0, tlen = 0, tcap = 0;
  char *fts5 = NULL;
  char *tsq = NULL;
  size_t k;
  int rc;

  if (out == NULL) return TEXT_EINVAL;
  memset(out, 0, sizeof *out);
  q.tok = xcalloc(TEXT_QUERY_MAX_TOKENS, sizeof *q.tok);
  rc = text_tokenize(query, len, TEXT_MODE_QUERY, query_collect, &q);
  if (rc == TEXT_ESTOP) rc = 0;
  if (rc == 0 && q.n == 0) rc = TEXT_EEMPTY;
  if (rc != 0) goto done;
  for (k = 0; k < q.n; k++) {
    if (k > 0) {
      query_append(&fts5, &flen, &fcap, " ", 1);
      query_append(&tsq, &tlen, &tcap, " & ", 3);
    }
    text_quote_append(&fts5, &flen, &fcap, q.tok[k], strlen(q.tok[k]),
                      TEXT_QUOTE_FTS5);
    text_quote_append(&tsq, &tlen, &tcap, q.tok[k], strlen(q.tok[k]),
                      TEXT_QUOTE_TSQUERY);
  }
  out->fts5 = fts5;
  out->tsquery = tsq;
  out->tokens = q.tok;
  out->ntokens = q.n;
  fts5 = NULL;
  tsq = NULL;
  q.tok = NULL;
  q.n = 0;
done:
  for (k = 0; k < q.n; k++) free(q.tok[k]);
  free(q.tok);
  free(fts5);
  free(tsq);
  return rc;
}

void text_query_free(struct text_query *q) {
  size_t k;

  if (q == NULL) return;
  for (k = 0; k < q->ntokens; k++) free(q->tokens[k]);
  free(q->tokens);
  free(q->fts5);
  free(q->tsquery);
  memset(q, 0, sizeof *q);
}

/* A set of distinct document tokens (open addressing, FNV-1a). */
struct doc_set {
  char **slot;
  size_t cap; /* a power of two */
  size_t n;
  size_t bytes; /* lexeme bytes so far */
  char *buf;    /* the array literal */
  size_t len;
  size_t bufcap;
};

static uint64_t doc_hash(const char *s, size_t n) {
  uint64_t h = 14695981039346656037ULL;
  size_t k;

  for (k = 0; k < n; k++) {
    h ^= (unsigned char)s[k];
    h *= 1099511628211ULL;
  }
  return h;
}

static void doc_grow(struct doc_set *set) {
  char **old = set->slot;
  size_t oldcap = set->cap;
  size_t k;

  set->cap = oldcap ? oldcap * 2 : 1024;
  set->slot = xcalloc(set->cap, sizeof *set->slot);
  for (k = 0; k < oldcap; k++) {
    size_t at;
    if (old[k] == NULL) continue;
    at = doc_hash(old[k], strlen(old[k])) & (set->cap - 1);
    while (set->slot[at] != NULL) at = (at + 1) & (set->cap - 1);
    set->slot[at] = old[k];
  }
  free(old);
}

/* Token callback: add a new token to the set and to the literal. */
static int doc_collect(void *ctx, const struct text_token *tok) {
  struct doc_set *set = ctx;
  size_t at;

  if (2 * (set->n + 1) > set->cap) doc_grow(set);
  at = doc_hash(tok->text, tok->len) & (set->cap - 1);
  while (set->slot[at] != NULL) {
    if (strlen(set->slot[at]) == tok->len &&
        memcmp(set->slot[at], tok->text, tok->len) == 0)
      return 0;
    at = (at + 1) & (set->cap - 1);
  }
  if (set->bytes + tok->len > TEXT_PG_LEXEME_BUDGET) return 0;
  set->slot[at] = xstrndup(tok->text, tok->len);
  set->n++;
  set->bytes += tok->len;
  if (set->n > 1) query_append(&set->buf, &set->len, &set->bufcap, ",", 1);
  text_quote_append(&set->buf, &set->len, &set->bufcap, tok->text, tok->len,
                    TEXT_QUOTE_ARRAY);
  return 0;
}

int text_pg_document(const char *in, size_t len, char **out) {
  struct doc_set set;
  size_t k;
  int rc;

  if (out == NULL) return TEXT_EINVAL;
  *out = NULL;
  memset(&set, 0, sizeof set);
  query_append(&set.buf, &set.len, &set.bufcap, "{", 1);
  rc = text_tokenize(in, len, TEXT_MODE_DOCUMENT, doc_collect, &set);
  if (rc != 0) goto done;
  query_append(&set.buf, &set.len, &set.bufcap, "}", 1);
  *out = set.buf;
  set.buf = NULL;
done:
  for (k = 0; k < set.cap; k++) free(set.slot[k]);
  free(set.slot);
  free(set.buf);
  return rc;
}
