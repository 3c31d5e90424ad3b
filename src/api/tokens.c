/*
** API tokens: the owner lists, creates and revokes their own. Only a
** browser session may do so (a token must not mint tokens), and the secret
** is in the answer to the creation only; lists show its prefix. Someone
** else's token is "not found", never "forbidden", so ids reveal nothing.
*/
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "api/api_internal.h"
#include "domain/token.h"
#include "util/timeutil.h"

#define DAY_MS (24LL * 3600 * 1000)

/* An integer column as JSON, null when NULL. */
static json_t *json_int_or_null(struct store_stmt *st, int col) {
  return store_col_is_null(st, col) ? json_null()
                                    : json_integer(store_col_int(st, col));
}

/* A token row (id, name, prefix, created_at, expires_at, last_used_at). */
static json_t *token_row_json(struct store_stmt *st) {
  return json_pack("{s:I,s:s,s:s,s:I,s:o,s:o}", "id",
                   (json_int_t)store_col_int(st, 0), "name",
                   store_col_text(st, 1), "prefix", store_col_text(st, 2),
                   "created_at", (json_int_t)store_col_int(st, 3),
                   "expires_at", json_int_or_null(st, 4), "last_used_at",
                   json_int_or_null(st, 5));
}

void api_tokens_list(struct http_request *req, struct http_response *res) {
  struct app *app = req->app;
  struct err e = {0};
  if (api_require_browser(req, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  json_t *items = json_array();
  struct store_conn *c = store_acquire(app->store);
  struct store_stmt *st = store_prepare(c, Q_TOKEN_LIST, &e);
  int rc = STORE_EERROR;
  if (st) {
    store_bind_int(st, 1, api_principal(req)->user_id);
    for (rc = store_step(st, &e); rc == STORE_ROW; rc = store_step(st, &e))
      json_array_append_new(items, token_row_json(st));
    store_finish(st);
  }
  store_release(c);
  if (rc != STORE_DONE) {
    json_decref(items);
    http_reply_error(req, res, &e);
    return;
  }
  http_reply_json(res, 200, json_pack("{s:o}", "items", items));
}

/* A creation, for store_transact(). */
struct token_work {
  struct http_request *req;
  const char *name;
  int64_t expires_at;
  int64_t id;
  char token[TOKEN_CHARS + 1];
  char prefix[TOKEN_PREFIX_CHARS + 1];
};

static int token_create_run(struct store_conn *c, void *ctx, struct err *e) {
  struct token_work *w = ctx;
  int64_t user_id = api_principal(w->req)->user_id;
  if (token_create(c, user_id, w->name, w->expires_at, &w->id, w->token,
                   w->prefix, e) != 0)
    return -1;
  json_t *after = json_pack("{s:I,s:s,s:s,s:I}", "id", (json_int_t)w->id,
                            "name", w->name, "prefix", w->prefix,
                            "expires_at", (json_int_t)w->expires_at);
  int rc = api_audit_event(w->req, c, 0, "token.create", "api_token", w->id,
                           NULL, after, e);
  json_decref(after);
  return rc;
}

void api_token_create(struct http_request *req, struct http_response *res) {
  struct app *app = req->app;
  struct err e = {0};
  struct token_work w;
  long long days = 0;
  int has_days = 0;
  memset(&w, 0, sizeof w);
  w.req = req;
  if (api_require_browser(req, &e) != 0 ||
      json_get_string(req->json, "name", 1, &w.name, &e) != 0 ||
      json_get_int(req->json, "expires_in_days", 0, &days, &has_days, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  if (days < 0 || days > TOKEN_MAX_DAYS) {
    err_set(&e, ERR_FIELD_INVALID, "expires_in_days");
    http_reply_error(req, res, &e);
    return;
  }
  int64_t now = time_now_ms();
  w.expires_at = days ? now + days * DAY_MS : 0;
  if (store_transact(app->store, token_create_run, &w, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  json_t *body = json_pack("{s:I,s:s,s:s,s:s,s:I,s:o,s:n}", "id",
                           (json_int_t)w.id, "name", w.name, "prefix",
                           w.prefix, "token", w.token, "created_at",
                           (json_int_t)now, "expires_at",
                           w.expires_at ? json_integer(w.expires_at)
                                        : json_null(),
                           "last_used_at");
  sodium_memzero(w.token, sizeof w.token);
  http_reply_json(res, 201, body);
}

/* A revocation, for store_transact(). */
struct revoke_work {
  struct http_request *req;
  int64_t id;
};

static int token_revoke_run(struct store_conn *c, void *ctx, struct err *e) {
  struct revoke_work *w = ctx;
  const struct session *s = api_principal(w->req);
  if (token_revoke(c, s->user_id, w->id, e) != 0) return -1;
  json_t *before = json_pack("{s:I}", "id", (json_int_t)w->id);
  int rc = api_audit_event(w->req, c, 0, "token.revoke", "api_token", w->id,
                           before, NULL, e);
  json_decref(before);
  return rc;
}

void api_token_revoke(struct http_request *req, struct http_response *res) {
  struct app *app = req->app;
  struct err e = {0};
  struct revoke_work w = {req, 0};
  if (api_require_browser(req, &e) != 0 ||
      api_path_id(req, 0, &w.id, &e) != 0 ||
      store_transact(app->store, token_revoke_run, &w, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  res->status = 204;
}
