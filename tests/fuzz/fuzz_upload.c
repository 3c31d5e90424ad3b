/*
** libFuzzer harness: the upload content sniffer and the check of an upload
** against its declared type and file name, on arbitrary bytes. The input
** is split at the first two NUL bytes into a Content-Type, a file name and
** the file's content. A kind accepted must be the kind sniffed, and its
** media type must be the one declared.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/filetype.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const uint8_t *type_end = memchr(data, 0, size);
  if (type_end == NULL) {
    (void)filetype_sniff(data, size);
    return 0;
  }
  size_t rest = size - (size_t)(type_end - data) - 1;
  const uint8_t *name = type_end + 1;
  const uint8_t *name_end = memchr(name, 0, rest);
  if (name_end == NULL) return 0;
  const uint8_t *body = name_end + 1;
  size_t body_len = rest - (size_t)(name_end - name) - 1;
  struct err e = {0};
  int t = filetype_check_upload(body, body_len, (const char *)data,
                                (const char *)name, &e);
  if (t >= 0) {
    if (t != (int)filetype_sniff(body, body_len)) abort();
    const char *media = filetype_media_type((enum filetype)t);
    if (strncasecmp((const char *)data, media, strlen(media)) != 0) abort();
  } else if (e.kind != ERR_ATTACHMENT_TYPE && e.kind != ERR_ATTACHMENT_NAME) {
    abort();
  }
  return 0;
}
