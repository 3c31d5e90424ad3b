/*
** Changes to venues: create, update (pilot flag included), retire, set a
** 六有 checklist item, add and remove evidence for an item. Each runs in one
** transaction: the permission check (venue.edit at the venue's unit), the
** change, and the audit row with before and after summaries (phones
** masked). A staff member of one township cannot touch another's venues.
*/
#include <string.h>

#include "api/venue_json.h"

enum venue_op {
  VENUE_OP_CREATE,
  VENUE_OP_UPDATE,
  VENUE_OP_RETIRE,
  VENUE_OP_CHECK,
  VENUE_OP_EVIDENCE_ADD,
  VENUE_OP_EVIDENCE_REMOVE
};

/* One change as read from the request, and what it produced. */
struct venue_change {
  struct http_request *req;
  enum venue_op op;
  int64_t id;                   /* the venue (set by create) */
  struct venue_input in;        /* create, update */
  enum venue_item item;         /* check, evidence */
  int met;                      /* check */
  const char *note;             /* check */
  int64_t attachment_id;        /* evidence remove; set by evidence add */
  struct attachment_new upload; /* evidence add */
  struct attachment added;      /* evidence add: the result */
};

/* Check an evidence removal names an attachment of this venue's item. */
static int evidence_remove(struct store_conn *c, struct venue_change *ch,
                           json_t **was, struct err *e) {
  struct attachment a;
  if (attachment_get(c, ch->attachment_id, &a, e) != 0) return -1;
  if (a.deleted_at || strcmp(a.owner_type, "venue") != 0 ||
      a.owner_id != ch->id || strcmp(a.slot, venue_item_name(ch->item)) != 0)
    return err_set(e, ERR_ATTACHMENT_NOT_FOUND, "%lld",
                   (long long)ch->attachment_id);
  *was = attachment_json(&a);
  return attachment_remove(c, a.id, e);
}

/* Apply the change inside the transaction; *object_type, *object_id,
 *was and *now describe it for the audit row. */
static int venue_change_apply(struct store_conn *c, struct venue_change *ch,
                              const char **object_type, int64_t *object_id,
                              json_t **was, json_t **now, struct err *e) {
  const struct session *s = api_principal(ch->req);
  int64_t user_id = s ? s->user_id : 0;
  switch (ch->op) {
  case VENUE_OP_CREATE: return venue_create(c, &ch->in, &ch->id, e);
  case VENUE_OP_UPDATE: return venue_update(c, ch->id, &ch->in, e);
  case VENUE_OP_RETIRE: return venue_retire(c, ch->id, e);
  case VENUE_OP_CHECK:
    return venue_check_set(c, ch->id, ch->item, ch->met, ch->note, user_id, e);
  case VENUE_OP_EVIDENCE_ADD:
    ch->upload.owner_type = "venue";
    ch->upload.owner_id = ch->id;
    ch->upload.slot = venue_item_name(ch->item);
    ch->upload.uploaded_by = user_id;
    if (attachment_add(c, &ch->upload, &ch->added, e) != 0) return -1;
    *object_type = "attachment";
    *object_id = ch->added.id;
    *now = attachment_json(&ch->added);
    return 0;
  case VENUE_OP_EVIDENCE_REMOVE:
    *object_type = "attachment";
    *object_id = ch->attachment_id;
    return evidence_remove(c, ch, was, e);
  }
  return err_set(e, ERR_INTERNAL, NULL);
}

/* Where the change is checked: the venue's unit, or for a new venue the
   unit it is created at. */
static int venue_change_permit(struct store_conn *c, struct venue_change *ch,
                               struct venue *before,
                               const struct role_grant **via, int64_t *unit,
                               struct err *e) {
  struct unit u;
  const char *path;
  if (ch->op == VENUE_OP_CREATE) {
    if (unit_get(c, ch->in.unit_id, &u, e) != 0) return -1;
    path = u.path;
    *unit = u.id;
  } else {
    if (venue_get(c, ch->id, before, e) != 0) return -1;
    path = before->unit_path;
    *unit = before->unit_id;
  }
  return api_permit(ch->req, ACTION_VENUE_EDIT, path, PERMISSION_STATE_NONE,
                    via, e);
}

static int venue_change_run(struct store_conn *c, void *ctx, struct err *e) {
  struct venue_change *ch = ctx;
  struct venue before, after;
  const struct role_grant *via = NULL;
  int64_t unit = 0, object_id = 0;
  const char *object_type = "venue";
  json_t *was = NULL, *now = NULL;
  if (venue_change_permit(c, ch, &before, &via, &unit, e) != 0) return -1;
  if (ch->op == VENUE_OP_EVIDENCE_ADD && before.retired_at)
    return err_set(e, ERR_VENUE_RETIRED, "%lld", (long long)ch->id);
  int rc = venue_change_apply(c, ch, &object_type, &object_id, &was, &now, e);
  if (rc == 0 && strcmp(object_type, "venue") == 0) {
    object_id = ch->id;
    if (ch->op != VENUE_OP_CREATE) was = venue_json(NULL, &before, 1);
    rc = venue_get(c, ch->id, &after, e);
    if (rc == 0) now = venue_json(NULL, &after, 1);
  }
  if (rc == 0)
    rc = api_audit(ch->req, c, via, ACTION_VENUE_EDIT, unit, object_type,
                   object_id, was, now, e);
  json_decref(was);
  json_decref(now);
  return rc;
}

