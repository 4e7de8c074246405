/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A full config.json fixture: every field lands in the struct. */
#include <check.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/resource.h>

#include "../../libcontainer/cleanup.h"
#include "../../spec/spec.h"
#include "suites.h"

static struct spec_config *load_full(void)
{
	struct spec_config *cfg = NULL;
	struct lc_err err = {0};
	size_t len;
	char *text = test_read_data("full.json", &len);
	int r;

	ck_assert_ptr_nonnull(text);
	r = spec_parse_config(text, len, "config.json", &cfg, &err);
	free(text);
	ck_assert_msg(r == 0, "parse failed: %s", err.msg);
	return cfg;
}

START_TEST(test_top_level)
{
	_cleanup_(spec_config_freep) struct spec_config *cfg = load_full();

	ck_assert_str_eq(cfg->oci_version, "1.3.0");
	ck_assert_str_eq(cfg->root_path, "rootfs");
	ck_assert(cfg->root_readonly);
	ck_assert_str_eq(cfg->hostname, "full-host");
	ck_assert_str_eq(cfg->domainname, "example.org");
	ck_assert_uint_eq(cfg->n_annotations, 2);
	ck_assert_str_eq(cfg->annotations[0].key, "org.example.key");
	ck_assert_str_eq(cfg->annotations[0].value, "value");
}
END_TEST

START_TEST(test_mounts)
{
	_cleanup_(spec_config_freep) struct spec_config *cfg = load_full();
	const struct spec_mount *m;

	ck_assert_uint_eq(cfg->n_mounts, 4);
	m = &cfg->mounts[1];
	ck_assert_str_eq(m->destination, "/tmp");
	ck_assert_str_eq(m->type, "tmpfs");
	ck_assert_uint_eq(m->flags, MS_NOSUID | MS_NODEV | MS_NOEXEC);
	ck_assert_str_eq(m->data, "mode=1777,size=65536k");
	ck_assert_uint_eq(m->propagation, MS_PRIVATE | MS_REC);
	ck_assert(!m->is_bind);
	m = &cfg->mounts[2];
	ck_assert(m->is_bind && m->is_recursive_bind);
	ck_assert(m->flags & MS_RDONLY);
	ck_assert_uint_eq(m->attr_set, MOUNT_ATTR_NOSUID);
	ck_assert_uint_eq(m->propagation, MS_SLAVE | MS_REC);
	ck_assert_ptr_null(m->data);
	m = &cfg->mounts[3];
	ck_assert(m->is_bind && !m->is_recursive_bind);
	ck_assert_uint_eq(m->clear, MS_RDONLY | MS_NOEXEC);
}
END_TEST

/* runtime-spec 1.2 idmapped mounts: the idmap / ridmap options and mounts[].uidMappings. */
START_TEST(test_mount_idmaps)
{
	static const char text[] =
		"{\"ociVersion\":\"1.2.0\",\"root\":{\"path\":\"r\"},\"mounts\":["
		"{\"destination\":\"/a\",\"source\":\"/x\",\"type\":\"bind\",\"options\":"
		"[\"rbind\",\"ridmap\"]},"
		"{\"destination\":\"/b\",\"source\":\"/y\",\"options\":[\"bind\"],"
		"\"uidMappings\":[{\"containerID\":1000,\"hostID\":100000,\"size\":1}],"
		"\"gidMappings\":[{\"containerID\":1000,\"hostID\":100000,\"size\":2},"
		"{\"containerID\":0,\"hostID\":5,\"size\":1}]},"
		"{\"destination\":\"/c\",\"source\":\"/z\",\"options\":[\"bind\",\"idmap\"]}]}";
	_cleanup_(spec_config_freep) struct spec_config *cfg = NULL;
	struct lc_err err = {0};
	const struct spec_mount *m;

	ck_assert_msg(spec_parse_config(text, strlen(text), "config.json", &cfg, &err) == 0, "%s",
		      err.msg);
	m = &cfg->mounts[0];
	ck_assert(m->is_idmap && m->is_recursive_idmap && m->is_recursive_bind);
	ck_assert_uint_eq(m->n_uid_mappings, 0);
	ck_assert_ptr_null(m->data); /* not passed on as a filesystem option */
	m = &cfg->mounts[1];
	ck_assert(m->is_idmap && !m->is_recursive_idmap); /* mappings alone: idmap */
	ck_assert_uint_eq(m->n_uid_mappings, 1);
	ck_assert_uint_eq(m->uid_mappings[0].container_id, 1000);
	ck_assert_uint_eq(m->uid_mappings[0].host_id, 100000);
	ck_assert_uint_eq(m->n_gid_mappings, 2);
	ck_assert_uint_eq(m->gid_mappings[0].size, 2);
	ck_assert_uint_eq(m->gid_mappings[1].host_id, 5);
	m = &cfg->mounts[2];
	ck_assert(m->is_idmap && !m->is_recursive_idmap && !m->is_recursive_bind);
}
END_TEST

