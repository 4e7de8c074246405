/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Running without root: --rootless, id maps for an unprivileged caller (see rootless.h).
 * Parent side. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cleanup.h"
#include "rootless.h"
#include "util.h"

extern char **environ;

int lc_rootless_parse(const char *s, enum lc_rootless *ret, struct lc_err *err)
{
	static const char *const yes[] = {"1", "t", "T", "TRUE", "true", "True"};
	static const char *const no[] = {"0", "f", "F", "FALSE", "false", "False"};

	if (!*s || strcmp(s, "auto") == 0) {
		*ret = LC_ROOTLESS_AUTO;
		return 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
		if (strcmp(s, yes[i]) == 0) {
			*ret = LC_ROOTLESS_TRUE;
			return 0;
		}
		if (strcmp(s, no[i]) == 0) {
			*ret = LC_ROOTLESS_FALSE;
			return 0;
		}
	}
	return lc_err_setx(err, EINVAL, "--rootless '%s': expected true, false or auto", s);
}

bool lc_rootless_in_userns(void)
{
	_cleanup_close_ int fd = open("/proc/self/uid_map", O_RDONLY | O_CLOEXEC);
	_cleanup_free_ char *text = NULL;
	unsigned long long inside, outside, count;
	int used = 0;

	if (fd < 0 || lc_read_all(fd, 1 << 16, &text, NULL) < 0)
		return false;
	/* The initial namespace maps every id onto itself, in one line and nothing else. */
	if (sscanf(text, "%llu %llu %llu %n", &inside, &outside, &count, &used) != 3)
		return true;
	return !(inside == 0 && outside == 0 && count == 4294967295ULL && text[used] == '\0');
}

bool lc_rootless_resolve(enum lc_rootless mode)
{
	switch (mode) {
	case LC_ROOTLESS_TRUE:
		return true;
	case LC_ROOTLESS_FALSE:
		return false;
	case LC_ROOTLESS_AUTO:
		break;
	}
	return geteuid() != 0 || lc_rootless_in_userns();
}

static bool line_matches(const char *line, size_t len, const char *name, const char *num)
{
	size_t n = name ? strlen(name) : 0, k = strlen(num);

	return (n && len > n && strncmp(line, name, n) == 0 && line[n] == ':') ||
	       (len > k && strncmp(line, num, k) == 0 && line[k] == ':');
}

int lc_subid_parse(const char *text, const char *name, unsigned int id, struct lc_subid_range **ret,
		   size_t *ret_n)
{
	struct lc_subid_range *r = NULL;
	char num[16];
	size_t n = 0;

	snprintf(num, sizeof(num), "%u", id);
	for (const char *line = text; line && *line;) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		unsigned long long start, count;
		char rest[64];

		if (line[0] != '#' && line_matches(line, len, name, num) && len < 512) {
			_cleanup_free_ char *copy = xasprintf("%.*s", (int)len, line);
			const char *c = strchr(copy, ':');

			if (sscanf(c + 1, "%llu:%llu%63s", &start, &count, rest) == 2 &&
			    count > 0) {
				r = xrealloc(r, (n + 1) * sizeof(*r));
				r[n++] = (struct lc_subid_range){start, count};
			}
		}
		line = nl ? nl + 1 : NULL;
	}
	*ret = r;
	*ret_n = n;
	return 0;
}

bool lc_idmap_is_self(const struct spec_idmap *m, size_t n, unsigned int self)
{
	return n == 1 && m[0].size == 1 && m[0].host_id == self;
}

int lc_idmap_first_refused(const struct spec_idmap *m, size_t n, unsigned int self,
			   const struct lc_subid_range *r, size_t n_r)
{
	for (size_t i = 0; i < n; i++) {
		unsigned long long lo = m[i].host_id, hi = lo + m[i].size;
		bool ok = m[i].size == 1 && m[i].host_id == self;

		for (size_t j = 0; j < n_r && !ok; j++)
			ok = lo >= r[j].start && hi <= r[j].start + r[j].count;
		if (!ok)
			return (int)i;
	}
	return -1;
}

enum lc_idmap_writer lc_idmap_writer_for(const struct spec_idmap *m, size_t n, bool gid)
{
	if (geteuid() == 0)
		return LC_IDMAP_DIRECT;
	if (lc_idmap_is_self(m, n, gid ? (unsigned)getegid() : (unsigned)geteuid()))
		return gid ? LC_IDMAP_DIRECT_DENY_SETGROUPS : LC_IDMAP_DIRECT;
	return LC_IDMAP_HELPER;
}

