/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * config.json → struct spec_config: top level, root, process, mounts, hooks, annotations
 * (the `linux` object is in parse_linux.c).  Table-driven: each object has a field table;
 * unknown properties are ignored, wrong types and invalid values name their JSON path.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "../libcontainer/cleanup.h"
#include "../libcontainer/util.h"
#include "convert.h"
#include "parse_internal.h"

static int parse_user(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_process *p = obj;
	struct spec_user *u = &p->user;
	static const struct spec_field fields[] = {
		SPEC_FIELD("uid", SPEC_F_U32, struct spec_user, uid),
		SPEC_FIELD("gid", SPEC_F_U32, struct spec_user, gid),
		SPEC_FIELD_HAS("umask", SPEC_F_U32, struct spec_user, umask, has_umask),
		SPEC_FIELD("username", SPEC_F_STR, struct spec_user, username),
	};
	yajl_val gids;
	int r;

	r = spec_walk_object(ctx, v, fields, ARRAY_SIZE(fields), u);
	if (r < 0)
		return r;
	if (u->has_umask && u->umask > 0777) {
		size_t saved = spec_push_key(ctx, "umask");
		r = spec_fail(ctx, "umask %u out of range (0 to 0777)", u->umask);
		spec_pop(ctx, saved);
		return r;
	}
	gids = yajl_tree_get(v, (const char *[]){"additionalGids", NULL}, yajl_t_any);
	if (gids && !YAJL_IS_NULL(gids)) {
		size_t saved = spec_push_key(ctx, "additionalGids");

		if (!YAJL_IS_ARRAY(gids))
			return spec_fail(ctx, "expected an array of integers");
		u->n_additional_gids = gids->u.array.len;
		u->additional_gids = xcalloc(u->n_additional_gids, sizeof(uint32_t));
		for (size_t i = 0; i < u->n_additional_gids; i++) {
			size_t s2 = spec_push_index(ctx, i);
			r = spec_get_u32(ctx, gids->u.array.values[i], &u->additional_gids[i]);
			if (r < 0)
				return r;
			spec_pop(ctx, s2);
		}
		spec_pop(ctx, saved);
	}
	return 0;
}

static int parse_console_size(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_process *p = obj;
	static const struct spec_field fields[] = {
		SPEC_FIELD("height", SPEC_F_U32, struct spec_process, console_height),
		SPEC_FIELD("width", SPEC_F_U32, struct spec_process, console_width),
	};

	p->has_console_size = true;
	return spec_walk_object(ctx, v, fields, ARRAY_SIZE(fields), p);
}

static int parse_capabilities(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_process *p = obj;
	struct spec_capabilities *c;
	static const struct spec_field fields[] = {
		SPEC_FIELD_STRV("bounding", struct spec_capabilities, bounding, n_bounding),
		SPEC_FIELD_STRV("effective", struct spec_capabilities, effective, n_effective),
		SPEC_FIELD_STRV("inheritable", struct spec_capabilities, inheritable,
				n_inheritable),
		SPEC_FIELD_STRV("permitted", struct spec_capabilities, permitted, n_permitted),
		SPEC_FIELD_STRV("ambient", struct spec_capabilities, ambient, n_ambient),
	};

	/* Names are resolved by libcontainer/caps.c: an unknown one is a warning there. */
	c = p->capabilities = xcalloc(1, sizeof(*c));
	return spec_walk_object(ctx, v, fields, ARRAY_SIZE(fields), c);
}

