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
