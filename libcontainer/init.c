/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CHILD side: the container's init, from clone to execve.  lc_init_run() and setup() read
 * as the list of steps in sync.h; any failure is sent to the parent as ERROR and the
 * child exits.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/openat2.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "child.h"
#include "cleanup.h"
#include "explain.h"
#include "hooks.h"
#include "init.h"
#include "process.h"
#include "rootfs.h"
#include "log.h"
#include "safepath.h"
#include "sync.h"
#include "util.h"

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

/* What the init holds between its steps. */
struct init {
	const struct lc_plan *plan;
	struct lc_sync_child sync;
	int sync_fd;
	int fifo_fd;	      /* O_PATH of <state>/exec.fifo */
	int proc_fd;	      /* verified host /proc */
	int hook_state_fd[2]; /* createContainer, startContainer state JSON (memfds) or -1 */
	mode_t saved_umask;
};

static int join_one(const struct lc_plan *p, enum spec_ns_type t, struct lc_err *err)
{
	const struct spec_namespace *ns = spec_find_namespace(p->cfg, t);

	if (setns(p->ns_fds[t], ns->clone_flag) < 0)
		return lc_err_set(err, errno, "join %s namespace '%s'", spec_ns_type_names[t],
				  ns->path);
	lc_explain(LC_X_NS, "setns: joined the %s namespace at '%s'", spec_ns_type_names[t],
		   ns->path);
	close(p->ns_fds[t]);
	return 0;
}

/* Namespaces given by path, the user namespace first (the others may belong to it); pid
 * and time were entered by the parent for the clone. */
static int join_namespaces(const struct lc_plan *p, struct lc_err *err)
{
	int r;

	if (p->ns_fds[SPEC_NS_USER] >= 0 && (r = join_one(p, SPEC_NS_USER, err)) < 0)
		return r;
	for (int t = 0; t < SPEC_NS__MAX; t++) {
		if (p->ns_fds[t] < 0 || t == SPEC_NS_PID || t == SPEC_NS_TIME || t == SPEC_NS_USER)
			continue;
		r = join_one(p, (enum spec_ns_type)t, err);
		if (r < 0)
			return r;
	}
	return 0;
}

static int become_userns_root(const struct lc_plan *p, struct lc_err *err)
{
	/* EPERM where setgroups is "deny" (a gid map runh wrote without privilege,
	 * rootless.h): runh's groups are the caller's own, unmapped (nobody) inside. */
	if (setgroups(0, NULL) < 0 && !(errno == EPERM && p->setgroups_denied))
		return lc_err_set(err, errno, "setgroups in the user namespace");
	if (setresgid(0, 0, 0) < 0)
		return lc_err_set(err, errno, "setresgid 0 in the user namespace");
	if (setresuid(0, 0, 0) < 0)
		return lc_err_set(err, errno, "setresuid 0 in the user namespace");
	lc_explain(LC_X_USER, "setgroups(0), setresgid(0), setresuid(0): the init is root of its "
			      "user namespace (a mapped, unprivileged uid on the host)");
	return 0;
}

static int set_names(const struct spec_config *cfg, struct lc_err *err)
{
	if (cfg->hostname && sethostname(cfg->hostname, strlen(cfg->hostname)) < 0)
		return lc_err_set(err, errno, "sethostname '%s'", cfg->hostname);
	if (cfg->domainname && setdomainname(cfg->domainname, strlen(cfg->domainname)) < 0)
		return lc_err_set(err, errno, "setdomainname '%s'", cfg->domainname);
	if (cfg->hostname || cfg->domainname)
		lc_explain(LC_X_NS, "uts: sethostname '%s', setdomainname '%s'",
			   cfg->hostname ? cfg->hostname : "",
			   cfg->domainname ? cfg->domainname : "");
	return 0;
}

