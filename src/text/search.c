/*
** The search index over both backends. See search.h.
**
** Highlighting is computed here rather than by the database: the text is
** tokenized with original offsets and every token equal to a query token is
** marked. So both backends highlight alike, and the results carry plain
** text segments, never markup that a page would have to trust.
*/
#include "text/search.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/text.h"
#include "util/buf.h"

#define SNIPPET_BEFORE 30   /* bytes of context before the first hit */
#define SNIPPET_BYTES 240   /* bytes of body shown in a snippet */
/* Bytes of a body searched for the snippet's first hit: a page of results
   must not normalise and segment twenty 100 KB texts. A hit further on
   leaves the snippet at the body's start. */
#define SNIPPET_SCAN_BYTES 4096
#define SIMILAR_CANDIDATES 200

/* Map a text engine error to an error a person can read. */
static int text_error(int rc, struct err *e, int is_query) {
  switch (rc) {
    case TEXT_EEMPTY: return err_set(e, ERR_SEARCH_EMPTY, NULL);
    case TEXT_EUTF8: return err_set(e, ERR_INVALID_UTF8, "text");
    case TEXT_ETOOBIG:
      return is_query ? err_set(e, ERR_SEARCH_TOO_LONG, "%d", TEXT_MAX_QUERY)
                      : err_set(e, ERR_TEXT_TOO_LONG, "%d", TEXT_MAX_INPUT);
    default: return err_set(e, ERR_INTERNAL, NULL);
  }
}

/* title + "\n" + body, the text compared for near-duplicates (malloc'd). */
static char *joined_text(const char *title, const char *body, size_t *len) {
  size_t tl = strlen(title), bl = strlen(body);
  char *s = malloc(tl + bl + 2);
  if (s == NULL) abort();
  memcpy(s, title, tl);
  s[tl] = '\n';
  memcpy(s + tl + 1, body, bl + 1);
  *len = tl + bl + 1;
  return s;
}

/* "{a,b,c}": space-separated scope tokens (letters and digits only) as a
   PostgreSQL array literal, into out (TEXT_SCOPE_BYTES + 2 bytes). */
static void scope_array(const char *tokens, char *out) {
  size_t n = 0;
  out[n++] = '{';
  for (const char *p = tokens; *p; p++) out[n++] = *p == ' ' ? ',' : *p;
  out[n++] = '}';
  out[n] = '\0';
}

/* Write the FTS entry of document id (both backends' forms). */
static int put_fts(struct store_conn *c, int64_t id, const struct search_doc *d,
                   struct err *e) {
  char *title_tokens = NULL, *body_tokens = NULL;
  char scope[TEXT_SCOPE_BYTES], scope_pg[TEXT_SCOPE_BYTES + 2];
  int rc = text_scope_document(d->type, d->unit_path ? d->unit_path : "/",
                               d->state, scope, sizeof scope);
  if (rc != 0) return err_set(e, ERR_TEXT_TOO_LONG, "%d", TEXT_SCOPE_BYTES);
  scope_array(scope, scope_pg);
  if (store_backend(store_conn_store(c)) == STORE_POSTGRES) {
    rc = text_pg_document(d->title, strlen(d->title), &title_tokens);
    if (rc == 0) rc = text_pg_document(d->body, strlen(d->body), &body_tokens);
    if (rc != 0) {
      free(title_tokens);
      return text_error(rc, e, 0);
    }
  }
  if (store_exec(c, Q_SEARCH_FTS_DELETE, e, "I", id) < 0 ||
      store_exec(c, Q_SEARCH_FTS_PUT, e, "Issssss", id,
                 title_tokens ? title_tokens : "{}",
                 body_tokens ? body_tokens : "{}", scope_pg, d->title, d->body,
                 scope) < 0)
    rc = -1;
  free(title_tokens);
  free(body_tokens);
  return rc;
}

/* One LSH row: a band key of a document, from the seq-th put of a batch. */
struct lsh_row {
  int64_t key, doc;
  int band;
  size_t seq;
};

