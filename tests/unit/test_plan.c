/*
** Topic plans, public votes, figures and screening insight on SQLite and
** PostgreSQL: a plan's life (items only from accepted topics of its
** subtree, submit, return, approve with the party committee's approval
** moving every topic to approved with history and notifications), a ranked
** vote whose Borda scores are worked out by hand, who may vote, figures
** that match the topics planted, clusters that group the near-duplicates
** planted and nothing else, and themes from real sentences.
** Topics are planted with plain SQL: this module reads them, the topics
** module writes them.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include "domain/account.h"
#include "domain/figures.h"
#include "domain/insight.h"
#include "domain/plan.h"
#include "domain/unit.h"
#include "store/db.h"
#include "testdb.h"
#include "text/search.h"
#include "util/arena.h"

#define DAY 86400000LL
#define T0 1767225600000LL /* 2026-01-01 00:00 UTC */

struct fixture {
  enum store_backend backend;
  struct store *store;
  struct store_conn *conn;
  char *url;
  struct unit county, town, village, other_town, other_village;
  int64_t author, follower, voters[4];
};

static void make_unit(struct fixture *f, const struct unit *parent,
                      enum unit_kind kind, const char *name, struct unit *out) {
  struct err e = {0};
  assert_int_equal(
      unit_create(f->conn, parent ? parent->id : 0, kind, name, out, &e), 0);
}

static int64_t make_user(struct fixture *f, const char *phone) {
  struct err e = {0};
  struct account_new a = {phone, "测试用户", NULL, "not-a-real-hash", 0};
  int64_t id = 0;
  assert_int_equal(account_create(f->conn, &a, &id, &e), 0);
  return id;
}

static void sql(struct fixture *f, const char *text) {
  if (testdb_sql(f->backend, f->url, text) != 0)
    fail_msg("SQL failed: %s", text);
}

/* One integer from a query, read outside the store. */
static int64_t sql_int(struct fixture *f, const char *text) {
  int64_t v = -1;
  if (f->backend == STORE_SQLITE) {
    sqlite3 *db;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(f->url + 7, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, text, -1, &st, NULL), SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
  }
  PGconn *pg = PQconnectdb(f->url);
  PGresult *res = PQexec(pg, text);
  if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
    v = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
  PQclear(res);
  PQfinish(pg);
  return v;
}

struct topic_seed {
  int64_t id;
  const struct unit *unit;
  const char *state;
  const char *source;
  const char *title;
  const char *body;
  int64_t submitted_at; /* 0: NULL (a draft) */
  int64_t screened_at;  /* 0: NULL */
  int supports;
  const char *reject_reason;
};

/* Plant a topic by SQL (author f->author), and index it for search as the
   topics module does. */
