/*
** Units: the organisation tree. province 省 > city 市 > county/district 县/区
** > township/street 乡镇/街道 > village/community 村/社区, and enterprises or
** institutions 企事业单位 under any level.
**
** Each unit keeps a materialised path of ids from the root ('/1/4/9/'); a
** subtree is every unit whose path starts with its root's path. Retiring a
** unit keeps it (and its history) but hides it from default lists.
**
** The functions that change units run inside the caller's transaction, so
** that the caller can check permissions and write the audit row in the same
** one. Each returns 0 or -1 with e set.
*/
#ifndef XIESHANG_DOMAIN_UNIT_H
#define XIESHANG_DOMAIN_UNIT_H

#include <stdint.h>

#include "store/db.h"
#include "util/err.h"

#define UNIT_PATH_MAX 160     /* ids from the root: at most 7 levels */
#define UNIT_NAME_MAX_CHARS 60

enum unit_kind {
  UNIT_PROVINCE,
  UNIT_CITY,
  UNIT_COUNTY,
  UNIT_TOWNSHIP,
  UNIT_VILLAGE,
  UNIT_ENTERPRISE,
  UNIT_KIND_COUNT
};

struct unit {
  int64_t id;
  int64_t parent_id;          /* 0 for a root */
  enum unit_kind kind;
  char name[256];
  char path[UNIT_PATH_MAX];
  int64_t created_at;
  int64_t retired_at;         /* 0 while in service */
  int is_seat;                /* 1: the street or township where the
                                 county government sits */
};

/* The kind's name in the API and the database ("county"), and back.
   unit_kind_parse returns -1 for an unknown name. */
const char *unit_kind_name(enum unit_kind kind);
int unit_kind_parse(const char *name);

/* 1 if a unit of kind child may sit directly under a unit of kind parent
   (parent < 0: at the root). Levels go down the tree, possibly skipping one
   (a municipality's districts sit under the province-level unit);
   enterprises sit under any level but hold nothing; only a province is a
   root. */
int unit_kind_fits(int parent, enum unit_kind child);

/* The LIKE pattern for a subtree: "/1/4/" -> "/1/4/%". out holds
   UNIT_PATH_MAX + 1 bytes. */
void unit_subtree_pattern(const char *path, char *out);

/* 1 if path lies in the subtree rooted at root (itself included). */
int unit_path_within(const char *path, const char *root);

/* Read unit id. Returns 0, or -1 with ERR_UNIT_NOT_FOUND or a store error. */
int unit_get(struct store_conn *c, int64_t id, struct unit *u, struct err *e);

/* Create a unit under parent_id (0 for a root). Checks the name, that the
   parent exists and is in service, and that the kind fits under it
   (ERR_FIELD_INVALID, ERR_UNIT_NOT_FOUND, ERR_UNIT_RETIRED, ERR_UNIT_KIND).
   Fills *out with the new unit. */
int unit_create(struct store_conn *c, int64_t parent_id, enum unit_kind kind,
                const char *name, struct unit *out, struct err *e);

/* Rename a unit in service. */
int unit_rename(struct store_conn *c, int64_t id, const char *name,
                struct err *e);

/* Move a unit (and its subtree) under new_parent_id, rewriting every
   descendant's path. Refused with ERR_UNIT_CYCLE when the new parent is the
   unit or one of its descendants, ERR_UNIT_KIND when the kind does not fit,
   ERR_UNIT_RETIRED when either is retired. */
int unit_move(struct store_conn *c, int64_t id, int64_t new_parent_id,
              struct err *e);

/* Mark (1) or unmark (0) a township as the seat of its county government.
   Only a township or street in service can be the seat
   (ERR_UNIT_KIND otherwise). */
int unit_set_seat(struct store_conn *c, int64_t id, int is_seat,
                  struct err *e);

/* Retire a unit in service that has no units in service under it
   (ERR_UNIT_HAS_CHILDREN otherwise). */
int unit_retire(struct store_conn *c, int64_t id, struct err *e);

#endif
