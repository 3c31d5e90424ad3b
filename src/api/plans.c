/*
** Topic plans 议题计划 over HTTP: listing and reading (the public sees
** approved plans and plans put to a public vote; staff with topic.read see
** every plan in their scope), drafting and changing (plan.edit while draft
** or returned), the leader's approval or return (plan.approve while
** submitted), and the public vote (plan.edit opens and closes it; residents
** and members of the subtree vote).
**
** Refusals: no right to the action at the plan's unit is 403; a right that
** the plan's state does not allow now (editing a submitted plan) is 409.
** Every change runs in one transaction with its audit row.
*/
#include <string.h>

#include "api/api_internal.h"
#include "api/topic_brief.h"
#include "domain/plan.h"
#include "util/timeutil.h"

#define PLAN_PAGE_MAX 100

static json_t *time_or_null(int64_t t) {
  return t ? json_integer(t) : json_null();
}

/* The plan's public vote: null, or {mode, max, opens_at, closes_at,
   status: "open" | "ended"}. */
static json_t *plan_vote_json(const struct plan *p, int64_t now) {
  if (p->vote_mode == PLAN_VOTE_NONE) return json_null();
  return json_pack(
      "{s:s,s:i,s:I,s:I,s:s}", "mode", plan_vote_mode_name(p->vote_mode), "max",
      p->vote_max, "opens_at", (json_int_t)p->vote_opens_at, "closes_at",
      (json_int_t)p->vote_closes_at, "status",
      plan_vote_status(p, now) == PLAN_VOTE_OPEN ? "open" : "ended");
}

/* 1 if the caller may see the plan: it is public (approved, or put to a
   vote), or they may read topics at its unit. */
static int plan_visible(const struct principal *who, const struct plan *p) {
  return p->state == PLAN_APPROVED || p->vote_mode != PLAN_VOTE_NONE ||
         permission_check(who, ACTION_TOPIC_READ, p->unit_path,
                          PERMISSION_STATES_ANY, NULL);
}

/* 1 if the caller may see the vote's results: staff of the plan's scope
   always, everyone once the vote has ended. */
static int plan_results_visible(const struct principal *who,
                                const struct plan *p, int64_t now) {
  if (p->vote_mode == PLAN_VOTE_NONE) return 0;
  return plan_vote_status(p, now) == PLAN_VOTE_ENDED ||
         permission_check(who, ACTION_TOPIC_READ, p->unit_path,
                          PERMISSION_STATES_ANY, NULL);
}

/* What the caller may do now, so that pages offer only what would work. */
static json_t *plan_permissions_json(const struct principal *who,
                                     const struct plan *p, int64_t now) {
  int edit =
      permission_check(who, ACTION_PLAN_EDIT, p->unit_path, p->state, NULL);
  int decide =
      permission_check(who, ACTION_PLAN_APPROVE, p->unit_path, p->state, NULL);
  enum plan_vote_status vote = plan_vote_status(p, now);
  return json_pack(
      "{s:b,s:b,s:b,s:b,s:b,s:b,s:b}", "edit", edit, "submit",
      edit && p->items > 0 && vote != PLAN_VOTE_OPEN, "approve", decide,
      "return", decide, "vote_open",
      edit && p->vote_mode == PLAN_VOTE_NONE && p->items >= 2, "vote_close",
      edit && p->vote_mode != PLAN_VOTE_NONE && !p->vote_closed, "ballot",
      vote == PLAN_VOTE_OPEN && plan_voter_allowed(who, p));
}

/* The plan as the caller sees it in a list. */
static json_t *plan_json(const struct principal *who, const struct plan *p,
                         int64_t now) {
  json_t *j = json_pack(
      "{s:I,s:I,s:s,s:s,s:s,s:I,s:I,s:s,s:s,s:I,s:I,s:s,s:b,s:s,s:i}", "id",
      (json_int_t)p->id, "unit_id", (json_int_t)p->unit_id, "unit_name",
      p->unit_name, "unit_path", p->unit_path, "title", p->title,
      "period_start", (json_int_t)p->period_start, "period_end",
      (json_int_t)p->period_end, "note", p->note, "state",
      plan_state_name(p->state), "created_at", (json_int_t)p->created_at,
      "updated_at", (json_int_t)p->updated_at, "decision_reason",
      p->decision_reason, "party_approved", p->party_approved,
      "party_reference", p->party_reference, "item_count", p->items);
  json_object_set_new(j, "submitted_at", time_or_null(p->submitted_at));
  json_object_set_new(j, "decided_at", time_or_null(p->decided_at));
  json_object_set_new(j, "party_approved_at",
                      time_or_null(p->party_approved_at));
  json_object_set_new(j, "vote", plan_vote_json(p, now));
  json_object_set_new(j, "permissions", plan_permissions_json(who, p, now));
  return j;
}

