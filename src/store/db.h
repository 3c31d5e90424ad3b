/*
** The storage interface: one small API over SQLite and PostgreSQL.
**
** A struct store is an open database with a fixed pool of connections. Work
** borrows a connection (store_acquire), runs statements from the query
** registry (queries.def) on it, and gives it back (store_release). Every
** query is written once, with $1, $2 ... placeholders, and runs unchanged on
** both backends; no SQL is ever built from strings at run time.
**
**   struct store_stmt *st = store_prepare(conn, Q_USER_BY_PHONE, &e);
**   store_bind_text(st, 1, phone);
**   while ((rc = store_step(st, &e)) == STORE_ROW) {
**     int64_t id = store_col_int(st, 0);
**   }
**   store_finish(st);
**
** Statements are prepared once per connection, lazily, and reused. Values
** are bound by parameter number; columns are read by index from 0. Times are
** int64 milliseconds; booleans are 0/1 integers.
**
** Errors: functions return 0 (or STORE_ROW / STORE_DONE from store_step) on
** success and a negative STORE_E* code on failure, filling struct err.
*/
#ifndef XIESHANG_STORE_DB_H
#define XIESHANG_STORE_DB_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

enum store_backend { STORE_SQLITE, STORE_POSTGRES };

enum query_id {
#define Q(name, sql) Q_##name,
#define QB(name, sqlite_sql, postgres_sql) Q_##name,
#include "store/queries.def"
#undef QB
#undef Q
  Q_COUNT
};

/* store_step() results and error codes. */
enum {
  STORE_DONE = 0,        /* no (more) rows */
  STORE_ROW = 1,         /* a row is ready to read */
  STORE_EERROR = -1,     /* any other failure */
  STORE_ECONSTRAINT = -2, /* unique, foreign key or check constraint */
  STORE_EBUSY = -3,      /* locked, or serialization failure: retry */
  STORE_EUNAVAILABLE = -4 /* cannot open or reach the database */
};

struct store;
struct store_conn;
struct store_stmt;

/* Open the database named by url: "sqlite:/path/file.db" (or a bare path)
   or "postgres://..." / "postgresql://...". pool_size connections are
   opened now, so an unreachable database is reported here. Does not
   migrate. */
int store_open(struct store **out, const char *url, int pool_size,
               struct err *e);

/* Close every connection and free the store. Connections must be back. */
void store_close(struct store *s);

enum store_backend store_backend(const struct store *s);

/* The url with any password replaced by ***, for messages and logs. */
const char *store_display_url(const struct store *s);

/* Borrow a connection, waiting if all are in use. Never NULL. */
struct store_conn *store_acquire(struct store *s);

/* Give a connection back. A transaction still open is rolled back. */
void store_release(struct store_conn *c);

struct store *store_conn_store(const struct store_conn *c);

/* Transactions. store_begin() takes the write lock at once on SQLite
   (BEGIN IMMEDIATE) so that a read-then-write transaction never fails
   half-way with SQLITE_BUSY. */
int store_begin(struct store_conn *c, struct err *e);
int store_commit(struct store_conn *c, struct err *e);
void store_rollback(struct store_conn *c);

/* Run fn(conn, ctx, e) in a transaction on a borrowed connection: commit
   when it returns 0, roll back otherwise. A transaction that fails because
   the database is busy or a serialization check failed (STORE_EBUSY) is run
   once more, so fn must leave nothing behind but what the store rolls back.
   Returns 0 or fn's (or the commit's) negative result, with e set. */
typedef int (*store_work_fn)(struct store_conn *c, void *ctx, struct err *e);
int store_transact(struct store *s, store_work_fn fn, void *ctx,
                   struct err *e);

/* store_transact() with group commit (src/store/group.c), for small
   durable writes that many people make at once (supports): fn runs in one
   transaction together with the other calls that arrive meanwhile, in a
   savepoint of its own, and this returns once that transaction has
   committed. fn's failure undoes fn's work only; a failed commit fails
   every call in the group. fn must not acquire another connection, and,
   as for store_transact(), may be run a second time after a busy database. */
int store_transact_grouped(struct store *s, store_work_fn fn, void *ctx,
                           struct err *e);

