/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The audit rules (see audit.h and man runh-audit(8)). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <yajl/yajl_gen.h>

#include "../libcontainer/util.h"
#include "json.h"
#include "audit.h"

const struct spec_audit_rule spec_audit_rules[] = {
	{"user-root", "4.1", "the process runs as root (high without a user namespace)"},
	{"no-apparmor", "5.2", "no AppArmor profile"},
	{"no-selinux", "5.3", "no SELinux label"},
	{"extra-capabilities", "5.4", "capabilities beyond the usual default set"},
	{"privileged", "5.5",
	 "privileged-like: all caps, no seccomp and no masked paths, all devices, or writable /sys"},
	{"sensitive-mount", "5.6", "a sensitive host directory is mounted"},
	{"host-network", "5.10", "the host's network namespace is shared"},
	{"no-memory-limit", "5.11", "no memory limit"},
	{"no-cpu-limit", "5.12", "no CPU limit"},
	{"root-writable", "5.13", "the root filesystem is writable"},
	{"host-pid", "5.16", "the host's pid namespace is shared"},
	{"host-ipc", "5.17", "the host's ipc namespace is shared"},
	{"host-devices", "5.18", "host devices are exposed"},
	{"shared-propagation", "5.20", "mounts propagate to or from the host (shared)"},
	{"host-uts", "5.21", "the host's uts namespace is shared"},
	{"no-seccomp", "5.22", "no seccomp profile, or one that allows everything"},
	{"new-privileges", "5.26", "noNewPrivileges is off"},
	{"no-pids-limit", "5.29", "no pids limit"},
	{"host-user", "5.31", "no user namespace: container root is host root"},
	{"host-mount", "-", "no mount namespace of its own: the root is a chroot"},
	{"engine-socket", "5.32", "a container engine's socket is mounted"},
	{"writable-proc-sys", "-", "/proc/sys is writable"},
	{"no-rlimits", "-", "no RLIMIT_NOFILE / RLIMIT_NPROC"},
	{"userns-host-root", "-", "the user namespace maps a container id to host root"},
	{"host-sysctl", "-", "a sysctl that is not namespaced: it would change the host"},
	{"hook-relative-path", "-", "a hook with a relative path"},
	{"unknown-property", "-", "a property runh does not know: a misspelt one is not applied"},
	{"seccomp-unknown-name", "-",
	 "a seccomp rule names a syscall libseccomp does not know: it blocks less than it says"},
};
const size_t spec_audit_n_rules = ARRAY_SIZE(spec_audit_rules);

static const char *const sev_names[] = {"none", "low", "medium", "high"};

const char *spec_severity_name(enum spec_severity s)
{
	return sev_names[s];
}

int spec_severity_from_name(const char *name)
{
	for (int i = 1; i <= 3; i++)
		if (strcmp(name, sev_names[i]) == 0)
			return i;
	return -1;
}

static void add(struct spec_audit *a, const char *rule, enum spec_severity sev, const char *risk,
		const char *fix, const char *pathfmt, ...) __attribute__((format(printf, 6, 7)));

static void add(struct spec_audit *a, const char *rule, enum spec_severity sev, const char *risk,
		const char *fix, const char *pathfmt, ...)
{
	struct spec_finding *f;
	va_list ap;

	a->findings = xrealloc(a->findings, (a->n + 1) * sizeof(*f));
	f = &a->findings[a->n++];
	memset(f, 0, sizeof(*f));
	f->rule = rule;
	f->cis = "-";
	for (size_t i = 0; i < spec_audit_n_rules; i++)
		if (strcmp(spec_audit_rules[i].rule, rule) == 0)
			f->cis = spec_audit_rules[i].cis;
	f->severity = sev;
	f->risk = risk;
	f->fix = fix;
	va_start(ap, pathfmt);
	vsnprintf(f->path, sizeof(f->path), pathfmt, ap);
	va_end(ap);
}