static int parse_rlimit(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_rlimit *rl = obj;
	static const struct spec_field fields[] = {
		SPEC_FIELD("type", SPEC_F_STR, struct spec_rlimit, type),
		SPEC_FIELD("hard", SPEC_F_U64, struct spec_rlimit, hard),
		SPEC_FIELD("soft", SPEC_F_U64, struct spec_rlimit, soft),
	};
	size_t saved;
	int r;

	r = spec_walk_object(ctx, v, fields, ARRAY_SIZE(fields), rl);
	if (r < 0)
		return r;
	r = spec_require(ctx, rl->type, "type");
	if (r < 0)
		return r;
	rl->resource = spec_rlimit_from_name(rl->type);
	saved = spec_push_key(ctx, "type");
	if (rl->resource < 0)
		return spec_fail(ctx, "unknown rlimit '%s'", rl->type);
	if (rl->soft > rl->hard)
		return spec_fail(ctx, "%s: soft limit %llu is above hard limit %llu", rl->type,
				 (unsigned long long)rl->soft, (unsigned long long)rl->hard);
	spec_pop(ctx, saved);
	return 0;
}

static int parse_rlimits(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_process *p = obj;
	int r;

	r = spec_get_array(ctx, v, sizeof(struct spec_rlimit), parse_rlimit, (void **)&p->rlimits,
			   &p->n_rlimits);
	if (r < 0)
		return r;
	for (size_t i = 0; i < p->n_rlimits; i++)
		for (size_t j = 0; j < i; j++)
			if (p->rlimits[i].resource == p->rlimits[j].resource) {
				size_t saved = spec_push_index(ctx, i);
				r = spec_fail(ctx, "duplicate rlimit '%s'", p->rlimits[i].type);
				spec_pop(ctx, saved);
				return r;
			}
	return 0;
}

static int parse_scheduler(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_process *p = obj;
	struct spec_scheduler *s;
	_cleanup_free_ char *policy = NULL;
	_cleanup_strv_ char **flags = NULL;
	size_t n_flags = 0;
	yajl_val f;
	int r;
	static const struct spec_field fields[] = {
		SPEC_FIELD("nice", SPEC_F_I32, struct spec_scheduler, nice),
		SPEC_FIELD("priority", SPEC_F_I32, struct spec_scheduler, priority),
		SPEC_FIELD("runtime", SPEC_F_U64, struct spec_scheduler, runtime),
		SPEC_FIELD("deadline", SPEC_F_U64, struct spec_scheduler, deadline),
		SPEC_FIELD("period", SPEC_F_U64, struct spec_scheduler, period),
	};

	s = p->scheduler = xcalloc(1, sizeof(*s));
	r = spec_walk_object(ctx, v, fields, ARRAY_SIZE(fields), s);
	if (r < 0)
		return r;
	f = yajl_tree_get(v, (const char *[]){"policy", NULL}, yajl_t_any);
	r = spec_require(ctx, f, "policy");
	if (r < 0)
		return r;
	size_t saved = spec_push_key(ctx, "policy");
	r = spec_get_string(ctx, f, &policy);
	if (r < 0)
		return r;
	s->policy = spec_sched_policy_from_name(policy);
	if (s->policy < 0)
		return spec_fail(ctx, "unknown scheduler policy '%s'", policy);
	spec_pop(ctx, saved);
	f = yajl_tree_get(v, (const char *[]){"flags", NULL}, yajl_t_any);
	if (f && !YAJL_IS_NULL(f)) {
		saved = spec_push_key(ctx, "flags");
		r = spec_get_strv(ctx, f, &flags, &n_flags);
		if (r < 0)
			return r;
		for (size_t i = 0; i < n_flags; i++) {
			unsigned long bit;

			if (spec_sched_flag_from_name(flags[i], &bit) < 0) {
				spec_push_index(ctx, i);
				return spec_fail(ctx, "unknown scheduler flag '%s'", flags[i]);
			}
			s->flags |= bit;
		}
		spec_pop(ctx, saved);
	}
	if (s->nice < -20 || s->nice > 19)
		return spec_fail(ctx, "nice %d out of range (-20 to 19)", s->nice);
	return 0;
}

