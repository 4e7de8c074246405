/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cgroups without root: host layout detection, path rules, conversions, and the files
 * written for v1 and v2 on fake trees in a tmpdir. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../libcontainer/cgroup.h"
#include "../../libcontainer/cgroup_files.h"
#include "../../libcontainer/cleanup.h"
#include "../../libcontainer/devices_bpf.h"
#include "../../libcontainer/util.h"
#include "suites.h"

static const char hybrid_mountinfo[] =
	"27 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n"
	"30 27 0:26 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
	"31 30 0:27 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
	"32 30 0:28 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
	"33 30 0:29 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd\n"
	"34 30 0:30 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct\n"
	"35 30 0:31 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw,nsdelegate\n";

static const char v2_mountinfo[] =
	"27 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n"
	"30 27 0:26 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n";

static const char v1_mountinfo[] =
	"31 30 0:27 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n"
	"40 27 0:40 / /mnt/other rw - cgroup2 cgroup2 rw\n";

START_TEST(test_layout)
{
	struct lc_cgroup_layout l;

	lc_cgroup_layout_parse(hybrid_mountinfo, "/sys/fs/cgroup", &l);
	ck_assert_int_eq(l.mode, LC_CGROUP_HYBRID);
	ck_assert_uint_eq(l.n_hier, 5);
	ck_assert_str_eq(l.hier[0].controllers, "cpu");
	ck_assert_str_eq(l.hier[2].controllers, "name=systemd");
	ck_assert_str_eq(l.hier[3].controllers, "cpu,cpuacct");
	ck_assert(l.hier[4].is_v2);
	ck_assert_str_eq(l.hier[4].mountpoint, "/sys/fs/cgroup/unified");

	lc_cgroup_layout_parse(v2_mountinfo, "/sys/fs/cgroup", &l);
	ck_assert_int_eq(l.mode, LC_CGROUP_V2);
	ck_assert_uint_eq(l.n_hier, 1);

	lc_cgroup_layout_parse(v1_mountinfo, "/sys/fs/cgroup", &l);
	ck_assert_int_eq(l.mode, LC_CGROUP_V1);
	ck_assert_uint_eq(l.n_hier, 1); /* a cgroup2 outside /sys/fs/cgroup does not count */

	/* The v1 tree shadowed by a cgroup2 mounted over /sys/fs/cgroup: only v2 counts. */
	{
		char *shadowed = xasprintf("%s%s", hybrid_mountinfo,
					   "50 30 0:50 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n");
		lc_cgroup_layout_parse(shadowed, "/sys/fs/cgroup", &l);
		free(shadowed);
		ck_assert_int_eq(l.mode, LC_CGROUP_V2);
		ck_assert_uint_eq(l.n_hier, 1);
		ck_assert_str_eq(l.hier[0].mountpoint, "/sys/fs/cgroup");
	}

	lc_cgroup_layout_parse("", "/sys/fs/cgroup", &l);
	ck_assert_int_eq(l.mode, LC_CGROUP_NONE);
}
END_TEST

START_TEST(test_paths)
{
	struct lc_err err = {0};
	char *p = NULL;

	ck_assert_int_eq(lc_cgroup_path(NULL, "c1", &p, &err), 0);
	ck_assert_str_eq(p, "/runh/c1");
	free(p);
	ck_assert_int_eq(lc_cgroup_path("/default/c1", "c1", &p, &err), 0);
	ck_assert_str_eq(p, "/default/c1");
	free(p);
	ck_assert_int_eq(lc_cgroup_path("pods/c1", "c1", &p, &err), 0);
	ck_assert_str_eq(p, "/runh/pods/c1");
	free(p);
	ck_assert_int_lt(lc_cgroup_path("/a/../../etc", "c1", &p, &err), 0);
	ck_assert_str_eq(err.msg, "linux.cgroupsPath '/a/../../etc': invalid component '..'");
	ck_assert_int_lt(lc_cgroup_path("/a//b", "c1", &p, &err), 0);
	ck_assert_int_lt(lc_cgroup_path("system.slice:runh:c1", "c1", &p, &err), 0);
}
END_TEST