static void plant(struct fixture *f, const struct topic_seed *t) {
  char text[4096], submitted[32], screened[32], reason[64];
  snprintf(submitted, sizeof submitted, "%lld", (long long)t->submitted_at);
  snprintf(screened, sizeof screened, "%lld", (long long)t->screened_at);
  snprintf(reason, sizeof reason, "'%s'", t->reject_reason);
  snprintf(text, sizeof text,
           "INSERT INTO topics (id, unit_id, title, body, source, channel, "
           "author_id, state, supports, created_at, submitted_at, "
           "screened_at, reject_reason, updated_at) VALUES (%lld, %lld, "
           "'%s', '%s', '%s', 'portal', %lld, '%s', %d, %lld, %s, %s, %s, "
           "%lld)",
           (long long)t->id, (long long)t->unit->id, t->title, t->body,
           t->source ? t->source : "resident", (long long)f->author, t->state,
           t->supports, (long long)T0, t->submitted_at ? submitted : "NULL",
           t->screened_at ? screened : "NULL",
           t->reject_reason ? reason : "NULL", (long long)T0);
  sql(f, text);
  struct err e = {0};
  struct search_doc d = {"topic", t->id,    t->unit->path, t->state,
                         T0,      t->title, t->body};
  assert_int_equal(store_begin(f->conn, &e), 0);
  assert_int_equal(search_index_put(f->conn, &d, &e), 0);
  assert_int_equal(store_commit(f->conn, &e), 0);
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
  make_unit(f, &f->town, UNIT_VILLAGE, "府前社区", &f->village);
  make_unit(f, &f->county, UNIT_TOWNSHIP, "青山镇", &f->other_town);
  make_unit(f, &f->other_town, UNIT_VILLAGE, "青山村", &f->other_village);
  f->author = make_user(f, "13700000001");
  f->follower = make_user(f, "13700000002");
  for (int i = 0; i < 4; i++) {
    char phone[32];
    snprintf(phone, sizeof phone, "1370000010%d", i);
    f->voters[i] = make_user(f, phone);
  }
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

/* Run one domain call in a transaction: IN_TX(f, e, call) begins, runs
   the call, commits when it returned 0 (rolls back otherwise) and gives its
   result. */
static struct fixture *tx_fixture;
static int tx_begin(struct fixture *f) {
  struct err e = {0};
  tx_fixture = f;
  assert_int_equal(store_begin(f->conn, &e), 0);
  return 0;
}
static int tx_end(int rc) {
  struct err e = {0};
  if (rc == 0)
    assert_int_equal(store_commit(tx_fixture->conn, &e), 0);
  else
    store_rollback(tx_fixture->conn);
  return rc;
}
#define IN_TX(f, e, call) (tx_begin(f), tx_end(call))

static struct plan reload(struct fixture *f, int64_t id) {
  struct plan p;
  struct err e = {0};
  assert_int_equal(plan_get(f->conn, id, &p, &e), 0);
  return p;
}

static int64_t new_plan(struct fixture *f, const struct unit *u) {
  struct err e = {0};
  struct plan_input in = {u->id, "2026年度协商议题计划", T0, T0 + 365 * DAY,
                          "年度计划"};
  int64_t id = 0;
  assert_int_equal(IN_TX(f, &e, plan_create(f->conn, &in, 0, T0, &id, &e)), 0);
  return id;
}

static void plan_life_cycle(void **state) {
  struct fixture *f = *state;
  struct err e = {0};
  const struct topic_seed seeds[] = {
      {11, &f->village, "accepted", "resident", "府前社区停车难",
       "晚上车位不够", T0 + DAY, T0 + 2 * DAY, 5, NULL},
      {12, &f->town, "accepted", "member", "老旧小区加装电梯", "老人上下楼难",
       T0 + DAY, T0 + 3 * DAY, 2, NULL},
      {13, &f->other_village, "accepted", "resident", "青山村修路", "村道破损",
       T0 + DAY, T0 + 2 * DAY, 0, NULL},
      {14, &f->village, "submitted", "resident", "菜市场噪音", "清晨太吵",
       T0 + DAY, 0, 0, NULL},
  };
  for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++)
    plant(f, &seeds[i]);
  /* The follower follows topic 11; the author follows it too (one
     notification each, not two for the author). */
  char text[256];
  snprintf(text, sizeof text,
           "INSERT INTO topic_followers (topic_id, user_id, created_at) "
           "VALUES (11, %lld, 1), (11, %lld, 1)",
           (long long)f->follower, (long long)f->author);
  sql(f, text);

  /* Bad input is refused before anything is written. */
  struct plan_input bad = {f->town.id, "计", T0, T0 + DAY, NULL};
  int64_t id = 0;
  assert_int_equal(plan_create(f->conn, &bad, 0, T0, &id, &e), -1);
  assert_int_equal(e.kind, ERR_FIELD_INVALID);
  bad.title = "年度计划";
  bad.period_end = T0;
  assert_int_equal(plan_create(f->conn, &bad, 0, T0, &id, &e), -1);
  assert_string_equal(e.detail, "period_end");

  id = new_plan(f, &f->town);
  struct plan p = reload(f, id);
  assert_int_equal(p.state, PLAN_DRAFT);
  assert_string_equal(p.unit_path, f->town.path);

  /* Only accepted topics of the subtree, each once. */
  const int64_t other_town[] = {11, 13};
  assert_int_equal(
      IN_TX(f, &e, plan_items_set(f->conn, &p, other_town, 2, T0, &e)), -1);
  assert_int_equal(e.kind, ERR_PLAN_TOPIC);
  assert_string_equal(e.detail, "13");
  const int64_t not_accepted[] = {14};
  assert_int_equal(
      IN_TX(f, &e, plan_items_set(f->conn, &p, not_accepted, 1, T0, &e)), -1);
  assert_int_equal(e.kind, ERR_PLAN_TOPIC);
  const int64_t twice[] = {11, 11};
  assert_int_equal(IN_TX(f, &e, plan_items_set(f->conn, &p, twice, 2, T0, &e)),
                   -1);
  assert_int_equal(e.kind, ERR_PLAN_TOPIC);
  assert_int_equal(reload(f, id).items, 0);

  /* An empty plan cannot be submitted. */
  assert_int_equal(IN_TX(f, &e, plan_submit(f->conn, &p, T0, &e)), -1);
  assert_int_equal(e.kind, ERR_PLAN_EMPTY);

  const int64_t good[] = {12, 11};
  assert_int_equal(IN_TX(f, &e, plan_items_set(f->conn, &p, good, 2, T0, &e)),
                   0);
  p = reload(f, id);
  assert_int_equal(p.items, 2);
  assert_int_equal(IN_TX(f, &e, plan_submit(f->conn, &p, T0 + 1, &e)), 0);
  p = reload(f, id);
  assert_int_equal(p.state, PLAN_SUBMITTED);
  assert_int_equal(p.submitted_at, T0 + 1);

  /* A submitted plan cannot be changed. */
  struct plan_input change = {0, "改过的计划", T0, T0 + DAY, ""};
  assert_int_equal(IN_TX(f, &e, plan_update(f->conn, &p, &change, T0, &e)), -1);
  assert_int_equal(e.kind, ERR_PLAN_STATE);
  assert_int_equal(IN_TX(f, &e, plan_items_set(f->conn, &p, good, 1, T0, &e)),
                   -1);
  assert_int_equal(e.kind, ERR_PLAN_STATE);

  /* Sent back needs a reason; then it can change and go again. */
  assert_int_equal(IN_TX(f, &e, plan_return(f->conn, &p, " ", 9, T0, &e)), -1);
  assert_int_equal(e.kind, ERR_FIELD_REQUIRED);
  assert_int_equal(
      IN_TX(f, &e, plan_return(f->conn, &p, "请补充调研材料", 0, T0 + 2, &e)),
      0);
  p = reload(f, id);
  assert_int_equal(p.state, PLAN_RETURNED);
  assert_string_equal(p.decision_reason, "请补充调研材料");
  assert_int_equal(IN_TX(f, &e, plan_update(f->conn, &p, &change, T0, &e)), 0);
  assert_string_equal(reload(f, id).title, "改过的计划");
  p = reload(f, id);
  assert_int_equal(IN_TX(f, &e, plan_submit(f->conn, &p, T0 + 3, &e)), 0);
  p = reload(f, id);

  /* Approval needs the party committee's, with its date and reference. */
  int64_t approved[PLAN_ITEMS_MAX];
  size_t napproved = 0;
  struct plan_approval none = {0, 0, NULL, NULL};
  assert_int_equal(IN_TX(f, &e,
                         plan_approve(f->conn, &p, &none, 0, "leader", T0 + 4,
                                      approved, &napproved, &e)),
                   -1);
  assert_int_equal(e.kind, ERR_PLAN_PARTY_APPROVAL);
  struct plan_approval no_ref = {1, T0 + 3, "", NULL};
  assert_int_equal(IN_TX(f, &e,
                         plan_approve(f->conn, &p, &no_ref, 0, "leader", T0 + 4,
                                      approved, &napproved, &e)),
                   -1);
  assert_int_equal(e.kind, ERR_PLAN_PARTY_APPROVAL);
  assert_int_equal(reload(f, id).state, PLAN_SUBMITTED);
  assert_int_equal(sql_int(f, "SELECT COUNT(*) FROM topics WHERE state = "
                              "'approved'"),
                   0);

  struct plan_approval ok = {1, T0 + 3, "县委办〔2026〕12号", "同意"};
  assert_int_equal(IN_TX(f, &e,
                         plan_approve(f->conn, &p, &ok, 0, "leader", T0 + 4,
                                      approved, &napproved, &e)),
                   0);
  assert_int_equal(napproved, 2);
  p = reload(f, id);
  assert_int_equal(p.state, PLAN_APPROVED);
  assert_int_equal(p.party_approved, 1);
  assert_int_equal(p.party_approved_at, T0 + 3);
  assert_string_equal(p.party_reference, "县委办〔2026〕12号");
  assert_int_equal(sql_int(f, "SELECT COUNT(*) FROM topics WHERE state = "
                              "'approved' AND approved_at IS NOT NULL"),
                   2);
  assert_int_equal(sql_int(f, "SELECT COUNT(*) FROM topics WHERE id = 13 AND "
                              "state = 'accepted'"),
                   1);
  assert_int_equal(sql_int(f, "SELECT COUNT(*) FROM topic_events WHERE kind "
                              "= 'approve' AND from_state = 'accepted' AND "
                              "to_state = 'approved'"),
                   2);
  /* Topic 11: author and follower; topic 12: its author. */
  assert_int_equal(sql_int(f, "SELECT COUNT(*) FROM notifications WHERE "
                              "object_id = 11 AND kind = 'topic.state'"),
                   2);
  assert_int_equal(sql_int(f, "SELECT COUNT(*) FROM notifications WHERE "
                              "object_id = 12"),
                   1);
  /* Approving twice is refused. */
  assert_int_equal(IN_TX(f, &e,
                         plan_approve(f->conn, &p, &ok, 0, "leader", T0 + 5,
                                      approved, &napproved, &e)),
                   -1);
  assert_int_equal(e.kind, ERR_PLAN_STATE);
}

