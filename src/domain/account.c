/*
** Accounts: phone normalisation and masking, name masking, password policy
** and hashing, and creating or changing accounts in the store.
*/
#include "domain/account.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "util/embedded.h"
#include "util/timeutil.h"
#include "util/utf8.h"

/* argon2id cost: OWASP's recommendation (19 MiB, 2 passes). */
#define PASSWORD_OPSLIMIT 2
#define PASSWORD_MEMLIMIT (19u << 20)

int account_init(void) { return sodium_init() < 0 ? -1 : 0; }

int phone_normalize(const char *in, char out[PHONE_LEN + 1], struct err *e) {
  char digits[32];
  size_t n = 0;
  if (in == NULL) return err_set(e, ERR_PHONE_INVALID, "-");
  for (const char *p = in; *p; p++) {
    if (*p == ' ' || *p == '-') continue;
    if (*p == '+' && p == in) continue;
    if (!isdigit((unsigned char)*p) || n + 1 >= sizeof digits)
      return err_set(e, ERR_PHONE_INVALID, "%.20s", in);
    digits[n++] = *p;
  }
  digits[n] = '\0';
  const char *d = digits;
  if (n == 15 && strncmp(d, "0086", 4) == 0) d += 4, n -= 4;
  if (n == 13 && strncmp(d, "86", 2) == 0) d += 2, n -= 2;
  if (n != PHONE_LEN || d[0] != '1' || d[1] < '3')
    return err_set(e, ERR_PHONE_INVALID, "%.20s", in);
  memcpy(out, d, PHONE_LEN);
  out[PHONE_LEN] = '\0';
  return 0;
}

void phone_mask(const char *phone, char out[PHONE_LEN + 1]) {
  size_t n = strlen(phone);
  if (n != PHONE_LEN) {
    snprintf(out, PHONE_LEN + 1, "***");
    return;
  }
  snprintf(out, PHONE_LEN + 1, "%.3s****%.4s", phone, phone + 7);
}

/* Bytes in the UTF-8 character starting with byte c. */
static size_t utf8_char_len(unsigned char c) {
  if (c < 0x80) return 1;
  if (c >= 0xF0) return 4;
  if (c >= 0xE0) return 3;
  return 2;
}

void name_mask(const char *name, char *out, size_t size) {
  size_t len = strlen(name);
  size_t first = len ? utf8_char_len((unsigned char)name[0]) : 0;
  if (first > len) first = len;
  size_t rest = 0;
  for (size_t i = first; i < len; i += utf8_char_len((unsigned char)name[i]))
    rest++;
  if (rest < 1) rest = 1;
  if (rest > 4) rest = 4;
  snprintf(out, size, "%.*s%.*s", (int)first, name, (int)rest, "****");
  utf8_trim(out);
}

int name_check(const char *name, struct err *e) {
  size_t len = name ? strlen(name) : 0;
  if (len == 0 || !utf8_valid(name, len))
    return err_set(e, ERR_FIELD_INVALID, "name");
  size_t chars = 0;
  for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
    if (*p < 0x20 || *p == 0x7F) return err_set(e, ERR_FIELD_INVALID, "name");
    if ((*p & 0xC0) != 0x80) chars++;
  }
  if (chars > NAME_MAX_CHARS) return err_set(e, ERR_FIELD_INVALID, "name");
  return 0;
}

/* 1 if password (lower-cased) is on the embedded common-password list. */
static int password_is_common(const char *password) {
  const struct embedded_file *f =
      embedded_find("src/domain/common_passwords.txt");
  if (f == NULL) return 0;
  char lower[PASSWORD_MAX_BYTES + 1];
  size_t n = strlen(password);
  for (size_t i = 0; i < n; i++)
    lower[i] = (char)tolower((unsigned char)password[i]);
  lower[n] = '\0';
  const char *p = (const char *)f->data;
  while (*p) {
    size_t len = strcspn(p, "\n");
    if (len == n && memcmp(p, lower, n) == 0) return 1;
    p += len;
    if (*p == '\n') p++;
  }
  return 0;
}

int password_check(const char *password, const char *phone, struct err *e) {
  size_t len = password ? strlen(password) : 0;
  size_t chars = 0;
  int all_same = 1;
  if (len == 0 || len > PASSWORD_MAX_BYTES || !utf8_valid(password, len))
    return err_set(e, ERR_PASSWORD_WEAK, "%d", PASSWORD_MIN_CHARS);
  for (size_t i = 0; i < len; i++) {
    if (((unsigned char)password[i] & 0xC0) != 0x80) chars++;
    if (password[i] != password[0]) all_same = 0;
  }
  if (chars < PASSWORD_MIN_CHARS || all_same || password_is_common(password) ||
      (phone && strstr(password, phone) != NULL))
    return err_set(e, ERR_PASSWORD_WEAK, "%d", PASSWORD_MIN_CHARS);
  return 0;
}

