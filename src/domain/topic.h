/*
** Topics 议题: raising, editing a draft, the screening transitions, supports
** 附议 and followers, and the history every change leaves.
**
** A topic is raised at a unit (a village, a township, a county ...), by a
** resident or member for themself, or by staff for someone met in person
** (on_behalf_name/contact, private). Its life cycle is in topic_state.h;
** which change may follow which state is one table here (topic_change_*),
** and who may make it is the permission table's business (the API asks).
**
** Every change here runs inside the caller's transaction and, in that same
** transaction, writes the topic's history row (topic_events), keeps the
** text index in step (search_index_put, doc type "topic", scope the unit
** path, the state), and notifies the author and followers
** (notification.h). Functions return 0 or -1 with e set.
*/
#ifndef XIESHANG_DOMAIN_TOPIC_H
#define XIESHANG_DOMAIN_TOPIC_H

#include <stdint.h>

#include "domain/topic_state.h"
#include "domain/unit.h"
#include "store/db.h"
#include "util/err.h"

#define TOPIC_TITLE_MIN_CHARS 2
#define TOPIC_TITLE_MAX_CHARS 60
#define TOPIC_BODY_MAX_CHARS 5000
#define TOPIC_PLACE_MAX_CHARS 120
#define TOPIC_REASON_MAX_CHARS 1000
#define TOPIC_REPLY_MAX_CHARS 5000
#define TOPIC_AFFECTED_MAX 10000000
#define TOPIC_STATE_NAMES 9 /* named states in topic_state.h */

/* States that take supports 附议. */
#define TOPIC_SUPPORTABLE_STATES \
  (TOPIC_SUBMITTED | TOPIC_REVIEWING | TOPIC_ACCEPTED)
/* States anyone may open (the public list shows TOPIC_PUBLIC_STATES only,
   but a topic open for supports, or merged into another, can be read). */
#define TOPIC_OPEN_STATES \
  (TOPIC_PUBLIC_STATES | TOPIC_SUBMITTED | TOPIC_REVIEWING | TOPIC_MERGED)

/* A state's name ("reviewing") and back (0 for an unknown name). The
   i-th state, i in [0, TOPIC_STATE_NAMES), for walking them all. */
const char *topic_state_name(unsigned state);
unsigned topic_state_parse(const char *name);
unsigned topic_state_at(int i);

/* Add the states named in list (names separated by commas, as in a query
   string) to *out. Returns 0, or -1 for an empty or unknown name. */
int topic_states_parse_list(const char *list, unsigned *out);

/* The fixed lists: 1 if name is one of them. */
int topic_reject_reason_ok(const char *name);
int topic_source_ok(const char *name);
int topic_channel_ok(const char *name);

struct topic {
  int64_t id;
  int64_t unit_id;
  char unit_name[256];
  char unit_path[UNIT_PATH_MAX];
  int64_t venue_id; /* 0: none */
  char venue_name[256];
  char title[256];
  char *body; /* malloc'd; topic_clear() frees it */
  char place[512];
  int64_t affected;
  char source[32];
  char channel[32];
  int64_t author_id; /* 0: recorded for someone without an account */
  char author_name[256];
  int64_t recorded_by;
  char on_behalf_name[256];
  char on_behalf_contact[128];
  unsigned state;
  char reason[4096];
  char reject_reason[32]; /* "" when none */
  int64_t merged_into;
  int64_t department_unit_id;
  char department_name[256];
  char department_path[UNIT_PATH_MAX];
  char *reply; /* malloc'd, NULL when none */
  int64_t replied_at;
  int64_t supports;
  int64_t created_at, submitted_at, screened_at, approved_at, updated_at;
  int supported; /* the viewer supports it */
  int following; /* the viewer follows it */
};

void topic_clear(struct topic *t);

/* What a raise or a draft edit sets. For an edit, NULL strings and
   negative numbers keep what is there. */
struct topic_input {
  int64_t unit_id;
  int64_t venue_id;
  const char *title;
  const char *body;
  const char *place;
  int64_t affected;
  const char *source;  /* raise */
  const char *channel; /* raise */
  int64_t author_id;   /* raise; 0 for someone without an account */
  int64_t recorded_by; /* raise; 0 unless staff recorded it */
  const char *on_behalf_name;
  const char *on_behalf_contact;
  int draft; /* raise: stay a draft */
};

/* Check the texts and numbers of an input (required: a raise). Errors:
   ERR_TOPIC_TITLE, ERR_TOPIC_BODY, ERR_FIELD_INVALID naming place,
   affected, source, channel or on_behalf. */
int topic_input_check(const struct topic_input *in, int required,
                      struct err *e);

/* Read topic id as viewer (0: anonymous) sees it. ERR_TOPIC_NOT_FOUND. */
int topic_get(struct store_conn *c, int64_t id, int64_t viewer,
              struct topic *t, struct err *e);

/* Raise a topic: the unit (and venue, if any) must be in service and
   agree. Writes the 'raise' (and, unless a draft, 'submit') history, makes
   the author a follower, indexes it. Sets *id. */
