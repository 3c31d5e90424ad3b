/*
** The command line: the table of commands, their options and the helpers
** they share. Exit codes follow sysexits(3) so scripts can tell a usage
** mistake from a database that cannot be reached.
*/
#ifndef XIESHANG_CLI_CLI_H
#define XIESHANG_CLI_CLI_H

#include "cli/config.h"
#include "store/db.h"

enum {
  EXIT_OK = 0,
  EXIT_FAILURE_ = 1,     /* the command ran and reports a failure */
  EXIT_USAGE = 64,       /* wrong arguments */
  EXIT_DATA = 65,        /* bad input data (weak password, bad phone...) */
  EXIT_NOINPUT = 66,     /* the database file or named object is missing */
  EXIT_UNAVAILABLE = 69, /* the database cannot be opened or reached */
  EXIT_SOFTWARE = 70,    /* internal error */
  EXIT_CANTCREATE = 73,  /* output exists or cannot be created */
  EXIT_IOERR = 74,       /* input/output error */
  EXIT_CONFIG = 78       /* configuration error */
};

#define CLI_MAX_OPTIONS 24
#define CLI_MAX_POSITIONAL 8

struct cli_option {
  const char *name;      /* long name without dashes */
  int has_arg;
  const char *help;
};

struct cli_args {
  struct config config;
  const char *values[CLI_MAX_OPTIONS]; /* by index in the command's options */
  int set[CLI_MAX_OPTIONS];
  const char *positional[CLI_MAX_POSITIONAL];
  int npositional;
};

enum { CLI_CONFIG_NONE, CLI_CONFIG_DB, CLI_CONFIG_SERVER };

struct cli_command {
  const char *name;
  int (*run)(struct cli_args *args);
  const char *summary;
  const char *usage;      /* e.g. "xieshang backup [options] OUTPUT" */
  const char *details;    /* paragraph(s) after the usage line */
  const struct cli_option *options; /* command-specific, NULL-terminated */
  int config_options;     /* CLI_CONFIG_NONE, _DB or _SERVER */
};

/* Value of a command-specific option, or NULL if not given. */
const char *cli_value(const struct cli_args *args, const struct cli_command *cmd,
                      const char *name);
int cli_flag(const struct cli_args *args, const struct cli_command *cmd,
             const char *name);

/* Print e to stderr as "xieshang: message" in the user's language. */
void cli_error(const struct err *e);

/* Exit code for an error kind. */
int cli_exit_code(const struct err *e);

/* Open the configured database. must_exist: a missing SQLite file is an
   error naming the file and suggesting `xieshang init`. Returns EXIT_OK and
   sets *out, or an exit code after printing the reason. */
int cli_open_store(const struct cli_args *args, int must_exist,
                   struct store **out);

/* Read a password from XIESHANG_PASSWORD or, failing that, one line of
   standard input. Returns 0 or -1 after printing the reason. */
int cli_read_password(char *out, size_t size);

/* The commands. */
extern const struct cli_command cli_serve, cli_init, cli_migrate, cli_demo,
    cli_user, cli_backup, cli_reindex, cli_audit, cli_version;

#define XIESHANG_VERSION "0.1.0"

#endif
