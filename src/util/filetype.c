/*
** Content sniffing of uploads by magic bytes. See filetype.h.
*/
#include "util/filetype.h"

#include <string.h>
#include <strings.h>

#include "util/utf8.h"

/* One row per kind: its media type and the extensions a name may end in. */
static const struct {
  const char *media_type;
  const char *extensions[3];
  int image;
} filetypes[FILETYPE_COUNT] = {
    [FILETYPE_UNKNOWN] = {"", {NULL}, 0},
    [FILETYPE_JPEG] = {"image/jpeg", {".jpg", ".jpeg", NULL}, 1},
    [FILETYPE_PNG] = {"image/png", {".png", NULL}, 1},
    [FILETYPE_WEBP] = {"image/webp", {".webp", NULL}, 1},
    [FILETYPE_PDF] = {"application/pdf", {".pdf", NULL}, 0},
};

enum filetype filetype_sniff(const void *data, size_t len) {
  const unsigned char *p = data;
  static const unsigned char png[8] = {0x89, 'P',  'N',  'G',
                                       '\r', '\n', 0x1A, '\n'};
  if (p == NULL) return FILETYPE_UNKNOWN;
  if (len >= 4 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF)
    return FILETYPE_JPEG;
  if (len >= 8 && memcmp(p, png, sizeof png) == 0) return FILETYPE_PNG;
  if (len >= 12 && memcmp(p, "RIFF", 4) == 0 && memcmp(p + 8, "WEBP", 4) == 0)
    return FILETYPE_WEBP;
  if (len >= 5 && memcmp(p, "%PDF-", 5) == 0) return FILETYPE_PDF;
  return FILETYPE_UNKNOWN;
}

const char *filetype_media_type(enum filetype t) {
  return t > FILETYPE_UNKNOWN && t < FILETYPE_COUNT ? filetypes[t].media_type
                                                    : "";
}

int filetype_is_image(enum filetype t) {
  return t > FILETYPE_UNKNOWN && t < FILETYPE_COUNT && filetypes[t].image;
}

int filetype_name_check(const char *name, struct err *e) {
  size_t len = name ? strlen(name) : 0;
  size_t chars = 0;
  if (len == 0 || !utf8_valid(name, len) || strcmp(name, ".") == 0 ||
      strcmp(name, "..") == 0)
    return err_set(e, ERR_ATTACHMENT_NAME, "%d", FILENAME_MAX_CHARS);
  for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
    if (*p < 0x20 || *p == 0x7F || *p == '/' || *p == '\\')
      return err_set(e, ERR_ATTACHMENT_NAME, "%d", FILENAME_MAX_CHARS);
    if ((*p & 0xC0) != 0x80) chars++;
  }
  if (chars > FILENAME_MAX_CHARS)
    return err_set(e, ERR_ATTACHMENT_NAME, "%d", FILENAME_MAX_CHARS);
  return 0;
}

/* 1 if content_type, without parameters and spaces, is want. */
static int media_type_is(const char *content_type, const char *want) {
  if (content_type == NULL) return 0;
  size_t n = strcspn(content_type, ";");
  while (n > 0 && content_type[n - 1] == ' ') n--;
  return n == strlen(want) && strncasecmp(content_type, want, n) == 0;
}

/* 1 if name ends in one of t's extensions. */
static int extension_fits(const char *name, enum filetype t) {
  size_t n = strlen(name);
  for (int i = 0; filetypes[t].extensions[i]; i++) {
    size_t k = strlen(filetypes[t].extensions[i]);
    if (n > k && strcasecmp(name + n - k, filetypes[t].extensions[i]) == 0)
      return 1;
  }
  return 0;
}

int filetype_check_upload(const void *data, size_t len,
                          const char *content_type, const char *filename,
                          struct err *e) {
  if (filetype_name_check(filename, e) != 0) return -1;
  enum filetype t = filetype_sniff(data, len);
  if (t == FILETYPE_UNKNOWN) return err_set(e, ERR_ATTACHMENT_TYPE, "content");
  if (!media_type_is(content_type, filetypes[t].media_type))
    return err_set(e, ERR_ATTACHMENT_TYPE, "Content-Type");
  if (!extension_fits(filename, t))
    return err_set(e, ERR_ATTACHMENT_NAME, "%d", FILENAME_MAX_CHARS);
  return (int)t;
}
