/*
** Topics 议题 over HTTP: the public list (sorted by supports), the review
** list for staff (scope=review) and departments (scope=department), one's
** own topics, one topic with its history and attachments, raising (for
** oneself, or by staff for someone met in person) and editing a draft.
**
** Who sees what: the public list shows accepted, approved and scheduled
** topics; a topic still open for supports can be opened by anyone; drafts,
** rejected and transferred topics only by their author and followers,
** staff who may read topics at the unit (topic.read), and the department
** they went to. Anyone else is told the topic does not exist (404). Names
** are masked (张**) unless the caller may see contacts at the topic's unit,
** and the person a topic was recorded for is never public.
**
** Screening, supports, follows and attachments are in topic_screen.c;
** similar topics while a title is typed in topic_similar.c.
*/
#include <string.h>

#include "api/topic_json.h"
#include "api/venue_json.h"
#include "domain/account.h"
#include "text/search.h"
#include "util/timeutil.h"

#define TOPIC_PAGE_MAX 100
#define TOPIC_SEARCH_MAX 100
#define TOPIC_RAISE_PER_HOUR 30 /* for oneself; staff recording are not held */


int64_t topic_viewer(struct http_request *req) {
  const struct session *s = api_principal(req);
  return s ? s->user_id : 0;
}

int topic_readable(struct http_request *req, const struct topic *t) {
  int64_t viewer = topic_viewer(req);
  const struct principal *p = api_roles(req);
  if (t->state & TOPIC_OPEN_STATES) return 1;
  if (viewer == 0) return 0;
  if (t->author_id == viewer || t->following) return 1;
  if (permission_check(p, ACTION_TOPIC_READ, t->unit_path,
                       PERMISSION_STATES_ANY, NULL))
    return 1;
  return t->department_path[0] &&
         permission_check(p, ACTION_TOPIC_REPLY, t->department_path,
                          PERMISSION_STATES_ANY, NULL);
}

/* 1 if the caller may see names and contacts at the topic's unit. */
static int topic_sees_contacts(struct http_request *req,
                               const struct topic *t) {
  return req && permission_check(api_roles(req), ACTION_USER_CONTACT,
                                 t->unit_path, PERMISSION_STATE_NONE, NULL);
}

/* A person's name as the caller may see it; "" stays "". */
static json_t *name_json(const char *name, int unmasked) {
  char masked[256];
  if (name[0] == '\0' || unmasked) return json_string(name);
  name_mask(name, masked, sizeof masked);
  return json_string(masked);
}

static json_t *id_or_null(int64_t id) {
  return id ? json_integer(id) : json_null();
}

static json_t *text_or_null(const char *s) {
  return s && s[0] ? json_string(s) : json_null();
}

/* The permissions block: what the caller may do to the topic now. */
static json_t *topic_permissions_json(struct http_request *req,
                                      const struct topic *t) {
  const struct principal *p = api_roles(req);
  int64_t viewer = topic_viewer(req);
  int screen = permission_check(p, ACTION_TOPIC_SCREEN, t->unit_path,
                                t->state, NULL);
  int reply = t->department_path[0] &&
              permission_check(p, ACTION_TOPIC_REPLY, t->department_path,
                               t->state, NULL);
  int support = viewer && (t->state & TOPIC_SUPPORTABLE_STATES) != 0;
  int edit = viewer && t->author_id == viewer && t->state == TOPIC_DRAFT;
  return json_pack("{s:b,s:b,s:b,s:b}", "screen", screen, "reply", reply,
                   "support", support, "edit", edit);
}

