/*
** Similar topics while a title is typed (GET /api/v1/topics/similar), so
** that a resident can support a topic already raised instead of filing it
** again. Candidates come from the text engine two ways: near-duplicates of
** the text (MinHash), and topics holding each of its first words searched
** alone (a short title is rarely a near-duplicate of a long text, nor holds
** every word of it). Only public topics and those open for supports are
** offered, best first, with a similarity from 0 to 1.
*/
#include <stdlib.h>
#include <string.h>

#include "api/topic_json.h"
#include "text/search.h"
#include "text/text.h"

#define TOPIC_SIMILAR_MAX 5
#define TOPIC_SIMILAR_TEXT_MAX 200
#define TOPIC_SIMILAR_MIN_SCORE 0.1
#define TOPIC_SIMILAR_TOKENS 8 /* words of the typed text searched alone */
#define TOPIC_SIMILAR_CANDIDATES \
  (TOPIC_SIMILAR_MAX * (TOPIC_SIMILAR_TOKENS + 1))

/* Characters (not bytes) of UTF-8 text. */
static size_t utf8_chars(const char *s) {
  size_t n = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    n += (*p & 0xC0) != 0x80;
  return n;
}

/* One candidate of the similar list. */
struct similar_item {
  int64_t id;
  double score;
};

/* Add id to the candidates once (keeping the higher score). */
static void similar_put(struct similar_item *list, size_t *n, size_t cap,
                        int64_t id, double score) {
  for (size_t i = 0; i < *n; i++)
    if (list[i].id == id) {
      if (score > list[i].score) list[i].score = score;
      return;
    }
  if (*n < cap) list[(*n)++] = (struct similar_item){id, score};
}

/* The distinct search tokens of a text (CJK bigrams, words), or none. */
static void similar_tokens(const char *text, struct text_query *q) {
  if (text_query_build(text, strlen(text), q) != 0) memset(q, 0, sizeof *q);
}

/* How alike two token sets are: 2 |a ∩ b| / (|a| + |b|) (Dice). */
static double similar_dice(const struct text_query *a,
                           const struct text_query *b) {
  size_t both = 0;
  if (a->ntokens + b->ntokens == 0) return 0;
  for (size_t i = 0; i < a->ntokens; i++)
    for (size_t j = 0; j < b->ntokens; j++)
      if (strcmp(a->tokens[i], b->tokens[j]) == 0) {
        both++;
        break;
      }
  return 2.0 * (double)both / (double)(a->ntokens + b->ntokens);
}

/* The candidates: near-duplicates of the text (MinHash), and topics that
   hold some of its words (each of the first TOPIC_SIMILAR_TOKENS searched
   alone: a title being typed rarely shares enough with a long text to be a
   near-duplicate, nor holds every word of it). Each candidate's score so
   far: the MinHash estimate, or half the share of the words it holds. */
static int similar_candidates(struct store_conn *c, struct http_request *req,
                              const char *text, const struct text_query *words,
                              const char *root, struct similar_item *list,
                              size_t *n, size_t cap, struct err *e) {
  struct search_similar *sim;
  size_t count;
  struct err quiet = {0};
  *n = 0;
  if (search_similar(c, req->arena, text, "topic", root,
                     TOPIC_SIMILAR_MIN_SCORE, TOPIC_SIMILAR_MAX, &sim, &count,
                     &quiet) != 0) {
    if (quiet.kind == ERR_SEARCH_EMPTY) return 0;
    *e = quiet;
    return -1;
  }
  for (size_t i = 0; i < count; i++)
    similar_put(list, n, cap, sim[i].doc_id, sim[i].score);
  size_t ntok = words->ntokens < TOPIC_SIMILAR_TOKENS ? words->ntokens
                                                      : TOPIC_SIMILAR_TOKENS;
  int held[TOPIC_SIMILAR_CANDIDATES] = {0};
  for (size_t k = 0; k < ntok; k++) {
    struct search_result r;
    struct search_filter f = {"topic", root, NULL, 0, 0, TOPIC_SIMILAR_MAX,
                              0};
    if (search_query(c, req->arena, words->tokens[k], &f, &r, &quiet) != 0) {
      if (quiet.kind == ERR_SEARCH_EMPTY) continue;
      *e = quiet;
      return -1;
    }
    for (size_t i = 0; i < r.nhits; i++) {
      similar_put(list, n, cap, r.hits[i].doc_id, 0);
      for (size_t j = 0; j < *n; j++)
        if (list[j].id == r.hits[i].doc_id) held[j]++;
    }
  }
  for (size_t j = 0; j < *n && ntok > 0; j++) {
    double share = 0.5 * (double)held[j] / (double)ntok;
    if (share > list[j].score) list[j].score = share;
  }
  return 0;
}

