/*
** What kind of file a stream of uploaded bytes is, judged by its content
** (magic bytes), and whether that agrees with what the sender declared: the
** Content-Type and the file name's extension. Only the kinds that evidence
** and attachments need are known: JPEG, PNG, WebP and PDF.
**
** Everything here reads outside bytes and has a fuzz harness
** (tests/fuzz/fuzz_upload.c). Nothing allocates.
*/
#ifndef XIESHANG_UTIL_FILETYPE_H
#define XIESHANG_UTIL_FILETYPE_H

#include <stddef.h>

#include "util/err.h"

#define FILENAME_MAX_CHARS 120

enum filetype {
  FILETYPE_UNKNOWN,
  FILETYPE_JPEG,
  FILETYPE_PNG,
  FILETYPE_WEBP,
  FILETYPE_PDF,
  FILETYPE_COUNT
};

/* The kind of the bytes, from their first bytes only. */
enum filetype filetype_sniff(const void *data, size_t len);

/* The kind's media type ("image/png"), "" for FILETYPE_UNKNOWN. */
const char *filetype_media_type(enum filetype t);

/* 1 for images (shown inline), 0 for documents (downloaded). */
int filetype_is_image(enum filetype t);

/* Check a file name as sent by a client: valid UTF-8, 1..FILENAME_MAX_CHARS
   characters, no '/', '\\' or control characters, not "." or "..".
   Returns 0 or -1 with ERR_ATTACHMENT_NAME. */
int filetype_name_check(const char *name, struct err *e);

/* Decide an upload: the content must be a known kind, the declared
   Content-Type (parameters ignored) must name that kind, and the file
   name's extension must be one of the kind's (".jpg" or ".jpeg" for JPEG,
   case-insensitive). Returns the kind, or -1 with ERR_ATTACHMENT_TYPE
   (content, type) or ERR_ATTACHMENT_NAME (name, extension). */
int filetype_check_upload(const void *data, size_t len,
                          const char *content_type, const char *filename,
                          struct err *e);

#endif
