/*
** Topic plans 议题计划: the accepted topics a unit will consult on in a
** period, chosen by the CPPCC and the local party committee together
** (双选择双报告), and the public vote that can help choose them.
**
**   draft → submitted → approved (the leader, with the party committee's
**                                 approval recorded; every listed topic
**                                 accepted → approved 已立项)
**                     → returned (the leader, with a reason) → submitted …
**
** A plan in draft (or returned) can be put to a public vote once: staff
** open it with a mode ('vote': pick up to max topics, one point each;
** 'rank': rank up to max topics, Borda count, place p of max earning
** max + 1 - p points) and a closing time; residents and members whose role
** unit lies in the plan's subtree cast one ballot each; closing records the
** outcome on the plan. While the vote is open the list of topics is fixed
** and the plan cannot be submitted.
**
** Every function that changes a plan runs inside the caller's transaction,
** so that the caller checks permissions and writes the audit row in the
** same one; permissions are the caller's business (permission.h:
** plan.edit, plan.approve). Each returns 0 or -1 with e set.
*/
#ifndef XIESHANG_DOMAIN_PLAN_H
#define XIESHANG_DOMAIN_PLAN_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/permission.h"
#include "domain/topic_state.h"
#include "domain/unit.h"
#include "store/db.h"
#include "util/err.h"

#define PLAN_TITLE_MAX_CHARS 60
#define PLAN_NOTE_MAX_CHARS 2000
#define PLAN_REASON_MAX_CHARS 500
#define PLAN_REFERENCE_MAX_CHARS 100
#define PLAN_ITEMS_MAX 50

enum plan_vote_mode { PLAN_VOTE_NONE, PLAN_VOTE_APPROVAL, PLAN_VOTE_RANK };

/* Where a plan's vote stands at a given time. */
enum plan_vote_status {
  PLAN_VOTE_NOT_OPENED, /* no vote */
  PLAN_VOTE_OPEN,       /* ballots accepted */
  PLAN_VOTE_ENDED       /* closing time passed or closed by staff */
};

struct plan {
  int64_t id;
  int64_t unit_id;
  char unit_path[UNIT_PATH_MAX];
  char unit_name[256];
  char title[4 * PLAN_TITLE_MAX_CHARS + 1];
  int64_t period_start, period_end; /* epoch ms */
  char note[4 * PLAN_NOTE_MAX_CHARS + 1];
  enum plan_state state;
  int64_t created_at, updated_at;
  int64_t submitted_at, decided_at; /* 0 when not yet */
  char decision_reason[4 * PLAN_REASON_MAX_CHARS + 1];
  int party_approved;
  int64_t party_approved_at; /* 0 when not recorded */
  char party_reference[4 * PLAN_REFERENCE_MAX_CHARS + 1];
  enum plan_vote_mode vote_mode;
  int vote_max;
  int64_t vote_opens_at, vote_closes_at;
  int vote_closed; /* closed by staff: outcome recorded */
  int items;       /* topics listed */
};

/* What staff write when creating or changing a plan. */
struct plan_input {
  int64_t unit_id;      /* create only */
  const char *title;    /* 2..PLAN_TITLE_MAX_CHARS characters */
  int64_t period_start; /* > 0, before period_end */
  int64_t period_end;
  const char *note; /* may be NULL: "" */
};

/* The leader's approval: the party committee's agreement must be recorded
   (party_approved 1, its date, a reference such as a document number). */
struct plan_approval {
  int party_approved;
  int64_t party_approved_at;
  const char *party_reference;
  const char *reason; /* may be NULL */
};

/* Names as in the API and the database ("submitted"), and back; the parser
   returns 0 for an unknown name. */
const char *plan_state_name(enum plan_state state);
enum plan_state plan_state_parse(const char *name);
const char *plan_vote_mode_name(enum plan_vote_mode mode);
enum plan_vote_mode plan_vote_mode_parse(const char *name);

/* The vote's status at time now. */
enum plan_vote_status plan_vote_status(const struct plan *p, int64_t now);

/* Read plan id. ERR_PLAN_NOT_FOUND when there is none. */
int plan_get(struct store_conn *c, int64_t id, struct plan *p, struct err *e);

/* Fill p from a row of PLAN_GET or PLAN_LIST. */
void plan_from_row(struct store_stmt *st, struct plan *p);

