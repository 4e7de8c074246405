/* SPDX-License-Identifier: GPL-2.0-or-later */
/* create, start, run, kill, delete. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../libcontainer/cleanup.h"
#include "../libcontainer/container.h"
#include "../libcontainer/state.h"
#include "../libcontainer/log.h"
#include "../libcontainer/util.h"
#include "../spec/audit.h"
#include "../spec/spec.h"
#include "cli.h"

struct create_args {
	struct lc_create_opts o;
	char *config_text; /* what was parsed; the state dir keeps exactly this */
	int audit;	   /* 0 off, 1 warn, 2 enforce */
	int audit_level;   /* enforce threshold */
	const char *bundle;
	bool detach;
	bool keep;
	bool help;
};

static const char create_help[] =
	"Usage: runh %s [options] ID\n"
	"  -b, --bundle DIR        bundle directory holding config.json (default: .)\n"
	"  --pid-file FILE         write the container's init pid to FILE\n"
	"  --no-pivot              move the rootfs to / and chroot instead of pivot_root\n"
	"  --preserve-fds N        pass N more fds after stdio (3 .. 3+N-1)\n"
	"  --no-new-keyring        accepted for compatibility (runh does not create keyrings)\n"
	"  --console-socket PATH   process.terminal: send the pty master to this unix socket\n"
	"  --audit=warn|enforce[:LEVEL]  run `runh audit` first: log the findings, or refuse\n"
	"                          to create with findings at or above LEVEL (default high)\n"
	"%s";

