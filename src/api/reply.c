/*
** Answering with one object as it is now in the store: a page of a venue,
** a topic, and each change to one, answer with the same JSON.
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
