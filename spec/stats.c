/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Events JSON (see stats.h): the field names containerd's runc shim reads. */
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_gen.h>

#include "../libcontainer/util.h"
#include "json.h"
#include "stats.h"

static void gu(yajl_gen g, const char *k, uint64_t v)
{
	spec_gen_str(g, k);
	yajl_gen_integer(g, (long long)v);
}

static void gen_data(yajl_gen g, const struct spec_stats *s)
{
	yajl_gen_map_open(g);
	spec_gen_str(g, "cpu");
	yajl_gen_map_open(g);
	spec_gen_str(g, "usage");
	yajl_gen_map_open(g);
	gu(g, "total", s->cpu_total);
	spec_gen_str(g, "percpu");
	yajl_gen_array_open(g);
	for (size_t i = 0; i < s->n_percpu; i++)
		yajl_gen_integer(g, (long long)s->percpu[i]);
	yajl_gen_array_close(g);
	gu(g, "kernel", s->cpu_kernel);
	gu(g, "user", s->cpu_user);
	yajl_gen_map_close(g);
	spec_gen_str(g, "throttling");
	yajl_gen_map_open(g);
	gu(g, "periods", s->periods);
	gu(g, "throttledPeriods", s->throttled_periods);
	gu(g, "throttledTime", s->throttled_time);
	yajl_gen_map_close(g);
	yajl_gen_map_close(g);
	spec_gen_str(g, "memory");
	yajl_gen_map_open(g);
	gu(g, "cache", s->mem_cache);
	spec_gen_str(g, "usage");
	yajl_gen_map_open(g);
	gu(g, "limit", s->mem_limit);
	gu(g, "usage", s->mem_usage);
	gu(g, "max", s->mem_max);
	gu(g, "failcnt", s->mem_failcnt);
	yajl_gen_map_close(g);
	spec_gen_str(g, "swap");
	yajl_gen_map_open(g);
	gu(g, "limit", s->swap_limit);
	gu(g, "usage", s->swap_usage);
	yajl_gen_map_close(g);
	spec_gen_str(g, "raw");
	yajl_gen_map_open(g);
	for (size_t i = 0; i < s->n_mem_raw; i++)
		gu(g, s->mem_raw[i].key, strtoull(s->mem_raw[i].value, NULL, 10));
	yajl_gen_map_close(g);
	yajl_gen_map_close(g);
	spec_gen_str(g, "pids");
	yajl_gen_map_open(g);
	gu(g, "current", s->pids_current);
	gu(g, "limit", s->pids_limit);
	yajl_gen_map_close(g);
	yajl_gen_map_close(g);
}

char *spec_event_json(const char *type, const char *id, const struct spec_stats *s)
{
	yajl_gen g = spec_gen_new(NULL);

	yajl_gen_map_open(g);
	spec_gen_str(g, "type");
	spec_gen_str(g, type);
	spec_gen_str(g, "id");
	spec_gen_str(g, id);
	if (s) {
		spec_gen_str(g, "data");
		gen_data(g, s);
	}
	yajl_gen_map_close(g);
	return spec_gen_finish(g, true);
}

char *spec_exit_event_json(const char *id, int status, const char *why)
{
	yajl_gen g = spec_gen_new(NULL);

	yajl_gen_map_open(g);
	spec_gen_str(g, "type");
	spec_gen_str(g, "exit");
	spec_gen_str(g, "id");
	spec_gen_str(g, id);
	if (status >= 0) {
		spec_gen_str(g, "data");
		yajl_gen_map_open(g);
		spec_gen_str(g, "status");
		yajl_gen_integer(g, status);
		if (why && *why) {
			spec_gen_str(g, "reason");
			spec_gen_str(g, why);
		}
		yajl_gen_map_close(g);
	}
	yajl_gen_map_close(g);
	return spec_gen_finish(g, true);
}

void spec_stats_free(struct spec_stats *s)
{
	free(s->percpu);
	for (size_t i = 0; i < s->n_mem_raw; i++) {
		free(s->mem_raw[i].key);
		free(s->mem_raw[i].value);
	}
	free(s->mem_raw);
	memset(s, 0, sizeof(*s));
}
