/*
** xieshang: the command line. One program is the whole back end; its first
** argument names what to do:
**
**   serve    run the web server (migrating the database first)
**   init     create a new database
**   migrate  bring a database's schema up to date
**   demo     fill a database with a realistic demo county
**   user     add, list and change accounts
**   backup   copy a live SQLite database consistently
**   reindex  rebuild the search index
**   audit    verify the audit log's hash chain
**   version  print versions
**
** Each command parses its options here (server and database settings are
** shared; see cli/config.h for their precedence) and runs from its own file
** in src/cli/.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "util/log.h"

static const struct cli_command *const commands[] = {
    &cli_serve, &cli_init,   &cli_migrate, &cli_demo,
    &cli_user,  &cli_backup, &cli_reindex, &cli_audit,
    &cli_version,
};
#define COMMAND_COUNT (sizeof commands / sizeof commands[0])

static const struct cli_option config_options[] = {
    {"db", 1, "database: sqlite:PATH or postgres://... (XIESHANG_DB)"},
    {"config", 1, "read settings from FILE first (XIESHANG_CONFIG)"},
    {"pool", 1, "database connections (default 8; XIESHANG_POOL)"},
    {"log-level", 1, "debug, info, warn or error (XIESHANG_LOG_LEVEL)"},
    {"listen", 1, "address to serve on (default 127.0.0.1:8080; XIESHANG_LISTEN)"},
    {"web-root", 1, "folder of the built web front end (XIESHANG_WEB_ROOT)"},
    {"threads", 1, "worker threads (default 32; XIESHANG_THREADS)"},
    {"timeout", 1, "idle connection timeout in seconds (default 30)"},
    {"max-connections", 1, "open connections at most (default 4096)"},
    {"json-body-max", 1, "largest JSON request body in bytes (default 1 MiB)"},
    {"upload-max", 1, "largest upload in bytes (default 16 MiB)"},
    {"trusted-proxy", 1,
     "proxy addresses whose X-Forwarded-For names the client (a,b)"},
    {"public-url", 1,
     "address residents open, for QR codes (XIESHANG_PUBLIC_URL)"},
    {"login-account-max", 1,
     "failed log-ins per phone before a lock (default 5)"},
    {"login-address-max", 1,
     "failed log-ins per client address before a lock (default 20; 0 off)"},
    {"login-window", 1, "seconds in which failures count (default 900)"},
    {"login-lockout", 1, "seconds a lock lasts (default 900)"},
    {"sqlite-cache", 1, "KiB of page cache per SQLite connection (default 2048)"},
    {"sqlite-mmap", 1, "MiB of the SQLite file to map in memory (default 0)"},
    {"connection-memory", 1,
     "bytes a connection holds for its request headers (default 32768)"},
    {"connection-model", 1,
     "pool (threads over epoll, default) or thread (one per connection)"},
    {NULL, 0, NULL},
};

static void print_usage(void) {
  printf("xieshang %s: grassroots consultation platform\n\n"
         "usage: xieshang COMMAND [options]\n\ncommands:\n",
         XIESHANG_VERSION);
  for (size_t i = 0; i < COMMAND_COUNT; i++)
    printf("  %-9s %s\n", commands[i]->name, commands[i]->summary);
  printf("\nRun `xieshang COMMAND --help` for a command's options.\n");
}

/* How many of config_options a command takes: the database settings only
   (the first four) or all of them. */
static int config_option_count(const struct cli_command *cmd) {
  if (cmd->config_options == CLI_CONFIG_DB) return 4;
  if (cmd->config_options == CLI_CONFIG_SERVER)
    return (int)(sizeof config_options / sizeof config_options[0]) - 1;
  return 0;
}

static void print_options(const struct cli_option *opts, int count) {
  for (int i = 0; opts && opts[i].name && i < count; i++) {
    char left[48];
    snprintf(left, sizeof left, "--%s%s", opts[i].name,
             opts[i].has_arg ? " VALUE" : "");
    printf("  %-26s %s\n", left, opts[i].help);
  }
}