START_TEST(test_process)
{
	_cleanup_(spec_config_freep) struct spec_config *cfg = load_full();
	const struct spec_process *p = cfg->process;

	ck_assert(!p->terminal);
	ck_assert(p->has_console_size);
	ck_assert_uint_eq(p->console_height, 25);
	ck_assert_uint_eq(p->console_width, 80);
	ck_assert_uint_eq(p->user.uid, 1000);
	ck_assert_uint_eq(p->user.gid, 1001);
	ck_assert(p->user.has_umask);
	ck_assert_uint_eq(p->user.umask, 022);
	ck_assert_uint_eq(p->user.n_additional_gids, 3);
	ck_assert_uint_eq(p->user.additional_gids[2], 4294967295u);
	ck_assert_str_eq(p->user.username, "app");
	ck_assert_uint_eq(p->n_args, 2);
	ck_assert_str_eq(p->args[1], "--flag");
	ck_assert_ptr_null(p->args[2]);
	ck_assert_str_eq(p->env[1], "A=b=c");
	ck_assert_str_eq(p->cwd, "/work");
	ck_assert_uint_eq(p->capabilities->n_bounding, 2);
	ck_assert_str_eq(p->capabilities->ambient[0], "CAP_NET_BIND_SERVICE");
	ck_assert_uint_eq(p->capabilities->n_inheritable, 0);
	ck_assert_uint_eq(p->n_rlimits, 2);
	ck_assert_int_eq(p->rlimits[0].resource, RLIMIT_NOFILE);
	ck_assert_uint_eq(p->rlimits[0].hard, 4096);
	ck_assert_uint_eq(p->rlimits[0].soft, 1024);
	ck_assert_int_eq(p->rlimits[1].resource, RLIMIT_CORE);
	ck_assert(p->rlimits[1].hard == UINT64_MAX);
	ck_assert(p->no_new_privileges);
	ck_assert_str_eq(p->apparmor_profile, "aa-profile");
	ck_assert_str_eq(p->selinux_label, "system_u:system_r:container_t:s0");
	ck_assert(p->has_oom_score_adj);
	ck_assert_int_eq(p->oom_score_adj, -500);
	ck_assert_int_eq(p->scheduler->policy, SCHED_BATCH);
	ck_assert_int_eq(p->scheduler->nice, 5);
	ck_assert_uint_eq(p->scheduler->flags, 1);
	ck_assert_uint_eq(p->scheduler->period, 3);
	ck_assert(p->has_io_priority);
	ck_assert_int_eq(p->io_priority_class, 2);
	ck_assert_int_eq(p->io_priority, 4);
	ck_assert_str_eq(p->exec_cpu_affinity_initial, "0");
	ck_assert_str_eq(p->exec_cpu_affinity_final, "0-1");
}
END_TEST

START_TEST(test_hooks)
{
	_cleanup_(spec_config_freep) struct spec_config *cfg = load_full();

	ck_assert_uint_eq(cfg->hooks.n[SPEC_HOOK_PRESTART], 1);
	ck_assert_str_eq(cfg->hooks.list[SPEC_HOOK_PRESTART][0].path, "/bin/pre");
	ck_assert_str_eq(cfg->hooks.list[SPEC_HOOK_PRESTART][0].args[1], "a");
	ck_assert_str_eq(cfg->hooks.list[SPEC_HOOK_PRESTART][0].env[0], "X=1");
	ck_assert(cfg->hooks.list[SPEC_HOOK_PRESTART][0].has_timeout);
	ck_assert_int_eq(cfg->hooks.list[SPEC_HOOK_PRESTART][0].timeout, 5);
	ck_assert_uint_eq(cfg->hooks.n[SPEC_HOOK_CREATE_RUNTIME], 1);
	ck_assert_uint_eq(cfg->hooks.n[SPEC_HOOK_CREATE_CONTAINER], 1);
	ck_assert_uint_eq(cfg->hooks.n[SPEC_HOOK_START_CONTAINER], 1);
	ck_assert_uint_eq(cfg->hooks.n[SPEC_HOOK_POSTSTART], 2);
	ck_assert_str_eq(cfg->hooks.list[SPEC_HOOK_POSTSTOP][0].path, "/bin/stop");
}
END_TEST