static json_t *plan_items_json(struct http_request *req, struct store_conn *c,
                               const struct plan *p, struct err *e) {
  int64_t ids[PLAN_ITEMS_MAX];
  size_t n = 0;
  struct store_stmt *st = store_prepare(c, Q_PLAN_ITEM_TOPICS, e);
  if (st == NULL) return NULL;
  store_bind_int(st, 1, p->id);
  int rc;
  for (rc = store_step(st, e); rc == STORE_ROW; rc = store_step(st, e))
    if (n < PLAN_ITEMS_MAX) ids[n++] = store_col_int(st, 0);
  store_finish(st);
  if (rc < 0) return NULL;
  return api_topics_json(req, c, ids, n, e);
}

/* The plan in full: plan_json with its topics, the results when the caller
   may see them, and the caller's own ballot ("my_ballot", [] when none). */
static json_t *plan_detail_json(struct http_request *req, struct store_conn *c,
                                const struct plan *p, struct err *e) {
  const struct principal *who = api_roles(req);
  const struct session *s = api_principal(req);
  int64_t now = time_now_ms();
  json_t *j = plan_json(who, p, now);
  json_t *items = plan_items_json(req, c, p, e);
  json_t *results = NULL, *mine = NULL;
  if (items == NULL) goto fail;
  json_object_set_new(j, "items", items);
  if (plan_results_visible(who, p, now)) {
    results = plan_results(c, p, now, e);
    if (results == NULL) goto fail;
  }
  json_object_set_new(j, "results", results ? results : json_null());
  if (s && p->vote_mode != PLAN_VOTE_NONE) {
    mine = plan_ballot_of(c, p, s->user_id, e);
    if (mine == NULL) goto fail;
  }
  json_object_set_new(j, "my_ballot", mine ? mine : json_array());
  if (mine && json_array_size(mine) > 0)
    json_object_set_new(json_object_get(j, "permissions"), "ballot",
                        json_false());
  return j;
fail:
  json_decref(j);
  return NULL;
}

/* Read the plan named in the path, as the caller may see it (a plan they
   may not see is not found). */
static int plan_load(struct http_request *req, struct store_conn *c,
                     struct plan *p, struct err *e) {
  int64_t id;
  if (api_path_id(req, 0, &id, e) != 0 || plan_get(c, id, p, e) != 0) return -1;
  if (!plan_visible(api_roles(req), p))
    return err_set(e, ERR_PLAN_NOT_FOUND, "%lld", (long long)id);
  return 0;
}

void api_plans_list(struct http_request *req, struct http_response *res) {
  struct app *app = req->app;
  struct err e = {0};
  int64_t unit_id, limit, offset, total = 0;
  char pattern[UNIT_PATH_MAX + 1];
  const char *root = "/";
  struct unit u;
  const struct principal *who = api_roles(req);
  json_t *items = json_array();
  struct store_conn *c = store_acquire(app->store);
  int rc =
      api_query_int(req, "unit", 0, 1, INT64_MAX, &unit_id, &e) != 0 ||
              api_query_int(req, "limit", 20, 1, PLAN_PAGE_MAX, &limit, &e) !=
                  0 ||
              api_query_int(req, "offset", 0, 0, INT64_MAX, &offset, &e) != 0
          ? -1
          : 0;
  if (rc == 0 && unit_id) {
    rc = unit_get(c, unit_id, &u, &e);
    if (rc == 0) root = u.path;
  }
  int all = permission_check(who, ACTION_TOPIC_READ, root,
                             PERMISSION_STATES_ANY, NULL);
  unit_subtree_pattern(root, pattern);
  struct store_stmt *st =
      rc == 0 ? store_prepare(c, Q_PLAN_LIST_COUNT, &e) : NULL;
  if (st) {
    store_bind_text(st, 1, pattern);
    store_bind_int(st, 2, all);
    rc = store_step_int(st, &total, &e);
    st = rc == 0 ? store_prepare(c, Q_PLAN_LIST, &e) : NULL;
  }
  if (st) {
    struct plan p;
    int64_t now = time_now_ms();
    store_bind_text(st, 1, pattern);
    store_bind_int(st, 2, all);
    store_bind_int(st, 3, limit);
    store_bind_int(st, 4, offset);
    for (rc = store_step(st, &e); rc == STORE_ROW; rc = store_step(st, &e)) {
      plan_from_row(st, &p);
      json_array_append_new(items, plan_json(who, &p, now));
    }
    store_finish(st);
    rc = rc == STORE_DONE ? 0 : -1;
  } else {
    rc = -1;
  }
  store_release(c);
  api_reply_page(req, res, rc, &e, items, total, limit, offset);
}

