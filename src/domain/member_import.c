/*
** Member import. See member_import.h.
*/
#include "domain/member_import.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/csv.h"

static const char *const status_names[] = {"new", "existing", "error"};

const char *import_status_name(enum import_status status) {
  return status_names[status];
}

/* Every heading a column may have: Chinese first, then English. */
static const struct {
  enum import_column column;
  const char *heading;
} headings[] = {
    {IMPORT_COL_NAME, "姓名"},
    {IMPORT_COL_NAME, "name"},
    {IMPORT_COL_PHONE, "手机号"},
    {IMPORT_COL_PHONE, "手机号码"},
    {IMPORT_COL_PHONE, "phone"},
    {IMPORT_COL_SECTOR, "界别"},
    {IMPORT_COL_SECTOR, "sector"},
    {IMPORT_COL_SPECIAL, "专委会"},
    {IMPORT_COL_SPECIAL, "special_committee"},
    {IMPORT_COL_GROUP, "委员活动组"},
    {IMPORT_COL_GROUP, "活动组"},
    {IMPORT_COL_GROUP, "group"},
};

/* The headings named in ERR_IMPORT_HEADER for a missing required column. */
static const char *const required_headings[] = {
    [IMPORT_COL_NAME] = "姓名/name",
    [IMPORT_COL_PHONE] = "手机号/phone",
    [IMPORT_COL_SECTOR] = "界别/sector",
};

int import_column_parse(const char *heading) {
  for (size_t i = 0; i < sizeof headings / sizeof headings[0]; i++)
    if (strcasecmp(heading, headings[i].heading) == 0)
      return (int)headings[i].column;
  return -1;
}

/* Map the header row: where_is[column] is the field index or -1. */
static int header_map(struct arena *a, const struct csv_row *h,
                      int where_is[IMPORT_COL_COUNT], struct import_plan *plan,
                      struct err *e) {
  for (int k = 0; k < IMPORT_COL_COUNT; k++) where_is[k] = -1;
  plan->unknown = arena_alloc(a, (size_t)(h->nfields + 1) * sizeof(char *));
  for (int i = 0; i < h->nfields; i++) {
    int col = import_column_parse(h->fields[i]);
    if (col >= 0 && where_is[col] < 0)
      where_is[col] = i;
    else if (h->fields[i][0] != '\0')
      plan->unknown[plan->nunknown++] = h->fields[i];
  }
  for (int k = IMPORT_COL_NAME; k <= IMPORT_COL_SECTOR; k++)
    if (where_is[k] < 0)
      return err_set(e, ERR_IMPORT_HEADER, "%s", required_headings[k]);
  return 0;
}

int import_read(struct arena *a, const char *data, size_t len,
                struct import_plan *plan, struct err *e) {
  struct csv_table t;
  char *text;
  size_t text_len;
  int where_is[IMPORT_COL_COUNT];
  memset(plan, 0, sizeof *plan);
  if (len > IMPORT_MAX_BYTES)
    return err_set(e, ERR_IMPORT_TOO_LARGE, "%u", IMPORT_MAX_BYTES);
  if (csv_text_decode(a, data, len, &text, &text_len, e) != 0 ||
      csv_table_read(a, text, text_len, IMPORT_MAX_ROWS + 1, &t, e) != 0)
    return -1;
  if (t.nrows == 0) return err_set(e, ERR_IMPORT_HEADER, "姓名/name");
  if (header_map(a, &t.rows[0], where_is, plan, e) != 0) return -1;
  if (t.nrows == 1) return err_set(e, ERR_IMPORT_EMPTY, NULL);
  plan->nrows = t.nrows - 1;
  plan->rows = arena_alloc(a, plan->nrows * sizeof *plan->rows);
  for (size_t r = 0; r < plan->nrows; r++) {
    const struct csv_row *in = &t.rows[r + 1];
    struct import_row *row = &plan->rows[r];
    row->line = in->line;
    for (int k = 0; k < IMPORT_COL_COUNT; k++) {
      int i = where_is[k];
      row->field[k] = i >= 0 && i < in->nfields ? in->fields[i] : "";
    }
  }
  return 0;
}

/* The id of the body of the wanted kind (any group kind for groups) named
   name, or 0. */
static int64_t body_named(const struct import_body *bodies, size_t n,
                          enum body_kind want, const char *name) {
  for (size_t i = 0; i < n; i++) {
    int kind_ok = body_kind_is_group(want) ? body_kind_is_group(bodies[i].kind)
                                           : bodies[i].kind == want;
    if (kind_ok && strcmp(bodies[i].name, name) == 0) return bodies[i].id;
  }
  return 0;
}

/* Check one row's own fields (not the other rows). Returns 0 or -1 with
   row->error set. */
