/*
** The audit log from the API: writing the row for a change (api_audit,
** called by every handler that changes state, inside its transaction) and
** browsing the log for administrators and leaders, limited to the units
** their audit.read right covers.
*/
#include <stdlib.h>
#include <string.h>

#include "api/api_internal.h"
#include "domain/account.h"
#include "domain/audit.h"
#include "domain/unit.h"

#define AUDIT_PAGE_MAX 500

/* The one way from the API into the audit chain. */
static int audit_write(struct http_request *req, struct store_conn *c,
                       int64_t user_id, const char *role, int64_t unit_id,
                       const char *action, const char *object_type,
                       int64_t object_id, json_t *before, json_t *after,
                       struct err *e) {
  const size_t flags = JSON_COMPACT | JSON_SORT_KEYS;
  char *was = before ? json_dumps(before, flags) : NULL;
  char *now = after ? json_dumps(after, flags) : NULL;
  struct audit_entry a = {
      user_id,     role,      unit_id, action,           object_type,
      object_id,   was,       now,     req->client_addr,
  };
  int rc = audit_append(c, &a, NULL, e);
  free(was);
  free(now);
  return rc;
}

int api_audit(struct http_request *req, struct store_conn *c,
              const struct role_grant *via, enum action action,
              int64_t unit_id, const char *object_type, int64_t object_id,
              json_t *before, json_t *after, struct err *e) {
  const struct session *s = api_principal(req);
  return audit_write(req, c, s ? s->user_id : 0,
                     via ? role_name(via->role) : NULL, unit_id,
                     action_name(action), object_type, object_id, before,
                     after, e);
}

int api_audit_event(struct http_request *req, struct store_conn *c,
                    int64_t user_id, const char *event,
                    const char *object_type, int64_t object_id,
                    json_t *before, json_t *after, struct err *e) {
  const struct session *s = api_principal(req);
  if (user_id == 0 && s) user_id = s->user_id;
  return audit_write(req, c, user_id, NULL, 0, event, object_type, object_id,
                     before, after, e);
}

/* The subtree whose log the caller asked for (?unit=) or, by default, the
   whole tree for an administrator at the root, else the unit of the first
   role that carries audit.read. Writes its LIKE pattern. */
static int audit_scope(struct http_request *req, struct store_conn *c,
                       char pattern[UNIT_PATH_MAX + 1], struct err *e) {
  int64_t unit_id;
  struct unit u;
  const struct principal *p = api_roles(req);
  if (api_query_int(req, "unit", 0, 1, INT64_MAX, &unit_id, e) != 0)
    return -1;
  if (unit_id) {
    if (unit_get(c, unit_id, &u, e) != 0) return -1;
    if (api_permit(req, ACTION_AUDIT_READ, u.path, PERMISSION_STATE_NONE,
                   NULL, e) != 0)
      return -1;
    unit_subtree_pattern(u.path, pattern);
    return 0;
  }
  for (int i = 0; i < p->nroles; i++) {
    const char *path = p->roles[i].unit_path;
    if ((pattern[0] == '\0' || strcmp(path, "/") == 0) &&
        permission_check(p, ACTION_AUDIT_READ, path, PERMISSION_STATE_NONE,
                         NULL))
      unit_subtree_pattern(path, pattern);
  }
  if (pattern[0] == '\0') return err_set(e, ERR_FORBIDDEN, NULL);
  return 0;
}

/* A stored summary back as JSON (text if it does not parse). */
static json_t *summary_json(struct store_stmt *st, int col) {
  if (store_col_is_null(st, col)) return json_null();
  json_t *j = json_loads(store_col_text(st, col), 0, NULL);
  return j ? j : json_string(store_col_text(st, col));
}

static json_t *nullable_id(struct store_stmt *st, int col) {
  return store_col_is_null(st, col) ? json_null()
                                    : json_integer(store_col_int(st, col));
}

/* Who acted, by name: in full for a caller who may see everyone's contact
   details (user.contact at the root), else masked (张**), as elsewhere. */
static json_t *actor_name(struct store_stmt *st, int col, int unmasked) {
  if (store_col_is_null(st, col)) return json_null();
  if (unmasked) return json_string(store_col_text(st, col));
  char masked[64];
  name_mask(store_col_text(st, col), masked, sizeof masked);
  return json_string(masked);
}

