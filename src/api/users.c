/*
** People: registering and creating accounts, and one person's public page.
**
** Anyone may register as a resident of a village or community; staff and
** administrators create accounts for the units in their scope (user.create)
** with any role their table allows them to grant. Each creation is one
** transaction: the account, its role at the unit, and the audit row.
** Names and phone numbers are shown masked (张**, 138****5678) to anyone
** without the right to see them (user.contact).
*/
#include <stdio.h>
#include <string.h>

#include "api/api_internal.h"
#include "domain/account.h"
#include "domain/role.h"
#include "domain/unit.h"

struct user_new {
  struct account_new account;
  enum role role;
  int64_t unit_id;
};

/* May the caller create this account? Anonymous callers register
   themselves as residents of a village or community; anyone else needs
   user.create at the unit, and role.grant there for roles above member. */
static int user_create_permit(struct http_request *req,
                              const struct user_new *u, const struct unit *at,
                              const struct role_grant **via, struct err *e) {
  *via = NULL;
  if (api_principal(req) == NULL) {
    if (u->role != ROLE_RESIDENT) return err_set(e, ERR_UNAUTHENTICATED, NULL);
    if (at->kind != UNIT_VILLAGE)
      return err_set(e, ERR_RESIDENT_UNIT, "%s", unit_kind_name(at->kind));
    return 0;
  }
  if (api_permit(req, ACTION_USER_CREATE, at->path, PERMISSION_STATE_NONE,
                 via, e) != 0)
    return -1;
  if (u->role == ROLE_RESIDENT || u->role == ROLE_MEMBER ||
      u->role == ROLE_DEPARTMENT)
    return 0;
  return api_permit(req, ACTION_ROLE_GRANT, at->path, PERMISSION_STATE_NONE,
                    NULL, e);
}

/* The audit summary of a new account: never the full phone number. */
static json_t *user_summary(int64_t id, const struct user_new *u,
                            const char *phone) {
  char masked[PHONE_LEN + 1];
  phone_mask(phone, masked);
  return json_pack("{s:I,s:s,s:s,s:s,s:I}", "id", (json_int_t)id, "name",
                   u->account.name, "phone", masked, "role",
                   role_name(u->role), "unit_id", (json_int_t)u->unit_id);
}

/* Check, create, grant and audit inside the open transaction. */
static int user_create_in(struct http_request *req, struct store_conn *c,
                          const struct user_new *u, int64_t *id,
                          struct err *e) {
  struct unit at;
  struct role_held held;
  const struct role_grant *via;
  char phone[PHONE_LEN + 1];
  if (unit_get(c, u->unit_id, &at, e) != 0) return -1;
  if (at.retired_at)
    return err_set(e, ERR_UNIT_RETIRED, "%lld", (long long)at.id);
  if (user_create_permit(req, u, &at, &via, e) != 0) return -1;
  if (account_create(c, &u->account, id, e) != 0) return -1;
  const struct session *s = api_principal(req);
  if (role_grant(c, *id, u->role, at.id, s ? s->user_id : 0, &held, e) != 0)
    return -1;
  if (phone_normalize(u->account.phone, phone, e) != 0) return -1;
  json_t *after = user_summary(*id, u, phone);
  int rc = api_audit(req, c, via, ACTION_USER_CREATE, at.id, "user", *id,
                     NULL, after, e);
  json_decref(after);
  return rc;
}

static int user_new_read(json_t *body, struct user_new *u, struct err *e) {
  const char *role = NULL;
  memset(u, 0, sizeof *u);
  if (json_get_string(body, "phone", 1, &u->account.phone, e) != 0 ||
      json_get_string(body, "name", 1, &u->account.name, e) != 0 ||
      json_get_string(body, "password", 1, &u->account.password, e) != 0 ||
      api_json_id(body, "unit_id", 1, &u->unit_id, e) != 0 ||
      json_get_string(body, "role", 0, &role, e) != 0)
    return -1;
  int r = role ? role_parse(role) : ROLE_RESIDENT;
  if (r < 0) return err_set(e, ERR_FIELD_INVALID, "role");
  u->role = (enum role)r;
  return 0;
}