/* /dev/null as the host has it, checked to be the real device: the mask for maskedPaths. */
static int open_null(struct lc_err *err)
{
	_cleanup_close_ int fd = open("/dev/null", O_PATH | O_CLOEXEC);
	struct stat st;

	if (fd < 0)
		return lc_err_set(err, errno, "open /dev/null");
	if (fstat(fd, &st) < 0)
		return lc_err_set(err, errno, "stat /dev/null");
	if (!S_ISCHR(st.st_mode) || st.st_rdev != makedev(1, 3))
		return lc_err_setx(err, EPERM, "/dev/null is not the null device");
	return TAKE_FD(fd);
}

/* Namespaced identity and the filesystem up to the hooks that run before pivot_root. */
static int setup_namespaces_and_mounts(struct init *in, struct lc_err *err)
{
	const struct lc_plan *p = in->plan;
	_cleanup_close_ int null_fd = -1;
	int r;

	/* Not earlier: the parent had to open our /proc/<pid>/uid_map. */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		return lc_err_set(err, errno, "set non-dumpable");
	if (p->in_userns && (r = become_userns_root(p, err)) < 0)
		return r;
	if (p->unshare_flags && unshare(p->unshare_flags) < 0)
		return lc_err_set(err, errno, "unshare cgroup namespace");
	if (p->unshare_flags)
		lc_explain(LC_X_NS, "unshare(CLONE_NEWCGROUP): the cgroup namespace's root is the "
				    "init's own cgroup");
	in->saved_umask = umask(0);
	r = set_names(p->cfg, err);
	if (r == 0 && p->new_netns)
		r = lc_net_lo_up(err);
	if (r < 0)
		return r;
	null_fd = open_null(err);
	if (null_fd < 0)
		return null_fd;
	return lc_rootfs_prepare(p, null_fd, err);
}

/* prestart/createRuntime in the parent, then createContainer here, before pivot_root. */
static int hooks_before_pivot(struct init *in, struct lc_err *err)
{
	const struct spec_hooks *h = &in->plan->cfg->hooks;
	int r;

	if (lc_sync_child_has(&in->sync, LC_STEP_HOOKS)) {
		r = lc_sync_child_hooks(&in->sync, err);
		if (r < 0)
			return r;
	}
	if (h->n[SPEC_HOOK_CREATE_CONTAINER])
		return lc_hooks_run(h, SPEC_HOOK_CREATE_CONTAINER, in->hook_state_fd[0], err);
	return 0;
}

/* Seccomp before the user switch: without noNewPrivileges loading needs CAP_SYS_ADMIN,
 * and a notify listener must reach the parent, which is gone after READY.  Else it comes
 * last, right before execve. */
static bool seccomp_early(const struct init *in)
{
	const struct lc_plan *p = in->plan;

	return p->has_seccomp &&
	       (!p->process->no_new_privileges || lc_sync_child_has(&in->sync, LC_STEP_SECCOMP_FD));
}

/* Steps 1-3 of sync.h: from GO to READY. */
static int setup(struct init *in, bool in_namespaces, char **ret_prog, struct lc_err *err)
{
	const struct lc_plan *p = in->plan;
	const struct spec_process *proc = p->process;
	int r = 0;

	if (!in_namespaces)
		r = join_namespaces(p, err);
	if (r == 0)
		r = lc_sync_child_go(&in->sync, in->sync_fd, err);
	if (r == 0 && lc_sync_child_has(&in->sync, LC_STEP_HOOK_STATES))
		r = lc_sync_child_hook_states(&in->sync, in->hook_state_fd, err);
	if (r == 0)
		r = setup_namespaces_and_mounts(in, err);
	if (r == 0)
		r = hooks_before_pivot(in, err);
	if (r == 0)
		r = lc_rootfs_enter(p, err);
	if (r < 0)
		return r;
	if (p->cfg->linux_->personality && personality(p->cfg->linux_->personality->domain) < 0)
		return lc_err_set(err, errno, "set linux.personality");
	if (p->cfg->linux_->personality)
		lc_explain(LC_X_PROC, "personality(%#lx)", p->cfg->linux_->personality->domain);
	r = lc_process_set_attrs(proc, err);
	if (r == 0)
		r = lc_child_send_console(p, &in->sync, true, err);
	if (r < 0)
		return r;
	r = lc_process_enter_cwd(proc, err);
	if (r == 0)
		r = lc_child_set_exec_labels(p, in->proc_fd, err);
	if (r == 0)
		r = seccomp_early(in) ? lc_child_load_seccomp(p, &in->sync, err) : 0;
	if (r == 0)
		r = lc_process_switch_user(proc, &p->caps, p->setgroups_denied, err);
	if (r == 0)
		r = lc_process_finish(proc, p->env, (int)in->saved_umask, ret_prog, err);
	return r;
}

