/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cgroups: create (reuse, controllers, the per-hierarchy operations), enter, signal,
 * update, destroy (see cgroup.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "cgroup_files.h"
#include "cgroup_internal.h"
#include "cleanup.h"
#include "devices_bpf.h"
#include "log.h"
#include "util.h"

/* cpuset in v1 starts empty: a new group inherits its parent's cpus and mems. */
static int v1_cpuset_init(int parent, int dir, struct lc_err *err)
{
	static const char *const files[] = {"cpuset.cpus", "cpuset.mems"};

	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		_cleanup_free_ char *cur = NULL, *par = NULL;
		int r;

		if (lc_read_file_at(dir, files[i], 4096, &cur, NULL, err) < 0)
			return -err->code;
		if (cur[strspn(cur, " \n")] != '\0')
			continue;
		if (lc_read_file_at(parent, files[i], 4096, &par, NULL, err) < 0)
			return -err->code;
		r = lc_write_existing_at(dir, files[i], par, err);
		if (r < 0)
			return r;
	}
	return 0;
}

/* mkdir -p of path below the hierarchy; returns the leaf's fd, *ret_created when new. */
static int make_dirs(const struct lc_cgroup_hier *h, const char *path, bool *ret_created,
		     size_t *ret_top_len, struct lc_err *err)
{
	_cleanup_free_ char *copy = xstrdup(path);
	_cleanup_close_ int cur = -1;
	bool cpuset = !h->is_v2 && lc_cgroup_has_controller(h->controllers, "cpuset");
	char *p = copy, *c;

	cur = open(h->mountpoint, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (cur < 0)
		return lc_err_set(err, errno, "open cgroup hierarchy '%s'", h->mountpoint);
	*ret_created = false;
	*ret_top_len = 0;
	while ((c = strsep(&p, "/"))) {
		int next;

		if (!*c)
			continue;
		*ret_created = mkdirat(cur, c, 0755) == 0;
		if (!*ret_created && errno != EEXIST)
			return lc_err_set(err, errno, "create cgroup %s%s", h->mountpoint, path);
		if (*ret_created && !*ret_top_len)
			*ret_top_len = (size_t)(c - copy) + strlen(c);
		next = openat(cur, c, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
		if (next < 0)
			return lc_err_set(err, errno, "open cgroup %s%s", h->mountpoint, path);
		if (cpuset && v1_cpuset_init(cur, next, err) < 0) {
			close(next);
			return lc_err_wrap(err, "cgroup %s%s", h->mountpoint, path);
		}
		close(cur);
		cur = next;
	}
	return TAKE_FD(cur);
}

/* Which v2 controllers res needs; "" when none. */
static void v2_needed(const struct spec_resources *res, char *out, size_t n)
{
	out[0] = '\0';
#define NEED(cond, name)                                                \
	do {                                                            \
		if ((cond) && !lc_cgroup_has_controller(out, name)) {   \
			if (out[0])                                     \
				strncat(out, ",", n - strlen(out) - 1); \
			strncat(out, name, n - strlen(out) - 1);        \
		}                                                       \
	} while (0)
	if (!res)
		return;
	NEED(res->memory && (res->memory->limit.set || res->memory->reservation.set ||
			     res->memory->swap.set),
	     "memory");
	NEED(res->cpu && (res->cpu->shares.set || res->cpu->quota.set || res->cpu->period.set ||
			  res->cpu->burst.set || res->cpu->idle.set),
	     "cpu");
	NEED(res->cpu && (res->cpu->cpus || res->cpu->mems), "cpuset");
	NEED(res->has_pids_limit, "pids");
	NEED(res->blockio && (res->blockio->has_weight || res->blockio->n_weight_device ||
			      res->blockio->n_throttle[0] || res->blockio->n_throttle[1] ||
			      res->blockio->n_throttle[2] || res->blockio->n_throttle[3]),
	     "io");
	NEED(res->n_hugepage_limits, "hugetlb");
	NEED(res->n_rdma, "rdma");
	for (size_t i = 0; i < res->n_unified; i++) {
		char ctl[64];
		size_t k = strcspn(res->unified[i].key, ".");

		snprintf(ctl, sizeof(ctl), "%.*s", (int)k, res->unified[i].key);
		NEED(strcmp(ctl, "cgroup") != 0, ctl);
	}
#undef NEED
}

static bool word_in(const char *list, const char *w)
{
	size_t n = strlen(w);

	for (const char *p = list; (p = strstr(p, w)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\n' || p[n] == '\0'))
			return true;
	return false;
}

static int enable_in(int dfd, const char *where, bool machine_owned, const char *needed,
		     struct lc_err *err)
{
	_cleanup_free_ char *have = NULL, *on = NULL;
	char list[256], *q = list, *ctl;

	if (lc_read_file_at(dfd, "cgroup.subtree_control", 4096, &on, NULL, err) < 0 ||
	    lc_read_file_at(dfd, "cgroup.controllers", 4096, &have, NULL, err) < 0)
		return -err->code;
	snprintf(list, sizeof(list), "%s", needed);
	while ((ctl = strsep(&q, ","))) {
		_cleanup_free_ char *plus = xasprintf("+%s", ctl);

		if (word_in(on, ctl))
			continue;
		if (!word_in(have, ctl))
			return lc_err_setx(err, EOPNOTSUPP,
					   "the cgroup2 '%s' controller is not available at %s",
					   ctl, where);
		if (machine_owned)
			return lc_err_setx(
				err, EOPNOTSUPP,
				"the cgroup2 '%s' controller is not enabled at %s (a hybrid "
				"host's root belongs to the machine: runh does not change it)",
				ctl, where);
		if (lc_write_existing_at(dfd, "cgroup.subtree_control", plus, err) < 0)
			return -err->code;
	}
	return 0;
}

/* Enable the needed controllers in the root and every ancestor of the leaf. */
static int v2_enable(const struct lc_cgroup_layout *l, const struct lc_cgroup_hier *h,
		     const char *path, const char *needed, struct lc_err *err)
{
	size_t parent_len = (size_t)(strrchr(path, '/') - path);
	size_t i = 0;

	for (;;) {
		_cleanup_free_ char *dir = xasprintf("%s%.*s", h->mountpoint, (int)i, path);
		_cleanup_close_ int dfd =
			open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
		int r;

		if (dfd < 0)
			return lc_err_set(err, errno, "open cgroup '%s'", dir);
		r = enable_in(dfd, dir, i == 0 && l->mode == LC_CGROUP_HYBRID, needed, err);
		if (r < 0)
			return r;
		if (i >= parent_len)
			return 0;
		i++;
		while (i < parent_len && path[i] != '/')
			i++;
	}
}

/* Each unified key's controller ("memory" of "memory.high") must exist in the v2 tree. */
static int check_unified_keys(const struct lc_cgroup_layout *l, const struct spec_resources *res,
			      struct lc_err *err)
{
	for (size_t j = 0; j < l->n_hier; j++) {
		_cleanup_close_ int dfd = -1;
		_cleanup_free_ char *have = NULL;

		if (!l->hier[j].is_v2 || !res->n_unified)
			continue;
		dfd = open(l->hier[j].mountpoint, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd < 0 ||
		    lc_read_file_at(dfd, "cgroup.controllers", 4096, &have, NULL, err) < 0)
			return lc_err_set(err, errno, "read %s/cgroup.controllers",
					  l->hier[j].mountpoint);
		for (size_t i = 0; i < res->n_unified; i++) {
			char ctl[64];
			size_t k = strcspn(res->unified[i].key, ".");

			snprintf(ctl, sizeof(ctl), "%.*s", (int)k, res->unified[i].key);
			if (strcmp(ctl, "cgroup") != 0 && !word_in(have, ctl))
				return lc_err_setx(
					err, EOPNOTSUPP,
					"linux.resources.unified.%s: no '%s' controller in the "
					"cgroup2 tree at %s",
					res->unified[i].key, ctl, l->hier[j].mountpoint);
		}
	}
	return 0;
}

static bool v1_has(const struct lc_cgroup_layout *l, const char *ctl)
{
	for (size_t j = 0; j < l->n_hier; j++)
		if (!l->hier[j].is_v2 && lc_cgroup_has_controller(l->hier[j].controllers, ctl))
			return true;
	return false;
}

/* A v1 hierarchy with the controller, or a cgroup2 one whose cgroup.controllers lists it
 * (v2 names: "io" for blkio). */
static bool controller_anywhere(const struct lc_cgroup_layout *l, const char *v1, const char *v2)
{
	if (v1_has(l, v1))
		return true;
	for (size_t j = 0; j < l->n_hier; j++) {
		_cleanup_close_ int dfd = -1;
		_cleanup_free_ char *have = NULL;
		struct lc_err e = {0};

		if (!l->hier[j].is_v2)
			continue;
		dfd = open(l->hier[j].mountpoint, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0 &&
		    lc_read_file_at(dfd, "cgroup.controllers", 4096, &have, NULL, &e) >= 0 &&
		    word_in(have, v2))
			return true;
	}
	return false;
}

/* A limit asked for (not a client's zero, cgroup_res.c) with no controller to take it:
 * refused, never dropped in silence (runc and crun refuse too). */
static int check_controllers(const struct lc_cgroup_layout *l, const struct spec_resources *res,
			     struct lc_err *err)
{
	const struct spec_memory *m = res->memory;
	const struct spec_cpu *c = res->cpu;
	const struct {
		bool want;
		const char *what, *v1, *v2;
	} needs[] = {
		{m && m->limit.set && m->limit.v > 0, "linux.resources.memory.limit", "memory",
		 "memory"},
		{res->has_pids_limit && res->pids_limit > 0, "linux.resources.pids.limit", "pids",
		 "pids"},
		{c && ((c->quota.set && c->quota.v > 0) || (c->shares.set && c->shares.v > 0)),
		 "linux.resources.cpu", "cpu", "cpu"},
		{c && ((c->cpus && c->cpus[0]) || (c->mems && c->mems[0])),
		 "linux.resources.cpu.cpus/mems", "cpuset", "cpuset"},
		{res->n_hugepage_limits > 0, "linux.resources.hugepageLimits", "hugetlb",
		 "hugetlb"},
		{res->n_rdma > 0, "linux.resources.rdma", "rdma", "rdma"},
	};

	for (size_t i = 0; i < ARRAY_SIZE(needs); i++)
		if (needs[i].want && !controller_anywhere(l, needs[i].v1, needs[i].v2))
			return lc_err_setx(err, EOPNOTSUPP,
					   "config.json: %s: this host has no %s controller "
					   "(in no cgroup hierarchy)",
					   needs[i].what, needs[i].v1);
	return 0;
}

/* Does some hierarchy carry the v1 controller (or v2 list) res needs?  Named errors. */
static int check_available(const struct lc_cgroup_layout *l, const struct spec_resources *res,
			   struct lc_err *err)
{
	static const struct {
		const char *what, *v1;
	} needs[] = {
		{"linux.resources.network", "net_cls"},
		{"linux.resources.network.priorities", "net_prio"},
	};
	bool want[2] = {res->has_net_class_id, res->n_net_priorities > 0};

	for (size_t i = 0; i < ARRAY_SIZE(needs); i++)
		if (want[i] && !v1_has(l, needs[i].v1))
			return lc_err_setx(err, EOPNOTSUPP, "%s: the %s controller is not mounted",
					   needs[i].what, needs[i].v1);
	{
		int r = check_controllers(l, res, err);

		if (r < 0)
			return r;
	}
	if (res->n_unified && l->mode == LC_CGROUP_V1)
		return lc_err_setx(err, EOPNOTSUPP,
				   "linux.resources.unified.%s: this host has no "
				   "cgroup2 hierarchy",
				   res->unified[0].key);
	return check_unified_keys(l, res, err);
}

/* On a hybrid host the v2 tree gets what no v1 hierarchy can take (hugetlb here). */
static void hybrid_v2_share(const struct lc_cgroup_layout *l, const struct spec_resources *res,
			    struct spec_resources *out)
{
	memset(out, 0, sizeof(*out));
	if (!v1_has(l, "hugetlb")) {
		out->hugepage_limits = res->hugepage_limits;
		out->n_hugepage_limits = res->n_hugepage_limits;
	}
	if (!v1_has(l, "rdma")) {
		out->rdma = res->rdma;
		out->n_rdma = res->n_rdma;
	}
	out->unified = res->unified;
	out->n_unified = res->n_unified;
}

/* What one lc_cgroup_create call made in one hierarchy: only that is ever undone. */
struct hier_made {
	int dfd;	/* the container's directory, -1 before it is open */
	bool made_leaf; /* the leaf itself is new */
	size_t top_len; /* path[0..top_len) is the shallowest new directory; 0: none */
};

/* Undo one hierarchy: rmdir what this call created, leaf first, while it is empty. */
static void unmake_dirs(const struct lc_cgroup_hier *h, const char *path, const struct hier_made *m)
{
	_cleanup_free_ char *p = xstrdup(path);

	if (!m->top_len)
		return;
	for (;;) {
		_cleanup_free_ char *full = xasprintf("%s%s", h->mountpoint, p);
		char *slash;

		/* ENOENT: a later mkdir failed; not empty: someone joined it, leave it. */
		if (rmdir(full) < 0 && errno != ENOENT)
			return;
		slash = strrchr(p, '/');
		if (!slash || (size_t)(slash - p) < m->top_len)
			return;
		*slash = '\0';
	}
}

/* An existing container cgroup is reused (as runc does): refuse a frozen one, warn when
 * processes live in it.  Nothing is written to it before this check passed. */
static int check_reused(const struct lc_cgroup_layout *l, const struct lc_cgroup_hier *h, int dfd,
			const char *path, bool *warned, struct lc_err *err)
{
	const struct lc_cgroup_ops *ops = lc_cgroup_ops_of(l, h);
	_cleanup_free_ pid_t *pids = NULL;

	if (ops->is_frozen && ops->is_frozen(dfd))
		return lc_err_setx(err, EBUSY,
				   "cgroup %s%s exists already and is frozen: refusing "
				   "to use it",
				   h->mountpoint, path);
	pids = lc_cgroup_read_procs(dfd);
	if (pids && !*warned) {
		size_t n = 0;

		while (pids[n])
			n++;
		lc_warn("the container's cgroup %s%s is not empty: %zu process(es) found: reused",
			h->mountpoint, path, n);
		*warned = true;
	}
	return 0;
}

/* mkdir -p in every hierarchy; then, for the directories found, the reuse checks. */
static int make_all(const struct lc_cgroup_layout *l, const char *path, struct hier_made *made,
		    struct lc_err *err)
{
	bool warned = false;
	int r;

	for (size_t i = 0; i < l->n_hier; i++) {
		const struct lc_cgroup_hier *h = &l->hier[i];

		made[i].dfd = make_dirs(h, path, &made[i].made_leaf, &made[i].top_len, err);
		if (made[i].dfd == -ENOENT) /* a parent removed by a concurrent delete: once more */
			made[i].dfd = make_dirs(h, path, &made[i].made_leaf, &made[i].top_len, err);
		if (made[i].dfd < 0)
			return made[i].dfd;
	}
	for (size_t i = 0; i < l->n_hier; i++) {
		if (made[i].made_leaf)
			continue;
		r = check_reused(l, &l->hier[i], made[i].dfd, path, &warned, err);
		if (r < 0)
			return r;
	}
	return 0;
}

/* "memory,devices" without devices: update never rewrites device rules (runc). */
static void without_devices(const char *ctls, char *out, size_t n)
{
	_cleanup_free_ char *copy = xstrdup(ctls);
	char *p = copy, *c;

	out[0] = '\0';
	while ((c = strsep(&p, ",")))
		if (strcmp(c, "devices") != 0)
			snprintf(out + strlen(out), n - strlen(out), "%s%s", out[0] ? "," : "", c);
}

static int v1_apply(const struct lc_cgroup_layout *l, const struct lc_cgroup_hier *h, int dfd,
		    const char *path, const struct spec_resources *res, enum lc_cgroup_op op,
		    struct lc_err *err)
{
	char ctls[128];

	(void)l;
	(void)path;
	if (op == LC_CGROUP_OP_CREATE)
		return lc_cgroup_v1_apply(dfd, h->controllers, res, err);
	without_devices(h->controllers, ctls, sizeof(ctls));
	return lc_cgroup_v1_apply(dfd, ctls, res, err);
}

/* Pure v2: controllers enabled down to the leaf on create, device rules as BPF. */
static int v2_apply(const struct lc_cgroup_layout *l, const struct lc_cgroup_hier *h, int dfd,
		    const char *path, const struct spec_resources *res, enum lc_cgroup_op op,
		    struct lc_err *err)
{
	char needed[256];
	int r;

	if (op == LC_CGROUP_OP_UPDATE)
		return lc_cgroup_v2_apply(dfd, res, err);
	v2_needed(res, needed, sizeof(needed));
	if (needed[0] && (r = v2_enable(l, h, path, needed, err)) < 0)
		return r;
	r = lc_cgroup_v2_apply(dfd, res, err);
	/* Without root no device program loads (lc_cgroup_rootless warned). */
	if (r == 0 && !l->no_device_rules)
		r = lc_devices_bpf_attach(dfd, res->devices, res->n_devices, err);
	return r;
}

/* Hybrid: the cgroup2 tree gets only its share. */
static int v2_hybrid_apply(const struct lc_cgroup_layout *l, const struct lc_cgroup_hier *h,
			   int dfd, const char *path, const struct spec_resources *res,
			   enum lc_cgroup_op op, struct lc_err *err)
{
	struct spec_resources share;
	char needed[256];
	int r;

	hybrid_v2_share(l, res, &share);
	if (op == LC_CGROUP_OP_CREATE) {
		v2_needed(&share, needed, sizeof(needed));
		if (needed[0] && (r = v2_enable(l, h, path, needed, err)) < 0)
			return r;
	}
	return lc_cgroup_v2_apply(dfd, &share, err);
}

static const struct lc_cgroup_ops v1_ops = {
	.apply = v1_apply,
	.stats = lc_cgroup_v1_stats,
};

static const struct lc_cgroup_ops v1_freezer_ops = {
	.apply = v1_apply,
	.freeze = lc_cgroup_v1_freeze,
	.is_frozen = lc_cgroup_v1_is_frozen,
	.stats = lc_cgroup_v1_stats,
};

static const struct lc_cgroup_ops v2_ops = {
	.apply = v2_apply,
	.freeze = lc_cgroup_v2_freeze,
	.is_frozen = lc_cgroup_v2_is_frozen,
	.stats = lc_cgroup_v2_stats,
};

static const struct lc_cgroup_ops v2_hybrid_ops = {
	.apply = v2_hybrid_apply,
};

const struct lc_cgroup_ops *lc_cgroup_ops_of(const struct lc_cgroup_layout *l,
					     const struct lc_cgroup_hier *h)
{
	if (h->is_v2)
		return l->mode == LC_CGROUP_V2 ? &v2_ops : &v2_hybrid_ops;
	return lc_cgroup_has_controller(h->controllers, "freezer") ? &v1_freezer_ops : &v1_ops;
}

int lc_cgroup_create(const struct lc_cgroup_layout *l, const char *path,
		     const struct spec_resources *res, char **ret_top, struct lc_err *err)
{
	_cleanup_(lc_cgroup_res_done) struct lc_cgroup_res n = {0};
	struct hier_made made[LC_CGROUP_MAX_HIER];
	size_t top_len = 0;
	bool reused = false;
	int r;

	lc_cgroup_res_normalize(res, LC_CGROUP_OP_CREATE, &n);
	res = &n.r;
	r = check_available(l, res, err);
	if (r < 0)
		return r;
	for (size_t i = 0; i < LC_CGROUP_MAX_HIER; i++)
		made[i] = (struct hier_made){.dfd = -1};
	r = make_all(l, path, made, err);
	for (size_t i = 0; r == 0 && i < l->n_hier; i++) {
		lc_explain(LC_X_CGROUP, "%s%s (%s%s%s)%s", l->hier[i].mountpoint, path,
			   l->hier[i].is_v2 ? "v2" : "v1", l->hier[i].controllers[0] ? ": " : "",
			   l->hier[i].controllers, made[i].made_leaf ? ", made" : ", reused");
		r = lc_cgroup_ops_of(l, &l->hier[i])
			    ->apply(l, &l->hier[i], made[i].dfd, path, res, LC_CGROUP_OP_CREATE,
				    err);
		if (r < 0)
			lc_err_wrap(err, "cgroup %s%s", l->hier[i].mountpoint, path);
	}
	for (size_t i = 0; i < l->n_hier; i++) {
		if (r < 0)
			unmake_dirs(&l->hier[i], path, &made[i]);
		reused |= !made[i].made_leaf;
		/* Across hierarchies the deepest: a parent found in any of them is not ours. */
		if (made[i].top_len > top_len)
			top_len = made[i].top_len;
		if (made[i].dfd >= 0)
			close(made[i].dfd);
	}
	if (r < 0)
		return r;
	/* A leaf that existed anywhere is not runh's: "" records that nothing is to go. */
	*ret_top = reused ? xstrdup("") : xasprintf("%.*s", (int)top_len, path);
	return 0;
}

int lc_cgroup_open_v2(const struct lc_cgroup_layout *l, const char *path, int *ret_fd,
		      struct lc_err *err)
{
	*ret_fd = -1;
	if (l->mode != LC_CGROUP_V2)
		return 0;
	for (size_t i = 0; i < l->n_hier; i++)
		if (l->hier[i].is_v2) {
			int fd = lc_cgroup_open_leaf(&l->hier[i], path);

			if (fd < 0)
				return lc_err_set(err, errno, "open cgroup %s%s",
						  l->hier[i].mountpoint, path);
			*ret_fd = fd;
			return 0;
		}
	return 0;
}

int lc_cgroup_enter(const struct lc_cgroup_layout *l, const char *path, pid_t pid,
		    struct lc_err *err)
{
	size_t joined = 0;
	char buf[32];

	snprintf(buf, sizeof(buf), "%d", (int)pid);
	for (size_t i = 0; i < l->n_hier; i++) {
		_cleanup_close_ int dfd = lc_cgroup_open_leaf(&l->hier[i], path);

		/* A rootless container has its cgroup only in the hierarchies the caller could
		 * write (lc_cgroup_rootless): exec joins those.  Made by root, it has one in
		 * every hierarchy while its init lives: a missing one is an error, or the
		 * process would run outside that hierarchy's limits. */
		if (dfd < 0 && errno == ENOENT && l->partial)
			continue;
		if (dfd < 0)
			return lc_err_set(err, errno, "open cgroup %s%s", l->hier[i].mountpoint,
					  path);
		if (lc_write_existing_at(dfd, "cgroup.procs", buf, err) < 0)
			return lc_err_wrap(err, "join cgroup %s%s", l->hier[i].mountpoint, path);
		joined++;
	}
	if (l->n_hier && !joined)
		return lc_err_setx(err, ENOENT, "join cgroup %s: it exists in no hierarchy", path);
	return 0;
}

int lc_cgroup_signal_all(const struct lc_cgroup_layout *l, const char *path, int sig,
			 struct lc_err *err)
{
	(void)err;
	for (size_t i = 0; i < l->n_hier; i++) {
		_cleanup_close_ int dfd = lc_cgroup_open_leaf(&l->hier[i], path);
		_cleanup_free_ pid_t *pids = NULL;

		if (dfd < 0)
			continue;
		pids = lc_cgroup_read_procs(dfd);
		for (size_t k = 0; pids && pids[k]; k++)
			(void)kill(pids[k], sig);
		if (pids)
			return 0; /* one hierarchy lists them all */
	}
	return 0;
}

static int update_all(const struct lc_cgroup_layout *l, const char *path,
		      const struct spec_resources *res, struct lc_err *err)
{
	int r = 0;

	for (size_t i = 0; r == 0 && i < l->n_hier; i++) {
		const struct lc_cgroup_hier *h = &l->hier[i];
		_cleanup_close_ int dfd = lc_cgroup_open_leaf(h, path);
		const char *field = dfd < 0 && errno == ENOENT ? lc_cgroup_field_for(l, h, res)
							       : NULL;

		/* A rootless container has its cgroup only where its user could write: an
		 * update that needs none of those hierarchies is fine. */
		if (field)
			return lc_err_setx(err, ENOENT,
					   "linux.resources.%s: the container has no cgroup %s%s "
					   "(made without root, only where its user could write)",
					   field, h->mountpoint, path);
		if (dfd < 0 && errno == ENOENT)
			continue;
		if (dfd < 0)
			return lc_err_set(err, errno, "open cgroup %s%s", h->mountpoint, path);
		r = lc_cgroup_ops_of(l, h)->apply(l, h, dfd, path, res, LC_CGROUP_OP_UPDATE, err);
		if (r < 0)
			lc_err_wrap(err, "cgroup %s%s", h->mountpoint, path);
	}
	return r;
}

int lc_cgroup_update(const struct lc_cgroup_layout *l, const char *path,
		     const struct spec_resources *res, struct lc_err *err)
{
	_cleanup_(lc_cgroup_res_done) struct lc_cgroup_res n = {0};
	struct lc_cgroup_journal j;
	int r;

	lc_cgroup_res_normalize(res, LC_CGROUP_OP_UPDATE, &n);
	r = check_available(l, &n.r, err);
	if (r < 0)
		return r;
	/* All or nothing: check every value and file first, then write, and put back what
	 * was changed when the kernel refuses a value. */
	lc_cgroup_journal_begin(&j, true);
	r = update_all(l, path, &n.r, err);
	lc_cgroup_journal_end(&j, false);
	if (r < 0)
		return r;
	lc_cgroup_journal_begin(&j, false);
	r = update_all(l, path, &n.r, err);
	lc_cgroup_journal_end(&j, r < 0);
	return r;
}

/* Depth first: kill what is in each cgroup, then rmdir it once the kernel lets go (its
 * processes are exiting).  Sub-cgroups the container made itself go too. */
static int destroy_tree(int parent_dfd, const char *name, const char *shown, int depth,
			int64_t deadline, struct lc_err *err)
{
	_cleanup_close_ int dfd =
		openat(parent_dfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	int r = 0;

	if (dfd < 0)
		return errno == ENOENT ? 0 : lc_err_set(err, errno, "open cgroup %s", shown);
	if (depth < 32) {
		int dup_fd = dup(dfd);
		DIR *d = dup_fd >= 0 ? fdopendir(dup_fd) : NULL;
		struct dirent *de;

		while (d && (de = readdir(d)))
			if (de->d_type == DT_DIR && de->d_name[0] != '.' && r == 0) {
				_cleanup_free_ char *sub = xasprintf("%s/%s", shown, de->d_name);

				r = destroy_tree(dfd, de->d_name, sub, depth + 1, deadline, err);
			}
		if (d)
			closedir(d);
		else if (dup_fd >= 0)
			close(dup_fd);
	}
	for (;;) {
		_cleanup_free_ pid_t *pids = lc_cgroup_read_procs(dfd);
		struct timespec ts = {0, 2 * 1000 * 1000};

		for (size_t k = 0; pids && pids[k]; k++)
			(void)kill(pids[k], SIGKILL);
		if (unlinkat(parent_dfd, name, AT_REMOVEDIR) == 0 || errno == ENOENT)
			return r;
		if (errno != EBUSY || lc_now_ms() > deadline)
			return lc_err_set(err, errno, "remove cgroup %s", shown);
		nanosleep(&ts, NULL);
	}
}

/* rmdir the ancestors of path that runh created, deepest first, while they are empty. */
static void remove_created_parents(const char *mountpoint, const char *path, const char *top)
{
	_cleanup_free_ char *p = xstrdup(path);
	size_t top_len = strlen(top);

	for (char *slash = strrchr(p, '/'); slash && (size_t)(slash - p) >= top_len;
	     slash = strrchr(p, '/')) {
		_cleanup_free_ char *full = NULL;

		*slash = '\0';
		if (strlen(p) < top_len || !*p)
			break;
		full = xasprintf("%s%s", mountpoint, p);
		if (rmdir(full) < 0)
			break; /* not empty: another container lives there */
	}
}

int lc_cgroup_destroy(const struct lc_cgroup_layout *l, const char *path, const char *top,
		      struct lc_err *err)
{
	int64_t deadline = lc_now_ms() + 5000;
	int r = 0;

	if (top && !*top)
		return 0; /* runh created none of it: nothing to kill, nothing to remove */

	for (size_t i = 0; i < l->n_hier; i++) {
		_cleanup_free_ char *full = xasprintf("%s%s", l->hier[i].mountpoint, path);
		_cleanup_free_ char *parent = xstrdup(full);
		char *slash = strrchr(parent, '/');
		_cleanup_close_ int pfd = -1;
		int rr;

		*slash = '\0';
		pfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
		if (pfd < 0)
			continue;
		rr = destroy_tree(pfd, slash + 1, full, 0, deadline, err);
		if (rr < 0 && r == 0)
			r = rr;
		if (rr == 0 && top)
			remove_created_parents(l->hier[i].mountpoint, path, top);
	}
	return r;
}

void lc_cgroup_stats(const struct lc_cgroup_layout *l, const char *path, struct spec_stats *s)
{
	memset(s, 0, sizeof(*s));
	for (size_t i = 0; i < l->n_hier; i++) {
		const struct lc_cgroup_hier *h = &l->hier[i];
		const struct lc_cgroup_ops *ops = lc_cgroup_ops_of(l, h);
		_cleanup_close_ int dfd = -1;

		if (!ops->stats)
			continue;
		dfd = lc_cgroup_open_leaf(h, path);
		if (dfd >= 0)
			ops->stats(dfd, h, s);
	}
}

pid_t *lc_cgroup_pids(const struct lc_cgroup_layout *l, const char *path)
{
	for (size_t i = 0; i < l->n_hier; i++) {
		_cleanup_close_ int dfd = lc_cgroup_open_leaf(&l->hier[i], path);
		pid_t *pids;

		if (dfd < 0)
			continue;
		pids = lc_cgroup_read_procs(dfd);
		if (pids || l->hier[i].is_v2 || l->mode == LC_CGROUP_V1)
			return pids; /* one hierarchy lists them all */
	}
	return NULL;
}

/* The hierarchy that freezes (v1's freezer, or a pure v2 tree); NULL when the host has
 * none.  Its ops both freeze and tell whether frozen. */
static const struct lc_cgroup_hier *freezer_of(const struct lc_cgroup_layout *l,
					       const struct lc_cgroup_ops **ret_ops)
{
	for (size_t i = 0; i < l->n_hier; i++) {
		*ret_ops = lc_cgroup_ops_of(l, &l->hier[i]);
		if ((*ret_ops)->freeze && (*ret_ops)->is_frozen)
			return &l->hier[i];
	}
	return NULL;
}

int lc_cgroup_freeze(const struct lc_cgroup_layout *l, const char *path, bool frozen,
		     struct lc_err *err)
{
	const struct lc_cgroup_ops *ops = NULL;
	const struct lc_cgroup_hier *h = freezer_of(l, &ops);
	_cleanup_close_ int dfd = -1;

	if (!h)
		return lc_err_setx(err, EOPNOTSUPP, "no freezer: this host has no freezer cgroup");
	dfd = lc_cgroup_open_leaf(h, path);
	if (dfd < 0)
		return lc_err_set(err, errno, "open cgroup %s%s", h->mountpoint, path);
	return ops->freeze(dfd, frozen, err);
}

int lc_cgroup_frozen(const struct lc_cgroup_layout *l, const char *path)
{
	const struct lc_cgroup_ops *ops = NULL;
	const struct lc_cgroup_hier *h = freezer_of(l, &ops);
	_cleanup_close_ int dfd = -1;

	if (!h)
		return 0;
	dfd = lc_cgroup_open_leaf(h, path);
	if (dfd < 0)
		return -errno;
	/* v1 FREEZING (a pause cut short) counts: it needs a thaw all the same. */
	return ops->is_frozen(dfd) ? 1 : 0;
}
