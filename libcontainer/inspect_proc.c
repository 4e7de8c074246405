/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * runh inspect, the process: its namespaces (own, or the host's: the inode of each
 * /proc/<pid>/ns link against the host's), uid_map/gid_map, its ids as the host sees
 * them, the five capability sets, no_new_privs, seccomp mode and filter count (all from
 * /proc/<pid>/status) and its LSM label (/proc/<pid>/attr/current).  Parent side, reads
 * only; pid_dfd may be a fake tree (tests/unit/test_inspect.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "caps.h"
#include "cleanup.h"
#include "inspect.h"
#include "util.h"

/* The whole of dfd/name, NULL when unreadable (errno set). */
static char *read_text(int dfd, const char *name)
{
	char *text = NULL;
	struct lc_err e = {0};

	if (dfd < 0 || lc_read_file_at(dfd, name, 1 << 20, &text, NULL, &e) < 0) {
		errno = e.code ? e.code : EBADF;
		return NULL;
	}
	return text;
}

/* The value of "Key:\t..." in a /proc/<pid>/status text (heap), NULL when absent. */
static char *status_field(const char *status, const char *key)
{
	size_t n = strlen(key);

	for (const char *p = status; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (strncmp(p, key, n) == 0 && p[n] == ':') {
			const char *v = p + n + 1;

			v += strspn(v, " \t");
			return strndup(v, strcspn(v, "\n"));
		}
	return NULL;
}

/* ---- namespaces ------------------------------------------------------------------- */

static const char *const proc_ns_names[SPEC_NS__MAX] = {
	[SPEC_NS_PID] = "pid",	     [SPEC_NS_NETWORK] = "net", [SPEC_NS_MOUNT] = "mnt",
	[SPEC_NS_IPC] = "ipc",	     [SPEC_NS_UTS] = "uts",	[SPEC_NS_USER] = "user",
	[SPEC_NS_CGROUP] = "cgroup", [SPEC_NS_TIME] = "time",
};

/* The inode of a namespace link ("net:[4026531833]"), 0 when unreadable. */
static unsigned long ns_inode(int ns_dfd, const char *name, char *text, size_t n)
{
	ssize_t len = ns_dfd < 0 ? -1 : readlinkat(ns_dfd, name, text, n - 1);
	const char *br;

	if (len < 0) {
		snprintf(text, n, "unreadable (%s)", strerror(errno));
		return 0;
	}
	text[len] = '\0';
	br = strchr(text, '[');
	return br ? strtoul(br + 1, NULL, 10) : 0;
}

static void inspect_one_ns(int own_dfd, int ref_ns_dfd, const struct spec_config *cfg,
			   enum spec_ns_type t, struct lc_inspect *out)
{
	const struct spec_namespace *ns = spec_find_namespace(cfg, t);
	char own[128], ref[128], asked[512], has[300];
	unsigned long own_ino = ns_inode(own_dfd, proc_ns_names[t], own, sizeof(own));
	unsigned long ref_ino = ns_inode(ref_ns_dfd, proc_ns_names[t], ref, sizeof(ref));
	enum lc_inspect_verdict v;
	struct stat st;

	if (!own_ino && !ns && !ref_ino)
		return; /* this kernel has no such namespace (time before 5.6) */
	if (!own_ino) {
		lc_inspect_add(out, "ns", ns ? LC_INSPECT_MISMATCH : LC_INSPECT_INFO,
			       spec_ns_type_names[t], ns ? "new" : "host", own);
		return;
	}
	if (own_ino == ref_ino)
		snprintf(has, sizeof(has), "host (shared: %s)", own);
	else
		snprintf(has, sizeof(has), "own (%s)", own);
	if (!ns) {
		snprintf(asked, sizeof(asked), "host");
		v = own_ino == ref_ino ? LC_INSPECT_OK : LC_INSPECT_MISMATCH;
	} else if (ns->path) {
		snprintf(asked, sizeof(asked), "join %s", ns->path);
		v = stat(ns->path, &st) == 0 && st.st_ino == own_ino ? LC_INSPECT_OK
								     : LC_INSPECT_MISMATCH;
		if (v == LC_INSPECT_OK)
			snprintf(has, sizeof(has), "joined (%s)", own);
	} else {
		snprintf(asked, sizeof(asked), "new");
		v = own_ino != ref_ino ? LC_INSPECT_OK : LC_INSPECT_MISMATCH;
	}
	lc_inspect_add(out, "ns", v, spec_ns_type_names[t], asked, has);
}

void lc_inspect_namespaces(int pid_dfd, int ref_ns_dfd, const struct spec_config *cfg,
			   struct lc_inspect *out)
{
	_cleanup_close_ int own = openat(pid_dfd, "ns", O_PATH | O_DIRECTORY | O_CLOEXEC);

	for (int t = 0; t < SPEC_NS__MAX; t++)
		inspect_one_ns(own, ref_ns_dfd, cfg, (enum spec_ns_type)t, out);
}

/* ---- user namespace: id maps and ids ---------------------------------------------- */

/* "0 100000 65536, 65536 0 1": the lines of a uid_map with single spaces. */
static char *map_text(const char *text)
{
	char *res = xstrdup(""), *copy = xstrdup(text), *save = NULL;

	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		unsigned long a, b, c;
		char *next;

		if (sscanf(line, "%lu %lu %lu", &a, &b, &c) != 3)
			continue;
		next = xasprintf("%s%s%lu %lu %lu", res, *res ? ", " : "", a, b, c);
		free(res);
		res = next;
	}
	free(copy);
	return res;
}

static char *config_map_text(const struct spec_idmap *m, size_t n)
{
	char *res = xstrdup("");

	for (size_t i = 0; i < n; i++) {
		char *next = xasprintf("%s%s%u %u %u", res, i ? ", " : "", m[i].container_id,
				       m[i].host_id, m[i].size);
		free(res);
		res = next;
	}
	return res;
}

static void inspect_map(int pid_dfd, const struct spec_config *cfg, bool gid,
			struct lc_inspect *out)
{
	const struct spec_namespace *ns = spec_find_namespace(cfg, SPEC_NS_USER);
	const struct spec_idmap *m = gid ? cfg->linux_->gid_mappings : cfg->linux_->uid_mappings;
	size_t n = gid ? cfg->linux_->n_gid_mappings : cfg->linux_->n_uid_mappings;
	_cleanup_free_ char *text = read_text(pid_dfd, gid ? "gid_map" : "uid_map");
	_cleanup_free_ char *has = text ? map_text(text) : xstrdup("unreadable");
	_cleanup_free_ char *asked = NULL;
	enum lc_inspect_verdict v;

	if (!ns) {
		asked = xstrdup("none (host ids)");
		v = strcmp(has, "0 0 4294967295") == 0 ? LC_INSPECT_OK : LC_INSPECT_MISMATCH;
	} else if (!n) {
		asked = xstrdup(ns->path ? "the joined namespace's" : "none");
		v = LC_INSPECT_INFO;
	} else {
		asked = config_map_text(m, n);
		v = strcmp(asked, has) == 0 ? LC_INSPECT_OK : LC_INSPECT_MISMATCH;
	}
	lc_inspect_add(out, "user", v, gid ? "gid_map" : "uid_map", asked, has);
}

/* id through a uid_map/gid_map text ("0 100000 65536" lines); false when not mapped. */
static bool map_by_text(const char *text, uint32_t id, uint32_t *ret)
{
	for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		unsigned long in, host, size;

		if (sscanf(p, "%lu %lu %lu", &in, &host, &size) == 3 && id >= in &&
		    id - in < size) {
			*ret = (uint32_t)(host + (id - in));
			return true;
		}
	}
	return false;
}

/* A container id as the host sees it, through the config's map (identity without a user
 * namespace; the kernel's map for a joined one the config gives no map for). */
static bool map_id(int pid_dfd, const struct spec_config *cfg, bool gid, uint32_t id, uint32_t *ret)
{
	const struct spec_idmap *m = gid ? cfg->linux_->gid_mappings : cfg->linux_->uid_mappings;
	size_t n = gid ? cfg->linux_->n_gid_mappings : cfg->linux_->n_uid_mappings;

	if (!spec_find_namespace(cfg, SPEC_NS_USER)) {
		*ret = id;
		return true;
	}
	if (!n) {
		_cleanup_free_ char *text = read_text(pid_dfd, gid ? "gid_map" : "uid_map");

		return text && map_by_text(text, id, ret);
	}
	for (size_t i = 0; i < n; i++)
		if (id >= m[i].container_id && id - m[i].container_id < m[i].size) {
			*ret = m[i].host_id + (id - m[i].container_id);
			return true;
		}
	return false;
}

/* "Uid:" / "Gid:": real, effective, saved, filesystem ids, as the host sees them. */
static void inspect_id(int pid_dfd, const char *status, const struct spec_config *cfg, bool gid,
		       struct lc_inspect *out)
{
	uint32_t want = gid ? cfg->process->user.gid : cfg->process->user.uid, host;
	_cleanup_free_ char *field = status_field(status, gid ? "Gid" : "Uid");
	_cleanup_free_ char *asked = NULL, *has = NULL;
	unsigned long ids[4];
	bool mapped = map_id(pid_dfd, cfg, gid, want, &host), same;

	if (!field || sscanf(field, "%lu %lu %lu %lu", &ids[0], &ids[1], &ids[2], &ids[3]) != 4) {
		lc_inspect_add(out, "user", LC_INSPECT_MISMATCH, gid ? "gid" : "uid", "-",
			       "unreadable");
		return;
	}
	same = ids[0] == ids[1] && ids[1] == ids[2] && ids[2] == ids[3];
	if (!mapped)
		asked = xasprintf("%u (not mapped)", want);
	else if (host != want)
		asked = xasprintf("%u (host %u)", want, host);
	else
		asked = xasprintf("%u", want);
	has = same ? xasprintf("host %lu", ids[0])
		   : xasprintf("host %lu %lu %lu %lu (real effective saved fs)", ids[0], ids[1],
			       ids[2], ids[3]);
	lc_inspect_add(out, "user",
		       mapped && same && ids[0] == host ? LC_INSPECT_OK : LC_INSPECT_MISMATCH,
		       gid ? "gid" : "uid", asked, has);
}

static int cmp_ul(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

/* A sorted, space-separated list of host gids. */
static char *gid_list(unsigned long *v, size_t n)
{
	char *res = xstrdup("");

	if (!n)
		return free(res), xstrdup("none");
	qsort(v, n, sizeof(*v), cmp_ul);
	for (size_t i = 0; i < n; i++) {
		char *next = xasprintf("%s%s%lu", res, i ? " " : "", v[i]);

		free(res);
		res = next;
	}
	return res;
}

static void inspect_groups(int pid_dfd, const char *status, const struct spec_config *cfg,
			   struct lc_inspect *out)
{
	const struct spec_user *u = &cfg->process->user;
	_cleanup_free_ char *field = status_field(status, "Groups");
	_cleanup_free_ unsigned long *want = xcalloc(u->n_additional_gids + 1, sizeof(*want));
	_cleanup_free_ unsigned long *got = NULL;
	_cleanup_free_ char *asked = NULL, *has = NULL;
	size_t n_got = 0;
	char *p = field, *end;

	for (size_t i = 0; i < u->n_additional_gids; i++) {
		uint32_t h;

		want[i] = map_id(pid_dfd, cfg, true, u->additional_gids[i], &h) ? h : 0;
	}
	while (p && *p) {
		unsigned long g = strtoul(p, &end, 10);

		if (end == p)
			break;
		got = xrealloc(got, (n_got + 1) * sizeof(*got));
		got[n_got++] = g;
		p = end;
	}
	asked = gid_list(want, u->n_additional_gids);
	has = gid_list(got, n_got);
	lc_inspect_add(out, "user", strcmp(asked, has) ? LC_INSPECT_MISMATCH : LC_INSPECT_OK,
		       "groups", asked, has);
}

/* ---- capabilities ----------------------------------------------------------------- */

struct cap_names {
	char **v;
	size_t n;
};

static void cap_names_done(struct cap_names *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i]);
	free(c->v);
}

