/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Name tables (see convert.h).  Parent side; pure functions, unit-tested. */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>

#include "../libcontainer/util.h"
#include "convert.h"

#ifndef MS_NOSYMFOLLOW
#define MS_NOSYMFOLLOW 256
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

const char *const spec_ns_type_names[SPEC_NS__MAX] = {
	[SPEC_NS_PID] = "pid",	     [SPEC_NS_NETWORK] = "network", [SPEC_NS_MOUNT] = "mount",
	[SPEC_NS_IPC] = "ipc",	     [SPEC_NS_UTS] = "uts",	    [SPEC_NS_USER] = "user",
	[SPEC_NS_CGROUP] = "cgroup", [SPEC_NS_TIME] = "time",
};

static const int ns_clone_flags[SPEC_NS__MAX] = {
	[SPEC_NS_PID] = CLONE_NEWPID,	    [SPEC_NS_NETWORK] = CLONE_NEWNET,
	[SPEC_NS_MOUNT] = CLONE_NEWNS,	    [SPEC_NS_IPC] = CLONE_NEWIPC,
	[SPEC_NS_UTS] = CLONE_NEWUTS,	    [SPEC_NS_USER] = CLONE_NEWUSER,
	[SPEC_NS_CGROUP] = CLONE_NEWCGROUP, [SPEC_NS_TIME] = CLONE_NEWTIME,
};

const char *const spec_seccomp_action_names[SPEC_SCMP_ACT__MAX] = {
	[SPEC_SCMP_ACT_KILL] = "SCMP_ACT_KILL",
	[SPEC_SCMP_ACT_KILL_PROCESS] = "SCMP_ACT_KILL_PROCESS",
	[SPEC_SCMP_ACT_KILL_THREAD] = "SCMP_ACT_KILL_THREAD",
	[SPEC_SCMP_ACT_TRAP] = "SCMP_ACT_TRAP",
	[SPEC_SCMP_ACT_ERRNO] = "SCMP_ACT_ERRNO",
	[SPEC_SCMP_ACT_TRACE] = "SCMP_ACT_TRACE",
	[SPEC_SCMP_ACT_ALLOW] = "SCMP_ACT_ALLOW",
	[SPEC_SCMP_ACT_LOG] = "SCMP_ACT_LOG",
	[SPEC_SCMP_ACT_NOTIFY] = "SCMP_ACT_NOTIFY",
};

const char *const spec_seccomp_op_names[SPEC_SCMP_CMP__MAX] = {
	[SPEC_SCMP_CMP_NE] = "SCMP_CMP_NE",
	[SPEC_SCMP_CMP_LT] = "SCMP_CMP_LT",
	[SPEC_SCMP_CMP_LE] = "SCMP_CMP_LE",
	[SPEC_SCMP_CMP_EQ] = "SCMP_CMP_EQ",
	[SPEC_SCMP_CMP_GE] = "SCMP_CMP_GE",
	[SPEC_SCMP_CMP_GT] = "SCMP_CMP_GT",
	[SPEC_SCMP_CMP_MASKED_EQ] = "SCMP_CMP_MASKED_EQ",
};

struct mount_opt {
	const char *name;
	bool clear;
	unsigned long flag;
};

static const struct mount_opt mount_opts[] = {
	{"async", true, MS_SYNCHRONOUS},
	{"atime", true, MS_NOATIME},
	{"bind", false, MS_BIND},
	{"defaults", false, 0},
	{"dev", true, MS_NODEV},
	{"diratime", true, MS_NODIRATIME},
	{"dirsync", false, MS_DIRSYNC},
	{"exec", true, MS_NOEXEC},
	{"iversion", false, MS_I_VERSION},
	{"lazytime", false, MS_LAZYTIME},
	{"loud", true, MS_SILENT},
	{"mand", false, MS_MANDLOCK},
	{"noatime", false, MS_NOATIME},
	{"nodev", false, MS_NODEV},
	{"nodiratime", false, MS_NODIRATIME},
	{"noexec", false, MS_NOEXEC},
	{"noiversion", true, MS_I_VERSION},
	{"nolazytime", true, MS_LAZYTIME},
	{"nomand", true, MS_MANDLOCK},
	{"norelatime", true, MS_RELATIME},
	{"nostrictatime", true, MS_STRICTATIME},
	{"nosuid", false, MS_NOSUID},
	{"nosymfollow", false, MS_NOSYMFOLLOW},
	{"rbind", false, MS_BIND | MS_REC},
	{"relatime", false, MS_RELATIME},
	{"remount", false, MS_REMOUNT},
	{"ro", false, MS_RDONLY},
	{"rw", true, MS_RDONLY},
	{"silent", false, MS_SILENT},
	{"strictatime", false, MS_STRICTATIME},
	{"suid", true, MS_NOSUID},
	{"symfollow", true, MS_NOSYMFOLLOW},
	{"sync", false, MS_SYNCHRONOUS},
};

