/*
** The people list: everyone holding a role at a unit in a subtree within
** the caller's scope (people.read: staff, leaders, administrators), with
** filters (role, sector, group, text in name or phone), paging and sorting.
** Names and phone numbers are masked unless the caller holds user.contact
** where the person holds a role.
*/
#include <stdio.h>
#include <string.h>

#include "api/api_internal.h"
#include "domain/account.h"
#include "domain/unit.h"
#include "util/arena.h"

#define PEOPLE_PAGE_MAX 200
#define PEOPLE_QUERY_MAX 64

struct people_filter {
  char pattern[UNIT_PATH_MAX + 1];
  const char *root_path;
  const char *role;
  int64_t sector, group;
  const char *like; /* "" for any */
  const char *sort;
  int64_t limit, offset;
};

/* The subtree: ?unit=, or the first unit where the caller may read people
   (the root for an administrator). */
static int people_scope(struct http_request *req, struct store_conn *c,
                        struct people_filter *f, struct err *e) {
  int64_t unit_id;
  struct unit u;
  if (api_query_int(req, "unit", 0, 1, INT64_MAX, &unit_id, e) != 0) return -1;
  if (unit_id) {
    if (unit_get(c, unit_id, &u, e) != 0) return -1;
    f->root_path = arena_strdup(req->arena, u.path);
  } else {
    const struct principal *p = api_roles(req);
    for (int i = 0; i < p->nroles && !f->root_path; i++)
      if (permission_check(p, ACTION_PEOPLE_READ, p->roles[i].unit_path,
                           PERMISSION_STATE_NONE, NULL))
        f->root_path = arena_strdup(req->arena, p->roles[i].unit_path);
    if (!f->root_path) return err_set(e, ERR_FORBIDDEN, NULL);
  }
  if (api_permit(req, ACTION_PEOPLE_READ, f->root_path, PERMISSION_STATE_NONE,
                 NULL, e) != 0)
    return -1;
  /* Searching names and phones would reveal what the mask hides. */
  if (f->like[0] != '\0' && api_permit(req, ACTION_USER_CONTACT, f->root_path,
                                       PERMISSION_STATE_NONE, NULL, e) != 0)
    return -1;
  unit_subtree_pattern(f->root_path, f->pattern);
  return 0;
}

/* "contains q" as a LIKE pattern, '!' escaping % _ and !. */
static const char *like_pattern(struct arena *a, const char *q) {
  size_t n = strlen(q), k = 0;
  char *out = arena_alloc(a, 2 * n + 3);
  out[k++] = '%';
  for (size_t i = 0; i < n; i++) {
    if (q[i] == '%' || q[i] == '_' || q[i] == '!') out[k++] = '!';
    out[k++] = q[i];
  }
  out[k++] = '%';
  out[k] = '\0';
  return out;
}

static int people_filter_read(struct http_request *req, struct store_conn *c,
                              struct people_filter *f, struct err *e) {
  static const char *const sorts[] = {
      "name", "-name", "phone", "-phone", "created_at", "-created_at", "id"};
  const char *q = http_query(req, "q");
  f->role = http_query(req, "role");
  f->sort = http_query(req, "sort");
  if (f->role && *f->role && role_parse(f->role) < 0)
    return err_set(e, ERR_FIELD_INVALID, "role");
  if (!f->role) f->role = "";
  if (!f->sort || !*f->sort) f->sort = "id";
  int sort_ok = 0;
  for (size_t i = 0; i < sizeof sorts / sizeof sorts[0]; i++)
    if (strcmp(f->sort, sorts[i]) == 0) sort_ok = 1;
  if (!sort_ok) return err_set(e, ERR_FIELD_INVALID, "sort");
  if (q && strlen(q) > PEOPLE_QUERY_MAX)
    return err_set(e, ERR_FIELD_INVALID, "q");
  f->like = q && *q ? like_pattern(req->arena, q) : "";
  if (api_query_int(req, "sector", 0, 1, INT64_MAX, &f->sector, e) != 0 ||
      api_query_int(req, "group", 0, 1, INT64_MAX, &f->group, e) != 0 ||
      api_query_int(req, "limit", 20, 1, PEOPLE_PAGE_MAX, &f->limit, e) != 0 ||
      api_query_int(req, "offset", 0, 0, INT64_MAX, &f->offset, e) != 0)
    return -1;
  return people_scope(req, c, f, e);
}

static void people_filter_bind(struct store_stmt *st,
                               const struct people_filter *f) {
  store_bind_text(st, 1, f->pattern);
  store_bind_text(st, 2, f->role);
  store_bind_int(st, 3, f->sector);
  store_bind_int(st, 4, f->group);
  store_bind_text(st, 5, f->like);
}

