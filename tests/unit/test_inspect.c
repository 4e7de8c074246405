/* SPDX-License-Identifier: GPL-2.0-or-later */
/* runh inspect's readers on a fake /proc/<pid> tree in a tmpdir: namespaces own or the
 * host's, id maps and ids, capability sets by name, seccomp, mounts and masked paths,
 * the cgroup path; each row's verdict. */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../libcontainer/cleanup.h"
#include "../../libcontainer/inspect.h"
#include "../../libcontainer/util.h"
#include "suites.h"

static const char config_json[] =
	"{\"ociVersion\":\"1.0.2\",\"root\":{\"path\":\"rootfs\",\"readonly\":true},"
	"\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"user\":{\"uid\":1000,\"gid\":1000},"
	"\"noNewPrivileges\":true,"
	"\"capabilities\":{\"bounding\":[\"CAP_NET_BIND_SERVICE\"],"
	"\"effective\":[\"CAP_NET_BIND_SERVICE\"],\"permitted\":[\"CAP_NET_BIND_SERVICE\"]}},"
	"\"mounts\":[{\"destination\":\"/tmp\",\"type\":\"tmpfs\",\"source\":\"tmpfs\","
	"\"options\":[\"nosuid\",\"noexec\"]}],"
	"\"linux\":{\"namespaces\":[{\"type\":\"mount\"},{\"type\":\"pid\"},{\"type\":\"ipc\"},"
	"{\"type\":\"user\"}],"
	"\"uidMappings\":[{\"containerID\":0,\"hostID\":100000,\"size\":65536}],"
	"\"gidMappings\":[{\"containerID\":0,\"hostID\":100000,\"size\":65536}],"
	"\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ALLOW\"},"
	"\"maskedPaths\":[\"/proc/acpi\",\"/proc/keys\",\"/proc/nothere\"],"
	"\"readonlyPaths\":[\"/proc/sys\"]}}";

static const char status_text[] = "Name:\tsh\n"
				  "Uid:\t101000\t101000\t101000\t101000\n"
				  "Gid:\t101000\t101000\t101000\t101001\n"
				  "Groups:\t\n"
				  "CapInh:\t0000000000000000\n"
				  "CapPrm:\t0000000000000400\n"
				  "CapEff:\t0000000000000400\n"
				  "CapBnd:\t0000000000000401\n"
				  "CapAmb:\t0000000000000000\n"
				  "NoNewPrivs:\t1\n"
				  "Seccomp:\t2\n"
				  "Seccomp_filters:\t1\n";

static const char mountinfo_text[] =
	"64 42 254:0 /srv/rootfs / ro,relatime - ext4 /dev/vda rw\n"
	"65 64 0:40 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw\n"
	"82 64 0:46 / /tmp rw,nosuid,relatime - tmpfs tmpfs rw,size=65536k\n"
	"90 65 0:48 / /proc/acpi ro,relatime - tmpfs tmpfs rw,size=4k\n"
	"97 65 0:40 /sys /proc/sys ro,nosuid,nodev,noexec,relatime - proc proc rw\n";

static char tmp[64];
static int pid_dfd = -1, ref_dfd = -1;
static struct spec_config *cfg;

static void put(const char *rel, const char *text)
{
	char *p = xasprintf("%s/%s", tmp, rel);
	FILE *f = fopen(p, "we");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	free(p);
}

static void mk(const char *rel)
{
	char *p = xasprintf("%s/%s", tmp, rel);

	ck_assert_int_eq(mkdir(p, 0755), 0);
	free(p);
}

static void link_ns(const char *dir, const char *name, const char *target)
{
	char *p = xasprintf("%s/%s/%s", tmp, dir, name);

	ck_assert_int_eq(symlink(target, p), 0);
	free(p);
}

