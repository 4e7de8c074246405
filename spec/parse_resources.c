/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `linux.resources` and `linux.seccomp` of config.json.  Parent side. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../libcontainer/cleanup.h"
#include "../libcontainer/util.h"
#include "convert.h"
#include "parse_internal.h"

static int parse_cg_dev_type(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_device_cgroup *d = obj;
	const char *s;

	if (!YAJL_IS_STRING(v))
		return spec_fail(ctx, "expected a string");
	s = v->u.string;
	if (strlen(s) != 1 || !strchr("acb", s[0]))
		return spec_fail(ctx, "invalid device type '%s' (one of a, c, b)", s);
	d->type = s[0];
	return 0;
}

static int parse_cg_device(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_device_cgroup *d = obj;
	static const struct spec_field fields[] = {
		SPEC_FIELD("allow", SPEC_F_BOOL, struct spec_device_cgroup, allow),
		SPEC_FIELD_FN("type", parse_cg_dev_type),
		SPEC_FIELD("major", SPEC_F_I64, struct spec_device_cgroup, major),
		SPEC_FIELD("minor", SPEC_F_I64, struct spec_device_cgroup, minor),
		SPEC_FIELD("access", SPEC_F_STR, struct spec_device_cgroup, access),
	};
	int r;

	d->major = d->minor = -1;
	r = spec_walk_object(ctx, v, fields, ARRAY_SIZE(fields), d);
	if (r < 0)
		return r;
	r = spec_require(ctx, yajl_tree_get(v, (const char *[]){"allow", NULL}, yajl_t_any),
			 "allow");
	if (r < 0)
		return r;
	if (d->access) {
		size_t len = strlen(d->access);

		if (len == 0 || len > 3 || strspn(d->access, "rwm") != len)
			return spec_fail(ctx, "access: '%s' is not a combination of r, w, m",
					 d->access);
	}
	if (d->major < -1 || d->minor < -1)
		return spec_fail(ctx, "major/minor: -1 (any) or a device number expected");
	return 0;
}

static int parse_memory(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_resources *res = obj;
	static const struct spec_field fields[] = {
		SPEC_FIELD("limit", SPEC_F_OPT_I64, struct spec_memory, limit),
		SPEC_FIELD("reservation", SPEC_F_OPT_I64, struct spec_memory, reservation),
		SPEC_FIELD("swap", SPEC_F_OPT_I64, struct spec_memory, swap),
		SPEC_FIELD("kernel", SPEC_F_OPT_I64, struct spec_memory, kernel),
		SPEC_FIELD("kernelTCP", SPEC_F_OPT_I64, struct spec_memory, kernel_tcp),
		SPEC_FIELD("swappiness", SPEC_F_OPT_U64, struct spec_memory, swappiness),
		SPEC_FIELD_HAS("disableOOMKiller", SPEC_F_BOOL, struct spec_memory,
			       disable_oom_killer, has_disable_oom_killer),
		SPEC_FIELD_HAS("useHierarchy", SPEC_F_BOOL, struct spec_memory, use_hierarchy,
			       has_use_hierarchy),
		SPEC_FIELD_HAS("checkBeforeUpdate", SPEC_F_BOOL, struct spec_memory,
			       check_before_update, has_check_before_update),
	};
	struct spec_memory *m;
	int r;

	m = res->memory = xcalloc(1, sizeof(*m));
	r = spec_walk_object(ctx, v, fields, ARRAY_SIZE(fields), m);
	if (r < 0)
		return r;
	if (m->limit.set && m->limit.v < -1)
		return spec_fail(ctx, "limit: %lld is negative (use -1 for unlimited)",
				 (long long)m->limit.v);
	if (m->swap.set && m->swap.v < -1)
		return spec_fail(ctx, "swap: %lld is negative (use -1 for unlimited)",
				 (long long)m->swap.v);
	if (m->reservation.set && m->reservation.v < -1)
		return spec_fail(ctx, "reservation: %lld is negative", (long long)m->reservation.v);
	if (m->swappiness.set && m->swappiness.v > 100)
		return spec_fail(ctx, "swappiness: %llu out of range (0 to 100)",
				 (unsigned long long)m->swappiness.v);
	return 0;
}

