/* SPDX-License-Identifier: GPL-2.0-or-later */
/* state and list: what runh knows of its containers. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../libcontainer/cleanup.h"
#include "../libcontainer/container.h"
#include "../libcontainer/util.h"
#include "../spec/state_json.h"
#include "cli.h"

int cmd_state(int argc, char **argv)
{
	_cleanup_(spec_state_freep) struct spec_state *st = NULL;
	_cleanup_free_ char *json = NULL;
	struct lc_err err = {0};
	int c;

	while ((c = getopt_long(argc, argv, "h",
				(const struct option[]){{"help", 0, NULL, 'h'}, {}}, NULL)) != -1) {
		if (c == 'h') {
			printf("Usage: runh state ID\n");
			return 0;
		}
		return cli_usage(argv[0], "invalid option");
	}
	if (optind != argc - 1)
		return cli_usage(argv[0], "expected exactly one container id");
	if (lc_container_state(cli.root, argv[optind], &st, &err) < 0)
		return cli_fail(&err);
	if (spec_state_to_json(st, SPEC_STATE_PUBLIC_PRETTY, &json, NULL) < 0)
		return 1;
	fputs(json, stdout);
	return 0;
}

static void free_list(struct spec_state **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		spec_state_free(list[i]);
	free(list);
}

static void print_json_list(struct spec_state **list, size_t n)
{
	fputc('[', stdout);
	for (size_t i = 0; i < n; i++) {
		_cleanup_free_ char *json = NULL;

		if (spec_state_to_json(list[i], SPEC_STATE_PUBLIC_COMPACT, &json, NULL) == 0)
			printf("%s%s", i ? "," : "", json);
	}
	fputs("]\n", stdout);
}

int cmd_list(int argc, char **argv)
{
	static const struct option opts[] = {
		{"quiet", no_argument, NULL, 'q'},
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{},
	};
	struct spec_state **list = NULL;
	struct lc_err err = {0};
	bool quiet = false, json = false;
	size_t n = 0;
	int c;

	while ((c = getopt_long(argc, argv, "qf:h", opts, NULL)) != -1) {
		switch (c) {
		case 'q':
			quiet = true;
			break;
		case 'f':
			if (strcmp(optarg, "json") == 0)
				json = true;
			else if (strcmp(optarg, "table") != 0)
				return cli_usage(argv[0], "--format: expected table or json");
			break;
		case 'h':
			printf("Usage: runh list [-q] [--format table|json]\n");
			return 0;
		default:
			return cli_usage(argv[0], "invalid option");
		}
	}
	if (lc_container_list(cli.root, &list, &n, &err) < 0)
		return cli_fail(&err);
	if (json)
		print_json_list(list, n);
	else if (quiet)
		for (size_t i = 0; i < n; i++)
			printf("%s\n", list[i]->id);
	else {
		printf("%-20s %-8s %-10s %-40s %-30s %s\n", "ID", "PID", "STATUS", "BUNDLE",
		       "CREATED", "OWNER");
		for (size_t i = 0; i < n; i++)
			printf("%-20s %-8d %-10s %-40s %-30s %s\n", list[i]->id, list[i]->pid,
			       spec_status_name(list[i]->status), list[i]->bundle, list[i]->created,
			       list[i]->owner && list[i]->owner[0] ? list[i]->owner : "root");
	}
	free_list(list, n);
	return 0;
}
