/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The narration of --explain: formatters and narrators (see explain.h). */
#include <errno.h>
#include <linux/sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>

#include "explain.h"
#include "util.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
#ifndef MS_NOSYMFOLLOW
#define MS_NOSYMFOLLOW 256
#endif

/* Append ", word" (or "|word") to buf. */
static void add(char *buf, size_t n, const char *sep, const char *word)
{
	size_t len = strlen(buf);

	if (len + 1 < n)
		snprintf(buf + len, n - len, "%s%s", len ? sep : "", word);
}

const char *lc_explain_clone_flags(unsigned long long flags, char *buf, size_t n)
{
	static const struct {
		unsigned long long flag;
		const char *name;
	} names[] = {
		{CLONE_NEWUSER, "NEWUSER"},	{CLONE_NEWNS, "NEWNS"},
		{CLONE_NEWPID, "NEWPID"},	{CLONE_NEWNET, "NEWNET"},
		{CLONE_NEWUTS, "NEWUTS"},	{CLONE_NEWIPC, "NEWIPC"},
		{CLONE_NEWCGROUP, "NEWCGROUP"}, {CLONE_NEWTIME, "NEWTIME"},
		{CLONE_PIDFD, "PIDFD"},		{CLONE_INTO_CGROUP, "INTO_CGROUP"},
		{CLONE_PARENT, "PARENT"},
	};
	char hex[32];

	buf[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (flags & names[i].flag) {
			add(buf, n, "|", names[i].name);
			flags &= ~names[i].flag;
		}
	if (flags) {
		snprintf(hex, sizeof(hex), "%#llx", flags);
		add(buf, n, "|", hex);
	}
	if (!buf[0])
		snprintf(buf, n, "none");
	return buf;
}

const char *lc_explain_mount_flags(unsigned long flags, const char *data, char *buf, size_t n)
{
	static const struct {
		unsigned long flag;
		const char *name;
	} names[] = {
		{MS_RDONLY, "ro"},
		{MS_NOSUID, "nosuid"},
		{MS_NODEV, "nodev"},
		{MS_NOEXEC, "noexec"},
		{MS_NOATIME, "noatime"},
		{MS_NODIRATIME, "nodiratime"},
		{MS_RELATIME, "relatime"},
		{MS_STRICTATIME, "strictatime"},
		{MS_SYNCHRONOUS, "sync"},
		{MS_DIRSYNC, "dirsync"},
		{MS_NOSYMFOLLOW, "nosymfollow"},
		{MS_LAZYTIME, "lazytime"},
	};

	buf[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (flags & names[i].flag)
			add(buf, n, ", ", names[i].name);
	if (data && data[0]) {
		char copy[512], *p = copy, *o;

		snprintf(copy, sizeof(copy), "%s", data);
		while ((o = strsep(&p, ",")))
			if (*o)
				add(buf, n, ", ", o);
	}
	if (!buf[0])
		snprintf(buf, n, "defaults");
	return buf;
}

const char *lc_explain_propagation(unsigned long prop)
{
	bool rec = prop & MS_REC;

	if (prop & MS_SHARED)
		return rec ? "rshared" : "shared";
	if (prop & MS_SLAVE)
		return rec ? "rslave" : "slave";
	if (prop & MS_PRIVATE)
		return rec ? "rprivate" : "private";
	if (prop & MS_UNBINDABLE)
		return rec ? "runbindable" : "unbindable";
	return "";
}

/* "pid, network, uts" of the config's namespaces: made new (joined false) or by path. */
static void ns_list(const struct spec_config *cfg, bool joined, char *buf, size_t n)
{
	buf[0] = '\0';
	for (size_t i = 0; cfg->linux_ && i < cfg->linux_->n_namespaces; i++) {
		const struct spec_namespace *ns = &cfg->linux_->namespaces[i];

		if ((ns->path != NULL) == joined)
			add(buf, n, ", ", spec_ns_type_names[ns->type]);
	}
}

void lc_explain_clone(const struct lc_plan *p, pid_t pid, bool in_cgroup)
{
	unsigned long long f = CLONE_PIDFD | (in_cgroup ? CLONE_INTO_CGROUP : 0);
	char flags[256], made[256], joined[256], shared[256];

	if (!lc_explain_on)
		return;
	if (p->mode == LC_PLAN_JOIN) {
		lc_explain(LC_X_NS,
			   "clone3(%s) -> pid %d; it joins the container's namespaces "
			   "%s at once with setns(init's pidfd)",
			   lc_explain_clone_flags(f, flags, sizeof(flags)), (int)pid,
			   lc_explain_clone_flags((unsigned long long)p->join_ns_flags, made,
						  sizeof(made)));
		return;
	}
	if (!p->join_userns)
		f |= p->clone_flags;
	ns_list(p->cfg, false, made, sizeof(made));
	ns_list(p->cfg, true, joined, sizeof(joined));
	shared[0] = '\0';
	for (int t = 0; t < SPEC_NS__MAX; t++)
		if (!spec_find_namespace(p->cfg, (enum spec_ns_type)t))
			add(shared, sizeof(shared), ", ", spec_ns_type_names[t]);
	lc_explain(LC_X_NS, "clone3(%s) -> init pid %d; new namespaces: %s%s%s%s%s%s",
		   lc_explain_clone_flags(f, flags, sizeof(flags)), (int)pid,
		   made[0] ? made : "none",
		   p->unshare_flags ? " (cgroup: unshare(NEWCGROUP) by the init once in its cgroup)"
				    : "",
		   joined[0] ? "; joined by path (setns): " : "", joined,
		   shared[0] ? "; shared with runh: " : "", shared);
}

static void explain_map(const char *file, const struct spec_idmap *m, size_t n, bool gid)
{
	for (size_t i = 0; i < n; i++)
		lc_explain(LC_X_USER, "%s %u -> %u (%u ids)%s%u", file, m[i].container_id,
			   m[i].host_id, m[i].size,
			   m[i].container_id == 0 ? (gid ? "; the container's group 0 is host gid "
							 : "; the container's root is host uid ")
						  : "",
			   m[i].container_id == 0 ? m[i].host_id : 0);
}

void lc_explain_idmaps(const struct lc_plan *p, pid_t pid)
{
	const struct spec_linux *l = p->cfg->linux_;

	if (!lc_explain_on)
		return;
	lc_explain(LC_X_USER,
		   "/proc/%d/gid_map and uid_map written by runh (outside the new user "
		   "namespace; setgroups stays allowed)",
		   (int)pid);
	explain_map("gid_map", l->gid_mappings, l->n_gid_mappings, true);
	explain_map("uid_map", l->uid_mappings, l->n_uid_mappings, false);
}

void lc_explain_mount(const struct lc_plan *p, const struct lc_mount_op *op)
{
	const struct spec_mount *m = op->m;
	char opts[512], prop[64] = "";
	const char *api = "fsopen+fsconfig+fsmount+move_mount";

	if (!lc_explain_on)
		return;
	if (m->propagation)
		snprintf(prop, sizeof(prop), ", propagation %s",
			 lc_explain_propagation(m->propagation));
	if (op->kind == LC_MOUNT_BIND) {
		lc_explain(LC_X_MNT,
			   "%s %s on %s (%s%s) via open_tree(OPEN_TREE_CLONE%s)+"
			   "mount_setattr+move_mount",
			   m->is_recursive_bind ? "rbind" : "bind", op->source, m->destination,
			   lc_explain_mount_flags(m->flags, NULL, opts, sizeof(opts)), prop,
			   m->is_recursive_bind ? "|AT_RECURSIVE" : "");
	} else if (op->kind == LC_MOUNT_CGROUP_TREE) {
		lc_explain(LC_X_MNT,
			   "cgroup on %s (%s): a tmpfs with one mount per v1 hierarchy "
			   "(%zu)%s via %s",
			   m->destination,
			   lc_explain_mount_flags(m->flags, NULL, opts, sizeof(opts)),
			   p->layout.n_hier,
			   p->has_cgroupns ? "" : ", each the container's own directory bound",
			   api);
	} else if (op->kind == LC_MOUNT_CGROUP_OWN) {
		lc_explain(LC_X_MNT,
			   "cgroup2 on %s (%s): the container's own %s%s bound (no cgroup "
			   "namespace) via open_tree+move_mount",
			   m->destination,
			   lc_explain_mount_flags(m->flags, NULL, opts, sizeof(opts)),
			   LC_CGROUP_ROOT, p->cgroup_path);
	} else if (op->kind == LC_MOUNT_SYSFS_BIND) {
		lc_explain(LC_X_MNT,
			   "sysfs on %s (%s): the host's /sys bound (a user namespace "
			   "without its own network namespace cannot mount sysfs) via "
			   "open_tree+move_mount",
			   m->destination,
			   lc_explain_mount_flags(m->flags, NULL, opts, sizeof(opts)));
	} else {
		lc_explain(LC_X_MNT, "%s on %s (%s%s) via %s", op->fstype, m->destination,
			   lc_explain_mount_flags(op->flags, m->data, opts, sizeof(opts)), prop,
			   api);
	}
}

void lc_explain_device(const struct lc_plan *p, const struct lc_dev_op *d)
{
	char kind = d->type == S_IFBLK ? 'b' : d->type == S_IFIFO ? 'p' : 'c';

	if (!lc_explain_on)
		return;
	if (p->in_userns)
		lc_explain(LC_X_DEV,
			   "%s: the host's node bound over an empty file (no mknod in a "
			   "user namespace)",
			   d->path);
	else
		lc_explain(LC_X_DEV, "mknod %s %c %u:%u mode %04o%s", d->path, kind, d->major,
			   d->minor, (unsigned)(d->mode & 07777),
			   d->config_index < 0 ? " (a default device)" : "");
}

/* "ERRNO(EPERM)", "ALLOW" ... for an action with its errno. */
static const char *action_text(int action, bool has_errno, uint32_t errno_ret, char *buf, size_t n)
{
	const char *name = action >= 0 && action < SPEC_SCMP_ACT__MAX
				   ? spec_seccomp_action_names[action]
				   : "?";
	const char *e;

	if (strncmp(name, "SCMP_ACT_", 9) == 0)
		name += 9;
	if (action != SPEC_SCMP_ACT_ERRNO && action != SPEC_SCMP_ACT_TRACE) {
		snprintf(buf, n, "%s", name);
		return buf;
	}
	e = strerrorname_np(has_errno ? (int)errno_ret : EPERM);
	if (e)
		snprintf(buf, n, "%s(%s)", name, e);
	else
		snprintf(buf, n, "%s(%u)", name, has_errno ? errno_ret : EPERM);
	return buf;
}

void lc_explain_seccomp(const struct lc_plan *p, const char *when)
{
	const struct spec_seccomp *s = p->cfg->linux_ ? p->cfg->linux_->seccomp : NULL;
	size_t per[SPEC_SCMP_ACT__MAX] = {0}, names = 0;
	char counts[512] = "", one[96], act[64];

	if (!lc_explain_on || !s)
		return;
	for (size_t i = 0; i < s->n_syscalls; i++) {
		names += s->syscalls[i].n_names;
		if (s->syscalls[i].action >= 0 && s->syscalls[i].action < SPEC_SCMP_ACT__MAX)
			per[s->syscalls[i].action] += s->syscalls[i].n_names;
	}
	for (int a = 0; a < SPEC_SCMP_ACT__MAX; a++) {
		if (!per[a])
			continue;
		/* Rules of one action with different errnos: the first one's errno is shown. */
		for (size_t i = 0; i < s->n_syscalls; i++)
			if (s->syscalls[i].action == a) {
				action_text(a, s->syscalls[i].has_errno_ret,
					    s->syscalls[i].errno_ret, act, sizeof(act));
				break;
			}
		snprintf(one, sizeof(one), "%zu %s", per[a], act);
		add(counts, sizeof(counts), ", ", one);
	}
	lc_explain(LC_X_SECCOMP,
		   "%zu syscall names in %zu rules (%s); default action %s; a "
		   "%u-instruction BPF program compiled by runh before the clone, "
		   "loaded with seccomp(SECCOMP_SET_MODE_FILTER) %s",
		   names, s->n_syscalls, counts[0] ? counts : "none",
		   action_text(s->default_action, s->has_default_errno_ret, s->default_errno_ret,
			       act, sizeof(act)),
		   (unsigned)p->seccomp.prog.len, when);
}

void lc_explain_exec(const struct lc_plan *p, const char *prog, const char *when)
{
	const struct spec_process *proc = p->process;
	char groups[256] = "";

	if (!lc_explain_on)
		return;
	for (size_t i = 0; i < proc->user.n_additional_gids; i++) {
		char g[16];

		snprintf(g, sizeof(g), "%u", proc->user.additional_gids[i]);
		add(groups, sizeof(groups), ",", g);
	}
	lc_explain(LC_X_EXEC, "execve %s (args[0] '%s') as uid %u gid %u%s%s, cwd %s%s; %s", prog,
		   proc->args[0], proc->user.uid, proc->user.gid, groups[0] ? " groups " : "",
		   groups, proc->cwd, proc->no_new_privileges ? ", with no_new_privs" : "", when);
}
