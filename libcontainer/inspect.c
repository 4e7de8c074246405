/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * runh inspect, the container: its state loaded (created, running or paused), the
 * config.json create stored in the state dir parsed, the cgroup rows (the init's
 * /proc/<pid>/cgroup against the config's cgroupsPath; limits and usage from the
 * statistics `events --stats` reads, cpu limits from the cpu files), then the process and
 * filesystem readers of inspect_proc.c and inspect_mounts.c.  Parent side, reads only.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup.h"
#include "cleanup.h"
#include "container_internal.h"
#include "inspect.h"
#include "state.h"
#include "util.h"

/* ---- cgroup ----------------------------------------------------------------------- */

/* "cpu,cpuacct" and "cpuacct,cpu" name one hierarchy. */
static bool same_controllers(const char *a, const char *b)
{
	_cleanup_free_ char *x = xstrdup(a), *y = xstrdup(b);
	size_t n = 0, m = 0;
	char *save = NULL;

	for (char *t = strtok_r(y, ",", &save); t; t = strtok_r(NULL, ",", &save))
		m++;
	save = NULL;
	for (char *t = strtok_r(x, ",", &save); t; t = strtok_r(NULL, ",", &save), n++) {
		const char *p = b;
		size_t len = strlen(t);
		bool found = false;

		for (; p && !found; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
			found = strncmp(p, t, len) == 0 && (p[len] == ',' || !p[len]);
		if (!found)
			return false;
	}
	return n == m;
}

/* Is a /proc/<pid>/cgroup line's hierarchy one of the layout's (the ones runh uses)? */
static bool in_layout(const struct lc_cgroup_layout *l, const char *ctrl)
{
	for (size_t i = 0; i < l->n_hier; i++)
		if (*ctrl ? !l->hier[i].is_v2 && same_controllers(ctrl, l->hier[i].controllers)
			  : l->hier[i].is_v2)
			return true;
	return false;
}

/* /proc/<pid>/cgroup: the path in every hierarchy runh uses (v1, v2, hybrid) is want. */
static void inspect_cgroup_path(int pid_dfd, const struct lc_cgroup_layout *l, const char *want,
				struct lc_inspect *out)
{
	_cleanup_free_ char *text = NULL, *bad = xstrdup("");
	struct lc_err e = {0};
	char *save = NULL;
	size_t n = 0;

	if (lc_read_file_at(pid_dfd, "cgroup", 1 << 20, &text, NULL, &e) < 0) {
		lc_inspect_add(out, "cgroup", LC_INSPECT_MISMATCH, "path", want, "unreadable");
		return;
	}
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *ctrl = strchr(line, ':'), *path = ctrl ? strchr(ctrl + 1, ':') : NULL, *next;

		if (!path)
			continue;
		*path++ = '\0';
		if (!in_layout(l, ctrl + 1))
			continue;
		n++;
		if (strcmp(path, want) == 0)
			continue;
		next = xasprintf("%s%s%s:%s", bad, *bad ? ", " : "", ctrl[1] ? ctrl + 1 : "v2",
				 path);
		free(bad);
		bad = next;
	}
	if (*bad || !n)
		lc_inspect_add(out, "cgroup", LC_INSPECT_MISMATCH, "path", want,
			       n ? bad : "in none of the host's hierarchies");
	else
		lc_inspect_add(out, "cgroup", LC_INSPECT_OK, "path", want, want);
}

#define UNLIMITED_FROM (1ULL << 62) /* v1 shows "no limit" as 9223372036854771712 */

static char *bytes_text(uint64_t v)
{
	if (v >= UNLIMITED_FROM)
		return xstrdup("unlimited");
	if (v >= (1ULL << 20) && v % (1ULL << 20) == 0)
		return xasprintf("%llu (%llu MiB)", (unsigned long long)v,
				 (unsigned long long)(v >> 20));
	return xasprintf("%llu", (unsigned long long)v);
}

/* A limit row: want < 0 = not asked (the kernel's default, unlimited, expected). */
static void limit_row(struct lc_inspect *out, const char *item, int64_t want, uint64_t has,
		      bool bytes)
{
	_cleanup_free_ char *asked = NULL, *got = NULL;
	uint64_t w = (uint64_t)want;
	enum lc_inspect_verdict v;

	if (bytes && want > 0)
		w = w / 4096 * 4096; /* the kernel keeps whole pages */
	if (want < 0) {
		asked = xstrdup("unlimited (not set)");
		v = has >= UNLIMITED_FROM ? LC_INSPECT_OK : LC_INSPECT_INFO;
	} else {
		asked = bytes ? bytes_text((uint64_t)want) : xasprintf("%lld", (long long)want);
		v = has == w ? LC_INSPECT_OK : LC_INSPECT_MISMATCH;
	}
	got = bytes ? bytes_text(has)
		    : (has >= UNLIMITED_FROM ? xstrdup("unlimited")
					     : xasprintf("%llu", (unsigned long long)has));
	lc_inspect_add(out, "cgroup", v, item, asked, got);
}

