/*
** Topic plans and their public votes: the rules of plan.h over the
** registry's statements.
*/
#include "domain/plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/topic.h"
#include "util/utf8.h"

static const struct {
  enum plan_state state;
  const char *name;
} plan_states[] = {
    {PLAN_DRAFT, "draft"},
    {PLAN_SUBMITTED, "submitted"},
    {PLAN_APPROVED, "approved"},
    {PLAN_RETURNED, "returned"},
};

static const char *const vote_mode_names[] = {[PLAN_VOTE_NONE] = "",
                                              [PLAN_VOTE_APPROVAL] = "vote",
                                              [PLAN_VOTE_RANK] = "rank"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const char *plan_state_name(enum plan_state state) {
  for (size_t i = 0; i < COUNT(plan_states); i++)
    if (plan_states[i].state == state) return plan_states[i].name;
  return "?";
}

enum plan_state plan_state_parse(const char *name) {
  for (size_t i = 0; name && i < COUNT(plan_states); i++)
    if (strcmp(plan_states[i].name, name) == 0) return plan_states[i].state;
  return 0;
}

const char *plan_vote_mode_name(enum plan_vote_mode mode) {
  return mode <= PLAN_VOTE_RANK ? vote_mode_names[mode] : "";
}

enum plan_vote_mode plan_vote_mode_parse(const char *name) {
  if (name && strcmp(name, "vote") == 0) return PLAN_VOTE_APPROVAL;
  if (name && strcmp(name, "rank") == 0) return PLAN_VOTE_RANK;
  return PLAN_VOTE_NONE;
}

enum plan_vote_status plan_vote_status(const struct plan *p, int64_t now) {
  if (p->vote_mode == PLAN_VOTE_NONE) return PLAN_VOTE_NOT_OPENED;
  if (p->vote_closed || now >= p->vote_closes_at) return PLAN_VOTE_ENDED;
  return PLAN_VOTE_OPEN;
}

static int64_t col_int_or_zero(struct store_stmt *st, int col) {
  return store_col_is_null(st, col) ? 0 : store_col_int(st, col);
}

static void col_text(struct store_stmt *st, int col, char *out, size_t size) {
  snprintf(out, size, "%s", store_col_text(st, col));
}

void plan_from_row(struct store_stmt *st, struct plan *p) {
  memset(p, 0, sizeof *p);
  p->id = store_col_int(st, 0);
  p->unit_id = store_col_int(st, 1);
  col_text(st, 2, p->unit_path, sizeof p->unit_path);
  col_text(st, 3, p->unit_name, sizeof p->unit_name);
  col_text(st, 4, p->title, sizeof p->title);
  p->period_start = store_col_int(st, 5);
  p->period_end = store_col_int(st, 6);
  col_text(st, 7, p->note, sizeof p->note);
  p->state = plan_state_parse(store_col_text(st, 8));
  p->created_at = store_col_int(st, 9);
  p->updated_at = store_col_int(st, 10);
  p->submitted_at = col_int_or_zero(st, 11);
  p->decided_at = col_int_or_zero(st, 12);
  col_text(st, 13, p->decision_reason, sizeof p->decision_reason);
  p->party_approved = (int)store_col_int(st, 14);
  p->party_approved_at = col_int_or_zero(st, 15);
  col_text(st, 16, p->party_reference, sizeof p->party_reference);
  p->vote_mode = plan_vote_mode_parse(store_col_text(st, 17));
  p->vote_max = (int)col_int_or_zero(st, 18);
  p->vote_opens_at = col_int_or_zero(st, 19);
  p->vote_closes_at = col_int_or_zero(st, 20);
  p->vote_closed = (int)store_col_int(st, 21);
  p->items = (int)store_col_int(st, 22);
}

int plan_get(struct store_conn *c, int64_t id, struct plan *p, struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_PLAN_GET, e);
  if (st == NULL) return -1;
  store_bind_int(st, 1, id);
  int rc = store_step(st, e);
  if (rc == STORE_ROW) plan_from_row(st, p);
  store_finish(st);
  if (rc < 0) return -1;
  if (rc != STORE_ROW)
    return err_set(e, ERR_PLAN_NOT_FOUND, "%lld", (long long)id);
  return 0;
}

/* A text field: valid UTF-8 without control characters (newlines allowed
   where multiline), min_chars..max_chars characters once trimmed of
   nothing (blank counts as empty). */
