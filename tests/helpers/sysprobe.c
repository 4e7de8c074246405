/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Test helper, linked statically so it runs in the busybox rootfs: calls each named
 * system call with harmless arguments and prints "NAME: ok" or "NAME: ERRNO-NAME".
 *   usage: sysprobe unshare mount keyctl bpf ptrace setns personality clone-newns nested-proc clone3
 * nested-proc: in a new user + mount + pid namespace, mount a fresh procfs on /tmp (what
 * the kernel allows only where a fully visible procfs exists in the mount namespace).
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static long probe(const char *name)
{
	if (!strcmp(name, "unshare"))
		return unshare(CLONE_NEWUSER);
	if (!strcmp(name, "mount"))
		return mount("none", "/tmp", "tmpfs", 0, NULL);
	if (!strcmp(name, "keyctl"))
		return syscall(SYS_keyctl, 0 /* KEYCTL_GET_KEYRING_ID */, -3, 0);
	if (!strcmp(name, "bpf"))
		return syscall(SYS_bpf, 0 /* BPF_MAP_CREATE */, NULL, 0);
	if (!strcmp(name, "ptrace"))
		return ptrace(PTRACE_TRACEME, 0, NULL, NULL);
	if (!strcmp(name, "setns"))
		return setns(0, 0);
	if (!strcmp(name, "personality"))
		return personality(READ_IMPLIES_EXEC) < 0 ? -1 : 0;
	if (!strcmp(name, "clone-newns")) {
		long pid = syscall(SYS_clone, CLONE_NEWNS | SIGCHLD, NULL, NULL, NULL, NULL);

		if (pid == 0)
			_exit(0);
		if (pid > 0)
			waitpid((pid_t)pid, NULL, 0);
		return pid < 0 ? -1 : 0;
	}
	if (!strcmp(name, "clone3")) /* a NULL argument of size 0: EINVAL from the kernel */
		return syscall(435 /* SYS_clone3 */, NULL, 0);
	if (!strcmp(name, "nested-proc")) {
		int status = 0;
		pid_t pid;

		if (unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID) < 0)
			return -1;
		pid = fork();
		if (pid == 0)
			_exit(mount("proc", "/tmp", "proc", 0, NULL) < 0 ? errno : 0);
		if (pid < 0 || waitpid(pid, &status, 0) < 0)
			return -1;
		errno = WEXITSTATUS(status);
		return errno ? -1 : 0;
	}
	errno = ENOSYS;
	return -1;
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		long r;

		errno = 0;
		r = probe(argv[i]);
		printf("%s: %s\n", argv[i], r < 0 ? strerrorname_np(errno) : "ok");
	}
	return 0;
}