void api_plan_get(struct http_request *req, struct http_response *res) {
  struct app *app = req->app;
  struct err e = {0};
  struct plan p;
  json_t *j = NULL;
  api_roles(req);
  struct store_conn *c = store_acquire(app->store);
  if (plan_load(req, c, &p, &e) == 0) j = plan_detail_json(req, c, &p, &e);
  store_release(c);
  if (j == NULL) {
    http_reply_error(req, res, &e);
    return;
  }
  http_reply_json(res, 200, j);
}

void api_plan_results(struct http_request *req, struct http_response *res) {
  struct app *app = req->app;
  struct err e = {0};
  struct plan p;
  json_t *j = NULL;
  const struct principal *who = api_roles(req);
  int64_t now = time_now_ms();
  struct store_conn *c = store_acquire(app->store);
  if (plan_load(req, c, &p, &e) == 0) {
    if (p.vote_mode == PLAN_VOTE_NONE)
      err_set(&e, ERR_VOTE_STATE, "none");
    else if (!plan_results_visible(who, &p, now))
      err_set(&e, ERR_VOTE_RESULTS_HIDDEN, NULL);
    else
      j = plan_results(c, &p, now, &e);
  }
  store_release(c);
  if (j == NULL) {
    http_reply_error(req, res, &e);
    return;
  }
  http_reply_json(res, 200, j);
}

/* ---- Changes -------------------------------------------------------- */

/* One change to a plan, as read from the request, for store_transact(). */
struct plan_work {
  struct http_request *req;
  int64_t id; /* the plan (0 when creating) */
  int (*apply)(struct plan_work *w, struct store_conn *c, const struct plan *p,
               struct err *e);
  enum action action; /* checked and audited as */
  const char *event;  /* ballots: an audit event, not an action */
  const struct role_grant *via;
  int64_t now;
  struct plan_input in;
  int64_t ids[PLAN_ITEMS_MAX];
  size_t nids;
  struct plan_approval approval;
  const char *reason;
  enum plan_vote_mode mode;
  int max;
  int64_t closes_at;
  json_t *extra; /* added to the audit's after (owned) */
};

static int plan_create_apply(struct plan_work *w, struct store_conn *c,
                             const struct plan *p, struct err *e);

/* The caller's right to w->action on p at all (403 without it), then in the
   plan's state (409 when the state does not allow it now). */
static int plan_permit(struct plan_work *w, const struct plan *p,
                       struct err *e) {
  if (api_permit(w->req, w->action, p->unit_path, PERMISSION_STATES_ANY,
                 &w->via, e) != 0)
    return -1;
  if (!permission_check(api_roles(w->req), w->action, p->unit_path, p->state,
                        &w->via))
    return err_set(e, ERR_PLAN_STATE, "%s", plan_state_name(p->state));
  return 0;
}

/* The plan's summary for the audit log. */
static json_t *plan_audit_json(const struct plan *p) {
  json_t *j = json_pack("{s:s,s:s,s:I,s:I,s:i}", "title", p->title, "state",
                        plan_state_name(p->state), "period_start",
                        (json_int_t)p->period_start, "period_end",
                        (json_int_t)p->period_end, "items", p->items);
  if (p->vote_mode != PLAN_VOTE_NONE)
    json_object_set_new(j, "vote",
                        json_pack("{s:s,s:i,s:I,s:b}", "mode",
                                  plan_vote_mode_name(p->vote_mode), "max",
                                  p->vote_max, "closes_at",
                                  (json_int_t)p->vote_closes_at, "closed",
                                  p->vote_closed));
  return j;
}

