/*
** Venues, their 六有 checklist and the roll-out check. See venue.h.
*/
#include "domain/venue.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/account.h"
#include "util/mem.h"
#include "util/timeutil.h"
#include "util/utf8.h"

/* The checklist, in its customary order. */
static const struct {
  const char *name;
  const char *label;
} venue_items[VENUE_ITEM_COUNT] = {
    {"organisation", "有组织"}, {"premises", "有场所"},
    {"facilities", "有设施"},   {"signage", "有标识"},
    {"rules", "有制度"},        {"activity", "有活动"},
};

/* Why a county fails, in words. */
static const struct {
  const char *code;
  const char *zh;
  const char *en;
} rollout_reasons[ROLLOUT_REASON_COUNT] = {
    {"few_pilots", "试点少于 2 个", "fewer than 2 pilot venues"},
    {"no_seat", "未标明县政府驻地街道（乡镇）",
     "no street or township is marked as the seat of the county government"},
    {"no_seat_pilot", "县政府驻地街道（乡镇）没有试点",
     "no pilot venue in the street where the county government sits"},
};

const char *venue_item_name(enum venue_item item) {
  return item >= 0 && item < VENUE_ITEM_COUNT ? venue_items[item].name : "?";
}

int venue_item_parse(const char *name) {
  for (int i = 0; name && i < VENUE_ITEM_COUNT; i++)
    if (strcmp(name, venue_items[i].name) == 0) return i;
  return -1;
}

const char *venue_item_label(enum venue_item item) {
  return item >= 0 && item < VENUE_ITEM_COUNT ? venue_items[item].label : "?";
}

const char *rollout_reason_code(enum rollout_reason r) {
  return r >= 0 && r < ROLLOUT_REASON_COUNT ? rollout_reasons[r].code : "?";
}

const char *rollout_reason_text(enum rollout_reason r, int english) {
  if (r < 0 || r >= ROLLOUT_REASON_COUNT) return "?";
  return english ? rollout_reasons[r].en : rollout_reasons[r].zh;
}

int venue_unit_kind_ok(enum unit_kind kind) {
  return kind == UNIT_TOWNSHIP || kind == UNIT_VILLAGE ||
         kind == UNIT_ENTERPRISE;
}

/* A text field: valid UTF-8, no control characters but none, at most
   max_chars characters, and (when required) not blank. */
static int text_check(const char *s, const char *field, size_t max_chars,
                      int required, struct err *e) {
  size_t len = s ? strlen(s) : 0;
  size_t chars = 0;
  int blank = 1;
  if (!utf8_valid(s ? s : "", len))
    return err_set(e, ERR_FIELD_INVALID, "%s", field);
  for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
    if ((*p < 0x20 && *p != '\n') || *p == 0x7F)
      return err_set(e, ERR_FIELD_INVALID, "%s", field);
    if ((*p & 0xC0) != 0x80) chars++;
    if (*p != ' ' && *p != '\n') blank = 0;
  }
  if (required && blank) return err_set(e, ERR_FIELD_REQUIRED, "%s", field);
  if (chars > max_chars) return err_set(e, ERR_FIELD_INVALID, "%s", field);
  return 0;
}

int venue_contact_set(struct venue_contact *c, const char *name,
                      const char *phone, struct err *e) {
  if (name == NULL || name_check(name, e) != 0)
    return err_set(e, ERR_FIELD_INVALID, "contacts");
  if (phone == NULL) return err_set(e, ERR_PHONE_INVALID, "contacts");
  if (phone_normalize(phone, c->phone, e) != 0) return -1;
  snprintf(c->name, sizeof c->name, "%s", name);
  return 0;
}

/* The people in charge as stored: JSON text. Returns a malloc'd string. */
static char *contacts_dump(const struct venue_contact *list, int n) {
  json_t *a = json_array();
  for (int i = 0; i < n; i++)
    json_array_append_new(a, json_pack("{s:s,s:s}", "name", list[i].name,
                                       "phone", list[i].phone));
  char *text = json_dumps(a, JSON_COMPACT);
  json_decref(a);
  return text;
}

