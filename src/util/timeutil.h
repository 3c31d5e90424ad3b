/*
** Time in one form: int64 milliseconds since the Unix epoch (UTC), computed
** in C and stored as INTEGER in both databases. Shown to people in
** Asia/Shanghai (UTC+8, no daylight saving).
*/
#ifndef XIESHANG_UTIL_TIMEUTIL_H
#define XIESHANG_UTIL_TIMEUTIL_H

#include <stddef.h>
#include <stdint.h>

/* Wall-clock milliseconds since the epoch. */
int64_t time_now_ms(void);

/* Monotonic microseconds, for measuring durations. */
int64_t time_mono_us(void);

/* Format as ISO 8601 in UTC+8, e.g. 2026-11-23T09:30:00.123+08:00. */
void time_format_local(int64_t ms, char *out, size_t size);

#endif
