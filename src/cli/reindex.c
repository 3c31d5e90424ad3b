/*
** `xieshang reindex`: rebuild the search index (full-text entries, MinHash
** signatures and LSH keys) of every indexed text, with a progress bar.
** Needed after an upgrade that changes how texts are tokenized.
*/
#include <stdio.h>

#include "cli/cli.h"
#include "text/search.h"

static void show_progress(int64_t done, int64_t total, void *ctx) {
  (void)ctx;
  int width = 40;
  int filled = total > 0 ? (int)(done * width / total) : width;
  fprintf(stderr, "\r[%.*s%*s] %3d%% %lld/%lld", filled,
          "########################################", width - filled, "",
          total > 0 ? (int)(done * 100 / total) : 100, (long long)done,
          (long long)total);
  fflush(stderr);
}

static int reindex_run(struct cli_args *args) {
  struct store *store;
  struct err e = {0};
  int rc = cli_open_store(args, 1, &store);
  if (rc != EXIT_OK) return rc;
  if (store_migrate(store, NULL, &e) != 0 ||
      search_reindex(store, show_progress, NULL, &e) != 0) {
    fprintf(stderr, "\n");
    cli_error(&e);
    store_close(store);
    return cli_exit_code(&e);
  }
  fprintf(stderr, "\n");
  printf("search index rebuilt\n");
  store_close(store);
  return EXIT_OK;
}

const struct cli_command cli_reindex = {
    "reindex",
    reindex_run,
    "rebuild the search index",
    "xieshang reindex [options]",
    "Rebuild the full-text index and the near-duplicate signatures of every\n"
    "indexed text, in batches of 200 (each its own transaction), showing\n"
    "progress. The server may keep running meanwhile.",
    NULL,
    CLI_CONFIG_DB,
};
