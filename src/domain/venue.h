/*
** Venues 协商议事室: where residents and members meet to consult. A venue
** belongs to a township/street, a village/community or an enterprise (never
** to a county or above), has a name, a brand (有事来协商 ...), an address,
** the people in charge (name and phone; phones are personal data, masked by
** the API for anyone without the right), a pilot flag 试点, and the "six
** haves" checklist 六有: organisation 有组织, premises 有场所, facilities
** 有设施, signage 有标识, written rules 有制度, regular activity 有活动 —
** each met or not, with a note, evidence (attachments, slot = the item) and
** who changed it when. Retiring a venue keeps it and its history.
**
** The roll-out check reads a county against the rule: at least two pilots,
** one of them in the street or township where the county government sits
** (units.is_seat).
**
** Changes run inside the caller's transaction; each function returns 0 or
** -1 with e set.
*/
#ifndef XIESHANG_DOMAIN_VENUE_H
#define XIESHANG_DOMAIN_VENUE_H

#include <stdint.h>

#include "domain/unit.h"
#include "store/db.h"
#include "util/err.h"

enum venue_item {
  VENUE_ITEM_ORGANISATION, /* 有组织 */
  VENUE_ITEM_PREMISES,     /* 有场所 */
  VENUE_ITEM_FACILITIES,   /* 有设施 */
  VENUE_ITEM_SIGNAGE,      /* 有标识 */
  VENUE_ITEM_RULES,        /* 有制度 */
  VENUE_ITEM_ACTIVITY,     /* 有活动 */
  VENUE_ITEM_COUNT
};

#define VENUE_CONTACTS_MAX 5
#define VENUE_NAME_MAX_CHARS 60
#define VENUE_BRAND_MAX_CHARS 20
#define VENUE_ADDRESS_MAX_CHARS 120
#define VENUE_NOTE_MAX_CHARS 500
#define VENUE_ROLLOUT_MIN_PILOTS 2

struct venue_contact {
  char name[256];
  char phone[12]; /* 11 digits, normalised */
};

struct venue_check {
  int met;
  char note[2048];
  int64_t updated_by;        /* 0: never set */
  char updated_by_name[256]; /* "" when nobody (demo data) */
  int64_t updated_at;        /* 0: never set */
};

struct venue {
  int64_t id;
  int64_t unit_id;
  char unit_name[256];
  char unit_path[UNIT_PATH_MAX];
  char name[256];
  char brand[128];
  char address[512];
  int ncontacts;
  struct venue_contact contacts[VENUE_CONTACTS_MAX];
  int is_pilot;
  int64_t created_at;
  int64_t updated_at;
  int64_t retired_at; /* 0 while in use */
  int items_met;      /* checklist items met, 0..VENUE_ITEM_COUNT */
  struct venue_check checks[VENUE_ITEM_COUNT]; /* venue_get() only */
};

/* What a create or an update sets. For an update, NULL strings, is_pilot
   -1 and ncontacts -1 keep what is there. */
struct venue_input {
  int64_t unit_id; /* create only */
  const char *name;
  const char *brand;
  const char *address;
  int ncontacts;
  struct venue_contact contacts[VENUE_CONTACTS_MAX];
  int is_pilot;
};

/* The item's name in the API ("premises") and back (-1 if unknown); its
   Chinese label (有场所). */
const char *venue_item_name(enum venue_item item);
int venue_item_parse(const char *name);
const char *venue_item_label(enum venue_item item);

/* 1 if a venue may belong to a unit of this kind. */
int venue_unit_kind_ok(enum unit_kind kind);

/* Check and normalise a person in charge: a name (name_check) and a
   mainland mobile number. ERR_FIELD_INVALID naming contacts, or
   ERR_PHONE_INVALID. */
int venue_contact_set(struct venue_contact *c, const char *name,
                      const char *phone, struct err *e);

/* Read venue id with its checklist. ERR_VENUE_NOT_FOUND if none. */
int venue_get(struct store_conn *c, int64_t id, struct venue *v, struct err *e);

/* Create a venue at in->unit_id: the unit must be in service
   (ERR_UNIT_NOT_FOUND, ERR_UNIT_RETIRED) and of a kind that holds venues
   (ERR_VENUE_UNIT_KIND); name, brand and address are required. Sets *id. */
int venue_create(struct store_conn *c, const struct venue_input *in,
                 int64_t *id, struct err *e);

/* Update a venue in use (ERR_VENUE_RETIRED otherwise). */
int venue_update(struct store_conn *c, int64_t id, const struct venue_input *in,
                 struct err *e);

/* Retire a venue in use. */
int venue_retire(struct store_conn *c, int64_t id, struct err *e);

/* Set one checklist item of a venue in use: met or not, and a note (NULL:
   empty), by user_id. */
int venue_check_set(struct store_conn *c, int64_t id, enum venue_item item,
                    int met, const char *note, int64_t user_id, struct err *e);

/* A page of venues. */
struct venue_filter {
  char pattern[UNIT_PATH_MAX + 1]; /* unit subtree (unit_subtree_pattern) */
  int pilot;                       /* -1 any, 0, 1 */
  int complete;                    /* -1 any, 0 some item unmet, 1 all met */
  int retired;                     /* 1: include retired venues */
  int64_t limit, offset;
};
typedef void (*venue_fn)(const struct venue *v, void *ctx);
int venue_page(struct store_conn *c, const struct venue_filter *f, venue_fn fn,
               void *ctx, int64_t *total, struct err *e);

/* Why a county fails the roll-out check. */
enum rollout_reason {
  ROLLOUT_FEW_PILOTS,    /* fewer than VENUE_ROLLOUT_MIN_PILOTS pilots */
  ROLLOUT_NO_SEAT,       /* no township marked as the government seat */
  ROLLOUT_NO_SEAT_PILOT, /* no pilot in the seat street */
  ROLLOUT_REASON_COUNT
};

struct rollout_county {
  int64_t unit_id;
  char name[256];
  int venues; /* in use */
  int pilots;
  int compliant;   /* all six items met */
  int seat_marked; /* a township is marked as the seat */
  int seat_pilots; /* pilots in the seat street */
  int pass;
  unsigned reasons; /* bit (1 << enum rollout_reason) */
};

/* The reason's code ("few_pilots") and its words in Chinese (lang 0) or
   English (1). */
const char *rollout_reason_code(enum rollout_reason r);
const char *rollout_reason_text(enum rollout_reason r, int english);

/* Check every county in service in the subtree at root (a county itself,
   or a unit above counties); fn is called once per county. A unit below a
   county is ERR_FIELD_INVALID naming unit. */
typedef void (*rollout_fn)(const struct rollout_county *r, void *ctx);
int venue_rollout(struct store_conn *c, int64_t root, rollout_fn fn, void *ctx,
                  struct err *e);

#endif