static int parse_cpu(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_resources *res = obj;
	static const struct spec_field fields[] = {
		SPEC_FIELD("shares", SPEC_F_OPT_U64, struct spec_cpu, shares),
		SPEC_FIELD("quota", SPEC_F_OPT_I64, struct spec_cpu, quota),
		SPEC_FIELD("burst", SPEC_F_OPT_U64, struct spec_cpu, burst),
		SPEC_FIELD("period", SPEC_F_OPT_U64, struct spec_cpu, period),
		SPEC_FIELD("realtimeRuntime", SPEC_F_OPT_I64, struct spec_cpu, realtime_runtime),
		SPEC_FIELD("realtimePeriod", SPEC_F_OPT_U64, struct spec_cpu, realtime_period),
		SPEC_FIELD("cpus", SPEC_F_STR, struct spec_cpu, cpus),
		SPEC_FIELD("mems", SPEC_F_STR, struct spec_cpu, mems),
		SPEC_FIELD("idle", SPEC_F_OPT_I64, struct spec_cpu, idle),
	};

	res->cpu = xcalloc(1, sizeof(*res->cpu));
	return spec_walk_object(ctx, v, fields, ARRAY_SIZE(fields), res->cpu);
}

static int parse_pids(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	static const struct spec_field fields[] = {
		SPEC_FIELD_HAS("limit", SPEC_F_I64, struct spec_resources, pids_limit,
			       has_pids_limit),
	};

	return spec_walk_object(ctx, v, fields, ARRAY_SIZE(fields), obj);
}

static int get_u16(struct spec_ctx *ctx, yajl_val v, uint16_t *ret)
{
	uint32_t x;
	int r;

	r = spec_get_u32(ctx, v, &x);
	if (r < 0)
		return r;
	if (x > 65535)
		return spec_fail(ctx, "%u out of range (0 to 65535)", x);
	*ret = (uint16_t)x;
	return 0;
}

static int parse_weight_fn(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_weight_device *w = obj;

	w->has_weight = true;
	return get_u16(ctx, v, &w->weight);
}

static int parse_leaf_weight_fn(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_weight_device *w = obj;

	w->has_leaf_weight = true;
	return get_u16(ctx, v, &w->leaf_weight);
}

static int parse_weight_device(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_weight_device *w = obj;
	static const struct spec_field fields[] = {
		SPEC_FIELD("major", SPEC_F_I64, struct spec_weight_device, major),
		SPEC_FIELD("minor", SPEC_F_I64, struct spec_weight_device, minor),
		SPEC_FIELD_FN("weight", parse_weight_fn),
		SPEC_FIELD_FN("leafWeight", parse_leaf_weight_fn),
	};

	w->major = w->minor = -1;
	int r = spec_walk_object(ctx, v, fields, ARRAY_SIZE(fields), w);
	if (r == 0 && (w->major < 0 || w->minor < 0))
		r = spec_fail(ctx, "major and minor: required");
	return r;
}

static int parse_throttle_device(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_throttle_device *t = obj;
	static const struct spec_field fields[] = {
		SPEC_FIELD("major", SPEC_F_I64, struct spec_throttle_device, major),
		SPEC_FIELD("minor", SPEC_F_I64, struct spec_throttle_device, minor),
		SPEC_FIELD("rate", SPEC_F_U64, struct spec_throttle_device, rate),
	};

	t->major = t->minor = -1;
	int r = spec_walk_object(ctx, v, fields, ARRAY_SIZE(fields), t);
	if (r == 0 && (t->major < 0 || t->minor < 0))
		r = spec_fail(ctx, "major and minor: required");
	return r;
}

static const char *const throttle_keys[4] = {
	"throttleReadBpsDevice",
	"throttleWriteBpsDevice",
	"throttleReadIOPSDevice",
	"throttleWriteIOPSDevice",
};

static int parse_blockio(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_resources *res = obj;
	struct spec_blockio *b;
	int r;

	r = spec_expect_object(ctx, v);
	if (r < 0)
		return r;
	b = res->blockio = xcalloc(1, sizeof(*b));
	for (size_t i = 0; i < v->u.object.len; i++) {
		const char *k = v->u.object.keys[i];
		yajl_val e = v->u.object.values[i];
		size_t saved;

		if (YAJL_IS_NULL(e))
			continue;
		saved = spec_push_key(ctx, k);
		if (strcmp(k, "weight") == 0) {
			b->has_weight = true;
			r = get_u16(ctx, e, &b->weight);
		} else if (strcmp(k, "leafWeight") == 0) {
			b->has_leaf_weight = true;
			r = get_u16(ctx, e, &b->leaf_weight);
		} else if (strcmp(k, "weightDevice") == 0) {
			r = spec_get_array(ctx, e, sizeof(struct spec_weight_device),
					   parse_weight_device, (void **)&b->weight_device,
					   &b->n_weight_device);
		} else {
			r = 0;
			for (int t = 0; t < 4; t++)
				if (strcmp(k, throttle_keys[t]) == 0)
					r = spec_get_array(ctx, e,
							   sizeof(struct spec_throttle_device),
							   parse_throttle_device,
							   (void **)&b->throttle[t],
							   &b->n_throttle[t]);
		}
		if (r < 0)
			return r;
		spec_pop(ctx, saved);
	}
	return 0;
}

