/*
** The permission table, role by role and action by action: each role held
** at a township (/1/2/3/) is tried on an object at that township, in a
** village below it, at the county above it and in a neighbouring township.
** The expected answers are written out here independently of the table in
** permission.c, so a change to either shows up as a failure. Also: the
** bootstrap administrator at the root, anonymous callers, and roles held at
** units loaded from the store on both backends.
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
#include "domain/permission.h"
#include "domain/role.h"
#include "domain/unit.h"
#include "testdb.h"

/* Which actions each role may perform inside its own subtree. Outside it,
   nobody may do anything. Columns follow enum action: unit.create,
   unit.rename, unit.move, unit.retire, role.grant, role.revoke,
   user.create, user.contact, audit.read, search.read, venue.edit,
   org.edit, member.import, password.reset, people.read, topic.raise_for,
   topic.read, topic.screen, topic.reply, plan.edit, plan.approve,
   figures.read. Each is tried on an object in the state of probe[] below. */
static const int expected[ROLE_COUNT][ACTION_COUNT] = {
    [ROLE_RESIDENT] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                       0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
    [ROLE_MEMBER] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                     0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
    [ROLE_STAFF] = {0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 1,
                    1, 1, 0, 1, 1, 1, 1, 0, 1, 0, 1},
    [ROLE_DEPARTMENT] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                         0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0},
    [ROLE_LEADER] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0,
                     0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 1},
    [ROLE_ADMIN] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                    1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1},
};
_Static_assert(ACTION_COUNT == 22, "a new action needs its column above");

/* The state of the object each action is tried on: one it is allowed in. */
static unsigned probe(enum action a) {
  switch (a) {
  case ACTION_TOPIC_SCREEN: return TOPIC_SUBMITTED;
  case ACTION_TOPIC_REPLY: return TOPIC_TRANSFERRED;
  case ACTION_PLAN_EDIT: return PLAN_DRAFT;
  case ACTION_PLAN_APPROVE: return PLAN_SUBMITTED;
  default: return PERMISSION_STATE_NONE;
  }
}

static const char *const inside[] = {"/1/2/3/", "/1/2/3/17/"};
static const char *const outside[] = {"/1/2/", "/1/2/4/", "/1/2/33/", "/"};

static struct principal one_role(enum role role) {
  struct principal p = {0};
  p.user_id = 7;
  p.nroles = 1;
  p.roles[0].role = role;
  p.roles[0].unit_id = 3;
  snprintf(p.roles[0].unit_path, UNIT_PATH_MAX, "/1/2/3/");
  return p;
}

static void every_role_against_every_action(void **state) {
  (void)state;
  int checked = 0;
  for (int r = 0; r < ROLE_COUNT; r++) {
    struct principal p = one_role((enum role)r);
    for (int a = 0; a < ACTION_COUNT; a++) {
      for (size_t i = 0; i < sizeof inside / sizeof inside[0]; i++) {
        const struct role_grant *via = NULL;
        int got = permission_check(&p, (enum action)a, inside[i],
                                   probe((enum action)a), &via);
        if (got != expected[r][a])
          fail_msg("%s %s at %s: got %d", role_name((enum role)r),
                   action_name((enum action)a), inside[i], got);
        assert_ptr_equal(via, got ? &p.roles[0] : NULL);
        checked++;
      }
      for (size_t i = 0; i < sizeof outside / sizeof outside[0]; i++) {
        if (permission_check(&p, (enum action)a, outside[i],
                             probe((enum action)a), NULL))
          fail_msg("%s %s allowed outside its subtree at %s",
                   role_name((enum role)r), action_name((enum action)a),
                   outside[i]);
        checked++;
      }
    }
  }
  assert_int_equal(checked, ROLE_COUNT * ACTION_COUNT * 6);
}

static void the_root_administrator_and_nobody(void **state) {
  (void)state;
  struct principal root = {0};
  root.nroles = 1;
  root.roles[0].role = ROLE_ADMIN;
  snprintf(root.roles[0].unit_path, UNIT_PATH_MAX, "/");
  struct principal nobody = {0};
  for (int a = 0; a < ACTION_COUNT; a++) {
    unsigned st = probe((enum action)a);
    assert_int_equal(permission_check(&root, (enum action)a, "/", st, NULL),
                     expected[ROLE_ADMIN][a]);
    assert_int_equal(
        permission_check(&root, (enum action)a, "/9/8/", st, NULL),
        expected[ROLE_ADMIN][a]);
    assert_false(permission_check(&nobody, (enum action)a, "/9/", 1, NULL));
    assert_false(permission_check(NULL, (enum action)a, "/9/", 1, NULL));
    assert_false(permission_check(&root, (enum action)a, NULL, 1, NULL));
  }
  /* Two roles: the one that allows is reported. */
  struct principal two = one_role(ROLE_RESIDENT);
  two.nroles = 2;
  two.roles[1] = two.roles[0];
  two.roles[1].role = ROLE_LEADER;
  const struct role_grant *via = NULL;
  assert_true(permission_check(&two, ACTION_AUDIT_READ, "/1/2/3/", 1, &via));
  assert_ptr_equal(via, &two.roles[1]);
  assert_int_equal(role_parse("leader"), ROLE_LEADER);
  assert_int_equal(role_parse("boss"), -1);
  assert_string_equal(action_name(ACTION_ROLE_GRANT), "role.grant");
}

