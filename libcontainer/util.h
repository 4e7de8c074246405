/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Small helpers used everywhere (leaf header): aborting allocators, whole-file I/O
 * relative to directory fds, strict number parsing.
 */
#ifndef RUNH_UTIL_H
#define RUNH_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Print "out of memory" and abort: what the x* allocators do on failure. */
__attribute__((noreturn)) void lc_oom(void);
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Whether s is one of the n strings of v. */
bool lc_strv_contains(const char *const *v, size_t n, const char *s);

/* Read fd to EOF into a NUL-terminated buffer; -EFBIG past max bytes. */
int lc_read_all(int fd, size_t max, char **ret_buf, size_t *ret_len);
int lc_write_all(int fd, const void *buf, size_t len);

/* Read dfd/name (no symlinks followed) into a NUL-terminated buffer of at most max bytes. */
int lc_read_file_at(int dfd, const char *name, size_t max, char **ret_buf, size_t *ret_len,
		    struct lc_err *err);
/* Write dfd/name atomically (temp file + rename), mode applied before any data lands. */
int lc_write_file_at(int dfd, const char *name, const char *data, size_t len, mode_t mode,
		     struct lc_err *err);
/* Write an existing file (procfs, cgroupfs, sysctl) in one write(2). */
int lc_write_existing_at(int dfd, const char *name, const char *data, struct lc_err *err);

/* Strict decimal parsing: whole string, no sign surprises, range checked. 0 or -EINVAL/-ERANGE. */
int lc_parse_u64(const char *s, uint64_t *ret);
int lc_parse_i64(const char *s, int64_t *ret);

/* Close every fd but 0-2, those in keep, and 3..3+n_preserved-1 (close_range over the gaps). */
void lc_close_fds_except(const int *keep, size_t n_keep, int n_preserved);

/* Connect to the unix stream socket at path and send payload with fd attached (SCM_RIGHTS):
 * how --console-socket and seccomp agents receive their fds.  what names the path in
 * errors ("--console-socket"). */
int lc_send_fd_to_socket(const char *path, const char *what, const void *payload, size_t len,
			 int fd, struct lc_err *err);

/* The pid file, written whole or not at all (containerd reads it right away); a symlink at
 * path is replaced, never followed. */
int lc_write_pid_file(const char *path, pid_t pid, struct lc_err *err);

/* Monotonic milliseconds, for bounded waits. */
int64_t lc_now_ms(void);

/* In place: mountinfo's \ooo escapes (blanks, tabs, newlines, backslashes) undone. */
void lc_unescape_octal(char *s);

#endif
