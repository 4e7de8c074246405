/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Debug and warning lines (never errors: those travel in struct lc_err).  runtime/
 * installs the sink; in the container's init the sink forwards lines over the sync socket.
 */
#ifndef RUNH_LOG_H
#define RUNH_LOG_H

enum lc_log_level {
	LC_LOG_ERROR = 0,
	LC_LOG_WARNING = 1,
	LC_LOG_INFO = 2,
	LC_LOG_DEBUG = 3,
};

typedef void (*lc_log_sink_fn)(enum lc_log_level level, const char *msg, void *userdata);

void lc_log_set_sink(lc_log_sink_fn fn, void *userdata, enum lc_log_level max_level);
void lc_log(enum lc_log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int lc_log_enabled(enum lc_log_level level);

#define lc_warn(...) lc_log(LC_LOG_WARNING, __VA_ARGS__)
#define lc_debug(...) lc_log(LC_LOG_DEBUG, __VA_ARGS__)

#endif
