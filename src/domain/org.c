/*
** CPPCC bodies and members' profiles. See org.h.
*/
#include "domain/org.h"

#include <stdio.h>
#include <string.h>

#include "domain/account.h"
#include "domain/permission.h"
#include "domain/role.h"
#include "util/timeutil.h"

static const char *const body_kind_names[BODY_KIND_COUNT] = {
    "committee",      "special_committee", "sector",
    "activity_group", "liaison_committee", "street_committee",
};

const char *body_kind_name(enum body_kind kind) {
  return kind >= 0 && kind < BODY_KIND_COUNT ? body_kind_names[kind] : "?";
}

int body_kind_parse(const char *name) {
  for (int i = 0; name && i < BODY_KIND_COUNT; i++)
    if (strcmp(name, body_kind_names[i]) == 0) return i;
  return -1;
}

int body_kind_is_group(enum body_kind kind) {
  return kind == BODY_ACTIVITY_GROUP || kind == BODY_LIAISON_COMMITTEE ||
         kind == BODY_STREET_COMMITTEE;
}

int body_get(struct store_conn *c, int64_t id, struct body *out,
             struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_BODY_GET, e);
  if (st == NULL) return -1;
  store_bind_int(st, 1, id);
  int rc = store_step(st, e);
  if (rc == STORE_ROW) {
    memset(out, 0, sizeof *out);
    out->id = store_col_int(st, 0);
    out->unit_id = store_col_int(st, 1);
    out->parent_id = store_col_is_null(st, 2) ? 0 : store_col_int(st, 2);
    int kind = body_kind_parse(store_col_text(st, 3));
    out->kind = kind < 0 ? BODY_SECTOR : (enum body_kind)kind;
    snprintf(out->name, sizeof out->name, "%s", store_col_text(st, 4));
    out->created_at = store_col_int(st, 5);
    out->retired_at = store_col_is_null(st, 6) ? 0 : store_col_int(st, 6);
    snprintf(out->unit_path, sizeof out->unit_path, "%s",
             store_col_text(st, 7));
    snprintf(out->unit_name, sizeof out->unit_name, "%s",
             store_col_text(st, 8));
  }
  store_finish(st);
  if (rc == STORE_DONE)
    return err_set(e, ERR_BODY_NOT_FOUND, "%lld", (long long)id);
  return rc == STORE_ROW ? 0 : -1;
}

/* The id the statement's first row holds in column 0, 0 when there is no
   row, -1 on a store error. */
static int64_t first_id(struct store_stmt *st, struct err *e) {
  int rc = store_step(st, e);
  int64_t id = rc == STORE_ROW ? store_col_int(st, 0) : 0;
  store_finish(st);
  return rc < 0 ? -1 : id;
}

int body_committee_at(struct store_conn *c, int64_t unit_id, struct body *out,
                      struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_BODY_COMMITTEE_AT, e);
  if (st == NULL) return -1;
  store_bind_int(st, 1, unit_id);
  int64_t id = first_id(st, e);
  if (id < 0) return -1;
  if (id == 0) return err_set(e, ERR_NO_COMMITTEE, "%lld", (long long)unit_id);
  return body_get(c, id, out, e);
}

/* ERR_BODY_NAME_TAKEN when another body in service under parent_id (other
   than self) has this name. */
static int name_free(struct store_conn *c, int64_t parent_id, const char *name,
                     int64_t self, struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_BODY_NAME_USED, e);
  if (st == NULL) return -1;
  store_bind_int(st, 1, parent_id);
  store_bind_text(st, 2, name);
  store_bind_int(st, 3, self);
  int64_t id = first_id(st, e);
  if (id < 0) return -1;
  return id ? err_set(e, ERR_BODY_NAME_TAKEN, "%s", name) : 0;
}

/* Where a new body goes: check the unit and the parent committee and
   return the unit to use in *at. */
static int body_place(struct store_conn *c, int64_t unit_id, int64_t parent_id,
                      enum body_kind kind, struct unit *at, struct err *e) {
  struct body parent;
  if (kind == BODY_COMMITTEE) {
    if (parent_id) return err_set(e, ERR_BODY_PLACE, "parent_id");
    if (unit_get(c, unit_id, at, e) != 0) return -1;
    if (at->kind != UNIT_PROVINCE && at->kind != UNIT_CITY &&
        at->kind != UNIT_COUNTY)
      return err_set(e, ERR_BODY_PLACE, "%s", unit_kind_name(at->kind));
    struct body existing;
    if (body_committee_at(c, unit_id, &existing, e) == 0)
      return err_set(e, ERR_BODY_NAME_TAKEN, "%s", existing.name);
    if (e->kind != ERR_NO_COMMITTEE) return -1;
  } else {
    if (!parent_id) return err_set(e, ERR_FIELD_REQUIRED, "parent_id");
    if (body_get(c, parent_id, &parent, e) != 0) return -1;
    if (parent.kind != BODY_COMMITTEE)
      return err_set(e, ERR_BODY_PLACE, "parent_id");
    if (parent.retired_at)
      return err_set(e, ERR_BODY_RETIRED, "%lld", (long long)parent_id);
    if (!body_kind_is_group(kind) && unit_id && unit_id != parent.unit_id)
      return err_set(e, ERR_BODY_PLACE, "unit_id");
    if (!body_kind_is_group(kind)) unit_id = parent.unit_id;
    if (!unit_id) return err_set(e, ERR_FIELD_REQUIRED, "unit_id");
    if (unit_get(c, unit_id, at, e) != 0) return -1;
    if (body_kind_is_group(kind) &&
        (at->kind != UNIT_TOWNSHIP ||
         !unit_path_within(at->path, parent.unit_path)))
      return err_set(e, ERR_BODY_PLACE, "unit_id");
  }
  if (at->retired_at)
    return err_set(e, ERR_UNIT_RETIRED, "%lld", (long long)at->id);
  return 0;
}

