/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Rootless: the --rootless words, /etc/subuid parsing, which id maps an unprivileged
 * caller may write, and which cgroup hierarchies it keeps.  The last two run as uid 65534,
 * gid 65533 in the test's own fork (dropping root when the tests run as root) on a fake
 * /etc and a fake cgroup tree. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../libcontainer/cgroup.h"
#include "../../libcontainer/cleanup.h"
#include "../../libcontainer/rootless.h"
#include "../../libcontainer/state.h"
#include "../../libcontainer/util.h"
#include "suites.h"

#define NOBODY 65534
#define NOBODY_GID 65533 /* not the uid: /etc/subgid is keyed by the user, not a gid */

START_TEST(test_parse_words)
{
	static const char *const yes[] = {"1", "t", "T", "TRUE", "true", "True"};
	static const char *const no[] = {"0", "f", "F", "FALSE", "false", "False"};
	enum lc_rootless m;
	struct lc_err err = {0};

	ck_assert_int_eq(lc_rootless_parse("auto", &m, &err), 0);
	ck_assert_int_eq(m, LC_ROOTLESS_AUTO);
	ck_assert_int_eq(lc_rootless_parse("", &m, &err), 0);
	ck_assert_int_eq(m, LC_ROOTLESS_AUTO);
	for (size_t i = 0; i < 6; i++) {
		ck_assert_int_eq(lc_rootless_parse(yes[i], &m, &err), 0);
		ck_assert_int_eq(m, LC_ROOTLESS_TRUE);
		ck_assert_int_eq(lc_rootless_parse(no[i], &m, &err), 0);
		ck_assert_int_eq(m, LC_ROOTLESS_FALSE);
	}
	ck_assert_int_eq(lc_rootless_parse("yes", &m, &err), -EINVAL);
	ck_assert_str_eq(err.msg, "--rootless 'yes': expected true, false or auto");
	ck_assert(lc_rootless_resolve(LC_ROOTLESS_TRUE));
	ck_assert(!lc_rootless_resolve(LC_ROOTLESS_FALSE));
	ck_assert(lc_rootless_resolve(LC_ROOTLESS_AUTO) ==
		  (geteuid() != 0 || lc_rootless_in_userns()));
}
END_TEST

START_TEST(test_in_userns)
{
	_cleanup_free_ char *map = NULL;
	int fd = open("/proc/self/uid_map", O_RDONLY | O_CLOEXEC);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(lc_read_all(fd, 4096, &map, NULL), 0);
	close(fd);
	ck_assert(lc_rootless_in_userns() == (strstr(map, "4294967295") == NULL));
	/* This fork in a user namespace of its own (no map yet): in one. */
	if (unshare(CLONE_NEWUSER) == 0)
		ck_assert(lc_rootless_in_userns());
}
END_TEST

START_TEST(test_subid_parse)
{
	static const char text[] = "# comment: alice:1:2\n"
				   "alice:100000:65536\n"
				   "bob:200000:65536\n"
				   "alicex:1:1\n"
				   "1001:300000:1000\n"
				   "alice:bad:line\n"
				   "alice:500000:0\n"
				   "alice:400000:10";
	struct lc_subid_range *r = NULL;
	size_t n = 0;

	ck_assert_int_eq(lc_subid_parse(text, "alice", 1001, &r, &n), 0);
	ck_assert_uint_eq(n, 3); /* by name, by uid, the last line without a newline */
	ck_assert_uint_eq(r[0].start, 100000);
	ck_assert_uint_eq(r[0].count, 65536);
	ck_assert_uint_eq(r[1].start, 300000);
	ck_assert_uint_eq(r[1].count, 1000);
	ck_assert_uint_eq(r[2].start, 400000);
	free(r);
	ck_assert_int_eq(lc_subid_parse(text, NULL, 7, &r, &n), 0);
	ck_assert_uint_eq(n, 0);
	free(r);
}
END_TEST

