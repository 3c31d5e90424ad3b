/*
** The PostgreSQL backend, through libpq.
**
** Each pooled connection is one PGconn. Registry statements are prepared on
** first use under the name "q<N>" and executed with PQexecPrepared; values
** travel as text, blobs as binary. A whole result is fetched at once and
** store_step() walks its rows. A connection found broken is reset when it
** is next borrowed.
*/
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/driver.h"
#include "util/mem.h"

struct pg_stmt {
  struct store_stmt base;
  int prepared;
  int nparams;   /* parameters the prepared statement takes */
  PGresult *result;
  int row;       /* index of the current row, -1 before the first */
  int64_t changes;
  unsigned char *blob; /* last unescaped bytea, freed on next use */
};

struct pg_conn {
  struct store_conn base;
  PGconn *pg;
  char *conninfo;
  struct pg_stmt stmts[Q_COUNT];
};

/* Map a failed result to a store error by SQLSTATE, filling e. */
static int pg_error(PGconn *pg, const PGresult *res, struct err *e) {
  const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
  const char *msg = res ? PQresultErrorMessage(res) : PQerrorMessage(pg);
  char clean[160];
  snprintf(clean, sizeof clean, "%s", msg && *msg ? msg : "unknown error");
  clean[strcspn(clean, "\n")] = '\0';
  if (PQstatus(pg) == CONNECTION_BAD) {
    err_set(e, ERR_DB_UNAVAILABLE, "%s", clean);
    return STORE_EUNAVAILABLE;
  }
  if (state && strncmp(state, "23", 2) == 0) {
    err_set(e, ERR_CONFLICT, "%s", clean);
    return STORE_ECONSTRAINT;
  }
  if (state && (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
                strcmp(state, "55P03") == 0)) {
    err_set(e, ERR_DB_BUSY, "%s", clean);
    return STORE_EBUSY;
  }
  err_set(e, ERR_DB_ERROR, "%s", clean);
  return STORE_EERROR;
}

static void pg_quiet_notice(void *arg, const char *message) {
  (void)arg;
  (void)message;
}

static int pg_open(struct pg_conn *c, struct err *e) {
  c->pg = PQconnectdb(c->conninfo);
  if (PQstatus(c->pg) != CONNECTION_OK) {
    char clean[160];
    snprintf(clean, sizeof clean, "%s", PQerrorMessage(c->pg));
    clean[strcspn(clean, "\n")] = '\0';
    err_set(e, ERR_DB_OPEN, "%s", clean);
    PQfinish(c->pg);
    c->pg = NULL;
    return STORE_EUNAVAILABLE;
  }
  PQsetNoticeProcessor(c->pg, pg_quiet_notice, NULL);
  PGresult *res = PQexec(c->pg, "SET TIME ZONE 'UTC'");
  PQclear(res);
  return 0;
}

static int pg_connect(struct store *s, const char *url,
                      struct store_conn **out, struct err *e) {
  (void)s;
  struct pg_conn *c = xcalloc(1, sizeof *c);
  c->conninfo = xstrdup(url);
  if (pg_open(c, e) != 0) {
    free(c->conninfo);
    free(c);
    return STORE_EUNAVAILABLE;
  }
  *out = &c->base;
  return 0;
}

static void pg_stmt_clear(struct pg_stmt *st) {
  PQclear(st->result);
  st->result = NULL;
  PQfreemem(st->blob);
  st->blob = NULL;
  st->row = -1;
  st->changes = 0;
}

static void pg_disconnect(struct store_conn *base) {
  struct pg_conn *c = (struct pg_conn *)base;
  for (int i = 0; i < Q_COUNT; i++) pg_stmt_clear(&c->stmts[i]);
  PQfinish(c->pg);
  free(c->conninfo);
  free(c);
}

