/*
** The unit tree on SQLite and PostgreSQL: which kinds sit under which,
** paths and subtrees, moving a subtree (and refusing to move a unit under
** itself), renaming and retiring.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain/unit.h"
#include "store/db.h"
#include "testdb.h"

struct fixture {
  enum store_backend backend;
  struct store *store;
  struct store_conn *conn;
  char *url;
};

static int setup(void **state, enum store_backend b) {
  struct fixture *f = calloc(1, sizeof *f);
  f->backend = b;
  f->store = testdb_open_migrated(b, &f->url);
  f->conn = store_acquire(f->store);
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

static void kinds_fit_in_tree_order(void **state) {
  (void)state;
  assert_true(unit_kind_fits(-1, UNIT_PROVINCE));
  assert_false(unit_kind_fits(-1, UNIT_COUNTY));
  assert_true(unit_kind_fits(UNIT_PROVINCE, UNIT_CITY));
  assert_true(unit_kind_fits(UNIT_PROVINCE, UNIT_COUNTY)); /* municipality */
  assert_true(unit_kind_fits(UNIT_TOWNSHIP, UNIT_VILLAGE));
  assert_false(unit_kind_fits(UNIT_VILLAGE, UNIT_COUNTY));
  assert_false(unit_kind_fits(UNIT_CITY, UNIT_CITY));
  assert_false(unit_kind_fits(UNIT_CITY, UNIT_PROVINCE));
  for (int k = UNIT_PROVINCE; k < UNIT_ENTERPRISE; k++) {
    assert_true(unit_kind_fits(k, UNIT_ENTERPRISE));
    assert_false(unit_kind_fits(UNIT_ENTERPRISE, (enum unit_kind)k));
  }
  assert_false(unit_kind_fits(UNIT_ENTERPRISE, UNIT_ENTERPRISE));
  assert_int_equal(unit_kind_parse("township"), UNIT_TOWNSHIP);
  assert_int_equal(unit_kind_parse("street"), -1);
  assert_true(unit_path_within("/1/4/9/", "/1/4/"));
  assert_true(unit_path_within("/1/4/", "/1/4/"));
  assert_false(unit_path_within("/1/41/", "/1/4/"));
  assert_false(unit_path_within("/1/", "/1/4/"));
}

/* Create a unit, asserting success. */
static struct unit make(struct fixture *f, int64_t parent, enum unit_kind k,
                        const char *name) {
  struct err e = {0};
  struct unit u;
  int rc = unit_create(f->conn, parent, k, name, &u, &e);
  if (rc != 0) fail_msg("unit_create %s: %d %s", name, e.kind, e.detail);
  return u;
}

static void units_get_paths_and_refuse_misfits(void **state) {
  struct fixture *f = *state;
  struct err e = {0};
  struct unit out;
  struct unit p = make(f, 0, UNIT_PROVINCE, "浙江省");
  struct unit c = make(f, p.id, UNIT_CITY, "湖州市");
  struct unit k = make(f, c.id, UNIT_COUNTY, "安吉县");
  char want[64];
  snprintf(want, sizeof want, "/%lld/%lld/%lld/", (long long)p.id,
           (long long)c.id, (long long)k.id);
  assert_string_equal(k.path, want);
  assert_int_equal(k.parent_id, c.id);
  struct unit v = make(f, k.id, UNIT_TOWNSHIP, "递铺街道");
  v = make(f, v.id, UNIT_VILLAGE, "鹤鹿溪社区");
  assert_int_equal(unit_create(f->conn, v.id, UNIT_COUNTY, "错县", &out, &e),
                   -1);
  assert_int_equal(e.kind, ERR_UNIT_KIND);
  assert_int_equal(unit_create(f->conn, 0, UNIT_CITY, "无省市", &out, &e), -1);
  assert_int_equal(e.kind, ERR_UNIT_KIND);
  assert_int_equal(unit_create(f->conn, 9999, UNIT_CITY, "市", &out, &e), -1);
  assert_int_equal(e.kind, ERR_UNIT_NOT_FOUND);
  assert_int_equal(unit_create(f->conn, k.id, UNIT_TOWNSHIP, "  ", &out, &e),
                   -1);
  assert_int_equal(e.kind, ERR_FIELD_INVALID);
  assert_int_equal(unit_get(f->conn, 424242, &out, &e), -1);
  assert_int_equal(e.kind, ERR_UNIT_NOT_FOUND);
}

