/*
** The JSON API: handlers for the routes in src/http/routes.def, and the
** application context they share.
*/
#ifndef XIESHANG_API_API_H
#define XIESHANG_API_API_H

#include "domain/throttle.h"
#include "http/http.h"
#include "store/db.h"

/* What every handler can reach, through req->app. Owned by `serve`. */
struct app {
  struct store *store;
  const char *version;
  const char *public_url;  /* base for links residents open (QR codes);
                              "" or NULL: from the request's Host */
  struct throttle_limits throttle; /* failed log-ins before a lock */
};

/* The hooks the router calls for access control. */
extern const struct http_hooks api_hooks;

#define ROUTE(m, pattern, handler, access, body, summary) \
  void handler(struct http_request *req, struct http_response *res);
#include "http/routes.def"
#undef ROUTE

#endif
