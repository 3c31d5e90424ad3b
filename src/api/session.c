/*
** Sessions: log in, who am I, log out.
**
** Log-in is throttled (api/throttle.c): a locked phone number or client
** address gets 429 with Retry-After before its password is even checked;
** a wrong password says how many tries are left. The audit log records
** each log-in and each log-out (and each lock, see throttle.c).
*/
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "api/api_internal.h"
#include "domain/account.h"
#include "domain/throttle.h"
#include "util/json.h"
#include "util/timeutil.h"

json_t *api_session_json(const struct session *s) {
  return json_pack("{s:{s:I,s:s,s:s,s:b},s:s,s:I,s:b,s:b}", "user", "id",
                   (json_int_t)s->user_id, "name", s->name, "phone", s->phone,
                   "is_admin", s->is_admin, "csrf_token", s->csrf,
                   "expires_at", (json_int_t)s->expires_at,
                   "must_change_password", s->must_change, "via_token",
                   s->token_id != 0);
}

/* Secure cookies when the request came over TLS (directly or through a
   proxy that says so). */
static int request_is_tls(struct http_request *req) {
  const char *proto = http_header(req, "X-Forwarded-Proto");
  return proto && strcasecmp(proto, "https") == 0;
}

static void set_session_cookie(struct http_request *req,
                               struct http_response *res, const char *token,
                               long max_age) {
  http_set_header(
      res, "Set-Cookie",
      arena_printf(req->arena, "%s=%s; Path=/; Max-Age=%ld; HttpOnly; "
                               "SameSite=Lax%s",
                   SESSION_COOKIE, token, max_age,
                   request_is_tls(req) ? "; Secure" : ""));
}

/* A successful log-in's work in the database, for store_transact(). */
struct login_work {
  struct http_request *req;
  struct session *s;
  const char *phone;   /* normalised, or "" when not a phone number */
  char *token;         /* the new session's cookie value */
};

/* The session opens, the account's failures are forgotten, the log-in is
   audited. */
static int login_success_run(struct store_conn *c, void *ctx, struct err *e) {
  struct login_work *w = ctx;
  if (throttle_clear(c, w->phone, e) != 0 ||
      session_open(c, w->s, w->req->client_addr, w->token, e) != 0)
    return -1;
  json_t *after = json_pack("{s:I}", "session_id", (json_int_t)w->s->id);
  int rc = api_audit_event(w->req, c, w->s->user_id, "session.login", "user",
                           w->s->user_id, NULL, after, e);
  json_decref(after);
  return rc;
}

void api_session_login(struct http_request *req, struct http_response *res) {
  struct app *app = req->app;
  struct err e = {0};
  const char *phone_in, *password;
  if (json_get_string(req->json, "phone", 1, &phone_in, &e) != 0 ||
      json_get_string(req->json, "password", 1, &password, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  char phone[PHONE_LEN + 1] = "";
  if (phone_normalize(phone_in, phone, NULL) != 0) phone[0] = '\0';
  int64_t now = time_now_ms();
  if (api_throttle_refused(req, res, phone, now)) return;
  struct session s;
  char token[SESSION_TOKEN_CHARS + 1];
  struct store_conn *c = store_acquire(app->store);
  int rc = session_authenticate(c, phone_in, password, &s, &e);
  store_release(c);
  struct login_work w = {req, &s, phone, token};
  if (rc != 0 && e.kind == ERR_LOGIN_FAILED) {
    struct throttle_state st = {0, 0};
    if (api_throttle_fail(req, s.user_id, phone, now, &st, &e) != 0) {
      http_reply_error(req, res, &e);
    } else if (st.locked_until > now) {
      api_reply_locked(req, res, st.locked_until, now);
    } else {
      err_set(&e, ERR_LOGIN_FAILED, "%d", st.remaining);
      http_reply_error(req, res, &e);
    }
    return;
  }
  if (rc != 0 || store_transact(app->store, login_success_run, &w, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  set_session_cookie(req, res, token, SESSION_LIFETIME_MS / 1000);
  http_reply_json(res, 201, api_session_json(&s));
}

void api_session_get(struct http_request *req, struct http_response *res) {
  json_t *body = api_session_json(api_principal(req));
  json_object_set_new(body, "roles", api_roles_json(api_roles(req)));
  http_reply_json(res, 200, body);
}

/* A log-out, for store_transact(): the session ends, audited. */
struct logout_work {
  struct http_request *req;
  const struct session *s;
};

static int logout_run(struct store_conn *c, void *ctx, struct err *e) {
  struct logout_work *w = ctx;
  if (session_logout(c, w->s->id, e) != 0) return -1;
  json_t *before = json_pack("{s:I}", "session_id", (json_int_t)w->s->id);
  int rc = api_audit_event(w->req, c, 0, "session.logout", "user",
                           w->s->user_id, before, NULL, e);
  json_decref(before);
  return rc;
}

void api_session_logout(struct http_request *req, struct http_response *res) {
  struct app *app = req->app;
  struct err e = {0};
  struct logout_work w = {req, api_principal(req)};
  if (api_require_browser(req, &e) != 0 ||
      store_transact(app->store, logout_run, &w, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  set_session_cookie(req, res, "", 0);
  res->status = 204;
}