static int parse_io_priority(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_process *p = obj;
	_cleanup_free_ char *cls = NULL;
	yajl_val c, pr;
	size_t saved;
	int r;

	r = spec_expect_object(ctx, v);
	if (r < 0)
		return r;
	c = yajl_tree_get(v, (const char *[]){"class", NULL}, yajl_t_any);
	r = spec_require(ctx, c, "class");
	if (r < 0)
		return r;
	saved = spec_push_key(ctx, "class");
	r = spec_get_string(ctx, c, &cls);
	if (r < 0)
		return r;
	p->io_priority_class = spec_ioprio_class_from_name(cls);
	if (p->io_priority_class < 0)
		return spec_fail(ctx, "unknown I/O priority class '%s'", cls);
	spec_pop(ctx, saved);
	pr = yajl_tree_get(v, (const char *[]){"priority", NULL}, yajl_t_any);
	if (pr && !YAJL_IS_NULL(pr)) {
		saved = spec_push_key(ctx, "priority");
		r = spec_get_i32(ctx, pr, &p->io_priority);
		if (r < 0)
			return r;
		if (p->io_priority < 0 || p->io_priority > 7)
			return spec_fail(ctx, "priority %d out of range (0 to 7)", p->io_priority);
		spec_pop(ctx, saved);
	}
	p->has_io_priority = true;
	return 0;
}

static int parse_cpu_affinity(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	static const struct spec_field fields[] = {
		SPEC_FIELD("initial", SPEC_F_STR, struct spec_process, exec_cpu_affinity_initial),
		SPEC_FIELD("final", SPEC_F_STR, struct spec_process, exec_cpu_affinity_final),
	};

	return spec_walk_object(ctx, v, fields, ARRAY_SIZE(fields), obj);
}

static int parse_user_fn(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	return parse_user(ctx, v, obj);
}

int spec_parse_process_obj(struct spec_ctx *ctx, yajl_val v, struct spec_process *p)
{
	static const struct spec_field fields[] = {
		SPEC_FIELD("terminal", SPEC_F_BOOL, struct spec_process, terminal),
		SPEC_FIELD_FN("consoleSize", parse_console_size),
		SPEC_FIELD_FN("user", parse_user_fn),
		SPEC_FIELD_STRV("args", struct spec_process, args, n_args),
		SPEC_FIELD_STRV("env", struct spec_process, env, n_env),
		SPEC_FIELD("cwd", SPEC_F_STR, struct spec_process, cwd),
		SPEC_FIELD_FN("capabilities", parse_capabilities),
		SPEC_FIELD_FN("rlimits", parse_rlimits),
		SPEC_FIELD("noNewPrivileges", SPEC_F_BOOL, struct spec_process, no_new_privileges),
		SPEC_FIELD("apparmorProfile", SPEC_F_STR, struct spec_process, apparmor_profile),
		SPEC_FIELD("selinuxLabel", SPEC_F_STR, struct spec_process, selinux_label),
		SPEC_FIELD_HAS("oomScoreAdj", SPEC_F_I32, struct spec_process, oom_score_adj,
			       has_oom_score_adj),
		SPEC_FIELD_FN("scheduler", parse_scheduler),
		SPEC_FIELD_FN("ioPriority", parse_io_priority),
		SPEC_FIELD_FN("execCPUAffinity", parse_cpu_affinity),
	};
	int r;

	r = spec_walk_object(ctx, v, fields, ARRAY_SIZE(fields), p);
	if (r < 0)
		return r;
	r = spec_require(ctx, p->cwd, "cwd");
	if (r < 0)
		return r;
	if (p->cwd[0] != '/') {
		size_t saved = spec_push_key(ctx, "cwd");
		r = spec_fail(ctx, "'%s' is not an absolute path", p->cwd);
		spec_pop(ctx, saved);
		return r;
	}
	if (p->has_oom_score_adj && (p->oom_score_adj < -1000 || p->oom_score_adj > 1000)) {
		size_t saved = spec_push_key(ctx, "oomScoreAdj");
		r = spec_fail(ctx, "%d out of range (-1000 to 1000)", p->oom_score_adj);
		spec_pop(ctx, saved);
		return r;
	}
	for (size_t i = 0; i < p->n_env; i++) {
		if (strchr(p->env[i], '=') && p->env[i][0] != '=')
			continue;
		size_t saved = spec_push_key(ctx, "env");
		spec_push_index(ctx, i);
		r = spec_fail(ctx, "'%s' is not of the form KEY=value", p->env[i]);
		spec_pop(ctx, saved);
		return r;
	}
	return 0;
}

