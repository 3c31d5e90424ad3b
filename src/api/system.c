/*
** Operational endpoints: liveness, readiness, metrics, version, and the
** OpenAPI document (kept by hand in docs/openapi.json and compiled in).
*/
#include <string.h>

#include "api/api.h"
#include "util/embedded.h"
#include "util/json.h"

void api_healthz(struct http_request *req, struct http_response *res) {
  (void)req;
  http_reply_json(res, 200, json_pack("{s:s}", "status", "ok"));
}

void api_readyz(struct http_request *req, struct http_response *res) {
  struct app *app = req->app;
  struct err e = {0};
  struct store_conn *c = store_acquire(app->store);
  int64_t rc = store_exec(c, Q_PING, &e, "");
  store_release(c);
  if (rc < 0) {
    char detail[sizeof e.detail];
    memcpy(detail, e.detail, sizeof detail);
    err_set(&e, ERR_DB_UNAVAILABLE, "%s", detail);
    http_reply_error(req, res, &e);
    return;
  }
  http_reply_json(res, 200, json_pack("{s:s}", "status", "ready"));
}

void api_metrics(struct http_request *req, struct http_response *res) {
  (void)req;
  res->status = 200;
  res->content_type = "text/plain; version=0.0.4; charset=utf-8";
  http_metrics_render(&res->body);
}

void api_version(struct http_request *req, struct http_response *res) {
  struct app *app = req->app;
  int version = 0;
  struct err e = {0};
  if (store_schema_version(app->store, &version, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  http_reply_json(res, 200,
                  json_pack("{s:s,s:i,s:s}", "version", app->version, "schema",
                            version, "backend",
                            store_backend(app->store) == STORE_SQLITE
                                ? "sqlite"
                                : "postgres"));
}

void api_openapi(struct http_request *req, struct http_response *res) {
  const struct embedded_file *f = embedded_find("docs/openapi.json");
  if (f == NULL) {
    struct err e;
    err_set(&e, ERR_NOT_FOUND, "openapi.json");
    http_reply_error(req, res, &e);
    return;
  }
  http_reply_text(res, 200, "application/json; charset=utf-8",
                  (const char *)f->data, f->size);
  http_set_header(res, "Cache-Control", "no-cache");
}