/* And back; rows the program did not write are skipped. */
static void contacts_load(const char *text, struct venue *v) {
  json_t *a = json_loads(text, 0, NULL);
  size_t i;
  json_t *item;
  v->ncontacts = 0;
  json_array_foreach(a, i, item) {
    const char *name = json_string_value(json_object_get(item, "name"));
    const char *phone = json_string_value(json_object_get(item, "phone"));
    if (name == NULL || phone == NULL || v->ncontacts >= VENUE_CONTACTS_MAX)
      continue;
    struct venue_contact *c = &v->contacts[v->ncontacts++];
    snprintf(c->name, sizeof c->name, "%s", name);
    snprintf(c->phone, sizeof c->phone, "%s", phone);
  }
  json_decref(a);
}

/* Fill v from a row of VENUE_GET or VENUE_PAGE (checklist not read). */
static void venue_from_row(struct store_stmt *st, struct venue *v) {
  memset(v, 0, sizeof *v);
  v->id = store_col_int(st, 0);
  v->unit_id = store_col_int(st, 1);
  snprintf(v->unit_name, sizeof v->unit_name, "%s", store_col_text(st, 2));
  snprintf(v->unit_path, sizeof v->unit_path, "%s", store_col_text(st, 3));
  snprintf(v->name, sizeof v->name, "%s", store_col_text(st, 4));
  snprintf(v->brand, sizeof v->brand, "%s", store_col_text(st, 5));
  snprintf(v->address, sizeof v->address, "%s", store_col_text(st, 6));
  contacts_load(store_col_text(st, 7), v);
  v->is_pilot = (int)store_col_int(st, 8);
  v->created_at = store_col_int(st, 9);
  v->updated_at = store_col_int(st, 10);
  v->retired_at = store_col_is_null(st, 11) ? 0 : store_col_int(st, 11);
  v->items_met = (int)store_col_int(st, 12);
}

static int venue_checks_load(struct store_conn *c, struct venue *v,
                             struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_VENUE_CHECKS, e);
  if (st == NULL) return -1;
  store_bind_int(st, 1, v->id);
  int rc;
  for (rc = store_step(st, e); rc == STORE_ROW; rc = store_step(st, e)) {
    int item = venue_item_parse(store_col_text(st, 0));
    if (item < 0) continue;
    struct venue_check *k = &v->checks[item];
    k->met = (int)store_col_int(st, 1);
    snprintf(k->note, sizeof k->note, "%s", store_col_text(st, 2));
    k->updated_by = store_col_is_null(st, 3) ? 0 : store_col_int(st, 3);
    k->updated_at = store_col_int(st, 4);
    snprintf(k->updated_by_name, sizeof k->updated_by_name, "%s",
             store_col_text(st, 5));
  }
  store_finish(st);
  return rc == STORE_DONE ? 0 : -1;
}

int venue_get(struct store_conn *c, int64_t id, struct venue *v,
              struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_VENUE_GET, e);
  if (st == NULL) return -1;
  store_bind_int(st, 1, id);
  int rc = store_step(st, e);
  if (rc == STORE_ROW) venue_from_row(st, v);
  store_finish(st);
  if (rc == STORE_DONE)
    return err_set(e, ERR_VENUE_NOT_FOUND, "%lld", (long long)id);
  if (rc != STORE_ROW) return -1;
  return venue_checks_load(c, v, e);
}

/* Check the fields of an input; required: every text field present. */
static int venue_input_check(const struct venue_input *in, int required,
                             struct err *e) {
  if ((in->name || required) &&
      text_check(in->name, "name", VENUE_NAME_MAX_CHARS, 1, e) != 0)
    return -1;
  if ((in->brand || required) &&
      text_check(in->brand, "brand", VENUE_BRAND_MAX_CHARS, 1, e) != 0)
    return -1;
  if ((in->address || required) &&
      text_check(in->address, "address", VENUE_ADDRESS_MAX_CHARS, 1, e) != 0)
    return -1;
  if (in->ncontacts > VENUE_CONTACTS_MAX)
    return err_set(e, ERR_FIELD_INVALID, "contacts");
  return 0;
}

