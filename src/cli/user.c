/*
** `xieshang user`: manage accounts from the command line (the first
** administrator, password resets when nobody can log in, scripted set-up).
**
**   xieshang user add --phone P --name N [--admin]   password from
**                                                    XIESHANG_PASSWORD/stdin
**   xieshang user list [--limit N] [--offset N]
**   xieshang user passwd --phone P
**   xieshang user disable --phone P | enable --phone P
**
** Each change runs in a transaction with its row in the audit log.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/account.h"
#include "domain/audit.h"
#include "domain/session.h"
#include "domain/token.h"
#include "util/timeutil.h"

static const struct cli_option user_options[] = {
    {"phone", 1, "the account's mobile number"},
    {"name", 1, "display name (add)"},
    {"admin", 0, "make the account an administrator (add)"},
    {"limit", 1, "rows to list (default 100)"},
    {"offset", 1, "rows to skip (default 0)"},
    {NULL, 0, NULL},
};

static int user_list(struct store *store, struct cli_args *args) {
  struct err e = {0};
  const char *limit = cli_value(args, &cli_user, "limit");
  const char *offset = cli_value(args, &cli_user, "offset");
  struct store_conn *c = store_acquire(store);
  struct store_stmt *st = store_prepare(c, Q_USER_LIST, &e);
  int rc = STORE_EERROR;
  if (st) {
    store_bind_int(st, 1, limit ? strtol(limit, NULL, 10) : 100);
    store_bind_int(st, 2, offset ? strtol(offset, NULL, 10) : 0);
    printf("%-6s %-12s %-6s %-8s %s\n", "id", "phone", "admin", "status",
           "name");
    for (rc = store_step(st, &e); rc == STORE_ROW; rc = store_step(st, &e))
      printf("%-6lld %-12s %-6s %-8s %s\n", (long long)store_col_int(st, 0),
             store_col_text(st, 1), store_col_int(st, 3) ? "yes" : "no",
             store_col_int(st, 4) ? "disabled" : "active",
             store_col_text(st, 2));
    store_finish(st);
  }
  store_release(c);
  if (rc != STORE_DONE) {
    cli_error(&e);
    return cli_exit_code(&e);
  }
  return EXIT_OK;
}

/* The audit row for a change made from the command line: nobody logged
   in, no role, client "cli"; the phone masked in the summary. */
static int user_audit(struct store_conn *c, const char *action, int64_t id,
                      const char *phone, struct err *e) {
  char normal[PHONE_LEN + 1], masked[PHONE_LEN + 1], after[64];
  if (phone_normalize(phone, normal, e) != 0) return -1;
  phone_mask(normal, masked);
  snprintf(after, sizeof after, "{\"phone\":\"%s\"}", masked);
  struct audit_entry a = {0,    NULL, 0,     action, "user",
                          id,   NULL, after, "cli"};
  return audit_append(c, &a, NULL, e);
}

/* Apply one change and its audit row inside the open transaction. */
static int user_apply(struct store_conn *c, struct cli_args *args,
                      const char *action, const char *phone,
                      const char *password, struct err *e) {
  int64_t id = 0;
  int rc;
  if (strcmp(action, "add") == 0) {
    const char *name = cli_value(args, &cli_user, "name");
    struct account_new a = {phone, name, password, NULL,
                            cli_flag(args, &cli_user, "admin")};
    if (name == NULL) return err_set(e, ERR_FIELD_REQUIRED, "--name");
    rc = account_create(c, &a, &id, e);
  } else if (strcmp(action, "passwd") == 0) {
    rc = account_set_password(c, phone, password, &id, e);
  } else {
    rc = account_set_disabled(c, phone, strcmp(action, "disable") == 0, &id,
                              e);
  }
  if (rc != 0) return -1;
  /* A new password or a disabled account ends every way in that the old
     state gave: sessions and API tokens. */
  if (strcmp(action, "add") != 0 && strcmp(action, "enable") != 0 &&
      (session_end_others(c, id, 0, e) != 0 || token_revoke_all(c, id, e) != 0))
    return -1;
  char audit_action[32];
  snprintf(audit_action, sizeof audit_action, "user.%s",
           strcmp(action, "add") == 0 ? "create" : action);
  if (user_audit(c, audit_action, id, phone, e) != 0) return -1;
  if (strcmp(action, "add") == 0) printf("user %lld created\n", (long long)id);
  return 0;
}

/* One account change, for store_transact(). */
struct user_work {
  struct cli_args *args;
  const char *action, *phone, *password;
};

static int user_work_run(struct store_conn *c, void *ctx, struct err *e) {
  struct user_work *w = ctx;
  return user_apply(c, w->args, w->action, w->phone, w->password, e);
}

static int user_change(struct store *store, struct cli_args *args,
                       const char *action, const char *phone) {
  struct err e = {0};
  char password[PASSWORD_MAX_BYTES + 2] = "";
  int need_password = strcmp(action, "add") == 0 || strcmp(action, "passwd") == 0;
  if (need_password && cli_read_password(password, sizeof password) != 0)
    return EXIT_USAGE;
  struct user_work w = {args, action, phone, password};
  if (store_transact(store, user_work_run, &w, &e) != 0) {
    cli_error(&e);
    return cli_exit_code(&e);
  }
  if (strcmp(action, "passwd") == 0) printf("password changed\n");
  if (strcmp(action, "disable") == 0 || strcmp(action, "enable") == 0)
    printf("user %sd\n", action);
  return EXIT_OK;
}

static int user_run(struct cli_args *args) {
  static const char *const actions[] = {"add", "list", "passwd", "disable",
                                        "enable"};
  const char *action = args->npositional == 1 ? args->positional[0] : NULL;
  int known = 0;
  for (size_t i = 0; action && i < sizeof actions / sizeof actions[0]; i++)
    if (strcmp(action, actions[i]) == 0) known = 1;
  const char *phone = cli_value(args, &cli_user, "phone");
  if (!known || (strcmp(action, "list") != 0 && phone == NULL)) {
    fprintf(stderr, "usage: %s\nRun `xieshang user --help` for more.\n",
            cli_user.usage);
    return EXIT_USAGE;
  }
  if (account_init() != 0) return EXIT_SOFTWARE;
  struct store *store;
  int rc = cli_open_store(args, 1, &store);
  if (rc != EXIT_OK) return rc;
  rc = strcmp(action, "list") == 0 ? user_list(store, args)
                                   : user_change(store, args, action, phone);
  store_close(store);
  return rc;
}

const struct cli_command cli_user = {
    "user",
    user_run,
    "add, list and change accounts",
    "xieshang user add|list|passwd|disable|enable [options]",
    "add      create an account: --phone, --name, optional --admin\n"
    "list     list accounts (phone numbers in full: this is an operator's\n"
    "         tool)\n"
    "passwd   set a new password for --phone; ends their sessions and\n"
    "         revokes their API tokens\n"
    "disable  stop --phone from logging in (sessions end, API tokens are\n"
    "         revoked); enable lets them log in again\n"
    "Passwords are read from XIESHANG_PASSWORD or one line of standard\n"
    "input, never from the command line, where other users could see them.",
    user_options,
    CLI_CONFIG_DB,
};
