/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Semantic checks across fields, after parsing: ociVersion 1.x, a process to run,
 * id maps only with a user namespace, hostname only with a UTS namespace, sysctls
 * only for namespaced keys, time offsets only with a time namespace.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../libcontainer/util.h"
#include "parse_internal.h"

static int check_version(struct spec_ctx *ctx, const char *v)
{
	size_t saved = spec_push_key(ctx, "ociVersion");
	const char *p = v;

	/* Semver: MAJOR.MINOR.PATCH with an optional -pre-release / +build suffix. */
	for (int part = 0; part < 3; part++) {
		size_t n = strspn(p, "0123456789");

		if (n == 0)
			return spec_fail(ctx, "'%s' is not a semantic version", v);
		p += n;
		if (part < 2) {
			if (*p != '.')
				return spec_fail(ctx, "'%s' is not a semantic version", v);
			p++;
		}
	}
	if (*p != '\0' && *p != '-' && *p != '+')
		return spec_fail(ctx, "'%s' is not a semantic version", v);
	if (strncmp(v, "1.", 2) != 0)
		return spec_fail(ctx,
				 "version '%s' is not supported (runh supports 1.0.0 to 1.3.x)", v);
	spec_pop(ctx, saved);
	return 0;
}

const struct spec_namespace *spec_find_namespace(const struct spec_config *cfg,
						 enum spec_ns_type type)
{
	if (!cfg->linux_)
		return NULL;
	for (size_t i = 0; i < cfg->linux_->n_namespaces; i++)
		if (cfg->linux_->namespaces[i].type == type)
			return &cfg->linux_->namespaces[i];
	return NULL;
}

static bool has_new_ns(const struct spec_config *cfg, enum spec_ns_type t)
{
	const struct spec_namespace *ns = spec_find_namespace(cfg, t);

	return ns != NULL;
}

/* Which namespace a sysctl needs (runc's rules): -1 when it reaches the host. */
int spec_sysctl_namespace(const char *key)
{
	static const char *const ipc_keys[] = {
		"kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem",
		"kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced",
	};

	for (size_t i = 0; i < ARRAY_SIZE(ipc_keys); i++)
		if (strcmp(key, ipc_keys[i]) == 0)
			return SPEC_NS_IPC;
	if (strncmp(key, "fs.mqueue.", 10) == 0)
		return SPEC_NS_IPC;
	if (strncmp(key, "net.", 4) == 0)
		return SPEC_NS_NETWORK;
	if (strcmp(key, "kernel.hostname") == 0 || strcmp(key, "kernel.domainname") == 0)
		return SPEC_NS_UTS;
	return -1;
}

static int check_sysctl(struct spec_ctx *ctx, const struct spec_config *cfg)
{
	const struct spec_linux *l = cfg->linux_;

	for (size_t i = 0; i < l->n_sysctl; i++) {
		const char *k = l->sysctl[i].key;
		int ns = spec_sysctl_namespace(k);
		size_t saved = spec_push_key(ctx, "linux.sysctl");

		if (strstr(k, "..") || k[0] == '.' || k[0] == '/' || k[0] == '\0')
			return spec_fail(ctx, "'%s' is not a sysctl name", k);
		if (ctx->lenient) {
			spec_pop(ctx, saved);
			continue;
		}
		if (ns < 0)
			return spec_fail(ctx, "'%s' is not namespaced: it would change the host",
					 k);
		if (!has_new_ns(cfg, (enum spec_ns_type)ns))
			return spec_fail(ctx, "'%s' needs a %s namespace", k,
					 spec_ns_type_names[ns]);
		spec_pop(ctx, saved);
	}
	return 0;
}

static int check_linux(struct spec_ctx *ctx, const struct spec_config *cfg)
{
	const struct spec_linux *l = cfg->linux_;
	const struct spec_namespace *user = spec_find_namespace(cfg, SPEC_NS_USER);
	const struct spec_namespace *time_ns = spec_find_namespace(cfg, SPEC_NS_TIME);

	if ((l->n_uid_mappings || l->n_gid_mappings) && !user)
		return spec_fail(ctx, "linux.uidMappings: id mappings need a user namespace");
	if (user && !user->path && (!l->n_uid_mappings || !l->n_gid_mappings))
		return spec_fail(ctx, "linux.uidMappings: a new user namespace needs "
				      "uidMappings and gidMappings");
	if ((l->monotonic.set || l->boottime.set) && (!time_ns || time_ns->path))
		return spec_fail(ctx, "linux.timeOffsets: offsets need a new time namespace");
	return check_sysctl(ctx, cfg);
}

int spec_validate(struct spec_ctx *ctx, const struct spec_config *cfg)
{
	int r;

	r = check_version(ctx, cfg->oci_version);
	if (r < 0)
		return r;
	if (cfg->process && cfg->process->n_args == 0)
		return spec_fail(ctx, "process.args: must contain at least one element");
	if ((cfg->hostname && cfg->hostname[0]) || (cfg->domainname && cfg->domainname[0]))
		if (!spec_find_namespace(cfg, SPEC_NS_UTS))
			return spec_fail(ctx, "%s: setting it needs a uts namespace",
					 cfg->hostname ? "hostname" : "domainname");
	if (cfg->linux_) {
		r = check_linux(ctx, cfg);
		if (r < 0)
			return r;
	}
	return 0;
}