int venue_create(struct store_conn *c, const struct venue_input *in,
                 int64_t *id, struct err *e) {
  struct unit u;
  if (venue_input_check(in, 1, e) != 0) return -1;
  if (unit_get(c, in->unit_id, &u, e) != 0) return -1;
  if (u.retired_at)
    return err_set(e, ERR_UNIT_RETIRED, "%lld", (long long)u.id);
  if (!venue_unit_kind_ok(u.kind))
    return err_set(e, ERR_VENUE_UNIT_KIND, "%s", unit_kind_name(u.kind));
  char *contacts =
      contacts_dump(in->contacts, in->ncontacts > 0 ? in->ncontacts : 0);
  struct store_stmt *st = store_prepare(c, Q_VENUE_INSERT, e);
  int rc = -1;
  if (st != NULL) {
    store_bind_int(st, 1, in->unit_id);
    store_bind_text(st, 2, in->name);
    store_bind_text(st, 3, in->brand);
    store_bind_text(st, 4, in->address);
    store_bind_text(st, 5, contacts);
    store_bind_int(st, 6, in->is_pilot > 0 ? 1 : 0);
    store_bind_int(st, 7, time_now_ms());
    rc = store_step(st, e);
    if (rc == STORE_ROW) *id = store_col_int(st, 0);
    store_finish(st);
  }
  free(contacts);
  if (rc == STORE_ROW) return 0;
  return rc < 0 ? -1 : err_set(e, ERR_DB_ERROR, "no id returned");
}

/* Read a venue that must be in use. */
static int venue_get_active(struct store_conn *c, int64_t id, struct venue *v,
                            struct err *e) {
  if (venue_get(c, id, v, e) != 0) return -1;
  if (v->retired_at)
    return err_set(e, ERR_VENUE_RETIRED, "%lld", (long long)id);
  return 0;
}

int venue_update(struct store_conn *c, int64_t id, const struct venue_input *in,
                 struct err *e) {
  struct venue v;
  if (venue_input_check(in, 0, e) != 0) return -1;
  if (venue_get_active(c, id, &v, e) != 0) return -1;
  const struct venue_contact *list =
      in->ncontacts >= 0 ? in->contacts : v.contacts;
  char *contacts =
      contacts_dump(list, in->ncontacts >= 0 ? in->ncontacts : v.ncontacts);
  int64_t n = store_exec(
      c, Q_VENUE_UPDATE, e, "IssssiI", id, in->name ? in->name : v.name,
      in->brand ? in->brand : v.brand, in->address ? in->address : v.address,
      contacts, in->is_pilot >= 0 ? (in->is_pilot ? 1 : 0) : v.is_pilot,
      time_now_ms());
  free(contacts);
  return n < 0 ? -1 : 0;
}

int venue_retire(struct store_conn *c, int64_t id, struct err *e) {
  struct venue v;
  if (venue_get_active(c, id, &v, e) != 0) return -1;
  return store_exec(c, Q_VENUE_RETIRE, e, "II", id, time_now_ms()) < 0 ? -1 : 0;
}

int venue_check_set(struct store_conn *c, int64_t id, enum venue_item item,
                    int met, const char *note, int64_t user_id, struct err *e) {
  struct venue v;
  if (item < 0 || item >= VENUE_ITEM_COUNT)
    return err_set(e, ERR_CHECKLIST_ITEM, "%d", (int)item);
  if (note && text_check(note, "note", VENUE_NOTE_MAX_CHARS, 0, e) != 0)
    return -1;
  if (venue_get_active(c, id, &v, e) != 0) return -1;
  int64_t now = time_now_ms();
  struct store_stmt *st = store_prepare(c, Q_VENUE_CHECK_PUT, e);
  if (st == NULL) return -1;
  store_bind_int(st, 1, id);
  store_bind_text(st, 2, venue_item_name(item));
  store_bind_int(st, 3, met ? 1 : 0);
  store_bind_text(st, 4, note ? note : "");
  if (user_id)
    store_bind_int(st, 5, user_id);
  else
    store_bind_null(st, 5);
  store_bind_int(st, 6, now);
  int rc = store_step(st, e);
  store_finish(st);
  if (rc < 0) return -1;
  return store_exec(c, Q_VENUE_TOUCH, e, "II", id, now) < 0 ? -1 : 0;
}

static void venue_filter_bind(struct store_stmt *st,
                              const struct venue_filter *f) {
  store_bind_text(st, 1, f->pattern);
  store_bind_int(st, 2, f->pilot);
  store_bind_int(st, 3, f->complete);
  store_bind_int(st, 4, f->retired ? 1 : 0);
  store_bind_int(st, 5, VENUE_ITEM_COUNT);
}