static int text_check(const char *s, const char *field, size_t min_chars,
                      size_t max_chars, struct err *e) {
  size_t chars = 0;
  int blank = 1;
  if (s == NULL || !utf8_valid(s, strlen(s)))
    return err_set(e, s ? ERR_FIELD_INVALID : ERR_FIELD_REQUIRED, "%s", field);
  for (const unsigned char *q = (const unsigned char *)s; *q; q++) {
    if ((*q < 0x20 && *q != '\n') || *q == 0x7F)
      return err_set(e, ERR_FIELD_INVALID, "%s", field);
    if ((*q & 0xC0) != 0x80) chars++;
    if (*q != ' ' && *q != '\n') blank = 0;
  }
  if (min_chars > 0 && blank)
    return err_set(e, ERR_FIELD_REQUIRED, "%s", field);
  if (chars < min_chars || chars > max_chars)
    return err_set(e, ERR_FIELD_INVALID, "%s", field);
  return 0;
}

int plan_input_check(const struct plan_input *in, struct err *e) {
  if (text_check(in->title, "title", 2, PLAN_TITLE_MAX_CHARS, e) != 0)
    return -1;
  if (in->note && text_check(in->note, "note", 0, PLAN_NOTE_MAX_CHARS, e) != 0)
    return -1;
  if (in->period_start <= 0)
    return err_set(e, ERR_FIELD_INVALID, "period_start");
  if (in->period_end <= in->period_start)
    return err_set(e, ERR_FIELD_INVALID, "period_end");
  return 0;
}

int plan_create(struct store_conn *c, const struct plan_input *in,
                int64_t created_by, int64_t now, int64_t *id, struct err *e) {
  struct unit u;
  if (plan_input_check(in, e) != 0 || unit_get(c, in->unit_id, &u, e) != 0)
    return -1;
  if (u.retired_at)
    return err_set(e, ERR_UNIT_RETIRED, "%lld", (long long)u.id);
  struct store_stmt *st = store_prepare(c, Q_PLAN_INSERT, e);
  if (st == NULL) return -1;
  store_bind_int(st, 1, in->unit_id);
  store_bind_text(st, 2, in->title);
  store_bind_int(st, 3, in->period_start);
  store_bind_int(st, 4, in->period_end);
  store_bind_text(st, 5, in->note ? in->note : "");
  if (created_by)
    store_bind_int(st, 6, created_by);
  else
    store_bind_null(st, 6);
  store_bind_int(st, 7, now);
  return store_step_int(st, id, e);
}

/* Refuse a change to a plan that is neither draft nor returned. */
static int plan_editable(const struct plan *p, struct err *e) {
  if (p->state & (PLAN_DRAFT | PLAN_RETURNED)) return 0;
  return err_set(e, ERR_PLAN_STATE, "%s", plan_state_name(p->state));
}

int plan_update(struct store_conn *c, const struct plan *p,
                const struct plan_input *in, int64_t now, struct err *e) {
  if (plan_editable(p, e) != 0 || plan_input_check(in, e) != 0) return -1;
  return store_exec(c, Q_PLAN_UPDATE, e, "IsIIsI", p->id, in->title,
                    in->period_start, in->period_end, in->note ? in->note : "",
                    now) < 0
             ? -1
             : 0;
}

/* 0 if topic id is an accepted topic of the subtree at root, else -1 with
   ERR_PLAN_TOPIC naming it (or a store error). */
static int plan_topic_check(struct store_conn *c, int64_t id, const char *root,
                            struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_PLAN_TOPIC_CHECK, e);
  if (st == NULL) return -1;
  store_bind_int(st, 1, id);
  int rc = store_step(st, e);
  int ok = rc == STORE_ROW && strcmp(store_col_text(st, 0), "accepted") == 0 &&
           unit_path_within(store_col_text(st, 1), root);
  store_finish(st);
  if (rc < 0) return -1;
  return ok ? 0 : err_set(e, ERR_PLAN_TOPIC, "%lld", (long long)id);
}