static int pg_exec_script(struct store_conn *base, const char *sql,
                          struct err *e) {
  struct pg_conn *c = (struct pg_conn *)base;
  PGresult *res = PQexec(c->pg, sql);
  ExecStatusType status = PQresultStatus(res);
  int rc = 0;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    rc = pg_error(c->pg, res, e);
  PQclear(res);
  return rc;
}

static struct store_stmt *pg_prepare(struct store_conn *base, enum query_id q,
                                     struct err *e) {
  struct pg_conn *c = (struct pg_conn *)base;
  struct pg_stmt *st = &c->stmts[q];
  if (!st->prepared) {
    char name[16];
    snprintf(name, sizeof name, "q%d", (int)q);
    PGresult *res = PQprepare(c->pg, name, store_query_sql(STORE_POSTGRES, q), 0, NULL);
    int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    if (!ok) pg_error(c->pg, res, e);
    PQclear(res);
    if (!ok) return NULL;
    /* Bound values past the statement's own parameters are dropped (a QB
       row's SQLite-only parameters come last). */
    res = PQdescribePrepared(c->pg, name);
    ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    if (ok) st->nparams = PQnparams(res);
    else pg_error(c->pg, res, e);
    PQclear(res);
    if (!ok) return NULL;
    st->prepared = 1;
  }
  pg_stmt_clear(st);
  return &st->base;
}

/* Execute the prepared statement with the collected parameters. */
static int pg_execute(struct pg_conn *c, struct pg_stmt *st, struct err *e) {
  const char *values[STORE_MAX_PARAMS + 1];
  int lengths[STORE_MAX_PARAMS + 1];
  int formats[STORE_MAX_PARAMS + 1];
  char numbers[STORE_MAX_PARAMS + 1][32];
  int n = st->base.nparams < st->nparams ? st->base.nparams : st->nparams;
  for (int i = 1; i <= n; i++) {
    const struct store_value *v = &st->base.params[i];
    values[i - 1] = NULL;
    lengths[i - 1] = 0;
    formats[i - 1] = 0;
    switch (v->type) {
      case VALUE_NULL: break;
      case VALUE_INT:
        snprintf(numbers[i], sizeof numbers[i], "%lld", (long long)v->i);
        values[i - 1] = numbers[i];
        break;
      case VALUE_DOUBLE:
        snprintf(numbers[i], sizeof numbers[i], "%.17g", v->f);
        values[i - 1] = numbers[i];
        break;
      case VALUE_TEXT: values[i - 1] = v->bytes; break;
      case VALUE_BLOB:
        values[i - 1] = v->bytes;
        lengths[i - 1] = (int)v->len;
        formats[i - 1] = 1;
        break;
    }
  }
  char name[16];
  snprintf(name, sizeof name, "q%d", (int)st->base.query);
  st->result = PQexecPrepared(c->pg, name, n, values, lengths, formats, 0);
  ExecStatusType status = PQresultStatus(st->result);
  if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) {
    /* PQcmdTuples counts rows returned by a SELECT too; only writes count. */
    st->changes = strncmp(PQcmdStatus(st->result), "SELECT", 6) == 0
                      ? 0
                      : strtoll(PQcmdTuples(st->result), NULL, 10);
    st->row = -1;
    return 0;
  }
  int rc = pg_error(c->pg, st->result, e);
  PQclear(st->result);
  st->result = NULL;
  return rc;
}

static int pg_step(struct store_stmt *base, struct err *e) {
  struct pg_stmt *st = (struct pg_stmt *)base;
  if (!base->started) {
    int rc = pg_execute((struct pg_conn *)base->conn, st, e);
    if (rc != 0) return rc;
  }
  if (st->result == NULL) return STORE_DONE;
  if (st->row + 1 < PQntuples(st->result)) {
    st->row++;
    return STORE_ROW;
  }
  st->row = PQntuples(st->result);
  return STORE_DONE;
}

static void pg_reset(struct store_stmt *base) {
  pg_stmt_clear((struct pg_stmt *)base);
}

