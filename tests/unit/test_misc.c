/* SPDX-License-Identifier: GPL-2.0-or-later */
/* convert.c tables, state JSON round trip, the error object. */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sys/resource.h>

#include "../../libcontainer/caps.h"
#include "../../libcontainer/error.h"
#include "../../libcontainer/state.h"
#include "../../libcontainer/util.h"
#include "../../spec/convert.h"
#include "../../spec/state_json.h"
#include "../../libcontainer/lsm.h"
#include "suites.h"

START_TEST(test_mount_options)
{
	char *opts[] = {"nosuid",  "nodev",   "ro",  "rw", "strictatime",
			"size=1m", "rshared", "rro", NULL};
	struct spec_mount m = {.options = opts, .n_options = 8, .type = "tmpfs"};
	char bad[64];

	ck_assert_int_eq(spec_convert_mount_options(&m, bad, sizeof(bad)), 0);
	ck_assert_uint_eq(m.flags, MS_NOSUID | MS_NODEV | MS_STRICTATIME);
	ck_assert_uint_eq(m.clear, MS_RDONLY);
	ck_assert_uint_eq(m.propagation, MS_SHARED | MS_REC);
	ck_assert_uint_eq(m.attr_set, MOUNT_ATTR_RDONLY);
	ck_assert_str_eq(m.data, "size=1m");
	free(m.data);
}
END_TEST

START_TEST(test_bind_type)
{
	struct spec_mount m = {.type = "bind"};
	char bad[64];

	ck_assert_int_eq(spec_convert_mount_options(&m, bad, sizeof(bad)), 0);
	ck_assert(m.is_bind);
	ck_assert(!m.is_recursive_bind);
}
END_TEST

START_TEST(test_names)
{
	enum spec_ns_type t;
	int flag;

	ck_assert_int_eq(spec_rlimit_from_name("RLIMIT_NOFILE"), RLIMIT_NOFILE);
	ck_assert_int_eq(spec_rlimit_from_name("RLIMIT_FOO"), -1);
	ck_assert_str_eq(spec_rlimit_name(RLIMIT_NPROC), "RLIMIT_NPROC");
	ck_assert_int_eq(spec_ns_from_name("cgroup", &t, &flag), 0);
	ck_assert_int_eq(t, SPEC_NS_CGROUP);
	ck_assert_int_lt(spec_ns_from_name("pids", &t, &flag), 0);
	ck_assert_int_eq(spec_propagation_from_name("rslave"), MS_SLAVE | MS_REC);
	ck_assert_int_eq(spec_propagation_from_name("bogus"), -1);
	ck_assert_int_eq(spec_seccomp_action_from_name("SCMP_ACT_LOG"), SPEC_SCMP_ACT_LOG);
	ck_assert_int_eq(spec_seccomp_op_from_name("SCMP_CMP_GE"), SPEC_SCMP_CMP_GE);
	ck_assert(spec_seccomp_arch_known("SCMP_ARCH_AARCH64"));
	ck_assert(!spec_seccomp_arch_known("x86_64"));
}
END_TEST

START_TEST(test_state_round_trip)
{
	struct spec_kv ann[] = {{"a/b", "c\"d"}};
	struct spec_state st = {.oci_version = "1.3.0",
				.id = "c1",
				.status = SPEC_STATUS_RUNNING,
				.pid = 42,
				.bundle = "/b/x",
				.rootfs = "/b/x/rootfs",
				.created = "2026-01-01T00:00:00Z",
				.owner = "",
				.annotations = ann,
				.n_annotations = 1,
				.init_start_time = 123456789012ull,
				.use_pid_ns = true};
	struct spec_state *back = NULL;
	struct lc_err err = {0};
	char *json = NULL;
	size_t len;

	ck_assert_int_eq(spec_state_to_json(&st, SPEC_STATE_INTERNAL, &json, &len), 0);
	/* runc/crun bytes: solidus not escaped, compact. */
	ck_assert_ptr_nonnull(strstr(json, "\"bundle\":\"/b/x\""));
	ck_assert_int_eq(spec_state_parse(json, len, "state.json", &back, &err), 0);
	ck_assert_str_eq(back->id, "c1");
	ck_assert_int_eq(back->pid, 42);
	ck_assert_int_eq(back->status, SPEC_STATUS_RUNNING);
	ck_assert_ptr_nonnull(strstr(json, "\"status\":\"running\""));
	ck_assert_str_eq(back->annotations[0].key, "a/b");
	ck_assert_str_eq(back->annotations[0].value, "c\"d");
	ck_assert(back->init_start_time == 123456789012ull);
	ck_assert(back->use_pid_ns);
	spec_state_free(back);
	free(json);
	ck_assert_int_eq(spec_state_to_json(&st, SPEC_STATE_PUBLIC_COMPACT, &json, &len), 0);
	ck_assert_ptr_null(strstr(json, "runh"));
	free(json);
}
END_TEST