static int similar_order(const void *a, const void *b) {
  const struct similar_item *x = a, *y = b;
  if (x->score != y->score) return x->score > y->score ? -1 : 1;
  return x->id < y->id ? 1 : (x->id > y->id ? -1 : 0);
}

/* Similar topics: public ones and those open for supports, best first; the
   similarity is the best of the candidate's score and how alike the typed
   text and the topic's title are. */
static int topic_similar_find(struct store_conn *c, struct http_request *req,
                              const char *text, const char *root,
                              json_t *items, struct err *e) {
  struct similar_item list[TOPIC_SIMILAR_CANDIDATES];
  struct text_query words;
  size_t n = 0, kept = 0;
  struct topic t;
  similar_tokens(text, &words);
  int rc = similar_candidates(c, req, text, &words, root, list, &n,
                              TOPIC_SIMILAR_CANDIDATES, e);
  for (size_t i = 0; rc == 0 && i < n; i++) {
    struct text_query title;
    if (topic_get(c, list[i].id, 0, &t, e) != 0) {
      rc = -1;
      break;
    }
    if (t.state & (TOPIC_PUBLIC_STATES | TOPIC_SCREENABLE_STATES)) {
      similar_tokens(t.title, &title);
      double dice = similar_dice(&words, &title);
      text_query_free(&title);
      if (dice > list[i].score) list[i].score = dice;
      list[kept++] = list[i];
    }
    topic_clear(&t);
  }
  text_query_free(&words);
  if (rc != 0) return -1;
  qsort(list, kept, sizeof list[0], similar_order);
  for (size_t i = 0; i < kept && i < TOPIC_SIMILAR_MAX; i++) {
    if (topic_get(c, list[i].id, topic_viewer(req), &t, e) != 0) return -1;
    json_t *j = topic_json(req, &t);
    json_object_set_new(j, "similarity", json_real(list[i].score));
    json_array_append_new(items, j);
    topic_clear(&t);
  }
  return 0;
}

void api_topics_similar(struct http_request *req, struct http_response *res) {
  struct app *app = req->app;
  struct err e = {0};
  int64_t unit_id = 0;
  struct unit u;
  const char *text = http_query(req, "text");
  const char *root = "/";
  json_t *items = json_array();
  int rc = 0;
  if (text == NULL)
    rc = err_set(&e, ERR_FIELD_REQUIRED, "text");
  else if (utf8_chars(text) > TOPIC_SIMILAR_TEXT_MAX)
    rc = err_set(&e, ERR_FIELD_INVALID, "text");
  else
    rc = api_query_int(req, "unit", 0, 1, INT64_MAX, &unit_id, &e);
  api_roles(req);
  struct store_conn *c = store_acquire(app->store);
  if (rc == 0 && unit_id) {
    rc = unit_get(c, unit_id, &u, &e);
    root = u.path;
  }
  if (rc == 0) rc = topic_similar_find(c, req, text, root, items, &e);
  store_release(c);
  if (rc != 0) {
    json_decref(items);
    http_reply_error(req, res, &e);
    return;
  }
  http_reply_json(res, 200, json_pack("{s:o}", "items", items));
}

