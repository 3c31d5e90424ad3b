/*
** libFuzzer harness for the text engine: arbitrary bytes into the
** normaliser, the tokenizer (all three modes), query building, the
** PostgreSQL document literal and MinHash. Besides the sanitizers it checks
** the promises of text.h:
**   - token offsets lie inside the input, non-colocated tokens never overlap
**     or go back, and a document bigram is followed by the unigram of its
**     second character;
**   - a query never makes an FTS5 MATCH error, and a text's own query finds
**     that text when it is stored in an FTS5 table (document and query
**     tokens agree);
**   - every query token is among the document tokens of the same text, so
**     PostgreSQL (array_to_tsvector @@ tsquery) finds it too;
**   - a text is a perfect near-duplicate of itself.
** Build: clang -fsanitize=fuzzer,address,undefined (see Makefile.text).
*/
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "text/text.h"

#define CHECK(x)                                                               \
  do {                                                                         \
    if (!(x)) abort();                                                         \
  } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct tok_check {
  size_t len;        /* input bytes */
  size_t last_end;   /* end of the last non-colocated token */
  size_t last_start; /* start of the last token */
  size_t pending;    /* bytes of the character a bigram promised, or 0 */
  char want[8];
  enum text_mode mode;
};

static int check_token(void *ctx, const struct text_token *tok) {
  struct tok_check *c = ctx;
  size_t k;

  CHECK(tok->start <= tok->end && tok->end <= c->len);
  CHECK(tok->len >= 1 && tok->len <= TEXT_TOKEN_MAX_BYTES);
  CHECK(memchr(tok->text, ' ', tok->len) == NULL);
  if (tok->colocated) {
    CHECK(c->mode == TEXT_MODE_DOCUMENT && tok->kind == TEXT_TOKEN_CJK2);
    k = tok->len - 1;
    while (k > 0 && ((unsigned char)tok->text[k] & 0xC0) == 0x80) k--;
    c->pending = tok->len - k;
    memcpy(c->want, tok->text + k, c->pending);
    return 0;
  }
  if (c->pending > 0) {
    CHECK(tok->len == c->pending);
    CHECK(memcmp(tok->text, c->want, c->pending) == 0);
    c->pending = 0;
  }
  if (c->mode == TEXT_MODE_QUERY) {
    CHECK(tok->start >= c->last_start); /* query bigrams overlap */
    c->last_start = tok->start;
  } else {
    CHECK(tok->start >= c->last_end);
  }
  c->last_end = tok->end;
  return 0;
}

static void fuzz_tokens(const char *in, size_t len, enum text_mode mode) {
  struct tok_check c;
  int rc;

  memset(&c, 0, sizeof c);
  c.len = len;
  c.mode = mode;
  rc = text_tokenize(in, len, mode, check_token, &c);
  CHECK(rc == 0 || rc == TEXT_EUTF8 || rc == TEXT_ETOOBIG);
  if (rc == 0) CHECK(c.pending == 0);
}

/* One database for the whole run: the FTS5 table the queries run against. */
static sqlite3 *fuzz_db(void) {
  static sqlite3 *db;

  if (db != NULL) return db;
  CHECK(sqlite3_open(":memory:", &db) == SQLITE_OK);
  CHECK(text_fts5_register(db) == 0);
  CHECK(sqlite3_exec(db,
                     "CREATE VIRTUAL TABLE t USING fts5(body, "
                     "tokenize='xieshang');"
                     "INSERT INTO t(rowid, body) VALUES "
                     "(1, '關於老舊小區改造的建議'), (2, 'ＷｉＦｉ信号差')",
                     NULL, NULL, NULL) == SQLITE_OK);
  return db;
}

