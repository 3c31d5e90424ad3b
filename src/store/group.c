/*
** Group commit: many small durable writes share one transaction, so one
** fsync (SQLite's WAL, PostgreSQL's WAL flush) answers them all.
**
** A writer thread per store takes every request queued so far (waiting up
** to STORE_GROUP_GATHER_US for more while fewer than STORE_GROUP_MAX wait),
** runs each request's function in the same transaction inside a savepoint
** of its own, commits once, and only then wakes each caller with its own
** result. A request whose function fails is rolled back to its savepoint
** and fails alone; the others go on. A group that cannot commit fails every
** request in it, so nothing is acknowledged that was not committed. When
** the database is busy (or PostgreSQL reports a serialization failure) at
** BEGIN or COMMIT, the whole group is run once more, as store_transact()
** would. While one group commits, the next gathers: under load a group
** holds as many requests as arrived during one commit, and a lone request
** waits only for its own.
*/
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/driver.h"
#include "util/mem.h"

#define STORE_GROUP_MAX 256
#define STORE_GROUP_GATHER_US 200

struct group_request {
  store_work_fn fn;
  void *ctx;
  struct err *e;
  int rc;
  int done;
  struct group_request *next;
};

struct store_group {
  struct store *store;
  pthread_t thread;
  pthread_mutex_t lock;
  pthread_cond_t queued;    /* a request arrived, or stop */
  pthread_cond_t finished;  /* a group finished */
  struct group_request *head, *tail;
  int waiting;
  int stop;
  int64_t groups, requests; /* counters, for tests and figures */
};

static int group_exec(struct store_conn *c, const char *sql) {
  struct err ignored = {0};
  return store_driver_of(c->store)->exec_script(c, sql, &ignored);
}

/* Run one request in its savepoint. */
static void group_run_one(struct store_conn *c, struct group_request *r) {
  if (group_exec(c, "SAVEPOINT store_group") != 0) {
    err_set(r->e, ERR_DB_ERROR, "cannot make a savepoint");
    r->rc = STORE_EERROR;
    return;
  }
  r->rc = r->fn(c, r->ctx, r->e);
  if (r->rc != 0) group_exec(c, "ROLLBACK TO SAVEPOINT store_group");
  group_exec(c, "RELEASE SAVEPOINT store_group");
}

/* Run a group in one transaction; sets each request's rc. */
static void group_run(struct store_group *g, struct group_request *list) {
  struct err e = {0};
  int rc = STORE_EBUSY;
  for (int attempt = 0; attempt < 2 && rc == STORE_EBUSY; attempt++) {
    struct store_conn *c = store_acquire(g->store);
    rc = store_begin(c, &e);
    if (rc == 0) {
      for (struct group_request *r = list; r; r = r->next) {
        memset(r->e, 0, sizeof *r->e);
        group_run_one(c, r);
      }
      rc = store_commit(c, &e);
    }
    store_release(c);
  }
  if (rc == 0) return;
  for (struct group_request *r = list; r; r = r->next) {
    if (r->rc != 0) continue;
    *r->e = e;
    r->rc = rc;
  }
}

static void *group_main(void *arg) {
  struct store_group *g = arg;
  pthread_mutex_lock(&g->lock);
  for (;;) {
    while (g->head == NULL && !g->stop) pthread_cond_wait(&g->queued, &g->lock);
    if (g->head == NULL) break;
    if (g->waiting < STORE_GROUP_MAX) {
      /* A short gathering wait, so that requests a few hundred
         microseconds apart share the commit. */
      struct timespec until;
      clock_gettime(CLOCK_REALTIME, &until);
      until.tv_nsec += STORE_GROUP_GATHER_US * 1000L;
      if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
      }
      while (!g->stop && g->waiting < STORE_GROUP_MAX &&
             pthread_cond_timedwait(&g->queued, &g->lock, &until) == 0) {
      }
    }
    struct group_request *list = g->head;
    int n = g->waiting;
    g->head = g->tail = NULL;
    g->waiting = 0;
    pthread_mutex_unlock(&g->lock);
    group_run(g, list);
    pthread_mutex_lock(&g->lock);
    for (struct group_request *r = list; r; r = r->next) r->done = 1;
    g->groups++;
    g->requests += n;
    pthread_cond_broadcast(&g->finished);
  }
  pthread_mutex_unlock(&g->lock);
  return NULL;
}

struct store_group *store_group_start(struct store *s) {
  struct store_group *g = xcalloc(1, sizeof *g);
  g->store = s;
  pthread_mutex_init(&g->lock, NULL);
  pthread_cond_init(&g->queued, NULL);
  pthread_cond_init(&g->finished, NULL);
  if (pthread_create(&g->thread, NULL, group_main, g) != 0) abort();
  return g;
}

void store_group_stop(struct store_group *g) {
  if (g == NULL) return;
  pthread_mutex_lock(&g->lock);
  g->stop = 1;
  pthread_cond_signal(&g->queued);
  pthread_mutex_unlock(&g->lock);
  pthread_join(g->thread, NULL); /* runs what is still queued first */
  pthread_mutex_destroy(&g->lock);
  pthread_cond_destroy(&g->queued);
  pthread_cond_destroy(&g->finished);
  free(g);
}

int store_group_run(struct store_group *g, store_work_fn fn, void *ctx,
                    struct err *e) {
  struct err local = {0};
  struct group_request *r = xcalloc(1, sizeof *r);
  r->fn = fn;
  r->ctx = ctx;
  r->e = e ? e : &local;
  pthread_mutex_lock(&g->lock);
  if (g->tail)
    g->tail->next = r;
  else
    g->head = r;
  g->tail = r;
  g->waiting++;
  if (g->waiting == 1 || g->waiting >= STORE_GROUP_MAX)
    pthread_cond_signal(&g->queued);
  while (!r->done) pthread_cond_wait(&g->finished, &g->lock);
  pthread_mutex_unlock(&g->lock);
  int rc = r->rc;
  free(r);
  return rc;
}

void store_group_counts(struct store_group *g, int64_t *groups,
                        int64_t *requests) {
  pthread_mutex_lock(&g->lock);
  *groups = g->groups;
  *requests = g->requests;
  pthread_mutex_unlock(&g->lock);
}
