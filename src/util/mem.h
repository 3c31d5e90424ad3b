/*
** Memory allocation that never returns NULL.
**
** Out of memory is not a condition the server can recover from in a useful
** way (Redis, Fossil and h2o take the same view), so these wrappers print a
** message and abort(). Everything else in xieshang calls them instead of
** malloc() and friends.
*/
#ifndef XIESHANG_UTIL_MEM_H
#define XIESHANG_UTIL_MEM_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t len);

#endif
