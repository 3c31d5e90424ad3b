/*
** The SQLite backend.
**
** Each pooled connection is its own sqlite3 handle, opened in WAL mode with
** foreign keys enforced, synchronous=FULL (an acknowledged write survives a
** power cut) and a busy timeout. Registry statements are prepared on first
** use with SQLITE_PREPARE_PERSISTENT and kept for the connection's life.
** SQLite numbers "$N" parameters by first appearance, so values are bound by
** name: sqlite3_bind_parameter_index(stmt, "$N").
*/
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/driver.h"
#include "text/text.h"
#include "util/mem.h"

#define SQLITE_BUSY_TIMEOUT_MS 5000

struct sqlite_stmt {
  struct store_stmt base;
  sqlite3_stmt *handle;
  int has_row;
};

struct sqlite_conn {
  struct store_conn base;
  sqlite3 *db;
  struct sqlite_stmt stmts[Q_COUNT];
};

/* Map a SQLite result code to a store error, filling e. */
static int sqlite_error(sqlite3 *db, int rc, struct err *e) {
  const char *msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
      err_set(e, ERR_CONFLICT, "%s", msg);
      return STORE_ECONSTRAINT;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      err_set(e, ERR_DB_BUSY, "%s", msg);
      return STORE_EBUSY;
    case SQLITE_CANTOPEN:
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
    case SQLITE_PERM:
    case SQLITE_READONLY:
      err_set(e, ERR_DB_OPEN, "%s", msg);
      return STORE_EUNAVAILABLE;
    default:
      err_set(e, ERR_DB_ERROR, "%s", msg);
      return STORE_EERROR;
  }
}

static int sqlite_exec_script(struct store_conn *c, const char *sql,
                              struct err *e) {
  sqlite3 *db = ((struct sqlite_conn *)c)->db;
  int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
  return rc == SQLITE_OK ? 0 : sqlite_error(db, rc, e);
}

/* Page cache and memory map of each connection (store_sqlite_memory()).
   The search index's LSH keys are inserted at random places; with the
   default 2 MB cache a transaction of many documents spills the same pages
   to the WAL again and again, so batch work (reindex, demo, import) keeps a
   64 MB cache and reads through a 1 GB map. Memory is taken only as pages
   are used, but mapped pages read count in the process's memory, and a
   server holding many connections sets both lower (serve). */
static int64_t sqlite_cache_kib = 65536;
static int64_t sqlite_mmap_bytes = 1073741824;

void store_sqlite_memory(int64_t cache_kib, int64_t mmap_bytes) {
  sqlite_cache_kib = cache_kib;
  sqlite_mmap_bytes = mmap_bytes;
}

static int sqlite_memory(struct store_conn *c, struct err *e) {
  char sql[128];
  snprintf(sql, sizeof sql, "PRAGMA cache_size=-%lld;PRAGMA mmap_size=%lld;",
           (long long)sqlite_cache_kib, (long long)sqlite_mmap_bytes);
  return sqlite_exec_script(c, sql, e);
}