static bool in_path(const char *prog)
{
	const char *path = getenv("PATH");
	_cleanup_free_ char *copy = xstrdup(path && *path ? path : "/usr/local/bin:/usr/bin:/bin");
	char *p = copy, *dir;

	while ((dir = strsep(&p, ":"))) {
		_cleanup_free_ char *full = xasprintf("%s/%s", *dir ? dir : ".", prog);

		if (access(full, X_OK) == 0)
			return true;
	}
	return false;
}

/* One map (uid or gid) of a rootless config: can the caller write it? */
static int check_map(const struct spec_idmap *m, size_t n, bool gid, const char *etc,
		     const char *user, struct lc_err *err)
{
	const char *field = gid ? "linux.gidMappings" : "linux.uidMappings";
	const char *file = gid ? "subgid" : "subuid";
	const char *helper = gid ? "newgidmap" : "newuidmap";
	unsigned int self = gid ? (unsigned)getegid() : (unsigned)geteuid();
	_cleanup_free_ struct lc_subid_range *r = NULL;
	_cleanup_free_ char *text = NULL;
	_cleanup_close_ int dfd = -1;
	size_t n_r = 0;
	int bad;

	if (n == 0)
		return lc_err_setx(err, EINVAL,
				   "config.json: %s: running without root needs a mapping of "
				   "the caller's %s %u (runh spec --rootless writes one)",
				   field, gid ? "gid" : "uid", self);
	if (lc_idmap_is_self(m, n, self))
		return 0;
	dfd = open(etc, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	/* No file: no ranges (newuidmap would say the same). */
	if (dfd < 0 || lc_read_file_at(dfd, file, 1 << 20, &text, NULL, &(struct lc_err){0}) < 0)
		text = xstrdup("");
	/* Both files name the user (login or uid), never a gid (subgid(5)). */
	(void)lc_subid_parse(text, user, (unsigned)geteuid(), &r, &n_r);
	bad = lc_idmap_first_refused(m, n, self, r, n_r);
	if (bad >= 0) {
		_cleanup_free_ char *have = xstrdup("");

		for (size_t j = 0; j < n_r; j++) {
			char *more = xasprintf("%s%s%llu-%llu", have, j ? ", " : "", r[j].start,
					       r[j].start + r[j].count - 1);
			free(have);
			have = more;
		}
		return lc_err_setx(err, EPERM,
				   "config.json: %s[%d]: host ids %u-%llu are not delegated to "
				   "%s (%s %u) in %s/%s (%s%s); besides those ranges only the "
				   "caller's own id %u, alone, can be mapped",
				   field, bad, m[bad].host_id,
				   (unsigned long long)m[bad].host_id + m[bad].size - 1,
				   user ? user : "the caller", gid ? "gid" : "uid", self, etc, file,
				   n_r ? "it has " : "it has none", have, self);
	}
	if (!in_path(helper))
		return lc_err_setx(err, ENOENT,
				   "config.json: %s: more than the caller's own id needs %s, "
				   "which is not installed (Debian: apt-get install uidmap)",
				   field, helper);
	return 0;
}

static bool maps(const struct spec_idmap *m, size_t n, uint32_t id)
{
	for (size_t i = 0; i < n; i++)
		if (id >= m[i].container_id &&
		    (uint64_t)id < (uint64_t)m[i].container_id + m[i].size)
			return true;
	return false;
}

/* process.user must be ids of the namespace: else its setresuid fails with a bare
 * EINVAL deep in the init.  (A joined namespace's maps are not known here.) */
static int check_user_mapped(const struct spec_config *cfg, struct lc_err *err)
{
	const struct spec_linux *l = cfg->linux_;
	const struct spec_user *u = cfg->process ? &cfg->process->user : NULL;
	static const char hint[] = "a user namespace has only the ids its maps give; map a "
				   "range (newuidmap and /etc/subuid) or use an id it maps";

	if (!u)
		return 0;
	if (!maps(l->uid_mappings, l->n_uid_mappings, u->uid))
		return lc_err_setx(err, EINVAL,
				   "config.json: process.user.uid %u is not mapped by "
				   "linux.uidMappings: %s",
				   u->uid, hint);
	if (!maps(l->gid_mappings, l->n_gid_mappings, u->gid))
		return lc_err_setx(err, EINVAL,
				   "config.json: process.user.gid %u is not mapped by "
				   "linux.gidMappings: %s",
				   u->gid, hint);
	for (size_t i = 0; i < u->n_additional_gids; i++)
		if (!maps(l->gid_mappings, l->n_gid_mappings, u->additional_gids[i]))
			return lc_err_setx(
				err, EINVAL,
				"config.json: process.user.additionalGids[%zu] %u is not "
				"mapped by linux.gidMappings: %s",
				i, u->additional_gids[i], hint);
	return 0;
}

int lc_rootless_check_idmaps(const struct spec_config *cfg, const char *etc, struct lc_err *err)
{
	const struct spec_linux *l = cfg->linux_;
	const struct spec_namespace *user = spec_find_namespace(cfg, SPEC_NS_USER);
	struct passwd *pw;
	_cleanup_free_ char *name = NULL;
	int r;

	if (geteuid() == 0)
		return 0;
	if (!user)
		return lc_err_setx(err, EPERM,
				   "config.json: linux.namespaces: running without root (uid "
				   "%u) needs a user namespace (runh spec --rootless writes one)",
				   (unsigned)geteuid());
	if (user->path)
		return 0; /* joined: its maps exist already */
	pw = getpwuid(geteuid());
	if (pw)
		name = xstrdup(pw->pw_name);
	r = check_map(l->uid_mappings, l->n_uid_mappings, false, etc, name, err);
	if (r == 0)
		r = check_map(l->gid_mappings, l->n_gid_mappings, true, etc, name, err);
	if (r < 0)
		return r;
	if (cfg->process && cfg->process->user.n_additional_gids &&
	    lc_idmap_writer_for(l->gid_mappings, l->n_gid_mappings, true) ==
		    LC_IDMAP_DIRECT_DENY_SETGROUPS)
		return lc_err_setx(err, EPERM,
				   "config.json: process.user.additionalGids: a gid map of the "
				   "caller's own gid alone is written with setgroups denied (the "
				   "kernel's rule for unprivileged writers), so no supplementary "
				   "groups can be set; map a range from /etc/subgid instead");
	return check_user_mapped(cfg, err);
}

int lc_idmap_run_helper(const char *helper, pid_t pid, const struct spec_idmap *m, size_t n,
			struct lc_err *err)
{
	_cleanup_strv_ char **argv = xcalloc(3 * n + 3, sizeof(char *));
	_cleanup_free_ char *out = NULL;
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, all;
	int fds[2], status = -1, r; /* -1: not a successful exit, if waitpid fails */
	pid_t child;

	argv[0] = xstrdup(helper);
	argv[1] = xasprintf("%d", (int)pid);
	for (size_t i = 0; i < n; i++) {
		argv[2 + 3 * i] = xasprintf("%u", m[i].container_id);
		argv[3 + 3 * i] = xasprintf("%u", m[i].host_id);
		argv[4 + 3 * i] = xasprintf("%u", m[i].size);
	}
	if (pipe2(fds, O_CLOEXEC) < 0)
		return lc_err_set(err, errno, "%s: pipe", helper);
	sigemptyset(&none);
	sigfillset(&all);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 2);
	posix_spawnattr_init(&attr);
	/* run blocks every signal for the container: the helper gets a clean mask. */
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &all);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	r = posix_spawnp(&child, helper, &fa, &attr, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	close(fds[1]);
	if (r != 0) {
		close(fds[0]);
		return lc_err_set(err, r, "run %s (Debian: apt-get install uidmap)", helper);
	}
	(void)lc_read_all(fds[0], 4096, &out, NULL);
	close(fds[0]);
	while (waitpid(child, &status, 0) < 0 && errno == EINTR)
		;
	if (status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (out)
		out[strcspn(out, "\n")] = '\0';
	return lc_err_setx(err, EPERM, "%s refused the mappings: %s", helper,
			   out && *out ? out : "no message");
}

/* The inode of /proc/<pid>/ns/pid, 0 when unreadable. */
static ino_t pidns_of(const char *pid)
{
	_cleanup_free_ char *path = xasprintf("/proc/%s/ns/pid", pid);
	struct stat st;

	return stat(path, &st) == 0 ? st.st_ino : 0;
}

pid_t *lc_rootless_pidns_pids(pid_t init)
{
	char num[16];
	ino_t want;
	pid_t *pids = NULL;
	size_t n = 0;
	struct dirent *de;
	DIR *d;

	snprintf(num, sizeof(num), "%d", (int)init);
	want = pidns_of(num);
	d = want ? opendir("/proc") : NULL;
	while (d && (de = readdir(d))) {
		if (de->d_name[0] < '1' || de->d_name[0] > '9' || pidns_of(de->d_name) != want)
			continue;
		pids = xrealloc(pids, (n + 2) * sizeof(*pids));
		pids[n++] = (pid_t)atoi(de->d_name);
		pids[n] = 0;
	}
	if (d)
		closedir(d);
	return pids;
}
