/*
** Topics: the changes themselves, each with its history, index entry and
** notifications. The tables and checks of input are in topic_rules.c. See
** topic.h.
*/
#include "domain/topic.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/notification.h"
#include "text/search.h"
#include "util/mem.h"
#include "util/timeutil.h"

void topic_clear(struct topic *t) {
  free(t->body);
  free(t->reply);
  t->body = NULL;
  t->reply = NULL;
}

#define COPY(dst, st, col) \
  snprintf((dst), sizeof(dst), "%s", store_col_text((st), (col)))

static int64_t col_id(struct store_stmt *st, int col) {
  return store_col_is_null(st, col) ? 0 : store_col_int(st, col);
}

/* Fill t from a row of TOPIC_COLUMNS. */
static void topic_from_row(struct store_stmt *st, struct topic *t) {
  memset(t, 0, sizeof *t);
  t->id = store_col_int(st, 0);
  t->unit_id = store_col_int(st, 1);
  COPY(t->unit_name, st, 2);
  COPY(t->unit_path, st, 3);
  t->venue_id = col_id(st, 4);
  COPY(t->venue_name, st, 5);
  COPY(t->title, st, 6);
  t->body = xstrdup(store_col_text(st, 7));
  COPY(t->place, st, 8);
  t->affected = store_col_int(st, 9);
  COPY(t->source, st, 10);
  COPY(t->channel, st, 11);
  t->author_id = col_id(st, 12);
  COPY(t->author_name, st, 13);
  t->recorded_by = col_id(st, 14);
  COPY(t->on_behalf_name, st, 15);
  COPY(t->on_behalf_contact, st, 16);
  t->state = topic_state_parse(store_col_text(st, 17));
  COPY(t->reason, st, 18);
  COPY(t->reject_reason, st, 19);
  t->merged_into = col_id(st, 20);
  t->department_unit_id = col_id(st, 21);
  COPY(t->department_name, st, 22);
  COPY(t->department_path, st, 23);
  t->reply = store_col_is_null(st, 24) ? NULL : xstrdup(store_col_text(st, 24));
  t->replied_at = col_id(st, 25);
  t->supports = store_col_int(st, 26);
  t->created_at = store_col_int(st, 27);
  t->submitted_at = col_id(st, 28);
  t->screened_at = col_id(st, 29);
  t->approved_at = col_id(st, 30);
  t->updated_at = store_col_int(st, 31);
  t->supported = store_col_int(st, 32) > 0;
  t->following = store_col_int(st, 33) > 0;
}

int topic_get(struct store_conn *c, int64_t id, int64_t viewer,
              struct topic *t, struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_TOPIC_GET, e);
  if (st == NULL) return -1;
  store_bind_int(st, 1, viewer);
  store_bind_int(st, 2, id);
  int rc = store_step(st, e);
  if (rc == STORE_ROW) topic_from_row(st, t);
  store_finish(st);
  if (rc == STORE_DONE)
    return err_set(e, ERR_TOPIC_NOT_FOUND, "%lld", (long long)id);
  return rc == STORE_ROW ? 0 : -1;
}

static void bind_id(struct store_stmt *st, int n, int64_t id) {
  if (id)
    store_bind_int(st, n, id);
  else
    store_bind_null(st, n);
}

/* Keep the text index in step with the topic as stored now. */
static int topic_index(struct store_conn *c, int64_t id, struct err *e) {
  struct topic t;
  if (topic_get(c, id, 0, &t, e) != 0) return -1;
  struct search_doc d = {"topic",  t.id,       t.unit_path,
                         topic_state_name(t.state), t.created_at, t.title,
                         t.body};
  int rc = search_index_put(c, &d, e);
  topic_clear(&t);
  return rc;
}

int topic_index_refresh(struct store_conn *c, int64_t id, struct err *e) {
  return topic_index(c, id, e);
}

/* One history row. detail: JSON text or NULL for {}. */
static int topic_event_add(struct store_conn *c, int64_t id, int64_t actor,
                           const char *role, const char *kind, unsigned from,
                           unsigned to, const char *reason,
                           const char *detail, struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_TOPIC_EVENT_INSERT, e);
  if (st == NULL) return -1;
  store_bind_int(st, 1, id);
  store_bind_int(st, 2, time_now_ms());
  bind_id(st, 3, actor);
  store_bind_text(st, 4, role ? role : "");
  store_bind_text(st, 5, kind);
  store_bind_text(st, 6, from ? topic_state_name(from) : NULL);
  store_bind_text(st, 7, to ? topic_state_name(to) : NULL);
  store_bind_text(st, 8, reason ? reason : "");
  store_bind_text(st, 9, detail ? detail : "{}");
  int rc = store_step(st, e);
  store_finish(st);
  return rc < 0 ? -1 : 0;
}

