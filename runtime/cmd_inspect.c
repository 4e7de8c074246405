/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inspect: what the kernel says a live container has, next to what its config asked
 * (libcontainer/inspect.h builds the rows), as a table grouped by topic or as JSON (the
 * schema is in man runh-inspect(8)).  Exit 0 when every row matches, 1 on a MISMATCH,
 * 2 on usage errors or a container that cannot be inspected, as runh audit.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "../libcontainer/cleanup.h"
#include "../libcontainer/inspect.h"
#include "cli.h"

static const char inspect_help[] =
	"Usage: runh inspect [--format table|json] ID\n"
	"  What the kernel says the container has (namespaces, id maps, cgroup, capabilities,\n"
	"  no_new_privs, seccomp, LSM label, mounts, masked paths), read from the host, next\n"
	"  to what its config asked; every row ok, MISMATCH or info (man runh-inspect(8)).\n"
	"  -f, --format FMT     table (default) or json\n"
	"Exit status: 0 all rows match, 1 a MISMATCH, 2 usage error or nothing to inspect.\n";

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void print_json(const struct lc_inspect *in)
{
	printf("{\"schema\":\"runh-inspect/1\",\"id\":");
	json_str(in->id);
	printf(",\"pid\":%d,\"status\":", (int)in->pid);
	json_str(in->status);
	printf(",\"bundle\":");
	json_str(in->bundle);
	printf(",\"config\":");
	json_str(in->config);
	printf(",\"match\":%s,\"summary\":{\"ok\":%zu,\"mismatch\":%zu,\"info\":%zu},\"rows\":[",
	       lc_inspect_count(in, LC_INSPECT_MISMATCH) ? "false" : "true",
	       lc_inspect_count(in, LC_INSPECT_OK), lc_inspect_count(in, LC_INSPECT_MISMATCH),
	       lc_inspect_count(in, LC_INSPECT_INFO));
	for (size_t i = 0; i < in->n_rows; i++) {
		const struct lc_inspect_row *r = &in->rows[i];

		printf("%s{\"topic\":", i ? "," : "");
		json_str(r->topic);
		printf(",\"item\":");
		json_str(r->item);
		printf(",\"asked\":");
		json_str(r->asked);
		printf(",\"has\":");
		json_str(r->has);
		printf(",\"verdict\":");
		json_str(r->verdict == LC_INSPECT_MISMATCH ? "mismatch"
							   : lc_inspect_verdict_name(r->verdict));
		putchar('}');
	}
	printf("]}\n");
}

static int width(const struct lc_inspect *in, bool asked, int min, int max)
{
	int w = min;

	for (size_t i = 0; i < in->n_rows; i++) {
		int n = (int)strlen(asked ? in->rows[i].asked : in->rows[i].item);

		if (n > w)
			w = n;
	}
	return w > max ? max : w;
}

/* The namespaces the container shares with the host, in one line: what a learner looks
 * for first. */
static void shared_namespaces(const struct lc_inspect *in)
{
	bool any = false;

	for (size_t i = 0; i < in->n_rows; i++) {
		const struct lc_inspect_row *r = &in->rows[i];

		if (strcmp(r->topic, "ns") || strncmp(r->has, "host", 4))
			continue;
		printf("%s%s", any ? ", " : "\nshared with the host: ", r->item);
		any = true;
	}
	if (any)
		printf(" namespace(s)\n");
}

static void print_table(const struct lc_inspect *in)
{
	int wi = width(in, false, 4, 30), wa = width(in, true, 5, 36);

	printf("container %s: pid %d, %s; compared with %s\n\n", in->id, (int)in->pid, in->status,
	       in->config);
	printf("%-8s %-*s %-8s  %-*s  %s\n", "TOPIC", wi, "ITEM", "VERDICT", wa, "ASKED", "HAS");
	for (size_t i = 0; i < in->n_rows; i++) {
		const struct lc_inspect_row *r = &in->rows[i];

		if (i && strcmp(r->topic, in->rows[i - 1].topic))
			putchar('\n');
		printf("%-8s %-*s %-8s  %-*s  %s\n", r->topic, wi, r->item,
		       lc_inspect_verdict_name(r->verdict), wa, r->asked, r->has);
	}
	shared_namespaces(in);
	printf("\n%zu rows: %zu ok, %zu MISMATCH, %zu info\n", in->n_rows,
	       lc_inspect_count(in, LC_INSPECT_OK), lc_inspect_count(in, LC_INSPECT_MISMATCH),
	       lc_inspect_count(in, LC_INSPECT_INFO));
}

static int fail2(const struct lc_err *err)
{
	cli_fail(err);
	return 2;
}

int cmd_inspect(int argc, char **argv)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{},
	};
	_cleanup_(lc_inspect_freep) struct lc_inspect *in = NULL;
	struct lc_err err = {0};
	bool json = false;
	int c;

	while ((c = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "json") && strcmp(optarg, "table")) {
				lc_err_setx(&err, EINVAL,
					    "inspect: --format: expected table or json");
				return fail2(&err);
			}
			json = strcmp(optarg, "json") == 0;
			break;
		case 'h':
			fputs(inspect_help, stdout);
			return 0;
		default:
			lc_err_setx(&err, EINVAL,
				    "inspect: invalid option (see 'runh inspect --help')");
			return fail2(&err);
		}
	}
	if (optind != argc - 1) {
		lc_err_setx(
			&err, EINVAL,
			"inspect: expected exactly one container id (see 'runh inspect --help')");
		return fail2(&err);
	}
	if (lc_container_inspect(cli.root, argv[optind], &in, &err) < 0)
		return fail2(&err);
	if (json)
		print_json(in);
	else
		print_table(in);
	return lc_inspect_count(in, LC_INSPECT_MISMATCH) ? 1 : 0;
}
