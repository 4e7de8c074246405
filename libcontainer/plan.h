/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * PARENT side: the config compiled into a launch plan before anything exists.
 *
 * The parent turns a const parsed config into everything the child executes: clone and
 * unshare flags, namespace fds opened and type-checked, capability sets, the compiled
 * seccomp program, the protocol's optional steps, mount operations with their kind and
 * absolute sources, the cgroup hierarchies a cgroup mount shows, sysctl files, device
 * nodes merged with the defaults, the environment.  Every refusal of a config happens
 * here, before any state dir, cgroup or namespace exists; the child only executes (as
 * bubblewrap's setup-op list and runc's spec → configs + validate).  Building a plan
 * needs no root (unit-tested); only lc_plan_free releases what it holds.
 */
#ifndef RUNH_PLAN_H
#define RUNH_PLAN_H

#include <stdbool.h>
#include <sys/types.h>

#include "../spec/spec.h"
#include "caps.h"
#include "cgroup.h"
#include "error.h"
#include "seccomp.h"

#ifndef LC_CGROUP_ROOT
#define LC_CGROUP_ROOT "/sys/fs/cgroup" /* where the host's hierarchies are mounted */
#endif

enum lc_plan_mode {
	LC_PLAN_INIT, /* create/run: a new container init */
	LC_PLAN_JOIN, /* exec: a process joining a running container */
};

#define LC_ANNOTATION_IDMAP_ROOTFS SPEC_ANNOTATION_IDMAP_ROOTFS /* see spec.h */

enum lc_mount_kind {
	LC_MOUNT_FS,	      /* a new filesystem (tmpfs, proc, mqueue, devpts, cgroup2 ...) */
	LC_MOUNT_BIND,	      /* bind / rbind of an absolute host path */
	LC_MOUNT_CGROUP_TREE, /* v1 or hybrid host: a tmpfs with one mount per hierarchy */
	LC_MOUNT_CGROUP_OWN,  /* v2 host without a cgroup ns: bind the container's directory */
	LC_MOUNT_SYSFS_BIND,  /* sysfs in a user ns without its own net ns: bind the host's */
};

struct lc_mount_op {
	enum lc_mount_kind kind;
	const struct spec_mount *m; /* flags and options as parsed */
	const char *fstype;	    /* LC_MOUNT_FS: "cgroup" becomes "cgroup2" on v2 hosts */
	unsigned long flags;	    /* MS_* for the new filesystem (m->flags, or less) */
	char *source;		    /* LC_MOUNT_BIND: absolute (relative ones are the bundle's) */
	/* LC_MOUNT_BIND with a user namespace: the source as a detached mount tree
	 * (open_tree clone, O_CLOEXEC) that lc_mounttree_open opened in runh's own user
	 * namespace, where a path behind a 0700 directory can still be reached; the child
	 * attaches it by fd.  -1: none (the child binds the source itself). */
	int tree_fd;
	bool tree_on_root;  /* the source is on runh's "/" mount */
	bool has_own_idmap; /* idmapped with the mount's own uidMappings/gidMappings */
};

struct lc_dev_op {
	const char *path;
	mode_t type; /* S_IFCHR, S_IFBLK, S_IFIFO */
	unsigned int major, minor;
	mode_t mode;
	bool has_uid, has_gid;
	uid_t uid;
	gid_t gid;
	int config_index; /* linux.devices[i]; -1 for a default device */
};

struct lc_plan_opts {
	const char *id;
	const char *bundle;		       /* relative paths are the bundle's */
	const struct lc_cgroup_layout *layout; /* the host's cgroup hierarchies */
	bool no_pivot;
	int preserve_fds;    /* --preserve-fds */
	int listen_fds;	     /* LISTEN_FDS of the caller: kept after stdio, told to the process */
	bool console_socket; /* --console-socket given */
	bool foreground;     /* run without --detach: a terminal can be proxied */
	/* JOIN only */
	const struct spec_process *process; /* what exec runs (defaults merged) */
	int join_ns_flags;		    /* the init's namespaces that differ from runh's */
	const char *cgroup_path;	    /* the container's cgroup (or a sub-cgroup) */
};