static void ranked_vote_counts_borda(void **state) {
  struct fixture *f = *state;
  struct err e = {0};
  const struct topic_seed seeds[] = {
      {21, &f->village, "accepted", "resident", "甲 停车", "a", T0, T0, 0,
       NULL},
      {22, &f->village, "accepted", "resident", "乙 路灯", "b", T0, T0, 0,
       NULL},
      {23, &f->village, "accepted", "resident", "丙 绿化", "c", T0, T0, 0,
       NULL},
      {24, &f->village, "accepted", "resident", "丁 不在计划", "d", T0, T0, 0,
       NULL},
  };
  for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++)
    plant(f, &seeds[i]);
  int64_t id = new_plan(f, &f->town);
  struct plan p = reload(f, id);
  const int64_t items[] = {21, 22, 23};
  assert_int_equal(IN_TX(f, &e, plan_items_set(f->conn, &p, items, 3, T0, &e)),
                   0);
  p = reload(f, id);
  int64_t now = T0 + DAY;
  const int64_t choice[] = {21};
  /* Not open yet. */
  assert_int_equal(
      IN_TX(f, &e,
            plan_ballot_cast(f->conn, &p, f->voters[0], choice, 1, now, &e)),
      -1);
  assert_int_equal(e.kind, ERR_VOTE_CLOSED);
  assert_int_equal(
      IN_TX(f, &e,
            plan_vote_open(f->conn, &p, PLAN_VOTE_RANK, 4, now + DAY, now, &e)),
      -1);
  assert_string_equal(e.detail, "max");
  assert_int_equal(
      IN_TX(f, &e,
            plan_vote_open(f->conn, &p, PLAN_VOTE_RANK, 3, now + DAY, now, &e)),
      0);
  p = reload(f, id);
  assert_int_equal(plan_vote_status(&p, now), PLAN_VOTE_OPEN);
  assert_int_equal(
      IN_TX(f, &e,
            plan_vote_open(f->conn, &p, PLAN_VOTE_RANK, 3, now + DAY, now, &e)),
      -1);
  assert_int_equal(e.kind, ERR_VOTE_STATE);
  /* The list is fixed while the vote runs; the plan cannot be submitted. */
  assert_int_equal(IN_TX(f, &e, plan_items_set(f->conn, &p, items, 2, now, &e)),
                   -1);
  assert_int_equal(e.kind, ERR_VOTE_STATE);
  assert_int_equal(IN_TX(f, &e, plan_submit(f->conn, &p, now, &e)), -1);
  assert_int_equal(e.kind, ERR_VOTE_STATE);

  /* Ballots: A>B>C, B>A, B, and the refused ones. */
  const int64_t b0[] = {21, 22, 23}, b1[] = {22, 21}, b2[] = {22};
  const int64_t dup[] = {21, 21}, outside[] = {24}, many[] = {21, 22, 23, 24};
  assert_int_equal(
      IN_TX(f, &e, plan_ballot_cast(f->conn, &p, f->voters[0], b0, 3, now, &e)),
      0);
  assert_int_equal(
      IN_TX(f, &e, plan_ballot_cast(f->conn, &p, f->voters[1], b1, 2, now, &e)),
      0);
  assert_int_equal(
      IN_TX(f, &e, plan_ballot_cast(f->conn, &p, f->voters[2], b2, 1, now, &e)),
      0);
  assert_int_equal(
      IN_TX(f, &e, plan_ballot_cast(f->conn, &p, f->voters[0], b2, 1, now, &e)),
      -1);
  assert_int_equal(e.kind, ERR_VOTE_TWICE);
  assert_int_equal(
      IN_TX(f, &e,
            plan_ballot_cast(f->conn, &p, f->voters[3], dup, 2, now, &e)),
      -1);
  assert_int_equal(e.kind, ERR_VOTE_CHOICES);
  assert_int_equal(
      IN_TX(f, &e,
            plan_ballot_cast(f->conn, &p, f->voters[3], outside, 1, now, &e)),
      -1);
  assert_int_equal(e.kind, ERR_VOTE_CHOICES);
  assert_int_equal(
      IN_TX(f, &e,
            plan_ballot_cast(f->conn, &p, f->voters[3], many, 4, now, &e)),
      -1);
  assert_int_equal(e.kind, ERR_VOTE_CHOICES);

  /* Borda with 3 places: 1st 3 points, 2nd 2, 3rd 1.
     A: 3 (b0) + 2 (b1) = 5; B: 2 + 3 + 3 = 8; C: 1. */
  json_t *r = plan_results(f->conn, &p, now, &e);
  assert_non_null(r);
  assert_int_equal(json_integer_value(json_object_get(r, "ballots")), 3);
  json_t *items_json = json_object_get(r, "items");
  const int64_t order[] = {22, 21, 23}, scores[] = {8, 5, 1},
                votes[] = {3, 2, 1};
  for (size_t i = 0; i < 3; i++) {
    json_t *it = json_array_get(items_json, i);
    assert_int_equal(json_integer_value(json_object_get(it, "topic_id")),
                     order[i]);
    assert_int_equal(json_integer_value(json_object_get(it, "score")),
                     scores[i]);
    assert_int_equal(json_integer_value(json_object_get(it, "votes")),
                     votes[i]);
  }
  json_decref(r);
  json_t *mine = plan_ballot_of(f->conn, &p, f->voters[1], &e);
  assert_int_equal(json_array_size(mine), 2);
  assert_int_equal(json_integer_value(json_array_get(mine, 0)), 22);
  json_decref(mine);

  /* Closing records the outcome; no ballot after, no second close. */
  assert_int_equal(IN_TX(f, &e, plan_vote_close(f->conn, &p, now + 1, &e)), 0);
  p = reload(f, id);
  assert_int_equal(p.vote_closed, 1);
  assert_int_equal(p.vote_closes_at, now + 1);
  assert_int_equal(plan_vote_status(&p, now + 2), PLAN_VOTE_ENDED);
  assert_int_equal(sql_int(f, "SELECT COUNT(*) FROM topic_plans WHERE "
                              "vote_outcome LIKE '%\"ballots\":3%'"),
                   1);
  assert_int_equal(
      IN_TX(f, &e,
            plan_ballot_cast(f->conn, &p, f->voters[3], b2, 1, now + 2, &e)),
      -1);
  assert_int_equal(e.kind, ERR_VOTE_CLOSED);
  assert_int_equal(IN_TX(f, &e, plan_vote_close(f->conn, &p, now + 3, &e)), -1);
  assert_int_equal(e.kind, ERR_VOTE_STATE);
  /* Staff may now keep the winners; the recorded results stay. */
  const int64_t winner[] = {22};
  assert_int_equal(
      IN_TX(f, &e, plan_items_set(f->conn, &p, winner, 1, now + 3, &e)), 0);
  p = reload(f, id);
  r = plan_results(f->conn, &p, now + 3, &e);
  assert_non_null(r);
  assert_int_equal(json_array_size(json_object_get(r, "items")), 3);
  assert_int_equal(
      json_integer_value(json_object_get(
          json_array_get(json_object_get(r, "items"), 0), "score")),
      8);
  assert_true(json_is_true(json_object_get(r, "closed")));
  json_decref(r);
  /* Now the plan can go to the leader. */
  assert_int_equal(IN_TX(f, &e, plan_submit(f->conn, &p, now + 3, &e)), 0);
}

