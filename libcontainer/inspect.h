/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * runh inspect: what the kernel says a live container *has*, read from the host
 * (/proc/<init pid>/..., the container's cgroup files), next to what its config.json
 * *asked*, one row per property, each judged ok / MISMATCH / info.  Parent side: runs in
 * runh's own namespaces and only reads.  The library builds the rows; runtime/cmd_inspect.c
 * prints them (table or JSON).
 *
 * Files: inspect.c (the container: state, stored config, cgroup rows), inspect_proc.c
 * (namespaces, id maps, ids, capabilities, no_new_privs, seccomp, LSM label),
 * inspect_mounts.c (read-only root, tmpfs and bind mounts, read-only and masked paths),
 * inspect_report.c (the rows).  The readers take a directory fd standing for
 * /proc/<pid>, so that the unit tests run them on a fake tree.
 */
#ifndef RUNH_INSPECT_H
#define RUNH_INSPECT_H

#include <stddef.h>
#include <sys/types.h>

#include "../spec/spec.h"
#include "cgroup.h"
#include "error.h"

enum lc_inspect_verdict {
	LC_INSPECT_OK,	     /* the kernel has what the config asked */
	LC_INSPECT_MISMATCH, /* it does not */
	LC_INSPECT_INFO,     /* nothing asked to compare with (usage, inherited state) */
};

struct lc_inspect_row {
	const char *topic; /* static: "ns", "user", "caps", "process", "seccomp", "lsm",
			      "cgroup", "mounts", "masked" (the order rows come in) */
	char *item;
	char *asked;
	char *has;
	enum lc_inspect_verdict verdict;
};

struct lc_inspect {
	char *id;
	pid_t pid;
	char *status; /* "created", "running", "paused" */
	char *bundle;
	char *config; /* the config.json compared with: the copy create stored */
	char *cgroup_path;
	struct lc_inspect_row *rows;
	size_t n_rows;
};

/* The whole report of a container that is created, running or paused; a stopped one is
 * refused (ESRCH: nothing left to read). */
int lc_container_inspect(const char *root, const char *id, struct lc_inspect **ret,
			 struct lc_err *err);

/* The readers (unit-tested on fake trees).  pid_dfd: /proc/<pid>.  ref_ns_dfd: the
 * namespaces called "the host's" (/proc/1/ns, or runh's own when pid 1's are not
 * readable).  self_dfd: /proc/self, for what the container inherits from runh (seccomp
 * filters, no_new_privs); -1 when unknown. */
void lc_inspect_namespaces(int pid_dfd, int ref_ns_dfd, const struct spec_config *cfg,
			   struct lc_inspect *out);
void lc_inspect_process(int pid_dfd, int self_dfd, const struct spec_config *cfg,
			struct lc_inspect *out);
void lc_inspect_mounts(int pid_dfd, const struct spec_config *cfg, struct lc_inspect *out);
/* The cgroup rows: /proc/<pid>/cgroup against path, then limits and usage from the
 * hierarchies of l (a fake tree in the tests). */
void lc_inspect_cgroup(int pid_dfd, const struct lc_cgroup_layout *l, const char *path,
		       const struct spec_config *cfg, struct lc_inspect *out);

/* Append a row; item, asked and has are copied. */
void lc_inspect_add(struct lc_inspect *out, const char *topic, enum lc_inspect_verdict v,
		    const char *item, const char *asked, const char *has);
/* Rows with verdict v. */
size_t lc_inspect_count(const struct lc_inspect *in, enum lc_inspect_verdict v);
/* "ok", "MISMATCH", "info". */
const char *lc_inspect_verdict_name(enum lc_inspect_verdict v);
struct lc_inspect *lc_inspect_free(struct lc_inspect *in);
void lc_inspect_freep(struct lc_inspect **in);

#endif
