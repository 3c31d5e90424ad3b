/*
** Tokenizer: the search terms of a text, with their original offsets.
**
** The text is normalised (normalize.c), then ICU's dictionary-based word
** break iterator (locale "zh") cuts it into segments and tells what each is:
** a number or a Latin-script word, a run of kana, an ideographic word, or
** something else (spaces). Latin words and numbers become whole tokens.
** Ideographic and kana segments are joined into a chain of characters, and
** the chain yields unigrams and bigrams as text.h describes. In a document
** only a word or a number breaks a chain: spaces and punctuation do not, so
** "老旧小区 改造" also has the bigram 区改 and is found by the query
** "老旧小区改造". In a query a space breaks the chain too, so that
** "改造 居民" asks for two keywords anywhere, not for 造居. In
** TEXT_MODE_WORDS the ICU segments are passed on as they are.
**
** In document mode each character's unigram opens a new position and the
** bigram starting there is colocated with it. So a bigram "xy" at position p
** is always followed by the unigram "y" at p+1, which lets the FTS5 query
** side (fts5.c) match a bigram as the two-token phrase "xy y" and highlight
** both characters. The token cap keeps that true: a bigram is only written
** when the next unigram still fits under TEXT_MAX_TOKENS.
**
** Each thread keeps one ICU break iterator (opening one loads the CJK
** dictionary state; reusing it is much cheaper). It is closed when the
** thread exits.
*/
#include "text/text.h"
#include "text/text_int.h"
#include "util/mem.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/utf16.h>

struct tok_state {
  const struct text_norm *norm;
  enum text_mode mode;
  text_token_fn fn;
  void *ctx;
  size_t count;  /* tokens written so far */
  int full;      /* the token cap was reached: write nothing more */
  size_t *chain; /* code point indexes of the current CJK chain */
  size_t nchain;
  char pair[16]; /* bytes of a bigram */
};

static const UChar tok_empty[1] = {0};
static pthread_once_t tok_once = PTHREAD_ONCE_INIT;
static pthread_key_t tok_key;
static int tok_key_ok;

static void tok_close_iterator(void *bi) { ubrk_close(bi); }

static void tok_setup(void) {
  if (pthread_key_create(&tok_key, tok_close_iterator) == 0) tok_key_ok = 1;
}

/* This thread's word break iterator, or NULL when ICU cannot open one. */
static UBreakIterator *tok_iterator(void) {
  UErrorCode status = U_ZERO_ERROR;
  UBreakIterator *bi;

  if (pthread_once(&tok_once, tok_setup) != 0 || !tok_key_ok) return NULL;
  bi = pthread_getspecific(tok_key);
  if (bi != NULL) return bi;
  bi = ubrk_open(UBRK_WORD, "zh", NULL, 0, &status);
  if (U_FAILURE(status)) return NULL;
  if (pthread_setspecific(tok_key, bi) != 0) {
    ubrk_close(bi);
    return NULL;
  }
  return bi;
}

/* Pass one token to the callback. Returns 0 or TEXT_ESTOP. */
static int tok_emit(struct tok_state *st, const char *text, size_t len,
                    size_t first, size_t last, enum text_token_kind kind,
                    int colocated) {
  struct text_token tok;

  tok.text = text;
  tok.len = len;
  tok.start = st->norm->orig_start[first];
  tok.end = st->norm->orig_end[last];
  tok.kind = kind;
  tok.colocated = colocated;
  st->count++;
  if (st->count >= TEXT_MAX_TOKENS) st->full = 1;
  return st->fn(st->ctx, &tok) != 0 ? TEXT_ESTOP : 0;
}

/* The normalised text of code points [from, to), cut to the token limit. */
static int tok_emit_span(struct tok_state *st, size_t from, size_t to,
                         enum text_token_kind kind) {
  const struct text_norm *n = st->norm;
  size_t end = to;

  while (n->byte[end] - n->byte[from] > TEXT_TOKEN_MAX_BYTES) end--;
  return tok_emit(st, n->text + n->byte[from], n->byte[end] - n->byte[from],
                  from, to - 1, kind, 0);
}

static int tok_emit_unigram(struct tok_state *st, size_t i) {
  return tok_emit_span(st, i, i + 1, TEXT_TOKEN_CJK1);
}

/* Characters i and j of the chain as one token (they need not be adjacent
** in the normalised text: a space may lie between them). */
static int tok_emit_bigram(struct tok_state *st, size_t i, size_t j,
                           int colocated) {
  const struct text_norm *n = st->norm;
  size_t a = n->byte[i + 1] - n->byte[i];
  size_t b = n->byte[j + 1] - n->byte[j];

  memcpy(st->pair, n->text + n->byte[i], a);
  memcpy(st->pair + a, n->text + n->byte[j], b);
  return tok_emit(st, st->pair, a + b, i, j, TEXT_TOKEN_CJK2, colocated);
}