int password_hash(const char *password, char out[PASSWORD_HASH_MAX],
                  struct err *e) {
  char hash[crypto_pwhash_STRBYTES];
  _Static_assert(crypto_pwhash_STRBYTES <= PASSWORD_HASH_MAX, "hash size");
  if (crypto_pwhash_str_alg(hash, password, strlen(password),
                            PASSWORD_OPSLIMIT, PASSWORD_MEMLIMIT,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    return err_set(e, ERR_INTERNAL, NULL);
  snprintf(out, PASSWORD_HASH_MAX, "%s", hash);
  return 0;
}

int password_verify(const char *hash, const char *password) {
  if (hash == NULL || password == NULL) return 0;
  return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

int account_create(struct store_conn *c, const struct account_new *a,
                   int64_t *id, struct err *e) {
  char phone[PHONE_LEN + 1];
  char hash[PASSWORD_HASH_MAX];
  if (phone_normalize(a->phone, phone, e) != 0) return -1;
  if (name_check(a->name, e) != 0) return -1;
  if (a->password_hash) {
    snprintf(hash, sizeof hash, "%s", a->password_hash);
  } else {
    if (password_check(a->password, phone, e) != 0) return -1;
    if (password_hash(a->password, hash, e) != 0) return -1;
  }
  struct store_stmt *st = store_prepare(c, Q_USER_INSERT, e);
  if (st == NULL) return -1;
  store_bind_text(st, 1, phone);
  store_bind_text(st, 2, a->name);
  store_bind_text(st, 3, hash);
  store_bind_int(st, 4, a->is_admin ? 1 : 0);
  store_bind_int(st, 5, time_now_ms());
  int rc = store_step(st, e);
  if (rc == STORE_ROW) {
    *id = store_col_int(st, 0);
    rc = 0;
  } else if (rc == STORE_ECONSTRAINT) {
    err_set(e, ERR_PHONE_TAKEN, NULL);
  } else if (rc == STORE_DONE) {
    rc = err_set(e, ERR_DB_ERROR, "no id returned");
  }
  store_finish(st);
  return rc < 0 ? -1 : 0;
}

/* Normalise phone and run an update that must touch exactly one account. */
static int account_update(struct store_conn *c, enum query_id q,
                          const char *phone_in, const char *text, int64_t num,
                          int64_t *id, struct err *e) {
  char phone[PHONE_LEN + 1];
  if (phone_normalize(phone_in, phone, e) != 0) return -1;
  struct store_stmt *st = store_prepare(c, q, e);
  if (st == NULL) return -1;
  store_bind_text(st, 1, phone);
  if (text)
    store_bind_text(st, 2, text);
  else
    store_bind_int(st, 2, num);
  store_bind_int(st, 3, time_now_ms());
  int rc = store_step(st, e);
  if (rc == STORE_ROW && id) *id = store_col_int(st, 0);
  store_finish(st);
  if (rc == STORE_ROW) return 0;
  if (rc < 0) return -1;
  return err_set(e, ERR_USER_NOT_FOUND, "%s", phone);
}

int account_set_password(struct store_conn *c, const char *phone,
                         const char *password, int64_t *id, struct err *e) {
  char normal[PHONE_LEN + 1];
  char hash[PASSWORD_HASH_MAX];
  if (phone_normalize(phone, normal, e) != 0) return -1;
  if (password_check(password, normal, e) != 0) return -1;
  if (password_hash(password, hash, e) != 0) return -1;
  return account_update(c, Q_USER_SET_PASSWORD, normal, hash, 0, id, e);
}

int account_set_disabled(struct store_conn *c, const char *phone,
                         int disabled, int64_t *id, struct err *e) {
  return account_update(c, Q_USER_SET_DISABLED, phone, NULL, disabled ? 1 : 0,
                        id, e);
}

int account_set_password_hash(struct store_conn *c, int64_t user_id,
                              const char *hash, int must_change,
                              struct err *e) {
  int64_t n = store_exec(c, Q_USER_SET_PASSWORD_BY_ID, e, "IsiI", user_id,
                         hash, must_change ? 1 : 0, time_now_ms());
  if (n < 0) return -1;
  if (n == 0)
    return err_set(e, ERR_USER_NOT_FOUND, "%lld", (long long)user_id);
  return 0;
}

int account_read_hash(struct store_conn *c, int64_t user_id,
                      char phone[PHONE_LEN + 1],
                      char hash[PASSWORD_HASH_MAX], struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_USER_AUTH_BY_ID, e);
  if (st == NULL) return -1;
  store_bind_int(st, 1, user_id);
  int rc = store_step(st, e);
  if (rc == STORE_ROW) {
    snprintf(phone, PHONE_LEN + 1, "%s", store_col_text(st, 1));
    snprintf(hash, PASSWORD_HASH_MAX, "%s", store_col_text(st, 3));
  }
  store_finish(st);
  if (rc == STORE_DONE)
    return err_set(e, ERR_USER_NOT_FOUND, "%lld", (long long)user_id);
  return rc == STORE_ROW ? 0 : -1;
}

void password_generate(char out[PASSWORD_GENERATED_CHARS + 1]) {
  static const char alphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ"
                                 "23456789";
  int n = 0;
  for (int i = 0; i < PASSWORD_GENERATED_CHARS; i++) {
    if (i % 5 == 4) {
      out[n++] = '-';
      continue;
    }
    out[n++] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
  }
  out[n] = '\0';
}