/* Docker's default capability set: anything else is "extra". */
static const char *const usual_caps[] = {
	"CAP_CHOWN",   "CAP_DAC_OVERRIDE", "CAP_FSETID",	   "CAP_FOWNER",
	"CAP_MKNOD",   "CAP_NET_RAW",	   "CAP_SETGID",	   "CAP_SETUID",
	"CAP_SETFCAP", "CAP_SETPCAP",	   "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT",
	"CAP_KILL",    "CAP_AUDIT_WRITE",
};

static const char *const dangerous_caps[] = {
	"CAP_SYS_ADMIN", "CAP_SYS_MODULE",   "CAP_SYS_PTRACE",	    "CAP_SYS_RAWIO",
	"CAP_NET_ADMIN", "CAP_BPF",	     "CAP_DAC_READ_SEARCH", "CAP_SYS_BOOT",
	"CAP_SYS_TIME",	 "CAP_SYSLOG",	     "CAP_MAC_ADMIN",	    "CAP_MAC_OVERRIDE",
	"CAP_PERFMON",	 "CAP_SYS_RESOURCE",
};

static void rule_caps(const struct spec_config *cfg, struct spec_audit *a)
{
	const struct spec_capabilities *c = cfg->process ? cfg->process->capabilities : NULL;
	char **sets[2];
	size_t ns[2];
	const char *names[2] = {"bounding", "permitted"};

	if (!c)
		return;
	sets[0] = c->bounding, ns[0] = c->n_bounding;
	sets[1] = c->permitted, ns[1] = c->n_permitted;
	for (int s = 0; s < 2; s++)
		for (size_t i = 0; i < ns[s]; i++) {
			const char *cap = sets[s][i];

			if (lc_strv_contains(usual_caps, ARRAY_SIZE(usual_caps), cap))
				continue;
			add(a, "extra-capabilities",
			    lc_strv_contains(dangerous_caps, ARRAY_SIZE(dangerous_caps), cap)
				    ? SPEC_SEV_HIGH
				    : SPEC_SEV_MEDIUM,
			    "a capability beyond the usual set widens what a compromised process can do to the kernel",
			    "remove it from process.capabilities (every set), or justify it",
			    "process.capabilities.%s[%zu] (%s)", names[s], i, cap);
			return; /* one finding is enough to point at the set */
		}
}

static bool has_seccomp_denials(const struct spec_seccomp *s)
{
	if (s->default_action != SPEC_SCMP_ACT_ALLOW && s->default_action != SPEC_SCMP_ACT_LOG)
		return true;
	for (size_t i = 0; i < s->n_syscalls; i++)
		if (s->syscalls[i].action != SPEC_SCMP_ACT_ALLOW &&
		    s->syscalls[i].action != SPEC_SCMP_ACT_LOG)
			return true;
	return false;
}

static bool sys_writable(const struct spec_config *cfg)
{
	for (size_t i = 0; i < cfg->n_mounts; i++) {
		const struct spec_mount *m = &cfg->mounts[i];

		if (strcmp(m->destination, "/sys") != 0)
			continue;
		if (!(m->flags & MS_RDONLY) && !(m->attr_set & MOUNT_ATTR_RDONLY))
			return true;
	}
	return false;
}

