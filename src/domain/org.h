/*
** CPPCC bodies and members' profiles.
**
** A committee 政协委员会 sits at a province, city or county unit, one in
** service per unit. Under it, at the same unit, are its special committees
** 专委会 and sectors 界别; at each township in its subtree, a member
** activity group 委员活动组 (or a liaison committee 联络委 or street working
** committee 街道工委: the same place, a different local name). Names are
** unique among a committee's bodies in service, so that an import can name
** them. Retired bodies are kept for history.
**
** A member's profile names the committee, a sector, and optionally a
** special committee and an activity group; setting it also gives the member
** role at the committee's unit when the person lacks it.
**
** Every function runs inside the caller's transaction and returns 0 or -1
** with e set.
*/
#ifndef XIESHANG_DOMAIN_ORG_H
#define XIESHANG_DOMAIN_ORG_H

#include <stdint.h>

#include "domain/unit.h"
#include "store/db.h"
#include "util/err.h"

enum body_kind {
  BODY_COMMITTEE,         /* 政协委员会 */
  BODY_SPECIAL_COMMITTEE, /* 专委会 */
  BODY_SECTOR,            /* 界别 */
  BODY_ACTIVITY_GROUP,    /* 委员活动组 */
  BODY_LIAISON_COMMITTEE, /* 联络委 */
  BODY_STREET_COMMITTEE,  /* 街道工委 */
  BODY_KIND_COUNT
};

struct body {
  int64_t id;
  int64_t unit_id;
  int64_t parent_id; /* the committee; 0 for a committee */
  enum body_kind kind;
  char name[256];
  int64_t created_at;
  int64_t retired_at; /* 0 while in service */
  char unit_path[UNIT_PATH_MAX];
  char unit_name[256];
};

/* A member's profile: ids of bodies, 0 for none. */
struct member_profile {
  int64_t committee_id;
  int64_t sector_id;
  int64_t special_committee_id;
  int64_t group_id;
};

/* The kind's API name ("sector") and back (-1 when unknown). */
const char *body_kind_name(enum body_kind kind);
int body_kind_parse(const char *name);

/* 1 for the three kinds that sit at a township (activity group, liaison
   committee, street working committee). */
int body_kind_is_group(enum body_kind kind);

/* Read body id (ERR_BODY_NOT_FOUND). */
int body_get(struct store_conn *c, int64_t id, struct body *out, struct err *e);

/* The committee in service at unit_id (ERR_NO_COMMITTEE when none). */
int body_committee_at(struct store_conn *c, int64_t unit_id, struct body *out,
                      struct err *e);

/* Create a body. A committee: parent_id 0, at a province, city or county
   with no committee in service. A special committee or sector: under a
   committee in service, at its unit (unit_id 0 or the same). A group:
   under a committee, at a township in the committee's subtree.
   ERR_BODY_PLACE, ERR_BODY_NAME_TAKEN, ERR_BODY_RETIRED, ERR_UNIT_RETIRED,
   ERR_FIELD_INVALID (name), not-found errors. Fills *out. */
int body_create(struct store_conn *c, int64_t unit_id, int64_t parent_id,
                enum body_kind kind, const char *name, struct body *out,
                struct err *e);

/* Rename a body in service (the name stays unique among its siblings). */
int body_rename(struct store_conn *c, int64_t id, const char *name,
                struct err *e);

/* Retire a body in service; a committee only when nothing under it is in
   service (ERR_BODY_HAS_CHILDREN). */
int body_retire(struct store_conn *c, int64_t id, struct err *e);

/* Check that each body of p exists, is in service and belongs to the
   committee with the right kind (ERR_PROFILE_BODY naming the field); the
   sector is required. Then store it, and grant the member role at the
   committee's unit when user_id lacks it (granted_by may be 0). */
int profile_set(struct store_conn *c, int64_t user_id,
                const struct member_profile *p, int64_t granted_by,
                struct err *e);

/* Store p for user_id without looking its bodies up again (for an import,
   which matched every name among the committee's bodies in service in the
   same transaction), granting the member role at committee_unit_id when
   user_id lacks it. */
int profile_put(struct store_conn *c, int64_t user_id,
                const struct member_profile *p, int64_t committee_unit_id,
                int64_t granted_by, struct err *e);

/* 1 if user_id holds role at unit_id, 0 if not, -1 on a store error. */
int role_held_at(struct store_conn *c, int64_t user_id, const char *role,
                 int64_t unit_id, struct err *e);

#endif
