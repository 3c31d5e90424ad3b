/*
** `xieshang audit verify`: walk the audit log's hash chain from the first
** row and name the first row that was altered or removed. Exit 0 when the
** chain is intact, 1 when it is broken.
*/
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/audit.h"

static int audit_run(struct cli_args *args) {
  if (args->npositional != 1 || strcmp(args->positional[0], "verify") != 0) {
    fprintf(stderr, "usage: %s\nRun `xieshang audit --help` for more.\n",
            cli_audit.usage);
    return EXIT_USAGE;
  }
  struct err e = {0};
  struct store *store;
  int rc = cli_open_store(args, 1, &store);
  if (rc != EXIT_OK) return rc;
  struct audit_check check;
  struct store_conn *c = store_acquire(store);
  int broken = audit_verify(c, &check, &e);
  store_release(c);
  store_close(store);
  if (broken < 0) {
    cli_error(&e);
    return cli_exit_code(&e);
  }
  if (broken) {
    printf("audit log broken: row %lld was %s (%lld rows checked)\n",
           (long long)check.bad_id, check.problem, (long long)check.rows);
    return EXIT_FAILURE_;
  }
  printf("audit log intact: %lld rows\n", (long long)check.rows);
  return EXIT_OK;
}

const struct cli_command cli_audit = {
    "audit",
    audit_run,
    "check the audit log's hash chain",
    "xieshang audit verify [options]",
    "verify   recompute every row's hash from the previous row's and name\n"
    "         the first row altered or removed. Exit 0 when the chain is\n"
    "         intact, 1 when it is broken.",
    NULL,
    CLI_CONFIG_DB,
};
