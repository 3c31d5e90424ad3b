/*
** The audit log's hash chain on SQLite and PostgreSQL: rows appended in
** transactions verify; the table refuses updates and deletes; and once the
** guards are dropped behind the program's back, an altered row, a row
** rewritten together with its hash, a removed row and a removed last row
** are each named by audit_verify().
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain/audit.h"
#include "store/db.h"
#include "testdb.h"

struct fixture {
  enum store_backend backend;
  struct store *store;
  char *url;
};

/* A fresh database with rows 1..5 in the log. */
static int setup(void **state, enum store_backend b) {
  struct fixture *f = calloc(1, sizeof *f);
  struct err e = {0};
  f->backend = b;
  f->store = testdb_open_migrated(b, &f->url);
  struct store_conn *c = store_acquire(f->store);
  for (int i = 1; i <= 5; i++) {
    char after[64];
    snprintf(after, sizeof after, "{\"name\":\"第%d村\"}", i);
    struct audit_entry a = {1,      "admin", i,     "unit.create", "unit",
                            i,      NULL,    after, "127.0.0.1"};
    int64_t id = 0;
    assert_int_equal(store_begin(c, &e), 0);
    assert_int_equal(audit_append(c, &a, &id, &e), 0);
    assert_int_equal(store_commit(c, &e), 0);
    assert_int_equal(id, i);
  }
  store_release(c);
  *state = f;
  return 0;
}

static int setup_sqlite(void **state) { return setup(state, STORE_SQLITE); }
static int setup_postgres(void **state) { return setup(state, STORE_POSTGRES); }

static int teardown(void **state) {
  struct fixture *f = *state;
  store_close(f->store);
  testdb_drop(f->backend, f->url);
  free(f);
  return 0;
}

/* Verify and return the result (asserting the walk itself worked). */
static int verify(struct fixture *f, struct audit_check *r) {
  struct err e = {0};
  struct store_conn *c = store_acquire(f->store);
  int rc = audit_verify(c, r, &e);
  store_release(c);
  assert_true(rc >= 0);
  return rc;
}

/* What someone with the database's password would do first. */
static void drop_guards(struct fixture *f) {
  const char *sql =
      f->backend == STORE_SQLITE
          ? "DROP TRIGGER audit_log_no_update; "
            "DROP TRIGGER audit_log_no_delete;"
          : "DROP TRIGGER audit_log_no_update ON audit_log; "
            "DROP TRIGGER audit_log_no_delete ON audit_log;";
  assert_int_equal(testdb_sql(f->backend, f->url, sql), 0);
}

static void an_intact_chain_verifies(void **state) {
  struct fixture *f = *state;
  struct audit_check r;
  assert_int_equal(verify(f, &r), 0);
  assert_int_equal(r.rows, 5);
  /* The table refuses rewriting while its guards stand. */
  assert_int_equal(testdb_sql(f->backend, f->url,
                              "UPDATE audit_log SET role = 'x' WHERE id = 2"),
                   -1);
  assert_int_equal(testdb_sql(f->backend, f->url,
                              "DELETE FROM audit_log WHERE id = 2"),
                   -1);
  assert_int_equal(verify(f, &r), 0);
}

static void an_altered_row_is_named(void **state) {
  struct fixture *f = *state;
  struct audit_check r;
  drop_guards(f);
  assert_int_equal(
      testdb_sql(f->backend, f->url,
                 "UPDATE audit_log SET after_summary = "
                 "'{\"name\":\"假村\"}' WHERE id = 3"),
      0);
  assert_int_equal(verify(f, &r), 1);
  assert_int_equal(r.bad_id, 3);
  assert_string_equal(r.problem, "altered");
}

static void a_row_rewritten_with_its_hash_is_named(void **state) {
  struct fixture *f = *state;
  struct audit_check r;
  drop_guards(f);
  /* A forger who also replaces the row's own hash breaks the next link. */
  assert_int_equal(testdb_sql(f->backend, f->url,
                              "UPDATE audit_log SET client_addr = '10.0.0.1',"
                              " hash = 'ab' WHERE id = 2"),
                   0);
  assert_int_equal(verify(f, &r), 1);
  assert_int_equal(r.bad_id, 2);
}

static void a_removed_row_is_named(void **state) {
  struct fixture *f = *state;
  struct audit_check r;
  drop_guards(f);
  assert_int_equal(
      testdb_sql(f->backend, f->url, "DELETE FROM audit_log WHERE id = 4"), 0);
  assert_int_equal(verify(f, &r), 1);
  assert_int_equal(r.bad_id, 4);
  assert_string_equal(r.problem, "removed");
}

static void a_removed_last_row_is_named(void **state) {
  struct fixture *f = *state;
  struct audit_check r;
  drop_guards(f);
  assert_int_equal(
      testdb_sql(f->backend, f->url, "DELETE FROM audit_log WHERE id = 5"), 0);
  assert_int_equal(verify(f, &r), 1);
  assert_int_equal(r.bad_id, 5);
  assert_string_equal(r.problem, "removed");
}

#define AUDIT_TESTS(setup_fn)                                               \
  {                                                                         \
    cmocka_unit_test_setup_teardown(an_intact_chain_verifies, setup_fn,     \
                                    teardown),                              \
    cmocka_unit_test_setup_teardown(an_altered_row_is_named, setup_fn,      \
                                    teardown),                              \
    cmocka_unit_test_setup_teardown(a_row_rewritten_with_its_hash_is_named, \
                                    setup_fn, teardown),                    \
    cmocka_unit_test_setup_teardown(a_removed_row_is_named, setup_fn,       \
                                    teardown),                              \
    cmocka_unit_test_setup_teardown(a_removed_last_row_is_named, setup_fn,  \
                                    teardown),                              \
  }

int main(void) {
  int failures = 0;
  const struct CMUnitTest sqlite_tests[] = AUDIT_TESTS(setup_sqlite);
  failures += cmocka_run_group_tests_name("audit/sqlite", sqlite_tests, NULL,
                                          NULL);
  if (testdb_available(STORE_POSTGRES)) {
    const struct CMUnitTest pg_tests[] = AUDIT_TESTS(setup_postgres);
    failures += cmocka_run_group_tests_name("audit/postgres", pg_tests, NULL,
                                            NULL);
  }
  return failures;
}