static uint64_t config_caps(const struct cap_names *names, char **list, size_t n)
{
	uint64_t mask = 0;

	for (size_t i = 0; i < n; i++)
		for (size_t b = 0; b < names->n && b < 64; b++)
			if (strcasecmp(list[i], names->v[b]) == 0)
				mask |= 1ULL << b;
	return mask;
}

/* "chown net_bind_service", "none", or "all (41)". */
static char *caps_text(const struct cap_names *names, uint64_t mask)
{
	uint64_t all = names->n >= 64 ? ~0ULL : (1ULL << names->n) - 1;
	char *res = xstrdup("");

	if (!mask)
		return free(res), xstrdup("none");
	if (mask == all)
		return free(res), xasprintf("all (%zu)", names->n);
	for (size_t b = 0; b < 64; b++) {
		char *next;

		if (!(mask & (1ULL << b)))
			continue;
		if (b < names->n)
			next = xasprintf("%s%s%s", res, *res ? " " : "", names->v[b] + 4);
		else
			next = xasprintf("%s%scap_%zu", res, *res ? " " : "", b);
		free(res);
		res = next;
	}
	for (char *q = res; *q; q++)
		*q = (char)(*q >= 'A' && *q <= 'Z' ? *q + 32 : *q);
	return res;
}

