/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What 0 and "absent" mean for every linux.resources field, on create and on update:
 * the one table of it (runc 1.1.5's meaning, read from its libcontainer/cgroups/fs,
 * fs2, specconv and update.go).  Clients rely on it: dockerd sends blockIO.weight 0 and
 * cpu.shares 0 on every create, and `docker update` sends every field it does not change
 * as 0.  Absent always means "leave the kernel's value".  Parent side.
 *
 *   field                        0 on create / on update     (v1 file; v2 file)
 *   memory.limit                 unset / unset               (memory.limit_in_bytes; memory.max)
 *   memory.reservation           unset / unset               (memory.soft_limit_in_bytes; memory.low)
 *   memory.swap                  unset / unset               (memory.memsw.limit_in_bytes; memory.swap.max)
 *   memory.kernel                ignored (deprecated by the kernel); a warning unless 0
 *   memory.kernelTCP             unset / ignored, warning    (memory.kmem.tcp.limit_in_bytes; none)
 *   memory.swappiness            a value (0) / a value       (memory.swappiness; none)
 *   memory.disableOOMKiller      false = unset               (memory.oom_control; none)
 *   cpu.shares                   unset / unset               (cpu.shares; cpu.weight, converted)
 *   cpu.quota                    unset / unset               (cpu.cfs_quota_us; cpu.max)
 *   cpu.period                   unset / unset               (cpu.cfs_period_us; cpu.max)
 *   cpu.realtimeRuntime          unset / unset               (cpu.rt_runtime_us; refused)
 *   cpu.realtimePeriod           unset / unset               (cpu.rt_period_us; refused)
 *   cpu.burst                    a value / a value           (cpu.cfs_burst_us; cpu.max.burst)
 *   cpu.idle                     a value / a value           (cpu.idle; cpu.idle)
 *   cpu.cpus, cpu.mems           "" = unset                  (cpuset.cpus/.mems)
 *   pids.limit                   unset / unset; < 0: "max"   (pids.max)
 *   blockIO.weight               unset / unset               (blkio.weight or blkio.bfq.weight; io.weight)
 *   blockIO.leafWeight           unset / unset               (blkio.leaf_weight; none)
 *   blockIO.weightDevice[].weight, .leafWeight: unset / unset (blkio[.bfq].weight_device; io.weight)
 *   blockIO.throttle*[].rate     a value (0: no limit)       (blkio.throttle.*; io.max)
 *   hugepageLimits[].limit       a value                     (hugetlb.<size>.limit_in_bytes; .max)
 *   network.classID              unset / unset               (net_cls.classid; none)
 *   network.priorities[]         a value                     (net_prio.ifpriomap; none)
 *   rdma.<dev>                   a value                     (rdma.max)
 *   unified.<key>                written verbatim            (none; <key>)
 *   devices                      rules / ignored on update   (devices.allow/deny; BPF program)
 *
 * Rules that involve two fields live where the files are written: memory.limit -1 with
 * swap unset makes swap unlimited too (v1 when swap accounting is on, v2 always); on v2
 * cpu.max takes the half (quota or period) that is not given from the current file; on v1
 * a period the kernel refuses before the quota is retried after it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup.h"
#include "cgroup_files.h"
#include "cleanup.h"
#include "log.h"
#include "util.h"

enum zero_rule {
	ZERO_UNSET, /* 0 means "not set": nothing is written */
	ZERO_VALUE, /* 0 is a value the kernel takes */
	IGNORED,    /* never written (a debug or warning line when set) */
};

enum field_kind {
	OPT_I64,
	OPT_U64,
	HAS_U16,
	HAS_U32,
	HAS_I64,
	HAS_BOOL
};

enum field_home {
	IN_RES,
	IN_MEM,
	IN_CPU,
	IN_BIO
};

struct zero_row {
	const char *field; /* below linux.resources */
	enum field_home home;
	enum field_kind kind;
	size_t off, has_off; /* the value; its "present" flag for HAS_* */
	enum zero_rule create, update;
};

