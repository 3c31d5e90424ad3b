/*
** Starting and stopping the web server.
*/
#ifndef XIESHANG_HTTP_SERVER_H
#define XIESHANG_HTTP_SERVER_H

#include "http/http.h"

/* Bytes each open connection holds for the request line and headers. The
   longest request target answered with the API's own 414 error
   (HTTP_MAX_TARGET, and a search of 2,000 Chinese characters, percent-
   encoded) must fit in it. */
#define HTTP_CONNECTION_MEMORY_DEFAULT (32 * 1024)

struct http_server_config {
  const char *listen;        /* "127.0.0.1:8080", "[::1]:8080"; port 0 = any */
  int threads;               /* worker threads */
  int timeout_seconds;       /* idle connection timeout */
  int max_connections;
  int thread_per_connection; /* else a pool of `threads` threads, epoll */
  long connection_memory;    /* bytes per connection; 0: the default */
  const struct http_hooks *hooks;
  void *app;                 /* handed to handlers as req->app */
};

struct http_server;

/* Check that listen is a usable "host:port" without binding it. Returns 0,
   or -1 with e naming the problem. */
int http_listen_check(const char *listen, struct err *e);

/* Bind and start serving. Returns NULL with e set when the address cannot be
   parsed or bound. */
struct http_server *http_server_start(const struct http_server_config *config,
                                      struct err *e);

/* The address actually bound, e.g. "127.0.0.1:41234". */
const char *http_server_address(const struct http_server *s);

/* Stop accepting, finish requests in flight, and free the server. */
void http_server_stop(struct http_server *s);

/* The version of the HTTP library, for `xieshang version`. */
const char *http_server_library_version(void);

#endif
