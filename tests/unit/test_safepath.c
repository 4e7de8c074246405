/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Resolution inside a rootfs on a tmpdir: symlinks and .. never leave it. */
#include <check.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../libcontainer/safepath.h"
#include "suites.h"

static char tmp[PATH_MAX];
static char outside[PATH_MAX];

static void setup(void)
{
	char p[3 * PATH_MAX];

	snprintf(tmp, sizeof(tmp), "/tmp/runh-unit-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmp));
	snprintf(outside, sizeof(outside), "/tmp/runh-unit-out-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(outside));
	snprintf(p, sizeof(p), "%s/root", tmp);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/root/escape", tmp);
	ck_assert_int_eq(symlink(outside, p), 0); /* absolute: must resolve inside */
	snprintf(p, sizeof(p), "%s/root/dotdot", tmp);
	ck_assert_int_eq(symlink("../../../../..", p), 0);
	snprintf(p, sizeof(p), "%s/root/magic", tmp);
	ck_assert_int_eq(symlink("/proc/self/root", p), 0);
}

static void teardown(void)
{
	char cmd[2 * PATH_MAX + 32];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s' '%s'", tmp, outside);
	ck_assert_int_eq(system(cmd), 0);
}

static int open_root(void)
{
	char p[PATH_MAX + 8];

	snprintf(p, sizeof(p), "%s/root", tmp);
	return open(p, O_PATH | O_DIRECTORY | O_CLOEXEC);
}

START_TEST(test_mkdir_through_symlink_stays_inside)
{
	struct lc_err err = {0};
	char p[3 * PATH_MAX];
	struct stat st;
	int root = open_root(), fd;

	/* Dangling inside the rootfs: its target is made inside the root (as runc), never
	 * outside it. */
	fd = lc_safe_mkdir_p(root, "/escape/made/here", false, 0755, &err);
	ck_assert_msg(fd >= 0, "%s", err.msg);
	close(fd);
	snprintf(p, sizeof(p), "%s/made", outside);
	ck_assert_int_lt(stat(p, &st), 0);
	/* Once its target exists inside the rootfs, the link is followed there too. */
	fd = lc_safe_mkdir_p(root, "/escape/made/here/2", false, 0755, &err);
	ck_assert_msg(fd >= 0, "%s", err.msg);
	close(fd);
	/* Created under the rootfs, at the path the symlink names inside it ... */
	snprintf(p, sizeof(p), "%s/root%s/made/here/2", tmp, outside);
	ck_assert_int_eq(stat(p, &st), 0);
	/* ... and nothing appeared in the real directory outside. */
	snprintf(p, sizeof(p), "%s/made", outside);
	ck_assert_int_lt(stat(p, &st), 0);
	close(root);
}
END_TEST

/* A dangling relative link, a file at the end, and a loop that must end. */
START_TEST(test_dangling_relative_and_loop)
{
	struct lc_err err = {0};
	char p[3 * PATH_MAX];
	struct stat st;
	int root = open_root(), fd;

	snprintf(p, sizeof(p), "%s/root/etc-link", tmp);
	ck_assert_int_eq(symlink("var/../data/conf", p), 0);
	fd = lc_safe_mkdir_p(root, "/etc-link", true, 0644, &err);
	ck_assert_msg(fd >= 0, "%s", err.msg);
	close(fd);
	snprintf(p, sizeof(p), "%s/root/data/conf", tmp);
	ck_assert_int_eq(stat(p, &st), 0);
	ck_assert(S_ISREG(st.st_mode));
	snprintf(p, sizeof(p), "%s/root/loop", tmp);
	ck_assert_int_eq(symlink("loop2/x", p), 0);
	snprintf(p, sizeof(p), "%s/root/loop2", tmp);
	ck_assert_int_eq(symlink("loop/y", p), 0);
	fd = lc_safe_mkdir_p(root, "/loop/z", false, 0755, &err);
	ck_assert_int_lt(fd, 0);
	close(root);
}
END_TEST

START_TEST(test_dotdot_clamped)
{
	struct lc_err err = {0};
	char p[3 * PATH_MAX];
	struct stat st;
	int root = open_root(), fd;

	fd = lc_safe_mkdir_p(root, "/../../dotdot/x", true, 0644, &err);
	ck_assert_msg(fd >= 0, "%s", err.msg);
	close(fd);
	snprintf(p, sizeof(p), "%s/root/x", tmp);
	ck_assert_int_eq(stat(p, &st), 0);
	ck_assert(S_ISREG(st.st_mode));
	close(root);
}
END_TEST

START_TEST(test_magic_link_refused)
{
	struct lc_err err = {0};
	int root = open_root(), fd;

	fd = lc_safe_open(root, "/magic/etc", O_PATH, &err);
	ck_assert_int_lt(fd, 0);
	close(root);
}
END_TEST

Suite *safepath_suite(void)
{
	Suite *s = suite_create("safepath");
	TCase *tc = tcase_create("safepath");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_mkdir_through_symlink_stays_inside);
	tcase_add_test(tc, test_dangling_relative_and_loop);
	tcase_add_test(tc, test_dotdot_clamped);
	tcase_add_test(tc, test_magic_link_refused);
	suite_add_tcase(s, tc);
	return s;
}
