/*
** Login sessions. See session.h.
*/
#include "domain/session.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "domain/account.h"
#include "util/timeutil.h"

/* A random 256-bit value as unpadded base64url. */
static void random_token(char out[SESSION_TOKEN_CHARS + 1]) {
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  sodium_bin2base64(out, SESSION_TOKEN_CHARS + 1, bytes, sizeof bytes,
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* Hex SHA-256 of the token: what the database keeps. */
static void token_hash(const char *token, char out[65]) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, (const unsigned char *)token, strlen(token));
  sodium_bin2hex(out, 65, digest, sizeof digest);
}

/* A hash of a random password, verified when the phone is unknown so that
   the answer takes as long as for a known phone. */
static char dummy_hash[PASSWORD_HASH_MAX];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void dummy_hash_make(void) {
  char password[SESSION_TOKEN_CHARS + 1];
  random_token(password);
  if (password_hash(password, dummy_hash, NULL) != 0) dummy_hash[0] = '\0';
}

int session_authenticate(struct store_conn *c, const char *phone_in,
                         const char *password, struct session *s,
                         struct err *e) {
  char phone[PHONE_LEN + 1];
  char hash[PASSWORD_HASH_MAX] = "";
  int found = 0, disabled = 0;
  memset(s, 0, sizeof *s);
  if (phone_normalize(phone_in, phone, NULL) == 0) {
    struct store_stmt *st = store_prepare(c, Q_USER_BY_PHONE, e);
    if (st == NULL) return -1;
    store_bind_text(st, 1, phone);
    int rc = store_step(st, e);
    if (rc == STORE_ROW) {
      found = 1;
      s->user_id = store_col_int(st, 0);
      snprintf(s->phone, sizeof s->phone, "%s", store_col_text(st, 1));
      snprintf(s->name, sizeof s->name, "%s", store_col_text(st, 2));
      snprintf(hash, sizeof hash, "%s", store_col_text(st, 3));
      s->is_admin = (int)store_col_int(st, 4);
      disabled = (int)store_col_int(st, 5);
      s->must_change = (int)store_col_int(st, 7);
    }
    store_finish(st);
    if (rc < 0) return -1;
  }
  pthread_once(&dummy_once, dummy_hash_make);
  int ok = password_verify(found ? hash : dummy_hash, password);
  if (!found || !ok) return err_set(e, ERR_LOGIN_FAILED, "%d", 0);
  if (disabled) return err_set(e, ERR_ACCOUNT_DISABLED, NULL);
  return 0;
}

int session_open(struct store_conn *c, struct session *s,
                 const char *client_addr,
                 char token[SESSION_TOKEN_CHARS + 1], struct err *e) {
  char digest[65];
  random_token(token);
  random_token(s->csrf);
  token_hash(token, digest);
  int64_t now = time_now_ms();
  s->expires_at = now + SESSION_LIFETIME_MS;
  struct store_stmt *st = store_prepare(c, Q_SESSION_INSERT, e);
  if (st == NULL) return -1;
  store_bind_text(st, 1, digest);
  store_bind_int(st, 2, s->user_id);
  store_bind_text(st, 3, s->csrf);
  store_bind_text(st, 4, client_addr ? client_addr : "-");
  store_bind_int(st, 5, now);
  store_bind_int(st, 6, s->expires_at);
  int rc = store_step(st, e);
  if (rc == STORE_ROW) s->id = store_col_int(st, 0);
  store_finish(st);
  if (rc == STORE_DONE) return err_set(e, ERR_DB_ERROR, "no id returned");
  return rc == STORE_ROW ? 0 : -1;
}

int session_login(struct store_conn *c, const char *phone,
                  const char *password, const char *client_addr,
                  struct session *s, char token[SESSION_TOKEN_CHARS + 1],
                  struct err *e) {
  if (session_authenticate(c, phone, password, s, e) != 0) return -1;
  return session_open(c, s, client_addr, token, e);
}

int session_end_others(struct store_conn *c, int64_t user_id, int64_t keep_id,
                       struct err *e) {
  return store_exec(c, Q_SESSION_PURGE_OTHERS, e, "II", user_id, keep_id) < 0
             ? -1
             : 0;
}

int session_find(struct store_conn *c, const char *token, struct session *s,
                 struct err *e) {
  char digest[65];
  if (token == NULL || strlen(token) != SESSION_TOKEN_CHARS - 1) return 0;
  token_hash(token, digest);
  struct store_stmt *st = store_prepare(c, Q_SESSION_LOOKUP, e);
  if (st == NULL) return -1;
  store_bind_text(st, 1, digest);
  store_bind_int(st, 2, time_now_ms());
  int rc = store_step(st, e);
  if (rc == STORE_ROW) {
    s->id = store_col_int(st, 0);
    snprintf(s->csrf, sizeof s->csrf, "%s", store_col_text(st, 1));
    s->expires_at = store_col_int(st, 2);
    s->user_id = store_col_int(st, 3);
    snprintf(s->phone, sizeof s->phone, "%s", store_col_text(st, 4));
    snprintf(s->name, sizeof s->name, "%s", store_col_text(st, 5));
    s->is_admin = (int)store_col_int(st, 6);
    s->must_change = (int)store_col_int(st, 7);
    s->token_id = 0;
  }
  store_finish(st);
  if (rc < 0) return -1;
  return rc == STORE_ROW ? 1 : 0;
}

int session_logout(struct store_conn *c, int64_t session_id, struct err *e) {
  return store_exec(c, Q_SESSION_DELETE, e, "I", session_id) < 0 ? -1 : 0;
}

int session_csrf_ok(const struct session *s, const char *presented) {
  size_t len = strlen(s->csrf);
  if (presented == NULL || strlen(presented) != len || len == 0) return 0;
  return sodium_memcmp(s->csrf, presented, len) == 0;
}
