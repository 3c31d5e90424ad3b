/*
** The storage interface common to both backends: opening a database by URL,
** the connection pool, the query registry, parameter binding, transactions,
** store_exec() and migrations. Backend calls go through struct store_driver.
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/driver.h"
#include "util/embedded.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/timeutil.h"

struct store {
  const struct store_driver *driver;
  enum store_backend backend;
  char *display_url;
  int pool_size;
  struct store_conn **conns;
  struct store_conn *free_list;
  pthread_mutex_t lock;
  pthread_cond_t available;
  uint64_t generation;        /* bumped by every committed write */
  struct store_group *group; /* started by the first grouped write */
};

/* The SQL of each registry statement, per backend: a Q() row gives both the
   same text; a QB() row (full-text search only) gives each its own. */
static const char *const query_sql[2][Q_COUNT] = {
    [STORE_SQLITE] = {
#define Q(name, sql) [Q_##name] = sql,
#define QB(name, sqlite_sql, postgres_sql) [Q_##name] = sqlite_sql,
#include "store/queries.def"
#undef QB
#undef Q
    },
    [STORE_POSTGRES] = {
#define Q(name, sql) [Q_##name] = sql,
#define QB(name, sqlite_sql, postgres_sql) [Q_##name] = postgres_sql,
#include "store/queries.def"
#undef QB
#undef Q
    },
};

const char *store_query_sql(enum store_backend b, enum query_id q) {
  return query_sql[b][q];
}

/* Replace the password in "postgres://user:secret@host/db" by ***. */
static char *mask_url(const char *url) {
  const char *scheme = strstr(url, "://");
  const char *at = strchr(url, '@');
  if (scheme == NULL || at == NULL || at < scheme) return xstrdup(url);
  const char *colon = memchr(scheme + 3, ':', (size_t)(at - scheme - 3));
  if (colon == NULL) return xstrdup(url);
  size_t head = (size_t)(colon - url) + 1;
  size_t out_len = head + 3 + strlen(at);
  char *out = xmalloc(out_len + 1);
  memcpy(out, url, head);
  memcpy(out + head, "***", 3);
  memcpy(out + head + 3, at, strlen(at) + 1);
  return out;
}

int store_open(struct store **out, const char *url, int pool_size,
               struct err *e) {
  const struct store_driver *driver;
  const char *target = url;
  enum store_backend backend;
  *out = NULL;
  if (url == NULL || *url == '\0')
    return err_set(e, ERR_CONFIG, "XIESHANG_DB / --db is empty");
  if (strncmp(url, "postgres://", 11) == 0 ||
      strncmp(url, "postgresql://", 13) == 0) {
    driver = &store_postgres_driver;
    backend = STORE_POSTGRES;
  } else {
    if (strncmp(url, "sqlite:", 7) == 0) target = url + 7;
    if (*target == '\0') return err_set(e, ERR_CONFIG, "sqlite: needs a path");
    driver = &store_sqlite_driver;
    backend = STORE_SQLITE;
  }
  if (pool_size < 1) pool_size = 1;
  if (pool_size > 256) pool_size = 256;
  struct store *s = xcalloc(1, sizeof *s);
  s->driver = driver;
  s->backend = backend;
  s->display_url = mask_url(url);
  s->pool_size = pool_size;
  s->conns = xcalloc((size_t)pool_size, sizeof *s->conns);
  pthread_mutex_init(&s->lock, NULL);
  pthread_cond_init(&s->available, NULL);
  for (int i = 0; i < pool_size; i++) {
    if (driver->connect(s, target, &s->conns[i], e) != 0) {
      store_close(s);
      return STORE_EUNAVAILABLE;
    }
    s->conns[i]->store = s;
    s->conns[i]->next_free = s->free_list;
    s->free_list = s->conns[i];
  }
  *out = s;
  return 0;
}

void store_close(struct store *s) {
  if (s == NULL) return;
  store_group_stop(s->group);
  for (int i = 0; i < s->pool_size; i++)
    if (s->conns[i]) s->driver->disconnect(s->conns[i]);
  pthread_mutex_destroy(&s->lock);
  pthread_cond_destroy(&s->available);
  free(s->conns);
  free(s->display_url);
  free(s);
}

enum store_backend store_backend(const struct store *s) { return s->backend; }