/* Actions limited to states: allowed in those, refused in every other. */
static void actions_follow_the_object_state(void **state) {
  (void)state;
  static const struct {
    enum role role;
    enum action action;
    unsigned allowed;
  } cases[] = {
      {ROLE_STAFF, ACTION_TOPIC_SCREEN, TOPIC_SUBMITTED | TOPIC_REVIEWING},
      {ROLE_ADMIN, ACTION_TOPIC_SCREEN, TOPIC_SUBMITTED | TOPIC_REVIEWING},
      {ROLE_DEPARTMENT, ACTION_TOPIC_REPLY, TOPIC_TRANSFERRED},
      {ROLE_STAFF, ACTION_PLAN_EDIT, PLAN_DRAFT | PLAN_RETURNED},
      {ROLE_LEADER, ACTION_PLAN_APPROVE, PLAN_SUBMITTED},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    struct principal p = one_role(cases[i].role);
    for (int bit = 1; bit <= 9; bit++) {
      unsigned st = 1u << bit;
      int want = (cases[i].allowed & st) != 0;
      if (permission_check(&p, cases[i].action, "/1/2/3/", st, NULL) != want)
        fail_msg("%s %s in state bit %d: want %d", role_name(cases[i].role),
                 action_name(cases[i].action), bit, want);
    }
  }
}

/* Roles held in the store: granted, loaded (retired units' roles are not),
   refused when duplicated, revoked. */
static void roles_in_the_store(enum store_backend b) {
  char *url;
  struct store *s = testdb_open_migrated(b, &url);
  struct store_conn *c = store_acquire(s);
  struct err e = {0};
  struct unit p, k, t;
  int64_t uid;
  struct account_new a = {"13700000009", "赵六", NULL, "x", 0};
  assert_int_equal(account_create(c, &a, &uid, &e), 0);
  assert_int_equal(unit_create(c, 0, UNIT_PROVINCE, "省", &p, &e), 0);
  assert_int_equal(unit_create(c, p.id, UNIT_COUNTY, "县", &k, &e), 0);
  assert_int_equal(unit_create(c, k.id, UNIT_TOWNSHIP, "镇", &t, &e), 0);
  struct role_held held, held2;
  assert_int_equal(role_grant(c, uid, ROLE_STAFF, t.id, 0, &held, &e), 0);
  assert_string_equal(held.unit_path, t.path);
  assert_int_equal(role_grant(c, uid, ROLE_LEADER, k.id, 0, &held2, &e), 0);
  assert_int_equal(role_grant(c, uid, ROLE_STAFF, t.id, 0, &held2, &e), -1);
  assert_int_equal(e.kind, ERR_CONFLICT);
  assert_int_equal(role_grant(c, 9999, ROLE_STAFF, t.id, 0, &held2, &e), -1);
  assert_int_equal(e.kind, ERR_USER_NOT_FOUND);
  assert_int_equal(role_grant(c, uid, ROLE_STAFF, 9999, 0, &held2, &e), -1);
  assert_int_equal(e.kind, ERR_UNIT_NOT_FOUND);
  struct principal pr;
  assert_int_equal(role_load_principal(c, uid, 0, &pr, &e), 0);
  assert_int_equal(pr.nroles, 2);
  assert_true(permission_check(&pr, ACTION_USER_CREATE, t.path, 1, NULL));
  assert_false(permission_check(&pr, ACTION_USER_CREATE, k.path, 1, NULL));
  assert_true(permission_check(&pr, ACTION_AUDIT_READ, t.path, 1, NULL));
  assert_int_equal(role_revoke(c, held.id, &e), 0);
  assert_int_equal(role_revoke(c, held.id, &e), -1);
  assert_int_equal(e.kind, ERR_ROLE_NOT_FOUND);
  assert_int_equal(role_load_principal(c, uid, 1, &pr, &e), 0);
  assert_int_equal(pr.nroles, 2); /* root administrator + leader */
  assert_true(permission_check(&pr, ACTION_AUDIT_READ, "/", 1, NULL));
  store_release(c);
  store_close(s);
  testdb_drop(b, url);
}

static void roles_in_sqlite(void **state) {
  (void)state;
  roles_in_the_store(STORE_SQLITE);
}

static void roles_in_postgres(void **state) {
  (void)state;
  if (testdb_available(STORE_POSTGRES)) roles_in_the_store(STORE_POSTGRES);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(every_role_against_every_action),
      cmocka_unit_test(the_root_administrator_and_nobody),
      cmocka_unit_test(actions_follow_the_object_state),
      cmocka_unit_test(roles_in_sqlite),
      cmocka_unit_test(roles_in_postgres),
  };
  return cmocka_run_group_tests_name("permission", tests, NULL, NULL);
}
