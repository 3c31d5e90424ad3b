/*
** Screening insight: near-duplicate clusters and hot themes; see insight.h.
*/
#include "domain/insight.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "domain/unit.h"
#include "text/search.h"
#include "text/text.h"

/* Words that say nothing about a theme: particles, pronouns, and the verbs
   and nouns every request uses. */
static const char *const stop_words[] = {
    "一个", "一些", "一直", "不是", "不能", "主要", "今年", "以及", "他们",
    "但是", "你们", "关于", "其他", "具体", "出现", "刚刚", "去年", "反映",
    "可以", "可能", "各位", "同时", "呼吁", "因为", "因此", "地方", "大家",
    "如果", "存在", "尽快", "希望", "带来", "并且", "影响", "得到", "怎么",
    "情况", "我们", "所以", "时候", "是否", "有关", "有些", "没有", "然后",
    "现在", "目前", "相关", "经常", "能否", "能够", "自己", "虽然", "要求",
    "解决", "认为", "许多", "这个", "这些", "这样", "进行", "那个", "那些",
    "部分", "问题", "需要", "非常", "领导", "建议", "居民", "群众", "村民",
    "附近", "已经", "应该", "而且", "或者", "还是", "比较", "社区", "村里",
    "街道", "协商", "困难", "严重", "部门", "多次", "每天", "一下", "不够",
    "不足", "一年", "很多", "居住",
};

/* 1 if word is on the stop list (a short list: a plain scan). */
static int stop_word(const char *word) {
  for (size_t i = 0; i < sizeof stop_words / sizeof stop_words[0]; i++)
    if (strcmp(stop_words[i], word) == 0) return 1;
  return 0;
}

int insight_term_useful(const char *word, size_t len) {
  char buf[TEXT_TOKEN_MAX_BYTES + 1];
  size_t chars = 0;
  int digits_only = 1;
  if (len == 0 || len > TEXT_TOKEN_MAX_BYTES) return 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char ch = (unsigned char)word[i];
    if ((ch & 0xC0) != 0x80) chars++;
    if (ch < '0' || ch > '9') digits_only = 0;
  }
  if (chars < 2 || digits_only) return 0;
  memcpy(buf, word, len);
  buf[len] = '\0';
  return !stop_word(buf);
}

/* title + "\n" + body, as the index compares them, in a. */
static char *joined(struct arena *a, const char *title, const char *body) {
  return arena_printf(a, "%s\n%s", title, body);
}

/* ---- Clusters ------------------------------------------------------- */

struct candidate {
  int64_t id;
  char *text;
  size_t parent;     /* union-find */
  double similarity; /* best pair joined at this root */
};

struct id_index {
  int64_t id;
  size_t index;
};

static int compare_id_index(const void *a, const void *b) {
  int64_t x = ((const struct id_index *)a)->id;
  int64_t y = ((const struct id_index *)b)->id;
  return (x > y) - (x < y);
}

static size_t uf_find(struct candidate *cs, size_t i) {
  while (cs[i].parent != i) {
    cs[i].parent = cs[cs[i].parent].parent;
    i = cs[i].parent;
  }
  return i;
}

static void uf_join(struct candidate *cs, size_t i, size_t j, double score) {
  size_t a = uf_find(cs, i), b = uf_find(cs, j);
  double best = score;
  if (cs[a].similarity > best) best = cs[a].similarity;
  if (cs[b].similarity > best) best = cs[b].similarity;
  if (a != b) cs[b].parent = a;
  cs[a].similarity = best;
}

