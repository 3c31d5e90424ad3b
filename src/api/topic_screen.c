/*
** Changes to a topic after it is raised: the author submits a draft;
** staff screen it (review, accept, merge, transfer, reject); the department
** it was transferred to replies; anyone logged in supports 附议 or follows
** it; the author (or staff recording for someone) attaches photos and
** files.
**
** Each runs in one transaction: the topic is read (404 for a caller who may
** not read it), the permission asked with the topic's state (403 without
** the right in that subtree, 409 with the right but in the wrong state),
** the change with its history row, index entry and notifications (domain
** topic.c), and the audit row.
*/
#include <string.h>

#include "api/topic_json.h"
#include "api/venue_json.h"
#include "domain/attachment.h"

enum topic_op {
  TOPIC_OP_CHANGE,
  TOPIC_OP_SUPPORT,
  TOPIC_OP_UNSUPPORT,
  TOPIC_OP_FOLLOW,
  TOPIC_OP_UNFOLLOW,
  TOPIC_OP_ATTACH
};

struct topic_act {
  struct http_request *req;
  enum topic_op op;
  int64_t id;
  struct topic_change_req change; /* TOPIC_OP_CHANGE */
  struct attachment_new upload;   /* TOPIC_OP_ATTACH */
  struct attachment added;
};

/* The audit name of each non-permission event. */
static const char *const topic_op_events[] = {
    [TOPIC_OP_SUPPORT] = "topic.support",
    [TOPIC_OP_UNSUPPORT] = "topic.unsupport",
    [TOPIC_OP_FOLLOW] = "topic.follow",
    [TOPIC_OP_UNFOLLOW] = "topic.unfollow",
};

/* Ask the permission table for action at path in the topic's state;
   refine a refusal: the right in the subtree but not in this state is a
   wrong state (409), not a missing right (403). */
static int topic_permit(struct http_request *req, const struct topic *t,
                        enum action action, const char *path,
                        const struct role_grant **via, struct err *e) {
  if (path[0] == '\0') {
    /* No department yet: anyone who could reply somewhere is early. */
    if (api_permit(req, action, "/", t->state, via, e) == 0) return 0;
    if (e->kind == ERR_FORBIDDEN &&
        principal_has_role(api_roles(req), ROLE_DEPARTMENT))
      return err_set(e, ERR_TOPIC_STATE, "%s", topic_state_name(t->state));
    return -1;
  }
  if (api_permit(req, action, path, t->state, via, e) == 0) return 0;
  if (e->kind == ERR_FORBIDDEN &&
      permission_check(api_roles(req), action, path, PERMISSION_STATES_ANY,
                       NULL))
    return err_set(e, ERR_TOPIC_STATE, "%s", topic_state_name(t->state));
  return -1;
}

/* A change of state: submit by the author; the others by permission. */
static int topic_change_run(struct topic_act *a, struct store_conn *c,
                            const struct topic *t, struct err *e) {
  struct http_request *req = a->req;
  const struct role_grant *via = NULL;
  struct topic_change_req *r = &a->change;
  enum action action = ACTION_TOPIC_SCREEN;
  int64_t unit = t->unit_id;
  r->actor = topic_viewer(req);
  r->actor_role = "";
  if (r->change == TOPIC_CHANGE_SUBMIT) {
    if (t->author_id == 0 || t->author_id != r->actor)
      return err_set(e, ERR_FORBIDDEN, NULL);
  } else if (r->change == TOPIC_CHANGE_REPLY) {
    action = ACTION_TOPIC_REPLY;
    unit = t->department_unit_id;
    if (topic_permit(req, t, action, t->department_path, &via, e) != 0)
      return -1;
  } else if (topic_permit(req, t, action, t->unit_path, &via, e) != 0) {
    return -1;
  }
  if (via) r->actor_role = role_name(via->role);
  struct topic after;
  if (topic_change_apply(c, t, r, via ? via->unit_path : "/", e) != 0 ||
      topic_get(c, t->id, 0, &after, e) != 0)
    return -1;
  json_t *was = topic_audit_json(t), *now = topic_audit_json(&after);
  topic_clear(&after);
  int rc = via ? api_audit(req, c, via, action, unit, "topic", t->id, was,
                           now, e)
               : api_audit_event(req, c, 0, "topic.submit", "topic", t->id,
                                 was, now, e);
  json_decref(was);
  json_decref(now);
  return rc;
}

/* Attach a file: the author while the topic is a draft or submitted, or
   staff who may record topics at its unit. */
static int topic_attach_run(struct topic_act *a, struct store_conn *c,
                            const struct topic *t, struct err *e) {
  const struct role_grant *via = NULL;
  int64_t viewer = topic_viewer(a->req);
  int mine = t->author_id != 0 && t->author_id == viewer;
  if (!mine && api_permit(a->req, ACTION_TOPIC_RAISE_FOR, t->unit_path,
                          PERMISSION_STATE_NONE, &via, e) != 0)
    return -1;
  if (mine && !via && (t->state & (TOPIC_DRAFT | TOPIC_SUBMITTED)) == 0)
    return err_set(e, ERR_TOPIC_STATE, "%s", topic_state_name(t->state));
  a->upload.owner_type = "topic";
  a->upload.owner_id = t->id;
  a->upload.slot = "file";
  a->upload.uploaded_by = viewer;
  if (attachment_add(c, &a->upload, &a->added, e) != 0) return -1;
  json_t *now = attachment_json(&a->added);
  int rc = via ? api_audit(a->req, c, via, ACTION_TOPIC_RAISE_FOR, t->unit_id,
                           "attachment", a->added.id, NULL, now, e)
               : api_audit_event(a->req, c, 0, "topic.attach", "attachment",
                                 a->added.id, NULL, now, e);
  json_decref(now);
  return rc;
}

