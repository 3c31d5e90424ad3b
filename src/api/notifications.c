/*
** Notifications over HTTP: one's own list (newest first, with the number
** unread, for the bell in the header), marking one or all read. The front
** end words each from its kind and params in the reader's language.
*/
#include <jansson.h>

#include "api/api_internal.h"
#include "domain/notification.h"

#define NOTIFICATION_PAGE_MAX 100

static void notification_add(const struct notification *n, void *ctx) {
  json_t *params = json_loads(n->params, 0, NULL);
  json_t *j = json_pack("{s:I,s:I,s:s,s:s,s:I,s:o,s:b}", "id",
                        (json_int_t)n->id, "created_at",
                        (json_int_t)n->created_at, "kind", n->kind,
                        "object_type", n->object_type, "object_id",
                        (json_int_t)n->object_id, "params",
                        params ? params : json_object(), "read",
                        n->read_at != 0);
  json_object_set_new(j, "read_at",
                      n->read_at ? json_integer(n->read_at) : json_null());
  json_array_append_new(ctx, j);
}

void api_notifications_list(struct http_request *req,
                            struct http_response *res) {
  struct app *app = req->app;
  struct err e = {0};
  const struct session *s = api_principal(req);
  int64_t limit, offset, total = 0, unread = 0;
  int unread_only;
  if (api_query_flag(req, "unread", &unread_only, &e) != 0 ||
      api_query_int(req, "limit", 20, 1, NOTIFICATION_PAGE_MAX, &limit, &e) !=
          0 ||
      api_query_int(req, "offset", 0, 0, INT64_MAX, &offset, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  json_t *items = json_array();
  struct store_conn *c = store_acquire(app->store);
  int rc = notification_page(c, s->user_id, unread_only, limit, offset,
                             notification_add, items, &total, &unread, &e);
  store_release(c);
  if (rc != 0) {
    json_decref(items);
    http_reply_error(req, res, &e);
    return;
  }
  http_reply_json(res, 200,
                  json_pack("{s:o,s:I,s:I,s:I,s:I}", "items", items, "total",
                            (json_int_t)total, "limit", (json_int_t)limit,
                            "offset", (json_int_t)offset, "unread",
                            (json_int_t)unread));
}

struct read_ctx {
  int64_t user;
  int64_t id; /* 0: all */
  int64_t count;
};

static int notification_read_run(struct store_conn *c, void *ctx,
                                 struct err *e) {
  struct read_ctx *r = ctx;
  if (r->id) return notification_read(c, r->user, r->id, e);
  return notification_read_all(c, r->user, &r->count, e);
}

static void notification_read_reply(struct http_request *req,
                                    struct http_response *res, int64_t id) {
  struct app *app = req->app;
  struct err e = {0};
  struct read_ctx r = {api_principal(req)->user_id, id, 0};
  if (store_transact(app->store, notification_read_run, &r, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  http_reply_json(res, 200,
                  id ? json_pack("{s:I,s:b}", "id", (json_int_t)id, "read", 1)
                     : json_pack("{s:I}", "marked", (json_int_t)r.count));
}

void api_notification_read(struct http_request *req,
                           struct http_response *res) {
  struct err e = {0};
  int64_t id;
  if (api_path_id(req, 0, &id, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  notification_read_reply(req, res, id);
}

void api_notifications_read_all(struct http_request *req,
                                struct http_response *res) {
  notification_read_reply(req, res, 0);
}
