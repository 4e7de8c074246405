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
	"  -r, --resources FILE|-   linux.resources JSON (from a file or stdin); the flags are then\n"
	"                           ignored\n"
	"  --memory SIZE            memory limit (-1: none; k, m, g suffixes: 50M)\n"
	"  --memory-swap SIZE       memory+swap limit (-1: none)\n"
	"  --memory-reservation SIZE soft memory limit\n"
	"  --cpu-share(s) N         cpu shares (weight on cgroup v2)\n"
	"  --cpu-quota N            cpu quota in microseconds per period (-1: none)\n"
	"  --cpu-period N           cpu period in microseconds\n"
	"  --cpu-rt-period N        realtime period in microseconds (cgroup v1)\n"
	"  --cpu-rt-runtime N       realtime runtime in microseconds (cgroup v1)\n"
	"  --cpuset-cpus LIST       cpus the container may use\n"
	"  --cpuset-mems LIST       memory nodes the container may use\n"
	"  --pids-limit N           maximum number of tasks (-1: none)\n"
	"  --blkio-weight N         block I/O weight (10 to 1000)\n"
	"A value of 0 (or an empty list) leaves that limit as it is, as with runc.\n";

static int num(const char *s, int64_t *ret)
{
	return lc_parse_i64(s, ret);
}

/* A size as runc's update flags take it (go-units RAMInBytes): "-1", bytes, or k/m/g/t/p
 * with an optional "i" and "b", binary multiples: "50M" = 52428800, "1.5g". */
static int parse_size(const char *s, int64_t *ret)
{
	static const char units[] = "kmgtp";
	const char *p = s, *u;
	long double v;
	char *end;
	int shift = 0;

	if (strcmp(s, "-1") == 0) {
		*ret = -1;
		return 0;
	}
	if (*p < '0' || *p > '9')
		return -EINVAL;
	errno = 0;
	v = strtold(p, &end);
	if (errno || end == p)
		return -EINVAL;
	p = end;
	if (*p == ' ')
		p++;
	if (*p && (u = strchr(units, *p | 0x20))) {
		shift = 10 * (int)(u - units + 1);
		p++;
	}
	if (*p == 'i' || *p == 'I')
		p++;
	if (*p == 'b' || *p == 'B')
		p++;
	if (*p)
		return -EINVAL;
	v *= (long double)(1ULL << shift);
	if (v >= 9223372036854775807.0L)
		return -ERANGE;
	*ret = (int64_t)v;
	return 0;
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
		{"cpu-share", required_argument, NULL, 'S'},
		{"cpu-rt-period", required_argument, NULL, 'T'},
		{"cpu-rt-runtime", required_argument, NULL, 'U'},
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
		if (c == '?') {
			spec_resources_free(res);
			return cli_usage(argv[0], "invalid option");
		}
		if ((c == 'm' || c == 's' || c == 'R') ? parse_size(optarg, &v) < 0
						       : num(optarg, &v) < 0) {
			spec_resources_free(res);
			return cli_usage(argv[0],
					 (c == 'm' || c == 's' || c == 'R')
						 ? "expected a size (bytes, or with k, m, g)"
						 : "expected a number");
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
		case 'T':
			cpu(res)->realtime_period = (struct spec_opt_u64){true, (uint64_t)v};
			break;
		case 'U':
			cpu(res)->realtime_runtime = (struct spec_opt_i64){true, v};
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
