/*
** `xieshang serve`: open (and if needed create) the database, apply pending
** migrations, start the web server, and run until SIGINT or SIGTERM.
*/
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>

#include "api/api.h"
#include "cli/cli.h"
#include "domain/account.h"
#include "http/server.h"
#include "util/log.h"

/* Check the web root is a folder; a missing one is reported, not fatal. */
static const char *web_root_or_null(const char *root) {
  struct stat st;
  if (root[0] == '\0') return NULL;
  if (stat(root, &st) != 0 || !S_ISDIR(st.st_mode)) {
    log_warn("web root %s is not a folder; serving the API only", root);
    return NULL;
  }
  return root;
}

static int serve_run(struct cli_args *args) {
  struct err e = {0};
  struct store *store = NULL;
  const struct config *cfg = &args->config;
  if (account_init() != 0) {
    fprintf(stderr, "xieshang: cannot initialise libsodium\n");
    return EXIT_SOFTWARE;
  }
  /* Block the stop signals before any thread starts, so that every thread
     inherits the mask and only sigwait() below receives them. */
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, NULL);
  signal(SIGPIPE, SIG_IGN);

  if (http_listen_check(cfg->listen, &e) != 0) {
    cli_error(&e);
    return EXIT_CONFIG;
  }
  /* A bounded pool of connections, shared by the worker threads, each
     with a small cache: memory stays flat however many clients connect. */
  int pool = cfg->pool;
  store_sqlite_memory(cfg->sqlite_cache, (int64_t)cfg->sqlite_mmap << 20);
  if (store_open(&store, cfg->db, pool, &e) != 0) {
    cli_error(&e);
    return cli_exit_code(&e);
  }
  int applied = 0;
  if (store_migrate(store, &applied, &e) != 0) {
    cli_error(&e);
    store_close(store);
    return EXIT_SOFTWARE;
  }
  struct http_limits limits = {(size_t)cfg->json_body_max,
                               (size_t)cfg->upload_max,
                               web_root_or_null(cfg->web_root),
                               cfg->trusted_proxy[0] ? cfg->trusted_proxy
                                                     : NULL};
  http_set_limits(&limits);
  if (limits.web_root == NULL && http_static_available())
    log_info("serving the web front end built into this binary");
  struct app app = {store,
                    XIESHANG_VERSION,
                    cfg->public_url,
                    {cfg->login_account_max, cfg->login_address_max,
                     cfg->login_window * 1000LL, cfg->login_lockout * 1000LL}};
  struct http_server_config server_config = {
      cfg->listen, cfg->threads, cfg->timeout, cfg->max_connections,
      cfg->thread_per_connection, cfg->connection_memory,
      &api_hooks, &app};
  struct http_server *server = http_server_start(&server_config, &e);
  if (server == NULL) {
    cli_error(&e);
    store_close(store);
    return EXIT_CONFIG;
  }
  log_info("database %s (%s), %d migration(s) applied",
           store_display_url(store),
           store_backend(store) == STORE_SQLITE ? "sqlite" : "postgres",
           applied);
  printf("xieshang listening on http://%s\n", http_server_address(server));
  fflush(stdout);
  int sig = 0;
  sigwait(&stop, &sig);
  log_info("signal %d: stopping", sig);
  http_server_stop(server);
  store_close(store);
  return EXIT_OK;
}

const struct cli_command cli_serve = {
    "serve",
    serve_run,
    "run the web server",
    "xieshang serve [options]",
    "Serve the API and the web front end. The database is created if it is\n"
    "a new SQLite file, and pending migrations are applied before serving.\n"
    "Stops cleanly on SIGINT or SIGTERM. Prints the address it listens on\n"
    "(use --listen 127.0.0.1:0 for any free port).",
    NULL,
    CLI_CONFIG_SERVER,
};