/* The topics awaiting screening, newest first, into *out. */
static int cluster_candidates(struct store_conn *c, struct arena *a,
                              const char *pattern, int64_t from, int64_t to,
                              struct candidate **out, size_t *n,
                              struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_INSIGHT_SCREENABLE_TOPICS, e);
  if (st == NULL) return -1;
  store_bind_text(st, 1, pattern);
  store_bind_int(st, 2, from);
  store_bind_int(st, 3, to);
  store_bind_int(st, 4, INSIGHT_TOPICS_MAX);
  struct candidate *cs = arena_alloc(a, INSIGHT_TOPICS_MAX * sizeof *cs);
  size_t k = 0;
  int rc;
  for (rc = store_step(st, e); rc == STORE_ROW && k < INSIGHT_TOPICS_MAX;
       rc = store_step(st, e)) {
    cs[k].id = store_col_int(st, 0);
    cs[k].text = joined(a, store_col_text(st, 1), store_col_text(st, 2));
    cs[k].parent = k;
    cs[k].similarity = 0;
    k++;
  }
  store_finish(st);
  if (rc < 0) return -1;
  *out = cs;
  *n = k;
  return 0;
}

/* Ask the index for each candidate's neighbours; join those that are
   candidates too. */
static int cluster_join(struct store_conn *c, struct arena *a,
                        const char *root_path, struct candidate *cs, size_t n,
                        struct err *e) {
  struct id_index *by_id = arena_alloc(a, (n ? n : 1) * sizeof *by_id);
  for (size_t i = 0; i < n; i++) by_id[i] = (struct id_index){cs[i].id, i};
  qsort(by_id, n, sizeof *by_id, compare_id_index);
  for (size_t i = 0; i < n; i++) {
    struct search_similar *hits = NULL;
    size_t nhits = 0;
    struct err ignored = {0};
    if (search_similar(c, a, cs[i].text, "topic", root_path,
                       INSIGHT_CLUSTER_MIN, 20, &hits, &nhits, &ignored) != 0) {
      /* A text with nothing to compare joins nothing; store errors stop. */
      if (ignored.kind == ERR_SEARCH_EMPTY) continue;
      *e = ignored;
      return -1;
    }
    for (size_t h = 0; h < nhits; h++) {
      struct id_index key = {hits[h].doc_id, 0};
      struct id_index *found =
          bsearch(&key, by_id, n, sizeof *by_id, compare_id_index);
      if (found && found->index != i)
        uf_join(cs, i, found->index, hits[h].score);
    }
  }
  return 0;
}

static int compare_clusters(const void *a, const void *b) {
  const struct insight_cluster *x = a, *y = b;
  if (x->n != y->n) return x->n < y->n ? 1 : -1;
  if (x->similarity != y->similarity)
    return x->similarity < y->similarity ? 1 : -1;
  return (x->topic_ids[0] < y->topic_ids[0]) -
         (x->topic_ids[0] > y->topic_ids[0]);
}

int insight_clusters(struct store_conn *c, struct arena *a,
                     const char *root_path, int64_t from, int64_t to,
                     struct insight_cluster **out, size_t *count,
                     struct err *e) {
  char pattern[UNIT_PATH_MAX + 1];
  struct candidate *cs = NULL;
  size_t n = 0;
  *out = NULL;
  *count = 0;
  unit_subtree_pattern(root_path, pattern);
  if (cluster_candidates(c, a, pattern, from, to, &cs, &n, e) != 0 ||
      cluster_join(c, a, root_path, cs, n, e) != 0)
    return -1;
  /* size[r]: members of the cluster rooted at r; slot[r]: its place. */
  size_t *size = arena_alloc(a, (n ? n : 1) * sizeof *size);
  size_t *slot = arena_alloc(a, (n ? n : 1) * sizeof *slot);
  memset(size, 0, (n ? n : 1) * sizeof *size);
  for (size_t i = 0; i < n; i++) size[uf_find(cs, i)]++;
  struct insight_cluster *clusters =
      arena_alloc(a, (n ? n : 1) * sizeof *clusters);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (cs[i].parent != i || size[i] < 2) continue;
    slot[i] = k;
    clusters[k].topic_ids = arena_alloc(a, size[i] * sizeof(int64_t));
    clusters[k].n = 0;
    clusters[k].similarity = cs[i].similarity;
    k++;
  }
  for (size_t i = 0; i < n; i++) {
    size_t r = uf_find(cs, i);
    if (size[r] < 2) continue;
    struct insight_cluster *cl = &clusters[slot[r]];
    cl->topic_ids[cl->n++] = cs[i].id;
  }
  qsort(clusters, k, sizeof *clusters, compare_clusters);
  *out = clusters;
  *count = k;
  return 0;
}