/* LSH rows waiting to be written, so that a batch writes them in key order
   (see search_index_put_batch). */
struct lsh_rows {
  struct lsh_row *v;
  size_t n, cap;
};

static int by_band_key(const void *x, const void *y) {
  const struct lsh_row *a = x, *b = y;
  if (a->band != b->band) return a->band < b->band ? -1 : 1;
  if (a->key != b->key) return a->key < b->key ? -1 : 1;
  return a->doc < b->doc ? -1 : a->doc > b->doc;
}

static int by_doc_latest(const void *x, const void *y) {
  const struct lsh_row *a = x, *b = y;
  if (a->doc != b->doc) return a->doc < b->doc ? -1 : 1;
  return a->seq > b->seq ? -1 : a->seq < b->seq;
}

/* PostgreSQL: write rows[0 .. n) (in key order) with one statement, their
   columns as three array literals, instead of one round trip per key. */
static int lsh_put_many(struct store_conn *c, const struct lsh_row *rows,
                        size_t n, struct err *e) {
  struct buf bands, keys, docs;
  int rc = 0;
  buf_init(&bands, BUF_UNLIMITED);
  buf_init(&keys, BUF_UNLIMITED);
  buf_init(&docs, BUF_UNLIMITED);
  for (size_t i = 0; i < n; i++) {
    if (rows[i].band < 0) continue;
    const char *sep = bands.len ? "," : "{";
    buf_printf(&bands, "%s%d", sep, rows[i].band);
    buf_printf(&keys, "%s%lld", sep, (long long)rows[i].key);
    buf_printf(&docs, "%s%lld", sep, (long long)rows[i].doc);
  }
  if (bands.len > 0) {
    buf_putc(&bands, '}');
    buf_putc(&keys, '}');
    buf_putc(&docs, '}');
    if (store_exec(c, Q_SEARCH_LSH_PUT_MANY, e, "sss", buf_str(&bands),
                   buf_str(&keys), buf_str(&docs)) < 0)
      rc = -1;
  }
  buf_free(&bands);
  buf_free(&keys);
  buf_free(&docs);
  return rc;
}

/* Write rows in key order, then empty them. A document put twice in one
   batch keeps only its last put's keys. */
static int lsh_flush(struct store_conn *c, struct lsh_rows *rows,
                     struct err *e) {
  size_t kept = 0;
  qsort(rows->v, rows->n, sizeof *rows->v, by_doc_latest);
  for (size_t i = 0; i < rows->n; i++)
    if (kept == 0 || rows->v[i].doc != rows->v[kept - 1].doc ||
        rows->v[i].seq == rows->v[kept - 1].seq)
      rows->v[kept++] = rows->v[i];
  rows->n = kept;
  qsort(rows->v, rows->n, sizeof *rows->v, by_band_key);
  if (store_backend(store_conn_store(c)) == STORE_POSTGRES) {
    int rc = lsh_put_many(c, rows->v, rows->n, e);
    rows->n = 0;
    return rc;
  }
  for (size_t i = 0; i < rows->n; i++)
    if (rows->v[i].band >= 0 &&
        store_exec(c, Q_SEARCH_LSH_PUT, e, "iII", rows->v[i].band,
                   rows->v[i].key, rows->v[i].doc) < 0)
      return -1;
  rows->n = 0;
  return 0;
}

/* Delete the LSH keys of document id, whose stored signature is blob (NULL
   or not a signature: it has no keys). The key table has no index on doc:
   the keys are recomputed from the signature. */
static int delete_lsh(struct store_conn *c, int64_t id, const void *blob,
                      size_t len, struct err *e) {
  struct text_minhash sig;
  int64_t keys[TEXT_LSH_BANDS];
  if (blob == NULL || len != TEXT_MINHASH_BYTES) return 0;
  text_minhash_decode(blob, &sig);
  text_lsh_keys(&sig, keys);
  for (int band = 0; band < TEXT_LSH_BANDS; band++)
    if (store_exec(c, Q_SEARCH_LSH_DELETE, e, "iII", band, keys[band], id) < 0)
      return -1;
  return 0;
}

