/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pause and resume: the container's cgroup freezer. */
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

static int pause_resume(int argc, char **argv, bool pause)
{
	struct lc_err err = {0};

	if (argc == 2 && strcmp(argv[1], "--help") == 0) {
		printf("Usage: runh %s ID\n", pause ? "pause" : "resume");
		return 0;
	}
	if (argc != 2 || argv[1][0] == '-')
		return cli_usage(argv[0], "expected exactly one container id");
	return lc_container_pause(cli.root, argv[1], pause, &err) < 0 ? cli_fail(&err) : 0;
}

int cmd_pause(int argc, char **argv)
{
	return pause_resume(argc, argv, true);
}

int cmd_resume(int argc, char **argv)
{
	return pause_resume(argc, argv, false);
}
