/*
** Member import and CPPCC bodies: CSV decoding (UTF-8, byte-order mark,
** GB18030, rubbish), parsing (quotes, blank rows, limits, line numbers),
** headings in either language, the per-row checks, and on both backends the
** placement rules of bodies and an import that creates and updates
** accounts.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain/member_import.h"
#include "domain/org.h"
#include "domain/unit.h"
#include "store/db.h"
#include "testdb.h"
#include "util/csv.h"

/* 姓名,手机号,界别 / 张三,13911112222,经济界 in GB18030. */
static const char gb_file[] =
    "\xD0\xD5\xC3\xFB,\xCA\xD6\xBB\xFA\xBA\xC5,\xBD\xE7\xB1\xF0\n"
    "\xD5\xC5\xC8\xFD,13911112222,\xBE\xAD\xBC\xC3\xBD\xE7\n";
static const char utf8_file[] = "姓名,手机号,界别\n张三,13911112222,经济界\n";

static void decoding_detects_utf8_bom_and_gb18030(void **state) {
  (void)state;
  struct arena *a = arena_new();
  struct err e = {0};
  char *out;
  size_t n;
  assert_int_equal(
      csv_text_decode(a, utf8_file, strlen(utf8_file), &out, &n, &e), 0);
  assert_string_equal(out, utf8_file);
  char bom[128];
  snprintf(bom, sizeof bom, "\xEF\xBB\xBF%s", utf8_file);
  assert_int_equal(csv_text_decode(a, bom, strlen(bom), &out, &n, &e), 0);
  assert_string_equal(out, utf8_file);
  assert_int_equal(csv_text_decode(a, gb_file, strlen(gb_file), &out, &n, &e),
                   0);
  assert_string_equal(out, utf8_file);
  assert_int_equal(n, strlen(utf8_file));
  /* 0xFF is neither UTF-8 nor GB18030; a NUL byte is no text either. */
  assert_int_equal(csv_text_decode(a, "a,\xFF\xFF\n", 5, &out, &n, &e), -1);
  assert_int_equal(e.kind, ERR_IMPORT_ENCODING);
  assert_int_equal(csv_text_decode(a, "a\0b", 3, &out, &n, &e), -1);
  assert_int_equal(e.kind, ERR_IMPORT_ENCODING);
  arena_free(a);
}

static void parsing_handles_quotes_blank_rows_and_limits(void **state) {
  (void)state;
  struct arena *a = arena_new();
  struct err e = {0};
  struct csv_table t;
  const char *text = "a, b ,\"c,\"\"d\"\"\"\r\n,,\r\n\r\n\"multi\nline\",x\n"
                     "last,\xE3\x80\x80全角\xE3\x80\x80";
  assert_int_equal(csv_table_read(a, text, strlen(text), 10, &t, &e), 0);
  assert_int_equal(t.nrows, 3); /* the empty rows are dropped */
  assert_int_equal(t.rows[0].nfields, 3);
  assert_string_equal(t.rows[0].fields[1], "b");
  assert_string_equal(t.rows[0].fields[2], "c,\"d\"");
  assert_int_equal(t.rows[1].line, 4);
  assert_string_equal(t.rows[1].fields[0], "multi\nline");
  assert_int_equal(t.rows[2].line, 6);
  assert_string_equal(t.rows[2].fields[1], "全角");
  const char *open = "a,b\n\"never closed,c\n";
  assert_int_equal(csv_table_read(a, open, strlen(open), 10, &t, &e), -1);
  assert_int_equal(e.kind, ERR_IMPORT_CSV);
  assert_string_equal(e.detail, "2");
  const char *stray = "a,b\"c\n";
  assert_int_equal(csv_table_read(a, stray, strlen(stray), 10, &t, &e), -1);
  assert_int_equal(e.kind, ERR_IMPORT_CSV);
  const char *many = "h\n1\n2\n3\n";
  assert_int_equal(csv_table_read(a, many, strlen(many), 3, &t, &e), -1);
  assert_int_equal(e.kind, ERR_IMPORT_TOO_MANY_ROWS);
  assert_string_equal(e.detail, "2");
  assert_int_equal(csv_table_read(a, many, strlen(many), 4, &t, &e), 0);
  arena_free(a);
}

