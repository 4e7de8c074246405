/* SPDX-License-Identifier: GPL-2.0-or-later */
/* State JSON encode/decode (see state_json.h). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_gen.h>

#include "../libcontainer/cleanup.h"
#include "../libcontainer/util.h"
#include "json.h"
#include "state_json.h"

static const char *const status_names[] = {
	[SPEC_STATUS_CREATING] = "creating", [SPEC_STATUS_CREATED] = "created",
	[SPEC_STATUS_RUNNING] = "running",   [SPEC_STATUS_PAUSED] = "paused",
	[SPEC_STATUS_STOPPED] = "stopped",
};

const char *spec_status_name(enum spec_status s)
{
	return (size_t)s < ARRAY_SIZE(status_names) ? status_names[s] : "unknown";
}

int spec_status_from_name(const char *name, enum spec_status *ret)
{
	for (size_t i = 0; i < ARRAY_SIZE(status_names); i++)
		if (strcmp(status_names[i], name) == 0) {
			*ret = (enum spec_status)i;
			return 0;
		}
	return -EINVAL;
}

static void gen_kv(yajl_gen g, const char *k, const char *v)
{
	spec_gen_str(g, k);
	spec_gen_str(g, v ? v : "");
}

static void take_buf(yajl_gen g, bool newline, char **ret, size_t *ret_len)
{
	*ret = spec_gen_finish(g, newline);
	if (ret_len)
		*ret_len = strlen(*ret);
}

static void gen_state(yajl_gen g, const struct spec_state *st, enum spec_state_fmt fmt)
{
	yajl_gen_map_open(g);
	gen_kv(g, "ociVersion", st->oci_version);
	gen_kv(g, "id", st->id);
	spec_gen_str(g, "pid");
	yajl_gen_integer(g, st->pid);
	gen_kv(g, "status", spec_status_name(st->status));
	gen_kv(g, "bundle", st->bundle);
	gen_kv(g, "rootfs", st->rootfs);
	gen_kv(g, "created", st->created);
	if (st->owner)
		gen_kv(g, "owner", st->owner);
	if (st->n_annotations) {
		spec_gen_str(g, "annotations");
		yajl_gen_map_open(g);
		for (size_t i = 0; i < st->n_annotations; i++)
			gen_kv(g, st->annotations[i].key, st->annotations[i].value);
		yajl_gen_map_close(g);
	}
	if (fmt == SPEC_STATE_INTERNAL) {
		char num[24]; /* unsigned: a value read back above 2^63 must not turn negative */
		int n = snprintf(num, sizeof(num), "%" PRIu64, st->init_start_time);

		spec_gen_str(g, "runhInitStartTime");
		yajl_gen_number(g, num, (size_t)n);
		spec_gen_str(g, "runhPidNamespace");
		yajl_gen_bool(g, st->use_pid_ns);
		if (st->cgroup_path)
			gen_kv(g, "runhCgroupPath", st->cgroup_path);
		if (st->cgroup_top)
			gen_kv(g, "runhCgroupTop", st->cgroup_top);
		if (st->has_post_hooks) {
			spec_gen_str(g, "runhPostHooks");
			yajl_gen_bool(g, 1);
		}
		if (st->shared_root) {
			spec_gen_str(g, "runhSharedRoot");
			yajl_gen_bool(g, 1);
			n = snprintf(num, sizeof(num), "%" PRIu64, st->root_below);
			spec_gen_str(g, "runhRootBelow");
			yajl_gen_number(g, num, (size_t)n);
			if (st->mntns_path)
				gen_kv(g, "runhMntNs", st->mntns_path);
			n = snprintf(num, sizeof(num), "%" PRIu64, st->mntns_ino);
			spec_gen_str(g, "runhMntNsIno");
			yajl_gen_number(g, num, (size_t)n);
		}
	}
	yajl_gen_map_close(g);
}

int spec_state_to_json(const struct spec_state *st, enum spec_state_fmt fmt, char **ret,
		       size_t *ret_len)
{
	/* Indented only for people. */
	yajl_gen g = spec_gen_new(fmt == SPEC_STATE_PUBLIC_PRETTY ? "  " : NULL);

	gen_state(g, st, fmt);
	take_buf(g, fmt == SPEC_STATE_PUBLIC_PRETTY, ret, ret_len);
	return 0;
}

