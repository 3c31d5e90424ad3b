/*
** Unit tests of src/http without a socket: target and cookie parsing, and
** the router's common checks in their order (404, 405 + Allow, 401/403,
** 413, 415) against the real routing table.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "http/http.h"

static void target_is_decoded_and_split(void **state) {
  (void)state;
  struct arena *a = arena_new();
  struct err e = {0};
  const char *path;
  struct http_param *q;
  size_t n;
  assert_int_equal(
      http_parse_target(a, "/api/v1/topics/%E5%8D%8F?q=%E8%80%81+%E6%97%A7&page=2&flag",
                        &path, &q, &n, &e),
      0);
  assert_string_equal(path, "/api/v1/topics/协");
  assert_int_equal(n, 3);
  assert_string_equal(q[0].name, "q");
  assert_string_equal(q[0].value, "老 旧");
  assert_string_equal(q[1].value, "2");
  assert_string_equal(q[2].name, "flag");
  assert_string_equal(q[2].value, "");
  /* What must be refused. */
  const char *bad[] = {"api", "/a/%2", "/a/%zz", "/a/%00b", "/a/%FF",
                       "/a/../etc/passwd", "/a/%2e%2e/x", "/./x", "/a?x=%"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    assert_int_equal(http_parse_target(a, bad[i], &path, &q, &n, &e), -1);
    assert_int_equal(err_status(&e), 400);
  }
  /* Too many parameters. */
  char many[1024] = "/x?";
  for (int i = 0; i < 70; i++) memcpy(many + 3 + i * 4, "a=1&", 5);
  assert_int_equal(http_parse_target(a, many, &path, &q, &n, &e), -1);
  arena_free(a);
}

static void cookies_are_found_by_exact_name(void **state) {
  (void)state;
  struct arena *a = arena_new();
  const char *h = "lang=en; xs_session=abc123;other = \"quoted v\" ;x=";
  assert_string_equal(http_parse_cookie(a, h, "xs_session"), "abc123");
  assert_string_equal(http_parse_cookie(a, h, "lang"), "en");
  assert_string_equal(http_parse_cookie(a, h, "other"), "quoted v");
  assert_string_equal(http_parse_cookie(a, h, "x"), "");
  assert_null(http_parse_cookie(a, h, "session"));
  assert_null(http_parse_cookie(a, NULL, "lang"));
  assert_null(http_parse_cookie(a, "novalue; ;;", "novalue"));
  arena_free(a);
}

static int deny_all(struct http_request *req, enum http_access access,
                    struct err *e) {
  (void)req;
  return access == ACCESS_PUBLIC ? 0 : err_set(e, ERR_UNAUTHENTICATED, NULL);
}

static const struct http_hooks deny_hooks = {deny_all, NULL};

/* Route a request and return the status (0 when it may proceed). */
static int route(const char *method, const char *path, int64_t length,
                 const char *type, struct http_response *res) {
  static struct arena *a;
  static struct http_response *last;
  if (a) arena_free(a);
  if (last) buf_free(&last->body);
  a = arena_new();
  last = res;
  struct http_request req;
  memset(&req, 0, sizeof req);
  memset(res, 0, sizeof *res);
  buf_init(&res->body, BUF_UNLIMITED);
  req.arena = a;
  req.method_name = method;
  req.method = http_method_parse(method);
  req.path = path;
  req.lang = LANG_EN;
  int rc = http_route_request(&req, res, &deny_hooks, length, type);
  return rc == 0 ? 0 : res->status;
}

static const char *header(struct http_response *res, const char *name) {
  for (int i = 0; i < res->nheaders; i++)
    if (strcmp(res->headers[i].name, name) == 0) return res->headers[i].value;
  return NULL;
}