/* Tell the author and followers that topic t is now in state, why. */
static int topic_notify(struct store_conn *c, const struct topic *t,
                        unsigned state, const char *reason, int64_t actor,
                        struct err *e) {
  json_t *p = json_pack("{s:s,s:s,s:s}", "title", t->title, "state",
                        topic_state_name(state), "reason",
                        reason ? reason : "");
  char *text = json_dumps(p, JSON_COMPACT);
  json_decref(p);
  int rc = notification_topic(c, t->id, actor, "topic.state", text, e);
  free(text);
  return rc;
}

/* The unit a topic is raised at, and the venue if one is named. */
static int topic_place_check(struct store_conn *c, struct topic_input *in,
                             struct err *e) {
  struct unit u, vu;
  if (in->venue_id) {
    struct store_stmt *st = store_prepare(c, Q_VENUE_GET, e);
    if (st == NULL) return -1;
    store_bind_int(st, 1, in->venue_id);
    int rc = store_step(st, e);
    int64_t vunit = rc == STORE_ROW ? store_col_int(st, 1) : 0;
    int retired = rc == STORE_ROW && !store_col_is_null(st, 11);
    store_finish(st);
    if (rc < 0) return -1;
    if (rc == STORE_DONE || retired)
      return err_set(e, ERR_VENUE_NOT_FOUND, "%lld", (long long)in->venue_id);
    if (in->unit_id == 0) in->unit_id = vunit;
    if (unit_get(c, vunit, &vu, e) != 0) return -1;
  }
  if (in->unit_id == 0) return err_set(e, ERR_FIELD_REQUIRED, "unit_id");
  if (unit_get(c, in->unit_id, &u, e) != 0) return -1;
  if (u.retired_at)
    return err_set(e, ERR_UNIT_RETIRED, "%lld", (long long)u.id);
  if (in->venue_id && !unit_path_within(vu.path, u.path) &&
      !unit_path_within(u.path, vu.path))
    return err_set(e, ERR_TOPIC_VENUE_UNIT, "%lld", (long long)in->venue_id);
  return 0;
}

int topic_raise(struct store_conn *c, const struct topic_input *input,
                int64_t actor, int64_t *id, struct err *e) {
  struct topic_input in = *input;
  if (topic_input_check(&in, 1, e) != 0 || topic_place_check(c, &in, e) != 0)
    return -1;
  int64_t now = time_now_ms();
  unsigned state = in.draft ? TOPIC_DRAFT : TOPIC_SUBMITTED;
  struct store_stmt *st = store_prepare(c, Q_TOPIC_INSERT, e);
  if (st == NULL) return -1;
  store_bind_int(st, 1, in.unit_id);
  bind_id(st, 2, in.venue_id);
  store_bind_text(st, 3, in.title);
  store_bind_text(st, 4, in.body ? in.body : "");
  store_bind_text(st, 5, in.place ? in.place : "");
  store_bind_int(st, 6, in.affected > 0 ? in.affected : 0);
  store_bind_text(st, 7, in.source);
  store_bind_text(st, 8, in.channel);
  bind_id(st, 9, in.author_id);
  bind_id(st, 10, in.recorded_by);
  store_bind_text(st, 11, in.on_behalf_name);
  store_bind_text(st, 12, in.on_behalf_contact);
  store_bind_text(st, 13, topic_state_name(state));
  store_bind_int(st, 14, now);
  bind_id(st, 15, in.draft ? 0 : now);
  int rc = store_step(st, e);
  if (rc == STORE_ROW) *id = store_col_int(st, 0);
  store_finish(st);
  if (rc != STORE_ROW)
    return rc < 0 ? -1 : err_set(e, ERR_DB_ERROR, "no id returned");
  if (topic_event_add(c, *id, actor, "", "raise", 0, TOPIC_DRAFT, NULL, NULL,
                      e) != 0 ||
      (!in.draft &&
       topic_event_add(c, *id, actor, "", "submit", TOPIC_DRAFT,
                       TOPIC_SUBMITTED, NULL, NULL, e) != 0))
    return -1;
  if (in.author_id &&
      store_exec(c, Q_TOPIC_FOLLOW_ADD, e, "III", *id, in.author_id, now) < 0)
    return -1;
  return topic_index(c, *id, e);
}

