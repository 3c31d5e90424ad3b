/*
** The text engine: how xieshang reads Chinese.
**
** Residents write Traditional and Simplified characters, full-width letters
** and punctuation, and Latin words mixed into Chinese sentences. Staff must
** still find every earlier text on the same matter, and the platform must
** notice when a new topic repeats an old one. This interface offers four
** things, all built on one normalisation so that they agree with each other:
**
**   1. text_normalize(): Traditional to Simplified (OpenCC t2s), Unicode
**      NFKC with case folding (ICU), punctuation and symbols to spaces,
**      whitespace runs to one space, trimmed.
**   2. text_tokenize(): search tokens of a text, each with its byte offsets
**      in the ORIGINAL input (what FTS5 highlight() needs).
**   3. text_query_build(): turns whatever a user typed into an SQLite FTS5
**      MATCH expression and a PostgreSQL tsquery literal that can never be a
**      syntax error; text_pg_document() gives the matching document side.
**   4. text_minhash() and friends: near-duplicate detection with MinHash
**      signatures and LSH band keys, plus exact Jaccard for verification.
**
** Search tokens (the same for SQLite and PostgreSQL):
**   - A run of Latin letters and digits (one ICU word) is one lowercase token.
**   - Chinese and Japanese characters form a chain. In a document, spaces
**     and punctuation between them do not break it (a Latin word or a number
**     does), and it yields every character (unigram) and every overlapping
**     pair (bigram). A query chain also ends at a space or punctuation mark
**     (space-separated keywords are separate), and yields only its bigrams,
**     or its character when it has one. So every query token of a text is a
**     document token of any text that contains it: "老旧小区改造" finds
**     "老旧小区 改造" and the other way round, and "all query tokens
**     present" is a good, segmentation-independent test.
**   - ICU's dictionary words are context-dependent (the same string can be
**     segmented differently inside a longer sentence), so they are not used
**     as search terms; TEXT_MODE_WORDS exposes them for analysis (themes,
**     clustering) instead.
**
** Every function is thread-safe. OpenCC and ICU are set up once, on first
** use or by text_init(). Functions that can fail return 0 or a negative
** TEXT_E* code; text_error_key() names it for messages.
*/
#ifndef XIESHANG_TEXT_TEXT_H
#define XIESHANG_TEXT_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* Error codes. All are negative; 0 means success. */
#define TEXT_OK 0
#define TEXT_EINVAL (-1)  /* a NULL pointer or an out-of-range argument */
#define TEXT_EUTF8 (-2)   /* the input is not well-formed UTF-8 */
#define TEXT_ETOOBIG (-3) /* the input is longer than its maximum */
#define TEXT_EEMPTY (-4)  /* nothing searchable: empty, spaces, punctuation */
#define TEXT_EINIT (-5)   /* OpenCC or ICU could not be set up */
#define TEXT_EICU (-6)    /* ICU failed while working on the text */
#define TEXT_ESTOP (-7)   /* a token callback asked to stop */

/* Limits. Inputs above them are refused with TEXT_ETOOBIG, never cut. */
#define TEXT_MAX_INPUT (1024 * 1024) /* bytes of a text to normalise */
#define TEXT_MAX_QUERY 4096          /* bytes of a search query */
/* A text yields at most this many tokens; the rest of a longer text is not
** indexed (about 32,000 Chinese characters are indexed in full). */
#define TEXT_MAX_TOKENS 65536
/* A query keeps its first this-many distinct tokens; more only narrow the
** result further, and dropping them keeps a pasted paragraph usable. */
#define TEXT_QUERY_MAX_TOKENS 64
/* A longer Latin word is cut (at a character boundary) to this many bytes,
** in documents and queries alike, so that both still agree. */
#define TEXT_TOKEN_MAX_BYTES 64

/*
** Set up OpenCC and ICU now rather than on first use. Safe to call many times
** and from many threads. Returns 0, or TEXT_EINIT when the OpenCC t2s
** configuration (package libopencc-data) or ICU data cannot be loaded; then
** every other function returns TEXT_EINIT too.
*/
int text_init(void);

/*
** Message key for an error code, such as "text.utf8", for the API layer to
** translate. Never NULL.
*/
const char *text_error_key(int code);