json_t *topic_json(struct http_request *req, const struct topic *t) {
  int unmasked = topic_sees_contacts(req, t);
  int64_t viewer = req ? topic_viewer(req) : 0;
  json_t *j = json_pack(
      "{s:I,s:s,s:s,s:s,s:I,s:s,s:s,s:I,s:s,s:I,s:s,s:s,s:s}", "id",
      (json_int_t)t->id, "title", t->title, "body", t->body ? t->body : "",
      "place", t->place, "affected", (json_int_t)t->affected, "source",
      t->source, "channel", t->channel, "unit_id", (json_int_t)t->unit_id,
      "unit_name", t->unit_name, "supports", (json_int_t)t->supports, "state",
      topic_state_name(t->state), "reason", t->reason, "unit_path",
      t->unit_path);
  json_object_set_new(j, "venue_id", id_or_null(t->venue_id));
  json_object_set_new(j, "venue_name", text_or_null(t->venue_name));
  json_object_set_new(j, "reject_reason", text_or_null(t->reject_reason));
  json_object_set_new(j, "merged_into", id_or_null(t->merged_into));
  json_object_set_new(j, "department_unit_id",
                      id_or_null(t->department_unit_id));
  json_object_set_new(j, "department_name", text_or_null(t->department_name));
  json_object_set_new(j, "reply", t->reply ? json_string(t->reply)
                                           : json_null());
  json_object_set_new(j, "replied_at", id_or_null(t->replied_at));
  json_object_set_new(j, "supported", json_boolean(t->supported));
  json_object_set_new(j, "following", json_boolean(t->following));
  json_object_set_new(j, "author_name",
                      name_json(t->author_id ? t->author_name
                                             : t->on_behalf_name,
                                unmasked));
  json_object_set_new(j, "is_mine",
                      json_boolean(viewer && t->author_id == viewer));
  json_object_set_new(j, "created_at", json_integer(t->created_at));
  json_object_set_new(j, "submitted_at", id_or_null(t->submitted_at));
  json_object_set_new(j, "screened_at", id_or_null(t->screened_at));
  json_object_set_new(j, "approved_at", id_or_null(t->approved_at));
  json_object_set_new(j, "updated_at", json_integer(t->updated_at));
  if (unmasked && t->on_behalf_name[0])
    json_object_set_new(j, "on_behalf",
                        json_pack("{s:s,s:s}", "name", t->on_behalf_name,
                                  "contact", t->on_behalf_contact));
  if (req) json_object_set_new(j, "permissions", topic_permissions_json(req, t));
  return j;
}

json_t *topic_audit_json(const struct topic *t) {
  return json_pack("{s:s,s:s,s:I,s:s,s:s,s:I}", "title", t->title, "state",
                   topic_state_name(t->state), "unit_id",
                   (json_int_t)t->unit_id, "source", t->source, "reason",
                   t->reason, "supports", (json_int_t)t->supports);
}

int topic_load(struct http_request *req, struct store_conn *c, int64_t id,
               struct topic *t, struct err *e) {
  if (topic_get(c, id, topic_viewer(req), t, e) != 0) return -1;
  if (topic_readable(req, t)) return 0;
  topic_clear(t);
  return err_set(e, ERR_TOPIC_NOT_FOUND, "%lld", (long long)id);
}

struct history_ctx {
  json_t *items;
  int unmasked;
};

static void history_add(const struct topic_event *ev, void *ctx) {
  struct history_ctx *h = ctx;
  json_t *detail = json_loads(ev->detail, 0, NULL);
  json_t *j = json_pack("{s:I,s:s,s:o,s:o,s:s,s:o,s:s,s:o}", "at",
                        (json_int_t)ev->at, "kind", ev->kind, "from_state",
                        text_or_null(ev->from_state), "to_state",
                        text_or_null(ev->to_state), "reason", ev->reason,
                        "actor_name", name_json(ev->actor_name, h->unmasked),
                        "actor_role", ev->actor_role, "detail",
                        detail ? detail : json_object());
  json_array_append_new(h->items, j);
}

static void attachment_add_json(const struct attachment *a, void *ctx) {
  json_array_append_new(ctx, attachment_json(a));
}

