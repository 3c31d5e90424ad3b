/*
** Store tests, run on SQLite and on PostgreSQL: migrations, statements from
** the registry, types, constraints, transactions, a failed migration that
** leaves the database usable, the schema comparison between backends, the
** online backup, and accounts and sessions on top.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "domain/account.h"
#include "domain/session.h"
#include "store/db.h"
#include "testdb.h"
#include "util/buf.h"

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

static void migrations_are_recorded_and_idempotent(void **state) {
  struct fixture *f = *state;
  struct err e = {0};
  int version = -1, applied = -1;
  assert_int_equal(store_schema_version(f->store, &version, &e), 0);
  assert_int_equal(version, store_schema_latest());
  assert_true(version >= 1);
  assert_int_equal(store_migrate(f->store, &applied, &e), 0);
  assert_int_equal(applied, 0);
}

static void values_round_trip(void **state) {
  struct fixture *f = *state;
  struct err e = {0};
  const char *value = "有事来协商 \"quoted\" 'single' \\ ;DROP TABLE users;--";
  assert_int_equal(store_exec(f->conn, Q_SETTING_PUT, &e, "ssI", "k1", value,
                              (int64_t)1795000000123LL),
                   1);
  struct store_stmt *st = store_prepare(f->conn, Q_SETTING_GET, &e);
  assert_non_null(st);
  store_bind_text(st, 1, "k1");
  assert_int_equal(store_step(st, &e), STORE_ROW);
  assert_string_equal(store_col_text(st, 0), value);
  assert_int_equal(store_step(st, &e), STORE_DONE);
  store_finish(st);
  /* Upsert replaces. */
  assert_true(store_exec(f->conn, Q_SETTING_PUT, &e, "ssI", "k1", "v2",
                         (int64_t)1) >= 1);
  st = store_prepare(f->conn, Q_SETTING_GET, &e);
  store_bind_text(st, 1, "k1");
  assert_int_equal(store_step(st, &e), STORE_ROW);
  assert_string_equal(store_col_text(st, 0), "v2");
  store_finish(st);
  /* No row. */
  st = store_prepare(f->conn, Q_SETTING_GET, &e);
  store_bind_text(st, 1, "absent");
  assert_int_equal(store_step(st, &e), STORE_DONE);
  assert_true(store_col_is_null(st, 0));
  store_finish(st);
}

static void accounts_enforce_their_rules(void **state) {
  struct fixture *f = *state;
  struct err e = {0};
  int64_t id = 0, id2 = 0;
  struct account_new a = {"+86 138-1234-5678", "张三丰", "Consult#2026", NULL, 0};
  assert_int_equal(account_create(f->conn, &a, &id, &e), 0);
  assert_true(id > 0);
  a.phone = "13812345678"; /* the same number, written differently */
  assert_int_equal(account_create(f->conn, &a, &id2, &e), -1);
  assert_int_equal(e.kind, ERR_PHONE_TAKEN);
  a.phone = "13912345678";
  a.password = "12345678";
  assert_int_equal(account_create(f->conn, &a, &id2, &e), -1);
  assert_int_equal(e.kind, ERR_PASSWORD_WEAK);
  a.password = "short1!";
  assert_int_equal(account_create(f->conn, &a, &id2, &e), -1);
  assert_int_equal(e.kind, ERR_PASSWORD_WEAK);
  a.phone = "1234";
  a.password = "Consult#2026";
  assert_int_equal(account_create(f->conn, &a, &id2, &e), -1);
  assert_int_equal(e.kind, ERR_PHONE_INVALID);
  assert_int_equal(account_set_password(f->conn, "13900000000", "Another#2026", NULL, &e), -1);
  assert_int_equal(e.kind, ERR_USER_NOT_FOUND);
  assert_int_equal(account_set_password(f->conn, "13812345678", "Another#2026", NULL, &e), 0);
}