/* Document mode: unigram of each character, bigram colocated with it. */
static int tok_flush_document(struct tok_state *st) {
  size_t k;
  int rc = 0;

  for (k = 0; k < st->nchain && !st->full && rc == 0; k++) {
    size_t room = TEXT_MAX_TOKENS - st->count;
    int has_next = k + 1 < st->nchain;
    rc = tok_emit_unigram(st, st->chain[k]);
    if (rc != 0 || !has_next) continue;
    if (room < 3) {
      st->full = 1; /* the next unigram would not fit after the bigram */
      continue;
    }
    rc = tok_emit_bigram(st, st->chain[k], st->chain[k + 1], 1);
  }
  return rc;
}

/* Query mode: the bigrams of the chain, or its only character. */
static int tok_flush_query(struct tok_state *st) {
  size_t k;
  int rc = 0;

  if (st->nchain == 1) return tok_emit_unigram(st, st->chain[0]);
  for (k = 0; k + 1 < st->nchain && !st->full && rc == 0; k++) {
    rc = tok_emit_bigram(st, st->chain[k], st->chain[k + 1], 0);
  }
  return rc;
}

/* Write the tokens of the current chain and start a new one. */
static int tok_flush(struct tok_state *st) {
  int rc = 0;

  if (st->nchain > 0 && !st->full) {
    if (st->mode == TEXT_MODE_QUERY) {
      rc = tok_flush_query(st);
    } else {
      rc = tok_flush_document(st);
    }
  }
  st->nchain = 0;
  return rc;
}

static int tok_all_spaces(const struct text_norm *n, size_t from, size_t to) {
  size_t k;

  for (k = from; k < to; k++) {
    if (n->cp[k] != ' ') return 0;
  }
  return 1;
}

/* Handle one ICU segment, code points [from, to) with rule status status. */
static int tok_segment(struct tok_state *st, size_t from, size_t to,
                       int32_t status) {
  int cjk = status >= UBRK_WORD_KANA && status < UBRK_WORD_IDEO_LIMIT;
  int word = status >= UBRK_WORD_NUMBER && status < UBRK_WORD_LETTER_LIMIT;
  size_t k;
  int rc;

  if (st->mode == TEXT_MODE_WORDS) {
    if (!cjk && !word) return 0;
    return tok_emit_span(st, from, to, TEXT_TOKEN_WORD);
  }
  if (cjk) {
    for (k = from; k < to; k++) st->chain[st->nchain++] = k;
    return 0;
  }
  if (!word && st->mode != TEXT_MODE_QUERY &&
      tok_all_spaces(st->norm, from, to))
    return 0; /* a document chain goes on across spaces */
  rc = tok_flush(st);
  if (rc != 0 || !word || st->full) return rc;
  return tok_emit_span(st, from, to, TEXT_TOKEN_WORD);
}

/* Run the word break iterator over the normalised text. */
static int tok_run(struct tok_state *st, UBreakIterator *bi) {
  const struct text_norm *n = st->norm;
  UErrorCode status = U_ZERO_ERROR;
  UChar *u16 = xmalloc((2 * n->ncp + 1) * sizeof *u16);
  size_t *at = xmalloc((2 * n->ncp + 1) * sizeof *at);
  int32_t len = 0;
  int32_t a;
  int32_t b;
  size_t k;
  int rc = 0;

  for (k = 0; k < n->ncp; k++) {
    int32_t before = len;
    U16_APPEND_UNSAFE(u16, len, n->cp[k]);
    while (before < len) at[before++] = k;
  }
  at[len] = n->ncp;
  ubrk_setText(bi, u16, len, &status);
  if (U_FAILURE(status)) {
    rc = TEXT_EICU;
    goto done;
  }
  a = ubrk_first(bi);
  for (b = ubrk_next(bi); b != UBRK_DONE && rc == 0 && !st->full;
       b = ubrk_next(bi)) {
    rc = tok_segment(st, at[a], at[b], ubrk_getRuleStatus(bi));
    a = b;
  }
  if (rc == 0) rc = tok_flush(st);
done:
  status = U_ZERO_ERROR;
  ubrk_setText(bi, tok_empty, 0, &status); /* forget the buffer freed below */
  free(u16);
  free(at);
  return rc;
}

int text_tokenize(const char *in, size_t len, enum text_mode mode,
                  text_token_fn fn, void *ctx) {
  struct text_norm norm;
  struct tok_state st;
  UBreakIterator *bi;
  size_t max = mode == TEXT_MODE_QUERY ? TEXT_MAX_QUERY : TEXT_MAX_INPUT;
  int rc;

  memset(&norm, 0, sizeof norm);
  memset(&st, 0, sizeof st);
  if (fn == NULL || (mode != TEXT_MODE_DOCUMENT && mode != TEXT_MODE_QUERY &&
                     mode != TEXT_MODE_WORDS)) {
    rc = TEXT_EINVAL;
    goto done;
  }
  rc = text_norm_run(in, len, max, &norm);
  if (rc != 0 || norm.ncp == 0) goto done;
  bi = tok_iterator();
  if (bi == NULL) {
    rc = TEXT_EINIT;
    goto done;
  }
  st.norm = &norm;
  st.mode = mode;
  st.fn = fn;
  st.ctx = ctx;
  st.chain = xmalloc(norm.ncp * sizeof *st.chain);
  rc = tok_run(&st, bi);
done:
  free(st.chain);
  text_norm_free(&norm);
  return rc;
}
