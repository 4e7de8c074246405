/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * config → launch plan (plan.c), without root: what the child will execute and every
 * refusal, decided before anything exists.  Bundles are temporary directories; the cgroup
 * layouts are parsed from mountinfo texts of pure v1, pure v2 and hybrid hosts.
 */
#include <check.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../libcontainer/plan.h"
#include "../../libcontainer/sync.h"
#include "../../libcontainer/util.h"
#include "suites.h"

static const char mi_v1[] =
	"31 23 0:28 / /sys/fs/cgroup rw - tmpfs tmpfs rw,mode=755\n"
	"32 31 0:29 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
	"33 31 0:30 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n";
static const char mi_hybrid[] = "31 23 0:28 / /sys/fs/cgroup rw - tmpfs tmpfs rw,mode=755\n"
				"32 31 0:29 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
				"41 31 0:38 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n";
static const char mi_v2[] = "31 23 0:28 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n";

static char bundle[64];

static void make_bundle(void)
{
	char path[128];

	snprintf(bundle, sizeof(bundle), "/tmp/runh-plan-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(bundle));
	snprintf(path, sizeof(path), "%s/rootfs", bundle);
	ck_assert_int_eq(mkdir(path, 0755), 0);
}

static void remove_bundle(void)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/rootfs", bundle);
	rmdir(path);
	rmdir(bundle);
}

/* A minimal valid config; each extra is JSON members (",\"k\":v...") added to process, to
 * linux (after its namespaces) and to the top level. */
static struct spec_config *config3(const char *process, const char *ns, const char *linux_,
				   const char *top)
{
	char *text = xasprintf("{\"ociVersion\":\"1.2.0\",\"root\":{\"path\":\"rootfs\"},"
			       "\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"user\":{\"uid\":0,"
			       "\"gid\":0}%s},\"linux\":{\"namespaces\":[{\"type\":\"mount\"},"
			       "{\"type\":\"pid\"},{\"type\":\"cgroup\"}%s]%s}%s}",
			       process, ns, linux_, top);
	struct spec_config *cfg = NULL;
	struct lc_err err = {0};

	ck_assert_msg(spec_parse_config(text, strlen(text), "config.json", &cfg, &err) == 0,
		      "%s: %s", text, err.msg);
	free(text);
	return cfg;
}

static const char userns[] = ",{\"type\":\"user\"}";
static const char userns_maps[] =
	",\"uidMappings\":[{\"containerID\":0,\"hostID\":1000,\"size\":1}],"
	"\"gidMappings\":[{\"containerID\":0,\"hostID\":1000,\"size\":1}]";

static int plan(const struct spec_config *cfg, const char *mountinfo, struct lc_plan *p,
		struct lc_err *err)
{
	struct lc_cgroup_layout layout;
	struct lc_plan_opts o = {.id = "c1", .bundle = bundle, .layout = &layout, .listen_fds = 0};

	lc_cgroup_layout_parse(mountinfo, "/sys/fs/cgroup", &layout);
	return lc_plan_init(cfg, &o, p, err);
}

START_TEST(test_plan_namespaces_and_steps)
{
	struct spec_config *cfg = config3("", "", "", "");
	struct lc_plan p;
	struct lc_err err = {0};

	make_bundle();
	ck_assert_int_eq(plan(cfg, mi_v1, &p, &err), 0);
	ck_assert_uint_eq(p.clone_flags, CLONE_NEWNS | CLONE_NEWPID);
	ck_assert_int_eq(p.unshare_flags, CLONE_NEWCGROUP);
	ck_assert(!p.new_userns && !p.new_netns && p.has_cgroupns);
	ck_assert_uint_eq(p.steps, 0);
	ck_assert_str_eq(p.cgroup_path, "/runh/c1");
	ck_assert_ptr_nonnull(strstr(p.rootfs, "/rootfs"));
	ck_assert_int_eq(p.rootfs[0], '/');
	lc_plan_free(&p);
	spec_config_free(cfg);
	remove_bundle();
}
END_TEST

