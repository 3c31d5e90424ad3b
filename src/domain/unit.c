/*
** Units: kinds and where they may sit, paths and subtrees, and the changes
** to the tree. See unit.h.
*/
#include "domain/unit.h"

#include <stdio.h>
#include <string.h>

#include "util/timeutil.h"
#include "util/utf8.h"

/* The kinds, in tree order: a kind's index is its level. */
static const char *const kind_names[UNIT_KIND_COUNT] = {
    "province", "city", "county", "township", "village", "enterprise",
};

const char *unit_kind_name(enum unit_kind kind) {
  return kind >= 0 && kind < UNIT_KIND_COUNT ? kind_names[kind] : "?";
}

int unit_kind_parse(const char *name) {
  for (int i = 0; name && i < UNIT_KIND_COUNT; i++)
    if (strcmp(name, kind_names[i]) == 0) return i;
  return -1;
}

int unit_kind_fits(int parent, enum unit_kind child) {
  if (parent < 0) return child == UNIT_PROVINCE;
  if (parent == UNIT_ENTERPRISE) return 0;
  if (child == UNIT_ENTERPRISE) return 1;
  return (int)child > parent;
}

void unit_subtree_pattern(const char *path, char *out) {
  snprintf(out, UNIT_PATH_MAX + 1, "%s%%", path);
}

int unit_path_within(const char *path, const char *root) {
  size_t n = strlen(root);
  return n > 0 && strncmp(path, root, n) == 0;
}

/* A unit's name: 1..UNIT_NAME_MAX_CHARS characters of valid UTF-8, no
   control characters, not only spaces. */
static int unit_name_check(const char *name, struct err *e) {
  size_t len = name ? strlen(name) : 0;
  size_t chars = 0;
  int blank = 1;
  if (len == 0 || !utf8_valid(name, len))
    return err_set(e, ERR_FIELD_INVALID, "name");
  for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
    if (*p < 0x20 || *p == 0x7F) return err_set(e, ERR_FIELD_INVALID, "name");
    if ((*p & 0xC0) != 0x80) chars++;
    if (*p != ' ') blank = 0;
  }
  if (blank || chars > UNIT_NAME_MAX_CHARS)
    return err_set(e, ERR_FIELD_INVALID, "name");
  return 0;
}

int unit_get(struct store_conn *c, int64_t id, struct unit *u,
             struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_UNIT_GET, e);
  if (st == NULL) return -1;
  store_bind_int(st, 1, id);
  int rc = store_step(st, e);
  if (rc == STORE_ROW) {
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
  store_finish(st);
  if (rc == STORE_DONE)
    return err_set(e, ERR_UNIT_NOT_FOUND, "%lld", (long long)id);
  return rc == STORE_ROW ? 0 : -1;
}

/* Read a unit that must be in service. */
static int unit_get_active(struct store_conn *c, int64_t id, struct unit *u,
                           struct err *e) {
  if (unit_get(c, id, u, e) != 0) return -1;
  if (u->retired_at)
    return err_set(e, ERR_UNIT_RETIRED, "%lld", (long long)id);
  return 0;
}

/* The error for a kind that does not fit under a parent. */
static int kind_misfit(int parent, enum unit_kind child, struct err *e) {
  return err_set(e, ERR_UNIT_KIND, "%s/%s",
                 parent < 0 ? "-" : unit_kind_name((enum unit_kind)parent),
                 unit_kind_name(child));
}