/* The container's directory in the hierarchy holding the cpu controller (v1) or in the
 * unified tree of a pure v2 host; -1 when there is none.  *ret_v2 says which. */
static int open_cpu_dir(const struct lc_cgroup_layout *l, const char *path, bool *ret_v2)
{
	for (size_t i = 0; i < l->n_hier; i++) {
		const struct lc_cgroup_hier *h = &l->hier[i];
		_cleanup_free_ char *dir = NULL, *list = NULL;
		bool cpu = false;
		char *save = NULL;

		if (h->is_v2 && l->mode != LC_CGROUP_V2)
			continue;
		list = xstrdup(h->controllers);
		for (char *c = strtok_r(list, ",", &save); c; c = strtok_r(NULL, ",", &save))
			cpu = cpu || strcmp(c, "cpu") == 0;
		if (!h->is_v2 && !cpu)
			continue;
		*ret_v2 = h->is_v2;
		dir = xasprintf("%s%s", h->mountpoint, path);
		return open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	}
	return -1;
}

static int64_t read_i64(int dfd, const char *file)
{
	_cleanup_free_ char *t = NULL;
	struct lc_err e = {0};

	if (lc_read_file_at(dfd, file, 4096, &t, NULL, &e) < 0)
		return INT64_MIN;
	return strncmp(t, "max", 3) == 0 ? -1 : strtoll(t, NULL, 10);
}

static void inspect_cpu(const struct lc_cgroup_layout *l, const char *path,
			const struct spec_cpu *cpu, struct lc_inspect *out)
{
	bool v2 = false;
	_cleanup_close_ int dfd = open_cpu_dir(l, path, &v2);
	int64_t quota = INT64_MIN, period = INT64_MIN, shares;
	_cleanup_free_ char *asked = NULL, *has = NULL;
	int64_t want_quota = cpu && cpu->quota.set && cpu->quota.v > 0 ? cpu->quota.v : -1;
	int64_t want_period = cpu && cpu->period.set && cpu->period.v ? (int64_t)cpu->period.v
								      : 100000;

	if (dfd < 0)
		return;
	if (v2) {
		_cleanup_free_ char *t = NULL;
		struct lc_err e = {0};

		if (lc_read_file_at(dfd, "cpu.max", 4096, &t, NULL, &e) == 0) {
			quota = strncmp(t, "max", 3) == 0 ? -1 : strtoll(t, NULL, 10);
			period = strchr(t, ' ') ? strtoll(strchr(t, ' ') + 1, NULL, 10) : 0;
		}
		shares = read_i64(dfd, "cpu.weight");
	} else {
		quota = read_i64(dfd, "cpu.cfs_quota_us");
		period = read_i64(dfd, "cpu.cfs_period_us");
		shares = read_i64(dfd, "cpu.shares");
	}
	asked = want_quota < 0
			? xstrdup("unlimited (not set)")
			: xasprintf("%lld/%lld us", (long long)want_quota, (long long)want_period);
	has = quota < 0 ? xstrdup("unlimited")
			: xasprintf("%lld/%lld us", (long long)quota, (long long)period);
	lc_inspect_add(out, "cgroup",
		       want_quota < 0 ? (quota == -1 ? LC_INSPECT_OK : LC_INSPECT_INFO)
		       : quota == want_quota && period == want_period ? LC_INSPECT_OK
								      : LC_INSPECT_MISMATCH,
		       "cpu quota/period", asked, has);
	if (cpu && cpu->shares.set && cpu->shares.v && shares != INT64_MIN) {
		int64_t want = v2 ? (int64_t)lc_cgroup_shares_to_weight(cpu->shares.v)
				  : (int64_t)cpu->shares.v;

		free(asked);
		free(has);
		asked = v2 ? xasprintf("%lld (shares %llu)", (long long)want,
				       (unsigned long long)cpu->shares.v)
			   : xasprintf("%lld", (long long)want);
		has = xasprintf("%lld", (long long)shares);
		lc_inspect_add(out, "cgroup", shares == want ? LC_INSPECT_OK : LC_INSPECT_MISMATCH,
			       v2 ? "cpu weight" : "cpu shares", asked, has);
	}
}