START_TEST(test_plan_steps_from_config)
{
	struct spec_config *cfg = config3(",\"terminal\":true", "", "",
					  ",\"hooks\":{\"prestart\":[{\"path\":\"/bin/true\"}],"
					  "\"startContainer\":[{\"path\":\"/bin/true\"}]}");
	struct lc_plan_opts o = {.id = "c1", .bundle = NULL, .console_socket = true};
	struct lc_plan p;
	struct lc_err err = {0};

	make_bundle();
	o.bundle = bundle;
	ck_assert_int_eq(lc_plan_init(cfg, &o, &p, &err), 0);
	ck_assert_uint_eq(p.steps, LC_STEP_HOOKS | LC_STEP_HOOK_STATES | LC_STEP_CONSOLE);
	lc_plan_free(&p);
	/* A terminal needs somewhere to go. */
	o.console_socket = false;
	ck_assert_int_lt(lc_plan_init(cfg, &o, &p, &err), 0);
	ck_assert_ptr_nonnull(strstr(err.msg, "needs --console-socket"));
	lc_plan_free(&p);
	o.foreground = true;
	ck_assert_int_eq(lc_plan_init(cfg, &o, &p, &err), 0);
	lc_plan_free(&p);
	spec_config_free(cfg);
	remove_bundle();
}
END_TEST

START_TEST(test_plan_mount_kinds)
{
	const char *mounts =
		",\"mounts\":[{\"destination\":\"/sys/fs/cgroup\",\"type\":\"cgroup\","
		"\"source\":\"cgroup\"},{\"destination\":\"/data\",\"type\":\"bind\",\"source\":"
		"\"data\",\"options\":[\"rbind\"]},{\"destination\":\"/sys\",\"type\":\"sysfs\","
		"\"source\":\"sysfs\"},{\"destination\":\"/tmp\",\"type\":\"tmpfs\",\"source\":"
		"\"tmpfs\"},{\"destination\":\"/x\",\"source\":\"/abs\",\"options\":[\"bind\"]}]";
	struct spec_config *cfg = config3("", userns, userns_maps, mounts);
	struct lc_plan p;
	struct lc_err err = {0};
	char *want;

	make_bundle();
	/* v1 host: the cgroup mount is a tree of hierarchies; in a user ns without its own
	 * net ns sysfs is bound; relative bind sources are the bundle's. */
	ck_assert_int_eq(plan(cfg, mi_v1, &p, &err), 0);
	ck_assert_uint_eq(p.n_mounts, 5);
	/* a bind without a type (runc accepts it) */
	ck_assert_int_eq(p.mounts[4].kind, LC_MOUNT_BIND);
	ck_assert_str_eq(p.mounts[4].source, "/abs");
	ck_assert_int_eq(p.mounts[0].kind, LC_MOUNT_CGROUP_TREE);
	ck_assert_uint_eq(p.layout.n_hier, 2);
	ck_assert_str_eq(p.layout.hier[1].controllers, "cpu,cpuacct");
	ck_assert_int_eq(p.mounts[1].kind, LC_MOUNT_BIND);
	want = xasprintf("%s/data", bundle);
	ck_assert_str_eq(p.mounts[1].source, want);
	free(want);
	ck_assert_int_eq(p.mounts[2].kind, LC_MOUNT_SYSFS_BIND);
	ck_assert_int_eq(p.mounts[3].kind, LC_MOUNT_FS);
	ck_assert_str_eq(p.mounts[3].fstype, "tmpfs");
	ck_assert(p.new_userns);
	lc_plan_free(&p);
	/* hybrid: still the tree (the cgroup2 mount is one of its hierarchies). */
	ck_assert_int_eq(plan(cfg, mi_hybrid, &p, &err), 0);
	ck_assert_int_eq(p.mounts[0].kind, LC_MOUNT_CGROUP_TREE);
	ck_assert(p.layout.hier[1].is_v2);
	lc_plan_free(&p);
	/* v2 with a cgroup namespace: a cgroup2 mount of its own. */
	ck_assert_int_eq(plan(cfg, mi_v2, &p, &err), 0);
	ck_assert_int_eq(p.mounts[0].kind, LC_MOUNT_FS);
	ck_assert_str_eq(p.mounts[0].fstype, "cgroup2");
	lc_plan_free(&p);
	spec_config_free(cfg);
	remove_bundle();
}
END_TEST