START_TEST(test_idmap_ranges)
{
	const struct lc_subid_range r[] = {{100000, 65536}, {200000, 10}};
	const struct spec_idmap self[] = {{0, 1000, 1}};
	const struct spec_idmap mixed[] = {{0, 1000, 1}, {1, 100000, 65536}, {70000, 200000, 10}};
	const struct spec_idmap past_end[] = {{0, 100000, 65537}};
	const struct spec_idmap across[] = {{0, 165530, 34480}}; /* spans the gap */
	const struct spec_idmap other_self[] = {{0, 1001, 1}};
	const struct spec_idmap self_two[] = {{0, 1000, 2}};

	ck_assert(lc_idmap_is_self(self, 1, 1000));
	ck_assert(!lc_idmap_is_self(self, 1, 1001));
	ck_assert(!lc_idmap_is_self(mixed, 3, 1000));
	ck_assert(!lc_idmap_is_self(self_two, 1, 1000));
	ck_assert_int_eq(lc_idmap_first_refused(self, 1, 1000, NULL, 0), -1);
	ck_assert_int_eq(lc_idmap_first_refused(mixed, 3, 1000, r, 2), -1);
	ck_assert_int_eq(lc_idmap_first_refused(mixed, 3, 1000, r, 1), 2);
	ck_assert_int_eq(lc_idmap_first_refused(past_end, 1, 1000, r, 2), 0);
	ck_assert_int_eq(lc_idmap_first_refused(across, 1, 1000, r, 2), 0);
	ck_assert_int_eq(lc_idmap_first_refused(other_self, 1, 1000, r, 2), 0);
	ck_assert_int_eq(lc_idmap_first_refused(self_two, 1, 1000, r, 2), 0);
}
END_TEST

static char base[64]; /* made and removed by the parent around the forked tests */
static char tmp[128]; /* each test's own directory below it */