int topic_json_full(struct http_request *req, struct store_conn *c,
                    int64_t id, json_t **out, struct err *e) {
  struct topic t;
  if (topic_load(req, c, id, &t, e) != 0) return -1;
  json_t *j = topic_json(req, &t);
  struct history_ctx h = {json_array(), topic_sees_contacts(req, &t)};
  json_t *files = json_array();
  json_object_set_new(j, "history", h.items);
  json_object_set_new(j, "attachments", files);
  topic_clear(&t);
  if (topic_history(c, id, history_add, &h, e) != 0 ||
      attachment_list(c, "topic", id, attachment_add_json, files, e) != 0) {
    json_decref(j);
    return -1;
  }
  *out = j;
  return 0;
}

int api_topic_attachment_readable(struct http_request *req,
                                  struct store_conn *c, int64_t topic_id) {
  struct topic t;
  struct err e = {0};
  if (topic_load(req, c, topic_id, &t, &e) != 0) return 0;
  topic_clear(&t);
  return 1;
}

/* ---- lists ---- */

struct topic_list_ctx {
  struct http_request *req;
  json_t *items;
};

static void topic_list_add(const struct topic *t, void *ctx) {
  struct topic_list_ctx *l = ctx;
  json_array_append_new(l->items, topic_json(l->req, t));
}

/* The state= parameters (repeated, or names separated by commas); 0 when
   there is none. */
static int states_read(struct http_request *req, unsigned *out,
                       struct err *e) {
  *out = 0;
  for (size_t i = 0; i < req->nquery; i++)
    if (strcmp(req->query[i].name, "state") == 0 &&
        topic_states_parse_list(req->query[i].value, out) != 0)
      return err_set(e, ERR_FIELD_INVALID, "state");
  return 0;
}

/* The first unit path where the caller may read topics, or NULL. */
static const char *review_root(struct http_request *req) {
  const struct principal *p = api_roles(req);
  for (int i = 0; i < p->nroles; i++)
    if (permission_check(p, ACTION_TOPIC_READ, p->roles[i].unit_path,
                         PERMISSION_STATES_ANY, NULL))
      return p->roles[i].unit_path;
  return NULL;
}

/* scope=department: the topics transferred to the department units where
   the caller may reply (their whole subtree), transferred ones by default. */
static int department_scope(struct http_request *req, struct topic_filter *f,
                            unsigned asked, struct err *e) {
  const struct principal *p = api_roles(req);
  if (topic_viewer(req) == 0) return err_set(e, ERR_UNAUTHENTICATED, NULL);
  for (int i = 0; i < p->nroles; i++)
    if (permission_check(p, ACTION_TOPIC_REPLY, p->roles[i].unit_path,
                         TOPIC_TRANSFERRED, NULL)) {
      unit_subtree_pattern(p->roles[i].unit_path, f->department);
      f->states = asked ? asked : TOPIC_TRANSFERRED;
      unit_subtree_pattern("/", f->pattern);
      return 0;
    }
  return err_set(e, ERR_FORBIDDEN, NULL);
}

/* Read the list's filter: unit subtree, states (limited to what the caller
   may list), source, sort and paging. */