static int plan_work_run(struct store_conn *c, void *ctx, struct err *e) {
  struct plan_work *w = ctx;
  struct plan before = {0}, after;
  /* store_transact() may run this twice: start from the request each
     time. */
  w->via = NULL;
  json_decref(w->extra);
  w->extra = NULL;
  if (w->apply == plan_create_apply) w->id = 0;
  if (w->id) {
    if (plan_get(c, w->id, &before, e) != 0) return -1;
    if (!plan_visible(api_roles(w->req), &before))
      return err_set(e, ERR_PLAN_NOT_FOUND, "%lld", (long long)w->id);
  }
  if (w->apply(w, c, &before, e) != 0) return -1;
  if (plan_get(c, w->id, &after, e) != 0) return -1;
  json_t *was = before.id ? plan_audit_json(&before) : NULL;
  json_t *now = plan_audit_json(&after);
  if (w->extra) json_object_update(now, w->extra);
  int rc = w->event ? api_audit_event(w->req, c, 0, w->event, "plan", w->id,
                                      NULL, now, e)
                    : api_audit(w->req, c, w->via, w->action, after.unit_id,
                                "plan", w->id, was, now, e);
  json_decref(was);
  json_decref(now);
  return rc;
}

/* Run the change in its transaction and answer with the plan in full. */
static void plan_work_reply(struct plan_work *w, struct http_response *res,
                            int status) {
  struct app *app = w->req->app;
  struct err e = {0};
  struct plan p;
  json_t *j = NULL;
  api_roles(w->req); /* loaded before a connection is held */
  w->now = time_now_ms();
  int rc = store_transact(app->store, plan_work_run, w, &e);
  json_decref(w->extra);
  w->extra = NULL;
  if (rc == 0) {
    struct store_conn *c = store_acquire(app->store);
    if (plan_get(c, w->id, &p, &e) == 0)
      j = plan_detail_json(w->req, c, &p, &e);
    store_release(c);
  }
  if (j == NULL) {
    http_reply_error(w->req, res, &e);
    return;
  }
  http_reply_json(res, status, j);
}

/* Read title, period and note (all required when creating). */
static int plan_input_read(json_t *body, int creating, const struct plan *p,
                           struct plan_input *in, struct err *e) {
  long long start = 0, end = 0;
  int has_start = 0, has_end = 0;
  if (json_get_string(body, "title", creating, &in->title, e) != 0 ||
      json_get_string(body, "note", 0, &in->note, e) != 0 ||
      json_get_int(body, "period_start", creating, &start, &has_start, e) ||
      json_get_int(body, "period_end", creating, &end, &has_end, e))
    return -1;
  if (!creating) {
    if (in->title == NULL) in->title = p->title;
    if (in->note == NULL) in->note = p->note;
  }
  in->period_start = has_start ? start : p->period_start;
  in->period_end = has_end ? end : p->period_end;
  return 0;
}

static int plan_create_apply(struct plan_work *w, struct store_conn *c,
                             const struct plan *p, struct err *e) {
  struct unit u;
  (void)p;
  if (unit_get(c, w->in.unit_id, &u, e) != 0 ||
      api_permit(w->req, ACTION_PLAN_EDIT, u.path, PLAN_DRAFT, &w->via, e))
    return -1;
  const struct session *s = api_principal(w->req);
  return plan_create(c, &w->in, s ? s->user_id : 0, w->now, &w->id, e);
}