static void approval_vote_counts_choices(void **state) {
  struct fixture *f = *state;
  struct err e = {0};
  const struct topic_seed seeds[] = {
      {31, &f->village, "accepted", "resident", "一", "a", T0, T0, 0, NULL},
      {32, &f->village, "accepted", "resident", "二", "b", T0, T0, 0, NULL},
  };
  plant(f, &seeds[0]);
  plant(f, &seeds[1]);
  int64_t id = new_plan(f, &f->town);
  struct plan p = reload(f, id);
  const int64_t items[] = {31, 32};
  assert_int_equal(IN_TX(f, &e, plan_items_set(f->conn, &p, items, 2, T0, &e)),
                   0);
  p = reload(f, id);
  assert_int_equal(IN_TX(f, &e,
                         plan_vote_open(f->conn, &p, PLAN_VOTE_APPROVAL, 2,
                                        T0 + DAY, T0, &e)),
                   0);
  p = reload(f, id);
  const int64_t both[] = {32, 31}, one[] = {32};
  assert_int_equal(
      IN_TX(f, &e,
            plan_ballot_cast(f->conn, &p, f->voters[0], both, 2, T0, &e)),
      0);
  assert_int_equal(
      IN_TX(f, &e, plan_ballot_cast(f->conn, &p, f->voters[1], one, 1, T0, &e)),
      0);
  json_t *r = plan_results(f->conn, &p, T0, &e);
  json_t *first = json_array_get(json_object_get(r, "items"), 0);
  assert_int_equal(json_integer_value(json_object_get(first, "topic_id")), 32);
  assert_int_equal(json_integer_value(json_object_get(first, "score")), 2);
  assert_int_equal(json_integer_value(json_object_get(first, "votes")), 2);
  json_t *second = json_array_get(json_object_get(r, "items"), 1);
  assert_int_equal(json_integer_value(json_object_get(second, "score")), 1);
  assert_false(json_is_true(json_object_get(r, "closed")));
  json_decref(r);
  /* The closing time passing ends the vote without staff. */
  assert_int_equal(plan_vote_status(&p, T0 + DAY), PLAN_VOTE_ENDED);
  assert_int_equal(
      IN_TX(f, &e,
            plan_ballot_cast(f->conn, &p, f->voters[2], one, 1, T0 + DAY, &e)),
      -1);
  assert_int_equal(e.kind, ERR_VOTE_CLOSED);
}