/* The index id of a document into *index_id (0 when it is not indexed);
   an indexed document's LSH keys are deleted. */
static int find_doc(struct store_conn *c, const char *type, int64_t doc_id,
                    int64_t *index_id, struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_SEARCH_DOC_FIND, e);
  if (st == NULL) return -1;
  store_bind_text(st, 1, type);
  store_bind_int(st, 2, doc_id);
  int rc = store_step(st, e);
  *index_id = 0;
  if (rc == STORE_ROW) {
    size_t len = 0;
    const void *blob = store_col_blob(st, 1, &len);
    *index_id = store_col_int(st, 0);
    rc = delete_lsh(c, *index_id, blob, len, e) == 0 ? STORE_DONE : -1;
  }
  store_finish(st);
  return rc == STORE_DONE ? 0 : -1;
}

/* Queue the LSH keys of document id (none when sig is NULL). */
static void put_lsh(int64_t id, const struct text_minhash *sig, size_t seq,
                    struct lsh_rows *rows) {
  if (rows->n + TEXT_LSH_BANDS > rows->cap) {
    rows->cap = (rows->n + TEXT_LSH_BANDS) * 2;
    rows->v = realloc(rows->v, rows->cap * sizeof *rows->v);
    if (rows->v == NULL) abort();
  }
  if (sig == NULL) {
    /* No keys: a marker (band -1, never written) that outranks keys an
       earlier put of the same batch queued. */
    rows->v[rows->n++] = (struct lsh_row){0, id, -1, seq};
    return;
  }
  int64_t keys[TEXT_LSH_BANDS];
  text_lsh_keys(sig, keys);
  for (int band = 0; band < TEXT_LSH_BANDS; band++)
    rows->v[rows->n++] = (struct lsh_row){keys[band], id, band, seq};
}

/* Index one document (the seq-th of a batch), queueing its LSH rows. */
static int put_one(struct store_conn *c, const struct search_doc *d,
                   size_t seq, struct lsh_rows *rows, struct err *e) {
  size_t len;
  char *text = joined_text(d->title, d->body, &len);
  struct text_minhash sig;
  unsigned char blob[TEXT_MINHASH_BYTES];
  int rc = text_minhash(text, len, &sig);
  free(text);
  if (rc != 0 && rc != TEXT_EEMPTY) return text_error(rc, e, 0);
  int has_sig = rc == 0;
  if (has_sig) text_minhash_encode(&sig, blob);
  int64_t id = 0;
  if (find_doc(c, d->type, d->id, &id, e) != 0) return -1;
  struct store_stmt *st = store_prepare(c, Q_SEARCH_DOC_PUT, e);
  if (st == NULL) return -1;
  store_bind_text(st, 1, d->type);
  store_bind_int(st, 2, d->id);
  store_bind_text(st, 3, d->unit_path ? d->unit_path : "/");
  store_bind_text(st, 4, d->state ? d->state : "");
  store_bind_int(st, 5, d->created_at);
  store_bind_text(st, 6, d->title);
  store_bind_text(st, 7, d->body);
  if (has_sig)
    store_bind_blob(st, 8, blob, sizeof blob);
  else
    store_bind_null(st, 8);
  rc = store_step(st, e);
  if (rc == STORE_ROW) id = store_col_int(st, 0);
  store_finish(st);
  if (rc != STORE_ROW) return -1;
  if (put_fts(c, id, d, e) != 0) return -1;
  put_lsh(id, has_sig ? &sig : NULL, seq, rows);
  return 0;
}

int search_index_put(struct store_conn *c, const struct search_doc *d,
                     struct err *e) {
  return search_index_put_batch(c, d, 1, e);
}

