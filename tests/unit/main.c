/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Runs every Check suite; exit status non-zero on any failure. */
#include <stdio.h>
#include <stdlib.h>

#include "../../libcontainer/util.h"
#include "suites.h"

char *test_read_data(const char *name, size_t *ret_len)
{
	char path[512];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof(path), "tests/unit/data/%s", name);
	f = fopen(path, "re");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = xmalloc((size_t)n + 1);
	if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		fclose(f);
		return NULL;
	}
	buf[n] = '\0';
	fclose(f);
	*ret_len = (size_t)n;
	return buf;
}

int main(void)
{
	SRunner *sr = srunner_create(parse_suite());
	int failed;

	srunner_add_suite(sr, parse_invalid_suite());
	srunner_add_suite(sr, convert_suite());
	srunner_add_suite(sr, state_json_suite());
	srunner_add_suite(sr, error_suite());
	srunner_add_suite(sr, sync_suite());
	srunner_add_suite(sr, safepath_suite());
	srunner_add_suite(sr, cgroup_suite());
	srunner_add_suite(sr, plan_suite());
	srunner_add_suite(sr, explain_suite());
	srunner_add_suite(sr, teach_suite());
	srunner_add_suite(sr, inspect_suite());
	srunner_add_suite(sr, rootless_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
