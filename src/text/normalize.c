/*
** Normalisation: the one place that decides when two texts say the same
** thing in different characters.
**
** A text goes through four stages, each a vector of code points that carry
** the byte range of the original input they came from:
**   1. strict UTF-8 decoding (ICU's U8_NEXT: no overlongs, no surrogates);
**   2. Unicode NFKC_Casefold (ICU), applied one normalisation segment at a
**      time so that each output code point knows its source: this folds
**      full-width to half-width, compatibility characters (㍿, ﬁ, ①) to
**      their plain forms, Latin case, and drops default-ignorable code points
**      such as zero-width spaces; it is NFKC plus u_strFoldCase in one pass;
**   3. OpenCC t2s (Traditional to Simplified, phrase-aware) on each run of
**      Han characters;
**   4. everything that is not a letter, mark or number (punctuation,
**      symbols, spaces, controls, unassigned) becomes a separator; runs of
**      separators become one space; the result is trimmed.
**
** Thread safety. The ICU normaliser is an immutable singleton. The OpenCC
** converter is opened once (pthread_once) and shared without a lock:
** SimpleConverter::Convert() is const, its dictionaries (marisa tries) are
** searched with a fresh per-call agent, upstream has a multithreading test
** for one shared converter, and the maintainer confirmed it is thread-safe
** (OpenCC issue #231). The one unsafe part of OpenCC's C API is the global
** error string written when a conversion fails (and read by opencc_error());
** conversions here cannot fail that way because only validated UTF-8 is
** passed, and opencc_error() is only read inside the once-only setup.
** tests/unit/test_text.c checks concurrent use against serial results.
*/
#include "text/text.h"
#include "text/text_int.h"
#include "util/mem.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <opencc.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

/* Where Debian's libopencc-data puts the configuration, should OpenCC's own
** search path (its compiled-in data directory) not find it. */
#define NORM_OPENCC_FALLBACK "/usr/share/opencc/t2s.json"

/* One code point on its way through the stages, with its original bytes. */
struct norm_char {
  UChar32 c;
  uint32_t start;
  uint32_t end;
};

struct norm_vec {
  struct norm_char *v;
  size_t n;
  size_t cap;
};

/* Scratch buffers for stage 2, reused from segment to segment. */
struct norm_scratch {
  UChar *src;
  int32_t src_cap;
  UChar *dst;
  int32_t dst_cap;
};

static pthread_once_t norm_once = PTHREAD_ONCE_INIT;
static int norm_status = TEXT_EINIT;
static opencc_t norm_opencc;
static const UNormalizer2 *norm_nfkc_cf;

/* Runs once: open the shared ICU normaliser and OpenCC converter. */
static void norm_setup(void) {
  UErrorCode status = U_ZERO_ERROR;
  opencc_t cc;

  norm_nfkc_cf = unorm2_getNFKCCasefoldInstance(&status);
  if (U_FAILURE(status)) return;
  cc = opencc_open(OPENCC_DEFAULT_CONFIG_TRAD_TO_SIMP);
  if (cc == (opencc_t)-1) cc = opencc_open(NORM_OPENCC_FALLBACK);
  if (cc == (opencc_t)-1) return;
  norm_opencc = cc;
  norm_status = 0;
}

int text_norm_ready(void) {
  if (pthread_once(&norm_once, norm_setup) != 0) return TEXT_EINIT;
  return norm_status;
}

int text_init(void) { return text_norm_ready(); }

const char *text_error_key(int code) {
  switch (code) {
  case TEXT_OK: return "text.ok";
  case TEXT_EINVAL: return "text.invalid_argument";
  case TEXT_EUTF8: return "text.invalid_utf8";
  case TEXT_ETOOBIG: return "text.too_long";
  case TEXT_EEMPTY: return "text.empty_query";
  case TEXT_EINIT: return "text.unavailable";
  case TEXT_EICU: return "text.unicode_error";
  case TEXT_ESTOP: return "text.stopped";
  default: return "text.unknown_error";
  }
}

static void vec_reserve(struct norm_vec *vec, size_t want) {
  if (want <= vec->cap) return;
  if (want < vec->cap * 2) want = vec->cap * 2;
  if (want < 16) want = 16;
  vec->v = xrealloc(vec->v, want * sizeof *vec->v);
  vec->cap = want;
}

static void vec_push(struct norm_vec *vec, UChar32 c, uint32_t start,
                     uint32_t end) {
  vec_reserve(vec, vec->n + 1);
  vec->v[vec->n].c = c;
  vec->v[vec->n].start = start;
  vec->v[vec->n].end = end;
  vec->n++;
}