START_TEST(test_plan_v2_without_cgroupns)
{
	const char *text =
		"{\"ociVersion\":\"1.0.2\",\"root\":{\"path\":\"rootfs\"},\"process\":"
		"{\"args\":[\"sh\"],\"cwd\":\"/\",\"user\":{\"uid\":0,\"gid\":0}},"
		"\"mounts\":[{\"destination\":\"/sys/fs/cgroup\",\"type\":\"cgroup\","
		"\"source\":\"cgroup\"}],\"linux\":{\"namespaces\":[{\"type\":\"mount\"}]}}";
	struct spec_config *cfg = NULL;
	struct lc_plan p;
	struct lc_err err = {0};

	make_bundle();
	ck_assert_int_eq(spec_parse_config(text, strlen(text), "config.json", &cfg, &err), 0);
	ck_assert_int_eq(plan(cfg, mi_v2, &p, &err), 0);
	ck_assert_int_eq(p.mounts[0].kind, LC_MOUNT_CGROUP_OWN);
	ck_assert_uint_eq(p.clone_flags, CLONE_NEWNS);
	ck_assert_int_eq(p.unshare_flags, 0);
	lc_plan_free(&p);
	spec_config_free(cfg);
	remove_bundle();
}
END_TEST

START_TEST(test_plan_devices_sysctl_env)
{
	const char *linux_ =
		",\"devices\":[{\"path\":\"/dev/null\",\"type\":\"c\","
		"\"major\":1,\"minor\":3,\"fileMode\":438},{\"path\":\"/dev/fuse\",\"type\":\"c\","
		"\"major\":10,\"minor\":229,\"uid\":7}],\"sysctl\":{\"net.ipv4.ip_forward\":\"1\"}";
	struct spec_config *cfg = config3(",\"env\":[\"A=1\",\"PATH=/x\",\"A=2\",\"LISTEN_FDS=9\"]",
					  ",{\"type\":\"network\"}", linux_, "");
	struct lc_plan_opts o = {.id = "c1", .listen_fds = 2, .preserve_fds = 1};
	struct lc_plan p;
	struct lc_err err = {0};
	size_t n_env = 0;

	make_bundle();
	o.bundle = bundle;
	ck_assert_int_eq(lc_plan_init(cfg, &o, &p, &err), 0);
	/* 6 defaults, /dev/null given by the config instead: 5 + 2. */
	ck_assert_uint_eq(p.n_devices, 7);
	ck_assert_str_eq(p.devices[5].path, "/dev/null");
	ck_assert_int_eq(p.devices[5].config_index, 0);
	ck_assert_str_eq(p.devices[6].path, "/dev/fuse");
	ck_assert(p.devices[6].has_uid && p.devices[6].uid == 7 && !p.devices[6].has_gid);
	for (size_t i = 0; i < 5; i++) {
		ck_assert_int_eq(p.devices[i].config_index, -1);
		ck_assert_str_ne(p.devices[i].path, "/dev/null");
	}
	ck_assert_str_eq(p.sysctl_files[0], "sys/net/ipv4/ip_forward");
	/* A key given twice: the last value wins; LISTEN_FDS is runh's to set. */
	while (p.env[n_env])
		n_env++;
	ck_assert_uint_eq(n_env, 4);
	ck_assert_str_eq(p.env[0], "PATH=/x");
	ck_assert_str_eq(p.env[1], "A=2");
	ck_assert_str_eq(p.env[2], "LISTEN_FDS=2");
	ck_assert_str_eq(p.env[3], "LISTEN_PID=1");
	ck_assert_int_eq(p.preserve_fds, 3);
	lc_plan_free(&p);
	spec_config_free(cfg);
	remove_bundle();
}
END_TEST