static void voters_live_in_the_subtree(void **state) {
  struct fixture *f = *state;
  struct plan p = {0};
  snprintf(p.unit_path, sizeof p.unit_path, "%s", f->town.path);
  struct principal who = {1, 1, {{ROLE_RESIDENT, f->village.id, ""}}};
  snprintf(who.roles[0].unit_path, UNIT_PATH_MAX, "%s", f->village.path);
  assert_true(plan_voter_allowed(&who, &p));
  who.roles[0].role = ROLE_MEMBER;
  assert_true(plan_voter_allowed(&who, &p));
  who.roles[0].role = ROLE_STAFF;
  assert_false(plan_voter_allowed(&who, &p));
  who.roles[0].role = ROLE_RESIDENT;
  snprintf(who.roles[0].unit_path, UNIT_PATH_MAX, "%s", f->other_village.path);
  assert_false(plan_voter_allowed(&who, &p));
  assert_false(plan_voter_allowed(NULL, &p));
}

static int64_t field(json_t *j, const char *key) {
  return json_integer_value(json_object_get(j, key));
}

static void figures_match_the_topics(void **state) {
  struct fixture *f = *state;
  struct err e = {0};
  const struct topic_seed seeds[] = {
      /* In the town, in January. */
      {41, &f->village, "accepted", "resident", "一", "a", T0 + DAY,
       T0 + 3 * DAY, 0, NULL},
      {42, &f->village, "approved", "member", "二", "b", T0 + DAY, T0 + 2 * DAY,
       0, NULL},
      {43, &f->town, "rejected", "resident", "三", "c", T0 + DAY, T0 + 4 * DAY,
       0, "petition"},
      {44, &f->town, "rejected", "resident", "四", "d", T0 + DAY, T0 + 2 * DAY,
       0, "petition"},
      {45, &f->town, "merged", "resident", "五", "e", T0 + DAY, T0 + 2 * DAY, 0,
       NULL},
      {46, &f->town, "transferred", "party", "六", "f", T0 + DAY, T0 + 5 * DAY,
       0, NULL},
      {47, &f->town, "submitted", "resident", "七", "g", T0 + 2 * DAY, 0, 0,
       NULL},
      /* Not counted: a draft, another township, February. */
      {48, &f->town, "draft", "resident", "八", "h", 0, 0, 0, NULL},
      {49, &f->other_town, "accepted", "resident", "九", "i", T0 + DAY,
       T0 + 2 * DAY, 0, NULL},
      {50, &f->town, "accepted", "resident", "十", "j", T0 + 40 * DAY,
       T0 + 41 * DAY, 0, NULL},
  };
  for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++)
    plant(f, &seeds[i]);
  json_t *j =
      figures_topics(f->conn, f->town.id, f->town.path, T0, T0 + 31 * DAY, &e);
  assert_non_null(j);
  assert_int_equal(field(j, "raised"), 7);
  assert_int_equal(field(j, "accepted"), 2);
  assert_int_equal(field(j, "approved"), 1);
  assert_int_equal(field(j, "merged"), 1);
  assert_int_equal(field(j, "transferred"), 1);
  assert_int_equal(field(j, "rejected"), 2);
  assert_int_equal(field(j, "screened"), 6);
  /* Days to screen: 2, 1, 3, 1, 1, 4 → 12 / 6 = 2.0. */
  assert_true(json_real_value(json_object_get(j, "avg_days_to_screen")) == 2.0);
  json_t *by_source = json_object_get(j, "by_source");
  assert_int_equal(field(by_source, "resident"), 5);
  assert_int_equal(field(by_source, "member"), 1);
  assert_int_equal(field(by_source, "party"), 1);
  assert_int_equal(field(json_object_get(j, "by_reject_reason"), "petition"),
                   2);
  json_decref(j);
  /* The county sees its two townships; an empty period has no average. */
  j = figures_topics(f->conn, f->county.id, f->county.path, T0, T0 + 31 * DAY,
                     &e);
  assert_int_equal(field(j, "raised"), 8);
  /* Per township: 城关街道 7 (2 accepted, 2 rejected, 1 approved), 青山镇
     1 accepted. */
  json_t *by_unit = json_object_get(j, "by_unit");
  assert_int_equal(json_array_size(by_unit), 2);
  json_t *town = json_array_get(by_unit, 0),
         *other = json_array_get(by_unit, 1);
  assert_int_equal(field(town, "unit_id"), f->town.id);
  assert_int_equal(field(town, "raised"), 7);
  assert_int_equal(field(town, "accepted"), 2);
  assert_int_equal(field(town, "rejected"), 2);
  assert_int_equal(field(town, "approved"), 1);
  assert_string_equal(json_string_value(json_object_get(other, "unit_name")),
                      "青山镇");
  assert_int_equal(field(other, "raised"), 1);
  assert_int_equal(field(other, "accepted"), 1);
  json_decref(j);
  j = figures_topics(f->conn, f->county.id, f->county.path, T0 + 100 * DAY,
                     T0 + 101 * DAY, &e);
  assert_int_equal(field(j, "raised"), 0);
  assert_true(json_is_null(json_object_get(j, "avg_days_to_screen")));
  assert_int_equal(json_object_size(json_object_get(j, "by_source")), 0);
  json_decref(j);
}