struct rec_opt {
	const char *name;
	bool clear;
	uint64_t attr;
};

/* Recursive mount attributes (mount_setattr(2) with AT_RECURSIVE), runtime-spec v1.1+. */
static const struct rec_opt rec_opts[] = {
	{"rro", false, MOUNT_ATTR_RDONLY},
	{"rrw", true, MOUNT_ATTR_RDONLY},
	{"rnosuid", false, MOUNT_ATTR_NOSUID},
	{"rsuid", true, MOUNT_ATTR_NOSUID},
	{"rnodev", false, MOUNT_ATTR_NODEV},
	{"rdev", true, MOUNT_ATTR_NODEV},
	{"rnoexec", false, MOUNT_ATTR_NOEXEC},
	{"rexec", true, MOUNT_ATTR_NOEXEC},
	{"rnodiratime", false, MOUNT_ATTR_NODIRATIME},
	{"rdiratime", true, MOUNT_ATTR_NODIRATIME},
	{"rrelatime", false, MOUNT_ATTR_RELATIME},
	{"rnorelatime", true, MOUNT_ATTR_RELATIME},
	{"rnoatime", false, MOUNT_ATTR_NOATIME},
	{"ratime", true, MOUNT_ATTR_NOATIME},
	{"rstrictatime", false, MOUNT_ATTR_STRICTATIME},
	{"rnostrictatime", true, MOUNT_ATTR_STRICTATIME},
	{"rnosymfollow", false, MOUNT_ATTR_NOSYMFOLLOW},
	{"rsymfollow", true, MOUNT_ATTR_NOSYMFOLLOW},
};

struct prop_opt {
	const char *name;
	unsigned long flags;
};

static const struct prop_opt prop_opts[] = {
	{"private", MS_PRIVATE},       {"rprivate", MS_PRIVATE | MS_REC},
	{"shared", MS_SHARED},	       {"rshared", MS_SHARED | MS_REC},
	{"slave", MS_SLAVE},	       {"rslave", MS_SLAVE | MS_REC},
	{"unbindable", MS_UNBINDABLE}, {"runbindable", MS_UNBINDABLE | MS_REC},
};

size_t spec_mount_option_names(const char **out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(mount_opts) && n < max; i++)
		out[n++] = mount_opts[i].name;
	for (size_t i = 0; i < ARRAY_SIZE(rec_opts) && n < max; i++)
		out[n++] = rec_opts[i].name;
	for (size_t i = 0; i < ARRAY_SIZE(prop_opts) && n < max; i++)
		out[n++] = prop_opts[i].name;
	return n;
}

long spec_propagation_from_name(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(prop_opts); i++)
		if (strcmp(prop_opts[i].name, name) == 0)
			return (long)prop_opts[i].flags;
	return -1;
}

static void append_data(struct spec_mount *m, const char *opt)
{
	char *d;

	if (!m->data) {
		m->data = xstrdup(opt);
		return;
	}
	d = xasprintf("%s,%s", m->data, opt);
	free(m->data);
	m->data = d;
}

static bool convert_flag_option(struct spec_mount *m, const char *o)
{
	for (size_t i = 0; i < ARRAY_SIZE(mount_opts); i++) {
		if (strcmp(mount_opts[i].name, o) != 0)
			continue;
		if (mount_opts[i].clear) {
			m->flags &= ~mount_opts[i].flag;
			m->clear |= mount_opts[i].flag;
		} else {
			m->flags |= mount_opts[i].flag;
			m->clear &= ~mount_opts[i].flag;
		}
		return true;
	}
	for (size_t i = 0; i < ARRAY_SIZE(rec_opts); i++) {
		if (strcmp(rec_opts[i].name, o) != 0)
			continue;
		if (rec_opts[i].clear)
			m->attr_clr |= rec_opts[i].attr;
		else
			m->attr_set |= rec_opts[i].attr;
		return true;
	}
	return false;
}