static void headings_in_either_language_and_unknown_ones(void **state) {
  (void)state;
  struct arena *a = arena_new();
  struct err e = {0};
  struct import_plan p;
  assert_int_equal(import_column_parse("Phone"), IMPORT_COL_PHONE);
  assert_int_equal(import_column_parse("委员活动组"), IMPORT_COL_GROUP);
  assert_int_equal(import_column_parse("备注"), -1);
  const char *text = "GROUP,备注,Sector,name,phone\n组,x,界,王,139\n";
  assert_int_equal(import_read(a, text, strlen(text), &p, &e), 0);
  assert_int_equal(p.nrows, 1);
  assert_int_equal(p.nunknown, 1);
  assert_string_equal(p.unknown[0], "备注");
  assert_string_equal(p.rows[0].field[IMPORT_COL_NAME], "王");
  assert_string_equal(p.rows[0].field[IMPORT_COL_GROUP], "组");
  assert_string_equal(p.rows[0].field[IMPORT_COL_SPECIAL], "");
  const char *no_phone = "姓名,界别\n王,界\n";
  assert_int_equal(import_read(a, no_phone, strlen(no_phone), &p, &e), -1);
  assert_int_equal(e.kind, ERR_IMPORT_HEADER);
  assert_string_equal(e.detail, "手机号/phone");
  const char *header_only = "姓名,手机号,界别\n";
  assert_int_equal(import_read(a, header_only, strlen(header_only), &p, &e),
                   -1);
  assert_int_equal(e.kind, ERR_IMPORT_EMPTY);
  char *big = calloc(1, IMPORT_MAX_BYTES + 2);
  memset(big, 'x', IMPORT_MAX_BYTES + 1);
  assert_int_equal(import_read(a, big, IMPORT_MAX_BYTES + 1, &p, &e), -1);
  assert_int_equal(e.kind, ERR_IMPORT_TOO_LARGE);
  free(big);
  arena_free(a);
}

static void rows_are_checked_one_by_one(void **state) {
  (void)state;
  struct arena *a = arena_new();
  struct err e = {0};
  struct import_plan p;
  const struct import_body bodies[] = {
      {11, BODY_SECTOR, "经济界"},
      {12, BODY_SPECIAL_COMMITTEE, "提案委员会"},
      {13, BODY_ACTIVITY_GROUP, "青山镇委员活动组"},
      {14, BODY_LIAISON_COMMITTEE, "白水镇联络委"},
  };
  const char *text =
      "姓名,手机号,界别,专委会,委员活动组\n"
      "甲,13911110001,经济界,提案委员会,青山镇委员活动组\n" /* 2 good */
      "乙,139 1111 0002,经济界,,白水镇联络委\n"             /* 3 good */
      ",13911110003,经济界,,\n"                             /* 4 no name */
      "丁,1391111,经济界,,\n"                               /* 5 bad phone */
      "戊,+8613911110001,经济界,,\n"                        /* 6 repeats 2 */
      "己,13911110006,提案委员会,,\n"                       /* 7 not a sector */
      "庚,13911110007,经济界,经济界,\n"                     /* 8 no such sc */
      "辛,13911110008,经济界,,火星组\n"                     /* 9 no group */
      "壬,13911110009,,,\n";                                /* 10 no sector */
  assert_int_equal(import_read(a, text, strlen(text), &p, &e), 0);
  import_check(&p, 10, bodies, 4);
  assert_int_equal(p.nrows, 9);
  assert_int_equal(p.errors, 7);
  assert_int_equal(p.rows[0].status, IMPORT_NEW);
  assert_int_equal(p.rows[0].profile.committee_id, 10);
  assert_int_equal(p.rows[0].profile.sector_id, 11);
  assert_int_equal(p.rows[0].profile.special_committee_id, 12);
  assert_int_equal(p.rows[0].profile.group_id, 13);
  assert_int_equal(p.rows[1].status, IMPORT_NEW);
  assert_string_equal(p.rows[1].phone, "13911110002");
  assert_int_equal(p.rows[1].profile.group_id, 14);
  const enum err_kind want[] = {
      ERR_IMPORT_NAME_MISSING,    ERR_PHONE_INVALID,
      ERR_IMPORT_PHONE_DUPLICATE, ERR_IMPORT_SECTOR_UNKNOWN,
      ERR_IMPORT_SPECIAL_UNKNOWN, ERR_IMPORT_GROUP_UNKNOWN,
      ERR_IMPORT_SECTOR_MISSING,
  };
  for (size_t i = 0; i < 7; i++) {
    assert_int_equal(p.rows[i + 2].status, IMPORT_ERROR);
    assert_int_equal(p.rows[i + 2].error.kind, want[i]);
  }
  assert_string_equal(p.rows[4].error.detail, "2");
  char msg[256];
  err_message(&p.rows[4].error, LANG_ZH, msg, sizeof msg);
  assert_string_equal(msg, "手机号与第 2 行重复");
  arena_free(a);
}