static void inspect_caps(const char *status, const struct spec_config *cfg, struct lc_inspect *out)
{
	static const char *const keys[] = {"CapBnd", "CapEff", "CapPrm", "CapInh", "CapAmb"};
	static const char *const items[] = {"bounding", "effective", "permitted", "inheritable",
					    "ambient"};
	const struct spec_capabilities *c = cfg->process->capabilities;
	char **lists[5] = {0};
	size_t counts[5] = {0};
	struct cap_names names = {0};

	if (c) {
		char **l[5] = {c->bounding, c->effective, c->permitted, c->inheritable, c->ambient};
		size_t n[5] = {c->n_bounding, c->n_effective, c->n_permitted, c->n_inheritable,
			       c->n_ambient};

		memcpy(lists, l, sizeof(l));
		memcpy(counts, n, sizeof(n));
	}
	names.v = lc_caps_known_names(&names.n);
	for (size_t i = 0; i < 5; i++) {
		_cleanup_free_ char *field = status_field(status, keys[i]);
		_cleanup_free_ char *asked = NULL, *has = NULL;
		uint64_t want = config_caps(&names, lists[i], counts[i]), got;

		if (!field) {
			lc_inspect_add(out, "caps", LC_INSPECT_MISMATCH, items[i], "-",
				       "unreadable");
			continue;
		}
		got = strtoull(field, NULL, 16);
		asked = caps_text(&names, want);
		has = caps_text(&names, got);
		lc_inspect_add(out, "caps", want == got ? LC_INSPECT_OK : LC_INSPECT_MISMATCH,
			       items[i], asked, has);
	}
	cap_names_done(&names);
}