#define OPT(name, home, type, member, kind, c, u)                 \
	{                                                         \
		name, home, kind, offsetof(type, member), 0, c, u \
	}
#define HAS(name, home, type, member, has, kind, c, u)                              \
	{                                                                           \
		name, home, kind, offsetof(type, member), offsetof(type, has), c, u \
	}

static const struct zero_row rows[] = {
	OPT("memory.limit", IN_MEM, struct spec_memory, limit, OPT_I64, ZERO_UNSET, ZERO_UNSET),
	OPT("memory.reservation", IN_MEM, struct spec_memory, reservation, OPT_I64, ZERO_UNSET,
	    ZERO_UNSET),
	OPT("memory.swap", IN_MEM, struct spec_memory, swap, OPT_I64, ZERO_UNSET, ZERO_UNSET),
	OPT("memory.kernel", IN_MEM, struct spec_memory, kernel, OPT_I64, IGNORED, IGNORED),
	OPT("memory.kernelTCP", IN_MEM, struct spec_memory, kernel_tcp, OPT_I64, ZERO_UNSET,
	    IGNORED),
	OPT("memory.swappiness", IN_MEM, struct spec_memory, swappiness, OPT_U64, ZERO_VALUE,
	    ZERO_VALUE),
	HAS("memory.disableOOMKiller", IN_MEM, struct spec_memory, disable_oom_killer,
	    has_disable_oom_killer, HAS_BOOL, ZERO_UNSET, ZERO_UNSET),
	OPT("cpu.shares", IN_CPU, struct spec_cpu, shares, OPT_U64, ZERO_UNSET, ZERO_UNSET),
	OPT("cpu.quota", IN_CPU, struct spec_cpu, quota, OPT_I64, ZERO_UNSET, ZERO_UNSET),
	OPT("cpu.period", IN_CPU, struct spec_cpu, period, OPT_U64, ZERO_UNSET, ZERO_UNSET),
	OPT("cpu.realtimeRuntime", IN_CPU, struct spec_cpu, realtime_runtime, OPT_I64, ZERO_UNSET,
	    ZERO_UNSET),
	OPT("cpu.realtimePeriod", IN_CPU, struct spec_cpu, realtime_period, OPT_U64, ZERO_UNSET,
	    ZERO_UNSET),
	OPT("cpu.burst", IN_CPU, struct spec_cpu, burst, OPT_U64, ZERO_VALUE, ZERO_VALUE),
	OPT("cpu.idle", IN_CPU, struct spec_cpu, idle, OPT_I64, ZERO_VALUE, ZERO_VALUE),
	HAS("pids.limit", IN_RES, struct spec_resources, pids_limit, has_pids_limit, HAS_I64,
	    ZERO_UNSET, ZERO_UNSET),
	HAS("blockIO.weight", IN_BIO, struct spec_blockio, weight, has_weight, HAS_U16, ZERO_UNSET,
	    ZERO_UNSET),
	HAS("blockIO.leafWeight", IN_BIO, struct spec_blockio, leaf_weight, has_leaf_weight,
	    HAS_U16, ZERO_UNSET, ZERO_UNSET),
	HAS("network.classID", IN_RES, struct spec_resources, net_class_id, has_net_class_id,
	    HAS_U32, ZERO_UNSET, ZERO_UNSET),
};

/* Is the field present, and is its value 0? */
static bool present_zero(const char *base, const struct zero_row *row)
{
	const char *v = base + row->off;
	bool has = *(const bool *)(base + row->has_off);

	switch (row->kind) {
	case OPT_I64:
		return ((const struct spec_opt_i64 *)v)->set &&
		       ((const struct spec_opt_i64 *)v)->v == 0;
	case OPT_U64:
		return ((const struct spec_opt_u64 *)v)->set &&
		       ((const struct spec_opt_u64 *)v)->v == 0;
	case HAS_U16:
		return has && *(const uint16_t *)v == 0;
	case HAS_U32:
		return has && *(const uint32_t *)v == 0;
	case HAS_I64:
		return has && *(const int64_t *)v == 0;
	case HAS_BOOL:
		return has && !*(const bool *)v;
	}
	return false;
}

