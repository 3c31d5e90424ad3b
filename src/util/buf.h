/*
** A growable byte buffer that carries its own maximum (curl's dynbuf is the
** model). Appending past the maximum fails cleanly instead of growing, so
** anything sized by outside input (request bodies, query strings, exports)
** has a hard limit that turns into a 413 or 400, not into memory pressure.
**
** The buffer is always NUL-terminated after a successful append, so text can
** be read with buf->data directly.
*/
#ifndef XIESHANG_UTIL_BUF_H
#define XIESHANG_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
  char *data;     /* NULL until the first append; NUL-terminated after */
  size_t len;     /* bytes in use, not counting the terminating NUL */
  size_t cap;     /* bytes allocated */
  size_t max;     /* largest len allowed */
};

#define BUF_UNLIMITED ((size_t)-1 / 2)

/* Prepare an empty buffer that may hold at most max bytes. */
void buf_init(struct buf *b, size_t max);

/* Append n bytes. Returns 0, or -1 (buffer unchanged) if len would pass max. */
int buf_append(struct buf *b, const void *data, size_t n);

/* Append a NUL-terminated string. Same contract as buf_append(). */
int buf_puts(struct buf *b, const char *s);

/* Append one byte. Same contract as buf_append(). */
int buf_putc(struct buf *b, char c);

/* Append printf-style formatted text. Same contract as buf_append(). */
int buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* Return the contents as a C string ("" when empty); owned by the buffer. */
const char *buf_str(const struct buf *b);

/* Forget the contents but keep the allocation and the maximum. */
void buf_reset(struct buf *b);

/* Release the memory; the buffer may be initialised again afterwards. */
void buf_free(struct buf *b);

/* Hand the contents to the caller (free() it) and leave the buffer empty. */
char *buf_detach(struct buf *b, size_t *len);

#endif
