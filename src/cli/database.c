/*
** Database commands: `init` (create and migrate), `migrate` (bring up to
** date, or show the status), `backup` (consistent copy of a live SQLite
** database) and `version`.
*/
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "domain/account.h"
#include "domain/audit.h"
#include "http/server.h"
#include "util/timeutil.h"

/* Apply migrations, printing what was done. */
static int migrate_store(struct store *store) {
  struct err e = {0};
  int applied = 0;
  if (store_migrate(store, &applied, &e) != 0) {
    cli_error(&e);
    return EXIT_SOFTWARE;
  }
  int version = 0;
  store_schema_version(store, &version, &e);
  printf("schema at version %d (%d migration%s applied)\n", version, applied,
         applied == 1 ? "" : "s");
  return EXIT_OK;
}

static const struct cli_option init_options[] = {
    {"admin-phone", 1, "also create an administrator with this phone number"},
    {"admin-name", 1, "the administrator's name (default 管理员)"},
    {NULL, 0, NULL},
};

/* What `init` writes after migrating, for store_transact(): its audit row
   and, when asked, the first administrator with theirs. */
struct init_work {
  const char *phone;     /* NULL: no administrator */
  const char *name;
  const char *password;
  int64_t id;            /* the administrator made */
};

static int init_work_run(struct store_conn *c, void *ctx, struct err *e) {
  struct init_work *w = ctx;
  struct audit_entry a = {0,    NULL, 0,    "database.init", "database",
                          0,    NULL, NULL, "cli"};
  if (audit_append(c, &a, NULL, e) != 0) return -1;
  if (w->phone == NULL) return 0;
  struct account_new n = {w->phone, w->name ? w->name : "管理员", w->password,
                          NULL, 1};
  char normal[PHONE_LEN + 1], masked[PHONE_LEN + 1], after[64];
  if (account_create(c, &n, &w->id, e) != 0 ||
      phone_normalize(w->phone, normal, e) != 0)
    return -1;
  phone_mask(normal, masked);
  snprintf(after, sizeof after, "{\"is_admin\":true,\"phone\":\"%s\"}",
           masked);
  struct audit_entry u = {0,    NULL,  0,    "user.create", "user",
                          w->id, NULL, after, "cli"};
  return audit_append(c, &u, NULL, e);
}

static int init_run(struct cli_args *args) {
  struct store *store;
  struct err e = {0};
  int rc = cli_open_store(args, 0, &store);
  if (rc != EXIT_OK) return rc;
  int version = 0;
  if (store_schema_version(store, &version, &e) != 0) {
    cli_error(&e);
    store_close(store);
    return cli_exit_code(&e);
  }
  if (version > 0) {
    fprintf(stderr,
            "xieshang: %s is already initialised (schema version %d); use "
            "`xieshang migrate` to update it\n",
            store_display_url(store), version);
    store_close(store);
    return EXIT_CANTCREATE;
  }
  rc = migrate_store(store);
  const char *phone = cli_value(args, &cli_init, "admin-phone");
  char password[PASSWORD_MAX_BYTES + 2] = "";
  if (rc == EXIT_OK && phone &&
      (account_init() != 0 ||
       cli_read_password(password, sizeof password) != 0))
    rc = EXIT_USAGE;
  struct init_work w = {phone, cli_value(args, &cli_init, "admin-name"),
                        password, 0};
  if (rc == EXIT_OK && store_transact(store, init_work_run, &w, &e) != 0) {
    cli_error(&e);
    rc = cli_exit_code(&e);
  } else if (rc == EXIT_OK && w.id) {
    printf("administrator %lld created\n", (long long)w.id);
  }
  store_close(store);
  return rc;
}

static const struct cli_option migrate_options[] = {
    {"status", 0, "list applied migrations and exit"},
    {NULL, 0, NULL},
};

