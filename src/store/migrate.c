/*
** Numbered schema migrations.
**
** Each backend has its own folder of files named NNNN_name.sql, with the same
** numbers on both sides (the DDL differs: identity columns, types). They are
** compiled into the binary. store_migrate() applies, in order, every
** migration newer than the database's version; each runs in one transaction
** together with its row in schema_migrations, so a failure leaves the
** database at the previous version, still usable.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/driver.h"
#include "util/embedded.h"
#include "util/log.h"
#include "util/timeutil.h"

struct migration {
  int version;
  char name[64];
  const char *sql;
};

/* Parse "NNNN_name.sql"; 0 on success. */
static int migration_parse(const char *file, struct migration *m) {
  char *end;
  long v = strtol(file, &end, 10);
  if (end == file || *end != '_' || v <= 0 || v > 99999) return -1;
  const char *dot = strstr(end + 1, ".sql");
  if (dot == NULL || dot[4] != '\0') return -1;
  size_t len = (size_t)(dot - end - 1);
  if (len >= sizeof m->name) len = sizeof m->name - 1;
  memcpy(m->name, end + 1, len);
  m->name[len] = '\0';
  m->version = (int)v;
  return 0;
}

/* Find the migration with the given version for a backend's folder. */
static int migration_find(const char *dir, int version, struct migration *m) {
  size_t dir_len = strlen(dir);
  for (size_t i = 0; i < embedded_file_count; i++) {
    const char *path = embedded_files[i].path;
    if (strncmp(path, dir, dir_len) != 0) continue;
    if (migration_parse(path + dir_len, m) != 0) continue;
    if (m->version == version) {
      m->sql = (const char *)embedded_files[i].data;
      return 0;
    }
  }
  return -1;
}

int store_schema_latest(void) {
  /* Both backends carry the same numbers (a unit test holds them to it), so
     the SQLite folder answers for both. */
  const char *dir = store_sqlite_driver.migrations_dir;
  size_t dir_len = strlen(dir);
  int latest = 0;
  struct migration m;
  for (size_t i = 0; i < embedded_file_count; i++) {
    const char *path = embedded_files[i].path;
    if (strncmp(path, dir, dir_len) == 0 &&
        migration_parse(path + dir_len, &m) == 0 && m.version > latest)
      latest = m.version;
  }
  return latest;
}

static int read_version(struct store_conn *c, int *version, struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_MIGRATION_VERSION, e);
  if (st == NULL) return STORE_EERROR;
  int rc = store_step(st, e);
  if (rc == STORE_ROW) {
    *version = (int)store_col_int(st, 0);
    rc = 0;
  }
  store_finish(st);
  return rc;
}

int store_schema_version(struct store *s, int *version, struct err *e) {
  struct store_conn *c = store_acquire(s);
  const struct store_driver *d = store_driver_of(s);
  int rc = d->exec_script(c, d->migrations_table_sql, e);
  if (rc == 0) rc = read_version(c, version, e);
  store_release(c);
  return rc;
}

/* Apply one migration and record it, in one transaction. */
static int migration_apply(struct store_conn *c, const struct store_driver *d,
                           const struct migration *m, struct err *e) {
  int rc = store_begin(c, e);
  if (rc != 0) return rc;
  int current = 0;
  if (d->migrations_lock_sql) rc = d->exec_script(c, d->migrations_lock_sql, e);
  /* Another process may have applied it while we waited for the lock. */
  if (rc == 0) rc = read_version(c, &current, e);
  if (rc == 0 && current >= m->version) {
    store_rollback(c);
    return 1;
  }
  if (rc == 0) rc = d->exec_script(c, m->sql, e);
  if (rc == 0) {
    int64_t n = store_exec(c, Q_MIGRATION_RECORD, e, "isI", m->version,
                           m->name, time_now_ms());
    rc = n < 0 ? (int)n : 0;
  }
  if (rc != 0) {
    char detail[sizeof e->detail];
    snprintf(detail, sizeof detail, "%s", e ? e->detail : "");
    store_rollback(c);
    return err_set(e, ERR_MIGRATION, "%04d_%s: %s", m->version, m->name,
                   detail);
  }
  return store_commit(c, e);
}

int store_migrate(struct store *s, int *applied, struct err *e) {
  return store_migrate_to(s, store_schema_latest(), applied, e);
}

int store_migrate_to(struct store *s, int target, int *applied,
                     struct err *e) {
  const struct store_driver *d = store_driver_of(s);
  int version = 0;
  int count = 0;
  int rc = store_schema_version(s, &version, e);
  if (rc != 0) return rc;
  int latest = store_schema_latest();
  if (version > latest)
    return err_set(e, ERR_MIGRATION,
                   "database is at version %d, newer than this program (%d)",
                   version, latest);
  struct store_conn *c = store_acquire(s);
  if (target < latest) latest = target;
  for (int v = version + 1; v <= latest && rc == 0; v++) {
    struct migration m;
    if (migration_find(d->migrations_dir, v, &m) != 0) {
      rc = err_set(e, ERR_MIGRATION, "migration %04d is missing for %s", v,
                   d->name);
      break;
    }
    rc = migration_apply(c, d, &m, e);
    if (rc == 0) {
      log_info("migration %04d_%s applied", m.version, m.name);
      count++;
    } else if (rc == 1) {
      rc = 0;
    }
  }
  store_release(c);
  if (applied) *applied = count;
  return rc;
}
