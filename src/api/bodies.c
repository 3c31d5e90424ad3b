/*
** CPPCC bodies: list them (public: who sits on which committee is no
** secret), create, rename and retire them (org.edit at the body's unit),
** and members' profiles (read and set with org.edit at the committee's
** unit). Every change runs in one transaction with its audit row.
*/
#include <string.h>

#include "api/api_internal.h"
#include "domain/org.h"

static json_t *body_json(const struct body *b) {
  json_t *j =
      json_pack("{s:I,s:s,s:s,s:I,s:s,s:s,s:I}", "id", (json_int_t)b->id,
                "kind", body_kind_name(b->kind), "name", b->name, "unit_id",
                (json_int_t)b->unit_id, "unit_name", b->unit_name, "unit_path",
                b->unit_path, "created_at", (json_int_t)b->created_at);
  json_object_set_new(j, "parent_id",
                      b->parent_id ? json_integer(b->parent_id) : json_null());
  json_object_set_new(j, "retired_at",
                      b->retired_at ? json_integer(b->retired_at)
                                    : json_null());
  return j;
}

/* Fill items with the bodies at units in the subtree of ?unit= (all when
   absent), retired ones too with ?retired=1. */
static int bodies_read(struct http_request *req, struct store_conn *c,
                       json_t *items, struct err *e) {
  int64_t root;
  int retired = 0;
  char pattern[UNIT_PATH_MAX + 1];
  struct unit u;
  if (api_query_int(req, "unit", 0, 1, INT64_MAX, &root, e) != 0 ||
      api_query_flag(req, "retired", &retired, e) != 0)
    return -1;
  if (root && unit_get(c, root, &u, e) != 0) return -1;
  unit_subtree_pattern(root ? u.path : "/", pattern);
  struct store_stmt *st = store_prepare(c, Q_BODY_LIST, e);
  if (st == NULL) return -1;
  store_bind_text(st, 1, pattern);
  store_bind_int(st, 2, retired);
  int rc;
  for (rc = store_step(st, e); rc == STORE_ROW; rc = store_step(st, e)) {
    struct body b = {0};
    b.id = store_col_int(st, 0);
    b.unit_id = store_col_int(st, 1);
    b.parent_id = store_col_is_null(st, 2) ? 0 : store_col_int(st, 2);
    int kind = body_kind_parse(store_col_text(st, 3));
    b.kind = kind < 0 ? BODY_SECTOR : (enum body_kind)kind;
    snprintf(b.name, sizeof b.name, "%s", store_col_text(st, 4));
    b.created_at = store_col_int(st, 5);
    b.retired_at = store_col_is_null(st, 6) ? 0 : store_col_int(st, 6);
    snprintf(b.unit_path, sizeof b.unit_path, "%s", store_col_text(st, 7));
    snprintf(b.unit_name, sizeof b.unit_name, "%s", store_col_text(st, 8));
    json_t *j = body_json(&b);
    json_object_set_new(j, "members", json_integer(store_col_int(st, 9)));
    json_array_append_new(items, j);
  }
  store_finish(st);
  return rc == STORE_DONE ? 0 : -1;
}

void api_bodies_list(struct http_request *req, struct http_response *res) {
  struct app *app = req->app;
  struct err e = {0};
  json_t *items = json_array();
  struct store_conn *c = store_acquire(app->store);
  int rc = bodies_read(req, c, items, &e);
  store_release(c);
  if (rc != 0) {
    json_decref(items);
    http_reply_error(req, res, &e);
    return;
  }
  http_reply_json(res, 200, json_pack("{s:o}", "items", items));
}

enum body_op { BODY_OP_CREATE, BODY_OP_RENAME, BODY_OP_RETIRE };

/* A change to a body, as read from the request, for store_transact(). */
struct body_work {
  struct http_request *req;
  enum body_op op;
  int64_t id;          /* rename, retire */
  int64_t unit_id;     /* create */
  int64_t parent_id;   /* create */
  enum body_kind kind; /* create */
  const char *name;    /* create, rename */
  struct body after;
};

/* Where the permission is checked: the unit the new body will sit at (its
   committee's for special committees and sectors), or the body's own. */