/* Run the change and answer with the venue (or the new attachment). */
static void venue_change_reply(struct http_request *req,
                               struct http_response *res,
                               struct venue_change *ch, int status) {
  struct app *app = req->app;
  struct err e = {0};
  ch->req = req;
  api_roles(req);
  if (store_transact(app->store, venue_change_run, ch, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  if (ch->op == VENUE_OP_EVIDENCE_ADD) {
    http_reply_json(res, status, attachment_json(&ch->added));
    return;
  }
  api_reply_loaded(req, res, venue_json_full, ch->id, status);
}

/* Read the people in charge: [{"name": ..., "phone": ...}]. */
static int contacts_read(json_t *body, struct venue_input *in, struct err *e) {
  json_t *list = json_object_get(body, "contacts");
  size_t i;
  json_t *item;
  in->ncontacts = -1;
  if (list == NULL) return 0;
  if (!json_is_array(list)) return err_set(e, ERR_FIELD_TYPE, "contacts");
  if (json_array_size(list) > VENUE_CONTACTS_MAX)
    return err_set(e, ERR_FIELD_INVALID, "contacts");
  in->ncontacts = 0;
  json_array_foreach(list, i, item) {
    if (!json_is_object(item)) return err_set(e, ERR_FIELD_TYPE, "contacts");
    if (venue_contact_set(&in->contacts[in->ncontacts],
                          json_string_value(json_object_get(item, "name")),
                          json_string_value(json_object_get(item, "phone")),
                          e) != 0)
      return -1;
    in->ncontacts++;
  }
  return 0;
}

/* Read the fields of a create (required) or an update body. */
static int venue_input_read(json_t *body, int create, struct venue_input *in,
                            struct err *e) {
  int pilot = 0, has_pilot = 0;
  memset(in, 0, sizeof *in);
  if ((create && api_json_id(body, "unit_id", 1, &in->unit_id, e) != 0) ||
      json_get_string(body, "name", create, &in->name, e) != 0 ||
      json_get_string(body, "brand", create, &in->brand, e) != 0 ||
      json_get_string(body, "address", create, &in->address, e) != 0 ||
      json_get_bool(body, "is_pilot", 0, &pilot, &has_pilot, e) != 0 ||
      contacts_read(body, in, e) != 0)
    return -1;
  in->is_pilot = has_pilot ? pilot : (create ? 0 : -1);
  return 0;
}

void api_venue_create(struct http_request *req, struct http_response *res) {
  struct err e = {0};
  struct venue_change ch = {0};
  ch.op = VENUE_OP_CREATE;
  if (venue_input_read(req->json, 1, &ch.in, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  venue_change_reply(req, res, &ch, 201);
}

void api_venue_update(struct http_request *req, struct http_response *res) {
  struct err e = {0};
  struct venue_change ch = {0};
  ch.op = VENUE_OP_UPDATE;
  if (api_path_id(req, 0, &ch.id, &e) != 0 ||
      venue_input_read(req->json, 0, &ch.in, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  venue_change_reply(req, res, &ch, 200);
}

void api_venue_retire(struct http_request *req, struct http_response *res) {
  struct err e = {0};
  struct venue_change ch = {0};
  ch.op = VENUE_OP_RETIRE;
  if (api_path_id(req, 0, &ch.id, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  venue_change_reply(req, res, &ch, 200);
}

/* The venue id and checklist item of a /venues/{id}/checklist/{item}...
   path. */
static int venue_item_read(struct http_request *req, struct venue_change *ch,
                           struct err *e) {
  if (api_path_id(req, 0, &ch->id, e) != 0) return -1;
  int item = venue_item_parse(req->params[1]);
  if (item < 0) return err_set(e, ERR_CHECKLIST_ITEM, "%.40s", req->params[1]);
  ch->item = (enum venue_item)item;
  return 0;
}

void api_venue_check_set(struct http_request *req, struct http_response *res) {
  struct err e = {0};
  struct venue_change ch = {0};
  int present = 0;
  ch.op = VENUE_OP_CHECK;
  if (venue_item_read(req, &ch, &e) != 0 ||
      json_get_bool(req->json, "met", 1, &ch.met, &present, &e) != 0 ||
      json_get_string(req->json, "note", 0, &ch.note, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  venue_change_reply(req, res, &ch, 200);
}

void api_venue_evidence_add(struct http_request *req,
                            struct http_response *res) {
  struct err e = {0};
  struct venue_change ch = {0};
  ch.op = VENUE_OP_EVIDENCE_ADD;
  if (venue_item_read(req, &ch, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  ch.upload.filename = http_query(req, "name");
  ch.upload.content_type = http_header(req, "Content-Type");
  ch.upload.data = req->body.data;
  ch.upload.size = req->body.len;
  if (ch.upload.filename == NULL) {
    err_set(&e, ERR_FIELD_REQUIRED, "name");
    http_reply_error(req, res, &e);
    return;
  }
  venue_change_reply(req, res, &ch, 201);
}

void api_venue_evidence_remove(struct http_request *req,
                               struct http_response *res) {
  struct err e = {0};
  struct venue_change ch = {0};
  ch.op = VENUE_OP_EVIDENCE_REMOVE;
  if (venue_item_read(req, &ch, &e) != 0 ||
      api_path_id(req, 2, &ch.attachment_id, &e) != 0) {
    http_reply_error(req, res, &e);
    return;
  }
  venue_change_reply(req, res, &ch, 200);
}
