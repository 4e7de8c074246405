/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cgroup v2: linux.resources (v1 fields converted) and `unified` → the unified tree. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cgroup.h"
#include "cgroup_files.h"
#include "cleanup.h"
#include "log.h"
#include "util.h"

static int v2_memory(int dfd, const struct spec_memory *m, struct lc_err *err)
{
	int r = 0;

	if (m->limit.set)
		r = m->limit.v == -1
			    ? lc_cgroup_put(dfd, "memory.max", "linux.resources.memory.limit", err,
					    "max")
			    : lc_cgroup_put(dfd, "memory.max", "linux.resources.memory.limit", err,
					    "%lld", (long long)m->limit.v);
	if (r == 0 && m->reservation.set)
		r = m->reservation.v == -1
			    ? lc_cgroup_put(dfd, "memory.low", "linux.resources.memory.reservation",
					    err, "max")
			    : lc_cgroup_put(dfd, "memory.low", "linux.resources.memory.reservation",
					    err, "%lld", (long long)m->reservation.v);
	/* Unlimited memory with swap not given: unlimited swap too (runc). */
	if (r == 0 && m->limit.set && m->limit.v == -1 && !m->swap.set &&
	    faccessat(dfd, "memory.swap.max", F_OK, 0) == 0)
		r = lc_cgroup_put(dfd, "memory.swap.max", "linux.resources.memory.limit", err,
				  "max");
	/* v1's swap is memory+swap; v2's memory.swap.max is the swap alone. */
	if (r == 0 && m->swap.set) {
		if (m->swap.v == -1)
			r = lc_cgroup_put(dfd, "memory.swap.max", "linux.resources.memory.swap",
					  err, "max");
		else if (!m->limit.set || m->limit.v == -1 || m->swap.v < m->limit.v)
			r = lc_err_setx(err, EINVAL,
					"linux.resources.memory.swap: %lld must be at least "
					"memory.limit on cgroup v2 (it counts memory+swap)",
					(long long)m->swap.v);
		else
			r = lc_cgroup_put(dfd, "memory.swap.max", "linux.resources.memory.swap",
					  err, "%lld", (long long)(m->swap.v - m->limit.v));
	}
	if (r == 0 && m->swappiness.set)
		lc_warn("linux.resources.memory.swappiness: not available on cgroup v2: ignored");
	if (r == 0 && m->has_disable_oom_killer && m->disable_oom_killer)
		lc_warn("linux.resources.memory.disableOOMKiller: not available on cgroup v2: ignored");
	if (r == 0 && (m->kernel.set || m->kernel_tcp.set))
		lc_warn("linux.resources.memory.kernel/kernelTCP: not available on cgroup v2: ignored");
	return r;
}

/* cpu.max is "QUOTA PERIOD": the half not given keeps its current value (a new cgroup
 * has "max 100000", runc's defaults). */
static int v2_cpu_max(int dfd, const struct spec_cpu *c, struct lc_err *err)
{
	_cleanup_free_ char *cur = NULL;
	char quota[32] = "max";
	unsigned long long period = 100000;
	struct lc_err e2;

	if (lc_read_file_at(dfd, "cpu.max", 64, &cur, NULL, &e2) == 0)
		(void)sscanf(cur, "%31s %llu", quota, &period);
	if (c->quota.set && c->quota.v > 0)
		snprintf(quota, sizeof(quota), "%lld", (long long)c->quota.v);
	else if (c->quota.set)
		snprintf(quota, sizeof(quota), "max");
	if (c->period.set)
		period = c->period.v;
	return lc_cgroup_put(dfd, "cpu.max",
			     c->quota.set ? "linux.resources.cpu.quota"
					  : "linux.resources.cpu.period",
			     err, "%s %llu", quota, period);
}

