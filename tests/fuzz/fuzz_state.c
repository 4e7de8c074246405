/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * <root>/<id>/state.json as every command reads it; what is accepted must come back the
 * same through the writer (state.json is rewritten by start, pause, ...), and the public
 * forms (`runh state`, hooks' stdin) must parse too.
 */
#include "../../spec/state_json.h"
#include "fuzz.h"

static bool str_eq(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static void same(const struct spec_state *a, const struct spec_state *b)
{
	FUZZ_ASSERT(str_eq(a->oci_version, b->oci_version), "ociVersion");
	FUZZ_ASSERT(str_eq(a->id, b->id) && a->status == b->status, "id/status");
	FUZZ_ASSERT(a->pid == b->pid, "pid %d != %d", a->pid, b->pid);
	FUZZ_ASSERT(str_eq(a->bundle, b->bundle) && str_eq(a->rootfs, b->rootfs), "bundle");
	FUZZ_ASSERT(str_eq(a->created, b->created) && str_eq(a->owner, b->owner), "created");
	FUZZ_ASSERT(a->n_annotations == b->n_annotations, "annotations");
	for (size_t i = 0; i < a->n_annotations; i++)
		FUZZ_ASSERT(str_eq(a->annotations[i].key, b->annotations[i].key) &&
				    str_eq(a->annotations[i].value, b->annotations[i].value),
			    "annotation %zu", i);
	FUZZ_ASSERT(a->init_start_time == b->init_start_time, "runhInitStartTime %llu != %llu",
		    (unsigned long long)a->init_start_time,
		    (unsigned long long)b->init_start_time);
	FUZZ_ASSERT(a->use_pid_ns == b->use_pid_ns, "runhPidNamespace");
	FUZZ_ASSERT(str_eq(a->cgroup_path, b->cgroup_path), "runhCgroupPath");
	FUZZ_ASSERT(str_eq(a->cgroup_top, b->cgroup_top), "runhCgroupTop");
	FUZZ_ASSERT(a->has_post_hooks == b->has_post_hooks, "runhPostHooks");
}

static void round_trip(const struct spec_state *st)
{
	static const enum spec_state_fmt fmts[] = {SPEC_STATE_INTERNAL, SPEC_STATE_PUBLIC_PRETTY,
						   SPEC_STATE_PUBLIC_COMPACT};

	for (size_t i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		struct spec_state *back = NULL;
		struct lc_err err = {0};
		char *text = NULL;
		size_t len = 0;

		FUZZ_ASSERT(spec_state_to_json(st, fmts[i], &text, &len) == 0, "to_json");
		FUZZ_ASSERT(spec_state_parse(text, len, "state.json", &back, &err) == 0,
			    "written state does not parse: %s\n%s", err.msg, text);
		if (fmts[i] == SPEC_STATE_INTERNAL)
			same(st, back);
		spec_state_free(back);
		free(text);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct spec_state *st = NULL;
	struct lc_err err = {0};
	int r;

	r = spec_state_parse((const char *)data, size, "state.json", &st, &err);
	fuzz_check_result(r, st, &err, "state.json");
	if (r == 0) {
		round_trip(st);
		spec_state_free(st);
	}
	return 0;
}