START_TEST(test_linux_basics)
{
	_cleanup_(spec_config_freep) struct spec_config *cfg = load_full();
	const struct spec_linux *l = cfg->linux_;

	ck_assert_uint_eq(l->n_namespaces, 8);
	ck_assert_int_eq(l->namespaces[1].type, SPEC_NS_NETWORK);
	ck_assert_int_eq(l->namespaces[1].clone_flag, CLONE_NEWNET);
	ck_assert_str_eq(l->namespaces[1].path, "/var/run/netns/x");
	ck_assert_ptr_null(l->namespaces[0].path);
	ck_assert_int_eq(l->namespaces[7].type, SPEC_NS_TIME);
	ck_assert_uint_eq(l->uid_mappings[0].host_id, 100000);
	ck_assert_uint_eq(l->n_gid_mappings, 2);
	ck_assert_uint_eq(l->gid_mappings[1].container_id, 1000);
	ck_assert(l->monotonic.set);
	ck_assert_int_eq(l->monotonic.secs, -10);
	ck_assert_uint_eq(l->monotonic.nanosecs, 5);
	ck_assert_int_eq(l->boottime.secs, 86400);
	ck_assert_uint_eq(l->n_devices, 2);
	ck_assert_int_eq(l->devices[0].type, 'c');
	ck_assert_int_eq(l->devices[0].major, 10);
	ck_assert_int_eq(l->devices[0].minor, 229);
	ck_assert_uint_eq(l->devices[0].file_mode, 0666);
	ck_assert_int_eq(l->devices[1].type, 'p');
	ck_assert_str_eq(l->cgroups_path, "/runh/full");
	ck_assert(l->has_rootfs_propagation);
	ck_assert_uint_eq(l->rootfs_propagation, MS_SLAVE | MS_REC);
	ck_assert_uint_eq(l->n_sysctl, 2);
	ck_assert_str_eq(l->sysctl[0].key, "net.ipv4.ip_forward");
	ck_assert_str_eq(l->masked_paths[1], "/sys/firmware");
	ck_assert_str_eq(l->readonly_paths[0], "/proc/sys");
	ck_assert_str_eq(l->mount_label, "system_u:object_r:container_file_t:s0");
	ck_assert_uint_eq(l->personality->domain, PER_LINUX32);
	ck_assert_str_eq(l->intel_rdt->clos_id, "guaranteed");
	ck_assert_str_eq(l->intel_rdt->schemata[0], "L2:0=ff");
	ck_assert(l->intel_rdt->enable_monitoring);
	ck_assert_int_eq(l->memory_policy->mode, 3);
	ck_assert_str_eq(l->memory_policy->nodes, "0-1");
	ck_assert_str_eq(l->net_devices[0].host_name, "eth1");
	ck_assert_str_eq(l->net_devices[0].name, "net0");
}
END_TEST

START_TEST(test_resources)
{
	_cleanup_(spec_config_freep) struct spec_config *cfg = load_full();
	const struct spec_resources *r = cfg->linux_->resources;

	ck_assert_uint_eq(r->n_devices, 2);
	ck_assert(!r->devices[0].allow);
	ck_assert_int_eq(r->devices[0].major, -1);
	ck_assert_int_eq(r->devices[1].type, 'c');
	ck_assert_str_eq(r->devices[1].access, "rw");
	ck_assert(r->memory->limit.set);
	ck_assert_int_eq(r->memory->limit.v, 536870912);
	ck_assert_int_eq(r->memory->swap.v, -1);
	ck_assert_int_eq(r->memory->kernel_tcp.v, 2);
	ck_assert_uint_eq(r->memory->swappiness.v, 60);
	ck_assert(r->memory->disable_oom_killer && r->memory->check_before_update);
	ck_assert(r->memory->has_disable_oom_killer && r->memory->has_check_before_update);
	ck_assert(r->memory->has_use_hierarchy && r->memory->use_hierarchy);
	ck_assert_uint_eq(r->cpu->shares.v, 1024);
	ck_assert_int_eq(r->cpu->quota.v, 50000);
	ck_assert_uint_eq(r->cpu->burst.v, 1000);
	ck_assert_int_eq(r->cpu->realtime_runtime.v, 950000);
	ck_assert_str_eq(r->cpu->cpus, "0-1");
	ck_assert_int_eq(r->cpu->idle.v, 1);
	ck_assert(r->has_pids_limit);
	ck_assert_int_eq(r->pids_limit, 100);
	ck_assert_uint_eq(r->blockio->weight, 500);
	ck_assert_uint_eq(r->blockio->weight_device[0].leaf_weight, 100);
	ck_assert_uint_eq(r->blockio->throttle[1][0].rate, 2097152);
	ck_assert_uint_eq(r->blockio->throttle[3][0].rate, 200);
	ck_assert_str_eq(r->hugepage_limits[0].page_size, "2MB");
	ck_assert_uint_eq(r->net_class_id, 1048577);
	ck_assert_str_eq(r->net_priorities[0].name, "eth0");
	ck_assert_str_eq(r->rdma[0].device, "mlx5_1");
	ck_assert_uint_eq(r->rdma[0].hca_objects, 10000);
	ck_assert_uint_eq(r->n_unified, 2);
	ck_assert_str_eq(r->unified[1].value, "default 100");
}
END_TEST

