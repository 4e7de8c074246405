/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * config.json as plain C structs (runtime-spec v1.0 … v1.3, the Linux parts).
 * Produced by spec_parse_*() in spec/ (the only place that knows yajl); every string
 * the container's init needs as a number is converted here, before any clone.
 * Optional scalars carry a has_ flag.
 */
#ifndef RUNH_SPEC_H
#define RUNH_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "../libcontainer/error.h"

#define SPEC_CONFIG_MAX_BYTES (16u << 20) /* 16 MiB: far above real configs */
#define SPEC_MAX_DEPTH 64		  /* real configs nest at most ~8 deep */

/* config.json annotation (runh's): "true" makes the rootfs an idmapped mount mapped to the
 * container's user namespace, so that files owned by host root show as the container's
 * root and a rootfs needs no chown for a user namespace. */
#define SPEC_ANNOTATION_IDMAP_ROOTFS "io.github.runh.idmap-rootfs"

struct spec_kv {
	char *key;
	char *value;
};

struct spec_idmap {
	uint32_t container_id;
	uint32_t host_id;
	uint32_t size;
};

/* A mount after its options were converted (see convert.c). */
struct spec_mount {
	char *destination;
	char *source;
	char *type;
	char **options; /* as written, NULL-terminated */
	size_t n_options;
	/* converted */
	unsigned long flags;	   /* MS_* to set (MS_BIND, MS_RDONLY, MS_NOSUID, ...) */
	unsigned long clear;	   /* MS_* explicitly cleared (rw, suid, dev, exec, ...) */
	unsigned long propagation; /* MS_SHARED/SLAVE/PRIVATE/UNBINDABLE (| MS_REC) or 0 */
	uint64_t attr_set;	   /* MOUNT_ATTR_* for recursive options (rro, rnosuid, ...) */
	uint64_t attr_clr;
	bool is_bind;
	bool is_recursive_bind;
	bool has_tmpcopyup;
	/* idmapped bind mount: "idmap" (the top mount) or "ridmap" (every mount), or id
	 * mappings given; without mappings the container's user namespace maps it */
	bool is_idmap;
	bool is_recursive_idmap;
	char *data; /* filesystem-specific options joined with ',' (NULL when none) */
	struct spec_idmap *uid_mappings;
	size_t n_uid_mappings;
	struct spec_idmap *gid_mappings;
	size_t n_gid_mappings;
};

struct spec_rlimit {
	int resource; /* RLIMIT_* */
	char *type;
	uint64_t hard;
	uint64_t soft;
};

struct spec_capabilities {
	char **bounding, **effective, **inheritable, **permitted, **ambient;
	size_t n_bounding, n_effective, n_inheritable, n_permitted, n_ambient;
};

struct spec_user {
	uint32_t uid;
	uint32_t gid;
	bool has_umask;
	uint32_t umask;
	uint32_t *additional_gids;
	size_t n_additional_gids;
	char *username;
};

struct spec_scheduler {
	int policy; /* SCHED_* */
	int32_t nice;
	int32_t priority;
	uint64_t flags; /* SCHED_FLAG_* */
	uint64_t runtime, deadline, period;
};

struct spec_process {
	bool terminal;
	bool has_console_size;
	uint32_t console_height, console_width;
	struct spec_user user;
	char **args;
	size_t n_args;
	char **env;
	size_t n_env;
	char *cwd;
	struct spec_capabilities *capabilities; /* NULL = property absent */
	struct spec_rlimit *rlimits;
	size_t n_rlimits;
	bool no_new_privileges;
	char *apparmor_profile;
	char *selinux_label;
	bool has_oom_score_adj;
	int32_t oom_score_adj;
	struct spec_scheduler *scheduler;
	bool has_io_priority;
	int io_priority_class; /* IOPRIO_CLASS_* */
	int32_t io_priority;
	char *exec_cpu_affinity_initial;
	char *exec_cpu_affinity_final;
};

struct spec_hook {
	char *path;
	char **args;
	size_t n_args;
	char **env;
	size_t n_env;
	bool has_timeout;
	int32_t timeout;
};

enum spec_hook_kind {
	SPEC_HOOK_PRESTART,
	SPEC_HOOK_CREATE_RUNTIME,
	SPEC_HOOK_CREATE_CONTAINER,
	SPEC_HOOK_START_CONTAINER,
	SPEC_HOOK_POSTSTART,
	SPEC_HOOK_POSTSTOP,
	SPEC_HOOK__MAX,
};

struct spec_hooks {
	struct spec_hook *list[SPEC_HOOK__MAX];
	size_t n[SPEC_HOOK__MAX];
};

enum spec_ns_type {
	SPEC_NS_PID,
	SPEC_NS_NETWORK,
	SPEC_NS_MOUNT,
	SPEC_NS_IPC,
	SPEC_NS_UTS,
	SPEC_NS_USER,
	SPEC_NS_CGROUP,
	SPEC_NS_TIME,
	SPEC_NS__MAX,
};

