/*
** API tokens: long-lived secrets for integrations, presented as
** `Authorization: Bearer xs_...`. A token acts as its owner, with the
** owner's roles, until it expires or is revoked.
**
** A token is "xs_" and 43 characters of base64url (256 random bits from
** libsodium). The database keeps only its prefix ("xs_" and the first 8
** characters, to find the row and to show in lists) and the hex BLAKE2b-256
** hash of the whole token, compared in constant time; the secret is shown
** once, when it is made.
*/
#ifndef XIESHANG_DOMAIN_TOKEN_H
#define XIESHANG_DOMAIN_TOKEN_H

#include <stdint.h>

#include "domain/session.h"
#include "store/db.h"

#define TOKEN_MARK "xs_"
#define TOKEN_CHARS (3 + 43)          /* "xs_" + base64url of 32 bytes */
#define TOKEN_PREFIX_CHARS (3 + 8)
#define TOKEN_HASH_HEX 65             /* 64 hex digits and a NUL */
#define TOKEN_MAX_DAYS 3650
#define TOKEN_MAX_LIVE 20             /* live tokens per person */

/* A new random token with its prefix and hash. */
void token_generate(char token[TOKEN_CHARS + 1],
                    char prefix[TOKEN_PREFIX_CHARS + 1],
                    char hash[TOKEN_HASH_HEX]);

/* 1 if text has a token's form (mark, length, alphabet), else 0. */
int token_well_formed(const char *text);

/* Hex BLAKE2b-256 of the token. */
void token_hash(const char *token, char out[TOKEN_HASH_HEX]);

/* Make a token for user_id named name (checked as a display name: 1..40
   characters, no control characters) expiring at expires_at (0: never).
   Returns 0, sets *id and writes the secret and its prefix, or -1 with
   ERR_FIELD_INVALID, ERR_TOKEN_LIMIT (TOKEN_MAX_LIVE live ones already) or
   a store error. */
int token_create(struct store_conn *c, int64_t user_id, const char *name,
                 int64_t expires_at, int64_t *id,
                 char token[TOKEN_CHARS + 1],
                 char prefix[TOKEN_PREFIX_CHARS + 1], struct err *e);

/* Find the live token presented and its owner (not disabled): returns 1 and
   fills s as for a session (s->token_id set, no CSRF token), 0 when it is
   malformed, unknown, forged, revoked or expired, -1 on a store error.
   Records when it was last used (at most once a minute). */
int token_authenticate(struct store_conn *c, const char *presented,
                       struct session *s, struct err *e);

/* Revoke every live token of user_id (a reset password, a disabled
   account). Returns 0 or -1. */
int token_revoke_all(struct store_conn *c, int64_t user_id, struct err *e);

/* Revoke user_id's token id. Returns 0, or -1 with ERR_TOKEN_NOT_FOUND
   (no such live token of this user) or a store error. */
int token_revoke(struct store_conn *c, int64_t user_id, int64_t id,
                 struct err *e);

#endif
