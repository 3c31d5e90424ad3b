/*
** Attachments in the database. See attachment.h.
*/
#include "domain/attachment.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "util/filetype.h"
#include "util/timeutil.h"

/* Fill a from a row of ATTACHMENT_GET or ATTACHMENT_LIST. */
static void attachment_from_row(struct store_stmt *st, struct attachment *a) {
  a->id = store_col_int(st, 0);
  snprintf(a->owner_type, sizeof a->owner_type, "%s", store_col_text(st, 1));
  a->owner_id = store_col_int(st, 2);
  snprintf(a->slot, sizeof a->slot, "%s", store_col_text(st, 3));
  snprintf(a->filename, sizeof a->filename, "%s", store_col_text(st, 4));
  snprintf(a->content_type, sizeof a->content_type, "%s",
           store_col_text(st, 5));
  a->size = store_col_int(st, 6);
  snprintf(a->sha256, sizeof a->sha256, "%s", store_col_text(st, 7));
  a->uploaded_by = store_col_is_null(st, 8) ? 0 : store_col_int(st, 8);
  a->created_at = store_col_int(st, 9);
  a->deleted_at = store_col_is_null(st, 10) ? 0 : store_col_int(st, 10);
}

/* How many attachments the slot shows now. */
static int attachment_count_slot(struct store_conn *c,
                                 const struct attachment_new *n, int64_t *count,
                                 struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_ATTACHMENT_COUNT_SLOT, e);
  if (st == NULL) return -1;
  store_bind_text(st, 1, n->owner_type);
  store_bind_int(st, 2, n->owner_id);
  store_bind_text(st, 3, n->slot);
  return store_step_int(st, count, e);
}

int attachment_add(struct store_conn *c, const struct attachment_new *n,
                   struct attachment *out, struct err *e) {
  if (n->size == 0 || n->data == NULL)
    return err_set(e, ERR_ATTACHMENT_EMPTY, NULL);
  if (n->size > ATTACHMENT_MAX_BYTES)
    return err_set(e, ERR_ATTACHMENT_TOO_LARGE, ATTACHMENT_MAX_TEXT);
  int type =
      filetype_check_upload(n->data, n->size, n->content_type, n->filename, e);
  if (type < 0) return -1;
  int64_t count = 0;
  if (attachment_count_slot(c, n, &count, e) != 0) return -1;
  if (count >= ATTACHMENT_PER_SLOT)
    return err_set(e, ERR_ATTACHMENT_TOO_MANY, "%d", ATTACHMENT_PER_SLOT);
  unsigned char digest[crypto_hash_sha256_BYTES];
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  crypto_hash_sha256(digest, n->data, n->size);
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  struct store_stmt *st = store_prepare(c, Q_ATTACHMENT_INSERT, e);
  if (st == NULL) return -1;
  store_bind_text(st, 1, n->owner_type);
  store_bind_int(st, 2, n->owner_id);
  store_bind_text(st, 3, n->slot);
  store_bind_text(st, 4, n->filename);
  store_bind_text(st, 5, filetype_media_type((enum filetype)type));
  store_bind_int(st, 6, (int64_t)n->size);
  store_bind_text(st, 7, hex);
  store_bind_blob(st, 8, n->data, n->size);
  if (n->uploaded_by)
    store_bind_int(st, 9, n->uploaded_by);
  else
    store_bind_null(st, 9);
  store_bind_int(st, 10, time_now_ms());
  int64_t id = 0;
  int rc = store_step(st, e);
  if (rc == STORE_ROW) id = store_col_int(st, 0);
  store_finish(st);
  if (rc != STORE_ROW)
    return rc < 0 ? -1 : err_set(e, ERR_DB_ERROR, "no id returned");
  return attachment_get(c, id, out, e);
}

int attachment_get(struct store_conn *c, int64_t id, struct attachment *a,
                   struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_ATTACHMENT_GET, e);
  if (st == NULL) return -1;
  store_bind_int(st, 1, id);
  int rc = store_step(st, e);
  if (rc == STORE_ROW) attachment_from_row(st, a);
  store_finish(st);
  if (rc == STORE_DONE)
    return err_set(e, ERR_ATTACHMENT_NOT_FOUND, "%lld", (long long)id);
  return rc == STORE_ROW ? 0 : -1;
}

int attachment_read(struct store_conn *c, int64_t id, struct buf *out,
                    struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_ATTACHMENT_DATA, e);
  if (st == NULL) return -1;
  store_bind_int(st, 1, id);
  int rc = store_step(st, e);
  if (rc == STORE_ROW) {
    size_t len = 0;
    const void *data = store_col_blob(st, 0, &len);
    if (len > 0 && buf_append(out, data, len) != 0)
      rc = err_set(e, ERR_ATTACHMENT_TOO_LARGE, ATTACHMENT_MAX_TEXT);
  }
  store_finish(st);
  if (rc == STORE_DONE)
    return err_set(e, ERR_ATTACHMENT_NOT_FOUND, "%lld", (long long)id);
  return rc == STORE_ROW ? 0 : -1;
}

int attachment_list(struct store_conn *c, const char *owner_type,
                    int64_t owner_id, attachment_fn fn, void *ctx,
                    struct err *e) {
  struct store_stmt *st = store_prepare(c, Q_ATTACHMENT_LIST, e);
  if (st == NULL) return -1;
  store_bind_text(st, 1, owner_type);
  store_bind_int(st, 2, owner_id);
  struct attachment a;
  int rc;
  for (rc = store_step(st, e); rc == STORE_ROW; rc = store_step(st, e)) {
    attachment_from_row(st, &a);
    fn(&a, ctx);
  }
  store_finish(st);
  return rc == STORE_DONE ? 0 : -1;
}

int attachment_remove(struct store_conn *c, int64_t id, struct err *e) {
  int64_t n = store_exec(c, Q_ATTACHMENT_DELETE, e, "II", id, time_now_ms());
  if (n < 0) return -1;
  if (n == 0)
    return err_set(e, ERR_ATTACHMENT_NOT_FOUND, "%lld", (long long)id);
  return 0;
}
