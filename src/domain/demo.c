/*
** The demo data set, as tables. Accounts share one argon2id hash of the
** demo password (computed once), so loading is quick.
*/
#include "domain/demo.h"

#include "domain/account.h"
#include "util/timeutil.h"

struct demo_account {
  const char *phone;
  const char *name;
  int is_admin;
};

static const struct demo_account demo_accounts[] = {
    {"13800000001", "系统管理员", 1},
    {"13800000002", "王秀英", 0},
    {"13800000003", "李建国", 0},
};

static const struct {
  const char *key;
  const char *value;
} demo_settings[] = {
    {"site.name", "有事来协商 · 示范县"},
    {"site.name_en", "Let's Talk It Over · Demo County"},
};

static int demo_count_users(struct store_conn *c, int64_t *count,
                            struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_USER_COUNT, e);
  if (st == NULL) return -1;
  int rc = store_step(st, e);
  if (rc == STORE_ROW) *count = store_col_int(st, 0);
  store_finish(st);
  return rc == STORE_ROW ? 0 : -1;
}

static int demo_fill(struct store_conn *c, struct err *e) {
  char hash[PASSWORD_HASH_MAX];
  if (password_hash(DEMO_PASSWORD, hash, e) != 0) return -1;
  for (size_t i = 0; i < sizeof demo_accounts / sizeof demo_accounts[0]; i++) {
    struct account_new a = {demo_accounts[i].phone, demo_accounts[i].name,
                            NULL, hash, demo_accounts[i].is_admin};
    int64_t id;
    if (account_create(c, &a, &id, e) != 0) return -1;
  }
  for (size_t i = 0; i < sizeof demo_settings / sizeof demo_settings[0]; i++)
    if (store_exec(c, Q_SETTING_PUT, e, "ssI", demo_settings[i].key,
                   demo_settings[i].value, time_now_ms()) < 0)
      return -1;
  return 0;
}

int demo_load(struct store *s, int *loaded, struct err *e) {
  struct store_conn *c = store_acquire(s);
  int64_t users = 0;
  int rc = store_begin(c, e);
  *loaded = 0;
  if (rc == 0) rc = demo_count_users(c, &users, e);
  if (rc == 0 && users == 0) {
    rc = demo_fill(c, e);
    if (rc == 0) *loaded = 1;
  }
  if (rc == 0)
    rc = store_commit(c, e);
  else
    store_rollback(c);
  store_release(c);
  return rc;
}
