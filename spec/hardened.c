/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `runh spec --hardened`: a config that runs the busybox example out of the box and is as
 * locked down as a typical service allows.  Each choice maps to a CIS Docker Benchmark
 * item (man runh-spec(8) lists them): user 65534 (4.1), read-only root (5.13), no
 * capabilities (5.4), noNewPrivileges (5.26), the default seccomp profile (5.22), all
 * namespaces incl. user and cgroup (5.10, 5.16, 5.17, 5.21, 5.31), memory/cpu/pids limits
 * (5.11, 5.12, 5.29), private propagation (5.20), masked and read-only /proc paths.
 * Without --rootless the rootfs is idmapped to the user namespace (annotation
 * SPEC_ANNOTATION_IDMAP_ROOTFS): a root-owned rootfs needs no chown.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_gen.h>

#include "../libcontainer/util.h"
#include "json.h"
#include "seccomp_default.h"
#include "spec.h"

static void kv(yajl_gen g, const char *k, const char *v)
{
	spec_gen_str(g, k);
	spec_gen_str(g, v);
}

static void ki(yajl_gen g, const char *k, long long v)
{
	spec_gen_str(g, k);
	yajl_gen_integer(g, v);
}

static void kb(yajl_gen g, const char *k, int v)
{
	spec_gen_str(g, k);
	yajl_gen_bool(g, v);
}

static void strv(yajl_gen g, const char *k, const char *const *v)
{
	spec_gen_str(g, k);
	yajl_gen_array_open(g);
	for (; *v; v++)
		spec_gen_str(g, *v);
	yajl_gen_array_close(g);
}

static void mount(yajl_gen g, const char *dest, const char *type, const char *src,
		  const char *const *opts)
{
	yajl_gen_map_open(g);
	kv(g, "destination", dest);
	kv(g, "type", type);
	kv(g, "source", src);
	strv(g, "options", opts);
	yajl_gen_map_close(g);
}

static void process(yajl_gen g, bool rootless)
{
	static const char *const env[] = {
		"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/tmp",
		NULL};
	static const char *const args[] = {"sh", NULL};
	static const char *const none[] = {NULL};
	static const struct {
		const char *type;
		long long v;
	} limits[] = {{"RLIMIT_NOFILE", 1024}, {"RLIMIT_NPROC", 512}, {"RLIMIT_CORE", 0}};

	spec_gen_str(g, "process");
	yajl_gen_map_open(g);
	kb(g, "terminal", 0);
	spec_gen_str(g, "user");
	yajl_gen_map_open(g);
	/* Rootless: only the caller's uid is mapped (to 0), unprivileged on the host. */
	ki(g, "uid", rootless ? 0 : 65534);
	ki(g, "gid", rootless ? 0 : 65534);
	ki(g, "umask", 077);
	yajl_gen_map_close(g);
	strv(g, "args", args);
	strv(g, "env", env);
	kv(g, "cwd", "/tmp");
	spec_gen_str(g, "capabilities");
	yajl_gen_map_open(g);
	strv(g, "bounding", none);
	strv(g, "effective", none);
	strv(g, "permitted", none);
	strv(g, "inheritable", none);
	strv(g, "ambient", none);
	yajl_gen_map_close(g);
	spec_gen_str(g, "rlimits");
	yajl_gen_array_open(g);
	for (size_t i = 0; i < ARRAY_SIZE(limits); i++) {
		yajl_gen_map_open(g);
		kv(g, "type", limits[i].type);
		ki(g, "hard", limits[i].v);
		ki(g, "soft", limits[i].v);
		yajl_gen_map_close(g);
	}
	yajl_gen_array_close(g);
	kb(g, "noNewPrivileges", 1);
	ki(g, "oomScoreAdj", 500);
	yajl_gen_map_close(g);
}

