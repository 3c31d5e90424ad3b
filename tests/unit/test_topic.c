/*
** Topics on SQLite and PostgreSQL: the tables (state names, the changes and
** the states each may start from), validation of what is raised, and the
** domain's changes: raise and submit with history, the screening changes
** refused in the wrong state, a merge moving supports without counting
** anyone twice, transfer to a department only, supports once, and the
** notifications each change leaves for the author and followers.
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
#include "domain/notification.h"
#include "domain/topic.h"
#include "domain/unit.h"
#include "store/db.h"
#include "testdb.h"

struct fixture {
  enum store_backend backend;
  struct store *store;
  struct store_conn *conn;
  char *url;
  struct unit county, town, village, other_town, department;
  int64_t author, fan, other, staff;
};

static void make_unit(struct fixture *f, const struct unit *parent,
                      enum unit_kind kind, const char *name, struct unit *out) {
  struct err e = {0};
  assert_int_equal(
      unit_create(f->conn, parent ? parent->id : 0, kind, name, out, &e), 0);
}

static int64_t make_person(struct fixture *f, const char *phone,
                           const char *name) {
  struct err e = {0};
  struct account_new n = {phone, name, NULL, "$argon2id$test", 0};
  int64_t id = 0;
  assert_int_equal(account_create(f->conn, &n, &id, &e), 0);
  return id;
}

static int setup(void **state, enum store_backend b) {
  struct fixture *f = calloc(1, sizeof *f);
  struct unit province, city;
  f->backend = b;
  f->store = testdb_open_migrated(b, &f->url);
  f->conn = store_acquire(f->store);
  make_unit(f, NULL, UNIT_PROVINCE, "省", &province);
  make_unit(f, &province, UNIT_CITY, "市", &city);
  make_unit(f, &city, UNIT_COUNTY, "县", &f->county);
  make_unit(f, &f->county, UNIT_TOWNSHIP, "城关街道", &f->town);
  make_unit(f, &f->county, UNIT_TOWNSHIP, "山镇", &f->other_town);
  make_unit(f, &f->town, UNIT_VILLAGE, "府前社区", &f->village);
  make_unit(f, &f->county, UNIT_ENTERPRISE, "县住建局", &f->department);
  f->author = make_person(f, "13700000001", "王芳");
  f->fan = make_person(f, "13700000002", "李娜");
  f->other = make_person(f, "13700000003", "张伟");
  f->staff = make_person(f, "13800000101", "周海燕");
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

static int64_t raise_topic(struct fixture *f, const char *title, int draft) {
  struct err e = {0};
  struct topic_input in = {0};
  int64_t id = 0;
  in.unit_id = f->village.id;
  in.title = title;
  in.body = "居民反映已久";
  in.source = "resident";
  in.channel = "portal";
  in.author_id = f->author;
  in.draft = draft;
  assert_int_equal(topic_raise(f->conn, &in, f->author, &id, &e), 0);
  return id;
}

static void get(struct fixture *f, int64_t id, int64_t viewer,
                struct topic *t) {
  struct err e = {0};
  assert_int_equal(topic_get(f->conn, id, viewer, t, &e), 0);
}

/* Apply change to topic id as staff; returns the result, e filled. */
static int change(struct fixture *f, int64_t id, struct topic_change_req *r,
                  struct err *e) {
  struct topic t;
  get(f, id, 0, &t);
  r->actor = f->staff;
  r->actor_role = "staff";
  int rc = topic_change_apply(f->conn, &t, r, f->town.path, e);
  topic_clear(&t);
  return rc;
}

static int64_t count(struct fixture *f, enum query_id q, int64_t a) {
  struct err e = {0};
  int64_t n = -1;
  struct store_stmt *st = store_prepare(f->conn, q, &e);
  store_bind_int(st, 1, a);
  store_bind_int(st, 2, 0);
  assert_int_equal(store_step_int(st, &n, &e), 0);
  return n;
}

