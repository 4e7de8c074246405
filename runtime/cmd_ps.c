/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ps: the container's processes, as a ps(1) table or --format json. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../libcontainer/cleanup.h"
#include "../libcontainer/container.h"
#include "cli.h"

static bool has_pid(const pid_t *pids, long pid)
{
	for (size_t i = 0; pids && pids[i]; i++)
		if (pids[i] == pid)
			return true;
	return false;
}

/* Run ps(1) with args and keep the header and the lines of the container's pids. */
static int ps_table(const pid_t *pids, char **ps_args, int n_args, struct lc_err *err)
{
	_cleanup_free_ char **argv = calloc((size_t)n_args + 2, sizeof(char *));
	int pipefd[2], pid_col = -1, status;
	char line[4096];
	FILE *f;
	pid_t child;

	if (!argv || pipe2(pipefd, O_CLOEXEC) < 0)
		return lc_err_set(err, errno, "ps");
	argv[0] = "ps";
	for (int i = 0; i < n_args; i++)
		argv[i + 1] = ps_args[i];
	if (n_args == 0)
		argv[1] = "-ef";
	child = fork();
	if (child < 0)
		return lc_err_set(err, errno, "fork ps");
	if (child == 0) {
		dup2(pipefd[1], 1);
		execvp("ps", argv);
		_exit(127);
	}
	close(pipefd[1]);
	f = fdopen(pipefd[0], "r");
	while (f && fgets(line, sizeof(line), f)) {
		char copy[4096], *tok, *save = NULL;
		int col = 0;
		long pid = -1;

		if (pid_col < 0) {
			snprintf(copy, sizeof(copy), "%s", line);
			for (tok = strtok_r(copy, " \t\n", &save); tok;
			     tok = strtok_r(NULL, " \t\n", &save), col++)
				if (strcmp(tok, "PID") == 0)
					pid_col = col;
			fputs(line, stdout);
			continue;
		}
		snprintf(copy, sizeof(copy), "%s", line);
		for (tok = strtok_r(copy, " \t\n", &save); tok && col < pid_col;
		     tok = strtok_r(NULL, " \t\n", &save))
			col++;
		if (tok)
			pid = strtol(tok, NULL, 10);
		if (has_pid(pids, pid))
			fputs(line, stdout);
	}
	if (f)
		fclose(f);
	while (waitpid(child, &status, 0) < 0 && errno == EINTR)
		;
	if (pid_col < 0)
		return lc_err_setx(err, EINVAL, "ps: no PID column in its output");
	return 0;
}

int cmd_ps(int argc, char **argv)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{},
	};
	_cleanup_free_ pid_t *pids = NULL;
	struct lc_err err = {0};
	bool json = false;
	int c;

	while ((c = getopt_long(argc, argv, "+f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "json") && strcmp(optarg, "table"))
				return cli_usage(argv[0], "--format: expected table or json");
			json = strcmp(optarg, "json") == 0;
			break;
		case 'h':
			printf("Usage: runh ps [--format table|json] ID [-- PS-ARGS...]\n");
			return 0;
		default:
			return cli_usage(argv[0], "invalid option");
		}
	}
	if (optind >= argc)
		return cli_usage(argv[0], "expected a container id");
	if (lc_container_pids(cli.root, argv[optind], &pids, &err) < 0)
		return cli_fail(&err);
	if (json) {
		printf("[");
		for (size_t i = 0; pids && pids[i]; i++)
			printf("%s%d", i ? "," : "", (int)pids[i]);
		printf("]\n");
		return 0;
	}
	optind++;
	if (optind < argc && strcmp(argv[optind], "--") == 0)
		optind++;
	return ps_table(pids, argv + optind, argc - optind, &err) < 0 ? cli_fail(&err) : 0;
}
