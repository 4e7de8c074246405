/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The parent ⇄ child protocol over a real socketpair and fork. */
#include <check.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../libcontainer/sync.h"
#include "suites.h"

static int pair(int sv[2])
{
	return socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv);
}

START_TEST(test_ready)
{
	struct lc_err err = {0};
	int sv[2];
	pid_t pid;

	ck_assert_int_eq(pair(sv), 0);
	pid = fork();
	if (pid == 0) {
		close(sv[0]);
		lc_sync_send(sv[1], LC_SYNC_LOG, LC_LOG_DEBUG, "hello");
		lc_sync_send(sv[1], LC_SYNC_READY, 0, NULL);
		_exit(0);
	}
	close(sv[1]);
	ck_assert_int_eq(lc_sync_expect(sv[0], LC_SYNC_READY, &err), 0);
	waitpid(pid, NULL, 0);
	close(sv[0]);
}
END_TEST

START_TEST(test_error_forwarded)
{
	struct lc_err err = {0}, child = {0};
	int sv[2];
	pid_t pid;

	ck_assert_int_eq(pair(sv), 0);
	pid = fork();
	if (pid == 0) {
		close(sv[0]);
		lc_err_set(&child, EACCES, "mount '%s'", "/x");
		lc_sync_send_error(sv[1], &child);
		_exit(1);
	}
	close(sv[1]);
	ck_assert_int_eq(lc_sync_expect(sv[0], LC_SYNC_READY, &err), -EACCES);
	ck_assert_str_eq(err.msg, "mount '/x': Permission denied");
	waitpid(pid, NULL, 0);
	close(sv[0]);
}
END_TEST

START_TEST(test_eof_and_unexpected)
{
	struct lc_err err = {0};
	int sv[2];
	pid_t pid;

	ck_assert_int_eq(pair(sv), 0);
	pid = fork();
	if (pid == 0)
		_exit(0); /* dies without a word */
	close(sv[1]);
	waitpid(pid, NULL, 0);
	ck_assert_int_lt(lc_sync_expect(sv[0], LC_SYNC_READY, &err), 0);
	ck_assert_str_eq(err.msg, "container init exited before READY");
	close(sv[0]);

	ck_assert_int_eq(pair(sv), 0);
	lc_sync_send(sv[1], LC_SYNC_GO, 0, NULL);
	ck_assert_int_lt(lc_sync_expect(sv[0], LC_SYNC_READY, &err), 0);
	ck_assert_str_eq(err.msg, "sync: expected READY, got GO");
	close(sv[0]);
	close(sv[1]);
}
END_TEST

START_TEST(test_short_message)
{
	struct lc_err err = {0};
	int sv[2];

	ck_assert_int_eq(pair(sv), 0);
	ck_assert_int_eq(send(sv[1], "abc", 3, 0), 3);
	ck_assert_int_lt(lc_sync_expect(sv[0], LC_SYNC_READY, &err), 0);
	ck_assert_str_eq(err.msg, "sync: short message (3 bytes)");
	close(sv[0]);
	close(sv[1]);
}
END_TEST

Suite *sync_suite(void)
{
	Suite *s = suite_create("sync");
	TCase *tc = tcase_create("sync");

	tcase_add_test(tc, test_ready);
	tcase_add_test(tc, test_error_forwarded);
	tcase_add_test(tc, test_eof_and_unexpected);
	tcase_add_test(tc, test_short_message);
	suite_add_tcase(s, tc);
	return s;
}
