/*
** UTF-8 validation (RFC 3629: no overlongs, no surrogates, at most U+10FFFF).
*/
#ifndef XIESHANG_UTIL_UTF8_H
#define XIESHANG_UTIL_UTF8_H

#include <stddef.h>

/* Return the byte offset of the first invalid sequence, or len if the whole
   input is valid. */
size_t utf8_check(const char *s, size_t len);

/* True if all len bytes are valid UTF-8. */
int utf8_valid(const char *s, size_t len);

/* Cut a NUL-terminated string at its first invalid byte, so that text
   truncated by snprintf never ends in half a character. */
void utf8_trim(char *s);

#endif
