/*
** Region allocator: a linked list of chunks, each at least ARENA_CHUNK
** bytes; large requests get a chunk of their own.
*/
#include "util/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

#define ARENA_CHUNK 8192
#define ARENA_ALIGN 16

struct chunk {
  struct chunk *next;
  size_t size;  /* usable bytes after the header */
  size_t used;
  _Alignas(ARENA_ALIGN) unsigned char data[];
};

struct arena {
  struct chunk *head;
  size_t total;
};

struct arena *arena_new(void) { return xcalloc(1, sizeof(struct arena)); }

void arena_free(struct arena *a) {
  if (a == NULL) return;
  struct chunk *c = a->head;
  while (c) {
    struct chunk *next = c->next;
    free(c);
    c = next;
  }
  free(a);
}

void *arena_alloc(struct arena *a, size_t size) {
  size_t rounded = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
  if (rounded < size) abort(); /* overflow: size near SIZE_MAX */
  struct chunk *c = a->head;
  if (c == NULL || c->size - c->used < rounded) {
    size_t want = rounded > ARENA_CHUNK ? rounded : ARENA_CHUNK;
    c = xmalloc(sizeof(struct chunk) + want);
    c->size = want;
    c->used = 0;
    /* Keep a partly used chunk at the head when this one is a big one-off. */
    if (a->head && rounded > ARENA_CHUNK) {
      c->next = a->head->next;
      a->head->next = c;
    } else {
      c->next = a->head;
      a->head = c;
    }
  }
  void *p = c->data + c->used;
  c->used += rounded;
  a->total += rounded;
  memset(p, 0, size);
  return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t len) {
  char *p = arena_alloc(a, len + 1);
  memcpy(p, s, len);
  p[len] = '\0';
  return p;
}

char *arena_strdup(struct arena *a, const char *s) {
  return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_printf(struct arena *a, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) return arena_strdup(a, "");
  char *p = arena_alloc(a, (size_t)n + 1);
  va_start(ap, fmt);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return p;
}

size_t arena_used(const struct arena *a) { return a->total; }
