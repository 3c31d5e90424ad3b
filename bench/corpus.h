/*
** The benchmark corpus: a deterministic stream of topic texts (titles and
** bodies) written from a vocabulary of local-governance phrases, with
** near-duplicates planted at known positions so that the truth is known.
**
** Document i is a pure function of (seed, i): any document can be produced
** again without keeping the corpus in memory. About one document in ten is
** a planted variant of an earlier document (at most CORPUS_WINDOW places
** before it): an exact copy, the Traditional form (OpenCC s2t), a rewording
** (a sentence deleted, inserted, swapped or a phrase replaced), or a
** Traditional rewording.
*/
#ifndef XIESHANG_BENCH_CORPUS_H
#define XIESHANG_BENCH_CORPUS_H

#include <stddef.h>
#include <stdint.h>

#define CORPUS_MAX_SENTENCES 10
#define CORPUS_SENTENCE_BYTES 384
#define CORPUS_TITLE_BYTES 384
#define CORPUS_BODY_BYTES (CORPUS_MAX_SENTENCES * CORPUS_SENTENCE_BYTES)
#define CORPUS_WINDOW 2000 /* a variant's original is this close before it */

enum corpus_kind {
  CORPUS_ORIGINAL,    /* written from the vocabulary */
  CORPUS_COPY,        /* an exact copy of an earlier document */
  CORPUS_TRADITIONAL, /* an earlier document in Traditional characters */
  CORPUS_REWORD,      /* an earlier document reworded */
  CORPUS_TRAD_REWORD, /* reworded and in Traditional characters */
  CORPUS_KINDS
};

struct corpus_doc {
  char title[CORPUS_TITLE_BYTES];
  char sentence[CORPUS_MAX_SENTENCES][CORPUS_SENTENCE_BYTES];
  int nsentence;
  char body[CORPUS_BODY_BYTES]; /* the sentences joined; corpus_doc_get() */
  enum corpus_kind kind;
  int64_t origin; /* the document this one derives from; -1 if original */
};

/* Open OpenCC's s2t conversion. Returns 0, or -1 when it is not
   installed (package libopencc-data). */
int corpus_init(void);
void corpus_done(void);

/* Fill d with document i of the corpus for seed. */
void corpus_doc_get(uint64_t seed, int64_t i, struct corpus_doc *d);

/* Reword d once more (a fresh variant nobody indexed), deterministically
   from salt, and rebuild its body. */
void corpus_doc_reword(struct corpus_doc *d, uint64_t salt);

/* Name of a kind, for reports. */
const char *corpus_kind_name(enum corpus_kind k);

#endif