static void mounts(yajl_gen g, bool rootless)
{
	static const char *const proc[] = {"nosuid", "noexec", "nodev", NULL};
	static const char *const dev[] = {"nosuid",   "noexec",	     "strictatime",
					  "mode=755", "size=65536k", NULL};
	static const char *const pts[] = {"nosuid",	   "noexec",	"newinstance",
					  "ptmxmode=0666", "mode=0620", NULL};
	static const char *const shm[] = {"nosuid",    "noexec",      "nodev",
					  "mode=1777", "size=65536k", NULL};
	static const char *const mq[] = {"nosuid", "noexec", "nodev", NULL};
	static const char *const sys[] = {"nosuid", "noexec", "nodev", "ro", NULL};
	static const char *const cg[] = {"nosuid", "noexec", "nodev", "relatime", "ro", NULL};
	static const char *const tmp[] = {"nosuid",    "nodev",	      "noexec",
					  "mode=1777", "size=65536k", NULL};
	static const char *const run[] = {"nosuid", "nodev", "noexec", "mode=755", "size=8m", NULL};

	spec_gen_str(g, "mounts");
	yajl_gen_array_open(g);
	mount(g, "/proc", "proc", "proc", proc);
	mount(g, "/dev", "tmpfs", "tmpfs", dev);
	mount(g, "/dev/pts", "devpts", "devpts", pts);
	mount(g, "/dev/shm", "tmpfs", "shm", shm);
	mount(g, "/dev/mqueue", "mqueue", "mqueue", mq);
	mount(g, "/sys", "sysfs", "sysfs", sys); /* its own network namespace makes this safe */
	if (!rootless)
		mount(g, "/sys/fs/cgroup", "cgroup", "cgroup", cg);
	mount(g, "/tmp", "tmpfs", "tmpfs", tmp);
	mount(g, "/run", "tmpfs", "tmpfs", run);
	yajl_gen_array_close(g);
}

static void seccomp_rule_args(yajl_gen g, const char *name, const char *action, int nargs,
			      const unsigned long long *values, unsigned long long value_two,
			      const char *op, long long errno_ret)
{
	yajl_gen_map_open(g);
	spec_gen_str(g, "names");
	yajl_gen_array_open(g);
	spec_gen_str(g, name);
	yajl_gen_array_close(g);
	kv(g, "action", action);
	if (errno_ret >= 0)
		ki(g, "errnoRet", errno_ret);
	if (nargs) {
		spec_gen_str(g, "args");
		yajl_gen_array_open(g);
		for (int i = 0; i < nargs; i++) {
			yajl_gen_map_open(g);
			ki(g, "index", 0);
			ki(g, "value", (long long)values[i]);
			ki(g, "valueTwo", (long long)value_two);
			kv(g, "op", op);
			yajl_gen_map_close(g);
		}
		yajl_gen_array_close(g);
	}
	yajl_gen_map_close(g);
}

static void seccomp(yajl_gen g)
{
	static const char *const archs[] = {"SCMP_ARCH_X86_64",	 "SCMP_ARCH_X86", "SCMP_ARCH_X32",
					    "SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM", NULL};
	unsigned long long zero = 0;

	spec_gen_str(g, "seccomp");
	yajl_gen_map_open(g);
	kv(g, "defaultAction", "SCMP_ACT_ERRNO");
	ki(g, "defaultErrnoRet", 1);
	strv(g, "architectures", archs);
	spec_gen_str(g, "syscalls");
	yajl_gen_array_open(g);
	yajl_gen_map_open(g);
	strv(g, "names", spec_seccomp_default_allow);
	kv(g, "action", "SCMP_ACT_ALLOW");
	yajl_gen_map_close(g);
	/* personality: the usual values only (several conditions on one argument: OR) */
	seccomp_rule_args(g, "personality", "SCMP_ACT_ALLOW",
			  (int)spec_seccomp_default_n_personality, spec_seccomp_default_personality,
			  0, "SCMP_CMP_EQ", -1);
	/* clone without namespace flags: (flags & mask) == 0; for MASKED_EQ the spec's
	 * "value" is the mask and "valueTwo" the result. */
	seccomp_rule_args(g, "clone", "SCMP_ACT_ALLOW", 1, &spec_seccomp_default_clone_ns_mask,
			  zero, "SCMP_CMP_MASKED_EQ", -1);
	/* clone3 hides its flags in memory: ENOSYS makes libc fall back to clone. */
	seccomp_rule_args(g, "clone3", "SCMP_ACT_ERRNO", 0, NULL, 0, NULL, 38);
	{
		unsigned long long fam = spec_seccomp_default_denied_family;

		seccomp_rule_args(g, "socket", "SCMP_ACT_ALLOW", 1, &fam, 0, "SCMP_CMP_NE", -1);
	}
	yajl_gen_array_close(g);
	yajl_gen_map_close(g);
}

