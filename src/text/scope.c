/*
** Scope tokens: a document's filterable attributes (type, unit subtree,
** state) written as index terms, so that a filtered search is one more AND
** inside the full-text index instead of a check of each match's row.
**
** A document under unit path /1/4/9/ of type "topic" in state "accepted"
** has the tokens
**   t746f706963  s6163636570746564  u1  u1x4  u1x4x9
** "t" and "s" followed by the value's bytes in hex (any value is safe and
** two values never share a token), and "u" followed by each ancestor's path
** with "x" between the ids, so a subtree filter is the one token of its
** root. A filter has one token per attribute it sets. Tokens hold only
** ASCII letters and digits, so the FTS5 tokenizer keeps each one whole, and
** PostgreSQL's migration 0009 builds the same strings in SQL.
*/
#include "text/text.h"

#include <stdio.h>
#include <string.h>

/* Append " <prefix><hex of value>"; 0 or TEXT_ETOOBIG. */
static int scope_put_hex(char *out, size_t size, size_t *len, char prefix,
                         const char *value) {
  static const char digits[] = "0123456789abcdef";
  size_t vlen = strlen(value);
  if (*len + 2 + 2 * vlen + 1 > size) return TEXT_ETOOBIG;
  if (*len > 0) out[(*len)++] = ' ';
  out[(*len)++] = prefix;
  for (size_t i = 0; i < vlen; i++) {
    out[(*len)++] = digits[(unsigned char)value[i] >> 4];
    out[(*len)++] = digits[(unsigned char)value[i] & 15];
  }
  out[*len] = '\0';
  return 0;
}

/* Is path "/", or "/" followed by ids of digits each ending in "/" (the
   last "/" may be left out)? */
static int scope_path_ok(const char *path) {
  if (path[0] != '/') return 0;
  for (const char *p = path + 1; *p; p++) {
    if (*p == '/' && p[-1] == '/') return 0;
    if (*p != '/' && (*p < '0' || *p > '9')) return 0;
  }
  return 1;
}

/* Append the unit tokens of path: every ancestor's (all) or only the
   deepest one's. 0, TEXT_EINVAL or TEXT_ETOOBIG. */
static int scope_put_unit(char *out, size_t size, size_t *len,
                          const char *path, int all) {
  if (!scope_path_ok(path)) return TEXT_EINVAL;
  size_t plen = strlen(path);
  while (plen > 1 && path[plen - 1] == '/') plen--;
  if (plen <= 1) return 0; /* the root: no token, every unit */
  for (size_t end = 2; end <= plen; end++) {
    if (end < plen && path[end] != '/') continue;
    if (!all && end < plen) continue;
    if (*len + 2 + end + 1 > size) return TEXT_ETOOBIG;
    if (*len > 0) out[(*len)++] = ' ';
    out[(*len)++] = 'u';
    for (size_t i = 1; i < end; i++)
      out[(*len)++] = path[i] == '/' ? 'x' : path[i];
    out[*len] = '\0';
  }
  return 0;
}

int text_scope_document(const char *type, const char *unit_path,
                        const char *state, char *out, size_t size) {
  size_t len = 0;
  int rc;
  if (size == 0) return TEXT_EINVAL;
  out[0] = '\0';
  rc = scope_put_hex(out, size, &len, 't', type ? type : "");
  if (rc == 0) rc = scope_put_hex(out, size, &len, 's', state ? state : "");
  /* A malformed path gives no unit token: no unit filter finds it. */
  if (rc == 0 && unit_path != NULL &&
      scope_put_unit(out, size, &len, unit_path, 1) == TEXT_ETOOBIG)
    rc = TEXT_ETOOBIG;
  return rc;
}

int text_scope_filter(const char *type, const char *unit_path,
                      const char *state, char *out, size_t size) {
  size_t len = 0;
  int rc = 0;
  if (size == 0) return TEXT_EINVAL;
  out[0] = '\0';
  if (type && *type) rc = scope_put_hex(out, size, &len, 't', type);
  if (rc == 0 && state && *state)
    rc = scope_put_hex(out, size, &len, 's', state);
  if (rc == 0 && unit_path && *unit_path)
    rc = scope_put_unit(out, size, &len, unit_path, 0);
  return rc;
}
