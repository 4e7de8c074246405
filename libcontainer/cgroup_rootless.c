/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cgroups without root: which hierarchies a rootless container uses, and the named
 * refusal of a limit none of them can take (see cgroup.h, lc_cgroup_rootless).  Parent
 * side, before anything exists. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup.h"
#include "cgroup_internal.h"
#include "cleanup.h"
#include "log.h"
#include "rootless.h"
#include "util.h"

/* The first field of res (normalized: 0 = unset dropped) that needs controller ctl; NULL
 * when res asks nothing of it.  v1 names; "unified" is the cgroup2 tree itself. */
static const char *asks(const struct spec_resources *r, const char *ctl)
{
	const struct spec_memory *m = r->memory;
	const struct spec_cpu *c = r->cpu;
	const struct spec_blockio *b = r->blockio;

	if (strcmp(ctl, "memory") == 0 && m)
		return m->limit.set		   ? "memory.limit"
		       : m->reservation.set	   ? "memory.reservation"
		       : m->swap.set		   ? "memory.swap"
		       : m->kernel_tcp.set	   ? "memory.kernelTCP"
		       : m->swappiness.set	   ? "memory.swappiness"
		       : m->has_disable_oom_killer ? "memory.disableOOMKiller"
						   : NULL;
	if (strcmp(ctl, "cpu") == 0 && c)
		return c->shares.set		 ? "cpu.shares"
		       : c->quota.set		 ? "cpu.quota"
		       : c->period.set		 ? "cpu.period"
		       : c->realtime_runtime.set ? "cpu.realtimeRuntime"
		       : c->realtime_period.set	 ? "cpu.realtimePeriod"
		       : c->burst.set		 ? "cpu.burst"
		       : c->idle.set		 ? "cpu.idle"
						 : NULL;
	if (strcmp(ctl, "cpuset") == 0 && c)
		return c->cpus ? "cpu.cpus" : c->mems ? "cpu.mems" : NULL;
	if (strcmp(ctl, "pids") == 0)
		return r->has_pids_limit ? "pids.limit" : NULL;
	if (strcmp(ctl, "blkio") == 0 && b)
		return b->has_weight	    ? "blockIO.weight"
		       : b->has_leaf_weight ? "blockIO.leafWeight"
		       : b->n_weight_device ? "blockIO.weightDevice"
		       : b->n_throttle[0]   ? "blockIO.throttleReadBpsDevice"
		       : b->n_throttle[1]   ? "blockIO.throttleWriteBpsDevice"
		       : b->n_throttle[2]   ? "blockIO.throttleReadIOPSDevice"
		       : b->n_throttle[3]   ? "blockIO.throttleWriteIOPSDevice"
					    : NULL;
	if (strcmp(ctl, "hugetlb") == 0)
		return r->n_hugepage_limits ? "hugepageLimits" : NULL;
	if (strcmp(ctl, "net_cls") == 0)
		return r->has_net_class_id ? "network.classID" : NULL;
	if (strcmp(ctl, "net_prio") == 0)
		return r->n_net_priorities ? "network.priorities" : NULL;
	if (strcmp(ctl, "rdma") == 0)
		return r->n_rdma ? "rdma" : NULL;
	if (strcmp(ctl, "unified") == 0)
		return r->n_unified ? "unified" : NULL;
	return NULL;
}

/* Does hierarchy h of l take what ctl stands for? */
static bool carries(const struct lc_cgroup_layout *l, const struct lc_cgroup_hier *h,
		    const char *ctl)
{
	if (!h->is_v2)
		return lc_cgroup_has_controller(h->controllers, ctl);
	if (l->mode == LC_CGROUP_V2)
		return strcmp(ctl, "net_cls") != 0 && strcmp(ctl, "net_prio") != 0;
	if (strcmp(ctl, "unified") == 0)
		return true;
	/* hybrid: the cgroup2 tree takes hugetlb and rdma only where no v1 hierarchy has
	 * them (cgroup.c, hybrid_v2_share) */
	if (strcmp(ctl, "hugetlb") != 0 && strcmp(ctl, "rdma") != 0)
		return false;
	for (size_t i = 0; i < l->n_hier; i++)
		if (!l->hier[i].is_v2 && lc_cgroup_has_controller(l->hier[i].controllers, ctl))
			return false;
	return true;
}

static const char *const ctls[] = {"memory",  "cpu",	 "cpuset",   "pids", "blkio",
				   "hugetlb", "net_cls", "net_prio", "rdma", "unified"};