/* The field's "present" flag: spec_opt_*'s set (its first member) or the has_ flag. */
static bool *present_flag(char *base, const struct zero_row *row)
{
	if (row->kind == OPT_I64 || row->kind == OPT_U64)
		return (bool *)(base + row->off);
	return (bool *)(base + row->has_off);
}

static char *home_of(struct lc_cgroup_res *n, enum field_home h)
{
	switch (h) {
	case IN_RES:
		return (char *)&n->r;
	case IN_MEM:
		return n->r.memory ? (char *)n->r.memory : NULL;
	case IN_CPU:
		return n->r.cpu ? (char *)n->r.cpu : NULL;
	case IN_BIO:
		return n->r.blockio ? (char *)n->r.blockio : NULL;
	}
	return NULL;
}

/* Per-device weights: an entry's 0 weight or leaf weight is "not set" (runc). */
static void normalize_weight_devices(struct lc_cgroup_res *n)
{
	struct spec_blockio *b = n->r.blockio;

	if (!b || !b->n_weight_device)
		return;
	n->wd = xcalloc(b->n_weight_device, sizeof(*n->wd));
	memcpy(n->wd, b->weight_device, b->n_weight_device * sizeof(*n->wd));
	for (size_t i = 0; i < b->n_weight_device; i++) {
		n->wd[i].has_weight &= n->wd[i].weight != 0;
		n->wd[i].has_leaf_weight &= n->wd[i].leaf_weight != 0;
	}
	b->weight_device = n->wd;
}

static void normalize(const struct spec_resources *in, enum lc_cgroup_op op, bool quiet,
		      struct lc_cgroup_res *out)
{
	memset(out, 0, sizeof(*out));
	if (!in)
		return;
	out->r = *in;
	if (in->memory) {
		out->mem = *in->memory;
		out->r.memory = &out->mem;
	}
	if (in->cpu) {
		out->cpu = *in->cpu;
		out->r.cpu = &out->cpu;
		if (out->cpu.cpus && !*out->cpu.cpus)
			out->cpu.cpus = NULL;
		if (out->cpu.mems && !*out->cpu.mems)
			out->cpu.mems = NULL;
	}
	if (in->blockio) {
		out->bio = *in->blockio;
		out->r.blockio = &out->bio;
	}
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		enum zero_rule rule = op == LC_CGROUP_OP_UPDATE ? rows[i].update : rows[i].create;
		char *base = home_of(out, rows[i].home);

		if (!base)
			continue;
		if (rule == ZERO_VALUE)
			continue;
		if (present_zero(base, &rows[i]))
			*present_flag(base, &rows[i]) = false;
		if (rule == IGNORED && *present_flag(base, &rows[i])) {
			if (!quiet)
				lc_warn("linux.resources.%s is ignored%s", rows[i].field,
					op == LC_CGROUP_OP_UPDATE ? " by update" : "");
			*present_flag(base, &rows[i]) = false;
		}
	}
	normalize_weight_devices(out);
	if (op == LC_CGROUP_OP_UPDATE && out->r.n_devices) {
		/* As runc: update never rewrites the device rules of a running container. */
		lc_debug("linux.resources.devices: not changed by update");
		out->r.devices = NULL;
		out->r.n_devices = 0;
	}
}

void lc_cgroup_res_normalize(const struct spec_resources *res, enum lc_cgroup_op op,
			     struct lc_cgroup_res *out)
{
	normalize(res, op, false, out);
}

void lc_cgroup_res_normalize_quiet(const struct spec_resources *res, enum lc_cgroup_op op,
				   struct lc_cgroup_res *out)
{
	normalize(res, op, true, out);
}