static int topic_filter_read(struct store_conn *c, struct http_request *req,
                             struct topic_filter *f, struct err *e) {
  int64_t unit_id;
  unsigned asked;
  struct unit u;
  const char *scope = http_query(req, "scope");
  const char *root = "/";
  f->sort = http_query(req, "sort");
  f->source = http_query(req, "source");
  f->viewer = topic_viewer(req);
  if (api_query_int(req, "unit", 0, 1, INT64_MAX, &unit_id, e) != 0 ||
      api_query_int(req, "limit", 20, 1, TOPIC_PAGE_MAX, &f->limit, e) != 0 ||
      api_query_int(req, "offset", 0, 0, INT64_MAX, &f->offset, e) != 0 ||
      states_read(req, &asked, e) != 0)
    return -1;
  if (f->sort && strcmp(f->sort, "supports") && strcmp(f->sort, "newest") &&
      strcmp(f->sort, "affected"))
    return err_set(e, ERR_FIELD_INVALID, "sort");
  if (f->source && f->source[0] && !topic_source_ok(f->source))
    return err_set(e, ERR_FIELD_INVALID, "source");
  if (scope && strcmp(scope, "review") && strcmp(scope, "public") &&
      strcmp(scope, "department"))
    return err_set(e, ERR_FIELD_INVALID, "scope");
  if (scope && strcmp(scope, "department") == 0)
    return department_scope(req, f, asked, e);
  if (unit_id) {
    if (unit_get(c, unit_id, &u, e) != 0) return -1;
    root = u.path;
  }
  int reader = permission_check(api_roles(req), ACTION_TOPIC_READ, root,
                                PERMISSION_STATES_ANY, NULL);
  if (scope && strcmp(scope, "review") == 0) {
    if (topic_viewer(req) == 0) return err_set(e, ERR_UNAUTHENTICATED, NULL);
    const char *own = unit_id ? NULL : review_root(req);
    if (own) {
      root = own;
      reader = 1;
    }
    if (!reader) return err_set(e, ERR_FORBIDDEN, NULL);
    f->states = asked ? asked : TOPIC_SCREENABLE_STATES;
  } else {
    f->states = asked ? asked & (reader ? ~0u : TOPIC_PUBLIC_STATES)
                      : TOPIC_PUBLIC_STATES;
  }
  unit_subtree_pattern(root, f->pattern);
  return 0;
}

/* The list with q: the text engine's best matches among topics of the
   subtree, filtered by state and source, in the engine's order. */
static int topic_search_page(struct store_conn *c, struct http_request *req,
                             const char *q, const struct topic_filter *f,
                             json_t *items, int64_t *total, struct err *e) {
  char root[UNIT_PATH_MAX];
  snprintf(root, sizeof root, "%.*s", (int)strlen(f->pattern) - 1, f->pattern);
  struct search_filter sf = {"topic", root, NULL, 0, 0, TOPIC_SEARCH_MAX, 0};
  struct search_result r;
  if (search_query(c, req->arena, q, &sf, &r, e) != 0) return -1;
  *total = 0;
  for (size_t i = 0; i < r.nhits; i++) {
    struct topic t;
    if (topic_get(c, r.hits[i].doc_id, f->viewer, &t, e) != 0) return -1;
    if ((t.state & f->states) &&
        (f->source == NULL || !f->source[0] ||
         strcmp(f->source, t.source) == 0) &&
        (f->department[0] == '\0' ||
         (t.department_path[0] &&
          strncmp(t.department_path, f->department,
                  strlen(f->department) - 1) == 0))) {
      if (*total >= f->offset && *total < f->offset + f->limit)
        json_array_append_new(items, topic_json(req, &t));
      (*total)++;
    }
    topic_clear(&t);
  }
  return 0;
}

static void topic_list_reply(struct http_request *req,
                             struct http_response *res, int rc,
                             struct err *e, const struct topic_filter *f,
                             json_t *items, int64_t total) {
  api_reply_page(req, res, rc, e, items, total, f->limit, f->offset);
}

void api_topics_list(struct http_request *req, struct http_response *res) {
  struct app *app = req->app;
  struct err e = {0};
  struct topic_filter f = {0};
  int64_t total = 0;
  struct topic_list_ctx l = {req, json_array()};
  const char *q = http_query(req, "q");
  api_roles(req); /* resolve the session before borrowing a connection */
  struct store_conn *c = store_acquire(app->store);
  int rc = topic_filter_read(c, req, &f, &e);
  if (rc == 0 && q && q[0])
    rc = topic_search_page(c, req, q, &f, l.items, &total, &e);
  else if (rc == 0)
    rc = topic_page(c, &f, topic_list_add, &l, &total, &e);
  store_release(c);
  topic_list_reply(req, res, rc, &e, &f, l.items, total);
}

