/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Scope-bound cleanup (leaf header).  Every owned resource is declared with one of
 * these and an empty initialiser; ownership leaves a scope only through TAKE_PTR/TAKE_FD.
 */
#ifndef RUNH_CLEANUP_H
#define RUNH_CLEANUP_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

#define _cleanup_(f) __attribute__((cleanup(f)))

static inline void lc_freep(void *p)
{
	free(*(void **)p);
}

static inline void lc_closep(int *fd)
{
	if (*fd >= 0) {
		int saved = errno;
		(void)close(*fd);
		errno = saved;
	}
}

static inline void lc_fclosep(FILE **f)
{
	if (*f)
		(void)fclose(*f);
}

/* A NULL-terminated string vector. */
static inline void lc_strv_free(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}

static inline void lc_strv_freep(char ***v)
{
	lc_strv_free(*v);
}

#define _cleanup_free_ _cleanup_(lc_freep)
#define _cleanup_close_ _cleanup_(lc_closep)
#define _cleanup_fclose_ _cleanup_(lc_fclosep)
#define _cleanup_strv_ _cleanup_(lc_strv_freep)

#define TAKE_PTR(p)                       \
	({                                \
		__typeof__(p) _tp_ = (p); \
		(p) = NULL;               \
		_tp_;                     \
	})

#define TAKE_FD(fd)              \
	({                       \
		int _tf_ = (fd); \
		(fd) = -1;       \
		_tf_;            \
	})

/* A child pid whose guard (lc_child) would otherwise kill and reap it. */
#define TAKE_PID(pid)                 \
	({                            \
		pid_t _tpid_ = (pid); \
		(pid) = 0;            \
		_tpid_;               \
	})

#endif