int topic_edit(struct store_conn *c, int64_t id, const struct topic_input *input,
               int64_t actor, struct err *e) {
  struct topic t;
  struct topic_input in = *input;
  if (topic_input_check(&in, 0, e) != 0) return -1;
  if (topic_get(c, id, 0, &t, e) != 0) return -1;
  int rc = -1;
  if (t.state != TOPIC_DRAFT) {
    err_set(e, ERR_TOPIC_STATE, "%s", topic_state_name(t.state));
    goto done;
  }
  if (in.unit_id == 0 && in.venue_id == 0) in.unit_id = t.unit_id;
  if (in.venue_id == 0 && in.unit_id == t.unit_id) in.venue_id = t.venue_id;
  if (topic_place_check(c, &in, e) != 0) goto done;
  if (store_exec(c, Q_TOPIC_EDIT, e, "IIIsssII", id, in.unit_id,
                 in.venue_id, in.title ? in.title : t.title,
                 in.body ? in.body : t.body, in.place ? in.place : t.place,
                 in.affected >= 0 ? in.affected : t.affected,
                 time_now_ms()) < 0)
    goto done;
  rc = topic_event_add(c, id, actor, "", "edit", 0, 0, NULL, NULL, e);
  if (rc == 0) rc = topic_index(c, id, e);
done:
  topic_clear(&t);
  return rc;
}

/* Merge: check the target and move supports and followers to it. */
static int topic_merge_into(struct store_conn *c, const struct topic *t,
                            const struct topic_change_req *r,
                            const char *scope, struct err *e) {
  struct topic into;
  if (r->into == t->id)
    return err_set(e, ERR_TOPIC_MERGE_TARGET, "%lld", (long long)r->into);
  if (topic_get(c, r->into, 0, &into, e) != 0)
    return err_set(e, ERR_TOPIC_MERGE_TARGET, "%lld", (long long)r->into);
  int ok = (into.state & (TOPIC_DRAFT | TOPIC_MERGED | TOPIC_REJECTED)) == 0 &&
           unit_path_within(into.unit_path, scope ? scope : "/");
  char detail[64];
  snprintf(detail, sizeof detail, "{\"from\":%lld}", (long long)t->id);
  int rc = -1;
  int64_t now = time_now_ms();
  if (!ok)
    err_set(e, ERR_TOPIC_MERGE_TARGET, "%lld", (long long)r->into);
  else if (store_exec(c, Q_TOPIC_SUPPORTS_MOVE, e, "II", t->id, into.id) >= 0 &&
           store_exec(c, Q_TOPIC_SUPPORTS_CLEAR, e, "I", t->id) >= 0 &&
           store_exec(c, Q_TOPIC_SUPPORTS_RECOUNT, e, "I", t->id) >= 0 &&
           store_exec(c, Q_TOPIC_SUPPORTS_RECOUNT, e, "I", into.id) >= 0 &&
           store_exec(c, Q_TOPIC_FOLLOWERS_MOVE, e, "III", t->id, into.id,
                      now) >= 0)
    rc = topic_event_add(c, into.id, r->actor, r->actor_role, "merged_from",
                         0, 0, r->reason, detail, e);
  topic_clear(&into);
  return rc;
}

/* Transfer: the department must be an enterprise unit in service. */
static int topic_department_check(struct store_conn *c, int64_t id,
                                  struct err *e) {
  struct unit u;
  struct err ignored = {0};
  if (unit_get(c, id, &u, &ignored) != 0 || u.retired_at ||
      u.kind != UNIT_ENTERPRISE)
    return err_set(e, ERR_TOPIC_DEPARTMENT, "%lld", (long long)id);
  return 0;
}

/* Write the topic's state columns from after. */
static int topic_state_put(struct store_conn *c, const struct topic *a,
                           int64_t replied_by, struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_TOPIC_STATE_PUT, e);
  if (st == NULL) return -1;
  store_bind_int(st, 1, a->id);
  store_bind_text(st, 2, topic_state_name(a->state));
  store_bind_text(st, 3, a->reason);
  store_bind_text(st, 4, a->reject_reason[0] ? a->reject_reason : NULL);
  bind_id(st, 5, a->merged_into);
  bind_id(st, 6, a->department_unit_id);
  store_bind_text(st, 7, a->reply);
  bind_id(st, 8, replied_by);
  bind_id(st, 9, a->replied_at);
  bind_id(st, 10, a->submitted_at);
  bind_id(st, 11, a->screened_at);
  store_bind_int(st, 12, a->updated_at);
  int rc = store_step(st, e);
  store_finish(st);
  return rc < 0 ? -1 : 0;
}