void api_topics_mine(struct http_request *req, struct http_response *res) {
  struct app *app = req->app;
  struct err e = {0};
  struct topic_filter f = {0};
  int64_t total = 0;
  struct topic_list_ctx l = {req, json_array()};
  f.viewer = f.author_id = topic_viewer(req);
  f.states = ~0u;
  f.sort = "newest";
  unit_subtree_pattern("/", f.pattern);
  int rc = 0;
  if (api_query_int(req, "limit", 20, 1, TOPIC_PAGE_MAX, &f.limit, &e) != 0 ||
      api_query_int(req, "offset", 0, 0, INT64_MAX, &f.offset, &e) != 0)
    rc = -1;
  if (rc == 0) {
    struct store_conn *c = store_acquire(app->store);
    rc = topic_page(c, &f, topic_list_add, &l, &total, &e);
    store_release(c);
  }
  topic_list_reply(req, res, rc, &e, &f, l.items, total);
}

void api_topic_get(struct http_request *req, struct http_response *res) {
  api_reply_path_loaded(req, res, topic_json_full);
}

/* ---- raising and editing ---- */

struct topic_write {
  struct http_request *req;
  int64_t id;
  struct topic_input in;
  int on_behalf; /* staff recording for someone: topic.raise_for */
};

/* Read the fields of a raise (create) or a draft edit. */
static int topic_input_read(struct http_request *req, int create,
                            struct topic_write *w, struct err *e) {
  json_t *body = req->json;
  long long affected = -1;
  int present = 0, draft = 0, has_draft = 0;
  struct topic_input *in = &w->in;
  if (!json_is_object(body)) return err_set(e, ERR_FIELD_TYPE, "body");
  if (api_json_id(body, "unit_id", 0, &in->unit_id, e) != 0 ||
      api_json_id(body, "venue_id", 0, &in->venue_id, e) != 0 ||
      json_get_string(body, "title", create, &in->title, e) != 0 ||
      json_get_string(body, "body", 0, &in->body, e) != 0 ||
      json_get_string(body, "place", 0, &in->place, e) != 0 ||
      json_get_int(body, "affected", 0, &affected, &present, e) != 0)
    return -1;
  if (present && affected < 0)
    return err_set(e, ERR_FIELD_INVALID, "affected");
  in->affected = present ? affected : (create ? 0 : -1);
  if (!create) return 0;
  if (json_get_bool(body, "draft", 0, &draft, &has_draft, e) != 0 ||
      json_get_string(body, "channel", 0, &in->channel, e) != 0 ||
      json_get_string(body, "source", 0, &in->source, e) != 0)
    return -1;
  in->draft = draft;
  json_t *ob = json_object_get(body, "on_behalf");
  if (ob && !json_is_null(ob)) {
    if (!json_is_object(ob)) return err_set(e, ERR_FIELD_TYPE, "on_behalf");
    if (json_get_string(ob, "name", 1, &in->on_behalf_name, e) != 0 ||
        json_get_string(ob, "contact", 0, &in->on_behalf_contact, e) != 0)
      return -1;
    if (in->on_behalf_contact == NULL) in->on_behalf_contact = "";
  }
  w->on_behalf = in->on_behalf_name != NULL || in->source != NULL;
  if (w->on_behalf) {
    if (in->source == NULL) return err_set(e, ERR_FIELD_REQUIRED, "source");
    if (in->channel && strcmp(in->channel, "workspace") &&
        strcmp(in->channel, "import"))
      return err_set(e, ERR_FIELD_INVALID, "channel");
    if (in->channel == NULL) in->channel = "workspace";
  } else {
    if (in->channel == NULL) in->channel = "portal";
    if (strcmp(in->channel, "portal") && strcmp(in->channel, "qr"))
      return err_set(e, ERR_FIELD_INVALID, "channel");
  }
  return 0;
}

/* A person raises at most TOPIC_RAISE_PER_HOUR topics an hour, so that
   one account cannot flood the lists (ERR_TOPIC_RATE, 429). */
