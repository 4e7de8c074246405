/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The config compiled into a launch plan, in the parent, before the clone (see plan.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/capability.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "log.h"
#include "lsm.h"
#include "plan.h"
#include "rootless.h"
#include "sync.h"
#include "util.h"

/* What the config asks for that this version cannot apply: refused (the spec says a
 * runtime MUST error rather than ignore). */
static int check_supported(const struct spec_config *cfg, const struct spec_process *p,
			   struct lc_err *err)
{
	const struct spec_linux *l = cfg->linux_;

	/* A label asked for on a host that does not run its module is an error (as runc);
	 * mountLabel alone is ignored there (as runc), and refused where it would apply. */
	if (p->apparmor_profile && p->apparmor_profile[0] && !lc_lsm_enabled(LC_LSM_APPARMOR))
		return lc_err_setx(err, EOPNOTSUPP,
				   "config.json: process.apparmorProfile: AppArmor "
				   "is not enabled on this host");
	if (p->selinux_label && p->selinux_label[0] && !lc_lsm_enabled(LC_LSM_SELINUX))
		return lc_err_setx(err, EOPNOTSUPP,
				   "config.json: process.selinuxLabel: SELinux "
				   "is not enabled on this host");
	if (l && l->mount_label && l->mount_label[0] && lc_lsm_enabled(LC_LSM_SELINUX))
		return lc_err_setx(
			err, EOPNOTSUPP,
			"config.json: linux.mountLabel: mount labels are not applied yet");
	if (l && l->mount_label && l->mount_label[0])
		lc_debug("linux.mountLabel '%s' ignored: SELinux is not enabled on this host",
			 l->mount_label);
	if (p->exec_cpu_affinity_initial || p->exec_cpu_affinity_final)
		return lc_err_setx(err, EOPNOTSUPP,
				   "config.json: process.execCPUAffinity: not supported yet");
	if (!l)
		return 0;
	if (l->seccomp && l->seccomp->listener_path == NULL)
		for (size_t i = 0; i < l->seccomp->n_syscalls; i++)
			if (l->seccomp->syscalls[i].action == SPEC_SCMP_ACT_NOTIFY)
				return lc_err_setx(err, EINVAL,
						   "config.json: linux.seccomp: "
						   "SCMP_ACT_NOTIFY needs listenerPath");
	if (l->intel_rdt)
		return lc_err_setx(err, EOPNOTSUPP, "config.json: linux.intelRdt: not supported");
	if (l->memory_policy)
		return lc_err_setx(err, EOPNOTSUPP,
				   "config.json: linux.memoryPolicy: not supported yet");
	if (l->n_net_devices)
		return lc_err_setx(err, EOPNOTSUPP,
				   "config.json: linux.netDevices: not supported yet");
	return 0;
}

/* Namespaces given by path: opened now so that a bad path fails before anything exists. */
static int open_namespaces(const struct spec_config *cfg, struct lc_plan *p, struct lc_err *err)
{
	for (size_t i = 0; i < cfg->linux_->n_namespaces; i++) {
		const struct spec_namespace *ns = &cfg->linux_->namespaces[i];
		int type;

		if (!ns->path)
			continue;
		p->ns_fds[ns->type] = open(ns->path, O_RDONLY | O_CLOEXEC);
		if (p->ns_fds[ns->type] < 0)
			return lc_err_set(err, errno, "linux.namespaces[%zu]: open '%s'", i,
					  ns->path);
		type = ioctl(p->ns_fds[ns->type], NS_GET_NSTYPE);
		if (type < 0 || type != ns->clone_flag)
			return lc_err_setx(err, EINVAL,
					   "linux.namespaces[%zu]: '%s' is not a %s namespace", i,
					   ns->path, spec_ns_type_names[ns->type]);
	}
	return 0;
}

static int plan_namespaces(const struct spec_config *cfg, struct lc_plan *p, struct lc_err *err)
{
	const struct spec_namespace *user = spec_find_namespace(cfg, SPEC_NS_USER);
	const struct spec_namespace *mnt = spec_find_namespace(cfg, SPEC_NS_MOUNT);
	int r;

	r = open_namespaces(cfg, p, err);
	if (r < 0)
		return r;
	for (int t = 0; user && !user->path && t < SPEC_NS__MAX; t++)
		if (p->ns_fds[t] >= 0)
			return lc_err_setx(err, EOPNOTSUPP,
					   "linux.namespaces: a new user namespace with a joined "
					   "%s namespace is not supported yet",
					   spec_ns_type_names[t]);
	for (size_t i = 0; i < cfg->linux_->n_namespaces; i++) {
		const struct spec_namespace *ns = &cfg->linux_->namespaces[i];

		/* time: made before the clone (its offsets first); cgroup: by the child once it
		 * is in its cgroup. */
		if (ns->path || ns->type == SPEC_NS_TIME)
			continue;
		if (ns->type == SPEC_NS_CGROUP)
			p->unshare_flags |= CLONE_NEWCGROUP;
		else
			p->clone_flags |= (unsigned long long)ns->clone_flag;
	}
	p->new_userns = p->clone_flags & CLONE_NEWUSER;
	p->join_userns = user && user->path;
	p->in_userns = p->new_userns || p->join_userns;
	p->shared_mntns = !mnt || mnt->path;
	p->setgroups_denied =
		p->new_userns &&
		lc_idmap_writer_for(cfg->linux_->gid_mappings, cfg->linux_->n_gid_mappings, true) ==
			LC_IDMAP_DIRECT_DENY_SETGROUPS;
	/* The mounts would be made in a namespace the container's root does not own. */
	if (p->shared_mntns && p->in_userns)
		return lc_err_setx(err, EOPNOTSUPP,
				   "linux.namespaces: a user namespace needs a new mount "
				   "namespace (without one, runh mounts in %s mount namespace, "
				   "which the user namespace's root cannot)",
				   mnt ? "the joined" : "the host's");
	p->new_netns = p->clone_flags & CLONE_NEWNET;
	p->has_cgroupns = spec_find_namespace(cfg, SPEC_NS_CGROUP) != NULL;
	return 0;
}

static bool env_same_key(const char *a, const char *b)
{
	size_t n = strcspn(a, "=");

	return strncmp(a, b, n) == 0 && (b[n] == '=' || b[n] == '\0');
}

/* process.env with a key given twice reduced to its last value (as runc), then
 * LISTEN_FDS/LISTEN_PID for socket activation. */
static void plan_env(const struct spec_process *proc, int listen_fds, struct lc_plan *p)
{
	size_t n = 0;

	p->env = xcalloc(proc->n_env + 3, sizeof(char *));
	for (size_t i = 0; i < proc->n_env; i++) {
		bool later = false;

		for (size_t j = i + 1; j < proc->n_env && !later; j++)
			later = env_same_key(proc->env[i], proc->env[j]);
		if (listen_fds > 0 && (env_same_key(proc->env[i], "LISTEN_FDS") ||
				       env_same_key(proc->env[i], "LISTEN_PID")))
			later = true;
		if (!later)
			p->env[n++] = xstrdup(proc->env[i]);
	}
	if (listen_fds > 0) {
		p->env[n++] = xasprintf("LISTEN_FDS=%d", listen_fds);
		p->env[n++] = xstrdup("LISTEN_PID=1");
	}
}

/* What init and exec plan alike: capabilities, seccomp, environment, fds. */
static int plan_process(const struct spec_config *cfg, const struct spec_process *proc,
			const struct lc_plan_opts *o, struct lc_plan *p, struct lc_err *err)
{
	const struct spec_seccomp *sc = cfg->linux_ ? cfg->linux_->seccomp : NULL;
	int r;

	p->process = proc;
	r = check_supported(cfg, proc, err);
	if (r < 0)
		return r;
	if (proc->apparmor_profile && proc->apparmor_profile[0])
		p->apparmor_profile = proc->apparmor_profile;
	if (proc->selinux_label && proc->selinux_label[0])
		p->selinux_label = proc->selinux_label;
	r = lc_caps_prepare(proc->capabilities, &p->caps, err);
	if (r < 0)
		return r;
	if (sc) {
		r = lc_seccomp_compile(sc, &p->seccomp, err);
		if (r < 0)
			return r;
		p->has_seccomp = true;
		if (p->seccomp.has_notify)
			p->steps |= LC_STEP_SECCOMP_FD;
	}
	if (proc->terminal)
		p->steps |= LC_STEP_CONSOLE;
	p->preserve_fds = o->preserve_fds + (o->listen_fds > 0 ? o->listen_fds : 0);
	plan_env(proc, o->listen_fds, p);
	return 0;
}

/* root.path (relative: the bundle's), resolved; never the host's own root. */
static int plan_rootfs(const struct spec_config *cfg, const struct lc_plan_opts *o,
		       struct lc_plan *p, struct lc_err *err)
{
	_cleanup_free_ char *joined = NULL;
	char real[PATH_MAX];
	struct stat st;

	joined = cfg->root_path[0] == '/' ? xstrdup(cfg->root_path)
					  : xasprintf("%s/%s", o->bundle, cfg->root_path);
	if (!realpath(joined, real))
		return lc_err_set(err, errno, "root.path '%s'", cfg->root_path);
	if (stat(real, &st) < 0 || !S_ISDIR(st.st_mode))
		return lc_err_setx(err, ENOTDIR, "root.path '%s': not a directory", cfg->root_path);
	if (strcmp(real, "/") == 0)
		return lc_err_setx(
			err, EINVAL,
			"root.path '%s': the host's root directory cannot be a container's "
			"rootfs",
			cfg->root_path);
	p->rootfs = xstrdup(real);
	return 0;
}

static bool under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

/* --no-pivot: which mounts the chroot would leave reachable to the kernel's "is a full
 * procfs visible" check (mount_too_revealing), from runh's mountinfo (the child's at the
 * clone), deepest (latest) first. */
static int plan_no_pivot(struct lc_plan *p, struct lc_err *err)
{
	_cleanup_close_ int fd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
	_cleanup_free_ char *text = NULL;
	char *it, *line;
	size_t n = 0;

	if (fd < 0 || lc_read_all(fd, 16 << 20, &text, NULL) < 0)
		return lc_err_set(err, errno ? errno : EIO, "read /proc/self/mountinfo");
	p->detach_before_chroot = xcalloc(1, sizeof(char *));
	it = text;
	while ((line = strsep(&it, "\n"))) {
		char root[4096], mnt[4096], fstype[64];
		const char *sep = strstr(line, " - ");

		if (!sep || sscanf(line, "%*s %*s %*s %4095s %4095s", root, mnt) != 2 ||
		    sscanf(sep + 3, "%63s", fstype) != 1)
			continue;
		if (strcmp(root, "/") != 0 || (strcmp(fstype, "proc") && strcmp(fstype, "sysfs")))
			continue;
		lc_unescape_octal(mnt);
		if (under(mnt, p->rootfs))
			continue;
		p->detach_before_chroot =
			xrealloc(p->detach_before_chroot, (n + 2) * sizeof(char *));
		memmove(p->detach_before_chroot + 1, p->detach_before_chroot, n * sizeof(char *));
		p->detach_before_chroot[0] = xstrdup(mnt);
		p->detach_before_chroot[++n] = NULL;
	}
	return 0;
}

static bool same_idmaps(const struct spec_idmap *a, size_t n_a, const struct spec_idmap *b,
			size_t n_b)
{
	return n_a == n_b && (n_a == 0 || memcmp(a, b, n_a * sizeof(*a)) == 0);
}

/* An idmapped mount maps through a user namespace: the container's, or one made for the
 * mount's own mappings when they differ (as runc and crun). */
static int plan_mount_idmap(const struct spec_mount *m, size_t i, struct lc_plan *p,
			    struct lc_mount_op *op, struct lc_err *err)
{
	const struct spec_linux *l = p->cfg->linux_;

	if (!m->is_idmap)
		return 0;
	if (!p->in_userns)
		return lc_err_setx(err, EINVAL,
				   "config.json: mounts[%zu].%s: an idmapped mount needs a user "
				   "namespace (linux.namespaces has no \"user\")",
				   i, m->n_uid_mappings ? "uidMappings" : "options");
	p->has_idmap = true;
	op->has_own_idmap = m->n_uid_mappings &&
			    (p->join_userns ||
			     !same_idmaps(m->uid_mappings, m->n_uid_mappings, l->uid_mappings,
					  l->n_uid_mappings) ||
			     !same_idmaps(m->gid_mappings, m->n_gid_mappings, l->gid_mappings,
					  l->n_gid_mappings));
	return 0;
}

/* The annotation LC_ANNOTATION_IDMAP_ROOTFS: "true" or "false". */
static int plan_idmap_rootfs(const struct spec_config *cfg, struct lc_plan *p, struct lc_err *err)
{
	for (size_t i = 0; i < cfg->n_annotations; i++) {
		const struct spec_kv *a = &cfg->annotations[i];

		if (strcmp(a->key, LC_ANNOTATION_IDMAP_ROOTFS) != 0)
			continue;
		if (strcmp(a->value, "true") != 0 && strcmp(a->value, "false") != 0)
			return lc_err_setx(err, EINVAL,
					   "config.json: annotations.%s: '%s' is not "
					   "\"true\" or \"false\"",
					   a->key, a->value);
		p->idmap_rootfs = strcmp(a->value, "true") == 0;
	}
	if (p->idmap_rootfs && !p->in_userns)
		return lc_err_setx(err, EINVAL,
				   "config.json: annotations.%s: an idmapped rootfs needs a user "
				   "namespace (linux.namespaces has no \"user\")",
				   LC_ANNOTATION_IDMAP_ROOTFS);
	p->has_idmap |= p->idmap_rootfs;
	return 0;
}

/* The detached trees are clones of the host's mounts: a clone of a shared mount is a peer
 * of it.  With a user namespace the container's copy of a shared mount is a slave
 * (CL_SHARED_TO_SLAVE in the kernel's copy_mnt_ns): so are the trees.  Without one they
 * stay as cloned, as the container's copies are; the child then gives them what "/" got
 * (rootfs.c, set_tree_propagation), as its own bind of its copy inherited. */
static unsigned long tree_propagation(const struct lc_plan *p)
{
	return p->in_userns ? MS_SLAVE : 0;
}

static void plan_mount(const struct spec_mount *m, const struct lc_plan_opts *o, struct lc_plan *p,
		       struct lc_mount_op *op)
{
	bool is_cgroup = m->type && strcmp(m->type, "cgroup") == 0;

	op->m = m;
	op->tree_fd = -1;
	op->fstype = m->type;
	if (m->is_bind) {
		op->kind = LC_MOUNT_BIND;
		op->source = m->source[0] == '/' ? xstrdup(m->source)
						 : xasprintf("%s/%s", o->bundle, m->source);
	} else if (is_cgroup && p->layout.mode != LC_CGROUP_V2) {
		op->kind = LC_MOUNT_CGROUP_TREE;
	} else if (is_cgroup && !p->has_cgroupns && p->cgroup_path) {
		op->kind = LC_MOUNT_CGROUP_OWN;
	} else if (m->type && strcmp(m->type, "sysfs") == 0 && p->in_userns && !p->new_netns) {
		op->kind = LC_MOUNT_SYSFS_BIND;
	} else {
		op->kind = LC_MOUNT_FS;
		if (is_cgroup)
			op->fstype = "cgroup2";
	}
	op->flags = m->flags;
	/* A read-only /dev is filled first (nodes, links, sub-mounts), then made read-only. */
	if (op->kind == LC_MOUNT_FS && strcmp(m->destination, "/dev") == 0 &&
	    (m->flags & MS_RDONLY)) {
		op->flags &= ~(unsigned long)MS_RDONLY;
		p->dev_readonly = true;
	}
}

static const struct lc_dev_op default_devices[] = {
	{"/dev/null", S_IFCHR, 1, 3, 0666},    {"/dev/zero", S_IFCHR, 1, 5, 0666},
	{"/dev/full", S_IFCHR, 1, 7, 0666},    {"/dev/random", S_IFCHR, 1, 8, 0666},
	{"/dev/urandom", S_IFCHR, 1, 9, 0666}, {"/dev/tty", S_IFCHR, 5, 0, 0666},
};

/* The default devices a config does not name itself, then linux.devices. */
static void plan_devices(const struct spec_linux *l, struct lc_plan *p)
{
	size_t n_cfg = l ? l->n_devices : 0;

	p->devices = xcalloc(ARRAY_SIZE(default_devices) + n_cfg, sizeof(*p->devices));
	for (size_t i = 0; i < ARRAY_SIZE(default_devices); i++) {
		bool overridden = false;

		for (size_t j = 0; j < n_cfg; j++)
			overridden |= strcmp(l->devices[j].path, default_devices[i].path) == 0;
		if (overridden)
			continue;
		p->devices[p->n_devices] = default_devices[i];
		p->devices[p->n_devices++].config_index = -1;
	}
	for (size_t j = 0; j < n_cfg; j++) {
		const struct spec_device *d = &l->devices[j];

		p->devices[p->n_devices++] = (struct lc_dev_op){
			.path = d->path,
			.type = d->type == 'b'	 ? S_IFBLK
				: d->type == 'p' ? S_IFIFO
						 : S_IFCHR,
			.major = (unsigned int)d->major,
			.minor = (unsigned int)d->minor,
			.mode = d->has_file_mode ? (mode_t)d->file_mode : 0666,
			.has_uid = d->has_uid,
			.has_gid = d->has_gid,
			.uid = d->uid,
			.gid = d->gid,
			.config_index = (int)j,
		};
	}
}

/* "net.ipv4.ip_forward" → "sys/net/ipv4/ip_forward" under the container's /proc. */
static void plan_sysctls(const struct spec_linux *l, struct lc_plan *p)
{
	size_t n = l ? l->n_sysctl : 0;

	p->sysctl_files = xcalloc(n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++) {
		char *f = xasprintf("sys/%s", l->sysctl[i].key);

		for (char *c = f + 4; *c; c++)
			if (*c == '.')
				*c = '/';
		p->sysctl_files[i] = f;
	}
}

void lc_plan_clear(struct lc_plan *p)
{
	*p = (struct lc_plan){.join_root_fd = -1, .rootfs_tree_fd = -1};
	for (int t = 0; t < SPEC_NS__MAX; t++)
		p->ns_fds[t] = -1;
}

static void plan_reset(struct lc_plan *p, enum lc_plan_mode mode, const struct spec_config *cfg)
{
	lc_plan_clear(p);
	p->mode = mode;
	p->cfg = cfg;
}

int lc_plan_init(const struct spec_config *cfg, const struct lc_plan_opts *o, struct lc_plan *ret,
		 struct lc_err *err)
{
	const struct spec_hooks *h = &cfg->hooks;
	int r;

	plan_reset(ret, LC_PLAN_INIT, cfg);
	if (!cfg->process)
		return lc_err_setx(err, EINVAL,
				   "config.json: process: required to create a container");
	if (!cfg->linux_)
		return lc_err_setx(err, EINVAL,
				   "config.json: linux: required to create a container");
	if (cfg->process->terminal && !o->console_socket && !o->foreground)
		return lc_err_setx(err, EINVAL,
				   "process.terminal needs --console-socket with "
				   "create or --detach (or a foreground run)");
	r = plan_process(cfg, cfg->process, o, ret, err);
	if (r == 0)
		r = plan_namespaces(cfg, ret, err);
	/* Asked for, so done; but said, since the container can walk out of a chroot. */
	if (r == 0 && ret->shared_mntns && (ret->caps.bounding & (1ULL << CAP_SYS_CHROOT)))
		lc_warn("linux.namespaces: without a mount namespace of its own the container's "
			"root is a chroot, which CAP_SYS_CHROOT can leave");
	if (r == 0)
		r = plan_rootfs(cfg, o, ret, err);
	if (r == 0)
		r = lc_cgroup_path(cfg->linux_->cgroups_path, o->id, &ret->cgroup_path, err);
	if (r < 0)
		return r;
	if (o->layout)
		ret->layout = *o->layout;
	ret->no_pivot = o->no_pivot;
	/* Without a mount namespace of its own the root is a chroot anyway. */
	if (o->no_pivot && !ret->shared_mntns) {
		r = plan_no_pivot(ret, err);
		if (r < 0)
			return r;
	}
	ret->mounts = xcalloc(cfg->n_mounts + 1, sizeof(*ret->mounts));
	ret->n_mounts = cfg->n_mounts;
	for (size_t i = 0; i < cfg->n_mounts; i++)
		ret->mounts[i].tree_fd = -1; /* lc_plan_free closes what is >= 0 */
	for (size_t i = 0; i < cfg->n_mounts; i++) {
		plan_mount(&cfg->mounts[i], o, ret, &ret->mounts[i]);
		r = plan_mount_idmap(&cfg->mounts[i], i, ret, &ret->mounts[i], err);
		if (r < 0)
			return r;
	}
	r = plan_idmap_rootfs(cfg, ret, err);
	if (r < 0)
		return r;
	ret->tree_propagation = tree_propagation(ret);
	plan_devices(cfg->linux_, ret);
	plan_sysctls(cfg->linux_, ret);
	if (h->n[SPEC_HOOK_CREATE_CONTAINER] || h->n[SPEC_HOOK_START_CONTAINER])
		ret->steps |= LC_STEP_HOOK_STATES;
	if (h->n[SPEC_HOOK_PRESTART] || h->n[SPEC_HOOK_CREATE_RUNTIME])
		ret->steps |= LC_STEP_HOOKS;
	return 0;
}

int lc_plan_join(const struct spec_config *cfg, const struct lc_plan_opts *o, struct lc_plan *ret,
		 struct lc_err *err)
{
	plan_reset(ret, LC_PLAN_JOIN, cfg);
	if (o->process->terminal && !o->console_socket && !o->foreground)
		return lc_err_setx(err, EINVAL,
				   "exec: a terminal needs --console-socket with --detach");
	ret->join_ns_flags = o->join_ns_flags;
	{
		const struct spec_namespace *mnt = spec_find_namespace(cfg, SPEC_NS_MOUNT);

		ret->shared_mntns = !mnt || mnt->path;
	}
	if (o->layout)
		ret->layout = *o->layout;
	if (o->cgroup_path)
		ret->cgroup_path = xstrdup(o->cgroup_path);
	return plan_process(cfg, o->process, o, ret, err);
}

void lc_plan_free(struct lc_plan *p)
{
	if (p->join_root_fd >= 0)
		close(p->join_root_fd);
	p->join_root_fd = -1;
	for (int t = 0; t < SPEC_NS__MAX; t++)
		if (p->ns_fds[t] >= 0) {
			close(p->ns_fds[t]);
			p->ns_fds[t] = -1;
		}
	lc_seccomp_free(&p->seccomp);
	p->has_seccomp = false;
	lc_strv_free(p->env);
	p->env = NULL;
	for (size_t i = 0; i < p->n_mounts; i++) {
		free(p->mounts[i].source);
		if (p->mounts[i].tree_fd >= 0)
			close(p->mounts[i].tree_fd);
	}
	if (p->rootfs_tree_fd >= 0)
		close(p->rootfs_tree_fd);
	p->rootfs_tree_fd = -1;
	free(p->mounts);
	p->mounts = NULL;
	p->n_mounts = 0;
	free(p->devices);
	p->devices = NULL;
	p->n_devices = 0;
	lc_strv_free(p->sysctl_files);
	p->sysctl_files = NULL;
	free(p->rootfs);
	p->rootfs = NULL;
	lc_strv_free(p->detach_before_chroot);
	p->detach_before_chroot = NULL;
	free(p->cgroup_path);
	p->cgroup_path = NULL;
}