const struct store_driver *store_driver_of(const struct store *s) {
  return s->driver;
}

const char *store_display_url(const struct store *s) { return s->display_url; }

struct store *store_conn_store(const struct store_conn *c) { return c->store; }

struct store_conn *store_acquire(struct store *s) {
  pthread_mutex_lock(&s->lock);
  while (s->free_list == NULL) pthread_cond_wait(&s->available, &s->lock);
  struct store_conn *c = s->free_list;
  s->free_list = c->next_free;
  pthread_mutex_unlock(&s->lock);
  if (s->driver->is_broken(c)) {
    struct err e = {0};
    if (s->driver->reconnect(c, &e) != 0)
      log_warn("database reconnect failed: %s", e.detail);
  }
  return c;
}

void store_release(struct store_conn *c) {
  if (c == NULL) return;
  if (c->in_transaction) store_rollback(c);
  struct store *s = c->store;
  pthread_mutex_lock(&s->lock);
  c->next_free = s->free_list;
  s->free_list = c;
  pthread_cond_signal(&s->available);
  pthread_mutex_unlock(&s->lock);
}

int store_begin(struct store_conn *c, struct err *e) {
  const char *sql =
      c->store->backend == STORE_SQLITE ? "BEGIN IMMEDIATE" : "BEGIN";
  int rc = c->store->driver->exec_script(c, sql, e);
  if (rc == 0) c->in_transaction = 1;
  return rc;
}

static void store_bump(struct store *s) {
  __atomic_add_fetch(&s->generation, 1, __ATOMIC_RELEASE);
}

uint64_t store_generation(struct store *s) {
  return __atomic_load_n(&s->generation, __ATOMIC_ACQUIRE);
}

int store_commit(struct store_conn *c, struct err *e) {
  int rc = c->store->driver->exec_script(c, "COMMIT", e);
  if (rc == 0) store_bump(c->store);
  if (rc != 0) store_rollback(c);
  c->in_transaction = 0;
  return rc;
}

void store_rollback(struct store_conn *c) {
  struct err ignored = {0};
  c->store->driver->exec_script(c, "ROLLBACK", &ignored);
  c->in_transaction = 0;
}

int store_transact(struct store *s, store_work_fn fn, void *ctx,
                   struct err *e) {
  int rc = STORE_EBUSY;
  for (int attempt = 0; attempt < 2 && rc == STORE_EBUSY; attempt++) {
    struct store_conn *c = store_acquire(s);
    rc = store_begin(c, e);
    if (rc == 0) rc = fn(c, ctx, e);
    if (rc == 0) rc = store_commit(c, e);
    store_release(c); /* rolls back whatever is still open */
  }
  return rc;
}

int store_transact_grouped(struct store *s, store_work_fn fn, void *ctx,
                           struct err *e) {
  pthread_mutex_lock(&s->lock);
  if (s->group == NULL) s->group = store_group_start(s);
  struct store_group *g = s->group;
  pthread_mutex_unlock(&s->lock);
  return store_group_run(g, fn, ctx, e);
}

void store_group_totals(struct store *s, int64_t *groups, int64_t *calls) {
  *groups = *calls = 0;
  pthread_mutex_lock(&s->lock);
  struct store_group *g = s->group;
  pthread_mutex_unlock(&s->lock);
  if (g) store_group_counts(g, groups, calls);
}

struct store_stmt *store_prepare(struct store_conn *c, enum query_id q,
                                 struct err *e) {
  struct store_stmt *st = c->store->driver->prepare(c, q, e);
  if (st) {
    st->conn = c;
    st->query = q;
    st->started = 0;
  }
  return st;
}

/* Return the slot for parameter n, clearing any earlier value. */
static struct store_value *param_slot(struct store_stmt *st, int n) {
  if (n < 1 || n > STORE_MAX_PARAMS) abort(); /* a programming error */
  struct store_value *v = &st->params[n];
  free(v->bytes);
  memset(v, 0, sizeof *v);
  if (n > st->nparams) st->nparams = n;
  return v;
}

void store_bind_int(struct store_stmt *st, int n, int64_t value) {
  struct store_value *v = param_slot(st, n);
  v->type = VALUE_INT;
  v->i = value;
}

void store_bind_double(struct store_stmt *st, int n, double value) {
  struct store_value *v = param_slot(st, n);
  v->type = VALUE_DOUBLE;
  v->f = value;
}

