/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * exec: run a process in a running container.  The process is --process FILE (what
 * containerd passes) or the container's own process with args and flags overriding it.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../libcontainer/cleanup.h"
#include "../libcontainer/exec.h"
#include "../libcontainer/state.h"
#include "../libcontainer/util.h"
#include "../spec/spec.h"
#include "cli.h"

static const char exec_help[] =
	"Usage: runh exec [options] ID [COMMAND [ARG...]]\n"
	"  -p, --process FILE      the process JSON (runtime-spec `process`) to run\n"
	"  -d, --detach            return once the process runs\n"
	"  --pid-file FILE         write its host pid to FILE\n"
	"  --cwd DIR               working directory inside the container\n"
	"  -e, --env KEY=VALUE     set an environment variable (repeatable)\n"
	"  -u, --user UID[:GID]    run as this user\n"
	"  -g, --additional-gids N add a supplementary group (repeatable)\n"
	"  -c, --cap CAP           add a capability (repeatable)\n"
	"  --no-new-privs          set noNewPrivileges\n"
	"  --preserve-fds N        pass N more fds after stdio\n"
	"  --cgroup SUB            join the container's existing sub-cgroup SUB\n"
	"  -t, --tty               allocate a pty (interactive, or to --console-socket)\n"
	"  --console-socket PATH   send the pty master to this unix socket\n";

struct exec_args {
	const char *process_file, *pid_file, *cwd, *user;
	char **env, **caps;
	size_t n_env, n_caps;
	uint32_t *gids;
	size_t n_gids;
	bool detach, nnp, tty;
	const char *console_socket, *sub_cgroup;
	int preserve_fds;
};

static char **push(char **v, size_t *n, const char *s)
{
	v = xrealloc(v, (*n + 2) * sizeof(char *));
	v[(*n)++] = xstrdup(s);
	v[*n] = NULL;
	return v;
}

