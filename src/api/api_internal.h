/*
** What the API's files share: the principal (who is calling) and the
** session cookie.
*/
#ifndef XIESHANG_API_INTERNAL_H
#define XIESHANG_API_INTERNAL_H

#include "api/api.h"
#include "domain/session.h"

#define SESSION_COOKIE "xs_session"
#define CSRF_HEADER "X-CSRF-Token"

/* The caller's session, or NULL when anonymous. Resolved once per request
   (by the access hook, or on first call for public routes). */
const struct session *api_principal(struct http_request *req);

/* JSON for the logged-in user, as the user may see themself. */
json_t *api_session_json(const struct session *s);

/* An integer query parameter: def when absent; 400 (ERR_FIELD_INVALID
   naming the parameter) when not a whole number in [min, max]. */
int api_query_int(struct http_request *req, const char *name, int64_t fallback,
                  int64_t min, int64_t max, int64_t *out, struct err *e);

#endif