static void rule_privileged(const struct spec_config *cfg, struct spec_audit *a)
{
	const struct spec_linux *l = cfg->linux_;
	const struct spec_capabilities *c = cfg->process ? cfg->process->capabilities : NULL;
	const char *why = NULL;
	const char *path = "";

	if (c && c->n_bounding >= 38) {
		why = "every capability";
		path = "process.capabilities.bounding";
	} else if ((!l || !l->seccomp) && (!l || !l->n_masked_paths)) {
		why = "no seccomp and no masked paths";
		path = "linux";
	} else if (sys_writable(cfg)) {
		why = "/sys writable";
		path = "mounts (/sys)";
	}
	for (size_t i = 0; !why && l && l->resources && i < l->resources->n_devices; i++) {
		const struct spec_device_cgroup *d = &l->resources->devices[i];

		if (d->allow && (d->type == 0 || d->type == 'a') && d->major < 0 && d->minor < 0) {
			why = "every device allowed";
			path = "linux.resources.devices";
		}
	}
	if (why)
		add(a, "privileged", SPEC_SEV_HIGH,
		    "a privileged-like container can reach the host kernel's most dangerous interfaces",
		    "drop capabilities, add a seccomp profile and masked paths, deny devices, mount /sys ro",
		    "%s (%s)", path, why);
}

static const char *const sensitive_dirs[] = {"/boot", "/dev", "/etc", "/lib",
					     "/proc", "/sys", "/usr"};

static void rule_mounts(const struct spec_config *cfg, struct spec_audit *a)
{
	static const char *const sockets[] = {"docker.sock", "containerd.sock", "crio.sock",
					      "podman.sock", "dockershim.sock"};

	for (size_t i = 0; i < cfg->n_mounts; i++) {
		const struct spec_mount *m = &cfg->mounts[i];
		const char *src = m->source;
		bool rw = !(m->flags & MS_RDONLY) && !(m->attr_set & MOUNT_ATTR_RDONLY);
		bool sensitive = false;

		if (!m->is_bind || !src)
			continue;
		for (size_t k = 0; k < ARRAY_SIZE(sockets); k++) {
			const char *base = strrchr(src, '/');

			if (strcmp(base ? base + 1 : src, sockets[k]) == 0)
				add(a, "engine-socket", SPEC_SEV_HIGH,
				    "a container engine socket gives full control of the host",
				    "remove this mount", "mounts[%zu].source (%s)", i, src);
		}
		if (strcmp(src, "/") == 0)
			sensitive = true;
		for (size_t k = 0; k < ARRAY_SIZE(sensitive_dirs); k++) {
			size_t n = strlen(sensitive_dirs[k]);

			if (strncmp(src, sensitive_dirs[k], n) == 0 &&
			    (src[n] == '\0' || src[n] == '/'))
				sensitive = true;
		}
		if (sensitive)
			add(a, "sensitive-mount", rw ? SPEC_SEV_HIGH : SPEC_SEV_MEDIUM,
			    rw ? "a writable host system directory lets the container change the host"
			       : "a host system directory exposes host configuration and secrets",
			    "mount only the data the container needs, read-only",
			    "mounts[%zu].source (%s%s)", i, src, rw ? ", rw" : ", ro");
		if (m->propagation & MS_SHARED)
			add(a, "shared-propagation", SPEC_SEV_MEDIUM,
			    "mounts made in the container propagate to the host (or back)",
			    "use rprivate or rslave", "mounts[%zu].options", i);
	}
}

static void rule_namespaces(const struct spec_config *cfg, struct spec_audit *a)
{
	static const struct {
		enum spec_ns_type t;
		const char *rule;
		enum spec_severity sev;
		const char *risk;
	} ns[] = {
		{SPEC_NS_NETWORK, "host-network", SPEC_SEV_HIGH,
		 "the container sees and can bind the host's network interfaces"},
		{SPEC_NS_PID, "host-pid", SPEC_SEV_HIGH,
		 "the container sees and can signal the host's processes"},
		{SPEC_NS_IPC, "host-ipc", SPEC_SEV_MEDIUM,
		 "the container shares the host's shared memory and semaphores"},
		{SPEC_NS_UTS, "host-uts", SPEC_SEV_LOW,
		 "the container can change the host's hostname"},
		{SPEC_NS_USER, "host-user", SPEC_SEV_MEDIUM,
		 "without a user namespace, root in the container is root on the host"},
		{SPEC_NS_MOUNT, "host-mount", SPEC_SEV_HIGH,
		 "its mounts are made in a shared mount namespace, and its root is a chroot that "
		 "CAP_SYS_CHROOT, or a host process's /proc/PID/root, can leave"},
	};

	for (size_t i = 0; i < ARRAY_SIZE(ns); i++) {
		const struct spec_namespace *n = spec_find_namespace(cfg, ns[i].t);

		if (!n)
			add(a, ns[i].rule, ns[i].sev, ns[i].risk,
			    "add the namespace to linux.namespaces", "linux.namespaces (no %s)",
			    spec_ns_type_names[ns[i].t]);
		else if (n->path)
			add(a, ns[i].rule, ns[i].sev,
			    "a joined namespace may be the host's; check what the path points to",
			    "create a new namespace, or join only a sibling container's",
			    "linux.namespaces (%s path %s)", spec_ns_type_names[ns[i].t], n->path);
	}
}

