/*
** Venues 协商议事室: the public list and page, the changes (create, update
** with the pilot flag, retire, a 六有 checklist item), and the roll-out
** check per county. Anyone may browse venues; the phones of the people in
** charge are masked unless the caller may see contacts (user.contact) or
** edit venues (venue.edit) at the venue's unit. Every change is checked
** with venue.edit at the venue's unit and audited in its own transaction.
** Evidence, attachments and QR codes are in attachments.c.
*/
#include <string.h>

#include "api/api_internal.h"
#include "api/venue_json.h"
#include "domain/account.h"
#include "domain/attachment.h"
#include "domain/venue.h"

#define VENUE_PAGE_MAX 200

/* 1 if the caller may see the phones of the venue's people in charge. */
static int venue_sees_contacts(struct http_request *req,
                               const struct venue *v) {
  const struct principal *p = api_roles(req);
  return permission_check(p, ACTION_USER_CONTACT, v->unit_path,
                          PERMISSION_STATE_NONE, NULL) ||
         permission_check(p, ACTION_VENUE_EDIT, v->unit_path,
                          PERMISSION_STATE_NONE, NULL);
}

json_t *venue_json(struct http_request *req, const struct venue *v, int full) {
  int unmasked = req && venue_sees_contacts(req, v);
  json_t *j = json_pack(
      "{s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:b,s:I,s:I,s:i,s:b}", "id",
      (json_int_t)v->id, "unit_id", (json_int_t)v->unit_id, "unit_name",
      v->unit_name, "unit_path", v->unit_path, "name", v->name, "brand",
      v->brand, "address", v->address, "is_pilot", v->is_pilot, "created_at",
      (json_int_t)v->created_at, "updated_at", (json_int_t)v->updated_at,
      "items_met", v->items_met, "complete", v->items_met == VENUE_ITEM_COUNT);
  json_object_set_new(j, "retired_at",
                      v->retired_at ? json_integer(v->retired_at)
                                    : json_null());
  json_t *contacts = json_array();
  for (int i = 0; i < v->ncontacts; i++) {
    char masked[PHONE_LEN + 1];
    phone_mask(v->contacts[i].phone, masked);
    json_array_append_new(
        contacts, json_pack("{s:s,s:s}", "name", v->contacts[i].name, "phone",
                            unmasked ? v->contacts[i].phone : masked));
  }
  json_object_set_new(j, "contacts", contacts);
  int edit = req && permission_check(api_roles(req), ACTION_VENUE_EDIT,
                                     v->unit_path, PERMISSION_STATE_NONE, NULL);
  json_object_set_new(j, "permissions", json_pack("{s:b}", "edit", edit));
  if (!full) return j;
  json_t *items = json_array();
  for (int i = 0; i < VENUE_ITEM_COUNT; i++) {
    const struct venue_check *k = &v->checks[i];
    json_t *item = json_pack("{s:s,s:s,s:b,s:s,s:o}", "item",
                             venue_item_name((enum venue_item)i), "label",
                             venue_item_label((enum venue_item)i), "met",
                             k->met, "note", k->note, "evidence", json_array());
    json_object_set_new(item, "updated_by",
                        k->updated_by ? json_integer(k->updated_by)
                                      : json_null());
    if (k->updated_by_name[0]) {
      char masked[256];
      name_mask(k->updated_by_name, masked, sizeof masked);
      json_object_set_new(item, "updated_by_name",
                          json_string(unmasked ? k->updated_by_name : masked));
    } else {
      json_object_set_new(item, "updated_by_name", json_null());
    }
    json_object_set_new(item, "updated_at",
                        k->updated_at ? json_integer(k->updated_at)
                                      : json_null());
    json_array_append_new(items, item);
  }
  json_object_set_new(j, "checklist", items);
  return j;
}

/* Put an attachment under its checklist item in a full venue's JSON. */
static void venue_evidence_add(const struct attachment *a, void *ctx) {
  json_t *items = json_object_get(ctx, "checklist");
  int item = venue_item_parse(a->slot);
  if (item < 0) return;
  json_array_append_new(
      json_object_get(json_array_get(items, (size_t)item), "evidence"),
      attachment_json(a));
}

int venue_json_full(struct http_request *req, struct store_conn *c, int64_t id,
                    json_t **out, struct err *e) {
  struct venue v;
  if (venue_get(c, id, &v, e) != 0) return -1;
  json_t *j = venue_json(req, &v, 1);
  if (attachment_list(c, "venue", id, venue_evidence_add, j, e) != 0) {
    json_decref(j);
    return -1;
  }
  *out = j;
  return 0;
}

