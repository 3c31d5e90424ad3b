/*
** Unit tests of src/util and src/cli/config: buffers with limits, arenas,
** UTF-8, the error catalogue in both languages, JSON body parsing, and
** configuration precedence.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "cli/config.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/json.h"
#include "util/timeutil.h"
#include "util/utf8.h"

static void buf_refuses_to_pass_its_maximum(void **state) {
  (void)state;
  struct buf b;
  buf_init(&b, 8);
  assert_int_equal(buf_puts(&b, "协商"), 0); /* 6 bytes */
  assert_int_equal(buf_puts(&b, "ab"), 0);
  assert_int_equal(buf_putc(&b, 'c'), -1);
  assert_int_equal(b.len, 8);
  assert_string_equal(buf_str(&b), "协商ab");
  assert_int_equal(buf_printf(&b, "%d", 1), -1);
  buf_free(&b);
  buf_init(&b, BUF_UNLIMITED);
  for (int i = 0; i < 1000; i++) assert_int_equal(buf_printf(&b, "%04d", i), 0);
  assert_int_equal(b.len, 4000);
  assert_memory_equal(b.data + 3996, "0999", 4);
  buf_free(&b);
}

static void arena_keeps_allocations_until_freed(void **state) {
  (void)state;
  struct arena *a = arena_new();
  char *s = arena_strdup(a, "议什么由群众说了算");
  char *big = arena_alloc(a, 100000); /* larger than a chunk */
  memset(big, 'x', 100000);
  char *t = arena_printf(a, "%s-%d", "topic", 42);
  assert_string_equal(s, "议什么由群众说了算");
  assert_string_equal(t, "topic-42");
  assert_true(((uintptr_t)arena_alloc(a, 3) % 16) == 0);
  assert_true(arena_used(a) >= 100000);
  arena_free(a);
}

static void utf8_validation_rejects_bad_sequences(void **state) {
  (void)state;
  assert_true(utf8_valid("老舊小區改造", strlen("老舊小區改造")));
  assert_false(utf8_valid("\xC0\xAF", 2));         /* overlong '/' */
  assert_false(utf8_valid("\xED\xA0\x80", 3));     /* surrogate */
  assert_false(utf8_valid("\xF4\x90\x80\x80", 4)); /* past U+10FFFF */
  assert_false(utf8_valid("\xE5\x8D", 2));         /* truncated */
  assert_int_equal(utf8_check("ab\xFF", 3), 2);
  char cut[] = "协商\xE5\x8D";
  utf8_trim(cut);
  assert_string_equal(cut, "协商");
}

static void errors_read_in_both_languages(void **state) {
  (void)state;
  struct err e = {0};
  char msg[256];
  assert_int_equal(err_set(&e, ERR_FIELD_REQUIRED, "%s", "title"), -1);
  assert_int_equal(err_status(&e), 400);
  assert_string_equal(err_code(&e), "field_required");
  err_message(&e, LANG_ZH, msg, sizeof msg);
  assert_string_equal(msg, "缺少必填项：title");
  err_message(&e, LANG_EN, msg, sizeof msg);
  assert_string_equal(msg, "A required field is missing: title");
  err_set(&e, ERR_UNAUTHENTICATED, NULL);
  assert_int_equal(err_status(&e), 401);
  assert_int_equal(lang_from_accept("en-US,en;q=0.9"), LANG_EN);
  assert_int_equal(lang_from_accept("zh-CN,zh;q=0.9,en;q=0.8"), LANG_ZH);
  assert_int_equal(lang_from_accept(NULL), LANG_ZH);
}

