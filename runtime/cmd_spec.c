/* SPDX-License-Identifier: GPL-2.0-or-later */
/* spec: write a default (or --hardened / --rootless) config.json. */
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

int cmd_spec(int argc, char **argv)
{
	static const struct option opts[] = {
		{"bundle", required_argument, NULL, 'b'},
		{"rootless", no_argument, NULL, 'r'},
		{"hardened", no_argument, NULL, 'H'},
		{"help", no_argument, NULL, 'h'},
		{},
	};
	_cleanup_free_ char *text = NULL;
	bool hardened = false;
	_cleanup_close_ int dfd = -1;
	const char *bundle = ".";
	bool rootless = false;
	struct lc_err err = {0};
	int c;

	while ((c = getopt_long(argc, argv, "b:h", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			bundle = optarg;
			break;
		case 'r':
			rootless = true;
			break;
		case 'H':
			hardened = true;
			break;
		case 'h':
			printf("Usage: runh spec [--rootless] [--hardened] [-b DIR]\n"
			       "  Writes DIR/config.json (default ./config.json); refuses to overwrite.\n"
			       "  --rootless: a config this user can run without root (a user\n"
			       "  namespace mapping its uid/gid to root, no cgroup limits).\n"
			       "  --hardened: non-root, read-only, no capabilities, default seccomp\n"
			       "  profile, limits, every namespace (CIS items in runh-spec(8)).\n");
			return 0;
		default:
			return cli_usage(argv[0], "invalid option");
		}
	}
	if (optind != argc)
		return cli_usage(argv[0], "takes no arguments");
	dfd = open(bundle, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		lc_err_set(&err, errno, "bundle '%s'", bundle);
		return cli_fail(&err);
	}
	if (faccessat(dfd, "config.json", F_OK, AT_SYMLINK_NOFOLLOW) == 0) {
		lc_err_setx(&err, EEXIST, "File %s/config.json exists. Remove it first", bundle);
		return cli_fail(&err);
	}
	text = hardened ? spec_hardened_config(rootless, getuid(), getgid())
			: spec_default_config(rootless, getuid(), getgid());
	if (lc_write_file_at(dfd, "config.json", text, strlen(text), 0644, &err) < 0)
		return cli_fail(&err);
	return 0;
}