static int topic_raise_throttle(struct store_conn *c, int64_t author,
                                struct err *e) {
  int64_t recent = 0;
  struct store_stmt *st = store_prepare(c, Q_TOPIC_RECENT_BY_AUTHOR, e);
  if (st == NULL) return -1;
  store_bind_int(st, 1, author);
  store_bind_int(st, 2, time_now_ms() - 3600 * 1000);
  if (store_step_int(st, &recent, e) != 0) return -1;
  if (recent >= TOPIC_RAISE_PER_HOUR)
    return err_set(e, ERR_TOPIC_RATE, "%d", TOPIC_RAISE_PER_HOUR);
  return 0;
}

static int topic_raise_run(struct store_conn *c, void *ctx, struct err *e) {
  struct topic_write *w = ctx;
  struct http_request *req = w->req;
  const struct role_grant *via = NULL;
  struct unit u;
  struct topic t;
  int64_t viewer = topic_viewer(req);
  if (w->on_behalf) {
    if (w->in.unit_id == 0) return err_set(e, ERR_FIELD_REQUIRED, "unit_id");
    if (unit_get(c, w->in.unit_id, &u, e) != 0 ||
        api_permit(req, ACTION_TOPIC_RAISE_FOR, u.path, PERMISSION_STATE_NONE,
                   &via, e) != 0)
      return -1;
    w->in.author_id = w->in.on_behalf_name ? 0 : viewer;
    w->in.recorded_by = viewer;
  } else {
    w->in.author_id = viewer;
    w->in.source = principal_has_role(api_roles(req), ROLE_MEMBER)
                       ? "member"
                       : "resident";
    if (topic_raise_throttle(c, viewer, e) != 0) return -1;
  }
  if (topic_raise(c, &w->in, viewer, &w->id, e) != 0 ||
      topic_get(c, w->id, 0, &t, e) != 0)
    return -1;
  json_t *now = topic_audit_json(&t);
  topic_clear(&t);
  int rc = via ? api_audit(req, c, via, ACTION_TOPIC_RAISE_FOR, w->in.unit_id,
                           "topic", w->id, NULL, now, e)
               : api_audit_event(req, c, 0, "topic.raise", "topic", w->id,
                                 NULL, now, e);
  json_decref(now);
  return rc;
}

/* Answer a change with the topic as it now is. */
void topic_reply_full(struct http_request *req, struct http_response *res,
                      int64_t id, int status) {
  api_reply_loaded(req, res, topic_json_full, id, status);
}

void api_topic_create(struct http_request *req, struct http_response *res) {
  struct app *app = req->app;
  struct err e = {0};
  struct topic_write w = {0};
  w.req = req;
  api_roles(req);
  if (topic_input_read(req, 1, &w, &e) != 0 ||
      store_transact(app->store, topic_raise_run, &w, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  topic_reply_full(req, res, w.id, 201);
}

static int topic_edit_run(struct store_conn *c, void *ctx, struct err *e) {
  struct topic_write *w = ctx;
  struct topic before, after;
  if (topic_load(w->req, c, w->id, &before, e) != 0) return -1;
  int rc = -1;
  json_t *was = topic_audit_json(&before), *now = NULL;
  if (before.author_id == 0 || before.author_id != topic_viewer(w->req))
    err_set(e, ERR_FORBIDDEN, NULL);
  else if (topic_edit(c, w->id, &w->in, topic_viewer(w->req), e) == 0 &&
           topic_get(c, w->id, 0, &after, e) == 0) {
    now = topic_audit_json(&after);
    topic_clear(&after);
    rc = api_audit_event(w->req, c, 0, "topic.edit", "topic", w->id, was, now,
                         e);
  }
  topic_clear(&before);
  json_decref(was);
  json_decref(now);
  return rc;
}

void api_topic_update(struct http_request *req, struct http_response *res) {
  struct app *app = req->app;
  struct err e = {0};
  struct topic_write w = {0};
  w.req = req;
  api_roles(req);
  if (api_path_id(req, 0, &w.id, &e) != 0 ||
      topic_input_read(req, 0, &w, &e) != 0 ||
      store_transact(app->store, topic_edit_run, &w, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  topic_reply_full(req, res, w.id, 200);
}