struct spec_namespace {
	enum spec_ns_type type;
	int clone_flag; /* CLONE_NEW* */
	char *path;	/* NULL = create a new one */
};

struct spec_time_offset {
	bool set;
	int64_t secs;
	uint32_t nanosecs;
};

struct spec_device {
	char type; /* 'c', 'b', 'u', 'p' */
	char *path;
	int64_t major, minor;
	bool has_file_mode;
	uint32_t file_mode;
	bool has_uid, has_gid;
	uint32_t uid, gid;
};

struct spec_device_cgroup {
	bool allow;
	char type;	      /* 'a', 'c', 'b' (0 = absent: all) */
	int64_t major, minor; /* -1 = wildcard */
	char *access;
};

struct spec_opt_i64 {
	bool set;
	int64_t v;
};

struct spec_opt_u64 {
	bool set;
	uint64_t v;
};

struct spec_memory {
	struct spec_opt_i64 limit, reservation, swap, kernel, kernel_tcp;
	struct spec_opt_u64 swappiness;
	bool has_disable_oom_killer, disable_oom_killer;
	bool has_use_hierarchy, use_hierarchy;
	bool has_check_before_update, check_before_update;
};

struct spec_cpu {
	struct spec_opt_u64 shares, period, realtime_period, burst;
	struct spec_opt_i64 quota, realtime_runtime, idle;
	char *cpus;
	char *mems;
};

struct spec_weight_device {
	int64_t major, minor;
	bool has_weight, has_leaf_weight;
	uint16_t weight, leaf_weight;
};

struct spec_throttle_device {
	int64_t major, minor;
	uint64_t rate;
};

struct spec_blockio {
	bool has_weight, has_leaf_weight;
	uint16_t weight, leaf_weight;
	struct spec_weight_device *weight_device;
	size_t n_weight_device;
	struct spec_throttle_device *throttle[4]; /* read bps, write bps, read iops, write iops */
	size_t n_throttle[4];
};

struct spec_hugepage_limit {
	char *page_size;
	uint64_t limit;
};

struct spec_net_priority {
	char *name;
	uint32_t priority;
};

struct spec_rdma {
	char *device;
	bool has_hca_handles, has_hca_objects;
	uint32_t hca_handles, hca_objects;
};

struct spec_resources {
	struct spec_device_cgroup *devices;
	size_t n_devices;
	struct spec_memory *memory;
	struct spec_cpu *cpu;
	bool has_pids_limit;
	int64_t pids_limit;
	struct spec_blockio *blockio;
	struct spec_hugepage_limit *hugepage_limits;
	size_t n_hugepage_limits;
	bool has_net_class_id;
	uint32_t net_class_id;
	struct spec_net_priority *net_priorities;
	size_t n_net_priorities;
	struct spec_rdma *rdma;
	size_t n_rdma;
	struct spec_kv *unified;
	size_t n_unified;
};

enum spec_seccomp_action {
	SPEC_SCMP_ACT_KILL, /* = KILL_THREAD */
	SPEC_SCMP_ACT_KILL_PROCESS,
	SPEC_SCMP_ACT_KILL_THREAD,
	SPEC_SCMP_ACT_TRAP,
	SPEC_SCMP_ACT_ERRNO,
	SPEC_SCMP_ACT_TRACE,
	SPEC_SCMP_ACT_ALLOW,
	SPEC_SCMP_ACT_LOG,
	SPEC_SCMP_ACT_NOTIFY,
	SPEC_SCMP_ACT__MAX,
};

enum spec_seccomp_op {
	SPEC_SCMP_CMP_NE,
	SPEC_SCMP_CMP_LT,
	SPEC_SCMP_CMP_LE,
	SPEC_SCMP_CMP_EQ,
	SPEC_SCMP_CMP_GE,
	SPEC_SCMP_CMP_GT,
	SPEC_SCMP_CMP_MASKED_EQ,
	SPEC_SCMP_CMP__MAX,
};

struct spec_seccomp_arg {
	uint32_t index;
	uint64_t value;
	uint64_t value_two;
	int op; /* enum spec_seccomp_op */
};

struct spec_seccomp_syscall {
	char **names;
	size_t n_names;
	int action; /* enum spec_seccomp_action */
	bool has_errno_ret;
	uint32_t errno_ret;
	struct spec_seccomp_arg *args;
	size_t n_args;
};

struct spec_seccomp {
	int default_action; /* enum spec_seccomp_action */
	bool has_default_errno_ret;
	uint32_t default_errno_ret;
	char **architectures; /* "SCMP_ARCH_X86_64" ...: resolved by libcontainer/seccomp.c */
	size_t n_architectures;
	char **flags;
	size_t n_flags;
	char *listener_path;
	char *listener_metadata;
	struct spec_seccomp_syscall *syscalls;
	size_t n_syscalls;
};

struct spec_personality {
	unsigned long domain; /* PER_LINUX or PER_LINUX32 */
	char **flags;
	size_t n_flags;
};

