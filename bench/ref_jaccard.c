/*
** The reference for bench_text's near-duplicate quality figures: exact
** Jaccard similarity of every pair of texts, computed the straightforward
** way, so that the LSH look-up can be judged against the truth.
**
** Input: a file of texts, one per line, "title<TAB>body". Each text is
** compared as search.c compares it: title + "\n" + body, normalised with
** text_normalize(), spaces removed, cut into overlapping 3-code-point
** shingles (each packed exactly into 63 bits, as minhash.c does).
**
** Every pair is compared by merging the two sorted shingle sets. The only
** shortcut is the size filter, which is exact: J(A, B) <= min/max of the
** set sizes, so a pair whose sizes differ by more than that ratio can never
** reach the threshold; and a merge stops once the shingles left cannot lift
** the pair to the threshold (both are exact bounds, so no pair at or above
** it is lost). No hashing, no sampling, no approximation.
**
** Output on standard output: one line "pair I J JACCARD" for each pair
** (I < J, line numbers from 0) with Jaccard >= THRESHOLD, then
** "seconds S" (the time spent comparing, after reading and shingling) and
** "compared N" (pairs whose shingles were merged).
**
** Usage: ref_jaccard FILE THRESHOLD
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "text/text.h"

struct ref_text {
  uint64_t *shingle; /* sorted, distinct */
  size_t n;
  size_t line;       /* position in the input file */
};

/* Monotonic clock in seconds. */
static double ref_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int ref_u64_cmp(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

/* Decode the UTF-8 of a normalised text into code points, spaces left
   out. Returns the number of code points written to cp (room for len). */
static size_t ref_decode(const char *s, size_t len, uint64_t *cp) {
  size_t n = 0, i = 0;
  while (i < len) {
    unsigned char c = (unsigned char)s[i];
    uint64_t v;
    size_t extra;
    if (c < 0x80) {
      v = c;
      extra = 0;
    } else if (c < 0xE0) {
      v = c & 0x1F;
      extra = 1;
    } else if (c < 0xF0) {
      v = c & 0x0F;
      extra = 2;
    } else {
      v = c & 0x07;
      extra = 3;
    }
    i++;
    for (size_t k = 0; k < extra && i < len; k++, i++)
      v = (v << 6) | ((unsigned char)s[i] & 0x3F);
    if (v != ' ') cp[n++] = v;
  }
  return n;
}

/* Shingle one text; returns 0, or a TEXT_E* code from text_normalize(). */
static int ref_shingle(const char *text, size_t len, struct ref_text *t) {
  char *norm = NULL;
  size_t nlen = 0;
  int rc = text_normalize(text, len, &norm, &nlen);
  if (rc != 0) return rc;
  uint64_t *cp = malloc((nlen + 1) * sizeof *cp);
  t->shingle = malloc((nlen + 1) * sizeof *t->shingle);
  if (cp == NULL || t->shingle == NULL) abort();
  size_t n = ref_decode(norm, nlen, cp);
  free(norm);
  t->n = 0;
  if (n > 0 && n < 3) {
    t->shingle[0] = (cp[0] << 42) | (n == 2 ? cp[1] << 21 : 0) | 0x1FFFFF;
    t->n = 1;
  }
  for (size_t k = 0; n >= 3 && k + 2 < n; k++)
    t->shingle[t->n++] = (cp[k] << 42) | (cp[k + 1] << 21) | cp[k + 2];
  free(cp);
  qsort(t->shingle, t->n, sizeof *t->shingle, ref_u64_cmp);
  size_t d = t->n > 0 ? 1 : 0;
  for (size_t k = 1; k < t->n; k++)
    if (t->shingle[k] != t->shingle[d - 1]) t->shingle[d++] = t->shingle[k];
  t->n = d;
  return 0;
}

/* Exact Jaccard of two sorted, distinct sets, or 0.0 as soon as it is
   certain to stay below threshold: J >= t needs common >= t/(1+t) of the
   two sizes added, and common can grow by at most what is left of the
   shorter remainder. */
static double ref_jaccard(const struct ref_text *a, const struct ref_text *b,
                          double threshold) {
  size_t i = 0, j = 0, common = 0;
  double need = threshold / (1.0 + threshold) * (double)(a->n + b->n);
  if (a->n == 0 && b->n == 0) return 0.0;
  while (i < a->n && j < b->n) {
    size_t left = a->n - i < b->n - j ? a->n - i : b->n - j;
    if ((double)(common + left) < need) return 0.0;
    if (a->shingle[i] == b->shingle[j]) {
      common++;
      i++;
      j++;
    } else if (a->shingle[i] < b->shingle[j]) {
      i++;
    } else {
      j++;
    }
  }
  return (double)common / (double)(a->n + b->n - common);
}

static int ref_by_size(const void *x, const void *y) {
  const struct ref_text *a = x, *b = y;
  if (a->n != b->n) return a->n < b->n ? -1 : 1;
  return a->line < b->line ? -1 : a->line > b->line;
}

/* Read and shingle every line of path into *out; returns the count or -1. */
static long ref_read(const char *path, struct ref_text **out) {
  FILE *f = fopen(path, "r");
  if (f == NULL) return -1;
  size_t cap = 1024, n = 0, linecap = 0;
  struct ref_text *t = malloc(cap * sizeof *t);
  char *line = NULL;
  ssize_t len;
  if (t == NULL) abort();
  for (len = getline(&line, &linecap, f); len >= 0;
       len = getline(&line, &linecap, f)) {
    if (len > 0 && line[len - 1] == '\n') line[--len] = '\0';
    char *tab = memchr(line, '\t', (size_t)len);
    if (tab != NULL) *tab = '\n'; /* title + "\n" + body, as search.c */
    if (n == cap) {
      cap *= 2;
      t = realloc(t, cap * sizeof *t);
      if (t == NULL) abort();
    }
    if (ref_shingle(line, (size_t)len, &t[n]) != 0) {
      fprintf(stderr, "ref_jaccard: line %zu cannot be normalised\n", n + 1);
      n = 0;
      break;
    }
    t[n].line = n;
    n++;
  }
  free(line);
  fclose(f);
  *out = t;
  return n > 0 ? (long)n : -1;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: ref_jaccard FILE THRESHOLD\n");
    return 64;
  }
  double threshold = strtod(argv[2], NULL);
  struct ref_text *t = NULL;
  long n = ref_read(argv[1], &t);
  if (n < 0) {
    fprintf(stderr, "ref_jaccard: cannot read %s\n", argv[1]);
    return 66;
  }
  qsort(t, (size_t)n, sizeof *t, ref_by_size);
  double start = ref_now();
  long long compared = 0;
  for (long i = 0; i < n; i++) {
    for (long j = i + 1; j < n; j++) {
      /* Sorted by size: once t[j] is too big for t[i], so are the rest. */
      if ((double)t[i].n < threshold * (double)t[j].n) break;
      compared++;
      double jac = ref_jaccard(&t[i], &t[j], threshold);
      if (jac < threshold) continue;
      size_t a = t[i].line, b = t[j].line;
      printf("pair %zu %zu %.4f\n", a < b ? a : b, a < b ? b : a, jac);
    }
  }
  printf("seconds %.3f\ncompared %lld\n", ref_now() - start, compared);
  for (long i = 0; i < n; i++) free(t[i].shingle);
  free(t);
  return 0;
}