static void rule_limits(const struct spec_config *cfg, struct spec_audit *a)
{
	const struct spec_resources *r = cfg->linux_ ? cfg->linux_->resources : NULL;

	if (!r || !r->memory || !r->memory->limit.set || r->memory->limit.v <= 0)
		add(a, "no-memory-limit", SPEC_SEV_MEDIUM,
		    "the container can take all of the host's memory",
		    "set linux.resources.memory.limit (and swap)", "linux.resources.memory.limit");
	if (!r || !r->cpu ||
	    !(r->cpu->shares.set || (r->cpu->quota.set && r->cpu->quota.v > 0) || r->cpu->cpus))
		add(a, "no-cpu-limit", SPEC_SEV_LOW, "the container can starve the host's CPUs",
		    "set linux.resources.cpu.shares or quota/period", "linux.resources.cpu");
	if (!r || !r->has_pids_limit || r->pids_limit <= 0)
		add(a, "no-pids-limit", SPEC_SEV_MEDIUM,
		    "a fork bomb in the container exhausts the host's pids",
		    "set linux.resources.pids.limit", "linux.resources.pids.limit");
}

static void rule_process(const struct spec_config *cfg, const struct spec_audit_host *host,
			 struct spec_audit *a)
{
	const struct spec_process *p = cfg->process;
	const struct spec_linux *l = cfg->linux_;
	bool userns = spec_find_namespace(cfg, SPEC_NS_USER) != NULL;

	if (!p)
		return;
	if (p->user.uid == 0 && !userns)
		add(a, "user-root", SPEC_SEV_HIGH, "the process runs as the host's root user",
		    "set process.user to a non-root uid/gid, or add a user namespace",
		    "process.user.uid");
	else if (p->user.uid == 0)
		add(a, "user-root", SPEC_SEV_MEDIUM,
		    "root in a user namespace: unprivileged on the host, but owner of the container",
		    "set process.user to a non-root uid/gid", "process.user.uid");
	if ((!p->apparmor_profile || !*p->apparmor_profile) && !(host && host->no_apparmor))
		add(a, "no-apparmor", SPEC_SEV_LOW,
		    "no mandatory access control confines the process",
		    "set process.apparmorProfile where the host runs AppArmor",
		    "process.apparmorProfile");
	if ((!p->selinux_label || !*p->selinux_label) && !(host && host->no_selinux))
		add(a, "no-selinux", SPEC_SEV_LOW, "no SELinux label confines the process",
		    "set process.selinuxLabel where the host runs SELinux", "process.selinuxLabel");
	if (!p->no_new_privileges)
		add(a, "new-privileges", SPEC_SEV_MEDIUM,
		    "setuid binaries and file capabilities can raise privileges",
		    "set process.noNewPrivileges to true", "process.noNewPrivileges");
	if (!l || !l->seccomp)
		add(a, "no-seccomp", SPEC_SEV_HIGH,
		    "every system call of the host kernel is reachable from the container",
		    "add linux.seccomp, e.g. the profile of `runh spec --hardened`",
		    "linux.seccomp");
	else if (!has_seccomp_denials(l->seccomp))
		add(a, "no-seccomp", SPEC_SEV_HIGH, "the seccomp profile allows every system call",
		    "make defaultAction SCMP_ACT_ERRNO with an allow-list",
		    "linux.seccomp.defaultAction");
	bool nofile = false, nproc = false;
	for (size_t i = 0; i < p->n_rlimits; i++) {
		nofile |= strcmp(p->rlimits[i].type, "RLIMIT_NOFILE") == 0;
		nproc |= strcmp(p->rlimits[i].type, "RLIMIT_NPROC") == 0;
	}
	if (!nofile || !nproc)
		add(a, "no-rlimits", SPEC_SEV_LOW,
		    "without RLIMIT_NOFILE/RLIMIT_NPROC the container inherits the runtime's limits",
		    "set both in process.rlimits", "process.rlimits");
}

