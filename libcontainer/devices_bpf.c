/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The cgroup v2 device program (see devices_bpf.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cleanup.h"
#include "devices_bpf.h"
#include "log.h"
#include "util.h"

const struct lc_dev_rule lc_dev_standard[] = {
	{true, 'c', -1, -1, "m"}, {true, 'b', -1, -1, "m"},    {true, 'c', 1, 3, "rwm"},
	{true, 'c', 1, 5, "rwm"}, {true, 'c', 1, 7, "rwm"},    {true, 'c', 1, 8, "rwm"},
	{true, 'c', 1, 9, "rwm"}, {true, 'c', 5, 0, "rwm"},    {true, 'c', 5, 1, "rwm"},
	{true, 'c', 5, 2, "rwm"}, {true, 'c', 136, -1, "rwm"}, {true, 'c', 10, 200, "rwm"},
};
const size_t lc_dev_n_standard = ARRAY_SIZE(lc_dev_standard);

#define INSN(c, d, s, o, i) \
	((struct bpf_insn){.code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i)})

static uint32_t access_bits(const char *a)
{
	uint32_t bits = 0;

	for (; a && *a; a++)
		bits |= *a == 'r'   ? BPF_DEVCG_ACC_READ
			: *a == 'w' ? BPF_DEVCG_ACC_WRITE
			: *a == 'm' ? BPF_DEVCG_ACC_MKNOD
				    : 0;
	return bits;
}

/* One rule: every test that fails jumps past the block; falling through returns.
 * *ret_catch_all: the rule matches everything (what follows it would be unreachable,
 * which the verifier refuses). */
static size_t emit_rule(struct bpf_insn *out, const struct lc_dev_rule *r, bool *ret_catch_all)
{
	uint32_t acc = access_bits(r->access);
	const uint32_t all = BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE | BPF_DEVCG_ACC_MKNOD;
	size_t n = 0, jumps[4], nj = 0;

	if (r->type == 'c' || r->type == 'b') {
		jumps[nj++] = n;
		out[n++] = INSN(BPF_JMP | BPF_JNE | BPF_K, 2, 0, 0,
				r->type == 'c' ? BPF_DEVCG_DEV_CHAR : BPF_DEVCG_DEV_BLOCK);
	}
	if ((acc & all) != all) {
		/* requested access must be a subset of the rule's: (req & ~acc) == 0 */
		out[n++] = INSN(BPF_ALU | BPF_MOV | BPF_X, 1, 3, 0, 0);
		out[n++] = INSN(BPF_ALU | BPF_AND | BPF_K, 1, 0, 0, (int32_t)~acc);
		jumps[nj++] = n;
		out[n++] = INSN(BPF_JMP | BPF_JNE | BPF_K, 1, 0, 0, 0);
	}
	if (r->major >= 0) {
		jumps[nj++] = n;
		out[n++] = INSN(BPF_JMP | BPF_JNE | BPF_K, 4, 0, 0, (int32_t)r->major);
	}
	if (r->minor >= 0) {
		jumps[nj++] = n;
		out[n++] = INSN(BPF_JMP | BPF_JNE | BPF_K, 5, 0, 0, (int32_t)r->minor);
	}
	out[n++] = INSN(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, r->allow ? 1 : 0);
	out[n++] = INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
	for (size_t j = 0; j < nj; j++)
		out[jumps[j]].off = (int16_t)(n - jumps[j] - 1);
	*ret_catch_all = nj == 0;
	return n;
}

int lc_devices_bpf_build(const struct spec_device_cgroup *rules, size_t n_rules,
			 struct bpf_insn **ret, size_t *ret_n)
{
	size_t total = n_rules + lc_dev_n_standard, n = 0;
	bool done = false;
	struct bpf_insn *p = xcalloc(6 + total * 8 + 2, sizeof(*p));

	/* r2 = device type, r3 = access, r4 = major, r5 = minor (struct bpf_cgroup_dev_ctx) */
	p[n++] = INSN(BPF_LDX | BPF_W | BPF_MEM, 2, 1, 0, 0);
	p[n++] = INSN(BPF_ALU | BPF_AND | BPF_K, 2, 0, 0, 0xffff);
	p[n++] = INSN(BPF_LDX | BPF_W | BPF_MEM, 3, 1, 0, 0);
	p[n++] = INSN(BPF_ALU | BPF_RSH | BPF_K, 3, 0, 0, 16);
	p[n++] = INSN(BPF_LDX | BPF_W | BPF_MEM, 4, 1, 4, 0);
	p[n++] = INSN(BPF_LDX | BPF_W | BPF_MEM, 5, 1, 8, 0);
	/* The last matching rule wins: emit them last first; the standard list comes last.
	 * A catch-all rule ends the program (nothing before it in the list can matter). */
	for (size_t i = lc_dev_n_standard; i-- > 0 && !done;)
		n += emit_rule(p + n, &lc_dev_standard[i], &done);
	for (size_t i = n_rules; i-- > 0 && !done;) {
		struct lc_dev_rule r = {rules[i].allow, rules[i].type ? rules[i].type : 'a',
					rules[i].major, rules[i].minor,
					rules[i].access ? rules[i].access : "rwm"};

		n += emit_rule(p + n, &r, &done);
	}
	if (!done) {
		p[n++] = INSN(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0); /* no match: deny */
		p[n++] = INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
	}
	*ret = p;
	*ret_n = n;
	return 0;
}

int lc_devices_bpf_attach(int cgroup_fd, const struct spec_device_cgroup *rules, size_t n_rules,
			  struct lc_err *err)
{
	_cleanup_free_ struct bpf_insn *insns = NULL;
	_cleanup_close_ int prog = -1;
	union bpf_attr attr;
	char log[4096] = "";
	size_t n;

	lc_devices_bpf_build(rules, n_rules, &insns, &n);
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
	attr.insns = (uint64_t)(uintptr_t)insns;
	attr.insn_cnt = (uint32_t)n;
	attr.license = (uint64_t)(uintptr_t) "GPL";
	prog = (int)syscall(SYS_bpf, BPF_PROG_LOAD, &attr, sizeof(attr));
	if (prog < 0 && errno == EINVAL) {
		/* Refused by the verifier: load again with its log, to say why. */
		attr.log_buf = (uint64_t)(uintptr_t)log;
		attr.log_size = sizeof(log);
		attr.log_level = 1;
		prog = (int)syscall(SYS_bpf, BPF_PROG_LOAD, &attr, sizeof(attr));
		log[strcspn(log, "\n")] = '\0';
		errno = EINVAL;
	}
	if (prog < 0)
		return lc_err_set(err, errno,
				  "linux.resources.devices: load the device program%s%s",
				  log[0] ? ": " : "", log);
	memset(&attr, 0, sizeof(attr));
	attr.target_fd = (uint32_t)cgroup_fd;
	attr.attach_bpf_fd = (uint32_t)prog;
	attr.attach_type = BPF_CGROUP_DEVICE;
	attr.attach_flags = BPF_F_ALLOW_MULTI;
	if (syscall(SYS_bpf, BPF_PROG_ATTACH, &attr, sizeof(attr)) < 0)
		return lc_err_set(err, errno, "linux.resources.devices: attach the device program");
	lc_explain(LC_X_DEV,
		   "cgroup v2 device rules: a %zu-instruction BPF_PROG_TYPE_CGROUP_DEVICE "
		   "program (%zu rules) attached with bpf(BPF_PROG_ATTACH)",
		   n, n_rules);
	return 0;
}
