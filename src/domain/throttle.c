/*
** Login throttling. See throttle.h.
*/
#include "domain/throttle.h"

#include <string.h>

static const char *const scope_names[THROTTLE_SCOPES] = {"account",
                                                          "address"};

void throttle_judge(int max, int64_t window_ms, int64_t lockout_ms,
                    const int64_t *recent, int n, int64_t now,
                    struct throttle_state *st) {
  int in_window = 0;
  memset(st, 0, sizeof *st);
  for (int i = 0; i < n; i++)
    if (recent[i] > now - window_ms) in_window++;
  st->remaining = max - in_window > 0 ? max - in_window : 0;
  if (max <= 0 || n < max) return;
  /* The newest max failures, within one window, lock from the last. */
  if (recent[0] - recent[max - 1] <= window_ms &&
      recent[0] + lockout_ms > now) {
    st->locked_until = recent[0] + lockout_ms;
    st->remaining = 0;
  } else if (st->remaining == 0) {
    st->remaining = 1; /* the lock has passed: one more try may lock again */
  }
}

void throttle_combine(const struct throttle_state *a,
                      const struct throttle_state *b,
                      struct throttle_state *out) {
  struct throttle_state r;
  r.locked_until =
      a->locked_until > b->locked_until ? a->locked_until : b->locked_until;
  r.remaining = a->remaining < b->remaining ? a->remaining : b->remaining;
  *out = r;
}

/* Read one scope's newest failures and judge them. */
static int scope_check(struct store_conn *c, enum throttle_scope scope,
                       const char *key, int max, const struct throttle_limits *l,
                       int64_t now, struct throttle_state *st, struct err *e) {
  int64_t recent[THROTTLE_MAX_LIMIT];
  int n = 0;
  if (max > THROTTLE_MAX_LIMIT) max = THROTTLE_MAX_LIMIT;
  struct store_stmt *q = store_prepare(c, Q_LOGIN_FAILURE_RECENT, e);
  if (q == NULL) return -1;
  store_bind_text(q, 1, scope_names[scope]);
  store_bind_text(q, 2, key);
  store_bind_int(q, 3, now - l->window_ms - l->lockout_ms);
  store_bind_int(q, 4, max);
  int rc;
  for (rc = store_step(q, e); rc == STORE_ROW && n < max;
       rc = store_step(q, e))
    recent[n++] = store_col_int(q, 0);
  store_finish(q);
  if (rc < 0) return -1;
  throttle_judge(max, l->window_ms, l->lockout_ms, recent, n, now, st);
  return 0;
}

static int has_phone(const char *phone) { return phone && phone[0]; }

int throttle_check(struct store_conn *c, const struct throttle_limits *l,
                   const char *phone, const char *addr, int64_t now,
                   struct throttle_state *st, struct err *e) {
  struct throttle_state account = {0, l->account_max};
  struct throttle_state address = {0, l->account_max};
  if (has_phone(phone) && scope_check(c, THROTTLE_ACCOUNT, phone,
                                      l->account_max, l, now, &account, e) != 0)
    return -1;
  if (l->address_max > 0 &&
      scope_check(c, THROTTLE_ADDRESS, addr ? addr : "-", l->address_max, l,
                  now, &address, e) != 0)
    return -1;
  throttle_combine(&account, &address, st);
  return 0;
}

/* Store one failure in a scope. */
static int scope_fail(struct store_conn *c, enum throttle_scope scope,
                      const char *key, int64_t now, struct err *e) {
  return store_exec(c, Q_LOGIN_FAILURE_INSERT, e, "ssI", scope_names[scope],
                    key, now) < 0
             ? -1
             : 0;
}

int throttle_fail(struct store_conn *c, const struct throttle_limits *l,
                  const char *phone, const char *addr, int64_t now,
                  struct throttle_state *st, int *locked_now, struct err *e) {
  struct throttle_state before;
  if (throttle_check(c, l, phone, addr, now, &before, e) != 0) return -1;
  /* Rows too old to count for anyone go first, so the table stays small
     however many phone numbers and addresses are tried. */
  if (store_exec(c, Q_LOGIN_FAILURE_PURGE, e, "I",
                 now - l->window_ms - l->lockout_ms) < 0)
    return -1;
  if (has_phone(phone) && scope_fail(c, THROTTLE_ACCOUNT, phone, now, e) != 0)
    return -1;
  if (l->address_max > 0 &&
      scope_fail(c, THROTTLE_ADDRESS, addr ? addr : "-", now, e) != 0)
    return -1;
  if (throttle_check(c, l, phone, addr, now, st, e) != 0) return -1;
  *locked_now = st->locked_until > now && before.locked_until <= now;
  return 0;
}

int throttle_clear(struct store_conn *c, const char *phone, struct err *e) {
  if (!has_phone(phone)) return 0;
  return store_exec(c, Q_LOGIN_FAILURE_CLEAR, e, "ss",
                    scope_names[THROTTLE_ACCOUNT], phone) < 0
             ? -1
             : 0;
}

int64_t throttle_wait_seconds(int64_t locked_until, int64_t now) {
  int64_t ms = locked_until - now;
  int64_t s = (ms + 999) / 1000;
  return s > 0 ? s : 1;
}

int64_t throttle_wait_minutes(int64_t locked_until, int64_t now) {
  return (throttle_wait_seconds(locked_until, now) + 59) / 60;
}
