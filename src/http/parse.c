/*
** Parsers of request bytes: the request target (path and query string),
** the Cookie header and X-Forwarded-For. They take outside bytes, so they are written to
** reject rather than guess, and tests/fuzz/ runs them on arbitrary input.
*/
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "http/http.h"
#include "util/utf8.h"

#define HTTP_MAX_QUERY_PARAMS 64

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Percent-decode s[0..len) into the arena; '+' means space when plus is set.
   Returns NULL for a bad escape, a NUL byte or invalid UTF-8. */
static char *decode(struct arena *a, const char *s, size_t len, int plus) {
  char *out = arena_alloc(a, len + 1);
  size_t n = 0;
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    if (c == '%') {
      if (i + 2 >= len) return NULL;
      int hi = hex_value(s[i + 1]);
      int lo = hex_value(s[i + 2]);
      if (hi < 0 || lo < 0) return NULL;
      c = (char)(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus) {
      c = ' ';
    }
    if (c == '\0') return NULL;
    out[n++] = c;
  }
  out[n] = '\0';
  return utf8_valid(out, n) ? out : NULL;
}

/* Reject "." and ".." segments so that no path can climb out of a folder. */
static int path_has_dot_segment(const char *path) {
  const char *p = path;
  while (*p) {
    while (*p == '/') p++;
    const char *end = strchr(p, '/');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    if ((len == 1 && p[0] == '.') || (len == 2 && p[0] == '.' && p[1] == '.'))
      return 1;
    p += len;
  }
  return 0;
}

static int parse_query(struct arena *a, const char *q, struct http_param **out,
                       size_t *count, struct err *e) {
  size_t cap = 1;
  for (const char *p = q; *p; p++)
    if (*p == '&') cap++;
  if (cap > HTTP_MAX_QUERY_PARAMS)
    return err_set(e, ERR_BAD_REQUEST, "more than %d query parameters",
                   HTTP_MAX_QUERY_PARAMS);
  struct http_param *params = arena_alloc(a, cap * sizeof *params);
  size_t n = 0;
  while (*q) {
    const char *end = strchr(q, '&');
    size_t len = end ? (size_t)(end - q) : strlen(q);
    if (len > 0) {
      const char *eq = memchr(q, '=', len);
      size_t klen = eq ? (size_t)(eq - q) : len;
      const char *key = decode(a, q, klen, 1);
      const char *value = eq ? decode(a, eq + 1, len - klen - 1, 1) : "";
      if (key == NULL || value == NULL)
        return err_set(e, ERR_BAD_REQUEST, "query string");
      params[n].name = key;
      params[n].value = value;
      n++;
    }
    q += len;
    if (*q == '&') q++;
  }
  *out = params;
  *count = n;
  return 0;
}

int http_parse_target(struct arena *a, const char *target, const char **path,
                      struct http_param **query, size_t *nquery,
                      struct err *e) {
  *path = NULL;
  *query = NULL;
  *nquery = 0;
  if (target == NULL || target[0] != '/')
    return err_set(e, ERR_BAD_REQUEST, "request target");
  size_t len = strlen(target);
  if (len > HTTP_MAX_TARGET)
    return err_set(e, ERR_QUERY_TOO_LONG, "%d", HTTP_MAX_TARGET);
  const char *hash = strchr(target, '#');
  if (hash) len = (size_t)(hash - target);
  const char *qmark = memchr(target, '?', len);
  size_t path_len = qmark ? (size_t)(qmark - target) : len;
  char *decoded = decode(a, target, path_len, 0);
  if (decoded == NULL || path_has_dot_segment(decoded))
    return err_set(e, ERR_BAD_REQUEST, "path");
  *path = decoded;
  if (qmark == NULL) return 0;
  char *q = arena_strndup(a, qmark + 1, len - path_len - 1);
  return parse_query(a, q, query, nquery, e);
}

const char *http_parse_cookie(struct arena *a, const char *header,
                              const char *name) {
  if (header == NULL || name == NULL) return NULL;
  size_t name_len = strlen(name);
  const char *p = header;
  while (*p) {
    while (*p == ' ' || *p == '\t' || *p == ';') p++;
    const char *end = strchr(p, ';');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    const char *eq = memchr(p, '=', len);
    if (eq) {
      size_t klen = (size_t)(eq - p);
      while (klen > 0 && (p[klen - 1] == ' ' || p[klen - 1] == '\t')) klen--;
      if (klen == name_len && memcmp(p, name, klen) == 0) {
        const char *v = eq + 1;
        size_t vlen = len - (size_t)(v - p);
        while (vlen > 0 && (*v == ' ' || *v == '\t')) v++, vlen--;
        while (vlen > 0 && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t')) vlen--;
        if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') v++, vlen -= 2;
        return arena_strndup(a, v, vlen);
      }
    }
    p += len;
  }
  return NULL;
}

static const struct {
  int method;
  const char *name;
} methods[] = {
    {HTTP_GET, "GET"},       {HTTP_POST, "POST"},     {HTTP_PUT, "PUT"},
    {HTTP_PATCH, "PATCH"},   {HTTP_DELETE, "DELETE"}, {HTTP_HEAD, "HEAD"},
    {HTTP_OPTIONS, "OPTIONS"},
};

int http_method_parse(const char *name) {
  for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
    if (name && strcmp(name, methods[i].name) == 0) return methods[i].method;
  return 0;
}

const char *http_method_name(int method) {
  for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
    if (methods[i].method == method) return methods[i].name;
  return "?";
}

/* 1 if addr (len bytes) is one of the comma-separated entries of list. */
static int address_listed(const char *list, const char *addr, size_t len) {
  while (list && *list) {
    while (*list == ' ' || *list == ',') list++;
    size_t n = strcspn(list, ", ");
    if (n == len && n > 0 && strncmp(list, addr, n) == 0) return 1;
    list += n;
  }
  return 0;
}

/* 1 if text (len bytes) is an IPv4 or IPv6 address; copies it to out. */
static int address_parse(const char *text, size_t len,
                         char out[HTTP_ADDR_MAX]) {
  unsigned char bin[sizeof(struct in6_addr)];
  if (len == 0 || len >= HTTP_ADDR_MAX) return 0;
  char copy[HTTP_ADDR_MAX];
  memcpy(copy, text, len);
  copy[len] = '\0';
  if (inet_pton(AF_INET, copy, bin) != 1 && inet_pton(AF_INET6, copy, bin) != 1)
    return 0;
  memcpy(out, copy, len + 1);
  return 1;
}

void http_forwarded_client(const char *trusted, const char *peer,
                           const char *xff, char out[HTTP_ADDR_MAX]) {
  snprintf(out, HTTP_ADDR_MAX, "%s", peer ? peer : "-");
  if (trusted == NULL || peer == NULL || xff == NULL ||
      !address_listed(trusted, peer, strlen(peer)))
    return;
  /* From the right: each entry was appended by the proxy in front of it. */
  size_t end = strlen(xff);
  while (end > 0) {
    size_t start = end;
    while (start > 0 && xff[start - 1] != ',') start--;
    size_t a = start, b = end;
    while (a < b && (xff[a] == ' ' || xff[a] == '\t')) a++;
    while (b > a && (xff[b - 1] == ' ' || xff[b - 1] == '\t')) b--;
    if (!address_listed(trusted, xff + a, b - a)) {
      char client[HTTP_ADDR_MAX];
      if (address_parse(xff + a, b - a, client))
        memcpy(out, client, strlen(client) + 1);
      return;
    }
    end = start > 0 ? start - 1 : 0;
  }
}
