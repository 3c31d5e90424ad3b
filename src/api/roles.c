/*
** Roles held at units: list a person's roles, grant one, revoke one. A
** grant or revoke is allowed only inside the granter's own scope (the
** permission table's role.grant / role.revoke rows).
*/
#include <string.h>

#include "api/api_internal.h"
#include "domain/role.h"

static json_t *role_json(const struct role_held *r) {
  return json_pack("{s:I,s:I,s:s,s:I,s:s,s:I}", "id", (json_int_t)r->id,
                   "user_id", (json_int_t)r->user_id, "role",
                   role_name(r->role), "unit_id", (json_int_t)r->unit_id,
                   "unit_path", r->unit_path, "created_at",
                   (json_int_t)r->created_at);
}

/* List user_id's roles that the caller may see: all of their own, and
   others' only at units where the caller holds user.contact, so a
   township's staff cannot map the people of another township. */
static int role_list(struct http_request *req, struct store_conn *c,
                     int64_t user_id, json_t *items, struct err *e) {
  const struct principal *me = api_roles(req);
  int self = api_principal(req) && api_principal(req)->user_id == user_id;
  struct store_stmt *st = store_prepare(c, Q_ROLE_LIST_USER, e);
  if (st == NULL) return -1;
  store_bind_int(st, 1, user_id);
  int rc;
  for (rc = store_step(st, e); rc == STORE_ROW; rc = store_step(st, e)) {
    if (!self && !permission_check(me, ACTION_USER_CONTACT,
                                   store_col_text(st, 4),
                                   PERMISSION_STATE_NONE, NULL))
      continue;
    json_array_append_new(
        items, json_pack("{s:I,s:I,s:s,s:I,s:s,s:s,s:I}", "id",
                         (json_int_t)store_col_int(st, 0), "user_id",
                         (json_int_t)user_id, "role", store_col_text(st, 1),
                         "unit_id", (json_int_t)store_col_int(st, 2),
                         "unit_name", store_col_text(st, 3), "unit_path",
                         store_col_text(st, 4), "created_at",
                         (json_int_t)store_col_int(st, 5)));
  }
  store_finish(st);
  return rc == STORE_DONE ? 0 : -1;
}

void api_user_roles(struct http_request *req, struct http_response *res) {
  struct app *app = req->app;
  struct err e = {0};
  int64_t user_id;
  if (api_path_id(req, 0, &user_id, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  json_t *items = json_array();
  struct store_conn *c = store_acquire(app->store);
  int rc = role_list(req, c, user_id, items, &e);
  store_release(c);
  if (rc != 0) {
    json_decref(items);
    http_reply_error(req, res, &e);
    return;
  }
  http_reply_json(res, 200, json_pack("{s:o}", "items", items));
}

/* Check, grant and audit inside the open transaction. */
static int grant_in(struct http_request *req, struct store_conn *c,
                    int64_t user_id, enum role role, int64_t unit_id,
                    struct role_held *out, struct err *e) {
  struct unit u;
  const struct role_grant *via;
  if (unit_get(c, unit_id, &u, e) != 0) return -1;
  if (api_permit(req, ACTION_ROLE_GRANT, u.path, PERMISSION_STATE_NONE, &via,
                 e) != 0)
    return -1;
  if (role_grant(c, user_id, role, unit_id, api_principal(req)->user_id, out,
                 e) != 0)
    return -1;
  json_t *after = role_json(out);
  int rc = api_audit(req, c, via, ACTION_ROLE_GRANT, unit_id, "user_role",
                     out->id, NULL, after, e);
  json_decref(after);
  return rc;
}

/* A grant or revoke, for store_transact(). */
struct role_work {
  struct http_request *req;
  int64_t user_id;
  int64_t role_id;         /* revoke */
  enum role role;          /* grant */
  int64_t unit_id;         /* grant */
  struct role_held *held;  /* grant: the new role */
};

static int grant_work(struct store_conn *c, void *ctx, struct err *e) {
  struct role_work *w = ctx;
  return grant_in(w->req, c, w->user_id, w->role, w->unit_id, w->held, e);
}

static int revoke_work(struct store_conn *c, void *ctx, struct err *e);

void api_user_role_grant(struct http_request *req, struct http_response *res) {
  struct app *app = req->app;
  struct err e = {0};
  int64_t user_id, unit_id;
  const char *role_text;
  struct role_held held;
  if (api_path_id(req, 0, &user_id, &e) != 0 ||
      json_get_string(req->json, "role", 1, &role_text, &e) != 0 ||
      api_json_id(req->json, "unit_id", 1, &unit_id, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  int role = role_parse(role_text);
  if (role < 0) {
    err_set(&e, ERR_FIELD_INVALID, "role");
    http_reply_error(req, res, &e);
    return;
  }
  struct role_work w = {req, user_id, 0, (enum role)role, unit_id, &held};
  if (store_transact(app->store, grant_work, &w, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  http_reply_json(res, 201, role_json(&held));
}

/* Check, revoke and audit inside the open transaction. */
static int revoke_in(struct http_request *req, struct store_conn *c,
                     int64_t user_id, int64_t role_id, struct err *e) {
  struct role_held held;
  const struct role_grant *via;
  if (role_get(c, role_id, &held, e) != 0) return -1;
  if (held.user_id != user_id)
    return err_set(e, ERR_ROLE_NOT_FOUND, "%lld", (long long)role_id);
  if (api_permit(req, ACTION_ROLE_REVOKE, held.unit_path,
                 PERMISSION_STATE_NONE, &via, e) != 0)
    return -1;
  if (role_revoke(c, role_id, e) != 0) return -1;
  json_t *before = role_json(&held);
  int rc = api_audit(req, c, via, ACTION_ROLE_REVOKE, held.unit_id,
                     "user_role", held.id, before, NULL, e);
  json_decref(before);
  return rc;
}

static int revoke_work(struct store_conn *c, void *ctx, struct err *e) {
  struct role_work *w = ctx;
  return revoke_in(w->req, c, w->user_id, w->role_id, e);
}

void api_user_role_revoke(struct http_request *req,
                          struct http_response *res) {
  struct app *app = req->app;
  struct err e = {0};
  int64_t user_id, role_id;
  if (api_path_id(req, 0, &user_id, &e) != 0 ||
      api_path_id(req, 1, &role_id, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  struct role_work w = {req, user_id, role_id, ROLE_RESIDENT, 0, NULL};
  if (store_transact(app->store, revoke_work, &w, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  res->status = 204;
}