static void sessions_open_find_and_close(void **state) {
  struct fixture *f = *state;
  struct err e = {0};
  int64_t id = 0;
  struct account_new a = {"13700000001", "李四", "Consult#2026", NULL, 1};
  assert_int_equal(account_create(f->conn, &a, &id, &e), 0);
  struct session s, found;
  char token[SESSION_TOKEN_CHARS + 1];
  assert_int_equal(session_login(f->conn, "13700000001", "wrong-password", "-",
                                 &s, token, &e), -1);
  assert_int_equal(e.kind, ERR_LOGIN_FAILED);
  assert_int_equal(session_login(f->conn, "13799999999", "Consult#2026", "-",
                                 &s, token, &e), -1);
  assert_int_equal(e.kind, ERR_LOGIN_FAILED);
  assert_int_equal(session_login(f->conn, "137 0000 0001", "Consult#2026",
                                 "127.0.0.1", &s, token, &e), 0);
  assert_int_equal(strlen(token), 43);
  assert_int_equal(session_find(f->conn, token, &found, &e), 1);
  assert_int_equal(found.user_id, id);
  assert_true(found.is_admin);
  assert_true(session_csrf_ok(&found, s.csrf));
  assert_false(session_csrf_ok(&found, "forged"));
  assert_false(session_csrf_ok(&found, NULL));
  char first = token[0];
  token[0] = first == 'A' ? 'B' : 'A';
  assert_int_equal(session_find(f->conn, token, &found, &e), 0);
  token[0] = first;
  assert_int_equal(account_set_disabled(f->conn, "13700000001", 1, NULL, &e), 0);
  assert_int_equal(session_find(f->conn, token, &found, &e), 0);
  assert_int_equal(session_login(f->conn, "13700000001", "Consult#2026", "-",
                                 &s, token, &e), -1);
  assert_int_equal(e.kind, ERR_ACCOUNT_DISABLED);
  assert_int_equal(account_set_disabled(f->conn, "13700000001", 0, NULL, &e), 0);
  assert_int_equal(session_find(f->conn, token, &found, &e), 1);
  assert_int_equal(session_logout(f->conn, found.id, &e), 0);
  assert_int_equal(session_find(f->conn, token, &found, &e), 0);
}

static int64_t count_users(struct store_conn *c) {
  struct err e = {0};
  struct store_stmt *st = store_prepare(c, Q_USER_COUNT, &e);
  assert_int_equal(store_step(st, &e), STORE_ROW);
  int64_t n = store_col_int(st, 0);
  store_finish(st);
  return n;
}

static void transactions_commit_or_leave_nothing(void **state) {
  struct fixture *f = *state;
  struct err e = {0};
  int64_t id;
  char hash[PASSWORD_HASH_MAX];
  assert_int_equal(password_hash("Consult#2026", hash, &e), 0);
  int64_t before = count_users(f->conn);
  assert_int_equal(store_begin(f->conn, &e), 0);
  struct account_new a = {"13600000001", "王五", NULL, hash, 0};
  assert_int_equal(account_create(f->conn, &a, &id, &e), 0);
  store_rollback(f->conn);
  assert_int_equal(count_users(f->conn), before);
  assert_int_equal(store_begin(f->conn, &e), 0);
  assert_int_equal(account_create(f->conn, &a, &id, &e), 0);
  assert_int_equal(store_commit(f->conn, &e), 0);
  assert_int_equal(count_users(f->conn), before + 1);
  /* A connection released mid-transaction is rolled back. */
  assert_int_equal(store_begin(f->conn, &e), 0);
  a.phone = "13600000002";
  assert_int_equal(account_create(f->conn, &a, &id, &e), 0);
  store_release(f->conn);
  f->conn = store_acquire(f->store);
  assert_int_equal(count_users(f->conn), before + 1);
}

/* store_transact(): work that fails leaves nothing; work that finds the
   database busy is run once more; other failures are not retried. */
struct transact_probe {
  int calls;
  int fail_with;   /* returned by the first call; 0 to succeed */
  const char *phone;
};

static int transact_work(struct store_conn *c, void *ctx, struct err *e) {
  struct transact_probe *p = ctx;
  char hash[PASSWORD_HASH_MAX] = "$argon2id$placeholder";
  struct account_new a = {p->phone, "赵六", NULL, hash, 0};
  int64_t id;
  p->calls++;
  if (account_create(c, &a, &id, e) != 0) return -1;
  if (p->calls == 1 && p->fail_with != 0)
    return err_set(e, ERR_DB_BUSY, NULL), p->fail_with;
  return 0;
}