static void print_command_help(const struct cli_command *cmd) {
  printf("usage: %s\n\n%s\n\noptions:\n", cmd->usage, cmd->details);
  print_options(cmd->options, CLI_MAX_OPTIONS);
  print_options(config_options, config_option_count(cmd));
  printf("  %-26s %s\n", "--help", "show this help");
  printf("\nexit codes: 0 done; 64 wrong arguments; 65 bad input; 66 missing "
         "database or record;\n69 database unavailable; 70 internal error; "
         "73 cannot create output;\n74 input/output error; 78 bad "
         "configuration.\n");
}

static int find_option(const struct cli_option *opts, int count,
                       const char *name, size_t len) {
  for (int i = 0; opts && opts[i].name && i < count; i++)
    if (strlen(opts[i].name) == len && strncmp(opts[i].name, name, len) == 0)
      return i;
  return -1;
}

/* Find --config among the arguments, so the file is read before the
   environment and the other flags. */
static const char *config_file_arg(int argc, char **argv) {
  for (int i = 0; i < argc; i++) {
    if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) return argv[i + 1];
    if (strncmp(argv[i], "--config=", 9) == 0) return argv[i] + 9;
  }
  return getenv("XIESHANG_CONFIG");
}

/* Parse argv (after the command name). Returns -1 to run the command, or an
   exit code (help printed, or a usage error). */
static int parse_args(const struct cli_command *cmd, int argc, char **argv,
                      struct cli_args *args) {
  struct err e = {0};
  memset(args, 0, sizeof *args);
  config_defaults(&args->config);
  const char *file = cmd->config_options ? config_file_arg(argc, argv) : NULL;
  if ((file && *file && config_load_file(&args->config, file, &e) != 0) ||
      (cmd->config_options && config_load_env(&args->config, &e) != 0)) {
    cli_error(&e);
    return EXIT_CONFIG;
  }
  for (int i = 0; i < argc; i++) {
    const char *arg = argv[i];
    if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
      print_command_help(cmd);
      return EXIT_OK;
    }
    if (strncmp(arg, "--", 2) != 0 || arg[2] == '\0') {
      if (args->npositional >= CLI_MAX_POSITIONAL) goto usage;
      args->positional[args->npositional++] = arg;
      continue;
    }
    const char *name = arg + 2;
    const char *eq = strchr(name, '=');
    size_t len = eq ? (size_t)(eq - name) : strlen(name);
    int own = find_option(cmd->options, CLI_MAX_OPTIONS, name, len);
    int conf = find_option(config_options, config_option_count(cmd), name, len);
    const struct cli_option *opt =
        own >= 0 ? &cmd->options[own] : conf >= 0 ? &config_options[conf] : NULL;
    if (opt == NULL) {
      fprintf(stderr, "xieshang %s: unknown option %s\n", cmd->name, arg);
      goto usage;
    }
    const char *value = NULL;
    if (opt->has_arg) {
      value = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
      if (value == NULL) {
        fprintf(stderr, "xieshang %s: %s needs a value\n", cmd->name, arg);
        goto usage;
      }
    } else if (eq) {
      fprintf(stderr, "xieshang %s: %.*s takes no value\n", cmd->name,
              (int)len + 2, arg);
      goto usage;
    }
    if (own >= 0) {
      args->values[own] = value;
      args->set[own] = 1;
    } else if (strcmp(opt->name, "config") != 0 &&
               config_set(&args->config, opt->name, value, &e) != 0) {
      cli_error(&e);
      return EXIT_CONFIG;
    }
  }
  log_set_level((enum log_level)log_level_parse(args->config.log_level));
  return -1;
usage:
  fprintf(stderr, "usage: %s\nRun `xieshang %s --help` for more.\n",
          cmd->usage, cmd->name);
  return EXIT_USAGE;
}

int main(int argc, char **argv) {
  if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
      strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
    print_usage();
    return argc < 2 ? EXIT_USAGE : EXIT_OK;
  }
  if (strcmp(argv[1], "--version") == 0) {
    printf("xieshang %s\n", XIESHANG_VERSION);
    return EXIT_OK;
  }
  for (size_t i = 0; i < COMMAND_COUNT; i++) {
    if (strcmp(argv[1], commands[i]->name) != 0) continue;
    struct cli_args args;
    int rc = parse_args(commands[i], argc - 2, argv + 2, &args);
    if (rc >= 0) return rc;
    return commands[i]->run(&args);
  }
  fprintf(stderr, "xieshang: unknown command '%s'\n\n", argv[1]);
  print_usage();
  return EXIT_USAGE;
}
