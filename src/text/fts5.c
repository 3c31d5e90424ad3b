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
**
** It also registers the ranking function xieshang_rank(search_fts), BM25
** without its IDF factor. FTS5's own bm25() counts, for every query, every
** document holding each phrase (to weigh rare phrases up); for a common
** character pair that is a walk over most of the index, at 1M documents
** far longer than the whole search may take. Every document a query returns
** holds every phrase anyway (the query is an AND), so IDF only shifts
** weight between phrases; term frequency, field weight and length
** normalisation, which decide the order, are kept.
*/
#include "text/text.h"

#include <sqlite3.h>
#include <string.h>

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

#define RANK_K1 1.2
#define RANK_B 0.75
#define RANK_MAX_PHRASES 64
#define RANK_COLUMNS 2                            /* title, body */
static const double rank_weight[RANK_COLUMNS] = {4.0, 1.0};

/* xieshang_rank(): minus the sum, over phrases and columns, of BM25's
   saturated term frequency times the column's weight; lower is better,
   like bm25(). */
static void fts5_rank(const Fts5ExtensionApi *api, Fts5Context *fts,
                      sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  int freq[RANK_MAX_PHRASES][RANK_COLUMNS];
  double norm[RANK_COLUMNS];
  sqlite3_int64 rows = 0;
  int ninst = 0;
  double score = 0.0;
  (void)argc;
  (void)argv;
  memset(freq, 0, sizeof freq);
  if (api->xInstCount(fts, &ninst) != SQLITE_OK ||
      api->xRowCount(fts, &rows) != SQLITE_OK) {
    sqlite3_result_error(ctx, "xieshang_rank: cannot read the match", -1);
    return;
  }
  for (int col = 0; col < RANK_COLUMNS; col++) {
    sqlite3_int64 total = 0;
    int len = 0;
    api->xColumnTotalSize(fts, col, &total);
    api->xColumnSize(fts, col, &len);
    double avg = rows > 0 && total > 0 ? (double)total / (double)rows : 1.0;
    norm[col] = RANK_K1 * (1.0 - RANK_B + RANK_B * (double)len / avg);
  }
  for (int i = 0; i < ninst; i++) {
    int phrase = 0, col = 0, offset = 0;
    if (api->xInst(fts, i, &phrase, &col, &offset) != SQLITE_OK) continue;
    if (phrase < RANK_MAX_PHRASES && col >= 0 && col < RANK_COLUMNS)
      freq[phrase][col]++;
  }
  for (int p = 0; p < RANK_MAX_PHRASES; p++)
    for (int col = 0; col < RANK_COLUMNS; col++) {
      double f = freq[p][col];
      if (f > 0)
        score += rank_weight[col] * f * (RANK_K1 + 1.0) / (f + norm[col]);
    }
  sqlite3_result_double(ctx, -score);
}

/* xieshang_scope(type, unit_path, state): the document's scope tokens
   (text_scope_document()), for migrations that fill the scope column. */
static void fts5_scope(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  char out[TEXT_SCOPE_BYTES];
  (void)argc;
  if (text_scope_document((const char *)sqlite3_value_text(argv[0]),
                          (const char *)sqlite3_value_text(argv[1]),
                          (const char *)sqlite3_value_text(argv[2]), out,
                          sizeof out) != 0) {
    sqlite3_result_error(ctx, "xieshang_scope: value too long", -1);
    return;
  }
  sqlite3_result_text(ctx, out, -1, SQLITE_TRANSIENT);
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
  if (api->xCreateFunction(api, "xieshang_rank", NULL, fts5_rank, NULL) !=
      SQLITE_OK)
    goto done;
  if (sqlite3_create_function(db, "xieshang_scope", 3,
                              SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                              fts5_scope, NULL, NULL) != SQLITE_OK)
    goto done;
  rc = 0;
done:
  sqlite3_finalize(stmt);
  return rc;
}
