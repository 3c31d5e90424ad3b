/*
** The audit log: one append-only row per state change, in the change's own
** transaction, chained by SHA-256 so that altering or removing a row is
** found by audit_verify() (`xieshang audit verify`).
**
** A row's hash is SHA-256 over the previous row's hash (hex) followed by
** the row's canonical content: every column but the hashes, each written as
** its byte length, ':', the bytes and ';' (NULL as '-;'), in table order.
** The first row's previous hash is 64 zeros.
*/
#ifndef XIESHANG_DOMAIN_AUDIT_H
#define XIESHANG_DOMAIN_AUDIT_H

#include <stdint.h>

#include "store/db.h"
#include "util/err.h"

#define AUDIT_HASH_HEX 65 /* 64 hex digits and a NUL */

/* One change to record. Text fields may be NULL where noted. */
struct audit_entry {
  int64_t user_id;          /* who; 0 when nobody is logged in */
  const char *role;         /* the role that allowed it; NULL: none */
  int64_t unit_id;          /* the unit concerned; 0: none */
  const char *action;       /* "unit.create" */
  const char *object_type;  /* "unit", "user_role", "user" */
  int64_t object_id;        /* 0: none */
  const char *before;       /* JSON text; NULL for a creation */
  const char *after;        /* JSON text; NULL for a removal */
  const char *client_addr;  /* NULL: "-" */
};

/* Append a row inside the caller's open transaction (which holds the
   change it records). Returns 0 and sets *id (may be NULL), or -1. */
int audit_append(struct store_conn *c, const struct audit_entry *a,
                 int64_t *id, struct err *e);

struct audit_check {
  int64_t rows;             /* rows read */
  int64_t bad_id;           /* the first row altered or removed, or 0 */
  const char *problem;      /* "altered" or "removed", or NULL */
};

/* Walk the chain from the first row. Returns 0 when it is intact, 1 when it
   is broken (r->bad_id names the first row altered or removed), -1 on a
   store error. */
int audit_verify(struct store_conn *c, struct audit_check *r, struct err *e);

#endif