/* An account creation, for store_transact(). */
struct user_work {
  struct http_request *req;
  const struct user_new *u;
  int64_t *id;
};

static int user_work_run(struct store_conn *c, void *ctx, struct err *e) {
  struct user_work *w = ctx;
  return user_create_in(w->req, c, w->u, w->id, e);
}

void api_user_create(struct http_request *req, struct http_response *res) {
  struct app *app = req->app;
  struct err e = {0};
  struct user_new u;
  int64_t id = 0;
  if (user_new_read(req->json, &u, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  /* Check the password before taking the write lock: hashing is slow. */
  char phone[PHONE_LEN + 1];
  if (phone_normalize(u.account.phone, phone, &e) != 0 ||
      name_check(u.account.name, &e) != 0 ||
      password_check(u.account.password, phone, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  struct user_work w = {req, &u, &id};
  if (store_transact(app->store, user_work_run, &w, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  http_reply_json(res, 201,
                  json_pack("{s:I,s:s,s:s,s:s,s:I}", "id", (json_int_t)id,
                            "name", u.account.name, "phone", phone, "role",
                            role_name(u.role), "unit_id",
                            (json_int_t)u.unit_id));
}

/* 1 if the caller may see this person's name and phone in full: it is
   themself, or they hold user.contact over a unit where the person holds a
   role. */
static int user_contact_visible(struct http_request *req, struct store_conn *c,
                                int64_t user_id, struct err *e) {
  const struct session *s = api_principal(req);
  if (s == NULL) return 0;
  if (s->user_id == user_id) return 1;
  struct principal held;
  if (role_load_principal(c, user_id, 0, &held, e) != 0) return -1;
  for (int i = 0; i < held.nroles; i++)
    if (permission_check(api_roles(req), ACTION_USER_CONTACT,
                         held.roles[i].unit_path, PERMISSION_STATE_NONE,
                         NULL))
      return 1;
  return 0;
}

/* Read one account into a JSON object, masked unless visible. */
static int user_read(struct http_request *req, struct store_conn *c,
                     int64_t id, json_t **out, struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_USER_GET, e);
  if (st == NULL) return -1;
  store_bind_int(st, 1, id);
  int rc = store_step(st, e);
  char phone[PHONE_LEN + 1] = "", name[256] = "";
  int64_t created_at = 0;
  if (rc == STORE_ROW) {
    snprintf(phone, sizeof phone, "%s", store_col_text(st, 1));
    snprintf(name, sizeof name, "%s", store_col_text(st, 2));
    created_at = store_col_int(st, 3);
  }
  store_finish(st);
  if (rc == STORE_DONE)
    return err_set(e, ERR_USER_NOT_FOUND, "%lld", (long long)id);
  if (rc != STORE_ROW) return -1;
  int visible = user_contact_visible(req, c, id, e);
  if (visible < 0) return -1;
  if (!visible) {
    char masked[PHONE_LEN + 1], masked_name[64];
    phone_mask(phone, masked);
    name_mask(name, masked_name, sizeof masked_name);
    snprintf(phone, sizeof phone, "%s", masked);
    snprintf(name, sizeof name, "%s", masked_name);
  }
  *out = json_pack("{s:I,s:s,s:s,s:b,s:I}", "id", (json_int_t)id, "name",
                   name, "phone", phone, "masked", !visible, "created_at",
                   (json_int_t)created_at);
  return 0;
}

void api_user_get(struct http_request *req, struct http_response *res) {
  struct app *app = req->app;
  struct err e = {0};
  int64_t id;
  json_t *body = NULL;
  if (api_path_id(req, 0, &id, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  struct store_conn *c = store_acquire(app->store);
  int rc = user_read(req, c, id, &body, &e);
  store_release(c);
  if (rc != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  http_reply_json(res, 200, body);
}