/*
** Normalise len bytes of UTF-8 at in (need not be NUL-terminated; may hold
** NUL bytes, which count as spaces). On success *out is a NUL-terminated
** string the caller frees with free(), *out_len its length (out_len may be
** NULL). An empty result (only spaces or punctuation) is a success with
** *out == "". Errors: TEXT_EINVAL, TEXT_EUTF8, TEXT_ETOOBIG (len above
** TEXT_MAX_INPUT), TEXT_EINIT, TEXT_EICU; then *out is NULL.
*/
int text_normalize(const char *in, size_t len, char **out, size_t *out_len);

/* What text_tokenize() produces; see the comment at the top. */
enum text_mode {
  TEXT_MODE_DOCUMENT, /* words, CJK unigrams and bigrams: for indexing */
  TEXT_MODE_QUERY,    /* words, CJK bigrams (unigram if alone): searching */
  TEXT_MODE_WORDS     /* ICU dictionary words: for analysis, not search */
};

enum text_token_kind {
  TEXT_TOKEN_WORD, /* a Latin/digit word, or an ICU word in WORDS mode */
  TEXT_TOKEN_CJK1, /* one Chinese or Japanese character */
  TEXT_TOKEN_CJK2  /* two consecutive characters of a chain */
};

struct text_token {
  const char *text; /* normalised bytes, NOT NUL-terminated */
  size_t len;       /* 1 .. TEXT_TOKEN_MAX_BYTES */
  size_t start;     /* byte offsets in the ORIGINAL input: the token */
  size_t end;       /* came from in[start .. end) */
  enum text_token_kind kind;
  /* 1 when this token shares the position of the previous one (a document
  ** bigram follows the unigram of its first character). In document and
  ** words mode, tokens that are not colocated have non-overlapping,
  ** non-decreasing offsets; query-mode bigrams overlap (their starts never
  ** decrease). */
  int colocated;
};

/*
** Called once per token, in text order. Return 0 to go on, anything else to
** stop (text_tokenize() then returns TEXT_ESTOP). tok and its text are valid
** only during the call.
*/
typedef int (*text_token_fn)(void *ctx, const struct text_token *tok);

/*
** Normalise in[0 .. len) and call fn for each token of the given mode, at
** most TEXT_MAX_TOKENS times. Input limits: TEXT_MAX_QUERY bytes in
** TEXT_MODE_QUERY, TEXT_MAX_INPUT otherwise. Returns 0 (also when there is
** no token), TEXT_ESTOP, or an error of text_normalize().
*/
int text_tokenize(const char *in, size_t len, enum text_mode mode,
                  text_token_fn fn, void *ctx);

/*
** A search query, ready for either database. All strings are owned by the
** struct and released by text_query_free().
**   fts5:    an FTS5 MATCH expression, e.g.  "老旧 旧" "旧小 小" "wifi"
**            (for a table created with tokenize='xieshang', detail=full).
**   tsquery: a PostgreSQL tsquery literal, e.g.  '老旧' & '旧小' & 'wifi'
**            to bind as $n::tsquery against array_to_tsvector() documents.
**   tokens:  the distinct query tokens themselves, in order.
** Both expressions mean "every token is present", so both databases return
** the same rows for the same documents.
*/
struct text_query {
  char *fts5;
  char *tsquery;
  char **tokens;
  size_t ntokens;
};

/*
** Build a query from what a user typed (len bytes, any content: quotes,
** operators and parentheses are plain text). Returns 0 and fills *out, or
** TEXT_EEMPTY (nothing searchable: treat as an empty result or a 400),
** TEXT_EUTF8, TEXT_ETOOBIG (above TEXT_MAX_QUERY), TEXT_EINVAL, TEXT_EINIT,
** TEXT_EICU; on error *out is zeroed and needs no free.
*/
int text_query_build(const char *query, size_t len, struct text_query *out);

/* Release what text_query_build() allocated; safe on a zeroed struct. */
void text_query_free(struct text_query *q);