/* The roles user_id holds inside the subtree, as JSON. */
static int person_roles(struct store_conn *c, int64_t user_id,
                        const char *root_path, json_t **out, struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_ROLE_LIST_USER, e);
  if (st == NULL) return -1;
  store_bind_int(st, 1, user_id);
  *out = json_array();
  int rc;
  for (rc = store_step(st, e); rc == STORE_ROW; rc = store_step(st, e)) {
    if (!unit_path_within(store_col_text(st, 4), root_path)) continue;
    json_array_append_new(*out,
                          json_pack("{s:I,s:s,s:I,s:s}", "id",
                                    (json_int_t)store_col_int(st, 0), "role",
                                    store_col_text(st, 1), "unit_id",
                                    (json_int_t)store_col_int(st, 2),
                                    "unit_name", store_col_text(st, 3)));
  }
  store_finish(st);
  return rc == STORE_DONE ? 0 : -1;
}

/* One row of PEOPLE_PAGE as JSON, masked unless the caller holds
   user.contact at the person's unit. */
static json_t *person_json(struct http_request *req, struct store_stmt *st) {
  char name[256], phone[PHONE_LEN + 1];
  const char *path = store_col_is_null(st, 5) ? "" : store_col_text(st, 5);
  int visible = permission_check(api_roles(req), ACTION_USER_CONTACT, path,
                                 PERMISSION_STATE_NONE, NULL);
  snprintf(name, sizeof name, "%s", store_col_text(st, 1));
  snprintf(phone, sizeof phone, "%s", store_col_text(st, 2));
  if (!visible) {
    char masked[256];
    name_mask(name, masked, sizeof masked);
    snprintf(name, sizeof name, "%s", masked);
    phone_mask(store_col_text(st, 2), phone);
  }
  json_t *j = json_pack(
      "{s:I,s:s,s:s,s:b,s:I,s:b}", "id", (json_int_t)store_col_int(st, 0),
      "name", name, "phone", phone, "masked", !visible, "created_at",
      (json_int_t)store_col_int(st, 3), "disabled", (int)store_col_int(st, 4));
  json_object_set_new(j, "sector_id",
                      store_col_is_null(st, 6)
                          ? json_null()
                          : json_integer(store_col_int(st, 6)));
  json_object_set_new(j, "sector",
                      store_col_is_null(st, 7)
                          ? json_null()
                          : json_string(store_col_text(st, 7)));
  json_object_set_new(j, "group_id",
                      store_col_is_null(st, 8)
                          ? json_null()
                          : json_integer(store_col_int(st, 8)));
  json_object_set_new(j, "group",
                      store_col_is_null(st, 9)
                          ? json_null()
                          : json_string(store_col_text(st, 9)));
  return j;
}

static int people_page(struct http_request *req, struct store_conn *c,
                       const struct people_filter *f, json_t *items,
                       int64_t *total, struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_PEOPLE_COUNT, e);
  if (st == NULL) return -1;
  people_filter_bind(st, f);
  if (store_step_int(st, total, e) != 0) return -1;
  st = store_prepare(c, Q_PEOPLE_PAGE, e);
  if (st == NULL) return -1;
  people_filter_bind(st, f);
  store_bind_text(st, 6, f->sort);
  store_bind_int(st, 7, f->limit);
  store_bind_int(st, 8, f->offset);
  int rc;
  for (rc = store_step(st, e); rc == STORE_ROW; rc = store_step(st, e))
    json_array_append_new(items, person_json(req, st));
  store_finish(st);
  if (rc != STORE_DONE) return -1;
  /* Roles after the page is read: one statement open at a time. */
  size_t i;
  json_t *person;
  json_array_foreach(items, i, person) {
    json_t *roles;
    int64_t id = json_integer_value(json_object_get(person, "id"));
    if (person_roles(c, id, f->root_path, &roles, e) != 0) return -1;
    json_object_set_new(person, "roles", roles);
  }
  return 0;
}

void api_users_list(struct http_request *req, struct http_response *res) {
  struct app *app = req->app;
  struct err e = {0};
  struct people_filter f = {0};
  int64_t total = 0;
  json_t *items = json_array();
  struct store_conn *c = store_acquire(app->store);
  int rc = people_filter_read(req, c, &f, &e);
  if (rc == 0) rc = people_page(req, c, &f, items, &total, &e);
  store_release(c);
  api_reply_page(req, res, rc, &e, items, total, f.limit, f.offset);
}
