/*
** Permissions: the table of who may do what, and the one function that
** reads it. See permission.h.
*/
#include "domain/permission.h"

#include <string.h>

static const char *const role_names[ROLE_COUNT] = {
    "resident", "member", "staff", "department", "leader", "admin",
};

static const char *const action_names[ACTION_COUNT] = {
    "unit.create", "unit.rename", "unit.move",   "unit.retire",
    "role.grant",  "role.revoke", "user.create", "user.contact",
    "audit.read",  "search.read", "venue.edit",  "org.edit",
    "member.import", "password.reset", "people.read",
    "topic.raise_for", "topic.read", "topic.screen", "topic.reply",
    "plan.edit", "plan.approve", "figures.read",
};

/* The table: each row allows a role one action, within the subtree of the
   unit the role is held at, on objects in the listed states. Anything not
   listed is refused. */
static const struct permission_rule {
  enum role role;
  enum action action;
  unsigned states;
} permission_rules[] = {
    {ROLE_ADMIN, ACTION_UNIT_CREATE, PERMISSION_STATES_ANY},
    {ROLE_ADMIN, ACTION_UNIT_RENAME, PERMISSION_STATES_ANY},
    {ROLE_ADMIN, ACTION_UNIT_MOVE, PERMISSION_STATES_ANY},
    {ROLE_ADMIN, ACTION_UNIT_RETIRE, PERMISSION_STATES_ANY},
    {ROLE_ADMIN, ACTION_ROLE_GRANT, PERMISSION_STATES_ANY},
    {ROLE_ADMIN, ACTION_ROLE_REVOKE, PERMISSION_STATES_ANY},
    {ROLE_ADMIN, ACTION_USER_CREATE, PERMISSION_STATES_ANY},
    {ROLE_ADMIN, ACTION_USER_CONTACT, PERMISSION_STATES_ANY},
    {ROLE_ADMIN, ACTION_AUDIT_READ, PERMISSION_STATES_ANY},
    {ROLE_STAFF, ACTION_USER_CREATE, PERMISSION_STATES_ANY},
    {ROLE_STAFF, ACTION_USER_CONTACT, PERMISSION_STATES_ANY},
    {ROLE_LEADER, ACTION_AUDIT_READ, PERMISSION_STATES_ANY},
    {ROLE_ADMIN, ACTION_SEARCH_READ, PERMISSION_STATES_ANY},
    {ROLE_STAFF, ACTION_SEARCH_READ, PERMISSION_STATES_ANY},
    {ROLE_LEADER, ACTION_SEARCH_READ, PERMISSION_STATES_ANY},
    {ROLE_ADMIN, ACTION_VENUE_EDIT, PERMISSION_STATES_ANY},
    {ROLE_STAFF, ACTION_VENUE_EDIT, PERMISSION_STATES_ANY},
    {ROLE_ADMIN, ACTION_ORG_EDIT, PERMISSION_STATES_ANY},
    {ROLE_STAFF, ACTION_ORG_EDIT, PERMISSION_STATES_ANY},
    {ROLE_ADMIN, ACTION_MEMBER_IMPORT, PERMISSION_STATES_ANY},
    {ROLE_STAFF, ACTION_MEMBER_IMPORT, PERMISSION_STATES_ANY},
    {ROLE_ADMIN, ACTION_PASSWORD_RESET, PERMISSION_STATES_ANY},
    {ROLE_ADMIN, ACTION_PEOPLE_READ, PERMISSION_STATES_ANY},
    {ROLE_STAFF, ACTION_PEOPLE_READ, PERMISSION_STATES_ANY},
    {ROLE_LEADER, ACTION_PEOPLE_READ, PERMISSION_STATES_ANY},
    {ROLE_ADMIN, ACTION_TOPIC_RAISE_FOR, PERMISSION_STATES_ANY},
    {ROLE_STAFF, ACTION_TOPIC_RAISE_FOR, PERMISSION_STATES_ANY},
    {ROLE_ADMIN, ACTION_TOPIC_READ, PERMISSION_STATES_ANY},
    {ROLE_STAFF, ACTION_TOPIC_READ, PERMISSION_STATES_ANY},
    {ROLE_LEADER, ACTION_TOPIC_READ, PERMISSION_STATES_ANY},
    {ROLE_ADMIN, ACTION_TOPIC_SCREEN, TOPIC_SCREENABLE_STATES},
    {ROLE_STAFF, ACTION_TOPIC_SCREEN, TOPIC_SCREENABLE_STATES},
    {ROLE_DEPARTMENT, ACTION_TOPIC_REPLY, TOPIC_TRANSFERRED},
    {ROLE_ADMIN, ACTION_PLAN_EDIT, PLAN_DRAFT | PLAN_RETURNED},
    {ROLE_STAFF, ACTION_PLAN_EDIT, PLAN_DRAFT | PLAN_RETURNED},
    {ROLE_LEADER, ACTION_PLAN_APPROVE, PLAN_SUBMITTED},
    {ROLE_ADMIN, ACTION_FIGURES_READ, PERMISSION_STATES_ANY},
    {ROLE_STAFF, ACTION_FIGURES_READ, PERMISSION_STATES_ANY},
    {ROLE_LEADER, ACTION_FIGURES_READ, PERMISSION_STATES_ANY},
};

const char *role_name(enum role role) {
  return role >= 0 && role < ROLE_COUNT ? role_names[role] : "?";
}

int role_parse(const char *name) {
  for (int i = 0; name && i < ROLE_COUNT; i++)
    if (strcmp(name, role_names[i]) == 0) return i;
  return -1;
}

const char *action_name(enum action action) {
  return action >= 0 && action < ACTION_COUNT ? action_names[action] : "?";
}

/* 1 if the table lets role do action on an object in state. */
static int rule_allows(enum role role, enum action action, unsigned state) {
  for (size_t i = 0; i < sizeof permission_rules / sizeof permission_rules[0];
       i++) {
    const struct permission_rule *r = &permission_rules[i];
    if (r->role == role && r->action == action && (r->states & state))
      return 1;
  }
  return 0;
}

int permission_check(const struct principal *p, enum action action,
                     const char *target_path, unsigned object_state,
                     const struct role_grant **via) {
  if (via) *via = NULL;
  if (p == NULL || target_path == NULL) return 0;
  for (int i = 0; i < p->nroles; i++) {
    const struct role_grant *g = &p->roles[i];
    if (!rule_allows(g->role, action, object_state)) continue;
    if (!unit_path_within(target_path, g->unit_path)) continue;
    if (via) *via = g;
    return 1;
  }
  return 0;
}

int principal_has_role(const struct principal *p, enum role role) {
  for (int i = 0; p && i < p->nroles; i++)
    if (p->roles[i].role == role) return 1;
  return 0;
}

int principal_is_staff(const struct principal *p) {
  for (int i = 0; p && i < p->nroles; i++)
    if (p->roles[i].role != ROLE_RESIDENT) return 1;
  return 0;
}
