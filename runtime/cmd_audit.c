/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * runh audit: judge a bundle's config.json (or a container's, or every container's)
 * against the rules of spec/audit.c.  Exit 0 clean, 1 when a finding reaches --fail-on,
 * 2 on usage or parse errors, so that it can gate a pipeline.
 */
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
#include "../libcontainer/log.h"
#include "../libcontainer/util.h"
#include "../spec/audit.h"
#include "cli.h"

static const char audit_help[] =
	"Usage: runh audit [options] [ID]\n"
	"  Judge config.json against CIS Docker Benchmark rules (man runh-audit(8)).\n"
	"  -b, --bundle DIR     audit DIR/config.json (default: the current directory)\n"
	"  -c, --config FILE    audit FILE\n"
	"  ID                   audit the config of container ID\n"
	"  -a, --all            audit every container under --root\n"
	"  -f, --format FMT     table (default) or json\n"
	"  --fail-on LEVEL      exit 1 when a finding is at or above low|medium|high (default high)\n"
	"  --rules              list the rules\n"
	"  --any-host           judge for any host: also recommend what this one cannot\n"
	"                       apply (an AppArmor profile without AppArmor, ...)\n"
	"Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage or parse error.\n";

struct audit_opts {
	const char *bundle, *config, *id;
	bool all, json, rules, any_host;
	int fail_on;
};

static int fail2(const struct lc_err *err)
{
	cli_fail(err);
	return 2;
}

static int parse_opts(int argc, char **argv, struct audit_opts *o)
{
	static const struct option opts[] = {
		{"bundle", required_argument, NULL, 'b'},
		{"config", required_argument, NULL, 'c'},
		{"all", no_argument, NULL, 'a'},
		{"format", required_argument, NULL, 'f'},
		{"fail-on", required_argument, NULL, 'F'},
		{"rules", no_argument, NULL, 'R'},
		{"help", no_argument, NULL, 'h'},
		{"any-host", no_argument, NULL, 'H'},
		{},
	};
	struct lc_err err = {0};
	int c;

	o->fail_on = SPEC_SEV_HIGH;
	while ((c = getopt_long(argc, argv, "b:c:af:h", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			o->bundle = optarg;
			break;
		case 'c':
			o->config = optarg;
			break;
		case 'a':
			o->all = true;
			break;
		case 'f':
			if (strcmp(optarg, "json") && strcmp(optarg, "table")) {
				lc_err_setx(&err, EINVAL,
					    "audit: --format: expected table or json");
				return fail2(&err);
			}
			o->json = strcmp(optarg, "json") == 0;
			break;
		case 'F':
			o->fail_on = spec_severity_from_name(optarg);
			if (o->fail_on < 0) {
				lc_err_setx(&err, EINVAL,
					    "audit: --fail-on: expected low, medium or high");
				return fail2(&err);
			}
			break;
		case 'R':
			o->rules = true;
			break;
		case 'H':
			o->any_host = true;
			break;
		case 'h':
			fputs(audit_help, stdout);
			exit(0);
		default:
			lc_err_setx(&err, EINVAL,
				    "audit: invalid option (see 'runh audit --help')");
			return fail2(&err);
		}
	}
	if (optind < argc)
		o->id = argv[optind++];
	if (optind < argc || !!o->id + !!o->bundle + !!o->config + o->all > 1) {
		lc_err_setx(&err, EINVAL, "audit: give one of --bundle, --config, ID or --all");
		return fail2(&err);
	}
	return 0;
}

/* Parse the config at path (a file) into *ret; 2 on error after printing it. */
static int load(const char *path, struct spec_config **ret)
{
	_cleanup_free_ char *dir = NULL;
	_cleanup_close_ int dfd = -1;
	struct lc_err err = {0};
	const char *slash = strrchr(path, '/');

	dir = slash ? strndup(path, (size_t)(slash - path) + 1) : xstrdup(".");
	dfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		lc_err_set(&err, errno, "audit: '%s'", dir);
		return fail2(&err);
	}
	if (spec_parse_config_file_lenient(dfd, slash ? slash + 1 : path, ret, &err) < 0)
		return fail2(&err);
	return 0;
}

static void print_rules(void)
{
	for (size_t i = 0; i < spec_audit_n_rules; i++)
		printf("%-20s %-5s %s\n", spec_audit_rules[i].rule, spec_audit_rules[i].cis,
		       spec_audit_rules[i].title);
}

int cmd_audit(int argc, char **argv)
{
	struct audit_opts o = {0};
	struct spec_state **list = NULL;
	size_t n = 0, n_rep = 0;
	struct lc_err err = {0};
	struct spec_audit *reps;
	char **paths, **sources;
	enum spec_severity worst = 0;
	int r = parse_opts(argc, argv, &o);

	if (r)
		return r;
	if (o.rules) {
		print_rules();
		return 0;
	}
	if (o.all || o.id) {
		if (o.all && lc_container_list(cli.root, &list, &n, &err) < 0)
			return fail2(&err);
		if (o.id) {
			list = xcalloc(1, sizeof(*list));
			if (lc_container_state(cli.root, o.id, &list[0], &err) < 0)
				return fail2(&err);
			n = 1;
		}
	} else
		n = 1;
	reps = xcalloc(n ? n : 1, sizeof(*reps));
	paths = xcalloc(n + 1, sizeof(char *));
	sources = xcalloc(n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++) {
		struct spec_config *cfg = NULL;
		struct spec_audit_host host;

		if (list) {
			paths[i] = xasprintf("%s/config.json", list[i]->bundle);
			sources[i] = xasprintf("container %s (%s)", list[i]->id, paths[i]);
		} else {
			paths[i] = o.config
					   ? xstrdup(o.config)
					   : xasprintf("%s/config.json", o.bundle ? o.bundle : ".");
			sources[i] = xstrdup(paths[i]);
		}
		r = load(paths[i], &cfg);
		if (r)
			goto out;
		lc_audit_host(cfg, &host);
		if (o.any_host)
			host.no_apparmor = host.no_selinux = false;
		spec_audit_config_host(cfg, &host, &reps[i]);
		lc_audit_host_free(&host);
		spec_config_free(cfg);
		if (spec_audit_max(&reps[i]) > worst)
			worst = spec_audit_max(&reps[i]);
		n_rep++;
	}
	if (o.json) {
		const struct spec_audit **rp = xcalloc(n ? n : 1, sizeof(*rp));
		char *text;

		for (size_t i = 0; i < n; i++)
			rp[i] = &reps[i];
		text = spec_audit_json(rp, (const char *const *)sources, n, o.all);
		fputs(text, stdout);
		free(text);
		free(rp);
	} else {
		for (size_t i = 0; i < n; i++) {
			char *text = spec_audit_table(&reps[i], sources[i]);

			printf("%s%s", i ? "\n" : "", text);
			free(text);
		}
	}
	r = (int)worst >= o.fail_on ? 1 : 0;
out:
	for (size_t i = 0; i < n; i++) {
		if (i < n_rep)
			spec_audit_free(&reps[i]);
		free(paths[i]);
		free(sources[i]);
		if (list)
			spec_state_free(list[i]);
	}
	free(list);
	free(reps);
	free(paths);
	free(sources);
	return r;
}