/*
** The PostgreSQL document side: a text[] literal such as {"老","老旧","wifi"}
** of the distinct document tokens of in[0 .. len), to bind as
** array_to_tsvector($n::text[]). Index several columns as
** array_to_tsvector($1::text[]) || array_to_tsvector($2::text[]).
** The literal stays within PostgreSQL's limit of 1 MiB of lexeme bytes per
** tsvector: once the distinct tokens add up to TEXT_PG_LEXEME_BUDGET bytes,
** further new tokens are left out (only a text with tens of thousands of
** distinct words gets there). *out is freed by the caller. Errors as
** text_tokenize().
*/
#define TEXT_PG_LEXEME_BUDGET 1000000
int text_pg_document(const char *in, size_t len, char **out);

/*
** Register the FTS5 tokenizer "xieshang" on db: documents are tokenized as
** TEXT_MODE_DOCUMENT with original offsets (for highlight() and snippet());
** queries must be the fts5 string of text_query_build(). Returns 0, or
** TEXT_EINIT when db has no FTS5 or registration fails.
*/
typedef struct sqlite3 sqlite3;
int text_fts5_register(sqlite3 *db);

/*
** Scope tokens (scope.c): a document's type, state and every ancestor of
** its unit as index terms, space-separated into out (size bytes), to index
** beside its text so that filters are matched inside the full-text index.
** text_scope_filter() gives the tokens a filter requires, one per set
** attribute (NULL or "" for any; unit path "/" for all); a document matches
** the filter exactly when it has every one. Unit paths are "/", or ids of
** digits between slashes ("/1/4/"). Both return 0, TEXT_ETOOBIG when out is
** too small, and the filter TEXT_EINVAL for a malformed unit path (a
** document with one gets no unit token).
*/
#define TEXT_SCOPE_BYTES 1024
int text_scope_document(const char *type, const char *unit_path,
                        const char *state, char *out, size_t size);
int text_scope_filter(const char *type, const char *unit_path,
                      const char *state, char *out, size_t size);

/*
** Near-duplicates. A text's shingles are the overlapping 3-character strings
** of its normalised form with spaces removed (a text of one or two
** characters is one shingle). MinHash keeps, for each of
** TEXT_MINHASH_SIZE seeded hash functions, the least hash over the
** shingles; the share of equal slots in two signatures estimates the Jaccard
** similarity of the shingle sets. LSH cuts the signature into TEXT_LSH_BANDS
** bands of TEXT_LSH_ROWS slots and hashes each band to a key; texts that
** share a key are candidates, to be checked with text_jaccard(). See
** minhash.c for the choice of bands and rows.
*/
#define TEXT_MINHASH_SIZE 128
#define TEXT_LSH_BANDS 21
#define TEXT_LSH_ROWS 6
#define TEXT_MINHASH_BYTES (TEXT_MINHASH_SIZE * 4)

struct text_minhash {
  uint32_t slot[TEXT_MINHASH_SIZE];
};

/*
** Signature of in[0 .. len). Returns 0, TEXT_EEMPTY when the normalised text
** is empty, or an error of text_normalize().
*/
int text_minhash(const char *in, size_t len, struct text_minhash *out);

/* Estimated Jaccard similarity, 0.0 .. 1.0, of two signatures. */
double text_minhash_similarity(const struct text_minhash *a,
                               const struct text_minhash *b);

/*
** The TEXT_LSH_BANDS band keys of a signature, each in 0 .. INT64_MAX so it
** fits a signed 64-bit column. keys[i] belongs to band i; store rows
** (band, key, doc_id) with an index on (band, key) and look candidates up by
** both. The band index is also mixed into the key.
*/
void text_lsh_keys(const struct text_minhash *m, int64_t keys[TEXT_LSH_BANDS]);

/* Portable (little-endian) form of a signature for a BLOB column, and back. */
void text_minhash_encode(const struct text_minhash *m,
                         unsigned char out[TEXT_MINHASH_BYTES]);
void text_minhash_decode(const unsigned char in[TEXT_MINHASH_BYTES],
                         struct text_minhash *m);

/*
** Exact Jaccard similarity of the shingle sets of two texts, into *out.
** Returns 0, TEXT_EEMPTY when both texts normalise to nothing (one empty
** text against another gives 0.0), or an error of text_normalize().
*/
int text_jaccard(const char *a, size_t alen, const char *b, size_t blen,
                 double *out);

#endif
