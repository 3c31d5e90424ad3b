/*
** Route-level access control, run by the router before any handler:
** who is calling (an API token in `Authorization: Bearer`, else the session
** cookie), whether they may use a route of this
** access level, and the CSRF check. Every request that changes state from a
** browser session must carry the session's CSRF token in X-CSRF-Token; the
** cookie alone (which a browser sends for any site) is never enough. An API
** token needs no CSRF token: no browser attaches it by itself.
** The coarse access levels of the routing table are read from the caller's
** roles; finer decisions go through permission_check() (api_permit).
*/
#include <string.h>
#include <strings.h>

#include "api/api_internal.h"
#include "domain/role.h"
#include "domain/token.h"
#include "util/log.h"

struct principal_slot {
  int resolved;
  int present;
  int token_refused;  /* a bearer token was presented and is not valid */
  struct session session;
  struct principal roles;
};

static struct principal_slot *principal_slot(struct http_request *req) {
  if (req->principal == NULL)
    req->principal = arena_alloc(req->arena, sizeof(struct principal_slot));
  return req->principal;
}

/* The bearer token of an Authorization header, or NULL. */
static const char *bearer_token(struct http_request *req) {
  const char *h = http_header(req, "Authorization");
  if (h == NULL || strncasecmp(h, "Bearer ", 7) != 0) return NULL;
  return h + 7;
}

/* Who is calling: an API token if one is presented (it wins over a
   cookie), else the session cookie. Loads their roles too. */
static void principal_resolve(struct http_request *req,
                              struct principal_slot *slot) {
  const char *bearer = bearer_token(req);
  const char *cookie = bearer ? NULL : http_cookie(req, SESSION_COOKIE);
  if (bearer == NULL && cookie == NULL) return;
  struct app *app = req->app;
  struct err e = {0};
  struct store_conn *c = store_acquire(app->store);
  int rc = bearer ? token_authenticate(c, bearer, &slot->session, &e)
                  : session_find(c, cookie, &slot->session, &e);
  if (rc == 1 && role_load_principal(c, slot->session.user_id,
                                     slot->session.is_admin, &slot->roles,
                                     &e) != 0)
    rc = -1;
  store_release(c);
  if (rc < 0) log_warn("session look-up failed: %s", e.detail);
  slot->present = rc == 1;
  slot->token_refused = bearer && rc != 1;
}

const struct session *api_principal(struct http_request *req) {
  struct principal_slot *slot = principal_slot(req);
  if (!slot->resolved) {
    slot->resolved = 1;
    principal_resolve(req, slot);
  }
  return slot->present ? &slot->session : NULL;
}

int api_require_browser(struct http_request *req, struct err *e) {
  const struct session *s = api_principal(req);
  if (s == NULL) return err_set(e, ERR_UNAUTHENTICATED, NULL);
  if (s->token_id != 0) return err_set(e, ERR_TOKEN_NOT_ALLOWED, NULL);
  return 0;
}

/* A state change on a browser session's authority must carry its CSRF
   token; an API token is not sent by browsers on their own, so it needs
   none. */
static int csrf_ok(struct http_request *req, const struct session *s) {
  return s->token_id != 0 ||
         session_csrf_ok(s, http_header(req, CSRF_HEADER));
}

static int changes_state(int method) {
  return method != HTTP_GET && method != HTTP_HEAD && method != HTTP_OPTIONS;
}

const struct principal *api_roles(struct http_request *req) {
  api_principal(req);
  return &principal_slot(req)->roles;
}

int api_permit(struct http_request *req, enum action action,
               const char *target_path, unsigned object_state,
               const struct role_grant **via, struct err *e) {
  const struct session *s = api_principal(req);
  if (s == NULL) return err_set(e, ERR_UNAUTHENTICATED, NULL);
  /* Public routes that act on a session's authority need its CSRF token
     too (the router checks it only for routes that require a session). */
  if (changes_state(req->method) && !csrf_ok(req, s))
    return err_set(e, ERR_CSRF, NULL);
  if (!permission_check(api_roles(req), action, target_path, object_state,
                        via))
    return err_set(e, ERR_FORBIDDEN, NULL);
  return 0;
}

json_t *api_roles_json(const struct principal *p) {
  json_t *list = json_array();
  for (int i = 0; i < p->nroles; i++)
    json_array_append_new(
        list, json_pack("{s:s,s:I,s:s}", "role", role_name(p->roles[i].role),
                        "unit_id", (json_int_t)p->roles[i].unit_id,
                        "unit_path", p->roles[i].unit_path));
  return list;
}

static int api_authorize(struct http_request *req, enum http_access access,
                         struct err *e) {
  /* Who is calling is read here, before the handler, on every route:
     read later, from inside a handler's transaction, it would take a
     second database connection from the bounded pool while holding one,
     and enough such requests at once would wait on each other for ever.
     A token that does not work is refused everywhere, so that a script
     hears at once that its token is bad. */
  const struct session *s = api_principal(req);
  if (principal_slot(req)->token_refused)
    return err_set(e, ERR_TOKEN_INVALID, NULL);
  if (access == ACCESS_PUBLIC) return 0;
  if (s == NULL) return err_set(e, ERR_UNAUTHENTICATED, NULL);
  if (changes_state(req->method) && !csrf_ok(req, s))
    return err_set(e, ERR_CSRF, NULL);
  const struct principal *p = api_roles(req);
  if ((access == ACCESS_ADMIN && !principal_has_role(p, ROLE_ADMIN)) ||
      (access == ACCESS_STAFF && !principal_is_staff(p)))
    return err_set(e, ERR_FORBIDDEN, NULL);
  return 0;
}

const struct http_hooks api_hooks = {api_authorize, NULL, api_cache_lookup,
                                     api_cache_keep};