static void rule_linux(const struct spec_config *cfg, struct spec_audit *a)
{
	const struct spec_linux *l = cfg->linux_;
	bool proc_mounted = false;

	if (!cfg->root_readonly)
		add(a, "root-writable", SPEC_SEV_MEDIUM,
		    "a writable root lets an intruder change the container's programs",
		    "set root.readonly and mount tmpfs where writes are needed", "root.readonly");
	if (l && l->n_devices)
		add(a, "host-devices", SPEC_SEV_MEDIUM,
		    "device nodes give direct access to host hardware",
		    "remove linux.devices entries the workload does not need", "linux.devices");
	if (l && l->has_rootfs_propagation && (l->rootfs_propagation & MS_SHARED))
		add(a, "shared-propagation", SPEC_SEV_MEDIUM,
		    "mounts made in the container propagate to the host (or back)",
		    "use rprivate or rslave", "linux.rootfsPropagation");
	for (size_t i = 0; i < cfg->n_mounts; i++)
		proc_mounted |= cfg->mounts[i].type && strcmp(cfg->mounts[i].type, "proc") == 0;
	if (proc_mounted && !(l && (lc_strv_contains((const char *const *)l->readonly_paths,
						     l->n_readonly_paths, "/proc/sys") ||
				    lc_strv_contains((const char *const *)l->masked_paths,
						     l->n_masked_paths, "/proc/sys"))))
		add(a, "writable-proc-sys", SPEC_SEV_MEDIUM,
		    "writable /proc/sys reaches kernel settings that are not namespaced",
		    "add /proc/sys to linux.readonlyPaths", "linux.readonlyPaths");
	for (size_t i = 0; l && i < l->n_sysctl; i++) {
		int ns = spec_sysctl_namespace(l->sysctl[i].key);

		if (ns < 0 || !spec_find_namespace(cfg, (enum spec_ns_type)ns))
			add(a, "host-sysctl", SPEC_SEV_HIGH,
			    "the sysctl is not isolated by a namespace of the container: it changes the host",
			    "remove it (runh refuses to run it)", "linux.sysctl.%s",
			    l->sysctl[i].key);
	}
	for (int k = 0; k < SPEC_HOOK__MAX; k++)
		for (size_t i = 0; i < cfg->hooks.n[k]; i++)
			if (cfg->hooks.list[k][i].path[0] != '/')
				add(a, "hook-relative-path", SPEC_SEV_MEDIUM,
				    "a relative hook path runs whatever the runtime's working directory holds",
				    "use an absolute path (runh refuses to run it)", "hooks (%s)",
				    cfg->hooks.list[k][i].path);
	for (size_t i = 0; l && i < l->n_uid_mappings; i++)
		if (l->uid_mappings[i].host_id == 0)
			add(a, "userns-host-root", SPEC_SEV_HIGH,
			    "a container id maps to host root: the user namespace protects nothing",
			    "map the container's ids to an unprivileged host range",
			    "linux.uidMappings[%zu].hostID", i);
}

