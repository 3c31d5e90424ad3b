/*
** Configuration sources and their precedence. See config.h.
*/
#include "cli/config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/throttle.h"
#include "util/log.h"

void config_defaults(struct config *c) {
  memset(c, 0, sizeof *c);
  snprintf(c->db, sizeof c->db, "sqlite:data/xieshang.db");
  snprintf(c->listen, sizeof c->listen, "127.0.0.1:8080");
  c->threads = 32;
  c->pool = 8;
  c->timeout = 30;
  c->max_connections = 4096;
  c->connection_memory = 32 * 1024;
  c->sqlite_cache = 2048;
  c->sqlite_mmap = 0;
  c->json_body_max = 1L << 20;
  c->upload_max = 16L << 20;
  snprintf(c->log_level, sizeof c->log_level, "info");
  c->login_account_max = 5;
  c->login_address_max = 20;
  c->login_window = 15 * 60;
  c->login_lockout = 15 * 60;
}

static int set_string(char *dst, size_t size, const char *key,
                      const char *value, struct err *e) {
  if (strlen(value) >= size)
    return err_set(e, ERR_CONFIG, "%s is too long", key);
  snprintf(dst, size, "%s", value);
  return 0;
}

static int set_number(long *dst, const char *key, const char *value, long min,
                      long max, struct err *e) {
  char *end;
  errno = 0;
  long n = strtol(value, &end, 10);
  if (errno || end == value || *end != '\0' || n < min || n > max)
    return err_set(e, ERR_CONFIG, "%s must be a number from %ld to %ld", key,
                   min, max);
  *dst = n;
  return 0;
}

static int set_int(int *dst, const char *key, const char *value, long min,
                   long max, struct err *e) {
  long n;
  if (set_number(&n, key, value, min, max, e) != 0) return -1;
  *dst = (int)n;
  return 0;
}

int config_set(struct config *c, const char *key, const char *value,
               struct err *e) {
  if (strcmp(key, "db") == 0)
    return set_string(c->db, sizeof c->db, key, value, e);
  if (strcmp(key, "listen") == 0)
    return set_string(c->listen, sizeof c->listen, key, value, e);
  if (strcmp(key, "web-root") == 0)
    return set_string(c->web_root, sizeof c->web_root, key, value, e);
  if (strcmp(key, "threads") == 0)
    return set_int(&c->threads, key, value, 1, 512, e);
  if (strcmp(key, "pool") == 0) return set_int(&c->pool, key, value, 1, 256, e);
  if (strcmp(key, "timeout") == 0)
    return set_int(&c->timeout, key, value, 1, 3600, e);
  if (strcmp(key, "max-connections") == 0)
    return set_int(&c->max_connections, key, value, 1, 100000, e);
  if (strcmp(key, "json-body-max") == 0)
    return set_number(&c->json_body_max, key, value, 1024, 64L << 20, e);
  if (strcmp(key, "upload-max") == 0)
    return set_number(&c->upload_max, key, value, 1024, 1L << 30, e);
  if (strcmp(key, "trusted-proxy") == 0)
    return set_string(c->trusted_proxy, sizeof c->trusted_proxy, key, value, e);
  if (strcmp(key, "public-url") == 0) {
    if (*value && strncmp(value, "http://", 7) != 0 &&
        strncmp(value, "https://", 8) != 0)
      return err_set(e, ERR_CONFIG,
                     "public-url must start with http:// or https://");
    return set_string(c->public_url, sizeof c->public_url, key, value, e);
  }
  if (strcmp(key, "login-account-max") == 0)
    return set_int(&c->login_account_max, key, value, 1, THROTTLE_MAX_LIMIT, e);
  if (strcmp(key, "login-address-max") == 0)
    return set_int(&c->login_address_max, key, value, 0, THROTTLE_MAX_LIMIT, e);
  if (strcmp(key, "login-window") == 0)
    return set_int(&c->login_window, key, value, 1, 86400, e);
  if (strcmp(key, "login-lockout") == 0)
    return set_int(&c->login_lockout, key, value, 1, 86400, e);
  if (strcmp(key, "sqlite-cache") == 0)
    return set_int(&c->sqlite_cache, key, value, 64, 1 << 20, e);
  if (strcmp(key, "sqlite-mmap") == 0)
    return set_int(&c->sqlite_mmap, key, value, 0, 1 << 16, e);
  if (strcmp(key, "connection-memory") == 0)
    return set_number(&c->connection_memory, key, value, 4096, 1L << 20, e);
  if (strcmp(key, "connection-model") == 0) {
    if (strcmp(value, "pool") != 0 && strcmp(value, "thread") != 0)
      return err_set(e, ERR_CONFIG, "connection-model must be pool or thread");
    c->thread_per_connection = strcmp(value, "thread") == 0;
    return 0;
  }
  if (strcmp(key, "log-level") == 0) {
    if (log_level_parse(value) < 0)
      return err_set(e, ERR_CONFIG, "log-level must be debug, info, warn or error");
    return set_string(c->log_level, sizeof c->log_level, key, value, e);
  }
  return err_set(e, ERR_CONFIG, "unknown setting %s", key);
}