START_TEST(test_conversions)
{
	ck_assert_uint_eq(lc_cgroup_shares_to_weight(2), 1);
	ck_assert_uint_eq(lc_cgroup_shares_to_weight(1024), 39);
	ck_assert_uint_eq(lc_cgroup_shares_to_weight(262144), 10000);
	ck_assert_uint_eq(lc_cgroup_shares_to_weight(0), 0);
	ck_assert_uint_eq(lc_cgroup_blkio_to_io_weight(10), 1);
	ck_assert_uint_eq(lc_cgroup_blkio_to_io_weight(500), 4950);
	ck_assert_uint_eq(lc_cgroup_blkio_to_io_weight(1000), 10000);
}
END_TEST

static char tree[256];

/* A fake cgroup directory: the given files exist, empty. */
static int fake_dir(const char *const *files)
{
	char path[512];

	snprintf(tree, sizeof(tree), "/tmp/runh-cg-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tree));
	for (const char *const *f = files; *f; f++) {
		snprintf(path, sizeof(path), "%s/%s", tree, *f);
		close(open(path, O_CREAT | O_WRONLY, 0644));
	}
	return open(tree, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

static char *slurp(int dfd, const char *name)
{
	struct lc_err err;
	char *buf = NULL;

	ck_assert_int_eq(lc_read_file_at(dfd, name, 4096, &buf, NULL, &err), 0);
	return buf;
}

static void rm_tree(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tree);
	ck_assert_int_eq(system(cmd), 0);
}

START_TEST(test_v2_files)
{
	static const char *const files[] = {"memory.max", "memory.low",	     "memory.swap.max",
					    "cpu.weight", "cpu.max",	     "pids.max",
					    "io.weight",  "hugetlb.2MB.max", "memory.high",
					    NULL};
	struct spec_memory mem = {
		.limit = {true, 1 << 20}, .reservation = {true, 4096}, .swap = {true, 3 << 20}};
	struct spec_cpu cpu = {
		.shares = {true, 1024}, .quota = {true, 50000}, .period = {true, 100000}};
	struct spec_blockio bio = {.has_weight = true, .weight = 500};
	struct spec_hugepage_limit hp = {.page_size = "2MB", .limit = 4194304};
	struct spec_kv uni = {.key = "memory.high", .value = "12345"};
	struct spec_resources res = {.memory = &mem,
				     .cpu = &cpu,
				     .has_pids_limit = true,
				     .pids_limit = -1,
				     .blockio = &bio,
				     .hugepage_limits = &hp,
				     .n_hugepage_limits = 1,
				     .unified = &uni,
				     .n_unified = 1};
	struct lc_err err = {0};
	_cleanup_close_ int dfd = fake_dir(files);
	const char *const want[][2] = {
		{"memory.max", "1048576"},	{"memory.low", "4096"},
		{"memory.swap.max", "2097152"}, {"cpu.weight", "39"},
		{"cpu.max", "50000 100000"},	{"pids.max", "max"},
		{"io.weight", "default 4950"},	{"hugetlb.2MB.max", "4194304"},
		{"memory.high", "12345"},
	};

	ck_assert_msg(lc_cgroup_v2_apply(dfd, &res, &err) == 0, "%s", err.msg);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		_cleanup_free_ char *got = slurp(dfd, want[i][0]);
		ck_assert_msg(strcmp(got, want[i][1]) == 0, "%s: '%s'", want[i][0], got);
	}
	rm_tree();
}
END_TEST

START_TEST(test_v2_errors)
{
	static const char *const files[] = {"memory.max", NULL};
	struct spec_memory mem = {.limit = {true, 2 << 20}, .swap = {true, 1 << 20}};
	struct spec_kv uni = {.key = "memory.nonexistent", .value = "1"};
	struct spec_resources res = {.memory = &mem};
	struct lc_err err = {0};
	_cleanup_close_ int dfd = fake_dir(files);

	ck_assert_int_lt(lc_cgroup_v2_apply(dfd, &res, &err), 0);
	ck_assert_ptr_nonnull(
		strstr(err.msg, "linux.resources.memory.swap: 1048576 must be at least"));
	res.memory = NULL;
	res.unified = &uni;
	res.n_unified = 1;
	ck_assert_int_lt(lc_cgroup_v2_apply(dfd, &res, &err), 0);
	ck_assert_str_eq(err.msg, "linux.resources.unified.memory.nonexistent: open "
				  "'memory.nonexistent': No such file or directory");
	rm_tree();
}
END_TEST

START_TEST(test_v1_files)
{
	static const char *const files[] = {"memory.limit_in_bytes",
					    "memory.memsw.limit_in_bytes",
					    "memory.swappiness",
					    "pids.max",
					    "devices.deny",
					    "devices.allow",
					    NULL};
	struct spec_memory mem = {.limit = {true, 1 << 20}, .swappiness = {true, 10}};
	struct spec_device_cgroup dev = {
		.allow = true, .type = 'c', .major = 10, .minor = -1, .access = "rw"};
	struct spec_resources res = {.memory = &mem,
				     .has_pids_limit = true,
				     .pids_limit = 42,
				     .devices = &dev,
				     .n_devices = 1};
	struct lc_err err = {0};
	_cleanup_close_ int dfd = fake_dir(files);
	_cleanup_free_ char *lim = NULL, *sw = NULL, *pids = NULL, *allow = NULL, *deny = NULL;

	ck_assert_msg(lc_cgroup_v1_apply(dfd, "memory,pids,devices", &res, &err) == 0, "%s",
		      err.msg);
	lim = slurp(dfd, "memory.limit_in_bytes");
	sw = slurp(dfd, "memory.swappiness");
	pids = slurp(dfd, "pids.max");
	deny = slurp(dfd, "devices.deny");
	allow = slurp(dfd, "devices.allow");
	ck_assert_str_eq(lim, "1048576");
	ck_assert_str_eq(sw, "10");
	ck_assert_str_eq(pids, "42");
	ck_assert_str_eq(deny, "a");
	/* A regular file keeps only the last write: the standard list ends the rules. */
	ck_assert_str_eq(allow, "c 10:200 rwm");
	rm_tree();
}
END_TEST

/* A tiny interpreter for the instructions devices_bpf.c emits: runs the program on
 * (type, access, major, minor) the way the kernel would. */
static int run_prog(const struct bpf_insn *p, size_t n, uint32_t type, uint32_t access,
		    uint32_t major, uint32_t minor)
{
	uint32_t ctx[3] = {(access << 16) | type, major, minor};
	uint64_t r[11] = {0};

	for (size_t pc = 0; pc < n; pc++) {
		const struct bpf_insn *i = &p[pc];

		switch (i->code) {
		case BPF_LDX | BPF_W | BPF_MEM:
			r[i->dst_reg] = ctx[i->off / 4];
			break;
		case BPF_ALU | BPF_AND | BPF_K:
			r[i->dst_reg] = (uint32_t)(r[i->dst_reg] & (uint32_t)i->imm);
			break;
		case BPF_ALU | BPF_RSH | BPF_K:
			r[i->dst_reg] = (uint32_t)r[i->dst_reg] >> i->imm;
			break;
		case BPF_ALU | BPF_MOV | BPF_X:
			r[i->dst_reg] = (uint32_t)r[i->src_reg];
			break;
		case BPF_ALU64 | BPF_MOV | BPF_K:
			r[i->dst_reg] = (uint64_t)(int64_t)i->imm;
			break;
		case BPF_JMP | BPF_JNE | BPF_K:
			if (r[i->dst_reg] != (uint64_t)(int64_t)i->imm)
				pc += (size_t)i->off;
			break;
		case BPF_JMP | BPF_EXIT:
			return (int)r[0];
		default:
			ck_abort_msg("unexpected instruction code 0x%x at %zu", i->code, pc);
		}
	}
	ck_abort_msg("the program fell off its end");
	return -1;
}

START_TEST(test_device_program)
{
	struct spec_device_cgroup rules[] = {
		{.allow = false, .major = -1, .minor = -1, .access = "rwm"}, /* deny all */
		{.allow = true, .type = 'c', .major = 10, .minor = 229, .access = "rw"},
		{.allow = true, .type = 'b', .major = 8, .minor = -1, .access = "r"},
		{.allow = false, .type = 'b', .major = 8, .minor = 3, .access = "rwm"},
	};
	const uint32_t C = BPF_DEVCG_DEV_CHAR, B = BPF_DEVCG_DEV_BLOCK;
	const uint32_t R = BPF_DEVCG_ACC_READ, W = BPF_DEVCG_ACC_WRITE, M = BPF_DEVCG_ACC_MKNOD;
	struct bpf_insn *p = NULL;
	size_t n;

	lc_devices_bpf_build(rules, 4, &p, &n);
	ck_assert_int_eq(run_prog(p, n, C, R | W, 1, 3), 1);	/* /dev/null: standard */
	ck_assert_int_eq(run_prog(p, n, C, R, 136, 7), 1);	/* a pts */
	ck_assert_int_eq(run_prog(p, n, C, R | W, 1, 1), 0);	/* /dev/mem: denied */
	ck_assert_int_eq(run_prog(p, n, C, R | W, 10, 229), 1); /* fuse: allowed rw */
	ck_assert_int_eq(run_prog(p, n, C, M, 10, 229), 1);	/* mknod of any char: standard */
	ck_assert_int_eq(run_prog(p, n, B, R, 8, 0), 1);	/* sda: read only */
	ck_assert_int_eq(run_prog(p, n, B, W, 8, 0), 0);	/* ... not write */
	ck_assert_int_eq(run_prog(p, n, B, R, 8, 3), 0);	/* a later deny wins */
	ck_assert_int_eq(run_prog(p, n, B, R, 9, 0), 0);	/* another block device */
	free(p);

	/* No rules at all: only the standard devices. */
	lc_devices_bpf_build(NULL, 0, &p, &n);
	ck_assert_int_eq(run_prog(p, n, C, R | W, 1, 9), 1);
	ck_assert_int_eq(run_prog(p, n, C, R, 4, 1), 0);
	free(p);
}
END_TEST

/* ---- what 0 means, row by row (cgroup_res.c's table) ---- */

#define GET(name, expr)                                  \
	static bool name(const struct spec_resources *r) \
	{                                                \
		return (expr);                           \
	}
GET(mem_limit, r->memory && r->memory->limit.set)
GET(mem_resv, r->memory && r->memory->reservation.set)
GET(mem_swap, r->memory && r->memory->swap.set)
GET(mem_kernel, r->memory && r->memory->kernel.set)
GET(mem_ktcp, r->memory && r->memory->kernel_tcp.set)
GET(mem_swappiness, r->memory && r->memory->swappiness.set)
GET(mem_oom, r->memory && r->memory->has_disable_oom_killer)
GET(cpu_shares, r->cpu && r->cpu->shares.set)
GET(cpu_quota, r->cpu && r->cpu->quota.set)
GET(cpu_period, r->cpu && r->cpu->period.set)
GET(cpu_rt_runtime, r->cpu && r->cpu->realtime_runtime.set)
GET(cpu_rt_period, r->cpu && r->cpu->realtime_period.set)
GET(cpu_burst, r->cpu && r->cpu->burst.set)
GET(cpu_idle, r->cpu && r->cpu->idle.set)
GET(cpu_cpus, r->cpu && r->cpu->cpus)
GET(cpu_mems, r->cpu && r->cpu->mems)
GET(pids, r->has_pids_limit)
GET(blk_weight, r->blockio && r->blockio->has_weight)
GET(blk_leaf, r->blockio && r->blockio->has_leaf_weight)
GET(blk_wd_weight,
    r->blockio && r->blockio->n_weight_device && r->blockio->weight_device[0].has_weight)
GET(blk_wd_leaf,
    r->blockio && r->blockio->n_weight_device && r->blockio->weight_device[0].has_leaf_weight)
GET(blk_throttle, r->blockio && r->blockio->n_throttle[0])
GET(hugepages, r->n_hugepage_limits)
GET(classid, r->has_net_class_id)
GET(prio, r->n_net_priorities)
GET(rdma, r->n_rdma)
GET(devices, r->n_devices)
#undef GET

static const struct zero_case {
	const char *json;
	bool (*is_set)(const struct spec_resources *r);
	bool on_create, on_update; /* still written after normalisation */
} zero_cases[] = {
	{"{\"memory\":{\"limit\":0}}", mem_limit, false, false},
	{"{\"memory\":{\"limit\":-1}}", mem_limit, true, true},
	{"{\"memory\":{\"reservation\":0}}", mem_resv, false, false},
	{"{\"memory\":{\"swap\":0}}", mem_swap, false, false},
	{"{\"memory\":{\"kernel\":0}}", mem_kernel, false, false},
	{"{\"memory\":{\"kernel\":1048576}}", mem_kernel, false, false},
	{"{\"memory\":{\"kernelTCP\":0}}", mem_ktcp, false, false},
	{"{\"memory\":{\"kernelTCP\":1048576}}", mem_ktcp, true, false},
	{"{\"memory\":{\"swappiness\":0}}", mem_swappiness, true, true},
	{"{\"memory\":{\"disableOOMKiller\":false}}", mem_oom, false, false},
	{"{\"memory\":{\"disableOOMKiller\":true}}", mem_oom, true, true},
	{"{\"cpu\":{\"shares\":0}}", cpu_shares, false, false},
	{"{\"cpu\":{\"shares\":512}}", cpu_shares, true, true},
	{"{\"cpu\":{\"quota\":0}}", cpu_quota, false, false},
	{"{\"cpu\":{\"quota\":-1}}", cpu_quota, true, true},
	{"{\"cpu\":{\"period\":0}}", cpu_period, false, false},
	{"{\"cpu\":{\"realtimeRuntime\":0}}", cpu_rt_runtime, false, false},
	{"{\"cpu\":{\"realtimePeriod\":0}}", cpu_rt_period, false, false},
	{"{\"cpu\":{\"burst\":0}}", cpu_burst, true, true},
	{"{\"cpu\":{\"idle\":0}}", cpu_idle, true, true},
	{"{\"cpu\":{\"cpus\":\"\"}}", cpu_cpus, false, false},
	{"{\"cpu\":{\"mems\":\"\"}}", cpu_mems, false, false},
	{"{\"pids\":{\"limit\":0}}", pids, false, false},
	{"{\"pids\":{\"limit\":-1}}", pids, true, true},
	{"{\"blockIO\":{\"weight\":0}}", blk_weight, false, false},
	{"{\"blockIO\":{\"weight\":500}}", blk_weight, true, true},
	{"{\"blockIO\":{\"leafWeight\":0}}", blk_leaf, false, false},
	{"{\"blockIO\":{\"weightDevice\":[{\"major\":8,\"minor\":0,\"weight\":0}]}}", blk_wd_weight,
	 false, false},
	{"{\"blockIO\":{\"weightDevice\":[{\"major\":8,\"minor\":0,\"leafWeight\":0}]}}",
	 blk_wd_leaf, false, false},
	{"{\"blockIO\":{\"throttleReadBpsDevice\":[{\"major\":8,\"minor\":0,\"rate\":0}]}}",
	 blk_throttle, true, true},
	{"{\"hugepageLimits\":[{\"pageSize\":\"2MB\",\"limit\":0}]}", hugepages, true, true},
	{"{\"network\":{\"classID\":0}}", classid, false, false},
	{"{\"network\":{\"priorities\":[{\"name\":\"lo\",\"priority\":0}]}}", prio, true, true},
	{"{\"rdma\":{\"mlx4_0\":{\"hcaHandles\":0}}}", rdma, true, true},
	{"{\"devices\":[{\"allow\":false,\"access\":\"rwm\"}]}", devices, true, false},
};

START_TEST(test_zero_rows)
{
	const struct zero_case *c = &zero_cases[_i];
	struct spec_resources *res = NULL;
	struct lc_cgroup_res n;
	struct lc_err err = {0};

	ck_assert_msg(spec_parse_resources_json(c->json, strlen(c->json), "t", &res, &err) == 0,
		      "%s: %s", c->json, err.msg);
	ck_assert_msg(c->is_set(res), "%s: not parsed as set", c->json);
	lc_cgroup_res_normalize(res, LC_CGROUP_OP_CREATE, &n);
	ck_assert_msg(c->is_set(&n.r) == c->on_create, "%s on create", c->json);
	lc_cgroup_res_done(&n);
	lc_cgroup_res_normalize(res, LC_CGROUP_OP_UPDATE, &n);
	ck_assert_msg(c->is_set(&n.r) == c->on_update, "%s on update", c->json);
	lc_cgroup_res_done(&n);
	ck_assert_msg(c->is_set(res), "%s: the source was changed", c->json);
	spec_resources_free(res);
}
END_TEST

/* What dockerd sends: every field 0.  Nothing is written, on v1 or v2. */
START_TEST(test_docker_zeros_write_nothing)
{
	static const char json[] =
		"{\"memory\":{\"limit\":0,\"reservation\":0,\"swap\":0,\"kernel\":0,\"kernelTCP\":0},"
		"\"cpu\":{\"shares\":0,\"quota\":0,\"period\":0,\"realtimeRuntime\":0,"
		"\"realtimePeriod\":0,\"cpus\":\"\",\"mems\":\"\"},\"blockIO\":{\"weight\":0},"
		"\"pids\":{\"limit\":0}}";
	static const char *const files[] = {"memory.limit_in_bytes",
					    "memory.memsw.limit_in_bytes",
					    "memory.soft_limit_in_bytes",
					    "cpu.shares",
					    "cpu.cfs_quota_us",
					    "cpu.cfs_period_us",
					    "cpuset.cpus",
					    "blkio.weight",
					    "pids.max",
					    "memory.max",
					    "cpu.weight",
					    "cpu.max",
					    "io.weight",
					    NULL};
	struct spec_resources *res = NULL;
	struct lc_cgroup_res n;
	struct lc_err err = {0};
	_cleanup_close_ int dfd = fake_dir(files);

	ck_assert_int_eq(spec_parse_resources_json(json, strlen(json), "t", &res, &err), 0);
	for (int op = LC_CGROUP_OP_CREATE; op <= LC_CGROUP_OP_UPDATE; op++) {
		lc_cgroup_res_normalize(res, op, &n);
		ck_assert_msg(lc_cgroup_v1_apply(dfd, "memory,cpu,cpuset,blkio,pids", &n.r, &err) ==
				      0,
			      "%s", err.msg);
		ck_assert_msg(lc_cgroup_v2_apply(dfd, &n.r, &err) == 0, "%s", err.msg);
		lc_cgroup_res_done(&n);
	}
	for (const char *const *f = files; *f; f++) {
		_cleanup_free_ char *got = slurp(dfd, *f);
		ck_assert_msg(got[0] == '\0', "%s was written: '%s'", *f, got);
	}
	spec_resources_free(res);
	rm_tree();
}
END_TEST

START_TEST(test_undo_values)
{
	static const struct {
		const char *file, *old, *val, *undo;
	} c[] = {
		{"memory.max", "max\n", "1048576", "max"},
		{"cpu.max", "max 100000\n", "50000 100000", "max 100000"},
		{"memory.oom_control", "oom_kill_disable 0\nunder_oom 0\n", "1", "0"},
		{"blkio.throttle.read_bps_device", "8:0 100\n", "254:0 5", "254:0 0"},
		{"blkio.throttle.read_bps_device", "8:0 100\n254:0 7\n", "254:0 5", "254:0 7"},
		{"io.max", "", "8:0 rbps=10", "8:0 rbps=max wbps=max riops=max wiops=max"},
		{"io.weight", "default 100\n", "default 4950", "default 100"},
		{"cpuset.cpus", "0-1\n", "0", "0-1"},
		{"cgroup.subtree_control", "", "+memory", NULL},
	};

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		_cleanup_free_ char *u = lc_cgroup_undo_value(c[i].file, c[i].old, c[i].val);

		if (!c[i].undo)
			ck_assert_ptr_null(u);
		else
			ck_assert_msg(u && strcmp(u, c[i].undo) == 0, "%s: '%s'", c[i].file,
				      u ? u : "(null)");
	}
}
END_TEST