/* Every refusal happens here, before a state dir, cgroup or namespace exists. */
static const struct {
	const char *process, *linux_;
	const char *msg;
} refusals[] = {
	{"", ",\"intelRdt\":{}", "linux.intelRdt"},
	{"",
	 ",\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{"
	 "\"names\":[\"mkdir\"],\"action\":\"SCMP_ACT_NOTIFY\"}]}",
	 "SCMP_ACT_NOTIFY needs listenerPath"},
	{"", ",\"netDevices\":{\"eth9\":{}}", "linux.netDevices"},
	{",\"selinuxLabel\":\"system_u:system_r:svirt_lxc_net_t:s0\"", "", "selinuxLabel"},
	{",\"apparmorProfile\":\"docker-default\"", "", "process.apparmorProfile"},
};

START_TEST(test_plan_refusals)
{
	struct spec_config *cfg = config3(refusals[_i].process, "", refusals[_i].linux_, "");
	struct lc_plan p;
	struct lc_err err = {0};

	make_bundle();
	ck_assert_int_lt(plan(cfg, mi_v1, &p, &err), 0);
	ck_assert_msg(strstr(err.msg, refusals[_i].msg), "%s", err.msg);
	lc_plan_free(&p);
	spec_config_free(cfg);
	remove_bundle();
}
END_TEST

/* A config with root.path root and the namespaces ns parses, and its plan is refused with
 * a message containing want. */
static void expect_refusal(const char *root, const char *ns, const char *want)
{
	char *text = xasprintf("{\"ociVersion\":\"1.0.0\",\"root\":{\"path\":\"%s\"},"
			       "\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"user\":{\"uid\":0,"
			       "\"gid\":0}},\"linux\":{\"namespaces\":[%s]}}",
			       root, ns);
	struct spec_config *cfg = NULL;
	struct lc_plan p;
	struct lc_err err = {0};

	ck_assert_int_eq(spec_parse_config(text, strlen(text), "config.json", &cfg, &err), 0);
	ck_assert_int_lt(plan(cfg, mi_v1, &p, &err), 0);
	ck_assert_msg(strstr(err.msg, want), "%s / %s: %s", root, ns, err.msg);
	lc_plan_free(&p);
	spec_config_free(cfg);
	free(text);
}

START_TEST(test_plan_namespace_refusals)
{
	const char *cases[][2] = {
		/* a namespace path of the wrong type */
		{"{\"type\":\"mount\"},{\"type\":\"pid\",\"path\":\"/proc/self/ns/net\"}",
		 "is not a pid namespace"},
		/* a user namespace cannot mount in a mount namespace it does not own */
		{"{\"type\":\"user\"}],\"uidMappings\":[{\"containerID\":0,\"hostID\":1000,"
		 "\"size\":1}],\"gidMappings\":[{\"containerID\":0,\"hostID\":1000,\"size\":1}",
		 "a user namespace needs a new mount namespace (without one, runh mounts in the "
		 "host's"},
		{"{\"type\":\"mount\",\"path\":\"/proc/self/ns/mnt\"},{\"type\":\"user\",\"path\":"
		 "\"/proc/self/ns/user\"}",
		 "runh mounts in the joined mount namespace"},
		/* a new user namespace with a joined one: the joined one is not its own */
		{"{\"type\":\"mount\"},{\"type\":\"user\"},{\"type\":\"ipc\",\"path\":"
		 "\"/proc/self/ns/ipc\"}],\"uidMappings\":[{\"containerID\":0,\"hostID\":1000,"
		 "\"size\":1}],\"gidMappings\":[{\"containerID\":0,\"hostID\":1000,\"size\":1}",
		 "a new user namespace with a joined ipc namespace"},
		{"{\"type\":\"mount\"},{\"type\":\"network\",\"path\":\"/nonexistent/ns\"}",
		 "open '/nonexistent/ns'"},
	};

	make_bundle();
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		expect_refusal("rootfs", cases[i][0], cases[i][1]);
	remove_bundle();
}
END_TEST

/* A joined user namespace: no new one in the clone flags, the new namespaces are made by
 * the first child inside it (join_userns), and no maps are written. */
