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

static void gs(yajl_gen g, const char *s)
{
	yajl_gen_string(g, (const unsigned char *)s, strlen(s));
}

static void list(yajl_gen g, const char *key, const char *const *v, size_t n)
{
	gs(g, key);
	yajl_gen_array_open(g);
	for (size_t i = 0; i < n; i++)
		gs(g, v[i]);
	yajl_gen_array_close(g);
}

static void enabled(yajl_gen g, const char *key, bool on)
{
	gs(g, key);
	yajl_gen_map_open(g);
	gs(g, "enabled");
	yajl_gen_bool(g, on);
	yajl_gen_map_close(g);
}

char *spec_features_json(const struct spec_features_input *in)
{
	const char *opts[128];
	size_t n_opts = spec_mount_option_names(opts, ARRAY_SIZE(opts)), n;
	const char *const *archs, *const *flags;
	yajl_gen g = yajl_gen_alloc(NULL);

	yajl_gen_config(g, yajl_gen_beautify, 1);
	yajl_gen_config(g, yajl_gen_indent_string, "    ");
	yajl_gen_config(g, yajl_gen_escape_solidus, 0);
	yajl_gen_map_open(g);
	gs(g, "ociVersionMin");
	gs(g, "1.0.0");
	gs(g, "ociVersionMax");
	gs(g, "1.3.0");
	list(g, "hooks", in->hooks, in->n_hooks);
	list(g, "mountOptions", opts, n_opts);
	gs(g, "linux");
	yajl_gen_map_open(g);
	list(g, "namespaces", spec_ns_type_names, SPEC_NS__MAX);
	list(g, "capabilities", (const char *const *)in->capabilities, in->n_capabilities);
	gs(g, "cgroup");
	yajl_gen_map_open(g);
	gs(g, "v1");
	yajl_gen_bool(g, 1);
	gs(g, "v2");
	yajl_gen_bool(g, 1);
	gs(g, "systemd");
	yajl_gen_bool(g, 0);
	gs(g, "systemdUser");
	yajl_gen_bool(g, 0);
	gs(g, "rdma");
	yajl_gen_bool(g, 1);
	yajl_gen_map_close(g);
	gs(g, "seccomp");
	yajl_gen_map_open(g);
	gs(g, "enabled");
	yajl_gen_bool(g, 1);
	list(g, "actions", spec_seccomp_action_names, SPEC_SCMP_ACT__MAX);
	list(g, "operators", spec_seccomp_op_names, SPEC_SCMP_CMP__MAX);
	archs = spec_seccomp_arch_names(&n);
	list(g, "archs", archs, n);
	flags = spec_seccomp_flag_names(&n);
	list(g, "knownFlags", flags, n);
	list(g, "supportedFlags", flags, n);
	yajl_gen_map_close(g);
	enabled(g, "apparmor", false);
	enabled(g, "selinux", false);
	enabled(g, "intelRdt", false);
	gs(g, "mountExtensions");
	yajl_gen_map_open(g);
	enabled(g, "idmap", false);
	yajl_gen_map_close(g);
	enabled(g, "netDevices", false);
	yajl_gen_map_close(g);
	gs(g, "annotations");
	yajl_gen_map_open(g);
	gs(g, "io.github.runh.version");
	gs(g, in->version);
	gs(g, "io.github.runh.libseccomp.version");
	gs(g, in->libseccomp_version);
	yajl_gen_map_close(g);
	yajl_gen_map_close(g);
	return spec_gen_finish(g, true);
}
