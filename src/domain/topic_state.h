/*
** The life cycle of a topic 议题 and of a topic plan, as the bits the
** permission table limits actions to (permission.h: a rule lists the states
** an action is allowed in). Bit 0 is PERMISSION_STATE_NONE, so these start
** at bit 1.
**
**   draft → submitted 征集中 → reviewing 审核中 → accepted 已采纳
**                                              → merged 已合并 (into another)
**                                              → transferred 已转办 (a
**                                                department replies)
**                                              → rejected 不予采纳 (reason)
**   accepted → approved 已立项 (in an approved topic plan) → scheduled 已排期
**
** Names are the strings stored in topics.state and used by the API.
*/
#ifndef XIESHANG_DOMAIN_TOPIC_STATE_H
#define XIESHANG_DOMAIN_TOPIC_STATE_H

enum topic_state {
  TOPIC_DRAFT = 1u << 1,
  TOPIC_SUBMITTED = 1u << 2,   /* 征集中: open for supports, awaiting review */
  TOPIC_REVIEWING = 1u << 3,   /* 审核中 */
  TOPIC_ACCEPTED = 1u << 4,    /* 已采纳 */
  TOPIC_MERGED = 1u << 5,      /* 已合并 */
  TOPIC_TRANSFERRED = 1u << 6, /* 已转办 */
  TOPIC_REJECTED = 1u << 7,    /* 不予采纳 */
  TOPIC_APPROVED = 1u << 8,    /* 已立项 */
  TOPIC_SCHEDULED = 1u << 9,   /* 已排期 */
};

/* The states the public sees: accepted and later. */
#define TOPIC_PUBLIC_STATES \
  (TOPIC_ACCEPTED | TOPIC_APPROVED | TOPIC_SCHEDULED)
/* The states in which staff may screen a topic. */
#define TOPIC_SCREENABLE_STATES (TOPIC_SUBMITTED | TOPIC_REVIEWING)

/* A topic plan 议题计划: staff draft it, submit it to the leader, who
   approves it or sends it back (returned) with a reason. */
enum plan_state {
  PLAN_DRAFT = 1u << 1,
  PLAN_SUBMITTED = 1u << 2,
  PLAN_APPROVED = 1u << 3,
  PLAN_RETURNED = 1u << 4,
};

#endif