void api_plan_create(struct http_request *req, struct http_response *res) {
  struct err e = {0};
  struct plan none = {0};
  struct plan_work w = {
      .req = req, .apply = plan_create_apply, .action = ACTION_PLAN_EDIT};
  if (api_json_id(req->json, "unit_id", 1, &w.in.unit_id, &e) != 0 ||
      plan_input_read(req->json, 1, &none, &w.in, &e) != 0 ||
      plan_input_check(&w.in, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  plan_work_reply(&w, res, 201);
}

static int plan_update_apply(struct plan_work *w, struct store_conn *c,
                             const struct plan *p, struct err *e) {
  if (plan_permit(w, p, e) != 0 ||
      plan_input_read(w->req->json, 0, p, &w->in, e) != 0)
    return -1;
  return plan_update(c, p, &w->in, w->now, e);
}

/* Read the plan id from the path and run apply. */
static void plan_change(struct http_request *req, struct http_response *res,
                        struct plan_work *w) {
  struct err e = {0};
  w->req = req;
  if (api_path_id(req, 0, &w->id, &e) != 0) {
    json_decref(w->extra);
    http_reply_error(req, res, &e);
    return;
  }
  plan_work_reply(w, res, 200);
}

void api_plan_update(struct http_request *req, struct http_response *res) {
  struct plan_work w = {.apply = plan_update_apply, .action = ACTION_PLAN_EDIT};
  plan_change(req, res, &w);
}

/* An array of topic ids (positive integers) at key, at most max. */
static int json_ids_read(json_t *body, const char *key, size_t max,
                         int64_t *ids, size_t *n, struct err *e) {
  json_t *a = json_object_get(body, key);
  size_t i;
  json_t *v;
  if (a == NULL) return err_set(e, ERR_FIELD_REQUIRED, "%s", key);
  if (!json_is_array(a)) return err_set(e, ERR_FIELD_TYPE, "%s", key);
  if (json_array_size(a) > max) return err_set(e, ERR_FIELD_INVALID, "%s", key);
  json_array_foreach(a, i, v) {
    if (!json_is_integer(v) || json_integer_value(v) < 1)
      return err_set(e, ERR_FIELD_TYPE, "%s", key);
    ids[i] = json_integer_value(v);
  }
  *n = json_array_size(a);
  return 0;
}

static int plan_items_apply(struct plan_work *w, struct store_conn *c,
                            const struct plan *p, struct err *e) {
  if (plan_permit(w, p, e) != 0) return -1;
  json_t *ids = json_array();
  for (size_t i = 0; i < w->nids; i++)
    json_array_append_new(ids, json_integer(w->ids[i]));
  w->extra = json_pack("{s:o}", "topic_ids", ids);
  return plan_items_set(c, p, w->ids, w->nids, w->now, e);
}

void api_plan_items_set(struct http_request *req, struct http_response *res) {
  struct err e = {0};
  struct plan_work w = {.apply = plan_items_apply, .action = ACTION_PLAN_EDIT};
  if (json_ids_read(req->json, "topic_ids", PLAN_ITEMS_MAX, w.ids, &w.nids,
                    &e) != 0) {
    /* Too many topics is the plan's rule, not a malformed request. */
    if (e.kind == ERR_FIELD_INVALID)
      err_set(&e, ERR_PLAN_TOPIC, "%d", PLAN_ITEMS_MAX);
    http_reply_error(req, res, &e);
    return;
  }
  plan_change(req, res, &w);
}

static int plan_submit_apply(struct plan_work *w, struct store_conn *c,
                             const struct plan *p, struct err *e) {
  if (plan_permit(w, p, e) != 0) return -1;
  return plan_submit(c, p, w->now, e);
}

void api_plan_submit(struct http_request *req, struct http_response *res) {
  struct plan_work w = {.apply = plan_submit_apply, .action = ACTION_PLAN_EDIT};
  plan_change(req, res, &w);
}

static int plan_approve_apply(struct plan_work *w, struct store_conn *c,
                              const struct plan *p, struct err *e) {
  if (plan_permit(w, p, e) != 0) return -1;
  const struct session *s = api_principal(w->req);
  if (plan_approve(c, p, &w->approval, s ? s->user_id : 0,
                   w->via ? role_name(w->via->role) : "", w->now, w->ids,
                   &w->nids, e) != 0)
    return -1;
  /* Each topic's change is in the log under the topic as well. */
  json_t *ids = json_array();
  json_t *was = json_pack("{s:s}", "state", "accepted");
  json_t *now =
      json_pack("{s:s,s:I}", "state", "approved", "plan", (json_int_t)p->id);
  int rc = 0;
  for (size_t i = 0; i < w->nids && rc == 0; i++) {
    json_array_append_new(ids, json_integer(w->ids[i]));
    rc = api_audit(w->req, c, w->via, ACTION_PLAN_APPROVE, p->unit_id, "topic",
                   w->ids[i], was, now, e);
  }
  json_decref(was);
  json_decref(now);
  if (rc != 0) {
    json_decref(ids);
    return -1;
  }
  w->extra =
      json_pack("{s:o,s:I,s:s}", "topics_approved", ids, "party_approved_at",
                (json_int_t)w->approval.party_approved_at, "party_reference",
                w->approval.party_reference);
  return 0;
}

void api_plan_approve(struct http_request *req, struct http_response *res) {
  struct err e = {0};
  struct plan_work w = {.apply = plan_approve_apply,
                        .action = ACTION_PLAN_APPROVE};
  long long at = 0;
  int present = 0;
  /* Missing party approval fields are the plan's rule (422), checked with
     the plan; wrong types are malformed requests (400). */
  if (json_get_bool(req->json, "party_approved", 0, &w.approval.party_approved,
                    &present, &e) != 0 ||
      json_get_int(req->json, "party_approved_at", 0, &at, &present, &e) != 0 ||
      json_get_string(req->json, "party_reference", 0,
                      &w.approval.party_reference, &e) != 0 ||
      json_get_string(req->json, "reason", 0, &w.approval.reason, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  w.approval.party_approved_at = at;
  plan_change(req, res, &w);
}

static int plan_return_apply(struct plan_work *w, struct store_conn *c,
                             const struct plan *p, struct err *e) {
  if (plan_permit(w, p, e) != 0) return -1;
  const struct session *s = api_principal(w->req);
  return plan_return(c, p, w->reason, s ? s->user_id : 0, w->now, e);
}

void api_plan_return(struct http_request *req, struct http_response *res) {
  struct err e = {0};
  struct plan_work w = {.apply = plan_return_apply,
                        .action = ACTION_PLAN_APPROVE};
  if (json_get_string(req->json, "reason", 1, &w.reason, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  plan_change(req, res, &w);
}

static int plan_vote_open_apply(struct plan_work *w, struct store_conn *c,
                                const struct plan *p, struct err *e) {
  if (plan_permit(w, p, e) != 0) return -1;
  return plan_vote_open(c, p, w->mode, w->max, w->closes_at, w->now, e);
}

void api_plan_vote_open(struct http_request *req, struct http_response *res) {
  struct err e = {0};
  struct plan_work w = {.apply = plan_vote_open_apply,
                        .action = ACTION_PLAN_EDIT};
  const char *mode;
  long long max = 0, closes_at = 0;
  int present = 0;
  if (json_get_string(req->json, "mode", 1, &mode, &e) != 0 ||
      json_get_int(req->json, "max", 1, &max, &present, &e) != 0 ||
      json_get_int(req->json, "closes_at", 1, &closes_at, &present, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  w.mode = plan_vote_mode_parse(mode);
  if (w.mode == PLAN_VOTE_NONE || max < 1 || max > PLAN_ITEMS_MAX) {
    err_set(&e, ERR_FIELD_INVALID, "%s", w.mode ? "max" : "mode");
    http_reply_error(req, res, &e);
    return;
  }
  w.max = (int)max;
  w.closes_at = closes_at;
  plan_change(req, res, &w);
}

static int plan_vote_close_apply(struct plan_work *w, struct store_conn *c,
                                 const struct plan *p, struct err *e) {
  if (plan_permit(w, p, e) != 0) return -1;
  return plan_vote_close(c, p, w->now, e);
}

void api_plan_vote_close(struct http_request *req, struct http_response *res) {
  struct plan_work w = {.apply = plan_vote_close_apply,
                        .action = ACTION_PLAN_EDIT};
  plan_change(req, res, &w);
}

static int plan_ballot_apply(struct plan_work *w, struct store_conn *c,
                             const struct plan *p, struct err *e) {
  const struct session *s = api_principal(w->req);
  if (s == NULL) return err_set(e, ERR_UNAUTHENTICATED, NULL);
  if (!plan_voter_allowed(api_roles(w->req), p))
    return err_set(e, ERR_VOTE_OUTSIDE, NULL);
  /* The audit log records that a ballot was cast, not its choices. */
  w->extra = json_pack("{s:b}", "ballot_cast", 1);
  return plan_ballot_cast(c, p, s->user_id, w->ids, w->nids, w->now, e);
}

void api_plan_ballot(struct http_request *req, struct http_response *res) {
  struct err e = {0};
  struct plan_work w = {.apply = plan_ballot_apply, .event = "plan.ballot"};
  if (json_ids_read(req->json, "choices", PLAN_ITEMS_MAX, w.ids, &w.nids, &e) !=
      0) {
    if (e.kind == ERR_FIELD_INVALID)
      err_set(&e, ERR_VOTE_CHOICES, "%d", PLAN_ITEMS_MAX);
    http_reply_error(req, res, &e);
    return;
  }
  w.req = req;
  if (api_path_id(req, 0, &w.id, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  plan_work_reply(&w, res, 201);
}