static void tables_agree(void **state) {
  (void)state;
  for (int i = 0; i < TOPIC_STATE_NAMES; i++) {
    unsigned s = topic_state_at(i);
    assert_true(s != 0);
    assert_int_equal(topic_state_parse(topic_state_name(s)), s);
  }
  assert_int_equal(topic_state_parse("closed"), 0);
  assert_int_equal(topic_state_parse(NULL), 0);
  assert_string_equal(topic_state_name(TOPIC_REVIEWING), "reviewing");
  /* Screening starts only from the screenable states; review only from
     submitted; a reply only while transferred; submit only from a draft. */
  assert_int_equal(topic_change_from(TOPIC_CHANGE_SUBMIT), TOPIC_DRAFT);
  assert_int_equal(topic_change_from(TOPIC_CHANGE_REVIEW), TOPIC_SUBMITTED);
  for (int c = TOPIC_CHANGE_ACCEPT; c <= TOPIC_CHANGE_REJECT; c++)
    assert_int_equal(topic_change_from((enum topic_change)c),
                     TOPIC_SCREENABLE_STATES);
  assert_int_equal(topic_change_from(TOPIC_CHANGE_REPLY), TOPIC_TRANSFERRED);
  assert_int_equal(topic_change_to(TOPIC_CHANGE_MERGE), TOPIC_MERGED);
  assert_int_equal(topic_change_to(TOPIC_CHANGE_REPLY), 0);
  assert_string_equal(topic_change_name(TOPIC_CHANGE_TRANSFER), "transfer");
  assert_true(topic_reject_reason_ok("petition"));
  assert_true(topic_reject_reason_ok("insufficient_info"));
  assert_false(topic_reject_reason_ok("boring"));
  assert_false(topic_reject_reason_ok(NULL));
  assert_true(topic_source_ok("continuation"));
  assert_false(topic_source_ok("gossip"));
  unsigned states = 0;
  assert_int_equal(topic_states_parse_list("submitted,reviewing", &states), 0);
  assert_int_equal(states, TOPIC_SCREENABLE_STATES);
  assert_int_equal(topic_states_parse_list("accepted,,draft", &states), -1);
  assert_int_equal(topic_states_parse_list("closed", &states), -1);
  assert_true(topic_channel_ok("qr"));
  assert_false(topic_channel_ok("fax"));
}

static void input_is_checked(void **state) {
  struct err e = {0};
  char long_title[61 * 3 + 1] = "", body[5001 * 3 + 1] = "";
  struct topic_input in = {0};
  (void)state;
  in.title = "加装电梯";
  in.source = "resident";
  in.channel = "portal";
  assert_int_equal(topic_input_check(&in, 1, &e), 0);
  in.title = "梯";
  assert_int_equal(topic_input_check(&in, 1, &e), -1);
  assert_int_equal(e.kind, ERR_TOPIC_TITLE);
  in.title = "\xE3\x80\x80\xE3\x80\x80 "; /* ideographic spaces only */
  assert_int_equal(topic_input_check(&in, 1, &e), -1);
  for (int i = 0; i < 61; i++) memcpy(long_title + 3 * i, "长", 4);
  in.title = long_title;
  assert_int_equal(topic_input_check(&in, 1, &e), -1);
  assert_int_equal(e.kind, ERR_TOPIC_TITLE);
  long_title[60 * 3] = '\0'; /* 60 characters: allowed */
  assert_int_equal(topic_input_check(&in, 1, &e), 0);
  in.title = "路灯\x01";
  assert_int_equal(topic_input_check(&in, 1, &e), -1);
  in.title = "路灯不亮";
  for (int i = 0; i < 5001; i++) memcpy(body + 3 * i, "字", 4);
  in.body = body;
  assert_int_equal(topic_input_check(&in, 1, &e), -1);
  assert_int_equal(e.kind, ERR_TOPIC_BODY);
  in.body = "第一行\n第二行";
  assert_int_equal(topic_input_check(&in, 1, &e), 0);
  in.affected = 10000001;
  assert_int_equal(topic_input_check(&in, 1, &e), -1);
  in.affected = 0;
  in.source = "gossip";
  assert_int_equal(topic_input_check(&in, 1, &e), -1);
  in.source = "resident";
  in.on_behalf_name = " ";
  assert_int_equal(topic_input_check(&in, 1, &e), -1);
  /* An edit checks only what it changes. */
  struct topic_input edit = {0};
  edit.affected = -1;
  assert_int_equal(topic_input_check(&edit, 0, &e), 0);
  /* A rejection needs a listed code and words. */
  struct topic_change_req r = {TOPIC_CHANGE_REJECT};
  assert_int_equal(topic_change_check(&r, &e), -1);
  assert_int_equal(e.kind, ERR_FIELD_REQUIRED);
  r.reject_reason = "boring";
  r.reason = "理由";
  assert_int_equal(topic_change_check(&r, &e), -1);
  assert_int_equal(e.kind, ERR_TOPIC_REJECT_REASON);
  r.reject_reason = "petition";
  r.reason = "  ";
  assert_int_equal(topic_change_check(&r, &e), -1);
  r.reason = "属信访事项";
  assert_int_equal(topic_change_check(&r, &e), 0);
}

