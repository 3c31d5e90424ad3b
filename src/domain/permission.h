/*
** Permissions: who may do what, where. One function decides every action,
** from one table of (role, action, object states).
**
** A person holds roles, each at a unit (user_roles); a role is valid for its
** unit's whole subtree. An action is allowed when some role the person
** holds is paired with it in the table, the target unit lies in that role's
** subtree, and the object's state is one the row allows. The bootstrap
** administrator (users.is_admin) holds the administrator role at the root.
**
** Nothing here reads the database: the caller loads the principal's roles
** (role.h) and passes the target unit's path.
*/
#ifndef XIESHANG_DOMAIN_PERMISSION_H
#define XIESHANG_DOMAIN_PERMISSION_H

#include <stdint.h>

#include "domain/topic_state.h"
#include "domain/unit.h"

enum role {
  ROLE_RESIDENT,   /* 群众 */
  ROLE_MEMBER,     /* 政协委员 */
  ROLE_STAFF,      /* 工作人员 */
  ROLE_DEPARTMENT, /* 承办单位 */
  ROLE_LEADER,     /* 领导 */
  ROLE_ADMIN,      /* 管理员 */
  ROLE_COUNT
};

enum action {
  ACTION_UNIT_CREATE,  /* target: the new unit's parent */
  ACTION_UNIT_RENAME,
  ACTION_UNIT_MOVE,    /* checked at the unit and at its new parent */
  ACTION_UNIT_RETIRE,
  ACTION_ROLE_GRANT,   /* target: the unit the role is held at */
  ACTION_ROLE_REVOKE,
  ACTION_USER_CREATE,  /* target: the unit of the new account's role */
  ACTION_USER_CONTACT, /* see a name and phone unmasked; target: a unit
                          where the person holds a role */
  ACTION_AUDIT_READ,   /* target: the unit whose log is read */
  ACTION_SEARCH_READ,  /* search all texts, drafts included; target: the
                          unit subtree searched */
  ACTION_VENUE_EDIT,   /* create or change a venue, its 六有 checklist,
                          pilot flag and evidence; target: the venue's unit */
  ACTION_ORG_EDIT,     /* committees, special committees, sectors and
                          activity groups; target: the body's unit */
  ACTION_MEMBER_IMPORT, /* import accounts from a spreadsheet; target: the
                           unit the imported people are placed at */
  ACTION_PASSWORD_RESET, /* set another person's password; target: a unit
                            where the person holds a role */
  ACTION_PEOPLE_READ,  /* list the people holding roles in a subtree (names
                          and phones still masked without user.contact);
                          target: the subtree's root */
  ACTION_TOPIC_RAISE_FOR, /* record a topic for someone met in person;
                             target: the topic's unit */
  ACTION_TOPIC_READ,   /* see topics the public does not (drafts, under
                          review, rejected) and who raised them; target:
                          the topic's unit */
  ACTION_TOPIC_SCREEN, /* review, accept, merge, transfer or reject a
                          topic in TOPIC_SCREENABLE_STATES; target: the
                          topic's unit */
  ACTION_TOPIC_REPLY,  /* a department answers a topic transferred to it
                          (TOPIC_TRANSFERRED); target: the department's
                          unit */
  ACTION_PLAN_EDIT,    /* draft a topic plan, add topics, submit it, run
                          its public vote (PLAN_DRAFT, PLAN_RETURNED for
                          changes); target: the plan's unit */
  ACTION_PLAN_APPROVE, /* approve a submitted plan or send it back
                          (PLAN_SUBMITTED); target: the plan's unit */
  ACTION_FIGURES_READ, /* the figures of a unit and period; target: the
                          unit */
  ACTION_COUNT
};

/* Object states a table row may be limited to (a bit mask). Objects
   without a life cycle (units, roles, accounts) are PERMISSION_STATE_NONE;
   rows with PERMISSION_STATES_ANY apply whatever the state. */
#define PERMISSION_STATE_NONE 1u
#define PERMISSION_STATES_ANY (~0u)

#define PRINCIPAL_MAX_ROLES 32

/* A role held at a unit. unit_path "/" (unit_id 0) is the root of all. */
struct role_grant {
  enum role role;
  int64_t unit_id;
  char unit_path[UNIT_PATH_MAX];
};

/* Who is acting, with every role they hold at a unit in service. */
struct principal {
  int64_t user_id;
  int nroles;
  struct role_grant roles[PRINCIPAL_MAX_ROLES];
};

/* Role and action names, as in the API and the audit log ("staff",
   "unit.create"); the parsers return -1 for an unknown name. */
const char *role_name(enum role role);
int role_parse(const char *name);
const char *action_name(enum action action);

/* Decide whether p may perform action on an object at the unit whose path
   is target_path, in object_state. Returns 1 and sets *via (may be NULL) to
   the grant that allows it, or 0. NULL p or target_path is never allowed. */
int permission_check(const struct principal *p, enum action action,
                     const char *target_path, unsigned object_state,
                     const struct role_grant **via);

/* 1 if p holds role somewhere (for the router's coarse access levels). */
int principal_has_role(const struct principal *p, enum role role);

/* 1 if p holds any role other than resident. */
int principal_is_staff(const struct principal *p);

#endif
