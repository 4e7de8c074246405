/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Test helper: a seccomp notify agent.  Listens on a unix socket, accepts one runtime
 * connection, writes the JSON it received to OUT, then answers every notification: the
 * blocked syscall "succeeds" (returns 0) without being run.  Exits when the container's
 * filter goes away (its last process exited) or after 30 seconds.
 *   usage: seccomp-listener SOCKET OUT
 */
#include <errno.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

static int recv_state(int conn, const char *out)
{
	char buf[65536], cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = {.iov_base = buf, .iov_len = sizeof(buf) - 1};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			    .msg_controllen = sizeof(cbuf)};
	struct cmsghdr *c;
	ssize_t n = recvmsg(conn, &mh, 0);
	int fd = -1;
	FILE *f;

	if (n <= 0)
		return -1;
	buf[n] = '\0';
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
		if (c->cmsg_type == SCM_RIGHTS)
			memcpy(&fd, CMSG_DATA(c), sizeof(int));
	f = fopen(out, "w");
	if (f) {
		fputs(buf, f);
		fclose(f);
	}
	return fd;
}

int main(int argc, char **argv)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	struct seccomp_notif_sizes sizes;
	int srv, conn, nfd;

	if (argc != 3 || strlen(argv[1]) >= sizeof(sa.sun_path))
		return 2;
	strcpy(sa.sun_path, argv[1]);
	srv = socket(AF_UNIX, SOCK_STREAM, 0);
	unlink(argv[1]);
	if (bind(srv, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(srv, 1) < 0)
		return 1;
	alarm(30);
	conn = accept(srv, NULL, NULL);
	nfd = recv_state(conn, argv[2]);
	if (nfd < 0 || syscall(__NR_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) < 0)
		return 1;
	for (;;) {
		struct seccomp_notif *req = calloc(1, sizes.seccomp_notif);
		struct seccomp_notif_resp *resp = calloc(1, sizes.seccomp_notif_resp);
		struct pollfd p = {.fd = nfd, .events = POLLIN};

		if (poll(&p, 1, -1) < 0 || (p.revents & POLLHUP))
			return 0;
		if (ioctl(nfd, SECCOMP_IOCTL_NOTIF_RECV, req) < 0)
			return errno == ENOENT ? 0 : 1;
		resp->id = req->id;
		resp->val = 0;
		resp->error = 0;
		(void)ioctl(nfd, SECCOMP_IOCTL_NOTIF_SEND, resp);
		free(req);
		free(resp);
	}
}
