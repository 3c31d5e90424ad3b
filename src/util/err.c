/*
** The error catalogue and message formatting. See err.h and errors.def.
*/
#include "util/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/utf8.h"

struct err_entry {
  int status;
  const char *code;
  const char *message[2]; /* indexed by enum lang */
};

static const struct err_entry err_table[] = {
    [ERR_NONE] = {500, "internal", {"未知错误", "Unknown error"}},
#define E(name, st, c, zh, en) [ERR_##name] = {st, c, {zh, en}},
#include "util/errors.def"
#undef E
};

static const struct err_entry *err_entry(const struct err *e) {
  if (e == NULL || e->kind <= ERR_NONE || e->kind >= ERR_KIND_COUNT)
    return &err_table[ERR_INTERNAL];
  return &err_table[e->kind];
}

int err_set(struct err *e, enum err_kind kind, const char *fmt, ...) {
  if (e == NULL) return -1;
  e->kind = kind;
  e->detail[0] = '\0';
  if (fmt) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->detail, sizeof e->detail, fmt, ap);
    va_end(ap);
    utf8_trim(e->detail);
  }
  return -1;
}

int err_status(const struct err *e) { return err_entry(e)->status; }

const char *err_code(const struct err *e) { return err_entry(e)->code; }

void err_message(const struct err *e, enum lang lang, char *out, size_t size) {
  const char *tmpl = err_entry(e)->message[lang == LANG_EN ? 1 : 0];
  const char *hole = strstr(tmpl, "%s");
  if (size == 0) return;
  if (hole == NULL) {
    snprintf(out, size, "%s", tmpl);
    return;
  }
  const char *detail = e && e->detail[0] ? e->detail : "-";
  snprintf(out, size, "%.*s%s%s", (int)(hole - tmpl), tmpl, detail, hole + 2);
  utf8_trim(out);
}

enum lang lang_from_accept(const char *accept_language) {
  if (accept_language == NULL) return LANG_ZH;
  while (*accept_language == ' ') accept_language++;
  if (strncasecmp(accept_language, "en", 2) == 0) return LANG_EN;
  return LANG_ZH;
}
