/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The parent ⇄ child protocol over a real socketpair and fork. */
#include <check.h>
#include <stdbool.h>
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
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
	ck_assert_int_eq(lc_sync_expect(sv[0], LC_SYNC_READY, NULL, &err), 0);
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
	ck_assert_int_eq(lc_sync_expect(sv[0], LC_SYNC_READY, NULL, &err), -EACCES);
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
	ck_assert_int_lt(lc_sync_expect(sv[0], LC_SYNC_READY, NULL, &err), 0);
	ck_assert_str_eq(err.msg, "it exited before READY");
	close(sv[0]);

	ck_assert_int_eq(pair(sv), 0);
	lc_sync_send(sv[1], LC_SYNC_GO, 0, NULL);
	ck_assert_int_lt(lc_sync_expect(sv[0], LC_SYNC_READY, NULL, &err), 0);
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
	ck_assert_int_lt(lc_sync_expect(sv[0], LC_SYNC_READY, NULL, &err), 0);
	ck_assert_str_eq(err.msg, "sync: short message (3 bytes)");
	close(sv[0]);
	close(sv[1]);
}
END_TEST

/*
 * Every combination of optional steps, in both endings, through the real parent driver
 * and the child's cursor: the parent's callbacks record what reached them, the child
 * checks what it received.  A child that sends a step out of order is refused on its
 * own side with a named error, and the parent sees that error.
 */
struct served {
	int hook_states, hooks, console, seccomp;
	char console_seen[16], seccomp_seen[16];
};

static int fake_hook_state(const char *status, void *userdata, struct lc_err *err)
{
	int fd = memfd_create("state", MFD_CLOEXEC);

	(void)err;
	((struct served *)userdata)->hook_states++;
	ck_assert_int_eq(write(fd, status, strlen(status)), (ssize_t)strlen(status));
	return fd;
}

static int fake_run_hooks(void *userdata, struct lc_err *err)
{
	(void)err;
	((struct served *)userdata)->hooks++;
	return 0;
}

/* The fd the child passed: a memfd holding a word, read back here. */
static void read_word(int fd, char *buf, size_t n)
{
	ssize_t k = pread(fd, buf, n - 1, 0);

	buf[k > 0 ? k : 0] = '\0';
	close(fd);
}

static int fake_console(int fd, void *userdata, struct lc_err *err)
{
	struct served *sv = userdata;

	(void)err;
	sv->console++;
	read_word(fd, sv->console_seen, sizeof(sv->console_seen));
	return 0;
}

static int fake_seccomp(int fd, void *userdata, struct lc_err *err)
{
	struct served *sv = userdata;

	(void)err;
	sv->seccomp++;
	read_word(fd, sv->seccomp_seen, sizeof(sv->seccomp_seen));
	return 0;
}

static int word_fd(const char *word)
{
	int fd = memfd_create(word, MFD_CLOEXEC);

	if (write(fd, word, strlen(word)) != (ssize_t)strlen(word))
		_exit(3);
	return fd;
}

/* The child's side as init.c / join.c take it; reversed: CONSOLE before HOOKS. */
static int child_steps(int fd, enum lc_sync_end end, bool reversed, struct lc_err *err)
{
	struct lc_sync_child c;
	int states[2] = {-1, -1}, r;
	char buf[16];

	r = lc_sync_child_go(&c, fd, err);
	if (r == 0 && lc_sync_child_has(&c, LC_STEP_HOOK_STATES)) {
		r = lc_sync_child_hook_states(&c, states, err);
		if (r == 0) {
			read_word(states[0], buf, sizeof(buf));
			if (strcmp(buf, "created") != 0)
				_exit(4);
			read_word(states[1], buf, sizeof(buf));
			if (strcmp(buf, "created") != 0)
				_exit(4);
		}
	}
	if (r == 0 && reversed && lc_sync_child_has(&c, LC_STEP_CONSOLE))
		r = lc_sync_child_console(&c, word_fd("pty"), err);
	if (r == 0 && lc_sync_child_has(&c, LC_STEP_HOOKS))
		r = lc_sync_child_hooks(&c, err);
	if (r == 0 && !reversed && lc_sync_child_has(&c, LC_STEP_CONSOLE))
		r = lc_sync_child_console(&c, word_fd("pty"), err);
	if (r == 0 && lc_sync_child_has(&c, LC_STEP_SECCOMP_FD))
		r = lc_sync_child_seccomp_fd(&c, word_fd("listener"), err);
	if (r < 0)
		return r;
	if (end == LC_SYNC_END_READY)
		return lc_sync_child_ready(&c, err);
	return lc_sync_child_check_done(&c, err); /* then execve closes the socket */
}

