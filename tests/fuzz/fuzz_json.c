/*
** libFuzzer harness: request-body parsing (UTF-8 check, nesting limit,
** jansson) and the typed field readers on arbitrary bytes. A body is either
** accepted as an object or refused with a 400-class error; never a crash.
*/
#include <stdint.h>
#include <stdlib.h>

#include "util/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct err e = {0};
  json_t *j = json_parse_body((const char *)data, size, JSON_MAX_DEPTH, &e);
  if (j == NULL) {
    if (err_status(&e) != 400) abort();
    return 0;
  }
  if (!json_is_object(j)) abort();
  const char *s;
  long long n;
  int b, present;
  json_get_string(j, "phone", 0, &s, &e);
  json_get_int(j, "n", 0, &n, &present, &e);
  json_get_bool(j, "flag", 0, &b, &present, &e);
  json_decref(j);
  return 0;
}
