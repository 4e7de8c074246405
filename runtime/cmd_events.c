/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * events: container statistics as JSON lines.  --stats prints one and exits; otherwise a
 * "stats" event every --interval, an "oom" event when the kernel OOM-killed something
 * in the container, and an "exit" event when the container's init exits, the last one,
 * with its exit status and why it ended ({"status":137,"reason":"killed by SIGKILL: out
 * of memory in cgroup ..."}) when they can be known.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../libcontainer/container.h"
#include "../spec/stats.h"
#include "cli.h"

static int parse_interval(const char *s, int *ret_ms)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || v <= 0)
		return -1;
	if (!strcmp(end, "ms"))
		*ret_ms = (int)v;
	else if (!strcmp(end, "s") || !*end)
		*ret_ms = (int)(v * 1000);
	else if (!strcmp(end, "m"))
		*ret_ms = (int)(v * 60000);
	else
		return -1;
	return *ret_ms > 0 ? 0 : -1;
}

static void emit(const char *type, const char *id, const struct spec_stats *s)
{
	char *line = spec_event_json(type, id, s);

	fputs(line, stdout);
	fflush(stdout);
	free(line);
}

/* The last record: the exit status and why, when known (see lc_container_exit). */
static void emit_exit(const char *id, const struct lc_exit *ex)
{
	char *line = spec_exit_event_json(id, ex->status, ex->why);

	fputs(line, stdout);
	fflush(stdout);
	free(line);
}

int cmd_events(int argc, char **argv)
{
	struct lc_exit ex = {.status = -1};
	static const struct option opts[] = {
		{"stats", no_argument, NULL, 's'},
		{"interval", required_argument, NULL, 'i'},
		{"help", no_argument, NULL, 'h'},
		{},
	};
	struct spec_stats st;
	struct lc_err err = {0};
	bool once = false;
	int interval = 5000, c, pidfd = -1;
	uint64_t ooms;
	const char *id;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			once = true;
			break;
		case 'i':
			if (parse_interval(optarg, &interval) < 0)
				return cli_usage(
					argv[0],
					"--interval: expected a duration like 5s or 500ms");
			break;
		case 'h':
			printf("Usage: runh events [--stats] [--interval 5s] ID\n");
			return 0;
		default:
			return cli_usage(argv[0], "invalid option");
		}
	}
	if (optind != argc - 1)
		return cli_usage(argv[0], "expected exactly one container id");
	id = argv[optind];
	if (lc_container_stats(cli.root, id, &st, &pidfd, &err) < 0)
		return cli_fail(&err);
	if (once) {
		emit("stats", id, &st);
		spec_stats_free(&st);
		close(pidfd);
		return 0;
	}
	ooms = st.oom_kills;
	spec_stats_free(&st);
	for (;;) {
		struct pollfd p = {.fd = pidfd, .events = POLLIN};
		int n = poll(&p, 1, interval);

		if (n < 0 && errno == EINTR)
			continue;
		if (n != 0)
			(void)lc_container_exit(cli.root, id, pidfd, &ex, &err);
		if (lc_container_stats(cli.root, id, &st, NULL, &err) < 0) {
			if (n != 0)
				emit_exit(id, &ex); /* a run without --keep removed it meanwhile */
			break;
		}
		if (st.oom_kills > ooms)
			emit("oom", id, NULL);
		ooms = st.oom_kills;
		if (n == 0)
			emit("stats", id, &st);
		spec_stats_free(&st);
		if (n != 0) {
			/* the container exited: its OOM (if that was why) was reported first */
			emit_exit(id, &ex);
			break;
		}
	}
	close(pidfd);
	return 0;
}
