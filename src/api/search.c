/*
** Search: full-text search over every indexed text, and the duplicate check
** (the texts most similar to a given one). The index holds drafts and
** rejected texts too, so both need search.read over the unit subtree they
** cover: a township's staff search their township, never another's. Public
** search arrives with the modules that know which of their texts are
** public.
*/
#include <string.h>

#include "api/api_internal.h"
#include "domain/permission.h"
#include "text/search.h"
#include "util/json.h"

#define SEARCH_PAGE_MAX 100

/* The unit subtree a search covers: the one asked for, if the caller may
   search there; otherwise the widest subtree where the caller may search.
   Returns 0 and sets *path, or -1 with ERR_FORBIDDEN. */
static int search_scope(struct http_request *req, const char *requested,
                        const char **path, struct err *e) {
  const struct principal *p = api_roles(req);
  if (requested && *requested) {
    if (!permission_check(p, ACTION_SEARCH_READ, requested,
                          PERMISSION_STATE_NONE, NULL))
      return err_set(e, ERR_FORBIDDEN, NULL);
    *path = requested;
    return 0;
  }
  *path = NULL;
  for (int i = 0; i < p->nroles; i++) {
    const char *unit = p->roles[i].unit_path;
    if (permission_check(p, ACTION_SEARCH_READ, unit, PERMISSION_STATE_NONE,
                         NULL) &&
        (*path == NULL || strlen(unit) < strlen(*path)))
      *path = unit;
  }
  return *path ? 0 : err_set(e, ERR_FORBIDDEN, NULL);
}

static json_t *segments_json(const struct search_segment *s, size_t n) {
  json_t *list = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(list, json_pack("{s:s,s:b}", "text", s[i].text,
                                          "hit", s[i].hit));
  return list;
}

static json_t *hit_json(const struct search_hit *h) {
  return json_pack("{s:s,s:I,s:s,s:s,s:I,s:o,s:o}", "type", h->type, "id",
                   (json_int_t)h->doc_id, "unit_path", h->unit_path, "state",
                   h->state, "created_at", (json_int_t)h->created_at, "title",
                   segments_json(h->title, h->ntitle), "snippet",
                   segments_json(h->snippet, h->nsnippet));
}

void api_search(struct http_request *req, struct http_response *res) {
  struct app *app = req->app;
  struct err e = {0};
  int64_t page, per_page, from, to;
  const char *q = http_query(req, "q");
  if (q == NULL) {
    err_set(&e, ERR_FIELD_REQUIRED, "q");
    http_reply_error(req, res, &e);
    return;
  }
  if (api_query_int(req, "page", 1, 1, 100000, &page, &e) != 0 ||
      api_query_int(req, "per_page", 20, 1, SEARCH_PAGE_MAX, &per_page, &e) != 0 ||
      api_query_int(req, "from", 0, 0, INT64_MAX, &from, &e) != 0 ||
      api_query_int(req, "to", 0, 0, INT64_MAX, &to, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  const char *unit;
  if (search_scope(req, http_query(req, "unit"), &unit, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  struct search_filter f = {http_query(req, "type"), unit,
                            http_query(req, "state"), from, to,
                            (int)per_page, (int)((page - 1) * per_page)};
  struct search_result r;
  struct store_conn *c = store_acquire(app->store);
  int rc = search_query(c, req->arena, q, &f, &r, &e);
  store_release(c);
  if (rc != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  json_t *items = json_array();
  for (size_t i = 0; i < r.nhits; i++)
    json_array_append_new(items, hit_json(&r.hits[i]));
  http_reply_json(res, 200,
                  json_pack("{s:I,s:b,s:I,s:I,s:o}", "total",
                            (json_int_t)r.total, "total_exact", r.total_exact,
                            "page", (json_int_t)page, "per_page",
                            (json_int_t)per_page, "items", items));
}

void api_search_similar(struct http_request *req, struct http_response *res) {
  struct app *app = req->app;
  struct err e = {0};
  const char *text, *type, *requested, *unit;
  long long limit = 10;
  int present = 0;
  if (json_get_string(req->json, "text", 1, &text, &e) != 0 ||
      json_get_string(req->json, "type", 0, &type, &e) != 0 ||
      json_get_string(req->json, "unit", 0, &requested, &e) != 0 ||
      json_get_int(req->json, "limit", 0, &limit, &present, &e) != 0 ||
      search_scope(req, requested, &unit, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  if (limit < 1 || limit > 50) {
    err_set(&e, ERR_FIELD_INVALID, "limit");
    http_reply_error(req, res, &e);
    return;
  }
  struct search_similar *sim;
  size_t n;
  struct store_conn *c = store_acquire(app->store);
  int rc = search_similar(c, req->arena, text, type, unit, 0.3, (int)limit,
                          &sim, &n, &e);
  store_release(c);
  if (rc != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  json_t *items = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(
        items, json_pack("{s:s,s:I,s:s,s:f}", "type", sim[i].type, "id",
                         (json_int_t)sim[i].doc_id, "title", sim[i].title,
                         "score", sim[i].score));
  http_reply_json(res, 200, json_pack("{s:o}", "items", items));
}
