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
	case LC_SYNC_INIT_PIDFD:
		return "INIT_PIDFD";
	case LC_SYNC_EXPLAIN:
		return "EXPLAIN";
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
	struct msghdr mh = {.msg_iov = &iov,
			    .msg_iovlen = 1,
			    .msg_control = cbuf,
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
	if (n < 0)
		return -errno;
	return n == (ssize_t)sizeof(msg) ? 0 : -EIO;
}

static int recv_msg(int fd, struct lc_sync_msg *msg, int *ret_fd)
{
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = {.iov_base = msg, .iov_len = sizeof(*msg)};
	struct msghdr mh = {.msg_iov = &iov,
			    .msg_iovlen = 1,
			    .msg_control = cbuf,
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

/* One message of type want (0: the socket closing, as at the child's execve).  LOG lines
 * are forwarded on the way, ERROR becomes err. */
static int expect(int fd, uint32_t want, int *ret_code, int *ret_fd, struct lc_err *err)
{
	const char *wname = want ? lc_sync_type_name(want) : "exec";

	for (;;) {
		struct lc_sync_msg msg;
		int passed, n;

		n = recv_msg(fd, &msg, &passed);
		if (passed >= 0 && (n != (int)sizeof(msg) || msg.type != want || !ret_fd)) {
			close(passed); /* an fd nobody asked for */
			passed = -1;
		}
		if (n < 0)
			return lc_err_set(err, -n, "sync: waiting for %s", wname);
		if (n == 0 && !want)
			return 0;
		if (n == 0)
			return lc_err_setx(err, ECHILD, "it exited before %s", wname);
		if ((size_t)n != sizeof(msg))
			return lc_err_setx(err, EPROTO, "sync: short message (%d bytes)", n);
		msg.text[sizeof(msg.text) - 1] = '\0';
		if (msg.type == LC_SYNC_LOG) {
			lc_log((enum lc_log_level)msg.code, "container: %s", msg.text);
			continue;
		}
		if (msg.type == LC_SYNC_EXPLAIN) {
			lc_explain_put(msg.text);
			continue;
		}
		if (msg.type == LC_SYNC_ERROR) {
			err->code = msg.code > 0 ? msg.code : EIO;
			memcpy(err->msg, msg.text, sizeof(err->msg));
			return -err->code;
		}
		if (msg.type != want)
			return lc_err_setx(err, EPROTO, "sync: expected %s, got %s", wname,
					   lc_sync_type_name(msg.type));
		if (ret_fd) {
			if (passed < 0)
				return lc_err_setx(err, EPROTO, "sync: %s without an fd", wname);
			*ret_fd = passed;
		}
		if (ret_code)
			*ret_code = msg.code;
		return 0;
	}
}

int lc_sync_expect_fd(int fd, enum lc_sync_type want, int *ret_fd, struct lc_err *err)
{
	return expect(fd, want, NULL, ret_fd, err);
}

int lc_sync_expect(int fd, enum lc_sync_type want, int *ret_code, struct lc_err *err)
{
	return expect(fd, want, ret_code, NULL, err);
}

const char *lc_sync_step_name(unsigned int step)
{
	switch (step) {
	case LC_STEP_HOOK_STATES:
		return "HOOK_STATES";
	case LC_STEP_HOOKS:
		return "HOOKS";
	case LC_STEP_CONSOLE:
		return "CONSOLE";
	case LC_STEP_SECCOMP_FD:
		return "SECCOMP_FD";
	default:
		return "unknown";
	}
}

static int send_or_fail(int fd, enum lc_sync_type type, int code, struct lc_err *err)
{
	int r = lc_sync_send(fd, type, code, NULL);

	return r < 0 ? lc_err_set(err, -r, "sync: send %s", lc_sync_type_name(type)) : 0;
}

static int parent_hook_states(int fd, const struct lc_sync_parent_ops *ops, struct lc_err *err)
{
	/* createContainer and startContainer: both after lifecycle step 2 (container.c). */
	static const char *const status[2] = {"created", "created"};

	for (int i = 0; i < 2; i++) {
		int state_fd = ops->hook_state(status[i], ops->userdata, err);
		int r;

		if (state_fd < 0)
			return state_fd;
		r = lc_sync_send_fd(fd, LC_SYNC_HOOK_STATE, state_fd);
		close(state_fd);
		if (r < 0)
			return lc_err_set(err, -r, "sync: send HOOK_STATE");
	}
	return 0;
}

static int parent_step(int fd, unsigned int step, const struct lc_sync_parent_ops *ops,
		       struct lc_err *err)
{
	int passed = -1, r;

	switch ((enum lc_sync_step)step) {
	case LC_STEP_HOOK_STATES:
		return parent_hook_states(fd, ops, err);
	case LC_STEP_HOOKS:
		r = lc_sync_expect(fd, LC_SYNC_HOOKS, NULL, err);
		if (r == 0)
			r = ops->run_hooks(ops->userdata, err);
		return r < 0 ? r : send_or_fail(fd, LC_SYNC_HOOKS_DONE, 0, err);
	case LC_STEP_CONSOLE:
		r = lc_sync_expect_fd(fd, LC_SYNC_CONSOLE, &passed, err);
		return r < 0 ? r : ops->on_console(passed, ops->userdata, err);
	case LC_STEP_SECCOMP_FD:
		r = lc_sync_expect_fd(fd, LC_SYNC_SECCOMP_FD, &passed, err);
		return r < 0 ? r : ops->on_seccomp_fd(passed, ops->userdata, err);
	}
	return lc_err_setx(err, EINVAL, "sync: unknown step %#x", step);
}

int lc_sync_parent_run(int fd, unsigned int steps, enum lc_sync_end end,
		       const struct lc_sync_parent_ops *ops, struct lc_err *err)
{
	int r;

	if (steps & ~LC_STEP_ALL)
		return lc_err_setx(err, EINVAL, "sync: unknown steps %#x", steps);
	r = send_or_fail(fd, LC_SYNC_GO, (int)steps, err);
	for (unsigned int step = 1; r == 0 && step <= LC_STEP_ALL; step <<= 1)
		if (steps & step)
			r = parent_step(fd, step, ops, err);
	if (r < 0)
		return r;
	if (end == LC_SYNC_END_READY)
		return lc_sync_expect(fd, LC_SYNC_READY, NULL, err);
	return expect(fd, 0, NULL, NULL, err);
}

int lc_sync_child_go(struct lc_sync_child *c, int fd, struct lc_err *err)
{
	int code = 0, r;

	*c = (struct lc_sync_child){.fd = fd};
	r = lc_sync_expect(fd, LC_SYNC_GO, &code, err);
	if (r < 0)
		return r;
	if ((unsigned int)code & ~LC_STEP_ALL)
		return lc_err_setx(err, EPROTO, "sync: GO with unknown steps %#x", (unsigned)code);
	c->steps = (unsigned int)code;
	return 0;
}

bool lc_sync_child_has(const struct lc_sync_child *c, enum lc_sync_step step)
{
	return (c->steps & step) != 0;
}

static unsigned int lowest_bit(unsigned int x)
{
	return x & (~x + 1);
}

/* The step is planned, not taken yet, and every planned step before it was taken. */
static int child_begin(struct lc_sync_child *c, enum lc_sync_step step, struct lc_err *err)
{
	unsigned int skipped = c->steps & ((unsigned int)step - 1) & ~c->done;

	if (!(c->steps & step))
		return lc_err_setx(err, EPROTO, "sync: step %s is not in the plan",
				   lc_sync_step_name(step));
	if (c->done & step)
		return lc_err_setx(err, EPROTO, "sync: step %s taken twice",
				   lc_sync_step_name(step));
	if (skipped)
		return lc_err_setx(err, EPROTO, "sync: step %s before %s", lc_sync_step_name(step),
				   lc_sync_step_name(lowest_bit(skipped)));
	c->done |= step;
	return 0;
}

int lc_sync_child_hook_states(struct lc_sync_child *c, int ret_fds[2], struct lc_err *err)
{
	int r = child_begin(c, LC_STEP_HOOK_STATES, err);

	for (int i = 0; r == 0 && i < 2; i++)
		r = lc_sync_expect_fd(c->fd, LC_SYNC_HOOK_STATE, &ret_fds[i], err);
	return r;
}

int lc_sync_child_hooks(struct lc_sync_child *c, struct lc_err *err)
{
	int r = child_begin(c, LC_STEP_HOOKS, err);

	if (r == 0)
		r = send_or_fail(c->fd, LC_SYNC_HOOKS, 0, err);
	return r < 0 ? r : lc_sync_expect(c->fd, LC_SYNC_HOOKS_DONE, NULL, err);
}

static int child_send_fd(struct lc_sync_child *c, enum lc_sync_step step, enum lc_sync_type type,
			 int passed, struct lc_err *err)
{
	int r = child_begin(c, step, err);

	if (r == 0 && (r = lc_sync_send_fd(c->fd, type, passed)) < 0)
		return lc_err_set(err, -r, "sync: send %s", lc_sync_type_name(type));
	return r;
}

int lc_sync_child_console(struct lc_sync_child *c, int master, struct lc_err *err)
{
	return child_send_fd(c, LC_STEP_CONSOLE, LC_SYNC_CONSOLE, master, err);
}

int lc_sync_child_seccomp_fd(struct lc_sync_child *c, int listener, struct lc_err *err)
{
	return child_send_fd(c, LC_STEP_SECCOMP_FD, LC_SYNC_SECCOMP_FD, listener, err);
}

int lc_sync_child_check_done(const struct lc_sync_child *c, struct lc_err *err)
{
	unsigned int missing = c->steps & ~c->done;

	if (missing)
		return lc_err_setx(err, EPROTO, "sync: step %s was never taken",
				   lc_sync_step_name(lowest_bit(missing)));
	return 0;
}

int lc_sync_child_ready(struct lc_sync_child *c, struct lc_err *err)
{
	int r = lc_sync_child_check_done(c, err);

	return r < 0 ? r : send_or_fail(c->fd, LC_SYNC_READY, 0, err);
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

static void forward_explain(const char *line, void *userdata)
{
	(void)lc_sync_send(*(int *)userdata, LC_SYNC_EXPLAIN, 0, line);
}

void lc_sync_install_log_forwarder(int fd)
{
	static int sync_fd;
	enum lc_log_level max = LC_LOG_WARNING;

	sync_fd = fd;
	if (lc_log_enabled(LC_LOG_DEBUG))
		max = LC_LOG_DEBUG;
	lc_log_set_sink(forward_log, &sync_fd, max);
	if (lc_explain_on)
		lc_explain_set_sink(forward_explain, &sync_fd);
}
