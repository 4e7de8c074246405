/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Terminals (see terminal.h). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include "cleanup.h"
#include "sync.h"
#include "terminal.h"
#include "util.h"

int lc_terminal_setup(const struct spec_process *p, bool console_too, struct lc_err *err)
{
	_cleanup_close_ int master = -1, slave = -1, tree = -1, console = -1;
	char name[64];

	master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0)
		return lc_err_set(err, errno, "open /dev/ptmx (is devpts mounted at /dev/pts?)");
	if (unlockpt(master) < 0 || ptsname_r(master, name, sizeof(name)) != 0)
		return lc_err_set(err, errno, "set up the pty");
	slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (slave < 0)
		return lc_err_set(err, errno, "open '%s'", name);
	/* The process's user; the group stays the one devpts gives (gid=5, tty), as runc. */
	if (fchown(slave, p->user.uid, (gid_t)-1) < 0)
		return lc_err_set(err, errno, "chown '%s'", name);
	if (p->has_console_size) {
		struct winsize ws = {.ws_row = (unsigned short)p->console_height,
				     .ws_col = (unsigned short)p->console_width};

		if (ioctl(slave, TIOCSWINSZ, &ws) < 0)
			return lc_err_set(err, errno, "process.consoleSize");
	}
	/* /dev/console is the pty: bound over a file of ours, never followed elsewhere. */
	if (console_too)
		(void)unlink("/dev/console");
	console = !console_too ? -1
			       : open("/dev/console",
				      O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0000);
	if (console >= 0) {
		tree = open_tree(slave, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH);
		if (tree < 0 || move_mount(tree, "", console, "",
					   MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
			return lc_err_set(err, errno, "bind the pty to /dev/console");
	}
	if (setsid() < 0 || ioctl(slave, TIOCSCTTY, 0) < 0)
		return lc_err_set(err, errno, "make the pty the controlling terminal");
	for (int fd = 0; fd < 3; fd++)
		if (dup2(slave, fd) < 0)
			return lc_err_set(err, errno, "dup2 the pty");
	return TAKE_FD(master);
}

int lc_terminal_send(const char *socket_path, int master, struct lc_err *err)
{
	static const char name[] = "/dev/ptmx";

	return lc_send_fd_to_socket(socket_path, "--console-socket", name, sizeof(name) - 1, master,
				    err);
}

static bool copy_once(int from, int to)
{
	char buf[8192];
	ssize_t n = read(from, buf, sizeof(buf));

	if (n <= 0)
		return false;
	return lc_write_all(to, buf, (size_t)n) == 0;
}

void lc_terminal_proxy(int master, int pidfd, int sfd, int (*on_signal)(int sig, void *),
		       void *userdata)
{
	struct termios saved, raw;
	bool is_tty = tcgetattr(0, &saved) == 0;
	struct pollfd p[4] = {
		{.fd = pidfd, .events = POLLIN},
		{.fd = master, .events = POLLIN},
		{.fd = 0, .events = POLLIN},
		{.fd = sfd, .events = POLLIN},
	};
	struct winsize ws;

	if (is_tty) {
		raw = saved;
		cfmakeraw(&raw);
		(void)tcsetattr(0, TCSANOW, &raw);
		if (ioctl(0, TIOCGWINSZ, &ws) == 0 && ws.ws_row && ws.ws_col)
			(void)ioctl(master, TIOCSWINSZ, &ws);
	}
	for (;;) {
		if (poll(p, sfd >= 0 ? 4 : 3, -1) < 0 && errno != EINTR)
			break;
		if (p[1].revents & POLLIN)
			(void)copy_once(master, 1);
		if (p[2].revents & (POLLIN | POLLHUP)) {
			if (!copy_once(0, master))
				p[2].fd = -1; /* stdin closed: stop reading it */
		}
		if (sfd >= 0 && (p[3].revents & POLLIN)) {
			struct signalfd_siginfo ssi;

			if (read(sfd, &ssi, sizeof(ssi)) == sizeof(ssi)) {
				if (ssi.ssi_signo == SIGWINCH && ioctl(0, TIOCGWINSZ, &ws) == 0 &&
				    ws.ws_row && ws.ws_col)
					(void)ioctl(master, TIOCSWINSZ, &ws);
				else if (ssi.ssi_signo != SIGCHLD && on_signal)
					on_signal((int)ssi.ssi_signo, userdata);
			}
		}
		if (p[0].revents & POLLIN) {
			/* Drain what the process wrote last. */
			p[1].revents = 0;
			while (poll(&p[1], 1, 0) > 0 && (p[1].revents & POLLIN) &&
			       copy_once(master, 1))
				;
			break;
		}
		if (p[1].revents & (POLLHUP | POLLERR) && !(p[1].revents & POLLIN))
			p[1].fd = -1;
	}
	if (is_tty)
		(void)tcsetattr(0, TCSANOW, &saved);
}