int unit_create(struct store_conn *c, int64_t parent_id, enum unit_kind kind,
                const char *name, struct unit *out, struct err *e) {
  struct unit parent = {0};
  if (unit_name_check(name, e) != 0) return -1;
  if (parent_id && unit_get_active(c, parent_id, &parent, e) != 0) return -1;
  if (!unit_kind_fits(parent_id ? (int)parent.kind : -1, kind))
    return kind_misfit(parent_id ? (int)parent.kind : -1, kind, e);
  struct store_stmt *st = store_prepare(c, Q_UNIT_INSERT, e);
  if (st == NULL) return -1;
  if (parent_id)
    store_bind_int(st, 1, parent_id);
  else
    store_bind_null(st, 1);
  store_bind_text(st, 2, unit_kind_name(kind));
  store_bind_text(st, 3, name);
  store_bind_int(st, 4, time_now_ms());
  int64_t id = 0;
  int rc = store_step(st, e);
  if (rc == STORE_ROW) id = store_col_int(st, 0);
  store_finish(st);
  if (rc != STORE_ROW)
    return rc < 0 ? -1 : err_set(e, ERR_DB_ERROR, "no id returned");
  char path[UNIT_PATH_MAX];
  int n = snprintf(path, sizeof path, "%s%lld/", parent_id ? parent.path : "/",
                   (long long)id);
  if (n < 0 || (size_t)n >= sizeof path)
    return err_set(e, ERR_FIELD_INVALID, "parent_id");
  if (store_exec(c, Q_UNIT_SET_PATH, e, "Is", id, path) < 0) return -1;
  return unit_get(c, id, out, e);
}

int unit_rename(struct store_conn *c, int64_t id, const char *name,
                struct err *e) {
  struct unit u;
  if (unit_name_check(name, e) != 0) return -1;
  if (unit_get_active(c, id, &u, e) != 0) return -1;
  return store_exec(c, Q_UNIT_RENAME, e, "Is", id, name) < 0 ? -1 : 0;
}

int unit_move(struct store_conn *c, int64_t id, int64_t new_parent_id,
              struct err *e) {
  struct unit u, parent;
  if (unit_get_active(c, id, &u, e) != 0) return -1;
  if (unit_get(c, new_parent_id, &parent, e) != 0) return -1;
  if (unit_path_within(parent.path, u.path))
    return err_set(e, ERR_UNIT_CYCLE, "%lld", (long long)new_parent_id);
  if (parent.retired_at)
    return err_set(e, ERR_UNIT_RETIRED, "%lld", (long long)new_parent_id);
  if (!unit_kind_fits((int)parent.kind, u.kind))
    return kind_misfit((int)parent.kind, u.kind, e);
  if (u.parent_id == new_parent_id) return 0;
  char pattern[UNIT_PATH_MAX + 1];
  char path[UNIT_PATH_MAX];
  int n = snprintf(path, sizeof path, "%s%lld/", parent.path, (long long)id);
  if (n < 0 || (size_t)n >= sizeof path)
    return err_set(e, ERR_FIELD_INVALID, "parent_id");
  unit_subtree_pattern(u.path, pattern);
  /* Every path in the subtree keeps its tail after the unit's old path. */
  if (store_exec(c, Q_UNIT_MOVE, e, "II", id, new_parent_id) < 0 ||
      store_exec(c, Q_UNIT_REPATH_SUBTREE, e, "ssi", pattern, path,
                 (int)strlen(u.path) + 1) < 0)
    return -1;
  return 0;
}

int unit_retire(struct store_conn *c, int64_t id, struct err *e) {
  struct unit u;
  if (unit_get_active(c, id, &u, e) != 0) return -1;
  struct store_stmt *st = store_prepare(c, Q_UNIT_ACTIVE_CHILDREN, e);
  if (st == NULL) return -1;
  store_bind_int(st, 1, id);
  int rc = store_step(st, e);
  int64_t children = rc == STORE_ROW ? store_col_int(st, 0) : 0;
  store_finish(st);
  if (rc != STORE_ROW) return -1;
  if (children > 0)
    return err_set(e, ERR_UNIT_HAS_CHILDREN, "%lld", (long long)children);
  return store_exec(c, Q_UNIT_RETIRE, e, "II", id, time_now_ms()) < 0 ? -1
                                                                      : 0;
}

int unit_set_seat(struct store_conn *c, int64_t id, int is_seat,
                  struct err *e) {
  struct unit u;
  if (unit_get_active(c, id, &u, e) != 0) return -1;
  if (is_seat && u.kind != UNIT_TOWNSHIP)
    return err_set(e, ERR_UNIT_KIND, "is_seat/%s", unit_kind_name(u.kind));
  return store_exec(c, Q_UNIT_SET_SEAT, e, "Ii", id, is_seat ? 1 : 0) < 0
             ? -1
             : 0;
}
