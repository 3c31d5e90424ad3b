/*
** The routing table, built from routes.def with the API's handlers.
*/
#include "api/api.h"
#include "http/http.h"

const struct http_route http_routes[] = {
#define ROUTE(m, pattern, handler, access, body, summary) \
  {HTTP_##m, pattern, handler, #handler, access, body, summary},
#include "http/routes.def"
#undef ROUTE
};

const size_t http_route_count = sizeof http_routes / sizeof http_routes[0];
