/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * config.json, as `create`/`run` read it (strict) and as `audit` reads it (lenient, from a
 * file), then the audit of what was accepted, whose JSON report must parse again.
 */
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../../spec/audit.h"
#include "../../spec/json.h"
#include "../../spec/spec.h"
#include "fuzz.h"

static int memfd = -1;
static char memfd_path[64];

static void audit_report(const struct spec_config *cfg)
{
	struct spec_audit a = {0};
	const struct spec_audit *list[1] = {&a};
	const char *src[1] = {"config.json"};
	struct lc_err err = {0};
	yajl_val tree = NULL;
	char *json, *table;

	spec_audit_config(cfg, &a);
	json = spec_audit_json(list, src, 1, false);
	FUZZ_ASSERT(spec_json_parse(json, strlen(json), "report", &tree, &err) == 0, "%s",
		    err.msg);
	yajl_tree_free(tree);
	table = spec_audit_table(&a, "config.json");
	free(table);
	free(json);
	spec_audit_free(&a);
}

static void lenient(const uint8_t *data, size_t size)
{
	struct spec_config *cfg = NULL;
	struct lc_err err = {0};
	int r;

	if (memfd < 0) {
		memfd = memfd_create("config.json", MFD_CLOEXEC);
		FUZZ_ASSERT(memfd >= 0, "memfd_create");
		snprintf(memfd_path, sizeof(memfd_path), "/proc/self/fd/%d", memfd);
	}
	FUZZ_ASSERT(ftruncate(memfd, 0) == 0, "ftruncate");
	FUZZ_ASSERT(pwrite(memfd, data, size, 0) == (ssize_t)size, "pwrite");
	r = spec_parse_config_file_lenient(AT_FDCWD, memfd_path, &cfg, &err);
	fuzz_check_result(r, cfg, &err, memfd_path);
	if (r == 0) {
		audit_report(cfg);
		spec_config_free(cfg);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct spec_config *cfg = NULL;
	struct lc_err err = {0};
	int r;

	r = spec_parse_config((const char *)data, size, "config.json", &cfg, &err);
	fuzz_check_result(r, cfg, &err, "config.json");
	spec_config_free(cfg);
	lenient(data, size);
	return 0;
}
