/*
** The HTTP layer's types: a complete request, a response under
** construction, and the routing table's entries.
**
** server.c (the only file that includes microhttpd.h) collects a request,
** body included, within its limits; router.c matches it against the table in
** routes.def and makes the checks common to every route before a handler
** runs; the handler fills the response. Nothing here knows about topics,
** users or databases: route access is decided by a hook the API layer
** installs (struct http_hooks).
*/
#ifndef XIESHANG_HTTP_HTTP_H
#define XIESHANG_HTTP_HTTP_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"

enum http_method {
  HTTP_GET = 1,
  HTTP_POST = 2,
  HTTP_PUT = 4,
  HTTP_PATCH = 8,
  HTTP_DELETE = 16,
  HTTP_HEAD = 32,
  HTTP_OPTIONS = 64
};

/* Who may call a route. Finer decisions (unit scope, object state) are made
   by the handler through the domain's permission function. */
enum http_access {
  ACCESS_PUBLIC,  /* anyone */
  ACCESS_USER,    /* any logged-in account */
  ACCESS_STAFF,   /* a role other than resident */
  ACCESS_ADMIN    /* an administrator */
};

/* What a route accepts as a request body. */
enum http_body {
  BODY_NONE,      /* no body */
  BODY_JSON,      /* application/json, parsed before the handler runs */
  BODY_UPLOAD     /* any type, up to the upload limit, kept as bytes */
};

#define HTTP_MAX_ROUTE_PARAMS 4
#define HTTP_ROUTE_NONE (-1)      /* matched no route */
#define HTTP_ROUTE_STATIC (-2)    /* served a front-end file */
#define HTTP_MAX_HEADERS 16
#define HTTP_MAX_TARGET 8192
/* A body over its limit by at most this much is read and thrown away before
   the 413 is sent, so that the client sees the message instead of a reset
   connection; a larger one is refused at once. */
#define HTTP_DRAIN_MAX (16u << 20)

struct http_request;
struct http_response;

typedef void (*http_handler)(struct http_request *req,
                             struct http_response *res);

struct http_route {
  int method;            /* one enum http_method */
  const char *pattern;   /* "/api/v1/units/{id}" */
  http_handler handler;
  const char *handler_name;
  enum http_access access;
  enum http_body body;
  const char *summary;   /* one line, for logs and checks */
};

struct http_param {
  const char *name;
  const char *value;
};

struct http_header {
  const char *name;
  const char *value;
};

struct http_response {
  int status;
  const char *content_type;
  struct buf body;
  struct http_header headers[HTTP_MAX_HEADERS];
  int nheaders;
  int fd;                /* >= 0: send this file instead of body */
  uint64_t fd_size;
  const unsigned char *fixed; /* non-NULL: send these fixed_size bytes, */
  size_t fixed_size;          /* which live as long as the program */
};

struct http_request {
  struct arena *arena;          /* freed after the response is sent */
  int method;                   /* enum http_method, 0 if unknown */
  const char *method_name;
  const char *target;           /* raw request target, path and query */
  const char *path;             /* percent-decoded path */
  struct http_param *query;     /* decoded query parameters */
  size_t nquery;
  const struct http_route *route;  /* matched route, or NULL */
  int route_index;              /* index in the table, or HTTP_ROUTE_* */
  const char *params[HTTP_MAX_ROUTE_PARAMS]; /* {name} captures, in order */
  int nparams;
  struct buf body;              /* request body (up to the route's limit) */
  struct err deferred;          /* an error to answer once the body is read */
  json_t *json;                 /* parsed body for BODY_JSON routes */
  enum lang lang;               /* language for messages */
  const char *client_addr;      /* "127.0.0.1" */
  void *principal;              /* who is calling, set by the access hook */
  const struct http_hooks *hooks; /* set by http_route_request() */
  uint64_t cache_mark;          /* for the hooks' answer cache */
  void *app;                    /* the application context */
  void *connection;             /* server.c's own handle */
  int64_t start_us;
};

/* Hooks the API layer installs. */
struct http_hooks {
  /* Decide whether the request may use a route with this access level.
     Return 0, or -1 with e set to ERR_UNAUTHENTICATED or ERR_FORBIDDEN. May
     set req->principal. */
  int (*authorize)(struct http_request *req, enum http_access access,
                   struct err *e);
  /* Called after the response is sent, to release what authorize kept. */
  void (*release)(struct http_request *req);
  /* Optional answer cache: cached() fills res and returns 1 to answer
     without the handler; keep() sees each answer a handler made. */
  int (*cached)(struct http_request *req, struct http_response *res);
  void (*keep)(struct http_request *req, const struct http_response *res);
};

