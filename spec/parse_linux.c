/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The `linux` object of config.json: namespaces, id maps, time offsets, devices,
 * resources, seccomp, sysctl, masked/readonly paths, personality, intelRdt,
 * memoryPolicy, netDevices.  Parent side.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>

#include "../libcontainer/cleanup.h"
#include "../libcontainer/util.h"
#include "convert.h"
#include "parse_internal.h"

int spec_parse_idmap(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_idmap *m = obj;
	static const struct spec_field fields[] = {
		SPEC_FIELD("containerID", SPEC_F_U32, struct spec_idmap, container_id),
		SPEC_FIELD("hostID", SPEC_F_U32, struct spec_idmap, host_id),
		SPEC_FIELD("size", SPEC_F_U32, struct spec_idmap, size),
	};
	int r;

	r = spec_walk_object(ctx, v, fields, ARRAY_SIZE(fields), m);
	if (r < 0)
		return r;
	if (m->size == 0)
		return spec_fail(ctx, "size: must be greater than zero");
	if ((uint64_t)m->container_id + m->size > 4294967296ull ||
	    (uint64_t)m->host_id + m->size > 4294967296ull)
		return spec_fail(ctx, "range overflows 32-bit ids");
	return 0;
}

static int parse_namespace(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_namespace *ns = obj;
	_cleanup_free_ char *type = NULL;
	yajl_val t, p;
	size_t saved;
	int r;

	r = spec_expect_object(ctx, v);
	if (r < 0)
		return r;
	t = yajl_tree_get(v, (const char *[]){"type", NULL}, yajl_t_any);
	r = spec_require(ctx, t, "type");
	if (r < 0)
		return r;
	saved = spec_push_key(ctx, "type");
	r = spec_get_string(ctx, t, &type);
	if (r < 0)
		return r;
	if (spec_ns_from_name(type, &ns->type, &ns->clone_flag) < 0)
		return spec_fail(ctx, "unknown namespace type '%s'", type);
	spec_pop(ctx, saved);
	p = yajl_tree_get(v, (const char *[]){"path", NULL}, yajl_t_any);
	if (p && !YAJL_IS_NULL(p)) {
		saved = spec_push_key(ctx, "path");
		r = spec_get_string(ctx, p, &ns->path);
		if (r < 0)
			return r;
		if (ns->path[0] == '\0') {
			free(ns->path);
			ns->path = NULL;
		} else if (ns->path[0] != '/')
			return spec_fail(ctx, "'%s' is not an absolute path", ns->path);
		spec_pop(ctx, saved);
	}
	return 0;
}

static int parse_namespaces(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_linux *l = obj;
	int r;

	r = spec_get_array(ctx, v, sizeof(struct spec_namespace), parse_namespace,
			   (void **)&l->namespaces, &l->n_namespaces);
	if (r < 0)
		return r;
	for (size_t i = 0; i < l->n_namespaces; i++)
		for (size_t j = 0; j < i; j++)
			if (l->namespaces[i].type == l->namespaces[j].type) {
				spec_push_index(ctx, i);
				return spec_fail(ctx, "duplicate namespace type '%s'",
						 spec_ns_type_names[l->namespaces[i].type]);
			}
	return 0;
}

static int parse_uid_mappings(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_linux *l = obj;

	return spec_get_array(ctx, v, sizeof(struct spec_idmap), spec_parse_idmap,
			      (void **)&l->uid_mappings, &l->n_uid_mappings);
}

static int parse_gid_mappings(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_linux *l = obj;

	return spec_get_array(ctx, v, sizeof(struct spec_idmap), spec_parse_idmap,
			      (void **)&l->gid_mappings, &l->n_gid_mappings);
}

static int parse_time_offset(struct spec_ctx *ctx, yajl_val v, struct spec_time_offset *o)
{
	static const struct spec_field fields[] = {
		SPEC_FIELD("secs", SPEC_F_I64, struct spec_time_offset, secs),
		SPEC_FIELD("nanosecs", SPEC_F_U32, struct spec_time_offset, nanosecs),
	};
	int r;

	r = spec_walk_object(ctx, v, fields, ARRAY_SIZE(fields), o);
	if (r < 0)
		return r;
	if (o->nanosecs >= 1000000000u)
		return spec_fail(ctx, "nanosecs: %u out of range (below 10^9)", o->nanosecs);
	o->set = true;
	return 0;
}

static int parse_time_offsets(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_linux *l = obj;
	int r;

	r = spec_expect_object(ctx, v);
	if (r < 0)
		return r;
	for (size_t i = 0; i < v->u.object.len; i++) {
		const char *k = v->u.object.keys[i];
		struct spec_time_offset *o;
		size_t saved;

		if (strcmp(k, "monotonic") == 0)
			o = &l->monotonic;
		else if (strcmp(k, "boottime") == 0)
			o = &l->boottime;
		else
			continue;
		saved = spec_push_key(ctx, k);
		r = parse_time_offset(ctx, v->u.object.values[i], o);
		if (r < 0)
			return r;
		spec_pop(ctx, saved);
	}
	return 0;
}

