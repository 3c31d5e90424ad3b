/*
** In-app notifications: a row per person told of something (kind, the
** object it is about, params as JSON). The front end builds the message in
** the reader's language from kind and params, so nothing here is prose.
**
**   topic.state  params {"title", "state", "reason"}: a topic the person
**                raised or follows changed state, or got a reply.
**
** Writes run inside the caller's transaction. Functions return 0 or -1 with
** e set.
*/
#ifndef XIESHANG_DOMAIN_NOTIFICATION_H
#define XIESHANG_DOMAIN_NOTIFICATION_H

#include <stdint.h>

#include "store/db.h"
#include "util/err.h"

/* Tell the author and every follower of topic_id (except actor) about it.
   params is JSON text. */
int notification_topic(struct store_conn *c, int64_t topic_id, int64_t actor,
                       const char *kind, const char *params, struct err *e);

struct notification {
  int64_t id;
  int64_t created_at;
  const char *kind;
  const char *object_type;
  int64_t object_id;
  const char *params; /* JSON text */
  int64_t read_at;    /* 0: unread */
};

/* A page of user's notifications, newest first (unread_only: those not
   read); *total counts the page's filter, *unread all unread ones. */
typedef void (*notification_fn)(const struct notification *n, void *ctx);
int notification_page(struct store_conn *c, int64_t user, int unread_only,
                      int64_t limit, int64_t offset, notification_fn fn,
                      void *ctx, int64_t *total, int64_t *unread,
                      struct err *e);

/* Mark one of user's notifications read (ERR_NOTIFICATION_NOT_FOUND if it
   is not theirs), or all of them. */
int notification_read(struct store_conn *c, int64_t user, int64_t id,
                      struct err *e);
int notification_read_all(struct store_conn *c, int64_t user, int64_t *count,
                          struct err *e);

#endif
