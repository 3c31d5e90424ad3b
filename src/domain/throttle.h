/*
** Login throttling: too many failed log-ins lock an account (by phone
** number) or a client address for a while.
**
** Every failure is stored (login_failures), once under the account's phone
** and once under the client's address, so that any node serving the next
** attempt sees the same counts. A scope is locked when its newest `max`
** failures all fall within `window_ms`; the lock lasts `lockout_ms` from the
** last of them. While locked, attempts are refused before the password is
** checked and are not counted, so a lock ends on time. A successful log-in
** clears the account's failures, not the address's (one good account must
** not reset the count of an address guessing at others).
**
** The address is the peer of the TCP connection: behind a reverse proxy
** every client shares the proxy's, so there set address_max to 0 (off) or
** high enough that one guesser cannot lock everyone out.
*/
#ifndef XIESHANG_DOMAIN_THROTTLE_H
#define XIESHANG_DOMAIN_THROTTLE_H

#include <stdint.h>

#include "store/db.h"
#include "util/err.h"

#define THROTTLE_MAX_LIMIT 1000

struct throttle_limits {
  int account_max;      /* failures per phone number ... */
  int address_max;      /* ... and per client address (0: not counted) ... */
  int64_t window_ms;    /* ... within this long ... */
  int64_t lockout_ms;   /* ... lock it for this long */
};

/* 5 per account and 20 per address within 15 minutes lock for 15 minutes. */
#define THROTTLE_DEFAULTS {5, 20, 15LL * 60 * 1000, 15LL * 60 * 1000}

enum throttle_scope { THROTTLE_ACCOUNT, THROTTLE_ADDRESS, THROTTLE_SCOPES };

/* What the failures of one scope say now. */
struct throttle_state {
  int64_t locked_until;  /* epoch ms; 0: not locked */
  int remaining;         /* failures left before the lock */
};

/* The rule, with no database: recent holds the times of a scope's newest
   failures, newest first (n of them, at most max). Fills st for time now. */
void throttle_judge(int max, int64_t window_ms, int64_t lockout_ms,
                    const int64_t *recent, int n, int64_t now,
                    struct throttle_state *st);

/* The tighter of two states: locked if either is, else the fewer tries. */
void throttle_combine(const struct throttle_state *a,
                      const struct throttle_state *b,
                      struct throttle_state *out);

/* Read the state of a phone (normalised; NULL or "" for none: only the
   address counts) and an address at time now. Returns 0 or -1. */
int throttle_check(struct store_conn *c, const struct throttle_limits *l,
                   const char *phone, const char *addr, int64_t now,
                   struct throttle_state *st, struct err *e);

/* Record one failure for the phone (may be NULL) and the address, dropping
   rows too old to matter, then fill st with the new state and *locked_now
   with 1 if this failure started a lock (for the audit log). Call inside a
   transaction. Returns 0 or -1. */
int throttle_fail(struct store_conn *c, const struct throttle_limits *l,
                  const char *phone, const char *addr, int64_t now,
                  struct throttle_state *st, int *locked_now, struct err *e);

/* Forget the account's failures after a successful log-in. Returns 0/-1. */
int throttle_clear(struct store_conn *c, const char *phone, struct err *e);

/* Whole minutes (rounded up, at least 1) and seconds until locked_until. */
int64_t throttle_wait_minutes(int64_t locked_until, int64_t now);
int64_t throttle_wait_seconds(int64_t locked_until, int64_t now);

#endif
