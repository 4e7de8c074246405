/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Leaf helpers (see util.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "util.h"

void lc_oom(void)
{
	static const char msg[] = "runh: out of memory\n";
	(void)!write(2, msg, sizeof(msg) - 1);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		lc_oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		lc_oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		lc_oom();
	return p;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);
	if (!p)
		lc_oom();
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&p, fmt, ap);
	va_end(ap);
	if (r < 0)
		lc_oom();
	return p;
}

int lc_read_all(int fd, size_t max, char **ret_buf, size_t *ret_len)
{
	_cleanup_free_ char *buf = NULL;
	size_t len = 0, cap = 0;

	for (;;) {
		ssize_t n;

		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 8192;
			buf = xrealloc(buf, cap + 1);
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > max)
			return -EFBIG;
	}
	if (!buf)
		buf = xmalloc(1);
	buf[len] = '\0';
	*ret_buf = TAKE_PTR(buf);
	if (ret_len)
		*ret_len = len;
	return 0;
}

int lc_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int lc_read_file_at(int dfd, const char *name, size_t max, char **ret_buf, size_t *ret_len,
		    struct lc_err *err)
{
	_cleanup_close_ int fd = -1;
	int r;

	fd = openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
	if (fd < 0)
		return lc_err_set(err, errno, "open '%s'", name);
	r = lc_read_all(fd, max, ret_buf, ret_len);
	if (r == -EFBIG)
		return lc_err_setx(err, EFBIG, "'%s': larger than %zu bytes", name, max);
	if (r < 0)
		return lc_err_set(err, -r, "read '%s'", name);
	return 0;
}

int lc_write_file_at(int dfd, const char *name, const char *data, size_t len, mode_t mode,
		     struct lc_err *err)
{
	_cleanup_free_ char *tmp = xasprintf(".%s.tmp%d", name, (int)getpid());
	_cleanup_close_ int fd = -1;
	int r;

	fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
	if (fd < 0)
		return lc_err_set(err, errno, "create '%s'", tmp);
	r = lc_write_all(fd, data, len);
	if (r < 0) {
		(void)unlinkat(dfd, tmp, 0);
		return lc_err_set(err, -r, "write '%s'", tmp);
	}
	if (renameat(dfd, tmp, dfd, name) < 0) {
		r = errno;
		(void)unlinkat(dfd, tmp, 0);
		return lc_err_set(err, r, "rename '%s' to '%s'", tmp, name);
	}
	return 0;
}

int lc_write_existing_at(int dfd, const char *name, const char *data, struct lc_err *err)
{
	_cleanup_close_ int fd = -1;
	size_t len = strlen(data);
	ssize_t n;

	fd = openat(dfd, name, O_WRONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
	if (fd < 0)
		return lc_err_set(err, errno, "open '%s'", name);
	n = write(fd, data, len);
	if (n < 0)
		return lc_err_set(err, errno, "write '%s' to '%s'", data, name);
	if ((size_t)n != len)
		return lc_err_setx(err, EIO, "short write to '%s'", name);
	return 0;
}

int lc_parse_u64(const char *s, uint64_t *ret)
{
	unsigned long long v;
	char *end;

	if (!s || *s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno == ERANGE)
		return -ERANGE;
	if (*end != '\0')
		return -EINVAL;
	*ret = v;
	return 0;
}

int lc_parse_i64(const char *s, int64_t *ret)
{
	long long v;
	char *end;

	if (!s || !*s || (*s != '-' && (*s < '0' || *s > '9')))
		return -EINVAL;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno == ERANGE)
		return -ERANGE;
	if (*end != '\0')
		return -EINVAL;
	*ret = v;
	return 0;
}

int64_t lc_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

void lc_close_fds_except(const int *keep, size_t n_keep, int n_preserved)
{
	/* Every kept fd (one per bind mount's tree among them): none may be dropped. */
	_cleanup_free_ int *sorted = xcalloc(n_keep + 1, sizeof(int));
	size_t n = 0;
	unsigned int next = 3 + (unsigned int)(n_preserved > 0 ? n_preserved : 0);

	for (size_t i = 0; i < n_keep; i++)
		if (keep[i] >= (int)next)
			sorted[n++] = keep[i];
	qsort(sorted, n, sizeof(int), cmp_int);
	for (size_t i = 0; i < n; i++) {
		if ((unsigned int)sorted[i] > next)
			(void)syscall(SYS_close_range, next, (unsigned int)sorted[i] - 1, 0);
		next = (unsigned int)sorted[i] + 1;
	}
	(void)syscall(SYS_close_range, next, ~0U, 0);
}

int lc_send_fd_to_socket(const char *path, const char *what, const void *payload, size_t len,
			 int fd, struct lc_err *err)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	char cbuf[CMSG_SPACE(sizeof(int))] = {0};
	struct iovec iov = {.iov_base = (void *)payload, .iov_len = len};
	struct msghdr mh = {.msg_iov = &iov,
			    .msg_iovlen = 1,
			    .msg_control = cbuf,
			    .msg_controllen = sizeof(cbuf)};
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
	_cleanup_close_ int sock = -1;

	if (strlen(path) >= sizeof(sa.sun_path))
		return lc_err_setx(err, ENAMETOOLONG, "%s '%s': path too long", what, path);
	strcpy(sa.sun_path, path);
	sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (sock < 0 || connect(sock, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return lc_err_set(err, errno, "%s '%s'", what, path);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	if (sendmsg(sock, &mh, MSG_NOSIGNAL) != (ssize_t)len)
		return lc_err_set(err, errno, "send to %s '%s'", what, path);
	return 0;
}

int lc_write_pid_file(const char *path, pid_t pid, struct lc_err *err)
{
	_cleanup_free_ char *dir = NULL, *tmp = NULL;
	char buf[32];
	int len = snprintf(buf, sizeof(buf), "%d", (int)pid);
	_cleanup_close_ int fd = -1;
	const char *slash = strrchr(path, '/');

	dir = slash ? xasprintf("%.*s", (int)(slash - path + 1), path) : xstrdup("");
	tmp = xasprintf("%s.%s.runh-tmp", dir, slash ? slash + 1 : path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0 || lc_write_all(fd, buf, (size_t)len) < 0 || rename(tmp, path) < 0) {
		int e = errno;

		(void)unlink(tmp);
		return lc_err_set(err, e, "write pid file '%s'", path);
	}
	return 0;
}

bool lc_strv_contains(const char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

void lc_unescape_octal(char *s)
{
	char *w = s;

	for (char *r = s; *r; r++, w++) {
		if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' && r[2] <= '7' &&
		    r[3] >= '0' && r[3] <= '7') {
			*w = (char)((r[1] - '0') * 64 + (r[2] - '0') * 8 + (r[3] - '0'));
			r += 3;
		} else
			*w = *r;
	}
	*w = '\0';
}
