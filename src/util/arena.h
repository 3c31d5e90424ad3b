/*
** A region allocator for the work of one request.
**
** Handlers allocate from the request's arena and never free piecemeal; the
** whole arena is released when the response has been sent. Allocation never
** fails (it aborts on out-of-memory like xmalloc).
*/
#ifndef XIESHANG_UTIL_ARENA_H
#define XIESHANG_UTIL_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

/* Create an empty arena. */
struct arena *arena_new(void);

/* Release every allocation made from the arena, and the arena itself. */
void arena_free(struct arena *a);

/* Allocate size bytes aligned for any type, zero-filled. */
void *arena_alloc(struct arena *a, size_t size);

/* Copy len bytes of s into the arena and NUL-terminate the copy. */
char *arena_strndup(struct arena *a, const char *s, size_t len);

/* Copy a NUL-terminated string (NULL gives NULL). */
char *arena_strdup(struct arena *a, const char *s);

/* Format into a new string in the arena. */
char *arena_printf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Bytes handed out so far (for tests and metrics). */
size_t arena_used(const struct arena *a);

#endif