int search_index_put_batch(struct store_conn *c, const struct search_doc *docs,
                           size_t n, struct err *e) {
  struct lsh_rows rows = {NULL, 0, 0};
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < n; i++)
    rc = put_one(c, &docs[i], i, &rows, e);
  if (rc == 0) rc = lsh_flush(c, &rows, e);
  free(rows.v);
  return rc;
}

int search_index_delete(struct store_conn *c, const char *type, int64_t id,
                        struct err *e) {
  int64_t index_id;
  if (find_doc(c, type, id, &index_id, e) != 0) return -1;
  if (index_id == 0) return 0;
  if (store_exec(c, Q_SEARCH_FTS_DELETE, e, "I", index_id) < 0 ||
      store_exec(c, Q_SEARCH_DOC_DELETE, e, "I", index_id) < 0)
    return -1;
  return 0;
}

/* Byte ranges of a text that match query tokens. */
struct ranges {
  const struct text_query *q;
  size_t (*span)[2];
  size_t count, cap;
};

static int collect_hit(void *ctx, const struct text_token *tok) {
  struct ranges *r = ctx;
  for (size_t i = 0; i < r->q->ntokens; i++) {
    const char *qt = r->q->tokens[i];
    if (strlen(qt) != tok->len || memcmp(qt, tok->text, tok->len) != 0)
      continue;
    if (r->count > 0 && tok->start <= r->span[r->count - 1][1]) {
      if (tok->end > r->span[r->count - 1][1]) r->span[r->count - 1][1] = tok->end;
    } else {
      if (r->count == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 16;
        r->span = realloc(r->span, r->cap * sizeof *r->span);
        if (r->span == NULL) abort();
      }
      r->span[r->count][0] = tok->start;
      r->span[r->count][1] = tok->end;
      r->count++;
    }
    break;
  }
  return 0;
}

/* Step back to the start of a UTF-8 character. */
static size_t char_start(const char *s, size_t pos) {
  while (pos > 0 && ((unsigned char)s[pos] & 0xC0) == 0x80) pos--;
  return pos;
}

static void add_segment(struct arena *a, struct search_segment *segs,
                        size_t *n, const char *s, size_t len, int hit) {
  if (len == 0) return;
  segs[*n].text = arena_strndup(a, s, len);
  segs[*n].hit = hit;
  (*n)++;
}

/* Split text into marked segments; with snippet set, only a window around
   the first hit, with ellipses where text was left out. */
static void highlight(struct arena *a, const char *text,
                      const struct text_query *q, int snippet,
                      struct search_segment **out, size_t *count) {
  struct ranges r = {q, NULL, 0, 0};
  size_t len = strlen(text);
  size_t scan = len;
  if (snippet && scan > SNIPPET_SCAN_BYTES)
    scan = char_start(text, SNIPPET_SCAN_BYTES);
  text_tokenize(text, scan, TEXT_MODE_DOCUMENT, collect_hit, &r);
  size_t from = 0, to = len;
  if (snippet && len > SNIPPET_BYTES) {
    size_t first = r.count ? r.span[0][0] : 0;
    from = first > SNIPPET_BEFORE ? char_start(text, first - SNIPPET_BEFORE) : 0;
    to = from + SNIPPET_BYTES < len ? char_start(text, from + SNIPPET_BYTES) : len;
  }
  struct search_segment *segs =
      arena_alloc(a, (2 * r.count + 3) * sizeof *segs);
  size_t n = 0, pos = from;
  if (from > 0) add_segment(a, segs, &n, "…", strlen("…"), 0);
  for (size_t i = 0; i < r.count && pos < to; i++) {
    size_t s = r.span[i][0], end = r.span[i][1];
    if (end <= pos) continue;
    if (s < pos) s = pos;
    if (s >= to) break;
    if (end > to) end = to;
    add_segment(a, segs, &n, text + pos, s - pos, 0);
    add_segment(a, segs, &n, text + s, end - s, 1);
    pos = end;
  }
  add_segment(a, segs, &n, text + pos, to - pos, 0);
  if (to < len) add_segment(a, segs, &n, "…", strlen("…"), 0);
  free(r.span);
  *out = segs;
  *count = n;
}

