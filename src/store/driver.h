/*
** What a storage backend provides to store.c. Private to src/store/.
**
** store.c owns the pool, the registry, parameter values and migrations; a
** driver (sqlite.c, postgres.c) turns those into calls of its library.
** Driver connections and statements embed struct store_conn / store_stmt as
** their first member.
*/
#ifndef XIESHANG_STORE_DRIVER_H
#define XIESHANG_STORE_DRIVER_H

#include <pthread.h>

#include "store/db.h"

#define STORE_MAX_PARAMS 32

enum value_type { VALUE_NULL, VALUE_INT, VALUE_DOUBLE, VALUE_TEXT, VALUE_BLOB };

struct store_value {
  enum value_type type;
  int64_t i;
  double f;
  char *bytes;  /* owned copy for TEXT and BLOB, NUL-terminated */
  size_t len;
};

struct store_stmt {
  struct store_conn *conn;
  enum query_id query;
  int nparams;  /* highest parameter number bound so far */
  int started;  /* store_step() has run the statement */
  struct store_value params[STORE_MAX_PARAMS + 1]; /* 1-based */
};

struct store_conn {
  struct store *store;
  struct store_conn *next_free;
  int in_transaction;
};

struct store_driver {
  const char *name;
  int (*connect)(struct store *s, const char *target, struct store_conn **out,
                 struct err *e);
  void (*disconnect)(struct store_conn *c);
  /* Run SQL text of one or more statements without parameters. */
  int (*exec_script)(struct store_conn *c, const char *sql, struct err *e);
  /* Return the connection's statement for q, preparing it the first time. */
  struct store_stmt *(*prepare)(struct store_conn *c, enum query_id q,
                                struct err *e);
  int (*step)(struct store_stmt *st, struct err *e);
  void (*reset)(struct store_stmt *st);
  int64_t (*changes)(struct store_stmt *st);
  int (*col_count)(struct store_stmt *st);
  int (*col_is_null)(struct store_stmt *st, int col);
  const char *(*col_text)(struct store_stmt *st, int col, size_t *len);
  const void *(*col_blob)(struct store_stmt *st, int col, size_t *len);
  int (*schema_columns)(struct store_conn *c, store_column_fn fn, void *ctx,
                        struct err *e);
  /* Bootstrap DDL for schema_migrations (types differ per backend). */
  const char *migrations_table_sql;
  /* Directory of migration files inside the embedded tree. */
  const char *migrations_dir;
  /* Statement that serialises concurrent migrators, or NULL. */
  const char *migrations_lock_sql;
  /* True if the connection is broken and must be reopened. */
  int (*is_broken)(struct store_conn *c);
  int (*reconnect)(struct store_conn *c, struct err *e);
};

extern const struct store_driver store_sqlite_driver;
extern const struct store_driver store_postgres_driver;

/* Group commit (group.c): a writer thread per store. */
struct store_group;
struct store_group *store_group_start(struct store *s);
/* Stop the writer after it has run every queued request. */
void store_group_stop(struct store_group *g);
int store_group_run(struct store_group *g, store_work_fn fn, void *ctx,
                    struct err *e);
void store_group_counts(struct store_group *g, int64_t *groups,
                        int64_t *requests);

/* The driver behind an open store. */
const struct store_driver *store_driver_of(const struct store *s);

/* The SQL text of registry statement q. */
const char *store_query_sql(enum store_backend b, enum query_id q);

/* The SQLite handle of a connection, for the backup API (sqlite.c). */
int store_sqlite_backup(struct store_conn *c, const char *path,
                        struct err *e);

#endif
