/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The OCI state (runtime.md "State") plus what runc prints besides (created, owner, rootfs)
 * and runh's private fields kept in <root>/<id>/state.json.  Encoded and decoded with yajl.
 */
#ifndef RUNH_SPEC_STATE_JSON_H
#define RUNH_SPEC_STATE_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spec.h"

/* The lifecycle (runtime.md "State"); the names exist only in JSON (spec_status_name). */
enum spec_status {
	SPEC_STATUS_CREATING,
	SPEC_STATUS_CREATED,
	SPEC_STATUS_RUNNING,
	SPEC_STATUS_PAUSED,
	SPEC_STATUS_STOPPED,
};

const char *spec_status_name(enum spec_status s);
/* 0 and *ret set, or -EINVAL for a name that is none of the five. */
int spec_status_from_name(const char *name, enum spec_status *ret);

struct spec_state {
	char *oci_version;
	char *id;
	enum spec_status status;
	int pid;
	char *bundle;
	struct spec_kv *annotations;
	size_t n_annotations;
	char *created; /* RFC 3339, UTC, nanoseconds */
	char *owner;
	char *rootfs;
	/* runh's own, written only with internal = true */
	uint64_t init_start_time; /* field 22 of /proc/<pid>/stat: guards against pid reuse */
	bool use_pid_ns;	  /* the init is PID 1 of its own namespace */
	char *cgroup_path;	  /* "/runh/<id>" in every hierarchy; NULL before it exists */
	char *cgroup_top;	  /* the shallowest part of cgroup_path runh created */
	bool has_post_hooks;	  /* poststart/poststop hooks: start and delete read config.json */
	/* No mount namespace of its own (rootfs_shared.h): the mounts sit under a bind of the
	 * rootfs stacked on mount root_below, in runh's mount namespace or the joined one at
	 * mntns_path (inode mntns_ino). */
	bool shared_root;
	uint64_t root_below;
	char *mntns_path;
	uint64_t mntns_ino;
};

enum spec_state_fmt {
	SPEC_STATE_PUBLIC_PRETTY,  /* `runh state` */
	SPEC_STATE_PUBLIC_COMPACT, /* hooks' stdin */
	SPEC_STATE_INTERNAL,	   /* state.json */
};

int spec_state_to_json(const struct spec_state *st, enum spec_state_fmt fmt, char **ret,
		       size_t *ret_len);
/* The seccomp notify message (config-linux.md, "seccomp"): {"ociVersion", "fds":
 * ["seccompFd"], "pid", "metadata", "state"}. */
int spec_process_state_to_json(const struct spec_state *st, int pid, const char *metadata,
			       char **ret, size_t *ret_len);
int spec_state_parse(const char *text, size_t len, const char *fname, struct spec_state **ret,
		     struct lc_err *err);
struct spec_state *spec_state_free(struct spec_state *st);
void spec_state_freep(struct spec_state **st);

#endif
