/*
** The search index: full-text search with ranking, highlighting, filters
** and paging, and near-duplicate look-up, over every searchable text of the
** platform (topics, proposals, public-opinion reports ...).
**
** A module that owns texts calls search_index_put() / search_index_delete()
** inside its own transaction, so the index never disagrees with the data.
** On SQLite the index is an FTS5 table with xieshang's tokenizer; on
** PostgreSQL a tsvector of the same tokens with a GIN index; both answer
** the same queries with the same documents. Filters by type, unit subtree
** and state are scope tokens inside either index (text_scope_document()),
** so they cost no look at a match's row. Near-duplicates use MinHash
** signatures and LSH band keys stored beside each document, so a look-up
** reads a handful of index rows instead of scanning every text.
*/
#ifndef XIESHANG_TEXT_SEARCH_H
#define XIESHANG_TEXT_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"

struct search_doc {
  const char *type;       /* "topic", "proposal", ... */
  int64_t id;             /* the document's id in its own table */
  const char *unit_path;  /* materialised unit path, e.g. "/1/4/" */
  const char *state;      /* the document's state, for filtering */
  int64_t created_at;     /* epoch ms */
  const char *title;
  const char *body;
};

/* Add or replace a document in the index. Call inside a transaction.
   Returns 0, or -1 with e set (ERR_INVALID_UTF8, ERR_TEXT_TOO_LONG, store
   errors). */
int search_index_put(struct store_conn *c, const struct search_doc *d,
                     struct err *e);

/* search_index_put() for n documents, for bulk loads (reindex, imports):
   their LSH keys, which land at random places in the key index, are
   written together in key order, so each index page is written once per
   batch instead of once per key. Call inside a transaction. */
int search_index_put_batch(struct store_conn *c, const struct search_doc *docs,
                           size_t n, struct err *e);

/* Remove a document; removing one that is not there is not an error. */
int search_index_delete(struct store_conn *c, const char *type, int64_t id,
                        struct err *e);

struct search_filter {
  const char *type;       /* NULL or "" for any */
  const char *unit_path;  /* subtree root, "/1/4/"; NULL or "/" for all;
                             a malformed path matches nothing */
  const char *state;      /* NULL or "" for any */
  int64_t from, to;       /* created_at in [from, to); 0 for open ends */
  int limit;              /* 1..100 */
  int offset;
};

/* A piece of text, marked when it matched the query. */
struct search_segment {
  const char *text;
  int hit;
};

struct search_hit {
  int64_t index_id;
  const char *type;
  int64_t doc_id;
  const char *unit_path;
  const char *state;
  int64_t created_at;
  struct search_segment *title;    /* the whole title, in segments */
  size_t ntitle;
  struct search_segment *snippet;  /* a window of the body around a hit */
  size_t nsnippet;
};

struct search_result {
  struct search_hit *hits;
  size_t nhits;
  int64_t total;                   /* matching documents in all pages, or */
  int total_exact;                 /* 0: total is an estimate */
};

/* Only the newest SEARCH_RANK_CAP matches (more when a later page asks, up
   to SEARCH_DEPTH_CAP) are ranked, so common words cost the same at any
   index size: a rare word's matches are all ranked, best first; a very
   common word's are the best of its newest matches. When there are fewer
   matches than were looked for, total is exact; otherwise it is estimated
   from how far back the newest matches reach (total_exact 0), as a search
   engine's "about N results". Pages go down to the SEARCH_DEPTH_CAP-th
   match. */
#define SEARCH_RANK_CAP 500
#define SEARCH_DEPTH_CAP 10000

/* Search for what a user typed (any characters; operators are plain text).
   Results and their strings live in a. Returns 0, or -1 with e set:
   ERR_SEARCH_EMPTY (nothing searchable), ERR_INVALID_UTF8,
   ERR_SEARCH_TOO_LONG, or a store error. */
int search_query(struct store_conn *c, struct arena *a, const char *query,
                 const struct search_filter *f, struct search_result *out,
                 struct err *e);

struct search_similar {
  int64_t index_id;
  const char *type;
  int64_t doc_id;
  const char *title;
  double score;            /* estimated Jaccard similarity, 0..1 */
};

/* The documents most similar to text (title and body together), best
   first, at most limit with score >= min_score, of the given type (NULL for
   any) within the unit subtree unit_path (NULL or "/" for all). Results live in a. Returns 0 (also with no result), or -1 with e
   set (ERR_SEARCH_EMPTY for a text with nothing to compare,
   ERR_INVALID_UTF8, ERR_TEXT_TOO_LONG, store errors). */
int search_similar(struct store_conn *c, struct arena *a, const char *text,
                   const char *type, const char *unit_path, double min_score,
                   int limit,
                   struct search_similar **out, size_t *count, struct err *e);

/* Rebuild every document's index entries (after a tokenizer change), in
   batches, each in its own transaction. progress(done, total, ctx) is
   called after each batch (may be NULL). Returns 0 or -1 with e set. */
int search_reindex(struct store *s,
                   void (*progress)(int64_t done, int64_t total, void *ctx),
                   void *ctx, struct err *e);

#endif
