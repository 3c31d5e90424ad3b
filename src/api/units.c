/*
** Units: the organisation tree as a filtered page and as a nested tree,
** one unit, and the changes (create, rename, move, retire). Reading is
** public (residents pick their village when they register); every change
** is checked by the permission table and runs in one transaction.
*/
#include <string.h>

#include "api/api_internal.h"
#include "domain/unit.h"

#define UNIT_PAGE_MAX 500

static json_t *unit_json(const struct unit *u) {
  json_t *j = json_pack("{s:I,s:s,s:s,s:s,s:I}", "id", (json_int_t)u->id,
                        "kind", unit_kind_name(u->kind), "name", u->name,
                        "path", u->path, "created_at",
                        (json_int_t)u->created_at);
  json_object_set_new(j, "parent_id",
                      u->parent_id ? json_integer(u->parent_id) : json_null());
  json_object_set_new(j, "is_seat", json_boolean(u->is_seat));
  json_object_set_new(j, "retired_at", u->retired_at
                                           ? json_integer(u->retired_at)
                                           : json_null());
  return j;
}

/* What the caller may do to u, so that the front end offers only the
   controls the API would accept: {"create":..,"rename":..,"move":..,
   "retire":..}, read from the permission table (all false when anonymous).
   create means adding a child under u; move means moving u (the new parent
   is checked again when it is chosen). */
static json_t *unit_can_json(const struct principal *p, const char *path) {
  return json_pack(
      "{s:b,s:b,s:b,s:b}", "create",
      permission_check(p, ACTION_UNIT_CREATE, path, PERMISSION_STATE_NONE,
                       NULL),
      "rename",
      permission_check(p, ACTION_UNIT_RENAME, path, PERMISSION_STATE_NONE,
                       NULL),
      "move",
      permission_check(p, ACTION_UNIT_MOVE, path, PERMISSION_STATE_NONE, NULL),
      "retire",
      permission_check(p, ACTION_UNIT_RETIRE, path, PERMISSION_STATE_NONE,
                       NULL));
}

/* The unit as the caller sees it: unit_json and what they may do to it. */
static json_t *unit_json_for(const struct principal *p, const struct unit *u) {
  json_t *j = unit_json(u);
  json_object_set_new(j, "can", unit_can_json(p, u->path));
  return j;
}

/* Fill u from a row of UNIT_PAGE or UNIT_TREE (the columns of UNIT_GET). */
static void unit_from_row(struct store_stmt *st, struct unit *u) {
  u->id = store_col_int(st, 0);
  u->parent_id = store_col_is_null(st, 1) ? 0 : store_col_int(st, 1);
  int kind = unit_kind_parse(store_col_text(st, 2));
  u->kind = kind < 0 ? UNIT_ENTERPRISE : (enum unit_kind)kind;
  snprintf(u->name, sizeof u->name, "%s", store_col_text(st, 3));
  snprintf(u->path, sizeof u->path, "%s", store_col_text(st, 4));
  u->created_at = store_col_int(st, 5);
  u->retired_at = store_col_is_null(st, 6) ? 0 : store_col_int(st, 6);
  u->is_seat = (int)store_col_int(st, 7);
}

/* The LIKE pattern for ?root= (every unit when absent). */
static int root_pattern(struct store_conn *c, struct http_request *req,
                        char pattern[UNIT_PATH_MAX + 1], struct err *e) {
  int64_t root;
  struct unit u;
  if (api_query_int(req, "root", 0, 1, INT64_MAX, &root, e) != 0) return -1;
  if (root == 0) {
    unit_subtree_pattern("/", pattern);
    return 0;
  }
  if (unit_get(c, root, &u, e) != 0) return -1;
  unit_subtree_pattern(u.path, pattern);
  return 0;
}

/* "name contains" as a LIKE pattern with ! escaping % _ and !. */
static char *contains_pattern(struct arena *a, const char *q) {
  size_t n = strlen(q);
  char *out = arena_alloc(a, 2 * n + 3);
  size_t k = 0;
  out[k++] = '%';
  for (size_t i = 0; i < n; i++) {
    if (q[i] == '%' || q[i] == '_' || q[i] == '!') out[k++] = '!';
    out[k++] = q[i];
  }
  out[k++] = '%';
  out[k] = '\0';
  return out;
}

