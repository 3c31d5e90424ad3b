/*
** Login sessions: random 256-bit tokens, stored only as a hash, each with
** its own CSRF token and an expiry.
*/
#ifndef XIESHANG_DOMAIN_SESSION_H
#define XIESHANG_DOMAIN_SESSION_H

#include <stdint.h>

#include "store/db.h"

#define SESSION_TOKEN_CHARS 44 /* base64url of 32 bytes, no padding: 43 */
#define SESSION_LIFETIME_MS (7LL * 24 * 3600 * 1000)

struct session {
  int64_t id;
  int64_t user_id;
  int64_t expires_at;
  int is_admin;
  int must_change;   /* an administrator reset the password */
  int64_t token_id;  /* not 0: an API token, not a browser session */
  char csrf[SESSION_TOKEN_CHARS + 1];
  char phone[16];
  char name[128];
};

/* Check phone and password and open a session. On success returns 0, fills
   s and writes the token (for the cookie) to token. Returns -1 with
   ERR_LOGIN_FAILED (unknown phone or wrong password: the same answer for
   both, in the same time), ERR_ACCOUNT_DISABLED or a store error. */
int session_login(struct store_conn *c, const char *phone,
                  const char *password, const char *client_addr,
                  struct session *s, char token[SESSION_TOKEN_CHARS + 1],
                  struct err *e);

/* Check phone and password only: returns 0 and fills s's user fields, or
   -1 with the errors of session_login(). Slow (argon2id): call it outside
   any transaction. */
int session_authenticate(struct store_conn *c, const char *phone,
                         const char *password, struct session *s,
                         struct err *e);

/* Open a session for the user in s (from session_authenticate): fills the
   rest of s and writes the cookie's token. Returns 0 or -1. */
int session_open(struct store_conn *c, struct session *s,
                 const char *client_addr,
                 char token[SESSION_TOKEN_CHARS + 1], struct err *e);

/* End every session of user_id but keep_id (0: end them all). Returns 0 or
   -1. */
int session_end_others(struct store_conn *c, int64_t user_id, int64_t keep_id,
                       struct err *e);

/* Find the live session for a token. Returns 1 and fills s, 0 if there is
   none (unknown, expired, or the account disabled), or -1 on a store
   error. */
int session_find(struct store_conn *c, const char *token, struct session *s,
                 struct err *e);

/* End a session. Returns 0 or -1. */
int session_logout(struct store_conn *c, int64_t session_id, struct err *e);

/* Constant-time comparison of a presented CSRF token with the session's. */
int session_csrf_ok(const struct session *s, const char *presented);

#endif
