/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Every unit-test suite; main.c runs them all. */
#ifndef RUNH_TEST_SUITES_H
#define RUNH_TEST_SUITES_H

#include <check.h>

Suite *parse_suite(void);
Suite *parse_invalid_suite(void);
Suite *convert_suite(void);
Suite *state_json_suite(void);
Suite *error_suite(void);
Suite *sync_suite(void);
Suite *safepath_suite(void);
Suite *cgroup_suite(void);
Suite *plan_suite(void);
Suite *explain_suite(void);
Suite *teach_suite(void);
Suite *inspect_suite(void);
Suite *rootless_suite(void);

/* Read tests/unit/data/NAME (the test binary runs from the top of the tree). */
char *test_read_data(const char *name, size_t *ret_len);

#endif
