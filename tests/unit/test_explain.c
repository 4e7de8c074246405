/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --explain: the flag formatters, the narration channel, and its way over the sync socket. */
#include <check.h>
#include <linux/sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../libcontainer/explain.h"
#include "../../libcontainer/log.h"
#include "../../libcontainer/sync.h"
#include "suites.h"

START_TEST(test_clone_flags)
{
	char buf[256], small[12];

	ck_assert_str_eq(lc_explain_clone_flags(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID |
							CLONE_NEWNET | CLONE_NEWUTS | CLONE_NEWIPC |
							CLONE_PIDFD,
						buf, sizeof(buf)),
			 "NEWUSER|NEWNS|NEWPID|NEWNET|NEWUTS|NEWIPC|PIDFD");
	ck_assert_str_eq(lc_explain_clone_flags(CLONE_NEWCGROUP | CLONE_INTO_CGROUP, buf,
						sizeof(buf)),
			 "NEWCGROUP|INTO_CGROUP");
	ck_assert_str_eq(lc_explain_clone_flags(0, buf, sizeof(buf)), "none");
	/* A bit without a name is shown, not dropped. */
	ck_assert_str_eq(lc_explain_clone_flags(CLONE_NEWNS | 0x1, buf, sizeof(buf)), "NEWNS|0x1");
	/* A short buffer truncates, never overflows. */
	lc_explain_clone_flags(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID, small, sizeof(small));
	ck_assert_uint_lt(strlen(small), sizeof(small));
	ck_assert_str_eq(small, "NEWUSER|NEW");
}
END_TEST

START_TEST(test_mount_flags)
{
	char buf[256];

	ck_assert_str_eq(lc_explain_mount_flags(MS_NOSUID | MS_NODEV | MS_NOEXEC,
						"size=64m,mode=1777", buf, sizeof(buf)),
			 "nosuid, nodev, noexec, size=64m, mode=1777");
	ck_assert_str_eq(
		lc_explain_mount_flags(MS_RDONLY | MS_BIND | MS_REC, NULL, buf, sizeof(buf)), "ro");
	ck_assert_str_eq(lc_explain_mount_flags(0, NULL, buf, sizeof(buf)), "defaults");
	ck_assert_str_eq(lc_explain_mount_flags(0, ",", buf, sizeof(buf)), "defaults");
	ck_assert_str_eq(lc_explain_propagation(MS_SLAVE | MS_REC), "rslave");
	ck_assert_str_eq(lc_explain_propagation(MS_PRIVATE), "private");
	ck_assert_str_eq(lc_explain_propagation(MS_SHARED | MS_REC), "rshared");
	ck_assert_str_eq(lc_explain_propagation(0), "");
}
END_TEST

static char lines[8][1024];
static int n_lines;

static void capture(const char *line, void *userdata)
{
	(void)userdata;
	if (n_lines < 8)
		snprintf(lines[n_lines++], sizeof(lines[0]), "%s", line);
}

static int evaluated;

static int side_effect(void)
{
	return ++evaluated;
}

START_TEST(test_channel)
{
	n_lines = 0;
	evaluated = 0;
	lc_explain_set_sink(NULL, NULL);
	/* Off: nothing is formatted, the arguments are not even evaluated. */
	lc_explain(LC_X_NS, "%d", side_effect());
	ck_assert_int_eq(evaluated, 0);
	ck_assert_int_eq(n_lines, 0);
	lc_explain_set_sink(capture, NULL);
	lc_explain(LC_X_NS, "clone3(%s) -> init pid %d", "NEWPID", 42);
	lc_explain(LC_X_SECCOMP, "%d rules", side_effect());
	lc_explain_set_sink(NULL, NULL);
	ck_assert_int_eq(n_lines, 2);
	ck_assert_str_eq(lines[0], "[ns]      clone3(NEWPID) -> init pid 42");
	ck_assert_str_eq(lines[1], "[seccomp] 1 rules");
	ck_assert_str_eq(lc_explain_topic_name(LC_X_CGROUP), "cgroup");
	ck_assert_str_eq(lc_explain_topic_name(LC_X__MAX), "?");
}
END_TEST

/* A child's lines reach the parent's sink in order while it waits for a step; nothing
 * is sent when narration is off. */
START_TEST(test_forwarded)
{
	struct lc_err err = {0};
	int sv[2];
	pid_t pid;

	n_lines = 0;
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv), 0);
	lc_explain_set_sink(capture, NULL);
	pid = fork();
	if (pid == 0) {
		close(sv[0]);
		lc_sync_install_log_forwarder(sv[1]);
		lc_explain(LC_X_MNT, "first %d", 1);
		lc_explain(LC_X_CAP, "second");
		lc_explain_set_sink(NULL, NULL);
		lc_explain(LC_X_EXEC, "never sent");
		lc_sync_send(sv[1], LC_SYNC_READY, 0, NULL);
		_exit(0);
	}
	close(sv[1]);
	ck_assert_int_eq(lc_sync_expect(sv[0], LC_SYNC_READY, NULL, &err), 0);
	waitpid(pid, NULL, 0);
	close(sv[0]);
	lc_explain_set_sink(NULL, NULL);
	ck_assert_int_eq(n_lines, 2);
	ck_assert_str_eq(lines[0], "[mnt]     first 1");
	ck_assert_str_eq(lines[1], "[cap]     second");
	ck_assert_str_eq(lc_sync_type_name(LC_SYNC_EXPLAIN), "EXPLAIN");
}
END_TEST

Suite *explain_suite(void)
{
	Suite *s = suite_create("explain");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_clone_flags);
	tcase_add_test(tc, test_mount_flags);
	tcase_add_test(tc, test_channel);
	tcase_add_test(tc, test_forwarded);
	suite_add_tcase(s, tc);
	return s;
}
