/*
** Accounts: the log-in throttling rule on its own (when a lock begins, how
** long it lasts, how many tries are left), the API token's form and hash,
** generated passwords, and on both backends the stored side: failures per
** account and per address, a lock, a success clearing the account only,
** and tokens found, forged, expired and revoked.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain/account.h"
#include "domain/throttle.h"
#include "domain/token.h"
#include "store/db.h"
#include "testdb.h"

#define MIN (60LL * 1000)
#define T0 1700000000000LL

static void judge(const int64_t *recent, int n, int64_t now,
                  struct throttle_state *st) {
  throttle_judge(5, 15 * MIN, 15 * MIN, recent, n, now, st);
}

static void fewer_failures_than_the_limit_leave_tries(void **state) {
  (void)state;
  struct throttle_state st;
  judge(NULL, 0, T0, &st);
  assert_int_equal(st.locked_until, 0);
  assert_int_equal(st.remaining, 5);
  int64_t recent[] = {T0 - 1000, T0 - 2000, T0 - 3000, T0 - 4000};
  judge(recent, 4, T0, &st);
  assert_int_equal(st.locked_until, 0);
  assert_int_equal(st.remaining, 1);
  /* Failures older than the window no longer count. */
  int64_t old[] = {T0 - 20 * MIN, T0 - 21 * MIN};
  judge(old, 2, T0, &st);
  assert_int_equal(st.remaining, 5);
}

static void the_limit_within_a_window_locks_from_the_last(void **state) {
  (void)state;
  struct throttle_state st;
  int64_t recent[] = {T0, T0 - MIN, T0 - 2 * MIN, T0 - 3 * MIN, T0 - 14 * MIN};
  judge(recent, 5, T0, &st);
  assert_int_equal(st.locked_until, T0 + 15 * MIN);
  assert_int_equal(st.remaining, 0);
  judge(recent, 5, T0 + 15 * MIN - 1, &st);
  assert_int_equal(st.locked_until, T0 + 15 * MIN);
  /* The lock ends on time. */
  judge(recent, 5, T0 + 15 * MIN, &st);
  assert_int_equal(st.locked_until, 0);
  assert_true(st.remaining > 0);
  assert_int_equal(throttle_wait_minutes(T0 + 15 * MIN, T0), 15);
  assert_int_equal(throttle_wait_minutes(T0 + 1, T0), 1);
  assert_int_equal(throttle_wait_seconds(T0 + 1500, T0), 2);
  assert_int_equal(throttle_wait_seconds(T0, T0), 1);
}

static void the_limit_spread_over_more_than_a_window_does_not_lock(
    void **state) {
  (void)state;
  struct throttle_state st;
  int64_t recent[] = {T0, T0 - 4 * MIN, T0 - 8 * MIN, T0 - 12 * MIN,
                      T0 - 16 * MIN};
  judge(recent, 5, T0, &st);
  assert_int_equal(st.locked_until, 0);
  assert_int_equal(st.remaining, 1);
}

static void combining_takes_the_tighter(void **state) {
  (void)state;
  struct throttle_state a = {0, 3}, b = {T0 + 5, 0}, out;
  throttle_combine(&a, &b, &out);
  assert_int_equal(out.locked_until, T0 + 5);
  assert_int_equal(out.remaining, 0);
  struct throttle_state c = {0, 7};
  throttle_combine(&a, &c, &out);
  assert_int_equal(out.locked_until, 0);
  assert_int_equal(out.remaining, 3);
}

