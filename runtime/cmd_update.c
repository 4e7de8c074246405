/* SPDX-License-Identifier: GPL-2.0-or-later */
/* update: change a running container's cgroup limits (--resources JSON or flags). */
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
#include "../spec/spec.h"
#include "cli.h"

static const char update_help[] =
	"Usage: runh update [options] ID\n"
	"  -r, --resources FILE|-   linux.resources JSON (from a file or stdin)\n"
	"  --memory N               memory limit in bytes (-1: none)\n"
	"  --memory-swap N          memory+swap limit in bytes (-1: none)\n"
	"  --memory-reservation N   soft memory limit in bytes\n"
	"  --cpu-shares N           cpu shares (weight on cgroup v2)\n"
	"  --cpu-quota N            cpu quota in microseconds per period (-1: none)\n"
	"  --cpu-period N           cpu period in microseconds\n"
	"  --cpuset-cpus LIST       cpus the container may use\n"
	"  --cpuset-mems LIST       memory nodes the container may use\n"
	"  --pids-limit N           maximum number of tasks (-1: none)\n"
	"  --blkio-weight N         block I/O weight (10 to 1000)\n";

static int num(const char *s, int64_t *ret)
{
	return lc_parse_i64(s, ret);
}

static struct spec_memory *mem(struct spec_resources *r)
{
	if (!r->memory)
		r->memory = xcalloc(1, sizeof(*r->memory));
	return r->memory;
}

static struct spec_cpu *cpu(struct spec_resources *r)
{
	if (!r->cpu)
		r->cpu = xcalloc(1, sizeof(*r->cpu));
	return r->cpu;
}

static int load_resources(const char *path, struct spec_resources **ret, struct lc_err *err)
{
	_cleanup_close_ int fd = strcmp(path, "-") == 0 ? dup(0) : open(path, O_RDONLY | O_CLOEXEC);
	_cleanup_free_ char *text = NULL;
	size_t len;

	if (fd < 0 || lc_read_all(fd, SPEC_CONFIG_MAX_BYTES, &text, &len) < 0)
		return lc_err_set(err, errno, "update: --resources '%s'", path);
	return spec_parse_resources_json(text, len, strcmp(path, "-") ? path : "resources", ret,
					 err);
}

int cmd_update(int argc, char **argv)
{
	static const struct option opts[] = {
		{"resources", required_argument, NULL, 'r'},
		{"memory", required_argument, NULL, 'm'},
		{"memory-swap", required_argument, NULL, 's'},
		{"memory-reservation", required_argument, NULL, 'R'},
		{"cpu-shares", required_argument, NULL, 'S'},
		{"cpu-quota", required_argument, NULL, 'Q'},
		{"cpu-period", required_argument, NULL, 'P'},
		{"cpuset-cpus", required_argument, NULL, 'C'},
		{"cpuset-mems", required_argument, NULL, 'M'},
		{"pids-limit", required_argument, NULL, 'p'},
		{"blkio-weight", required_argument, NULL, 'b'},
		{"help", no_argument, NULL, 'h'},
		{},
	};
	struct spec_resources *res = NULL;
	struct lc_err err = {0};
	const char *file = NULL;
	int64_t v;
	int c, r;

	res = xcalloc(1, sizeof(*res));
	while ((c = getopt_long(argc, argv, "r:h", opts, NULL)) != -1) {
		if (c == 'h') {
			fputs(update_help, stdout);
			spec_resources_free(res);
			return 0;
		}
		if (c == 'r') {
			file = optarg;
			continue;
		}
		if (c == 'C' || c == 'M') {
			char **dst = c == 'C' ? &cpu(res)->cpus : &cpu(res)->mems;

			free(*dst);
			*dst = xstrdup(optarg);
			continue;
		}
		if (c == '?' || num(optarg, &v) < 0) {
			spec_resources_free(res);
			return cli_usage(argv[0], c == '?' ? "invalid option" : "expected a number");
		}
		switch (c) {
		case 'm':
			mem(res)->limit = (struct spec_opt_i64){true, v};
			break;
		case 's':
			mem(res)->swap = (struct spec_opt_i64){true, v};
			break;
		case 'R':
			mem(res)->reservation = (struct spec_opt_i64){true, v};
			break;
		case 'S':
			cpu(res)->shares = (struct spec_opt_u64){true, (uint64_t)v};
			break;
		case 'Q':
			cpu(res)->quota = (struct spec_opt_i64){true, v};
			break;
		case 'P':
			cpu(res)->period = (struct spec_opt_u64){true, (uint64_t)v};
			break;
		case 'p':
			res->has_pids_limit = true;
			res->pids_limit = v;
			break;
		case 'b':
			if (!res->blockio)
				res->blockio = xcalloc(1, sizeof(*res->blockio));
			res->blockio->has_weight = true;
			res->blockio->weight = (uint16_t)v;
			break;
		}
	}
	if (optind != argc - 1) {
		spec_resources_free(res);
		return cli_usage(argv[0], "expected exactly one container id");
	}
	if (file) {
		spec_resources_free(res);
		res = NULL;
		if (load_resources(file, &res, &err) < 0)
			return cli_fail(&err);
	}
	r = lc_container_update(cli.root, argv[optind], res, &err);
	spec_resources_free(res);
	return r < 0 ? cli_fail(&err) : 0;
}