/* Stage 1: strict UTF-8 decoding. Returns 0 or TEXT_EUTF8. */
static int norm_decode(const char *in, size_t len, struct norm_vec *out) {
  const uint8_t *s = (const uint8_t *)in;
  int32_t n = (int32_t)len;
  int32_t i = 0;

  vec_reserve(out, len);
  while (i < n) {
    int32_t at = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) return TEXT_EUTF8;
    vec_push(out, c, (uint32_t)at, (uint32_t)i);
  }
  return 0;
}

/* Make sure a UChar buffer holds want units. */
static void scratch_grow(UChar **buf, int32_t *cap, int32_t want) {
  if (want <= *cap) return;
  if (want < 64) want = 64;
  *buf = xrealloc(*buf, (size_t)want * sizeof **buf);
  *cap = want;
}

/*
** Normalise the segment in->v[from .. to) and append its output, every code
** point with the segment's whole original range. Returns 0 or TEXT_EICU.
*/
static int norm_fold_segment(const struct norm_vec *in, size_t from, size_t to,
                             struct norm_scratch *s, struct norm_vec *out) {
  UErrorCode status = U_ZERO_ERROR;
  uint32_t start = in->v[from].start;
  uint32_t end = in->v[to - 1].end;
  int32_t n = 0;
  int32_t got;
  int32_t i = 0;
  size_t k;

  scratch_grow(&s->src, &s->src_cap, (int32_t)(2 * (to - from)));
  for (k = from; k < to; k++) {
    U16_APPEND_UNSAFE(s->src, n, in->v[k].c);
  }
  scratch_grow(&s->dst, &s->dst_cap, 4 * n + 16);
  got = unorm2_normalize(norm_nfkc_cf, s->src, n, s->dst, s->dst_cap, &status);
  if (status == U_BUFFER_OVERFLOW_ERROR) {
    status = U_ZERO_ERROR;
    scratch_grow(&s->dst, &s->dst_cap, got);
    got =
        unorm2_normalize(norm_nfkc_cf, s->src, n, s->dst, s->dst_cap, &status);
  }
  if (U_FAILURE(status)) return TEXT_EICU;
  while (i < got) {
    UChar32 c;
    U16_NEXT(s->dst, i, got, c);
    vec_push(out, c, start, end);
  }
  return 0;
}

/*
** Stage 2: NFKC_Casefold, one normalisation segment at a time (a segment
** ends before the next code point with a boundary before it, so segments
** normalise independently). ASCII and inert code points pass quickly.
*/
static int norm_fold(const struct norm_vec *in, struct norm_vec *out) {
  struct norm_scratch s = {NULL, 0, NULL, 0};
  size_t i = 0;
  int rc = 0;

  vec_reserve(out, in->n);
  while (i < in->n) {
    UChar32 c = in->v[i].c;
    size_t j = i + 1;
    while (j < in->n && !unorm2_hasBoundaryBefore(norm_nfkc_cf, in->v[j].c))
      j++;
    if (j == i + 1 && c < 0x80) {
      if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
      vec_push(out, c, in->v[i].start, in->v[i].end);
    } else if (j == i + 1 && unorm2_isInert(norm_nfkc_cf, c)) {
      vec_push(out, c, in->v[i].start, in->v[i].end);
    } else {
      rc = norm_fold_segment(in, i, j, &s, out);
      if (rc != 0) goto done;
    }
    i = j;
  }
done:
  free(s.src);
  free(s.dst);
  return rc;
}

static int norm_is_han(UChar32 c) {
  UErrorCode status = U_ZERO_ERROR;
  return uscript_getScript(c, &status) == USCRIPT_HAN;
}

/*
** Convert the Han run in->v[from .. to) with OpenCC and append it. When the
** conversion keeps the number of code points (it always does with the t2s
** data of OpenCC 1.1), each keeps its own original range; otherwise every
** output code point gets the range of the whole run.
*/
static int norm_convert_run(const struct norm_vec *in, size_t from, size_t to,
                            struct norm_vec *out) {
  size_t cap = 4 * (to - from) + 1;
  char *buf = xmalloc(cap);
  char *conv = NULL;
  size_t blen = 0;
  size_t count = 0;
  int32_t i = 0;
  int32_t clen;
  int rc = 0;
  size_t k;

  for (k = from; k < to; k++) {
    U8_APPEND_UNSAFE(buf, blen, in->v[k].c);
  }
  buf[blen] = '\0';
  conv = opencc_convert_utf8(norm_opencc, buf, blen);
  if (conv == NULL) {
    rc = TEXT_EINIT;
    goto done;
  }
  clen = (int32_t)strlen(conv);
  while (i < clen) {
    UChar32 c;
    U8_NEXT(conv, i, clen, c);
    if (c < 0) {
      rc = TEXT_EICU;
      goto done;
    }
    count++;
  }
  i = 0;
  k = from;
  while (i < clen) {
    UChar32 c;
    U8_NEXT(conv, i, clen, c);
    if (count == to - from) {
      vec_push(out, c, in->v[k].start, in->v[k].end);
      k++;
    } else {
      vec_push(out, c, in->v[from].start, in->v[to - 1].end);
    }
  }
done:
  if (conv != NULL) opencc_convert_utf8_free(conv);
  free(buf);
  return rc;
}

