/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Seccomp with libseccomp (see seccomp.h).  The only file that includes <seccomp.h>. */
#include <ctype.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../spec/suggest.h"
#include "cleanup.h"
#include "log.h"
#include "seccomp.h"
#include "util.h"

static uint32_t action_value(int action, bool has_errno, uint32_t errno_ret)
{
	uint32_t e = has_errno ? errno_ret : EPERM;

	switch ((enum spec_seccomp_action)action) {
	case SPEC_SCMP_ACT_KILL:
	case SPEC_SCMP_ACT_KILL_THREAD:
		return SCMP_ACT_KILL_THREAD;
	case SPEC_SCMP_ACT_KILL_PROCESS:
		return SCMP_ACT_KILL_PROCESS;
	case SPEC_SCMP_ACT_TRAP:
		return SCMP_ACT_TRAP;
	case SPEC_SCMP_ACT_ERRNO:
		return SCMP_ACT_ERRNO(e);
	case SPEC_SCMP_ACT_TRACE:
		return SCMP_ACT_TRACE(e);
	case SPEC_SCMP_ACT_ALLOW:
		return SCMP_ACT_ALLOW;
	case SPEC_SCMP_ACT_LOG:
		return SCMP_ACT_LOG;
	case SPEC_SCMP_ACT_NOTIFY:
		return SCMP_ACT_NOTIFY;
	case SPEC_SCMP_ACT__MAX:
		break;
	}
	return SCMP_ACT_KILL_PROCESS;
}

static const enum scmp_compare ops[SPEC_SCMP_CMP__MAX] = {
	[SPEC_SCMP_CMP_NE] = SCMP_CMP_NE,
	[SPEC_SCMP_CMP_LT] = SCMP_CMP_LT,
	[SPEC_SCMP_CMP_LE] = SCMP_CMP_LE,
	[SPEC_SCMP_CMP_EQ] = SCMP_CMP_EQ,
	[SPEC_SCMP_CMP_GE] = SCMP_CMP_GE,
	[SPEC_SCMP_CMP_GT] = SCMP_CMP_GT,
	[SPEC_SCMP_CMP_MASKED_EQ] = SCMP_CMP_MASKED_EQ,
};

static struct scmp_arg_cmp to_cmp(const struct spec_seccomp_arg *a)
{
	struct scmp_arg_cmp c = {
		.arg = a->index, .op = ops[a->op], .datum_a = a->value, .datum_b = a->value_two};

	return c;
}

static int add_arch(scmp_filter_ctx ctx, const char *name, struct lc_err *err)
{
	char lower[64];
	uint32_t arch;
	size_t i;
	int r;

	/* "SCMP_ARCH_X86_64" → "x86_64", the name libseccomp resolves. */
	for (i = 0; name[10 + i] && i < sizeof(lower) - 1; i++)
		lower[i] = (char)tolower((unsigned char)name[10 + i]);
	lower[i] = '\0';
	arch = seccomp_arch_resolve_name(lower);
	if (arch == 0) {
		lc_warn("linux.seccomp.architectures: '%s' is not known to libseccomp: skipped",
			name);
		return 0;
	}
	r = seccomp_arch_add(ctx, arch);
	if (r == -EDOM) {
		/* Another byte order than the native one cannot share one filter. */
		lc_debug("linux.seccomp.architectures: '%s' cannot join this filter (byte order): "
			 "skipped",
			 name);
		return 0;
	}
	if (r < 0 && r != -EEXIST)
		return lc_err_set(err, -r, "linux.seccomp.architectures: add '%s'", name);
	return 0;
}

/* runc's rule: conditions on distinct arguments are ANDed in one rule; when an argument
 * index repeats, each condition is a rule of its own (so they OR). */
