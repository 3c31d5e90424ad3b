/*
** Configuration of the program: built-in defaults, then an optional file
** (--config FILE or XIESHANG_CONFIG), then the environment (XIESHANG_DB,
** XIESHANG_LISTEN, ...), then command-line flags; each later source wins.
**
** The file holds `key = value` lines (# starts a comment) with the same
** keys as the long flags: db, listen, web-root, threads, pool, log-level,
** timeout, max-connections, json-body-max, upload-max, public-url (the
** address residents reach the site at, for QR codes; empty: the request's
** Host), login-account-max, login-address-max, login-window, login-lockout,
** sqlite-cache (KiB of page cache per SQLite connection, serve),
** sqlite-mmap (MiB of the file mapped, serve), connection-memory (bytes a
** connection holds for its request line and headers), connection-model
** (pool: `threads` threads serve every connection over epoll, the default;
** thread: one thread per connection).
*/
#ifndef XIESHANG_CLI_CONFIG_H
#define XIESHANG_CLI_CONFIG_H

#include <stddef.h>

#include "util/err.h"

struct config {
  char db[1024];
  char listen[128];
  char web_root[1024];
  int threads;
  int pool;
  int timeout;           /* seconds */
  int max_connections;
  long json_body_max;
  long upload_max;
  char log_level[16];
  char public_url[512];  /* "https://xieshang.example.cn", or "" */
  char trusted_proxy[512]; /* "127.0.0.1,::1": proxies whose
                              X-Forwarded-For is believed; "" none */
  int login_account_max; /* failed log-ins per phone number ... */
  int login_address_max; /* ... and per client address ... */
  int login_window;      /* ... within this many seconds ... */
  int login_lockout;     /* ... lock it for this many seconds */
  long connection_memory; /* bytes per open connection (server.h) */
  int sqlite_cache;       /* KiB of page cache per SQLite connection */
  int sqlite_mmap;        /* MiB of the SQLite file mapped (0: none) */
  int thread_per_connection; /* connection-model = thread (else pool: a
                                 pool of `threads` threads over epoll) */
};

/* Fill c with the built-in defaults. */
void config_defaults(struct config *c);

/* Apply `key = value` lines from a file. Returns 0 or -1 with e set, naming
   the file and line. */
int config_load_file(struct config *c, const char *path, struct err *e);

/* Apply XIESHANG_* environment variables. Returns 0 or -1 with e set. */
int config_load_env(struct config *c, struct err *e);

/* Set one key (file or flag). Returns 0, or -1 with e set for an unknown key
   or a bad value. */
int config_set(struct config *c, const char *key, const char *value,
               struct err *e);

#endif
