/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Debug and warning lines (never errors: those travel in struct lc_err).  runtime/
 * installs the sink; in the container's init the sink forwards lines over the sync socket.
 */
#ifndef RUNH_LOG_H
#define RUNH_LOG_H

#include <stdbool.h>

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

/*
 * Narration (`runh --explain`, and --debug): one line per step the runtime takes, as it
 * takes it, "[topic] what, through which kernel interface, with which values".  Off, a
 * call costs one test of a global flag: the arguments are not even evaluated.  The CLI
 * installs the sink; in a child the sink forwards each line over the sync socket, so the
 * lines reach runh's output in order whatever the child's stderr is.
 */
enum lc_explain_topic {
	LC_X_NS,
	LC_X_USER,
	LC_X_CGROUP,
	LC_X_MNT,
	LC_X_DEV,
	LC_X_NET,
	LC_X_SYSCTL,
	LC_X_RLIMIT,
	LC_X_PROC,
	LC_X_HOOK,
	LC_X_LSM,
	LC_X_CAP,
	LC_X_SECCOMP,
	LC_X_EXEC,
	LC_X__MAX,
};

typedef void (*lc_explain_sink_fn)(const char *line, void *userdata);

extern bool lc_explain_on; /* read through lc_explain(); set by lc_explain_set_sink */

/* fn NULL turns narration off (the arguments of lc_explain are then not evaluated). */
void lc_explain_set_sink(lc_explain_sink_fn fn, void *userdata);
/* "ns", "seccomp" ... */
const char *lc_explain_topic_name(enum lc_explain_topic t);
/* Format "[topic]   msg" and hand it to the sink. */
void lc_explain_emit(enum lc_explain_topic t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A line formatted elsewhere (a child's, from the sync socket) to the sink as it is. */
void lc_explain_put(const char *line);

#define lc_explain(topic, ...)                               \
	do {                                                 \
		if (__builtin_expect(lc_explain_on, 0))      \
			lc_explain_emit(topic, __VA_ARGS__); \
	} while (0)

#endif
