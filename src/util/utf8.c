/*
** UTF-8 validation. See utf8.h.
*/
#include "util/utf8.h"

#include <string.h>

/* Length of the valid sequence starting at p (at most n bytes), 0 if none. */
static size_t utf8_sequence(const unsigned char *p, size_t n) {
  unsigned char c = p[0];
  if (c < 0x80) return 1;
  size_t len;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;      /* no overlongs */
    if (c == 0xED) hi = 0x9F;      /* no surrogates */
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;      /* no overlongs */
    if (c == 0xF4) hi = 0x8F;      /* nothing past U+10FFFF */
  } else {
    return 0;
  }
  if (n < len) return 0;
  if (p[1] < lo || p[1] > hi) return 0;
  for (size_t i = 2; i < len; i++)
    if (p[i] < 0x80 || p[i] > 0xBF) return 0;
  return len;
}

size_t utf8_check(const char *s, size_t len) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < len) {
    size_t n = utf8_sequence(p + i, len - i);
    if (n == 0) return i;
    i += n;
  }
  return len;
}

int utf8_valid(const char *s, size_t len) { return utf8_check(s, len) == len; }

void utf8_trim(char *s) { s[utf8_check(s, strlen(s))] = '\0'; }
