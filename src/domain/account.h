/*
** Accounts: phone numbers, display names, passwords.
**
** A phone number is the login name. It is stored normalised (11 digits,
** mainland mobile, no +86) and shown masked (138****5678) to anyone without
** the right to see it; display names are shown masked (张**) on public
** pages. Passwords are hashed with argon2id (libsodium) and must pass a
** strength check first.
*/
#ifndef XIESHANG_DOMAIN_ACCOUNT_H
#define XIESHANG_DOMAIN_ACCOUNT_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "util/err.h"

#define PHONE_LEN 11
#define PASSWORD_MIN_CHARS 8
#define PASSWORD_MAX_BYTES 256
#define PASSWORD_HASH_MAX 128
#define NAME_MAX_CHARS 40

/* Call once before hashing (initialises libsodium). Returns 0 or -1. */
int account_init(void);

/* Normalise a mainland mobile number: drop spaces and dashes and a +86,
   0086 or 86 prefix; require 11 digits starting 13-19. Writes 11 digits and
   a NUL to out. Returns 0 or -1 with ERR_PHONE_INVALID. */
int phone_normalize(const char *in, char out[PHONE_LEN + 1], struct err *e);

/* 13812345678 -> 138****5678. out must hold PHONE_LEN + 1 bytes. */
void phone_mask(const char *phone, char out[PHONE_LEN + 1]);

/* 张三丰 -> 张**, 李四 -> 李*, a Latin name keeps its first letter. */
void name_mask(const char *name, char *out, size_t size);

/* Check a display name: 1..NAME_MAX_CHARS characters of valid UTF-8 with no
   control characters. Returns 0 or -1 with ERR_FIELD_INVALID. */
int name_check(const char *name, struct err *e);

/* Strength check: at least PASSWORD_MIN_CHARS characters, at most
   PASSWORD_MAX_BYTES bytes, not a common password, not the phone number,
   not one repeated character. Returns 0 or -1 with ERR_PASSWORD_WEAK. */
int password_check(const char *password, const char *phone, struct err *e);

/* Hash with argon2id into out (NUL-terminated). Returns 0 or -1. */
int password_hash(const char *password, char out[PASSWORD_HASH_MAX],
                  struct err *e);

/* 1 if password matches the stored hash, 0 otherwise (constant time). */
int password_verify(const char *hash, const char *password);

struct account_new {
  const char *phone;     /* as typed; normalised here */
  const char *name;
  const char *password;  /* checked and hashed here */
  const char *password_hash; /* or an existing hash (demo data, import) */
  int is_admin;
};

/* Create an account. Returns 0 and sets *id, or -1 with e set:
   ERR_PHONE_INVALID, ERR_FIELD_INVALID, ERR_PASSWORD_WEAK, ERR_PHONE_TAKEN,
   or a store error. */
int account_create(struct store_conn *c, const struct account_new *a,
                   int64_t *id, struct err *e);

/* Set a new password for the account with this phone number; *id (may be
   NULL) gets the account's id. Returns 0, or -1 with e set
   (ERR_USER_NOT_FOUND, ERR_PASSWORD_WEAK, store errors). */
int account_set_password(struct store_conn *c, const char *phone,
                         const char *password, int64_t *id, struct err *e);

/* Set user_id's password to an argon2id hash already made (outside the
   transaction: hashing is slow), with the must-change flag (1 after an
   administrator's reset, 0 when the user chose it). Returns 0, or -1 with
   ERR_USER_NOT_FOUND or a store error. */
int account_set_password_hash(struct store_conn *c, int64_t user_id,
                              const char *hash, int must_change,
                              struct err *e);

/* Read user_id's phone number and password hash. Returns 0, or -1 with
   ERR_USER_NOT_FOUND or a store error. */
int account_read_hash(struct store_conn *c, int64_t user_id,
                      char phone[PHONE_LEN + 1],
                      char hash[PASSWORD_HASH_MAX], struct err *e);

#define PASSWORD_GENERATED_CHARS 14

/* A random password that passes password_check(): letters and digits a
   person can read aloud (no 0/O, 1/l/I), in groups of four with dashes. */
void password_generate(char out[PASSWORD_GENERATED_CHARS + 1]);

/* Disable (1) or re-enable (0) an account; *id as above. Same errors as
   above. */
int account_set_disabled(struct store_conn *c, const char *phone,
                         int disabled, int64_t *id, struct err *e);

#endif
