/*
** Reading query-string parameters with limits and clear errors.
*/
#include <errno.h>
#include <stdlib.h>

#include "api/api_internal.h"

int api_query_int(struct http_request *req, const char *name, int64_t fallback,
                  int64_t min, int64_t max, int64_t *out, struct err *e) {
  const char *text = http_query(req, name);
  *out = fallback;
  if (text == NULL || *text == '\0') return 0;
  char *end;
  errno = 0;
  long long v = strtoll(text, &end, 10);
  if (errno != 0 || *end != '\0' || v < min || v > max)
    return err_set(e, ERR_FIELD_INVALID, "%s", name);
  *out = v;
  return 0;
}
