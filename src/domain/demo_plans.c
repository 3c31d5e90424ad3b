/*
** The demo's topic plans, as tables: the topics residents of 城关街道
** raised and its staff accepted, and three plans of the street in three
** states (approved, submitted, put to a public vote). See demo_plans.h.
** Authors and voters are demo residents the API tests leave alone.
*/
#include "domain/demo_plans.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/plan.h"
#include "domain/topic.h"
#include "util/timeutil.h"

#define DAY_MS 86400000LL
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

#define STAFF_PHONE "13800000101"  /* 周海燕, 城关街道 */
#define LEADER_PHONE "13800000010" /* 陈志明, the county's leader */

/* Accepted topics; village: index into the street's villages; author: a
   demo resident of that village (resident i lives at village i % 40). */
static const struct demo_topic {
  int village;
  const char *author;
  const char *title;
  const char *body;
  const char *place;
  int affected;
} demo_topics[] = {
    {2, "13700000003", "南门老街雨天积水",
     "南门老街地势低，每逢大雨路面积水没过脚踝，沿街商户和老人出行困难。",
     "南门老街", 800},
    {3, "13700000004", "北门社区老旧小区加装电梯",
     "北门社区有 12 "
     "栋六层老楼，住着不少八十岁以上的老人，希望协商加装电梯的出资和选址。",
     "北门社区", 360},
    {4, "13700000005", "学府路上学放学时段拥堵",
     "学府路小学门口上下学时段车辆乱停，孩子过马路不安全，希望设置临时停车和护"
     "学岗。",
     "学府路小学门口", 1500},
    {1, "13700000042", "文昌社区缺少老年食堂",
     "社区独居老人多，中午吃饭难，希望在党群服务中心办一个老年食堂。",
     "文昌社区党群服务中心", 420},
    {2, "13700000043", "南门菜场周边占道经营",
     "菜场周边流动摊贩占道，早晚高峰行人只能走机动车道。", "南门菜场", 900},
    {3, "13700000044", "北门公园增设健身器材",
     "北门公园健身器材少且老化，晨练的居民排队使用。", "北门公园", 600},
    {4, "13700000045", "学府社区建口袋公园",
     "学府社区一块闲置空地长满杂草，希望改成口袋公园供居民休闲。",
     "学府社区东侧空地", 700},
};

/* The plans: topics by index into demo_topics. */
enum demo_plan_kind { DEMO_APPROVED, DEMO_SUBMITTED, DEMO_VOTING };
static const struct demo_plan {
  enum demo_plan_kind kind;
  const char *title;
  const char *note;
  int topics[3];
  int ntopics;
} demo_plans[] = {
    {DEMO_APPROVED,
     "城关街道2026年第一季度协商议题计划",
     "经街道政协工作联络委员会与街道党工委“双选择”确定。",
     {0, 1},
     2},
    {DEMO_SUBMITTED,
     "城关街道2026年第二季度协商议题计划",
     "报请领导审定。",
     {2, 3},
     2},
    {DEMO_VOTING,
     "城关街道2026年民生实事议题票选",
     "请辖区居民按轻重缓急排序投票，结果作为确定议题的参考。",
     {4, 5, 6},
     3},
};

/* Ranked ballots in the vote (indexes into the voting plan's topics). */
static const struct {
  const char *phone;
  int choices[3];
  int n;
} demo_ballots[] = {
    {"13700000083", {0, 2, 1}, 3}, {"13700000084", {2, 0}, 2},
    {"13700000085", {2, 1, 0}, 3}, {"13700000123", {0, 2}, 2},
    {"13700000124", {2}, 1},       {"13700000125", {1, 2, 0}, 3},
};

static int user_by_phone(struct store_conn *c, const char *phone, int64_t *id,
                         struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_USER_BY_PHONE, e);
  if (st == NULL) return -1;
  store_bind_text(st, 1, phone);
  int rc = store_step(st, e);
  *id = rc == STORE_ROW ? store_col_int(st, 0) : 0;
  store_finish(st);
  if (rc < 0) return -1;
  return rc == STORE_ROW ? 0 : err_set(e, ERR_USER_NOT_FOUND, "%s", phone);
}