/* "c", "b", "u", "p" (devices) or "a", "c", "b" (device cgroup rules). */
static int parse_dev_type(struct spec_ctx *ctx, yajl_val v, const char *allowed, char *ret)
{
	const char *s;

	if (!YAJL_IS_STRING(v))
		return spec_fail(ctx, "expected a string");
	s = v->u.string;
	if (strlen(s) != 1 || !strchr(allowed, s[0]))
		return spec_fail(ctx, "invalid device type '%s' (one of %s)", s, allowed);
	*ret = s[0];
	return 0;
}

static int parse_device_type_fn(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	return parse_dev_type(ctx, v, "cbup", &((struct spec_device *)obj)->type);
}

static int parse_device(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_device *d = obj;
	static const struct spec_field fields[] = {
		SPEC_FIELD_FN("type", parse_device_type_fn),
		SPEC_FIELD("path", SPEC_F_STR, struct spec_device, path),
		SPEC_FIELD("major", SPEC_F_I64, struct spec_device, major),
		SPEC_FIELD("minor", SPEC_F_I64, struct spec_device, minor),
		SPEC_FIELD_HAS("fileMode", SPEC_F_U32, struct spec_device, file_mode,
			       has_file_mode),
		SPEC_FIELD_HAS("uid", SPEC_F_U32, struct spec_device, uid, has_uid),
		SPEC_FIELD_HAS("gid", SPEC_F_U32, struct spec_device, gid, has_gid),
	};
	int r;

	d->major = d->minor = -1;
	r = spec_walk_object(ctx, v, fields, ARRAY_SIZE(fields), d);
	if (r < 0)
		return r;
	r = spec_require(ctx, d->type ? "" : NULL, "type");
	if (r == 0)
		r = spec_require(ctx, d->path, "path");
	if (r < 0)
		return r;
	if (d->path[0] != '/')
		return spec_fail(ctx, "path: '%s' is not an absolute path", d->path);
	if (d->type != 'p' && (d->major < 0 || d->minor < 0))
		return spec_fail(ctx, "major and minor: required for device type '%c'", d->type);
	if (d->major > 4095 || d->minor > 1048575)
		return spec_fail(ctx, "major/minor out of range");
	if (d->has_file_mode && d->file_mode > 07777)
		return spec_fail(ctx, "fileMode: %o has bits beyond 07777", d->file_mode);
	return 0;
}

static int parse_devices(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_linux *l = obj;

	return spec_get_array(ctx, v, sizeof(struct spec_device), parse_device,
			      (void **)&l->devices, &l->n_devices);
}

static int parse_propagation(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_linux *l = obj;
	long p;

	if (!YAJL_IS_STRING(v))
		return spec_fail(ctx, "expected a string");
	if (v->u.string[0] == '\0')
		return 0;
	p = spec_propagation_from_name(v->u.string);
	if (p < 0)
		return spec_fail(ctx, "unknown propagation '%s'", v->u.string);
	l->rootfs_propagation = (unsigned long)p;
	l->has_rootfs_propagation = true;
	return 0;
}

static int parse_sysctl(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_linux *l = obj;

	return spec_get_string_map(ctx, v, &l->sysctl, &l->n_sysctl);
}

static int parse_personality(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_linux *l = obj;
	struct spec_personality *p;
	_cleanup_free_ char *domain = NULL;
	yajl_val d, f;
	size_t saved;
	int r;

	r = spec_expect_object(ctx, v);
	if (r < 0)
		return r;
	p = l->personality = xcalloc(1, sizeof(*p));
	d = yajl_tree_get(v, (const char *[]){"domain", NULL}, yajl_t_any);
	r = spec_require(ctx, d, "domain");
	if (r < 0)
		return r;
	saved = spec_push_key(ctx, "domain");
	r = spec_get_string(ctx, d, &domain);
	if (r < 0)
		return r;
	if (strcmp(domain, "LINUX") == 0)
		p->domain = PER_LINUX;
	else if (strcmp(domain, "LINUX32") == 0)
		p->domain = PER_LINUX32;
	else
		return spec_fail(ctx, "unknown personality domain '%s' (LINUX or LINUX32)", domain);
	spec_pop(ctx, saved);
	f = yajl_tree_get(v, (const char *[]){"flags", NULL}, yajl_t_any);
	if (f && !YAJL_IS_NULL(f)) {
		saved = spec_push_key(ctx, "flags");
		r = spec_get_strv(ctx, f, &p->flags, &p->n_flags);
		if (r < 0)
			return r;
		for (size_t i = 0; i < p->n_flags; i++)
			if (!spec_personality_flag_known(p->flags[i])) {
				spec_push_index(ctx, i);
				return spec_fail(ctx, "unknown personality flag '%s'", p->flags[i]);
			}
		spec_pop(ctx, saved);
	}
	return 0;
}

