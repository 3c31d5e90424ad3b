/*
** Reading numbers from the request: ids in the path, paging and flags in
** the query string. Bad values are a 400 naming the parameter, never a
** silent default.
*/
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "api/api_internal.h"

/* Parse a whole decimal number in [min, max]. Returns 0 or -1. */
static int parse_int64(const char *s, int64_t min, int64_t max,
                       int64_t *out) {
  if (s == NULL || *s == '\0' || strlen(s) > 19) return -1;
  for (const char *p = s; *p; p++)
    if ((*p < '0' || *p > '9') && !(p == s && *p == '-')) return -1;
  errno = 0;
  char *end;
  long long v = strtoll(s, &end, 10);
  if (errno != 0 || *end != '\0' || v < min || v > max) return -1;
  *out = v;
  return 0;
}

int api_path_id(struct http_request *req, int index, int64_t *out,
                struct err *e) {
  if (index >= req->nparams ||
      parse_int64(req->params[index], 1, INT64_MAX, out) != 0)
    return err_set(e, ERR_NOT_FOUND, "%.60s", req->path);
  return 0;
}

int api_query_int(struct http_request *req, const char *name, int64_t fallback,
                  int64_t min, int64_t max, int64_t *out, struct err *e) {
  const char *v = http_query(req, name);
  *out = fallback;
  if (v == NULL) return 0;
  if (parse_int64(v, min, max, out) != 0)
    return err_set(e, ERR_FIELD_INVALID, "%s", name);
  return 0;
}

int api_query_flag(struct http_request *req, const char *name, int *out,
                   struct err *e) {
  const char *v = http_query(req, name);
  *out = 0;
  if (v == NULL || strcmp(v, "0") == 0 || strcmp(v, "false") == 0) return 0;
  if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0) {
    *out = 1;
    return 0;
  }
  return err_set(e, ERR_FIELD_INVALID, "%s", name);
}

int api_json_id(json_t *obj, const char *key, int required, int64_t *out,
                struct err *e) {
  long long v = 0;
  int present = 0;
  *out = 0;
  if (json_get_int(obj, key, required, &v, &present, e) != 0) return -1;
  if (present && v < 1) return err_set(e, ERR_FIELD_INVALID, "%s", key);
  *out = v;
  return 0;
}