/* ---- no_new_privs, seccomp, LSM --------------------------------------------------- */

static long status_long(const char *status, const char *key, long dflt)
{
	_cleanup_free_ char *f = status ? status_field(status, key) : NULL;

	return f ? strtol(f, NULL, 10) : dflt;
}

static void inspect_nnp(const char *status, const char *self, const struct spec_config *cfg,
			struct lc_inspect *out)
{
	long has = status_long(status, "NoNewPrivs", -1);
	bool want = cfg->process->no_new_privileges;
	enum lc_inspect_verdict v = (has == 1) == want ? LC_INSPECT_OK : LC_INSPECT_MISMATCH;

	/* Without noNewPrivileges a runh that runs with it passes it on: inherited, not asked. */
	if (!want && has == 1 && status_long(self, "NoNewPrivs", 0) == 1)
		v = LC_INSPECT_INFO;
	lc_inspect_add(out, "process", v, "no_new_privs", want ? "1" : "0",
		       has < 0 ? "unreadable"
		       : has   ? (v == LC_INSPECT_INFO ? "1 (inherited from runh)" : "1")
			       : "0");
}

static const char *seccomp_mode_name(long mode)
{
	return mode == 0   ? "0 (disabled)"
	       : mode == 1 ? "1 (strict)"
	       : mode == 2 ? "2 (filter)"
			   : "?";
}

