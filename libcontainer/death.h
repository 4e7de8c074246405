/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Why a container process ended, in words for the person who ran it:
 *   "exited with status 3"
 *   "killed by SIGKILL: out of memory in cgroup /runh/c1 (limit 4096 bytes)"
 *   "killed by SIGSYS: seccomp (syscall mkdir, number 83, from the kernel's audit log)"
 * Read before the cgroup is removed and before the process is reaped (its pid names it
 * in the kernel's audit record).  Parent side.
 */
#ifndef RUNH_DEATH_H
#define RUNH_DEATH_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "cgroup.h"

struct lc_death {
	pid_t pid;	  /* host pid (the audit record names it) */
	int how;	  /* CLD_EXITED, CLD_KILLED, CLD_DUMPED (waitid) */
	int status;	  /* exit status or signal */
	bool has_seccomp; /* the config has linux.seccomp: SIGSYS is likely its kill */
	const struct lc_cgroup_layout *layout; /* NULL: no cgroup to ask */
	const char *cgroup_path;
};

void lc_death_describe(const struct lc_death *d, char *buf, size_t n);
/* One /dev/kmsg record: the arch and syscall number of pid's seccomp kill; -ENOENT when
 * the record is about something else.  (Exposed for the unit tests.) */
int lc_death_parse_audit(const char *line, pid_t pid, unsigned int *ret_arch, int *ret_nr);

#endif