struct fixture {
  enum store_backend backend;
  struct store *store;
  struct store_conn *conn;
  char *url;
  struct unit county, township, village;
};

static struct unit make(struct fixture *f, int64_t parent, enum unit_kind k,
                        const char *name) {
  struct err e = {0};
  struct unit u;
  if (unit_create(f->conn, parent, k, name, &u, &e) != 0)
    fail_msg("unit_create %s: %d %s", name, e.kind, e.detail);
  return u;
}

static int setup(void **state, enum store_backend b) {
  struct fixture *f = calloc(1, sizeof *f);
  f->backend = b;
  f->store = testdb_open_migrated(b, &f->url);
  f->conn = store_acquire(f->store);
  struct unit province = make(f, 0, UNIT_PROVINCE, "浙江省");
  struct unit city = make(f, province.id, UNIT_CITY, "湖州市");
  f->county = make(f, city.id, UNIT_COUNTY, "示范县");
  f->township = make(f, f->county.id, UNIT_TOWNSHIP, "青山镇");
  f->village = make(f, f->township.id, UNIT_VILLAGE, "青山村");
  *state = f;
  return 0;
}

static int setup_sqlite(void **state) { return setup(state, STORE_SQLITE); }
static int setup_postgres(void **state) { return setup(state, STORE_POSTGRES); }

static int teardown(void **state) {
  struct fixture *f = *state;
  store_release(f->conn);
  store_close(f->store);
  testdb_drop(f->backend, f->url);
  free(f);
  return 0;
}

static void bodies_sit_where_they_belong(void **state) {
  struct fixture *f = *state;
  struct err e = {0};
  struct body committee, sector, group, b;
  assert_int_equal(
      body_create(f->conn, f->village.id, 0, BODY_COMMITTEE, "村政协", &b, &e),
      -1);
  assert_int_equal(e.kind, ERR_BODY_PLACE);
  assert_int_equal(body_create(f->conn, f->county.id, 0, BODY_COMMITTEE,
                               "示范县政协", &committee, &e),
                   0);
  assert_int_equal(
      body_create(f->conn, f->county.id, 0, BODY_COMMITTEE, "又一个", &b, &e),
      -1);
  assert_int_equal(e.kind, ERR_BODY_NAME_TAKEN);
  assert_int_equal(
      body_create(f->conn, 0, committee.id, BODY_SECTOR, "经济界", &sector, &e),
      0);
  assert_int_equal(sector.unit_id, f->county.id);
  assert_int_equal(
      body_create(f->conn, 0, committee.id, BODY_SECTOR, "经济界", &b, &e), -1);
  assert_int_equal(e.kind, ERR_BODY_NAME_TAKEN);
  assert_int_equal(body_create(f->conn, f->village.id, committee.id,
                               BODY_ACTIVITY_GROUP, "村组", &b, &e),
                   -1);
  assert_int_equal(e.kind, ERR_BODY_PLACE);
  assert_int_equal(body_create(f->conn, f->township.id, committee.id,
                               BODY_ACTIVITY_GROUP, "青山镇委员活动组", &group,
                               &e),
                   0);
  assert_int_equal(
      body_create(f->conn, 0, sector.id, BODY_SECTOR, "子界别", &b, &e), -1);
  assert_int_equal(e.kind, ERR_BODY_PLACE);
  assert_int_equal(body_retire(f->conn, committee.id, &e), -1);
  assert_int_equal(e.kind, ERR_BODY_HAS_CHILDREN);
  assert_int_equal(body_retire(f->conn, group.id, &e), 0);
  assert_int_equal(body_rename(f->conn, group.id, "新名", &e), -1);
  assert_int_equal(e.kind, ERR_BODY_RETIRED);
  /* A retired body's name is free again. */
  assert_int_equal(body_create(f->conn, f->township.id, committee.id,
                               BODY_ACTIVITY_GROUP, "青山镇委员活动组", &b, &e),
                   0);
}