static void clusters_group_planted_duplicates(void **state) {
  struct fixture *f = *state;
  struct err e = {0};
  const char *parking = "府前社区晚上停车位严重不足，车辆乱停乱放堵塞消防通道";
  const struct topic_seed seeds[] = {
      {61, &f->village, "submitted", "resident", "小区停车难", parking,
       T0 + DAY, 0, 3, NULL},
      {62, &f->village, "reviewing", "resident", "小区停车难",
       "府前社区晚上停车位严重不足，车辆乱停乱放堵塞了消防通道", T0 + DAY, 0, 1,
       NULL},
      /* The same in Traditional characters: the same topic. */
      {63, &f->town, "submitted", "resident", "小區停車難",
       "府前社區晚上停車位嚴重不足，車輛亂停亂放堵塞消防通道！", T0 + DAY, 0, 0,
       NULL},
      {64, &f->town, "submitted", "resident", "学校门口路灯坏了",
       "学府路小学门口的路灯已经坏了一个多月，孩子放学天黑看不清路", T0 + DAY,
       0, 0, NULL},
      {65, &f->town, "submitted", "resident", "学校门口路灯不亮",
       "学府路小学门口的路灯已经坏了一个多月了，孩子放学天黑看不清路", T0 + DAY,
       0, 0, NULL},
      /* Unrelated, already screened, or elsewhere: never in a cluster. */
      {66, &f->town, "submitted", "resident", "菜市场噪音扰民",
       "凌晨四点开始装卸货物，噪音很大影响休息", T0 + DAY, 0, 0, NULL},
      {67, &f->village, "accepted", "resident", "小区停车难", parking, T0 + DAY,
       T0 + DAY, 0, NULL},
      {68, &f->other_village, "submitted", "resident", "小区停车难", parking,
       T0 + DAY, 0, 0, NULL},
  };
  for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++)
    plant(f, &seeds[i]);
  struct arena *a = arena_new();
  struct insight_cluster *cl = NULL;
  size_t n = 0;
  assert_int_equal(insight_clusters(f->conn, a, f->town.path, T0, T0 + 31 * DAY,
                                    &cl, &n, &e),
                   0);
  assert_int_equal(n, 2);
  /* The largest first: the three parking topics, then the two lamps. */
  assert_int_equal(cl[0].n, 3);
  int64_t seen = 0;
  for (size_t i = 0; i < cl[0].n; i++) seen += cl[0].topic_ids[i];
  assert_int_equal(seen, 61 + 62 + 63);
  assert_true(cl[0].similarity >= INSIGHT_CLUSTER_MIN);
  assert_int_equal(cl[1].n, 2);
  assert_int_equal(cl[1].topic_ids[0] + cl[1].topic_ids[1], 64 + 65);
  /* Outside the period nothing clusters. */
  assert_int_equal(insight_clusters(f->conn, a, f->town.path, T0 + 2 * DAY,
                                    T0 + 31 * DAY, &cl, &n, &e),
                   0);
  assert_int_equal(n, 0);
  arena_free(a);
}

