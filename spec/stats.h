/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Container statistics (runh events) as plain data, and their JSON as runc prints it. */
#ifndef RUNH_SPEC_STATS_H
#define RUNH_SPEC_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "spec.h"

struct spec_stats {
	uint64_t cpu_total, cpu_kernel, cpu_user; /* ns */
	uint64_t *percpu;
	size_t n_percpu;
	uint64_t periods, throttled_periods, throttled_time;
	uint64_t mem_usage, mem_limit, mem_max, mem_failcnt, mem_cache;
	uint64_t swap_usage, swap_limit;
	struct spec_kv *mem_raw; /* memory.stat */
	size_t n_mem_raw;
	uint64_t pids_current, pids_limit;
	uint64_t oom_kills;
};

void spec_stats_free(struct spec_stats *s);
/* {"type": type, "id": id, "data": {...}} (data only for "stats"); one line. */
char *spec_event_json(const char *type, const char *id, const struct spec_stats *s);
/* {"type":"exit","id":id,"data":{"status":137,"reason":"killed by SIGKILL: ..."}};
 * no data when status < 0 (not known). */
char *spec_exit_event_json(const char *id, int status, const char *why);

#endif