static int parse_intel_rdt(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_linux *l = obj;
	static const struct spec_field fields[] = {
		SPEC_FIELD("closID", SPEC_F_STR, struct spec_intel_rdt, clos_id),
		SPEC_FIELD("l3CacheSchema", SPEC_F_STR, struct spec_intel_rdt, l3_cache_schema),
		SPEC_FIELD("memBwSchema", SPEC_F_STR, struct spec_intel_rdt, mem_bw_schema),
		SPEC_FIELD_STRV("schemata", struct spec_intel_rdt, schemata, n_schemata),
		SPEC_FIELD("enableMonitoring", SPEC_F_BOOL, struct spec_intel_rdt,
			   enable_monitoring),
	};

	l->intel_rdt = xcalloc(1, sizeof(*l->intel_rdt));
	return spec_walk_object(ctx, v, fields, ARRAY_SIZE(fields), l->intel_rdt);
}

static int parse_mode_fn(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_memory_policy *m = obj;

	if (!YAJL_IS_STRING(v))
		return spec_fail(ctx, "expected a string");
	m->mode = spec_mempolicy_mode_from_name(v->u.string);
	if (m->mode < 0)
		return spec_fail(ctx, "unknown memory policy mode '%s'", v->u.string);
	return 0;
}

static int parse_memory_policy(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_linux *l = obj;
	struct spec_memory_policy *m;
	static const struct spec_field fields[] = {
		SPEC_FIELD_FN("mode", parse_mode_fn),
		SPEC_FIELD("nodes", SPEC_F_STR, struct spec_memory_policy, nodes),
		SPEC_FIELD_STRV("flags", struct spec_memory_policy, flags, n_flags),
	};
	int r;

	m = l->memory_policy = xcalloc(1, sizeof(*m));
	m->mode = -1;
	r = spec_walk_object(ctx, v, fields, ARRAY_SIZE(fields), m);
	if (r < 0)
		return r;
	if (m->mode < 0)
		return spec_require(ctx, NULL, "mode");
	for (size_t i = 0; i < m->n_flags; i++)
		if (!spec_mempolicy_flag_known(m->flags[i])) {
			spec_push_key(ctx, "flags");
			spec_push_index(ctx, i);
			return spec_fail(ctx, "unknown memory policy flag '%s'", m->flags[i]);
		}
	return 0;
}

static int parse_net_devices(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_linux *l = obj;
	int r;

	r = spec_expect_object(ctx, v);
	if (r < 0)
		return r;
	l->n_net_devices = v->u.object.len;
	l->net_devices = xcalloc(l->n_net_devices, sizeof(*l->net_devices));
	for (size_t i = 0; i < l->n_net_devices; i++) {
		static const struct spec_field fields[] = {
			SPEC_FIELD("name", SPEC_F_STR, struct spec_net_device, name),
		};
		size_t saved = spec_push_key(ctx, v->u.object.keys[i]);

		l->net_devices[i].host_name = xstrdup(v->u.object.keys[i]);
		r = spec_walk_object(ctx, v->u.object.values[i], fields, ARRAY_SIZE(fields),
				     &l->net_devices[i]);
		if (r < 0)
			return r;
		spec_pop(ctx, saved);
	}
	return 0;
}

int spec_parse_linux(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_config *cfg = obj;
	static const struct spec_field fields[] = {
		SPEC_FIELD_FN("namespaces", parse_namespaces),
		SPEC_FIELD_FN("uidMappings", parse_uid_mappings),
		SPEC_FIELD_FN("gidMappings", parse_gid_mappings),
		SPEC_FIELD_FN("timeOffsets", parse_time_offsets),
		SPEC_FIELD_FN("devices", parse_devices),
		SPEC_FIELD("cgroupsPath", SPEC_F_STR, struct spec_linux, cgroups_path),
		SPEC_FIELD_FN("resources", spec_parse_resources),
		SPEC_FIELD_FN("rootfsPropagation", parse_propagation),
		SPEC_FIELD_FN("seccomp", spec_parse_seccomp),
		SPEC_FIELD_FN("sysctl", parse_sysctl),
		SPEC_FIELD_STRV("maskedPaths", struct spec_linux, masked_paths, n_masked_paths),
		SPEC_FIELD_STRV("readonlyPaths", struct spec_linux, readonly_paths,
				n_readonly_paths),
		SPEC_FIELD("mountLabel", SPEC_F_STR, struct spec_linux, mount_label),
		SPEC_FIELD_FN("personality", parse_personality),
		SPEC_FIELD_FN("intelRdt", parse_intel_rdt),
		SPEC_FIELD_FN("memoryPolicy", parse_memory_policy),
		SPEC_FIELD_FN("netDevices", parse_net_devices),
	};

	cfg->linux_ = xcalloc(1, sizeof(*cfg->linux_));
	return spec_walk_object(ctx, v, fields, ARRAY_SIZE(fields), cfg->linux_);
}
