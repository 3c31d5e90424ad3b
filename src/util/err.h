/*
** Errors that a person will read.
**
** A function that can fail returns a negative int and, where the failure
** reaches a user, fills a struct err: a kind from the catalogue in
** errors.def (which fixes the HTTP status, the stable code and the message
** in Chinese and English) plus an optional detail that fills the message's
** %s. The API turns it into {"error":{"code":..,"message":..}} in the
** caller's language; the command line prints it.
*/
#ifndef XIESHANG_UTIL_ERR_H
#define XIESHANG_UTIL_ERR_H

#include <stddef.h>

enum err_kind {
  ERR_NONE = 0,
#define E(name, status, code, zh, en) ERR_##name,
#include "util/errors.def"
#undef E
  ERR_KIND_COUNT
};

enum lang { LANG_ZH = 0, LANG_EN = 1 };

struct err {
  enum err_kind kind;
  char detail[160];  /* fills %s in the message; "" when there is none */
};

/* Set the error kind and detail (printf-style; NULL for none). Returns -1 so
   that callers can write `return err_set(e, ERR_X, NULL);`. A NULL e is
   allowed and ignored. */
int err_set(struct err *e, enum err_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* HTTP status for the kind (500 for ERR_NONE and unknown kinds). */
int err_status(const struct err *e);

/* Stable machine-readable code, e.g. "invalid_json". */
const char *err_code(const struct err *e);

/* Write the message in the given language into out (always NUL-terminated). */
void err_message(const struct err *e, enum lang lang, char *out, size_t size);

/* Pick the language from an Accept-Language header value: English when the
   first language listed is English, Chinese otherwise (and when NULL). */
enum lang lang_from_accept(const char *accept_language);

#endif