static void raise_submit_and_screen(void **state) {
  struct fixture *f = *state;
  struct err e = {0};
  struct topic t;
  int64_t id = raise_topic(f, "老旧小区加装电梯", 1);
  get(f, id, f->author, &t);
  assert_int_equal(t.state, TOPIC_DRAFT);
  assert_true(t.following); /* the author follows their own topic */
  assert_int_equal(t.submitted_at, 0);
  topic_clear(&t);
  /* Screening a draft is the wrong state. */
  struct topic_change_req accept = {TOPIC_CHANGE_ACCEPT};
  assert_int_equal(change(f, id, &accept, &e), -1);
  assert_int_equal(e.kind, ERR_TOPIC_STATE);
  struct topic_change_req submit = {TOPIC_CHANGE_SUBMIT};
  assert_int_equal(change(f, id, &submit, &e), 0);
  struct topic_change_req review = {TOPIC_CHANGE_REVIEW};
  assert_int_equal(change(f, id, &review, &e), 0);
  assert_int_equal(change(f, id, &review, &e), -1);
  assert_int_equal(e.kind, ERR_TOPIC_STATE);
  accept.reason = "纳入年度协商";
  assert_int_equal(change(f, id, &accept, &e), 0);
  get(f, id, 0, &t);
  assert_int_equal(t.state, TOPIC_ACCEPTED);
  assert_string_equal(t.reason, "纳入年度协商");
  assert_true(t.screened_at > 0 && t.submitted_at > 0);
  topic_clear(&t);
  /* Once accepted, no screening change applies. */
  struct topic_change_req reject = {TOPIC_CHANGE_REJECT};
  reject.reject_reason = "duplicate";
  reject.reason = "重复";
  assert_int_equal(change(f, id, &reject, &e), -1);
  assert_int_equal(e.kind, ERR_TOPIC_STATE);
  /* History: raise, submit, review, accept. */
  assert_int_equal(count(f, Q_NOTIFICATION_COUNT, f->author), 3);
  /* The edit of a topic that is no longer a draft is refused. */
  struct topic_input in = {0};
  in.title = "改标题";
  in.affected = -1;
  assert_int_equal(topic_edit(f->conn, id, &in, f->author, &e), -1);
  assert_int_equal(e.kind, ERR_TOPIC_STATE);
}

static void supports_and_merge(void **state) {
  struct fixture *f = *state;
  struct err e = {0};
  struct topic t;
  int64_t from = raise_topic(f, "停车难", 0);
  int64_t into = raise_topic(f, "小区停车位不足", 0);
  get(f, from, 0, &t);
  assert_int_equal(topic_support(f->conn, &t, f->fan, 1, &e), 0);
  assert_int_equal(topic_support(f->conn, &t, f->fan, 1, &e), -1);
  assert_int_equal(e.kind, ERR_TOPIC_SUPPORTED);
  assert_int_equal(topic_support(f->conn, &t, f->other, 1, &e), 0);
  topic_clear(&t);
  get(f, into, 0, &t);
  assert_int_equal(topic_support(f->conn, &t, f->fan, 1, &e), 0);
  topic_clear(&t);
  get(f, from, f->fan, &t);
  assert_int_equal(t.supports, 2);
  assert_true(t.supported && t.following);
  topic_clear(&t);
  struct topic_change_req merge = {TOPIC_CHANGE_MERGE};
  merge.into = from;
  assert_int_equal(change(f, from, &merge, &e), -1);
  assert_int_equal(e.kind, ERR_TOPIC_MERGE_TARGET);
  merge.into = into;
  assert_int_equal(change(f, from, &merge, &e), 0);
  get(f, into, f->other, &t);
  assert_int_equal(t.supports, 2); /* fan once, other */
  assert_true(t.supported && t.following);
  topic_clear(&t);
  get(f, from, 0, &t);
  assert_int_equal(t.state, TOPIC_MERGED);
  assert_int_equal(t.merged_into, into);
  assert_int_equal(t.supports, 0);
  /* A merged topic takes no support. */
  assert_int_equal(topic_support(f->conn, &t, f->staff, 1, &e), -1);
  assert_int_equal(e.kind, ERR_TOPIC_SUPPORT_STATE);
  topic_clear(&t);
  /* Nothing merges into a merged topic. */
  int64_t third = raise_topic(f, "停车收费", 0);
  merge.into = from;
  assert_int_equal(change(f, third, &merge, &e), -1);
  assert_int_equal(e.kind, ERR_TOPIC_MERGE_TARGET);
}

