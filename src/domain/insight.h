/*
** Screening insight: what the office sees across many topics at once.
**
** Clusters: near-duplicate topics awaiting screening (submitted or under
** review) in a subtree and period, so that staff can merge them. Each
** topic asks the search index's near-duplicate look-up (search_similar(),
** MinHash with LSH: a handful of index rows per topic, never a comparison
** of every pair) for its neighbours; pairs at or above the threshold are
** joined with union-find, so a chain a~b~c is one cluster.
**
** Themes: the words residents use most in a period, from the text
** engine's dictionary segmentation (TEXT_MODE_WORDS) of each topic's title
** and body, without single characters, numbers and a stop list of words
** that say nothing about a theme (的, 希望, 问题 ...). A term counts once
** per topic; terms are ranked by topics plus the supports those topics
** gathered.
*/
#ifndef XIESHANG_DOMAIN_INSIGHT_H
#define XIESHANG_DOMAIN_INSIGHT_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"
#include "util/err.h"

/* At most this many topics (the newest) are read for one answer. */
#define INSIGHT_TOPICS_MAX 1000
/* Estimated Jaccard similarity of title and body from which two topics
   are near-duplicates. */
#define INSIGHT_CLUSTER_MIN 0.5

struct insight_cluster {
  int64_t *topic_ids; /* newest first */
  size_t n;           /* at least 2 */
  double similarity;  /* the highest similarity of a pair joined */
};

/* Clusters of near-duplicates among the topics awaiting screening
   submitted in [from, to) under root_path, the largest first. Everything
   lives in a. Returns 0 or -1 with e set. */
int insight_clusters(struct store_conn *c, struct arena *a,
                     const char *root_path, int64_t from, int64_t to,
                     struct insight_cluster **out, size_t *count,
                     struct err *e);

struct insight_theme {
  const char *term;
  int64_t topics;   /* topics using the term */
  int64_t supports; /* the supports of those topics */
};

/* The limit hottest terms of the topics submitted in [from, to) under
   root_path (any state after draft). Everything lives in a. */
int insight_themes(struct store_conn *c, struct arena *a, const char *root_path,
                   int64_t from, int64_t to, int limit,
                   struct insight_theme **out, size_t *count, struct err *e);

/* 1 if the segmented word (normalised, len bytes) can name a theme: two
   characters or more, not only digits, not on the stop list. */
int insight_term_useful(const char *word, size_t len);

#endif