/* ---- Themes --------------------------------------------------------- */

/* One topic's distinct useful words, collected by the token callback. */
struct topic_words {
  json_t *seen; /* term -> true, for this topic */
};

static int collect_word(void *ctx, const struct text_token *tok) {
  struct topic_words *w = ctx;
  char buf[TEXT_TOKEN_MAX_BYTES + 1];
  if (!insight_term_useful(tok->text, tok->len)) return 0;
  memcpy(buf, tok->text, tok->len);
  buf[tok->len] = '\0';
  json_object_set_new(w->seen, buf, json_true());
  return 0;
}

static int compare_themes(const void *a, const void *b) {
  const struct insight_theme *x = a, *y = b;
  int64_t wx = x->topics + x->supports, wy = y->topics + y->supports;
  if (wx != wy) return wx < wy ? 1 : -1;
  if (x->topics != y->topics) return x->topics < y->topics ? 1 : -1;
  return strcmp(x->term, y->term);
}

/* Add one topic's words to the totals: totals maps term -> [topics,
   supports]. */
static void themes_add(json_t *totals, const char *title, const char *body,
                       int64_t supports, struct arena *a) {
  struct topic_words w = {json_object()};
  const char *text = joined(a, title, body);
  /* A topic that cannot be segmented simply adds nothing. */
  (void)text_tokenize(text, strlen(text), TEXT_MODE_WORDS, collect_word, &w);
  const char *term;
  json_t *v;
  json_object_foreach(w.seen, term, v) {
    json_t *t = json_object_get(totals, term);
    if (t == NULL) {
      t = json_pack("[I,I]", (json_int_t)0, (json_int_t)0);
      json_object_set_new(totals, term, t);
    }
    json_array_set_new(
        t, 0, json_integer(json_integer_value(json_array_get(t, 0)) + 1));
    json_array_set_new(
        t, 1,
        json_integer(json_integer_value(json_array_get(t, 1)) + supports));
  }
  json_decref(w.seen);
}

int insight_themes(struct store_conn *c, struct arena *a, const char *root_path,
                   int64_t from, int64_t to, int limit,
                   struct insight_theme **out, size_t *count, struct err *e) {
  char pattern[UNIT_PATH_MAX + 1];
  *out = NULL;
  *count = 0;
  unit_subtree_pattern(root_path, pattern);
  struct store_stmt *st = store_prepare(c, Q_INSIGHT_THEME_TOPICS, e);
  if (st == NULL) return -1;
  store_bind_text(st, 1, pattern);
  store_bind_int(st, 2, from);
  store_bind_int(st, 3, to);
  store_bind_int(st, 4, INSIGHT_TOPICS_MAX);
  json_t *totals = json_object();
  int rc;
  for (rc = store_step(st, e); rc == STORE_ROW; rc = store_step(st, e))
    themes_add(totals, store_col_text(st, 0), store_col_text(st, 1),
               store_col_int(st, 2), a);
  store_finish(st);
  if (rc < 0) {
    json_decref(totals);
    return -1;
  }
  size_t n = json_object_size(totals), k = 0;
  struct insight_theme *themes = arena_alloc(a, (n ? n : 1) * sizeof *themes);
  const char *term;
  json_t *v;
  json_object_foreach(totals, term, v) {
    themes[k].term = arena_strdup(a, term);
    themes[k].topics = json_integer_value(json_array_get(v, 0));
    themes[k].supports = json_integer_value(json_array_get(v, 1));
    k++;
  }
  json_decref(totals);
  qsort(themes, k, sizeof *themes, compare_themes);
  *out = themes;
  *count = k < (size_t)limit ? k : (size_t)limit;
  return 0;
}