static void tokens_have_one_form_and_a_stable_hash(void **state) {
  (void)state;
  char t1[TOKEN_CHARS + 1], t2[TOKEN_CHARS + 1];
  char p1[TOKEN_PREFIX_CHARS + 1], p2[TOKEN_PREFIX_CHARS + 1];
  char h1[TOKEN_HASH_HEX], h2[TOKEN_HASH_HEX], again[TOKEN_HASH_HEX];
  token_generate(t1, p1, h1);
  token_generate(t2, p2, h2);
  assert_int_equal(strlen(t1), TOKEN_CHARS);
  assert_memory_equal(t1, "xs_", 3);
  assert_true(token_well_formed(t1));
  assert_string_not_equal(t1, t2);
  assert_int_equal(strlen(p1), TOKEN_PREFIX_CHARS);
  assert_memory_equal(p1, t1, TOKEN_PREFIX_CHARS);
  assert_int_equal(strlen(h1), 64);
  token_hash(t1, again);
  assert_string_equal(h1, again);
  assert_string_not_equal(h1, h2);
  /* The hash is not the token, nor contains it. */
  assert_null(strstr(h1, t1 + 3));
  char bad[TOKEN_CHARS + 1];
  memcpy(bad, t1, sizeof bad);
  bad[10] = '+';
  assert_false(token_well_formed(bad));
  assert_false(token_well_formed("xs_short"));
  assert_false(token_well_formed(NULL));
  memcpy(bad, t1, sizeof bad);
  bad[0] = 'y';
  assert_false(token_well_formed(bad));
}

static void generated_passwords_pass_the_policy(void **state) {
  (void)state;
  char a[PASSWORD_GENERATED_CHARS + 1], b[PASSWORD_GENERATED_CHARS + 1];
  struct err e = {0};
  for (int i = 0; i < 50; i++) {
    password_generate(a);
    assert_int_equal(strlen(a), PASSWORD_GENERATED_CHARS);
    assert_int_equal(password_check(a, NULL, &e), 0);
    assert_true(a[4] == '-' && a[9] == '-');
  }
  password_generate(b);
  assert_string_not_equal(a, b);
}

/* Stored side, on each backend. */
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

static void failures_lock_the_account_and_the_address(void **state) {
  struct fixture *f = *state;
  struct err e = {0};
  struct throttle_limits l = {3, 5, 15 * MIN, 15 * MIN};
  struct throttle_state st;
  int locked = 0;
  struct store_conn *c = store_acquire(f->store);
  for (int i = 0; i < 2; i++) {
    assert_int_equal(throttle_fail(c, &l, "13800000001", "10.0.0.1", T0 + i,
                                   &st, &locked, &e), 0);
    assert_false(locked);
  }
  assert_int_equal(st.remaining, 1);
  /* A success clears the account's count, not the address's. */
  assert_int_equal(throttle_clear(c, "13800000001", &e), 0);
  assert_int_equal(throttle_check(c, &l, "13800000001", "10.0.0.9", T0 + 5,
                                  &st, &e), 0);
  assert_int_equal(st.remaining, 3);
  assert_int_equal(throttle_check(c, &l, NULL, "10.0.0.1", T0 + 5, &st, &e),
                   0);
  assert_int_equal(st.remaining, 3);
  for (int i = 0; i < 2; i++)
    assert_int_equal(throttle_fail(c, &l, "13800000001", "10.0.0.1",
                                   T0 + 10 + i, &st, &locked, &e), 0);
  assert_int_equal(throttle_fail(c, &l, "13800000001", "10.0.0.1", T0 + 20,
                                 &st, &locked, &e), 0);
  assert_true(locked);
  assert_int_equal(st.locked_until, T0 + 20 + 15 * MIN);
  /* The address has now 5 failures: locked for a phone never tried. */
  assert_int_equal(throttle_check(c, &l, "13800000002", "10.0.0.1", T0 + 30,
                                  &st, &e), 0);
  assert_int_equal(st.locked_until, T0 + 20 + 15 * MIN);
  /* Another address and phone are free. */
  assert_int_equal(throttle_check(c, &l, "13800000002", "10.0.0.2", T0 + 30,
                                  &st, &e), 0);
  assert_int_equal(st.locked_until, 0);
  /* With the address count off (behind a proxy), only the phone counts. */
  struct throttle_limits off = {3, 0, 15 * MIN, 15 * MIN};
  for (int i = 0; i < 10; i++)
    assert_int_equal(throttle_fail(c, &off, NULL, "10.0.0.3", T0 + 40 + i,
                                   &st, &locked, &e), 0);
  assert_false(locked);
  assert_int_equal(throttle_check(c, &off, "13800000003", "10.0.0.3", T0 + 60,
                                  &st, &e), 0);
  assert_int_equal(st.locked_until, 0);
  assert_int_equal(st.remaining, 3);
  store_release(c);
}