int plan_items_set(struct store_conn *c, const struct plan *p,
                   const int64_t *topic_ids, size_t n, int64_t now,
                   struct err *e) {
  if (plan_editable(p, e) != 0) return -1;
  /* Ballots name the listed topics: the list is fixed from the opening of
     a vote until its results are recorded. */
  if (p->vote_mode != PLAN_VOTE_NONE && !p->vote_closed)
    return err_set(e, ERR_VOTE_STATE, "not closed");
  if (n > PLAN_ITEMS_MAX)
    return err_set(e, ERR_PLAN_TOPIC, "%d", PLAN_ITEMS_MAX);
  for (size_t i = 0; i < n; i++) {
    for (size_t j = 0; j < i; j++)
      if (topic_ids[j] == topic_ids[i])
        return err_set(e, ERR_PLAN_TOPIC, "%lld", (long long)topic_ids[i]);
    if (plan_topic_check(c, topic_ids[i], p->unit_path, e) != 0) return -1;
  }
  if (store_exec(c, Q_PLAN_ITEMS_CLEAR, e, "I", p->id) < 0) return -1;
  for (size_t i = 0; i < n; i++)
    if (store_exec(c, Q_PLAN_ITEM_INSERT, e, "IIiI", p->id, topic_ids[i],
                   (int)i + 1, now) < 0)
      return -1;
  return 0;
}

int plan_submit(struct store_conn *c, const struct plan *p, int64_t now,
                struct err *e) {
  if (plan_editable(p, e) != 0) return -1;
  if (p->items == 0) return err_set(e, ERR_PLAN_EMPTY, NULL);
  if (plan_vote_status(p, now) == PLAN_VOTE_OPEN)
    return err_set(e, ERR_VOTE_STATE, "open");
  int64_t n = store_exec(c, Q_PLAN_SUBMIT, e, "II", p->id, now);
  if (n < 0) return -1;
  if (n == 0)
    return err_set(e, ERR_PLAN_STATE, "%s", plan_state_name(p->state));
  return 0;
}

/* The party committee's approval, complete and plausible. */
static int plan_approval_check(const struct plan_approval *a, int64_t now,
                               struct err *e) {
  if (!a->party_approved)
    return err_set(e, ERR_PLAN_PARTY_APPROVAL, "party_approved");
  if (a->party_approved_at <= 0 || a->party_approved_at > now + 86400000)
    return err_set(e, ERR_PLAN_PARTY_APPROVAL, "party_approved_at");
  if (a->party_reference == NULL ||
      text_check(a->party_reference, "party_reference", 1,
                 PLAN_REFERENCE_MAX_CHARS, e) != 0)
    return err_set(e, ERR_PLAN_PARTY_APPROVAL, "party_reference");
  if (a->reason &&
      text_check(a->reason, "reason", 0, PLAN_REASON_MAX_CHARS, e) != 0)
    return -1;
  return 0;
}

int plan_approve(struct store_conn *c, const struct plan *p,
                 const struct plan_approval *a, int64_t actor_id,
                 const char *actor_role, int64_t now,
                 int64_t approved[PLAN_ITEMS_MAX], size_t *napproved,
                 struct err *e) {
  *napproved = 0;
  if (p->state != PLAN_SUBMITTED)
    return err_set(e, ERR_PLAN_STATE, "%s", plan_state_name(p->state));
  if (plan_approval_check(a, now, e) != 0) return -1;
  const char *reason = a->reason ? a->reason : "";
  int64_t changed =
      store_exec(c, Q_PLAN_APPROVE, e, "IIIsIs", p->id, actor_id, now, reason,
                 a->party_approved_at, a->party_reference);
  if (changed < 0) return -1;
  if (changed == 0)
    return err_set(e, ERR_PLAN_STATE, "%s", plan_state_name(p->state));
  /* Collect the ids first: each change reads and writes other rows. */
  struct store_stmt *st = store_prepare(c, Q_PLAN_ACCEPTED_ITEMS, e);
  if (st == NULL) return -1;
  store_bind_int(st, 1, p->id);
  size_t n = 0;
  int step;
  for (step = store_step(st, e); step == STORE_ROW; step = store_step(st, e))
    if (n < PLAN_ITEMS_MAX) approved[n++] = store_col_int(st, 0);
  store_finish(st);
  if (step < 0) return -1;
  for (size_t i = 0; i < n; i++)
    if (topic_plan_mark(c, approved[i], TOPIC_APPROVED, actor_id, actor_role,
                        reason, e) != 0)
      return -1;
  *napproved = n;
  return 0;
}

