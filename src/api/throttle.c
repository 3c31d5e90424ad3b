/*
** Log-in throttling from the API (the rule is domain/throttle.h): refusing
** a locked phone number or address before any password is checked,
** counting a wrong password, and the 429 answer with Retry-After. Used by
** log-in and by the password change (a wrong current password counts, so
** a stolen session cannot guess the password either).
**
** The audit log records each lock that begins, not each failure: the
** failures are in login_failures already, and an anonymous caller must not
** be able to grow the hash-chained log (whose appends queue on one row) as
** fast as it can send requests.
*/
#include "api/api_internal.h"
#include "domain/account.h"
#include "domain/throttle.h"

void api_reply_locked(struct http_request *req, struct http_response *res,
                      int64_t locked_until, int64_t now) {
  struct err e = {0};
  http_set_header(res, "Retry-After",
                  arena_printf(req->arena, "%lld",
                               (long long)throttle_wait_seconds(locked_until,
                                                                now)));
  err_set(&e, ERR_LOGIN_LOCKED, "%lld",
          (long long)throttle_wait_minutes(locked_until, now));
  http_reply_error(req, res, &e);
}

int api_throttle_refused(struct http_request *req, struct http_response *res,
                         const char *phone, int64_t now) {
  struct app *app = req->app;
  struct err e = {0};
  struct throttle_state st;
  struct store_conn *c = store_acquire(app->store);
  int rc = throttle_check(c, &app->throttle, phone, req->client_addr, now,
                          &st, &e);
  store_release(c);
  if (rc != 0) {
    http_reply_error(req, res, &e);
    return 1;
  }
  if (st.locked_until <= now) return 0;
  api_reply_locked(req, res, st.locked_until, now);
  return 1;
}

/* A failure to count, for store_transact(). */
struct failure_work {
  struct http_request *req;
  int64_t user_id;
  const char *phone;
  int64_t now;
  struct throttle_state *state;
};

/* Count it; a lock it starts is audited, the phone masked. */
static int failure_run(struct store_conn *c, void *ctx, struct err *e) {
  struct failure_work *w = ctx;
  struct app *app = w->req->app;
  int locked_now = 0;
  if (throttle_fail(c, &app->throttle, w->phone, w->req->client_addr, w->now,
                    w->state, &locked_now, e) != 0)
    return -1;
  if (!locked_now) return 0;
  char masked[PHONE_LEN + 1] = "";
  if (w->phone && w->phone[0]) phone_mask(w->phone, masked);
  json_t *after = json_pack("{s:s,s:I}", "phone", masked, "locked_until",
                            (json_int_t)w->state->locked_until);
  int rc = api_audit_event(w->req, c, w->user_id, "session.lockout", "user",
                           w->user_id, NULL, after, e);
  json_decref(after);
  return rc;
}

int api_throttle_fail(struct http_request *req, int64_t user_id,
                      const char *phone, int64_t now,
                      struct throttle_state *st, struct err *e) {
  struct app *app = req->app;
  struct failure_work w = {req, user_id, phone, now, st};
  return store_transact(app->store, failure_run, &w, e);
}