/* A tri-state query parameter: absent -1, otherwise 0 or 1. */
static int query_tristate(struct http_request *req, const char *name, int *out,
                          struct err *e) {
  *out = -1;
  if (http_query(req, name) == NULL) return 0;
  return api_query_flag(req, name, out, e);
}

static int venue_filter_read(struct store_conn *c, struct http_request *req,
                             struct venue_filter *f, struct err *e) {
  int64_t unit_id;
  struct unit u;
  if (api_query_int(req, "unit", 0, 1, INT64_MAX, &unit_id, e) != 0 ||
      query_tristate(req, "pilot", &f->pilot, e) != 0 ||
      query_tristate(req, "complete", &f->complete, e) != 0 ||
      api_query_flag(req, "retired", &f->retired, e) != 0 ||
      api_query_int(req, "limit", 50, 1, VENUE_PAGE_MAX, &f->limit, e) != 0 ||
      api_query_int(req, "offset", 0, 0, INT64_MAX, &f->offset, e) != 0)
    return -1;
  if (unit_id == 0) {
    unit_subtree_pattern("/", f->pattern);
    return 0;
  }
  if (unit_get(c, unit_id, &u, e) != 0) return -1;
  unit_subtree_pattern(u.path, f->pattern);
  return 0;
}

struct venue_list_ctx {
  struct http_request *req;
  json_t *items;
};

static void venue_list_add(const struct venue *v, void *ctx) {
  struct venue_list_ctx *l = ctx;
  json_array_append_new(l->items, venue_json(l->req, v, 0));
}

void api_venues_list(struct http_request *req, struct http_response *res) {
  struct app *app = req->app;
  struct err e = {0};
  struct venue_filter f = {0};
  int64_t total = 0;
  struct venue_list_ctx l = {req, json_array()};
  api_roles(req); /* resolve the session before borrowing a connection */
  struct store_conn *c = store_acquire(app->store);
  int rc = venue_filter_read(c, req, &f, &e);
  if (rc == 0) rc = venue_page(c, &f, venue_list_add, &l, &total, &e);
  store_release(c);
  api_reply_page(req, res, rc, &e, l.items, total, f.limit, f.offset);
}

void api_venue_get(struct http_request *req, struct http_response *res) {
  api_reply_path_loaded(req, res, venue_json_full);
}

struct rollout_ctx {
  enum lang lang;
  json_t *counties;
  int all_pass;
};

static void rollout_add(const struct rollout_county *r, void *ctx) {
  struct rollout_ctx *x = ctx;
  json_t *reasons = json_array();
  for (int i = 0; i < ROLLOUT_REASON_COUNT; i++)
    if (r->reasons & (1u << i))
      json_array_append_new(
          reasons,
          json_pack(
              "{s:s,s:s}", "code", rollout_reason_code((enum rollout_reason)i),
              "message",
              rollout_reason_text((enum rollout_reason)i, x->lang == LANG_EN)));
  json_array_append_new(
      x->counties,
      json_pack("{s:I,s:s,s:i,s:i,s:i,s:b,s:i,s:b,s:o}", "unit_id",
                (json_int_t)r->unit_id, "name", r->name, "venues", r->venues,
                "pilots", r->pilots, "compliant", r->compliant, "seat_marked",
                r->seat_marked, "seat_pilots", r->seat_pilots, "pass", r->pass,
                "reasons", reasons));
  if (!r->pass) x->all_pass = 0;
}

void api_venues_rollout(struct http_request *req, struct http_response *res) {
  struct app *app = req->app;
  struct err e = {0};
  int64_t unit_id;
  struct rollout_ctx x = {req->lang, json_array(), 1};
  if (api_query_int(req, "unit", 0, 1, INT64_MAX, &unit_id, &e) != 0 ||
      (unit_id == 0 && err_set(&e, ERR_FIELD_REQUIRED, "unit") != 0)) {
    json_decref(x.counties);
    http_reply_error(req, res, &e);
    return;
  }
  struct store_conn *c = store_acquire(app->store);
  int rc = venue_rollout(c, unit_id, rollout_add, &x, &e);
  store_release(c);
  if (rc != 0) {
    json_decref(x.counties);
    http_reply_error(req, res, &e);
    return;
  }
  http_reply_json(res, 200,
                  json_pack("{s:I,s:o,s:i,s:b}", "unit_id", (json_int_t)unit_id,
                            "counties", x.counties, "min_pilots",
                            VENUE_ROLLOUT_MIN_PILOTS, "pass",
                            x.all_pass && json_array_size(x.counties) > 0));
}