int venue_page(struct store_conn *c, const struct venue_filter *f, venue_fn fn,
               void *ctx, int64_t *total, struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_VENUE_PAGE_COUNT, e);
  if (st == NULL) return -1;
  venue_filter_bind(st, f);
  if (store_step_int(st, total, e) != 0) return -1;
  st = store_prepare(c, Q_VENUE_PAGE, e);
  if (st == NULL) return -1;
  venue_filter_bind(st, f);
  store_bind_int(st, 6, f->limit);
  store_bind_int(st, 7, f->offset);
  struct venue v;
  int rc;
  for (rc = store_step(st, e); rc == STORE_ROW; rc = store_step(st, e)) {
    venue_from_row(st, &v);
    fn(&v, ctx);
  }
  store_finish(st);
  return rc == STORE_DONE ? 0 : -1;
}

/* Count r's seat streets and tally its venues. */
static int rollout_tally(struct store_conn *c, const char *path,
                         struct rollout_county *r, struct err *e) {
  char pattern[UNIT_PATH_MAX + 1];
  unit_subtree_pattern(path, pattern);
  struct store_stmt *st = store_prepare(c, Q_VENUE_ROLLOUT_SEATS, e);
  if (st == NULL) return -1;
  store_bind_text(st, 1, pattern);
  int rc = store_step(st, e);
  if (rc == STORE_ROW) r->seat_marked = store_col_int(st, 0) > 0;
  store_finish(st);
  if (rc != STORE_ROW) return -1;
  st = store_prepare(c, Q_VENUE_ROLLOUT_VENUES, e);
  if (st == NULL) return -1;
  store_bind_text(st, 1, pattern);
  for (rc = store_step(st, e); rc == STORE_ROW; rc = store_step(st, e)) {
    int pilot = store_col_int(st, 0) != 0;
    r->venues++;
    r->pilots += pilot;
    r->compliant += store_col_int(st, 1) == VENUE_ITEM_COUNT;
    r->seat_pilots += pilot && store_col_int(st, 2) > 0;
  }
  store_finish(st);
  return rc == STORE_DONE ? 0 : -1;
}

/* Apply the rule to a tallied county. */
static void rollout_judge(struct rollout_county *r) {
  r->reasons = 0;
  if (r->pilots < VENUE_ROLLOUT_MIN_PILOTS)
    r->reasons |= 1u << ROLLOUT_FEW_PILOTS;
  if (!r->seat_marked)
    r->reasons |= 1u << ROLLOUT_NO_SEAT;
  else if (r->seat_pilots == 0)
    r->reasons |= 1u << ROLLOUT_NO_SEAT_PILOT;
  r->pass = r->reasons == 0;
}

int venue_rollout(struct store_conn *c, int64_t root, rollout_fn fn, void *ctx,
                  struct err *e) {
  struct unit u;
  char pattern[UNIT_PATH_MAX + 1];
  if (unit_get(c, root, &u, e) != 0) return -1;
  if (u.kind > UNIT_COUNTY) return err_set(e, ERR_FIELD_INVALID, "unit");
  unit_subtree_pattern(u.path, pattern);
  struct store_stmt *st = store_prepare(c, Q_VENUE_ROLLOUT_COUNTIES, e);
  if (st == NULL) return -1;
  store_bind_text(st, 1, pattern);
  /* Read the counties first: a connection runs one statement at a time. */
  int n = 0, cap = 16, rc;
  struct rollout_county *list = xcalloc((size_t)cap, sizeof *list);
  char(*paths)[UNIT_PATH_MAX] = xcalloc((size_t)cap, UNIT_PATH_MAX);
  for (rc = store_step(st, e); rc == STORE_ROW; rc = store_step(st, e)) {
    if (n == cap) {
      cap *= 2;
      list = xrealloc(list, (size_t)cap * sizeof *list);
      paths = xrealloc(paths, (size_t)cap * UNIT_PATH_MAX);
    }
    memset(&list[n], 0, sizeof list[n]);
    list[n].unit_id = store_col_int(st, 0);
    snprintf(list[n].name, sizeof list[n].name, "%s", store_col_text(st, 1));
    snprintf(paths[n], UNIT_PATH_MAX, "%s", store_col_text(st, 2));
    n++;
  }
  store_finish(st);
  rc = rc == STORE_DONE ? 0 : -1;
  for (int i = 0; rc == 0 && i < n; i++) {
    rc = rollout_tally(c, paths[i], &list[i], e);
    if (rc == 0) {
      rollout_judge(&list[i]);
      fn(&list[i], ctx);
    }
  }
  free(list);
  free(paths);
  return rc;
}
