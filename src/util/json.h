/*
** JSON through jansson: parsing request bodies within limits, and small
** helpers for reading typed fields with errors a person can act on.
*/
#ifndef XIESHANG_UTIL_JSON_H
#define XIESHANG_UTIL_JSON_H

#include <jansson.h>
#include <stddef.h>

#include "util/err.h"

#define JSON_MAX_DEPTH 32

/* Parse a request body. It must be valid UTF-8, nested at most max_depth
   levels, free of duplicate keys, and a JSON object. Returns a new reference
   (json_decref it) or NULL with e set (ERR_INVALID_UTF8, ERR_JSON_TOO_DEEP,
   ERR_INVALID_JSON or ERR_FIELD_TYPE). */
json_t *json_parse_body(const char *data, size_t len, int max_depth,
                        struct err *e);

/* The string member key of obj. Returns 0 and sets *out (borrowed from obj),
   or -1 with e set: ERR_FIELD_REQUIRED if absent and required, ERR_FIELD_TYPE
   if not a string. An absent optional member gives 0 and *out = NULL. */
int json_get_string(json_t *obj, const char *key, int required,
                    const char **out, struct err *e);

/* Same for an integer member; *present tells whether it was there. */
int json_get_int(json_t *obj, const char *key, int required, long long *out,
                 int *present, struct err *e);

/* Same for a boolean member. */
int json_get_bool(json_t *obj, const char *key, int required, int *out,
                  int *present, struct err *e);

#endif