static int topic_act_run(struct store_conn *c, void *ctx, struct err *e) {
  struct topic_act *a = ctx;
  struct topic t;
  int64_t viewer = topic_viewer(a->req);
  if (topic_load(a->req, c, a->id, &t, e) != 0) return -1;
  int rc;
  switch (a->op) {
  case TOPIC_OP_CHANGE: rc = topic_change_run(a, c, &t, e); break;
  case TOPIC_OP_ATTACH: rc = topic_attach_run(a, c, &t, e); break;
  case TOPIC_OP_SUPPORT:
  case TOPIC_OP_UNSUPPORT:
    rc = topic_support(c, &t, viewer, a->op == TOPIC_OP_SUPPORT, e);
    break;
  default:
    rc = topic_follow(c, t.id, viewer, a->op == TOPIC_OP_FOLLOW, e);
    break;
  }
  if (rc == 0 && a->op != TOPIC_OP_CHANGE && a->op != TOPIC_OP_ATTACH)
    rc = api_audit_event(a->req, c, 0, topic_op_events[a->op], "topic", t.id,
                         NULL, NULL, e);
  topic_clear(&t);
  return rc;
}

/* Run the act and answer with the topic (or the new attachment). */
static void topic_act_reply(struct http_request *req,
                            struct http_response *res, struct topic_act *a) {
  struct app *app = req->app;
  struct err e = {0};
  a->req = req;
  api_roles(req);
  if (store_transact(app->store, topic_act_run, a, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  if (a->op == TOPIC_OP_ATTACH) {
    http_reply_json(res, 201, attachment_json(&a->added));
    return;
  }
  topic_reply_full(req, res, a->id, 200);
}

/* A change named by the route, with its body's fields. */
static void topic_change_route(struct http_request *req,
                               struct http_response *res,
                               enum topic_change change) {
  struct err e = {0};
  struct topic_act a = {0};
  json_t *body = req->json;
  a.op = TOPIC_OP_CHANGE;
  a.change.change = change;
  if (api_path_id(req, 0, &a.id, &e) != 0 ||
      (body && !json_is_object(body) &&
       err_set(&e, ERR_FIELD_TYPE, "body") != 0) ||
      (body && (json_get_string(body, "reason", 0, &a.change.reason, &e) != 0 ||
                json_get_string(body, "reject_reason", 0,
                                &a.change.reject_reason, &e) != 0 ||
                json_get_string(body, "reply", 0, &a.change.reply, &e) != 0 ||
                api_json_id(body, "into", 0, &a.change.into, &e) != 0 ||
                api_json_id(body, "department_unit_id", 0,
                            &a.change.department_unit_id, &e) != 0)) ||
      topic_change_check(&a.change, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  topic_act_reply(req, res, &a);
}

void api_topic_submit(struct http_request *req, struct http_response *res) {
  topic_change_route(req, res, TOPIC_CHANGE_SUBMIT);
}

void api_topic_review(struct http_request *req, struct http_response *res) {
  topic_change_route(req, res, TOPIC_CHANGE_REVIEW);
}

void api_topic_accept(struct http_request *req, struct http_response *res) {
  topic_change_route(req, res, TOPIC_CHANGE_ACCEPT);
}

void api_topic_merge(struct http_request *req, struct http_response *res) {
  topic_change_route(req, res, TOPIC_CHANGE_MERGE);
}

void api_topic_transfer(struct http_request *req, struct http_response *res) {
  topic_change_route(req, res, TOPIC_CHANGE_TRANSFER);
}

void api_topic_reject(struct http_request *req, struct http_response *res) {
  topic_change_route(req, res, TOPIC_CHANGE_REJECT);
}

void api_topic_reply(struct http_request *req, struct http_response *res) {
  topic_change_route(req, res, TOPIC_CHANGE_REPLY);
}

/* Supports, follows: the topic id is all they need. */
static void topic_simple_route(struct http_request *req,
                               struct http_response *res, enum topic_op op) {
  struct err e = {0};
  struct topic_act a = {0};
  a.op = op;
  if (api_path_id(req, 0, &a.id, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  topic_act_reply(req, res, &a);
}

void api_topic_support(struct http_request *req, struct http_response *res) {
  topic_simple_route(req, res, TOPIC_OP_SUPPORT);
}

void api_topic_unsupport(struct http_request *req, struct http_response *res) {
  topic_simple_route(req, res, TOPIC_OP_UNSUPPORT);
}

void api_topic_follow(struct http_request *req, struct http_response *res) {
  topic_simple_route(req, res, TOPIC_OP_FOLLOW);
}

void api_topic_unfollow(struct http_request *req, struct http_response *res) {
  topic_simple_route(req, res, TOPIC_OP_UNFOLLOW);
}

void api_topic_attachment_add(struct http_request *req,
                              struct http_response *res) {
  struct err e = {0};
  struct topic_act a = {0};
  a.op = TOPIC_OP_ATTACH;
  a.upload.filename = http_query(req, "filename");
  if (a.upload.filename == NULL) a.upload.filename = http_query(req, "name");
  a.upload.content_type = http_header(req, "Content-Type");
  a.upload.data = req->body.data;
  a.upload.size = req->body.len;
  if (api_path_id(req, 0, &a.id, &e) != 0 ||
      (a.upload.filename == NULL &&
       err_set(&e, ERR_FIELD_REQUIRED, "filename") != 0)) {
    http_reply_error(req, res, &e);
    return;
  }
  topic_act_reply(req, res, &a);
}