/* update: a write the kernel refuses puts back what was written before it. */
START_TEST(test_update_rolls_back)
{
	static const char *const files[] = {NULL};
	struct spec_memory mem = {.limit = {true, 2 << 20}};
	struct spec_cpu cpu = {.shares = {true, 1024}};
	struct spec_resources res = {
		.memory = &mem, .cpu = &cpu, .has_pids_limit = true, .pids_limit = 0};
	struct lc_cgroup_layout l = {.mode = LC_CGROUP_V2, .n_hier = 1};
	struct lc_err err = {0};
	_cleanup_close_ int dfd = fake_dir(files);
	_cleanup_close_ int leaf = -1;
	_cleanup_free_ char *mx = NULL, *pm = NULL;

	ck_assert_int_eq(mkdirat(dfd, "c", 0755), 0);
	/* The controllers the limits need (a missing one is refused before any write). */
	ck_assert_int_eq(lc_write_file_at(dfd, "cgroup.controllers", "cpu memory pids\n", 16, 0644,
					  &err),
			 0);
	leaf = openat(dfd, "c", O_RDONLY | O_DIRECTORY);
	ck_assert_int_eq(lc_write_file_at(leaf, "memory.max", "1048576\n", 8, 0644, &err), 0);
	ck_assert_int_eq(lc_write_file_at(leaf, "pids.max", "7\n", 2, 0644, &err), 0);
	ck_assert_int_eq(mkdirat(leaf, "cpu.weight", 0755), 0); /* writable, but a write fails */
	l.hier[0].is_v2 = true;
	snprintf(l.hier[0].mountpoint, sizeof(l.hier[0].mountpoint), "%s", tree);

	ck_assert_int_lt(lc_cgroup_update(&l, "/c", &res, &err), 0);
	ck_assert_msg(strstr(err.msg, "linux.resources.cpu.shares") &&
			      strstr(err.msg, "cpu.weight"),
		      "%s", err.msg);
	mx = slurp(leaf, "memory.max");
	pm = slurp(leaf, "pids.max");
	ck_assert_str_eq(mx, "1048576\n"); /* 2097152 written, then put back */
	ck_assert_str_eq(pm, "7\n");	   /* pids 0: never touched */

	/* A file that is not there at all: refused before anything is written. */
	ck_assert_int_eq(unlinkat(leaf, "cpu.weight", AT_REMOVEDIR), 0);
	ck_assert_int_lt(lc_cgroup_update(&l, "/c", &res, &err), 0);
	free(mx);
	mx = slurp(leaf, "memory.max");
	ck_assert_str_eq(mx, "1048576\n"); /* no write happened */
	rm_tree();
}
END_TEST