static int parse_args(int argc, char **argv, struct exec_args *a)
{
	static const struct option opts[] = {
		{"process", required_argument, NULL, 'p'},
		{"detach", no_argument, NULL, 'd'},
		{"pid-file", required_argument, NULL, 'P'},
		{"cwd", required_argument, NULL, 'C'},
		{"env", required_argument, NULL, 'e'},
		{"user", required_argument, NULL, 'u'},
		{"additional-gids", required_argument, NULL, 'g'},
		{"cap", required_argument, NULL, 'c'},
		{"no-new-privs", no_argument, NULL, 'N'},
		{"preserve-fds", required_argument, NULL, 'F'},
		{"tty", no_argument, NULL, 't'},
		{"console-socket", required_argument, NULL, 'S'},
		{"cgroup", required_argument, NULL, 'G'},
		{"help", no_argument, NULL, 'h'},
		{},
	};
	int c;

	while ((c = getopt_long(argc, argv, "+p:de:u:g:c:th", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			a->process_file = optarg;
			break;
		case 'd':
			a->detach = true;
			break;
		case 'P':
			a->pid_file = optarg;
			break;
		case 'C':
			a->cwd = optarg;
			break;
		case 'e':
			if (!strchr(optarg, '=') || optarg[0] == '=')
				return cli_usage(argv[0], "--env: expected KEY=VALUE");
			a->env = push(a->env, &a->n_env, optarg);
			break;
		case 'u':
			a->user = optarg;
			break;
		case 'g': {
			uint64_t g;

			if (lc_parse_u64(optarg, &g) < 0 || g > UINT32_MAX)
				return cli_usage(argv[0], "--additional-gids: expected a gid");
			a->gids = xrealloc(a->gids, (a->n_gids + 1) * sizeof(uint32_t));
			a->gids[a->n_gids++] = (uint32_t)g;
			break;
		}
		case 'c':
			a->caps = push(a->caps, &a->n_caps, optarg);
			break;
		case 'N':
			a->nnp = true;
			break;
		case 'F': {
			uint64_t n;

			if (lc_parse_u64(optarg, &n) < 0 || n > 1 << 20)
				return cli_usage(argv[0], "--preserve-fds: expected a count");
			a->preserve_fds = (int)n;
			break;
		}
		case 't':
			a->tty = true;
			break;
		case 'S':
			a->console_socket = optarg;
			break;
		case 'G':
			/* An existing sub-cgroup of the container's, the same path in every
			 * hierarchy; runc's per-controller "ctrl:path" form is not supported. */
			if (strchr(optarg, ':') || strstr(optarg, "..") || optarg[0] == '/')
				return cli_usage(argv[0],
						 "--cgroup: expected a relative sub-cgroup path");
			a->sub_cgroup = optarg;
			break;
		case 'h':
			fputs(exec_help, stdout);
			exit(0);
		default:
			return cli_usage(argv[0], "invalid option");
		}
	}
	if (optind >= argc)
		return cli_usage(argv[0], "expected a container id");
	return 0;
}

static void add_cap(char ***set, size_t *n, const char *cap)
{
	if (!lc_strv_contains((const char *const *)*set, *n, cap))
		*set = push(*set, n, cap);
}

/* The container's process with the command line's overrides. */
static int merge(struct spec_process *p, const struct exec_args *a, int argc, char **argv,
		 struct lc_err *err)
{
	if (optind + 1 < argc) {
		lc_strv_free(p->args);
		p->args = NULL;
		p->n_args = 0;
		for (int i = optind + 1; i < argc; i++)
			p->args = push(p->args, &p->n_args, argv[i]);
	} else if (!a->process_file)
		return lc_err_setx(err, EINVAL, "exec: give a command or --process FILE");
	if (a->cwd) {
		free(p->cwd);
		p->cwd = xstrdup(a->cwd);
	}
	for (size_t i = 0; i < a->n_env; i++)
		p->env = push(p->env, &p->n_env, a->env[i]);
	if (a->user) {
		uint64_t uid, gid = 0;
		_cleanup_free_ char *u = xstrdup(a->user);
		char *colon = strchr(u, ':');

		if (colon)
			*colon++ = '\0';
		if (lc_parse_u64(u, &uid) < 0 || uid > UINT32_MAX ||
		    (colon && (lc_parse_u64(colon, &gid) < 0 || gid > UINT32_MAX)))
			return lc_err_setx(err, EINVAL, "exec: --user '%s': expected UID[:GID]",
					   a->user);
		p->user.uid = (uint32_t)uid;
		p->user.gid = colon ? (uint32_t)gid : p->user.gid;
	}
	if (a->n_gids) {
		free(p->user.additional_gids);
		p->user.additional_gids = xcalloc(a->n_gids, sizeof(uint32_t));
		memcpy(p->user.additional_gids, a->gids, a->n_gids * sizeof(uint32_t));
		p->user.n_additional_gids = a->n_gids;
	}
	if (a->n_caps && !p->capabilities)
		p->capabilities = xcalloc(1, sizeof(*p->capabilities));
	for (size_t i = 0; i < a->n_caps; i++) {
		struct spec_capabilities *c = p->capabilities;

		add_cap(&c->bounding, &c->n_bounding, a->caps[i]);
		add_cap(&c->effective, &c->n_effective, a->caps[i]);
		add_cap(&c->permitted, &c->n_permitted, a->caps[i]);
	}
	if (a->nnp)
		p->no_new_privileges = true;
	if (a->tty)
		p->terminal = true;
	else if (!a->process_file)
		p->terminal = false; /* the container's own terminal setting is not exec's */
	if (a->console_socket && !p->terminal)
		return lc_err_setx(err, EINVAL, "exec: --console-socket needs --tty");
	return 0;
}

/* runc: a failure of the runtime itself (no such container or program, paused, bad pid
 * file, ...) exits 255, so that a caller tells it from the process's own status; usage
 * errors exit 1. */
static int exec_fail(const struct lc_err *err)
{
	(void)cli_fail(err);
	return 255;
}

int cmd_exec(int argc, char **argv)
{
	struct exec_args a = {0};
	_cleanup_(spec_config_freep) struct spec_config *cfg = NULL;
	_cleanup_close_ int root = -1, dfd = -1;
	struct lc_err err = {0};
	struct lc_exec_opts o = {.root = cli.root};
	int r, status = 0;

	r = parse_args(argc, argv, &a);
	if (r)
		return r;
	o.id = argv[optind];
	if (lc_state_validate_id(o.id, &err) < 0)
		return exec_fail(&err);
	root = lc_state_open_root(cli.root, false, &err);
	dfd = root >= 0 ? lc_state_open_dir(root, o.id, &err) : -1;
	if (root < 0 || dfd < 0) {
		lc_err_setx(&err, ENOENT, "container does not exist: %s", o.id);
		return exec_fail(&err);
	}
	if (spec_parse_config_file(dfd, "config.json", &cfg, &err) < 0)
		return exec_fail(&err);
	if (a.process_file) {
		_cleanup_free_ char *text = NULL;
		_cleanup_close_ int fd = open(a.process_file, O_RDONLY | O_CLOEXEC);
		struct spec_process *p = NULL;
		size_t len;

		if (fd < 0 || lc_read_all(fd, SPEC_CONFIG_MAX_BYTES, &text, &len) < 0) {
			lc_err_set(&err, errno, "exec: --process '%s'", a.process_file);
			return exec_fail(&err);
		}
		if (spec_parse_process(text, len, a.process_file, &p, &err) < 0)
			return exec_fail(&err);
		spec_process_free(cfg->process);
		cfg->process = p;
	}
	if (merge(cfg->process, &a, argc, argv, &err) < 0)
		return exec_fail(&err);
	o.cfg = cfg;
	o.process = cfg->process;
	o.detach = a.detach;
	o.pid_file = a.pid_file;
	o.console_socket = a.console_socket;
	o.sub_cgroup = a.sub_cgroup;
	o.preserve_fds = a.preserve_fds;
	r = lc_container_exec(&o, &status, &err);
	lc_strv_free(a.env);
	lc_strv_free(a.caps);
	free(a.gids);
	if (r < 0)
		return exec_fail(&err);
	return status;
}