static void json_bodies_are_checked_before_use(void **state) {
  (void)state;
  struct err e = {0};
  const char *ok = "{\"title\":\"老旧小区改造\",\"n\":3}";
  json_t *j = json_parse_body(ok, strlen(ok), JSON_MAX_DEPTH, &e);
  assert_non_null(j);
  const char *title;
  long long n;
  int present;
  assert_int_equal(json_get_string(j, "title", 1, &title, &e), 0);
  assert_string_equal(title, "老旧小区改造");
  assert_int_equal(json_get_int(j, "n", 1, &n, &present, &e), 0);
  assert_int_equal(n, 3);
  assert_int_equal(json_get_string(j, "n", 1, &title, &e), -1);
  assert_int_equal(e.kind, ERR_FIELD_TYPE);
  assert_int_equal(json_get_string(j, "missing", 1, &title, &e), -1);
  assert_int_equal(e.kind, ERR_FIELD_REQUIRED);
  assert_int_equal(json_get_string(j, "missing", 0, &title, &e), 0);
  assert_null(title);
  json_decref(j);

  assert_null(json_parse_body("{\"a\":", 5, JSON_MAX_DEPTH, &e));
  assert_int_equal(e.kind, ERR_INVALID_JSON);
  assert_null(json_parse_body("{\"a\":\"\xFF\"}", 8, JSON_MAX_DEPTH, &e));
  assert_int_equal(e.kind, ERR_INVALID_UTF8);
  assert_null(json_parse_body("[1]", 3, JSON_MAX_DEPTH, &e));
  assert_int_equal(e.kind, ERR_FIELD_TYPE);
  assert_null(json_parse_body("{\"a\":1,\"a\":2}", 13, JSON_MAX_DEPTH, &e));
  assert_int_equal(e.kind, ERR_INVALID_JSON);
  char deep[200];
  int len = 0;
  len += snprintf(deep + len, sizeof deep - (size_t)len, "{\"a\":");
  for (int i = 0; i < 40; i++) deep[len++] = '[';
  for (int i = 0; i < 40; i++) deep[len++] = ']';
  deep[len++] = '}';
  assert_null(json_parse_body(deep, (size_t)len, JSON_MAX_DEPTH, &e));
  assert_int_equal(e.kind, ERR_JSON_TOO_DEEP);
  /* Brackets inside strings do not count as nesting. */
  const char *quoted = "{\"a\":\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"}";
  j = json_parse_body(quoted, strlen(quoted), JSON_MAX_DEPTH, &e);
  assert_non_null(j);
  json_decref(j);
}

static void config_sources_apply_in_order(void **state) {
  (void)state;
  struct config c;
  struct err e = {0};
  char path[] = "/tmp/xieshang-conf-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  const char *text = "# settings\ndb = sqlite:/tmp/from-file.db\n"
                     "listen = 127.0.0.1:9000\nthreads = 3\n";
  assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
  close(fd);
  config_defaults(&c);
  assert_string_equal(c.listen, "127.0.0.1:8080");
  assert_int_equal(config_load_file(&c, path, &e), 0);
  assert_string_equal(c.db, "sqlite:/tmp/from-file.db");
  assert_int_equal(c.threads, 3);
  setenv("XIESHANG_LISTEN", "127.0.0.1:9001", 1);
  assert_int_equal(config_load_env(&c, &e), 0);
  assert_string_equal(c.listen, "127.0.0.1:9001");
  assert_string_equal(c.db, "sqlite:/tmp/from-file.db");
  assert_int_equal(config_set(&c, "listen", "127.0.0.1:9002", &e), 0);
  assert_string_equal(c.listen, "127.0.0.1:9002");
  unsetenv("XIESHANG_LISTEN");
  assert_int_equal(config_set(&c, "threads", "many", &e), -1);
  assert_int_equal(config_set(&c, "colour", "red", &e), -1);
  assert_non_null(strstr(e.detail, "colour"));
  FILE *f = fopen(path, "w");
  fputs("db = sqlite:x\nthis line is wrong\n", f);
  fclose(f);
  assert_int_equal(config_load_file(&c, path, &e), -1);
  assert_non_null(strstr(e.detail, ":2:"));
  unlink(path);
}

static void times_show_in_shanghai(void **state) {
  (void)state;
  char out[40];
  time_format_local(0, out, sizeof out);
  assert_string_equal(out, "1970-01-01T08:00:00.000+08:00");
  time_format_local(1795000000123LL, out, sizeof out);
  assert_string_equal(out, "2026-11-18T19:06:40.123+08:00");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(buf_refuses_to_pass_its_maximum),
      cmocka_unit_test(arena_keeps_allocations_until_freed),
      cmocka_unit_test(utf8_validation_rejects_bad_sequences),
      cmocka_unit_test(errors_read_in_both_languages),
      cmocka_unit_test(json_bodies_are_checked_before_use),
      cmocka_unit_test(config_sources_apply_in_order),
      cmocka_unit_test(times_show_in_shanghai),
  };
  return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