START_TEST(test_plan_join_userns)
{
	const char *text = "{\"ociVersion\":\"1.0.0\",\"root\":{\"path\":\"rootfs\"},\"process\":"
			   "{\"args\":[\"sh\"],\"cwd\":\"/\",\"user\":{\"uid\":0,\"gid\":0}},"
			   "\"linux\":{\"namespaces\":[{\"type\":\"mount\"},{\"type\":\"pid\"},"
			   "{\"type\":\"user\",\"path\":\"/proc/self/ns/user\"},{\"type\":"
			   "\"network\",\"path\":\"/proc/self/ns/net\"}]}}";
	struct spec_config *cfg = NULL;
	struct lc_plan p;
	struct lc_err err = {0};

	make_bundle();
	ck_assert_int_eq(spec_parse_config(text, strlen(text), "config.json", &cfg, &err), 0);
	ck_assert_msg(plan(cfg, mi_v1, &p, &err) == 0, "%s", err.msg);
	ck_assert(p.join_userns && p.in_userns && !p.new_userns);
	ck_assert_uint_eq(p.clone_flags, CLONE_NEWNS | CLONE_NEWPID);
	ck_assert_int_ge(p.ns_fds[SPEC_NS_USER], 0);
	ck_assert_int_ge(p.ns_fds[SPEC_NS_NETWORK], 0);
	lc_plan_free(&p);
	spec_config_free(cfg);
	remove_bundle();
}
END_TEST

/* No mount namespace of its own: none (runh's) or joined by path; no pivot either way. */
START_TEST(test_plan_shared_mntns)
{
	const char *cases[][2] = {
		{"{\"type\":\"pid\"}", "none"},
		{"{\"type\":\"pid\"},{\"type\":\"mount\",\"path\":\"/proc/self/ns/mnt\"}",
		 "joined"},
		{"{\"type\":\"pid\"},{\"type\":\"mount\"}", "own"},
	};

	make_bundle();
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *text = xasprintf(
			"{\"ociVersion\":\"1.0.0\",\"root\":{\"path\":\"rootfs\"},\"process\":"
			"{\"args\":[\"sh\"],\"cwd\":\"/\",\"user\":{\"uid\":0,\"gid\":0}},"
			"\"linux\":{\"namespaces\":[%s]}}",
			cases[i][0]);
		bool own = strcmp(cases[i][1], "own") == 0;
		struct spec_config *cfg = NULL;
		struct lc_plan p;
		struct lc_err err = {0};

		ck_assert_int_eq(spec_parse_config(text, strlen(text), "config.json", &cfg, &err),
				 0);
		ck_assert_msg(plan(cfg, mi_v1, &p, &err) == 0, "%s", err.msg);
		ck_assert_msg(p.shared_mntns == !own, "%s", cases[i][1]);
		ck_assert_uint_eq(p.clone_flags, CLONE_NEWPID | (own ? CLONE_NEWNS : 0));
		if (strcmp(cases[i][1], "joined") == 0)
			ck_assert_int_ge(p.ns_fds[SPEC_NS_MOUNT], 0);
		else
			ck_assert_int_lt(p.ns_fds[SPEC_NS_MOUNT], 0);
		lc_plan_free(&p);
		spec_config_free(cfg);
		free(text);
	}
	remove_bundle();
}
END_TEST

/* Idmapped mounts and the idmapped rootfs: which user namespace maps them, and refusals
 * without one (naming the field). */