/* Check the fields of in (ERR_FIELD_REQUIRED, ERR_FIELD_INVALID). */
int plan_input_check(const struct plan_input *in, struct err *e);

/* Create a draft plan at in->unit_id (which must exist and be in service);
 *id is the new plan's. */
int plan_create(struct store_conn *c, const struct plan_input *in,
                int64_t created_by, int64_t now, int64_t *id, struct err *e);

/* Change title, period and note of a plan in draft or returned
   (ERR_PLAN_STATE otherwise). */
int plan_update(struct store_conn *c, const struct plan *p,
                const struct plan_input *in, int64_t now, struct err *e);

/* Replace the plan's topics with topic_ids, in that order: each an
   accepted topic of the plan's subtree, listed once, at most
   PLAN_ITEMS_MAX (ERR_PLAN_TOPIC naming the first that is not). Refused
   from the opening of a vote until it is closed (ERR_VOTE_STATE: ballots
   name the listed topics; afterwards the recorded results stay as they
   were) or when the plan is neither draft nor returned (ERR_PLAN_STATE). */
int plan_items_set(struct store_conn *c, const struct plan *p,
                   const int64_t *topic_ids, size_t n, int64_t now,
                   struct err *e);

/* Submit a draft or returned plan to the leader: it must list a topic
   (ERR_PLAN_EMPTY) and have no vote still open (ERR_VOTE_STATE). */
int plan_submit(struct store_conn *c, const struct plan *p, int64_t now,
                struct err *e);

/* Approve a submitted plan (ERR_PLAN_STATE otherwise) with the party
   committee's approval (ERR_PLAN_PARTY_APPROVAL when it is missing): every
   listed topic still accepted becomes approved, with a history row (actor,
   actor_role) and a notification to its author and followers. Their ids
   go to approved[0 .. *napproved). */
int plan_approve(struct store_conn *c, const struct plan *p,
                 const struct plan_approval *a, int64_t actor_id,
                 const char *actor_role, int64_t now,
                 int64_t approved[PLAN_ITEMS_MAX], size_t *napproved,
                 struct err *e);

/* Send a submitted plan back, with a reason (required). */
int plan_return(struct store_conn *c, const struct plan *p, const char *reason,
                int64_t actor_id, int64_t now, struct err *e);

/* Open the plan's public vote until closes_at (after now): mode vote or
   rank, max choices in 1..the number of topics listed. Once per plan
   (ERR_VOTE_STATE the second time); the plan must list at least two
   topics (ERR_PLAN_EMPTY). */
int plan_vote_open(struct store_conn *c, const struct plan *p,
                   enum plan_vote_mode mode, int max, int64_t closes_at,
                   int64_t now, struct err *e);

/* Cast user_id's ballot: choices in order of preference (rank mode) or any
   order (vote mode). ERR_VOTE_CLOSED when the vote is not open,
   ERR_VOTE_CHOICES for none, too many, repeated, or topics not in the
   plan, ERR_VOTE_TWICE for a second ballot. Who may vote is the caller's
   check (plan_voter_allowed()). */
int plan_ballot_cast(struct store_conn *c, const struct plan *p,
                     int64_t user_id, const int64_t *choices, size_t n,
                     int64_t now, struct err *e);

/* 1 if the principal may vote on the plan: a resident or member role held
   at a unit inside the plan's subtree. */
int plan_voter_allowed(const struct principal *who, const struct plan *p);

/* The results so far: {"mode", "max", "ballots", "closed",
   "items":[{"topic_id","title","score","votes"}]}, best first; once the
   vote is closed, the results recorded then. NULL with e set on failure. */
json_t *plan_results(struct store_conn *c, const struct plan *p, int64_t now,
                     struct err *e);

/* The topics user_id chose on the plan's ballot, in order, as a JSON
   array ([] when they have not voted); NULL with e set on failure. */
json_t *plan_ballot_of(struct store_conn *c, const struct plan *p,
                       int64_t user_id, struct err *e);

/* Close an opened vote now (it may already be past its closing time) and
   record the results on the plan (ERR_VOTE_STATE when there is no vote or
   it was closed already). */
int plan_vote_close(struct store_conn *c, const struct plan *p, int64_t now,
                    struct err *e);

#endif
