/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cgroup v1: linux.resources → the files of each controller hierarchy.  Parent side. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup.h"
#include "cgroup_files.h"
#include "cleanup.h"
#include "devices_bpf.h"
#include "log.h"
#include "util.h"

static bool has(const char *list, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = list; (p = strstr(p, name)); p += n)
		if ((p == list || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
			return true;
	return false;
}

static int v1_memory(int dfd, const struct spec_memory *given, struct lc_err *err)
{
	struct spec_memory mm = *given, *m = &mm;
	int r = 0;

	/* Unlimited memory with swap not given: unlimited swap too (runc), else the kernel
	 * refuses a limit above a memory+swap limit that is set. */
	if (m->limit.set && m->limit.v == -1 && !m->swap.set &&
	    faccessat(dfd, "memory.memsw.limit_in_bytes", F_OK, 0) == 0)
		m->swap = (struct spec_opt_i64){true, -1};

	if (m->limit.set && m->swap.set) {
		/* memsw must stay >= limit at every step: order the two writes. */
		_cleanup_free_ char *cur = NULL;
		int64_t cur_memsw = 0;

		if (lc_read_file_at(dfd, "memory.memsw.limit_in_bytes", 64, &cur, NULL, err) < 0)
			return lc_err_wrap(err,
					   "linux.resources.memory.swap (swap accounting off?)");
		cur_memsw = strtoll(cur, NULL, 10);
		if (m->swap.v == -1 || m->swap.v > cur_memsw) {
			r = lc_cgroup_put(dfd, "memory.memsw.limit_in_bytes",
					  "linux.resources.memory.swap", err, "%lld",
					  (long long)m->swap.v);
			if (r == 0)
				r = lc_cgroup_put(dfd, "memory.limit_in_bytes",
						  "linux.resources.memory.limit", err, "%lld",
						  (long long)m->limit.v);
		} else {
			r = lc_cgroup_put(dfd, "memory.limit_in_bytes",
					  "linux.resources.memory.limit", err, "%lld",
					  (long long)m->limit.v);
			if (r == 0)
				r = lc_cgroup_put(dfd, "memory.memsw.limit_in_bytes",
						  "linux.resources.memory.swap", err, "%lld",
						  (long long)m->swap.v);
		}
	} else if (m->limit.set) {
		r = lc_cgroup_put(dfd, "memory.limit_in_bytes", "linux.resources.memory.limit", err,
				  "%lld", (long long)m->limit.v);
	} else if (m->swap.set) {
		r = lc_cgroup_put(dfd, "memory.memsw.limit_in_bytes", "linux.resources.memory.swap",
				  err, "%lld", (long long)m->swap.v);
	}
	if (r == 0 && m->reservation.set)
		r = lc_cgroup_put(dfd, "memory.soft_limit_in_bytes",
				  "linux.resources.memory.reservation", err, "%lld",
				  (long long)m->reservation.v);
	if (r == 0 && m->kernel_tcp.set)
		r = lc_cgroup_put(dfd, "memory.kmem.tcp.limit_in_bytes",
				  "linux.resources.memory.kernelTCP", err, "%lld",
				  (long long)m->kernel_tcp.v);
	if (r == 0 && m->swappiness.set)
		r = lc_cgroup_put(dfd, "memory.swappiness", "linux.resources.memory.swappiness",
				  err, "%llu", (unsigned long long)m->swappiness.v);
	if (r == 0 && m->has_disable_oom_killer && m->disable_oom_killer)
		r = lc_cgroup_put(dfd, "memory.oom_control",
				  "linux.resources.memory.disableOOMKiller", err, "1");
	return r;
}

/* A lower period can be refused (EINVAL) while the old quota would exceed the parent's
 * bandwidth: then it is written again after the quota (runc's order). */
static int v1_cfs(int dfd, const struct spec_cpu *c, struct lc_err *err)
{
	bool retry = false;
	int r = 0;

	if (c->period.set) {
		r = lc_cgroup_put(dfd, "cpu.cfs_period_us", "linux.resources.cpu.period", err,
				  "%llu", (unsigned long long)c->period.v);
		retry = r == -EINVAL && c->quota.set;
		if (retry)
			r = 0;
	}
	if (r == 0 && c->quota.set)
		r = lc_cgroup_put(dfd, "cpu.cfs_quota_us", "linux.resources.cpu.quota", err, "%lld",
				  (long long)(c->quota.v > 0 ? c->quota.v : -1));
	if (r == 0 && retry)
		r = lc_cgroup_put(dfd, "cpu.cfs_period_us", "linux.resources.cpu.period", err,
				  "%llu", (unsigned long long)c->period.v);
	return r;
}

static int v1_cpu(int dfd, const char *ctls, const struct spec_cpu *c, struct lc_err *err)
{
	int r = 0;

	if (has(ctls, "cpu")) {
		if (c->shares.set)
			r = lc_cgroup_put(dfd, "cpu.shares", "linux.resources.cpu.shares", err,
					  "%llu", (unsigned long long)c->shares.v);
		if (r == 0)
			r = v1_cfs(dfd, c, err);
		if (r == 0 && c->burst.set)
			r = lc_cgroup_put(dfd, "cpu.cfs_burst_us", "linux.resources.cpu.burst", err,
					  "%llu", (unsigned long long)c->burst.v);
		if (r == 0 && c->realtime_period.set)
			r = lc_cgroup_put(dfd, "cpu.rt_period_us",
					  "linux.resources.cpu.realtimePeriod", err, "%llu",
					  (unsigned long long)c->realtime_period.v);
		if (r == 0 && c->realtime_runtime.set)
			r = lc_cgroup_put(dfd, "cpu.rt_runtime_us",
					  "linux.resources.cpu.realtimeRuntime", err, "%lld",
					  (long long)c->realtime_runtime.v);
		if (r == 0 && c->idle.set)
			r = lc_cgroup_put(dfd, "cpu.idle", "linux.resources.cpu.idle", err, "%lld",
					  (long long)c->idle.v);
	}
	if (r == 0 && has(ctls, "cpuset")) {
		if (c->cpus && *c->cpus)
			r = lc_cgroup_put(dfd, "cpuset.cpus", "linux.resources.cpu.cpus", err, "%s",
					  c->cpus);
		if (r == 0 && c->mems && *c->mems)
			r = lc_cgroup_put(dfd, "cpuset.mems", "linux.resources.cpu.mems", err, "%s",
					  c->mems);
	}
	return r;
}

static const char *const throttle_files[4] = {
	"blkio.throttle.read_bps_device",
	"blkio.throttle.write_bps_device",
	"blkio.throttle.read_iops_device",
	"blkio.throttle.write_iops_device",
};

static int v1_blkio(int dfd, const struct spec_blockio *b, struct lc_err *err)
{
	/* CFQ's files when the kernel has them, else BFQ's (runc's choice). */
	bool cfq = faccessat(dfd, "blkio.weight", F_OK, 0) == 0;
	int r = 0;

	if (b->has_weight)
		r = lc_cgroup_put(dfd, cfq ? "blkio.weight" : "blkio.bfq.weight",
				  "linux.resources.blockIO.weight", err, "%u", b->weight);
	if (r == 0 && b->has_leaf_weight)
		r = lc_cgroup_put(dfd, "blkio.leaf_weight", "linux.resources.blockIO.leafWeight",
				  err, "%u", b->leaf_weight);
	for (size_t i = 0; r == 0 && i < b->n_weight_device; i++) {
		const struct spec_weight_device *w = &b->weight_device[i];

		if (w->has_weight)
			r = lc_cgroup_put(dfd,
					  cfq ? "blkio.weight_device" : "blkio.bfq.weight_device",
					  "linux.resources.blockIO.weightDevice", err,
					  "%lld:%lld %u", (long long)w->major, (long long)w->minor,
					  w->weight);
		if (r == 0 && w->has_leaf_weight)
			r = lc_cgroup_put(dfd, "blkio.leaf_weight_device",
					  "linux.resources.blockIO.weightDevice", err,
					  "%lld:%lld %u", (long long)w->major, (long long)w->minor,
					  w->leaf_weight);
	}
	for (int t = 0; t < 4; t++)
		for (size_t i = 0; r == 0 && i < b->n_throttle[t]; i++)
			r = lc_cgroup_put(dfd, throttle_files[t], "linux.resources.blockIO", err,
					  "%lld:%lld %llu", (long long)b->throttle[t][i].major,
					  (long long)b->throttle[t][i].minor,
					  (unsigned long long)b->throttle[t][i].rate);
	return r;
}

static void dev_rule(char *buf, size_t n, char type, int64_t major, int64_t minor,
		     const char *access)
{
	char ma[24], mi[24];

	if (type == 'a' || type == 0) {
		snprintf(buf, n, "a *:* %s", access);
		return;
	}
	snprintf(ma, sizeof(ma), major < 0 ? "*" : "%lld", (long long)major);
	snprintf(mi, sizeof(mi), minor < 0 ? "*" : "%lld", (long long)minor);
	snprintf(buf, n, "%c %s:%s %s", type, ma, mi, access);
}

/* Deny all, the config's rules in order, then the standard devices (later rules win). */
static int v1_devices(int dfd, const struct spec_resources *res, struct lc_err *err)
{
	char rule[96];
	int r;

	r = lc_cgroup_put(dfd, "devices.deny", "linux.resources.devices", err, "a");
	for (size_t i = 0; r == 0 && i < res->n_devices; i++) {
		const struct spec_device_cgroup *d = &res->devices[i];

		dev_rule(rule, sizeof(rule), d->type, d->major, d->minor,
			 d->access ? d->access : "rwm");
		r = lc_cgroup_put(dfd, d->allow ? "devices.allow" : "devices.deny",
				  "linux.resources.devices", err, "%s", rule);
	}
	for (size_t i = 0; r == 0 && i < lc_dev_n_standard; i++) {
		const struct lc_dev_rule *d = &lc_dev_standard[i];

		dev_rule(rule, sizeof(rule), d->type, d->major, d->minor, d->access);
		r = lc_cgroup_put(dfd, "devices.allow", "linux.resources.devices", err, "%s", rule);
	}
	return r;
}

int lc_cgroup_v1_apply(int dfd, const char *controllers, const struct spec_resources *res,
		       struct lc_err *err)
{
	int r = 0;

	if (has(controllers, "memory") && res->memory)
		r = v1_memory(dfd, res->memory, err);
	if (r == 0 && res->cpu && (has(controllers, "cpu") || has(controllers, "cpuset")))
		r = v1_cpu(dfd, controllers, res->cpu, err);
	if (r == 0 && has(controllers, "pids") && res->has_pids_limit)
		r = res->pids_limit > 0
			    ? lc_cgroup_put(dfd, "pids.max", "linux.resources.pids.limit", err,
					    "%lld", (long long)res->pids_limit)
			    : lc_cgroup_put(dfd, "pids.max", "linux.resources.pids.limit", err,
					    "max");
	if (r == 0 && has(controllers, "blkio") && res->blockio)
		r = v1_blkio(dfd, res->blockio, err);
	for (size_t i = 0; r == 0 && has(controllers, "hugetlb") && i < res->n_hugepage_limits;
	     i++) {
		_cleanup_free_ char *f =
			xasprintf("hugetlb.%s.limit_in_bytes", res->hugepage_limits[i].page_size);
		r = lc_cgroup_put(dfd, f, "linux.resources.hugepageLimits", err, "%llu",
				  (unsigned long long)res->hugepage_limits[i].limit);
	}
	if (r == 0 && has(controllers, "net_cls") && res->has_net_class_id)
		r = lc_cgroup_put(dfd, "net_cls.classid", "linux.resources.network.classID", err,
				  "%u", res->net_class_id);
	for (size_t i = 0; r == 0 && has(controllers, "net_prio") && i < res->n_net_priorities; i++)
		r = lc_cgroup_put(dfd, "net_prio.ifpriomap", "linux.resources.network.priorities",
				  err, "%s %u", res->net_priorities[i].name,
				  res->net_priorities[i].priority);
	for (size_t i = 0; r == 0 && has(controllers, "rdma") && i < res->n_rdma; i++)
		r = lc_cgroup_put(dfd, "rdma.max", "linux.resources.rdma", err,
				  "%s hca_handle=%u hca_object=%u", res->rdma[i].device,
				  res->rdma[i].hca_handles, res->rdma[i].hca_objects);
	if (r == 0 && has(controllers, "devices"))
		r = v1_devices(dfd, res, err);
	return r;
}