/* v1 with only BFQ: weight and per-device weights go to blkio.bfq.* (as runc). */
START_TEST(test_v1_bfq)
{
	static const char *const files[] = {"blkio.bfq.weight", "blkio.bfq.weight_device", NULL};
	struct spec_weight_device wd = {.major = 8, .minor = 0, .has_weight = true, .weight = 300};
	struct spec_blockio bio = {
		.has_weight = true, .weight = 500, .weight_device = &wd, .n_weight_device = 1};
	struct spec_resources res = {.blockio = &bio};
	struct lc_err err = {0};
	_cleanup_close_ int dfd = fake_dir(files);
	_cleanup_free_ char *w = NULL, *d = NULL;

	ck_assert_msg(lc_cgroup_v1_apply(dfd, "blkio", &res, &err) == 0, "%s", err.msg);
	w = slurp(dfd, "blkio.bfq.weight");
	d = slurp(dfd, "blkio.bfq.weight_device");
	ck_assert_str_eq(w, "500");
	ck_assert_str_eq(d, "8:0 300");
	rm_tree();
}
END_TEST

/* memory -1 without swap: memory+swap becomes unlimited too (v1 and v2, as runc). */
START_TEST(test_memory_unlimited_swap)
{
	static const char *const files[] = {"memory.limit_in_bytes", "memory.memsw.limit_in_bytes",
					    "memory.max", "memory.swap.max", NULL};
	struct spec_memory mem = {.limit = {true, -1}};
	struct spec_resources res = {.memory = &mem};
	struct lc_err err = {0};
	_cleanup_close_ int dfd = fake_dir(files);
	_cleanup_free_ char *l1 = NULL, *s1 = NULL, *l2 = NULL, *s2 = NULL;

	ck_assert_msg(lc_cgroup_v1_apply(dfd, "memory", &res, &err) == 0, "%s", err.msg);
	ck_assert_msg(lc_cgroup_v2_apply(dfd, &res, &err) == 0, "%s", err.msg);
	l1 = slurp(dfd, "memory.limit_in_bytes");
	s1 = slurp(dfd, "memory.memsw.limit_in_bytes");
	l2 = slurp(dfd, "memory.max");
	s2 = slurp(dfd, "memory.swap.max");
	ck_assert_str_eq(l1, "-1");
	ck_assert_str_eq(s1, "-1");
	ck_assert_str_eq(l2, "max");
	ck_assert_str_eq(s2, "max");
	rm_tree();
}
END_TEST