static void transact_commits_rolls_back_and_retries(void **state) {
  struct fixture *f = *state;
  struct err e = {0};
  int64_t before = count_users(f->conn);
  struct transact_probe failing = {0, -1, "13500000001"};
  assert_int_equal(store_transact(f->store, transact_work, &failing, &e), -1);
  assert_int_equal(failing.calls, 1);
  assert_int_equal(count_users(f->conn), before);
  struct transact_probe busy = {0, STORE_EBUSY, "13500000002"};
  assert_int_equal(store_transact(f->store, transact_work, &busy, &e), 0);
  assert_int_equal(busy.calls, 2);
  assert_int_equal(count_users(f->conn), before + 1);
  struct transact_probe ok = {0, 0, "13500000003"};
  assert_int_equal(store_transact(f->store, transact_work, &ok, &e), 0);
  assert_int_equal(ok.calls, 1);
  assert_int_equal(count_users(f->conn), before + 2);
}

/* A database where the first migration cannot finish (a table named like
   the last one it creates already exists): the migration fails with a
   message naming it, nothing of it remains, the database still answers, and
   once the clash is gone the migration applies. */
static void failed_migration_leaves_database_usable(void **state) {
  struct fixture *f = *state;
  struct err e = {0};
  char *url = testdb_create(f->backend);
  struct store *s = NULL;
  int version = -1;
  assert_int_equal(store_open(&s, url, 1, &e), 0);
  assert_int_equal(store_schema_version(s, &version, &e), 0);
  assert_int_equal(version, 0);
  assert_int_equal(testdb_sql(f->backend, url, "CREATE TABLE sessions (x INTEGER)"), 0);
  assert_int_not_equal(store_migrate(s, NULL, &e), 0);
  assert_int_equal(e.kind, ERR_MIGRATION);
  assert_non_null(strstr(e.detail, "0001_init"));
  assert_int_equal(store_schema_version(s, &version, &e), 0);
  assert_int_equal(version, 0);
  /* The tables the migration created before failing were rolled back. */
  assert_int_equal(testdb_sql(f->backend, url, "SELECT 1 FROM users"), -1);
  struct store_conn *c = store_acquire(s);
  assert_int_equal(store_exec(c, Q_PING, &e, ""), 0);
  store_release(c);
  assert_int_equal(testdb_sql(f->backend, url, "DROP TABLE sessions"), 0);
  assert_int_equal(store_migrate(s, NULL, &e), 0);
  assert_int_equal(store_schema_version(s, &version, &e), 0);
  assert_int_equal(version, store_schema_latest());
  store_close(s);
  testdb_drop(f->backend, url);
}

struct column_list {
  struct buf text;
};

static void collect_column(const char *table, const char *column, void *ctx) {
  struct column_list *l = ctx;
  buf_printf(&l->text, "%s.%s\n", table, column);
}

static void schema_of(enum store_backend b, struct buf *out) {
  struct err e = {0};
  char *url;
  struct store *s = testdb_open_migrated(b, &url);
  struct store_conn *c = store_acquire(s);
  struct column_list l;
  buf_init(&l.text, BUF_UNLIMITED);
  assert_int_equal(store_schema_columns(c, collect_column, &l, &e), 0);
  store_release(c);
  store_close(s);
  testdb_drop(b, url);
  *out = l.text;
}

static void schemas_match_between_backends(void **state) {
  (void)state;
  if (!testdb_available(STORE_POSTGRES)) skip();
  struct buf sqlite, postgres;
  schema_of(STORE_SQLITE, &sqlite);
  schema_of(STORE_POSTGRES, &postgres);
  assert_non_null(strstr(buf_str(&sqlite), "users.phone\n"));
  if (strcmp(buf_str(&sqlite), buf_str(&postgres)) != 0)
    fail_msg("schemas differ\n--- sqlite\n%s--- postgres\n%s", buf_str(&sqlite),
             buf_str(&postgres));
  buf_free(&sqlite);
  buf_free(&postgres);
}