static int64_t pg_changes(struct store_stmt *base) {
  return ((struct pg_stmt *)base)->changes;
}

static int pg_has_col(struct pg_stmt *st, int col) {
  return st->result && st->row >= 0 && st->row < PQntuples(st->result) &&
         col >= 0 && col < PQnfields(st->result);
}

static int pg_col_count(struct store_stmt *base) {
  struct pg_stmt *st = (struct pg_stmt *)base;
  return st->result ? PQnfields(st->result) : 0;
}

static int pg_col_is_null(struct store_stmt *base, int col) {
  struct pg_stmt *st = (struct pg_stmt *)base;
  return !pg_has_col(st, col) || PQgetisnull(st->result, st->row, col);
}

static const char *pg_col_text(struct store_stmt *base, int col, size_t *len) {
  struct pg_stmt *st = (struct pg_stmt *)base;
  *len = 0;
  if (pg_col_is_null(base, col)) return NULL;
  *len = (size_t)PQgetlength(st->result, st->row, col);
  return PQgetvalue(st->result, st->row, col);
}

static const void *pg_col_blob(struct store_stmt *base, int col, size_t *len) {
  struct pg_stmt *st = (struct pg_stmt *)base;
  *len = 0;
  if (pg_col_is_null(base, col)) return NULL;
  PQfreemem(st->blob);
  st->blob = PQunescapeBytea(
      (const unsigned char *)PQgetvalue(st->result, st->row, col), len);
  return st->blob;
}

static int pg_schema_columns(struct store_conn *base, store_column_fn fn,
                             void *ctx, struct err *e) {
  struct pg_conn *c = (struct pg_conn *)base;
  PGresult *res = PQexec(
      c->pg,
      "SELECT table_name, column_name FROM information_schema.columns "
      "WHERE table_schema = current_schema() "
      "AND table_name <> 'schema_migrations' "
      "AND table_name NOT LIKE '%\\_fts' "
      "ORDER BY table_name COLLATE \"C\", column_name COLLATE \"C\"");
  if (PQresultStatus(res) != PGRES_TUPLES_OK) {
    int rc = pg_error(c->pg, res, e);
    PQclear(res);
    return rc;
  }
  for (int i = 0; i < PQntuples(res); i++)
    fn(PQgetvalue(res, i, 0), PQgetvalue(res, i, 1), ctx);
  PQclear(res);
  return 0;
}

static int pg_is_broken(struct store_conn *base) {
  return PQstatus(((struct pg_conn *)base)->pg) != CONNECTION_OK;
}

static int pg_reconnect(struct store_conn *base, struct err *e) {
  struct pg_conn *c = (struct pg_conn *)base;
  for (int i = 0; i < Q_COUNT; i++) {
    pg_stmt_clear(&c->stmts[i]);
    c->stmts[i].prepared = 0;
  }
  PQfinish(c->pg);
  c->pg = NULL;
  return pg_open(c, e);
}

int store_postgres_client_version(void) { return PQlibVersion(); }

const struct store_driver store_postgres_driver = {
    .name = "postgres",
    .connect = pg_connect,
    .disconnect = pg_disconnect,
    .exec_script = pg_exec_script,
    .prepare = pg_prepare,
    .step = pg_step,
    .reset = pg_reset,
    .changes = pg_changes,
    .col_count = pg_col_count,
    .col_is_null = pg_col_is_null,
    .col_text = pg_col_text,
    .col_blob = pg_col_blob,
    .schema_columns = pg_schema_columns,
    .migrations_table_sql =
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        "version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
        "applied_at BIGINT NOT NULL)",
    .migrations_dir = "src/store/migrations/postgres/",
    .migrations_lock_sql = "SELECT pg_advisory_xact_lock(7405312)",
    .is_broken = pg_is_broken,
    .reconnect = pg_reconnect,
};
