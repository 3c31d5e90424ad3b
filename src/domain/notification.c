/*
** In-app notifications: written with the change they tell of, read and
** marked read by their owner. See notification.h.
*/
#include "domain/notification.h"

#include "util/timeutil.h"

int notification_topic(struct store_conn *c, int64_t topic_id, int64_t actor,
                       const char *kind, const char *params, struct err *e) {
  return store_exec(c, Q_NOTIFY_TOPIC, e, "IIssI", topic_id, time_now_ms(),
                    kind, params ? params : "{}", actor) < 0
             ? -1
             : 0;
}

static int notification_count(struct store_conn *c, int64_t user,
                              int unread_only, int64_t *out, struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_NOTIFICATION_COUNT, e);
  if (st == NULL) return -1;
  store_bind_int(st, 1, user);
  store_bind_int(st, 2, unread_only ? 1 : 0);
  return store_step_int(st, out, e);
}

int notification_page(struct store_conn *c, int64_t user, int unread_only,
                      int64_t limit, int64_t offset, notification_fn fn,
                      void *ctx, int64_t *total, int64_t *unread,
                      struct err *e) {
  if (notification_count(c, user, unread_only, total, e) != 0 ||
      notification_count(c, user, 1, unread, e) != 0)
    return -1;
  struct store_stmt *st = store_prepare(c, Q_NOTIFICATION_PAGE, e);
  if (st == NULL) return -1;
  store_bind_int(st, 1, user);
  store_bind_int(st, 2, unread_only ? 1 : 0);
  store_bind_int(st, 3, limit);
  store_bind_int(st, 4, offset);
  int rc;
  for (rc = store_step(st, e); rc == STORE_ROW; rc = store_step(st, e)) {
    struct notification n = {
        store_col_int(st, 0),  store_col_int(st, 1), store_col_text(st, 2),
        store_col_text(st, 3), store_col_int(st, 4), store_col_text(st, 5),
        store_col_is_null(st, 6) ? 0 : store_col_int(st, 6)};
    fn(&n, ctx);
  }
  store_finish(st);
  return rc == STORE_DONE ? 0 : -1;
}

int notification_read(struct store_conn *c, int64_t user, int64_t id,
                      struct err *e) {
  int64_t owned = 0;
  struct store_stmt *st = store_prepare(c, Q_NOTIFICATION_OWNED, e);
  if (st == NULL) return -1;
  store_bind_int(st, 1, id);
  store_bind_int(st, 2, user);
  if (store_step_int(st, &owned, e) != 0) return -1;
  if (owned == 0)
    return err_set(e, ERR_NOTIFICATION_NOT_FOUND, "%lld", (long long)id);
  return store_exec(c, Q_NOTIFICATION_READ, e, "III", id, user,
                    time_now_ms()) < 0
             ? -1
             : 0;
}

int notification_read_all(struct store_conn *c, int64_t user, int64_t *count,
                          struct err *e) {
  int64_t n =
      store_exec(c, Q_NOTIFICATION_READ_ALL, e, "II", user, time_now_ms());
  if (n < 0) return -1;
  if (count) *count = n;
  return 0;
}