static void tokens_are_found_by_the_whole_secret_only(void **state) {
  struct fixture *f = *state;
  struct err e = {0};
  struct account_new a = {"13700000001", "李四", NULL,
                          "$argon2id$v=19$m=8,t=1,p=1$x$y", 0};
  int64_t uid = 0, tid = 0;
  char token[TOKEN_CHARS + 1], prefix[TOKEN_PREFIX_CHARS + 1];
  struct session s;
  struct store_conn *c = store_acquire(f->store);
  assert_int_equal(account_create(c, &a, &uid, &e), 0);
  assert_int_equal(token_create(c, uid, "", 0, &tid, token, prefix, &e), -1);
  assert_int_equal(e.kind, ERR_FIELD_INVALID);
  assert_int_equal(token_create(c, uid, "对接", 0, &tid, token, prefix, &e),
                   0);
  assert_int_equal(token_authenticate(c, token, &s, &e), 1);
  assert_int_equal(s.user_id, uid);
  assert_int_equal(s.token_id, tid);
  char forged[TOKEN_CHARS + 1];
  memcpy(forged, token, sizeof forged);
  forged[TOKEN_CHARS - 1] = forged[TOKEN_CHARS - 1] == 'A' ? 'B' : 'A';
  assert_int_equal(token_authenticate(c, forged, &s, &e), 0);
  assert_int_equal(token_revoke(c, uid + 1, tid, &e), -1);
  assert_int_equal(e.kind, ERR_TOKEN_NOT_FOUND);
  assert_int_equal(token_revoke(c, uid, tid, &e), 0);
  assert_int_equal(token_authenticate(c, token, &s, &e), 0);
  assert_int_equal(token_revoke(c, uid, tid, &e), -1);
  /* Expired a millisecond ago. */
  assert_int_equal(token_create(c, uid, "旧", 1, &tid, token, prefix, &e), 0);
  assert_int_equal(token_authenticate(c, token, &s, &e), 0);
  store_release(c);
}

#define STORE_TESTS(setup_fn)                                                \
  {                                                                          \
    cmocka_unit_test_setup_teardown(                                         \
        failures_lock_the_account_and_the_address, setup_fn, teardown),      \
    cmocka_unit_test_setup_teardown(                                         \
        tokens_are_found_by_the_whole_secret_only, setup_fn, teardown),      \
  }

int main(void) {
  int failures = 0;
  if (account_init() != 0) return 1;
  const struct CMUnitTest rules[] = {
      cmocka_unit_test(fewer_failures_than_the_limit_leave_tries),
      cmocka_unit_test(the_limit_within_a_window_locks_from_the_last),
      cmocka_unit_test(the_limit_spread_over_more_than_a_window_does_not_lock),
      cmocka_unit_test(combining_takes_the_tighter),
      cmocka_unit_test(tokens_have_one_form_and_a_stable_hash),
      cmocka_unit_test(generated_passwords_pass_the_policy),
  };
  failures += cmocka_run_group_tests_name("accounts/rules", rules, NULL, NULL);
  const struct CMUnitTest sqlite_tests[] = STORE_TESTS(setup_sqlite);
  failures += cmocka_run_group_tests_name("accounts/sqlite", sqlite_tests,
                                          NULL, NULL);
  if (testdb_available(STORE_POSTGRES)) {
    const struct CMUnitTest pg_tests[] = STORE_TESTS(setup_postgres);
    failures += cmocka_run_group_tests_name("accounts/postgres", pg_tests,
                                            NULL, NULL);
  }
  return failures;
}