static int parse_process(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_config *cfg = obj;

	cfg->process = xcalloc(1, sizeof(*cfg->process));
	return spec_parse_process_obj(ctx, v, cfg->process);
}

static int parse_root(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	static const struct spec_field fields[] = {
		SPEC_FIELD("path", SPEC_F_STR, struct spec_config, root_path),
		SPEC_FIELD("readonly", SPEC_F_BOOL, struct spec_config, root_readonly),
	};
	struct spec_config *cfg = obj;
	int r;

	r = spec_walk_object(ctx, v, fields, ARRAY_SIZE(fields), cfg);
	if (r < 0)
		return r;
	r = spec_require(ctx, cfg->root_path, "path");
	if (r == 0 && cfg->root_path[0] == '\0')
		r = spec_fail(ctx, "path: must not be empty");
	return r;
}

static int parse_mount_idmaps(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_mount *m = obj;

	return spec_get_array(ctx, v, sizeof(struct spec_idmap), spec_parse_idmap,
			      (void **)&m->uid_mappings, &m->n_uid_mappings);
}

static int parse_mount_gidmaps(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_mount *m = obj;

	return spec_get_array(ctx, v, sizeof(struct spec_idmap), spec_parse_idmap,
			      (void **)&m->gid_mappings, &m->n_gid_mappings);
}

/* runtime-spec 1.2: id mappings make an idmapped mount (as the idmap option does); both
 * kinds of ids are mapped, and only a bind mount can be idmapped (as runc). */
static int check_mount_idmap(struct spec_ctx *ctx, struct spec_mount *m)
{
	if (!m->n_uid_mappings != !m->n_gid_mappings) {
		spec_push_key(ctx, m->n_uid_mappings ? "gidMappings" : "uidMappings");
		return spec_fail(ctx, "required with %s (an idmapped mount maps both)",
				 m->n_uid_mappings ? "uidMappings" : "gidMappings");
	}
	if (m->n_uid_mappings)
		m->is_idmap = true;
	if (m->is_idmap && !m->is_bind) {
		spec_push_key(ctx, m->n_uid_mappings ? "uidMappings" : "options");
		return spec_fail(ctx, "only a bind mount can be idmapped");
	}
	return 0;
}

static int parse_mount(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_mount *m = obj;
	static const struct spec_field fields[] = {
		SPEC_FIELD("destination", SPEC_F_STR, struct spec_mount, destination),
		SPEC_FIELD("source", SPEC_F_STR, struct spec_mount, source),
		SPEC_FIELD("type", SPEC_F_STR, struct spec_mount, type),
		SPEC_FIELD_STRV("options", struct spec_mount, options, n_options),
		SPEC_FIELD_FN("uidMappings", parse_mount_idmaps),
		SPEC_FIELD_FN("gidMappings", parse_mount_gidmaps),
	};
	char bad[256];
	int r;

	r = spec_walk_object(ctx, v, fields, ARRAY_SIZE(fields), m);
	if (r < 0)
		return r;
	r = spec_require(ctx, m->destination, "destination");
	if (r < 0)
		return r;
	if (m->destination[0] != '/') {
		spec_push_key(ctx, "destination");
		return spec_fail(ctx, "'%s' is not an absolute path", m->destination);
	}
	r = spec_convert_mount_options(m, bad, sizeof(bad));
	if (r < 0) {
		spec_push_key(ctx, "options");
		if (r == -EOPNOTSUPP)
			return spec_fail(ctx, "mount option '%s' is not supported", bad);
		return spec_fail(ctx, "invalid mount option '%s'", bad);
	}
	if (!m->type && !m->is_bind)
		return spec_fail(ctx, "type: required unless options has 'bind' or 'rbind'");
	if (!m->source && m->is_bind)
		return spec_fail(ctx, "source: required for a bind mount");
	return check_mount_idmap(ctx, m);
}