void store_bind_textn(struct store_stmt *st, int n, const char *value,
                      size_t len) {
  struct store_value *v = param_slot(st, n);
  if (value == NULL) return;
  v->type = VALUE_TEXT;
  v->bytes = xstrndup(value, len);
  v->len = len;
}

void store_bind_text(struct store_stmt *st, int n, const char *value) {
  store_bind_textn(st, n, value, value ? strlen(value) : 0);
}

void store_bind_blob(struct store_stmt *st, int n, const void *data,
                     size_t len) {
  struct store_value *v = param_slot(st, n);
  v->type = VALUE_BLOB;
  v->bytes = xstrndup(data, len);
  v->len = len;
}

void store_bind_null(struct store_stmt *st, int n) { param_slot(st, n); }

int store_step(struct store_stmt *st, struct err *e) {
  int rc = st->conn->store->driver->step(st, e);
  st->started = 1;
  return rc;
}

int64_t store_changes(struct store_stmt *st) {
  return st->conn->store->driver->changes(st);
}

int store_col_count(struct store_stmt *st) {
  return st->conn->store->driver->col_count(st);
}

int store_col_is_null(struct store_stmt *st, int col) {
  return st->conn->store->driver->col_is_null(st, col);
}

const char *store_col_text(struct store_stmt *st, int col) {
  size_t len;
  const char *t = st->conn->store->driver->col_text(st, col, &len);
  return t ? t : "";
}

int64_t store_col_int(struct store_stmt *st, int col) {
  return strtoll(store_col_text(st, col), NULL, 10);
}

double store_col_double(struct store_stmt *st, int col) {
  return strtod(store_col_text(st, col), NULL);
}

const void *store_col_blob(struct store_stmt *st, int col, size_t *len) {
  return st->conn->store->driver->col_blob(st, col, len);
}

void store_finish(struct store_stmt *st) {
  if (st == NULL) return;
  st->conn->store->driver->reset(st);
  for (int i = 1; i <= st->nparams; i++) {
    free(st->params[i].bytes);
    memset(&st->params[i], 0, sizeof st->params[i]);
  }
  st->nparams = 0;
  st->started = 0;
}

/* Bind the arguments of store_exec() described by types. */
static void bind_args(struct store_stmt *st, const char *types, va_list ap) {
  for (int n = 1; types[n - 1]; n++) {
    switch (types[n - 1]) {
      case 'i': store_bind_int(st, n, va_arg(ap, int)); break;
      case 'I': store_bind_int(st, n, va_arg(ap, int64_t)); break;
      case 'f': store_bind_double(st, n, va_arg(ap, double)); break;
      case 's': store_bind_text(st, n, va_arg(ap, const char *)); break;
      case 'n': store_bind_null(st, n); break;
      default: abort(); /* a programming error in the caller */
    }
  }
}

int64_t store_exec(struct store_conn *c, enum query_id q, struct err *e,
                   const char *types, ...) {
  struct store_stmt *st = store_prepare(c, q, e);
  if (st == NULL) return STORE_EERROR;
  va_list ap;
  va_start(ap, types);
  bind_args(st, types, ap);
  va_end(ap);
  int rc;
  do {
    rc = store_step(st, e);
  } while (rc == STORE_ROW);
  int64_t changes = rc == STORE_DONE ? store_changes(st) : rc;
  store_finish(st);
  if (changes > 0 && !c->in_transaction) store_bump(c->store);
  return changes;
}

int store_schema_columns(struct store_conn *c, store_column_fn fn, void *ctx,
                         struct err *e) {
  return c->store->driver->schema_columns(c, fn, ctx, e);
}

int store_backup(struct store *s, const char *path, struct err *e) {
  if (s->backend != STORE_SQLITE)
    return err_set(e, ERR_CONFIG,
                   "PostgreSQL is backed up with pg_dump, not xieshang backup");
  struct store_conn *c = store_acquire(s);
  int rc = store_sqlite_backup(c, path, e);
  store_release(c);
  return rc;
}

int store_step_int(struct store_stmt *st, int64_t *out, struct err *e) {
  int rc = store_step(st, e);
  if (rc == STORE_ROW) *out = store_col_int(st, 0);
  store_finish(st);
  return rc == STORE_ROW ? 0 : -1;
}