static int parse_hugepage(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_hugepage_limit *h = obj;
	static const struct spec_field fields[] = {
		SPEC_FIELD("pageSize", SPEC_F_STR, struct spec_hugepage_limit, page_size),
		SPEC_FIELD("limit", SPEC_F_U64, struct spec_hugepage_limit, limit),
	};
	int r;

	r = spec_walk_object(ctx, v, fields, ARRAY_SIZE(fields), h);
	if (r == 0)
		r = spec_require(ctx, h->page_size, "pageSize");
	return r;
}

static int parse_hugepages(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_resources *res = obj;

	return spec_get_array(ctx, v, sizeof(struct spec_hugepage_limit), parse_hugepage,
			      (void **)&res->hugepage_limits, &res->n_hugepage_limits);
}

static int parse_net_priority(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_net_priority *p = obj;
	static const struct spec_field fields[] = {
		SPEC_FIELD("name", SPEC_F_STR, struct spec_net_priority, name),
		SPEC_FIELD("priority", SPEC_F_U32, struct spec_net_priority, priority),
	};
	int r;

	r = spec_walk_object(ctx, v, fields, ARRAY_SIZE(fields), p);
	if (r == 0)
		r = spec_require(ctx, p->name, "name");
	return r;
}

static int parse_priorities(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_resources *res = obj;

	return spec_get_array(ctx, v, sizeof(struct spec_net_priority), parse_net_priority,
			      (void **)&res->net_priorities, &res->n_net_priorities);
}

static int parse_network(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	static const struct spec_field fields[] = {
		SPEC_FIELD_HAS("classID", SPEC_F_U32, struct spec_resources, net_class_id,
			       has_net_class_id),
		SPEC_FIELD_FN("priorities", parse_priorities),
	};

	return spec_walk_object(ctx, v, fields, ARRAY_SIZE(fields), obj);
}

static int parse_rdma(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_resources *res = obj;
	static const struct spec_field fields[] = {
		SPEC_FIELD_HAS("hcaHandles", SPEC_F_U32, struct spec_rdma, hca_handles,
			       has_hca_handles),
		SPEC_FIELD_HAS("hcaObjects", SPEC_F_U32, struct spec_rdma, hca_objects,
			       has_hca_objects),
	};
	int r;

	r = spec_expect_object(ctx, v);
	if (r < 0)
		return r;
	res->n_rdma = v->u.object.len;
	res->rdma = xcalloc(res->n_rdma, sizeof(*res->rdma));
	for (size_t i = 0; i < res->n_rdma; i++) {
		size_t saved = spec_push_key(ctx, v->u.object.keys[i]);

		res->rdma[i].device = xstrdup(v->u.object.keys[i]);
		r = spec_walk_object(ctx, v->u.object.values[i], fields, ARRAY_SIZE(fields),
				     &res->rdma[i]);
		if (r < 0)
			return r;
		spec_pop(ctx, saved);
	}
	return 0;
}

static int parse_unified(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_resources *res = obj;
	int r;

	r = spec_get_string_map(ctx, v, &res->unified, &res->n_unified);
	if (r < 0)
		return r;
	for (size_t i = 0; i < res->n_unified; i++) {
		const char *k = res->unified[i].key;

		if (k[0] == '\0' || k[0] == '.' || strchr(k, '/'))
			return spec_fail(ctx, "'%s' is not a cgroup file name", k);
	}
	return 0;
}

static int parse_cg_devices(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_resources *res = obj;

	return spec_get_array(ctx, v, sizeof(struct spec_device_cgroup), parse_cg_device,
			      (void **)&res->devices, &res->n_devices);
}

int spec_parse_resources(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_linux *l = obj;
	static const struct spec_field fields[] = {
		SPEC_FIELD_FN("devices", parse_cg_devices),
		SPEC_FIELD_FN("memory", parse_memory),
		SPEC_FIELD_FN("cpu", parse_cpu),
		SPEC_FIELD_FN("pids", parse_pids),
		SPEC_FIELD_FN("blockIO", parse_blockio),
		SPEC_FIELD_FN("hugepageLimits", parse_hugepages),
		SPEC_FIELD_FN("network", parse_network),
		SPEC_FIELD_FN("rdma", parse_rdma),
		SPEC_FIELD_FN("unified", parse_unified),
	};

	l->resources = xcalloc(1, sizeof(*l->resources));
	return spec_walk_object(ctx, v, fields, ARRAY_SIZE(fields), l->resources);
}

/* ---- seccomp ---- */

static int get_action(struct spec_ctx *ctx, yajl_val v, int *ret)
{
	if (!YAJL_IS_STRING(v))
		return spec_fail(ctx, "expected a string");
	*ret = spec_seccomp_action_from_name(v->u.string);
	if (*ret < 0)
		return spec_fail(ctx, "unknown seccomp action '%s'", v->u.string);
	return 0;
}

