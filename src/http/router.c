/*
** The router: match a request against the routing table and make the
** checks every route shares, in this order, before any handler runs:
**   no pattern matches the path           -> 404
**   a pattern matches, not with the method -> 405 with Allow
**   the caller may not use the route       -> 401 or 403
**   the declared body is over the limit    -> 413
**   the body has the wrong content type    -> 415
** Then, once the body is in, http_dispatch() parses JSON bodies (400 on bad
** input) and calls the handler.
*/
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "http/http.h"
#include "util/json.h"

static struct http_limits limits = {1 << 20, 16 << 20, NULL};

void http_set_limits(const struct http_limits *l) { limits = *l; }

const struct http_limits *http_get_limits(void) { return &limits; }

/* Match path against pattern, capturing {name} segments into req->params.
   Returns 1 on a match. */
static int pattern_match(const char *pattern, const char *path,
                         struct http_request *req) {
  const char *p = pattern;
  const char *s = path;
  int n = 0;
  while (*p && *s) {
    if (*p == '{') {
      const char *close = strchr(p, '}');
      const char *end = strchr(s, '/');
      size_t len = end ? (size_t)(end - s) : strlen(s);
      if (close == NULL || len == 0 || n >= HTTP_MAX_ROUTE_PARAMS) return 0;
      if (req) req->params[n] = arena_strndup(req->arena, s, len);
      n++;
      p = close + 1;
      s += len;
    } else if (*p == *s) {
      p++;
      s++;
    } else {
      return 0;
    }
  }
  if (*p != '\0' || *s != '\0') return 0;
  if (req) req->nparams = n;
  return 1;
}

static int method_matches(int route_method, int method) {
  return route_method == method ||
         (method == HTTP_HEAD && route_method == HTTP_GET);
}

size_t http_route_body_limit(const struct http_request *req) {
  if (req->route == NULL) return 0;
  switch (req->route->body) {
    case BODY_JSON: return limits.json_body_max;
    case BODY_UPLOAD: return limits.upload_body_max;
    case BODY_NONE: break;
  }
  return 0;
}

/* Build the Allow header for a path that matched other methods. */
static void reply_405(struct http_request *req, struct http_response *res,
                      int allowed) {
  struct buf allow;
  buf_init(&allow, 256);
  for (int m = HTTP_GET; m <= HTTP_OPTIONS; m <<= 1) {
    if (!(allowed & m)) continue;
    if (allow.len) buf_puts(&allow, ", ");
    buf_puts(&allow, http_method_name(m));
  }
  http_set_header(res, "Allow", arena_strdup(req->arena, buf_str(&allow)));
  buf_free(&allow);
  struct err e;
  err_set(&e, ERR_METHOD_NOT_ALLOWED, "%s", req->method_name);
  http_reply_error(req, res, &e);
}

/* The media type of a Content-Type value, without parameters. */
static int media_type_is(const char *content_type, const char *want) {
  if (content_type == NULL) return 0;
  size_t n = strcspn(content_type, ";");
  while (n > 0 && content_type[n - 1] == ' ') n--;
  return n == strlen(want) && strncasecmp(content_type, want, n) == 0;
}

static int is_api_path(const char *path) {
  return strncmp(path, "/api/", 5) == 0 || strcmp(path, "/api") == 0;
}

int http_route_request(struct http_request *req, struct http_response *res,
                       const struct http_hooks *hooks, int64_t content_length,
                       const char *content_type) {
  struct err e = {0};
  int allowed = 0;
  req->hooks = hooks;
  req->route = NULL;
  req->route_index = HTTP_ROUTE_NONE;
  for (size_t i = 0; i < http_route_count; i++) {
    const struct http_route *r = &http_routes[i];
    if (!pattern_match(r->pattern, req->path, NULL)) continue;
    allowed |= r->method;
    if (r->method == HTTP_GET) allowed |= HTTP_HEAD;
    if (req->route == NULL && method_matches(r->method, req->method)) {
      req->route = r;
      req->route_index = (int)i;
      pattern_match(r->pattern, req->path, req);
    }
  }
  if (req->route == NULL && allowed == 0) {
    /* Not an API route: the front end's files, for GET and HEAD. */
    if (!is_api_path(req->path) &&
        (req->method == HTTP_GET || req->method == HTTP_HEAD) &&
        http_static_available())
      return 0;
    err_set(&e, ERR_NOT_FOUND, "%s", req->path);
    http_reply_error(req, res, &e);
    return -1;
  }
  if (req->route == NULL) {
    reply_405(req, res, allowed);
    return -1;
  }
  if (hooks && hooks->authorize &&
      hooks->authorize(req, req->route->access, &e) != 0) {
    http_reply_error(req, res, &e);
    return -1;
  }
  size_t limit = http_route_body_limit(req);
  if (content_length > 0 && (uint64_t)content_length > limit) {
    err_set(&e, ERR_BODY_TOO_LARGE, "%zu", limit);
    if ((uint64_t)content_length - limit <= HTTP_DRAIN_MAX) {
      req->deferred = e;
      return 0;
    }
    http_reply_error(req, res, &e);
    return -1;
  }
  if (req->route->body == BODY_JSON && content_length != 0 &&
      !media_type_is(content_type, "application/json")) {
    err_set(&e, ERR_UNSUPPORTED_MEDIA_TYPE, "application/json");
    http_reply_error(req, res, &e);
    return -1;
  }
  return 0;
}

void http_dispatch(struct http_request *req, struct http_response *res) {
  if (req->route == NULL) {
    if (http_static_serve(req, res) == 0) {
      req->route_index = HTTP_ROUTE_STATIC;
    } else {
      struct err e;
      err_set(&e, ERR_NOT_FOUND, "%s", req->path);
      http_reply_error(req, res, &e);
    }
    return;
  }
  if (req->route->body == BODY_JSON) {
    struct err e = {0};
    if (req->body.len == 0) {
      err_set(&e, ERR_INVALID_JSON, "empty body");
      http_reply_error(req, res, &e);
      return;
    }
    req->json = json_parse_body(req->body.data, req->body.len,
                                JSON_MAX_DEPTH, &e);
    if (req->json == NULL) {
      http_reply_error(req, res, &e);
      return;
    }
  }
  const struct http_hooks *hooks = req->hooks;
  if (hooks && hooks->cached && hooks->cached(req, res)) return;
  req->route->handler(req, res);
  if (hooks && hooks->keep) hooks->keep(req, res);
}