static int body_target_path(struct store_conn *c, const struct body_work *w,
                            char path[UNIT_PATH_MAX], struct err *e) {
  struct body b;
  struct unit u;
  if (w->op != BODY_OP_CREATE) {
    if (body_get(c, w->id, &b, e) != 0) return -1;
    snprintf(path, UNIT_PATH_MAX, "%s", b.unit_path);
    return 0;
  }
  int64_t at = w->unit_id;
  if (w->kind != BODY_COMMITTEE && !body_kind_is_group(w->kind)) {
    if (!w->parent_id) return err_set(e, ERR_FIELD_REQUIRED, "parent_id");
    if (body_get(c, w->parent_id, &b, e) != 0) return -1;
    at = b.unit_id;
  }
  if (!at) return err_set(e, ERR_FIELD_REQUIRED, "unit_id");
  if (unit_get(c, at, &u, e) != 0) return -1;
  snprintf(path, UNIT_PATH_MAX, "%s", u.path);
  return 0;
}

static int body_work_run(struct store_conn *c, void *ctx, struct err *e) {
  struct body_work *w = ctx;
  const struct role_grant *via;
  char path[UNIT_PATH_MAX];
  struct body before = {0};
  if (body_target_path(c, w, path, e) != 0 ||
      api_permit(w->req, ACTION_ORG_EDIT, path, PERMISSION_STATE_NONE, &via,
                 e) != 0)
    return -1;
  if (w->id && body_get(c, w->id, &before, e) != 0) return -1;
  int rc = 0;
  switch (w->op) {
  case BODY_OP_CREATE:
    rc = body_create(c, w->unit_id, w->parent_id, w->kind, w->name, &w->after,
                     e);
    break;
  case BODY_OP_RENAME: rc = body_rename(c, w->id, w->name, e); break;
  case BODY_OP_RETIRE: rc = body_retire(c, w->id, e); break;
  }
  if (rc == 0 && w->id) rc = body_get(c, w->id, &w->after, e);
  if (rc != 0) return -1;
  json_t *was = w->id ? body_json(&before) : NULL;
  json_t *now = body_json(&w->after);
  rc = api_audit(w->req, c, via, ACTION_ORG_EDIT, w->after.unit_id,
                 "cppcc_body", w->after.id, was, now, e);
  json_decref(was);
  json_decref(now);
  return rc;
}