struct unit_filter {
  char pattern[UNIT_PATH_MAX + 1];
  const char *kind;
  int64_t parent;
  const char *name_like;
  int retired;
  int64_t limit, offset;
};

static int unit_filter_read(struct store_conn *c, struct http_request *req,
                            struct unit_filter *f, struct err *e) {
  f->kind = http_query(req, "kind");
  const char *q = http_query(req, "q");
  f->name_like = q && *q ? contains_pattern(req->arena, q) : NULL;
  if (f->kind && unit_kind_parse(f->kind) < 0)
    return err_set(e, ERR_FIELD_INVALID, "kind");
  if (api_query_int(req, "parent", 0, 1, INT64_MAX, &f->parent, e) != 0 ||
      api_query_flag(req, "retired", &f->retired, e) != 0 ||
      api_query_int(req, "limit", 50, 1, UNIT_PAGE_MAX, &f->limit, e) != 0 ||
      api_query_int(req, "offset", 0, 0, INT64_MAX, &f->offset, e) != 0)
    return -1;
  return root_pattern(c, req, f->pattern, e);
}

static void unit_filter_bind(struct store_stmt *st,
                             const struct unit_filter *f) {
  store_bind_text(st, 1, f->pattern);
  store_bind_text(st, 2, f->kind);
  if (f->parent)
    store_bind_int(st, 3, f->parent);
  else
    store_bind_null(st, 3);
  store_bind_text(st, 4, f->name_like);
  store_bind_int(st, 5, f->retired);
}

/* Fill page with the filtered rows and *total with their count. */
static int unit_page(struct store_conn *c, const struct unit_filter *f,
                     const struct principal *p, json_t *items,
                     int64_t *total, struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_UNIT_PAGE_COUNT, e);
  if (st == NULL) return -1;
  unit_filter_bind(st, f);
  if (store_step_int(st, total, e) != 0) return -1;
  st = store_prepare(c, Q_UNIT_PAGE, e);
  if (st == NULL) return -1;
  unit_filter_bind(st, f);
  store_bind_int(st, 6, f->limit);
  store_bind_int(st, 7, f->offset);
  struct unit u;
  int rc;
  for (rc = store_step(st, e); rc == STORE_ROW; rc = store_step(st, e)) {
    unit_from_row(st, &u);
    json_array_append_new(items, unit_json_for(p, &u));
  }
  store_finish(st);
  return rc == STORE_DONE ? 0 : -1;
}

void api_units_list(struct http_request *req, struct http_response *res) {
  struct app *app = req->app;
  struct err e = {0};
  struct unit_filter f = {0};
  int64_t total = 0;
  json_t *items = json_array();
  /* The caller's roles are loaded before a connection is held. */
  const struct principal *p = api_roles(req);
  struct store_conn *c = store_acquire(app->store);
  int rc = unit_filter_read(c, req, &f, &e);
  if (rc == 0) rc = unit_page(c, &f, p, items, &total, &e);
  store_release(c);
  api_reply_page(req, res, rc, &e, items, total, f.limit, f.offset);
}

/* Build the nested tree from rows ordered parents first. Units whose
   parent is outside the selection are roots of the answer. */
static int unit_tree(struct store_conn *c, const char *pattern, int retired,
                     const struct principal *p, json_t *roots,
                     struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_UNIT_TREE, e);
  if (st == NULL) return -1;
  store_bind_text(st, 1, pattern);
  store_bind_int(st, 2, retired);
  json_t *by_id = json_object();
  struct unit u;
  int rc;
  for (rc = store_step(st, e); rc == STORE_ROW; rc = store_step(st, e)) {
    char key[24], parent_key[24];
    unit_from_row(st, &u);
    snprintf(key, sizeof key, "%lld", (long long)u.id);
    snprintf(parent_key, sizeof parent_key, "%lld", (long long)u.parent_id);
    json_t *node = unit_json_for(p, &u);
    json_object_set_new(node, "children", json_array());
    json_t *parent = json_object_get(by_id, parent_key);
    json_array_append(parent ? json_object_get(parent, "children") : roots,
                      node);
    json_object_set_new(by_id, key, node);
  }
  store_finish(st);
  json_decref(by_id);
  return rc == STORE_DONE ? 0 : -1;
}

