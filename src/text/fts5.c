/*
** The FTS5 tokenizer "xieshang": SQLite's full-text index sees the same
** tokens as PostgreSQL.
**
** Documents (FTS5_TOKENIZE_DOCUMENT, and FTS5_TOKENIZE_AUX for highlight()
** and snippet()) go through text_tokenize() in document mode, with offsets
** in the original column text, so highlights wrap exactly the characters
** the user wrote (Traditional, full-width and all). Queries
** (FTS5_TOKENIZE_QUERY) must come from text_query_build(): they are already
** normalised tokens, so each space-separated piece of a quoted string is
** passed on verbatim. Normalising them again could change them (OpenCC's
** conversion is not guaranteed idempotent) and would break the promise that
** SQLite and PostgreSQL see the same tokens.
**
** A column value that is not valid UTF-8 is indexed as no tokens rather than
** failing: an error here would also make the row impossible to delete from
** the index later. A value above TEXT_MAX_INPUT is indexed up to that size.
** The table must keep FTS5's default detail=full: bigram queries are
** two-token phrases (see query.c).
*/
#include "text/text.h"

#include <sqlite3.h>

/* FTS5 tokenizer callback type, as in fts5_tokenizer.xTokenize. */
typedef int (*fts5_token_fn)(void *ctx, int flags, const char *token,
                             int ntoken, int start, int end);

struct fts5_ctx {
  void *ctx;
  fts5_token_fn token;
  int rc;
};

/* The tokenizer keeps no state; every instance is this one object. */
static char fts5_instance;

static int fts5_create(void *user, const char **argv, int argc,
                       Fts5Tokenizer **out) {
  (void)user;
  (void)argv;
  if (argc != 0) return SQLITE_ERROR;
  *out = (Fts5Tokenizer *)&fts5_instance;
  return SQLITE_OK;
}

static void fts5_delete(Fts5Tokenizer *tok) { (void)tok; }

static int fts5_pass_token(void *ctx, const struct text_token *tok) {
  struct fts5_ctx *c = ctx;

  c->rc = c->token(c->ctx, tok->colocated ? FTS5_TOKEN_COLOCATED : 0, tok->text,
                   (int)tok->len, (int)tok->start, (int)tok->end);
  return c->rc != SQLITE_OK;
}

/* Query mode: every space-separated piece is one token, as written. */
static int fts5_tokenize_query(void *ctx, const char *text, int n,
                               fts5_token_fn token) {
  int i = 0;

  while (i < n) {
    int start;
    int rc;
    while (i < n && text[i] == ' ') i++;
    start = i;
    while (i < n && text[i] != ' ') i++;
    if (i == start) break;
    rc = token(ctx, 0, text + start, i - start, start, i);
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}

static int fts5_tokenize(Fts5Tokenizer *tok, void *ctx, int flags,
                         const char *text, int n, fts5_token_fn token) {
  struct fts5_ctx c;
  int rc;

  (void)tok;
  if (n < 0 || (text == NULL && n > 0)) return SQLITE_ERROR;
  if (flags & FTS5_TOKENIZE_QUERY)
    return fts5_tokenize_query(ctx, text, n, token);
  if (n > TEXT_MAX_INPUT) {
    n = TEXT_MAX_INPUT; /* cut back to the start of a character */
    while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80) n--;
  }
  c.ctx = ctx;
  c.token = token;
  c.rc = SQLITE_OK;
  rc = text_tokenize(text, (size_t)n, TEXT_MODE_DOCUMENT, fts5_pass_token, &c);
  if (rc == TEXT_ESTOP) return c.rc;
  if (rc == 0 || rc == TEXT_EUTF8) return SQLITE_OK;
  return SQLITE_ERROR;
}

int text_fts5_register(sqlite3 *db) {
  static fts5_tokenizer tokenizer = {fts5_create, fts5_delete, fts5_tokenize};
  fts5_api *api = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc = TEXT_EINIT;

  if (db == NULL) return TEXT_EINVAL;
  if (text_init() != 0) goto done;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, NULL) != SQLITE_OK)
    goto done;
  if (sqlite3_bind_pointer(stmt, 1, (void *)&api, "fts5_api_ptr", NULL) !=
      SQLITE_OK)
    goto done;
  if (sqlite3_step(stmt) != SQLITE_ROW) goto done;
  if (api == NULL || api->iVersion < 2) goto done;
  if (api->xCreateTokenizer(api, "xieshang", NULL, &tokenizer, NULL) !=
      SQLITE_OK)
    goto done;
  rc = 0;
done:
  sqlite3_finalize(stmt);
  return rc;
}
