/*
** API tokens. See token.h.
*/
#include "domain/token.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "domain/account.h"
#include "util/timeutil.h"

#define TOKEN_TOUCH_MS 60000

void token_hash(const char *token, char out[TOKEN_HASH_HEX]) {
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, (const unsigned char *)token,
                     strlen(token), NULL, 0);
  sodium_bin2hex(out, TOKEN_HASH_HEX, digest, sizeof digest);
}

void token_generate(char token[TOKEN_CHARS + 1],
                    char prefix[TOKEN_PREFIX_CHARS + 1],
                    char hash[TOKEN_HASH_HEX]) {
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  memcpy(token, TOKEN_MARK, 3);
  sodium_bin2base64(token + 3, TOKEN_CHARS + 1 - 3, bytes, sizeof bytes,
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  snprintf(prefix, TOKEN_PREFIX_CHARS + 1, "%.*s", TOKEN_PREFIX_CHARS, token);
  token_hash(token, hash);
  sodium_memzero(bytes, sizeof bytes);
}

static int base64url_char(char ch) {
  return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
         (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';
}

int token_well_formed(const char *text) {
  if (text == NULL || strlen(text) != TOKEN_CHARS ||
      strncmp(text, TOKEN_MARK, 3) != 0)
    return 0;
  for (const char *p = text + 3; *p; p++)
    if (!base64url_char(*p)) return 0;
  return 1;
}

/* How many tokens user_id holds that still work. */
static int token_count_live(struct store_conn *c, int64_t user_id,
                            int64_t *n, struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_TOKEN_COUNT_LIVE, e);
  if (st == NULL) return -1;
  store_bind_int(st, 1, user_id);
  store_bind_int(st, 2, time_now_ms());
  return store_step_int(st, n, e);
}

int token_create(struct store_conn *c, int64_t user_id, const char *name,
                 int64_t expires_at, int64_t *id,
                 char token[TOKEN_CHARS + 1],
                 char prefix[TOKEN_PREFIX_CHARS + 1], struct err *e) {
  char hash[TOKEN_HASH_HEX];
  if (name_check(name, e) != 0) return err_set(e, ERR_FIELD_INVALID, "name");
  int64_t live = 0;
  if (token_count_live(c, user_id, &live, e) != 0) return -1;
  if (live >= TOKEN_MAX_LIVE)
    return err_set(e, ERR_TOKEN_LIMIT, "%d", TOKEN_MAX_LIVE);
  token_generate(token, prefix, hash);
  struct store_stmt *st = store_prepare(c, Q_TOKEN_INSERT, e);
  if (st == NULL) return -1;
  store_bind_int(st, 1, user_id);
  store_bind_text(st, 2, name);
  store_bind_text(st, 3, prefix);
  store_bind_text(st, 4, hash);
  store_bind_int(st, 5, time_now_ms());
  if (expires_at > 0)
    store_bind_int(st, 6, expires_at);
  else
    store_bind_null(st, 6);
  int rc = store_step(st, e);
  if (rc == STORE_ROW) *id = store_col_int(st, 0);
  store_finish(st);
  if (rc == STORE_DONE) return err_set(e, ERR_DB_ERROR, "no id returned");
  return rc == STORE_ROW ? 0 : -1;
}

int token_authenticate(struct store_conn *c, const char *presented,
                       struct session *s, struct err *e) {
  char prefix[TOKEN_PREFIX_CHARS + 1], hash[TOKEN_HASH_HEX];
  if (!token_well_formed(presented)) return 0;
  snprintf(prefix, sizeof prefix, "%.*s", TOKEN_PREFIX_CHARS, presented);
  token_hash(presented, hash);
  int64_t now = time_now_ms();
  struct store_stmt *st = store_prepare(c, Q_TOKEN_LOOKUP, e);
  if (st == NULL) return -1;
  store_bind_text(st, 1, prefix);
  store_bind_int(st, 2, now);
  int rc = store_step(st, e);
  int found = 0;
  if (rc == STORE_ROW && strlen(store_col_text(st, 1)) == TOKEN_HASH_HEX - 1 &&
      sodium_memcmp(store_col_text(st, 1), hash, TOKEN_HASH_HEX - 1) == 0) {
    found = 1;
    memset(s, 0, sizeof *s);
    s->token_id = store_col_int(st, 0);
    s->user_id = store_col_int(st, 2);
    snprintf(s->phone, sizeof s->phone, "%s", store_col_text(st, 3));
    snprintf(s->name, sizeof s->name, "%s", store_col_text(st, 4));
    s->is_admin = (int)store_col_int(st, 5);
    s->must_change = (int)store_col_int(st, 6);
  }
  store_finish(st);
  if (rc < 0) return -1;
  if (!found) return 0;
  if (store_exec(c, Q_TOKEN_TOUCH, e, "III", s->token_id, now,
                 now - TOKEN_TOUCH_MS) < 0)
    return -1;
  return 1;
}

int token_revoke(struct store_conn *c, int64_t user_id, int64_t id,
                 struct err *e) {
  int64_t n = store_exec(c, Q_TOKEN_REVOKE, e, "III", id, user_id,
                         time_now_ms());
  if (n < 0) return -1;
  if (n == 0) return err_set(e, ERR_TOKEN_NOT_FOUND, "%lld", (long long)id);
  return 0;
}

int token_revoke_all(struct store_conn *c, int64_t user_id, struct err *e) {
  return store_exec(c, Q_TOKEN_REVOKE_USER, e, "II", user_id, time_now_ms()) < 0
             ? -1
             : 0;
}
