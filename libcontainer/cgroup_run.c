/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cgroups at run time, per hierarchy version: statistics (runh events) and the freezer
 * (pause/resume) of one cgroup directory; cgroup.c's ops table dispatches to them.
 * Parent side. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "cgroup_internal.h"
#include "cleanup.h"
#include "util.h"

static uint64_t read_u64(int dfd, const char *file)
{
	_cleanup_free_ char *t = NULL;
	struct lc_err e;

	if (lc_read_file_at(dfd, file, 4096, &t, NULL, &e) < 0)
		return 0;
	if (strncmp(t, "max", 3) == 0)
		return UINT64_MAX;
	return strtoull(t, NULL, 10);
}

/* "key value" lines: the value of key, or 0. */
static uint64_t keyed(int dfd, const char *file, const char *key)
{
	_cleanup_free_ char *t = NULL;
	struct lc_err e;
	size_t n = strlen(key);

	if (lc_read_file_at(dfd, file, 65536, &t, NULL, &e) < 0)
		return 0;
	for (char *p = t; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (strncmp(p, key, n) == 0 && p[n] == ' ')
			return strtoull(p + n + 1, NULL, 10);
	return 0;
}

static void raw_stats(int dfd, const char *file, struct spec_stats *s)
{
	_cleanup_free_ char *t = NULL;
	struct lc_err e;
	char *p, *line;

	if (lc_read_file_at(dfd, file, 65536, &t, NULL, &e) < 0)
		return;
	p = t;
	while ((line = strsep(&p, "\n"))) {
		char *sp = strchr(line, ' ');

		if (!sp)
			continue;
		*sp = '\0';
		s->mem_raw = xrealloc(s->mem_raw, (s->n_mem_raw + 1) * sizeof(*s->mem_raw));
		s->mem_raw[s->n_mem_raw].key = xstrdup(line);
		s->mem_raw[s->n_mem_raw++].value = xstrdup(sp + 1);
	}
}

static void percpu(int dfd, struct spec_stats *s)
{
	_cleanup_free_ char *t = NULL;
	struct lc_err e;
	char *p, *tok;

	if (lc_read_file_at(dfd, "cpuacct.usage_percpu", 65536, &t, NULL, &e) < 0)
		return;
	p = t;
	while ((tok = strsep(&p, " \n")))
		if (*tok) {
			s->percpu = xrealloc(s->percpu, (s->n_percpu + 1) * sizeof(uint64_t));
			s->percpu[s->n_percpu++] = strtoull(tok, NULL, 10);
		}
}

/* The unified tree of a pure v2 host has every statistic. */
void lc_cgroup_v2_stats(int dfd, const struct lc_cgroup_hier *h, struct spec_stats *s)
{
	(void)h;
	s->cpu_total = keyed(dfd, "cpu.stat", "usage_usec") * 1000;
	s->cpu_user = keyed(dfd, "cpu.stat", "user_usec") * 1000;
	s->cpu_kernel = keyed(dfd, "cpu.stat", "system_usec") * 1000;
	s->periods = keyed(dfd, "cpu.stat", "nr_periods");
	s->throttled_periods = keyed(dfd, "cpu.stat", "nr_throttled");
	s->throttled_time = keyed(dfd, "cpu.stat", "throttled_usec") * 1000;
	s->mem_usage = read_u64(dfd, "memory.current");
	s->mem_limit = read_u64(dfd, "memory.max");
	s->mem_max = read_u64(dfd, "memory.peak");
	s->mem_cache = keyed(dfd, "memory.stat", "file");
	s->swap_usage = read_u64(dfd, "memory.swap.current");
	s->swap_limit = read_u64(dfd, "memory.swap.max");
	s->oom_kills = keyed(dfd, "memory.events", "oom_kill");
	raw_stats(dfd, "memory.stat", s);
	s->pids_current = read_u64(dfd, "pids.current");
	s->pids_limit = read_u64(dfd, "pids.max");
}

/* A v1 hierarchy has the statistics of its controllers. */
void lc_cgroup_v1_stats(int dfd, const struct lc_cgroup_hier *h, struct spec_stats *s)
{
	const long tick_ns = 1000000000L / sysconf(_SC_CLK_TCK);

	if (lc_cgroup_has_controller(h->controllers, "cpuacct")) {
		s->cpu_total = read_u64(dfd, "cpuacct.usage");
		s->cpu_user = keyed(dfd, "cpuacct.stat", "user") * (uint64_t)tick_ns;
		s->cpu_kernel = keyed(dfd, "cpuacct.stat", "system") * (uint64_t)tick_ns;
		percpu(dfd, s);
	}
	if (lc_cgroup_has_controller(h->controllers, "cpu")) {
		s->periods = keyed(dfd, "cpu.stat", "nr_periods");
		s->throttled_periods = keyed(dfd, "cpu.stat", "nr_throttled");
		s->throttled_time = keyed(dfd, "cpu.stat", "throttled_time");
	}
	if (lc_cgroup_has_controller(h->controllers, "memory")) {
		s->mem_usage = read_u64(dfd, "memory.usage_in_bytes");
		s->mem_limit = read_u64(dfd, "memory.limit_in_bytes");
		s->mem_max = read_u64(dfd, "memory.max_usage_in_bytes");
		s->mem_failcnt = read_u64(dfd, "memory.failcnt");
		s->mem_cache = keyed(dfd, "memory.stat", "cache");
		s->swap_usage = read_u64(dfd, "memory.memsw.usage_in_bytes");
		s->swap_limit = read_u64(dfd, "memory.memsw.limit_in_bytes");
		s->oom_kills = keyed(dfd, "memory.oom_control", "oom_kill");
		raw_stats(dfd, "memory.stat", s);
	}
	if (lc_cgroup_has_controller(h->controllers, "pids")) {
		s->pids_current = read_u64(dfd, "pids.current");
		s->pids_limit = read_u64(dfd, "pids.max");
	}
}

/* v2: cgroup.events says "frozen 1" once every task stopped; it is pollable (POLLPRI). */
int lc_cgroup_v2_freeze(int dfd, bool frozen, struct lc_err *err)
{
	_cleanup_close_ int ev = openat(dfd, "cgroup.events", O_RDONLY | O_CLOEXEC);
	int64_t deadline = lc_now_ms() + 5000;

	if (lc_write_existing_at(dfd, "cgroup.freeze", frozen ? "1" : "0", err) < 0)
		return -err->code;
	if (ev < 0)
		return lc_err_set(err, errno, "open cgroup.events");
	for (;;) {
		char buf[512];
		ssize_t n = pread(ev, buf, sizeof(buf) - 1, 0);
		struct pollfd p = {.fd = ev, .events = POLLPRI};

		if (n < 0)
			return lc_err_set(err, errno, "read cgroup.events");
		buf[n] = '\0';
		if (strstr(buf, frozen ? "frozen 1" : "frozen 0"))
			return 0;
		if (lc_now_ms() > deadline)
			return lc_err_setx(err, ETIMEDOUT, "the cgroup did not %s in 5 s",
					   frozen ? "freeze" : "thaw");
		(void)poll(&p, 1, (int)(deadline - lc_now_ms()));
	}
}

/* v1: the freezer has no notification; FREEZING turns FROZEN as tasks stop. */
int lc_cgroup_v1_freeze(int dfd, bool frozen, struct lc_err *err)
{
	int64_t deadline = lc_now_ms() + 5000;
	const char *want = frozen ? "FROZEN" : "THAWED";

	for (;;) {
		_cleanup_free_ char *state = NULL;
		struct timespec ts = {0, 1000 * 1000};

		if (lc_write_existing_at(dfd, "freezer.state", want, err) < 0)
			return -err->code;
		if (lc_read_file_at(dfd, "freezer.state", 64, &state, NULL, err) < 0)
			return -err->code;
		if (strncmp(state, want, strlen(want)) == 0)
			return 0;
		if (lc_now_ms() > deadline)
			return lc_err_setx(err, ETIMEDOUT, "the freezer did not reach %s in 5 s",
					   want);
		nanosleep(&ts, NULL);
	}
}

bool lc_cgroup_v1_is_frozen(int dfd)
{
	_cleanup_free_ char *state = NULL;
	struct lc_err e;

	return lc_read_file_at(dfd, "freezer.state", 64, &state, NULL, &e) == 0 &&
	       strncmp(state, "THAWED", 6) != 0;
}

bool lc_cgroup_v2_is_frozen(int dfd)
{
	_cleanup_free_ char *state = NULL;
	struct lc_err e;

	return lc_read_file_at(dfd, "cgroup.freeze", 64, &state, NULL, &e) == 0 && state[0] == '1';
}