static void backup_copies_a_live_database(void **state) {
  struct fixture *f = *state;
  struct err e = {0};
  char path[] = "/tmp/xieshang-backup-XXXXXX";
  assert_non_null(mkdtemp(path));
  char file[256];
  snprintf(file, sizeof file, "%s/copy.db", path);
  if (f->backend == STORE_POSTGRES) {
    assert_int_equal(store_backup(f->store, file, &e), -1);
    assert_non_null(strstr(e.detail, "pg_dump"));
    rmdir(path);
    return;
  }
  char hash[PASSWORD_HASH_MAX];
  assert_int_equal(password_hash("Consult#2026", hash, &e), 0);
  for (int i = 0; i < 50; i++) {
    char phone[16];
    int64_t id;
    snprintf(phone, sizeof phone, "135%08d", i);
    struct account_new a = {phone, "居民", NULL, hash, 0};
    assert_int_equal(account_create(f->conn, &a, &id, &e), 0);
  }
  /* A write left open in a transaction during the copy is not in it: the
     backup holds only what was committed. */
  assert_int_equal(store_begin(f->conn, &e), 0);
  int64_t uncommitted;
  struct account_new extra = {"13599999999", "未提交", NULL, hash, 0};
  assert_int_equal(account_create(f->conn, &extra, &uncommitted, &e), 0);
  assert_int_equal(store_backup(f->store, file, &e), 0);
  store_rollback(f->conn);
  char url[300];
  snprintf(url, sizeof url, "sqlite:%s", file);
  struct store *copy;
  assert_int_equal(store_open(&copy, url, 1, &e), 0);
  struct store_conn *c = store_acquire(copy);
  assert_int_equal(count_users(c), 50);
  store_release(c);
  store_close(copy);
  char side[300];
  snprintf(side, sizeof side, "%s-wal", file);
  unlink(side);
  snprintf(side, sizeof side, "%s-shm", file);
  unlink(side);
  unlink(file);
  rmdir(path);
}

static void unreachable_database_is_named(void **state) {
  struct fixture *f = *state;
  struct err e = {0};
  struct store *s = NULL;
  const char *url = f->backend == STORE_SQLITE
                        ? "sqlite:/nonexistent-folder/x/y.db"
                        : "postgres://nobody@127.0.0.1:1/none?connect_timeout=2";
  assert_int_equal(store_open(&s, url, 1, &e), STORE_EUNAVAILABLE);
  assert_null(s);
  assert_int_equal(e.kind, ERR_DB_OPEN);
  if (f->backend == STORE_SQLITE)
    assert_non_null(strstr(e.detail, "/nonexistent-folder/x/y.db"));
  else
    assert_non_null(strstr(e.detail, "127.0.0.1"));
}

#define STORE_TESTS(setup_fn)                                              \
  {                                                                        \
    cmocka_unit_test_setup_teardown(migrations_are_recorded_and_idempotent, \
                                    setup_fn, teardown),                   \
    cmocka_unit_test_setup_teardown(values_round_trip, setup_fn, teardown), \
    cmocka_unit_test_setup_teardown(accounts_enforce_their_rules, setup_fn, \
                                    teardown),                             \
    cmocka_unit_test_setup_teardown(sessions_open_find_and_close, setup_fn, \
                                    teardown),                             \
    cmocka_unit_test_setup_teardown(transactions_commit_or_leave_nothing,   \
                                    setup_fn, teardown),                   \
    cmocka_unit_test_setup_teardown(transact_commits_rolls_back_and_retries,\
                                    setup_fn, teardown),                   \
    cmocka_unit_test_setup_teardown(failed_migration_leaves_database_usable,\
                                    setup_fn, teardown),                   \
    cmocka_unit_test_setup_teardown(backup_copies_a_live_database, setup_fn,\
                                    teardown),                             \
    cmocka_unit_test_setup_teardown(unreachable_database_is_named, setup_fn,\
                                    teardown),                             \
  }

int main(void) {
  int failures = 0;
  if (account_init() != 0) return 1;
  const struct CMUnitTest sqlite_tests[] = STORE_TESTS(setup_sqlite);
  failures += cmocka_run_group_tests_name("store/sqlite", sqlite_tests, NULL,
                                          NULL);
  if (testdb_available(STORE_POSTGRES)) {
    const struct CMUnitTest pg_tests[] = STORE_TESTS(setup_postgres);
    failures += cmocka_run_group_tests_name("store/postgres", pg_tests, NULL,
                                            NULL);
  }
  const struct CMUnitTest schema_tests[] = {
      cmocka_unit_test(schemas_match_between_backends),
  };
  failures += cmocka_run_group_tests_name("store/schema", schema_tests, NULL,
                                          NULL);
  return failures;
}