/* Raise a demo topic and accept it. */
static int demo_topic(struct store_conn *c, const struct demo_topic *d,
                      const int64_t village_ids[5], int64_t staff, int64_t *id,
                      struct err *e) {
  int64_t author;
  if (user_by_phone(c, d->author, &author, e) != 0) return -1;
  struct topic_input in = {.unit_id = village_ids[d->village],
                           .title = d->title,
                           .body = d->body,
                           .place = d->place,
                           .affected = d->affected,
                           .source = "resident",
                           .channel = "portal",
                           .author_id = author};
  if (topic_raise(c, &in, author, id, e) != 0) return -1;
  struct topic *t = calloc(1, sizeof *t);
  if (t == NULL) return err_set(e, ERR_INTERNAL, "memory");
  struct topic_change_req accept = {.change = TOPIC_CHANGE_ACCEPT,
                                    .actor = staff,
                                    .actor_role = "staff",
                                    .reason = "符合协商议题要求，予以采纳"};
  int rc = topic_get(c, *id, 0, t, e);
  if (rc == 0) rc = topic_change_apply(c, t, &accept, NULL, e);
  topic_clear(t);
  free(t);
  return rc;
}

/* One plan in its state; topic_ids are the demo topics' ids. */
static int demo_plan(struct store_conn *c, const struct demo_plan *d,
                     int64_t street_id, const int64_t *topic_ids, int64_t staff,
                     int64_t leader, int64_t now, struct err *e) {
  struct plan_input in = {street_id, d->title, now - 30 * DAY_MS,
                          now + 335 * DAY_MS, d->note};
  int64_t id, items[3], approved[PLAN_ITEMS_MAX];
  size_t napproved;
  struct plan p;
  for (int i = 0; i < d->ntopics; i++) items[i] = topic_ids[d->topics[i]];
  if (plan_create(c, &in, staff, now, &id, e) != 0 ||
      plan_get(c, id, &p, e) != 0 ||
      plan_items_set(c, &p, items, (size_t)d->ntopics, now, e) != 0 ||
      plan_get(c, id, &p, e) != 0)
    return -1;
  if (d->kind == DEMO_VOTING) {
    if (plan_vote_open(c, &p, PLAN_VOTE_RANK, 3, now + 30 * DAY_MS, now, e) !=
            0 ||
        plan_get(c, id, &p, e) != 0)
      return -1;
    for (size_t b = 0; b < COUNT(demo_ballots); b++) {
      int64_t voter, choices[3];
      for (int k = 0; k < demo_ballots[b].n; k++)
        choices[k] = items[demo_ballots[b].choices[k]];
      if (user_by_phone(c, demo_ballots[b].phone, &voter, e) != 0 ||
          plan_ballot_cast(c, &p, voter, choices, (size_t)demo_ballots[b].n,
                           now, e) != 0)
        return -1;
    }
    return 0;
  }
  if (plan_submit(c, &p, now, e) != 0) return -1;
  if (d->kind == DEMO_SUBMITTED) return 0;
  struct plan_approval a = {1, now - DAY_MS, "城关街党工委〔2026〕5号",
                            "同意列入第一季度协商计划"};
  return plan_get(c, id, &p, e) != 0 ||
                 plan_approve(c, &p, &a, leader, "leader", now, approved,
                              &napproved, e) != 0
             ? -1
             : 0;
}

int demo_plans_load(struct store_conn *c, int64_t street_id,
                    const int64_t village_ids[5], struct err *e) {
  int64_t staff, leader, topic_ids[COUNT(demo_topics)];
  int64_t now = time_now_ms();
  if (user_by_phone(c, STAFF_PHONE, &staff, e) != 0 ||
      user_by_phone(c, LEADER_PHONE, &leader, e) != 0)
    return -1;
  for (size_t i = 0; i < COUNT(demo_topics); i++)
    if (demo_topic(c, &demo_topics[i], village_ids, staff, &topic_ids[i], e) !=
        0)
      return -1;
  for (size_t i = 0; i < COUNT(demo_plans); i++)
    if (demo_plan(c, &demo_plans[i], street_id, topic_ids, staff, leader, now,
                  e) != 0)
      return -1;
  return 0;
}
