/*
** The hash-chained audit log. See audit.h.
*/
#include "domain/audit.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "util/buf.h"
#include "util/timeutil.h"

#define AUDIT_FIELDS 11
#define AUDIT_GENESIS \
  "0000000000000000000000000000000000000000000000000000000000000000"

/* hex(SHA-256(prev_hash || canonical(fields))). A NULL field is "-;", any
   other "<length>:<bytes>;", so no two rows share a canonical form. */
static void audit_hash(const char *prev_hash,
                       const char *const fields[AUDIT_FIELDS],
                       char out[AUDIT_HASH_HEX]) {
  crypto_hash_sha256_state st;
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_init(&st);
  crypto_hash_sha256_update(&st, (const unsigned char *)prev_hash,
                            strlen(prev_hash));
  for (int i = 0; i < AUDIT_FIELDS; i++) {
    char head[32];
    size_t len = fields[i] ? strlen(fields[i]) : 0;
    int n = fields[i] ? snprintf(head, sizeof head, "%zu:", len)
                      : snprintf(head, sizeof head, "-;");
    crypto_hash_sha256_update(&st, (const unsigned char *)head, (size_t)n);
    if (fields[i] == NULL) continue;
    crypto_hash_sha256_update(&st, (const unsigned char *)fields[i], len);
    crypto_hash_sha256_update(&st, (const unsigned char *)";", 1);
  }
  crypto_hash_sha256_final(&st, digest);
  sodium_bin2hex(out, AUDIT_HASH_HEX, digest, sizeof digest);
}

/* Decimal text of v, or NULL when v is 0 (an absent id). */
static const char *id_text(int64_t v, char buf[24]) {
  if (v == 0) return NULL;
  snprintf(buf, 24, "%lld", (long long)v);
  return buf;
}

/* Lock the head and read the next sequence number and the previous hash. */
static int audit_head_advance(struct store_conn *c, int64_t *seq,
                              char prev[AUDIT_HASH_HEX], struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_AUDIT_HEAD_ADVANCE, e);
  if (st == NULL) return -1;
  int rc = store_step(st, e);
  if (rc == STORE_ROW) {
    *seq = store_col_int(st, 0);
    snprintf(prev, AUDIT_HASH_HEX, "%s", store_col_text(st, 1));
  }
  store_finish(st);
  if (rc == STORE_DONE) return err_set(e, ERR_DB_ERROR, "audit_head");
  return rc == STORE_ROW ? 0 : -1;
}

int audit_append(struct store_conn *c, const struct audit_entry *a,
                 int64_t *id, struct err *e) {
  int64_t seq = 0;
  char prev[AUDIT_HASH_HEX], hash[AUDIT_HASH_HEX];
  char b_id[24], b_at[24], b_user[24], b_unit[24], b_object[24];
  if (audit_head_advance(c, &seq, prev, e) != 0) return -1;
  int64_t at = time_now_ms();
  const char *fields[AUDIT_FIELDS] = {
      id_text(seq, b_id),
      id_text(at, b_at),
      id_text(a->user_id, b_user),
      a->role ? a->role : "",
      id_text(a->unit_id, b_unit),
      a->action,
      a->object_type,
      id_text(a->object_id, b_object),
      a->before,
      a->after,
      a->client_addr ? a->client_addr : "-",
  };
  audit_hash(prev, fields, hash);
  struct store_stmt *st = store_prepare(c, Q_AUDIT_INSERT, e);
  if (st == NULL) return -1;
  store_bind_int(st, 1, seq);
  store_bind_int(st, 2, at);
  for (int i = 2; i < AUDIT_FIELDS; i++) store_bind_text(st, i + 1, fields[i]);
  store_bind_text(st, 12, prev);
  store_bind_text(st, 13, hash);
  int rc = store_step(st, e);
  store_finish(st);
  if (rc < 0) return -1;
  if (store_exec(c, Q_AUDIT_HEAD_SET_HASH, e, "s", hash) < 0) return -1;
  if (id) *id = seq;
  return 0;
}

/* Record the first break found: the row and what happened to it. */
static int audit_broken(struct audit_check *r, int64_t id,
                        const char *problem) {
  r->bad_id = id;
  r->problem = problem;
  return 1;
}

/* Compare the chain's end with the head: rows removed from the end, or the
   last row altered together with its own hash. */
static int audit_check_head(struct store_conn *c, struct audit_check *r,
                            int64_t last_id, const char *last_hash,
                            struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_AUDIT_HEAD_GET, e);
  if (st == NULL) return -1;
  int rc = store_step(st, e);
  int64_t seq = rc == STORE_ROW ? store_col_int(st, 0) : 0;
  int same = rc == STORE_ROW && strcmp(store_col_text(st, 1), last_hash) == 0;
  store_finish(st);
  if (rc != STORE_ROW) return -1;
  if (seq > last_id) return audit_broken(r, last_id + 1, "removed");
  if (!same) return audit_broken(r, last_id, "altered");
  return 0;
}

int audit_verify(struct store_conn *c, struct audit_check *r, struct err *e) {
  char expected_prev[AUDIT_HASH_HEX] = AUDIT_GENESIS;
  char hash[AUDIT_HASH_HEX];
  int64_t expected_id = 1;
  int broken = 0;
  memset(r, 0, sizeof *r);
  struct store_stmt *st = store_prepare(c, Q_AUDIT_CHAIN, e);
  if (st == NULL) return -1;
  int rc;
  for (rc = store_step(st, e); rc == STORE_ROW && !broken;
       rc = store_step(st, e)) {
    const char *fields[AUDIT_FIELDS];
    int64_t id = store_col_int(st, 0);
    for (int i = 0; i < AUDIT_FIELDS; i++)
      fields[i] = store_col_is_null(st, i) ? NULL : store_col_text(st, i);
    r->rows++;
    if (id != expected_id) {
      broken = audit_broken(r, expected_id, "removed");
    } else if (strcmp(store_col_text(st, 11), expected_prev) != 0) {
      /* The row before was rewritten, hash and all. */
      broken = audit_broken(r, id - 1, "altered");
    } else {
      audit_hash(expected_prev, fields, hash);
      if (strcmp(hash, store_col_text(st, 12)) != 0)
        broken = audit_broken(r, id, "altered");
    }
    snprintf(expected_prev, sizeof expected_prev, "%s", store_col_text(st, 12));
    expected_id = id + 1;
  }
  store_finish(st);
  if (rc < 0) return -1;
  if (broken) return 1;
  return audit_check_head(c, r, expected_id - 1, expected_prev, e);
}
