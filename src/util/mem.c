/*
** Allocation wrappers: abort with a message when memory runs out.
*/
#include "util/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void mem_fail(size_t size) {
  fprintf(stderr, "xieshang: out of memory allocating %zu bytes\n", size);
  abort();
}

void *xmalloc(size_t size) {
  void *p = malloc(size ? size : 1);
  if (p == NULL) mem_fail(size);
  return p;
}

void *xcalloc(size_t count, size_t size) {
  void *p = calloc(count ? count : 1, size ? size : 1);
  if (p == NULL) mem_fail(count * size);
  return p;
}

void *xrealloc(void *ptr, size_t size) {
  void *p = realloc(ptr, size ? size : 1);
  if (p == NULL) mem_fail(size);
  return p;
}

char *xstrndup(const char *s, size_t len) {
  char *p = xmalloc(len + 1);
  memcpy(p, s, len);
  p[len] = '\0';
  return p;
}

char *xstrdup(const char *s) { return xstrndup(s, strlen(s)); }