/* What the parser warned about: a misspelt key is a setting not made (or, matching a known
 * one but for case, made only because runh reads it as runc does). */
static void rule_unknown_properties(const struct spec_config *cfg, struct spec_audit *a)
{
	for (size_t i = 0; i < cfg->warnings.n; i++) {
		const struct spec_warning *w = &cfg->warnings.v[i];
		struct spec_finding *f;

		switch (w->kind) {
		case SPEC_WARN_CASE_KEY:
			add(a, "unknown-property", SPEC_SEV_LOW,
			    "runh and runc read it as the property it matches but for case; "
			    "other runtimes may ignore it",
			    "", "%s", w->path);
			break;
		case SPEC_WARN_SHADOWED_KEY:
		case SPEC_WARN_UNKNOWN_KEY:
			add(a, "unknown-property", w->near ? SPEC_SEV_MEDIUM : SPEC_SEV_LOW,
			    w->near ? "a misspelt property is ignored: the setting it was meant "
				      "to make is not made"
				    : "an unknown property is ignored",
			    "remove it, or use the runtime-spec's name for what it means", "%s",
			    w->path);
			break;
		}
		f = &a->findings[a->n - 1];
		if (w->near)
			snprintf(f->fix_text, sizeof(f->fix_text), "did you mean '%s'? write '%s'",
				 w->near, w->near);
	}
}

/* A name libseccomp does not know gets no rule (libcontainer/seccomp.c): in a rule
 * stricter than an allowing default, the profile blocks less than it says. */
static void rule_seccomp_names(const struct spec_config *cfg, const struct spec_audit_host *host,
			       struct spec_audit *a)
{
	const struct spec_seccomp *s = cfg->linux_ ? cfg->linux_->seccomp : NULL;
	bool allow_default;

	if (!s || !host || !host->n_unknown_syscalls)
		return;
	allow_default = s->default_action == SPEC_SCMP_ACT_ALLOW ||
			s->default_action == SPEC_SCMP_ACT_LOG;
	for (size_t i = 0; i < s->n_syscalls; i++) {
		const struct spec_seccomp_syscall *sc = &s->syscalls[i];

		if (!allow_default || sc->action == SPEC_SCMP_ACT_ALLOW ||
		    sc->action == SPEC_SCMP_ACT_LOG)
			continue; /* an allow-list entry that matches nothing stays denied */
		for (size_t j = 0; j < sc->n_names; j++)
			if (lc_strv_contains((const char *const *)host->unknown_syscalls,
					     host->n_unknown_syscalls, sc->names[j]))
				add(a, "seccomp-unknown-name", SPEC_SEV_MEDIUM,
				    "libseccomp does not know this syscall name: no rule is made, "
				    "and the default action allows the call",
				    "fix the name (a typo?), or make the default action deny",
				    "linux.seccomp.syscalls[%zu].names[%zu] '%s'", i, j,
				    sc->names[j]);
	}
}

const char *spec_finding_fix(const struct spec_finding *f)
{
	return f->fix_text[0] ? f->fix_text : f->fix;
}

void spec_audit_config(const struct spec_config *cfg, struct spec_audit *ret)
{
	spec_audit_config_host(cfg, NULL, ret);
}

void spec_audit_config_host(const struct spec_config *cfg, const struct spec_audit_host *host,
			    struct spec_audit *ret)
{
	memset(ret, 0, sizeof(*ret));
	rule_unknown_properties(cfg, ret);
	rule_seccomp_names(cfg, host, ret);
	rule_process(cfg, host, ret);
	rule_caps(cfg, ret);
	rule_privileged(cfg, ret);
	rule_mounts(cfg, ret);
	rule_namespaces(cfg, ret);
	rule_limits(cfg, ret);
	rule_linux(cfg, ret);
}

