/*
** Near-duplicate detection: MinHash signatures, LSH band keys and exact
** Jaccard similarity over character shingles.
**
** Shingles. The normalised text (so Traditional and Simplified, full-width
** and half-width, upper and lower case already agree) with its spaces
** removed, cut into overlapping 3-code-point pieces. Spaces are dropped so
** that "老旧小区 改造" and "老旧小区改造" are the same; Chinese has no
** spaces to lose. A shingle is packed exactly into 63 bits (three 21-bit
** code points), so distinct shingles never collide before hashing.
**
** MinHash. TEXT_MINHASH_SIZE hash functions h_i(x) = mix(x XOR seed_i),
** with mix the SplitMix64 finaliser (full avalanche) and seeds drawn from a
** SplitMix64 sequence started at a fixed constant, so signatures are the
** same on every machine and can be stored. Slot i keeps the high 32 bits of
** min h_i over the shingles. For two sets A and B, P(slot equal) equals the
** Jaccard similarity J = |A n B| / |A u B| (up to 2^-32 collisions), so the
** share of equal slots estimates J with standard error sqrt(J(1-J)/128),
** at most 0.044.
**
** LSH. With b bands of r slots, two texts share at least one band key with
** probability
**     P(J) = 1 - (1 - J^r)^b.
** The target is P(0.8) >= 0.99, with as few dissimilar candidates as
** possible, using at most 128 slots:
**     b x r    P(0.3)   P(0.5)   P(0.7)   P(0.8)     threshold (1/b)^(1/r)
**     32 x 4   0.229    0.873    0.9998   0.99999995 0.42
**     25 x 5   0.059    0.548    0.990    0.99995    0.53
**     21 x 6   0.015    0.282    0.928    0.9983     0.60
**     18 x 7   0.004    0.132    0.787    0.9855     0.66   (misses target)
** 21 x 6 is the narrowest choice that meets the target: a pair at J = 0.8 is
** missed with probability (1 - 0.8^6)^21 = 0.0017, while pairs at J = 0.5
** become candidates 28% of the time instead of 87% with 32 x 4, so far fewer
** candidates need text_jaccard() to verify. Slots 126 and 127 are not in any
** band; they still count in text_minhash_similarity().
*/
#include "text/text.h"
#include "text/text_int.h"
#include "util/mem.h"

#include <stdlib.h>
#include <string.h>

#define MINHASH_SEED_START 0x786965736861ULL /* "xiesha" */

struct shingles {
  uint64_t *v;
  size_t n;
};

/* SplitMix64 finaliser: a bijection of 64-bit words with full avalanche. */
static uint64_t minhash_mix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

/* Seed i of the hash family: the i-th output of SplitMix64. */
static uint64_t minhash_seed(int i) {
  return minhash_mix(MINHASH_SEED_START +
                     (uint64_t)(i + 1) * 0x9e3779b97f4a7c15ULL);
}

static int shingle_cmp(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a;
  uint64_t y = *(const uint64_t *)b;
  return (x > y) - (x < y);
}

/*
** The sorted, distinct shingles of in[0 .. len) into *sh (freed by the
** caller). An empty normalised text gives an empty set.
*/
static int shingles_build(const char *in, size_t len, struct shingles *sh) {
  struct text_norm norm;
  uint64_t *cp = NULL;
  size_t n = 0;
  size_t k;
  size_t d;
  int rc;

  sh->v = NULL;
  sh->n = 0;
  rc = text_norm_run(in, len, TEXT_MAX_INPUT, &norm);
  if (rc != 0) goto done;
  cp = xmalloc((norm.ncp + 1) * sizeof *cp);
  for (k = 0; k < norm.ncp; k++) {
    if (norm.cp[k] != ' ') cp[n++] = (uint64_t)norm.cp[k];
  }
  if (n == 0) goto done;
  if (n < 3) {
    sh->v = xmalloc(sizeof *sh->v);
    sh->v[0] = (cp[0] << 42) | (n == 2 ? cp[1] << 21 : 0) | 0x1FFFFF;
    sh->n = 1;
    goto done;
  }
  sh->v = xmalloc((n - 2) * sizeof *sh->v);
  for (k = 0; k + 2 < n; k++) {
    sh->v[k] = (cp[k] << 42) | (cp[k + 1] << 21) | cp[k + 2];
  }
  qsort(sh->v, n - 2, sizeof *sh->v, shingle_cmp);
  for (k = 1, d = 1; k < n - 2; k++) {
    if (sh->v[k] != sh->v[d - 1]) sh->v[d++] = sh->v[k];
  }
  sh->n = d;
done:
  free(cp);
  text_norm_free(&norm);
  return rc;
}

