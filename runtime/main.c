/* SPDX-License-Identifier: GPL-2.0-or-later */
/* runh: global options, the command table, dispatch.  The only place that exits. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../libcontainer/error.h"
#include "../libcontainer/rootless.h"
#include "../libcontainer/state.h"
#include "../libcontainer/util.h"
#include "cli.h"

struct command {
	const char *name;
	cli_cmd_fn fn;
	const char *summary;
	bool stateless; /* needs no state root (spec, features; audit of a bundle) */
};

static const struct command commands[] = {
	{"create", cmd_create, "create a container (its process waits for 'start')"},
	{"start", cmd_start, "start the process of a created container"},
	{"run", cmd_run, "create and start a container, wait for it, return its exit status"},
	{"exec", cmd_exec, "run a new process in a running container"},
	{"state", cmd_state, "print the OCI state of a container as JSON"},
	{"list", cmd_list, "list containers (table, -q ids, --format json)"},
	{"kill", cmd_kill, "send a signal (name or number, default TERM) to the container"},
	{"delete", cmd_delete, "remove a container (--force kills it first)"},
	{"pause", cmd_pause, "freeze every process of the container (cgroup freezer)"},
	{"resume", cmd_resume, "thaw a paused container"},
	{"update", cmd_update, "change a container's cgroup limits (--resources JSON or flags)"},
	{"events", cmd_events,
	 "container stats as JSON (--stats once; else every --interval, and OOMs)"},
	{"ps", cmd_ps, "list the container's processes (--format json: host pids)"},
	{"features", cmd_features, "print the runtime-spec features JSON of this build", true},
	{"audit", cmd_audit,
	 "judge a config against CIS Docker Benchmark rules (exit 1 on findings)", true},
	{"inspect", cmd_inspect,
	 "what a live container has next to what its config asked (exit 1 on a mismatch)"},
	{"spec", cmd_spec, "write a default config.json (--rootless, --hardened, --bundle DIR)",
	 true},
};

static void usage(FILE *out)
{
	fprintf(out, "Usage: runh [global options] COMMAND [options] [ARGS]\n"
		     "\n"
		     "runh runs OCI containers (runtime-spec 1.0 to 1.3) with a runc-compatible\n"
		     "command line.\n"
		     "\n"
		     "Commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(out,
		"\n"
		"Global options:\n"
		"  --root DIR          state directory (default /run/runh; without root\n"
		"                      $XDG_RUNTIME_DIR/runh)\n"
		"  --log FILE          write log lines (and errors) to FILE\n"
		"  --log-format FMT    text (default) or json: {\"level\",\"msg\",\"time\"} lines\n"
		"  --debug             also log debug lines\n"
		"  --explain           narrate each step (namespaces, id maps, cgroups, mounts,\n"
		"                      capabilities, seccomp ...) on stderr: man runh-explain(8)\n"
		"  --systemd-cgroup    use systemd for cgroups (not supported yet: refused)\n"
		"  --rootless VALUE    true, false or auto (default): true uses only the cgroups\n"
		"                      the caller can write; auto = true when not root\n"
		"  -v, --version       print the version\n"
		"  -h, --help          print this help\n"
		"\n"
		"'runh COMMAND --help' (or 'runh help COMMAND') describes a command; man runh(8)\n"
		"has the details.\n");
}

/* "runh help": the usage; "runh help COMMAND": what "runh COMMAND --help" prints. */
static int help(int argc, char **argv)
{
	struct lc_err err = {0};
	char *sub[3] = {NULL, "--help", NULL};

	if (argc == 1) {
		usage(stdout);
		return 0;
	}
	for (size_t i = 0; argc == 2 && i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0) {
			sub[0] = argv[1];
			optind = 0;
			return commands[i].fn(2, sub);
		}
	lc_err_setx(&err, EINVAL, "help: unknown command '%s' (see 'runh --help')", argv[1]);
	return cli_fail(&err);
}

/* The default --root, once a command needs it (spec works without a state root). */
static int set_root(const struct command *c, struct lc_err *err)
{
	static char *owned;

	if (cli.root)
		return 0;
	if (lc_state_default_root(&owned, err) < 0) {
		if (!c->stateless)
			return -err->code;
		owned = xstrdup(LC_STATE_ROOT_DEFAULT); /* audit ID: refused at the open */
	}
	cli.root = owned;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"root", required_argument, NULL, 'r'},
		{"log", required_argument, NULL, 'l'},
		{"log-format", required_argument, NULL, 'f'},
		{"debug", no_argument, NULL, 'd'},
		{"explain", no_argument, NULL, 'x'},
		{"systemd-cgroup", no_argument, NULL, 's'},
		{"rootless", required_argument, NULL, 'R'},
		{"version", no_argument, NULL, 'v'},
		{"help", no_argument, NULL, 'h'},
		{},
	};
	enum lc_rootless rootless = LC_ROOTLESS_AUTO;
	bool systemd = false;
	struct lc_err err = {0};
	int c;

	while ((c = getopt_long(argc, argv, "+vh", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			cli.root = optarg;
			break;
		case 'l':
			cli.log_path = optarg;
			break;
		case 'f':
			if (strcmp(optarg, "json") == 0)
				cli.log_json = true;
			else if (strcmp(optarg, "text") != 0)
				return cli_usage("runh", "--log-format: expected text or json");
			break;
		case 'd':
			cli.debug = true;
			break;
		case 'x':
			cli.explain = true;
			break;
		case 's':
			systemd = true;
			break;
		case 'R':
			if (lc_rootless_parse(optarg, &rootless, &err) < 0)
				return cli_usage("runh", err.msg);
			break;
		case 'v':
			printf("runh version %s\ncommit: %s\nspec: 1.3.0\n", RUNH_VERSION,
			       RUNH_COMMIT);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 1;
		}
	}
	if (cli_log_open(&err) < 0)
		return cli_fail(&err);
	if (systemd) {
		lc_err_setx(&err, EOPNOTSUPP,
			    "--systemd-cgroup: the systemd cgroup driver is not supported "
			    "yet; use the default cgroupfs driver");
		return cli_fail(&err);
	}
	if (optind >= argc) {
		usage(stderr);
		return 1;
	}
	cli.rootless = lc_rootless_resolve(rootless);
	if (strcmp(argv[optind], "help") == 0) /* runh help [COMMAND], as runc has it */
		return help(argc - optind, argv + optind);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[optind], commands[i].name) == 0) {
			char **sub = argv + optind;
			int n = argc - optind;

			if (set_root(&commands[i], &err) < 0)
				return cli_fail(&err);

			optind = 0; /* getopt restarts for the command's own options */
			return commands[i].fn(n, sub);
		}
	lc_err_setx(&err, EINVAL, "unknown command '%s' (see 'runh --help')", argv[optind]);
	return cli_fail(&err);
}