/* Stage 3: Traditional to Simplified on every run of Han characters. */
static int norm_simplify(const struct norm_vec *in, struct norm_vec *out) {
  size_t i = 0;

  vec_reserve(out, in->n);
  while (i < in->n) {
    size_t j = i;
    int rc;
    while (j < in->n && norm_is_han(in->v[j].c)) j++;
    if (j == i) {
      vec_push(out, in->v[i].c, in->v[i].start, in->v[i].end);
      i++;
      continue;
    }
    rc = norm_convert_run(in, i, j, out);
    if (rc != 0) return rc;
    i = j;
  }
  return 0;
}

/* Letters, marks and numbers are text; everything else separates words. */
static int norm_is_kept(UChar32 c) {
  return (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_M_MASK | U_GC_N_MASK)) != 0;
}

/* Append one code point to the result, keeping original ranges monotone. */
static void norm_emit(struct text_norm *norm, UChar32 c, uint32_t start,
                      uint32_t end) {
  size_t k = norm->ncp;
  uint32_t prev = k > 0 ? norm->orig_end[k - 1] : 0;

  if (start < prev) start = prev;
  if (end < start) end = start;
  norm->cp[k] = c;
  norm->byte[k] = (uint32_t)norm->len;
  norm->orig_start[k] = start;
  norm->orig_end[k] = end;
  U8_APPEND_UNSAFE(norm->text, norm->len, c);
  norm->ncp++;
}

/* Stage 4: separators to single spaces, trimmed; fill *norm. */
static void norm_finish(const struct norm_vec *v, struct text_norm *norm) {
  size_t n = v->n;
  size_t gap = SIZE_MAX; /* index of the first separator of a pending run */
  size_t i;

  norm->text = xmalloc(4 * n + 1);
  norm->cp = xmalloc((n + 1) * sizeof *norm->cp);
  norm->byte = xmalloc((n + 1) * sizeof *norm->byte);
  norm->orig_start = xmalloc((n + 1) * sizeof *norm->orig_start);
  norm->orig_end = xmalloc((n + 1) * sizeof *norm->orig_end);
  for (i = 0; i < n; i++) {
    const struct norm_char *ch = &v->v[i];
    if (!norm_is_kept(ch->c)) {
      if (norm->ncp > 0 && gap == SIZE_MAX) gap = i;
      continue;
    }
    if (gap != SIZE_MAX) {
      norm_emit(norm, ' ', v->v[gap].start, v->v[gap].end);
      gap = SIZE_MAX;
    }
    norm_emit(norm, ch->c, ch->start, ch->end);
  }
  norm->byte[norm->ncp] = (uint32_t)norm->len;
  norm->text[norm->len] = '\0';
}

int text_norm_run(const char *in, size_t len, size_t max,
                  struct text_norm *norm) {
  struct norm_vec a = {NULL, 0, 0};
  struct norm_vec b = {NULL, 0, 0};
  int rc;

  if (norm == NULL) return TEXT_EINVAL;
  memset(norm, 0, sizeof *norm);
  if (in == NULL && len > 0) return TEXT_EINVAL;
  if (len > max || len > TEXT_MAX_INPUT) return TEXT_ETOOBIG;
  rc = text_norm_ready();
  if (rc != 0) goto done;
  rc = norm_decode(in, len, &a);
  if (rc != 0) goto done;
  rc = norm_fold(&a, &b);
  if (rc != 0) goto done;
  a.n = 0;
  rc = norm_simplify(&b, &a);
  if (rc != 0) goto done;
  norm_finish(&a, norm);
done:
  free(a.v);
  free(b.v);
  return rc;
}

void text_norm_free(struct text_norm *norm) {
  if (norm == NULL) return;
  free(norm->text);
  free(norm->cp);
  free(norm->byte);
  free(norm->orig_start);
  free(norm->orig_end);
  memset(norm, 0, sizeof *norm);
}

int text_normalize(const char *in, size_t len, char **out, size_t *out_len) {
  struct text_norm norm;
  int rc;

  if (out == NULL) return TEXT_EINVAL;
  *out = NULL;
  if (out_len != NULL) *out_len = 0;
  rc = text_norm_run(in, len, TEXT_MAX_INPUT, &norm);
  if (rc != 0) goto done;
  *out = norm.text;
  if (out_len != NULL) *out_len = norm.len;
  norm.text = NULL;
done:
  text_norm_free(&norm);
  return rc;
}