static int add_rule(scmp_filter_ctx ctx, uint32_t action, int nr,
		    const struct spec_seccomp_syscall *sc, const char *name, struct lc_err *err)
{
	struct scmp_arg_cmp cmps[6];
	bool seen[6] = {0}, repeats = false;
	int r;

	for (size_t i = 0; i < sc->n_args; i++) {
		repeats |= seen[sc->args[i].index];
		seen[sc->args[i].index] = true;
	}
	if (sc->n_args == 0 || (!repeats && sc->n_args <= 6)) {
		for (size_t i = 0; i < sc->n_args; i++)
			cmps[i] = to_cmp(&sc->args[i]);
		r = seccomp_rule_add_array(ctx, action, nr, (unsigned int)sc->n_args, cmps);
		if (r < 0)
			return lc_err_set(err, -r, "linux.seccomp: rule for '%s'", name);
		return 0;
	}
	for (size_t i = 0; i < sc->n_args; i++) {
		cmps[0] = to_cmp(&sc->args[i]);
		r = seccomp_rule_add_array(ctx, action, nr, 1, cmps);
		if (r < 0)
			return lc_err_set(err, -r, "linux.seccomp: rule for '%s'", name);
	}
	return 0;
}

static void set_flags(const struct spec_seccomp *s, struct lc_seccomp *ret)
{
	for (size_t i = 0; i < s->n_flags; i++) {
		const char *f = s->flags[i];

		if (strcmp(f, "SECCOMP_FILTER_FLAG_TSYNC") == 0)
			ret->flags |= SECCOMP_FILTER_FLAG_TSYNC;
		else if (strcmp(f, "SECCOMP_FILTER_FLAG_LOG") == 0)
			ret->flags |= SECCOMP_FILTER_FLAG_LOG;
		else if (strcmp(f, "SECCOMP_FILTER_FLAG_SPEC_ALLOW") == 0)
			ret->flags |= SECCOMP_FILTER_FLAG_SPEC_ALLOW;
		else if (strcmp(f, "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV") == 0 &&
			 ret->has_notify)
			ret->flags |= 1U << 5; /* SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV, 5.19+ */
		else if (strcmp(f, "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV") == 0)
			lc_debug("linux.seccomp.flags: WAIT_KILLABLE_RECV only applies to a notify "
				 "listener: ignored");
	}
}

/* libseccomp 2.5 exports only to an fd: a memfd, read back into the program. */
static int export_bpf(scmp_filter_ctx ctx, struct sock_fprog *prog, struct lc_err *err)
{
	_cleanup_close_ int fd = memfd_create("runh-seccomp", MFD_CLOEXEC);
	_cleanup_free_ char *buf = NULL;
	size_t len;
	int r;

	if (fd < 0)
		return lc_err_set(err, errno, "memfd_create");
	r = seccomp_export_bpf(ctx, fd);
	if (r < 0)
		return lc_err_set(err, -r, "linux.seccomp: export the filter");
	if (lseek(fd, 0, SEEK_SET) < 0 || lc_read_all(fd, 1 << 24, &buf, &len) < 0)
		return lc_err_set(err, errno, "linux.seccomp: read the filter back");
	if (len == 0 || len % sizeof(struct sock_filter) ||
	    len / sizeof(struct sock_filter) > 65535)
		return lc_err_setx(err, E2BIG, "linux.seccomp: the filter has %zu bytes", len);
	prog->len = (unsigned short)(len / sizeof(struct sock_filter));
	prog->filter = (struct sock_filter *)TAKE_PTR(buf);
	return 0;
}

/* The highest syscall number the profile names for arch (-1: none). */
static int max_named(const struct spec_seccomp *s, uint32_t arch)
{
	int max = -1;

	for (size_t i = 0; i < s->n_syscalls; i++)
		for (size_t j = 0; j < s->syscalls[i].n_names; j++) {
			int nr = seccomp_syscall_resolve_name_arch(arch, s->syscalls[i].names[j]);

			if (nr > max)
				max = nr; /* pseudo numbers (< 0) of multiplexed calls never win */
		}
	return max;
}

#define X32_SYSCALL_BIT 0x40000000u
#define STUB_MAX_ARCH 16

/*
 * A syscall newer than anything the profile names gets ENOSYS, not the default action
 * (as runc's filter does): the profile's author cannot have meant to refuse what did not
 * exist yet, and libc falls back on ENOSYS only (clone3 -> clone, faccessat2 ->
 * faccessat...).  A prefix before libseccomp's program, per architecture in the filter:
 *   ld arch; jeq ARCH else next; ld nr; [x86_64: jset x32 bit -> next]; jgt MAX -> enosys
 * then "ja over", "ret ERRNO(ENOSYS)", and libseccomp's program, which loads what it needs
 * itself.  Not with a default that allows (ALLOW, LOG): an unknown syscall is allowed.
 */