/* The routing table (routes.c, from routes.def). */
extern const struct http_route http_routes[];
extern const size_t http_route_count;

/* A request header's value, or NULL. Case-insensitive name. */
const char *http_header(struct http_request *req, const char *name);

/* A query parameter's decoded value, or NULL. */
const char *http_query(const struct http_request *req, const char *name);

/* A cookie's value from the Cookie header, or NULL. */
const char *http_cookie(struct http_request *req, const char *name);

/* Response helpers. */
void http_set_header(struct http_response *res, const char *name,
                     const char *value);
void http_reply_json(struct http_response *res, int status, json_t *body);
void http_reply_text(struct http_response *res, int status,
                     const char *content_type, const char *text, size_t len);
void http_reply_error(struct http_request *req, struct http_response *res,
                      const struct err *e);

/* Parsers of outside bytes (parse.c); each has a fuzz harness. */

/* Split a request target into a percent-decoded path and decoded query
   parameters (allocated in a). The path must start with '/', be valid UTF-8
   and contain no NUL or ".." segment. Returns 0 or -1 with e set. */
int http_parse_target(struct arena *a, const char *target, const char **path,
                      struct http_param **query, size_t *nquery,
                      struct err *e);

/* Find name in a Cookie header value; the value is copied into a. */
const char *http_parse_cookie(struct arena *a, const char *header,
                              const char *name);

/* The client behind trusted reverse proxies. trusted is a comma-separated
   list of proxy addresses ("127.0.0.1,::1"); peer is the address the
   connection came from. When peer is trusted, X-Forwarded-For (xff, may be
   NULL) is read from its right end: proxies listed in trusted are skipped
   and the first other entry, if it is an IPv4 or IPv6 address, is the
   client. Otherwise (an untrusted peer, a missing or malformed header) the
   client is peer, so nobody can choose their own address by sending the
   header. Writes at most INET6_ADDRSTRLEN bytes (46) to out. */
#define HTTP_ADDR_MAX 46
void http_forwarded_client(const char *trusted, const char *peer,
                           const char *xff, char out[HTTP_ADDR_MAX]);

/* Method name to enum http_method; 0 if not one we serve. */
int http_method_parse(const char *name);
const char *http_method_name(int method);

/* Router (router.c). Match req->method and req->path against the table and
   make the common checks in order: 404, 405 (with Allow), 401/403 (hook),
   413 (declared Content-Length over the route's limit), 415. Returns 0 when
   the request may proceed to body reading, or -1 with res filled. A body
   only somewhat over the limit (HTTP_DRAIN_MAX) gives 0 with req->deferred
   set to the 413, to be answered once the body has been read. */
int http_route_request(struct http_request *req, struct http_response *res,
                       const struct http_hooks *hooks, int64_t content_length,
                       const char *content_type);

/* Body limit for the matched route, in bytes. */
size_t http_route_body_limit(const struct http_request *req);

/* Run the handler once the body is complete: parse JSON bodies, then call
   the route's handler (or serve a static file when no route matched). */
void http_dispatch(struct http_request *req, struct http_response *res);

/* Limits and folders (set once at start-up). */
struct http_limits {
  size_t json_body_max;
  size_t upload_body_max;
  const char *web_root;     /* folder of the built front end, or NULL */
  const char *trusted_proxies; /* "127.0.0.1,::1", or NULL: see
                                  http_forwarded_client() */
};
void http_set_limits(const struct http_limits *limits);
const struct http_limits *http_get_limits(void);

/* Static files (static.c). Serve path from the web root: a file, or
   index.html for front-end routes. Without a web root, a binary built by
   `make dist` serves the copy of web/dist compiled into it. Returns 0 if it
   filled res, -1 if there is nothing to serve. */
int http_static_serve(struct http_request *req, struct http_response *res);

/* 1 if there is a front end to serve: a web root, or an embedded copy. */
int http_static_available(void);

/* Metrics (metrics.c). route_index is a table index or HTTP_ROUTE_*. */
void http_metrics_init(void);
void http_metrics_record(int route_index, int status, int64_t micros);
void http_metrics_connection(int delta);
void http_metrics_render(struct buf *out);

#endif