int spec_convert_mount_options(struct spec_mount *m, char *ret_bad, size_t bad_len)
{
	for (size_t i = 0; i < m->n_options; i++) {
		const char *o = m->options[i];
		long prop;

		if (convert_flag_option(m, o))
			continue;
		prop = spec_propagation_from_name(o);
		if (prop >= 0) {
			m->propagation = (unsigned long)prop;
			continue;
		}
		if (strcmp(o, "tmpcopyup") == 0) {
			m->has_tmpcopyup = true;
			continue;
		}
		if (strcmp(o, "idmap") == 0 || strcmp(o, "ridmap") == 0) {
			m->is_idmap = true;
			m->is_recursive_idmap |= o[0] == 'r';
			continue;
		}
		if (o[0] == '\0' || strchr(o, ',')) {
			snprintf(ret_bad, bad_len, "%s", o);
			return -EINVAL;
		}
		append_data(m, o);
	}
	if (m->type && (strcmp(m->type, "bind") == 0))
		m->flags |= MS_BIND;
	m->is_bind = (m->flags & MS_BIND) != 0;
	m->is_recursive_bind = m->is_bind && (m->flags & MS_REC);
	return 0;
}

struct name_num {
	const char *name;
	int num;
};

static const struct name_num rlimits[] = {
	{"RLIMIT_AS", RLIMIT_AS},
	{"RLIMIT_CORE", RLIMIT_CORE},
	{"RLIMIT_CPU", RLIMIT_CPU},
	{"RLIMIT_DATA", RLIMIT_DATA},
	{"RLIMIT_FSIZE", RLIMIT_FSIZE},
	{"RLIMIT_LOCKS", RLIMIT_LOCKS},
	{"RLIMIT_MEMLOCK", RLIMIT_MEMLOCK},
	{"RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE},
	{"RLIMIT_NICE", RLIMIT_NICE},
	{"RLIMIT_NOFILE", RLIMIT_NOFILE},
	{"RLIMIT_NPROC", RLIMIT_NPROC},
	{"RLIMIT_RSS", RLIMIT_RSS},
	{"RLIMIT_RTPRIO", RLIMIT_RTPRIO},
	{"RLIMIT_RTTIME", RLIMIT_RTTIME},
	{"RLIMIT_SIGPENDING", RLIMIT_SIGPENDING},
	{"RLIMIT_STACK", RLIMIT_STACK},
};

static int lookup(const struct name_num *t, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(t[i].name, name) == 0)
			return t[i].num;
	return -1;
}

int spec_rlimit_from_name(const char *name)
{
	return lookup(rlimits, ARRAY_SIZE(rlimits), name);
}

const char *spec_rlimit_name(int resource)
{
	for (size_t i = 0; i < ARRAY_SIZE(rlimits); i++)
		if (rlimits[i].num == resource)
			return rlimits[i].name;
	return "RLIMIT_?";
}

int spec_ns_from_name(const char *name, enum spec_ns_type *ret_type, int *ret_clone_flag)
{
	for (int i = 0; i < SPEC_NS__MAX; i++) {
		if (strcmp(spec_ns_type_names[i], name) == 0) {
			*ret_type = (enum spec_ns_type)i;
			*ret_clone_flag = ns_clone_flags[i];
			return 0;
		}
	}
	return -EINVAL;
}

int spec_seccomp_action_from_name(const char *name)
{
	for (int i = 0; i < SPEC_SCMP_ACT__MAX; i++)
		if (strcmp(spec_seccomp_action_names[i], name) == 0)
			return i;
	return -1;
}

int spec_seccomp_op_from_name(const char *name)
{
	for (int i = 0; i < SPEC_SCMP_CMP__MAX; i++)
		if (strcmp(spec_seccomp_op_names[i], name) == 0)
			return i;
	return -1;
}

