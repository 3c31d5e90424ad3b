/*
** Helpers shared by the commands: option values, error printing, exit codes,
** opening the database, reading a password.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util/log.h"

static int option_index(const struct cli_command *cmd, const char *name) {
  for (int i = 0; cmd->options && cmd->options[i].name; i++)
    if (strcmp(cmd->options[i].name, name) == 0) return i;
  return -1;
}

const char *cli_value(const struct cli_args *args, const struct cli_command *cmd,
                      const char *name) {
  int i = option_index(cmd, name);
  return i >= 0 && args->set[i] ? args->values[i] : NULL;
}

int cli_flag(const struct cli_args *args, const struct cli_command *cmd,
             const char *name) {
  int i = option_index(cmd, name);
  return i >= 0 && args->set[i];
}

/* The language of the terminal: English unless LANG/LC_ALL says Chinese. */
static enum lang cli_lang(void) {
  const char *lang = getenv("LC_ALL");
  if (lang == NULL || *lang == '\0') lang = getenv("LANG");
  return lang && strncmp(lang, "zh", 2) == 0 ? LANG_ZH : LANG_EN;
}

void cli_error(const struct err *e) {
  char message[512];
  err_message(e, cli_lang(), message, sizeof message);
  fprintf(stderr, "xieshang: %s\n", message);
}

int cli_exit_code(const struct err *e) {
  switch (e->kind) {
    case ERR_DB_OPEN:
    case ERR_DB_UNAVAILABLE:
    case ERR_DB_BUSY: return EXIT_UNAVAILABLE;
    case ERR_CONFIG: return EXIT_CONFIG;
    case ERR_IO: return EXIT_IOERR;
    case ERR_USER_NOT_FOUND: return EXIT_NOINPUT;
    case ERR_PHONE_INVALID:
    case ERR_PHONE_TAKEN:
    case ERR_PASSWORD_WEAK:
    case ERR_FIELD_INVALID:
    case ERR_FIELD_REQUIRED:
    case ERR_CONFLICT: return EXIT_DATA;
    default: return EXIT_SOFTWARE;
  }
}

/* The file behind a sqlite: URL, or NULL for PostgreSQL. */
static const char *sqlite_path(const char *url) {
  if (strncmp(url, "postgres://", 11) == 0 ||
      strncmp(url, "postgresql://", 13) == 0)
    return NULL;
  return strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url;
}

int cli_open_store(const struct cli_args *args, int must_exist,
                   struct store **out) {
  struct err e = {0};
  const char *path = sqlite_path(args->config.db);
  if (must_exist && path && access(path, F_OK) != 0) {
    fprintf(stderr,
            "xieshang: database file %s does not exist; create it with "
            "`xieshang init --db sqlite:%s`\n",
            path, path);
    return EXIT_NOINPUT;
  }
  if (store_open(out, args->config.db, args->config.pool, &e) != 0) {
    cli_error(&e);
    return cli_exit_code(&e);
  }
  return EXIT_OK;
}

int cli_read_password(char *out, size_t size) {
  const char *env = getenv("XIESHANG_PASSWORD");
  if (env && *env) {
    if (strlen(env) >= size) {
      fprintf(stderr, "xieshang: XIESHANG_PASSWORD is too long\n");
      return -1;
    }
    snprintf(out, size, "%s", env);
    return 0;
  }
  if (isatty(STDIN_FILENO)) fprintf(stderr, "Password: ");
  if (fgets(out, (int)size, stdin) == NULL) {
    fprintf(stderr,
            "xieshang: no password given; set XIESHANG_PASSWORD or write it "
            "on standard input\n");
    return -1;
  }
  out[strcspn(out, "\r\n")] = '\0';
  return 0;
}