static void setup(void)
{
	struct lc_err err = {0};

	snprintf(tmp, sizeof(tmp), "/tmp/runh-inspect-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmp));
	mk("pid");
	mk("pid/ns");
	mk("ref");
	mk("pid/root");
	mk("pid/root/proc");
	mk("pid/root/proc/acpi");
	mk("pid/root/proc/sys");
	put("pid/root/proc/keys", "secret keys\n");
	put("pid/status", status_text);
	put("pid/uid_map", "         0     100000      65536\n");
	put("pid/gid_map", "         0     100000      65535\n");
	put("pid/mountinfo", mountinfo_text);
	put("pid/cgroup",
	    "9:name=systemd:/elsewhere\n4:memory:/runh/c1\n1:cpu:/other\n0::/runh/c1\n");
	link_ns("pid/ns", "pid", "pid:[4026532181]");
	link_ns("ref", "pid", "pid:[4026531836]");
	link_ns("pid/ns", "net", "net:[4026531833]");
	link_ns("ref", "net", "net:[4026531833]");
	link_ns("pid/ns", "ipc", "ipc:[4026531839]");
	link_ns("ref", "ipc", "ipc:[4026531839]");
	{
		_cleanup_free_ char *p = xasprintf("%s/pid", tmp), *r = xasprintf("%s/ref", tmp);

		pid_dfd = open(p, O_PATH | O_DIRECTORY | O_CLOEXEC);
		ref_dfd = open(r, O_PATH | O_DIRECTORY | O_CLOEXEC);
	}
	ck_assert_int_eq(
		spec_parse_config(config_json, strlen(config_json), "config.json", &cfg, &err), 0);
}

static void teardown(void)
{
	char *cmd = xasprintf("rm -rf '%s'", tmp);

	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	close(pid_dfd);
	close(ref_dfd);
	cfg = spec_config_free(cfg);
}

static const struct lc_inspect_row *row(const struct lc_inspect *in, const char *topic,
					const char *item)
{
	for (size_t i = 0; i < in->n_rows; i++)
		if (!strcmp(in->rows[i].topic, topic) && !strcmp(in->rows[i].item, item))
			return &in->rows[i];
	ck_abort_msg("no row %s %s", topic, item);
	return NULL;
}

START_TEST(test_namespaces)
{
	_cleanup_(lc_inspect_freep) struct lc_inspect *in = xcalloc(1, sizeof(*in));

	lc_inspect_namespaces(pid_dfd, ref_dfd, cfg, in);
	ck_assert_int_eq(row(in, "ns", "pid")->verdict, LC_INSPECT_OK);
	ck_assert_str_eq(row(in, "ns", "pid")->has, "own (pid:[4026532181])");
	/* not asked and shared: ok, and said so */
	ck_assert_int_eq(row(in, "ns", "network")->verdict, LC_INSPECT_OK);
	ck_assert_str_eq(row(in, "ns", "network")->asked, "host");
	ck_assert_str_eq(row(in, "ns", "network")->has, "host (shared: net:[4026531833])");
	/* asked new, the host's: the mismatch */
	ck_assert_int_eq(row(in, "ns", "ipc")->verdict, LC_INSPECT_MISMATCH);
	/* asked, link missing */
	ck_assert_int_eq(row(in, "ns", "user")->verdict, LC_INSPECT_MISMATCH);
}
END_TEST

START_TEST(test_process)
{
	_cleanup_(lc_inspect_freep) struct lc_inspect *in = xcalloc(1, sizeof(*in));

	lc_inspect_process(pid_dfd, -1, cfg, in);
	ck_assert_int_eq(row(in, "user", "uid_map")->verdict, LC_INSPECT_OK);
	ck_assert_str_eq(row(in, "user", "uid_map")->has, "0 100000 65536");
	ck_assert_int_eq(row(in, "user", "gid_map")->verdict, LC_INSPECT_MISMATCH);
	ck_assert_int_eq(row(in, "user", "uid")->verdict, LC_INSPECT_OK);
	ck_assert_str_eq(row(in, "user", "uid")->asked, "1000 (host 101000)");
	ck_assert_int_eq(row(in, "user", "gid")->verdict, LC_INSPECT_MISMATCH);
	ck_assert_int_eq(row(in, "caps", "effective")->verdict, LC_INSPECT_OK);
	ck_assert_str_eq(row(in, "caps", "effective")->has, "net_bind_service");
	ck_assert_int_eq(row(in, "caps", "bounding")->verdict, LC_INSPECT_MISMATCH);
	ck_assert_str_eq(row(in, "caps", "bounding")->has, "chown net_bind_service");
	ck_assert_str_eq(row(in, "caps", "ambient")->has, "none");
	ck_assert_int_eq(row(in, "process", "no_new_privs")->verdict, LC_INSPECT_OK);
	ck_assert_int_eq(row(in, "seccomp", "mode")->verdict, LC_INSPECT_OK);
	ck_assert_str_eq(row(in, "seccomp", "mode")->has, "2 (filter)");
	ck_assert_int_eq(row(in, "seccomp", "filters")->verdict, LC_INSPECT_OK);
	/* no attr/current: no LSM labels; none asked */
	ck_assert_int_eq(row(in, "lsm", "label")->verdict, LC_INSPECT_OK);
}
END_TEST

/* A user namespace joined by path, no maps in the config: the kernel's map translates. */
START_TEST(test_joined_userns)
{
	static const char joined[] =
		"{\"ociVersion\":\"1.0.2\",\"root\":{\"path\":\"rootfs\"},"
		"\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"user\":{\"uid\":1000,\"gid\":1000}},"
		"\"linux\":{\"namespaces\":[{\"type\":\"mount\"},"
		"{\"type\":\"user\",\"path\":\"/proc/1/ns/user\"}]}}";
	_cleanup_(spec_config_freep) struct spec_config *c = NULL;
	_cleanup_(lc_inspect_freep) struct lc_inspect *in = xcalloc(1, sizeof(*in));
	struct lc_err err = {0};

	ck_assert_int_eq(spec_parse_config(joined, strlen(joined), "config.json", &c, &err), 0);
	lc_inspect_process(pid_dfd, -1, c, in);
	ck_assert_int_eq(row(in, "user", "uid_map")->verdict, LC_INSPECT_INFO);
	ck_assert_str_eq(row(in, "user", "uid_map")->asked, "the joined namespace's");
	ck_assert_int_eq(row(in, "user", "uid")->verdict, LC_INSPECT_OK);
	ck_assert_str_eq(row(in, "user", "uid")->asked, "1000 (host 101000)");
	/* the kernel's gid_map ends at 65534: gid 1000 maps to 101000, the fs gid differs */
	ck_assert_int_eq(row(in, "user", "gid")->verdict, LC_INSPECT_MISMATCH);
}
END_TEST

START_TEST(test_mounts)
{
	_cleanup_(lc_inspect_freep) struct lc_inspect *in = xcalloc(1, sizeof(*in));

	lc_inspect_mounts(pid_dfd, cfg, in);
	ck_assert_int_eq(row(in, "mounts", "/")->verdict, LC_INSPECT_OK);
	/* noexec asked, not there */
	ck_assert_int_eq(row(in, "mounts", "/tmp")->verdict, LC_INSPECT_MISMATCH);
	ck_assert_int_eq(row(in, "mounts", "/proc/sys")->verdict, LC_INSPECT_OK);
	ck_assert_int_eq(row(in, "masked", "/proc/acpi")->verdict, LC_INSPECT_OK);
	ck_assert_str_eq(row(in, "masked", "/proc/acpi")->has, "empty read-only tmpfs");
	ck_assert_int_eq(row(in, "masked", "/proc/keys")->verdict, LC_INSPECT_MISMATCH);
	ck_assert_str_eq(row(in, "masked", "/proc/keys")->has, "not masked: visible");
	ck_assert_int_eq(row(in, "masked", "/proc/nothere")->verdict, LC_INSPECT_OK);
}
END_TEST

START_TEST(test_cgroup_path)
{
	_cleanup_(lc_inspect_freep) struct lc_inspect *in = xcalloc(1, sizeof(*in));
	_cleanup_(lc_inspect_freep) struct lc_inspect *v2 = xcalloc(1, sizeof(*v2));
	struct lc_cgroup_layout l = {
		.mode = LC_CGROUP_HYBRID,
		.hier = {{"/nonexistent/memory", "memory", false},
			 {"/nonexistent/cpu", "cpu", false},
			 {"/nonexistent/unified", "", true}},
		.n_hier = 3,
	};
	struct lc_cgroup_layout pure = {
		.mode = LC_CGROUP_V2,
		.hier = {{"/nonexistent", "", true}},
		.n_hier = 1,
	};

	/* name=systemd is not a hierarchy of the layout: not counted */
	lc_inspect_cgroup(pid_dfd, &l, "/runh/c1", cfg, in);
	ck_assert_int_eq(row(in, "cgroup", "path")->verdict, LC_INSPECT_MISMATCH);
	ck_assert_str_eq(row(in, "cgroup", "path")->has, "cpu:/other");
	/* a v2 view: only the 0:: line */
	lc_inspect_cgroup(pid_dfd, &pure, "/runh/c1", cfg, v2);
	ck_assert_int_eq(row(v2, "cgroup", "path")->verdict, LC_INSPECT_OK);
}
END_TEST

Suite *inspect_suite(void)
{
	Suite *s = suite_create("inspect");
	TCase *tc = tcase_create("readers");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_namespaces);
	tcase_add_test(tc, test_process);
	tcase_add_test(tc, test_joined_userns);
	tcase_add_test(tc, test_mounts);
	tcase_add_test(tc, test_cgroup_path);
	suite_add_tcase(s, tc);
	return s;
}
