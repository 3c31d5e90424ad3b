/*
** The one wrapper around libmicrohttpd; no other file includes its header.
**
** libmicrohttpd calls the access handler several times per request: once
** with the headers, then once per chunk of body, then once more with no
** data. This file turns that into one call of the router with a complete
** request: the common checks are made on the first call (so an oversized
** body is refused with 413 before it is read), the body is collected into a
** buffer bounded by the route's limit, and the handler runs at the end.
** A request's arena and response are released in the completion callback,
** which also writes the access log line and the metrics.
** The PostProcessor is not used (CVE in 0.9.75); bodies are parsed by us.
*/
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "util/log.h"
#include "util/mem.h"
#include "util/timeutil.h"

struct http_server {
  struct MHD_Daemon *daemon;
  struct http_server_config config;
  char address[80];
};

/* Per-request state, created by the URI callback and freed on completion. */
struct request_state {
  struct http_request req;
  struct http_response res;
  struct http_server *server;
  int routed;          /* the first access call has run */
  int rejected;        /* a response was queued before the body was read */
  int over_limit;      /* the body grew past the route's limit */
};

const char *http_header(struct http_request *req, const char *name) {
  return MHD_lookup_connection_value(req->connection, MHD_HEADER_KIND, name);
}

const char *http_query(const struct http_request *req, const char *name) {
  for (size_t i = 0; i < req->nquery; i++)
    if (strcmp(req->query[i].name, name) == 0) return req->query[i].value;
  return NULL;
}

const char *http_cookie(struct http_request *req, const char *name) {
  return http_parse_cookie(req->arena, http_header(req, "Cookie"), name);
}

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *con) {
  struct request_state *rs = xcalloc(1, sizeof *rs);
  (void)con;
  rs->server = cls;
  rs->req.arena = arena_new();
  rs->req.target = arena_strndup(rs->req.arena, uri, strnlen(uri, HTTP_MAX_TARGET + 1));
  rs->req.route_index = HTTP_ROUTE_NONE;
  rs->req.start_us = time_mono_us();
  rs->req.app = rs->server->config.app;
  rs->res.fd = -1;
  buf_init(&rs->res.body, BUF_UNLIMITED);
  return rs;
}

static const char *client_address(struct request_state *rs,
                                   struct MHD_Connection *con) {
  const union MHD_ConnectionInfo *info =
      MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  char text[INET6_ADDRSTRLEN] = "-";
  if (info && info->client_addr) {
    const struct sockaddr *sa = info->client_addr;
    if (sa->sa_family == AF_INET)
      inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, text,
                sizeof text);
    else if (sa->sa_family == AF_INET6)
      inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, text,
                sizeof text);
  }
  return arena_strdup(rs->req.arena, text);
}

/* The language for messages: the "lang" cookie, else Accept-Language. */
static enum lang request_language(struct http_request *req) {
  const char *cookie = http_cookie(req, "lang");
  if (cookie) return strncmp(cookie, "en", 2) == 0 ? LANG_EN : LANG_ZH;
  return lang_from_accept(http_header(req, "Accept-Language"));
}

static enum MHD_Result queue(struct MHD_Connection *con,
                             struct request_state *rs) {
  struct http_response *res = &rs->res;
  struct MHD_Response *r;
  if (res->fd >= 0) {
    r = MHD_create_response_from_fd64(res->fd_size, res->fd);
    res->fd = -1; /* libmicrohttpd closes it */
  } else if (res->fixed) {
    r = MHD_create_response_from_buffer(
        res->fixed_size, (void *)res->fixed, /* never written to */
        MHD_RESPMEM_PERSISTENT);
  } else {
    size_t len;
    char *body = buf_detach(&res->body, &len);
    r = MHD_create_response_from_buffer_with_free_callback(len, body, free);
  }
  if (r == NULL) return MHD_NO;
  if (res->content_type)
    MHD_add_response_header(r, "Content-Type", res->content_type);
  int has_cache = 0;
  for (int i = 0; i < res->nheaders; i++) {
    MHD_add_response_header(r, res->headers[i].name, res->headers[i].value);
    if (strcasecmp(res->headers[i].name, "Cache-Control") == 0) has_cache = 1;
  }
  if (!has_cache) MHD_add_response_header(r, "Cache-Control", "no-store");
  MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(r, "Referrer-Policy", "same-origin");
  MHD_add_response_header(r, "X-Frame-Options", "DENY");
  enum MHD_Result ok =
      MHD_queue_response(con, (unsigned)(res->status ? res->status : 500), r);
  MHD_destroy_response(r);
  return ok;
}