static json_t *audit_row_json(struct store_stmt *st, int unmasked) {
  json_t *j = json_pack(
      "{s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:s}", "id",
      (json_int_t)store_col_int(st, 0), "at", (json_int_t)store_col_int(st, 1),
      "role", store_col_text(st, 3), "action", store_col_text(st, 5),
      "object_type", store_col_text(st, 6), "client_addr",
      store_col_text(st, 10), "prev_hash", store_col_text(st, 11), "hash",
      store_col_text(st, 12));
  json_object_set_new(j, "user_id", nullable_id(st, 2));
  json_object_set_new(j, "user_name", actor_name(st, 13, unmasked));
  json_object_set_new(j, "unit_id", nullable_id(st, 4));
  json_object_set_new(j, "object_id", nullable_id(st, 7));
  json_object_set_new(j, "before", summary_json(st, 8));
  json_object_set_new(j, "after", summary_json(st, 9));
  return j;
}

struct audit_filter {
  char pattern[UNIT_PATH_MAX + 1];
  const char *action, *object_type;
  int64_t user, object_id, from, to, limit, offset;
  int unmasked; /* names in full (see actor_name) */
};

static int audit_page(struct store_conn *c, const struct audit_filter *f,
                      json_t *items, struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_AUDIT_PAGE, e);
  if (st == NULL) return -1;
  store_bind_text(st, 1, f->pattern);
  store_bind_text(st, 2, f->action);
  if (f->user)
    store_bind_int(st, 3, f->user);
  else
    store_bind_null(st, 3);
  store_bind_text(st, 4, f->object_type);
  if (f->object_id)
    store_bind_int(st, 5, f->object_id);
  else
    store_bind_null(st, 5);
  store_bind_int(st, 6, f->from);
  store_bind_int(st, 7, f->to);
  store_bind_int(st, 8, f->limit);
  store_bind_int(st, 9, f->offset);
  int rc;
  for (rc = store_step(st, e); rc == STORE_ROW; rc = store_step(st, e))
    json_array_append_new(items, audit_row_json(st, f->unmasked));
  store_finish(st);
  return rc == STORE_DONE ? 0 : -1;
}

void api_audit_list(struct http_request *req, struct http_response *res) {
  struct app *app = req->app;
  struct err e = {0};
  struct audit_filter f = {0};
  f.action = http_query(req, "action");
  f.object_type = http_query(req, "object_type");
  f.unmasked = permission_check(api_roles(req), ACTION_USER_CONTACT, "/",
                                PERMISSION_STATE_NONE, NULL);
  json_t *items = json_array();
  struct store_conn *c = store_acquire(app->store);
  int rc = 0;
  if (api_query_int(req, "user", 0, 1, INT64_MAX, &f.user, &e) != 0 ||
      api_query_int(req, "object_id", 0, 1, INT64_MAX, &f.object_id, &e) !=
          0 ||
      api_query_int(req, "from", 0, 0, INT64_MAX, &f.from, &e) != 0 ||
      api_query_int(req, "to", INT64_MAX, 0, INT64_MAX, &f.to, &e) != 0 ||
      api_query_int(req, "limit", 50, 1, AUDIT_PAGE_MAX, &f.limit, &e) != 0 ||
      api_query_int(req, "offset", 0, 0, INT64_MAX, &f.offset, &e) != 0 ||
      audit_scope(req, c, f.pattern, &e) != 0)
    rc = -1;
  if (rc == 0) rc = audit_page(c, &f, items, &e);
  store_release(c);
  if (rc != 0) {
    json_decref(items);
    http_reply_error(req, res, &e);
    return;
  }
  http_reply_json(res, 200,
                  json_pack("{s:o,s:I,s:I}", "items", items, "limit",
                            (json_int_t)f.limit, "offset",
                            (json_int_t)f.offset));
}

/* The hash chain's state, for administrators at the root: the same walk as
   `xieshang audit verify`. A broken chain is an answer (200, intact false,
   naming the first row altered or removed), not an error. */
void api_audit_verify(struct http_request *req, struct http_response *res) {
  struct app *app = req->app;
  struct err e = {0};
  struct audit_check check = {0};
  if (api_permit(req, ACTION_AUDIT_READ, "/", PERMISSION_STATE_NONE, NULL,
                 &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  struct store_conn *c = store_acquire(app->store);
  int broken = audit_verify(c, &check, &e);
  store_release(c);
  if (broken < 0) {
    http_reply_error(req, res, &e);
    return;
  }
  json_t *body = json_pack("{s:b,s:I}", "intact", !broken, "rows",
                           (json_int_t)check.rows);
  json_object_set_new(body, "bad_id",
                      broken ? json_integer(check.bad_id) : json_null());
  json_object_set_new(body, "problem", broken && check.problem
                                           ? json_string(check.problem)
                                           : json_null());
  http_reply_json(res, 200, body);
}
