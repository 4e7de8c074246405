/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Seccomp (libseccomp): linux.seccomp compiled to a BPF program in the parent, before the
 * clone; the child only loads it with seccomp(2).  The tables of what this build supports
 * (actions, operators, architectures, flags) are here, for `runh features` later.
 */
#ifndef RUNH_SECCOMP_H
#define RUNH_SECCOMP_H

#include <linux/filter.h>
#include <stdbool.h>
#include <stddef.h>

#include <sys/types.h>

#include "../spec/spec.h"
#include "../spec/state_json.h"
#include "error.h"

struct lc_seccomp {
	struct sock_fprog prog; /* prog.filter is heap memory */
	unsigned int flags;	/* SECCOMP_FILTER_FLAG_* for seccomp(2) */
	bool has_notify;	/* some rule uses SCMP_ACT_NOTIFY: a listener fd is made */
};

/* Parent side.  Unknown syscall names are skipped with a warning (saying when that makes
 * the profile block less than it says). */
int lc_seccomp_compile(const struct spec_seccomp *s, struct lc_seccomp *ret, struct lc_err *err);
void lc_seccomp_free(struct lc_seccomp *s);

/* The syscall names of s that libseccomp does not know (no rule is made for them), heap;
 * returns their count. */
size_t lc_seccomp_unknown_names(const struct spec_seccomp *s, char ***ret);

/* The name of syscall nr on arch (an AUDIT_ARCH_* value, as the audit log gives it);
 * heap, NULL when unknown. */
char *lc_seccomp_syscall_name(unsigned int arch, int nr);

/* "2.5.4": the libseccomp this binary runs with. */
void lc_seccomp_version(char *buf, size_t n);

/* Parent side: hand a notify listener (fd, owned) to linux.seccomp.listenerPath with the
 * process state JSON of pid and listenerMetadata, as the runtime-spec describes. */
int lc_seccomp_send_listener(const struct spec_seccomp *s, const struct spec_state *st, pid_t pid,
			     int fd, struct lc_err *err);

/* Child side: load the program; *ret_listener: the notify listener fd, -1 when none. */
int lc_seccomp_load(const struct lc_seccomp *s, int *ret_listener, struct lc_err *err);

#endif