int body_create(struct store_conn *c, int64_t unit_id, int64_t parent_id,
                enum body_kind kind, const char *name, struct body *out,
                struct err *e) {
  struct unit at;
  if (name_check(name, e) != 0) return -1;
  if (body_place(c, unit_id, parent_id, kind, &at, e) != 0) return -1;
  if (parent_id && name_free(c, parent_id, name, 0, e) != 0) return -1;
  struct store_stmt *st = store_prepare(c, Q_BODY_INSERT, e);
  if (st == NULL) return -1;
  store_bind_int(st, 1, at.id);
  if (parent_id)
    store_bind_int(st, 2, parent_id);
  else
    store_bind_null(st, 2);
  store_bind_text(st, 3, body_kind_name(kind));
  store_bind_text(st, 4, name);
  store_bind_int(st, 5, time_now_ms());
  int64_t id = first_id(st, e);
  if (id <= 0) return id < 0 ? -1 : err_set(e, ERR_DB_ERROR, "no id");
  return body_get(c, id, out, e);
}

int body_rename(struct store_conn *c, int64_t id, const char *name,
                struct err *e) {
  struct body b;
  if (name_check(name, e) != 0 || body_get(c, id, &b, e) != 0) return -1;
  if (b.retired_at) return err_set(e, ERR_BODY_RETIRED, "%lld", (long long)id);
  if (b.parent_id && name_free(c, b.parent_id, name, id, e) != 0) return -1;
  return store_exec(c, Q_BODY_RENAME, e, "Is", id, name) < 0 ? -1 : 0;
}

int body_retire(struct store_conn *c, int64_t id, struct err *e) {
  struct body b;
  if (body_get(c, id, &b, e) != 0) return -1;
  if (b.retired_at) return err_set(e, ERR_BODY_RETIRED, "%lld", (long long)id);
  struct store_stmt *st = store_prepare(c, Q_BODY_ACTIVE_CHILDREN, e);
  if (st == NULL) return -1;
  store_bind_int(st, 1, id);
  int64_t children = first_id(st, e);
  if (children < 0) return -1;
  if (children > 0)
    return err_set(e, ERR_BODY_HAS_CHILDREN, "%lld", (long long)children);
  return store_exec(c, Q_BODY_RETIRE, e, "II", id, time_now_ms()) < 0 ? -1 : 0;
}

int role_held_at(struct store_conn *c, int64_t user_id, const char *role,
                 int64_t unit_id, struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_ROLE_HELD, e);
  if (st == NULL) return -1;
  store_bind_int(st, 1, user_id);
  store_bind_text(st, 2, role);
  store_bind_int(st, 3, unit_id);
  int64_t id = first_id(st, e);
  return id < 0 ? -1 : id > 0;
}

/* Check one optional body of a profile: in service, under committee_id,
   of the kind wanted (for groups: any group kind). */
static int profile_body_check(struct store_conn *c, int64_t id,
                              int64_t committee_id, enum body_kind want,
                              const char *field, struct err *e) {
  struct body b;
  if (id == 0) return 0;
  if (body_get(c, id, &b, e) != 0) return -1;
  int kind_ok =
      body_kind_is_group(want) ? body_kind_is_group(b.kind) : b.kind == want;
  if (b.retired_at || b.parent_id != committee_id || !kind_ok)
    return err_set(e, ERR_PROFILE_BODY, "%s", field);
  return 0;
}

int profile_set(struct store_conn *c, int64_t user_id,
                const struct member_profile *p, int64_t granted_by,
                struct err *e) {
  struct body committee;
  if (body_get(c, p->committee_id, &committee, e) != 0) return -1;
  if (committee.kind != BODY_COMMITTEE || committee.retired_at)
    return err_set(e, ERR_PROFILE_BODY, "committee_id");
  if (!p->sector_id) return err_set(e, ERR_FIELD_REQUIRED, "sector_id");
  if (profile_body_check(c, p->sector_id, committee.id, BODY_SECTOR,
                         "sector_id", e) != 0 ||
      profile_body_check(c, p->special_committee_id, committee.id,
                         BODY_SPECIAL_COMMITTEE, "special_committee_id",
                         e) != 0 ||
      profile_body_check(c, p->group_id, committee.id, BODY_ACTIVITY_GROUP,
                         "group_id", e) != 0)
    return -1;
  return profile_put(c, user_id, p, committee.unit_id, granted_by, e);
}

int profile_put(struct store_conn *c, int64_t user_id,
                const struct member_profile *p, int64_t committee_unit_id,
                int64_t granted_by, struct err *e) {
  struct role_held held;
  int has =
      role_held_at(c, user_id, role_name(ROLE_MEMBER), committee_unit_id, e);
  if (has < 0) return -1;
  if (!has && role_grant(c, user_id, ROLE_MEMBER, committee_unit_id, granted_by,
                         &held, e) != 0)
    return -1;
  struct store_stmt *st = store_prepare(c, Q_PROFILE_PUT, e);
  if (st == NULL) return -1;
  store_bind_int(st, 1, user_id);
  store_bind_int(st, 2, p->committee_id);
  store_bind_int(st, 3, p->sector_id);
  if (p->special_committee_id)
    store_bind_int(st, 4, p->special_committee_id);
  else
    store_bind_null(st, 4);
  if (p->group_id)
    store_bind_int(st, 5, p->group_id);
  else
    store_bind_null(st, 5);
  store_bind_int(st, 6, time_now_ms());
  int rc = store_step(st, e);
  store_finish(st);
  return rc == STORE_DONE ? 0 : -1;
}