static void transfer_and_reply(void **state) {
  struct fixture *f = *state;
  struct err e = {0};
  struct topic t;
  int64_t id = raise_topic(f, "路灯损坏", 0);
  get(f, id, 0, &t);
  assert_int_equal(topic_follow(f->conn, id, f->fan, 1, &e), 0);
  assert_int_equal(topic_follow(f->conn, id, f->fan, 1, &e), 0);
  topic_clear(&t);
  struct topic_change_req reply = {TOPIC_CHANGE_REPLY};
  reply.reply = "已修复";
  assert_int_equal(change(f, id, &reply, &e), -1);
  assert_int_equal(e.kind, ERR_TOPIC_STATE);
  struct topic_change_req transfer = {TOPIC_CHANGE_TRANSFER};
  transfer.department_unit_id = f->village.id;
  assert_int_equal(change(f, id, &transfer, &e), -1);
  assert_int_equal(e.kind, ERR_TOPIC_DEPARTMENT);
  transfer.department_unit_id = f->department.id;
  transfer.reason = "日常服务事项";
  assert_int_equal(change(f, id, &transfer, &e), 0);
  assert_int_equal(change(f, id, &reply, &e), 0);
  get(f, id, 0, &t);
  assert_int_equal(t.state, TOPIC_TRANSFERRED);
  assert_string_equal(t.department_name, "县住建局");
  assert_string_equal(t.reply, "已修复");
  assert_true(t.replied_at > 0);
  assert_string_equal(t.reason, "日常服务事项"); /* the reply keeps it */
  topic_clear(&t);
  /* The follower heard of both (the author too: raise+submit are theirs). */
  assert_int_equal(count(f, Q_NOTIFICATION_COUNT, f->fan), 2);
  assert_int_equal(count(f, Q_NOTIFICATION_COUNT, f->author), 2);
  int64_t marked = 0;
  assert_int_equal(notification_read_all(f->conn, f->fan, &marked, &e), 0);
  assert_int_equal(marked, 2);
  assert_int_equal(notification_read(f->conn, f->other, 1, &e), -1);
  assert_int_equal(e.kind, ERR_NOTIFICATION_NOT_FOUND);
}

#define TOPIC_TESTS(setup_fn)                                                \
  {                                                                          \
    cmocka_unit_test_setup_teardown(raise_submit_and_screen, setup_fn,       \
                                    teardown),                               \
    cmocka_unit_test_setup_teardown(supports_and_merge, setup_fn, teardown), \
    cmocka_unit_test_setup_teardown(transfer_and_reply, setup_fn, teardown), \
  }

int main(void) {
  int failures = 0;
  const struct CMUnitTest pure[] = {
      cmocka_unit_test(tables_agree),
      cmocka_unit_test(input_is_checked),
  };
  failures += cmocka_run_group_tests_name("topic/pure", pure, NULL, NULL);
  const struct CMUnitTest sqlite_tests[] = TOPIC_TESTS(setup_sqlite);
  failures += cmocka_run_group_tests_name("topic/sqlite", sqlite_tests, NULL,
                                          NULL);
  if (testdb_available(STORE_POSTGRES)) {
    const struct CMUnitTest pg_tests[] = TOPIC_TESTS(setup_postgres);
    failures += cmocka_run_group_tests_name("topic/postgres", pg_tests, NULL,
                                            NULL);
  }
  return failures;
}