static int row_check(struct import_row *row, const struct import_body *bodies,
                     size_t n) {
  struct err *e = &row->error;
  const char *sector = row->field[IMPORT_COL_SECTOR];
  const char *special = row->field[IMPORT_COL_SPECIAL];
  const char *group = row->field[IMPORT_COL_GROUP];
  if (row->field[IMPORT_COL_NAME][0] == '\0')
    return err_set(e, ERR_IMPORT_NAME_MISSING, NULL);
  if (name_check(row->field[IMPORT_COL_NAME], e) != 0) return -1;
  if (phone_normalize(row->field[IMPORT_COL_PHONE], row->phone, e) != 0)
    return -1;
  if (sector[0] == '\0') return err_set(e, ERR_IMPORT_SECTOR_MISSING, NULL);
  row->profile.sector_id = body_named(bodies, n, BODY_SECTOR, sector);
  if (row->profile.sector_id == 0)
    return err_set(e, ERR_IMPORT_SECTOR_UNKNOWN, "%s", sector);
  if (special[0] != '\0') {
    row->profile.special_committee_id =
        body_named(bodies, n, BODY_SPECIAL_COMMITTEE, special);
    if (row->profile.special_committee_id == 0)
      return err_set(e, ERR_IMPORT_SPECIAL_UNKNOWN, "%s", special);
  }
  if (group[0] != '\0') {
    row->profile.group_id = body_named(bodies, n, BODY_ACTIVITY_GROUP, group);
    if (row->profile.group_id == 0)
      return err_set(e, ERR_IMPORT_GROUP_UNKNOWN, "%s", group);
  }
  return 0;
}

void import_check(struct import_plan *plan, int64_t committee_id,
                  const struct import_body *bodies, size_t nbodies) {
  plan->errors = 0;
  for (size_t r = 0; r < plan->nrows; r++) {
    struct import_row *row = &plan->rows[r];
    memset(&row->profile, 0, sizeof row->profile);
    row->profile.committee_id = committee_id;
    row->status = IMPORT_NEW;
    row->phone[0] = '\0';
    if (row_check(row, bodies, nbodies) != 0) {
      row->status = IMPORT_ERROR;
      plan->errors++;
      continue;
    }
    for (size_t k = 0; k < r; k++)
      if (strcmp(plan->rows[k].phone, row->phone) == 0) {
        err_set(&row->error, ERR_IMPORT_PHONE_DUPLICATE, "%d",
                plan->rows[k].line);
        row->status = IMPORT_ERROR;
        plan->errors++;
        break;
      }
  }
}

int import_bodies_load(struct store_conn *c, struct arena *a,
                       int64_t committee_id, struct import_body **out,
                       size_t *n, struct err *e) {
  size_t cap = 16;
  *n = 0;
  *out = arena_alloc(a, cap * sizeof **out);
  struct store_stmt *st = store_prepare(c, Q_BODY_CHILDREN, e);
  if (st == NULL) return -1;
  store_bind_int(st, 1, committee_id);
  int rc;
  for (rc = store_step(st, e); rc == STORE_ROW; rc = store_step(st, e)) {
    int kind = body_kind_parse(store_col_text(st, 1));
    if (kind < 0) continue;
    if (*n == cap) {
      struct import_body *grown = arena_alloc(a, 2 * cap * sizeof *grown);
      memcpy(grown, *out, cap * sizeof *grown);
      *out = grown;
      cap *= 2;
    }
    struct import_body *b = &(*out)[(*n)++];
    b->id = store_col_int(st, 0);
    b->kind = (enum body_kind)kind;
    b->name = arena_strdup(a, store_col_text(st, 2));
  }
  store_finish(st);
  return rc == STORE_DONE ? 0 : -1;
}

/* The id of the account with this phone, 0 when none, -1 on error. */
static int64_t account_by_phone(struct store_conn *c, const char *phone,
                                struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_USER_BY_PHONE, e);
  if (st == NULL) return -1;
  store_bind_text(st, 1, phone);
  int rc = store_step(st, e);
  int64_t id = rc == STORE_ROW ? store_col_int(st, 0) : 0;
  store_finish(st);
  return rc < 0 ? -1 : id;
}

int import_apply(struct store_conn *c, struct import_plan *plan,
                 int64_t committee_unit_id, int write, int64_t by,
                 struct err *e) {
  plan->created = plan->updated = 0;
  for (size_t r = 0; r < plan->nrows; r++) {
    struct import_row *row = &plan->rows[r];
    if (row->status == IMPORT_ERROR) continue;
    int64_t id = account_by_phone(c, row->phone, e);
    if (id < 0) return -1;
    row->status = id ? IMPORT_EXISTING : IMPORT_NEW;
    row->user_id = id;
    if (id)
      plan->updated++;
    else
      plan->created++;
    if (!write) continue;
    if (!id) {
      struct account_new a = {row->phone, row->field[IMPORT_COL_NAME], NULL,
                              IMPORT_NO_PASSWORD, 0};
      if (account_create(c, &a, &row->user_id, e) != 0) return -1;
    }
    if (profile_put(c, row->user_id, &row->profile, committee_unit_id, by, e) !=
        0)
      return -1;
  }
  return 0;
}