static void inspect_seccomp(const char *status, const char *self, const struct spec_config *cfg,
			    bool created, struct lc_inspect *out)
{
	bool want = cfg->linux_->seccomp != NULL;
	long mode = status_long(status, "Seccomp", -1);
	long filters = status_long(status, "Seccomp_filters", -1);
	long inherited = status_long(self, "Seccomp_filters", 0);
	long want_filters = inherited + (want ? 1 : 0);
	enum lc_inspect_verdict v;
	_cleanup_free_ char *asked = NULL, *has = NULL;

	v = (mode == 2) == (want_filters > 0) ? LC_INSPECT_OK : LC_INSPECT_MISMATCH;
	/* With noNewPrivileges the filter is loaded right before execve, at start. */
	if (created && want && mode == 0)
		v = LC_INSPECT_INFO;
	lc_inspect_add(out, "seccomp", v, "mode", seccomp_mode_name(want_filters ? 2 : 0),
		       created && v == LC_INSPECT_INFO ? "0 (disabled: loaded at start)"
						       : seccomp_mode_name(mode));
	if (filters < 0)
		return;
	asked = inherited ? xasprintf("%ld (%ld inherited from runh)", want_filters, inherited)
			  : xasprintf("%ld", want_filters);
	has = xasprintf("%ld", filters);
	v = filters == want_filters ? LC_INSPECT_OK : LC_INSPECT_MISMATCH;
	if (created && want && filters == inherited)
		v = LC_INSPECT_INFO;
	lc_inspect_add(out, "seccomp", v, "filters", asked, has);
}

static void inspect_lsm(int pid_dfd, const struct spec_config *cfg, struct lc_inspect *out)
{
	const char *want = cfg->process->apparmor_profile ? cfg->process->apparmor_profile
							  : cfg->process->selinux_label;
	_cleanup_free_ char *label = read_text(pid_dfd, "attr/current");
	int e = errno;
	enum lc_inspect_verdict v;
	_cleanup_free_ char *has = NULL;
	size_t n = want ? strlen(want) : 0;

	if (label)
		label[strcspn(label, "\n")] = '\0';
	if (!label || !*label) {
		has = e == EINVAL || e == ENOENT || (label && !*label)
			      ? xstrdup("none (no LSM on this host labels processes)")
			      : xasprintf("unreadable (%s)", strerror(e));
		v = want ? LC_INSPECT_MISMATCH : LC_INSPECT_OK;
	} else {
		has = xstrdup(label);
		if (!want)
			v = strcmp(label, "unconfined") == 0 ? LC_INSPECT_OK : LC_INSPECT_INFO;
		else
			v = strncmp(label, want, n) == 0 && (!label[n] || label[n] == ' ')
				    ? LC_INSPECT_OK
				    : LC_INSPECT_MISMATCH;
	}
	lc_inspect_add(out, "lsm", v, "label", want ? want : "none", has);
}

void lc_inspect_process(int pid_dfd, int self_dfd, const struct spec_config *cfg,
			struct lc_inspect *out)
{
	_cleanup_free_ char *status = read_text(pid_dfd, "status");
	_cleanup_free_ char *self = read_text(self_dfd, "status");
	bool created = out->status && strcmp(out->status, "created") == 0;

	inspect_map(pid_dfd, cfg, false, out);
	inspect_map(pid_dfd, cfg, true, out);
	if (!status) {
		lc_inspect_add(out, "process", LC_INSPECT_MISMATCH, "status", "-",
			       "unreadable /proc/<pid>/status");
		return;
	}
	inspect_id(pid_dfd, status, cfg, false, out);
	inspect_id(pid_dfd, status, cfg, true, out);
	inspect_groups(pid_dfd, status, cfg, out);
	inspect_caps(status, cfg, out);
	inspect_nnp(status, self, cfg, out);
	inspect_seccomp(status, self, cfg, created, out);
	inspect_lsm(pid_dfd, cfg, out);
}