void spec_audit_free(struct spec_audit *a)
{
	free(a->findings);
	a->findings = NULL;
	a->n = 0;
}

enum spec_severity spec_audit_max(const struct spec_audit *a)
{
	enum spec_severity m = 0;

	for (size_t i = 0; i < a->n; i++)
		if (a->findings[i].severity > m)
			m = a->findings[i].severity;
	return m;
}

static void gen_report(yajl_gen g, const struct spec_audit *a, const char *source)
{
	size_t count[4] = {0};

	yajl_gen_map_open(g);
	spec_gen_str(g, "source");
	spec_gen_str(g, source);
	spec_gen_str(g, "findings");
	yajl_gen_array_open(g);
	for (size_t i = 0; i < a->n; i++) {
		const struct spec_finding *f = &a->findings[i];

		count[f->severity]++;
		yajl_gen_map_open(g);
		spec_gen_str(g, "rule");
		spec_gen_str(g, f->rule);
		spec_gen_str(g, "cis");
		spec_gen_str(g, f->cis);
		spec_gen_str(g, "severity");
		spec_gen_str(g, spec_severity_name(f->severity));
		spec_gen_str(g, "path");
		spec_gen_str(g, f->path);
		spec_gen_str(g, "risk");
		spec_gen_str(g, f->risk);
		spec_gen_str(g, "fix");
		spec_gen_str(g, spec_finding_fix(f));
		yajl_gen_map_close(g);
	}
	yajl_gen_array_close(g);
	spec_gen_str(g, "summary");
	yajl_gen_map_open(g);
	for (int s = SPEC_SEV_HIGH; s >= SPEC_SEV_LOW; s--) {
		spec_gen_str(g, sev_names[s]);
		yajl_gen_integer(g, (long long)count[s]);
	}
	yajl_gen_map_close(g);
	yajl_gen_map_close(g);
}

char *spec_audit_json(const struct spec_audit *const *audits, const char *const *sources, size_t n,
		      bool as_array)
{
	yajl_gen g = spec_gen_new("  ");

	if (as_array)
		yajl_gen_array_open(g);
	for (size_t i = 0; i < n; i++)
		gen_report(g, audits[i], sources[i]);
	if (as_array)
		yajl_gen_array_close(g);
	return spec_gen_finish(g, true);
}

char *spec_audit_table(const struct spec_audit *a, const char *source)
{
	size_t count[4] = {0}, cap = 4096, len = 0;
	char *out = xmalloc(cap);

#define EMIT(...)                                                           \
	do {                                                                \
		int k_ = snprintf(NULL, 0, __VA_ARGS__);                    \
		while (len + (size_t)k_ + 1 > cap)                          \
			out = xrealloc(out, cap *= 2);                      \
		len += (size_t)snprintf(out + len, cap - len, __VA_ARGS__); \
	} while (0)
	EMIT("%s\n", source);
	if (a->n)
		EMIT("  %-8s %-5s %-20s %s\n", "SEVERITY", "CIS", "RULE", "WHERE");
	for (int s = SPEC_SEV_HIGH; s >= SPEC_SEV_LOW; s--)
		for (size_t i = 0; i < a->n; i++) {
			const struct spec_finding *f = &a->findings[i];

			if ((int)f->severity != s)
				continue;
			count[s]++;
			EMIT("  %-8s %-5s %-20s %s\n", spec_severity_name(f->severity), f->cis,
			     f->rule, f->path);
			EMIT("  %-8s risk: %s\n  %-8s fix:  %s\n", "", f->risk, "",
			     spec_finding_fix(f));
		}
	EMIT("  %zu finding%s: %zu high, %zu medium, %zu low\n", a->n, a->n == 1 ? "" : "s",
	     count[SPEC_SEV_HIGH], count[SPEC_SEV_MEDIUM], count[SPEC_SEV_LOW]);
#undef EMIT
	return out;
}