/* The first call for a request: parse the target and route it. Returns 0 to
   go on reading the body, -1 if a response is already filled. */
static int request_begin(struct request_state *rs, struct MHD_Connection *con,
                         const char *method) {
  struct http_request *req = &rs->req;
  struct err e = {0};
  req->connection = con;
  req->method_name = arena_strdup(req->arena, method);
  req->method = http_method_parse(method);
  req->client_addr = client_address(rs, con);
  if (http_get_limits()->trusted_proxies) {
    char *client = arena_alloc(req->arena, HTTP_ADDR_MAX);
    http_forwarded_client(http_get_limits()->trusted_proxies, req->client_addr,
                          http_header(req, "X-Forwarded-For"), client);
    req->client_addr = client;
  }
  req->lang = request_language(req);
  if (strlen(req->target) > HTTP_MAX_TARGET) {
    err_set(&e, ERR_QUERY_TOO_LONG, "%d", HTTP_MAX_TARGET);
    http_reply_error(req, &rs->res, &e);
    return -1;
  }
  if (http_parse_target(req->arena, req->target, &req->path, &req->query,
                        &req->nquery, &e) != 0) {
    http_reply_error(req, &rs->res, &e);
    return -1;
  }
  const char *length = MHD_lookup_connection_value(
      con, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
  int64_t content_length = length ? strtoll(length, NULL, 10) : -1;
  const char *chunked = MHD_lookup_connection_value(
      con, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
  if (content_length < 0 && chunked == NULL) content_length = 0;
  const char *type = MHD_lookup_connection_value(
      con, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
  if (http_route_request(req, &rs->res, rs->server->config.hooks,
                         content_length, type) != 0)
    return -1;
  buf_init(&req->body, http_route_body_limit(req));
  return 0;
}

static enum MHD_Result on_access(void *cls, struct MHD_Connection *con,
                                 const char *url, const char *method,
                                 const char *version, const char *upload_data,
                                 size_t *upload_data_size, void **con_cls) {
  struct request_state *rs = *con_cls;
  (void)cls;
  (void)url;
  (void)version;
  if (!rs->routed) {
    rs->routed = 1;
    if (request_begin(rs, con, method) != 0) {
      rs->rejected = 1;
      return queue(con, rs);
    }
    return MHD_YES;
  }
  if (rs->rejected) {
    *upload_data_size = 0;
    return MHD_YES;
  }
  if (*upload_data_size > 0) {
    if (!rs->over_limit &&
        buf_append(&rs->req.body, upload_data, *upload_data_size) != 0)
      rs->over_limit = 1;
    *upload_data_size = 0;
    return MHD_YES;
  }
  if (rs->req.deferred.kind != ERR_NONE) {
    http_reply_error(&rs->req, &rs->res, &rs->req.deferred);
  } else if (rs->over_limit) {
    struct err e;
    err_set(&e, ERR_BODY_TOO_LARGE, "%zu", rs->req.body.max);
    http_reply_error(&rs->req, &rs->res, &e);
  } else {
    http_dispatch(&rs->req, &rs->res);
  }
  return queue(con, rs);
}

static void on_completed(void *cls, struct MHD_Connection *con,
                         void **con_cls, enum MHD_RequestTerminationCode toe) {
  struct request_state *rs = *con_cls;
  struct http_server *server = cls;
  (void)con;
  (void)toe;
  if (rs == NULL) return;
  int64_t micros = time_mono_us() - rs->req.start_us;
  int status = rs->res.status;
  http_metrics_record(rs->req.route_index, status, micros);
  log_info("%s %s %d %lldus", rs->req.method_name ? rs->req.method_name : "-",
           rs->req.path ? rs->req.path : rs->req.target, status,
           (long long)micros);
  if (server->config.hooks && server->config.hooks->release)
    server->config.hooks->release(&rs->req);
  if (rs->res.fd >= 0) close(rs->res.fd);
  json_decref(rs->req.json);
  buf_free(&rs->req.body);
  buf_free(&rs->res.body);
  arena_free(rs->req.arena);
  free(rs);
  *con_cls = NULL;
}

static void on_connection(void *cls, struct MHD_Connection *con,
                          void **socket_context,
                          enum MHD_ConnectionNotificationCode code) {
  (void)cls;
  (void)con;
  (void)socket_context;
  http_metrics_connection(code == MHD_CONNECTION_NOTIFY_STARTED ? 1 : -1);
}

/* Parse "host:port" or "[v6]:port" into a socket address. */
static int parse_listen(const char *listen, struct sockaddr_storage *ss,
                        int *v6, struct err *e) {
  char host[64];
  const char *colon = strrchr(listen, ':');
  if (colon == NULL || colon == listen || colon[1] == '\0')
    return err_set(e, ERR_CONFIG, "listen address %s (want host:port)", listen);
  char *end;
  long port = strtol(colon + 1, &end, 10);
  if (*end != '\0' || port < 0 || port > 65535)
    return err_set(e, ERR_CONFIG, "listen port in %s", listen);
  size_t host_len = (size_t)(colon - listen);
  if (listen[0] == '[' && colon[-1] == ']') {
    listen++;
    host_len -= 2;
  }
  if (host_len >= sizeof host)
    return err_set(e, ERR_CONFIG, "listen host in %s", listen);
  memcpy(host, listen, host_len);
  host[host_len] = '\0';
  memset(ss, 0, sizeof *ss);
  struct sockaddr_in *in4 = (struct sockaddr_in *)ss;
  struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
  if (inet_pton(AF_INET, host, &in4->sin_addr) == 1) {
    in4->sin_family = AF_INET;
    in4->sin_port = htons((uint16_t)port);
    *v6 = 0;
    return 0;
  }
  if (inet_pton(AF_INET6, host, &in6->sin6_addr) == 1) {
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons((uint16_t)port);
    *v6 = 1;
    return 0;
  }
  return err_set(e, ERR_CONFIG, "listen host %s is not an IP address", host);
}

int http_listen_check(const char *listen, struct err *e) {
  struct sockaddr_storage ss;
  int v6;
  return parse_listen(listen, &ss, &v6, e);
}

struct http_server *http_server_start(const struct http_server_config *config,
                                      struct err *e) {
  struct sockaddr_storage ss;
  int v6 = 0;
  if (parse_listen(config->listen, &ss, &v6, e) != 0) return NULL;
  struct http_server *s = xcalloc(1, sizeof *s);
  s->config = *config;
  http_metrics_init();
  /* Two models (make bench measures both): a pool of worker threads, each
     serving many connections over epoll (the default), or one thread per
     connection. */
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_TURBO |
                   (v6 ? MHD_USE_IPv6 : 0);
  flags |= config->thread_per_connection
               ? MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL
               : MHD_USE_EPOLL;
  unsigned threads = (unsigned)(config->threads > 0 ? config->threads : 4);
  if (config->thread_per_connection) threads = 1;
  /* Each open connection holds a buffer of this size for the longest
     request line and headers it accepts; libmicrohttpd 0.9.75 writes the
     whole of it, so it is what 1,000 idle connections cost in memory. */
  size_t memory = config->connection_memory > 0
                      ? (size_t)config->connection_memory
                      : HTTP_CONNECTION_MEMORY_DEFAULT;
  s->daemon = MHD_start_daemon(
      flags, 0, NULL, NULL, on_access, s,
      MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
      MHD_OPTION_THREAD_POOL_SIZE, threads,
      MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)config->timeout_seconds,
      MHD_OPTION_CONNECTION_LIMIT, (unsigned)config->max_connections,
      MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
      MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
      MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
      MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u,
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, memory,
      MHD_OPTION_END);
  if (s->daemon == NULL) {
    err_set(e, ERR_CONFIG, "cannot listen on %s: %s", config->listen,
            strerror(errno ? errno : EADDRINUSE));
    free(s);
    return NULL;
  }
  const union MHD_DaemonInfo *info =
      MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
  unsigned port = info ? info->port : 0;
  char host[INET6_ADDRSTRLEN];
  if (v6) {
    inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, host,
              sizeof host);
    snprintf(s->address, sizeof s->address, "[%s]:%u", host, port);
  } else {
    inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, host,
              sizeof host);
    snprintf(s->address, sizeof s->address, "%s:%u", host, port);
  }
  return s;
}

const char *http_server_address(const struct http_server *s) {
  return s->address;
}

void http_server_stop(struct http_server *s) {
  if (s == NULL) return;
  MHD_stop_daemon(s->daemon);
  free(s);
}

const char *http_server_library_version(void) { return MHD_get_version(); }
