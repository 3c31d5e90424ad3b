/*
** Files compiled into the binary by tools/embed.c: migrations, the OpenAPI
** document and (with `make dist`) the web front end. The table is generated
** at build time into build/gen/embedded.c and sorted by path.
*/
#ifndef XIESHANG_UTIL_EMBEDDED_H
#define XIESHANG_UTIL_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
  const char *path;            /* path in the source tree, e.g. docs/x.json */
  const unsigned char *data;   /* contents, followed by a NUL byte */
  size_t size;                 /* bytes, not counting the NUL */
};

extern const struct embedded_file embedded_files[];
extern const size_t embedded_file_count;

/* The embedded file at exactly path, or NULL. */
const struct embedded_file *embedded_find(const char *path);

#endif