void lc_inspect_cgroup(int pid_dfd, const struct lc_cgroup_layout *l, const char *path,
		       const struct spec_config *cfg, struct lc_inspect *out)
{
	const struct spec_resources *res = cfg->linux_ ? cfg->linux_->resources : NULL;
	const struct spec_memory *mem = res ? res->memory : NULL;
	struct spec_stats s;
	_cleanup_free_ char *usage = NULL;

	inspect_cgroup_path(pid_dfd, l, path, out);
	lc_cgroup_stats(l, path, &s);
	if (s.mem_limit)
		limit_row(out, "memory limit", mem && mem->limit.set ? mem->limit.v : -1,
			  s.mem_limit, true);
	/* v1 memsw is memory + swap (the config's swap); v2's swap.max is swap alone. */
	if (s.swap_limit && mem && mem->swap.set && mem->swap.v > 0)
		limit_row(out, l->mode == LC_CGROUP_V2 ? "swap limit" : "memory+swap limit",
			  l->mode == LC_CGROUP_V2 && mem->limit.set && mem->limit.v > 0
				  ? mem->swap.v - mem->limit.v
				  : mem->swap.v,
			  s.swap_limit, true);
	if (s.mem_limit) {
		usage = bytes_text(s.mem_usage);
		lc_inspect_add(out, "cgroup", LC_INSPECT_INFO, "memory usage", "-", usage);
	}
	if (s.pids_limit) {
		limit_row(out, "pids limit",
			  res && res->has_pids_limit && res->pids_limit > 0 ? res->pids_limit : -1,
			  s.pids_limit, false);
		free(usage);
		usage = xasprintf("%llu", (unsigned long long)s.pids_current);
		lc_inspect_add(out, "cgroup", LC_INSPECT_INFO, "pids current", "-", usage);
	}
	inspect_cpu(l, path, res ? res->cpu : NULL, out);
	free(usage);
	usage = xasprintf("%.3f s", (double)s.cpu_total / 1e9);
	lc_inspect_add(out, "cgroup", LC_INSPECT_INFO, "cpu usage", "-", usage);
	spec_stats_free(&s);
}

/* ---- the container ---------------------------------------------------------------- */

/* The namespaces called "the host's": pid 1's, or runh's own when pid 1's links cannot be
 * read (a runh confined by ptrace rules, or in a container itself). */
static int open_ref_ns(int proc)
{
	_cleanup_close_ int one = openat(proc, "1/ns", O_PATH | O_DIRECTORY | O_CLOEXEC);
	char buf[64];

	if (one >= 0 && readlinkat(one, "net", buf, sizeof(buf)) > 0)
		return TAKE_FD(one);
	return openat(proc, "self/ns", O_PATH | O_DIRECTORY | O_CLOEXEC);
}

static int inspect_loaded(const struct lc_loaded *l, const char *root, const char *id,
			  struct lc_inspect *in, struct lc_err *err)
{
	_cleanup_(spec_config_freep) struct spec_config *cfg = NULL;
	_cleanup_free_ char *pid_dir = NULL, *want_cg = NULL;
	_cleanup_close_ int pid_dfd = -1, ref = -1, self = -1;
	struct lc_cgroup_layout layout;
	int r;

	r = spec_parse_config_file(l->dfd, "config.json", &cfg, err);
	if (r < 0)
		return lc_err_wrap(err, "%s/%s", root, id);
	if (!cfg->process || !cfg->linux_)
		return lc_err_setx(err, EINVAL, "%s/%s/config.json: no process or linux object",
				   root, id);
	pid_dir = xasprintf("%d", (int)l->st->pid);
	pid_dfd = openat(l->proc, pid_dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (pid_dfd < 0)
		return lc_err_set(err, errno, "/proc/%d", (int)l->st->pid);
	ref = open_ref_ns(l->proc);
	self = openat(l->proc, "self", O_PATH | O_DIRECTORY | O_CLOEXEC);
	lc_inspect_namespaces(pid_dfd, ref, cfg, in);
	lc_inspect_process(pid_dfd, self, cfg, in);
	r = lc_cgroup_path(cfg->linux_->cgroups_path, id, &want_cg, err);
	if (r < 0)
		return r;
	if (lc_cgroup_layout_host(&layout, err) == 0)
		lc_inspect_cgroup(pid_dfd, &layout, want_cg, cfg, in);
	lc_inspect_mounts(pid_dfd, cfg, in);
	/* The process may have died while we read: rows of another would be lies. */
	if (lc_proc_start_time(l->proc, l->st->pid) != l->st->init_start_time)
		return lc_err_setx(err, ESRCH, "container '%s' stopped while inspected", id);
	return 0;
}

int lc_container_inspect(const char *root, const char *id, struct lc_inspect **ret,
			 struct lc_err *err)
{
	_cleanup_(lc_inspect_freep) struct lc_inspect *in = xcalloc(1, sizeof(*in));
	struct lc_loaded l;
	int r;

	r = lc_load(root, id, 0, &l, err);
	if (r == 0 && (l.status == SPEC_STATUS_STOPPED || l.status == SPEC_STATUS_CREATING))
		r = lc_err_setx(err, ESRCH, "container '%s' is %s: nothing to inspect", id,
				spec_status_name(l.status));
	if (r == 0) {
		in->id = xstrdup(id);
		in->pid = l.st->pid;
		in->status = xstrdup(spec_status_name(l.status));
		in->bundle = xstrdup(l.st->bundle ? l.st->bundle : "");
		in->config = xasprintf("%s/%s/config.json", root, id);
		in->cgroup_path = xstrdup(l.st->cgroup_path ? l.st->cgroup_path : "");
		r = inspect_loaded(&l, root, id, in, err);
	}
	lc_loaded_free(&l);
	if (r < 0)
		return r;
	*ret = TAKE_PTR(in);
	return 0;
}