/* Run sql with ?1 = a and ?2 = b; return the first column of the first row
** (or -1 when there is no row). Any SQL error aborts. */
static long fuzz_sql(const char *sql, const char *a, size_t alen,
                     const char *b) {
  sqlite3_stmt *st = NULL;
  long out = -1;
  int rc;

  CHECK(sqlite3_prepare_v2(fuzz_db(), sql, -1, &st, NULL) == SQLITE_OK);
  if (a != NULL) sqlite3_bind_text(st, 1, a, (int)alen, SQLITE_STATIC);
  if (b != NULL) sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
  rc = sqlite3_step(st);
  CHECK(rc == SQLITE_ROW || rc == SQLITE_DONE);
  if (rc == SQLITE_ROW) out = (long)sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return out;
}

/* Whether the document tokens of a text include tok. */
struct has_token {
  const char *tok;
  int found;
};

static int find_token(void *ctx, const struct text_token *tok) {
  struct has_token *h = ctx;

  if (strlen(h->tok) == tok->len && memcmp(h->tok, tok->text, tok->len) == 0)
    h->found = 1;
  return h->found;
}

static void fuzz_query(const char *in, size_t len) {
  struct text_query q;
  size_t k;
  int rc = text_query_build(in, len, &q);

  CHECK(rc == 0 || rc == TEXT_EEMPTY || rc == TEXT_EUTF8 || rc == TEXT_ETOOBIG);
  if (rc != 0) {
    CHECK(q.fts5 == NULL && q.tsquery == NULL && q.ntokens == 0);
    return;
  }
  CHECK(q.ntokens >= 1 && q.ntokens <= TEXT_QUERY_MAX_TOKENS);
  CHECK(q.fts5[0] == '"' && q.tsquery[0] == '\'');
  for (k = 0; k < q.ntokens; k++) {
    struct has_token h = {q.tokens[k], 0};
    CHECK(text_tokenize(in, len, TEXT_MODE_DOCUMENT, find_token, &h) ==
              TEXT_ESTOP &&
          h.found);
  }
  fuzz_sql("SELECT count(*) FROM t WHERE t MATCH ?2", NULL, 0, q.fts5);
  /* store the text, find it with its own query, and undo (a rollback keeps
  ** the index from growing over millions of runs) */
  fuzz_sql("BEGIN", NULL, 0, NULL);
  fuzz_sql("INSERT INTO t(rowid, body) VALUES (3, ?1)", in, len, NULL);
  CHECK(fuzz_sql("SELECT rowid FROM t WHERE t MATCH ?2 AND rowid = 3", NULL,
                 0, q.fts5) == 3);
  fuzz_sql("ROLLBACK", NULL, 0, NULL);
  text_query_free(&q);
}

static void fuzz_similarity(const char *in, size_t len) {
  struct text_minhash m;
  int64_t keys[TEXT_LSH_BANDS];
  double j = -1.0;
  int rc = text_minhash(in, len, &m);
  int i;

  CHECK(rc == 0 || rc == TEXT_EEMPTY || rc == TEXT_EUTF8 || rc == TEXT_ETOOBIG);
  if (rc != 0) return;
  CHECK(text_minhash_similarity(&m, &m) == 1.0);
  text_lsh_keys(&m, keys);
  for (i = 0; i < TEXT_LSH_BANDS; i++) CHECK(keys[i] >= 0);
  CHECK(text_jaccard(in, len, in, len, &j) == 0 && j == 1.0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *in = (const char *)data;
  char *out = NULL;
  size_t out_len = 0;
  int rc = text_normalize(in, size, &out, &out_len);

  CHECK(rc == 0 || rc == TEXT_EUTF8);
  if (rc == 0) {
    CHECK(strlen(out) == out_len);
    CHECK(out_len == 0 || (out[0] != ' ' && out[out_len - 1] != ' '));
    CHECK(strstr(out, "  ") == NULL);
  }
  free(out);
  fuzz_tokens(in, size, TEXT_MODE_DOCUMENT);
  fuzz_tokens(in, size, TEXT_MODE_QUERY);
  fuzz_tokens(in, size, TEXT_MODE_WORDS);
  fuzz_query(in, size);
  out = NULL;
  if (text_pg_document(in, size, &out) == 0) {
    CHECK(out[0] == '{' && out[strlen(out) - 1] == '}');
  }
  free(out);
  fuzz_similarity(in, size);
  return 0;
}