START_TEST(test_seccomp)
{
	_cleanup_(spec_config_freep) struct spec_config *cfg = load_full();
	const struct spec_seccomp *s = cfg->linux_->seccomp;

	ck_assert_int_eq(s->default_action, SPEC_SCMP_ACT_ERRNO);
	ck_assert_uint_eq(s->default_errno_ret, 1);
	ck_assert_str_eq(s->architectures[1], "SCMP_ARCH_X86");
	ck_assert_str_eq(s->flags[0], "SECCOMP_FILTER_FLAG_LOG");
	ck_assert_str_eq(s->listener_path, "/run/listener.sock");
	ck_assert_str_eq(s->listener_metadata, "meta");
	ck_assert_uint_eq(s->n_syscalls, 5);
	ck_assert_uint_eq(s->syscalls[0].n_names, 2);
	ck_assert_int_eq(s->syscalls[1].args[1].op, SPEC_SCMP_CMP_MASKED_EQ);
	ck_assert_uint_eq(s->syscalls[1].args[1].value, 8);
	ck_assert(s->syscalls[2].has_errno_ret);
	ck_assert_uint_eq(s->syscalls[2].errno_ret, 13);
	ck_assert_int_eq(s->syscalls[3].action, SPEC_SCMP_ACT_NOTIFY);
	ck_assert(s->syscalls[4].args[0].value == UINT64_MAX);
	ck_assert_uint_eq(s->syscalls[4].args[0].index, 5);
}
END_TEST

START_TEST(test_versions_and_unknown)
{
	static const char *const ok[] = {"1.0.0", "1.0.2-dev", "1.1.0",
					 "1.2.1", "1.3.0",     "1.3.0+build"};
	char buf[512];

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		struct spec_config *cfg = NULL;
		struct lc_err err = {0};

		snprintf(
			buf, sizeof(buf),
			"{\"ociVersion\":\"%s\",\"root\":{\"path\":\"r\"},\"unknownTop\":{\"a\":[1]},"
			"\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"futureField\":true}}",
			ok[i]);
		ck_assert_msg(spec_parse_config(buf, strlen(buf), "config.json", &cfg, &err) == 0,
			      "%s: %s", ok[i], err.msg);
		spec_config_free(cfg);
	}
}
END_TEST

START_TEST(test_default_spec_parses)
{
	struct spec_config *cfg = NULL;
	struct lc_err err = {0};

	for (int rootless = 0; rootless < 2; rootless++) {
		char *text = spec_default_config(rootless, 1000, 1000);

		ck_assert_msg(spec_parse_config(text, strlen(text), "config.json", &cfg, &err) == 0,
			      "%s", err.msg);
		ck_assert_uint_eq(cfg->process->n_args, 1);
		ck_assert(cfg->root_readonly);
		ck_assert_ptr_nonnull(spec_find_namespace(cfg, SPEC_NS_MOUNT));
		ck_assert(!!spec_find_namespace(cfg, SPEC_NS_USER) == rootless);
		if (rootless)
			ck_assert_uint_eq(cfg->linux_->uid_mappings[0].host_id, 1000);
		cfg = spec_config_free(cfg);
		free(text);
	}
}
END_TEST

Suite *parse_suite(void)
{
	Suite *s = suite_create("parse");
	TCase *tc = tcase_create("full");

	tcase_add_test(tc, test_top_level);
	tcase_add_test(tc, test_mounts);
	tcase_add_test(tc, test_mount_idmaps);
	tcase_add_test(tc, test_process);
	tcase_add_test(tc, test_hooks);
	tcase_add_test(tc, test_linux_basics);
	tcase_add_test(tc, test_resources);
	tcase_add_test(tc, test_seccomp);
	tcase_add_test(tc, test_versions_and_unknown);
	tcase_add_test(tc, test_default_spec_parses);
	suite_add_tcase(s, tc);
	return s;
}