int plan_return(struct store_conn *c, const struct plan *p, const char *reason,
                int64_t actor_id, int64_t now, struct err *e) {
  if (p->state != PLAN_SUBMITTED)
    return err_set(e, ERR_PLAN_STATE, "%s", plan_state_name(p->state));
  if (text_check(reason, "reason", 1, PLAN_REASON_MAX_CHARS, e) != 0) return -1;
  int64_t n =
      store_exec(c, Q_PLAN_RETURN, e, "IIIs", p->id, actor_id, now, reason);
  if (n < 0) return -1;
  return n == 0 ? err_set(e, ERR_PLAN_STATE, "%s", plan_state_name(p->state))
                : 0;
}

int plan_vote_open(struct store_conn *c, const struct plan *p,
                   enum plan_vote_mode mode, int max, int64_t closes_at,
                   int64_t now, struct err *e) {
  if (plan_editable(p, e) != 0) return -1;
  if (p->vote_mode != PLAN_VOTE_NONE)
    return err_set(e, ERR_VOTE_STATE, "opened");
  if (p->items < 2) return err_set(e, ERR_PLAN_EMPTY, NULL);
  if (mode == PLAN_VOTE_NONE) return err_set(e, ERR_FIELD_INVALID, "mode");
  if (max < 1 || max > p->items) return err_set(e, ERR_FIELD_INVALID, "max");
  if (closes_at <= now) return err_set(e, ERR_FIELD_INVALID, "closes_at");
  int64_t n = store_exec(c, Q_PLAN_VOTE_OPEN, e, "IsiII", p->id,
                         plan_vote_mode_name(mode), max, now, closes_at);
  if (n < 0) return -1;
  return n == 0 ? err_set(e, ERR_VOTE_STATE, "opened") : 0;
}

int plan_voter_allowed(const struct principal *who, const struct plan *p) {
  for (int i = 0; who && i < who->nroles; i++) {
    const struct role_grant *g = &who->roles[i];
    if ((g->role == ROLE_RESIDENT || g->role == ROLE_MEMBER) &&
        unit_path_within(g->unit_path, p->unit_path))
      return 1;
  }
  return 0;
}

/* 1 if topic id is listed on the plan. */
static int plan_lists(struct store_conn *c, const struct plan *p, int64_t id,
                      int *listed, struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_PLAN_ITEM_TOPICS, e);
  if (st == NULL) return -1;
  store_bind_int(st, 1, p->id);
  int rc;
  *listed = 0;
  for (rc = store_step(st, e); rc == STORE_ROW; rc = store_step(st, e))
    if (store_col_int(st, 0) == id) *listed = 1;
  store_finish(st);
  return rc < 0 ? -1 : 0;
}

int plan_ballot_cast(struct store_conn *c, const struct plan *p,
                     int64_t user_id, const int64_t *choices, size_t n,
                     int64_t now, struct err *e) {
  if (plan_vote_status(p, now) != PLAN_VOTE_OPEN)
    return err_set(e, ERR_VOTE_CLOSED, NULL);
  if (n == 0 || n > (size_t)p->vote_max)
    return err_set(e, ERR_VOTE_CHOICES, "%d", p->vote_max);
  for (size_t i = 0; i < n; i++) {
    int listed = 0;
    for (size_t j = 0; j < i; j++)
      if (choices[j] == choices[i])
        return err_set(e, ERR_VOTE_CHOICES, "%d", p->vote_max);
    if (plan_lists(c, p, choices[i], &listed, e) != 0) return -1;
    if (!listed) return err_set(e, ERR_VOTE_CHOICES, "%d", p->vote_max);
  }
  int64_t open = store_exec(c, Q_PLAN_VOTE_HOLD, e, "II", p->id, now);
  if (open < 0) return -1;
  if (open == 0) return err_set(e, ERR_VOTE_CLOSED, NULL);
  int64_t added =
      store_exec(c, Q_PLAN_BALLOT_INSERT, e, "III", p->id, user_id, now);
  if (added < 0) return -1;
  if (added == 0) return err_set(e, ERR_VOTE_TWICE, NULL);
  for (size_t i = 0; i < n; i++) {
    int place = p->vote_mode == PLAN_VOTE_RANK ? (int)i + 1 : 1;
    if (store_exec(c, Q_PLAN_BALLOT_CHOICE_INSERT, e, "IIIi", p->id, user_id,
                   choices[i], place) < 0)
      return -1;
  }
  return 0;
}

