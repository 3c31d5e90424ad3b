/*
** Line-oriented logging to stderr. Each line is formatted in full and
** written with a single fputs under the stdio lock, so lines from
** different threads never interleave.
*/
#include "util/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/timeutil.h"

static enum log_level log_threshold = LOG_INFO;
static const char *const log_names[] = {"debug", "info", "warn", "error"};

void log_set_level(enum log_level level) { log_threshold = level; }

int log_level_parse(const char *name) {
  for (int i = 0; i < 4; i++)
    if (strcmp(name, log_names[i]) == 0) return i;
  return -1;
}

void log_msg(enum log_level level, const char *fmt, ...) {
  if (level < log_threshold) return;
  char when[40];
  char line[2048];
  time_format_local(time_now_ms(), when, sizeof when);
  int n = snprintf(line, sizeof line, "%s %-5s ", when, log_names[level]);
  if (n < 0 || (size_t)n >= sizeof line) n = 0;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
  va_end(ap);
  size_t len = strlen(line);
  line[len] = '\n';
  line[len + 1] = '\0';
  fputs(line, stderr);
}