static int migrate_status(struct store *store) {
  struct err e = {0};
  int version = 0;
  if (store_schema_version(store, &version, &e) != 0) {
    cli_error(&e);
    return cli_exit_code(&e);
  }
  struct store_conn *c = store_acquire(store);
  struct store_stmt *st = store_prepare(c, Q_MIGRATION_LIST, &e);
  for (int rc = st ? store_step(st, &e) : STORE_EERROR; rc == STORE_ROW;
       rc = store_step(st, &e)) {
    char when[40];
    time_format_local(store_col_int(st, 2), when, sizeof when);
    printf("%04lld  %-32s %s\n", (long long)store_col_int(st, 0),
           store_col_text(st, 1), when);
  }
  store_finish(st);
  store_release(c);
  int latest = store_schema_latest();
  printf("database at version %d; this program knows up to %d%s\n", version,
         latest, version < latest ? " (run `xieshang migrate`)" : "");
  return EXIT_OK;
}

static int migrate_run(struct cli_args *args) {
  struct store *store;
  int rc = cli_open_store(args, 1, &store);
  if (rc != EXIT_OK) return rc;
  rc = cli_flag(args, &cli_migrate, "status") ? migrate_status(store)
                                              : migrate_store(store);
  store_close(store);
  return rc;
}

static const struct cli_option backup_options[] = {
    {"force", 0, "replace OUTPUT if it exists"},
    {NULL, 0, NULL},
};

static int backup_run(struct cli_args *args) {
  if (args->npositional != 1) {
    fprintf(stderr, "usage: %s\n", cli_backup.usage);
    return EXIT_USAGE;
  }
  const char *out = args->positional[0];
  struct store *store;
  int rc = cli_open_store(args, 1, &store);
  if (rc != EXIT_OK) return rc;
  if (store_backend(store) == STORE_POSTGRES) {
    fprintf(stderr,
            "xieshang: backups of PostgreSQL are made with PostgreSQL's own "
            "tools, which copy a live database consistently:\n"
            "  pg_dump --format=custom --file=%s '%s'\n"
            "Restore with pg_restore. For continuous protection use WAL "
            "archiving or a streaming replica.\n",
            out, store_display_url(store));
    store_close(store);
    return EXIT_UNAVAILABLE;
  }
  if (!cli_flag(args, &cli_backup, "force") && access(out, F_OK) == 0) {
    fprintf(stderr, "xieshang: %s exists; use --force to replace it\n", out);
    store_close(store);
    return EXIT_CANTCREATE;
  }
  struct err e = {0};
  if (store_backup(store, out, &e) != 0) {
    cli_error(&e);
    store_close(store);
    return EXIT_IOERR;
  }
  printf("backup written to %s\n", out);
  store_close(store);
  return EXIT_OK;
}

static int version_run(struct cli_args *args) {
  (void)args;
  int pg = store_postgres_client_version();
  printf("xieshang %s\nschema %d\nsqlite %s\nlibpq %d.%d\nlibmicrohttpd %s\n",
         XIESHANG_VERSION, store_schema_latest(), store_sqlite_version(),
         pg / 10000, pg % 10000, http_server_library_version());
  return EXIT_OK;
}

const struct cli_command cli_init = {
    "init",
    init_run,
    "create a new database",
    "xieshang init [options]",
    "Create the database (a new SQLite file, or the schema in an empty\n"
    "PostgreSQL database) and apply every migration. With --admin-phone,\n"
    "also create an administrator; the password is read from\n"
    "XIESHANG_PASSWORD or standard input. Refuses a database that is\n"
    "already initialised.",
    init_options,
    CLI_CONFIG_DB,
};

const struct cli_command cli_migrate = {
    "migrate",
    migrate_run,
    "bring the database schema up to date",
    "xieshang migrate [options]",
    "Apply every migration newer than the database's schema version, each\n"
    "in its own transaction: a failed migration leaves the database at the\n"
    "previous version, still usable. `serve` does the same on start.",
    migrate_options,
    CLI_CONFIG_DB,
};

const struct cli_command cli_backup = {
    "backup",
    backup_run,
    "copy a live SQLite database consistently",
    "xieshang backup [options] OUTPUT",
    "Write a consistent copy of the SQLite database to OUTPUT while the\n"
    "server keeps running (SQLite's online backup API). For PostgreSQL it\n"
    "explains how to back up with pg_dump and exits with 69.",
    backup_options,
    CLI_CONFIG_DB,
};

const struct cli_command cli_version = {
    "version",
    version_run,
    "print versions",
    "xieshang version",
    "Print the program's version, the newest schema version it knows, and\n"
    "the versions of the libraries it runs on.",
    NULL,
    CLI_CONFIG_NONE,
};