static void forwarded_client_is_read_behind_trusted_proxies_only(void **state) {
  (void)state;
  const char *trusted = "127.0.0.1, ::1,10.0.0.2";
  static const struct {
    int use_trusted;
    const char *peer, *xff, *want;
  } cases[] = {
      /* No setting, an untrusted peer, no header: the peer. */
      {0, "127.0.0.1", "203.0.113.7", "127.0.0.1"},
      {1, "192.0.2.1", "203.0.113.7", "192.0.2.1"},
      {1, "127.0.0.1", NULL, "127.0.0.1"},
      /* The rightmost entry that is not a trusted proxy. */
      {1, "127.0.0.1", "203.0.113.7", "203.0.113.7"},
      {1, "127.0.0.1", "6.6.6.6, 203.0.113.7", "203.0.113.7"},
      {1, "127.0.0.1", " 2001:db8::7 ,10.0.0.2", "2001:db8::7"},
      {1, "::1", "203.0.113.7,\t127.0.0.1", "203.0.113.7"},
      /* Malformed, empty or only proxies: the peer. */
      {1, "127.0.0.1", "not-an-address", "127.0.0.1"},
      {1, "127.0.0.1", "203.0.113.7, ", "127.0.0.1"},
      {1, "127.0.0.1", "10.0.0.2,127.0.0.1", "127.0.0.1"},
      {1, "127.0.0.1", "2001:0db8:0000:0000:0000:0000:0000:0007:extra",
       "127.0.0.1"},
      /* A partial match of a trusted entry is not trusted. */
      {1, "127.0.0.11", "203.0.113.7", "127.0.0.11"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char out[HTTP_ADDR_MAX];
    http_forwarded_client(cases[i].use_trusted ? trusted : NULL, cases[i].peer,
                          cases[i].xff, out);
    if (strcmp(out, cases[i].want) != 0)
      fail_msg("case %zu: peer %s, X-Forwarded-For %s: got %s, want %s", i,
               cases[i].peer, cases[i].xff ? cases[i].xff : "(none)", out,
               cases[i].want);
  }
}

static void router_checks_come_in_order(void **state) {
  (void)state;
  struct http_response res;
  assert_int_equal(route("GET", "/healthz", 0, NULL, &res), 0);
  assert_int_equal(route("HEAD", "/healthz", 0, NULL, &res), 0);
  assert_int_equal(route("GET", "/api/v1/nothing", 0, NULL, &res), 404);
  assert_non_null(strstr(buf_str(&res.body), "\"not_found\""));
  assert_int_equal(route("POST", "/healthz", 0, NULL, &res), 405);
  assert_string_equal(header(&res, "Allow"), "GET, HEAD");
  assert_int_equal(route("PUT", "/api/v1/session", 0, NULL, &res), 405);
  assert_string_equal(header(&res, "Allow"), "GET, POST, DELETE, HEAD");
  /* 401 before 413 before 415. */
  assert_int_equal(route("GET", "/api/v1/session", 0, NULL, &res), 401);
  assert_int_equal(route("POST", "/api/v1/session", 1 << 30, "text/plain", &res),
                   413);
  assert_int_equal(route("POST", "/api/v1/session", 20, "text/plain", &res),
                   415);
  /* Somewhat too large: read and discarded, then 413 (not 415). */
  struct http_request req;
  memset(&req, 0, sizeof req);
  req.arena = arena_new();
  req.method = HTTP_POST;
  req.method_name = "POST";
  req.path = "/api/v1/session";
  assert_int_equal(http_route_request(&req, &res, &deny_hooks, 2 << 20,
                                      "text/plain"), 0);
  assert_int_equal(err_status(&req.deferred), 413);
  arena_free(req.arena);
  assert_non_null(strstr(buf_str(&res.body), "application/json"));
  assert_int_equal(route("POST", "/api/v1/session", 20,
                         "application/json; charset=utf-8", &res),
                   0);
  /* Without a web root, a non-API path is a 404 too. */
  assert_int_equal(route("GET", "/some/page", 0, NULL, &res), 404);
  buf_free(&res.body);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(target_is_decoded_and_split),
      cmocka_unit_test(cookies_are_found_by_exact_name),
      cmocka_unit_test(forwarded_client_is_read_behind_trusted_proxies_only),
      cmocka_unit_test(router_checks_come_in_order),
  };
  return cmocka_run_group_tests_name("http", tests, NULL, NULL);
}
