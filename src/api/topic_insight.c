/*
** Screening insight over HTTP (topic.read at the unit): clusters of
** near-duplicate topics awaiting screening, and the period's hot themes.
** The work is in domain/insight.c.
*/
#include "api/api_internal.h"
#include "api/topic_brief.h"
#include "api/unit_scope.h"
#include "domain/insight.h"

#define THEMES_MAX 50

/* The topic as a cluster lists it. */
static json_t *insight_topic_json(struct store_conn *c, int64_t id,
                                  struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_INSIGHT_TOPIC, e);
  if (st == NULL) return NULL;
  store_bind_int(st, 1, id);
  int rc = store_step(st, e);
  json_t *j = rc == STORE_ROW ? api_topic_brief_json(st) : NULL;
  store_finish(st);
  if (rc == STORE_DONE) err_set(e, ERR_NOT_FOUND, "topic %lld", (long long)id);
  return j;
}

static json_t *clusters_json(struct store_conn *c,
                             const struct insight_cluster *cl, size_t n,
                             struct err *e) {
  json_t *items = json_array();
  for (size_t i = 0; i < n; i++) {
    json_t *topics = json_array();
    for (size_t k = 0; k < cl[i].n; k++) {
      json_t *t = insight_topic_json(c, cl[i].topic_ids[k], e);
      if (t == NULL) {
        json_decref(topics);
        json_decref(items);
        return NULL;
      }
      json_array_append_new(topics, t);
    }
    json_array_append_new(items,
                          json_pack("{s:o,s:f}", "topics", topics,
                                    "similarity", cl[i].similarity));
  }
  return items;
}

void api_topic_clusters(struct http_request *req, struct http_response *res) {
  struct app *app = req->app;
  struct err e = {0};
  struct unit u;
  int64_t from, to;
  struct insight_cluster *cl = NULL;
  size_t n = 0;
  json_t *items = NULL;
  api_roles(req); /* loaded before a connection is held */
  struct store_conn *c = store_acquire(app->store);
  if (api_unit_scope(req, c, ACTION_TOPIC_READ, &u, &from, &to, &e) == 0 &&
      insight_clusters(c, req->arena, u.path, from, to, &cl, &n, &e) == 0)
    items = clusters_json(c, cl, n, &e);
  store_release(c);
  if (items == NULL) {
    http_reply_error(req, res, &e);
    return;
  }
  http_reply_json(res, 200, json_pack("{s:o,s:I}", "items", items, "total",
                                      (json_int_t)n));
}

void api_topic_themes(struct http_request *req, struct http_response *res) {
  struct app *app = req->app;
  struct err e = {0};
  struct unit u;
  int64_t from, to, limit;
  struct insight_theme *themes = NULL;
  size_t n = 0;
  int rc = -1;
  api_roles(req);
  struct store_conn *c = store_acquire(app->store);
  if (api_query_int(req, "limit", 10, 1, THEMES_MAX, &limit, &e) == 0 &&
      api_unit_scope(req, c, ACTION_TOPIC_READ, &u, &from, &to, &e) == 0)
    rc = insight_themes(c, req->arena, u.path, from, to, (int)limit, &themes,
                        &n, &e);
  store_release(c);
  if (rc != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  json_t *items = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(
        items, json_pack("{s:s,s:I,s:I}", "term", themes[i].term, "topics",
                         (json_int_t)themes[i].topics, "supports",
                         (json_int_t)themes[i].supports));
  http_reply_json(res, 200, json_pack("{s:o,s:I}", "items", items, "limit",
                                      (json_int_t)limit));
}