static int add_enosys_stub(scmp_filter_ctx ctx, const struct spec_seccomp *s,
			   struct sock_fprog *prog, struct lc_err *err)
{
	static const uint32_t others[] = {SCMP_ARCH_X86,     SCMP_ARCH_X86_64,	SCMP_ARCH_ARM,
					  SCMP_ARCH_AARCH64, SCMP_ARCH_PPC64LE, SCMP_ARCH_S390X,
					  SCMP_ARCH_RISCV64};
	struct sock_filter pre[STUB_MAX_ARCH * 5 + 2];
	uint32_t archs[STUB_MAX_ARCH];
	size_t n_arch = 0, n = 0, enosys;
	struct sock_filter *all;

	if (s->default_action == SPEC_SCMP_ACT_ALLOW || s->default_action == SPEC_SCMP_ACT_LOG)
		return 0;
	archs[n_arch++] = seccomp_arch_native();
	for (size_t i = 0; i < ARRAY_SIZE(others) && n_arch < STUB_MAX_ARCH; i++)
		if (others[i] != archs[0] && seccomp_arch_exist(ctx, others[i]) == 0)
			archs[n_arch++] = others[i];
	/* Each block's length first, to know where "ret ENOSYS" lands. */
	enosys = 0;
	for (size_t i = 0; i < n_arch; i++)
		if (archs[i] != SCMP_ARCH_X32 && max_named(s, archs[i]) >= 0)
			enosys += archs[i] == SCMP_ARCH_X86_64 ? 5 : 4;
	if (enosys == 0)
		return 0;
	enosys += 1; /* the "ja over" */
	for (size_t i = 0; i < n_arch; i++) {
		bool x86_64 = archs[i] == SCMP_ARCH_X86_64;
		int max = archs[i] == SCMP_ARCH_X32 ? -1 : max_named(s, archs[i]);
		size_t len = x86_64 ? 5 : 4;

		if (max < 0)
			continue;
		pre[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 4);
		pre[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, archs[i], 0,
							(unsigned char)(len - 2));
		pre[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0);
		if (x86_64) /* x32 calls come as x86_64 with a high bit: not ours to judge */
			pre[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K,
								X32_SYSCALL_BIT, 1, 0);
		pre[n] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, (uint32_t)max,
						      (unsigned char)(enosys - n - 1), 0);
		n++;
	}
	pre[n++] = (struct sock_filter)BPF_STMT(BPF_JMP | BPF_JA, 1);
	pre[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS);
	if (prog->len + n > 65535)
		return lc_err_setx(err, E2BIG, "linux.seccomp: the filter is too long");
	all = xcalloc(prog->len + n, sizeof(*all));
	memcpy(all, pre, n * sizeof(*all));
	memcpy(all + n, prog->filter, prog->len * sizeof(*all));
	free(prog->filter);
	prog->filter = all;
	prog->len = (unsigned short)(prog->len + n);
	return 0;
}

#define SCMP_SUGGEST_MAX 512

/* A name libseccomp does not know (a typo, or newer than it) gets no rule.  In a rule
 * that is stricter than the default, that means the profile blocks less than it says. */
static void warn_unknown(const struct spec_seccomp *s, size_t i, const char *name)
{
	bool allow_default = s->default_action == SPEC_SCMP_ACT_ALLOW ||
			     s->default_action == SPEC_SCMP_ACT_LOG;
	enum spec_seccomp_action a = s->syscalls[i].action;
	bool allow_rule = a == SPEC_SCMP_ACT_ALLOW || a == SPEC_SCMP_ACT_LOG;
	char *names[SCMP_SUGGEST_MAX] = {0}, hint[96] = "";
	const char *near;

	/* The names libseccomp knows for this architecture, for a "did you mean". */
	for (int nr = 0; nr < SCMP_SUGGEST_MAX; nr++)
		names[nr] = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, nr);
	near = spec_suggest(name, (const char *const *)names, SCMP_SUGGEST_MAX);
	if (near)
		snprintf(hint, sizeof(hint), " (did you mean '%s'?)", near);
	for (int nr = 0; nr < SCMP_SUGGEST_MAX; nr++)
		free(names[nr]);
	if (allow_default && !allow_rule)
		lc_warn("linux.seccomp.syscalls[%zu]: unknown syscall '%s'%s: skipped, so it is "
			"NOT blocked (the default action allows it)",
			i, name, hint);
	else
		lc_warn("linux.seccomp.syscalls[%zu]: unknown syscall '%s'%s: skipped", i, name,
			hint);
}