int topic_raise(struct store_conn *c, const struct topic_input *in,
                int64_t actor, int64_t *id, struct err *e);

/* Edit a draft (ERR_TOPIC_STATE otherwise). */
int topic_edit(struct store_conn *c, int64_t id, const struct topic_input *in,
               int64_t actor, struct err *e);

/* The changes of state, one table in topic.c. */
enum topic_change {
  TOPIC_CHANGE_SUBMIT,   /* draft → submitted */
  TOPIC_CHANGE_REVIEW,   /* submitted → reviewing */
  TOPIC_CHANGE_ACCEPT,   /* submitted|reviewing → accepted */
  TOPIC_CHANGE_MERGE,    /* submitted|reviewing → merged (into) */
  TOPIC_CHANGE_TRANSFER, /* submitted|reviewing → transferred (department) */
  TOPIC_CHANGE_REJECT,   /* submitted|reviewing → rejected (reason code) */
  TOPIC_CHANGE_REPLY,    /* transferred: the department answers */
  TOPIC_CHANGE_COUNT
};

/* The change's name ("accept", as in topic_events.kind and the URL); the
   states it may start from; the state it leads to. */
const char *topic_change_name(enum topic_change ch);
unsigned topic_change_from(enum topic_change ch);
unsigned topic_change_to(enum topic_change ch);

/* One change, as asked. */
struct topic_change_req {
  enum topic_change change;
  int64_t actor;
  const char *actor_role; /* the role that allowed it ("staff"), or "" */
  const char *reason;     /* may be NULL; required for reject */
  const char *reject_reason; /* reject: a code from the list */
  int64_t into;              /* merge: the topic merged into */
  int64_t department_unit_id; /* transfer */
  const char *reply;          /* reply */
};

/* Check a change's own fields (reason texts, the reject code, the reply),
   before anything is read: ERR_FIELD_REQUIRED, ERR_FIELD_INVALID,
   ERR_TOPIC_REJECT_REASON. */
int topic_change_check(const struct topic_change_req *r, struct err *e);

/* Apply a change to topic t (as read in this transaction): refuses a state
   the change may not start from (ERR_TOPIC_STATE); merge checks its target
   (ERR_TOPIC_MERGE_TARGET: itself, missing, merged or rejected, or outside
   into_scope, a unit path) and moves supports (without counting anyone
   twice) and followers; transfer checks the department
   (ERR_TOPIC_DEPARTMENT). Writes history (and 'merged_from' on the
   target), the index, and notifications. */
int topic_change_apply(struct store_conn *c, const struct topic *t,
                       const struct topic_change_req *r,
                       const char *into_scope, struct err *e);

/* The steps after screening, taken by the topic plan 议题计划: an accepted
   topic is approved 已立项 (kind "approve", sets approved_at), an approved
   one scheduled 已排期 ("schedule"). ERR_TOPIC_STATE from any other state.
   History, index and notifications as for the other changes. */
int topic_plan_mark(struct store_conn *c, int64_t id, unsigned to,
                    int64_t actor, const char *actor_role, const char *reason,
                    struct err *e);

/* Write topic id's text index entry again (after a change made outside
   this module, such as moving demo data into the past). */
int topic_index_refresh(struct store_conn *c, int64_t id, struct err *e);

/* Support 附议 (also follows) and withdraw: ERR_TOPIC_SUPPORT_STATE when
   the state takes no support, ERR_TOPIC_SUPPORTED / ERR_TOPIC_NOT_SUPPORTED
   when already done / not done. The topic's count is kept in step. */
int topic_support(struct store_conn *c, const struct topic *t, int64_t user,
                  int add, struct err *e);

/* Follow or stop following (doing it twice is not an error). */
int topic_follow(struct store_conn *c, int64_t topic_id, int64_t user,
                 int add, struct err *e);

/* A page of topics. */
struct topic_filter {
  char pattern[UNIT_PATH_MAX + 1]; /* unit subtree (unit_subtree_pattern) */
  unsigned states;                 /* bit mask, at least one state */
  const char *source;              /* "" for any */
  const char *sort;                /* "supports", "newest", "affected" */
  int64_t author_id;               /* not 0: that author's only */
  char department[UNIT_PATH_MAX + 1]; /* "" or a subtree pattern: topics
                                         transferred to a department in it */
  int64_t viewer;
  int64_t limit, offset;
};
typedef void (*topic_fn)(const struct topic *t, void *ctx);
int topic_page(struct store_conn *c, const struct topic_filter *f,
               topic_fn fn, void *ctx, int64_t *total, struct err *e);

/* The history of a topic, oldest first. */
struct topic_event {
  int64_t at;
  const char *kind;
  const char *from_state; /* "" when none */
  const char *to_state;
  const char *reason;
  const char *detail; /* JSON text */
  const char *actor_name; /* "" when none */
  const char *actor_role;
};
typedef void (*topic_event_fn)(const struct topic_event *ev, void *ctx);
int topic_history(struct store_conn *c, int64_t id, topic_event_fn fn,
                  void *ctx, struct err *e);

#endif
