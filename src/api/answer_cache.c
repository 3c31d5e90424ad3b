/*
** A cache of public answers: the public topic list 议题 that anyone may
** read (GET /api/v1/topics without a session or token) is asked for far
** more often than topics change. An answer is kept with the database's
** generation (store_generation()) read before it was computed, and served
** again only while the generation is unchanged: any committed write makes
** every kept answer stale at once, so nobody ever sees an older list than
** the database holds. SQLite only: with PostgreSQL several servers may
** share the database, and another server's writes do not reach this
** process's generation.
*/
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "api/api_internal.h"
#include "util/mem.h"

#define CACHE_SLOTS 64
#define CACHE_BODY_MAX (256 * 1024)

struct cache_slot {
  char *target;       /* request target, path and query */
  enum lang lang;
  uint64_t generation;
  char *body;
  size_t len;
  const char *content_type; /* a constant from http_reply_json() */
};

static struct cache_slot slots[CACHE_SLOTS];
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

/* Only the public list, asked anonymously, on SQLite. */
static int cacheable(struct http_request *req) {
  struct app *app = req->app;
  return req->route && req->route->handler == api_topics_list &&
         req->method == HTTP_GET && app &&
         store_backend(app->store) == STORE_SQLITE &&
         http_header(req, "Authorization") == NULL &&
         http_cookie(req, SESSION_COOKIE) == NULL;
}

static size_t slot_of(const char *target, enum lang lang) {
  size_t h = 5381 + (size_t)lang;
  for (const unsigned char *p = (const unsigned char *)target; *p; p++)
    h = h * 33 + *p;
  return h % CACHE_SLOTS;
}

int api_cache_lookup(struct http_request *req, struct http_response *res) {
  if (!cacheable(req)) return 0;
  struct app *app = req->app;
  uint64_t now = store_generation(app->store);
  req->cache_mark = now + 1; /* 0: not cacheable */
  struct cache_slot *s = &slots[slot_of(req->target, req->lang)];
  int hit = 0;
  pthread_mutex_lock(&cache_lock);
  if (s->target && s->generation == now && s->lang == req->lang &&
      strcmp(s->target, req->target) == 0) {
    buf_reset(&res->body);
    hit = buf_append(&res->body, s->body, s->len) == 0;
    if (hit) {
      res->status = 200;
      res->content_type = s->content_type;
    }
  }
  pthread_mutex_unlock(&cache_lock);
  return hit;
}

void api_cache_keep(struct http_request *req, const struct http_response *res) {
  if (req->cache_mark == 0 || res->status != 200 || res->fd >= 0 ||
      res->fixed || res->nheaders != 0 || res->body.len > CACHE_BODY_MAX)
    return;
  struct cache_slot *s = &slots[slot_of(req->target, req->lang)];
  char *body = xmalloc(res->body.len + 1);
  memcpy(body, res->body.data, res->body.len);
  char *target = xstrdup(req->target);
  pthread_mutex_lock(&cache_lock);
  char *old_body = s->body, *old_target = s->target;
  s->target = target;
  s->lang = req->lang;
  s->generation = req->cache_mark - 1;
  s->body = body;
  s->len = res->body.len;
  s->content_type = res->content_type;
  pthread_mutex_unlock(&cache_lock);
  free(old_body);
  free(old_target);
}
