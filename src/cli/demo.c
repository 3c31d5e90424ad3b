/*
** `xieshang demo`: create the database if needed, migrate it, and load the
** demo data set unless the database already holds accounts. Used by
** `make run`, so it is safe to run again and again.
*/
#include <stdio.h>

#include "cli/cli.h"
#include "domain/account.h"
#include "domain/demo.h"

static int demo_run(struct cli_args *args) {
  struct err e = {0};
  struct store *store;
  if (account_init() != 0) return EXIT_SOFTWARE;
  int rc = cli_open_store(args, 0, &store);
  if (rc != EXIT_OK) return rc;
  int applied = 0;
  if (store_migrate(store, &applied, &e) != 0) {
    cli_error(&e);
    store_close(store);
    return EXIT_SOFTWARE;
  }
  int loaded = 0;
  if (demo_load(store, &loaded, &e) != 0) {
    cli_error(&e);
    store_close(store);
    return cli_exit_code(&e);
  }
  if (loaded)
    printf("demo data loaded into %s\n", store_display_url(store));
  else
    printf("%s already holds data; demo data not loaded\n",
           store_display_url(store));
  store_close(store);
  return EXIT_OK;
}

const struct cli_command cli_demo = {
    "demo",
    demo_run,
    "fill a database with demo data",
    "xieshang demo [options]",
    "Create the database if it does not exist, apply migrations, and load\n"
    "the demo data set (accounts listed in the README) when the database\n"
    "holds no accounts yet. Running it again changes nothing.",
    NULL,
    CLI_CONFIG_DB,
};