static int parse_mounts(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_config *cfg = obj;

	return spec_get_array(ctx, v, sizeof(struct spec_mount), parse_mount, (void **)&cfg->mounts,
			      &cfg->n_mounts);
}

static int parse_hook(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_hook *h = obj;
	static const struct spec_field fields[] = {
		SPEC_FIELD("path", SPEC_F_STR, struct spec_hook, path),
		SPEC_FIELD_STRV("args", struct spec_hook, args, n_args),
		SPEC_FIELD_STRV("env", struct spec_hook, env, n_env),
		SPEC_FIELD_HAS("timeout", SPEC_F_I32, struct spec_hook, timeout, has_timeout),
	};
	int r;

	r = spec_walk_object(ctx, v, fields, ARRAY_SIZE(fields), h);
	if (r < 0)
		return r;
	r = spec_require(ctx, h->path, "path");
	if (r < 0)
		return r;
	if (h->path[0] != '/' && !ctx->lenient)
		return spec_fail(ctx, "path: '%s' is not an absolute path", h->path);
	if (h->has_timeout && h->timeout <= 0)
		return spec_fail(ctx, "timeout: must be greater than zero, got %d", h->timeout);
	return 0;
}

const char *const spec_hook_names[SPEC_HOOK__MAX] = {
	[SPEC_HOOK_PRESTART] = "prestart",
	[SPEC_HOOK_CREATE_RUNTIME] = "createRuntime",
	[SPEC_HOOK_CREATE_CONTAINER] = "createContainer",
	[SPEC_HOOK_START_CONTAINER] = "startContainer",
	[SPEC_HOOK_POSTSTART] = "poststart",
	[SPEC_HOOK_POSTSTOP] = "poststop",
};

static int parse_hooks(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_config *cfg = obj;
	int r;

	r = spec_expect_object(ctx, v);
	if (r < 0)
		return r;
	for (int k = 0; k < SPEC_HOOK__MAX; k++) {
		yajl_val a =
			yajl_tree_get(v, (const char *[]){spec_hook_names[k], NULL}, yajl_t_any);
		size_t saved;

		if (!a || YAJL_IS_NULL(a))
			continue;
		saved = spec_push_key(ctx, spec_hook_names[k]);
		r = spec_get_array(ctx, a, sizeof(struct spec_hook), parse_hook,
				   (void **)&cfg->hooks.list[k], &cfg->hooks.n[k]);
		if (r < 0)
			return r;
		spec_pop(ctx, saved);
	}
	return 0;
}

static int parse_annotations(struct spec_ctx *ctx, yajl_val v, void *obj)
{
	struct spec_config *cfg = obj;

	return spec_get_string_map(ctx, v, &cfg->annotations, &cfg->n_annotations);
}

static int parse_top(struct spec_ctx *ctx, yajl_val tree, struct spec_config *cfg)
{
	static const struct spec_field fields[] = {
		SPEC_FIELD("ociVersion", SPEC_F_STR, struct spec_config, oci_version),
		SPEC_FIELD_FN("root", parse_root),
		SPEC_FIELD_FN("mounts", parse_mounts),
		SPEC_FIELD_FN("process", parse_process),
		SPEC_FIELD("hostname", SPEC_F_STR, struct spec_config, hostname),
		SPEC_FIELD("domainname", SPEC_F_STR, struct spec_config, domainname),
		SPEC_FIELD_FN("hooks", parse_hooks),
		SPEC_FIELD_FN("annotations", parse_annotations),
		SPEC_FIELD_FN("linux", spec_parse_linux),
	};
	int r;

	if (!YAJL_IS_OBJECT(tree))
		return spec_fail(ctx, "expected a JSON object at the top level");
	r = spec_walk_object(ctx, tree, fields, ARRAY_SIZE(fields), cfg);
	if (r < 0)
		return r;
	r = spec_require(ctx, cfg->oci_version, "ociVersion");
	if (r < 0)
		return r;
	return spec_validate(ctx, cfg);
}

