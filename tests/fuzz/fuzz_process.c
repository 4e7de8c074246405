/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The process JSON of `exec --process FILE`. */
#include "../../spec/spec.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct spec_process *p = NULL;
	struct lc_err err = {0};
	int r;

	r = spec_parse_process((const char *)data, size, "process.json", &p, &err);
	fuzz_check_result(r, p, &err, "process.json");
	if (r == 0)
		FUZZ_ASSERT(p->n_args > 0 && p->args[0], "accepted without args");
	spec_process_free(p);
	return 0;
}