static char *trim(char *s) {
  while (isspace((unsigned char)*s)) s++;
  size_t n = strlen(s);
  while (n > 0 && isspace((unsigned char)s[n - 1])) s[--n] = '\0';
  return s;
}

int config_load_file(struct config *c, const char *path, struct err *e) {
  FILE *f = fopen(path, "r");
  if (f == NULL)
    return err_set(e, ERR_CONFIG, "cannot read %s: %s", path, strerror(errno));
  char line[2048];
  int lineno = 0;
  int rc = 0;
  while (rc == 0 && fgets(line, sizeof line, f)) {
    lineno++;
    char *hash = strchr(line, '#');
    if (hash) *hash = '\0';
    char *text = trim(line);
    if (*text == '\0') continue;
    char *eq = strchr(text, '=');
    if (eq == NULL) {
      rc = err_set(e, ERR_CONFIG, "%s:%d: expected key = value", path, lineno);
      break;
    }
    *eq = '\0';
    struct err inner = {0};
    if (config_set(c, trim(text), trim(eq + 1), &inner) != 0)
      rc = err_set(e, ERR_CONFIG, "%s:%d: %s", path, lineno, inner.detail);
  }
  fclose(f);
  return rc;
}

static const struct {
  const char *env;
  const char *key;
} env_keys[] = {
    {"XIESHANG_DB", "db"},
    {"XIESHANG_LISTEN", "listen"},
    {"XIESHANG_WEB_ROOT", "web-root"},
    {"XIESHANG_PUBLIC_URL", "public-url"},
    {"XIESHANG_TRUSTED_PROXY", "trusted-proxy"},
    {"XIESHANG_THREADS", "threads"},
    {"XIESHANG_POOL", "pool"},
    {"XIESHANG_LOG_LEVEL", "log-level"},
    {"XIESHANG_LOGIN_ACCOUNT_MAX", "login-account-max"},
    {"XIESHANG_LOGIN_ADDRESS_MAX", "login-address-max"},
    {"XIESHANG_LOGIN_WINDOW", "login-window"},
    {"XIESHANG_LOGIN_LOCKOUT", "login-lockout"},
    {"XIESHANG_CONNECTION_MODEL", "connection-model"},
    {"XIESHANG_CONNECTION_MEMORY", "connection-memory"},
    {"XIESHANG_SQLITE_CACHE", "sqlite-cache"},
    {"XIESHANG_SQLITE_MMAP", "sqlite-mmap"},
};

int config_load_env(struct config *c, struct err *e) {
  for (size_t i = 0; i < sizeof env_keys / sizeof env_keys[0]; i++) {
    const char *value = getenv(env_keys[i].env);
    if (value == NULL || *value == '\0') continue;
    struct err inner = {0};
    if (config_set(c, env_keys[i].key, value, &inner) != 0)
      return err_set(e, ERR_CONFIG, "%s: %s", env_keys[i].env, inner.detail);
  }
  return 0;
}