size_t lc_seccomp_unknown_names(const struct spec_seccomp *s, char ***ret)
{
	size_t n = 0;

	*ret = NULL;
	for (size_t i = 0; i < s->n_syscalls; i++)
		for (size_t j = 0; j < s->syscalls[i].n_names; j++) {
			const char *name = s->syscalls[i].names[j];

			if (seccomp_syscall_resolve_name(name) != __NR_SCMP_ERROR)
				continue;
			*ret = xrealloc(*ret, (n + 1) * sizeof(**ret));
			(*ret)[n++] = xstrdup(name);
		}
	return n;
}

char *lc_seccomp_syscall_name(unsigned int arch, int nr)
{
	return seccomp_syscall_resolve_num_arch(arch, nr);
}

int lc_seccomp_compile(const struct spec_seccomp *s, struct lc_seccomp *ret, struct lc_err *err)
{
	scmp_filter_ctx ctx;
	int r = 0;

	memset(ret, 0, sizeof(*ret));
	ctx = seccomp_init(
		action_value(s->default_action, s->has_default_errno_ret, s->default_errno_ret));
	if (!ctx)
		return lc_err_setx(err, EINVAL, "linux.seccomp: cannot create a filter");
	/* runh loads the program itself: libseccomp must not set no_new_privs for it. */
	seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
	for (size_t i = 0; r == 0 && i < s->n_architectures; i++)
		r = add_arch(ctx, s->architectures[i], err);
	for (size_t i = 0; r == 0 && i < s->n_syscalls; i++) {
		const struct spec_seccomp_syscall *sc = &s->syscalls[i];
		uint32_t action = action_value(sc->action, sc->has_errno_ret, sc->errno_ret);

		if (sc->action == SPEC_SCMP_ACT_NOTIFY)
			ret->has_notify = true;
		for (size_t j = 0; r == 0 && j < sc->n_names; j++) {
			int nr = seccomp_syscall_resolve_name(sc->names[j]);

			if (nr == __NR_SCMP_ERROR) {
				warn_unknown(s, i, sc->names[j]);
				continue;
			}
			if (action == action_value(s->default_action, s->has_default_errno_ret,
						   s->default_errno_ret))
				continue; /* libseccomp refuses rules equal to the default */
			r = add_rule(ctx, action, nr, sc, sc->names[j], err);
		}
	}
	set_flags(s, ret);
	if (r == 0)
		r = export_bpf(ctx, &ret->prog, err);
	if (r == 0)
		r = add_enosys_stub(ctx, s, &ret->prog, err);
	seccomp_release(ctx);
	if (ret->has_notify)
		ret->flags |= SECCOMP_FILTER_FLAG_NEW_LISTENER;
	return r;
}

void lc_seccomp_free(struct lc_seccomp *s)
{
	free(s->prog.filter);
	s->prog.filter = NULL;
}

int lc_seccomp_load(const struct lc_seccomp *s, int *ret_listener, struct lc_err *err)
{
	long r = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, s->flags, &s->prog);

	if (r < 0)
		return lc_err_set(err, errno, "load the seccomp filter");
	*ret_listener = s->has_notify ? (int)r : -1;
	return 0;
}

void lc_seccomp_version(char *buf, size_t n)
{
	const struct scmp_version *v = seccomp_version();

	snprintf(buf, n, "%u.%u.%u", v->major, v->minor, v->micro);
}

int lc_seccomp_send_listener(const struct spec_seccomp *s, const struct spec_state *st, pid_t pid,
			     int fd, struct lc_err *err)
{
	_cleanup_close_ int listener = fd;
	_cleanup_free_ char *json = NULL;
	size_t len;

	if (spec_process_state_to_json(st, pid, s->listener_metadata, &json, &len) < 0)
		return lc_err_setx(err, ENOMEM, "encode the seccomp state");
	return lc_send_fd_to_socket(s->listener_path, "linux.seccomp.listenerPath", json, len,
				    listener, err);
}