int text_minhash(const char *in, size_t len, struct text_minhash *out) {
  struct shingles sh;
  uint64_t seed[TEXT_MINHASH_SIZE];
  size_t k;
  int i;
  int rc;

  if (out == NULL) return TEXT_EINVAL;
  for (i = 0; i < TEXT_MINHASH_SIZE; i++) {
    out->slot[i] = UINT32_MAX;
    seed[i] = minhash_seed(i);
  }
  rc = shingles_build(in, len, &sh);
  if (rc == 0 && sh.n == 0) rc = TEXT_EEMPTY;
  if (rc != 0) goto done;
  for (k = 0; k < sh.n; k++) {
    for (i = 0; i < TEXT_MINHASH_SIZE; i++) {
      uint32_t h = (uint32_t)(minhash_mix(sh.v[k] ^ seed[i]) >> 32);
      if (h < out->slot[i]) out->slot[i] = h;
    }
  }
done:
  free(sh.v);
  return rc;
}

double text_minhash_similarity(const struct text_minhash *a,
                               const struct text_minhash *b) {
  int same = 0;
  int i;

  if (a == NULL || b == NULL) return 0.0;
  for (i = 0; i < TEXT_MINHASH_SIZE; i++) same += a->slot[i] == b->slot[i];
  return (double)same / TEXT_MINHASH_SIZE;
}

void text_lsh_keys(const struct text_minhash *m, int64_t keys[TEXT_LSH_BANDS]) {
  int band;
  int row;

  for (band = 0; band < TEXT_LSH_BANDS; band++) {
    uint64_t h = minhash_mix(0x6c7368ULL + (uint64_t)band); /* "lsh" */
    for (row = 0; row < TEXT_LSH_ROWS; row++) {
      h = minhash_mix(h ^ m->slot[band * TEXT_LSH_ROWS + row]) +
          0x9e3779b97f4a7c15ULL;
    }
    keys[band] = (int64_t)(h & (uint64_t)INT64_MAX);
  }
}

void text_minhash_encode(const struct text_minhash *m,
                         unsigned char out[TEXT_MINHASH_BYTES]) {
  int i;

  for (i = 0; i < TEXT_MINHASH_SIZE; i++) {
    out[4 * i] = (unsigned char)(m->slot[i] & 0xFF);
    out[4 * i + 1] = (unsigned char)((m->slot[i] >> 8) & 0xFF);
    out[4 * i + 2] = (unsigned char)((m->slot[i] >> 16) & 0xFF);
    out[4 * i + 3] = (unsigned char)((m->slot[i] >> 24) & 0xFF);
  }
}

void text_minhash_decode(const unsigned char in[TEXT_MINHASH_BYTES],
                         struct text_minhash *m) {
  int i;

  for (i = 0; i < TEXT_MINHASH_SIZE; i++) {
    m->slot[i] = (uint32_t)in[4 * i] | (uint32_t)in[4 * i + 1] << 8 |
                 (uint32_t)in[4 * i + 2] << 16 | (uint32_t)in[4 * i + 3] << 24;
  }
}

int text_jaccard(const char *a, size_t alen, const char *b, size_t blen,
                 double *out) {
  struct shingles x = {NULL, 0};
  struct shingles y = {NULL, 0};
  size_t i = 0, j = 0, both = 0;
  int rc;

  if (out == NULL) return TEXT_EINVAL;
  *out = 0.0;
  rc = shingles_build(a, alen, &x);
  if (rc != 0) goto done;
  rc = shingles_build(b, blen, &y);
  if (rc != 0) goto done;
  if (x.n == 0 && y.n == 0) {
    rc = TEXT_EEMPTY;
    goto done;
  }
  while (i < x.n && j < y.n) {
    if (x.v[i] == y.v[j]) {
      both++;
      i++;
      j++;
    } else if (x.v[i] < y.v[j]) {
      i++;
    } else {
      j++;
    }
  }
  *out = (double)both / (double)(x.n + y.n - both);
done:
  free(x.v);
  free(y.v);
  return rc;
}
