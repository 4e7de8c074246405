/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer targets for spec/'s JSON entry points (`make fuzz`, `make check-fuzz`).
 * Each checks, besides what ASan/UBSan/LSan see, the error contract of spec/: a refusal
 * returns -errno, leaves the output NULL and fills the message, which names the file.
 */
#ifndef RUNH_FUZZ_H
#define RUNH_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../libcontainer/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_ASSERT(cond, ...)                                                          \
	do {                                                                            \
		if (!(cond)) {                                                          \
			fprintf(stderr, "fuzz oracle: %s: ", #cond);                    \
			fprintf(stderr, __VA_ARGS__);                                   \
			fputc('\n', stderr);                                            \
			abort();                                                        \
		}                                                                       \
	} while (0)

/* r from a spec_parse_* call that was given fname; out is its output pointer. */
static inline void fuzz_check_result(int r, const void *out, const struct lc_err *err,
				     const char *fname)
{
	if (r == 0) {
		FUZZ_ASSERT(out != NULL, "accepted without a result");
		return;
	}
	FUZZ_ASSERT(r < 0 && err->code == -r, "r=%d code=%d", r, err->code);
	FUZZ_ASSERT(out == NULL, "refused but returned a result");
	FUZZ_ASSERT(strncmp(err->msg, fname, strlen(fname)) == 0, "message '%s'", err->msg);
	FUZZ_ASSERT(strlen(err->msg) > strlen(fname) + 2, "message '%s'", err->msg);
}

#endif
