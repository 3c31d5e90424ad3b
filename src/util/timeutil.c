/*
** Clock readings and formatting. See timeutil.h.
*/
#include "util/timeutil.h"

#include <stdio.h>
#include <time.h>

#define SHANGHAI_OFFSET_MS (8LL * 3600 * 1000)

int64_t time_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t time_mono_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void time_format_local(int64_t ms, char *out, size_t size) {
  int64_t local = ms + SHANGHAI_OFFSET_MS;
  time_t secs = (time_t)(local / 1000);
  int millis = (int)(local % 1000);
  if (millis < 0) {
    millis += 1000;
    secs -= 1;
  }
  struct tm tm;
  gmtime_r(&secs, &tm);
  snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02d.%03d+08:00",
           tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
           tm.tm_min, tm.tm_sec, millis);
}
