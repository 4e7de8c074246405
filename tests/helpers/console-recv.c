/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Test helper: the receiving end of --console-socket.  Listens on SOCKET, takes one pty
 * master by SCM_RIGHTS, writes INPUT (if given) to it, and copies what the container
 * writes to stdout until the pty closes or 10 seconds pass.
 *   usage: console-recv SOCKET [INPUT]
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	char buf[4096], cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = {.iov_base = buf, .iov_len = sizeof(buf)};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			    .msg_controllen = sizeof(cbuf)};
	struct cmsghdr *c;
	int srv, conn, master = -1;

	if (argc < 2 || strlen(argv[1]) >= sizeof(sa.sun_path))
		return 2;
	strcpy(sa.sun_path, argv[1]);
	srv = socket(AF_UNIX, SOCK_STREAM, 0);
	unlink(argv[1]);
	if (bind(srv, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(srv, 1) < 0)
		return 1;
	alarm(20);
	conn = accept(srv, NULL, NULL);
	if (conn < 0 || recvmsg(conn, &mh, 0) < 0)
		return 1;
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
		if (c->cmsg_type == SCM_RIGHTS)
			memcpy(&master, CMSG_DATA(c), sizeof(int));
	if (master < 0)
		return 1;
	printf("got-pty\n");
	fflush(stdout);
	if (argc > 2)
		(void)!write(master, argv[2], strlen(argv[2]));
	for (;;) {
		struct pollfd p = {.fd = master, .events = POLLIN};
		ssize_t n;

		if (poll(&p, 1, 10000) <= 0)
			break;
		n = read(master, buf, sizeof(buf));
		if (n <= 0)
			break;
		fwrite(buf, 1, (size_t)n, stdout);
		fflush(stdout);
	}
	return 0;
}
