/* SPDX-License-Identifier: GPL-2.0-or-later */
/* OCI hooks (see hooks.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../spec/state_json.h"
#include "cleanup.h"
#include "hooks.h"
#include "log.h"
#include "util.h"

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

extern char **environ;

int lc_hooks_state_fd(const char *text, struct lc_err *err)
{
	int fd = memfd_create("runh-state", MFD_CLOEXEC);

	if (fd < 0)
		return lc_err_set(err, errno, "memfd_create");
	if (lc_write_all(fd, text, strlen(text)) < 0) {
		close(fd);
		return lc_err_set(err, errno, "write the hook state");
	}
	return fd;
}

/* Seconds a hook without `timeout` may run: RUNH_HOOK_TIMEOUT or the built-in bound. */
static int64_t default_timeout_s(void)
{
	const char *s = getenv("RUNH_HOOK_TIMEOUT");
	uint64_t v;

	if (s && lc_parse_u64(s, &v) == 0 && v > 0 && v <= INT32_MAX)
		return (int64_t)v;
	return LC_HOOK_DEFAULT_TIMEOUT_S;
}

/* The bundle of the state JSON in state_fd (runh wrote it), or NULL. */
static char *state_bundle(int state_fd)
{
	_cleanup_(spec_state_freep) struct spec_state *st = NULL;
	_cleanup_free_ char *buf = NULL;
	struct lc_err e = {0};
	struct stat sb;
	ssize_t n;

	if (fstat(state_fd, &sb) < 0 || sb.st_size <= 0 || sb.st_size > (1 << 20))
		return NULL;
	buf = xmalloc((size_t)sb.st_size + 1);
	n = pread(state_fd, buf, (size_t)sb.st_size, 0);
	if (n != sb.st_size)
		return NULL;
	buf[n] = '\0';
	if (spec_state_parse(buf, (size_t)n, "hook state", &st, &e) < 0 || !st->bundle)
		return NULL;
	return xstrdup(st->bundle);
}

/* The hook's process (after fork): dies with its parent, leads its own process group,
 * reads the state on stdin; of runh's fds it keeps only stdout and stderr. */