struct spec_intel_rdt {
	char *clos_id;
	char *l3_cache_schema;
	char *mem_bw_schema;
	char **schemata;
	size_t n_schemata;
	bool enable_monitoring;
};

struct spec_memory_policy {
	int mode; /* MPOL_* */
	char *nodes;
	char **flags;
	size_t n_flags;
};

struct spec_net_device {
	char *host_name;
	char *name;
};

struct spec_linux {
	struct spec_namespace *namespaces;
	size_t n_namespaces;
	struct spec_idmap *uid_mappings;
	size_t n_uid_mappings;
	struct spec_idmap *gid_mappings;
	size_t n_gid_mappings;
	struct spec_time_offset monotonic, boottime;
	struct spec_device *devices;
	size_t n_devices;
	char *cgroups_path;
	struct spec_resources *resources;
	bool has_rootfs_propagation;
	unsigned long rootfs_propagation; /* MS_* | MS_REC */
	struct spec_seccomp *seccomp;
	struct spec_kv *sysctl;
	size_t n_sysctl;
	char **masked_paths;
	size_t n_masked_paths;
	char **readonly_paths;
	size_t n_readonly_paths;
	char *mount_label;
	struct spec_personality *personality;
	struct spec_intel_rdt *intel_rdt;
	struct spec_memory_policy *memory_policy;
	struct spec_net_device *net_devices;
	size_t n_net_devices;
};

/* What the parser noticed but did not refuse ("config.json: root.readOnly: unknown
 * property (did you mean 'readonly'?)..."): create and run print them, audit reports them. */
enum spec_warn_kind {
	SPEC_WARN_UNKNOWN_KEY,	/* ignored */
	SPEC_WARN_CASE_KEY,	/* read as the known property it matches but for case */
	SPEC_WARN_SHADOWED_KEY, /* matches a known one but for case, which is there too */
};

struct spec_warning {
	enum spec_warn_kind kind;
	char *text; /* the whole message */
	char *path; /* JSON path of the key as written */
	char *near; /* the known property it likely means, or NULL */
};

struct spec_warnings {
	struct spec_warning *v;
	size_t n;
};

struct spec_config {
	struct spec_warnings warnings;
	char *oci_version;
	char *root_path;
	bool root_readonly;
	struct spec_mount *mounts;
	size_t n_mounts;
	struct spec_process *process; /* NULL only where the spec allows (not for create) */
	char *hostname;
	char *domainname;
	struct spec_hooks hooks;
	struct spec_kv *annotations;
	size_t n_annotations;
	struct spec_linux *linux_;
};

/* Parse a whole config.json text; fname names the file in messages ("config.json"). */
int spec_parse_config(const char *text, size_t len, const char *fname, struct spec_config **ret_cfg,
		      struct lc_err *err);
/* Read and parse dfd/name (size capped at SPEC_CONFIG_MAX_BYTES). */
int spec_parse_config_file(int dfd, const char *name, struct spec_config **ret_cfg,
			   struct lc_err *err);
/* The same, accepting what runh refuses to run but `runh audit` reports (sysctls that
 * reach the host, hooks with relative paths). */
int spec_parse_config_file_lenient(int dfd, const char *name, struct spec_config **ret_cfg,
				   struct lc_err *err);
/* Which namespace a sysctl needs (ipc, network, uts); -1 when it reaches the host. */
int spec_sysctl_namespace(const char *key);
/* Parse a standalone `process` object (exec --process FILE). */
int spec_parse_process(const char *text, size_t len, const char *fname,
		       struct spec_process **ret_proc, struct lc_err *err);

/* A standalone `linux.resources` object (runh update --resources). */
int spec_parse_resources_json(const char *text, size_t len, const char *fname,
			      struct spec_resources **ret, struct lc_err *err);
struct spec_resources *spec_resources_free(struct spec_resources *r);

struct spec_config *spec_config_free(struct spec_config *cfg);
struct spec_process *spec_process_free(struct spec_process *p);
void spec_config_freep(struct spec_config **cfg);
void spec_process_freep(struct spec_process **p);

/* Find the namespace of a type; NULL when the config does not list it. */
const struct spec_namespace *spec_find_namespace(const struct spec_config *cfg,
						 enum spec_ns_type type);

/* Name tables shared with libcontainer (seccomp actions/ops, namespaces); convert.c. */
extern const char *const spec_seccomp_action_names[SPEC_SCMP_ACT__MAX];
extern const char *const spec_seccomp_op_names[SPEC_SCMP_CMP__MAX];
extern const char *const spec_ns_type_names[SPEC_NS__MAX];
extern const char *const spec_hook_names[SPEC_HOOK__MAX];

/* The default config.json of `runh spec` (rootless: user namespace mapped to uid/gid). */
char *spec_default_config(bool rootless, uid_t uid, gid_t gid);
/* `runh spec --hardened`: non-root, read-only, no caps, the default seccomp profile,
 * limits, every namespace (hardened.c; CIS mapping in man runh-spec(8)). */
char *spec_hardened_config(bool rootless, uid_t uid, gid_t gid);

#endif