static int parse_config(const char *text, size_t len, const char *fname, bool lenient,
			struct spec_config **ret_cfg, struct lc_err *err)
{
	_cleanup_(spec_config_freep) struct spec_config *cfg = NULL;
	struct spec_ctx ctx = {.fname = fname, .err = err, .lenient = lenient};
	yajl_val tree = NULL;
	int r;

	r = spec_json_parse(text, len, fname, &tree, err);
	if (r < 0)
		return r;
	cfg = xcalloc(1, sizeof(*cfg));
	ctx.warnings = &cfg->warnings;
	r = parse_top(&ctx, tree, cfg);
	yajl_tree_free(tree);
	if (r < 0)
		return r;
	*ret_cfg = TAKE_PTR(cfg);
	return 0;
}

int spec_parse_config(const char *text, size_t len, const char *fname, struct spec_config **ret_cfg,
		      struct lc_err *err)
{
	return parse_config(text, len, fname, false, ret_cfg, err);
}

static int parse_file(int dfd, const char *name, bool lenient, struct spec_config **ret_cfg,
		      struct lc_err *err)
{
	_cleanup_free_ char *text = NULL;
	_cleanup_close_ int fd = -1;
	size_t len = 0;
	int r;

	fd = openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return lc_err_set(err, errno, "open %s", name);
	r = lc_read_all(fd, SPEC_CONFIG_MAX_BYTES, &text, &len);
	if (r == -EFBIG)
		return lc_err_setx(err, EFBIG, "%s: larger than %u bytes", name,
				   SPEC_CONFIG_MAX_BYTES);
	if (r < 0)
		return lc_err_set(err, -r, "read %s", name);
	return parse_config(text, len, name, lenient, ret_cfg, err);
}

int spec_parse_config_file(int dfd, const char *name, struct spec_config **ret_cfg,
			   struct lc_err *err)
{
	return parse_file(dfd, name, false, ret_cfg, err);
}

int spec_parse_config_file_lenient(int dfd, const char *name, struct spec_config **ret_cfg,
				   struct lc_err *err)
{
	return parse_file(dfd, name, true, ret_cfg, err);
}

int spec_parse_process(const char *text, size_t len, const char *fname,
		       struct spec_process **ret_proc, struct lc_err *err)
{
	_cleanup_(spec_process_freep) struct spec_process *p = NULL;
	struct spec_ctx ctx = {.fname = fname, .err = err};
	yajl_val tree = NULL;
	int r;

	r = spec_json_parse(text, len, fname, &tree, err);
	if (r < 0)
		return r;
	p = xcalloc(1, sizeof(*p));
	r = spec_parse_process_obj(&ctx, tree, p);
	if (r == 0 && p->n_args == 0)
		r = spec_fail(&ctx, "args: must contain at least one element");
	yajl_tree_free(tree);
	if (r < 0)
		return r;
	*ret_proc = TAKE_PTR(p);
	return 0;
}

int spec_parse_resources_json(const char *text, size_t len, const char *fname,
			      struct spec_resources **ret, struct lc_err *err)
{
	struct spec_ctx ctx = {.fname = fname, .err = err};
	struct spec_linux l = {0};
	yajl_val tree = NULL;
	int r;

	r = spec_json_parse(text, len, fname, &tree, err);
	if (r < 0)
		return r;
	r = spec_parse_resources(&ctx, tree, &l);
	yajl_tree_free(tree);
	if (r < 0) {
		l.resources = spec_resources_free(l.resources);
		return r;
	}
	*ret = l.resources;
	return 0;
}