static void body_work_reply(struct http_request *req, struct http_response *res,
                            struct body_work *w, int status) {
  struct app *app = req->app;
  struct err e = {0};
  if (store_transact(app->store, body_work_run, w, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  http_reply_json(res, status, body_json(&w->after));
}

void api_body_create(struct http_request *req, struct http_response *res) {
  struct err e = {0};
  struct body_work w = {0};
  const char *kind;
  w.req = req;
  w.op = BODY_OP_CREATE;
  if (json_get_string(req->json, "kind", 1, &kind, &e) != 0 ||
      json_get_string(req->json, "name", 1, &w.name, &e) != 0 ||
      api_json_id(req->json, "unit_id", 0, &w.unit_id, &e) != 0 ||
      api_json_id(req->json, "parent_id", 0, &w.parent_id, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  int k = body_kind_parse(kind);
  if (k < 0) {
    err_set(&e, ERR_FIELD_INVALID, "kind");
    http_reply_error(req, res, &e);
    return;
  }
  w.kind = (enum body_kind)k;
  body_work_reply(req, res, &w, 201);
}

void api_body_rename(struct http_request *req, struct http_response *res) {
  struct err e = {0};
  struct body_work w = {0};
  w.req = req;
  w.op = BODY_OP_RENAME;
  if (api_path_id(req, 0, &w.id, &e) != 0 ||
      json_get_string(req->json, "name", 1, &w.name, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  body_work_reply(req, res, &w, 200);
}

void api_body_retire(struct http_request *req, struct http_response *res) {
  struct err e = {0};
  struct body_work w = {0};
  w.req = req;
  w.op = BODY_OP_RETIRE;
  if (api_path_id(req, 0, &w.id, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  body_work_reply(req, res, &w, 200);
}

/* A profile as JSON from PROFILE_GET's row: ids and names, null when
   unset. */
static json_t *profile_json(struct store_stmt *st) {
  static const char *const keys[][2] = {
      {"committee_id", "committee"},
      {"sector_id", "sector"},
      {"special_committee_id", "special_committee"},
      {"group_id", "group"},
  };
  json_t *j = json_object();
  for (int i = 0; i < 4; i++) {
    int null = store_col_is_null(st, 2 * i);
    json_object_set_new(j, keys[i][0],
                        null ? json_null()
                             : json_integer(store_col_int(st, 2 * i)));
    json_object_set_new(j, keys[i][1],
                        null ? json_null()
                             : json_string(store_col_text(st, 2 * i + 1)));
  }
  return j;
}

/* The profile of user_id as JSON in *out (JSON null when none). */
static int profile_read(struct store_conn *c, int64_t user_id, json_t **out,
                        struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_PROFILE_GET, e);
  if (st == NULL) return -1;
  store_bind_int(st, 1, user_id);
  int rc = store_step(st, e);
  *out = rc == STORE_ROW ? profile_json(st) : json_null();
  store_finish(st);
  return rc < 0 ? -1 : 0;
}

/* Reading a profile needs user.contact where the profile's committee is:
   it ties a person to their sector and group. */
static int profile_get_in(struct http_request *req, struct store_conn *c,
                          int64_t user_id, json_t **out, struct err *e) {
  if (profile_read(c, user_id, out, e) != 0) return -1;
  if (json_is_null(*out)) return 0;
  struct body committee;
  int64_t cid = json_integer_value(json_object_get(*out, "committee_id"));
  if (body_get(c, cid, &committee, e) != 0 ||
      api_permit(req, ACTION_USER_CONTACT, committee.unit_path,
                 PERMISSION_STATE_NONE, NULL, e) != 0) {
    json_decref(*out);
    *out = NULL;
    return -1;
  }
  return 0;
}

void api_user_profile_get(struct http_request *req, struct http_response *res) {
  struct app *app = req->app;
  struct err e = {0};
  int64_t user_id;
  json_t *profile = NULL;
  if (api_path_id(req, 0, &user_id, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  struct store_conn *c = store_acquire(app->store);
  int rc = profile_get_in(req, c, user_id, &profile, &e);
  store_release(c);
  if (rc != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  http_reply_json(res, 200,
                  json_pack("{s:I,s:o}", "user_id", (json_int_t)user_id,
                            "profile", profile));
}

/* A profile change, for store_transact(). */
struct profile_work {
  struct http_request *req;
  int64_t user_id;
  struct member_profile profile;
  json_t *after;
};

static int profile_work_run(struct store_conn *c, void *ctx, struct err *e) {
  struct profile_work *w = ctx;
  const struct role_grant *via;
  struct body committee;
  json_t *before = NULL;
  json_decref(w->after); /* from an attempt that was rolled back */
  w->after = NULL;
  if (body_get(c, w->profile.committee_id, &committee, e) != 0 ||
      api_permit(w->req, ACTION_ORG_EDIT, committee.unit_path,
                 PERMISSION_STATE_NONE, &via, e) != 0 ||
      profile_read(c, w->user_id, &before, e) != 0)
    return -1;
  int rc = profile_set(c, w->user_id, &w->profile,
                       api_principal(w->req)->user_id, e);
  if (rc == 0) rc = profile_read(c, w->user_id, &w->after, e);
  if (rc == 0)
    rc = api_audit(w->req, c, via, ACTION_ORG_EDIT, committee.unit_id,
                   "member_profile", w->user_id,
                   json_is_null(before) ? NULL : before, w->after, e);
  json_decref(before);
  return rc;
}

void api_user_profile_set(struct http_request *req, struct http_response *res) {
  struct app *app = req->app;
  struct err e = {0};
  struct profile_work w = {0};
  w.req = req;
  if (api_path_id(req, 0, &w.user_id, &e) != 0 ||
      api_json_id(req->json, "committee_id", 1, &w.profile.committee_id, &e) !=
          0 ||
      api_json_id(req->json, "sector_id", 1, &w.profile.sector_id, &e) != 0 ||
      api_json_id(req->json, "special_committee_id", 0,
                  &w.profile.special_committee_id, &e) != 0 ||
      api_json_id(req->json, "group_id", 0, &w.profile.group_id, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  if (store_transact(app->store, profile_work_run, &w, &e) != 0) {
    json_decref(w.after);
    http_reply_error(req, res, &e);
    return;
  }
  http_reply_json(res, 200,
                  json_pack("{s:I,s:o}", "user_id", (json_int_t)w.user_id,
                            "profile", w.after));
}
