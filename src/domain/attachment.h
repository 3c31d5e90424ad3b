/*
** Attachments: files kept in the database (BLOB in SQLite, bytea in
** PostgreSQL), so that a backup or any node of a PostgreSQL deployment has
** them. Each belongs to an owner (owner_type "venue" and its id today;
** topics later) and a slot within it (a 六有 checklist item). The content
** decides the type (util/filetype.h): it must agree with the declared
** Content-Type and the file name. A SHA-256 of the bytes is kept.
** Removing an attachment hides it (deleted_at) but keeps the row.
**
** The functions run inside the caller's transaction where they change
** anything. Each returns 0 or -1 with e set.
*/
#ifndef XIESHANG_DOMAIN_ATTACHMENT_H
#define XIESHANG_DOMAIN_ATTACHMENT_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "util/buf.h"
#include "util/err.h"

#define ATTACHMENT_MAX_BYTES (10u << 20) /* 10 MiB */
#define ATTACHMENT_MAX_TEXT "10 MiB"
#define ATTACHMENT_PER_SLOT 20

struct attachment {
  int64_t id;
  char owner_type[32];
  int64_t owner_id;
  char slot[32];
  char filename[512];
  char content_type[64];
  int64_t size;
  char sha256[65];
  int64_t uploaded_by; /* 0: unknown */
  int64_t created_at;
  int64_t deleted_at; /* 0 while shown */
};

/* An upload as received. */
struct attachment_new {
  const char *owner_type;
  int64_t owner_id;
  const char *slot;
  const char *filename;     /* as sent (query parameter name=) */
  const char *content_type; /* the request's Content-Type */
  const void *data;
  size_t size;
  int64_t uploaded_by;
};

/* Check and store an upload: not empty (ERR_ATTACHMENT_EMPTY), at most
   ATTACHMENT_MAX_BYTES (ERR_ATTACHMENT_TOO_LARGE), a known type agreeing
   with its declaration (ERR_ATTACHMENT_TYPE, ERR_ATTACHMENT_NAME), and at
   most ATTACHMENT_PER_SLOT shown in the slot (ERR_ATTACHMENT_TOO_MANY).
   Fills *out. */
int attachment_add(struct store_conn *c, const struct attachment_new *n,
                   struct attachment *out, struct err *e);

/* Read an attachment's description (deleted ones too).
   ERR_ATTACHMENT_NOT_FOUND when there is none. */
int attachment_get(struct store_conn *c, int64_t id, struct attachment *a,
                   struct err *e);

/* Append an attachment's bytes to out. */
int attachment_read(struct store_conn *c, int64_t id, struct buf *out,
                    struct err *e);

/* Call fn for each attachment shown for the owner, ordered by slot. */
typedef void (*attachment_fn)(const struct attachment *a, void *ctx);
int attachment_list(struct store_conn *c, const char *owner_type,
                    int64_t owner_id, attachment_fn fn, void *ctx,
                    struct err *e);

/* Hide an attachment (ERR_ATTACHMENT_NOT_FOUND if already hidden). */
int attachment_remove(struct store_conn *c, int64_t id, struct err *e);

#endif