START_TEST(test_plan_idmap)
{
	static const char maps[] = "[{\"containerID\":0,\"hostID\":1000,\"size\":1}]";
	static const char other[] = "[{\"containerID\":0,\"hostID\":2000,\"size\":1}]";
	char *mounts = xasprintf(
		",\"mounts\":[{\"destination\":\"/a\",\"source\":\"/x\",\"options\":[\"bind\","
		"\"idmap\"]},{\"destination\":\"/b\",\"source\":\"/y\",\"options\":[\"bind\"],"
		"\"uidMappings\":%s,\"gidMappings\":%s},{\"destination\":\"/c\",\"source\":"
		"\"/z\",\"options\":[\"bind\"],\"uidMappings\":%s,\"gidMappings\":%s}],"
		"\"annotations\":{\"" LC_ANNOTATION_IDMAP_ROOTFS "\":\"true\"}",
		maps, maps, other, maps);
	struct spec_config *cfg = config3("", userns, userns_maps, mounts);
	struct spec_config *no_userns = config3("", "", "", mounts);
	struct spec_config *bad_value = config3("", userns, userns_maps,
						",\"annotations\":{\"" LC_ANNOTATION_IDMAP_ROOTFS
						"\":\"yes\"}");
	struct lc_plan p;
	struct lc_err err = {0};

	make_bundle();
	ck_assert_msg(plan(cfg, mi_v1, &p, &err) == 0, "%s", err.msg);
	ck_assert(p.has_idmap && p.idmap_rootfs);
	ck_assert(!p.mounts[0].has_own_idmap); /* idmap alone: the container's */
	ck_assert(!p.mounts[1].has_own_idmap); /* the container's mappings again */
	ck_assert(p.mounts[2].has_own_idmap);  /* its own */
	ck_assert_int_eq(p.rootfs_tree_fd, -1);
	ck_assert_int_eq(p.mounts[0].tree_fd, -1); /* opened by lc_mounttree_open, not here */
	ck_assert_uint_eq(p.tree_propagation, MS_SLAVE);
	lc_plan_free(&p);
	ck_assert_int_lt(plan(no_userns, mi_v1, &p, &err), 0);
	ck_assert_str_eq(err.msg, "config.json: mounts[0].options: an idmapped mount needs a user "
				  "namespace (linux.namespaces has no \"user\")");
	lc_plan_free(&p);
	ck_assert_int_lt(plan(bad_value, mi_v1, &p, &err), 0);
	ck_assert_str_eq(err.msg, "config.json: annotations." LC_ANNOTATION_IDMAP_ROOTFS
				  ": 'yes' is not \"true\" or \"false\"");
	lc_plan_free(&p);
	spec_config_free(cfg);
	spec_config_free(no_userns);
	spec_config_free(bad_value);
	free(mounts);
	remove_bundle();
}
END_TEST

START_TEST(test_plan_idmap_rootfs_needs_userns)
{
	struct spec_config *cfg = config3(
		"", "", "", ",\"annotations\":{\"" LC_ANNOTATION_IDMAP_ROOTFS "\":\"true\"}");
	struct lc_plan p;
	struct lc_err err = {0};

	make_bundle();
	ck_assert_int_lt(plan(cfg, mi_v1, &p, &err), 0);
	ck_assert_str_eq(err.msg, "config.json: annotations." LC_ANNOTATION_IDMAP_ROOTFS
				  ": an idmapped rootfs needs a user namespace (linux.namespaces "
				  "has no \"user\")");
	lc_plan_free(&p);
	spec_config_free(cfg);
	remove_bundle();
}
END_TEST

START_TEST(test_plan_rootfs_refusals)
{
	const char *roots[][2] = {
		{"/", "the host's root directory cannot be"},
		{"/proc/..", "the host's root directory cannot be"},
		{"no-such-dir", "root.path 'no-such-dir'"},
	};

	make_bundle();
	for (size_t i = 0; i < ARRAY_SIZE(roots); i++)
		expect_refusal(roots[i][0], "{\"type\":\"mount\"}", roots[i][1]);
	remove_bundle();
}
END_TEST

Suite *plan_suite(void)
{
	Suite *s = suite_create("plan");
	TCase *tc = tcase_create("plan");

	tcase_add_test(tc, test_plan_namespaces_and_steps);
	tcase_add_test(tc, test_plan_steps_from_config);
	tcase_add_test(tc, test_plan_mount_kinds);
	tcase_add_test(tc, test_plan_v2_without_cgroupns);
	tcase_add_test(tc, test_plan_devices_sysctl_env);
	tcase_add_loop_test(tc, test_plan_refusals, 0, (int)ARRAY_SIZE(refusals));
	tcase_add_test(tc, test_plan_namespace_refusals);
	tcase_add_test(tc, test_plan_rootfs_refusals);
	tcase_add_test(tc, test_plan_join_userns);
	tcase_add_test(tc, test_plan_shared_mntns);
	tcase_add_test(tc, test_plan_idmap);
	tcase_add_test(tc, test_plan_idmap_rootfs_needs_userns);
	suite_add_tcase(s, tc);
	return s;
}
