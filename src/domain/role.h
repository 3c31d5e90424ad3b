/*
** Roles held at units (user_roles): granting, revoking, and loading who a
** caller is (struct principal) for permission checks. Grants and revokes
** run inside the caller's transaction, which also checks the granter's
** permission and writes the audit row.
*/
#ifndef XIESHANG_DOMAIN_ROLE_H
#define XIESHANG_DOMAIN_ROLE_H

#include <stdint.h>

#include "domain/permission.h"
#include "store/db.h"
#include "util/err.h"

/* One row of user_roles, with its unit's path. */
struct role_held {
  int64_t id;
  int64_t user_id;
  enum role role;
  int64_t unit_id;
  char unit_path[UNIT_PATH_MAX];
  int64_t created_at;
};

/* Load the principal for user_id: every role held at a unit in service,
   plus the administrator role at the root when is_admin. Roles past
   PRINCIPAL_MAX_ROLES are ignored. Returns 0 or -1. */
int role_load_principal(struct store_conn *c, int64_t user_id, int is_admin,
                        struct principal *p, struct err *e);

/* Give user_id role at unit_id (in service). Returns 0 and fills *out, or
   -1: ERR_USER_NOT_FOUND, ERR_UNIT_NOT_FOUND, ERR_UNIT_RETIRED, ERR_CONFLICT
   (already held) or a store error. */
int role_grant(struct store_conn *c, int64_t user_id, enum role role,
               int64_t unit_id, int64_t granted_by, struct role_held *out,
               struct err *e);

/* Read grant id (ERR_ROLE_NOT_FOUND when there is none). */
int role_get(struct store_conn *c, int64_t id, struct role_held *out,
             struct err *e);

/* Remove grant id. */
int role_revoke(struct store_conn *c, int64_t id, struct err *e);

#endif