/* The results recorded when the vote was closed. */
static json_t *plan_outcome(struct store_conn *c, const struct plan *p,
                            struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_PLAN_VOTE_OUTCOME, e);
  if (st == NULL) return NULL;
  store_bind_int(st, 1, p->id);
  int rc = store_step(st, e);
  json_t *j = rc == STORE_ROW ? json_loads(store_col_text(st, 0),
                                           JSON_REJECT_DUPLICATES, NULL)
                              : NULL;
  store_finish(st);
  if (j == NULL && rc >= 0) err_set(e, ERR_INTERNAL, "vote_outcome");
  return j;
}

json_t *plan_results(struct store_conn *c, const struct plan *p, int64_t now,
                     struct err *e) {
  int64_t ballots = 0;
  /* Once closed, the record is the result (the list may change after). */
  if (p->vote_closed) return plan_outcome(c, p, e);
  struct store_stmt *st = store_prepare(c, Q_PLAN_BALLOT_COUNT, e);
  if (st == NULL) return NULL;
  store_bind_int(st, 1, p->id);
  if (store_step_int(st, &ballots, e) != 0) return NULL;
  st = store_prepare(c, Q_PLAN_RESULTS, e);
  if (st == NULL) return NULL;
  store_bind_int(st, 1, p->id);
  store_bind_int(st, 2, p->vote_max);
  store_bind_int(st, 3, p->vote_mode == PLAN_VOTE_RANK);
  json_t *items = json_array();
  int rc;
  for (rc = store_step(st, e); rc == STORE_ROW; rc = store_step(st, e))
    json_array_append_new(items,
                          json_pack("{s:I,s:s,s:I,s:I}", "topic_id",
                                    (json_int_t)store_col_int(st, 0), "title",
                                    store_col_text(st, 1), "score",
                                    (json_int_t)store_col_int(st, 3), "votes",
                                    (json_int_t)store_col_int(st, 2)));
  store_finish(st);
  if (rc < 0) {
    json_decref(items);
    return NULL;
  }
  return json_pack("{s:s,s:i,s:I,s:b,s:o}", "mode",
                   plan_vote_mode_name(p->vote_mode), "max", p->vote_max,
                   "ballots", (json_int_t)ballots, "closed",
                   plan_vote_status(p, now) == PLAN_VOTE_ENDED, "items", items);
}

json_t *plan_ballot_of(struct store_conn *c, const struct plan *p,
                       int64_t user_id, struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_PLAN_BALLOT_MINE, e);
  if (st == NULL) return NULL;
  store_bind_int(st, 1, p->id);
  store_bind_int(st, 2, user_id);
  json_t *out = json_array();
  int rc;
  for (rc = store_step(st, e); rc == STORE_ROW; rc = store_step(st, e))
    json_array_append_new(out, json_integer(store_col_int(st, 0)));
  store_finish(st);
  if (rc < 0) {
    json_decref(out);
    return NULL;
  }
  return out;
}

int plan_vote_close(struct store_conn *c, const struct plan *p, int64_t now,
                    struct err *e) {
  if (p->vote_mode == PLAN_VOTE_NONE) return err_set(e, ERR_VOTE_STATE, "none");
  if (p->vote_closed) return err_set(e, ERR_VOTE_STATE, "closed");
  int64_t held = store_exec(c, Q_PLAN_VOTE_LOCK, e, "II", p->id, now);
  if (held < 0) return -1;
  if (held == 0) return err_set(e, ERR_VOTE_STATE, "closed");
  struct plan closed = *p;
  closed.vote_closes_at = now < p->vote_closes_at ? now : p->vote_closes_at;
  json_t *outcome = plan_results(c, &closed, closed.vote_closes_at, e);
  if (outcome == NULL) return -1;
  char *text = json_dumps(outcome, JSON_COMPACT);
  json_decref(outcome);
  if (text == NULL) return err_set(e, ERR_INTERNAL, "json");
  int64_t closes_at = now < p->vote_closes_at ? now : p->vote_closes_at;
  int64_t n =
      store_exec(c, Q_PLAN_VOTE_CLOSE, e, "IIsI", p->id, closes_at, text, now);
  free(text);
  if (n < 0) return -1;
  return n == 0 ? err_set(e, ERR_VOTE_STATE, "closed") : 0;
}
