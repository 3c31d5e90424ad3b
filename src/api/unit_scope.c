/*
** The unit and period a report is about; see unit_scope.h.
*/
#include "api/unit_scope.h"

#include <stdio.h>
#include <string.h>

int api_unit_scope(struct http_request *req, struct store_conn *c,
                   enum action action, struct unit *u, int64_t *from,
                   int64_t *to, struct err *e) {
  int64_t id;
  const struct principal *who = api_roles(req);
  if (api_query_int(req, "unit", 0, 1, INT64_MAX, &id, e) != 0 ||
      api_query_int(req, "from", 0, 0, INT64_MAX, from, e) != 0 ||
      api_query_int(req, "to", INT64_MAX, 1, INT64_MAX, to, e) != 0)
    return -1;
  if (*from >= *to) return err_set(e, ERR_FIELD_INVALID, "to");
  memset(u, 0, sizeof *u);
  snprintf(u->path, sizeof u->path, "/");
  if (id) {
    if (unit_get(c, id, u, e) != 0) return -1;
  } else {
    for (int i = 0; i < who->nroles; i++) {
      const struct role_grant *g = &who->roles[i];
      if (!permission_check(who, action, g->unit_path, PERMISSION_STATES_ANY,
                            NULL))
        continue;
      if (g->unit_id && unit_get(c, g->unit_id, u, e) != 0) return -1;
      break;
    }
  }
  return api_permit(req, action, u->path, PERMISSION_STATES_ANY, NULL, e);
}