static int parse_default_action(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	return get_action(ctx, v, &((struct spec_seccomp *)obj)->default_action);
}

static int parse_sc_action(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	return get_action(ctx, v, &((struct spec_seccomp_syscall *)obj)->action);
}

static int parse_op(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_seccomp_arg *a = obj;

	if (!YAJL_IS_STRING(v))
		return spec_fail(ctx, "expected a string");
	a->op = spec_seccomp_op_from_name(v->u.string);
	if (a->op < 0)
		return spec_fail(ctx, "unknown seccomp operator '%s'", v->u.string);
	return 0;
}

static int parse_sc_arg(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_seccomp_arg *a = obj;
	static const struct spec_field fields[] = {
		SPEC_FIELD("index", SPEC_F_U32, struct spec_seccomp_arg, index),
		SPEC_FIELD("value", SPEC_F_U64, struct spec_seccomp_arg, value),
		SPEC_FIELD("valueTwo", SPEC_F_U64, struct spec_seccomp_arg, value_two),
		SPEC_FIELD_FN("op", parse_op),
	};
	int r;

	a->op = -1;
	r = spec_walk_object(ctx, v, fields, ARRAY_SIZE(fields), a);
	if (r < 0)
		return r;
	if (a->op < 0)
		return spec_require(ctx, NULL, "op");
	if (a->index > 5)
		return spec_fail(ctx, "index: %u out of range (0 to 5)", a->index);
	return 0;
}

static int parse_sc_args(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_seccomp_syscall *s = obj;

	return spec_get_array(ctx, v, sizeof(struct spec_seccomp_arg), parse_sc_arg,
			      (void **)&s->args, &s->n_args);
}

static int parse_syscall(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_seccomp_syscall *s = obj;
	static const struct spec_field fields[] = {
		SPEC_FIELD_STRV("names", struct spec_seccomp_syscall, names, n_names),
		SPEC_FIELD_FN("action", parse_sc_action),
		SPEC_FIELD_HAS("errnoRet", SPEC_F_U32, struct spec_seccomp_syscall, errno_ret,
			       has_errno_ret),
		SPEC_FIELD_FN("args", parse_sc_args),
	};
	int r;

	s->action = -1;
	r = spec_walk_object(ctx, v, fields, ARRAY_SIZE(fields), s);
	if (r < 0)
		return r;
	if (!s->names)
		return spec_require(ctx, NULL, "names");
	if (s->action < 0)
		return spec_require(ctx, NULL, "action");
	return 0;
}

static int parse_syscalls(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_seccomp *sc = obj;

	return spec_get_array(ctx, v, sizeof(struct spec_seccomp_syscall), parse_syscall,
			      (void **)&sc->syscalls, &sc->n_syscalls);
}

int spec_parse_seccomp(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_linux *l = obj;
	struct spec_seccomp *sc;
	static const struct spec_field fields[] = {
		SPEC_FIELD_FN("defaultAction", parse_default_action),
		SPEC_FIELD_HAS("defaultErrnoRet", SPEC_F_U32, struct spec_seccomp,
			       default_errno_ret, has_default_errno_ret),
		SPEC_FIELD_STRV("architectures", struct spec_seccomp, architectures,
				n_architectures),
		SPEC_FIELD_STRV("flags", struct spec_seccomp, flags, n_flags),
		SPEC_FIELD("listenerPath", SPEC_F_STR, struct spec_seccomp, listener_path),
		SPEC_FIELD("listenerMetadata", SPEC_F_STR, struct spec_seccomp, listener_metadata),
		SPEC_FIELD_FN("syscalls", parse_syscalls),
	};
	int r;

	sc = l->seccomp = xcalloc(1, sizeof(*sc));
	sc->default_action = -1;
	r = spec_walk_object(ctx, v, fields, ARRAY_SIZE(fields), sc);
	if (r < 0)
		return r;
	if (sc->default_action < 0)
		return spec_require(ctx, NULL, "defaultAction");
	for (size_t i = 0; i < sc->n_architectures; i++)
		if (!spec_seccomp_arch_known(sc->architectures[i])) {
			spec_push_key(ctx, "architectures");
			spec_push_index(ctx, i);
			return spec_fail(ctx, "unknown architecture '%s'", sc->architectures[i]);
		}
	for (size_t i = 0; i < sc->n_flags; i++)
		if (!spec_seccomp_flag_known(sc->flags[i])) {
			spec_push_key(ctx, "flags");
			spec_push_index(ctx, i);
			return spec_fail(ctx, "unknown seccomp flag '%s'", sc->flags[i]);
		}
	if (sc->listener_path && sc->listener_path[0] != '/')
		return spec_fail(ctx, "listenerPath: '%s' is not an absolute path",
				 sc->listener_path);
	return 0;
}
