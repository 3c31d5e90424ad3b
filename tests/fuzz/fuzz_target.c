/*
** libFuzzer harness: the request-target parser (path and query string) on
** arbitrary bytes. Checks the parser's promises: a decoded path starts with
** '/', is valid UTF-8, holds no NUL and no dot segment; parameters are valid
** UTF-8.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/http.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *target = malloc(size + 1);
  memcpy(target, data, size);
  target[size] = '\0';
  struct arena *a = arena_new();
  struct err e = {0};
  const char *path;
  struct http_param *q;
  size_t n;
  if (http_parse_target(a, target, &path, &q, &n, &e) == 0) {
    if (path[0] != '/' || !utf8_valid(path, strlen(path))) abort();
    if (strstr(path, "/../") || strstr(path, "/./")) abort();
    for (size_t i = 0; i < n; i++)
      if (!utf8_valid(q[i].name, strlen(q[i].name)) ||
          !utf8_valid(q[i].value, strlen(q[i].value)))
        abort();
  } else if (err_status(&e) < 400 || err_status(&e) > 499) {
    abort();
  }
  arena_free(a);
  free(target);
  return 0;
}
