/*
** Roles held at units. See role.h.
*/
#include "domain/role.h"

#include <stdio.h>
#include <string.h>

#include "util/timeutil.h"

int role_load_principal(struct store_conn *c, int64_t user_id, int is_admin,
                        struct principal *p, struct err *e) {
  memset(p, 0, sizeof *p);
  p->user_id = user_id;
  if (is_admin) {
    p->roles[0].role = ROLE_ADMIN;
    snprintf(p->roles[0].unit_path, UNIT_PATH_MAX, "/");
    p->nroles = 1;
  }
  struct store_stmt *st = store_prepare(c, Q_ROLE_PRINCIPAL, e);
  if (st == NULL) return -1;
  store_bind_int(st, 1, user_id);
  int rc;
  for (rc = store_step(st, e); rc == STORE_ROW; rc = store_step(st, e)) {
    int role = role_parse(store_col_text(st, 0));
    if (role < 0 || p->nroles >= PRINCIPAL_MAX_ROLES) continue;
    struct role_grant *g = &p->roles[p->nroles++];
    g->role = (enum role)role;
    g->unit_id = store_col_int(st, 1);
    snprintf(g->unit_path, sizeof g->unit_path, "%s", store_col_text(st, 2));
  }
  store_finish(st);
  return rc == STORE_DONE ? 0 : -1;
}

int role_get(struct store_conn *c, int64_t id, struct role_held *out,
             struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_ROLE_GET, e);
  if (st == NULL) return -1;
  store_bind_int(st, 1, id);
  int rc = store_step(st, e);
  if (rc == STORE_ROW) {
    out->id = store_col_int(st, 0);
    out->user_id = store_col_int(st, 1);
    int role = role_parse(store_col_text(st, 2));
    out->role = role < 0 ? ROLE_RESIDENT : (enum role)role;
    out->unit_id = store_col_int(st, 3);
    snprintf(out->unit_path, sizeof out->unit_path, "%s",
             store_col_text(st, 4));
    out->created_at = store_col_int(st, 5);
  }
  store_finish(st);
  if (rc == STORE_DONE)
    return err_set(e, ERR_ROLE_NOT_FOUND, "%lld", (long long)id);
  return rc == STORE_ROW ? 0 : -1;
}

/* 1 if the account exists, 0 if not, -1 on a store error. */
static int user_exists(struct store_conn *c, int64_t user_id, struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_USER_EXISTS, e);
  if (st == NULL) return -1;
  store_bind_int(st, 1, user_id);
  int rc = store_step(st, e);
  store_finish(st);
  return rc < 0 ? -1 : rc == STORE_ROW;
}

int role_grant(struct store_conn *c, int64_t user_id, enum role role,
               int64_t unit_id, int64_t granted_by, struct role_held *out,
               struct err *e) {
  struct unit u;
  int exists = user_exists(c, user_id, e);
  if (exists < 0) return -1;
  if (!exists)
    return err_set(e, ERR_USER_NOT_FOUND, "%lld", (long long)user_id);
  if (unit_get(c, unit_id, &u, e) != 0) return -1;
  if (u.retired_at)
    return err_set(e, ERR_UNIT_RETIRED, "%lld", (long long)unit_id);
  struct store_stmt *st = store_prepare(c, Q_ROLE_INSERT, e);
  if (st == NULL) return -1;
  store_bind_int(st, 1, user_id);
  store_bind_text(st, 2, role_name(role));
  store_bind_int(st, 3, unit_id);
  if (granted_by)
    store_bind_int(st, 4, granted_by);
  else
    store_bind_null(st, 4);
  store_bind_int(st, 5, time_now_ms());
  int64_t id = 0;
  int rc = store_step(st, e);
  if (rc == STORE_ROW) id = store_col_int(st, 0);
  store_finish(st);
  if (rc == STORE_ECONSTRAINT)
    return err_set(e, ERR_CONFLICT, "%s@%lld", role_name(role),
                   (long long)unit_id);
  if (rc != STORE_ROW)
    return rc < 0 ? -1 : err_set(e, ERR_DB_ERROR, "no id returned");
  return role_get(c, id, out, e);
}

int role_revoke(struct store_conn *c, int64_t id, struct err *e) {
  int64_t n = store_exec(c, Q_ROLE_DELETE, e, "I", id);
  if (n < 0) return -1;
  if (n == 0) return err_set(e, ERR_ROLE_NOT_FOUND, "%lld", (long long)id);
  return 0;
}