const char *lc_cgroup_field_for(const struct lc_cgroup_layout *l, const struct lc_cgroup_hier *h,
				const struct spec_resources *res)
{
	for (size_t c = 0; c < ARRAY_SIZE(ctls); c++) {
		const char *field = carries(l, h, ctls[c]) ? asks(res, ctls[c]) : NULL;

		if (field)
			return field;
	}
	return NULL;
}

/* Can this process make mountpoint+path (or join it when it exists)?  *ret_at: the
 * deepest existing directory, which decides. */
static bool writable(const struct lc_cgroup_hier *h, const char *path, char *ret_at, size_t n)
{
	_cleanup_free_ char *dir = xasprintf("%s%s", h->mountpoint, path);
	size_t root_len = strlen(h->mountpoint);
	bool leaf = true, ok;
	struct stat st;

	while (stat(dir, &st) < 0 && errno == ENOENT && strlen(dir) > root_len) {
		*strrchr(dir, '/') = '\0';
		leaf = false;
	}
	if (leaf) {
		_cleanup_free_ char *procs = xasprintf("%s/cgroup.procs", dir);

		ok = faccessat(AT_FDCWD, procs, W_OK, AT_EACCESS) == 0;
	} else {
		ok = faccessat(AT_FDCWD, dir, W_OK | X_OK, AT_EACCESS) == 0;
	}
	snprintf(ret_at, n, "%s", dir);
	return ok;
}

static int refuse(const struct lc_cgroup_hier *h, const char *path, const char *field,
		  const char *ctl, const char *at, struct lc_err *err)
{
	_cleanup_free_ char *parent =
		xasprintf("%s%.*s", h->mountpoint, (int)(strrchr(path, '/') - path), path);
	unsigned int uid = (unsigned)geteuid();

	return lc_err_setx(err, EACCES,
			   "config.json: linux.resources.%s: the %s cgroup %s%s cannot be made "
			   "by uid %u (no write access to %s): delegate a cgroup to this user "
			   "(as root: mkdir -p %s && chown %u %s; on cgroup v2 a systemd unit "
			   "with Delegate=yes) or drop the limit",
			   field, strcmp(ctl, "unified") == 0 ? "cgroup2" : ctl, h->mountpoint,
			   path, uid, at, parent, uid, parent);
}

int lc_cgroup_rootless(struct lc_cgroup_layout *l, char **path, const struct spec_resources *res,
		       struct lc_err *err)
{
	_cleanup_(lc_cgroup_res_done) struct lc_cgroup_res n = {0};
	const struct lc_cgroup_layout all = *l;
	char at[LC_CGROUP_MAX_HIER][512] = {{0}};
	bool keep[LC_CGROUP_MAX_HIER] = {0};

	lc_cgroup_res_normalize_quiet(res, LC_CGROUP_OP_CREATE, &n);
	l->no_device_rules = geteuid() != 0 || lc_rootless_in_userns();
	l->partial = true;
	l->n_hier = 0;
	for (size_t i = 0; i < all.n_hier; i++) {
		const struct lc_cgroup_hier *h = &all.hier[i];

		if (l->no_device_rules && !h->is_v2 &&
		    lc_cgroup_has_controller(h->controllers, "devices"))
			continue;
		keep[i] = writable(h, *path, at[i], sizeof(at[i]));
		if (keep[i])
			l->hier[l->n_hier++] = *h;
	}
	if (n.r.n_devices && l->no_device_rules)
		lc_warn("linux.resources.devices: not applied without root (the kernel lets only "
			"root write device rules; in the user namespace the container reaches "
			"only the host's device nodes bound in, with the caller's permissions)");
	for (size_t c = 0; c < ARRAY_SIZE(ctls); c++) {
		const char *field = asks(&n.r, ctls[c]);
		bool found = false;

		for (size_t i = 0; field && !found && i < all.n_hier; i++)
			found = keep[i] && carries(&all, &all.hier[i], ctls[c]);
		for (size_t i = 0; field && !found && i < all.n_hier; i++)
			if (carries(&all, &all.hier[i], ctls[c]) && at[i][0])
				return refuse(&all.hier[i], *path, field, ctls[c], at[i], err);
	}
	if (l->n_hier == 0) {
		lc_debug("rootless: no cgroup (no hierarchy is writable and no limit is asked)");
		free(*path);
		*path = NULL;
	}
	return 0;
}