/* How a search reads its filters: none; type, unit and state as scope
   tokens inside the full-text index; or a date range too, which needs each
   match's search_docs row. */
enum search_plan { PLAN_PLAIN, PLAN_SCOPED, PLAN_DATED };

/* A query with its filter: the plan, the FTS5 MATCH expression with the
   scope tokens (SQLite) and the scope tokens as an array (PostgreSQL). */
struct scoped_query {
  enum search_plan plan;
  char *fts5;
  char scope_pg[TEXT_SCOPE_BYTES + 2];
};

/* Fill sq for query q and filter f. Returns 0; 1 when the filter can match
   nothing (a malformed unit path); -1 with e set. */
static int scope_query(const struct text_query *q,
                       const struct search_filter *f, struct scoped_query *sq,
                       struct err *e) {
  char scope[TEXT_SCOPE_BYTES];
  int rc = text_scope_filter(f->type, f->unit_path, f->state, scope,
                             sizeof scope);
  if (rc == TEXT_EINVAL) return 1;
  if (rc != 0) return err_set(e, ERR_SEARCH_TOO_LONG, "%d", TEXT_SCOPE_BYTES);
  scope_array(scope, sq->scope_pg);
  sq->plan = f->from > 0 || f->to > 0 ? PLAN_DATED
             : *scope                 ? PLAN_SCOPED
                                      : PLAN_PLAIN;
  /* (query) AND scope : "t..." AND scope : "u1x4" ... */
  struct buf b;
  buf_init(&b, BUF_UNLIMITED);
  buf_printf(&b, "(%s)", q->fts5);
  for (const char *p = scope; *p;) {
    size_t n = strcspn(p, " ");
    buf_printf(&b, " AND scope : \"%.*s\"", (int)n, p);
    p += n;
    if (*p == ' ') p++;
  }
  sq->fts5 = buf_detach(&b, NULL);
  return 0;
}

/* Prepare statement q of sq's plan, with the query, the filters and limit
   bound; after > 0 for a _RECENT form (PostgreSQL's parameters differ by
   plan, see queries.def). */
static struct store_stmt *prepare_search(struct store_conn *c,
                                         enum query_id id,
                                         const struct search_filter *f,
                                         const struct text_query *q,
                                         const struct scoped_query *sq,
                                         int64_t limit, int64_t after,
                                         struct err *e) {
  struct store_stmt *st = store_prepare(c, id, e);
  if (st == NULL) return NULL;
  store_bind_text(st, 1, q->tsquery);
  store_bind_int(st, 2, limit);
  if (sq->plan == PLAN_PLAIN) {
    if (after > 0) store_bind_int(st, 3, after);
  } else {
    store_bind_text(st, 3, sq->scope_pg);
    if (sq->plan == PLAN_SCOPED && after > 0) store_bind_int(st, 4, after);
  }
  if (sq->plan == PLAN_DATED) {
    store_bind_int(st, 4, f->from);
    store_bind_int(st, 5, f->to > 0 ? f->to : INT64_MAX);
  }
  store_bind_text(st, 7, sq->fts5);
  return st;
}

static const enum query_id ranked_ids[3] = {
    Q_SEARCH_RANKED, Q_SEARCH_RANKED_SCOPED, Q_SEARCH_RANKED_DATED};
static const enum query_id recent_ids[3] = {
    Q_SEARCH_RANKED_RECENT, Q_SEARCH_RANKED_SCOPED_RECENT,
    Q_SEARCH_RANKED_DATED};

/* A match: its index id and score (lower is better). */
struct candidate {
  int64_t id;
  double score;
};

static int by_rank(const void *x, const void *y) {
  const struct candidate *a = x, *b = y;
  if (a->score != b->score) return a->score < b->score ? -1 : 1;
  return a->id < b->id ? -1 : a->id > b->id;
}