static int v2_cpu(int dfd, const struct spec_cpu *c, struct lc_err *err)
{
	int r = 0;

	if (c->shares.set)
		r = lc_cgroup_put(dfd, "cpu.weight", "linux.resources.cpu.shares", err, "%llu",
				  (unsigned long long)lc_cgroup_shares_to_weight(c->shares.v));
	if (r == 0 && (c->quota.set || c->period.set))
		r = v2_cpu_max(dfd, c, err);
	if (r == 0 && c->burst.set)
		r = lc_cgroup_put(dfd, "cpu.max.burst", "linux.resources.cpu.burst", err, "%llu",
				  (unsigned long long)c->burst.v);
	if (r == 0 && c->idle.set)
		r = lc_cgroup_put(dfd, "cpu.idle", "linux.resources.cpu.idle", err, "%lld",
				  (long long)c->idle.v);
	if (r == 0 && (c->realtime_runtime.set || c->realtime_period.set))
		r = lc_err_setx(err, EOPNOTSUPP,
				"linux.resources.cpu.realtimeRuntime/realtimePeriod: "
				"not available on cgroup v2");
	if (r == 0 && c->cpus && *c->cpus)
		r = lc_cgroup_put(dfd, "cpuset.cpus", "linux.resources.cpu.cpus", err, "%s",
				  c->cpus);
	if (r == 0 && c->mems && *c->mems)
		r = lc_cgroup_put(dfd, "cpuset.mems", "linux.resources.cpu.mems", err, "%s",
				  c->mems);
	return r;
}

static const char *const io_keys[4] = {"rbps", "wbps", "riops", "wiops"};

static int v2_io(int dfd, const struct spec_blockio *b, struct lc_err *err)
{
	int r = 0;

	if (b->has_weight)
		r = lc_cgroup_put(dfd, "io.weight", "linux.resources.blockIO.weight", err,
				  "default %u", lc_cgroup_blkio_to_io_weight(b->weight));
	for (size_t i = 0; r == 0 && i < b->n_weight_device; i++)
		if (b->weight_device[i].has_weight)
			r = lc_cgroup_put(dfd, "io.weight", "linux.resources.blockIO.weightDevice",
					  err, "%lld:%lld %u", (long long)b->weight_device[i].major,
					  (long long)b->weight_device[i].minor,
					  lc_cgroup_blkio_to_io_weight(b->weight_device[i].weight));
	for (int t = 0; t < 4; t++)
		for (size_t i = 0; r == 0 && i < b->n_throttle[t]; i++)
			r = lc_cgroup_put(dfd, "io.max", "linux.resources.blockIO", err,
					  "%lld:%lld %s=%llu", (long long)b->throttle[t][i].major,
					  (long long)b->throttle[t][i].minor, io_keys[t],
					  (unsigned long long)b->throttle[t][i].rate);
	return r;
}

int lc_cgroup_v2_apply(int dfd, const struct spec_resources *res, struct lc_err *err)
{
	int r = 0;

	if (res->memory)
		r = v2_memory(dfd, res->memory, err);
	if (r == 0 && res->cpu)
		r = v2_cpu(dfd, res->cpu, err);
	if (r == 0 && res->has_pids_limit)
		r = res->pids_limit > 0
			    ? lc_cgroup_put(dfd, "pids.max", "linux.resources.pids.limit", err,
					    "%lld", (long long)res->pids_limit)
			    : lc_cgroup_put(dfd, "pids.max", "linux.resources.pids.limit", err,
					    "max");
	if (r == 0 && res->blockio)
		r = v2_io(dfd, res->blockio, err);
	for (size_t i = 0; r == 0 && i < res->n_hugepage_limits; i++) {
		_cleanup_free_ char *f =
			xasprintf("hugetlb.%s.max", res->hugepage_limits[i].page_size);

		r = lc_cgroup_put(dfd, f, "linux.resources.hugepageLimits", err, "%llu",
				  (unsigned long long)res->hugepage_limits[i].limit);
	}
	for (size_t i = 0; r == 0 && i < res->n_rdma; i++)
		r = lc_cgroup_put(dfd, "rdma.max", "linux.resources.rdma", err,
				  "%s hca_handle=%u hca_object=%u", res->rdma[i].device,
				  res->rdma[i].hca_handles, res->rdma[i].hca_objects);
	for (size_t i = 0; r == 0 && i < res->n_unified; i++) {
		_cleanup_free_ char *what =
			xasprintf("linux.resources.unified.%s", res->unified[i].key);

		r = lc_cgroup_put(dfd, res->unified[i].key, what, err, "%s", res->unified[i].value);
	}
	return r;
}