static void themes_from_real_sentences(void **state) {
  struct fixture *f = *state;
  struct err e = {0};
  const struct topic_seed seeds[] = {
      {71, &f->village, "submitted", "resident", "希望解决小区停车难问题",
       "我们小区停车位太少，晚上停车非常困难", T0 + DAY, 0, 10, NULL},
      {72, &f->town, "accepted", "resident", "医院附近停车难",
       "县医院附近停车收费高，车位少", T0 + DAY, T0 + DAY, 4, NULL},
      {73, &f->town, "submitted", "member", "建议增设路灯",
       "新桥路没有路灯，晚上出行不安全", T0 + DAY, 0, 1, NULL},
      {74, &f->town, "draft", "resident", "停车停车停车", "停车", 0, 0, 50,
       NULL},
  };
  for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++)
    plant(f, &seeds[i]);
  struct arena *a = arena_new();
  struct insight_theme *t = NULL;
  size_t n = 0;
  assert_int_equal(insight_themes(f->conn, a, f->town.path, T0, T0 + 31 * DAY,
                                  10, &t, &n, &e),
                   0);
  assert_true(n > 3 && n <= 10);
  /* 停车 is in two topics with 14 supports (the draft does not count). */
  assert_string_equal(t[0].term, "停车");
  assert_int_equal(t[0].topics, 2);
  assert_int_equal(t[0].supports, 14);
  for (size_t i = 0; i < n; i++) {
    assert_string_not_equal(t[i].term, "希望");
    assert_string_not_equal(t[i].term, "问题");
    assert_string_not_equal(t[i].term, "我们");
  }
  arena_free(a);
  /* The stop list and the shape rules. */
  assert_false(insight_term_useful("的", strlen("的")));
  assert_false(insight_term_useful("2026", 4));
  assert_false(insight_term_useful("建议", strlen("建议")));
  assert_true(insight_term_useful("路灯", strlen("路灯")));
  assert_true(insight_term_useful("wifi", 4));
}

