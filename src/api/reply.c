/*
** Answers shared by many handlers: one object as it is now in the store
** (a venue's or a topic's page, and each change to one), and a page of a
** list ({"items", "total", "limit", "offset"}).
*/
#include "api/api_internal.h"

void api_reply_loaded(struct http_request *req, struct http_response *res,
                      api_load_fn load, int64_t id, int status) {
  struct app *app = req->app;
  struct err e = {0};
  json_t *j = NULL;
  struct store_conn *c = store_acquire(app->store);
  int rc = load(req, c, id, &j, &e);
  store_release(c);
  if (rc != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  http_reply_json(res, status, j);
}

void api_reply_path_loaded(struct http_request *req,
                           struct http_response *res, api_load_fn load) {
  struct err e = {0};
  int64_t id;
  if (api_path_id(req, 0, &id, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  api_roles(req);
  api_reply_loaded(req, res, load, id, 200);
}

void api_reply_page(struct http_request *req, struct http_response *res,
                    int rc, const struct err *e, json_t *items, int64_t total,
                    int64_t limit, int64_t offset) {
  if (rc != 0) {
    json_decref(items);
    http_reply_error(req, res, e);
    return;
  }
  http_reply_json(res, 200,
                  json_pack("{s:o,s:I,s:I,s:I}", "items", items, "total",
                            (json_int_t)total, "limit", (json_int_t)limit,
                            "offset", (json_int_t)offset));
}
