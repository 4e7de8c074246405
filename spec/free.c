/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Destructors for struct spec_config and its children: NULL-tolerant, return NULL. */
#include <stdlib.h>

#include "../libcontainer/cleanup.h"
#include "parse_internal.h"

static void kv_free(struct spec_kv *kv, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(kv[i].key);
		free(kv[i].value);
	}
	free(kv);
}

struct spec_process *spec_process_free(struct spec_process *p)
{
	if (!p)
		return NULL;
	free(p->user.additional_gids);
	free(p->user.username);
	lc_strv_free(p->args);
	lc_strv_free(p->env);
	free(p->cwd);
	if (p->capabilities) {
		lc_strv_free(p->capabilities->bounding);
		lc_strv_free(p->capabilities->effective);
		lc_strv_free(p->capabilities->inheritable);
		lc_strv_free(p->capabilities->permitted);
		lc_strv_free(p->capabilities->ambient);
		free(p->capabilities);
	}
	for (size_t i = 0; i < p->n_rlimits; i++)
		free(p->rlimits[i].type);
	free(p->rlimits);
	free(p->apparmor_profile);
	free(p->selinux_label);
	free(p->scheduler);
	free(p->exec_cpu_affinity_initial);
	free(p->exec_cpu_affinity_final);
	free(p);
	return NULL;
}

struct spec_resources *spec_resources_free(struct spec_resources *r)
{
	if (!r)
		return NULL;
	for (size_t i = 0; i < r->n_devices; i++)
		free(r->devices[i].access);
	free(r->devices);
	free(r->memory);
	if (r->cpu) {
		free(r->cpu->cpus);
		free(r->cpu->mems);
		free(r->cpu);
	}
	if (r->blockio) {
		free(r->blockio->weight_device);
		for (int t = 0; t < 4; t++)
			free(r->blockio->throttle[t]);
		free(r->blockio);
	}
	for (size_t i = 0; i < r->n_hugepage_limits; i++)
		free(r->hugepage_limits[i].page_size);
	free(r->hugepage_limits);
	for (size_t i = 0; i < r->n_net_priorities; i++)
		free(r->net_priorities[i].name);
	free(r->net_priorities);
	for (size_t i = 0; i < r->n_rdma; i++)
		free(r->rdma[i].device);
	free(r->rdma);
	kv_free(r->unified, r->n_unified);
	free(r);
	return NULL;
}

static void seccomp_free(struct spec_seccomp *s)
{
	if (!s)
		return;
	lc_strv_free(s->architectures);
	lc_strv_free(s->flags);
	free(s->listener_path);
	free(s->listener_metadata);
	for (size_t i = 0; i < s->n_syscalls; i++) {
		lc_strv_free(s->syscalls[i].names);
		free(s->syscalls[i].args);
	}
	free(s->syscalls);
	free(s);
}

void spec_linux_free(struct spec_linux *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n_namespaces; i++)
		free(l->namespaces[i].path);
	free(l->namespaces);
	free(l->uid_mappings);
	free(l->gid_mappings);
	for (size_t i = 0; i < l->n_devices; i++)
		free(l->devices[i].path);
	free(l->devices);
	free(l->cgroups_path);
	spec_resources_free(l->resources);
	seccomp_free(l->seccomp);
	kv_free(l->sysctl, l->n_sysctl);
	lc_strv_free(l->masked_paths);
	lc_strv_free(l->readonly_paths);
	free(l->mount_label);
	if (l->personality) {
		lc_strv_free(l->personality->flags);
		free(l->personality);
	}
	if (l->intel_rdt) {
		free(l->intel_rdt->clos_id);
		free(l->intel_rdt->l3_cache_schema);
		free(l->intel_rdt->mem_bw_schema);
		lc_strv_free(l->intel_rdt->schemata);
		free(l->intel_rdt);
	}
	if (l->memory_policy) {
		free(l->memory_policy->nodes);
		lc_strv_free(l->memory_policy->flags);
		free(l->memory_policy);
	}
	for (size_t i = 0; i < l->n_net_devices; i++) {
		free(l->net_devices[i].host_name);
		free(l->net_devices[i].name);
	}
	free(l->net_devices);
	free(l);
}

static void hook_free(struct spec_hook *h, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(h[i].path);
		lc_strv_free(h[i].args);
		lc_strv_free(h[i].env);
	}
	free(h);
}

struct spec_config *spec_config_free(struct spec_config *cfg)
{
	if (!cfg)
		return NULL;
	free(cfg->oci_version);
	free(cfg->root_path);
	for (size_t i = 0; i < cfg->n_mounts; i++) {
		struct spec_mount *m = &cfg->mounts[i];

		free(m->destination);
		free(m->source);
		free(m->type);
		lc_strv_free(m->options);
		free(m->data);
		free(m->uid_mappings);
		free(m->gid_mappings);
	}
	free(cfg->mounts);
	spec_process_free(cfg->process);
	free(cfg->hostname);
	free(cfg->domainname);
	for (int k = 0; k < SPEC_HOOK__MAX; k++)
		hook_free(cfg->hooks.list[k], cfg->hooks.n[k]);
	kv_free(cfg->annotations, cfg->n_annotations);
	spec_linux_free(cfg->linux_);
	for (size_t i = 0; i < cfg->warnings.n; i++) {
		free(cfg->warnings.v[i].text);
		free(cfg->warnings.v[i].path);
		free(cfg->warnings.v[i].near);
	}
	free(cfg->warnings.v);
	free(cfg);
	return NULL;
}

void spec_config_freep(struct spec_config **cfg)
{
	spec_config_free(*cfg);
}

void spec_process_freep(struct spec_process **p)
{
	spec_process_free(*p);
}