static void run_combination(unsigned int steps, enum lc_sync_end end, bool reversed,
			    struct served *got, struct lc_err *err, int *ret)
{
	struct lc_sync_parent_ops ops = {.hook_state = fake_hook_state,
					 .run_hooks = fake_run_hooks,
					 .on_console = fake_console,
					 .on_seccomp_fd = fake_seccomp,
					 .userdata = got};
	int sv[2], status;
	pid_t pid;

	ck_assert_int_eq(pair(sv), 0);
	pid = fork();
	if (pid == 0) {
		struct lc_err cerr = {0};

		close(sv[0]);
		if (child_steps(sv[1], end, reversed, &cerr) < 0) {
			lc_sync_send_error(sv[1], &cerr);
			_exit(1);
		}
		_exit(0);
	}
	close(sv[1]);
	*ret = lc_sync_parent_run(sv[0], steps, end, &ops, err);
	close(sv[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), *ret < 0 ? 1 : 0);
}

START_TEST(test_every_combination)
{
	enum lc_sync_end end = _i & 1 ? LC_SYNC_END_EXEC : LC_SYNC_END_READY;
	unsigned int steps = (unsigned int)_i >> 1;
	struct served got = {0};
	struct lc_err err = {0};
	int r;

	run_combination(steps, end, false, &got, &err, &r);
	ck_assert_msg(r == 0, "steps %#x end %d: %s", steps, end, err.msg);
	ck_assert_int_eq(got.hook_states, steps & LC_STEP_HOOK_STATES ? 2 : 0);
	ck_assert_int_eq(got.hooks, steps & LC_STEP_HOOKS ? 1 : 0);
	ck_assert_int_eq(got.console, steps & LC_STEP_CONSOLE ? 1 : 0);
	ck_assert_int_eq(got.seccomp, steps & LC_STEP_SECCOMP_FD ? 1 : 0);
	if (steps & LC_STEP_CONSOLE)
		ck_assert_str_eq(got.console_seen, "pty");
	if (steps & LC_STEP_SECCOMP_FD)
		ck_assert_str_eq(got.seccomp_seen, "listener");
}
END_TEST

/* The bug of the old protocol: a terminal and a seccomp listener together. */
START_TEST(test_console_and_listener)
{
	struct served got = {0};
	struct lc_err err = {0};
	int r;

	run_combination(LC_STEP_CONSOLE | LC_STEP_SECCOMP_FD, LC_SYNC_END_READY, false, &got, &err,
			&r);
	ck_assert_int_eq(r, 0);
	ck_assert_int_eq(got.console, 1);
	ck_assert_int_eq(got.seccomp, 1);
}
END_TEST

START_TEST(test_out_of_order_refused)
{
	struct served got = {0};
	struct lc_err err = {0};
	int r;

	run_combination(LC_STEP_HOOKS | LC_STEP_CONSOLE, LC_SYNC_END_READY, true, &got, &err, &r);
	ck_assert_int_lt(r, 0);
	ck_assert_str_eq(err.msg, "sync: step CONSOLE before HOOKS");
	ck_assert_int_eq(got.console, 0);
}
END_TEST

/* A child that skips a planned step cannot report READY. */
START_TEST(test_missing_step_refused)
{
	struct lc_err err = {0};
	struct lc_sync_child c = {.fd = -1, .steps = LC_STEP_SECCOMP_FD};

	ck_assert_int_lt(lc_sync_child_ready(&c, &err), 0);
	ck_assert_str_eq(err.msg, "sync: step SECCOMP_FD was never taken");
	c.steps = 0;
	ck_assert_int_lt(lc_sync_child_console(&c, 0, &err), 0);
	ck_assert_str_eq(err.msg, "sync: step CONSOLE is not in the plan");
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
	tcase_add_loop_test(tc, test_every_combination, 0, (int)(LC_STEP_ALL + 1) * 2);
	tcase_add_test(tc, test_console_and_listener);
	tcase_add_test(tc, test_out_of_order_refused);
	tcase_add_test(tc, test_missing_step_refused);
	suite_add_tcase(s, tc);
	return s;
}