/* open_v2: 0 and an fd (or -1: not a pure v2 host); a failure is -errno, never -1. */
START_TEST(test_open_v2)
{
	static const char *const files[] = {NULL};
	struct lc_cgroup_layout l = {.mode = LC_CGROUP_V2, .n_hier = 1};
	struct lc_err err = {0};
	_cleanup_close_ int dfd = fake_dir(files);
	int fd = 42;

	l.hier[0].is_v2 = true;
	snprintf(l.hier[0].mountpoint, sizeof(l.hier[0].mountpoint), "%s", tree);
	ck_assert_int_eq(lc_cgroup_open_v2(&l, "/nosuch", &fd, &err), -ENOENT);
	ck_assert_int_eq(fd, -1);
	ck_assert_int_eq(mkdirat(dfd, "c", 0755), 0);
	ck_assert_int_eq(lc_cgroup_open_v2(&l, "/c", &fd, &err), 0);
	ck_assert_int_ge(fd, 0);
	close(fd);
	l.mode = LC_CGROUP_HYBRID;
	ck_assert_int_eq(lc_cgroup_open_v2(&l, "/c", &fd, &err), 0);
	ck_assert_int_eq(fd, -1);
	rm_tree();
}
END_TEST

Suite *cgroup_suite(void)
{
	Suite *s = suite_create("cgroup");
	TCase *tc = tcase_create("cgroup");

	tcase_add_test(tc, test_layout);
	tcase_add_test(tc, test_paths);
	tcase_add_test(tc, test_conversions);
	tcase_add_test(tc, test_v2_files);
	tcase_add_test(tc, test_v2_errors);
	tcase_add_test(tc, test_v1_files);
	tcase_add_test(tc, test_device_program);
	tcase_add_loop_test(tc, test_zero_rows, 0, sizeof(zero_cases) / sizeof(zero_cases[0]));
	tcase_add_test(tc, test_docker_zeros_write_nothing);
	tcase_add_test(tc, test_undo_values);
	tcase_add_test(tc, test_update_rolls_back);
	tcase_add_test(tc, test_v1_bfq);
	tcase_add_test(tc, test_memory_unlimited_swap);
	tcase_add_test(tc, test_open_v2);
	suite_add_tcase(s, tc);
	return s;
}