static int parse_create(int argc, char **argv, bool is_run, struct create_args *a)
{
	static const struct option opts[] = {
		{"bundle", required_argument, NULL, 'b'},
		{"pid-file", required_argument, NULL, 'p'},
		{"no-pivot", no_argument, NULL, 'P'},
		{"preserve-fds", required_argument, NULL, 'f'},
		{"no-new-keyring", no_argument, NULL, 'k'},
		{"console-socket", required_argument, NULL, 'c'},
		{"detach", no_argument, NULL, 'd'},
		{"keep", no_argument, NULL, 'K'},
		{"audit", required_argument, NULL, 'A'},
		{"help", no_argument, NULL, 'h'},
		{},
	};
	int c;

	while ((c = getopt_long(argc, argv, is_run ? "b:dh" : "b:h", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			a->bundle = optarg;
			break;
		case 'p':
			a->o.pid_file = optarg;
			break;
		case 'P':
			a->o.no_pivot = true;
			break;
		case 'f': {
			char *end;
			long n = strtol(optarg, &end, 10);

			if (*end || n < 0 || n > 1 << 20)
				return cli_usage(argv[0], "--preserve-fds: expected a count");
			a->o.preserve_fds = (int)n;
			break;
		}
		case 'k':
			break;
		case 'A': {
			const char *colon = strchr(optarg, ':');
			size_t len = colon ? (size_t)(colon - optarg) : strlen(optarg);

			a->audit_level = SPEC_SEV_HIGH;
			if (len == 4 && strncmp(optarg, "warn", 4) == 0)
				a->audit = 1;
			else if (len == 7 && strncmp(optarg, "enforce", 7) == 0)
				a->audit = 2;
			else
				return cli_usage(argv[0],
						 "--audit: expected warn or enforce[:LEVEL]");
			if (colon && (a->audit_level = spec_severity_from_name(colon + 1)) < 0)
				return cli_usage(argv[0], "--audit: LEVEL is low, medium or high");
			break;
		}
		case 'c':
			a->o.console_socket = optarg;
			break;
		case 'd':
			if (!is_run)
				return cli_usage(argv[0], "unknown option --detach");
			a->detach = true;
			break;
		case 'K':
			if (!is_run)
				return cli_usage(argv[0], "unknown option --keep");
			a->keep = true;
			break;
		case 'h':
			printf(create_help, argv[0],
			       is_run ? "  -d, --detach            return once the container runs\n"
					"  --keep                  keep the state after it exits\n"
				      : "");
			a->help = true;
			return 0;
		default:
			return cli_usage(argv[0], "invalid option");
		}
	}
	if (optind != argc - 1)
		return cli_usage(argv[0], "expected exactly one container id");
	a->o.id = argv[optind];
	a->o.root = cli.root;
	a->o.rootless = cli.rootless;
	return 0;
}

/* Load config.json from the bundle; the bundle path is made absolute. */
static int load_bundle(struct create_args *a, struct spec_config **ret_cfg, char **ret_bundle,
		       struct lc_err *err)
{
	char real[PATH_MAX];
	_cleanup_close_ int dfd = -1;
	const char *b = a->bundle ? a->bundle : ".";
	int r;

	if (!realpath(b, real))
		return lc_err_set(err, errno, "bundle '%s'", b);
	dfd = open(real, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return lc_err_set(err, errno, "bundle '%s'", b);
	r = lc_read_file_at(dfd, "config.json", SPEC_CONFIG_MAX_BYTES, &a->config_text,
			    &a->o.config_len, err);
	if (r == -EFBIG)
		return lc_err_setx(err, EFBIG, "config.json: larger than %u bytes",
				   SPEC_CONFIG_MAX_BYTES);
	if (r < 0)
		return lc_err_set(err, -r, "open config.json");
	a->o.config_text = a->config_text;
	r = spec_parse_config(a->config_text, a->o.config_len, "config.json", ret_cfg, err);
	if (r < 0)
		return r;
	/* *ret_cfg is the caller's to free from here on, also on failure. */
	for (size_t i = 0; i < (*ret_cfg)->warnings.n; i++)
		lc_warn("%s", (*ret_cfg)->warnings.v[i].text);
	if (a->o.console_socket && !((*ret_cfg)->process && (*ret_cfg)->process->terminal))
		return lc_err_setx(err, EINVAL, "--console-socket needs process.terminal: true");
	*ret_bundle = strdup(real);
	return 0;
}

/* Socket activation (runc's behaviour): LISTEN_FDS fds after stdio are kept for the
 * container, ahead of --preserve-fds, and the process is told so (LISTEN_PID=1). */
static int listen_fds(void)
{
	const char *v = getenv("LISTEN_FDS");
	char *end;
	long n;

	if (!v)
		return 0;
	n = strtol(v, &end, 10);
	return *end || n <= 0 || n > 1 << 16 ? 0 : (int)n;
}

/* --audit: warnings in the log, or refusal with the findings as the error. */
static int audit_gate(const struct create_args *a, const struct spec_config *cfg,
		      struct lc_err *err)
{
	struct spec_audit rep;
	char list[LC_ERR_MSG_MAX / 2] = "";
	size_t blocking = 0;

	struct spec_audit_host host;

	lc_audit_host(cfg, &host);
	spec_audit_config_host(cfg, &host, &rep);
	lc_audit_host_free(&host);
	for (size_t i = 0; i < rep.n; i++) {
		const struct spec_finding *f = &rep.findings[i];

		if (a->audit == 1 || (int)f->severity < a->audit_level) {
			lc_warn("audit: %s %s (CIS %s) at %s: %s", spec_severity_name(f->severity),
				f->rule, f->cis, f->path, f->risk);
			continue;
		}
		blocking++;
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s (%s)",
			 blocking > 1 ? ", " : "", f->rule, f->path);
	}
	spec_audit_free(&rep);
	if (blocking)
		return lc_err_setx(err, EPERM, "audit: %zu finding%s at or above %s: %s", blocking,
				   blocking > 1 ? "s" : "", spec_severity_name(a->audit_level),
				   list);
	return 0;
}

/* The id is taken: say by what, and what frees it. */
static void hint_existing(const char *id, struct lc_err *err)
{
	struct spec_state *st = NULL;
	struct lc_err e2 = {0};
	size_t len = strlen(err->msg);

	if (lc_container_state(cli.root, id, &st, &e2) < 0)
		return;
	if (st->status == SPEC_STATUS_STOPPED)
		snprintf(err->msg + len, sizeof(err->msg) - len,
			 " (it has stopped: 'runh delete %s' removes it, then the id is free)", id);
	else
		snprintf(err->msg + len, sizeof(err->msg) - len,
			 " (it is %s: 'runh delete --force %s' stops and removes it)",
			 spec_status_name(st->status), id);
	spec_state_free(st);
}

/* A foreground run says why the container ended when it was not a plain exit: killed by
 * a signal (the OOM killer, seccomp...), or some process in it OOM-killed. */
static void report_exit(const char *id, const struct lc_exit *ex)
{
	struct lc_err e = {0};

	if (!ex->why[0] ||
	    (strncmp(ex->why, "exited with status ", 19) == 0 && !strchr(ex->why, ';')))
		return;
	lc_err_setx(&e, EIO, "container '%s' %s", id, ex->why);
	(void)cli_fail(&e);
}

static int create_or_run(int argc, char **argv, bool is_run)
{
	struct create_args a = {0};
	_cleanup_(spec_config_freep) struct spec_config *cfg = NULL;
	_cleanup_free_ char *bundle = NULL;
	_cleanup_free_ char *config_text = NULL; /* owns a.config_text */
	struct lc_err err = {0};
	struct lc_exit ex = {0};
	int r;
	pid_t pid;

	r = parse_create(argc, argv, is_run, &a);
	if (r != 0 || a.help)
		return r;
	r = lc_state_validate_id(a.o.id, &err);
	if (r == 0)
		r = load_bundle(&a, &cfg, &bundle, &err);
	config_text = a.config_text;
	a.o.listen_fds = listen_fds();
	if (r == 0 && a.audit)
		r = audit_gate(&a, cfg, &err);
	if (r < 0)
		return cli_fail(&err);
	a.o.bundle = bundle;
	if (!is_run) {
		r = lc_container_create(&a.o, cfg, &pid, &err);
		if (r == -EEXIST)
			hint_existing(a.o.id, &err);
		return r < 0 ? cli_fail(&err) : 0;
	}
	r = lc_container_run(&a.o, cfg, a.detach, a.keep, &ex, &err);
	if (r == -EEXIST)
		hint_existing(a.o.id, &err);
	if (r < 0)
		return cli_fail(&err);
	report_exit(a.o.id, &ex);
	return ex.status;
}

int cmd_create(int argc, char **argv)
{
	return create_or_run(argc, argv, false);
}

int cmd_run(int argc, char **argv)
{
	return create_or_run(argc, argv, true);
}

/* Commands of the form "runh CMD [--flag] ID": returns the id or NULL after printing. */
static const char *one_id(int argc, char **argv, const char *help, bool *flag,
			  const char *flag_name, int *ret)
{
	const struct option opts[] = {
		{flag_name ? flag_name : "no-such-flag", no_argument, NULL, 'F'},
		{"help", no_argument, NULL, 'h'},
		{},
	};
	int c;

	*ret = 0;
	while ((c = getopt_long(argc, argv, flag_name ? "fah" : "h", opts, NULL)) != -1) {
		if (c == 'F' || c == 'f' || c == 'a')
			*flag = true;
		else if (c == 'h') {
			fputs(help, stdout);
			return NULL;
		} else {
			*ret = cli_usage(argv[0], "invalid option");
			return NULL;
		}
	}
	if (optind >= argc) {
		*ret = cli_usage(argv[0], "expected a container id");
		return NULL;
	}
	return argv[optind];
}

int cmd_start(int argc, char **argv)
{
	struct lc_err err = {0};
	bool unused = false;
	const char *id;
	int r;

	id = one_id(argc, argv, "Usage: runh start ID\n", &unused, NULL, &r);
	if (!id)
		return r;
	if (optind != argc - 1)
		return cli_usage(argv[0], "expected exactly one container id");
	return lc_container_start(cli.root, id, &err) < 0 ? cli_fail(&err) : 0;
}

int cmd_kill(int argc, char **argv)
{
	struct lc_err err = {0};
	bool all = false;
	const char *id;
	int r, sig = 15;

	id = one_id(argc, argv,
		    "Usage: runh kill [--all] ID [SIGNAL]\n"
		    "  SIGNAL: a name (TERM, SIGKILL) or a number (0: only check that it lives);\n"
		    "          default TERM\n"
		    "  -a, --all   signal every process in the container's cgroup (also once the\n"
		    "              init has exited)\n",
		    &all, "all", &r);
	if (!id)
		return r;
	if (optind + 1 < argc) {
		sig = cli_parse_signal(argv[optind + 1]);
		if (sig < 0)
			return cli_usage(argv[0], "unknown signal");
	}
	if (optind + 2 < argc)
		return cli_usage(argv[0], "too many arguments");
	return lc_container_kill(cli.root, id, sig, all, &err) < 0 ? cli_fail(&err) : 0;
}

int cmd_delete(int argc, char **argv)
{
	struct lc_err err = {0};
	bool force = false;
	const char *id;
	int r;

	id = one_id(argc, argv,
		    "Usage: runh delete [--force] ID\n"
		    "  -f, --force   kill a running container first\n",
		    &force, "force", &r);
	if (!id)
		return r;
	if (optind != argc - 1)
		return cli_usage(argv[0], "expected exactly one container id");
	r = lc_container_delete(cli.root, id, force, &err);
	if (r < 0 && force && err.code == ENOENT)
		return 0; /* runc: delete --force of a missing container succeeds */
	return r < 0 ? cli_fail(&err) : 0;
}
