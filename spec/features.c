/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `runh features`: the runtime-spec features.md document, from the same tables the
 * parser and libcontainer use, so it cannot claim what this build does not do.
 */
#include <string.h>
#include <yajl/yajl_gen.h>

#include "../libcontainer/util.h"
#include "json.h"
#include "convert.h"
#include "features.h"

static void list(yajl_gen g, const char *key, const char *const *v, size_t n)
{
	spec_gen_str(g, key);
	yajl_gen_array_open(g);
	for (size_t i = 0; i < n; i++)
		spec_gen_str(g, v[i]);
	yajl_gen_array_close(g);
}

static void enabled(yajl_gen g, const char *key, bool on)
{
	spec_gen_str(g, key);
	yajl_gen_map_open(g);
	spec_gen_str(g, "enabled");
	yajl_gen_bool(g, on);
	yajl_gen_map_close(g);
}

char *spec_features_json(const struct spec_features_input *in)
{
	const char *opts[128];
	size_t n_opts = spec_mount_option_names(opts, ARRAY_SIZE(opts)), n;
	const char *const *archs, *const *flags;
	yajl_gen g = spec_gen_new("    ");

	yajl_gen_map_open(g);
	spec_gen_str(g, "ociVersionMin");
	spec_gen_str(g, "1.0.0");
	spec_gen_str(g, "ociVersionMax");
	spec_gen_str(g, "1.3.0");
	list(g, "hooks", in->hooks, in->n_hooks);
	list(g, "mountOptions", opts, n_opts);
	spec_gen_str(g, "linux");
	yajl_gen_map_open(g);
	list(g, "namespaces", spec_ns_type_names, SPEC_NS__MAX);
	list(g, "capabilities", (const char *const *)in->capabilities, in->n_capabilities);
	spec_gen_str(g, "cgroup");
	yajl_gen_map_open(g);
	spec_gen_str(g, "v1");
	yajl_gen_bool(g, 1);
	spec_gen_str(g, "v2");
	yajl_gen_bool(g, 1);
	spec_gen_str(g, "systemd");
	yajl_gen_bool(g, 0);
	spec_gen_str(g, "systemdUser");
	yajl_gen_bool(g, 0);
	spec_gen_str(g, "rdma");
	yajl_gen_bool(g, 1);
	yajl_gen_map_close(g);
	spec_gen_str(g, "seccomp");
	yajl_gen_map_open(g);
	spec_gen_str(g, "enabled");
	yajl_gen_bool(g, 1);
	list(g, "actions", spec_seccomp_action_names, SPEC_SCMP_ACT__MAX);
	list(g, "operators", spec_seccomp_op_names, SPEC_SCMP_CMP__MAX);
	archs = spec_seccomp_arch_names(&n);
	list(g, "archs", archs, n);
	flags = spec_seccomp_flag_names(&n);
	list(g, "knownFlags", flags, n);
	list(g, "supportedFlags", flags, n);
	yajl_gen_map_close(g);
	/* runh applies both where the host runs the module (lsm.c). */
	enabled(g, "apparmor", true);
	enabled(g, "selinux", true);
	enabled(g, "intelRdt", false);
	spec_gen_str(g, "mountExtensions");
	yajl_gen_map_open(g);
	enabled(g, "idmap", true);
	yajl_gen_map_close(g);
	enabled(g, "netDevices", false);
	yajl_gen_map_close(g);
	spec_gen_str(g, "annotations");
	yajl_gen_map_open(g);
	spec_gen_str(g, "io.github.runh.version");
	spec_gen_str(g, in->version);
	spec_gen_str(g, "io.github.runh.libseccomp.version");
	spec_gen_str(g, in->libseccomp_version);
	yajl_gen_map_close(g);
	yajl_gen_map_close(g);
	return spec_gen_finish(g, true);
}
