/*
** Group commit (src/store/group.c, store_transact_grouped), on SQLite and
** on PostgreSQL: many threads writing at once share commits; a call that
** fails leaves nothing behind and does not fail the others; every call
** that returned success is in the database after it is closed and opened
** again.
*/
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "store/db.h"
#include "testdb.h"
#include "util/timeutil.h"

#define WRITERS 16
#define WRITES 40

struct fixture {
  enum store_backend backend;
  struct store *store;
  char *url;
};

static int setup(void **state, enum store_backend b) {
  struct fixture *f = calloc(1, sizeof *f);
  f->backend = b;
  f->store = testdb_open_migrated(b, &f->url);
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

/* One write: a user with this phone number; fail_after_write makes the
   function fail after its insert, which must then be undone. */
struct write {
  char phone[16];
  int fail_after_write;
  int rc;
};

static int write_user(struct store_conn *c, void *ctx, struct err *e) {
  struct write *w = ctx;
  if (store_exec(c, Q_USER_INSERT, e, "sssiI", w->phone, "测试", "!", 0,
                 time_now_ms()) < 0)
    return -1;
  if (w->fail_after_write) return err_set(e, ERR_FIELD_INVALID, "made to fail");
  return 0;
}

struct writer {
  struct store *store;
  struct write writes[WRITES];
};

static void *writer_run(void *arg) {
  struct writer *w = arg;
  for (int i = 0; i < WRITES; i++) {
    struct err e = {0};
    w->writes[i].rc = store_transact_grouped(w->store, write_user,
                                             &w->writes[i], &e);
  }
  return NULL;
}

static int64_t user_held(struct store *s, const char *phone) {
  struct err e = {0};
  struct store_conn *c = store_acquire(s);
  struct store_stmt *st = store_prepare(c, Q_USER_BY_PHONE, &e);
  assert_non_null(st);
  store_bind_text(st, 1, phone);
  int rc = store_step(st, &e);
  store_finish(st);
  store_release(c);
  assert_true(rc >= 0);
  return rc == STORE_ROW;
}

/* WRITERS threads at once; every 7th write of each fails after writing, and
   every 11th repeats the phone of an earlier one (a constraint error). */
static void writers_share_commits_and_fail_alone(void **state) {
  struct fixture *f = *state;
  struct writer *writers = calloc(WRITERS, sizeof *writers);
  pthread_t threads[WRITERS];
  for (int t = 0; t < WRITERS; t++) {
    writers[t].store = f->store;
    for (int i = 0; i < WRITES; i++) {
      struct write *w = &writers[t].writes[i];
      int twin = i % 11 == 10;
      snprintf(w->phone, sizeof w->phone, "1390%03d%04d", t % 1000,
               (twin ? 0 : i) % 10000);
      w->fail_after_write = i % 7 == 3;
    }
    pthread_create(&threads[t], NULL, writer_run, &writers[t]);
  }
  for (int t = 0; t < WRITERS; t++) pthread_join(threads[t], NULL);

  int64_t ok = 0;
  for (int t = 0; t < WRITERS; t++)
    for (int i = 0; i < WRITES; i++) {
      struct write *w = &writers[t].writes[i];
      int twin = i % 11 == 10;
      if (w->fail_after_write || twin) {
        assert_int_not_equal(w->rc, 0);
      } else {
        assert_int_equal(w->rc, 0);
        ok++;
      }
    }
  int64_t groups = 0, calls = 0;
  store_group_totals(f->store, &groups, &calls);
  assert_int_equal(calls, WRITERS * WRITES);
  assert_true(groups < calls); /* commits were shared */

  /* Close and open again: everything acknowledged is there, nothing that
     failed is. */
  store_close(f->store);
  struct err e = {0};
  assert_int_equal(store_open(&f->store, f->url, 2, &e), 0);
  int64_t held = 0;
  for (int t = 0; t < WRITERS; t++)
    for (int i = 0; i < WRITES; i++) {
      struct write *w = &writers[t].writes[i];
      int twin = i % 11 == 10;
      int64_t present = user_held(f->store, w->phone);
      if (w->rc == 0) held++;
      if (w->rc == 0 || twin) /* a twin's phone belongs to write 0 */
        assert_int_equal(present, 1);
      else if (w->fail_after_write)
        assert_int_equal(present, 0);
    }
  assert_int_equal(held, ok);
  struct store_conn *c = store_acquire(f->store);
  struct store_stmt *st = store_prepare(c, Q_USER_COUNT, &e);
  int64_t users = -1;
  assert_int_equal(store_step_int(st, &users, &e), 0);
  store_release(c);
  assert_int_equal(users, ok);
  free(writers);
}

/* A lone call is not held back: it commits and returns on its own. */
static void a_lone_write_commits(void **state) {
  struct fixture *f = *state;
  struct write w = {"13900000001", 0, -1};
  struct err e = {0};
  assert_int_equal(store_transact_grouped(f->store, write_user, &w, &e), 0);
  assert_int_equal(user_held(f->store, w.phone), 1);
  struct write again = {"13900000001", 0, -1};
  assert_int_not_equal(
      store_transact_grouped(f->store, write_user, &again, &e), 0);
  assert_int_equal(e.kind, ERR_CONFLICT);
}

#define BATCH_TESTS(setup_fn)                                                  \
  {                                                                            \
    cmocka_unit_test_setup_teardown(writers_share_commits_and_fail_alone,      \
                                    setup_fn, teardown),                       \
    cmocka_unit_test_setup_teardown(a_lone_write_commits, setup_fn, teardown), \
  }

int main(void) {
  int failures = 0;
  const struct CMUnitTest sqlite_tests[] = BATCH_TESTS(setup_sqlite);
  failures += cmocka_run_group_tests_name("batch/sqlite", sqlite_tests, NULL,
                                          NULL);
  if (testdb_available(STORE_POSTGRES)) {
    const struct CMUnitTest pg_tests[] = BATCH_TESTS(setup_postgres);
    failures += cmocka_run_group_tests_name("batch/postgres", pg_tests, NULL,
                                            NULL);
  }
  return failures;
}