struct lc_plan {
	enum lc_plan_mode mode;
	const struct spec_config *cfg;
	const struct spec_process *process;
	unsigned int steps; /* enum lc_sync_step: the protocol's optional steps */
	/* namespaces */
	unsigned long long clone_flags;
	int unshare_flags; /* made by the child after GO (cgroup: once in its cgroup) */
	int join_ns_flags; /* JOIN: setns through the init's pidfd */
	int ns_fds[SPEC_NS__MAX];
	bool new_userns, new_netns, has_cgroupns;
	/* A user namespace joined by path: the init is made in two steps (sync.h, step 0):
	 * a first child joins it and unshares the new namespaces (so that they belong to it),
	 * then clones the init with CLONE_PARENT and exits. */
	bool join_userns;
	bool in_userns; /* new or joined: no mknod, host root is nobody */
	/* setgroups(2) is "deny" in the container's user namespace: runh wrote the gid map
	 * without privilege (INIT, rootless.h), or the init's says so (JOIN).  Only then is
	 * an EPERM from setgroups expected; anywhere else it is an error, or runh's own
	 * supplementary groups would stay with the process. */
	bool setgroups_denied;
	/* No mount namespace of the container's own: none in the config (it shares runh's)
	 * or one joined by path.  The mounts are made in that namespace under a private bind
	 * of the rootfs (rootfs_shared.h), the root is a chroot, and delete detaches the
	 * bind; exec chroots into the init's root (join_root_fd). */
	bool shared_mntns;
	int join_root_fd; /* JOIN with shared_mntns: the init's root directory (O_PATH) */
	/* process */
	struct lc_caps caps;
	bool has_seccomp;
	struct lc_seccomp seccomp;
	char **env; /* NULL-terminated; a key given twice: the last wins */
	const char *apparmor_profile, *selinux_label; /* on the program's execve; NULL: none */
	int preserve_fds;
	/* filesystem (INIT) */
	char *rootfs;	     /* absolute, symlinks resolved, never the host's "/" */
	int rootfs_tree_fd;  /* idmap_rootfs: the rootfs as a detached tree (see tree_fd), or -1 */
	bool rootfs_on_root; /* the rootfs directory is on runh's "/" mount */
	bool idmap_rootfs;   /* LC_ANNOTATION_IDMAP_ROOTFS: idmapped to the container's userns */
	bool has_idmap;	     /* the rootfs or a mount is idmapped (lc_mounttree_idmap) */
	/* The propagation the parent gives the detached trees (0: as cloned): what the
	 * container's copy of their mounts has (plan.c, tree_propagation). */
	unsigned long tree_propagation;
	bool no_pivot;
	/* --no-pivot: the full procfs and sysfs mounts outside the rootfs, deepest first; the
	 * child detaches (or covers) them before the chroot, or a nested user namespace in
	 * the container could mount a fresh, unmasked /proc (runc does the same). */
	char **detach_before_chroot;
	bool dev_readonly; /* a read-only /dev: mounted writable, made read-only once filled */
	struct lc_mount_op *mounts;
	size_t n_mounts;
	struct lc_dev_op *devices;
	size_t n_devices;
	char **sysctl_files; /* "sys/net/ipv4/ip_forward", parallel to linux.sysctl */
	/* cgroup */
	struct lc_cgroup_layout layout;
	char *cgroup_path; /* "/runh/<id>" (INIT), the target cgroup (JOIN); NULL: none */
};

/* Parent side.  *ret is filled (and must be freed with lc_plan_free, a cleanup function)
 * even on failure. */
int lc_plan_init(const struct spec_config *cfg, const struct lc_plan_opts *o, struct lc_plan *ret,
		 struct lc_err *err);
int lc_plan_join(const struct spec_config *cfg, const struct lc_plan_opts *o, struct lc_plan *ret,
		 struct lc_err *err);
/* An empty plan that lc_plan_free accepts (no fds open). */
void lc_plan_clear(struct lc_plan *p);
void lc_plan_free(struct lc_plan *p);

#endif
