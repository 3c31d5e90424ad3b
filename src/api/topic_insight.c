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

static json_t *clusters_json(struct http_request *req, struct store_conn *c,
                             const struct insight_cluster *cl, size_t n,
                             struct err *e) {
  json_t *items = json_array();
  for (size_t i = 0; i < n; i++) {
    json_t *topics = api_topics_json(req, c, cl[i].topic_ids, cl[i].n, e);
    if (topics == NULL) {
      json_decref(items);
      return NULL;
    }
    json_array_append_new(items, json_pack("{s:o,s:f}", "topics", topics,
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
    items = clusters_json(req, c, cl, n, &e);
  store_release(c);
  if (items == NULL) {
    http_reply_error(req, res, &e);
    return;
  }
  http_reply_json(
      res, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)n));
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
  http_reply_json(
      res, 200,
      json_pack("{s:o,s:I}", "items", items, "limit", (json_int_t)limit));
}