static void linux_section(yajl_gen g, bool rootless, unsigned uid, unsigned gid)
{
	static const char *const masked[] = {"/proc/acpi",
					     "/proc/asound",
					     "/proc/kcore",
					     "/proc/keys",
					     "/proc/latency_stats",
					     "/proc/timer_list",
					     "/proc/timer_stats",
					     "/proc/sched_debug",
					     "/proc/scsi",
					     "/sys/firmware",
					     "/sys/devices/virtual/powercap",
					     NULL};
	static const char *const ro[] = {
		"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger", NULL};
	static const char *const ns[] = {"pid",	  "network", "ipc",  "uts",
					 "mount", "cgroup",  "user", NULL};

	spec_gen_str(g, "linux");
	yajl_gen_map_open(g);
	spec_gen_str(g, "namespaces");
	yajl_gen_array_open(g);
	for (const char *const *n = ns; *n; n++) {
		yajl_gen_map_open(g);
		kv(g, "type", *n);
		yajl_gen_map_close(g);
	}
	yajl_gen_array_close(g);
	for (int m = 0; m < 2; m++) {
		spec_gen_str(g, m ? "gidMappings" : "uidMappings");
		yajl_gen_array_open(g);
		yajl_gen_map_open(g);
		ki(g, "containerID", 0);
		ki(g, "hostID", rootless ? (m ? gid : uid) : 100000);
		ki(g, "size", rootless ? 1 : 65536);
		yajl_gen_map_close(g);
		yajl_gen_array_close(g);
	}
	/* No rootfsPropagation: runh's default (rslave, as runc) shares nothing with the host,
	 * and the runtime-spec schema allows only private/shared/slave/unbindable there. */
	if (!rootless) {
		spec_gen_str(g, "resources");
		yajl_gen_map_open(g);
		spec_gen_str(g, "memory");
		yajl_gen_map_open(g);
		ki(g, "limit", 256ll << 20);
		ki(g, "swap", 256ll << 20);
		yajl_gen_map_close(g);
		spec_gen_str(g, "cpu");
		yajl_gen_map_open(g);
		ki(g, "shares", 512);
		ki(g, "quota", 100000);
		ki(g, "period", 100000);
		yajl_gen_map_close(g);
		spec_gen_str(g, "pids");
		yajl_gen_map_open(g);
		ki(g, "limit", 256);
		yajl_gen_map_close(g);
		spec_gen_str(g, "devices");
		yajl_gen_array_open(g);
		yajl_gen_map_open(g);
		kb(g, "allow", 0);
		kv(g, "access", "rwm");
		yajl_gen_map_close(g);
		yajl_gen_array_close(g);
		yajl_gen_map_close(g);
	}
	seccomp(g);
	strv(g, "maskedPaths", masked);
	strv(g, "readonlyPaths", ro);
	yajl_gen_map_close(g);
}

char *spec_hardened_config(bool rootless, uid_t uid, gid_t gid)
{
	yajl_gen g = spec_gen_new("\t");

	yajl_gen_map_open(g);
	kv(g, "ociVersion", "1.3.0");
	process(g, rootless);
	spec_gen_str(g, "root");
	yajl_gen_map_open(g);
	kv(g, "path", "rootfs");
	kb(g, "readonly", 1);
	yajl_gen_map_close(g);
	kv(g, "hostname", "runh");
	mounts(g, rootless);
	/* The rootfs idmapped to the user namespace: it runs as extracted, owned by host
	 * root, without a chown (only root can make an idmapped mount). */
	if (!rootless) {
		spec_gen_str(g, "annotations");
		yajl_gen_map_open(g);
		kv(g, SPEC_ANNOTATION_IDMAP_ROOTFS, "true");
		yajl_gen_map_close(g);
	}
	linux_section(g, rootless, (unsigned)uid, (unsigned)gid);
	yajl_gen_map_close(g);
	return spec_gen_finish(g, true);
}