static const char *const seccomp_archs[] = {
	"SCMP_ARCH_X86",     "SCMP_ARCH_X86_64",   "SCMP_ARCH_X32",	    "SCMP_ARCH_ARM",
	"SCMP_ARCH_AARCH64", "SCMP_ARCH_MIPS",	   "SCMP_ARCH_MIPS64",	    "SCMP_ARCH_MIPS64N32",
	"SCMP_ARCH_MIPSEL",  "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC",
	"SCMP_ARCH_PPC64",   "SCMP_ARCH_PPC64LE",  "SCMP_ARCH_S390",	    "SCMP_ARCH_S390X",
	"SCMP_ARCH_PARISC",  "SCMP_ARCH_PARISC64", "SCMP_ARCH_RISCV64",	    "SCMP_ARCH_LOONGARCH64",
	"SCMP_ARCH_M68K",    "SCMP_ARCH_SH",	   "SCMP_ARCH_SHEB",
};

const char *const *spec_seccomp_arch_names(size_t *ret_n)
{
	*ret_n = ARRAY_SIZE(seccomp_archs);
	return seccomp_archs;
}

bool spec_seccomp_arch_known(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(seccomp_archs); i++)
		if (strcmp(seccomp_archs[i], name) == 0)
			return true;
	return false;
}

static const char *const seccomp_flags[] = {
	"SECCOMP_FILTER_FLAG_TSYNC",
	"SECCOMP_FILTER_FLAG_LOG",
	"SECCOMP_FILTER_FLAG_SPEC_ALLOW",
	"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV",
};

const char *const *spec_seccomp_flag_names(size_t *ret_n)
{
	*ret_n = ARRAY_SIZE(seccomp_flags);
	return seccomp_flags;
}

bool spec_seccomp_flag_known(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(seccomp_flags); i++)
		if (strcmp(seccomp_flags[i], name) == 0)
			return true;
	return false;
}

static const struct name_num sched_policies[] = {
	{"SCHED_OTHER", 0}, {"SCHED_FIFO", 1}, {"SCHED_RR", 2},	      {"SCHED_BATCH", 3},
	{"SCHED_ISO", 4},   {"SCHED_IDLE", 5}, {"SCHED_DEADLINE", 6},
};

int spec_sched_policy_from_name(const char *name)
{
	return lookup(sched_policies, ARRAY_SIZE(sched_policies), name);
}

static const struct name_num sched_flags[] = {
	{"SCHED_FLAG_RESET_ON_FORK", 0x01},  {"SCHED_FLAG_RECLAIM", 0x02},
	{"SCHED_FLAG_DL_OVERRUN", 0x04},     {"SCHED_FLAG_KEEP_POLICY", 0x08},
	{"SCHED_FLAG_KEEP_PARAMS", 0x10},    {"SCHED_FLAG_UTIL_CLAMP_MIN", 0x20},
	{"SCHED_FLAG_UTIL_CLAMP_MAX", 0x40},
};

int spec_sched_flag_from_name(const char *name, unsigned long *ret_flag)
{
	int f = lookup(sched_flags, ARRAY_SIZE(sched_flags), name);

	if (f < 0)
		return -EINVAL;
	*ret_flag = (unsigned long)f;
	return 0;
}

static const struct name_num ioprio_classes[] = {
	{"IOPRIO_CLASS_RT", 1},
	{"IOPRIO_CLASS_BE", 2},
	{"IOPRIO_CLASS_IDLE", 3},
};

int spec_ioprio_class_from_name(const char *name)
{
	return lookup(ioprio_classes, ARRAY_SIZE(ioprio_classes), name);
}

static const struct name_num mempolicy_modes[] = {
	{"MPOL_DEFAULT", 0},
	{"MPOL_PREFERRED", 1},
	{"MPOL_BIND", 2},
	{"MPOL_INTERLEAVE", 3},
	{"MPOL_LOCAL", 4},
	{"MPOL_PREFERRED_MANY", 5},
	{"MPOL_WEIGHTED_INTERLEAVE", 6},
};

int spec_mempolicy_mode_from_name(const char *name)
{
	return lookup(mempolicy_modes, ARRAY_SIZE(mempolicy_modes), name);
}

bool spec_mempolicy_flag_known(const char *name)
{
	return strcmp(name, "MPOL_F_NUMA_BALANCING") == 0 ||
	       strcmp(name, "MPOL_F_RELATIVE_NODES") == 0 ||
	       strcmp(name, "MPOL_F_STATIC_NODES") == 0;
}

bool spec_personality_flag_known(const char *name)
{
	(void)name;
	return false; /* runtime-spec defines no flags yet */
}