/* Read up to cap matches of statement st into out[*n ..]. */
static int read_candidates(struct store_stmt *st, int64_t cap,
                           struct candidate *out, size_t *n, struct err *e) {
  int rc;
  *n = 0;
  for (rc = store_step(st, e); rc == STORE_ROW && *n < (size_t)cap;
       rc = store_step(st, e)) {
    out[*n].id = store_col_int(st, 0);
    out[*n].score = store_col_double(st, 1);
    (*n)++;
  }
  store_finish(st);
  return rc < 0 ? -1 : 0;
}

/* PostgreSQL: the newest index id, 0 when the index is empty. */
static int newest_id(struct store_conn *c, int64_t *id, struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_SEARCH_FTS_NEWEST, e);
  if (st == NULL) return -1;
  int rc = store_step(st, e);
  *id = rc == STORE_ROW ? store_col_int(st, 0) : 0;
  store_finish(st);
  return rc == STORE_ROW ? 0 : -1;
}

/* The newest matches, at most cap, into *out (arena); sets *n. On
   PostgreSQL the newest SEARCH_RECENT_SPAN * cap documents are searched
   first, then eight times as many, and so on until cap matches are found
   or the whole index was searched: a common word is answered from the
   newest rows without reading every match's row. */
#define SEARCH_RECENT_SPAN 4
static int ranked_candidates(struct store_conn *c, struct arena *a,
                             const struct search_filter *f,
                             const struct text_query *q,
                             const struct scoped_query *sq, int64_t cap,
                             struct candidate **out, size_t *n,
                             struct err *e) {
  int64_t newest = 0, span = SEARCH_RECENT_SPAN * cap;
  *out = arena_alloc(a, (size_t)cap * sizeof **out);
  *n = 0;
  if (store_backend(store_conn_store(c)) == STORE_POSTGRES &&
      sq->plan != PLAN_DATED && newest_id(c, &newest, e) != 0)
    return -1;
  for (;;) {
    int64_t after = newest > span ? newest - span : 0;
    struct store_stmt *st =
        prepare_search(c, after > 0 ? recent_ids[sq->plan] : ranked_ids[sq->plan],
                       f, q, sq, cap, after, e);
    if (st == NULL || read_candidates(st, cap, *out, n, e) != 0) return -1;
    if (after == 0 || *n == (size_t)cap) break;
    span *= 8;
  }
  qsort(*out, *n, sizeof **out, by_rank);
  return 0;
}

/* More matches than were ranked: estimate how many from how far back the
   walk went. The ranked matches are the newest n, found among the index
   ids oldest .. newest; the same density over the whole index, ids 1 ..
   newest, gives the estimate. Counting every match instead walks the whole
   of each query term's list, which for a common word at 1M documents costs
   more than the rest of the search. */
static int estimate_matches(struct store_conn *c, const struct candidate *cand,
                            size_t n, struct search_result *r,
                            struct err *e) {
  int64_t newest = 0, oldest = INT64_MAX;
  struct store_stmt *st = store_prepare(c, Q_SEARCH_DOC_NEWEST, e);
  if (st == NULL || store_step_int(st, &newest, e) != 0) return -1;
  for (size_t i = 0; i < n; i++)
    if (cand[i].id < oldest) oldest = cand[i].id;
  double span = oldest <= newest ? (double)(newest - oldest + 1) : 1.0;
  double estimate = (double)n * (double)newest / span;
  r->total = estimate > (double)n ? (int64_t)(estimate + 0.5) : (int64_t)n;
  r->total_exact = 0;
  return 0;
}

