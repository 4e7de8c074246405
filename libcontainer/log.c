/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Log sink dispatch (see log.h). */
#include <stdarg.h>
#include <stdio.h>

#include "log.h"

static lc_log_sink_fn sink;
static void *sink_data;
static enum lc_log_level sink_max = LC_LOG_WARNING;

void lc_log_set_sink(lc_log_sink_fn fn, void *userdata, enum lc_log_level max_level)
{
	sink = fn;
	sink_data = userdata;
	sink_max = max_level;
}

int lc_log_enabled(enum lc_log_level level)
{
	return sink && level <= sink_max;
}

void lc_log(enum lc_log_level level, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	if (!lc_log_enabled(level))
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	sink(level, buf, sink_data);
}

bool lc_explain_on;
static lc_explain_sink_fn explain_sink;
static void *explain_data;

void lc_explain_set_sink(lc_explain_sink_fn fn, void *userdata)
{
	explain_sink = fn;
	explain_data = userdata;
	lc_explain_on = fn != NULL;
}

const char *lc_explain_topic_name(enum lc_explain_topic t)
{
	static const char *const names[LC_X__MAX] = {
		[LC_X_NS] = "ns",	    [LC_X_USER] = "user",     [LC_X_CGROUP] = "cgroup",
		[LC_X_MNT] = "mnt",	    [LC_X_DEV] = "dev",	      [LC_X_NET] = "net",
		[LC_X_SYSCTL] = "sysctl",   [LC_X_RLIMIT] = "rlimit", [LC_X_PROC] = "proc",
		[LC_X_HOOK] = "hook",	    [LC_X_LSM] = "lsm",	      [LC_X_CAP] = "cap",
		[LC_X_SECCOMP] = "seccomp", [LC_X_EXEC] = "exec",
	};

	return (unsigned int)t < LC_X__MAX ? names[t] : "?";
}

void lc_explain_emit(enum lc_explain_topic t, const char *fmt, ...)
{
	char tag[16], buf[1024];
	va_list ap;
	int n;

	if (!explain_sink)
		return;
	snprintf(tag, sizeof(tag), "[%s]", lc_explain_topic_name(t));
	n = snprintf(buf, sizeof(buf), "%-9s ", tag);
	va_start(ap, fmt);
	vsnprintf(buf + n, sizeof(buf) - (size_t)n, fmt, ap);
	va_end(ap);
	explain_sink(buf, explain_data);
}

void lc_explain_put(const char *line)
{
	if (explain_sink)
		explain_sink(line, explain_data);
}
