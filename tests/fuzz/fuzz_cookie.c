/*
** libFuzzer harness: the Cookie header parser on arbitrary bytes. The first
** byte picks the cookie name to look for; a value found must lie within the
** header.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *const names[] = {"xs_session", "lang", "a", "", "x y"};
  if (size == 0) return 0;
  const char *name = names[data[0] % 5];
  char *header = malloc(size);
  memcpy(header, data + 1, size - 1);
  header[size - 1] = '\0';
  struct arena *a = arena_new();
  const char *value = http_parse_cookie(a, header, name);
  if (value && strlen(value) > strlen(header)) abort();
  arena_free(a);
  free(header);
  return 0;
}
