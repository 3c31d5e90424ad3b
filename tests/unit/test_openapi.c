/*
** The OpenAPI document (docs/openapi.json, compiled in) and the routing
** table (src/http/routes.def) must describe the same API: this test fails
** when a route is missing from the document, or the document describes a
** route the server does not have.
*/
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "http/http.h"
#include "util/embedded.h"

static json_t *load_document(void) {
  const struct embedded_file *f = embedded_find("docs/openapi.json");
  assert_non_null(f);
  json_error_t je;
  json_t *doc = json_loadb((const char *)f->data, f->size, 0, &je);
  if (doc == NULL) fail_msg("openapi.json: %d:%d %s", je.line, je.column, je.text);
  return doc;
}

static void every_route_is_documented(void **state) {
  (void)state;
  json_t *doc = load_document();
  assert_string_equal(json_string_value(json_object_get(doc, "openapi")), "3.0.3");
  json_t *paths = json_object_get(doc, "paths");
  int missing = 0;
  for (size_t i = 0; i < http_route_count; i++) {
    const struct http_route *r = &http_routes[i];
    char method[16];
    snprintf(method, sizeof method, "%s", http_method_name(r->method));
    for (char *p = method; *p; p++) *p = (char)tolower((unsigned char)*p);
    json_t *op = json_object_get(json_object_get(paths, r->pattern), method);
    if (op == NULL || json_object_get(op, "responses") == NULL) {
      fprintf(stderr, "missing from docs/openapi.json: %s %s\n",
              http_method_name(r->method), r->pattern);
      missing++;
    }
  }
  json_decref(doc);
  assert_int_equal(missing, 0);
}

static void every_documented_route_exists(void **state) {
  (void)state;
  json_t *doc = load_document();
  const char *path;
  json_t *item;
  int extra = 0;
  json_object_foreach(json_object_get(doc, "paths"), path, item) {
    const char *method;
    json_t *op;
    json_object_foreach(item, method, op) {
      int found = 0;
      for (size_t i = 0; i < http_route_count; i++) {
        const struct http_route *r = &http_routes[i];
        if (strcmp(r->pattern, path) == 0 &&
            strcasecmp(http_method_name(r->method), method) == 0)
          found = 1;
      }
      if (!found) {
        fprintf(stderr, "documented but not routed: %s %s\n", method, path);
        extra++;
      }
    }
  }
  json_decref(doc);
  assert_int_equal(extra, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(every_route_is_documented),
      cmocka_unit_test(every_documented_route_exists),
  };
  return cmocka_run_group_tests_name("openapi", tests, NULL, NULL);
}