static void import_creates_new_and_updates_existing(void **state) {
  struct fixture *f = *state;
  struct err e = {0};
  struct body committee, b;
  struct arena *a = arena_new();
  assert_int_equal(body_create(f->conn, f->county.id, 0, BODY_COMMITTEE,
                               "示范县政协", &committee, &e),
                   0);
  assert_int_equal(
      body_create(f->conn, 0, committee.id, BODY_SECTOR, "经济界", &b, &e), 0);
  struct account_new old = {"13911110002", "老委员", NULL, IMPORT_NO_PASSWORD,
                            0};
  int64_t old_id;
  assert_int_equal(account_create(f->conn, &old, &old_id, &e), 0);
  const char *text = "name,phone,sector\n甲,13911110001,经济界\n"
                     "乙,13911110002,经济界\n";
  struct import_plan p;
  struct import_body *bodies;
  size_t n;
  assert_int_equal(import_read(a, text, strlen(text), &p, &e), 0);
  assert_int_equal(
      import_bodies_load(f->conn, a, committee.id, &bodies, &n, &e), 0);
  assert_int_equal(n, 1);
  import_check(&p, committee.id, bodies, n);
  assert_int_equal(p.errors, 0);
  assert_int_equal(import_apply(f->conn, &p, f->county.id, 0, 0, &e), 0);
  assert_int_equal(p.created, 1);
  assert_int_equal(p.updated, 1);
  assert_int_equal(p.rows[1].user_id, old_id);
  assert_int_equal(role_held_at(f->conn, old_id, "member", f->county.id, &e),
                   0);
  assert_int_equal(import_apply(f->conn, &p, f->county.id, 1, 0, &e), 0);
  assert_int_equal(role_held_at(f->conn, old_id, "member", f->county.id, &e),
                   1);
  assert_true(p.rows[0].user_id > 0);
  assert_int_equal(
      role_held_at(f->conn, p.rows[0].user_id, "member", f->county.id, &e), 1);
  /* Again: both exist now, and nothing is granted twice. */
  import_check(&p, committee.id, bodies, n);
  assert_int_equal(import_apply(f->conn, &p, f->county.id, 1, 0, &e), 0);
  assert_int_equal(p.created, 0);
  assert_int_equal(p.updated, 2);
  arena_free(a);
}

#define DB_TESTS(setup_fn)                                                     \
  {                                                                            \
    cmocka_unit_test_setup_teardown(bodies_sit_where_they_belong, setup_fn,    \
                                    teardown),                                 \
        cmocka_unit_test_setup_teardown(                                       \
            import_creates_new_and_updates_existing, setup_fn, teardown),      \
  }

int main(void) {
  int failures = 0;
  const struct CMUnitTest pure[] = {
      cmocka_unit_test(decoding_detects_utf8_bom_and_gb18030),
      cmocka_unit_test(parsing_handles_quotes_blank_rows_and_limits),
      cmocka_unit_test(headings_in_either_language_and_unknown_ones),
      cmocka_unit_test(rows_are_checked_one_by_one),
  };
  failures += cmocka_run_group_tests_name("import/csv", pure, NULL, NULL);
  const struct CMUnitTest sqlite_tests[] = DB_TESTS(setup_sqlite);
  failures +=
      cmocka_run_group_tests_name("import/sqlite", sqlite_tests, NULL, NULL);
  if (testdb_available(STORE_POSTGRES)) {
    const struct CMUnitTest pg_tests[] = DB_TESTS(setup_postgres);
    failures +=
        cmocka_run_group_tests_name("import/postgres", pg_tests, NULL, NULL);
  }
  return failures;
}
