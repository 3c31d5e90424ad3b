/*
** Member import: a spreadsheet of CPPCC members (saved as CSV) becomes
** accounts, member roles and profiles, all or nothing.
**
** The first row names the columns, in Chinese or English and in any order:
** 姓名 name, 手机号 phone, 界别 sector (required), 专委会 special_committee,
** 委员活动组 group (optional); other columns are reported and ignored. Each
** data row is checked (name, phone, no phone twice in the file, sector,
** special committee and group named as the committee's bodies in service)
** and gets a status: a new account, an existing account (same phone)
** updated, or an error with its message. Nothing is written unless every
** row is good.
**
** New accounts get no usable password (a stored hash that matches
** nothing): they log in after an administrator sets one for them.
*/
#ifndef XIESHANG_DOMAIN_MEMBER_IMPORT_H
#define XIESHANG_DOMAIN_MEMBER_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "domain/account.h"
#include "domain/org.h"
#include "store/db.h"
#include "util/arena.h"
#include "util/err.h"

#define IMPORT_MAX_BYTES (2u << 20)
#define IMPORT_MAX_ROWS 5000
/* What new accounts store as their password hash: no password matches. */
#define IMPORT_NO_PASSWORD "!imported"

enum import_column {
  IMPORT_COL_NAME,
  IMPORT_COL_PHONE,
  IMPORT_COL_SECTOR,
  IMPORT_COL_SPECIAL,
  IMPORT_COL_GROUP,
  IMPORT_COL_COUNT
};

enum import_status { IMPORT_NEW, IMPORT_EXISTING, IMPORT_ERROR };

struct import_row {
  int line;                            /* in the file; header is 1 */
  const char *field[IMPORT_COL_COUNT]; /* as written, "" when absent */
  char phone[PHONE_LEN + 1];           /* normalised when valid */
  struct member_profile profile;
  int64_t user_id; /* existing or created */
  enum import_status status;
  struct err error; /* when status is IMPORT_ERROR */
};

struct import_plan {
  struct import_row *rows;
  size_t nrows;
  const char **unknown; /* column headings not used */
  size_t nunknown;
  size_t errors;           /* rows with an error */
  size_t created, updated; /* after import_apply */
};

/* A body of the committee, by name, for matching the file's words. */
struct import_body {
  int64_t id;
  enum body_kind kind;
  const char *name;
};

/* The API name of a status ("new", "existing", "error"). */
const char *import_status_name(enum import_status status);

/* The column a heading names (trimmed, English case-insensitive), or -1. */
int import_column_parse(const char *heading);

/* Decode and parse a file into plan (in the arena): ERR_IMPORT_TOO_LARGE,
   ERR_IMPORT_ENCODING, ERR_IMPORT_CSV, ERR_IMPORT_TOO_MANY_ROWS,
   ERR_IMPORT_HEADER (detail: the missing heading), ERR_IMPORT_EMPTY.
   Returns 0 or -1; nothing is checked against the database yet. */
int import_read(struct arena *a, const char *data, size_t len,
                struct import_plan *plan, struct err *e);

/* Check every row against the rules and the committee's bodies (sector,
   special committee, group names); mark errors and count them in
   plan->errors. Touches no database. */
void import_check(struct import_plan *plan, int64_t committee_id,
                  const struct import_body *bodies, size_t nbodies);

/* For checked rows without errors: find the existing account of each phone
   (status IMPORT_EXISTING) or mark it IMPORT_NEW; when write, create the
   new accounts and store every profile, giving the member role at
   committee_unit_id (the unit of the committee the rows were checked
   against, in this same transaction). Returns 0 or -1. */
int import_apply(struct store_conn *c, struct import_plan *plan,
                 int64_t committee_unit_id, int write, int64_t by,
                 struct err *e);

/* Load the bodies of committee_id in service into *out (arena). */
int import_bodies_load(struct store_conn *c, struct arena *a,
                       int64_t committee_id, struct import_body **out,
                       size_t *n, struct err *e);

#endif
