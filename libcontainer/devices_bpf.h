/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Device rules on cgroup v2: runh builds a BPF_PROG_TYPE_CGROUP_DEVICE program from the
 * rules itself (no compiler, no library) and attaches it to the container's cgroup.
 * Semantics as v1's devices.allow/deny: rules in order, the last match wins, no match
 * denies.  Parent side.
 */
#ifndef RUNH_DEVICES_BPF_H
#define RUNH_DEVICES_BPF_H

#include <linux/bpf.h>
#include <stddef.h>
#include <stdint.h>

#include "../spec/spec.h"
#include "error.h"

struct lc_dev_rule {
	bool allow;
	char type;	    /* 'a', 'c', 'b' */
	int64_t major;	    /* -1 = any */
	int64_t minor;	    /* -1 = any */
	const char *access; /* subset of "rwm" */
};

/* The standard devices every container may use (null, zero, full, random, urandom,
 * tty, console, ptmx, pts, tun, and mknod of anything). */
extern const struct lc_dev_rule lc_dev_standard[];
extern const size_t lc_dev_n_standard;

/* Build the program for deny-all + rules + the standard devices; *ret is heap memory. */
int lc_devices_bpf_build(const struct spec_device_cgroup *rules, size_t n_rules,
			 struct bpf_insn **ret, size_t *ret_n);
/* Load the program and attach it to the cgroup directory fd. */
int lc_devices_bpf_attach(int cgroup_fd, const struct spec_device_cgroup *rules, size_t n_rules,
			  struct lc_err *err);

#endif