#define PLAN_TESTS(setup_fn)                                                   \
  {                                                                            \
    cmocka_unit_test_setup_teardown(plan_life_cycle, setup_fn, teardown),      \
        cmocka_unit_test_setup_teardown(ranked_vote_counts_borda, setup_fn,    \
                                        teardown),                             \
        cmocka_unit_test_setup_teardown(approval_vote_counts_choices,          \
                                        setup_fn, teardown),                   \
        cmocka_unit_test_setup_teardown(voters_live_in_the_subtree, setup_fn,  \
                                        teardown),                             \
        cmocka_unit_test_setup_teardown(figures_match_the_topics, setup_fn,    \
                                        teardown),                             \
        cmocka_unit_test_setup_teardown(clusters_group_planted_duplicates,     \
                                        setup_fn, teardown),                   \
        cmocka_unit_test_setup_teardown(themes_from_real_sentences, setup_fn,  \
                                        teardown),                             \
  }

int main(void) {
  int failures = 0;
  const struct CMUnitTest sqlite_tests[] = PLAN_TESTS(setup_sqlite);
  failures +=
      cmocka_run_group_tests_name("plan/sqlite", sqlite_tests, NULL, NULL);
  if (testdb_available(STORE_POSTGRES)) {
    const struct CMUnitTest pg_tests[] = PLAN_TESTS(setup_postgres);
    failures +=
        cmocka_run_group_tests_name("plan/postgres", pg_tests, NULL, NULL);
  }
  return failures;
}