/* Read index document id into h, highlighting the query. */
static int load_hit(struct store_conn *c, struct arena *a, int64_t id,
                    const struct text_query *q, struct search_hit *h,
                    struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_SEARCH_DOC_GET, e);
  if (st == NULL) return -1;
  store_bind_int(st, 1, id);
  int rc = store_step(st, e);
  if (rc == STORE_ROW) {
    h->index_id = store_col_int(st, 0);
    h->type = arena_strdup(a, store_col_text(st, 1));
    h->doc_id = store_col_int(st, 2);
    h->unit_path = arena_strdup(a, store_col_text(st, 3));
    h->state = arena_strdup(a, store_col_text(st, 4));
    h->created_at = store_col_int(st, 5);
    highlight(a, store_col_text(st, 6), q, 0, &h->title, &h->ntitle);
    highlight(a, store_col_text(st, 7), q, 1, &h->snippet, &h->nsnippet);
  }
  store_finish(st);
  if (rc == STORE_DONE) return err_set(e, ERR_INTERNAL, NULL);
  return rc == STORE_ROW ? 0 : -1;
}

int search_query(struct store_conn *c, struct arena *a, const char *query,
                 const struct search_filter *f, struct search_result *out,
                 struct err *e) {
  struct text_query q;
  struct candidate *cand = NULL;
  size_t n = 0;
  memset(out, 0, sizeof *out);
  int rc = text_query_build(query, strlen(query), &q);
  if (rc != 0) return text_error(rc, e, 1);
  int64_t limit = f->limit > 0 ? f->limit : 1;
  int64_t offset = f->offset > 0 ? f->offset : 0;
  int64_t cap = offset + limit > SEARCH_RANK_CAP ? offset + limit
                                                 : SEARCH_RANK_CAP;
  if (cap > SEARCH_DEPTH_CAP) cap = SEARCH_DEPTH_CAP;
  struct scoped_query sq = {PLAN_PLAIN, NULL, ""};
  out->hits = arena_alloc(a, (size_t)limit * sizeof *out->hits);
  rc = scope_query(&q, f, &sq, e);
  if (rc == 1) { /* a filter no document can match */
    out->total_exact = 1;
    text_query_free(&q);
    return 0;
  }
  if (rc == 0) rc = ranked_candidates(c, a, f, &q, &sq, cap, &cand, &n, e);
  if (rc == 0 && n < (size_t)cap) {
    out->total = (int64_t)n;
    out->total_exact = 1;
  } else if (rc == 0) {
    rc = estimate_matches(c, cand, n, out, e);
  }
  free(sq.fts5);
  for (int64_t i = offset; rc == 0 && i < offset + limit && i < (int64_t)n;
       i++)
    rc = load_hit(c, a, cand[i].id, &q, &out->hits[out->nhits++], e);
  text_query_free(&q);
  return rc == 0 ? 0 : -1;
}

static int by_score(const void *x, const void *y) {
  const struct search_similar *a = x, *b = y;
  if (a->score != b->score) return a->score < b->score ? 1 : -1;
  return a->index_id < b->index_id ? -1 : a->index_id > b->index_id;
}

int search_similar(struct store_conn *c, struct arena *a, const char *text,
                   const char *type, const char *unit_path, double min_score,
                   int limit,
                   struct search_similar **out, size_t *count, struct err *e) {
  struct text_minhash sig, other;
  int64_t keys[TEXT_LSH_BANDS];
  *out = NULL;
  *count = 0;
  int rc = text_minhash(text, strlen(text), &sig);
  if (rc != 0) return text_error(rc, e, 0);
  text_lsh_keys(&sig, keys);
  int filtered = (type && *type) ||
                 (unit_path && *unit_path && strcmp(unit_path, "/") != 0);
  struct store_stmt *st = store_prepare(
      c, filtered ? Q_SEARCH_LSH_CANDIDATES : Q_SEARCH_LSH_CANDIDATES_ALL, e);
  if (st == NULL) return -1;
  for (int band = 0; band < TEXT_LSH_BANDS; band++)
    store_bind_int(st, band + 1, keys[band]);
  store_bind_text(st, 22, type ? type : "");
  store_bind_int(st, 23, SIMILAR_CANDIDATES);
  store_bind_text(st, 24, unit_path && *unit_path ? unit_path : "/");
  struct search_similar *found =
      arena_alloc(a, SIMILAR_CANDIDATES * sizeof *found);
  size_t n = 0;
  for (rc = store_step(st, e); rc == STORE_ROW && n < SIMILAR_CANDIDATES;
       rc = store_step(st, e)) {
    size_t len;
    const void *blob = store_col_blob(st, 4, &len);
    if (blob == NULL || len != TEXT_MINHASH_BYTES) continue;
    text_minhash_decode(blob, &other);
    double score = text_minhash_similarity(&sig, &other);
    if (score < min_score) continue;
    found[n].index_id = store_col_int(st, 0);
    found[n].type = arena_strdup(a, store_col_text(st, 1));
    found[n].doc_id = store_col_int(st, 2);
    found[n].title = arena_strdup(a, store_col_text(st, 3));
    found[n].score = score;
    n++;
  }
  store_finish(st);
  if (rc < 0) return -1;
  qsort(found, n, sizeof *found, by_score);
  *out = found;
  *count = n < (size_t)limit ? n : (size_t)limit;
  return 0;
}

