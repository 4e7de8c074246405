/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The error object (see error.h).  Used by every module on both sides of the clone. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"

static int err_vset(struct lc_err *err, int code, int with_errno, const char *fmt, va_list ap)
{
	size_t n;

	if (code <= 0)
		code = EINVAL;
	err->code = code;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	n = strlen(err->msg);
	if (with_errno && n < sizeof(err->msg))
		snprintf(err->msg + n, sizeof(err->msg) - n, ": %s", strerror(code));
	return -code;
}

int lc_err_set(struct lc_err *err, int code, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = err_vset(err, code, 1, fmt, ap);
	va_end(ap);
	return r;
}

int lc_err_setx(struct lc_err *err, int code, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = err_vset(err, code, 0, fmt, ap);
	va_end(ap);
	return r;
}

int lc_err_wrap(struct lc_err *err, const char *fmt, ...)
{
	char ctx[LC_ERR_MSG_MAX];
	size_t n, old;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ctx, sizeof(ctx), fmt, ap);
	va_end(ap);
	/* "ctx: old", truncated at the end when it does not fit. */
	n = strlen(ctx);
	if (n > sizeof(err->msg) - 3)
		n = sizeof(err->msg) - 3;
	old = strnlen(err->msg, sizeof(err->msg) - 1);
	if (n + 2 + old > sizeof(err->msg) - 1)
		old = sizeof(err->msg) - 1 - n - 2;
	memmove(err->msg + n + 2, err->msg, old);
	memcpy(err->msg, ctx, n);
	err->msg[n] = ':';
	err->msg[n + 1] = ' ';
	err->msg[n + 2 + old] = '\0';
	if (err->code <= 0)
		err->code = EINVAL;
	return -err->code;
}
