/*
** Fresh databases for unit tests. See testdb.h.
*/
#include "testdb.h"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/mem.h"

int testdb_available(enum store_backend b) {
  if (b == STORE_SQLITE) return 1;
  const char *pg = getenv("XIESHANG_TEST_PG");
  if (pg && *pg) return 1;
  const char *require = getenv("XIESHANG_TEST_REQUIRE_PG");
  if (require && strcmp(require, "1") == 0) {
    fprintf(stderr, "XIESHANG_TEST_PG is not set but PostgreSQL is required\n");
    exit(1);
  }
  fprintf(stderr, "note: PostgreSQL tests skipped (XIESHANG_TEST_PG unset)\n");
  return 0;
}

static void pg_admin(const char *sql) {
  PGconn *pg = PQconnectdb(getenv("XIESHANG_TEST_PG"));
  if (PQstatus(pg) != CONNECTION_OK) {
    fprintf(stderr, "testdb: %s", PQerrorMessage(pg));
    exit(1);
  }
  PGresult *res = PQexec(pg, sql);
  if (PQresultStatus(res) != PGRES_COMMAND_OK) {
    fprintf(stderr, "testdb: %s: %s", sql, PQerrorMessage(pg));
    exit(1);
  }
  PQclear(res);
  PQfinish(pg);
}

char *testdb_create(enum store_backend b) {
  static int counter;
  char buf[1024];
  if (b == STORE_SQLITE) {
    char dir[] = "/tmp/xieshang-test-XXXXXX";
    if (mkdtemp(dir) == NULL) abort();
    snprintf(buf, sizeof buf, "sqlite:%s/test.db", dir);
    return xstrdup(buf);
  }
  char name[64];
  snprintf(name, sizeof name, "xs_unit_%d_%d", (int)getpid(), ++counter);
  snprintf(buf, sizeof buf, "CREATE DATABASE %s", name);
  pg_admin(buf);
  const char *admin = getenv("XIESHANG_TEST_PG");
  const char *slash = strrchr(admin, '/');
  snprintf(buf, sizeof buf, "%.*s/%s", (int)(slash - admin), admin, name);
  return xstrdup(buf);
}

void testdb_drop(enum store_backend b, char *url) {
  char buf[1024];
  if (b == STORE_SQLITE) {
    const char *path = url + 7;
    const char *suffixes[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
      snprintf(buf, sizeof buf, "%s%s", path, suffixes[i]);
      unlink(buf);
    }
    snprintf(buf, sizeof buf, "%s", path);
    char *slash = strrchr(buf, '/');
    if (slash) *slash = '\0';
    rmdir(buf);
  } else {
    const char *name = strrchr(url, '/') + 1;
    snprintf(buf, sizeof buf, "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
    pg_admin(buf);
  }
  free(url);
}

struct store *testdb_open_migrated(enum store_backend b, char **url) {
  struct err e = {0};
  struct store *s = NULL;
  *url = testdb_create(b);
  if (store_open(&s, *url, 4, &e) != 0 || store_migrate(s, NULL, &e) != 0) {
    fprintf(stderr, "testdb: %s: %s\n", *url, e.detail);
    exit(1);
  }
  return s;
}

int testdb_sql(enum store_backend b, const char *url, const char *sql) {
  if (b == STORE_SQLITE) {
    sqlite3 *db;
    int rc = sqlite3_open(url + 7, &db);
    if (rc == SQLITE_OK) rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    sqlite3_close(db);
    return rc == SQLITE_OK ? 0 : -1;
  }
  PGconn *pg = PQconnectdb(url);
  PGresult *res = PQexec(pg, sql);
  int ok = PQresultStatus(res) == PGRES_COMMAND_OK ||
           PQresultStatus(res) == PGRES_TUPLES_OK;
  PQclear(res);
  PQfinish(pg);
  return ok ? 0 : -1;
}