void lc_cgroup_res_done(struct lc_cgroup_res *n)
{
	free(n->wd);
	n->wd = NULL;
}

/* ---- writing a cgroup file, with an undo journal for update ---- */

struct undo {
	int dfd;
	char *file, *value;
};

static struct lc_cgroup_journal *journal; /* the one of the running update, if any */

static bool keyed_file(const char *file)
{
	static const char *const keyed[] = {"io.max", "io.weight", "io.bfq.weight", "rdma.max",
					    "net_prio.ifpriomap"};

	for (size_t i = 0; i < ARRAY_SIZE(keyed); i++)
		if (strcmp(file, keyed[i]) == 0)
			return true;
	return strncmp(file, "blkio.", 6) == 0 && strstr(file, "_device");
}

char *lc_cgroup_undo_value(const char *file, const char *old, const char *val)
{
	size_t k = strcspn(val, " ");

	if (strcmp(file, "memory.oom_control") == 0)
		return xstrdup(strstr(old, "oom_kill_disable 1") ? "1" : "0");
	if (keyed_file(file) && val[k] == ' ') {
		for (const char *p = old; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
			if (strncmp(p, val, k + 1) == 0)
				return xasprintf("%.*s", (int)strcspn(p, "\n"), p);
		if (strcmp(file, "io.max") == 0)
			return xasprintf("%.*s rbps=max wbps=max riops=max wiops=max", (int)k, val);
		if (strncmp(file, "blkio.", 6) == 0)
			return xasprintf("%.*s 0", (int)k, val);
		return NULL;
	}
	if (!old[strspn(old, " \n")])
		return NULL;
	return xasprintf("%.*s", (int)strcspn(old, "\n"), old);
}

void lc_cgroup_journal_begin(struct lc_cgroup_journal *j, bool dry)
{
	memset(j, 0, sizeof(*j));
	j->dry = dry;
	journal = j;
}

void lc_cgroup_journal_end(struct lc_cgroup_journal *j, bool rollback)
{
	journal = NULL;
	for (size_t i = j->n; i-- > 0;) {
		struct undo *u = &j->undo[i];
		struct lc_err e;

		if (rollback && lc_write_existing_at(u->dfd, u->file, u->value, &e) < 0)
			lc_warn("update: could not put back '%s' in %s: %s", u->value, u->file,
				e.msg);
		close(u->dfd);
		free(u->file);
		free(u->value);
	}
	free(j->undo);
	memset(j, 0, sizeof(*j));
}

static void journal_add(int dfd, const char *file, const char *old, const char *val)
{
	char *undo = lc_cgroup_undo_value(file, old, val);
	int fd;

	if (!undo)
		return;
	fd = fcntl(dfd, F_DUPFD_CLOEXEC, 3);
	if (fd < 0) {
		free(undo);
		return;
	}
	journal->undo = xrealloc(journal->undo, (journal->n + 1) * sizeof(*journal->undo));
	journal->undo[journal->n++] = (struct undo){fd, xstrdup(file), undo};
}

int lc_cgroup_put(int dfd, const char *file, const char *what, struct lc_err *err, const char *fmt,
		  ...)
{
	_cleanup_free_ char *old = NULL;
	char val[512];
	struct lc_err e2;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(val, sizeof(val), fmt, ap);
	va_end(ap);
	if (journal && journal->dry) {
		if (faccessat(dfd, file, W_OK, 0) < 0) {
			lc_err_set(err, errno, "open '%s'", file);
			return lc_err_wrap(err, "%s", what);
		}
		return 0;
	}
	if (journal && lc_read_file_at(dfd, file, 65536, &old, NULL, &e2) < 0)
		old = NULL;
	if (lc_write_existing_at(dfd, file, val, err) < 0)
		return lc_err_wrap(err, "%s", what);
	lc_explain(LC_X_CGROUP, "  %s = %s (%s)", file, val, what);
	if (journal && old)
		journal_add(dfd, file, old, val);
	return 0;
}