/* Re-index one batch of documents after last_id; sets *last_id and *n. */
static int reindex_batch(struct store_conn *c, int64_t *last_id, int *n,
                         struct err *e) {
  enum { BATCH = 2000 }; /* documents per transaction */
  struct arena *a = arena_new();
  struct search_doc *docs = arena_alloc(a, BATCH * sizeof *docs);
  int64_t *ids = arena_alloc(a, BATCH * sizeof *ids);
  *n = 0;
  struct store_stmt *st = store_prepare(c, Q_SEARCH_DOC_AFTER, e);
  int rc = st ? STORE_DONE : -1;
  if (st) {
    store_bind_int(st, 1, *last_id);
    store_bind_int(st, 2, BATCH);
    for (rc = store_step(st, e); rc == STORE_ROW; rc = store_step(st, e)) {
      struct search_doc *d = &docs[*n];
      ids[*n] = store_col_int(st, 0);
      d->type = arena_strdup(a, store_col_text(st, 1));
      d->id = store_col_int(st, 2);
      d->unit_path = arena_strdup(a, store_col_text(st, 3));
      d->state = arena_strdup(a, store_col_text(st, 4));
      d->created_at = store_col_int(st, 5);
      d->title = arena_strdup(a, store_col_text(st, 6));
      d->body = arena_strdup(a, store_col_text(st, 7));
      (*n)++;
    }
    store_finish(st);
  }
  if (rc == STORE_DONE && *n > 0) {
    rc = store_begin(c, e);
    if (rc == 0) rc = search_index_put_batch(c, docs, (size_t)*n, e);
    if (rc == 0) rc = store_commit(c, e);
    else store_rollback(c);
    *last_id = ids[*n - 1];
  }
  arena_free(a);
  return rc == 0 || rc == STORE_DONE ? 0 : -1;
}

int search_reindex(struct store *s,
                   void (*progress)(int64_t done, int64_t total, void *ctx),
                   void *ctx, struct err *e) {
  struct store_conn *c = store_acquire(s);
  int64_t total = 0, done = 0, last_id = 0;
  struct store_stmt *st = store_prepare(c, Q_SEARCH_DOC_COUNT, e);
  int rc = st ? store_step(st, e) : -1;
  if (rc == STORE_ROW) total = store_col_int(st, 0);
  store_finish(st);
  rc = rc == STORE_ROW ? 0 : -1;
  int n = 1;
  while (rc == 0 && n > 0) {
    rc = reindex_batch(c, &last_id, &n, e);
    done += n;
    if (rc == 0 && progress) progress(done, total, ctx);
  }
  /* Every entry was replaced: merge the full-text index's segments and
     drop the replaced entries (SQLite), refresh the planner's statistics
     (PostgreSQL). */
  if (rc == 0 && store_exec(c, Q_SEARCH_FTS_OPTIMIZE, e, "") < 0) rc = -1;
  store_release(c);
  return rc;
}