static int wait_for_start(const struct init *in, struct lc_err *err)
{
	_cleanup_free_ char *rel = xasprintf("self/fd/%d", in->fifo_fd);
	_cleanup_close_ int fd = -1;

	/* Blocks until `runh start` opens the other end. */
	fd = openat(in->proc_fd, rel, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return lc_err_set(err, errno, "open exec.fifo");
	if (write(fd, "0", 1) != 1)
		return lc_err_set(err, errno, "write exec.fifo");
	return 0;
}

/* Steps 4-5: after READY the parent is gone; errors go to the container's stderr. */
_Noreturn static void start_program(struct init *in, const char *prog, const sigset_t *sigmask)
{
	const struct lc_plan *p = in->plan;
	const struct spec_hooks *h = &p->cfg->hooks;
	struct lc_err err = {0};
	char **env;

	if (wait_for_start(in, &err) < 0)
		goto fail;
	env = lc_process_build_env(p->env, p->process->user.uid);
	/* Nothing of the runtime's may reach the program: every fd above the kept ones closes. */
	(void)syscall(SYS_close_range, 3 + p->preserve_fds, ~0U, CLOSE_RANGE_CLOEXEC);
	(void)sigprocmask(SIG_SETMASK, sigmask, NULL);
	/* With noNewPrivileges the filter comes last: it need not allow runh's own setup. */
	if (p->has_seccomp && !seccomp_early(in)) {
		int none;

		if (lc_seccomp_load(&p->seccomp, &none, &err) < 0)
			goto fail;
	}
	/* startContainer: in the container, as the process would run (its user, filter and,
	 * without an env of their own, its environment), right before the program. */
	if (h->n[SPEC_HOOK_START_CONTAINER] &&
	    lc_hooks_run_env(h, SPEC_HOOK_START_CONTAINER, in->hook_state_fd[1], env, &err) < 0)
		goto fail;
	execve(prog, p->process->args, env);
	fprintf(stderr, "runh: exec '%s': %s\n", prog, strerror(errno));
	_exit(127);
fail:
	fprintf(stderr, "runh: container init: %s\n", err.msg);
	_exit(1);
}

_Noreturn void lc_init_stage1(const struct lc_plan *p, int sync_fd, int fifo_fd, int proc_fd,
			      const sigset_t *sigmask)
{
	/* exit_signal 0: with CLONE_PARENT the kernel gives it ours (SIGCHLD to runh). */
	struct clone_args args = {.flags = CLONE_PARENT | CLONE_PIDFD};
	struct lc_err err = {0};
	int pidfd = -1, r;
	long pid;

	(void)prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	lc_sync_install_log_forwarder(sync_fd);
	r = join_namespaces(p, &err);
	/* New namespaces made now belong to the joined user namespace. */
	if (r == 0 && p->clone_flags && unshare((int)p->clone_flags) < 0)
		r = lc_err_set(&err, errno,
			       "unshare the new namespaces in the joined user namespace");
	if (r == 0)
		lc_explain(LC_X_NS,
			   "unshare(%s) in the joined user namespace; the init is cloned "
			   "from here with CLONE_PARENT, so it is runh's child",
			   lc_explain_clone_flags(p->clone_flags, (char[256]){0}, 256));
	if (r < 0) {
		lc_sync_send_error(sync_fd, &err);
		_exit(1);
	}
	args.pidfd = (uint64_t)(uintptr_t)&pidfd;
	pid = syscall(SYS_clone3, &args, sizeof(args));
	if (pid == 0)
		lc_init_run(p, sync_fd, fifo_fd, proc_fd, sigmask, true);
	if (pid < 0) {
		lc_err_set(&err, errno, "clone the container init");
		lc_sync_send_error(sync_fd, &err);
		_exit(1);
	}
	if (lc_sync_send_fd(sync_fd, LC_SYNC_INIT_PIDFD, pidfd) < 0) {
		/* The init holds the socket too: without it gone P would wait forever. */
		(void)syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
		_exit(1);
	}
	_exit(0);
}

_Noreturn void lc_init_run(const struct lc_plan *plan, int sync_fd, int fifo_fd, int proc_fd,
			   const sigset_t *sigmask, bool in_namespaces)
{
	struct init in = {.plan = plan,
			  .sync_fd = sync_fd,
			  .fifo_fd = fifo_fd,
			  .proc_fd = proc_fd,
			  .hook_state_fd = {-1, -1}};
	struct lc_err err = {0};
	char *prog = NULL;

	(void)prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	/* Nothing of runh's but what the init needs: no state dirs, no caller's fds. */
	{
		_cleanup_free_ int *keep = xcalloc(SPEC_NS__MAX + 4 + plan->n_mounts, sizeof(int));
		size_t n = 0;

		keep[n++] = sync_fd;
		keep[n++] = fifo_fd;
		keep[n++] = proc_fd;
		for (int t = 0; t < SPEC_NS__MAX; t++)
			if (plan->ns_fds[t] >= 0)
				keep[n++] = plan->ns_fds[t];
		/* The rootfs and bind sources the parent opened (mounttree.h). */
		if (plan->rootfs_tree_fd >= 0)
			keep[n++] = plan->rootfs_tree_fd;
		for (size_t i = 0; i < plan->n_mounts; i++)
			if (plan->mounts[i].tree_fd >= 0)
				keep[n++] = plan->mounts[i].tree_fd;
		lc_close_fds_except(keep, n, plan->preserve_fds);
	}
	lc_sync_install_log_forwarder(sync_fd);
	if (setup(&in, in_namespaces, &prog, &err) < 0) {
		lc_sync_send_error(sync_fd, &err);
		_exit(1);
	}
	if (plan->has_seccomp && !seccomp_early(&in))
		lc_explain_seccomp(plan,
				   "right before execve, once `runh start` opens exec.fifo "
				   "(with no_new_privs the filter need not allow runh's setup)");
	if (plan->cfg->hooks.n[SPEC_HOOK_START_CONTAINER])
		lc_explain(LC_X_HOOK,
			   "startContainer: %zu hook(s) will run in the container right "
			   "before execve",
			   plan->cfg->hooks.n[SPEC_HOOK_START_CONTAINER]);
	lc_explain_exec(plan, prog, "once `runh start` opens exec.fifo (the init waits on it)");
	/* The parent (`create`) exits once it has READY: stop dying with it first.  If it
	 * died before this line we are gone already; after it, READY fails to send. */
	(void)prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0);
	if (lc_sync_child_ready(&in.sync, &err) < 0) {
		lc_sync_send_error(sync_fd, &err);
		_exit(1);
	}
	lc_log_set_sink(NULL, NULL, LC_LOG_ERROR);
	lc_explain_set_sink(NULL, NULL);
	close(sync_fd);
	start_program(&in, prog, sigmask);
}
