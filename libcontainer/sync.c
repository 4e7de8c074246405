/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The parent ⇄ child protocol (see sync.h for the step table).  Both sides. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sync.h"

const char *lc_sync_type_name(uint32_t type)
{
	switch (type) {
	case LC_SYNC_GO:
		return "GO";
	case LC_SYNC_READY:
		return "READY";
	case LC_SYNC_LOG:
		return "LOG";
	case LC_SYNC_ERROR:
		return "ERROR";
	case LC_SYNC_SECCOMP_FD:
		return "SECCOMP_FD";
	case LC_SYNC_HOOK_STATE:
		return "HOOK_STATE";
	case LC_SYNC_HOOKS:
		return "HOOKS";
	case LC_SYNC_HOOKS_DONE:
		return "HOOKS_DONE";
	case LC_SYNC_CONSOLE:
		return "CONSOLE";
	default:
		return "unknown";
	}
}

int lc_sync_send(int fd, enum lc_sync_type type, int code, const char *text)
{
	struct lc_sync_msg msg = {.type = type, .code = code};
	ssize_t n;

	if (text)
		snprintf(msg.text, sizeof(msg.text), "%s", text);
	do
		n = send(fd, &msg, sizeof(msg), MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if ((size_t)n != sizeof(msg))
		return -EIO;
	return 0;
}

int lc_sync_send_fd(int fd, enum lc_sync_type type, int passed_fd)
{
	struct lc_sync_msg msg = {.type = type};
	char cbuf[CMSG_SPACE(sizeof(int))] = {0};
	struct iovec iov = {.iov_base = &msg, .iov_len = sizeof(msg)};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			    .msg_controllen = sizeof(cbuf)};
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
	ssize_t n;

	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &passed_fd, sizeof(int));
	do
		n = sendmsg(fd, &mh, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	return n == (ssize_t)sizeof(msg) ? 0 : -EIO;
}

static int recv_msg(int fd, struct lc_sync_msg *msg, int *ret_fd)
{
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = {.iov_base = msg, .iov_len = sizeof(*msg)};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			    .msg_controllen = sizeof(cbuf)};
	struct cmsghdr *c;
	ssize_t n;

	*ret_fd = -1;
	do
		n = recvmsg(fd, &mh, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS &&
		    c->cmsg_len == CMSG_LEN(sizeof(int)))
			memcpy(ret_fd, CMSG_DATA(c), sizeof(int));
	return (int)n;
}

int lc_sync_expect_fd(int fd, enum lc_sync_type want, int *ret_fd, struct lc_err *err)
{
	for (;;) {
		struct lc_sync_msg msg;
		int passed, n;

		n = recv_msg(fd, &msg, &passed);
		if (passed >= 0 && (n != (int)sizeof(msg) || msg.type != (uint32_t)want || !ret_fd)) {
			close(passed); /* an fd nobody asked for */
			passed = -1;
		}
		if (n < 0)
			return lc_err_set(err, -n, "sync: waiting for %s", lc_sync_type_name(want));
		if (n == 0)
			return lc_err_setx(err, ECHILD, "container init exited before %s",
					   lc_sync_type_name(want));
		if ((size_t)n != sizeof(msg))
			return lc_err_setx(err, EPROTO, "sync: short message (%d bytes)", n);
		msg.text[sizeof(msg.text) - 1] = '\0';
		if (msg.type == LC_SYNC_LOG) {
			lc_log((enum lc_log_level)msg.code, "container init: %s", msg.text);
			continue;
		}
		if (msg.type == LC_SYNC_ERROR) {
			err->code = msg.code > 0 ? msg.code : EIO;
			memcpy(err->msg, msg.text, sizeof(err->msg));
			return -err->code;
		}
		if (msg.type != (uint32_t)want)
			return lc_err_setx(err, EPROTO, "sync: expected %s, got %s",
					   lc_sync_type_name(want), lc_sync_type_name(msg.type));
		if (ret_fd) {
			if (passed < 0)
				return lc_err_setx(err, EPROTO, "sync: %s without an fd",
						   lc_sync_type_name(want));
			*ret_fd = passed;
		}
		return 0;
	}
}

int lc_sync_expect(int fd, enum lc_sync_type want, struct lc_err *err)
{
	return lc_sync_expect_fd(fd, want, NULL, err);
}

void lc_sync_send_error(int fd, const struct lc_err *err)
{
	if (lc_sync_send(fd, LC_SYNC_ERROR, err->code, err->msg) < 0)
		fprintf(stderr, "runh: container init: %s\n", err->msg);
}

static void forward_log(enum lc_log_level level, const char *msg, void *userdata)
{
	(void)lc_sync_send(*(int *)userdata, LC_SYNC_LOG, (int)level, msg);
}

void lc_sync_install_log_forwarder(int fd)
{
	static int sync_fd;
	enum lc_log_level max = LC_LOG_WARNING;

	sync_fd = fd;
	if (lc_log_enabled(LC_LOG_DEBUG))
		max = LC_LOG_DEBUG;
	lc_log_set_sink(forward_log, &sync_fd, max);
}