int topic_change_apply(struct store_conn *c, const struct topic *t,
                       const struct topic_change_req *r,
                       const char *into_scope, struct err *e) {
  if (topic_change_check(r, e) != 0) return -1;
  if ((t->state & topic_change_from(r->change)) == 0)
    return err_set(e, ERR_TOPIC_STATE, "%s", topic_state_name(t->state));
  struct topic a = *t; /* after; body and reply stay t's */
  int64_t now = time_now_ms();
  char detail[64] = "{}";
  unsigned to = topic_change_to(r->change);
  a.state = to ? to : t->state;
  a.updated_at = now;
  if (r->change != TOPIC_CHANGE_REPLY)
    snprintf(a.reason, sizeof a.reason, "%s", r->reason ? r->reason : "");
  switch (r->change) {
  case TOPIC_CHANGE_SUBMIT: a.submitted_at = now; break;
  case TOPIC_CHANGE_REVIEW: break;
  case TOPIC_CHANGE_MERGE:
    if (topic_merge_into(c, t, r, into_scope, e) != 0) return -1;
    a.merged_into = r->into;
    snprintf(detail, sizeof detail, "{\"into\":%lld}", (long long)r->into);
    break;
  case TOPIC_CHANGE_TRANSFER:
    if (topic_department_check(c, r->department_unit_id, e) != 0) return -1;
    a.department_unit_id = r->department_unit_id;
    snprintf(detail, sizeof detail, "{\"department\":%lld}",
             (long long)r->department_unit_id);
    break;
  case TOPIC_CHANGE_REJECT:
    snprintf(a.reject_reason, sizeof a.reject_reason, "%s", r->reject_reason);
    snprintf(detail, sizeof detail, "{\"reject_reason\":\"%s\"}",
             r->reject_reason);
    break;
  case TOPIC_CHANGE_REPLY:
    a.reply = (char *)r->reply;
    a.replied_at = now;
    break;
  default: break;
  }
  if (r->change != TOPIC_CHANGE_SUBMIT && r->change != TOPIC_CHANGE_REVIEW &&
      r->change != TOPIC_CHANGE_REPLY)
    a.screened_at = now;
  const char *why = r->change == TOPIC_CHANGE_REPLY ? r->reply : r->reason;
  if (topic_state_put(c, &a,
                      r->change == TOPIC_CHANGE_REPLY ? r->actor : 0, e) != 0 ||
      topic_event_add(c, t->id, r->actor, r->actor_role,
                      topic_change_name(r->change), t->state,
                      to ? to : t->state, why, detail, e) != 0 ||
      topic_notify(c, &a, a.state, why, r->actor, e) != 0)
    return -1;
  return topic_index(c, t->id, e);
}

int topic_plan_mark(struct store_conn *c, int64_t id, unsigned to,
                    int64_t actor, const char *actor_role, const char *reason,
                    struct err *e) {
  struct topic t;
  if (topic_get(c, id, 0, &t, e) != 0) return -1;
  unsigned from = to == TOPIC_APPROVED    ? TOPIC_ACCEPTED
                  : to == TOPIC_SCHEDULED ? TOPIC_APPROVED
                                          : 0;
  int rc = -1;
  int64_t now = time_now_ms();
  if ((t.state & from) == 0) {
    err_set(e, ERR_TOPIC_STATE, "%s", topic_state_name(t.state));
    goto done;
  }
  struct store_stmt *st = store_prepare(c, Q_TOPIC_PLAN_MARK, e);
  if (st == NULL) goto done;
  store_bind_int(st, 1, id);
  store_bind_text(st, 2, topic_state_name(to));
  store_bind_text(st, 3, reason ? reason : "");
  bind_id(st, 4, to == TOPIC_APPROVED ? now : 0);
  store_bind_int(st, 5, now);
  rc = store_step(st, e);
  store_finish(st);
  if (rc < 0 ||
      topic_event_add(c, id, actor, actor_role,
                      to == TOPIC_APPROVED ? "approve" : "schedule", t.state,
                      to, reason, NULL, e) != 0 ||
      topic_notify(c, &t, to, reason, actor, e) != 0) {
    rc = -1;
    goto done;
  }
  rc = topic_index(c, id, e);
done:
  topic_clear(&t);
  return rc;
}

