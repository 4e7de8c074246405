/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Why a container process ended, in words (see death.h).  Parent side, read from the
 * host before the cgroup goes away: the wait status, the cgroup's OOM kill count and
 * memory limit, and for SIGSYS the kernel's audit record of the seccomp kill.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "cleanup.h"
#include "container.h"
#include "container_internal.h"
#include "death.h"
#include "log.h"
#include "seccomp.h"
#include "state.h"
#include "util.h"

/* The kernel logs a seccomp kill (audit type 1326, AUDIT_SECCOMP) with the host pid, the
 * signal and the syscall number, to /dev/kmsg when no audit daemon takes the records. */
static bool audit_line_matches(const char *line, pid_t pid)
{
	char want[32];

	snprintf(want, sizeof(want), " pid=%d ", (int)pid);
	return strstr(line, "type=1326") && strstr(line, want) && strstr(line, " sig=31 ");
}

int lc_death_parse_audit(const char *line, pid_t pid, unsigned int *ret_arch, int *ret_nr)
{
	const char *a, *s;

	if (!audit_line_matches(line, pid))
		return -ENOENT;
	a = strstr(line, " arch=");
	s = strstr(line, " syscall=");
	if (!a || !s || sscanf(a, " arch=%x", ret_arch) != 1 ||
	    sscanf(s, " syscall=%d", ret_nr) != 1)
		return -EINVAL;
	return 0;
}

/* The last matching record in the kernel log; the record may lag the death a little
 * (kauditd prints it), so a few short tries.  -ENOENT when none, -errno when unreadable. */
static int seccomp_audit_record(pid_t pid, unsigned int *ret_arch, int *ret_nr)
{
	int found = -ENOENT;

	for (int tries = 0; tries < 10 && found == -ENOENT; tries++) {
		_cleanup_close_ int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		char rec[8192];
		ssize_t n;

		if (fd < 0)
			return -errno;
		for (;;) {
			n = read(fd, rec, sizeof(rec) - 1);
			if (n < 0 && errno == EPIPE)
				continue; /* overwritten while reading: go on */
			if (n <= 0)
				break;
			rec[n] = '\0';
			if (lc_death_parse_audit(rec, pid, ret_arch, ret_nr) == 0)
				found = 0;
		}
		if (found == -ENOENT)
			nanosleep(&(struct timespec){.tv_nsec = 20 * 1000 * 1000}, NULL);
	}
	return found;
}

static void seccomp_reason(pid_t pid, bool has_seccomp, char *buf, size_t n)
{
	unsigned int arch;
	int nr, r = seccomp_audit_record(pid, &arch, &nr);

	if (r == 0) {
		_cleanup_free_ char *name = lc_seccomp_syscall_name(arch, nr);

		snprintf(buf, n, ": seccomp (syscall %s, number %d, from the kernel's audit log)",
			 name ? name : "?", nr);
	} else if (has_seccomp)
		snprintf(buf, n,
			 ": seccomp (which syscall is not known: %s; SCMP_ACT_ERRNO instead of a "
			 "kill action would tell the process)",
			 r == -ENOENT ? "no audit record of it in the kernel log"
				      : "the kernel log is not readable");
	else
		buf[0] = '\0';
}

static void oom_reason(const struct lc_cgroup_layout *layout, const char *cgroup_path, bool killed,
		       char *buf, size_t n)
{
	struct spec_stats st;
	char limit[64] = "";

	buf[0] = '\0';
	if (!layout || !cgroup_path)
		return;
	lc_cgroup_stats(layout, cgroup_path, &st);
	if (st.mem_limit && st.mem_limit < (UINT64_MAX >> 2))
		snprintf(limit, sizeof(limit), " (limit %llu bytes)",
			 (unsigned long long)st.mem_limit);
	if (st.oom_kills && killed)
		snprintf(buf, n, ": out of memory in cgroup %s%s", cgroup_path, limit);
	else if (st.oom_kills)
		snprintf(buf, n, "; the OOM killer killed %llu process%s in cgroup %s%s",
			 (unsigned long long)st.oom_kills, st.oom_kills > 1 ? "es" : "",
			 cgroup_path, limit);
	spec_stats_free(&st);
}