int spec_process_state_to_json(const struct spec_state *st, int pid, const char *metadata,
			       char **ret, size_t *ret_len)
{
	yajl_gen g = spec_gen_new(NULL);

	yajl_gen_map_open(g);
	gen_kv(g, "ociVersion", st->oci_version);
	spec_gen_str(g, "fds");
	yajl_gen_array_open(g);
	spec_gen_str(g, "seccompFd");
	yajl_gen_array_close(g);
	spec_gen_str(g, "pid");
	yajl_gen_integer(g, pid);
	gen_kv(g, "metadata", metadata);
	spec_gen_str(g, "state");
	gen_state(g, st, SPEC_STATE_PUBLIC_COMPACT);
	yajl_gen_map_close(g);
	take_buf(g, false, ret, ret_len);
	return 0;
}

static int parse_annotations(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_state *st = obj;

	return spec_get_string_map(ctx, v, &st->annotations, &st->n_annotations);
}

static int parse_status(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_state *st = obj;
	_cleanup_free_ char *name = NULL;
	int r;

	r = spec_get_string(ctx, v, &name);
	if (r < 0)
		return r;
	if (spec_status_from_name(name, &st->status) < 0)
		return spec_fail(ctx, "unknown status '%s'", name);
	return 0;
}

static int parse_pid(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_state *st = obj;
	int32_t pid;
	int r;

	r = spec_get_i32(ctx, v, &pid);
	if (r < 0)
		return r;
	if (pid < 0)
		return spec_fail(ctx, "negative pid %d", pid);
	st->pid = pid;
	return 0;
}

int spec_state_parse(const char *text, size_t len, const char *fname, struct spec_state **ret,
		     struct lc_err *err)
{
	_cleanup_(spec_state_freep) struct spec_state *st = NULL;
	struct spec_ctx ctx = {.fname = fname, .err = err};
	static const struct spec_field fields[] = {
		SPEC_FIELD("ociVersion", SPEC_F_STR, struct spec_state, oci_version),
		SPEC_FIELD("id", SPEC_F_STR, struct spec_state, id),
		SPEC_FIELD_FN("pid", parse_pid),
		SPEC_FIELD_FN("status", parse_status),
		SPEC_FIELD("bundle", SPEC_F_STR, struct spec_state, bundle),
		SPEC_FIELD("rootfs", SPEC_F_STR, struct spec_state, rootfs),
		SPEC_FIELD("created", SPEC_F_STR, struct spec_state, created),
		SPEC_FIELD("owner", SPEC_F_STR, struct spec_state, owner),
		SPEC_FIELD_FN("annotations", parse_annotations),
		SPEC_FIELD("runhInitStartTime", SPEC_F_U64, struct spec_state, init_start_time),
		SPEC_FIELD("runhPidNamespace", SPEC_F_BOOL, struct spec_state, use_pid_ns),
		SPEC_FIELD("runhCgroupPath", SPEC_F_STR, struct spec_state, cgroup_path),
		SPEC_FIELD("runhCgroupTop", SPEC_F_STR, struct spec_state, cgroup_top),
		SPEC_FIELD("runhPostHooks", SPEC_F_BOOL, struct spec_state, has_post_hooks),
		SPEC_FIELD("runhSharedRoot", SPEC_F_BOOL, struct spec_state, shared_root),
		SPEC_FIELD("runhRootBelow", SPEC_F_U64, struct spec_state, root_below),
		SPEC_FIELD("runhMntNs", SPEC_F_STR, struct spec_state, mntns_path),
		SPEC_FIELD("runhMntNsIno", SPEC_F_U64, struct spec_state, mntns_ino),
	};
	yajl_val tree = NULL;
	int r;

	r = spec_json_parse(text, len, fname, &tree, err);
	if (r < 0)
		return r;
	st = xcalloc(1, sizeof(*st));
	r = spec_walk_object(&ctx, tree, fields, ARRAY_SIZE(fields), st);
	if (r == 0)
		r = spec_require(&ctx, st->id, "id");
	if (r == 0) {
		const char *key[] = {"status", NULL};
		yajl_val status = yajl_tree_get(tree, key, yajl_t_string);

		r = spec_require(&ctx, status, "status");
	}
	yajl_tree_free(tree);
	if (r < 0)
		return r;
	*ret = TAKE_PTR(st);
	return 0;
}

struct spec_state *spec_state_free(struct spec_state *st)
{
	if (!st)
		return NULL;
	free(st->oci_version);
	free(st->id);
	free(st->bundle);
	for (size_t i = 0; i < st->n_annotations; i++) {
		free(st->annotations[i].key);
		free(st->annotations[i].value);
	}
	free(st->annotations);
	free(st->created);
	free(st->owner);
	free(st->rootfs);
	free(st->cgroup_path);
	free(st->cgroup_top);
	free(st->mntns_path);
	free(st);
	return NULL;
}

void spec_state_freep(struct spec_state **st)
{
	spec_state_free(*st);
}
