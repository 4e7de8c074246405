/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CLI helpers.  --log-format json writes one object a line, {"level","msg","time"}, the
 * format containerd's shim reads the last error from.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../libcontainer/log.h"
#include "../libcontainer/util.h"
#include "cli.h"

struct cli_globals cli;

static int log_fd = -1;

static const char *const level_names[] = {"error", "warning", "info", "debug"};

static void json_escape(const char *s, char *out, size_t n)
{
	size_t o = 0;

	for (; *s && o + 7 < n; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			out[o++] = '\\';
			out[o++] = (char)c;
		} else if (c < 0x20) {
			o += (size_t)snprintf(out + o, n - o, "\\u%04x", c);
		} else
			out[o++] = (char)c;
	}
	out[o] = '\0';
}

static void write_log(enum lc_log_level level, const char *msg)
{
	char line[4096], esc[3072], ts[64];
	struct timespec now;
	struct tm tm;
	int n;

	clock_gettime(CLOCK_REALTIME, &now);
	gmtime_r(&now.tv_sec, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", &tm);
	if (cli.log_json) {
		json_escape(msg, esc, sizeof(esc));
		n = snprintf(line, sizeof(line),
			     "{\"level\":\"%s\",\"msg\":\"%s\",\"time\":\"%s.%09ldZ\"}\n",
			     level_names[level], esc, ts, now.tv_nsec);
	} else
		n = snprintf(line, sizeof(line), "time=\"%s.%09ldZ\" level=%s msg=\"%s\"\n", ts,
			     now.tv_nsec, level_names[level], msg);
	if (n > (int)sizeof(line) - 1)
		n = (int)sizeof(line) - 1;
	(void)lc_write_all(log_fd, line, (size_t)n);
}

static void sink(enum lc_log_level level, const char *msg, void *userdata)
{
	(void)userdata;
	if (log_fd >= 0)
		write_log(level, msg);
	else if (level <= LC_LOG_WARNING || cli.debug)
		fprintf(stderr, "runh: %s: %s\n", level_names[level], msg);
}

/* --explain: each step on stderr; with --log also there (--debug: at debug level); --debug
 * alone: as debug lines. */
static void explain_sink(const char *line, void *userdata)
{
	(void)userdata;
	if (cli.explain)
		fprintf(stderr, "%s\n", line);
	if (log_fd >= 0)
		write_log(cli.debug ? LC_LOG_DEBUG : LC_LOG_INFO, line);
	else if (cli.debug && !cli.explain)
		fprintf(stderr, "runh: debug: %s\n", line);
}

int cli_log_open(struct lc_err *err)
{
	if (cli.log_path) {
		log_fd = open(cli.log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
		if (log_fd < 0)
			return lc_err_set(err, errno, "open log file '%s'", cli.log_path);
	}
	lc_log_set_sink(sink, NULL, cli.debug ? LC_LOG_DEBUG : LC_LOG_WARNING);
	if (cli.explain || cli.debug)
		lc_explain_set_sink(explain_sink, NULL);
	return 0;
}

int cli_fail(const struct lc_err *err)
{
	fprintf(stderr, "runh: %s\n", err->msg);
	if (log_fd >= 0)
		write_log(LC_LOG_ERROR, err->msg);
	return 1;
}

int cli_usage(const char *cmd, const char *msg)
{
	struct lc_err err;

	lc_err_setx(&err, EINVAL, "%s: %s (see 'runh %s --help')", cmd, msg, cmd);
	return cli_fail(&err);
}

int cli_parse_signal(const char *s)
{
	char *end;
	long n;

	if (s[0] >= '0' && s[0] <= '9') {
		n = strtol(s, &end, 10);
		/* 0 is accepted: no signal, only the check that the container lives (runc). */
		return (*end || n < 0 || n >= NSIG) ? -1 : (int)n;
	}
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (int i = 1; i < NSIG; i++) {
		const char *name = sigabbrev_np(i);

		if (name && strcasecmp(name, s) == 0)
			return i;
	}
	return -1;
}