void lc_death_describe(const struct lc_death *d, char *buf, size_t n)
{
	char why[512] = "";
	int sig = d->status;

	if (d->how == CLD_EXITED) {
		/* A clean exit needs no explaining: the cgroup is not read for it. */
		if (d->status != 0)
			oom_reason(d->layout, d->cgroup_path, false, why, sizeof(why));
		snprintf(buf, n, "exited with status %d%s", d->status, why);
		return;
	}
	if (sig == SIGKILL)
		oom_reason(d->layout, d->cgroup_path, true, why, sizeof(why));
	else if (sig == SIGSYS)
		seccomp_reason(d->pid, d->has_seccomp, why, sizeof(why));
	snprintf(buf, n, "killed by SIG%s%s", sigabbrev_np(sig) ? sigabbrev_np(sig) : "?", why);
}

/* The state dir's record of how the init ended: "STATUS\nWHY\n" (foreground run). */
#define EXIT_FILE "exit"

static void exit_describe(const struct lc_death *d, struct lc_exit *ret)
{
	ret->status = d->how == CLD_EXITED ? d->status : 128 + d->status;
	lc_death_describe(d, ret->why, sizeof(ret->why));
}

void lc_exit_note(const char *root, const char *id, const struct lc_death *d, struct lc_exit *ret)
{
	struct lc_err e2 = {0};
	_cleanup_free_ char *text = NULL;
	_cleanup_close_ int rfd = -1, dfd = -1;

	exit_describe(d, ret);
	rfd = lc_state_open_root(root, false, &e2);
	if (rfd >= 0)
		dfd = lc_state_open_dir(rfd, id, &e2);
	text = xasprintf("%d\n%s\n", ret->status, ret->why);
	if (dfd < 0 || lc_write_file_at(dfd, EXIT_FILE, text, strlen(text), 0600, &e2) < 0)
		lc_debug("record the exit status: %s", e2.msg);
}

/* While the init is a zombie, /proc/PID/stat's 52nd field is its wait status; the pidfd
 * (still signalable: not reaped) proves the pid was not reused meanwhile. */
static int zombie_status(const struct lc_loaded *l, int pidfd, siginfo_t *ret)
{
	_cleanup_free_ char *rel = xasprintf("%d/stat", (int)l->st->pid), *text = NULL;
	struct lc_err e2 = {0};
	const char *p;
	int field = 2, ws = -1;

	if (lc_read_file_at(l->proc, rel, 4096, &text, NULL, &e2) < 0 || !(p = strrchr(text, ')')))
		return -ESRCH;
	for (; *p && field < 52; p++)
		if (*p == ' ')
			field++;
	if (field != 52 || sscanf(p, "%d", &ws) != 1 || ws < 0)
		return -ESRCH;
	if (syscall(SYS_pidfd_send_signal, pidfd, 0, NULL, 0) < 0)
		return -ESRCH; /* reaped meanwhile: the value may be another process's */
	memset(ret, 0, sizeof(*ret));
	ret->si_code = WIFEXITED(ws) ? CLD_EXITED : CLD_KILLED;
	ret->si_status = WIFEXITED(ws) ? WEXITSTATUS(ws) : WTERMSIG(ws);
	return 0;
}

int lc_container_exit(const char *root, const char *id, int pidfd, struct lc_exit *ret,
		      struct lc_err *err)
{
	struct lc_cgroup_layout layout;
	struct lc_loaded l;
	siginfo_t si;
	int r;

	*ret = (struct lc_exit){.status = -1};
	r = lc_load(root, id, 0, &l, err);
	if (r == 0 && zombie_status(&l, pidfd, &si) == 0) {
		/* has_seccomp is not known here: SIGSYS is explained by an audit record only */
		struct lc_death d = {.pid = l.st->pid, .how = si.si_code, .status = si.si_status};

		if (l.st->cgroup_path && lc_cgroup_layout_host(&layout, err) == 0) {
			d.layout = &layout;
			d.cgroup_path = l.st->cgroup_path;
		}
		exit_describe(&d, ret); /* not recorded: events only reads the state dir */
	} else if (r == 0) {
		_cleanup_free_ char *text = NULL;
		char *nl;

		if (lc_read_file_at(l.dfd, EXIT_FILE, 4096, &text, NULL, err) < 0)
			r = lc_err_setx(err, ENOENT, "how the container exited is not known");
		else if (sscanf(text, "%d", &ret->status) == 1 && (nl = strchr(text, '\n'))) {
			snprintf(ret->why, sizeof(ret->why), "%s", nl + 1);
			ret->why[strcspn(ret->why, "\n")] = '\0';
		}
	}
	lc_loaded_free(&l);
	return r;
}