static void moving_rewrites_the_subtree_and_refuses_cycles(void **state) {
  struct fixture *f = *state;
  struct err e = {0};
  struct unit p = make(f, 0, UNIT_PROVINCE, "浙江省");
  struct unit c1 = make(f, p.id, UNIT_CITY, "湖州市");
  struct unit c2 = make(f, p.id, UNIT_CITY, "嘉兴市");
  struct unit k = make(f, c1.id, UNIT_COUNTY, "安吉县");
  struct unit t = make(f, k.id, UNIT_TOWNSHIP, "递铺街道");
  struct unit v = make(f, t.id, UNIT_VILLAGE, "鹤鹿溪社区");
  /* Under itself or its own descendant. */
  assert_int_equal(unit_move(f->conn, k.id, k.id, &e), -1);
  assert_int_equal(e.kind, ERR_UNIT_CYCLE);
  assert_int_equal(unit_move(f->conn, c1.id, v.id, &e), -1);
  assert_int_equal(e.kind, ERR_UNIT_CYCLE);
  /* A county under a village. */
  struct unit k2 = make(f, c2.id, UNIT_COUNTY, "嘉善县");
  assert_int_equal(unit_move(f->conn, k2.id, v.id, &e), -1);
  assert_int_equal(e.kind, ERR_UNIT_KIND);
  /* The county with its township and village moves to the other city. */
  assert_int_equal(unit_move(f->conn, k.id, c2.id, &e), 0);
  struct unit got;
  char want[96];
  assert_int_equal(unit_get(f->conn, v.id, &got, &e), 0);
  snprintf(want, sizeof want, "/%lld/%lld/%lld/%lld/%lld/", (long long)p.id,
           (long long)c2.id, (long long)k.id, (long long)t.id,
           (long long)v.id);
  assert_string_equal(got.path, want);
  assert_int_equal(unit_get(f->conn, k.id, &got, &e), 0);
  assert_int_equal(got.parent_id, c2.id);
  /* The sibling county's path is untouched. */
  assert_int_equal(unit_get(f->conn, k2.id, &got, &e), 0);
  assert_string_equal(got.path, k2.path);
}

static void retiring_keeps_the_unit_and_needs_an_empty_subtree(void **state) {
  struct fixture *f = *state;
  struct err e = {0};
  struct unit out;
  struct unit p = make(f, 0, UNIT_PROVINCE, "浙江省");
  struct unit c = make(f, p.id, UNIT_CITY, "湖州市");
  assert_int_equal(unit_retire(f->conn, p.id, &e), -1);
  assert_int_equal(e.kind, ERR_UNIT_HAS_CHILDREN);
  assert_int_equal(unit_retire(f->conn, c.id, &e), 0);
  assert_int_equal(unit_get(f->conn, c.id, &out, &e), 0);
  assert_true(out.retired_at > 0);
  assert_int_equal(unit_rename(f->conn, c.id, "新名", &e), -1);
  assert_int_equal(e.kind, ERR_UNIT_RETIRED);
  assert_int_equal(unit_create(f->conn, c.id, UNIT_COUNTY, "县", &out, &e), -1);
  assert_int_equal(e.kind, ERR_UNIT_RETIRED);
  assert_int_equal(unit_retire(f->conn, c.id, &e), -1);
  assert_int_equal(e.kind, ERR_UNIT_RETIRED);
  assert_int_equal(unit_retire(f->conn, p.id, &e), 0);
  assert_int_equal(unit_rename(f->conn, 9999, "x", &e), -1);
  assert_int_equal(e.kind, ERR_UNIT_NOT_FOUND);
}

#define UNIT_TESTS(setup_fn)                                                \
  {                                                                         \
    cmocka_unit_test_setup_teardown(units_get_paths_and_refuse_misfits,     \
                                    setup_fn, teardown),                    \
    cmocka_unit_test_setup_teardown(                                        \
        moving_rewrites_the_subtree_and_refuses_cycles, setup_fn, teardown),\
    cmocka_unit_test_setup_teardown(                                        \
        retiring_keeps_the_unit_and_needs_an_empty_subtree, setup_fn,       \
        teardown),                                                          \
  }

int main(void) {
  int failures = 0;
  const struct CMUnitTest pure[] = {
      cmocka_unit_test(kinds_fit_in_tree_order),
  };
  failures += cmocka_run_group_tests_name("unit/kinds", pure, NULL, NULL);
  const struct CMUnitTest sqlite_tests[] = UNIT_TESTS(setup_sqlite);
  failures += cmocka_run_group_tests_name("unit/sqlite", sqlite_tests, NULL,
                                          NULL);
  if (testdb_available(STORE_POSTGRES)) {
    const struct CMUnitTest pg_tests[] = UNIT_TESTS(setup_postgres);
    failures += cmocka_run_group_tests_name("unit/postgres", pg_tests, NULL,
                                            NULL);
  }
  return failures;
}