int topic_support(struct store_conn *c, const struct topic *t, int64_t user,
                  int add, struct err *e) {
  if ((t->state & TOPIC_SUPPORTABLE_STATES) == 0)
    return err_set(e, ERR_TOPIC_SUPPORT_STATE, "%s",
                   topic_state_name(t->state));
  int64_t now = time_now_ms();
  int64_t n = add ? store_exec(c, Q_TOPIC_SUPPORT_ADD, e, "III", t->id, user,
                               now)
                  : store_exec(c, Q_TOPIC_SUPPORT_REMOVE, e, "II", t->id, user);
  if (n < 0) return -1;
  if (n == 0)
    return err_set(e, add ? ERR_TOPIC_SUPPORTED : ERR_TOPIC_NOT_SUPPORTED,
                   NULL);
  if (add && store_exec(c, Q_TOPIC_FOLLOW_ADD, e, "III", t->id, user, now) < 0)
    return -1;
  return store_exec(c, Q_TOPIC_SUPPORTS_RECOUNT, e, "I", t->id) < 0 ? -1 : 0;
}

int topic_follow(struct store_conn *c, int64_t topic_id, int64_t user,
                 int add, struct err *e) {
  int64_t n = add ? store_exec(c, Q_TOPIC_FOLLOW_ADD, e, "III", topic_id,
                               user, time_now_ms())
                  : store_exec(c, Q_TOPIC_FOLLOW_REMOVE, e, "II", topic_id,
                               user);
  return n < 0 ? -1 : 0;
}

/* Bind the filter's states as $first .. $first + 8 ('' for unused). */
static void bind_states(struct store_stmt *st, int first, unsigned states) {
  for (int i = 0; i < TOPIC_STATE_NAMES; i++)
    store_bind_text(st, first + i,
                    (states & topic_state_at(i))
                        ? topic_state_name(topic_state_at(i))
                        : "");
}

int topic_page(struct store_conn *c, const struct topic_filter *f,
               topic_fn fn, void *ctx, int64_t *total, struct err *e) {
  const char *source = f->source ? f->source : "";
  struct store_stmt *st = store_prepare(c, Q_TOPIC_PAGE_COUNT, e);
  if (st == NULL) return -1;
  store_bind_text(st, 1, f->pattern);
  bind_states(st, 2, f->states);
  store_bind_text(st, 11, source);
  store_bind_int(st, 12, f->author_id);
  store_bind_text(st, 13, f->department);
  if (store_step_int(st, total, e) != 0) return -1;
  st = store_prepare(c, Q_TOPIC_PAGE, e);
  if (st == NULL) return -1;
  store_bind_int(st, 1, f->viewer);
  store_bind_text(st, 2, f->pattern);
  bind_states(st, 3, f->states);
  store_bind_text(st, 12, source);
  store_bind_text(st, 13, f->sort ? f->sort : "supports");
  store_bind_int(st, 14, f->author_id);
  store_bind_int(st, 15, f->limit);
  store_bind_int(st, 16, f->offset);
  store_bind_text(st, 17, f->department);
  struct topic t;
  int rc;
  for (rc = store_step(st, e); rc == STORE_ROW; rc = store_step(st, e)) {
    topic_from_row(st, &t);
    fn(&t, ctx);
    topic_clear(&t);
  }
  store_finish(st);
  return rc == STORE_DONE ? 0 : -1;
}

int topic_history(struct store_conn *c, int64_t id, topic_event_fn fn,
                  void *ctx, struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_TOPIC_EVENTS, e);
  if (st == NULL) return -1;
  store_bind_int(st, 1, id);
  int rc;
  for (rc = store_step(st, e); rc == STORE_ROW; rc = store_step(st, e)) {
    struct topic_event ev = {
        store_col_int(st, 0),  store_col_text(st, 1), store_col_text(st, 2),
        store_col_text(st, 3), store_col_text(st, 4), store_col_text(st, 5),
        store_col_text(st, 6), store_col_text(st, 7)};
    fn(&ev, ctx);
  }
  store_finish(st);
  return rc == STORE_DONE ? 0 : -1;
}
