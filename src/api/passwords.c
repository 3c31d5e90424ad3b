/*
** Passwords: a person changes their own (the current one first), and an
** administrator resets someone else's (password.reset, checked at the units
** where that person holds roles).
**
** A change keeps the session it was made from and ends every other one; a
** wrong current password counts as a failed log-in of the account. A
** reset ends all the person's sessions, revokes their API tokens and marks
** the account so that the next log-in asks for a new password. Hashing is
** slow, so it happens before the transaction, which only writes.
*/
#include <stdio.h>
#include <string.h>

#include "api/api_internal.h"
#include "domain/account.h"
#include "domain/role.h"
#include "domain/token.h"
#include "util/timeutil.h"

/* A change or reset, for store_transact(). */
struct password_work {
  struct http_request *req;
  int64_t user_id;             /* whose password */
  const char *hash;            /* the new one, hashed */
  const struct role_grant *via; /* reset: the grant that allows it */
  int64_t unit_id;             /* reset: the unit it was allowed at */
};

static int password_change_run(struct store_conn *c, void *ctx,
                               struct err *e) {
  struct password_work *w = ctx;
  const struct session *s = api_principal(w->req);
  if (account_set_password_hash(c, s->user_id, w->hash, 0, e) != 0 ||
      session_end_others(c, s->user_id, s->id, e) != 0)
    return -1;
  return api_audit_event(w->req, c, 0, "password.change", "user", s->user_id,
                         NULL, NULL, e);
}

/* Check the current password, counting a wrong one against the account
   like a failed log-in. Returns 0, or -1 with e set; *answered is 1 when a
   lock was answered (429) already. */
static int password_current_ok(struct http_request *req,
                               struct http_response *res,
                               const char *current, char phone[PHONE_LEN + 1],
                               int *answered, struct err *e) {
  struct app *app = req->app;
  const struct session *s = api_principal(req);
  char hash[PASSWORD_HASH_MAX];
  int64_t now = time_now_ms();
  struct throttle_state st = {0, 0};
  *answered = 0;
  struct store_conn *c = store_acquire(app->store);
  int rc = account_read_hash(c, s->user_id, phone, hash, e);
  store_release(c);
  if (rc != 0) return -1;
  if (api_throttle_refused(req, res, phone, now)) {
    *answered = 1;
    return -1;
  }
  if (password_verify(hash, current)) return 0;
  if (api_throttle_fail(req, s->user_id, phone, now, &st, e) != 0) return -1;
  if (st.locked_until > now) {
    api_reply_locked(req, res, st.locked_until, now);
    *answered = 1;
    return -1;
  }
  return err_set(e, ERR_PASSWORD_WRONG, NULL);
}

void api_password_change(struct http_request *req,
                         struct http_response *res) {
  struct app *app = req->app;
  struct err e = {0};
  const char *current, *next;
  char phone[PHONE_LEN + 1], hash[PASSWORD_HASH_MAX];
  int answered = 0;
  if (api_require_browser(req, &e) != 0 ||
      json_get_string(req->json, "current_password", 1, &current, &e) != 0 ||
      json_get_string(req->json, "new_password", 1, &next, &e) != 0 ||
      password_current_ok(req, res, current, phone, &answered, &e) != 0 ||
      password_check(next, phone, &e) != 0 ||
      password_hash(next, hash, &e) != 0) {
    if (!answered) http_reply_error(req, res, &e);
    return;
  }
  struct password_work w = {req, api_principal(req)->user_id, hash, NULL, 0};
  if (store_transact(app->store, password_change_run, &w, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  res->status = 204;
}

/* May the caller reset user_id's password? The administrator's
   password.reset must cover a unit where the person holds a role (or the
   root, for an account that holds none, such as the first administrator).
   Sets w->via and w->unit_id. Returns 0 or -1. */
static int password_reset_permit(struct store_conn *c,
                                 struct password_work *w, struct err *e) {
  char phone[PHONE_LEN + 1], hash[PASSWORD_HASH_MAX];
  struct principal held;
  if (account_read_hash(c, w->user_id, phone, hash, e) != 0) return -1;
  if (role_load_principal(c, w->user_id, 0, &held, e) != 0) return -1;
  for (int i = 0; i < held.nroles; i++) {
    if (permission_check(api_roles(w->req), ACTION_PASSWORD_RESET,
                         held.roles[i].unit_path, PERMISSION_STATE_NONE,
                         &w->via)) {
      w->unit_id = held.roles[i].unit_id;
      return 0;
    }
  }
  /* Someone with no role at any unit is reached from the root only. */
  return api_permit(w->req, ACTION_PASSWORD_RESET,
                    held.nroles == 0 ? "/" : NULL, PERMISSION_STATE_NONE,
                    &w->via, e);
}

static int password_reset_run(struct store_conn *c, void *ctx,
                              struct err *e) {
  struct password_work *w = ctx;
  if (password_reset_permit(c, w, e) != 0) return -1;
  if (account_set_password_hash(c, w->user_id, w->hash, 1, e) != 0 ||
      session_end_others(c, w->user_id, 0, e) != 0 ||
      token_revoke_all(c, w->user_id, e) != 0)
    return -1;
  json_t *after = json_pack("{s:b}", "must_change_password", 1);
  int rc = api_audit(w->req, c, w->via, ACTION_PASSWORD_RESET, w->unit_id,
                     "user", w->user_id, NULL, after, e);
  json_decref(after);
  return rc;
}

void api_password_reset(struct http_request *req, struct http_response *res) {
  struct app *app = req->app;
  struct err e = {0};
  const char *given = NULL;
  char generated[PASSWORD_GENERATED_CHARS + 1] = "";
  char hash[PASSWORD_HASH_MAX];
  int64_t user_id;
  if (api_require_browser(req, &e) != 0 ||
      api_path_id(req, 0, &user_id, &e) != 0 ||
      json_get_string(req->json, "password", 0, &given, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  if (given == NULL) password_generate(generated);
  const char *password = given ? given : generated;
  /* The phone is checked against the password inside password_check only
     when known; a reset password is checked for strength here. */
  if (password_check(password, NULL, &e) != 0 ||
      password_hash(password, hash, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  struct password_work w = {req, user_id, hash, NULL, 0};
  if (store_transact(app->store, password_reset_run, &w, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  json_t *body = json_pack("{s:I,s:b}", "user_id", (json_int_t)user_id,
                           "must_change_password", 1);
  if (given == NULL)
    json_object_set_new(body, "password", json_string(generated));
  http_reply_json(res, 200, body);
}
