/*
** What the API's files share: the principal (who is calling) and the
** session cookie.
*/
#ifndef XIESHANG_API_INTERNAL_H
#define XIESHANG_API_INTERNAL_H

#include "api/api.h"
#include "domain/permission.h"
#include "domain/session.h"
#include "domain/throttle.h"
#include "util/json.h"

#define SESSION_COOKIE "xs_session"
#define CSRF_HEADER "X-CSRF-Token"

/* The caller's session, or NULL when anonymous. Resolved once per request
   (by the access hook, or on first call for public routes). */
const struct session *api_principal(struct http_request *req);

/* Refuse a caller who is not logged in through a browser session: API
   tokens may not manage tokens or passwords. Returns 0, or -1 with
   ERR_UNAUTHENTICATED or ERR_TOKEN_NOT_ALLOWED. */
int api_require_browser(struct http_request *req, struct err *e);

/* Log-in throttling (throttle.c). api_throttle_refused() answers 429 with
   Retry-After and returns 1 when the phone (normalised; "" for none) or the
   caller's address is locked, else returns 0. api_throttle_fail() counts a
   wrong password in its own transaction (auditing a lock it starts) and
   fills st; returns 0 or -1. api_reply_locked() is the 429 answer. */
int api_throttle_refused(struct http_request *req, struct http_response *res,
                         const char *phone, int64_t now);
int api_throttle_fail(struct http_request *req, int64_t user_id,
                      const char *phone, int64_t now,
                      struct throttle_state *st, struct err *e);
void api_reply_locked(struct http_request *req, struct http_response *res,
                      int64_t locked_until, int64_t now);

/* The path capture params[index] as an id (a positive integer). Anything
   else is ERR_NOT_FOUND: /units/abc names nothing. Returns 0 or -1. */
int api_path_id(struct http_request *req, int index, int64_t *out,
                struct err *e);

/* Build the JSON of object id (a topic, a venue) on connection c into
   *out. Returns 0, or -1 with e set (ERR_NOT_FOUND and the like). */
typedef int (*api_load_fn)(struct http_request *req, struct store_conn *c,
                           int64_t id, json_t **out, struct err *e);

/* Answer with object id as load builds it, with status, or with load's
   error (reply.c). */
void api_reply_loaded(struct http_request *req, struct http_response *res,
                      api_load_fn load, int64_t id, int status);

/* Answer GET .../{id}: the path's id, as api_reply_loaded() with 200. */
void api_reply_path_loaded(struct http_request *req,
                           struct http_response *res, api_load_fn load);

/* Answer a list: with rc 0, the page {"items", "total", "limit", "offset"}
   (items is taken); otherwise items is released and e is the answer. */
void api_reply_page(struct http_request *req, struct http_response *res,
                    int rc, const struct err *e, json_t *items, int64_t total,
                    int64_t limit, int64_t offset);

/* The query parameter name as an integer in [min, max], or fallback when
   absent. Returns 0, or -1 with ERR_FIELD_INVALID. */
int api_query_int(struct http_request *req, const char *name, int64_t fallback,
                  int64_t min, int64_t max, int64_t *out, struct err *e);

/* A query flag: absent, 0 or false give 0; 1 or true give 1; anything else
   is ERR_FIELD_INVALID. */
int api_query_flag(struct http_request *req, const char *name, int *out,
                   struct err *e);

/* The member key of a JSON body as an id (positive integer); 0 when absent
   and not required. Returns 0 or -1 with e set. */
int api_json_id(json_t *obj, const char *key, int required, int64_t *out,
                struct err *e);

/* The caller's roles, each at a unit (an empty principal when anonymous).
   Loaded with the session. */
const struct principal *api_roles(struct http_request *req);

/* Ask the permission table whether the caller may perform action on an
   object at the unit whose path is target_path, in object_state. Returns 0,
   or -1 with ERR_UNAUTHENTICATED (anonymous) or ERR_FORBIDDEN. Every
   handler that changes or reads guarded data calls it. */
int api_permit(struct http_request *req, enum action action,
               const char *target_path, unsigned object_state,
               const struct role_grant **via, struct err *e);

/* Write the audit row for a change, inside the change's open transaction:
   the caller (and the grant that allowed the action, may be NULL), the
   unit concerned, the object, and its before/after summaries (JSON, either
   may be NULL; the references are not taken). Returns 0 or -1. */
int api_audit(struct http_request *req, struct store_conn *c,
              const struct role_grant *via, enum action action,
              int64_t unit_id, const char *object_type, int64_t object_id,
              json_t *before, json_t *after, struct err *e);

/* Write the audit row for an event that is not a permission action
   (session.login, session.lockout, token.create ...), inside the open
   transaction: as api_audit(), with no role, no unit, and user_id as the
   actor (0: the caller). The same path into the chain as api_audit(). */
int api_audit_event(struct http_request *req, struct store_conn *c,
                    int64_t user_id, const char *event,
                    const char *object_type, int64_t object_id,
                    json_t *before, json_t *after, struct err *e);

/* 1 if the caller may read the topic an attachment belongs to (topics.c);
   attachments of topics follow their topic's visibility. */
int api_topic_attachment_readable(struct http_request *req,
                                  struct store_conn *c, int64_t topic_id);

/* The caller's roles as JSON: [{"role":..,"unit_id":..,"unit_path":..}]. */
json_t *api_roles_json(const struct principal *p);

/* JSON for the logged-in user, as the user may see themself. */
json_t *api_session_json(const struct session *s);

/* The answer cache of public lists (answer_cache.c), as http_hooks. */
int api_cache_lookup(struct http_request *req, struct http_response *res);
void api_cache_keep(struct http_request *req, const struct http_response *res);

#endif