static void make_base(void)
{
	snprintf(base, sizeof(base), "/tmp/runh-unit-rootless.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(base));
	ck_assert_int_eq(chmod(base, 0755), 0);
}

static void remove_base(void)
{
	_cleanup_free_ char *cmd = xasprintf("rm -rf '%s'", base);

	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", base);
}

static void make_tmp(void)
{
	snprintf(tmp, sizeof(tmp), "%s/t.XXXXXX", base);
	ck_assert_ptr_nonnull(mkdtemp(tmp));
	ck_assert_int_eq(chmod(tmp, 0755), 0);
}

/* A scratch dir any uid can reach; then, when root, become nobody (this fork only). */
static void become_nobody(void)
{
	if (geteuid() != 0)
		return;
	ck_assert_int_eq(setresgid(NOBODY_GID, NOBODY_GID, NOBODY_GID), 0);
	ck_assert_int_eq(setgroups(0, NULL), 0);
	ck_assert_int_eq(setresuid(NOBODY, NOBODY, NOBODY), 0);
}

static void put(const char *rel, const char *text)
{
	_cleanup_free_ char *p = xasprintf("%s/%s", tmp, rel);
	FILE *f = fopen(p, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static struct spec_config *config(const char *linux_json, bool groups)
{
	_cleanup_free_ char *text = xasprintf(
		"{\"ociVersion\": \"1.0.0\", \"root\": {\"path\": \"rootfs\"},"
		"\"process\": {\"args\": [\"sh\"], \"cwd\": \"/\", \"user\": {\"uid\": 0, \"gid\": 0"
		"%s}}, \"linux\": %s}",
		groups ? ", \"additionalGids\": [5]" : "", linux_json);
	struct spec_config *cfg = NULL;
	struct lc_err err = {0};

	ck_assert_msg(spec_parse_config(text, strlen(text), "config.json", &cfg, &err) == 0, "%s",
		      err.msg);
	return cfg;
}

START_TEST(test_default_root)
{
	struct lc_err err = {0};
	char *root = NULL;

	if (geteuid() != 0)
		return; /* needs to become a known unprivileged uid: 65534 */
	setenv("XDG_RUNTIME_DIR", "/run/user/0", 1);
	unsetenv("USER");
	ck_assert_int_eq(lc_state_default_root(&root, &err), 0);
	/* root keeps /run/runh (outside a user namespace, as runc) */
	ck_assert_str_eq(root, lc_rootless_in_userns() ? "/run/user/0/runh" : "/run/runh");
	free(root);
	become_nobody();
	setenv("XDG_RUNTIME_DIR", "/tmp/xdg", 1);
	ck_assert_int_eq(lc_state_default_root(&root, &err), 0);
	ck_assert_str_eq(root, "/tmp/xdg/runh");
	free(root);
	setenv("XDG_RUNTIME_DIR", "tmp/xdg", 1);
	ck_assert_int_eq(lc_state_default_root(&root, &err), -EINVAL);
	ck_assert_str_eq(err.msg, "XDG_RUNTIME_DIR 'tmp/xdg' is not an absolute path: the state "
				  "root without root is $XDG_RUNTIME_DIR/runh (fix it or pass "
				  "--root DIR)");
	unsetenv("XDG_RUNTIME_DIR");
	if (access("/run/user/65534", F_OK) == 0)
		return; /* a login of nobody: its directory is the fallback */
	ck_assert_int_eq(lc_state_default_root(&root, &err), -ENOENT);
	ck_assert_str_eq(err.msg,
			 "no state root: without root (uid 65534) runh keeps its state "
			 "in $XDG_RUNTIME_DIR/runh, but XDG_RUNTIME_DIR is not set and "
			 "/run/user/65534 is not a directory of this user; set "
			 "XDG_RUNTIME_DIR to a directory only this user can write, or pass "
			 "--root DIR");
}
END_TEST

START_TEST(test_check_idmaps)
{
	struct lc_err err = {0};
	struct spec_config *cfg;
	_cleanup_free_ char *etc = NULL, *bin = NULL, *path = NULL;

	if (geteuid() != 0)
		return; /* needs to become a known unprivileged uid: 65534 */
	make_tmp();
	etc = xasprintf("%s/etc", tmp);
	bin = xasprintf("%s/bin", tmp);
	ck_assert_int_eq(mkdir(etc, 0755), 0);
	ck_assert_int_eq(mkdir(bin, 0755), 0);
	put("etc/subuid", "65534:300000:65536\n");
	put("etc/subgid", "65534:300000:100\n");
	put("bin/newuidmap", "");
	put("bin/newgidmap", "");
	path = xasprintf("%s/newuidmap", bin);
	ck_assert_int_eq(chmod(path, 0755), 0);
	free(path);
	path = xasprintf("%s/newgidmap", bin);
	ck_assert_int_eq(chmod(path, 0755), 0);
	setenv("PATH", bin, 1);
	become_nobody();

	cfg = config("{\"namespaces\": [{\"type\": \"mount\"}]}", false);
	ck_assert_int_eq(lc_rootless_check_idmaps(cfg, etc, &err), -EPERM);
	ck_assert_str_eq(err.msg,
			 "config.json: linux.namespaces: running without root (uid "
			 "65534) needs a user namespace (runh spec --rootless writes one)");
	spec_config_free(cfg);

	cfg = config("{\"namespaces\": [{\"type\": \"mount\"}, {\"type\": \"user\"}],"
		     "\"uidMappings\": [{\"containerID\": 0, \"hostID\": 65534, \"size\": 1}],"
		     "\"gidMappings\": [{\"containerID\": 0, \"hostID\": 65533, \"size\": 1}]}",
		     false);
	ck_assert_msg(lc_rootless_check_idmaps(cfg, etc, &err) == 0, "%s", err.msg);
	spec_config_free(cfg);

	/* the process's user must be an id of the namespace */
	cfg = config("{\"namespaces\": [{\"type\": \"mount\"}, {\"type\": \"user\"}],"
		     "\"uidMappings\": [{\"containerID\": 0, \"hostID\": 65534, \"size\": 1}],"
		     "\"gidMappings\": [{\"containerID\": 0, \"hostID\": 65533, \"size\": 1}]}",
		     false);
	cfg->process->user.uid = 1000;
	ck_assert_int_eq(lc_rootless_check_idmaps(cfg, etc, &err), -EINVAL);
	ck_assert_str_eq(err.msg,
			 "config.json: process.user.uid 1000 is not mapped by "
			 "linux.uidMappings: a user namespace has only the ids its maps "
			 "give; map a range (newuidmap and /etc/subuid) or use an id it maps");
	cfg->process->user.uid = 0;
	cfg->process->user.gid = 1;
	ck_assert_int_eq(lc_rootless_check_idmaps(cfg, etc, &err), -EINVAL);
	ck_assert(strstr(err.msg, "process.user.gid 1 is not mapped by linux.gidMappings"));
	spec_config_free(cfg);

	/* own id alone + a delegated range: newuidmap's job, allowed */
	cfg = config("{\"namespaces\": [{\"type\": \"mount\"}, {\"type\": \"user\"}],"
		     "\"uidMappings\": [{\"containerID\": 0, \"hostID\": 65534, \"size\": 1},"
		     "{\"containerID\": 1, \"hostID\": 300000, \"size\": 65536}],"
		     "\"gidMappings\": [{\"containerID\": 0, \"hostID\": 300000, \"size\": 100}]}",
		     false);
	ck_assert_msg(lc_rootless_check_idmaps(cfg, etc, &err) == 0, "%s", err.msg);
	spec_config_free(cfg);

	cfg = config("{\"namespaces\": [{\"type\": \"mount\"}, {\"type\": \"user\"}],"
		     "\"uidMappings\": [{\"containerID\": 0, \"hostID\": 65534, \"size\": 1}],"
		     "\"gidMappings\": [{\"containerID\": 0, \"hostID\": 300000, \"size\": 101}]}",
		     false);
	ck_assert_int_eq(lc_rootless_check_idmaps(cfg, etc, &err), -EPERM);
	ck_assert_msg(strstr(err.msg, "config.json: linux.gidMappings[0]: host ids 300000-300100 "
				      "are not delegated to ") &&
			      strstr(err.msg, "(gid 65533) in ") &&
			      strstr(err.msg, "/etc/subgid (it has 300000-300099)"),
		      "%s", err.msg);
	spec_config_free(cfg);

	/* setgroups is denied with a direct gid map: no additionalGids */
	cfg = config("{\"namespaces\": [{\"type\": \"mount\"}, {\"type\": \"user\"}], "
		     "\"uidMappings\": [{\"containerID\": 0, \"hostID\": 65534, \"size\": 1}],"
		     "\"gidMappings\": [{\"containerID\": 0, \"hostID\": 65533, \"size\": 1}]}",
		     true);
	ck_assert_int_eq(lc_rootless_check_idmaps(cfg, etc, &err), -EPERM);
	ck_assert_msg(strstr(err.msg, "process.user.additionalGids: a gid map of the caller's "
				      "own gid alone is written with setgroups denied"),
		      "%s", err.msg);
	spec_config_free(cfg);

	setenv("PATH", "/nonexistent", 1);
	cfg = config("{\"namespaces\": [{\"type\": \"mount\"}, {\"type\": \"user\"}],"
		     "\"uidMappings\": [{\"containerID\": 0, \"hostID\": 300000, \"size\": 2}],"
		     "\"gidMappings\": [{\"containerID\": 0, \"hostID\": 65533, \"size\": 1}]}",
		     false);
	ck_assert_int_eq(lc_rootless_check_idmaps(cfg, etc, &err), -ENOENT);
	ck_assert_str_eq(err.msg, "config.json: linux.uidMappings: more than the caller's own id "
				  "needs newuidmap, which is not installed (Debian: apt-get "
				  "install uidmap)");
	spec_config_free(cfg);
}
END_TEST

/* A fake host: memory (not writable), pids (delegated), devices (writable, never used). */
static void fake_layout(struct lc_cgroup_layout *l)
{
	static const char *const names[] = {"memory", "pids", "devices"};

	make_tmp();
	memset(l, 0, sizeof(*l));
	l->mode = LC_CGROUP_V1;
	for (size_t i = 0; i < 3; i++) {
		struct lc_cgroup_hier *h = &l->hier[l->n_hier++];

		snprintf(h->mountpoint, sizeof(h->mountpoint), "%s/%s", tmp, names[i]);
		snprintf(h->controllers, sizeof(h->controllers), "%s", names[i]);
		ck_assert_int_eq(mkdir(h->mountpoint, 0755), 0);
		if (i > 0 && geteuid() == 0)
			ck_assert_int_eq(chown(h->mountpoint, NOBODY, NOBODY), 0);
		if (i == 0 && geteuid() != 0)
			ck_assert_int_eq(chmod(h->mountpoint, 0555), 0);
	}
	become_nobody();
}

START_TEST(test_cgroup_keep)
{
	struct lc_cgroup_layout l;
	struct spec_resources res = {.has_pids_limit = true, .pids_limit = 10};
	struct lc_err err = {0};
	char *path = xstrdup("/runh/c1");

	fake_layout(&l);
	ck_assert_msg(lc_cgroup_rootless(&l, &path, &res, &err) == 0, "%s", err.msg);
	ck_assert(l.no_device_rules);
	ck_assert_uint_eq(l.n_hier, 1); /* pids only: memory not writable, devices never */
	ck_assert_str_eq(l.hier[0].controllers, "pids");
	ck_assert_str_eq(path, "/runh/c1");
	free(path);
}
END_TEST

START_TEST(test_cgroup_none)
{
	struct lc_cgroup_layout l;
	struct spec_memory mem = {.limit = {true, 0}}; /* 0: no limit */
	struct spec_resources res = {.memory = &mem, .has_pids_limit = true, .pids_limit = 0};
	struct lc_err err = {0};
	char *path = xstrdup("/runh/c1");

	fake_layout(&l);
	l.n_hier = 1; /* the memory hierarchy alone */
	ck_assert_msg(lc_cgroup_rootless(&l, &path, &res, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(l.n_hier, 0);
	ck_assert_ptr_null(path);
}
END_TEST

START_TEST(test_cgroup_refused)
{
	struct lc_cgroup_layout l;
	struct spec_memory mem = {.limit = {true, 1 << 20}};
	struct spec_resources res = {.memory = &mem};
	struct lc_err err = {0};
	char *path = xstrdup("/runh/c1");
	_cleanup_free_ char *want = NULL;

	fake_layout(&l);
	ck_assert_int_eq(lc_cgroup_rootless(&l, &path, &res, &err), -EACCES);
	want = xasprintf("config.json: linux.resources.memory.limit: the memory cgroup "
			 "%s/memory/runh/c1 cannot be made by uid %u (no write access to "
			 "%s/memory): delegate a cgroup to this user (as root: mkdir -p "
			 "%s/memory/runh && chown %u %s/memory/runh; on cgroup v2 a systemd "
			 "unit with Delegate=yes) or drop the limit",
			 tmp, (unsigned)geteuid(), tmp, tmp, (unsigned)geteuid(), tmp);
	ck_assert_str_eq(err.msg, want);
	free(path);
}
END_TEST

Suite *rootless_suite(void)
{
	Suite *s = suite_create("rootless");
	TCase *tc = tcase_create("rootless");

	tcase_add_unchecked_fixture(tc, make_base, remove_base);
	tcase_add_test(tc, test_parse_words);
	tcase_add_test(tc, test_in_userns);
	tcase_add_test(tc, test_subid_parse);
	tcase_add_test(tc, test_idmap_ranges);
	tcase_add_test(tc, test_default_root);
	tcase_add_test(tc, test_check_idmaps);
	tcase_add_test(tc, test_cgroup_keep);
	tcase_add_test(tc, test_cgroup_none);
	tcase_add_test(tc, test_cgroup_refused);
	suite_add_tcase(s, tc);
	return s;
}