START_TEST(test_status_names)
{
	static const char *const names[] = {"creating", "created", "running", "paused", "stopped"};
	struct spec_state *st = NULL;
	struct lc_err err = {0};
	enum spec_status v;
	const char *bad = "{\"id\":\"c1\",\"status\":\"zombie\",\"pid\":1}";
	const char *none = "{\"id\":\"c1\",\"pid\":1}";

	for (size_t i = 0; i < 5; i++) {
		ck_assert_int_eq(spec_status_from_name(names[i], &v), 0);
		ck_assert_str_eq(spec_status_name(v), names[i]);
	}
	ck_assert_int_eq(spec_status_from_name("Running", &v), -EINVAL);
	ck_assert_int_lt(spec_state_parse(bad, strlen(bad), "state.json", &st, &err), 0);
	ck_assert_str_eq(err.msg, "state.json: status: unknown status 'zombie'");
	ck_assert_int_lt(spec_state_parse(none, strlen(none), "state.json", &st, &err), 0);
	ck_assert_ptr_nonnull(strstr(err.msg, "status"));
}
END_TEST

/* The state-dir guard on a tmpdir: exclusive, locked, removed unless kept. */
START_TEST(test_state_guard)
{
	char tmpl[] = "/tmp/runh-unit-XXXXXX";
	struct lc_err err = {0};
	int root, other;
	struct stat sb;

	ck_assert_ptr_nonnull(mkdtemp(tmpl));
	root = open(tmpl, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(root, 0);
	{
		_cleanup_state_guard_ struct lc_state_guard g = {.dfd = -1};

		ck_assert_int_eq(lc_state_guard_create(root, "c1", &g, &err), 0);
		other = openat(root, "c1", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		ck_assert_int_lt(flock(other, LOCK_EX | LOCK_NB), 0); /* create holds it */
		close(other);
		ck_assert_int_eq(lc_write_file_at(g.dfd, "state.json", "{}", 2, 0600, &err), 0);
	}
	ck_assert_int_lt(fstatat(root, "c1", &sb, 0), 0); /* not kept: gone */
	{
		_cleanup_state_guard_ struct lc_state_guard g = {.dfd = -1};
		struct lc_state_guard g2 = {.dfd = -1};

		ck_assert_int_eq(lc_state_guard_create(root, "c1", &g, &err), 0);
		ck_assert_int_eq(lc_state_guard_create(root, "c1", &g2, &err), -EEXIST);
		ck_assert_str_eq(err.msg, "container with id exists: c1");
		lc_state_guard_cleanup(&g2); /* the loser removes nothing */
		ck_assert_int_eq(fstatat(root, "c1", &sb, 0), 0);
		lc_state_guard_keep(&g);
	}
	ck_assert_int_eq(fstatat(root, "c1", &sb, 0), 0); /* kept */
	other = openat(root, "c1", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_eq(lc_state_lock(root, other, "c1", LOCK_EX, &err), 0); /* released */
	close(other);
	ck_assert_int_eq(lc_state_remove_dir(root, "c1", &err), 0);
	close(root);
	rmdir(tmpl);
}
END_TEST

START_TEST(test_error_chain)
{
	struct lc_err err = {0};
	char big[2000];

	ck_assert_int_eq(lc_err_set(&err, ENOENT, "open '%s'", "x"), -ENOENT);
	ck_assert_str_eq(err.msg, "open 'x': No such file or directory");
	ck_assert_int_eq(lc_err_wrap(&err, "mounts[%d]", 2), -ENOENT);
	ck_assert_str_eq(err.msg, "mounts[2]: open 'x': No such file or directory");
	ck_assert_int_eq(lc_err_setx(&err, 0, "plain"), -EINVAL);
	ck_assert_str_eq(err.msg, "plain");
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	lc_err_wrap(&err, "%s", big);
	ck_assert_uint_eq(strlen(err.msg), LC_ERR_MSG_MAX - 1);
}
END_TEST

START_TEST(test_parse_numbers)
{
	uint64_t u;
	int64_t i;

	ck_assert_int_eq(lc_parse_u64("18446744073709551615", &u), 0);
	ck_assert(u == UINT64_MAX);
	ck_assert_int_eq(lc_parse_u64("18446744073709551616", &u), -ERANGE);
	ck_assert_int_eq(lc_parse_u64("-1", &u), -EINVAL);
	ck_assert_int_eq(lc_parse_u64("1e3", &u), -EINVAL);
	ck_assert_int_eq(lc_parse_i64("-9223372036854775808", &i), 0);
	ck_assert_int_eq(lc_parse_i64("9223372036854775808", &i), -ERANGE);
}
END_TEST

START_TEST(test_caps_names)
{
	char *bounding[] = {"CAP_KILL", "CAP_NET_BIND_SERVICE", NULL};
	char *ambient[] = {"CAP_NET_BIND_SERVICE", NULL};
	char *bad[] = {"CAP_KILL", "NET_ADMIN", NULL};
	char *number[] = {"12", NULL};
	struct spec_capabilities c = {
		.bounding = bounding, .n_bounding = 2, .ambient = ambient, .n_ambient = 1};
	struct lc_caps caps;
	struct lc_err err = {0};

	ck_assert_int_eq(lc_caps_prepare(&c, &caps, &err), 0);
	/* CAP_KILL = 5, CAP_NET_BIND_SERVICE = 10. */
	ck_assert_uint_eq(caps.bounding, (1ull << 5) | (1ull << 10));
	ck_assert_uint_eq(caps.ambient, 1ull << 10);
	ck_assert_uint_eq(caps.effective, 0);
	ck_assert_int_ge(caps.last_cap, 37);
	ck_assert_int_eq(lc_caps_prepare(NULL, &caps, &err), 0);
	ck_assert_uint_eq(caps.bounding | caps.permitted | caps.effective, 0);
	/* Not a capability at all: an error naming the place, with a suggestion. */
	c.effective = bad;
	c.n_effective = 2;
	ck_assert_int_eq(lc_caps_prepare(&c, &caps, &err), -EINVAL);
	ck_assert_msg(strstr(err.msg, "process.capabilities.effective[1]: 'NET_ADMIN' is not a "
				      "capability (did you mean 'CAP_NET_ADMIN'?)"),
		      "%s", err.msg);
	c.effective = number;
	c.n_effective = 1;
	ck_assert_int_eq(lc_caps_prepare(&c, &caps, &err), -EINVAL);
}
END_TEST

/* What the enabled LSM paths write (the host here runs neither module). */
START_TEST(test_lsm_exec_attr)
{
	const char *file;
	char *bytes;

	lc_lsm_exec_attr(LC_LSM_APPARMOR, "docker-default", true, &file, &bytes);
	ck_assert_str_eq(file, "attr/apparmor/exec");
	ck_assert_str_eq(bytes, "exec docker-default");
	free(bytes);
	lc_lsm_exec_attr(LC_LSM_APPARMOR, "p", false, &file, &bytes);
	ck_assert_str_eq(file, "attr/exec");
	ck_assert_str_eq(bytes, "exec p");
	free(bytes);
	lc_lsm_exec_attr(LC_LSM_SELINUX, "system_u:system_r:container_t:s0:c1,c2", true, &file,
			 &bytes);
	ck_assert_str_eq(file, "attr/exec");
	ck_assert_str_eq(bytes, "system_u:system_r:container_t:s0:c1,c2");
	free(bytes);
}
END_TEST

Suite *convert_suite(void)
{
	Suite *s = suite_create("convert");
	TCase *tc = tcase_create("convert");

	tcase_add_test(tc, test_mount_options);
	tcase_add_test(tc, test_bind_type);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_parse_numbers);
	tcase_add_test(tc, test_caps_names);
	tcase_add_test(tc, test_lsm_exec_attr);
	suite_add_tcase(s, tc);
	return s;
}

Suite *state_json_suite(void)
{
	Suite *s = suite_create("state_json");
	TCase *tc = tcase_create("state_json");

	tcase_add_test(tc, test_state_round_trip);
	tcase_add_test(tc, test_status_names);
	tcase_add_test(tc, test_state_guard);
	suite_add_tcase(s, tc);
	return s;
}

Suite *error_suite(void)
{
	Suite *s = suite_create("error");
	TCase *tc = tcase_create("error");

	tcase_add_test(tc, test_error_chain);
	suite_add_tcase(s, tc);
	return s;
}
