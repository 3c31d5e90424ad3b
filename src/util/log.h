/*
** Logging to standard error, one line per event, safe from any thread.
** Times are shown in Asia/Shanghai (UTC+8), the users' time zone.
*/
#ifndef XIESHANG_UTIL_LOG_H
#define XIESHANG_UTIL_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* Messages below this level are dropped. Default LOG_INFO. */
void log_set_level(enum log_level level);

/* Parse "debug", "info", "warn" or "error"; -1 if unknown. */
int log_level_parse(const char *name);

void log_msg(enum log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

#endif
