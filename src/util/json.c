/*
** Request-body parsing and typed field access. See json.h.
*/
#include "util/json.h"

#include "util/utf8.h"

/* Deepest nesting of [ and { outside strings; stops counting past limit. */
static int json_depth(const char *s, size_t len, int limit) {
  int depth = 0, deepest = 0, in_string = 0;
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    if (in_string) {
      if (c == '\\') i++;
      else if (c == '"') in_string = 0;
      continue;
    }
    if (c == '"') {
      in_string = 1;
    } else if (c == '[' || c == '{') {
      if (++depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if ((c == ']' || c == '}') && depth > 0) {
      depth--;
    }
  }
  return deepest;
}

json_t *json_parse_body(const char *data, size_t len, int max_depth,
                        struct err *e) {
  size_t bad = utf8_check(data, len);
  if (bad != len) {
    err_set(e, ERR_INVALID_UTF8, "byte %zu", bad);
    return NULL;
  }
  if (json_depth(data, len, max_depth) > max_depth) {
    err_set(e, ERR_JSON_TOO_DEEP, "%d", max_depth);
    return NULL;
  }
  json_error_t je;
  json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
  if (root == NULL) {
    err_set(e, ERR_INVALID_JSON, "%d:%d %s", je.line, je.column, je.text);
    return NULL;
  }
  if (!json_is_object(root)) {
    json_decref(root);
    err_set(e, ERR_FIELD_TYPE, "body must be a JSON object");
    return NULL;
  }
  return root;
}

/* Look up key; 1 if present, 0 if absent (error set when required). */
static int json_member(json_t *obj, const char *key, int required,
                       json_t **value, struct err *e) {
  *value = json_object_get(obj, key);
  if (*value == NULL || json_is_null(*value)) {
    *value = NULL;
    if (required) err_set(e, ERR_FIELD_REQUIRED, "%s", key);
    return required ? -1 : 0;
  }
  return 1;
}

int json_get_string(json_t *obj, const char *key, int required,
                    const char **out, struct err *e) {
  json_t *v;
  *out = NULL;
  int rc = json_member(obj, key, required, &v, e);
  if (rc <= 0) return rc;
  if (!json_is_string(v)) return err_set(e, ERR_FIELD_TYPE, "%s", key);
  *out = json_string_value(v);
  return 0;
}

int json_get_int(json_t *obj, const char *key, int required, long long *out,
                 int *present, struct err *e) {
  json_t *v;
  *present = 0;
  int rc = json_member(obj, key, required, &v, e);
  if (rc <= 0) return rc;
  if (!json_is_integer(v)) return err_set(e, ERR_FIELD_TYPE, "%s", key);
  *out = json_integer_value(v);
  *present = 1;
  return 0;
}

int json_get_bool(json_t *obj, const char *key, int required, int *out,
                  int *present, struct err *e) {
  json_t *v;
  *present = 0;
  int rc = json_member(obj, key, required, &v, e);
  if (rc <= 0) return rc;
  if (!json_is_boolean(v)) return err_set(e, ERR_FIELD_TYPE, "%s", key);
  *out = json_is_true(v);
  *present = 1;
  return 0;
}