/* A number that changes whenever a transaction commits (or store_exec()
   changes rows outside one) through this store: an answer computed from
   the database while it stayed the same is still current. Within this
   process only. */
uint64_t store_generation(struct store *s);

/* Groups committed and calls they held so far (tests, figures). */
void store_group_totals(struct store *s, int64_t *groups, int64_t *calls);

/* Get the registry statement q ready to bind and step. The statement
   belongs to the connection; call store_finish() when done with it. */
struct store_stmt *store_prepare(struct store_conn *c, enum query_id q,
                                 struct err *e);

void store_bind_int(struct store_stmt *st, int n, int64_t value);
void store_bind_double(struct store_stmt *st, int n, double value);
/* Bind text (copied). NULL binds SQL NULL. */
void store_bind_text(struct store_stmt *st, int n, const char *value);
void store_bind_textn(struct store_stmt *st, int n, const char *value,
                      size_t len);
void store_bind_blob(struct store_stmt *st, int n, const void *data,
                     size_t len);
void store_bind_null(struct store_stmt *st, int n);

/* Run the statement (first call) or advance to the next row. Returns
   STORE_ROW, STORE_DONE or a negative error code. */
int store_step(struct store_stmt *st, struct err *e);

/* Rows changed by the last INSERT/UPDATE/DELETE step. */
int64_t store_changes(struct store_stmt *st);

int store_col_count(struct store_stmt *st);
int store_col_is_null(struct store_stmt *st, int col);
int64_t store_col_int(struct store_stmt *st, int col);
double store_col_double(struct store_stmt *st, int col);
/* Text of a column; "" for NULL. Valid until the next step or finish. */
const char *store_col_text(struct store_stmt *st, int col);
/* Blob bytes and length. Valid until the next step or finish. */
const void *store_col_blob(struct store_stmt *st, int col, size_t *len);

/* Reset the statement and clear its bindings for the next use. */
void store_finish(struct store_stmt *st);

/* Step a bound statement that yields one integer (a count, an id), put it
   in *out and finish the statement. Returns 0, or -1 when there was no
   row or the step failed (e set by the step). */
int store_step_int(struct store_stmt *st, int64_t *out, struct err *e);

/* Run q with arguments described by types, one letter per parameter:
     'i' int, 'I' int64_t, 's' const char * (NULL binds NULL), 'n' NULL,
     'f' double.
   Steps until done and finishes. Returns rows changed, or a negative code. */
int64_t store_exec(struct store_conn *c, enum query_id q, struct err *e,
                   const char *types, ...);

/* Migrations: apply every migration newer than the database's version, each
   in its own transaction together with its row in schema_migrations.
   Sets *applied to the number applied (may be NULL). */
int store_migrate(struct store *s, int *applied, struct err *e);

/* store_migrate() up to version target only (at most the latest), to build
   a database as an older program left it (tests of a migration's
   conversion of existing data). */
int store_migrate_to(struct store *s, int target, int *applied, struct err *e);

/* Version of the newest migration applied (0 for an empty database) and of
   the newest one this program knows. */
int store_schema_version(struct store *s, int *version, struct err *e);
int store_schema_latest(void);

/* Call fn(table, column, ctx) for every column of every table of the
   application schema, ordered by table then column name. For the schema
   comparison test and `xieshang migrate --status`. */
typedef void (*store_column_fn)(const char *table, const char *column,
                                void *ctx);
int store_schema_columns(struct store_conn *c, store_column_fn fn, void *ctx,
                         struct err *e);

/* Consistent copy of a live SQLite database to path (online backup API).
   Fails with a message for PostgreSQL, which is backed up with pg_dump. */
int store_backup(struct store *s, const char *path, struct err *e);

/* SQLite only: each connection opened from now on keeps a page cache of
   up to cache_kib KiB and maps up to mmap_bytes of the file (0: no map).
   Defaults 64 MiB and 1 GiB suit batch work; `serve` sets its own. */
void store_sqlite_memory(int64_t cache_kib, int64_t mmap_bytes);

/* Library versions, for `xieshang version`. */
const char *store_sqlite_version(void);
int store_postgres_client_version(void);

#endif