void api_units_tree(struct http_request *req, struct http_response *res) {
  struct app *app = req->app;
  struct err e = {0};
  char pattern[UNIT_PATH_MAX + 1];
  int retired = 0;
  json_t *roots = json_array();
  const struct principal *p = api_roles(req);
  struct store_conn *c = store_acquire(app->store);
  int rc = api_query_flag(req, "retired", &retired, &e);
  if (rc == 0) rc = root_pattern(c, req, pattern, &e);
  if (rc == 0) rc = unit_tree(c, pattern, retired, p, roots, &e);
  store_release(c);
  if (rc != 0) {
    json_decref(roots);
    http_reply_error(req, res, &e);
    return;
  }
  /* can_create_root: whether the caller may add a province at the top. */
  http_reply_json(
      res, 200,
      json_pack("{s:o,s:b}", "units", roots, "can_create_root",
                permission_check(p, ACTION_UNIT_CREATE, "/",
                                 PERMISSION_STATE_NONE, NULL)));
}

void api_unit_get(struct http_request *req, struct http_response *res) {
  struct app *app = req->app;
  struct err e = {0};
  struct unit u;
  int64_t id;
  if (api_path_id(req, 0, &id, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  const struct principal *p = api_roles(req);
  struct store_conn *c = store_acquire(app->store);
  int rc = unit_get(c, id, &u, &e);
  store_release(c);
  if (rc != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  http_reply_json(res, 200, unit_json_for(p, &u));
}

/* A change to the tree, as read from the request. */
enum unit_op { UNIT_OP_CREATE, UNIT_OP_RENAME, UNIT_OP_MOVE, UNIT_OP_RETIRE };

struct unit_change {
  enum unit_op op;
  int64_t id;          /* the unit changed (0 when creating) */
  int64_t parent_id;   /* create: the parent (0: a root); move: new parent */
  enum unit_kind kind; /* create */
  const char *name;    /* create, rename (NULL: keep the name) */
  int is_seat;         /* rename: -1 keep, 0 or 1 set the seat flag */
};

/* Apply one change inside the caller's transaction. Fills *after with the
   unit as it now stands. */
static int unit_change_apply(struct store_conn *c,
                             const struct unit_change *ch, struct unit *after,
                             struct err *e) {
  int rc = 0;
  int64_t id = ch->id;
  switch (ch->op) {
    case UNIT_OP_CREATE:
      rc = unit_create(c, ch->parent_id, ch->kind, ch->name, after, e);
      id = after->id;
      break;
    case UNIT_OP_RENAME:
      if (ch->name) rc = unit_rename(c, id, ch->name, e);
      if (rc == 0 && ch->is_seat >= 0)
        rc = unit_set_seat(c, id, ch->is_seat, e);
      break;
    case UNIT_OP_MOVE: rc = unit_move(c, id, ch->parent_id, e); break;
    case UNIT_OP_RETIRE: rc = unit_retire(c, id, e); break;
  }
  if (rc == 0) rc = unit_get(c, id, after, e);
  return rc;
}

/* The action each change is checked and audited as. */
static const enum action unit_actions[] = {
    [UNIT_OP_CREATE] = ACTION_UNIT_CREATE,
    [UNIT_OP_RENAME] = ACTION_UNIT_RENAME,
    [UNIT_OP_MOVE] = ACTION_UNIT_MOVE,
    [UNIT_OP_RETIRE] = ACTION_UNIT_RETIRE,
};

/* The permission check for a change: at the unit changed, at the parent of
   a new unit (the root "/" for a province), and at a moved unit's new
   parent as well. */
static int unit_change_permit(struct http_request *req, struct store_conn *c,
                              const struct unit_change *ch,
                              const struct role_grant **via, struct err *e) {
  struct unit u;
  int64_t at = ch->op == UNIT_OP_CREATE ? ch->parent_id : ch->id;
  const char *path = "/";
  if (at) {
    if (unit_get(c, at, &u, e) != 0) return -1;
    path = u.path;
  }
  if (api_permit(req, unit_actions[ch->op], path, PERMISSION_STATE_NONE, via,
                 e) != 0)
    return -1;
  if (ch->op != UNIT_OP_MOVE) return 0;
  if (unit_get(c, ch->parent_id, &u, e) != 0) return -1;
  return api_permit(req, unit_actions[ch->op], u.path, PERMISSION_STATE_NONE,
                    NULL, e);
}

/* Check, apply and audit one change inside the open transaction. */
static int unit_change_run(struct http_request *req, struct store_conn *c,
                           const struct unit_change *ch, struct unit *after,
                           struct err *e) {
  const struct role_grant *via = NULL;
  struct unit before = {0};
  if (unit_change_permit(req, c, ch, &via, e) != 0) return -1;
  if (ch->id && unit_get(c, ch->id, &before, e) != 0) return -1;
  if (unit_change_apply(c, ch, after, e) != 0) return -1;
  json_t *was = ch->id ? unit_json(&before) : NULL;
  json_t *now = unit_json(after);
  int rc = api_audit(req, c, via, unit_actions[ch->op], after->id, "unit",
                     after->id, was, now, e);
  json_decref(was);
  json_decref(now);
  return rc;
}

/* A unit change, for store_transact(). */
struct unit_work {
  struct http_request *req;
  const struct unit_change *ch;
  struct unit *after;
};

static int unit_work_run(struct store_conn *c, void *ctx, struct err *e) {
  struct unit_work *w = ctx;
  return unit_change_run(w->req, c, w->ch, w->after, e);
}

/* Run one change in its own transaction and answer with the unit. */
static void unit_change_reply(struct http_request *req,
                              struct http_response *res,
                              const struct unit_change *ch, int status) {
  struct app *app = req->app;
  struct err e = {0};
  struct unit after;
  struct unit_work w = {req, ch, &after};
  if (store_transact(app->store, unit_work_run, &w, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  http_reply_json(res, status, unit_json_for(api_roles(req), &after));
}

void api_unit_create(struct http_request *req, struct http_response *res) {
  struct err e = {0};
  struct unit_change ch = {UNIT_OP_CREATE, 0, 0, UNIT_PROVINCE, NULL, -1};
  const char *kind;
  if (json_get_string(req->json, "kind", 1, &kind, &e) != 0 ||
      json_get_string(req->json, "name", 1, &ch.name, &e) != 0 ||
      api_json_id(req->json, "parent_id", 0, &ch.parent_id, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  int k = unit_kind_parse(kind);
  if (k < 0) {
    err_set(&e, ERR_FIELD_INVALID, "kind");
    http_reply_error(req, res, &e);
    return;
  }
  ch.kind = (enum unit_kind)k;
  unit_change_reply(req, res, &ch, 201);
}

void api_unit_rename(struct http_request *req, struct http_response *res) {
  struct err e = {0};
  struct unit_change ch = {UNIT_OP_RENAME, 0, 0, UNIT_PROVINCE, NULL, -1};
  int seat = 0, has_seat = 0;
  if (api_path_id(req, 0, &ch.id, &e) != 0 ||
      json_get_string(req->json, "name", 0, &ch.name, &e) != 0 ||
      json_get_bool(req->json, "is_seat", 0, &seat, &has_seat, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  if (has_seat) ch.is_seat = seat;
  if (ch.name == NULL && !has_seat) {
    err_set(&e, ERR_FIELD_REQUIRED, "name");
    http_reply_error(req, res, &e);
    return;
  }
  unit_change_reply(req, res, &ch, 200);
}

void api_unit_move(struct http_request *req, struct http_response *res) {
  struct err e = {0};
  struct unit_change ch = {UNIT_OP_MOVE, 0, 0, UNIT_PROVINCE, NULL, -1};
  if (api_path_id(req, 0, &ch.id, &e) != 0 ||
      api_json_id(req->json, "parent_id", 1, &ch.parent_id, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  unit_change_reply(req, res, &ch, 200);
}

void api_unit_retire(struct http_request *req, struct http_response *res) {
  struct err e = {0};
  struct unit_change ch = {UNIT_OP_RETIRE, 0, 0, UNIT_PROVINCE, NULL, -1};
  if (api_path_id(req, 0, &ch.id, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  unit_change_reply(req, res, &ch, 200);
}
