/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The error object: a fixed buffer filled once where a failure is seen,
 * wrapped with context on the way up, printed once by runtime/.  No heap, so
 * it works in the container's init after clone and fits in a sync message.
 */
#ifndef RUNH_ERROR_H
#define RUNH_ERROR_H

#define LC_ERR_MSG_MAX 1024

struct lc_err {
	int code;		  /* positive errno; 0 = no error */
	char msg[LC_ERR_MSG_MAX]; /* "outer: inner: strerror" */
};

/* Fill err; lc_err_set appends ": strerror(code)", lc_err_setx does not. Both return -code. */
int lc_err_set(struct lc_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int lc_err_setx(struct lc_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Prepend "context: " to err->msg; returns -err->code. */
int lc_err_wrap(struct lc_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
