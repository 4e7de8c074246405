/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The pod sandbox's process for runh's CRI tests (tests/integration/t-cri.sh), linked
 * statically so that it is the whole image: it holds the pod's namespaces open and waits.
 * As pid 1 of a shared pid namespace it reaps the orphans the pod's containers leave; it
 * exits 0 on SIGTERM or SIGINT (what StopPodSandbox sends first).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	sigset_t set;
	int sig;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0) {
		perror("pause: sigprocmask");
		return 1;
	}
	for (;;) {
		if (sigwait(&set, &sig) != 0)
			return 1;
		if (sig != SIGCHLD)
			return 0;
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
	}
}