static int sqlite_connect(struct store *s, const char *path,
                          struct store_conn **out, struct err *e) {
  (void)s;
  struct sqlite_conn *c = xcalloc(1, sizeof *c);
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
              SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
  int rc = sqlite3_open_v2(path, &c->db, flags, NULL);
  if (rc != SQLITE_OK) {
    err_set(e, ERR_DB_OPEN, "%s: %s", path,
            c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
    sqlite3_close(c->db);
    free(c);
    return STORE_EUNAVAILABLE;
  }
  sqlite3_busy_timeout(c->db, SQLITE_BUSY_TIMEOUT_MS);
  /* The search index's tokenizer must exist before any statement touches
     an FTS5 table created with tokenize = 'xieshang'. */
  if (text_fts5_register(c->db) != 0) {
    err_set(e, ERR_DB_OPEN, "%s: cannot register the search tokenizer", path);
    sqlite3_close(c->db);
    free(c);
    return STORE_EUNAVAILABLE;
  }
  sqlite3_extended_result_codes(c->db, 1);
  /* journal_mode=WAL is the first read of the file: a file that is not a
     database fails here, with a message naming it. */
  rc = sqlite_exec_script(&c->base,
                          "PRAGMA journal_mode=WAL;"
                          "PRAGMA foreign_keys=ON;"
                          "PRAGMA synchronous=FULL;",
                          e);
  if (rc == 0) rc = sqlite_memory(&c->base, e);
  if (rc != 0) {
    char detail[sizeof e->detail];
    snprintf(detail, sizeof detail, "%s", e ? e->detail : "");
    err_set(e, ERR_DB_OPEN, "%s: %s", path, detail);
    sqlite3_close(c->db);
    free(c);
    return STORE_EUNAVAILABLE;
  }
  *out = &c->base;
  return 0;
}

static void sqlite_disconnect(struct store_conn *base) {
  struct sqlite_conn *c = (struct sqlite_conn *)base;
  for (int i = 0; i < Q_COUNT; i++) sqlite3_finalize(c->stmts[i].handle);
  sqlite3_close(c->db);
  free(c);
}

static struct store_stmt *sqlite_prepare(struct store_conn *base,
                                         enum query_id q, struct err *e) {
  struct sqlite_conn *c = (struct sqlite_conn *)base;
  struct sqlite_stmt *st = &c->stmts[q];
  if (st->handle == NULL) {
    int rc = sqlite3_prepare_v3(c->db, store_query_sql(STORE_SQLITE, q), -1,
                                SQLITE_PREPARE_PERSISTENT, &st->handle, NULL);
    if (rc != SQLITE_OK) {
      sqlite_error(c->db, rc, e);
      return NULL;
    }
  }
  st->has_row = 0;
  return &st->base;
}

/* Bind the values collected in st->base.params to the SQLite statement. */
static int sqlite_bind_all(struct sqlite_stmt *st, struct err *e) {
  sqlite3_stmt *h = st->handle;
  for (int n = 1; n <= st->base.nparams; n++) {
    char name[16];
    snprintf(name, sizeof name, "$%d", n);
    int idx = sqlite3_bind_parameter_index(h, name);
    if (idx == 0) continue; /* the query does not use $n */
    const struct store_value *v = &st->base.params[n];
    int rc = SQLITE_OK;
    switch (v->type) {
      case VALUE_NULL: rc = sqlite3_bind_null(h, idx); break;
      case VALUE_INT: rc = sqlite3_bind_int64(h, idx, v->i); break;
      case VALUE_DOUBLE: rc = sqlite3_bind_double(h, idx, v->f); break;
      case VALUE_TEXT:
        rc = sqlite3_bind_text(h, idx, v->bytes, (int)v->len, SQLITE_STATIC);
        break;
      case VALUE_BLOB:
        rc = sqlite3_bind_blob(h, idx, v->bytes, (int)v->len, SQLITE_STATIC);
        break;
    }
    if (rc != SQLITE_OK) return sqlite_error(sqlite3_db_handle(h), rc, e);
  }
  return 0;
}

static int sqlite_step(struct store_stmt *base, struct err *e) {
  struct sqlite_stmt *st = (struct sqlite_stmt *)base;
  if (!base->started) {
    int rc = sqlite_bind_all(st, e);
    if (rc != 0) return rc;
  }
  int rc = sqlite3_step(st->handle);
  if (rc == SQLITE_ROW) {
    st->has_row = 1;
    return STORE_ROW;
  }
  st->has_row = 0;
  if (rc == SQLITE_DONE) return STORE_DONE;
  int err = sqlite_error(sqlite3_db_handle(st->handle), rc, e);
  sqlite3_reset(st->handle);
  return err;
}

static void sqlite_reset(struct store_stmt *base) {
  struct sqlite_stmt *st = (struct sqlite_stmt *)base;
  sqlite3_reset(st->handle);
  sqlite3_clear_bindings(st->handle);
  st->has_row = 0;
}

static int64_t sqlite_changes(struct store_stmt *base) {
  sqlite3_stmt *h = ((struct sqlite_stmt *)base)->handle;
  /* sqlite3_changes64() still reports the last write after a SELECT. */
  if (sqlite3_stmt_readonly(h)) return 0;
  return sqlite3_changes64(sqlite3_db_handle(h));
}

static int sqlite_col_count(struct store_stmt *base) {
  struct sqlite_stmt *st = (struct sqlite_stmt *)base;
  return st->has_row ? sqlite3_data_count(st->handle) : 0;
}

static int sqlite_col_ok(struct sqlite_stmt *st, int col) {
  return st->has_row && col >= 0 && col < sqlite3_data_count(st->handle);
}

static int sqlite_col_is_null(struct store_stmt *base, int col) {
  struct sqlite_stmt *st = (struct sqlite_stmt *)base;
  if (!sqlite_col_ok(st, col)) return 1;
  return sqlite3_column_type(st->handle, col) == SQLITE_NULL;
}

static const char *sqlite_col_text(struct store_stmt *base, int col,
                                   size_t *len) {
  struct sqlite_stmt *st = (struct sqlite_stmt *)base;
  *len = 0;
  if (!sqlite_col_ok(st, col)) return NULL;
  const char *t = (const char *)sqlite3_column_text(st->handle, col);
  *len = (size_t)sqlite3_column_bytes(st->handle, col);
  return t;
}

static const void *sqlite_col_blob(struct store_stmt *base, int col,
                                   size_t *len) {
  struct sqlite_stmt *st = (struct sqlite_stmt *)base;
  *len = 0;
  if (!sqlite_col_ok(st, col)) return NULL;
  const void *b = sqlite3_column_blob(st->handle, col);
  *len = (size_t)sqlite3_column_bytes(st->handle, col);
  return b;
}

/* Application tables: not SQLite's own, not schema_migrations, and not
   virtual tables or their shadow tables (search indexes differ by design
   between the backends). */
static const char sqlite_columns_sql[] =
    "SELECT m.name, p.name FROM sqlite_schema AS m, "
    "pragma_table_info(m.name) AS p "
    "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' "
    "AND m.name <> 'schema_migrations' "
    "AND m.sql NOT LIKE 'CREATE VIRTUAL%' "
    "AND NOT EXISTS (SELECT 1 FROM sqlite_schema AS v "
    "  WHERE v.type = 'table' AND v.sql LIKE 'CREATE VIRTUAL%' "
    "  AND m.name LIKE v.name || '\\_%' ESCAPE '\\') "
    "ORDER BY m.name, p.name";

static int sqlite_schema_columns(struct store_conn *base, store_column_fn fn,
                                 void *ctx, struct err *e) {
  sqlite3 *db = ((struct sqlite_conn *)base)->db;
  sqlite3_stmt *h;
  int rc = sqlite3_prepare_v2(db, sqlite_columns_sql, -1, &h, NULL);
  if (rc != SQLITE_OK) return sqlite_error(db, rc, e);
  for (rc = sqlite3_step(h); rc == SQLITE_ROW; rc = sqlite3_step(h))
    fn((const char *)sqlite3_column_text(h, 0),
       (const char *)sqlite3_column_text(h, 1), ctx);
  sqlite3_finalize(h);
  return rc == SQLITE_DONE ? 0 : sqlite_error(db, rc, e);
}

static int sqlite_is_broken(struct store_conn *c) {
  (void)c;
  return 0;
}

static int sqlite_reconnect(struct store_conn *c, struct err *e) {
  (void)c;
  (void)e;
  return 0;
}

int store_sqlite_backup(struct store_conn *base, const char *path,
                        struct err *e) {
  sqlite3 *src = ((struct sqlite_conn *)base)->db;
  char tmp[4096];
  if (snprintf(tmp, sizeof tmp, "%s.partial", path) >= (int)sizeof tmp)
    return err_set(e, ERR_IO, "path too long");
  remove(tmp);
  sqlite3 *dst = NULL;
  int rc = sqlite3_open_v2(tmp, &dst,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK) {
    err_set(e, ERR_IO, "%s: %s", path, sqlite3_errmsg(dst));
    sqlite3_close(dst);
    return -1;
  }
  /* Copy in steps so that writers are not blocked for the whole copy; a
     write by another connection restarts the copy, keeping it consistent. */
  sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
  if (b == NULL) {
    err_set(e, ERR_IO, "%s: %s", path, sqlite3_errmsg(dst));
    sqlite3_close(dst);
    remove(tmp);
    return -1;
  }
  do {
    rc = sqlite3_backup_step(b, 256);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
  } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish(b);
  if (rc == SQLITE_DONE) rc = sqlite3_errcode(dst);
  else err_set(e, ERR_IO, "%s: %s", path, sqlite3_errstr(rc));
  int close_rc = sqlite3_close(dst);
  if (rc != SQLITE_OK || close_rc != SQLITE_OK) {
    if (rc == SQLITE_OK) err_set(e, ERR_IO, "%s: close failed", path);
    remove(tmp);
    return -1;
  }
  if (rename(tmp, path) != 0) {
    remove(tmp);
    return err_set(e, ERR_IO, "%s: cannot rename the finished copy", path);
  }
  return 0;
}

const char *store_sqlite_version(void) { return sqlite3_libversion(); }

const struct store_driver store_sqlite_driver = {
    .name = "sqlite",
    .connect = sqlite_connect,
    .disconnect = sqlite_disconnect,
    .exec_script = sqlite_exec_script,
    .prepare = sqlite_prepare,
    .step = sqlite_step,
    .reset = sqlite_reset,
    .changes = sqlite_changes,
    .col_count = sqlite_col_count,
    .col_is_null = sqlite_col_is_null,
    .col_text = sqlite_col_text,
    .col_blob = sqlite_col_blob,
    .schema_columns = sqlite_schema_columns,
    .migrations_table_sql =
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        "version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
        "applied_at INTEGER NOT NULL)",
    .migrations_dir = "src/store/migrations/sqlite/",
    .migrations_lock_sql = NULL, /* BEGIN IMMEDIATE already serialises */
    .is_broken = sqlite_is_broken,
    .reconnect = sqlite_reconnect,
};