static void __attribute__((noreturn))
exec_hook(const struct spec_hook *h, int state_fd, const char *cwd, char *const *envp, pid_t parent)
{
	char *const default_args[] = {h->path, NULL};
	sigset_t none;

	/* The parent may have died between fork and prctl: then nobody would kill us. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
		_exit(126);
	(void)setpgid(0, 0);
	if (lseek(state_fd, 0, SEEK_SET) < 0 || dup2(state_fd, 0) < 0)
		_exit(126);
	(void)syscall(SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (cwd && chdir(cwd) < 0 && chdir("/") < 0)
		_exit(126);
	execve(h->path, h->args ? h->args : default_args, envp);
	_exit(127);
}

/* Wait for pid until deadline_ms (monotonic); 0 when it exited (si filled), -ETIMEDOUT. */
static int wait_until(pid_t pid, int pidfd, int64_t deadline_ms, siginfo_t *si)
{
	for (;;) {
		int64_t left = deadline_ms - lc_now_ms();
		int r;

		memset(si, 0, sizeof(*si));
		r = waitid(P_PID, (id_t)pid, si, WEXITED | WNOHANG);
		if (r == 0 && si->si_pid == pid)
			return 0;
		if (r < 0 && errno != EINTR)
			return -errno;
		if (left <= 0)
			return -ETIMEDOUT;
		if (pidfd >= 0) {
			struct pollfd p = {.fd = pidfd, .events = POLLIN};

			(void)poll(&p, 1, left > INT_MAX ? INT_MAX : (int)left);
		} else {
			struct timespec ts = {.tv_nsec = 10 * 1000 * 1000};

			(void)nanosleep(&ts, NULL); /* no pidfd (kernel < 5.3): poll the exit */
		}
	}
}

static int run_one(const struct spec_hook *h, const char *kind, size_t idx, int state_fd,
		   const char *cwd, char *const *envp, struct lc_err *err)
{
	int64_t timeout_s = h->has_timeout ? h->timeout : default_timeout_s();
	int64_t deadline = lc_now_ms() + timeout_s * 1000;
	_cleanup_close_ int pidfd = -1;
	pid_t parent = getpid(), pid;
	siginfo_t si;
	int r;

	pid = fork();
	if (pid < 0)
		return lc_err_set(err, errno, "hooks.%s[%zu]: fork", kind, idx);
	if (pid == 0)
		exec_hook(h, state_fd, cwd, envp, parent);
	(void)setpgid(pid, pid); /* both sides: the group exists before we may kill it */
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	r = wait_until(pid, pidfd, deadline, &si);
	if (r < 0) {
		/* Timed out (or cannot wait): the hook and everything in its group. */
		(void)kill(-pid, SIGKILL);
		(void)kill(pid, SIGKILL);
		while (waitid(P_PID, (id_t)pid, &si, WEXITED) < 0 && errno == EINTR)
			;
		if (r != -ETIMEDOUT)
			return lc_err_set(err, -r, "hooks.%s[%zu]: wait", kind, idx);
		return lc_err_setx(err, ETIMEDOUT, "hooks.%s[%zu]: '%s' timed out after %lld s%s",
				   kind, idx, h->path, (long long)timeout_s,
				   h->has_timeout ? ""
						  : " (runh's default for a hook without timeout)");
	}
	if (si.si_code == CLD_EXITED && si.si_status == 127)
		return lc_err_setx(err, ENOENT, "hooks.%s[%zu]: cannot execute '%s'", kind, idx,
				   h->path);
	if (si.si_code != CLD_EXITED || si.si_status != 0)
		return lc_err_setx(err, EIO, "hooks.%s[%zu]: '%s' %s %d", kind, idx, h->path,
				   si.si_code == CLD_EXITED ? "exited with status"
							    : "killed by signal",
				   si.si_status);
	return 0;
}

/*
 * A failing poststart or poststop hook is a warning and the hooks after it still run:
 * runtime.md (1.0.2 to 1.2) says so for both, and for poststop in every version.
 * runtime-spec 1.3.0 (commit c6b3b08) changed poststart to "generate an error, stop the
 * container", which is what runc has always done; runh keeps the warning for now.
 */
static bool failure_is_warning(enum spec_hook_kind kind)
{
	return kind == SPEC_HOOK_POSTSTART || kind == SPEC_HOOK_POSTSTOP;
}

int lc_hooks_run_env(const struct spec_hooks *hooks, enum spec_hook_kind kind, int state_fd,
		     char *const *default_env, struct lc_err *err)
{
	static char *const empty_env[] = {NULL};
	_cleanup_free_ char *bundle = NULL;
	const char *cwd = NULL;

	if (!hooks->n[kind])
		return 0;
	if (!default_env)
		default_env = kind == SPEC_HOOK_START_CONTAINER ? empty_env : environ;
	/* startContainer runs in the container (after pivot_root): the bundle is not there. */
	if (kind != SPEC_HOOK_START_CONTAINER) {
		bundle = state_bundle(state_fd);
		cwd = bundle ? bundle : "/";
	}
	for (size_t i = 0; i < hooks->n[kind]; i++) {
		const struct spec_hook *h = &hooks->list[kind][i];
		struct lc_err e = {0};
		int r;

		lc_debug("running hooks.%s[%zu] '%s'", spec_hook_names[kind], i, h->path);
		lc_explain(LC_X_HOOK, "%s[%zu]: %s (%zu args), state JSON on stdin, timeout %llds",
			   spec_hook_names[kind], i, h->path, h->n_args,
			   (long long)(h->has_timeout ? h->timeout : default_timeout_s()));
		r = run_one(h, spec_hook_names[kind], i, state_fd, cwd,
			    h->env ? h->env : default_env, &e);
		if (r < 0 && failure_is_warning(kind)) {
			lc_warn("%s", e.msg);
			continue;
		}
		if (r < 0) {
			*err = e;
			return r;
		}
	}
	return 0;
}

int lc_hooks_run(const struct spec_hooks *hooks, enum spec_hook_kind kind, int state_fd,
		 struct lc_err *err)
{
	return lc_hooks_run_env(hooks, kind, state_fd, NULL, err);
}
